//! The two HTTP ends of uploaded files, outside the server functions because they carry
//! raw bytes:
//! - `POST /media/customer-file?entity=customer|customer_address&code=<code>&area=admin`
//!   with the file as the body and its name (percent-encoded) in `X-File-Name`: an
//!   admin (`area=admin`, `Magento_Customer::manage`) may upload for any attribute; a
//!   signed-in customer for one shown in a storefront form of theirs; a visitor with
//!   the browser's form cookie for one shown in the registration form. Answers
//!   [`super::service::Uploaded`] as JSON, or the error as server functions do.
//! - `GET /media/customer-file/<token>/<name>`: the file, to those
//!   [`super::service::open`] lets see it; 404 to anyone else.
//!
//! Both pass the CSRF guard like every other request.

use super::service::{self, Uploader, Viewer};
use crate::accounts::service::CUSTOMER_COOKIE;
use crate::attributes::model::{EntityType, FieldDef, UsedInForm, MAX_UPLOAD_KB};
use crate::customers::grid::download::error_response;
use crate::error::AppError;
use crate::i18n::{Key, Message};
use crate::sessions::csrf::form_cookie;
use crate::sessions::token::{read_cookie, ADMIN_COOKIE};
use crate::state::AppState;
use axum::extract::{Path, RawQuery, Request, State};
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, HeaderValue, StatusCode};

/// The largest request body of an upload (the largest file any attribute allows).
pub const MAX_UPLOAD_BODY: usize = MAX_UPLOAD_KB * 1024;

/// Uploads one network address may make in an hour, whoever makes them (a visitor can
/// get a new form cookie at will; an office or a carrier puts many shoppers behind one
/// address).
pub const UPLOADS_PER_IP: crate::state::RateLimit = crate::state::RateLimit {
    max: 300,
    window: 3600,
};

fn percent_decoded(text: &str) -> String {
    form_urlencoded::parse(format!("n={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// `POST`: keep an upload.
pub async fn upload_file(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let answer = async {
        let mut entity = None;
        let mut code = String::new();
        let mut admin_area = false;
        for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match &*k {
                "entity" => entity = EntityType::from_code(&v),
                "code" => code = v.into_owned(),
                "area" => admin_area = v == "admin",
                _ => {}
            }
        }
        let entity = entity.ok_or_else(|| AppError::field("entity", Key::ErrChooseFromList))?;
        let ip = crate::request::client_ip(
            state.settings.trust_proxy,
            &parts.headers,
            &parts.extensions,
        );
        crate::sessions::service::count_toward_limit(
            &state,
            &format!("uploads:{ip}"),
            UPLOADS_PER_IP,
            state.clock.now(),
        )
        .await?;
        let (uploader, fields) =
            uploader_and_fields(&state, &parts.headers, entity, admin_area).await?;
        let field = fields
            .into_iter()
            .find(|f| f.code == code && f.input.is_file())
            .ok_or_else(|| AppError::NotFound(Key::File.into()))?;
        let name = parts
            .headers
            .get("x-file-name")
            .and_then(|v| v.to_str().ok())
            .map(percent_decoded)
            .unwrap_or_default();
        let bytes = axum::body::to_bytes(body, MAX_UPLOAD_BODY)
            .await
            .map_err(|_| {
                AppError::field(
                    "file",
                    Message::new(Key::ErrFileTooBig).with("max", field.file.max_bytes() / 1024),
                )
            })?;
        service::upload(&state, &uploader, &field, &name, &bytes).await
    };
    match answer.await {
        Ok(uploaded) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_string(&uploaded).unwrap_or_default(),
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

/// Who uploads, and the attributes they may upload for.
async fn uploader_and_fields(
    state: &AppState,
    headers: &HeaderMap,
    entity: EntityType,
    admin_area: bool,
) -> Result<(Uploader, Vec<FieldDef>), AppError> {
    let fields = |forms: &'static [UsedInForm]| async move {
        let mut all: Vec<FieldDef> = Vec::new();
        for form in forms {
            for f in crate::attributes::repo::fields(&state.db, entity, Some(*form), None).await? {
                if !all.iter().any(|a| a.id == f.id) {
                    all.push(f);
                }
            }
        }
        Ok::<_, AppError>(all)
    };
    if admin_area {
        let token = read_cookie(headers, ADMIN_COOKIE);
        let admin = crate::auth::service::authenticate(state, token.as_deref())
            .await?
            .ok_or(AppError::Unauthenticated)?;
        admin.require(crate::auth::acl::CUSTOMERS_MANAGE)?;
        let all = crate::attributes::repo::fields(&state.db, entity, None, None).await?;
        return Ok((Uploader::Admin(admin.view.id), all));
    }
    let token = read_cookie(headers, CUSTOMER_COOKIE);
    if let Some(customer) = crate::accounts::service::authenticate(state, token.as_deref()).await? {
        let forms: &'static [UsedInForm] = match entity {
            EntityType::Customer => &[UsedInForm::CustomerAccountEdit],
            EntityType::Address => &[UsedInForm::AddressEdit, UsedInForm::AddressRegister],
        };
        return Ok((
            Uploader::Customer(customer.customer_id),
            fields(forms).await?,
        ));
    }
    let cookie = form_cookie(headers).ok_or(AppError::Unauthenticated)?;
    // A visitor fills in Create an Account (and its address part, where the store asks
    // for one).
    let forms: &'static [UsedInForm] = match entity {
        EntityType::Customer => &[UsedInForm::CustomerAccountCreate],
        EntityType::Address => &[UsedInForm::AddressRegister],
    };
    Ok((Uploader::visitor(Some(&cookie)), fields(forms).await?))
}

/// `GET`: a file, to whoever may see it.
pub async fn serve_file(
    State(state): State<AppState>,
    Path((token, _name)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let answer = async {
        let admin_token = read_cookie(&headers, ADMIN_COOKIE);
        let admin = crate::auth::service::authenticate(&state, admin_token.as_deref()).await?;
        let customer_token = read_cookie(&headers, CUSTOMER_COOKIE);
        let customer =
            crate::accounts::service::authenticate(&state, customer_token.as_deref()).await?;
        let mut uploaders = Vec::new();
        if let Some(a) = &admin {
            uploaders.push(Uploader::Admin(a.view.id));
        }
        if let Some(c) = &customer {
            uploaders.push(Uploader::Customer(c.customer_id));
        }
        if let Some(cookie) = form_cookie(&headers) {
            uploaders.push(Uploader::visitor(Some(&cookie)));
        }
        let viewer = Viewer {
            admin: admin.is_some_and(|a| a.require(crate::auth::acl::CUSTOMERS_MANAGE).is_ok()),
            customer: customer.map(|c| c.customer_id),
            uploaders,
        };
        service::open(&state, &viewer, &token).await
    };
    match answer.await {
        Ok(file) => {
            let inline = file.content_type.starts_with("image/");
            let disposition = content_disposition(inline, &file.file_name);
            let mut response = (StatusCode::OK, file.bytes).into_response();
            let h = response.headers_mut();
            for (name, value) in [
                (header::CONTENT_TYPE, file.content_type.as_str()),
                (header::CONTENT_DISPOSITION, disposition.as_str()),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; sandbox",
                ),
                (header::CACHE_CONTROL, "private, no-store"),
                (
                    http::HeaderName::from_static("cross-origin-resource-policy"),
                    "same-origin",
                ),
            ] {
                if let Ok(v) = HeaderValue::from_str(value) {
                    h.insert(name, v);
                }
            }
            response
        }
        Err(err) => error_response(err),
    }
}

/// `inline` or `attachment`, with the name as ASCII and as UTF-8 (RFC 6266).
fn content_disposition(inline: bool, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = crate::attributes::model::percent_encoded(name);
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_names_its_file_safely() {
        assert_eq!(
            content_disposition(false, "Zoë \"x\".pdf"),
            "attachment; filename=\"Zo_ _x_.pdf\"; filename*=UTF-8''Zo%C3%AB%20%22x%22.pdf"
        );
        assert_eq!(percent_decoded("Zo%C3%AB+1.pdf"), "Zoë+1.pdf");
        // What the browser sends (`percent_encoded`) is read back as it was named.
        let name = "my badge+1 (Zoë) 100%.png";
        assert_eq!(
            percent_decoded(&crate::attributes::model::percent_encoded(name)),
            name
        );
    }
}
