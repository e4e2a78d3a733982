//! My Account on a real database (spec §9.3, §17, §18): Account Information with the
//! email and password behind the current password, and the Address Book, each only
//! ever acting on the signed-in shopper's own data. Each test runs on SQLite and
//! PostgreSQL.

use app::accounts::model::{AccountEdit, DEFAULT_NOT_DELETABLE, PASSWORD_MISMATCH};
use app::accounts::service::{authenticate, sign_in, CustomerPrincipal};
use app::accounts::{addresses, information, register};
use app::both_backends;
use app::customers::address::model::AddressInput;
use app::error::AppError;
use app::sessions::service::Caller;
use app::state::AppState;
use sqlx::Row;

use app::testing::shop::{address, emails_to, registration, store, PASSWORD};
const NEW_PASSWORD: &str = "Difference-Engine-2";

fn caller() -> Caller {
    app::testing::shop::from_ip("203.0.113.9")
}

/// Register `email` and return the new session's token and the shopper.
async fn shopper(state: &AppState, email: &str) -> (String, CustomerPrincipal) {
    let store = store(state).await;
    let form = registration(email);
    let (_, token) = register::register(
        state,
        &store,
        &form,
        &caller(),
        &app::files::service::Uploader::visitor(None),
    )
    .await
    .unwrap();
    let token = token.expect("signed in");
    let who = authenticate(state, Some(&token)).await.unwrap().unwrap();
    (token, who)
}

fn field(result: Result<impl std::fmt::Debug, AppError>, name: &str) -> app::i18n::Message {
    match result {
        Err(AppError::Validation { fields }) => fields
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name} message in {fields:?}")),
        other => panic!("expected a message on {name}, got {other:?}"),
    }
}

both_backends!(
    account_information_saves_details_and_guards_email_and_password,
    |state: AppState| async move {
        let (_, me) = shopper(&state, "ada@example.com").await;
        // A second device signed in to the same account.
        let website = store(&state).await.website_id;
        let other_device = sign_in(&state, website, "ada@example.com", PASSWORD, &caller())
            .await
            .unwrap();

        let loaded = information::load(&state, &me).await.unwrap().form;
        assert_eq!(loaded.email, "ada@example.com");
        let renamed = AccountEdit {
            firstname: "Augusta".into(),
            assistance: true,
            ..loaded.clone()
        };
        let saved = information::save(&state, &me, None, &renamed)
            .await
            .unwrap()
            .form;
        assert_eq!(saved.firstname, "Augusta");
        assert!(saved.assistance);
        assert!(saved.version > loaded.version);

        // The same form saved again from the old version: changed elsewhere meanwhile.
        match information::save(&state, &me, None, &renamed).await {
            Err(AppError::Conflict) => {}
            other => panic!("expected a conflict, got {other:?}"),
        }
        let unchanged = information::load(&state, &me).await.unwrap().form;
        assert_eq!(unchanged.firstname, "Augusta");

        // A new email needs the right current password.
        let new_email = AccountEdit {
            change_email: true,
            email: "augusta@example.com".into(),
            current_password: "Not-the-password-1".into(),
            ..unchanged.clone()
        };
        assert_eq!(
            field(
                information::save(&state, &me, None, &new_email).await,
                "current_password"
            ),
            PASSWORD_MISMATCH
        );
        let missing = AccountEdit {
            current_password: String::new(),
            ..new_email.clone()
        };
        assert_eq!(
            field(
                information::save(&state, &me, None, &missing).await,
                "current_password"
            ),
            "This is a required field."
        );
        // The wrong password counted as a failed sign-in.
        let failures: i64 =
            sqlx::query("SELECT failures_num FROM customer_entity WHERE entity_id = $1")
                .bind(me.customer_id)
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .try_get("failures_num")
                .unwrap();
        assert_eq!(failures, 1);

        let moved = AccountEdit {
            current_password: PASSWORD.into(),
            ..new_email
        };
        let saved = information::save(&state, &me, None, &moved)
            .await
            .unwrap()
            .form;
        assert_eq!(saved.email, "augusta@example.com");
        assert_eq!(
            emails_to(&state, "ada@example.com", "change_email").await,
            1
        );
        assert_eq!(
            emails_to(&state, "augusta@example.com", "change_email").await,
            1
        );
        // A new email alone leaves other devices signed in.
        assert!(authenticate(&state, Some(&other_device))
            .await
            .unwrap()
            .is_some());

        // A new password: checked by the password rules, then other sessions end.
        let weak = AccountEdit {
            change_password: true,
            current_password: PASSWORD.into(),
            password: "short".into(),
            password_confirmation: "short".into(),
            ..saved.clone()
        };
        assert!(field(
            information::save(&state, &me, None, &weak).await,
            "password"
        )
        .to_string()
        .contains("at least 8 characters"));
        let strong = AccountEdit {
            password: NEW_PASSWORD.into(),
            password_confirmation: NEW_PASSWORD.into(),
            ..weak
        };
        information::save(&state, &me, None, &strong).await.unwrap();
        assert!(authenticate(&state, Some(&other_device))
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            emails_to(&state, "augusta@example.com", "password_changed").await,
            1
        );
        assert!(
            sign_in(&state, website, "augusta@example.com", PASSWORD, &caller())
                .await
                .is_err()
        );
        sign_in(
            &state,
            website,
            "augusta@example.com",
            NEW_PASSWORD,
            &caller(),
        )
        .await
        .unwrap();
    }
);

both_backends!(
    the_address_book_pages_keeps_defaults_and_is_private,
    |state: AppState| async move {
        let (_, ada) = shopper(&state, "ada@example.com").await;
        let (_, eve) = shopper(&state, "eve@example.com").await;

        // Field errors from the shared rules, nothing written.
        let bad = AddressInput {
            city: String::new(),
            ..address("London")
        };
        assert_eq!(
            field(addresses::save(&state, &ada, None, &bad).await, "city"),
            "City is a required field."
        );

        let home = addresses::save(
            &state,
            &ada,
            None,
            &AddressInput {
                default_billing: true,
                default_shipping: true,
                ..address("London")
            },
        )
        .await
        .unwrap();
        for n in 0..12 {
            addresses::save(&state, &ada, None, &address(&format!("Town {n}")))
                .await
                .unwrap();
        }
        let book = addresses::book(&state, &ada, 1, app::config::service::At::website(1))
            .await
            .unwrap();
        assert_eq!(book.default_billing.as_ref().unwrap().id, home.id);
        assert_eq!(book.default_shipping.as_ref().unwrap().id, home.id);
        assert_eq!(book.total, 12, "the defaults are not additional entries");
        assert_eq!(book.additional.len(), 10);
        assert_eq!(book.pages(), 2);
        let last = addresses::book(&state, &ada, 9, app::config::service::At::website(1))
            .await
            .unwrap();
        assert_eq!(last.page, 2);
        assert_eq!(last.additional.len(), 2);
        assert_eq!(last.additional[1].city, "Town 11");

        // A default stays the default when its form is saved without the toggle.
        let home_id = home.id.unwrap();
        let mut edit = addresses::form(&state, &ada, Some(home_id))
            .await
            .unwrap()
            .address;
        edit.default_billing = false;
        edit.city = "Cambridge".into();
        addresses::save(&state, &ada, None, &edit).await.unwrap();
        let book = addresses::book(&state, &ada, 1, app::config::service::At::website(1))
            .await
            .unwrap();
        assert_eq!(book.default_billing.as_ref().unwrap().city, "Cambridge");

        // Defaults can't be deleted; a stale delete is a conflict; a fresh one works.
        let fresh = addresses::form(&state, &ada, Some(home_id))
            .await
            .unwrap()
            .address;
        assert_eq!(
            field(
                addresses::delete(&state, &ada, None, home_id, fresh.version).await,
                "address"
            ),
            DEFAULT_NOT_DELETABLE
        );
        let extra = book.additional[0].clone();
        let extra_id = extra.id.unwrap();
        addresses::save(
            &state,
            &ada,
            None,
            &AddressInput {
                city: "Bath".into(),
                ..extra.clone()
            },
        )
        .await
        .unwrap();
        match addresses::delete(&state, &ada, None, extra_id, extra.version).await {
            Err(AppError::Conflict) => {}
            other => panic!("expected a conflict, got {other:?}"),
        }
        // Saving over a newer version is a conflict too.
        match addresses::save(&state, &ada, None, &extra).await {
            Err(AppError::Conflict) => {}
            other => panic!("expected a conflict, got {other:?}"),
        }

        // Another shopper can neither read, change nor delete Ada's addresses.
        assert!(matches!(
            addresses::form(&state, &eve, Some(extra_id)).await,
            Err(AppError::NotFound(_))
        ));
        let current = addresses::form(&state, &ada, Some(extra_id))
            .await
            .unwrap()
            .address;
        assert!(matches!(
            addresses::save(&state, &eve, None, &current).await,
            Err(AppError::NotFound(_))
        ));
        assert!(matches!(
            addresses::delete(&state, &eve, None, extra_id, current.version).await,
            Err(AppError::NotFound(_))
        ));
        let eves = addresses::book(&state, &eve, 1, app::config::service::At::website(1))
            .await
            .unwrap();
        assert_eq!(eves.total, 0);
        assert!(eves.default_billing.is_none());

        addresses::delete(&state, &ada, None, extra_id, current.version)
            .await
            .unwrap();
        assert_eq!(
            addresses::book(&state, &ada, 1, app::config::service::At::website(1))
                .await
                .unwrap()
                .total,
            11
        );
    }
);
