//! No article file makes a build panic, hang or eat memory: pathological "articles" are built
//! like any other (these once took minutes and tens of gigabytes: a figure per sentence copy, and
//! cue searches over the whole sentence for every figure).

use htxq::Engine;

use super::util::tempdir;

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
