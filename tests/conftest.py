import pytest

from dashboard.corpus import load_corpus


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()
