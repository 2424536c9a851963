//! Results written as SQLite returns them (issue 12, part 4): the text formats print the same
//! bytes as when results were held whole, a table shows its first rows and counts the rest, and a
//! query over a very large article runs in bounded memory. Real binary, real SQLite, real files.

use std::path::PathBuf;

use super::util::{htxq, root, stderr, stdout};

/// The query fixtures, in order, and a few statements they lack: list fields, the catalog as
/// rows, `chart` and `explain` in the data formats, NULLs and decimals.
fn statements() -> Vec<(String, String)> {
    let dir: PathBuf = root().join("tests/fixtures/queries");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "htxq"))
        .collect();
    files.sort();
    let mut out: Vec<(String, String)> = files
        .iter()
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(p).unwrap()))
        .collect();
    for (name, q) in [
        ("lists", "clusters show name, year, provinces, conflicts, income_avg sort year"),
        ("entities", "entities"),
        ("fields", "fields targets"),
        ("chart", "chart clusters show name, htx_total sort name"),
        ("empty", "clusters where year = 1900"),
        ("decimals", "clusters show name, income_avg / 3.0 as third, null as nothing sort name"),
        ("sentences", "facts where key = \"htx_new\" show cluster, year, value, sentence sort cluster, year, value"),
    ] {
        out.push((name.to_string(), q.to_string()));
    }
    assert!(out.len() >= 30);
    out
}

/// Every statement's output in each data format (and the table) is what it was when results were
/// held whole: the snapshots were written by the binary before streaming. One query per run, then
/// all of them in one run (JSON as one document, result sets apart).
#[test]
fn every_format_prints_what_it_printed_before_streaming() {
    let statements = statements();
    let script =
        statements.iter().map(|(_, q)| format!("{};\n", q.trim_end().trim_end_matches(';'))).collect::<String>();
    let dir = super::util::tempdir();
    let file = dir.path().join("all.htxq");
    std::fs::write(&file, &script).unwrap();
    for format in ["csv", "json", "jsonl", "markdown", "table"] {
        let mut snap = String::new();
        for (name, q) in &statements {
            let o = htxq(&["-c", q, "--format", format], None);
            assert_eq!(o.status.code(), Some(0), "{name} as {format}: {}", stderr(&o));
            snap.push_str(&format!("---- {name}\n{}", stdout(&o)));
        }
        let o = htxq(&["run", file.to_str().unwrap(), "--format", format], None);
        assert_eq!(o.status.code(), Some(0), "all as {format}: {}", stderr(&o));
        snap.push_str(&format!("==== all in one run\n{}", stdout(&o)));
        insta::assert_snapshot!(format!("format_{format}"), snap);
    }
}
