//! Prints what extraction gives for every article under the given files and folders, as one JSON
//! object per article (file name → `Extraction`), sorted by path. Used to check that a change to
//! the extractor keeps its output: dump before, dump after, `diff`.
//!
//!     cargo run --release --example dump_extraction -- tests/fixtures data/articles > before.json

fn main() {
    let inputs: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let (mut files, _) = htxq::ingest::collect_files(&inputs);
    files.sort();
    for path in files {
        let Ok(doc) = htxq::ingest::load(&path) else { continue };
        let ex = htxq::extract::extract(&doc);
        let line = serde_json::json!({ "file": path.display().to_string(), "extraction": ex });
        println!("{line}");
    }
}
