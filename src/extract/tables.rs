//! Figures in tables: Markdown pipe tables, tab-separated rows, and HTML tables (which ingestion
//! renders as pipe rows).
//!
//! A table is read into labelled statements the sentence rules already understand, one per value
//! cell, and each statement keeps the place of its cell in the article:
//! - rows of indicators ("| Hợp tác xã | HTX | 2.476 |", "| Tổng số HTX (HTX) | 3.934 | 3.712 |")
//!   give "Hợp tác xã: 2.476 HTX"; a unit column or a unit in parentheses joins the value; of
//!   several year columns the report year's is read;
//! - rows of provinces under column labels ("Tỉnh | Tổng số HTX | Thành lập mới" … "Toàn Cụm |
//!   3.412 | 241") give "Tổng số HTX: 3.412" for the whole cluster and per-province figures for
//!   the others.

use std::ops::Range;

use super::{Sentence, lexicon, lower};
use crate::geo;

/// A value cell read as a labelled statement.
#[derive(Debug, Clone, PartialEq)]
pub struct CellStatement {
    /// "Label: value unit", the text the figure rules read.
    pub text: String,
    /// Byte range of the value cell in the article text.
    pub cell: Range<usize>,
    /// Byte range of the row in the article text.
    pub row: Range<usize>,
    /// The province the row is about, for a per-province row.
    pub province: Option<String>,
    /// For a table of goals ("ĐĂNG KÝ GIAO ƯỚC THI ĐUA NĂM 2023" above it), the year they are for:
    /// the value is a target, not a figure.
    pub target_year: Option<i64>,
}

/// A row: its cells' byte ranges in the article text (trimmed, empty edge cells dropped).
struct Row {
    range: Range<usize>,
    cells: Vec<Range<usize>>,
}

/// Splits a line into cells at `|` or tab, or at runs of two or more spaces in a line of three
/// cells or more (a table typed in a fixed-width document); `None` when it is no table row.
fn row_of(text: &str, line: Range<usize>) -> Option<Row> {
    let s = &text[line.clone()];
    let sep = if s.contains('\t') {
        '\t'
    } else if s.matches('|').count() >= 2 || s.starts_with('|') && s.matches('|').count() >= 1 {
        '|'
    } else {
        return aligned_row(s, line);
    };
    let mut cells = Vec::new();
    let mut at = 0;
    for part in s.split(sep) {
        let lead = part.len() - part.trim_start().len();
        let t = part.trim();
        cells.push(line.start + at + lead..line.start + at + lead + t.len());
        at += part.len() + 1;
    }
    // "| a | b |": the edges are empty
    if cells.first().is_some_and(|c| c.is_empty()) {
        cells.remove(0);
    }
    if cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    (cells.len() >= 2).then_some(Row { range: line, cells })
}

/// A row of cells aligned with spaces: "  1    Thanh Hóa       1.012      46".
fn aligned_row(s: &str, line: Range<usize>) -> Option<Row> {
    let mut cells = Vec::new();
    let mut start: Option<usize> = None;
    let mut spaces = 0;
    for (i, c) in s.char_indices() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        if spaces >= 2 || start.is_none() {
            if let Some(st) = start {
                cells.push(line.start + st..line.start + s[..i].trim_end().len());
            }
            start = Some(i);
        }
        spaces = 0;
    }
    if let Some(st) = start {
        cells.push(line.start + st..line.start + s.trim_end().len());
    }
    (cells.len() >= 3).then_some(Row { range: line, cells })
}

fn is_rule(cell: &str) -> bool {
    !cell.is_empty() && cell.chars().all(|c| matches!(c, '-' | ':' | ' ' | '='))
}

/// A cell holding only a number, maybe with a scale word ("2.134,6", "2,05 triệu", "48,6").
fn is_value(cell: &str) -> bool {
    let lc = lower(cell);
    let qs = super::quantity::scan(&lc);
    qs.len() == 1 && qs[0].start == 0 && lc[qs[0].end..].trim().is_empty()
        || qs.len() == 1 && qs[0].start == 0 && qs[0].unit != super::quantity::Unit::Other
}

/// Rows that say "the whole cluster".
fn is_total_label(cell: &str) -> bool {
    lexicon::WHOLE_ROW.starts(&lower(cell)).is_some()
}

/// The year a header cell names ("Năm 2022", "2021", "Thành lập mới năm 2019").
fn year_in(cell: &str) -> Option<i64> {
    let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 4).then(|| digits.parse().ok()).flatten().filter(|y| (1990..=2100).contains(y))
}

/// The year of a column that is a year ("Năm 2022", "2021", "Cả năm 2021"), not a figure's label that
/// names one ("Thành lập mới năm 2019", "Tổng số HTX năm 2018").
fn year_of(cell: &str) -> Option<i64> {
    let lc = lower(cell);
    year_in(cell).filter(|_| super::quantity::head_unit(&lc).is_none() && !lexicon::CUE.any(&lc))
}

/// Splits "Tổng số HTX (HTX)" into ("Tổng số HTX", Some("HTX")).
fn label_and_unit(label: &str) -> (String, Option<String>) {
    match (label.rfind('('), label.ends_with(')')) {
        (Some(open), true) => {
            (label[..open].trim().to_string(), Some(label[open + 1..label.len() - 1].trim().to_string()))
        }
        _ => (label.trim().to_string(), None),
    }
}

/// Reads the tables among the body sentences of an article.
pub(super) fn statements(text: &str, body: &[&Sentence], report_year: i64) -> Vec<CellStatement> {
    let mut out = Vec::new();
    for block in blocks(text, body) {
        read_table(text, &block, report_year, &mut out);
    }
    out
}

/// The tables among the body sentences: runs of rows on consecutive lines.
fn blocks(text: &str, body: &[&Sentence]) -> Vec<Vec<Row>> {
    // table rows are whole lines: one sentence per paragraph
    let mut lines: Vec<(usize, Range<usize>)> = Vec::new();
    for s in body {
        match lines.last_mut() {
            Some((p, r)) if *p == s.paragraph => r.end = s.range.end,
            _ => lines.push((s.paragraph, s.range.clone())),
        }
    }
    // a paragraph of several lines (a table typed in a plain-text document) is a row per line
    let lines = lines.into_iter().flat_map(|(p, range)| {
        let mut at = range.start;
        text[range.clone()]
            .split('\n')
            .map(|l| {
                let line = at..at + l.len();
                at += l.len() + 1;
                (p, line)
            })
            .filter(|(_, l)| !text[l.clone()].trim().is_empty())
            .collect::<Vec<_>>()
    });
    let mut out = Vec::new();
    let mut block: Vec<Row> = Vec::new();
    let mut last_paragraph = None;
    let mut last_end = 0;
    for (p, line) in lines {
        // the next line of the same paragraph or the next paragraph; "-----" between a typed
        // table's header and its rows rules the table, it does not end it (a line of no words is
        // no paragraph of the body)
        let ruled_between = text
            .get(last_end..line.start)
            .is_some_and(|between| between.lines().map(str::trim).filter(|l| !l.is_empty()).all(is_rule));
        let continues = last_paragraph.is_some_and(|lp: usize| p == lp || p == lp + 1 || ruled_between);
        last_end = line.end;
        let row = row_of(text, line);
        match row {
            Some(r) if block.is_empty() || continues => block.push(r),
            other => {
                out.push(std::mem::take(&mut block));
                block.extend(other);
            }
        }
        last_paragraph = Some(p);
    }
    out.push(block);
    out.retain(|b| !b.is_empty());
    out
}

/// A heading over an award table has at most this many words.
const HEADING_WORDS: usize = 20;

/// How far above an award table its list's title may stand (lines).
const LIST_TITLE_LINES: usize = 60;

/// Awards listed in tables under a heading naming the award ("I. CỜ THI ĐUA CỦA LIÊN MINH HTX VIỆT
/// NAM" over "TT | Tên tập thể | Tỉnh, thành phố | Tiền thưởng (đồng)"): a row per recipient, its
/// province from the row; granted or nominated as the list's title says ("DANH SÁCH TẬP THỂ, CÁ
/// NHÂN ĐƯỢC KHEN THƯỞNG", "... ĐỀ NGHỊ KHEN THƯỞNG").
pub(super) fn awards(text: &str, body: &[&Sentence], report_year: i64) -> Vec<super::named::Award> {
    let mut out = Vec::new();
    for block in blocks(text, body) {
        let rows: Vec<&Row> = block.iter().filter(|r| !r.cells.iter().all(|c| is_rule(&text[c.clone()]))).collect();
        let Some(header) = rows.first() else { continue };
        let cell = |r: &Row, i: usize| r.cells.get(i).map_or("", |c| &text[c.clone()]);
        let Some(name_col) = (0..header.cells.len()).find(|&i| lexicon::NAME_COLUMN.is_phrase(&lower(cell(header, i))))
        else {
            continue;
        };
        // the award: the nearest line above the header that names one, past sub-headings ("2. Cá
        // nhân") and the rows of a table of the same award; the list's status further up
        let above: Vec<&str> =
            text[..header.range.start].lines().rev().map(str::trim).filter(|l| !l.is_empty()).take(12).collect();
        // (headings and table rows only: a sentence of prose that names an award over a list of
        // cooperatives does not make the list its recipients)
        let heading = |l: &str| {
            l.contains(['\t', '|']) || !l.ends_with(['.', ':', ';']) && l.split_whitespace().count() <= HEADING_WORDS
        };
        let Some((at, caption, found)) = above.iter().take_while(|l| heading(l)).enumerate().find_map(|(i, l)| {
            let lc = lower(l);
            lexicon::AWARD.first(&lc).map(|f| (i, *l, f))
        }) else {
            continue;
        };
        // "BẰNG KHEN NĂM 2020" over a list in the 2022 report: another year's
        if super::years_in(&lower(caption)).iter().any(|&(_, y)| y != report_year) {
            continue;
        }
        let caption_lc = lower(caption);
        let grantor = lexicon::OF_WORD
            .first_from(&caption_lc, found.end)
            .map(|of| super::named::sentence_case(caption[of.end..].trim()))
            .filter(|g| !g.is_empty());
        // (the list's title, "DANH SÁCH ... ĐƯỢC KHEN THƯỞNG", may stand over several tables)
        let status = above[at..].iter().find_map(|l| super::named::status(&lower(l))).or_else(|| {
            let title = text[..header.range.start]
                .lines()
                .rev()
                .take(LIST_TITLE_LINES)
                .map(lower)
                .find(|l| lexicon::LIST_TITLE.any(l));
            title.and_then(|t| super::named::status(&t))
        });
        // (a name column names one for a table's header rows, after the first: "1. Tập thể")
        for r in &rows[1..] {
            let name = cell(r, name_col);
            if name.is_empty() || lexicon::NAME_COLUMN.is_phrase(&lower(name)) {
                continue;
            }
            let lc = lower(name);
            let recipient = match lexicon::HONORIFIC.at(&lc, 0) {
                Some(h) => name[h.end..].trim().to_string(),
                None => name.to_string(),
            };
            let province = (0..r.cells.len())
                .filter(|&i| i != name_col)
                .find_map(|i| geo::province(cell(r, i)).map(|p| p.name.to_string()))
                .or_else(|| geo::find_provinces(name).last().map(|m| name[m.start..m.end].to_string()));
            let award = super::named::Award {
                recipient,
                kind: found.value().as_str(),
                status,
                province,
                grantor: grantor.clone(),
            };
            if !out.contains(&award) {
                out.push(award);
            }
        }
    }
    out
}

/// What a table's caption (the one or two short lines above it) says it holds.
enum Caption {
    /// Figures: no caption, or one naming results.
    Figures,
    /// Goals for a later year: the year.
    Goals(i64),
    /// Goals of the report year, or of no year: neither a figure nor a target.
    Other,
}

fn caption(text: &str, first_row: &Row, report_year: i64) -> Caption {
    let above = &text[..first_row.range.start];
    // a caption is a line or two of its own, not the paragraph of prose before the table
    let lines: Vec<&str> = above
        .lines()
        .rev()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(2)
        .take_while(|l| l.chars().count() <= 100)
        .collect();
    let lc = lower(&lines.join(" "));
    if !lexicon::GOALS_CAPTION.any(&lc) || lexicon::RESULTS_CAPTION.any(&lc) {
        return Caption::Figures;
    }
    let year = lc
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i64>().ok())
        .find(|y| (1990..=2100).contains(y));
    match year {
        Some(y) if y > report_year => Caption::Goals(y),
        _ => Caption::Other,
    }
}

fn read_table(text: &str, rows: &[Row], report_year: i64, out: &mut Vec<CellStatement>) {
    let rows: Vec<&Row> = rows.iter().filter(|r| !r.cells.iter().all(|c| is_rule(&text[c.clone()]))).collect();
    if rows.len() < 2 {
        return;
    }
    let target_year = match caption(text, rows[0], report_year) {
        Caption::Figures => None,
        Caption::Goals(y) => Some(y),
        Caption::Other => return,
    };
    let from = out.len();
    read_indexed(text, &rows, report_year, out);
    if let Some(y) = target_year {
        // a goal is the whole cluster's: the provinces' own pledges are not kept
        let mut kept: Vec<CellStatement> = out
            .drain(from..)
            .filter(|st| st.province.is_none())
            .map(|st| CellStatement { target_year: Some(y), ..st })
            .collect();
        out.append(&mut kept);
    }
}

fn read_indexed(text: &str, rows: &[&Row], report_year: i64, out: &mut Vec<CellStatement>) {
    // a column numbering the rows ("TT | Tỉnh | ..." over "1 | Thanh Hóa | ..."): read past it
    let numbered = |r: &Row| r.cells.first().is_some_and(|c| is_row_number(&text[c.clone()]));
    let indexed = rows[0].cells.first().is_some_and(|c| lexicon::INDEX_COLUMN.is_phrase(&lower(&text[c.clone()])));
    if indexed {
        let past_index = |r: &Row, skip: bool| Row {
            range: r.range.clone(),
            cells: r.cells.iter().skip(usize::from(skip)).cloned().collect(),
        };
        let unindexed: Vec<Row> = rows.iter().enumerate().map(|(i, r)| past_index(r, i == 0 || numbered(r))).collect();
        return read_rows(text, &unindexed.iter().collect::<Vec<_>>(), report_year, out);
    }
    read_rows(text, rows, report_year, out);
}

/// A row number: "1", "12", "IV", "3.".
fn is_row_number(cell: &str) -> bool {
    let t = cell.trim_end_matches('.');
    !t.is_empty() && (t.bytes().all(|b| b.is_ascii_digit()) || t.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')))
}

fn read_rows(text: &str, rows: &[&Row], report_year: i64, out: &mut Vec<CellStatement>) {
    let cell = |r: &Row, i: usize| r.cells.get(i).map_or("", |c| &text[c.clone()]);
    let header = rows[0];
    let width = header.cells.len();
    // "Tên tập thể | Tỉnh | Tiền thưởng (đồng)": bodies one by one, not indicators
    if lexicon::NAME_COLUMN.is_phrase(&lower(cell(header, 0))) {
        return;
    }
    // a unit column ("Đơn vị tính") and year columns ("Năm 2022 | Năm 2021")
    let unit_col = (0..width).find(|&i| lexicon::UNIT_COLUMN.any(&lower(cell(header, i))));
    let years: Vec<(usize, i64)> = (1..width).filter_map(|i| year_of(cell(header, i)).map(|y| (i, y))).collect();
    let data = &rows[1..];
    let province_rows =
        data.iter().filter(|r| is_total_label(cell(r, 0)) || geo::province(cell(r, 0)).is_some()).count();
    if years.is_empty() && province_rows * 2 > data.len() {
        // provinces down the side, figures named across the top
        // the unit the first labelled column counts ("Tổng số HTX"), for columns that name
        // none ("Thành lập mới")
        let default_unit = (1..width).find_map(|i| {
            let h = cell(header, i);
            super::quantity::head_unit(&lower(h)).map(|(_, phrase)| h[phrase].to_string())
        });
        for r in data {
            let side = cell(r, 0);
            let province = if is_total_label(side) {
                None
            } else if geo::province(side).is_some() {
                // the name as the article writes it, as in sentences ("Huế" after 2025)
                geo::find_provinces(side).first().map(|m| side[m.start..m.end].to_string())
            } else {
                continue;
            };
            for i in 1..r.cells.len().min(width) {
                let value = cell(r, i);
                // "Tổng số HTX năm 2018" in the 2019 report: another year's column
                if !is_value(value) || year_in(cell(header, i)).is_some_and(|y| y != report_year) {
                    continue;
                }
                let (label, unit) = label_and_unit(cell(header, i));
                let has_unit = super::quantity::head_unit(&lower(&label)).is_some();
                let unit = unit.or_else(|| if has_unit { None } else { default_unit.clone() }).unwrap_or_default();
                out.push(CellStatement {
                    text: format!("{label}: {value} {unit}"),
                    cell: r.cells[i].clone(),
                    row: r.range.clone(),
                    province: province.clone(),
                    target_year: None,
                });
            }
        }
        return;
    }
    // indicators down the side; of "Giao ước 2017 | Thực hiện 2017 | Đăng ký giao ước 2018", the
    // results' column (a column of targets, this year's or the next's, is no figure of the year)
    let results: Vec<(usize, i64)> =
        years.iter().copied().filter(|&(i, _)| !lexicon::TARGET_CUE.any(&lower(cell(header, i)))).collect();
    if results.is_empty() && !years.is_empty() {
        return;
    }
    // provinces across the top ("Chỉ tiêu | ĐVT | Long An | Tiền Giang | ... | Toàn Cụm"): each
    // province's column is its own, a column of the whole cluster the cluster's
    let across: Vec<(usize, Option<String>)> = (1..width)
        .filter_map(|i| {
            let h = cell(header, i);
            if geo::province(h).is_some() {
                geo::find_provinces(h).first().map(|m| (i, Some(h[m.start..m.end].to_string())))
            } else if is_total_label(h) && super::quantity::head_unit(&lower(h)).is_none() {
                Some((i, None))
            } else {
                None
            }
        })
        .collect();
    if years.is_empty() && across.iter().filter(|(_, p)| p.is_some()).count() >= 2 {
        for r in data {
            let (label, paren_unit) = label_and_unit(cell(r, 0));
            if label.is_empty() || is_value(&label) {
                continue;
            }
            let unit = unit_col.map(|u| cell(r, u).to_string()).or(paren_unit.clone()).unwrap_or_default();
            for (i, province) in &across {
                let value = cell(r, *i);
                if !is_value(value) {
                    continue;
                }
                out.push(CellStatement {
                    text: format!("{label}: {value} {unit}"),
                    cell: r.cells[*i].clone(),
                    row: r.range.clone(),
                    province: province.clone(),
                    target_year: None,
                });
            }
        }
        return;
    }
    let value_col = results.iter().find(|(_, y)| *y == report_year).or(results.first()).map(|&(i, _)| i);
    for r in data {
        let (label, paren_unit) = label_and_unit(cell(r, 0));
        if label.is_empty() || is_value(&label) {
            continue;
        }
        let col = value_col.or_else(|| (1..r.cells.len()).find(|&i| Some(i) != unit_col && is_value(cell(r, i))));
        let Some(col) = col else { continue };
        let value = cell(r, col);
        if !is_value(value) {
            continue;
        }
        let unit = unit_col.map(|u| cell(r, u).to_string()).or(paren_unit).unwrap_or_default();
        out.push(CellStatement {
            text: format!("{label}: {value} {unit}"),
            cell: r.cells[col].clone(),
            row: r.range.clone(),
            province: None,
            target_year: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::Figure;
    use crate::extract::extract;

    fn facts(body: &str) -> Vec<(Figure, f64, Option<String>)> {
        let text = format!(
            "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2022\n\nSáng 30/11/2022, Cụm thi đua \
             Liên minh HTX các tỉnh Tây Bắc tổ chức hội nghị tổng kết năm 2022.\n{body}"
        );
        let doc = crate::ingest::parse("t.md", text.as_bytes()).unwrap();
        let ex = extract(&doc);
        let mut out: Vec<_> = ex.facts.iter().map(|f| (f.key, f.value, f.province.clone())).collect();
        out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        out
    }

    /// An award decision's annex: a table per award under its heading, a row per recipient with
    /// its province; individuals without their honorific; granted as the list's title says. Its
    /// prize money is no figure.
    #[test]
    fn award_tables_give_a_row_per_recipient() {
        let text = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2022\n\n\
                    Hội nghị tổng kết Cụm thi đua Liên minh HTX các tỉnh Tây Bắc năm 2022.\n\n\
                    DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG\n\n\
                    I. CỜ THI ĐUA CỦA LIÊN MINH HTX VIỆT NAM\n\
                    TT\tTên tập thể\tTỉnh\tTiền thưởng (đồng)\n\
                    1\tHTX Chè Shan tuyết Tà Xùa\tYên Bái\t3.630.000\n\n\
                    II. BẰNG KHEN CỦA CHỦ TỊCH LIÊN MINH HTX VIỆT NAM\n\
                    1. Tập thể\n\
                    TT\tTên tập thể\tTỉnh\tTiền thưởng (đồng)\n\
                    1\tLiên minh HTX tỉnh Sơn La\tSơn La\t1.210.000\n\
                    2. Cá nhân\n\
                    TT\tHọ và tên\tChức vụ, đơn vị\tTỉnh\tTiền thưởng (đồng)\n\
                    1\tBà Lò Thị Hoa\tGiám đốc HTX Bản Mòng\tSơn La\t605.000\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let ex = extract(&doc);
        let got: Vec<_> = ex
            .awards
            .iter()
            .map(|a| (a.recipient.as_str(), a.kind, a.status, a.province.as_deref(), a.grantor.as_deref()))
            .collect();
        let national = Some("Liên minh HTX Việt Nam");
        let chair = Some("Chủ tịch Liên minh HTX Việt Nam");
        assert_eq!(
            got,
            [
                ("HTX Chè Shan tuyết Tà Xùa", "flag", Some("granted"), Some("Yên Bái"), national),
                ("Liên minh HTX tỉnh Sơn La", "merit", Some("granted"), Some("Sơn La"), chair),
                ("Lò Thị Hoa", "merit", Some("granted"), Some("Sơn La"), chair),
            ]
        );
        assert!(ex.facts.is_empty(), "{:?}", ex.facts);
        // a sentence of prose naming an award over a list of cooperatives: no recipients
        let text = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2022\n\n\
                    Hội nghị tổng kết Cụm thi đua Liên minh HTX các tỉnh Tây Bắc năm 2022.\n\n\
                    Nhiều HTX từng được tặng Bằng khen của Chủ tịch Liên minh HTX Việt Nam trong những năm qua.\n\
                    TT\tTên HTX\tTỉnh\tSố thành viên\n\
                    1\tHTX Chè Shan tuyết Tà Xùa\tYên Bái\t120\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        // (nor does the sentence name any: "từng được tặng" tells of years past)
        let awards = extract(&doc).awards;
        assert!(awards.is_empty(), "{awards:?}");
    }

    /// A table typed with bars and rules of dashes in a plain-text report: its header (which looks
    /// like a menu) is kept, the rules join it to its rows; a column another year names is no figure
    /// of the report year's, a column of this year's new cooperatives is.
    #[test]
    fn a_typed_table_with_rules_and_years_in_its_header() {
        let text = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2019\n\nSáng 12/12/2019, Cụm thi đua \
             Liên minh HTX các tỉnh Tây Bắc tổ chức hội nghị tổng kết năm 2019.\n\n\
             Bảng 1. Số lượng HTX các tỉnh\n\
             ------------------------------------------------------------\n\
             \x20TT | Tỉnh      | Tổng số HTX năm 2018 | Thành lập mới năm 2019\n\
             ------------------------------------------------------------\n\
             \x20 1 | Lai Châu  |        380           |        23\n\
             \x20 2 | Điện Biên |        490           |        31\n\
             ------------------------------------------------------------\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let ex = extract(&doc);
        let mut got: Vec<_> = ex.facts.iter().map(|f| (f.key, f.value, f.province.clone())).collect();
        got.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let p = |n: &str| Some(n.to_string());
        assert_eq!(got, vec![(Figure::HtxNew, 23.0, p("Lai Châu")), (Figure::HtxNew, 31.0, p("Điện Biên"))]);
    }

    #[test]
    fn a_table_aligned_with_spaces_past_its_row_numbers() {
        let text = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2014\n\nSáng 12/12/2014, Cụm thi đua \
             Liên minh HTX các tỉnh Tây Bắc tổ chức hội nghị tổng kết năm 2014.\n\n\
             \x20 TT   Tỉnh            Tổng số HTX    Thành lập mới\n\
             \x20 --   -------------   -----------    -------------\n\
             \x20 1    Lai Châu                412               23\n\
             \x20 2    Điện Biên               530               31\n\
             \x20      Cộng                    942               54\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let ex = extract(&doc);
        let mut got: Vec<_> = ex.facts.iter().map(|f| (f.key, f.value, f.province.clone())).collect();
        got.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let p = |n: &str| Some(n.to_string());
        assert_eq!(
            got,
            vec![
                (Figure::HtxTotal, 412.0, p("Lai Châu")),
                (Figure::HtxTotal, 530.0, p("Điện Biên")),
                (Figure::HtxTotal, 942.0, None),
                (Figure::HtxNew, 23.0, p("Lai Châu")),
                (Figure::HtxNew, 31.0, p("Điện Biên")),
                (Figure::HtxNew, 54.0, None),
            ]
        );
        // each cell is decided once, by its table
        let cells = ex.decisions.iter().filter(|d| d.text == "412").count();
        assert_eq!(cells, 1);
    }

    #[test]
    fn indicators_down_the_side_with_a_unit_column() {
        let got = facts(
            "| Chỉ tiêu | Đơn vị tính | Năm 2022 |\n|---|---|---:|\n| Hợp tác xã | HTX | 2.476 |\n\
             | Thành viên HTX | Người | 412.600 |\n| Doanh thu bình quân | Triệu đồng/HTX/năm | 2.950 |\n",
        );
        assert_eq!(
            got,
            vec![
                (Figure::HtxTotal, 2476.0, None),
                (Figure::HtxMembers, 412_600.0, None),
                (Figure::HtxRevenueAvg, 2_950_000_000.0, None),
            ]
        );
    }

    #[test]
    fn the_results_column_not_the_targets() {
        let body = "Kết quả thực hiện giao ước thi đua năm 2022:\n\nTT | Chỉ tiêu | ĐVT | Giao ước 2022 | Thực hiện 2022 | Đăng ký giao ước 2023\n\
                    1 | Thành lập mới HTX | HTX | 180 | 214 | 200\n\
                    2 | Số lượt người được tập huấn | lượt người | 4.000 | 3.870 | 4.000\n";
        let got = facts(body);
        assert!(got.contains(&(Figure::HtxNew, 214.0, None)), "{got:?}");
        assert!(got.contains(&(Figure::Trainees, 3870.0, None)), "{got:?}");
        assert!(!got.iter().any(|(_, v, _)| *v == 180.0 || *v == 4000.0), "{got:?}");
    }

    #[test]
    fn the_report_years_column_of_several() {
        let got = facts(
            "Chỉ tiêu | Năm 2021 | Năm 2022\nTổng số HTX (HTX) | 3.712 | 3.934\nTHT thành lập mới (THT) | 655 | 702\n",
        );
        assert_eq!(got, vec![(Figure::HtxTotal, 3934.0, None), (Figure::ThtNew, 702.0, None)]);
    }

    /// A data annex with the provinces across the top and the cluster's column last, then a
    /// table of the next year's pledges under a caption that says so, with the same header row.
    #[test]
    fn provinces_across_the_top_and_a_table_of_goals() {
        let text = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2022\n\nSáng 30/11/2022, Cụm thi đua \
             Liên minh HTX các tỉnh Tây Bắc tổ chức hội nghị tổng kết năm 2022.\n\n\
             Biểu số 01. Số liệu năm 2022\n\n\
             TT\tChỉ tiêu\tĐVT\tLai Châu\tSơn La\tToàn Cụm\n\
             1\tTổng số HTX\tHTX\t380\t610\t990\n\
             2\tHTX thành lập mới trong năm\tHTX\t23\t41\t64\n\n\
             Biểu số 02\nĐĂNG KÝ GIAO ƯỚC THI ĐUA NĂM 2023\n\n\
             TT\tChỉ tiêu\tĐVT\tLai Châu\tSơn La\tToàn Cụm\n\
             1\tHTX thành lập mới\tHTX\t25\t45\t70\n";
        let doc = crate::ingest::parse("t.txt", text.as_bytes()).unwrap();
        let ex = extract(&doc);
        let mut got: Vec<_> = ex.facts.iter().map(|f| (f.key, f.value, f.province.clone())).collect();
        got.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let p = |n: &str| Some(n.to_string());
        assert_eq!(
            got,
            vec![
                (Figure::HtxTotal, 380.0, p("Lai Châu")),
                (Figure::HtxTotal, 610.0, p("Sơn La")),
                (Figure::HtxTotal, 990.0, None),
                (Figure::HtxNew, 23.0, p("Lai Châu")),
                (Figure::HtxNew, 41.0, p("Sơn La")),
                (Figure::HtxNew, 64.0, None),
            ]
        );
        let targets: Vec<_> = ex.targets.iter().map(|t| (t.key, t.year, t.low)).collect();
        assert_eq!(targets, vec![(Figure::HtxNew, 2023, 70.0)]);
    }

    #[test]
    fn provinces_down_the_side_figures_across() {
        let got =
            facts("Tỉnh\tTổng số HTX\tThành lập mới\nLào Cai\t900\t50\nSơn La\t1.100\t70\nToàn Cụm\t2.000\t120\n");
        assert_eq!(
            got,
            vec![
                (Figure::HtxTotal, 900.0, Some("Lào Cai".into())),
                (Figure::HtxTotal, 1100.0, Some("Sơn La".into())),
                (Figure::HtxTotal, 2000.0, None),
                (Figure::HtxNew, 50.0, Some("Lào Cai".into())),
                (Figure::HtxNew, 70.0, Some("Sơn La".into())),
                (Figure::HtxNew, 120.0, None),
            ]
        );
    }
}
