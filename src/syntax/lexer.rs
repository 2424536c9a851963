//! The lexer: the one place that holds the language's lexical rules — which words are keywords
//! and which of them open clauses, what a name, a number, a string (and its two escapes), a
//! parameter, an operator and a comment are, and what counts as white space.
//!
//! ```text
//! token   = WHITESPACE | NEWLINE | COMMENT | KEYWORD | IDENT | NUMBER | STRING | PARAM | PUNCT | ERROR ;
//! COMMENT = "#" , { any character but a line end } ;
//! IDENT   = ident char , { ident char } ;            (* not starting with an ASCII digit, not a keyword *)
//! NUMBER  = digit , { digit } , [ "." , digit , { digit } ] ;
//! STRING  = '"' , { any character but '"' and '\' | '\"' | '\\' } , '"' ;
//! PARAM   = "$" , ident char , { ident char } ;      (* not "$" and a keyword *)
//! PUNCT   = "<=" | ">=" | "!=" | "<>" | "==" | one of "( ) , ; . * + - / = < > ~ !" ;
//! ```
//!
//! [`tokens`] is total: any text, however broken, is cut into tokens whose spans cover it exactly,
//! on character boundaries, in one linear pass; an unterminated string or a bad escape is a
//! [`TokenKind::String`] that says so, and a character the language has no use for is a
//! [`TokenKind::Error`]. Every consumer takes its rules from here: the nom parser (names,
//! keywords, numbers, strings, white space and comments), statement splitting and the
//! "unfinished query" rule ([`Progress`]), the REPL's highlighting and completion.

use std::fmt;
use std::ops::Range;

/// Declares the keywords once: the [`Keyword`] enum, its spellings and [`KEYWORDS`].
macro_rules! keywords {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// A reserved word: never a name. Matched ignoring ASCII case.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Keyword {
            $($(#[$doc])* $variant,)*
        }

        impl Keyword {
            /// Every keyword, in declaration order.
            pub const ALL: &'static [Keyword] = &[$(Keyword::$variant,)*];

            /// The keyword's canonical (lower-case) spelling.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Keyword::$variant => $text,)*
                }
            }

            /// The keyword spelled by `word` (a whole word), ignoring ASCII case.
            pub fn from_word(word: &str) -> Option<Keyword> {
                // every keyword is short ASCII: lower-case into a small buffer, then one match
                let bytes = word.as_bytes();
                let mut buf = [0u8; MAX_KEYWORD_LEN];
                if bytes.len() > MAX_KEYWORD_LEN {
                    return None;
                }
                for (b, w) in buf.iter_mut().zip(bytes) {
                    *b = w.to_ascii_lowercase();
                }
                match &buf[..bytes.len()] {
                    $(w if w == $text.as_bytes() => Some(Keyword::$variant),)*
                    _ => None,
                }
            }
        }

        /// Every keyword's spelling (what [`Keyword::as_str`] gives), in declaration order.
        pub const KEYWORDS: &[&str] = &[$($text,)*];
    };
}

/// The longest keyword, in bytes.
const MAX_KEYWORD_LEN: usize = 8;

keywords! {
    /// `where CONDITION`
    Where = "where",
    /// `show ITEMS`
    Show = "show",
    /// `by FIELDS`
    By = "by",
    /// `having CONDITION`
    Having = "having",
    /// `sort KEYS`
    Sort = "sort",
    /// `limit N`
    Limit = "limit",
    /// `a and b`
    And = "and",
    /// `a or b`
    Or = "or",
    /// `not a`, `not in`, `not between`, `is not null`
    Not = "not",
    /// `x in (a, b)`
    In = "in",
    /// `x between a and b`
    Between = "between",
    /// `x is null`
    Is = "is",
    /// `null`
    Null = "null",
    /// `expr as alias`
    As = "as",
    /// `sort x asc`
    Asc = "asc",
    /// `sort x desc`
    Desc = "desc",
    /// `explain QUERY`
    Explain = "explain",
    /// `chart QUERY`
    Chart = "chart",
    /// `sum(x) per f`, `limit 1 per f`
    Per = "per",
    /// `show distinct`, `count(distinct f)`
    Distinct = "distinct",
}

/// Words that open SQL statements: a query starting with one gets a pointer to the language.
/// They are not reserved (a field could be called `with`).
pub const SQL_OPENERS: &[&str] = &["select", "with", "insert", "update", "delete", "create", "drop"];

impl Keyword {
    /// The clause this keyword opens, if it opens one.
    pub const fn clause(self) -> Option<Clause> {
        match self {
            Keyword::Where => Some(Clause::Where),
            Keyword::Show => Some(Clause::Show),
            Keyword::By => Some(Clause::By),
            Keyword::Having => Some(Clause::Having),
            Keyword::Sort => Some(Clause::Sort),
            Keyword::Limit => Some(Clause::Limit),
            _ => None,
        }
    }

    /// Whether a query may end right after this keyword (`... is null`, `sort x desc`); after any
    /// other keyword it is unfinished.
    pub const fn may_end_query(self) -> bool {
        match self {
            Keyword::Null | Keyword::Asc | Keyword::Desc => true,
            Keyword::Where
            | Keyword::Show
            | Keyword::By
            | Keyword::Having
            | Keyword::Sort
            | Keyword::Limit
            | Keyword::And
            | Keyword::Or
            | Keyword::Not
            | Keyword::In
            | Keyword::Between
            | Keyword::Is
            | Keyword::As
            | Keyword::Explain
            | Keyword::Chart
            | Keyword::Per
            | Keyword::Distinct => false,
        }
    }

    /// Whether this keyword may open a statement before its query (`explain`, `chart`): what is
    /// done with the query's result.
    pub const fn is_verb(self) -> bool {
        matches!(self, Keyword::Explain | Keyword::Chart)
    }

    /// Whether a line starting with this keyword continues the query above it (SPEC §3): the
    /// clause keywords, `and` and `or`.
    pub const fn continues_query(self) -> bool {
        self.clause().is_some() || matches!(self, Keyword::And | Keyword::Or)
    }

    /// Whether `text` starts with this keyword as a whole word, ignoring ASCII case.
    pub fn starts(self, text: &str) -> bool {
        let kw = self.as_str();
        text.len() >= kw.len()
            && text.as_bytes()[..kw.len()].eq_ignore_ascii_case(kw.as_bytes())
            && !text[kw.len()..].starts_with(is_ident_char)
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A clause of a query, in canonical order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Clause {
    /// `where CONDITION`
    Where,
    /// `show [distinct] ITEMS`
    Show,
    /// `by FIELDS`
    By,
    /// `having CONDITION`
    Having,
    /// `sort KEYS`
    Sort,
    /// `limit N [per FIELDS]`
    Limit,
}

impl Clause {
    /// Every clause, in canonical order.
    pub const ALL: [Clause; 6] = [Clause::Where, Clause::Show, Clause::By, Clause::Having, Clause::Sort, Clause::Limit];

    /// The keyword that opens the clause.
    pub const fn keyword(self) -> Keyword {
        match self {
            Clause::Where => Keyword::Where,
            Clause::Show => Keyword::Show,
            Clause::By => Keyword::By,
            Clause::Having => Keyword::Having,
            Clause::Sort => Keyword::Sort,
            Clause::Limit => Keyword::Limit,
        }
    }

    /// The clause's keyword as text.
    pub const fn as_str(self) -> &'static str {
        self.keyword().as_str()
    }
}

impl From<Clause> for Keyword {
    fn from(c: Clause) -> Keyword {
        c.keyword()
    }
}

impl TryFrom<Keyword> for Clause {
    type Error = Keyword;
    fn try_from(k: Keyword) -> Result<Clause, Keyword> {
        k.clause().ok_or(k)
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Letters, digits, `_`, and combining marks (a name typed in NFD keeps its accents).
pub fn is_ident_char(c: char) -> bool {
    if c.is_ascii() {
        // most of a query is ASCII: no Unicode table lookups for it
        return c.is_ascii_alphanumeric() || c == '_';
    }
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// White space between tokens: what Unicode calls white space (a no-break space pasted from a web
/// page separates words too). Only `\n` ends a line.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The length in bytes of the word (identifier characters) that `text` starts with.
pub fn word_len(text: &str) -> usize {
    // ASCII letters, digits and `_` byte by byte; from the first other byte on, by characters
    let ascii = text.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    let rest = &text[ascii..];
    if rest.as_bytes().first().is_none_or(u8::is_ascii) {
        return ascii;
    }
    ascii + rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len())
}

/// The length in bytes of the ASCII digits `text` starts with.
pub fn digits_len(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// The length in bytes of the number `text` starts with (`digits [ "." digits ]`); 0 if none.
pub fn number_len(text: &str) -> usize {
    let whole = digits_len(text);
    if whole == 0 {
        return 0;
    }
    match text[whole..].strip_prefix('.') {
        Some(rest) if digits_len(rest) > 0 => whole + 1 + digits_len(rest),
        _ => whole,
    }
}

/// The length in bytes of the white space and `#` comments that `text` starts with.
pub fn trivia_len(text: &str) -> usize {
    // the common case: a token right here, or one ASCII space before it
    match text.as_bytes() {
        [b, ..] if b.is_ascii_graphic() && *b != b'#' => return 0,
        [b' ', b, ..] if b.is_ascii_graphic() && *b != b'#' => return 1,
        _ => {}
    }
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let t = rest.trim_start_matches(is_space);
        at += rest.len() - t.len();
        match t.strip_prefix('#') {
            Some(comment) => at += 1 + comment.find('\n').unwrap_or(comment.len()),
            None => return at,
        }
    }
}

/// The length in bytes of the punctuation or operator `text` starts with (the longest that
/// fits: `<=` rather than `<`); 0 if none.
pub fn punct_len(text: &str) -> usize {
    let b = text.as_bytes();
    match b {
        [b'<', b'=' | b'>', ..] | [b'>' | b'!' | b'=', b'=', ..] => 2,
        [b'(' | b')' | b',' | b';' | b'.' | b'*' | b'+' | b'-' | b'/' | b'=' | b'<' | b'>' | b'~' | b'!', ..] => 1,
        _ => 0,
    }
}

/// What [`string_literal`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLiteral {
    /// Bytes from the opening quote to the closing one, included (or to the end of the text).
    pub len: usize,
    /// Whether the closing quote is there.
    pub terminated: bool,
    /// The first character the literal may not hold, relative to the opening quote.
    pub fault: Option<StringFault>,
}

/// What a string literal may not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StringFault {
    /// A backslash that is not `\"` or `\\`, with the character it escapes (if any).
    BadEscape(Range<usize>),
    /// A NUL character.
    Nul(usize),
}

/// Scans the string literal at the start of `text` (which starts with `"`), pushing its value
/// onto `value` when given: the one place of the escape rule, `\"` and `\\` only, and of the
/// rule that a string holds no NUL. After a bad escape the backslash still takes the next
/// character with it, so `"a\q"` is one literal.
pub fn string_literal(text: &str, mut value: Option<&mut String>) -> StringLiteral {
    debug_assert!(text.starts_with('"'));
    let mut fault = None;
    let mut plain = 1; // start of the run of characters not yet pushed
    let mut chars = text.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                if let Some(v) = value.as_deref_mut() {
                    v.push_str(&text[plain..at]);
                }
                return StringLiteral { len: at + 1, terminated: true, fault };
            }
            '\\' => {
                if let Some(v) = value.as_deref_mut() {
                    v.push_str(&text[plain..at]);
                }
                let escaped = chars.next();
                let end = escaped.map_or(at + 1, |(e, c)| e + c.len_utf8());
                match escaped {
                    Some((_, e @ ('"' | '\\'))) => {
                        if let Some(v) = value.as_deref_mut() {
                            v.push(e);
                        }
                    }
                    _ => {
                        fault.get_or_insert(StringFault::BadEscape(at..end));
                    }
                }
                plain = end;
            }
            '\0' => {
                fault.get_or_insert(StringFault::Nul(at));
            }
            _ => {}
        }
    }
    if let Some(v) = value {
        v.push_str(&text[plain.min(text.len())..]);
    }
    StringLiteral { len: text.len(), terminated: false, fault }
}

/// A string literal holding `value`: the inverse of [`string_literal`], escaping `"` and `\`.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// What kind of text a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A reserved word.
    Keyword(Keyword),
    /// A name: a word that is not a keyword and does not start with an ASCII digit.
    Ident,
    /// `digits [ "." digits ]`.
    Number,
    /// A string literal, possibly without its closing quote or with a fault.
    String {
        /// Whether the closing quote is there.
        terminated: bool,
        /// Whether it has no [`StringFault`]: every backslash is `\"` or `\\`, and no NUL.
        valid: bool,
    },
    /// `$name`.
    Param,
    /// An operator or punctuation (see [`punct_len`]).
    Punct,
    /// `#` to the end of the line (the line end not included).
    Comment,
    /// White space without line ends.
    Whitespace,
    /// One `\n`.
    Newline,
    /// A character that starts no token (`@`, NUL, a lone `$`, ...).
    Error(char),
}

impl TokenKind {
    /// Whether the token is white space, a line end or a comment: nothing the parser sees.
    pub const fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Whitespace | TokenKind::Newline | TokenKind::Comment)
    }

    /// Whether the token is a value a query may end with (a name, a number, a string or a
    /// parameter; `)` is punctuation, see [`Progress`]).
    const fn is_operand(self) -> bool {
        matches!(self, TokenKind::Ident | TokenKind::Number | TokenKind::String { .. } | TokenKind::Param)
    }
}

/// A token: its kind and its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is (byte offsets, on character boundaries).
    pub span: Range<usize>,
}

/// The tokens of `text`, covering it exactly. Never fails, never panics; linear time.
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, at: 0, after_number: false }
}

/// The iterator [`tokens`] returns.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    at: usize,
    /// Whether the last token was a number: letters glued to it (`5where`) are the rest of its
    /// word, so they are a name, never a keyword.
    after_number: bool,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let start = self.at;
        let rest = &self.text[start..];
        let c = rest.chars().next()?;
        let (mut kind, len) = lex_one(rest, c);
        if self.after_number && matches!(kind, TokenKind::Keyword(_)) {
            kind = TokenKind::Ident;
        }
        self.after_number = kind == TokenKind::Number;
        self.at = start + len;
        Some(Token { kind, span: start..self.at })
    }
}

/// The first token of `rest` (which starts with `c`) and its length in bytes (at least one
/// character).
fn lex_one(rest: &str, c: char) -> (TokenKind, usize) {
    match c {
        '\n' => (TokenKind::Newline, 1),
        '#' => (TokenKind::Comment, rest.find('\n').unwrap_or(rest.len())),
        '"' => {
            let s = string_literal(rest, None);
            (TokenKind::String { terminated: s.terminated, valid: s.fault.is_none() }, s.len)
        }
        // `$where` is no parameter: `$` and a keyword
        '$' if rest[1..].starts_with(is_ident_char)
            && Keyword::from_word(&rest[1..1 + word_len(&rest[1..])]).is_none() =>
        {
            (TokenKind::Param, 1 + word_len(&rest[1..]))
        }
        '0'..='9' => (TokenKind::Number, number_len(rest)),
        c if is_ident_char(c) => {
            let len = word_len(rest);
            (Keyword::from_word(&rest[..len]).map_or(TokenKind::Ident, TokenKind::Keyword), len)
        }
        c if is_space(c) => {
            (TokenKind::Whitespace, rest.find(|c: char| c == '\n' || !is_space(c)).unwrap_or(rest.len()))
        }
        c => match punct_len(rest) {
            0 => (TokenKind::Error(c), c.len_utf8()),
            n => (TokenKind::Punct, n),
        },
    }
}

/// The significant tokens of `text` (no white space, line ends or comments).
pub fn significant(text: &str) -> impl Iterator<Item = Token> + '_ {
    tokens(text).filter(|t| !t.kind.is_trivia())
}

/// Whether a line starting with `token` (whose text is `text`) continues the query above it
/// (SPEC §3): a clause keyword, `and`, `or`, or an operator that needs a left operand.
pub fn continues_query(token: &Token, text: &str) -> bool {
    match token.kind {
        TokenKind::Keyword(k) => k.continues_query(),
        TokenKind::Punct => text[token.span.clone()].starts_with([',', ')', '=', '<', '>', '~', '+', '*', '/', '!']),
        _ => false,
    }
}

/// What the last token of a query leaves open, for [`Progress::unfinished`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// A name, number, string, parameter or `)`.
    Operand,
    /// A keyword.
    Keyword(Keyword),
    /// An operator that needs a right operand, or a comma.
    Operator,
    /// `*`: the whole row after `show` or `,`, a product after an operand.
    Star,
    /// Anything else (`;`, `.`, an error character).
    Other,
}

/// What a statement's text so far leaves open, fed token by token (so splitting a long script is
/// one pass): parenthesis depth, an open string, and the last two significant tokens.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    depth: i64,
    open_string: bool,
    /// Whether anything but white space and comments has been fed.
    pub has_content: bool,
    last: Option<Last>,
    before_last: Option<Last>,
}

impl Progress {
    /// The progress after all of `text`.
    pub fn of(text: &str) -> Progress {
        let mut p = Progress::default();
        for t in tokens(text) {
            p.feed(&t, text);
        }
        p
    }

    /// Feeds one token of `text`.
    pub fn feed(&mut self, token: &Token, text: &str) {
        let last = match token.kind {
            k if k.is_trivia() => return,
            TokenKind::String { terminated, .. } => {
                self.open_string = !terminated;
                Last::Operand
            }
            TokenKind::Keyword(k) => Last::Keyword(k),
            k if k.is_operand() => Last::Operand,
            TokenKind::Punct => match &text[token.span.clone()] {
                "(" => {
                    self.depth += 1;
                    Last::Other
                }
                ")" => {
                    self.depth -= 1;
                    Last::Operand
                }
                "*" => Last::Star,
                "." | ";" => Last::Other,
                _ => Last::Operator,
            },
            _ => Last::Other,
        };
        self.has_content = true;
        self.before_last = self.last.replace(last);
    }

    /// Whether the text fed so far is an unfinished query: an open parenthesis or string, or a
    /// trailing operator, comma or keyword (but `null`, `asc`, `desc`).
    pub fn unfinished(&self) -> bool {
        if self.open_string || self.depth > 0 {
            return true;
        }
        match self.last {
            // "show *" is the whole row; "a *" waits for its other operand
            Some(Last::Star) => self.before_last == Some(Last::Operand),
            Some(Last::Keyword(k)) => !k.may_end_query(),
            Some(Last::Operator) => true,
            Some(Last::Operand | Last::Other) | None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TokenKind as K;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text).map(|t| (t.kind, &text[t.span])).collect()
    }

    const S: TokenKind = K::String { terminated: true, valid: true };

    #[test]
    fn token_table() {
        let table: &[(&str, &[(TokenKind, &str)])] = &[
            ("", &[]),
            ("WHERE x", &[(K::Keyword(Keyword::Where), "WHERE"), (K::Whitespace, " "), (K::Ident, "x")]),
            ("wherever", &[(K::Ident, "wherever")]),
            ("tỉnh_2", &[(K::Ident, "tỉnh_2")]),
            ("2023abc", &[(K::Number, "2023"), (K::Ident, "abc")]),
            (
                "1.5where or",
                &[(K::Number, "1.5"), (K::Ident, "where"), (K::Whitespace, " "), (K::Keyword(Keyword::Or), "or")],
            ),
            ("$where", &[(K::Error('$'), "$"), (K::Keyword(Keyword::Where), "where")]),
            ("1.5 1.", &[(K::Number, "1.5"), (K::Whitespace, " "), (K::Number, "1"), (K::Punct, ".")]),
            (
                "a<=b<>c!=d==e",
                &[
                    (K::Ident, "a"),
                    (K::Punct, "<="),
                    (K::Ident, "b"),
                    (K::Punct, "<>"),
                    (K::Ident, "c"),
                    (K::Punct, "!="),
                    (K::Ident, "d"),
                    (K::Punct, "=="),
                    (K::Ident, "e"),
                ],
            ),
            ("\"a\\\"b\"", &[(S, "\"a\\\"b\"")]),
            ("\"a\\\\\"x", &[(S, "\"a\\\\\""), (K::Ident, "x")]),
            (
                "\"a\\qb\" x",
                &[(K::String { terminated: true, valid: false }, "\"a\\qb\""), (K::Whitespace, " "), (K::Ident, "x")],
            ),
            ("\"open\n;", &[(K::String { terminated: false, valid: true }, "\"open\n;")]),
            ("\"a\\", &[(K::String { terminated: false, valid: false }, "\"a\\")]),
            (
                "$year $ $1",
                &[
                    (K::Param, "$year"),
                    (K::Whitespace, " "),
                    (K::Error('$'), "$"),
                    (K::Whitespace, " "),
                    (K::Param, "$1"),
                ],
            ),
            (
                "x # a \"comment\nshow",
                &[
                    (K::Ident, "x"),
                    (K::Whitespace, " "),
                    (K::Comment, "# a \"comment"),
                    (K::Newline, "\n"),
                    (K::Keyword(Keyword::Show), "show"),
                ],
            ),
            (
                "a\0@\u{a0}b",
                &[
                    (K::Ident, "a"),
                    (K::Error('\0'), "\0"),
                    (K::Error('@'), "@"),
                    (K::Whitespace, "\u{a0}"),
                    (K::Ident, "b"),
                ],
            ),
            ("clusters.htx_total", &[(K::Ident, "clusters"), (K::Punct, "."), (K::Ident, "htx_total")]),
            (" \t\r\n", &[(K::Whitespace, " \t\r"), (K::Newline, "\n")]),
        ];
        for (text, want) in table {
            assert_eq!(kinds(text), *want, "{text:?}");
        }
    }

    const AWKWARD: &[&str] = &[
        "clusters where name ~ \"Tây Bắc\" and year >= 2022 # \"comment",
        "\"unterminated",
        "\"bad \\q escape\" and \"\\",
        "\0\0$$ $ $é \u{301}x \u{3000}",
        "Ho\u{300}a # é\n\"\u{1F600}\\\u{1F600}\"",
        "a;b;;\n\n;#\n#",
        "1.2.3..4 .5 9999999999999999999999999",
        "\\\\\"\\",
        "ǅ ß İ K \u{200b}\u{feff}",
    ];

    #[test]
    fn spans_cover_the_input_on_char_boundaries() {
        for text in AWKWARD {
            let mut at = 0;
            for t in tokens(text) {
                assert_eq!(t.span.start, at, "{text:?}");
                assert!(t.span.end > t.span.start, "{text:?}");
                assert!(text.is_char_boundary(t.span.end), "{text:?}");
                at = t.span.end;
            }
            assert_eq!(at, text.len(), "{text:?}");
        }
    }

    #[test]
    fn keywords_round_trip_and_ignore_ascii_case_only() {
        for k in Keyword::ALL {
            assert_eq!(Keyword::from_word(k.as_str()), Some(*k));
            assert_eq!(Keyword::from_word(&k.as_str().to_uppercase()), Some(*k));
            assert!(k.as_str().len() <= MAX_KEYWORD_LEN);
        }
        assert_eq!(KEYWORDS.len(), Keyword::ALL.len());
        assert_eq!(Keyword::from_word("İn"), None);
        assert_eq!(Keyword::from_word("wheres"), None);
        assert_eq!(Keyword::from_word(""), None);
        for c in Clause::ALL {
            assert_eq!(Keyword::from(c).clause(), Some(c));
            assert!(Keyword::from(c).continues_query());
        }
        let clauses = Keyword::ALL.iter().filter(|k| k.clause().is_some()).count();
        assert_eq!(clauses, Clause::ALL.len());
    }

    #[test]
    fn string_values_and_escapes() {
        let mut v = String::new();
        let s = string_literal("\"a\\\"b\\\\c\" rest", Some(&mut v));
        assert_eq!((v.as_str(), s.len, s.terminated, s.fault), ("a\"b\\c", 9, true, None));
        let s = string_literal("\"ab\\qc\\", None);
        assert_eq!((s.terminated, s.fault), (false, Some(StringFault::BadEscape(3..5))));
        let s = string_literal("\"x\\", None);
        assert_eq!((s.terminated, s.fault), (false, Some(StringFault::BadEscape(2..3))));
        let s = string_literal("\"\\é\"", None);
        assert_eq!((s.len, s.fault), (5, Some(StringFault::BadEscape(1..4))));
        let s = string_literal("\"a\0b\\q\"", None);
        assert_eq!((s.terminated, s.fault), (true, Some(StringFault::Nul(2))));
    }

    #[test]
    fn quote_is_the_inverse_of_the_string_rule() {
        for value in ["", "a\"b", "\\", "\\\"", "Tây \\ Bắc\"", "\0"] {
            let lit = quote(value);
            let mut back = String::new();
            let s = string_literal(&lit, Some(&mut back));
            assert_eq!((back.as_str(), s.len, s.terminated), (value, lit.len(), true), "{lit}");
        }
    }

    #[test]
    fn trivia_and_punctuation_lengths() {
        assert_eq!(trivia_len("  # a\n # b\n x"), "  # a\n # b\n ".len());
        assert_eq!(trivia_len("# only"), 6);
        assert_eq!(trivia_len("x"), 0);
        assert_eq!(punct_len("<=x"), 2);
        assert_eq!(punct_len("=<"), 1);
        assert_eq!(punct_len("@"), 0);
        assert_eq!(number_len("12.5.1"), 4);
        assert_eq!(number_len("12."), 2);
        assert_eq!(number_len("x"), 0);
    }

    #[test]
    fn progress_knows_unfinished_queries() {
        for (text, open) in [
            ("clusters where", true),
            ("clusters by name having", true),
            ("clusters show sum(htx_total) per", true),
            ("clusters show distinct", true),
            ("clusters where x is null", false),
            ("clusters sort year desc", false),
            ("clusters where a <=", true),
            ("clusters where a !", true),
            ("clusters show a.", false),
            ("clusters show a * ", true),
            ("clusters show 2 *", true),
            ("clusters show (a) *", true),
            ("clusters show null *", false),
            ("clusters where x = \"a\\\"", true),
            ("clusters where x = \"a\\\\\"", false),
            ("clusters where x = (1))", false),
            ("clusters where\0", false),
            ("", false),
        ] {
            assert_eq!(Progress::of(text).unfinished(), open, "{text:?}");
        }
    }
}
