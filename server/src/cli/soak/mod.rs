//! `server soak …`: the load-and-fault run of `make soak` (.ci/scripts/soak.sh), against
//! release servers the script starts. Each phase is one subcommand and prints one line
//! per figure, `soak <sqlite|postgres> <figure> key=value …`, so runs compare:
//!
//! - `load`: concurrent admins (grid reads, keyword searches, inline edits) and shoppers
//!   (sign-ins, registrations, address saves) for a fixed time ([`load`]);
//! - `slow-readers`: exports and large grid pages read at a trickle while `/healthz` is
//!   timed ([`slow`]);
//! - `crash-writes` / `crash-check`: `kill -9` of the server during a stream of
//!   acknowledged writes, then, after the script restarted it, lost writes, integrity
//!   and duplicates from retried creates ([`crash`], [`integrity`]);
//! - `multi-process`: two servers on one PostgreSQL database must agree on sessions,
//!   lockout counters and configuration ([`multi`]);
//! - `sign-in-burst`: hundreds of failed storefront sign-ins at once (each an argon2
//!   hash) and the server's resident memory before, at the peak and after ([`burst`]);
//! - `ready`: wait for a server's `/healthz`.
//!
//! The tool talks HTTP to the servers like browsers do (see [`api`] for every request),
//! and opens the database itself only to pick realistic data (customers to edit, words to
//! search) and to check what the crash left behind. Traffic goes to 127.0.0.1 only; each
//! virtual visitor sends its own `X-Forwarded-For` address (a header value, never a
//! network target), so the servers' per-address limits see many shoppers, not one.

mod api;
mod burst;
mod client;
mod crash;
mod integrity;
mod load;
mod multi;
mod slow;
mod stats;
mod throughput;

use app::db::Backend;
use app::state::AppState;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The phases of `make soak`.
#[derive(Subcommand, Debug)]
pub enum SoakCommand {
    /// Mixed load: admins read, search and inline-edit the customers grid; shoppers
    /// register, sign in and save addresses. Prints per-kind counts and latencies.
    Load {
        #[command(flatten)]
        target: Target,
        /// How long the load runs.
        #[arg(long, env = "SOAK_SECONDS", default_value_t = 60)]
        seconds: u64,
        /// Concurrent virtual clients (a quarter are admins, the rest shoppers).
        #[arg(long, env = "SOAK_CLIENTS", default_value_t = 200)]
        clients: usize,
    },
    /// Exports and 999-row grid pages read at a trickle while `/healthz` is timed.
    SlowReaders {
        #[command(flatten)]
        target: Target,
        #[arg(long, env = "SOAK_SLOW_SECONDS", default_value_t = 20)]
        seconds: u64,
        /// Slow clients (half exports, half grid pages).
        #[arg(long, env = "SOAK_SLOW_READERS", default_value_t = 8)]
        readers: usize,
        /// A second admin (same password) for half the exports: the server runs at most
        /// two exports per admin.
        #[arg(long, default_value = "soak-reader@example.com")]
        reader_admin_email: String,
    },
    /// Stream acknowledged writes (registrations, address creates), `kill -9` the server
    /// in the middle, and save what was acknowledged and what was in flight.
    CrashWrites {
        #[command(flatten)]
        target: Target,
        /// Process id of the server to kill.
        #[arg(long)]
        pid: u32,
        /// Concurrent writers (half register accounts, half create addresses).
        #[arg(long, default_value_t = 16)]
        writers: usize,
        /// When to kill, counted from the first write.
        #[arg(long, default_value_t = 4000)]
        kill_after_ms: u64,
        /// Where to keep the record for `crash-check`.
        #[arg(long)]
        state_file: PathBuf,
    },
    /// After the restart: every acknowledged write present, integrity clean, and no
    /// duplicate from retrying the creates whose answer was lost.
    CrashCheck {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        state_file: PathBuf,
    },
    /// Two servers on one database (`--url` twice): sessions, lockout counters and a
    /// configuration change must be shared; then a short mixed load through both.
    MultiProcess {
        #[command(flatten)]
        target: Target,
        /// An admin only this check signs in as (it ends up locked).
        #[arg(long, default_value = "soak-lock@example.com")]
        lock_admin_email: String,
        #[arg(long, env = "SOAK_MULTI_SECONDS", default_value_t = 15)]
        seconds: u64,
        #[arg(long, env = "SOAK_MULTI_CLIENTS", default_value_t = 50)]
        clients: usize,
    },
    /// Failed storefront sign-ins all at once (unknown emails and existing customers
    /// with wrong passwords, each from its own address): the server's resident memory
    /// before, at the peak and after (read from `/proc/<pid>/status`).
    SignInBurst {
        #[command(flatten)]
        target: Target,
        /// Process id of the server whose memory is read.
        #[arg(long)]
        pid: u32,
        /// Sign-in attempts, all sent at once.
        #[arg(long, env = "SOAK_BURST_ATTEMPTS", default_value_t = 600)]
        attempts: usize,
        /// How long after the last answer the final memory figure is read.
        #[arg(long, default_value_t = 5)]
        settle_seconds: u64,
    },
    /// Requests per second and latency of the sign-in page, the customers grid page
    /// (server-rendered) and the grid's server function, from `--connections` clients
    /// over loopback, each sending its next request as soon as the last is answered.
    Throughput {
        #[command(flatten)]
        target: Target,
        #[arg(long, default_value_t = 50)]
        connections: usize,
        /// Measured seconds per figure (after two of warm-up).
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Wait until `/healthz` answers 200; with `--figure`, print how long it took.
    Ready {
        #[command(flatten)]
        target: Target,
        #[arg(long, default_value_t = 60)]
        timeout_seconds: u64,
        #[arg(long)]
        figure: Option<String>,
    },
}

/// The servers to talk to, and the admin to sign in as.
#[derive(Args, Debug)]
pub struct Target {
    /// Base URL of a server, `http://127.0.0.1:<port>` (repeat for several processes).
    #[arg(long = "url", required = true)]
    pub urls: Vec<String>,
    #[arg(
        long,
        env = "SOAK_ADMIN_EMAIL",
        default_value = "soak-admin@example.com"
    )]
    pub admin_email: String,
    /// The admin's password (from the environment, so it stays out of `ps`).
    #[arg(
        long,
        env = "SOAK_ADMIN_PASSWORD",
        hide_env_values = true,
        default_value = ""
    )]
    pub admin_password: String,
}

/// Email and password of an admin.
#[derive(Clone, Debug)]
pub struct Admin {
    pub email: String,
    pub password: String,
}

impl Target {
    /// The base URLs, refused unless they are plain HTTP on 127.0.0.1: this tool must
    /// never load anything but the servers `make soak` started itself.
    fn checked_urls(&self) -> anyhow::Result<Vec<String>> {
        self.urls
            .iter()
            .map(|url| {
                let url = url.trim_end_matches('/');
                let port = url.strip_prefix("http://127.0.0.1:").unwrap_or_default();
                anyhow::ensure!(
                    !port.is_empty() && port.parse::<u16>().is_ok(),
                    "{url}: the soak tool only talks to http://127.0.0.1:<port>"
                );
                Ok(url.to_string())
            })
            .collect()
    }

    fn admin(&self) -> anyhow::Result<Admin> {
        anyhow::ensure!(
            !self.admin_password.is_empty(),
            "set SOAK_ADMIN_PASSWORD to the password of {}",
            self.admin_email
        );
        Ok(Admin {
            email: self.admin_email.clone(),
            password: self.admin_password.clone(),
        })
    }
}

/// Run one phase.
pub async fn run(state: &AppState, cmd: SoakCommand) -> anyhow::Result<()> {
    let backend = backend_name(state);
    // Generous: a request stuck for this long counts as a timeout, and every loop ends.
    let http = client::Http::new(Duration::from_secs(30));
    match cmd {
        SoakCommand::Load {
            target,
            seconds,
            clients,
        } => {
            let plan = load::Plan {
                urls: target.checked_urls()?,
                clients: clients.max(2),
                duration: Duration::from_secs(seconds.max(1)),
                address_block: 77,
            };
            let report = load::run(state, &http, &plan, &target.admin()?).await?;
            report.print(backend, "load");
            Ok(())
        }
        SoakCommand::SlowReaders {
            target,
            seconds,
            readers,
            reader_admin_email,
        } => {
            let urls = target.checked_urls()?;
            let admin = target.admin()?;
            let reader = Admin {
                email: reader_admin_email,
                password: admin.password.clone(),
            };
            slow::run(
                &http,
                &urls[0],
                &[admin, reader],
                backend,
                Duration::from_secs(seconds.max(2)),
                readers.max(1),
            )
            .await
        }
        SoakCommand::CrashWrites {
            target,
            pid,
            writers,
            kill_after_ms,
            state_file,
        } => {
            let urls = target.checked_urls()?;
            let plan = crash::WritePlan {
                url: urls[0].clone(),
                pid,
                writers: writers.max(2),
                kill_after: Duration::from_millis(kill_after_ms),
            };
            crash::write_until_killed(&http, &plan, backend, &state_file).await
        }
        SoakCommand::CrashCheck { target, state_file } => {
            let urls = target.checked_urls()?;
            crash::check(state, &http, &urls[0], backend, &state_file).await
        }
        SoakCommand::MultiProcess {
            target,
            lock_admin_email,
            seconds,
            clients,
        } => {
            let urls = target.checked_urls()?;
            anyhow::ensure!(urls.len() >= 2, "multi-process needs --url twice");
            let admin = target.admin()?;
            let lock_admin = Admin {
                email: lock_admin_email,
                password: admin.password.clone(),
            };
            let plan = load::Plan {
                urls,
                clients: clients.max(2),
                duration: Duration::from_secs(seconds.max(1)),
                address_block: 80,
            };
            multi::run(state, &http, &plan, &admin, &lock_admin, backend).await
        }
        SoakCommand::SignInBurst {
            target,
            pid,
            attempts,
            settle_seconds,
        } => {
            let urls = target.checked_urls()?;
            let plan = burst::Plan {
                url: urls[0].clone(),
                pid,
                attempts: attempts.max(1),
                settle: Duration::from_secs(settle_seconds),
            };
            burst::run(state, &plan, backend).await
        }
        SoakCommand::Throughput {
            target,
            connections,
            seconds,
        } => {
            let urls = target.checked_urls()?;
            let plan = throughput::Plan {
                url: urls[0].clone(),
                connections: connections.max(1),
                duration: Duration::from_secs(seconds.max(1)),
            };
            throughput::run(&http, &plan, &target.admin()?, backend).await
        }
        SoakCommand::Ready {
            target,
            timeout_seconds,
            figure,
        } => {
            let urls = target.checked_urls()?;
            let waited = ready(&http, &urls, Duration::from_secs(timeout_seconds)).await?;
            if let Some(figure) = figure {
                println!("soak {backend} {figure} ready_ms={:.0}", stats::ms(waited));
            }
            Ok(())
        }
    }
}

/// `sqlite` or `postgres`, as figure lines name the backend.
fn backend_name(state: &AppState) -> &'static str {
    match state.db.backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// Wait until every server answers `/healthz` with 200; how long that took.
async fn ready(
    http: &client::Http,
    urls: &[String],
    timeout: Duration,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    for url in urls {
        let mut visitor = client::Visitor::new(std::slice::from_ref(url), "10.76.0.1".into());
        loop {
            match visitor.send(http, &api::healthz()).await {
                Ok(reply) if reply.status.is_success() => break,
                _ if started.elapsed() > timeout => {
                    anyhow::bail!("{url}/healthz did not answer 200 within {timeout:?}")
                }
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }
    Ok(started.elapsed())
}

/// Hands out `X-Forwarded-For` addresses `10.<block>.x.y`, one per virtual visitor.
/// Each phase has its own block, so per-address counters of one phase never throttle
/// the next. These are header values for the server's rate limits, never connected to.
pub struct Addresses {
    block: u8,
    next: AtomicU32,
}

impl Addresses {
    pub fn new(block: u8) -> Self {
        Addresses {
            block,
            next: AtomicU32::new(0),
        }
    }

    /// The next unused address (65,024 per block, then the neighbouring blocks).
    pub fn next(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let hosts = n % 254 + 1;
        let subnet = (n / 254) % 256;
        let block = u32::from(self.block) + n / (254 * 256);
        format!("10.{}.{subnet}.{hosts}", block.min(255))
    }
}

/// A run-unique tag for emails and markers, so a run never collides with data an
/// earlier run left in the same database.
fn run_tag() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{:x}",
        (nanos as u64) ^ u64::from(std::process::id()).rotate_left(40)
    )
}
