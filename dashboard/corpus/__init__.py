"""The corpus: the analysis of every article into passages with places, sources and dates,
the filters and the fast queries behind the page, exports, and the watch on the data files.

May import: `dashboard.base`, `dashboard.text`, `dashboard.places`.
"""
