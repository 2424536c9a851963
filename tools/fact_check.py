#!/usr/bin/env python3
"""Counts the facts htxq keeps that contradict a gold file.

The scorer (tools/eval_extraction.py) checks the merged `clusters` and `provinces` rows. A wrong
fact can hide behind a right one there: when two facts of one cluster-year disagree, the merge
keeps the better ranked, and the other stays in `facts`, where a journalist reading "every value
with its sentence" finds it. This tool builds the articles, reads every fact of a cluster or of a
province, and compares it with the gold value of the same cluster, year, province and field:

- an exact fact must equal the gold value (a gold range must contain it);
- "more than" N must not exceed the gold value, "less than" N must not fall below it;
- "about" and "estimated" N must lie within 10% of it.

A fact whose field the gold does not state is not judged. Prints each contradiction with its
sentence and exits 1 when there are more than --max (default 0).

    python3 tools/fact_check.py --bin target/debug/htxq --gold tests/fixtures/blind3_gold.json tests/fixtures/blind3
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile


def gold_values(gold):
    """(cluster, year, province or None, field) -> gold value (a number or a (low, high) range)."""
    out = {}
    for c in gold["clusters"]:
        key = (c["name"], c["year"])
        for field, value in c.get("fields", {}).items():
            out[key + (None, field)] = value
        for p in c.get("provinces", []):
            for field, value in p.get("fields", {}).items():
                out[key + (p["name"], field)] = value
    return out


def consistent(fact, want):
    """Whether a fact (dict with low, high, qualifier) agrees with a gold value."""
    if isinstance(want, dict):
        if "between" not in want:
            return True
        lo, hi = want["between"]
    elif isinstance(want, (int, float)):
        lo = hi = want
    else:
        return True
    low, high, q = fact["low"], fact["high"], fact["qualifier"]
    if q == "more_than":
        return low <= hi
    if q == "less_than":
        return high >= lo
    if q in ("about", "estimated"):
        return low <= hi * 1.1 and high >= lo * 0.9
    return abs(low - lo) <= 0.5 and abs(high - hi) <= 0.5 or lo <= low <= high <= hi


def fold(name):
    import unicodedata

    s = unicodedata.normalize("NFD", name or "").replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    for prefix in ("tp. ", "tp.", "tp ", "thanh pho ", "tinh "):
        if s.startswith(prefix):
            s = s[len(prefix):]
    return s.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/debug/htxq")
    ap.add_argument("--gold", required=True)
    ap.add_argument("--max", type=int, default=0)
    ap.add_argument("articles", nargs="+")
    args = ap.parse_args()
    with open(args.gold, encoding="utf-8") as f:
        want = gold_values(json.load(f))
    by_folded = {(c, y, fold(p) if p else None, k): v for (c, y, p, k), v in want.items()}
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "facts.db")
        subprocess.run([args.bin, "build", "--db", db, *args.articles], check=True, capture_output=True)
        query = "facts show cluster, year, province, key, value, low, high, qualifier, sentence"
        out = subprocess.run([args.bin, "--db", db, "--format", "json", "-c", query], check=True, capture_output=True, text=True)
    facts = json.loads(out.stdout)
    wrong = 0
    for f in facts:
        key = (f["cluster"], f["year"], fold(f["province"]) if f["province"] else None, f["key"])
        if key not in by_folded or consistent(f, by_folded[key]):
            continue
        wrong += 1
        where = f["province"] or "cluster"
        print(f"  wrong fact: {f['cluster']} {f['year']} {where} {f['key']} = {f['value']} ({f['qualifier']}), "
              f"gold {by_folded[key]}: {f['sentence'][:160]}")
    print(f"facts: {len(facts)} read, {wrong} contradict the gold")
    sys.exit(1 if wrong > args.max else 0)


if __name__ == "__main__":
    main()
