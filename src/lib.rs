//! # htxq
//!
//! Ask questions of Vietnam's cooperative-alliance emulation-cluster reports.
//!
//! htxq reads news articles about the yearly reports of the Cụm thi đua Liên minh Hợp tác xã,
//! extracts the figures they state into SQLite, and answers queries in a small language:
//!
//! ```
//! let engine = htxq::Engine::builtin()?;
//! let result = engine.query("clusters where year = 2023 show name, htx_total")?;
//! assert_eq!(result.get(0, "htx_total").and_then(|v| v.as_i64()), Some(4169));
//! # Ok::<(), htxq::Error>(())
//! ```
//!
//! The pipeline, one module per stage (see `ARCHITECTURE.md`):
//!
//! | stage | module | from → to |
//! |---|---|---|
//! | ingest | [`ingest`] | files → [`ingest::Document`] (normalized, furniture removed) |
//! | extract | [`extract`] | document → [`extract::Extraction`] (report, facts) |
//! | store | [`store`] | extractions → SQLite tables |
//! | syntax | [`syntax`] | query text → [`syntax::ast::Statement`] |
//! | semantic | [`semantic`] | AST + [`catalog`] → [`semantic::Plan`] |
//! | sqlgen | [`sqlgen`] | plan → [`Compiled`] SQL + parameters |
//! | exec | [`Engine`] | SQL → [`ResultSet`] |
//! | render | [`render`] | result → table, csv, json, markdown, terminal chart, SVG, xlsx |

#[doc = include_str!("../ARCHITECTURE.md")]
pub mod architecture {}
pub mod catalog;
pub mod complete;
pub mod error;
pub mod extract;
pub mod geo;
pub mod ingest;
pub mod render;
pub mod report;
pub mod result;
pub mod semantic;
pub mod sqlgen;
pub mod store;
pub mod suggest;
pub mod syntax;
pub mod text;
pub mod why;

use std::path::Path;

use rusqlite::Connection;

pub use error::{Error, QueryError, QueryErrorKind, Result};
pub use result::{ResultSet, Value};
pub use semantic::{ParamValue, Params};
pub use sqlgen::{Compiled, Param};
pub use syntax::ast::Verb;

/// Parses, checks and compiles one query to SQL with bound parameters (no database needed).
///
/// ```
/// let c = htxq::compile("clusters where name ~ \"tay bac\" show year")?;
/// assert_eq!(c.params, vec![htxq::Param::Text("tay bac".into())]);
/// # Ok::<(), htxq::QueryError>(())
/// ```
pub fn compile(text: &str) -> std::result::Result<Compiled, QueryError> {
    prepare(text).map(|(_, compiled)| compiled)
}

/// Parses, checks and compiles one statement: what it does with its query (run it, `explain` it,
/// `chart` it), and the query's SQL.
pub fn prepare(text: &str) -> std::result::Result<(Verb, Compiled), QueryError> {
    prepare_with(text, &Params::new())
}

/// [`prepare`] with values for the statement's `$name`s.
///
/// ```
/// let mut params = htxq::Params::new();
/// params.insert("y".into(), htxq::ParamValue::parse("2023"));
/// let (_, c) = htxq::prepare_with("clusters where year = $y show name", &params)?;
/// assert_eq!(c.params, vec![htxq::Param::Integer(2023)]);
/// # Ok::<(), htxq::QueryError>(())
/// ```
pub fn prepare_with(text: &str, params: &Params) -> std::result::Result<(Verb, Compiled), QueryError> {
    let stmt = syntax::parse(text)?;
    let plan = semantic::check_with(&stmt.query, params)?;
    Ok((stmt.verb, sqlgen::generate(&plan)))
}

/// Builds (or updates) the database at `db` from article files and folders, as `htxq build` does.
pub fn build(db: impl AsRef<Path>, inputs: &[impl AsRef<Path>]) -> Result<store::BuildReport> {
    build_with_progress(db, inputs, &mut |_| {})
}

/// [`build`], telling `on_progress` how far it has come after each file (for a progress bar).
///
/// ```
/// let dir = std::env::temp_dir().join(format!("htxq-doc-progress-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let db = dir.join("clusters.db");
/// let mut seen = Vec::new();
/// htxq::build_with_progress(&db, &["data/articles"], &mut |p| seen.push(p.files_done))?;
/// assert_eq!(seen, vec![0, 1, 2, 3, 4, 5]);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build_with_progress(
    db: impl AsRef<Path>,
    inputs: &[impl AsRef<Path>],
    on_progress: &mut dyn FnMut(&store::Progress),
) -> Result<store::BuildReport> {
    let inputs: Vec<std::path::PathBuf> = inputs.iter().map(|p| p.as_ref().to_path_buf()).collect();
    store::build_with_progress(db.as_ref(), &inputs, on_progress)
}

/// `entities` and `fields ENTITY`: the catalog as rows (what the REPL's `.entities` and
/// `.fields` print); `None` when `text` is neither.
///
/// ```
/// let rs = htxq::catalog_listing("fields clusters").unwrap()?;
/// assert_eq!(rs.rows[0][0], htxq::Value::Text("name".into()));
/// # Ok::<(), htxq::Error>(())
/// ```
pub fn catalog_listing(text: &str) -> Option<Result<ResultSet>> {
    // the statement's tokens without comments and trailing `;`s
    let mut tokens: Vec<syntax::lexer::Token> = syntax::lexer::significant(text).collect();
    while tokens.last().is_some_and(|t| &text[t.span.clone()] == ";") {
        tokens.pop();
    }
    let words: Vec<&str> = tokens.iter().map(|t| &text[t.span.clone()]).collect();
    let column = |name: &str| result::Column { name: name.into(), ty: Some(catalog::FieldType::Text) };
    let text_row = |cells: Vec<String>| cells.into_iter().map(Value::Text).collect::<Vec<_>>();
    match words.as_slice() {
        [w] if w.eq_ignore_ascii_case("entities") => Some(Ok(ResultSet {
            columns: vec![column("entity"), column("meaning")],
            rows: catalog::ENTITIES.iter().map(|e| text_row(vec![e.name.into(), e.doc.into()])).collect(),
            disputed: Vec::new(),
        })),
        [w, name] if w.eq_ignore_ascii_case("fields") => {
            let Some(entity) = catalog::entity(name) else {
                let at = tokens[1].span.start;
                let mut e = QueryError::new(
                    QueryErrorKind::UnknownName,
                    at..at + name.len(),
                    format!("unknown entity `{name}`"),
                );
                if let Some(s) = suggest::nearest(name, catalog::ENTITIES.iter().map(|e| e.name)) {
                    e = e.hint(format!("did you mean `{s}`?"));
                }
                return Some(Err(e.into()));
            };
            let row = |name: String, f: &catalog::Field, doc: String| {
                let mut row = text_row(vec![name, f.ty.name().into()]);
                row.push(f.unit.map_or(Value::Null, |u| Value::Text(u.into())));
                row.push(Value::Text(doc));
                row
            };
            let mut rows: Vec<Vec<Value>> = entity.fields.iter().map(|f| row(f.name.into(), f, f.doc.into())).collect();
            // the fields of related rows, as `ENTITY.field` reads them
            for (related, on) in semantic::relations(entity) {
                let same = on.iter().map(|(_, mine)| *mine).collect::<Vec<_>>().join(" and ");
                for f in related.fields {
                    let doc = format!("{} (of the `{}` row with the same {same})", f.doc, related.name);
                    rows.push(row(format!("{}.{}", related.name, f.name), f, doc));
                }
            }
            Some(Ok(ResultSet {
                columns: vec![column("field"), column("type"), column("unit"), column("meaning")],
                rows,
                disputed: Vec::new(),
            }))
        }
        _ => None,
    }
}

/// What running a statement produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Rows.
    Rows(ResultSet),
    /// `explain`: the SQL and parameters that would run.
    Explain(Compiled),
    /// `chart`: rows to be drawn as a chart ([`render::chart`]) where the output is for people.
    Chart(ResultSet),
}

/// A database of cluster reports, ready for queries.
pub struct Engine {
    conn: Connection,
}

impl Engine {
    /// The built-in corpus (the articles in `data/articles/`, compiled in), in memory.
    pub fn builtin() -> Result<Engine> {
        Ok(Engine { conn: store::builtin()? })
    }

    /// A database built by `htxq build`, opened read-only.
    pub fn open(path: impl AsRef<Path>) -> Result<Engine> {
        Ok(Engine { conn: store::open(path.as_ref())? })
    }

    /// Runs one query and returns its rows (`explain` returns the SQL as rows, `chart` the rows
    /// it would draw).
    pub fn query(&self, text: &str) -> Result<ResultSet> {
        match self.run(text)? {
            Output::Rows(rs) | Output::Chart(rs) => Ok(rs),
            Output::Explain(c) => Ok(explain_rows(&c)),
        }
    }

    /// Runs one query with values for its `$name`s.
    ///
    /// ```
    /// let engine = htxq::Engine::builtin()?;
    /// let rs = engine.query_with("clusters where year = $y show htx_total", &[("y", 2023.into())])?;
    /// assert_eq!(rs.rows, vec![vec![htxq::Value::Integer(4169)]]);
    /// # Ok::<(), htxq::Error>(())
    /// ```
    pub fn query_with(&self, text: &str, params: &[(&str, ParamValue)]) -> Result<ResultSet> {
        let params: Params = params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        match self.run_with(text, &params)? {
            Output::Rows(rs) | Output::Chart(rs) => Ok(rs),
            Output::Explain(c) => Ok(explain_rows(&c)),
        }
    }

    /// Runs one statement.
    pub fn run(&self, text: &str) -> Result<Output> {
        self.run_with(text, &Params::new())
    }

    /// Runs one statement with values for its `$name`s.
    pub fn run_with(&self, text: &str, params: &Params) -> Result<Output> {
        if let Some(listing) = catalog_listing(text) {
            return Ok(Output::Rows(listing?));
        }
        let (verb, compiled) = prepare_with(text, params)?;
        let ran = match verb {
            Verb::Run => self.execute(&compiled).map(Output::Rows),
            Verb::Explain => Ok(Output::Explain(compiled)),
            Verb::Chart => self.execute(&compiled).map(Output::Chart),
        };
        // a limit met while running points at the query, as the checker's errors do
        ran.map_err(|e| match e {
            Error::Query(mut q) if q.message == OVERFLOW => {
                q.span = overflow_span(text);
                Error::Query(q)
            }
            e => e,
        })
    }

    /// How many articles the database holds (what a chart's source line cites).
    ///
    /// ```
    /// assert_eq!(htxq::Engine::builtin()?.article_count()?, 5);
    /// # Ok::<(), htxq::Error>(())
    /// ```
    pub fn article_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Runs compiled SQL.
    pub fn execute(&self, c: &Compiled) -> Result<ResultSet> {
        let mut stmt = self.conn.prepare_cached(&c.sql)?;
        let params: Vec<&dyn rusqlite::ToSql> = c.params.iter().map(|p| p as &dyn rusqlite::ToSql).collect();
        let mut rows = stmt.query(params.as_slice()).map_err(interrupted)?;
        let mut out = ResultSet {
            columns: c
                .columns
                .iter()
                .zip(&c.types)
                .map(|(name, ty)| result::Column { name: name.clone(), ty: *ty })
                .collect(),
            rows: Vec::new(),
            disputed: Vec::new(),
        };
        while let Some(row) = rows.next().map_err(interrupted)? {
            let mut values = Vec::with_capacity(c.columns.len());
            for (i, ty) in c.types.iter().enumerate() {
                values.push(value(row.get_ref(i)?, *ty));
            }
            if c.conflicts
                && let rusqlite::types::ValueRef::Text(list) = row.get_ref(c.columns.len())?
            {
                let list = String::from_utf8_lossy(list);
                let disputed = list.split(',').map(str::trim).collect::<Vec<_>>();
                let r = out.rows.len();
                let cols = c.fields.iter().enumerate().filter(|(_, f)| f.is_some_and(|f| disputed.contains(&f)));
                out.disputed.extend(cols.map(|(i, _)| (r, i)));
            }
            out.rows.push(values);
        }
        Ok(out)
    }

    /// A handle that cancels the running query from another thread (Ctrl-C).
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// The underlying SQLite connection, for tools that want SQL.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// What an overflow found while running says; [`Engine::run_with`] places it on the query's sums
/// (from [`Engine::execute`] alone it points at the start).
const OVERFLOW: &str = "a whole number in the result grew past 9,223,372,036,854,775,807 (integer overflow)";

/// Where in `text` an overflow comes from: its first `sum(`, else the whole statement.
fn overflow_span(text: &str) -> std::ops::Range<usize> {
    let lower = text.to_ascii_lowercase();
    match lower.find("sum(") {
        Some(at) => at..at + 3,
        None => 0..text.trim_end().len(),
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
fn value(v: rusqlite::types::ValueRef, ty: Option<catalog::FieldType>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Integer(n),
        ValueRef::Real(x) => {
            let whole = x.fract() == 0.0 && x.abs() < 9.0e15;
            let integral = matches!(ty, Some(catalog::FieldType::Integer | catalog::FieldType::Money));
            if whole && integral { Value::Integer(x as i64) } else { Value::Real(x) }
        }
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Text(format!("<{} bytes>", b.len())),
    }
}

/// `explain` output as rows: the SQL, then one row per parameter.
pub fn explain_rows(c: &Compiled) -> ResultSet {
    let mut rows = vec![vec![Value::Text("sql".into()), Value::Text(c.sql.clone())]];
    for (i, p) in c.params.iter().enumerate() {
        rows.push(vec![Value::Text(format!("?{}", i + 1)), Value::Text(p.to_string())]);
    }
    ResultSet {
        disputed: Vec::new(),
        columns: vec![
            result::Column { name: "item".into(), ty: Some(catalog::FieldType::Text) },
            result::Column { name: "value".into(), ty: Some(catalog::FieldType::Text) },
        ],
        rows,
    }
}
