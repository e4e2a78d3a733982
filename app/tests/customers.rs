//! The admin's customer page on a real database (spec §5): create with the welcome
//! email, optimistic locking, field rules from the configuration, addresses and their
//! defaults in the grid, newsletter, unlock, reset password and delete. Each test runs on
//! SQLite and on PostgreSQL.

use app::both_backends;
use app::config::model::Scope;
use app::customers::address::model::{
    AddressColumn, AddressInput, AddressPage, AddressQuery, DefaultKind,
};
use app::customers::address::service as addresses;
use app::customers::edit::service;
use app::customers::model::{CustomerInput, NewsletterChoice};
use app::customers::service::EMAIL_TAKEN;
use app::error::AppError;
use app::state::AppState;
use app::ui::grid::state::{Dir, Filter};
use sqlx::Row;

fn ada() -> CustomerInput {
    CustomerInput {
        website_id: 1,
        group_id: 1,
        firstname: "Ada".into(),
        lastname: "Lovelace".into(),
        email: "Ada@Example.com".into(),
        ..Default::default()
    }
}

fn texas(customer_id: i64) -> AddressInput {
    AddressInput {
        customer_id,
        firstname: "Ada".into(),
        lastname: "Lovelace".into(),
        street: vec!["1 Congress Ave".into(), "Suite 5".into()],
        city: "Austin".into(),
        country_id: "US".into(),
        region_id: "TX".into(),
        postcode: "78701".into(),
        telephone: "+1 512 555 0100".into(),
        default_billing: true,
        ..Default::default()
    }
}

fn fields(err: AppError) -> app::forms::FieldErrors {
    match err {
        AppError::Validation { fields } => fields,
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn outbox(state: &AppState) -> Vec<app::mail::model::OutboxMessage> {
    app::mail::repo::outbox(&state.db, 50).await.unwrap()
}

async fn grid_value(state: &AppState, id: i64, column: &str) -> Option<String> {
    let sql = format!("SELECT {column} AS v FROM customer_grid_flat WHERE entity_id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await
        .unwrap()
        .and_then(|r| r.try_get::<Option<String>, _>("v").unwrap())
}

both_backends!(
    creating_a_customer_sends_the_welcome_email_without_password,
    |state: AppState| async move {
        let saved = service::save(&state, &app::testing::shop::actor(), &ada())
            .await
            .unwrap();
        assert_eq!(saved.version, 1);
        assert_eq!(saved.warning, None);
        let detail = service::load(&state, saved.id, 0).await.unwrap();
        assert_eq!(detail.input.email, "ada@example.com");
        assert_eq!(detail.summary.created_in, "Default Store View");
        assert!(
            !detail.summary.has_password,
            "admin-created accounts have no password"
        );
        assert_eq!(detail.summary.default_billing, None);
        assert_eq!(
            grid_value(&state, saved.id, "name").await.as_deref(),
            Some("Ada Lovelace")
        );

        let mail = outbox(&state).await;
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0].template, "welcome_no_password");
        assert_eq!(mail[0].to_email, "ada@example.com");
        let token = mail[0]
            .body
            .split("createpassword?token=")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("a set-password link");
        let stored: String =
            sqlx::query("SELECT rp_token FROM customer_entity WHERE entity_id = $1")
                .bind(saved.id)
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .try_get("rp_token")
                .unwrap();
        assert_eq!(
            stored,
            app::sessions::token::token_hash(token),
            "only the hash is stored"
        );

        // The same email on the same website is refused, whatever its case.
        let again = service::save(
            &state,
            &app::testing::shop::actor(),
            &CustomerInput {
                email: "ADA@example.com".into(),
                ..ada()
            },
        )
        .await
        .unwrap_err();
        assert_eq!(fields(again)["email"], EMAIL_TAKEN);
        // A store view of another website is refused.
        let err = service::save(
            &state,
            &app::testing::shop::actor(),
            &CustomerInput {
                email: "other@example.com".into(),
                send_welcome_from: Some(999),
                ..ada()
            },
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(err)["send_welcome_from"],
            "The store view is not in the associated website."
        );
    }
);

both_backends!(
    a_save_over_a_newer_version_is_refused,
    |state: AppState| async move {
        let saved = service::save(&state, &app::testing::shop::actor(), &ada())
            .await
            .unwrap();
        let loaded = service::load(&state, saved.id, 0).await.unwrap().input;
        // Tab one saves first.
        let first = service::save(
            &state,
            &app::testing::shop::actor(),
            &CustomerInput {
                lastname: "King".into(),
                ..loaded.clone()
            },
        )
        .await
        .unwrap();
        assert_eq!(first.version, 2);
        // Tab two still has version 1: refused, and tab one's change is kept.
        let second = service::save(
            &state,
            &app::testing::shop::actor(),
            &CustomerInput {
                firstname: "Augusta".into(),
                ..loaded.clone()
            },
        )
        .await
        .unwrap_err();
        assert_eq!(second, AppError::Conflict);
        let now = service::load(&state, saved.id, 0).await.unwrap().input;
        assert_eq!(
            (now.firstname.as_str(), now.lastname.as_str()),
            ("Ada", "King")
        );
        assert_eq!(
            grid_value(&state, saved.id, "name").await.as_deref(),
            Some("Ada King")
        );
        // A customer that no longer exists is "not found", not a conflict.
        let gone = service::save(
            &state,
            &app::testing::shop::actor(),
            &CustomerInput {
                id: Some(9_999),
                email: "gone@example.com".into(),
                ..loaded
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(gone, AppError::NotFound(_)), "{gone:?}");
    }
);

both_backends!(
    field_rules_follow_the_configuration,
    |state: AppState| async move {
        let bad = CustomerInput {
            firstname: "Bob<script>".into(),
            email: "not-an-email".into(),
            group_id: 77,
            ..ada()
        };
        let errors = fields(
            service::save(&state, &app::testing::shop::actor(), &bad)
                .await
                .unwrap_err(),
        );
        assert_eq!(errors["firstname"], "First Name is not valid!");
        assert!(errors["email"]
            .to_string()
            .starts_with("Please enter a valid email address"));
        assert_eq!(errors["group_id"], "This customer group does not exist.");
        assert!(
            outbox(&state).await.is_empty(),
            "nothing saved, nothing sent"
        );

        // Date of birth becomes required once the option says so.
        state
            .config
            .set("customer/address/dob_show", "req", Scope::Default, 0)
            .await
            .unwrap();
        let errors = fields(
            service::save(&state, &app::testing::shop::actor(), &ada())
                .await
                .unwrap_err(),
        );
        assert_eq!(errors["dob"], "Date of Birth is a required field.");
        let future = CustomerInput {
            dob: "2999-01-01".into(),
            ..ada()
        };
        let errors = fields(
            service::save(&state, &app::testing::shop::actor(), &future)
                .await
                .unwrap_err(),
        );
        assert_eq!(errors["dob"], "The Date of Birth can't be in the future.");
        let ok = CustomerInput {
            dob: "1815-12-10".into(),
            ..ada()
        };
        let errors = fields(
            service::save(&state, &app::testing::shop::actor(), &ok)
                .await
                .unwrap_err(),
        );
        assert!(
            errors["dob"].to_string().contains("valid date"),
            "{errors:?}"
        );
        service::save(
            &state,
            &app::testing::shop::actor(),
            &CustomerInput {
                dob: "1985-12-10".into(),
                ..ada()
            },
        )
        .await
        .unwrap();
    }
);

both_backends!(
    addresses_keep_defaults_and_the_grid_in_step,
    |state: AppState| async move {
        let id = service::save(&state, &app::testing::shop::actor(), &ada())
            .await
            .unwrap()
            .id;
        // Texas is a listed region of a country that requires one.
        let missing = AddressInput {
            region_id: String::new(),
            ..texas(id)
        };
        let errors = fields(
            addresses::save(&state, Some(&app::testing::shop::actor()), &missing)
                .await
                .unwrap_err(),
        );
        assert_eq!(errors["region_id"], "State/Province is a required field.");

        let billing = addresses::save(&state, Some(&app::testing::shop::actor()), &texas(id))
            .await
            .unwrap();
        let billing_id = billing.id.unwrap();
        assert_eq!(
            grid_value(&state, id, "billing_city").await.as_deref(),
            Some("Austin")
        );
        assert_eq!(
            grid_value(&state, id, "billing_region").await.as_deref(),
            Some("Texas")
        );
        let paris = addresses::save(
            &state,
            Some(&app::testing::shop::actor()),
            &AddressInput {
                street: vec!["5 Rue de Rivoli".into()],
                city: "Paris".into(),
                country_id: "FR".into(),
                region_id: String::new(),
                postcode: "75001".into(),
                default_billing: false,
                default_shipping: true,
                ..texas(id)
            },
        )
        .await
        .unwrap();
        let page = addresses::page(&state, id, &searching(""), 0)
            .await
            .unwrap();
        assert_eq!(page.total, 2);
        assert_eq!(
            page.default_billing.as_ref().and_then(|a| a.id),
            Some(billing_id)
        );
        assert_eq!(page.default_shipping.as_ref().and_then(|a| a.id), paris.id);
        // The cards print the defaults with the website's HTML address template.
        let card = page.billing_html.clone().unwrap();
        assert!(card.starts_with("Ada Lovelace<br>"), "{card}");
        assert_eq!(
            addresses::page(&state, id, &searching("rivoli"), 0)
                .await
                .unwrap()
                .total,
            1
        );
        assert_eq!(
            addresses::page(&state, id, &searching("50%_"), 0)
                .await
                .unwrap()
                .total,
            0
        );
        let summary = service::load(&state, id, 0).await.unwrap().summary;
        // The Customer View prints it with the HTML address template.
        let printed = summary.default_billing.unwrap();
        assert!(printed.contains("<br>Suite 5<br>"), "{printed}");

        // Editing with a stale version is refused; with the current one it saves.
        let stale = AddressInput {
            city: "Dallas".into(),
            ..billing.clone()
        };
        addresses::save(&state, Some(&app::testing::shop::actor()), &stale)
            .await
            .unwrap();
        assert_eq!(
            addresses::save(&state, Some(&app::testing::shop::actor()), &stale)
                .await
                .unwrap_err(),
            AppError::Conflict
        );
        assert_eq!(
            grid_value(&state, id, "billing_city").await.as_deref(),
            Some("Dallas")
        );

        // Make Paris the billing address too, then delete it: both defaults follow.
        let paris_id = paris.id.unwrap();
        addresses::set_default(
            &state,
            &app::testing::shop::actor(),
            id,
            paris_id,
            DefaultKind::Billing,
        )
        .await
        .unwrap();
        assert_eq!(
            grid_value(&state, id, "billing_city").await.as_deref(),
            Some("Paris")
        );
        addresses::delete(&state, &app::testing::shop::actor(), id, paris_id)
            .await
            .unwrap();
        let page = addresses::page(&state, id, &searching(""), 0)
            .await
            .unwrap();
        assert_eq!(
            (page.total, page.default_billing, page.default_shipping),
            (1, None, None)
        );
        assert_eq!(grid_value(&state, id, "billing_city").await, None);
        // Another customer's address cannot be touched through this customer.
        let other = service::save(
            &state,
            &app::testing::shop::actor(),
            &CustomerInput {
                email: "other@example.com".into(),
                ..ada()
            },
        )
        .await
        .unwrap()
        .id;
        assert!(matches!(
            addresses::delete(&state, &app::testing::shop::actor(), other, billing_id).await,
            Err(AppError::NotFound(_))
        ));

        // Filters by column: Country is exact, the others "contains", all combined.
        for city in ["Lyon", "Lille", "Boston"] {
            addresses::save(
                &state,
                Some(&app::testing::shop::actor()),
                &AddressInput {
                    city: city.into(),
                    country_id: if city == "Boston" { "US" } else { "FR" }.into(),
                    region_id: if city == "Boston" { "MA" } else { "" }.into(),
                    default_billing: false,
                    ..texas(id)
                },
            )
            .await
            .unwrap();
        }
        let filtered = |pairs: &[(AddressColumn, &str)]| {
            let mut q = searching("");
            q.filters = pairs
                .iter()
                .map(|(c, v)| {
                    let filter = match c {
                        AddressColumn::Country => Filter::Select(v.to_string()),
                        _ => Filter::Text(v.to_string()),
                    };
                    (*c, filter)
                })
                .collect();
            q
        };
        let cities = |page: AddressPage| page.rows.into_iter().map(|a| a.city).collect::<Vec<_>>();
        let french = addresses::page(&state, id, &filtered(&[(AddressColumn::Country, "fr")]), 0)
            .await
            .unwrap();
        assert_eq!(cities(french), vec!["Lyon", "Lille"]);
        let l_in_us = filtered(&[(AddressColumn::Country, "US"), (AddressColumn::City, "L")]);
        assert_eq!(
            cities(addresses::page(&state, id, &l_in_us, 0).await.unwrap()),
            vec!["Dallas"]
        );
        // Sorted by any column, either way, in pages of any size.
        let mut by_city = searching("");
        by_city.sort = AddressColumn::City;
        by_city.dir = Dir::Desc;
        by_city.size = 2;
        assert_eq!(
            cities(addresses::page(&state, id, &by_city, 0).await.unwrap()),
            vec!["Lyon", "Lille"]
        );
        by_city.page = 2;
        let second = addresses::page(&state, id, &by_city, 0).await.unwrap();
        assert_eq!((second.page, second.total), (2, 4));
        assert_eq!(cities(second), vec!["Dallas", "Boston"]);
        let bad = filtered(&[(AddressColumn::Country, "Atlantis")]);
        assert_eq!(
            fields(addresses::page(&state, id, &bad, 0).await.unwrap_err())["f.country_id"],
            "Choose a country from the list."
        );

        // Mass Delete: all named addresses or none.
        let page = addresses::page(&state, id, &searching(""), 0)
            .await
            .unwrap();
        let ids: Vec<i64> = page.rows.iter().filter_map(|a| a.id).collect();
        assert_eq!(ids.len(), 4);
        assert!(matches!(
            addresses::delete_many(
                &state,
                &app::testing::shop::actor(),
                id,
                &[ids[1], billing_id + 1_000]
            )
            .await,
            Err(AppError::NotFound(_))
        ));
        assert_eq!(
            addresses::page(&state, id, &searching(""), 0)
                .await
                .unwrap()
                .total,
            4
        );
        assert_eq!(
            addresses::delete_many(&state, &app::testing::shop::actor(), id, &ids[..3])
                .await
                .unwrap(),
            3
        );
        let left = addresses::page(&state, id, &searching(""), 0)
            .await
            .unwrap();
        assert_eq!((left.total, left.default_billing), (1, None));
        assert!(fields(
            addresses::delete_many(&state, &app::testing::shop::actor(), id, &[])
                .await
                .unwrap_err()
        )
        .contains_key("selection"));
    }
);

fn searching(search: &str) -> AddressQuery {
    AddressQuery {
        search: search.into(),
        page: 1,
        ..AddressQuery::default()
    }
}

both_backends!(
    newsletter_unlock_reset_password_and_delete,
    |state: AppState| async move {
        let id = service::save(&state, &app::testing::shop::actor(), &ada())
            .await
            .unwrap()
            .id;
        let mut input = service::load(&state, id, 0).await.unwrap().input;
        assert_eq!(
            input.newsletter,
            vec![NewsletterChoice {
                website_id: 1,
                website_name: "Main Website".into(),
                subscribed: false
            }]
        );
        input.newsletter[0].subscribed = true;
        service::save(&state, &app::testing::shop::actor(), &input)
            .await
            .unwrap();
        let mut input = service::load(&state, id, 0).await.unwrap().input;
        assert!(input.newsletter[0].subscribed);
        input.newsletter[0].subscribed = false;
        service::save(&state, &app::testing::shop::actor(), &input)
            .await
            .unwrap();
        let status: i64 = sqlx::query(
            "SELECT subscriber_status FROM newsletter_subscriber WHERE customer_id = $1",
        )
        .bind(id)
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get("subscriber_status")
        .unwrap();
        assert_eq!(status, 3, "unsubscribed, not deleted");

        // A locked account shows as locked until Unlock clears it.
        let until = state.clock.now() + 600;
        sqlx::query(
            "UPDATE customer_entity SET lock_expires = $1, failures_num = 10 WHERE entity_id = $2",
        )
        .bind(until)
        .bind(id)
        .execute(&state.db.pool)
        .await
        .unwrap();
        assert_eq!(
            service::load(&state, id, 0)
                .await
                .unwrap()
                .summary
                .locked_until,
            Some(until)
        );
        service::unlock(&state, &app::testing::shop::actor(), id)
            .await
            .unwrap();
        assert_eq!(
            service::load(&state, id, 0)
                .await
                .unwrap()
                .summary
                .locked_until,
            None
        );

        // Reset Password mails a new link and replaces the welcome link's token.
        assert_eq!(
            service::reset_password(&state, &at_ip("10.0.0.1"), id)
                .await
                .unwrap(),
            "ada@example.com"
        );
        let mail = outbox(&state).await;
        assert_eq!(mail[0].template, "reset_password");
        assert!(
            mail[0].body.contains("expires in 2 hour(s)"),
            "{}",
            mail[0].body
        );
        let welcome_token = mail[1]
            .body
            .split("token=")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap();
        let stored: String =
            sqlx::query("SELECT rp_token FROM customer_entity WHERE entity_id = $1")
                .bind(id)
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .try_get("rp_token")
                .unwrap();
        assert_ne!(stored, app::sessions::token::token_hash(welcome_token));

        addresses::save(&state, Some(&app::testing::shop::actor()), &texas(id))
            .await
            .unwrap();
        service::delete(&state, &app::testing::shop::actor(), id)
            .await
            .unwrap();
        assert!(matches!(
            service::load(&state, id, 0).await,
            Err(AppError::NotFound(_))
        ));
        assert_eq!(grid_value(&state, id, "email").await, None);
        let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM customer_address_entity")
            .fetch_one(&state.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(left, 0);
        assert!(matches!(
            service::delete(&state, &app::testing::shop::actor(), id).await,
            Err(AppError::NotFound(_))
        ));
    }
);

both_backends!(
    mass_actions_and_inline_rows_apply_to_the_selection,
    |state: AppState| async move {
        use app::customers::grid::actions::{service as actions, MassAction};
        use app::customers::grid::model::{GridQuery, InlineEdit, Selection};
        let mut ids = Vec::new();
        for name in ["anna", "ben", "cleo"] {
            let input = CustomerInput {
                firstname: name.into(),
                email: format!("{name}@example.com"),
                ..ada()
            };
            ids.push(
                service::save(&state, &app::testing::shop::actor(), &input)
                    .await
                    .unwrap()
                    .id,
            );
        }
        let all = GridQuery::default();
        let n = actions::apply(
            &state,
            &app::testing::shop::actor(),
            &all,
            &Selection::Ids(ids[..2].to_vec()),
            MassAction::AssignGroup(3),
        )
        .await
        .unwrap();
        assert_eq!(n, 2);
        for (id, group) in [(ids[0], 3), (ids[1], 3), (ids[2], 1)] {
            let g: i64 =
                sqlx::query("SELECT group_id FROM customer_grid_flat WHERE entity_id = $1")
                    .bind(id)
                    .fetch_one(&state.db.pool)
                    .await
                    .unwrap()
                    .try_get("group_id")
                    .unwrap();
            assert_eq!(g, group, "customer {id}");
        }
        assert!(matches!(
            actions::apply(
                &state,
                &app::testing::shop::actor(),
                &all,
                &Selection::Ids(ids.clone()),
                MassAction::AssignGroup(0)
            )
            .await,
            Err(AppError::Validation { .. })
        ));
        // "Select All" except one, narrowed by a search.
        let search = GridQuery {
            search: "example.com".into(),
            ..GridQuery::default()
        };
        let sel = Selection::AllMatching {
            except: vec![ids[2]],
        };
        assert_eq!(
            actions::apply(
                &state,
                &app::testing::shop::actor(),
                &search,
                &sel,
                MassAction::Subscribe
            )
            .await
            .unwrap(),
            2
        );
        let subscribed = |state: AppState| async move {
            let n: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM newsletter_subscriber WHERE subscriber_status = 1",
            )
            .fetch_one(&state.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
            n
        };
        assert_eq!(subscribed(state.clone()).await, 2);
        actions::apply(
            &state,
            &app::testing::shop::actor(),
            &all,
            &Selection::Ids(ids.clone()),
            MassAction::Unsubscribe,
        )
        .await
        .unwrap();
        assert_eq!(subscribed(state.clone()).await, 0);

        // Inline rows: one bad, one good; the good one saves.
        let rows = vec![
            InlineEdit {
                id: ids[0],
                email: "bad@".into(),
                group_id: 1,
                website_id: 1,
                taxvat: String::new(),
                gender: None,
            },
            InlineEdit {
                id: ids[1],
                email: "BEN2@example.com".into(),
                group_id: 2,
                website_id: 1,
                taxvat: "DE123".into(),
                gender: Some(1),
            },
            InlineEdit {
                id: ids[2],
                email: "anna@example.com".into(),
                group_id: 1,
                website_id: 1,
                taxvat: String::new(),
                gender: None,
            },
        ];
        let results = actions::save_rows(&state, &app::testing::shop::actor(), &rows)
            .await
            .unwrap();
        assert!(results[0].errors["email"]
            .to_string()
            .starts_with("Please enter a valid email"));
        assert!(results[1].errors.is_empty());
        assert_eq!(results[2].errors["email"], EMAIL_TAKEN);
        let ben = service::load(&state, ids[1], 0).await.unwrap().input;
        assert_eq!(
            (ben.email.as_str(), ben.group_id, ben.taxvat.as_str()),
            ("ben2@example.com", 2, "DE123")
        );

        actions::apply(
            &state,
            &app::testing::shop::actor(),
            &all,
            &Selection::Ids(vec![ids[0]]),
            MassAction::Delete,
        )
        .await
        .unwrap();
        assert!(matches!(
            service::load(&state, ids[0], 0).await,
            Err(AppError::NotFound(_))
        ));
        assert!(matches!(
            actions::apply(
                &state,
                &app::testing::shop::actor(),
                &all,
                &Selection::Ids(vec![]),
                MassAction::Delete
            )
            .await,
            Err(AppError::Validation { .. })
        ));
    }
);

both_backends!(
    reset_password_requests_are_throttled_per_the_protection_type,
    |state: AppState| async move {
        let id = service::save(&state, &app::testing::shop::actor(), &ada())
            .await
            .unwrap()
            .id;
        let other = service::save(
            &state,
            &app::testing::shop::actor(),
            &CustomerInput {
                email: "grace@example.com".into(),
                ..ada()
            },
        )
        .await
        .unwrap()
        .id;
        let reset = |customer: i64, ip: &'static str| {
            let state = state.clone();
            async move { service::reset_password(&state, &at_ip(ip), customer).await }
        };
        let resets = || async {
            outbox(&state)
                .await
                .iter()
                .filter(|m| m.template == "reset_password")
                .count()
        };
        // Defaults: by IP and email, 10 minutes apart, 5 an hour.
        reset(id, "10.0.0.1").await.unwrap();
        assert_eq!(
            reset(id, "10.0.0.2").await,
            Err(AppError::ResetThrottled),
            "same email"
        );
        assert_eq!(
            reset(other, "10.0.0.1").await,
            Err(AppError::ResetThrottled),
            "same IP"
        );
        assert_eq!(resets().await, 1, "a refused request sends nothing");
        reset(other, "10.0.0.2").await.unwrap();
        state.clock.advance(10 * 60);
        reset(id, "10.0.0.1").await.unwrap();

        // By email only: another address does not help, another customer is free.
        let set = |path: &'static str, value: &'static str| {
            let state = state.clone();
            async move {
                state
                    .config
                    .set(path, value, Scope::Default, 0)
                    .await
                    .unwrap()
            }
        };
        set("customer/password/password_reset_protection_type", "3").await;
        state.clock.advance(60);
        assert_eq!(reset(id, "10.9.9.9").await, Err(AppError::ResetThrottled));
        reset(other, "10.0.0.1").await.unwrap();

        // No minimum gap: the hourly maximum still counts (5 by default).
        set(
            "customer/password/min_time_between_password_reset_requests",
            "0",
        )
        .await;
        state.clock.advance(3_600);
        for _ in 0..5 {
            reset(id, "10.0.0.1").await.unwrap();
        }
        assert_eq!(reset(id, "10.0.0.1").await, Err(AppError::ResetThrottled));

        // None: no limits at all.
        set("customer/password/password_reset_protection_type", "0").await;
        for _ in 0..3 {
            reset(id, "10.0.0.1").await.unwrap();
        }
        assert_eq!(resets().await, 12);
    }
);

/// The test admin calling from `ip`.
fn at_ip(ip: &str) -> app::action_log::service::Actor {
    app::action_log::service::Actor {
        ip: ip.into(),
        ..app::testing::shop::actor()
    }
}
