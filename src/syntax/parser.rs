//! The parser: query text → [`Statement`], with `nom`.
//!
//! ```text
//! statement = [ "explain" | "chart" ] query ;
//! query     = IDENT { clause } ;                       (* each clause at most once *)
//! clause    = "where" expr | "show" item { "," item } | "by" IDENT { "," IDENT }
//!           | "sort" key { "," key } | "limit" INTEGER ;
//! item      = "*" | expr [ "as" IDENT ] ;
//! key       = expr [ "asc" | "desc" ] ;
//! expr      = and { "or" and } ;
//! and       = not { "and" not } ;
//! not       = "not" not | predicate ;
//! predicate = sum [ cmp sum | [ "not" ] "in" "(" expr { "," expr } ")"
//!                 | [ "not" ] "between" sum "and" sum | "is" [ "not" ] "null" ] ;
//! sum       = product { ( "+" | "-" ) product } ;
//! product   = unary { ( "*" | "/" ) unary } ;
//! unary     = "-" unary | atom ;
//! atom      = NUMBER | STRING | "null" | AGG "(" [ "*" | expr ] ")" | IDENT | "(" expr ")" ;
//! ```
//! The full grammar, with the lexical rules, is `grammar/htxq.ebnf`. The lexical rules themselves
//! (keywords, names, numbers, strings and their escapes, operators, white space and comments) are
//! not written here: every parser below takes them from [`super::lexer`].
//!
//! Once a keyword commits to a clause the parser `cut`s, so errors point at the place that went
//! wrong rather than at the start of the query. Nesting is limited to [`MAX_DEPTH`] levels, so no
//! input can exhaust the stack.
//!
//! Architecture invariant: `syntax` knows nothing of the catalog or SQLite.

use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::char;
use nom::combinator::{map, opt};
use nom::{IResult, Input as _, Parser};
use nom_locate::LocatedSpan;

use super::ast::*;
use super::lexer::{self, Clause, Keyword, is_ident_char};
pub use super::lexer::{KEYWORDS, SQL_OPENERS};
use crate::error::{QueryError, QueryErrorKind};

/// How deep an expression tree may be: nesting (parentheses, `not`, unary `-`) plus chained
/// operands (`a or b or c` is three deep).
pub const MAX_DEPTH: usize = 64;

type Input<'a> = LocatedSpan<&'a str>;
type PResult<'a, T> = IResult<Input<'a>, T, PError>;

/// The parser's error: the furthest place reached and what would have been accepted there.
#[derive(Debug, Clone, PartialEq)]
pub struct PError {
    at: usize,
    expected: Vec<&'static str>,
    message: Option<(String, usize, QueryErrorKind)>,
}

impl PError {
    fn failure(at: usize, len: usize, kind: QueryErrorKind, message: String) -> nom::Err<PError> {
        nom::Err::Failure(PError { at, expected: Vec::new(), message: Some((message, len, kind)) })
    }
}

impl<'a> nom::error::ParseError<Input<'a>> for PError {
    fn from_error_kind(input: Input<'a>, _: nom::error::ErrorKind) -> Self {
        PError { at: input.location_offset(), expected: Vec::new(), message: None }
    }
    fn append(_: Input<'a>, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
    fn or(self, other: Self) -> Self {
        match self.at.cmp(&other.at) {
            std::cmp::Ordering::Greater => self,
            std::cmp::Ordering::Less => other,
            std::cmp::Ordering::Equal => {
                let mut merged = other;
                if merged.message.is_none() {
                    merged.message = self.message;
                }
                for e in self.expected {
                    if !merged.expected.contains(&e) {
                        merged.expected.push(e);
                    }
                }
                merged
            }
        }
    }
}

impl<'a> nom::error::ContextError<Input<'a>> for PError {
    fn add_context(input: Input<'a>, ctx: &'static str, mut other: Self) -> Self {
        if other.at == input.location_offset() && other.message.is_none() && !other.expected.contains(&ctx) {
            other.expected.push(ctx);
        }
        other
    }
}

/// Labels what a parser accepts, for "expected ..." messages.
fn expect<'a, O>(
    label: &'static str,
    p: impl Parser<Input<'a>, Output = O, Error = PError>,
) -> impl Parser<Input<'a>, Output = O, Error = PError> {
    nom::error::context(label, p)
}

/// White space and `#` comments ([`lexer::trivia_len`]).
fn ws(i: Input) -> PResult<()> {
    let n = lexer::trivia_len(i.fragment());
    Ok((i.take_from(n), ()))
}

/// The text after white space and comments, without consuming it: a cheap look ahead that saves
/// a failed parse (and its error value) where the next token decides.
fn peek<'a>(i: &Input<'a>) -> &'a str {
    let s = *i.fragment();
    &s[lexer::trivia_len(s)..]
}

/// Whether the next word (after white space and comments) is `kw`, ignoring case.
fn next_word_is(i: &Input, kw: Keyword) -> bool {
    kw.starts(peek(i))
}

/// `p` after optional white space.
fn token<'a, O>(
    p: impl Parser<Input<'a>, Output = O, Error = PError>,
) -> impl Parser<Input<'a>, Output = O, Error = PError> {
    nom::sequence::preceded(ws, p)
}

/// The text a lexer rule measures at the start of the input (`len` gives its length in bytes;
/// none is an error).
fn lexeme<'a>(len: fn(&str) -> usize) -> impl Fn(Input<'a>) -> PResult<'a, Input<'a>> {
    move |i: Input<'a>| match len(i.fragment()) {
        0 => Err(nom::Err::Error(nom::error::ParseError::from_error_kind(i, nom::error::ErrorKind::TakeWhile1))),
        n => Ok(i.take_split(n)),
    }
}

/// A keyword, case-insensitive, as a whole word.
fn keyword<'a>(kw: Keyword) -> impl Parser<Input<'a>, Output = Span, Error = PError> {
    expect(
        kw.as_str(),
        token(move |i: Input<'a>| {
            if !kw.starts(i.fragment()) {
                return Err(nom::Err::Error(nom::error::ParseError::from_error_kind(i, nom::error::ErrorKind::Tag)));
            }
            let (rest, k) = i.take_split(kw.as_str().len());
            Ok((rest, span_of(&k)))
        }),
    )
}

fn span_of(s: &Input) -> Span {
    Span(s.location_offset()..s.location_offset() + s.fragment().len())
}

/// A punctuation token.
fn punct<'a>(p: &'static str) -> impl Parser<Input<'a>, Output = Span, Error = PError> {
    expect(p, token(move |i: Input<'a>| tag(p).parse(i).map(|(r, t)| (r, span_of(&t)))))
}

/// A name: a word ([`lexer::word_len`]), not starting with a digit, not a keyword.
fn ident(i: Input) -> PResult<Ident> {
    let (i, _) = ws(i)?;
    let start = i;
    let (rest, name) = expect("a name", lexeme(lexer::word_len)).parse(i)?;
    let word = name.fragment();
    if word.starts_with(|c: char| c.is_ascii_digit()) || Keyword::from_word(word).is_some() {
        let mut e: PError = nom::error::ParseError::from_error_kind(start, nom::error::ErrorKind::Tag);
        e.expected.push("a name");
        return Err(nom::Err::Error(e));
    }
    Ok((rest, Ident { name: word.to_string(), span: span_of(&name) }))
}

/// `NUMBER = digit { digit } [ "." digit { digit } ]`
fn number(i: Input) -> PResult<Expr> {
    let (i, _) = ws(i)?;
    let (rest, text) = expect("a number", lexeme(lexer::number_len)).parse(i)?;
    let span = span_of(&text);
    let t = text.fragment();
    if rest.fragment().starts_with(is_ident_char) {
        let c = next_char(rest.fragment());
        return Err(PError::failure(
            rest.location_offset(),
            c.len_utf8(),
            QueryErrorKind::Syntax,
            format!("unexpected `{c}` after the number {t}"),
        ));
    }
    let kind = if t.contains('.') {
        match t.parse::<f64>() {
            Ok(x) if x.is_finite() => ExprKind::Decimal(x),
            _ => {
                return Err(PError::failure(
                    span.0.start,
                    t.len(),
                    QueryErrorKind::Limit,
                    format!("the number {t} is too large"),
                ));
            }
        }
    } else {
        match t.parse() {
            Ok(n) => ExprKind::Integer(n),
            Err(_) => {
                return Err(PError::failure(
                    span.0.start,
                    t.len(),
                    QueryErrorKind::Limit,
                    format!("the number {t} is too large (at most {})", i64::MAX),
                ));
            }
        }
    };
    Ok((rest, Expr { kind, span }))
}

fn next_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

/// `STRING = '"' { any character but '"' and '\' | '\"' | '\\' } '"'`
fn string(i: Input) -> PResult<Expr> {
    let (i, _) = ws(i)?;
    let start = i.location_offset();
    let _ = expect("a string", char('"')).parse(i)?;
    let mut value = String::new();
    let lit = lexer::string_literal(i.fragment(), Some(&mut value));
    match lit.fault {
        Some(lexer::StringFault::BadEscape(r)) => {
            let shown = &i.fragment()[r.clone()];
            return Err(PError::failure(
                start + r.start,
                r.len(),
                QueryErrorKind::Syntax,
                format!("invalid escape `{shown}` in string; only `\\\"` and `\\\\` are escapes"),
            ));
        }
        Some(lexer::StringFault::Nul(at)) => {
            return Err(PError::failure(start + at, 1, QueryErrorKind::Syntax, "NUL character in string".into()));
        }
        None if !lit.terminated => {
            return Err(PError::failure(
                start,
                1,
                QueryErrorKind::Syntax,
                "unterminated string: no closing `\"`".into(),
            ));
        }
        None => {}
    }
    let (r, _) = i.take_split(lit.len);
    Ok((r, Expr { kind: ExprKind::String(value), span: Span(start..r.location_offset()) }))
}

/// One level deeper in the tree: each further operand of a chain (`a or b or c`) deepens the
/// tree by one, as nesting does, so the limit bounds every later recursion over the tree
/// (checking, printing, SQL generation, drop) as well as the parser's own.
fn deeper(depth: usize, at: &Span) -> Result<usize, nom::Err<PError>> {
    if depth >= MAX_DEPTH {
        return Err(too_deep(at.0.start));
    }
    Ok(depth + 1)
}

fn too_deep(at: usize) -> nom::Err<PError> {
    PError::failure(
        at,
        1,
        QueryErrorKind::Limit,
        format!("expression too deep: more than {MAX_DEPTH} levels of nesting or chained terms"),
    )
}

/// `expr = and { "or" and }`
fn expr(i: Input, depth: usize) -> PResult<Expr> {
    let (mut i, mut left) = and_expr(i, depth)?;
    let mut depth = depth;
    while next_word_is(&i, Keyword::Or)
        && let Ok((r, kw)) = keyword(Keyword::Or).parse(i)
    {
        depth = deeper(depth, &kw)?;
        let (r, right) = nom::combinator::cut(|i| and_expr(i, depth)).parse(r)?;
        left = binary(BinOp::Or, left, right);
        i = r;
    }
    Ok((i, left))
}

fn binary(op: BinOp, l: Expr, r: Expr) -> Expr {
    let span = Span(l.span.0.start..r.span.0.end);
    Expr { kind: ExprKind::Binary(op, Box::new(l), Box::new(r)), span }
}

/// `and = not { "and" not }`
fn and_expr(i: Input, depth: usize) -> PResult<Expr> {
    let (mut i, mut left) = not_expr(i, depth)?;
    let mut depth = depth;
    while next_word_is(&i, Keyword::And)
        && let Ok((r, kw)) = keyword(Keyword::And).parse(i)
    {
        depth = deeper(depth, &kw)?;
        let (r, right) = nom::combinator::cut(|i| not_expr(i, depth)).parse(r)?;
        left = binary(BinOp::And, left, right);
        i = r;
    }
    Ok((i, left))
}

/// `not = "not" not | predicate`
fn not_expr(i: Input, depth: usize) -> PResult<Expr> {
    if next_word_is(&i, Keyword::Not)
        && let Ok((r, kw)) = keyword(Keyword::Not).parse(i)
    {
        if depth >= MAX_DEPTH {
            return Err(too_deep(kw.0.start));
        }
        let (r, e) = nom::combinator::cut(|i| not_expr(i, depth + 1)).parse(r)?;
        let span = Span(kw.0.start..e.span.0.end);
        return Ok((r, Expr { kind: ExprKind::Not(Box::new(e)), span }));
    }
    predicate(i, depth)
}

/// A comparison operator: the operator token ([`lexer::punct_len`]) read as one.
fn cmp_token(i: Input) -> PResult<CmpOp> {
    let frag = *i.fragment();
    let len = lexer::punct_len(frag);
    let op = match &frag[..len] {
        "<=" => CmpOp::Le,
        ">=" => CmpOp::Ge,
        "!=" | "<>" => CmpOp::Ne,
        "==" | "=" => CmpOp::Eq,
        "<" => CmpOp::Lt,
        ">" => CmpOp::Gt,
        "~" => CmpOp::Contains,
        _ => return Err(nom::Err::Error(nom::error::ParseError::from_error_kind(i, nom::error::ErrorKind::Tag))),
    };
    Ok((i.take_from(len), op))
}

fn cmp_op(i: Input) -> PResult<CmpOp> {
    token(cmp_token).parse(i).map_err(|e| {
        e.map(|mut e: PError| {
            for l in ["=", "!=", "<", "<=", ">", ">=", "~"] {
                e.expected.push(l);
            }
            e
        })
    })
}

/// `predicate = sum [ cmp sum | ["not"] "in" (...) | ["not"] "between" sum "and" sum | "is" ["not"] "null" ]`
fn predicate(i: Input, depth: usize) -> PResult<Expr> {
    let (i, left) = sum(i, depth)?;
    let start = left.span.0.start;
    if peek(&i).starts_with(['=', '!', '<', '>', '~'])
        && let Ok((r, op)) = cmp_op(i)
    {
        let (r, right) = nom::combinator::cut(|i| sum(i, depth)).parse(r)?;
        let span = Span(start..right.span.0.end);
        return Ok((r, Expr { kind: ExprKind::Compare(op, Box::new(left), Box::new(right)), span }));
    }
    // every other form starts with `not`, `in`, `between` or `is`: most operands are followed by
    // none of them, and one look at the next letter saves five keyword tests
    if !peek(&i).starts_with(['n', 'N', 'i', 'I', 'b', 'B']) {
        return Ok((i, left));
    }
    let (after_not, negated) = match next_word_is(&i, Keyword::Not).then(|| keyword(Keyword::Not).parse(i)) {
        Some(Ok((r, _))) => (r, true),
        _ => (i, false),
    };
    if next_word_is(&after_not, Keyword::In)
        && let Ok((r, kw)) = keyword(Keyword::In).parse(after_not)
    {
        let (r, _) = nom::combinator::cut(punct("(")).parse(r)?;
        let depth = deeper(depth, &kw)?;
        let mut list = Vec::new();
        let (mut r, first) = nom::combinator::cut(|i| expr(i, depth)).parse(r)?;
        list.push(first);
        while let Ok((r2, _)) = punct(",").parse(r) {
            let (r3, e) = nom::combinator::cut(|i| expr(i, depth)).parse(r2)?;
            list.push(e);
            r = r3;
        }
        let (r, close) = nom::combinator::cut(punct(")")).parse(r)?;
        let span = Span(start..close.0.end);
        return Ok((r, Expr { kind: ExprKind::In { expr: Box::new(left), list, negated }, span }));
    }
    if next_word_is(&after_not, Keyword::Between)
        && let Ok((r, _)) = keyword(Keyword::Between).parse(after_not)
    {
        let (r, low) = nom::combinator::cut(|i| sum(i, depth)).parse(r)?;
        let (r, _) = nom::combinator::cut(keyword(Keyword::And)).parse(r)?;
        let (r, high) = nom::combinator::cut(|i| sum(i, depth)).parse(r)?;
        let span = Span(start..high.span.0.end);
        let kind = ExprKind::Between { expr: Box::new(left), low: Box::new(low), high: Box::new(high), negated };
        return Ok((r, Expr { kind, span }));
    }
    if negated {
        // "x not y": only `in` and `between` may follow `not` here
        let (_, _) = nom::combinator::cut(alt((keyword(Keyword::In), keyword(Keyword::Between)))).parse(after_not)?;
    }
    if next_word_is(&i, Keyword::Is)
        && let Ok((r, _)) = keyword(Keyword::Is).parse(i)
    {
        let (r, not) = opt(keyword(Keyword::Not)).parse(r)?;
        let (r, null) = nom::combinator::cut(keyword(Keyword::Null)).parse(r)?;
        let span = Span(start..null.0.end);
        return Ok((r, Expr { kind: ExprKind::IsNull { expr: Box::new(left), negated: not.is_some() }, span }));
    }
    Ok((i, left))
}

/// `sum = product { ("+" | "-") product }`
fn sum(i: Input, depth: usize) -> PResult<Expr> {
    let (mut i, mut left) = product(i, depth)?;
    let mut depth = depth;
    // the next character decides: a failed attempt would build an error value for nothing
    while peek(&i).starts_with(['+', '-']) {
        let op = alt((nom::combinator::value(BinOp::Add, punct("+")), nom::combinator::value(BinOp::Sub, punct("-"))))
            .parse(i);
        let Ok((r, op)) = op else { break };
        depth = deeper(depth, &left.span)?;
        let (r, right) = nom::combinator::cut(|i| product(i, depth)).parse(r)?;
        left = binary(op, left, right);
        i = r;
    }
    Ok((i, left))
}

/// `product = unary { ("*" | "/") unary }`
fn product(i: Input, depth: usize) -> PResult<Expr> {
    let (mut i, mut left) = unary(i, depth)?;
    let mut depth = depth;
    while peek(&i).starts_with(['*', '/']) {
        let op = alt((nom::combinator::value(BinOp::Mul, punct("*")), nom::combinator::value(BinOp::Div, punct("/"))))
            .parse(i);
        let Ok((r, op)) = op else { break };
        depth = deeper(depth, &left.span)?;
        let (r, right) = nom::combinator::cut(|i| unary(i, depth)).parse(r)?;
        left = binary(op, left, right);
        i = r;
    }
    Ok((i, left))
}

/// `unary = "-" unary | atom`
fn unary(i: Input, depth: usize) -> PResult<Expr> {
    if peek(&i).starts_with('-')
        && let Ok((r, minus)) = punct("-").parse(i)
    {
        if depth >= MAX_DEPTH {
            return Err(too_deep(minus.0.start));
        }
        let (r, e) = nom::combinator::cut(|i| unary(i, depth + 1)).parse(r)?;
        let span = Span(minus.0.start..e.span.0.end);
        // fold "-3" into a literal, so printing and parsing agree
        let kind = match e.kind {
            ExprKind::Integer(n) => ExprKind::Integer(-n),
            ExprKind::Decimal(x) => ExprKind::Decimal(-x),
            kind => ExprKind::Neg(Box::new(Expr { kind, span: e.span })),
        };
        return Ok((r, Expr { kind, span }));
    }
    atom(i, depth)
}

/// What a name in an expression is: an aggregate call (`sum(x)`, `count() per cluster`), a scalar
/// function call, or a field. Kept out of [`atom`] so that the recursive descent's frames stay
/// small.
#[inline(never)]
fn named(id: Ident, r: Input, depth: usize) -> PResult<Expr> {
    let func = Aggregate::ALL.into_iter().find(|a| a.name().eq_ignore_ascii_case(&id.name));
    // `clusters.htx_total`: a field of a related row
    if r.fragment().starts_with('.') && r.fragment()[1..].starts_with(is_ident_char) {
        let (r2, field) = nom::combinator::cut(ident).parse(nom::Input::take_from(&r, 1))?;
        let span = Span(id.span.0.start..field.span.0.end);
        return Ok((r2, Expr { kind: ExprKind::Related { entity: id, field }, span }));
    }
    // a name without "(" is a field
    if !peek(&r).starts_with('(') {
        let span = id.span.clone();
        return Ok((r, Expr { kind: ExprKind::Field(id), span }));
    }
    if let (Some(func), Ok((r2, _))) = (func, punct("(").parse(r)) {
        let (r2, star) = if peek(&r2).starts_with('*') { opt(punct("*")).parse(r2)? } else { (r2, None) };
        let (r2, distinct) = if star.is_none() && next_word_is(&r2, Keyword::Distinct) {
            opt(keyword(Keyword::Distinct)).parse(r2)?
        } else {
            (r2, None)
        };
        // a call costs two levels: its frames are the deepest of the descent
        let inner = deeper(depth, &id.span).and_then(|d| deeper(d, &id.span))?;
        let (r2, arg) = if star.is_some() {
            (r2, None)
        } else if distinct.is_some() {
            let (r2, a) = nom::combinator::cut(|i| expr(i, inner)).parse(r2)?;
            (r2, Some(a))
        } else {
            opt(|i| expr(i, inner)).parse(r2)?
        };
        let (r2, close) = nom::combinator::cut(punct(")")).parse(r2)?;
        if arg.is_none() && func != Aggregate::Count {
            return Err(PError::failure(
                id.span.0.start,
                close.0.end - id.span.0.start,
                QueryErrorKind::Syntax,
                format!("`{}` needs a field: {}(FIELD)", func.name(), func.name()),
            ));
        }
        let (r2, per) = per(r2)?;
        // to the last field of `per`, or its closing parenthesis
        let end = if per.is_empty() { close.0.end } else { r2.location_offset() };
        let span = Span(id.span.0.start..end);
        let kind = ExprKind::Call { func, arg: arg.map(Box::new), distinct: distinct.is_some(), per };
        return Ok((r2, Expr { kind, span }));
    }
    // any other name before "(" is a scalar function; the semantic layer knows which exist
    if func.is_none()
        && let Ok((r2, _)) = punct("(").parse(r)
    {
        return function_call(id, r2, depth);
    }
    let span = id.span.clone();
    Ok((r, Expr { kind: ExprKind::Field(id), span }))
}

/// The arguments of a scalar function after its "(" and the closing ")". Kept out of [`atom`]
/// so that the recursive descent's frames stay small.
#[inline(never)]
fn function_call(name: Ident, i: Input, depth: usize) -> PResult<Expr> {
    let inner = deeper(depth, &name.span).and_then(|d| deeper(d, &name.span))?;
    let (r, args) = opt(comma_list(|i| expr(i, inner))).parse(i)?;
    let (r, close) = nom::combinator::cut(punct(")")).parse(r)?;
    let span = Span(name.span.0.start..close.0.end);
    Ok((r, Expr { kind: ExprKind::Func { name, args: args.unwrap_or_default() }, span }))
}

/// `per f` or `per (f, g)` after an aggregate or a limit; nothing when absent.
fn per(i: Input) -> PResult<Vec<Ident>> {
    if !next_word_is(&i, Keyword::Per) {
        return Ok((i, Vec::new()));
    }
    let Ok((r, _)) = keyword(Keyword::Per).parse(i) else { return Ok((i, Vec::new())) };
    if let Ok((r, _)) = punct("(").parse(r) {
        let (r, fields) = nom::combinator::cut(comma_list(ident)).parse(r)?;
        let (r, _) = nom::combinator::cut(punct(")")).parse(r)?;
        return Ok((r, fields));
    }
    let (r, field) = nom::combinator::cut(ident).parse(r)?;
    Ok((r, vec![field]))
}

/// `$name`: a parameter; `None` when the input does not start with `$`. Kept out of [`atom`] so
/// that the recursive descent's frames stay small.
#[inline(never)]
fn param(i: Input) -> Option<PResult<Expr>> {
    if !peek(&i).starts_with('$') {
        return None;
    }
    let (r, dollar) = punct("$").parse(i).ok()?;
    let parsed = nom::combinator::cut(ident).parse(r).and_then(|(r, id)| {
        if id.span.0.start != dollar.0.end {
            let message = "`$` must be followed by a name, as in `$year`".to_string();
            return Err(PError::failure(dollar.0.start, 1, QueryErrorKind::Syntax, message));
        }
        let span = Span(dollar.0.start..id.span.0.end);
        Ok((r, Expr { kind: ExprKind::Param(id), span }))
    });
    Some(parsed)
}

/// `atom = NUMBER | STRING | "null" | PARAM | AGG "(" [ "*" | expr ] ")" | IDENT | "(" expr ")"`
fn atom(i: Input, depth: usize) -> PResult<Expr> {
    // each alternative is tried only when the next character could start it: a failed try builds
    // an error value (with its list of expected tokens) only to drop it
    let next = peek(&i);
    if next.starts_with('(')
        && let Ok((r, open)) = punct("(").parse(i)
    {
        if depth >= MAX_DEPTH {
            return Err(too_deep(open.0.start));
        }
        let (r, mut e) = nom::combinator::cut(|i| expr(i, depth + 1)).parse(r)?;
        let (r, close) = nom::combinator::cut(punct(")")).parse(r)?;
        e.span = Span(open.0.start..close.0.end);
        return Ok((r, e));
    }
    if Keyword::Null.starts(next)
        && let Ok((r, s)) = keyword(Keyword::Null).parse(i)
    {
        return Ok((r, Expr { kind: ExprKind::Null, span: s }));
    }
    if let Some(p) = param(i) {
        return p;
    }
    if next.starts_with(|c: char| is_ident_char(c) && !c.is_ascii_digit())
        && let Ok((r, id)) = ident(i)
    {
        return named(id, r, depth);
    }
    literal(i)
}

/// A number or a string, the last of [`atom`]'s alternatives, with what any of them expected.
/// Kept out of [`atom`] so that the recursive descent's frames stay small.
#[inline(never)]
fn literal(i: Input) -> PResult<Expr> {
    alt((number, string)).parse(i).map_err(|e| {
        e.map(|mut e: PError| {
            for l in ["a field", "a number", "a string", "("] {
                if !e.expected.contains(&l) {
                    e.expected.push(l);
                }
            }
            e.expected.retain(|l| *l != "a name");
            e
        })
    })
}

fn item(i: Input) -> PResult<Item> {
    if peek(&i).starts_with('*')
        && let Ok((r, s)) = punct("*").parse(i)
    {
        return Ok((r, Item::Star(s)));
    }
    let (r, e) = expr(i, 0)?;
    let (r, alias) = if next_word_is(&r, Keyword::As) {
        opt(nom::sequence::preceded(keyword(Keyword::As), nom::combinator::cut(ident))).parse(r)?
    } else {
        (r, None)
    };
    Ok((r, Item::Expr { expr: e, alias }))
}

fn sort_key(i: Input) -> PResult<SortKey> {
    let (r, e) = expr(i, 0)?;
    if !next_word_is(&r, Keyword::Asc) && !next_word_is(&r, Keyword::Desc) {
        return Ok((r, SortKey { expr: e, descending: false }));
    }
    let (r, dir) = opt(alt((
        nom::combinator::value(false, keyword(Keyword::Asc)),
        nom::combinator::value(true, keyword(Keyword::Desc)),
    )))
    .parse(r)?;
    Ok((r, SortKey { expr: e, descending: dir.unwrap_or(false) }))
}

/// `p { "," p }`, committed after each comma.
fn comma_list<'a, T>(mut p: impl FnMut(Input<'a>) -> PResult<'a, T>) -> impl FnMut(Input<'a>) -> PResult<'a, Vec<T>> {
    move |i| {
        let (mut i, first) = p(i)?;
        let mut out = vec![first];
        while peek(&i).starts_with(',')
            && let Ok((r, _)) = punct(",").parse(i)
        {
            let (r, x) = nom::combinator::cut(&mut p).parse(r)?;
            out.push(x);
            i = r;
        }
        Ok((i, out))
    }
}

fn limit(i: Input) -> PResult<Limit> {
    let (r, n) = expect("a row count", token(lexeme(lexer::digits_len))).parse(i)?;
    let span = span_of(&n);
    let count = n.fragment().parse().map_err(|_| {
        PError::failure(span.0.start, n.fragment().len(), QueryErrorKind::Limit, "limit is too large".into())
    })?;
    let (r, per) = per(r)?;
    Ok((r, Limit { count, per, span }))
}

fn query(i: Input) -> PResult<Query> {
    let (mut i, entity) = expect("an entity", ident).parse(i)?;
    let mut q = Query {
        entity,
        filter: None,
        show: Vec::new(),
        distinct: false,
        by: Vec::new(),
        having: None,
        sort: Vec::new(),
        limit: None,
    };
    let mut seen = [false; Clause::ALL.len()];
    loop {
        // the next word decides: one parse, not one failed try per clause keyword
        let next = peek(&i);
        let Some(clause) = Keyword::from_word(&next[..lexer::word_len(next)]).and_then(Keyword::clause) else { break };
        let Ok((r, s)) = keyword(clause.keyword()).parse(i) else { break };
        if std::mem::replace(&mut seen[clause as usize], true) {
            let hint = if clause == Clause::Where { "; combine conditions with `and`" } else { "" };
            return Err(PError::failure(
                s.0.start,
                s.0.len(),
                QueryErrorKind::Syntax,
                format!("`{clause}` appears twice{hint}"),
            ));
        }
        let r = match clause {
            Clause::Where => {
                let (r, e) = nom::combinator::cut(|i| expr(i, 0)).parse(r)?;
                q.filter = Some(e);
                r
            }
            Clause::Show => {
                let (r, distinct) = if next_word_is(&r, Keyword::Distinct) {
                    opt(keyword(Keyword::Distinct)).parse(r)?
                } else {
                    (r, None)
                };
                let (r, items) = nom::combinator::cut(comma_list(item)).parse(r)?;
                q.show = items;
                q.distinct = distinct.is_some();
                r
            }
            Clause::By => {
                let (r, fields) = nom::combinator::cut(comma_list(ident)).parse(r)?;
                q.by = fields;
                r
            }
            Clause::Having => {
                let (r, e) = nom::combinator::cut(|i| expr(i, 0)).parse(r)?;
                q.having = Some(e);
                r
            }
            Clause::Sort => {
                let (r, keys) = nom::combinator::cut(comma_list(sort_key)).parse(r)?;
                q.sort = keys;
                r
            }
            Clause::Limit => {
                let (r, l) = nom::combinator::cut(limit).parse(r)?;
                q.limit = Some(l);
                r
            }
        };
        i = r;
    }
    Ok((i, q))
}

fn statement(i: Input) -> PResult<Statement> {
    let (i, verb) = if next_word_is(&i, Keyword::Explain) || next_word_is(&i, Keyword::Chart) {
        opt(alt((map(keyword(Keyword::Explain), |_| Verb::Explain), map(keyword(Keyword::Chart), |_| Verb::Chart))))
            .parse(i)?
    } else {
        (i, None)
    };
    let (i, q) = query(i)?;
    let (i, _) = ws(i)?;
    let (i, _) = opt(token(char(';'))).parse(i)?;
    let (i, _) = ws(i)?;
    Ok((i, Statement { verb: verb.unwrap_or_default(), query: q }))
}

/// Parses one statement (an optional trailing `;` is allowed).
pub fn parse(text: &str) -> Result<Statement, QueryError> {
    // SQL habits get a pointer to the language rather than a parse error at the second word
    // (after any comments: "# a tour ...\nselect ..." is SQL too)
    let lead = lexer::trivia_len(text);
    let first = &text[lead..lead + lexer::word_len(&text[lead..])];
    if SQL_OPENERS.contains(&first.to_ascii_lowercase().as_str()) {
        return Err(QueryError::new(
            QueryErrorKind::Syntax,
            lead..lead + first.len(),
            format!("`{first}` is SQL; htxq has its own query language"),
        )
        .hint("a query starts with an entity: `clusters where year = 2023 show name, htx_total`")
        .hint("`explain QUERY` shows the SQL htxq runs"));
    }
    let input = Input::new(text);
    match statement(input) {
        Ok((rest, stmt)) if rest.fragment().is_empty() => Ok(stmt),
        Ok((rest, stmt)) => Err(trailing(text, rest.location_offset(), &stmt)),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(to_query_error(text, e)),
        Err(nom::Err::Incomplete(_)) => {
            Err(QueryError::new(QueryErrorKind::Syntax, text.len()..text.len(), "unexpected end of query"))
        }
    }
}

/// An error for text left after a complete query.
fn trailing(text: &str, at: usize, stmt: &Statement) -> QueryError {
    let tok = token_at(text, at);
    let q = &stmt.query;
    let mut allowed: Vec<String> = Vec::new();
    let done = |c: &Clause| match c {
        Clause::Where => q.filter.is_some(),
        Clause::Show => !q.show.is_empty(),
        Clause::By => !q.by.is_empty(),
        Clause::Having => q.having.is_some(),
        Clause::Sort => !q.sort.is_empty(),
        Clause::Limit => q.limit.is_some(),
    };
    for c in Clause::ALL.iter().filter(|c| !done(c)) {
        allowed.push(format!("`{c}`"));
    }
    allowed.push("`;`".into());
    allowed.push("the end of the query".into());
    let mut err = QueryError::new(
        QueryErrorKind::Syntax,
        at..at + tok.len().max(1),
        format!("unexpected {}; expected {}", describe(&tok), one_of(&allowed)),
    );
    let folded = crate::text::fold(&tok);
    // SQL habits: the htxq way
    let before = crate::text::fold(text[..at].trim_end().rsplit(|c: char| !is_ident_char(c)).next().unwrap_or(""));
    let habit = match folded.as_str() {
        "group" => Some("htxq groups with `by`: `provinces by cluster show cluster, count()`"),
        "order" => Some("htxq sorts with `sort`: `sort year desc`"),
        "from" | "join" | "select" => Some("a query starts with its entity: `clusters where year = 2023 show name`"),
        "when" | "then" | "else" | "end" if before == "case" || folded != "end" => {
            Some("htxq has no `case when`; write `if(condition, a, b)`")
        }
        _ => None,
    };
    if let Some(h) = habit {
        return err.hint(h);
    }
    if let Some(kw) = crate::suggest::nearest(&folded, Clause::ALL.map(Clause::as_str)) {
        err = err.hint(format!("did you mean `{kw}`?"));
    } else if tok.chars().next().is_some_and(|c| c.is_alphanumeric()) && q.filter.is_some() {
        err = err.hint("join conditions with `and` or `or`");
    }
    err
}

fn one_of(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The token at byte `at`: a word, a string start, or one character.
fn token_at(text: &str, at: usize) -> String {
    let rest = &text[at..];
    let word: String = rest.chars().take_while(|c| is_ident_char(*c)).take(40).collect();
    if !word.is_empty() {
        return word;
    }
    rest.chars().next().map(|c| c.to_string()).unwrap_or_default()
}

fn describe(tok: &str) -> String {
    match tok {
        "" => "end of query".into(),
        "\0" => "NUL character".into(),
        t if t.chars().all(|c| c.is_control()) => {
            format!("control character U+{:04X}", t.chars().next().map_or(0, |c| c as u32))
        }
        t => format!("`{t}`"),
    }
}

fn to_query_error(text: &str, e: PError) -> QueryError {
    let at = e.at.min(text.len());
    if let Some((message, len, kind)) = e.message {
        return QueryError::new(kind, at..(at + len).min(text.len()).max(at), message);
    }
    let tok = token_at(text, at);
    let mut expected: Vec<String> = Vec::new();
    for x in &e.expected {
        let shown = if x.starts_with(|c: char| c.is_alphabetic()) && !x.contains(' ') || x.len() <= 2 {
            format!("`{x}`")
        } else {
            x.to_string()
        };
        if !expected.contains(&shown) {
            expected.push(shown);
        }
    }
    let what = if expected.is_empty() { "a query: an entity, then its clauses".to_string() } else { one_of(&expected) };
    let mut err = QueryError::new(
        QueryErrorKind::Syntax,
        at..at + tok.len().max(usize::from(at < text.len())),
        format!("unexpected {}; expected {what}", describe(&tok)),
    );
    if Keyword::from_word(&tok).is_some() && e.expected.iter().any(|x| *x == "a name" || *x == "a field") {
        err = err.hint(format!("`{tok}` is a keyword; it cannot be used as a name"));
    }
    err
}

/// Whether `text` is an unfinished query: an open parenthesis or string, or a trailing operator,
/// comma or keyword. Used to decide where a query spanning lines ends.
pub fn is_unfinished(text: &str) -> bool {
    lexer::Progress::of(text).unfinished()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_card_query() {
        let s = parse("clusters where year=2023 show htx_total").unwrap();
        assert_eq!(s.to_string(), "clusters where year = 2023 show htx_total");
    }

    #[test]
    fn precedence_and_printing() {
        let s = parse("clusters where not a = 1 or b > 2 and c ~ \"x\" show (a + b) * c as t, -d").unwrap();
        assert_eq!(s.to_string(), "clusters where not a = 1 or b > 2 and c ~ \"x\" show (a + b) * c as t, -d");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let q = format!("clusters where {}1{}", "(".repeat(10_000), ")".repeat(10_000));
        let e = parse(&q).unwrap_err();
        assert_eq!(e.kind, QueryErrorKind::Limit);
    }

    #[test]
    fn megabyte_queries_end_in_an_error_or_an_answer_never_a_crash() {
        let chain = format!("clusters where {}year = 1", "year = 1 or ".repeat(100_000));
        assert_eq!(parse(&chain).unwrap_err().kind, QueryErrorKind::Limit);
        let sum = format!("clusters show {}1", "1 + ".repeat(300_000));
        assert_eq!(parse(&sum).unwrap_err().kind, QueryErrorKind::Limit);
        let nots = format!("clusters where {}year = 1", "not ".repeat(200_000));
        assert_eq!(parse(&nots).unwrap_err().kind, QueryErrorKind::Limit);
        let long_string = format!("clusters where name ~ \"{}\"", "ầ".repeat(400_000));
        assert!(parse(&long_string).is_ok());
    }

    #[test]
    fn aggregates_and_in_lists_count_toward_the_depth_limit() {
        // regression: both once recursed without a limit and overflowed the stack
        let sums = format!("clusters show {}year{}", "sum(".repeat(1000), ")".repeat(1000));
        assert_eq!(parse(&sums).unwrap_err().kind, QueryErrorKind::Limit);
        let ins = format!("clusters where year in ({}1{}", "year in (".repeat(1000), ")".repeat(1001));
        assert_eq!(parse(&ins).unwrap_err().kind, QueryErrorKind::Limit);
        let calls = format!("clusters show {}year{}", "round(".repeat(1000), ")".repeat(1000));
        assert_eq!(parse(&calls).unwrap_err().kind, QueryErrorKind::Limit);
        let windowed = format!("clusters show {}year{}", "sum(".repeat(1000), ") per year".repeat(1000));
        assert_eq!(parse(&windowed).unwrap_err().kind, QueryErrorKind::Limit);
    }

    #[test]
    fn error_spans_end_on_character_boundaries() {
        let text = "clusters where year = 1é";
        let e = parse(text).unwrap_err();
        assert_eq!(&text[e.span.clone()], "é");
        assert_eq!(
            parse(&format!("clusters where year > {}.5", "9".repeat(400))).unwrap_err().kind,
            QueryErrorKind::Limit
        );
    }

    #[test]
    fn nul_and_control_characters_are_errors() {
        let e = parse("clusters where\0 year = 1").unwrap_err();
        assert_eq!(e.span.start, "clusters where".len());
        assert!(e.message.contains("NUL"), "{}", e.message);
        assert!(parse("clusters where name ~ \"a\0b\"").is_err());
        assert!(parse("clusters where name ~ \"a\\qb\"").unwrap_err().message.contains("invalid escape"));
    }

    #[test]
    fn unfinished_lines() {
        assert!(is_unfinished("clusters where"));
        assert!(is_unfinished("clusters where (a = 1"));
        assert!(is_unfinished("clusters where name ~ \"tay"));
        assert!(is_unfinished("clusters show a,"));
        assert!(!is_unfinished("clusters show *"));
        assert!(!is_unfinished("clusters SHOW  *"));
        assert!(!is_unfinished("clusters show name, *"));
        assert!(is_unfinished("clusters show htx_total *"));
        assert!(!is_unfinished("clusters # where"));
        assert!(!is_unfinished("clusters where year = 2023"));
    }
}
