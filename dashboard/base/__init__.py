"""The floor every other layer stands on: data problems and the exception hierarchy, atomic
writes, settings from the environment, YAML with line numbers, the data files' schemas, the
languages, and the words counts are written with.

May import: nothing from `dashboard`.
"""
