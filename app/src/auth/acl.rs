//! The ACL resource tree an admin role picks from (Magento's Customers and Login as
//! Customer resources, plus the Dashboard, Stores and attribute nodes the admin menu
//! needs). Resource ids are Magento's, so roles read the same as in Magento.

/// One node of the resource tree.
#[derive(Debug)]
pub struct AclNode {
    pub id: &'static str,
    pub label: &'static str,
    pub children: &'static [AclNode],
}

pub const DASHBOARD: &str = "Magento_Backend::dashboard";
pub const CUSTOMERS: &str = "Magento_Customer::customer";
pub const CUSTOMERS_MANAGE: &str = "Magento_Customer::manage";
pub const CUSTOMERS_ACTIONS: &str = "Magento_Customer::actions";
pub const CUSTOMERS_DELETE: &str = "Magento_Customer::delete";
pub const CUSTOMERS_RESET_PASSWORD: &str = "Magento_Customer::reset_password";
pub const CUSTOMERS_INVALIDATE_TOKENS: &str = "Magento_Customer::invalidate_tokens";
pub const CUSTOMERS_ONLINE: &str = "Magento_Customer::online";
pub const CUSTOMER_GROUPS: &str = "Magento_Customer::group";
pub const SEGMENTS: &str = "Magento_CustomerSegment::customersegment";
pub const LOGIN_AS_CUSTOMER: &str = "Magento_LoginAsCustomer::login";
pub const LOGIN_AS_CUSTOMER_BUTTON: &str = "Magento_LoginAsCustomer::login_button";
pub const LOGIN_AS_CUSTOMER_LOG: &str = "Magento_LoginAsCustomer::login_log";
/// Editing a customer's "Allow remote shopping assistance" consent in the admin.
pub const ALLOW_SHOPPING_ASSISTANCE: &str = "Magento_LoginAsCustomer::allow_shopping_assistance";
/// The Outbox page's links in full (a development aid: they are live password links).
pub const MAIL_OUTBOX_LINKS: &str = "Clientele_Mail::outbox_links";
pub const STORES: &str = "Magento_Backend::stores";
pub const CONFIG: &str = "Magento_Config::config";
pub const CONFIG_CUSTOMER: &str = "Magento_Customer::config_customer";
pub const CONFIG_LOGIN_AS_CUSTOMER: &str = "Magento_LoginAsCustomer::config_section";
pub const CONFIG_STORE_EMAILS: &str = "Magento_Config::trans_email";
pub const SYSTEM: &str = "Magento_Backend::system";
pub const ACTION_LOG: &str = "Magento_Logging::magento_logging_events";
pub const MARKETING: &str = "Magento_Backend::marketing";
pub const EMAIL_TEMPLATES: &str = "Magento_Email::template";
pub const CUSTOMER_ATTRIBUTES: &str = "Magento_CustomerCustomAttributes::customer_attributes";
pub const ADDRESS_ATTRIBUTES: &str =
    "Magento_CustomerCustomAttributes::customer_address_attributes";

/// The whole tree, in menu order.
pub static ACL_TREE: &[AclNode] = &[
    AclNode {
        id: DASHBOARD,
        label: "Dashboard",
        children: &[],
    },
    AclNode {
        id: CUSTOMERS,
        label: "Customers",
        children: &[
            AclNode {
                id: CUSTOMERS_MANAGE,
                label: "All Customers",
                children: &[AclNode {
                    id: CUSTOMERS_ACTIONS,
                    label: "Actions",
                    children: &[
                        AclNode {
                            id: CUSTOMERS_DELETE,
                            label: "Delete",
                            children: &[],
                        },
                        AclNode {
                            id: CUSTOMERS_RESET_PASSWORD,
                            label: "Reset password",
                            children: &[],
                        },
                        AclNode {
                            id: CUSTOMERS_INVALIDATE_TOKENS,
                            label: "Invalidate tokens",
                            children: &[],
                        },
                    ],
                }],
            },
            AclNode {
                id: CUSTOMERS_ONLINE,
                label: "Now Online",
                children: &[],
            },
            AclNode {
                id: MAIL_OUTBOX_LINKS,
                label: "Outbox: show password and confirmation links",
                children: &[],
            },
            AclNode {
                id: CUSTOMER_GROUPS,
                label: "Customer Groups",
                children: &[],
            },
            AclNode {
                id: SEGMENTS,
                label: "Segments",
                children: &[],
            },
            AclNode {
                id: LOGIN_AS_CUSTOMER,
                label: "Login as Customer",
                children: &[
                    AclNode {
                        id: LOGIN_AS_CUSTOMER_BUTTON,
                        label: "Allow Login as Customer",
                        children: &[],
                    },
                    AclNode {
                        id: ALLOW_SHOPPING_ASSISTANCE,
                        label: "Allow remote shopping assistance",
                        children: &[],
                    },
                    AclNode {
                        id: LOGIN_AS_CUSTOMER_LOG,
                        label: "View Login as Customer Log",
                        children: &[],
                    },
                ],
            },
        ],
    },
    AclNode {
        id: MARKETING,
        label: "Marketing",
        children: &[AclNode {
            id: EMAIL_TEMPLATES,
            label: "Email Templates",
            children: &[],
        }],
    },
    AclNode {
        id: STORES,
        label: "Stores",
        children: &[
            AclNode {
                id: CONFIG,
                label: "Configuration",
                children: &[
                    AclNode {
                        id: CONFIG_CUSTOMER,
                        label: "Customers Section",
                        children: &[],
                    },
                    AclNode {
                        id: CONFIG_LOGIN_AS_CUSTOMER,
                        label: "Login as Customer Section",
                        children: &[],
                    },
                    AclNode {
                        id: CONFIG_STORE_EMAILS,
                        label: "Store Email Addresses Section",
                        children: &[],
                    },
                ],
            },
            AclNode {
                id: CUSTOMER_ATTRIBUTES,
                label: "Customer Attributes",
                children: &[],
            },
            AclNode {
                id: ADDRESS_ATTRIBUTES,
                label: "Customer Address Attributes",
                children: &[],
            },
        ],
    },
    AclNode {
        id: SYSTEM,
        label: "System",
        children: &[AclNode {
            id: ACTION_LOG,
            label: "Action Logs Report",
            children: &[],
        }],
    },
];

/// Every resource id in the tree, depth first.
pub fn all_resources() -> Vec<&'static str> {
    fn walk(nodes: &'static [AclNode], out: &mut Vec<&'static str>) {
        for node in nodes {
            out.push(node.id);
            walk(node.children, out);
        }
    }
    let mut out = Vec::new();
    walk(ACL_TREE, &mut out);
    out
}

/// The label of resource `id` ("All Customers"), if it is one of the tree's.
pub fn label_of(id: &str) -> Option<&'static str> {
    fn walk(nodes: &'static [AclNode], id: &str) -> Option<&'static str> {
        nodes.iter().find_map(|n| {
            (n.id == id)
                .then_some(n.label)
                .or_else(|| walk(n.children, id))
        })
    }
    walk(ACL_TREE, id)
}

/// Is `id` a resource of the tree?
pub fn is_resource(id: &str) -> bool {
    all_resources().contains(&id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_has_the_spec_resources_once_each() {
        let all = all_resources();
        for id in [
            CUSTOMERS_MANAGE,
            CUSTOMERS_DELETE,
            CUSTOMERS_RESET_PASSWORD,
            CUSTOMERS_INVALIDATE_TOKENS,
            CUSTOMERS_ONLINE,
            CUSTOMER_GROUPS,
            LOGIN_AS_CUSTOMER_BUTTON,
            LOGIN_AS_CUSTOMER_LOG,
            CONFIG_CUSTOMER,
            CONFIG_LOGIN_AS_CUSTOMER,
            CONFIG_STORE_EMAILS,
            EMAIL_TEMPLATES,
            ACTION_LOG,
        ] {
            assert_eq!(all.iter().filter(|r| **r == id).count(), 1, "{id}");
        }
        assert!(!is_resource("Magento_Customer::everything"));
        assert_eq!(label_of(CUSTOMERS_ONLINE), Some("Now Online"));
        assert_eq!(label_of("Magento_Customer::everything"), None);
    }
}
