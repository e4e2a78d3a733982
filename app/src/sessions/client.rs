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
