//! Build throughput on a generated corpus of several thousand articles.
//!
//! Generates `HTXQ_BENCH_ARTICLES` article variants (default 3000; see `common/corpus.rs`) into a
//! temporary folder, then times three stages over all of them, each 3 times in this process on one
//! thread, and prints the median:
//!
//! - `ingest`: `htxq::ingest::load` on every file (read, decode, normalize, strip furniture, split
//!   sentences): the reference every build pays;
//! - `floor`: ingest, then the raw texts inserted into SQLite in one transaction: what a build
//!   that extracted nothing would cost;
//! - `extract`: `ingest::load`, then `extract::extract`, on every file;
//! - `build`: `htxq::store::build` of the whole folder into a fresh database file.
//!
//! Each line gives the input size, the median time, the throughput and that throughput as a
//! fraction of ingest's. Run with `cargo bench --bench build` (or
//! `HTXQ_BENCH_ARTICLES=500 cargo bench --bench build` for a quick look).

#[path = "common/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const RUNS: usize = 3;

fn main() -> ExitCode {
    let n = match std::env::var("HTXQ_BENCH_ARTICLES") {
        Err(_) => 3000,
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => {
                eprintln!("HTXQ_BENCH_ARTICLES must be a positive whole number, not `{v}`");
                return ExitCode::from(2);
            }
        },
    };
    match run(n) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench build: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("corpus");
    let started = Instant::now();
    let corpus = corpus::write(&dir, n)?;
    let mb = corpus.bytes as f64 / 1e6;
    println!("build throughput: median of {RUNS} runs, one thread, same process (files in the page cache)");
    println!(
        "corpus: {} articles from {} sources, {mb:.2} MB, generated in {:.2} s",
        corpus.files.len(),
        corpus.sources,
        started.elapsed().as_secs_f64()
    );

    let (ingest, articles) = median(|| {
        let mut articles = 0;
        for path in &corpus.files {
            if let Ok(doc) = htxq::ingest::load(path) {
                articles += 1;
                black_box(&doc);
            }
        }
        Ok(articles)
    })?;

    // the floor every build pays: the same files read and normalized, their raw texts inserted
    // into SQLite in one transaction
    let mut floor_no = 0;
    let (floor, _) = median(|| {
        floor_no += 1;
        let db = tmp.path().join(format!("floor-{floor_no}.sqlite"));
        let mut conn = rusqlite::Connection::open(&db)?;
        conn.execute_batch("CREATE TABLE raw (file TEXT NOT NULL, text TEXT NOT NULL)")?;
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare("INSERT INTO raw (file, text) VALUES (?1, ?2)")?;
            for path in &corpus.files {
                if let Ok(doc) = htxq::ingest::load(path) {
                    insert.execute(rusqlite::params![doc.file, doc.text])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    })?;

    let (extract, (extracted, facts)) = median(|| {
        let (mut articles, mut facts) = (0, 0);
        for path in &corpus.files {
            if let Ok(doc) = htxq::ingest::load(path) {
                let ex = htxq::extract::extract(&doc);
                articles += 1;
                facts += ex.facts.len();
                black_box(&ex);
            }
        }
        Ok((articles, facts))
    })?;

    let mut run_no = 0;
    let (build, report) = median(|| {
        run_no += 1;
        let db = tmp.path().join(format!("bench-{run_no}.sqlite"));
        let inputs: Vec<PathBuf> = vec![dir.clone()];
        Ok(htxq::store::build(&db, &inputs)?)
    })?;

    let line = |name: &str, t: Duration| {
        let s = t.as_secs_f64();
        let ratio = ingest.as_secs_f64() / s;
        println!("{name:<8} {s:6.2} s  {:7.1} MB/s  {ratio:.2}x of ingest", mb / s);
    };
    line("ingest", ingest);
    line("floor", floor);
    line("extract", extract);
    line("build", build);
    println!("ingest:  {articles} articles read");
    println!("extract: {extracted} articles, {facts} facts");
    println!(
        "build:   {} articles stored, {} identical texts not stored again, {} files skipped, {} cluster-year rows",
        report.added + report.updated,
        report.unchanged,
        report.skipped.len(),
        report.clusters
    );
    Ok(())
}

/// Runs `f` [`RUNS`] times; the median time and the last run's result.
fn median<T>(
    mut f: impl FnMut() -> Result<T, Box<dyn std::error::Error>>,
) -> Result<(Duration, T), Box<dyn std::error::Error>> {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = f()?;
        times.push(start.elapsed());
        last = Some(out);
    }
    times.sort();
    let out = last.ok_or("no runs")?;
    Ok((times[RUNS / 2], out))
}
