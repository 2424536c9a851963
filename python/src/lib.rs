//! The `htxq` Python module: the library's [`htxq::Engine`], [`htxq::build`] and
//! [`htxq::prepare_with`] behind a Python face.
//!
//! Rows come back as Python values the way `--format json` writes them: whole numbers as `int`,
//! others as `float`, text as `str`, NULL as `None`, a list field (`provinces`, `conflicts`) as a
//! `list` of names. A query error is a `htxq.QueryError` with the message, the span (in
//! characters of the query text, so `text[start:end]` is the culprit) and the hints; every other
//! error is a `htxq.Error`. Queries and builds run detached from the interpreter, so other Python
//! threads go on meanwhile.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use htxq::catalog::FieldType;
use htxq::{ParamValue, QueryErrorKind, ResultSet, Value};
use pyo3::exceptions::{PyException, PyImportError, PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use pyo3::{IntoPyObjectExt, create_exception};

create_exception!(
    htxq,
    Error,
    PyException,
    "An htxq error that is not a query's: a database that cannot be opened or used, a build that \
     read no article, SQLite failing."
);

create_exception!(
    htxq,
    QueryError,
    Error,
    "A query that cannot be run.\n\n\
     Attributes: `message` (str, what is wrong), `span` ((start, end) character offsets into the \
     query text, or None), `hints` (list of str, how to fix it, e.g. \"did you mean `clusters`?\"), \
     `kind` (str: syntax, unknown_name, type, grouping or limit). `str(e)` is the message."
);

/// A database of cluster reports, ready for queries.
///
/// Make one with `Engine.builtin()` (the built-in corpus, no files needed) or
/// `Engine.open(path)` (a database made by `htxq.build` or `htxq build`). An engine may be shared
/// between threads; its queries run one at a time.
#[pyclass(module = "htxq", frozen)]
struct Engine {
    engine: Mutex<htxq::Engine>,
    /// What `repr` shows: the built-in corpus or the database's path.
    source: String,
}

#[pymethods]
impl Engine {
    /// The built-in corpus: the articles in the repository's `data/articles/`, compiled in and
    /// loaded in memory.
    #[staticmethod]
    fn builtin(py: Python<'_>) -> PyResult<Engine> {
        let engine = py.detach(htxq::Engine::builtin).map_err(|e| error(py, e))?;
        Ok(Engine { engine: Mutex::new(engine), source: "built-in corpus".into() })
    }

    /// The database at `path` (a `str` or `os.PathLike`), built by `htxq.build`, opened
    /// read-only. Raises `htxq.Error` when it is missing or not an htxq database.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Engine> {
        let engine = py.detach(|| htxq::Engine::open(&path)).map_err(|e| error(py, e))?;
        Ok(Engine { engine: Mutex::new(engine), source: path.display().to_string() })
    }

    /// Runs one query and returns its rows, each a `dict` from column name to value, columns in
    /// the query's order.
    ///
    /// Keyword arguments bind the query's `$name`s (`int`, `float` or `str`), always as SQL
    /// parameters: `engine.query("clusters where year = $y show htx_total", y=2023)`.
    /// `explain QUERY` returns the SQL as rows; `entities` and `fields ENTITY` list the catalog.
    /// Raises `htxq.QueryError` for a query that cannot be run.
    #[pyo3(signature = (text, /, **params))]
    fn query<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        params: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let rs = self.run(py, text, params)?;
        rows(py, &rs)
    }

    /// Runs one query and returns its rows as a `pandas.DataFrame`, columns in the query's order.
    ///
    /// Keyword arguments bind `$name`s as in `query`. A column of whole numbers with missing
    /// values gets pandas' nullable `Int64` type, so `4169` stays `4169` beside a missing value.
    /// Raises `ImportError` when pandas is not installed (`pip install pandas`).
    #[pyo3(signature = (text, /, **params))]
    fn frame<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        params: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // pandas first: a missing pandas is reported before the query runs
        let pandas = py.import("pandas").map_err(|e| {
            PyImportError::new_err(format!(
                "htxq: Engine.frame needs pandas; install it with `pip install pandas` ({e})"
            ))
        })?;
        let rs = self.run(py, text, params)?;
        let data = PyDict::new(py);
        for (i, column) in rs.columns.iter().enumerate() {
            let cells = rs.rows.iter().map(|row| cell(py, &row[i], column.ty)).collect::<PyResult<Vec<_>>>()?;
            let cells = PyList::new(py, cells)?;
            let nullable_whole = rs.rows.iter().any(|r| r[i].is_null())
                && rs.rows.iter().any(|r| matches!(r[i], Value::Integer(_)))
                && rs.rows.iter().all(|r| matches!(r[i], Value::Integer(_) | Value::Null));
            if nullable_whole {
                let kwargs = PyDict::new(py);
                kwargs.set_item("dtype", "Int64")?;
                data.set_item(&column.name, pandas.getattr("array")?.call((cells,), Some(&kwargs))?)?;
            } else {
                data.set_item(&column.name, cells)?;
            }
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("columns", rs.column_names())?;
        pandas.getattr("DataFrame")?.call((data,), Some(&kwargs))
    }

    /// The SQL a query compiles to, without running it: a `dict` with `sql` (str, `?1`, `?2`...
    /// placeholders), `params` (the values bound to them, in order) and `columns` (the result's
    /// column names). Keyword arguments bind `$name`s as in `query`.
    #[pyo3(signature = (text, /, **params))]
    fn compile<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        params: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        compile(py, text, params)
    }

    /// `<htxq.Engine built-in corpus>` or `<htxq.Engine PATH>`.
    fn __repr__(&self) -> String {
        format!("<htxq.Engine {}>", self.source)
    }
}

impl Engine {
    /// Runs `text` with `params` bound, detached from the interpreter.
    fn run(&self, py: Python<'_>, text: &str, params: Option<&Bound<'_, PyDict>>) -> PyResult<ResultSet> {
        let params = param_values(params)?;
        let engine = &self.engine;
        let result = py.detach(|| {
            let bound: Vec<(&str, ParamValue)> = params.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            // a panic while the lock was held leaves the connection usable: nothing half-done
            // survives a failed statement
            engine.lock().unwrap_or_else(PoisonError::into_inner).query_with(text, &bound)
        });
        result.map_err(|e| match e {
            htxq::Error::Query(q) => query_error(py, Some(text), &q),
            e => error(py, e),
        })
    }
}

/// The SQL a query compiles to, without a database: a `dict` with `sql`, `params` and
/// `columns`, as `Engine.compile` gives. Keyword arguments bind `$name`s.
#[pyfunction(name = "compile")]
#[pyo3(signature = (text, /, **params))]
fn compile<'py>(py: Python<'py>, text: &str, params: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyDict>> {
    let values: htxq::Params = param_values(params)?.into_iter().collect();
    let (_, compiled) = htxq::prepare_with(text, &values).map_err(|e| query_error(py, Some(text), &e))?;
    let out = PyDict::new(py);
    out.set_item("sql", &compiled.sql)?;
    let bound = compiled
        .params
        .iter()
        .map(|p| match p {
            htxq::Param::Integer(n) => n.into_bound_py_any(py),
            htxq::Param::Real(x) => x.into_bound_py_any(py),
            htxq::Param::Text(s) => s.into_bound_py_any(py),
        })
        .collect::<PyResult<Vec<_>>>()?;
    out.set_item("params", bound)?;
    out.set_item("columns", &compiled.columns)?;
    Ok(out)
}

/// Builds (or updates) the database at `db` from article files and folders (`.txt`, `.md`,
/// `.html`), as `htxq build` does, and returns what it did: a `dict` with `added`, `updated`
/// and `unchanged` (articles), `articles` (their sum: the articles the build read), `clusters`
/// (cluster-year rows in the database after it) and `skipped` (a list of `{"file", "reason"}`
/// for files it could not read).
///
/// `paths` is one path or a list of paths (`str` or `os.PathLike`). Building again with the same
/// files changes nothing. Raises `htxq.Error` when no article could be read (the reasons in the
/// message) or the database cannot be written; a failed build leaves the database as it was.
#[pyfunction]
fn build<'py>(py: Python<'py>, db: PathBuf, paths: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let inputs: Vec<PathBuf> = if paths.is_instance_of::<PyString>() || paths.hasattr("__fspath__")? {
        vec![paths.extract()?]
    } else {
        paths.extract().map_err(|_| PyTypeError::new_err("htxq.build: `paths` must be a path or a list of paths"))?
    };
    let report = py.detach(|| htxq::build(&db, &inputs)).map_err(|e| error(py, e))?;
    let read = report.added + report.updated + report.unchanged;
    if read == 0 {
        let reasons: Vec<String> = report.skipped.iter().map(ToString::to_string).collect();
        let why = if reasons.is_empty() { "no article files given".to_string() } else { reasons.join("; ") };
        return Err(Error::new_err(format!("{}: no article could be read ({why})", db.display())));
    }
    let out = PyDict::new(py);
    out.set_item("added", report.added)?;
    out.set_item("updated", report.updated)?;
    out.set_item("unchanged", report.unchanged)?;
    out.set_item("articles", read)?;
    out.set_item("clusters", report.clusters)?;
    let skipped = PyList::empty(py);
    for s in &report.skipped {
        let item = PyDict::new(py);
        item.set_item("file", &s.file)?;
        item.set_item("reason", &s.reason)?;
        skipped.append(item)?;
    }
    out.set_item("skipped", skipped)?;
    Ok(out)
}

/// The keyword arguments as values for `$name`s: `int`, `float` and `str` only (`bool` is refused
/// rather than taken for 0 or 1).
fn param_values(params: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(String, ParamValue)>> {
    let Some(params) = params else { return Ok(Vec::new()) };
    let mut out = Vec::with_capacity(params.len());
    for (name, value) in params.iter() {
        let name: String = name.extract()?;
        let v = if value.is_instance_of::<PyBool>() {
            return Err(PyTypeError::new_err(format!("parameter `{name}`: a bool cannot be bound; pass 1 or 0")));
        } else if value.is_instance_of::<PyInt>() {
            let n: i64 = value.extract().map_err(|_| {
                PyOverflowError::new_err(format!("parameter `{name}`: {value} does not fit in a 64-bit integer"))
            })?;
            ParamValue::Integer(n)
        } else if value.is_instance_of::<PyFloat>() {
            let x: f64 = value.extract()?;
            if !x.is_finite() {
                return Err(PyValueError::new_err(format!("parameter `{name}`: {x} is not a finite number")));
            }
            ParamValue::Decimal(x)
        } else if value.is_instance_of::<PyString>() {
            ParamValue::Text(value.extract()?)
        } else {
            let ty = value.get_type().name()?;
            return Err(PyTypeError::new_err(format!("parameter `{name}`: expected int, float or str, got {ty}")));
        };
        out.push((name, v));
    }
    Ok(out)
}

/// The rows as a list of dicts, column names shared between rows.
fn rows<'py>(py: Python<'py>, rs: &ResultSet) -> PyResult<Bound<'py, PyList>> {
    let names: Vec<Bound<'py, PyString>> = rs.columns.iter().map(|c| PyString::intern(py, &c.name)).collect();
    let out = PyList::empty(py);
    for row in &rs.rows {
        let item = PyDict::new(py);
        for ((name, column), v) in names.iter().zip(&rs.columns).zip(row) {
            item.set_item(name, cell(py, v, column.ty)?)?;
        }
        out.append(item)?;
    }
    Ok(out)
}

/// One value as Python sees it; a list field's text (`"Lào Cai, Sơn La"`) as a list of names,
/// as `--format json` writes it.
fn cell<'py>(py: Python<'py>, v: &Value, ty: Option<FieldType>) -> PyResult<Bound<'py, PyAny>> {
    match (v, ty) {
        (Value::Text(t), Some(FieldType::List)) => {
            let items: Vec<&str> = t.split(',').map(str::trim).filter(|i| !i.is_empty()).collect();
            items.into_bound_py_any(py)
        }
        (Value::Null, _) => Ok(py.None().into_bound(py)),
        (Value::Integer(n), _) => n.into_bound_py_any(py),
        (Value::Real(x), _) => x.into_bound_py_any(py),
        (Value::Text(t), _) => t.into_bound_py_any(py),
    }
}

/// A `htxq.QueryError` with its fields. The library's span is in bytes of `text`; Python gets
/// character offsets, which is what slicing a `str` takes (`None` when the text is not known).
fn query_error(py: Python<'_>, text: Option<&str>, e: &htxq::QueryError) -> PyErr {
    // an offset inside a character (never made by the parser) counts the whole character
    let chars = |text: &str, byte: usize| {
        let mut end = byte.min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        text[..end].chars().count()
    };
    let span = text.map(|t| (chars(t, e.span.start), chars(t, e.span.end)));
    let kind = match e.kind {
        QueryErrorKind::Syntax => "syntax",
        QueryErrorKind::UnknownName => "unknown_name",
        QueryErrorKind::Type => "type",
        QueryErrorKind::Grouping => "grouping",
        QueryErrorKind::Limit => "limit",
    };
    let err = QueryError::new_err(e.message.clone());
    let fields = || -> PyResult<()> {
        let value = err.value(py);
        value.setattr("message", &e.message)?;
        value.setattr("span", span)?;
        value.setattr("hints", e.hints.iter().map(|h| python_hint(h)).collect::<Vec<_>>())?;
        value.setattr("kind", kind)?;
        Ok(())
    };
    match fields() {
        Ok(()) => err,
        Err(failed) => failed,
    }
}

/// A hint worded for Python: a `$name` without a value is bound by a keyword argument, not by the
/// command line's `--param`.
fn python_hint(hint: &str) -> String {
    match hint.strip_prefix("pass one with --param ").and_then(|h| h.strip_suffix("=VALUE")) {
        Some(name) => format!("pass one as a keyword argument: {name}=VALUE"),
        None => hint.to_string(),
    }
}

/// Any error as a Python exception with the library's message: `htxq.QueryError` (with no span:
/// no query text to point into) or `htxq.Error`.
fn error(py: Python<'_>, e: htxq::Error) -> PyErr {
    match e {
        htxq::Error::Query(q) => query_error(py, None, &q),
        e => Error::new_err(e.to_string()),
    }
}

/// Ask questions of Vietnam's cooperative-alliance emulation-cluster reports.
///
/// `htxq.Engine.builtin().query("clusters where year = 2023 show htx_total")` gives
/// `[{'htx_total': 4169}]`. See `Engine`, `build`, `compile`, `QueryError` and `Error`.
#[pymodule(name = "htxq")]
fn htxq_python(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_function(wrap_pyfunction!(build, m)?)?;
    m.add_function(wrap_pyfunction!(compile, m)?)?;
    m.add("Error", m.py().get_type::<Error>())?;
    m.add("QueryError", m.py().get_type::<QueryError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
