"""Reading text: articles and their passages, name matching, dates, the sources registry and
who said each sentence (attribution).

May import: `dashboard.base`.
"""
