//! The mixed load: a quarter of the virtual clients are admins working the All
//! Customers grid (page reads, keyword searches, inline edits), the rest are shoppers
//! (registrations, sign-ins, address saves). Every client pauses up to [`THINK_MS`]
//! between requests, as a person would between clicks, and stops by itself at the end.
//!
//! The admin clients are tabs of one admin, signed in once before the clock starts: 50
//! simultaneous sign-ins of one account would measure the lockout instead (every attempt
//! takes a number before its password is checked, so beyond the lockout count even right
//! passwords are answered 423). A tab whose session ends signs in again, and waits a
//! moment after a refusal, as a person would.
//!
//! Each shopper is a new visitor with its own `X-Forwarded-For` address: a registration
//! is a new person arriving (a new address, no cookies), so the per-address limits on
//! registrations and sign-ins see a crowd of shoppers, as in a real shop, rather than one
//! address registering hundreds of accounts.

use super::api;
use super::client::{Failure, Http, Reply, Visitor};
use super::stats::{LoadReport, Outcome, Stats};
use super::{Addresses, Admin};
use anyhow::Context;
use app::accounts::model::Registration;
use app::customers::address::model::AddressInput;
use app::customers::grid::actions::RowResult;
use app::customers::grid::model::{Column, Dir, Filter, GridQuery, InlineEdit};
use app::customers::seed::Rng;
use app::state::AppState;
use sqlx::Row;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest pause between two requests of one client.
const THINK_MS: u64 = 200;

/// What to run.
pub struct Plan {
    /// The servers; with several, every client sends its requests to each in turn.
    pub urls: Vec<String>,
    pub clients: usize,
    pub duration: Duration,
    /// The `X-Forwarded-For` block of this load (see [`Addresses`]).
    pub address_block: u8,
}

/// What the admins aim at, read from the database before the start: customers to edit
/// inline (with their current email, group, website and gender, as the grid row holds
/// them) and words that find customers (frequent surnames, email fragments).
struct Targets {
    rows: Vec<InlineEdit>,
    words: Vec<String>,
    /// Pages of 20 that the page reads spread over.
    pages: u64,
}

async fn targets(state: &AppState) -> anyhow::Result<Targets> {
    let pool = &state.db.pool;
    let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM customer_entity")
        .fetch_one(pool)
        .await?
        .try_get("n")?;
    anyhow::ensure!(total > 0, "no customers: seed the database first");
    let step = (total / 2000).max(1);
    let rows = sqlx::query(
        "SELECT entity_id, email, group_id, website_id, gender FROM customer_entity
         WHERE website_id IS NOT NULL AND entity_id % $1 = 0 ORDER BY entity_id LIMIT 2000",
    )
    .bind(step)
    .fetch_all(pool)
    .await?;
    let mut edits = Vec::with_capacity(rows.len());
    let mut words: Vec<String> = Vec::new();
    for r in &rows {
        let email: String = r.try_get("email")?;
        // "alvaro.gutierrez.1@…" → "gutierrez"
        if let Some(part) = email.split(['.', '@']).nth(1) {
            if part.len() >= 4 && !words.iter().any(|w| w == part) && words.len() < 40 {
                words.push(part.to_string());
            }
        }
        edits.push(InlineEdit {
            id: r.try_get("entity_id")?,
            email,
            group_id: r.try_get("group_id")?,
            website_id: r.try_get("website_id")?,
            taxvat: String::new(),
            gender: r.try_get("gender")?,
        });
    }
    anyhow::ensure!(!edits.is_empty(), "no customer with a website to edit");
    let surnames = sqlx::query(
        "SELECT lastname, COUNT(*) AS n FROM customer_entity GROUP BY lastname
         ORDER BY n DESC, lastname LIMIT 40",
    )
    .fetch_all(pool)
    .await?;
    for r in &surnames {
        words.push(r.try_get("lastname")?);
    }
    Ok(Targets {
        rows: edits,
        words,
        pages: (total as u64 / 20).clamp(1, 50),
    })
}

/// Everything the clients share.
struct Shared {
    http: Http,
    urls: Vec<String>,
    admin: Admin,
    targets: Targets,
    addresses: Addresses,
    /// The admin session the preflight opened, shared by the admin clients.
    admin_token: String,
    /// Makes emails and address markers unique to this run.
    tag: String,
    /// Numbers the shoppers' accounts.
    accounts: AtomicU64,
    deadline: Instant,
}

/// Run the load; the counters of every client together.
pub async fn run(
    state: &AppState,
    http: &Http,
    plan: &Plan,
    admin: &Admin,
) -> anyhow::Result<LoadReport> {
    let mut shared = Shared {
        http: http.clone(),
        urls: plan.urls.clone(),
        admin: admin.clone(),
        targets: targets(state).await?,
        addresses: Addresses::new(plan.address_block),
        admin_token: String::new(),
        tag: super::run_tag(),
        accounts: AtomicU64::new(0),
        deadline: Instant::now(),
    };
    shared.admin_token = preflight(&shared).await?;
    let started = Instant::now();
    shared.deadline = started + plan.duration;
    let shared = Arc::new(shared);
    let admins = (plan.clients / 4).max(1);
    let mut tasks = Vec::with_capacity(plan.clients);
    for i in 0..plan.clients {
        let shared = shared.clone();
        tasks.push(tokio::spawn(async move {
            if i < admins {
                admin_client(&shared, i as u64).await
            } else {
                shopper_client(&shared, i as u64).await
            }
        }));
    }
    let mut stats = Stats::default();
    for task in tasks {
        stats.merge(task.await.context("a load client panicked")?);
    }
    Ok(LoadReport {
        stats,
        clients: plan.clients,
        elapsed: started.elapsed(),
    })
}

/// One round of every kind of request before the clock starts, so a changed server
/// function (a renamed argument, a new required field) stops the run with the server's
/// own answer instead of filling the figures with 4xx. Answers the admin's session.
async fn preflight(s: &Shared) -> anyhow::Result<String> {
    let expect = |what: &str, result: Result<Reply, Failure>| {
        let hint = "(has a server function changed? see server/src/cli/soak/api.rs)";
        match result {
            Ok(reply) if reply.status.is_success() => Ok(reply),
            Ok(reply) => Err(anyhow::anyhow!(
                "preflight {what}: {} {} {hint}",
                reply.status,
                reply.text()
            )),
            Err(failure) => Err(anyhow::anyhow!("preflight {what}: {failure}")),
        }
    };
    let mut admin = Visitor::new(&s.urls, s.addresses.next());
    let signed_in = admin
        .send(
            &s.http,
            &api::admin_sign_in(&s.admin.email, &s.admin.password),
        )
        .await;
    expect("admin sign-in", signed_in)?;
    let token = admin
        .cookie(api::ADMIN_COOKIE)
        .ok_or_else(|| anyhow::anyhow!("preflight admin sign-in: no session cookie"))?
        .to_string();
    expect(
        "grid read",
        admin.send(&s.http, &api::grid(&GridQuery::default())).await,
    )?;
    let edit = InlineEdit {
        taxvat: "SOAK-PREFLIGHT".into(),
        ..s.targets.rows[0].clone()
    };
    let rows: Vec<RowResult> = expect(
        "inline edit",
        admin.send(&s.http, &api::inline_edit(&[edit])).await,
    )?
    .json()?;
    if let Some(row) = rows
        .iter()
        .find(|r| !r.errors.is_empty() || r.message.is_some())
    {
        anyhow::bail!("preflight inline edit refused: {row:?}");
    }
    let mut shopper = Visitor::new(&s.urls, s.addresses.next());
    let email = format!("soak-{}-preflight@example.com", s.tag);
    let password = api::shopper_password(0);
    let form = api::registration(&email, &password, 0);
    expect(
        "registration",
        shopper.send(&s.http, &api::create_account(&form)).await,
    )?;
    let key = format!("{}-preflight", s.tag);
    let address = api::new_address(&format!("Soak {} preflight", s.tag), &key, &form);
    let saved = shopper.send(&s.http, &api::save_address(&address)).await;
    expect("address save", saved)?.json::<AddressInput>()?;
    expect(
        "customer sign-in",
        shopper
            .send(&s.http, &api::customer_sign_in(&email, &password))
            .await,
    )?;
    Ok(token)
}

/// Pause like a person between two clicks (never past the end of the run).
async fn think(rng: &mut Rng, deadline: Instant) {
    let pause = Duration::from_millis(rng.below(THINK_MS + 1));
    let left = deadline.saturating_duration_since(Instant::now());
    tokio::time::sleep(pause.min(left)).await;
}

/// Browse the grid: a page among the first ones, in one of the usual sorts and sizes.
fn browse(rng: &mut Rng, t: &Targets) -> GridQuery {
    const SORTS: [Column; 5] = [
        Column::Id,
        Column::Name,
        Column::Email,
        Column::CustomerSince,
        Column::Group,
    ];
    let mut q = GridQuery {
        sort: *rng.pick(&SORTS),
        dir: if rng.below(2) == 0 {
            Dir::Asc
        } else {
            Dir::Desc
        },
        page: 1 + rng.below(t.pages) as u32,
        size: *rng.pick(&[20, 20, 50, 100]),
        ..GridQuery::default()
    };
    if rng.below(4) == 0 {
        q.filters.insert(
            Column::Group,
            Filter::Select((1 + rng.below(3)).to_string()),
        );
    }
    q
}

/// A keyword search, as typed into the grid's search box.
fn search(rng: &mut Rng, t: &Targets) -> GridQuery {
    GridQuery {
        search: rng.pick(&t.words).clone(),
        ..GridQuery::default()
    }
}

/// An admin tab: reads, searches and edits the grid until the end.
async fn admin_client(s: &Shared, i: u64) -> Stats {
    let mut stats = Stats::default();
    let mut rng = Rng::new(0xAD_0000 + i);
    let mut visitor = Visitor::new(&s.urls, s.addresses.next());
    visitor.set_cookie(api::ADMIN_COOKIE, &s.admin_token);
    while Instant::now() < s.deadline {
        if visitor.cookie(api::ADMIN_COOKIE).is_none() {
            let call = api::admin_sign_in(&s.admin.email, &s.admin.password);
            let result = visitor.send(&s.http, &call).await;
            stats.record_reply("admin_sign_in", &result);
            if !result.is_ok_and(|r| r.status.is_success()) {
                let pause = Duration::from_millis(1000 + rng.below(1000));
                let left = s.deadline.saturating_duration_since(Instant::now());
                tokio::time::sleep(pause.min(left)).await;
            }
            continue;
        }
        let roll = rng.below(100);
        let (kind, call) = if roll < 50 {
            ("grid_read", api::grid(&browse(&mut rng, &s.targets)))
        } else if roll < 85 {
            ("search", api::grid(&search(&mut rng, &s.targets)))
        } else {
            let edit = InlineEdit {
                taxvat: format!("SOAK{}", rng.below(1_000_000)),
                ..rng.pick(&s.targets.rows).clone()
            };
            ("inline_edit", api::inline_edit(&[edit]))
        };
        let result = visitor.send(&s.http, &call).await;
        let mut outcome = Outcome::of(&result);
        if let Ok(reply) = &result {
            if reply.status == http::StatusCode::UNAUTHORIZED {
                // The session ended: sign in again next time.
                visitor.forget(api::ADMIN_COOKIE);
            } else if kind == "inline_edit" && reply.status.is_success() {
                // 200 answers each row; a refused row is a refusal.
                let refused = match reply.json::<Vec<RowResult>>() {
                    Ok(rows) => rows
                        .iter()
                        .any(|r| !r.errors.is_empty() || r.message.is_some()),
                    Err(_) => true,
                };
                if refused {
                    outcome = Outcome::Refused("row_error".into());
                }
            }
        }
        stats.record(kind, outcome, result.as_ref().ok().map(|r| r.elapsed));
        think(&mut rng, s.deadline).await;
    }
    stats
}

/// A shopper's account, as the shopper knows it.
struct Account {
    n: u64,
    form: Registration,
    /// The addresses saved so far (the latest few), as the server answered them.
    addresses: Vec<AddressInput>,
    saves: u64,
}

/// A shopper: registers, then signs in again now and then and saves addresses; now and
/// then a new shopper takes the client's place.
async fn shopper_client(s: &Shared, i: u64) -> Stats {
    enum Action {
        Register,
        SignIn,
        SaveAddress,
    }
    let mut stats = Stats::default();
    let mut rng = Rng::new(0x5A_0000 + i);
    let mut visitor = Visitor::new(&s.urls, s.addresses.next());
    let mut me: Option<Account> = None;
    while Instant::now() < s.deadline {
        let roll = rng.below(100);
        let action = match me {
            None => Action::Register,
            Some(_) if roll >= 85 => Action::Register,
            Some(_) if roll < 35 => Action::SignIn,
            Some(_) => Action::SaveAddress,
        };
        match action {
            Action::Register => {
                if me.take().is_some() {
                    // A new person arrives: their own address, no cookies.
                    visitor = Visitor::new(&s.urls, s.addresses.next());
                }
                let n = s.accounts.fetch_add(1, Ordering::Relaxed) + 1;
                let email = format!("soak-{}-{n}@example.com", s.tag);
                let form = api::registration(&email, &api::shopper_password(n), n);
                let result = visitor.send(&s.http, &api::create_account(&form)).await;
                stats.record_reply("register", &result);
                if result.is_ok_and(|r| r.status.is_success()) {
                    me = Some(Account {
                        n,
                        form,
                        addresses: Vec::new(),
                        saves: 0,
                    });
                }
            }
            Action::SignIn => {
                let Some(account) = &me else { continue };
                let call = api::customer_sign_in(&account.form.email, &account.form.password);
                let result = visitor.send(&s.http, &call).await;
                stats.record_reply("sign_in", &result);
            }
            Action::SaveAddress => {
                let Some(account) = me.as_mut() else { continue };
                account.saves += 1;
                let update = !account.addresses.is_empty() && rng.below(100) < 30;
                let address = if update {
                    let mut address = account.addresses[account.addresses.len() - 1].clone();
                    address.telephone = format!("+31 20 555 {:04}", rng.below(10_000));
                    address.request_key.clear();
                    address
                } else {
                    let marker = format!("Soak {} {}-{}", s.tag, account.n, account.saves);
                    let key = format!("{}-{}-{}", s.tag, account.n, account.saves);
                    api::new_address(&marker, &key, &account.form)
                };
                let call = api::save_address(&address);
                let result = visitor.send(&s.http, &call).await;
                stats.record_reply("address_save", &result);
                if let Ok(saved) = result.map_err(|_| ()).and_then(|r| {
                    if r.status.is_success() {
                        r.json::<AddressInput>().map_err(|_| ())
                    } else {
                        Err(())
                    }
                }) {
                    account.addresses.retain(|a| a.id != saved.id);
                    account.addresses.push(saved);
                    if account.addresses.len() > 5 {
                        account.addresses.remove(0);
                    }
                }
            }
        }
        think(&mut rng, s.deadline).await;
    }
    stats
}
