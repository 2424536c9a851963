//! Syntax: query text → AST ([`ast`]), with [`parser`] on `nom`, and the rule that splits a script
//! into statements ([`split`]).
//!
//! Architecture invariant: nothing here knows the catalog or SQLite; names are checked later, in
//! [`crate::semantic`].

pub mod ast;
pub mod parser;

use std::ops::Range;

pub use parser::{is_unfinished, parse};

/// Words that, at the start of a line, continue the query above (SPEC §3).
pub const CONTINUATION_WORDS: &[&str] = &["where", "show", "by", "having", "sort", "limit", "and", "or"];

/// Whether a line (its text) continues the query above it because of its first word.
pub fn continues(line: &str) -> bool {
    let first: String =
        line.trim_start().chars().take_while(|c| parser::is_ident_char(*c)).collect::<String>().to_ascii_lowercase();
    CONTINUATION_WORDS.contains(&first.as_str())
        || line.trim_start().starts_with([',', ')', '=', '<', '>', '~', '+', '*', '/', '!'])
}

/// Whether text holds nothing but white space and comments.
pub fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    })
}

/// Splits a script into the byte ranges of its statements.
///
/// A statement ends at `;` (outside strings and comments), or at the end of a line when the
/// statement so far is complete and the next non-blank line does not continue it — it does when
/// it begins with a clause keyword (`where`, `show`, `by`, `sort`, `limit`, `and`, `or`), or when
/// the line before is unfinished (open parenthesis or quote, trailing operator, comma or keyword).
/// Statements holding only comments are dropped. One pass: the lexical state is carried forward,
/// and the next non-blank line is known in advance.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        lines.push(at..at + line.len());
        at += line.len() + 1;
    }
    // for each line, the next line with content
    let mut next_content: Vec<Option<usize>> = vec![None; lines.len()];
    let mut next = None;
    for i in (0..lines.len()).rev() {
        next_content[i] = next;
        if !is_blank(&text[lines[i].clone()]) {
            next = Some(i);
        }
    }
    let mut out = Vec::new();
    let push = |r: Range<usize>, out: &mut Vec<Range<usize>>| {
        let s = &text[r.clone()];
        if !is_blank(s) {
            let lead = s.len() - s.trim_start().len();
            out.push(r.start + lead..r.start + s.trim_end().len());
        }
    };
    let mut start = 0;
    let mut state = parser::LexState::default();
    for (i, line) in lines.iter().enumerate() {
        for (off, c) in text[line.clone()].char_indices() {
            if c == ';' && !state.in_string() && !state.in_comment() {
                push(start..line.start + off, &mut out);
                start = line.start + off + 1;
                state = parser::LexState::default();
            } else {
                state.feed_char(c);
            }
        }
        state.feed_char('\n');
        if state.has_content && !state.unfinished() {
            let continued = next_content[i].is_some_and(|n| continues(&text[lines[n].clone()]));
            if !continued {
                push(start..line.end.min(text.len()), &mut out);
                start = (line.end + 1).min(text.len());
                state = parser::LexState::default();
            }
        }
    }
    push(start.min(text.len())..text.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Vec<&str> {
        split(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn queries_span_lines_by_the_spec_rule() {
        let script = "clusters\n  where year >= 2022 and name ~ \"tay\"\n  show name, year, htx_total\n  sort year\nfacts limit 1\n";
        assert_eq!(
            parts(script),
            vec![
                "clusters\n  where year >= 2022 and name ~ \"tay\"\n  show name, year, htx_total\n  sort year",
                "facts limit 1"
            ]
        );
    }

    #[test]
    fn semicolons_strings_and_comments() {
        assert_eq!(parts("clusters; facts"), vec!["clusters", "facts"]);
        assert_eq!(parts("clusters where name ~ \"a;b\" # c;d\n"), vec!["clusters where name ~ \"a;b\" # c;d"]);
        assert_eq!(parts("# only a comment\n\n"), Vec::<&str>::new());
        assert_eq!(parts("clusters where\nyear = 1\n\nfacts"), vec!["clusters where\nyear = 1", "facts"]);
    }
}
