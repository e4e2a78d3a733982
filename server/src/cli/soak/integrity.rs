//! Is the database whole after a `kill -9`? The engine's own check (SQLite's
//! `PRAGMA integrity_check`, `foreign_key_check` and the FTS5 index check; PostgreSQL's
//! `amcheck` over every B-tree index when the extension can be created) and, on both,
//! query-level checks of what the app keeps consistent in its transactions: addresses
//! belong to a customer, every customer has exactly its grid row with its current email
//! and group, default addresses exist, and no session outlives its customer.

use app::db::Backend;
use app::state::AppState;
use sqlx::Row;

/// The checks' results, as `name=value` fields.
pub struct Report {
    pub fields: Vec<(&'static str, String)>,
    pub clean: bool,
}

impl Report {
    /// `result=ok|FAILED name=value …`
    pub fn line(&self) -> String {
        let mut line = format!("result={}", if self.clean { "ok" } else { "FAILED" });
        for (name, value) in &self.fields {
            line.push_str(&format!(" {name}={value}"));
        }
        line
    }

    fn count(&mut self, name: &'static str, n: i64) {
        self.clean &= n == 0;
        self.fields.push((name, n.to_string()));
    }
}

/// Rows the app's transactions should never leave behind; each query counts them.
const QUERY_CHECKS: &[(&str, &str)] = &[
    (
        "orphan_addresses",
        "SELECT COUNT(*) AS n FROM customer_address_entity a
         WHERE NOT EXISTS (SELECT 1 FROM customer_entity c WHERE c.entity_id = a.parent_id)",
    ),
    (
        "grid_missing",
        "SELECT COUNT(*) AS n FROM customer_entity c
         WHERE NOT EXISTS (SELECT 1 FROM customer_grid_flat g WHERE g.entity_id = c.entity_id)",
    ),
    (
        "grid_orphans",
        "SELECT COUNT(*) AS n FROM customer_grid_flat g
         WHERE NOT EXISTS (SELECT 1 FROM customer_entity c WHERE c.entity_id = g.entity_id)",
    ),
    (
        "grid_stale",
        "SELECT COUNT(*) AS n FROM customer_grid_flat g
         JOIN customer_entity c ON c.entity_id = g.entity_id
         WHERE g.email <> c.email OR g.group_id <> c.group_id",
    ),
    (
        "dangling_defaults",
        "SELECT COUNT(*) AS n FROM customer_entity c
         WHERE (c.default_billing IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customer_address_entity a
                    WHERE a.entity_id = c.default_billing AND a.parent_id = c.entity_id))
            OR (c.default_shipping IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customer_address_entity a
                    WHERE a.entity_id = c.default_shipping AND a.parent_id = c.entity_id))",
    ),
    (
        "orphan_sessions",
        "SELECT COUNT(*) AS n FROM sessions s WHERE s.kind = 'customer'
         AND NOT EXISTS (SELECT 1 FROM customer_entity c WHERE c.entity_id = s.user_id)",
    ),
    (
        "duplicate_accounts",
        "SELECT COUNT(*) AS n FROM (SELECT email, website_id FROM customer_entity
         GROUP BY email, website_id HAVING COUNT(*) > 1) d",
    ),
];

/// Run every check; problems the engine reports are also written to stderr.
pub async fn check(state: &AppState) -> anyhow::Result<Report> {
    let pool = &state.db.pool;
    let mut report = Report {
        fields: Vec::new(),
        clean: true,
    };
    match state.db.backend {
        Backend::Sqlite => {
            let messages: Vec<String> = sqlx::query("PRAGMA integrity_check")
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| r.try_get::<String, _>(0))
                .collect::<Result<_, _>>()?;
            let ok = messages.len() == 1 && messages[0] == "ok";
            if !ok {
                for m in messages.iter().take(20) {
                    eprintln!("integrity_check: {m}");
                }
            }
            report.clean &= ok;
            report.fields.push((
                "integrity_check",
                if ok {
                    "ok".into()
                } else {
                    format!("FAILED({})", messages.len())
                },
            ));
            let violations = sqlx::query("PRAGMA foreign_key_check")
                .fetch_all(pool)
                .await?
                .len();
            report.count("fk_violations", violations as i64);
            // FTS5's own check of the keyword index against the grid rows.
            let fts = sqlx::query(
                "INSERT INTO customer_grid_fts(customer_grid_fts) VALUES ('integrity-check')",
            )
            .execute(pool)
            .await;
            if let Err(err) = &fts {
                eprintln!("fts integrity-check: {err}");
            }
            report.clean &= fts.is_ok();
            let fts = if fts.is_ok() { "ok" } else { "FAILED" };
            report.fields.push(("fts_check", fts.into()));
        }
        Backend::Postgres => {
            let (checked, failed) = amcheck(state).await;
            match checked {
                Some(n) => {
                    report.clean &= failed.is_empty();
                    report.fields.push(("amcheck_indexes", n.to_string()));
                    let value = if failed.is_empty() {
                        "ok".to_string()
                    } else {
                        format!("FAILED({})", failed.join(","))
                    };
                    report.fields.push(("amcheck", value));
                }
                None => report.fields.push(("amcheck", "unavailable".into())),
            }
        }
    }
    for &(name, sql) in QUERY_CHECKS {
        let n: i64 = sqlx::query(sql).fetch_one(pool).await?.try_get("n")?;
        report.count(name, n);
    }
    Ok(report)
}

/// `bt_index_check(index, heapallindexed)` on every B-tree index of the app's schema:
/// how many were checked (`None` when amcheck cannot be installed, e.g. without
/// superuser rights) and the names of those that failed.
async fn amcheck(state: &AppState) -> (Option<usize>, Vec<String>) {
    let pool = &state.db.pool;
    if let Err(err) = sqlx::query("CREATE EXTENSION IF NOT EXISTS amcheck")
        .execute(pool)
        .await
    {
        eprintln!("amcheck not available: {err}");
        return (None, Vec::new());
    }
    let indexes = match sqlx::query(
        "SELECT c.oid::bigint AS oid, c.relname::text AS name
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am am ON am.oid = c.relam
         JOIN pg_namespace ns ON ns.oid = c.relnamespace
         WHERE am.amname = 'btree' AND ns.nspname = current_schema()
           AND i.indisvalid AND i.indisready
         ORDER BY c.relname",
    )
    .fetch_all(pool)
    .await
    {
        Ok(rows) => rows,
        Err(err) => {
            eprintln!("amcheck: listing indexes failed: {err}");
            return (None, Vec::new());
        }
    };
    let mut failed = Vec::new();
    for row in &indexes {
        let (Ok(oid), Ok(name)) = (
            row.try_get::<i64, _>("oid"),
            row.try_get::<String, _>("name"),
        ) else {
            continue;
        };
        // bt_index_check returns void, which the Any driver cannot decode: as text.
        let checked = sqlx::query("SELECT bt_index_check($1::oid::regclass, true)::text AS r")
            .bind(oid)
            .fetch_one(pool)
            .await;
        if let Err(err) = checked {
            eprintln!("amcheck {name}: {err}");
            failed.push(name);
        }
    }
    (Some(indexes.len()), failed)
}
