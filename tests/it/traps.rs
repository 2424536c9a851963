//! Traps that need a whole article: page furniture, the page's date, look-alike articles. The
//! sentence-level traps (averages, net changes, models, subsets, rates and shares, vague amounts,
//! targets) are rows of the phrase corpus (`tests/fixtures/phrases/traps.tsv` and beside it).
//! Each case is a small article as a newspaper would print it: a headline, a lead naming the
//! cluster, then the trap.

use htxq::catalog::Figure;
use htxq::extract::{Extraction, extract};

const LEAD: &str = "Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2023\n\n\
    Sáng 30/11/2023, tại tỉnh Phú Thọ, Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổ chức hội nghị \
    tổng kết công tác thi đua, khen thưởng năm 2023.\n";

fn read(body: &str) -> Extraction {
    let text = format!("{LEAD}{body}\n");
    let doc = htxq::ingest::parse("trap.txt", text.as_bytes()).unwrap();
    extract(&doc)
}

/// Cluster-wide facts for `key`.
fn cluster_facts(ex: &Extraction, key: Figure) -> Vec<f64> {
    ex.facts.iter().filter(|f| f.key == key && f.province.is_none()).map(|f| f.value).collect()
}

#[test]
fn numbers_in_page_furniture_belong_to_no_report() {
    let ex = read(
        "Toàn Cụm có 4.169 HTX.\n\nTin liên quan\nLào Cai: thành lập mới 50 HTX trong năm 2023\n\
        Triệt phá đường dây cá độ với số tiền trên 200 tỷ đồng",
    );
    assert_eq!(cluster_facts(&ex, Figure::HtxTotal), vec![4169.0]);
    assert_eq!(ex.facts.len(), 1, "{:?}", ex.facts);
}

#[test]
fn the_page_date_is_not_the_report_year() {
    let text = format!("Thứ Hai, 15/01/2024\n\n{LEAD}Toàn Cụm có 4.169 HTX.\n");
    let doc = htxq::ingest::parse("dated.txt", text.as_bytes()).unwrap();
    assert_eq!(doc.published.as_deref(), Some("2024-01-15"));
    assert_eq!(extract(&doc).report.unwrap().year, 2023);
}

#[test]
fn look_alike_articles_make_no_cluster_row() {
    let cases = [
        (
            "UBND",
            "Cụm thi đua các tỉnh Tây Bắc tổng kết năm 2023\n\nNgày 5/12, Cụm thi đua UBND các tỉnh Tây Bắc \
          tổ chức hội nghị tổng kết. Năm 2023, các tỉnh trong Cụm thành lập mới 364 HTX và 2.100 doanh nghiệp.",
        ),
        (
            "labour federation",
            "Cụm thi đua Liên đoàn Lao động các tỉnh Tây Bắc tổng kết năm 2023\n\nNgày 5/12, Cụm thi đua \
          Liên đoàn Lao động các tỉnh Tây Bắc tổ chức hội nghị tổng kết công tác thi đua năm 2023.",
        ),
        (
            "in-province bloc",
            "Khối thi đua các đơn vị kinh tế tỉnh Phú Thọ tổng kết năm 2023\n\nNgày 5/12, Khối thi đua \
          các đơn vị kinh tế, trong đó Liên minh HTX tỉnh là Khối trưởng, tổ chức hội nghị. Toàn tỉnh có 740 HTX.",
        ),
        (
            "one cooperative",
            "HTX Nông nghiệp Ninh Đông: 20 năm một chặng đường phát triển bền vững\n\n\
          HTX Nông nghiệp Ninh Đông được thành lập năm 2003 với 120 thành viên.\n\
          Hiện HTX có 1.850 thành viên, 32 lao động thường xuyên với doanh thu 12,4 tỷ đồng.\n\
          Năm 2023, HTX được chính quyền địa phương khen thưởng vì những đóng góp cho phong trào.\n\
          Năm 2023, HTX được Cụm thi đua Liên minh HTX các tỉnh Duyên hải miền Trung suy tôn, đề nghị tặng Cờ thi đua.",
        ),
    ];
    for (what, text) in cases {
        let doc = htxq::ingest::parse("lookalike.txt", text.as_bytes()).unwrap();
        let ex = extract(&doc);
        assert!(ex.report.is_none(), "{what}: {:?}", ex.report);
        assert!(ex.facts.is_empty(), "{what}: {:?}", ex.facts);
    }
}
