//! `htxq`: the command-line front end. Thin glue over the library: parse arguments, pick the
//! engine, run statements, print results, map errors to exit codes (0 ok, 1 query/file/data
//! error, 2 usage error).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use htxq::render::plot::Plot;
use htxq::render::{Format, TableOptions};
use htxq::{Engine, Error, Output, PreparedRows, ResultSet, Streaming};

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
    /// Write the output to FILE instead of standard output (needed for xlsx on a terminal).
    #[arg(short = 'o', long, value_name = "FILE", global = true)]
    output: Option<PathBuf>,
    /// A table shows at most N rows, then how many more there are [default: 1000; 0: every row].
    #[arg(long, value_name = "N", global = true)]
    max_rows: Option<usize>,
    /// Title charts (chart, svg) with TEXT instead of their query.
    #[arg(long, value_name = "TEXT", global = true)]
    title: Option<String>,
    /// With `run`: go on after a failing query (exit 1 at the end).
    #[arg(long, global = true)]
    keep_going: bool,
    /// With `build`: no progress bar and no summary line (what was skipped is still said).
    #[arg(short = 'q', long, global = true)]
    quiet: bool,
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
    /// Re-extract the database given with --db from the article texts it stores (after an htxq
    /// upgrade changed the extractor or the schema).
    Rebuild,
    /// Print a completion script for SHELL (e.g. `htxq completions bash > ~/.local/share/bash-completion/completions/htxq`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page, in roff (`htxq man > htxq.1; man ./htxq.1`).
    Man,
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

/// Where the output goes: standard output, or the file given with `--output`, created at the
/// first write (a run that fails before printing anything leaves no file).
enum Sink {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File { path: PathBuf, file: Option<std::io::BufWriter<std::fs::File>> },
}

impl Sink {
    fn new(output: Option<&Path>) -> Sink {
        match output {
            Some(path) => Sink::File { path: path.to_path_buf(), file: None },
            None => Sink::Stdout(std::io::BufWriter::new(std::io::stdout().lock())),
        }
    }

    /// What a failed write means for the run.
    fn failure(&self, e: std::io::Error) -> Failure {
        match self {
            Sink::Stdout(_) => output_failure(e),
            Sink::File { path, .. } => Failure::Error(format!("{}: {e}", path.display())),
        }
    }

    /// Writes `bytes`, or says why it could not.
    fn put(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.write_all(bytes).map_err(|e| self.failure(e))
    }

    /// Writes out what is buffered, or says why it could not.
    fn flush_all(&mut self) -> Result<(), Failure> {
        self.flush().map_err(|e| self.failure(e))
    }
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(bytes),
            Sink::File { path, file } => match file {
                Some(f) => f.write(bytes),
                None => {
                    let mut f = std::io::BufWriter::new(std::fs::File::create(&*path)?);
                    let n = f.write(bytes)?;
                    *file = Some(f);
                    Ok(n)
                }
            },
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File { file: Some(f), .. } => f.flush(),
            Sink::File { file: None, .. } => Ok(()),
        }
    }
}

/// A result's way into the sink: `apart` (a blank line, a JSON document's `,`) goes first, but
/// only once the result writes something, so a statement that fails at once leaves no trace.
struct Apart<'a> {
    sink: &'a mut Sink,
    apart: &'static [u8],
    started: bool,
}

impl Write for Apart<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if !self.started && !bytes.is_empty() {
            self.sink.write_all(self.apart)?;
            self.started = true;
        }
        self.sink.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.sink.flush()
    }
}

/// Prints each statement's output as it comes, its rows as SQLite returns them, or, for a format
/// that makes one document of the run (SVG, xlsx), keeps them for [`Printer::finish`].
struct Printer {
    sink: Sink,
    format: Format,
    /// Whether the output is a terminal (tables and charts fit it).
    to_terminal: bool,
    /// The rows a table shows (`--max-rows`; `None`: all).
    max_rows: Option<usize>,
    /// The source the documents cite ("htxq, 5 articles"): the SVG's foot, the workbook's
    /// properties.
    source: Option<String>,
    /// Results printed (or kept) so far.
    printed: usize,
    /// Several results as JSON: one array of arrays.
    one_document: bool,
    plots: Vec<Plot>,
    sheets: Vec<(String, ResultSet)>,
}

impl Printer {
    fn new(cli: &Cli, statements: usize) -> Printer {
        let to_terminal = cli.output.is_none() && std::io::stdout().is_terminal();
        Printer {
            sink: Sink::new(cli.output.as_deref()),
            format: cli.format,
            to_terminal,
            max_rows: match cli.max_rows {
                None => Some(htxq::render::TABLE_MAX_ROWS),
                Some(0) => None,
                Some(n) => Some(n),
            },
            source: None,
            printed: 0,
            one_document: cli.format == Format::Json && statements > 1,
            plots: Vec::new(),
            sheets: Vec::new(),
        }
    }

    /// What sets this result apart from the one before it.
    fn apart(&self) -> &'static [u8] {
        if self.one_document {
            if self.printed == 0 { b"" } else { b",\n" }
        } else if self.printed > 0
            && matches!(self.format, Format::Table | Format::Csv | Format::Markdown | Format::Chart)
        {
            // a blank line between tables, charts, CSV and Markdown blocks
            b"\n"
        } else {
            b""
        }
    }

    /// Prints (or keeps) one statement's output, titled `title` (its query, or a file's name). The
    /// inner error is the statement's own (SQLite's, a chart of no numbers); the outer, a failed
    /// write, which stops the run at once: no more rows are read, no more statements run.
    fn emit(&mut self, output: Streaming<'_>, title: &str) -> Result<Result<(), Error>, Failure> {
        let held = |output: Streaming<'_>| match output {
            Streaming::Rows(p) | Streaming::Chart(p) => p.into_result_set(),
            Streaming::Explain(c) => Ok(htxq::explain_rows(&c)),
        };
        match (self.format, output) {
            (Format::Svg, output) => match held(output).and_then(|rs| Plot::new(title, &rs)) {
                Ok(plot) => self.plots.push(plot),
                Err(e) => return Ok(Err(e)),
            },
            (Format::Xlsx, output) => match held(output) {
                Ok(rs) => self.sheets.push((title.to_string(), rs)),
                Err(e) => return Ok(Err(e)),
            },
            // text made whole: `explain`, and charts (at most 50 rows drawn)
            (format, Streaming::Explain(c)) => return self.put_text(&Output::Explain(c), format, title),
            (Format::Chart, Streaming::Rows(p)) => match p.into_result_set() {
                Ok(rs) => return self.put_text(&Output::Rows(rs), Format::Chart, title),
                Err(e) => return Ok(Err(e)),
            },
            (format @ (Format::Table | Format::Chart), Streaming::Chart(p)) => match p.into_result_set() {
                Ok(rs) => return self.put_text(&Output::Chart(rs), format, title),
                Err(e) => return Ok(Err(e)),
            },
            // rows written as SQLite returns them
            (format, Streaming::Rows(mut p) | Streaming::Chart(mut p)) => {
                let opts = TableOptions {
                    readable: true,
                    fit_terminal: self.to_terminal,
                    max_rows: self.max_rows,
                    show_all: Some("--max-rows 0".into()),
                    in_document: self.one_document,
                    ..TableOptions::default()
                };
                let apart = self.apart();
                let mut out = Apart { sink: &mut self.sink, apart, started: false };
                let written =
                    p.rows().and_then(|mut rows| htxq::render::write_rows(&mut out, format, &mut rows, &opts));
                let started = out.started;
                match written {
                    Ok(_) => {}
                    Err(Error::Write(e)) => return Err(self.sink.failure(e)),
                    Err(e) => {
                        // rows written before the error stay, and the next result is set apart
                        if started {
                            self.printed += 1;
                        }
                        return Ok(Err(e));
                    }
                }
                self.sink.flush_all()?;
            }
        }
        self.printed += 1;
        Ok(Ok(()))
    }

    /// Prints one statement's output made as a whole text ([`print`]).
    fn put_text(&mut self, output: &Output, format: Format, title: &str) -> Result<Result<(), Error>, Failure> {
        let shown = match print(output, format, title, self.to_terminal) {
            Ok(shown) => shown,
            Err(e) => return Ok(Err(e)),
        };
        let apart = self.apart();
        self.sink.put(apart)?;
        self.sink.put(if self.one_document { shown.trim_end() } else { &shown }.as_bytes())?;
        self.sink.flush_all()?;
        self.printed += 1;
        Ok(Ok(()))
    }

    /// Writes what was kept (the SVG, the workbook, the end of a JSON array) and flushes.
    fn finish(mut self) -> Result<(), Failure> {
        match self.format {
            Format::Svg if !self.plots.is_empty() => {
                let svg = htxq::render::svg::document(&self.plots, self.source.as_deref());
                self.sink.put(svg.as_bytes())?;
            }
            Format::Xlsx if !self.sheets.is_empty() => {
                let sheets: Vec<(&str, &ResultSet)> = self.sheets.iter().map(|(q, rs)| (q.as_str(), rs)).collect();
                let bytes = htxq::render::xlsx::workbook(&sheets, self.source.as_deref())?;
                self.sink.put(&bytes)?;
            }
            _ if self.one_document => self.sink.put(b"]\n")?,
            _ => {}
        }
        self.sink.flush_all()
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Error(e.to_string())
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    if cli.format == Format::Xlsx && cli.output.is_none() && std::io::stdout().is_terminal() {
        return Err(Failure::Usage(
            "--format xlsx writes a binary workbook: give --output FILE (or redirect standard output to a file)".into(),
        ));
    }
    match &cli.cmd {
        Some(Cmd::Build { inputs }) => {
            if cli.command.is_some() {
                return Err(Failure::Usage("`build` does not take -c".into()));
            }
            let Some(db) = &cli.db else {
                return Err(Failure::Usage("`build` needs --db PATH: the database to write".into()));
            };
            build(db, inputs, cli.quiet)
        }
        Some(Cmd::Rebuild) => {
            let Some(db) = &cli.db else {
                return Err(Failure::Usage("`rebuild` needs --db PATH: the database to re-extract".into()));
            };
            let report = htxq::store::rebuild(db)?;
            if !cli.quiet {
                say!(
                    "htxq: {}: re-extracted {} article{}; {} cluster-year row{}",
                    db.display(),
                    report.added,
                    if report.added == 1 { "" } else { "s" },
                    report.clusters,
                    if report.clusters == 1 { "" } else { "s" }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "htxq", &mut out);
            std::io::stdout().write_all(&out).map_err(output_failure)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Failure::Error(format!("the manual page: {e}")))?;
            std::io::stdout().write_all(&out).map_err(output_failure)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Why { files }) => {
            if cli.command.is_some() {
                return Err(Failure::Usage("`why` does not take -c".into()));
            }
            why(files, &cli)
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
                if cli.format.is_document() {
                    return Err(Failure::Usage(format!(
                        "--format {} makes one document of a run's queries: give them with -c, `run FILE` or on \
                         standard input; in the interactive session, `chart QUERY` draws a chart",
                        if cli.format == Format::Svg { "svg" } else { "xlsx" }
                    )));
                }
                return Ok(repl::run(engine, cli.format, cli.output.as_deref(), cli.max_rows));
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

fn build(db: &std::path::Path, inputs: &[PathBuf], quiet: bool) -> Result<ExitCode, Failure> {
    // a progress bar on a terminal only: files, MB/s and time left; nothing in a pipe
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        let style = indicatif::ProgressStyle::with_template(
            "{bar:30.cyan/blue} {msg} files  {binary_bytes}/{binary_total_bytes}  {binary_bytes_per_sec}  {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("█▌ ");
        bar.set_style(style);
        bar
    });
    let report = htxq::build_with_progress(db, inputs, &mut |p| {
        if let Some(bar) = &bar {
            bar.set_length(p.bytes_total);
            bar.set_position(p.bytes_done);
            bar.set_message(format!("{}/{}", p.files_done, p.files_total));
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = report?;
    for e in &report.skipped {
        say!("htxq: skipped {e}");
    }
    let read = report.added + report.updated + report.unchanged;
    if read == 0 {
        return Err(Failure::Error("no article could be read".into()));
    }
    if quiet {
        return Ok(ExitCode::SUCCESS);
    }
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
    Ok(ExitCode::SUCCESS)
}

/// Prints the decisions of each article file; with several files, each under its name.
fn why(files: &[PathBuf], cli: &Cli) -> Result<ExitCode, Failure> {
    let mut printer = Printer::new(cli, files.len());
    // each file's decisions as their own JSON array, as before
    printer.one_document = false;
    for path in files {
        let doc = htxq::ingest::load(path).map_err(|e| Failure::Error(e.to_string()))?;
        let ex = htxq::extract::extract(&doc);
        let rows = htxq::why::rows(&doc, &ex.decisions);
        if files.len() > 1 && cli.format == Format::Table {
            let gap = if printer.printed > 0 { "\n" } else { "" };
            printer.sink.put(format!("{gap}{}\n", path.display()).as_bytes())?;
            let opts = TableOptions {
                max_rows: printer.max_rows,
                show_all: Some("--max-rows 0".into()),
                ..TableOptions::default()
            };
            printer.sink.put(table(&rows, &opts).as_bytes())?;
            printer.printed += 1;
            continue;
        }
        let title = cli.title.clone().unwrap_or_else(|| path.display().to_string());
        if let Err(e) = printer.emit(Streaming::Rows(PreparedRows::from(rows)), &title)? {
            return Err(Failure::Error(e.to_string()));
        }
    }
    printer.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// A table that cannot fail.
fn table(rs: &ResultSet, opts: &TableOptions) -> String {
    htxq::render::render(rs, Format::Table, opts).unwrap_or_default()
}

/// Runs every statement of `text`, printing results to stdout (or `--output`) and errors to
/// stderr.
fn script(engine: &Engine, text: &str, origin: Option<&str>, cli: &Cli) -> Result<ExitCode, Failure> {
    let mut failed = false;
    let statements = htxq::syntax::split(text);
    if statements.is_empty() && cli.command.is_some() {
        say!("htxq: empty query");
        return Ok(ExitCode::from(1));
    }
    let mut printer = Printer::new(cli, statements.len());
    // several queries as JSON: one document, an array of their results, even if none succeeds
    if printer.one_document {
        printer.sink.put(b"[")?;
    }
    if printer.format.is_document() {
        let n = engine.article_count()?;
        printer.source = Some(format!("htxq, {n} article{}", if n == 1 { "" } else { "s" }));
    }
    let params: htxq::Params = cli.params.iter().cloned().collect();
    for (i, range) in statements.iter().enumerate() {
        let stmt = &text[range.clone()];
        let title = match (&cli.title, statements.len()) {
            (Some(t), 1) => t.clone(),
            (Some(t), n) => format!("{t} ({}/{n})", i + 1),
            (None, _) => htxq::render::plot::title_of(stmt),
        };
        let result = match engine.stream_with(stmt, &params) {
            Ok(output) => printer.emit(output, &title)?,
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            failed = true;
            printer.sink.flush_all()?;
            say_raw!("{}", describe(&e, text, range.start, origin));
            if !cli.keep_going {
                break;
            }
        }
    }
    printer.finish()?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn describe(e: &Error, text: &str, offset: usize, origin: Option<&str>) -> String {
    match e {
        Error::Query(q) => htxq::report::render(&q.clone().shifted(offset), text, origin),
        other => format!("error: {other}\n"),
    }
}

/// The width charts fit: `COLUMNS` when set (as `ls` reads it), else the terminal's when printing
/// to one, else 80.
pub fn chart_width(to_terminal: bool) -> usize {
    if let Some(n) = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok()).filter(|n| *n > 0) {
        return n;
    }
    if to_terminal
        && let Ok((w, _)) = crossterm::terminal::size()
        && w >= 20
    {
        return usize::from(w);
    }
    htxq::render::CHART_WIDTH
}

/// Formats one statement's output as text: tables for people wherever they go (digits grouped,
/// money readable, decimals rounded), fitted to the terminal when printed to one; `chart QUERY`
/// as a chart where a table would be. `title` titles charts.
pub fn print(output: &Output, format: Format, title: &str, to_terminal: bool) -> htxq::Result<String> {
    let opts = TableOptions { readable: true, fit_terminal: to_terminal, ..TableOptions::default() };
    let chart = |rs: &ResultSet, format: Format| {
        let width = u16::try_from(chart_width(to_terminal)).unwrap_or(u16::MAX);
        let opts = TableOptions { width: Some(width), title: Some(title.to_string()), ..opts.clone() };
        htxq::render::render(rs, format, &opts)
    };
    match output {
        Output::Rows(rs) if format == Format::Chart => chart(rs, Format::Chart),
        Output::Chart(rs) if matches!(format, Format::Table | Format::Chart) => chart(rs, Format::Chart),
        Output::Rows(rs) | Output::Chart(rs) => htxq::render::render(rs, format, &opts),
        Output::Explain(c) => match format {
            Format::Json => Ok(format!("{}\n", serde_json::to_string(c).unwrap_or_default())),
            Format::Table | Format::Chart => {
                let mut s = format!("{}\n", c.sql);
                for (i, p) in c.params.iter().enumerate() {
                    s.push_str(&format!("  ?{} = {p}\n", i + 1));
                }
                Ok(s)
            }
            _ => htxq::render::render(&htxq::explain_rows(c), format, &TableOptions::default()),
        },
    }
}
