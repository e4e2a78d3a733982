//! Server-side application state, handed to axum handlers and (through Leptos context)
//! to server functions.

use crate::config::service::ConfigService;
use crate::db::Db;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Runtime settings that come from the environment, not from the store configuration.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Mark cookies `Secure` (set when served over TLS or behind a TLS proxy).
    pub secure_cookies: bool,
    /// Extra origin (e.g. `https://shop.example.com`) accepted by the CSRF check when a
    /// proxy rewrites the Host header.
    pub public_origin: Option<String>,
    /// Behind a reverse proxy: take the client address from the last `X-Forwarded-For`
    /// entry and treat `X-Forwarded-Proto: https` as TLS (cookies become `Secure`).
    pub trust_proxy: bool,
    /// Where outgoing email goes (SMTP when configured, else the outbox table).
    pub mailer: crate::mail::mailer::Mailer,
    /// Public base URL of the store for links in emails (`https://shop.example.com`);
    /// empty means the local default address.
    pub base_url: String,
    /// Per-address limits of the storefront's anonymous forms.
    pub limits: IpLimits,
    /// Where uploaded files are kept (`CLIENTELE_MEDIA_DIR`); `None` is a fresh
    /// directory under the system's temporary one (tests, one-off commands).
    pub media_dir: Option<std::path::PathBuf>,
    /// An S3-compatible bucket for uploaded files instead of `media_dir`
    /// (`CLIENTELE_S3_*`): several app servers then share the files.
    pub s3: Option<crate::files::s3::S3Store>,
}

/// At most `max` events per `window` seconds from one address; `max = 0` turns it off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub max: i64,
    pub window: i64,
}

/// How often one network address may use the storefront's anonymous forms. Counted in
/// the database (`rate_limits`), so every server process shares the counters. Generous
/// enough for a shop's customers behind one office or mobile-carrier address, tight
/// enough to stop a script guessing passwords, creating accounts or mailing reset links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpLimits {
    /// Failed storefront sign-ins (across all accounts): 50 per 15 minutes.
    pub sign_in_failures_per_ip: RateLimit,
    /// New accounts: 20 per hour.
    pub registrations_per_ip: RateLimit,
    /// "Forgot Your Password?" requests (on top of the store's own reset throttling):
    /// 20 per hour.
    pub password_resets_per_ip: RateLimit,
    /// "Send the confirmation link again" requests: 20 per hour.
    pub confirmation_resends_per_ip: RateLimit,
    /// Confirmation links sent again to one email address, from any network: 5 per
    /// hour. Past it the request is answered as any other and nothing is sent, so nobody
    /// can fill an inbox with links, and the answer still tells nothing about the account.
    pub confirmation_resends_per_email: RateLimit,
}

impl Default for IpLimits {
    fn default() -> Self {
        IpLimits {
            sign_in_failures_per_ip: RateLimit {
                max: 50,
                window: 15 * 60,
            },
            registrations_per_ip: RateLimit {
                max: 20,
                window: 3600,
            },
            password_resets_per_ip: RateLimit {
                max: 20,
                window: 3600,
            },
            confirmation_resends_per_ip: RateLimit {
                max: 20,
                window: 3600,
            },
            confirmation_resends_per_email: RateLimit {
                max: 5,
                window: 3600,
            },
        }
    }
}

impl Settings {
    /// The base URL for links in emails, without a trailing slash.
    pub fn base_url(&self) -> &str {
        match self.base_url.trim_end_matches('/') {
            "" => "http://127.0.0.1:3000",
            url => url,
        }
    }
}

/// The time source. Tests move it forward to check lockouts and expiry, and stop it
/// where a check is to the second.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset: Arc<AtomicI64>,
    /// Unix seconds the clock stands at once stopped (0: it runs).
    stopped: Arc<AtomicI64>,
}

impl Clock {
    /// Unix seconds now (plus any test offset).
    pub fn now(&self) -> i64 {
        let stopped = self.stopped.load(Ordering::Relaxed);
        let base = if stopped != 0 {
            stopped
        } else {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or_default()
        };
        base + self.offset.load(Ordering::Relaxed)
    }

    /// Move this clock (and every clone of it) forward by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::Relaxed);
    }

    /// Stop this clock (and every clone of it) at the current second: from then on it
    /// moves only by [`Clock::advance`], so a test's checks to the second do not depend
    /// on how fast the machine runs it.
    pub fn stop(&self) {
        let now = self.now() - self.offset.load(Ordering::Relaxed);
        self.stopped.store(now, Ordering::Relaxed);
    }
}

/// Everything a request handler needs. One shared allocation: a clone (several per
/// request: each server function and page context takes one) is one reference count.
/// Changing a field of one state (a test's site options) copies it first, so other
/// clones keep theirs, as with a plain struct.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The fields of [`AppState`], read through it (`state.db`).
#[derive(Clone)]
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: ConfigService,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    /// The grid exports running in this process (capped per admin and in all).
    pub exports: Arc<crate::customers::grid::slots::ExportSlots>,
    /// When this process last recorded each storefront visitor (Now Online).
    pub visitors: Arc<crate::online::throttle::Throttle>,
    /// The store views, as last read (with the configuration version they were read at).
    pub store_views: Arc<crate::stores::cache::ViewsCache>,
    /// The custom attribute definitions, as last read (with the configuration version
    /// they were read at).
    pub attribute_defs: Arc<crate::attributes::cache::DefsCache>,
    /// The addresses over the CAPTCHA's failed sign-in limit, as last read.
    pub captcha_over_limit: Arc<crate::captcha::over_limit::OverLimit>,
    /// The bytes of uploaded files.
    pub files: Arc<dyn crate::files::store::FileStore>,
}

impl AppState {
    /// Build the state around an open database.
    pub fn new(leptos_options: LeptosOptions, db: Db, settings: Settings) -> Self {
        let media = settings.media_dir.clone().unwrap_or_else(|| {
            std::env::temp_dir().join(format!(
                "clientele-media-{}",
                crate::sessions::token::new_token()
            ))
        });
        AppState(Arc::new(Shared {
            files: match settings.s3.clone() {
                Some(bucket) => Arc::new(bucket),
                None => Arc::new(crate::files::store::LocalDir::new(media)),
            },
            leptos_options,
            config: ConfigService::new(db.clone()),
            db,
            settings: Arc::new(settings),
            clock: Clock::default(),
            exports: Arc::default(),
            visitors: Arc::default(),
            store_views: Arc::default(),
            attribute_defs: Arc::default(),
            captcha_over_limit: Arc::default(),
        }))
    }

    /// The state of the current request, inside a server function or SSR.
    pub fn current() -> Result<Self, crate::error::AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            crate::error::AppError::internal("AppState missing from the Leptos context")
        })
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl std::ops::DerefMut for AppState {
    fn deref_mut(&mut self) -> &mut Shared {
        Arc::make_mut(&mut self.0)
    }
}

/// What `leptos_axum` takes from the router's state.
impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
