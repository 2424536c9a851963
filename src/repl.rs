//! The interactive session (`htxq` on a terminal): read a query, run it, print it.
//!
//! Multi-line input follows the same rule as files ([`htxq::syntax::is_unfinished`]); lines
//! starting with `.` are meta commands.

use std::process::ExitCode;

use htxq::Engine;
use htxq::catalog::ENTITIES;
use htxq::render::{Format, TableOptions};
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

const HELP: &str = "\
Queries:  ENTITY [where COND] [show ITEMS] [by FIELDS] [sort KEYS] [limit N]
          e.g.  clusters where year = 2023 show name, htx_total
Meta commands:
  .help              this text
  .entities          the entities you can query
  .fields ENTITY     the fields of an entity, with meaning and unit
  .format FORMAT     table, csv, json or markdown
  .quit              leave (Ctrl-D works too)
";

fn history_path() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("HTXQ_HISTORY") {
        return Some(p.into());
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".local/share"))
        })?;
    Some(base.join("htxq").join("history"))
}

/// Runs the REPL until `.quit` or Ctrl-D.
pub fn run(engine: Engine, mut format: Format) -> ExitCode {
    let Ok(mut rl) = DefaultEditor::new() else {
        eprintln!("htxq: cannot start the line editor");
        return ExitCode::from(1);
    };
    let history = history_path();
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    println!(
        "htxq {} — type .help for help, .quit to leave",
        env!("CARGO_PKG_VERSION")
    );
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() {
            "htxq> "
        } else {
            "  ... "
        };
        match rl.readline(prompt) {
            Ok(line) => {
                if buffer.is_empty() && line.trim_start().starts_with('.') {
                    let _ = rl.add_history_entry(line.as_str());
                    save(&mut rl, history.as_deref());
                    if !meta(&line, &mut format) {
                        break;
                    }
                    continue;
                }
                if !buffer.is_empty() {
                    buffer.push('\n');
                }
                buffer.push_str(&line);
                if htxq::syntax::is_blank(&buffer) {
                    buffer.clear();
                    continue;
                }
                if htxq::syntax::is_unfinished(&buffer) {
                    continue;
                }
                let _ = rl.add_history_entry(buffer.as_str());
                save(&mut rl, history.as_deref());
                for range in htxq::syntax::split(&buffer) {
                    let stmt = &buffer[range.clone()];
                    match engine.run(stmt) {
                        Ok(htxq::Output::Rows(rs)) => {
                            let opts = TableOptions {
                                readable: true,
                                row_count: true,
                                max_rows: Some(40),
                                width: terminal_width(),
                            };
                            print!("{}", htxq::render::render(&rs, format, &opts));
                        }
                        Ok(out @ htxq::Output::Explain(_)) => {
                            print!("{}", crate::print(&out, format))
                        }
                        Err(htxq::Error::Query(q)) => eprint!(
                            "{}",
                            htxq::report::render(&q.shifted(range.start), &buffer, None)
                        ),
                        Err(e) => eprintln!("error: {e}"),
                    }
                }
                buffer.clear();
            }
            Err(ReadlineError::Interrupted) => buffer.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("htxq: {e}");
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}

fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok())
}

fn save(rl: &mut DefaultEditor, path: Option<&std::path::Path>) {
    if let Some(p) = path {
        if let Some(dir) = p.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = rl.append_history(p);
    }
}

/// Runs a meta command; `false` means quit.
fn meta(line: &str, format: &mut Format) -> bool {
    let mut words = line.split_whitespace();
    let cmd = words.next().unwrap_or("");
    let arg = words.next();
    match cmd {
        ".quit" | ".exit" | ".q" => return false,
        ".help" => print!("{HELP}"),
        ".entities" => {
            for e in ENTITIES {
                println!("{:<10} {}", e.name, e.doc);
            }
        }
        ".fields" => match arg.and_then(htxq::catalog::entity) {
            Some(e) => {
                for f in e.fields {
                    let unit = f.unit.map(|u| format!(" [{u}]")).unwrap_or_default();
                    println!("{:<16} {:<8} {}{unit}", f.name, f.ty.name(), f.doc);
                }
            }
            None => eprintln!(
                "usage: .fields ENTITY  (one of: {})",
                ENTITIES
                    .iter()
                    .map(|e| e.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        ".format" => match arg.and_then(Format::parse) {
            Some(f) => *format = f,
            None => eprintln!("usage: .format {}", Format::NAMES.join("|")),
        },
        other => eprintln!("unknown command `{other}`; .help lists them"),
    }
    true
}
