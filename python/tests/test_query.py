"""Queries on the built-in corpus: rows as dicts with the right values and types, parameters,
compiled SQL."""

import json
import os
import shutil
import subprocess
import threading

import pytest

import htxq
from goldcheck import ROOT, check_clusters, fold, load


def test_builtin_rows_match_the_seed_gold(engine):
    check_clusters(engine, load("tests/gold/seeds.json"))


def test_a_row_is_a_dict_in_the_query_column_order(engine):
    rows = engine.query("clusters where year = 2023 show year, name, htx_total, htx_members / htx_total as ratio")
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == ["year", "name", "htx_total", "ratio"]
    assert row["name"] == "Tây Bắc"
    # whole numbers are int, not 4169.0
    assert type(row["year"]) is int and type(row["htx_total"]) is int
    assert row["htx_total"] == 4169


def test_values_have_python_types(engine):
    rows = engine.query("clusters show name, htx_total, workers, provinces, province_count sort name")
    totals = [r["htx_total"] for r in rows]
    assert all(type(t) is int for t in totals)
    # an average is a float, and the one SQLite computed is the one Python computes from the rows
    [avg] = engine.query("clusters show avg(htx_total) as a")
    assert type(avg["a"]) is float
    assert avg["a"] == pytest.approx(sum(totals) / len(totals))
    # a figure no article states is None
    assert any(r["workers"] is None for r in rows)
    assert any(type(r["workers"]) is int for r in rows)
    # a list field is a list of names, one per province (or None, as in JSON, when no article
    # names the members)
    lists = [r for r in rows if r["provinces"] is not None]
    assert len(lists) >= 4
    for r in lists:
        assert isinstance(r["provinces"], list)
        assert all(isinstance(p, str) and p == p.strip() and p for p in r["provinces"])
        assert len(r["provinces"]) == r["province_count"]


def _cli():
    """The `htxq` binary `cargo test` or `cargo build` left, if any (HTXQ_BIN names another)."""
    if os.environ.get("HTXQ_BIN"):
        return os.environ["HTXQ_BIN"]
    for profile in ("debug", "release"):
        path = ROOT / "target" / profile / "htxq"
        if path.is_file():
            return str(path)
    return shutil.which("htxq")


@pytest.mark.parametrize(
    "query",
    [
        "clusters",
        "provinces where year = 2023",
        "clusters show name, year, htx_members / htx_total as ratio, avg(income_avg) per year as mean",
        "facts where key = \"htx_total\" show cluster, year, value, low, high, qualifier",
    ],
)
def test_rows_are_what_the_json_output_gives(engine, query):
    """Lists, numbers, NULLs: `query` gives exactly the objects `htxq --format json` prints."""
    cli = _cli()
    if cli is None:
        pytest.skip("no htxq binary: run `cargo build` (CI runs `cargo test` first)")
    out = subprocess.run([cli, "--format", "json", "-c", query], capture_output=True, check=True, text=True)
    assert engine.query(query) == json.loads(out.stdout)


def test_keyword_arguments_bind_parameters(engine):
    literal = engine.query('clusters where year = 2023 and name ~ "tay bac" show name, htx_total')
    assert literal == [{"name": "Tây Bắc", "htx_total": 4169}]
    bound = engine.query("clusters where year = $y and name ~ $n show name, htx_total", y=2023, n="tay bac")
    assert bound == literal
    # a float, and a parameter called `text` (the query's own argument is positional-only)
    over = engine.query("clusters where htx_total > $x show name sort name", x=4168.5)
    assert fold(over[0]["name"]) in {fold(r["name"]) for r in engine.query("clusters where htx_total >= 4169 show name")}
    assert engine.query("clusters where name = $text show year", text="Tây Bắc") == [{"year": 2023}]


def test_a_parameter_is_data_never_query_text(engine):
    sneaky = 'x" or name ~ "'
    assert engine.query("clusters where name = $n show name", n=sneaky) == []
    compiled = engine.compile("clusters where name = $n show name", n=sneaky)
    assert sneaky not in compiled["sql"]
    assert compiled["params"] == [sneaky]


def test_parameters_of_other_types_are_refused(engine):
    query = "clusters where year = $y show name"
    with pytest.raises(TypeError, match="bool"):
        engine.query(query, y=True)
    with pytest.raises(TypeError, match="NoneType"):
        engine.query(query, y=None)
    with pytest.raises(OverflowError, match="`y`"):
        engine.query(query, y=2**70)
    with pytest.raises(ValueError, match="finite"):
        engine.query(query, y=float("nan"))


def test_compile_gives_sql_and_bound_parameters(engine):
    compiled = engine.compile("clusters where year = $y and name ~ \"tay bac\" show name, htx_total", y=2023)
    assert set(compiled) == {"sql", "params", "columns"}
    assert compiled["sql"].startswith("SELECT")
    assert "?1" in compiled["sql"] and "?2" in compiled["sql"]
    assert "2023" not in compiled["sql"] and "tay bac" not in compiled["sql"]
    assert compiled["params"] == [2023, "tay bac"]
    assert compiled["columns"] == ["name", "htx_total"]
    # the module-level compile needs no database and gives the same
    assert htxq.compile("clusters where year = $y and name ~ \"tay bac\" show name, htx_total", y=2023) == compiled


def test_explain_and_catalog_listings_are_rows(engine):
    rows = engine.query("explain clusters where year = 2023 show name")
    assert rows[0]["item"] == "sql" and rows[0]["value"].startswith("SELECT")
    assert rows[1] == {"item": "?1", "value": "2023"}
    entities = [r["entity"] for r in engine.query("entities")]
    assert "clusters" in entities and "provinces" in entities
    fields = [r["field"] for r in engine.query("fields clusters")]
    assert "htx_total" in fields


def test_one_engine_serves_several_threads(engine):
    expected = {year: engine.query("clusters where year = $y show htx_total", y=year) for year in (2011, 2022, 2023)}
    failures = []

    def ask(year):
        for _ in range(20):
            if engine.query("clusters where year = $y show htx_total", y=year) != expected[year]:
                failures.append(year)

    threads = [threading.Thread(target=ask, args=(year,)) for year in expected for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_repr_names_the_source(engine, corpus_db):
    assert repr(engine) == "<htxq.Engine built-in corpus>"
    db, _ = corpus_db
    assert str(db) in repr(htxq.Engine.open(db))
