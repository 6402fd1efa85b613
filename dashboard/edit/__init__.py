"""Changing the data files: importing an article (text, a file, a saved or fetched web page),
writing places.yaml and sources.yaml, and gazetteer upkeep (accept, geocode, verify).

May import: every layer below the page (`base`, `text`, `places`, `corpus`, `store`).
"""
