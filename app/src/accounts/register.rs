//! Create an Account and the email confirmation (Require Emails Confirmation decides
//! whether a new account must confirm its email before signing in, and which welcome
//! email is sent).

use super::model::{AccountFormOptions, PersonalForm, Registered, Registration};
use super::{emails, repo};
use crate::attributes::model::{EntityType, UsedInForm};
use crate::attributes::rules::fold_posted;
use crate::config::registry::{
    ACCOUNT_SHARE_SCOPE, CREATE_ACCOUNT_CONFIRM, CREATE_ACCOUNT_DEFAULT_GROUP,
    CREATE_ACCOUNT_SHOW_ADDRESS_FIELDS,
};
use crate::config::service::At;
use crate::customers::domain::Email;
use crate::customers::edit::{repo as customers, service::rules};
use crate::customers::grid::index;
use crate::error::AppError;
use crate::i18n::Key;
use crate::sessions::password;
use crate::sessions::service::{open_session, Caller};
use crate::sessions::token::{new_token, token_hash};
use crate::state::AppState;
use crate::stores::model::StoreViewInfo;

/// "There is already an account with this email address…" (on this website, or on any
/// when accounts are shared globally).
pub const EMAIL_TAKEN: Key = Key::ErrEmailTakenStorefront;

/// The options of the store view's account forms.
pub async fn form_options(
    state: &AppState,
    store: &StoreViewInfo,
) -> Result<AccountFormOptions, AppError> {
    let mut options = website_options(state, store.website_id).await?;
    options.rules = crate::customers::edit::service::rules_at(
        state,
        At::store(store.website_id, store.store_id),
    )
    .await?;
    options.attributes = crate::attributes::service::fields(
        state,
        EntityType::Customer,
        Some(UsedInForm::CustomerAccountCreate),
        Some(store.store_id),
    )
    .await?;
    options.address = state
        .config
        .get(
            CREATE_ACCOUNT_SHOW_ADDRESS_FIELDS,
            At::website(store.website_id),
        )
        .await?;
    if options.address {
        options.address_attributes = crate::attributes::service::fields(
            state,
            EntityType::Address,
            Some(UsedInForm::AddressRegister),
            Some(store.store_id),
        )
        .await?;
    }
    Ok(options)
}

/// The account form options of a website (Account Information follows the customer's
/// own website).
pub async fn website_options(
    state: &AppState,
    website: i64,
) -> Result<AccountFormOptions, AppError> {
    Ok(AccountFormOptions {
        rules: rules(state, website).await?,
        password: super::settings::password_rules(state).await?,
        today: crate::customers::edit::service::today(state),
        confirm_required: state
            .config
            .get(CREATE_ACCOUNT_CONFIRM, At::website(website))
            .await?,
        attributes: Vec::new(),
        address: false,
        address_attributes: Vec::new(),
    })
}

/// Create the account on the store view's website. With "Require Emails Confirmation"
/// the customer gets a confirmation link and stays signed out; otherwise they are signed
/// in (the new session token is returned) and get the default welcome email. When the
/// store asks for an address, it becomes the account's default billing and shipping
/// address. The account, its address, its newsletter subscription and the session are
/// written in one transaction.
pub async fn register(
    state: &AppState,
    store: &StoreViewInfo,
    form: &Registration,
    caller: &Caller,
    uploader: &crate::files::service::Uploader,
) -> Result<(Registered, Option<String>), AppError> {
    let options = form_options(state, store).await?;
    let form = &form.without_hidden(&options.rules);
    let errors = form.validate(&options);
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let email = Email::parse(&form.email).map_err(|e| AppError::field("email", e))?;
    let custom = crate::attributes::service::check(
        &options.attributes,
        &fold_posted(&options.attributes, &form.custom),
    )?;
    // The address part is read only when the store asks for it.
    let address_custom = if options.address {
        Some(crate::attributes::service::check(
            &options.address_attributes,
            &fold_posted(&options.address_attributes, &form.address.custom),
        )?)
    } else {
        None
    };
    // New accounts per address, counted before any work (a script cannot make
    // thousands of accounts or mail thousands of confirmation links).
    crate::sessions::service::count_toward_limit(
        state,
        &format!("customer-registrations:{}", caller.ip),
        state.settings.limits.registrations_per_ip,
        state.clock.now(),
    )
    .await?;
    let at = At::store(store.website_id, store.store_id);
    let group = state.config.get(CREATE_ACCOUNT_DEFAULT_GROUP, at).await?;
    let global = state
        .config
        .get(ACCOUNT_SHARE_SCOPE, At::default_scope())
        .await?
        == 0;
    let customer = form.customer(store.website_id, group);
    let hash = password::hash(form.password.clone())
        .await
        .map_err(AppError::internal)?;
    let key = options.confirm_required.then(new_token);
    let now = state.clock.now();

    let mut tx = state.db.begin().await?;
    let scope = (!global).then_some(store.website_id);
    if crate::customers::repo::email_taken(&mut tx, email.as_str(), scope, 0).await? {
        return Err(AppError::field("email", EMAIL_TAKEN));
    }
    let id = customers::insert(
        &mut tx,
        &customer,
        email.as_str(),
        store.store_id,
        &store.name,
        now,
    )
    .await
    .map_err(|e| AppError::unique_as_field(e, "email", EMAIL_TAKEN))?;
    repo::set_credentials(
        &mut tx,
        id,
        &hash.0,
        key.as_deref().map(token_hash).as_deref(),
        form.assistance,
    )
    .await?;
    if form.newsletter {
        customers::set_subscription(&mut tx, id, store.website_id, true, now).await?;
    }
    crate::attributes::service::write(
        &mut tx,
        state,
        uploader,
        EntityType::Customer,
        id,
        &options.attributes,
        &custom,
    )
    .await?;
    if let Some(address_custom) = &address_custom {
        use crate::customers::address::{model::DefaultKind, repo as addresses};
        let address = addresses::insert(&mut tx, &form.new_address(id), now).await?;
        crate::attributes::service::write(
            &mut tx,
            state,
            uploader,
            EntityType::Address,
            address,
            &options.address_attributes,
            address_custom,
        )
        .await?;
        for kind in [DefaultKind::Billing, DefaultKind::Shipping] {
            addresses::set_default(&mut tx, id, Some(address), kind, now).await?;
        }
    }
    index::refresh_one(&mut tx, id).await?;
    // Signed in at once unless the email must be confirmed first (a sign-in, as Magento
    // records it: Last Logged In on the customer's page).
    if key.is_none() {
        repo::record_sign_in(&mut tx, id, now).await?;
    }
    let token = match key {
        Some(_) => None,
        None => Some(
            open_session(
                &mut tx,
                "customer",
                id,
                now,
                now + super::service::ABSOLUTE_LIFETIME,
                caller,
            )
            .await?,
        ),
    };
    // Now Online: a new account signed in at once is a customer from now on.
    crate::online::activity::bind(state, &mut tx, token.as_ref().map(|_| id), store.website_id)
        .await?;
    tx.commit().await?;
    tracing::info!(
        customer_id = id,
        confirm = token.is_none(),
        "customer registered"
    );

    let name = format!("{} {}", customer.firstname.trim(), customer.lastname.trim());
    let to = emails::recipient(state, email.as_str(), &name, store);
    let sent = match &key {
        Some(key) => emails::send(state, &to, emails::confirmation(id, key)).await,
        None => emails::send(state, &to, emails::welcome()).await,
    };
    if let Err(error) = sent {
        // The account exists; a lost email must not undo it.
        tracing::warn!(customer_id = id, %error, "registration email not sent");
    }
    Ok(match token {
        Some(token) => (Registered::SignedIn, Some(token)),
        None => (Registered::ConfirmationSent, None),
    })
}

/// Confirm the account behind the link's `id` and `key`: the key is cleared (it works
/// once) and the confirmed-welcome email is sent. The customer then signs in (since
/// Magento 2.4.7 a confirmation link never signs anyone in).
pub async fn confirm(state: &AppState, id: i64, key: &str) -> Result<String, AppError> {
    const INVALID: Key = Key::ErrConfirmationInvalid;
    let mut tx = state.db.begin().await?;
    let Some(account) = repo::account(&mut tx, id).await? else {
        return Err(AppError::field("key", INVALID));
    };
    let Some(stored) = &account.confirmation else {
        // Already confirmed: nothing to do, say so as Magento does.
        return Err(AppError::field("key", Key::ErrAlreadyConfirmed));
    };
    if key.is_empty() || *stored != token_hash(key) {
        return Err(AppError::field("key", INVALID));
    }
    repo::clear_confirmation(&mut tx, id, state.clock.now()).await?;
    index::refresh_one(&mut tx, id).await?;
    tx.commit().await?;
    let store = super::service::account_store(state, id).await?;
    let name = format!("{} {}", account.firstname, account.lastname);
    let to = emails::recipient(state, &account.email, &name, &store);
    if let Err(error) = emails::send(state, &to, emails::welcome_confirmed()).await {
        tracing::warn!(customer_id = id, %error, "confirmed-welcome email not sent");
    }
    Ok(store.name)
}

/// Send a new confirmation link to `email` on the store's website, if that account is
/// still unconfirmed. The answer never tells whether such an account exists. Requests
/// from `ip` are limited (`confirmation_resends_per_ip`: an error past it), and so are
/// links to one address (`confirmation_resends_per_email`: past it nothing is sent, and
/// the answer is the same).
pub async fn resend_confirmation(
    state: &AppState,
    store: &StoreViewInfo,
    email: &str,
    ip: &str,
) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|e| AppError::field("email", e))?;
    let limits = state.settings.limits;
    let now = state.clock.now();
    crate::sessions::service::count_toward_limit(
        state,
        &format!("customer-confirmation-resends:{ip}"),
        limits.confirmation_resends_per_ip,
        now,
    )
    .await?;
    // Counted by a hash of the address: the counters table holds no email.
    let per_email = crate::sessions::service::count_toward_limit(
        state,
        &format!(
            "customer-confirmation-resends-to:{}",
            token_hash(email.as_str())
        ),
        limits.confirmation_resends_per_email,
        now,
    )
    .await;
    if let Err(AppError::TooManyRequests { .. }) = per_email {
        tracing::info!("confirmation link not sent again: too many for this address");
        return Ok(());
    }
    per_email?;
    let scope = super::service::lookup_scope(state, store.website_id).await?;
    let Some(account) = repo::find_by_email(&state.db, email.as_str(), scope).await? else {
        return Ok(());
    };
    if account.confirmation.is_none() {
        return Ok(());
    }
    let key = new_token();
    let mut tx = state.db.begin().await?;
    repo::set_confirmation(&mut tx, account.id, &token_hash(&key)).await?;
    tx.commit().await?;
    let store = super::service::account_store(state, account.id).await?;
    let name = format!("{} {}", account.firstname, account.lastname);
    let to = emails::recipient(state, &account.email, &name, &store);
    emails::send(state, &to, emails::confirmation(account.id, &key)).await
}
