//! The addresses over the login form's failed sign-in limit, kept in memory, apart
//! from the service (which needs the app state) so the app state can hold them.

use crate::db::Db;
use sqlx::Row as _;

/// Failed sign-ins from one address, whatever the email, after which the login form
/// asks (Magento's `failed_attempts_ip`).
pub const IP_ATTEMPTS: i64 = 1_000;

/// How long a process goes by the addresses over [`IP_ATTEMPTS`] it last read, when a
/// page only decides whether to show the CAPTCHA (a posted form's check reads the
/// count itself).
pub const OVER_LIMIT_RECHECK: std::time::Duration = std::time::Duration::from_secs(1);

/// The addresses that have failed to sign in [`IP_ATTEMPTS`] times, as this process
/// last read them. Few or none in a store's life (a thousand failures each), so a
/// storefront page asks this set instead of the database: the sign-in page reads
/// nothing from it at all. Another process's failures are seen within
/// [`OVER_LIMIT_RECHECK`]; this process's at once.
#[derive(Default)]
pub struct OverLimit(std::sync::RwLock<Option<(std::time::Instant, OverLimitSet)>>);

type OverLimitSet = std::sync::Arc<std::collections::HashSet<String>>;

impl OverLimit {
    pub(super) async fn get(&self, db: &Db) -> Result<OverLimitSet, sqlx::Error> {
        {
            let kept = self.0.read().unwrap_or_else(|e| e.into_inner());
            if let Some((read, set)) = kept.as_ref() {
                if read.elapsed() < OVER_LIMIT_RECHECK {
                    return Ok(set.clone());
                }
            }
        }
        let read = std::time::Instant::now();
        let set: OverLimitSet = std::sync::Arc::new(
            sqlx::query("SELECT value FROM captcha_log WHERE kind = 'ip' AND count >= $1")
                .bind(IP_ATTEMPTS)
                .fetch_all(&db.pool)
                .await?
                .iter()
                .map(|r| r.try_get("value"))
                .collect::<Result<_, _>>()?,
        );
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Some((read, set.clone()));
        Ok(set)
    }

    /// Read the set again on next use (an address reached the limit here).
    pub(super) fn forget(&self) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Address `ip` starts counting again (a sign-in from it succeeded here).
    pub(super) fn cleared(&self, ip: &str) {
        let kept = self.0.read().unwrap_or_else(|e| e.into_inner());
        let held = kept.as_ref().is_some_and(|(_, set)| set.contains(ip));
        drop(kept);
        if held {
            self.forget();
        }
    }
}
