//! Several articles about one cluster-year (`tests/fixtures/merge`): a cluster named only by its
//! number joins the one that names its region, figures merge by the stated rule (exact before
//! qualified, then the most recently published), and every statement stays in `facts`.

use htxq::{Engine, Value};

use super::util::{root, tempdir};

fn engine() -> (tempfile::TempDir, Engine) {
    let dir = tempdir();
    let db = dir.path().join("merge.db");
    let report = htxq::store::build(&db, &[root().join("tests/fixtures/merge")]).unwrap();
    assert_eq!(report.added, 3, "{report:?}");
    (dir, Engine::open(&db).unwrap())
}

#[test]
fn one_cluster_one_row_whatever_it_is_called() {
    let (_dir, engine) = engine();
    let rs = engine.query("clusters show name, number, year").unwrap();
    assert_eq!(rs.rows, vec![vec![Value::Text("Tây Nguyên".into()), Value::Integer(5), Value::Integer(2021)]]);
    let rs = engine.query("articles show cluster, year sort id").unwrap();
    assert!(rs.rows.iter().all(|r| r[0] == Value::Text("Tây Nguyên".into()) && r[1] == Value::Integer(2021)), "{rs:?}");
}

#[test]
fn disagreeing_figures_follow_the_merge_rule_and_all_are_kept() {
    let (_dir, engine) = engine();
    // 2.345 (exact, 10/12), 2.350 (exact, 20/12), "hơn 2.400" (more than, 15/12):
    // exact before qualified, then the most recently published
    let rs = engine.query("clusters show htx_total, htx_new, tht_total, htx_members, next_head").unwrap();
    assert_eq!(
        rs.rows,
        vec![vec![
            Value::Integer(2350),
            Value::Integer(150),
            Value::Integer(1500),
            Value::Integer(98000),
            Value::Text("Gia Lai".into())
        ]]
    );
    let rs = engine.query("facts where key = \"htx_total\" show value, qualifier, used sort value").unwrap();
    let t = |s: &str| Value::Text(s.into());
    assert_eq!(
        rs.rows,
        vec![
            vec![Value::Integer(2345), t("exact"), Value::Integer(0)],
            vec![Value::Integer(2350), t("exact"), Value::Integer(1)],
            vec![Value::Integer(2400), t("more_than"), Value::Integer(0)],
        ]
    );
}

#[test]
fn related_links_in_markdown_and_text_give_nothing() {
    let (_dir, engine) = engine();
    for v in [40, 35] {
        assert!(engine.query(&format!("facts where value = {v}")).unwrap().rows.is_empty(), "{v}");
    }
}

/// Articles that disagree are not merged without a word: the row lists the field in `conflicts`
/// and `facts` shows every value with its sentence.
#[test]
fn disagreement_is_listed_in_conflicts() {
    let (_dir, engine) = engine();
    let rs = engine.query("clusters where conflicts is not null show name, year, conflicts").unwrap();
    assert_eq!(
        rs.rows,
        vec![vec![Value::Text("Tây Nguyên".into()), Value::Integer(2021), Value::Text("htx_total".into())]]
    );
    // the three articles agree on the rest: 150 new HTX, "hơn 98.000" members
    let rs = engine.query("clusters where conflicts ~ \"htx_new\" show name").unwrap();
    assert!(rs.rows.is_empty(), "{rs:?}");
    let rs = engine.query("facts where key = \"htx_total\" show value, sentence sort value").unwrap();
    let values: Vec<&Value> = rs.rows.iter().map(|r| &r[0]).collect();
    assert_eq!(values, [&Value::Integer(2345), &Value::Integer(2350), &Value::Integer(2400)]);
    assert!(rs.rows.iter().all(|r| r[1].as_str().is_some_and(|s| s.contains("HTX"))), "{rs:?}");
}

/// Text values are traced too: `sources` gives each article's value of a report field with the
/// sentence that said it, and whether the cluster's row holds it.
#[test]
fn every_text_value_has_its_sentence() {
    let (_dir, engine) = engine();
    let rs = engine.query("sources where field = \"next_head\" show value, used, sentence").unwrap();
    assert!(!rs.rows.is_empty(), "{rs:?}");
    for row in &rs.rows {
        assert_eq!(row[0], Value::Text("Gia Lai".into()));
        assert_eq!(row[1], Value::Integer(1));
        assert!(row[2].as_str().is_some_and(|s| s.contains("Gia Lai") && s.contains("Cụm trưởng")), "{row:?}");
    }
    // the articles name the place differently: both stay, with their sentences; one is used
    let rs = engine.query("sources where field = \"location\" show value, used, sentence sort value").unwrap();
    let values: Vec<(&Value, &Value)> = rs.rows.iter().map(|r| (&r[0], &r[1])).collect();
    assert_eq!(
        values,
        [
            (&Value::Text("Đắk Lắk".into()), &Value::Integer(1)),
            (&Value::Text("thành phố Buôn Ma Thuột".into()), &Value::Integer(0))
        ]
    );
    assert!(rs.rows.iter().all(|r| r[2].as_str().is_some_and(|s| s.contains("tại"))), "{rs:?}");
    // every stored text value of the row can be traced
    let rs = engine.query("clusters show next_head, event_date, location").unwrap();
    for (field, value) in ["next_head", "event_date", "location"].iter().zip(&rs.rows[0]) {
        let Value::Text(v) = value else { panic!("{field}: {value:?}") };
        let q = format!("sources where field = \"{field}\" and value = \"{v}\" and used = 1 show sentence");
        assert!(!engine.query(&q).unwrap().rows.is_empty(), "{field} = {v} has no source");
    }
}

/// A table marks a value the articles disagree on, so a reader sees it without asking; the
/// value itself, and every other format, stay as they are.
#[test]
fn tables_mark_disputed_values() {
    let (_dir, engine) = engine();
    let rs = engine.query("clusters show name, year, htx_total, htx_new").unwrap();
    assert_eq!(rs.disputed, vec![(0, 2)]);
    let opts = htxq::render::TableOptions::default();
    let table = htxq::render::render(&rs, htxq::render::Format::Table, &opts).unwrap();
    assert!(table.contains("2350 (≠)"), "{table}");
    assert!(!table.contains("150 (≠)"), "{table}");
    assert!(table.contains("`facts where key = \"htx_total\"` shows each with its sentence"), "{table}");
    let json = htxq::render::render(&rs, htxq::render::Format::Json, &opts).unwrap();
    assert_eq!(json.trim(), r#"[{"name":"Tây Nguyên","year":2021,"htx_total":2350,"htx_new":150}]"#);
    // an aggregate is no cluster's value: nothing to mark
    assert!(engine.query("clusters show sum(htx_total)").unwrap().disputed.is_empty());
    // a row without the field shown has nothing marked either
    assert!(engine.query("clusters show name, htx_new").unwrap().disputed.is_empty());
}

/// One award of a cluster-year, however many articles tell of it: the blind set's two reports of
/// the Tây Nguyên 2018 conference both nominate Liên minh HTX tỉnh Lâm Đồng for the flag.
#[test]
fn an_award_told_by_two_articles_is_one_award() {
    let dir = tempdir();
    let db = dir.path().join("awards.db");
    let set = root().join("tests/fixtures/blind6");
    let two: Vec<_> = std::fs::read_dir(&set)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("02_") || n.to_string_lossy().starts_with("03_"))
        })
        .collect();
    assert_eq!(two.len(), 2);
    htxq::store::build(&db, &two).unwrap();
    let engine = Engine::open(&db).unwrap();
    let told = engine.query(r#"articles show count(distinct id)"#).unwrap();
    assert_eq!(told.rows[0][0], Value::Integer(2));
    let rs = engine.query(r#"awards where recipient ~ "Lâm Đồng" show recipient, kind, status, article"#).unwrap();
    assert_eq!(rs.rows.len(), 1, "{rs:?}");
    assert_eq!(rs.rows[0][1], Value::Text("flag".into()));
    assert_eq!(rs.rows[0][2], Value::Text("nominated".into()));
}

/// A roundup of two clusters' conferences, each under a heading of its own
/// (`tests/fixtures/roundup`): two cluster-years from one article, each with its own figures,
/// roles, people and sources, none of one filed under the other; a third heading with a one-line
/// teaser tells of no meeting and gives no row.
#[test]
fn a_roundup_gives_each_cluster_its_own_report() {
    let dir = tempdir();
    let db = dir.path().join("roundup.db");
    let report = htxq::store::build(&db, &[root().join("tests/fixtures/roundup")]).unwrap();
    assert_eq!((report.added, report.clusters), (1, 2), "{report:?}");
    let engine = Engine::open(&db).unwrap();
    let rs =
        engine.query("clusters show name, year, head, next_head, htx_total, htx_new, event_date sort name").unwrap();
    let text = |s: &str| Value::Text(s.into());
    assert_eq!(
        rs.rows,
        vec![
            vec![
                text("Đông Nam Bộ"),
                Value::Integer(2019),
                text("Đồng Nai"),
                text("Bình Dương"),
                Value::Integer(1815),
                Value::Integer(174),
                text("2019-12-19")
            ],
            vec![
                text("Tây Bắc"),
                Value::Integer(2019),
                text("Sơn La"),
                text("Điện Biên"),
                Value::Integer(1930),
                Value::Integer(205),
                text("2019-12-17")
            ],
        ]
    );
    let rs = engine.query("people show name, cluster sort name").unwrap();
    assert_eq!(
        rs.rows,
        vec![vec![text("Lò Văn Thành"), text("Tây Bắc")], vec![text("Nguyễn Thị Mai Hương"), text("Đông Nam Bộ")]]
    );
    let rs = engine.query("sources where field = \"head\" show cluster, value, used sort cluster").unwrap();
    assert_eq!(
        rs.rows,
        vec![
            vec![text("Đông Nam Bộ"), text("Đồng Nai"), Value::Integer(1)],
            vec![text("Tây Bắc"), text("Sơn La"), Value::Integer(1)]
        ]
    );
    // no cluster-year conflicts with itself, no session of another body
    let rs = engine.query("clusters where conflicts is not null or session is not null").unwrap();
    assert!(rs.rows.is_empty(), "{rs:?}");
}
