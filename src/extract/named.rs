//! Awards and people named in a report.
//!
//! Awards: "đề nghị Ban Chấp hành Liên minh HTX Việt Nam tặng Cờ thi đua cho 03 tập thể: A, B
//! (tỉnh X) và C" (recipients after the colon), or "bình chọn suy tôn A; B và C để đề nghị Liên
//! minh HTX Việt Nam tặng cờ thi đua" (recipients before). People: "ông|bà|đồng chí NAME, TITLE
//! ORGANIZATION" and "TITLE ORGANIZATION Việt Nam NAME".

use serde::Serialize;

use super::{lexicon, lower};
use crate::geo;

/// An award proposed or granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Award {
    /// Who receives it, as written.
    pub recipient: String,
    /// `flag` (Cờ thi đua), `merit` (Bằng khen) or `other` (Giấy khen, Huân chương, ...).
    pub kind: &'static str,
    /// `granted` when the article says it was given, `nominated` when it was only proposed;
    /// `None` when it says neither.
    pub status: Option<&'static str>,
    /// The recipient's province, when stated.
    pub province: Option<String>,
    /// Who grants it ("Ban Chấp hành Liên minh HTX Việt Nam").
    pub grantor: Option<String>,
}

/// A person named with a position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Position ("Phó Chủ tịch").
    pub title: Option<String>,
    /// Organization ("Liên minh HTX Việt Nam").
    pub organization: Option<String>,
}

/// Awards stated in a sentence.
pub fn awards(sentence: &str, report_year: i64) -> Vec<Award> {
    let lc = lower(sentence);
    let mut out = Vec::new();
    // flags first, then merits, then others, each in the order they are written
    for found in by_row(lexicon::AWARD.find_all(&lc)) {
        let (at, from, kind) = (found.start, found.end, found.value().as_str());
        // the award's clause, looked at in a bounded window: a run of thousands of awards stays
        // linear
        let window_start = lc.floor_char_boundary(at.saturating_sub(ROLE_WINDOW));
        let clause_start = lc[window_start..at].rfind([';', '.']).map_or(window_start, |i| window_start + i + 1);
        // "Trước đó, năm 2020, X đã được tặng Cờ thi đua": another year's award
        let other_year = super::years_in(&lc[clause_start..at]).iter().any(|&(_, y)| y != report_year);
        if other_year || lexicon::EARLIER_EVENT.any(&lc[clause_start..at]) {
            continue;
        }
        let status = status(&lc[clause_start..at]);
        let grantor = grantor(sentence, &lc, at, from);
        let list = colon_list(sentence, &lc, from)
            .or_else(|| to_list(sentence, &lc, from))
            .or_else(|| elected_list(sentence, &lc, at))
            .or_else(|| receiver_before(sentence, &lc, clause_start, at));
        let people = individuals(sentence, &lc, from);
        if list.is_none() && people.is_empty() {
            continue;
        }
        for item in list.map(split_recipients).unwrap_or_default() {
            let province = province_of(&item);
            // "ông Trần Văn Lộc, Giám đốc HTX ...": a person among the organizations, by name
            let recipient = match lexicon::HONORIFIC.at(&lower(&item), 0) {
                Some(h) => capitalized_run(item[h.end..].trim_start()).0,
                None => without_place(&item),
            };
            if recipient.is_empty() {
                continue;
            }
            out.push(Award { recipient, kind, status, province, grantor: grantor.clone() });
        }
        for (recipient, province) in people {
            out.push(Award { recipient, kind, status, province, grantor: grantor.clone() });
        }
    }
    out
}

/// "HTX Nông nghiệp Triệu Phước (Quảng Trị)" → "HTX Nông nghiệp Triệu Phước": the province stays
/// in the award's `province`; "Liên minh HTX tỉnh Nam Định (11/11 phiếu, đạt 100%)" → "Liên minh HTX
/// tỉnh Nam Định": a vote count is no part of the name.
fn without_place(item: &str) -> String {
    match item.trim_end().strip_suffix(')').and_then(|s| s.rsplit_once('(')) {
        Some((name, aside))
            if (geo::province(aside).is_some() || aside.contains(|c: char| c.is_ascii_digit()))
                && !name.trim().is_empty() =>
        {
            name.trim().to_string()
        }
        _ => item.to_string(),
    }
}

/// The individuals an award goes to, after "cá nhân" in the award's clause: "và 1 cá nhân là ông
/// Y Bhơm Niê, Giám đốc HTX ... (Đắk Lắk)", "và 02 cá nhân: ông Lê Văn Tuấn, Giám đốc ... (Hà
/// Tĩnh) và Chủ tịch Liên minh HTX tỉnh Quảng Bình": each a person's name, or an office when the
/// article names none; with the province in parentheses or of the office.
fn individuals(sentence: &str, lc: &str, from: usize) -> Vec<(String, Option<String>)> {
    // to the end of the sentence, or the next award
    let limit = from + window(lc, from, LIST_WINDOW).len();
    let limit = lexicon::AWARD.first_from(&lc[..limit], from).map_or(limit, |f| f.start);
    let mut end = limit;
    let mut at = from;
    while let Some(dot) = lc[at..limit].find('.').map(|i| at + i) {
        if !crate::ingest::abbreviation_dot(lc, dot) {
            end = dot;
            break;
        }
        at = dot + 1;
    }
    let Some(found) = lexicon::INDIVIDUALS.first(&lc[from..end]) else { return Vec::new() };
    let start = from + found.end;
    let rest = &lc[start..end];
    let skip = rest.len() - rest.trim_start_matches([' ', ':']).len();
    let skip = skip + lexicon::COPULA.at(&rest[skip..], 0).map_or(0, |f| f.end);
    let list = &sentence[start + skip..end];
    let mut out = Vec::new();
    for item in split_people(list) {
        let item_lc = lower(&item);
        let province = province_of(&item);
        if let Some(h) = lexicon::HONORIFIC.at(&item_lc, 0) {
            let (name, _) = capitalized_run(item[h.end..].trim_start());
            if name.split_whitespace().count() >= 2 {
                out.push((name, province));
            }
        } else if lexicon::TITLE.at(&item_lc, 0).is_some() {
            let office = item.split([',', '(']).next().unwrap_or(&item).trim().to_string();
            out.push((office, province));
        }
    }
    out
}

/// Splits a list of individuals at top-level " và ", ";" and a comma before an honorific ("ông X
/// – Phó Chủ tịch ..., bà Y – Giám đốc ..."); any other comma belongs to the person: "ông X,
/// Giám đốc HTX Y".
fn split_people(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let mut rest = list;
    while let Some(c) = rest.chars().next() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            let and = rest
                .strip_prefix(' ')
                .and_then(|r| lexicon::LIST_SEPARATOR.at(r, 0))
                .filter(|f| rest[1 + f.end..].starts_with(' '));
            // a short look: the honorific and the capital after it
            let next_person = c == ',' && {
                let head: String = rest[1..].trim_start().chars().take(16).collect();
                lexicon::HONORIFIC.at(&lower(&head), 0).is_some_and(|h| {
                    let after = &head[h.end..];
                    after.starts_with(' ') && after.trim_start().starts_with(char::is_uppercase)
                })
            };
            if c == ';' || and.is_some() || next_person {
                out.push(std::mem::take(&mut cur));
                rest = &rest[and.map_or(1, |f| f.end + 2)..];
                continue;
            }
        }
        cur.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().trim_end_matches('.').trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// Where a list that starts at `start` ends: the first `;` or `:`, or a `.` that ends no
/// abbreviation ("Liên minh HTX TP. Hồ Chí Minh" goes on), before `limit`.
fn list_stop(lc: &str, start: usize, limit: usize) -> usize {
    let mut at = start;
    while let Some(i) = lc[at..limit].find(['.', ';', ':']).map(|i| at + i) {
        if lc[i..].starts_with('.') && crate::ingest::abbreviation_dot(lc, i) {
            at = i + 1;
            continue;
        }
        return i;
    }
    limit
}

/// Whether the words before an award make it proposed or given: "đề nghị ... tặng" proposes,
/// "đã tặng", "trao", "được ... tặng" give; `None` when the clause says neither.
pub(super) fn status(before: &str) -> Option<&'static str> {
    if lexicon::PROPOSING.any(before) || lexicon::ELECTING.any(before) {
        Some("nominated")
    } else if lexicon::GIVING.any(before) {
        Some("granted")
    } else {
        None
    }
}

/// Recipients after a colon closely following the award: "... cho 03 tập thể: A, B và C".
fn colon_list<'s>(sentence: &'s str, lc: &str, from: usize) -> Option<&'s str> {
    let c = window(lc, from, 240).find(':').map(|c| from + c).filter(|&c| {
        let between = &lc[from..c];
        between.chars().count() < 80 && !between.contains(';') && !between.contains('.')
    })?;
    let limit = c + window(lc, c, LIST_WINDOW).len();
    let mut end = list_stop(lc, c + 1, limit);
    // "cho: Liên minh HTX tỉnh Nam Định (11/11 phiếu); Liên minh HTX thành phố Hải Phòng (...)":
    // after a colon, a semicolon parts the items when another organization follows it
    while lc[end..].starts_with(';') && lexicon::ORG_START.at(lc[end + 1..].trim_start(), 0).is_some() {
        end = list_stop(lc, end + 1, limit);
    }
    Some(before_list_end(sentence, lc, c + 1, end))
}

/// `sentence[start..end]` up to where the list of organizations ends: a reason ("vì đã có thành
/// tích"), or individuals ("và 1 cá nhân là ông ..."), whose count and "và" are dropped too.
fn before_list_end<'s>(sentence: &'s str, lc: &str, start: usize, end: usize) -> &'s str {
    let end = lexicon::LIST_END.first(&lc[start..end]).map_or(end, |f| start + f.start);
    let mut list = &lc[start..end];
    loop {
        let trimmed =
            list.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '-' | '–') || c.is_whitespace());
        match lexicon::LIST_SEPARATOR.ends(trimmed) {
            Some(and) => list = &trimmed[..and.start],
            None => {
                list = trimmed;
                break;
            }
        }
    }
    &sentence[start..start + list.len()]
}

/// Recipients after "cho" right behind the award: "tặng Bằng khen cho A và B vì ...", "tặng Cờ thi
/// đua cho 2 HTX dẫn đầu các lĩnh vực là A và B" (the list runs to the end of the clause or a
/// reason; a count before "là" is dropped).
fn to_list<'s>(sentence: &'s str, lc: &str, from: usize) -> Option<&'s str> {
    let mut rest = lc[from..].strip_prefix(' ')?;
    // "Bằng khen đột xuất cho X": a qualifier between
    if let Some(q) = lexicon::AWARD_QUALIFIER.at(rest, 0)
        && rest[q.end..].starts_with(' ')
    {
        rest = &rest[q.end + 1..];
    }
    // "Cờ thi đua năm 2021 cho X": the award's year between
    if let Some(year) = rest.strip_prefix("năm ")
        && year.len() > 5
        && year.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && year.as_bytes()[4] == b' '
    {
        rest = &year[5..];
    }
    // "Cờ thi đua của Liên minh HTX Việt Nam cho X": the grantor between
    if let Some(of) = lexicon::OF_WORD.at(rest, 0) {
        let to = lexicon::TO_WORD.first(window(rest, of.end, GRANTOR_WINDOW))?;
        rest = &rest[of.end + to.start..];
    }
    let to = lexicon::TO_WORD.at(rest, 0).filter(|f| rest[f.end..].starts_with(' '))?;
    let start = lc.len() - rest.len() + to.end + 1;
    let limit = start + window(lc, start, LIST_WINDOW).len();
    let mut end = list_stop(lc, start, limit);
    // "cho Liên minh HTX tỉnh Quảng Ninh và bầu Liên minh HTX tỉnh Lạng Sơn làm Cụm trưởng năm
    // 2016": another decision ends the list before its copula
    let other_decision =
        lexicon::LIST_END.find_all(&lc[start..end]).iter().any(|f| lc[start + f.start..].starts_with("và "));
    if !other_decision
        && (lc[start..end].trim_end().ends_with(char::is_numeric) || lc[start..].starts_with(|c: char| c.is_numeric()))
    {
        // "cho 2 HTX dẫn đầu các lĩnh vực là A và B": the names follow "là"
        if let Some(is) = lexicon::COPULA.first(&lc[start..end]) {
            return Some(&sentence[start + is.end..end]);
        }
    }
    if let Some(reason) = lexicon::LIST_END.first(&lc[start..end]) {
        end = start + reason.start;
    }
    Some(before_list_end(sentence, lc, start, end))
}

/// Recipients chosen before the award: "suy tôn A; B và C để đề nghị ... tặng cờ thi đua",
/// "suy tôn A là đơn vị dẫn đầu ..., đề nghị ... tặng Cờ thi đua" (the name alone, before "là").
fn elected_list<'s>(sentence: &'s str, lc: &str, at: usize) -> Option<&'s str> {
    let start = lc.floor_char_boundary(at.saturating_sub(LIST_WINDOW));
    by_row(lexicon::ELECTING.find_in(lc, start..at)).into_iter().find_map(|elect| {
        let propose = lexicon::PROPOSING.first(&lc[elect.end..at])?;
        let mut end = elect.end + propose.start;
        if let Some(is) = lexicon::COPULA.first(&lc[elect.end..end]) {
            end = elect.end + is.start;
        }
        let end = lc[elect.end..end].trim_end_matches([',', ' ']).len() + elect.end;
        Some(&sentence[elect.end..end])
    })
}

/// The recipient named before "được" in the award's clause: "X được Liên minh HTX Việt Nam tặng
/// Cờ thi đua".
fn receiver_before<'s>(sentence: &'s str, lc: &str, clause_start: usize, at: usize) -> Option<&'s str> {
    let passive = lexicon::PASSIVE.find_in(lc, clause_start..at).into_iter().next()?;
    let org = lexicon::ORG_START.find_in(lc, clause_start..passive.start).into_iter().next()?;
    // "6 HTX được tặng Bằng khen": a count of cooperatives, not one named
    let counted = lc[..org.start].trim_end().ends_with(|c: char| c.is_ascii_digit());
    let named = lc[org.end..passive.start].split_whitespace().next().is_some();
    (!counted && named).then(|| sentence[org.start..passive.start].trim_end())
}

/// "Bằng khen của Chủ tịch Liên minh HTX Việt Nam" or "đề nghị X tặng Cờ thi đua".
fn grantor(sentence: &str, lc: &str, at: usize, end: usize) -> Option<String> {
    let tidy = |s: &str| {
        let t = s.trim().trim_matches(|c: char| c == ',' || c.is_whitespace());
        (!t.is_empty() && t.chars().count() <= 80).then(|| t.to_string())
    };
    let after = window(lc, end, ROLE_WINDOW);
    // "Bằng khen của X", "Huân chương Lao động hạng Ba của X": "của" after the award's own name
    let name_end = after.find([',', ':', ';', '.', '(']).unwrap_or(after.len()).min(AWARD_NAME);
    let of = lexicon::OF_WORD
        .first(&after[..after.floor_char_boundary(name_end)])
        .filter(|f| after[f.end..].starts_with(' '));
    if let Some(of) = of {
        let rest = &after[of.end + 1..];
        let stop = rest.find([',', ':', ';', '.']).unwrap_or(rest.len());
        let stop = lexicon::GRANTOR_END.first(&rest[..stop]).map_or(stop, |f| f.start);
        let start = end + of.end + 1;
        return tidy(&sentence[start..start + stop]);
    }
    let start = lc.floor_char_boundary(at.saturating_sub(ROLE_WINDOW));
    let start = lc[start..at].rfind([';', '.']).map_or(start, |i| start + i + 1);
    let before = &lc[start..at];
    // "đề nghị X biểu dương ...": an award that is itself the verb
    let Some(verb) = lexicon::GIVING.find_all(before).into_iter().last() else {
        let from = lexicon::PROPOSING.last(before)?.end;
        return tidy(&sentence[start + from..at]);
    };
    // "X vinh dự đón nhận Huân chương": who receives stands before the verb, not who gives
    if lexicon::PASSIVE.find_all(before).iter().any(|p| p.end >= verb.end) {
        return None;
    }
    // "đề nghị X tặng", "X được Y tặng", "Dịp này, X trao": who grants stands before the verb,
    // after a proposal or a passive, else it opens the clause with an organization
    let from = lexicon::PROPOSING
        .find_all(&before[..verb.start])
        .last()
        .map(|f| f.end)
        .or_else(|| lexicon::PASSIVE.find_all(&before[..verb.start]).last().map(|f| f.end))
        .or_else(|| {
            let org = lexicon::ORG_START.find_all(&before[..verb.start]).first().map(|f| f.start);
            let title = lexicon::TITLE.find_all(&before[..verb.start]).first().map(|f| f.start);
            org.into_iter().chain(title).min()
        })?;
    tidy(&sentence[start + from..start + verb.start])
}

/// Matches in the order of their lexicon rows, each row's in text order (awards list flags before
/// merits; the people found through one title come before the next title's).
fn by_row<T>(mut found: Vec<lexicon::Found<T>>) -> Vec<lexicon::Found<T>> {
    found.sort_by_key(|f| (f.entry.row, f.start));
    found
}

/// Splits "A, B (tỉnh X) và C, TP. Bảo Lộc, Lâm Đồng" into recipients: a new item starts only
/// with an organization word, so an address stays with its recipient.
fn split_recipients(list: &str) -> Vec<String> {
    // (separator before, text) pairs, split at top-level ",", ";" and " và "
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut depth = 0i32;
    let mut sep = String::new();
    let mut cur = String::new();
    let mut rest = list;
    while let Some(c) = rest.chars().next() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        let sep_here = if depth != 0 {
            None
        } else if c == ',' || c == ';' {
            Some(&rest[..1])
        } else if let Some(and) = rest.strip_prefix(' ').and_then(|r| lexicon::LIST_SEPARATOR.at(r, 0))
            && rest[1 + and.end..].starts_with(' ')
        {
            Some(&rest[..and.end + 2])
        } else {
            None
        };
        if let Some(s) = sep_here {
            parts.push((std::mem::replace(&mut sep, s.to_string()), std::mem::take(&mut cur)));
            rest = &rest[s.len()..];
            continue;
        }
        cur.push(c);
        rest = &rest[c.len_utf8()..];
    }
    parts.push((sep, cur));
    let mut out: Vec<String> = Vec::new();
    for (sep, p) in parts {
        let t = p.trim().trim_end_matches("./").trim_end_matches('.').trim();
        if t.is_empty() {
            continue;
        }
        let starts_org = lexicon::ORG_START.at(&lower(t), 0).is_some();
        match out.last_mut() {
            // not an organization: the rest of the previous recipient ("TP. Bảo Lộc, Lâm Đồng")
            Some(last) if !starts_org => {
                last.push_str(if sep == ";" { ";" } else { sep.trim_end() });
                last.push(' ');
                last.push_str(t);
            }
            _ if starts_org => out.push(t.to_string()),
            _ => {}
        }
    }
    out
}

/// The province a recipient belongs to: "(tỉnh Phú Thọ)", "Liên minh HTX tỉnh Lai Châu", or an
/// address ending in a province.
fn province_of(item: &str) -> Option<String> {
    geo::find_provinces(item).last().map(|m| m.province.name.to_string())
}

/// How far after a name or title its position and organization are looked for, in bytes: a
/// role is a short phrase, and bounded looks keep a pathological sentence linear.
const ROLE_WINDOW: usize = 160;

/// How long an award's own name may run before "của" and its grantor ("Huân chương Lao động hạng
/// Ba của ...", bytes).
const AWARD_NAME: usize = 48;

/// How far after "của" the grantor of an award may run before "cho" (bytes).
const GRANTOR_WINDOW: usize = 80;

/// How far a list of recipients may run, in bytes.
const LIST_WINDOW: usize = 2000;

/// `s[at..at + len]`, shortened to a character boundary.
fn window(s: &str, at: usize, len: usize) -> &str {
    &s[at..s.floor_char_boundary(at + len)]
}

/// People named with a position in a sentence.
pub fn people(sentence: &str) -> Vec<Person> {
    let lc = lower(sentence);
    let mut out: Vec<Person> = Vec::new();
    for honorific in by_row(lexicon::HONORIFIC.find_all(&lc)) {
        let from = honorific.end;
        {
            let (name, name_end) = capitalized_run(window(sentence, from, ROLE_WINDOW));
            if name.split_whitespace().count() < 2 {
                continue;
            }
            let after = from + name_end;
            let mut rest = window(sentence, after, ROLE_WINDOW);
            // one role, or two ("UV BTV Liên minh HTX Việt Nam – Chủ tịch Liên minh HTX tỉnh Yên
            // Bái"): each is a title, then its organization, up to the next separator
            let mut roles: Vec<(String, Option<String>)> = Vec::new();
            while roles.len() < 2 {
                rest = rest.trim_start_matches([' ', ',', '–', '-', '—']);
                let end = role_end(rest);
                let (Some(title), organization) = split_role(&rest[..end]) else { break };
                roles.push((title, organization));
                rest = &rest[end..];
            }
            if roles.is_empty() || out.iter().any(|p| p.name == name) {
                continue;
            }
            let join = |parts: Vec<Option<String>>| {
                let parts: Vec<String> = parts.into_iter().flatten().collect();
                (!parts.is_empty()).then(|| parts.join("; "))
            };
            let title = join(roles.iter().map(|(t, _)| Some(t.clone())).collect());
            let organization = join(roles.into_iter().map(|(_, o)| o).collect());
            out.push(Person { name, title, organization });
        }
    }
    // "Chủ tịch Liên minh HTX Việt Nam Cao Xuân Thu Vân"
    for title in by_row(lexicon::TITLE.find_all(&lc)) {
        let (at, from) = (title.start, title.end);
        {
            // the name after "Việt Nam", or (a family name first) after "tỉnh": "Phó Chủ tịch UBND
            // tỉnh Nguyễn Hoàng Sơn"
            let after_place = || {
                let unit = lexicon::PLACE_UNIT.first(window(&lc, from, 40))?;
                let at = from + unit.end + 1;
                let first = sentence.get(at..)?.split(' ').next()?;
                (lc[from + unit.end..].starts_with(' ') && geo::is_name_word(first)).then_some(at)
            };
            let Some(vn) = lexicon::COUNTRY
                .first(window(&lc, from, 60))
                .filter(|f| lc[from + f.end..].starts_with(' '))
                .map(|f| from + f.end + 1)
                .or_else(after_place)
            else {
                continue;
            };
            if lc[from..vn].contains([',', ';', '.']) {
                continue;
            }
            let (name, _) = capitalized_run(window(sentence, vn, ROLE_WINDOW));
            if name.split_whitespace().count() < 2 || out.iter().any(|p| p.name == name) {
                continue;
            }
            let organization = sentence[from..vn].trim().to_string();
            let title_text = sentence[at..from].trim().to_string();
            out.push(Person { name, title: Some(title_text), organization: Some(organization) });
        }
    }
    out
}

/// How many of a document's last lines may hold its signature block.
const SIGNATURE_LINES: usize = 16;

/// The signer of an official report, from the signature block at its foot: the title in capitals,
/// maybe "(Đã ký)", then the name ("CHỦ TỊCH LIÊN MINH HTX TỈNH GIA LAI" / "(Đã ký)" / "Nguyễn
/// Đình Quang"). A block typed beside the list of recipients ("Nơi nhận: ...") is the right-hand
/// column of its lines.
pub fn signer(text: &str) -> Option<Person> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect();
    let tail = &lines[lines.len().saturating_sub(SIGNATURE_LINES)..];
    // the right-hand column: what follows the last run of three or more spaces
    let column = |l: &str| -> String {
        let t = l.trim_start();
        t.rfind("   ").map_or(t, |i| t[i..].trim()).to_string()
    };
    // a name typed in capitals ("TRẦN QUỐC HƯNG") as it is spelled
    let cells: Vec<String> = tail.iter().map(|l| name_case(&column(l))).collect();
    let name_at = cells.iter().rposition(|c| {
        let (name, len) = capitalized_run(c);
        let words = name.split_whitespace().count();
        len == c.len() && (2..=5).contains(&words) && lexicon::TITLE.at(&lower(c), 0).is_none()
    })?;
    // the nearest title above the name, in capitals
    let title_line = cells[..name_at].iter().rev().take(4).find_map(|c| {
        let lc = lower(c);
        let upper = c.chars().filter(|ch| ch.is_alphabetic()).all(char::is_uppercase);
        (upper && lexicon::TITLE.at(&lc, 0).is_some()).then(|| sentence_case(c))
    })?;
    let (title, organization) = split_role(&title_line);
    Some(Person { name: cells[name_at].clone(), title, organization })
}

/// A line of two to five words in capitals and no title, as a name is spelled ("TRẦN QUỐC HƯNG" →
/// "Trần Quốc Hưng"); any other line as it is.
fn name_case(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let caps = |w: &&str| w.chars().all(char::is_uppercase) && w.chars().count() > 1 || *w == "Ư" || w.len() == 1;
    if !(2..=5).contains(&words.len()) || !words.iter().all(caps) || lexicon::TITLE.at(&lower(line), 0).is_some() {
        return line.to_string();
    }
    let word = |w: &str| {
        let lc = lower(w);
        let mut chars = lc.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
    };
    words.iter().map(|w| word(w)).collect::<Vec<_>>().join(" ")
}

/// A title in capitals as the body writes it: "CHỦ TỊCH LIÊN MINH HTX TỈNH GIA LAI" →
/// "Chủ tịch Liên minh HTX tỉnh Gia Lai" (first letter, acronyms, the organization's first word
/// and place names in capitals).
pub(super) fn sentence_case(caps: &str) -> String {
    let lc = lower(caps);
    let mut out = String::with_capacity(caps.len());
    let org_at = lexicon::TITLE.at(&lc, 0).and_then(|t| lexicon::ORG_START.first_from(&lc, t.end)).map(|f| f.start);
    for (i, w) in lc.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let at = out.len();
        let acronym = caps.split(' ').nth(i).is_some_and(|c| matches!(c, "HTX" | "UBND" | "THT" | "QTDND" | "LMHTX"));
        if acronym {
            out.push_str(&w.to_uppercase());
        } else if i == 0 || Some(at) == org_at || i == 1 && lc.starts_with("phó ") {
            // "Phó Chủ tịch": the office after "Phó" keeps its capital
            let mut chars = w.chars();
            out.extend(chars.next().map(|c| c.to_uppercase().collect::<String>()));
            out.push_str(chars.as_str());
        } else {
            out.push_str(w);
        }
    }
    // the place after "tỉnh"/"thành phố" as the geography spells it
    let mut fixed = out.clone();
    if let Some(unit) = lexicon::PLACE_UNIT.last(&out)
        && let Some(p) = geo::province(out[unit.end..].trim())
    {
        fixed.replace_range(unit.end.., &format!(" {}", p.name));
    }
    for f in lexicon::COUNTRY.find_all(&lower(&fixed)).into_iter().rev() {
        fixed.replace_range(f.start..f.end, "Việt Nam");
    }
    fixed
}

/// The run of capitalized words at the start of `s` (a Vietnamese name: "Đỗ Nhân Đạo"), joined by
/// single spaces, and the byte length of `s` it spans.
fn capitalized_run(s: &str) -> (String, usize) {
    let mut words = Vec::new();
    let mut end = 0;
    let mut at = 0;
    for w in s.split(' ') {
        let here = at;
        at += w.len() + 1;
        if w.is_empty() {
            continue;
        }
        let clean = w.trim_end_matches([',', ';', '.', ':', ')', '"', '”', '’']);
        // "đồng chí Hoàng Văn Nam Phó Chủ tịch ...": the name ends where a title begins
        if words.len() >= 2 && lexicon::TITLE.at(&lower(&s[here..]), 0).is_some() {
            break;
        }
        if clean.is_empty()
            || !clean.chars().next().is_some_and(char::is_uppercase)
            || clean.chars().all(char::is_uppercase) && clean.chars().count() > 1
            || clean.contains(char::is_whitespace)
        {
            break;
        }
        words.push(clean);
        end = here + clean.len();
        if clean.len() != w.len() || words.len() == 5 {
            break;
        }
    }
    (words.join(" "), end)
}

/// "Phó Chủ tịch Liên minh HTX tỉnh Thái Bình" → ("Phó Chủ tịch", "Liên minh HTX tỉnh Thái Bình").
/// "Trưởng ban Thi đua - Khen thưởng Liên minh HTX Việt Nam" → ("Trưởng ban Thi đua - Khen
/// thưởng", "Liên minh HTX Việt Nam"): the title runs to the first word that opens an
/// organization; the organization ends with its place ("... tỉnh Yên Bái phát biểu" → "... tỉnh
/// Yên Bái").
fn split_role(role: &str) -> (Option<String>, Option<String>) {
    let lc = lower(role.trim());
    let role = role.trim();
    let Some(title) = lexicon::TITLE.at(&lc, 0) else {
        return (None, None);
    };
    let org_at = lexicon::ORG_START.first_from(&lc, title.end).map_or(title.end, |f| f.start);
    // "Trưởng Cơ quan Thường trực phía Nam của Liên minh HTX Việt Nam": "của" joins the two
    let title_lc = lc[..org_at].trim_end();
    let title_end = lexicon::OF_WORD.ends(title_lc).map_or(title_lc.len(), |f| f.start);
    let title_text = role[..title_end].trim().to_string();
    let mut org = &role[org_at..];
    // a place ends the organization when lower-case words follow it (a verb, "cùng", ...)
    let places = geo::find_provinces(org)
        .into_iter()
        .map(|m| m.end)
        .chain(lexicon::COUNTRY.find_all(&lower(org)).into_iter().map(|f| f.end));
    if let Some(end) =
        places.filter(|&e| org[e..].starts_with(' ') && org[e + 1..].starts_with(char::is_lowercase)).min()
    {
        org = &org[..end];
    }
    let org = org.split_whitespace().collect::<Vec<_>>().join(" ");
    (Some(title_text), (!org.is_empty()).then_some(org))
}

/// Where a role after a name ends: a comma, semicolon, parenthesis or dash between roles, or a
/// full stop that is no abbreviation's ("TP.Hồ Chí Minh", "TP. Cần Thơ" go on).
fn role_end(rest: &str) -> usize {
    let mut end = rest.find([',', ';', '(']).unwrap_or(rest.len());
    // a dash between roles, not inside an office's name ("Ban Thi đua – Khen thưởng")
    let compound = |at: usize| lower(&rest[at + " – ".len()..]).starts_with("khen thưởng");
    end = rest[..end].match_indices(" – ").map(|(at, _)| at).find(|&at| !compound(at)).unwrap_or(end);
    let mut from = 0;
    while let Some(dot) = rest[from..end].find('.').map(|d| from + d) {
        let word_before = rest[..dot].rsplit(' ').next().unwrap_or("");
        let abbreviation =
            word_before.len() <= 3 && word_before.chars().all(char::is_uppercase) && !word_before.is_empty();
        if !abbreviation {
            return dot;
        }
        from = dot + 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_recipients_ends_at_another_decision() {
        let s = "Hội nghị thống nhất đề nghị Liên minh HTX Việt Nam tặng Cờ thi đua cho Liên minh HTX tỉnh \
                 Bắc Kạn và bầu Liên minh HTX tỉnh Cao Bằng làm Cụm trưởng năm 2020.";
        let got: Vec<(String, Option<&str>)> = awards(s, 2019).into_iter().map(|a| (a.recipient, a.status)).collect();
        assert_eq!(got, vec![("Liên minh HTX tỉnh Bắc Kạn".to_string(), Some("nominated"))]);
        // a qualifier between the award and its recipients
        let s = "Hội nghị đề nghị Chủ tịch Liên minh HTX Việt Nam tặng Bằng khen đột xuất cho HTX Nông nghiệp \
                 Hồng Phong (Thái Bình) vì có thành tích xuất sắc.";
        let got: Vec<String> = awards(s, 2019).into_iter().map(|a| a.recipient).collect();
        assert_eq!(got, vec!["HTX Nông nghiệp Hồng Phong".to_string()]);
        // a description after a dash, then the other decision
        let s = "Hội nghị đề nghị tặng Cờ thi đua cho Liên minh HTX tỉnh Hà Giang - đơn vị có nhiều thành tích \
                 nổi bật trong năm, và bầu Liên minh HTX tỉnh Hà Giang làm Cụm trưởng năm 2020.";
        let got: Vec<String> = awards(s, 2019).into_iter().map(|a| a.recipient).collect();
        assert_eq!(got, vec!["Liên minh HTX tỉnh Hà Giang".to_string()]);
    }

    #[test]
    fn recipients_parted_by_semicolons_without_their_vote_counts() {
        let s = "Đề nghị Liên minh HTX Việt Nam tặng Cờ thi đua năm 2016 cho: Liên minh HTX tỉnh Thái Bình \
                 (9/11 phiếu, đạt 81,8%); Liên minh HTX thành phố Hà Nội (8/11 phiếu); bầu Liên minh HTX tỉnh \
                 Hà Nam làm Cụm trưởng.";
        let got: Vec<(String, Option<String>)> =
            awards(s, 2016).into_iter().map(|a| (a.recipient, a.province)).collect();
        assert_eq!(
            got,
            vec![
                ("Liên minh HTX tỉnh Thái Bình".to_string(), Some("Thái Bình".to_string())),
                ("Liên minh HTX thành phố Hà Nội".to_string(), Some("Hà Nội".to_string())),
            ]
        );
    }

    #[test]
    fn titles_before_names_and_offices_with_their_body() {
        let p = people("Phó Chủ tịch UBND tỉnh Nguyễn Văn Bình dự và phát biểu chỉ đạo hội nghị.");
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].name.as_str(), p[0].title.as_deref()), ("Nguyễn Văn Bình", Some("Phó Chủ tịch")));
        assert_eq!(p[0].organization.as_deref(), Some("UBND tỉnh"));
        // a province after "tỉnh" is no person
        assert!(people("Chủ tịch Liên minh HTX tỉnh Phú Thọ phát biểu.").is_empty());
        let p = people("Dự có ông Lê Minh Tâm - Trưởng Cơ quan Thường trực phía Nam của Liên minh HTX Việt Nam.");
        assert_eq!(p[0].title.as_deref(), Some("Trưởng Cơ quan Thường trực phía Nam"));
        assert_eq!(p[0].organization.as_deref(), Some("Liên minh HTX Việt Nam"));
        // a name in quotes ends at the quote
        let p = people("Ông “Cao Xuân Thu Vân”, Chủ tịch Liên minh HTX Việt Nam.");
        assert!(p.iter().all(|p| !p.name.contains('”')), "{p:?}");
    }

    #[test]
    fn the_signer_at_the_foot_of_a_report() {
        let text = "   Báo cáo này được trình bày tại Hội nghị tổng kết Cụm./.\n\n\n\
            Nơi nhận:                                        CỤM TRƯỞNG\n\
            - Liên minh HTX Việt Nam (b/c);          PHÓ CHỦ TỊCH LIÊN MINH HTX TỈNH ĐẮK NÔNG\n\
            - Liên minh HTX 5 tỉnh trong Cụm;                    (Đã ký)\n\
            - Lưu: VT.\n\
            \x20                                                Trần Văn Hòa\n";
        let p = signer(text).unwrap();
        assert_eq!(p.name, "Trần Văn Hòa");
        assert_eq!(p.title.as_deref(), Some("Phó Chủ tịch"));
        assert_eq!(p.organization.as_deref(), Some("Liên minh HTX tỉnh Đắk Nông"));
        // a name typed in capitals is spelled as a name
        let caps = text.replace("Trần Văn Hòa", "TRẦN VĂN HÒA");
        assert_eq!(signer(&caps).unwrap().name, "Trần Văn Hòa");
        // a news story ends with its author, not a signature block
        assert!(signer("Toàn Cụm có 2.100 HTX.\n\nMinh Khoa\n").is_none());
        assert!(signer("Toàn Cụm có 2.100 HTX.\n\nMINH KHOA\n").is_none());
    }

    #[test]
    fn an_award_s_year_between_it_and_its_recipients() {
        let a = awards(
            "Hội nghị đề nghị Liên minh HTX Việt Nam tặng Cờ thi đua năm 2021 cho Liên minh HTX thành phố Hà Nội.",
            2021,
        );
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(
            (a[0].recipient.as_str(), a[0].kind, a[0].status),
            ("Liên minh HTX thành phố Hà Nội", "flag", Some("nominated"))
        );
    }

    #[test]
    fn flags_with_a_colon_list() {
        let s = "Hội nghị thống nhất đề nghị Ban Chấp hành Liên minh HTX Việt Nam tặng Cờ thi đua cho 03 tập thể: \
                 Liên minh HTX tỉnh Phú Thọ, HTX DVNN và điện năng Vĩnh Lại (tỉnh Phú Thọ) và HTX dịch vụ tổng hợp \
                 Thắng Lợi (tỉnh Yên Bái); Đề nghị tặng Bằng khen của Chủ tịch Liên minh HTX Việt Nam cho 05 tập thể: \
                 Liên minh HTX tỉnh Lai Châu, HTX NN Hảo Anh (tỉnh Lào Cai).";
        let a = awards(s, 2023);
        let flags: Vec<_> = a.iter().filter(|a| a.kind == "flag").collect();
        assert_eq!(flags.len(), 3, "{a:?}");
        // the name alone: its province is the award's province
        assert_eq!(flags[1].recipient, "HTX DVNN và điện năng Vĩnh Lại");
        assert_eq!(flags[1].province.as_deref(), Some("Phú Thọ"));
        assert_eq!(flags[2].province.as_deref(), Some("Yên Bái"));
        assert_eq!(flags[0].grantor.as_deref(), Some("Ban Chấp hành Liên minh HTX Việt Nam"));
        let merits: Vec<_> = a.iter().filter(|a| a.kind == "merit").collect();
        assert_eq!(merits.len(), 2);
        assert_eq!(merits[0].grantor.as_deref(), Some("Chủ tịch Liên minh HTX Việt Nam"));
    }

    #[test]
    fn recipients_before_the_award() {
        let s = "Hội nghị đã bình chọn suy tôn Liên minh HTX tỉnh Đắk Lắk; HTX nông nghiệp Công bằng Pô Kô Kon Tum \
                 và HTX đan len Quý Anh, TP. Bảo Lộc, Lâm Đồng để đề nghị Liên minh HTX Việt Nam tặng cờ thi đua năm 2022.";
        let a = awards(s, 2023);
        let names: Vec<_> = a.iter().map(|a| a.recipient.as_str()).collect();
        assert_eq!(
            names,
            [
                "Liên minh HTX tỉnh Đắk Lắk",
                "HTX nông nghiệp Công bằng Pô Kô Kon Tum",
                "HTX đan len Quý Anh, TP. Bảo Lộc, Lâm Đồng"
            ]
        );
        assert_eq!(a[2].province.as_deref(), Some("Lâm Đồng"));
        assert_eq!(a[0].grantor.as_deref(), Some("Liên minh HTX Việt Nam"));
    }

    #[test]
    fn people_with_positions() {
        let p = people(
            "Dự hội nghị có đồng chí Lý Vinh Quang, Phó Chủ tịch UBND tỉnh; ông Phạm Trung Dũng, Phó Chủ tịch Liên minh HTX Việt Nam.",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[1].name, "Phạm Trung Dũng");
        assert_eq!(p[1].title.as_deref(), Some("Phó Chủ tịch"));
        assert_eq!(p[1].organization.as_deref(), Some("Liên minh HTX Việt Nam"));
        let p =
            people("Hội nghị có sự tham dự của Chủ tịch Liên minh HTX Việt Nam Cao Xuân Thu Vân, cùng nhiều đại diện.");
        assert_eq!(p[0].name, "Cao Xuân Thu Vân");
        let p = people(
            "Đồng chí Đỗ Nhân Đạo – UV BTV Liên minh HTX Việt Nam – Chủ tịch Liên minh HTX tỉnh Yên Bái phát biểu.",
        );
        assert_eq!(p[0].name, "Đỗ Nhân Đạo");
        // two roles, both kept; the organization ends with its place, not with the verb after it
        assert_eq!(p[0].title.as_deref(), Some("UV BTV; Chủ tịch"));
        assert_eq!(p[0].organization.as_deref(), Some("Liên minh HTX Việt Nam; Liên minh HTX tỉnh Yên Bái"));
        let p = people(
            "Dự có ông Lê Minh Đức, Ủy viên Ban Thường vụ, Trưởng ban Thi đua - Khen thưởng Liên minh HTX Việt Nam.",
        );
        // the standing body belongs to the title: "Ủy viên Ban Thường vụ"
        assert_eq!(p[0].title.as_deref(), Some("Ủy viên Ban Thường vụ; Trưởng ban Thi đua - Khen thưởng"));
        assert_eq!(p[0].organization.as_deref(), Some("Liên minh HTX Việt Nam"));
        let p = people("bà Nguyễn Thị Ngọc Hân, Phó Chủ tịch Liên minh HTX TP.Hồ Chí Minh cùng lãnh đạo các tỉnh.");
        assert_eq!(p[0].organization.as_deref(), Some("Liên minh HTX TP.Hồ Chí Minh"));
    }

    #[test]
    fn award_status_recipients_and_grantors() {
        let a = awards(
            "Cụm đã bình xét, suy tôn Liên minh HTX tỉnh Bắc Giang là đơn vị dẫn đầu phong trào thi đua năm 2017, \
             đề nghị Liên minh HTX Việt Nam tặng Cờ thi đua. Dịp này, Chủ tịch Liên minh HTX Việt Nam trao Bằng \
             khen cho Liên minh HTX tỉnh Lạng Sơn và HTX Mẫu Sơn Xanh (Lạng Sơn) vì đã có thành tích xuất sắc.",
            2017,
        );
        let got: Vec<_> = a.iter().map(|a| (a.recipient.as_str(), a.kind, a.status, a.grantor.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("Liên minh HTX tỉnh Bắc Giang", "flag", Some("nominated"), Some("Liên minh HTX Việt Nam")),
                ("Liên minh HTX tỉnh Lạng Sơn", "merit", Some("granted"), Some("Chủ tịch Liên minh HTX Việt Nam")),
                ("HTX Mẫu Sơn Xanh", "merit", Some("granted"), Some("Chủ tịch Liên minh HTX Việt Nam")),
            ]
        );
        // another year's award, a count of cooperatives: no rows
        assert!(awards("Trước đó, năm 2020, Liên minh HTX tỉnh Kon Tum đã được tặng Cờ thi đua.", 2021).is_empty());
        assert!(awards("Dịp này, 6 HTX được tặng Bằng khen.", 2025).is_empty());
        // individuals by name, or by office when the article names none
        let a = awards(
            "đề nghị tặng Bằng khen cho 2 tập thể: HTX A Xanh (Kon Tum) và 2 cá nhân: ông Y Bhơm Niê, Giám đốc HTX B \
             (Đắk Lắk) và Chủ tịch Liên minh HTX tỉnh Gia Lai.",
            2021,
        );
        let got: Vec<_> = a.iter().map(|a| (a.recipient.as_str(), a.province.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("HTX A Xanh", Some("Kon Tum")),
                ("Y Bhơm Niê", Some("Đắk Lắk")),
                ("Chủ tịch Liên minh HTX tỉnh Gia Lai", Some("Gia Lai"))
            ]
        );
        // a received award names no grantor before it
        let a =
            awards("Dịp này, HTX C (Hòa Bình) vinh dự đón nhận Huân chương Lao động hạng Ba của Chủ tịch nước.", 2024);
        assert_eq!((a[0].recipient.as_str(), a[0].kind, a[0].status), ("HTX C", "other", Some("granted")));
        assert_eq!(a[0].grantor.as_deref(), Some("Chủ tịch nước"));
    }
}
