//! Data-driven language tests: every query in `tests/fixtures/queries/` is compiled and run on the
//! built-in corpus, and its SQL, parameters and rows are snapshot-tested; every query in
//! `tests/fixtures/errors/` must fail, and its rendered error is snapshot-tested.

use htxq::render::{Format, TableOptions};
use htxq::{Engine, Output};

#[test]
fn query_folder_sql_params_and_rows() {
    let engine = Engine::builtin().unwrap();
    let queries = super::util::query_fixtures("queries");
    assert!(queries.len() >= 20);
    for (name, text) in queries {
        let statements = htxq::syntax::split(&text);
        assert_eq!(statements.len(), 1, "{name}: one query per file");
        let q = &text[statements[0].clone()];
        let compiled = htxq::compile(q).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let mut snap = format!("{q}\n---- sql\n{}\n---- params\n", compiled.sql);
        for (i, p) in compiled.params.iter().enumerate() {
            snap.push_str(&format!("?{} = {p}\n", i + 1));
        }
        match engine.run(q).unwrap_or_else(|e| panic!("{name}: {e:?}")) {
            Output::Rows(rs) | Output::Chart(rs) => {
                snap.push_str("---- rows\n");
                snap.push_str(&htxq::render::render(&rs, Format::Csv, &TableOptions::default()).unwrap());
            }
            Output::Explain(_) => snap.push_str("---- explain (not run)\n"),
        }
        insta::assert_snapshot!(format!("query_{name}"), snap);
    }
}

#[test]
fn error_folder_renders_actionable_messages() {
    let engine = Engine::builtin().unwrap();
    let cases = super::util::query_fixtures("errors");
    assert!(cases.len() >= 15);
    for (name, text) in cases {
        let text = text.trim_end();
        let err = match engine.run(text) {
            Err(htxq::Error::Query(e)) => e,
            other => panic!("{name}: expected a query error, got {other:?}"),
        };
        let rendered = htxq::report::render(&err, text, Some(&format!("{name}.htxq")));
        insta::assert_snapshot!(format!("error_{name}"), format!("{text}\n----\n{rendered}"));
    }
}
