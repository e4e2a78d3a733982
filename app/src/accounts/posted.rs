//! What a shopper typed into Create an Account, or the email they signed in with, when
//! the server refused the form the page posted before its script loaded. The redirect
//! back to the page cannot carry it (an email or a name in a URL ends up in history and
//! logs), so it waits in a short-lived cookie for that page alone: `HttpOnly`,
//! `SameSite=Lax`, five minutes, and never a password.

use super::model::{Registration, FORGOT_PASSWORD_PATH, LOGIN_PATH};
use base64::Engine as _;

/// The cookie's name.
const COOKIE: &str = "clientele_registration";
/// The only page that reads it.
const PATH: &str = "/customer/account/create";
/// How long it is kept, in seconds.
const MAX_AGE: i64 = 300;
/// Larger values are not kept (a browser keeps at most 4 KiB per cookie).
const MAX_VALUE: usize = 3_000;

/// Keep what was typed (the passwords left out) for the page the form goes back to.
pub fn keep(form: &Registration) {
    if let Ok(json) = serde_json::to_vec(&form.without_passwords()) {
        set(COOKIE, PATH, &json);
    }
}

/// The cookie keeping the email of a refused sign-in, for the login page.
const LOGIN_COOKIE: &str = "clientele_login_email";

/// Keep the email of a sign-in the server refused, for the login page it goes back to.
pub fn keep_login_email(email: &str) {
    keep_email(LOGIN_COOKIE, LOGIN_PATH, email);
}

/// The email of the sign-in last refused, if kept.
pub fn kept_login_email() -> Option<String> {
    kept_email(LOGIN_COOKIE)
}

/// The cookie keeping the email a reset link was asked for, for Forgot Your Password?.
const FORGOT_COOKIE: &str = "clientele_forgot_email";

/// Keep the email a reset link was asked for, for the page that says it was sent.
pub fn keep_forgot_email(email: &str) {
    keep_email(FORGOT_COOKIE, FORGOT_PASSWORD_PATH, email);
}

/// The email a reset link was last asked for, if kept.
pub fn kept_forgot_email() -> Option<String> {
    kept_email(FORGOT_COOKIE)
}

/// Keep `email` (trimmed; nothing when blank) in the cookie `name` for the page at `path`.
fn keep_email(name: &'static str, path: &'static str, email: &str) {
    let email = email.trim();
    if !email.is_empty() {
        set(name, path, email.as_bytes());
    }
}

/// The email kept in the cookie `name`, if any.
fn kept_email(name: &str) -> Option<String> {
    String::from_utf8(read(name)?).ok()
}

/// What was kept, if anything (passwords are always empty).
pub fn kept() -> Option<Registration> {
    decode(read(COOKIE)?)
}

/// Forget what was kept (the account now exists).
pub fn forget() {
    if crate::request::cookie(COOKIE).is_none() {
        return;
    }
    let mut removal = build(COOKIE, PATH, String::new());
    removal.make_removal();
    crate::request::set_cookie(&removal.to_string());
}

/// Keep `bytes` (base64) in the cookie `name` for the page at `path`; nothing when too
/// large for a cookie.
fn set(name: &'static str, path: &'static str, bytes: &[u8]) {
    let value = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    if value.len() > MAX_VALUE {
        return;
    }
    let mut kept = build(name, path, value);
    kept.set_max_age(cookie::time::Duration::seconds(MAX_AGE));
    crate::request::set_cookie(&kept.to_string());
}

fn build(name: &'static str, path: &'static str, value: String) -> cookie::Cookie<'static> {
    let secure = crate::request::state()
        .map(|state| crate::request::secure_request(&state))
        .unwrap_or(false);
    cookie::Cookie::build((name, value))
        .path(path)
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .build()
}

/// The bytes of the kept cookie `name` (`None` when absent, too long or not base64).
fn read(name: &str) -> Option<Vec<u8>> {
    unpack(&crate::request::cookie(name)?)
}

fn unpack(value: &str) -> Option<Vec<u8>> {
    if value.len() > MAX_VALUE {
        return None;
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(value.as_bytes())
        .ok()
}

fn decode(json: Vec<u8>) -> Option<Registration> {
    serde_json::from_slice::<Registration>(&json)
        .ok()
        .map(|form| form.without_passwords())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_form_never_holds_a_password_and_bad_values_are_ignored() {
        let form = Registration {
            firstname: "Zoë".into(),
            email: "zoe@example.com".into(),
            password: "secret-1A".into(),
            password_confirmation: "secret-1A".into(),
            newsletter: true,
            ..Registration::default()
        };
        // Even a cookie written with passwords gives none back.
        let back = decode(serde_json::to_vec(&form).unwrap()).unwrap();
        assert_eq!(back.firstname, "Zoë");
        assert!(back.newsletter);
        assert_eq!(back.password, "");
        assert_eq!(back.password_confirmation, "");
        assert_eq!(decode(b"not json".to_vec()), None);
        assert_eq!(unpack("not base64 !"), None);
        assert_eq!(unpack(&"A".repeat(MAX_VALUE + 1)), None);
    }
}
