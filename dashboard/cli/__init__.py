"""The command line: `python -m dashboard` and `news-map` (check, export, index, add, places,
sources).

May import: every layer but `dashboard.page`.
"""
