//! The All Customers grid on a real database: the index follows writes, and every
//! filter, sort and search gives the rows an admin expects. Each test runs on SQLite and
//! on PostgreSQL (`both_backends!`).

use app::both_backends;
use app::customers::grid::index;
use app::customers::grid::model::{Column, Dir, Filter, GridQuery, GridRow};
use app::customers::grid::service;
use app::demo::seed_demo_store;
use app::error::AppError;
use app::i18n::Locale;
use app::state::AppState;
use sqlx::Row;

/// A customer to insert; unset fields stay NULL / default.
#[derive(Clone, Default)]
struct NewCustomer {
    first: &'static str,
    last: &'static str,
    email: &'static str,
    prefix: Option<&'static str>,
    middle: Option<&'static str>,
    suffix: Option<&'static str>,
    group: i64,
    website: i64,
    created_at: i64,
    dob: Option<&'static str>,
    gender: Option<i64>,
    taxvat: Option<&'static str>,
    confirmation: Option<&'static str>,
    lock_expires: Option<i64>,
}

/// An address; the first one given becomes the default billing, the last the default
/// shipping.
#[derive(Clone, Default)]
struct NewAddress {
    street: &'static str,
    city: &'static str,
    region: Option<&'static str>,
    postcode: Option<&'static str>,
    country: &'static str,
    telephone: &'static str,
    company: Option<&'static str>,
    fax: Option<&'static str>,
    vat_id: Option<&'static str>,
}

async fn add(state: &AppState, c: NewCustomer, addresses: &[NewAddress]) -> i64 {
    let mut tx = state.db.begin().await.unwrap();
    let id: i64 = sqlx::query(
        "INSERT INTO customer_entity (email, website_id, group_id, created_in, created_at,
         updated_at, prefix, firstname, middlename, lastname, suffix, dob, gender, taxvat,
         confirmation, lock_expires)
         VALUES ($1, $2, $3, 'Default Store View', $4, $4, $5, $6, $7, $8, $9, $10, $11, $12,
         $13, $14) RETURNING entity_id",
    )
    .bind(c.email)
    .bind(if c.website == 0 { 1 } else { c.website })
    .bind(if c.group == 0 { 1 } else { c.group })
    .bind(c.created_at)
    .bind(c.prefix)
    .bind(c.first)
    .bind(c.middle)
    .bind(c.last)
    .bind(c.suffix)
    .bind(c.dob)
    .bind(c.gender)
    .bind(c.taxvat)
    .bind(c.confirmation)
    .bind(c.lock_expires)
    .fetch_one(&mut *tx)
    .await
    .unwrap()
    .try_get("entity_id")
    .unwrap();
    let mut ids = Vec::new();
    for a in addresses {
        let aid: i64 = sqlx::query(
            "INSERT INTO customer_address_entity (parent_id, created_at, updated_at, firstname,
             lastname, company, street, city, region, postcode, country_id, telephone, fax,
             vat_id) VALUES ($1, 0, 0, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             RETURNING entity_id",
        )
        .bind(id)
        .bind(c.first)
        .bind(c.last)
        .bind(a.company)
        .bind(a.street)
        .bind(a.city)
        .bind(a.region)
        .bind(a.postcode)
        .bind(a.country)
        .bind(a.telephone)
        .bind(a.fax)
        .bind(a.vat_id)
        .fetch_one(&mut *tx)
        .await
        .unwrap()
        .try_get("entity_id")
        .unwrap();
        ids.push(aid);
    }
    sqlx::query("UPDATE customer_entity SET default_billing = $1, default_shipping = $2 WHERE entity_id = $3")
        .bind(ids.first().copied())
        .bind(ids.last().copied())
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    index::refresh_one(&mut tx, id).await.unwrap();
    tx.commit().await.unwrap();
    id
}

const DAY: i64 = 86_400;
/// 2024-01-01T00:00:00Z
const JAN_2024: i64 = 1_704_067_200;

/// Five customers that between them exercise every column.
async fn fixture(state: &AppState) -> [i64; 5] {
    sqlx::query("INSERT INTO websites (website_id, code, name, sort_order) VALUES (2, 'second', 'Second Website', 1)")
        .execute(&state.db.pool)
        .await
        .unwrap();
    let ada = add(
        state,
        NewCustomer {
            first: "Ada",
            last: "Lovelace",
            email: "ada@example.com",
            prefix: Some("Dr."),
            middle: Some("King"),
            suffix: Some("PhD"),
            group: 1,
            created_at: JAN_2024,
            dob: Some("1815-12-10"),
            gender: Some(2),
            taxvat: Some("GB123"),
            ..Default::default()
        },
        &[
            NewAddress {
                street: "12 St James's Square\nFlat 3",
                city: "London",
                region: Some("Greater London"),
                postcode: Some("SW1Y 4JH"),
                country: "GB",
                telephone: "+44 20 7946 0958",
                company: Some("Analytical Engines Ltd"),
                fax: Some("+44 20 7946 0000"),
                vat_id: Some("GB999999973"),
            },
            NewAddress {
                street: "1 Ockham Park",
                city: "Ockham",
                country: "GB",
                telephone: "+44 1483 000000",
                ..Default::default()
            },
        ],
    )
    .await;
    let bjorn = add(
        state,
        NewCustomer {
            first: "Björn",
            last: "Müller",
            email: "bjorn.muller@example.de",
            group: 2,
            created_at: JAN_2024 + 40 * DAY,
            dob: Some("1990-02-28"),
            gender: Some(1),
            confirmation: Some("key-123"),
            ..Default::default()
        },
        &[NewAddress {
            street: "Hauptstraße 5",
            city: "Berlin",
            postcode: Some("10115"),
            country: "DE",
            telephone: "030 1234567",
            ..Default::default()
        }],
    )
    .await;
    let chloe = add(
        state,
        NewCustomer {
            first: "Chloé",
            last: "O'Brien",
            email: "chloe_100%@example.fr",
            group: 3,
            website: 2,
            created_at: JAN_2024 + 400 * DAY,
            lock_expires: Some(i64::MAX / 2),
            ..Default::default()
        },
        &[NewAddress {
            street: "5 Rue de la Paix",
            city: "Paris",
            region: Some("Paris"),
            postcode: Some("75002"),
            country: "FR",
            telephone: "+33 1 42 68 53 00",
            ..Default::default()
        }],
    )
    .await;
    let dai = add(
        state,
        NewCustomer {
            first: "大輔",
            last: "山田",
            email: "daisuke@example.jp",
            group: 1,
            created_at: JAN_2024 + 800 * DAY,
            gender: Some(3),
            ..Default::default()
        },
        &[],
    )
    .await;
    let eve = add(
        state,
        NewCustomer {
            first: "Eve",
            last: "Example",
            email: "eve@example.com",
            group: 1,
            created_at: JAN_2024 + 10 * DAY,
            ..Default::default()
        },
        &[NewAddress {
            street: "1 Market St",
            city: "San Francisco",
            region: Some("California"),
            postcode: Some("94105"),
            country: "US",
            telephone: "(415) 555-0100",
            company: Some("50% Off_Deals"),
            ..Default::default()
        }],
    )
    .await;
    [ada, bjorn, chloe, dai, eve]
}

/// The ids of the query's page; "N records found" must count just them (the fixtures
/// fit on one page), whichever way the count is taken.
async fn ids(state: &AppState, q: &GridQuery) -> Vec<i64> {
    let page = service::page(state, q, Locale::En).await.unwrap();
    assert!(page.rows.len() < 20, "the fixtures fit on one page");
    assert_eq!(
        page.total,
        page.rows.len() as u64,
        "N records found for {q:?}"
    );
    page.rows.iter().map(|r| r.id).collect()
}

fn filtered(column: Column, filter: Filter) -> GridQuery {
    let mut q = GridQuery::default();
    q.filters.insert(column, filter);
    q
}

fn text(column: Column, value: &str) -> GridQuery {
    filtered(column, Filter::Text(value.into()))
}

fn search(value: &str) -> GridQuery {
    GridQuery {
        search: value.into(),
        ..GridQuery::default()
    }
}

both_backends!(
    the_index_shows_what_the_grid_needs,
    |state: AppState| async move {
        let [ada, bjorn, _, dai, _] = fixture(&state).await;
        let page = service::page(&state, &GridQuery::default(), Locale::En)
            .await
            .unwrap();
        assert_eq!(page.total, 5);
        let row: &GridRow = page.rows.iter().find(|r| r.id == ada).unwrap();
        assert_eq!(row.name, "Dr. Ada King Lovelace PhD");
        assert_eq!(row.billing_telephone.as_deref(), Some("+44 20 7946 0958"));
        assert_eq!(
            row.billing_street.as_deref(),
            Some("12 St James's Square, Flat 3")
        );
        // The address columns as the one-line template prints them (empty parts
        // collapse), countries named in the viewer's language.
        assert_eq!(
            row.billing_full.as_deref(),
            Some("Ada Lovelace, 12 St James's Square, Flat 3, London, Greater London SW1Y 4JH, United Kingdom")
        );
        assert_eq!(
            row.shipping_full.as_deref(),
            Some("Ada Lovelace, 1 Ockham Park, Ockham, United Kingdom")
        );
        let fr = service::page(&state, &GridQuery::default(), Locale::Fr)
            .await
            .unwrap();
        let row_fr = fr.rows.iter().find(|r| r.id == ada).unwrap();
        assert!(
            row_fr
                .shipping_full
                .as_deref()
                .unwrap()
                .ends_with("Royaume-Uni"),
            "{:?}",
            row_fr.shipping_full
        );
        // The index keeps the address in a fixed order for sorting and search.
        let stored: String =
            sqlx::query("SELECT billing_full FROM customer_grid_flat WHERE entity_id = $1")
                .bind(ada)
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .try_get("billing_full")
                .unwrap();
        assert_eq!(
            stored,
            "12 St James's Square, Flat 3, London, Greater London SW1Y 4JH, GB"
        );
        assert_eq!(
            row.billing_company.as_deref(),
            Some("Analytical Engines Ltd")
        );
        let b = page.rows.iter().find(|r| r.id == bjorn).unwrap();
        assert!(b.confirmation_pending);
        let d = page.rows.iter().find(|r| r.id == dai).unwrap();
        assert_eq!(
            d.billing_full, None,
            "no default billing address, no address columns"
        );

        // A write and its index upkeep share a transaction: the new email is found at once,
        // the old one is gone.
        let mut tx = state.db.begin().await.unwrap();
        sqlx::query(
            "UPDATE customer_entity SET email = 'ada.king@example.org' WHERE entity_id = $1",
        )
        .bind(ada)
        .execute(&mut *tx)
        .await
        .unwrap();
        index::refresh_one(&mut tx, ada).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            ids(&state, &search("ada.king@example.org")).await,
            vec![ada]
        );
        assert!(ids(&state, &search("ada@example.com")).await.is_empty());

        // Deleting a customer removes its row and its search entries.
        sqlx::query("DELETE FROM customer_entity WHERE entity_id = $1")
            .bind(bjorn)
            .execute(&state.db.pool)
            .await
            .unwrap();
        assert!(ids(&state, &search("Müller")).await.is_empty());
        assert_eq!(
            service::page(&state, &GridQuery::default(), Locale::En)
                .await
                .unwrap()
                .total,
            4
        );
    }
);

both_backends!(
    text_filters_match_contained_text_literally,
    |state: AppState| async move {
        let [ada, bjorn, chloe, dai, eve] = fixture(&state).await;
        let cases: Vec<(Column, &str, Vec<i64>)> = vec![
            (Column::Name, "love", vec![ada]),
            (Column::Name, "LOVELACE", vec![ada]),
            (Column::Name, "山田", vec![dai]),
            (Column::Name, "Müller", vec![bjorn]),
            (Column::Name, "O'Brien", vec![chloe]),
            (Column::Email, "example.com", vec![ada, eve]),
            (Column::Email, "EXAMPLE.COM", vec![ada, eve]),
            (Column::Email, "CHLOE_100", vec![chloe]),
            (Column::Email, "E.D", vec![bjorn]),
            // `%` and `_` are literal characters, not wildcards.
            (Column::Email, "100%", vec![chloe]),
            (Column::Email, "_", vec![chloe]),
            (Column::Email, "%", vec![chloe]),
            (Column::Company, "50% Off_", vec![eve]),
            (Column::Phone, "7946", vec![ada]),
            (Column::Zip, "500", vec![chloe]),
            (Column::Region, "california", vec![eve]),
            (Column::City, "Berl", vec![bjorn]),
            (Column::Fax, "0000", vec![ada]),
            (Column::VatNumber, "GB999", vec![ada]),
            (Column::Taxvat, "gb1", vec![ada]),
            (Column::BillingFirstname, "Eve", vec![eve]),
            (Column::BillingLastname, "Müll", vec![bjorn]),
            (Column::Name, "\"; DROP TABLE customer_entity; --", vec![]),
            (Column::Name, "\\", vec![]),
        ];
        for (column, value, expected) in cases {
            assert_eq!(
                ids(&state, &text(column, value)).await,
                expected,
                "{column:?} contains {value:?}"
            );
        }
        // Still there after the injection attempt.
        assert_eq!(
            service::page(&state, &GridQuery::default(), Locale::En)
                .await
                .unwrap()
                .total,
            5
        );
        // Too long: a field error, not a query.
        let long = "x".repeat(256);
        match service::page(&state, &text(Column::Email, &long), Locale::En).await {
            Err(AppError::Validation { fields }) => assert!(fields.contains_key("f.email")),
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert!(ids(&state, &text(Column::Email, &"x".repeat(255)))
            .await
            .is_empty());
    }
);

both_backends!(
    range_select_and_date_filters,
    |state: AppState| async move {
        let [ada, bjorn, chloe, dai, eve] = fixture(&state).await;
        let range = |from, to| filtered(Column::Id, Filter::Range { from, to });
        assert_eq!(
            ids(&state, &range(Some(bjorn), Some(dai))).await,
            vec![bjorn, chloe, dai]
        );
        assert_eq!(ids(&state, &range(Some(dai), None)).await, vec![dai, eve]);
        assert_eq!(ids(&state, &range(None, Some(ada))).await, vec![ada]);
        let select = |c, v: &str| filtered(c, Filter::Select(v.into()));
        assert_eq!(
            ids(&state, &select(Column::Group, "1")).await,
            vec![ada, dai, eve]
        );
        assert_eq!(
            ids(&state, &select(Column::Website, "2")).await,
            vec![chloe]
        );
        assert_eq!(
            ids(&state, &select(Column::Country, "de")).await,
            vec![bjorn]
        );
        assert_eq!(ids(&state, &select(Column::Gender, "3")).await, vec![dai]);
        let dates = |c, from: Option<&str>, to: Option<&str>| {
            filtered(
                c,
                Filter::Dates {
                    from: from.map(Into::into),
                    to: to.map(Into::into),
                },
            )
        };
        // Whole days, both ends included.
        assert_eq!(
            ids(
                &state,
                &dates(
                    Column::CustomerSince,
                    Some("2024-01-01"),
                    Some("2024-01-11")
                )
            )
            .await,
            vec![ada, eve]
        );
        assert_eq!(
            ids(
                &state,
                &dates(Column::CustomerSince, Some("2025-01-01"), None)
            )
            .await,
            vec![chloe, dai]
        );
        assert_eq!(
            ids(&state, &dates(Column::Dob, None, Some("1900-01-01"))).await,
            vec![ada]
        );
        assert_eq!(
            ids(
                &state,
                &dates(Column::Dob, Some("1990-02-28"), Some("1990-02-28"))
            )
            .await,
            vec![bjorn]
        );
        // Bad values are field errors.
        for q in [
            dates(Column::Dob, Some("2024-02-30"), None),
            dates(
                Column::CustomerSince,
                Some("2024-02-01"),
                Some("2024-01-01"),
            ),
            range(Some(5), Some(1)),
            select(Column::Group, "General"),
            select(Column::Country, "Germany"),
            filtered(Column::Group, Filter::Text("1".into())),
        ] {
            assert!(
                matches!(
                    service::page(&state, &q, Locale::En).await,
                    Err(AppError::Validation { .. })
                ),
                "{q:?} must be refused"
            );
        }
        // Filters combine.
        let mut q = select(Column::Group, "1");
        q.filters
            .insert(Column::Email, Filter::Text("example.com".into()));
        assert_eq!(ids(&state, &q).await, vec![ada, eve]);
    }
);

both_backends!(every_column_sorts_both_ways, |state: AppState| async move {
    let [ada, bjorn, chloe, dai, eve] = fixture(&state).await;
    let sorted = |column, dir| GridQuery {
        sort: column,
        dir,
        ..GridQuery::default()
    };
    let expectations: Vec<(Column, Vec<i64>)> = vec![
        (Column::Id, vec![ada, bjorn, chloe, dai, eve]),
        (Column::Email, vec![ada, bjorn, chloe, dai, eve]),
        (Column::CustomerSince, vec![ada, eve, bjorn, chloe, dai]),
        (Column::Group, vec![ada, dai, eve, bjorn, chloe]),
    ];
    for (column, asc) in expectations {
        assert_eq!(
            ids(&state, &sorted(column, Dir::Asc)).await,
            asc,
            "{column:?} asc"
        );
        let mut desc = asc.clone();
        desc.reverse();
        // Ties (same group) are broken by id in the same direction, so desc is the mirror.
        assert_eq!(
            ids(&state, &sorted(column, Dir::Desc)).await,
            desc,
            "{column:?} desc"
        );
    }
    // Every column can be asked for, and the result is ordered by that column.
    for &column in Column::ALL {
        for dir in [Dir::Asc, Dir::Desc] {
            let page = service::page(&state, &sorted(column, dir), Locale::En)
                .await
                .unwrap();
            assert_eq!(page.rows.len(), 5, "{column:?} {dir:?}");
        }
    }
    let names: Vec<String> = service::page(&state, &sorted(Column::Name, Dir::Asc), Locale::En)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names[0], "Björn Müller");
    assert_eq!(names[1], "Chloé O'Brien");
});

both_backends!(
    keyword_search_finds_words_anywhere,
    |state: AppState| async move {
        let [ada, bjorn, chloe, dai, eve] = fixture(&state).await;
        let cases: Vec<(&str, Vec<i64>)> = vec![
            ("lovelace", vec![ada]),
            ("LOVE", vec![ada]),
            // Earlier words are whole words; the last one may still be being typed.
            ("king love", vec![ada]),
            ("king lovelace ", vec![ada]),
            ("kin lovelace", vec![]),
            // Accents are ignored, as shoppers type them either way.
            ("muller", vec![bjorn]),
            ("Müller", vec![bjorn]),
            ("chloe", vec![chloe]),
            ("山田", vec![dai]),
            ("eve@example.com", vec![eve]),
            ("bjorn.muller@example.de", vec![bjorn]),
            // An email still being typed: its last part is a prefix, and it still counts
            // (checked on the rows the whole words find, on PostgreSQL).
            ("ada@example.co", vec![ada]),
            ("bjorn.muller@example.d", vec![bjorn]),
            ("ada@example.jp", vec![]),
            // Phone numbers by a group of digits, or by all of them.
            ("7946", vec![ada]),
            ("442079460958", vec![ada]),
            ("415 555", vec![eve]),
            // Billing and shipping addresses, company, VAT numbers.
            ("ockham", vec![ada]),
            ("rue paix", vec![chloe]),
            ("analytical", vec![ada]),
            ("GB999999973", vec![ada]),
            ("gb123", vec![ada]),
            ("example", vec![ada, bjorn, chloe, dai, eve]),
            ("nobody", vec![]),
            ("%%%", vec![]),
            ("'\"", vec![]),
        ];
        for (term, expected) in cases {
            assert_eq!(
                ids(&state, &search(term)).await,
                expected,
                "search {term:?}"
            );
        }
        // Search and filters combine.
        let mut q = search("example");
        q.filters.insert(Column::Group, Filter::Select("1".into()));
        assert_eq!(ids(&state, &q).await, vec![ada, dai, eve]);
    }
);

// An email search finds the customers holding the words before its `@` first (on SQLite
// where they are few), and checks the domain's words on those alone; on SQLite, where
// they are many (a common surname before the `@`), it searches every word at once.
// Either way it finds each customer holding all the words, the domain's in any column.
both_backends!(
    an_email_search_finds_every_customer_holding_its_words,
    |state: AppState| async move {
        use app::customers::grid::repo::search_plan;
        let [ada, ..] = fixture(&state).await;
        let plan = |text: &str| {
            let (state, q) = (state.clone(), service::check(&search(text)).unwrap());
            async move {
                search_plan(&state.db.pool, state.db.backend, &q)
                    .await
                    .unwrap()
                    .local_first
            }
        };
        let total = |text: &str| {
            let (state, q) = (state.clone(), search(text));
            async move { service::page(&state, &q, Locale::En).await.unwrap().total }
        };
        // Ada's company is "Analytical Engines Ltd".
        assert!(plan("ada@analytical").await);
        assert_eq!(ids(&state, &search("ada@analytical")).await, [ada]);
        assert_eq!(ids(&state, &search("ada@analytical.engines")).await, [ada]);
        assert!(ids(&state, &search("ada@analytical.motors"))
            .await
            .is_empty());
        let mut smiths = Vec::new();
        for n in 0..65 {
            let email: &'static str = Box::leak(format!("smith.{n}@example.org").into_boxed_str());
            let customer = NewCustomer {
                first: "Jo",
                last: "Smith",
                email,
                created_at: JAN_2024 + n,
                ..Default::default()
            };
            smiths.push(add(&state, customer, &[]).await);
        }
        // SQLite looks each one up in its index to check the domain; PostgreSQL checks
        // the rows it reads anyway.
        let postgres = state.db.backend == app::db::Backend::Postgres;
        assert_eq!(
            plan("smith@example.org").await,
            postgres,
            "65 Smiths to check"
        );
        assert_eq!(total("smith@example.org").await, 65);
        assert_eq!(total("smith@example.or").await, 65);
        assert_eq!(total("smith@example.com").await, 0);
        assert_eq!(total("smith@analytical").await, 0);
        assert!(plan("smith.7@example.org").await);
        assert_eq!(
            ids(&state, &search("smith.7@example.org")).await,
            [smiths[7]]
        );
        assert!(ids(&state, &search("smith.7@example.com")).await.is_empty());
        // Another search reads nothing first.
        assert!(!plan("smith example").await);
        assert!(!plan("@example.org").await);
    }
);

both_backends!(paging_counts_and_clamps, |state: AppState| async move {
    seed_demo_store(&state).await.unwrap();
    let q = GridQuery {
        size: 30,
        page: 3,
        ..GridQuery::default()
    };
    let page = service::page(&state, &q, Locale::En).await.unwrap();
    assert_eq!(page.total, 1_000);
    assert_eq!(page.page, 3);
    assert_eq!(page.rows.first().map(|r| r.id), Some(61));
    assert_eq!(page.rows.len(), 30);
    // Past the end: the last page.
    let far = GridQuery {
        size: 999,
        page: 50,
        ..GridQuery::default()
    };
    let page = service::page(&state, &far, Locale::En).await.unwrap();
    assert_eq!((page.page, page.rows.len()), (2, 1));
    // Sizes outside 1–999 are refused.
    for size in [0, 1000] {
        let q = GridQuery {
            size,
            ..GridQuery::default()
        };
        assert!(matches!(
            service::page(&state, &q, Locale::En).await,
            Err(AppError::Validation { .. })
        ));
    }
    // Deep pages of a sorted, filtered grid agree with the count.
    let mut q = GridQuery {
        sort: Column::CustomerSince,
        dir: Dir::Desc,
        size: 7,
        ..GridQuery::default()
    };
    q.filters.insert(Column::Group, Filter::Select("1".into()));
    let total = service::page(&state, &q, Locale::En).await.unwrap().total;
    let mut seen = Vec::new();
    let mut last_created = i64::MAX;
    for p in 1..=total.div_ceil(7) {
        q.page = p as u32;
        for row in service::page(&state, &q, Locale::En).await.unwrap().rows {
            assert_eq!(row.group_id, 1);
            assert!(row.created_at <= last_created, "sorted newest first");
            last_created = row.created_at;
            seen.push(row.id);
        }
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(
        seen.len() as u64,
        total,
        "every row exactly once across pages"
    );
});

both_backends!(
    the_dashboard_counts_registrations_online_and_locked_customers,
    |state: AppState| async move {
        use app::admin::dashboard::service::stats;
        let now = state.clock.now();
        let today = now.div_euclid(DAY) * DAY;
        let person =
            |email: &'static str, created_at: i64, lock_expires: Option<i64>| NewCustomer {
                first: "Test",
                last: "Person",
                email,
                created_at,
                lock_expires,
                ..NewCustomer::default()
            };
        let old = add(
            &state,
            person("old@example.com", today - 90 * DAY, None),
            &[],
        )
        .await;
        add(
            &state,
            person("month@example.com", today - 20 * DAY, Some(now - 60)),
            &[],
        )
        .await;
        add(
            &state,
            person("week@example.com", today - 3 * DAY, Some(now + 3600)),
            &[],
        )
        .await;
        let newest = add(&state, person("today@example.com", today + 60, None), &[]).await;

        // Now Online's rows: one customer in two browsers a minute ago counts once; a
        // customer seen an hour ago (past the 15-minute default) and a visitor nobody is
        // signed in as do not count.
        for (key, customer, seen) in [
            ("a", Some(newest), now - 60),
            ("b", Some(newest), now - 30),
            ("c", Some(old), now - 3600),
            ("d", None, now - 10),
        ] {
            app::online::repo::record(
                &state.db.pool,
                &app::online::repo::Activity {
                    visitor_key: key.into(),
                    customer_id: customer,
                    website_id: 1,
                    url: "/".into(),
                    at: seen,
                },
            )
            .await
            .unwrap();
        }

        let s = stats(&state).await.unwrap();
        assert_eq!(s.total, 4);
        assert_eq!((s.new_7_days, s.new_30_days), (2, 3));
        assert_eq!(s.online_now, 1);
        assert_eq!(s.locked, 1, "only the lock that has not run out");
        assert_eq!(s.per_day.len(), 30);
        assert_eq!(s.per_day.iter().map(|d| d.1).sum::<u64>(), 3);
        assert_eq!(
            s.per_day.last().map(|d| d.1),
            Some(1),
            "today's registration"
        );
        assert_eq!(s.per_day[29 - 3].1, 1, "three days ago");
        let latest: Vec<&str> = s.latest.iter().map(|r| r.email.as_str()).collect();
        assert_eq!(
            latest,
            [
                "today@example.com",
                "week@example.com",
                "month@example.com",
                "old@example.com"
            ]
        );
    }
);

both_backends!(
    names_sort_without_regard_to_accents_or_case,
    |state: AppState| async move {
        for (first, email) in [
            ("Zoë", "zoe@example.com"),
            ("Élodie", "elodie@example.com"),
            ("álvaro", "alvaro@example.com"),
            ("Bruno", "bruno@example.com"),
            ("elisa", "elisa@example.com"),
        ] {
            add(
                &state,
                NewCustomer {
                    first,
                    last: "Test",
                    email,
                    ..NewCustomer::default()
                },
                &[],
            )
            .await;
        }
        let mut q = GridQuery {
            sort: Column::Name,
            ..GridQuery::default()
        };
        let names = |page: app::customers::grid::model::GridPage| {
            page.rows.into_iter().map(|r| r.name).collect::<Vec<_>>()
        };
        assert_eq!(
            names(service::page(&state, &q, Locale::En).await.unwrap()),
            [
                "álvaro Test",
                "Bruno Test",
                "elisa Test",
                "Élodie Test",
                "Zoë Test"
            ]
        );
        q.dir = Dir::Desc;
        assert_eq!(
            names(service::page(&state, &q, Locale::En).await.unwrap())
                .first()
                .map(String::as_str),
            Some("Zoë Test")
        );
        // Rows indexed before their keys existed get them once, after the migration that
        // added the keys (it sets the flag); a start without the flag changes nothing.
        sqlx::query("UPDATE customer_grid_flat SET name_key = ''")
            .execute(&state.db.pool)
            .await
            .unwrap();
        assert_eq!(index::backfill_sort_keys(&state.db).await.unwrap(), 0);
        sqlx::query(
            "INSERT INTO app_flags (name, value) VALUES ('customer_grid_sort_keys', '0011')",
        )
        .execute(&state.db.pool)
        .await
        .unwrap();
        assert_eq!(index::backfill_sort_keys(&state.db).await.unwrap(), 5);
        assert_eq!(
            index::backfill_sort_keys(&state.db).await.unwrap(),
            0,
            "once"
        );
        q.dir = Dir::Asc;
        assert_eq!(
            names(service::page(&state, &q, Locale::En).await.unwrap())
                .first()
                .map(String::as_str),
            Some("álvaro Test")
        );
        // Keyword search still finds them (the full-text index was rebuilt around it).
        q.search = "elodie".into();
        assert_eq!(
            names(service::page(&state, &q, Locale::En).await.unwrap()),
            ["Élodie Test"]
        );
    }
);

both_backends!(
    text_columns_sort_without_regard_to_accents_or_case_and_empty_first,
    |state: AppState| async move {
        for (email, city) in [
            ("zurich@example.com", Some("Zürich")),
            ("evry@example.com", Some("Évry")),
            ("none@example.com", None),
            ("amsterdam@example.com", Some("amsterdam")),
            ("eindhoven@example.com", Some("Eindhoven")),
            ("berlin@example.com", Some("Berlin")),
        ] {
            let address = city.map(|city| NewAddress {
                street: "1 Main St",
                city,
                country: "NL",
                telephone: "0201234567",
                postcode: Some("1011 AB"),
                ..NewAddress::default()
            });
            add(
                &state,
                NewCustomer {
                    first: "Pat",
                    last: "Test",
                    email,
                    ..NewCustomer::default()
                },
                address.as_slice(),
            )
            .await;
        }
        let cities = |page: app::customers::grid::model::GridPage| {
            page.rows
                .into_iter()
                .map(|r| r.billing_city.unwrap_or_default())
                .collect::<Vec<_>>()
        };
        let mut q = GridQuery {
            sort: Column::City,
            ..GridQuery::default()
        };
        let up = ["", "amsterdam", "Berlin", "Eindhoven", "Évry", "Zürich"];
        assert_eq!(
            cities(service::page(&state, &q, Locale::En).await.unwrap()),
            up
        );
        q.dir = Dir::Desc;
        let mut down = up;
        down.reverse();
        assert_eq!(
            cities(service::page(&state, &q, Locale::En).await.unwrap()),
            down
        );
        // A column of codes sorts by its value, the customer without one first going up,
        // on both databases alike.
        q.sort = Column::Zip;
        q.dir = Dir::Asc;
        let first = service::page(&state, &q, Locale::En)
            .await
            .unwrap()
            .rows
            .remove(0);
        assert_eq!(first.email, "none@example.com");
        q.dir = Dir::Desc;
        let last = service::page(&state, &q, Locale::En)
            .await
            .unwrap()
            .rows
            .pop()
            .unwrap();
        assert_eq!(last.email, "none@example.com");
        // Every sortable column answers (each through its own index).
        for column in Column::ALL.iter().filter(|c| c.sortable()) {
            q.sort = *column;
            assert_eq!(
                service::page(&state, &q, Locale::En)
                    .await
                    .unwrap()
                    .rows
                    .len(),
                6,
                "{column:?}"
            );
        }
        // A filter matching few rows sorts the matches on PostgreSQL, and walks the index
        // when they are many; on SQLite, many matches of a trigram "contains" or a keyword
        // search are found by walking the sort's index alone: the same rows in the same
        // order every way.
        use app::customers::grid::repo;
        let cases = [
            (Some("r"), "", 4),
            (Some("example"), "", 6),
            (None, "test", 6),
            (Some("mple.c"), "pat", 6),
        ];
        for (email, search, expected) in cases {
            q.filters.clear();
            if let Some(text) = email {
                q.filters.insert(Column::Email, Filter::Text(text.into()));
            }
            q.search = search.into();
            for column in [Column::City, Column::Zip, Column::Id, Column::Name] {
                for dir in [Dir::Asc, Dir::Desc] {
                    q.sort = column;
                    q.dir = dir;
                    let valid = service::check(&q).unwrap();
                    let mut pages = Vec::new();
                    for matching in [1, u64::MAX] {
                        let cond = repo::page_condition(
                            &valid,
                            state.db.backend,
                            &Default::default(),
                            Default::default(),
                            matching,
                        );
                        let sql = repo::page_ids_sql(&valid, &cond, 1, state.db.backend, matching);
                        let ids: Vec<i64> = app::db::sql::bind(
                            sqlx::query(sqlx::AssertSqlSafe(sql)),
                            cond.values(),
                        )
                        .fetch_all(&state.db.pool)
                        .await
                        .unwrap()
                        .iter()
                        .map(|r| r.try_get("entity_id").unwrap())
                        .collect();
                        pages.push(ids);
                    }
                    assert_eq!(pages[0].len(), expected, "{email:?} {search:?} {column:?}");
                    assert_eq!(
                        pages[0], pages[1],
                        "{email:?} {search:?} {column:?} {dir:?}"
                    );
                }
            }
        }
    }
);

/// The database's plan of a page's query, one line per step.
async fn query_plan(
    conn: &mut sqlx::pool::PoolConnection<sqlx::Any>,
    postgres: bool,
    sql: &str,
    cond: &app::customers::grid::repo::Condition,
) -> String {
    let (explain, detail) = if postgres {
        ("EXPLAIN", "QUERY PLAN")
    } else {
        ("EXPLAIN QUERY PLAN", "detail")
    };
    let plan: Vec<String> = app::db::sql::bind(
        sqlx::query(sqlx::AssertSqlSafe(format!("{explain} {sql}"))),
        cond.values(),
    )
    .fetch_all(&mut **conn)
    .await
    .unwrap()
    .iter()
    .map(|row| row.try_get(detail).unwrap())
    .collect();
    plan.join("\n")
}

both_backends!(
    every_sort_reads_its_own_index,
    |state: AppState| async move {
        use app::customers::grid::repo;
        use app::db::Backend;
        // A page is found by walking an index in the sort's order, never by sorting the
        // table: at a million customers a sort is hundreds of milliseconds, the walk a few.
        // The planner is told to avoid sorts and table scans if it can, so a missing index
        // shows as a sort in the plan even on this small table.
        let postgres = state.db.backend == Backend::Postgres;
        let mut conn = state.db.pool.acquire().await.unwrap();
        if postgres {
            // The visibility map, as autovacuum keeps it on a live table: an index-only
            // scan is then the cheaper one.
            sqlx::query("VACUUM customer_grid_flat")
                .execute(&mut *conn)
                .await
                .unwrap();
            for set in ["SET enable_sort = off", "SET enable_seqscan = off"] {
                sqlx::query(set).execute(&mut *conn).await.unwrap();
            }
        }
        // With many matches of an email "contains" (on SQLite, a set read from the
        // trigram index) the page is found the same way, and on SQLite from the sort's
        // index alone, each id looked up in the set; on PostgreSQL, sorted by name, from
        // the name index alone, which carries the email.
        for (column, contains) in Column::ALL
            .iter()
            .filter(|c| c.sortable())
            .flat_map(|c| [(*c, false), (*c, true)])
        {
            for dir in [Dir::Asc, Dir::Desc] {
                let mut q = GridQuery {
                    sort: column,
                    dir,
                    ..GridQuery::default()
                };
                if contains {
                    q.filters
                        .insert(Column::Email, Filter::Text("example".into()));
                }
                let q = service::check(&q).unwrap();
                let cond = repo::page_condition(
                    &q,
                    state.db.backend,
                    &Default::default(),
                    Default::default(),
                    u64::MAX,
                );
                let sql = repo::page_ids_sql(&q, &cond, 3, state.db.backend, u64::MAX);
                let plan = query_plan(&mut conn, postgres, &sql, &cond).await;
                assert!(
                    !plan.contains("TEMP B-TREE") && !plan.contains("Sort"),
                    "{column:?} {dir:?} {contains} sorts instead of reading an index:\n{plan}"
                );
                if contains && !postgres && column != Column::Id {
                    assert!(
                        plan.contains("USING COVERING INDEX"),
                        "{column:?} {dir:?} reads rows to walk the sort:\n{plan}"
                    );
                }
                // On PostgreSQL the name index carries the email: the walk reads no row.
                if contains && postgres && column == Column::Name {
                    assert!(
                        plan.contains("Index Only Scan")
                            && plan.contains("customer_grid_name_key")
                            && !plan.contains("Bitmap"),
                        "{dir:?} reads rows to walk the name sort:\n{plan}"
                    );
                }
            }
        }
        // On SQLite, past few matches of an email "contains" sorted by name, each match's
        // name key is read from the index by id, not from its row (migration 0033).
        if !postgres {
            for dir in [Dir::Asc, Dir::Desc] {
                let mut q = GridQuery {
                    sort: Column::Name,
                    dir,
                    ..GridQuery::default()
                };
                q.filters
                    .insert(Column::Email, Filter::Text("example".into()));
                let q = service::check(&q).unwrap();
                let cond = repo::page_condition(
                    &q,
                    state.db.backend,
                    &Default::default(),
                    Default::default(),
                    1,
                );
                let sql = repo::page_ids_sql(&q, &cond, 1, state.db.backend, 1);
                let plan = query_plan(&mut conn, postgres, &sql, &cond).await;
                assert!(
                    plan.contains("USING COVERING INDEX customer_grid_id_name"),
                    "{dir:?} reads each match's row for its name:\n{plan}"
                );
            }
            // While a bulk load has set the grid's indexes aside, the page is read
            // without that index.
            fixture(&state).await;
            let q = GridQuery {
                sort: Column::Name,
                filters: [(Column::Email, Filter::Text("example".into()))].into(),
                ..GridQuery::default()
            };
            let before = service::page(&state, &q, Locale::En).await.unwrap();
            assert!(before.total > 1);
            sqlx::query("DROP INDEX customer_grid_id_name")
                .execute(&mut *conn)
                .await
                .unwrap();
            let after = service::page(&state, &q, Locale::En).await.unwrap();
            let ids = |page: &app::customers::grid::model::GridPage| {
                page.rows.iter().map(|r| r.id).collect::<Vec<_>>()
            };
            assert_eq!(ids(&after), ids(&before));
        }
    }
);

both_backends!(
    an_edited_one_line_template_shows_on_the_next_page_and_in_the_export,
    |state: AppState| async move {
        use app::config::model::Scope;
        use app::config::registry::ADDRESS_TEMPLATE_ONELINE;
        use app::customers::grid::export::{self, Format};
        use app::customers::grid::model::Selection;
        let [ada, _, chloe, _, _] = fixture(&state).await;
        state
            .config
            .set(
                ADDRESS_TEMPLATE_ONELINE.path,
                "{{var city}} ({{var country}}) — {{var lastname}}",
                Scope::Website(1),
                0,
            )
            .await
            .unwrap();
        let page = service::page(&state, &GridQuery::default(), Locale::Nl)
            .await
            .unwrap();
        let row = |id: i64| page.rows.iter().find(|r| r.id == id).unwrap();
        assert_eq!(
            row(ada).billing_full.as_deref(),
            Some("London (Verenigd Koninkrijk) — Lovelace")
        );
        assert_eq!(
            row(ada).shipping_full.as_deref(),
            Some("Ockham (Verenigd Koninkrijk) — Lovelace")
        );
        // Chloé's website keeps the default template.
        assert_eq!(
            row(chloe).billing_full.as_deref(),
            Some("Chloé O'Brien, 5 Rue de la Paix, Paris, Paris 75002, Frankrijk")
        );

        let options = service::options(&state).await.unwrap();
        let mut file = Vec::new();
        let written = export::export(
            &state,
            &GridQuery::default(),
            &Selection::Ids(vec![ada]),
            &[Column::Email, Column::BillingFull],
            &options,
            Locale::En,
            Format::Csv,
            &mut file,
            |_, _| {},
        )
        .await
        .unwrap();
        assert_eq!(written, 1);
        let csv = String::from_utf8(file).unwrap();
        assert!(
            csv.contains("ada@example.com,London (United Kingdom) — Lovelace"),
            "{csv}"
        );
    }
);

both_backends!(
    a_group_filter_counts_what_the_group_holds_through_moves_and_deletes,
    |state: AppState| async move {
        use app::customers::grid::actions::{service as actions, MassAction};
        use app::customers::grid::model::Selection;
        seed_demo_store(&state).await.unwrap();
        let actor = app::testing::shop::actor();
        // "N records found" for every group, and with no filter, as the admin reads them,
        // against the customers the database holds.
        let check = |when: &'static str| {
            let state = state.clone();
            async move {
                let held: Vec<(i64, i64)> = sqlx::query(
                    "SELECT g.customer_group_id AS g,
                            (SELECT COUNT(*) FROM customer_entity c
                             WHERE c.group_id = g.customer_group_id) AS n
                     FROM customer_groups g ORDER BY g.customer_group_id",
                )
                .fetch_all(&state.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| (r.get("g"), r.get("n")))
                .collect();
                for (group, n) in &held {
                    let q = filtered(Column::Group, Filter::Select(group.to_string()));
                    let page = service::page(&state, &q, Locale::En).await.unwrap();
                    assert_eq!(page.total, *n as u64, "group {group} {when}");
                    assert!(page.rows.iter().all(|r| r.group_id == *group));
                    // With a second filter the grid counts the rows itself: the same.
                    let mut both = q.clone();
                    both.filters.insert(
                        Column::Id,
                        Filter::Range {
                            from: Some(1),
                            to: None,
                        },
                    );
                    let counted = service::page(&state, &both, Locale::En).await.unwrap();
                    assert_eq!(counted.total, *n as u64, "group {group} {when}, counted");
                }
                let all = service::page(&state, &GridQuery::default(), Locale::En)
                    .await
                    .unwrap();
                let sum: i64 = held.iter().map(|(_, n)| n).sum();
                assert_eq!(all.total, sum as u64, "every customer {when}");
                held
            }
        };
        let before = check("after seeding").await;
        assert!(before.iter().filter(|(_, n)| *n > 0).count() >= 2);

        // Many customers moved in one statement: every General customer with an "a" in
        // the email goes to Retailer (3).
        let general = filtered(Column::Group, Filter::Select("1".into()));
        let mut with_a = general.clone();
        with_a
            .filters
            .insert(Column::Email, Filter::Text("a".into()));
        let moved = actions::apply(
            &state,
            &actor,
            &with_a,
            &Selection::AllMatching { except: vec![] },
            MassAction::AssignGroup(3),
        )
        .await
        .unwrap();
        assert!(moved > 10, "moved {moved}");
        let after = check("after a mass move").await;
        let n = |held: &[(i64, i64)], g: i64| held.iter().find(|(id, _)| *id == g).unwrap().1;
        assert_eq!(n(&after, 1), n(&before, 1) - moved as i64);
        assert_eq!(n(&after, 3), n(&before, 3) + moved as i64);

        // One customer saved into another group, one saved unchanged, one deleted.
        let first = service::page(&state, &general, Locale::En)
            .await
            .unwrap()
            .rows[0]
            .id;
        let load = || async {
            app::customers::edit::service::load(&state, first, 0)
                .await
                .unwrap()
                .input
        };
        app::customers::edit::service::save(&state, &actor, &load().await)
            .await
            .unwrap();
        check("after a save that keeps the group").await;
        let mut input = load().await;
        input.group_id = 2;
        app::customers::edit::service::save(&state, &actor, &input)
            .await
            .unwrap();
        let saved = check("after a save into Wholesale").await;
        assert_eq!(n(&saved, 2), n(&after, 2) + 1);
        app::customers::edit::service::delete(&state, &actor, first)
            .await
            .unwrap();
        let deleted = check("after a delete").await;
        assert_eq!(n(&deleted, 2), n(&after, 2));
    }
);

/// On PostgreSQL a customer's save rebuilds their grid row with a plan the connection
/// keeps (planning that statement took 5 ms of every save at a million customers), and
/// saves' new entries of the keyword and trigram indexes, which every search reads whole
/// while they wait in a pending list, are moved into the indexes every few seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_keeps_the_grid_rows_plan_and_its_search_entries_are_moved_postgres() {
    let db = app::testing::TestDb::new(app::testing::TestBackend::Postgres).await;
    let state = db.state.clone();
    let ids = fixture(&state).await;
    let mut conn = state.db.pool.acquire().await.unwrap();
    // Each save on the same connection, in a transaction of its own; the last one
    // changes an email behind the grid's back, and the row rebuilt shows it.
    for (round, id) in ids.iter().cycle().take(8).enumerate() {
        let mut tx = sqlx::Acquire::begin(&mut *conn).await.unwrap();
        if round == 7 {
            sqlx::query(
                "UPDATE customer_entity SET email = 'renamed@example.org' WHERE entity_id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        index::refresh_one(&mut tx, *id).await.unwrap();
        tx.commit().await.unwrap();
    }
    let renamed = ids[7 % ids.len()];
    assert_eq!(
        self::ids(&state, &search("renamed@example.org")).await,
        vec![renamed]
    );
    let pool = &state.db.pool;
    assert_eq!(
        app::testing::count(pool, "SELECT COUNT(*) AS n FROM customer_grid_flat").await,
        app::testing::count(pool, "SELECT COUNT(*) AS n FROM customer_entity").await,
        "one grid row per customer"
    );
    let plans = |like: &'static str| {
        sqlx::query(
            "SELECT CAST(generic_plans AS BIGINT) AS g, CAST(custom_plans AS BIGINT) AS c
             FROM pg_prepared_statements WHERE statement LIKE $1",
        )
        .bind(like)
    };
    // (The fixture's saves may have run on this connection too.)
    let row = plans("INSERT INTO customer_grid_flat%WHERE c.entity_id = $2")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let (generic, custom): (i64, i64) = (row.get("g"), row.get("c"));
    assert!(
        generic >= 3 && custom <= 5,
        "the grid row's rebuild keeps its plan after five: {generic} kept, {custom} planned anew"
    );

    drop(conn);

    // The saves' entries wait in pending lists; moved, they are found as before.
    use app::customers::grid::settle::{move_pending_lists, spawn_pending_list_mover};
    assert!(move_pending_lists(&state.db).await.unwrap() >= 1);
    assert_eq!(move_pending_lists(&state.db).await.unwrap(), 0);
    assert_eq!(
        self::ids(&state, &search("renamed@example.org")).await,
        vec![renamed]
    );
    // The server's mover moves a save's entries within its interval.
    spawn_pending_list_mover(state.db.clone(), std::time::Duration::from_millis(50));
    let mut tx = state.db.begin().await.unwrap();
    sqlx::query("UPDATE customer_entity SET email = 'moved@example.org' WHERE entity_id = $1")
        .bind(renamed)
        .execute(&mut *tx)
        .await
        .unwrap();
    index::refresh_one(&mut tx, renamed).await.unwrap();
    tx.commit().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(move_pending_lists(&state.db).await.unwrap(), 0);
    assert_eq!(
        self::ids(&state, &search("moved@example.org")).await,
        vec![renamed]
    );
    db.finish().await;
}
