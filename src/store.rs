//! Storage: extracted articles → SQLite, and the entity tables derived from them.
//!
//! Per article the database keeps its text, its report and its facts; `clusters` and `provinces`
//! are derived from those after every build, so merging several articles about one cluster-year
//! is one function ([`derive`]) with one rule:
//!
//! **Merge rule.** For each cluster-year and field, the value comes from the fact stated most
//! exactly (`exact` before `about`/`estimated`, before `more_than`/`less_than`), then from the
//! most recently published article, then from the first statement in it. Every fact is kept;
//! `facts.used = 1` marks the ones that supplied a value.
//!
//! Architecture invariant: a build is one transaction. A build that fails leaves the database as
//! it was.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, Transaction, params};

use crate::catalog::{Cell, ENTITIES, Figure, REPORT_FIELDS, REPORT_KEYS};
use crate::error::{Error, Result};
use crate::extract::quantity::Qualifier;
use crate::extract::{self, Extraction};
use crate::geo;
use crate::ingest::{self, Document, IngestError};

/// Version of the schema below; bumped when it changes.
pub const SCHEMA_VERSION: i64 = 12;

fn schema() -> String {
    let figure_columns = |prefix: &str| -> String {
        Figure::CLUSTER.iter().map(|f| format!("{prefix}{} NUMERIC", f.name())).collect::<Vec<_>>().join(", ")
    };
    let report_columns =
        REPORT_FIELDS.iter().map(|f| format!("{} {}", f.name, f.ty.sql_type())).collect::<Vec<_>>().join(", ");
    // a source's value as the cluster's row holds it; a target's actual: the row's figure
    let report_value = format!(
        "CASE s.field {} END",
        REPORT_FIELDS.iter().map(|f| format!("WHEN '{0}' THEN c.{0}", f.name)).collect::<Vec<_>>().join(" ")
    );
    let actual = format!(
        "CASE t.key {} END",
        Figure::CLUSTER.iter().map(|f| format!("WHEN '{0}' THEN c.{0}", f.name())).collect::<Vec<_>>().join(" ")
    );
    format!(
        "
        CREATE TABLE IF NOT EXISTS htxq_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS articles (
            id INTEGER PRIMARY KEY, file TEXT NOT NULL, title TEXT, published TEXT,
            cluster TEXT, year INTEGER, chars INTEGER NOT NULL, sha256 TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL);
        -- the articles' folded text, indexed by trigrams for `text ~ ...` and `sentence ~ ...`: a
        -- prefilter (every match of a folded substring is a match here), the exact test stays
        CREATE VIRTUAL TABLE IF NOT EXISTS article_search
            USING fts5(folded, tokenize = 'trigram', content = '', contentless_delete = 1);
        CREATE TRIGGER IF NOT EXISTS article_search_forget AFTER DELETE ON articles
            BEGIN DELETE FROM article_search WHERE rowid = old.id; END;
        -- review: 1 when the article dates a meeting that reviews the year's awards ahead of the
        -- conference, whose date, place and host give way to the conference's
        CREATE TABLE IF NOT EXISTS reports (
            article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            review INTEGER NOT NULL DEFAULT 0, {report_columns});
        -- facts and targets keep their sentence as character offsets into the article text,
        -- which is stored once; the views below give the sentence text
        -- each sentence another row points at, cut from its article once, at build: a view never
        -- cuts it from the whole text per row (linear in the rows, whatever the article's size)
        CREATE TABLE IF NOT EXISTS sentence_rows (
            article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, text TEXT NOT NULL,
            PRIMARY KEY (article, start, \"end\")) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS fact_rows (
            id INTEGER PRIMARY KEY,
            article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            cluster TEXT NOT NULL, year INTEGER NOT NULL, key TEXT NOT NULL,
            value NUMERIC NOT NULL, low NUMERIC NOT NULL, high NUMERIC NOT NULL,
            qualifier TEXT NOT NULL, unit TEXT NOT NULL, province TEXT,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
            start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0,
            rule TEXT NOT NULL);
        CREATE VIEW IF NOT EXISTS facts AS
            SELECT f.id, f.article, f.cluster, f.year, f.key, f.value, f.low, f.high, f.qualifier, f.unit,
                   f.province, (SELECT w.text FROM sentence_rows w WHERE w.article = f.article AND w.start = f.sentence_start AND w.\"end\" = f.sentence_end) AS sentence,
                   f.start, f.\"end\", f.used, f.rule
            FROM fact_rows f JOIN articles a ON a.id = f.article;
        -- what became of every number of every article, and why (`htxq why` shows one article's)
        CREATE TABLE IF NOT EXISTS decision_rows (
            article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            number TEXT NOT NULL, became TEXT NOT NULL, key TEXT, province TEXT, reason TEXT, rule TEXT,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
            start INTEGER NOT NULL, \"end\" INTEGER NOT NULL);
        CREATE VIEW IF NOT EXISTS decisions AS
            SELECT d.article, a.cluster, a.year, d.number, d.became, d.key, d.province, d.reason, d.rule,
                   (SELECT w.text FROM sentence_rows w WHERE w.article = d.article AND w.start = d.sentence_start AND w.\"end\" = d.sentence_end) AS sentence,
                   d.start, d.\"end\"
            FROM decision_rows d JOIN articles a ON a.id = d.article;
        -- where each text value of a report (head, date, place, ...) was said; `used` when the
        -- cluster's row holds the same value
        -- (cluster and year: a roundup's other cluster's; NULL for the article's own report)
        CREATE TABLE IF NOT EXISTS source_rows (
            article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            field TEXT NOT NULL, value TEXT NOT NULL,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, cluster TEXT, year INTEGER);
        CREATE VIEW IF NOT EXISTS sources AS
            SELECT s.article, coalesce(s.cluster, a.cluster) AS cluster, coalesce(s.year, a.year) AS year, s.field, s.value,
                   (SELECT w.text FROM sentence_rows w WHERE w.article = s.article AND w.start = s.sentence_start AND w.\"end\" = s.sentence_end) AS sentence,
                   s.sentence_start AS start, s.sentence_end AS \"end\",
                   coalesce(htxq_fold(s.value) = htxq_fold(CAST({report_value} AS TEXT)), 0) AS used
            FROM source_rows s JOIN articles a ON a.id = s.article
            LEFT JOIN clusters c ON c.name = coalesce(s.cluster, a.cluster) AND c.year = coalesce(s.year, a.year);
        CREATE TABLE IF NOT EXISTS target_rows (
            article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            cluster TEXT NOT NULL, year INTEGER NOT NULL, key TEXT NOT NULL,
            low NUMERIC NOT NULL, high NUMERIC NOT NULL,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL);
        -- a target's actual is the cluster's figure for its key in the target year; one target of a
        -- cluster-year however many articles tell of it (the first article's sentence), two when
        -- they state different bounds; in the order the articles were stored
        CREATE VIEW IF NOT EXISTS targets AS
            SELECT t.article, t.cluster, t.year, t.key, t.low, t.high,
                   (SELECT w.text FROM sentence_rows w WHERE w.article = t.article AND w.start = t.sentence_start AND w.\"end\" = t.sentence_end) AS sentence,
                   {actual} AS actual, ({actual}) >= t.low AS met
            FROM (SELECT min(rowid) AS first, article, cluster, year, key, low, high, sentence_start, sentence_end
                  FROM target_rows GROUP BY cluster, year, key, low, high) t
            LEFT JOIN clusters c ON c.name = t.cluster AND c.year = t.year ORDER BY t.first;
        CREATE TABLE IF NOT EXISTS award_rows (
            article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            cluster TEXT, year INTEGER, recipient TEXT NOT NULL, kind TEXT NOT NULL, status TEXT,
            province TEXT, grantor TEXT);
        -- one award of a cluster-year however many articles tell of it: the first article's, granted
        -- when any article says it was given (a nomination that was then granted)
        CREATE VIEW IF NOT EXISTS awards AS
            SELECT min(article) AS article, cluster, year, min(recipient) AS recipient, kind,
                   CASE WHEN max(status = 'granted') THEN 'granted' ELSE max(status) END AS status,
                   max(province) AS province, min(grantor) AS grantor
            FROM award_rows GROUP BY cluster, year, htxq_fold(recipient), kind;
        CREATE TABLE IF NOT EXISTS person_rows (
            article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            name TEXT NOT NULL, title TEXT, organization TEXT, cluster TEXT, year INTEGER);
        CREATE VIEW IF NOT EXISTS people AS
            SELECT p.name, p.title, p.organization, p.article, coalesce(p.cluster, a.cluster) AS cluster,
                   coalesce(p.year, a.year) AS year
            FROM person_rows p JOIN articles a ON a.id = p.article;
        CREATE TABLE IF NOT EXISTS clusters ({report_columns}, {clusters}, conflicts TEXT, PRIMARY KEY (name, year));
        CREATE TABLE IF NOT EXISTS provinces (
            name TEXT NOT NULL, merged_into TEXT, merged_from TEXT, cluster TEXT NOT NULL, year INTEGER NOT NULL,
            role TEXT NOT NULL, {provinces});
        CREATE INDEX IF NOT EXISTS fact_rows_cluster ON fact_rows(cluster, year, key);
        -- a rebuild replaces an article by its file name; its rows go with it (ON DELETE CASCADE)
        CREATE INDEX IF NOT EXISTS articles_file ON articles(file);
        CREATE INDEX IF NOT EXISTS fact_rows_article ON fact_rows(article);
        -- every table of an article's rows is found by its article (replacing an article, cascades)
        CREATE INDEX IF NOT EXISTS reports_article ON reports(article);
        CREATE INDEX IF NOT EXISTS reports_cluster ON reports(name, year);
        CREATE INDEX IF NOT EXISTS target_rows_article ON target_rows(article);
        CREATE INDEX IF NOT EXISTS award_rows_article ON award_rows(article);
        CREATE INDEX IF NOT EXISTS person_rows_article ON person_rows(article);
        CREATE INDEX IF NOT EXISTS decision_rows_article ON decision_rows(article);
        CREATE INDEX IF NOT EXISTS source_rows_article ON source_rows(article);
        ",
        clusters = figure_columns(""),
        provinces = figure_columns(""),
    )
}

/// Registers htxq's SQL functions on a connection: `htxq_fold(text)` folds text for matching;
/// `htxq_list_has(list, item)` is 1 when the comma-separated `list` holds `item`, folded, else 0
/// (also for a NULL list).
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::config::DbConfig;
    use rusqlite::functions::FunctionFlags;
    // a double-quoted identifier that names no column must be an error, never a string literal
    // (SQLite's legacy fallback would show the text "htx_total" in every row of a broken database)
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DQS_DML, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DQS_DDL, false)?;
    conn.create_scalar_function(
        "htxq_list_has",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text = |i: usize| -> rusqlite::Result<Option<String>> {
                Ok(match ctx.get_raw(i) {
                    rusqlite::types::ValueRef::Text(t) => Some(crate::text::fold(&String::from_utf8_lossy(t))),
                    _ => None,
                })
            };
            let (Some(list), Some(item)) = (text(0)?, text(1)?) else { return Ok(0) };
            Ok(i64::from(list.split(',').any(|x| x.trim() == item.trim())))
        },
    )?;
    // text compared one way everywhere (`<`, `by`, `min`/`max`): folded case, diacritics and tone
    // placement, so "Hoà Bình" and "Hòa Bình" are equal (one group)
    conn.create_collation("htxq", |a, b| crate::text::fold(a).cmp(&crate::text::fold(b)))?;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    // the language's functions SQLite lacks (or does only for ASCII); NULL in, NULL out
    for (name, f) in [("htxq_lower", str::to_lowercase as fn(&str) -> String), ("htxq_upper", str::to_uppercase)] {
        conn.create_scalar_function(name, 1, flags, move |ctx| {
            Ok(match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Text(t) => Some(f(&String::from_utf8_lossy(t))),
                _ => None,
            })
        })?;
    }
    /// A function of at most two numbers (the second ignored by those of one).
    type Math = fn(f64, f64) -> f64;
    let math: [(&str, i32, Math); 4] = [
        ("htxq_pow", 2, f64::powf),
        ("htxq_sqrt", 1, |x, _| x.sqrt()),
        ("htxq_ln", 1, |x, _| x.ln()),
        ("htxq_exp", 1, |x, _| x.exp()),
    ];
    for (name, n, f) in math {
        conn.create_scalar_function(name, n, flags, move |ctx| {
            let arg = |i: usize| -> rusqlite::Result<Option<f64>> { ctx.get::<Option<f64>>(i) };
            let x = arg(0)?;
            let y = if n == 2 { arg(1)? } else { Some(0.0) };
            // a result that is no number (sqrt of a negative) is null, not NaN
            Ok(x.zip(y).map(|(x, y)| f(x, y)).filter(|v| v.is_finite()))
        })?;
    }
    conn.create_scalar_function(
        "htxq_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Null => None,
                rusqlite::types::ValueRef::Text(t) => Some(crate::text::fold(&String::from_utf8_lossy(t))),
                other => Some(crate::text::fold(&match other {
                    rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                    rusqlite::types::ValueRef::Real(r) => r.to_string(),
                    _ => String::new(),
                })),
            })
        },
    )?;
    // one key per province however an article writes it ("TP. Hồ Chí Minh", "Hồ Chí Minh")
    conn.create_scalar_function(
        "htxq_place",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Text(t) => Some(place_key(&String::from_utf8_lossy(t))),
                _ => None,
            })
        },
    )
}

/// The key a province is matched by: its canonical name folded when the geography knows it, else
/// the name folded.
pub fn place_key(name: &str) -> String {
    crate::text::fold(geo::province(name).map_or(name, |p| p.name))
}

/// Creates the schema on a fresh connection.
pub fn init(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    conn.execute_batch(&schema())?;
    conn.execute(
        "INSERT OR REPLACE INTO htxq_meta (key, value) VALUES ('schema_version', ?1)",
        [SCHEMA_VERSION.to_string()],
    )?;
    register_functions(conn)?;
    // a build's articles wait here for the search index (`finish`)
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS search_staging (id INTEGER PRIMARY KEY, folded TEXT NOT NULL)",
    )?;
    Ok(())
}

/// Opens an existing htxq database read-only, checking that it is one.
pub fn open(path: &Path) -> Result<Connection> {
    let shown = path.display().to_string();
    if !path.is_file() {
        return Err(Error::Database(format!(
            "{shown}: no such database (create one with `htxq build --db {shown} ARTICLES...`)"
        )));
    }
    // a build killed half-way leaves its journal: a reader that may write rolls it back (the
    // database is then as before that build), which a read-only one cannot do
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    if std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) {
        let rolled_back = Connection::open(path)
            .and_then(|c| c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)));
        if let Err(e) = rolled_back {
            return Err(Error::Database(format!(
                "{shown}: a build that was interrupted left {} to roll back, and it cannot be ({e}): \
                 let htxq write to the file and its folder once, or rebuild the database",
                std::path::Path::new(&journal).display()
            )));
        }
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| Error::Database(format!("{shown}: {e}")))?;
    register_functions(&conn)?;
    check_schema(&conn).map_err(|e| Error::Database(format!("{shown}: {e}")))?;
    Ok(conn)
}

/// The schema objects (type, name) a fresh htxq database holds, read once from one made in memory.
fn expected_objects() -> &'static [(String, String)] {
    static OBJECTS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    OBJECTS.get_or_init(|| {
        let made = Connection::open_in_memory().map_err(Error::from).and_then(|c| init(&c).map(|()| c));
        let Ok(conn) = made else { return Vec::new() };
        let mut stmt = match conn.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'") {
            Ok(s) => s,
            Err(_) => return Vec::new(),
        };
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)));
        rows.map(|rows| rows.filter_map(std::result::Result::ok).collect()).unwrap_or_default()
    })
}

/// Whether `conn` holds an htxq database of this version, whole: its version, then every object
/// and every entity's fields.
fn check_schema(conn: &Connection) -> std::result::Result<(), String> {
    check_version(conn)?;
    check_objects(conn)
}

/// Whether `conn` holds an htxq database of this version (what can be read without the schema).
fn check_version(conn: &Connection) -> std::result::Result<(), String> {
    let version: std::result::Result<String, _> =
        conn.query_row("SELECT value FROM htxq_meta WHERE key = 'schema_version'", [], |r| r.get(0));
    match version {
        Ok(v) if v == SCHEMA_VERSION.to_string() => {}
        Ok(v) => {
            return Err(format!(
                "made by another version of htxq (schema {v}; this one reads {SCHEMA_VERSION}): \
                 `htxq rebuild --db` with this file re-extracts the article texts it stores"
            ));
        }
        Err(rusqlite::Error::SqliteFailure(e, msg)) => {
            use rusqlite::ErrorCode as C;
            return Err(match e.code {
                C::NotADatabase => "not an SQLite database (or its first page is damaged)".into(),
                C::DatabaseCorrupt => {
                    "the database file is damaged; rebuild it with `htxq build --db PATH ARTICLES...`".into()
                }
                C::DatabaseBusy | C::DatabaseLocked => {
                    "the database is locked by another program (a build still running?); try again when it ends".into()
                }
                C::CannotOpen | C::ReadOnly | C::PermissionDenied => format!(
                    "cannot read the database ({}): check the file and its folder can be read (a WAL database also needs its folder writable)",
                    msg.unwrap_or_else(|| e.to_string())
                ),
                C::SystemIoFailure => format!("cannot read the database: {}", msg.unwrap_or_else(|| e.to_string())),
                _ if msg.as_deref().is_some_and(|m| m.starts_with("no such table")) => {
                    "not an htxq database (no htxq_meta table)".into()
                }
                _ => format!("cannot read the database: {}", msg.unwrap_or_else(|| e.to_string())),
            });
        }
        Err(e) => return Err(format!("cannot read the database: {e}")),
    }
    Ok(())
}

/// Whether every object htxq makes is there, and every entity has its fields.
fn check_objects(conn: &Connection) -> std::result::Result<(), String> {
    // every table, view, index and trigger htxq makes, not only the entities a user sees: a build
    // on a database missing `reports` would derive its clusters from nothing
    let present: std::collections::HashSet<(String, String)> = conn
        .prepare("SELECT type, name FROM sqlite_master")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .map_err(|e| format!("cannot read the database's schema: {e}"))?;
    if let Some((kind, name)) = expected_objects().iter().find(|o| !present.contains(*o)) {
        return Err(format!(
            "damaged htxq database: the {kind} `{name}` is missing; build a new one from the articles \
             (`htxq build --db NEW.db ARTICLES...`)"
        ));
    }
    for e in ENTITIES {
        conn.prepare(&format!("SELECT * FROM \"{}\" LIMIT 0", e.table()))
            .map_err(|_| format!("not an htxq database (no `{}` table)", e.name))?;
        // all the fields in one statement; one by one only to name the one missing
        let all: Vec<String> = e.fields.iter().map(|f| format!("\"{}\"", f.name)).collect();
        if conn.prepare(&format!("SELECT {} FROM \"{}\" LIMIT 0", all.join(", "), e.table())).is_ok() {
            continue;
        }
        for f in e.fields {
            conn.prepare(&format!("SELECT \"{}\" FROM \"{}\" LIMIT 0", f.name, e.table()))
                .map_err(|_| format!("damaged htxq database: `{}` has no field `{}`; rebuild it", e.name, f.name))?;
        }
    }
    Ok(())
}

/// What a build did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct BuildReport {
    /// Articles newly stored.
    pub added: usize,
    /// Articles whose file changed and were re-read.
    pub updated: usize,
    /// Articles already stored with the same text.
    pub unchanged: usize,
    /// Files that could not be read, with the reason.
    pub skipped: Vec<IngestError>,
    /// Cluster-year rows in the database after the build.
    pub clusters: usize,
}

/// Re-extracts a database from the article texts it stores, whatever htxq version made it (its
/// schema may be older): a fresh database is built beside it from those texts with this version's
/// extractor, then moved over it, so the old one stays whole until the new one is complete.
pub fn rebuild(path: &Path) -> Result<BuildReport> {
    let shown = |e: &dyn std::fmt::Display| Error::Database(format!("{}: {e}", path.display()));
    if !path.is_file() {
        return Err(shown(&"no such database"));
    }
    // read-write, so that SQLite rolls back a build left half-done before the texts are read
    let docs = {
        let old = Connection::open(path).map_err(|e| shown(&e))?;
        let mut stmt = old
            .prepare("SELECT file, text, published FROM articles ORDER BY id")
            .map_err(|_| shown(&"not an htxq database: it stores no article texts to re-extract"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))
            .map_err(|e| shown(&e))?;
        let mut docs = Vec::new();
        for row in rows {
            let (file, text, published) = row.map_err(|e| shown(&e))?;
            // a page's text is stored as htxq rendered it: headline and paragraphs in lines, as
            // Markdown reads them
            let html = [".html", ".htm"].iter().any(|e| file.to_ascii_lowercase().ends_with(e));
            let name = if html { format!("{file}.md") } else { file.clone() };
            match ingest::parse(&name, text.as_bytes()) {
                Ok(mut doc) => {
                    doc.file = file;
                    doc.published = doc.published.or(published);
                    docs.push(doc);
                }
                Err(e) => return Err(shown(&e)),
            }
        }
        docs
    };
    let fresh = path.with_extension("rebuild.tmp");
    let _ = std::fs::remove_file(&fresh);
    let built = (|| -> Result<BuildReport> {
        let mut conn = Connection::open(&fresh)?;
        register_functions(&conn)?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        init(&conn)?;
        add_documents(&mut conn, &docs)
    })();
    match built {
        Ok(report) => {
            std::fs::rename(&fresh, path).map_err(|e| shown(&e))?;
            Ok(report)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&fresh);
            Err(e)
        }
    }
}

/// Adds documents to the database in one transaction and re-derives `clusters` and `provinces`.
pub fn add_documents(conn: &mut Connection, docs: &[Document]) -> Result<BuildReport> {
    let tx = conn.transaction()?;
    let mut report = BuildReport::default();
    let mut touched = Touched::new();
    for doc in docs {
        store_document(&tx, &mut report, &mut touched, doc, None)?;
    }
    finish(tx, report, touched)
}

/// The cluster-years a build touches: those of the articles it adds, and of the articles it
/// replaces. Only they are derived again.
type Touched = std::collections::BTreeSet<(String, i64)>;

/// Stores one document in the build's transaction, unless an article with the same text is
/// stored already; `prepared` is the document's extraction and folded text, when they were made
/// ahead, on another core (else they are made here).
fn store_document(
    tx: &Transaction,
    report: &mut BuildReport,
    touched: &mut Touched,
    doc: &Document,
    prepared: Option<(Extraction, String)>,
) -> Result<()> {
    // the article this file held before, if its text changed, and the cluster-years its rows fed
    let mut fed = tx.prepare_cached(
        "SELECT r.name, r.year FROM reports r JOIN articles a ON a.id = r.article WHERE a.file = ?1 AND a.sha256 != ?2
         UNION SELECT f.cluster, f.year FROM fact_rows f JOIN articles a ON a.id = f.article
         WHERE a.file = ?1 AND a.sha256 != ?2",
    )?;
    for key in fed.query_map([&doc.file, &doc.sha256], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        touched.insert(key?);
    }
    let replaced = tx.execute("DELETE FROM articles WHERE file = ?1 AND sha256 != ?2", [&doc.file, &doc.sha256])?;
    // the same text is stored already (this file's, or another file's)
    let existing: Option<i64> =
        tx.query_row("SELECT id FROM articles WHERE sha256 = ?1", [&doc.sha256], |r| r.get(0)).ok();
    if existing.is_some() {
        report.unchanged += 1;
        return Ok(());
    }
    if replaced > 0 {
        report.updated += 1;
    } else {
        report.added += 1;
    }
    let (extraction, folded) = match prepared {
        Some((extraction, folded)) => (extraction, Some(folded)),
        None => (extract::extract(doc), None),
    };
    for r in std::iter::once(&extraction).chain(&extraction.sections).filter_map(|e| e.report.as_ref()) {
        touched.insert((r.name.clone(), r.year));
    }
    insert_article(tx, doc, &extraction, folded)
}

/// Re-derives `clusters` and `provinces` and commits the build.
fn finish(tx: Transaction, mut report: BuildReport, touched: Touched) -> Result<BuildReport> {
    index_staged(&tx)?;
    derive(&tx, touched)?;
    report.clusters = tx.query_row("SELECT count(*) FROM clusters", [], |r| r.get::<_, i64>(0))? as usize;
    tx.commit()?;
    Ok(report)
}

/// Moves the staged texts into the search index, in one statement: FTS5 writes its pending terms
/// out at every statement, so one insert per article would leave thousands of small segments to
/// merge.
fn index_staged(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "INSERT INTO article_search (rowid, folded)
             SELECT s.id, s.folded FROM temp.search_staging s JOIN articles a ON a.id = s.id;
         DELETE FROM temp.search_staging;",
    )?;
    Ok(())
}

/// How many bytes of new text a build stages before it indexes them ([`index_staged`]): large
/// enough that FTS5 writes few segments, small enough that the indexing runs while the other
/// cores extract the next files rather than all at the end.
const INDEX_BATCH_BYTES: usize = 4 << 20;

/// Files read and extracted together, in parallel, while the writer stores the chunk before: it
/// bounds what is held in memory to two chunks whatever the corpus size.
const CHUNK: usize = 64;

/// What the readers hand the writer: a document with its extraction and folded text (none when its
/// text is stored already), or why the file was skipped.
type Read = std::result::Result<(Document, Option<(Extraction, String)>), IngestError>;

/// Builds (or updates) the database at `path` from article files and folders.
///
/// Unreadable inputs are reported in [`BuildReport::skipped`] and the rest is built. The database
/// is written in one transaction: on error it is left as it was.
pub fn build(path: &Path, inputs: &[std::path::PathBuf]) -> Result<BuildReport> {
    build_with_progress(path, inputs, &mut |_| {})
}

/// How far a build has come: files read and stored so far, of all, and their bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Files read (stored, unchanged or skipped).
    pub files_done: usize,
    /// Files the build reads.
    pub files_total: usize,
    /// Bytes of the files read.
    pub bytes_done: u64,
    /// Bytes of all the files.
    pub bytes_total: u64,
}

/// [`build`], telling `on_progress` after each file (from the thread that writes the database).
pub fn build_with_progress(
    path: &Path,
    inputs: &[std::path::PathBuf],
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<BuildReport> {
    let (files, mut skipped) = ingest::collect_files(inputs);
    let sizes: Vec<u64> = files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len())).collect();
    let mut progress = Progress { files_total: files.len(), bytes_total: sizes.iter().sum(), ..Progress::default() };
    on_progress(&progress);
    let shown = |e: &dyn std::fmt::Display| Error::Database(format!("{}: {e}", path.display()));
    let mut conn = Connection::open(path).map_err(|e| shown(&e))?;
    register_functions(&conn)?;
    // outside the transaction, where SQLite honours it: replaced articles take their rows along
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    // every write of the build, setting up the schema included, is in one transaction, which
    // holds the write lock from its start: on any error the file is left as it was
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(|e| shown(&e))?;
    let fresh: i64 = tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(|e| shown(&e))?;
    if fresh > 0 {
        check_schema(&tx).map_err(|e| shown(&e))?;
    }
    init(&tx)?;
    // texts stored already are not extracted again
    let stored: std::collections::HashSet<String> =
        tx.prepare("SELECT sha256 FROM articles")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut report = BuildReport::default();
    let mut touched = Touched::new();
    // extraction is pure: the files of a chunk are read and extracted on every core (rayon) while
    // this thread, the one writer, stores the chunk before, in the files' order
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Read>>(1);
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || {
            use rayon::prelude::*;
            for chunk in files.chunks(CHUNK) {
                let read: Vec<Read> = chunk
                    .par_iter()
                    .map(|file| {
                        let doc = ingest::load(file)?;
                        let prepared = (!stored.contains(&doc.sha256))
                            .then(|| (extract::extract(&doc), crate::text::fold(&doc.text)));
                        Ok((doc, prepared))
                    })
                    .collect();
                if send.send(read).is_err() {
                    return; // the writer failed and stopped listening
                }
            }
        });
        let mut staged = 0;
        for chunk in receive {
            for read in chunk {
                match read {
                    Ok((doc, prepared)) => {
                        staged += prepared.as_ref().map_or(0, |(_, folded)| folded.len());
                        store_document(&tx, &mut report, &mut touched, &doc, prepared)?;
                    }
                    Err(e) => skipped.push(e),
                }
                progress.bytes_done += sizes.get(progress.files_done).copied().unwrap_or(0);
                progress.files_done += 1;
                on_progress(&progress);
            }
            if staged >= INDEX_BATCH_BYTES {
                index_staged(&tx)?;
                staged = 0;
            }
        }
        Ok(())
    })?;
    report = finish(tx, report, touched)?;
    report.skipped = skipped;
    Ok(report)
}

/// Stores once each sentence a row of the article points at (character ranges), cut from the text
/// in one pass.
fn insert_sentences(tx: &Transaction, article: i64, doc: &Document, ex: &Extraction) -> Result<()> {
    let mut ranges: Vec<(usize, usize)> = ex
        .decisions
        .iter()
        .map(|d| &d.sentence)
        .chain(ex.sources.iter().map(|s| &s.sentence))
        .chain(ex.facts.iter().map(|f| &f.sentence))
        .chain(ex.targets.iter().map(|t| &t.sentence))
        .map(|r| (r.start, r.end))
        .collect();
    ranges.sort_unstable();
    ranges.dedup();
    // character offsets to byte offsets, in one walk over the text
    let mut wanted: Vec<usize> = ranges.iter().flat_map(|&(a, b)| [a, b]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut bytes = std::collections::HashMap::with_capacity(wanted.len());
    let mut next = wanted.iter().peekable();
    for (chars, (at, _)) in doc.text.char_indices().chain(std::iter::once((doc.text.len(), ' '))).enumerate() {
        while next.peek().is_some_and(|&&w| w == chars) {
            bytes.insert(chars, at);
            next.next();
        }
        if next.peek().is_none() {
            break;
        }
    }
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO sentence_rows (article, start, \"end\", text) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (start, end) in ranges {
        let (Some(&a), Some(&b)) = (bytes.get(&start), bytes.get(&end)) else { continue };
        insert.execute(params![article, start as i64, end as i64, doc.text.get(a..b).unwrap_or("")])?;
    }
    Ok(())
}

fn insert_article(tx: &Transaction, doc: &Document, ex: &Extraction, folded: Option<String>) -> Result<()> {
    let (cluster, year) = match &ex.report {
        Some(r) => (Some(r.name.as_str()), Some(r.year)),
        None => (None, None),
    };
    tx.execute(
        "INSERT INTO articles (file, title, published, cluster, year, chars, sha256, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            doc.file,
            doc.title,
            doc.published,
            cluster,
            year,
            doc.text.chars().count() as i64,
            doc.sha256,
            doc.text
        ],
    )?;
    let article = tx.last_insert_rowid();
    // indexed once at the end of the build, in one statement (see `finish`)
    let folded = folded.unwrap_or_else(|| crate::text::fold(&doc.text));
    tx.prepare_cached("INSERT OR REPLACE INTO temp.search_staging (id, folded) VALUES (?1, ?2)")?
        .execute(params![article, folded])?;
    let mut insert_decision = tx.prepare_cached(
        "INSERT INTO decision_rows (article, number, became, key, province, reason, rule, sentence_start,
            sentence_end, start, \"end\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for d in &ex.decisions {
        let (key, province, reason) = match &d.outcome {
            extract::Outcome::Fact(key, province) => (Some(key.name()), province.as_deref(), None),
            extract::Outcome::Target(key, _) => (Some(key.name()), None, None),
            extract::Outcome::Skipped(reason) => (None, None, Some(reason.as_str())),
        };
        insert_decision.execute(params![
            article,
            d.text,
            d.outcome.kind(),
            key,
            province,
            reason,
            d.rule.map(|r| r.to_string()),
            d.sentence.start as i64,
            d.sentence.end as i64,
            d.start as i64,
            d.end as i64
        ])?;
    }
    insert_report_rows(tx, article, doc, ex, false)?;
    // the other clusters a roundup tells of: their own rows, of the same article
    for section in &ex.sections {
        insert_report_rows(tx, article, doc, section, true)?;
    }
    Ok(())
}

/// Stores what one report of an article says (the article's own, or with `section` a roundup's
/// other cluster's, whose sources and people name that cluster-year themselves).
fn insert_report_rows(tx: &Transaction, article: i64, doc: &Document, ex: &Extraction, section: bool) -> Result<()> {
    insert_sentences(tx, article, doc, ex)?;
    let own = ex.report.as_ref().filter(|_| section).map(|r| (r.name.as_str(), r.year));
    let (own_cluster, own_year) = (own.map(|(c, _)| c), own.map(|(_, y)| y));
    let mut insert_person = tx.prepare_cached(
        "INSERT INTO person_rows (article, name, title, organization, cluster, year) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for p in &ex.people {
        insert_person.execute(params![article, p.name, p.title, p.organization, own_cluster, own_year])?;
    }
    let mut insert_source = tx.prepare_cached(
        "INSERT INTO source_rows (article, field, value, sentence_start, sentence_end, cluster, year)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for src in &ex.sources {
        insert_source.execute(params![
            article,
            src.field,
            src.value,
            src.sentence.start as i64,
            src.sentence.end as i64,
            own_cluster,
            own_year
        ])?;
    }
    let Some(r) = &ex.report else { return Ok(()) };
    let mut insert_award = tx.prepare_cached(
        "INSERT INTO award_rows (article, cluster, year, recipient, kind, status, province, grantor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for a in &ex.awards {
        insert_award.execute(params![article, r.name, r.year, a.recipient, a.kind, a.status, a.province, a.grantor])?;
    }
    let cells = r.cells();
    let columns: Vec<&str> = cells.iter().map(|(name, _)| *name).collect();
    let mut values =
        vec![rusqlite::types::Value::Integer(article), rusqlite::types::Value::Integer(i64::from(ex.review_meeting))];
    values.extend(cells.into_iter().map(|(_, cell)| match cell {
        Cell::Integer(v) => v.map_or(rusqlite::types::Value::Null, rusqlite::types::Value::Integer),
        Cell::Text(v) => v.map_or(rusqlite::types::Value::Null, |t| rusqlite::types::Value::Text(t.to_string())),
        Cell::List([]) => rusqlite::types::Value::Null,
        Cell::List(items) => rusqlite::types::Value::Text(items.join(", ")),
    }));
    let placeholders: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    tx.prepare_cached(&format!(
        "INSERT INTO reports (article, review, {}) VALUES ({})",
        columns.join(", "),
        placeholders.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(values))?;
    let mut insert_fact = tx.prepare_cached(
        "INSERT INTO fact_rows (article, cluster, year, key, value, low, high, qualifier, unit, province,
            sentence_start, sentence_end, start, \"end\", rule)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for f in &ex.facts {
        insert_fact.execute(params![
            article,
            r.name,
            r.year,
            f.key.name(),
            number(f.value),
            number(f.low),
            number(f.high),
            f.qualifier.as_str(),
            f.unit,
            f.province,
            f.sentence.start as i64,
            f.sentence.end as i64,
            f.start as i64,
            f.end as i64,
            f.rule.to_string()
        ])?;
    }
    let mut insert_target = tx.prepare_cached(
        "INSERT INTO target_rows (article, cluster, year, key, low, high, sentence_start, sentence_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for t in &ex.targets {
        insert_target.execute(params![
            article,
            r.name,
            t.year,
            t.key.name(),
            number(t.low),
            number(t.high),
            t.sentence.start as i64,
            t.sentence.end as i64
        ])?;
    }
    Ok(())
}

/// A number as SQLite should hold it: whole numbers as integers, so `4169` stays `4169`.
fn number(v: f64) -> rusqlite::types::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        rusqlite::types::Value::Integer(v as i64)
    } else {
        rusqlite::types::Value::Real(v)
    }
}

/// Re-derives `clusters` and `provinces` from reports and facts (the merge rule above).
pub fn derive(tx: &Transaction, mut touched: Touched) -> Result<()> {
    name_numbered_clusters(tx, &mut touched)?;
    // every statement below reads and writes the touched cluster-years only (`IN touched`)
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS touched (name TEXT NOT NULL, year INTEGER NOT NULL,
             PRIMARY KEY (name, year)) WITHOUT ROWID;
         DELETE FROM temp.touched;",
    )?;
    let mut add = tx.prepare("INSERT OR IGNORE INTO temp.touched (name, year) VALUES (?1, ?2)")?;
    for (name, year) in &touched {
        add.execute(params![name, year])?;
    }
    tx.execute_batch(
        "DELETE FROM clusters WHERE (name, year) IN touched;
         DELETE FROM provinces WHERE (cluster, year) IN touched;
         UPDATE fact_rows SET used = 0 WHERE (cluster, year) IN touched;",
    )?;
    // one row per cluster-year; descriptive fields from the most recent article that states them
    let meta: Vec<&str> = REPORT_FIELDS.iter().map(|f| f.name).filter(|n| !REPORT_KEYS.contains(n)).collect();
    let pick = |col: &str| {
        // a conference's date, place and host before a review meeting's
        let review_last = if MEETING_FIELDS.contains(&col) { "r2.review, " } else { "" };
        format!(
            "(SELECT r2.{col} FROM reports r2 JOIN articles a2 ON a2.id = r2.article
              WHERE r2.name = r.name AND r2.year = r.year AND r2.{col} IS NOT NULL
              ORDER BY {review_last}a2.published DESC NULLS LAST, a2.id LIMIT 1)"
        )
    };
    tx.execute_batch(&format!(
        "INSERT INTO clusters (name, year, {cols}) SELECT r.name, r.year, {picks} FROM reports r
         WHERE (r.name, r.year) IN touched GROUP BY r.name, r.year;",
        cols = meta.join(", "),
        picks = meta.iter().map(|c| pick(c)).collect::<Vec<_>>().join(", "),
    ))?;
    // the chosen fact per cluster-year-key (province IS NULL: cluster-wide figures)
    tx.execute_batch(&format!(
        "UPDATE fact_rows SET used = 1 WHERE id IN (
            SELECT id FROM (
                SELECT f.id, row_number() OVER (
                    PARTITION BY f.cluster, f.year, f.key, htxq_fold(f.province)
                    ORDER BY {precision}, a.published DESC NULLS LAST, a.id, f.start) AS rank
                FROM fact_rows f JOIN articles a ON a.id = f.article WHERE (f.cluster, f.year) IN touched)
            WHERE rank = 1);",
        precision = precision_order("f.qualifier"),
    ))?;
    for fig in Figure::CLUSTER {
        let col = fig.name();
        tx.execute(
            &format!(
                "UPDATE clusters SET {col} = (SELECT round(f.value) FROM fact_rows f
                 WHERE f.used = 1 AND f.province IS NULL AND f.cluster = clusters.name
                   AND f.year = clusters.year AND f.key = ?1) WHERE (name, year) IN touched"
            ),
            [col],
        )?;
    }
    mark_conflicts(tx)?;
    derive_provinces(tx)
}

/// Descriptive fields left out of conflict checks: free wording, where two phrasings of one place
/// are no disagreement.
const FREE_TEXT: &[&str] = &["location"];

/// Descriptive fields of the meeting an article reports: a review meeting's give way to the
/// conference's, and do not conflict with them.
const MEETING_FIELDS: &[&str] = &["event_date", "location", "host"];

/// Lists in `clusters.conflicts` the fields whose articles disagree for a cluster-year: figures two
/// articles state with ranges that cannot both hold ("3.874 HTX" and "3.412 HTX"; "hơn 7.700" and
/// "7.712" agree), and descriptive fields two reports give different values of (head, date, ...).
fn mark_conflicts(tx: &Transaction) -> Result<()> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut conflicts: BTreeMap<(String, i64), Vec<&'static str>> = BTreeMap::new();
    // each article's most exactly stated figure per key, as the range of values it allows; read
    // one (cluster, year, key) at a time, so memory stays flat however many articles there are
    let mut stmt = tx.prepare(&format!(
        "SELECT cluster, year, key, article, low, high, qualifier FROM fact_rows
         WHERE province IS NULL AND (cluster, year) IN touched
         ORDER BY cluster, year, key, article, {}, start",
        precision_order("qualifier")
    ))?;
    let mut group: Option<((String, i64, String), Stated)> = None;
    let mut last_article = None;
    let mut disputed = |key: (String, i64, String), stated: &Stated| {
        if stated.disjoint()
            && let Some(f) = Figure::CLUSTER.iter().find(|f| f.name() == key.2)
        {
            conflicts.entry((key.0, key.1)).or_default().push(f.name());
        }
    };
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let key = (r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?);
        let article: i64 = r.get(3)?;
        if group.as_ref().is_some_and(|(k, _)| *k == key) {
            // an article's first row of a key is its most exact
            if last_article == Some(article) {
                continue;
            }
        } else if let Some((k, stated)) = group.replace((key, Stated::default())) {
            disputed(k, &stated);
        }
        last_article = Some(article);
        let (low, high): (f64, f64) = (r.get(4)?, r.get(5)?);
        let range = match r.get::<_, String>(6)?.as_str() {
            "more_than" => (low, f64::INFINITY),
            "less_than" => (f64::NEG_INFINITY, high),
            "about" | "estimated" => (low * 0.9, high * 1.1),
            _ => (low, high),
        };
        if let Some((_, stated)) = group.as_mut() {
            stated.add(range);
        }
    }
    if let Some((k, stated)) = group {
        disputed(k, &stated);
    }
    // descriptive fields: two reports of one cluster-year naming different values, read one
    // cluster-year at a time
    let fields: Vec<&'static str> =
        REPORT_FIELDS.iter().map(|f| f.name).filter(|n| !REPORT_KEYS.contains(n) && !FREE_TEXT.contains(n)).collect();
    let mut stmt = tx.prepare(&format!(
        "SELECT name, year, review, {} FROM reports WHERE (name, year) IN touched ORDER BY name, year",
        fields.join(", ")
    ))?;
    // each field's distinct values in a conference's reports and in review meetings'
    type Values = Vec<(BTreeSet<String>, BTreeSet<String>)>;
    let mut group: Option<((String, i64), Values)> = None;
    let mut differ = |cluster_year: (String, i64), values: &Values| {
        for (field, (conference, review)) in fields.iter().zip(values) {
            // a review meeting's date, place and host count only when no conference's is given
            let counted = if MEETING_FIELDS.contains(field) && !conference.is_empty() {
                conference.len()
            } else {
                conference.union(review).count()
            };
            if counted > 1 {
                conflicts.entry(cluster_year.clone()).or_default().push(field);
            }
        }
    };
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let cluster_year = (r.get::<_, String>(0)?, r.get::<_, i64>(1)?);
        if group.as_ref().is_none_or(|(k, _)| *k != cluster_year)
            && let Some((k, values)) = group.replace((cluster_year, vec![Default::default(); fields.len()]))
        {
            differ(k, &values);
        }
        let review = r.get::<_, i64>(2)? != 0;
        let Some((_, values)) = group.as_mut() else { continue };
        for (i, (conference, reviewed)) in values.iter_mut().enumerate() {
            let value = match r.get::<_, rusqlite::types::Value>(i + 3)? {
                rusqlite::types::Value::Null | rusqlite::types::Value::Blob(_) => continue,
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Real(x) => x.to_string(),
                rusqlite::types::Value::Text(t) => comparable(&t),
            };
            if review { reviewed } else { conference }.insert(value);
        }
    }
    if let Some((k, values)) = group {
        differ(k, &values);
    }
    let order =
        |name: &str| crate::catalog::entity("clusters").and_then(|e| e.fields.iter().position(|f| f.name == name));
    let mut update = tx.prepare("UPDATE clusters SET conflicts = ?1 WHERE name = ?2 AND year = ?3")?;
    for ((name, year), mut fields) in conflicts {
        fields.sort_by_key(|f| order(f));
        fields.dedup();
        update.execute(params![fields.join(", "), name, year])?;
    }
    Ok(())
}

/// The ranges the articles of one cluster-year state for one figure, as much as tells whether two
/// of them cannot both hold: the highest low and the lowest high.
#[derive(Debug, Default)]
struct Stated {
    max_low: Option<f64>,
    min_high: Option<f64>,
}

impl Stated {
    fn add(&mut self, (low, high): (f64, f64)) {
        self.max_low = Some(self.max_low.map_or(low, |m| m.max(low)));
        self.min_high = Some(self.min_high.map_or(high, |m| m.min(high)));
    }

    /// Whether two of the ranges are disjoint beyond a rounding tolerance of 0.1 %: some range
    /// starts above another's end (`h + 0.001·|h|` grows with `h`, so the lowest end decides).
    fn disjoint(&self) -> bool {
        match (self.max_low, self.min_high) {
            (Some(low), Some(high)) => low > high + high.abs() * 0.001,
            _ => false,
        }
    }
}

/// A text value as compared across reports: folded, a province by its canonical name ("TP. Hồ Chí
/// Minh" and "Thành phố Hồ Chí Minh" are one), and a list as a sorted set of such names.
fn comparable(text: &str) -> String {
    let item = |t: &str| crate::text::fold(crate::geo::province(t).map_or(t, |p| p.name));
    let mut items: Vec<String> = text.split(',').map(|t| item(t.trim())).collect();
    items.sort();
    items.join(",")
}

/// An SQL expression ranking the qualifier in `column` by how exactly it states a figure
/// ([`Qualifier::precision`]): the merge prefers the lowest. Built from the type, so a new
/// qualifier cannot be forgotten here.
fn precision_order(column: &str) -> String {
    let cases: String =
        Qualifier::ALL.iter().map(|q| format!(" WHEN '{}' THEN {}", q.as_str(), q.precision())).collect();
    format!("CASE {column}{cases} ELSE {} END", Qualifier::ALL.len())
}

/// A report that calls its cluster only "Cụm thi đua số 5" takes the region of another report
/// with the same number (the nearest in years), so both are one cluster; its facts, targets and
/// awards follow.
fn name_numbered_clusters(tx: &Transaction, touched: &mut Touched) -> Result<()> {
    let mut stmt = tx.prepare("SELECT article, name, number, year FROM reports")?;
    let reports: Vec<(i64, String, Option<i64>, i64)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
    let numbered = |name: &str| name.starts_with(crate::geo::NUMBERED_CLUSTER);
    for (article, old, number, year) in reports.iter().filter(|r| numbered(&r.1)) {
        let named = reports
            .iter()
            .filter(|r| !numbered(&r.1) && r.2.is_some() && r.2 == *number)
            .min_by_key(|r| (r.3 - year).abs());
        let Some((_, new, ..)) = named else { continue };
        // both names' rows change
        touched.insert((old.clone(), *year));
        touched.insert((new.clone(), *year));
        tx.execute("UPDATE reports SET name = ?1 WHERE article = ?2", params![new, article])?;
        tx.execute("UPDATE articles SET cluster = ?1 WHERE id = ?2", params![new, article])?;
        for table in ["fact_rows", "target_rows", "award_rows"] {
            tx.execute(
                &format!("UPDATE {table} SET cluster = ?1 WHERE article = ?2 AND cluster = ?3"),
                params![new, article, old],
            )?;
        }
        tx.execute("UPDATE source_rows SET value = ?1 WHERE article = ?2 AND field = 'name'", params![new, article])?;
    }
    Ok(())
}

fn derive_provinces(tx: &Transaction) -> Result<()> {
    // (cluster, year, member list, head, deputy, next year's head and deputy)
    // (cluster, year, member list, head, deputy, next year's head and deputy, and the venue)
    type ClusterRoles = (String, i64, Option<String>, Option<String>, Option<String>, [Option<String>; 3]);
    let rows: Vec<ClusterRoles> = {
        let mut stmt =
            tx.prepare("SELECT name, year, provinces, head, deputy, next_head, next_deputy, location FROM clusters WHERE (name, year) IN touched")?;
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, [r.get(5)?, r.get(6)?, r.get(7)?]))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    let mut insert = tx.prepare_cached(
        "INSERT INTO provinces (name, merged_into, merged_from, cluster, year, role)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (cluster, year, members, head, deputy, [next_head, next_deputy, venue]) in rows {
        let mut names: Vec<String> = members
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        // without a list of members, the members the report names in passing: next year's head
        // and deputy, and the provinces' alliances it proposes or gives awards to
        let mut named: Vec<String> = Vec::new();
        if names.is_empty() {
            named.extend([next_head, next_deputy].into_iter().flatten());
            // the alliance whose premises house the conference ("hội trường Liên minh HTX tỉnh Kon Tum")
            let at_an_alliance = venue.as_deref().filter(|v| crate::text::fold(v).contains("lien minh"));
            named.extend(
                at_an_alliance.and_then(|v| geo::find_provinces(v).last().map(|m| v[m.start..m.end].to_string())),
            );
            let mut alliances = tx.prepare_cached(
                "SELECT DISTINCT province FROM awards WHERE cluster = ?1 AND year = ?2 AND province IS NOT NULL
                 AND htxq_fold(recipient) LIKE 'lien minh%'",
            )?;
            for p in alliances.query_map(params![cluster, year], |r| r.get::<_, String>(0))? {
                named.push(p?);
            }
        }
        for extra in [&head, &deputy].into_iter().flatten().chain(&named) {
            if !names.iter().any(|n| place_key(n) == place_key(extra)) {
                names.push(extra.clone());
            }
        }
        let mut breakdown = tx.prepare_cached(
            "SELECT DISTINCT province FROM fact_rows WHERE cluster = ?1 AND year = ?2 AND province IS NOT NULL",
        )?;
        for p in breakdown.query_map(params![cluster, year], |r| r.get::<_, String>(0))? {
            let p = p?;
            if !names.iter().any(|n| place_key(n) == place_key(&p)) {
                names.push(p);
            }
        }
        for name in names {
            let is = |o: &Option<String>| o.as_deref().is_some_and(|h| place_key(h) == place_key(&name));
            let role = if is(&head) {
                "head"
            } else if is(&deputy) {
                "deputy"
            } else {
                "member"
            };
            let merged = geo::province(&name).map(|p| p.merged_into);
            let merged_from = (year >= geo::MERGER_YEAR).then(|| geo::merged_from(&name)).flatten();
            insert.execute(params![name, merged, merged_from, cluster, year, role])?;
        }
    }
    for fig in Figure::CLUSTER {
        let col = fig.name();
        tx.execute(
            &format!(
                "UPDATE provinces SET {col} = (SELECT round(f.value) FROM fact_rows f
                 WHERE f.used = 1 AND htxq_place(f.province) = htxq_place(provinces.name)
                   AND f.cluster = provinces.cluster AND f.year = provinces.year AND f.key = ?1)
                 WHERE (cluster, year) IN touched"
            ),
            [col],
        )?;
    }
    Ok(())
}

/// The articles compiled into the binary (`data/articles/`), as `(file name, text)`.
pub const BUILTIN_ARTICLES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_articles.rs"));

/// The built-in corpus as a database image, made from [`BUILTIN_ARTICLES`] by `cargo run --example
/// builtin_image` (which writes `data/builtin.sqlite`); a test fails when it differs from what the
/// articles and the extractor give, so it is never stale.
pub const BUILTIN_IMAGE: &[u8] = include_bytes!("../data/builtin.sqlite");

/// An in-memory database holding the built-in corpus: [`BUILTIN_IMAGE`], loaded into a writable
/// copy (no extraction at start).
pub fn builtin() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    conn.deserialize_read_exact(rusqlite::MAIN_DB, BUILTIN_IMAGE, BUILTIN_IMAGE.len(), false)
        .map_err(|e| Error::Database(format!("built-in corpus image: {e}")))?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    register_functions(&conn)?;
    // the image is part of the binary, checked whole by the tests (`tests/it/builtin.rs`): its
    // version is all a start needs to read
    check_version(&conn).map_err(|e| Error::Database(format!("built-in corpus image: {e}")))?;
    Ok(conn)
}

/// An in-memory database built from the built-in articles, as `htxq build` would: what
/// [`BUILTIN_IMAGE`] must hold.
pub fn builtin_from_articles() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    init(&conn)?;
    let mut docs = Vec::new();
    for (file, text) in BUILTIN_ARTICLES {
        let doc = ingest::parse(&format!("data/articles/{file}"), text.as_bytes())
            .map_err(|e| Error::Database(format!("built-in corpus: {e}")))?;
        docs.push(doc);
    }
    add_documents(&mut conn, &docs)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::Stated;

    fn stated(ranges: &[(f64, f64)]) -> Stated {
        let mut s = Stated::default();
        ranges.iter().for_each(|&r| s.add(r));
        s
    }

    #[test]
    fn figures_conflict_when_two_ranges_cannot_both_hold() {
        // "3.874 HTX" and "3.412 HTX"
        assert!(stated(&[(3874.0, 3874.0), (3412.0, 3412.0)]).disjoint());
        // "hơn 7.700" and "7.712" agree; "khoảng 7.700" (±10 %) and "7.712" too
        assert!(!stated(&[(7700.0, f64::INFINITY), (7712.0, 7712.0)]).disjoint());
        assert!(!stated(&[(6930.0, 8470.0), (7712.0, 7712.0), (7700.0, f64::INFINITY)]).disjoint());
        // "dưới 7.000" and "7.712" do not
        assert!(stated(&[(f64::NEG_INFINITY, 7000.0), (7712.0, 7712.0)]).disjoint());
        // a rounding of 0.1 % is the same figure: 1.234,5 tỷ and 1.235 tỷ
        assert!(!stated(&[(1234.5, 1234.5), (1235.0, 1235.0)]).disjoint());
        // one article alone never conflicts
        assert!(!stated(&[(5.0, 5.0)]).disjoint());
        assert!(!Stated::default().disjoint());
    }
}
