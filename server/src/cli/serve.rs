//! `server serve`: the HTTP server with housekeeping and graceful shutdown.

use super::ServeArgs;
use anyhow::Context;
use app::state::AppState;
use clap::Parser;
use std::net::SocketAddr;

impl ServeArgs {
    pub(super) fn parse_from_env() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::parse_from(["server"]).serve
    }
}

pub(super) async fn serve(state: AppState, addr: SocketAddr) -> anyhow::Result<()> {
    if let Some(bucket) = &state.settings.s3 {
        // A bucket that is missing or refuses these keys stops the start, not an upload.
        bucket.check().await?;
        tracing::info!(?bucket, "uploaded files are kept in S3");
    }
    state.db.spawn_checkpointer();
    app::customers::grid::settle::spawn_pending_list_mover(
        state.db.clone(),
        app::customers::grid::settle::PENDING_LISTS_EVERY,
    );
    // Files gone with their value, customer, address or attribute, within a minute.
    app::files::service::spawn_sweeper(state.clone());
    let purge_state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            let now = purge_state.clock.now();
            if let Err(err) =
                app::sessions::repo::purge_expired_sessions(&purge_state.db, now).await
            {
                tracing::warn!(%err, "session purge failed");
            }
            // Rate-limit windows are at most an hour long.
            if let Err(err) =
                app::sessions::repo::purge_rate_limits(&purge_state.db, now - 3600).await
            {
                tracing::warn!(%err, "rate-limit purge failed");
            }
            // Now Online keeps visitors a day past the session lifetime.
            if let Err(err) = app::online::service::purge(&purge_state).await {
                tracing::warn!(%err, "visitor purge failed");
            }
            // The action log keeps entries for Log Entry Lifetime, Days.
            if let Err(err) = app::action_log::service::purge(&purge_state).await {
                tracing::warn!(%err, "action log purge failed");
            }
        }
    });
    // Keyword search catches up after an admin changes what it reads.
    tokio::spawn(app::customers::grid::words::run_worker(state.db.clone()));
    // Queued email goes out after the response, with retries (SMTP only).
    tokio::spawn(app::mail::queue::run_worker(state.clone()));
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
