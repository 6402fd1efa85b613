"""The news-claims map: places, passages, sources and dates from news articles.

    >>> from dashboard.corpus.analysis import load_corpus
    >>> corpus = load_corpus()                       # the bundled data/ folder
    >>> [p.id for p in corpus.places_mentioned()][:3]
    ['russia', 'north-korea', 'pyongyang']
"""
