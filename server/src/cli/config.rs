//! `server config get|set|unset|list`.

use super::{ConfigCommand, ScopeArgs};
use anyhow::anyhow;
use app::config::model::Scope;
use app::config::registry;
use app::state::AppState;

pub(super) async fn config(state: &AppState, cmd: ConfigCommand) -> anyhow::Result<()> {
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
