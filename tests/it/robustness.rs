//! No article file makes a build panic, hang or eat memory: pathological "articles" are built
//! like any other (these once took minutes and tens of gigabytes: a figure per sentence copy, and
//! cue searches over the whole sentence for every figure).

use htxq::Engine;

use std::path::Path;

use super::util::{root, tempdir};

const LEAD: &str = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2023\n\n\
    Sáng 30/11/2023, Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổ chức hội nghị tổng kết năm 2023.\n";

#[test]
fn pathological_articles_build() {
    let dir = tempdir();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let numbers = (0..20_000).map(|i| format!("{i} HTX")).collect::<Vec<_>>().join(", ");
    let cases = [
        ("numbers.txt", format!("{LEAD}Toàn Cụm có {numbers}.\n")),
        ("dots.txt", format!("{LEAD}{}\n", "a.".repeat(100_000))),
        ("provinces.txt", format!("{LEAD}Cụm gồm {}.\n", ["Lào Cai", "Sơn La", "Yên Bái"].repeat(7_000).join(", "))),
        ("digits.txt", format!("{LEAD}{} HTX\n", "1".repeat(300_000))),
        (
            "teasers.txt",
            format!("{LEAD}{}", (0..20_000).map(|i| format!("Đoạn số {i} nói về HTX...\n")).collect::<String>()),
        ),
        ("roles.txt", format!("{LEAD}{}Lào Cai.\n", "Cụm trưởng ".repeat(20_000))),
        ("one_line.txt", format!("{LEAD}{}", "Toàn Cụm có 4.169 HTX; ".repeat(20_000))),
    ];
    for (name, text) in &cases {
        std::fs::write(articles.join(name), text).unwrap();
    }
    let db = dir.path().join("patho.db");
    let report = htxq::store::build(&db, &[articles]).unwrap();
    assert_eq!(report.added, cases.len(), "{report:?}");
    let engine = Engine::open(&db).unwrap();
    let facts = engine.query("facts where article = 3 show count()").unwrap();
    assert!(facts.rows[0][0].as_i64().unwrap() > 10_000, "{facts:?}");
    // the figure keeps its sentence by offsets, not a copy per figure
    let sentence = engine.query("facts where value = 19999 show sentence").unwrap();
    assert!(sentence.rows[0][0].as_str().unwrap().starts_with("Toàn Cụm có 0 HTX"));
}

mod soup {
    //! Random token soup, for "never panics": article text made of the words, numbers and
    //! punctuation extraction looks at, and query text made of the language's tokens.

    use proptest::prelude::*;

    const ARTICLE_TOKENS: &[&str] = &[
        "Cụm thi đua",
        "Liên minh HTX",
        "các tỉnh",
        "Tây Bắc",
        "Đồng bằng sông Hồng",
        "ĐBSCL",
        "năm",
        "2023",
        "2024",
        "HTX",
        "THT",
        "tổ hợp tác",
        "liên hiệp",
        "thành viên",
        "lao động",
        "tỷ",
        "tỉ lệ",
        "triệu",
        "nghìn",
        "đồng",
        "/người/năm",
        "/tháng",
        "/HTX",
        "4.169",
        "1.269,5",
        "65 - 70",
        "từ",
        "đến",
        "hơn",
        "gần",
        "khoảng",
        "ước đạt",
        "thành lập mới",
        "giải thể",
        "trong đó",
        "Riêng",
        "bình quân",
        "chiếm",
        "%",
        "có",
        "là",
        "lên",
        ":",
        ";",
        ",",
        ".",
        "(",
        ")",
        "-",
        "–",
        "…",
        "...",
        "\n",
        "\n\n",
        "Cụm trưởng",
        "Cụm phó",
        "cho",
        "làm",
        "trao cờ",
        "Lào Cai",
        "Sơn La",
        "tỉnh",
        "thành phố Huế",
        "Sáng",
        "30/11/2023",
        "14-12-2021",
        "lần thứ",
        "XII",
        "hai",
        "mục tiêu",
        "phấn đấu",
        "Tin liên quan",
        "LEAVE A REPLY",
        "# ",
        "- ",
        "[x](/y)",
        "Thứ bảy, 01/10/2022",
        "đề nghị",
        "tặng",
        "Cờ thi đua",
        "Bằng khen",
        "ông",
        "Nguyễn Văn A",
        "Chủ tịch",
        "số 5",
        "0",
        "07",
        "9999999999999999999999",
        "ầ",
        "\u{0301}",
        "\u{00a0}",
        "<p>",
        "</p>",
        "&amp;",
    ];

    fn article() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(ARTICLE_TOKENS), 0..300).prop_map(|t| t.join(" "))
    }

    const QUERY_TOKENS: &[&str] = &[
        "clusters",
        "facts",
        "provinces",
        "where",
        "show",
        "by",
        "sort",
        "limit",
        "and",
        "or",
        "not",
        "in",
        "between",
        "is",
        "null",
        "as",
        "asc",
        "desc",
        "explain",
        "name",
        "year",
        "htx_total",
        "count",
        "sum",
        "avg",
        "(",
        ")",
        ",",
        "=",
        "!=",
        "<",
        ">=",
        "~",
        "+",
        "-",
        "*",
        "/",
        "1",
        "2.5",
        "\"tây\"",
        "\"a\\\"b\"",
        "\"",
        "#",
        "\n",
        ";",
        "*",
        "\0",
        "ầ",
        "yeer",
    ];

    thread_local! {
        static ENGINE: htxq::Engine = htxq::Engine::builtin().unwrap();
    }

    fn query() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(QUERY_TOKENS), 0..40).prop_map(|t| t.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn extraction_never_panics(text in article(), html in any::<bool>()) {
            let name = if html { "soup.html" } else { "soup.txt" };
            if let Ok(doc) = htxq::ingest::parse(name, text.as_bytes()) {
                let ex = htxq::extract::extract(&doc);
                for f in &ex.facts {
                    prop_assert!(f.start <= f.end && f.sentence.start <= f.start && f.end <= f.sentence.end);
                    let _ = f.sentence_text(&doc.text);
                }
            }
        }

        #[test]
        fn queries_never_panic(q in query()) {
            ENGINE.with(|engine| {
                for r in htxq::syntax::split(&q) {
                    if let Err(htxq::Error::Query(e)) = engine.run(&q[r.clone()]) {
                        let _ = htxq::report::render(&e.shifted(r.start), &q, None);
                    }
                }
            });
            let _ = htxq::complete::complete(&q, q.len() / 2, &["Tây Bắc".to_string()]);
            let _ = htxq::syntax::is_unfinished(&q);
        }
    }
}

/// Inputs found by review that once panicked or took minutes (each a regression test).
#[test]
fn review_findings_stay_fixed() {
    // a page date after leading combining marks: folded and original offsets differ
    let text =
        format!("{}date 2025-11-15 Tiêu đề về Cụm thi đua Liên minh HTX\nNội dung bài viết.\n", "\u{301}".repeat(8));
    let _ = htxq::ingest::parse("a.txt", text.as_bytes());
    // found by htxq-fuzz: the window after "lần thứ N" ended inside a letter (two spaces after it)
    let text =
        format!("{LEAD}Hội nghị tổng kết lần thứ 5 của  Cụm thi đua Liên minh HTX các tỉnh Duyên hải Nam Trung Bộ.\n");
    let doc = htxq::ingest::parse("a.txt", text.as_bytes()).unwrap();
    let _ = htxq::extract::extract(&doc);
    // a malformed ISO date in page metadata
    let page = r#"<html><head><meta property="article:published_time" content="2023-12-0é"></head><body><p>x</p></body></html>"#;
    let _ = htxq::ingest::parse("a.html", page.as_bytes());
    // a double space inside a person's name
    let text = format!(
        "{LEAD}Dự hội nghị có ông Đỗ  Ấn, Chủ tịch Liên minh HTX tỉnh Yên Bái; ông Nguyễn  Văn An, Phó Chủ tịch.\n"
    );
    let doc = htxq::ingest::parse("a.txt", text.as_bytes()).unwrap();
    let people = htxq::extract::extract(&doc).people;
    assert!(people.iter().any(|p| p.name == "Nguyễn Văn An"), "{people:?}");
    // long runs that were quadratic: dots, award and title words, a long lead before a list
    let slow = [
        format!("{LEAD}a{}b\n", ".".repeat(100_000)),
        format!("{LEAD}{}\n", "cờ thi đua ".repeat(20_000)),
        format!("{LEAD}{}\n", "ông Văn Ba Chủ tịch ".repeat(10_000)),
        format!("{LEAD}{}{}\n", "Toàn Cụm có thành lập ".repeat(5_000), "1; ".repeat(20_000)),
    ];
    for text in slow {
        let doc = htxq::ingest::parse("a.txt", text.as_bytes()).unwrap();
        let _ = htxq::extract::extract(&doc);
    }
    // found by htxq-fuzz: SQL's first word after a comment parsed as an entity named `select`
    let e = htxq::syntax::parse("# every cluster\nselect # a comment\n").unwrap_err();
    assert!(e.message.contains("is SQL"), "{e:?}");
    // a query script of 40,000 lines, and one followed by 40,000 blank lines
    let script = format!("clusters where year in (\n{}2023)\n", "2023,\n".repeat(40_000));
    assert_eq!(htxq::syntax::split(&script).len(), 1);
    let script = format!("clusters\n{}facts\n", "\n".repeat(40_000));
    assert_eq!(htxq::syntax::split(&script).len(), 2);
}

/// Queries the checker accepts never reach SQLite's own errors: each limit or misuse gets an
/// htxq error that says what to do.
#[test]
fn accepted_queries_never_end_in_a_raw_sqlite_error() {
    let engine = htxq::Engine::builtin().unwrap();
    let wide = format!("clusters show {}", (0..2100).map(|i| format!("year as y{i}")).collect::<Vec<_>>().join(", "));
    let many =
        format!("clusters where year in ({})", (0..33_000).map(|i| i.to_string()).collect::<Vec<_>>().join(", "));
    let cases: [(&str, &str); 5] = [
        ("clusters show 1 sort max(year)", "sorts by an aggregate"),
        // found by htxq-fuzz: SQLite's window aggregates take no DISTINCT
        ("facts show count(distinct key) per cluster", "cannot be computed `per`"),
        ("clusters show sum(9223372036854775807)", "integer overflow"),
        (&wide, "at most 1000"),
        (&many, "at most 10000"),
    ];
    for (query, says) in cases {
        let e = engine.query(query).unwrap_err().to_string();
        assert!(e.contains(says), "{:.60}: {e}", query);
        assert!(!e.starts_with("SQLite:"), "{:.60}: {e}", query);
        assert!(e.len() < 400, "a short message, not the SQL: {:.200}", e);
    }
}

/// Found by htxq-fuzz: `limit ... per` kept the rows' own FROM by splitting the SQL at its first
/// " FROM ", which a relation's subquery in the select list also has.
#[test]
fn limit_per_with_a_relation_in_the_select_list_runs() {
    let engine = htxq::Engine::builtin().unwrap();
    let rs = engine.query("people show name, articles.chars as chars, null limit 1 per year").unwrap();
    let years = engine.query("people show distinct year").unwrap();
    assert_eq!(rs.rows.len(), years.rows.len(), "one person per year");
    assert!(rs.rows.iter().all(|r| r[1].as_i64().is_some_and(|c| c > 0) && r[2].is_null()));
}

/// A database htxq cannot use says why, not "not an htxq database" for every cause.
#[test]
fn a_database_that_cannot_be_read_says_why() {
    let dir = super::util::tempdir();
    let image = htxq::store::BUILTIN_IMAGE;
    let path = |name: &str| dir.path().join(name);
    std::fs::write(path("truncated.db"), &image[..image.len() / 3]).unwrap();
    std::fs::write(path("text.db"), b"hello, not a database").unwrap();
    rusqlite::Connection::open(path("other.db")).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    std::fs::write(path("locked.db"), image).unwrap();
    let lock = rusqlite::Connection::open(path("locked.db")).unwrap();
    lock.execute_batch("BEGIN EXCLUSIVE; DELETE FROM htxq_meta WHERE 0;").unwrap();
    for (name, says) in [
        ("truncated.db", "damaged"),
        ("text.db", "not an SQLite database"),
        ("other.db", "not an htxq database"),
        ("locked.db", "locked"),
    ] {
        let e = htxq::Engine::open(path(name)).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains(says), "{name}: {e}");
    }
    drop(lock);
}

/// A database missing one of htxq's inner tables is refused, by `build` too: no build derives
/// clusters from half a database (dropping `reports` once made a build keep 1 cluster row of 30).
#[test]
fn a_database_missing_an_inner_table_is_refused_not_rebuilt_from_nothing() {
    let dir = super::util::tempdir();
    let db = dir.path().join("built.db");
    std::fs::write(&db, htxq::store::BUILTIN_IMAGE).unwrap();
    rusqlite::Connection::open(&db).unwrap().execute_batch("DROP TABLE reports").unwrap();
    let e = htxq::Engine::open(&db).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("`reports` is missing"), "{e}");
    let article = root().join("tests/fixtures/merge/a_baodaklak_taynguyen_2021.txt");
    let e = htxq::store::build(&db, &[article]).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("`reports` is missing"), "{e}");
}

/// The fastest of three runs of `f`.
fn fastest(mut f: impl FnMut()) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let t = std::time::Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// The work of an input doubled twice over, as a multiple of the input's: about 4 when the work
/// is linear, about 16 when quadratic; under 8 passes, whatever else loads the machine (two
/// doublings keep the two far apart, where one doubling's 2 and 4 are not).
fn growth(small: impl FnMut(), large: impl FnMut()) -> f64 {
    fastest(large).as_secs_f64() / fastest(small).as_secs_f64()
}

/// Doubling the input (twice) doubles the work (twice), measured as a ratio inside this test: one sentence of many figures (a per-figure backward search for an open
/// parenthesis made it quadratic), and a megabyte name that is no field (its "did you mean").
#[test]
fn doubling_the_input_doubles_the_work() {
    let sentence = |n: usize| {
        let figures: Vec<String> = (1..=n).map(|i| format!("{i} HTX")).collect();
        format!(
            "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2023\n\nNăm 2023, toàn Cụm có {}.\n",
            figures.join(", ")
        )
    };
    let extract = |text: &str| {
        let doc = htxq::ingest::parse("figures.txt", text.as_bytes()).unwrap();
        std::hint::black_box(htxq::extract::extract(&doc));
    };
    let (small, large) = (sentence(5_000), sentence(20_000));
    let ratio = growth(|| extract(&small), || extract(&large));
    assert!(ratio < 8.0, "figures: four times the input took {ratio:.1}x as long");

    // a breakdown whose items repeat, each in a parenthesis of its own (found by the fuzzer: each
    // item looked at every count before it, through its parentheses; 25 s for 1,400 items)
    let breakdown = |n: usize| {
        format!(
            "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2023\n\nNăm 2023, các tỉnh trong Cụm \
             thành lập mới 96 HTX{}, giải thể 47 HTX.\n",
            "(trong đó Lào Cai 12 HTX, ".repeat(n)
        )
    };
    let (small, large) = (breakdown(500), breakdown(2_000));
    let ratio = growth(|| extract(&small), || extract(&large));
    assert!(ratio < 8.0, "breakdown: four times the input took {ratio:.1}x as long");

    let query = |n: usize| format!("clusters where {} = 1", "x".repeat(n));
    let (small, large) = (query(200_000), query(800_000));
    let check = |q: &str| {
        std::hint::black_box(htxq::compile(q).unwrap_err());
    };
    let ratio = growth(|| check(&small), || check(&large));
    assert!(ratio < 8.0, "unknown name: four times the input took {ratio:.1}x as long");
}

/// Crash safety: a build killed at any point (SIGKILL, no chance to clean up) leaves the database
/// exactly as it was before, or exactly as the build makes it.
#[test]
fn a_build_killed_at_any_point_leaves_the_old_or_the_new_database() {
    use std::process::{Command, Stdio};
    use std::time::Instant;
    let dir = tempdir();
    let bin = env!("CARGO_BIN_EXE_htxq");
    let old_articles = root().join("data/articles");
    let new_articles = root().join("tests/fixtures/corpus");
    let build = |db: &Path, input: &Path| {
        let mut c = Command::new(bin);
        c.arg("--db").arg(db).arg("build").arg(input).stderr(Stdio::null()).stdout(Stdio::null());
        c
    };
    // the old database, and the new one the update makes (timed, to spread the kills over it)
    let old = dir.path().join("old.db");
    assert!(build(&old, &old_articles).status().unwrap().success());
    let new = dir.path().join("new.db");
    std::fs::copy(&old, &new).unwrap();
    let started = Instant::now();
    assert!(build(&new, &new_articles).status().unwrap().success());
    let took = started.elapsed();
    let (old_rows, new_rows) = (super::incremental::dump(&old), super::incremental::dump(&new));
    assert_ne!(old_rows, new_rows);
    let kills = 8;
    let (mut as_old, mut as_new) = (0, 0);
    for i in 0..kills {
        let db = dir.path().join(format!("killed{i}.db"));
        std::fs::copy(&old, &db).unwrap();
        let mut child = build(&db, &new_articles).spawn().unwrap();
        std::thread::sleep(took.mul_f64(f64::from(i) / f64::from(kills)));
        let _ = child.kill();
        let _ = child.wait();
        // htxq's own (read-only) engine rolls back the journal a killed build leaves, then reads
        let engine = Engine::open(&db).unwrap_or_else(|e| panic!("killed after {i}/{kills}: {e}"));
        engine.query("clusters show count()").unwrap();
        drop(engine);
        let rows = super::incremental::dump(&db);
        assert!(rows == old_rows || rows == new_rows, "killed after {i}/{kills} of {took:?}: a mixed database");
        if rows == old_rows { as_old += 1 } else { as_new += 1 }
    }
    assert!(as_old > 0, "the first kills come before the build commits ({as_new} of {kills} were new)");
}

/// The `facts` and `decisions` views give each row's sentence without cutting it out of the whole
/// article per row (which made `facts` on one 16 MB article take minutes): one article of four
/// times the sentences takes about four times as long to list, not sixteen.
#[test]
fn sentences_of_a_long_article_list_in_linear_time() {
    let dir = tempdir();
    let article = |n: usize| {
        let mut text = String::from("Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2023\n\n");
        for i in 0..n {
            text.push_str(&format!(
                "Đoạn {i}: năm 2023, toàn Cụm thành lập mới {} HTX ở tỉnh Sơn La.\n\n",
                100 + i % 900
            ));
        }
        text
    };
    let engine = |n: usize| {
        let folder = dir.path().join(format!("a{n}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("long.txt"), article(n)).unwrap();
        let db = dir.path().join(format!("long{n}.db"));
        htxq::store::build(&db, &[folder]).unwrap();
        Engine::open(&db).unwrap()
    };
    let (small, large) = (engine(1_500), engine(6_000));
    let list = |e: &Engine| {
        let rs = e.query("decisions show sentence").unwrap();
        assert!(rs.rows.len() >= 1_500);
    };
    let ratio = growth(|| list(&small), || list(&large));
    assert!(ratio < 8.0, "four times the sentences took {ratio:.1}x as long");
}

/// A database made by an older htxq is refused with the way out, and `htxq rebuild` re-extracts it
/// from the article texts it stores: the result is what a build from the files gives.
#[test]
fn an_older_database_is_re_extracted_from_its_stored_texts() {
    let dir = tempdir();
    let (old, fresh) = (dir.path().join("old.db"), dir.path().join("fresh.db"));
    let inputs = [root().join("tests/fixtures/corpus"), root().join("data/articles")];
    htxq::store::build(&fresh, &inputs).unwrap();
    std::fs::copy(&fresh, &old).unwrap();
    // what an older version left: another schema number, a table and the views on it missing
    let conn = rusqlite::Connection::open(&old).unwrap();
    conn.execute_batch(
        "UPDATE htxq_meta SET value = '1' WHERE key = 'schema_version';
         DROP VIEW facts; DROP VIEW decisions; DROP VIEW sources; DROP VIEW targets; DROP TABLE sentence_rows;",
    )
    .unwrap();
    drop(conn);
    let e = Engine::open(&old).err().expect("an older database is refused").to_string();
    assert!(e.contains("htxq rebuild --db"), "{e}");
    let o = super::util::htxq(&["--db", super::util::s(&old), "rebuild"], None);
    assert!(o.status.success(), "{}", super::util::stderr(&o));
    assert!(super::util::stderr(&o).contains("re-extracted"), "{}", super::util::stderr(&o));
    let (rebuilt, built) = (super::incremental::dump(&old), super::incremental::dump(&fresh));
    assert_eq!(rebuilt.len(), built.len());
    assert!(rebuilt == built, "rebuilt and built differ at {:?}", rebuilt.iter().zip(&built).find(|(a, b)| a != b));
    // rebuilding what is current changes nothing
    htxq::store::rebuild(&old).unwrap();
    assert!(super::incremental::dump(&old) == built);
}
