//! Spreadsheets (`.xlsx`, with `rust_xlsxwriter`): one sheet per query, values typed as Excel
//! types them.
//!
//! Numbers are numbers; money is a number in đồng shown `#,##0`, its unit in the header
//! (`income_avg (đồng)`); whole numbers of a column that reaches 10.000 are grouped the same way
//! (years stay `2023`); dates (`YYYY-MM-DD`) are Excel dates shown `yyyy-mm-dd`; NULL is an empty
//! cell. The header row is bold and frozen, with a filter; columns are as wide as their content
//! (up to [`MAX_COLUMN_WIDTH`]). The queries and the source are in the workbook's properties.
//!
//! Excel's limits are errors or said: more than 1,048,575 rows is an error; text longer than
//! 32,767 characters (an article's `text`) is cut, ending with `…`; whole numbers past 15 digits
//! lose precision, as in Excel itself.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::catalog::FieldType;
use crate::error::{Error, Result};
use crate::result::{ResultSet, Value};

/// Widest column, in characters; longer text is there in full, beyond the column's edge.
pub const MAX_COLUMN_WIDTH: usize = 60;

/// Rows a sheet holds below its header.
pub const MAX_ROWS: usize = 1_048_575;

/// Columns a sheet holds.
const MAX_COLUMNS: usize = 16_384;

/// Characters (UTF-16 units) a cell holds.
const MAX_TEXT: usize = 32_767;

/// Characters (UTF-16 units) a sheet's name holds.
const MAX_SHEET_NAME: usize = 31;

/// The number format of money and of large whole numbers.
pub const GROUPED: &str = "#,##0";

/// The number format of dates.
pub const DATE: &str = "yyyy-mm-dd";

fn failed(e: XlsxError) -> Error {
    Error::Output(format!("cannot write the spreadsheet: {e}"))
}

/// A workbook of one sheet per `(query, rows)`, as the bytes of an `.xlsx` file. `source`
/// ("htxq, 5 articles") goes into the workbook's properties with the queries.
pub fn workbook(sheets: &[(&str, &ResultSet)], source: Option<&str>) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let queries: Vec<&str> = sheets.iter().map(|(q, _)| *q).collect();
    let names = sheet_names(&queries);
    let mut comment = queries.join(";\n");
    if let Some(s) = source {
        comment = format!("{comment}\n\n{s}");
    }
    book.set_properties(&DocProperties::new().set_title(clip(&queries.join("; "), 255)).set_comment(comment));
    for ((query, rs), name) in sheets.iter().zip(names) {
        if rs.rows.len() > MAX_ROWS || rs.columns.len() > MAX_COLUMNS {
            return Err(Error::Output(format!(
                "`{query}` gives {} rows of {} columns; a spreadsheet's sheet holds at most {MAX_ROWS} rows \
                 and {MAX_COLUMNS} columns: narrow the query (where, limit)",
                rs.rows.len(),
                rs.columns.len()
            )));
        }
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(failed)?;
        fill(sheet, rs).map_err(failed)?;
    }
    book.save_to_buffer().map_err(failed)
}

/// How a column's values are written.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Plain,
    Grouped,
    Money,
    Date,
}

fn kind(rs: &ResultSet, c: usize) -> Kind {
    match rs.columns[c].ty {
        Some(FieldType::Money) => Kind::Money,
        Some(FieldType::Date) => Kind::Date,
        _ if super::groups_digits(rs, c) => Kind::Grouped,
        _ => Kind::Plain,
    }
}

/// Writes the header and rows of `rs` into `sheet`.
fn fill(sheet: &mut Worksheet, rs: &ResultSet) -> std::result::Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let grouped = Format::new().set_num_format(GROUPED);
    let date = Format::new().set_num_format(DATE);
    let kinds: Vec<Kind> = (0..rs.columns.len()).map(|c| kind(rs, c)).collect();
    let mut widths: Vec<usize> = Vec::with_capacity(rs.columns.len());
    for (c, column) in rs.columns.iter().enumerate() {
        let header = if kinds[c] == Kind::Money { format!("{} (đồng)", column.name) } else { column.name.clone() };
        widths.push(header.width());
        sheet.write_string_with_format(0, col(c), clip(&header, MAX_TEXT), &bold)?;
    }
    for (r, row) in rs.rows.iter().enumerate() {
        let at = (r + 1) as u32;
        for (c, v) in row.iter().enumerate().take(rs.columns.len()) {
            let kind = kinds[c];
            let shown = match v {
                Value::Null => 0,
                Value::Integer(n) => {
                    let f = if matches!(kind, Kind::Money | Kind::Grouped) { Some(&grouped) } else { None };
                    write_number(sheet, at, col(c), *n as f64, f)?;
                    if f.is_some() { super::group_digits(*n).len() } else { n.to_string().len() }
                }
                Value::Real(x) if x.is_finite() => {
                    let f = if kind == Kind::Money { Some(&grouped) } else { None };
                    write_number(sheet, at, col(c), *x, f)?;
                    if f.is_some() { super::group_digits(x.round() as i64).len() } else { format!("{x}").len().min(12) }
                }
                Value::Real(x) => {
                    sheet.write_string(at, col(c), x.to_string())?;
                    x.to_string().len()
                }
                Value::Text(t) => match (kind, excel_date(t)) {
                    (Kind::Date, Some(d)) => {
                        sheet.write_datetime_with_format(at, col(c), d, &date)?;
                        DATE.len()
                    }
                    _ => {
                        let t = clip(t, MAX_TEXT);
                        sheet.write_string(at, col(c), &t)?;
                        t.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
                    }
                },
            };
            widths[c] = widths[c].max(shown);
        }
    }
    for (c, w) in widths.iter().enumerate() {
        // a little room for the filter button and Excel's padding
        sheet.set_column_width(col(c), (w + 3).min(MAX_COLUMN_WIDTH) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !rs.columns.is_empty() {
        sheet.autofilter(0, 0, rs.rows.len() as u32, col(rs.columns.len() - 1))?;
    }
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn write_number(
    sheet: &mut Worksheet,
    row: u32,
    c: u16,
    x: f64,
    format: Option<&Format>,
) -> std::result::Result<(), XlsxError> {
    match format {
        Some(f) => sheet.write_number_with_format(row, c, x, f).map(|_| ()),
        None => sheet.write_number(row, c, x).map(|_| ()),
    }
}

/// An ISO date `YYYY-MM-DD` as an Excel date; `None` for other text or dates Excel cannot hold
/// (before 1900).
fn excel_date(text: &str) -> Option<ExcelDateTime> {
    let b = text.as_bytes();
    let iso = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&i| b[i].is_ascii_digit());
    if !iso {
        return None;
    }
    let (y, m, d) = (text[..4].parse().ok()?, text[5..7].parse().ok()?, text[8..].parse().ok()?);
    if y < 1900 {
        return None;
    }
    ExcelDateTime::from_ymd(y, m, d).ok()
}

/// `text` cut to at most `max` UTF-16 units (Excel's measure), ending with `…` when cut.
fn clip(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + c.len_utf16() + 1 > max {
            break;
        }
        out.push(c);
        used += c.len_utf16();
    }
    out.push('…');
    out
}

/// A valid, unique sheet name for each query: the query's text on one line without the
/// characters Excel refuses (`[ ] : * ? / \`), cut to 31 characters at a word; `Query N` when
/// nothing is left; ` (2)`, ` (3)`... after a name already used (Excel compares names
/// ignoring case).
pub fn sheet_names(queries: &[&str]) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (i, q) in queries.iter().enumerate() {
        let cleaned: String =
            q.chars().map(|c| if c.is_control() || "[]:*?/\\".contains(c) { ' ' } else { c }).collect();
        let words: Vec<&str> = cleaned.split_whitespace().collect();
        let whole = words.join(" ");
        let name = if whole.encode_utf16().count() <= MAX_SHEET_NAME {
            whole
        } else {
            // cut at a word, with `…` to say so
            let mut name = String::new();
            for w in &words {
                let next = if name.is_empty() { w.to_string() } else { format!("{name} {w}") };
                if next.encode_utf16().count() > MAX_SHEET_NAME - 1 {
                    break;
                }
                name = next;
            }
            let name = name.trim_end_matches([',', ';']);
            if name.is_empty() { clip(words[0], MAX_SHEET_NAME) } else { format!("{name}…") }
        };
        let mut name = name.trim_matches('\'').trim().to_string();
        if name.is_empty() || name.eq_ignore_ascii_case("history") {
            name = format!("Query {}", i + 1);
        }
        let mut candidate = name.clone();
        let mut k = 2;
        while used.contains(&candidate.to_lowercase()) {
            let suffix = format!(" ({k})");
            let room = MAX_SHEET_NAME - suffix.len();
            candidate = format!("{}{suffix}", clip_plain(&name, room).trim_end());
            k += 1;
        }
        used.push(candidate.to_lowercase());
        out.push(candidate);
    }
    out
}

/// `text` cut to at most `max` UTF-16 units, without a mark.
fn clip_plain(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + c.len_utf16() > max {
            break;
        }
        out.push(c);
        used += c.len_utf16();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let names = sheet_names(&[
            "clusters show name, htx_total",
            "clusters show name, htx_total",
            "CLUSTERS SHOW NAME, HTX_TOTAL",
            "clusters where name ~ \"tay bac\" show year, htx_total sort year",
            "facts where sentence ~ \"a/b [c]: d*?\"",
            "'''",
            "history",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        ]);
        assert_eq!(names[0], "clusters show name, htx_total");
        assert_eq!(names[1], "clusters show name, htx_tot (2)");
        assert_eq!(names[2], "CLUSTERS SHOW NAME, HTX_TOT (3)");
        assert_eq!(names[3], "clusters where name ~ \"tay…");
        assert_eq!(names[4], "facts where sentence ~ \"a b c…");
        assert_eq!((names[5].as_str(), names[6].as_str()), ("Query 6", "Query 7"));
        assert_eq!(names[7], "abcdefghijklmnopqrstuvwxyzabcd…");
        for n in &names {
            assert!(n.encode_utf16().count() <= 31 && !n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
        }
    }

    #[test]
    fn dates_and_clipping() {
        assert!(excel_date("2023-11-28").is_some());
        assert!(excel_date("2023-13-28").is_none());
        assert!(excel_date("1899-12-31").is_none());
        assert!(excel_date("28/11/2023").is_none());
        assert!(excel_date("２０２３-11-28").is_none());
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
