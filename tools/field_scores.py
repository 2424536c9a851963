#!/usr/bin/env python3
"""Precision and recall per field of what htxq extracts, against a gold file.

Usage: field_scores.py [--bin target/release/htxq] --gold GOLD.json ARTICLES...
       field_scores.py [--bin ...] --pair GOLD.json DIR [--pair GOLD.json DIR ...]   (summed)

Builds a database from ARTICLES, reads `clusters`, and for every field counts
  tp: extracted and equal to the gold value (the scorer's own comparison),
  fn: stated in the gold but missing or wrong,
  fp: extracted but wrong, or extracted where the gold states nothing
      (gold files list every figure their articles state, so anything else is spurious).
Rows are matched to gold entries as tools/eval_extraction.py matches them; rows that match no gold
entry count every non-empty field as a false positive. Only fields a gold file scores somewhere
count for it.
Prints a Markdown table: field, precision, recall, tp, fp, fn.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_extraction import check_field, fold  # noqa: E402

SKIP = {"name", "year"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/htxq")
    ap.add_argument("--gold")
    ap.add_argument("--pair", nargs=2, action="append", metavar=("GOLD", "ARTICLES"), default=[])
    ap.add_argument("articles", nargs="*")
    args = ap.parse_args()
    pairs = list(args.pair)
    if args.gold:
        pairs.append((args.gold, args.articles))
    stats = {}
    for gold_path, articles in pairs:
        score(args.bin, json.load(open(gold_path, encoding="utf-8")),
              articles if isinstance(articles, list) else [articles], stats)
    report(stats)


def score(binary, gold, articles, stats):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "f.db")
        subprocess.run([binary, "build", "--db", db, *articles], check=True, capture_output=True)
        out = subprocess.run([binary, "--db", db, "-c", "clusters", "--format", "json"], check=True,
                             capture_output=True, text=True).stdout
    rows = json.loads(out)

    def bump(field, key):
        stats.setdefault(field, {"tp": 0, "fp": 0, "fn": 0})[key] += 1

    # a gold file speaks only for the fields it uses; an extra value in a field it never scores is
    # not counted against the extractor
    scored = {f for g in gold["clusters"] for f in list(g["fields"]) + g.get("must_be_empty", [])}
    used = set()
    for g in gold["clusters"]:
        gname = fold(g["name"])
        match = [i for i, r in enumerate(rows) if r.get("year") == g["year"] and r.get("name")
                 and (gname in fold(r["name"]) or fold(r["name"]) in gname)]
        row = rows[match[0]] if len(match) == 1 else {}
        used.update(match[:1])
        for field, want in g["fields"].items():
            if field in SKIP:
                continue
            got = row.get(field)
            if check_field(got, want):
                bump(field, "tp")
            else:
                bump(field, "fn")
                if got not in (None, "", []):
                    bump(field, "fp")
        for field, got in row.items():
            if field in scored and field not in SKIP and field not in g["fields"] and got not in (None, "", []):
                bump(field, "fp")
    for i, r in enumerate(rows):
        if i not in used:
            for field, got in r.items():
                if field in scored and field not in SKIP and got not in (None, "", []):
                    bump(field, "fp")


def report(stats):
    print("| field | precision | recall | tp | fp | fn |")
    print("|---|---:|---:|---:|---:|---:|")
    total = {"tp": 0, "fp": 0, "fn": 0}
    for field in sorted(stats):
        s = stats[field]
        for k in total:
            total[k] += s[k]
        p = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
        r = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
        print(f"| {field} | {p:.2f} | {r:.2f} | {s['tp']} | {s['fp']} | {s['fn']} |")
    p = total["tp"] / (total["tp"] + total["fp"]) if total["tp"] + total["fp"] else 1.0
    r = total["tp"] / (total["tp"] + total["fn"]) if total["tp"] + total["fn"] else 1.0
    print(f"| **all** | {p:.2f} | {r:.2f} | {total['tp']} | {total['fp']} | {total['fn']} |")


if __name__ == "__main__":
    main()
