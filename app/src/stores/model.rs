//! Wire types for stores.

use serde::{Deserialize, Serialize};

/// One store view, with the names needed to show it in a switcher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreViewInfo {
    pub store_id: i64,
    pub code: String,
    pub name: String,
    pub website_id: i64,
    pub website_name: String,
    pub group_name: String,
}

/// What the storefront header needs: every active store view and the current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreContext {
    pub views: Vec<StoreViewInfo>,
    pub current: StoreViewInfo,
    /// Magento locale code of the current store view, e.g. `fr_FR`.
    pub locale: String,
    /// The customer signed in on this store view's website, if any.
    pub customer: Option<crate::accounts::model::SignedInCustomer>,
    /// How many days My Account's device copies are kept (then dropped unread).
    pub offline_copy_days: i64,
}
