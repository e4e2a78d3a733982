//! The admin's customer form on the server: the same field rules as the
//! browser, then the database rules (website, group, store view, email uniqueness per
//! the sharing scope, optimistic locking), all in one transaction with the grid row and
//! newsletter subscriptions. Emails are sent after the commit.

use super::model::{
    Confirmation, CustomerDetail, CustomerSaved, CustomerSummary, FormOptions, WebsiteChoice,
};
use super::repo;
use crate::action_log::model::{Action, Entity};
use crate::action_log::service::{self as action_log, diff, Actor, Fields, NewEntry};
use crate::config::registry::*;
use crate::config::service::At;
use crate::customers::address::model::DefaultKind;
use crate::customers::domain::Email;
use crate::customers::grid::index;
use crate::customers::model::{CustomerInput, NewsletterChoice};
use crate::customers::reset_throttle;
use crate::customers::service::EMAIL_TAKEN;
use crate::dates::iso_date;
use crate::error::AppError;
use crate::forms::{dropdown_options, FieldErrors, FormRules};
use crate::i18n::Key;
use crate::mail::{self, templates};
use crate::sessions::token::{new_token, token_hash};
use crate::state::AppState;

/// The name & address options of one website.
pub async fn rules(state: &AppState, website: i64) -> Result<FormRules, AppError> {
    rules_at(state, At::website(website)).await
}

/// The name & address options read at `at` (a store view's for the storefront, whose
/// consent checkbox text is set per store view).
pub async fn rules_at(state: &AppState, at: At) -> Result<FormRules, AppError> {
    let c = &state.config;
    // A text left at its built-in default shows in the shopper's language instead.
    let configured = |value: String, setting: crate::config::model::Setting<String>| {
        let default = find(setting.path).map(|d| d.default).unwrap_or_default();
        if value.trim() == default.trim() {
            String::new()
        } else {
            value.trim().to_string()
        }
    };
    // Store view labels on the storefront, Default Labels in the admin's forms.
    let (customer_labels, customer_order, address_labels) = {
        use crate::attributes::{model::EntityType, repo, system::form_labels};
        let mut conn = state.db.pool.acquire().await?;
        let mut both = repo::all_system_overrides(&mut conn).await?;
        let customer = both.remove(&EntityType::Customer).unwrap_or_default();
        let address = both.remove(&EntityType::Address).unwrap_or_default();
        (
            form_labels(&customer, at.store),
            customer
                .iter()
                .filter_map(|(code, o)| o.sort_order.map(|s| (code.clone(), s)))
                .collect(),
            form_labels(&address, at.store),
        )
    };
    Ok(FormRules {
        customer_labels,
        customer_order,
        address_labels,
        prefix: c.get(ADDRESS_PREFIX_SHOW, at).await?,
        prefix_options: dropdown_options(&c.get(ADDRESS_PREFIX_OPTIONS, at).await?),
        middlename: c.get(ADDRESS_MIDDLENAME_SHOW, at).await?,
        suffix: c.get(ADDRESS_SUFFIX_SHOW, at).await?,
        suffix_options: dropdown_options(&c.get(ADDRESS_SUFFIX_OPTIONS, at).await?),
        dob: c.get(ADDRESS_DOB_SHOW, at).await?,
        taxvat: c.get(ADDRESS_TAXVAT_SHOW, at).await?,
        gender: c.get(ADDRESS_GENDER_SHOW, at).await?,
        telephone: c.get(ADDRESS_TELEPHONE_SHOW, at).await?,
        company: c.get(ADDRESS_COMPANY_SHOW, at).await?,
        fax: c.get(ADDRESS_FAX_SHOW, at).await?,
        street_lines: c.get(ADDRESS_STREET_LINES, at).await?.clamp(1, 4) as usize,
        assistance_title: configured(
            c.get(LOGIN_AS_CUSTOMER_CHECKBOX_TITLE, at).await?,
            LOGIN_AS_CUSTOMER_CHECKBOX_TITLE,
        ),
        assistance_tooltip: configured(
            c.get(LOGIN_AS_CUSTOMER_CHECKBOX_TOOLTIP, at).await?,
            LOGIN_AS_CUSTOMER_CHECKBOX_TOOLTIP,
        ),
    })
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today(state: &AppState) -> String {
    iso_date(state.clock.now().div_euclid(86_400))
}

/// Websites with their store views (default first), groups, default group, rules.
pub async fn form_options(state: &AppState) -> Result<FormOptions, AppError> {
    let mut websites: Vec<WebsiteChoice> = Vec::new();
    for (id, name, store) in repo::active_store_views(&state.db).await? {
        match websites.last_mut() {
            Some(w) if w.id == id => w.stores.push(store),
            _ => websites.push(WebsiteChoice {
                id,
                name,
                stores: vec![store],
            }),
        }
    }
    let mut rules_by_website = std::collections::BTreeMap::new();
    for w in &websites {
        rules_by_website.insert(w.id, rules(state, w.id).await?);
    }
    let groups = crate::groups::repo::list(&state.db)
        .await?
        .into_iter()
        .filter(|g| g.id > 0)
        .map(|g| (g.id, g.code))
        .collect();
    Ok(FormOptions {
        websites,
        groups,
        default_group: state
            .config
            .get(CREATE_ACCOUNT_DEFAULT_GROUP, At::default_scope())
            .await?,
        rules: rules_by_website,
        today: today(state),
        attributes: crate::attributes::service::fields(
            state,
            crate::attributes::model::EntityType::Customer,
            None,
            None,
        )
        .await?,
        address_attributes: crate::attributes::service::fields(
            state,
            crate::attributes::model::EntityType::Address,
            None,
            None,
        )
        .await?,
    })
}

/// The most sessions the Customer View tab lists.
const SESSIONS_SHOWN: i64 = 20;

/// A saved customer for the edit page (country names in the language at `locale`).
pub async fn load(state: &AppState, id: i64, locale: usize) -> Result<CustomerDetail, AppError> {
    let stored = repo::load(&state.db.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found(Key::CustomerNumbered, id))?;
    let now = state.clock.now();
    let website = stored.input.website_id;
    let confirm_required = state
        .config
        .get(CREATE_ACCOUNT_CONFIRM, At::website(website))
        .await?;
    // Online: active on the storefront within the Now Online window, in any browser.
    let online = crate::online::service::customer_online(state, id).await?;
    let idle = crate::accounts::service::idle_limit(state).await?;
    let sessions = repo::live_sessions(&state.db, id, now, idle, SESSIONS_SHOWN).await?;
    let (_, default_billing) = crate::address_format::printed_default(
        state,
        id,
        DefaultKind::Billing,
        At::website(website),
        locale,
    )
    .await?;
    let subscribed = repo::subscribed_websites(&state.db, id).await?;
    let newsletter = crate::stores::repo::list_websites(&state.db)
        .await?
        .into_iter()
        .map(|(website_id, website_name)| NewsletterChoice {
            subscribed: subscribed.contains(&website_id),
            website_id,
            website_name,
        })
        .collect();
    let fields = crate::attributes::service::fields(
        state,
        crate::attributes::model::EntityType::Customer,
        None,
        None,
    )
    .await?;
    let custom = crate::attributes::service::read(
        &mut *state.db.pool.acquire().await?,
        crate::attributes::model::EntityType::Customer,
        id,
        &fields,
    )
    .await?;
    Ok(CustomerDetail {
        input: CustomerInput {
            newsletter,
            custom,
            ..stored.input
        },
        summary: CustomerSummary {
            last_login_at: stored.last_login_at,
            last_logout_at: stored.last_logout_at,
            online,
            locked_until: stored.lock_expires.filter(|&t| t > now),
            confirmation: if stored.confirmation_pending {
                Confirmation::Required
            } else if confirm_required {
                Confirmation::Confirmed
            } else {
                Confirmation::NotRequired
            },
            created_at: stored.created_at,
            created_in: stored.created_in,
            group_name: stored.group_name,
            website_name: stored.website_name,
            default_billing,
            has_password: stored.has_password,
            sessions,
        },
    })
}

/// The database-free checks plus the ones that need the option lists.
fn check(input: &CustomerInput, options: &FormOptions) -> FieldErrors {
    let rules = options.rules_for(input.website_id);
    let mut errors = input.validate(&rules, options.today());
    let website = options.websites.iter().find(|w| w.id == input.website_id);
    if website.is_none() && !errors.contains_key("website_id") {
        errors.insert("website_id".into(), Key::ErrNoSuchWebsite.into());
    }
    if !options.groups.iter().any(|(id, _)| *id == input.group_id)
        && !errors.contains_key("group_id")
    {
        errors.insert("group_id".into(), Key::ErrNoSuchGroup.into());
    }
    if let (None, Some(store), Some(w)) = (input.id, input.send_welcome_from, website) {
        if !w.stores.iter().any(|(id, _)| *id == store) {
            errors.insert("send_welcome_from".into(), Key::ErrStoreNotInWebsite.into());
        }
    }
    for choice in &input.newsletter {
        if !options.websites.iter().any(|w| w.id == choice.website_id) {
            errors.insert("newsletter".into(), Key::ErrNoSuchWebsite.into());
        }
    }
    if let Err(custom) = crate::attributes::rules::check_values(&options.attributes, &input.custom)
    {
        errors.extend(custom);
    }
    errors
}

/// A customer write the database refused: the group was deleted meanwhile, or another
/// account took the email meanwhile.
fn refused_write(e: sqlx::Error) -> AppError {
    AppError::gone_or_unique(e, "group_id", Key::ErrNoSuchGroup, "email", EMAIL_TAKEN)
}

/// Create or update a customer. A new customer gets the "welcome without password"
/// email with a link to set a password (admin-created accounts start without one).
pub async fn save(
    state: &AppState,
    actor: &Actor,
    input: &CustomerInput,
) -> Result<CustomerSaved, AppError> {
    let options = form_options(state).await?;
    let errors = check(input, &options);
    if !errors.is_empty() {
        return Err(AppError::Validation { fields: errors });
    }
    let email = Email::parse(&input.email).map_err(|e| AppError::field("email", e))?;
    // Checked above: the values as stored.
    let custom = crate::attributes::service::check(&options.attributes, &input.custom)?;
    let global = state
        .config
        .get(ACCOUNT_SHARE_SCOPE, At::default_scope())
        .await?
        == 0;
    let subscribed = match input.id {
        Some(id) => repo::subscribed_websites(&state.db, id).await?,
        None => Vec::new(),
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let scope = (!global).then_some(input.website_id);
    if crate::customers::repo::email_taken(&mut tx, email.as_str(), scope, input.id.unwrap_or(0))
        .await?
    {
        return Err(AppError::field("email", EMAIL_TAKEN));
    }
    let mut welcome = None;
    let mut before: Fields = Vec::new();
    let mut after_input = CustomerInput {
        email: email.as_str().to_string(),
        custom: custom.clone(),
        ..input.clone()
    };
    let (id, version) = match input.id {
        None => {
            let store = match input.send_welcome_from {
                Some(store) => store,
                None => repo::default_store(&mut tx, input.website_id)
                    .await?
                    .ok_or_else(|| AppError::field("website_id", Key::ErrWebsiteWithoutStore))?,
            };
            let (store_name, store_website) = repo::store_view(&mut tx, store)
                .await?
                .ok_or_else(|| AppError::field("send_welcome_from", Key::ErrNoSuchStoreView))?;
            let id = repo::insert(&mut tx, input, email.as_str(), store, &store_name, now)
                .await
                .map_err(refused_write)?;
            let token = new_token();
            repo::set_reset_token(&mut tx, id, &token_hash(&token), now).await?;
            welcome = Some((token, store_name, At::store(store_website, store)));
            (id, 1)
        }
        Some(id) => {
            if let Some(stored) = repo::load(&mut *tx, id).await? {
                // Without the right to change the consent, it stays as it was.
                after_input.assistance_allowed =
                    input.assistance_allowed.or(stored.input.assistance_allowed);
                let stored_input = CustomerInput {
                    custom: crate::attributes::service::read(
                        &mut tx,
                        crate::attributes::model::EntityType::Customer,
                        id,
                        &options.attributes,
                    )
                    .await?,
                    ..stored.input
                };
                before = stored_input.logged_fields(&subscribed);
            }
            match repo::update(&mut tx, input, id, email.as_str(), now)
                .await
                .map_err(refused_write)?
            {
                Some(version) => (id, version),
                None if repo::exists(&mut tx, id).await? => return Err(AppError::Conflict),
                None => return Err(AppError::not_found(Key::CustomerNumbered, id)),
            }
        }
    };
    for choice in &input.newsletter {
        if choice.subscribed != subscribed.contains(&choice.website_id) {
            repo::set_subscription(&mut tx, id, choice.website_id, choice.subscribed, now).await?;
        }
    }
    crate::attributes::service::write(
        &mut tx,
        state,
        &crate::files::service::Uploader::of_admin(actor),
        crate::attributes::model::EntityType::Customer,
        id,
        &crate::attributes::rules::submitted(&options.attributes, &input.custom),
        &custom,
    )
    .await?;
    index::refresh_one(&mut tx, id).await?;
    // Websites the form does not list keep their subscription.
    let mut subscribed_after = subscribed.clone();
    for choice in &input.newsletter {
        subscribed_after.retain(|w| *w != choice.website_id);
        if choice.subscribed {
            subscribed_after.push(choice.website_id);
        }
    }
    let changes = diff(&before, &after_input.logged_fields(&subscribed_after));
    let entry = NewEntry {
        entity: Entity::Customer,
        entity_id: &id.to_string(),
        item: email.as_str(),
        action: if input.id.is_some() {
            Action::Update
        } else {
            Action::Create
        },
        customer_id: Some(id),
        changes: &changes,
    };
    action_log::record(&mut tx, actor, entry, now).await?;
    tx.commit().await?;

    let mut warning = None;
    if let Some((token, store, at)) = welcome {
        // Written in the language of the store view the email is sent from (English if
        // that cannot be read: the customer is saved already).
        let locale = state.config.get(LOCALE_CODE, at).await.unwrap_or_default();
        let name = format!("{} {}", input.firstname.trim(), input.lastname.trim());
        let to = templates::Recipient {
            email: email.as_str(),
            name: &name,
            store: &store,
            base_url: state.settings.base_url(),
            locale: crate::i18n::Locale::from_code(&locale),
        };
        let email = templates::welcome_no_password(&to, &token);
        let sent = async {
            let email = crate::email_templates::service::personalize(state, email, at).await?;
            mail::send(state, email).await
        };
        if sent.await.is_err() {
            warning = Some(Key::WelcomeNotSent.into());
        }
    }
    Ok(CustomerSaved {
        id,
        version,
        warning,
    })
}

/// Delete a customer (their addresses and subscriptions go with them).
pub async fn delete(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    let stored = repo::load(&mut *tx, id)
        .await?
        .ok_or_else(|| AppError::not_found(Key::CustomerNumbered, id))?;
    if !repo::delete(&mut tx, id).await? {
        return Err(AppError::not_found(Key::CustomerNumbered, id));
    }
    let changes = diff(&stored.input.logged_fields(&[]), &[]);
    let entry = NewEntry {
        entity: Entity::Customer,
        entity_id: &id.to_string(),
        item: &stored.input.email,
        action: Action::Delete,
        customer_id: Some(id),
        changes: &changes,
    };
    action_log::record(&mut tx, actor, entry, state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// An entry of an action on customer `id` that changes no field (its email, read in
/// the transaction, names it).
async fn record_action(
    tx: &mut crate::db::Tx<'_>,
    actor: &Actor,
    id: i64,
    action: Action,
    now: i64,
) -> Result<(), AppError> {
    let email = repo::load(&mut **tx, id)
        .await?
        .map(|s| s.input.email)
        .unwrap_or_default();
    let entry = NewEntry {
        entity: Entity::Customer,
        entity_id: &id.to_string(),
        item: &email,
        action,
        customer_id: Some(id),
        changes: &[],
    };
    action_log::record(tx, actor, entry, now).await
}

/// Clear the lock and failure counter (the Unlock button).
pub async fn unlock(state: &AppState, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    if !repo::unlock(&mut tx, id, state.clock.now()).await? {
        return Err(AppError::not_found(Key::CustomerNumbered, id));
    }
    index::refresh_one(&mut tx, id).await?;
    record_action(&mut tx, actor, id, Action::Unlock, state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Email the customer a reset-password link (the Reset Password button); the admin never
/// sees a password. A new link replaces any earlier one.
///
/// Throttled as the storefront's "Forgot Your Password?" is, counting requests
/// by the admin's address and the customer's email.
pub async fn reset_password(state: &AppState, actor: &Actor, id: i64) -> Result<String, AppError> {
    let ip = actor.ip.as_str();
    let stored = repo::load(&state.db.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found(Key::CustomerNumbered, id))?;
    let c = &stored.input;
    let hours = state
        .config
        .get(
            PASSWORD_RESET_LINK_EXPIRATION_PERIOD,
            At::website(c.website_id),
        )
        .await?;
    let token = new_token();
    let limits = reset_throttle::limits(state, Some(c.website_id)).await?;
    let mut tx = state.db.begin().await?;
    reset_throttle::check_and_record(&mut tx, limits, &c.email, ip, state.clock.now()).await?;
    repo::set_reset_token(&mut tx, id, &token_hash(&token), state.clock.now()).await?;
    record_action(&mut tx, actor, id, Action::ResetPassword, state.clock.now()).await?;
    tx.commit().await?;
    // From the customer's store view, in its language (as the storefront's link is).
    let store = crate::accounts::service::account_store(state, id).await?;
    let name = format!("{} {}", c.firstname, c.lastname);
    let to = crate::accounts::emails::recipient(state, &c.email, &name, &store);
    crate::accounts::emails::send(state, &to, crate::accounts::emails::forgot(&token, hours))
        .await?;
    Ok(c.email.clone())
}
