//! `/customer/account/create` (Create an Account) and the email confirmation link.

use super::personal::PersonalFields;
use super::{
    first_message, label, ready_to_send, storefront_error, use_session_changed, use_store, Message,
    StrengthMeter,
};
use crate::accounts::api::{
    account_options, confirm_account, create_account, kept_registration, resend_confirmation,
    CreateAccountPosted,
};
use crate::accounts::model::{
    address_errors, split_address_errors, AccountFormOptions, Registered, Registration,
};
use crate::attributes::ui::fields::CustomAttributeFields;
use crate::captcha::model::CaptchaForm;
use crate::captcha::ui::{Captcha, CaptchaField};
use crate::customers::address::model::AddressInput;
use crate::customers::address::ui::AddressFields;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormRules};
use crate::i18n::Key;
use crate::ui::fields::{CheckField, TextField};
use crate::ui::form::{posted_error, FormToken};
use crate::ui::{page_data, use_toasts, ErrorPanel, ToastKind};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

const P: &str = "account";

/// Create New Customer Account.
#[component]
pub fn CreateAccountPage() -> impl IntoView {
    // With the options, what this browser typed when the server last refused the form it
    // posted before the page went live (read on the server, so the page shows it).
    let options = Resource::new(
        || (),
        |_| {
            page_data(async {
                let options = account_options().await?;
                let kept = kept_registration().await?;
                Ok::<_, AppError>((options, kept))
            })
        },
    );
    view! {
        <Title text=label(Key::CreateNewAccount) />
        <h1>{label(Key::CreateNewAccount)}</h1>
        <Suspense fallback=|| view! { <p>{label(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok((options, kept)) => view! { <RegistrationForm options kept /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The form posts itself to `create_account_posted` while the page's script has not
/// loaded (a refused form comes back with its messages under the fields and what was
/// typed), and is sent by script once it has.
#[component]
fn RegistrationForm(options: AccountFormOptions, kept: Option<Registration>) -> impl IntoView {
    let rules: FormRules = options.rules.clone();
    let password_rules = options.password;
    let options = StoredValue::new(options);
    let posted = posted_error(CreateAccountPosted::PATH);
    // What was typed shows only on the way back from the refused form.
    // What the page's own form posted carries its boxes and lines one by one: joined here.
    let attributes = options.with_value(|o| o.attributes.clone());
    let address_attributes = options.with_value(|o| o.address_attributes.clone());
    let asks_address = options.with_value(|o| o.address);
    let form = RwSignal::new(match kept.filter(|_| posted.is_some()) {
        Some(kept) => Registration {
            custom: crate::attributes::rules::fold_posted(&attributes, &kept.custom),
            address: AddressInput {
                custom: crate::attributes::rules::fold_posted(
                    &address_attributes,
                    &kept.address.custom,
                ),
                ..kept.address
            },
            ..kept
        },
        None => Registration {
            custom: crate::attributes::rules::defaults(&attributes),
            address: AddressInput {
                street: vec![String::new(); rules.street_lines],
                custom: crate::attributes::rules::defaults(&address_attributes),
                ..AddressInput::default()
            },
            ..Registration::default()
        },
    });
    // The address part is a form of its own (the address book's fields), sent with the
    // account.
    let address = RwSignal::new(form.with_untracked(|f| f.address.clone()));
    let (fields, message) = match posted {
        Some(AppError::Validation { fields }) => (fields, None),
        Some(other) => (FieldErrors::new(), Some(storefront_error(&other))),
        None => (FieldErrors::new(), None),
    };
    let (fields, address_fields) = split_address_errors(fields);
    let errors = RwSignal::new(fields);
    let address_errors_shown = RwSignal::new(address_fields);
    let check = Callback::new(move |()| form.with(|f| options.with_value(|o| f.validate(o))));
    let address_check =
        Callback::new(move |()| address.with(|a| options.with_value(|o| address_errors(a, o))));
    let general = RwSignal::new(message);
    let notice = RwSignal::new(None::<String>);
    let confirm_sent = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let session = use_session_changed();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let store_name = use_store().map(|s| s.current.name).unwrap_or_default();
    let captcha = Captcha::new(CaptchaForm::CreateUser, None);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        form.update(|f| f.address = address.get_untracked());
        let ready = ready_to_send(check, errors, pending, general);
        // The address part's messages show under its own fields.
        let (own, address_part) = split_address_errors(errors.get_untracked());
        errors.set(own);
        address_errors_shown.set(address_part);
        if !ready {
            return;
        }
        let navigate = navigate.clone();
        let store_name = store_name.clone();
        spawn_local(async move {
            let result = create_account(form.get_untracked(), captcha.posted()).await;
            if result.is_err() {
                // The answer is used up: a new picture.
                captcha.renew(None);
            }
            match result {
                Ok(Registered::SignedIn) => {
                    session.bump();
                    toasts.push(
                        ToastKind::Success,
                        label(Key::ThanksRegistering).replace("{store}", &store_name),
                    );
                    navigate("/customer/account", Default::default());
                }
                Ok(Registered::ConfirmationSent) => confirm_sent.set(true),
                Err(AppError::Validation { fields }) => {
                    let (own, address_part) = split_address_errors(fields);
                    errors.set(own);
                    address_errors_shown.set(address_part);
                }
                Err(e) => general.set(Some(storefront_error(&e))),
            }
            pending.set(false);
        });
    };
    let resend = move |_| {
        spawn_local(async move {
            match resend_confirmation(form.with_untracked(|f| f.email.clone())).await {
                Ok(()) => notice.set(Some(label(Key::ConfirmationResent).to_string())),
                Err(e) => general.set(Some(storefront_error(&e))),
            }
        });
    };
    let password = Signal::derive(move || form.with(|f| f.password.clone()));
    let email = Signal::derive(move || form.with(|f| f.email.clone()));

    let personal = view! {
                <fieldset class="form-grid">
                    <legend>{label(Key::PersonalInformation)}</legend>
                    <PersonalFields form errors check rules=rules.clone() prefix=P />
                    <CustomAttributeFields form errors check prefix=P
                        fields=options.with_value(|o| o.attributes.clone())
                        read=|f: &Registration| &f.custom write=|f: &mut Registration| &mut f.custom />
                    <CheckField form prefix=P name="newsletter" label=label(Key::NewsletterSignUp)
                        get=|f: &Registration| f.newsletter set=|f, v| f.newsletter = v />
                </fieldset>
    }
    .into_any();
    // Magento's "Address Information", when the store asks for an address.
    let address_part = asks_address.then(|| {
        view! {
                <fieldset class="form-grid">
                    <legend>{label(Key::AddressInformation)}</legend>
                    <AddressFields form=address errors=address_errors_shown check=address_check
                        rules=rules.clone() prefix="account-address" attributes=address_attributes
                        without_names=true post_as="address_custom" />
                </fieldset>
        }
        .into_any()
    });
    let signin = view! {
                <fieldset class="form-grid">
                    <legend>{label(Key::SignInInformation)}</legend>
                    <TextField form errors check prefix=P name="email" label=label(Key::Email) required=true kind="email"
                        autocomplete="email"
                        get=|f: &Registration| f.email.clone() set=|f, v| f.email = v />
                    <TextField form errors check prefix=P name="password" label=label(Key::Password) required=true
                        kind="password" autocomplete="new-password"
                        get=|f: &Registration| f.password.clone() set=|f, v| f.password = v />
                    <StrengthMeter password email rules=password_rules />
                    <TextField form errors check prefix=P name="password_confirmation" label=label(Key::ConfirmPassword)
                        required=true kind="password" autocomplete="new-password"
                        get=|f: &Registration| f.password_confirmation.clone()
                        set=|f, v| f.password_confirmation = v />
                </fieldset>
    }
    .into_any();
    view! {
        {move || confirm_sent.get().then(|| view! {
            <section class="panel">
                <p class="message-success" role="status">{label(Key::MustConfirm)}</p>
                <Message text=notice success=true />
                <button type="button" class="button-link" on:click=resend>{label(Key::SendConfirmationAgain)}</button>
            </section>
        })}
        <Message text=general />
        <div hidden=move || confirm_sent.get()>
            <form class="form panel" method="post" action=CreateAccountPosted::PATH novalidate on:submit=submit>
                <FormToken />
                {personal}
                {address_part}
                {signin}
                <CaptchaField captcha errors />
                <div class="form-actions">
                    <button type="submit" class="button-primary" disabled=move || pending.get()>
                        {label(Key::CreateAccount)}
                    </button>
                </div>
            </form>
        </div>
    }
}

/// `/customer/account/confirm?id=…&key=…`: confirms once the page is live (a state
/// change is a POST from the app, never a plain link's GET), then asks to sign in.
#[component]
pub fn ConfirmAccountPage() -> impl IntoView {
    let query = use_query_map();
    let outcome = RwSignal::new(None::<Result<String, String>>);
    Effect::new(move |_| {
        let (id, key) = query.with_untracked(|q| {
            (
                q.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0),
                q.get("key").unwrap_or_default(),
            )
        });
        spawn_local(async move {
            let result = confirm_account(id, key)
                .await
                .map_err(|e| first_message(&e));
            outcome.set(Some(result));
        });
    });
    view! {
        <Title text=label(Key::CustomerLogin) />
        <section class="panel">
            {move || match outcome.get() {
                None => view! { <p>{label(Key::Confirming)}</p> }.into_any(),
                Some(Ok(store)) => view! {
                    <p class="message-success" role="status">
                        {label(Key::ThanksRegistering).replace("{store}", &store)}
                    </p>
                    <p><a class="button-primary" href="/customer/account/login">{label(Key::SignInToContinue)}</a></p>
                }.into_any(),
                Some(Err(message)) => view! {
                    <p class="message-error" role="alert">{message}</p>
                    <p><a href="/customer/account/login">{label(Key::SignIn)}</a></p>
                }.into_any(),
            }}
        </section>
    }
}
