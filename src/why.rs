//! `htxq why`: what became of every number in an article, and the rule or reason that decided.
//!
//! The extractor records a [`Decision`] for each number it meets; this module lays them out as
//! rows (place, number, outcome, field, reason, rule) for any output format.

use crate::catalog::FieldType;
use crate::extract::{Decision, Outcome};
use crate::ingest::Document;
use crate::result::{Column, ResultSet, Value};

/// The decisions of one article as rows: `line`, `col` (1-based, in characters), `number`,
/// `became` (`fact`, `target`, `skipped`), `field`, `province`, `year` (a target's), `reason`,
/// `rule`.
pub fn rows(doc: &Document, decisions: &[Decision]) -> ResultSet {
    let text = |s: &str| Value::Text(s.to_string());
    let or_null = |v: Option<Value>| v.unwrap_or(Value::Null);
    let places = line_columns(&doc.text, decisions.iter().map(|d| d.start));
    let rows = decisions
        .iter()
        .zip(places)
        .map(|(d, (line, col))| {
            let (field, province, year, reason) = match &d.outcome {
                Outcome::Fact(key, province) => (Some(key.name()), province.as_deref(), None, None),
                Outcome::Target(key, year) => (Some(key.name()), None, Some(*year), None),
                Outcome::Skipped(reason) => (None, None, None, Some(reason.as_str())),
            };
            vec![
                Value::Integer(line as i64),
                Value::Integer(col as i64),
                text(&d.text),
                text(d.outcome.kind()),
                or_null(field.map(text)),
                or_null(province.map(text)),
                or_null(year.map(Value::Integer)),
                or_null(reason.map(text)),
                or_null(d.rule.map(|r| Value::Text(r.to_string()))),
            ]
        })
        .collect();
    let column = |name: &str, ty| Column { name: name.into(), ty: Some(ty) };
    ResultSet {
        disputed: Vec::new(),
        columns: vec![
            column("line", FieldType::Integer),
            column("col", FieldType::Integer),
            column("number", FieldType::Text),
            column("became", FieldType::Text),
            column("field", FieldType::Text),
            column("province", FieldType::Text),
            column("year", FieldType::Integer),
            column("reason", FieldType::Text),
            column("rule", FieldType::Text),
        ],
        rows,
    }
}

/// 1-based (line, column) of each character offset, the offsets given in increasing order.
fn line_columns(text: &str, offsets: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut line, mut col, mut at) = (1, 1, 0);
    let mut chars = text.chars();
    for target in offsets {
        while at < target {
            match chars.next() {
                Some('\n') => {
                    line += 1;
                    col = 1;
                }
                Some(_) => col += 1,
                None => break,
            }
            at += 1;
        }
        out.push((line, col));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_count_characters_and_lines() {
        assert_eq!(line_columns("ắ 1\nb 22", [2, 6].into_iter()), [(1, 3), (2, 3)]);
    }
}
