//! Every user-visible string goes through here.
//!
//! Strings are identified by [`Key`], declared once with its English text in [`en`].
//! The French, Dutch and Brazilian Portuguese catalogues translate every key (a test
//! names any key one of them misses; at run time a missing one would show English). The locale follows the store view
//! on the storefront (config `general/locale/code`) and the admin's own preference in
//! the admin.
//!
//! The server holds every catalogue; a bundle holds English only, and a page in another
//! language loads its catalogue as a file (`file`, `loaded`) before it hydrates.

mod en;
#[cfg(feature = "ssr")]
pub mod file;
#[cfg(feature = "ssr")]
mod fr;
#[cfg(not(feature = "ssr"))]
mod loaded;
mod message;
#[cfg(feature = "ssr")]
mod nl;
#[cfg(feature = "ssr")]
mod pt_br;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use en::Key;
pub use message::{fill, Arg, Message};

/// A supported interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Fr,
    Nl,
    PtBr,
}

impl Locale {
    /// Every locale, for pickers and tests.
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::Nl, Locale::PtBr];

    /// From a Magento locale code such as `fr_FR`; unknown codes mean English.
    pub fn from_code(code: &str) -> Self {
        let lang = code
            .split(['_', '-'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match lang.as_str() {
            "fr" => Locale::Fr,
            "nl" => Locale::Nl,
            "pt" => Locale::PtBr,
            _ => Locale::En,
        }
    }

    /// Position in [`Locale::ALL`] (the order of the directory's name columns).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Nl => "nl",
            Locale::PtBr => "pt-BR",
        }
    }
}

/// The text of `key` in `locale`, falling back to English.
pub fn tr(locale: Locale, key: Key) -> &'static str {
    translated(locale, key).unwrap_or_else(|| en::get(key))
}

/// The text of `key` in a language other than English, if it has one (in the browser:
/// once that language's catalogue has loaded).
#[cfg(feature = "ssr")]
fn translated(locale: Locale, key: Key) -> Option<&'static str> {
    match locale {
        Locale::En => None,
        Locale::Fr => fr::get(key),
        Locale::Nl => nl::get(key),
        Locale::PtBr => pt_br::get(key),
    }
}

#[cfg(not(feature = "ssr"))]
fn translated(locale: Locale, key: Key) -> Option<&'static str> {
    loaded::get(locale, key)
}

/// The catalogues' version, as the page names it: the server's own on the server, the
/// shell's `<meta name="clientele-catalogues">` in the browser.
pub fn catalogue_version() -> String {
    #[cfg(feature = "ssr")]
    return file::version().to_string();
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        if let Some(meta) = document()
            .query_selector("meta[name=clientele-catalogues]")
            .ok()
            .flatten()
        {
            return meta.get_attribute("content").unwrap_or_default();
        }
        String::new()
    }
}

/// Where the languages' files are served (`/i18n/fr.json`; `file::serve`).
pub const CATALOGUES_PATH: &str = "/i18n";

/// Where the browser loads `locale`'s catalogue from.
pub fn catalogue_url(locale: Locale) -> String {
    format!(
        "{CATALOGUES_PATH}/{}.json?v={}",
        locale.html_lang(),
        catalogue_version()
    )
}

/// Makes sure `locale`'s texts are here before anything shows them: a no-op on the
/// server and for English; in the browser, the first use of another language loads its
/// catalogue (a language switch awaits this before it changes the page).
pub async fn ensure(locale: Locale) {
    #[cfg(feature = "hydrate")]
    if !loaded::has(locale) {
        // The browser's fetch is not `Send`, a view's future must be: it runs on its
        // own task and reports back.
        let (done, arrived) = futures::channel::oneshot::channel();
        wasm_bindgen_futures::spawn_local(async move {
            loaded::fetch(locale).await;
            let _ = done.send(());
        });
        let _ = arrived.await;
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
}

/// The language the server wrote on `<html lang>`: the page's, before anything hydrates.
#[cfg(feature = "hydrate")]
pub fn page_locale() -> Locale {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .map(|lang| Locale::from_code(&lang))
        .unwrap_or_default()
}

/// A whole number as `locale` writes it: 1,234,567 (en), 1 234 567 (fr, with narrow
/// no-break spaces), 1.234.567 (nl, pt-BR).
pub fn format_number(locale: Locale, n: i64) -> String {
    let separator = match locale {
        Locale::En => ",",
        Locale::Fr => "\u{202f}",
        Locale::Nl | Locale::PtBr => ".",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// The current locale, provided once at the top of the app.
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// Reactive translation: re-renders when the locale changes.
    pub fn t(&self, key: Key) -> &'static str {
        tr(self.locale.get(), key)
    }
}

/// Provide the i18n context (called by the root component).
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(Locale::En),
    };
    provide_context(i18n);
    i18n
}

/// The document's language (`<html lang>`), written by each branch of a layout once it
/// knows the language its page speaks (the store view's, the admin's), so the page the
/// server sends says it (a screen reader reads a French page as French before the
/// script loads) and the browser follows a switch. One per page.
///
/// A page in another language than English also preloads its catalogue, so the browser
/// fetches it beside the wasm instead of after it (a page sent without script has no use
/// for it: the server wrote its words).
#[component]
pub fn DocumentLanguage(locale: Locale) -> impl IntoView {
    let scripted = !crate::ui::script::this_page_without();
    let preload = (locale != Locale::En && scripted).then(|| {
        view! {
            <leptos_meta::Link
                rel="preload"
                as_="fetch"
                crossorigin="anonymous"
                href=catalogue_url(locale)
            />
        }
    });
    view! {
        <leptos_meta::Html {..} lang=locale.html_lang() />
        {preload}
    }
}

/// The i18n context.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n {
        locale: RwSignal::new(Locale::En),
    })
}

/// Shorthand for a reactive string in `view!`: `{t(Key::SignIn)}`.
pub fn t(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

/// A label in the current language, fixed when the view is built (pages that change
/// language are built again).
pub fn text(key: Key) -> &'static str {
    tr(use_i18n().locale.get_untracked(), key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_locale() {
        assert_eq!(format_number(Locale::En, 1_234_567), "1,234,567");
        assert_eq!(
            format_number(Locale::Fr, 1_234_567),
            "1\u{202f}234\u{202f}567"
        );
        assert_eq!(format_number(Locale::Nl, -1234), "-1.234");
        assert_eq!(format_number(Locale::PtBr, 999), "999");
        assert_eq!(
            format_number(Locale::En, i64::MIN),
            "-9,223,372,036,854,775,808"
        );
    }

    #[test]
    fn locale_codes() {
        assert_eq!(Locale::from_code("fr_FR"), Locale::Fr);
        assert_eq!(Locale::from_code("pt_BR"), Locale::PtBr);
        assert_eq!(Locale::from_code("nl_NL"), Locale::Nl);
        assert_eq!(Locale::from_code("de_DE"), Locale::En);
    }

    #[test]
    fn keys_travel_by_name() {
        for key in Key::ALL {
            let json = serde_json::to_string(key).unwrap();
            assert_eq!(json, format!("\"{}\"", key.name()));
            assert_eq!(serde_json::from_str::<Key>(&json).unwrap(), *key);
        }
        let err = serde_json::from_str::<Key>("\"NoSuchKey\"").unwrap_err();
        assert!(
            err.to_string().contains("unknown text key “NoSuchKey”"),
            "{err}"
        );
        assert!(serde_json::from_str::<Key>("7").is_err());
    }

    #[test]
    fn translations_fall_back_to_english_per_key() {
        assert_eq!(tr(Locale::Fr, Key::SignIn), "Se connecter");
        assert_eq!(tr(Locale::En, Key::SignIn), "Sign In");
        // Every key resolves to non-empty text in every locale.
        for locale in Locale::ALL {
            for key in Key::ALL {
                assert!(!tr(locale, *key).is_empty(), "{locale:?} {key:?}");
            }
        }
    }

    #[test]
    fn every_shipped_language_translates_every_key() {
        // The product name stays as it is; every other key needs its own text in every
        // language (a missing one would show English to a French, Dutch or Brazilian
        // viewer).
        let untranslated: Vec<String> = [
            (Locale::Fr, fr::get as fn(Key) -> Option<&'static str>),
            (Locale::Nl, nl::get),
            (Locale::PtBr, pt_br::get),
        ]
        .into_iter()
        .flat_map(|(locale, get)| {
            Key::ALL
                .iter()
                .filter(move |key| **key != Key::AppName && get(**key).is_none())
                .map(move |key| format!("{locale:?} {}", key.name()))
        })
        .collect();
        assert!(
            untranslated.is_empty(),
            "untranslated keys: {untranslated:#?}"
        );
    }

    #[test]
    fn translations_keep_their_placeholders() {
        fn placeholders(text: &str) -> Vec<&str> {
            let mut found: Vec<&str> = text
                .match_indices('{')
                .filter_map(|(at, _)| text[at..].find('}').map(|end| &text[at..=at + end]))
                .collect();
            found.sort_unstable();
            found
        }
        for locale in [Locale::Fr, Locale::Nl, Locale::PtBr] {
            for key in Key::ALL {
                assert_eq!(
                    placeholders(tr(locale, *key)),
                    placeholders(tr(Locale::En, *key)),
                    "{locale:?} {}",
                    key.name()
                );
            }
        }
    }
}
