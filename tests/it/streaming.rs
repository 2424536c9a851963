//! Results written as SQLite returns them (issue 12, part 4): the text formats print the same
//! bytes as when results were held whole, a table shows its first rows and counts the rest, and a
//! query over a very large article runs in bounded memory. Real binary, real SQLite, real files.

use std::path::PathBuf;

use super::util::{htxq, root, stderr, stdout};

/// The query fixtures, in order, and a few statements they lack: list fields, the catalog as
/// rows, `chart` and `explain` in the data formats, NULLs and decimals.
fn statements() -> Vec<(String, String)> {
    let mut out = super::util::query_fixtures("queries");
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

/// One article of about 500 KB whose facts all carry long sentences: `paragraphs` sentences of
/// 200 figures each ("… có 101 HTX, 102 HTX, …"), so `facts show sentence` gives 200 rows per
/// sentence, each with its whole sentence of about 2 KB. Its output is 200 times the article:
/// held whole, that was 100 MB of rows, and the text made of them again.
fn long_sentences_article(paragraphs: usize) -> String {
    let mut text = String::from("Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2023\n\n");
    for p in 0..paragraphs {
        let figures: Vec<String> = (0..200).map(|i| format!("{} HTX", 100 + p * 200 + i)).collect();
        text.push_str(&format!("Đoạn {p}: năm 2023, toàn Cụm có {}.\n\n", figures.join(", ")));
    }
    text
}

/// A database of [`long_sentences_article`] in `dir`, and its count of facts.
fn long_sentences_db(dir: &std::path::Path) -> (PathBuf, u64) {
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    let text = long_sentences_article(250);
    assert!((450_000..650_000).contains(&text.len()), "{} bytes", text.len());
    std::fs::write(articles.join("long.txt"), text).unwrap();
    let db = dir.join("long.db");
    htxq::build(&db, &[articles]).unwrap();
    let engine = htxq::Engine::open(&db).unwrap();
    let n = engine.query("facts show count()").unwrap().rows[0][0].as_i64().unwrap();
    assert!(n >= 40_000, "{n} facts");
    (db, n as u64)
}

/// How a child's peak memory is measured here: GNU time's report, else `VmHWM` polled from
/// `/proc`; neither (not Linux): `None`.
#[derive(Clone, Copy, Debug)]
enum Meter {
    Time,
    Proc,
}

fn meter() -> Option<Meter> {
    let time = std::process::Command::new("/usr/bin/time")
        .args(["-v", "true"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stderr).contains("Maximum resident set size"));
    if time {
        Some(Meter::Time)
    } else if std::path::Path::new("/proc/self/status").exists() {
        Some(Meter::Proc)
    } else {
        None
    }
}

/// Runs `htxq args`, hands its standard output to `read` as it comes, and returns what `read`
/// returned with the run's peak resident memory in kB and its standard error.
fn measured<T>(meter: Meter, args: &[&str], read: impl FnOnce(std::process::ChildStdout) -> T) -> (T, u64, String) {
    use std::io::Read as _;
    use std::process::{Command, Stdio};
    let bin = env!("CARGO_BIN_EXE_htxq");
    let mut cmd = match meter {
        Meter::Time => {
            let mut c = Command::new("/usr/bin/time");
            c.arg("-v").arg(bin);
            c
        }
        Meter::Proc => Command::new(bin),
    };
    cmd.args(args).current_dir(root()).env("NO_COLOR", "1").stdin(Stdio::null());
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let pid = child.id();
    // VmHWM is the process's own high-water mark: the last reading before it exits is its peak
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let poll = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut peak = 0u64;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:"));
                if let Some(kb) = hwm.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok()) {
                    peak = peak.max(kb);
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            peak
        })
    };
    let mut err_pipe = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let out = read(child.stdout.take().unwrap());
    let status = child.wait().unwrap();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let polled = poll.join().unwrap();
    let err = err_reader.join().unwrap();
    assert!(status.success(), "htxq {args:?}: {err}");
    let peak = match meter {
        Meter::Time => err
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no peak in GNU time's report: {err}")),
        Meter::Proc => polled,
    };
    (out, peak, err)
}

/// Issue 12: `facts show sentence` over one ~500 KB article used 5.5 GB as CSV and more than
/// 10 GB as a table, holding the result whole. Streamed, both stay under 100 MB: the CSV holds
/// one row at a time, the table its first 1,000 rows and a count of the rest.
#[test]
fn a_result_a_hundred_times_its_article_prints_in_bounded_memory() {
    let Some(meter) = meter() else {
        eprintln!("skipped: neither /usr/bin/time -v nor /proc to measure peak memory with");
        return;
    };
    let dir = super::util::tempdir();
    let (db, facts) = long_sentences_db(dir.path());
    let db = db.to_str().unwrap();
    let limit_kb = 100 * 1024;

    let ((records, bytes), peak, _) =
        measured(meter, &["--db", db, "-c", "facts show sentence", "--format", "csv"], |out| {
            let mut counted = CountingReader { inner: out, bytes: 0 };
            let mut csv = csv::Reader::from_reader(&mut counted);
            let mut records = 0u64;
            for record in csv.records() {
                record.unwrap();
                records += 1;
            }
            (records, counted.bytes)
        });
    assert_eq!(records, facts, "one CSV record per fact");
    assert!(bytes > 80_000_000, "{bytes} bytes of sentences: enough to show memory that grows with them");
    assert!(peak < limit_kb, "csv: peak resident memory {} MB ({meter:?})", peak / 1024);

    let (lines, peak, _) = measured(meter, &["--db", db, "-c", "facts show sentence"], |out| {
        use std::io::BufRead as _;
        std::io::BufReader::new(out).lines().map(Result::unwrap).collect::<Vec<String>>()
    });
    assert!(peak < limit_kb, "table: peak resident memory {} MB ({meter:?})", peak / 1024);
    let rows = lines.iter().filter(|l| l.starts_with('│')).count() as u64;
    assert_eq!(rows, 1 + 1_000, "the header and the first 1,000 rows");
    let rest = facts - 1_000;
    let rest = format!("{},{:03}", rest / 1000, rest % 1000);
    assert_eq!(lines.last().unwrap(), &format!("… {rest} more rows; --max-rows 0 to show all"));
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < htxq::render::MAX_CELL_CHARS + 10, "cells cut: a line of {longest} characters");
}

/// Counts the bytes read through it.
struct CountingReader<R> {
    inner: R,
    bytes: u64,
}

impl<R: std::io::Read> std::io::Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// The library reads a query's rows one at a time, typed and marked as a [`htxq::ResultSet`]
/// holds them, without making one; a cancel and an overflow while rows are read end them with the
/// same errors as [`htxq::Engine::query`].
#[test]
fn the_library_iterates_rows_without_holding_them() {
    let dir = super::util::tempdir();
    let (db, facts) = long_sentences_db(dir.path());
    let engine = htxq::Engine::open(&db).unwrap();
    let compiled = htxq::compile("facts show value, sentence").unwrap();
    let mut prepared = engine.prepare_rows(&compiled).unwrap();
    assert_eq!(prepared.column_names(), ["value", "sentence"], "the columns before any row");
    let (mut n, mut longest) = (0u64, 0);
    for row in prepared.rows().unwrap() {
        let row = row.unwrap();
        assert!(matches!(row.values[0], htxq::Value::Integer(v) if v >= 100), "{:?}", row.values[0]);
        longest = longest.max(row.values[1].as_str().unwrap().len());
        n += 1;
    }
    assert_eq!(n, facts);
    assert!(longest > 1_500, "whole sentences: {longest} bytes");

    // typed and marked as a ResultSet: the merge fixtures' disputed values, row by row
    let merged = dir.path().join("merge.db");
    htxq::build(&merged, &[root().join("tests/fixtures/merge")]).unwrap();
    let engine = htxq::Engine::open(&merged).unwrap();
    let q = "clusters show name, year, htx_total, htx_new, income_avg, head sort name, year";
    let whole = engine.query(q).unwrap();
    assert!(!whole.disputed.is_empty(), "the fixtures disagree somewhere");
    let htxq::Streaming::Rows(mut prepared) = engine.stream(q).unwrap() else { panic!("rows") };
    let rows: Vec<htxq::Row> = prepared.rows().unwrap().map(Result::unwrap).collect();
    assert_eq!(rows.iter().map(|r| r.values.clone()).collect::<Vec<_>>(), whole.rows);
    let disputed: Vec<(usize, usize)> =
        rows.iter().enumerate().flat_map(|(r, row)| row.disputed.iter().map(move |&c| (r, c))).collect();
    assert_eq!(disputed, whole.disputed);

    // an overflow while stepping points at the sum, as from `query`
    let engine = htxq::Engine::builtin().unwrap();
    let q = "clusters show sum(9223372036854775807)";
    let htxq::Streaming::Rows(mut prepared) = engine.stream(q).unwrap() else { panic!("rows") };
    let mut rows = prepared.rows().unwrap();
    let Some(Err(htxq::Error::Query(streamed))) = rows.next() else { panic!("an overflow") };
    assert!(rows.next().is_none(), "an error ends the rows");
    let Err(htxq::Error::Query(whole)) = engine.query(q) else { panic!("an overflow") };
    assert_eq!(streamed, whole);
    assert_eq!(&q[streamed.span.clone()], "sum");

    // Ctrl-C: SQLite interrupted between two rows ends them with Cancelled
    let engine = htxq::Engine::open(&db).unwrap();
    let compiled = htxq::compile("facts show sentence").unwrap();
    let mut prepared = engine.prepare_rows(&compiled).unwrap();
    let mut rows = prepared.rows().unwrap();
    assert!(rows.next().unwrap().is_ok());
    engine.interrupt_handle().interrupt();
    assert!(matches!(rows.next(), Some(Err(htxq::Error::Cancelled))));
    assert!(rows.next().is_none());
    drop(rows);
    // and the engine answers the next query
    assert_eq!(engine.query("articles show count()").unwrap().rows[0][0], htxq::Value::Integer(1));
}

/// `--max-rows N` shows a table's first N rows and counts the rest; 0 shows every row; the data
/// formats are not capped.
#[test]
fn max_rows_caps_tables_and_counts_the_rest() {
    let engine = htxq::Engine::builtin().unwrap();
    let facts = engine.query("facts show count()").unwrap().rows[0][0].as_i64().unwrap() as usize;
    assert!(facts > 20, "{facts}");
    let rows = |out: &str| out.lines().filter(|l| l.starts_with('│')).count() - 1;

    let o = htxq(&["-c", "facts show key, value", "--max-rows", "5"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(rows(&out), 5, "{out}");
    assert!(out.ends_with(&format!("┘\n… {} more rows; --max-rows 0 to show all\n", facts - 5)), "{out}");
    // the rows shown are the first ones
    let csv = stdout(&htxq(&["-c", "facts show key, value", "--format", "csv"], None));
    let first: Vec<&str> = csv.lines().skip(1).take(5).map(|l| l.split(',').next().unwrap()).collect();
    let shown: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with('│'))
        .skip(1)
        .map(|l| l.trim_start_matches('│').trim().split(' ').next().unwrap())
        .collect();
    assert_eq!(shown, first);

    let o = htxq(&["-c", "facts show key, value", "--max-rows", "0"], None);
    assert_eq!(rows(&stdout(&o)), facts);
    assert!(stdout(&o).ends_with("┘\n"), "no line about rows left out");
    // one row left: said in the singular
    let o = htxq(&["-c", "facts show key", "--max-rows", &(facts - 1).to_string()], None);
    assert!(stdout(&o).ends_with("┘\n… 1 more row; --max-rows 0 to show all\n"), "{}", stdout(&o));
    // a result that fits is printed as before, without a line
    let o = htxq(&["-c", "clusters show name", "--max-rows", "5"], None);
    assert_eq!(rows(&stdout(&o)), 5);
    assert!(stdout(&o).ends_with("┘\n"));
    // the data formats give every row
    let o = htxq(&["-c", "facts show key", "--format", "csv", "--max-rows", "2"], None);
    assert_eq!(stdout(&o).lines().count(), facts + 1);
    // each query of a run is capped on its own
    let o = htxq(&["-c", "facts show key; clusters show name", "--max-rows", "3"], None);
    let out = stdout(&o);
    assert_eq!(out.matches(" more rows; --max-rows 0 to show all").count(), 2, "{out}");
    assert!(out.contains("┘\n… 2 more rows; --max-rows 0 to show all\n"), "{out}");
    assert_eq!(rows(&out), 3 + 1 + 3, "{out}");
    let o = htxq(&["-c", "facts", "--max-rows", "x"], None);
    assert_eq!(o.status.code(), Some(2));
}

/// Output that stops part-way: a reader that closes the pipe after one row ends the run quietly
/// (and SQLite with it); an error after some rows leaves them printed, a JSON array closed, and
/// the error on standard error with exit 1.
#[cfg(unix)]
#[test]
fn output_that_stops_part_way() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = super::util::tempdir();
    let (db, _) = long_sentences_db(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_htxq"))
        .args(["--db", db.to_str().unwrap(), "-c", "facts show sentence", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"sentence\":\"Đoạn 0"), "{first:.80}");
    // the reader is gone after one line of 100 MB: htxq stops at its next write, quietly
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));

    // an overflow in a later group (groups come in their order, unsorted): the groups before it
    // are printed
    let q = "provinces by name show name, sum(if(name = \"Lào Cai\", 9223372036854775807, 1)) as n";
    let o = htxq(&["-c", q, "--format", "json"], None);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("a closed JSON array");
    assert!(!printed.as_array().unwrap().is_empty(), "{printed}");
    assert!(stdout(&o).ends_with("}]\n"), "{}", stdout(&o));
    assert!(stderr(&o).contains("integer overflow") && stderr(&o).contains("^^^"), "{}", stderr(&o));
}
