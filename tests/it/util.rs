//! Helpers: run the real binary, fold text like the gold scorer does.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `htxq` with `args` (and `stdin`), from the project root.
pub fn htxq(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_htxq"));
    cmd.args(args).current_dir(root()).env("NO_COLOR", "1");
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("htxq runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Path as &str.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Folds names as `tools/eval_extraction.py` does: no diacritics, lower case, no punctuation, no
/// administrative prefix.
pub fn fold_name(text: &str) -> String {
    let folded = htxq::text::fold(text);
    let words: Vec<String> =
        folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
    let mut joined = words.join(" ");
    for prefix in ["thanh pho ", "tinh ", "tp "] {
        if let Some(rest) = joined.strip_prefix(prefix) {
            joined = rest.to_string();
        }
    }
    joined
}

/// The rows `sql` gives on `conn`, each as `label` and its values (the columns `keep` accepts by
/// name), sorted: two databases compare by content whatever their row order.
pub fn sorted_rows(conn: &rusqlite::Connection, sql: &str, label: &str, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    let names: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let kept: Vec<usize> = (0..names.len()).filter(|&i| keep(&names[i])).collect();
    let mut rows: Vec<String> = stmt
        .query_map([], |r| {
            let values: Vec<rusqlite::types::Value> = kept.iter().map(|&i| r.get(i)).collect::<Result<_, _>>()?;
            Ok(format!("{label} {values:?}"))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.sort();
    rows
}

/// The `.htxq` files of `tests/fixtures/DIR`, sorted, as (file stem, text).
pub fn query_fixtures(dir: &str) -> Vec<(String, String)> {
    let dir: PathBuf = root().join("tests/fixtures").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "htxq"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}
