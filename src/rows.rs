//! Rows as SQLite steps them: the exec stage without holding the result.
//!
//! [`crate::Engine::prepare_rows`] prepares a compiled query as a [`PreparedRows`], whose columns
//! are known before any row is read; [`PreparedRows::rows`] runs it and gives its rows one at a
//! time ([`Rows`], an iterator of [`Row`]s), each typed as a [`ResultSet`] types it, with the
//! values the articles disagree on marked. A reader keeps one row at a time, whatever the size of
//! the result; a [`ResultSet`] is these rows collected.
//!
//! rusqlite's own `Rows` borrows its statement, and so do these: a prepared object owns the
//! statement, and the rows read from it borrow it while they are read (two steps, as rusqlite's
//! `Statement::query`). Dropping the rows, at any row, stops SQLite there.

use std::borrow::Cow;
use std::ops::Range;

use rusqlite::types::ValueRef;

use crate::catalog::FieldType;
use crate::error::{Error, QueryError, QueryErrorKind, Result};
use crate::result::{Column, ResultSet, Row, Value};
use crate::sqlgen::Compiled;

/// A query ready to run: its columns, and the statement that gives its rows.
///
/// ```
/// let engine = htxq::Engine::builtin()?;
/// let compiled = htxq::compile("facts where key = \"htx_total\" show cluster, year, value sort year")?;
/// let mut prepared = engine.prepare_rows(&compiled)?;
/// assert_eq!(prepared.column_names(), ["cluster", "year", "value"]);
/// let mut years = Vec::new();
/// for row in prepared.rows()? {
///     let row = row?; // an error ends the rows: SQLite's, a cancel (Ctrl-C), an overflow
///     years.push(row.values[1].as_i64());
/// }
/// assert!(years.len() >= 5 && years.is_sorted());
/// # Ok::<(), htxq::Error>(())
/// ```
pub struct PreparedRows<'e> {
    columns: Vec<Column>,
    source: Source<'e>,
    /// Where an integer overflow points in the statement's text (see [`OVERFLOW`]).
    overflow_at: Range<usize>,
}

enum Source<'e> {
    /// A compiled query's statement, its parameters bound.
    Sql { stmt: rusqlite::CachedStatement<'e>, shape: Shape },
    /// Rows already made (the catalog as rows, `explain`, `htxq why`); `disputed` sorted.
    Held { rows: Vec<Vec<Value>>, disputed: Vec<(usize, usize)> },
}

/// How a compiled query's SQL rows become [`Row`]s.
struct Shape {
    types: Vec<Option<FieldType>>,
    fields: Vec<Option<&'static str>>,
    /// Whether a last column, after the shown ones, lists the row's disputed fields.
    conflicts: bool,
}

impl<'e> PreparedRows<'e> {
    /// Prepares `c` on `conn` (from SQLite's statement cache) and binds its parameters.
    pub(crate) fn prepare(conn: &'e rusqlite::Connection, c: &Compiled) -> Result<PreparedRows<'e>> {
        let mut stmt = conn.prepare_cached(&c.sql)?;
        // bound once here, kept by SQLite across runs: `rows` runs the statement as it is
        if stmt.parameter_count() != c.params.len() {
            return Err(rusqlite::Error::InvalidParameterCount(c.params.len(), stmt.parameter_count()).into());
        }
        for (i, p) in c.params.iter().enumerate() {
            stmt.raw_bind_parameter(i + 1, p)?;
        }
        Ok(PreparedRows {
            columns: c.columns.iter().zip(&c.types).map(|(name, ty)| Column { name: name.clone(), ty: *ty }).collect(),
            source: Source::Sql {
                stmt,
                shape: Shape { types: c.types.clone(), fields: c.fields.clone(), conflicts: c.conflicts },
            },
            overflow_at: 0..0,
        })
    }

    /// The same rows, an overflow pointing at `span` of the statement's text.
    pub(crate) fn overflow_at(mut self, span: Range<usize>) -> PreparedRows<'e> {
        self.overflow_at = span;
        self
    }

    /// The columns, known before any row is read.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column names.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// Runs the query (again, from its first row, when called again): its rows, as SQLite steps.
    pub fn rows(&mut self) -> Result<Rows<'_>> {
        let PreparedRows { columns, source, overflow_at } = self;
        let source = match source {
            Source::Sql { stmt, shape } => RowSource::Sql { rows: stmt.raw_query(), shape },
            Source::Held { rows, disputed } => RowSource::Held { rows, disputed: Cow::Borrowed(disputed), next: 0 },
        };
        Ok(Rows { columns, source, overflow_at: overflow_at.clone(), done: false })
    }

    /// Every row, held: what [`crate::Engine::execute`] returns.
    pub fn into_result_set(mut self) -> Result<ResultSet> {
        if let Source::Held { rows, disputed } = &mut self.source {
            return Ok(ResultSet {
                columns: std::mem::take(&mut self.columns),
                rows: std::mem::take(rows),
                disputed: std::mem::take(disputed),
            });
        }
        let (mut rows, mut disputed) = (Vec::new(), Vec::new());
        for row in self.rows()? {
            let row = row?;
            disputed.extend(row.disputed.iter().map(|&c| (rows.len(), c)));
            rows.push(row.values);
        }
        Ok(ResultSet { columns: self.columns, rows, disputed })
    }
}

impl From<ResultSet> for PreparedRows<'static> {
    /// Rows already held, read like a query's (the same renderers print both).
    fn from(rs: ResultSet) -> PreparedRows<'static> {
        let mut disputed = rs.disputed;
        disputed.sort_unstable();
        PreparedRows { columns: rs.columns, source: Source::Held { rows: rs.rows, disputed }, overflow_at: 0..0 }
    }
}

/// A query's rows, one at a time as SQLite steps; an error (SQLite's, a cancel, an overflow)
/// is the last item. Dropping them stops the query.
pub struct Rows<'s> {
    columns: &'s [Column],
    source: RowSource<'s>,
    overflow_at: Range<usize>,
    done: bool,
}

enum RowSource<'s> {
    Sql { rows: rusqlite::Rows<'s>, shape: &'s Shape },
    Held { rows: &'s [Vec<Value>], disputed: Cow<'s, [(usize, usize)]>, next: usize },
}

impl<'s> Rows<'s> {
    /// The rows of a result already held (each cloned as it is read), for code that takes
    /// [`Rows`].
    pub fn of(rs: &'s ResultSet) -> Rows<'s> {
        let disputed = if rs.disputed.is_sorted() {
            Cow::Borrowed(rs.disputed.as_slice())
        } else {
            let mut sorted = rs.disputed.clone();
            sorted.sort_unstable();
            Cow::Owned(sorted)
        };
        Rows {
            columns: &rs.columns,
            source: RowSource::Held { rows: &rs.rows, disputed, next: 0 },
            overflow_at: 0..0,
            done: false,
        }
    }

    /// The columns.
    pub fn columns(&self) -> &'s [Column] {
        self.columns
    }

    /// How many rows are left, counted by stepping SQLite without reading their values (a table
    /// shows its first rows and says how many more there are).
    pub fn count_rest(&mut self) -> Result<u64> {
        if self.done {
            return Ok(0);
        }
        self.done = true;
        match &mut self.source {
            RowSource::Sql { rows, .. } => {
                let mut n = 0u64;
                while rows.next().map_err(|e| placed(interrupted(e), &self.overflow_at))?.is_some() {
                    n += 1;
                }
                Ok(n)
            }
            RowSource::Held { rows, next, .. } => {
                let n = rows.len().saturating_sub(*next);
                *next = rows.len();
                Ok(n as u64)
            }
        }
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        if self.done {
            return None;
        }
        let next = match &mut self.source {
            RowSource::Sql { rows, shape } => match rows.next() {
                Ok(Some(r)) => sql_row(r, shape).map(Some),
                Ok(None) => Ok(None),
                Err(e) => Err(placed(interrupted(e), &self.overflow_at)),
            },
            RowSource::Held { rows, disputed, next } => Ok(rows.get(*next).map(|values| {
                let r = *next;
                *next += 1;
                let from = disputed.partition_point(|&(dr, _)| dr < r);
                let to = disputed.partition_point(|&(dr, _)| dr <= r);
                Row { values: values.clone(), disputed: disputed[from..to].iter().map(|&(_, c)| c).collect() }
            })),
        };
        match next {
            Ok(Some(row)) => Some(Ok(row)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// One SQL row, typed by its columns, with the fields its `conflicts` lists marked.
fn sql_row(r: &rusqlite::Row, shape: &Shape) -> Result<Row> {
    let mut values = Vec::with_capacity(shape.types.len());
    for (i, ty) in shape.types.iter().enumerate() {
        values.push(value(r.get_ref(i)?, *ty));
    }
    let mut disputed = Vec::new();
    if shape.conflicts
        && let ValueRef::Text(list) = r.get_ref(shape.types.len())?
    {
        let list = String::from_utf8_lossy(list);
        let listed = list.split(',').map(str::trim).collect::<Vec<_>>();
        let cols = shape.fields.iter().enumerate().filter(|(_, f)| f.is_some_and(|f| listed.contains(&f)));
        disputed.extend(cols.map(|(i, _)| i));
    }
    Ok(Row { values, disputed })
}

/// What an overflow found while running says; [`crate::Engine::run_with`] and
/// [`crate::Engine::stream_with`] place it on the query's sums (from
/// [`crate::Engine::prepare_rows`] alone it points at the start).
pub(crate) const OVERFLOW: &str = "a whole number in the result grew past 9,223,372,036,854,775,807 (integer overflow)";

/// Where in `text` an overflow comes from: its first `sum(`, else the whole statement.
pub(crate) fn overflow_span(text: &str) -> Range<usize> {
    let lower = text.to_ascii_lowercase();
    match lower.find("sum(") {
        Some(at) => at..at + 3,
        None => 0..text.trim_end().len(),
    }
}

/// An overflow error pointing at `at`; any other error as it is.
fn placed(e: Error, at: &Range<usize>) -> Error {
    match e {
        Error::Query(mut q) if q.message == OVERFLOW => {
            q.span = at.clone();
            Error::Query(q)
        }
        e => e,
    }
}

fn interrupted(e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::OperationInterrupted => Error::Cancelled,
        // `sum(9223372036854775807)` and its like: SQLite's whole numbers end at 2^63 - 1
        rusqlite::Error::SqliteFailure(_, Some(m)) if m == "integer overflow" => Error::Query(
            QueryError::new(QueryErrorKind::Limit, 0..0, OVERFLOW).hint("sum decimals instead: `sum(x * 1.0)`"),
        ),
        e => Error::Sqlite(e),
    }
}

/// A value from SQLite, typed for its column: whole numbers in integer and money columns stay
/// integers (so `4169` prints as `4169`, not `4169.0`).
fn value(v: ValueRef, ty: Option<FieldType>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Integer(n),
        ValueRef::Real(x) => {
            let whole = x.fract() == 0.0 && x.abs() < 9.0e15;
            let integral = matches!(ty, Some(FieldType::Integer | FieldType::Money));
            if whole && integral { Value::Integer(x as i64) } else { Value::Real(x) }
        }
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Text(format!("<{} bytes>", b.len())),
    }
}
