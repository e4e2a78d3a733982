//! The migrations, embedded in the binary and handed to sqlx.
//!
//! `build.rs` lists `migrations/sqlite` and `migrations/postgres` and writes an entry
//! per file: its version and description, read from the name by sqlx's rules, and its
//! SQL through `include_str!`. sqlx derives each checksum from the SQL, as
//! `sqlx::migrate!` did, so databases migrated by earlier builds see no change.
//!
//! Why not `sqlx::migrate!`: it is a proc macro, and cargo compiles a proc macro's
//! dependencies for the build host. For sqlx's macros those are sqlx itself with
//! both drivers, SQLite's C source and tokio: the release build compiled all of them
//! twice.

use futures::future::BoxFuture;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::SqlStr;
use std::borrow::Cow;

/// One migration file.
#[derive(Debug)]
pub(super) struct File {
    version: i64,
    description: &'static str,
    sql: &'static str,
}

mod embedded {
    use super::File;
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}

/// One backend's migrations, as a source sqlx's [`Migrator`] reads.
#[derive(Clone, Copy, Debug)]
pub(super) struct Embedded(&'static [File]);

/// `migrations/sqlite`.
pub(super) const SQLITE: Embedded = Embedded(embedded::SQLITE);
/// `migrations/postgres`.
pub(super) const POSTGRES: Embedded = Embedded(embedded::POSTGRES);

impl Embedded {
    /// The migrator for these migrations, with sqlx's defaults (the `_sqlx_migrations`
    /// table, a lock while migrating, each migration in a transaction unless its SQL
    /// starts with `-- no-transaction`).
    pub(super) async fn migrator(self) -> Result<Migrator, sqlx::migrate::MigrateError> {
        Migrator::new(self).await
    }
}

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(self) -> BoxFuture<'s, Result<Vec<Migration>, BoxDynError>> {
        let migrations = self
            .0
            .iter()
            .map(|file| {
                Migration::new(
                    file.version,
                    Cow::Borrowed(file.description),
                    MigrationType::Simple,
                    SqlStr::from_static(file.sql),
                    file.sql.starts_with("-- no-transaction"),
                )
            })
            .collect();
        Box::pin(async move { Ok(migrations) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// What sqlx's own reader makes of a folder (the reader `sqlx::migrate!` uses).
    async fn read_by_sqlx(folder: &str) -> Migrator {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../migrations")
            .join(folder);
        Migrator::new(dir.as_path())
            .await
            .expect("sqlx reads the folder")
    }

    /// Every migration carries the version, description, checksum and transaction
    /// choice sqlx reads from the file: a database migrated by a build that used
    /// `sqlx::migrate!` accepts these as already applied.
    #[tokio::test]
    async fn embedded_migrations_are_the_ones_sqlx_reads_from_the_folders() {
        for (folder, embedded) in [("sqlite", SQLITE), ("postgres", POSTGRES)] {
            let ours = embedded.migrator().await.unwrap();
            let theirs = read_by_sqlx(folder).await;
            let key = |m: &Migration| {
                (
                    m.version,
                    m.description.to_string(),
                    m.checksum.to_vec(),
                    m.no_tx,
                    m.migration_type,
                )
            };
            let ours: Vec<_> = ours.iter().map(key).collect();
            let theirs: Vec<_> = theirs.iter().map(key).collect();
            assert!(
                ours.len() > 30,
                "{folder}: {} migrations embedded",
                ours.len()
            );
            assert_eq!(ours, theirs, "{folder}");
        }
    }
}
