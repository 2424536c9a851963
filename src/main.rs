//! `htxq`: the command-line front end. Thin glue over the library: parse arguments, pick the
//! engine, run statements, print results, map errors to exit codes (0 ok, 1 query/file/data
//! error, 2 usage error).

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use htxq::render::{Format, TableOptions};
use htxq::{Engine, Error, Output};

/// Writes a line to stderr; a failed write is ignored, never a panic (`eprintln!` panics when
/// stderr is closed or full).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Writes to stderr without a new line; as [`say!`].
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

mod repl;

/// Ask questions of Vietnam's cooperative-alliance emulation-cluster reports.
#[derive(Parser, Debug)]
#[command(name = "htxq", version, about, long_about = None)]
struct Cli {
    /// Run QUERY (several may be separated by `;`), print the results and exit.
    #[arg(short = 'c', long = "command", value_name = "QUERY", global = true)]
    command: Option<String>,
    /// Use the database at PATH instead of the built-in corpus.
    #[arg(long, value_name = "PATH", global = true)]
    db: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
    format: Format,
    /// With `run`: go on after a failing query (exit 1 at the end).
    #[arg(long, global = true)]
    keep_going: bool,
    /// Bind `$NAME` in the queries to VALUE (a number if it parses as one, else text); repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE", global = true, value_parser = parse_param)]
    params: Vec<(String, htxq::ParamValue)>,
    #[command(subcommand)]
    cmd: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Run the queries in FILE.
    Run {
        /// A file of queries.
        file: PathBuf,
    },
    /// Show what became of every number in article FILEs, and why.
    Why {
        /// Article files (.txt, .md, .html, .htm).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Build or update the database given with --db from article files and folders.
    Build {
        /// Article files (.txt, .md, .html, .htm) and folders (read recursively).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(Failure::Usage(msg)) => {
            say!("htxq: {msg}\nTry 'htxq --help' for more information.");
            ExitCode::from(2)
        }
        Err(Failure::Error(msg)) => {
            say!("htxq: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Closed) => ExitCode::SUCCESS,
    }
}

/// `NAME=VALUE` for `--param`.
fn parse_param(arg: &str) -> Result<(String, htxq::ParamValue), String> {
    let (name, value) = arg.split_once('=').ok_or_else(|| format!("`{arg}`: expected NAME=VALUE"))?;
    let name = name.trim().trim_start_matches('$');
    let valid = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !valid {
        return Err(format!("`{name}`: a parameter's name is letters, digits and `_`"));
    }
    Ok((name.to_string(), htxq::ParamValue::parse(value)))
}

enum Failure {
    Usage(String),
    Error(String),
    /// Whoever read the output stopped reading (`htxq ... | head -1`): the run ends quietly.
    Closed,
}

/// A failed write to stdout: a closed pipe ends the run quietly, any other failure (a full disk,
/// `/dev/full`) is an error, as in ripgrep.
fn output_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::Closed
    } else {
        Failure::Error(format!("cannot write the output: {e}"))
    }
}

/// Writes `bytes` to stdout, or says why it could not.
fn put(out: &mut impl Write, bytes: &[u8]) -> Result<(), Failure> {
    out.write_all(bytes).map_err(output_failure)
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Error(e.to_string())
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match &cli.cmd {
        Some(Cmd::Build { inputs }) => {
            if cli.command.is_some() {
                return Err(Failure::Usage("`build` does not take -c".into()));
            }
            let Some(db) = &cli.db else {
                return Err(Failure::Usage("`build` needs --db PATH: the database to write".into()));
            };
            build(db, inputs)
        }
        Some(Cmd::Why { files }) => {
            if cli.command.is_some() {
                return Err(Failure::Usage("`why` does not take -c".into()));
            }
            why(files, cli.format)
        }
        Some(Cmd::Run { file }) => {
            if cli.command.is_some() {
                return Err(Failure::Usage("give either -c QUERY or `run FILE`, not both".into()));
            }
            let bytes = std::fs::read(file).map_err(|e| Failure::Error(format!("{}: {e}", file.display())))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                Failure::Error(format!(
                    "{}: not UTF-8 text (invalid byte at offset {})",
                    file.display(),
                    e.utf8_error().valid_up_to()
                ))
            })?;
            let engine = engine(&cli)?;
            script(&engine, &text, Some(&file.display().to_string()), &cli)
        }
        None => {
            if let Some(q) = &cli.command {
                let engine = engine(&cli)?;
                return script(&engine, q, None, &cli);
            }
            let engine = engine(&cli)?;
            if std::io::stdin().is_terminal() {
                return Ok(repl::run(engine, cli.format));
            }
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| Failure::Error(format!("standard input: {e}")))?;
            script(&engine, &text, Some("<stdin>"), &cli)
        }
    }
}

fn engine(cli: &Cli) -> Result<Engine, Failure> {
    Ok(match &cli.db {
        Some(path) => Engine::open(path)?,
        None => Engine::builtin()?,
    })
}

fn build(db: &std::path::Path, inputs: &[PathBuf]) -> Result<ExitCode, Failure> {
    let report = htxq::store::build(db, inputs)?;
    for e in &report.skipped {
        say!("htxq: skipped {e}");
    }
    let read = report.added + report.updated + report.unchanged;
    say!(
        "htxq: {}: {} article{} added, {} updated, {} unchanged; {} cluster-year row{}{}",
        db.display(),
        report.added,
        if report.added == 1 { "" } else { "s" },
        report.updated,
        report.unchanged,
        report.clusters,
        if report.clusters == 1 { "" } else { "s" },
        if report.skipped.is_empty() { String::new() } else { format!("; {} file(s) skipped", report.skipped.len()) },
    );
    if read == 0 {
        return Err(Failure::Error("no article could be read".into()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the decisions of each article file; with several files, each under its name.
fn why(files: &[PathBuf], format: Format) -> Result<ExitCode, Failure> {
    let mut out = std::io::stdout().lock();
    for (i, path) in files.iter().enumerate() {
        let doc = htxq::ingest::load(path).map_err(|e| Failure::Error(e.to_string()))?;
        let ex = htxq::extract::extract(&doc);
        let rows = htxq::why::rows(&doc, &ex.decisions);
        if files.len() > 1 && format == Format::Table {
            put(&mut out, format!("{}{}\n", if i > 0 { "\n" } else { "" }, path.display()).as_bytes())?;
        }
        put(&mut out, htxq::render::render(&rows, format, &TableOptions::default()).as_bytes())?;
    }
    out.flush().map_err(output_failure)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs every statement of `text`, printing results to stdout and errors to stderr.
fn script(engine: &Engine, text: &str, origin: Option<&str>, cli: &Cli) -> Result<ExitCode, Failure> {
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let statements = htxq::syntax::split(text);
    if statements.is_empty() && cli.command.is_some() {
        say!("htxq: empty query");
        return Ok(ExitCode::from(1));
    }
    // several queries as JSON: one document, an array of their results
    let one_document = cli.format == Format::Json && statements.len() > 1;
    if one_document {
        put(&mut out, b"[")?;
    }
    let mut printed = 0;
    let params: htxq::Params = cli.params.iter().cloned().collect();
    for range in &statements {
        let stmt = &text[range.clone()];
        match engine.run_with(stmt, &params) {
            Ok(output) => {
                let shown = print(&output, cli.format);
                // a write that fails stops the run at once: no more statements are run
                if one_document {
                    put(&mut out, if printed > 0 { b",\n" } else { b"" })?;
                    put(&mut out, shown.trim_end().as_bytes())?;
                } else {
                    // result sets apart: a blank line between tables, CSV and Markdown blocks
                    if printed > 0 && matches!(cli.format, Format::Table | Format::Csv | Format::Markdown) {
                        put(&mut out, b"\n")?;
                    }
                    put(&mut out, shown.as_bytes())?;
                }
                printed += 1;
            }
            Err(e) => {
                failed = true;
                out.flush().map_err(output_failure)?;
                say_raw!("{}", describe(&e, text, range.start, origin));
                if !cli.keep_going {
                    break;
                }
            }
        }
    }
    if one_document {
        put(&mut out, b"]\n")?;
    }
    out.flush().map_err(output_failure)?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn describe(e: &Error, text: &str, offset: usize, origin: Option<&str>) -> String {
    match e {
        Error::Query(q) => htxq::report::render(&q.clone().shifted(offset), text, origin),
        other => format!("error: {other}\n"),
    }
}

/// How a table is laid out on the command line: for people, wherever it goes (digits grouped,
/// money readable, decimals rounded); fitted to the terminal when printed to one.
fn table_options() -> TableOptions {
    TableOptions { readable: true, fit_terminal: std::io::stdout().is_terminal(), ..TableOptions::default() }
}

/// Formats one statement's output.
pub fn print(output: &Output, format: Format) -> String {
    match output {
        Output::Rows(rs) => htxq::render::render(rs, format, &table_options()),
        Output::Explain(c) => match format {
            Format::Json => format!("{}\n", serde_json::to_string(c).unwrap_or_default()),
            Format::Table => {
                let mut s = format!("{}\n", c.sql);
                for (i, p) in c.params.iter().enumerate() {
                    s.push_str(&format!("  ?{} = {p}\n", i + 1));
                }
                s
            }
            _ => htxq::render::render(&htxq::explain_rows(c), format, &TableOptions::default()),
        },
    }
}
