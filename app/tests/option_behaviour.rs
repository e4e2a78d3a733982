//! One table of the configuration options that change what the store does: for each,
//! the behaviour is observed with the built-in value, the option is set, and the
//! behaviour is observed again. Each row names the option, the value set, what is
//! done to observe it, and what is seen before and after. Runs on SQLite and on
//! PostgreSQL.

use app::accounts::model::{Registered, Registration};
use app::accounts::register::register;
use app::accounts::service::sign_in;
use app::both_backends;
use app::captcha::model::CaptchaForm;
use app::config::model::Scope;
use app::config::registry as r;
use app::customers::address::model::{AddressInput, DefaultKind};
use app::error::AppError;
use app::state::AppState;
use app::stores::model::StoreViewInfo;
use app::testing::shop::{from_ip, registration, store, PASSWORD};
use sqlx::Row;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a row does to see the option's effect; each observation is a short text.
#[derive(Clone, Copy, Debug)]
enum Probe {
    /// Create an Account with only the required fields: "accepted" or the refused
    /// fields.
    Register,
    /// Create an Account with this password.
    RegisterWith(&'static str),
    /// Create an Account: "signed in" or "confirmation sent".
    Confirmation,
    /// Create an Account: the new customer's group.
    NewAccountGroup,
    /// Save an address with three street lines and no telephone or company: "saved"
    /// or the refused fields.
    SaveAddress,
    /// Two wrong passwords, then the right one: "signed in" or the error.
    SignInAfterTwoFailures,
    /// Sign in on the second website with an account of the first.
    SignInOnOtherWebsite,
    /// Whether Forgot Your Password? asks for a CAPTCHA.
    ForgotPasswordCaptcha,
    /// A customer's default address as the HTML template prints it.
    PrintedAddress,
}

struct Case {
    path: &'static str,
    value: &'static str,
    probe: Probe,
    before: &'static str,
    after: &'static str,
}

const ROWS: &[Case] = &[
    Case {
        path: r::ADDRESS_DOB_SHOW.path,
        value: "req",
        probe: Probe::Register,
        before: "accepted",
        after: "refused: dob",
    },
    Case {
        path: r::ADDRESS_GENDER_SHOW.path,
        value: "req",
        probe: Probe::Register,
        before: "accepted",
        after: "refused: gender",
    },
    Case {
        path: r::ADDRESS_TAXVAT_SHOW.path,
        value: "req",
        probe: Probe::Register,
        before: "accepted",
        after: "refused: taxvat",
    },
    Case {
        path: r::ADDRESS_PREFIX_SHOW.path,
        value: "req",
        probe: Probe::Register,
        before: "accepted",
        after: "refused: prefix",
    },
    Case {
        path: r::PASSWORD_MINIMUM_LENGTH.path,
        value: "12",
        probe: Probe::RegisterWith("Engine-Pass-9"),
        before: "accepted",
        after: "accepted",
    },
    Case {
        path: r::PASSWORD_MINIMUM_LENGTH.path,
        value: "14",
        probe: Probe::RegisterWith("Engine-Pass-9"),
        before: "accepted",
        after: "refused: password",
    },
    Case {
        path: r::PASSWORD_REQUIRED_CHARACTER_CLASSES_NUMBER.path,
        value: "4",
        probe: Probe::RegisterWith("EnginePass99"),
        before: "accepted",
        after: "refused: password",
    },
    Case {
        path: r::CREATE_ACCOUNT_CONFIRM.path,
        value: "1",
        probe: Probe::Confirmation,
        before: "signed in",
        after: "confirmation sent",
    },
    Case {
        path: r::CREATE_ACCOUNT_SHOW_ADDRESS_FIELDS.path,
        value: "1",
        probe: Probe::Register,
        before: "accepted",
        after: "refused: address.city, address.country_id, address.postcode, address.street, \
                address.telephone",
    },
    Case {
        path: r::CREATE_ACCOUNT_DEFAULT_GROUP.path,
        value: "3",
        probe: Probe::NewAccountGroup,
        before: "1",
        after: "3",
    },
    Case {
        path: r::ADDRESS_STREET_LINES.path,
        value: "3",
        probe: Probe::SaveAddress,
        before: "refused: street, telephone",
        after: "refused: telephone",
    },
    Case {
        path: r::ADDRESS_TELEPHONE_SHOW.path,
        value: "opt",
        probe: Probe::SaveAddress,
        before: "refused: street, telephone",
        after: "refused: street",
    },
    Case {
        path: r::ADDRESS_COMPANY_SHOW.path,
        value: "req",
        probe: Probe::SaveAddress,
        before: "refused: street, telephone",
        after: "refused: company, street, telephone",
    },
    Case {
        path: r::PASSWORD_LOCKOUT_FAILURES.path,
        value: "2",
        probe: Probe::SignInAfterTwoFailures,
        before: "signed in",
        after: "AccountLocked",
    },
    Case {
        path: r::ACCOUNT_SHARE_SCOPE.path,
        value: "0",
        probe: Probe::SignInOnOtherWebsite,
        before: "InvalidCredentials",
        after: "signed in",
    },
    Case {
        path: r::CAPTCHA_ENABLE.path,
        value: "0",
        probe: Probe::ForgotPasswordCaptcha,
        before: "asks",
        after: "does not ask",
    },
    Case {
        path: r::CAPTCHA_FORMS.path,
        value: "user_login",
        probe: Probe::ForgotPasswordCaptcha,
        before: "asks",
        after: "does not ask",
    },
    Case {
        path: r::ADDRESS_TEMPLATE_HTML.path,
        value: "{{var city}} / {{var lastname}}",
        probe: Probe::PrintedAddress,
        before: "Ada Lovelace<br>",
        after: "Austin / Lovelace",
    },
];

static EMAILS: AtomicUsize = AtomicUsize::new(0);

fn fresh_email() -> String {
    format!(
        "probe{}@example.com",
        EMAILS.fetch_add(1, Ordering::Relaxed)
    )
}

fn outcome(result: Result<(), AppError>) -> String {
    match result {
        Ok(()) => "accepted".into(),
        Err(AppError::Validation { fields }) => {
            format!(
                "refused: {}",
                fields.keys().cloned().collect::<Vec<_>>().join(", ")
            )
        }
        Err(other) => format!("{other:?}"),
    }
}

async fn signed_up(
    state: &AppState,
    store: &StoreViewInfo,
    form: &Registration,
) -> Result<Registered, AppError> {
    // Each from its own address (registrations are counted per address).
    let n = EMAILS.fetch_add(1, Ordering::Relaxed);
    register(
        state,
        store,
        form,
        &from_ip(&format!("10.{}.{}.1", n / 250, n % 250)),
        &app::files::service::Uploader::visitor(None),
    )
    .await
    .map(|(done, _)| done)
}

async fn observe(
    state: &AppState,
    store: &StoreViewInfo,
    second: &StoreViewInfo,
    probe: Probe,
) -> String {
    match probe {
        Probe::Register => outcome(
            signed_up(state, store, &registration(&fresh_email()))
                .await
                .map(|_| ()),
        ),
        Probe::RegisterWith(password) => {
            let form = Registration {
                password: password.into(),
                password_confirmation: password.into(),
                ..registration(&fresh_email())
            };
            outcome(signed_up(state, store, &form).await.map(|_| ()))
        }
        Probe::Confirmation => match signed_up(state, store, &registration(&fresh_email())).await {
            Ok(Registered::SignedIn) => "signed in".into(),
            Ok(Registered::ConfirmationSent) => "confirmation sent".into(),
            Err(e) => format!("{e:?}"),
        },
        Probe::NewAccountGroup => {
            let email = fresh_email();
            signed_up(state, store, &registration(&email))
                .await
                .unwrap();
            let group: i64 = sqlx::query("SELECT group_id FROM customer_entity WHERE email = $1")
                .bind(&email)
                .fetch_one(&state.db.pool)
                .await
                .unwrap()
                .get("group_id");
            group.to_string()
        }
        Probe::SaveAddress => {
            let id = customer(state, store).await;
            let address = AddressInput {
                customer_id: id,
                firstname: "Ada".into(),
                lastname: "Lovelace".into(),
                street: vec!["1 Main St".into(), "Floor 2".into(), "Suite 3".into()],
                city: "Austin".into(),
                region_id: "TX".into(),
                country_id: "US".into(),
                postcode: "78701".into(),
                ..Default::default()
            };
            let saved = app::customers::address::service::save(
                state,
                Some(&app::testing::shop::actor()),
                &address,
            )
            .await;
            match saved {
                Ok(_) => "saved".into(),
                Err(e) => outcome(Err(e)),
            }
        }
        Probe::SignInAfterTwoFailures => {
            let email = fresh_email();
            signed_up(state, store, &registration(&email))
                .await
                .unwrap();
            let caller = from_ip("203.0.113.21");
            for _ in 0..2 {
                let _ = sign_in(state, store.website_id, &email, "Wrong-Pass-1", &caller).await;
            }
            match sign_in(state, store.website_id, &email, PASSWORD, &caller).await {
                Ok(_) => "signed in".into(),
                Err(e) => format!("{e:?}"),
            }
        }
        Probe::SignInOnOtherWebsite => {
            let email = fresh_email();
            signed_up(state, store, &registration(&email))
                .await
                .unwrap();
            match sign_in(
                state,
                second.website_id,
                &email,
                PASSWORD,
                &from_ip("203.0.113.22"),
            )
            .await
            {
                Ok(_) => "signed in".into(),
                Err(e) => format!("{e:?}"),
            }
        }
        Probe::ForgotPasswordCaptcha => {
            let asks = app::captcha::service::required(
                state,
                CaptchaForm::ForgotPassword,
                store.website_id,
                None,
                "203.0.113.23",
            )
            .await
            .unwrap();
            if asks { "asks" } else { "does not ask" }.into()
        }
        Probe::PrintedAddress => {
            let id = customer(state, store).await;
            let address = AddressInput {
                customer_id: id,
                firstname: "Ada".into(),
                lastname: "Lovelace".into(),
                street: vec!["1 Main St".into()],
                city: "Austin".into(),
                region_id: "TX".into(),
                country_id: "US".into(),
                postcode: "78701".into(),
                telephone: "+1 512 555 0100".into(),
                default_billing: true,
                ..Default::default()
            };
            app::customers::address::service::save(
                state,
                Some(&app::testing::shop::actor()),
                &address,
            )
            .await
            .unwrap();
            let at = app::config::service::At::store(store.website_id, store.store_id);
            let (_, html) =
                app::address_format::printed_default(state, id, DefaultKind::Billing, at, 0)
                    .await
                    .unwrap();
            let html = html.unwrap();
            // The first line is enough to tell the templates apart.
            html.split_inclusive("<br>")
                .next()
                .unwrap_or_default()
                .to_string()
        }
    }
}

/// A new customer of the store's website (for the address probes).
async fn customer(state: &AppState, store: &StoreViewInfo) -> i64 {
    let email = fresh_email();
    signed_up(state, store, &registration(&email))
        .await
        .unwrap();
    sqlx::query("SELECT entity_id FROM customer_entity WHERE email = $1")
        .bind(&email)
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .get("entity_id")
}

both_backends!(
    each_option_changes_what_the_store_does,
    |state: AppState| async move {
        app::demo::seed_demo_store(&state).await.unwrap();
        let views = app::stores::repo::list_views(&state.db).await.unwrap();
        let store = store(&state).await;
        let second = views
            .iter()
            .find(|v| v.website_id != store.website_id)
            .cloned()
            .expect("a second website");
        for row in ROWS {
            let before = observe(&state, &store, &second, row.probe).await;
            assert!(
                before.starts_with(row.before),
                "{} before: {before}",
                row.path
            );
            state
                .config
                .set(row.path, row.value, Scope::Default, 0)
                .await
                .unwrap_or_else(|e| panic!("{}: {e:?}", row.path));
            let after = observe(&state, &store, &second, row.probe).await;
            assert!(
                after.starts_with(row.after),
                "{} = {}: {after}",
                row.path,
                row.value
            );
            state.config.unset(row.path, Scope::Default).await.unwrap();
            // Put back: the next row starts from the built-in values.
            let again = observe(&state, &store, &second, row.probe).await;
            assert!(
                again.starts_with(row.before),
                "{} put back: {again}",
                row.path
            );
        }
    }
);
