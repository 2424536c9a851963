//! An archive at scale, measured in one run: `HTXQ_SCALE_ARTICLES` generated articles (default
//! 10,000; the figure is 100,000), each result beside its reference from the same run.
//!
//! - build: `htxq::store::build` of the whole folder into a fresh file (MB/s), and this process's
//!   peak resident memory afterwards (`VmHWM`, generation included);
//! - add one article: `htxq::store::build` of one new file into that database (reference: the
//!   whole build);
//! - search: `articles where text ~ "Hòa Lợi Phát"` from the trigram index against the same
//!   search as a full scan of the folded texts (rows compared);
//! - the README's typical query, compiled and run by htxq, against the same query written by hand
//!   in SQL on the same connection, every column of every row read (median of 201 each, alternating).
//!
//! Run with `cargo bench --bench scale` (or `HTXQ_SCALE_ARTICLES=100000 cargo bench --bench scale`;
//! about five minutes and 0.5 GB of generated files on the 2-core machine).

#[path = "common/corpus.rs"]
mod corpus;

use std::process::ExitCode;
use std::time::{Duration, Instant};

const TYPICAL: &str = "clusters where year >= 2022 and name ~ \"tay bac\" show name, year, htx_total, htx_members / htx_total as m sort year desc limit 10";
const TYPICAL_SQL: &str = "SELECT name, year, htx_total, CAST(htx_members AS REAL) / htx_total AS m FROM clusters
    WHERE year >= 2022 AND instr(htxq_fold(name), htxq_fold('tay bac')) > 0 ORDER BY year DESC LIMIT 10";
const NEEDLE: &str = "Hòa Lợi Phát";

fn main() -> ExitCode {
    let n = std::env::var("HTXQ_SCALE_ARTICLES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(10_000usize);
    match run(n) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench scale: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let articles = dir.path().join("articles");
    let written = corpus::write(&articles, n)?;
    let mb = written.bytes as f64 / 1e6;
    println!("{n} generated articles from {} sources, {mb:.1} MB", written.sources);

    let db = dir.path().join("scale.db");
    let started = Instant::now();
    let report = htxq::store::build(&db, std::slice::from_ref(&articles))?;
    let build = started.elapsed();
    println!(
        "build                      {:>9.2} s  {:>6.1} MB/s  ({} added, {} clusters; peak memory of this process {} MB)",
        build.as_secs_f64(),
        mb / build.as_secs_f64(),
        report.added,
        report.clusters,
        peak_mb().map_or("?".into(), |m| m.to_string())
    );

    let one = dir.path().join("one");
    std::fs::create_dir_all(&one)?;
    let sources = corpus::sources()?;
    let (name, text) = corpus::variant(&sources, n + 1);
    std::fs::write(one.join(name), text)?;
    let started = Instant::now();
    htxq::store::build(&db, &[one])?;
    let add = started.elapsed();
    println!(
        "add one article            {:>9.3} s  {:>6.4}x the whole build",
        add.as_secs_f64(),
        add.as_secs_f64() / build.as_secs_f64()
    );

    let engine = htxq::Engine::open(&db)?;
    let search = format!("articles where text ~ \"{NEEDLE}\" show id");
    let scan = "SELECT id FROM articles WHERE instr(htxq_fold(text), htxq_fold(?1)) > 0";
    let (mut indexed_rows, mut scanned_rows) = (Vec::new(), Vec::new());
    let indexed = median(3, || indexed_rows = engine.query(&search).map(|rs| rs.rows).unwrap_or_default());
    let scanned = median(3, || {
        let mut stmt = engine.connection().prepare_cached(scan).expect("the scan prepares");
        scanned_rows = stmt
            .query_map([NEEDLE], |r| r.get::<_, i64>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .unwrap_or_default();
    });
    let mut indexed_ids: Vec<i64> = indexed_rows.iter().filter_map(|r| r[0].as_i64()).collect();
    indexed_ids.sort_unstable();
    scanned_rows.sort_unstable();
    println!(
        "search `{NEEDLE}` indexed {:>9.1} ms  full scan {:.1} ms  ({:.3}x; {} rows, {})",
        ms(indexed),
        ms(scanned),
        indexed.as_secs_f64() / scanned.as_secs_f64(),
        indexed_ids.len(),
        if indexed_ids == scanned_rows { "the same rows" } else { "DIFFERENT ROWS" }
    );

    let compiled = htxq::compile(TYPICAL)?;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..201 {
        let t = Instant::now();
        std::hint::black_box(engine.execute(&compiled)?);
        ours.push(t.elapsed());
        let t = Instant::now();
        let mut stmt = engine.connection().prepare_cached(TYPICAL_SQL)?;
        // every column of every row, as a client of SQLite reads them
        let rows: Vec<Vec<rusqlite::types::Value>> =
            stmt.query_map([], |r| (0..4).map(|i| r.get(i)).collect())?.collect::<Result<_, _>>()?;
        std::hint::black_box(rows);
        theirs.push(t.elapsed());
    }
    let (ours, theirs) = (middle(ours), middle(theirs));
    println!(
        "typical query              {:>9.3} ms  hand-written SQL {:.3} ms  ({:.2}x)",
        ms(ours),
        ms(theirs),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
    Ok(())
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    middle(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn middle(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// This process's peak resident memory in MB (`VmHWM`), where `/proc` tells it.
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 =
        status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches(" kB").trim().parse().ok()?;
    Some(kb / 1024)
}
