"""The Parquet index of the analysis: its tables and columns, the rows read lazily from it,
and the engines that fill it (in this process, or on a Dask cluster).

May import: `dashboard.base`, `dashboard.text`, `dashboard.places`, `dashboard.corpus`.
"""
