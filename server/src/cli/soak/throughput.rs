//! Throughput over loopback HTTP: `connections` clients send one request after another
//! (no pause) for a while, per figure, and the successful answers per second and their
//! latency are printed (errors: any other answer, counted apart). `make bench` runs it against a release server on each database:
//!
//!   bench http <figure> backend=<backend> rps=<x> p50_ms=<y> p99_ms=<z> errors=<n> connections=<c>
//!
//! Figures: `storefront_login_ssr` (`GET /customer/account/login`, a returning visitor:
//! the page links the stylesheet its first visit left in the browser's cache),
//! `storefront_login_first_visit_ssr` (the same page, each time for a browser that has
//! never been there: no cookies, the stylesheet in the page),
//! `admin_grid_ssr` (`GET /admin/customers`, signed in: the page with its first grid page
//! and count rendered on the server) and `grid_server_fn` (`POST
//! /api/admin/customers/grid`, the call the grid makes when it changes page). The clients
//! share one pool of keep-alive connections, so each holds its own connection as a
//! browser tab would, and ask for compressed answers as a browser does: the time is that
//! of a page as a browser receives it, compression included.

use super::api;
use super::client::{Call, Http, Visitor, BROWSER_ENCODINGS};
use super::stats::nearest_rank;
use super::Admin;
use app::customers::grid::model::GridQuery;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to run.
pub struct Plan {
    pub url: String,
    pub connections: usize,
    /// Measured time per figure, after [`WARM_UP`].
    pub duration: Duration,
}

/// Requests sent before the clock starts (connections opened, caches warm).
const WARM_UP: Duration = Duration::from_secs(2);

/// One figure: its name, its request, whether it needs the admin's session, and whether
/// each request comes from a new browser (no cookies).
struct Figure {
    name: &'static str,
    call: Call,
    admin: bool,
    new_browser: bool,
}

/// The figures, in order.
fn figures() -> Vec<Figure> {
    vec![
        Figure {
            name: "storefront_login_ssr",
            call: api::page("/customer/account/login"),
            admin: false,
            new_browser: false,
        },
        Figure {
            name: "storefront_login_first_visit_ssr",
            call: api::page("/customer/account/login"),
            admin: false,
            new_browser: true,
        },
        Figure {
            name: "admin_grid_ssr",
            call: api::page("/admin/customers"),
            admin: true,
            new_browser: false,
        },
        Figure {
            name: "grid_server_fn",
            call: api::grid(&GridQuery::default()),
            admin: true,
            new_browser: false,
        },
    ]
}

/// What one client saw while the clock ran.
#[derive(Default)]
struct Tally {
    times: Vec<Duration>,
    errors: u64,
}

/// Run every figure and print its line.
pub async fn run(http: &Http, plan: &Plan, admin: &Admin, backend: &str) -> anyhow::Result<()> {
    let urls = [plan.url.clone()];
    // One sign-in, shared by every admin client (tabs of one admin).
    let mut signed_in = Visitor::new(&urls, "127.0.0.1".into());
    let reply = signed_in
        .send(http, &api::admin_sign_in(&admin.email, &admin.password))
        .await
        .map_err(|err| anyhow::anyhow!("admin sign-in: {err}"))?;
    let session = signed_in.cookie(api::ADMIN_COOKIE).map(str::to_string);
    let Some(session) = session else {
        anyhow::bail!(
            "admin sign-in as {} failed: HTTP {} {}",
            admin.email,
            reply.status,
            reply.text()
        );
    };

    for figure in figures() {
        let figure = Arc::new(figure);
        let started = Instant::now();
        let measure_from = started + WARM_UP;
        let stop = measure_from + plan.duration;
        let mut clients = Vec::with_capacity(plan.connections);
        for _ in 0..plan.connections {
            let http = http.clone();
            let figure = figure.clone();
            let browser = {
                let (urls, session) = (urls.clone(), session.clone());
                let admin = figure.admin;
                move || {
                    let mut visitor = Visitor::new(&urls, "127.0.0.1".into());
                    visitor.accept_encoding(BROWSER_ENCODINGS);
                    if admin {
                        visitor.set_cookie(api::ADMIN_COOKIE, &session);
                    }
                    visitor
                }
            };
            let mut visitor = browser();
            clients.push(tokio::spawn(async move {
                let mut tally = Tally::default();
                loop {
                    let sent = Instant::now();
                    if sent >= stop {
                        break;
                    }
                    if figure.new_browser {
                        visitor = browser();
                    }
                    let result = visitor.send(&http, &figure.call).await;
                    if sent < measure_from {
                        continue;
                    }
                    match result {
                        Ok(reply) if reply.status.is_success() => tally.times.push(reply.elapsed),
                        _ => tally.errors += 1,
                    }
                }
                tally
            }));
        }
        let mut times = Vec::new();
        let mut errors = 0;
        for client in clients {
            let tally = client.await?;
            times.extend(tally.times);
            errors += tally.errors;
        }
        let rps = times.len() as f64 / plan.duration.as_secs_f64();
        times.sort_unstable();
        let at = |q: f64| {
            nearest_rank(&times, q)
                .map(|v| format!("{v:.1}"))
                .unwrap_or_else(|| "-".into())
        };
        println!(
            "bench http {} backend={backend} rps={rps:.0} p50_ms={} p99_ms={} errors={errors} connections={}",
            figure.name,
            at(0.50),
            at(0.99),
            plan.connections,
        );
    }
    Ok(())
}
