"""`Engine.frame`: the rows as a pandas DataFrame."""

import sys

import pytest

import htxq


def test_a_frame_has_the_rows_and_columns_of_the_query(engine):
    pandas = pytest.importorskip("pandas")
    query = "clusters show name, year, htx_total, workers, provinces sort year"
    rows = engine.query(query)
    df = engine.frame(query)
    assert isinstance(df, pandas.DataFrame)
    assert df.shape == (len(rows), 5)
    assert list(df.columns) == ["name", "year", "htx_total", "workers", "provinces"]
    assert list(df["name"]) == [r["name"] for r in rows]
    assert list(df["year"]) == [r["year"] for r in rows]
    assert int(df["htx_total"].sum()) == sum(r["htx_total"] for r in rows)
    assert list(df["provinces"]) == [r["provinces"] for r in rows]
    # whole numbers with gaps stay whole numbers (pandas' nullable Int64), missing values are NA
    assert str(df["workers"].dtype) == "Int64"
    assert [None if pandas.isna(w) else int(w) for w in df["workers"]] == [r["workers"] for r in rows]


def test_a_frame_binds_parameters_and_keeps_columns_when_empty(engine):
    pytest.importorskip("pandas")
    df = engine.frame("clusters where year = $y show name, htx_total", y=2023)
    assert df.to_dict("records") == [{"name": "Tây Bắc", "htx_total": 4169}]
    empty = engine.frame("clusters where year = $y show name, htx_total", y=1900)
    assert empty.shape == (0, 2)
    assert list(empty.columns) == ["name", "htx_total"]


def test_without_pandas_frame_says_how_to_install_it(engine, monkeypatch):
    # a None entry in sys.modules makes `import pandas` fail, as if it were not installed
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        engine.frame("clusters")
    # the query side is untouched
    assert engine.query("clusters where year = 2023 show htx_total") == [{"htx_total": 4169}]
