//! The texts of the emails customers receive, as Magento's default templates word them
//! (plain text), in each store-view language: English, French, Dutch (formal "u") and
//! Brazilian Portuguese ("você"). Each email has one `match` on the recipient's locale
//! giving its subject and body in that language, with `{placeholders}` that [`render`]
//! fills in. Links are absolute, built on the store's public base URL.

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
    /// The store view's language: every email is written in English, French, Dutch and
    /// Brazilian Portuguese.
    pub locale: Locale,
}

/// One email in one language: its subject and body, with `{placeholders}` for
/// [`render`] to fill in. `{name}`, `{store}` and `{email}` are the recipient's; the
/// others are given by the email.
struct Text {
    subject: &'static str,
    body: &'static str,
}

/// An email to the recipient.
fn email(
    to: &Recipient<'_>,
    subject: String,
    body: String,
    template: &'static str,
    vars: &[(&str, &str)],
) -> Email {
    Email {
        to_email: to.email.to_string(),
        to_name: to.name.to_string(),
        subject,
        body,
        template,
        vars: vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        from: None,
    }
}

/// `template` with each `{key}` of `vars` replaced by its value, in one pass: a value
/// holding braces (a customer's name, say) is copied as it is, never expanded. A `{`
/// that starts no known key stays as written.
fn render(template: &str, vars: &[(&str, &str)]) -> String {
    crate::i18n::fill(template, |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, value)| value.to_string())
    })
}

/// The email of `text` to the recipient: its `{name}`, `{store}` and `{email}` are the
/// recipient's, its other placeholders are filled from `vars`.
fn compose(to: &Recipient<'_>, text: Text, vars: &[(&str, &str)], template: &'static str) -> Email {
    let mut all = vec![("name", to.name), ("store", to.store), ("email", to.email)];
    all.extend_from_slice(vars);
    email(
        to,
        render(text.subject, &all),
        render(text.body, &all),
        template,
        &all,
    )
}

/// The "set your password" link of a reset token.
pub fn password_link(base_url: &str, token: &str) -> String {
    format!("{base_url}/customer/account/createpassword?token={token}")
}

/// "Default Welcome Email Without Password": sent when an admin creates the account.
pub fn welcome_no_password(to: &Recipient<'_>, token: &str) -> Email {
    let text = match to.locale {
        Locale::En => Text {
            subject: "Welcome to {store}",
            body: "{name},\n\nWelcome to {store}.\n\nAn account was created for you with the email \
                   {email}. To sign in, first set a password:\n\n{link}\n\nWhen you sign in you can \
                   check your orders, manage your address book and update your details.\n\n{store}\n",
        },
        Locale::Fr => Text {
            subject: "Bienvenue sur {store}",
            body: "{name},\n\nBienvenue sur {store}.\n\nUn compte a été créé pour vous avec l'adresse \
                   e-mail {email}. Pour vous connecter, définissez d'abord un mot de passe :\n\n\
                   {link}\n\nUne fois connecté, vous pouvez suivre vos commandes, gérer votre carnet \
                   d'adresses et mettre à jour vos informations.\n\n{store}\n",
        },
        Locale::Nl => Text {
            subject: "Welkom bij {store}",
            body: "{name},\n\nWelkom bij {store}.\n\nEr is een account voor u aangemaakt met het \
                   e-mailadres {email}. Om in te loggen stelt u eerst een wachtwoord in:\n\n{link}\n\n\
                   Wanneer u inlogt, kunt u uw bestellingen bekijken, uw adresboek beheren en uw \
                   gegevens bijwerken.\n\n{store}\n",
        },
        Locale::PtBr => Text {
            subject: "Bem-vindo a {store}",
            body: "{name},\n\nBem-vindo a {store}.\n\nUma conta foi criada para você com o e-mail \
                   {email}. Para fazer login, primeiro crie uma senha:\n\n{link}\n\nAo fazer login, \
                   você pode verificar seus pedidos, gerenciar seu catálogo de endereços e atualizar \
                   seus dados.\n\n{store}\n",
        },
    };
    let link = password_link(to.base_url, token);
    compose(to, text, &[("link", link.as_str())], "welcome_no_password")
}

/// "Forgot Email Template" (also sent by the admin's Reset Password button).
pub fn reset_password(to: &Recipient<'_>, token: &str, hours: i64) -> Email {
    let text = match to.locale {
        Locale::En => Text {
            subject: "Reset your {store} password",
            body: "{name},\n\nThere was recently a request to change the password for your account.\n\n\
                   If you requested this change, set a new password here:\n\n{link}\n\n\
                   The link works once and expires in {hours} hour(s).\n\n\
                   If you did not make this request, you can ignore this email and your password \
                   will remain the same.\n\n{store}\n",
        },
        Locale::Fr => Text {
            subject: "Réinitialisez votre mot de passe {store}",
            body: "{name},\n\nUne demande de changement du mot de passe de votre compte a été faite.\n\n\
                   Si vous êtes à l'origine de cette demande, définissez un nouveau mot de passe ici :\n\n\
                   {link}\n\nLe lien ne sert qu'une fois et expire dans {hours} heure(s).\n\n\
                   Si vous n'avez rien demandé, ignorez cet e-mail : votre mot de passe reste le même.\n\n{store}\n",
        },
        Locale::Nl => Text {
            subject: "Uw {store} wachtwoord resetten",
            body: "{name},\n\nEr was onlangs een aanvraag om het wachtwoord van uw account te wijzigen.\n\n\
                   Indien u deze wijziging heeft aangevraagd, kunt u hier een nieuw wachtwoord instellen:\n\n\
                   {link}\n\nDe link werkt één keer en verloopt over {hours} uur.\n\n\
                   Indien u deze aanvraag niet heeft ingediend, kunt u deze e-mail negeren en blijft uw \
                   wachtwoord ongewijzigd.\n\n{store}\n",
        },
        Locale::PtBr => Text {
            subject: "Redefinir sua senha {store}",
            body: "{name},\n\nRecentemente houve uma solicitação para alterar a senha da sua conta.\n\n\
                   Se você solicitou esta mudança, crie uma nova senha aqui:\n\n{link}\n\n\
                   O link só pode ser usado uma vez e expira em {hours} hora(s).\n\n\
                   Se você não fez esta solicitação, você pode ignorar este e-mail e sua senha \
                   permanecerá a mesma.\n\n{store}\n",
        },
    };
    let link = password_link(to.base_url, token);
    let hours = hours.to_string();
    compose(
        to,
        text,
        &[("link", link.as_str()), ("hours", hours.as_str())],
        "reset_password",
    )
}

/// The link of a confirmation key.
pub fn confirmation_link(base_url: &str, id: i64, key: &str) -> String {
    format!("{base_url}/customer/account/confirm?id={id}&key={key}")
}

/// "Confirmation Link Email" ("New account confirmation key").
pub fn confirmation(to: &Recipient<'_>, id: i64, key: &str) -> Email {
    let text = match to.locale {
        Locale::En => Text {
            subject: "Please confirm your account at {store}",
            body: "{name},\n\nYou must confirm your email address before you can sign in (the link \
                   works once):\n\n{link}\n\n{store}\n",
        },
        Locale::Fr => Text {
            subject: "Veuillez confirmer votre compte sur {store}",
            body: "{name},\n\nVous devez confirmer votre adresse e-mail avant de pouvoir vous connecter \
                   (le lien ne sert qu'une fois) :\n\n{link}\n\n{store}\n",
        },
        Locale::Nl => Text {
            subject: "Bevestig uw {store} account",
            body: "{name},\n\nBevestig uw e-mailadres om in te kunnen loggen (u kunt deze link slechts \
                   één keer gebruiken):\n\n{link}\n\n{store}\n",
        },
        Locale::PtBr => Text {
            subject: "Por favor, confirme a sua conta na {store}",
            body: "{name},\n\nVocê precisa confirmar seu endereço de e-mail antes de fazer login (o link \
                   só pode ser usado uma vez):\n\n{link}\n\n{store}\n",
        },
    };
    let link = confirmation_link(to.base_url, id, key);
    compose(to, text, &[("link", link.as_str())], "confirmation")
}

/// The welcome text shared by the default and the confirmed welcome emails.
fn welcome_email(to: &Recipient<'_>, template: &'static str) -> Email {
    let text = match to.locale {
        Locale::En => Text {
            subject: "Welcome to {store}",
            body: "{name},\n\nWelcome to {store}.\n\nTo sign in to our site, use your email address \
                   and password at {login}\n\nWhen you sign in to your account, you can check your \
                   orders, manage your address book and update your details.\n\n{store}\n",
        },
        Locale::Fr => Text {
            subject: "Bienvenue sur {store}",
            body: "{name},\n\nBienvenue sur {store}.\n\nPour vous connecter, utilisez votre adresse \
                   e-mail et votre mot de passe sur {login}\n\nUne fois connecté, vous pouvez suivre \
                   vos commandes, gérer votre carnet d'adresses et mettre à jour vos informations.\n\n\
                   {store}\n",
        },
        Locale::Nl => Text {
            subject: "Welkom bij {store}",
            body: "{name},\n\nWelkom bij {store}.\n\nOm in te loggen op onze website gebruikt u uw \
                   e-mailadres en wachtwoord op {login}\n\nWanneer u inlogt op uw account, kunt u uw \
                   bestellingen bekijken, uw adresboek beheren en uw gegevens bijwerken.\n\n{store}\n",
        },
        Locale::PtBr => Text {
            subject: "Bem-vindo a {store}",
            body: "{name},\n\nBem-vindo a {store}.\n\nPara fazer login em nosso site, use seu endereço \
                   de e-mail e sua senha em {login}\n\nAo fazer login na sua conta, você pode verificar \
                   seus pedidos, gerenciar seu catálogo de endereços e atualizar seus dados.\n\n{store}\n",
        },
    };
    let login = format!("{}/customer/account/login", to.base_url);
    compose(to, text, &[("login", login.as_str())], template)
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
    let text = match to.locale {
        Locale::En => Text {
            subject: "Your password was changed at {store}",
            body: "{name},\n\nWe have received a request to change your password, and it is now \
                   changed. If you did not make this change, contact the store at once.\n\n{store}\n",
        },
        Locale::Fr => Text {
            subject: "Votre mot de passe a été modifié sur {store}",
            body: "{name},\n\nVotre mot de passe a été modifié à votre demande. Si vous n'êtes pas à \
                   l'origine de ce changement, contactez le magasin immédiatement.\n\n{store}\n",
        },
        Locale::Nl => Text {
            subject: "Uw {store} wachtwoord is veranderd",
            body: "{name},\n\nWij hebben een verzoek ontvangen om uw wachtwoord te wijzigen, en het is \
                   nu gewijzigd. Als u deze wijziging niet zelf heeft aangevraagd, neem dan onmiddellijk \
                   contact op met de winkel.\n\n{store}\n",
        },
        Locale::PtBr => Text {
            subject: "Sua senha na {store} foi alterada",
            body: "{name},\n\nRecebemos uma solicitação para alterar sua senha, e ela já foi alterada. \
                   Se você não fez esta alteração, entre em contato com a loja imediatamente.\n\n\
                   {store}\n",
        },
    };
    compose(to, text, &[], "password_changed")
}

/// "Change Email Template" / "Change Email and Password Template": the sign-in email
/// (and the password) changed in Account Information. Sent to the old and the new
/// address.
pub fn credentials_changed(to: &Recipient<'_>, new_email: &str, password_too: bool) -> Email {
    let text = match (to.locale, password_too) {
        (Locale::En, true) => Text {
            subject: "Your email and password were changed at {store}",
            body: "{name},\n\nWe have received a request to change your email address and password. \
                   Your email address is now {new_email}.\n\nIf you did not make this change, contact \
                   the store at once.\n\n{store}\n",
        },
        (Locale::En, false) => Text {
            subject: "Your email was changed at {store}",
            body: "{name},\n\nWe have received a request to change your email address. Your email \
                   address is now {new_email}.\n\nIf you did not make this change, contact the store \
                   at once.\n\n{store}\n",
        },
        (Locale::Fr, true) => Text {
            subject: "Votre adresse e-mail et votre mot de passe ont été modifiés sur {store}",
            body: "{name},\n\nNous avons bien reçu votre demande de modification de votre adresse \
                   e-mail et de votre mot de passe. Votre adresse e-mail est désormais {new_email}.\n\n\
                   Si vous n'êtes pas à l'origine de ce changement, contactez le magasin \
                   immédiatement.\n\n{store}\n",
        },
        (Locale::Fr, false) => Text {
            subject: "Votre adresse e-mail a été modifiée sur {store}",
            body: "{name},\n\nNous avons bien reçu votre demande de modification de votre adresse \
                   e-mail. Votre adresse e-mail est désormais {new_email}.\n\nSi vous n'êtes pas à \
                   l'origine de ce changement, contactez le magasin immédiatement.\n\n{store}\n",
        },
        (Locale::Nl, true) => Text {
            subject: "Uw {store} e-mail en wachtwoord zijn veranderd",
            body: "{name},\n\nWij hebben een verzoek ontvangen om uw e-mailadres en wachtwoord te \
                   wijzigen. Uw e-mailadres is nu {new_email}.\n\nAls u deze wijziging niet zelf \
                   heeft aangevraagd, neem dan onmiddellijk contact op met de winkel.\n\n{store}\n",
        },
        (Locale::Nl, false) => Text {
            subject: "Uw {store} e-mail is veranderd",
            body: "{name},\n\nWij hebben een verzoek ontvangen om uw e-mailadres te wijzigen. Uw \
                   e-mailadres is nu {new_email}.\n\nAls u deze wijziging niet zelf heeft aangevraagd, \
                   neem dan onmiddellijk contact op met de winkel.\n\n{store}\n",
        },
        (Locale::PtBr, true) => Text {
            subject: "Seu e-mail e sua senha na {store} foram alterados",
            body: "{name},\n\nRecebemos uma solicitação para alterar seu endereço de e-mail e sua \
                   senha. Seu endereço de e-mail agora é {new_email}.\n\nSe você não fez esta \
                   alteração, entre em contato com a loja imediatamente.\n\n{store}\n",
        },
        (Locale::PtBr, false) => Text {
            subject: "Seu e-mail na {store} foi alterado",
            body: "{name},\n\nRecebemos uma solicitação para alterar seu endereço de e-mail. Seu \
                   endereço de e-mail agora é {new_email}.\n\nSe você não fez esta alteração, entre \
                   em contato com a loja imediatamente.\n\n{store}\n",
        },
    };
    let template = if password_too {
        "change_email_and_password"
    } else {
        "change_email"
    };
    compose(to, text, &[("new_email", new_email)], template)
}

/// The built-in subject and body of email `code` in `locale`, with its variables as
/// `{placeholders}` (Email Templates' "Load Default Template"), or `None` for no such
/// email. Made by writing the email to a recipient whose values are the placeholders
/// themselves, then putting the placeholders back into the links and numbers.
pub fn default_text(code: &str, locale: Locale) -> Option<(String, String)> {
    const TOKEN: &str = "\u{1}token";
    const HOURS: i64 = 987_654_321;
    let to = Recipient {
        email: "{email}",
        name: "{name}",
        store: "{store}",
        base_url: "",
        locale,
    };
    let email = match code {
        "welcome" => welcome(&to),
        "welcome_no_password" => welcome_no_password(&to, TOKEN),
        "confirmation" => confirmation(&to, 0, TOKEN),
        "welcome_confirmed" => welcome_confirmed(&to),
        "reset_password" => reset_password(&to, TOKEN, HOURS),
        "password_changed" => password_changed(&to),
        "change_email" => credentials_changed(&to, "{new_email}", false),
        "change_email_and_password" => credentials_changed(&to, "{new_email}", true),
        _ => return None,
    };
    let restore = |text: String| {
        text.replace(&password_link("", TOKEN), "{link}")
            .replace(&confirmation_link("", 0, TOKEN), "{link}")
            .replace(&HOURS.to_string(), "{hours}")
            .replace("/customer/account/login", "{login}")
    };
    Some((restore(email.subject), restore(email.body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://shop.example";

    fn recipient(locale: Locale) -> Recipient<'static> {
        Recipient {
            email: "jane@example.com",
            name: "Jane Doe",
            store: "Main Store",
            base_url: BASE,
            locale,
        }
    }

    /// Every email in `locale`, each with the text it must carry: its link, or for the
    /// emails without one the new address or the store.
    fn every_email(locale: Locale) -> Vec<(Email, String)> {
        let to = recipient(locale);
        let login = format!("{BASE}/customer/account/login");
        vec![
            (welcome_no_password(&to, "tok"), password_link(BASE, "tok")),
            (reset_password(&to, "tok", 2), password_link(BASE, "tok")),
            (
                confirmation(&to, 7, "k3y"),
                confirmation_link(BASE, 7, "k3y"),
            ),
            (welcome(&to), login.clone()),
            (welcome_confirmed(&to), login),
            (password_changed(&to), "Main Store".to_string()),
            (
                credentials_changed(&to, "new@example.com", false),
                "new@example.com".to_string(),
            ),
            (
                credentials_changed(&to, "new@example.com", true),
                "new@example.com".to_string(),
            ),
        ]
    }

    #[test]
    fn every_language_has_every_email_with_its_link() {
        for locale in Locale::ALL {
            for (email, must) in every_email(locale) {
                let what = format!("{locale:?} {}", email.template);
                assert_eq!(email.to_email, "jane@example.com", "{what}");
                assert_eq!(email.to_name, "Jane Doe", "{what}");
                assert!(email.body.contains(&must), "{what}: {}", email.body);
                assert!(
                    email.body.starts_with("Jane Doe,\n\n"),
                    "{what}: {}",
                    email.body
                );
                assert!(
                    email.body.ends_with("\n\nMain Store\n"),
                    "{what}: {}",
                    email.body
                );
                assert!(
                    email.subject.contains("Main Store"),
                    "{what}: {}",
                    email.subject
                );
                // Every placeholder was filled in.
                assert!(
                    !email.subject.contains(['{', '}']),
                    "{what}: {}",
                    email.subject
                );
                assert!(!email.body.contains(['{', '}']), "{what}: {}", email.body);
            }
            let to = recipient(locale);
            let body = welcome_no_password(&to, "tok").body;
            assert!(body.contains("jane@example.com"), "{locale:?}: {body}");
            let body = reset_password(&to, "tok", 5).body;
            assert!(body.contains(" 5 "), "{locale:?}: {body}");
        }
    }

    #[test]
    fn every_translation_differs_from_english() {
        let english = every_email(Locale::En);
        for locale in [Locale::Fr, Locale::Nl, Locale::PtBr] {
            for ((en, _), (other, _)) in english.iter().zip(every_email(locale)) {
                let what = format!("{locale:?} {}", other.template);
                assert_eq!(other.template, en.template, "{what}");
                assert_ne!(other.subject, en.subject, "{what}");
                assert_ne!(other.body, en.body, "{what}");
            }
        }
        // And from one another.
        let fr = every_email(Locale::Fr);
        let nl = every_email(Locale::Nl);
        let pt = every_email(Locale::PtBr);
        for ((fr, _), ((nl, _), (pt, _))) in fr.iter().zip(nl.iter().zip(pt.iter())) {
            assert!(fr.body != nl.body && nl.body != pt.body && fr.body != pt.body);
        }
    }

    #[test]
    fn the_english_text_is_as_before() {
        let to = recipient(Locale::En);
        let link = password_link(BASE, "tok");
        let e = welcome_no_password(&to, "tok");
        assert_eq!(e.subject, "Welcome to Main Store");
        assert_eq!(
            e.body,
            format!(
                "{name},\n\nWelcome to {store}.\n\nAn account was created for you with the email \
                 {email}. To sign in, first set a password:\n\n{link}\n\nWhen you sign in you can \
                 check your orders, manage your address book and update your details.\n\n{store}\n",
                name = to.name,
                store = to.store,
                email = to.email,
            )
        );

        let hours = 2;
        let e = reset_password(&to, "tok", hours);
        assert_eq!(e.subject, "Reset your Main Store password");
        assert_eq!(
            e.body,
            format!(
                "{name},\n\nThere was recently a request to change the password for your account.\n\n\
                 If you requested this change, set a new password here:\n\n{link}\n\n\
                 The link works once and expires in {hours} hour(s).\n\n\
                 If you did not make this request, you can ignore this email and your password \
                 will remain the same.\n\n{store}\n",
                name = to.name,
                store = to.store,
            )
        );

        let e = confirmation(&to, 7, "k3y");
        assert_eq!(e.subject, "Please confirm your account at Main Store");
        assert_eq!(
            e.body,
            format!(
                "Jane Doe,\n\nYou must confirm your email address before you can sign in (the link \
                 works once):\n\n{}\n\nMain Store\n",
                confirmation_link(BASE, 7, "k3y")
            )
        );

        let body = format!(
            "Jane Doe,\n\nWelcome to Main Store.\n\nTo sign in to our site, use your email address \
             and password at {BASE}/customer/account/login\n\nWhen you sign in to your account, you \
             can check your orders, manage your address book and update your details.\n\nMain Store\n"
        );
        for e in [welcome(&to), welcome_confirmed(&to)] {
            assert_eq!(e.subject, "Welcome to Main Store");
            assert_eq!(e.body, body);
        }

        let e = password_changed(&to);
        assert_eq!(e.subject, "Your password was changed at Main Store");
        assert_eq!(
            e.body,
            "Jane Doe,\n\nWe have received a request to change your password, and it is now \
             changed. If you did not make this change, contact the store at once.\n\nMain Store\n"
        );

        let e = credentials_changed(&to, "new@example.com", false);
        assert_eq!(e.subject, "Your email was changed at Main Store");
        assert_eq!(
            e.body,
            "Jane Doe,\n\nWe have received a request to change your email address. Your email \
             address is now new@example.com.\n\nIf you did not make this change, contact the store \
             at once.\n\nMain Store\n"
        );
        let e = credentials_changed(&to, "new@example.com", true);
        assert_eq!(
            e.subject,
            "Your email and password were changed at Main Store"
        );
        assert_eq!(
            e.body,
            "Jane Doe,\n\nWe have received a request to change your email address and password. \
             Your email address is now new@example.com.\n\nIf you did not make this change, \
             contact the store at once.\n\nMain Store\n"
        );
    }

    #[test]
    fn french_keeps_the_wording_the_registration_tests_read() {
        let to = recipient(Locale::Fr);
        assert_eq!(welcome(&to).subject, "Bienvenue sur Main Store");
        assert!(reset_password(&to, "tok", 2)
            .body
            .contains("Une demande de changement du mot de passe"));
    }

    #[test]
    fn values_are_copied_not_expanded() {
        let mut to = recipient(Locale::Nl);
        to.name = "{store} {x";
        let e = password_changed(&to);
        assert!(e.body.starts_with("{store} {x,\n\n"), "{}", e.body);
        assert_eq!(
            render("{a}{b} {c} {", &[("a", "{b}"), ("b", "1")]),
            "{b}1 {c} {"
        );
    }

    /// An email's code, the email as built, and the values of its own variables.
    type Case<'a> = (&'a str, Email, Vec<(&'a str, &'a str)>);

    #[test]
    fn each_default_text_filled_in_is_the_built_in_email() {
        for locale in Locale::ALL {
            let to = recipient(locale);
            let link = password_link(BASE, "abc");
            let confirm = confirmation_link(BASE, 7, "key9");
            let login = format!("{BASE}/customer/account/login");
            let cases: [Case; 4] = [
                (
                    "reset_password",
                    reset_password(&to, "abc", 3),
                    vec![("link", &link), ("hours", "3")],
                ),
                (
                    "confirmation",
                    confirmation(&to, 7, "key9"),
                    vec![("link", &confirm)],
                ),
                ("welcome", welcome(&to), vec![("login", &login)]),
                (
                    "change_email",
                    credentials_changed(&to, "new@example.com", false),
                    vec![("new_email", "new@example.com")],
                ),
            ];
            for (code, built, extra) in cases {
                let (subject, body) = default_text(code, locale).unwrap();
                let mut vars = vec![("name", to.name), ("store", to.store), ("email", to.email)];
                vars.extend(extra);
                assert_eq!(render(&subject, &vars), built.subject, "{code} {locale:?}");
                assert_eq!(render(&body, &vars), built.body, "{code} {locale:?}");
                assert!(!body.contains('\u{1}'), "{code}");
            }
        }
        assert_eq!(default_text("nope", Locale::En), None);
    }
}
