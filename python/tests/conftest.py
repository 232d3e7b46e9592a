"""Fixtures of the Python tests: the package from this tree, invented articles."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
if "crosswire" not in sys.modules and os.environ.get("CROSSWIRE_TEST_INSTALLED") != "1":
    sys.path.insert(0, os.path.dirname(HERE))  # python/ (the package as it is in the tree)

import articles  # noqa: E402


@pytest.fixture(scope="session")
def small_corpus():
    return articles.corpus(120, seed=7)


@pytest.fixture()
def store(tmp_path):
    import crosswire
    with crosswire.Store(tmp_path / "t.db") as s:
        yield s
