//! Build-time data: compiles the articles in `data/articles/` into the binary as the built-in
//! corpus, and the lexicon in `data/lexicon/*.tsv` into static tables (`src/extract/lexicon.rs`).
//!
//! The lexicon build fails, naming the file and line, on a row it cannot read, an unknown class,
//! a phrase not in NFC, a phrase listed twice in one class (also when the two spellings differ only
//! in case or tone placement), or one phrase given two values in one class.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[path = "src/extract/tone.rs"]
#[allow(dead_code)] // shared with the crate; the build script uses only `matchable`
mod tone;

/// Each lexicon class and the Rust type of its values; `()` classes take `-` as value.
const CLASSES: &[(&str, &str)] = &[
    // reading numbers (quantity.rs)
    ("scale", "Scale"),
    ("rate_word", "()"),
    ("money_word", "()"),
    ("range_word", "()"),
    ("unit", "Unit"),
    ("qualifier", "Qualifier"),
    ("qualifier_filler", "()"),
    ("qualifier_after", "Qualifier"),
    ("per", "Per"),
    // which figure (figures.rs)
    ("cue", "Aspect"),
    ("cue_after", "Aspect"),
    ("later_verb", "Aspect"),
    ("sector_lead", "()"),
    ("sector", "Sector"),
    ("average_marker", "()"),
    ("per_marker", "()"),
    ("cooperative_after", "()"),
    ("training_word", "()"),
    ("lending_word", "()"),
    ("employment_word", "()"),
    ("regular_after", "()"),
    ("measure", "Measure"),
    // the sentence walk (mod.rs)
    ("whole_marker", "()"),
    ("target_cue", "()"),
    ("subset_marker", "()"),
    ("superlative", "()"),
    ("list_glue", "()"),
    ("label_filler", "()"),
    ("count_subject", "()"),
    ("copula", "()"),
    ("to_word", "()"),
    // the report (mod.rs)
    ("alliance_word", "()"),
    ("cooperative_word", "()"),
    ("cluster_word", "()"),
    ("look_alike", "()"),
    ("year_cue", "YearCue"),
    ("year_lead", "()"),
    ("legal", "()"),
    ("cluster_number_lead", "()"),
    ("session_lead", "()"),
    ("ordinal", "i64"),
    ("list_count_unit", "()"),
    ("past", "()"),
    ("province_list_glue", "()"),
    ("role", "Role"),
    ("handover", "()"),
    ("role_pointer", "()"),
    ("role_pointer_not", "()"),
    ("role_phrase_end", "()"),
    ("date_lead", "()"),
    ("month_word", "()"),
    ("year_word", "()"),
    ("meeting_word", "()"),
    ("place_lead", "()"),
    ("place_not", "()"),
    ("place_end", "()"),
    ("place_unit", "()"),
    ("hosting", "()"),
    ("future_marker", "()"),
    // tables (tables.rs)
    ("whole_row", "()"),
    ("unit_column", "()"),
    // awards and people (named.rs)
    ("award", "AwardKind"),
    ("org_start", "()"),
    ("electing", "()"),
    ("proposing", "()"),
    ("granting", "()"),
    ("of_word", "()"),
    ("grantor_end", "()"),
    ("honorific", "()"),
    ("title", "()"),
    ("country", "()"),
    ("list_separator", "()"),
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out_dir).join("builtin_articles.rs"), builtin_articles(root)).unwrap();
    match lexicon(root) {
        Ok(code) => std::fs::write(Path::new(&out_dir).join("lexicon.rs"), code).unwrap(),
        Err(e) => {
            eprintln!("{e}");
            panic!("data/lexicon: {e}");
        }
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

/// One row of a lexicon file.
struct Row {
    phrase: String,
    value: String,
    kind: &'static str,
    source: String,
}

/// Reads every `data/lexicon/*.tsv` and writes the tables, or says what is wrong and where.
fn lexicon(root: &Path) -> Result<String, String> {
    let dir = root.join("data/lexicon");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    let mut classes: BTreeMap<&str, Vec<Row>> = CLASSES.iter().map(|&(c, _)| (c, Vec::new())).collect();
    let mut seen: BTreeMap<(String, String), (String, String)> = BTreeMap::new(); // (class, phrase) → (value, source)
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        for (n, line) in text.lines().enumerate() {
            let source = format!("{name}:{}", n + 1);
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("phrase\t") {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 {
                return Err(format!("{source}: expected `phrase<TAB>class<TAB>value[<TAB>match<TAB>note]`"));
            }
            let (phrase, class, value) = (cols[0], cols[1].trim(), cols[2].trim());
            if phrase.is_empty() || phrase != phrase.trim() {
                return Err(format!("{source}: phrase {phrase:?} is empty or has spaces around it"));
            }
            if phrase.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)) {
                return Err(format!("{source}: phrase {phrase:?} has combining marks; write it in NFC"));
            }
            let Some(&(class, ty)) = CLASSES.iter().find(|(c, _)| *c == class) else {
                return Err(format!("{source}: unknown class `{class}` (add it to CLASSES in build.rs)"));
            };
            let kind = match cols.get(3).map(|k| k.trim()).unwrap_or("") {
                "" | "word" => "Word",
                "any" => "Any",
                other => return Err(format!("{source}: match kind `{other}` is neither `word` nor `any`")),
            };
            if ty == "()" && value != "-" {
                return Err(format!("{source}: class `{class}` takes no value; write `-`"));
            }
            let normal = tone::matchable(phrase);
            if let Some((v, at)) = seen.get(&(class.to_string(), normal.clone())) {
                let what = if *v == value { "listed twice" } else { "given two values" };
                return Err(format!("{source}: {phrase:?} in class `{class}` is {what} (first at {at})"));
            }
            seen.insert((class.to_string(), normal.clone()), (value.to_string(), source.clone()));
            classes.get_mut(class).unwrap().push(Row { phrase: normal, value: value.to_string(), kind, source });
        }
    }
    let mut out = String::from("// Generated by build.rs from data/lexicon/*.tsv. Do not edit.\n");
    for &(class, ty) in CLASSES {
        let rows = &classes[class];
        writeln!(out, "/// The lexicon's `{class}` phrases ({} rows).", rows.len()).unwrap();
        writeln!(out, "pub static {}: Table<{ty}> = Table::new({class:?}, &[", class.to_uppercase()).unwrap();
        for (i, r) in rows.iter().enumerate() {
            let value = match ty {
                "()" => "()".to_string(),
                "i64" => r
                    .value
                    .parse::<i64>()
                    .map_err(|_| format!("{}: `{}` is no integer", r.source, r.value))?
                    .to_string(),
                _ => format!("{ty}::{}", camel(&r.value)),
            };
            writeln!(
                out,
                "    Entry {{ phrase: {:?}, value: {value}, kind: Kind::{}, source: {:?}, row: {i} }},",
                r.phrase, r.kind, r.source
            )
            .unwrap();
        }
        out.push_str("]);\n");
    }
    Ok(out)
}

/// `more_than` → `MoreThan`.
fn camel(s: &str) -> String {
    s.split('_').map(|w| w[..1].to_uppercase() + &w[1..]).collect()
}
