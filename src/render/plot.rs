//! What a chart shows, taken from a result set once and drawn alike by the terminal chart
//! ([`super::chart`]) and the SVG ([`super::svg`]).
//!
//! The first column gives the labels (the x axis); each numeric column after it is a series. A
//! result of a single numeric column is drawn against row numbers. Money (đồng) and the other
//! numbers are drawn in separate panels, each on its own scale: on one scale, millions of đồng
//! would flatten thousands of cooperatives to nothing. At most [`MAX_ROWS`] rows and
//! [`MAX_SERIES`] series are drawn; what is left out is counted in [`Plot::notes`], never dropped
//! silently. NULL is no bar at all (and no value), never a bar of zero.

use crate::catalog::FieldType;
use crate::error::{Error, Result};
use crate::result::{ResultSet, Value};

/// Rows drawn at most; a chart of more bars is no longer read bar by bar.
pub const MAX_ROWS: usize = 50;

/// Series drawn at most: as many as there are fill characters and colours told apart.
pub const MAX_SERIES: usize = 8;

/// What the numbers of a panel count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Counts, averages, shares: anything but money.
    Number,
    /// Money in đồng.
    Money,
}

/// What the labels are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// Names (clusters, provinces): each bar stands alone.
    Categories,
    /// Years, dates, numbers, row numbers: the bars are a series in order.
    Ordered,
}

/// One numeric column.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The column's name.
    pub name: String,
    /// Its place among all the plot's series, for its fill character or colour.
    pub number: usize,
    /// One per drawn row; `None` for NULL (or a value that is not a finite number).
    pub values: Vec<Option<f64>>,
    /// The value of each drawn row for reading ("4.169", "51,3 triệu"); empty for NULL.
    pub texts: Vec<String>,
}

/// Series of one unit, drawn on one scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// What the values count.
    pub unit: Unit,
    /// The series, in column order.
    pub series: Vec<Series>,
    /// The lowest value drawn, or 0 if none is below it.
    pub low: f64,
    /// The highest value drawn, or 0 if none is above it; always above `low`.
    pub high: f64,
}

impl Panel {
    /// Where `v` lies between `low` (0.0) and `high` (1.0). Computed on halves, so the
    /// extremes of `f64` do not overflow.
    pub fn fraction(&self, v: f64) -> f64 {
        let span = self.high / 2.0 - self.low / 2.0;
        let f = (v / 2.0 - self.low / 2.0) / span;
        if f.is_nan() { 0.0 } else { f.clamp(0.0, 1.0) }
    }
}

/// A chart: labels, panels of series, and what was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    /// The title: the query, or a title given.
    pub title: String,
    /// The labels' column name (`#` for row numbers).
    pub x_name: String,
    /// Whether the labels are names or an ordered series.
    pub axis: Axis,
    /// One label per drawn row.
    pub labels: Vec<String>,
    /// The series by unit: one panel, or two when money and other numbers are mixed.
    pub panels: Vec<Panel>,
    /// Rows in the result (drawn or not).
    pub rows: usize,
    /// Columns after the first that are not drawn: not numbers.
    pub not_numbers: Vec<String>,
    /// Numeric columns past [`MAX_SERIES`], not drawn.
    pub too_many: Vec<String>,
}

/// Whether column `c` holds numbers: by its type, or, untyped, by its values.
fn numeric(rs: &ResultSet, c: usize) -> bool {
    let mut values = rs.rows.iter().filter_map(|r| r.get(c));
    match rs.columns[c].ty {
        Some(ty) => ty.is_numeric(),
        None => {
            values.clone().any(|v| v.as_f64().is_some())
                && values.all(|v| matches!(v, Value::Null | Value::Integer(_) | Value::Real(_)))
        }
    }
}

fn describe_columns(rs: &ResultSet) -> String {
    let cols: Vec<String> = rs
        .columns
        .iter()
        .map(|c| match c.ty {
            Some(ty) => format!("{} ({})", c.name, ty.name()),
            None => c.name.clone(),
        })
        .collect();
    match cols.as_slice() {
        [] => "this result has no columns".into(),
        [one] => format!("this result has one column, {one}"),
        _ => format!("this result's columns are {}", cols.join(", ")),
    }
}

impl Plot {
    /// The plot of `rs` under `title`, or an error saying what a chart needs when `rs` has no
    /// number to draw.
    pub fn new(title: &str, rs: &ResultSet) -> Result<Plot> {
        let ncols = rs.columns.len();
        // a single numeric column is drawn against row numbers
        let by_row_number = ncols == 1 && numeric(rs, 0);
        let first_series = if by_row_number { 0 } else { 1 };
        let numeric_cols: Vec<usize> = (first_series..ncols).filter(|&c| numeric(rs, c)).collect();
        if numeric_cols.is_empty() {
            return Err(Error::Output(format!(
                "nothing to chart: a chart draws numbers — the first column gives the labels and each \
                 numeric column after it a series, e.g. `chart clusters show name, htx_total`; {}",
                describe_columns(rs)
            )));
        }
        let shown = rs.rows.len().min(MAX_ROWS);
        let rows = &rs.rows[..shown];
        let (x_name, axis, labels) = if by_row_number {
            ("#".to_string(), Axis::Ordered, (1..=shown).map(|i| i.to_string()).collect())
        } else {
            let x = &rs.columns[0];
            let ordered =
                x.ty.is_some_and(|t| t.is_numeric() || t == FieldType::Date) || (x.ty.is_none() && numeric(rs, 0));
            let labels = rows
                .iter()
                .map(|r| match r.first() {
                    Some(Value::Text(t)) => one_line(t),
                    Some(v) => super::cell_text(v, x.ty, true, false),
                    None => String::new(),
                })
                .collect();
            (x.name.clone(), if ordered { Axis::Ordered } else { Axis::Categories }, labels)
        };
        let mut panels: Vec<Panel> = Vec::new();
        for (number, &c) in numeric_cols.iter().take(MAX_SERIES).enumerate() {
            let col = &rs.columns[c];
            let unit = if col.ty == Some(FieldType::Money) { Unit::Money } else { Unit::Number };
            let cell = |r: &Vec<Value>| r.get(c).cloned().unwrap_or(Value::Null);
            let values = rows.iter().map(|r| cell(r).as_f64().filter(|x| x.is_finite())).collect();
            let texts = rows
                .iter()
                .map(|r| match cell(r) {
                    Value::Null => String::new(),
                    Value::Text(t) => one_line(&t),
                    Value::Real(x) if x.abs() >= 1e15 => super::scientific(x),
                    // quantities, grouped from 1.000 on (unlike a table's years and ids)
                    v => super::value_text(&v, col.ty, true, true),
                })
                .collect();
            let series = Series { name: col.name.clone(), number, values, texts };
            match panels.iter_mut().find(|p| p.unit == unit) {
                Some(p) => p.series.push(series),
                None => panels.push(Panel { unit, series: vec![series], low: 0.0, high: 0.0 }),
            }
        }
        for p in &mut panels {
            for v in p.series.iter().flat_map(|s| s.values.iter().flatten()) {
                p.low = p.low.min(*v);
                p.high = p.high.max(*v);
            }
            if p.high <= p.low {
                p.high = p.low + 1.0;
            }
        }
        let not_numbers = (1..ncols).filter(|c| !numeric_cols.contains(c)).map(|c| rs.columns[c].name.clone());
        Ok(Plot {
            title: one_line(title.trim()),
            x_name,
            axis,
            labels,
            panels,
            rows: rs.rows.len(),
            not_numbers: if by_row_number { Vec::new() } else { not_numbers.collect() },
            too_many: numeric_cols.iter().skip(MAX_SERIES).map(|&c| rs.columns[c].name.clone()).collect(),
        })
    }

    /// Every series, in column order.
    pub fn series(&self) -> impl Iterator<Item = &Series> {
        let mut all: Vec<&Series> = self.panels.iter().flat_map(|p| &p.series).collect();
        all.sort_by_key(|s| s.number);
        all.into_iter()
    }

    /// What a reader must know that the bars do not say: rows and columns left out, separate
    /// scales. One sentence each.
    pub fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.labels.is_empty() {
            out.push("no rows".to_string());
        }
        if self.rows > self.labels.len() && !self.labels.is_empty() {
            out.push(format!(
                "the first {} of {} rows are drawn; narrow the query (where, limit) to see the others",
                self.labels.len(),
                self.rows
            ));
        }
        if !self.not_numbers.is_empty() {
            out.push(format!("not drawn, not numbers: {}", self.not_numbers.join(", ")));
        }
        if !self.too_many.is_empty() {
            out.push(format!("not drawn, more than {MAX_SERIES} series: {}", self.too_many.join(", ")));
        }
        if self.panels.len() > 1 {
            out.push("money and the other numbers are drawn on separate scales".into());
        }
        out
    }
}

/// A chart's title from its statement: the query as typed, on one line, without comments and
/// without the `chart` that asked for it.
///
/// ```
/// let t = htxq::render::plot::title_of("chart clusters  # the clusters\n  show name, htx_total;");
/// assert_eq!(t, "clusters show name, htx_total");
/// ```
pub fn title_of(statement: &str) -> String {
    use crate::syntax::lexer::{self, Keyword, TokenKind};
    let mut text = String::new();
    let mut first = true;
    for t in lexer::tokens(statement) {
        match t.kind {
            TokenKind::Comment => text.push(' '),
            TokenKind::Keyword(k) if first && k == Keyword::Chart => first = false,
            kind => {
                first &= kind.is_trivia();
                text.push_str(&statement[t.span]);
            }
        }
    }
    let text = one_line(&text);
    text.trim().trim_end_matches(';').split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text on one line: control characters (new lines, tabs) become spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::Column;

    fn rs(columns: &[(&str, Option<FieldType>)], rows: Vec<Vec<Value>>) -> ResultSet {
        ResultSet {
            columns: columns.iter().map(|(n, t)| Column { name: n.to_string(), ty: *t }).collect(),
            rows,
            disputed: Vec::new(),
        }
    }

    #[test]
    fn money_and_counts_are_separate_panels() {
        let r = rs(
            &[
                ("name", Some(FieldType::Text)),
                ("htx_total", Some(FieldType::Integer)),
                ("income_avg", Some(FieldType::Money)),
            ],
            vec![vec![Value::Text("Tây Bắc".into()), Value::Integer(4169), Value::Integer(51_300_000)]],
        );
        let p = Plot::new("q", &r).unwrap();
        assert_eq!(p.panels.len(), 2);
        assert_eq!((p.panels[0].unit, p.panels[1].unit), (Unit::Number, Unit::Money));
        assert_eq!(p.panels[1].series[0].texts, vec!["51,3 triệu"]);
        assert_eq!(p.axis, Axis::Categories);
    }

    #[test]
    fn nothing_numeric_is_an_error_naming_the_columns() {
        let r = rs(&[("name", Some(FieldType::Text)), ("head", Some(FieldType::Text))], vec![]);
        let e = Plot::new("q", &r).unwrap_err().to_string();
        assert!(e.contains("a chart draws numbers") && e.contains("name (text), head (text)"), "{e}");
        // the labels column alone is not a series
        let r = rs(&[("htx_total", Some(FieldType::Integer)), ("name", Some(FieldType::Text))], vec![]);
        assert!(Plot::new("q", &r).is_err());
    }

    #[test]
    fn extremes_nulls_and_rows_past_the_cap() {
        let rows = (0..500)
            .map(|i| vec![Value::Integer(i), if i % 2 == 0 { Value::Real(f64::MAX) } else { Value::Real(-f64::MAX) }])
            .collect();
        let p = Plot::new("q", &rs(&[("i", Some(FieldType::Integer)), ("x", None)], rows)).unwrap();
        assert_eq!(p.labels.len(), MAX_ROWS);
        assert!(p.notes()[0].contains("first 50 of 500"), "{:?}", p.notes());
        let panel = &p.panels[0];
        assert_eq!((panel.fraction(f64::MAX), panel.fraction(-f64::MAX), panel.fraction(0.0)), (1.0, 0.0, 0.5));
        let r = rs(&[("n", Some(FieldType::Integer))], vec![vec![Value::Null], vec![Value::Integer(0)]]);
        let p = Plot::new("q", &r).unwrap();
        assert_eq!(p.labels, vec!["1", "2"]);
        assert_eq!(p.panels[0].series[0].values, vec![None, Some(0.0)]);
        assert_eq!(p.panels[0].series[0].texts, vec!["", "0"]);
        assert!(p.panels[0].high > p.panels[0].low);
    }
}
