//! Rendering result sets: `table` (comfy-table), `csv`, `json`, `jsonl` and `markdown` here;
//! charts in the terminal ([`chart`]) and as SVG ([`svg`]), both drawing a [`plot::Plot`];
//! spreadsheets ([`xlsx`]).
//!
//! Architecture invariant: rendering never changes values. The table format and charts may show
//! numbers grouped for reading when asked (`readable`), but csv, json and xlsx always carry the
//! exact value. Nothing here reads the terminal: widths come from the caller.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use crate::catalog::FieldType;
use crate::error::{Error, Result};
use crate::result::{ResultSet, Value};

pub mod chart;
pub mod plot;
pub mod svg;
pub mod xlsx;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A boxed table for people.
    #[default]
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON document: an array of objects for one query, an array of such arrays for several.
    Json,
    /// One JSON object per row, one per line, for every query.
    Jsonl,
    /// A GitHub-flavoured Markdown table.
    Markdown,
    /// A bar chart drawn in text, fitted to the terminal.
    Chart,
    /// The same chart as an SVG picture (one document for all queries).
    Svg,
    /// An Excel workbook, one sheet per query (binary: give --output FILE).
    Xlsx,
}

impl Format {
    /// Every format's name, for help and completion.
    pub const NAMES: [&'static str; 8] = ["table", "csv", "json", "jsonl", "markdown", "chart", "svg", "xlsx"];

    /// The format called `name`.
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "table" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "markdown" | "md" => Some(Format::Markdown),
            "chart" => Some(Format::Chart),
            "svg" => Some(Format::Svg),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// Whether the whole run is one document, made when every result is in (an SVG picture, a
    /// workbook), rather than each result printed as it comes.
    pub fn is_document(self) -> bool {
        matches!(self, Format::Svg | Format::Xlsx)
    }
}

/// How to lay out a table.
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    /// Fit to this many columns.
    pub width: Option<u16>,
    /// Fit to the terminal's width, when output is a terminal.
    pub fit_terminal: bool,
    /// Show at most this many rows, then a line saying how many were left out.
    pub max_rows: Option<usize>,
    /// Group digits and shorten money for reading ("4.169", "1,64 tỷ").
    pub readable: bool,
    /// Print "(N rows)" under the table.
    pub row_count: bool,
    /// A chart's title; without one, charts have none (the command line titles them with their
    /// query).
    pub title: Option<String>,
    /// An SVG's source line ("htxq, 5 articles").
    pub source: Option<String>,
}

/// Columns a chart fits in when no width is given.
pub const CHART_WIDTH: usize = 80;

/// Renders `rs` in `format`; the text ends with a newline. A chart of a result without numbers
/// is an error saying what a chart needs; `Xlsx` is not text, and an error here
/// ([`xlsx::workbook`] makes workbooks).
pub fn render(rs: &ResultSet, format: Format, opts: &TableOptions) -> Result<String> {
    Ok(match format {
        Format::Table => table(rs, opts),
        Format::Csv => csv_text(rs),
        Format::Json => {
            let mut s = serde_json::to_string(rs).unwrap_or_else(|_| "[]".into());
            s.push('\n');
            s
        }
        Format::Jsonl => {
            let mut s = String::new();
            for row in rs.json_rows() {
                s.push_str(&serde_json::to_string(&row).unwrap_or_default());
                s.push('\n');
            }
            s
        }
        Format::Markdown => markdown(rs),
        Format::Chart => {
            let plot = plot::Plot::new(opts.title.as_deref().unwrap_or(""), rs)?;
            chart::draw(&plot, opts.width.map_or(CHART_WIDTH, usize::from))
        }
        Format::Svg => {
            let plot = plot::Plot::new(opts.title.as_deref().unwrap_or(""), rs)?;
            svg::document(std::slice::from_ref(&plot), opts.source.as_deref())
        }
        Format::Xlsx => {
            return Err(Error::Output("a workbook is not text: make it with render::xlsx::workbook".into()));
        }
    })
}

/// A number with `.` between thousands, the Vietnamese way: 4169 → "4.169".
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Money shortened for reading: 1637000000 → "1,64 tỷ", 51300000 → "51,3 triệu".
pub fn readable_money(v: f64) -> String {
    let (scaled, word) = if v.abs() >= 1e9 {
        (v / 1e9, " tỷ")
    } else if v.abs() >= 1e6 {
        (v / 1e6, " triệu")
    } else {
        return group_digits(v.round() as i64);
    };
    let s = format!("{scaled:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{}{word}", s.replace('.', ","))
}

/// A number too large for digits to be read (1e15 and more, in magnitude) in scientific notation
/// with a decimal comma: 1e300, -2,5e20.
pub(crate) fn scientific(x: f64) -> String {
    let s = format!("{x:.2e}");
    let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
    let mantissa = if mantissa.contains('.') { mantissa.trim_end_matches('0').trim_end_matches('.') } else { mantissa };
    format!("{}e{exponent}", mantissa.replace('.', ","))
}

/// Whether a column's whole numbers are grouped for reading: when any is 10.000 or more, so
/// years and ids stay plain and a column is grouped all alike ("4.169" above "11.084").
pub(crate) fn groups_digits(rs: &ResultSet, col: usize) -> bool {
    rs.rows.iter().any(|r| matches!(r[col], Value::Integer(n) if n.unsigned_abs() >= 10_000))
}

/// A cell's text for a table: control characters shown, not obeyed (a new line or a tab inside a
/// value never breaks the grid), and the text "NULL" quoted so that it differs from NULL.
fn cell_text(v: &Value, ty: Option<FieldType>, readable: bool, group: bool) -> String {
    match v {
        Value::Text(t) if t == "NULL" => "\"NULL\"".into(),
        Value::Text(t) if t.chars().any(char::is_control) => t
            .chars()
            .map(|c| match c {
                '\n' | '\r' => '↵',
                '\t' => '⇥',
                c if c.is_control() => '\u{fffd}',
                c => c,
            })
            .collect(),
        _ => value_text(v, ty, readable, group),
    }
}

fn value_text(v: &Value, ty: Option<FieldType>, readable: bool, group: bool) -> String {
    match (v, readable) {
        (Value::Null, _) => "NULL".into(),
        (Value::Integer(n), true) if ty == Some(FieldType::Money) => readable_money(*n as f64),
        (Value::Real(x), true) if ty == Some(FieldType::Money) => readable_money(*x),
        (Value::Integer(n), true) if group => group_digits(*n),
        (Value::Real(x), true) => {
            let s = format!("{x:.2}");
            s.trim_end_matches('0').trim_end_matches('.').replace('.', ",")
        }
        (v, _) => v.to_string(),
    }
}

/// The mark after a value the articles disagree on.
const DISPUTED: &str = "(≠)";

fn table(rs: &ResultSet, opts: &TableOptions) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_header(rs.columns.iter().map(|c| c.name.clone()));
    if let Some(w) = opts.width {
        t.set_width(w);
        t.set_content_arrangement(ContentArrangement::Dynamic);
    } else if opts.fit_terminal && t.width().is_some_and(|w| w >= 20) {
        // comfy-table reads the terminal's width itself; a terminal that reports no usable width
        // (a pseudo-terminal of size 0) gets the natural layout instead of one-letter columns
        t.set_content_arrangement(ContentArrangement::Dynamic);
    }
    let shown = opts.max_rows.map_or(rs.rows.len(), |m| m.min(rs.rows.len()));
    let grouped: Vec<bool> = (0..rs.columns.len()).map(|i| groups_digits(rs, i)).collect();
    for (r, row) in rs.rows[..shown].iter().enumerate() {
        t.add_row(
            row.iter()
                .zip(&rs.columns)
                .zip(&grouped)
                .enumerate()
                .map(|(c, ((v, col), g))| {
                    let text = cell_text(v, col.ty, opts.readable, *g);
                    if rs.disputed.contains(&(r, c)) { format!("{text} {DISPUTED}") } else { text }
                })
                .collect::<Vec<_>>(),
        );
    }
    for (i, c) in rs.columns.iter().enumerate() {
        let numeric = c.ty.is_some_and(FieldType::is_numeric)
            || rs.rows.iter().all(|r| matches!(r[i], Value::Integer(_) | Value::Real(_) | Value::Null));
        if numeric && let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = t.to_string();
    out.push('\n');
    if let Some(&(r, c)) = rs.disputed.iter().find(|(r, _)| *r < shown) {
        let field = &rs.columns[c].name;
        let figure = crate::catalog::Figure::CLUSTER.iter().any(|f| f.name() == field);
        let (entity, key) = if figure { ("facts", "key") } else { ("sources", "field") };
        let others = rs.disputed.iter().any(|&(r2, c2)| r2 < shown && (r2, c2) != (r, c));
        let _ = writeln!(
            out,
            "{DISPUTED} articles disagree on this value: `{entity} where {key} = \"{field}\"` shows each with its sentence{}",
            if others { " (and likewise for the other marked values)" } else { "" }
        );
    }
    if shown < rs.rows.len() {
        let _ = writeln!(out, "… {} more rows not shown ({} in all)", rs.rows.len() - shown, rs.rows.len());
    } else if opts.row_count {
        let n = rs.rows.len();
        let _ = writeln!(out, "({n} row{})", if n == 1 { "" } else { "s" });
    }
    out
}

fn csv_text(rs: &ResultSet) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(rs.columns.iter().map(|c| c.name.as_str()));
    for row in &rs.rows {
        let _ = w.write_record(row.iter().map(Value::to_string));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn markdown(rs: &ResultSet) -> String {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('|', "\\|").replace('\n', "<br>");
    let mut out = String::new();
    let names: Vec<String> = rs.columns.iter().map(|c| esc(&c.name)).collect();
    let _ = writeln!(out, "| {} |", names.join(" | "));
    let aligns: Vec<&str> =
        rs.columns.iter().map(|c| if c.ty.is_some_and(FieldType::is_numeric) { "---:" } else { "---" }).collect();
    let _ = writeln!(out, "| {} |", aligns.join(" | "));
    for row in &rs.rows {
        let cells: Vec<String> = row.iter().map(|v| esc(&v.to_string())).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::Column;

    fn sample() -> ResultSet {
        ResultSet {
            disputed: Vec::new(),
            columns: vec![
                Column { name: "name".into(), ty: Some(FieldType::Text) },
                Column { name: "htx_total".into(), ty: Some(FieldType::Integer) },
            ],
            rows: vec![
                vec![Value::Text("Tây Bắc, \"7\" | tỉnh".into()), Value::Integer(4169)],
                vec![Value::Text("x".into()), Value::Null],
            ],
        }
    }

    #[test]
    fn csv_quotes_and_leaves_null_empty() {
        assert_eq!(csv_text(&sample()), "name,htx_total\n\"Tây Bắc, \"\"7\"\" | tỉnh\",4169\nx,\n");
    }

    #[test]
    fn json_is_an_array_of_objects_in_column_order() {
        assert_eq!(
            render(&sample(), Format::Json, &TableOptions::default()).unwrap(),
            "[{\"name\":\"Tây Bắc, \\\"7\\\" | tỉnh\",\"htx_total\":4169},{\"name\":\"x\",\"htx_total\":null}]\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes() {
        let md = markdown(&sample());
        assert!(md.contains("Tây Bắc, \"7\" \\| tỉnh"), "{md}");
        assert!(md.starts_with("| name | htx_total |\n| --- | ---: |\n"));
    }

    #[test]
    fn readable_tables_group_whole_columns_and_keep_years_plain() {
        let rs = ResultSet {
            disputed: Vec::new(),
            columns: vec![
                Column { name: "year".into(), ty: Some(FieldType::Integer) },
                Column { name: "htx_total".into(), ty: Some(FieldType::Integer) },
                Column { name: "income_avg".into(), ty: Some(FieldType::Money) },
            ],
            rows: vec![
                vec![Value::Integer(2023), Value::Integer(4169), Value::Integer(51_300_000)],
                vec![Value::Integer(2011), Value::Integer(11084), Value::Null],
            ],
        };
        let opts = TableOptions { readable: true, row_count: true, max_rows: Some(1), ..TableOptions::default() };
        let out = table(&rs, &opts);
        assert!(out.contains("2023") && out.contains("4.169") && out.contains("51,3 triệu"), "{out}");
        assert!(out.contains("1 more rows not shown (2 in all)"), "{out}");
    }

    #[test]
    fn readable_numbers() {
        assert_eq!(group_digits(4169), "4.169");
        assert_eq!(group_digits(-1234567), "-1.234.567");
        assert_eq!(readable_money(1_637_000_000.0), "1,64 tỷ");
        assert_eq!(readable_money(51_300_000.0), "51,3 triệu");
        assert_eq!(scientific(1e300), "1e300");
        assert_eq!(scientific(-2.5e20), "-2,5e20");
    }
}
