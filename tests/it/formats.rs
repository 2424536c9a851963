//! Charts, SVG and spreadsheets, checked by their data: terminal bars parsed back and measured,
//! the SVG parsed (roxmltree) with every bar's geometry held against its value and the axis, the
//! workbook read back (calamine) with its values, number formats and frozen header. Real binary,
//! real SQLite, real files.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use htxq::render::chart::{AXIS, FILLS};
use htxq::render::{Format, TableOptions, group_digits};
use htxq::result::Column;
use htxq::{Engine, ResultSet, Value};
use unicode_width::UnicodeWidthStr;

use super::util::{root, s, stderr, stdout, tempdir};

const TAY_BAC: &str = r#"clusters where name ~ "tay bac" show year, htx_total sort year"#;

/// The articles about Tây Bắc from the fixtures: six report years (2012–2023).
const TAY_BAC_ARTICLES: [&str; 7] = [
    "tests/fixtures/heldout/h06_db2a57c9.txt",
    "tests/fixtures/blind2/08_lienminhhtx-yenbai_hoi-nghi-lan-thu-11.txt",
    "tests/fixtures/blind3/09_baosonla_cum-thi-dua-tay-bac-2018.md",
    "tests/fixtures/blind4/06_baodienbienphu_so-ket-6-thang-cum-tay-bac-2021.md",
    "tests/fixtures/blind4/07_baophutho_tong-ket-cum-thi-dua-tay-bac-2021.html",
    "tests/fixtures/blind5/13_baoyenbai_cum-thi-dua-lien-minh-htx-tay-bac-2012.txt",
    "data/articles/001_504a9bcaba7e822b.txt",
];

/// A database of the Tây Bắc articles in `dir`.
fn tay_bac_db(dir: &Path) -> PathBuf {
    let db = dir.join("taybac.db");
    let files: Vec<PathBuf> = TAY_BAC_ARTICLES.iter().map(|f| root().join(f)).collect();
    htxq::build(&db, &files).unwrap();
    db
}

/// Runs `htxq` from `cwd` with standard output a pipe and no `COLUMNS` unless given.
fn run_in(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_htxq"));
    cmd.args(args).current_dir(cwd).env("NO_COLOR", "1").env_remove("COLUMNS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.output().unwrap()
}

fn run(args: &[&str]) -> Output {
    run_in(&root(), args, &[])
}

/// One drawn bar: the row's label (empty on a row's later series), its fill, its length in
/// cells and the value printed after it.
#[derive(Debug)]
struct Bar {
    label: String,
    fill: Option<char>,
    len: usize,
    text: String,
}

/// Reads the bars of a chart whose values are not negative (the axis at the start of the bars).
fn bars(chart: &str) -> Vec<Bar> {
    chart
        .lines()
        .filter_map(|line| {
            let (left, right) = line.split_once(AXIS)?;
            let len = right.chars().take_while(|c| FILLS.contains(c)).count();
            Some(Bar {
                label: left.trim_end().to_string(),
                fill: right.chars().next().filter(|c| FILLS.contains(c)),
                len,
                text: right.chars().skip(len).collect::<String>().trim().to_string(),
            })
        })
        .collect()
}

fn widest_line(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

#[test]
fn the_issue_example_draws_one_bar_per_year_in_80_columns() {
    let dir = tempdir();
    let db = tay_bac_db(dir.path());
    let o = run(&["--db", s(&db), "-c", TAY_BAC, "--format", "chart"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let chart = stdout(&o);
    assert!(widest_line(&chart) <= 80, "{chart}");
    assert_eq!(chart.lines().next(), Some(TAY_BAC), "the query is the title:\n{chart}");
    assert!(chart.lines().nth(1).unwrap().contains("█ htx_total"), "a legend:\n{chart}");

    let rows = Engine::open(&db).unwrap().query(TAY_BAC).unwrap().rows;
    assert_eq!(rows.len(), 6, "six report years in the fixtures");
    let drawn = bars(&chart);
    assert_eq!(drawn.len(), rows.len(), "{chart}");
    let max = rows.iter().filter_map(|r| r[1].as_f64()).fold(0.0, f64::max);
    let longest = drawn.iter().map(|b| b.len).max().unwrap();
    assert!(longest >= 50, "the bars use the width:\n{chart}");
    for (row, bar) in rows.iter().zip(&drawn) {
        let v = row[1].as_i64().unwrap();
        assert_eq!(bar.label, row[0].as_i64().unwrap().to_string());
        assert_eq!(bar.text, group_digits(v), "values grouped the Vietnamese way");
        let expected = v as f64 / max * longest as f64;
        assert!((bar.len as f64 - expected).abs() <= 1.0, "{bar:?} for {v}, expected {expected:.1} cells\n{chart}");
    }
}

#[test]
fn null_is_no_bar_vietnamese_labels_fit_and_money_is_readable() {
    let q = "clusters show name, income_avg sort name";
    for columns in ["80", "50"] {
        let o = run_in(&root(), &["-c", q, "--format", "chart"], &[("COLUMNS", columns)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let chart = stdout(&o);
        let width: usize = columns.parse().unwrap();
        assert!(widest_line(&chart) <= width, "COLUMNS={columns}:\n{chart}");
        let rows = Engine::builtin().unwrap().query(q).unwrap().rows;
        let drawn = bars(&chart);
        assert_eq!(drawn.len(), rows.len(), "{chart}");
        for (row, bar) in rows.iter().zip(&drawn) {
            let name = row[0].as_str().unwrap();
            assert!(name.starts_with(bar.label.trim_end_matches('…')), "{name} / {bar:?}");
            match &row[1] {
                Value::Null => assert!(bar.len == 0 && bar.text.is_empty(), "NULL drawn as {bar:?}"),
                v => {
                    assert!(bar.len > 0, "{bar:?}");
                    assert_eq!(bar.text, htxq::render::readable_money(v.as_f64().unwrap()));
                }
            }
        }
        if width == 80 {
            assert!(drawn.iter().any(|b| b.label == "Đồng bằng sông Hồng"), "{chart}");
        }
    }
}

#[test]
fn several_series_several_queries_and_the_chart_statement() {
    let o = run(&[
        "-c",
        "clusters show name, htx_total, htx_new sort htx_total; clusters show year, htx_total sort year",
        "--format",
        "chart",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let charts: Vec<&str> = out.split("\n\nclusters show year").collect();
    assert_eq!(charts.len(), 2, "two charts, one after the other:\n{out}");
    assert!(out.contains("█ htx_total   ░ htx_new"), "a legend of both series:\n{out}");
    let first = bars(charts[0]);
    // one line per series for each row, the second series drawn with its own fill
    let rs = Engine::builtin().unwrap().query("clusters show name, htx_total, htx_new sort htx_total").unwrap();
    assert_eq!(first.len(), 2 * rs.rows.len(), "{out}");
    for (row, pair) in rs.rows.iter().zip(first.chunks(2)) {
        assert_eq!(pair[0].fill, Some('█'));
        assert_eq!(pair[1].label, "");
        match row[2] {
            Value::Integer(n) => assert_eq!((pair[1].fill, pair[1].text.as_str()), (Some('░'), n.to_string().as_str())),
            _ => assert_eq!((pair[1].len, pair[1].text.as_str()), (0, "")),
        }
    }

    // `chart QUERY` draws where a table would be, and gives rows to the data formats
    let o = run(&["-c", "chart clusters show name, htx_total"]);
    assert!(stdout(&o).starts_with("clusters show name, htx_total\nname"), "{}", stdout(&o));
    let o = run(&["-c", "chart clusters where year = 2023 show name, htx_total", "--format", "csv"]);
    assert_eq!(stdout(&o), "name,htx_total\nTây Bắc,4169\n");
}

#[test]
fn a_result_without_numbers_says_what_a_chart_needs() {
    for format in ["chart", "svg"] {
        let dir = tempdir();
        let out = dir.path().join("x");
        let o = run(&["-c", "clusters show name, head", "--format", format, "--output", s(&out)]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        let err = stderr(&o);
        assert!(err.contains("a chart draws numbers") && err.contains("name (text), head (text)"), "{err}");
        assert!(!out.exists(), "{format}: nothing written, no file");
    }
}

fn rs(columns: &[(&str, Option<htxq::catalog::FieldType>)], rows: Vec<Vec<Value>>) -> ResultSet {
    ResultSet {
        columns: columns.iter().map(|(n, t)| Column { name: n.to_string(), ty: *t }).collect(),
        rows,
        disputed: Vec::new(),
    }
}

/// Results that break naive charts: no rows, one row, only NULLs, negative values, the extremes
/// of i64 and f64, 500 rows, long and control-laden labels.
fn awkward_results() -> Vec<ResultSet> {
    use htxq::catalog::FieldType::{Integer, Money, Number, Text};
    let label = |i: usize| Value::Text(format!("Liên minh HTX {i}\n\ttỉnh {}", "Đồng bằng sông Hồng ".repeat(i % 4)));
    vec![
        rs(&[("name", Some(Text)), ("n", Some(Integer))], vec![]),
        rs(&[("n", Some(Integer))], vec![vec![Value::Integer(7)]]),
        rs(
            &[("name", Some(Text)), ("n", Some(Integer))],
            vec![vec![label(1), Value::Null], vec![label(2), Value::Null]],
        ),
        rs(
            &[("name", Some(Text)), ("a", Some(Integer)), ("b", Some(Money))],
            vec![
                vec![label(1), Value::Integer(-5), Value::Integer(-3_000_000)],
                vec![label(2), Value::Integer(i64::MAX), Value::Integer(i64::MIN)],
                vec![label(3), Value::Integer(0), Value::Null],
            ],
        ),
        rs(
            &[("x", Some(Number)), ("y", Some(Number))],
            vec![
                vec![Value::Real(1.5), Value::Real(f64::MAX)],
                vec![Value::Real(-2.5), Value::Real(-f64::MAX)],
                vec![Value::Real(f64::NAN), Value::Real(f64::INFINITY)],
            ],
        ),
        rs(
            &[("i", Some(Integer)), ("v", Some(Integer)), ("w", None)],
            (0..500)
                .map(|i| vec![Value::Integer(i), Value::Integer(i * i - 1000), Value::Real(i as f64 / 7.0)])
                .collect(),
        ),
        rs(
            &[
                ("name", Some(Text)),
                ("a", None),
                ("b", None),
                ("c", None),
                ("d", None),
                ("e", None),
                ("f", None),
                ("g", None),
                ("h", None),
                ("i", None),
            ],
            (0..60)
                .map(|i| std::iter::once(label(i)).chain((0..9).map(|k| Value::Integer(i as i64 * k))).collect())
                .collect(),
        ),
    ]
}

#[test]
fn awkward_results_draw_without_panicking_and_fit() {
    for (i, rs) in awkward_results().iter().enumerate() {
        for width in [30u16, 80, 200] {
            let opts =
                TableOptions { width: Some(width), title: Some(format!("awkward {i}")), ..TableOptions::default() };
            let chart = htxq::render::render(rs, Format::Chart, &opts).unwrap();
            // 30 columns cannot hold a label, ten cells of bars and "9.223.372.036.854.775.807"
            if width >= 80 {
                assert!(widest_line(&chart) <= usize::from(width), "{i} at {width}:\n{chart}");
            }
            assert!(chart.starts_with(&format!("awkward {i}\n")), "{chart}");
        }
        let svg = htxq::render::render(rs, Format::Svg, &TableOptions::default()).unwrap();
        roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{i}: {e}\n{svg}"));
        let book = htxq::render::xlsx::workbook(&[("awkward", rs)], None).unwrap();
        assert!(book.starts_with(b"PK"));
    }
    let opts = TableOptions { width: Some(80), ..TableOptions::default() };
    let capped = htxq::render::render(&awkward_results()[5], Format::Chart, &opts).unwrap();
    assert!(capped.contains("the first 50 of 500 rows are drawn"), "{capped}");
    let many = htxq::render::render(&awkward_results()[6], Format::Chart, &opts).unwrap();
    assert!(many.contains("more than 8 series: i"), "{many}");
    let empty = htxq::render::render(&awkward_results()[0], Format::Chart, &opts).unwrap();
    assert!(empty.contains("(no rows)"), "{empty}");
}

// ---- SVG

fn attr(n: roxmltree::Node, name: &str) -> f64 {
    n.attribute(name).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{name} of {n:?}"))
}

fn has_class(n: &roxmltree::Node, class: &str) -> bool {
    n.attribute("class") == Some(class)
}

/// Where `v` falls on an axis given by its grid lines (value, coordinate).
fn on_axis(grid: &[(f64, f64)], v: f64) -> f64 {
    let (first, last) = (grid[0], grid[grid.len() - 1]);
    first.1 + (v - first.0) * (last.1 - first.1) / (last.0 - first.0)
}

fn texts(doc: &roxmltree::Document, class: &str) -> Vec<String> {
    doc.descendants().filter(|n| has_class(n, class)).map(|n| n.text().unwrap_or("").to_string()).collect::<Vec<_>>()
}

#[test]
fn svg_columns_stand_at_their_values_on_the_axis() {
    let dir = tempdir();
    let db = tay_bac_db(dir.path());
    let q = r#"clusters where name ~ "tay bac" show year, htx_total, income_avg, workers sort year"#;
    let file = dir.path().join("taybac.svg");
    let o = run(&["--db", s(&db), "-c", q, "--format", "svg", "--output", s(&file)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "--output: nothing on standard output");
    let text = std::fs::read_to_string(&file).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(doc.root_element().attribute("font-family").unwrap().starts_with("DejaVu Sans"));
    assert_eq!(texts(&doc, "title").join(" "), q, "the title, wrapped to the width");
    assert_eq!(texts(&doc, "source"), vec!["htxq, 7 articles"]);
    let axis_titles = texts(&doc, "axis-title");
    assert!(axis_titles.contains(&"htx_total, workers".to_string()), "{axis_titles:?}");
    assert!(axis_titles.contains(&"income_avg (triệu đồng)".to_string()), "{axis_titles:?}");
    let legend: Vec<String> = doc
        .descendants()
        .filter(|n| has_class(n, "legend"))
        .map(|g| g.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect())
        .collect();
    assert_eq!(legend, vec!["htx_total", "income_avg", "workers"]);

    let rs = Engine::open(&db).unwrap().query(q).unwrap();
    let mut checked = 0;
    for panel in doc.descendants().filter(|n| has_class(n, "panel")) {
        let grid: Vec<(f64, f64)> =
            panel.children().filter(|n| has_class(n, "grid")).map(|g| (attr(g, "data-value"), attr(g, "y1"))).collect();
        assert!(grid.len() >= 3, "ticks");
        let labels: Vec<String> =
            panel.children().filter(|n| has_class(n, "label")).map(|n| n.text().unwrap().to_string()).collect();
        let years: Vec<String> = rs.rows.iter().map(|r| r[0].to_string()).collect();
        assert_eq!(labels, years, "every year under the columns");
        let ticks: Vec<&str> = panel.children().filter(|n| has_class(n, "tick")).filter_map(|n| n.text()).collect();
        for bar in panel.children().filter(|n| has_class(n, "bar")) {
            let (series, label, value) =
                (bar.attribute("data-series").unwrap(), bar.attribute("data-label").unwrap(), attr(bar, "data-value"));
            let row = rs.rows.iter().position(|r| r[0].to_string() == label).unwrap();
            let col = rs.columns.iter().position(|c| c.name == series).unwrap();
            assert_eq!(rs.rows[row][col].as_f64(), Some(value), "{series} {label}");
            let (top, bottom) = (attr(bar, "y"), attr(bar, "y") + attr(bar, "height"));
            assert!((bottom - on_axis(&grid, 0.0)).abs() < 0.02, "{series} {label} stands on zero");
            assert!(
                (top - on_axis(&grid, value)).abs() < 0.02,
                "{series} {label}: top {top}, axis says {}",
                on_axis(&grid, value)
            );
            checked += 1;
        }
        if panel.children().any(|n| n.attribute("data-series") == Some("income_avg")) {
            assert!(ticks.contains(&"40") || ticks.contains(&"20"), "money in triệu: {ticks:?}");
        }
    }
    // one bar per value that is not NULL, none for NULL
    let values = rs.rows.iter().flat_map(|r| &r[1..]).filter(|v| !v.is_null()).count();
    assert_eq!(checked, values);
    assert!(rs.rows.iter().any(|r| r[3].is_null()), "the fixture has a NULL to leave out");
}

#[test]
fn svg_bars_for_names_escaping_and_several_queries() {
    let dir = tempdir();
    let file = dir.path().join("c.svg");
    let title = r#"<Cụm> & "Liên minh" 'HTX'"#;
    let q = "clusters show name, htx_total sort htx_total desc; clusters show name, htx_new";
    let o = run(&["-c", q, "--format", "svg", "-o", s(&file), "--title", title]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&file).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(texts(&doc, "title"), vec![format!("{title} (1/2)"), format!("{title} (2/2)")]);
    let panels: Vec<_> = doc.descendants().filter(|n| has_class(n, "panel")).collect();
    assert_eq!(panels.len(), 2, "one chart per query in one document");
    let rs = Engine::builtin().unwrap().query("clusters show name, htx_total sort htx_total desc").unwrap();
    let grid: Vec<(f64, f64)> =
        panels[0].children().filter(|n| has_class(n, "grid")).map(|g| (attr(g, "data-value"), attr(g, "x1"))).collect();
    let bars: Vec<_> = panels[0].children().filter(|n| has_class(n, "bar")).collect();
    assert_eq!(bars.len(), rs.rows.len());
    let mut last_y = f64::MIN;
    for (bar, row) in bars.iter().zip(&rs.rows) {
        assert_eq!(bar.attribute("data-label"), row[0].as_str(), "in the query's order");
        let v = row[1].as_f64().unwrap();
        assert!((attr(*bar, "x") - on_axis(&grid, 0.0)).abs() < 0.02);
        assert!((attr(*bar, "x") + attr(*bar, "width") - on_axis(&grid, v)).abs() < 0.02, "{v}");
        assert!(attr(*bar, "y") > last_y, "top to bottom");
        last_y = attr(*bar, "y");
    }
    let labels: Vec<String> =
        panels[0].children().filter(|n| has_class(n, "label")).map(|n| n.text().unwrap().to_string()).collect();
    assert!(labels.contains(&"Đồng bằng sông Hồng".to_string()), "{labels:?}");
    // NULL: no bar for the clusters without htx_new
    let nulls = Engine::builtin().unwrap().query("clusters where htx_new is null show name").unwrap().rows.len();
    assert_eq!(panels[1].children().filter(|n| has_class(n, "bar")).count(), 5 - nulls);
}

#[test]
fn svg_renders_to_png_with_a_real_renderer() {
    // the check README describes, run when rsvg-convert is installed (librsvg2-bin)
    let found = Command::new("rsvg-convert").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("rsvg-convert not installed: SVG to PNG not checked");
        return;
    }
    let dir = tempdir();
    let (svg, png) = (dir.path().join("c.svg"), dir.path().join("c.png"));
    let o = run(&["-c", "clusters show year, htx_total, income_avg sort year", "--format", "svg", "-o", s(&svg)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = Command::new("rsvg-convert").arg(&svg).arg("-o").arg(&png).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    assert_eq!(width, htxq::render::svg::WIDTH as u32);
}

// ---- xlsx

/// Days from Excel's epoch (1899-12-30) to an ISO date.
fn excel_serial(iso: &str) -> f64 {
    let (y, m, d): (i64, i64, i64) = (iso[..4].parse().unwrap(), iso[5..7].parse().unwrap(), iso[8..].parse().unwrap());
    // days from civil (Howard Hinnant's algorithm)
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let unix_days = era * 146_097 + doe - 719_468;
    (unix_days + 25_569) as f64
}

fn zip_entry(file: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn xlsx_reads_back_with_values_formats_and_a_frozen_header() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempdir();
    let file = dir.path().join("clusters.xlsx");
    let queries = [
        "clusters show name, year, event_date, htx_total, income_avg, charter_capital, htx_members, provinces sort year",
        "clusters where year = 1900 show name",
    ];
    let o = run(&["-c", &queries.join("; "), "--format", "xlsx", "--output", s(&file)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(book.sheet_names(), htxq::render::xlsx::sheet_names(&queries));
    let name = &book.sheet_names()[0];
    let range = book.worksheet_range(name).unwrap();
    let rs = Engine::builtin().unwrap().query(queries[0]).unwrap();
    let header: Vec<String> = (0..rs.columns.len()).map(|c| range.get((0, c)).unwrap().to_string()).collect();
    assert_eq!(
        header,
        vec![
            "name",
            "year",
            "event_date",
            "htx_total",
            "income_avg (đồng)",
            "charter_capital (đồng)",
            "htx_members",
            "provinces"
        ]
    );
    assert_eq!(range.height(), rs.rows.len() + 1);
    for (r, row) in rs.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let cell = range.get((r + 1, c)).cloned().unwrap_or(Data::Empty);
            match v {
                Value::Null => assert_eq!(cell, Data::Empty, "NULL is an empty cell ({r}, {c})"),
                Value::Integer(n) => assert_eq!(cell, Data::Float(*n as f64), "a number ({r}, {c})"),
                Value::Real(x) => assert_eq!(cell, Data::Float(*x)),
                Value::Text(t) if rs.columns[c].name == "event_date" => match cell {
                    Data::DateTime(d) => assert_eq!(d.as_f64(), excel_serial(t), "{t}"),
                    other => panic!("{t} is an Excel date, not {other:?}"),
                },
                Value::Text(t) => assert_eq!(cell, Data::String(t.clone())),
            }
        }
    }
    // number formats: money and large counts grouped, dates as dates, years plain; bold header
    let styles = book.worksheet_style(name).unwrap();
    let format_of = |r: usize, c: usize| {
        styles.get((r as u32, c as u32)).and_then(|s| s.number_format.as_ref()).map(|f| f.format_code.clone())
    };
    let col = |n: &str| rs.columns.iter().position(|c| c.name == n).unwrap();
    let row_with = |c: usize| rs.rows.iter().position(|r| !r[c].is_null()).unwrap() + 1;
    assert_eq!(format_of(row_with(col("income_avg")), col("income_avg")).as_deref(), Some("#,##0"));
    assert_eq!(format_of(row_with(col("charter_capital")), col("charter_capital")).as_deref(), Some("#,##0"));
    assert_eq!(format_of(row_with(col("htx_members")), col("htx_members")).as_deref(), Some("#,##0"));
    assert_eq!(format_of(row_with(col("event_date")), col("event_date")).as_deref(), Some("yyyy-mm-dd"));
    assert_ne!(format_of(1, col("year")).as_deref(), Some("#,##0"), "years stay 2023");
    for c in 0..rs.columns.len() {
        let font = styles.get((0, c as u32)).and_then(|s| s.font.as_ref());
        assert!(font.is_some_and(|f| f.is_bold()), "header cell {c} is bold");
    }
    // the header row is frozen, and filters
    let sheet = zip_entry(&file, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#), "{sheet}");
    assert!(sheet.contains("<autoFilter ref=\"A1:H6\"/>"), "{sheet}");
    // columns fitted: the names' column is wider than the years'
    let widths: Vec<f64> = sheet
        .match_indices("<col ")
        .map(|(i, _)| {
            let rest = &sheet[i..];
            let w = &rest[rest.find("width=\"").unwrap() + 7..];
            w[..w.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert!(widths[0] > widths[1] + 8.0 && widths[7] <= 63.0, "{widths:?}");
    // the empty result: a header alone
    let empty = book.worksheet_range(&book.sheet_names()[1]).unwrap();
    assert_eq!((empty.height(), empty.get((0, 0)).map(|d| d.to_string())), (1, Some("name".to_string())));
    // the queries and the source in the workbook's properties
    let core = zip_entry(&file, "docProps/core.xml");
    assert!(core.contains(queries[1]) && core.contains("htxq, 5 articles"), "{core}");
}

#[test]
fn xlsx_goes_to_a_file_or_a_pipe_never_to_a_terminal() {
    // to a pipe: the workbook's bytes
    let o = run(&["-c", "clusters show name, htx_total", "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.starts_with(b"PK\x03\x04"), "a zip");
    // to a terminal: a usage error, before anything runs
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_htxq"));
    cmd.args(["-c", "clusters", "--format", "xlsx"]).current_dir(root()).env("NO_COLOR", "1");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("give --output FILE").unwrap();
    p.exp_eof().unwrap();
    let status = p.process().wait().unwrap();
    assert!(matches!(status, rexpect::process::WaitStatus::Exited(_, 2)), "{status:?}");
}

#[test]
fn output_writes_any_format_to_a_file() {
    let dir = tempdir();
    let q = "clusters show name, htx_total sort name";
    let file = dir.path().join("out.csv");
    let o = run(&["-c", q, "--format", "csv", "--output", s(&file)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout(&run(&["-c", q, "--format", "csv"])));
    // a chart in a file is 80 columns wide whatever the terminal
    let chart = dir.path().join("out.txt");
    let o = run(&["-c", q, "--format", "chart", "-o", s(&chart)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(&chart).unwrap().contains("█ htx_total"));
    // a failing query writes nothing; a file that cannot be made is an error naming it
    let none = dir.path().join("none.csv");
    assert_eq!(run(&["-c", "clusters where yeer = 1", "--format", "csv", "-o", s(&none)]).status.code(), Some(1));
    assert!(!none.exists());
    let o = run(&["-c", q, "-o", "/nonexistent-dir/x.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent-dir/x.csv"), "{}", stderr(&o));
}
