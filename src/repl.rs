//! The interactive session (`htxq` on a terminal): rustyline for editing, history, completion,
//! highlighting and hints; comfy-table for results.
//!
//! Multi-line input follows the same rule as files: a statement that is unfinished
//! ([`htxq::syntax::is_unfinished`]) continues on the next line with a `...` prompt. Lines starting
//! with `.` are meta commands. Ctrl-C clears the line being typed, or cancels the running query
//! through SQLite's interrupt; it never exits. Ctrl-D on an empty line exits.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use htxq::catalog::ENTITIES;
use htxq::complete::{self, TokenKind};
use htxq::render::{Format, TableOptions};
use htxq::{Engine, Output, Verb};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{ColorMode, Config, Context, Editor, Helper};

/// Rows a table on the screen shows before the rest is counted, as duckdb's `.maxrows` (a table
/// written to a file shows [`htxq::render::TABLE_MAX_ROWS`]); `.maxrows N` changes both.
const MAX_ROWS: usize = 40;

const HELP: &str = "\
Queries:  ENTITY [where COND] [show ITEMS] [by FIELDS] [sort KEYS] [limit N]
  clusters where year = 2023 show name, htx_total
  clusters where name ~ \"tay bac\" show year, htx_total, income_avg
  facts where key = \"htx_total\" show cluster, year, value, sentence
  provinces by role show role, count()
  explain clusters where year > 2020          (the SQL and its parameters)
  chart clusters show name, htx_total         (the rows as a bar chart)
A query may span lines; end it with ; or start the next one. Tab completes.

Meta commands:
  .help                this text
  .entities            the entities you can query
  .fields ENTITY       the fields of an entity, with meaning and unit
  .format FORMAT       table, csv, json, jsonl, markdown or chart
  .maxrows N           rows a table shows before it counts the rest (0: all;
                       40 on the screen, 1000 to a file until set)
  .timer on|off        show how long each query took
  .explain on|off      show the SQL of each query before its rows
  .read FILE           run the queries in FILE
  .output FILE         write results to FILE; .output alone: back to the screen
  .quit                leave (Ctrl-D works too)
";

/// The running query's interrupt handle, for the Ctrl-C handler.
static RUNNING: Mutex<Option<rusqlite::InterruptHandle>> = Mutex::new(None);

struct State {
    format: Format,
    timer: bool,
    explain: bool,
    output: Option<(PathBuf, std::fs::File)>,
    /// `.maxrows N` (or `--max-rows N`), once set.
    max_rows: Option<usize>,
}

impl State {
    /// The rows a table shows (`None`: all).
    fn table_rows(&self) -> Option<usize> {
        match self.max_rows {
            None if self.output.is_none() => Some(MAX_ROWS),
            None => Some(htxq::render::TABLE_MAX_ROWS),
            Some(0) => None,
            Some(n) => Some(n),
        }
    }
}

/// Completion, hints and highlighting over the whole pending statement.
struct ReplHelper {
    /// Names offered inside quotes: clusters and provinces in the database.
    values: Vec<String>,
    /// Lines of the unfinished statement typed so far.
    pending: RefCell<String>,
    color: bool,
}

impl ReplHelper {
    /// The pending lines and the current line, with the offset of the current line in it.
    fn full(&self, line: &str) -> (String, usize) {
        let pending = self.pending.borrow();
        if pending.is_empty() { (line.to_string(), 0) } else { (format!("{pending}\n{line}"), pending.len() + 1) }
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        if line.trim_start().starts_with('.') {
            return Ok(meta_completion(line, pos));
        }
        let (full, offset) = self.full(line);
        let c = complete::complete(&full, offset + pos, &self.values);
        // a string opened on an earlier line cannot be replaced from this one
        if c.start < offset {
            return Ok((pos, Vec::new()));
        }
        let start = (c.start - offset).min(pos);
        let pairs = c.candidates.into_iter().map(|s| Pair { display: s.clone(), replacement: s }).collect();
        Ok((start, pairs))
    }
}

fn meta_completion(line: &str, pos: usize) -> (usize, Vec<Pair>) {
    let before = &line[..pos];
    let pair = |s: &str| Pair { display: s.to_string(), replacement: s.to_string() };
    match before.split_once(' ') {
        None => {
            let cmds = [
                ".help",
                ".entities",
                ".fields ",
                ".format ",
                ".maxrows ",
                ".timer ",
                ".explain ",
                ".read ",
                ".output",
                ".quit",
            ];
            (0, cmds.iter().filter(|c| c.starts_with(before.trim_start())).map(|c| pair(c)).collect())
        }
        Some((cmd, arg)) => {
            let start = pos - arg.len();
            let options: Vec<&str> = match cmd.trim() {
                ".fields" => ENTITIES.iter().map(|e| e.name).collect(),
                ".format" => {
                    Format::NAMES.into_iter().filter(|f| Format::parse(f).is_some_and(|f| !f.is_document())).collect()
                }
                ".timer" | ".explain" => vec!["on", "off"],
                _ => Vec::new(),
            };
            (start, options.into_iter().filter(|o| o.starts_with(arg)).map(pair).collect())
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    /// The rest of the only completion, when there is exactly one.
    fn hint(&self, line: &str, pos: usize, _: &Context<'_>) -> Option<String> {
        if pos < line.len() || line.trim().is_empty() || line.ends_with(' ') || line.trim_start().starts_with('.') {
            return None;
        }
        let (full, offset) = self.full(line);
        let c = complete::complete(&full, offset + pos, &self.values);
        let typed = &full[c.start..offset + pos];
        match c.candidates.as_slice() {
            [only] if only.starts_with(typed) && only.len() > typed.len() => Some(only[typed.len()..].to_string()),
            _ => None,
        }
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.color || line.trim_start().starts_with('.') {
            return Cow::Borrowed(line);
        }
        let mut out = String::with_capacity(line.len() * 2);
        for (r, kind) in complete::tokens(line) {
            let code = match kind {
                TokenKind::Keyword => "\x1b[1;34m",
                TokenKind::Entity => "\x1b[1;35m",
                TokenKind::Function => "\x1b[36m",
                TokenKind::Number => "\x1b[33m",
                TokenKind::String => "\x1b[32m",
                TokenKind::Comment => "\x1b[2m",
                _ => "",
            };
            if code.is_empty() {
                out.push_str(&line[r]);
            } else {
                out.push_str(code);
                out.push_str(&line[r]);
                out.push_str("\x1b[0m");
            }
        }
        Cow::Owned(out)
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color { Cow::Owned(format!("\x1b[2m{hint}\x1b[0m")) } else { Cow::Borrowed(hint) }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.color
    }
}

impl Validator for ReplHelper {}
impl Helper for ReplHelper {}

/// Where history lives: `HTXQ_HISTORY`, else the user's data directory.
fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HTXQ_HISTORY") {
        return Some(p.into());
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("htxq").join("history"))
}

/// Names to offer inside quotes.
fn names(engine: &Engine) -> Vec<String> {
    let mut out = Vec::new();
    for q in ["clusters by name show name", "provinces by name show name"] {
        if let Ok(rs) = engine.query(q) {
            out.extend(rs.rows.iter().filter_map(|r| r[0].as_str().map(str::to_string)));
        }
    }
    out
}

/// Runs the REPL until `.quit` or Ctrl-D; `output` (from `--output`) starts it as `.output FILE`,
/// `max_rows` (from `--max-rows`) as `.maxrows N`.
pub fn run(engine: Engine, format: Format, output: Option<&Path>, max_rows: Option<usize>) -> ExitCode {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let config = Config::builder()
        .color_mode(if color { ColorMode::Enabled } else { ColorMode::Disabled })
        .max_history_size(10_000)
        .map(|b| b.build())
        .unwrap_or_default();
    let mut rl: Editor<ReplHelper, rustyline::history::DefaultHistory> = match Editor::with_config(config) {
        Ok(rl) => rl,
        Err(e) => {
            say!("htxq: cannot start the line editor: {e}");
            return ExitCode::from(1);
        }
    };
    rl.set_helper(Some(ReplHelper { values: names(&engine), pending: RefCell::new(String::new()), color }));
    let history = history_path();
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    // While a query runs the terminal is not in raw mode, so Ctrl-C arrives as SIGINT:
    // interrupt SQLite instead of dying. (Inside readline, rustyline reads Ctrl-C as a key.)
    let _ = ctrlc::set_handler(|| {
        if let Ok(guard) = RUNNING.lock()
            && let Some(h) = guard.as_ref()
        {
            h.interrupt();
        }
    });
    println!(
        "htxq {} — {} articles loaded. Type .help for help, Tab to complete, Ctrl-D to quit.",
        env!("CARGO_PKG_VERSION"),
        engine.article_count().unwrap_or(0)
    );
    let mut state = State { format, timer: false, explain: false, output: None, max_rows };
    if let Some(path) = output {
        match std::fs::File::create(path) {
            Ok(f) => state.output = Some((path.to_path_buf(), f)),
            Err(e) => {
                say!("htxq: {}: {e}", path.display());
                return ExitCode::from(1);
            }
        }
    }
    loop {
        let pending = rl.helper().map(|h| h.pending.borrow().clone()).unwrap_or_default();
        let prompt = if pending.is_empty() { "htxq> " } else { "  ... " };
        match rl.readline(prompt) {
            Ok(line) => {
                if pending.is_empty() && line.trim_start().starts_with('.') {
                    remember(&mut rl, &line, history.as_deref());
                    if !meta(&line, &engine, &mut state) {
                        break;
                    }
                    continue;
                }
                let buffer = if pending.is_empty() { line } else { format!("{pending}\n{line}") };
                if htxq::syntax::is_blank(&buffer) {
                    set_pending(&rl, String::new());
                    continue;
                }
                if htxq::syntax::is_unfinished(&buffer) {
                    set_pending(&rl, buffer);
                    continue;
                }
                set_pending(&rl, String::new());
                remember(&mut rl, &buffer, history.as_deref());
                run_text(&engine, &buffer, None, &mut state);
            }
            Err(ReadlineError::Interrupted) => set_pending(&rl, String::new()),
            Err(ReadlineError::Eof) => {
                if pending.is_empty() {
                    break;
                }
                set_pending(&rl, String::new());
            }
            Err(e) => {
                say!("htxq: {e}");
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}

fn set_pending(rl: &Editor<ReplHelper, rustyline::history::DefaultHistory>, text: String) {
    if let Some(h) = rl.helper() {
        *h.pending.borrow_mut() = text;
    }
}

/// Adds an entry to history and appends it to the history file (never overwrites it).
fn remember(rl: &mut Editor<ReplHelper, rustyline::history::DefaultHistory>, entry: &str, path: Option<&Path>) {
    let _ = rl.add_history_entry(entry);
    if let Some(p) = path {
        if let Some(dir) = p.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = rl.append_history(p);
    }
}

/// Runs every statement in `text`; `origin` names a file for error positions.
fn run_text(engine: &Engine, text: &str, origin: Option<&str>, state: &mut State) {
    for range in htxq::syntax::split(text) {
        let stmt = &text[range.clone()];
        let (verb, compiled) = match htxq::prepare(stmt) {
            Ok(prepared) => prepared,
            Err(q) => {
                say_raw!("{}", htxq::report::render(&q.shifted(range.start), text, origin));
                continue;
            }
        };
        let to_screen = state.output.is_none();
        let explain = verb == Verb::Explain;
        if explain || state.explain {
            let format = if explain { state.format } else { Format::Table };
            if let Ok(text) = crate::print(&Output::Explain(compiled.clone()), format, "", to_screen) {
                emit(state, &text);
            }
        }
        if explain {
            continue;
        }
        let mut prepared = match engine.prepare_rows(&compiled) {
            Ok(prepared) => prepared,
            Err(e) => {
                say!("error: {e}");
                continue;
            }
        };
        // the rows are read while they are printed: Ctrl-C interrupts SQLite until the last
        if let Ok(mut g) = RUNNING.lock() {
            *g = Some(engine.interrupt_handle());
        }
        let started = Instant::now();
        let result = if verb == Verb::Chart || state.format == Format::Chart {
            // a chart draws at most 50 rows, from all of them held
            prepared.into_result_set().and_then(|rs| {
                let output = if verb == Verb::Chart { Output::Chart(rs) } else { Output::Rows(rs) };
                let text = crate::print(&output, state.format, &htxq::render::plot::title_of(stmt), to_screen)?;
                emit(state, &text);
                Ok(())
            })
        } else {
            let opts = TableOptions {
                readable: true,
                row_count: true,
                max_rows: state.table_rows(),
                show_all: Some(".maxrows 0".into()),
                fit_terminal: to_screen,
                ..TableOptions::default()
            };
            prepared.rows().and_then(|mut rows| {
                write_rows(state, |out| htxq::render::write_rows(out, state.format, &mut rows, &opts).map(drop))
            })
        };
        let elapsed = started.elapsed();
        if let Ok(mut g) = RUNNING.lock() {
            *g = None;
        }
        match result {
            Ok(()) => {}
            Err(htxq::Error::Cancelled) => say!("cancelled"),
            Err(htxq::Error::Write(e)) => match &state.output {
                Some((path, _)) => say!("htxq: {}: {e}", path.display()),
                None => say!("htxq: cannot write the output: {e}"),
            },
            Err(e) => say!("error: {e}"),
        }
        if state.timer {
            say!("Run Time: {:.3} ms", elapsed.as_secs_f64() * 1000.0);
        }
    }
}

/// Runs `write` on the session's output (the screen, or the file of `.output`), buffered, and
/// flushes it.
fn write_rows(state: &State, write: impl FnOnce(&mut dyn Write) -> htxq::Result<()>) -> htxq::Result<()> {
    match &state.output {
        Some((_, file)) => {
            let mut out = std::io::BufWriter::new(file);
            let written = write(&mut out);
            out.flush().map_err(htxq::Error::Write).and(written)
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let written = write(&mut out);
            out.flush().map_err(htxq::Error::Write).and(written)
        }
    }
}

fn emit(state: &mut State, text: &str) {
    match &mut state.output {
        Some((path, file)) => {
            if let Err(e) = file.write_all(text.as_bytes()) {
                say!("htxq: {}: {e}", path.display());
            }
        }
        None => {
            print!("{text}");
            let _ = std::io::stdout().flush();
        }
    }
}

fn on_off(arg: Option<&str>, what: &str) -> Option<bool> {
    match arg {
        Some("on") => Some(true),
        Some("off") => Some(false),
        _ => {
            say!("usage: .{what} on|off");
            None
        }
    }
}

/// Runs a meta command; `false` means quit.
fn meta(line: &str, engine: &Engine, state: &mut State) -> bool {
    let line = line.trim();
    let (cmd, arg) = match line.split_once(char::is_whitespace) {
        Some((c, a)) => (c, Some(a.trim()).filter(|a| !a.is_empty())),
        None => (line, None),
    };
    match cmd {
        ".quit" | ".exit" | ".q" => return false,
        ".help" => print!("{HELP}"),
        // the same rows as the statements `entities` and `fields ENTITY`
        ".entities" | ".fields" => {
            let statement =
                if cmd == ".entities" { "entities".to_string() } else { format!("fields {}", arg.unwrap_or("")) };
            match htxq::catalog_listing(&statement) {
                Some(Ok(rs)) => {
                    print!("{}", htxq::render::render(&rs, Format::Table, &TableOptions::default()).unwrap_or_default())
                }
                Some(Err(e)) => say!("{e}"),
                None => {
                    let all = ENTITIES.iter().map(|e| e.name).collect::<Vec<_>>().join(", ");
                    say!("usage: .fields ENTITY  (one of: {all})");
                }
            }
        }
        ".format" => match arg.and_then(Format::parse) {
            Some(f) if f.is_document() => {
                say!(
                    "{} is written to a file: htxq -c QUERY --format {} --output FILE",
                    arg.unwrap_or(""),
                    arg.unwrap_or("")
                )
            }
            Some(f) => state.format = f,
            None => say!("usage: .format table|csv|json|jsonl|markdown|chart"),
        },
        ".maxrows" => match arg.map(str::parse::<usize>) {
            Some(Ok(n)) => state.max_rows = Some(n),
            None => match state.max_rows {
                Some(0) => println!("a table shows every row"),
                Some(n) => println!("a table shows {n} rows, then counts the rest"),
                None => println!(
                    "a table shows {MAX_ROWS} rows on the screen and {} in a file, then counts the rest",
                    htxq::render::TABLE_MAX_ROWS
                ),
            },
            Some(Err(_)) => say!("usage: .maxrows N  (rows a table shows before it counts the rest; 0: all)"),
        },
        ".timer" => {
            if let Some(v) = on_off(arg, "timer") {
                state.timer = v;
            }
        }
        ".explain" => {
            if let Some(v) = on_off(arg, "explain") {
                state.explain = v;
            }
        }
        ".read" => match arg {
            Some(file) => match std::fs::read_to_string(file) {
                Ok(text) => run_text(engine, &text, Some(file), state),
                Err(e) => say!("htxq: {file}: {e}"),
            },
            None => say!("usage: .read FILE"),
        },
        ".output" => match arg {
            Some(file) => match std::fs::File::create(file) {
                Ok(f) => state.output = Some((PathBuf::from(file), f)),
                Err(e) => say!("htxq: {file}: {e}"),
            },
            None => state.output = None,
        },
        other => say!("unknown command `{other}`; .help lists the commands"),
    }
    true
}
