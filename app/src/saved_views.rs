//! Saved views of the admin grids ("Default View", "Save View As…", rename, delete),
//! stored per admin user and grid. A view is the grid's URL state, normalised.

use crate::action_log::model::ActionColumn;
use crate::attributes::grid::AttributeColumn;
use crate::customers::address::model::AddressColumn;
use crate::customers::grid::model::Column;
use crate::error::AppError;
use crate::groups::model::GroupColumn;
use crate::i18n::{Key, Message};
use crate::login_as_customer::model::LogColumn;
use crate::online::model::OnlineColumn;
use crate::ui::grid::state::{GridColumn, GridState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The built-in view's name, which saved views may not take.
pub const DEFAULT_VIEW: &str = "Default View";
/// The longest view name.
pub const MAX_NAME_LEN: usize = 64;

/// One saved view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridView {
    pub id: i64,
    pub name: String,
    /// The grid's query string (without `?`).
    pub state: String,
}

/// The trimmed name, or the message shown next to the name field.
pub fn check_name(name: &str) -> Result<String, Message> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Key::ErrViewNameEmpty.into());
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err(Message::new(Key::ErrViewNameTooLong).with("max", MAX_NAME_LEN));
    }
    if name.eq_ignore_ascii_case(DEFAULT_VIEW) {
        return Err(Message::new(Key::ErrViewNameBuiltIn).with("name", Key::DefaultView));
    }
    if name.chars().any(char::is_control) {
        return Err(Key::ErrViewNameControl.into());
    }
    Ok(name.to_string())
}

/// Every grid with a views menu: how its state is normalised, and the resources that
/// open its page (any one of them).
type Grid = (
    fn(&str) -> Result<String, crate::forms::FieldErrors>,
    &'static [&'static str],
);

/// Grid `namespace`, if it has saved views (a name the server knows: it names a table
/// partition, never SQL).
fn grid(namespace: &str) -> Result<Grid, AppError> {
    use crate::auth::acl;
    Ok(match namespace {
        Column::NAMESPACE => (GridState::<Column>::normalise, &[acl::CUSTOMERS_MANAGE]),
        AddressColumn::NAMESPACE => (
            GridState::<AddressColumn>::normalise,
            &[acl::CUSTOMERS_MANAGE],
        ),
        GroupColumn::NAMESPACE => (GridState::<GroupColumn>::normalise, &[acl::CUSTOMER_GROUPS]),
        AttributeColumn::NAMESPACE => (
            GridState::<AttributeColumn>::normalise,
            &[acl::CUSTOMER_ATTRIBUTES, acl::ADDRESS_ATTRIBUTES],
        ),
        OnlineColumn::NAMESPACE => (
            GridState::<OnlineColumn>::normalise,
            &[acl::CUSTOMERS_ONLINE],
        ),
        ActionColumn::NAMESPACE => (GridState::<ActionColumn>::normalise, &[acl::ACTION_LOG]),
        LogColumn::NAMESPACE => (
            GridState::<LogColumn>::normalise,
            &[acl::LOGIN_AS_CUSTOMER_LOG],
        ),
        _ => return Err(AppError::NotFound(Key::ThisView.into())),
    })
}

/// The state a view of grid `namespace` stores: parsed and written back, so only known,
/// valid parts stay (the page number is not part of a view).
pub fn normalise(namespace: &str, state: &str) -> Result<String, AppError> {
    let (normalise, _) = grid(namespace)?;
    normalise(state).map_err(|fields| AppError::Validation { fields })
}

/// A grid name the server knows.
#[cfg(feature = "ssr")]
fn check_namespace(namespace: &str) -> Result<(), AppError> {
    grid(namespace).map(|_| ())
}

/// The signed-in admin, when they may open grid `namespace` (401, 403 or 404 otherwise):
/// an admin's views of a grid are theirs to list and change only while they may open it.
#[cfg(feature = "ssr")]
async fn grid_admin(namespace: &str) -> Result<crate::request::Admin, AppError> {
    let signed_in = crate::request::signed_in_admin().await?;
    let (_, resources) = grid(namespace)?;
    if !resources.iter().any(|r| signed_in.admin.view.can(r)) {
        return Err(AppError::Forbidden {
            resource: resources[0].to_string(),
        });
    }
    Ok(signed_in)
}

/// The signed-in admin's saved views, by name.
#[server(endpoint = "admin/customers/views", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn grid_views(namespace: String) -> Result<Vec<GridView>, AppError> {
    let crate::request::Admin { state, admin } = grid_admin(&namespace).await?;
    service::list(&state, admin.view.id, &namespace).await
}

/// Save the grid state under `name` (replacing the admin's view of that name).
#[server(endpoint = "admin/customers/views/save", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn save_grid_view(
    namespace: String,
    name: String,
    state: String,
) -> Result<GridView, AppError> {
    let crate::request::Admin { state: app, admin } = grid_admin(&namespace).await?;
    service::save(&app, admin.view.id, &namespace, &name, &state).await
}

/// Rename one of the admin's views of grid `namespace`.
#[server(endpoint = "admin/customers/views/rename", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn rename_grid_view(namespace: String, id: i64, name: String) -> Result<(), AppError> {
    let crate::request::Admin { state: app, admin } = grid_admin(&namespace).await?;
    service::rename(&app, admin.view.id, &namespace, id, &name).await
}

/// Delete one of the admin's views of grid `namespace`.
#[server(endpoint = "admin/customers/views/delete", output = crate::sessions::client::JsonText, client = crate::sessions::client::CsrfClient)]
pub async fn delete_grid_view(namespace: String, id: i64) -> Result<(), AppError> {
    let crate::request::Admin { state: app, admin } = grid_admin(&namespace).await?;
    service::delete(&app, admin.view.id, &namespace, id).await
}

/// The rules of saving views: names checked, states normalised, a taken name or a view
/// that is not the admin's answered as such.
#[cfg(feature = "ssr")]
pub mod service {
    use super::{check_name, check_namespace, normalise, repo, GridView};
    use crate::error::AppError;
    use crate::i18n::Key;
    use crate::state::AppState;

    pub async fn list(
        state: &AppState,
        user: i64,
        namespace: &str,
    ) -> Result<Vec<GridView>, AppError> {
        check_namespace(namespace)?;
        Ok(repo::list(&state.db, user, namespace).await?)
    }

    pub async fn save(
        state: &AppState,
        user: i64,
        namespace: &str,
        name: &str,
        grid: &str,
    ) -> Result<GridView, AppError> {
        let name = check_name(name).map_err(|e| AppError::field("name", e))?;
        let grid = normalise(namespace, grid)?;
        let id = repo::upsert(&state.db, user, namespace, &name, &grid, state.clock.now()).await?;
        Ok(GridView {
            id,
            name,
            state: grid,
        })
    }

    pub async fn rename(
        state: &AppState,
        user: i64,
        namespace: &str,
        id: i64,
        name: &str,
    ) -> Result<(), AppError> {
        check_namespace(namespace)?;
        let name = check_name(name).map_err(|e| AppError::field("name", e))?;
        let renamed = repo::rename(&state.db, user, namespace, id, &name, state.clock.now())
            .await
            .map_err(|e| AppError::unique_as_field(e, "name", Key::ErrViewNameTaken))?;
        if !renamed {
            return Err(AppError::NotFound(Key::ThisView.into()));
        }
        Ok(())
    }

    pub async fn delete(
        state: &AppState,
        user: i64,
        namespace: &str,
        id: i64,
    ) -> Result<(), AppError> {
        check_namespace(namespace)?;
        if !repo::delete(&state.db, user, namespace, id).await? {
            return Err(AppError::NotFound(Key::ThisView.into()));
        }
        Ok(())
    }
}

/// Storage of views; every statement is limited to the admin's own rows.
#[cfg(feature = "ssr")]
pub mod repo {
    use super::GridView;
    use crate::db::Db;
    use sqlx::Row;

    pub async fn list(db: &Db, user: i64, namespace: &str) -> Result<Vec<GridView>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT view_id, name, state FROM admin_grid_views
             WHERE user_id = $1 AND namespace = $2 ORDER BY name, view_id",
        )
        .bind(user)
        .bind(namespace)
        .fetch_all(&db.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(GridView {
                    id: r.try_get("view_id")?,
                    name: r.try_get("name")?,
                    state: r.try_get("state")?,
                })
            })
            .collect()
    }

    /// Store the view `name` (replacing the admin's view of that name); its id.
    pub async fn upsert(
        db: &Db,
        user: i64,
        namespace: &str,
        name: &str,
        state: &str,
        now: i64,
    ) -> Result<i64, sqlx::Error> {
        sqlx::query(
            "INSERT INTO admin_grid_views (user_id, namespace, name, state, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (user_id, namespace, name) DO UPDATE SET
                 state = excluded.state, updated_at = excluded.updated_at
             RETURNING view_id",
        )
        .bind(user)
        .bind(namespace)
        .bind(name)
        .bind(state)
        .bind(now)
        .fetch_one(&db.pool)
        .await?
        .try_get("view_id")
    }

    /// Rename the admin's view `id` of grid `namespace`; false when the admin has no
    /// such view.
    pub async fn rename(
        db: &Db,
        user: i64,
        namespace: &str,
        id: i64,
        name: &str,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE admin_grid_views SET name = $1, updated_at = $2
             WHERE view_id = $3 AND user_id = $4 AND namespace = $5",
        )
        .bind(name)
        .bind(now)
        .bind(id)
        .bind(user)
        .bind(namespace)
        .execute(&db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Delete the admin's view `id`; false when the admin has no such view.
    pub async fn delete(db: &Db, user: i64, namespace: &str, id: i64) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "DELETE FROM admin_grid_views WHERE view_id = $1 AND user_id = $2 AND namespace = $3",
        )
        .bind(id)
        .bind(user)
        .bind(namespace)
        .execute(&db.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert_eq!(check_name("  VIP  "), Ok("VIP".into()));
        assert!(check_name(" ").is_err());
        assert!(check_name("default view").is_err());
        assert!(check_name(&"x".repeat(65)).is_err());
    }

    #[test]
    fn states_are_normalised_without_the_page() {
        let customers = Column::NAMESPACE;
        assert_eq!(normalise(customers, "").unwrap(), "");
        assert_eq!(
            normalise(customers, "?search=m%C3%BCller&page=3").unwrap(),
            "search=m%C3%BCller"
        );
        assert_eq!(
            normalise(customers, "foo=bar&search=x").unwrap(),
            "search=x"
        );
        // Each grid keeps only its own columns.
        let addresses = AddressColumn::NAMESPACE;
        assert_eq!(
            normalise(addresses, "sort=city&dir=desc&cols=city,entity_id").unwrap(),
            "sort=city&dir=desc&cols=city"
        );
        assert!(normalise("sales_order_grid", "").is_err());
    }
}
