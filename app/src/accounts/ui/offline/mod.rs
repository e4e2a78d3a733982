//! My Account when the network drops: each page keeps a copy of what it last loaded on
//! the device (gloo-storage, per shopper), shows it with an "Offline — showing your
//! saved copy from …" banner when the server cannot be reached, and queues the changes
//! made meanwhile. The queue is replayed in order once the browser is back online; each
//! change carries the version it was made from, so a change made elsewhere meanwhile
//! comes back as a conflict for the shopper to settle, never silently overwritten or
//! dropped. Nothing secret is kept (no password, no session token: the session cookie
//! is HttpOnly), and everything is removed at sign-out.
//!
//! On the server every function here does nothing: the pages load in the browser.
//!
//! `device`: the copies kept on the device; `queue`: the changes waiting to be sent and
//! their replay; `views`: the banner, the queue status and the conflict panel.

mod device;
mod queue;
mod views;

pub use device::*;
pub use queue::*;
pub use views::*;

use super::{first_message, label};
use crate::accounts::api::{
    account_info, address_to_edit, delete_address, save_account_information, save_address,
};
use crate::accounts::model::{AccountEdit, AddressBook};
use crate::customers::address::model::AddressInput;
use crate::error::AppError;
use crate::i18n::{use_i18n, Key};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
