//! Command-line interface. Every flag can also be given as an environment variable
//! (see `.env.example`).

use anyhow::{anyhow, bail, Context};
use app::config::model::Scope;
use app::config::registry;
use app::demo::{seed_demo_store, DemoSeed};
use app::state::{AppState, Settings};
use clap::{Args, Parser, Subcommand};
use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;

/// Clientele: customer management for online stores.
#[derive(Parser, Debug)]
#[command(name = "server", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Database connection flags shared by every subcommand.
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// `sqlite://path/to/file.db` or `postgres://user@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/clientele.db",
        global = true
    )]
    pub database_url: String,
    /// Maximum pooled connections per process.
    #[arg(
        long,
        env = "DATABASE_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub max_connections: u32,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the app (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Seed data: `--demo` creates the demo store once and prints the admin password;
    /// `--customers N` adds N generated customers (deterministic for a given `--seed`).
    Seed {
        /// Create the demo store (websites, store views, demo admin, 1,000 customers) if
        /// not done yet.
        #[arg(long)]
        demo: bool,
        /// Add this many generated customers (with 0–3 addresses each).
        #[arg(long)]
        customers: Option<u64>,
        /// Seed of the generator: the same seed gives the same customers.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Manage admin users.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Manage admin roles.
    #[command(subcommand)]
    Role(RoleCommand),
    /// Read or change store configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// Flags of `serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CLIENTELE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Mark cookies Secure (set this when users reach the app over HTTPS).
    #[arg(long, env = "CLIENTELE_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Public origin accepted by the CSRF check behind a proxy, e.g. https://shop.example.com
    #[arg(long, env = "CLIENTELE_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front of the app.
    #[arg(long, env = "CLIENTELE_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an admin; the password is read from standard input (never from argv).
    Create {
        #[arg(long, env = "CLIENTELE_ADMIN_EMAIL")]
        email: String,
        #[arg(long, env = "CLIENTELE_ADMIN_NAME")]
        name: String,
        #[arg(long, env = "CLIENTELE_ADMIN_ROLE", default_value = "Administrators")]
        role: String,
    },
    /// Set an admin's password (read from standard input); ends their sessions.
    SetPassword {
        #[arg(long, env = "CLIENTELE_ADMIN_EMAIL")]
        email: String,
    },
    /// Disable an admin and end all their sessions.
    Disable {
        #[arg(long, env = "CLIENTELE_ADMIN_EMAIL")]
        email: String,
    },
    /// Enable a disabled admin.
    Enable {
        #[arg(long, env = "CLIENTELE_ADMIN_EMAIL")]
        email: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RoleCommand {
    /// Create a role from ACL resource ids (comma-separated), e.g. Magento_Customer::manage
    Create {
        #[arg(long, env = "CLIENTELE_ROLE_NAME")]
        name: String,
        #[arg(long, env = "CLIENTELE_ROLE_RESOURCES", value_delimiter = ',')]
        resources: Vec<String>,
    },
    /// Print the ACL resource tree.
    Resources,
}

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Print the effective value of a path (with where it comes from).
    Get {
        path: String,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Store a value at default scope, or for one website / store view.
    Set {
        path: String,
        value: String,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Remove a stored value so the scope inherits again.
    Unset {
        path: String,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// List every option with its scope and built-in default.
    List,
}

/// `--website` / `--store` (code or id).
#[derive(Args, Debug)]
pub struct ScopeArgs {
    /// Website code or id.
    #[arg(long, env = "CLIENTELE_CONFIG_WEBSITE", conflicts_with = "store")]
    pub website: Option<String>,
    /// Store view code or id.
    #[arg(long, env = "CLIENTELE_CONFIG_STORE")]
    pub store: Option<String>,
}

/// Log to stderr; `RUST_LOG` filters (default: info).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Run one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli
        .command
        .unwrap_or(Command::Serve(ServeArgs::parse_from_env()));
    let settings = match &command {
        Command::Serve(args) => Settings {
            secure_cookies: args.secure_cookies,
            public_origin: args.public_origin.clone(),
            trust_proxy: args.trust_proxy,
        },
        _ => Settings::default(),
    };
    let state = crate::open_state(
        &cli.db.database_url,
        cli.db.max_connections,
        crate::leptos_options(),
        settings,
    )
    .await
    .with_context(|| format!("opening {}", redact(&cli.db.database_url)))?;
    match command {
        Command::Serve(args) => serve(state, args.addr).await,
        Command::Migrate => {
            println!("migrations applied to {}", redact(&cli.db.database_url));
            Ok(())
        }
        Command::Seed {
            demo,
            customers,
            seed,
        } => {
            if !demo && customers.is_none() {
                bail!("nothing to seed: pass --demo and/or --customers N");
            }
            if demo {
                report_demo(seed_demo_store(&state).await.map_err(app_error)?);
            }
            if let Some(count) = customers {
                seed_customers(&state, count, seed).await?;
            }
            Ok(())
        }
        Command::Admin(cmd) => admin(&state, cmd).await,
        Command::Role(cmd) => role(&state, cmd).await,
        Command::Config(cmd) => config(&state, cmd).await,
    }
}

/// Generate customers with a progress line on stderr.
async fn seed_customers(state: &AppState, count: u64, seed: u64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let report = app::customers::seed::seed_customers(state, count, seed, |done, total| {
        let width = 30;
        let filled = (done * width / total.max(1)) as usize;
        let rate = done as f64 / started.elapsed().as_secs_f64().max(0.001);
        eprint!(
            "\rseeding customers [{}{}] {done}/{total} ({rate:.0}/s)  ",
            "#".repeat(filled),
            "-".repeat(width as usize - filled)
        );
    })
    .await
    .map_err(app_error)?;
    eprintln!();
    println!(
        "{} customers and {} addresses added in {:.1} s",
        report.customers,
        report.addresses,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn report_demo(seeded: DemoSeed) {
    match seeded {
        DemoSeed::Created {
            admin_email,
            password,
        } => {
            let addr = std::env::var("CLIENTELE_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
            println!("Demo store created.");
            println!("  Admin:    http://{addr}/admin");
            println!("  Email:    {admin_email}");
            println!(
                "  Password: {password}   (shown once; `server admin set-password` resets it)"
            );
        }
        DemoSeed::AlreadySeeded => {
            println!("Demo store already present; data kept.");
            println!(
                "  Demo admin: {} (password printed on the first run; \
                 `target/release/server admin set-password --email {}` sets a new one)",
                app::demo::DEMO_ADMIN_EMAIL,
                app::demo::DEMO_ADMIN_EMAIL
            );
        }
    }
}

impl ServeArgs {
    fn parse_from_env() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::parse_from(["server"]).serve
    }
}

async fn serve(state: AppState, addr: SocketAddr) -> anyhow::Result<()> {
    let purge_state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            let now = purge_state.clock.now();
            if let Err(err) = app::auth::repo::purge_expired_sessions(&purge_state.db, now).await {
                tracing::warn!(%err, "session purge failed");
            }
            // Rate-limit windows are at most an hour long.
            if let Err(err) = app::auth::repo::purge_rate_limits(&purge_state.db, now - 3600).await
            {
                tracing::warn!(%err, "rate-limit purge failed");
            }
        }
    });
    let app = crate::router(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    tracing::info!("Clientele listening on http://{addr}");
    println!("Clientele is running on http://{addr}  (admin: http://{addr}/admin)");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("shut down cleanly");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}

async fn admin(state: &AppState, cmd: AdminCommand) -> anyhow::Result<()> {
    use app::auth::service;
    match cmd {
        AdminCommand::Create { email, name, role } => {
            let password = read_password("Password for the new admin: ")?;
            let id = service::create_admin(state, &email, &name, &password, &role)
                .await
                .map_err(app_error)?;
            println!("admin {email} created (id {id}, role {role})");
        }
        AdminCommand::SetPassword { email } => {
            let password = read_password("New password: ")?;
            service::set_admin_password(state, &email, &password)
                .await
                .map_err(app_error)?;
            println!("password of {email} changed; their sessions were ended");
        }
        AdminCommand::Disable { email } => {
            service::set_admin_active(state, &email, false)
                .await
                .map_err(app_error)?;
            println!("{email} disabled; their sessions were ended");
        }
        AdminCommand::Enable { email } => {
            service::set_admin_active(state, &email, true)
                .await
                .map_err(app_error)?;
            println!("{email} enabled");
        }
    }
    Ok(())
}

async fn role(state: &AppState, cmd: RoleCommand) -> anyhow::Result<()> {
    match cmd {
        RoleCommand::Create { name, resources } => {
            let id = app::auth::service::create_role(state, &name, &resources)
                .await
                .map_err(app_error)?;
            println!("role {name} created (id {id})");
        }
        RoleCommand::Resources => {
            fn walk(nodes: &[app::auth::acl::AclNode], depth: usize) {
                for n in nodes {
                    println!("{}{}  {}", "  ".repeat(depth), n.id, n.label);
                    walk(n.children, depth + 1);
                }
            }
            walk(app::auth::acl::ACL_TREE, 0);
        }
    }
    Ok(())
}

async fn config(state: &AppState, cmd: ConfigCommand) -> anyhow::Result<()> {
    use app::config::service::At;
    match cmd {
        ConfigCommand::Get { path, scope } => {
            let def = registry::find(&path)
                .ok_or_else(|| anyhow!("unknown configuration path {path:?}"))?;
            let at = match resolve_scope(state, &scope).await? {
                Scope::Default => At::default(),
                Scope::Website(w) => At::website(w),
                Scope::StoreView(s) => {
                    let (w, s) = app::stores::repo::find_view(&state.db, &s.to_string())
                        .await?
                        .ok_or_else(|| anyhow!("no such store view"))?;
                    At::store(w, s)
                }
            };
            let snapshot = state.config.snapshot().await?;
            let (value, source) = snapshot.resolve(def, at);
            let source = match source {
                None => "built-in default".to_string(),
                Some(Scope::Default) => "default scope".to_string(),
                Some(Scope::Website(id)) => format!("website {id}"),
                Some(Scope::StoreView(id)) => format!("store view {id}"),
            };
            println!("{value}");
            eprintln!("({path}, scope {}, from {source})", def.scope.letter());
        }
        ConfigCommand::Set { path, value, scope } => {
            let scope = resolve_scope(state, &scope).await?;
            state
                .config
                .set(&path, &value, scope, state.clock.now())
                .await?;
            println!("{path} = {value:?} at {scope:?}");
        }
        ConfigCommand::Unset { path, scope } => {
            let scope = resolve_scope(state, &scope).await?;
            let removed = state.config.unset(&path, scope).await?;
            println!(
                "{}",
                if removed {
                    "removed; the value is inherited again"
                } else {
                    "nothing was stored there"
                }
            );
        }
        ConfigCommand::List => {
            for def in registry::OPTIONS {
                println!(
                    "{:<70} {:<3} {:?}",
                    def.path,
                    def.scope.letter(),
                    def.default.lines().next().unwrap_or("")
                );
            }
        }
    }
    Ok(())
}

async fn resolve_scope(state: &AppState, args: &ScopeArgs) -> anyhow::Result<Scope> {
    if let Some(w) = &args.website {
        let id = app::stores::repo::find_website(&state.db, w)
            .await?
            .ok_or_else(|| anyhow!("no website {w:?}"))?;
        return Ok(Scope::Website(id));
    }
    if let Some(s) = &args.store {
        let (_, id) = app::stores::repo::find_view(&state.db, s)
            .await?
            .ok_or_else(|| anyhow!("no store view {s:?}"))?;
        return Ok(Scope::StoreView(id));
    }
    Ok(Scope::Default)
}

/// Read a password from stdin: prompted on a terminal, one line from a pipe.
fn read_password(prompt: &str) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        // Typed by a person: no echo.
        rpassword::prompt_password(prompt)?
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if password.is_empty() {
        bail!("no password given on standard input");
    }
    Ok(password)
}

fn app_error(err: app::error::AppError) -> anyhow::Error {
    match err {
        app::error::AppError::Validation { fields } => {
            let msgs: Vec<String> = fields
                .into_iter()
                .map(|(f, m)| format!("{f}: {m}"))
                .collect();
            anyhow!(msgs.join("; "))
        }
        other => anyhow!(other.to_string()),
    }
}

/// Hide the password part of a database URL in messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
