//! Vietnamese text handling shared by ingestion, extraction and querying.
//!
//! Two operations matter: *normalizing* article text (NFC, one kind of space and line end) so that
//! offsets and stored sentences are stable, and *folding* text for matching, so that `"tay bac"`,
//! `"Tây Bắc"`, its NFD spelling and old/new tone placement (`"Hoà"` / `"Hòa"`) all compare equal.
//! Folding removes every combining mark after canonical decomposition, which makes tone placement
//! irrelevant, and maps `đ`/`Đ` (which has no decomposition) to `d` by hand.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalizes article text: NFC, `\r\n` and `\r` to `\n`, no-break and other odd spaces to ` `
/// (tabs are kept: they separate the cells of tables pasted as text), zero-width characters and
/// the BOM removed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // most articles are in NFC already: the quick check (a table lookup per character) spares them
    // the decomposition and recomposition
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        normalize_composed(text.chars(), &mut out);
    } else {
        normalize_composed(text.nfc(), &mut out);
    }
    out
}

/// [`normalize`]'s work on characters already in NFC.
fn normalize_composed(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' => {}
            // (tabs stay: they separate the cells of tables pasted as text)
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => out.push(' '),
            _ => out.push(c),
        }
    }
}

/// The first and one-past-last code points of [`FOLD_TABLE`]: Latin-1 Supplement through Latin
/// Extended Additional, where every Vietnamese letter lives.
const FOLD_TABLE_RANGE: (u32, u32) = (0xC0, 0x1F00);

/// The fold of each character of [`FOLD_TABLE_RANGE`] that folds to one ASCII character, else 0:
/// a table lookup instead of a decomposition per letter.
static FOLD_TABLE: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    (FOLD_TABLE_RANGE.0..FOLD_TABLE_RANGE.1)
        .map(|code| {
            let mut one = String::new();
            if let Some(c) = char::from_u32(code) {
                fold_char_slow(c, &mut one);
            }
            match one.as_bytes() {
                &[b] if b.is_ascii() => b,
                _ => 0,
            }
        })
        .collect()
});

/// Folds one character into `out`: lower case, no diacritics, `đ` → `d`.
fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let code = c as u32;
    if (FOLD_TABLE_RANGE.0..FOLD_TABLE_RANGE.1).contains(&code) {
        let b = FOLD_TABLE[(code - FOLD_TABLE_RANGE.0) as usize];
        if b != 0 {
            out.push(b as char);
            return;
        }
    }
    fold_char_slow(c, out);
}

/// [`fold_char_into`] by decomposition, for any character.
fn fold_char_slow(c: char, out: &mut String) {
    if c == 'đ' || c == 'Đ' {
        out.push('d');
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for d in std::iter::once(c).nfd() {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    }
}

/// Folds text for matching: lower case, diacritics and tone marks removed, `đ` → `d`.
///
/// ```
/// assert_eq!(htxq::text::fold("Tây Bắc"), "tay bac");
/// assert_eq!(htxq::text::fold("Hoà Bình"), htxq::text::fold("Hòa Bình"));
/// assert_eq!(htxq::text::fold("ĐẮK LẮK"), "dak lak");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

/// Text folded for matching, with a map back to byte offsets in the original.
///
/// Extraction searches the folded text (cues are written without diacritics) and reports what it
/// finds at original offsets.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`, the byte offset of the original character it came from; one extra
    /// entry at the end maps `text.len()` to the original length.
    map: Vec<usize>,
}

impl Folded {
    /// Folds `original`, remembering where each folded byte came from.
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        for (at, c) in original.char_indices() {
            let before = text.len();
            fold_char_into(c, &mut text);
            map.extend(std::iter::repeat_n(at, text.len() - before));
        }
        map.push(original.len());
        Folded { text, map }
    }

    /// The original byte offset of folded byte offset `folded_at`.
    pub fn original(&self, folded_at: usize) -> usize {
        self.map[folded_at.min(self.map.len() - 1)]
    }
}

/// Whether the byte at `at` in `text` starts or ends a word (used to match whole words only).
pub fn is_word_boundary(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    !(is_word(before) && is_word(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_marks_tone_placement_and_form() {
        let nfd: String = "Tây Bắc".nfd().collect();
        assert_eq!(fold(&nfd), "tay bac");
        assert_eq!(fold("thuỷ"), fold("thủy"));
        assert_eq!(fold("Đồng bằng sông Hồng"), "dong bang song hong");
    }

    #[test]
    fn the_fold_table_folds_as_decomposition_does() {
        for code in FOLD_TABLE_RANGE.0..FOLD_TABLE_RANGE.1 {
            let Some(c) = char::from_u32(code) else { continue };
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_char_into(c, &mut fast);
            fold_char_slow(c, &mut slow);
            assert_eq!(fast, slow, "U+{code:04X}");
        }
    }

    #[test]
    fn normalize_composes_and_unifies_spaces() {
        let nfd: String = "Hòa\u{a0}Bình\r\n".nfd().collect();
        assert_eq!(normalize(&nfd), "Hòa Bình\n");
    }

    #[test]
    fn folded_maps_back_to_original_offsets() {
        let original = "Cụm Tây Bắc";
        let f = Folded::new(original);
        let at = f.text.find("tay").unwrap();
        assert_eq!(&original[f.original(at)..], "Tây Bắc");
        assert_eq!(f.original(f.text.len()), original.len());
    }
}
