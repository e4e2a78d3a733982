//! How often this process writes one visitor's activity: at most once a minute, unless
//! the customer signed in or out. Kept apart from the recording (which needs the
//! request and the database) so the app state can hold it.

use std::collections::HashMap;
use std::sync::Mutex;

/// One visitor is written at most this often (seconds), unless who is signed in changes.
pub const WRITE_EVERY: i64 = 60;

/// Visitors remembered by one process's throttle before the stale ones are dropped.
const MAX_TRACKED: usize = 200_000;

/// When each visitor (by cookie key) was last written by this process, and as which
/// customer.
#[derive(Debug, Default)]
pub struct Throttle {
    written: Mutex<HashMap<String, (i64, Option<i64>)>>,
}

impl Throttle {
    /// Should visitor `key`'s activity at `at` as `customer` be written? Yes for a
    /// visitor not written in the last minute, or whose customer changed; it then counts
    /// as written.
    pub fn due(&self, key: &str, at: i64, customer: Option<i64>) -> bool {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&(last, last_customer)) = written.get(key) {
            let recent = (0..WRITE_EVERY).contains(&(at - last));
            if recent && last_customer == customer {
                return false;
            }
        }
        if written.len() >= MAX_TRACKED {
            let stale = at - WRITE_EVERY;
            written.retain(|_, (last, _)| *last > stale);
            if written.len() >= MAX_TRACKED {
                // More visitors in one minute than the map holds: start again (each is
                // then written once more, which the upsert absorbs).
                written.clear();
            }
        }
        written.insert(key.to_string(), (at, customer));
        true
    }

    /// Note that visitor `key` was written (outside the throttle: a sign-in).
    pub fn written(&self, key: &str, at: i64, customer: Option<i64>) {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written.insert(key.to_string(), (at, customer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visitor_is_written_once_a_minute_unless_the_customer_changes() {
        let throttle = Throttle::default();
        assert!(throttle.due("a", 1_000, None));
        assert!(!throttle.due("a", 1_030, None));
        assert!(!throttle.due("a", 1_059, None));
        assert!(throttle.due("b", 1_059, None), "another visitor");
        assert!(throttle.due("a", 1_059, Some(7)), "signed in");
        assert!(!throttle.due("a", 1_100, Some(7)));
        assert!(throttle.due("a", 1_119, Some(7)), "a minute later");
        assert!(throttle.due("a", 1_120, None), "signed out");
    }
}
