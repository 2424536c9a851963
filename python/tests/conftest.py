"""Shared fixtures: the built-in engine, and a database built from the repository's fixture
articles into a temporary folder."""

import pytest

import htxq
from goldcheck import ROOT


@pytest.fixture(scope="session")
def engine():
    return htxq.Engine.builtin()


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory):
    """`tests/fixtures/corpus` built into a fresh database: its path and the build's report."""
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    report = htxq.build(db, [ROOT / "tests" / "fixtures" / "corpus"])
    return db, report
