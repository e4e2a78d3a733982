//! `sign-in-burst`: how much memory a burst of password hashes leaves behind.
//!
//! Every storefront sign-in attempt runs argon2 (19 MiB per hash), whether the email is
//! unknown (a dummy hash, so timing tells nothing) or the password is wrong. A burst of
//! anonymous attempts once left the server at 1.1 GiB resident: glibc kept each hash's
//! block in a per-thread arena. The phase fires all attempts at once, each from its own
//! `X-Forwarded-For` address (so the per-address limit on failed sign-ins lets every one
//! through to the hash), half with unknown emails and half as existing customers with a
//! wrong password (one attempt per customer, far below the lockout, so each one still
//! reaches the hash), and reads the server's `/proc/<pid>/status` before, at the end and
//! a few seconds after:
//!
//! ```text
//! soak sqlite rss_sign_in_burst attempts=600 answered=600 err_5xx=0 before_mb=… peak_mb=… after_mb=… seconds=…
//! ```
//!
//! `peak_mb` is VmHWM, reset just before the burst where the kernel allows it (else the
//! peak since the server started); `after_mb` is VmRSS once the connections are closed
//! and the server has been idle for the settle time. Goal: `after_mb` ≤ 200.

use super::api;
use super::client::{Http, Visitor};
use super::Addresses;
use app::state::AppState;
use sqlx::Row;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How `sign-in-burst` runs.
pub struct Plan {
    pub url: String,
    /// The server process whose memory is read.
    pub pid: u32,
    pub attempts: usize,
    /// How long after the last answer `after_mb` is read.
    pub settle: Duration,
}

/// The `X-Forwarded-For` block of the burst (see [`Addresses`]).
const ADDRESS_BLOCK: u8 = 90;

/// The answer to a failed sign-in ("Invalid login or password.").
const EXPECTED: u16 = 401;

/// Resident memory of a process, from `/proc/<pid>/status`, in KiB.
struct Memory {
    rss_kib: u64,
    hwm_kib: u64,
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn read_memory(pid: u32) -> anyhow::Result<Memory> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path)
        .map_err(|e| anyhow::anyhow!("{path}: {e} (is the server still running?)"))?;
    let field = |name: &str| -> anyhow::Result<u64> {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| anyhow::anyhow!("{path}: no {name} line"))
    };
    Ok(Memory {
        rss_kib: field("VmRSS:")?,
        hwm_kib: field("VmHWM:")?,
    })
}

/// The process name, as `/proc/<pid>/status` gives it.
fn process_name(pid: u32) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("Name:"))
        .map(|name| name.trim().to_string())
}

/// Reset the process's VmHWM to its current RSS (`5` to `/proc/<pid>/clear_refs`, Linux
/// 4.0+, same user), so the peak is the burst's own. False when the kernel refused.
fn reset_peak(pid: u32) -> bool {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// Existing customers of the default website that have no failed attempt on record: a
/// wrong password for them runs the real hash (a locked account is refused before it).
async fn customers(state: &AppState, wanted: usize) -> anyhow::Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT email FROM customer_entity
         WHERE failures_num = 0 AND lock_expires IS NULL
           AND website_id IN (SELECT website_id FROM websites WHERE is_default = 1)
         ORDER BY entity_id LIMIT $1",
    )
    .bind(wanted as i64)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| r.try_get::<String, _>("email").map_err(Into::into))
        .collect()
}

/// How one attempt ended: the status, or why no answer came.
type Ending = Result<u16, &'static str>;

/// Run the burst and print its figure line.
pub async fn run(state: &AppState, plan: &Plan, backend: &str) -> anyhow::Result<()> {
    let start_memory = read_memory(plan.pid)?;
    match process_name(plan.pid).as_deref() {
        Some("server") => {}
        other => eprintln!(
            "note: process {} is {other:?}, not the release `server`",
            plan.pid
        ),
    }
    let attempts = plan.attempts.max(1);
    let known = customers(state, attempts / 2).await?;
    if known.len() < attempts / 2 {
        eprintln!(
            "note: only {} customers to sign in as; the other attempts use unknown emails",
            known.len()
        );
    }
    let tag = super::run_tag();
    // The burst's own client: every attempt waits in the server's queue of hashes (four
    // at a time), so the last answers come late; its connections close with it.
    let http = Http::new(Duration::from_secs(180));
    let addresses = Addresses::new(ADDRESS_BLOCK);

    // One attempt first, so a changed server function stops the run here instead of
    // measuring a burst of 400s. It also computes the dummy hash once, as any server
    // that has seen a sign-in has.
    let mut probe = Visitor::new(std::slice::from_ref(&plan.url), addresses.next());
    let email = format!("soak-burst-{tag}-probe@example.com");
    match probe
        .send(&http, &api::customer_sign_in(&email, "Wrong-probe-Burst!"))
        .await
    {
        Ok(reply) if reply.status.as_u16() == EXPECTED => {}
        Ok(reply) => anyhow::bail!(
            "preflight sign-in: expected {EXPECTED}, got {} {} (has a server function changed? see server/src/cli/soak/api.rs)",
            reply.status,
            reply.text()
        ),
        Err(failure) => anyhow::bail!("preflight sign-in: {failure}"),
    }
    drop(probe);
    tokio::time::sleep(Duration::from_millis(500)).await;

    let calls: Vec<_> = (0..attempts)
        .map(|i| {
            let password = format!("Wrong-{i}-Burst!");
            let email = if i % 2 == 1 {
                known.get(i / 2).cloned()
            } else {
                None
            }
            .unwrap_or_else(|| format!("soak-burst-{tag}-{i}@example.com"));
            (addresses.next(), api::customer_sign_in(&email, &password))
        })
        .collect();

    let peak_reset = reset_peak(plan.pid);
    if !peak_reset {
        eprintln!(
            "note: could not reset the peak (/proc/{}/clear_refs): peak_mb is the peak since the server started",
            plan.pid
        );
    }
    let before = read_memory(plan.pid)?;
    // Every attempt waits at the barrier, so all are sent together.
    let barrier = Arc::new(tokio::sync::Barrier::new(attempts + 1));
    let mut tasks = Vec::with_capacity(attempts);
    for (ip, call) in calls {
        let http = http.clone();
        let url = plan.url.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let mut visitor = Visitor::new(std::slice::from_ref(&url), ip);
            barrier.wait().await;
            let ending: Ending = match visitor.send(&http, &call).await {
                Ok(reply) => Ok(reply.status.as_u16()),
                Err(failure) => Err(failure.name()),
            };
            ending
        }));
    }
    barrier.wait().await;
    let started = Instant::now();
    let mut endings: BTreeMap<String, u64> = BTreeMap::new();
    let (mut answered, mut err_5xx) = (0u64, 0u64);
    for task in tasks {
        let ending = task
            .await
            .map_err(|e| anyhow::anyhow!("a burst attempt panicked: {e}"))?;
        match ending {
            Ok(status) => {
                answered += 1;
                if status >= 500 {
                    err_5xx += 1;
                }
                *endings.entry(status.to_string()).or_default() += 1;
            }
            Err(what) => *endings.entry(what.to_string()).or_default() += 1,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let at_end = read_memory(plan.pid)?;
    // Close the connections (a burst's visitors leave), then let the server idle.
    drop(http);
    tokio::time::sleep(plan.settle).await;
    let after = read_memory(plan.pid)?;

    let unexpected: Vec<String> = endings
        .iter()
        .filter(|(ending, _)| ending.as_str() != EXPECTED.to_string())
        .map(|(ending, n)| format!("{ending}={n}"))
        .collect();
    if !unexpected.is_empty() {
        eprintln!(
            "note: sign-in burst answers other than {EXPECTED}: {}",
            unexpected.join(" ")
        );
    }
    eprintln!(
        "note: sign-in burst: server rss {:.1} MiB at start of phase, {:.1} MiB at the end of the burst",
        mib(start_memory.rss_kib),
        mib(at_end.rss_kib)
    );
    println!(
        "soak {backend} rss_sign_in_burst attempts={attempts} answered={answered} err_5xx={err_5xx} before_mb={:.1} peak_mb={:.1} after_mb={:.1} seconds={seconds:.1}",
        mib(before.rss_kib),
        mib(at_end.hwm_kib.max(at_end.rss_kib)),
        mib(after.rss_kib),
    );
    Ok(())
}
