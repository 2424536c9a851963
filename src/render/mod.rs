//! Rendering results: `table` (comfy-table), `csv`, `json`, `jsonl` and `markdown` here;
//! charts in the terminal ([`chart`]) and as SVG ([`svg`]), both drawing a [`plot::Plot`];
//! spreadsheets ([`xlsx`]).
//!
//! The text formats write rows as they come ([`write_rows`], over [`Rows`]): `csv`, `json`,
//! `jsonl` and `markdown` hold one row at a time, whatever the result's size; a `table` holds the
//! rows it shows (at most [`TableOptions::max_rows`], each cell at most [`MAX_CELL_CHARS`]
//! characters) and counts the rest without keeping them. Charts and workbooks take a whole
//! [`ResultSet`] ([`render`] renders one in any format).
//!
//! Architecture invariant: rendering never changes values. The table format and charts may show
//! numbers grouped for reading when asked (`readable`), and a table cuts text too long to read in
//! a grid, but csv, json and xlsx always carry the exact value. Nothing here reads the terminal:
//! widths come from the caller.

use std::fmt::Write as _;
use std::io::Write;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use crate::catalog::FieldType;
use crate::error::{Error, Result};
use crate::result::{Column, JsonRow, ResultSet, Row, Value};
use crate::rows::Rows;

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
    /// Show at most this many rows in a table, then a line saying how many were left out
    /// (counted without keeping them). `None`: every row.
    pub max_rows: Option<usize>,
    /// How to show every row, said after the count of rows left out: `--max-rows 0`.
    pub show_all: Option<String>,
    /// Group digits and shorten money for reading ("4.169", "1,64 tỷ").
    pub readable: bool,
    /// Print "(N rows)" under the table.
    pub row_count: bool,
    /// A chart's title; without one, charts have none (the command line titles them with their
    /// query).
    pub title: Option<String>,
    /// An SVG's source line ("htxq, 5 articles").
    pub source: Option<String>,
    /// JSON: the result is one of several in one document (an array of arrays), so no new line
    /// follows its array.
    pub in_document: bool,
}

/// The rows a table shows when not told otherwise (`--max-rows`): enough to read, and a bound on
/// the grid comfy-table builds in memory.
pub const TABLE_MAX_ROWS: usize = 1_000;

/// The characters a table cell shows: longer text (an article's `text`, a sentence of thousands
/// of figures) is cut there and ends with `…`; the data formats keep it whole.
pub const MAX_CELL_CHARS: usize = 2_000;

/// Columns a chart fits in when no width is given.
pub const CHART_WIDTH: usize = 80;

/// Renders `rs` in `format`; the text ends with a newline. A chart of a result without numbers
/// is an error saying what a chart needs; `Xlsx` is not text, and an error here
/// ([`xlsx::workbook`] makes workbooks). The text formats are [`write_rows`]'s text.
pub fn render(rs: &ResultSet, format: Format, opts: &TableOptions) -> Result<String> {
    Ok(match format {
        Format::Table | Format::Csv | Format::Json | Format::Jsonl | Format::Markdown => {
            let mut out = Vec::new();
            write_rows(&mut out, format, &mut Rows::of(rs), opts)?;
            String::from_utf8(out).map_err(|e| Error::Output(e.to_string()))?
        }
        Format::Chart => {
            let plot = plot::Plot::new(opts.title.as_deref().unwrap_or(""), rs)?;
            chart::draw(&plot, opts.width.map_or(CHART_WIDTH, usize::from))
        }
        Format::Svg => {
            let plot = plot::Plot::new(opts.title.as_deref().unwrap_or(""), rs)?;
            svg::document(std::slice::from_ref(&plot), opts.source.as_deref())
        }
        Format::Xlsx => return Err(not_text()),
    })
}

/// Writes `rows` to `out` in `format` as they come, and says how many rows there were. Nothing is
/// written before the first row (or the end) is read, so a query that fails at once writes
/// nothing; an error after that ends the output where it is (a JSON array is still closed) and
/// is returned. A failed write is [`Error::Write`], returned at once: reading stops there, and
/// SQLite with it.
///
/// `csv`, `json`, `jsonl` and `markdown` hold one row at a time. A `table` keeps the rows it shows
/// ([`TableOptions::max_rows`]; cells cut at [`MAX_CELL_CHARS`]) and counts the rest by stepping.
/// `chart` and `svg` keep every row (they draw at most [`plot::MAX_ROWS`]); `xlsx` is an error,
/// as in [`render`].
///
/// ```
/// let engine = htxq::Engine::builtin()?;
/// let compiled = htxq::compile("clusters where year >= 2023 show name, year sort year")?;
/// let mut prepared = engine.prepare_rows(&compiled)?;
/// let mut out = Vec::new();
/// let opts = htxq::render::TableOptions::default();
/// let n = htxq::render::write_rows(&mut out, htxq::render::Format::Csv, &mut prepared.rows()?, &opts)?;
/// assert_eq!(n, 3);
/// assert!(String::from_utf8(out)?.starts_with("name,year\nTây Bắc,2023\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_rows(out: &mut dyn Write, format: Format, rows: &mut Rows<'_>, opts: &TableOptions) -> Result<u64> {
    if format == Format::Xlsx {
        return Err(not_text());
    }
    let first = rows.next().transpose()?;
    match format {
        Format::Csv => csv_rows(out, rows, first),
        Format::Json => json_rows(out, rows, first, opts.in_document),
        Format::Jsonl => jsonl_rows(out, rows, first),
        Format::Markdown => markdown_rows(out, rows, first),
        Format::Table => table_rows(out, rows, first, opts),
        Format::Chart | Format::Svg | Format::Xlsx => {
            let rs = ResultSet::from_rows(rows.columns().to_vec(), first.map(Ok).into_iter().chain(rows))?;
            let text = render(&rs, format, opts)?;
            out.write_all(text.as_bytes()).map_err(Error::Write)?;
            Ok(rs.rows.len() as u64)
        }
    }
}

/// `rows` one at a time, from `first`: `each` writes a row; the count of rows, or the first
/// error (reading's or writing's).
fn each_row(rows: &mut Rows<'_>, first: Option<Row>, mut each: impl FnMut(&Row, u64) -> Result<()>) -> Result<u64> {
    let mut n = 0;
    let mut next = first;
    while let Some(row) = next {
        each(&row, n)?;
        n += 1;
        next = rows.next().transpose()?;
    }
    Ok(n)
}

fn csv_rows(out: &mut dyn Write, rows: &mut Rows<'_>, first: Option<Row>) -> Result<u64> {
    let failed = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::Write(e),
        other => Error::Output(format!("csv: {other:?}")),
    };
    let mut w = csv::Writer::from_writer(out);
    w.write_record(rows.columns().iter().map(|c| c.name.as_str())).map_err(failed)?;
    let n = each_row(rows, first, |row, _| w.write_record(row.values.iter().map(Value::to_string)).map_err(failed));
    // what was written before an error stays written
    w.flush().map_err(Error::Write)?;
    n
}

fn json_rows(out: &mut dyn Write, rows: &mut Rows<'_>, first: Option<Row>, in_document: bool) -> Result<u64> {
    let columns = rows.columns();
    let mut buf = Vec::new();
    out.write_all(b"[").map_err(Error::Write)?;
    let n = each_row(rows, first, |row, i| {
        buf.clear();
        if i > 0 {
            buf.push(b',');
        }
        serde_json::to_writer(&mut buf, &JsonRow::new(columns, &row.values))
            .map_err(|e| Error::Output(format!("json: {e}")))?;
        out.write_all(&buf).map_err(Error::Write)
    });
    if let Err(Error::Write(e)) = n {
        return Err(Error::Write(e));
    }
    // the array is closed after an error too: what was written stays one JSON document
    out.write_all(if in_document { b"]" } else { b"]\n" }).map_err(Error::Write)?;
    n
}

fn jsonl_rows(out: &mut dyn Write, rows: &mut Rows<'_>, first: Option<Row>) -> Result<u64> {
    let columns = rows.columns();
    let mut buf = Vec::new();
    each_row(rows, first, |row, _| {
        buf.clear();
        serde_json::to_writer(&mut buf, &JsonRow::new(columns, &row.values))
            .map_err(|e| Error::Output(format!("json: {e}")))?;
        buf.push(b'\n');
        out.write_all(&buf).map_err(Error::Write)
    })
}

fn markdown_rows(out: &mut dyn Write, rows: &mut Rows<'_>, first: Option<Row>) -> Result<u64> {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('|', "\\|").replace('\n', "<br>");
    let columns = rows.columns();
    let names: Vec<String> = columns.iter().map(|c| esc(&c.name)).collect();
    let aligns: Vec<&str> =
        columns.iter().map(|c| if c.ty.is_some_and(FieldType::is_numeric) { "---:" } else { "---" }).collect();
    let head = format!("| {} |\n| {} |\n", names.join(" | "), aligns.join(" | "));
    out.write_all(head.as_bytes()).map_err(Error::Write)?;
    let mut line = String::new();
    each_row(rows, first, |row, _| {
        line.clear();
        line.push_str("| ");
        for (i, v) in row.values.iter().enumerate() {
            if i > 0 {
                line.push_str(" | ");
            }
            line.push_str(&esc(&v.to_string()));
        }
        line.push_str(" |\n");
        out.write_all(line.as_bytes()).map_err(Error::Write)
    })
}

/// A table of the first rows, cells cut at [`MAX_CELL_CHARS`], and the count of the rest.
fn table_rows(out: &mut dyn Write, rows: &mut Rows<'_>, first: Option<Row>, opts: &TableOptions) -> Result<u64> {
    let cap = opts.max_rows.unwrap_or(usize::MAX);
    let (mut shown, mut disputed) = (Vec::new(), Vec::new());
    let mut next = first;
    while shown.len() < cap {
        let Some(mut row) = next else { break };
        for v in &mut row.values {
            if let Value::Text(t) = v {
                cut_cell(t);
            }
        }
        disputed.extend(row.disputed.iter().map(|&c| (shown.len(), c)));
        shown.push(row.values);
        next = rows.next().transpose()?;
    }
    let rest = if next.is_some() { 1 + rows.count_rest()? } else { 0 };
    let text = table(rows.columns(), &shown, &disputed, rest, opts);
    out.write_all(text.as_bytes()).map_err(Error::Write)?;
    Ok(shown.len() as u64 + rest)
}

/// `text` in at most `cells` terminal cells (wide letters two, combining marks none): as it is
/// when it fits, else cut with `…` (the terminal chart's labels, the SVG's, by the same measure).
pub(crate) fn cut_to_cells(text: &str, cells: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= cells {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > cells {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Text longer than [`MAX_CELL_CHARS`] characters cut there, with `…`.
fn cut_cell(text: &mut String) {
    if let Some((at, _)) = text.char_indices().nth(MAX_CELL_CHARS) {
        text.truncate(at);
        text.push('…');
    }
}

/// A count for a sentence: 12345 → "12,345".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What asking for a workbook as text is.
fn not_text() -> Error {
    Error::Output("a workbook is not text: make it with render::xlsx::workbook".into())
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
    column_groups_digits(&rs.rows, col)
}

fn column_groups_digits(rows: &[Vec<Value>], col: usize) -> bool {
    rows.iter().any(|r| matches!(r.get(col), Some(Value::Integer(n)) if n.unsigned_abs() >= 10_000))
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

/// `rows` (the ones shown) as a table, `disputed` cells marked, and a line for the `rest` left
/// out.
fn table(
    columns: &[Column],
    rows: &[Vec<Value>],
    disputed: &[(usize, usize)],
    rest: u64,
    opts: &TableOptions,
) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_header(columns.iter().map(|c| c.name.clone()));
    if let Some(w) = opts.width {
        t.set_width(w);
        t.set_content_arrangement(ContentArrangement::Dynamic);
    } else if opts.fit_terminal && t.width().is_some_and(|w| w >= 20) {
        // comfy-table reads the terminal's width itself; a terminal that reports no usable width
        // (a pseudo-terminal of size 0) gets the natural layout instead of one-letter columns
        t.set_content_arrangement(ContentArrangement::Dynamic);
    }
    let grouped: Vec<bool> = (0..columns.len()).map(|i| column_groups_digits(rows, i)).collect();
    for (r, row) in rows.iter().enumerate() {
        t.add_row(
            row.iter()
                .zip(columns)
                .zip(&grouped)
                .enumerate()
                .map(|(c, ((v, col), g))| {
                    let text = cell_text(v, col.ty, opts.readable, *g);
                    if disputed.contains(&(r, c)) { format!("{text} {DISPUTED}") } else { text }
                })
                .collect::<Vec<_>>(),
        );
    }
    for (i, c) in columns.iter().enumerate() {
        let numeric = c.ty.is_some_and(FieldType::is_numeric)
            || rows.iter().all(|r| matches!(r.get(i), Some(Value::Integer(_) | Value::Real(_) | Value::Null)));
        if numeric && let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = t.to_string();
    out.push('\n');
    if let Some(&(r, c)) = disputed.first() {
        let field = &columns[c].name;
        let figure = crate::catalog::Figure::CLUSTER.iter().any(|f| f.name() == field);
        let (entity, key) = if figure { ("facts", "key") } else { ("sources", "field") };
        let others = disputed.iter().any(|&(r2, c2)| (r2, c2) != (r, c));
        let _ = writeln!(
            out,
            "{DISPUTED} articles disagree on this value: `{entity} where {key} = \"{field}\"` shows each with its sentence{}",
            if others { " (and likewise for the other marked values)" } else { "" }
        );
    }
    let total = rows.len() as u64 + rest;
    if rest > 0 {
        let _ = write!(out, "… {} more row{}", thousands(rest), if rest == 1 { "" } else { "s" });
        if opts.row_count {
            let _ = write!(out, " ({} in all)", thousands(total));
        }
        match &opts.show_all {
            Some(how) => {
                let _ = writeln!(out, "; {how} to show all");
            }
            None => out.push('\n'),
        }
    } else if opts.row_count {
        let _ = writeln!(out, "({total} row{})", if total == 1 { "" } else { "s" });
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
        let csv = render(&sample(), Format::Csv, &TableOptions::default()).unwrap();
        assert_eq!(csv, "name,htx_total\n\"Tây Bắc, \"\"7\"\" | tỉnh\",4169\nx,\n");
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
        let md = render(&sample(), Format::Markdown, &TableOptions::default()).unwrap();
        assert!(md.contains("Tây Bắc, \"7\" \\| tỉnh"), "{md}");
        assert!(md.starts_with("| name | htx_total |\n| --- | ---: |\n"));
    }

    #[test]
    fn readable_tables_group_whole_columns_and_keep_years_plain() {
        // a column is grouped by the rows shown: the third row's 4 would not group it, the
        // second's 11084 does
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
                vec![Value::Integer(2012), Value::Integer(4), Value::Null],
            ],
        };
        let opts = TableOptions { readable: true, row_count: true, max_rows: Some(2), ..TableOptions::default() };
        let out = render(&rs, Format::Table, &opts).unwrap();
        assert!(out.contains("2023") && out.contains("4.169") && out.contains("51,3 triệu"), "{out}");
        assert!(out.ends_with("┘\n… 1 more row (3 in all)\n"), "{out}");
        let opts = TableOptions { max_rows: Some(1), show_all: Some("--max-rows 0".into()), ..TableOptions::default() };
        let out = render(&rs, Format::Table, &opts).unwrap();
        assert!(out.contains("4169") && !out.contains("11084"), "{out}");
        assert!(out.ends_with("┘\n… 2 more rows; --max-rows 0 to show all\n"), "{out}");
    }

    #[test]
    fn table_cells_are_cut_and_the_data_formats_keep_every_character() {
        let long = format!("{}é{}", "a".repeat(MAX_CELL_CHARS - 1), "b".repeat(5_000));
        let rs = ResultSet {
            disputed: Vec::new(),
            columns: vec![Column { name: "text".into(), ty: Some(FieldType::Text) }],
            rows: vec![vec![Value::Text(long.clone())]],
        };
        let table = render(&rs, Format::Table, &TableOptions::default()).unwrap();
        let cell = format!("{}é…", "a".repeat(MAX_CELL_CHARS - 1));
        assert!(table.contains(&cell) && !table.contains('b'), "{table:.300}");
        let csv = render(&rs, Format::Csv, &TableOptions::default()).unwrap();
        assert_eq!(csv, format!("text\n{long}\n"));
        assert_eq!(thousands(12_345_678), "12,345,678");
        assert_eq!(thousands(999), "999");
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
