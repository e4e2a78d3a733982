//! Uploaded files of File (attachment) and Image File attributes (spec §11.2): checked by
//! their content, kept outside the web root by a [`store::FileStore`], served only to
//! the customer they belong to and to admins, and deleted with their value, customer,
//! address or attribute.
//!
//! An upload is a `POST` of the file's bytes to [`crate::attributes::model::FILE_PATH`]
//! while a form is open; the form then carries `<token>/<file name>` as the attribute's
//! value, and saving the form attaches the upload to the customer (or address). An
//! upload nobody attached is deleted after a day.

#[cfg(feature = "hydrate")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod content;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod s3;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

/// What an upload answers: the value the form carries (`<token>/<file name>`), and
/// where to see the file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Uploaded {
    pub value: String,
    pub url: String,
}
