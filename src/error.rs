//! Errors, as values. Each carries what a front end needs to show it well — a kind, a span into the
//! query text, a message and hints — and none of them knows about terminals or colours
//! ([`crate::report`] renders them).

use std::ops::Range;

/// What went wrong with a query, by stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryErrorKind {
    /// The text does not follow the grammar.
    Syntax,
    /// A name the catalog does not know.
    UnknownName,
    /// A value of the wrong type for what is done with it.
    Type,
    /// Aggregates and plain fields mixed without `by`, or similar.
    Grouping,
    /// Too deep, too long, or otherwise over a limit.
    Limit,
}

/// An error in a query, pointing at the place.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    /// Which stage found it.
    pub kind: QueryErrorKind,
    /// Byte range in the query text.
    pub span: Range<usize>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// How to fix it (`did you mean ...`), possibly empty.
    pub hints: Vec<String>,
}

impl QueryError {
    /// A new error with no hints.
    pub fn new(kind: QueryErrorKind, span: Range<usize>, message: impl Into<String>) -> QueryError {
        QueryError { kind, span, message: message.into(), hints: Vec::new() }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> QueryError {
        self.hints.push(hint.into());
        self
    }

    /// The same error moved by `offset` bytes (for queries inside a larger script).
    pub fn shifted(mut self, offset: usize) -> QueryError {
        self.span = self.span.start + offset..self.span.end + offset;
        self
    }
}

/// Any error htxq's library returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A query that cannot be run.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A database that cannot be opened or used.
    #[error("{0}")]
    Database(String),
    /// SQLite failed while running a query or a build.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The query was cancelled (Ctrl-C).
    #[error("cancelled")]
    Cancelled,
    /// A result that cannot be written in the format asked for (a chart of no numbers, a
    /// spreadsheet past Excel's limits).
    #[error("{0}")]
    Output(String),
    /// The writer rows were written to failed: a closed pipe, a full disk
    /// ([`crate::render::write_rows`]). Front ends tell it from the query's own errors.
    #[error("cannot write the output: {0}")]
    Write(std::io::Error),
}

/// Result with htxq's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
