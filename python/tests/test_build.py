"""`htxq.build`, then `Engine.open`, then queries, on the repository's fixture articles."""

import shutil

import pytest

import htxq
from goldcheck import ROOT, check_clusters, load

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}


def test_the_build_report_counts_the_articles(corpus_db):
    _, report = corpus_db
    files = [p for p in CORPUS.iterdir() if p.suffix in ARTICLE_SUFFIXES]
    assert report == {
        "added": len(files),
        "updated": 0,
        "unchanged": 0,
        "articles": len(files),
        "clusters": load("tests/fixtures/corpus_gold.json")["cluster_rows"],
        "skipped": [],
    }


def test_a_built_database_answers_with_the_gold_values(corpus_db):
    db, _ = corpus_db
    check_clusters(htxq.Engine.open(db), load("tests/fixtures/corpus_gold.json"))


def test_building_again_changes_nothing(corpus_db, tmp_path):
    db, first = corpus_db
    copy = tmp_path / "again.db"
    shutil.copy(db, copy)
    before = htxq.Engine.open(copy).query("clusters")
    # one folder given as a plain str, not a list
    again = htxq.build(str(copy), str(CORPUS))
    assert again["added"] == 0 and again["updated"] == 0
    assert again["unchanged"] == first["added"]
    assert htxq.Engine.open(copy).query("clusters") == before


def test_unreadable_files_are_skipped_by_name(tmp_path):
    bad = ROOT / "tests" / "fixtures" / "bad_inputs"
    article = ROOT / "data" / "articles" / sorted(p.name for p in (ROOT / "data" / "articles").iterdir())[0]
    report = htxq.build(tmp_path / "some.db", [bad, article])
    assert report["added"] == 1
    skipped = {s["file"].rsplit("/", 1)[-1]: s["reason"] for s in report["skipped"]}
    assert set(skipped) == {p.name for p in bad.iterdir()}
    assert "empty" in skipped["empty.txt"]
    assert "UTF-8" in skipped["windows1258.txt"]


def test_a_build_that_reads_nothing_is_an_error(tmp_path):
    with pytest.raises(htxq.Error) as caught:
        htxq.build(tmp_path / "none.db", [ROOT / "tests" / "fixtures" / "bad_inputs"])
    assert "no article could be read" in str(caught.value)
    assert "empty.txt" in str(caught.value)
    with pytest.raises(htxq.Error, match="no such file"):
        htxq.build(tmp_path / "none.db", [tmp_path / "missing"])


def test_paths_must_be_paths(tmp_path):
    with pytest.raises(TypeError, match="paths"):
        htxq.build(tmp_path / "x.db", 42)
