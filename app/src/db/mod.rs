//! One database layer for SQLite and PostgreSQL.
//!
//! # Why `sqlx::Any` with runtime queries
//! `sqlx::query!` checks queries against one database at compile time and cannot serve
//! two backends from the same call (sqlx issue #964). We therefore use sqlx's `Any`
//! driver with runtime queries (`sqlx::query` / `query_as` + `FromRow` row structs) and
//! SQL that both SQLite (3.35+) and PostgreSQL understand: `$1` placeholders,
//! `RETURNING`, `ON CONFLICT … DO UPDATE`, integer timestamps (Unix seconds) and
//! integer flags instead of dialect-specific date and boolean types. Where the dialects
//! really differ (full-text search, later) a repository matches on [`Backend`] and keeps
//! both statements side by side; the business logic above it is written once.
//!
//! Each backend has its own numbered migrations (`migrations/sqlite`,
//! `migrations/postgres`), embedded in the binary and applied at start.

pub mod copy;
pub mod fold;
mod migrations;
pub mod sql;

pub use sql::Sql;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Executor, Row as _};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Which database engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Pick the backend from a `DATABASE_URL`.
    pub fn from_url(url: &str) -> Result<Self, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(DbError::UnsupportedUrl)
        }
    }

    /// The backend a connection (or a transaction: it derefs to one) of the `Any` driver
    /// talks to.
    pub fn of(connection: &sqlx::AnyConnection) -> Self {
        use sqlx::Database as _;
        if connection.backend_name() == sqlx::Sqlite::NAME {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }
}

impl FromStr for Backend {
    type Err = DbError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Backend::from_url(s)
    }
}

/// Errors opening or migrating the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite:// or postgres://")]
    UnsupportedUrl,
    #[error("could not create the directory for the SQLite file: {0}")]
    Directory(#[from] std::io::Error),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// A connection pool plus the dialect it speaks. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Where write transactions start: on SQLite a pool of one connection, so writers
    /// queue for it in this process (in order, up to [`WRITE_WAIT`]) instead of each
    /// holding a pooled connection while SQLite makes it wait for the write lock, which
    /// left readers without connections under a burst of writes. On PostgreSQL the same
    /// pool as reads.
    writer: AnyPool,
    /// For reads that pass over every row once, in batches (exports): on SQLite up to
    /// [`SCAN_CONNECTIONS`] connections of their own with SQLite's default page cache
    /// (2 MiB). Through the pool, a million rows read once filled the 64 MiB cache of
    /// each pooled connection their batches landed on (an export's peak memory 165 MB;
    /// 94 MB on one pooled connection), and pushed out the indexes the grid reads. On
    /// PostgreSQL (whose cache is the server's) the same pool as reads.
    pub scan: AnyPool,
    /// The URL the pool was opened with, for [`Db::postgres_connection`].
    url: SecretUrl,
    /// Set by [`Db::spawn_checkpointer`]: the write-ahead log is copied in the
    /// background, and connections opened after it leave that to it.
    background_checkpoints: Arc<AtomicBool>,
    /// Held by each of this process's checkpoints on SQLite: a checkpoint that starts
    /// while another runs copies nothing (SQLite reports it busy at once), so the
    /// background checkpointer and [`Db::checkpoint_all`] take turns.
    checkpoints: Arc<tokio::sync::Mutex<()>>,
}

/// A database URL, which may hold a password: never printed.
#[derive(Clone)]
struct SecretUrl(String);

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretUrl(…)")
    }
}

/// A SQLite connection's page cache: 64 MiB for the pool and the writer, SQLite's
/// default for [`Db::scan`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cache {
    Large,
    Small,
}

/// Connections of [`Db::scan`] on SQLite: two exports at once each have one.
const SCAN_CONNECTIONS: u32 = 2;

/// How long a write waits for its turn (SQLite's busy timeout, the writer pool) and any
/// request for a pooled connection.
const WRITE_WAIT: Duration = Duration::from_secs(30);

/// Shorthand for the transaction type repositories take.
pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;
/// Shorthand for a row of the `Any` driver.
pub type Row = AnyRow;

impl Db {
    /// Open a pool for `url`. SQLite files (and their directory) are created when
    /// missing and run in WAL mode with foreign keys on and a busy timeout.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, DbError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        if backend == Backend::Sqlite {
            fold::register();
        }
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let background_checkpoints = Arc::new(AtomicBool::new(false));
        // A pooled connection is not pinged before each use (a round trip per query
        // saved: to the SQLite worker thread, or to the PostgreSQL server); one that
        // broke fails its query and is discarded, and the next acquire opens a fresh one.
        let options = |connections: u32, wait: Duration, cache: Cache| {
            let options = AnyPoolOptions::new()
                .max_connections(connections.max(1))
                .acquire_timeout(wait)
                .test_before_acquire(false);
            // A SQLite connection is kept for the life of the process (sqlx closes a pooled
            // one after 10 idle minutes and any after 30): one opened again starts with an
            // empty page cache, and the request that waits for it to open (3–4 ms) then
            // reads the grid's index pages from the file again.
            let options = match backend {
                Backend::Sqlite => options.idle_timeout(None).max_lifetime(None),
                Backend::Postgres => options,
            };
            let background = background_checkpoints.clone();
            match backend {
                Backend::Sqlite => options.after_connect(move |conn, _meta| {
                    let copies = !background.load(Ordering::Relaxed);
                    Box::pin(async move {
                        // WAL lets readers proceed while one writer commits; the busy timeout
                        // makes concurrent writers wait instead of failing with SQLITE_BUSY.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 30000").await?;
                        // When the write-ahead log starts over, its file is cut back to
                        // 64 MiB: a burst of writes (a seed, a catch-up of the grid) grew
                        // it to gigabytes that it otherwise keeps on disk for good.
                        conn.execute("PRAGMA journal_size_limit = 67108864").await?;
                        // Up to 64 MiB of page cache per connection (the default is 2 MiB): the
                        // grid's indexes at a million customers are hundreds of MiB, and index
                        // upkeep on writes and deep pages read far fewer pages from disk.
                        // A scan's connection keeps SQLite's default (2 MiB): see
                        // [`Db::scan`].
                        if cache == Cache::Large {
                            conn.execute("PRAGMA cache_size = -65536").await?;
                        }
                        // Without the background checkpointer, commits copy the
                        // write-ahead log into the database file once it holds 32 MiB (a
                        // copy at SQLite's default of 4 MiB measured 10 ms on one commit
                        // in a hundred); with it, never ([`Db::spawn_checkpointer`]).
                        conn.execute(if copies {
                            "PRAGMA wal_autocheckpoint = 8192"
                        } else {
                            "PRAGMA wal_autocheckpoint = 0"
                        })
                        .await?;
                        Ok(())
                    })
                }),
                Backend::Postgres => options.after_connect(|conn, _meta| {
                    Box::pin(async move {
                        // No JIT compilation: the grid's queries run in milliseconds, and
                        // compiling a large one's plan took 80 ms of a 390 ms keyword
                        // search at a million customers.
                        conn.execute("SET jit = off").await?;
                        Ok(())
                    })
                }),
            }
        };
        // On SQLite two of the pool's connections are opened at the start: a served
        // store's background checkpointer holds one every 200 ms, and a request arriving
        // then would otherwise open the second.
        let opened = match backend {
            Backend::Sqlite => 2.min(max_connections),
            Backend::Postgres => 0,
        };
        // On SQLite the writer's connection opens first, on its own: on a new file it
        // turns the journal to write-ahead logging, which needs the file's exclusive
        // lock, and SQLite refuses a second connection asking for it at the same moment
        // at once, without waiting ("database is locked": seen when a new store's pool
        // opened its second connection beside the writer's). Once the file is in WAL mode,
        // the other connections' `journal_mode` pragma changes nothing.
        let writer = match backend {
            Backend::Sqlite => Some(options(1, WRITE_WAIT, Cache::Large).connect(&url).await?),
            Backend::Postgres => None,
        };
        // A request waits as long for a pooled connection as a writer waits for the
        // SQLite write lock: under a burst (a hundred writers on a small pool) requests
        // queue instead of failing.
        let pool = options(max_connections, WRITE_WAIT, Cache::Large)
            .min_connections(opened)
            .connect(&url)
            .await?;
        let (writer, scan) = match writer {
            Some(writer) => (
                writer,
                // Opened on first use: most processes never export.
                options(SCAN_CONNECTIONS, WRITE_WAIT, Cache::Small).connect_lazy(&url)?,
            ),
            None => (pool.clone(), pool.clone()),
        };
        Ok(Db {
            pool,
            backend,
            writer,
            scan,
            url: SecretUrl(url),
            background_checkpoints,
            checkpoints: Arc::default(),
        })
    }

    /// Apply all pending migrations for this backend.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migrations = match self.backend {
            Backend::Sqlite => migrations::SQLITE,
            Backend::Postgres => migrations::POSTGRES,
        };
        migrations.migrator().await?.run(&self.pool).await?;
        Ok(())
    }

    /// Start a write transaction. On SQLite it takes this process's writer connection
    /// (waiting its turn) and begins `IMMEDIATE`: it takes the write lock first, waiting
    /// up to the busy timeout for another process's writer. A deferred
    /// transaction that reads and then writes cannot wait: when another connection wrote
    /// in between, SQLite fails it at once with "database is locked" (seen as 500s under
    /// concurrent registrations). PostgreSQL's row locks need nothing extra.
    pub async fn begin(&self) -> Result<Tx<'static>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// The connection write transactions run on, held until dropped: for a bulk step on
    /// SQLite that changes the writer's settings for a while and puts them back (other
    /// writers wait their turn meanwhile). On PostgreSQL a pooled connection.
    pub async fn writer_connection(&self) -> Result<PoolConnection<Any>, sqlx::Error> {
        self.writer.acquire().await
    }

    /// Start a transaction that only reads (a consistent snapshot of several queries):
    /// it never blocks writers, on either database.
    pub async fn begin_read(&self) -> Result<Tx<'static>, sqlx::Error> {
        self.pool.begin().await
    }

    /// A connection of its own, outside the pools, with the writer's settings, for a bulk
    /// step whose state must not outlive it on a pooled connection (SQLite's full-text
    /// indexes keep what they last read of an index per connection:
    /// [`crate::customers::grid::fts_build`] replaces one's tables). Closed by the caller.
    pub async fn own_connection(&self) -> Result<sqlx::AnyConnection, sqlx::Error> {
        let pool = self
            .writer
            .options()
            .clone()
            .max_connections(1)
            .min_connections(0)
            .connect_with((*self.writer.connect_options()).clone())
            .await?;
        let conn = pool.acquire().await?.detach();
        pool.close().await;
        Ok(conn)
    }

    /// A PostgreSQL connection of its own, outside the pool, for what the `Any` driver
    /// cannot do: bulk loads through `COPY … FROM STDIN`. `None` on SQLite.
    pub async fn postgres_connection(&self) -> Result<Option<sqlx::PgConnection>, sqlx::Error> {
        use sqlx::Connection as _;
        match self.backend {
            Backend::Postgres => Ok(Some(sqlx::PgConnection::connect(&self.url.0).await?)),
            Backend::Sqlite => Ok(None),
        }
    }

    /// On SQLite, copy the write-ahead log into the database file in the background,
    /// every 200 ms, without blocking readers or the writer (a `PASSIVE` checkpoint), so
    /// that commits do not do it: from here on the writer's commits never copy it. A
    /// commit that did (once the log held 32 MiB, which under a steady stream of saves it
    /// keeps holding) waited for the copy's `fsync` of the database file: measured at 1M
    /// customers, one inline edit in about fifty took 60–130 ms against 2 ms at p95. Ends
    /// when the pool closes. Nothing on PostgreSQL.
    pub fn spawn_checkpointer(&self) {
        if self.backend != Backend::Sqlite {
            return;
        }
        self.background_checkpoints.store(true, Ordering::Relaxed);
        let pool = self.pool.clone();
        let writer = self.writer.clone();
        let checkpoints = self.checkpoints.clone();
        tokio::spawn(async move {
            // The writer's connection is already open (the pool's connections read; one
            // that writes through the pool keeps copying past 32 MiB as before).
            if let Err(err) = sqlx::query("PRAGMA wal_autocheckpoint = 0")
                .execute(&writer)
                .await
            {
                tracing::warn!(%err, "could not leave the write-ahead log to the checkpointer");
            }
            let mut every = tokio::time::interval(Duration::from_millis(200));
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                if pool.is_closed() {
                    return;
                }
                let turn = checkpoints.lock().await;
                let copied = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&pool)
                    .await;
                drop(turn);
                if let Err(err) = copied {
                    if matches!(err, sqlx::Error::PoolClosed) {
                        return;
                    }
                    tracing::warn!(%err, "write-ahead log checkpoint failed");
                }
            }
        });
    }

    /// On SQLite, copy the whole write-ahead log into the database file and empty the
    /// log's file, after a load of hundreds of MB: otherwise the first writes after it
    /// pay for the copy (measured: an inline edit of 909 ms right after seeding), and the
    /// file keeps its size on disk. Waits for this process's background checkpoint to
    /// end (one running made a single attempt copy nothing: a seed of 1M customers left
    /// a 4.4 GB log), and for readers up to the busy timeout; then tries again for up to
    /// [`WRITE_WAIT`] while another process's checkpoint or readers keep it busy.
    /// Whether the log was emptied (the load is committed either way); true on
    /// PostgreSQL, which has nothing to do.
    pub async fn checkpoint_all(&self) -> Result<bool, sqlx::Error> {
        if self.backend != Backend::Sqlite {
            return Ok(true);
        }
        let started = std::time::Instant::now();
        loop {
            let turn = self.checkpoints.lock().await;
            // (busy, frames in the log, frames copied): busy is 1 when the copy could
            // not finish.
            let busy: i64 = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?;
            drop(turn);
            if busy == 0 {
                return Ok(true);
            }
            if started.elapsed() >= WRITE_WAIT {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Close every connection (tests, and before a process ends).
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
        self.scan.close().await;
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }
}

/// `sqlite://path` → make sure the directory exists and ask SQLite to create the file.
fn prepare_sqlite_url(url: &str) -> Result<String, DbError> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or_default();
    if !path.is_empty() && path != ":memory:" {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    if url.contains("mode=") {
        Ok(url.to_string())
    } else if url.contains('?') {
        Ok(format!("{url}&mode=rwc"))
    } else {
        Ok(format!("{url}?mode=rwc"))
    }
}

/// True when `err` is a unique-constraint violation (both backends).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => db.is_unique_violation(),
        _ => false,
    }
}

/// Whether `err` is a foreign-key violation (a row that names one deleted meanwhile).
pub fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => db.is_foreign_key_violation(),
        _ => false,
    }
}

/// ` FOR UPDATE` on PostgreSQL, where a transaction locks the rows it is about to
/// change or delete; nothing on SQLite, whose write transactions start IMMEDIATE and
/// so already run one at a time.
pub fn for_update(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    }
}

/// ` FOR SHARE` on PostgreSQL (the row must stay while this transaction lasts);
/// nothing on SQLite (see [`for_update`]).
pub fn for_share(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => " FOR SHARE",
        Backend::Sqlite => "",
    }
}

/// On PostgreSQL, take the session-level advisory lock `key` on `conn` unless another
/// session holds it: whether it was taken. [`advisory_unlock`] on the same connection
/// releases it (the keys: `0x636c_6965_6e74_….`, "client" and a number per use).
pub async fn try_advisory_lock(
    conn: &mut sqlx::AnyConnection,
    key: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("SELECT pg_try_advisory_lock($1) AS locked")
        .bind(key)
        .fetch_one(&mut *conn)
        .await?
        .try_get("locked")
}

/// Release the advisory lock `key` that [`try_advisory_lock`] took on `conn`.
pub async fn advisory_unlock(conn: &mut sqlx::AnyConnection, key: i64) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_follows_the_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::from_url("mysql://u@h/db").is_err());
    }

    #[test]
    fn sqlite_urls_ask_for_file_creation() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/sub/x.db", dir.path().display());
        let prepared = prepare_sqlite_url(&url).unwrap();
        assert!(prepared.ends_with("?mode=rwc"));
        assert!(dir.path().join("sub").is_dir());
        assert_eq!(
            prepare_sqlite_url("sqlite::memory:?cache=shared").unwrap(),
            "sqlite::memory:?cache=shared&mode=rwc"
        );
    }
}
