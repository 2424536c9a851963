//! Writes the benchmark corpus to a folder: `N` article variants (default 3000) made from the real
//! articles in `data/articles/` and `tests/fixtures/` (see `benches/common/corpus.rs` for how).
//! The output is deterministic: the same `N` gives the same files, byte for byte.
//!
//!     cargo run --release --example gen_corpus -- OUT_DIR [N]

#[path = "../benches/common/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus OUT_DIR [N]   (N articles, default 3000)";
    let (dir, n) = match args.as_slice() {
        [dir] => (PathBuf::from(dir), 3000),
        [dir, n] => match n.parse::<usize>() {
            Ok(n) => (PathBuf::from(dir), n),
            Err(_) => {
                eprintln!("gen_corpus: N must be a whole number, not `{n}`\n{usage}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    match corpus::write(&dir, n) {
        Ok(w) => {
            println!(
                "wrote {} articles ({:.2} MB) from {} sources to {}",
                w.files.len(),
                w.bytes as f64 / 1e6,
                w.sources,
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
