//! The server-function client used by every `#[server]` function of the app: the
//! browser's `fetch` client plus the CSRF header the server requires on every
//! state-changing request (see [`super::csrf`]). A page on another site cannot send
//! this header without a CORS preflight, which this server never grants.

use leptos::server_fn::client::browser::BrowserClient;
use leptos::server_fn::client::Client;
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::request::browser::BrowserRequest;
use leptos::server_fn::response::browser::BrowserResponse;
use std::future::Future;

/// Name of the header (lower case, as HTTP/2 sends it).
pub const CSRF_HEADER: &str = "x-clientele-csrf";

/// Name of the hidden field that carries the form token of a form posted before the
/// page's script has loaded (see `super::csrf`).
pub const FORM_TOKEN_FIELD: &str = "csrf_token";

/// `fetch` with the CSRF header added.
pub struct CsrfClient;

impl<E, I, O> Client<E, I, O> for CsrfClient
where
    E: FromServerFnError,
    I: FromServerFnError,
    O: FromServerFnError,
{
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    fn send(req: Self::Request) -> impl Future<Output = Result<Self::Response, E>> + Send {
        req.headers().set(CSRF_HEADER, "1");
        <BrowserClient as Client<E, I, O>>::send(req)
    }

    #[allow(clippy::type_complexity)]
    fn open_websocket(
        path: &str,
    ) -> impl Future<
        Output = Result<
            (
                impl futures::Stream<Item = Result<bytes::Bytes, bytes::Bytes>> + Send + 'static,
                impl futures::Sink<bytes::Bytes> + Send + 'static,
            ),
            E,
        >,
    > + Send {
        <BrowserClient as Client<E, I, O>>::open_websocket(path)
    }

    fn spawn(future: impl Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<E, I, O>>::spawn(future)
    }
}

/// The results of every server function: JSON, as `server_fn`'s own `Json`, read in the
/// browser from text (`serde_json::from_str`) instead of bytes. A page's resources
/// arrive in the page as JSON text and are read with `from_str`; with results read the
/// same way, the browser's bundle carries one deserializer per type instead of two
/// (one per reader): `#[server(…, output = crate::sessions::client::JsonText)]`.
pub type JsonText = leptos::server_fn::codec::Post<JsonTextEncoding>;

/// The encoding behind [`JsonText`].
pub struct JsonTextEncoding;

impl leptos::server_fn::ContentType for JsonTextEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl leptos::server_fn::FormatType for JsonTextEncoding {
    const FORMAT_TYPE: leptos::server_fn::Format = leptos::server_fn::Format::Text;
}

impl<T: serde::Serialize> leptos::server_fn::Encodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<bytes::Bytes, Self::Error> {
        serde_json::to_vec(output).map(bytes::Bytes::from)
    }
}

impl<T: serde::de::DeserializeOwned> leptos::server_fn::Decodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: bytes::Bytes) -> Result<T, Self::Error> {
        // The server writes UTF-8; anything else fails as JSON would.
        serde_json::from_str(&String::from_utf8_lossy(&bytes))
    }
}

#[cfg(test)]
mod tests {
    /// Every server function sends the CSRF header and answers through [`super::JsonText`]
    /// (one forgotten `output` brings back a second deserializer for its result type).
    #[test]
    fn every_server_function_uses_the_app_client_and_json_text() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (at, _) in text.match_indices("#[server(") {
                        let attribute = &text[at..at + text[at..].find(")]").unwrap()];
                        if attribute.contains("endpoint")
                            && !(attribute.contains("output = crate::sessions::client::JsonText")
                                && attribute
                                    .contains("client = crate::sessions::client::CsrfClient"))
                        {
                            found.push(format!("{}: {attribute}", path.display()));
                        }
                    }
                }
            }
        }
        let mut wrong = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut wrong,
        );
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
