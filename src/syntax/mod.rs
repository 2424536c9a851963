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
pub const CONTINUATION_WORDS: &[&str] = &["where", "show", "by", "sort", "limit", "and", "or"];

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
/// Statements holding only comments are dropped.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut in_comment = false;
    let bytes = text.as_bytes();
    let push = |r: Range<usize>, out: &mut Vec<Range<usize>>| {
        let s = &text[r.clone()];
        if !is_blank(s) {
            let lead = s.len() - s.trim_start().len();
            out.push(r.start + lead..r.start + s.trim_end().len());
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if in_comment {
            if c == b'\n' {
                in_comment = false;
            } else {
                i += 1;
                continue;
            }
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'#' => in_comment = true,
            b';' => {
                push(start..i, &mut out);
                start = i + 1;
            }
            b'\n' => {
                let so_far = &text[start..i];
                if !is_blank(so_far) && !is_unfinished(so_far) {
                    // the next line with content decides
                    let next = text[i + 1..].split('\n').find(|l| !is_blank(l)).unwrap_or("");
                    if !continues(next) {
                        push(start..i, &mut out);
                        start = i + 1;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    push(start..text.len(), &mut out);
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
