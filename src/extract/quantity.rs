//! Reading Vietnamese figures: numbers, scale words, ranges, qualifiers, units.
//!
//! Works on a *lowered* sentence (see [`super::tone::matchable`]), which has the same byte offsets as the
//! original, so every quantity can be reported at its place in the article.
//!
//! Conventions read here (SPEC "Reading Vietnamese figures"): `.` groups thousands and `,` marks
//! decimals ("1.269,5"); scale words nghìn = ngàn, triệu, tỷ = tỉ, "tr.đ" (but "tỷ lệ" is a rate);
//! ranges with `-`, `–`, "đến"; qualifiers before the number (hơn, trên, gần, dưới, khoảng,
//! xấp xỉ, ước đạt, ...) and "trở lên" after it.

use serde::Serialize;

use super::lexicon;

/// How exactly a figure was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// Stated as is.
    Exact,
    /// "hơn", "trên", "ít nhất", "từ ... trở lên".
    MoreThan,
    /// "gần", "dưới".
    LessThan,
    /// "khoảng", "xấp xỉ", "chừng".
    About,
    /// "ước", "ước đạt", "ước tính", "dự kiến".
    Estimated,
}

impl Qualifier {
    /// Every qualifier.
    pub const ALL: [Qualifier; 5] =
        [Qualifier::Exact, Qualifier::MoreThan, Qualifier::LessThan, Qualifier::About, Qualifier::Estimated];

    /// How exactly it states a figure, 0 the most: when articles disagree, the merge takes the
    /// most exact (`exact`, then `about` and `estimated`, then `more_than` and `less_than`).
    pub fn precision(self) -> u8 {
        match self {
            Qualifier::Exact => 0,
            Qualifier::About | Qualifier::Estimated => 1,
            Qualifier::MoreThan | Qualifier::LessThan => 2,
        }
    }

    /// The word stored in `facts.qualifier`.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
            Qualifier::About => "about",
            Qualifier::Estimated => "estimated",
        }
    }
}

/// What a quantity counts or measures, read from the words after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// hợp tác xã, HTX
    Htx,
    /// liên hiệp HTX
    Union,
    /// quỹ tín dụng nhân dân
    Qtdnd,
    /// tổ hợp tác, THT
    Tht,
    /// thành viên (of whatever was counted before)
    Members,
    /// xã viên: members of cooperatives
    HtxMembers,
    /// tổ viên: members of cooperative groups
    ThtMembers,
    /// lao động
    Workers,
    /// khóa, lớp (training courses)
    Courses,
    /// lượt người, học viên
    Participants,
    /// dự án, lượt dự án
    Projects,
    /// tỉnh (province count)
    Provinces,
    /// đồng: an amount of money
    Money,
    /// a percentage: a share, never a count
    Percent,
    /// a counter word naming nothing by itself ("tổ", "quỹ", "người", "liên hiệp", "đơn vị"):
    /// a label before it says what it counts ("Tổ hợp tác: 5.870 tổ")
    Generic,
    /// anything else ("mô hình", "lượt", "tập thể", ...): not a figure htx reads
    Other,
}

/// A scale word's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// nghìn, ngàn: 10^3
    Thousand,
    /// triệu: 10^6
    Million,
    /// tỷ, tỉ: 10^9
    Billion,
    /// "tr.đ": triệu đồng, a million đồng
    MillionDong,
}

impl Scale {
    /// The factor it multiplies by.
    pub fn multiplier(self) -> f64 {
        match self {
            Scale::Thousand => 1e3,
            Scale::Million | Scale::MillionDong => 1e6,
            Scale::Billion => 1e9,
        }
    }
}

/// What an amount is per, after a slash ("/người/năm").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// per person (worker)
    Person,
    /// per month
    Month,
    /// per year
    Year,
    /// per cooperative
    Htx,
    /// per cooperative group
    Tht,
}

/// The meaning of one per-unit word, when the lexicon knows it.
pub fn per(word: &str) -> Option<Per> {
    lexicon::PER.at(word, 0).filter(|f| f.end == word.len()).map(|f| *f.value())
}

/// A number read from a sentence, with its range, qualifier and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte offset where the number (or its qualifier-free start) begins.
    pub start: usize,
    /// Byte offset just past the unit (and any per-unit part).
    pub end: usize,
    /// Low end (= `high` for a single number), scale applied.
    pub low: f64,
    /// High end.
    pub high: f64,
    /// How it was qualified.
    pub qualifier: Qualifier,
    /// What it counts.
    pub unit: Unit,
    /// Byte offset where the unit words start.
    pub unit_start: usize,
    /// The per-unit parts after a slash, lowered: `["người", "năm"]` for "/người/năm".
    pub per: Vec<String>,
}

impl Quantity {
    /// The value to show: the number, or the middle of a range.
    pub fn value(&self) -> f64 {
        (self.low + self.high) / 2.0
    }
}

/// Reads every quantity in a lowered sentence, in order.
pub fn scan(lc: &str) -> Vec<Quantity> {
    let b = lc.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && continues_token(lc, i)) {
            i += 1;
            continue;
        }
        match read_quantity(lc, i) {
            Some(q) => {
                i = q.end.max(i + 1);
                out.push(q);
            }
            None if let Some(q) = denominator(lc, i) => {
                i = q.end.max(i + 1);
                out.push(q);
            }
            None => {
                // skip the rest of this token
                while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b',' | b'/' | b'-')) {
                    i += 1;
                }
            }
        }
    }
    out
}

/// The whole of a fraction "3.120/4.169 HTX", "5/8 tỉnh" starting at `i`: the denominator, read
/// as a count of the unit right after it, when the numerator is no larger and no third part makes
/// it a date ("30/11/2023").
fn denominator(lc: &str, i: usize) -> Option<Quantity> {
    let slash = i + lc[i..].find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    if !lc[slash..].starts_with('/') {
        return None;
    }
    let (numerator, _) = read_number(&lc[..slash], i)?;
    let q = read_quantity(lc, slash + 1)?;
    let counted = matches!(q.unit, Unit::Htx | Unit::Tht | Unit::Union | Unit::Qtdnd | Unit::Provinces);
    let single = q.low == q.high && q.per.is_empty() && !lc[q.start..q.unit_start].contains('/');
    (counted && single && numerator <= q.low).then_some(q)
}

/// Whether the digit at `i` continues a token: a code like "A1" or "39-CT", a date "30/11".
fn continues_token(lc: &str, i: usize) -> bool {
    let prev = lc[..i].chars().next_back().unwrap_or(' ');
    prev.is_alphanumeric() || matches!(prev, '/' | '.' | ',' | '_' | '-' | '–')
}

/// A plain number at `i`: `(value, end)`. Vietnamese grouping: "12.287" = 12287, "1.269,5" = 1269.5.
fn read_number(lc: &str, i: usize) -> Option<(f64, usize)> {
    let b = lc.as_bytes();
    let mut j = i;
    while j < b.len()
        && (b[j].is_ascii_digit() || (matches!(b[j], b'.' | b',') && j + 1 < b.len() && b[j + 1].is_ascii_digit()))
    {
        j += 1;
    }
    let token = &lc[i..j];
    if token.len() > 24 {
        return None;
    }
    // a date "30/11" or "8/12/2023", a code "39-CT", a ratio: not a figure
    if lc[j..].starts_with('/') && lc[j + 1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int_part, frac) = match token.split_once(',') {
        Some((a, f)) if !f.contains(',') && !f.contains('.') => (a, Some(f)),
        Some(_) => return None,
        None => (token, None),
    };
    let groups: Vec<&str> = int_part.split('.').collect();
    let value: f64 = if groups.len() == 1 {
        groups[0].parse().ok()?
    } else if groups[1..].iter().all(|g| g.len() == 3) && !groups[0].is_empty() && groups[0].len() <= 3 {
        groups.concat().parse().ok()?
    } else if groups.len() == 2 && frac.is_none() {
        // "1.5": a decimal point, as some writers use
        format!("{}.{}", groups[0], groups[1]).parse().ok()?
    } else {
        return None;
    };
    let value = match frac {
        Some(f) => value + format!("0.{f}").parse::<f64>().ok()?,
        None => value,
    };
    Some((value, j))
}

/// Skips spaces from `i`.
fn skip_spaces(lc: &str, i: usize) -> usize {
    i + (lc[i..].len() - lc[i..].trim_start_matches(' ').len())
}

/// `n` × `scale`, a whole number when it should be one: "2,05 triệu" is 2 050 000, not
/// 2 049 999.999 999 999 8 as the floats multiply.
fn scaled(n: f64, scale: f64) -> f64 {
    let v = n * scale;
    if scale > 1.0 && (v - v.round()).abs() < 1e-6 * v.abs().max(1.0) { v.round() } else { v }
}

/// A scale word at `i` (after optional spaces): `(multiplier, end, implies_money)`.
fn read_scale(lc: &str, i: usize) -> Option<(f64, usize, bool)> {
    let k = skip_spaces(lc, i);
    // "tỷ lệ" is a rate, not a billion
    if lexicon::RATE_WORD.at(lc, k).is_some() {
        return None;
    }
    let found = lexicon::SCALE.at(lc, k)?;
    let scale = *found.value();
    let (multiplier, end, money) = (scale.multiplier(), found.end, scale == Scale::MillionDong);
    // "7,9 nghìn tỷ đồng": scales multiply
    if !money && let Some((m2, end2, money2)) = read_scale(lc, end).filter(|(m2, ..)| *m2 > multiplier) {
        return Some((multiplier * m2, end2, money2));
    }
    Some((multiplier, end, money))
}

/// A money word at `i` (after optional spaces): the end of it.
fn read_money_word(lc: &str, i: usize) -> Option<usize> {
    lexicon::MONEY_WORD.at(lc, skip_spaces(lc, i)).map(|f| f.end)
}

/// Reads a quantity starting with the digit at `i`.
fn read_quantity(lc: &str, i: usize) -> Option<Quantity> {
    let (first, mut j) = read_number(lc, i)?;
    let mut money = false;
    let mut first_scale = None;
    if let Some((m, end, is_money)) = read_scale(lc, j) {
        first_scale = Some(m);
        j = end;
        money |= is_money;
    }
    let mut second = None;
    // a range: "65 - 70", "200-250", "120 – 150", "1,5 đến 2"
    let k = skip_spaces(lc, j);
    let dash = ['-', '–', '—']
        .iter()
        .find(|d| lc[k..].starts_with(**d))
        .map(|d| k + d.len_utf8())
        .or_else(|| lexicon::RANGE_WORD.at(lc, k).map(|f| f.end));
    if let Some(after_dash) = dash {
        let m = skip_spaces(lc, after_dash);
        if let Some((n, e)) = read_number(lc, m) {
            let mut scale = None;
            j = e;
            if let Some((m2, end, is_money)) = read_scale(lc, e) {
                scale = Some(m2);
                j = end;
                money |= is_money;
            }
            second = Some((n, scale));
        }
    }
    let (low, high) = match second {
        // "65 - 70 triệu": the scale after the second number applies to both
        Some((n, scale)) => {
            let s2 = scale.or(first_scale).unwrap_or(1.0);
            (scaled(first, first_scale.unwrap_or(s2)), scaled(n, s2))
        }
        None => {
            let v = scaled(first, first_scale.unwrap_or(1.0));
            (v, v)
        }
    };
    if high < low {
        return None;
    }
    if let Some(end) = read_money_word(lc, j) {
        money = true;
        j = end;
    } else if first_scale.or(second.and_then(|(_, s)| s)).is_some_and(|m| m >= 1e6) && lc[j..].starts_with('/') {
        // "4,6 tỷ/HTX/năm": a scaled amount per unit is money even without "đồng"
        money = true;
    }
    let unit_start = if lc[j..].starts_with('%') { j } else { skip_spaces(lc, j) };
    let (unit, mut end) = if money { (Unit::Money, unit_start) } else { read_unit(lc, unit_start) };
    let mut per = Vec::new();
    let mut p = if money { j } else { end };
    while per.len() < 3 && lc[p..].starts_with('/') {
        // a per-unit of several words ("/hợp tác xã"), or one word
        let word_end = match lexicon::PER.at(lc, p + 1) {
            Some(f) => f.end,
            None => lc[p + 1..].find(|c: char| !(c.is_alphanumeric())).map_or(lc.len(), |e| p + 1 + e),
        };
        if word_end == p + 1 {
            break;
        }
        per.push(lc[p + 1..word_end].to_string());
        p = word_end;
    }
    if !per.is_empty() || money {
        end = p;
    }
    // "190 HTX trở lên": the qualifier after the unit belongs to the quantity
    let after = lexicon::QUALIFIER_AFTER.at(lc, skip_spaces(lc, end));
    if let Some(f) = &after {
        end = f.end;
    }
    let qualifier = qualifier_before(lc, i).or(after.map(|f| *f.value())).unwrap_or(Qualifier::Exact);
    Some(Quantity { start: i, end, low, high, qualifier, unit, unit_start, per })
}

/// The unit a label names: its first unit phrase, the head noun in Vietnamese ("Tổng số thành
/// viên HTX" → thành viên, "Liên hiệp HTX" → liên hiệp HTX), with its byte range in `label`.
pub fn head_unit(label: &str) -> Option<(Unit, std::ops::Range<usize>)> {
    for (at, _) in label.char_indices() {
        if !crate::text::is_word_boundary(label, at) || label[at..].starts_with(' ') {
            continue;
        }
        let (unit, end) = read_unit(label, at);
        if !matches!(unit, Unit::Other | Unit::Generic | Unit::Percent) {
            return Some((unit, at..end));
        }
    }
    None
}

/// The unit phrase starting at `i` ([`lexicon::UNIT`]), and where it ends; `Other` at `i` when
/// there is none.
fn read_unit(lc: &str, i: usize) -> (Unit, usize) {
    lexicon::UNIT.at(lc, i).map_or((Unit::Other, i), |f| (*f.value(), f.end))
}

/// The qualifier ending right before byte `i` (fillers such as "từ", "đạt", "là" may stand
/// between them: "ước đạt", "từ ... trở lên").
pub fn qualifier_before(lc: &str, i: usize) -> Option<Qualifier> {
    let mut before = lc[..i].trim_end();
    for _ in 0..4 {
        match lexicon::QUALIFIER_FILLER.ends(before) {
            Some(f) => before = before[..f.start].trim_end(),
            None => break,
        }
    }
    lexicon::QUALIFIER.ends(before).map(|f| *f.value())
}

/// Whether an article writes numbers the English way — `,` grouping thousands and `.` marking
/// decimals ("1,126 HTX", "21.8 tỷ đồng") — as some business and English-language sites do. Decided
/// by votes over the whole text: a number only one convention can read ("1,126" grouped, "21.8" or
/// "3.65" with one or two decimals) votes for it; the Vietnamese convention wins every tie and
/// any page with a single Vietnamese-only number ("4.169", "2,5"), so a page is read the English
/// way only when it is plainly written so.
pub fn english_numbers(text: &str) -> bool {
    let (mut english, mut vietnamese) = (0, 0);
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || i > 0 && (b[i - 1].is_ascii_digit() || matches!(b[i - 1], b'.' | b',')) {
            i += 1;
            continue;
        }
        // a run of digits and separators: "1,126", "21.8", "1.269,5"
        let start = i;
        while i < b.len()
            && (b[i].is_ascii_digit() || matches!(b[i], b'.' | b',') && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
        }
        let run = &text[start..i];
        let groups: Vec<&str> = run.split([',', '.']).collect();
        if groups.len() < 2 || groups[0].len() > 3 && run.contains(',') {
            continue;
        }
        let commas = run.matches(',').count();
        let dots = run.matches('.').count();
        let tail = groups[groups.len() - 1].len();
        let grouped = groups[1..].iter().all(|g| g.len() == 3) && groups[0].len() <= 3;
        match (commas, dots) {
            // "1,126" / "19,500": grouped by commas; "1,5" / "2,75": a decimal comma
            (c, 0) if c >= 1 && grouped => english += 1,
            (1, 0) if tail <= 2 => vietnamese += 1,
            // "4.169" / "1.269.000": grouped by dots; "21.8" / "1.25": a decimal point
            (0, d) if d >= 1 && grouped => vietnamese += 1,
            (0, 1) if tail <= 2 => english += 1,
            // "1.269,5" / "1,269.5"
            (c, d) if c >= 1 && d >= 1 => {
                if run.rfind(',') > run.rfind('.') {
                    vietnamese += 1
                } else {
                    english += 1
                }
            }
            _ => {}
        }
    }
    english >= 2 && vietnamese == 0
}

/// Reads an English-written number the Vietnamese way in a lowered text: every `,` and `.` between
/// two digits trades places ("1,126.5" → "1.126,5"). Byte offsets do not change.
pub fn swap_separators(lc: &mut String) {
    let mut bytes = std::mem::take(lc).into_bytes();
    for i in 1..bytes.len().saturating_sub(1) {
        if bytes[i - 1].is_ascii_digit() && bytes[i + 1].is_ascii_digit() {
            bytes[i] = match bytes[i] {
                b',' => b'.',
                b'.' => b',',
                other => other,
            };
        }
    }
    // only ASCII bytes between ASCII digits changed
    *lc = String::from_utf8(bytes).unwrap_or_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Quantity {
        let qs = scan(s);
        assert_eq!(qs.len(), 1, "{s}: {qs:?}");
        qs.into_iter().next().unwrap()
    }

    #[test]
    fn english_written_numbers_are_told_by_the_whole_page() {
        // grouped by commas, decimals after a point: read the English way
        assert!(english_numbers("Toàn Cụm có 1,126 HTX, 19,500 lao động, thu nhập 3.6 triệu đồng/tháng."));
        // one Vietnamese-only number settles it the Vietnamese way
        assert!(!english_numbers("Toàn Cụm có 1,126 HTX, 19,500 lao động và 4.169 thành viên."));
        assert!(!english_numbers("Toàn Cụm có 4.169 HTX, doanh thu 2,5 tỷ đồng."));
        // one vote is not enough
        assert!(!english_numbers("Toàn Cụm có 1,126 HTX."));
        let mut lc = "có 1,126 htx; 21.8 tỷ đồng; ngày 21/12, 2016.".to_string();
        swap_separators(&mut lc);
        assert_eq!(lc, "có 1.126 htx; 21,8 tỷ đồng; ngày 21/12, 2016.");
    }

    #[test]
    fn vietnamese_number_formats() {
        assert_eq!(one("có 12.287 tổ hợp tác").low, 12287.0);
        assert_eq!(one("là 1.269,5 tỷ đồng").low, 1_269_500_000_000.0);
        assert_eq!(one("đạt 236,8 triệu đồng/THT/năm").low, 236_800_000.0);
        assert_eq!(one("có 2036 htx").low, 2036.0);
        assert_eq!(one("đạt 20,9triệu đồng").low, 20_900_000.0);
        assert_eq!(one("có 5.935 nghìn đồng").low, 5_935_000.0);
        assert_eq!(one("đạt 62.375 tr.đ").low, 62_375_000_000.0);
        assert_eq!(one("gồm 07 tỉnh").low, 7.0);
    }

    #[test]
    fn ranges_keep_both_ends() {
        let q = one("thu nhập 65 - 70 triệu đồng/người/năm");
        assert_eq!((q.low, q.high), (65e6, 70e6));
        assert_eq!(q.unit, Unit::Money);
        assert_eq!(q.per, vec!["người", "năm"]);
        let q = one("từ 200-250 htx");
        assert_eq!((q.low, q.high, q.unit), (200.0, 250.0, Unit::Htx));
        let q = one("120 – 150 htx");
        assert_eq!((q.low, q.high), (120.0, 150.0));
        let q = one("từ 1,5 đến 2 tỷ đồng");
        assert_eq!((q.low, q.high), (1.5e9, 2e9));
    }

    #[test]
    fn qualifiers() {
        assert_eq!(one("hơn 7.700 htx").qualifier, Qualifier::MoreThan);
        assert_eq!(one("gần 2,4 triệu thành viên").qualifier, Qualifier::LessThan);
        assert_eq!(one("ước đạt 43,7 triệu đồng").qualifier, Qualifier::Estimated);
        assert_eq!(one("khoảng 50 htx").qualifier, Qualifier::About);
        assert_eq!(one("từ 100 htx trở lên").qualifier, Qualifier::MoreThan);
        assert_eq!(one("có 100 htx").qualifier, Qualifier::Exact);
    }

    #[test]
    fn not_figures() {
        assert!(scan("sáng 30/11/2023 tại").iter().all(|q| q.unit == Unit::Other));
        assert_eq!(one("trên 90% htx").unit, Unit::Percent);
        assert_eq!(one("255 mô hình htx mới").unit, Unit::Other);
        assert_eq!(one("hơn 700 lượt htx").unit, Unit::Other);
        assert!(scan("chỉ thị số 39-ct/tw").iter().all(|q| q.unit == Unit::Other));
        // "tỷ lệ" is a rate
        assert_eq!(one("đạt 3 tỷ lệ").low, 3.0);
    }
}
