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
    /// `flag` (Cờ thi đua) or `merit` (Bằng khen).
    pub kind: &'static str,
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
pub fn awards(sentence: &str) -> Vec<Award> {
    let lc = lower(sentence);
    let mut out = Vec::new();
    // flags first, then merits, each in the order they are written
    for found in by_row(lexicon::AWARD.find_all(&lc)) {
        let (at, from, kind) = (found.start, found.end, found.value().as_str());
        {
            let grantor = grantor(sentence, &lc, at, from);
            // recipients after a colon closely following the award ("... cho 03 tập thể: A, B")
            let colon = window(&lc, from, 240).find(':').map(|c| from + c).filter(|&c| {
                let between = &lc[from..c];
                between.chars().count() < 80 && !between.contains(';') && !between.contains('.')
            });
            let list = if let Some(c) = colon {
                let end = window(&lc, c, LIST_WINDOW)
                    .find(['.', ';'])
                    .map_or(c + window(&lc, c, LIST_WINDOW).len(), |e| c + e);
                Some(&sentence[c + 1..end])
            } else {
                // "suy tôn A; B và C để đề nghị ... tặng cờ thi đua"
                let start = lc.floor_char_boundary(at.saturating_sub(LIST_WINDOW));
                by_row(lexicon::ELECTING.find_in(&lc, start..at)).into_iter().find_map(|elect| {
                    let propose = lexicon::PROPOSING.first(&lc[elect.end..at])?;
                    Some(&sentence[elect.end..elect.end + propose.start])
                })
            };
            let Some(list) = list else { continue };
            for item in split_recipients(list) {
                let province = province_of(&item);
                out.push(Award { recipient: item, kind, province, grantor: grantor.clone() });
            }
        }
    }
    out
}

/// "Bằng khen của Chủ tịch Liên minh HTX Việt Nam" or "đề nghị X tặng Cờ thi đua".
fn grantor(sentence: &str, lc: &str, at: usize, end: usize) -> Option<String> {
    let tidy = |s: &str| {
        let t = s.trim().trim_matches(|c: char| c == ',' || c.is_whitespace());
        (!t.is_empty() && t.chars().count() <= 80).then(|| t.to_string())
    };
    let after = window(lc, end, ROLE_WINDOW);
    if let Some(of) =
        after.strip_prefix(' ').and_then(|a| lexicon::OF_WORD.at(a, 0)).filter(|f| after[f.end + 1..].starts_with(' '))
    {
        let rest = &after[of.end + 2..];
        let stop = rest.find([',', ':', ';', '.']).unwrap_or(rest.len());
        let stop = lexicon::GRANTOR_END.first(&rest[..stop]).map_or(stop, |f| f.start);
        let start = end + of.end + 2;
        return tidy(&sentence[start..start + stop]);
    }
    let start = lc.floor_char_boundary(at.saturating_sub(ROLE_WINDOW));
    let before = &lc[start..at];
    let tang = lexicon::GRANTING.find_all(before).last()?.start;
    let nghi = lexicon::PROPOSING.find_all(&before[..tang]).last()?.end;
    tidy(&sentence[start + nghi..start + tang])
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
            let rest = window(sentence, after, ROLE_WINDOW).trim_start_matches([' ', ',', '–', '-', '—']);
            let role_end = rest.find([',', ';', '.', '(']).unwrap_or(rest.len());
            let role_end = rest[..role_end].find(" – ").unwrap_or(role_end);
            let (title, organization) = split_role(&rest[..role_end]);
            if title.is_none() {
                continue;
            }
            if !out.iter().any(|p| p.name == name) {
                out.push(Person { name, title, organization });
            }
        }
    }
    // "Chủ tịch Liên minh HTX Việt Nam Cao Xuân Thu Vân"
    for title in by_row(lexicon::TITLE.find_all(&lc)) {
        let (at, from) = (title.start, title.end);
        {
            let Some(vn) = lexicon::COUNTRY
                .first(window(&lc, from, 60))
                .filter(|f| lc[from + f.end..].starts_with(' '))
                .map(|f| from + f.end + 1)
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
        let clean = w.trim_end_matches([',', ';', '.', ':', ')']);
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
fn split_role(role: &str) -> (Option<String>, Option<String>) {
    let lc = lower(role.trim());
    let role = role.trim();
    let Some(title) = lexicon::TITLE.at(&lc, 0) else {
        return (None, None);
    };
    let title_text = role[..title.end].to_string();
    let org = role[title.end..].split_whitespace().collect::<Vec<_>>().join(" ");
    (Some(title_text), (!org.is_empty()).then_some(org))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_with_a_colon_list() {
        let s = "Hội nghị thống nhất đề nghị Ban Chấp hành Liên minh HTX Việt Nam tặng Cờ thi đua cho 03 tập thể: \
                 Liên minh HTX tỉnh Phú Thọ, HTX DVNN và điện năng Vĩnh Lại (tỉnh Phú Thọ) và HTX dịch vụ tổng hợp \
                 Thắng Lợi (tỉnh Yên Bái); Đề nghị tặng Bằng khen của Chủ tịch Liên minh HTX Việt Nam cho 05 tập thể: \
                 Liên minh HTX tỉnh Lai Châu, HTX NN Hảo Anh (tỉnh Lào Cai).";
        let a = awards(s);
        let flags: Vec<_> = a.iter().filter(|a| a.kind == "flag").collect();
        assert_eq!(flags.len(), 3, "{a:?}");
        assert_eq!(flags[1].recipient, "HTX DVNN và điện năng Vĩnh Lại (tỉnh Phú Thọ)");
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
        let a = awards(s);
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
        assert_eq!(p[0].title.as_deref(), Some("UV BTV"));
    }
}
