//! The sentence walk: every quantity of every body sentence ends in a [`Decision`].
//!
//! Each sentence is first cut into its [`Mentions`] in one pass: its quantities, clause breaks
//! (`;`) and parentheses. The walk then takes the quantities in order, carrying an explicit
//! [`ClauseState`] whose transitions are named ([`ClauseState::pass_to`], `listed`, `counted`,
//! `whole_again`), and decides each quantity with small pure rules over its [`Surroundings`]:
//! [`figures::aspect`] and [`figures::classify`] say which figure it is (or why none), then
//! [`is_table_cell`], [`breakdown_from`] and [`placement`] say where it goes (a fact of the cluster
//! or of a province, a target, or nowhere). Tables are read the same way, cell by cell
//! ([`table_figures`]).
//!
//! Invariant: linear in the article. Mentions are found once per sentence, the state only moves
//! forward, and every cue search looks in a window of at most [`CUE_WINDOW`] bytes before its
//! figure, so a pathological "sentence" of thousands of figures stays linear.

use std::borrow::Cow;
use std::ops::Range;

use super::figures::{self, Aspect, Context, Reason, Rule};
use super::quantity::{self, Qualifier, Quantity, Unit};
use super::{
    CharCursor, Decision, Extraction, Fact, Outcome, Sentence, Target, lexicon, lower, tables, without_parentheses,
    years_in,
};
use crate::catalog::Figure;
use crate::geo;
use crate::ingest::Document;

/// How far before a figure (in bytes) its cues are looked for.
const CUE_WINDOW: usize = 600;

/// A sentence cut into what the walk reads: found in one pass each.
struct Mentions {
    /// The quantities, in order.
    quantities: Vec<Quantity>,
    /// Clause breaks and parentheses, in order: `(byte, b';' | b'(' | b')')`.
    marks: Vec<(usize, u8)>,
}

impl Mentions {
    fn of(lc: &str) -> Mentions {
        let marks = lc.bytes().enumerate().filter(|(_, b)| matches!(b, b';' | b'(' | b')')).collect();
        Mentions { quantities: quantity::scan(lc), marks }
    }
}

/// What the walk knows of a sentence so far, as its quantities come in order.
#[derive(Debug)]
struct ClauseState {
    /// Where the current clause starts: after the last `;`.
    clause_start: usize,
    /// The previous item of a list in this clause: where it ended, and its aspect.
    prev: Option<(usize, Option<Aspect>)>,
    /// The same inside the aside now open: "(trong đó Bắc Giang 61 HTX, Quảng Ninh 48 HTX)" is a
    /// list of its own, and the list outside goes on after it.
    aside_prev: Option<(usize, Option<Aspect>)>,
    /// What "thành viên" belong to: the cooperatives or the groups counted last.
    members_of: Unit,
    /// The clause in which cooperatives were counted last, if any were.
    counted_htx: Option<usize>,
    /// A breakdown marker ("trong đó", "riêng") before this offset no longer applies: a total
    /// ("nâng tổng số HTX lên ...") spoke of the whole again.
    subset_floor: usize,
    /// Parenthesis depth, and the last "(" passed.
    depth: i64,
    last_open: Option<usize>,
    /// How many marks have been passed.
    marks_passed: usize,
}

impl ClauseState {
    /// The state at the start of a sentence: one clause, no list, members are the cooperatives'.
    fn new() -> ClauseState {
        ClauseState {
            clause_start: 0,
            prev: None,
            aside_prev: None,
            members_of: Unit::Htx,
            counted_htx: None,
            subset_floor: 0,
            depth: 0,
            last_open: None,
            marks_passed: 0,
        }
    }

    /// Passes over the sentence up to byte `to`: parentheses open and close; a `;` starts a new
    /// clause, which ends any list.
    fn pass_to(&mut self, marks: &[(usize, u8)], to: usize) {
        while let Some(&(at, mark)) = marks.get(self.marks_passed).filter(|(at, _)| *at < to) {
            match mark {
                b'(' => {
                    self.depth += 1;
                    self.last_open = Some(at);
                    self.aside_prev = None;
                }
                b')' => {
                    self.depth -= 1;
                    self.aside_prev = None;
                }
                _ => {
                    self.clause_start = at + 1;
                    self.prev = None;
                    self.aside_prev = None;
                }
            }
            self.marks_passed += 1;
        }
    }

    /// Whether the walk stands in parentheses opened in this clause: "1.523 HTX (tăng 155 HTX so
    /// với năm 2017) và 7 liên hiệp HTX": an aside neither passes its aspect on nor hides the
    /// list around it.
    fn in_aside(&self) -> bool {
        self.depth > 0 && self.last_open.is_some_and(|o| o > self.clause_start)
    }

    /// A total spoke of the whole at `at`: breakdowns before it end.
    fn whole_again(&mut self, at: usize) {
        self.subset_floor = at;
    }

    /// A list item ended at `end` with `aspect`: the next bare item may take it. An item inside
    /// an aside lists only within it.
    fn listed(&mut self, end: usize, aspect: Option<Aspect>) {
        if self.in_aside() {
            self.aside_prev = Some((end, aspect));
        } else {
            self.prev = Some((end, aspect));
        }
    }

    /// The list item before: inside an aside, its own item before, else the one before the aside.
    fn prev_item(&self) -> Option<(usize, Option<Aspect>)> {
        if self.in_aside() { self.aside_prev.or(self.prev) } else { self.prev }
    }

    /// A quantity of `unit` was counted: "thành viên" belong to the groups (THT) only when the
    /// clause counted groups alone; after "2.350 HTX và 1.500 tổ hợp tác" they are the
    /// cooperatives' members.
    fn counted(&mut self, unit: Unit) {
        match unit {
            Unit::Htx => {
                self.counted_htx = Some(self.clause_start);
                self.members_of = Unit::Htx;
            }
            Unit::Tht if self.counted_htx != Some(self.clause_start) => self.members_of = Unit::Tht,
            _ => {}
        }
    }

    /// Whom members belong to: with no cooperatives or groups counted yet, the one named last
    /// before them ("Các THT thu hút 86.530 thành viên").
    fn members_owner(&self, clause_before: &str) -> Unit {
        if self.counted_htx.is_some() || self.members_of != Unit::Htx {
            return self.members_of;
        }
        let units = lexicon::UNIT.find_all(clause_before);
        let last = |unit: Unit| units.iter().rev().find(|f| *f.value() == unit).map(|f| f.start);
        match (last(Unit::Tht), last(Unit::Htx)) {
            (Some(t), h) if h.is_none_or(|h| t > h) => Unit::Tht,
            _ => Unit::Htx,
        }
    }
}

/// The text around one quantity that the rules read (lowered, byte offsets in the sentence).
struct Surroundings<'s> {
    /// Start of the cue window: the clause start, at most [`CUE_WINDOW`] bytes back.
    window_start: usize,
    /// From the window start to the quantity.
    clause_before: &'s str,
    /// From the previous list item (or the window start) to the quantity, as written.
    raw_local: &'s str,
    /// The same without asides in parentheses.
    local_before: Cow<'s, str>,
    /// From the quantity to the next separator.
    after: &'s str,
    /// From the quantity to the end of its clause or the next quantity, at most 100 bytes.
    clause_rest: &'s str,
    /// The province named last before the quantity, since the previous item, as written.
    province: Option<String>,
    /// Whether that province opens the item as its subject ("tỉnh Thái Nguyên thành lập mới 61
    /// HTX", ", Tuyên Quang 52 HTX"), so the figure is the province's.
    subject: bool,
}

fn surroundings<'s>(s: &'s Sentence, state: &ClauseState, q: &Quantity, next_start: usize) -> Surroundings<'s> {
    let lc = s.lc.as_str();
    let window_start = lc.floor_char_boundary(q.start.saturating_sub(CUE_WINDOW)).max(state.clause_start);
    let local_start =
        state.prev_item().map_or(state.clause_start, |(end, _)| end.max(state.clause_start)).max(window_start);
    let raw_local = &lc[local_start..q.start];
    let local_before =
        if raw_local.contains(')') { Cow::Owned(without_parentheses(raw_local)) } else { Cow::Borrowed(raw_local) };
    let after_end = lc[q.end..].find([',', ';', '.', ':']).map_or(lc.len(), |e| q.end + e);
    // the rest of the clause up to the next figure: "173 HTX yếu kém, ... đã giải thể"
    let mut rest_end = lc[q.end..next_start].find([';', '.']).map_or(next_start, |e| q.end + e);
    // ... but not into the next figure's own cue: "386 HTX, thành lập mới 31 HTX"
    if rest_end == next_start
        && next_start < lc.len()
        && let Some(cue) = lexicon::CUE.last(&lc[q.end..rest_end])
        && lc[q.end + cue.end..rest_end].trim().is_empty()
    {
        rest_end = q.end + cue.start;
    }
    // ... or to the end of the aside the figure stands in: "241 HTX (trong đó tỉnh Thanh Hóa 78
    // HTX), giải thể 57 HTX"
    if let Some(close) = lc[q.end..rest_end].find(')').filter(|&c| !lc[q.end..q.end + c].contains('(')) {
        rest_end = q.end + close;
    }
    // the last province named before the figure, outside closed asides: "tỉnh Lào Cai (bao gồm
    // tỉnh Yên Bái cũ) có 1.134 HTX" is Lào Cai's
    let span = &s.text[local_start..q.start];
    let in_closed_aside = |end: usize| {
        let after = &span[end..];
        after.matches(')').count() > after.matches('(').count()
    };
    let mention = geo::find_provinces(span).into_iter().rev().find(|m| !in_closed_aside(m.end));
    let subject = mention.as_ref().is_some_and(|m| {
        let local = &lc[local_start..q.start];
        opens_as_subject(local, m.start, m.end) || cooperatives_of(local, m.start, m.end)
    });
    let province = mention.map(|m| span[m.start..m.end].to_string());
    Surroundings {
        window_start,
        clause_before: &lc[window_start..q.start],
        raw_local,
        local_before,
        after: &lc[q.end..after_end],
        clause_rest: &lc[q.end..lc.floor_char_boundary(rest_end.min(q.end + 100))],
        province,
        subject,
    }
}

/// The rule's name when `local` (the text of an item before its figure) names a year other than
/// the report's ("năm 2012 là"), not in a law's or a decision's name ("Luật HTX năm 2012").
fn other_year(local: &str, year: i64) -> Option<&'static str> {
    years_in(local).into_iter().find_map(|(at, y)| {
        let near = &local[local.floor_char_boundary(at.saturating_sub(30))..at];
        let named_by_year_word = lexicon::YEAR_WORD.ends(local[..at].trim_end()).is_some();
        // "So với năm 2022 (thành lập mới 281 HTX), ...": the aside is that year's
        let in_its_aside = local[at..].contains('(') && !local[at..].contains(')');
        let compared = compared_with(local, at) && !in_its_aside;
        (y != year && named_by_year_word && !lexicon::LEGAL.any(near) && !compared).then_some("other-year")
    })
}

/// Whether the year at `at` is one compared with: "so với năm 2022".
fn compared_with(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    lexicon::YEAR_WORD.ends(before).is_some_and(|w| lexicon::COMPARED.ends(&before[..w.start]).is_some())
}

/// Whether a figure is an estimate though no qualifier stands right before it: the sentence opens
/// with one ("Ước cả năm, ...", "Dự kiến đến hết năm 2023, ...") or one stands at most two words
/// before the figure ("ước giải ngân 140 dự án").
fn estimated(sentence: &str, local_before: &str) -> bool {
    let is_estimate = |f: lexicon::Found<Qualifier>| *f.value() == Qualifier::Estimated;
    let opening = sentence.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '+' | '•'));
    let before = local_before.trim_end();
    lexicon::QUALIFIER.starts(opening).is_some_and(is_estimate)
        || lexicon::QUALIFIER
            .last(before)
            .is_some_and(|f| before[f.end..].split_whitespace().count() <= 2 && is_estimate(f))
}

/// The rule's name when the clause before a figure is set in another year than the report's: the
/// last year it names ("Năm 1990, các tỉnh ... có"), not a comparison's ("so với năm 2022") or a
/// law's.
fn clause_year(around: &Surroundings, sentence_year: Option<i64>, year: i64) -> Option<&'static str> {
    // "Năm 2006, toàn Cụm mới có 712 HTX ...; doanh thu bình quân mới đạt 350 triệu đồng": a
    // sentence that opens in a year is set in it to its end, or to the next year it names
    if let Some(y) = sentence_year
        && y != year
    {
        return Some("sentence-year");
    }
    let clause = around.clause_before;
    // "Tính đến ngày 30/6/2023, toàn Cụm có 4.018 HTX": a stock in the middle of the year
    if mid_year(clause, year) {
        return Some("mid-year");
    }
    // "Khi đó, toàn Cụm có 706 HTX", "Trước đây, ...": how things were, not "so với trước đây"
    if let Some(then) = lexicon::PAST.last(clause)
        && lexicon::COMPARED.ends(&clause[..then.start]).is_none()
    {
        return Some("then");
    }
    // "Năm trước, ...", not "so với năm trước"
    if let Some(previous) = lexicon::PREVIOUS_YEAR.last(clause)
        && lexicon::COMPARED.ends(&clause[..previous.start]).is_none()
    {
        return Some("previous-year");
    }
    let clause = if clause.contains(')') { Cow::Owned(without_parentheses(clause)) } else { Cow::Borrowed(clause) };
    let (at, y) =
        years_in(&clause).into_iter().rfind(|&(at, _)| lexicon::YEAR_WORD.ends(clause[..at].trim_end()).is_some())?;
    let near = &clause[clause.floor_char_boundary(at.saturating_sub(30))..at];
    (y != year && !lexicon::LEGAL.any(near) && !compared_with(&clause, at)).then_some("clause-year")
}

/// Whether a sentence speaks of some months of a year: "71 HTX thành lập mới trong 10 tháng",
/// "qua 8 tháng", "11 tháng đầu năm" (not "tháng 10", a month, nor "12 tháng", a whole year).
fn some_months(lc: &str) -> bool {
    spans(lc, "tháng", 1..=11, &["đầu", "qua"])
}

/// Whether a sentence speaks of several years at once: "Trong 10 năm, Cụm đã thành lập mới 640
/// HTX", "sau 5 năm", "qua 10 năm", "10 năm qua".
fn over_years(lc: &str) -> bool {
    spans(lc, "năm", 2..=100, &["qua"])
}

/// Whether `lc` counts `n` `unit`s as a span of time, `n` in `counts`: after "trong", "sau",
/// "qua", "suốt", or before one of `after` ("10 năm qua"), and not a date ("năm 2023").
fn spans(lc: &str, unit: &str, counts: std::ops::RangeInclusive<u32>, after: &[&str]) -> bool {
    let words: Vec<&str> = lc.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
    words.iter().enumerate().skip(1).any(|(i, w)| {
        let next = words.get(i + 1).copied();
        let span = *w == unit
            && words[i - 1].parse::<u32>().is_ok_and(|n| counts.contains(&n))
            && !next.is_some_and(|n| n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()));
        let before = i.checked_sub(2).map(|j| words[j]);
        span && (matches!(before, Some("trong" | "sau" | "qua" | "suốt")) || next.is_some_and(|n| after.contains(&n)))
    })
}

/// The years a sentence names outside asides, found once per sentence (a sentence of many
/// figures asks for each, and a search of the text before each figure was quadratic).
struct SentenceYears {
    /// Whether the sentence opens with its first year ("Năm 2006, ...", "Đến năm 2010, ...",
    /// "Trong năm 2015 ..."): at most two short words before "năm".
    opens: bool,
    /// Each year's offset and value, and whether it sets the sentence's year (named by "năm",
    /// not one compared with or a law's).
    years: Vec<(usize, i64, bool)>,
}

impl SentenceYears {
    fn new(lc: &str) -> SentenceYears {
        // "(năm 2023 là 4.169 HTX)": an aside in another year sets nothing after it
        let mut depth = 0usize;
        let mut next = 0;
        let years: Vec<(usize, i64, bool)> = years_in(lc)
            .into_iter()
            .filter(|&(at, _)| {
                for b in &lc.as_bytes()[next..at] {
                    match b {
                        b'(' => depth += 1,
                        b')' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
                next = at;
                depth == 0
            })
            .map(|(at, y)| {
                let near = &lc[lc.floor_char_boundary(at.saturating_sub(30))..at];
                let sets = lexicon::YEAR_WORD.ends(lc[..at].trim_end()).is_some()
                    && !lexicon::LEGAL.any(near)
                    && !compared_with(lc, at);
                (at, y, sets)
            })
            .collect();
        let opens = years.first().is_some_and(|&(first, _, _)| {
            let opening = without_parentheses(&lc[..first]);
            let opening = opening.trim_end();
            lexicon::YEAR_WORD.ends(opening).is_some_and(|word| {
                // "Từ năm 2013 đến nay ...": a span's start, not the year the sentence is in
                let lead = &opening[..word.start];
                lead.split_whitespace().count() <= 2
                    && !lead.contains([',', ';', ':'])
                    && lead.split_whitespace().last() != Some("từ")
            })
        });
        SentenceYears { opens, years }
    }

    /// The year the sentence is set in at `at`, when it opens with one: the last year that sets
    /// it before `at`.
    fn at(&self, at: usize) -> Option<i64> {
        let n = self.years.partition_point(|&(y_at, _, _)| y_at < at);
        if !self.opens || n == 0 {
            return None;
        }
        self.years[..n].iter().rev().find(|&&(_, _, sets)| sets).map(|&(_, y, _)| y)
    }
}

/// The rule when the clause before a figure names one body the figure is of: a cooperative by its
/// name ("HTX Dịch vụ nông nghiệp Tân Thành được thành lập với vốn điều lệ ...": "HTX" and at least
/// two capitalised words, not a place's or the alliance's), or for charter capital a fund ("Quỹ Hỗ
/// trợ phát triển HTX tỉnh Lào Cai có vốn điều lệ là 50 tỷ đồng"). `clause` is as written.
fn one_body(clause: &str, key: Figure) -> Option<Rule> {
    let lc = lower(clause);
    if key == Figure::CharterCapital && lexicon::FUND_WORD.any(&lc) {
        return Some(Rule::named("fund"));
    }
    // "Quỹ hỗ trợ phát triển HTX tỉnh đã cho 34 HTX vay với số tiền 17,5 tỷ đồng": the fund of the
    // province just spoken of, unnamed ("Quỹ ... tỉnh Nghệ An" names it: that province's figure)
    if matches!(key, Figure::Loans | Figure::LoansAmount)
        && let Some(fund) = lexicon::FUND_WORD.last(&lc)
    {
        let unnamed_province = |unit: &str| {
            lc[fund.end..].match_indices(unit).any(|(at, _)| {
                let at = fund.end + at;
                // right after the fund's own name: "Quỹ ... HTX tỉnh", not "Quỹ ... của 4/5 tỉnh"
                let before_ok =
                    lc[..at].ends_with(' ') && lexicon::COOPERATIVE_WORD.ends(lc[..at].trim_end()).is_some();
                let next = clause[at + unit.len()..].trim_start().chars().next();
                before_ok && next.is_none_or(|c| !c.is_uppercase())
            })
        };
        if unnamed_province("tỉnh") || unnamed_province("thành phố") {
            return Some(Rule::named("province-fund"));
        }
    }
    let words: Vec<&str> = clause.split_whitespace().collect();
    // "HTX có 28 xã viên, doanh thu năm 2014 đạt 3,6 tỉ đồng", "HTX hiện có 126 thành viên": a
    // sentence whose subject is a bare "HTX" speaks of the one cooperative named before it
    let after_subject = || {
        let rest = lower(clause.trim_start().get(3..).unwrap_or(""));
        lexicon::ONE_BODY_VERB.starts(&rest).is_some_and(|f| rest[f.end..].starts_with(char::is_whitespace))
    };
    if words.first() == Some(&"HTX") && after_subject() {
        return Some(Rule::named("this-cooperative"));
    }
    let capitalised =
        |w: &str| w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase);
    words.iter().enumerate().rev().find_map(|(i, w)| {
        if !matches!(*w, "HTX" | "Hợp") || i + 1 >= words.len() {
            return None;
        }
        let before = i.checked_sub(1).map_or(String::new(), |b| lower(words[b]));
        if lexicon::NOT_A_NAME_BEFORE.is_phrase(&before) || words[i + 1] == "tác" {
            return None;
        }
        // "HTX Tân Thành", "HTX nông nghiệp Hòa Lợi Phát", "HTX Dịch vụ nông nghiệp Tân Thành": two
        // capitalised words in a row, the first at most five words on
        let name: Vec<&str> = words[i + 1..]
            .iter()
            .take(6)
            .map(|w| w.trim_matches(['(', ')']))
            .take_while(|w| !w.ends_with([',', ';', ':']))
            .collect();
        let named = name.windows(2).take(5).any(|pair| capitalised(pair[0]) && capitalised(pair[1]));
        let joined = name.join(" ");
        let place = !geo::find_provinces(&joined).is_empty() || !geo::find_regions(&joined).is_empty();
        (named && !place).then_some(Rule::named("one-cooperative"))
    })
}

/// The centrally-governed cities: "Thành phố Hà Nội" is the province itself.
const MUNICIPALITIES: &[&str] = &["Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thừa Thiên Huế", "Huế"];

/// The rule when the clause before a figure, since its last comma, names a place inside a province
/// by the province's name: "Thành phố Lào Cai có 56 HTX" is the city's, not Lào Cai's.
fn one_place(clause: &str) -> Option<Rule> {
    let since_comma = &clause[clause.rfind([',', ';']).map_or(0, |c| c + 1)..];
    geo::find_provinces(since_comma).into_iter().find_map(|m| {
        let before = lower(since_comma[..m.start].trim_end());
        let town = ["thành phố", "tp", "tp.", "thị xã", "huyện", "quận"]
            .iter()
            .any(|w| before.strip_suffix(w).is_some_and(|rest| rest.is_empty() || rest.ends_with([' ', '('])));
        (town && !MUNICIPALITIES.contains(&m.province.name)).then_some(Rule::named("one-place"))
    })
}

/// The rule when the clause before a figure, since its last comma, counts provinces as its subject:
/// "có 5/8 tỉnh", "có 3 tỉnh" (not "trên địa bàn 8 tỉnh có ...", the cluster's provinces, nor "4/5
/// tỉnh trong Cụm cho vay 61 dự án", the cluster's lending done by four of its provinces).
fn provinces_counted(clause_before: &str) -> Option<Rule> {
    let since_comma = &clause_before[clause_before.rfind(',').map_or(0, |c| c + 1)..];
    lexicon::PROVINCE_WORD.find_all(since_comma).into_iter().find_map(|w| {
        let before = since_comma[..w.start].trim_end();
        let number = before.rsplit(' ').next().unwrap_or("");
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let fraction = number.split_once('/').is_some_and(|(a, b)| digits(a) && digits(b));
        let existential = before[..before.len() - number.len()].trim_end().ends_with("có");
        ((fraction || digits(number)) && existential).then(|| Rule::by("provinces-counted", &w))
    })
}

/// Whether `clause` dates its figures as of a day before October of `year` ("tính đến ngày
/// 30/6/2023"): a mid-year stock, not the year's. A date in the year's last quarter ("đến ngày
/// 15/11/2023", as a year-end conference reports) is the year's.
fn mid_year(clause: &str, year: i64) -> bool {
    lexicon::AS_OF.find_all(clause).iter().any(|f| {
        let rest = clause[f.end..].trim_start();
        let token: &str = rest.split(|c: char| !(c.is_ascii_digit() || c == '/')).next().unwrap_or("");
        let parts: Vec<i64> = token.split('/').filter_map(|p| p.parse().ok()).collect();
        match parts[..] {
            [_, month, y] => y == year && (1..10).contains(&month),
            _ => false,
        }
    })
}

/// The rule when the figure at `at` stands after a phrase of somewhere else ("cả nước") with no
/// word naming the cluster again between.
fn elsewhere(marks: &[lexicon::Found<()>], again: &[lexicon::Found<()>], at: usize) -> Option<Rule> {
    let n = marks.partition_point(|f| f.end <= at);
    let mark = marks.get(n.checked_sub(1)?)?;
    let next_again = again.partition_point(|a| a.start < mark.end);
    let back = again.get(next_again).is_some_and(|a| a.end <= at);
    (!back).then(|| Rule::by("elsewhere", mark))
}

/// The last province named in the clause (from `from`, its start or the cue window's) before `at`,
/// outside asides.
fn clause_province(s: &Sentence, from: usize, at: usize) -> Option<String> {
    let span = &s.text[from..at];
    let closed = |end: usize| span[end..].matches(')').count() > span[end..].matches('(').count();
    geo::find_provinces(span).into_iter().rev().find(|m| !closed(m.end)).map(|m| span[m.start..m.end].to_string())
}

/// At most this many words between a province opening an item and the item's figure.
const SUBJECT_WORDS: usize = 8;

/// Whether the province at `start..end` of `span` (lowered, from the previous item to the figure)
/// is the item's subject: only openers ("trong năm", "riêng", "tỉnh", "Liên minh HTX") come before
/// it, and only a few words that do not speak of the cluster stand between it and the figure.
fn opens_as_subject(span: &str, start: usize, end: usize) -> bool {
    let mut at = 0;
    loop {
        let rest = &span[at..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '+' | '•' | ':'));
        at += rest.len() - trimmed.len();
        match lexicon::SUBJECT_OPENER.at(span, at) {
            Some(f) if f.end <= start => at = f.end,
            _ => break,
        }
    }
    let between = &span[end..];
    at == start
        && !lexicon::CLUSTER_WORD.any(between)
        && !lexicon::WHOLE_MARKER.any(between)
        && between.split_whitespace().count() <= SUBJECT_WORDS
}

/// Whether the province at `start..end` of `span` names whose cooperatives the figure is of: "lao
/// động HTX tỉnh Yên Bái", "các HTX ở tỉnh Lai Châu", "của các HTX tỉnh Bắc Kạn", with no word of the
/// cluster between it and the figure.
fn cooperatives_of(span: &str, start: usize, end: usize) -> bool {
    let before = span[..start].trim_end();
    let before = lexicon::PROVINCE_OF.ends(before).map_or(before, |f| before[..f.start].trim_end());
    lexicon::COOPERATIVE_WORD.ends(before).is_some()
        && !lexicon::CLUSTER_WORD.any(&span[end..])
        && !lexicon::WHOLE_MARKER.any(&span[end..])
}

/// The figure a breakdown's frame names for its items: "trong số HTX thành lập mới, tỉnh X có 41
/// HTX" counts new cooperatives. The frame runs from the marker at `at` to the first comma.
fn frame_aspect(lc: &str, at: usize, q_start: usize) -> Option<(Aspect, Rule)> {
    // "Trong số ...", not "Riêng tỉnh X thành lập mới 12 HTX, ..." (an item, not a frame)
    let marker = lexicon::BREAKDOWN_FRAME.at(lc, at)?;
    let rest = &lc[marker.end..q_start];
    let frame = &rest[..rest.find(',')?];
    lexicon::CUE.last(frame).map(|f| (*f.value(), Rule::by("breakdown-frame", &f)))
}

/// A bare value in a table row is read with its table ([`table_figures`]), not here.
fn is_table_cell(around: &Surroundings, q: &Quantity) -> bool {
    // after a separator, or after a run of spaces aligning a column ("Thanh Hóa      1.012")
    // (a tab is white space: trimming all of it would lose the tab that ends a cell)
    let raw = around.raw_local.trim_end_matches(' ');
    let cell_value = raw.trim_end().ends_with('|') || raw.ends_with('\t') || around.raw_local.ends_with("  ");
    cell_value && !matches!(q.unit, Unit::Money) && q.unit_start == q.end
}

/// Where a breakdown ("trong đó", "riêng") before the quantity starts, if one applies to it: it
/// runs to the end of the clause, unless a total spoke of the whole since, or the marker stood
/// inside parentheses that have closed ("1.973 HTX (trong đó ...), 11 liên hiệp").
fn breakdown_from(lc: &str, state: &ClauseState, around: &Surroundings, q: &Quantity) -> Option<usize> {
    let still_open = |at: usize| {
        let between = &lc[at..q.start];
        between.matches(')').count() <= between.matches('(').count()
    };
    lexicon::SUBSET_MARKER
        .find_all(around.clause_before)
        .iter()
        .map(|f| around.window_start + f.start)
        .find(|&at| at >= state.subset_floor && still_open(at))
}

/// The aspect a bare list item takes from the items before it: the previous item's, or in a
/// later clause of a list sentence ("- Toàn vùng có 2.954 HTX, ...; 11.046 tổ hợp tác;") the total
/// cue that opens the sentence.
fn inherited(around: &Surroundings, state: &ClauseState, lead_is_total: bool) -> Option<Aspect> {
    if !list_glue(&around.local_before, around.province.as_deref()) {
        return None;
    }
    state.prev_item().and_then(|(_, a)| a).or((state.clause_start > 0 && lead_is_total).then_some(Aspect::Total))
}

/// Where a figure goes.
#[derive(Debug, PartialEq)]
enum Placement {
    /// A goal for that year.
    Target(i64),
    /// A fact of the cluster, or of the province named.
    Fact(Option<String>),
    /// A part that is not the whole and no province's ("Riêng Quỹ ...").
    Part,
}

/// Where figure `key` goes: into the target paragraph's year, to the province a breakdown or a
/// superlative names ("Hà Nội ... có số HTX lớn nhất Cụm với 1.897 HTX"), or to the cluster. A
/// figure of another kind inside a breakdown ("trong đó thành lập mới 84 HTX") is the cluster's.
fn placement(
    key: Figure,
    target_year: Option<i64>,
    in_breakdown: bool,
    superlative: bool,
    province: Option<String>,
    broken_down: Option<Figure>,
) -> Placement {
    if let Some(year) = target_year {
        return Placement::Target(year);
    }
    if !(in_breakdown || superlative && province.is_some()) {
        return Placement::Fact(None);
    }
    match (province, key) {
        (Some(p), _) => Placement::Fact(Some(p)),
        // "thành lập mới 296 HTX (riêng từ sau sắp xếp thành lập mới 131 HTX)": part of that figure
        (None, _) if broken_down == Some(key) => Placement::Part,
        (None, Figure::HtxAgri | Figure::HtxNew | Figure::HtxDissolved | Figure::ThtNew | Figure::UnionNew) => {
            Placement::Fact(None)
        }
        // "toàn Cụm có 1.518 HTX, trong đó ..., 38 Quỹ tín dụng nhân dân": credit funds are
        // cooperatives, so those among all of them are all of them
        (None, Figure::QtdndTotal) if broken_down == Some(Figure::HtxTotal) => Placement::Fact(None),
        (None, _) => Placement::Part,
    }
}

/// Goals: a sentence with a target cue ("phấn đấu", "chỉ tiêu") before a figure makes its figures
/// from there on, and the rest of its paragraph, targets for the year it names after the report
/// year (else the next).
#[derive(Debug, Default)]
struct Targets {
    /// The paragraph that speaks of goals, and their year.
    paragraph: Option<(usize, i64)>,
    /// The year of a section of goals under a heading ("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2018"), to
    /// the next heading.
    section: Option<i64>,
    /// The year of the goals listed after a sentence that ends in a colon ("Điều 4. ... ký kết giao
    /// ước thi đua năm 2017 với các chỉ tiêu chủ yếu:"), for the bullets under it.
    list: Option<i64>,
    /// In the sentence now walked: where a cue names the report year's own plan ("kế hoạch năm
    /// 2021" in the 2021 report, "vượt chỉ tiêu giao ước thi đua năm 2018 (ít nhất 120 HTX)");
    /// the first figure in this range is that plan.
    plan: Option<Range<usize>>,
}

impl Targets {
    /// Sees sentence `s` before its figures: a heading opens or closes a section of goals.
    fn see(&mut self, s: &Sentence, year: i64) {
        let letters = || s.text.chars().filter(|c| c.is_alphabetic());
        let heading = letters().count() >= 6 && letters().all(char::is_uppercase);
        if heading {
            // ("KẾT QUẢ THỰC HIỆN GIAO ƯỚC THI ĐUA NĂM 2017" heads the year's results)
            self.section = lexicon::TARGET_SECTION
                .first(&s.lc)
                .filter(|f| !measured(&s.lc, f.start))
                .map(|_| years_in(&s.lc).into_iter().map(|(_, y)| y).find(|&y| y > year).unwrap_or(year + 1));
        }
        // "- Thành lập mới ít nhất 250 HTX và 500 tổ hợp tác;" under "... ký kết giao ước thi đua năm
        // 2017 với các chỉ tiêu chủ yếu:" (a later year named: goals, not the year's own plan)
        if !s.text.trim_start().starts_with(['-', '+', '•', '*']) {
            self.list = None;
        }
        if s.lc.trim_end().ends_with(':')
            && let Some(cue) = lexicon::TARGET_CUE.first(&s.lc)
            && !measured(&s.lc, cue.start)
        {
            self.list = years_in(&s.lc).into_iter().map(|(_, y)| y).find(|&y| y > year);
        }
    }

    /// Enters sentence `s`: the offset from which its figures are goals, if it has a cue.
    fn enter(&mut self, s: &Sentence, quantities: &[Quantity], year: i64) -> Option<usize> {
        if self.paragraph.is_some_and(|(p, _)| p != s.paragraph) {
            self.paragraph = None;
        }
        self.plan = None;
        let lc = s.lc.as_str();
        // a goal's cue has a figure with a unit after it, in its part of the sentence ("giao ước thi
        // đua, tập trung tuyên truyền Luật HTX năm 2012" has only a year; "hai chỉ tiêu về đào tạo
        // chưa đạt do ... bão số 10; riêng Nghệ An thành lập mới 63 HTX" none before its semicolon)
        let figure_after = |at: usize| {
            let part_end = lc[at..].find(';').map_or(lc.len(), |i| at + i);
            let counted =
                |q: &Quantity| !matches!(q.unit, Unit::Generic | Unit::Other | Unit::Percent | Unit::Provinces);
            quantities.iter().any(|q| q.start > at && q.start < part_end && counted(q))
        };
        // (the first cues only: a sentence of thousands of them stays linear)
        for f in lexicon::TARGET_CUE.find_all(lc).into_iter().take(16).filter(|f| figure_after(f.start)) {
            let clause = f.start..clause_end(lc, f.end);
            let later_year = |range: Range<usize>| years_in(&lc[range]).iter().any(|&(_, y)| y > year);
            // "vượt 40% so với chỉ tiêu giao ước thi đua năm 2018 (ít nhất 120 HTX)", "bám sát nội
            // dung giao ước thi đua", "vượt chỉ tiêu giao ước thi đua năm; giải thể 58 HTX": the
            // plan the year's results are measured against; what follows its clause is the year's
            if measured(lc, f.start) && !later_year(clause.clone()) {
                self.plan = self.plan.take().or(Some(clause));
                continue;
            }
            // "đạt 95,3% kế hoạch năm 2021 là 300 HTX" in the 2021 report: the year's own plan,
            // named right after the cue, in a sentence that speaks of no later year
            let own = years_in(&lc[f.start..]).first().is_some_and(|&(at, y)| y == year && at <= f.end - f.start + 6);
            if own && !later_year(0..lc.len()) {
                self.plan = self.plan.take().or(Some(f.start..lc.len()));
                return None;
            }
            if self.paragraph.is_none() {
                let later = years_in(lc).into_iter().map(|(_, y)| y).find(|&y| y > year);
                self.paragraph = Some((s.paragraph, later.unwrap_or(year + 1)));
            }
            return Some(f.start);
        }
        None
    }

    /// The target year of a figure at `at`, when it is a goal.
    fn year_of(&self, from: Option<usize>, at: usize) -> Option<i64> {
        self.paragraph.filter(|_| from.is_none_or(|f| at > f)).map(|(_, y)| y).or(self.section).or(self.list)
    }
}

/// Walks the body sentences and decides every quantity they state. In an interim review (`sơ
/// kết`) every figure is part of the year, and none is a fact or a target.
pub(super) fn figures_of(doc: &Document, body: &[&Sentence], year: i64, interim: bool, out: &mut Extraction) {
    let mut targets = Targets::default();
    let mut cursor = CharCursor { text: &doc.text, byte: 0, chars: 0 };
    // "Toàn tỉnh ..." on a provincial alliance's own page: that province
    let page_province = super::publisher(doc);
    for s in body {
        targets.see(s, year);
        let mut mentions = Mentions::of(&s.lc);
        // "..., cụ thể: Hà Nội 112 HTX; TP. Hồ Chí Minh 71 HTX; ...": after a breakdown's colon, the
        // semicolons part its items, not clauses
        if let Some(colon) = lexicon::SUBSET_MARKER
            .find_all(&s.lc)
            .iter()
            .find(|f| s.lc[f.end..].trim_start().starts_with(':'))
            .map(|f| f.end)
        {
            mentions.marks.retain(|&(at, mark)| mark != b';' || at < colon);
        }
        let Some(first) = mentions.quantities.first() else { continue };
        // counted on first need: only a province's item of a breakdown asks for it
        let depth = std::cell::OnceCell::new();
        let sentence_years = std::cell::OnceCell::new();
        // "HTX chúng tôi có 120 thành viên": one cooperative's own figures, after the phrase
        let ours_from = lexicon::OUR_COOPERATIVE.first(&s.lc).map_or(usize::MAX, |f| f.end);
        let start = cursor.at(s.range.start);
        let chars = start..start + s.text.chars().count();
        // "Tôi nghe nói cả Cụm có trên 1.000 HTX, có đúng không ạ?": asked, not stated
        let question = s.text.trim_end().trim_end_matches(['*', '"', '”', ')']).ends_with('?');
        let target_from = if question { None } else { targets.enter(s, &mentions.quantities, year) };
        let mut plan = targets.plan.clone();
        let lead_is_total = figures::nearest_cue(&s.lc[..first.start]) == Some(Aspect::Total);
        // "Sáu tháng đầu năm, ...", "Lũy kế từ năm 2013 đến nay, ...": not the year's figures
        let not_the_year = if interim || lexicon::PART_YEAR.any(&s.lc) || some_months(&s.lc) {
            Some(Reason::PartYear)
        } else {
            (lexicon::CUMULATIVE.any(&s.lc) || over_years(&s.lc)).then_some(Reason::Cumulative)
        };
        let mut state = ClauseState::new();
        // where the sentence speaks of one province's own figures, and of the whole again (found
        // once: a sentence of many figures stays linear)
        let own_marks = lexicon::OWN_PROVINCE.find_all(&s.lc);
        let whole_marks = lexicon::WHOLE_MARKER.find_all(&s.lc);
        let elsewhere_marks = lexicon::ELSEWHERE.find_all(&s.lc);
        let again_marks = lexicon::CLUSTER_AGAIN.find_all(&s.lc);
        // "Số HTX quy mô lớn, có từ 100 thành viên trở lên là 238 HTX": figures of one size of
        // cooperatives, from where the sentence names it
        let size = lexicon::SUBSET_SUBJECT.first(&s.lc);
        // "- Tỉnh Điện Biên: 386 HTX, thành lập mới 31 HTX": the province a list item is labelled
        // with owns the item's figures
        let item_province = item_label_province(s.text, &s.lc);
        // the cluster's figures so far in the sentence: where each ended, and its field
        let mut cluster_facts: Vec<(usize, Figure)> = Vec::new();
        // the end of the last province's figure, and the province
        let mut last_province: Option<(usize, String)> = None;
        let mut decide = |q: &Quantity, outcome, rule, out: &mut Extraction| {
            let (start, end) = (cursor.at(s.range.start + q.start), cursor.at(s.range.start + q.end));
            let text = s.text[q.start..q.end].to_string();
            out.decisions.push(Decision { start, end, text, outcome, rule, sentence: chars.clone() });
            (start, end)
        };
        if question {
            for q in &mentions.quantities {
                decide(q, Outcome::Skipped(Reason::Question), None, out);
            }
            continue;
        }
        for (qi, q) in mentions.quantities.iter().enumerate() {
            state.pass_to(&mentions.marks, q.start);
            let next_start = mentions.quantities.get(qi + 1).map_or(s.lc.len(), |n| n.start);
            let around = surroundings(s, &state, q, next_start);
            let prev_end = state.prev_item().map(|(end, _)| end);
            // "toàn Cụm có ..." speaks of the whole again; "trong tổng số HTX, ..." opens a breakdown
            let frames = lexicon::SUBSET_MARKER.find_all(&around.local_before);
            let whole = lexicon::WHOLE_MARKER.find_all(&around.local_before);
            // "nâng tổng số HTX của tỉnh lên 148 HTX", "Toàn tỉnh hiện có 148 HTX với 6.320 thành
            // viên": one province's figures, to the end of the sentence or until the whole again
            let last_before = |found: &[lexicon::Found<()>]| {
                let n = found.partition_point(|f| f.end <= q.start);
                n.checked_sub(1).map(|i| found[i].end)
            };
            let (own_at, whole_at) = (last_before(&own_marks), last_before(&whole_marks));
            let own_province = own_at.is_some_and(|o| {
                whole_at.is_none_or(|w| {
                    w < o
                        || lexicon::OWN_PROVINCE.any(&around.local_before)
                        || lexicon::OWN_AREA.any(&around.local_before)
                            && !lexicon::CLUSTER_WORD.any(&around.local_before)
                })
            });
            if !own_province && whole.iter().any(|w| !frames.iter().any(|f| f.start <= w.start && w.start < f.end)) {
                state.whole_again(q.start);
            }
            let breakdown = breakdown_from(&s.lc, &state, &around, q);
            if is_table_cell(&around, q) {
                decide(q, Outcome::Skipped(Reason::TableCell), None, out);
                continue;
            }
            let label = label_of(&around.local_before).or_else(|| counted_group(&s.lc, q, around.clause_before));
            let named = labelled_quantity(q, label);
            let q = named.as_ref().unwrap_or(q);
            // "Ước cả năm, ... thành lập mới 275 HTX", "Các Quỹ ước giải ngân 140 dự án": estimates
            let estimate = (q.qualifier == Qualifier::Exact && estimated(&s.lc, &around.local_before))
                .then(|| Quantity { qualifier: Qualifier::Estimated, ..q.clone() });
            let q = estimate.as_ref().unwrap_or(q);
            let denominator = s.lc[..q.start].ends_with('/');
            let ctx = Context {
                clause_before: around.clause_before,
                local_before: &around.local_before,
                // "Có 3.120/4.169 HTX hoạt động hiệu quả": what follows a fraction is said of its part
                after: if denominator { "" } else { around.after },
                clause_rest: if denominator { "" } else { around.clause_rest },
                inherited: inherited(&around, &state, lead_is_total),
                // "6.310 tổ hợp tác với khoảng 71.400 thành viên": the groups' own members
                members_of: match qi.checked_sub(1).map(|p| &mentions.quantities[p]) {
                    Some(prev) if prev.unit == Unit::Tht && joined_by_with(&s.lc[prev.end..q.start]) => Unit::Tht,
                    _ => state.members_owner(around.clause_before),
                },
                label,
            };
            // "Riêng tỉnh Bắc Giang, năm 2019 thành lập mới 96 HTX": a year is no list item, so the
            // item still starts at the province
            let a_year = is_year(&s.lc, q);
            let mut aspect = figures::aspect(&ctx);
            // the items of "Trong số HTX thành lập mới, ..." are new cooperatives, whatever "có" says
            if matches!(aspect, None | Some((Aspect::Total, _)))
                && let Some(framed) = breakdown.and_then(|at| frame_aspect(&s.lc, at, q.start))
            {
                aspect = Some(framed);
            }
            // "thành lập mới 286 HTX, ..., cụ thể: Hà Nội 112 HTX; TP. Hồ Chí Minh 71 HTX": a
            // province's item of a breakdown, with no cue of its own, is of the figure broken down
            // (a cue before the breakdown's marker is the figure's, not the item's: "thành lập mới
            // 168 HTX, vượt 40% so với chỉ tiêu (ít nhất 120 HTX), trong đó Bình Dương 41 HTX"; a
            // count of the same unit between the figure and the marker, other than the year's plan
            // ("đạt 95,3% kế hoạch năm 2021 là 300 HTX, cụ thể: ..."), may be what is broken down)
            // (bounded looks: the cue within the figure's own window, the counts between found by
            // position and their parentheses by the sentence's running depth, so a sentence of
            // thousands of items stays near linear)
            if let Some(at) = breakdown.filter(|&at| at < q.start)
                && around.province.is_some()
                && !lexicon::CUE.any(&s.lc[at.max(around.window_start).min(q.start)..q.start])
                && let Some(&(end, k)) = cluster_facts.iter().rev().find(|(end, _)| *end <= at)
                && !{
                    let from = mentions.quantities.partition_point(|m| m.start < end);
                    mentions.quantities[from..].iter().take_while(|m| m.end <= at).any(|m| {
                        let depth = depth.get_or_init(|| Depth::of(&s.lc));
                        let aside = depth.at(m.start) > depth.at(end);
                        let the_plan = targets.plan.as_ref().is_some_and(|p| p.contains(&m.start));
                        m.unit == q.unit && !aside && !the_plan
                    })
                }
                && let Some(a) = aspect_of(k, q.unit)
            {
                aspect = Some((a, Rule::named("breakdown-of")));
            }
            // "toàn Cụm có 1.127 HTX, trong đó có 812 HTX nông nghiệp, 36 Quỹ tín dụng nhân dân": credit
            // funds and unions in the breakdown of the total count their kind
            if aspect.is_none()
                && matches!(q.unit, Unit::Qtdnd | Unit::Union)
                && around.province.is_none()
                && let Some(at) = breakdown.filter(|&at| at < q.start)
                && cluster_facts.iter().rev().find(|(end, _)| *end <= at).is_some_and(|&(_, k)| k == Figure::HtxTotal)
            {
                aspect = Some((Aspect::Total, Rule::named("breakdown-of")));
            }
            // "thành lập mới 300 HTX trở lên, trong đó có ít nhất 60 HTX ... và 2 liên hiệp HTX":
            // unions among what is new are new (a union is no part of the cooperatives counted)
            if q.unit == Unit::Union
                && !matches!(aspect, Some((Aspect::New, _)))
                && let Some(at) = breakdown.filter(|&at| at < q.start)
                && let Some(cue) = lexicon::CUE
                    .find_all(&s.lc[state.clause_start.min(at)..at])
                    .into_iter()
                    .rev()
                    .find(|c| *c.value() != Aspect::Total)
                && *cue.value() == Aspect::New
            {
                aspect = Some((Aspect::New, Rule::by("breakdown-of", &cue)));
            }
            // "Trong số 196 HTX mới, có 121 HTX hoạt động trong lĩnh vực nông nghiệp": a sector's
            // share of a breakdown of anything but the total is no level
            let sector_rule = aspect.is_some_and(|(a, r)| {
                matches!(a, Aspect::Agri | Aspect::OtherSector) && matches!(r.name, "sector-after" | "subject-sector")
            });
            let of_the_total =
                breakdown.filter(|&at| at < q.start).is_none_or(|at| match cluster_facts.last().copied() {
                    Some((end, k)) if end <= at => k == Figure::HtxTotal,
                    // "Trong đó, số HTX nông nghiệp là ...": of the total stated before
                    _ => !s.lc[at..q.start].contains(|c: char| c.is_ascii_digit()),
                });
            if sector_rule && !of_the_total {
                decide(q, Outcome::Skipped(Reason::Subset), aspect.map(|(_, r)| r), out);
                continue;
            }
            if !a_year {
                state.listed(q.end, aspect.map(|(a, _)| a));
            }
            let figure = figures::classify(q, &ctx, aspect).or_else(|e| {
                // "Vốn vay từ Quỹ hỗ trợ phát triển HTX: 52 dự án, 21,8 tỷ đồng": the amount right
                // after the count of loans is their sum
                let prev_end = qi.checked_sub(1).map(|p| mentions.quantities[p].end);
                let after_loans =
                    cluster_facts.last().is_some_and(|&(end, k)| Some(end) == prev_end && k == Figure::Loans);
                let joined = prev_end.is_some_and(|p| matches!(s.lc[p..q.start].trim(), "," | "với" | ", với"));
                if e.0 == Reason::NoMeasure && q.unit == Unit::Money && after_loans && joined {
                    Ok((Figure::LoansAmount, Rule::named("loans-amount")))
                } else {
                    Err(e)
                }
            });
            state.counted(q.unit);
            let (key, rule) = match figure {
                Ok(decided) => decided,
                Err((reason, rule)) => {
                    let reason = match reason {
                        // "tăng gấp 1,7 lần", "tăng từ 1,5 đến 2 lần": a change told as a multiplier
                        Reason::NoUnit if lexicon::MULTIPLIER.starts(&s.lc[q.end..]).is_some() => Reason::NetChange,
                        Reason::NoUnit => bare_number(&s.lc[q.start..]),
                        reason => reason,
                    };
                    decide(q, Outcome::Skipped(reason), rule, out);
                    continue;
                }
            };
            // "Bình quân mỗi tỉnh ... tổ chức 8 lớp bồi dưỡng với khoảng 470 học viên": what joins
            // an average with "với" is averaged too
            let prev = qi.checked_sub(1).map(|p| &mentions.quantities[p]);
            if let Some(prev) = prev
                && out.decisions.last().is_some_and(|d| d.outcome == Outcome::Skipped(Reason::Average))
                && joined_by_with_after_words(&s.lc[prev.end..q.start])
            {
                decide(q, Outcome::Skipped(Reason::Average), Some(rule), out);
                continue;
            }
            if plan.as_ref().is_some_and(|p| p.contains(&q.start)) {
                plan = None;
                decide(q, Outcome::Skipped(Reason::Plan), Some(rule), out);
                continue;
            }
            if let Some(size) = size.as_ref().filter(|f| f.start < q.start) {
                decide(q, Outcome::Skipped(Reason::Subset), Some(Rule::by("size", size)), out);
                continue;
            }
            if let Some(reason) = not_the_year {
                decide(q, Outcome::Skipped(reason), Some(rule), out);
                continue;
            }
            let target_year = targets.year_of(target_from, q.start);
            // "toàn Cụm có 1.598 HTX (năm 2012 là 1.514 HTX)", "Năm 1990, các tỉnh có 2.100 HTX":
            // another year's figure
            if target_year.is_none()
                && let Some(other) = other_year(&around.local_before, year).or_else(|| {
                    clause_year(&around, sentence_years.get_or_init(|| SentenceYears::new(&s.lc)).at(q.start), year)
                })
            {
                decide(q, Outcome::Skipped(Reason::OtherYear), Some(Rule::named(other)), out);
                continue;
            }
            // "HTX Nông nghiệp Bản Lướt có 215 thành viên", "Quỹ ... có vốn điều lệ là 50 tỷ đồng":
            // one body's figures, not the cluster's
            if let Some(rule) = one_body(&s.text[around.window_start..q.start], key)
                .or_else(|| one_place(&s.text[around.window_start..q.start]))
                .or_else(|| (ours_from <= q.start).then(|| Rule::named("our-cooperative")))
            {
                decide(q, Outcome::Skipped(Reason::Subset), Some(rule), out);
                continue;
            }
            // "3.870 HTX đang hoạt động, 215 HTX ngưng hoạt động chờ giải thể, ...": the active
            // part of a status split, whose total the report leaves to the reader (htxq adds nothing)
            if key == Figure::HtxTotal
                && let Some(active) = lexicon::ACTIVE_STATUS.starts(around.after)
                && lexicon::CUE.find_in(&s.lc, q.end..s.lc.len()).iter().any(|c| *c.value() == Aspect::Pending)
            {
                decide(q, Outcome::Skipped(Reason::Subset), Some(Rule::by("status-split", &active)), out);
                continue;
            }
            // "chiếm gần 60% số HTX toàn vùng đồng bằng sông Cửu Long (hơn 3.700 HTX)": the whole a
            // share is of, not the cluster's
            if let Some(share) = share_whole(&s.lc[around.window_start..q.start]) {
                decide(q, Outcome::Skipped(Reason::Share), Some(Rule::by("share-of", &share)), out);
                continue;
            }
            // "Có 5/8 tỉnh có trên 500 HTX": a threshold some provinces reach, not a figure
            if let Some(rule) = provinces_counted(around.clause_before) {
                decide(q, Outcome::Skipped(Reason::ProvinceCount), Some(rule), out);
                continue;
            }
            // "Cả nước có hơn 31.000 HTX": the country's, to the end of the sentence or until the
            // cluster is named again
            if let Some(rule) = elsewhere(&elsewhere_marks, &again_marks, q.start) {
                decide(q, Outcome::Skipped(Reason::Elsewhere), Some(rule), out);
                continue;
            }
            let superlative = lexicon::SUPERLATIVE.any(&around.local_before);
            // "Lai Châu thành lập mới 27 HTX, 64 THT": the next item of a province's list is the
            // province's too
            let follows_province = around.province.is_none()
                && last_province.as_ref().is_some_and(|(end, _)| Some(*end) == prev_end)
                && (list_glue(&around.local_before, None) || amount_of_the_same(&around.local_before, q));
            let by_item = whole_at.is_none()
                && item_province.is_some()
                && around.province.as_ref().is_none_or(|p| Some(p) == item_province.as_ref());
            let in_breakdown =
                breakdown.is_some_and(|at| at < q.start) || around.subject || follows_province || by_item;
            // the cluster's figure a breakdown breaks down: the last one before its marker
            let broken_down =
                breakdown.and_then(|at| cluster_facts.iter().rev().find(|(end, _)| *end <= at).map(|&(_, k)| k));
            let province = match around.province {
                None if own_province => {
                    clause_province(s, around.window_start, q.start).or(page_province.map(str::to_string))
                }
                // "Quỹ tỉnh Nghệ An cho vay 37 dự án, số tiền 14,2 tỷ đồng", "9,6 tỷ đồng (19 dự
                // án)": a figure right after a province's, in its breakdown, is that province's too
                None if by_item => item_province.clone(),
                None if in_breakdown => last_province.clone().filter(|(end, _)| Some(*end) == prev_end).map(|(_, p)| p),
                p => p,
            };
            let placed = match placement(key, target_year, in_breakdown, superlative, province.clone(), broken_down) {
                // a province's own figure whose province is not named is no one's
                Placement::Fact(None) if own_province => province.map_or(Placement::Part, |p| Placement::Fact(Some(p))),
                placed => placed,
            };
            match placed {
                Placement::Target(target_year) => {
                    // in the field's own unit: a monthly income target is stored per year
                    let factor = per_year(q);
                    let (low, high) = (q.low * factor, q.high * factor);
                    // a goal the headline or the lead repeats is one goal
                    let again = out
                        .targets
                        .iter()
                        .any(|t| t.key == key && t.year == target_year && t.low == low && t.high == high);
                    if !again {
                        out.targets.push(Target { key, year: target_year, low, high, sentence: chars.clone() });
                    }
                    decide(q, Outcome::Target(key, target_year), Some(rule), out);
                }
                Placement::Part => {
                    decide(q, Outcome::Skipped(Reason::Subset), Some(rule), out);
                }
                Placement::Fact(province) => {
                    match &province {
                        None => cluster_facts.push((q.end, key)),
                        Some(p) => last_province = Some((q.end, p.clone())),
                    }
                    let offsets = decide(q, Outcome::Fact(key, province.clone()), Some(rule), out);
                    out.facts.push(fact(&s.text[q.start..q.end], q, key, province, rule, chars.clone(), offsets));
                }
            }
        }
    }
}

/// Figures in tables, read cell by cell as labelled statements ([`tables`]), each kept at its
/// cell's place in the article.
pub(super) fn table_figures(doc: &Document, body: &[&Sentence], year: i64, interim: bool, out: &mut Extraction) {
    let statements = tables::statements(&doc.text, body, year);
    if statements.is_empty() {
        return;
    }
    // character offsets of every byte position needed, in one pass over the text
    let mut positions: Vec<usize> =
        statements.iter().flat_map(|st| [st.row.start, st.row.end, st.cell.start, st.cell.end]).collect();
    positions.sort_unstable();
    positions.dedup();
    let mut cursor = CharCursor { text: &doc.text, byte: 0, chars: 0 };
    let chars: std::collections::HashMap<usize, usize> = positions.iter().map(|&b| (b, cursor.at(b))).collect();
    let english = quantity::english_numbers(&doc.text);
    for st in statements {
        let mut lc = lower(&st.text);
        if english {
            quantity::swap_separators(&mut lc);
        }
        let value_from = lc.rfind(": ").map_or(0, |c| c + 2);
        let quantities = quantity::scan(&lc);
        let Some(q) = quantities.iter().find(|q| q.start >= value_from) else { continue };
        let local_before = &lc[..q.start];
        let label = label_of(local_before);
        let named = labelled_quantity(q, label);
        let q = named.as_ref().unwrap_or(q);
        let groups = label.is_some_and(|l| names_unit(l, Unit::Tht));
        let ctx = Context {
            clause_before: local_before,
            local_before,
            after: &lc[q.end..],
            clause_rest: "",
            inherited: None,
            members_of: if groups { Unit::Tht } else { Unit::Htx },
            label,
        };
        let aspect = figures::aspect(&ctx);
        let sentence = chars[&st.row.start]..chars[&st.row.end];
        let (start, end) = (chars[&st.cell.start], chars[&st.cell.end]);
        let text = doc.text[st.cell.clone()].trim().to_string();
        let (key, rule) = match figures::classify(q, &ctx, aspect) {
            Ok(decided) => decided,
            Err((reason, rule)) => {
                let outcome = Outcome::Skipped(reason);
                out.decisions.push(Decision { start, end, text, outcome, rule, sentence });
                continue;
            }
        };
        let rule = Rule { name: "table", ..rule };
        if interim {
            out.decisions.push(Decision {
                start,
                end,
                text,
                outcome: Outcome::Skipped(Reason::PartYear),
                rule: Some(rule),
                sentence,
            });
            continue;
        }
        if let Some(year) = st.target_year {
            // a cell of a table of goals: in the field's own unit, once however often stated
            let factor = per_year(q);
            let (low, high) = (q.low * factor, q.high * factor);
            if !out.targets.iter().any(|t| t.key == key && t.year == year && t.low == low && t.high == high) {
                out.targets.push(Target { key, year, low, high, sentence: sentence.clone() });
            }
            let outcome = Outcome::Target(key, year);
            out.decisions.push(Decision { start, end, text, outcome, rule: Some(rule), sentence });
            continue;
        }
        let outcome = Outcome::Fact(key, st.province.clone());
        out.decisions.push(Decision { start, end, text, outcome, rule: Some(rule), sentence: sentence.clone() });
        out.facts.push(fact(&st.text[q.start..q.end], q, key, st.province, rule, sentence, (start, end)));
    }
}

/// The label a figure follows: "- Tổ hợp tác:" before "5.870 tổ", or the subject of "số HTX
/// toàn Cụm là 3.412" (lowered, without the colon or copula).
fn label_of(local_before: &str) -> Option<&str> {
    let mut t = local_before.trim_end();
    // qualifiers and "đạt" between the label and its value: "- Tổ hợp tác: đạt hơn 5.870 tổ"
    for _ in 0..4 {
        match lexicon::QUALIFIER.ends(t).map(|f| f.start).or_else(|| lexicon::LABEL_FILLER.ends(t).map(|f| f.start)) {
            Some(start) => t = t[..start].trim_end(),
            None => break,
        }
    }
    if let Some(label) = t.strip_suffix(':') {
        // "Liên minh HTX tỉnh An Giang - Địa chỉ: 15 ...": the label is the last part
        let label = label.rsplit(" - ").next().unwrap_or(label);
        let label = label.rsplit(" – ").next().unwrap_or(label);
        return Some(label.trim_start_matches(['-', '*', '+', '•', ' ']).trim());
    }
    // "số HTX toàn Cụm là 3.412": a subject naming what is counted, then "là"
    if let Some(copula) = lexicon::COPULA.ends(t) {
        let subject = &t[..copula.start];
        let start = subject.rfind(['.', ',', ';']).map_or(0, |i| i + 1);
        let subject = subject[start..].trim();
        return lexicon::COUNT_SUBJECT.at(subject, 0).is_some().then_some(subject);
    }
    // "Tổng số thành viên HTX trong Cụm trên 1,15 triệu người": the subject right before its
    // value, with no verb of its own between
    // ("..., nâng tổng số HTX lên 2.874": a verb of the whole before the subject, and a
    // total's cue after it)
    let start = t.rfind(['.', ',', ';', '(', ')']).map_or(0, |i| i + 1);
    let clause = t[start..].trim_start_matches(['-', '*', '+', '•', ' ']).trim();
    let head = lexicon::BARE_COUNT_SUBJECT.last(clause)?;
    let subject = &clause[head.start..];
    let head_end = head.end - head.start;
    let other_cue =
        lexicon::CUE.find_all(subject).into_iter().any(|f| f.start >= head_end && *f.value() != Aspect::Total);
    let verb = lexicon::LATER_VERB.find_all(subject).into_iter().any(|f| f.start >= head_end);
    // "tổng số HTX năm 2025": a year, not a count
    let before_a_year = lexicon::YEAR_WORD.ends(subject).is_some();
    (!before_a_year && !other_cue && !verb).then_some(subject)
}

/// "Khu vực tổ hợp tác có 9.870 tổ": a bare "tổ" counts the groups its clause named; the
/// naming phrase serves as the figure's label.
fn counted_group<'a>(lc: &str, q: &Quantity, clause_before: &'a str) -> Option<&'a str> {
    if !matches!(q.unit, Unit::Generic | Unit::Other)
        || !lexicon::GROUP_COUNTER.is_phrase(lc[q.unit_start..q.end].trim())
    {
        return None;
    }
    let named = lexicon::UNIT.find_all(clause_before).into_iter().rev().find(|f| *f.value() == Unit::Tht)?;
    Some(&clause_before[named.start..named.end])
}

/// A figure whose own unit says nothing ("14", "5.870 tổ", "38 quỹ") counts what its label
/// names; `None` when the quantity keeps its own unit.
fn labelled_quantity(q: &Quantity, label: Option<&str>) -> Option<Quantity> {
    if !matches!(q.unit, Unit::Generic | Unit::Other) || !q.per.is_empty() {
        return None;
    }
    let label = label?;
    let (mut unit, phrase) = quantity::head_unit(label)?;
    // "sản lượng tiêu thụ qua HTX: 86.000 tấn": the unit must head the label, after no more than
    // words that count ("Tổng số", "Số lượng")
    let counting = ["số", "tổng", "lượng", "các", "toàn", "cả", "năm"];
    if !label[..phrase.start].split_whitespace().all(|w| counting.contains(&w)) {
        return None;
    }
    let end = phrase.end;
    // "Tổng số thành viên HTX:" are the cooperatives' members
    if unit == Unit::Members {
        let rest = &label[end..];
        if names_unit(rest, Unit::Htx) {
            unit = Unit::HtxMembers;
        } else if names_unit(rest, Unit::Tht) {
            unit = Unit::ThtMembers;
        }
    }
    Some(Quantity { unit, ..q.clone() })
}

/// Whether the words between two list items are only glue (commas, "và", qualifiers, a province
/// name), so that the second item continues what the first was ("có 12.287 THT, hơn 7.700 HTX").
fn list_glue(local_before: &str, province: Option<&str>) -> bool {
    let mut rest = local_before.to_string();
    if let Some(p) = province {
        rest = rest.replace(&lower(p), " ");
        // "thành lập mới 118 HTX, trong đó Quảng Nam 27 HTX": a breakdown's first item continues
        // the figure it breaks down
        for f in lexicon::SUBSET_MARKER.find_all(&rest).into_iter().rev() {
            rest.replace_range(f.start..f.end, " ");
        }
    }
    rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':'))
        .filter(|w| !w.is_empty())
        .all(|w| lexicon::LIST_GLUE.is_phrase(w))
}

/// The share cue when the figure stands in an open parenthesis after a share: "chiếm 60% số HTX
/// toàn vùng (hơn 3.700 HTX)". `clause` runs from the clause start to the figure.
fn share_whole(clause: &str) -> Option<lexicon::Found<Aspect>> {
    let open = clause.rfind('(').filter(|&o| !clause[o..].contains(')'))?;
    lexicon::CUE.find_all(&clause[..open]).into_iter().rev().find(|c| *c.value() == Aspect::Share)
}

/// Whether the text between two figures only joins the second to the first: "với", "với khoảng".
fn joined_by_with(between: &str) -> bool {
    let rest = between.trim();
    rest.strip_prefix("với").is_some_and(|r| r.trim().is_empty() || lexicon::QUALIFIER.is_phrase(r.trim()))
}

/// The aspect of a count in `unit` that is a part of figure `k`.
fn aspect_of(k: Figure, unit: Unit) -> Option<Aspect> {
    match (k, unit) {
        (Figure::HtxTotal, Unit::Htx) | (Figure::ThtTotal, Unit::Tht) => Some(Aspect::Total),
        (Figure::HtxNew, Unit::Htx) | (Figure::ThtNew, Unit::Tht) => Some(Aspect::New),
        (Figure::HtxDissolved, Unit::Htx) => Some(Aspect::Dissolved),
        (Figure::HtxAgri, Unit::Htx) => Some(Aspect::Agri),
        _ => None,
    }
}

/// The one province a list item's label names ("- Tỉnh Điện Biên: 386 HTX, ..."), or a sentence
/// opens with where it speaks of ("Ở Lạng Sơn, thu nhập bình quân ..." when it names no cluster),
/// if any.
fn item_label_province(text: &str, lc: &str) -> Option<String> {
    let text = text.trim_start();
    let opener = ["Ở ", "Tại "].iter().find_map(|o| text.strip_prefix(o));
    if let Some(rest) = opener {
        let comma = rest.find(',').filter(|&c| c <= 40)?;
        let place = &rest[..comma];
        let cluster = lexicon::CLUSTER_WORD.any(lc) || lexicon::ALLIANCE_WORD.any(lc);
        return match geo::find_provinces(place).as_slice() {
            [one] if !cluster && place.trim_end().len() == one.end => Some(place[one.start..one.end].to_string()),
            _ => None,
        };
    }
    let item = text.strip_prefix(['-', '+', '•', '*'])?;
    let colon = item.find(':').filter(|&c| c <= 60)?;
    let label = &item[..colon];
    if label.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    match geo::find_provinces(label).as_slice() {
        [one] => Some(label[one.start..one.end].to_string()),
        _ => None,
    }
}

/// " bồi dưỡng với khoảng ": the words of the item before, then "với" (and a qualifier), with no
/// separator.
fn joined_by_with_after_words(between: &str) -> bool {
    let Some(at) = between.rfind(" với") else { return false };
    !between[..at].contains([',', ';', ':', '(']) && joined_by_with(&between[at..])
}

/// "24 dự án với số tiền 11,5 tỷ đồng": an amount joined to the item before by its measure, the
/// same item's money.
fn amount_of_the_same(local_before: &str, q: &Quantity) -> bool {
    if q.unit != Unit::Money {
        return false;
    }
    // "cho 23 dự án vay với tổng số tiền 8,6 tỉ đồng": the verb of the lending and the measure
    let mut words: Vec<Range<usize>> = lexicon::MEASURE.find_all(local_before).iter().map(|f| f.start..f.end).collect();
    let measured = !words.is_empty();
    words.extend(lexicon::LENDING_WORD.find_all(local_before).iter().map(|f| f.start..f.end));
    words.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut rest = String::with_capacity(local_before.len());
    let mut at = 0;
    for f in words {
        if f.start >= at {
            rest.push_str(&local_before[at..f.start]);
            rest.push(' ');
            at = f.end;
        }
    }
    rest.push_str(&local_before[at..]);
    let rest = rest.replace(" tổng ", " ");
    measured && list_glue(&rest, None)
}

/// Whether `text` names `unit` ("tổ hợp tác", "THT" for groups).
fn names_unit(text: &str, unit: Unit) -> bool {
    lexicon::UNIT.find_all(text).iter().any(|f| *f.value() == unit)
}

/// A fact from a quantity; `mention` is the quantity's text as written.
fn fact(
    mention: &str,
    q: &Quantity,
    key: Figure,
    province: Option<String>,
    rule: Rule,
    sentence: Range<usize>,
    (start, end): (usize, usize),
) -> Fact {
    let unit = mention
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '-' | '–' | '—'))
        .trim()
        .to_string();
    let factor = per_year(q);
    Fact {
        key,
        value: q.value() * factor,
        low: q.low * factor,
        high: q.high * factor,
        qualifier: q.qualifier,
        unit,
        province,
        rule,
        sentence,
        start,
        end,
    }
}

/// What turns an amount into its yearly figure: "/người/tháng" is monthly, income_avg is yearly.
fn per_year(q: &Quantity) -> f64 {
    if q.per.iter().any(|p| quantity::per(p) == Some(quantity::Per::Month)) { 12.0 } else { 1.0 }
}

/// The parenthesis depth at every byte of a sentence, counted once.
struct Depth(Vec<i32>);

impl Depth {
    fn of(lc: &str) -> Depth {
        let mut depth = 0;
        let mut out = Vec::with_capacity(lc.len() + 1);
        for b in lc.bytes() {
            out.push(depth);
            match b {
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
        }
        out.push(depth);
        Depth(out)
    }

    /// The depth just before byte `at`.
    fn at(&self, at: usize) -> i32 {
        self.0.get(at).or(self.0.last()).copied().unwrap_or(0)
    }
}

/// Whether `q` is a year, not a figure ("Luật HTX năm 2012").
fn is_year(lc: &str, q: &Quantity) -> bool {
    matches!(q.unit, Unit::Generic | Unit::Other) && q.per.is_empty() && bare_number(&lc[q.start..]) == Reason::Year
}

/// Where the clause that runs through byte `from` of `lc` ends: at the next comma, semicolon,
/// closing parenthesis or full stop (a decimal comma or point is no end).
fn clause_end(lc: &str, from: usize) -> usize {
    let b = lc.as_bytes();
    (from..b.len())
        .find(|&i| match b[i] {
            b';' | b')' => true,
            b',' | b'.' => !(i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit)),
            _ => false,
        })
        .unwrap_or(b.len())
}

/// Whether a target cue at byte `at` of `lc` names a plan that results are measured against:
/// "vượt", "so với", "bám sát", "hoàn thành", ... right before it, in its clause.
fn measured(lc: &str, at: usize) -> bool {
    let before = &lc[..at];
    // (a decimal comma ends no clause: "vượt 15,5% chỉ tiêu giao ước")
    let b = before.as_bytes();
    let ends_clause = |i: usize| {
        b[i] != b',' || !(b.get(i + 1).is_some_and(u8::is_ascii_digit) && i > 0 && b[i - 1].is_ascii_digit())
    };
    let clause = (0..b.len())
        .rev()
        .find(|&i| matches!(b[i], b',' | b';' | b'(' | b':') && ends_clause(i))
        .map_or(before, |i| &before[i + 1..]);
    let near = &clause[clause.floor_char_boundary(clause.len().saturating_sub(MEASURED_WINDOW))..];
    lexicon::TARGET_MEASURED.any(near)
}

/// How far before a target cue a word measuring results against it may stand (bytes).
const MEASURED_WINDOW: usize = 40;

/// Why a number with no unit is no figure, from how it is written (`written` runs from the
/// number to the end of its sentence): a year ("năm 2023 tổ chức"), a code ("39-CT/TW"), or
/// simply nothing counted.
fn bare_number(written: &str) -> Reason {
    let digits = written.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &written[digits..];
    if rest.starts_with(|c: char| c.is_alphabetic())
        || rest.starts_with('-') && rest[1..].starts_with(char::is_alphabetic)
    {
        Reason::Code
    } else if digits == 4
        && !rest.starts_with(['.', ','])
        && written[..4].parse::<i64>().is_ok_and(|y| (1900..=2100).contains(&y))
    {
        Reason::Year
    } else {
        Reason::NoUnit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_semicolon_starts_a_clause_and_ends_the_list() {
        let lc = "có 5 htx (tăng 2 htx); 7 tht";
        let m = Mentions::of(lc);
        let mut state = ClauseState::new();
        state.listed(8, Some(Aspect::Total));
        state.pass_to(&m.marks, lc.find("tăng").unwrap());
        assert!(state.in_aside(), "inside the parentheses");
        state.pass_to(&m.marks, lc.find("7 tht").unwrap());
        assert!(!state.in_aside());
        assert_eq!(state.clause_start, lc.find(';').unwrap() + 1);
        assert_eq!(state.prev, None);
    }

    #[test]
    fn members_belong_to_what_was_counted() {
        let mut state = ClauseState::new();
        assert_eq!(state.members_owner("các tht thu hút"), Unit::Tht);
        state.counted(Unit::Tht);
        assert_eq!(state.members_of, Unit::Tht);
        state.counted(Unit::Htx);
        assert_eq!(state.members_owner("các tht thu hút"), Unit::Htx);
    }

    #[test]
    fn placements() {
        let lao_cai = || Some("Lào Cai".to_string());
        assert_eq!(placement(Figure::HtxNew, Some(2024), false, false, None, None), Placement::Target(2024));
        assert_eq!(placement(Figure::HtxTotal, None, true, false, lao_cai(), None), Placement::Fact(lao_cai()));
        // "trong đó thành lập mới 84 HTX" after a total: the cluster's new cooperatives
        let after_total = Some(Figure::HtxTotal);
        assert_eq!(placement(Figure::HtxNew, None, true, false, None, after_total), Placement::Fact(None));
        // "... 296 HTX (riêng từ tháng 7 thành lập mới 131 HTX)": part of the same figure
        let after_new = Some(Figure::HtxNew);
        assert_eq!(placement(Figure::HtxNew, None, true, false, None, after_new), Placement::Part);
        assert_eq!(placement(Figure::LoansAmount, None, true, false, None, None), Placement::Part);
        assert_eq!(placement(Figure::HtxTotal, None, false, true, lao_cai(), None), Placement::Fact(lao_cai()));
        assert_eq!(placement(Figure::HtxTotal, None, false, false, lao_cai(), None), Placement::Fact(None));
    }

    #[test]
    fn bare_numbers_say_what_they_are() {
        assert_eq!(bare_number("2023 tổ chức"), Reason::Year);
        assert_eq!(bare_number("39-ct/tw"), Reason::Code);
        assert_eq!(bare_number("1.371 sản phẩm"), Reason::NoUnit);
    }
}
