//! The REPL driven through a real pseudo-terminal, typing as a user does.

use std::process::Command;

use rexpect::session::PtySession;

use super::util::{root, s, tempdir};

fn spawn(history: &std::path::Path, extra: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_htxq"));
    cmd.args(extra).current_dir(root()).env("NO_COLOR", "1").env("TERM", "xterm").env("HTXQ_HISTORY", history);
    let mut p = rexpect::session::spawn_command(cmd, Some(60_000)).expect("spawn htxq in a pty");
    p.exp_string("Type .help for help").unwrap();
    p.exp_string("htxq> ").unwrap();
    p
}

/// Types `text` (without Enter) and waits as a person would before the next key.
fn typed(p: &mut PtySession, text: &str) {
    p.send(text).unwrap();
    p.flush().unwrap();
    pause();
}

fn pause() {
    std::thread::sleep(std::time::Duration::from_millis(300));
}

#[test]
fn query_complete_continue_interrupt_and_exit() {
    let dir = tempdir();
    let history = dir.path().join("history");
    let mut p = spawn(&history, &[]);

    // a query, and its answer
    p.send_line("clusters where year = 2023 show htx_total").unwrap();
    p.exp_string("4169").unwrap();
    p.exp_string("(1 row)").unwrap();
    p.exp_string("htxq> ").unwrap();

    // Tab completes the field of the entity being queried
    // (a person pauses before Tab; a burst of input is read as typed-ahead text)
    typed(&mut p, "clusters where ye");
    typed(&mut p, "\t");
    typed(&mut p, " = 2011 show htx_total");
    typed(&mut p, "\r");
    p.exp_string("2006").unwrap();
    p.exp_string("htxq> ").unwrap();

    // an unfinished query continues on the next line
    p.send_line("clusters where").unwrap();
    p.exp_string("... ").unwrap();
    p.send_line("year = 2022 show htx_new").unwrap();
    p.exp_string("199").unwrap();
    p.exp_string("htxq> ").unwrap();

    // Ctrl-C clears the line being typed and keeps going
    typed(&mut p, "clusters where nonsense");
    p.send_control('c').unwrap();
    pause(); // rustyline drops what was typed ahead of the Ctrl-C
    p.exp_string("htxq> ").unwrap();
    p.send_line("clusters where year = 2024 show union_total").unwrap();
    p.exp_string("31").unwrap();
    p.exp_string("htxq> ").unwrap();

    // meta commands
    p.send_line(".fields clusters").unwrap();
    p.exp_string("average income per worker per year").unwrap();
    p.send_line(".bogus").unwrap();
    p.exp_string("unknown command `.bogus`").unwrap();
    // .explain on: the SQL and its parameters, then the rows
    p.send_line(".explain on").unwrap();
    pause();
    p.send_line("clusters where year = 2011 show tht_total").unwrap();
    p.exp_string("FROM \"clusters\"").unwrap();
    p.exp_string("?1 = 2011").unwrap();
    p.exp_string("15.232").unwrap();
    pause();
    p.send_line(".explain off").unwrap();
    pause();

    // Ctrl-D on an empty line exits with 0
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    match p.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("{other:?}"),
    }

    // history was appended to the file HTXQ_HISTORY names
    let saved = std::fs::read_to_string(&history).unwrap();
    assert!(saved.contains("clusters where year = 2023 show htx_total"), "{saved}");
    assert!(saved.contains("clusters where year = 2011 show htx_total"), "{saved}");
    assert!(saved.contains("year = 2022 show htx_new"), "{saved}");

    // a second session appends instead of overwriting
    let mut p = spawn(&history, &[]);
    p.send_line("articles show count()").unwrap();
    p.exp_string("htxq> ").unwrap();
    p.send_line(".quit").unwrap();
    p.exp_eof().unwrap();
    let saved = std::fs::read_to_string(&history).unwrap();
    assert!(
        saved.contains("clusters where year = 2023 show htx_total") && saved.contains("articles show count()"),
        "{saved}"
    );
}

#[test]
fn ctrl_c_cancels_a_running_query() {
    let dir = tempdir();
    let db = dir.path().join("big.db");
    let built = super::util::htxq(&["build", "--db", s(&db), "data/articles"], None);
    assert_eq!(built.status.code(), Some(0));
    {
        // two million facts make a slow folded scan
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000)
             INSERT INTO fact_rows (article, cluster, year, key, value, low, high, qualifier, unit,
                                    sentence_start, sentence_end, start, \"end\", rule)
             SELECT 1, 'Tây Bắc', 2023, 'htx_total', i, i, i, 'exact', 'HTX', 0, 400, 0, 1, 'cue' FROM n;",
        )
        .unwrap();
    }
    let history = dir.path().join("history");
    let mut p = spawn(&history, &["--db", s(&db)]);
    // two letters: too short for the trigram index, so every row is scanned
    p.send_line("facts where sentence ~ \"zq\" and unit ~ \"zzz\" show count()").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    p.send_control('c').unwrap();
    p.exp_string("cancelled").unwrap();
    p.exp_string("htxq> ").unwrap();
    p.send_line("clusters where year = 2023 show htx_total").unwrap();
    p.exp_string("4169").unwrap();
    p.send_line(".quit").unwrap();
    p.exp_eof().unwrap();
}

/// Two articles that disagree: the REPL's table marks the disputed value and says where to look.
#[test]
fn disputed_values_are_marked_in_the_table() {
    let dir = tempdir();
    let db = dir.path().join("merge.db");
    htxq::store::build(&db, &[root().join("tests/fixtures/merge")]).unwrap();
    let history = dir.path().join("history");
    let mut p = spawn(&history, &["--db", db.to_str().unwrap()]);
    p.send_line("clusters show name, htx_total, htx_new").unwrap();
    // (rexpect reads the pty byte by byte: match the ASCII around the mark)
    p.exp_string("2350 (").unwrap();
    p.exp_string("articles disagree on this value").unwrap();
    p.exp_string("htxq> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
}

/// `chart QUERY` and `.format chart` draw in the session (the chart groups digits, a table of
/// these years does not: "4.169" is the chart's).
#[test]
fn chart_statement_draws_in_the_session() {
    let dir = tempdir();
    let mut p = spawn(&dir.path().join("history"), &[]);
    p.send_line(".help").unwrap();
    p.exp_string("chart clusters show name, htx_total").unwrap();
    p.exp_string("htxq> ").unwrap();
    p.send_line("chart clusters where year = 2023 show name, htx_total").unwrap();
    p.exp_string("4.169").unwrap();
    p.exp_string("htxq> ").unwrap();
    p.send_line(".format chart").unwrap();
    pause();
    p.send_line("clusters where year = 2024 show name, htx_total").unwrap();
    p.exp_string("4.884").unwrap();
    p.send_line("chart clusters show name, head").unwrap();
    p.exp_string("a chart draws numbers").unwrap();
    p.send_line(".format svg").unwrap();
    p.exp_string("is written to a file").unwrap();
    p.exp_string("htxq> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
}

/// A table shows 40 rows on the screen and counts the rest; `.maxrows N` changes that (0: every
/// row), and `--max-rows N` starts the session with it.
#[test]
fn maxrows_caps_the_table_and_counts_the_rest() {
    let total = htxq::Engine::builtin().unwrap().query("decisions show count()").unwrap().rows[0][0].as_i64().unwrap();
    assert!(total > 40, "{total}");
    let grouped = |n: i64| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let dir = tempdir();
    let mut p = spawn(&dir.path().join("history"), &[]);
    p.send_line("decisions show number").unwrap();
    // (rexpect reads the pty byte by byte: match the ASCII after the `…`)
    p.exp_string(&format!(" {} more rows ({} in all); .maxrows 0 to show all", grouped(total - 40), grouped(total)))
        .unwrap();
    p.exp_string("htxq> ").unwrap();
    p.send_line(".maxrows 3").unwrap();
    pause();
    p.send_line("decisions show number").unwrap();
    p.exp_string(&format!(" {} more rows ({} in all); .maxrows 0 to show all", grouped(total - 3), grouped(total)))
        .unwrap();
    p.send_line(".maxrows").unwrap();
    p.exp_string("a table shows 3 rows, then counts the rest").unwrap();
    p.send_line(".maxrows 0").unwrap();
    pause();
    p.send_line("decisions show number").unwrap();
    p.exp_string(&format!("({total} rows)")).unwrap();
    p.send_line(".maxrows many").unwrap();
    p.exp_string("usage: .maxrows N").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();

    let mut p = spawn(&dir.path().join("history"), &["--max-rows", "2"]);
    p.send_line("decisions show number").unwrap();
    p.exp_string(&format!(" {} more rows ({} in all); .maxrows 0 to show all", grouped(total - 2), grouped(total)))
        .unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
}
