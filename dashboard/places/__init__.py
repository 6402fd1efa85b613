"""Places: the hand gazetteer (places.yaml) and its mentions in a text, the world gazetteer and
its geoparser, place kinds, railways and routes, and online geocoding.

May import: `dashboard.base`, `dashboard.text`.
"""
