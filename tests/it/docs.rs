//! Every query shown in README.md, grammar/htxq.ebnf and examples/*.htxq parses and runs on the
//! built-in corpus, so documentation and parser cannot drift apart.

use htxq::Engine;

use super::util::root;

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
