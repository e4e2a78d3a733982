//! Storefront registration, email confirmation and password recovery on a real database
//! (spec §8.1, §8.3, §9.1), with the options read through the configuration service and
//! an injectable clock for the link's expiry. Each test runs on SQLite and PostgreSQL.

use app::accounts::model::{Registered, Registration};
use app::accounts::recovery::{self, TOKEN_EXPIRED, TOKEN_MISMATCHED};
use app::accounts::register::{confirm, register, resend_confirmation, EMAIL_TAKEN};
use app::accounts::service::{authenticate, sign_in};
use app::both_backends;
use app::config::model::Scope;
use app::error::AppError;
use app::files::service::Uploader;
use app::i18n::Key;
use app::state::AppState;
use app::stores::model::StoreViewInfo;
use sqlx::Row;

use app::testing::shop::{registration, store, PASSWORD};

fn caller() -> app::sessions::service::Caller {
    app::testing::shop::from_ip("203.0.113.7")
}

/// Ada Lovelace, signing up for the newsletter and allowing remote assistance.
fn form(email: &str) -> Registration {
    Registration {
        newsletter: true,
        assistance: true,
        ..registration(email)
    }
}

/// [`form`] for `email`, registered on `store` from [`caller`], with no file.
async fn sign_up(
    state: &AppState,
    store: &StoreViewInfo,
    email: &str,
) -> Result<(Registered, Option<String>), AppError> {
    register(
        state,
        store,
        &form(email),
        &caller(),
        &Uploader::visitor(None),
    )
    .await
}

async fn set(state: &AppState, path: &str, value: &str) {
    state
        .config
        .set(path, value, Scope::Default, 0)
        .await
        .unwrap();
}

/// The newest email of `template` sent to `email`: its body.
async fn last_email(state: &AppState, email: &str, template: &str) -> Option<String> {
    sqlx::query(
        "SELECT body_text FROM mail_outbox WHERE to_email = $1 AND template = $2
         ORDER BY message_id DESC LIMIT 1",
    )
    .bind(email)
    .bind(template)
    .fetch_optional(&state.db.pool)
    .await
    .unwrap()
    .map(|r| r.try_get("body_text").unwrap())
}

/// The value after `name=` in the first link of `body`.
fn link_param(body: &str, name: &str) -> String {
    let start = body.find(&format!("{name}=")).expect("link in the email") + name.len() + 1;
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect()
}

both_backends!(
    registering_signs_in_stores_the_choices_and_sends_the_welcome_email,
    |state: AppState| async move {
        let store = store(&state).await;
        // Bad input: every field's message at once, nothing written.
        let bad = Registration {
            firstname: String::new(),
            password: "short".into(),
            ..form("ada@example.com")
        };
        match register(&state, &store, &bad, &caller(), &Uploader::visitor(None)).await {
            Err(AppError::Validation { fields }) => {
                assert_eq!(fields["firstname"], "First Name is a required field.");
                assert!(
                    fields["password"]
                        .to_string()
                        .contains("at least 8 characters"),
                    "{fields:?}"
                );
                assert_eq!(
                    fields["password_confirmation"],
                    "Please enter the same value again."
                );
            }
            other => panic!("expected field errors, got {other:?}"),
        }

        let before = state.clock.now();
        let (outcome, token) = sign_up(&state, &store, " Ada@Example.com ").await.unwrap();
        assert_eq!(outcome, Registered::SignedIn);
        let who = authenticate(&state, token.as_deref())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(who.email, "ada@example.com");
        let row = sqlx::query(
            "SELECT store_id, created_in, assistance_allowed, confirmation, password_hash
             FROM customer_entity WHERE entity_id = $1",
        )
        .bind(who.customer_id)
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
        assert_eq!(
            row.try_get::<Option<i64>, _>("store_id").unwrap(),
            Some(store.store_id)
        );
        assert_eq!(row.try_get::<String, _>("created_in").unwrap(), store.name);
        assert_eq!(row.try_get::<i64, _>("assistance_allowed").unwrap(), 1);
        assert!(row
            .try_get::<Option<String>, _>("confirmation")
            .unwrap()
            .is_none());
        assert!(row
            .try_get::<Option<String>, _>("password_hash")
            .unwrap()
            .is_some());
        let subscribed =
            app::customers::edit::repo::subscribed_websites(&state.db, who.customer_id)
                .await
                .unwrap();
        assert_eq!(subscribed, vec![store.website_id]);
        assert!(last_email(&state, "ada@example.com", "welcome")
            .await
            .is_some());
        // Signed in at once: the customer's page says when, and lists the session.
        let summary = app::customers::edit::service::load(&state, who.customer_id, 0)
            .await
            .unwrap()
            .summary;
        // (The clock is real: a second may pass between the sign-in and this check.)
        assert!(
            summary
                .last_login_at
                .is_some_and(|at| (before..=state.clock.now()).contains(&at)),
            "{:?}",
            summary.last_login_at
        );
        assert_eq!(summary.sessions.len(), 1);

        // The same email on the same website is refused, and nothing else is created.
        assert_eq!(
            sign_up(&state, &store, "ADA@example.com")
                .await
                .unwrap_err(),
            AppError::field("email", EMAIL_TAKEN)
        );
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM customer_entity")
            .fetch_one(&state.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(n, 1);
    }
);

/// Confirmation emails of `email` in the outbox.
async fn confirmations(state: &AppState, email: &str) -> i64 {
    app::testing::shop::emails_to(state, email, "confirmation").await
}

both_backends!(
    the_confirmation_link_is_sent_again_a_few_times_an_hour_at_most,
    |state: AppState| async move {
        set(&state, "customer/create_account/confirm", "1").await;
        let store = store(&state).await;
        sign_up(&state, &store, "grace@example.com").await.unwrap();
        assert_eq!(confirmations(&state, "grace@example.com").await, 1);
        // Five links again in the hour, from wherever they are asked for.
        for n in 0..5 {
            let ip = format!("198.51.100.{n}");
            resend_confirmation(&state, &store, "grace@example.com", &ip)
                .await
                .unwrap();
        }
        assert_eq!(confirmations(&state, "grace@example.com").await, 6);
        // The sixth is answered as the others (nothing tells whether the account exists),
        // and nothing is sent, in any spelling of the address.
        resend_confirmation(&state, &store, "Grace@Example.com", "198.51.100.9")
            .await
            .unwrap();
        assert_eq!(confirmations(&state, "grace@example.com").await, 6);
        // An hour later the shopper can ask again.
        state.clock.advance(3601);
        resend_confirmation(&state, &store, "grace@example.com", "198.51.100.9")
            .await
            .unwrap();
        assert_eq!(confirmations(&state, "grace@example.com").await, 7);
        // One network asking for many addresses is refused after twenty requests.
        for n in 0..20 {
            resend_confirmation(&state, &store, &format!("x{n}@example.com"), "192.0.2.1")
                .await
                .unwrap();
        }
        assert!(matches!(
            resend_confirmation(&state, &store, "x99@example.com", "192.0.2.1").await,
            Err(AppError::TooManyRequests { minutes: 60 })
        ));
        // And a wrong address is still answered as one.
        assert_eq!(
            resend_confirmation(&state, &store, "not an email", "192.0.2.2")
                .await
                .unwrap_err(),
            AppError::field("email", Key::ErrInvalidEmail)
        );
    }
);

both_backends!(
    a_required_confirmation_blocks_sign_in_until_the_emailed_link,
    |state: AppState| async move {
        set(&state, "customer/create_account/confirm", "1").await;
        let store = store(&state).await;
        let (outcome, token) = sign_up(&state, &store, "grace@example.com").await.unwrap();
        assert_eq!((outcome, token), (Registered::ConfirmationSent, None));
        let first = last_email(&state, "grace@example.com", "confirmation")
            .await
            .unwrap();
        let id: i64 = link_param(&first, "id").parse().unwrap();
        let first_key = link_param(&first, "key");
        assert!(first_key.len() >= 32);
        assert_eq!(
            sign_in(
                &state,
                store.website_id,
                "grace@example.com",
                PASSWORD,
                &caller()
            )
            .await,
            Err(AppError::NotConfirmed)
        );

        // A new link replaces the old one; an unknown email gets the same answer.
        resend_confirmation(&state, &store, "grace@example.com", "203.0.113.7")
            .await
            .unwrap();
        resend_confirmation(&state, &store, "nobody@example.com", "203.0.113.7")
            .await
            .unwrap();
        assert!(last_email(&state, "nobody@example.com", "confirmation")
            .await
            .is_none());
        let second = last_email(&state, "grace@example.com", "confirmation")
            .await
            .unwrap();
        let key = link_param(&second, "key");
        assert_ne!(key, first_key);
        assert!(confirm(&state, id, &first_key).await.is_err());
        assert!(confirm(&state, id, "").await.is_err());

        assert_eq!(confirm(&state, id, &key).await.unwrap(), store.name);
        // The key works once.
        assert_eq!(
            confirm(&state, id, &key).await.unwrap_err(),
            AppError::field("key", Key::ErrAlreadyConfirmed)
        );
        assert!(last_email(&state, "grace@example.com", "welcome_confirmed")
            .await
            .is_some());
        sign_in(
            &state,
            store.website_id,
            "grace@example.com",
            PASSWORD,
            &caller(),
        )
        .await
        .unwrap();
    }
);

both_backends!(
    a_reset_link_works_once_expires_and_clears_the_lock_and_sessions,
    |state: AppState| async move {
        let store = store(&state).await;
        let (_, session) = sign_up(&state, &store, "ada@example.com").await.unwrap();
        // Unknown emails get the same answer and no email.
        recovery::request(&state, &store, "nobody@example.com", "198.51.100.1")
            .await
            .unwrap();
        assert!(last_email(&state, "nobody@example.com", "reset_password")
            .await
            .is_none());
        assert_eq!(
            recovery::request(&state, &store, "not-an-email", "198.51.100.1")
                .await
                .unwrap_err(),
            AppError::field("email", Key::ErrInvalidEmail)
        );

        recovery::request(&state, &store, "ada@example.com", "198.51.100.2")
            .await
            .unwrap();
        let old = link_param(
            &last_email(&state, "ada@example.com", "reset_password")
                .await
                .unwrap(),
            "token",
        );
        recovery::check_token(&state, &old).await.unwrap();
        // Within "Min Time Between Password Reset Requests" (10 minutes) a new request
        // for the same email is refused.
        assert_eq!(
            recovery::request(&state, &store, "ada@example.com", "198.51.100.3").await,
            Err(AppError::ResetThrottled)
        );
        // "Recovery Link Expiration Period" is 2 hours by default.
        state.clock.advance(2 * 3600 + 5);
        assert_eq!(
            recovery::check_token(&state, &old).await.unwrap_err(),
            AppError::field("token", TOKEN_EXPIRED)
        );
        recovery::request(&state, &store, "ada@example.com", "198.51.100.2")
            .await
            .unwrap();
        let token = link_param(
            &last_email(&state, "ada@example.com", "reset_password")
                .await
                .unwrap(),
            "token",
        );
        assert_ne!(token, old);
        assert_eq!(
            recovery::check_token(&state, &old).await.unwrap_err(),
            AppError::field("token", TOKEN_MISMATCHED)
        );

        // Lock the account as ten failures would.
        for _ in 0..10 {
            let _ = sign_in(
                &state,
                store.website_id,
                "ada@example.com",
                "Wrong-Pass-1",
                &caller(),
            )
            .await;
        }
        assert_eq!(
            sign_in(
                &state,
                store.website_id,
                "ada@example.com",
                PASSWORD,
                &caller()
            )
            .await,
            Err(AppError::AccountLocked)
        );

        match recovery::reset(&state, &token, "weak", "weak").await {
            Err(AppError::Validation { fields }) => assert!(fields.contains_key("password")),
            other => panic!("expected a password message, got {other:?}"),
        }
        assert_eq!(
            recovery::reset(&state, &token, "New-Engine-Pass-2", "Other-Pass-2")
                .await
                .unwrap_err(),
            AppError::Validation {
                fields: [(
                    "password_confirmation".to_string(),
                    Key::ErrSameValueAgain.into()
                )]
                .into()
            }
        );
        recovery::reset(&state, &token, "New-Engine-Pass-2", "New-Engine-Pass-2")
            .await
            .unwrap();
        // Used up; the old session is gone; the lock is cleared; the new password works.
        assert_eq!(
            recovery::reset(&state, &token, "New-Engine-Pass-3", "New-Engine-Pass-3")
                .await
                .unwrap_err(),
            AppError::field("token", TOKEN_MISMATCHED)
        );
        assert!(authenticate(&state, session.as_deref())
            .await
            .unwrap()
            .is_none());
        assert!(last_email(&state, "ada@example.com", "password_changed")
            .await
            .is_some());
        sign_in(
            &state,
            store.website_id,
            "ada@example.com",
            "New-Engine-Pass-2",
            &caller(),
        )
        .await
        .unwrap();
    }
);

both_backends!(
    account_emails_speak_the_language_of_the_store_view,
    |state: AppState| async move {
        // A French store view on the main website, its Locale option set to fr_FR.
        let default = store(&state).await;
        let group: i64 = sqlx::query("SELECT group_id FROM store_views WHERE store_id = $1")
            .bind(default.store_id)
            .fetch_one(&state.db.pool)
            .await
            .unwrap()
            .try_get("group_id")
            .unwrap();
        let mut tx = state.db.begin().await.unwrap();
        let french = app::stores::repo::insert_view(&mut tx, group, "fr", "Boutique FR", 1)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        state
            .config
            .set("general/locale/code", "fr_FR", Scope::StoreView(french), 0)
            .await
            .unwrap();
        let views = app::stores::repo::list_views(&state.db).await.unwrap();
        let fr = views.iter().find(|v| v.store_id == french).unwrap().clone();

        sign_up(&state, &fr, "jeanne@example.com").await.unwrap();
        sign_up(&state, &default, "john@example.com").await.unwrap();
        let subject = |email: &'static str| {
            let db = state.db.clone();
            async move {
                sqlx::query(
                    "SELECT subject FROM mail_outbox WHERE to_email = $1 AND template = 'welcome'",
                )
                .bind(email)
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .try_get::<String, _>("subject")
                .unwrap()
            }
        };
        assert_eq!(
            subject("jeanne@example.com").await,
            "Bienvenue sur Boutique FR"
        );
        assert_eq!(
            subject("john@example.com").await,
            format!("Welcome to {}", default.name)
        );
        // The reset link follows the store view the account was created in.
        recovery::request(&state, &default, "jeanne@example.com", "198.51.100.9")
            .await
            .unwrap();
        let body = last_email(&state, "jeanne@example.com", "reset_password")
            .await
            .unwrap();
        assert!(
            body.contains("Une demande de changement du mot de passe"),
            "{body}"
        );
    }
);

both_backends!(
    a_shopper_who_signs_up_while_customers_are_seeded_takes_an_id_after_theirs,
    |state: AppState| async move {
        use app::customers::seed::{seed_customers_with, LoadMode, SeedProgress};
        let store = store(&state).await;
        let pool = &state.db.pool;
        let count = move |sql: &'static str| app::testing::count(pool, sql);
        // A customer who signed up and left: their id is not given again.
        sign_up(&state, &store, "gone@example.com").await.unwrap();
        let gone = count("SELECT MAX(entity_id) AS n FROM customer_entity").await;
        sqlx::query("DELETE FROM customer_entity WHERE entity_id = $1")
            .bind(gone)
            .execute(&state.db.pool)
            .await
            .unwrap();
        // Two batches, one by one (the second of one customer); a shopper signs up once
        // the first is in, before the second starts.
        let (go, go_signal) = tokio::sync::oneshot::channel::<()>();
        let (done, signed_up) = std::sync::mpsc::channel();
        let (shop, shop_store) = (state.clone(), store.clone());
        tokio::spawn(async move {
            if go_signal.await.is_ok() {
                let outcome = sign_up(&shop, &shop_store, "midway@example.com").await;
                let _ = done.send(outcome.map(|(registered, _)| registered));
            }
        });
        let mut go = Some(go);
        let mut outcome = None;
        let seeded = seed_customers_with(&state, 10_001, 4, LoadMode::RowByRow, |step| {
            if let SeedProgress::Customers { done: 10_000, .. } = step {
                let _ = go.take().map(|go| go.send(()));
                outcome = signed_up
                    .recv_timeout(std::time::Duration::from_secs(60))
                    .ok();
            }
        })
        .await;
        assert_eq!(outcome.expect("signed up").unwrap(), Registered::SignedIn);
        assert_eq!(seeded.unwrap().customers, 10_001);
        let shopper =
            count("SELECT entity_id AS n FROM customer_entity WHERE email = 'midway@example.com'")
                .await;
        let (first, last) = (
            count("SELECT MIN(entity_id) AS n FROM customer_entity").await,
            count("SELECT MAX(entity_id) AS n FROM customer_entity WHERE email <> 'midway@example.com'").await,
        );
        assert_eq!((first, last), (gone + 1, gone + 10_001));
        assert_eq!(shopper, last + 1);
        assert_eq!(
            count("SELECT COUNT(*) AS n FROM customer_entity").await,
            10_002
        );
        // The address ids the seed set aside and did not use are given back: the next
        // address saved follows the seed's last.
        let next_address = if state.db.backend == app::db::Backend::Postgres {
            "SELECT pg_sequence_last_value(pg_get_serial_sequence('customer_address_entity', 'entity_id')::regclass) + 1 AS n"
        } else {
            "SELECT seq + 1 AS n FROM sqlite_sequence WHERE name = 'customer_address_entity'"
        };
        assert_eq!(
            count(next_address).await,
            count("SELECT MAX(entity_id) + 1 AS n FROM customer_address_entity").await
        );
    }
);
