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
//! | exec | [`Engine`], [`rows`] | SQL → [`Rows`] as SQLite steps, or a whole [`ResultSet`] |
//! | render | [`render`] | result → table, csv, json, markdown, terminal chart, SVG, xlsx |

#[doc = include_str!("../ARCHITECTURE.md")]
pub mod architecture {}
/// README.md's Rust examples, run as doc tests so that they cannot drift from the library.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
pub mod catalog;
pub mod complete;
pub mod error;
pub mod extract;
pub mod geo;
pub mod ingest;
pub mod render;
pub mod report;
pub mod result;
pub mod rows;
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
pub use result::{ResultSet, Row, Value};
pub use rows::{PreparedRows, Rows};
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

/// What running a statement will produce, before any row is read ([`Engine::stream_with`]).
pub enum Streaming<'e> {
    /// Rows, to be read as SQLite steps.
    Rows(PreparedRows<'e>),
    /// `explain`: the SQL and parameters that would run.
    Explain(Compiled),
    /// `chart`: rows to be drawn as a chart where the output is for people.
    Chart(PreparedRows<'e>),
}

impl Streaming<'_> {
    /// Every row read and held: the [`Output`] of [`Engine::run_with`].
    pub fn into_output(self) -> Result<Output> {
        Ok(match self {
            Streaming::Rows(p) => Output::Rows(p.into_result_set()?),
            Streaming::Explain(c) => Output::Explain(c),
            Streaming::Chart(p) => Output::Chart(p.into_result_set()?),
        })
    }
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
        self.stream_with(text, params)?.into_output()
    }

    /// Prepares one statement, to read its rows as SQLite steps them ([`Engine::stream_with`]).
    pub fn stream(&self, text: &str) -> Result<Streaming<'_>> {
        self.stream_with(text, &Params::new())
    }

    /// Prepares one statement with values for its `$name`s: what [`Engine::run_with`] does, but
    /// the rows are read one at a time, never all held. Errors found while reading them
    /// (SQLite's, a cancel, an overflow) come with the rows, and point at the statement as
    /// [`Engine::run_with`]'s do.
    ///
    /// ```
    /// let engine = htxq::Engine::builtin()?;
    /// let htxq::Streaming::Rows(mut prepared) = engine.stream("facts show key, sentence")? else { unreachable!() };
    /// let mut n = 0;
    /// for row in prepared.rows()? {
    ///     n += row?.values.len();
    /// }
    /// assert_eq!(n, 2 * engine.query("facts show count()")?.rows[0][0].as_i64().unwrap() as usize);
    /// # Ok::<(), htxq::Error>(())
    /// ```
    pub fn stream_with(&self, text: &str, params: &Params) -> Result<Streaming<'_>> {
        if let Some(listing) = catalog_listing(text) {
            return Ok(Streaming::Rows(PreparedRows::from(listing?)));
        }
        let (verb, compiled) = prepare_with(text, params)?;
        // a limit met while running points at the query, as the checker's errors do
        let rows = |c: &Compiled| Ok::<_, Error>(self.prepare_rows(c)?.overflow_at(rows::overflow_span(text)));
        Ok(match verb {
            Verb::Run => Streaming::Rows(rows(&compiled)?),
            Verb::Explain => Streaming::Explain(compiled),
            Verb::Chart => Streaming::Chart(rows(&compiled)?),
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

    /// Runs compiled SQL and holds every row.
    pub fn execute(&self, c: &Compiled) -> Result<ResultSet> {
        self.prepare_rows(c)?.into_result_set()
    }

    /// Prepares compiled SQL, to read its rows as SQLite steps them ([`PreparedRows::rows`]).
    pub fn prepare_rows(&self, c: &Compiled) -> Result<PreparedRows<'_>> {
        PreparedRows::prepare(&self.conn, c)
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
