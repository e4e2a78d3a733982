//! Server calls that load a page's data during server rendering.
//!
//! On the server, Leptos walks a `<Suspense>`'s children more than once while it waits
//! for nested resources (leptos-rs/leptos#4688, #4866). A page under a layout whose
//! `<Outlet/>` sits inside a `<Suspense>` is therefore built several times, and each
//! build creates its resource again. The earlier builds' owners are disposed while
//! their server calls are still running; a call that then asks for the request's
//! context (the app state, the cookies) found none and failed. Its failure was still
//! sent to the browser under the resource id the browser uses, so the page hydrated an
//! error panel over the server's form and the wasm stopped.
//!
//! [`page_data`] gives the call its own owner holding the request's context, so every
//! build loads the same data, whichever of them the browser reads.

use std::future::Future;

/// Wrap the future of a page's server call (`Resource::new(|| (), |_| page_data(load()))`).
/// In the browser it is the call itself.
pub fn page_data<F>(call: F) -> impl Future<Output = F::Output> + Send + 'static
where
    F: Future + Send + 'static,
{
    #[cfg(feature = "ssr")]
    {
        scoped::RequestScoped::new(call)
    }
    #[cfg(not(feature = "ssr"))]
    {
        call
    }
}

#[cfg(feature = "ssr")]
mod scoped {
    use crate::state::AppState;
    use leptos::prelude::{provide_context, use_context, Owner};
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// A future polled inside an owner of its own that holds the request's context.
    pub struct RequestScoped<F> {
        owner: Owner,
        call: Pin<Box<F>>,
    }

    impl<F: Future> RequestScoped<F> {
        /// Copy the current request's context into an owner of the call's own.
        pub fn new(call: F) -> Self {
            let state = use_context::<AppState>();
            let parts = use_context::<http::request::Parts>();
            let response = use_context::<leptos_axum::ResponseOptions>();
            // A child of the current owner: it shares the request's arena, and keeps its
            // own copy of the context when the owners above it are disposed.
            let owner = Owner::new();
            owner.with(|| {
                if let Some(state) = state {
                    provide_context(state);
                }
                if let Some(parts) = parts {
                    provide_context(parts);
                }
                if let Some(response) = response {
                    provide_context(response);
                }
            });
            Self {
                owner,
                call: Box::pin(call),
            }
        }
    }

    impl<F: Future> Future for RequestScoped<F> {
        type Output = F::Output;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            let this = self.get_mut();
            this.owner.with(|| this.call.as_mut().poll(cx))
        }
    }
}
