//! The admin action log on a real database (SQLite and PostgreSQL): who changed what,
//! only the changed fields, nothing for a refused write, one entry per customer of a
//! mass action, the grid's filters, a customer's history, the purge after the
//! configured lifetime, and the CSV export. (Every admin function's entry count is
//! checked by the HTTP suite's table of admin functions.)

use app::action_log::model::{Action, ActionColumn, ActionQuery, ActionRow, Change, Entity};
use app::action_log::service::{self as log, Actor};
use app::both_backends;
use app::config::model::Scope;
use app::customers::edit::service as customers;
use app::customers::grid::actions::{service as actions, MassAction};
use app::customers::grid::model::{GridQuery, Selection};
use app::customers::model::CustomerInput;
use app::i18n::Locale;
use app::state::AppState;
use app::testing::shop;
use app::ui::grid::state::{Dir, Filter};

fn newest_first() -> ActionQuery {
    ActionQuery {
        sort: ActionColumn::Id,
        dir: Dir::Desc,
        ..ActionQuery::default()
    }
}

async fn entries(state: &AppState, query: &ActionQuery, customer: Option<i64>) -> Vec<ActionRow> {
    log::page(state, query, customer).await.unwrap().rows
}

async fn boss(state: &AppState) -> Actor {
    let admin = shop::signed_in_admin(state, "boss@example.com", "Boss", "Administrators").await;
    Actor::admin(&admin.view, "203.0.113.7")
}

fn ada() -> CustomerInput {
    CustomerInput {
        website_id: 1,
        group_id: 1,
        firstname: "Ada".into(),
        lastname: "Byron".into(),
        email: "ada@example.com".into(),
        ..Default::default()
    }
}

fn change(field: &str, before: Option<&str>, after: Option<&str>) -> Change {
    Change {
        field: field.into(),
        before: before.map(Into::into),
        after: after.map(Into::into),
    }
}

both_backends!(
    an_admin_edit_records_who_from_where_and_only_the_changed_fields,
    |state: AppState| async move {
        let boss = boss(&state).await;
        let saved = customers::save(&state, &boss, &ada()).await.unwrap();
        let mut input = customers::load(&state, saved.id, 0).await.unwrap().input;
        input.lastname = "Lovelace".into();
        input.group_id = 2;
        customers::save(&state, &boss, &input).await.unwrap();

        let rows = entries(&state, &newest_first(), Some(saved.id)).await;
        assert_eq!(rows.len(), 2, "{rows:?}");
        let edit = &rows[0];
        assert_eq!(edit.action, Some(Action::Update));
        assert_eq!(edit.entity, Some(Entity::Customer));
        assert_eq!(edit.entity_id, saved.id.to_string());
        assert_eq!(edit.item, "ada@example.com");
        assert_eq!(edit.admin_name, "Boss");
        assert_eq!(edit.admin_id, boss.admin_id);
        assert_eq!(edit.ip, "203.0.113.7");
        assert_eq!(
            edit.changes,
            vec![
                change("group_id", Some("1"), Some("2")),
                change("lastname", Some("Byron"), Some("Lovelace")),
            ]
        );
        // The creation lists what was set; no password or token is ever recorded.
        let created = &rows[1];
        assert_eq!(created.action, Some(Action::Create));
        assert!(created
            .changes
            .contains(&change("email", None, Some("ada@example.com"))));
        for row in &rows {
            for c in &row.changes {
                assert!(!c.field.contains("password") && !c.field.contains("token"));
            }
        }
        // The grid shows group ids by name.
        let page = log::page(&state, &newest_first(), Some(saved.id))
            .await
            .unwrap();
        assert_eq!(
            page.cell(&page.rows[0], ActionColumn::Changes, Locale::En),
            "Group: General → Wholesale; Last Name: Byron → Lovelace"
        );
    }
);

both_backends!(
    a_refused_write_records_nothing,
    |state: AppState| async move {
        let boss = boss(&state).await;
        let saved = customers::save(&state, &boss, &ada()).await.unwrap();
        let count = |state: AppState| async move {
            log::page(&state, &ActionQuery::default(), None)
                .await
                .unwrap()
                .total
        };
        let before = count(state.clone()).await;
        // Invalid input, a stale version, a customer that does not exist.
        let bad = CustomerInput {
            email: "not an email".into(),
            ..ada()
        };
        assert!(customers::save(&state, &boss, &bad).await.is_err());
        let mut stale = customers::load(&state, saved.id, 0).await.unwrap().input;
        stale.version -= 1;
        stale.firstname = "Augusta".into();
        assert!(customers::save(&state, &boss, &stale).await.is_err());
        assert!(customers::delete(&state, &boss, 99_999).await.is_err());
        assert!(customers::unlock(&state, &boss, 99_999).await.is_err());
        assert_eq!(count(state.clone()).await, before);
        // The customer was not changed either.
        let stored = customers::load(&state, saved.id, 0).await.unwrap().input;
        assert_eq!(stored.firstname, "Ada");
    }
);

both_backends!(
    a_mass_action_records_each_customer_as_it_was,
    |state: AppState| async move {
        let boss = boss(&state).await;
        let mut ids = Vec::new();
        for (i, group) in [1, 1, 2].into_iter().enumerate() {
            let input = CustomerInput {
                email: format!("c{i}@example.com"),
                group_id: group,
                ..ada()
            };
            ids.push(customers::save(&state, &boss, &input).await.unwrap().id);
        }
        let all = GridQuery::default();
        let selection = Selection::Ids(ids.clone());
        actions::apply(&state, &boss, &all, &selection, MassAction::AssignGroup(2))
            .await
            .unwrap();
        let assign = ActionQuery {
            filters: [(
                ActionColumn::Action,
                Filter::Select(Action::AssignGroup.id().to_string()),
            )]
            .into(),
            ..newest_first()
        };
        let rows = entries(&state, &assign, None).await;
        // The customer already in the group changed nothing: no entry.
        assert_eq!(rows.len(), 2, "{rows:?}");
        for row in &rows {
            assert_eq!(row.changes, vec![change("group_id", Some("1"), Some("2"))]);
            assert_eq!(row.admin_name, "Boss");
            assert!(row.item.ends_with("@example.com"));
        }

        actions::apply(&state, &boss, &all, &selection, MassAction::Delete)
            .await
            .unwrap();
        // Deleted customers keep their history, named by the email they had.
        let history = entries(&state, &newest_first(), Some(ids[2])).await;
        assert_eq!(history[0].action, Some(Action::Delete));
        assert_eq!(history[0].item, "c2@example.com");
        assert_eq!(history[0].admin_id, boss.admin_id);
    }
);

both_backends!(
    the_grid_filters_and_the_purge_keeps_the_configured_lifetime,
    |state: AppState| async move {
        let boss = boss(&state).await;
        let clerk = Actor {
            admin_id: None,
            name: "Clerk".into(),
            ip: "198.51.100.2".into(),
            assisting: None,
        };
        customers::save(&state, &boss, &ada()).await.unwrap();
        app::groups::service::save_tax_class(&state, &clerk, None, "Students")
            .await
            .unwrap();
        let with = |column: ActionColumn, filter: Filter| ActionQuery {
            filters: [(column, filter)].into(),
            ..newest_first()
        };
        let by_clerk = entries(
            &state,
            &with(ActionColumn::AdminName, Filter::Text("cler".into())),
            None,
        )
        .await;
        assert_eq!(by_clerk.len(), 1);
        assert_eq!(by_clerk[0].entity, Some(Entity::TaxClass));
        assert_eq!(
            by_clerk[0].changes,
            vec![change("class_name", None, Some("Students"))]
        );
        let customers_only = entries(
            &state,
            &with(
                ActionColumn::Entity,
                Filter::Select(Entity::Customer.id().to_string()),
            ),
            None,
        )
        .await;
        assert_eq!(customers_only.len(), 1);
        assert_eq!(customers_only[0].admin_name, "Boss");
        let today = app::dates::iso_date(state.clock.now().div_euclid(86_400));
        let tomorrow = app::dates::iso_date(state.clock.now().div_euclid(86_400) + 1);
        let dated = |from: &str| {
            with(
                ActionColumn::Time,
                Filter::Dates {
                    from: Some(from.into()),
                    to: None,
                },
            )
        };
        // Today's: creating the admin (command line), the customer and the tax class.
        assert_eq!(entries(&state, &dated(&today), None).await.len(), 3);
        assert!(entries(&state, &dated(&tomorrow), None).await.is_empty());
        // A keyword finds what an entry changed.
        let search = ActionQuery {
            search: "students".into(),
            ..newest_first()
        };
        assert_eq!(entries(&state, &search, None).await.len(), 1);

        // Kept 60 days by default, then purged; a longer lifetime keeps them.
        state.clock.advance(59 * 86_400);
        assert_eq!(log::purge(&state).await.unwrap(), 0);
        state.clock.advance(2 * 86_400);
        state
            .config
            .set("admin/action_log/lifetime", "90", Scope::Default, 0)
            .await
            .unwrap();
        assert_eq!(log::purge(&state).await.unwrap(), 0);
        state
            .config
            .set("admin/action_log/lifetime", "60", Scope::Default, 0)
            .await
            .unwrap();
        assert_eq!(log::purge(&state).await.unwrap(), 3);
        assert!(entries(&state, &newest_first(), None).await.is_empty());
    }
);

both_backends!(
    the_export_has_the_visible_columns_in_the_admins_language,
    |state: AppState| async move {
        let boss = boss(&state).await;
        customers::save(&state, &boss, &ada()).await.unwrap();
        let query = ActionQuery {
            columns: vec![
                ActionColumn::AdminName,
                ActionColumn::Action,
                ActionColumn::Changes,
            ],
            search: "ada@".into(),
            ..newest_first()
        };
        let csv = log::export_csv(&state, &query, Locale::Fr).await.unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("Nom d'utilisateur,Action,Modifications"));
        let row = lines.next().unwrap();
        assert!(row.starts_with("Boss,Créé,"), "{row}");
        assert!(row.contains("ada@example.com"), "{row}");
        assert_eq!(lines.next(), None);
    }
);

both_backends!(
    admins_and_roles_changed_from_the_command_line_are_logged_without_secrets,
    |state: AppState| async move {
        use app::auth::service as auth;
        auth::create_role(
            &state,
            "Support desk",
            &[app::auth::acl::CUSTOMERS_MANAGE.into()],
        )
        .await
        .unwrap();
        auth::create_admin(
            &state,
            "desk@example.com",
            "Desk",
            shop::PASSWORD,
            "Support desk",
        )
        .await
        .unwrap();
        auth::set_admin_password(&state, "desk@example.com", "An-0ther-Passw0rd!")
            .await
            .unwrap();
        auth::set_admin_active(&state, "desk@example.com", false)
            .await
            .unwrap();
        let rows = entries(&state, &newest_first(), None).await;
        let seen: Vec<(Option<Entity>, Option<Action>)> =
            rows.iter().map(|r| (r.entity, r.action)).collect();
        assert_eq!(
            seen,
            vec![
                (Some(Entity::AdminUser), Some(Action::Update)),
                (Some(Entity::AdminUser), Some(Action::ResetPassword)),
                (Some(Entity::AdminUser), Some(Action::Create)),
                (Some(Entity::Role), Some(Action::Create)),
            ]
        );
        assert!(rows
            .iter()
            .all(|r| r.admin_name == "command line" && r.admin_id.is_none()));
        assert_eq!(
            rows[0].changes,
            vec![change("is_active", Some("1"), Some("0"))]
        );
        assert_eq!(rows[1].changes, vec![]);
        assert!(rows[2]
            .changes
            .contains(&change("role", None, Some("Support desk"))));
        // A refused change (a weak password) is not logged.
        assert!(auth::set_admin_password(&state, "desk@example.com", "weak")
            .await
            .is_err());
        assert_eq!(entries(&state, &newest_first(), None).await.len(), 4);
    }
);
