//! Text search answers from the trigram index (`article_search`) with exactly the rows a full
//! scan gives: for an article's own text a phrase of three characters or more is matched by the
//! index exactly; for a sentence, or a shorter text, the index narrows and the folded test decides.

use htxq::{Engine, Value};

/// Needles that cross tone marks, case, spacing and punctuation, too short for trigrams, empty,
/// or made only of quotes; and substrings cut from the articles themselves.
fn needles(engine: &Engine) -> Vec<String> {
    let mut out: Vec<String> = [
        "Hòa Bình",
        "HOÀ BÌNH",
        "hoa binh",
        "Hoà Bình",
        "thành lập mới",
        "THANH LAP MOI",
        "ợp tá",
        "HTX",
        "htx",
        "2.006",
        "Cụm thi đua",
        "quảng ninh",
        "nghìn xã viên",
        "ab",
        "a",
        "",
        "\"",
        "\"\"x",
        "tỉnh, thành",
        "  ",
        "Đắk Lắk",
        "dak lak",
        "khoá",
        "khóa",
        "zzzz không có",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let conn = engine.connection();
    let texts: Vec<String> = conn
        .prepare("SELECT text FROM articles")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for text in &texts {
        let chars: Vec<char> = text.chars().collect();
        for (i, len) in [(50, 3), (200, 7), (400, 12), (777, 5), (1500, 20)] {
            if i + len <= chars.len() {
                let cut: String = chars[i..i + len].iter().collect();
                out.push(cut.to_uppercase());
                out.push(cut);
            }
        }
    }
    out
}

fn ints(rows: &[Vec<Value>]) -> Vec<(i64, i64)> {
    let int = |v: &Value| match v {
        Value::Integer(n) => *n,
        other => panic!("not an integer: {other:?}"),
    };
    let mut out: Vec<(i64, i64)> = rows.iter().map(|r| (int(&r[0]), r.get(1).map_or(0, int))).collect();
    out.sort_unstable();
    out
}

#[test]
fn indexed_text_search_gives_exactly_the_rows_of_a_full_scan() {
    let engine = Engine::builtin().unwrap();
    let conn = engine.connection();
    let scan = |sql: &str, needle: &str| -> Vec<(i64, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut rows: Vec<(i64, i64)> =
            stmt.query_map([needle], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        rows.sort_unstable();
        rows
    };
    let needles = needles(&engine);
    assert!(needles.len() > 60);
    let mut found = 0;
    for needle in &needles {
        let quoted = htxq::syntax::ast::quote(needle);
        let cases = [
            (
                format!("articles where text ~ {quoted} show id, chars"),
                "SELECT id, chars FROM articles WHERE instr(htxq_fold(text), htxq_fold(?1)) > 0",
            ),
            (
                format!("facts where sentence ~ {quoted} show article, start"),
                "SELECT article, start FROM facts WHERE instr(htxq_fold(sentence), htxq_fold(?1)) > 0",
            ),
            (
                format!("decisions where sentence ~ {quoted} show article, start"),
                "SELECT article, start FROM decisions WHERE instr(htxq_fold(sentence), htxq_fold(?1)) > 0",
            ),
        ];
        for (query, sql) in cases {
            let indexed = ints(&engine.query(&query).unwrap_or_else(|e| panic!("{query}: {e}")).rows);
            let scanned = scan(sql, needle);
            assert_eq!(indexed, scanned, "{query}");
            found += indexed.len();
        }
        // the plan goes through the index
        let explained = htxq::compile(&format!("articles where text ~ {quoted}")).unwrap().sql;
        assert!(explained.contains("article_search MATCH"), "{explained}");
    }
    assert!(found > 100, "the needles found only {found} rows");
}
