//! The command line as users and scripts drive it (SPEC §1): real binary, real files, real SQLite.

use super::util::{htxq, s, stderr, stdout, tempdir};

#[test]
fn card_query_as_json() {
    let o = htxq(&["-c", "clusters where year=2023 show htx_total", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "[{\"htx_total\":4169}]\n");
}

#[test]
fn card_query_as_table() {
    let o = htxq(&["-c", "clusters where year=2023 show htx_total"], None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("htx_total") && out.contains("4169"), "{out}");
}

#[test]
fn options_before_or_after() {
    let a = htxq(&["--format", "csv", "-c", "clusters where year = 2022 show name, htx_new"], None);
    let b = htxq(&["-c", "clusters where year = 2022 show name, htx_new", "--format", "csv"], None);
    assert_eq!(stdout(&a), "name,htx_new\nTây Nguyên,199\n");
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn several_queries_one_json_document() {
    let o = htxq(
        &["-c", "clusters where year = 2011 show year; articles where year = 2011 show year", "--format", "json"],
        None,
    );
    assert_eq!(stdout(&o), "[[{\"year\":2011}],\n[{\"year\":2011}]]\n");
}

#[test]
fn markdown_is_a_github_table() {
    let o = htxq(&["-c", "clusters where year = 2024 show name, htx_total", "--format", "markdown"], None);
    assert_eq!(stdout(&o), "| name | htx_total |\n| --- | ---: |\n| Đồng bằng sông Hồng | 4884 |\n");
}

#[test]
fn queries_from_standard_input_last_without_semicolon() {
    let script = "# piped\nclusters\n  where year >= 2023\n  show name, year\n  sort year\nclusters where year = 2011 show htx_total";
    let o = htxq(&["--format", "csv"], Some(script));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "name,year\nTây Bắc,2023\nĐồng bằng sông Hồng,2024\nMiền núi phía Bắc,2025\n\nhtx_total\n2006\n"
    );
}

#[test]
fn query_error_exit_1_with_caret_and_hint() {
    let o = htxq(&["-c", "clusters where yeer = 2023"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.contains("unknown field `yeer`"), "{err}");
    assert!(err.contains("               ^^^^"), "{err}");
    assert!(err.contains("did you mean `year`?"), "{err}");
}

#[test]
fn usage_error_exit_2() {
    assert_eq!(htxq(&["--no-such-flag"], None).status.code(), Some(2));
    assert_eq!(htxq(&["--format", "xml", "-c", "clusters"], None).status.code(), Some(2));
    let o = htxq(&["build", "data/articles"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--db"), "{}", stderr(&o));
}

#[test]
fn run_file_errors_name_file_line_column() {
    let dir = tempdir();
    let file = dir.path().join("q.htxq");
    std::fs::write(&file, "clusters show name\n\nfacts\n  where kee = \"htx_total\"\nclusters show year\n").unwrap();
    let o = htxq(&["run", s(&file), "--format", "csv"], None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}:4:9", file.display())), "{err}");
    // stops at the first error: the last query did not run
    assert!(!stdout(&o).contains("year"), "{}", stdout(&o));
    let o = htxq(&["run", s(&file), "--format", "csv", "--keep-going"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("year\n2011"), "{}", stdout(&o));
}

#[test]
fn build_reports_bad_files_and_builds_the_good_ones() {
    let dir = tempdir();
    let db = dir.path().join("cum.db");
    let o = htxq(&["build", "--db", s(&db), "data/articles", "tests/fixtures/bad_inputs"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    for (file, why) in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("windows1258.txt", "not UTF-8"),
        ("report.pdf", "not an article"),
    ] {
        let line = err.lines().find(|l| l.contains(file)).unwrap_or_else(|| panic!("{file} not reported:\n{err}"));
        assert!(line.contains(why), "{line}");
    }
    assert!(err.contains("5 articles added"), "{err}");
    let q = htxq(&["--db", s(&db), "-c", "clusters where year=2023 show htx_total", "--format", "json"], None);
    assert_eq!(stdout(&q), "[{\"htx_total\":4169}]\n");
}

#[test]
fn rebuilding_with_the_same_files_changes_nothing() {
    let dir = tempdir();
    let db = dir.path().join("cum.db");
    let dump = |db: &std::path::Path| {
        let q = "articles show id, file, sha256; facts show article, key, value, start; clusters";
        stdout(&htxq(&["--db", s(db), "-c", q, "--format", "json"], None))
    };
    assert_eq!(htxq(&["build", "--db", s(&db), "data/articles"], None).status.code(), Some(0));
    let first = dump(&db);
    let o = htxq(&["build", "--db", s(&db), "data/articles"], None);
    assert!(stderr(&o).contains("0 articles added, 0 updated, 5 unchanged"), "{}", stderr(&o));
    assert_eq!(dump(&db), first);
    // the built database answers as the built-in corpus does
    let builtin = stdout(&htxq(&["-c", "clusters", "--format", "json"], None));
    assert_eq!(stdout(&htxq(&["--db", s(&db), "-c", "clusters", "--format", "json"], None)), builtin);
}

#[test]
fn databases_that_are_not_htxq_are_refused_clearly() {
    let dir = tempdir();
    let missing = dir.path().join("missing.db");
    let o = htxq(&["--db", s(&missing), "-c", "clusters"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no such database"), "{}", stderr(&o));
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not sqlite at all, just text that goes on for a while........").unwrap();
    let o = htxq(&["--db", s(&junk), "-c", "clusters"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("junk.db"), "{}", stderr(&o));
    // building into a non-htxq database fails and leaves it as it was
    let before = std::fs::read(&junk).unwrap();
    let o = htxq(&["build", "--db", s(&junk), "data/articles"], None);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&junk).unwrap(), before);
}

#[test]
fn explain_shows_sql_and_bound_parameters() {
    let o = htxq(&["-c", "explain clusters where name ~ \"tây bắc\" and year = 2023 show htx_total"], None);
    let out = stdout(&o);
    assert!(out.contains("htxq_fold(?1)"), "{out}");
    assert!(out.contains("?1 = \"tây bắc\"") && out.contains("?2 = 2023"), "{out}");
    assert!(!out.contains("'tây"), "{out}");
}

#[test]
fn a_damaged_database_is_an_error_not_text_in_every_row() {
    // regression: SQLite reads a double-quoted name that is no column as a string literal, so a
    // database missing a column once printed "htx_total" in every row (figure columns are now in
    // the targets and sources views, which SQLite will not let lose a column: `conflicts` stands in)
    let dir = tempdir();
    let db = dir.path().join("cum.db");
    assert_eq!(htxq(&["build", "--db", s(&db), "data/articles"], None).status.code(), Some(0));
    rusqlite::Connection::open(&db).unwrap().execute_batch("ALTER TABLE clusters DROP COLUMN conflicts").unwrap();
    let o = htxq(&["--db", s(&db), "-c", "clusters show conflicts"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(stderr(&o).contains("no field `conflicts`"), "{}", stderr(&o));
}

/// Several queries as JSON make one document a script can load; `jsonl` is one object per line;
/// CSV result sets are set apart by an empty line; a list field is a JSON array.
#[test]
fn outputs_scripts_can_trust() {
    let o = htxq(&["-c", "clusters show count() as n; provinces show count() as n", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON document");
    assert_eq!(doc, serde_json::json!([[{"n": 5}], [{"n": 27}]]));
    // one query: an array of objects, as before
    let o = htxq(&["-c", "clusters where year = 2023 show name, provinces", "--format", "json"], None);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc[0]["name"], "Tây Bắc");
    assert_eq!(doc[0]["provinces"].as_array().map(Vec::len), Some(7), "{doc}");
    let o = htxq(
        &["-c", "clusters where year = 2023 show name; clusters where year = 2011 show name", "--format", "jsonl"],
        None,
    );
    let lines: Vec<serde_json::Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    let o = htxq(&["-c", "clusters show count() as n; provinces show count() as m", "--format", "csv"], None);
    assert_eq!(stdout(&o), "n\n5\n\nm\n27\n");
}

#[test]
fn repeated_column_names_are_an_error_with_a_hint() {
    let o = htxq(&["-c", "clusters show year, htx_total as year"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the column `year` appears twice"), "{}", stderr(&o));
    assert!(stderr(&o).contains("with `as`"), "{}", stderr(&o));
}

/// `--param NAME=VALUE` binds `$NAME`: a number when it parses as one, else text; always a bound
/// parameter, never spliced into SQL.
#[test]
fn parameters_bind_values() {
    let o = htxq(
        &[
            "-c",
            "clusters where year = $y and name ~ $n show htx_total",
            "--param",
            "y=2023",
            "--param",
            "n=tay bac",
            "--format",
            "csv",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "htx_total\n4169\n");
    let o = htxq(&["-c", "explain clusters where name = $n", "--param", "n=x\" OR 1=1 --"], None);
    assert!(stdout(&o).contains("?1 = \"x\\\" OR 1=1 --\""), "{}", stdout(&o));
    let o = htxq(&["-c", "clusters where year = $year"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no value for `$year`") && stderr(&o).contains("--param year=VALUE"), "{}", stderr(&o));
    let o = htxq(&["-c", "clusters", "--param", "bad name=1"], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// SQL habits get the htxq way; the catalog is readable as rows by `-c`.
#[test]
fn sql_habits_and_the_catalog_as_rows() {
    for (q, hint) in [
        ("clusters group by name show name", "groups with `by`"),
        ("clusters order by year", "sorts with `sort`"),
        ("clusters show case when year > 2020 then 1 else 0 end", "if(condition, a, b)"),
        ("clusters show foo(year)", "functions: round"),
    ] {
        let o = htxq(&["-c", q], None);
        assert_eq!(o.status.code(), Some(1), "{q}");
        assert!(stderr(&o).contains(hint), "{q}: {}", stderr(&o));
        assert!(!stderr(&o).contains("something else"), "{q}: {}", stderr(&o));
    }
    let o = htxq(&["-c", "entities; fields targets", "--format", "csv"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("entity,meaning\nclusters,"), "{out}");
    assert!(out.contains("\n\nfield,type,unit,meaning\n") && out.contains("\nmet,"), "{out}");
    let o = htxq(&["-c", "fields provincs"], None);
    assert!(stderr(&o).contains("did you mean `provinces`"), "{}", stderr(&o));
    let o = htxq(&["-c", "provinces show count(distinct cluster) as n", "--format", "csv"], None);
    let n: i64 = stdout(&o).lines().nth(1).unwrap().parse().unwrap();
    let all = htxq(&["-c", "provinces by cluster show cluster", "--format", "csv"], None);
    assert_eq!(n as usize, stdout(&all).lines().count() - 1);
}

/// Output like ripgrep's: a write that fails is an error, a reader that stops reading ends the run
/// quietly and at once, and a closed or full stderr never makes htxq panic.
#[cfg(unix)]
mod output_errors {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    fn htxq() -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_htxq"));
        cmd.current_dir(super::super::util::root());
        cmd
    }

    #[test]
    fn a_full_stdout_is_an_error() {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = htxq().args(["-c", "facts"]).stdout(full).stderr(Stdio::piped()).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the output"));
    }

    #[test]
    fn a_full_stderr_never_panics() {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = htxq().args(["-c", "clusters where"]).stderr(full).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "an error exit, not a panic (101)");
    }

    /// `htxq build ... 2>&1 | head -1`: the messages of a build to a reader that has gone are
    /// dropped; the build itself completes.
    #[test]
    fn a_build_whose_stderr_reader_has_gone_completes() {
        let dir = super::super::util::tempdir();
        let db = dir.path().join("b.db");
        let mut child = htxq()
            .args(["build", "--db"])
            .arg(&db)
            .args(["data/articles", "tests/fixtures/bad_inputs"])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_ne!(status.code(), Some(101), "a panic");
        assert!(htxq::Engine::open(&db).unwrap().query("clusters").unwrap().rows.len() >= 5);
    }

    #[test]
    fn a_reader_that_stops_ends_the_run_quietly_and_at_once() {
        let dir = super::super::util::tempdir();
        let script = dir.path().join("many.htxq");
        std::fs::write(&script, "facts;\n".repeat(50_000)).unwrap();
        let mut child = htxq().arg("run").arg(&script).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        // the reader is gone: htxq must notice at its next write and stop, not run 50,000 queries
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[path = "../../benches/common/corpus.rs"]
#[allow(dead_code)]
mod corpus;

/// A build over many files shows a progress bar on a terminal (files, bytes, speed, time left)
/// and nothing but its summary in a pipe; `--quiet` says nothing at all.
#[test]
fn a_build_shows_progress_on_a_terminal_and_stays_silent_in_a_pipe() {
    let dir = tempdir();
    let articles = dir.path().join("articles");
    corpus::write(&articles, 400).unwrap();
    // a pipe: the summary line alone, no bar, no control characters
    let db = dir.path().join("pipe.db");
    let o = htxq(&["--db", s(&db), "build", s(&articles)], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("htxq: ") && err.contains("400 articles added"), "{err}");
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    // --quiet: nothing
    let db = dir.path().join("quiet.db");
    let o = htxq(&["--db", s(&db), "build", "--quiet", s(&articles)], None);
    assert!(o.status.success() && stderr(&o).is_empty(), "{}", stderr(&o));
    // a terminal: the bar counts the files and says how long is left, then gives way to the summary
    let db = dir.path().join("tty.db");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_htxq"));
    cmd.args(["--db", s(&db), "build", s(&articles)]).env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(cmd, Some(120_000)).unwrap();
    p.exp_regex(r"[0-9]+/400 files").unwrap();
    p.exp_string("left").unwrap();
    p.exp_string("400 articles added").unwrap();
    p.exp_eof().unwrap();
}

/// Shell completions and the manual page come from the same argument definitions as `--help`.
#[test]
fn completions_and_a_manual_page() {
    for shell in ["bash", "zsh", "fish"] {
        let o = htxq(&["completions", shell], None);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for word in ["build", "why", "format", "db", "quiet"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let o = htxq(&["completions", "tcshx"], None);
    assert_eq!(o.status.code(), Some(2));
    let o = htxq(&["man"], None);
    assert!(o.status.success());
    let page = stdout(&o);
    assert!(page.starts_with(".ie") || page.contains(".TH htxq 1"), "{page:.200}");
    for word in ["build", "\\-\\-format", "completions"] {
        assert!(page.contains(word), "the manual page lacks {word}");
    }
}
