//! Writes the built-in corpus's database image, `data/builtin.sqlite`, from the articles in
//! `data/articles/` (compiled into the crate) and the current extractor. Run it after changing
//! either; the test `the_builtin_image_is_what_the_articles_give` fails until you do.
//!
//!     cargo run --example builtin_image

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/builtin.sqlite");
    let result = htxq::store::builtin_from_articles().and_then(|conn| {
        let tmp = out.with_extension("sqlite.tmp");
        let _ = std::fs::remove_file(&tmp);
        conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy()])?;
        std::fs::rename(&tmp, &out).map_err(|e| htxq::Error::Database(format!("{}: {e}", out.display())))?;
        Ok(())
    });
    match result {
        Ok(()) => {
            println!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("builtin_image: {e}");
            ExitCode::FAILURE
        }
    }
}
