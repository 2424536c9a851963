//! Result sets: typed rows a query returns, serializable as JSON arrays of objects.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::catalog::FieldType;

/// One value in a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL: not stated.
    Null,
    /// A whole number.
    Integer(i64),
    /// A number with a fraction.
    Real(f64),
    /// Text.
    Text(String),
}

impl Value {
    /// The value as `f64`, when it is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(n) => Some(*n as f64),
            Value::Real(x) => Some(*x),
            _ => None,
        }
    }

    /// The value as `i64`, when it is a whole number.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Integer(n) => Some(*n),
            _ => None,
        }
    }

    /// The value as text, when it is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Whether it is NULL.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl std::fmt::Display for Value {
    /// Plain text, exact: numbers without grouping, NULL as empty.
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Integer(n) => write!(f, "{n}"),
            Value::Real(x) => write!(f, "{x}"),
            Value::Text(s) => f.write_str(s),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_none(),
            Value::Integer(n) => s.serialize_i64(*n),
            Value::Real(x) if x.is_finite() => s.serialize_f64(*x),
            Value::Real(_) => s.serialize_none(),
            Value::Text(t) => s.serialize_str(t),
        }
    }
}

/// A column of a result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Its name as shown.
    pub name: String,
    /// Its type, when known (money, counts, text...).
    #[serde(rename = "type")]
    pub ty: Option<FieldType>,
}

/// The rows a query returned. Serializes as a JSON array of objects keyed by column name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultSet {
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The rows; each has one value per column.
    pub rows: Vec<Vec<Value>>,
    /// Cells (row, column) whose value the articles disagree on: a `clusters` field listed in
    /// the row's `conflicts`. Tables mark them; other formats carry the values alone.
    pub disputed: Vec<(usize, usize)>,
}

impl ResultSet {
    /// The rows.
    pub fn rows(&self) -> &[Vec<Value>] {
        &self.rows
    }

    /// The column names.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// A result of `columns` from rows as [`crate::Rows`] gives them; the first error ends it.
    pub fn from_rows(
        columns: Vec<Column>,
        rows: impl IntoIterator<Item = crate::Result<Row>>,
    ) -> crate::Result<ResultSet> {
        let mut rs = ResultSet { columns, rows: Vec::new(), disputed: Vec::new() };
        for row in rows {
            let row = row?;
            let r = rs.rows.len();
            rs.disputed.extend(row.disputed.iter().map(|&c| (r, c)));
            rs.rows.push(row.values);
        }
        Ok(rs)
    }

    /// The value in `row` of the column called `name`.
    pub fn get(&self, row: usize, name: &str) -> Option<&Value> {
        let i = self.columns.iter().position(|c| c.name == name)?;
        self.rows.get(row)?.get(i)
    }
}

/// One row of a result, as [`crate::Rows`] gives it while SQLite steps: its values, typed as in a
/// [`ResultSet`], and which of them the articles disagree on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// One value per column.
    pub values: Vec<Value>,
    /// The columns (indices) whose value the articles disagree on: a `clusters` field listed in
    /// the row's `conflicts` (what [`ResultSet::disputed`] holds for a whole result).
    pub disputed: Vec<usize>,
}

/// One row as a JSON object: keys are the column names, a list field (`provinces`) an array of
/// its names.
pub struct JsonRow<'a>(&'a [Column], &'a [Value]);

impl<'a> JsonRow<'a> {
    /// The row `values` of a result with these `columns`.
    pub fn new(columns: &'a [Column], values: &'a [Value]) -> JsonRow<'a> {
        JsonRow(columns, values)
    }
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (c, v) in self.0.iter().zip(self.1) {
            match (c.ty, v) {
                (Some(crate::catalog::FieldType::List), Value::Text(t)) => {
                    let items: Vec<&str> = t.split(',').map(str::trim).filter(|i| !i.is_empty()).collect();
                    m.serialize_entry(&c.name, &items)?;
                }
                _ => m.serialize_entry(&c.name, v)?,
            }
        }
        m.end()
    }
}

impl ResultSet {
    /// The rows as JSON objects, in order.
    pub fn json_rows(&self) -> impl Iterator<Item = JsonRow<'_>> {
        self.rows.iter().map(|r| JsonRow(&self.columns, r))
    }
}

impl Serialize for ResultSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.rows.len()))?;
        for r in &self.rows {
            seq.serialize_element(&JsonRow(&self.columns, r))?;
        }
        seq.end()
    }
}
