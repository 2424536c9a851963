#!/usr/bin/env bash
# Scores every gold set with the project's scorer (tools/eval_extraction.py) and fails when a set
# falls below its floor: a score it must reach and a number of wrong values it must not exceed;
# and checks every fact against the gold (tools/fact_check.py): none may contradict it.
# Floors only rise: raise one when a fix lands. Run from the repository root after a build;
# HTXQ_BIN picks the binary (default target/debug/htxq, which `cargo test` builds).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${HTXQ_BIN:-${CARGO_TARGET_DIR:-target}/debug/htxq}"
[ -x "$bin" ] || cargo build --quiet --bin htxq
failed=0
# gold file                           articles                 min score  max wrong
while read -r gold articles min wrong; do
  [ -z "$gold" ] || [ "${gold:0:1}" = "#" ] && continue
  if ! out=$(python3 tools/eval_extraction.py --bin "$bin" --min "$min" --max-wrong "$wrong" --gold "$gold" "$articles"); then
    failed=1
    printf '%s\n' "$out" | tail -n 30
    echo "FAILED: $gold (floor: score $min, at most $wrong wrong)"
  else
    echo "$gold: $(printf '%s\n' "$out" | tail -n 1)"
  fi
  # a wrong fact can hide behind a right merged value: every fact is checked against the gold too
  if ! facts=$(python3 tools/fact_check.py --bin "$bin" --gold "$gold" "$articles"); then
    failed=1
    printf '%s\n' "$facts" | tail -n 30
    echo "FAILED: $gold (facts that contradict the gold)"
  else
    echo "$gold: $(printf '%s\n' "$facts" | tail -n 1)"
  fi
done <<'SETS'
tests/gold/seeds.json                 data/articles            1.0        0
tests/fixtures/corpus_gold.json       tests/fixtures/corpus    1.0        0
tests/fixtures/heldout_gold.json      tests/fixtures/heldout   1.0        0
tests/fixtures/blind2_gold.json       tests/fixtures/blind2    1.0        0
tests/fixtures/blind3_gold.json       tests/fixtures/blind3    1.0        0
tests/fixtures/blind4_gold.json       tests/fixtures/blind4    1.0        0
tests/fixtures/blind5_gold.json       tests/fixtures/blind5    0.995      0
tests/fixtures/blind6_gold.json       tests/fixtures/blind6    0.988      0
tests/fixtures/blind7_gold.json       tests/fixtures/blind7    0.997      0
tests/fixtures/blind8_gold.json       tests/fixtures/blind8    0.944      0
tests/fixtures/blind9_gold.json       tests/fixtures/blind9    0.896      0
tests/fixtures/blind10_gold.json      tests/fixtures/blind10   0.992      0
tests/fixtures/phrasebook_gold.json   tests/fixtures/phrasebook 0.983     0
SETS
exit $failed
