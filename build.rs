//! Build-time data: compiles the articles in `data/articles/` into the binary as the built-in
//! corpus, and the lexicon in `data/lexicon/*.tsv` into static tables (`src/extract/lexicon.rs`).
//!
//! The lexicon build fails, naming the file and line, on a row it cannot read, an unknown class,
//! a phrase not in NFC, a phrase listed twice in one class (also when the two spellings differ only
//! in case or tone placement), or one phrase given two values in one class
//! (`src/extract/lexicon_source.rs` has the checks and their tests).

use std::fmt::Write as _;
use std::path::Path;

#[path = "src/extract/tone.rs"]
#[allow(dead_code)] // shared with the crate; the build script uses only `matchable`
mod tone;

#[path = "src/extract/lexicon_source.rs"]
mod lexicon_source;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out_dir).join("builtin_articles.rs"), builtin_articles(root)).unwrap();
    match lexicon(root) {
        Ok(code) => std::fs::write(Path::new(&out_dir).join("lexicon.rs"), code).unwrap(),
        Err(e) => panic!("data/lexicon: {e}"),
    }
}

fn builtin_articles(root: &Path) -> String {
    let dir = root.join("data/articles");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("data/articles exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    entries.sort();
    let mut out = String::from("&[\n");
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        writeln!(out, "    ({name:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    out.push(']');
    out
}

/// Reads every `data/lexicon/*.tsv` and writes the tables, or says what is wrong and where.
fn lexicon(root: &Path) -> Result<String, String> {
    let dir = root.join("data/lexicon");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        files.push((name, text));
    }
    let classes = lexicon_source::read(&files, tone::matchable)?;
    Ok(lexicon_source::generate(&classes))
}
