//! `/customer/account/edit`: Account Information (names and details, and changing the
//! email or password).

use super::offline::{live_or_saved, use_offline, Change, OfflineBanner};
use super::personal::PersonalFields;
use super::{
    device_owner, first_message, label, load_failed, ready_to_send, storefront_error,
    use_session_changed, AccountArea, Message, StrengthMeter,
};
use crate::accounts::api::{account_info, save_account_information};
use crate::accounts::model::{AccountEdit, AccountFormOptions};
use crate::attributes::ui::fields::CustomAttributeFields;
use crate::captcha::model::CaptchaForm;
use crate::captcha::ui::{Captcha, CaptchaField};
use crate::error::AppError;
use crate::forms::FieldErrors;
use crate::i18n::Key;
use crate::ui::fields::TextField;
use crate::ui::{use_hydrated, use_toasts, ToastKind};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

const P: &str = "info";

/// Edit Account Information: loads in the browser, from the server or (offline) the
/// device copy, with a queued offline edit laid over it.
#[component]
pub fn AccountInformationPage() -> impl IntoView {
    let owner = device_owner();
    let queue = use_offline();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        queue.synced.track();
        reload.track();
        live_or_saved(owner.clone(), "information", account_info())
    });
    let change_password = use_query_map().with_untracked(|q| q.get("changepass").is_some());
    view! {
        <AccountArea current="/customer/account/edit" title=Key::EditAccountInformation>
            <Suspense fallback=|| view! { <p>{label(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(loaded) => {
                            let saved_at = loaded.saved_at();
                            let info = loaded.into_data();
                            // An edit made offline and not sent yet is what the shopper
                            // last saw: show it.
                            let queued = queue.pending.with_untracked(|q| {
                                q.iter().rev().find_map(|p| match &p.change {
                                    Change::SaveAccount(f) => Some(f.clone()),
                                    _ => None,
                                })
                            });
                            let form = AccountEdit {
                                change_password: change_password && !info.assisted,
                                ..queued.unwrap_or(info.form)
                            };
                            view! {
                                <OfflineBanner saved_at />
                                <AccountForm options=info.options form reload offline=saved_at.is_some() assisted=info.assisted />
                            }.into_any()
                        }
                        Err(error) => load_failed(error, "/customer/account/edit"),
                    }
                })}
            </Suspense>
        </AccountArea>
    }
}

#[component]
fn AccountForm(
    options: AccountFormOptions,
    form: AccountEdit,
    reload: RwSignal<u32>,
    offline: bool,
    /// An admin connected as the customer: no email or password change offered.
    assisted: bool,
) -> impl IntoView {
    let rules = options.rules.clone();
    let password_rules = options.password;
    let options = StoredValue::new(options);
    let form = RwSignal::new(form);
    let errors = RwSignal::new(FieldErrors::new());
    let check = Callback::new(move |()| form.with(|f| options.with_value(|o| f.validate(o))));
    let general = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let hydrated = use_hydrated();
    let session = use_session_changed();
    let toasts = use_toasts();
    let queue = use_offline();
    let navigate = use_navigate();
    // The secret fields appear and go with the two checkboxes only (not with typing).
    let change_email = Memo::new(move |_| form.with(|f| f.change_email));
    let change_password = Memo::new(move |_| form.with(|f| f.change_password));
    let credentials = move || change_email.get() || change_password.get();
    // "Change password" among the CAPTCHA's forms: a new password answers one.
    let captcha = Captcha::new(CaptchaForm::ChangePassword, None);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !ready_to_send(check, errors, pending, general) {
            return;
        }
        let navigate = navigate.clone();
        let edit = form.get_untracked();
        spawn_local(async move {
            let result = save_account_information(edit.clone(), captcha.posted()).await;
            if result.is_err() && edit.change_password {
                // The answer is used up: a new picture.
                captcha.renew(None);
            }
            match result {
                Ok(_) => {
                    session.bump();
                    toasts.push(ToastKind::Success, label(Key::AccountSaved).to_string());
                    navigate("/customer/account", Default::default());
                }
                Err(AppError::Validation { fields }) => errors.set(fields),
                Err(AppError::Conflict) => {
                    toasts.push(
                        ToastKind::Error,
                        label(Key::AccountChangedElsewhere).to_string(),
                    );
                    reload.update(|n| *n += 1);
                }
                // Offline: names and details wait on this device; a new email or password
                // needs the server.
                Err(AppError::Network(_)) if !edit.changes_credentials() => {
                    queue.push(Change::SaveAccount(edit.without_secrets()));
                    toasts.push(ToastKind::Info, label(Key::QueuedOffline).to_string());
                    navigate("/customer/account", Default::default());
                }
                Err(e @ AppError::AccountLocked) => general.set(Some(storefront_error(&e))),
                Err(e) => general.set(Some(first_message(&e))),
            }
            pending.set(false);
        });
    };
    let password = Signal::derive(move || form.with(|f| f.password.clone()));
    let email = Signal::derive(move || form.with(|f| f.email.clone()));
    let toggles = view! {
        <div class="field field-inline">
            <input id="info-change_email" type="checkbox" name="change_email"
                prop:checked=move || form.with(|f| f.change_email)
                on:change=move |ev| form.update(|f| f.change_email = event_target_checked(&ev)) />
            <label for="info-change_email">{label(Key::ChangeEmail)}</label>
        </div>
        <div class="field field-inline">
            <input id="info-change_password" type="checkbox" name="change_password"
                prop:checked=move || form.with(|f| f.change_password)
                on:change=move |ev| form.update(|f| f.change_password = event_target_checked(&ev)) />
            <label for="info-change_password">{label(Key::ChangePassword)}</label>
        </div>
    }
    .into_any();
    let secrets = view! {
        <fieldset class="form-grid" hidden=move || !credentials()>
            <legend>
                {move || match (change_email.get(), change_password.get()) {
                    (true, true) => format!("{} / {}", label(Key::ChangeEmail), label(Key::ChangePassword)),
                    (true, false) => label(Key::ChangeEmail).to_string(),
                    _ => label(Key::ChangePassword).to_string(),
                }}
            </legend>
            {move || change_email.get().then(|| view! {
                <TextField form errors check prefix=P name="email" label=label(Key::Email) required=true
                    kind="email" autocomplete="email"
                    get=|f: &AccountEdit| f.email.clone() set=|f, v| f.email = v />
            })}
            {move || credentials().then(|| view! {
                <TextField form errors check prefix=P name="current_password" label=label(Key::CurrentPassword)
                    required=true kind="password" autocomplete="current-password"
                    get=|f: &AccountEdit| f.current_password.clone() set=|f, v| f.current_password = v />
            })}
            {move || change_password.get().then(|| view! {
                <TextField form errors check prefix=P name="password" label=label(Key::NewPassword)
                    required=true kind="password" autocomplete="new-password"
                    get=|f: &AccountEdit| f.password.clone() set=|f, v| f.password = v />
                <StrengthMeter password email rules=password_rules />
                <TextField form errors check prefix=P name="password_confirmation"
                    label=label(Key::ConfirmNewPassword) required=true kind="password"
                    autocomplete="new-password"
                    get=|f: &AccountEdit| f.password_confirmation.clone()
                    set=|f, v| f.password_confirmation = v />
                <CaptchaField captcha errors />
            })}
        </fieldset>
    }
    .into_any();
    view! {
        <Message text=general />
        <form class="form panel" novalidate on:submit=submit data-offline=offline.then_some("true")>
            <fieldset class="form-grid">
                <legend>{label(Key::AccountInformation)}</legend>
                <PersonalFields form errors check rules prefix=P />
                <CustomAttributeFields form errors check prefix=P
                    fields=options.with_value(|o| o.attributes.clone())
                    read=|f: &AccountEdit| &f.custom write=|f: &mut AccountEdit| &mut f.custom />
                {(!assisted).then_some(toggles)}
            </fieldset>
            {secrets}
            <div class="form-actions">
                <button type="submit" class="button-primary" disabled=move || !hydrated.get() || pending.get()>
                    {label(Key::Save)}
                </button>
            </div>
        </form>
    }
}
