//! The demo store `make run` creates on first start: a second website, a French store
//! view, and a demo admin with a one-time password.

use crate::auth::repo as auth_repo;
use crate::config::model::Scope;
use crate::config::registry::LOCALE_CODE;
use crate::config::repo as config_repo;
use crate::error::AppError;
use crate::state::AppState;
use crate::stores::repo as stores;
use rand::Rng;
use sqlx::Row;

/// Email of the demo admin.
pub const DEMO_ADMIN_EMAIL: &str = "admin@example.com";

/// What seeding did.
#[derive(Debug)]
pub enum DemoSeed {
    /// First run: the store was created; the demo admin's one-time password.
    Created {
        admin_email: String,
        password: String,
    },
    /// The demo store already exists; nothing changed.
    AlreadySeeded,
}

const FLAG: &str = "demo_store_seeded";

/// Create the demo store once. Running it again changes nothing.
pub async fn seed_demo_store(state: &AppState) -> Result<DemoSeed, AppError> {
    if !flag_set(state, FLAG).await? {
        let created = create_store(state).await?;
        seed_demo_customers(state).await?;
        return Ok(created);
    }
    // A first run interrupted between the store and its customers finishes here.
    seed_demo_customers(state).await?;
    Ok(DemoSeed::AlreadySeeded)
}

/// Customers of the demo store, so a new user sees a living grid.
const DEMO_CUSTOMERS: u64 = 1_000;
const CUSTOMERS_FLAG: &str = "demo_customers_seeded";

async fn flag_set(state: &AppState, name: &str) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT value FROM app_flags WHERE name = $1")
        .bind(name)
        .fetch_optional(&state.db.pool)
        .await?
        .is_some())
}

async fn seed_demo_customers(state: &AppState) -> Result<(), AppError> {
    if flag_set(state, CUSTOMERS_FLAG).await? {
        return Ok(());
    }
    crate::customers::seed::seed_customers(state, DEMO_CUSTOMERS, 42, |_| {}).await?;
    sqlx::query("INSERT INTO app_flags (name, value) VALUES ($1, '1')")
        .bind(CUSTOMERS_FLAG)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// The websites, store views, French locale and demo admin, in one transaction.
async fn create_store(state: &AppState) -> Result<DemoSeed, AppError> {
    // Everything in one transaction: an interrupted first run leaves nothing behind and
    // the next run starts over (the password is hashed before, off the runtime).
    let password = one_time_password();
    let hash = crate::sessions::password::hash(password.clone())
        .await
        .map_err(AppError::internal)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    // Main Website gets a French store view next to the Default Store View.
    let main_group: i64 = sqlx::query("SELECT default_group_id FROM websites WHERE code = 'base'")
        .fetch_one(&mut *tx)
        .await?
        .try_get("default_group_id")?;
    let french = stores::insert_view(&mut tx, main_group, "fr", "French", 1).await?;
    let second = stores::insert_website(&mut tx, "second", "Second Website", 1).await?;
    let second_group = stores::insert_group(
        &mut tx,
        second,
        "second_website_store",
        "Second Website Store",
    )
    .await?;
    stores::insert_view(&mut tx, second_group, "second", "Second Store View", 0).await?;
    let (scope, scope_id) = Scope::StoreView(french).as_db();
    config_repo::upsert(&mut tx, scope, scope_id, LOCALE_CODE.path, "fr_FR", now).await?;
    config_repo::bump_version(&mut tx).await?;
    let role = auth_repo::find_role(&state.db, "Administrators")
        .await?
        .ok_or_else(|| AppError::internal("the Administrators role is missing"))?;
    match auth_repo::find_by_email(&state.db, DEMO_ADMIN_EMAIL).await? {
        None => {
            auth_repo::insert_admin(
                &mut tx,
                DEMO_ADMIN_EMAIL,
                "Demo Admin",
                &hash,
                role.role_id,
                now,
            )
            .await?;
        }
        Some(existing) => {
            auth_repo::set_password(&mut tx, existing.user_id, &hash, now).await?;
            crate::sessions::repo::delete_user_sessions(&mut tx, "admin", existing.user_id).await?;
        }
    }
    sqlx::query("INSERT INTO app_flags (name, value) VALUES ($1, '1')")
        .bind(FLAG)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    state.config.invalidate();

    Ok(DemoSeed::Created {
        admin_email: DEMO_ADMIN_EMAIL.to_string(),
        password,
    })
}

/// 16 characters from an unambiguous alphabet, with at least one digit and one letter.
fn one_time_password() -> String {
    const LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"23456789";
    let mut rng = rand::rng();
    let mut out: Vec<u8> = (0..14)
        .map(|i| {
            let set = if i % 3 == 2 { DIGITS } else { LETTERS };
            set[rng.random_range(0..set.len())]
        })
        .collect();
    out.insert(7, b'-');
    out.push(DIGITS[rng.random_range(0..DIGITS.len())]);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_time_passwords_pass_the_admin_rules() {
        for _ in 0..50 {
            let p = super::one_time_password();
            assert!(
                crate::sessions::password::check_admin_password(&p).is_ok(),
                "{p}"
            );
        }
    }
}
