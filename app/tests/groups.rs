//! Customer groups on a real database (SQLite and PostgreSQL): the grid, the form's
//! rules, NOT LOGGED IN and default groups kept, customers moved on delete with the grid
//! index, tax classes, and the excluded website refusing the sign-in.

use app::both_backends;
use app::config::model::Scope;
use app::config::registry::CREATE_ACCOUNT_DEFAULT_GROUP;
use app::demo::seed_demo_store;
use app::error::AppError;
use app::groups::model::{GroupColumn, GroupInput, GroupQuery};
use app::groups::service;
use app::i18n::{Key, Locale};
use app::state::AppState;
use app::ui::grid::state::{Dir, Filter};
use sqlx::Row;

fn group(code: &str, excluded: Vec<i64>) -> GroupInput {
    GroupInput {
        id: None,
        code: code.into(),
        tax_class_id: 3,
        excluded_websites: excluded,
    }
}

/// The field errors of a refused call.
fn refused<T: std::fmt::Debug>(
    result: Result<T, AppError>,
) -> std::collections::BTreeMap<String, app::i18n::Message> {
    match result {
        Err(AppError::Validation { fields }) => fields,
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn insert_customer(state: &AppState, email: &str, website: i64, group: i64) -> i64 {
    let id: i64 = sqlx::query(
        "INSERT INTO customer_entity (website_id, email, firstname, lastname, group_id, store_id,
             created_in, created_at, updated_at)
         VALUES ($1, $2, 'Ada', 'Lovelace', $3, 1, 'Default Store View', 0, 0)
         RETURNING entity_id",
    )
    .bind(website)
    .bind(email)
    .bind(group)
    .fetch_one(&state.db.pool)
    .await
    .unwrap()
    .get("entity_id");
    let mut tx = state.db.begin().await.unwrap();
    app::customers::grid::index::refresh_one(&mut tx, id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn group_of(state: &AppState, customer: i64) -> (i64, i64) {
    let row = sqlx::query(
        "SELECT c.group_id AS entity, g.group_id AS grid
         FROM customer_entity c JOIN customer_grid_flat g ON g.entity_id = c.entity_id
         WHERE c.entity_id = $1",
    )
    .bind(customer)
    .fetch_one(&state.db.pool)
    .await
    .unwrap();
    (row.get("entity"), row.get("grid"))
}

both_backends!(
    the_grid_searches_filters_sorts_and_pages_groups,
    |state: AppState| async move {
        for code in ["VIP", "Vip Partners", "Staff"] {
            service::save(&state, &app::testing::shop::actor(), &group(code, vec![]))
                .await
                .unwrap();
        }
        let codes = |q: GroupQuery| {
            let state = state.clone();
            async move {
                let page = service::page(&state, &q).await.unwrap();
                (
                    page.total,
                    page.rows.into_iter().map(|r| r.code).collect::<Vec<_>>(),
                )
            }
        };
        let (total, all) = codes(GroupQuery::default()).await;
        assert_eq!(total, 7);
        assert_eq!(all[0], "NOT LOGGED IN");
        let (total, found) = codes(GroupQuery {
            search: "vip".into(),
            ..GroupQuery::default()
        })
        .await;
        assert_eq!(
            (total, found),
            (2, vec!["VIP".to_string(), "Vip Partners".to_string()])
        );
        let mut q = GroupQuery {
            sort: GroupColumn::Code,
            dir: Dir::Desc,
            ..GroupQuery::default()
        };
        q.filters.insert(
            GroupColumn::Id,
            Filter::Range {
                from: Some(1),
                to: Some(5),
            },
        );
        let (total, sorted) = codes(q).await;
        assert_eq!(total, 5);
        assert_eq!(
            sorted,
            vec!["Wholesale", "Vip Partners", "VIP", "Retailer", "General"]
        );
        let mut q = GroupQuery::default();
        q.filters
            .insert(GroupColumn::TaxClass, Filter::Select("999".into()));
        assert_eq!(codes(q).await.0, 0);
    }
);

both_backends!(
    the_form_rules_name_the_field,
    |state: AppState| async move {
        seed_demo_store(&state).await.unwrap();
        let errors =
            refused(service::save(&state, &app::testing::shop::actor(), &group("", vec![])).await);
        assert_eq!(errors["code"].key, Key::ErrRequiredNamed);
        let errors = refused(
            service::save(
                &state,
                &app::testing::shop::actor(),
                &group(&"x".repeat(33), vec![]),
            )
            .await,
        );
        assert_eq!(errors["code"].key, Key::ErrTooLong);
        // Unique without regard to case.
        let errors = refused(
            service::save(
                &state,
                &app::testing::shop::actor(),
                &group("general", vec![]),
            )
            .await,
        );
        assert_eq!(
            errors["code"].text(Locale::En),
            "A customer group named “general” already exists."
        );
        // A product tax class, or a website that does not exist.
        let bad = GroupInput {
            tax_class_id: 2,
            ..group("VIP", vec![99])
        };
        let errors = refused(service::save(&state, &app::testing::shop::actor(), &bad).await);
        assert_eq!(errors["tax_class_id"].key, Key::ErrUnknownTaxClass);
        assert_eq!(errors["excluded_websites"].key, Key::ErrUnknownWebsite);
        // NOT LOGGED IN keeps its name but may change its tax class.
        let class = service::save_tax_class(&state, &app::testing::shop::actor(), None, "Guests")
            .await
            .unwrap();
        let rename = GroupInput {
            id: Some(0),
            ..group("Guests", vec![])
        };
        let errors = refused(service::save(&state, &app::testing::shop::actor(), &rename).await);
        assert_eq!(errors["code"].key, Key::ErrGroupNotLoggedInRename);
        let reclass = GroupInput {
            id: Some(0),
            tax_class_id: class,
            ..group("NOT LOGGED IN", vec![])
        };
        service::save(&state, &app::testing::shop::actor(), &reclass)
            .await
            .unwrap();
        let form = service::form(&state, Some(0)).await.unwrap();
        assert_eq!(form.group.tax_class_id, class);
        // Tax classes: unique names, renamed in place.
        let errors = refused(
            service::save_tax_class(
                &state,
                &app::testing::shop::actor(),
                None,
                "retail customer",
            )
            .await,
        );
        assert_eq!(errors["tax_class_name"].key, Key::ErrTaxClassTaken);
        let errors = refused(
            service::save_tax_class(&state, &app::testing::shop::actor(), None, "Bad\u{0}name")
                .await,
        );
        assert_eq!(errors["tax_class_name"].key, Key::ErrNotValidNamed);
        service::save_tax_class(
            &state,
            &app::testing::shop::actor(),
            Some(class),
            "Visitors",
        )
        .await
        .unwrap();
        assert!(form.tax_classes.iter().any(|(id, _)| *id == class));
        let names: Vec<String> = service::form(&state, None)
            .await
            .unwrap()
            .tax_classes
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(names, vec!["Retail Customer", "Visitors"]);
    }
);

both_backends!(
    deleting_a_group_moves_its_customers_and_keeps_the_protected_ones,
    |state: AppState| async move {
        seed_demo_store(&state).await.unwrap();
        let vip = service::save(&state, &app::testing::shop::actor(), &group("VIP", vec![]))
            .await
            .unwrap();
        // The second website gives new accounts Wholesale.
        state
            .config
            .set(CREATE_ACCOUNT_DEFAULT_GROUP.path, "2", Scope::Website(2), 0)
            .await
            .unwrap();
        let main = insert_customer(&state, "main@example.com", 1, vip).await;
        let second = insert_customer(&state, "second@example.com", 2, vip).await;
        assert_eq!(service::form(&state, Some(vip)).await.unwrap().customers, 2);

        // NOT LOGGED IN and a default group are refused, naming why.
        let errors = refused(service::delete(&state, &app::testing::shop::actor(), &[0]).await);
        assert_eq!(
            errors["group"].text(Locale::En),
            "You can't delete group “NOT LOGGED IN”."
        );
        let errors = refused(service::delete(&state, &app::testing::shop::actor(), &[2]).await);
        assert_eq!(
            errors["group"].text(Locale::En),
            "You can't delete group “Wholesale”: it is the default group for new accounts on Second Website."
        );
        let form = service::form(&state, Some(2)).await.unwrap();
        assert!(form.undeletable.is_some());
        // Nothing, or more than a grid page of ids, is a malformed request.
        assert!(matches!(
            service::delete(&state, &app::testing::shop::actor(), &[]).await,
            Err(AppError::BadRequest(_))
        ));
        let many: Vec<i64> = (1_000..2_100).collect();
        assert!(matches!(
            service::delete(&state, &app::testing::shop::actor(), &many).await,
            Err(AppError::BadRequest(_))
        ));
        // All or nothing: VIP with a protected group deletes neither.
        refused(service::delete(&state, &app::testing::shop::actor(), &[vip, 1]).await);
        assert_eq!(group_of(&state, main).await, (vip, vip));

        // Deleted: each customer goes to their own website's default group, in the grid too.
        assert_eq!(
            service::delete(&state, &app::testing::shop::actor(), &[vip])
                .await
                .unwrap(),
            2
        );
        assert_eq!(group_of(&state, main).await, (1, 1));
        assert_eq!(group_of(&state, second).await, (2, 2));
        assert!(matches!(
            service::form(&state, Some(vip)).await,
            Err(AppError::NotFound(_))
        ));
    }
);

both_backends!(
    an_excluded_website_refuses_the_groups_sign_in,
    |state: AppState| async move {
        seed_demo_store(&state).await.unwrap();
        let id = service::save(
            &state,
            &app::testing::shop::actor(),
            &group("Export only", vec![]),
        )
        .await
        .unwrap();
        let customer = insert_customer(&state, "export@example.com", 1, id).await;
        assert!(!app::accounts::repo::group_excluded(&state.db, customer, 1)
            .await
            .unwrap());
        let excluded = GroupInput {
            id: Some(id),
            ..group("Export only", vec![1, 1])
        };
        service::save(&state, &app::testing::shop::actor(), &excluded)
            .await
            .unwrap();
        assert!(app::accounts::repo::group_excluded(&state.db, customer, 1)
            .await
            .unwrap());
        assert_eq!(
            service::form(&state, Some(id))
                .await
                .unwrap()
                .group
                .excluded_websites,
            vec![1]
        );
    }
);

both_backends!(
    a_customer_saved_into_a_group_being_deleted_is_moved_or_told,
    |state: AppState| async move {
        use app::customers::edit::service as customers;
        use app::customers::model::CustomerInput;
        // The save and the delete run at the same time: either the save lands first and
        // the delete moves the customer to the website's default group, or the delete
        // lands first and the save is refused on the group field. Never a server error.
        for round in 0..8 {
            let id = service::save(
                &state,
                &app::testing::shop::actor(),
                &group(&format!("Doomed {round}"), vec![]),
            )
            .await
            .unwrap();
            let input = CustomerInput {
                website_id: 1,
                group_id: id,
                firstname: "Ada".into(),
                lastname: "Lovelace".into(),
                email: format!("race{round}@example.com"),
                ..Default::default()
            };
            let doomed = [id];
            let actor = app::testing::shop::actor();
            let (saved, deleted) = tokio::join!(
                customers::save(&state, &actor, &input),
                service::delete(&state, &actor, &doomed)
            );
            deleted.unwrap();
            match saved {
                Ok(customer) => assert_eq!(group_of(&state, customer.id).await, (1, 1)),
                Err(AppError::Validation { fields }) => {
                    assert_eq!(fields["group_id"].key, Key::ErrNoSuchGroup)
                }
                Err(other) => panic!("round {round}: {other:?}"),
            }
        }
    }
);
