//! The CAPTCHA field of a storefront form: the picture, a button for another one, and
//! the answer. It shows only when the form must be answered (the server says so when
//! the page is made, and again after each refused attempt), and it posts with the form
//! whether the page's script runs or not.

use super::api::captcha_challenge;
use super::model::{Answer, CaptchaForm, Challenge, ANSWER_FIELD, TOKEN_FIELD};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One form's CAPTCHA: the challenge the page was made with, any later one, and the
/// answer typed.
#[derive(Clone, Copy)]
pub struct Captcha {
    form: CaptchaForm,
    initial: Resource<Option<Challenge>>,
    replaced: RwSignal<Option<Option<Challenge>>>,
    /// The sign-in the login form's challenge was asked about.
    login: RwSignal<Option<String>>,
    pub answer: RwSignal<String>,
}

impl Captcha {
    /// The CAPTCHA of `form`, asked of the server with the page (for the login form,
    /// about the sign-in of `login`).
    pub fn new(form: CaptchaForm, login: Option<String>) -> Self {
        let asked = login.clone();
        let initial = Resource::new(
            || (),
            move |_| {
                let login = asked.clone();
                let call = crate::ui::page_data(captcha_challenge(form, login));
                async move { call.await.ok().flatten() }
            },
        );
        Captcha {
            form,
            initial,
            replaced: RwSignal::new(None),
            login: RwSignal::new(login),
            answer: RwSignal::new(String::new()),
        }
    }

    fn current(self) -> Option<Challenge> {
        self.replaced
            .get()
            .unwrap_or_else(|| self.initial.get().flatten())
    }

    /// The challenge's token, to send with the form.
    pub fn token(self) -> Option<String> {
        self.replaced
            .get_untracked()
            .unwrap_or_else(|| self.initial.get_untracked().flatten())
            .map(|c| c.token)
    }

    /// The typed answer, to send with the form.
    pub fn typed(self) -> Option<String> {
        Some(self.answer.get_untracked()).filter(|a| !a.trim().is_empty())
    }

    /// The token and the typed answer, to send with the form.
    pub fn posted(self) -> Answer {
        Answer {
            token: self.token(),
            text: self.typed(),
        }
    }

    /// After an attempt (a challenge is used once): a new picture if the form must
    /// still be answered (for the login form, about the sign-in of `login`).
    pub fn renew(self, login: Option<String>) {
        self.login.set(login.clone());
        spawn_local(async move {
            if let Ok(next) = captcha_challenge(self.form, login).await {
                self.replaced.set(Some(next));
                self.answer.set(String::new());
            }
        });
    }
}

/// The field, when the form must be answered, with the server's message about the
/// answer under it when the form keeps its errors by field (`errors`; forms without
/// show the message at their top).
#[component]
pub fn CaptchaField(
    captcha: Captcha,
    #[prop(optional)] errors: Option<RwSignal<crate::forms::FieldErrors>>,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let error = Signal::derive(move || {
        let locale = i18n.locale.get();
        errors.and_then(|e| e.with(|e| e.get(ANSWER_FIELD).map(|m| m.text(locale))))
    });
    let id = format!("captcha-{}", captcha.form.code());
    let reload = move |_| captcha.renew(captcha.login.get_untracked());
    // Until the page is live (and on a page sent without script, for good) a new picture
    // comes with the page loaded again: "Reload captcha" is then a link to this page.
    let live = crate::ui::use_hydrated();
    let location = leptos_router::hooks::use_location();
    let this_page = move || {
        let search = location.search.get();
        let query = if search.is_empty() { "" } else { "?" };
        format!("{}{query}{search}", location.pathname.get())
    };
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let id = id.clone();
                let error_id = format!("{id}-error");
                captcha.current().map(|challenge| view! {
                    <div class="field captcha">
                        <label for=id.clone()>
                            {t(Key::CaptchaLabel)} <span class="required" aria-hidden="true">" *"</span>
                        </label>
                        <div class="captcha-picture">
                            <img src=challenge.picture_url() alt=t(Key::CaptchaPictureAlt)
                                width="200" height="64" />
                            <button type="button" class="button-secondary" on:click=reload
                                hidden=move || !live.get()>
                                {t(Key::CaptchaReload)}
                            </button>
                            <a class="button-secondary" href=this_page hidden=move || live.get()>
                                {t(Key::CaptchaReload)}
                            </a>
                        </div>
                        <input id=id name=ANSWER_FIELD type="text" required
                            autocomplete="off" autocapitalize="off" spellcheck="false"
                            aria-invalid=move || error.get().is_some().then_some("true")
                            aria-describedby=error_id.clone()
                            bind:value=captcha.answer />
                        <p class="field-error" id=error_id>{move || error.get()}</p>
                        <input type="hidden" name=TOKEN_FIELD value=challenge.token.clone() />
                    </div>
                })
            }}
        </Suspense>
    }
}
