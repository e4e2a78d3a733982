//! Storefront account rules that run in the browser (instantly) and on the server
//! (authoritatively): customer passwords (by default at least 8 characters — Magento's
//! code default; its guide says 6 — and 3 of the 4 character classes), the password
//! strength meter, and the sign-in lockout algorithm.

use crate::i18n::{Key, Message};
use serde::{Deserialize, Serialize};

/// The longest password accepted (Magento's API constant).
pub const MAX_PASSWORD_LEN: usize = 256;

/// The Password Options that shape a password, read through the configuration service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordRules {
    /// Minimum Password Length (default 8).
    pub min_length: usize,
    /// Number of Required Character Classes, 1–4 (default 3).
    pub required_classes: usize,
}

impl Default for PasswordRules {
    fn default() -> Self {
        PasswordRules {
            min_length: 8,
            required_classes: 3,
        }
    }
}

/// How many of the four classes (lower case, upper case, digits, special) `password` uses.
pub fn character_classes(password: &str) -> usize {
    let lower = password.chars().any(char::is_lowercase);
    let upper = password.chars().any(char::is_uppercase);
    let digit = password.chars().any(|c| c.is_ascii_digit());
    let special = password.chars().any(|c| !c.is_alphanumeric());
    [lower, upper, digit, special]
        .into_iter()
        .filter(|&b| b)
        .count()
}

/// Check a new customer password; the error is the message the form shows (Magento's).
pub fn check_password(password: &str, email: &str, rules: PasswordRules) -> Result<(), Message> {
    let length = password.chars().count();
    if length == 0 {
        return Err(Message::required(Key::Password));
    }
    if length > MAX_PASSWORD_LEN {
        return Err(Message::new(Key::ErrPasswordTooLong).with("max", MAX_PASSWORD_LEN));
    }
    if password.trim() != password {
        return Err(Key::ErrPasswordSpaces.into());
    }
    if length < rules.min_length {
        return Err(Message::new(Key::ErrPasswordTooShort).with("min", rules.min_length));
    }
    let required = rules.required_classes.clamp(1, 4);
    if character_classes(password) < required {
        return Err(Message::new(Key::ErrPasswordClasses).with("min", required));
    }
    if !email.trim().is_empty() && password.eq_ignore_ascii_case(email.trim()) {
        return Err(Key::ErrPasswordIsEmail.into());
    }
    Ok(())
}

/// The strength meter under a password field (No Password, Weak, Medium, Strong, Very Strong).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Strength {
    NoPassword,
    Weak,
    Medium,
    Strong,
    VeryStrong,
}

impl Strength {
    /// The meter's label.
    pub fn label(self) -> &'static str {
        match self {
            Strength::NoPassword => "No Password",
            Strength::Weak => "Weak",
            Strength::Medium => "Medium",
            Strength::Strong => "Strong",
            Strength::VeryStrong => "Very Strong",
        }
    }
}

/// Rate a password as the meter shows it: anything the rules refuse is Weak; an accepted
/// password grows stronger with length and with all four character classes.
pub fn strength(password: &str, email: &str, rules: PasswordRules) -> Strength {
    if password.is_empty() {
        return Strength::NoPassword;
    }
    if check_password(password, email, rules).is_err() {
        return Strength::Weak;
    }
    let length = password.chars().count();
    let classes = character_classes(password);
    match (length, classes) {
        (16.., 4) => Strength::VeryStrong,
        (12.., 3..) | (_, 4) => Strength::Strong,
        _ => Strength::Medium,
    }
}

/// The page to go back to after signing in (`?referer=…`), if it is a path on this
/// site. Browsers drop tabs and line breaks from URLs and read `\` as `/`, so
/// `/\t/evil.example` would become `//evil.example`, another site: any whitespace,
/// control character or backslash is refused, as is a scheme or a `//` start. What is
/// left is a path the browser resolves against this site's own origin.
pub fn safe_return_path(value: &str) -> Option<String> {
    let refused = value.is_empty()
        || value.len() > 2048
        || !value.starts_with('/')
        || value.starts_with("//")
        || value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\');
    (!refused).then(|| value.to_string())
}

/// Lockout options (Password Options): Maximum Login Failures to Lockout Account (default 10) and
/// Lockout Time in minutes (default 10). Either at 0 turns locking off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockoutPolicy {
    pub max_failures: i64,
    pub lock_minutes: i64,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            max_failures: 10,
            lock_minutes: 10,
        }
    }
}

/// A customer's failure counters (`failures_num`, `first_failure`, `lock_expires`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureState {
    pub failures_num: i64,
    pub first_failure: Option<i64>,
    pub lock_expires: Option<i64>,
}

impl FailureState {
    /// Is the account locked at `now`? Checked before the password.
    pub fn is_locked(&self, now: i64) -> bool {
        self.lock_expires.is_some_and(|until| until > now)
    }

    /// The counters after a failed password at `now`, as Magento's authentication does:
    /// the first failure, or the first after an expired lock, starts counting again at 1;
    /// reaching the maximum locks the account for the lockout time.
    pub fn after_failure(self, policy: LockoutPolicy, now: i64) -> FailureState {
        if policy.max_failures <= 0 || policy.lock_minutes <= 0 {
            return self;
        }
        let failures = self.failures_num + 1;
        let lock_expired = self.lock_expires.is_some_and(|until| now > until);
        if failures == 1 || self.first_failure.is_none() || lock_expired {
            FailureState {
                failures_num: 1,
                first_failure: Some(now),
                lock_expires: None,
            }
        } else if failures >= policy.max_failures {
            FailureState {
                failures_num: failures,
                first_failure: self.first_failure,
                lock_expires: Some(now + policy.lock_minutes * 60),
            }
        } else {
            FailureState {
                failures_num: failures,
                ..self
            }
        }
    }

    /// After a successful sign-in, a password reset or the admin's Unlock.
    pub fn cleared() -> FailureState {
        FailureState::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: PasswordRules = PasswordRules {
        min_length: 8,
        required_classes: 3,
    };

    #[test]
    fn passwords_follow_the_configured_rules() {
        let err = |p: &str| {
            check_password(p, "ada@example.com", RULES)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(err(""), "Password is a required field.");
        assert!(err("Ab1!").starts_with("The password needs at least 8 characters."));
        assert!(err("abcdefgh1")
            .starts_with("Minimum of different classes of characters in password is 3."));
        assert!(err(" Abcdefg1").starts_with("The password can't begin or end with a space."));
        assert!(err("Abcdefg1 ").starts_with("The password can't begin or end with a space."));
        assert!(err(&"Ab1".repeat(90)).contains("at most 256 characters"));
        assert!(check_password("Ada@Example.com", "ada@example.com", RULES)
            .unwrap_err()
            .to_string()
            .starts_with("The password can't be the same as the email address."));
        assert!(check_password("Abcdefg1", "ada@example.com", RULES).is_ok());
        // Options change the rules: 4 classes, 12 characters.
        let strict = PasswordRules {
            min_length: 12,
            required_classes: 4,
        };
        assert!(check_password("Abcdefg1", "", strict).is_err());
        assert!(check_password("Abcdefgh12!x", "", strict).is_ok());
        assert_eq!(character_classes("aB3$"), 4);
        assert_eq!(character_classes("éÉ"), 2);
    }

    #[test]
    fn the_meter_rates_from_weak_to_very_strong() {
        let rate = |p: &str| strength(p, "ada@example.com", RULES);
        assert_eq!(rate(""), Strength::NoPassword);
        assert_eq!(rate("abc"), Strength::Weak);
        assert_eq!(rate("Abcdefg1"), Strength::Medium);
        assert_eq!(rate("Abcdefghijk1"), Strength::Strong);
        assert_eq!(rate("Abcdefg1!"), Strength::Strong);
        assert_eq!(rate("Abcdefghijk1!xyz"), Strength::VeryStrong);
        assert_eq!(Strength::VeryStrong.label(), "Very Strong");
    }

    #[test]
    fn ten_failures_lock_for_ten_minutes() {
        let policy = LockoutPolicy::default();
        let mut s = FailureState::default();
        let t0 = 1_000_000;
        for i in 0..9 {
            s = s.after_failure(policy, t0 + i);
            assert!(!s.is_locked(t0 + i), "failure {} does not lock", i + 1);
        }
        assert_eq!(s.failures_num, 9);
        assert_eq!(s.first_failure, Some(t0));
        s = s.after_failure(policy, t0 + 20);
        assert_eq!(s.lock_expires, Some(t0 + 20 + 600));
        assert!(s.is_locked(t0 + 619));
        assert!(!s.is_locked(t0 + 620), "the lock ends by itself");
        // The first failure after the lock expired starts counting again.
        s = s.after_failure(policy, t0 + 700);
        assert_eq!(
            s,
            FailureState {
                failures_num: 1,
                first_failure: Some(t0 + 700),
                lock_expires: None
            }
        );
    }

    #[test]
    fn return_paths_stay_on_this_site() {
        for hostile in [
            "/\t/example.org/",
            "/\n/example.org/",
            "/\r/example.org/",
            "//example.org/",
            "/\\example.org/",
            "\\/example.org",
            "https://example.org/",
            "javascript:alert(1)",
            "example.org",
            " /customer/account",
            "/ /example.org",
            "/\u{a0}/example.org",
            "/\u{2028}/example.org",
            "/\u{0}/x",
            "",
        ] {
            assert_eq!(safe_return_path(hostile), None, "{hostile:?}");
        }
        for fine in [
            "/",
            "/customer/account",
            "/customer/address?p=2",
            "/%2F%2Fexample.org",
        ] {
            assert_eq!(safe_return_path(fine).as_deref(), Some(fine));
        }
    }

    #[test]
    fn either_option_at_zero_disables_locking() {
        for policy in [
            LockoutPolicy {
                max_failures: 0,
                lock_minutes: 10,
            },
            LockoutPolicy {
                max_failures: 10,
                lock_minutes: 0,
            },
        ] {
            let mut s = FailureState::default();
            for i in 0..50 {
                s = s.after_failure(policy, i);
            }
            assert_eq!(s, FailureState::default());
            assert!(!s.is_locked(10));
        }
        // A configured maximum of 3 locks on the third failure.
        let three = LockoutPolicy {
            max_failures: 3,
            lock_minutes: 1,
        };
        let s = FailureState::default()
            .after_failure(three, 1)
            .after_failure(three, 2)
            .after_failure(three, 3);
        assert_eq!(s.lock_expires, Some(63));
    }
}
