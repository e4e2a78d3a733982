//! Fresh, migrated databases for integration tests, on SQLite and PostgreSQL.
//!
//! Used by the `app` and `server` test suites. A PostgreSQL test creates its own
//! database on the server named by `TEST_DATABASE_URL` and drops it when it passes.

use crate::db::Db;
use crate::state::{AppState, Settings};
use leptos::prelude::LeptosOptions;

/// Which backend a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

/// A migrated database that lives as long as the value.
pub struct TestDb {
    pub state: AppState,
    /// The database URL, to open a second pool (another "server process").
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

impl TestDb {
    /// A fresh database on `backend`. Panics (failing the test) when PostgreSQL is
    /// asked for but `TEST_DATABASE_URL` is unset: a suite that cannot run must not pass.
    pub async fn new(backend: TestBackend) -> Self {
        let options = LeptosOptions::builder().output_name("clientele").build();
        match backend {
            TestBackend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}/test.db", dir.path().display());
                let db = Db::connect(&url, 4).await.expect("open SQLite");
                db.migrate().await.expect("migrate SQLite");
                crate::customers::grid::index::backfill_sort_keys(&db)
                    .await
                    .expect("sort keys");
                TestDb {
                    state: AppState::new(options, db, Settings::default()),
                    url,
                    _dir: Some(dir),
                    pg_admin: None,
                }
            }
            TestBackend::Postgres => {
                let admin_url = std::env::var("TEST_DATABASE_URL").expect(
                    "TEST_DATABASE_URL must point at a PostgreSQL server for the postgres tests \
                     (make test starts a throwaway cluster)",
                );
                let name = format!("clientele_test_{}", crate::sessions::token::new_token());
                let admin = Db::connect(&admin_url, 1)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&admin.pool)
                    .await
                    .expect("create test database");
                admin.pool.close().await;
                let url = with_database(&admin_url, &name);
                let db = Db::connect(&url, 4)
                    .await
                    .expect("connect to test database");
                db.migrate().await.expect("migrate PostgreSQL");
                crate::customers::grid::index::backfill_sort_keys(&db)
                    .await
                    .expect("sort keys");
                TestDb {
                    state: AppState::new(options, db, Settings::default()),
                    url,
                    _dir: None,
                    pg_admin: Some((admin_url, name)),
                }
            }
        }
    }

    /// Another application state on the same database, as a second server process
    /// would have: its own pool, configuration cache and clock.
    pub async fn second_process(&self) -> AppState {
        let db = Db::connect(&self.url, 4).await.expect("second pool");
        AppState::new(self.state.leptos_options.clone(), db, Settings::default())
    }

    /// Close the pool and drop the PostgreSQL database (call at the end of a test).
    pub async fn finish(self) {
        self.state.db.close().await;
        if let Some((admin_url, name)) = self.pg_admin {
            if let Ok(admin) = Db::connect(&admin_url, 1).await {
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name}"
                )))
                .execute(&admin.pool)
                .await;
                admin.pool.close().await;
            }
        }
    }
}

/// The integer in the first column of the query's one row: a `COUNT(*)`, a `MAX(id)`.
pub async fn count(pool: &sqlx::AnyPool, sql: &'static str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get::<i64, _>(0)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// PostgreSQL's foreign keys on the three tables a bulk load writes (customers, their
/// addresses, the grid's rows), one line each: table, name and definition, in order.
pub async fn bulk_load_foreign_keys(pool: &sqlx::AnyPool) -> Vec<String> {
    use sqlx::Row;
    sqlx::query(
        "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
         FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('customer_entity'::regclass,
           'customer_address_entity'::regclass, 'customer_grid_flat'::regclass)
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .expect("foreign keys")
    .iter()
    .map(|r| r.try_get::<String, _>(0).expect("foreign key"))
    .collect()
}

/// Replace the database name in a `postgres://` URL (keeping any `?query`).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = base[scheme_end..].find('/').map(|i| i + scheme_end);
    let host_part = match path_start {
        Some(i) => &base[..i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

/// Define one async test body and run it on both backends: `mod name { sqlite, postgres }`.
/// Filter with `cargo test postgres` / `cargo test -- --skip postgres`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::testing::TestDb::new($crate::testing::TestBackend::Sqlite).await;
                ($body)(db.state.clone()).await;
                db.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let db = $crate::testing::TestDb::new($crate::testing::TestBackend::Postgres).await;
                ($body)(db.state.clone()).await;
                db.finish().await;
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            super::with_database("postgres://u@h:5433/postgres", "t1"),
            "postgres://u@h:5433/t1"
        );
        assert_eq!(
            super::with_database("postgres://u@h:5433", "t1"),
            "postgres://u@h:5433/t1"
        );
        assert_eq!(
            super::with_database("postgres://u@localhost/postgres?host=/run/pg", "t1"),
            "postgres://u@localhost/t1?host=/run/pg"
        );
    }
}

/// Helpers the storefront integration tests share.
pub mod shop {
    /// A valid UK address for Ada Lovelace in `city` (not a default one).
    pub fn address(city: &str) -> crate::customers::address::model::AddressInput {
        crate::customers::address::model::AddressInput {
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            street: vec!["1 Analytical Row".into()],
            city: city.into(),
            country_id: "GB".into(),
            postcode: "EC1A 1BB".into(),
            telephone: "+44 20 7946 0000".into(),
            ..Default::default()
        }
    }

    /// Customer `id` (Ada Lovelace, of website 1) as their storefront session sees them.
    pub fn signed_in(id: i64, email: &str) -> crate::accounts::service::CustomerPrincipal {
        crate::accounts::service::CustomerPrincipal {
            customer_id: id,
            website_id: 1,
            session_id: 0,
            email: email.into(),
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            assisted: None,
        }
    }

    /// The admin tests act as, for the action log.
    pub fn actor() -> crate::action_log::service::Actor {
        crate::action_log::service::Actor {
            admin_id: None,
            name: "tester".into(),
            ip: "192.0.2.1".into(),
            assisting: None,
        }
    }

    use crate::accounts::model::Registration;
    use crate::sessions::service::Caller;
    use crate::state::AppState;
    use crate::stores::model::StoreViewInfo;

    /// The password every test shopper registers with.
    pub const PASSWORD: &str = "Analytical-Engine-1";

    /// A signed-out visitor coming from `ip`.
    pub fn from_ip(ip: &str) -> Caller {
        Caller {
            token: None,
            ip: ip.into(),
            user_agent: "test".into(),
        }
    }

    /// The first store view (the default one).
    pub async fn store(state: &AppState) -> StoreViewInfo {
        crate::stores::repo::list_views(&state.db)
            .await
            .expect("store views")
            .remove(0)
    }

    /// Create an Account as Ada Lovelace with `email` and [`PASSWORD`].
    pub fn registration(email: &str) -> Registration {
        Registration {
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            email: email.into(),
            password: PASSWORD.into(),
            password_confirmation: PASSWORD.into(),
            ..Default::default()
        }
    }

    /// A new admin with `role`, signed in: the principal its server functions see.
    pub async fn signed_in_admin(
        state: &AppState,
        email: &str,
        name: &str,
        role: &str,
    ) -> crate::auth::service::AdminPrincipal {
        use crate::auth::service;
        service::create_admin(state, email, name, ADMIN_PASSWORD, role)
            .await
            .expect("create admin");
        let token = service::sign_in(state, email, ADMIN_PASSWORD, &from_ip("127.0.0.1"))
            .await
            .expect("sign in");
        service::authenticate(state, Some(&token))
            .await
            .expect("authenticate")
            .expect("a session")
    }

    /// How many emails of `template` the outbox holds for `email`.
    pub async fn emails_to(state: &AppState, email: &str, template: &str) -> i64 {
        use sqlx::Row as _;
        sqlx::query("SELECT COUNT(*) AS n FROM mail_outbox WHERE to_email = $1 AND template = $2")
            .bind(email)
            .bind(template)
            .fetch_one(&state.db.pool)
            .await
            .expect("count the outbox")
            .try_get("n")
            .expect("a count")
    }

    /// A customer of `website` named Ada Lovelace with `password` (as if registered
    /// there); returns the id.
    pub async fn customer_with_password(
        state: &AppState,
        email: &str,
        website: i64,
        password: &str,
    ) -> i64 {
        let id = crate::customers::edit::service::save(
            state,
            &actor(),
            &crate::customers::model::CustomerInput {
                website_id: website,
                group_id: 1,
                firstname: "Ada".into(),
                lastname: "Lovelace".into(),
                email: email.into(),
                ..Default::default()
            },
        )
        .await
        .expect("save the customer")
        .id;
        let hash = crate::sessions::password::hash(password.into())
            .await
            .expect("hash");
        sqlx::query("UPDATE customer_entity SET password_hash = $1 WHERE entity_id = $2")
            .bind(hash.0)
            .bind(id)
            .execute(&state.db.pool)
            .await
            .expect("set the password");
        id
    }

    /// The password of [`signed_in_admin`]'s admins.
    pub const ADMIN_PASSWORD: &str = "Correct-Horse-9";
}
