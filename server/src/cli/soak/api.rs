//! Every request the soak tool sends, in one place. Server functions are
//! `POST /api/<endpoint>` (`#[server(endpoint = …)]` under app/src/**/api.rs); their
//! arguments travel form-urlencoded unless the attribute says `input = Json`, where the
//! body is an object keyed by argument name. The payload types are the app's own, so a
//! renamed field fails to compile here rather than at run time. When a server function
//! gains or renames an argument, this is the file to adjust.

use super::client::Call;
use app::accounts::model::Registration;
use app::customers::address::model::AddressInput;
use app::customers::grid::model::{GridQuery, InlineEdit};
use bytes::Bytes;
use http::Method;
use serde_json::json;

/// The CSRF guard (app/src/auth/csrf.rs) wants this header on every state-changing
/// request; the app's own client sends it with this value.
pub const CSRF_HEADER: &str = app::sessions::csrf::CSRF_HEADER;
pub const CSRF_VALUE: &str = "1";
/// Session cookies: the admin's and the shopper's.
pub const ADMIN_COOKIE: &str = app::sessions::token::ADMIN_COOKIE;
pub const CUSTOMER_COOKIE: &str = app::accounts::service::CUSTOMER_COOKIE;

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

fn form(path: &str, pairs: &[(&str, &str)]) -> Call {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    Call {
        method: Method::POST,
        path: path.to_string(),
        content_type: Some(FORM),
        body: Bytes::from(body),
    }
}

fn json_call(path: &str, args: serde_json::Value) -> Call {
    Call {
        method: Method::POST,
        path: path.to_string(),
        content_type: Some(JSON),
        body: Bytes::from(args.to_string()),
    }
}

fn get(path: String) -> Call {
    Call {
        method: Method::GET,
        path,
        content_type: None,
        body: Bytes::new(),
    }
}

/// `GET <path>`: a page, rendered on the server.
pub fn page(path: &str) -> Call {
    get(path.to_string())
}

/// `GET /healthz` (server/src/lib.rs): 200 when the database answers.
pub fn healthz() -> Call {
    get("/healthz".into())
}

// ---- admin ----

/// `admin_sign_in(email, password)` (app/src/auth/api.rs): sets the admin cookie.
pub fn admin_sign_in(email: &str, password: &str) -> Call {
    form(
        "/api/admin/sign_in",
        &[("email", email), ("password", password)],
    )
}

/// `admin_sign_out()`.
pub fn admin_sign_out() -> Call {
    form("/api/admin/sign_out", &[])
}

/// `customer_grid(query)` (app/src/customers/grid/api.rs, JSON): one grid page.
pub fn grid(query: &GridQuery) -> Call {
    json_call("/api/admin/customers/grid", json!({ "query": query }))
}

/// `save_inline_rows(rows)` (app/src/customers/grid/actions/mod.rs, JSON): answers one
/// `RowResult` per row (200 even when a row is refused).
pub fn inline_edit(rows: &[InlineEdit]) -> Call {
    json_call("/api/admin/customers/inline_edit", json!({ "rows": rows }))
}

/// `GET /admin/customers/export?<grid query>&format=csv|xml`
/// (app/src/customers/grid/download.rs): the streamed export, admin cookie required.
pub fn export(query: &GridQuery, format: &str) -> Call {
    let grid = query.to_query_string();
    let separator = if grid.is_empty() { "" } else { "&" };
    get(format!(
        "/admin/customers/export?{grid}{separator}format={format}"
    ))
}

// ---- storefront (app/src/accounts/api.rs) ----

/// `create_account(form)` (JSON): signs the new shopper in (unless confirmation is
/// required) and answers `Registered`.
pub fn create_account(form: &Registration) -> Call {
    json_call("/api/account/create", json!({ "form": form }))
}

/// `customer_sign_in(email, password)`: sets the shopper cookie.
pub fn customer_sign_in(email: &str, password: &str) -> Call {
    form(
        "/api/account/sign_in",
        &[("email", email), ("password", password)],
    )
}

/// `customer_sign_out()`.
pub fn customer_sign_out() -> Call {
    form("/api/account/sign_out", &[])
}

/// `account_dashboard()`: 200 for a signed-in shopper, 401 otherwise.
pub fn account_dashboard() -> Call {
    form("/api/account/dashboard", &[])
}

/// `account_options()`: the account forms' options (public), e.g. the minimum password
/// length.
pub fn account_options() -> Call {
    form("/api/account/form_options", &[])
}

/// `save_address(address)` (JSON): add (`id: None`) or update one of the signed-in
/// shopper's addresses; answers the saved address. A create carries
/// `address.request_key`, so that sending it again cannot add a second address.
pub fn save_address(address: &AddressInput) -> Call {
    json_call("/api/account/address/save", json!({ "address": address }))
}

// ---- what the shoppers type ----

/// A shopper's password: four character classes, longer than any minimum the tool sets.
pub fn shopper_password(n: u64) -> String {
    format!("Soak-{n}-Pass!")
}

/// The Create an Account form of a new shopper.
pub fn registration(email: &str, password: &str, n: u64) -> Registration {
    const FIRST: [&str; 6] = ["Ada", "Brook", "Chidi", "Dana", "Emil", "Farah"];
    const LAST: [&str; 6] = [
        "Lovelace", "Okafor", "Nakamura", "Silva", "Jansen", "Haddad",
    ];
    Registration {
        firstname: FIRST[(n % 6) as usize].into(),
        lastname: LAST[(n / 6 % 6) as usize].into(),
        email: email.into(),
        password: password.into(),
        password_confirmation: password.into(),
        newsletter: n.is_multiple_of(3),
        ..Registration::default()
    }
}

/// A new address whose single street line is `street` (a marker the crash check finds
/// again), created under the idempotency key `key` (letters, digits, `-`, `_`). The
/// Netherlands: no State/Province list, a postcode, a phone number, which is what the
/// default address options require.
pub fn new_address(street: &str, key: &str, form: &Registration) -> AddressInput {
    AddressInput {
        request_key: key.into(),
        firstname: form.firstname.clone(),
        lastname: form.lastname.clone(),
        street: vec![street.to_string()],
        city: "Amsterdam".into(),
        country_id: "NL".into(),
        postcode: "1011 AB".into(),
        telephone: "+31 20 555 0101".into(),
        ..AddressInput::default()
    }
}
