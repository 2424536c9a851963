//! The language gives the right rows: each query from SPEC §3 and README.md is run, and its rows
//! are compared with rows computed here, in Rust, from the whole `clusters` / `provinces` tables —
//! not copied from what the program printed.

use htxq::text::fold;
use htxq::{Engine, Value};

struct Cluster {
    name: String,
    year: i64,
    province_count: Option<i64>,
    htx_total: Option<i64>,
    htx_members: Option<i64>,
    workers: Option<i64>,
    income_avg: Option<i64>,
    next_head: Option<String>,
}

fn clusters(engine: &Engine) -> Vec<Cluster> {
    let rs = engine.query("clusters").unwrap();
    (0..rs.rows.len())
        .map(|i| {
            let int = |f: &str| rs.get(i, f).and_then(Value::as_i64);
            let text = |f: &str| rs.get(i, f).and_then(Value::as_str).map(str::to_string);
            Cluster {
                name: text("name").unwrap(),
                year: int("year").unwrap(),
                province_count: int("province_count"),
                htx_total: int("htx_total"),
                htx_members: int("htx_members"),
                workers: int("workers"),
                income_avg: int("income_avg"),
                next_head: text("next_head"),
            }
        })
        .collect()
}

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn i(n: i64) -> Value {
    Value::Integer(n)
}

fn opt(n: Option<i64>) -> Value {
    n.map_or(Value::Null, Value::Integer)
}

fn rows(engine: &Engine, q: &str) -> Vec<Vec<Value>> {
    engine.query(q).unwrap_or_else(|e| panic!("{q}: {e:?}")).rows
}

#[test]
fn spec_multiline_example() {
    let engine = Engine::builtin().unwrap();
    let mut want: Vec<&Cluster> = Vec::new();
    let all = clusters(&engine);
    want.extend(all.iter().filter(|c| c.year >= 2022 && fold(&c.name).contains("tay")));
    want.sort_by_key(|c| c.year);
    let want: Vec<Vec<Value>> = want.iter().map(|c| vec![t(&c.name), i(c.year), opt(c.htx_total)]).collect();
    assert!(!want.is_empty());
    let got =
        rows(&engine, "clusters\n  where year >= 2022 and name ~ \"tay\"\n  show name, year, htx_total\n  sort year");
    assert_eq!(got, want);
}

#[test]
fn contains_is_folded_in_every_spelling() {
    let engine = Engine::builtin().unwrap();
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Tây Bắc").collect();
    for needle in ["tay bac", "TÂY BẮC", "Tây Bắc", nfd.as_str()] {
        let got = rows(&engine, &format!("clusters where name ~ \"{needle}\" show name, year"));
        assert_eq!(got, vec![vec![t("Tây Bắc"), i(2023)]], "{needle}");
    }
}

#[test]
fn readme_comparisons_in_null_and_arithmetic() {
    let engine = Engine::builtin().unwrap();
    let all = clusters(&engine);

    let mut want: Vec<&Cluster> =
        all.iter().filter(|c| c.year >= 2022 && c.htx_total.is_some_and(|h| h > 3000)).collect();
    want.sort_by_key(|c| std::cmp::Reverse(c.htx_total));
    let want: Vec<_> = want.iter().map(|c| vec![t(&c.name), i(c.year), opt(c.htx_total)]).collect();
    assert_eq!(
        rows(
            &engine,
            "clusters where year >= 2022 and htx_total > 3000 show name, year, htx_total sort htx_total desc"
        ),
        want
    );

    let heads = ["lao cai", "son la"];
    let want: Vec<_> = all
        .iter()
        .filter(|c| c.next_head.as_deref().is_some_and(|h| heads.contains(&fold(h).as_str())))
        .map(|c| vec![t(&c.name), i(c.year), t(c.next_head.as_deref().unwrap())])
        .collect();
    assert_eq!(want.len(), 3);
    assert_eq!(rows(&engine, "clusters where next_head in (\"Lào Cai\", \"Sơn La\") show name, year, next_head"), want);

    let want: Vec<_> = all.iter().filter(|c| c.workers.is_none()).map(|c| vec![t(&c.name), i(c.year)]).collect();
    assert_eq!(rows(&engine, "clusters where workers is null show name, year"), want);

    let between: Vec<_> = all.iter().filter(|c| (2020..=2024).contains(&c.year)).map(|c| vec![i(c.year)]).collect();
    assert_eq!(rows(&engine, "clusters where year between 2020 and 2024 show year"), between);
    let outside: Vec<_> = all.iter().filter(|c| !(2020..=2024).contains(&c.year)).map(|c| vec![i(c.year)]).collect();
    assert_eq!(rows(&engine, "clusters where year not between 2020 and 2024 show year"), outside);

    // members per cooperative, top 3, NULLs last
    let mut ratio: Vec<(String, Option<f64>)> = all
        .iter()
        .map(|c| (c.name.clone(), c.htx_members.zip(c.htx_total).map(|(m, h)| m as f64 / h as f64)))
        .collect();
    ratio.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => y.partial_cmp(&x).unwrap(),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let want: Vec<_> = ratio[..3].iter().map(|(n, r)| vec![t(n), r.map_or(Value::Null, Value::Real)]).collect();
    assert_eq!(
        rows(
            &engine,
            "clusters show name, htx_members / htx_total as members_per_htx sort members_per_htx desc limit 3"
        ),
        want
    );
}

#[test]
fn aggregates_and_grouping() {
    let engine = Engine::builtin().unwrap();
    let all = clusters(&engine);
    let totals: Vec<i64> = all.iter().filter_map(|c| c.htx_total).collect();
    let incomes: Vec<i64> = all.iter().filter_map(|c| c.income_avg).collect();
    let avg_income = incomes.iter().sum::<i64>() as f64 / incomes.len() as f64;
    let got = rows(
        &engine,
        "clusters show count(), count(workers), sum(htx_total) as htx, avg(income_avg) as income, min(province_count), max(year)",
    );
    assert_eq!(
        got,
        vec![vec![
            i(all.len() as i64),
            i(all.iter().filter(|c| c.workers.is_some()).count() as i64),
            i(totals.iter().sum()),
            i(avg_income as i64),
            opt(all.iter().filter_map(|c| c.province_count).min()),
            i(all.iter().map(|c| c.year).max().unwrap()),
        ]]
    );

    // provinces by role: count per role, sorted by count desc then role
    let roles = engine.query("provinces show role").unwrap();
    let mut counts: Vec<(String, i64)> = Vec::new();
    for r in &roles.rows {
        let role = r[0].as_str().unwrap().to_string();
        match counts.iter_mut().find(|(x, _)| *x == role) {
            Some((_, n)) => *n += 1,
            None => counts.push((role, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let want: Vec<_> = counts.iter().map(|(r, n)| vec![t(r), i(*n)]).collect();
    assert_eq!(rows(&engine, "provinces by role show role, count() as n sort n desc, role"), want);
}

#[test]
fn sort_on_several_keys_and_fields_not_shown() {
    let engine = Engine::builtin().unwrap();
    let all = clusters(&engine);
    let mut want: Vec<&Cluster> = all.iter().collect();
    // province_count desc (NULLs last), then year asc
    want.sort_by(|a, b| match (a.province_count, b.province_count) {
        (Some(x), Some(y)) => y.cmp(&x).then(a.year.cmp(&b.year)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.year.cmp(&b.year),
    });
    let want: Vec<_> = want.iter().map(|c| vec![t(&c.name)]).collect();
    assert_eq!(rows(&engine, "clusters show name sort province_count desc, year"), want);
    assert_eq!(rows(&engine, "clusters show name sort province_count desc, year asc limit 2"), want[..2].to_vec());
}

#[test]
fn explain_prints_sql_with_parameters_instead_of_running() {
    let engine = Engine::builtin().unwrap();
    match engine.run("explain clusters where name ~ \"tây bắc\" show year").unwrap() {
        htxq::Output::Explain(c) => {
            assert!(c.sql.starts_with("SELECT \"year\""), "{}", c.sql);
            assert_eq!(c.params, vec![htxq::Param::Text("tây bắc".into())]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn keywords_are_case_insensitive() {
    let engine = Engine::builtin().unwrap();
    assert_eq!(
        rows(&engine, "CLUSTERS WHERE YEAR = 2023 SHOW htx_total"),
        rows(&engine, "clusters where year = 2023 show htx_total")
    );
}

#[test]
fn text_sorts_folded_and_aliases_match_any_case() {
    let engine = Engine::builtin().unwrap();
    let mut names: Vec<String> = clusters(&engine).into_iter().map(|c| c.name).collect();
    names.sort_by_key(|n| fold(n));
    let want: Vec<Vec<Value>> = names.iter().map(|n| vec![t(n)]).collect();
    // "Đồng bằng sông Hồng" sorts among the D's, not after "Tây Nguyên"
    assert_eq!(rows(&engine, "clusters show name sort name"), want);
    assert_eq!(rows(&engine, "clusters show count() as N sort n"), vec![vec![i(5)]]);
}

/// Text is compared one way everywhere: `by` makes one group of "Khánh Hoà" and "Khánh Hòa";
/// `max(name)` and `sort name desc limit 1` agree; `<` orders folded text.
#[test]
fn text_is_compared_one_way_everywhere() {
    let dir = super::util::tempdir();
    let db = dir.path().join("corpus.db");
    htxq::store::build(&db, &[super::util::root().join("tests/fixtures/corpus")]).unwrap();
    let engine = Engine::open(&db).unwrap();
    let spelled = engine.query("provinces where name ~ \"khanh hoa\" show name").unwrap();
    let names: std::collections::BTreeSet<String> = spelled.rows.iter().map(|r| r[0].to_string()).collect();
    assert!(names.len() >= 2, "both spellings are in the corpus: {names:?}");
    let grouped = engine.query("provinces where name ~ \"khanh hoa\" by name show name, count() as n").unwrap();
    assert_eq!(grouped.rows.len(), 1, "{grouped:?}");
    assert_eq!(grouped.rows[0][1], Value::Integer(spelled.rows.len() as i64));
    let max = engine.query("clusters show max(name)").unwrap();
    let last = engine.query("clusters sort name desc limit 1 show name").unwrap();
    assert_eq!(max.rows[0][0], last.rows[0][0]);
    // "Đ" sorts among the D's: every name before it folds below "d"
    let before = engine.query("clusters where name < \"Đ\" show name").unwrap();
    assert!(before.rows.iter().all(|r| fold(&r[0].to_string()).as_str() < "d"), "{before:?}");
    // a constant is no sort key
    let e = engine.query("clusters sort \"year\"").unwrap_err().to_string();
    assert!(e.contains("sorts by a constant"), "{e}");
}

/// Every article set of the repository in one database: several reports per cluster.
fn archive() -> (tempfile::TempDir, Engine) {
    let dir = super::util::tempdir();
    let db = dir.path().join("archive.db");
    let root = super::util::root();
    let inputs: Vec<std::path::PathBuf> = [
        "data/articles",
        "tests/fixtures/corpus",
        "tests/fixtures/heldout",
        "tests/fixtures/blind2",
        "tests/fixtures/blind3",
        "tests/fixtures/blind4",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    htxq::store::build(&db, &inputs).unwrap();
    let engine = Engine::open(&db).unwrap();
    (dir, engine)
}

/// The analyst's questions of issue 10, each one query, checked against rows computed here.
#[test]
fn questions_across_rows() {
    let (_dir, engine) = archive();
    let all = clusters(&engine);
    let series = |name: &str| -> Vec<&Cluster> {
        let mut v: Vec<&Cluster> = all.iter().filter(|c| fold(&c.name) == fold(name)).collect();
        v.sort_by_key(|c| c.year);
        v
    };

    // growth of one cluster's cooperatives year by year
    let rs = engine
        .query("clusters where name = \"Tây Bắc\" show year, htx_total, prev(year), change(htx_total), growth(htx_total) sort year")
        .unwrap();
    let tay_bac = series("Tây Bắc");
    assert_eq!(rs.rows.len(), tay_bac.len());
    for (i, (row, c)) in rs.rows.iter().zip(&tay_bac).enumerate() {
        assert_eq!(row[0].as_i64(), Some(c.year));
        let prev = i.checked_sub(1).map(|p| tay_bac[p]);
        assert_eq!(row[2].as_i64(), prev.map(|p| p.year));
        let change = prev.and_then(|p| Some(c.htx_total? - p.htx_total?));
        assert_eq!(row[3].as_i64(), change);
        let growth = prev.and_then(|p| Some(100.0 * (c.htx_total? - p.htx_total?) as f64 / p.htx_total? as f64));
        assert_eq!(row[4].as_f64().map(|g| (g * 1e6).round()), growth.map(|g| (g * 1e6).round()));
    }

    // the clusters of 2023 with growth since their previous report, which `where` filters out
    let rs = engine.query("clusters where year = 2023 show name, prev(year), change(htx_total)").unwrap();
    for row in &rs.rows {
        let s = series(row[0].as_str().unwrap());
        let at = s.iter().position(|c| c.year == 2023).unwrap();
        let prev = at.checked_sub(1).map(|p| s[p]);
        assert_eq!(row[1].as_i64(), prev.map(|p| p.year), "{row:?}");
        assert_eq!(row[2].as_i64(), prev.and_then(|p| Some(s[at].htx_total? - p.htx_total?)), "{row:?}");
    }

    // the highest-income cluster of each year
    let rs = engine
        .query(
            "clusters where income_avg is not null show year, name, income_avg sort income_avg desc limit 1 per year",
        )
        .unwrap();
    let years: std::collections::BTreeSet<i64> =
        all.iter().filter(|c| c.income_avg.is_some()).map(|c| c.year).collect();
    assert_eq!(rs.rows.len(), years.len());
    for row in &rs.rows {
        let year = row[0].as_i64().unwrap();
        let best = all.iter().filter(|c| c.year == year).filter_map(|c| c.income_avg).max();
        assert_eq!(row[2].as_i64(), best, "{row:?}");
    }

    // the latest report of each cluster
    let rs = engine.query("clusters sort year desc limit 1 per name show name, year").unwrap();
    let names: std::collections::BTreeSet<String> = all.iter().map(|c| fold(&c.name)).collect();
    assert_eq!(rs.rows.len(), names.len());
    for row in &rs.rows {
        let latest = series(row[0].as_str().unwrap()).last().map(|c| c.year);
        assert_eq!(row[1].as_i64(), latest);
    }

    // conferences held in November or December
    let rs = engine.query("clusters where month(event_date) >= 11 show name, year, event_date").unwrap();
    let dates = engine.query("clusters where event_date is not null show event_date").unwrap();
    let late =
        dates.rows.iter().filter(|r| r[0].as_str().is_some_and(|d| d[5..7].parse::<u32>().unwrap() >= 11)).count();
    assert_eq!(rs.rows.len(), late);

    // a pivot: cooperatives per cluster, one column per year
    let rs = engine
        .query("clusters where year in (2022, 2023) by name show name, max(if(year = 2022, htx_total, null)) as y2022, max(if(year = 2023, htx_total, null)) as y2023 sort name")
        .unwrap();
    for row in &rs.rows {
        let s = series(row[0].as_str().unwrap());
        let at = |y: i64| s.iter().find(|c| c.year == y).and_then(|c| c.htx_total);
        assert_eq!((row[1].as_i64(), row[2].as_i64()), (at(2022), at(2023)), "{row:?}");
    }
}

/// `having` and `AGG(f) per field`, against rows computed here from `provinces`.
#[test]
fn groups_and_shares() {
    let (_dir, engine) = archive();
    let heads = engine.query("provinces where role = \"head\" show name").unwrap();
    let mut counts: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    for r in &heads.rows {
        *counts.entry(fold(r[0].as_str().unwrap())).or_default() += 1;
    }
    let rs = engine.query("provinces where role = \"head\" by name show name, count() as n having n > 1").unwrap();
    let want: Vec<(String, i64)> = counts.iter().filter(|(_, n)| **n > 1).map(|(k, n)| (k.clone(), *n)).collect();
    let mut got: Vec<(String, i64)> =
        rs.rows.iter().map(|r| (fold(r[0].as_str().unwrap()), r[1].as_i64().unwrap())).collect();
    got.sort();
    assert_eq!(got, want);

    // each province's share of its cluster's new cooperatives, in one query
    let rs = engine
        .query("provinces where htx_new is not null show cluster, year, name, htx_new, htx_new * 100.0 / sum(htx_new) per (cluster, year) as share")
        .unwrap();
    for row in &rs.rows {
        let (cluster, year) = (row[0].as_str().unwrap(), row[1].as_i64().unwrap());
        let total: i64 = rs
            .rows
            .iter()
            .filter(|r| r[0].as_str() == Some(cluster) && r[1].as_i64() == Some(year))
            .map(|r| r[3].as_i64().unwrap())
            .sum();
        let share = row[4].as_f64().unwrap();
        assert!((share - row[3].as_i64().unwrap() as f64 * 100.0 / total as f64).abs() < 1e-9, "{row:?}");
    }
}

/// `ENTITY.field` reads the related row; `show distinct` gives each row once.
#[test]
fn related_rows_and_distinct() {
    let (_dir, engine) = archive();
    // member provinces per cluster-year beside the cluster's province_count
    let rs = engine
        .query("provinces show distinct cluster, year, count() per (cluster, year) as members, clusters.province_count")
        .unwrap();
    let counts = engine.query("clusters show name, year, province_count").unwrap();
    let provinces = engine.query("provinces show cluster, year").unwrap();
    for row in &rs.rows {
        let (cluster, year) = (row[0].as_str().unwrap(), row[1].as_i64().unwrap());
        let members =
            provinces.rows.iter().filter(|r| r[0].as_str() == Some(cluster) && r[1].as_i64() == Some(year)).count();
        assert_eq!(row[2].as_i64(), Some(members as i64), "{row:?}");
        let stated = counts
            .rows
            .iter()
            .find(|r| r[0].as_str() == Some(cluster) && r[1].as_i64() == Some(year))
            .and_then(|r| r[2].as_i64());
        assert_eq!(row[3].as_i64(), stated, "{row:?}");
    }
    let keys: std::collections::BTreeSet<(String, i64)> =
        rs.rows.iter().map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_i64().unwrap())).collect();
    assert_eq!(keys.len(), rs.rows.len(), "each cluster-year once");
    // targets with the achieved value and whether each was met
    let rs = engine
        .query("targets where actual is not null show cluster, year, key, low, actual, met, clusters.htx_total")
        .unwrap();
    for row in &rs.rows {
        let (low, actual, met) = (row[3].as_f64().unwrap(), row[4].as_f64().unwrap(), row[5].as_i64().unwrap());
        assert_eq!(met == 1, actual >= low, "{row:?}");
        if row[2].as_str() == Some("htx_total") {
            assert_eq!(row[4].as_f64(), row[6].as_f64());
        }
    }
    // a relation that does not exist says which do
    let e = engine.query("clusters show articles.title").unwrap_err().to_string();
    assert!(e.contains("no related `articles` row"), "{e}");
}

#[test]
fn fields_lists_the_related_fields_an_entity_reaches_and_each_one_runs() {
    let engine = Engine::builtin().unwrap();
    for entity in htxq::catalog::ENTITIES {
        let rs = htxq::catalog_listing(&format!("fields {}", entity.name)).unwrap().unwrap();
        let names: Vec<&str> = rs.rows.iter().filter_map(|r| r[0].as_str()).collect();
        for name in names.iter().filter(|n| n.contains('.')) {
            let q = format!("{} show {name} limit 1", entity.name);
            assert!(engine.query(&q).is_ok(), "{q}: {:?}", engine.query(&q).err());
        }
        // every field of the entity itself comes first, as before
        assert_eq!(names[..entity.fields.len()], entity.fields.iter().map(|f| f.name).collect::<Vec<_>>()[..]);
    }
    let rs = htxq::catalog_listing("fields provinces").unwrap().unwrap();
    let row = rs.rows.iter().find(|r| r[0].as_str() == Some("clusters.htx_total")).expect("clusters.htx_total");
    assert!(row[3].as_str().unwrap().contains("same cluster and year"), "{row:?}");
    let rs = htxq::catalog_listing("fields clusters").unwrap().unwrap();
    assert!(rs.rows.iter().all(|r| !r[0].as_str().unwrap().contains('.')), "clusters relate to no other row");
}
