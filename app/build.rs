//! Embeds the migrations: for each backend's folder (`migrations/sqlite`,
//! `migrations/postgres`) it writes `$OUT_DIR/migrations.rs`, one entry per file with
//! the version and description sqlx reads from the file's name and the SQL as an
//! `include_str!`. `db::migrations` hands them to sqlx.
//!
//! This is what `sqlx::migrate!` does, without its proc macro: that macro compiles
//! sqlx with both drivers, SQLite's C source and tokio a second time, for the build
//! host (see `db::migrations`).

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("../migrations");
    // A directory: cargo reruns this script when any file in it changes or is added.
    println!("cargo:rerun-if-changed={}", root.display());

    let mut out = String::from("// Written by app/build.rs from the migrations folders.\n");
    for backend in ["sqlite", "postgres"] {
        let files = migration_files(&root.join(backend));
        writeln!(
            out,
            "pub(super) const {}: &[File] = &[",
            backend.to_uppercase()
        )
        .unwrap();
        for (version, description, path) in files {
            writeln!(
                out,
                "    File {{ version: {version}, description: {description:?}, sql: include_str!({:?}) }},",
                path.display()
            )
            .unwrap();
        }
        out.push_str("];\n");
    }
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("migrations.rs");
    fs::write(&dest, out).unwrap_or_else(|e| panic!("writing {}: {e}", dest.display()));
}

/// `(version, description, path)` of each `<version>_<description>.sql` in `dir`, by
/// version. The description is the name's rest without `.sql`, `_` read as a space:
/// the rules of sqlx's own reader, so versions, descriptions and checksums match what
/// `sqlx::migrate!` recorded in existing databases.
fn migration_files(dir: &Path) -> Vec<(i64, String, std::path::PathBuf)> {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .path();
        if !path.is_file() {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Some((version, rest)) = name.split_once('_') else {
            continue;
        };
        let Some(description) = rest.strip_suffix(".sql") else {
            continue;
        };
        assert!(
            !description.ends_with(".up") && !description.ends_with(".down"),
            "{name}: reversible migrations are not used here"
        );
        let version: i64 = version
            .parse()
            .unwrap_or_else(|_| panic!("{name}: a migration's name starts with its version"));
        files.push((
            version,
            description.replace('_', " "),
            path.canonicalize()
                .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        ));
    }
    files.sort();
    files
}
