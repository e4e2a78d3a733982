//! What the browser and the server share of the CAPTCHA: the forms it protects and a
//! challenge to show.

use crate::i18n::Key;
use serde::{Deserialize, Serialize};

/// The storefront forms the CAPTCHA can protect here (the configuration's Forms option
/// lists Magento's others too; those forms do not exist in this store).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CaptchaForm {
    /// Create an Account ("Create user"): always asked when selected.
    CreateUser,
    /// Customer Login: asked by the Displaying Mode.
    Login,
    /// Forgot Your Password?: always asked when selected.
    ForgotPassword,
    /// My Account → Account Information, changing the password ("Change password"):
    /// always asked when selected.
    ChangePassword,
}

impl CaptchaForm {
    pub const ALL: [CaptchaForm; 4] = [
        CaptchaForm::CreateUser,
        CaptchaForm::Login,
        CaptchaForm::ForgotPassword,
        CaptchaForm::ChangePassword,
    ];

    /// The form's code in the configuration's Forms option.
    pub fn code(self) -> &'static str {
        match self {
            CaptchaForm::CreateUser => "user_create",
            CaptchaForm::Login => "user_login",
            CaptchaForm::ForgotPassword => "user_forgotpassword",
            CaptchaForm::ChangePassword => "user_edit",
        }
    }
}

/// A CAPTCHA to answer: its picture is at [`Challenge::picture_url`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub token: String,
}

impl Challenge {
    pub fn picture_url(&self) -> String {
        format!("{PICTURE_PATH}/{}", self.token)
    }
}

/// What a form posted for its CAPTCHA: the challenge's token and the typed text
/// (either may be missing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub token: Option<String>,
    pub text: Option<String>,
}

/// Where the pictures are served.
pub const PICTURE_PATH: &str = "/captcha";

/// The form fields a CAPTCHA adds: the challenge's token and the typed answer.
pub const TOKEN_FIELD: &str = "captcha_token";
pub const ANSWER_FIELD: &str = "captcha";

/// The error of a wrong, expired or already used answer.
pub const INCORRECT: Key = Key::ErrCaptchaIncorrect;
