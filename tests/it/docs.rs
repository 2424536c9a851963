//! Every query shown in README.md, grammar/htxq.ebnf and examples/*.htxq parses and runs on the
//! built-in corpus, so documentation and parser cannot drift apart.

use htxq::Engine;

use super::util::root;

/// The contents of README's code blocks in `lang`.
fn readme_blocks(lang: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    let fence = format!("```{lang}");
    for line in text.lines() {
        match (&mut block, line.trim()) {
            (None, l) if l == fence => block = Some(String::new()),
            (Some(_), "```") => out.extend(block.take()),
            (Some(b), _) => {
                b.push_str(line);
                b.push('\n');
            }
            _ => {}
        }
    }
    out
}

/// A command line cut into words as a POSIX shell would for these examples: single and double
/// quotes (with `\"` inside double quotes), an unquoted `#` starting a comment.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => word.get_or_insert_default().extend(chars.by_ref().take_while(|c| *c != '\'')),
            '"' => {
                let w = word.get_or_insert_default();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        c => w.push(c),
                    }
                }
            }
            '#' if word.is_none() => break,
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_default().push(c),
        }
    }
    words.extend(word);
    words
}

fn run_htxq(args: &[String], cwd: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_htxq"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// README's chart, SVG and spreadsheet command lines run and write what they say; a chart shown
/// after its `$ htxq` command is what the command prints today.
#[test]
fn readme_format_examples_run() {
    let dir = super::util::tempdir();
    let mut commands = 0;
    for block in readme_blocks("sh") {
        for line in block.lines().filter(|l| l.starts_with("htxq ")) {
            let words = shell_words(line);
            let format = words.iter().position(|w| w == "--format").map(|i| words[i + 1].as_str());
            if !matches!(format, Some("chart" | "svg" | "xlsx")) {
                continue;
            }
            let o = run_htxq(&words[1..], dir.path());
            assert_eq!(o.status.code(), Some(0), "{line}: {}", String::from_utf8_lossy(&o.stderr));
            if let Some(i) = words.iter().position(|w| w == "--output" || w == "-o") {
                let bytes = std::fs::read(dir.path().join(&words[i + 1])).unwrap();
                match format {
                    Some("svg") => drop(roxmltree::Document::parse(std::str::from_utf8(&bytes).unwrap()).unwrap()),
                    _ => assert!(bytes.starts_with(b"PK"), "{line}: a workbook"),
                }
            }
            commands += 1;
        }
    }
    assert!(commands >= 3, "{commands}");
    let mut shown = 0;
    for block in readme_blocks("text") {
        let Some((first, rest)) = block.split_once('\n') else { continue };
        let Some(command) = first.strip_prefix("$ ").filter(|c| c.contains("--format chart")) else { continue };
        let o = run_htxq(&shell_words(command)[1..], &root());
        assert_eq!(String::from_utf8_lossy(&o.stdout), rest, "README shows what `{command}` prints");
        shown += 1;
    }
    assert!(shown >= 1);
}

fn readme_queries() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for line in text.lines() {
        match (&mut block, line.trim()) {
            (None, "```htxq") => block = Some(String::new()),
            (Some(b), "```") => {
                out.extend(htxq::syntax::split(b).into_iter().map(|r| b[r].to_string()));
                block = None;
            }
            (Some(b), _) => {
                b.push_str(line);
                b.push('\n');
            }
            _ => {}
        }
    }
    out
}

fn grammar_examples() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("grammar/htxq.ebnf")).unwrap();
    text.lines().filter_map(|l| l.trim().strip_prefix("example:")).map(|q| q.trim().to_string()).collect()
}

fn run_all(queries: &[String], what: &str) {
    assert!(!queries.is_empty(), "no queries found in {what}");
    let engine = Engine::builtin().unwrap();
    for q in queries {
        if let Err(e) = engine.run(q) {
            panic!("{what}: `{q}` fails: {e:?}");
        }
    }
}

#[test]
fn readme_queries_run() {
    let queries = readme_queries();
    assert!(queries.len() >= 10, "{queries:?}");
    run_all(&queries, "README.md");
}

#[test]
fn grammar_examples_run() {
    let queries = grammar_examples();
    assert!(queries.len() >= 10);
    run_all(&queries, "grammar/htxq.ebnf");
}

#[test]
fn example_query_files_run() {
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "htxq") {
            let text = std::fs::read_to_string(&path).unwrap();
            let queries: Vec<String> = htxq::syntax::split(&text).into_iter().map(|r| text[r].to_string()).collect();
            run_all(&queries, &path.display().to_string());
        }
    }
}
