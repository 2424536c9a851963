//! Help for interactive front ends: completion that knows where the cursor is, and a lenient
//! token classifier for syntax highlighting. Both work on half-typed input and never fail.
//!
//! Architecture invariant: nothing here touches a terminal; the REPL turns token kinds into colours.

use std::ops::Range;

use crate::catalog::{self, Entity};
use crate::semantic::{FUNCTIONS, relations};
use crate::syntax::ast::Aggregate;
use crate::syntax::lexer::{self, Clause, Keyword, TokenKind as Lexed};
use crate::text::fold;

/// What kind of text a token is, for highlighting: the lexer's token kinds
/// ([`lexer::TokenKind`]), with names told apart by what they name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A language keyword (`where`, `and`, ...).
    Keyword,
    /// An entity name.
    Entity,
    /// A field or other name.
    Name,
    /// A function name before its `(` (an aggregate or a scalar function).
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

/// Whether `name` is a function: an aggregate or one of the scalar [`FUNCTIONS`].
fn is_function(name: &str) -> bool {
    Aggregate::ALL.iter().any(|a| a.name().eq_ignore_ascii_case(name))
        || FUNCTIONS.iter().any(|(f, ..)| f.eq_ignore_ascii_case(name))
}

/// Splits `line` into classified byte ranges covering all of it. Never fails.
pub fn tokens(line: &str) -> Vec<(Range<usize>, TokenKind)> {
    let lexed: Vec<lexer::Token> = lexer::tokens(line).collect();
    let mut out = Vec::with_capacity(lexed.len());
    let mut first_word = true;
    for (i, t) in lexed.iter().enumerate() {
        let text = &line[t.span.clone()];
        let kind = match t.kind {
            Lexed::Whitespace | Lexed::Newline => TokenKind::Space,
            Lexed::Comment => TokenKind::Comment,
            Lexed::String { .. } => TokenKind::String,
            Lexed::Number => TokenKind::Number,
            Lexed::Keyword(k) => {
                first_word = k.is_verb();
                TokenKind::Keyword
            }
            Lexed::Ident => {
                let was_first = std::mem::replace(&mut first_word, false);
                let before_paren = || {
                    lexed[i + 1..]
                        .iter()
                        .find(|n| !matches!(n.kind, Lexed::Whitespace | Lexed::Newline))
                        .is_some_and(|n| &line[n.span.clone()] == "(")
                };
                if was_first && catalog::entity(text).is_some() {
                    TokenKind::Entity
                } else if is_function(text) && before_paren() {
                    TokenKind::Function
                } else {
                    TokenKind::Name
                }
            }
            Lexed::Param => TokenKind::Name,
            Lexed::Punct | Lexed::Error(_) => {
                if text == ";" {
                    first_word = true;
                }
                TokenKind::Punct
            }
        };
        out.push((t.span.clone(), kind));
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
/// last `;`. In the first word: entity names, and `explain` and `chart`, which an entity follows.
/// After `where`/`show`/`by`/`having`/`sort`: the fields of the entity being queried, and where
/// they fit functions (`round(`), aggregates
/// (`sum(`), related entities (`clusters.`, then that entity's fields) and keywords (`distinct`
/// after `show`, `per` after an aggregate's `)`, `having` once there is a `by`). Inside a string:
/// the `values` given (cluster and province names), matched folded, so `"tay` offers `"Tây Bắc"`.
pub fn complete(line: &str, pos: usize, values: &[String]) -> Completion {
    let pos = line.floor_char_boundary(pos);
    let before = &line[..pos];
    let lexed: Vec<lexer::Token> = lexer::tokens(before).collect();
    let stmt_start =
        lexed.iter().rev().find(|t| t.kind == Lexed::Punct && &before[t.span.clone()] == ";").map_or(0, |t| t.span.end);
    let stmt = &before[stmt_start..];
    // inside an open string?
    if let Some(t) = lexed.last().filter(|t| matches!(t.kind, Lexed::String { terminated: false, .. })) {
        let start = t.span.start;
        let typed = fold(&before[start + 1..]);
        let folded: Vec<(String, &String)> = values.iter().map(|v| (fold(v), v)).collect();
        let mut seen = std::collections::HashSet::new();
        let candidates: Vec<String> = folded
            .iter()
            .filter(|(f, _)| f.starts_with(&typed))
            .chain(folded.iter().filter(|(f, _)| !f.starts_with(&typed) && f.contains(&typed)))
            .filter(|(_, v)| seen.insert(v.as_str()))
            .map(|(_, v)| lexer::quote(v))
            .collect();
        return Completion { start, candidates };
    }
    let word_len = stmt.chars().rev().take_while(|c| lexer::is_ident_char(*c)).map(char::len_utf8).sum::<usize>();
    let start = pos - word_len;
    let typed = fold(&before[start..]);
    let head = &stmt[..stmt.len() - word_len];
    let words: Vec<(Lexed, &str)> = lexer::significant(head)
        .map(|t| (t.kind, &head[t.span]))
        .skip_while(|(k, _)| matches!(k, Lexed::Keyword(k) if k.is_verb()))
        .collect();
    let offer: Vec<String> = match words.first() {
        None => {
            let mut v: Vec<String> = catalog::ENTITIES.iter().map(|e| e.name.to_string()).collect();
            if head.trim_matches(lexer::is_space).is_empty() {
                v.extend(Keyword::ALL.iter().filter(|k| k.is_verb()).map(Keyword::to_string));
            }
            v
        }
        Some((_, entity)) => match catalog::entity(entity) {
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

/// Whether the tokens end with the `)` of an aggregate call (`sum(htx_total)`), which `per` may
/// follow.
fn ends_with_aggregate_call(words: &[(Lexed, &str)]) -> bool {
    let mut depth = 0usize;
    for (i, (kind, text)) in words.iter().enumerate().rev() {
        match (kind, *text) {
            (Lexed::Punct, ")") => depth += 1,
            (Lexed::Punct, "(") => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i > 0
                        && matches!(words[i - 1], (Lexed::Ident, name) if Aggregate::ALL.iter().any(|a| a.name().eq_ignore_ascii_case(name)));
                }
            }
            _ if depth == 0 => return false,
            _ => {}
        }
    }
    false
}

/// What fits after `words` (the significant tokens after the entity) in a query on `entity`.
fn in_query(entity: &Entity, words: &[(Lexed, &str)]) -> Vec<String> {
    let keyword = |w: &(Lexed, &str)| match w.0 {
        Lexed::Keyword(k) => Some(k),
        _ => None,
    };
    let fields = || entity.fields.iter().map(|f| f.name.to_string());
    // `clusters.`: the fields of the related entity
    if let [.., (Lexed::Ident, target), (Lexed::Punct, ".")] = words {
        return relations(entity)
            .find(|(e, _)| e.name.eq_ignore_ascii_case(target))
            .map(|(e, _)| e.fields.iter().map(|f| f.name.to_string()).collect())
            .unwrap_or_default();
    }
    // what an expression may start with; a function named as a field is offered as the field
    let functions =
        || FUNCTIONS.iter().filter(|(name, ..)| entity.field(name).is_none()).map(|(name, ..)| format!("{name}("));
    let aggregates = || Aggregate::ALL.iter().map(|a| format!("{}(", a.name()));
    let related = || relations(entity).map(|(e, _)| format!("{}.", e.name));
    let operand = || fields().chain(functions()).chain(related());
    let used = |c: Clause| words.iter().any(|w| keyword(w) == Some(c.keyword()));
    let clause = words.iter().rev().find_map(|w| keyword(w).and_then(Keyword::clause));
    let last = words.last().copied();
    let after_value = match last {
        Some((Lexed::Ident | Lexed::Number | Lexed::String { .. } | Lexed::Param, _) | (Lexed::Punct, ")")) => true,
        Some((Lexed::Keyword(k), _)) => k.may_end_query(),
        _ => false,
    };
    let unused_clauses = || {
        Clause::ALL
            .into_iter()
            .filter(|c| !used(*c) && (*c != Clause::Having || used(Clause::By)))
            .map(|c| c.to_string())
    };
    let words_of = |k: &[Keyword]| k.iter().map(Keyword::to_string).collect::<Vec<_>>();
    let per = || (after_value && ends_with_aggregate_call(words)).then(|| Keyword::Per.to_string());
    match last.and_then(|w| keyword(&w)) {
        Some(Keyword::Per) => return fields().collect(),
        Some(Keyword::Show) => return operand().chain(aggregates()).chain([Keyword::Distinct.to_string()]).collect(),
        _ => {}
    }
    // right after `count(`: `distinct` too
    if let [.., (Lexed::Ident, name), (Lexed::Punct, "(")] = words
        && Aggregate::ALL.iter().any(|a| a.name().eq_ignore_ascii_case(name))
    {
        return fields().chain(related()).chain([Keyword::Distinct.to_string()]).collect();
    }
    let conditions =
        || words_of(&[Keyword::And, Keyword::Or, Keyword::In, Keyword::Between, Keyword::Is, Keyword::Not]);
    match (clause, after_value) {
        (None, _) => unused_clauses().collect(),
        (Some(Clause::Where), false) => operand().chain([Keyword::Not.to_string()]).collect(),
        (Some(Clause::Having), false) => operand().chain(aggregates()).chain([Keyword::Not.to_string()]).collect(),
        (Some(Clause::Where | Clause::Having), true) => {
            conditions().into_iter().chain(per()).chain(unused_clauses()).collect()
        }
        (Some(Clause::Show), false) => operand().chain(aggregates()).collect(),
        (Some(Clause::Show), true) => {
            per().into_iter().chain([Keyword::As.to_string()]).chain(unused_clauses()).collect()
        }
        (Some(Clause::By), false) => fields().collect(),
        (Some(Clause::Sort), false) => operand().chain(aggregates()).collect(),
        (Some(Clause::Sort), true) => {
            per().into_iter().chain(words_of(&[Keyword::Asc, Keyword::Desc])).chain(unused_clauses()).collect()
        }
        (Some(Clause::Limit), true) => [Keyword::Per.to_string()].into_iter().chain(unused_clauses()).collect(),
        (Some(Clause::By), true) => unused_clauses().collect(),
        (Some(Clause::Limit), false) => Vec::new(),
    }
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
        assert_eq!(offered("cha"), vec!["chart"]);
        assert_eq!(offered("chart clu"), vec!["clusters"]);
        assert_eq!(offered("chart clusters show htx_t"), vec!["htx_total"]);
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
        // after `chart`, as after `explain`, the next word is the entity
        let toks = tokens("chart clusters show year");
        assert_eq!((toks[0].1, toks[2].1), (TokenKind::Keyword, TokenKind::Entity));
    }

    #[test]
    fn functions_relations_and_the_new_keywords() {
        // scalar functions as calls; one named as a field of the entity is offered as the field
        assert_eq!(offered("clusters show rou"), vec!["round("]);
        assert_eq!(offered("clusters where gro"), vec!["growth("]);
        assert_eq!(offered("facts show coal"), vec!["coalesce("]);
        for (name, ..) in FUNCTIONS {
            let line = format!("provinces show {name}");
            assert!(!offered(&line).is_empty(), "{line}");
        }
        // relations: the prefix, then the related entity's fields
        assert!(offered("provinces show clu").contains(&"clusters.".to_string()));
        assert_eq!(offered("provinces show name, clusters.htx_t"), vec!["htx_total"]);
        assert!(offered("facts where articles.").contains(&"title".to_string()));
        assert!(offered("clusters show clusters.").is_empty(), "no relation of an entity to itself");
        assert!(!offered("clusters show a").contains(&"articles.".to_string()));
        // `per` after an aggregate's `)`, not after a function's
        assert!(offered("provinces show sum(htx_total) ").contains(&"per".to_string()));
        assert_eq!(offered("provinces show sum(htx_total) pe"), vec!["per"]);
        assert!(!offered("provinces show round(htx_total) ").contains(&"per".to_string()));
        assert_eq!(offered("provinces show sum(htx_total) per clu"), vec!["cluster"]);
        assert!(offered("clusters sort year desc limit 1 ").contains(&"per".to_string()));
        // `distinct` right after `show` and inside an aggregate's parentheses
        assert_eq!(offered("clusters show dis"), vec!["distinct"]);
        assert_eq!(offered("provinces show count(dis"), vec!["distinct"]);
        assert!(!offered("clusters show name, dis").contains(&"distinct".to_string()));
        // `having` is a clause once there is a `by`
        assert!(!offered("provinces ").contains(&"having".to_string()));
        assert_eq!(offered("provinces by name hav"), vec!["having"]);
        assert!(offered("provinces by name having ").contains(&"count(".to_string()));
        assert_eq!(offered("provinces by name having count() > 1 an"), vec!["and"]);
        // after `is null` the condition goes on
        assert_eq!(offered("clusters where head is null o"), vec!["or"]);
    }

    #[test]
    fn highlighting_knows_scalar_functions_and_parameters() {
        let line = "clusters show round(htx_total, 1), year # c\nwhere year = $y";
        let toks = tokens(line);
        let kind_of = |word: &str| toks.iter().find(|(r, _)| &line[r.clone()] == word).map(|(_, k)| *k);
        assert_eq!(kind_of("round"), Some(TokenKind::Function));
        assert_eq!(kind_of("year"), Some(TokenKind::Name));
        assert_eq!(kind_of("where"), Some(TokenKind::Keyword));
        assert_eq!(kind_of("$y"), Some(TokenKind::Name));
        assert_eq!(toks.iter().map(|(r, _)| r.len()).sum::<usize>(), line.len());
    }
}
