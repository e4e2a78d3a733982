//! How many exports run at once: per process and per admin, each download holding a
//! slot until it ends, however it ends.

use crate::error::AppError;

/// Exports running at once in this process.
pub const EXPORTS_AT_ONCE: usize = 4;
/// Exports one admin may run at once.
pub const EXPORTS_PER_ADMIN: usize = 2;
/// How long the client may take to read one piece (about 5,000 rows).
pub const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The exports running in one server process, by admin: one slot per download, given
/// back when it ends however it ends (kept in the app state).
#[derive(Debug, Default)]
pub struct ExportSlots {
    running: std::sync::Mutex<std::collections::HashMap<i64, usize>>,
}

/// A running export of `admin`; dropping it frees the slot.
pub struct Slot {
    slots: std::sync::Arc<ExportSlots>,
    admin: i64,
}

impl Slot {
    pub fn take(slots: &std::sync::Arc<ExportSlots>, admin: i64) -> Result<Slot, AppError> {
        let mut running = slots.running.lock().unwrap_or_else(|e| e.into_inner());
        let total: usize = running.values().sum();
        let mine = running.get(&admin).copied().unwrap_or(0);
        if total >= EXPORTS_AT_ONCE || mine >= EXPORTS_PER_ADMIN {
            return Err(AppError::TooManyRequests { minutes: 1 });
        }
        *running.entry(admin).or_default() += 1;
        Ok(Slot {
            slots: slots.clone(),
            admin,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut running = self.slots.running.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = running.get_mut(&self.admin) {
            *n -= 1;
            if *n == 0 {
                running.remove(&self.admin);
            }
        }
    }
}
