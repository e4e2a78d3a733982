//! Two `server serve` processes on one PostgreSQL database, behind the same clients.
//! Nothing a visitor relies on may live only in one process's memory, so every check
//! does something on one server (A) and looks at it through the other (B):
//!
//! - sessions: an admin or shopper signed in on one is signed in on the other, and a
//!   sign-out on one ends the session on both;
//! - lockout: failed sign-ins spread over A and B add up to one lock (shopper and admin);
//! - configuration: a value stored by another process (as `server config set` does) is
//!   seen by both within two seconds, and so is its removal;
//! - a short mixed load whose clients send each request to A and B in turn: a request
//!   refused with 401 while its session is alive means the servers disagree.
//!
//! Each disagreement adds one to `divergence` (goal 0).

use super::api::{self, ADMIN_COOKIE, CUSTOMER_COOKIE};
use super::client::{Failure, Http, Reply, Visitor};
use super::{load, Addresses, Admin};
use app::accounts::model::AccountFormOptions;
use app::config::model::Scope;
use app::config::registry::{self, ADMIN_LOCKOUT_FAILURES, PASSWORD_LOCKOUT_FAILURES};
use app::config::service::At;
use app::customers::grid::model::GridQuery;
use app::state::AppState;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long a configuration change may take to reach every process.
const CONFIG_DEADLINE: Duration = Duration::from_secs(2);
/// A wrong password for the lockout checks.
const WRONG: &str = "Wrong-Password-1";

struct Check {
    name: &'static str,
    ok: bool,
    /// `key=value` pairs without spaces.
    detail: String,
}

/// The status code, or the network failure's name.
fn status(result: &Result<Reply, Failure>) -> String {
    match result {
        Ok(reply) => reply.status.as_u16().to_string(),
        Err(failure) => failure.name().to_string(),
    }
}

/// `401:5,423:1`
fn tally(statuses: &[String]) -> String {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for s in statuses {
        *counts.entry(s).or_default() += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{s}:{n}")).collect();
    parts.join(",")
}

/// Run every check, then the load through both servers; print the figures.
pub async fn run(
    state: &AppState,
    http: &Http,
    plan: &load::Plan,
    admin: &Admin,
    lock_admin: &Admin,
    backend: &str,
) -> anyhow::Result<()> {
    let urls = &plan.urls;
    let addresses = Addresses::new(81);
    let mut checks = Vec::new();
    admin_sessions(http, urls, admin, &addresses, &mut checks).await;
    customer_sessions(http, urls, &addresses, &mut checks).await;
    let failures = state
        .config
        .get(PASSWORD_LOCKOUT_FAILURES, At::default())
        .await?;
    checks.push(customer_lockout(http, urls, failures, &addresses).await);
    let failures = state
        .config
        .get(ADMIN_LOCKOUT_FAILURES, At::default())
        .await?;
    checks.push(admin_lockout(http, urls, lock_admin, failures, &addresses).await);
    config_change(state, http, urls, &addresses, &mut checks).await?;
    for c in &checks {
        println!(
            "soak {backend} multi_process_check name={} result={} {}",
            c.name,
            if c.ok { "ok" } else { "DIVERGED" },
            c.detail
        );
    }

    let report = load::run(state, http, plan, admin).await?;
    // Calls that need a live session: a 401 means the other process did not know it.
    let session_rejects = report.stats.refused_with(
        &["grid_read", "search", "inline_edit", "address_save"],
        "401",
    );
    report.print(backend, "multi_process_load");

    let failed: Vec<&str> = checks.iter().filter(|c| !c.ok).map(|c| c.name).collect();
    let divergence = failed.len() as u64 + session_rejects;
    println!(
        "soak {backend} multi_process divergence={divergence} checks={} failed={} load_session_rejects={session_rejects} checked=sessions,sign_out,customer_lockout,admin_lockout,config_set,config_restore,load_round_robin",
        checks.len(),
        if failed.is_empty() {
            "none".to_string()
        } else {
            failed.join(",")
        }
    );
    Ok(())
}

/// An admin signed in on one server reads the grid on the other; a sign-out on A ends
/// the session on B.
async fn admin_sessions(
    http: &Http,
    urls: &[String],
    admin: &Admin,
    addresses: &Addresses,
    checks: &mut Vec<Check>,
) {
    let one_row = GridQuery {
        size: 1,
        ..GridQuery::default()
    };
    for (from, to, name) in [
        (0, 1, "admin_session_a_to_b"),
        (1, 0, "admin_session_b_to_a"),
    ] {
        let mut v = Visitor::new(urls, addresses.next());
        let signed_in = status(
            &v.send_to(
                http,
                from,
                &api::admin_sign_in(&admin.email, &admin.password),
            )
            .await,
        );
        let read = status(&v.send_to(http, to, &api::grid(&one_row)).await);
        checks.push(Check {
            name,
            ok: signed_in == "200" && read == "200",
            detail: format!("sign_in={signed_in} read_on_other={read}"),
        });
        if from == 0 {
            let token = v
                .cookie(ADMIN_COOKIE)
                .map(str::to_string)
                .unwrap_or_default();
            let signed_out = status(&v.send_to(http, 0, &api::admin_sign_out()).await);
            // The browser would drop the cookie; a stolen copy must not work on B.
            v.set_cookie(ADMIN_COOKIE, &token);
            let read = status(&v.send_to(http, 1, &api::grid(&one_row)).await);
            checks.push(Check {
                name: "admin_sign_out_a_seen_by_b",
                ok: signed_out == "200" && read == "401",
                detail: format!("sign_out={signed_out} read_on_other={read}"),
            });
        }
    }
}

/// A shopper registered on A is signed in on B, signed in on B is known on A, and a
/// sign-out on A ends the session on B.
async fn customer_sessions(
    http: &Http,
    urls: &[String],
    addresses: &Addresses,
    checks: &mut Vec<Check>,
) {
    let mut v = Visitor::new(urls, addresses.next());
    let email = format!("soak-multi-{}@example.com", super::run_tag());
    let form = api::registration(&email, &api::shopper_password(1), 1);
    let registered = status(&v.send_to(http, 0, &api::create_account(&form)).await);
    let seen = status(&v.send_to(http, 1, &api::account_dashboard()).await);
    checks.push(Check {
        name: "customer_session_a_to_b",
        ok: registered == "200" && seen == "200",
        detail: format!("register={registered} dashboard_on_other={seen}"),
    });
    let signed_in = status(
        &v.send_to(http, 1, &api::customer_sign_in(&email, &form.password))
            .await,
    );
    let seen = status(&v.send_to(http, 0, &api::account_dashboard()).await);
    checks.push(Check {
        name: "customer_session_b_to_a",
        ok: signed_in == "200" && seen == "200",
        detail: format!("sign_in={signed_in} dashboard_on_other={seen}"),
    });
    let token = v
        .cookie(CUSTOMER_COOKIE)
        .map(str::to_string)
        .unwrap_or_default();
    let signed_out = status(&v.send_to(http, 0, &api::customer_sign_out()).await);
    v.set_cookie(CUSTOMER_COOKIE, &token);
    let seen = status(&v.send_to(http, 1, &api::account_dashboard()).await);
    checks.push(Check {
        name: "customer_sign_out_a_seen_by_b",
        ok: signed_out == "200" && seen == "401",
        detail: format!("sign_out={signed_out} dashboard_on_other={seen}"),
    });
}

/// `failures` wrong passwords, alternately on A and B (each from its own address, so
/// no per-address limit interferes), lock the shopper: the right password is then
/// refused with 423 on both.
async fn customer_lockout(
    http: &Http,
    urls: &[String],
    failures: i64,
    addresses: &Addresses,
) -> Check {
    let name = "customer_lockout_shared";
    if failures <= 0 {
        return Check {
            name,
            ok: true,
            detail: "skipped=lockout_off".into(),
        };
    }
    let email = format!("soak-lock-{}@example.com", super::run_tag());
    let form = api::registration(&email, &api::shopper_password(2), 2);
    let registered = status(
        &Visitor::new(urls, addresses.next())
            .send_to(http, 0, &api::create_account(&form))
            .await,
    );
    let mut answers = Vec::new();
    for k in 0..failures {
        let mut v = Visitor::new(urls, addresses.next());
        let call = api::customer_sign_in(&email, WRONG);
        answers.push(status(&v.send_to(http, k as usize % 2, &call).await));
    }
    let mut last = Vec::new();
    for server in 0..2 {
        let mut v = Visitor::new(urls, addresses.next());
        let call = api::customer_sign_in(&email, &form.password);
        last.push(status(&v.send_to(http, server, &call).await));
    }
    Check {
        name,
        ok: registered == "200" && last.iter().all(|s| s == "423"),
        detail: format!(
            "failures={failures} failure_answers={} right_password_a={} right_password_b={}",
            tally(&answers),
            last[0],
            last[1]
        ),
    }
}

/// The same for an admin (the lock admin, which stays locked afterwards).
async fn admin_lockout(
    http: &Http,
    urls: &[String],
    admin: &Admin,
    failures: i64,
    addresses: &Addresses,
) -> Check {
    let name = "admin_lockout_shared";
    if failures <= 0 {
        return Check {
            name,
            ok: true,
            detail: "skipped=lockout_off".into(),
        };
    }
    let mut answers = Vec::new();
    for k in 0..failures {
        let mut v = Visitor::new(urls, addresses.next());
        let call = api::admin_sign_in(&admin.email, WRONG);
        answers.push(status(&v.send_to(http, k as usize % 2, &call).await));
    }
    let mut last = Vec::new();
    for server in 0..2 {
        let mut v = Visitor::new(urls, addresses.next());
        let call = api::admin_sign_in(&admin.email, &admin.password);
        last.push(status(&v.send_to(http, server, &call).await));
    }
    Check {
        name,
        ok: last.iter().all(|s| s == "423"),
        detail: format!(
            "failures={failures} failure_answers={} right_password_a={} right_password_b={}",
            tally(&answers),
            last[0],
            last[1]
        ),
    }
}

/// The Minimum Password Length every server reports on its account forms.
async fn min_length(http: &Http, v: &mut Visitor, server: usize) -> Option<usize> {
    let reply = v
        .send_to(http, server, &api::account_options())
        .await
        .ok()?;
    reply
        .json::<AccountFormOptions>()
        .ok()
        .map(|o| o.password.min_length)
}

/// Poll every server until it reports `wanted` (at most 5 s): when each first did.
async fn wait_for(
    http: &Http,
    urls: &[String],
    addresses: &Addresses,
    wanted: usize,
) -> Vec<Option<Duration>> {
    let started = Instant::now();
    let mut v = Visitor::new(urls, addresses.next());
    let mut seen = vec![None; urls.len()];
    while seen.iter().any(Option::is_none) && started.elapsed() < Duration::from_secs(5) {
        for (server, when) in seen.iter_mut().enumerate() {
            if when.is_none() && min_length(http, &mut v, server).await == Some(wanted) {
                *when = Some(started.elapsed());
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    seen
}

/// Store a new Minimum Password Length from this process (as `server config set` would)
/// and time until both servers apply it; then restore it and time that too.
async fn config_change(
    state: &AppState,
    http: &Http,
    urls: &[String],
    addresses: &Addresses,
    checks: &mut Vec<Check>,
) -> anyhow::Result<()> {
    let key = registry::PASSWORD_MINIMUM_LENGTH;
    let def = registry::find(key.path).ok_or_else(|| anyhow::anyhow!("{} unknown", key.path))?;
    let mut v = Visitor::new(urls, addresses.next());
    let (a, b) = (
        min_length(http, &mut v, 0).await,
        min_length(http, &mut v, 1).await,
    );
    let Some(before) = a.filter(|_| a == b) else {
        checks.push(Check {
            name: "config_agree_before",
            ok: false,
            detail: format!("a={a:?} b={b:?}").replace(' ', ""),
        });
        return Ok(());
    };
    let stored_before = state.config.snapshot().await?.resolve(def, At::default()).1;
    let detail = |seen: &[Option<Duration>]| {
        let ms = |d: &Option<Duration>| match d {
            Some(d) => format!("{:.0}", d.as_secs_f64() * 1000.0),
            None => "never".into(),
        };
        format!("seen_a_ms={} seen_b_ms={}", ms(&seen[0]), ms(&seen[1]))
    };
    let in_time =
        |seen: &[Option<Duration>]| seen.iter().all(|d| d.is_some_and(|d| d <= CONFIG_DEADLINE));

    let changed = before + 1;
    state
        .config
        .set(
            key.path,
            &changed.to_string(),
            Scope::Default,
            state.clock.now(),
        )
        .await?;
    let seen = wait_for(http, urls, addresses, changed).await;
    checks.push(Check {
        name: "config_set_seen_by_both",
        ok: in_time(&seen),
        detail: format!("{} value={changed}", detail(&seen)),
    });

    match stored_before {
        None => {
            state.config.unset(key.path, Scope::Default).await?;
        }
        Some(_) => {
            let now = state.clock.now();
            state
                .config
                .set(key.path, &before.to_string(), Scope::Default, now)
                .await?;
        }
    }
    let seen = wait_for(http, urls, addresses, before).await;
    checks.push(Check {
        name: "config_restore_seen_by_both",
        ok: in_time(&seen),
        detail: format!("{} value={before}", detail(&seen)),
    });
    Ok(())
}
