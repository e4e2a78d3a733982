//! Command-line interface. Every flag can also be given as an environment variable
//! (see `.env.example`). Each group of subcommands has its own module.

mod admin;
pub(crate) mod assets;
mod attribute_bench;
mod bench;
mod config;
mod seed;
mod serve;
mod soak;

use anyhow::{anyhow, bail, Context};
use app::demo::seed_demo_store;
use app::state::Settings;
use clap::{Args, Parser, Subcommand};
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
    /// Export the customers grid to a file, as the grid's Export button does.
    Export {
        /// The grid's URL query string (search, filters, columns), e.g. `search=smith`.
        #[arg(long, default_value = "")]
        query: String,
        /// `csv` or `xml` (Excel XML).
        #[arg(long, default_value = "csv")]
        format: String,
        /// The file to write.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Print the `export_csv_1m` benchmark line (time and peak memory) instead.
        #[arg(long, hide = true)]
        bench_figure: bool,
    },
    /// Time the customers grid's queries (used by `make bench`; seed customers first).
    Bench {
        /// Runs per figure.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Only the figures whose names start with this (e.g. `online_`).
        #[arg(long)]
        only: Option<String>,
    },
    /// Load-and-fault phases against running servers (used by `make soak`).
    #[command(subcommand)]
    Soak(soak::SoakCommand),
    /// Write a brotli and a gzip copy (`<file>.br`, `<file>.gz`) of each wasm, JS and CSS
    /// file under a directory, at the highest settings (used by the release site's build;
    /// needs no database).
    CompressAssets {
        /// The site's `pkg` directory, e.g. target/site/pkg.
        dir: std::path::PathBuf,
    },
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
    /// SMTP server for outgoing email, e.g. smtp://user:pass@mail.example.com:587?tls=required
    /// (smtps:// for TLS on connect). Emails are queued and sent after the response.
    #[arg(long, env = "CLIENTELE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Keep outgoing email in the database and list it under Admin → Customers → Outbox
    /// instead of sending it (development and demos only: the messages hold customers'
    /// password links). Ignored when an SMTP server is set.
    #[arg(long, env = "CLIENTELE_MAIL_OUTBOX", default_value_t = false)]
    pub mail_outbox: bool,
    /// Where uploaded files (File and Image File attributes) are kept: outside the web
    /// root; several servers on one PostgreSQL need one shared directory.
    #[arg(long, env = "CLIENTELE_MEDIA_DIR", default_value = "data/media")]
    pub media_dir: std::path::PathBuf,
    /// Keep uploaded files in this S3-compatible bucket instead of CLIENTELE_MEDIA_DIR
    /// (Amazon S3, MinIO, Ceph, R2…): several servers on one PostgreSQL share it.
    #[arg(long, env = "CLIENTELE_S3_BUCKET")]
    pub s3_bucket: Option<String>,
    /// The bucket service's address; default https://s3.<region>.amazonaws.com.
    /// http:// is for a service on a private network.
    #[arg(long, env = "CLIENTELE_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,
    #[arg(long, env = "CLIENTELE_S3_REGION", default_value = "us-east-1")]
    pub s3_region: String,
    #[arg(long, env = "CLIENTELE_S3_ACCESS_KEY_ID", hide_env_values = true)]
    pub s3_access_key_id: Option<String>,
    #[arg(long, env = "CLIENTELE_S3_SECRET_ACCESS_KEY", hide_env_values = true)]
    pub s3_secret_access_key: Option<String>,
    /// Put before every object's key, e.g. clientele/ to share a bucket.
    #[arg(long, env = "CLIENTELE_S3_PREFIX", default_value = "")]
    pub s3_prefix: String,
    /// Sender of outgoing email.
    #[arg(
        long,
        env = "CLIENTELE_MAIL_FROM",
        default_value = "Clientele Store <store@example.com>"
    )]
    pub mail_from: String,
    /// New storefront accounts one network address may create per hour (a shared office
    /// or a test suite behind one address may need more).
    #[arg(long, env = "CLIENTELE_REGISTRATIONS_PER_IP", default_value_t = 20,
        value_parser = clap::value_parser!(i64).range(1..=100_000))]
    pub registrations_per_ip: i64,
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

/// The whole command line, for the binary's `main`: the runtime, the `.env` file, the
/// arguments, then the command; the exit code says whether it succeeded.
///
/// Here rather than in `main.rs`: the binary's crate compiles whatever its `main`
/// drives that is not already compiled in a library, and the futures of `run` and of
/// everything it awaits (every command, every service of the app) were compiled there
/// again, after the app, as the last step of every release build: 33 of the binary's
/// 35 s (measured with `-Z time-passes`, December 7). Driven from here they are compiled
/// once, in this library, while the app crate is still being compiled.
pub fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: could not start the runtime: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let _ = dotenvy::dotenv();
        let cli = Cli::parse();
        init_tracing();
        match run(cli).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err:#}");
                std::process::ExitCode::FAILURE
            }
        }
    })
}

/// Log to stderr; `RUST_LOG` filters (default: info).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The bucket `serve` keeps files in, when one is named.
fn s3_store(args: &ServeArgs) -> anyhow::Result<Option<app::files::s3::S3Store>> {
    let Some(bucket) = args.s3_bucket.clone() else {
        return Ok(None);
    };
    let settings = app::files::s3::S3Settings {
        endpoint: args
            .s3_endpoint
            .clone()
            .unwrap_or_else(|| format!("https://s3.{}.amazonaws.com", args.s3_region)),
        bucket,
        region: args.s3_region.clone(),
        access_key_id: args.s3_access_key_id.clone().unwrap_or_default(),
        secret_access_key: args.s3_secret_access_key.clone().unwrap_or_default(),
        prefix: args.s3_prefix.clone(),
    };
    app::files::s3::S3Store::new(settings)
        .map(Some)
        .map_err(anyhow::Error::msg)
}

/// Run one command.
async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli
        .command
        .unwrap_or(Command::Serve(ServeArgs::parse_from_env()));
    if let Command::CompressAssets { dir } = &command {
        return assets::compress_assets(dir);
    }
    let settings = match &command {
        Command::Serve(args) => Settings {
            secure_cookies: args.secure_cookies,
            public_origin: args.public_origin.clone(),
            trust_proxy: args.trust_proxy,
            mailer: match &args.smtp_url {
                Some(url) => {
                    app::mail::Mailer::smtp(url, &args.mail_from).map_err(anyhow::Error::msg)?
                }
                None if args.mail_outbox => app::mail::Mailer::Outbox,
                None => {
                    tracing::error!(
                        "NO EMAIL WILL BE SENT: set CLIENTELE_SMTP_URL (or CLIENTELE_MAIL_OUTBOX=true \
                         for development). Welcome, confirmation and password emails are dropped."
                    );
                    app::mail::Mailer::Off
                }
            },
            base_url: args
                .public_origin
                .clone()
                .unwrap_or_else(|| format!("http://{}", args.addr)),
            limits: app::state::IpLimits {
                registrations_per_ip: app::state::RateLimit {
                    max: args.registrations_per_ip,
                    window: 3600,
                },
                ..Default::default()
            },
            media_dir: Some(args.media_dir.clone()),
            s3: s3_store(args)?,
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
        Command::Serve(args) => serve::serve(state, args.addr).await,
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
                seed::report_demo(seed_demo_store(&state).await.map_err(app_error)?);
            }
            if let Some(count) = customers {
                seed::seed_customers(&state, count, seed).await?;
            }
            Ok(())
        }
        Command::Admin(cmd) => admin::admin(&state, cmd).await,
        Command::Role(cmd) => admin::role(&state, cmd).await,
        Command::Config(cmd) => config::config(&state, cmd).await,
        Command::Export {
            query,
            format,
            out,
            bench_figure,
        } => {
            let format = match format.as_str() {
                "csv" => app::customers::grid::export::Format::Csv,
                "xml" => app::customers::grid::export::Format::ExcelXml,
                other => bail!("unknown export format {other:?}: use csv or xml"),
            };
            bench::export_file(&state, &query, format, &out, bench_figure).await
        }
        Command::Bench { runs, only } => {
            anyhow::ensure!(runs >= 1, "--runs must be at least 1");
            bench::bench(&state, runs, only.as_deref().unwrap_or("")).await
        }
        Command::Soak(cmd) => soak::run(&state, cmd).await,
        // Answered above, before the database opens.
        Command::CompressAssets { dir } => assets::compress_assets(&dir),
    }
}

/// Generate customers with a progress line on stderr.
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
