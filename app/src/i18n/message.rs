//! A sentence for the viewer, sent as a catalogue key with its values, never as
//! English text: the server says *what* is wrong (`Key::ErrTooLong` with `label` and
//! `max`), and the browser (or a server-rendered page) words it in the viewer's
//! language.

use super::{tr, Key, Locale};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A catalogue key with the values of its `{placeholders}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub key: Key,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, Arg)>,
}

/// The value of one placeholder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Arg {
    /// Shown as it is (a name, an email, a code someone typed).
    Text(String),
    /// A whole number.
    Number(i64),
    /// Another catalogue entry, in the same language (a field's label).
    Label(Key),
}

impl Message {
    /// The message of `key` without values.
    pub fn new(key: Key) -> Self {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// "{label} is a required field."
    pub fn required(label: Key) -> Self {
        Message::new(Key::ErrRequiredNamed).with("label", label)
    }

    /// "{label} can't be longer than {max} characters."
    pub fn too_long(label: Key, max: usize) -> Self {
        Message::new(Key::ErrTooLong)
            .with("label", label)
            .with("max", max)
    }

    /// "{label} is not valid!"
    pub fn not_valid(label: Key) -> Self {
        Message::new(Key::ErrNotValidNamed).with("label", label)
    }

    /// The message with `{name}` filled with `value`.
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Self {
        self.args.push((name.to_string(), value.into()));
        self
    }

    /// The message in `locale`, every placeholder filled. Values are inserted once, so a
    /// value that itself contains `{…}` is shown as typed.
    pub fn text(&self, locale: Locale) -> String {
        fill(tr(locale, self.key), |name| {
            self.args
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, arg)| arg.text(locale))
        })
    }
}

/// `template` with each `{name}` replaced by `value(name)`; a placeholder without a value
/// stays as written. Values are inserted once, so a value that itself contains `{…}` is
/// shown as typed.
pub fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after
            .find('}')
            .and_then(|close| value(&after[..close]).map(|v| (v, close)));
        match filled {
            Some((value, close)) => {
                out.push_str(&value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl Arg {
    fn text(&self, locale: Locale) -> String {
        match self {
            Arg::Text(text) => text.clone(),
            Arg::Number(n) => super::format_number(locale, *n),
            Arg::Label(key) => tr(locale, *key).to_string(),
        }
    }
}

/// English, for logs, the command line and tests.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Locale::En))
    }
}

/// A message without values is its key.
impl PartialEq<Key> for Message {
    fn eq(&self, other: &Key) -> bool {
        self.key == *other && self.args.is_empty()
    }
}

/// Tests and logs compare with the English text.
impl PartialEq<&str> for Message {
    fn eq(&self, other: &&str) -> bool {
        self.text(Locale::En) == *other
    }
}

impl From<Key> for Message {
    fn from(key: Key) -> Self {
        Message::new(key)
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_string())
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(text.clone())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(i64::from(n))
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<Key> for Arg {
    fn from(key: Key) -> Self {
        Arg::Label(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_worded_in_the_viewers_language() {
        let message = Message::new(Key::ErrTooLong)
            .with("label", Key::LastName)
            .with("max", 255_usize);
        assert_eq!(message, "Last Name can't be longer than 255 characters.");
        let french = message.text(Locale::Fr);
        assert!(french.contains(tr(Locale::Fr, Key::LastName)), "{french}");
        assert!(french.contains("255"), "{french}");
        assert!(!french.contains('{'), "{french}");
    }

    #[test]
    fn values_are_inserted_as_typed() {
        let message = Message::new(Key::ErrNotFound).with("what", "{what} {max}");
        assert_eq!(message.text(Locale::En), "{what} {max} was not found.");
    }

    #[test]
    fn messages_cross_the_wire_as_keys() {
        let message = Message::new(Key::ErrTooLong)
            .with("label", Key::CityLabel)
            .with("max", 100_usize);
        let json = serde_json::to_string(&message).unwrap();
        assert!(
            json.contains("ErrTooLong") && !json.contains("longer"),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Message>(&json).unwrap(), message);
    }
}
