//! Printing and parsing agree: a random AST printed with `Display` parses back to the same tree
//! (spans compare equal by design), hand-written queries from SPEC §3 and `grammar/htxq.ebnf` are
//! stable under parse → print → parse, and printing is idempotent.
//!
//! The generator only builds trees the parser can produce: no `Neg` of a number literal (the
//! parser folds `-3` into `Integer(-3)`), no node for parentheses, no keyword as a name, no NUL in
//! strings, no `i64::MIN` (its magnitude does not fit the literal before the `-` is applied).

use htxq::syntax::ast::{
    Aggregate, BinOp, CmpOp, Expr, ExprKind, Ident, Item, Limit, Query, SortKey, Span, Statement, Verb,
};
use htxq::syntax::parse;
use htxq::syntax::parser::KEYWORDS;
use proptest::prelude::*;
use proptest::test_runner::Config;

use super::util::root;

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

fn is_keyword(word: &str) -> bool {
    // SQL's first words are refused at the start of a query with a pointer to the language
    KEYWORDS.iter().chain(htxq::syntax::parser::SQL_OPENERS).any(|k| k.eq_ignore_ascii_case(word))
}

fn id(name: impl Into<String>) -> Ident {
    Ident { name: name.into(), span: Span::default() }
}

fn ex(kind: ExprKind) -> Expr {
    Expr { kind, span: Span::default() }
}

/// Names: catalog-like, Vietnamese, aggregate names used as fields, words that start or end
/// with a keyword, and random letters (never a keyword, never starting with an ASCII digit).
fn name() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "clusters",
        "name",
        "year",
        "htx_total",
        "năm_số",
        "tỉnh",
        "Tây_Bắc",
        "ĐẮK_LẮK",
        "hợp_tác_xã",
        "count",
        "sum",
        "avg",
        "min",
        "max",
        "_",
        "_1",
        "nulls",
        "notable",
        "inx",
        "island",
        "orange",
        "android",
        "ascend",
        "describe",
        "limits",
        "bye",
        "showcase",
        "sorted",
        "explained",
        "where_",
        "As1",
        "x٣",
    ])
    .prop_map(String::from);
    let random = "[a-zA-Z_àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵĐƯ]\
                  [a-zA-Z0-9_àạăâđêôơưĐ]{0,8}"
        .prop_filter("not a keyword", |s| !is_keyword(s));
    prop_oneof![fixed, random]
}

fn ident() -> impl Strategy<Value = Ident> {
    name().prop_map(id)
}

/// Characters for string literals: the escapes, comment and statement separators, quotes of
/// the other kind, SQL wildcards, Vietnamese (NFC and a bare combining mark), emoji, controls.
fn string_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            'a', 'Z', ' ', '"', '\\', '#', ';', '\n', '\t', '\'', '%', '_', '(', ')', ',', '-',
            '*', '/', 'ă', 'ế', 'Đ', 'ữ', 'ờ', '\u{0301}', '\u{0300}', '😀', '\u{7f}', '\r',
        ]),
        1 => any::<char>().prop_filter("no NUL", |c| *c != '\0'),
    ]
}

fn string_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(string_char(), 0..12).prop_map(|cs| cs.into_iter().collect()),
        prop::sample::select(vec![
            "Tây Bắc",
            "Hoà Bình",
            "x' OR '1'='1",
            "\"); DROP TABLE clusters; --",
            "\\\"",
            "\\",
            "",
            "# not a comment",
        ])
        .prop_map(String::from),
    ]
}

/// Integers as the parser produces them: `-3` is `Integer(-3)`; `i64::MIN` cannot be written.
fn integer() -> impl Strategy<Value = i64> {
    prop_oneof![-1000i64..1000, (-i64::MAX)..=i64::MAX, Just(i64::MAX), Just(-i64::MAX),]
}

/// Decimals that print and parse back exactly (Display prints the shortest exact form, with
/// `.0` appended when it has no point); negative ones are folded literals like integers.
fn decimal() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => (0u32..100_000).prop_map(|n| f64::from(n) / 100.0),
        1 => (0u32..100_000).prop_map(|n| -f64::from(n) / 100.0),
        1 => any::<f64>().prop_filter("finite", |x| x.is_finite()),
    ]
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        4 => ident().prop_map(|i| ex(ExprKind::Field(i))),
        2 => integer().prop_map(|n| ex(ExprKind::Integer(n))),
        1 => decimal().prop_map(|x| ex(ExprKind::Decimal(x))),
        2 => string_value().prop_map(|s| ex(ExprKind::String(s))),
        1 => Just(ex(ExprKind::Null)),
        1 => Just(ex(ExprKind::Call { func: Aggregate::Count, arg: None, distinct: false, per: vec![] })),
        1 => ident().prop_map(|i| ex(ExprKind::Param(i))),
        1 => (ident(), ident()).prop_map(|(entity, field)| ex(ExprKind::Related { entity, field })),
    ]
}

/// A function's name: any name but an aggregate's (which parses as the aggregate).
fn function_name() -> impl Strategy<Value = Ident> {
    ident().prop_filter("aggregates are not scalar functions", |i| {
        !Aggregate::ALL.iter().any(|a| a.name().eq_ignore_ascii_case(&i.name))
    })
}

fn bin_op() -> impl Strategy<Value = BinOp> {
    prop::sample::select(vec![BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Div, BinOp::And, BinOp::Or])
}

fn cmp_op() -> impl Strategy<Value = CmpOp> {
    prop::sample::select(vec![CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge, CmpOp::Contains])
}

fn is_number_literal(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Integer(_) | ExprKind::Decimal(_))
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(4, 32, 4, |inner| {
        let b = |e: Expr| Box::new(e);
        prop_oneof![
            // `-x` of a non-literal: the parser folds `-3` and `-1.5` into literals
            inner
                .clone()
                .prop_filter("the parser folds -NUMBER", |e| !is_number_literal(e))
                .prop_map(move |e| ex(ExprKind::Neg(b(e)))),
            inner.clone().prop_map(move |e| ex(ExprKind::Not(b(e)))),
            (bin_op(), inner.clone(), inner.clone()).prop_map(move |(op, l, r)| ex(ExprKind::Binary(op, b(l), b(r)))),
            (cmp_op(), inner.clone(), inner.clone()).prop_map(move |(op, l, r)| ex(ExprKind::Compare(op, b(l), b(r)))),
            (inner.clone(), prop::collection::vec(inner.clone(), 1..4), any::<bool>())
                .prop_map(move |(e, list, negated)| ex(ExprKind::In { expr: b(e), list, negated })),
            (inner.clone(), inner.clone(), inner.clone(), any::<bool>()).prop_map(move |(e, low, high, negated)| ex(
                ExprKind::Between { expr: b(e), low: b(low), high: b(high), negated }
            )),
            (inner.clone(), any::<bool>()).prop_map(move |(e, negated)| ex(ExprKind::IsNull { expr: b(e), negated })),
            (
                prop::sample::select(Aggregate::ALL.to_vec()),
                inner.clone(),
                any::<bool>(),
                prop::collection::vec(ident(), 0..3)
            )
                .prop_map(move |(func, a, distinct, per)| {
                    ex(ExprKind::Call { func, arg: Some(b(a)), distinct, per })
                }),
            (function_name(), prop::collection::vec(inner, 0..3))
                .prop_map(|(name, args)| ex(ExprKind::Func { name, args })),
        ]
    })
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        1 => Just(Item::Star(Span::default())),
        4 => (expr(), prop::option::of(ident())).prop_map(|(expr, alias)| Item::Expr { expr, alias }),
    ]
}

fn sort_key() -> impl Strategy<Value = SortKey> {
    (expr(), any::<bool>()).prop_map(|(expr, descending)| SortKey { expr, descending })
}

fn statement() -> impl Strategy<Value = Statement> {
    (
        prop_oneof![Just(Verb::Run), Just(Verb::Explain), Just(Verb::Chart)],
        ident(),
        prop::option::of(expr()),
        prop::collection::vec(item(), 0..4),
        prop::collection::vec(ident(), 0..3),
        prop::collection::vec(sort_key(), 0..3),
        prop::option::of(prop_oneof![0u64..1000, any::<u64>()]),
        prop::option::of(expr()),
        prop::collection::vec(ident(), 0..3),
    )
        .prop_map(|(verb, entity, filter, show, by, sort, limit, having, per)| Statement {
            verb,
            query: Query {
                entity,
                filter,
                distinct: !show.is_empty() && per.len() == 1,
                show,
                by,
                having,
                sort,
                limit: limit.map(|count| Limit { count, per, span: Span::default() }),
            },
        })
}

/// 256 cases unless `PROPTEST_CASES` says otherwise; failures are not persisted to files.
fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Every sub-expression of `e`, `e` first.
fn subexprs<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    out.push(e);
    match &e.kind {
        ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::IsNull { expr: x, .. } => subexprs(x, out),
        ExprKind::Binary(_, l, r) | ExprKind::Compare(_, l, r) => {
            subexprs(l, out);
            subexprs(r, out);
        }
        ExprKind::In { expr, list, .. } => {
            subexprs(expr, out);
            for x in list {
                subexprs(x, out);
            }
        }
        ExprKind::Between { expr, low, high, .. } => {
            subexprs(expr, out);
            subexprs(low, out);
            subexprs(high, out);
        }
        ExprKind::Call { arg: Some(a), .. } => subexprs(a, out),
        ExprKind::Func { args, .. } => {
            for a in args {
                subexprs(a, out);
            }
        }
        ExprKind::Field(_)
        | ExprKind::Param(_)
        | ExprKind::Related { .. }
        | ExprKind::Integer(_)
        | ExprKind::Decimal(_)
        | ExprKind::String(_)
        | ExprKind::Null
        | ExprKind::Call { arg: None, .. } => {}
    }
}

fn all_exprs(q: &Query) -> Vec<&Expr> {
    let mut out = Vec::new();
    if let Some(w) = &q.filter {
        subexprs(w, &mut out);
    }
    for it in &q.show {
        if let Item::Expr { expr, .. } = it {
            subexprs(expr, &mut out);
        }
    }
    for k in &q.sort {
        subexprs(&k.expr, &mut out);
    }
    out
}

proptest! {
    #![proptest_config(config())]

    /// print → parse gives back the tree.
    #[test]
    fn printed_ast_parses_back(stmt in statement()) {
        let text = stmt.to_string();
        let parsed = match parse(&text) {
            Ok(p) => p,
            Err(e) => return Err(TestCaseError::fail(format!(
                "printed tree does not parse: {e:?}\n  text: {text}\n  tree: {stmt:#?}"
            ))),
        };
        prop_assert_eq!(&parsed, &stmt, "text: {}", text);
        prop_assert_eq!(parsed.to_string(), text);
    }

    /// Spans of the parsed tree point at text that parses back to the same sub-expression.
    #[test]
    fn spans_cover_their_expressions(stmt in statement()) {
        let text = stmt.to_string();
        let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{e:?}: {text}")))?;
        for e in all_exprs(&parsed.query) {
            let r = e.span.range();
            prop_assert!(
                r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start)
                    && text.is_char_boundary(r.end),
                "bad span {:?} in {}", r, text
            );
            let slice = &text[r.clone()];
            let sub = parse(&format!("x show {slice}"))
                .map_err(|err| TestCaseError::fail(format!(
                    "span {r:?} = `{slice}` of `{text}` does not parse: {err:?}"
                )))?;
            match &sub.query.show[..] {
                [Item::Expr { expr, alias: None }] => prop_assert_eq!(
                    expr, e, "span {:?} = `{}` of `{}`", r, slice, text
                ),
                other => prop_assert!(false, "span `{}` parsed as {:?}", slice, other),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-written queries
// ---------------------------------------------------------------------------------------------

fn grammar_examples() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("grammar/htxq.ebnf")).unwrap();
    text.lines().filter_map(|l| l.trim().strip_prefix("example:")).map(|q| q.trim().to_string()).collect()
}

/// SPEC §3's examples and variants of every construct, in non-canonical spellings.
const HAND_WRITTEN: &[&str] = &[
    "clusters where year=2023 show htx_total",
    "clusters\n  where year >= 2022 and name ~ \"tay\"\n  show name, year, htx_total\n  sort year",
    "clusters where year = 2023 show name, htx_total",
    "clusters where name ~ \"tay bac\" show year",
    "clusters where name ~ \"Tây Bắc\" or name ~ \"Hoà Bình\"",
    "CLUSTERS WHERE Year = 2023 AND NOT name ~ \"x\" SHOW name AS n SORT n DESC LIMIT 2",
    "clusters where a <> 1 and b == 2 and c != 3 and d < 4 and e <= 5 and f > 6 and g >= 7",
    "clusters where next_head in (\"Lào Cai\", \"Sơn La\") show name, year, next_head",
    "clusters where year not in (2020, 2021) and year not between 2000 and 2010",
    "clusters where year between 2020 and 2024 and htx_total is not null sort htx_total desc",
    "clusters where head is null or not (deputy is not null)",
    "clusters show count(), count(*), count(name), sum(htx_total), avg(income_avg), min(year), max(year)",
    "clusters show name, year, htx_total / province_count as per_province sort per_province desc",
    "clusters show (htx_total + htx_new) * 2 - -3, -htx_total, - 3, -(3), --3, -1.5, 0.25, 7.0",
    "clusters show ((((year)))), a - (b - c), a - b - c, a / (b * c), (a or b) and c",
    "clusters show a = (b = c), (a = b) = c, not (a and b), (not a) = b",
    "provinces by cluster show cluster, count() as members sort members desc",
    "provinces where role = \"head\" show name, cluster, year",
    "facts where key = \"htx_total\" show cluster, year, value, qualifier, sentence",
    "facts where not (qualifier = \"exact\") show cluster, key, value, low, high, qualifier",
    "facts where sentence ~ \"\\\"quoted\\\" and \\\\ back\" # a comment\n show key",
    "articles show id, file, title, published, year sort year asc, id desc limit 3",
    "explain clusters where name ~ \"tây bắc\" show year",
    "explain clusters where năm_số = 1 show tỉnh as tên;",
    "clusters show *, name sort name limit 0",
];

fn roundtrip(q: &str) {
    let first = parse(q).unwrap_or_else(|e| panic!("`{q}` does not parse: {e:?}"));
    let printed = first.to_string();
    let second = parse(&printed).unwrap_or_else(|e| panic!("`{printed}` (from `{q}`) does not parse: {e:?}"));
    assert_eq!(second, first, "`{q}` printed as `{printed}` parses differently");
    assert_eq!(second.to_string(), printed, "printing `{q}` is not idempotent");
}

#[test]
fn grammar_examples_are_stable() {
    let examples = grammar_examples();
    assert!(examples.len() >= 10, "{examples:?}");
    for q in &examples {
        roundtrip(q);
    }
}

#[test]
fn hand_written_queries_are_stable() {
    for q in HAND_WRITTEN {
        roundtrip(q);
    }
}

#[test]
fn canonical_spellings() {
    for (q, want) in [
        ("clusters WHERE year=2023 SHOW htx_total", "clusters where year = 2023 show htx_total"),
        ("clusters where a <> 1", "clusters where a != 1"),
        ("clusters where a == 1", "clusters where a = 1"),
        ("clusters show count(*)", "clusters show count()"),
        ("clusters sort a asc", "clusters sort a"),
        ("clusters show ((a))", "clusters show a"),
        ("clusters show - 3, -(3), -(-3), -1.50", "clusters show -3, -3, 3, -1.5"),
        ("clusters show 2.0, 007", "clusters show 2.0, 7"),
        ("clusters show (a + b) * c", "clusters show (a + b) * c"),
        ("clusters show a + (b * c)", "clusters show a + b * c"),
        ("clusters show a - (b + c)", "clusters show a - (b + c)"),
        ("clusters where (a or b) and c", "clusters where (a or b) and c"),
        ("clusters where a or (b and c)", "clusters where a or b and c"),
        ("clusters where not (a = 1)", "clusters where not a = 1"),
        ("clusters where name ~ \"a\\\"b\\\\c\"", "clusters where name ~ \"a\\\"b\\\\c\""),
        ("clusters limit 5;", "clusters limit 5"),
        ("clusters # comment\n where a = 1 # more\n", "clusters where a = 1"),
    ] {
        let printed = parse(q).unwrap_or_else(|e| panic!("`{q}`: {e:?}")).to_string();
        assert_eq!(printed, want, "canonical form of `{q}`");
        roundtrip(q);
    }
}

#[test]
fn minus_number_is_a_literal() {
    let s = parse("x show -3, -(3), - 2.5, -a, -(a), -count()").unwrap();
    let kinds: Vec<&ExprKind> = s
        .query
        .show
        .iter()
        .map(|it| match it {
            Item::Expr { expr, .. } => &expr.kind,
            Item::Star(_) => panic!("no star here"),
        })
        .collect();
    assert_eq!(kinds[0], &ExprKind::Integer(-3));
    assert_eq!(kinds[1], &ExprKind::Integer(-3));
    assert_eq!(kinds[2], &ExprKind::Decimal(-2.5));
    for k in &kinds[3..] {
        assert!(matches!(k, ExprKind::Neg(_)), "{k:?}");
    }
}

#[test]
fn extreme_literals() {
    roundtrip(&format!("clusters show {}, {}", i64::MAX, -i64::MAX));
    roundtrip(&format!("clusters limit {}", u64::MAX));
    for x in [f64::MAX, f64::MIN_POSITIVE, 5e-324, 0.1, 1e21, 123456789.125] {
        let stmt = Statement {
            verb: Verb::Run,
            query: Query {
                entity: id("clusters"),
                filter: None,
                show: vec![Item::Expr { expr: ex(ExprKind::Decimal(x)), alias: None }],
                distinct: false,
                by: vec![],
                having: None,
                sort: vec![],
                limit: None,
            },
        };
        let text = stmt.to_string();
        assert_eq!(parse(&text).unwrap(), stmt, "{text}");
    }
}
