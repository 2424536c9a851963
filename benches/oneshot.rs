//! One-shot start-up: `htxq -c QUERY` on the built-in corpus against the same query typed into
//! `sqlite3` on a database file holding the same corpus (its reference, measured in the same run).
//!
//! Each command runs `HTXQ_BENCH_RUNS` times (default 40), the two alternating so that both see the
//! same machine; the median wall time of each, and their ratio, are printed. Run with `cargo bench
//! --bench oneshot` (release build). Needs `sqlite3` on the PATH; without it, says so and stops.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const HTXQ_QUERY: &str = "clusters where year >= 2022 show name, year, htx_total sort year";
const SQL: &str = "SELECT name, year, htx_total FROM clusters WHERE year >= 2022 ORDER BY year;";

fn main() -> ExitCode {
    let runs = std::env::var("HTXQ_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(40usize);
    let htxq = env!("CARGO_BIN_EXE_htxq");
    if Command::new("sqlite3").arg("-version").stdout(Stdio::null()).status().is_err() {
        eprintln!("bench oneshot: no sqlite3 on the PATH; install it (Debian: sqlite3) to measure the reference");
        return ExitCode::FAILURE;
    }
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("bench oneshot: {e}");
            return ExitCode::FAILURE;
        }
    };
    let db = dir.path().join("builtin.db");
    let articles = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles");
    let built = Command::new(htxq).args(["build", "--db"]).arg(&db).arg(&articles).stdout(Stdio::null()).status();
    if !built.is_ok_and(|s| s.success()) {
        eprintln!("bench oneshot: could not build {}", db.display());
        return ExitCode::FAILURE;
    }
    let mut ours = Vec::with_capacity(runs);
    let mut reference = Vec::with_capacity(runs);
    for _ in 0..runs {
        ours.push(time(Command::new(htxq).args(["-c", HTXQ_QUERY, "--format", "csv"])));
        reference.push(time(Command::new("sqlite3").arg("-csv").arg(&db).arg(SQL)));
    }
    let (ours, reference) = (median(ours), median(reference));
    println!("sqlite3 one-shot (reference)   {:>8.2} ms", ms(reference));
    println!(
        "htxq -c on the built-in corpus {:>8.2} ms   {:.2}x sqlite3",
        ms(ours),
        ours.as_secs_f64() / reference.as_secs_f64()
    );
    ExitCode::SUCCESS
}

fn time(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status();
    let took = start.elapsed();
    assert!(status.is_ok_and(|s| s.success()), "{cmd:?} failed");
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
