//! Storefront sign-in on a real database (spec §8.2): the order of checks, the lockout
//! algorithm with an injectable clock, confirmation, per-website accounts, customer
//! sessions apart from admin sessions, and the options read through the configuration.
//! Each test runs on SQLite and on PostgreSQL.

use app::accounts::service::{authenticate, sign_in, sign_out};
use app::both_backends;
use app::config::model::Scope;
use app::customers::edit::service as customers;
use app::customers::model::CustomerInput;
use app::error::AppError;
use app::i18n::Key;
use app::sessions::service::Caller;
use app::state::AppState;
use sqlx::Row;

const PASSWORD: &str = "Correct-Horse-9";

/// A customer on `website` with a password (as if they had registered).
async fn customer(state: &AppState, email: &str, website: i64) -> i64 {
    app::testing::shop::customer_with_password(state, email, website, PASSWORD).await
}

fn caller() -> Caller {
    Caller {
        token: None,
        ip: "203.0.113.5".into(),
        user_agent: "test".into(),
    }
}

async fn attempt(state: &AppState, email: &str, password: &str) -> Result<String, AppError> {
    sign_in(state, 1, email, password, &caller()).await
}

async fn set(state: &AppState, path: &str, value: &str) {
    state
        .config
        .set(path, value, Scope::Default, 0)
        .await
        .unwrap();
}

both_backends!(
    sign_in_opens_a_customer_session_and_sign_out_ends_it,
    |state: AppState| async move {
        let id = customer(&state, "ada@example.com", 1).await;
        assert_eq!(
            attempt(&state, "", "").await.unwrap_err(),
            AppError::Validation {
                fields: [
                    ("email".to_string(), Key::RequiredField.into()),
                    ("password".to_string(), Key::RequiredField.into()),
                ]
                .into()
            }
        );
        // Unknown email and wrong password answer alike.
        assert_eq!(
            attempt(&state, "nobody@example.com", PASSWORD).await,
            Err(AppError::InvalidCredentials)
        );
        assert_eq!(
            attempt(&state, "ada@example.com", "wrong").await,
            Err(AppError::InvalidCredentials)
        );
        let token = attempt(&state, " ADA@example.com ", PASSWORD)
            .await
            .unwrap();
        let who = authenticate(&state, Some(&token)).await.unwrap().unwrap();
        assert_eq!(
            (
                who.customer_id,
                who.firstname.as_str(),
                who.lastname.as_str()
            ),
            (id, "Ada", "Lovelace")
        );
        // A customer token is no admin session, and an admin check does not accept it.
        assert!(app::auth::service::authenticate(&state, Some(&token))
            .await
            .unwrap()
            .is_none());
        // The successful sign-in cleared the failure and wrote the log.
        let row = sqlx::query(
            "SELECT c.failures_num, l.last_login_at FROM customer_entity c
             JOIN customer_log l ON l.customer_id = c.entity_id WHERE c.entity_id = $1",
        )
        .bind(id)
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
        assert_eq!(row.try_get::<i64, _>("failures_num").unwrap(), 0);
        let at = row
            .try_get::<Option<i64>, _>("last_login_at")
            .unwrap()
            .unwrap();
        assert!(state.clock.now() - at <= 2);

        // Signing in again rotates the token; the old one is dead.
        let again = sign_in(
            &state,
            1,
            "ada@example.com",
            PASSWORD,
            &Caller {
                token: Some(token.clone()),
                ..caller()
            },
        )
        .await
        .unwrap();
        assert!(authenticate(&state, Some(&token)).await.unwrap().is_none());
        // Activity keeps a session alive; idle longer than the Cookie Lifetime (3600 s
        // by default), it is signed out.
        state.clock.advance(3_000);
        assert!(authenticate(&state, Some(&again)).await.unwrap().is_some());
        state.clock.advance(3_000);
        assert!(authenticate(&state, Some(&again)).await.unwrap().is_some());
        state.clock.advance(3_601);
        assert!(authenticate(&state, Some(&again)).await.unwrap().is_none());

        let token = attempt(&state, "ada@example.com", PASSWORD).await.unwrap();
        sign_out(&state, Some(&token)).await.unwrap();
        assert!(authenticate(&state, Some(&token)).await.unwrap().is_none());
        let logged_out: Option<i64> =
            sqlx::query("SELECT last_logout_at FROM customer_log WHERE customer_id = $1")
                .bind(id)
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .try_get("last_logout_at")
                .unwrap();
        assert!(state.clock.now() - logged_out.unwrap() <= 2);
    }
);

both_backends!(
    ten_failures_lock_the_account_for_ten_minutes,
    |state: AppState| async move {
        customer(&state, "ada@example.com", 1).await;
        // One customer in the store: the grid has one row.
        for _ in 0..10 {
            assert_eq!(
                attempt(&state, "ada@example.com", "wrong").await,
                Err(AppError::InvalidCredentials),
                "the failure that locks still says only 'Invalid login or password.'"
            );
        }
        // The grid's Account Lock column shows it at once.
        let grid_lock = || async {
            sqlx::query("SELECT lock_expires FROM customer_grid_flat")
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .try_get::<Option<i64>, _>("lock_expires")
                .unwrap()
        };
        // (The clock also runs in real time, so allow for the seconds the test takes.)
        let until = grid_lock().await.expect("locked in the grid");
        assert!((590..=600).contains(&(until - state.clock.now())));
        // The lock is checked before the password: even the right one is refused.
        assert_eq!(
            attempt(&state, "ada@example.com", PASSWORD).await,
            Err(AppError::AccountLocked)
        );
        state.clock.advance(until - state.clock.now() - 5);
        assert_eq!(
            attempt(&state, "ada@example.com", PASSWORD).await,
            Err(AppError::AccountLocked)
        );
        state.clock.advance(6);
        attempt(&state, "ada@example.com", PASSWORD).await.unwrap();
        assert_eq!(grid_lock().await, None);
        // Success reset the counter: nine more failures do not lock.
        for _ in 0..9 {
            let _ = attempt(&state, "ada@example.com", "wrong").await;
        }
        attempt(&state, "ada@example.com", PASSWORD).await.unwrap();
    }
);

both_backends!(
    lockout_options_and_the_admin_unlock_apply,
    |state: AppState| async move {
        let id = customer(&state, "ada@example.com", 1).await;
        // Three failures lock for one minute.
        set(&state, "customer/password/lockout_failures", "3").await;
        set(&state, "customer/password/lockout_threshold", "1").await;
        for _ in 0..3 {
            let _ = attempt(&state, "ada@example.com", "wrong").await;
        }
        assert_eq!(
            attempt(&state, "ada@example.com", PASSWORD).await,
            Err(AppError::AccountLocked)
        );
        // The admin's Unlock clears it at once.
        customers::unlock(&state, &app::testing::shop::actor(), id)
            .await
            .unwrap();
        attempt(&state, "ada@example.com", PASSWORD).await.unwrap();
        // 0 failures = never lock.
        set(&state, "customer/password/lockout_failures", "0").await;
        for _ in 0..20 {
            let _ = attempt(&state, "ada@example.com", "wrong").await;
        }
        attempt(&state, "ada@example.com", PASSWORD).await.unwrap();
    }
);

both_backends!(
    confirmation_accounts_and_websites_are_respected,
    |state: AppState| async move {
        // The demo store has a second website.
        app::demo::seed_demo_store(&state).await.unwrap();
        let id = customer(&state, "ada@example.com", 1).await;
        sqlx::query("UPDATE customer_entity SET confirmation = 'key' WHERE entity_id = $1")
            .bind(id)
            .execute(&state.db.pool)
            .await
            .unwrap();
        // Without the confirmation option, a pending key does not matter.
        attempt(&state, "ada@example.com", PASSWORD).await.unwrap();
        set(&state, "customer/create_account/confirm", "1").await;
        // Checked after the password: a wrong one is still just invalid.
        assert_eq!(
            attempt(&state, "ada@example.com", "wrong").await,
            Err(AppError::InvalidCredentials)
        );
        assert_eq!(
            attempt(&state, "ada@example.com", PASSWORD).await,
            Err(AppError::NotConfirmed)
        );
        set(&state, "customer/create_account/confirm", "0").await;

        // An account created in the Admin has no password: nothing signs it in.
        let admin_made = customers::save(
            &state,
            &app::testing::shop::actor(),
            &CustomerInput {
                website_id: 1,
                group_id: 1,
                firstname: "Grace".into(),
                lastname: "Hopper".into(),
                email: "grace@example.com".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
        assert!(admin_made > id);
        assert_eq!(
            attempt(&state, "grace@example.com", "").await,
            Err(AppError::Validation {
                fields: [("password".to_string(), Key::RequiredField.into())].into()
            })
        );
        assert_eq!(
            attempt(&state, "grace@example.com", PASSWORD).await,
            Err(AppError::InvalidCredentials)
        );

        // Per-website accounts: the account belongs to website 1 only.
        let other_website: i64 = sqlx::query("SELECT MAX(website_id) AS w FROM websites")
            .fetch_one(&state.db.pool)
            .await
            .unwrap()
            .try_get("w")
            .unwrap();
        assert_ne!(other_website, 1);
        assert_eq!(
            sign_in(
                &state,
                other_website,
                "ada@example.com",
                PASSWORD,
                &caller()
            )
            .await,
            Err(AppError::InvalidCredentials)
        );
        // Shared globally, the same account signs in everywhere.
        set(&state, "customer/account_share/scope", "0").await;
        sign_in(
            &state,
            other_website,
            "ada@example.com",
            PASSWORD,
            &caller(),
        )
        .await
        .unwrap();

        // A group excluded from a website can't sign in there, even with shared accounts.
        sqlx::query(
            "INSERT INTO customer_group_excluded_websites (customer_group_id, website_id)
             VALUES (1, $1)",
        )
        .bind(other_website)
        .execute(&state.db.pool)
        .await
        .unwrap();
        match sign_in(
            &state,
            other_website,
            "ada@example.com",
            PASSWORD,
            &caller(),
        )
        .await
        {
            Err(AppError::Validation { fields }) => {
                assert_eq!(fields["email"], app::accounts::service::WEBSITE_EXCLUDED)
            }
            other => panic!("expected the exclusion, got {other:?}"),
        }
        sign_in(&state, 1, "ada@example.com", PASSWORD, &caller())
            .await
            .unwrap();

        // Back to per website, the same email gets an account on the other website; from
        // then on accounts can't be shared globally.
        set(&state, "customer/account_share/scope", "1").await;
        customer(&state, "ada@example.com", other_website).await;
        let refused = state
            .config
            .set(
                "customer/account_share/scope",
                "0",
                app::config::model::Scope::Default,
                0,
            )
            .await;
        assert_eq!(
            refused.unwrap_err().to_string(),
            app::config::service::SHARE_GLOBALLY_REFUSED
        );
        let scope = state
            .config
            .get(
                app::config::registry::ACCOUNT_SHARE_SCOPE,
                app::config::service::At::default_scope(),
            )
            .await
            .unwrap();
        assert_eq!(scope, 1, "the option is unchanged");
    }
);
