//! The configuration editor's server side: one section at one scope with stored and
//! inherited values, and saving an admin's changes there.

use super::editor::{
    fields_at, ConfigChange, ConfigScreen, Control, FieldView, GroupView, ScopeChoice,
};
use super::model::{Scope, Section};
use super::registry;
use super::service::At;
use crate::auth::service::AdminPrincipal;
use crate::error::AppError;
use crate::i18n::Key;
use crate::state::AppState;

/// Every scope an admin can pick, in switcher order: Default Config, then each website
/// followed by its store views.
async fn scopes(state: &AppState) -> Result<Vec<ScopeChoice>, AppError> {
    let views = crate::stores::repo::list_views(&state.db).await?;
    let mut out = vec![ScopeChoice {
        scope: Scope::Default,
        label: String::new(),
        depth: 0,
    }];
    for (website, name) in crate::stores::repo::list_websites(&state.db).await? {
        out.push(ScopeChoice {
            scope: Scope::Website(website),
            label: name,
            depth: 1,
        });
        for view in views.iter().filter(|v| v.website_id == website) {
            out.push(ScopeChoice {
                scope: Scope::StoreView(view.store_id),
                label: view.name.clone(),
                depth: 2,
            });
        }
    }
    Ok(out)
}

/// Where the values a scope inherits are read: the parent scope.
async fn parent_of(state: &AppState, scope: Scope) -> Result<At, AppError> {
    Ok(match scope {
        Scope::Default => At::default_scope(),
        Scope::Website(_) => At::default_scope(),
        Scope::StoreView(store) => {
            let views = crate::stores::repo::list_views(&state.db).await?;
            let view = views.iter().find(|v| v.store_id == store);
            At::website(view.map_or(0, |v| v.website_id))
        }
    })
}

/// One section at one scope. An unknown website or store view is "not found".
pub async fn load(
    state: &AppState,
    admin: &AdminPrincipal,
    scope: Scope,
    section: Section,
) -> Result<ConfigScreen, AppError> {
    let scopes = scopes(state).await?;
    if !scopes.iter().any(|s| s.scope == scope) {
        return Err(AppError::not_found(Key::CfgScope, scope.code()));
    }
    // Read the stored values fresh: the page compares them on save.
    state.config.invalidate();
    let snapshot = state.config.snapshot().await?;
    let parent = parent_of(state, scope).await?;
    let groups = fields_at(section, scope)
        .into_iter()
        .map(|(group, defs)| GroupView {
            group,
            fields: defs
                .into_iter()
                .map(|def| {
                    let inherited = match scope {
                        Scope::Default => def.default,
                        _ => snapshot.resolve(def, parent).0,
                    };
                    FieldView {
                        path: def.path.to_string(),
                        label: def.label,
                        scope_kind: def.scope,
                        control: Control::of(def.kind),
                        stored: snapshot.stored(def.path, scope).map(str::to_string),
                        inherited: inherited.to_string(),
                        comment: registry::comment(def.path),
                        pending: registry::pending(def.path),
                        depends: registry::depends_on(def.path).map(|(parent, values)| {
                            let values = values.iter().map(|v| v.to_string()).collect();
                            (parent.to_string(), values)
                        }),
                    }
                })
                .collect(),
        })
        .collect();
    let customer_groups = crate::groups::repo::list(&state.db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.code))
        .collect();
    let email_templates = crate::email_templates::repo::list(&state.db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name, t.orig_code))
        .collect();
    let here = match scope {
        Scope::Default => At::default_scope(),
        Scope::Website(w) => At::website(w),
        Scope::StoreView(store) => At {
            store: Some(store),
            ..parent
        },
    };
    let mut parents: Vec<(String, String)> = Vec::new();
    for (_, parent_path, _) in registry::DEPENDS {
        if let Some(def) = registry::find(parent_path) {
            if !parents.iter().any(|(p, _)| p == def.path) {
                parents.push((
                    def.path.to_string(),
                    snapshot.resolve(def, here).0.to_string(),
                ));
            }
        }
    }
    Ok(ConfigScreen {
        scope,
        parents,
        scopes,
        sections: Section::ALL
            .into_iter()
            .filter(|s| admin.view.can(s.resource()))
            .collect(),
        section,
        groups,
        customer_groups,
        email_templates,
    })
}

/// Save `changes` to `section` at `scope`. Every change must be a field of that section
/// that the scope may set (anything else is a malformed request).
pub async fn save(
    state: &AppState,
    actor: &crate::action_log::actor::Actor,
    scope: Scope,
    section: Section,
    changes: &[ConfigChange],
) -> Result<(), AppError> {
    if !scopes(state).await?.iter().any(|s| s.scope == scope) {
        return Err(AppError::not_found(Key::CfgScope, scope.code()));
    }
    for change in changes {
        let in_section =
            registry::find(&change.path).is_some_and(|def| registry::section_of(def) == section);
        if !in_section {
            return Err(AppError::BadRequest(format!(
                "{} is not a field of this section",
                change.path
            )));
        }
    }
    state
        .config
        .apply(scope, changes, actor, state.clock.now())
        .await
}
