//! The storefront CAPTCHA on a real database (spec §7.11): which forms ask and when,
//! the login form after failed sign-ins, answers used once, expiry, case, the picture,
//! and the cap on challenges per address. Each test runs on SQLite and on PostgreSQL.

use app::accounts::service::sign_in_answering;
use app::both_backends;
use app::captcha::model::{Answer, CaptchaForm, Challenge};
use app::captcha::service as captchas;
use app::config::model::Scope;
use app::config::registry::{
    CAPTCHA_CASE_SENSITIVE, CAPTCHA_ENABLE, CAPTCHA_FAILED_ATTEMPTS_LOGIN, CAPTCHA_FORMS,
    CAPTCHA_MODE, CAPTCHA_TIMEOUT,
};
use app::error::AppError;
use app::i18n::Key;
use app::sessions::service::Caller;
use app::state::AppState;
use sqlx::Row;

const PASSWORD: &str = "Correct-Horse-9";
const IP: &str = "203.0.113.7";

async fn customer(state: &AppState, email: &str) {
    app::testing::shop::customer_with_password(state, email, 1, PASSWORD).await;
}

fn caller() -> Caller {
    Caller {
        token: None,
        ip: IP.into(),
        user_agent: "test".into(),
    }
}

async fn set(state: &AppState, path: &str, value: &str) {
    state
        .config
        .set(path, value, Scope::Website(1), 0)
        .await
        .unwrap();
}

/// What the picture of `challenge` shows (read where the server keeps it).
async fn answer_of(state: &AppState, challenge: &Challenge) -> String {
    sqlx::query("SELECT answer FROM captcha_challenge WHERE token = $1")
        .bind(&challenge.token)
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get("answer")
        .unwrap()
}

fn answered(challenge: &Challenge, text: &str) -> Answer {
    Answer {
        token: Some(challenge.token.clone()),
        text: Some(text.into()),
    }
}

fn captcha_error(result: Result<impl std::fmt::Debug, AppError>) -> Key {
    match result {
        Err(AppError::Validation { fields }) => fields["captcha"].key,
        other => panic!("expected a CAPTCHA error, got {other:?}"),
    }
}

async fn login(
    state: &AppState,
    email: &str,
    password: &str,
    answer: &Answer,
) -> Result<String, AppError> {
    sign_in_answering(state, 1, email, password, &caller(), answer).await
}

both_backends!(
    the_default_forms_ask_as_magento_does,
    |state: AppState| async move {
        // Enabled, Forms = Forgot password + Login, after 3 failed sign-ins.
        let required = |form| {
            let state = state.clone();
            async move {
                captchas::required(&state, form, 1, Some("ada@example.com"), IP)
                    .await
                    .unwrap()
            }
        };
        assert!(required(CaptchaForm::ForgotPassword).await);
        assert!(!required(CaptchaForm::Login).await);
        assert!(!required(CaptchaForm::CreateUser).await);
        assert!(!required(CaptchaForm::ChangePassword).await);
        // Create user and Change password always ask once selected.
        set(
            &state,
            CAPTCHA_FORMS.path,
            "user_create,user_edit,user_login",
        )
        .await;
        assert!(required(CaptchaForm::CreateUser).await);
        assert!(required(CaptchaForm::ChangePassword).await);
        assert!(!required(CaptchaForm::ForgotPassword).await);
        // "Always": the login form asks before any failure; 0 attempts does too.
        set(&state, CAPTCHA_MODE.path, "always").await;
        assert!(required(CaptchaForm::Login).await);
        set(&state, CAPTCHA_MODE.path, "after_fail").await;
        set(&state, CAPTCHA_FAILED_ATTEMPTS_LOGIN.path, "0").await;
        assert!(required(CaptchaForm::Login).await);
        // Switched off: nothing asks.
        set(&state, CAPTCHA_ENABLE.path, "0").await;
        for form in CaptchaForm::ALL {
            assert!(!required(form).await, "{form:?}");
        }
    }
);

both_backends!(
    the_login_form_asks_after_three_failed_sign_ins_and_a_right_answer_lets_in,
    |state: AppState| async move {
        customer(&state, "ada@example.com").await;
        let none = Answer::default();
        for _ in 0..3 {
            assert_eq!(
                login(&state, "ada@example.com", "wrong-password", &none).await,
                Err(AppError::InvalidCredentials)
            );
        }
        // The fourth attempt must answer, even with the right password.
        assert!(
            captchas::required(&state, CaptchaForm::Login, 1, Some("ADA@example.com "), IP)
                .await
                .unwrap()
        );
        assert_eq!(
            captcha_error(login(&state, "ada@example.com", PASSWORD, &none).await),
            Key::ErrCaptchaRequired
        );
        // Another email from another address is not asked.
        assert!(!captchas::required(
            &state,
            CaptchaForm::Login,
            1,
            Some("bob@example.com"),
            "198.51.100.1"
        )
        .await
        .unwrap());

        let challenge = captchas::issue(&state, CaptchaForm::Login, 1, IP)
            .await
            .unwrap();
        let wrong = login(
            &state,
            "ada@example.com",
            PASSWORD,
            &answered(&challenge, "nope"),
        )
        .await;
        assert_eq!(captcha_error(wrong), Key::ErrCaptchaIncorrect);
        // Used once: the right answer to the same picture is refused now.
        let again = answered(&challenge, "whatever");
        assert_eq!(
            captcha_error(login(&state, "ada@example.com", PASSWORD, &again).await),
            Key::ErrCaptchaIncorrect
        );

        let challenge = captchas::issue(&state, CaptchaForm::Login, 1, IP)
            .await
            .unwrap();
        let right = answer_of(&state, &challenge).await;
        // Not case-sensitive by default.
        let typed = answered(&challenge, &format!(" {} ", right.to_uppercase()));
        assert!(login(&state, "ada@example.com", PASSWORD, &typed)
            .await
            .is_ok());
        // Signed in: the email and the address start counting again.
        assert!(
            !captchas::required(&state, CaptchaForm::Login, 1, Some("ada@example.com"), IP)
                .await
                .unwrap()
        );
    }
);

both_backends!(
    an_answer_belongs_to_its_form_and_expires,
    |state: AppState| async move {
        let forgot = captchas::issue(&state, CaptchaForm::ForgotPassword, 1, IP)
            .await
            .unwrap();
        let right = answer_of(&state, &forgot).await;
        let check = |form, answer: Answer| {
            let state = state.clone();
            async move { captchas::check(&state, form, 1, None, IP, &answer).await }
        };
        // Another form's picture does not answer this one (set the form to ask).
        set(
            &state,
            CAPTCHA_FORMS.path,
            "user_forgotpassword,user_create",
        )
        .await;
        assert_eq!(
            captcha_error(check(CaptchaForm::CreateUser, answered(&forgot, &right)).await),
            Key::ErrCaptchaIncorrect
        );
        // Expired after the timeout (7 minutes by default, 2 here).
        set(&state, CAPTCHA_TIMEOUT.path, "2").await;
        let late = captchas::issue(&state, CaptchaForm::ForgotPassword, 1, IP)
            .await
            .unwrap();
        let late_answer = answer_of(&state, &late).await;
        assert!(captchas::picture(&state, &late.token)
            .await
            .unwrap()
            .is_some());
        state.clock.advance(121);
        assert!(captchas::picture(&state, &late.token)
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            captcha_error(check(CaptchaForm::ForgotPassword, answered(&late, &late_answer)).await),
            Key::ErrCaptchaIncorrect
        );
        // Case-sensitive when set: the exact symbols only.
        set(&state, CAPTCHA_CASE_SENSITIVE.path, "1").await;
        let exact = captchas::issue(&state, CaptchaForm::ForgotPassword, 1, IP)
            .await
            .unwrap();
        let symbols = answer_of(&state, &exact).await;
        let swapped: String = symbols
            .chars()
            .map(|c| {
                if c.is_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect();
        if swapped != symbols {
            assert_eq!(
                captcha_error(check(CaptchaForm::ForgotPassword, answered(&exact, &swapped)).await),
                Key::ErrCaptchaIncorrect
            );
            let exact = captchas::issue(&state, CaptchaForm::ForgotPassword, 1, IP)
                .await
                .unwrap();
            let symbols = answer_of(&state, &exact).await;
            assert!(
                check(CaptchaForm::ForgotPassword, answered(&exact, &symbols))
                    .await
                    .is_ok()
            );
        }
    }
);

both_backends!(
    pictures_hold_no_text_and_one_address_cannot_hoard_challenges,
    |state: AppState| async move {
        let challenge = captchas::issue(&state, CaptchaForm::ForgotPassword, 1, IP)
            .await
            .unwrap();
        let answer = answer_of(&state, &challenge).await;
        assert!((4..=5).contains(&answer.chars().count()));
        assert!(answer
            .chars()
            .all(|c| "ABCDEFGHJKMnpqrstuvwxyz23456789".contains(c)));
        let svg = captchas::picture(&state, &challenge.token)
            .await
            .unwrap()
            .unwrap();
        assert!(svg.starts_with("<svg") && !svg.contains(&answer) && !svg.contains("<text"));
        assert!(
            captchas::picture(&state, "0123456789abcdef0123456789abcdef")
                .await
                .unwrap()
                .is_none()
        );

        for _ in 0..(captchas::CHALLENGES_PER_ADDRESS + 5) {
            captchas::issue(&state, CaptchaForm::ForgotPassword, 1, "198.51.100.9")
                .await
                .unwrap();
        }
        let held: i64 = sqlx::query("SELECT COUNT(*) AS n FROM captcha_challenge WHERE ip = $1")
            .bind("198.51.100.9")
            .fetch_one(&state.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(held, captchas::CHALLENGES_PER_ADDRESS);
        // Another address's challenge is untouched.
        assert!(captchas::picture(&state, &challenge.token)
            .await
            .unwrap()
            .is_some());
    }
);

both_backends!(
    one_page_render_shows_one_challenge_however_often_it_is_built,
    |state: AppState| async move {
        // Leptos builds a page up to three times while rendering it; each build asks
        // through `request::once`, which answers from the request's memo.
        let ask = || {
            let state = state.clone();
            app::request::once("forgot password".to_string(), move || async move {
                captchas::challenge_if_required(&state, CaptchaForm::ForgotPassword, 1, None, IP)
                    .await
            })
        };
        let in_request = |memo: Option<app::request::RequestMemo>| {
            let (mut parts, ()) = http::Request::new(()).into_parts();
            if let Some(memo) = memo {
                parts.extensions.insert(memo);
            }
            let owner = leptos::prelude::Owner::new();
            owner.with(|| leptos::prelude::provide_context(parts));
            owner
        };
        let token = |owner: &leptos::prelude::Owner| {
            // Polled inside the request's owner, as a page's server call is.
            let asked = owner.with(|| leptos::reactive::computed::ScopedFuture::new(ask()));
            async move { asked.await.unwrap().unwrap().token }
        };
        let page = in_request(Some(app::request::RequestMemo::default()));
        let first = token(&page).await;
        assert_eq!(token(&page).await, first);
        assert_eq!(token(&page).await, first);
        // The challenge shown is the one stored.
        assert!(captchas::picture(&state, &first).await.unwrap().is_some());
        // Another request gets its own; without a memo every call draws one.
        let next = in_request(Some(app::request::RequestMemo::default()));
        assert_ne!(token(&next).await, first);
        let bare = in_request(None);
        assert_ne!(token(&bare).await, token(&bare).await);
        // A form that does not ask gets none.
        let login = captchas::challenge_if_required(&state, CaptchaForm::Login, 1, None, IP)
            .await
            .unwrap();
        assert!(login.is_none());
    }
);

/// An address that has failed [`captchas::IP_ATTEMPTS`] times is asked on the login
/// page whatever the email: at once by the process that counted the failure, within a
/// second by another process on the same database (pages go by a set of such addresses
/// each process keeps), and never again once a sign-in from it succeeds. A posted form
/// is checked against the count itself.
async fn an_address_over_the_limit_is_asked_on_every_process(backend: app::testing::TestBackend) {
    let db = app::testing::TestDb::new(backend).await;
    let (a, b) = (db.state.clone(), db.second_process().await);
    customer(&a, "ada@example.com").await;
    let shown = |state: &AppState| {
        let state = state.clone();
        async move {
            captchas::challenge_if_required(&state, CaptchaForm::Login, 1, None, IP)
                .await
                .unwrap()
                .is_some()
        }
    };
    // Both processes have read the (empty) set.
    assert!(!shown(&a).await && !shown(&b).await);
    sqlx::query(
        "INSERT INTO captcha_log (kind, value, count, updated_at) VALUES ('ip', $1, $2, 0)",
    )
    .bind(IP)
    .bind(captchas::IP_ATTEMPTS - 1)
    .execute(&a.db.pool)
    .await
    .unwrap();
    // One more failure, another email: the address reaches the limit.
    captchas::sign_in_failed(&a, 1, "someone@example.com", IP)
        .await
        .unwrap();
    assert!(shown(&a).await, "the process that counted it asks at once");
    assert!(
        captchas::required(&b, CaptchaForm::Login, 1, None, IP)
            .await
            .unwrap(),
        "a posted form is checked against the count"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    assert!(shown(&b).await, "another process asks within a second");
    // Another address is not asked.
    assert!(
        captchas::challenge_if_required(&b, CaptchaForm::Login, 1, None, "198.51.100.1")
            .await
            .unwrap()
            .is_none()
    );
    captchas::signed_in(&a, 1, "ada@example.com", IP)
        .await
        .unwrap();
    assert!(!shown(&a).await, "a sign-in clears the address");
    b.db.close().await;
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_over_the_limit_is_asked_on_every_process_sqlite() {
    an_address_over_the_limit_is_asked_on_every_process(app::testing::TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_over_the_limit_is_asked_on_every_process_postgres() {
    an_address_over_the_limit_is_asked_on_every_process(app::testing::TestBackend::Postgres).await;
}
