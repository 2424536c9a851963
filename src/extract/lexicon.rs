//! The lexicon: every phrase extraction knows, as data.
//!
//! The rows live in `data/lexicon/*.tsv` (`phrase`, `class`, `value`, `match`, `note`); `build.rs`
//! checks them (no unknown class, no phrase twice in a class, no phrase with two values) and
//! compiles each class into a static [`Table`] named after it (`cue` → [`CUE`]). A linguist adds a
//! phrasing with a row there and a row in the phrase corpus (`tests/fixtures/phrases/`), without
//! reading Rust.
//!
//! Matching is one mechanism for every table: text in the [`matchable`] form (lower case, one tone
//! placement, same byte offsets as the original), one Aho-Corasick automaton per table, whole
//! words unless a row says `any`, and where phrases overlap the leftmost, then longest, wins. Every
//! search is linear in the text it is given.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

pub use super::figures::{Aspect, Measure, Sector};
pub use super::quantity::{Per, Qualifier, Scale, Unit};
pub use super::tone::matchable;

/// How a phrase must sit in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// As whole words: no letter or digit right before or after it.
    Word,
    /// Anywhere, even inside a word.
    Any,
}

/// One row of the lexicon.
#[derive(Debug)]
pub struct Entry<T: 'static> {
    /// The phrase in [`matchable`] form.
    pub phrase: &'static str,
    /// What the phrase means in its class.
    pub value: T,
    /// How it must sit in the text.
    pub kind: Kind,
    /// Where the row is: `file.tsv:line`.
    pub source: &'static str,
    /// Its index in its table.
    pub row: usize,
}

/// A phrase found in a text.
#[derive(Debug)]
pub struct Found<T: 'static> {
    /// Byte offset where the phrase starts.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The lexicon row it matched.
    pub entry: &'static Entry<T>,
}

impl<T> Found<T> {
    /// The row's value.
    pub fn value(&self) -> &'static T {
        &self.entry.value
    }
}

// `Found` only holds offsets and a reference: copyable whatever `T` is.
impl<T> Clone for Found<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Found<T> {}

/// The phrases of one class, with their matcher.
pub struct Table<T: 'static> {
    /// The class name (`cue`).
    pub class: &'static str,
    /// Its rows, in file order.
    pub entries: &'static [Entry<T>],
    automaton: OnceLock<(AhoCorasick, usize)>,
}

impl<T: 'static> Table<T> {
    /// A table over `entries` (used by the generated code).
    pub const fn new(class: &'static str, entries: &'static [Entry<T>]) -> Table<T> {
        Table { class, entries, automaton: OnceLock::new() }
    }

    /// The automaton (built on first use) and the byte length of the longest phrase.
    fn automaton(&self) -> &(AhoCorasick, usize) {
        self.automaton.get_or_init(|| {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(self.entries.iter().map(|e| e.phrase))
                .expect("lexicon phrases build an automaton");
            (ac, self.entries.iter().map(|e| e.phrase.len()).max().unwrap_or(0))
        })
    }

    /// Every match in `hay[range]` that sits as its row requires, overlapping ones included, in
    /// order of their ends. `edges` says which word boundaries to check: (start, end); a search
    /// at a known position checks only the far edge ("20,9triệu" has a scale word glued on).
    fn candidates<'h>(
        &'h self,
        hay: &'h str,
        range: Range<usize>,
        (check_start, check_end): (bool, bool),
    ) -> impl Iterator<Item = Found<T>> + 'h {
        let start = hay.floor_char_boundary(range.start.min(hay.len()));
        let end = hay.floor_char_boundary(range.end.min(hay.len())).max(start);
        let slice = &hay[start..end];
        let (ac, _) = self.automaton();
        let entries = self.entries;
        ac.find_overlapping_iter(slice).filter_map(move |m| {
            let entry = &entries[m.pattern().as_usize()];
            let (s, e) = (start + m.start(), start + m.end());
            let whole = entry.kind == Kind::Any
                || (!check_start || crate::text::is_word_boundary(hay, s))
                    && (!check_end || crate::text::is_word_boundary(hay, e));
            whole.then_some(Found { start: s, end: e, entry })
        })
    }

    /// The matches in `hay[range]`, leftmost-longest and not overlapping, in order.
    pub fn find_in(&self, hay: &str, range: Range<usize>) -> Vec<Found<T>> {
        let mut all: Vec<Found<T>> = self.candidates(hay, range, (true, true)).collect();
        all.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        let mut out: Vec<Found<T>> = Vec::with_capacity(all.len());
        for f in all {
            if out.last().is_none_or(|l| f.start >= l.end) {
                out.push(f);
            }
        }
        out
    }

    /// The matches in all of `hay`.
    pub fn find_all(&self, hay: &str) -> Vec<Found<T>> {
        self.find_in(hay, 0..hay.len())
    }

    /// The first match in `hay`.
    pub fn first(&self, hay: &str) -> Option<Found<T>> {
        self.find_all(hay).into_iter().next()
    }

    /// The first match in `hay` at or after byte `from`.
    pub fn first_from(&self, hay: &str, from: usize) -> Option<Found<T>> {
        self.find_in(hay, from..hay.len()).into_iter().next()
    }

    /// The match that ends last in `hay` (of two ending together, the longer).
    pub fn last(&self, hay: &str) -> Option<Found<T>> {
        self.find_all(hay).into_iter().max_by_key(|f| (f.end, f.end - f.start))
    }

    /// Whether any phrase of the table is in `hay`.
    pub fn any(&self, hay: &str) -> bool {
        self.candidates(hay, 0..hay.len(), (true, true)).next().is_some()
    }

    /// The longest phrase starting exactly at byte `at` of `hay`.
    pub fn at(&self, hay: &str, at: usize) -> Option<Found<T>> {
        let (_, longest) = self.automaton();
        self.candidates(hay, at..at + longest, (false, true)).filter(|f| f.start == at).max_by_key(|f| f.end)
    }

    /// The longest phrase ending exactly at byte `end` of `hay`.
    pub fn ending_at(&self, hay: &str, end: usize) -> Option<Found<T>> {
        let (_, longest) = self.automaton();
        self.candidates(hay, end.saturating_sub(*longest)..end, (true, false))
            .filter(|f| f.end == end)
            .min_by_key(|f| f.start)
    }

    /// Whether all of `word` is one phrase of the table.
    pub fn is_phrase(&self, word: &str) -> bool {
        self.at(word, 0).is_some_and(|f| f.end == word.len())
    }

    /// The longest phrase `hay` starts with, after leading spaces.
    pub fn starts(&self, hay: &str) -> Option<Found<T>> {
        self.at(hay, hay.len() - hay.trim_start().len())
    }

    /// The longest phrase `hay` ends with, before trailing spaces.
    pub fn ends(&self, hay: &str) -> Option<Found<T>> {
        self.ending_at(hay, hay.trim_end().len())
    }
}

/// Whether a year a cue stands before is the year reported on or a later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearCue {
    /// "tổng kết ... năm 2023": the year reported on.
    Reporting,
    /// "giao ước thi đua năm 2025": a year ahead.
    Forward,
}

/// The two roles of a cluster's leadership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Cụm trưởng.
    Head,
    /// Cụm phó.
    Deputy,
}

/// The kinds of award read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwardKind {
    /// Cờ thi đua.
    Flag,
    /// Bằng khen.
    Merit,
    /// Giấy khen, Huân chương, ...
    Other,
}

impl AwardKind {
    /// The word stored in `awards.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            AwardKind::Flag => "flag",
            AwardKind::Merit => "merit",
            AwardKind::Other => "other",
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_and_case_do_not_matter() {
        assert!(UNIT.at(&matchable("3 KHOÁ"), 2).is_some_and(|f| *f.value() == Unit::Courses));
        assert_eq!(matchable("Thuỷ Hoà Khoẻ").len(), "Thuỷ Hoà Khoẻ".len());
    }

    #[test]
    fn leftmost_longest_whole_words() {
        let hay = "tăng lên 5 htx, tăng 3";
        let found: Vec<&str> = CUE.find_all(hay).iter().map(|f| &hay[f.start..f.end]).collect();
        assert_eq!(found, ["tăng lên", "tăng"]);
        // "tăng" inside "tặng" is another word; "có" is not inside "cóc"
        assert!(CUE.find_all("tặng cờ").is_empty());
        assert!(CUE.find_all("con cóc").is_empty());
    }
}
