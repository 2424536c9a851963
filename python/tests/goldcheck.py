"""Gold files (`tests/gold/seeds.json`, `tests/fixtures/*_gold.json`) read here, in Python, as the
expected values the package's rows are compared with: written by hand from the articles, not
from anything htxq printed."""

import json
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# the gold files compare names "without diacritics, case or the prefixes 'tỉnh', 'thành phố', 'TP.'"
_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp.")


def fold(name):
    """A name as the gold files compare it."""
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):].strip()
    return text


def load(relative):
    """One gold file, by its path from the repository root."""
    return json.loads((ROOT / relative).read_text(encoding="utf-8"))


def mismatches(row, gold):
    """What in `row` (a dict from `Engine.query`) differs from the gold cluster-year `gold`."""
    wrong = []
    for field, want in gold["fields"].items():
        got = row.get(field)
        if isinstance(want, dict):
            low, high = want["between"]
            ok = isinstance(got, (int, float)) and low <= got <= high
        elif isinstance(want, list):
            ok = isinstance(got, list) and sorted(map(fold, got)) == sorted(map(fold, want))
        elif isinstance(want, str):
            ok = isinstance(got, str) and fold(got) == fold(want)
        else:
            ok = got == want and type(got) is int
        if not ok:
            wrong.append(f"{field}: {got!r}, gold {want!r}")
    for field in gold.get("must_be_empty", []):
        if row.get(field) is not None:
            wrong.append(f"{field}: {row[field]!r}, gold empty")
    return wrong


def check_clusters(engine, gold):
    """Every gold cluster-year is one row of `engine`, found with bound parameters, with the gold
    values; and there are as many rows as the gold file says."""
    assert len(engine.query("clusters")) == gold["cluster_rows"]
    for cluster in gold["clusters"]:
        rows = engine.query("clusters where name = $name and year = $year", name=cluster["name"], year=cluster["year"])
        assert len(rows) == 1, (cluster["name"], cluster["year"], rows)
        assert mismatches(rows[0], cluster) == [], (cluster["name"], cluster["year"])
