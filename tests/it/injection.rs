//! Every user value reaches SQLite as a bound parameter (SPEC §3), for every entity and field and
//! every place a string can stand; `~` is `instr`, not `LIKE`; text matching is folded.
//!
//! The sweep runs each hostile string through each query shape, compiles it, compares the SQL with
//! the SQL of the same shape holding a harmless string (it must be byte-for-byte the same: values
//! never change the SQL text), checks the parameters, runs it on the built-in corpus and checks
//! that no table lost rows. Problems are collected and reported together.

use htxq::catalog::{ENTITIES, Entity, Field};
use htxq::syntax::ast::quote;
use htxq::{Compiled, Engine, Error, Param, QueryErrorKind, Value};

/// Hostile strings (NUL-free: the lexer rejects NUL in strings). Written into queries with
/// [`quote`], i.e. with the language's `\"` and `\\` escapes.
fn payloads() -> Vec<String> {
    let mut v: Vec<String> = [
        "x' OR '1'='1",
        "\"); DROP TABLE clusters; --",
        "'); DROP TABLE clusters; --",
        "x') OR ('1'='1",
        "\"; DELETE FROM clusters WHERE \"1\"=\"1",
        "%",
        "_",
        "%_%",
        "-- /* */ # ; */ /* -- #",
        "\\' \\\" \\\\ \\",
        "?1 ?2 ?999 :name @p $x ?",
        "Tây Bắc' UNION SELECT name FROM sqlite_master --",
        "x\n; DROP TABLE facts;\r\n--\t",
        "\u{feff}\u{200b}\u{202e}' OR 1=1 --",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    // a very long string
    let mut long = "x' OR 1=1; DROP TABLE clusters; -- \"Tây Bắc\" % _ ".repeat(200);
    long.push_str("end");
    v.push(long);
    v
}

/// A query shape: where the string goes.
struct Shape {
    name: &'static str,
    /// Builds the query from entity, field and string literal (already quoted).
    build: fn(&str, &str, &str) -> String,
    /// How many times the literal appears.
    uses: usize,
    /// Whether the checker rejects it for numeric fields.
    textual_only: bool,
}

const SHAPES: &[Shape] = &[
    Shape { name: "=", build: |e, f, s| format!("{e} where {f} = {s}"), uses: 1, textual_only: true },
    Shape { name: "!=", build: |e, f, s| format!("{e} where {f} != {s}"), uses: 1, textual_only: true },
    Shape { name: "~", build: |e, f, s| format!("{e} where {f} ~ {s}"), uses: 1, textual_only: true },
    Shape {
        name: "not ~",
        build: |e, f, s| format!("{e} where not ({f} ~ {s}) or {f} is null"),
        uses: 1,
        textual_only: true,
    },
    Shape { name: "in", build: |e, f, s| format!("{e} where {f} in ({s}, {s})"), uses: 2, textual_only: true },
    Shape { name: "not in", build: |e, f, s| format!("{e} where {f} not in ({s}, {s})"), uses: 2, textual_only: true },
    Shape {
        name: "between",
        build: |e, f, s| format!("{e} where {f} between {s} and {s}"),
        uses: 2,
        textual_only: true,
    },
    Shape {
        name: "not between",
        build: |e, f, s| format!("{e} where {f} not between {s} and {s}"),
        uses: 2,
        textual_only: true,
    },
    Shape { name: "show", build: |e, f, s| format!("{e} show {f}, {s} as a"), uses: 1, textual_only: false },
    // (a bare constant is no sort key: the value sorts inside a comparison)
    Shape { name: "sort", build: |e, f, s| format!("{e} show {f} sort {s} = {s}"), uses: 2, textual_only: false },
    Shape {
        name: "sort (no show)",
        build: |e, f, s| format!("{e} sort {f} desc, {s} = {s} desc limit 3"),
        uses: 2,
        textual_only: false,
    },
    Shape {
        name: "grouped",
        build: |e, f, s| format!("{e} by {f} show {f}, count(), {s} as a sort a"),
        uses: 1,
        textual_only: false,
    },
];

const BENIGN: &str = "benign";

/// Cluster rows in the built-in corpus.
const CLUSTERS: i64 = 5;

fn row_count(engine: &Engine, entity: &str) -> i64 {
    let rs = engine.query(&format!("{entity} show count() as n")).unwrap_or_else(|e| panic!("counting {entity}: {e}"));
    rs.get(0, "n").and_then(Value::as_i64).unwrap()
}

/// Checks one successful compile; returns what is wrong.
fn check_compiled(q: &str, payload: &str, uses: usize, c: &Compiled, benign: &Compiled) -> Vec<String> {
    let mut bad = Vec::new();
    if c.sql != benign.sql {
        bad.push(format!(
            "SQL depends on the value\n    query: {q}\n    sql:    {}\n    benign: {}",
            c.sql, benign.sql
        ));
    }
    // `_` alone is in `htxq_fold` and in field names; every other payload must not be in the SQL
    if payload != "_" && c.sql.contains(payload) {
        bad.push(format!("payload in SQL text\n    query: {q}\n    sql: {}", c.sql));
    }
    if c.sql.contains('\'') {
        bad.push(format!("SQL has a string literal\n    query: {q}\n    sql: {}", c.sql));
    }
    let bound = c.params.iter().filter(|p| matches!(p, Param::Text(t) if t == payload)).count();
    if bound != uses {
        bad.push(format!("payload bound {bound} times, expected {uses}\n    query: {q}\n    params: {:?}", c.params));
    }
    if c.params.len() != benign.params.len() {
        bad.push(format!("{} params, {} with a harmless value\n    query: {q}", c.params.len(), benign.params.len()));
    }
    bad
}

fn sweep(entity: &Entity, field: &Field, engine: &Engine, payloads: &[String]) -> Vec<String> {
    let mut bad = Vec::new();
    let numeric = field.ty.is_numeric();
    for shape in SHAPES {
        let benign_q = (shape.build)(entity.name, field.name, &quote(BENIGN));
        let benign = htxq::compile(&benign_q);
        for payload in payloads {
            let q = (shape.build)(entity.name, field.name, &quote(payload));
            let short: String = q.chars().take(160).collect();
            let compiled = htxq::compile(&q);
            if shape.textual_only && numeric {
                match &compiled {
                    Err(e) if e.kind == QueryErrorKind::Type => {}
                    other => bad.push(format!(
                        "[{}] numeric field: expected a type error\n    query: {short}\n    got: {other:?}",
                        shape.name
                    )),
                }
                match engine.query(&q) {
                    Err(Error::Query(e)) if e.kind == QueryErrorKind::Type => {}
                    other => bad.push(format!(
                        "[{}] Engine::query: expected Error::Query of kind Type\n    query: {short}\n    got: {:?}",
                        shape.name,
                        other.map(|rs| rs.rows.len())
                    )),
                }
                continue;
            }
            let (c, b) = match (&compiled, &benign) {
                (Ok(c), Ok(b)) => (c, b),
                (c, b) => {
                    bad.push(format!(
                        "[{}] does not compile\n    query: {short}\n    got: {:?}\n    harmless value: {:?}",
                        shape.name,
                        c.as_ref().err(),
                        b.as_ref().err()
                    ));
                    continue;
                }
            };
            for problem in check_compiled(&short, payload, shape.uses, c, b) {
                bad.push(format!("[{}] {problem}", shape.name));
            }
            if let Err(e) = engine.execute(c) {
                bad.push(format!("[{}] execute fails\n    query: {short}\n    error: {e}", shape.name));
            }
            if let Err(e) = engine.query(&q) {
                bad.push(format!("[{}] Engine::query fails\n    query: {short}\n    error: {e}", shape.name));
            }
            let n = row_count(engine, "clusters");
            if n != CLUSTERS {
                bad.push(format!("clusters has {n} rows after `{short}`"));
            }
        }
    }
    bad
}

#[test]
fn every_value_is_a_bound_parameter() {
    let engine = Engine::builtin().unwrap();
    assert_eq!(row_count(&engine, "clusters"), CLUSTERS);
    let before: Vec<i64> = ENTITIES.iter().map(|e| row_count(&engine, e.name)).collect();
    let payloads = payloads();
    let mut bad = Vec::new();
    let mut fields = 0;
    for entity in ENTITIES {
        for field in entity.fields {
            fields += 1;
            bad.extend(sweep(entity, field, &engine, &payloads));
        }
    }
    assert!(fields > 50, "only {fields} fields swept");
    let after: Vec<i64> = ENTITIES.iter().map(|e| row_count(&engine, e.name)).collect();
    assert_eq!(before, after, "row counts changed");
    let tables = engine
        .connection()
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get::<_, i64>(0))
        .unwrap();
    assert!(usize::try_from(tables).unwrap() >= ENTITIES.len());
    if !bad.is_empty() {
        // one example per kind of problem, with how often it happened
        let mut kinds: Vec<(&str, usize, &str)> = Vec::new();
        for b in &bad {
            let kind = b.lines().next().unwrap_or_default();
            match kinds.iter_mut().find(|(k, ..)| *k == kind) {
                Some((_, n, _)) => *n += 1,
                None => kinds.push((kind, 1, b)),
            }
        }
        let report: Vec<String> = kinds.iter().map(|(_, n, example)| format!("{n} × {example}")).collect();
        panic!("{} problems:\n{}", bad.len(), report.join("\n"));
    }
}

#[test]
fn a_megabyte_string_is_bound_too() {
    let engine = Engine::builtin().unwrap();
    let payload = "'; DROP TABLE clusters; -- Tây Bắc ".repeat(30_000);
    let q = format!("clusters where name ~ {} show name", quote(&payload));
    let c = htxq::compile(&q).unwrap();
    assert!(!c.sql.contains("DROP"));
    assert_eq!(c.params, vec![Param::Text(payload)]);
    assert!(engine.execute(&c).unwrap().rows.is_empty());
    assert_eq!(row_count(&engine, "clusters"), CLUSTERS);
}

/// A string or parenthesis in a sort key does not make the query an aggregate one (the sweep
/// above hits this with the payload `x') OR ('1'='1` in `sort`).
#[test]
fn sort_key_with_parenthesis_is_not_an_aggregate() {
    let engine = Engine::builtin().unwrap();
    for q in [
        "clusters show name sort name = \"(\"",
        "clusters show name sort (year + 1) * 2",
        "clusters show name sort name ~ \"(x)\"",
    ] {
        let c = htxq::compile(q).unwrap_or_else(|e| panic!("`{q}`: {e:?}"));
        assert!(!c.sql.contains("GROUP BY"), "{}", c.sql);
        assert_eq!(engine.execute(&c).unwrap().rows.len() as i64, CLUSTERS, "`{q}`");
    }
}

fn names(engine: &Engine, q: &str) -> Vec<String> {
    let rs = engine.query(q).unwrap_or_else(|e| panic!("`{q}`: {e}"));
    rs.rows.iter().map(|r| r[0].as_str().unwrap_or_default().to_string()).collect()
}

/// The values of the first column of `q` that contain `needle`, as Rust sees it.
fn containing(engine: &Engine, q: &str, needle: char) -> Vec<String> {
    names(engine, q).into_iter().filter(|s| s.contains(needle)).collect()
}

#[test]
fn percent_and_underscore_are_not_wildcards() {
    let engine = Engine::builtin().unwrap();
    for s in ["%", "_", "%%", "t%bac", "t_y", "%a%", "_%"] {
        let q = format!("clusters where name ~ {} show name", quote(s));
        assert_eq!(names(&engine, &q), Vec::<String>::new(), "`{q}`");
    }
    // like wildcards would match: `tay%` is `LIKE '%tay%%'`
    assert!(names(&engine, "clusters where name ~ \"tay%\" show name").is_empty());

    // rows that really hold the characters are found, and only those
    let all_sentences = names(&engine, "facts show sentence");
    let with_percent = containing(&engine, "facts show sentence", '%');
    assert!(!with_percent.is_empty() && with_percent.len() < all_sentences.len());
    assert_eq!(names(&engine, "facts where sentence ~ \"%\" show sentence"), with_percent);
    assert_eq!(
        names(&engine, "facts where sentence ~ \"0%\" show sentence"),
        containing(&engine, "facts show sentence", '%').into_iter().filter(|s| s.contains("0%")).collect::<Vec<_>>()
    );
    let all_keys = names(&engine, "facts show key");
    let with_underscore = containing(&engine, "facts show key", '_');
    assert!(!with_underscore.is_empty() && with_underscore.len() < all_keys.len());
    assert_eq!(names(&engine, "facts where key ~ \"_\" show key"), with_underscore);
    assert_eq!(
        names(&engine, "facts where not (key ~ \"_\") show key"),
        all_keys.iter().filter(|k| !k.contains('_')).cloned().collect::<Vec<_>>()
    );
}

#[test]
fn matching_is_folded() {
    let engine = Engine::builtin().unwrap();
    let nfd = "Ta\u{0302}y Ba\u{0306}\u{0301}c";
    assert_ne!(nfd, "Tây Bắc");
    assert_eq!(htxq::text::fold(nfd), "tay bac");
    for q in [
        "clusters where name ~ \"TAY BAC\" show name".to_string(),
        "clusters where name ~ \"tây bắc\" show name".to_string(),
        format!("clusters where name ~ {} show name", quote(nfd)),
        format!("clusters where name = {} show name", quote(nfd)),
        "clusters where name = \"TÂY BẮC\" show name".to_string(),
        "clusters where name in (\"tay bac\", \"nowhere\") show name".to_string(),
    ] {
        assert_eq!(names(&engine, &q), vec!["Tây Bắc"], "`{q}`");
    }
    for q in [
        "provinces where name = \"hoà bình\" show name",
        "provinces where name = \"HOA BINH\" show name",
        "provinces where name ~ \"hoà\" show name",
        "provinces where name in (\"Hoà Bình\") show name",
    ] {
        let found = names(&engine, q);
        assert!(!found.is_empty(), "`{q}` finds nothing");
        // Phú Thọ absorbed Hòa Bình on 1 July 2025: its 2025 rows are found by the old name too
        assert!(found.iter().all(|n| n == "Hòa Bình" || n == "Phú Thọ"), "`{q}`: {found:?}");
        assert!(found.iter().any(|n| n == "Hòa Bình"), "`{q}`: {found:?}");
    }
    assert!(names(&engine, "provinces where name != \"hoà bình\" show name").iter().all(|n| n != "Hòa Bình"));
}
