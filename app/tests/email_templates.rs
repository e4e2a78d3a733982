//! Marketing → Email Templates on a real database: an admin's template replaces an
//! account email where the configuration chooses it (store view by store view), the
//! sender identity of Store Email Addresses, the checks on saving, choosing and
//! deleting a template, and the test email. Each test runs on SQLite and on PostgreSQL.

use app::accounts::recovery;
use app::accounts::register::register;
use app::both_backends;
use app::config::model::Scope;
use app::config::registry::{
    IDENT_SUPPORT_EMAIL, IDENT_SUPPORT_NAME, PASSWORD_FORGOT_EMAIL_IDENTITY,
    PASSWORD_FORGOT_EMAIL_TEMPLATE,
};
use app::email_templates::model::TemplateInput;
use app::email_templates::service as templates;
use app::error::AppError;
use app::files::service::Uploader;
use app::i18n::Key;
use app::state::AppState;
use app::testing::shop::{registration, store};
use sqlx::Row;

fn reset_template(name: &str) -> TemplateInput {
    TemplateInput {
        id: None,
        name: name.into(),
        orig_code: "reset_password".into(),
        subject: "{store}: a new password for {name}".into(),
        body: "Hello {name},\nfollow {link} within {hours} hours.\n{store}".into(),
    }
}

/// The newest email to `to`: (subject, body, sender name, sender email).
async fn last_email(state: &AppState, to: &str) -> (String, String, String, String) {
    let row = sqlx::query(
        "SELECT subject, body_text, from_name, from_email FROM mail_outbox
         WHERE to_email = $1 ORDER BY message_id DESC LIMIT 1",
    )
    .bind(to)
    .fetch_one(&state.db.pool)
    .await
    .unwrap();
    (
        row.try_get("subject").unwrap(),
        row.try_get("body_text").unwrap(),
        row.try_get("from_name").unwrap(),
        row.try_get("from_email").unwrap(),
    )
}

fn field_key(result: Result<impl std::fmt::Debug, AppError>, field: &str) -> Key {
    match result {
        Err(AppError::Validation { fields }) => fields[field].key,
        other => panic!("expected an error on {field}, got {other:?}"),
    }
}

both_backends!(
    a_template_chosen_for_a_store_view_replaces_the_email_there_only,
    |state: AppState| async move {
        let store = store(&state).await;
        let caller = app::testing::shop::from_ip("203.0.113.9");
        register(
            &state,
            &store,
            &registration("ada@example.com"),
            &caller,
            &Uploader::visitor(None),
        )
        .await
        .unwrap();
        let id = templates::save(
            &state,
            &app::testing::shop::actor(),
            &reset_template("Our reset email"),
        )
        .await
        .unwrap();

        // Not chosen yet: the built-in email, from the built-in Customer Support sender.
        recovery::request(&state, &store, "ada@example.com", "198.51.100.1")
            .await
            .unwrap();
        let (subject, body, from_name, from_email) = last_email(&state, "ada@example.com").await;
        assert!(subject.starts_with("Reset your"), "{subject}");
        assert!(body.contains("/customer/account/createpassword?token="));
        assert_eq!(
            (from_name.as_str(), from_email.as_str()),
            ("CustomerSupport", "support@example.com")
        );

        // Chosen for this store view, with a renamed sender.
        let cfg = &state.config;
        cfg.set(
            PASSWORD_FORGOT_EMAIL_TEMPLATE.path,
            &id.to_string(),
            Scope::StoreView(store.store_id),
            0,
        )
        .await
        .unwrap();
        cfg.set(
            IDENT_SUPPORT_NAME.path,
            "Help Desk",
            Scope::StoreView(store.store_id),
            0,
        )
        .await
        .unwrap();
        cfg.set(
            IDENT_SUPPORT_EMAIL.path,
            "help@shop.example",
            Scope::Website(store.website_id),
            0,
        )
        .await
        .unwrap();
        state.clock.advance(11 * 60);
        recovery::request(&state, &store, "ada@example.com", "198.51.100.1")
            .await
            .unwrap();
        let (subject, body, from_name, from_email) = last_email(&state, "ada@example.com").await;
        assert_eq!(
            subject,
            format!("{}: a new password for Ada Lovelace", store.name)
        );
        assert!(
            body.starts_with("Hello Ada Lovelace,\nfollow http"),
            "{body}"
        );
        assert!(
            body.contains("/customer/account/createpassword?token=")
                && body.contains("within 2 hours"),
            "{body}"
        );
        assert_eq!(
            (from_name.as_str(), from_email.as_str()),
            ("Help Desk", "help@shop.example")
        );

        // Sales Representative as the password emails' sender.
        cfg.set(
            PASSWORD_FORGOT_EMAIL_IDENTITY.path,
            "sales",
            Scope::Default,
            0,
        )
        .await
        .unwrap();
        state.clock.advance(11 * 60);
        recovery::request(&state, &store, "ada@example.com", "198.51.100.1")
            .await
            .unwrap();
        let (_, _, from_name, from_email) = last_email(&state, "ada@example.com").await;
        assert_eq!(
            (from_name.as_str(), from_email.as_str()),
            ("Sales", "sales@example.com")
        );
    }
);

both_backends!(
    saving_choosing_and_deleting_templates_keep_the_rules,
    |state: AppState| async move {
        // The name is unique, whatever its case.
        let id = templates::save(
            &state,
            &app::testing::shop::actor(),
            &reset_template("Reset"),
        )
        .await
        .unwrap();
        assert_eq!(
            field_key(
                templates::save(
                    &state,
                    &app::testing::shop::actor(),
                    &reset_template(" reset ")
                )
                .await,
                "name"
            ),
            Key::ErrEmailTemplateNameTaken
        );
        // Unknown variables and a lost link are refused.
        let mut wrong = reset_template("Other");
        wrong.body = "Hi {nmae}, {link}".into();
        assert_eq!(
            field_key(
                templates::save(&state, &app::testing::shop::actor(), &wrong).await,
                "body"
            ),
            Key::ErrEmailTemplateVariable
        );
        wrong.body = "Hi {name}".into();
        assert_eq!(
            field_key(
                templates::save(&state, &app::testing::shop::actor(), &wrong).await,
                "body"
            ),
            Key::ErrEmailTemplateNeedsLink
        );
        // A saved template keeps its email.
        let mut moved = reset_template("Reset");
        moved.id = Some(id);
        moved.orig_code = "welcome".into();
        moved.body = "Welcome, {name}: {login}".into();
        assert_eq!(
            field_key(
                templates::save(&state, &app::testing::shop::actor(), &moved).await,
                "orig_code"
            ),
            Key::ErrEmailTemplateOrigFixed
        );
        // Edited: the new subject is stored.
        let mut edited = reset_template("Reset (edited)");
        edited.id = Some(id);
        templates::save(&state, &app::testing::shop::actor(), &edited)
            .await
            .unwrap();
        assert_eq!(
            templates::load(&state, id).await.unwrap().name,
            "Reset (edited)"
        );

        // The configuration takes a template only for its own email.
        let welcome = app::config::registry::CREATE_ACCOUNT_EMAIL_TEMPLATE;
        assert!(state
            .config
            .set(welcome.path, &id.to_string(), Scope::Default, 0)
            .await
            .is_err());
        assert!(state
            .config
            .set(welcome.path, "999999", Scope::Default, 0)
            .await
            .is_err());
        state
            .config
            .set(
                PASSWORD_FORGOT_EMAIL_TEMPLATE.path,
                &id.to_string(),
                Scope::Website(1),
                0,
            )
            .await
            .unwrap();

        // In use: the delete names where.
        match templates::delete(&state, &app::testing::shop::actor(), id).await {
            Err(AppError::Validation { fields }) => {
                let text = fields["template"].text(app::i18n::Locale::En);
                assert_eq!(
                    text,
                    "This template is chosen for Forgot Email Template at Main Website. Choose another template there first."
                );
            }
            other => panic!("{other:?}"),
        }
        state
            .config
            .unset(PASSWORD_FORGOT_EMAIL_TEMPLATE.path, Scope::Website(1))
            .await
            .unwrap();
        templates::delete(&state, &app::testing::shop::actor(), id)
            .await
            .unwrap();
        assert!(matches!(
            templates::load(&state, id).await,
            Err(AppError::NotFound(_))
        ));
    }
);

both_backends!(
    the_default_text_loads_in_each_language_and_a_test_email_reaches_the_admin,
    |state: AppState| async move {
        let fr = templates::default_text("reset_password", "fr_FR").unwrap();
        assert!(
            fr.subject.contains("{store}")
                && fr.body.contains("{link}")
                && fr.body.contains("{hours}")
        );
        assert!(fr.body.contains("mot de passe"), "{}", fr.body);
        assert!(templates::default_text("nope", "en_US").is_err());

        let admin = app::testing::shop::signed_in_admin(
            &state,
            "templates@example.com",
            "Template Admin",
            "Administrators",
        )
        .await;
        let store = store(&state).await;
        let to = templates::send_test(&state, &admin, &reset_template("Test"), store.store_id)
            .await
            .unwrap();
        assert_eq!(to, "templates@example.com");
        let (subject, body, _, from_email) = last_email(&state, "templates@example.com").await;
        assert_eq!(
            subject,
            format!("{}: a new password for Jane Doe", store.name)
        );
        assert!(
            body.contains("token=sample") && body.contains("within 2 hours"),
            "{body}"
        );
        assert_eq!(from_email, "support@example.com");
    }
);
