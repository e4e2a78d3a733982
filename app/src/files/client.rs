//! The browser's side of an upload: the file's bytes sent as they are (no form
//! encoding), its name in a header, the CSRF header as server functions send it.

use super::Uploaded;
use crate::attributes::model::{percent_encoded, FieldDef, FILE_PATH};
use crate::error::AppError;
use crate::i18n::{Key, Message};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Upload `file` for `field`, from the admin (`admin`) or the storefront. A refusal is
/// the server's error (a refused file: a validation error keyed `file`).
pub async fn send(
    field: &FieldDef,
    file: web_sys::File,
    admin: bool,
) -> Result<Uploaded, AppError> {
    let failed = || AppError::field("file", Key::ErrUploadFailed);
    let window = web_sys::window().ok_or_else(failed)?;
    let headers = web_sys::Headers::new().map_err(|_| failed())?;
    let name = file.name();
    for (header, value) in [
        (crate::sessions::client::CSRF_HEADER, "1".to_string()),
        ("x-file-name", percent_encoded(&name)),
        ("content-type", "application/octet-stream".to_string()),
    ] {
        headers.set(header, &value).map_err(|_| failed())?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&file);
    let url = format!(
        "{FILE_PATH}?entity={}&code={}{}",
        field.entity.code(),
        percent_encoded(&field.code),
        if admin { "&area=admin" } else { "" }
    );
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|_| failed())?
        .dyn_into()
        .map_err(|_| failed())?;
    let body = JsFuture::from(response.text().map_err(|_| failed())?)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    if response.ok() {
        return serde_json::from_str(&body).map_err(|_| failed());
    }
    Err(serde_json::from_str::<AppError>(&body).unwrap_or_else(|_| failed()))
}

/// What to tell the person about a refused upload.
pub fn refusal(error: AppError) -> Message {
    match error {
        AppError::Validation { fields } => fields
            .into_values()
            .next()
            .unwrap_or_else(|| Key::ErrUploadFailed.into()),
        AppError::Unauthenticated => Key::ErrUnauthenticated.into(),
        AppError::TooManyRequests { minutes } => {
            Message::new(Key::ErrTooManyRequests).with("minutes", minutes)
        }
        _ => Key::ErrUploadFailed.into(),
    }
}
