//! Incremental builds: adding or changing articles re-derives only the cluster-years they touch,
//! and the database is the same as a build of everything from scratch.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::util::{root, tempdir};

/// Every article of the fixture sets and the built-in corpus, in a stable order.
fn articles() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for set in [
        "data/articles",
        "tests/fixtures/merge",
        "tests/fixtures/corpus",
        "tests/fixtures/heldout",
        "tests/fixtures/blind2",
        "tests/fixtures/blind3",
        "tests/fixtures/blind4",
        "tests/fixtures/blind5",
        "tests/fixtures/phrasebook",
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(set))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| ["txt", "md", "html", "htm"].contains(&e.to_str().unwrap())))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

/// What a user can see, with articles named by their text (not by the id a build order gives).
pub(super) fn dump(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    htxq::store::register_functions(&conn).unwrap();
    let queries = [
        "SELECT * FROM clusters",
        "SELECT * FROM provinces",
        "SELECT a.sha256, f.cluster, f.year, f.key, f.value, f.qualifier, f.province, f.start, f.used, f.rule
         FROM fact_rows f JOIN articles a ON a.id = f.article",
        "SELECT a.sha256, t.cluster, t.year, t.key, t.low, t.high FROM target_rows t JOIN articles a ON a.id = t.article",
        "SELECT a.sha256, w.* FROM awards w JOIN articles a ON a.id = w.article",
        "SELECT a.sha256, r.name, r.year FROM reports r JOIN articles a ON a.id = r.article",
        "SELECT sha256, file, cluster, year FROM articles",
    ];
    let mut out = Vec::new();
    for q in queries {
        // article ids depend on the order of the builds: leave them out
        let label = format!("{q:.30}");
        out.extend(super::util::sorted_rows(&conn, q, &label, |name| name != "article" && name != "id"));
    }
    out
}

fn assert_same(a: &[String], b: &[String], what: &str) {
    if a != b {
        let first = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
        panic!(
            "{what}: {} rows against {}; first difference:\n  {:?}\n  {:?}",
            a.len(),
            b.len(),
            a.get(first),
            b.get(first)
        );
    }
}

#[test]
fn adding_and_changing_articles_one_by_one_gives_the_database_a_full_build_gives() {
    let dir = tempdir();
    let files = articles();
    assert!(files.len() > 80, "{} articles", files.len());
    let full = dir.path().join("full.db");
    htxq::store::build(&full, &files).unwrap();

    // the first half at once, then the rest one article per build
    let stepwise = dir.path().join("stepwise.db");
    let half = files.len() / 2;
    htxq::store::build(&stepwise, &files[..half]).unwrap();
    for file in &files[half..] {
        let report = htxq::store::build(&stepwise, std::slice::from_ref(file)).unwrap();
        assert!(report.added + report.unchanged == 1, "{}: {report:?}", file.display());
    }
    assert_same(&dump(&stepwise), &dump(&full), "added one by one");

    // a copy of an article, changed, then changed back to the text another file holds: the
    // changed version's rows go with it, and the database is the full build's again
    let copy = dir.path().join("changing");
    std::fs::create_dir(&copy).unwrap();
    let original = files.iter().find(|f| f.to_string_lossy().contains("merge/a_")).unwrap();
    let target = copy.join(original.file_name().unwrap());
    let text = std::fs::read_to_string(original).unwrap();
    let changed = dir.path().join("changed.db");
    std::fs::copy(&full, &changed).unwrap();
    std::fs::write(&target, text.replace("2021", "2019")).unwrap();
    let report = htxq::store::build(&changed, std::slice::from_ref(&target)).unwrap();
    assert_eq!(report.added, 1, "{report:?}");
    assert!(dump(&changed).len() > dump(&full).len(), "the changed copy adds rows");
    std::fs::write(&target, &text).unwrap();
    let report = htxq::store::build(&changed, std::slice::from_ref(&target)).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 0, 1), "{report:?}");
    assert_same(&dump(&changed), &dump(&full), "changed and changed back");
}
