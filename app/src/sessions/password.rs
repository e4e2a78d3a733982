//! Password hashing with argon2id (m = 19 MiB, t = 2, p = 1, the OWASP minimum),
//! always run on the blocking thread pool so sign-ins never stall the async runtime.

use crate::i18n::{Key, Message};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};

/// A stored password hash (PHC string). Deliberately not `Serialize`.
#[derive(Clone)]
pub struct PasswordHashString(pub String);

impl std::fmt::Debug for PasswordHashString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHashString(…)")
    }
}

/// At most this many hashes run at once (each takes 19 MiB and a core for ~30 ms), so a
/// burst of sign-in attempts queues instead of exhausting memory.
const CONCURRENT_HASHES: usize = 4;

fn permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| tokio::sync::Semaphore::new(CONCURRENT_HASHES))
}

fn argon2() -> Argon2<'static> {
    // 19 MiB, 2 passes, 1 lane. Constant inputs: cannot fail.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hash a password (blocking work moved off the runtime).
pub async fn hash(password: String) -> Result<PasswordHashString, String> {
    let _permit = permits().acquire().await.map_err(|e| e.to_string())?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| PasswordHashString(h.to_string()))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Check a password against a stored hash. A malformed hash never matches.
pub async fn verify(password: String, stored: PasswordHashString) -> bool {
    let Ok(_permit) = permits().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored.0)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// Spend the same time as a real check, so an unknown email cannot be told apart from
/// a wrong password by timing.
pub async fn verify_dummy(password: String) {
    // A valid hash of a random string, computed once.
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY
        .get_or_init(|| {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(b"no such account", &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        })
        .clone();
    let _ = verify(password, PasswordHashString(stored)).await;
}

/// Rules for admin passwords: at least 8 characters with letters and digits
/// (Magento's admin rule, with our longer minimum).
pub fn check_admin_password(password: &str) -> Result<(), Message> {
    if password.chars().count() < 8 {
        return Err(Message::new(Key::ErrAdminPasswordShort).with("min", 8_usize));
    }
    if !password.chars().any(|c| c.is_alphabetic()) || !password.chars().any(|c| c.is_ascii_digit())
    {
        return Err(Key::ErrAdminPasswordMix.into());
    }
    if password.trim() != password {
        return Err(Key::ErrAdminPasswordSpaces.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() {
        let h = hash("Secret-123".into()).await.unwrap();
        assert!(h.0.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("Secret-123".into(), h.clone()).await);
        assert!(!verify("secret-123".into(), h).await);
        assert!(!verify("x".into(), PasswordHashString("not a hash".into())).await);
    }

    #[test]
    fn admin_password_rules() {
        assert!(check_admin_password("abc123").is_err());
        assert!(check_admin_password("abcdefgh").is_err());
        assert!(check_admin_password(" abcdef12").is_err());
        assert!(check_admin_password("abcdef12").is_ok());
    }
}
