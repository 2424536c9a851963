//! The one normalization extraction matches on: lower case and one canonical tone placement.
//!
//! Vietnamese writes a syllable-final "oa", "oe" or "uy" with the tone mark on either vowel:
//! "hoà"/"hòa", "khoá"/"khóa", "thuỷ"/"thủy", "uỷ ban"/"ủy ban". Matching puts it on the first
//! vowel, so one lexicon phrase finds both spellings. Full diacritic folding would be wrong here: it
//! merges "mới"/"mỗi", "tăng"/"tặng", "năm"/"nam".
//!
//! Invariant: [`matchable`] keeps every character's UTF-8 length, so a byte offset in its output is
//! the same offset in its input. Lower-casing that would change a length, and the three rare tone
//! moves that would ("oẽ", "uỳ", "uỹ"), are left undone.
//!
//! This file is also compiled into `build.rs`, which normalizes the lexicon's phrases with it: it
//! depends on nothing but `std`.

/// Toned vowels: rows o, a, e, u, y; columns grave, acute, tilde, hook above, dot below.
const TONED: [[char; 5]; 5] = [
    ['ò', 'ó', 'õ', 'ỏ', 'ọ'],
    ['à', 'á', 'ã', 'ả', 'ạ'],
    ['è', 'é', 'ẽ', 'ẻ', 'ẹ'],
    ['ù', 'ú', 'ũ', 'ủ', 'ụ'],
    ['ỳ', 'ý', 'ỹ', 'ỷ', 'ỵ'],
];
const PLAIN: [char; 5] = ['o', 'a', 'e', 'u', 'y'];
/// (first vowel, second vowel) of the pairs whose tone placement varies, as rows of [`TONED`].
const PAIRS: [(usize, usize); 3] = [(0, 1), (0, 2), (3, 4)];

/// The row and column of a toned vowel in [`TONED`].
fn tone_of(c: char) -> Option<(usize, usize)> {
    TONED.iter().enumerate().find_map(|(row, tones)| tones.iter().position(|&t| t == c).map(|col| (row, col)))
}

/// `c` in lower case when that keeps its UTF-8 length (so offsets stay put), else `c`.
fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(lc), None) if lc.len_utf8() == c.len_utf8() => lc,
        _ => c,
    }
}

/// `s` lower-cased with syllable-final "oa", "oe", "uy" toned on the first vowel; every character
/// keeps its byte length.
///
/// ```
/// use htxq::extract::tone::matchable;
/// assert_eq!(matchable("Hoà Bình"), "hòa bình");
/// assert_eq!(matchable("KHOÁ"), "khóa");
/// assert_eq!(matchable("Uỷ ban"), "ủy ban");
/// assert_eq!(matchable("hoàng"), "hoàng"); // not syllable-final
/// assert_eq!(matchable("quý"), "quý"); // "qu" is a consonant
/// ```
pub fn matchable(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    // a window over the lowered characters: the one before, this one, and the two after
    let mut chars = s.chars().map(lower_char);
    let (mut before, mut this, mut next) = (None, chars.next(), chars.next());
    while let Some(c) = this {
        let after = chars.next();
        if let (Some(n), Some(first)) = (next, PLAIN.iter().position(|&p| p == c))
            && let Some((second, tone)) = tone_of(n)
            && PAIRS.contains(&(first, second))
            && !after.is_some_and(|c| c.is_alphanumeric())
            && !(first == 3 && before == Some('q'))
        {
            let (moved, plain) = (TONED[first][tone], PLAIN[second]);
            if moved.len_utf8() + plain.len_utf8() == c.len_utf8() + n.len_utf8() {
                out.push(moved);
                out.push(plain);
                (before, this, next) = (Some(n), after, chars.next());
                continue;
            }
        }
        out.push(c);
        (before, this, next) = (Some(c), next, after);
    }
    out
}
