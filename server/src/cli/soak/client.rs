//! The HTTP side of the soak tool: one pooled hyper-util HTTP/1.1 client shared by every
//! virtual client, and the [`Visitor`] that plays one browser (its own network address
//! and cookie jar, and, with several servers, a load balancer's round robin).

use bytes::Bytes;
use http::{header, HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// One request, as [`super::api`] builds it; the visitor adds its headers.
#[derive(Clone, Debug)]
pub struct Call {
    pub method: Method,
    /// Path and query, e.g. `/api/admin/customers/grid`.
    pub path: String,
    pub content_type: Option<&'static str>,
    pub body: Bytes,
}

/// A complete answer: status, headers and the whole body, with the time from sending the
/// request to its last byte.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub elapsed: Duration,
}

impl Reply {
    /// The body as `T` (the server function's JSON answer).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> anyhow::Result<T> {
        serde_json::from_slice(&self.body)
            .map_err(|e| anyhow::anyhow!("unexpected answer ({e}): {}", self.text()))
    }

    /// The start of the body, for messages.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body[..self.body.len().min(300)]).into_owned()
    }
}

/// Why no complete answer arrived.
#[derive(Clone, Debug)]
pub enum Failure {
    /// No connection: the request never left.
    Connect(String),
    /// The request went out and the answer broke off (or never came): the server may
    /// or may not have acted on it.
    Lost(String),
    /// No complete answer in time (the server may still act on it).
    Timeout,
}

impl Failure {
    /// Short name, for counters.
    pub fn name(&self) -> &'static str {
        match self {
            Failure::Connect(_) => "connect",
            Failure::Lost(_) => "lost",
            Failure::Timeout => "timeout",
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Connect(why) => write!(f, "connection failed: {why}"),
            Failure::Lost(why) => write!(f, "answer lost: {why}"),
            Failure::Timeout => write!(f, "no answer in time"),
        }
    }
}

/// The error and its causes on one line (hyper's own message is only "client error").
fn describe(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The shared client: keep-alive connections pooled per server, like browsers keep them.
#[derive(Clone)]
pub struct Http {
    client: Client<HttpConnector, Full<Bytes>>,
    timeout: Duration,
}

impl Http {
    /// A client that gives up on an answer after `timeout`.
    pub fn new(timeout: Duration) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(Duration::from_secs(5)));
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(20))
            .build(connector);
        Http { client, timeout }
    }

    /// Send `req` and read the whole answer.
    pub async fn send(&self, req: Request<Full<Bytes>>) -> Result<Reply, Failure> {
        let started = Instant::now();
        let exchange = async {
            let response = self.client.request(req).await.map_err(|e| {
                if e.is_connect() {
                    Failure::Connect(describe(&e))
                } else {
                    Failure::Lost(describe(&e))
                }
            })?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|e| Failure::Lost(describe(&e)))?
                .to_bytes();
            Ok(Reply {
                status: parts.status,
                headers: parts.headers,
                body,
                elapsed: started.elapsed(),
            })
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .unwrap_or(Err(Failure::Timeout))
    }
}

/// One virtual browser: its `X-Forwarded-For` address, its cookies, and the servers it
/// reaches (in turn, when there are several: a load balancer without sticky sessions).
pub struct Visitor {
    bases: Vec<String>,
    turn: usize,
    pub ip: String,
    cookies: BTreeMap<String, String>,
    /// The `Accept-Encoding` it sends, if any ([`Visitor::accept_encoding`]).
    encodings: Option<&'static str>,
}

/// What Chromium sends as `Accept-Encoding`.
pub const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

impl Visitor {
    pub fn new(bases: &[String], ip: String) -> Self {
        Visitor {
            bases: bases.to_vec(),
            turn: 0,
            ip,
            cookies: BTreeMap::new(),
            encodings: None,
        }
    }

    /// Ask for compressed answers as a browser does (`encodings`, e.g.
    /// [`BROWSER_ENCODINGS`]), so what is timed includes the server's compression.
    pub fn accept_encoding(&mut self, encodings: &'static str) {
        self.encodings = Some(encodings);
    }

    /// Send `call` to the next server in turn.
    pub async fn send(&mut self, http: &Http, call: &Call) -> Result<Reply, Failure> {
        let server = self.turn % self.bases.len();
        self.turn = self.turn.wrapping_add(1);
        self.send_to(http, server, call).await
    }

    /// Send `call` to server number `server` (its position in `--url`).
    pub async fn send_to(
        &mut self,
        http: &Http,
        server: usize,
        call: &Call,
    ) -> Result<Reply, Failure> {
        let base = &self.bases[server % self.bases.len()];
        let mut req = Request::builder()
            .method(call.method.clone())
            .uri(format!("{base}{}", call.path))
            .header(header::USER_AGENT, "clientele-soak")
            .header(header::ACCEPT, "application/json")
            .header("x-forwarded-for", &self.ip);
        if let Some(encodings) = self.encodings {
            req = req.header(header::ACCEPT_ENCODING, encodings);
        }
        if call.method != Method::GET {
            req = req.header(super::api::CSRF_HEADER, super::api::CSRF_VALUE);
        }
        if let Some(content_type) = call.content_type {
            req = req.header(header::CONTENT_TYPE, content_type);
        }
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            req = req.header(header::COOKIE, jar.join("; "));
        }
        let req = req
            .body(Full::new(call.body.clone()))
            .map_err(|e| Failure::Connect(format!("bad request: {e}")))?;
        let reply = http.send(req).await?;
        self.remember(&reply.headers);
        Ok(reply)
    }

    /// Keep the cookies an answer sets, drop those it clears.
    fn remember(&mut self, headers: &HeaderMap) {
        for value in headers.get_all(header::SET_COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            let pair = value.split(';').next().unwrap_or_default();
            let Some((name, val)) = pair.split_once('=') else {
                continue;
            };
            let cleared = val.is_empty() || value.to_ascii_lowercase().contains("max-age=0");
            if cleared {
                self.cookies.remove(name.trim());
            } else {
                self.cookies
                    .insert(name.trim().to_string(), val.trim().to_string());
            }
        }
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_string(), value.to_string());
    }

    pub fn forget(&mut self, name: &str) {
        self.cookies.remove(name);
    }
}
