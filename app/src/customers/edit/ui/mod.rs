//! The admin's customer page: Customers → All Customers → Add New Customer /
//! Edit. Tabs Customer View, Account Information, Addresses and Newsletter under a
//! button bar (Back, Delete Customer, Reset, Reset Password, Unlock, Save and Continue
//! Edit, Save Customer).
//!
//! The form is one signal holding a [`CustomerInput`]; Reset puts back the loaded value.
//! Saving sends the version that was loaded, so a save over someone else's newer save is
//! refused and the page offers to reload instead of overwriting.

mod account;
mod address_grid;
mod addresses;

use super::api::{
    customer_form_options, delete_customer, load_customer, reset_customer_password, save_customer,
    unlock_customer,
};
use super::model::{Confirmation, CustomerDetail, FormOptions};
use crate::admin::ui::use_admin;
use crate::auth::acl;
use crate::customers::model::CustomerInput;
use crate::dates::date_time;
use crate::error::error_text;
use crate::error::AppError;
use crate::forms::FieldErrors;
use crate::i18n::{t, use_i18n, Key};
use crate::ui::dialog::use_confirm;
use crate::ui::{use_hydrated, use_toasts, ErrorPanel, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// The tabs of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    View,
    Account,
    Addresses,
    Newsletter,
    History,
}

impl Tab {
    fn key(self) -> Key {
        match self {
            Tab::View => Key::CustomerView,
            Tab::Account => Key::AccountInformation,
            Tab::Addresses => Key::Addresses,
            Tab::Newsletter => Key::Newsletter,
            Tab::History => Key::History,
        }
    }

    fn from_code(code: &str) -> Option<Tab> {
        [
            Tab::View,
            Tab::Account,
            Tab::Addresses,
            Tab::Newsletter,
            Tab::History,
        ]
        .into_iter()
        .find(|t| t.code() == code)
    }

    fn code(self) -> &'static str {
        match self {
            Tab::View => "view",
            Tab::Account => "account",
            Tab::Addresses => "addresses",
            Tab::Newsletter => "newsletter",
            Tab::History => "history",
        }
    }
}

/// A new customer's starting values: the first website, the default group.
fn blank(options: &FormOptions) -> CustomerInput {
    let website = options.websites.first();
    CustomerInput {
        website_id: website.map_or(0, |w| w.id),
        group_id: options.default_group,
        // "Send Welcome Email From" is never blank: the website's first store view.
        send_welcome_from: website.and_then(|w| w.stores.first()).map(|s| s.0),
        custom: crate::attributes::rules::defaults(&options.attributes),
        ..Default::default()
    }
}

/// Customers → Add New Customer.
#[component]
pub fn CustomerNewPage() -> impl IntoView {
    let options = Resource::new(|| (), |_| crate::ui::page_data(customer_form_options()));
    view! {
        <Title text=crate::i18n::text(Key::NewCustomer) />
        <Suspense fallback=|| view! { <p>{t(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(options) => view! { <CustomerEditor options detail=None reload=Callback::new(|_| ()) /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Customers → All Customers → Edit.
///
/// The customer loads in the browser only, once the page is live (as the grid's rows
/// do). Loaded during server rendering, the page failed to hydrate: the browser
/// resolved the load to an error without asking the server and expected an error
/// panel where the server had rendered the form (tachys, with `leptos_debuginfo`).
#[component]
pub fn CustomerEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let data = LocalResource::new(move || {
        let id = id.get();
        async move {
            let id = id.ok_or_else(|| AppError::NotFound(Key::ThisCustomer.into()))?;
            let options = customer_form_options().await?;
            let detail = load_customer(id).await?;
            Ok::<_, AppError>((options, detail))
        }
    });
    let reload = Callback::new(move |_| data.refetch());
    let hydrated = use_hydrated();
    view! {
        {move || hydrated.get().then(|| view! {
            <Transition fallback=|| view! { <p>{t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((options, detail)) => view! { <CustomerEditor options detail=Some(detail) reload /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })}
            </Transition>
        })}
    }
}

/// The page around one customer (new when `detail` is `None`).
#[component]
fn CustomerEditor(
    options: FormOptions,
    detail: Option<CustomerDetail>,
    /// Load the customer again (after a conflict or a button that changed it).
    reload: Callback<()>,
) -> impl IntoView {
    let toasts = use_toasts();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let admin = use_admin();
    let can = move |resource: &str| admin.as_ref().is_some_and(|a| a.can(resource));
    let (can_delete, can_reset) = (
        can(acl::CUSTOMERS_DELETE),
        can(acl::CUSTOMERS_RESET_PASSWORD),
    );

    let loaded = detail
        .as_ref()
        .map(|d| d.input.clone())
        .unwrap_or_else(|| blank(&options));
    let summary = detail.map(|d| d.summary);
    let id = loaded.id;
    let title = match id {
        Some(_) => format!("{} {}", loaded.firstname, loaded.lastname),
        None => t(Key::NewCustomer)().to_string(),
    };
    let locked = summary.as_ref().is_some_and(|s| s.locked_until.is_some());
    let options = StoredValue::new(options);
    let initial = StoredValue::new(loaded.clone());
    let form = RwSignal::new(loaded);
    let errors = RwSignal::new(FieldErrors::new());
    let rules = Memo::new(move |_| {
        let website = form.with(|f| f.website_id);
        options.with_value(|o| o.rules_for(website))
    });
    let check = Callback::new(move |()| {
        let today = options.with_value(|o| o.today());
        form.with(|f| {
            let mut errors = f.validate(&rules.get_untracked(), today);
            options.with_value(|o| {
                if let Err(custom) =
                    crate::attributes::rules::check_values(&o.attributes, &f.custom)
                {
                    errors.extend(custom);
                }
            });
            errors
        })
    });
    // The open tab is kept in the URL (`?tab=addresses`), so a reload, Back from another
    // page or a shared link opens it again; switching tabs replaces the entry (a tab is
    // not a page of its own).
    let query = use_query_map();
    let tab = RwSignal::new(match id {
        Some(_) => query
            .with_untracked(|p| p.get("tab"))
            .and_then(|code| Tab::from_code(&code))
            .unwrap_or(Tab::View),
        None => Tab::Account,
    });
    if id.is_some() {
        let change = crate::ui::url::use_change_query();
        Effect::watch(
            move || tab.get(),
            move |tab, _, _| {
                change(
                    &|key| key == "tab",
                    vec![("tab".into(), tab.code().into())],
                    false,
                );
            },
            false,
        );
    }
    let conflict = RwSignal::new(false);
    let pending = RwSignal::new(false);
    // Set once this part of the page is live in the browser (the page's data loads
    // after the rest of the page hydrates); browser tests wait for it.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));

    let save = {
        let navigate = navigate.clone();
        move |stay: bool| {
            if pending.get_untracked() {
                return;
            }
            let found = check.run(());
            if !found.is_empty() {
                errors.set(found);
                tab.set(Tab::Account);
                toasts.push(ToastKind::Error, t(Key::ErrValidation)());
                return;
            }
            errors.set(FieldErrors::new());
            pending.set(true);
            let input = form.get_untracked();
            let navigate = navigate.clone();
            spawn_local(async move {
                let result = save_customer(input).await;
                pending.set(false);
                match result {
                    Ok(saved) => {
                        toasts.push(ToastKind::Success, t(Key::CustomerSaved)());
                        if let Some(warning) = saved.warning {
                            let locale = crate::i18n::use_i18n().locale.get_untracked();
                            toasts.push(ToastKind::Error, warning.text(locale));
                        }
                        if !stay {
                            navigate("/admin/customers", Default::default());
                        } else if id.is_none() {
                            navigate(
                                &format!("/admin/customers/{}/edit", saved.id),
                                Default::default(),
                            );
                        } else {
                            reload.run(());
                        }
                    }
                    Err(AppError::Validation { fields }) => {
                        errors.set(fields);
                        tab.set(Tab::Account);
                        toasts.push(ToastKind::Error, t(Key::ErrValidation)());
                    }
                    Err(AppError::Conflict) => conflict.set(true),
                    Err(other) => toasts.push(
                        ToastKind::Error,
                        error_text(i18n.locale.get_untracked(), &other),
                    ),
                }
            });
        }
    };
    let save_stay = {
        let save = save.clone();
        move |_| save(true)
    };
    let save_back = move |_| save(false);
    let reset = move |_| {
        form.set(initial.get_value());
        errors.set(FieldErrors::new());
    };
    let run = move |call: &'static str, id: i64| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match call {
                "delete" => delete_customer(id)
                    .await
                    .map(|()| t(Key::CustomerDeleted)().to_string()),
                "unlock" => unlock_customer(id)
                    .await
                    .map(|()| t(Key::CustomerUnlocked)().to_string()),
                _ => reset_customer_password(id)
                    .await
                    .map(|_| t(Key::ResetPasswordSent)().to_string()),
            };
            match result {
                Ok(message) => {
                    toasts.push(ToastKind::Success, message);
                    match call {
                        "delete" => navigate("/admin/customers", Default::default()),
                        "unlock" => reload.run(()),
                        _ => {}
                    }
                }
                Err(error) => toasts.push(
                    ToastKind::Error,
                    error_text(i18n.locale.get_untracked(), &error),
                ),
            }
        });
    };
    let run_delete = run.clone();
    let run_reset = run.clone();
    let run_unlock = run;

    let sees_history =
        crate::admin::ui::use_admin().is_some_and(|a| a.can(crate::auth::acl::ACTION_LOG));
    let tabs: Vec<Tab> = if id.is_some() {
        let mut tabs = vec![Tab::View, Tab::Account, Tab::Addresses, Tab::Newsletter];
        if sees_history {
            tabs.push(Tab::History);
        }
        tabs
    } else {
        vec![Tab::Account]
    };
    let customer_name = StoredValue::new((
        form.with_untracked(|f| f.firstname.clone()),
        form.with_untracked(|f| f.lastname.clone()),
    ));

    let sees_assist_log = crate::admin::ui::use_admin()
        .is_some_and(|a| a.can(crate::auth::acl::LOGIN_AS_CUSTOMER_LOG));
    let may_assist = crate::admin::ui::use_admin()
        .is_some_and(|a| a.can(crate::auth::acl::LOGIN_AS_CUSTOMER_BUTTON));
    let confirm = use_confirm();
    let actions = view! {
        <div class="page-actions" role="toolbar" aria-label=t(Key::Actions) data-live=move || live.get().to_string()>
            <a class="button-secondary" href="/admin/customers">{t(Key::Back)}</a>
            {id.filter(|_| may_assist).map(|customer_id| view! { <crate::login_as_customer::ui::LoginAsCustomerButton customer_id /> })}
            {(id.is_some() && can_delete).then(|| view! {
                <button type="button" class="button-secondary" on:click=move |_| {
                    let run_delete = run_delete.clone();
                    confirm.ask_danger(t(Key::ConfirmDeleteCustomer)(), Key::DeleteCustomer, move || {
                        run_delete("delete", id.unwrap_or_default());
                    });
                }>{t(Key::DeleteCustomer)}</button>
            })}
            <button type="button" class="button-secondary" on:click=reset>{t(Key::Reset)}</button>
            {(id.is_some() && can_reset).then(|| view! {
                <button type="button" class="button-secondary" on:click=move |_| run_reset("reset", id.unwrap_or_default())>
                    {t(Key::ResetPassword)}
                </button>
            })}
            {locked.then(|| view! {
                <button type="button" class="button-secondary" on:click=move |_| run_unlock("unlock", id.unwrap_or_default())>
                    {t(Key::Unlock)}
                </button>
            })}
            <button type="button" class="button-secondary" disabled=move || pending.get() on:click=save_stay>
                {t(Key::SaveAndContinue)}
            </button>
            <button type="button" class="button-primary" disabled=move || pending.get() on:click=save_back>
                {t(Key::SaveCustomer)}
            </button>
        </div>
    }
    .into_any();
    let panels = view! {
        <div class="tabs">
            <div class="tab-list" role="tablist" aria-orientation="vertical">
                {tabs.into_iter().map(|which| view! {
                    <button
                        type="button"
                        role="tab"
                        id=format!("tab-{}", which.code())
                        aria-controls=format!("panel-{}", which.code())
                        aria-selected=move || (tab.get() == which).to_string()
                        class:active=move || tab.get() == which
                        on:click=move |_| tab.set(which)
                    >
                        {t(which.key())}
                    </button>
                }).collect_view()}
            </div>
            <div class="tab-panels">
                {summary.map(|s| view! {
                    <section role="tabpanel" id="panel-view" aria-labelledby="tab-view" hidden=move || tab.get() != Tab::View>
                        <CustomerViewTab summary=s />
                        {id.filter(|_| sees_assist_log).map(|customer_id| view! {
                            <h2 class="section-title">{t(Key::LoginAsCustomerLog)}</h2>
                            <crate::login_as_customer::ui::AssistLogGrid prefix="l." customer=Some(customer_id) />
                        }.into_any())}
                    </section>
                })}
                <section role="tabpanel" id="panel-account" aria-labelledby="tab-account" hidden=move || tab.get() != Tab::Account>
                    <account::AccountFields form errors check options rules />
                </section>
                {id.map(|customer_id| view! {
                    <section role="tabpanel" id="panel-addresses" aria-labelledby="tab-addresses" hidden=move || tab.get() != Tab::Addresses>
                        <addresses::AddressesTab customer_id rules attributes=StoredValue::new(options.with_value(|o| o.address_attributes.clone())) name=customer_name.get_value() active=Signal::derive(move || tab.get() == Tab::Addresses) />
                    </section>
                    <section role="tabpanel" id="panel-newsletter" aria-labelledby="tab-newsletter" hidden=move || tab.get() != Tab::Newsletter>
                        <NewsletterTab form />
                    </section>
                    // Read each time the tab opens, so it shows the changes just saved.
                    {sees_history.then(|| view! {
                        <section role="tabpanel" id="panel-history" aria-labelledby="tab-history" hidden=move || tab.get() != Tab::History>
                            {move || (tab.get() == Tab::History).then(|| view! {
                                <crate::action_log::ui::ActionLogGrid prefix="h." customer=Some(customer_id) />
                            })}
                        </section>
                    })}
                })}
            </div>
        </div>
    }
    .into_any();
    view! {
        <Title text=title.clone() />
        <nav class="breadcrumbs" aria-label=t(Key::Breadcrumb)>
            <a href="/admin">{t(Key::Dashboard)}</a>
            " / "
            <a href="/admin/customers">{t(Key::AllCustomers)}</a>
            " / "
            <span>{title.clone()}</span>
        </nav>
        <div class="page-head">
            <h1>{title}</h1>
        </div>
        {actions}
        {move || conflict.get().then(|| view! {
            <div class="message-error conflict" role="alert">
                <p>{t(Key::CustomerConflict)}</p>
                <button type="button" class="button-secondary" on:click=move |_| {
                    conflict.set(false);
                    reload.run(());
                }>{t(Key::ReloadCustomer)}</button>
            </div>
        })}
        {panels}
    }
    .into_any()
}

/// Customer View: the personal information summary (last logged in/out, account lock,
/// confirmed email, account created, website, group) and the default billing address.
#[component]
fn CustomerViewTab(summary: super::model::CustomerSummary) -> impl IntoView {
    let locale = crate::i18n::use_i18n().locale.get_untracked();
    let date_time = move |at: i64| date_time(locale, at);
    let status = if summary.online {
        t(Key::Online)()
    } else {
        t(Key::OfflineStatus)()
    };
    let last_login = match summary.last_login_at {
        Some(at) => format!("{} ({status})", date_time(at)),
        None => format!("{} ({status})", t(Key::Never)()),
    };
    let lock = match summary.locked_until {
        Some(until) => format!("{} {}", t(Key::LockedUntil)(), date_time(until)),
        None => t(Key::Unlocked)().to_string(),
    };
    let confirmation = t(match summary.confirmation {
        Confirmation::Confirmed => Key::Confirmed,
        Confirmation::Required => Key::ConfirmationRequired,
        Confirmation::NotRequired => Key::ConfirmationNotRequired,
    })();
    view! {
        <h2>{t(Key::PersonalInformation)}</h2>
        <dl class="summary">
            <dt>{t(Key::LastLoggedIn)}</dt>
            <dd data-field="last-login">{last_login}</dd>
            {summary.last_logout_at.map(|at| view! {
                <dt>{t(Key::LastLoggedOut)}</dt>
                <dd>{date_time(at)}</dd>
            })}
            <dt>{t(Key::AccountLock)}</dt>
            <dd data-field="account-lock">{lock}</dd>
            <dt>{t(Key::ConfirmedEmail)}</dt>
            <dd data-field="confirmation">{confirmation}</dd>
            <dt>{t(Key::AccountCreated)}</dt>
            <dd>{date_time(summary.created_at)}</dd>
            <dt>{t(Key::AccountCreatedIn)}</dt>
            <dd>{summary.created_in}</dd>
            <dt>{t(Key::WebSite)}</dt>
            <dd>{summary.website_name}</dd>
            <dt>{t(Key::CustomerGroup)}</dt>
            <dd data-field="group">{summary.group_name}</dd>
        </dl>
        <h2>{t(Key::SignedInSessions)}</h2>
        {if summary.sessions.is_empty() {
            view! { <p class="muted" data-field="sessions">{t(Key::NoSignedInSession)}</p> }.into_any()
        } else {
            view! {
                <ul class="sessions" data-field="sessions">
                    {summary.sessions.into_iter().map(|s| view! {
                        <li>
                            <span>{t(Key::LastActivity)} " " <strong>{date_time(s.last_seen_at)}</strong></span>
                            <span class="muted">{t(Key::SessionStarted)} " " {date_time(s.started_at)}</span>
                            <span class="muted">{s.ip} " · " {super::model::browser_of(&s.user_agent)}</span>
                            {s.assisted_by.map(|admin| view! {
                                <span class="badge badge-assisted">{t(Key::AssistedByAdmin)} " " {admin}</span>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2>{t(Key::DefaultBillingAddress)}</h2>
        // Printed with the store's HTML address template (markup made safe on the server).
        {match summary.default_billing {
            Some(html) => view! { <address data-field="default-billing" inner_html=html></address> }.into_any(),
            None => view! { <address data-field="default-billing">{t(Key::NoDefaultBilling)}</address> }.into_any(),
        }}
    }
}

/// Newsletter: one checkbox per website, saved with the customer.
#[component]
fn NewsletterTab(form: RwSignal<CustomerInput>) -> impl IntoView {
    let count = form.with_untracked(|f| f.newsletter.len());
    view! {
        <fieldset class="form">
            <legend>{t(Key::NewsletterInformation)}</legend>
            {(0..count).map(|i| {
                let label = form.with_untracked(|f| f.newsletter[i].website_name.clone());
                let id = format!("newsletter-{i}");
                view! {
                    <div class="field field-inline">
                        <input
                            type="checkbox"
                            id=id.clone()
                            prop:checked=move || form.with(|f| f.newsletter.get(i).is_some_and(|n| n.subscribed))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                form.update(|f| if let Some(n) = f.newsletter.get_mut(i) { n.subscribed = on });
                            }
                        />
                        <label for=id>{t(Key::NewsletterSubscription)} " (" {label} ")"</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
