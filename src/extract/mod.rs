//! Extraction: a [`Document`] → what it reports ([`Extraction`]). Pure: no I/O, no database.
//!
//! The extractor is a set of rules over phrases and units, not over these particular articles:
//! - [`quantity`] reads numbers the way Vietnamese news writes them (scale words, ranges,
//!   qualifiers, units, per-unit amounts);
//! - [`figures`] decides which figure a quantity states from the cues around it;
//! - this module finds the report itself — which cluster, which year, who leads it, when and where
//!   it met — and walks the sentences, keeping every figure with the sentence and offsets it came
//!   from.
//!
//! Architecture invariant: extraction never guesses. A number with no unit, no cue, or a cue that
//! makes it something else (an average, a change, a share, a subset, a target) gives no figure.

pub mod figures;
pub mod lexicon;
#[cfg(test)]
mod lexicon_source;
pub mod named;
pub mod quantity;
pub mod tables;
pub mod tone;
mod walk;

use std::ops::Range;

use serde::Serialize;

pub use crate::catalog::ClusterReport;
use crate::catalog::{Cell, Figure};
use crate::geo;
use crate::ingest::Document;
pub use figures::{Reason, Rule};
use lexicon::{Role, YearCue};
use quantity::{Qualifier, Unit};

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Extraction {
    /// The cluster report, when the article is one.
    pub report: Option<ClusterReport>,
    /// Every figure stated, with its source.
    pub facts: Vec<Fact>,
    /// Targets signed for a coming year.
    pub targets: Vec<Target>,
    /// Awards proposed or granted.
    pub awards: Vec<named::Award>,
    /// People named with a position (in any article, report or not).
    pub people: Vec<named::Person>,
    /// What became of every number in the article, in order.
    pub decisions: Vec<Decision>,
    /// Where each text value of the report was said.
    pub sources: Vec<Source>,
    /// Whether the meeting the report dates is a review of the year's awards held ahead of the
    /// conference ("Ngày 28/11, ... chủ trì cuộc họp bình xét, đề nghị khen thưởng"): its date
    /// is the cluster-year's only when no article dates the conference.
    pub review_meeting: bool,
    /// The reports of the other clusters a roundup tells of, each under a heading of its own (their
    /// numbers' decisions are this extraction's).
    pub sections: Vec<Extraction>,
}

/// What became of one number in an article, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// Character offset of the number in the article text.
    pub start: usize,
    /// Character offset just past it (and its unit).
    pub end: usize,
    /// The number as written, with its unit.
    pub text: String,
    /// What it became.
    pub outcome: Outcome,
    /// The rule that decided, when one did.
    pub rule: Option<Rule>,
    /// Character offsets of its sentence (empty for numbers outside any sentence).
    pub sentence: Range<usize>,
}

/// What a number became.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A figure of the cluster, or of one province when named.
    Fact(Figure, Option<String>),
    /// A goal for the given year.
    Target(Figure, i64),
    /// No figure, for this reason.
    Skipped(Reason),
}

impl Outcome {
    /// `fact`, `target` or `skipped`.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Fact(..) => "fact",
            Outcome::Target(..) => "target",
            Outcome::Skipped(_) => "skipped",
        }
    }
}

/// One figure stated in an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Which field it fills.
    pub key: Figure,
    /// The value used: the number, or the middle of a range.
    pub value: f64,
    /// Low end (= value unless a range).
    pub low: f64,
    /// High end.
    pub high: f64,
    /// How it was qualified.
    pub qualifier: Qualifier,
    /// The unit as written ("triệu đồng/người/năm").
    pub unit: String,
    /// The province, when the figure is one province's share of a breakdown.
    pub province: Option<String>,
    /// The rule that made it this figure.
    pub rule: Rule,
    /// Character offsets of the sentence it came from, in the article text
    /// ([`Fact::sentence_text`] reads it).
    pub sentence: Range<usize>,
    /// Character offset of the figure in the article text.
    pub start: usize,
    /// Character offset just past it.
    pub end: usize,
}

/// Where a text value of the report was said: a `clusters` field and the sentence that stated
/// it (figures are traced by their [`Fact`]s).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// The report field ("head", "event_date", ...).
    pub field: &'static str,
    /// The value as stored.
    pub value: String,
    /// Character offsets of the sentence, in the article text; empty when the value came from
    /// the page rather than a sentence (a year from the page's date).
    pub sentence: Range<usize>,
}

/// A value and the byte range of the sentence that said it.
type Said<T> = (T, Range<usize>);

/// A goal for a coming year ("Thành lập mới từ 200-250 HTX").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The figure targeted.
    pub key: Figure,
    /// The year it is for.
    pub year: i64,
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
    /// Character offsets of the sentence stating it, in the article text.
    pub sentence: Range<usize>,
}

impl Fact {
    /// The sentence the fact came from, given the article text it was extracted from.
    pub fn sentence_text<'a>(&self, article_text: &'a str) -> &'a str {
        char_slice(article_text, self.sentence.clone())
    }
}

/// The characters `range` of `text`.
pub fn char_slice(text: &str, range: Range<usize>) -> &str {
    let mut indices = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    let start = indices.by_ref().nth(range.start).unwrap_or(text.len());
    let end =
        if range.end > range.start { indices.nth(range.end - range.start - 1).unwrap_or(text.len()) } else { start };
    &text[start..end]
}

/// Character offsets of byte offsets met in increasing order, counted incrementally so a long
/// article costs one pass, not one pass per figure.
struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl CharCursor<'_> {
    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// The form extraction matches on: lower case, one tone placement, same byte offsets as `s`
/// (see [`tone`]).
pub fn lower(s: &str) -> String {
    tone::matchable(s)
}

/// A sentence of the article, with its lowered text.
struct Sentence<'a> {
    /// Byte range in the article text.
    range: Range<usize>,
    text: &'a str,
    lc: String,
    /// Index of its paragraph; the title is paragraph `usize::MAX`.
    paragraph: usize,
}

impl Sentence<'_> {
    fn is_title(&self) -> bool {
        self.paragraph == usize::MAX
    }
}

/// Extracts what `doc` reports.
pub fn extract(doc: &Document) -> Extraction {
    let english = quantity::english_numbers(&doc.text);
    let mut sentences = Vec::new();
    if let Some(r) = &doc.title_range {
        sentences.push(sentence(doc, r.clone(), usize::MAX, english));
    }
    for (p, ranges) in doc.sentences().into_iter().enumerate() {
        sentences.extend(ranges.into_iter().map(|r| sentence(doc, r, p, english)));
    }
    // a roundup of several clusters' conferences: each cluster's section is a report of its own
    let starts = section_starts(&sentences);
    let mut sections: Vec<Vec<Sentence>> = Vec::new();
    for (i, &start) in starts.iter().enumerate().rev() {
        let end = starts.get(i + 1).copied().unwrap_or(usize::MAX);
        let (inside, rest): (Vec<Sentence>, Vec<Sentence>) =
            sentences.into_iter().partition(|s| !s.is_title() && (start..end).contains(&s.paragraph));
        sentences = rest;
        // its paragraphs counted from its heading, as an article's from its top
        sections.push(inside.into_iter().map(|s| Sentence { paragraph: s.paragraph - start, ..s }).collect());
    }
    let mut out = extract_part(doc, sentences, true);
    // (a page that is no report, a search page's or a tag page's, has no sections either)
    if out.report.is_none() {
        sections.clear();
    }
    for section in sections.into_iter().rev() {
        // a section tells of a meeting in a body of its own under its heading: a related story's
        // heading and teaser is no report
        let body: Vec<&Sentence> = section.iter().filter(|s| s.paragraph > 0).collect();
        if body.len() < 2 || !body.iter().any(|s| lexicon::CONFERENCE_WORD.any(&s.lc)) {
            continue;
        }
        let mut part = extract_part(doc, section, false);
        out.decisions.append(&mut part.decisions);
        if part.report.is_some() {
            out.sections.push(part);
        }
    }
    account_for_every_number(doc, &mut out);
    out
}

/// What one part of an article reports: the whole article, or one cluster's section of a roundup
/// (`whole` false: the page's signer and letterhead are the first part's). Every number is
/// accounted for by [`extract`], over all parts.
fn extract_part(doc: &Document, sentences: Vec<Sentence>, whole: bool) -> Extraction {
    let mut people: Vec<named::Person> = Vec::new();
    // an official report's signer signs at its foot
    // "Cùng ngày, đồng chí X ... chủ trì hội nghị Ban Chấp hành Đảng bộ tỉnh": another meeting's
    let of_this_meeting =
        |s: &&Sentence| !(lexicon::OTHER_EVENT_OPENER.starts(&s.lc).is_some() && lexicon::OTHER_BODY.any(&s.lc));
    let named_people = sentences.iter().filter(of_this_meeting).flat_map(|s| named::people(s.text));
    let signer = if whole { named::signer(&doc.text) } else { None };
    for p in named_people.chain(signer) {
        if !people.iter().any(|q| q.name == p.name) {
            people.push(p);
        }
    }
    let not_a_report = |people| Extraction { people, ..Extraction::default() };
    // a topic or tag page: its teasers are other articles'
    let opening = sentences.iter().take(4);
    if opening.map(|s| s.lc.trim_start_matches(['#', '*', ' '])).any(|lc| {
        lexicon::LISTING_PAGE.starts(lc).is_some_and(|f| lc[f.end..].trim_start().starts_with(':'))
            || lexicon::LISTING_PHRASE.any(lc)
            || counts_its_items(lc)
    }) {
        return not_a_report(people);
    }
    // "GIẤY MỜI" heading a letter: an invitation, not a report; "KẾ HOẠCH" heading a plan for the
    // year to come, whose every figure is a goal, date a deadline and meeting one to come (read as
    // a report, it gave a row of the year planned for)
    if sentences.iter().take(8).any(|s| lexicon::OTHER_DOCUMENT.is_phrase(s.lc.trim_matches(['#', '*', ' ', ':']))) {
        return not_a_report(people);
    }
    let Some((name, name_at)) = cluster_name(&sentences).or_else(|| letterhead_cluster(doc).filter(|_| whole)) else {
        return not_a_report(people);
    };
    let Some((year, year_at)) = report_year(&sentences, doc) else {
        return not_a_report(people);
    };
    let body: Vec<&Sentence> = sentences.iter().filter(|s| !s.is_title()).collect();
    // (field, sentence) for each text value, in bytes; the values are read off the report below
    let mut said: Vec<Said<&'static str>> = vec![("name", name_at)];
    said.extend(year_at.map(|r| ("year", r)));
    let number = cluster_number(&sentences);
    let count = province_count(&sentences);
    let session = session(&sentences, year);
    said.extend(number.as_ref().map(|(_, r)| ("number", r.clone())));
    said.extend(count.as_ref().map(|(_, r)| ("province_count", r.clone())));
    said.extend(session.as_ref().map(|(_, r)| ("session", r.clone())));
    let mut report = ClusterReport {
        name,
        number: number.map(|(n, _)| n),
        year,
        province_count: count.map(|(n, _)| n),
        provinces: Vec::new(),
        session: session.map(|(n, _)| n),
        ..ClusterReport::default()
    };
    roles(&body, &mut report, &mut said);
    role_table(&body, &mut report, &mut said);
    // a meeting on the year held in it or early in the next: "Giao ước thi đua năm 2020 ... ký kết
    // ngày 05/12/2019" in a preamble dates another meeting
    let held_then = |date: &str| {
        let part = |r: std::ops::Range<usize>| date.get(r).and_then(|t| t.parse::<i64>().ok()).unwrap_or(0);
        let (y, m) = (part(0..4), part(5..7));
        y == year || y == year + 1 && m <= 3
    };
    let date_at = event_date(&body, year, held_then);
    said.extend(date_at.as_ref().map(|(_, i)| ("event_date", body[*i].range.clone())));
    report.event_date = date_at.as_ref().map(|(d, _)| d.clone());
    let review_meeting = date_at
        .as_ref()
        .is_some_and(|&(_, i)| lexicon::REVIEW_MEETING.any(&body[i].lc) && !lexicon::CONFERENCE_WORD.any(&body[i].lc));
    // "tại hội trường Liên minh HTX tỉnh": the province is the page's own
    let place = location(&body, date_at.map(|(_, i)| i)).and_then(|(p, at)| {
        let lc = lower(&p);
        match lexicon::PLACE_UNIT.ends(lc.trim_end()) {
            Some(_) => publisher(doc).map(|own| (format!("{p} {own}"), at)),
            None => Some((p, at)),
        }
    });
    said.extend(place.as_ref().map(|(_, r)| ("location", r.clone())));
    report.location = place.map(|(p, _)| p);
    let host = host(&body, year);
    said.extend(host.as_ref().map(|(_, r)| ("host", r.clone())));
    report.host = host.map(|(h, _)| h);
    let mut out = Extraction { people, ..Extraction::default() };
    // "Cụm thống nhất đề nghị:" and a list of lines, each "- Liên minh HTX Việt Nam tặng Cờ thi đua
    // cho ...": the list proposes, whatever its lines say
    let mut proposed_list = false;
    for s in &body {
        let bullet = s.text.trim_start().starts_with(['-', '+', '•', '*']);
        proposed_list &= bullet;
        for mut a in named::awards(s.text, year) {
            if proposed_list {
                a.status = Some("nominated");
            }
            if !out.awards.contains(&a) {
                out.awards.push(a);
            }
        }
        if s.lc.trim_end().ends_with(':') && lexicon::PROPOSING.any(&s.lc) {
            proposed_list = true;
        }
    }
    for a in tables::awards(&doc.text, &body, year) {
        if !out.awards.iter().any(|b| b.recipient == a.recipient && b.kind == a.kind) {
            out.awards.push(a);
        }
    }
    let interim = is_interim(&sentences);
    if interim {
        // the interim meeting is not the year's conference: its date and place describe another
        report.event_date = None;
        report.location = None;
        report.session = None;
        report.host = None;
    }
    walk::figures_of(doc, &body, year, interim, &mut out);
    let walked = out.decisions.len();
    walk::table_figures(doc, &body, year, interim, &mut out);
    // a table cell the walk left to its table is decided there
    let cells: Vec<Range<usize>> = out.decisions[walked..].iter().map(|d| d.start..d.end).collect();
    if !cells.is_empty() {
        out.decisions.retain(|d| {
            d.outcome != Outcome::Skipped(Reason::TableCell)
                || !cells.iter().any(|c| c.start < d.end && d.start < c.end)
        });
    }
    let (mut provinces, mut listed_at) = member_provinces(&sentences, &out.facts);
    // "Cụm thi đua Liên minh HTX 5 tỉnh Tây Nguyên ... cùng lãnh đạo Liên minh HTX các tỉnh Kon
    // Tum, Gia Lai, Đắk Nông và Lâm Đồng": a list shorter than the stated count is some of the
    // members (the guests besides the host), not the membership
    // "Liên minh HTX tỉnh Bắc Kạn, Cụm trưởng, chủ trì ... với Liên minh HTX các tỉnh thành viên Cụm
    // là Thái Nguyên, Tuyên Quang, Cao Bằng và Hà Giang": a list without the head is the others
    let same =
        |a: &str, b: &str| crate::geo::province(a).zip(crate::geo::province(b)).is_some_and(|(x, y)| x.name == y.name);
    let without_head = report.head.as_deref().is_some_and(|h| !provinces.iter().any(|p| same(p, h)));
    if listed_at.is_some() && (without_head || report.province_count.is_some_and(|n| (provinces.len() as i64) < n)) {
        provinces.clear();
        listed_at = None;
    }
    report.provinces = provinces;
    said.extend(listed_at.map(|r| ("provinces", r)));
    // a list of members without a stated count counts itself; a list longer than the count
    // shows the count was of part of it ("Liên minh HTX TP.Hồ Chí Minh và Liên minh HTX 5 tỉnh:
    // Đồng Nai, ...")
    let longer = report.province_count.is_some_and(|n| (report.provinces.len() as i64) > n);
    if (report.province_count.is_none() || longer) && report.provinces.len() >= 3 {
        report.province_count = Some(report.provinces.len() as i64);
        said.retain(|(f, _)| *f != "province_count");
        let list = said.iter().find(|(f, _)| *f == "provinces").map(|(_, r)| r.clone());
        said.extend(list.map(|r| ("province_count", r)));
    }
    out.sources = sources(doc, &report, &said);
    out.report = Some(report);
    out.review_meeting = review_meeting;
    out
}

/// The province whose cooperative alliance publishes the page, from its masthead or its footer
/// ("LIÊN MINH HỢP TÁC XÃ TỈNH KON TUM", "Bản quyền thuộc Liên minh Hợp tác xã tỉnh Kon Tum").
pub(super) fn publisher(doc: &Document) -> Option<&'static str> {
    let lines: Vec<&str> = doc.text.lines().filter(|l| !l.trim().is_empty()).collect();
    let ends = lines.iter().take(2).chain(lines.iter().rev().take(4));
    ends.filter_map(|l| {
        let lc = lower(l);
        let alliance = lexicon::ALLIANCE_WORD.first(&lc)?;
        let unit = lexicon::PLACE_UNIT.first_from(&lc, alliance.end)?;
        let rest = &lc[unit.end..];
        let name = &rest[..rest.find(['.', ',', ';', '|', '(']).unwrap_or(rest.len())];
        geo::province(name.trim()).map(|p| p.name)
    })
    .next()
}

/// The report's text values with the sentences that said them (`said`: field and sentence bytes),
/// in character offsets. A value the report no longer holds (an interim meeting's date) has no
/// source; a value said by no sentence (a year from the page's date) has an empty one.
fn sources(doc: &Document, report: &ClusterReport, said: &[Said<&'static str>]) -> Vec<Source> {
    let mut out = Vec::new();
    for (field, cell) in report.cells() {
        let value = match cell {
            Cell::Integer(n) => n.map(|n| n.to_string()),
            Cell::Text(t) => t.map(str::to_string),
            Cell::List(l) => (!l.is_empty()).then(|| l.join(", ")),
        };
        let Some(value) = value else { continue };
        let at = said.iter().find(|(f, _)| *f == field).map(|(_, r)| r.clone());
        if at.is_none() && field != "year" {
            continue;
        }
        let sentence = at.map_or(0..0, |r| {
            let start = doc.text[..r.start].chars().count();
            start..start + doc.text[r].chars().count()
        });
        out.push(Source { field, value, sentence });
    }
    out
}

/// Gives every number of the article a decision: those the sentence walk and the tables did not
/// read are dates, years, codes, page furniture, the headline's, or (in an article that is no
/// report) not a report's. One pass over the text, the decisions sorted by place.
fn account_for_every_number(doc: &Document, out: &mut Extraction) {
    out.decisions.sort_by_key(|d| d.start);
    let in_ranges = |ranges: &[Range<usize>], at: usize| {
        let i = ranges.partition_point(|r| r.end <= at);
        ranges.get(i).is_some_and(|r| r.start <= at)
    };
    let mut extra = Vec::new();
    let mut covered = out.decisions.iter().map(|d| d.start..d.end).peekable();
    let text = &doc.text;
    let (mut chars, mut prev) = (0usize, ' ');
    let mut iter = text.char_indices().peekable();
    while let Some((at, c)) = iter.next() {
        if !c.is_ascii_digit() || prev.is_ascii_digit() || matches!(prev, '.' | ',' | '/' | ':' | '-') && chars > 0 {
            prev = c;
            chars += 1;
            continue;
        }
        // the token: digits and the marks inside numbers, dates and codes
        let start_chars = chars;
        let mut end = at + 1;
        let mut token_chars = 1;
        let code_before = prev.is_alphabetic();
        while let Some(&(i, d)) = iter.peek() {
            let inner = d.is_ascii_digit()
                || matches!(d, '.' | ',' | '/' | ':' | '-') && text[i + 1..].starts_with(|n: char| n.is_ascii_digit());
            if !inner {
                break;
            }
            iter.next();
            end = i + d.len_utf8();
            token_chars += 1;
            prev = d;
        }
        chars += token_chars;
        let token = &text[at..end];
        while covered.peek().is_some_and(|r| r.end <= start_chars) {
            covered.next();
        }
        if covered.peek().is_some_and(|r| r.start <= start_chars) {
            continue;
        }
        // "3.120/4.169 HTX": the denominator was decided; the numerator is its part
        if covered.peek().is_some_and(|r| r.start < start_chars + token_chars)
            && let Some(slash) = token.find('/')
        {
            let numerator = &token[..slash];
            extra.push(Decision {
                start: start_chars,
                end: start_chars + numerator.chars().count(),
                text: numerator.to_string(),
                outcome: Outcome::Skipped(Reason::Subset),
                rule: Some(figures::Rule::named("numerator")),
                sentence: 0..0,
            });
            continue;
        }
        let code_after = text[end..].starts_with(|n: char| n.is_alphabetic());
        let reason = if out.report.is_none() {
            Reason::NotAReport
        } else if doc.title_range.as_ref().is_some_and(|r| r.contains(&at)) {
            Reason::Title
        } else if !in_ranges(&doc.paragraphs, at) {
            Reason::Furniture
        } else if token.contains(['/', ':']) || token.matches('-').count() == 2 {
            Reason::Date
        } else if code_before || code_after || token.contains('-') {
            Reason::Code
        } else if token.len() == 4 && token.parse::<i64>().is_ok_and(|y| (1900..=2100).contains(&y)) {
            Reason::Year
        } else {
            Reason::NoUnit
        };
        let outcome = Outcome::Skipped(reason);
        extra.push(Decision {
            start: start_chars,
            end: start_chars + token_chars,
            text: token.to_string(),
            outcome,
            rule: None,
            sentence: 0..0,
        });
    }
    if !extra.is_empty() {
        out.decisions.extend(extra);
        out.decisions.sort_by_key(|d| d.start);
    }
}

/// A sentence of `doc`; `english`: the article writes its numbers the English way
/// ([`quantity::english_numbers`]), read here as Vietnamese ones.
fn sentence(doc: &Document, range: Range<usize>, paragraph: usize, english: bool) -> Sentence<'_> {
    let text = &doc.text[range.clone()];
    let mut lc = lower(text);
    if english {
        quantity::swap_separators(&mut lc);
    }
    Sentence { range, text, lc, paragraph }
}

/// How many opening paragraphs of prose may name the cluster an article reports on.
const LEAD_PARAGRAPHS: usize = 3;

/// The index of the first paragraph after the lead: the first [`LEAD_PARAGRAPHS`] paragraphs of
/// ten words or more (section labels, bylines, dates, menus and breadcrumbs before them do not count).
fn lead_paragraphs(sentences: &[Sentence]) -> usize {
    let mut words: Vec<(usize, usize)> = Vec::new(); // (paragraph, words)
    for s in sentences.iter().filter(|s| !s.is_title()) {
        // a menu or a breadcrumb ("Tin tức - Sự kiện > Hoạt động") is furniture, not prose
        let furniture = s.text.contains(" | ") || s.text.contains(" > ");
        let wordy = s.text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic));
        let n = if furniture { 0 } else { wordy.count() };
        match words.last_mut() {
            Some((p, w)) if *p == s.paragraph => *w += n,
            _ => words.push((s.paragraph, n)),
        }
    }
    let mut prose = 0;
    for (p, w) in words {
        if w >= 10 {
            prose += 1;
            if prose == LEAD_PARAGRAPHS {
                return p + 1;
            }
        }
    }
    usize::MAX
}

/// Whether the article reports an interim review ("sơ kết 6 tháng đầu năm"): its headline or lead
/// says "sơ kết" and not "tổng kết". Its roles are the year's; its figures are part of the year.
fn is_interim(sentences: &[Sentence]) -> bool {
    let lead_end = lead_paragraphs(sentences);
    let lead: Vec<&Sentence> = sentences.iter().filter(|s| s.is_title() || s.paragraph < lead_end).collect();
    lead.iter().any(|s| lexicon::INTERIM_REVIEW.any(&s.lc)) && !lead.iter().any(|s| lexicon::YEAR_END_REVIEW.any(&s.lc))
}

/// Whether a sentence speaks of a cooperative-alliance emulation cluster.
fn names_cluster(lc: &str) -> bool {
    let alliance = lexicon::ALLIANCE_WORD.any(lc) && lexicon::COOPERATIVE_WORD.any(lc);
    let cluster = lexicon::CLUSTER_WORD.first(lc);
    // "Liên minh HTX tỉnh được Cụm thi đua ... suy tôn": a province's news naming the cluster
    // that honoured it, not a report of the cluster
    let honoured_by = cluster.as_ref().is_some_and(|c| {
        let clause = &lc[lc[..c.start].rfind([',', ';', '.']).map_or(0, |i| i + 1)..c.start];
        lexicon::PASSIVE.ends(clause.trim_end()).is_some()
    });
    // look-alikes: People's Committees' and labour federations' emulation clusters
    alliance && cluster.is_some() && !honoured_by && !lexicon::LOOK_ALIKE.any(lc)
}

/// The cluster's canonical name: the region named after "cụm" in a sentence about the alliance's
/// cluster, the first such in the article.
fn cluster_name(sentences: &[Sentence]) -> Option<Said<String>> {
    // a report names its cluster in the headline or the opening paragraphs; an article about one
    // cooperative may mention the cluster further down, and is not a report
    let lead_end = lead_paragraphs(sentences);
    let lead = sentences.iter().filter(|s| s.is_title() || s.paragraph < lead_end);
    let naming: Vec<&Sentence> = lead.filter(|s| names_cluster(&s.lc)).collect();
    for s in &naming {
        let cum = lexicon::CLUSTER_WORD.first(&s.lc)?.start;
        if let Some(m) = geo::find_regions(s.text).into_iter().find(|m| m.start > cum) {
            return Some((m.region.name.to_string(), s.range.clone()));
        }
    }
    // a region phrase htxq has never seen still names the cluster ("Cụm thi đua Liên minh HTX
    // các tỉnh, thành Tây Nam sông Hậu"); a sentence of the body before the (often upper-case)
    // headline
    let body_first = naming.iter().filter(|s| !s.is_title()).chain(naming.iter().filter(|s| s.is_title()));
    if let Some(said) = body_first.filter_map(|s| Some((unknown_region(s)?, s.range.clone()))).next() {
        return Some(said);
    }
    // no region, only a number: "Cụm thi đua số 5"; the store gives it the region another
    // article names for the same number (see `store::derive`)
    naming.iter().find_map(|s| Some((geo::numbered_cluster(number_in(s)?), s.range.clone())))
}

/// The longest heading, in characters.
const HEADING_CHARS: usize = 140;

/// The cluster a heading names after its cluster word, by a known region or one never seen (a
/// heading leaves out the alliance the article names).
fn heading_cluster(s: &Sentence) -> Option<String> {
    if lexicon::LOOK_ALIKE.any(&s.lc) {
        return None;
    }
    let cum = lexicon::CLUSTER_WORD.first(&s.lc)?.start;
    geo::find_regions(s.text)
        .into_iter()
        .find(|m| m.start > cum)
        .map(|m| m.region.name.to_string())
        .or_else(|| unknown_region(s))
}

/// In a roundup of several clusters' conferences, each under a heading of its own ("## Cụm thi
/// đua các tỉnh Đông Bắc: ...", then "## Cụm thi đua Tây Nam sông Hậu: ..."), the paragraphs where
/// the second cluster's section and each later one start: each is another cluster's report, not to
/// be mixed into the first's.
fn section_starts(sentences: &[Sentence]) -> Vec<usize> {
    let mut current: Option<String> = None;
    let mut starts = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        let alone = i.checked_sub(1).is_none_or(|p| sentences[p].paragraph != s.paragraph)
            && sentences.get(i + 1).is_none_or(|n| n.paragraph != s.paragraph);
        let text = s.text.trim_end();
        if s.is_title() || !alone || text.ends_with('.') || text.chars().count() > HEADING_CHARS {
            continue;
        }
        // (a region never seen is named as written: "TÂY NAM SÔNG HẬU" is "Tây Nam sông Hậu")
        let Some(name) = heading_cluster(s).map(|n| crate::text::fold(&n)) else { continue };
        if current.as_ref().is_some_and(|c| *c != name) {
            starts.push(s.paragraph);
        }
        current = Some(name);
    }
    starts
}

/// How many lines at the top of an official document hold its letterhead.
const LETTERHEAD_LINES: usize = 16;

/// The cluster an official document's letterhead names, over several lines in capitals and in its
/// left-hand column ("LIÊN MINH HTX VIỆT NAM" / "CỤM THI ĐUA" / "ĐÔNG NAM BỘ"), when no sentence
/// does.
fn letterhead_cluster(doc: &Document) -> Option<Said<String>> {
    // blocks of lines in capitals (left-hand column); lines without letters ("-----", blank)
    // neither end nor join a block
    let mut blocks: Vec<(String, Range<usize>)> = Vec::new();
    let mut open = false;
    let mut at = 0;
    for line in doc.text.split('\n').take(LETTERHEAD_LINES) {
        let start = at;
        at += line.len() + 1;
        let left = line.trim_start();
        let left = &left[..left.find("   ").unwrap_or(left.len())];
        let letters = || left.chars().filter(|c| c.is_alphabetic());
        if letters().count() == 0 {
            continue;
        }
        if !letters().all(char::is_uppercase) {
            open = false;
            continue;
        }
        match blocks.last_mut().filter(|_| open) {
            Some((text, range)) => {
                text.push(' ');
                text.push_str(left.trim());
                range.end = start + line.len();
            }
            None => blocks.push((left.trim().to_string(), start..start + line.len())),
        }
        open = true;
    }
    blocks.into_iter().find_map(|(block, range)| {
        let lc = lower(&block);
        let cum = lexicon::CLUSTER_WORD.first(&lc).filter(|_| names_cluster(&lc))?.start;
        let region = geo::find_regions(&block).into_iter().find(|m| m.start > cum)?;
        Some((region.region.name.to_string(), range))
    })
}

/// The phrase after "Cụm thi đua [Liên minh HTX] [các tỉnh, thành]" that names a region the
/// geography does not know: capitalized, up to six words, ending before a verb, a year word or
/// punctuation ("Tây Nam sông Hậu tổ chức ..." → "Tây Nam sông Hậu").
fn unknown_region(s: &Sentence) -> Option<String> {
    // "Liên minh HTX tỉnh Kiên Giang - Cụm trưởng ... của Cụm thi đua Liên minh HTX các tỉnh,
    // thành Tây Nam sông Hậu": the cluster word that names one
    // ("SỐ HTX TOÀN CỤM QUA CÁC NĂM": the whole cluster, which names none)
    lexicon::CLUSTER_WORD
        .find_all(&s.lc)
        .into_iter()
        .take(8)
        .filter(|cum| !matches!(s.lc[..cum.start].split_whitespace().next_back(), Some("toàn" | "cả")))
        .find_map(|cum| region_after(s, cum.end))
}

/// The unknown region phrase after a cluster word ending at `at`, if one follows.
fn region_after(s: &Sentence, mut at: usize) -> Option<String> {
    loop {
        let rest = &s.lc[at..];
        let skipped = rest.len() - rest.trim_start_matches([' ', ',']).len();
        at += skipped;
        match lexicon::REGION_PREFIX.at(&s.lc, at) {
            Some(f) => at = f.end,
            None => {
                let digits = s.lc[at..].bytes().take_while(u8::is_ascii_digit).count();
                if digits == 0 {
                    break;
                }
                at += digits;
            }
        }
    }
    let end = s.lc[at..].find(['.', ',', ';', ':', '(', ')', '\n', '"', '“']).map_or(s.lc.len(), |e| at + e);
    let end = lexicon::REGION_END.first(&s.lc[at..end]).map_or(end, |f| at + f.start);
    let phrase = s.text[at..end].trim();
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let capitalized = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // "sông Tiền", "duyên hải Nam Trung Bộ": a common word in lower case before a proper name
    let common = |n: usize| lexicon::REGION_COMMON_WORD.is_phrase(&lower(&words[..n].join(" ")));
    let opens = words.first().is_some_and(|w| capitalized(w))
        || words.len() >= 2 && (common(1) || words.len() >= 3 && common(2));
    let fits = (1..=6).contains(&words.len())
        && opens
        && words.last().is_some_and(|w| capitalized(w))
        && words.iter().all(|w| w.chars().all(char::is_alphabetic));
    if !fits {
        return None;
    }
    // an upper-case headline's phrase in the body's case
    let all_caps = phrase.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    Some(if all_caps { title_case(phrase) } else { phrase.to_string() })
}

/// "TÂY NAM SÔNG HẬU" → "Tây Nam Sông Hậu".
fn title_case(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut chars = lower.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The year reported on: the first year in the title or body that follows a reporting cue
/// ("tổng kết ... năm 2023", "giao ban cụm năm 2011", "thi đua 2024") rather than a forward-looking
/// one ("giao ước thi đua năm 2025", "cụm trưởng năm 2012", "giai đoạn 2021 - 2025").
fn report_year(sentences: &[Sentence], doc: &Document) -> Option<(i64, Option<Range<usize>>)> {
    let lead_end = lead_paragraphs(sentences);
    let (lead, rest): (Vec<&Sentence>, Vec<&Sentence>) =
        sentences.iter().partition(|s| s.is_title() || s.paragraph < lead_end);
    // a reporting year in the headline or lead; else the conference's own date (a January
    // conference reports on the year before); else a reporting year further down
    let said = |(y, r): Said<i64>| (y, Some(r));
    cue_year(&lead)
        .map(said)
        .or_else(|| {
            let body: Vec<&Sentence> = sentences.iter().filter(|s| !s.is_title()).collect();
            // "Ngày 18/12" on a page of 18/12/2018: the page's year
            let page_year = doc.published.as_ref().and_then(|p| p.get(..4)?.parse().ok()).unwrap_or(0);
            let (date, i) = event_date(&body, page_year, |_| true)?;
            let (mut y, m) = (date.get(..4)?.parse::<i64>().ok()?, date.get(5..7)?.parse::<i64>().ok()?);
            // "Ngày 28/12" on a page of 05/01/2019: a meeting is reported after it was held
            if doc.published.as_deref().is_some_and(|p| date.as_str() > p && y == page_year) {
                y -= 1;
            }
            (y > 0).then(|| (if m <= 3 { y - 1 } else { y }, Some(body[i].range.clone())))
        })
        .or_else(|| cue_year(&rest).map(said))
        .or_else(|| sentences.iter().find_map(|s| Some((years_in(&s.lc).first()?.1, Some(s.range.clone())))))
        .or_else(|| Some((doc.published.as_ref()?.get(..4)?.parse().ok()?, None)))
}

/// The first year that follows a reporting cue ("tổng kết ... năm 2023", "giao ban cụm năm 2011",
/// "thi đua 2024") rather than a forward-looking one ("giao ước thi đua năm 2025", "cụm trưởng
/// năm 2012", "giai đoạn 2021 - 2025") or a legal reference.
fn cue_year(sentences: &[&Sentence]) -> Option<Said<i64>> {
    for s in sentences {
        for (at, year) in years_in(&s.lc) {
            let window_start = s.lc.floor_char_boundary(at.saturating_sub(90));
            let window = &s.lc[window_start..at];
            let near = &s.lc[s.lc.floor_char_boundary(at.saturating_sub(30))..at];
            // "chỉ tăng 14 HTX so với năm 2017": a year compared with
            let before = s.lc[..at].trim_end();
            let compared = lexicon::YEAR_WORD
                .ends(before)
                .is_some_and(|w| lexicon::COMPARED.ends(before[..w.start].trim_end()).is_some());
            if lexicon::LEGAL.any(near) || compared {
                continue;
            }
            // "... NHẬN CỜ LUÂN LƯU CỤM TRƯỞNG CỤM THI ĐUA SỐ 2 NĂM 2023": a year a forward cue stands
            // before is the head's year, even when "thi đua" comes between
            let cues = lexicon::YEAR_CUE.find_all(window);
            let forward = cues.iter().any(|f| *f.value() == YearCue::Forward);
            if !forward && cues.last().is_some_and(|f| *f.value() == YearCue::Reporting) {
                return Some((year, s.range.clone()));
            }
        }
    }
    None
}

/// Years written as "năm 2023", "2023" after a cue word, or "/2023" in a date: `(byte, year)`.
fn years_in(lc: &str) -> Vec<(usize, i64)> {
    let b = lc.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let is_year = b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit() && b[i - 1] != b'.' && b[i - 1] != b',')
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            && !(b.get(i + 4) == Some(&b'.') && b.get(i + 5).is_some_and(u8::is_ascii_digit));
        if is_year {
            let y: i64 = lc[i..i + 4].parse().unwrap_or(0);
            let before = lc[..i].trim_end();
            let after_word = lexicon::YEAR_LEAD.ends(before).is_some();
            if (1990..=2100).contains(&y) && (after_word || b.get(i.wrapping_sub(1)) == Some(&b'/')) {
                out.push((i, y));
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// "Cụm thi đua số 1" / "số I".
fn cluster_number(sentences: &[Sentence]) -> Option<Said<i64>> {
    sentences.iter().find_map(|s| Some((number_in(s)?, s.range.clone())))
}

/// The cluster number stated in a sentence.
fn number_in(s: &Sentence) -> Option<i64> {
    let lead = lexicon::CLUSTER_NUMBER_LEAD.first(&s.lc)?;
    let token = word_after(s.text, lead.end);
    token.parse().ok().or_else(|| roman(token))
}

/// Roman numerals up to 39 ("XII" → 12).
fn roman(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 7 {
        return None;
    }
    let mut total = 0;
    let mut prev = 0;
    for c in s.chars().rev() {
        let v = match c.to_ascii_uppercase() {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    Some(total)
}

/// "lần thứ XII" → 12: the first session number stated.
fn session(sentences: &[Sentence], year: i64) -> Option<Said<i64>> {
    sentences.iter().filter(|s| !cites_documents(s)).find_map(|s| {
        let n = lexicon::SESSION_LEAD.find_all(&s.lc).into_iter().find_map(|lead| {
            // "Hội nghị tổng kết ... lần thứ IX", not "Hội nghị Ban Chấp hành ... lần thứ 7" nor
            // "Hội nghị lần thứ năm Ban Chấp hành Trung ương"
            let conference = lexicon::CONFERENCE_WORD.last(&s.lc[..lead.start])?;
            let token = word_after(s.text, lead.end);
            let after = &s.lc[s.lc.floor_char_boundary(lead.end + 1 + token.len())..];
            let after = &after[..after.floor_char_boundary(SESSION_OWNER_WINDOW)];
            // "Ban Chấp hành Liên minh HTX Thành phố đã tổ chức Hội nghị lần thứ 4": the body
            // holding the meeting, before it in its clause
            let clause = s.lc[..conference.start].rfind([',', ';']).map_or(0, |i| i + 1);
            let other_body = lexicon::OTHER_BODY.any(&s.lc[clause..lead.start])
                || lexicon::OTHER_BODY.any(after.trim_start().split([',', ';', '.']).next().unwrap_or(""));
            // "Hội nghị giao ban Cụm thi đua lần thứ VI (năm 2017) do ... đăng cai": a later year's
            // (right after the number: "lần thứ IX năm 2021 và ký kết giao ước thi đua năm 2022" is the 2021
            // conference's)
            let right_after = &after[..after.floor_char_boundary(SESSION_YEAR_WINDOW)];
            let later = years_in(right_after).iter().any(|&(_, y)| y > year);
            if other_body || later {
                return None;
            }
            token.parse().ok().or_else(|| roman(token)).or_else(|| ordinal(token))
        })?;
        Some((n, s.range.clone()))
    })
}

/// A listing's count of what it lists, a line of its own: "Có 118 bài viết", "Tìm thấy 42 kết quả".
fn counts_its_items(lc: &str) -> bool {
    let words: Vec<&str> = lc.trim_end_matches(['.', ':']).split_whitespace().collect();
    let Some(n) = words.iter().position(|w| w.chars().all(|c| c.is_ascii_digit() || c == '.')) else { return false };
    let rest = words[n + 1..].join(" ");
    n <= 2 && words.len() <= n + 4 && lexicon::LISTING_COUNT_UNIT.is_phrase(&rest)
}

/// How far after "lần thứ N" a year says which year's meeting it is ("lần thứ VI (năm 2017)", bytes).
const SESSION_YEAR_WINDOW: usize = 14;

/// How far after "lần thứ N" the body the session belongs to may be named (bytes).
const SESSION_OWNER_WINDOW: usize = 60;

/// Whether a sentence cites the documents a report rests on: "Căn cứ Quyết định số ...", or a
/// document's number ("Số: 07/BC-CTĐBTB", "Nghị quyết số 20-NQ/TW"). Its dates and sessions are
/// the documents'.
fn cites_documents(s: &Sentence) -> bool {
    lexicon::PREAMBLE.starts(s.lc.trim_start_matches(['-', '+', '•', ' '])).is_some() || has_document_code(s.text)
}

/// Whether `text` holds a document code: digits, then `/` or `-`, then an upper-case letter, with
/// a `/` somewhere in the code ("07/BC-CTĐBTB", "1127/QĐ-LMHTXVN", "20-NQ/TW").
fn has_document_code(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')')).any(|w| {
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &w[digits..];
        digits > 0
            && rest.starts_with(['/', '-'])
            && rest[1..].chars().next().is_some_and(char::is_uppercase)
            && rest.contains('/')
    })
}

/// The word (letters and digits) after `at`, past one space.
fn word_after(text: &str, at: usize) -> &str {
    let rest = text[at..].strip_prefix(' ').unwrap_or("");
    &rest[..rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len())]
}

/// Ordinals written as words: "lần thứ hai" → 2.
fn ordinal(word: &str) -> Option<i64> {
    let w = lower(word);
    lexicon::ORDINAL.at(&w, 0).filter(|f| f.end == w.len()).map(|f| *f.value())
}

/// The number of member provinces: the most often stated "N tỉnh" (ties: the first).
fn province_count(sentences: &[Sentence]) -> Option<Said<i64>> {
    // (count, times stated, first sentence stating it)
    let mut counts: Vec<(i64, usize, Range<usize>)> = Vec::new();
    for s in sentences.iter().filter(|s| !of_the_past(&s.lc)) {
        // the open parenthesis before the current figure, carried forward (one pass per sentence)
        let (mut open, mut seen) = (None, 0);
        for q in quantity::scan(&s.lc) {
            for (i, b) in s.lc.as_bytes()[seen..q.start].iter().enumerate() {
                match b {
                    b'(' => open = Some(seen + i),
                    b')' => open = None,
                    _ => {}
                }
            }
            seen = q.start;
            // "(trước đây Cụm có 6 tỉnh)": an aside about the past
            // (the aside's opening words say so: a bounded look keeps a sentence of figures linear)
            if open.is_some_and(|o| lexicon::PAST.any(&s.lc[o..s.lc.floor_char_boundary(q.start.min(o + 120))])) {
                continue;
            }
            // "gồm 6 đơn vị: TP. Hồ Chí Minh, Đồng Nai, ...": a count of the list that follows
            let counts_list = q.unit == Unit::Generic
                && lexicon::LIST_COUNT_UNIT.at(&s.lc, q.unit_start).is_some()
                && s.lc[q.end..].trim_start().starts_with(':');
            // "điểm cầu của Liên minh HTX 5 tỉnh còn lại": some of the members
            let the_rest = lexicon::REST_OF_MEMBERS.starts(&s.lc[q.end..]).is_some();
            let is_count = (q.unit == Unit::Provinces || counts_list) && !the_rest;
            if is_count && q.low == q.high && q.per.is_empty() && (2.0..=63.0).contains(&q.low) {
                let n = q.low as i64;
                match counts.iter_mut().find(|(v, _, _)| *v == n) {
                    Some((_, c, _)) => *c += 1,
                    None => counts.push((n, 1, s.range.clone())),
                }
            }
        }
    }
    let best = counts.iter().map(|&(_, c, _)| c).max()?;
    counts.into_iter().find(|(_, c, _)| *c == best).map(|(n, _, r)| (n, r))
}

/// Member provinces: the longest list of three or more provinces separated only by commas and
/// "và" ("gồm 8 tỉnh: Lai Châu, Sơn La, ..."); failing that, the provinces of a per-province
/// breakdown.
/// Whether a sentence describes how things were before ("trước đây gồm 6 tỉnh ..."), as
/// articles after the 2025 merger do before giving the cluster as it is now.
fn of_the_past(lc: &str) -> bool {
    // an aside in parentheses ("(trước đây Cụm có 6 tỉnh)") does not make the sentence past
    lexicon::PAST.any(&without_parentheses(lc))
}

fn member_provinces(sentences: &[Sentence], facts: &[Fact]) -> (Vec<String>, Option<Range<usize>>) {
    let mut best: Vec<String> = Vec::new();
    let mut best_at: Option<Range<usize>> = None;
    for s in sentences.iter().filter(|s| !of_the_past(&s.lc)) {
        // "Cụm gồm 5 tỉnh:Kon TumGia LaiĐắk Lắk...": names glued together by a careless copy
        let unglued = unglue(s.text);
        for text in std::iter::once(s.text).chain(unglued.as_deref()) {
            let run = longest_province_run(text);
            if run.len() > best.len() {
                best = run;
                best_at = Some(s.range.clone());
            }
        }
    }
    if best.len() >= 3 {
        return (best, best_at);
    }
    let mut from_breakdown: Vec<String> = Vec::new();
    for p in facts.iter().filter_map(|f| f.province.as_ref()) {
        if !from_breakdown.contains(p) {
            from_breakdown.push(p.clone());
        }
    }
    // each province's figure is traced by its own fact
    (if from_breakdown.len() >= 3 { from_breakdown } else { Vec::new() }, None)
}

/// The longest list of provinces in `text`.
///
/// A list runs through provinces at one parenthesis depth whose gaps, asides in parentheses
/// removed, are only commas and "và": "Tuyên Quang (sau sáp nhập với tỉnh Hà Giang), Thái Nguyên,
/// ..." and "(gồm các tỉnh Sơn La, Lai Châu, ...)" both read whole.
fn longest_province_run(text: &str) -> Vec<String> {
    let depth_at = |at: usize| text[..at].matches('(').count() as i64 - text[..at].matches(')').count() as i64;
    let mut mentions = geo::find_provinces(text);
    // no member list is longer than the country; more mentions are not a list to read
    mentions.truncate(2 * 63);
    let depths: Vec<i64> = mentions.iter().map(|m| depth_at(m.start)).collect();
    let mut best: Vec<String> = Vec::new();
    for first in 0..mentions.len() {
        let mut run = vec![text[mentions[first].start..mentions[first].end].to_string()];
        let mut last = first;
        while let Some(next) = (last + 1..mentions.len()).find(|&k| depths[k] == depths[first]) {
            let gap = without_parentheses(&lower(&text[mentions[last].end..mentions[next].start]));
            let glue = gap
                .split(|c: char| c == ',' || c == '.' || c.is_whitespace())
                .all(|w| w.is_empty() || lexicon::PROVINCE_LIST_GLUE.is_phrase(w))
                || {
                    let words =
                        gap.split(|c: char| matches!(c, ',' | '.' | ':') || c.is_whitespace() || c.is_ascii_digit());
                    let bridge = words.filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
                    lexicon::MEMBER_LIST_BRIDGE.is_phrase(&bridge)
                };
            if !glue || (last + 1..next).any(|k| depths[k] < depths[first]) {
                break;
            }
            let name = text[mentions[next].start..mentions[next].end].to_string();
            if !run.contains(&name) {
                run.push(name);
            }
            last = next;
        }
        if run.len() > best.len() {
            best = run;
        }
    }
    best
}

/// `text` with a comma where a lower-case letter runs into an upper-case one ("Kon TumGia Lai"
/// → "Kon Tum, Gia Lai"), or `None` when nothing runs together twice.
fn unglue(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut glued = 0;
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if prev.is_some_and(char::is_lowercase) && c.is_uppercase() {
            out.push_str(", ");
            glued += 1;
        }
        out.push(c);
        prev = Some(c);
    }
    (glued >= 2).then_some(out)
}

/// `text` with parenthesized parts removed.
fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The year a short heading names ("PHÂN CÔNG NĂM 2024", "Luân phiên năm 2024"): a line of at
/// most eight words, with no full stop, and one year after "năm".
fn heading_year(s: &Sentence) -> Option<i64> {
    let t = s.text.trim_end().trim_end_matches(['*', '_', ' ', ':']);
    if t.ends_with(['.', '!', '?', ';', ',']) || t.split_whitespace().count() > 8 {
        return None;
    }
    // "năm 2024", not a dateline's "09/01/2020"
    match years_in(&s.lc)[..] {
        [(at, y)] if lexicon::YEAR_WORD.ends(s.lc[..at].trim_end()).is_some() => Some(y),
        _ => None,
    }
}

/// Cụm trưởng / Cụm phó from a table of them by year ("| Năm | Cụm trưởng | Cụm phó |" over "| 2015
/// | Tuyên Quang | Thái Nguyên |"): the report year's row and the next year's, for the roles prose
/// left unsaid.
fn role_table(body: &[&Sentence], report: &mut ClusterReport, sources: &mut Vec<Said<&'static str>>) {
    let cells = |text: &str| -> Vec<String> {
        text.split(['|', '\t']).map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()
    };
    for (i, s) in body.iter().enumerate() {
        if !s.text.contains(['|', '\t']) {
            continue;
        }
        let header: Vec<String> = cells(&s.lc);
        let Some(year_col) = header.iter().position(|c| lexicon::YEAR_WORD.is_phrase(c)) else { continue };
        let roles: Vec<(usize, Role)> = header
            .iter()
            .enumerate()
            .filter_map(|(c, h)| lexicon::ROLE.at(h, 0).filter(|f| f.end == h.len()).map(|f| (c, *f.value())))
            .collect();
        if roles.is_empty() {
            continue;
        }
        for row in body[i + 1..].iter().take_while(|r| r.text.contains(['|', '\t'])) {
            let row_cells = cells(row.text);
            if row_cells.len() != header.len() {
                continue;
            }
            let Ok(year) = row_cells[year_col].parse::<i64>() else { continue };
            for &(c, role) in &roles {
                let Some(p) = geo::find_provinces(&row_cells[c]).into_iter().next() else { continue };
                let (field, slot) = match (role == Role::Head, year - report.year) {
                    (true, 0) => ("head", &mut report.head),
                    (false, 0) => ("deputy", &mut report.deputy),
                    (true, 1) => ("next_head", &mut report.next_head),
                    (false, 1) => ("next_deputy", &mut report.next_deputy),
                    _ => continue,
                };
                if slot.is_none() {
                    *slot = Some(row_cells[c][p.start..p.end].to_string());
                    sources.push((field, row.range.clone()));
                }
            }
        }
    }
}

/// Cụm trưởng / Cụm phó, this year and next.
///
/// Which province: "X là/làm Cụm trưởng" and "X, Cụm trưởng ..." / "X (cụm trưởng ...)" name it
/// before the role; "Cụm trưởng: X", "Cụm trưởng là X" and "trao cờ Cụm trưởng ... cho X" after.
/// Which year: a year in the role's own phrase ("Cụm phó năm 2026"), else a hand-over verb before
/// it in its clause ("trao cờ", "bầu", "chuyển giao"), else a year opening the sentence
/// ("Năm 2026, ..."); otherwise the report year.
fn roles(body: &[&Sentence], report: &mut ClusterReport, sources: &mut Vec<Said<&'static str>>) {
    // "... đề xuất bầu Cụm trưởng và Cụm phó năm 2023. Kết quả: X làm Cụm trưởng; Y làm Cụm
    // phó": roles named with a year but no province carry the year to the next sentence
    // (paragraph, year, whether the sentence was a heading: a line with no full stop)
    let mut carried: Option<(usize, i64, bool)> = None;
    for s in body {
        // (start, end, is_head)
        let mut mentions: Vec<(usize, usize, bool)> =
            lexicon::ROLE.find_all(&s.lc).iter().map(|f| (f.start, f.end, *f.value() == Role::Head)).collect();
        if mentions.is_empty() {
            // "PHÂN CÔNG NĂM 2024" over "• Cụm trưởng: ..." / "• Cụm phó: ...": a heading's year
            // carries to the roles listed under it
            if let Some(y) = heading_year(s) {
                carried = Some((s.paragraph, y, true));
            }
            continue;
        }
        mentions.truncate(16);
        let from_heading = carried.is_some_and(|(_, _, heading)| heading);
        let provinces = geo::find_provinces(s.text);
        let opening_year = years_in(&s.lc)
            .first()
            .filter(|(at, _)| {
                let before = s.lc[..*at].trim_end();
                let before = lexicon::YEAR_WORD.ends(before).map_or(before, |f| &before[..f.start]);
                before.trim().is_empty()
            })
            .map(|&(_, y)| y);
        // "... nhận cờ, đảm nhận Cụm trưởng năm 2020; Liên minh HTX tỉnh Lạng Sơn là Cụm phó": a
        // role with no year of its own shares the year of the role before it in the sentence
        // "2. Luân phiên Cụm trưởng, Cụm phó năm 2019" / "Cụm trưởng: X; Cụm phó: Y": a heading's
        // year carries to the line under it
        let mut last_year: Option<i64> = carried
            .take()
            .filter(|&(p, _, heading)| p == s.paragraph || heading && p + 1 == s.paragraph)
            .map(|(_, y, _)| y);
        let mut held = false;
        for (i, &(start, end, head)) in mentions.iter().enumerate() {
            let next_mention = mentions.get(i + 1).map_or(s.text.len(), |m| m.0);
            let clause_start = s.lc[..start].rfind(';').map_or(0, |c| c + 1);
            let clause_end = s.lc[end..].find(';').map_or(s.text.len(), |e| end + e);
            let before_text = s.lc[..start].trim_end();
            let copula_before = lexicon::COPULA.ends(before_text).is_some();
            let after_limit = clause_end.min(next_mention);
            let after = provinces.iter().find(|p| p.start >= end && p.end <= after_limit).filter(|p| {
                let gap = &s.lc[end..p.start];
                let pointer = gap.trim_start().starts_with(':')
                    || lexicon::ALLIANCE_WORD.starts(gap).is_some()
                    // "Cụm trưởng năm 2023: X", not a member list's colon further on ("... đơn vị
                    // Cụm trưởng năm 2021 - đăng cai ... gồm Liên minh HTX các thành phố: Hà Nội, ...")
                    || (gap.find(": ").is_some_and(|c| c <= 16) || lexicon::ROLE_POINTER.any(gap))
                        && !lexicon::ROLE_POINTER_NOT.any(gap);
                pointer && !gap.contains(')')
            });
            // "X trao cờ luân lưu cho đơn vị Cụm trưởng": X gives the flag away, it does not hold it;
            // "tại TP Hà Tĩnh, Cụm ... giới thiệu đơn vị Cụm trưởng": a place holds no role
            let a_place = |p: &&geo::ProvinceMention| {
                let before = s.lc[..p.start].trim_end();
                let before = lexicon::PLACE_UNIT.ends(before).map_or(before, |f| before[..f.start].trim_end());
                lexicon::PLACE_LEAD.ends(before).is_some()
            };
            let nearest = provinces.iter().rev().find(|p| p.end <= start && p.start >= clause_start.min(start));
            // "Liên minh HTX tỉnh X trao cờ luân lưu Cụm trưởng ... năm 2023": the outgoing head
            if head
                && let Some(giver) = nearest.filter(|p| lexicon::HANDING_OVER.any(&s.lc[p.end..start]) && !a_place(p))
                && report.head.is_none()
            {
                report.head = Some(s.text[giver.start..giver.end].to_string());
                sources.push(("head", s.range.clone()));
            }
            let before = nearest.filter(|p| {
                let between = &s.lc[p.end..start];
                !lexicon::TO_WORD.any(between) && !lexicon::HANDING_OVER.any(between) && !a_place(p)
            });
            // "Liên minh HTX tỉnh Bắc Kạn, Cụm trưởng Cụm thi đua ... năm 2014, chủ trì ...": a holder in
            // apposition right before the role holds it, whatever a later "là" points at
            // (the holder of no earlier role: "Cụm trưởng là X, Cụm phó là Y" points the other way)
            let apposition = before.is_some_and(|p| {
                let between = s.lc[p.end..start].trim();
                let earlier_role = mentions[..i].iter().any(|m| m.1 > clause_start.min(start) && m.0 < p.start);
                matches!(between, "," | "-" | "–" | "(")
                    && !earlier_role
                    && lexicon::COPULA.ends(s.lc[..p.start].trim_end()).is_none()
            });
            let chosen = if copula_before || apposition { before } else { after.or(before) };
            let Some(p) = chosen else {
                // a role named without its holder still says which year the next ones are for
                let own =
                    years_in(&s.lc[end..s.lc.floor_char_boundary((end + 40).min(s.lc.len()))]).first().map(|&(_, y)| y);
                let handover = lexicon::HANDOVER.any(&s.lc[clause_start..start]);
                last_year = own.or(handover.then_some(report.year + 1)).or(last_year);
                continue;
            };
            held = true;
            // the role's own phrase: up to the next comma, parenthesis, verb or province
            let limit = s.lc.floor_char_boundary((end + 120).min(s.lc.len()));
            let punctuation = s.lc[end..limit].find([',', ';', ')', '.']).map_or(limit, |e| end + e);
            let word = lexicon::ROLE_PHRASE_END.first_from(&s.lc[..limit], end).map_or(limit, |f| f.start);
            let phrase_end = punctuation.min(word);
            let own_year = years_in(&s.lc[end..phrase_end]).first().map(|&(_, y)| y);
            let handover = lexicon::HANDOVER.any(&s.lc[clause_start..start]);
            let year = own_year.or(handover.then_some(report.year + 1)).or(last_year).or(opening_year);
            last_year = year;
            let next_year = year == Some(report.year + 1);
            let name = s.text[p.start..p.end].to_string();
            let (field, slot) = match (head, next_year) {
                (true, false) => ("head", &mut report.head),
                (false, false) => ("deputy", &mut report.deputy),
                (true, true) => ("next_head", &mut report.next_head),
                (false, true) => ("next_deputy", &mut report.next_deputy),
            };
            if slot.is_none() {
                *slot = Some(name);
                sources.push((field, s.range.clone()));
            }
        }
        if !held {
            let t = s.text.trim_end().trim_end_matches(['*', '_', '"', '”', ')', ' ']);
            let heading = !t.ends_with(['.', '!', '?', ';', ',', ':']) && t.split_whitespace().count() <= 15;
            carried = last_year.map(|y| (s.paragraph, y, heading));
        } else if from_heading {
            // the heading's year goes on down its list, item by item
            carried = last_year.map(|y| (s.paragraph, y, true));
        }
    }
}

/// How far from "đăng cai" (in bytes) the hosting province is looked for.
const HOST_WINDOW: usize = 100;

/// The province whose alliance hosted the conference: "Hội nghị do Liên minh HTX tỉnh Kon Tum
/// đăng cai tổ chức", "Liên minh HTX tỉnh X (đơn vị đăng cai)" name it before "đăng cai"; "đơn vị
/// đăng cai là Liên minh HTX tỉnh X" after it. Next year's host ("năm 2024 sẽ do tỉnh Y đăng cai")
/// is not this year's.
fn host(body: &[&Sentence], year: i64) -> Option<Said<String>> {
    hosted(body, year).or_else(|| organised(body))
}

/// How many opening sentences of the body may name the conference's organiser.
const ORGANISER_SENTENCES: usize = 3;

/// "Liên minh HTX tỉnh Bắc Kạn (cụm trưởng ...) vừa tổ chức hội nghị ...": the alliance that opens
/// the clause organising the conference, its role in parentheses or between dashes.
fn organised(body: &[&Sentence]) -> Option<Said<String>> {
    body.iter().take(ORGANISER_SENTENCES).find_map(|s| {
        let verb = lexicon::ORGANIZING.first(&s.lc)?;
        let before = without_parentheses(&s.lc[..verb.start]);
        // the clause: after the last comma (a dateline, a place), dashes and all
        let clause = before.rsplit(',').next().unwrap_or(&before).trim_start();
        let alliance = lexicon::ALLIANCE_WORD.at(clause, 0)?;
        let unit = lexicon::PLACE_UNIT.first_from(clause, alliance.end)?;
        let rest = &clause[unit.end..];
        let name_end = rest.find(['–', '—']).unwrap_or(rest.len());
        let words: Vec<&str> = rest[..name_end].split_whitespace().collect();
        // the province's name ("Bà Rịa - Vũng Tàu" has a dash of its own), then its role between
        // dashes, or "vừa"/"đã"
        (1..=words.len()).rev().find_map(|n| {
            let tail = &words[n..];
            let tail_ok = tail.first() == Some(&"-") || tail.iter().all(|w| matches!(*w, "vừa" | "đã"));
            let p = geo::province(&words[..n].join(" "))?;
            tail_ok.then(|| (p.name.to_string(), s.range.clone()))
        })
    })
}

/// "Hội nghị do Liên minh HTX tỉnh X đăng cai tổ chức".
fn hosted(body: &[&Sentence], year: i64) -> Option<Said<String>> {
    for s in body {
        for at in lexicon::HOSTING.find_all(&s.lc) {
            let from = s.lc.floor_char_boundary(at.start.saturating_sub(HOST_WINDOW));
            let from = s.lc[from..at.start].rfind([';', '.']).map_or(from, |i| from + i + 1);
            let to = s.lc.floor_char_boundary((at.end + HOST_WINDOW).min(s.lc.len()));
            let to = s.lc[at.end..to].find([';', '.']).map_or(to, |i| at.end + i);
            // "... đăng cai tổ chức Hội nghị tổng kết ... và ký kết giao ước thi đua năm 2019": what
            // is hosted ends at "và"
            let to = s.lc[at.end..to].find(" và ").map_or(to, |i| at.end + i);
            let clause = &s.lc[from..to];
            let later = years_in(clause).iter().any(|&(_, y)| y > year);
            if later || lexicon::FUTURE_MARKER.any(clause) {
                continue;
            }
            let provinces = geo::find_provinces(&s.text[from..to]);
            let before = provinces.iter().rev().find(|p| from + p.end <= at.start);
            let after = || {
                provinces
                    .iter()
                    .find(|p| from + p.start >= at.end)
                    .filter(|p| lexicon::ROLE_POINTER.any(&s.lc[at.end..from + p.start]))
            };
            if let Some(p) = before.or_else(after) {
                return Some((s.text[from + p.start..from + p.end].to_string(), s.range.clone()));
            }
            // "Liên minh HTX tỉnh Sóc Trăng, Cụm trưởng Cụm thi đua ... các tỉnh Tây Nam sông Hậu năm
            // 2016, đã đăng cai ...": the holder in apposition, however long the role's phrase
            let clause_start = s.lc[..at.start].rfind([';', '.']).map_or(0, |i| i + 1);
            let holder = geo::find_provinces(&s.text[clause_start..at.start]).into_iter().find(|p| {
                let rest = s.lc[clause_start + p.end..at.start].trim_start();
                let rest = rest.strip_prefix(['-', '–', ',', '(']).map(str::trim_start);
                let later = years_in(&s.lc[clause_start + p.end..at.start]).iter().any(|&(_, y)| y > year);
                rest.is_some_and(|r| lexicon::ROLE.at(r, 0).is_some()) && !later
            });
            if let Some(p) = holder {
                let name = &s.text[clause_start + p.start..clause_start + p.end];
                return Some((name.to_string(), s.range.clone()));
            }
        }
    }
    None
}

/// The conference date: the first `d/m[/yyyy]` (or `d-m-yyyy`) after a time word ("Sáng 30/11/2023",
/// "Chiều 16/10", "LSO-Ngày 21/11"); a missing year is the report year. Returns the date and the
/// index of its sentence.
fn event_date(body: &[&Sentence], year: i64, fits: impl Fn(&str) -> bool) -> Option<(String, usize)> {
    for (idx, s) in body.iter().enumerate() {
        // a cited decision's date, or the report document's own ("Số: 07/BC-... Hà Tĩnh, ngày 10
        // tháng 12 năm 2014"), is not the conference's
        // "Phát thanh > Thời sự > Chương trình Thời sự sáng 29/12/2021": a breadcrumb dates the page
        // "Cập nhật lúc 16:20 ngày 15/12/2012", "Video: Bản tin tối 10/12/2021": the page's stamps
        if is_dateline(&s.lc) || s.lc.matches(" > ").count() >= 2 || lexicon::PAGE_STAMP.starts(&s.lc).is_some() {
            continue;
        }
        // "Thực hiện Quy chế ... Quyết định số 48/QĐ-CTĐ ngày 12/3/2010; ngày 18/01/2013, tại ...":
        // the clause after the citation may still date the conference
        let from = if cites_documents(s) {
            match s.lc.find(';') {
                Some(semicolon) if !has_document_code(&s.text[semicolon..]) => semicolon + 1,
                _ => continue,
            }
        } else {
            0
        };
        let b = s.lc.as_bytes();
        let mut i = from;
        while i < b.len() {
            if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
                // "Trong 2 ngày (19 và 20-12)": the dates in parentheses after the lead
                let lead = s.lc[..i].trim_end().trim_end_matches('(').trim_end();
                // "Đến ngày 30/11/2017, toàn Cụm có ...": the date figures are counted to
                let as_of = lexicon::AS_OF.ends(lead).is_some();
                let has_lead = lexicon::DATE_LEAD.ends(lead).is_some() && !as_of;
                // "ngày 04/01/2024, 10:32 — Minh Khoa" is a byline's time stamp, not the conference
                let stamped = || {
                    let rest = &s.lc[i..];
                    let after = rest.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '/' | '-' | '.'));
                    let after = after.trim_start_matches([',', ' ', '-', '|']);
                    let b = after.as_bytes();
                    b.len() >= 4 && b[0].is_ascii_digit() && (b[1] == b':' || b[2] == b':')
                };
                if has_lead
                    && !stamped()
                    && let Some(date) = read_date(&s.lc[i..], year)
                    && fits(&date)
                {
                    return Some((date, idx));
                }
            }
            i += 1;
        }
    }
    None
}

/// Whether a sentence is a document's dateline, alone on its line: "Bình Định, ngày 02 tháng 12
/// năm 2019" (a place of a few words, then the date, nothing after it).
fn is_dateline(lc: &str) -> bool {
    let t = lc.trim().trim_end_matches('.');
    let Some((place, date)) = t.split_once(", ngày ") else { return false };
    let date_only = date
        .split_whitespace()
        .all(|w| w.bytes().all(|b| b.is_ascii_digit() || b == b'/') || matches!(w, "tháng" | "năm"));
    place.split_whitespace().count() <= 4 && date_only && t.ends_with(|c: char| c.is_ascii_digit())
}

/// A date that is no span itself: the last day of a span.
fn read_date_once(s: &str, year: i64) -> Option<String> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let rest = s[digits..].trim_start();
    if digits == 0 || lexicon::DAY_SPAN.at(rest, 0).is_some() {
        return None;
    }
    read_date(s, year)
}

/// `d/m/yyyy`, `d-m-yyyy`, `d/m` or "d tháng m năm yyyy" at the start of `s`.
fn read_date(s: &str, year: i64) -> Option<String> {
    let token: String = s.chars().take_while(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.')).collect();
    let parts: Vec<&str> = token.trim_end_matches(['.', '-', '/']).split(['/', '-', '.']).collect();
    let (d, m, y): (i64, i64, i64) = match parts.as_slice() {
        // a conference early in the year reports on the year before: "Chiều 8/1" for 2023 is 2024
        [d, m] => {
            let m: i64 = m.parse().ok()?;
            (d.parse().ok()?, m, if m <= 3 { year + 1 } else { year })
        }
        [d, m, y] if y.len() == 4 => (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?),
        // "trong 2 ngày 14-15/12": the first day of several
        [d, _, m] => {
            let m: i64 = m.parse().ok()?;
            (d.parse().ok()?, m, if m <= 3 { year + 1 } else { year })
        }
        [d, _, m, y] if y.len() == 4 => (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?),
        [d] => {
            let rest = s[d.len()..].trim_start();
            // "18 đến ngày 19 tháng 12 năm 2018", "19 và 20-12": the first day of a span, in the
            // month (and year) of its last
            if let Some(span) = lexicon::DAY_SPAN.at(rest, 0) {
                let last = read_date_once(rest[span.end..].trim_start(), year)?;
                let day: i64 = d.parse().ok()?;
                return (1..=31).contains(&day).then(|| format!("{}{day:02}", &last[..8]));
            }
            let rest = rest[lexicon::MONTH_WORD.at(rest, 0)?.end..].trim_start();
            let m: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let after = rest[m.len()..].trim_start();
            let y = lexicon::YEAR_WORD
                .at(after, 0)
                .and_then(|f| after[f.end..].trim_start().get(..4)?.parse().ok())
                .unwrap_or(year);
            (d.parse().ok()?, m.parse().ok()?, y)
        }
        _ => return None,
    };
    let ok = (1..=31).contains(&d) && (1..=12).contains(&m) && (1990..=2100).contains(&y);
    ok.then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Where the conference was held: the phrase after "tại" in the dated sentence or a sentence
/// about holding the conference ("Hội nghị được tổ chức tại xã Than Uyên (Lai Châu)").
fn location(body: &[&Sentence], dated: Option<usize>) -> Option<Said<String>> {
    let order = dated.into_iter().chain((0..body.len()).filter(|&i| lexicon::MEETING_WORD.any(&body[i].lc)));
    for i in order {
        let s = body[i];
        let mut from = 0;
        while let Some(lead) = lexicon::PLACE_LEAD.first_from(&s.lc, from) {
            from = lead.end;
            let rest = &s.text[from..];
            let rest_lc = &s.lc[from..];
            let rest_trim = rest_lc.trim_start();
            if lexicon::PLACE_NOT.at(rest_trim, 0).is_some() {
                continue;
            }
            // "tại TP.Tam Kỳ": an abbreviation's dot goes on
            let punctuation = rest_lc
                .match_indices(['.', ';', ','])
                .find(|&(i, c)| c != "." || !crate::ingest::abbreviation_dot(rest_lc, i))
                .map_or(rest.len(), |(i, _)| i);
            let word = lexicon::PLACE_END.first(rest_lc).map_or(rest.len(), |f| f.start);
            let mut end = punctuation.min(word);
            // keep "…, thành phố Lạng Sơn"
            let tail = rest_lc[end..].trim_start_matches([',', ' ']);
            if rest_lc[end..].starts_with(',') && lexicon::PLACE_UNIT.at(tail, 0).is_some() {
                let skip = rest_lc.len() - tail.len();
                let more = tail.find([',', '.', ';']).unwrap_or(tail.len());
                end = skip + more;
            }
            let place = rest[..end].trim();
            if !place.is_empty() && place.chars().count() <= 120 {
                return Some((place.to_string(), s.range.clone()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("XII"), Some(12));
        assert_eq!(roman("XIII"), Some(13));
        assert_eq!(roman("IV"), Some(4));
        assert_eq!(roman("HTX"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(read_date("30/11/2023, tại", 2023).unwrap(), "2023-11-30");
        assert_eq!(read_date("16/10, cụm", 2022).unwrap(), "2022-10-16");
        assert_eq!(read_date("14-12-2021", 2020).unwrap(), "2021-12-14");
        assert_eq!(read_date("8 tháng 12 năm 2023", 2020).unwrap(), "2023-12-08");
        assert!(read_date("45/13", 2020).is_none());
        // a conference over several days: its first
        assert_eq!(read_date("14-15/12", 2019).unwrap(), "2019-12-14");
        assert_eq!(read_date("18 đến ngày 19 tháng 12 năm 2018", 2018).unwrap(), "2018-12-18");
        assert_eq!(read_date("19 và 20-12", 2019).unwrap(), "2019-12-19");
    }

    #[test]
    fn glued_names_come_apart() {
        assert_eq!(unglue("gồm 5 tỉnh:Kon TumGia LaiĐắk Lắk").as_deref(), Some("gồm 5 tỉnh:Kon Tum, Gia Lai, Đắk Lắk"));
        assert_eq!(unglue("Liên minh HTX tỉnh Lai Châu"), None);
        assert_eq!(longest_province_run("Kon Tum, Gia Lai, Đắk Lắk, Đắk Nông và Lâm Đồng").len(), 5);
    }

    /// A numbered heading names the year of the roles on the line under it; a bold lead that
    /// ends in a full stop is no heading.
    #[test]
    fn a_heading_s_year_carries_to_the_roles_under_it() {
        let text = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2023\n\n\
                    Năm 2023, Liên minh HTX tỉnh Điện Biên làm Cụm trưởng.\n\n\
                    2. Luân phiên Cụm trưởng, Cụm phó năm 2024\n\n\
                    Cụm trưởng: Liên minh HTX tỉnh Sơn La; Cụm phó: Liên minh HTX tỉnh Lai Châu.\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let r = extract(&doc).report.unwrap();
        assert_eq!(r.head.as_deref(), Some("Điện Biên"));
        assert_eq!((r.next_head.as_deref(), r.next_deputy.as_deref()), (Some("Sơn La"), Some("Lai Châu")));
        // a heading with no role word, over a list of roles (a slide)
        let text = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2023\n\n\
                    Năm 2023, Liên minh HTX tỉnh Điện Biên làm Cụm trưởng.\n\n\
                    PHÂN CÔNG NĂM 2024\n\
                    • Cụm trưởng: Liên minh HTX tỉnh Sơn La\n\
                    • Cụm phó: Liên minh HTX tỉnh Lai Châu\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let r = extract(&doc).report.unwrap();
        assert_eq!((r.head.as_deref(), r.deputy.as_deref()), (Some("Điện Biên"), None));
        assert_eq!((r.next_head.as_deref(), r.next_deputy.as_deref()), (Some("Sơn La"), Some("Lai Châu")));
    }

    /// The report year and the conference date: a year compared with ("so với năm 2017") is no
    /// report year; a date without its year ("Ngày 18/12") takes the page's; a page's stamp
    /// ("Cập nhật lúc ...") and a preamble's earlier meeting date no conference.
    #[test]
    fn report_year_and_date_from_the_page_not_from_comparisons_or_stamps() {
        let page = "<html><head><meta property=\"article:published_time\" content=\"2018-12-18T16:42:00+07:00\">\
                    <title>6 tỉnh Bắc Trung Bộ thành lập mới 248 HTX</title></head><body><article>\
                    <h1>6 tỉnh Bắc Trung Bộ thành lập mới 248 HTX</h1>\
                    <p>Cập nhật lúc 08:10 ngày 19/12/2018</p>\
                    <p>Ngày 18/12, tại TP Hà Tĩnh, Cụm thi đua Liên minh HTX các tỉnh Bắc Trung Bộ tổ chức hội nghị \
                    tổng kết công tác thi đua lần thứ XII.</p>\
                    <p>Tổng số HTX toàn Cụm hiện là 3.300 HTX, chỉ tăng 14 HTX so với năm 2017.</p>\
                    </article></body></html>";
        let doc = crate::ingest::parse("t.html", page.as_bytes()).unwrap();
        let r = extract(&doc).report.unwrap();
        assert_eq!((r.year, r.event_date.as_deref()), (2018, Some("2018-12-18")));
        let text = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2020\n\n\
                    Căn cứ Quyết định số 1135/QĐ-LMHTXVN ngày 07/10/2019 của Liên minh HTX Việt Nam; Giao ước thi \
                    đua năm 2020 đã được Liên minh HTX 7 tỉnh ký kết ngày 05/12/2019.\n\n\
                    Hội nghị tổng kết tổ chức ngày 26/11/2020 tại thành phố Lai Châu.\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let r = extract(&doc).report.unwrap();
        assert_eq!((r.year, r.event_date.as_deref()), (2020, Some("2020-11-26")));
    }

    /// The host in apposition before "đăng cai", however long its role's phrase, and what it hosts
    /// ending at "và" (a later year after it is another thing's); "luân phiên" hands the roles on.
    #[test]
    fn a_host_in_apposition_and_the_rotation_to_come() {
        let text = "Cụm thi đua Liên minh HTX các tỉnh Tây Nam sông Hậu tổng kết năm 2016\n\n\
                    Ngày 21/12/2016, Liên minh HTX tỉnh Sóc Trăng, Cụm trưởng Cụm thi đua Liên minh HTX các tỉnh \
                    Tây Nam sông Hậu năm 2016, đã đăng cai hội nghị tổng kết công tác thi đua năm 2016 và ký kết \
                    giao ước thi đua năm 2017.\n\n\
                    Phân công luân phiên năm 2017: Cụm trưởng: Liên minh HTX tỉnh Hậu Giang;\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let r = extract(&doc).report.unwrap();
        assert_eq!(r.host.as_deref(), Some("Sóc Trăng"));
        assert_eq!((r.head.as_deref(), r.next_head.as_deref()), (Some("Sóc Trăng"), Some("Hậu Giang")));
    }

    /// A heading in capitals about the whole cluster ("SỐ HTX TOÀN CỤM QUA CÁC NĂM") names no
    /// cluster: it opens no section of a roundup, and the figures under it stay the report's.
    #[test]
    fn a_heading_about_the_whole_cluster_opens_no_section() {
        let text = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2023\n\n\
                    Sáng 8/12/2023, Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổ chức hội nghị tổng kết.\n\n\
                    SỐ HTX TOÀN CỤM QUA CÁC NĂM\n\n\
                    Doanh thu bình quân: 2,9 tỷ đồng/HTX/năm.\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let ex = extract(&doc);
        assert!(ex.sections.is_empty());
        assert!(ex.facts.iter().any(|f| f.key == Figure::HtxRevenueAvg && f.value == 2.9e9), "{:?}", ex.facts);
    }

    /// A table of the roles by year gives the report year's and the next year's holders prose
    /// left unsaid; prose that names one wins.
    #[test]
    fn a_table_of_roles_by_year() {
        let text = "Cụm thi đua Liên minh HTX các tỉnh Việt Bắc tổng kết năm 2015\n\n\
                    Sáng 20/12/2015, Cụm thi đua Liên minh HTX các tỉnh Việt Bắc tổ chức hội nghị tổng kết.\n\n\
                    | Năm | Cụm trưởng | Cụm phó |\n|---|---|---|\n\
                    | 2014 | Bắc Kạn | Tuyên Quang |\n\
                    | 2015 | Tuyên Quang | Thái Nguyên |\n\
                    | 2016 | Thái Nguyên | Cao Bằng |\n\n\
                    Liên minh HTX tỉnh Hà Giang làm Cụm trưởng năm 2016.\n";
        let doc = crate::ingest::parse("t.md", text.as_bytes()).unwrap();
        let r = extract(&doc).report.unwrap();
        assert_eq!((r.head.as_deref(), r.deputy.as_deref()), (Some("Tuyên Quang"), Some("Thái Nguyên")));
        assert_eq!((r.next_head.as_deref(), r.next_deputy.as_deref()), (Some("Hà Giang"), Some("Cao Bằng")));
    }

    #[test]
    fn a_letterhead_names_the_cluster_and_the_organiser_hosts() {
        let text = "  LIÊN MINH HTX VIỆT NAM           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n       CỤM THI ĐUA           \
                    \x20       Độc lập - Tự do - Hạnh phúc\n      ĐÔNG NAM BỘ\n\n                 BÁO CÁO\n\
                    Tổng kết công tác thi đua, khen thưởng năm 2018\n\n     Năm 2018 toàn Cụm thành lập mới 163 HTX.\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        assert_eq!(letterhead_cluster(&doc).map(|(n, _)| n).as_deref(), Some("Đông Nam Bộ"));
        let text = "Liên minh Hợp tác xã tỉnh Bắc Kạn (cụm trưởng Cụm thi đua số 2) vừa tổ chức hội nghị tổng kết \
                    công tác thi đua năm 2019 của Cụm thi đua Liên minh HTX các tỉnh Việt Bắc.\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        assert_eq!(extract(&doc).report.and_then(|r| r.host).as_deref(), Some("Bắc Kạn"));
    }

    #[test]
    fn lower_keeps_offsets() {
        let s = "LIÊN MINH HTX 7 TỈNH TÂY BẮC Đ";
        assert_eq!(lower(s).len(), s.len());
        assert_eq!(lower(s), "liên minh htx 7 tỉnh tây bắc đ");
    }
}

#[cfg(test)]
mod region_tests {
    use super::*;

    #[test]
    fn people_of_another_meeting_that_day_are_not_the_conference_s() {
        let text = "Cụm thi đua Liên minh HTX các tỉnh Đông Bắc tổng kết năm 2021\n\n\
            Chiều 17/12, Cụm thi đua Liên minh HTX các tỉnh Đông Bắc tổ chức hội nghị tổng kết năm 2021. \
            Dự hội nghị có ông Lê Văn Hải, Phó Chủ tịch Liên minh HTX Việt Nam.\n\n\
            Cùng ngày, đồng chí Trần Minh Quân, Bí thư Tỉnh ủy chủ trì hội nghị Ban Chấp hành Đảng bộ tỉnh.\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let names: Vec<String> = extract(&doc).people.into_iter().map(|p| p.name).collect();
        assert_eq!(names, vec!["Lê Văn Hải".to_string()]);
    }

    fn cluster_of(text: &str) -> Option<(String, i64)> {
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        extract(&doc).report.map(|r| (r.name, r.year))
    }

    #[test]
    fn a_region_never_seen_names_the_cluster() {
        let lead = "Sáng 10/01/2020, tại thành phố Vị Thanh, Cụm thi đua Liên minh hợp tác xã các tỉnh, thành Tây Nam sông Hậu tổ chức hội nghị tổng kết công tác thi đua năm 2019.\n";
        assert_eq!(cluster_of(lead), Some(("Tây Nam sông Hậu".to_string(), 2019)));
        // a site's menu and breadcrumb above the headline are not the article's lead
        let page = format!(
            "LIÊN MINH HTX TỈNH HẬU GIANG\nTrang chủ | Tin tức | Văn bản | Hỏi đáp | Liên hệ với chúng tôi ngay hôm nay\n\n\
             Tin tức - Sự kiện > Hoạt động của Liên minh HTX tỉnh\n\n\
             TỔNG KẾT THI ĐUA NĂM 2019 CỤM THI ĐUA TÂY NAM SÔNG HẬU\n\n{lead}"
        );
        assert_eq!(cluster_of(&page), Some(("Tây Nam sông Hậu".to_string(), 2019)));
    }

    #[test]
    fn a_city_before_the_provinces_is_a_member_and_counts() {
        let text = "Sáng 14/12/2023, Cụm thi đua Liên minh HTX các tỉnh Đông Nam Bộ tổ chức hội nghị tổng kết năm 2023. \
                    Cụm gồm Liên minh HTX TP. Hồ Chí Minh và Liên minh HTX 5 tỉnh: Bình Dương, Đồng Nai, Tây Ninh, \
                    Bình Phước, Bà Rịa - Vũng Tàu.\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let report = extract(&doc).report.unwrap();
        assert_eq!(report.provinces.len(), 6, "{:?}", report.provinces);
        assert!(report.provinces[0].contains("Hồ Chí Minh"));
        assert_eq!(report.province_count, Some(6));
    }
}
