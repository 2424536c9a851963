//! The gold file (`tests/gold/seeds.json`, the same data `tools/eval_extraction.py` scores) checked
//! field by field against the built-in corpus, and facts traced back to their sentences.

use htxq::{Engine, Value};
use serde_json::Value as Json;

use super::util::fold_name;

fn gold(path: &str) -> Json {
    let text = std::fs::read_to_string(super::util::root().join(path)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn clusters(engine: &Engine) -> Vec<serde_json::Map<String, Json>> {
    let rs = engine.query("clusters").unwrap();
    match serde_json::to_value(&rs).unwrap() {
        Json::Array(rows) => rows.into_iter().map(|r| r.as_object().unwrap().clone()).collect(),
        _ => unreachable!(),
    }
}

/// Compares one field as the scorer does; `None` when it matches, else what was wrong.
fn mismatch(got: Option<&Json>, want: &Json) -> Option<String> {
    let got = got.cloned().unwrap_or(Json::Null);
    let ok = match want {
        Json::Object(o) if o.contains_key("between") => {
            let range = o["between"].as_array().unwrap();
            let (lo, hi) = (range[0].as_f64().unwrap(), range[1].as_f64().unwrap());
            got.as_f64().is_some_and(|v| lo <= v && v <= hi)
        }
        Json::Array(names) => {
            let mut want: Vec<String> = names.iter().map(|n| fold_name(n.as_str().unwrap())).collect();
            // a list field is a JSON array of names
            let mut have: Vec<String> = match &got {
                Json::Array(items) => items.iter().filter_map(Json::as_str).map(fold_name).collect(),
                _ => Vec::new(),
            };
            want.sort();
            have.sort();
            want == have
        }
        Json::Number(n) => {
            got.as_f64().is_some_and(|g| (g - n.as_f64().unwrap()).abs() <= n.as_f64().unwrap().abs() * 0.001)
        }
        Json::String(s) => got.as_str().is_some_and(|g| fold_name(g) == fold_name(s)),
        _ => false,
    };
    (!ok).then(|| format!("got {got}, want {want}"))
}

/// Checks every gold entry field by field; panics listing every miss.
fn check_gold(engine: &Engine, gold: &Json) {
    let rows = clusters(engine);
    let mut misses = Vec::new();
    if rows.len() as u64 != gold["cluster_rows"].as_u64().unwrap() {
        misses.push(format!("cluster rows: got {}, want {}", rows.len(), gold["cluster_rows"]));
    }
    for g in gold["clusters"].as_array().unwrap() {
        let name = fold_name(g["name"].as_str().unwrap());
        let year = g["year"].as_i64().unwrap();
        let matches: Vec<_> = rows
            .iter()
            .filter(|r| {
                let n = fold_name(r["name"].as_str().unwrap_or(""));
                r["year"].as_i64() == Some(year) && (n.contains(&name) || name.contains(&n))
            })
            .collect();
        if matches.len() != 1 {
            misses.push(format!("{name} {year}: {} matching rows", matches.len()));
            continue;
        }
        let row = matches[0];
        for (field, want) in g["fields"].as_object().unwrap() {
            if let Some(m) = mismatch(row.get(field), want) {
                misses.push(format!("{name} {year}: {field}: {m}"));
            }
        }
        for field in g["must_be_empty"].as_array().unwrap() {
            let f = field.as_str().unwrap();
            if !row.get(f).is_none_or(Json::is_null) {
                misses.push(format!("{name} {year}: {f} must be empty, got {}", row[f]));
            }
        }
    }
    assert!(misses.is_empty(), "extraction misses:\n{}", misses.join("\n"));
}

#[test]
fn seeds_gold_field_by_field() {
    check_gold(&Engine::builtin().unwrap(), &gold("tests/gold/seeds.json"));
}

/// The team's own corpus (`tests/fixtures/corpus`, see `tests/fixtures/CORPUS.md`): other
/// clusters, HTML/Markdown pages, NFD and old tone placement, look-alike articles, traps.
#[test]
fn corpus_gold_field_by_field() {
    check_folder("tests/fixtures/corpus", "tests/fixtures/corpus_gold.json", 18);
}

/// Builds a folder of articles (all of which must be read) and checks it against its gold.
fn check_folder(folder: &str, gold_file: &str, articles: usize) {
    let dir = super::util::tempdir();
    let db = dir.path().join("gold.db");
    let report = htxq::store::build(&db, &[super::util::root().join(folder)]).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.added, articles);
    check_gold(&Engine::open(&db).unwrap(), &gold(gold_file));
}

#[test]
fn every_cluster_figure_is_traced_to_its_sentence() {
    let engine = Engine::builtin().unwrap();
    let facts = engine
        .query(
            "facts where used = 1 and province is null show cluster, year, key, value, sentence, start, end, article",
        )
        .unwrap();
    // one used fact per figure shown in `clusters`
    let clusters = engine.query("clusters").unwrap();
    let figures = htxq::catalog::Figure::CLUSTER.map(|f| f.name());
    let cells = clusters
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| figures.contains(&c.name.as_str()))
        .map(|(i, _)| clusters.rows.iter().filter(|r| !r[i].is_null()).count())
        .sum::<usize>();
    assert_eq!(facts.rows.len(), cells);
    let articles = engine.connection();
    for row in &facts.rows {
        let [_, _, key, _, Value::Text(sentence), Value::Integer(start), Value::Integer(end), Value::Integer(article)] =
            row.as_slice()
        else {
            panic!("unexpected row {row:?}")
        };
        let text: String =
            articles.query_row("SELECT text FROM articles WHERE id = ?1", [article], |r| r.get(0)).unwrap();
        let mention: String = text.chars().skip(*start as usize).take((*end - *start) as usize).collect();
        assert!(sentence.contains(&mention), "{key:?}: `{mention}` not in `{sentence}`");
        assert!(mention.starts_with(|c: char| c.is_ascii_digit()), "{key:?}: mention `{mention}`");
    }
}

#[test]
fn card_query_tay_bac_2023() {
    let engine = Engine::builtin().unwrap();
    let rs = engine.query("clusters where year=2023 show htx_total").unwrap();
    assert_eq!(rs.rows, vec![vec![Value::Integer(4169)]]);
    let fact =
        engine.query("facts where key = \"htx_total\" and year = 2023 show value, qualifier, unit, sentence").unwrap();
    assert_eq!(fact.get(0, "value"), Some(&Value::Integer(4169)));
    assert_eq!(fact.get(0, "qualifier"), Some(&Value::Text("exact".into())));
    assert!(fact.get(0, "sentence").unwrap().as_str().unwrap().contains("4.169 HTX"));
}

#[test]
fn ranges_keep_both_ends_and_qualifiers() {
    let engine = Engine::builtin().unwrap();
    let rs = engine.query("facts where key = \"income_avg\" and year = 2025 show value, low, high, qualifier").unwrap();
    assert_eq!(
        rs.rows,
        vec![vec![
            Value::Integer(67_500_000),
            Value::Integer(65_000_000),
            Value::Integer(70_000_000),
            Value::Text("exact".into())
        ]]
    );
    let rs = engine.query("facts where key = \"htx_members\" and year = 2024 show value, qualifier").unwrap();
    assert_eq!(rs.rows, vec![vec![Value::Integer(2_400_000), Value::Text("less_than".into())]]);
}

#[test]
fn traps_give_no_figure() {
    let engine = Engine::builtin().unwrap();
    // "255 mô hình HTX mới" are models; "Thành lập mới từ 200-250 HTX" is a target; "52 HTX/tỉnh/năm"
    // is an average; "Riêng Quỹ ... 61.175 triệu đồng" is a subset; "trên 200 tỷ đồng" is in a
    // "Check Also" block about another story.
    for (value, what) in
        [(255, "models"), (52, "an average"), (61_175_000_000_i64, "a subset"), (200_000_000_000, "furniture")]
    {
        let rs = engine.query(&format!("facts where value = {value} or low = {value}")).unwrap();
        assert!(rs.rows.is_empty(), "{what} became a fact: {rs:?}");
    }
    let targets = engine.query("targets where key = \"htx_new\" show cluster, year, low, high").unwrap();
    assert_eq!(
        targets.rows,
        vec![vec![
            Value::Text("Đồng bằng sông Hồng".into()),
            Value::Integer(2025),
            Value::Integer(200),
            Value::Integer(250)
        ]]
    );
}

#[test]
fn provinces_know_roles_and_breakdowns() {
    let engine = Engine::builtin().unwrap();
    let rs =
        engine.query("provinces where cluster ~ \"tay bac\" and role != \"member\" show name, role sort role").unwrap();
    assert_eq!(
        rs.rows,
        vec![
            vec![Value::Text("Lào Cai".into()), Value::Text("deputy".into())],
            vec![Value::Text("Phú Thọ".into()), Value::Text("head".into())],
        ]
    );
    let rs = engine.query("provinces where cluster ~ \"tay nguyen\" and htx_new is not null show name, htx_new sort htx_new desc, name").unwrap();
    let got: Vec<(String, i64)> =
        rs.rows.iter().map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_i64().unwrap())).collect();
    let want = [("Đắk Lắk", 72), ("Gia Lai", 43), ("Kon Tum", 43), ("Đắk Nông", 21), ("Lâm Đồng", 20)];
    assert_eq!(got, want.map(|(n, v)| (n.to_string(), v)));
    // the 2025 merger: Yên Bái before it, and Lào Cai (which absorbed Yên Bái) after it
    let rs =
        engine.query("provinces where name ~ \"yen bai\" show name, year, merged_into, merged_from sort year").unwrap();
    let t = |s: &str| Value::Text(s.into());
    assert_eq!(
        rs.rows,
        vec![
            vec![t("Yên Bái"), Value::Integer(2023), t("Lào Cai"), Value::Null],
            vec![t("Lào Cai"), Value::Integer(2025), t("Lào Cai"), t("Yên Bái")],
        ]
    );
    // `=`, `!=` and `in` compare the names themselves (folded); only `~` follows the merger
    let rs = engine.query("provinces where name = \"Yên Bái\" or name in (\"yen bai\") show year").unwrap();
    assert_eq!(rs.rows, vec![vec![Value::Integer(2023)]]);
    let rs = engine.query("provinces where name != \"yen bai\" and year >= 2023 show count()").unwrap();
    let all = engine.query("provinces where year >= 2023 show count()").unwrap();
    assert_eq!(rs.rows[0][0].as_i64().unwrap(), all.rows[0][0].as_i64().unwrap() - 1);
}

#[test]
fn awards_and_people_of_the_tay_bac_report() {
    let engine = Engine::builtin().unwrap();
    let rs = engine
        .query("awards where cluster ~ \"tay bac\" by kind show kind, count() as n, min(grantor) as grantor sort kind")
        .unwrap();
    assert_eq!(
        rs.rows,
        vec![
            vec![
                Value::Text("flag".into()),
                Value::Integer(3),
                Value::Text("Ban Chấp hành Liên minh HTX Việt Nam".into())
            ],
            vec![Value::Text("merit".into()), Value::Integer(5), Value::Text("Chủ tịch Liên minh HTX Việt Nam".into())],
        ]
    );
    let rs = engine.query("awards where recipient ~ \"thang loi\" show province").unwrap();
    assert_eq!(rs.rows, vec![vec![Value::Text("Yên Bái".into())]]);
    let rs = engine.query("people where name ~ \"cao xuan thu van\" show title, organization").unwrap();
    assert_eq!(rs.rows, vec![vec![Value::Text("Chủ tịch".into()), Value::Text("Liên minh HTX Việt Nam".into())]]);
    let rs = engine.query("people where organization ~ \"UBND\" show name, title").unwrap();
    assert_eq!(rs.rows, vec![vec![Value::Text("Lý Vinh Quang".into()), Value::Text("Phó Chủ tịch".into())]]);
}

/// The second corpus (`tests/fixtures/heldout`, see `tests/fixtures/HELDOUT.md`), written without
/// sight of the extractor; it scored 0.895 before the extractor was changed for it, and is now a
/// regression corpus like the others.
#[test]
fn heldout_gold_field_by_field() {
    check_folder("tests/fixtures/heldout", "tests/fixtures/heldout_gold.json", 12);
}

/// The third set (`tests/fixtures/blind2`, see `tests/fixtures/BLIND2.md`), written without sight
/// of the extractor: tables (pipe, tab, HTML), post-merger member lists, disagreeing articles. It
/// scored 0.668 blind; now a regression corpus.
#[test]
fn blind2_gold_field_by_field() {
    check_folder("tests/fixtures/blind2", "tests/fixtures/blind2_gold.json", 10);
}

/// The host (`clusters.host`): the province whose alliance "đăng cai" the conference this year,
/// named before or after the word; next year's host is not this year's.
#[test]
fn the_host_is_the_province_that_hosts_this_year() {
    let report = |body: &str| {
        let text = format!(
            "Cụm thi đua Liên minh HTX các tỉnh Tây Nguyên tổng kết năm 2023\n\n\
             Ngày 8/12/2023, Cụm thi đua Liên minh HTX các tỉnh Tây Nguyên tổ chức hội nghị tổng kết \
             công tác thi đua năm 2023. {body}\n"
        );
        let doc = htxq::ingest::parse("host.txt", text.as_bytes()).unwrap();
        htxq::extract::extract(&doc).report.unwrap().host
    };
    assert_eq!(report("Hội nghị do Liên minh HTX tỉnh Kon Tum đăng cai tổ chức.").as_deref(), Some("Kon Tum"));
    assert_eq!(report("Đơn vị đăng cai năm nay là Liên minh HTX tỉnh Gia Lai.").as_deref(), Some("Gia Lai"));
    assert_eq!(report("Năm 2024, hội nghị sẽ do Liên minh HTX tỉnh Đắk Nông đăng cai.").as_deref(), None);
    assert_eq!(report("Toàn Cụm có 2.100 HTX.").as_deref(), None);
    // a field declared once is a column users can query
    let dir = super::util::tempdir();
    let file = dir.path().join("a.txt");
    std::fs::write(
        &file,
        "Cụm thi đua Liên minh HTX các tỉnh Tây Nguyên tổng kết năm 2023\n\nNgày 8/12/2023, Cụm thi đua Liên \
         minh HTX các tỉnh Tây Nguyên tổ chức hội nghị tổng kết năm 2023 do Liên minh HTX tỉnh Kon Tum đăng cai.\n",
    )
    .unwrap();
    let db = dir.path().join("h.db");
    htxq::store::build(&db, &[file]).unwrap();
    let rs = Engine::open(&db).unwrap().query("clusters where host ~ \"kon tum\" show name, year, host").unwrap();
    assert_eq!(rs.rows().len(), 1, "{rs:?}");
}

/// People carry their article's cluster and year; targets their actual and whether it was met;
/// articles their text, shown by name only.
#[test]
fn people_targets_and_articles_carry_their_context() {
    let engine = Engine::builtin().unwrap();
    let rs = engine.query("people where name ~ \"do nhan dao\" show cluster, year").unwrap();
    assert_eq!(rs.rows, vec![vec![Value::Text("Tây Bắc".into()), Value::Integer(2023)]]);
    let rs = engine.query("targets show key, year, low, actual, met").unwrap();
    assert!(!rs.rows.is_empty());
    // no report states a figure of the target years in the built-in corpus
    assert!(rs.rows.iter().all(|r| r[3] == Value::Null && r[4] == Value::Null), "{rs:?}");
    let all = engine.query("articles").unwrap();
    assert!(!all.column_names().contains(&"text"), "{:?}", all.column_names());
    let rs = engine.query("articles where text ~ \"cờ thi đua\" show count()").unwrap();
    assert!(rs.rows[0][0].as_i64().unwrap() >= 1, "{rs:?}");
}
