//! Using htxq as a library: query the built-in corpus, read typed values, print JSON, and compile
//! a query to SQL without running it.
//!
//! Run with `cargo run --example library`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = htxq::Engine::builtin()?;
    let result = engine.query("clusters where htx_total is not null show name, year, htx_total sort year")?;
    for row in result.rows() {
        let name = row[0].as_str().unwrap_or("?");
        let year = row[1].as_i64().unwrap_or(0);
        let total = row[2].as_i64().unwrap_or(0);
        println!("{year}  {name:<22} {total:>6} HTX");
    }
    println!("{}", serde_json::to_string(&result)?);

    let compiled = htxq::compile("clusters where name ~ \"tay bac\" and year = 2023")?;
    println!("{}\nparameters: {:?}", compiled.sql, compiled.params);
    Ok(())
}
