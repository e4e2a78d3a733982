//! The texts of the emails customers receive, as Magento's default templates word them
//! (plain text). Links are absolute, built on the store's public base URL.

use super::Email;

/// What every customer email needs to know about its recipient and store.
pub struct Recipient<'a> {
    pub email: &'a str,
    pub name: &'a str,
    /// The store view's name, shown as the sender's store.
    pub store: &'a str,
    /// Public base URL of the storefront, without a trailing slash.
    pub base_url: &'a str,
}

/// The "set your password" link of a reset token.
pub fn password_link(base_url: &str, token: &str) -> String {
    format!("{base_url}/customer/account/createpassword?token={token}")
}

/// "Default Welcome Email Without Password": sent when an admin creates the account.
pub fn welcome_no_password(to: &Recipient<'_>, token: &str) -> Email {
    let link = password_link(to.base_url, token);
    Email {
        to_email: to.email.to_string(),
        to_name: to.name.to_string(),
        subject: format!("Welcome to {}", to.store),
        body: format!(
            "{name},\n\nWelcome to {store}.\n\nAn account was created for you with the email \
             {email}. To sign in, first set a password:\n\n{link}\n\nWhen you sign in you can \
             check your orders, manage your address book and update your details.\n\n{store}\n",
            name = to.name,
            store = to.store,
            email = to.email,
        ),
        template: "welcome_no_password",
    }
}

/// "Forgot Email Template" (also sent by the admin's Reset Password button).
pub fn reset_password(to: &Recipient<'_>, token: &str, hours: i64) -> Email {
    let link = password_link(to.base_url, token);
    Email {
        to_email: to.email.to_string(),
        to_name: to.name.to_string(),
        subject: format!("Reset your {} password", to.store),
        body: format!(
            "{name},\n\nThere was recently a request to change the password for your account.\n\n\
             If you requested this change, set a new password here:\n\n{link}\n\n\
             The link works once and expires in {hours} hour(s).\n\n\
             If you did not make this request, you can ignore this email and your password \
             will remain the same.\n\n{store}\n",
            name = to.name,
            store = to.store,
        ),
        template: "reset_password",
    }
}
