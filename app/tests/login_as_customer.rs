//! Login as Customer on a real database (SQLite and PostgreSQL): the feature switch, the
//! permission, the consent, the reason; the one-time secret's lifetime, single use and
//! owner; every attempt logged; and the session it opens (not the customer's own
//! sign-in, ended with the admin's session).

use app::auth::acl;
use app::auth::service::AdminPrincipal;
use app::both_backends;
use app::config::model::Scope;
use app::error::AppError;
use app::i18n::Key;
use app::login_as_customer::model::{LogColumn, LogQuery, Outcome, StartInput, SIGN_IN_PATH};
use app::login_as_customer::service;
use app::state::AppState;
use app::testing::shop;
use sqlx::Row;

async fn enable(state: &AppState) {
    state
        .config
        .set("login_as_customer/general/enabled", "1", Scope::Default, 0)
        .await
        .unwrap();
}

/// A customer of website 1 who allowed remote shopping assistance (or not).
async fn customer(state: &AppState, email: &str, allowed: bool) -> i64 {
    let id = shop::customer_with_password(state, email, 1, shop::PASSWORD).await;
    sqlx::query("UPDATE customer_entity SET assistance_allowed = $1 WHERE entity_id = $2")
        .bind(i64::from(allowed))
        .bind(id)
        .execute(&state.db.pool)
        .await
        .unwrap();
    id
}

fn ask(customer_id: i64) -> StartInput {
    StartInput {
        customer_id,
        reason: "Checkout fails at shipping".into(),
        store_id: None,
    }
}

fn secret_of(url: &str) -> String {
    url.strip_prefix(SIGN_IN_PATH)
        .expect("a sign-in link")
        .to_string()
}

fn field_key<T: std::fmt::Debug>(result: Result<T, AppError>, field: &str) -> Key {
    match result {
        Err(AppError::Validation { fields }) => fields[field].key,
        other => panic!("expected an error on {field}, got {other:?}"),
    }
}

/// Every log entry, oldest first: (customer, admin, reason, result, signed in, ended).
async fn log(state: &AppState) -> Vec<(Option<i64>, Option<i64>, String, Outcome, bool, bool)> {
    let page = service::log_page(state, &LogQuery::default())
        .await
        .unwrap();
    page.rows
        .into_iter()
        .map(|r| {
            (
                r.customer_id,
                r.admin_id,
                r.reason,
                r.outcome,
                r.logged_in_at.is_some(),
                r.ended_at.is_some(),
            )
        })
        .collect()
}

/// `admin` connects as `customer` (the link made and followed): the session's token.
async fn connect(state: &AppState, admin: &AdminPrincipal, customer: i64) -> String {
    let url = service::start(
        state,
        admin,
        &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
        &ask(customer),
    )
    .await
    .unwrap();
    service::consume(
        state,
        Some(admin),
        &secret_of(&url),
        &shop::from_ip("127.0.0.1"),
    )
    .await
    .unwrap()
    .expect("signed in")
    .token
}

async fn boss(state: &AppState, email: &str) -> AdminPrincipal {
    shop::signed_in_admin(state, email, "Boss", "Administrators").await
}

both_backends!(
    the_switch_the_permission_the_consent_and_the_reason_are_checked,
    |state: AppState| async move {
        let admin = boss(&state, "boss@example.com").await;
        let ada = customer(&state, "ada@example.com", true).await;
        let bob = customer(&state, "bob@example.com", false).await;
        // Off by default: refused, and the button is not offered.
        assert_eq!(
            field_key(
                service::start(
                    &state,
                    &admin,
                    &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                    &ask(ada)
                )
                .await,
                "customer_id"
            ),
            Key::ErrAssistDisabled
        );
        // Turned off: the customer page gets no button (and no error).
        assert_eq!(service::button(&state, &admin, ada).await.unwrap(), None);
        enable(&state).await;

        // A role without "Allow Login as Customer": 403.
        app::auth::service::create_role(&state, "Support", &[acl::CUSTOMERS_MANAGE.to_string()])
            .await
            .unwrap();
        let support = shop::signed_in_admin(&state, "support@example.com", "Sam", "Support").await;
        let refused = service::start(
            &state,
            &support,
            &app::action_log::service::Actor::admin(&support.view, "127.0.0.1"),
            &ask(ada),
        )
        .await;
        assert!(
            matches!(refused, Err(AppError::Forbidden { .. })),
            "{refused:?}"
        );
        assert!(matches!(
            service::button(&state, &support, ada).await,
            Err(AppError::Forbidden { .. })
        ));

        // No consent: refused with the reason.
        let bob_button = service::button(&state, &admin, bob).await.unwrap();
        assert!(!bob_button.expect("the feature is on").allowed);
        assert_eq!(
            field_key(
                service::start(
                    &state,
                    &admin,
                    &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                    &ask(bob)
                )
                .await,
                "customer_id"
            ),
            Key::ErrAssistNoConsent
        );
        // A reason is required; a deleted customer is named.
        let blank = StartInput {
            reason: " ".into(),
            ..ask(ada)
        };
        assert_eq!(
            field_key(
                service::start(
                    &state,
                    &admin,
                    &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                    &blank
                )
                .await,
                "reason"
            ),
            Key::ErrRequiredNamed
        );
        assert!(matches!(
            service::start(
                &state,
                &admin,
                &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                &ask(99_999)
            )
            .await,
            Err(AppError::NotFound(_))
        ));
        // Nothing refused before the link was made is logged as made.
        assert!(log(&state).await.is_empty());

        // Allowed: the link is made and the request logged with its reason.
        let button = service::button(&state, &admin, ada)
            .await
            .unwrap()
            .expect("the feature is on");
        assert!(
            button.allowed && button.store_views.is_empty(),
            "Auto-Detection"
        );
        let url = service::start(
            &state,
            &admin,
            &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
            &ask(ada),
        )
        .await
        .unwrap();
        assert_eq!(secret_of(&url).len(), 32);
        assert_eq!(
            log(&state).await,
            vec![(
                Some(ada),
                Some(admin.view.id),
                "Checkout fails at shipping".into(),
                Outcome::Issued,
                false,
                false
            )]
        );

        // Manual Selection: a store view must be chosen, among the customer's website's.
        state
            .config
            .set(
                "login_as_customer/general/store_view_manual_choice_enabled",
                "1",
                Scope::Default,
                0,
            )
            .await
            .unwrap();
        let views = service::button(&state, &admin, ada)
            .await
            .unwrap()
            .expect("the feature is on")
            .store_views;
        assert!(!views.is_empty());
        assert_eq!(
            field_key(
                service::start(
                    &state,
                    &admin,
                    &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                    &ask(ada)
                )
                .await,
                "store_id"
            ),
            Key::ErrAssistChooseStore
        );
        let chosen = StartInput {
            store_id: Some(views[0].0),
            ..ask(ada)
        };
        assert!(service::start(
            &state,
            &admin,
            &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
            &chosen
        )
        .await
        .is_ok());
        let elsewhere = StartInput {
            store_id: Some(99_999),
            ..ask(ada)
        };
        assert_eq!(
            field_key(
                service::start(
                    &state,
                    &admin,
                    &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                    &elsewhere
                )
                .await,
                "store_id"
            ),
            Key::ErrAssistChooseStore
        );
    }
);

both_backends!(
    the_secret_is_the_admins_used_once_and_short_lived,
    |state: AppState| async move {
        enable(&state).await;
        let admin = boss(&state, "boss@example.com").await;
        let other = boss(&state, "other@example.com").await;
        let ada = customer(&state, "ada@example.com", true).await;
        let caller = shop::from_ip("127.0.0.1");
        let use_link = |admin: Option<AdminPrincipal>, secret: String| {
            let state = state.clone();
            let caller = caller.clone();
            async move {
                service::consume(&state, admin.as_ref(), &secret, &caller)
                    .await
                    .unwrap()
                    .map(|opened| opened.token)
            }
        };

        // Another admin's link, a link used without an admin session, a forged one.
        let secret = secret_of(
            &service::start(
                &state,
                &admin,
                &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                &ask(ada),
            )
            .await
            .unwrap(),
        );
        assert_eq!(
            use_link(Some(other.clone()), secret.clone()).await.err(),
            Some(Outcome::OtherAdmin)
        );
        assert_eq!(
            use_link(None, secret.clone()).await.err(),
            Some(Outcome::NoAdmin)
        );
        assert_eq!(
            use_link(Some(admin.clone()), "0".repeat(32)).await.err(),
            Some(Outcome::Unknown)
        );

        // The right admin: signed in as Ada, once.
        let token = use_link(Some(admin.clone()), secret.clone())
            .await
            .expect("signed in");
        assert_eq!(
            use_link(Some(admin.clone()), secret.clone()).await.err(),
            Some(Outcome::Reused)
        );
        let principal = app::accounts::service::authenticate(&state, Some(&token))
            .await
            .unwrap()
            .expect("a session");
        assert_eq!(principal.customer_id, ada);
        assert!(principal.assisted.is_some(), "marked as opened by an admin");

        // Sixty seconds by default.
        let secret = secret_of(
            &service::start(
                &state,
                &admin,
                &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                &ask(ada),
            )
            .await
            .unwrap(),
        );
        state.clock.advance(61);
        assert_eq!(
            use_link(Some(admin.clone()), secret).await.err(),
            Some(Outcome::Expired)
        );
        // A new link revokes the admin's earlier one.
        let first = secret_of(
            &service::start(
                &state,
                &admin,
                &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                &ask(ada),
            )
            .await
            .unwrap(),
        );
        let second = secret_of(
            &service::start(
                &state,
                &admin,
                &app::action_log::service::Actor::admin(&admin.view, "127.0.0.1"),
                &ask(ada),
            )
            .await
            .unwrap(),
        );
        assert_eq!(
            use_link(Some(admin.clone()), first).await.err(),
            Some(Outcome::Unknown)
        );
        assert!(use_link(Some(admin.clone()), second).await.is_ok());

        // Every attempt is in the log, each with its result.
        let results: Vec<Outcome> = log(&state).await.into_iter().map(|e| e.3).collect();
        for expected in [
            Outcome::OtherAdmin,
            Outcome::NoAdmin,
            Outcome::Unknown,
            Outcome::SignedIn,
            Outcome::Reused,
            Outcome::Expired,
        ] {
            assert!(
                results.contains(&expected),
                "{expected:?} logged: {results:?}"
            );
        }
        let forged = log(&state)
            .await
            .into_iter()
            .find(|e| e.3 == Outcome::Unknown)
            .unwrap();
        assert_eq!(
            (forged.0, forged.1),
            (None, Some(admin.view.id)),
            "the admin who tried"
        );

        // The grid filters by customer, sorts by id.
        let mut q = LogQuery::default();
        q.filters.insert(
            LogColumn::CustomerEmail,
            app::ui::grid::state::Filter::Text("ADA@".into()),
        );
        let page = service::log_page(&state, &q).await.unwrap();
        assert!(
            page.total >= 6
                && page
                    .rows
                    .iter()
                    .all(|r| r.customer_email == "ada@example.com")
        );
    }
);

both_backends!(
    the_session_is_not_the_customers_own_and_ends_with_the_admins,
    |state: AppState| async move {
        enable(&state).await;
        let ada = customer(&state, "ada@example.com", true).await;
        let token =
            shop::signed_in_admin(&state, "boss@example.com", "Boss", "Administrators").await;
        let _ = token;
        // The admin's own session token, to sign out with.
        let admin_token = app::auth::service::sign_in(
            &state,
            "boss@example.com",
            shop::ADMIN_PASSWORD,
            &shop::from_ip("127.0.0.1"),
        )
        .await
        .unwrap();
        let admin = app::auth::service::authenticate(&state, Some(&admin_token))
            .await
            .unwrap()
            .unwrap();
        let open = |admin: AdminPrincipal| {
            let state = state.clone();
            async move { connect(&state, &admin, ada).await }
        };
        let customer_token = open(admin.clone()).await;
        // Not Ada's own sign-in: no "last logged in", no Now Online activity.
        let login: Option<i64> =
            sqlx::query("SELECT last_login_at FROM customer_log WHERE customer_id = $1")
                .bind(ada)
                .fetch_optional(&state.db.pool)
                .await
                .unwrap()
                .and_then(|r| r.get("last_login_at"));
        assert_eq!(login, None);
        assert!(!app::online::service::customer_online(&state, ada)
            .await
            .unwrap());

        // The admin signs out: the session they opened ends, and the log says when.
        app::auth::service::sign_out(&state, Some(&admin_token))
            .await
            .unwrap();
        assert!(
            app::accounts::service::authenticate(&state, Some(&customer_token))
                .await
                .unwrap()
                .is_none()
        );
        let ended = log(&state)
            .await
            .into_iter()
            .find(|e| e.3 == Outcome::Ended);
        assert!(ended.is_some_and(|e| e.4 && e.5), "signed in, then ended");

        // The admin's session running out ends it too.
        let admin_token = app::auth::service::sign_in(
            &state,
            "boss@example.com",
            shop::ADMIN_PASSWORD,
            &shop::from_ip("127.0.0.1"),
        )
        .await
        .unwrap();
        let admin = app::auth::service::authenticate(&state, Some(&admin_token))
            .await
            .unwrap()
            .unwrap();
        let customer_token = open(admin).await;
        assert!(
            app::accounts::service::authenticate(&state, Some(&customer_token))
                .await
                .unwrap()
                .is_some()
        );
        state.clock.advance(901); // the admin's 900-second session lifetime
        assert!(
            app::accounts::service::authenticate(&state, Some(&customer_token))
                .await
                .unwrap()
                .is_none()
        );

        // Ending it from the storefront (the banner's button).
        let admin_token = app::auth::service::sign_in(
            &state,
            "boss@example.com",
            shop::ADMIN_PASSWORD,
            &shop::from_ip("127.0.0.1"),
        )
        .await
        .unwrap();
        let admin = app::auth::service::authenticate(&state, Some(&admin_token))
            .await
            .unwrap()
            .unwrap();
        let customer_token = open(admin).await;
        app::accounts::service::sign_out(&state, Some(&customer_token))
            .await
            .unwrap();
        assert!(
            app::accounts::service::authenticate(&state, Some(&customer_token))
                .await
                .unwrap()
                .is_none()
        );
        let logout: Option<i64> =
            sqlx::query("SELECT last_logout_at FROM customer_log WHERE customer_id = $1")
                .bind(ada)
                .fetch_optional(&state.db.pool)
                .await
                .unwrap()
                .and_then(|r| r.get("last_logout_at"));
        assert_eq!(logout, None, "not Ada's own sign-out either");
        let ended = log(&state)
            .await
            .into_iter()
            .filter(|e| e.3 == Outcome::Ended)
            .count();
        assert_eq!(ended, 3);
    }
);

both_backends!(
    the_consent_checkbox_says_what_its_store_view_configures,
    |state: AppState| async move {
        let views = app::stores::repo::list_views(&state.db).await.unwrap();
        let store = views[0].clone();
        let rules = |state: AppState, store: app::stores::model::StoreViewInfo| async move {
            app::accounts::register::form_options(&state, &store)
                .await
                .unwrap()
                .rules
        };
        // Left at the built-in text: empty, so the form shows it in the shopper's language.
        let built_in = rules(state.clone(), store.clone()).await;
        assert_eq!(built_in.assistance_title, "");
        assert_eq!(built_in.assistance_tooltip, "");
        state
            .config
            .set(
                "login_as_customer/general/shopping_assistance_checkbox_title",
                "Let our team help you",
                Scope::StoreView(store.store_id),
                0,
            )
            .await
            .unwrap();
        state
            .config
            .set(
                "login_as_customer/general/shopping_assistance_checkbox_tooltip",
                "We only look when you ask.",
                Scope::Default,
                0,
            )
            .await
            .unwrap();
        let worded = rules(state.clone(), store.clone()).await;
        assert_eq!(worded.assistance_title, "Let our team help you");
        assert_eq!(worded.assistance_tooltip, "We only look when you ask.");
        // Another store view keeps the built-in title.
        if let Some(other) = views.iter().find(|v| v.store_id != store.store_id) {
            let elsewhere = rules(state.clone(), other.clone()).await;
            assert_eq!(elsewhere.assistance_title, "");
        }
    }
);

both_backends!(
    what_the_admin_changes_as_the_customer_is_logged_as_the_admins_and_the_session_marked,
    |state: AppState| async move {
        use app::accounts::{addresses, information};
        use app::action_log::model::{Action, ActionQuery, Change, Entity, ASSISTED_FIELD};
        use app::customers::address::model::AddressInput;
        enable(&state).await;
        let ada = customer(&state, "ada@example.com", true).await;
        let admin = boss(&state, "boss@example.com").await;
        let token = connect(&state, &admin, ada).await;
        let assisted = app::accounts::service::authenticate(&state, Some(&token))
            .await
            .unwrap()
            .expect("the assisted session");
        let log_id = assisted.assisted.expect("an assisted session");
        let actor = app::login_as_customer::session::acting_admin(&state, log_id, "203.0.113.9")
            .await
            .unwrap();
        let history = |state: AppState| async move {
            app::action_log::service::page(&state, &ActionQuery::default(), Some(ada))
                .await
                .unwrap()
                .rows
                .into_iter()
                .filter(|r| r.action != Some(Action::LoginAsCustomer))
                .collect::<Vec<_>>()
        };

        // The admin renames Ada, adds an address and deletes one, as Ada.
        let earlier = history(state.clone()).await.len();
        let mut form = information::load(&state, &assisted).await.unwrap().form;
        form.lastname = "Byron".into();
        information::save(&state, &assisted, Some(&actor), &form)
            .await
            .unwrap();
        let address = |city: &str, default: bool| AddressInput {
            default_billing: default,
            default_shipping: default,
            ..shop::address(city)
        };
        addresses::save(&state, &assisted, Some(&actor), &address("London", true))
            .await
            .unwrap();
        let bath = addresses::save(&state, &assisted, Some(&actor), &address("Bath", false))
            .await
            .unwrap();
        addresses::delete(
            &state,
            &assisted,
            Some(&actor),
            bath.id.unwrap(),
            bath.version,
        )
        .await
        .unwrap();

        let entries = history(state.clone()).await.split_off(earlier);
        let done: Vec<(Option<Entity>, Option<Action>)> =
            entries.iter().map(|e| (e.entity, e.action)).collect();
        assert_eq!(
            done,
            vec![
                (Some(Entity::Customer), Some(Action::Update)),
                (Some(Entity::Address), Some(Action::Create)),
                (Some(Entity::Address), Some(Action::Create)),
                (Some(Entity::Address), Some(Action::Delete)),
            ]
        );
        let session = Change {
            field: ASSISTED_FIELD.into(),
            before: None,
            after: Some(log_id.to_string()),
        };
        for entry in &entries {
            assert_eq!(entry.admin_id, Some(admin.view.id), "{entry:?}");
            assert_eq!(entry.admin_name, admin.view.name);
            assert_eq!(entry.ip, "203.0.113.9");
            assert_eq!(entry.changes.first(), Some(&session), "{entry:?}");
        }
        assert!(entries[0].changes.contains(&Change {
            field: "lastname".into(),
            before: Some("Lovelace".into()),
            after: Some("Byron".into()),
        }));

        // The Customer View lists the session as the admin's, beside Ada's own.
        let own_token = app::accounts::service::sign_in(
            &state,
            1,
            "ada@example.com",
            shop::PASSWORD,
            &app::sessions::service::Caller {
                token: None,
                ip: "198.51.100.4".into(),
                user_agent: "Mozilla/5.0 (X11; rv:133.0) Gecko/20100101 Firefox/133.0".into(),
            },
        )
        .await
        .unwrap();
        // Each listed session: its address and the admin who opened it, if one did.
        let marks = |state: AppState| async move {
            app::customers::edit::service::load(&state, ada, 0)
                .await
                .unwrap()
                .summary
                .sessions
                .into_iter()
                .map(|s| (s.ip, s.assisted_by))
                .collect::<Vec<(String, Option<String>)>>()
        };
        let listed = marks(state.clone()).await;
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert!(listed.contains(&("198.51.100.4".into(), None)));
        assert!(listed.contains(&("127.0.0.1".into(), Some(admin.view.name.clone()))));
        // Signed out, Ada's own session leaves the list.
        app::accounts::service::sign_out(&state, Some(&own_token))
            .await
            .unwrap();
        assert_eq!(
            marks(state.clone()).await,
            vec![("127.0.0.1".to_string(), Some(admin.view.name.clone()))]
        );

        // Ada's own changes are hers: not in the admin action log.
        let own = app::accounts::service::CustomerPrincipal {
            assisted: None,
            ..assisted.clone()
        };
        let mut form = information::load(&state, &own).await.unwrap().form;
        form.firstname = "Augusta".into();
        information::save(&state, &own, None, &form).await.unwrap();
        addresses::save(&state, &own, None, &address("York", false))
            .await
            .unwrap();
        assert_eq!(history(state.clone()).await.len(), earlier + entries.len());
    }
);
