"""Errors: a query error carries its message, span and hints; other errors are htxq.Error."""

import pytest

import htxq


def test_a_typo_in_the_entity_points_at_it_and_suggests_the_name(engine):
    query = "clustrs where year = 2023"
    with pytest.raises(htxq.QueryError) as caught:
        engine.query(query)
    e = caught.value
    assert e.span == (0, 7)
    assert query[e.span[0] : e.span[1]] == "clustrs"
    assert "did you mean `clusters`?" in e.hints
    assert e.kind == "unknown_name"
    assert str(e) == e.message == "unknown entity `clustrs`"
    assert isinstance(e, htxq.Error) and isinstance(e, Exception)


def test_the_span_counts_characters_not_bytes(engine):
    # "Tây Bắc" is 7 characters and 11 bytes: the span must slice the Python string
    query = 'clusters where name ~ "Tây Bắc" show htx_totl'
    with pytest.raises(htxq.QueryError) as caught:
        engine.query(query)
    start, end = caught.value.span
    assert query[start:end] == "htx_totl"
    assert "did you mean `htx_total`?" in caught.value.hints


def test_a_syntax_error_points_at_the_end_of_an_unfinished_query(engine):
    query = "clusters where"
    with pytest.raises(htxq.QueryError) as caught:
        engine.query(query)
    assert caught.value.kind == "syntax"
    assert caught.value.span == (len(query), len(query))
    assert "unexpected end of query" in caught.value.message


def test_a_type_error_names_the_field(engine):
    with pytest.raises(htxq.QueryError) as caught:
        engine.query("clusters where year = $y show name", y="2023")
    assert caught.value.kind == "type"
    assert "`year`" in caught.value.message


def test_an_unbound_parameter_is_a_query_error_with_a_python_hint(engine):
    query = "clusters where year = $y show name"
    with pytest.raises(htxq.QueryError) as caught:
        engine.query(query, z=2023)
    e = caught.value
    assert e.message == "no value for `$y`"
    assert query[e.span[0] : e.span[1]] == "$y"
    assert "pass one as a keyword argument: y=VALUE" in e.hints
    assert "did you mean `$z`?" in e.hints
    assert not any("--param" in h for h in e.hints)


def test_compile_raises_the_same_error(engine):
    with pytest.raises(htxq.QueryError) as caught:
        htxq.compile("clustrs")
    assert caught.value.span == (0, 7)
    with pytest.raises(htxq.QueryError):
        engine.compile("clusters show nope")


def test_a_missing_database_is_an_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere.db"
    with pytest.raises(htxq.Error) as caught:
        htxq.Engine.open(missing)
    assert not isinstance(caught.value, htxq.QueryError)
    assert str(missing) in str(caught.value)
    assert "no such database" in str(caught.value)


def test_a_file_that_is_not_a_database_is_an_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database")
    with pytest.raises(htxq.Error, match="not an SQLite database"):
        htxq.Engine.open(path)
