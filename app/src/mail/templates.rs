//! The texts of the emails customers receive, as Magento's default templates word them
//! (plain text). Links are absolute, built on the store's public base URL.

use super::Email;
use crate::i18n::Locale;

/// What every customer email needs to know about its recipient and store.
pub struct Recipient<'a> {
    pub email: &'a str,
    pub name: &'a str,
    /// The store view's name, shown as the sender's store.
    pub store: &'a str,
    /// Public base URL of the storefront, without a trailing slash.
    pub base_url: &'a str,
    /// The store view's language (English, or French where written).
    pub locale: Locale,
}

/// An email to the recipient.
fn email(to: &Recipient<'_>, subject: String, body: String, template: &'static str) -> Email {
    Email {
        to_email: to.email.to_string(),
        to_name: to.name.to_string(),
        subject,
        body,
        template,
    }
}

/// The English or the French text, per the recipient's store view.
fn pick<'t>(to: &Recipient<'_>, en: &'t str, fr: &'t str) -> &'t str {
    if to.locale == Locale::Fr {
        fr
    } else {
        en
    }
}

/// The "set your password" link of a reset token.
pub fn password_link(base_url: &str, token: &str) -> String {
    format!("{base_url}/customer/account/createpassword?token={token}")
}

/// "Default Welcome Email Without Password": sent when an admin creates the account.
pub fn welcome_no_password(to: &Recipient<'_>, token: &str) -> Email {
    let link = password_link(to.base_url, token);
    email(
        to,
        format!("Welcome to {}", to.store),
        format!(
            "{name},\n\nWelcome to {store}.\n\nAn account was created for you with the email \
             {email}. To sign in, first set a password:\n\n{link}\n\nWhen you sign in you can \
             check your orders, manage your address book and update your details.\n\n{store}\n",
            name = to.name,
            store = to.store,
            email = to.email,
        ),
        "welcome_no_password",
    )
}

/// "Forgot Email Template" (also sent by the admin's Reset Password button).
pub fn reset_password(to: &Recipient<'_>, token: &str, hours: i64) -> Email {
    let link = password_link(to.base_url, token);
    let (subject, body) = match to.locale {
        Locale::Fr => (
            format!("Réinitialisez votre mot de passe {}", to.store),
            format!(
                "{name},\n\nUne demande de changement du mot de passe de votre compte a été faite.\n\n\
                 Si vous êtes à l'origine de cette demande, définissez un nouveau mot de passe ici :\n\n\
                 {link}\n\nLe lien ne sert qu'une fois et expire dans {hours} heure(s).\n\n\
                 Si vous n'avez rien demandé, ignorez cet e-mail : votre mot de passe reste le même.\n\n{store}\n",
                name = to.name,
                store = to.store,
            ),
        ),
        _ => (
            format!("Reset your {} password", to.store),
            format!(
                "{name},\n\nThere was recently a request to change the password for your account.\n\n\
                 If you requested this change, set a new password here:\n\n{link}\n\n\
                 The link works once and expires in {hours} hour(s).\n\n\
                 If you did not make this request, you can ignore this email and your password \
                 will remain the same.\n\n{store}\n",
                name = to.name,
                store = to.store,
            ),
        ),
    };
    email(to, subject, body, "reset_password")
}

/// The link of a confirmation key.
pub fn confirmation_link(base_url: &str, id: i64, key: &str) -> String {
    format!("{base_url}/customer/account/confirm?id={id}&key={key}")
}

/// "Confirmation Link Email" ("New account confirmation key").
pub fn confirmation(to: &Recipient<'_>, id: i64, key: &str) -> Email {
    let link = confirmation_link(to.base_url, id, key);
    let body = format!(
        "{name},\n\n{intro}\n\n{link}\n\n{store}\n",
        name = to.name,
        intro = pick(
            to,
            "You must confirm your email address before you can sign in (the link works once):",
            "Vous devez confirmer votre adresse e-mail avant de pouvoir vous connecter (le lien ne sert qu'une fois) :",
        ),
        store = to.store,
    );
    email(
        to,
        format!(
            "{} {}",
            pick(
                to,
                "Please confirm your account at",
                "Veuillez confirmer votre compte sur"
            ),
            to.store
        ),
        body,
        "confirmation",
    )
}

/// The welcome text shared by the default and the confirmed welcome emails.
fn welcome_email(to: &Recipient<'_>, template: &'static str) -> Email {
    let login = format!("{}/customer/account/login", to.base_url);
    let body = format!(
        "{name},\n\n{welcome} {store}.\n\n{how} {login}\n\n{what}\n\n{store}\n",
        name = to.name,
        welcome = pick(to, "Welcome to", "Bienvenue sur"),
        store = to.store,
        how = pick(
            to,
            "To sign in to our site, use your email address and password at",
            "Pour vous connecter, utilisez votre adresse e-mail et votre mot de passe sur",
        ),
        what = pick(
            to,
            "When you sign in to your account, you can check your orders, manage your address \
             book and update your details.",
            "Une fois connecté, vous pouvez suivre vos commandes, gérer votre carnet d'adresses \
             et mettre à jour vos informations.",
        ),
    );
    email(
        to,
        format!("{} {}", pick(to, "Welcome to", "Bienvenue sur"), to.store),
        body,
        template,
    )
}

/// "Default Welcome Email": a new account that needs no confirmation.
pub fn welcome(to: &Recipient<'_>) -> Email {
    welcome_email(to, "welcome")
}

/// "Welcome Email": sent once the confirmation link was followed.
pub fn welcome_confirmed(to: &Recipient<'_>) -> Email {
    welcome_email(to, "welcome_confirmed")
}

/// "Reset Password Template": the password was changed.
pub fn password_changed(to: &Recipient<'_>) -> Email {
    let body = format!(
        "{name},\n\n{text}\n\n{store}\n",
        name = to.name,
        text = pick(
            to,
            "We have received a request to change your password, and it is now changed. If you \
             did not make this change, contact the store at once.",
            "Votre mot de passe a été modifié à votre demande. Si vous n'êtes pas à l'origine de \
             ce changement, contactez le magasin immédiatement.",
        ),
        store = to.store,
    );
    email(
        to,
        format!(
            "{} {}",
            pick(
                to,
                "Your password was changed at",
                "Votre mot de passe a été modifié sur"
            ),
            to.store
        ),
        body,
        "password_changed",
    )
}

/// "Change Email Template" / "Change Email and Password Template": the sign-in email
/// (and the password) changed in Account Information. Sent to the old and the new
/// address.
pub fn credentials_changed(to: &Recipient<'_>, new_email: &str, password_too: bool) -> Email {
    let text = if password_too {
        pick(
            to,
            "We have received a request to change your email address and password. Your email \
             address is now",
            "Nous avons bien reçu votre demande de modification de votre adresse e-mail et de \
             votre mot de passe. Votre adresse e-mail est désormais",
        )
    } else {
        pick(
            to,
            "We have received a request to change your email address. Your email address is now",
            "Nous avons bien reçu votre demande de modification de votre adresse e-mail. Votre \
             adresse e-mail est désormais",
        )
    };
    let warning = pick(
        to,
        "If you did not make this change, contact the store at once.",
        "Si vous n'êtes pas à l'origine de ce changement, contactez le magasin immédiatement.",
    );
    let body = format!(
        "{name},\n\n{text} {new_email}.\n\n{warning}\n\n{store}\n",
        name = to.name,
        store = to.store,
    );
    let subject = if password_too {
        pick(
            to,
            "Your email and password were changed at",
            "Votre adresse e-mail et votre mot de passe ont été modifiés sur",
        )
    } else {
        pick(
            to,
            "Your email was changed at",
            "Votre adresse e-mail a été modifiée sur",
        )
    };
    let template = if password_too {
        "change_email_and_password"
    } else {
        "change_email"
    };
    email(to, format!("{subject} {}", to.store), body, template)
}
