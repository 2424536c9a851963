//! Reading the lexicon's TSV files: the class list, the checks, and the generated tables.
//!
//! Compiled into `build.rs` (which writes the tables into the crate) and into the crate's tests
//! (which check that a bad lexicon fails the build); it depends on nothing but `std`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Each lexicon class and the Rust type of its values; `()` classes take `-` as value.
pub const CLASSES: &[(&str, &str)] = &[
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
    ("linking_cue", "()"),
    ("later_verb", "Aspect"),
    ("sector_lead", "()"),
    ("sector", "Sector"),
    ("sector_after_lead", "()"),
    ("average_marker", "()"),
    ("per_marker", "()"),
    ("yearly_marker", "()"),
    ("income_subset", "()"),
    ("cooperative_after", "()"),
    ("training_word", "()"),
    ("lending_word", "()"),
    ("employment_word", "()"),
    ("regular_after", "()"),
    ("cooperative_kind", "()"),
    ("subset_after", "()"),
    ("some_of", "()"),
    ("most", "()"),
    ("fund_word", "()"),
    ("our_cooperative", "()"),
    ("own_area", "()"),
    ("active_status", "()"),
    ("multiplier", "()"),
    ("not_a_name_before", "()"),
    ("overall_average", "()"),
    ("measure", "Measure"),
    // the sentence walk (mod.rs)
    ("whole_marker", "()"),
    ("target_cue", "()"),
    ("target_measured", "()"),
    ("target_section", "()"),
    ("subset_marker", "()"),
    ("subset_subject", "()"),
    ("breakdown_frame", "()"),
    ("group_counter", "()"),
    ("own_province", "()"),
    ("subject_opener", "()"),
    ("superlative", "()"),
    ("list_glue", "()"),
    ("label_filler", "()"),
    ("count_subject", "()"),
    ("bare_count_subject", "()"),
    ("copula", "()"),
    ("to_word", "()"),
    // the report (mod.rs)
    ("alliance_word", "()"),
    ("cooperative_word", "()"),
    ("cluster_word", "()"),
    ("look_alike", "()"),
    ("listing_page", "()"),
    ("other_document", "()"),
    ("page_stamp", "()"),
    ("listing_phrase", "()"),
    ("listing_count_unit", "()"),
    ("year_cue", "YearCue"),
    ("year_lead", "()"),
    ("legal", "()"),
    ("cluster_number_lead", "()"),
    ("session_lead", "()"),
    ("conference_word", "()"),
    ("other_body", "()"),
    ("preamble", "()"),
    ("ordinal", "i64"),
    ("list_count_unit", "()"),
    ("past", "()"),
    ("province_list_glue", "()"),
    ("member_list_bridge", "()"),
    ("role", "Role"),
    ("handover", "()"),
    ("handing_over", "()"),
    ("role_pointer", "()"),
    ("role_pointer_not", "()"),
    ("role_phrase_end", "()"),
    ("date_lead", "()"),
    ("review_meeting", "()"),
    ("region_common_word", "()"),
    ("rest_of_members", "()"),
    ("as_of", "()"),
    ("day_span", "()"),
    ("month_word", "()"),
    ("year_word", "()"),
    ("meeting_word", "()"),
    ("place_lead", "()"),
    ("place_not", "()"),
    ("place_end", "()"),
    ("place_unit", "()"),
    ("hosting", "()"),
    ("organizing", "()"),
    ("future_marker", "()"),
    // tables (tables.rs)
    ("whole_row", "()"),
    ("unit_column", "()"),
    ("index_column", "()"),
    ("name_column", "()"),
    ("list_title", "()"),
    ("results_caption", "()"),
    ("goals_caption", "()"),
    // awards and people (named.rs)
    ("award", "AwardKind"),
    ("award_qualifier", "()"),
    ("one_body_verb", "()"),
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
    ("giving", "()"),
    ("passive", "()"),
    ("list_end", "()"),
    ("earlier_event", "()"),
    ("other_event_opener", "()"),
    ("individuals", "()"),
    ("part_year", "()"),
    ("cumulative", "()"),
    ("elsewhere", "()"),
    ("cluster_again", "()"),
    ("compared", "()"),
    ("previous_year", "()"),
    ("province_word", "()"),
    ("province_of", "()"),
    ("interim_review", "()"),
    ("year_end_review", "()"),
    ("region_prefix", "()"),
    ("region_end", "()"),
];

/// One row of a lexicon file.
pub struct Row {
    /// The phrase in matching form.
    pub phrase: String,
    /// Its value, as written.
    pub value: String,
    /// `Word` or `Any`.
    pub kind: &'static str,
    /// `file.tsv:line`.
    pub source: String,
}

/// Reads lexicon files, given as (file name, text) in order, with `normalize` the matching form
/// (`tone::matchable`), into rows per class; or says what is wrong, and where.
pub fn read(
    files: &[(String, String)],
    normalize: fn(&str) -> String,
) -> Result<BTreeMap<&'static str, Vec<Row>>, String> {
    let mut classes: BTreeMap<&'static str, Vec<Row>> = CLASSES.iter().map(|&(c, _)| (c, Vec::new())).collect();
    let mut seen: BTreeMap<(String, String), (String, String)> = BTreeMap::new(); // (class, phrase) → (value, source)
    for (name, text) in files {
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
                return Err(format!(
                    "{source}: unknown class `{class}` (add it to CLASSES in src/extract/lexicon_source.rs)"
                ));
            };
            let kind = match cols.get(3).map(|k| k.trim()).unwrap_or("") {
                "" | "word" => "Word",
                "any" => "Any",
                other => return Err(format!("{source}: match kind `{other}` is neither `word` nor `any`")),
            };
            if ty == "()" && value != "-" {
                return Err(format!("{source}: class `{class}` takes no value; write `-`"));
            }
            if ty == "i64" && value.parse::<i64>().is_err() {
                return Err(format!("{source}: `{value}` is no integer"));
            }
            if ty != "()" && ty != "i64" && !value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                return Err(format!(
                    "{source}: value `{value}` of class `{class}` should be a snake_case {ty} variant"
                ));
            }
            let normal = normalize(phrase);
            if let Some((v, at)) = seen.get(&(class.to_string(), normal.clone())) {
                let what = if *v == value { "listed twice" } else { "given two values" };
                return Err(format!("{source}: {phrase:?} in class `{class}` is {what} (first at {at})"));
            }
            seen.insert((class.to_string(), normal.clone()), (value.to_string(), source.clone()));
            classes.get_mut(class).unwrap().push(Row { phrase: normal, value: value.to_string(), kind, source });
        }
    }
    Ok(classes)
}

/// The Rust source of the tables.
pub fn generate(classes: &BTreeMap<&'static str, Vec<Row>>) -> String {
    let mut out = String::from("// Generated by build.rs from data/lexicon/*.tsv. Do not edit.\n");
    for &(class, ty) in CLASSES {
        let rows = &classes[class];
        writeln!(out, "/// The lexicon's `{class}` phrases ({} rows).", rows.len()).unwrap();
        writeln!(out, "pub static {}: Table<{ty}> = Table::new({class:?}, &[", class.to_uppercase()).unwrap();
        for (i, r) in rows.iter().enumerate() {
            let value = match ty {
                "()" => "()".to_string(),
                "i64" => r.value.clone(),
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
    out
}

/// `more_than` → `MoreThan`.
fn camel(s: &str) -> String {
    s.split('_').filter(|w| !w.is_empty()).map(|w| w[..1].to_uppercase() + &w[1..]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<(), String> {
        read(&[("t.tsv".to_string(), text.to_string())], crate::extract::tone::matchable).map(|_| ())
    }

    #[test]
    fn a_bad_lexicon_fails_the_build_naming_the_row() {
        assert!(check("có\tcue\ttotal\nhơn\tqualifier\tmore_than\n").is_ok());
        let e = check("có\tcue\ttotal\ncó\tcue\ttotal\n").unwrap_err();
        assert!(e.starts_with("t.tsv:2:") && e.contains("listed twice (first at t.tsv:1)"), "{e}");
        let e = check("có\tcue\ttotal\ncó\tcue\tnew\n").unwrap_err();
        assert!(e.contains("given two values"), "{e}");
        // the same phrase with the tone on the other vowel is the same phrase
        let e = check("khóa\tunit\tcourses\nkhoá\tunit\tcourses\n").unwrap_err();
        assert!(e.contains("listed twice"), "{e}");
        assert!(check("x\tno_such_class\t-\n").unwrap_err().contains("unknown class"));
        assert!(check("x\tcue\tTotal\n").unwrap_err().contains("snake_case"));
        assert!(check("x\tlegal\tyes\n").unwrap_err().contains("takes no value"));
        assert!(check(" x\tlegal\t-\n").unwrap_err().contains("spaces around"));
        assert!(check("x\tlegal\n").unwrap_err().contains("expected"));
        // a good row becomes a typed entry of its class's table
        let rows = read(&[("t.tsv".to_string(), "Tổng Số\tcue\ttotal\n".to_string())], crate::extract::tone::matchable);
        let code = generate(&rows.unwrap());
        assert!(
            code.contains(
                "Entry { phrase: \"tổng số\", value: Aspect::Total, kind: Kind::Word, source: \"t.tsv:1\", row: 0 }"
            ),
            "{code}"
        );
        // a phrase in one class may stand in another
        assert!(check("giải ngân\tlending_word\t-\ngiải ngân\tmeasure\tlending\n").is_ok());
    }
}
