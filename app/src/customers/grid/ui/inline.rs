//! Inline editing of grid rows: Email, Group, Web Site, Tax/VAT Number and
//! Gender, with the row's errors under its fields; and, when several rows are open,
//! the "apply to all" bar that pushes one value to every open row.

use super::Grid;
use crate::customers::grid::actions::{save_inline_rows, RowResult};
use crate::customers::grid::model::{GridOptions, InlineEdit};
use crate::error::error_text;
use crate::i18n::{t, Key};
use crate::ui::ToastKind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

/// Save these rows; rows that saved close, the others keep their errors.
pub fn save(grid: Grid, rows: Vec<InlineEdit>) {
    let (toasts, i18n) = (grid.toasts, grid.i18n);
    // Browser-side rules first: rows with errors are not sent.
    let mut send = Vec::new();
    for row in rows {
        match row.validate() {
            Ok(()) => send.push(row),
            Err(fields) => grid.row_errors.update(|e| {
                e.insert(
                    row.id,
                    RowResult {
                        id: row.id,
                        errors: fields,
                        message: None,
                    },
                );
            }),
        }
    }
    if send.is_empty() {
        return;
    }
    spawn_local(async move {
        match save_inline_rows(send).await {
            Ok(results) => {
                let mut saved = 0;
                for r in results {
                    if r.errors.is_empty() && r.message.is_none() {
                        saved += 1;
                        grid.editing.update(|e| {
                            e.remove(&r.id);
                        });
                        grid.row_errors.update(|e| {
                            e.remove(&r.id);
                        });
                    } else {
                        grid.row_errors.update(|e| {
                            e.insert(r.id, r);
                        });
                    }
                }
                if saved > 0 {
                    toasts.push(
                        ToastKind::Success,
                        t(Key::RecordsSaved)().replace("{n}", &saved.to_string()),
                    );
                    grid.reload.update(|v| *v += 1);
                }
            }
            Err(e) => toasts.push(
                ToastKind::Error,
                error_text(i18n.locale.get_untracked(), &e),
            ),
        }
    });
}

fn gender_choices() -> Vec<(String, Key)> {
    vec![
        ("1".into(), Key::GenderMale),
        ("2".into(), Key::GenderFemale),
        ("3".into(), Key::GenderNotSpecified),
    ]
}

/// The editor of one row.
#[component]
pub fn InlineEditor(id: i64, options: GridOptions) -> impl IntoView {
    let grid = expect_context::<Grid>();
    let value = move |f: fn(&InlineEdit) -> String| {
        move || grid.editing.with(|e| e.get(&id).map(f).unwrap_or_default())
    };
    let set = move |f: fn(&mut InlineEdit, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            grid.editing.update(|e| {
                if let Some(row) = e.get_mut(&id) {
                    f(row, v);
                }
            });
        }
    };
    let locale = grid.i18n.locale;
    let error = move |field: &'static str| {
        move || {
            grid.row_errors.with(|e| {
                e.get(&id)
                    .and_then(|r| r.errors.get(field).map(|m| m.text(locale.get())))
            })
        }
    };
    let message = move || {
        grid.row_errors.with(|e| {
            e.get(&id)
                .and_then(|r| r.message.as_ref().map(|m| error_text(locale.get(), m)))
        })
    };
    let field_id = move |name: &str| format!("inline-{id}-{name}");
    let groups = options.groups.clone();
    let websites = options.websites.clone();
    view! {
        <div class="inline-editor" role="group" aria-label=move || t(Key::EditRow)().replace("{id}", &id.to_string())>
            <div class="field">
                <label for=field_id("email")>{t(Key::Email)}</label>
                <input id=field_id("email") type="email" prop:value=value(|r| r.email.clone())
                    on:input=set(|r, v| r.email = v)
                    on:keydown=move |ev| if ev.key() == "Enter" {
                        if let Some(row) = grid.editing.with_untracked(|e| e.get(&id).cloned()) { save(grid, vec![row]); }
                    } />
                <p class="field-error" role="alert">{error("email")}</p>
            </div>
            <div class="field">
                <label for=field_id("group")>{t(Key::Group)}</label>
                <select id=field_id("group") prop:value=value(|r| r.group_id.to_string())
                    on:change=set(|r, v| r.group_id = v.parse().unwrap_or(0))>
                    {groups.into_iter().map(|(gid, name)| view! { <option value=gid.to_string()>{name}</option> }).collect_view()}
                </select>
                <p class="field-error" role="alert">{error("group_id")}</p>
            </div>
            <div class="field">
                <label for=field_id("website")>{t(Key::WebSite)}</label>
                <select id=field_id("website") prop:value=value(|r| r.website_id.to_string())
                    on:change=set(|r, v| r.website_id = v.parse().unwrap_or(0))>
                    {websites.into_iter().map(|w| view! { <option value=w.id.to_string()>{w.name}</option> }).collect_view()}
                </select>
                <p class="field-error" role="alert">{error("website_id")}</p>
            </div>
            <div class="field">
                <label for=field_id("taxvat")>{t(Key::TaxVatNumber)}</label>
                <input id=field_id("taxvat") type="text" prop:value=value(|r| r.taxvat.clone())
                    on:input=set(|r, v| r.taxvat = v) />
                <p class="field-error" role="alert">{error("taxvat")}</p>
            </div>
            <div class="field">
                <label for=field_id("gender")>{t(Key::Gender)}</label>
                <select id=field_id("gender") prop:value=value(|r| r.gender.map(|g| g.to_string()).unwrap_or_default())
                    on:change=set(|r, v| r.gender = v.parse().ok())>
                    <option value="">" "</option>
                    {gender_choices().into_iter().map(|(v, k)| view! { <option value=v>{t(k)}</option> }).collect_view()}
                </select>
                <p class="field-error" role="alert">{error("gender")}</p>
            </div>
            <div class="inline-buttons">
                <button type="button" class="button-secondary" on:click=move |_| {
                    grid.editing.update(|e| { e.remove(&id); });
                    grid.row_errors.update(|e| { e.remove(&id); });
                }>{t(Key::Cancel)}</button>
                <button type="button" class="button-primary" on:click=move |_| {
                    if let Some(row) = grid.editing.with_untracked(|e| e.get(&id).cloned()) { save(grid, vec![row]); }
                }>{t(Key::Save)}</button>
            </div>
            {move || message().map(|m| view! { <p class="message-error" role="alert">{m}</p> })}
        </div>
    }
    .into_any()
}

/// Shown when several rows are open: one value for every open row, and Save/Cancel all.
#[component]
pub fn ApplyAll(options: GridOptions) -> impl IntoView {
    let grid = expect_context::<Grid>();
    let group = RwSignal::new(String::new());
    let website = RwSignal::new(String::new());
    let gender = RwSignal::new(String::new());
    let taxvat = RwSignal::new(String::new());
    let apply = move |_| {
        grid.editing.update(|rows| {
            for row in rows.values_mut() {
                if let Ok(g) = group.get_untracked().parse() {
                    row.group_id = g;
                }
                if let Ok(w) = website.get_untracked().parse() {
                    row.website_id = w;
                }
                if let Ok(g) = gender.get_untracked().parse() {
                    row.gender = Some(g);
                }
                let tv = taxvat.get_untracked();
                if !tv.trim().is_empty() {
                    row.taxvat = tv;
                }
            }
        });
    };
    let groups = options.groups.clone();
    let websites = options.websites.clone();
    view! {
        <div class="apply-all" role="group" aria-label=t(Key::ApplyToAll)>
            <strong>{move || t(Key::EditingRows)().replace("{n}", &grid.editing.with(|e| e.len()).to_string())}</strong>
            <label>{t(Key::Group)}
                <select prop:value=move || group.get() on:change=move |ev| group.set(event_target_value(&ev))>
                    <option value="">" "</option>
                    {groups.into_iter().map(|(gid, name)| view! { <option value=gid.to_string()>{name}</option> }).collect_view()}
                </select>
            </label>
            <label>{t(Key::WebSite)}
                <select prop:value=move || website.get() on:change=move |ev| website.set(event_target_value(&ev))>
                    <option value="">" "</option>
                    {websites.into_iter().map(|w| view! { <option value=w.id.to_string()>{w.name}</option> }).collect_view()}
                </select>
            </label>
            <label>{t(Key::TaxVatNumber)}
                <input type="text" prop:value=move || taxvat.get() on:input=move |ev| taxvat.set(event_target_value(&ev)) />
            </label>
            <label>{t(Key::Gender)}
                <select prop:value=move || gender.get() on:change=move |ev| gender.set(event_target_value(&ev))>
                    <option value="">" "</option>
                    {gender_choices().into_iter().map(|(v, k)| view! { <option value=v>{t(k)}</option> }).collect_view()}
                </select>
            </label>
            <button type="button" class="button-secondary" on:click=apply>{t(Key::Apply)}</button>
            <button type="button" class="button-secondary" on:click=move |_| {
                grid.editing.set(BTreeMap::new());
                grid.row_errors.set(BTreeMap::new());
            }>{t(Key::Cancel)}</button>
            <button type="button" class="button-primary" on:click=move |_| {
                let rows = grid.editing.get_untracked().into_values().collect();
                save(grid, rows);
            }>{t(Key::SaveEdits)}</button>
        </div>
    }
    .into_any()
}
