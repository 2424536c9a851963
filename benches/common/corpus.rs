//! A generated corpus of article variants for throughput benchmarks, made from the real articles
//! in the repository.
//!
//! Shared by `benches/build.rs` and `examples/gen_corpus.rs` (each includes this file with
//! `#[path = "..."] mod corpus;`).
//!
//! Sources are every `.txt`, `.md`, `.html` and `.htm` file under `data/articles/` and
//! `tests/fixtures/` (recursively, sorted by path; `tests/fixtures/bad_inputs`, folders named
//! `phrases`, hidden entries and files that are not UTF-8 are skipped), read at run time from the
//! crate root. Variant `k` is source `k % sources`, transformed with a PRNG seeded by `k`:
//!
//! - every run of ASCII digits keeps its first digit and gets pseudo-random digits after it (same
//!   length, punctuation untouched, so "4.169" stays a number and "15/3" a date); 4-digit years
//!   `19xx`/`20xx` are kept; in web pages only text is touched, not tags, `<script>`/`<style>`
//!   contents or character references;
//! - in `.txt`/`.md` sources, with probability 1/2, two body paragraphs (blank-line separated,
//!   after the first three) swap places.
//!
//! Variant `k` is named `{k:05}_{source_stem}.{ext}` with the source's extension. The output
//! depends only on `k` and the source files: the same `n` gives the same files, byte for byte.
//! No two variants have the same article text as htxq reads it (see [`write`]).

use std::io;
use std::path::{Path, PathBuf};

/// Article extensions read as sources (compared case-insensitively).
const EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// One source article.
pub struct Source {
    /// File name without extension.
    pub stem: String,
    /// Extension as spelled in the source's name.
    pub ext: String,
    /// The whole file.
    pub text: String,
}

impl Source {
    fn is_html(&self) -> bool {
        matches!(self.ext.to_ascii_lowercase().as_str(), "html" | "htm")
    }
}

/// What [`write`] wrote.
pub struct Written {
    /// The files, in variant order.
    pub files: Vec<PathBuf>,
    /// Their total size in bytes.
    pub bytes: u64,
    /// How many source articles they were made from.
    pub sources: usize,
}

/// Reads the source articles from the crate root, sorted by path.
pub fn sources() -> io::Result<Vec<Source>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["data/articles", "tests/fixtures"] {
        walk(&root.join(dir), &root.join("tests/fixtures/bad_inputs"), &mut paths)?;
    }
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let Ok(text) = String::from_utf8(std::fs::read(&path)?) else { continue };
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = path.extension().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        out.push(Source { stem, ext, text });
    }
    Ok(out)
}

fn walk(dir: &Path, skip: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if name != "phrases" && path != skip {
                walk(&path, skip, out)?;
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Writes variants `0..n` into `dir` (created if missing) and lists them.
pub fn write(dir: &Path, n: usize) -> io::Result<Written> {
    let sources = sources()?;
    if sources.is_empty() && n > 0 {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            "no source articles under data/articles or tests/fixtures",
        ));
    }
    std::fs::create_dir_all(dir)?;
    let mut written = Written { files: Vec::with_capacity(n), bytes: 0, sources: sources.len() };
    // no two article texts alike, as htxq reads them (a page whose digits are all in its furniture
    // or its years would repeat): a variant another already has is made again with another seed,
    // then from the next sources
    let mut seen = std::collections::HashSet::new();
    for k in 0..n {
        let mut tries = (0..DISTINCT_TRIES).map(|t| variant_try(&sources, k, t));
        let first = tries.next().unwrap_or_else(|| variant(&sources, k));
        let fresh = |(name, text): &(String, String), seen: &mut std::collections::HashSet<String>| {
            htxq::ingest::parse(name, text.as_bytes()).map_or(true, |doc| seen.insert(doc.sha256))
        };
        let (name, text) =
            if fresh(&first, &mut seen) { first } else { tries.find(|v| fresh(v, &mut seen)).unwrap_or(first) };
        let path = dir.join(name);
        std::fs::write(&path, &text)?;
        written.bytes += text.len() as u64;
        written.files.push(path);
    }
    Ok(written)
}

/// How many variants [`write`] tries for one number before it keeps a repeated text.
const DISTINCT_TRIES: usize = 12;

/// Variant `k`: its file name and contents. `sources` must not be empty.
pub fn variant(sources: &[Source], k: usize) -> (String, String) {
    variant_try(sources, k, 0)
}

/// Try `t` at variant `k`: try 0 is [`variant`]; later tries reseed, and from the fourth take the
/// next sources.
fn variant_try(sources: &[Source], k: usize, t: usize) -> (String, String) {
    let source = &sources[(k + t / 4) % sources.len()];
    let mut rng = Rng::new(k as u64 ^ ((t as u64) << 40));
    let mut text = perturb_digits(&source.text, source.is_html(), &mut rng);
    if !source.is_html() && rng.below(2) == 0 {
        text = swap_paragraphs(&text, &mut rng);
    }
    (format!("{k:05}_{}.{}", source.stem, source.ext), text)
}

/// SplitMix64: tiny, deterministic, good enough to shuffle digits.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Replaces every digit after the first of each digit run, except in 4-digit years (19xx, 20xx).
/// In HTML, digits inside tags, character references and `<script>`/`<style>` are kept.
fn perturb_digits(text: &str, html: bool, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if html {
            let skip = html_markup_len(&chars, i);
            if skip > 0 {
                out.extend(&chars[i..i + skip]);
                i += skip;
                continue;
            }
        }
        if !c.is_ascii_digit() {
            out.push(c);
            i += 1;
            continue;
        }
        let end = chars[i..].iter().position(|c| !c.is_ascii_digit()).map_or(chars.len(), |p| i + p);
        let run = &chars[i..end];
        let year = run.len() == 4 && matches!(run[..2], ['1', '9'] | ['2', '0']);
        out.push(run[0]);
        for &d in &run[1..] {
            out.push(if year { d } else { char::from(b'0' + rng.below(10) as u8) });
        }
        i = end;
    }
    out
}

/// How many chars of markup start at `chars[i]`: a tag (with a whole `<script>`/`<style>` element
/// when it opens one), a comment, or a character reference; 0 for text.
fn html_markup_len(chars: &[char], i: usize) -> usize {
    let rest = &chars[i..];
    let find = |from: usize, pat: &str| (from..rest.len()).find(|&j| starts_with(&rest[j..], pat));
    match rest.first() {
        Some('<') => {
            if starts_with(rest, "<!--") {
                return find(4, "-->").map_or(rest.len(), |j| j + 3);
            }
            let tag_end = find(1, ">").map_or(rest.len(), |j| j + 1);
            for raw in ["script", "style"] {
                if starts_with(rest, &format!("<{raw}")) {
                    let close = format!("</{raw}");
                    return find(tag_end, &close).map_or(rest.len(), |j| j + close.chars().count());
                }
            }
            tag_end
        }
        Some('&') => {
            let name = rest[1..].iter().take(12).take_while(|c| c.is_ascii_alphanumeric() || **c == '#').count();
            if name > 0 && rest.get(1 + name) == Some(&';') { name + 2 } else { 0 }
        }
        _ => 0,
    }
}

fn starts_with(chars: &[char], pat: &str) -> bool {
    let pat: Vec<char> = pat.chars().collect();
    chars.len() >= pat.len() && chars[..pat.len()].iter().zip(&pat).all(|(a, b)| a.eq_ignore_ascii_case(b))
}

/// Swaps two paragraphs after the first three (paragraphs are runs of non-blank lines); the blank
/// lines between them, and every line ending, stay where they were.
fn swap_paragraphs(text: &str, rng: &mut Rng) -> String {
    // text = gaps[0] paras[0] gaps[1] paras[1] … paras[n-1] gaps[n]
    let mut gaps: Vec<String> = vec![String::new()];
    let mut paras: Vec<String> = Vec::new();
    let mut open = false; // the last line read belongs to paras[n-1]
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let ending = &line[content.len()..];
        let last = gaps.len() - 1;
        if content.trim().is_empty() {
            gaps[last].push_str(line);
            open = false;
        } else if open {
            // the previous line's ending joins two lines of the same paragraph
            let joint = std::mem::take(&mut gaps[last]);
            paras[last - 1].push_str(&joint);
            paras[last - 1].push_str(content);
            gaps[last].push_str(ending);
        } else {
            paras.push(content.to_string());
            gaps.push(ending.to_string());
            open = true;
        }
    }
    if paras.len() >= 5 {
        let body = paras.len() - 3;
        let a = 3 + rng.below(body as u64) as usize;
        let b = 3 + (a - 3 + 1 + rng.below(body as u64 - 1) as usize) % body;
        paras.swap(a, b);
    }
    let mut out = String::with_capacity(text.len());
    for (i, gap) in gaps.iter().enumerate() {
        out.push_str(gap);
        if let Some(p) = paras.get(i) {
            out.push_str(p);
        }
    }
    out
}
