//! The crash run, in two halves around a restart the script does:
//!
//! 1. [`write_until_killed`]: writers stream creates (new accounts, new addresses) and
//!    note every answer; meanwhile the server gets `kill -9`. A create acknowledged with
//!    2xx must survive; one whose answer broke off may or may not have happened.
//! 2. [`check`], once the server is back: integrity of the database as the crash left
//!    it, presence of every acknowledged create, then each create whose answer was lost
//!    is sent again, as a client would, together with a few acknowledged ones (a client
//!    that missed the acknowledgement retries those too), and no create may now exist
//!    twice: a retried registration meets the taken email, a retried address create
//!    carries the same idempotency key as the first attempt.

use super::api::{self, CUSTOMER_COOKIE};
use super::client::{Failure, Http, Reply, Visitor};
use super::{integrity, Addresses};
use anyhow::Context;
use app::accounts::model::Registration;
use app::customers::address::model::AddressInput;
use app::state::AppState;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

/// How `crash-writes` runs.
pub struct WritePlan {
    pub url: String,
    /// The server process to kill.
    pub pid: u32,
    pub writers: usize,
    pub kill_after: Duration,
}

/// What the writers did, kept in a file between the two halves.
#[derive(Serialize, Deserialize)]
struct CrashLog {
    /// The shoppers whose addresses the address writers create.
    shoppers: Vec<Shopper>,
    writes: Vec<Write>,
}

#[derive(Clone, Serialize, Deserialize)]
struct Shopper {
    form: Registration,
    ip: String,
    /// Their session cookie when the writes started.
    token: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Kind {
    Registration,
    Address,
}

/// How the server answered a write.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Ack {
    /// 2xx: the server said it is done.
    Acked,
    /// Another status: the server said no.
    Refused(u16),
    /// Sent, but the answer broke off or never came: unknown whether it happened.
    Lost(String),
    /// The connection was refused: never reached the server.
    NotSent,
}

#[derive(Clone, Serialize, Deserialize)]
struct Write {
    kind: Kind,
    /// What finds it in the database: the account's email, or the address's single
    /// street line.
    marker: String,
    registration: Option<Registration>,
    /// Address writes: whose (index into `shoppers`), and the address with its
    /// idempotency key.
    shopper: Option<usize>,
    address: Option<AddressInput>,
    ack: Ack,
}

fn ack_of(result: &Result<Reply, Failure>) -> Ack {
    match result {
        Ok(reply) if reply.status.is_success() => Ack::Acked,
        Ok(reply) => Ack::Refused(reply.status.as_u16()),
        Err(Failure::Connect(_)) => Ack::NotSent,
        Err(failure) => Ack::Lost(failure.to_string()),
    }
}

/// First half: stream writes, kill the server in the middle, save the record.
pub async fn write_until_killed(
    http: &Http,
    plan: &WritePlan,
    backend: &str,
    state_file: &Path,
) -> anyhow::Result<()> {
    let tag = super::run_tag();
    let urls = vec![plan.url.clone()];
    let addresses = std::sync::Arc::new(Addresses::new(79));
    let address_writers = plan.writers / 2;
    let registration_writers = plan.writers - address_writers;

    // The address writers' shoppers: acknowledged registrations like any other.
    let mut shoppers = Vec::new();
    let mut writes = Vec::new();
    for j in 0..address_writers {
        let mut visitor = Visitor::new(&urls, addresses.next());
        let email = format!("soak-crash-{tag}-shopper{j}@example.com");
        let form = api::registration(&email, &api::shopper_password(j as u64), j as u64);
        let result = visitor.send(http, &api::create_account(&form)).await;
        match &result {
            Ok(reply) if reply.status.is_success() => {}
            Ok(reply) => anyhow::bail!("registering writer {j}: {} {}", reply.status, reply.text()),
            Err(failure) => anyhow::bail!("registering writer {j}: {failure}"),
        }
        writes.push(Write {
            kind: Kind::Registration,
            marker: email,
            registration: Some(form.clone()),
            shopper: None,
            address: None,
            ack: Ack::Acked,
        });
        shoppers.push(Shopper {
            form,
            ip: visitor.ip.clone(),
            token: visitor.cookie(CUSTOMER_COOKIE).map(str::to_string),
        });
    }

    // Writers stop at their first answer that does not come, or 20 s after the kill.
    let started = Instant::now();
    let stop_at = started + plan.kill_after + Duration::from_secs(20);
    let mut tasks = Vec::new();
    for j in 0..registration_writers {
        let (http, urls, tag) = (http.clone(), urls.clone(), tag.clone());
        let addresses = addresses.clone();
        tasks.push(tokio::spawn(async move {
            let mut done = Vec::new();
            for n in 0.. {
                if Instant::now() > stop_at {
                    break;
                }
                // Every registration is a new shopper, from their own address.
                let mut visitor = Visitor::new(&urls, addresses.next());
                let email = format!("soak-crash-{tag}-r{j}-{n}@example.com");
                let form = api::registration(&email, &api::shopper_password(n), n);
                let result = visitor.send(&http, &api::create_account(&form)).await;
                let ack = ack_of(&result);
                done.push(Write {
                    kind: Kind::Registration,
                    marker: email,
                    registration: Some(form),
                    shopper: None,
                    address: None,
                    ack,
                });
                if result.is_err() {
                    break;
                }
            }
            done
        }));
    }
    for (j, shopper) in shoppers.iter().enumerate() {
        let (http, urls, tag, shopper) = (http.clone(), urls.clone(), tag.clone(), shopper.clone());
        tasks.push(tokio::spawn(async move {
            let mut visitor = Visitor::new(&urls, shopper.ip.clone());
            if let Some(token) = &shopper.token {
                visitor.set_cookie(CUSTOMER_COOKIE, token);
            }
            let mut done = Vec::new();
            for n in 0.. {
                if Instant::now() > stop_at {
                    break;
                }
                let marker = format!("Soak crash {tag} {j}-{n}");
                let key = format!("crash-{tag}-{j}-{n}");
                let address = api::new_address(&marker, &key, &shopper.form);
                let call = api::save_address(&address);
                let result = visitor.send(&http, &call).await;
                let ack = ack_of(&result);
                done.push(Write {
                    kind: Kind::Address,
                    marker,
                    registration: None,
                    shopper: Some(j),
                    address: Some(address),
                    ack,
                });
                if result.is_err() {
                    break;
                }
            }
            done
        }));
    }

    tokio::time::sleep(plan.kill_after).await;
    let killed_after_ms = started.elapsed().as_millis() as u64;
    let status = tokio::process::Command::new("kill")
        .args(["-KILL", &plan.pid.to_string()])
        .status()
        .await
        .context("running kill")?;
    anyhow::ensure!(status.success(), "kill -KILL {} failed", plan.pid);

    for task in tasks {
        writes.extend(task.await.context("a writer panicked")?);
    }
    let count = |f: &dyn Fn(&Ack) -> bool| writes.iter().filter(|w| f(&w.ack)).count();
    println!(
        "soak {backend} crash_kill killed_after_ms={killed_after_ms} writes={} acked={} refused={} lost_answers={} not_sent={}",
        writes.len(),
        count(&|a| *a == Ack::Acked),
        count(&|a| matches!(a, Ack::Refused(_))),
        count(&|a| matches!(a, Ack::Lost(_))),
        count(&|a| *a == Ack::NotSent),
    );
    for w in writes
        .iter()
        .filter(|w| matches!(w.ack, Ack::Refused(_)))
        .take(5)
    {
        if let Ack::Refused(status) = w.ack {
            eprintln!("refused before the kill: {} → {status}", w.marker);
        }
    }
    let log = CrashLog { shoppers, writes };
    std::fs::write(state_file, serde_json::to_vec(&log)?)
        .with_context(|| format!("writing {}", state_file.display()))?;
    Ok(())
}

/// Rows in the database that a write made (0 when it never happened).
async fn rows_of(state: &AppState, w: &Write) -> anyhow::Result<i64> {
    let sql = match w.kind {
        Kind::Registration => "SELECT COUNT(*) AS n FROM customer_entity WHERE email = $1",
        Kind::Address => "SELECT COUNT(*) AS n FROM customer_address_entity WHERE street = $1",
    };
    Ok(sqlx::query(sql)
        .bind(&w.marker)
        .fetch_one(&state.db.pool)
        .await?
        .try_get("n")?)
}

/// Acknowledged creates sent again as if their answer had been lost, per kind.
const REPLAYS: usize = 5;

/// Second half, after the restart: integrity, acknowledged writes present, retries
/// without duplicates.
pub async fn check(
    state: &AppState,
    http: &Http,
    url: &str,
    backend: &str,
    state_file: &Path,
) -> anyhow::Result<()> {
    let log: CrashLog = serde_json::from_slice(
        &std::fs::read(state_file).with_context(|| format!("reading {}", state_file.display()))?,
    )?;

    // The database as the crash left it.
    let report = integrity::check(state).await?;
    println!("soak {backend} crash_integrity {}", report.line());

    // Every acknowledged write survived.
    let mut per_kind: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for w in log.writes.iter().filter(|w| w.ack == Ack::Acked) {
        let name = match w.kind {
            Kind::Registration => "registrations",
            Kind::Address => "addresses",
        };
        let found = rows_of(state, w).await? > 0;
        let entry = per_kind.entry(name).or_default();
        entry.0 += 1;
        entry.1 += u64::from(found);
        if !found {
            eprintln!("LOST after kill -9: acknowledged {name} write {}", w.marker);
        }
    }
    let acked: u64 = per_kind.values().map(|v| v.0).sum();
    let present: u64 = per_kind.values().map(|v| v.1).sum();
    let mut line = format!(
        "soak {backend} crash_acked_writes acked={acked} present={present} lost={}",
        acked - present
    );
    for (name, (a, p)) in &per_kind {
        line.push_str(&format!(" {name}={p}/{a}"));
    }
    println!("{line}");

    // Retry what a client would: every create whose answer was lost, and a few
    // acknowledged ones whose answer the client might have missed.
    let lost: Vec<&Write> = log
        .writes
        .iter()
        .filter(|w| matches!(w.ack, Ack::Lost(_)))
        .collect();
    let mut replays: Vec<&Write> = Vec::new();
    for kind in [Kind::Registration, Kind::Address] {
        // Spread over the writers: the latest ones, every n-th.
        let acked: Vec<&Write> = log
            .writes
            .iter()
            .rev()
            .filter(|w| w.kind == kind && w.ack == Ack::Acked)
            .collect();
        let step = (acked.len() / REPLAYS).max(1);
        replays.extend(acked.into_iter().step_by(step).take(REPLAYS));
    }
    let urls = vec![url.to_string()];
    let addresses = Addresses::new(89);
    let mut outcomes: BTreeMap<String, u64> = BTreeMap::new();
    for w in lost.iter().chain(replays.iter()) {
        if let Ack::Lost(why) = &w.ack {
            eprintln!("retrying {} ({why})", w.marker);
        }
        let (name, result) = match w.kind {
            Kind::Registration => {
                let form = w.registration.as_ref().context("registration missing")?;
                let mut visitor = Visitor::new(&urls, addresses.next());
                let result = visitor.send(http, &api::create_account(form)).await;
                ("registration", result)
            }
            Kind::Address => {
                let shopper = &log.shoppers[w.shopper.context("shopper missing")?];
                let address = w.address.as_ref().context("address missing")?;
                let call = api::save_address(address);
                let mut visitor = Visitor::new(&urls, shopper.ip.clone());
                if let Some(token) = &shopper.token {
                    visitor.set_cookie(CUSTOMER_COOKIE, token);
                }
                let mut result = visitor.send(http, &call).await;
                if result
                    .as_ref()
                    .is_ok_and(|r| r.status == http::StatusCode::UNAUTHORIZED)
                {
                    // The session did not survive: sign in again, then retry.
                    let form = &shopper.form;
                    let _ = visitor
                        .send(http, &api::customer_sign_in(&form.email, &form.password))
                        .await;
                    result = visitor.send(http, &call).await;
                }
                ("address", result)
            }
        };
        let status = match &result {
            Ok(reply) => reply.status.as_u16().to_string(),
            Err(failure) => failure.name().to_string(),
        };
        *outcomes.entry(format!("{name}.{status}")).or_default() += 1;
    }

    // No create exists twice: among the retried ones, and among all writes.
    let mut after_lost = 0;
    for w in &lost {
        after_lost += u64::from(rows_of(state, w).await? > 1);
    }
    let mut after_replay = 0;
    for w in &replays {
        after_replay += u64::from(rows_of(state, w).await? > 1);
    }
    let mut duplicates = 0;
    let mut seen = BTreeSet::new();
    for w in &log.writes {
        if seen.insert(&w.marker) && rows_of(state, w).await? > 1 {
            duplicates += 1;
            eprintln!("DUPLICATE after retry: {}", w.marker);
        }
    }
    println!(
        "soak {backend} crash_retried_creates retried={} lost_answers={} replayed_acked={} duplicates={duplicates} duplicates_after_lost_answer={after_lost} duplicates_after_replay={after_replay}{}",
        lost.len() + replays.len(),
        lost.len(),
        replays.len(),
        outcomes
            .iter()
            .map(|(k, n)| format!(" {k}={n}"))
            .collect::<String>()
    );
    Ok(())
}
