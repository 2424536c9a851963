//! Help for interactive front ends: completion that knows where the cursor is, and a lenient
//! token classifier for syntax highlighting. Both work on half-typed input and never fail.
//!
//! Architecture invariant: nothing here touches a terminal; the REPL turns token kinds into colours.

use crate::catalog::{self, Entity};
use crate::syntax::ast::Aggregate;
use crate::syntax::parser::{CLAUSES, KEYWORDS, is_ident_char};
use crate::text::fold;

/// What kind of text a token is, for highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A language keyword (`where`, `and`, ...).
    Keyword,
    /// An entity name.
    Entity,
    /// A field or other name.
    Name,
    /// An aggregate function name.
    Function,
    /// A number.
    Number,
    /// A string literal (possibly unterminated).
    String,
    /// A `#` comment.
    Comment,
    /// Operators and punctuation.
    Punct,
    /// White space.
    Space,
}

/// Splits `line` into classified byte ranges covering all of it. Never fails.
pub fn tokens(line: &str) -> Vec<(std::ops::Range<usize>, TokenKind)> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    let mut first_word = true;
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        let kind = if c.is_whitespace() {
            while let Some(&(i, n)) = chars.peek() {
                if !n.is_whitespace() {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            TokenKind::Space
        } else if c == '#' {
            // to the end of its line (a multi-line buffer goes on after it)
            while let Some(&(i, n)) = chars.peek() {
                if n == '\n' {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            TokenKind::Comment
        } else if c == '"' {
            let mut escaped = false;
            for (i, n) in chars.by_ref() {
                end = i + n.len_utf8();
                if escaped {
                    escaped = false;
                } else if n == '\\' {
                    escaped = true;
                } else if n == '"' {
                    break;
                }
            }
            TokenKind::String
        } else if c.is_ascii_digit() {
            while let Some(&(i, n)) = chars.peek() {
                if !(n.is_ascii_digit() || n == '.') {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            TokenKind::Number
        } else if is_ident_char(c) {
            while let Some(&(i, n)) = chars.peek() {
                if !is_ident_char(n) {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            let word = line[start..end].to_ascii_lowercase();
            let was_first = std::mem::replace(&mut first_word, false);
            if KEYWORDS.contains(&word.as_str()) {
                first_word = word == "explain";
                TokenKind::Keyword
            } else if was_first && catalog::entity(&word).is_some() {
                TokenKind::Entity
            } else if Aggregate::ALL.iter().any(|a| a.name() == word) && line[end..].trim_start().starts_with('(') {
                TokenKind::Function
            } else {
                TokenKind::Name
            }
        } else {
            if c == ';' {
                first_word = true;
            }
            TokenKind::Punct
        };
        out.push((start..end, kind));
    }
    out
}

/// What completing at the cursor offers: replace `line[start..pos]` with one of `candidates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Where the word being completed starts.
    pub start: usize,
    /// What may replace it, best first.
    pub candidates: Vec<String>,
}

/// Completes the word before `pos` in `line`, the current statement being everything after the
/// last `;`. In the first word: entity names. After `where`/`show`/`by`/`sort`: the fields of the
/// entity being queried (and, where they fit, aggregates and keywords). Inside a string: the
/// `values` given (cluster and province names), matched folded, so `"tay` offers `"Tây Bắc"`.
pub fn complete(line: &str, pos: usize, values: &[String]) -> Completion {
    let pos = line.floor_char_boundary(pos);
    let before = &line[..pos];
    let stmt_start = last_statement_start(before);
    let stmt = &before[stmt_start..];
    // inside an open string?
    if let Some(q) = open_quote(stmt) {
        let start = stmt_start + q;
        let typed = fold(&stmt[q + 1..]);
        let folded: Vec<(String, &String)> = values.iter().map(|v| (fold(v), v)).collect();
        let mut seen = std::collections::HashSet::new();
        let candidates: Vec<String> = folded
            .iter()
            .filter(|(f, _)| f.starts_with(&typed))
            .chain(folded.iter().filter(|(f, _)| !f.starts_with(&typed) && f.contains(&typed)))
            .filter(|(_, v)| seen.insert(v.as_str()))
            .map(|(_, v)| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect();
        return Completion { start, candidates };
    }
    let word_len = stmt.chars().rev().take_while(|c| is_ident_char(*c)).map(char::len_utf8).sum::<usize>();
    let start = pos - word_len;
    let typed = fold(&before[start..]);
    let words: Vec<String> = crate::complete::tokens(&stmt[..stmt.len() - word_len])
        .into_iter()
        .filter(|(_, k)| !matches!(k, TokenKind::Space | TokenKind::Comment))
        .map(|(r, _)| stmt[r].to_ascii_lowercase())
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).skip_while(|w| *w == "explain").collect();
    let offer: Vec<String> = match words.first() {
        None => {
            let mut v: Vec<String> = catalog::ENTITIES.iter().map(|e| e.name.to_string()).collect();
            if stmt[..stmt.len() - word_len].trim().is_empty() {
                v.push("explain".into());
            }
            v
        }
        Some(entity) => match catalog::entity(entity) {
            Some(e) => in_query(e, &words[1..]),
            None => Vec::new(),
        },
    };
    let mut candidates: Vec<String> = offer.iter().filter(|c| fold(c).starts_with(&typed)).cloned().collect();
    if candidates.is_empty() && typed.len() >= 2 {
        candidates = offer.into_iter().filter(|c| fold(c).contains(&typed)).collect();
    }
    Completion { start, candidates }
}

/// What fits after `words` in a query on `entity`.
fn in_query(entity: &Entity, words: &[&str]) -> Vec<String> {
    let fields = || entity.fields.iter().map(|f| f.name.to_string());
    let clause = words.iter().rev().find(|w| CLAUSES.contains(w)).copied();
    let last = words.last().copied().unwrap_or("");
    let after_value = !last.is_empty()
        && !KEYWORDS.contains(&last)
        && !matches!(last, "," | "(" | "=" | "!=" | "<" | "<=" | ">" | ">=" | "~" | "+" | "-" | "*" | "/" | "<>");
    let unused_clauses = || CLAUSES.iter().filter(|c| !words.contains(c)).map(|c| c.to_string());
    let aggregates = || Aggregate::ALL.iter().map(|a| format!("{}(", a.name()));
    match (clause, after_value) {
        (None, _) => unused_clauses().collect(),
        (Some("where"), false) => fields().chain(["not".to_string()]).collect(),
        (Some("where"), true) => {
            ["and", "or", "in", "between", "is", "not"].iter().map(|s| s.to_string()).chain(unused_clauses()).collect()
        }
        (Some("show"), false) => fields().chain(aggregates()).collect(),
        (Some("show"), true) => ["as".to_string()].into_iter().chain(unused_clauses()).collect(),
        (Some("by"), false) => fields().collect(),
        (Some("sort"), false) => fields().collect(),
        (Some("sort"), true) => ["asc", "desc"].iter().map(|s| s.to_string()).chain(unused_clauses()).collect(),
        (Some(_), true) => unused_clauses().collect(),
        (Some(_), false) => Vec::new(),
    }
}

/// Byte offset after the last `;` outside strings and comments.
fn last_statement_start(text: &str) -> usize {
    let mut start = 0;
    for (r, k) in tokens(text) {
        if k == TokenKind::Punct && &text[r.clone()] == ";" {
            start = r.end;
        }
    }
    start
}

/// Whether a string token (opening quote included) has its closing quote: `"T\\"` is closed,
/// `"T\"` is not.
fn string_closed(token: &str) -> bool {
    let mut escaped = false;
    for c in token.chars().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return true,
            _ => {}
        }
    }
    false
}

/// Offset of the quote opening an unterminated string, if the text ends inside one.
fn open_quote(text: &str) -> Option<usize> {
    let (r, k) = tokens(text).pop()?;
    (k == TokenKind::String && !string_closed(&text[r.clone()])).then_some(r.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered(line: &str) -> Vec<String> {
        complete(line, line.len(), &[]).candidates
    }

    #[test]
    fn entities_first_then_clauses_then_fields() {
        assert_eq!(offered("clu"), vec!["clusters"]);
        assert!(offered("").contains(&"explain".to_string()));
        assert_eq!(offered("clusters wh"), vec!["where"]);
        assert_eq!(offered("clusters where ye"), vec!["year"]);
        assert_eq!(offered("clusters where year = 2023 show htx_t"), vec!["htx_total"]);
        assert_eq!(offered("facts show sen"), vec!["sentence"]);
        assert!(offered("clusters show su").contains(&"sum(".to_string()));
        assert_eq!(offered("clusters sort year d"), vec!["desc"]);
        assert_eq!(offered("clusters where year = 2023 an"), vec!["and"]);
        assert_eq!(offered("clusters; art"), vec!["articles"]);
    }

    #[test]
    fn inside_quotes_offers_names_folded() {
        let names = vec!["Tây Bắc".to_string(), "Tây Nguyên".to_string(), "Lào Cai".to_string()];
        let line = "clusters where name ~ \"tay b";
        let c = complete(line, line.len(), &names);
        assert_eq!(c.start, line.find('"').unwrap());
        assert_eq!(c.candidates, vec!["\"Tây Bắc\""]);
    }

    #[test]
    fn comments_end_at_the_line_and_escaped_backslashes_close_strings() {
        assert_eq!(offered("clusters # a comment\nwhere ye"), vec!["year"]);
        let names = vec!["Tây Bắc".to_string()];
        let line = "clusters where name ~ \"T\\\\\" and ";
        assert!(complete(line, line.len(), &names).candidates.iter().all(|c| !c.starts_with('"')));
    }

    #[test]
    fn tokens_cover_the_line() {
        let line = "clusters where name ~ \"tây\" and sum(x) > 1 # c";
        let toks = tokens(line);
        assert_eq!(toks.iter().map(|(r, _)| r.len()).sum::<usize>(), line.len());
        assert_eq!(toks[0].1, TokenKind::Entity);
        assert_eq!(toks[2].1, TokenKind::Keyword);
        assert!(toks.iter().any(|(_, k)| *k == TokenKind::Function));
        assert_eq!(toks.last().unwrap().1, TokenKind::Comment);
    }
}
