//! "Did you mean ...?": the nearest known name by edit distance over folded names, so `yeer`
//! finds `year`, `so_htx` finds `htx_total`'s neighbours, and `Năm` matches `nam`.

use crate::text::fold;

/// Levenshtein distance between two short strings, in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Vietnamese and English words users type for fields, folded: `(word, field)`.
const SYNONYMS: &[(&str, &str)] = &[
    ("nam", "year"),
    ("ten", "name"),
    ("so_htx", "htx_total"),
    ("htx", "htx_total"),
    ("tht", "tht_total"),
    ("so_tht", "tht_total"),
    ("thanh_vien", "htx_members"),
    ("lao_dong", "workers"),
    ("thu_nhap", "income_avg"),
    ("tinh", "provinces"),
    ("cum_truong", "head"),
    ("cum_pho", "deputy"),
    ("ngay", "event_date"),
    ("date", "event_date"),
    ("members", "htx_members"),
    ("cooperatives", "htx_total"),
    ("income", "income_avg"),
    ("revenue", "htx_revenue_avg"),
    ("profit", "htx_profit_avg"),
];

/// The candidate nearest to `word`, if near enough to be a likely typo or synonym.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = fold(word).replace([' ', '-'], "_");
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if let Some(&(_, field)) = SYNONYMS.iter().find(|(s, _)| *s == w)
        && let Some(c) = candidates.iter().find(|c| **c == field)
    {
        return Some(c);
    }
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // the distance is at least the difference in length: a word much longer than every
        // candidate (a pasted megabyte) is near none, and costs nothing to compare
        let folded = fold(c);
        if w.len().abs_diff(folded.len()) > 3 && !(w.len() >= 3 && c.starts_with(&w)) {
            continue;
        }
        let d = distance(&w, &folded);
        let limit = match c.chars().count() {
            0..=3 => 1,
            4..=6 => 2,
            _ => 3,
        };
        // a prefix or the part after `_` counts as near: `htx` → `htx_total`
        let near = d <= limit || (w.len() >= 3 && c.starts_with(&w));
        if near && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_folded_synonyms() {
        let fields = ["name", "year", "htx_total", "tht_total"];
        assert_eq!(nearest("yeer", fields), Some("year"));
        assert_eq!(nearest("htx_totl", fields), Some("htx_total"));
        assert_eq!(nearest("Năm", fields), Some("year"));
        assert_eq!(nearest("so_htx", fields), Some("htx_total"));
        assert_eq!(nearest("zzzzzz", fields), None);
    }
}
