//! Server functions of System → Action Log (`Magento_Logging::magento_logging_events`),
//! and its CSV download.

use super::model::{ActionPage, ActionQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// A page of the log; only customer `customer`'s entries when given (the customer
/// page's History tab).
#[server(
    endpoint = "admin/action_log/grid",
    input = leptos::server_fn::codec::Json,
    output = crate::sessions::client::JsonText,
    client = crate::sessions::client::CsrfClient
)]
pub async fn action_log_page(
    query: ActionQuery,
    customer: Option<i64>,
) -> Result<ActionPage, AppError> {
    let crate::request::Admin { state, .. } =
        crate::request::admin(crate::auth::acl::ACTION_LOG).await?;
    super::service::page(&state, &query, customer).await
}

/// `GET /admin/action-log/export?<grid state>`: the matching entries as CSV.
#[cfg(feature = "ssr")]
pub async fn export_file(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    headers: http::HeaderMap,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> axum::response::Response {
    use crate::ui::grid::download;
    let answer = async {
        let admin = download::admin(&state, &headers, crate::auth::acl::ACTION_LOG).await?;
        let query = ActionQuery::from_query_string(raw.as_deref().unwrap_or(""));
        let locale = crate::i18n::Locale::from_code(&admin.view.locale);
        super::service::export_csv(&state, &query, locale).await
    }
    .await;
    download::file("action-log.csv", answer)
}
