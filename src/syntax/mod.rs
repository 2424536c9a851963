//! Syntax: query text → AST ([`ast`]), with [`parser`] on `nom`, and the rule that splits a script
//! into statements ([`split`]).
//!
//! Architecture invariant: nothing here knows the catalog or SQLite; names are checked later, in
//! [`crate::semantic`].

pub mod ast;
pub mod lexer;
pub mod parser;

use std::ops::Range;

use lexer::{Progress, TokenKind};
pub use parser::{is_unfinished, parse};

/// Whether a line (its text) continues the query above it because of its first token: a clause
/// keyword, `and`, `or` ([`lexer::Keyword::continues_query`]), or an operator that needs a left
/// operand.
pub fn continues(line: &str) -> bool {
    lexer::significant(line).next().is_some_and(|t| lexer::continues_query(&t, line))
}

/// Whether text holds nothing but white space and comments.
pub fn is_blank(text: &str) -> bool {
    lexer::tokens(text).all(|t| t.kind.is_trivia())
}

/// Splits a script into the byte ranges of its statements.
///
/// A statement ends at `;` (outside strings and comments), or at the end of a line when the
/// statement so far is complete and the next non-blank line does not continue it — it does when
/// it begins with a clause keyword (`where`, `show`, `by`, `having`, `sort`, `limit`, `and`, `or`),
/// or when the line before is unfinished (open parenthesis or quote, trailing operator, comma or
/// keyword). Statements holding only comments are dropped. One pass over the tokens: the
/// statement's [`Progress`] is carried forward, and the next token that is not white space or a
/// comment is known in advance.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let tokens: Vec<lexer::Token> = lexer::tokens(text).collect();
    // for each token, the index of the next significant token after it
    let mut next_significant: Vec<Option<usize>> = vec![None; tokens.len()];
    let mut next = None;
    for (i, t) in tokens.iter().enumerate().rev() {
        next_significant[i] = next;
        if !t.kind.is_trivia() {
            next = Some(i);
        }
    }
    let mut out = Vec::new();
    let push = |r: Range<usize>, has_content: bool, out: &mut Vec<Range<usize>>| {
        if has_content {
            let s = &text[r.clone()];
            let lead = s.len() - s.trim_start_matches(lexer::is_space).len();
            out.push(r.start + lead..r.start + s.trim_end_matches(lexer::is_space).len());
        }
    };
    let mut start = 0;
    let mut progress = Progress::default();
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            TokenKind::Punct if &text[t.span.clone()] == ";" => {
                push(start..t.span.start, progress.has_content, &mut out);
                start = t.span.end;
                progress = Progress::default();
            }
            TokenKind::Newline if progress.has_content && !progress.unfinished() => {
                let continued = next_significant[i].is_some_and(|n| lexer::continues_query(&tokens[n], text));
                if !continued {
                    push(start..t.span.start, true, &mut out);
                    start = t.span.end;
                    progress = Progress::default();
                }
            }
            _ => progress.feed(t, text),
        }
    }
    push(start..text.len(), progress.has_content, &mut out);
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
