//! Session tokens and cookies. A token is 128 random bits, sent only in an
//! `HttpOnly; SameSite=Lax` cookie; the database keeps its SHA-256, so a leaked
//! database copy cannot be replayed as a session.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// Cookie that carries the admin session token.
pub const ADMIN_COOKIE: &str = "clientele_admin";

/// A fresh random token (32 hex characters = 128 bits).
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Whether `text` has the shape of a token this server makes (32 hex characters).
pub fn is_token(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What the database stores for `token`.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// `Set-Cookie` value that installs `token`.
pub fn set_cookie(name: &str, token: &str, secure: bool) -> String {
    let mut c = cookie::Cookie::build((name, token))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .build();
    c.set_secure(secure);
    c.to_string()
}

/// `Set-Cookie` value that removes the cookie.
pub fn clear_cookie(name: &str, secure: bool) -> String {
    let mut c = cookie::Cookie::build((name, ""))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .build();
    c.make_removal();
    c.to_string()
}

/// The value of cookie `name` in a request's headers.
pub fn read_cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| cookie::Cookie::parse(pair.trim().to_string()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_128_bit_and_unique() {
        let a = new_token();
        assert_eq!(a.len(), 32);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn cookie_flags() {
        let c = set_cookie(ADMIN_COOKIE, "abc", false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));
        assert!(set_cookie(ADMIN_COOKIE, "abc", true).contains("Secure"));
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            "a=1; clientele_admin=tok; b=2".parse().unwrap(),
        );
        assert_eq!(read_cookie(&h, ADMIN_COOKIE).as_deref(), Some("tok"));
        assert!(clear_cookie(ADMIN_COOKIE, false).contains("Max-Age=0"));
    }
}
