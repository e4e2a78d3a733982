//! `server admin …` and `server role …`.

use super::{app_error, AdminCommand, RoleCommand};
use anyhow::bail;
use app::state::AppState;
use std::io::{BufRead, IsTerminal};

pub(super) async fn admin(state: &AppState, cmd: AdminCommand) -> anyhow::Result<()> {
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

pub(super) async fn role(state: &AppState, cmd: RoleCommand) -> anyhow::Result<()> {
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
