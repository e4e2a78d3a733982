//! Now Online on a real database (SQLite and PostgreSQL): activity recorded by upsert,
//! the online window from configuration, customers and visitors in the grid (filters,
//! sort, paging), the purge, the customer view's Online flag, and the CSV export.

use app::both_backends;
use app::config::model::Scope;
use app::config::registry::ONLINE_MINUTES_INTERVAL;
use app::error::AppError;
use app::i18n::Locale;
use app::online::model::{OnlineColumn, OnlineQuery, TYPE_CUSTOMER, TYPE_VISITOR};
use app::online::repo::{record, Activity};
use app::online::service;
use app::state::AppState;
use app::testing::shop;
use app::ui::grid::state::{Dir, Filter};
use sqlx::Row;

/// Visitor `key` seen now (the test clock), as `customer` on website 1, at `url`.
async fn seen(state: &AppState, key: &str, customer: Option<i64>, url: &str) {
    record(
        &state.db.pool,
        &Activity {
            visitor_key: key.into(),
            customer_id: customer,
            website_id: 1,
            url: url.into(),
            at: state.clock.now(),
        },
    )
    .await
    .expect("record the activity");
}

/// Who the grid lists for `query`: (customer id, first name) in order, and the total.
async fn listed(state: &AppState, query: &OnlineQuery) -> (Vec<(Option<i64>, String)>, u64) {
    let page = service::page(state, query).await.expect("a page");
    (
        page.rows
            .iter()
            .map(|r| (r.customer_id, r.firstname.clone()))
            .collect(),
        page.total,
    )
}

async fn customer(state: &AppState, email: &str, first: &str) -> i64 {
    let id = shop::customer_with_password(state, email, 1, shop::PASSWORD).await;
    sqlx::query("UPDATE customer_entity SET firstname = $1 WHERE entity_id = $2")
        .bind(first)
        .bind(id)
        .execute(&state.db.pool)
        .await
        .unwrap();
    id
}

both_backends!(
    activity_counts_for_the_online_interval,
    |state: AppState| async move {
        let ada = customer(&state, "ada@example.com", "Ada").await;
        seen(&state, "a1", Some(ada), "/customer/account/").await;
        seen(&state, "v1", None, "/").await;
        let all = OnlineQuery::default();
        assert_eq!(listed(&state, &all).await.1, 2);
        assert!(service::customer_online(&state, ada).await.unwrap());

        // Ten minutes on, the visitor comes back; Ada does not.
        state.clock.advance(10 * 60);
        seen(&state, "v1", None, "").await;
        // Sixteen minutes after Ada's last activity: past the default 15.
        state.clock.advance(6 * 60);
        assert_eq!(listed(&state, &all).await, (vec![(None, String::new())], 1));
        assert!(!service::customer_online(&state, ada).await.unwrap());
        assert_eq!(service::count(&state).await.unwrap(), 1);

        // A 30-minute interval brings her back.
        state
            .config
            .set(ONLINE_MINUTES_INTERVAL.path, "30", Scope::Default, 0)
            .await
            .unwrap();
        assert_eq!(listed(&state, &all).await.1, 2);
        assert!(service::customer_online(&state, ada).await.unwrap());

        // The visitor's empty URL kept the page it was on.
        let url: String =
            sqlx::query("SELECT last_url FROM customer_visitor WHERE visitor_key = 'v1'")
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .get("last_url");
        assert_eq!(url, "/");
    }
);

both_backends!(
    one_row_per_visitor_bound_and_unbound_never_going_back_in_time,
    |state: AppState| async move {
        let ada = customer(&state, "ada@example.com", "Ada").await;
        let at = state.clock.now();
        let write = |customer: Option<i64>, url: &str, at: i64| {
            let (state, url) = (state.clone(), url.to_string());
            async move {
                record(
                    &state.db.pool,
                    &Activity {
                        visitor_key: "k".into(),
                        customer_id: customer,
                        website_id: 1,
                        url,
                        at,
                    },
                )
                .await
                .unwrap()
            }
        };
        write(None, "/a", at - 90).await;
        // Signed in: the same visitor row is now Ada's.
        write(Some(ada), "/b", at).await;
        // A late write from another server process (older time) changes nothing in time.
        write(Some(ada), "/late", at - 80).await;
        let rows =
            sqlx::query("SELECT customer_id, first_visit_at, last_visit_at FROM customer_visitor")
                .fetch_all(&state.db.pool)
                .await
                .unwrap();
        assert_eq!(rows.len(), 1, "one row per visitor");
        assert_eq!(rows[0].get::<Option<i64>, _>("customer_id"), Some(ada));
        assert_eq!(rows[0].get::<i64, _>("last_visit_at"), at);
        assert_eq!(rows[0].get::<i64, _>("first_visit_at"), at - 90);

        // Signed out: a visitor again.
        seen(&state, "k", None, "/c").await;
        let page = service::page(&state, &OnlineQuery::default())
            .await
            .unwrap();
        assert_eq!(page.rows.len(), 1);
        assert_eq!(page.rows[0].customer_id, None);
        assert_eq!(page.rows[0].last_url, "/c");

        // Deleting a customer deletes the rows bound to them.
        seen(&state, "k", Some(ada), "/d").await;
        app::customers::edit::service::delete(&state, &app::testing::shop::actor(), ada)
            .await
            .unwrap();
        assert_eq!(listed(&state, &OnlineQuery::default()).await.1, 0);
    }
);

both_backends!(
    the_grid_filters_sorts_and_pages_customers_and_visitors,
    |state: AppState| async move {
        let ada = customer(&state, "ada@example.com", "Ada").await;
        let bob = customer(&state, "bob@example.com", "Bob").await;
        seen(&state, "v1", None, "/cart").await;
        state.clock.advance(5);
        seen(&state, "c2", Some(bob), "/customer/address/").await;
        state.clock.advance(5);
        seen(&state, "c1", Some(ada), "/customer/account/").await;
        state.clock.advance(5);
        seen(&state, "v2", None, "/").await;

        // Default: customer ID ascending, visitors (no ID) first on both databases.
        let (rows, total) = listed(&state, &OnlineQuery::default()).await;
        assert_eq!(total, 4);
        assert_eq!(
            rows,
            vec![
                (None, String::new()),
                (None, String::new()),
                (Some(ada), "Ada".into()),
                (Some(bob), "Bob".into())
            ]
        );
        // Last Activity, newest first.
        let newest = OnlineQuery {
            sort: OnlineColumn::LastActivity,
            dir: Dir::Desc,
            ..Default::default()
        };
        let ids: Vec<Option<i64>> = listed(&state, &newest)
            .await
            .0
            .into_iter()
            .map(|r| r.0)
            .collect();
        assert_eq!(ids, vec![None, Some(ada), Some(bob), None]);

        let filtered = |column: OnlineColumn, filter: Filter| {
            let mut q = OnlineQuery::default();
            q.filters.insert(column, filter);
            q
        };
        let customers = filtered(
            OnlineColumn::Type,
            Filter::Select(TYPE_CUSTOMER.to_string()),
        );
        assert_eq!(listed(&state, &customers).await.1, 2);
        let visitors = filtered(OnlineColumn::Type, Filter::Select(TYPE_VISITOR.to_string()));
        assert_eq!(listed(&state, &visitors).await.1, 2);
        let named = filtered(OnlineColumn::FirstName, Filter::Text("bo".into()));
        assert_eq!(
            listed(&state, &named).await,
            (vec![(Some(bob), "Bob".into())], 1)
        );
        let url = filtered(OnlineColumn::LastUrl, Filter::Text("ADDRESS".into()));
        assert_eq!(listed(&state, &url).await.1, 1);
        let group = filtered(OnlineColumn::Group, Filter::Select("1".into()));
        assert_eq!(listed(&state, &group).await.1, 2);
        let website = filtered(OnlineColumn::Website, Filter::Select("2".into()));
        assert_eq!(listed(&state, &website).await.1, 0);
        let id_range = filtered(
            OnlineColumn::CustomerId,
            Filter::Range {
                from: Some(bob),
                to: None,
            },
        );
        assert_eq!(listed(&state, &id_range).await.1, 1);
        // Keyword search: name, email or page.
        let search = OnlineQuery {
            search: "ada@".into(),
            ..Default::default()
        };
        assert_eq!(listed(&state, &search).await.1, 1);
        // "%" is a character, not a wildcard.
        let percent = OnlineQuery {
            search: "%".into(),
            ..Default::default()
        };
        assert_eq!(listed(&state, &percent).await.1, 0);

        // Paging: two of four, the total unchanged.
        let second = OnlineQuery {
            size: 2,
            page: 2,
            ..Default::default()
        };
        assert_eq!(
            listed(&state, &second).await,
            (
                vec![(Some(ada), "Ada".into()), (Some(bob), "Bob".into())],
                4
            )
        );

        // Bad input is refused with the field it concerns.
        let bad = filtered(OnlineColumn::Type, Filter::Select("customer".into()));
        match service::page(&state, &bad).await {
            Err(AppError::Validation { fields }) => assert!(fields.contains_key("f.visitor_type")),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
);

both_backends!(
    old_visitors_are_purged_a_day_past_the_session_lifetime,
    |state: AppState| async move {
        seen(&state, "old", None, "/").await;
        // Cookie Lifetime is 3600 s by default: kept for 24 h + 1 h.
        state.clock.advance(86_400 + 3_000);
        seen(&state, "new", None, "/").await;
        assert_eq!(service::purge(&state).await.unwrap(), 0);
        state.clock.advance(601);
        assert_eq!(service::purge(&state).await.unwrap(), 1);
        let left: Vec<String> = sqlx::query("SELECT visitor_key FROM customer_visitor")
            .fetch_all(&state.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("visitor_key"))
            .collect();
        assert_eq!(left, vec!["new".to_string()]);
    }
);

both_backends!(
    the_export_has_the_visible_columns_in_the_admins_language,
    |state: AppState| async move {
        let eve = customer(&state, "eve@example.com", "=HYPERLINK(1)").await;
        seen(&state, "e", Some(eve), "/customer/account/").await;
        seen(&state, "v", None, "/").await;
        let q = OnlineQuery {
            columns: vec![
                OnlineColumn::FirstName,
                OnlineColumn::Type,
                OnlineColumn::LastUrl,
            ],
            ..Default::default()
        };
        let csv = service::export_csv(&state, &q, Locale::Fr).await.unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "Prénom,Type,Dernière URL");
        assert_eq!(lines[1], ",Visiteur,/");
        // A formula is written as text.
        assert_eq!(lines[2], "\"'=HYPERLINK(1)\",Client,/customer/account/");
        assert_eq!(lines.len(), 3);
    }
);

/// Visitor `key` seen now as `customer` on `website`.
async fn seen_on(state: &AppState, key: &str, customer: Option<i64>, website: i64) {
    record(
        &state.db.pool,
        &Activity {
            visitor_key: key.into(),
            customer_id: customer,
            website_id: website,
            url: "/".into(),
            at: state.clock.now(),
        },
    )
    .await
    .expect("record the activity");
}

/// For every query the count can answer without reading each row (none, a type, a
/// website, both): the total the grid shows and the rows it lists.
async fn totals_and_rows(state: &AppState) -> Vec<(String, u64, usize)> {
    let mut out = Vec::new();
    for kind in [None, Some(TYPE_CUSTOMER), Some(TYPE_VISITOR)] {
        for website in [None, Some(1), Some(2)] {
            let mut q = OnlineQuery {
                size: 200,
                ..OnlineQuery::default()
            };
            if let Some(kind) = kind {
                q.filters
                    .insert(OnlineColumn::Type, Filter::Select(kind.to_string()));
            }
            if let Some(website) = website {
                q.filters
                    .insert(OnlineColumn::Website, Filter::Select(website.to_string()));
            }
            let (rows, total) = listed(state, &q).await;
            out.push((
                format!("type {kind:?} website {website:?}"),
                total,
                rows.len(),
            ));
        }
    }
    out
}

/// The count agrees with the rows listed, whatever the query's type and website.
async fn assert_counts_match_rows(state: &AppState, online: u64) {
    let all = totals_and_rows(state).await;
    for (query, total, rows) in &all {
        assert_eq!(
            *total, *rows as u64,
            "{query}: the total and the rows listed"
        );
    }
    assert_eq!(all[0].1, online, "everyone online");
    assert_eq!(
        service::count(state).await.unwrap(),
        online,
        "the menu's count"
    );
}

both_backends!(
    the_online_count_follows_every_visitor_between_minutes_websites_and_kinds,
    |state: AppState| async move {
        sqlx::query(
            "INSERT INTO websites (website_id, code, name, sort_order)
             VALUES (2, 'second', 'Second Website', 1)",
        )
        .execute(&state.db.pool)
        .await
        .unwrap();
        let ada = customer(&state, "ada@example.com", "Ada").await;
        let bob = customer(&state, "bob@example.com", "Bob").await;
        // Checks below are to the second: the clock moves only when the test moves it
        // (a slow machine once crossed a second between a visit and its count).
        state.clock.stop();
        // Start mid-minute, so the window's first minute is partial.
        state
            .clock
            .advance(60 - state.clock.now().rem_euclid(60) + 25);
        seen_on(&state, "v1", None, 1).await;
        seen_on(&state, "v2", None, 2).await;
        seen_on(&state, "a", Some(ada), 1).await;
        state.clock.advance(70);
        seen_on(&state, "b", Some(bob), 2).await;
        seen_on(&state, "v3", None, 1).await;
        assert_counts_match_rows(&state, 5).await;

        // Seven minutes on: v1 comes back, Ada signs out (her browser is a visitor now),
        // v2 moves to the first website.
        state.clock.advance(7 * 60 + 13);
        seen_on(&state, "v1", None, 1).await;
        seen_on(&state, "a", None, 1).await;
        seen_on(&state, "v2", None, 1).await;
        // The same minute again changes no counter twice.
        seen_on(&state, "v1", None, 1).await;
        assert_counts_match_rows(&state, 5).await;

        // The window's edge inside a minute: 15 minutes after Bob and v3, to the second,
        // they are still online; a second later they are not.
        state.clock.advance(15 * 60 - (7 * 60 + 13));
        assert_counts_match_rows(&state, 5).await;
        state.clock.advance(1);
        assert_counts_match_rows(&state, 3).await;

        // Bob comes back and is deleted: his rows and his count go.
        seen_on(&state, "b", Some(bob), 2).await;
        assert_counts_match_rows(&state, 4).await;
        app::customers::edit::service::delete(&state, &shop::actor(), bob)
            .await
            .unwrap();
        assert_counts_match_rows(&state, 3).await;

        // A day later everyone left; the purge empties the table and the count stays 0,
        // and a new visitor counts once.
        state.clock.advance(2 * 86_400);
        assert_counts_match_rows(&state, 0).await;
        assert!(service::purge(&state).await.unwrap() >= 3);
        assert_counts_match_rows(&state, 0).await;
        seen_on(&state, "v4", None, 2).await;
        assert_counts_match_rows(&state, 1).await;
    }
);
