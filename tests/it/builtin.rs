//! The built-in corpus is loaded from a database image (`data/builtin.sqlite`) instead of being
//! extracted at every start; these tests keep the image honest.

use rusqlite::Connection;

/// Every table and view of `conn` (schema text and rows), in a canonical order: two databases
/// with the same dump hold the same data whatever their page layout.
fn dump(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    let mut objects = conn
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .unwrap();
    let objects: Vec<(String, String, Option<String>)> =
        objects.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    for (kind, name, sql) in objects {
        out.push(format!("{kind} {name}: {}", sql.unwrap_or_default()));
        if kind != "table" && kind != "view" {
            continue;
        }
        out.extend(super::util::sorted_rows(conn, &format!("SELECT * FROM \"{name}\""), &name, |_| true));
    }
    out
}

#[test]
fn the_builtin_image_is_what_the_articles_give() {
    let image = htxq::store::builtin().unwrap();
    let fresh = htxq::store::builtin_from_articles().unwrap();
    let (image, fresh) = (dump(&image), dump(&fresh));
    let first_difference = image.iter().zip(&fresh).position(|(a, b)| a != b).unwrap_or(image.len().min(fresh.len()));
    assert!(
        image == fresh,
        "data/builtin.sqlite is stale: run `cargo run --example builtin_image` and commit it\n\
         first difference (image, then articles):\n  {:?}\n  {:?}",
        image.get(first_difference),
        fresh.get(first_difference)
    );
}

#[test]
fn the_builtin_engine_answers_from_the_image_and_can_still_be_written() {
    let engine = htxq::Engine::builtin().unwrap();
    let rows = engine.query("clusters show count() as n").unwrap();
    assert_eq!(rows.rows.len(), 1);
    // a writable copy: the image itself is never touched
    let conn = htxq::store::builtin().unwrap();
    conn.execute("DELETE FROM fact_rows", []).unwrap();
    let again = htxq::store::builtin().unwrap();
    let facts: i64 = again.query_row("SELECT count(*) FROM facts", [], |r| r.get(0)).unwrap();
    assert!(facts > 0);
}
