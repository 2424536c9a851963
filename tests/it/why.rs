//! `htxq why`: every number of an article, what it became and why, on a fixture written as a
//! newspaper page (menu, date line, title, lead, figures, traps, related links).

use super::util::{htxq, stderr, stdout};

const PAGE: &str = "tests/fixtures/why/baotaybac_tongket_2023.md";

/// The CSV rows of `htxq why PAGE`: (number, became, field, province, reason, rule).
fn decisions() -> Vec<Vec<String>> {
    let o = htxq(&["why", PAGE, "--format", "csv"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, ["line", "col", "number", "became", "field", "province", "year", "reason", "rule"]);
    reader.records().map(|r| r.unwrap().iter().skip(2).map(str::to_string).collect()).collect()
}

/// The decision about the number written `number` (the first such).
fn about(rows: &[Vec<String>], number: &str) -> Vec<String> {
    rows.iter().find(|r| r[0] == number).cloned().unwrap_or_else(|| panic!("no decision for {number}: {rows:?}"))
}

#[test]
fn every_number_has_a_decision_with_its_reason() {
    let rows = decisions();
    let expect = [
        // number, became, field, province, reason, rule starts with
        ("02/12/2023", "skipped", "", "", "furniture", ""),
        ("7", "skipped", "", "", "title", ""),
        ("30/11/2023", "skipped", "", "", "date", ""),
        ("4.169 HTX", "fact", "htx_total", "", "", "cue \"có\""),
        ("187 HTX", "skipped", "", "", "net-change", "cue \"tăng\""),
        ("364 HTX", "fact", "htx_new", "", "", "cue \"thành lập mới\""),
        ("52 HTX/tỉnh", "skipped", "", "", "average", ""),
        ("51,3 triệu đồng/người/năm", "fact", "income_avg", "", "", "measure \"thu nhập\""),
        ("70%", "skipped", "", "", "share", "cue \"chiếm\""),
        ("1.120 HTX", "fact", "htx_total", "Sơn La", "", "cue \"có\""),
        ("200-250 HTX", "target", "htx_new", "", "", "cue \"thành lập mới\""),
        ("39", "skipped", "", "", "code", ""),
        ("255 mô hình", "skipped", "", "", "no-unit", ""),
        ("45", "skipped", "", "", "furniture", ""),
    ];
    for (number, became, field, province, reason, rule) in expect {
        let r = about(&rows, number);
        assert_eq!((r[1].as_str(), r[2].as_str(), r[3].as_str()), (became, field, province), "{number}: {r:?}");
        assert_eq!(r[5].as_str(), reason, "{number}: {r:?}");
        assert!(r[6].starts_with(rule), "{number}: rule {:?} should start with {rule:?}", r[6]);
    }
    // rules name the lexicon row that fired them
    assert!(about(&rows, "4.169 HTX")[6].contains("(figures.tsv:"), "{rows:?}");
    // every run of digits in the page is accounted for, once
    let text = std::fs::read_to_string(super::util::root().join(PAGE)).unwrap();
    let numbers = text
        .split(|c: char| !c.is_ascii_digit() && !matches!(c, '.' | ',' | '/' | '-'))
        .filter(|t| t.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert!(rows.len() >= numbers - 2, "{} decisions for about {numbers} numbers: {rows:?}", rows.len());
}

#[test]
fn why_names_a_missing_file() {
    let o = htxq(&["why", "no/such/article.txt"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/article.txt"), "{}", stderr(&o));
}
