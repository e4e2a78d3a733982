//! Server functions for Now Online (`Magento_Customer::online`), and its CSV download.

use super::model::{OnlinePage, OnlineQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// A page of Now Online.
#[server(
    endpoint = "admin/online/grid",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn now_online_page(query: OnlineQuery) -> Result<OnlinePage, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::CUSTOMERS_ONLINE).await?;
    super::service::page(&state, &query).await
}

/// How many customers and visitors are online (the menu's count).
#[server(endpoint = "admin/online/count", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn now_online_count() -> Result<u64, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::CUSTOMERS_ONLINE).await?;
    super::service::count(&state).await
}

/// `GET /admin/customers/online/export?<grid state>`: the matching rows as CSV, the
/// visible columns with headers in the admin's language.
#[cfg(feature = "ssr")]
pub async fn export_file(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    headers: http::HeaderMap,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> axum::response::Response {
    use crate::ui::grid::download;
    let answer = async {
        let admin = download::admin(&state, &headers, crate::auth::acl::CUSTOMERS_ONLINE).await?;
        let query = OnlineQuery::from_query_string(raw.as_deref().unwrap_or(""));
        let locale = crate::i18n::Locale::from_code(&admin.view.locale);
        super::service::export_csv(&state, &query, locale).await
    }
    .await;
    download::file("now-online.csv", answer)
}
