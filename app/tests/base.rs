//! Integration tests of the base capabilities on a real, freshly migrated database.
//! Each test runs twice: on SQLite and on PostgreSQL (`both_backends!`).

use app::auth::service;
use app::both_backends;
use app::config::model::Scope;
use app::config::registry::{
    ACCOUNT_SHARE_SCOPE, ADDRESS_STREET_LINES, ADMIN_LOCKOUT_FAILURES,
    CREATE_ACCOUNT_DEFAULT_GROUP, LOCALE_CODE, PASSWORD_LOCKOUT_FAILURES,
};
use app::config::service::{At, ConfigError, ConfigService};
use app::demo::{seed_demo_store, DemoSeed};
use app::error::AppError;
use app::sessions::service::Caller;
use app::state::AppState;
use sqlx::Row;

const PASSWORD: &str = "Correct-Horse-9";

async fn admin(state: &AppState, email: &str, role: &str) {
    service::create_admin(state, email, "Test Admin", PASSWORD, role)
        .await
        .expect("create admin");
}

/// Sign in with the right password; the new session token.
async fn sign_in_ok(state: &AppState, email: &str) -> String {
    service::sign_in(state, email, PASSWORD, &caller(None))
        .await
        .expect("sign-in with the right password")
}

/// Does `token` still open a session?
async fn alive(state: &AppState, token: &str) -> bool {
    service::authenticate(state, Some(token))
        .await
        .expect("authenticate")
        .is_some()
}

fn caller(token: Option<String>) -> Caller {
    Caller {
        token,
        ip: "127.0.0.1".into(),
        user_agent: "tests".into(),
    }
}

both_backends!(
    migrations_seed_groups_roles_and_default_store,
    |state: AppState| async move {
        let groups = app::groups::repo::list(&state.db).await.unwrap();
        let names: Vec<(i64, &str, &str)> = groups
            .iter()
            .map(|g| (g.id, g.code.as_str(), g.tax_class.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                (0, "NOT LOGGED IN", "Retail Customer"),
                (1, "General", "Retail Customer"),
                (2, "Wholesale", "Retail Customer"),
                (3, "Retailer", "Retail Customer"),
            ]
        );
        let views = app::stores::repo::list_views(&state.db).await.unwrap();
        assert_eq!(views.len(), 1);
        assert_eq!(views[0].name, "Default Store View");
        assert_eq!(views[0].website_name, "Main Website");
        assert!(
            app::auth::repo::find_role(&state.db, "Administrators")
                .await
                .unwrap()
                .unwrap()
                .all_resources
        );
        // New rows get ids after the seeded ones (PostgreSQL identity sequences were moved).
        let mut tx = state.db.begin().await.unwrap();
        let id: i64 = sqlx::query("INSERT INTO customer_groups (code, tax_class_id) VALUES ('VIP', 3) RETURNING customer_group_id")
        .fetch_one(&mut *tx)
        .await
        .unwrap()
        .try_get("customer_group_id")
        .unwrap();
        assert_eq!(id, 4);
    }
);

both_backends!(demo_store_is_seeded_once, |state: AppState| async move {
    let first = seed_demo_store(&state).await.unwrap();
    let DemoSeed::Created {
        admin_email,
        password,
    } = first
    else {
        panic!("first run must create the demo store")
    };
    let names: Vec<String> = app::stores::repo::list_views(&state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|v| format!("{} / {}", v.website_name, v.name))
        .collect();
    assert_eq!(
        names,
        vec![
            "Main Website / Default Store View",
            "Main Website / French",
            "Second Website / Second Store View"
        ]
    );
    let (website, store) = app::stores::repo::find_view(&state.db, "fr")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        state
            .config
            .get(LOCALE_CODE, At::store(website, store))
            .await
            .unwrap(),
        "fr_FR"
    );
    assert_eq!(
        state
            .config
            .get(LOCALE_CODE, At::store(1, 1))
            .await
            .unwrap(),
        "en_US"
    );
    // The printed password signs in.
    service::sign_in(&state, &admin_email, &password, &caller(None))
        .await
        .unwrap();
    assert!(matches!(
        seed_demo_store(&state).await.unwrap(),
        DemoSeed::AlreadySeeded
    ));
    assert_eq!(
        app::stores::repo::list_views(&state.db)
            .await
            .unwrap()
            .len(),
        3
    );
});

both_backends!(
    config_defaults_and_scope_fallback,
    |state: AppState| async move {
        let cfg = &state.config;
        let now = state.clock.now();
        // Built-in defaults (spec §25).
        assert_eq!(
            cfg.get(ADDRESS_STREET_LINES, At::store(1, 1))
                .await
                .unwrap(),
            2
        );
        assert_eq!(
            cfg.get(PASSWORD_LOCKOUT_FAILURES, At::default())
                .await
                .unwrap(),
            10
        );
        assert_eq!(
            cfg.get(CREATE_ACCOUNT_DEFAULT_GROUP, At::store(1, 1))
                .await
                .unwrap(),
            1
        );
        // street_lines is a website-scope option: default → website; store view values are refused.
        cfg.set(ADDRESS_STREET_LINES.path, "3", Scope::Default, now)
            .await
            .unwrap();
        assert_eq!(
            cfg.get(ADDRESS_STREET_LINES, At::store(1, 1))
                .await
                .unwrap(),
            3
        );
        cfg.set(ADDRESS_STREET_LINES.path, "4", Scope::Website(1), now)
            .await
            .unwrap();
        assert_eq!(
            cfg.get(ADDRESS_STREET_LINES, At::store(1, 1))
                .await
                .unwrap(),
            4
        );
        assert_eq!(
            cfg.get(ADDRESS_STREET_LINES, At::default()).await.unwrap(),
            3
        );
        assert!(matches!(
            cfg.set(ADDRESS_STREET_LINES.path, "1", Scope::StoreView(1), now)
                .await,
            Err(ConfigError::ScopeNotAllowed { .. })
        ));
        // Store-view option: the store view value wins, other views inherit the website's.
        cfg.set(
            CREATE_ACCOUNT_DEFAULT_GROUP.path,
            "2",
            Scope::Website(1),
            now,
        )
        .await
        .unwrap();
        cfg.set(
            CREATE_ACCOUNT_DEFAULT_GROUP.path,
            "3",
            Scope::StoreView(1),
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            cfg.get(CREATE_ACCOUNT_DEFAULT_GROUP, At::store(1, 1))
                .await
                .unwrap(),
            3
        );
        assert_eq!(
            cfg.get(CREATE_ACCOUNT_DEFAULT_GROUP, At::store(1, 99))
                .await
                .unwrap(),
            2
        );
        // Unset: inherit again.
        assert!(cfg
            .unset(CREATE_ACCOUNT_DEFAULT_GROUP.path, Scope::StoreView(1))
            .await
            .unwrap());
        assert_eq!(
            cfg.get(CREATE_ACCOUNT_DEFAULT_GROUP, At::store(1, 1))
                .await
                .unwrap(),
            2
        );
        // Global options cannot be set per website; values are validated.
        assert!(matches!(
            cfg.set(ACCOUNT_SHARE_SCOPE.path, "0", Scope::Website(1), now)
                .await,
            Err(ConfigError::ScopeNotAllowed { .. })
        ));
        assert!(matches!(
            cfg.set(ADDRESS_STREET_LINES.path, "5", Scope::Default, now).await,
            Err(ConfigError::InvalidValue(msg)) if msg.contains("from 1 to 4")
        ));
        assert!(matches!(
            cfg.set("customer/nope/nothing", "1", Scope::Default, now)
                .await,
            Err(ConfigError::UnknownPath(_))
        ));
    }
);

both_backends!(
    config_changes_reach_other_processes,
    |state: AppState| async move {
        // A second service on the same database stands for another server process.
        let other = ConfigService::new(state.db.clone());
        assert_eq!(
            other
                .get(ADMIN_LOCKOUT_FAILURES, At::default())
                .await
                .unwrap(),
            6
        );
        state
            .config
            .set(
                ADMIN_LOCKOUT_FAILURES.path,
                "3",
                Scope::Default,
                state.clock.now(),
            )
            .await
            .unwrap();
        // Within the re-check interval the other process may still serve its cache...
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        // ...after it, it sees the new version stamp and reloads.
        assert_eq!(
            other
                .get(ADMIN_LOCKOUT_FAILURES, At::default())
                .await
                .unwrap(),
            3
        );
    }
);

both_backends!(
    sign_in_success_and_generic_failures,
    |state: AppState| async move {
        admin(&state, "Boss@Example.com", "Administrators").await;
        // Email is case-insensitive.
        let token = sign_in_ok(&state, "boss@example.com").await;
        let who = service::authenticate(&state, Some(&token))
            .await
            .unwrap()
            .expect("session");
        assert_eq!(who.view.email, "boss@example.com");
        assert!(who.view.can(app::auth::acl::CUSTOMERS_DELETE));
        // Wrong password and unknown email give the same generic error.
        let wrong = service::sign_in(&state, "boss@example.com", "nope", &caller(None)).await;
        let unknown = service::sign_in(&state, "ghost@example.com", PASSWORD, &caller(None)).await;
        assert_eq!(wrong, Err(AppError::InvalidCredentials));
        assert_eq!(unknown, Err(AppError::InvalidCredentials));
        // Empty fields are field errors.
        let Err(AppError::Validation { fields }) =
            service::sign_in(&state, " ", "", &caller(None)).await
        else {
            panic!("expected field errors")
        };
        assert_eq!(fields.len(), 2);
        // Duplicate admin email is a field error, not a crash.
        let dup =
            service::create_admin(&state, "boss@example.com", "X", PASSWORD, "Administrators")
                .await;
        assert!(
            matches!(dup, Err(AppError::Validation { fields }) if fields.contains_key("email"))
        );
    }
);

both_backends!(
    lockout_after_six_failures_for_thirty_minutes,
    |state: AppState| async move {
        admin(&state, "a@example.com", "Administrators").await;
        for attempt in 1..=5 {
            let r = service::sign_in(&state, "a@example.com", "bad", &caller(None)).await;
            assert_eq!(r, Err(AppError::InvalidCredentials), "attempt {attempt}");
        }
        let sixth = service::sign_in(&state, "a@example.com", "bad", &caller(None)).await;
        assert_eq!(sixth, Err(AppError::Locked { minutes: 30 }));
        // Even the right password is refused while locked.
        let locked = service::sign_in(&state, "a@example.com", PASSWORD, &caller(None)).await;
        assert!(matches!(locked, Err(AppError::Locked { minutes }) if minutes == 30));
        state.clock.advance(29 * 60);
        let still = service::sign_in(&state, "a@example.com", PASSWORD, &caller(None)).await;
        assert_eq!(still, Err(AppError::Locked { minutes: 1 }));
        state.clock.advance(61);
        service::sign_in(&state, "a@example.com", PASSWORD, &caller(None))
            .await
            .expect("unlocked after 30 min");
    }
);

both_backends!(
    successful_sign_in_resets_the_failure_count,
    |state: AppState| async move {
        admin(&state, "b@example.com", "Administrators").await;
        for _ in 0..5 {
            let _ = service::sign_in(&state, "b@example.com", "bad", &caller(None)).await;
        }
        sign_in_ok(&state, "b@example.com").await;
        for _ in 0..5 {
            let r = service::sign_in(&state, "b@example.com", "bad", &caller(None)).await;
            assert_eq!(r, Err(AppError::InvalidCredentials));
        }
    }
);

both_backends!(
    sessions_expire_idle_and_absolute,
    |state: AppState| async move {
        admin(&state, "c@example.com", "Administrators").await;
        let token = sign_in_ok(&state, "c@example.com").await;
        // Activity every 10 minutes keeps the session alive…
        for _ in 0..6 {
            state.clock.advance(10 * 60);
            assert!(alive(&state, &token).await);
        }
        // …15 idle minutes end it.
        state.clock.advance(15 * 60);
        assert!(!alive(&state, &token).await);

        // The absolute lifetime (8 h by default) ends even an active session.
        let token = sign_in_ok(&state, "c@example.com").await;
        for _ in 0..(8 * 6 - 1) {
            state.clock.advance(10 * 60);
            assert!(alive(&state, &token).await);
        }
        state.clock.advance(10 * 60);
        assert!(!alive(&state, &token).await);
    }
);

both_backends!(
    sign_in_rotates_and_sign_out_ends_the_session,
    |state: AppState| async move {
        admin(&state, "d@example.com", "Administrators").await;
        let first = sign_in_ok(&state, "d@example.com").await;
        let second = service::sign_in(
            &state,
            "d@example.com",
            PASSWORD,
            &caller(Some(first.clone())),
        )
        .await
        .unwrap();
        assert_ne!(first, second);
        assert!(!alive(&state, &first).await, "old token must die");
        assert!(alive(&state, &second).await);
        service::sign_out(&state, Some(&second)).await.unwrap();
        assert!(!alive(&state, &second).await);
        assert!(!alive(&state, "not-a-token").await);
    }
);

both_backends!(
    disabling_an_admin_ends_their_sessions,
    |state: AppState| async move {
        admin(&state, "e@example.com", "Administrators").await;
        let t1 = sign_in_ok(&state, "e@example.com").await;
        let t2 = sign_in_ok(&state, "e@example.com").await;
        service::set_admin_active(&state, "e@example.com", false)
            .await
            .unwrap();
        assert!(!alive(&state, &t1).await);
        assert!(!alive(&state, &t2).await);
        let id = app::auth::repo::find_by_email(&state.db, "e@example.com")
            .await
            .unwrap()
            .unwrap()
            .user_id;
        assert_eq!(
            app::sessions::repo::count_user_sessions(&state.db, "admin", id)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            service::sign_in(&state, "e@example.com", PASSWORD, &caller(None)).await,
            Err(AppError::InvalidCredentials)
        );
        service::set_admin_active(&state, "e@example.com", true)
            .await
            .unwrap();
        sign_in_ok(&state, "e@example.com").await;
    }
);

both_backends!(
    roles_grant_only_their_resources,
    |state: AppState| async move {
        use app::auth::acl;
        service::create_role(&state, "Support", &[acl::CUSTOMERS_MANAGE.to_string()])
            .await
            .unwrap();
        let bad = service::create_role(&state, "Bad", &["Magento_Nope::x".to_string()]).await;
        assert!(matches!(bad, Err(AppError::Validation { .. })));
        admin(&state, "f@example.com", "Support").await;
        let token = sign_in_ok(&state, "f@example.com").await;
        let who = service::authenticate(&state, Some(&token))
            .await
            .unwrap()
            .unwrap();
        assert!(who.require(acl::CUSTOMERS_MANAGE).is_ok());
        assert_eq!(
            who.require(acl::CUSTOMER_GROUPS),
            Err(AppError::Forbidden {
                resource: acl::CUSTOMER_GROUPS.to_string()
            })
        );
        let missing_role =
            service::create_admin(&state, "g@example.com", "G", PASSWORD, "Nobody").await;
        assert!(
            matches!(missing_role, Err(AppError::Validation { fields }) if fields.contains_key("role"))
        );
    }
);

both_backends!(
    one_address_gets_thirty_failures_per_window,
    |state: AppState| async move {
        admin(&state, "h@example.com", "Administrators").await;
        let from = |ip: &str| Caller {
            token: None,
            ip: ip.into(),
            user_agent: String::new(),
        };
        // Spraying many accounts from one address: each failure counts for the address.
        for n in 0..30 {
            let r = service::sign_in(
                &state,
                &format!("nobody{n}@example.com"),
                "bad",
                &from("10.0.0.1"),
            )
            .await;
            assert_eq!(r, Err(AppError::InvalidCredentials));
        }
        let blocked = service::sign_in(&state, "h@example.com", PASSWORD, &from("10.0.0.1")).await;
        assert_eq!(blocked, Err(AppError::TooManyAttempts { minutes: 15 }));
        // Another address is unaffected; the window passes.
        service::sign_in(&state, "h@example.com", PASSWORD, &from("10.0.0.2"))
            .await
            .unwrap();
        state.clock.advance(15 * 60 + 1);
        service::sign_in(&state, "h@example.com", PASSWORD, &from("10.0.0.1"))
            .await
            .unwrap();
    }
);

both_backends!(
    concurrent_guesses_cannot_outrun_the_lockout,
    |state: AppState| async move {
        admin(&state, "race@example.com", "Administrators").await;
        let attempts = (0..20).map(|n| {
            let state = state.clone();
            tokio::spawn(async move {
                service::sign_in(
                    &state,
                    "race@example.com",
                    &format!("guess-{n}"),
                    &caller(None),
                )
                .await
            })
        });
        let results = futures::future::join_all(attempts).await;
        let wrong = results
            .iter()
            .filter(|r| matches!(r, Ok(Err(AppError::InvalidCredentials))))
            .count();
        let locked = results
            .iter()
            .filter(|r| matches!(r, Ok(Err(AppError::Locked { .. }))))
            .count();
        // Only the first five guesses are checked; everything else meets the lock.
        assert_eq!((wrong, locked), (5, 15));
        assert!(matches!(
            service::sign_in(&state, "race@example.com", PASSWORD, &caller(None)).await,
            Err(AppError::Locked { .. })
        ));
    }
);

both_backends!(
    admins_choose_their_interface_language,
    |state: AppState| async move {
        admin(&state, "i@example.com", "Administrators").await;
        let token = sign_in_ok(&state, "i@example.com").await;
        let who = service::authenticate(&state, Some(&token))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(who.view.locale, "en_US");
        let bad = service::set_admin_locale(&state, who.view.id, "xx_XX").await;
        assert!(
            matches!(bad, Err(AppError::Validation { fields }) if fields.contains_key("locale"))
        );
        service::set_admin_locale(&state, who.view.id, "fr_FR")
            .await
            .unwrap();
        let who = service::authenticate(&state, Some(&token))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(who.view.locale, "fr_FR");
    }
);

/// Two server processes on one database: a session opened on one is valid on the
/// other, sign-out on one ends it everywhere, and failures counted by both add up.
async fn processes_share_sessions_and_lockouts(backend: app::testing::TestBackend) {
    let db = app::testing::TestDb::new(backend).await;
    let a = db.state.clone();
    let b = db.second_process().await;
    admin(&a, "multi@example.com", "Administrators").await;
    let token = sign_in_ok(&a, "multi@example.com").await;
    assert!(alive(&b, &token).await);
    service::sign_out(&b, Some(&token)).await.unwrap();
    assert!(!alive(&a, &token).await);
    for n in 0..3 {
        let _ = service::sign_in(
            &a,
            "multi@example.com",
            &format!("bad-a-{n}"),
            &caller(None),
        )
        .await;
        let _ = service::sign_in(
            &b,
            "multi@example.com",
            &format!("bad-b-{n}"),
            &caller(None),
        )
        .await;
    }
    // 6 failures in all, across both processes: locked on both.
    for state in [&a, &b] {
        assert!(matches!(
            service::sign_in(state, "multi@example.com", PASSWORD, &caller(None)).await,
            Err(AppError::Locked { .. })
        ));
    }
    b.db.close().await;
    db.finish().await;
}

mod processes_share_sessions_and_lockouts {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::processes_share_sessions_and_lockouts(app::testing::TestBackend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::processes_share_sessions_and_lockouts(app::testing::TestBackend::Postgres).await;
    }
}

/// The storefront keeps the store views in memory: a view added (on any process) is
/// shown by every process once the configuration's version stamp is seen to move,
/// within a second, and at once by one whose configuration cache was just dropped.
async fn store_views_follow_the_version_stamp(backend: app::testing::TestBackend) {
    let db = app::testing::TestDb::new(backend).await;
    let (a, b) = (db.state.clone(), db.second_process().await);
    let codes = |state: &AppState| {
        let state = state.clone();
        async move {
            let views = app::request::store_views(&state).await.unwrap();
            views
                .views
                .iter()
                .map(|v| v.code.clone())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(codes(&a).await, ["default"]);
    assert_eq!(codes(&b).await, ["default"]);
    let group: i64 = sqlx::query("SELECT default_group_id FROM websites WHERE code = 'base'")
        .fetch_one(&a.db.pool)
        .await
        .unwrap()
        .try_get("default_group_id")
        .unwrap();
    let mut tx = a.db.begin().await.unwrap();
    app::stores::repo::insert_view(&mut tx, group, "fr", "French", 1)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    a.config.invalidate();
    assert_eq!(codes(&a).await, ["default", "fr"]);
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    assert_eq!(codes(&b).await, ["default", "fr"]);
    b.db.close().await;
    db.finish().await;
}

mod store_views_follow_the_version_stamp {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::store_views_follow_the_version_stamp(app::testing::TestBackend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::store_views_follow_the_version_stamp(app::testing::TestBackend::Postgres).await;
    }
}

both_backends!(
    seeding_customers_is_deterministic_and_consistent,
    |state: AppState| async move {
        use app::customers::seed::{seed_customers, SeedProgress};
        seed_demo_store(&state).await.unwrap();
        let pool = &state.db.pool;
        let count = move |sql: &'static str| app::testing::count(pool, sql);
        // The demo store comes with 1,000 customers.
        assert_eq!(count("SELECT COUNT(*) FROM customer_entity").await, 1_000);
        let mut calls = 0;
        let report = seed_customers(&state, 12_345, 7, |step| {
            calls += 1;
            assert!(matches!(step, SeedProgress::Customers { done, total } if done <= total));
        })
        .await
        .unwrap();
        assert_eq!(report.customers, 12_345);
        assert_eq!(calls, 2, "progress after each batch of 10,000");
        assert_eq!(count("SELECT COUNT(*) FROM customer_entity").await, 13_345);
        assert_eq!(
            count("SELECT COUNT(*) FROM customer_address_entity").await as u64,
            report.addresses + {
                // the demo's own addresses
                count("SELECT COUNT(*) FROM customer_address_entity WHERE parent_id <= 1000").await
                    as u64
            }
        );
        // Emails are unique; every default address belongs to its customer.
        assert_eq!(
            count("SELECT COUNT(DISTINCT email) FROM customer_entity").await,
            13_345
        );
        assert_eq!(
            count(
                "SELECT COUNT(*) FROM customer_entity c LEFT JOIN customer_address_entity a
             ON a.entity_id = c.default_billing AND a.parent_id = c.entity_id
             WHERE c.default_billing IS NOT NULL AND a.entity_id IS NULL"
            )
            .await,
            0
        );
        // Customers spread over all three websites' store views and several countries.
        assert_eq!(
            count("SELECT COUNT(DISTINCT website_id) FROM customer_entity").await,
            2
        );
        assert!(count("SELECT COUNT(DISTINCT country_id) FROM customer_address_entity").await >= 8);
        // New rows after seeding get fresh ids (PostgreSQL sequences were moved).
        let mut tx = state.db.begin().await.unwrap();
        let id: i64 = sqlx::query(
        "INSERT INTO customer_entity (email, website_id, firstname, lastname, created_at, updated_at)
         VALUES ('new@example.com', 1, 'New', 'Person', 0, 0) RETURNING entity_id",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap()
    .try_get("entity_id")
    .unwrap();
        assert_eq!(id, 13_346);
        // The same email on the same website is refused by the database.
        let dup = sqlx::query(
        "INSERT INTO customer_entity (email, website_id, firstname, lastname, created_at, updated_at)
         VALUES ('new@example.com', 1, 'Other', 'Person', 0, 0)",
    )
    .execute(&mut *tx)
    .await;
        assert!(dup.is_err_and(|e| app::db::is_unique_violation(&e)));
    }
);

/// The foreign keys a PostgreSQL bulk load sets aside, as they are (none on SQLite).
async fn bulk_foreign_keys(state: &AppState) -> Vec<String> {
    if state.db.backend == app::db::Backend::Sqlite {
        return Vec::new();
    }
    app::testing::bulk_load_foreign_keys(&state.db.pool).await
}

/// The ids of the customers a keyword search in the grid finds, first page.
async fn keyword_search_ids(state: &AppState, text: &str) -> Vec<i64> {
    use app::customers::grid::{model::GridQuery, service as grid};
    let query = GridQuery {
        search: text.to_string(),
        ..GridQuery::default()
    };
    grid::page(state, &query, app::i18n::Locale::En)
        .await
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

/// The grid's "N records found" without a filter.
async fn grid_total(state: &AppState) -> u64 {
    use app::customers::grid::{model::GridQuery, service as grid};
    grid::page(state, &GridQuery::default(), app::i18n::Locale::En)
        .await
        .unwrap()
        .total
}

both_backends!(
    a_bulk_seed_rebuilds_the_grid_indexes_it_set_aside,
    |state: AppState| async move {
        use app::customers::grid::{index, model::GridQuery, service as grid};
        use app::customers::seed::{seed_customers_with, LoadMode, SeedProgress};
        seed_demo_store(&state).await.unwrap();
        let sqlite = state.db.backend == app::db::Backend::Sqlite;
        // The grid table's indexes and triggers and the customers' (SQLite), or the grid,
        // customer and address tables' indexes (PostgreSQL).
        let schema = || async {
            let sql = if sqlite {
                "SELECT COUNT(*) AS n FROM sqlite_master
                 WHERE tbl_name IN ('customer_grid_flat', 'customer_entity')"
            } else {
                "SELECT COUNT(*) AS n FROM pg_indexes
                 WHERE tablename IN ('customer_grid_flat', 'customer_entity', 'customer_address_entity')"
            };
            sqlx::query(sql)
                .fetch_one(&state.db.pool)
                .await
                .map(|r| r.try_get::<i64, _>("n").unwrap())
                .unwrap()
        };
        // PostgreSQL's load also sets the three tables' foreign keys aside.
        let foreign_keys = || bulk_foreign_keys(&state);
        let total = || grid_total(&state);
        let before = schema().await;
        assert!(before > 20, "the grid's sort and search indexes: {before}");
        let keys_before = foreign_keys().await;
        assert_eq!(
            keys_before.len(),
            if sqlite { 0 } else { 5 },
            "{keys_before:?}"
        );
        let mut steps = Vec::new();
        let report = seed_customers_with(&state, 300, 9, LoadMode::Bulk, |s| steps.push(s))
            .await
            .unwrap();
        assert_eq!(report.customers, 300);
        assert_eq!(
            steps.last(),
            Some(&SeedProgress::BuildingIndexes),
            "the indexes are built at the end (PostgreSQL: after COPY)"
        );
        assert_eq!(total().await, 1_300);
        // Every index and trigger is back, and search finds the new customers.
        assert_eq!(schema().await, before);
        assert_eq!(foreign_keys().await, keys_before);
        if !sqlite {
            // And checked again: an address of no customer is refused.
            let orphan = sqlx::query(
                "INSERT INTO customer_address_entity (parent_id, created_at, updated_at, firstname, lastname, street, city, country_id, telephone)
                 VALUES (999999, 0, 0, 'No', 'One', 'Street 1', 'City', 'US', '1')",
            )
            .execute(&state.db.pool)
            .await;
            assert!(
                orphan.is_err_and(|e| app::db::is_foreign_key_violation(&e)),
                "the address's foreign key is back"
            );
        }
        let email: String =
            sqlx::query("SELECT email FROM customer_entity ORDER BY entity_id DESC LIMIT 1")
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .try_get("email")
                .unwrap();
        let found = grid::page(
            &state,
            &GridQuery {
                search: email.clone(),
                ..GridQuery::default()
            },
            app::i18n::Locale::En,
        )
        .await
        .unwrap();
        assert_eq!(
            found
                .rows
                .iter()
                .map(|r| r.email.as_str())
                .collect::<Vec<_>>(),
            [email.as_str()]
        );

        // The load leaves each SQLite full-text index merged into one segment.
        if sqlite {
            for fts in FULL_TEXT {
                assert_eq!(merge_work(&state, fts).await, 0, "{fts}");
            }
        }

        // A load that died half way is finished by the next start.
        index::suspend_for_bulk_load(&state.db).await.unwrap();
        assert!(schema().await < before);
        if !sqlite {
            // On PostgreSQL each index is committed as it is built: a start after a
            // build that died half way builds the rest.
            let saved: String =
                sqlx::query("SELECT value FROM app_flags WHERE name = 'customer_grid_bulk_load'")
                    .fetch_one(&state.db.pool)
                    .await
                    .unwrap()
                    .try_get("value")
                    .unwrap();
            let mut saved: Vec<String> = serde_json::from_str(&saved).unwrap();
            sqlx::query(sqlx::AssertSqlSafe(saved[0].clone()))
                .execute(&state.db.pool)
                .await
                .unwrap();
            // A foreign key a load set aside is added back, one already added back
            // (before the build died) is left as it is.
            for row in sqlx::query(index::FOREIGN_KEYS_POSTGRES)
                .fetch_all(&state.db.pool)
                .await
                .unwrap()
            {
                let drop: String = row.try_get("drop_sql").unwrap();
                if drop.contains("customer_address_entity_parent_id_fkey") {
                    sqlx::query(sqlx::AssertSqlSafe(drop))
                        .execute(&state.db.pool)
                        .await
                        .unwrap();
                }
                saved.push(row.try_get("sql").unwrap());
            }
            assert_eq!(foreign_keys().await.len(), keys_before.len() - 1);
            sqlx::query("UPDATE app_flags SET value = $1 WHERE name = 'customer_grid_bulk_load'")
                .bind(serde_json::to_string(&saved).unwrap())
                .execute(&state.db.pool)
                .await
                .unwrap();
            // And the grid rows of a load's customers, added before its indexes: a start
            // after a fill that died half way adds them all.
            sqlx::query("DELETE FROM customer_grid_flat WHERE entity_id > 1100")
                .execute(&state.db.pool)
                .await
                .unwrap();
            sqlx::query("INSERT INTO app_flags (name, value) VALUES ('customer_grid_bulk_rows', '1001..1300')")
                .execute(&state.db.pool)
                .await
                .unwrap();
        }
        assert!(index::resume_after_bulk_load(&state.db).await.unwrap());
        assert!(!index::resume_after_bulk_load(&state.db).await.unwrap());
        assert_eq!(schema().await, before);
        assert_eq!(foreign_keys().await, keys_before);
        let grid_rows: i64 = sqlx::query("SELECT COUNT(*) AS n FROM customer_grid_flat")
            .fetch_one(&state.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(grid_rows, 1_300);
        // Customers added one by one after it are counted again as they come.
        seed_customers_with(&state, 5, 10, LoadMode::RowByRow, |_| {})
            .await
            .unwrap();
        assert_eq!(total().await, 1_305);
    }
);

// A bulk seed that meets an email a shopper already has fails, and leaves the store as
// it was: no customer added, and every index, trigger and foreign key it set aside back
// (PostgreSQL's load drops the customers' indexes in its transaction and builds the
// unique one again before it commits, which is where the taken email stops it; SQLite's
// commits its batches with them set aside, is stopped when the unique index is built
// again at its end, and removes its batches). The next seed, whose customers are
// numbered after the failed one's, goes in.
both_backends!(
    a_bulk_seed_that_meets_a_taken_email_leaves_the_store_as_it_was,
    |state: AppState| async move {
        use app::customers::seed::{seed_customers_with, LoadMode};
        use app::testing::{TestBackend, TestDb};
        seed_demo_store(&state).await.unwrap();
        let sqlite = state.db.backend == app::db::Backend::Sqlite;
        // The same seed in a twin store gives the same customers: one in the middle.
        let twin = TestDb::new(if sqlite {
            TestBackend::Sqlite
        } else {
            TestBackend::Postgres
        })
        .await;
        seed_demo_store(&twin.state).await.unwrap();
        seed_customers_with(&twin.state, 300, 9, LoadMode::Bulk, |_| {})
            .await
            .unwrap();
        let row = sqlx::query(
            "SELECT email, website_id FROM customer_entity ORDER BY entity_id DESC LIMIT 1 OFFSET 150",
        )
        .fetch_one(&twin.state.db.pool)
        .await
        .unwrap();
        let (email, website): (String, i64) = (
            row.try_get("email").unwrap(),
            row.try_get("website_id").unwrap(),
        );
        twin.finish().await;
        // A shopper of this store has it.
        sqlx::query("UPDATE customer_entity SET email = $1, website_id = $2 WHERE entity_id = 1")
            .bind(&email)
            .bind(website)
            .execute(&state.db.pool)
            .await
            .unwrap();
        let schema = || async {
            let sql = if sqlite {
                "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') AS d FROM sqlite_master
                 WHERE tbl_name IN ('customer_grid_flat', 'customer_entity', 'customer_address_entity')
                 ORDER BY name"
            } else {
                "SELECT indexdef AS d FROM pg_indexes
                 WHERE tablename IN ('customer_grid_flat', 'customer_entity', 'customer_address_entity')
                 ORDER BY indexname"
            };
            sqlx::query(sql)
                .fetch_all(&state.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get::<String, _>("d").unwrap())
                .collect::<Vec<_>>()
        };
        let foreign_keys = || bulk_foreign_keys(&state);
        let total = || grid_total(&state);
        let (schema_before, keys_before) = (schema().await, foreign_keys().await);
        assert!(
            schema_before
                .iter()
                .any(|d| d.contains("UNIQUE") && d.contains("email")),
            "{schema_before:?}"
        );

        let failed = seed_customers_with(&state, 300, 9, LoadMode::Bulk, |_| {}).await;
        assert!(matches!(failed, Err(AppError::Internal)), "{failed:?}");
        assert_eq!(
            app::testing::count(&state.db.pool, "SELECT COUNT(*) AS n FROM customer_entity").await,
            1_000
        );
        assert_eq!(
            app::testing::count(
                &state.db.pool,
                "SELECT COUNT(*) AS n FROM customer_grid_flat"
            )
            .await,
            1_000
        );
        assert_eq!(schema().await, schema_before);
        assert_eq!(foreign_keys().await, keys_before);
        assert_eq!(
            app::testing::count(
                &state.db.pool,
                "SELECT COUNT(*) AS n FROM app_flags WHERE name LIKE 'customer_grid_bulk%'"
            )
            .await,
            0,
            "nothing left to build"
        );
        assert_eq!(total().await, 1_000);
        // The email is still taken: a second account with it is refused.
        let again = sqlx::query(
            "INSERT INTO customer_entity (website_id, email, firstname, lastname, created_at, updated_at)
             VALUES ($1, $2, 'Same', 'Email', 0, 0)",
        )
        .bind(website)
        .bind(&email)
        .execute(&state.db.pool)
        .await;
        assert!(
            again.is_err_and(|e| app::db::is_unique_violation(&e)),
            "the unique email index is back"
        );

        let report = seed_customers_with(&state, 300, 9, LoadMode::Bulk, |_| {})
            .await
            .unwrap();
        assert_eq!(report.customers, 300);
        assert_eq!(total().await, 1_300);
        assert_eq!(schema().await, schema_before);
    }
);

both_backends!(
    a_bulk_seed_writes_the_grid_rows_every_other_write_would,
    |state: AppState| async move {
        // On PostgreSQL a bulk load writes its customers' grid rows itself (in Rust,
        // through COPY); the SQL that every other write runs is the reference.
        use app::customers::grid::index;
        use app::customers::seed::{seed_customers_with, LoadMode};
        seed_demo_store(&state).await.unwrap();
        // A store view named outside the fold's letters: its customers' keys are left to
        // the database's own `lower`.
        sqlx::query("UPDATE store_views SET name = 'Κατάστημα Ωmega' WHERE store_id = (SELECT MAX(store_id) FROM store_views)")
            .execute(&state.db.pool)
            .await
            .unwrap();
        seed_customers_with(&state, 3_000, 11, LoadMode::Bulk, |_| {})
            .await
            .unwrap();
        let sql = if state.db.backend == app::db::Backend::Postgres {
            "SELECT row_to_json(g)::text AS r FROM customer_grid_flat g ORDER BY entity_id"
                .to_string()
        } else {
            let names: Vec<String> =
                sqlx::query("SELECT name FROM pragma_table_info('customer_grid_flat')")
                    .fetch_all(&state.db.pool)
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| r.try_get("name").unwrap())
                    .collect();
            let pairs: Vec<String> = names.iter().map(|n| format!("'{n}', {n}")).collect();
            format!(
                "SELECT json_object({}) AS r FROM customer_grid_flat ORDER BY entity_id",
                pairs.join(", ")
            )
        };
        let rows = || async {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .fetch_all(&state.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get::<String, _>("r").unwrap())
                .collect::<Vec<_>>()
        };
        let loaded = rows().await;
        assert_eq!(loaded.len(), 4_000);
        // Customers of every kind are among them.
        for (what, condition) in [
            ("no address", "billing_full IS NULL"),
            ("an accented name", "name_key <> lower(name)"),
            ("a street of two lines", "shipping_full LIKE '%, Apt %'"),
            ("a company", "billing_company IS NOT NULL"),
            ("a store view in Greek", "created_in LIKE 'Κατάστημα%'"),
            ("a confirmation pending", "confirmation_pending = 1"),
        ] {
            let n: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) AS n FROM customer_grid_flat WHERE entity_id > 1000 AND {condition}"
            )))
            .fetch_one(&state.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
            assert!(n > 0, "{what}");
        }
        let mut tx = state.db.begin().await.unwrap();
        index::refresh(&mut tx, 1, i64::MAX).await.unwrap();
        tx.commit().await.unwrap();
        let refreshed = rows().await;
        for (loaded, refreshed) in loaded.iter().zip(&refreshed) {
            assert_eq!(loaded, refreshed);
        }
    }
);

both_backends!(
    account_rules_follow_the_password_options,
    |state: AppState| async move {
        use app::accounts::rules::{check_password, LockoutPolicy, PasswordRules};
        use app::accounts::settings::{lockout_policy, password_rules};
        assert_eq!(
            password_rules(&state).await.unwrap(),
            PasswordRules::default()
        );
        assert_eq!(
            lockout_policy(&state).await.unwrap(),
            LockoutPolicy::default()
        );
        for (path, value) in [
            ("customer/password/minimum_password_length", "12"),
            ("customer/password/required_character_classes_number", "4"),
            ("customer/password/lockout_failures", "0"),
        ] {
            state
                .config
                .set(path, value, Scope::Default, 0)
                .await
                .unwrap();
        }
        let rules = password_rules(&state).await.unwrap();
        assert_eq!(
            rules,
            PasswordRules {
                min_length: 12,
                required_classes: 4
            }
        );
        assert!(
            check_password("Abcdefgh1234", "", rules).is_err(),
            "no special character"
        );
        assert_eq!(lockout_policy(&state).await.unwrap().max_failures, 0);
    }
);

/// A served SQLite store copies its write-ahead log into the database file in the
/// background, and from then on its commits never do (before, they leave it until it
/// holds 32 MiB): within moments of a save, the file alone holds every page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_write_ahead_log_reaches_the_database_file_in_the_background() {
    let db = app::testing::TestDb::new(app::testing::TestBackend::Sqlite).await;
    let state = db.state.clone();
    let path = db.url.trim_start_matches("sqlite://").to_string();
    let pool = state.db.pool.clone();
    let pages = || async {
        let n = |sql: &'static str| {
            let pool = pool.clone();
            async move {
                sqlx::query(sql)
                    .fetch_one(&pool)
                    .await
                    .unwrap()
                    .try_get::<i64, _>(0)
                    .unwrap()
            }
        };
        n("PRAGMA page_count").await * n("PRAGMA page_size").await
    };
    let file = || std::fs::metadata(&path).unwrap().len() as i64;
    // About 2 MB of new pages: far below the commit's own threshold.
    seed_demo_store(&state).await.unwrap();
    let mut tx = state.db.begin().await.unwrap();
    sqlx::query(
        "CREATE TABLE wal_probe AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
         SELECT i, printf('%0100d', i) AS filler FROM n",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let wanted = pages().await;
    assert!(file() < wanted, "the commit itself copied the log");
    // The size of the log (in pages) from which a commit on the writer copies it
    // itself; 0: never.
    let commits_copy_from = || async {
        let mut tx = state.db.begin().await.unwrap();
        let n: i64 = sqlx::query("PRAGMA wal_autocheckpoint")
            .fetch_one(&mut *tx)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        tx.rollback().await.unwrap();
        n
    };
    assert_eq!(commits_copy_from().await, 8192, "without the checkpointer");
    state.db.spawn_checkpointer();
    let waited = std::time::Instant::now();
    while file() < wanted {
        assert!(
            waited.elapsed() < std::time::Duration::from_secs(5),
            "the log was not copied: {} of {wanted} bytes",
            file()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        commits_copy_from().await,
        0,
        "a commit copied the log while the checkpointer runs"
    );
    // And when the log starts over, its file is cut back to 64 MiB rather than keeping
    // the size a burst of writes gave it.
    let limit: i64 = sqlx::query("PRAGMA journal_size_limit")
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(limit, 64 << 20);
    db.finish().await;
}

/// A bulk seed of 25,001 customers (generator seed `seed`), two batches, with
/// `meanwhile` run once the first is committed and before the second is written. Returns
/// the seed's result, and what `meanwhile` returned (`None` if it did not end between the
/// batches).
async fn bulk_seed_with_writes_between_batches<T: Send + 'static>(
    state: &AppState,
    seed: u64,
    meanwhile: impl std::future::Future<Output = T> + Send + 'static,
) -> (
    Result<app::customers::seed::SeedReport, AppError>,
    Option<T>,
) {
    use app::customers::seed::{seed_customers_with, LoadMode, SeedProgress};
    let (go, go_signal) = tokio::sync::oneshot::channel::<()>();
    let (done, written) = std::sync::mpsc::channel();
    tokio::spawn(async move {
        if go_signal.await.is_ok() {
            let _ = done.send(meanwhile.await);
        }
    });
    let mut go = Some(go);
    let mut waited = None;
    let seeded = seed_customers_with(state, 25_001, seed, LoadMode::Bulk, |step| {
        if let SeedProgress::Customers { done: 25_000, .. } = step {
            let _ = go.take().map(|go| go.send(()));
            waited = written
                .recv_timeout(std::time::Duration::from_secs(120))
                .ok();
        }
    })
    .await;
    (seeded, waited)
}

/// On SQLite a bulk seed builds the grid's full-text indexes beside the load and puts
/// them in place at its end. What others change meanwhile is indexed as it is at the
/// end: a customer renamed before the load (already indexed by then) and one the load
/// added, one deleted, and one signed up in the middle; and both indexes agree with the
/// grid table row for row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_seed_indexes_what_others_change_while_it_runs() {
    use app::customers::grid::{index, model::GridQuery, service as grid};
    use app::customers::seed::{seed_customers_with, LoadMode};
    let db = app::testing::TestDb::new(app::testing::TestBackend::Sqlite).await;
    let state = db.state.clone();
    seed_demo_store(&state).await.unwrap();
    let before: i64 = sqlx::query("SELECT MAX(entity_id) AS n FROM customer_entity")
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    // A write to a customer, as every save makes it: the row, then its grid row.
    let writer = state.clone();
    let write = move |sql: &'static str, id: i64| {
        let state = writer.clone();
        async move {
            let mut tx = state.db.begin().await.unwrap();
            sqlx::query(sql).bind(id).execute(&mut *tx).await.unwrap();
            index::refresh_one(&mut tx, id).await.unwrap();
            tx.commit().await.unwrap();
        }
    };
    // Once the first batch is in, before the second: four writes by others.
    let others = state.clone();
    let (report, waited) = bulk_seed_with_writes_between_batches(&state, 3, async move {
        write(
            "UPDATE customer_entity SET lastname = 'Zyxwvuts' WHERE entity_id = $1",
            5,
        )
        .await;
        write(
            "UPDATE customer_entity SET lastname = 'Qponmlkj' WHERE entity_id = $1",
            before + 1,
        )
        .await;
        write("DELETE FROM customer_entity WHERE entity_id = $1", 7).await;
        seed_customers_with(&others, 1, 77, LoadMode::RowByRow, |_| {})
            .await
            .unwrap();
    })
    .await;
    let report = report.unwrap();
    assert_eq!(report.customers, 25_001);
    assert_eq!(
        waited,
        Some(()),
        "the others' writes ran between two batches"
    );
    let search = |text: &str| {
        let (state, text) = (state.clone(), text.to_string());
        async move {
            grid::page(
                &state,
                &GridQuery {
                    search: text,
                    ..GridQuery::default()
                },
                app::i18n::Locale::En,
            )
            .await
            .unwrap()
            .rows
            .iter()
            .map(|r| r.id)
            .collect::<Vec<i64>>()
        }
    };
    assert_eq!(search("Zyxwvuts").await, [5]);
    assert_eq!(search("Qponmlkj").await, [before + 1]);
    let (signed_up, email): (i64, String) = {
        let row = sqlx::query(
            "SELECT entity_id, email FROM customer_entity ORDER BY entity_id DESC LIMIT 1",
        )
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
        (
            row.try_get("entity_id").unwrap(),
            row.try_get("email").unwrap(),
        )
    };
    assert_eq!(signed_up, before + 25_002, "after the seed's customers");
    assert_eq!(search(&email).await, [signed_up]);
    // The trigram index ("contains") too.
    let contains: Vec<i64> = sqlx::query(
        "SELECT rowid AS id FROM customer_grid_trigram WHERE name LIKE '%ponmlk%' OR name LIKE '%yxwvut%' ORDER BY rowid",
    )
    .fetch_all(&state.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get("id").unwrap())
    .collect();
    assert_eq!(contains, [5, before + 1]);
    // The deleted customer is in neither index, and nothing else is out of step: FTS5
    // checks each index against the grid table (rank 1: its external content).
    for fts in ["customer_grid_fts", "customer_grid_trigram"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)"
        )))
        .execute(&state.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{fts}: {e}"));
        let rows: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM {fts}_docsize"
        )))
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert_eq!(rows, before - 1 + 25_001 + 1, "{fts}");
        assert_eq!(merge_work(&state, fts).await, 0, "{fts} in one segment");
    }
    db.finish().await;
}

/// The customers' indexes, triggers and tables of a SQLite store as `sqlite_master`
/// describes them, and the bulk-load records left in `app_flags`.
async fn sqlite_schema(state: &AppState) -> (Vec<String>, i64) {
    let schema = sqlx::query(
        "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') AS d FROM sqlite_master
         WHERE tbl_name IN ('customer_grid_flat', 'customer_entity', 'customer_address_entity')
         ORDER BY name",
    )
    .fetch_all(&state.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get::<String, _>("d").unwrap())
    .collect();
    let flags = app::testing::count(
        &state.db.pool,
        "SELECT COUNT(*) AS n FROM app_flags WHERE name LIKE 'customer_grid_bulk%'",
    )
    .await;
    (schema, flags)
}

/// Each group's customers as the group count (migration 0031) has them, and as counted.
async fn group_counts(state: &AppState) -> (Vec<(i64, i64)>, Vec<(i64, i64)>) {
    let pairs = |sql: &'static str| async move {
        sqlx::query(sql)
            .fetch_all(&state.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r.try_get::<i64, _>(0).unwrap(),
                    r.try_get::<i64, _>(1).unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    (
        pairs(
            "SELECT group_id, SUM(n) AS n FROM customer_group_count
             GROUP BY group_id HAVING SUM(n) <> 0 ORDER BY group_id",
        )
        .await,
        pairs("SELECT group_id, COUNT(*) AS n FROM customer_entity GROUP BY group_id ORDER BY group_id")
            .await,
    )
}

/// A SQLite bulk seed commits a batch at a time with the customers' unique email index
/// set aside, so a shopper can take an email of a batch not yet written. The index, built
/// again at the end, refuses the seed, and the seed is undone whole: the batch committed
/// before the shopper signed up included, the shopper's account kept, every index and
/// count as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_bulk_seed_whose_email_a_shopper_takes_meanwhile_is_undone_whole() {
    use app::customers::grid::index;
    use app::customers::seed::{seed_customers_with, LoadMode};
    use app::testing::{TestBackend, TestDb};
    let db = TestDb::new(TestBackend::Sqlite).await;
    let state = db.state.clone();
    seed_demo_store(&state).await.unwrap();
    let last: i64 = sqlx::query("SELECT MAX(entity_id) AS n FROM customer_entity")
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    // The seed's 25,001st customer, in its second batch: customer `n` of a seed depends
    // only on `n`, its id in a store whose customers end where this one's do.
    let twin = TestDb::new(TestBackend::Sqlite).await;
    seed_demo_store(&twin.state).await.unwrap();
    sqlx::query("UPDATE sqlite_sequence SET seq = $1 WHERE name = 'customer_entity'")
        .bind(last + 25_000)
        .execute(&twin.state.db.pool)
        .await
        .unwrap();
    seed_customers_with(&twin.state, 1, 4, LoadMode::RowByRow, |_| {})
        .await
        .unwrap();
    let row = sqlx::query(
        "SELECT entity_id, email, website_id FROM customer_entity ORDER BY entity_id DESC LIMIT 1",
    )
    .fetch_one(&twin.state.db.pool)
    .await
    .unwrap();
    assert_eq!(row.try_get::<i64, _>("entity_id").unwrap(), last + 25_001);
    let (email, website): (String, i64) = (
        row.try_get("email").unwrap(),
        row.try_get("website_id").unwrap(),
    );
    twin.finish().await;

    let before = sqlite_schema(&state).await;
    let addresses = app::testing::count(
        &state.db.pool,
        "SELECT COUNT(*) AS n FROM customer_address_entity",
    )
    .await;
    assert!(
        before
            .0
            .iter()
            .any(|d| d.contains("UNIQUE") && d.contains("email")),
        "{before:?}"
    );
    assert_eq!(before.1, 0);
    // Once the first batch is in: the shopper signs up with the email.
    let shopper = state.clone();
    let sign_up = email.clone();
    let (failed, signed) = bulk_seed_with_writes_between_batches(&state, 4, async move {
        let committed =
            app::testing::count(&shopper.db.pool, "SELECT COUNT(*) AS n FROM customer_entity")
                .await;
        let mut tx = shopper.db.begin().await.unwrap();
        let id: i64 = sqlx::query(
            "INSERT INTO customer_entity (website_id, email, firstname, lastname, created_at, updated_at)
             VALUES ($1, $2, 'Early', 'Bird', 0, 0) RETURNING entity_id",
        )
        .bind(website)
        .bind(&sign_up)
        .fetch_one(&mut *tx)
        .await
        .unwrap()
        .try_get("entity_id")
        .unwrap();
        index::refresh_one(&mut tx, id).await.unwrap();
        tx.commit().await.unwrap();
        (committed, id)
    })
    .await;
    assert!(matches!(failed, Err(AppError::Internal)), "{failed:?}");
    let (committed, shopper_id) = signed.expect("the shopper signed up between two batches");
    assert_eq!(committed, last + 25_000, "the first batch was committed");
    assert!(
        shopper_id > last + 25_001,
        "the shopper's id is after the seed's"
    );

    // The seed's customers are gone, the shopper's account stays, with the email.
    assert_eq!(
        app::testing::count(&state.db.pool, "SELECT COUNT(*) AS n FROM customer_entity").await,
        last + 1
    );
    let kept: String = sqlx::query("SELECT email FROM customer_entity WHERE entity_id = $1")
        .bind(shopper_id)
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get("email")
        .unwrap();
    assert_eq!(kept, email);
    assert_eq!(
        app::testing::count(
            &state.db.pool,
            "SELECT COUNT(*) AS n FROM customer_address_entity"
        )
        .await,
        addresses,
        "no address of a removed customer"
    );
    assert_eq!(grid_total(&state).await, last as u64 + 1);
    assert_eq!(
        sqlite_schema(&state).await,
        before,
        "every index and trigger back"
    );
    let (counted, actual) = group_counts(&state).await;
    assert_eq!(counted, actual, "the group counts");
    // Keyword search finds the shopper, and none of the seed's customers.
    assert_eq!(keyword_search_ids(&state, &email).await, [shopper_id]);
    db.finish().await;
}

/// A SQLite bulk seed that is interrupted (the process stopped half way) is undone at
/// the next start: the batches it had committed removed, a customer who signed up after
/// it began kept, and every index, trigger and count as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_sqlite_bulk_seed_is_undone_at_the_next_start() {
    use app::customers::grid::index;
    use app::customers::seed::{seed_customers_with, LoadMode};
    let db = app::testing::TestDb::new(app::testing::TestBackend::Sqlite).await;
    let state = db.state.clone();
    seed_demo_store(&state).await.unwrap();
    let before = sqlite_schema(&state).await;
    // What a seed of 300 customers (1001..=1300) does before it is stopped: its records,
    // then batches. A shopper signs up meanwhile, after its range.
    index::suspend_for_bulk_seed(&state.db, 1_001, 1_300)
        .await
        .unwrap();
    assert!(
        sqlite_schema(&state).await.1 == 2,
        "the set-aside and the seed recorded"
    );
    sqlx::query("UPDATE sqlite_sequence SET seq = 1300 WHERE name = 'customer_entity'")
        .execute(&state.db.pool)
        .await
        .unwrap();
    seed_customers_with(&state, 1, 5, LoadMode::RowByRow, |_| {})
        .await
        .unwrap();
    for id in 1_001..=1_100 {
        let mut tx = state.db.begin().await.unwrap();
        sqlx::query(
            "INSERT INTO customer_entity (entity_id, website_id, email, group_id, firstname, lastname, created_at, updated_at)
             VALUES ($1, 1, 'seeded' || $1 || '@example.com', 1, 'Seeded', 'Customer', 0, 0)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO customer_address_entity (parent_id, created_at, updated_at, firstname, lastname, street, city, country_id, telephone)
             VALUES ($1, 0, 0, 'Seeded', 'Customer', 'Street 1', 'City', 'US', '1')",
        )
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
        index::refresh_one(&mut tx, id).await.unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(
        grid_total(&state).await,
        1_000,
        "the count leaves loading rows out"
    );

    // The next start.
    assert!(index::resume_after_bulk_load(&state.db).await.unwrap());
    assert!(!index::resume_after_bulk_load(&state.db).await.unwrap());
    assert_eq!(sqlite_schema(&state).await, before);
    let ids = |sql: &'static str| app::testing::count(&state.db.pool, sql);
    assert_eq!(
        ids("SELECT COUNT(*) AS n FROM customer_entity WHERE entity_id BETWEEN 1001 AND 1300")
            .await,
        0
    );
    assert_eq!(ids("SELECT COUNT(*) AS n FROM customer_address_entity WHERE parent_id BETWEEN 1001 AND 1300").await, 0);
    assert_eq!(
        ids("SELECT COUNT(*) AS n FROM customer_grid_flat WHERE entity_id BETWEEN 1001 AND 1300")
            .await,
        0
    );
    assert_eq!(
        ids("SELECT COUNT(*) AS n FROM customer_entity WHERE entity_id = 1301").await,
        1
    );
    assert_eq!(grid_total(&state).await, 1_001);
    let (counted, actual) = group_counts(&state).await;
    assert_eq!(counted, actual, "the group counts");
    db.finish().await;
}

/// A bulk seed into a SQLite store ends with its write-ahead log copied into the database
/// file and the log's file emptied, although this process's background checkpointer and
/// another process's checkpoints keep copying it meanwhile (a checkpoint that meets
/// another copies nothing: a single attempt left a 1M seed's 4.4 GB log on disk).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seed_leaves_the_write_ahead_log_empty_while_others_checkpoint() {
    use app::customers::seed::{seed_customers_with, LoadMode};
    let db = app::testing::TestDb::new(app::testing::TestBackend::Sqlite).await;
    let state = db.state.clone();
    let log = format!("{}-wal", db.url.trim_start_matches("sqlite://"));
    seed_demo_store(&state).await.unwrap();
    state.db.spawn_checkpointer();
    // Another process's checkpointer (a served store the seed loads into), copying in a
    // loop through a connection of its own.
    let other = sqlx::AnyPool::connect(&db.url).await.unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let copier = tokio::spawn({
        let stop = stop.clone();
        async move {
            let mut rounds = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&other)
                    .await
                    .unwrap();
                rounds += 1;
            }
            other.close().await;
            rounds
        }
    });
    for seed in 1..=3 {
        seed_customers_with(&state, 400, seed, LoadMode::Bulk, |_| {})
            .await
            .unwrap();
        assert_eq!(
            std::fs::metadata(&log).unwrap().len(),
            0,
            "the log after seed {seed}"
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(copier.await.unwrap() > 0, "the other process never copied");
    db.finish().await;
}

// On SQLite the pool's connections, with their page caches, stay open for the life of
// the process (sqlx's default closes them after 10 idle minutes and any after 30), and
// two are open from the start; PostgreSQL's keep sqlx's recycling.
both_backends!(
    sqlite_connections_are_kept_with_their_page_caches,
    |state: AppState| async move {
        let pool = &state.db.pool;
        let options = pool.options();
        if state.db.backend == app::db::Backend::Sqlite {
            assert_eq!(options.get_idle_timeout(), None, "closed when idle");
            assert_eq!(options.get_max_lifetime(), None, "closed when old");
            let waited = std::time::Instant::now();
            while pool.size() < 2 {
                assert!(
                    waited.elapsed() < std::time::Duration::from_secs(5),
                    "only {} connection(s) opened",
                    pool.size()
                );
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        } else {
            assert!(options.get_max_lifetime().is_some(), "never recycled");
        }
    }
);

/// On SQLite, an export's batches read through connections with SQLite's small default
/// page cache, not the pool's 64 MiB ones: a million rows read once would fill every
/// pooled connection's cache (the export's peak memory was 165 MB at a million rows).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_read_through_connections_with_a_small_page_cache() {
    let db = app::testing::TestDb::new(app::testing::TestBackend::Sqlite).await;
    let state = db.state.clone();
    let cache = |pool: sqlx::AnyPool| async move {
        sqlx::query("PRAGMA cache_size")
            .fetch_one(&pool)
            .await
            .unwrap()
            .try_get::<i64, _>(0)
            .unwrap()
    };
    assert_eq!(
        cache(state.db.pool.clone()).await,
        -65536,
        "the pool's cache"
    );
    assert_eq!(
        cache(state.db.scan.clone()).await,
        -2000,
        "the scans' cache"
    );
    db.finish().await;
}

/// SQLite's full-text indexes.
const FULL_TEXT: [&str; 3] = [
    "customer_grid_fts",
    "customer_grid_trigram",
    "customer_value_trigram",
];

/// The changes FTS5 makes merging the segments of full-text index `fts` (none when it is
/// one segment; the command itself counts one).
async fn merge_work(state: &AppState, fts: &str) -> i64 {
    let mut tx = state.db.begin().await.unwrap();
    let changes = |row: sqlx::any::AnyRow| row.try_get::<i64, _>("n").unwrap();
    let before = changes(
        sqlx::query("SELECT total_changes() AS n")
            .fetch_one(&mut *tx)
            .await
            .unwrap(),
    );
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO {fts} ({fts}, rank) VALUES ('merge', -16)"
    )))
    .execute(&mut *tx)
    .await
    .unwrap();
    let after = changes(
        sqlx::query("SELECT total_changes() AS n")
            .fetch_one(&mut *tx)
            .await
            .unwrap(),
    );
    tx.commit().await.unwrap();
    after - before - 1
}

/// When the keyword-search catch-up has rewritten most of the grid on SQLite (an admin
/// made an attribute "Use in Search Options"), it leaves the full-text indexes compacted
/// and the write-ahead log empty, as a bulk load does: the saves and reads after it pay
/// for neither. Customers are found by the attribute's values.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catch_up_of_most_rows_leaves_the_full_text_indexes_compacted_and_the_log_empty() {
    use app::attributes::model::{AttributeInput, EntityType, InputType};
    use app::customers::grid::words;
    use app::customers::seed::{seed_customers_with, LoadMode};
    let db = app::testing::TestDb::new(app::testing::TestBackend::Sqlite).await;
    let state = db.state.clone();
    let log = format!("{}-wal", db.url.trim_start_matches("sqlite://"));
    seed_demo_store(&state).await.unwrap();
    seed_customers_with(&state, 300, 5, LoadMode::Bulk, |_| {})
        .await
        .unwrap();
    state.db.spawn_checkpointer();
    let actor = app::action_log::service::Actor::system("test");
    let nickname = AttributeInput {
        entity: EntityType::Customer,
        label: "Nickname".into(),
        code: "nickname".into(),
        input: InputType::Text,
        searchable: true,
        visible: true,
        ..AttributeInput::default()
    };
    app::attributes::service::save(&state, &actor, &nickname)
        .await
        .unwrap();
    let mut tx = state.db.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO customer_entity_varchar (entity_id, attribute_id, value, sort_key)
         SELECT c.entity_id, a.attribute_id, 'zephyr' || c.entity_id, 'zephyr' || c.entity_id
         FROM customer_entity c JOIN eav_attribute a ON a.attribute_code = 'nickname'",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    words::request(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    let changed = words::catch_up(&state.db).await.unwrap();
    assert!(changed >= 300, "rows rewritten: {changed}");
    assert_eq!(std::fs::metadata(&log).unwrap().len(), 0, "the log");
    for fts in FULL_TEXT {
        assert_eq!(merge_work(&state, fts).await, 0, "{fts} after the catch-up");
    }
    let id: i64 = sqlx::query("SELECT MAX(entity_id) AS id FROM customer_entity")
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    assert_eq!(
        keyword_search_ids(&state, &format!("zephyr{id}")).await,
        [id]
    );
    db.finish().await;
}

/// Saves one at a time leave a full-text index in many small segments, which later saves
/// merge a little at a time; compacting (after every bulk write) merges them at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compacting_merges_the_segments_saves_left_in_the_full_text_indexes() {
    use app::customers::seed::{seed_customers_with, LoadMode};
    let db = app::testing::TestDb::new(app::testing::TestBackend::Sqlite).await;
    let state = db.state.clone();
    seed_demo_store(&state).await.unwrap();
    seed_customers_with(&state, 40, 3, LoadMode::Bulk, |_| {})
        .await
        .unwrap();
    for fts in FULL_TEXT {
        assert_eq!(merge_work(&state, fts).await, 0, "{fts} after the load");
    }
    // Twelve customers renamed, each in a transaction of its own.
    let rename_one_at_a_time = |suffix: &'static str| {
        let state = state.clone();
        async move {
            for id in 1..=12_i64 {
                let mut tx = state.db.begin().await.unwrap();
                sqlx::query("UPDATE customer_grid_flat SET name = name || ' ' || $1 WHERE entity_id = (SELECT MIN(entity_id) + $2 FROM customer_grid_flat)")
                    .bind(suffix)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
        }
    };
    rename_one_at_a_time("Junior").await;
    assert!(merge_work(&state, "customer_grid_fts").await > 0);
    rename_one_at_a_time("Senior").await;
    app::customers::grid::settle::compact_full_text(&state.db)
        .await
        .unwrap();
    for fts in FULL_TEXT {
        assert_eq!(merge_work(&state, fts).await, 0, "{fts} after compacting");
    }
    db.finish().await;
}

/// On PostgreSQL a bulk load copies the grid rows beside the customers, on a connection
/// of its own, in a transaction committed after the load's; the grid's indexes are set
/// aside before both, committed. A load refused at its commit (here by a deferred
/// trigger, given the time to copy every grid row) leaves the store as it was: no new customer
/// or grid row, every index and foreign key back, nothing left to build. And while a load runs, a process starting (which would finish what a load left
/// to build) leaves the build to the load.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_load_refused_at_its_commit_leaves_the_store_as_it_was_postgres() {
    use app::customers::grid::{index, model::GridQuery, service as grid};
    use app::customers::seed::{seed_customers_with, LoadMode};
    let db = app::testing::TestDb::new(app::testing::TestBackend::Postgres).await;
    let state = db.state.clone();
    seed_demo_store(&state).await.unwrap();
    let pool = &state.db.pool;
    let count = move |sql: &'static str| app::testing::count(pool, sql);
    // The grid's indexes, and the foreign keys of the tables a load writes.
    let schema = || async {
        let mut schema: Vec<String> = sqlx::query(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'customer_grid_flat' ORDER BY 1",
        )
        .fetch_all(&state.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
        schema.extend(app::testing::bulk_load_foreign_keys(&state.db.pool).await);
        schema
    };
    let customers = "SELECT COUNT(*) AS n FROM customer_entity";
    let rows = "SELECT COUNT(*) AS n FROM customer_grid_flat";
    let flags = "SELECT COUNT(*) AS n FROM app_flags WHERE name LIKE 'customer_grid_bulk%'";
    let before = (count(customers).await, count(rows).await, schema().await);
    assert!(before.2.len() > 30, "{:?}", before.2);
    let last: i64 = count("SELECT MAX(entity_id) AS n FROM customer_entity").await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE FUNCTION refuse_customer() RETURNS trigger LANGUAGE plpgsql
           AS $$ BEGIN PERFORM pg_sleep(3); RAISE EXCEPTION 'refused'; END $$;
         CREATE CONSTRAINT TRIGGER refuse_customer AFTER INSERT ON customer_entity
           DEFERRABLE INITIALLY DEFERRED
           FOR EACH ROW WHEN (NEW.entity_id = {}) EXECUTE FUNCTION refuse_customer();",
        last + 30_000
    )))
    .execute(&state.db.pool)
    .await
    .unwrap();
    let refused = seed_customers_with(&state, 40_000, 5, LoadMode::Bulk, |_| {}).await;
    assert!(refused.is_err(), "the load's commit is refused");
    assert_eq!(
        (count(customers).await, count(rows).await, schema().await),
        before
    );
    assert_eq!(count(flags).await, 0, "nothing is left to build");

    // The next load (nothing refused now) holds the build's lock from its start: a
    // process starting meanwhile finds the indexes set aside and leaves them to it.
    sqlx::query("DROP TRIGGER refuse_customer ON customer_entity")
        .execute(&state.db.pool)
        .await
        .unwrap();
    let load = {
        let state = state.clone();
        tokio::spawn(
            async move { seed_customers_with(&state, 40_000, 5, LoadMode::Bulk, |_| {}).await },
        )
    };
    while count(flags).await == 0 {
        assert!(
            !load.is_finished(),
            "the load sets the grid's indexes aside"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert!(!index::resume_after_bulk_load(&state.db).await.unwrap());
    assert!(count(flags).await > 0, "the build is left to the load");
    assert_eq!(load.await.unwrap().unwrap().customers, 40_000);
    assert_eq!(count(customers).await, before.0 + 40_000);
    assert_eq!(count(rows).await, before.1 + 40_000);
    assert_eq!(schema().await, before.2);
    assert_eq!(count(flags).await, 0);
    let page = grid::page(&state, &GridQuery::default(), app::i18n::Locale::En)
        .await
        .unwrap();
    assert_eq!(page.total, before.1 as u64 + 40_000);
    db.finish().await;
}
