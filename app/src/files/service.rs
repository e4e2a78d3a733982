//! Uploads: who may make one, the checks by content, attaching one to the customer (or
//! address) a form saves, who may download one, and deleting the bytes of files gone.

use super::content::{sniff, Kind};
use super::repo;
pub use super::Uploaded;
use crate::attributes::model::{file_token, file_url, EntityType, FieldDef, InputType, Values};
use crate::attributes::rules::{check_upload, extension_of, field_key};
use crate::db::Tx;
use crate::error::AppError;
use crate::i18n::{Key, Message};
use crate::state::AppState;

/// How long an upload waits to be attached by a saved form.
pub const UNATTACHED_FOR: i64 = 24 * 3600;

/// Uploads one uploader may make in an hour.
pub const UPLOADS_PER_HOUR: i64 = 60;

/// Who uploads: an admin, a signed-in customer, or a visitor (registering) known by the
/// browser's form cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Uploader {
    Admin(i64),
    Customer(i64),
    /// The SHA-256 of the visitor's form cookie (see [`crate::sessions::csrf`]).
    Visitor(String),
}

impl Uploader {
    /// A visitor by their form cookie (`None` when the browser has none: nothing of
    /// theirs can be attached).
    pub fn visitor(form_cookie: Option<&str>) -> Uploader {
        Uploader::Visitor(
            form_cookie
                .map(crate::sessions::token::token_hash)
                .unwrap_or_default(),
        )
    }

    /// The admin behind `actor` (the command line, with no admin, has no uploads).
    pub fn of_admin(actor: &crate::action_log::service::Actor) -> Uploader {
        match actor.admin_id {
            Some(id) => Uploader::Admin(id),
            None => Uploader::Visitor(String::new()),
        }
    }

    /// As `customer_file.uploader` keeps it.
    pub fn key(&self) -> String {
        match self {
            Uploader::Admin(id) => format!("admin:{id}"),
            Uploader::Customer(id) => format!("customer:{id}"),
            Uploader::Visitor(hash) => format!("visitor:{hash}"),
        }
    }
}

/// Keep `bytes`, uploaded as `name` for `field` by `uploader`, once they pass the
/// attribute's rules: the name's extension, the size, the content matching the
/// extension (and never a page or a program), an image's width and height.
pub async fn upload(
    state: &AppState,
    uploader: &Uploader,
    field: &FieldDef,
    name: &str,
    bytes: &[u8],
) -> Result<Uploaded, AppError> {
    let refuse = |m: Message| AppError::field("file", m);
    let name = check_upload(field, name, bytes.len()).map_err(refuse)?;
    let sniffed = sniff(bytes);
    let expected = Kind::expected_for(&extension_of(&name));
    let matches = match expected {
        Some(kind) => sniffed.kind == kind,
        None => sniffed.kind != Kind::Active,
    };
    let wants_image = field.input == InputType::Image;
    if !matches || (wants_image && !sniffed.kind.is_image()) {
        return Err(refuse(
            Message::new(Key::ErrFileContent).with("name", name.as_str()),
        ));
    }
    if wants_image {
        let (w, h) = (sniffed.width.unwrap_or(0), sniffed.height.unwrap_or(0));
        let max_w = field
            .file
            .max_width
            .unwrap_or(crate::attributes::rules::MAX_IMAGE_SIDE);
        let max_h = field
            .file
            .max_height
            .unwrap_or(crate::attributes::rules::MAX_IMAGE_SIDE);
        if w > max_w || h > max_h {
            return Err(refuse(
                Message::new(Key::ErrImageTooLarge)
                    .with("width", i64::from(w))
                    .with("height", i64::from(h))
                    .with("max_width", i64::from(max_w))
                    .with("max_height", i64::from(max_h)),
            ));
        }
    }
    let now = state.clock.now();
    let key = uploader.key();
    if repo::count_since(&state.db, &key, now - 3600).await? >= UPLOADS_PER_HOUR {
        return Err(AppError::TooManyRequests { minutes: 60 });
    }
    let token = crate::sessions::token::new_token();
    state
        .files
        .put(&token, bytes)
        .await
        .map_err(AppError::internal)?;
    let recorded = repo::insert(
        &state.db,
        &repo::NewFile {
            token: &token,
            attribute_id: field.id,
            customer_id: match uploader {
                Uploader::Customer(id) => Some(*id),
                _ => None,
            },
            uploader: &key,
            file_name: &name,
            content_type: sniffed.kind.content_type(),
            size: bytes.len() as i64,
            width: sniffed.width,
            height: sniffed.height,
            created_at: now,
        },
    )
    .await;
    if let Err(e) = recorded {
        let _ = state.files.delete(&token).await;
        return Err(e.into());
    }
    let value = format!("{token}/{name}");
    Ok(Uploaded {
        url: file_url(&value),
        value,
    })
}

/// In the transaction saving customer (or address) `id`: attach the new uploads among
/// `values` (each must be `uploader`'s, for its attribute, not attached yet and less
/// than a day old) and delete the files they replace or a cleared value held. Values
/// of File attributes that did not change are left alone.
pub async fn attach_all(
    tx: &mut Tx<'_>,
    state: &AppState,
    uploader: &Uploader,
    entity: EntityType,
    id: i64,
    fields: &[FieldDef],
    values: &Values,
) -> Result<(), AppError> {
    let files: Vec<&FieldDef> = fields.iter().filter(|f| f.input.is_file()).collect();
    if files.is_empty() {
        return Ok(());
    }
    let customer = repo::owner(tx, entity, id).await?;
    let key = uploader.key();
    let not_before = state.clock.now() - UNATTACHED_FOR;
    for field in files {
        let old = repo::value(tx, entity, id, field.id).await?;
        let new = values.get(&field.code);
        if old.as_ref() == new {
            continue;
        }
        if let Some(new) = new {
            let attached = repo::attach(
                tx,
                file_token(new),
                crate::attributes::model::file_name(new),
                field.id,
                &key,
                not_before,
                entity,
                id,
                customer,
            )
            .await?;
            if !attached {
                return Err(AppError::field(
                    &field_key(&field.code),
                    Message::new(Key::ErrUploadAgain).with("label", field.label.as_str()),
                ));
            }
        }
        if let Some(old) = old {
            repo::remove(tx, file_token(&old), field.id, entity, id).await?;
        }
    }
    Ok(())
}

/// Who asks for a file.
pub struct Viewer {
    /// An admin who may manage customers.
    pub admin: bool,
    /// The signed-in customer.
    pub customer: Option<i64>,
    /// What they would have uploaded as (an upload not attached yet is theirs to see).
    pub uploaders: Vec<Uploader>,
}

/// A file to send.
pub struct Download {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// File `token` when `viewer` may see it: admins see every file, a customer their own,
/// an uploader their upload not attached yet. Anything else is "not found", whether it
/// exists or not.
pub async fn open(state: &AppState, viewer: &Viewer, token: &str) -> Result<Download, AppError> {
    let missing = || AppError::NotFound(Key::File.into());
    let file = repo::find(&state.db, token).await?.ok_or_else(missing)?;
    let allowed = viewer.admin
        || (file.customer_id.is_some() && file.customer_id == viewer.customer)
        || (!file.attached && viewer.uploaders.iter().any(|u| u.key() == file.uploader));
    if !allowed {
        return Err(missing());
    }
    let bytes = state
        .files
        .get(&file.token)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(missing)?;
    Ok(Download {
        file_name: file.file_name,
        content_type: file.content_type,
        bytes,
    })
}

/// Delete uploads never attached within a day, then the bytes of every file gone (with
/// its value, customer, address or attribute); how many files' bytes were deleted.
pub async fn sweep(state: &AppState) -> Result<usize, AppError> {
    repo::expire_unattached(&state.db, state.clock.now() - UNATTACHED_FOR).await?;
    let mut deleted = 0;
    loop {
        let tokens = repo::trash(&state.db, 500).await?;
        if tokens.is_empty() {
            return Ok(deleted);
        }
        for token in &tokens {
            state
                .files
                .delete(token)
                .await
                .map_err(AppError::internal)?;
            repo::forget(&state.db, token).await?;
            deleted += 1;
        }
    }
}

/// Sweep every minute, for the life of the process.
pub fn spawn_sweeper(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            if let Err(err) = sweep(&state).await {
                tracing::warn!(%err, "file sweep failed");
            }
        }
    });
}
