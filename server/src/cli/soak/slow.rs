//! Slow readers: admins on a bad connection start the customer export download or ask
//! for a 999-row grid page, then read the answer a few bytes at a time. Every slow
//! download keeps server resources busy (a task, buffers, an export slot) for as long as the
//! reader dawdles; the figure is what that does to everyone else, measured as `/healthz`
//! latency (goal: under 100 ms).
//!
//! Exports are capped per admin and per process (429 beyond): the readers use two
//! admins, and one turned away tries again a second later.
//!
//! The readers speak HTTP/1.1 by hand over a socket with a 4 KiB receive buffer: a
//! pooled client reads whole buffers and would hide the trickle from the server, which
//! must instead see its writes back up, as with a real slow phone.

use super::api::{self, ADMIN_COOKIE};
use super::client::{Call, Http, Visitor};
use super::stats::latency_fields;
use super::Admin;
use app::customers::grid::model::{Column, GridQuery};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Bytes per read, and the pause after each: about 3 KiB/s per reader.
const READ_CHUNK: usize = 64;
const READ_PAUSE: Duration = Duration::from_millis(20);
/// The readers' socket receive buffer (the kernel may round it up).
const RECV_BUFFER: u32 = 4096;
/// Time between two `/healthz` probes.
const PROBE_EVERY: Duration = Duration::from_millis(100);

/// What the slow readers got.
#[derive(Default)]
struct Trickle {
    bytes: u64,
    /// Answers by status code.
    statuses: BTreeMap<u16, u64>,
    /// Downloads read to their end within the time.
    completed: u64,
    errors: u64,
}

/// Run the slow readers and the probes; print the figures.
pub async fn run(
    http: &Http,
    url: &str,
    admins: &[Admin],
    backend: &str,
    duration: Duration,
    readers: usize,
) -> anyhow::Result<()> {
    let mut tokens = Vec::new();
    for admin in admins {
        tokens.push(sign_in(http, url, admin).await?);
    }
    let host = url.trim_start_matches("http://");
    let addr: SocketAddr = host.parse()?;

    let (mut before, _) = probe(http, url, Instant::now() + Duration::from_secs(2)).await;
    println!(
        "soak {backend} health_baseline probes={} {}",
        before.len(),
        latency_fields(&mut before)
    );

    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    let (mut exports, mut pages) = (0, 0);
    for i in 0..readers {
        let call = if i % 2 == 0 {
            exports += 1;
            // Every column: the widest rows the export writes.
            let query = GridQuery {
                columns: Column::ALL.to_vec(),
                ..GridQuery::default()
            };
            api::export(&query, if i % 4 == 0 { "csv" } else { "xml" })
        } else {
            pages += 1;
            api::grid(&GridQuery {
                size: 999,
                page: 1 + i as u32 / 2,
                columns: Column::ALL.to_vec(),
                ..GridQuery::default()
            })
        };
        let ip = format!("10.78.1.{}", i % 250 + 1);
        // Exports alternate between the admins (the server allows two each).
        let token = &tokens[i / 2 % tokens.len()];
        let request = raw_request(&call, host, token, &ip);
        tasks.push(tokio::spawn(slow_reader(addr, request, deadline)));
    }
    // Let every download get under way before measuring.
    tokio::time::sleep(Duration::from_secs(1).min(duration / 2)).await;
    let (mut during, failed) = probe(http, url, deadline).await;
    let mut trickle = Trickle::default();
    for task in tasks {
        let t = task.await?;
        trickle.bytes += t.bytes;
        trickle.completed += t.completed;
        trickle.errors += t.errors;
        for (status, n) in t.statuses {
            *trickle.statuses.entry(status).or_default() += n;
        }
    }
    let answers: Vec<String> = trickle
        .statuses
        .iter()
        .map(|(s, n)| format!("{s}:{n}"))
        .collect();
    println!(
        "soak {backend} health_under_slow_readers {} probes={} failed={failed} readers={readers} exports={exports} grid_pages={pages} answers={} completed={} reader_errors={} read_kib={}",
        latency_fields(&mut during),
        during.len(),
        if answers.is_empty() { "none".into() } else { answers.join(",") },
        trickle.completed,
        trickle.errors,
        trickle.bytes / 1024
    );
    Ok(())
}

/// Sign `admin` in; their session token.
async fn sign_in(http: &Http, url: &str, admin: &Admin) -> anyhow::Result<String> {
    let mut v = Visitor::new(&[url.to_string()], "10.78.0.1".into());
    let call = api::admin_sign_in(&admin.email, &admin.password);
    let reply = v
        .send(http, &call)
        .await
        .map_err(|f| anyhow::anyhow!("admin sign-in of {}: {f}", admin.email))?;
    anyhow::ensure!(
        reply.status.is_success(),
        "admin sign-in of {}: {} {}",
        admin.email,
        reply.status,
        reply.text()
    );
    v.cookie(ADMIN_COOKIE)
        .map(str::to_string)
        .ok_or_else(|| anyhow::anyhow!("no admin cookie for {}", admin.email))
}

/// `GET /healthz` every [`PROBE_EVERY`] until `until`: the latencies of the answers and
/// how many were not 200 (or never came).
async fn probe(http: &Http, url: &str, until: Instant) -> (Vec<Duration>, u64) {
    let mut v = Visitor::new(&[url.to_string()], "10.78.255.1".into());
    let mut latencies = Vec::new();
    let mut failed = 0;
    while Instant::now() < until {
        match v.send(http, &api::healthz()).await {
            Ok(reply) => {
                latencies.push(reply.elapsed);
                if !reply.status.is_success() {
                    failed += 1;
                }
            }
            Err(_) => failed += 1,
        }
        tokio::time::sleep(PROBE_EVERY).await;
    }
    (latencies, failed)
}

/// The request as bytes on the wire, with the admin cookie; the connection closes after
/// the answer.
fn raw_request(call: &Call, host: &str, token: &str, ip: &str) -> Vec<u8> {
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: clientele-soak-slow\r\n\
         Cookie: {ADMIN_COOKIE}={token}\r\nX-Forwarded-For: {ip}\r\nConnection: close\r\n",
        call.method, call.path
    );
    if call.method != http::Method::GET {
        head.push_str(&format!("{}: {}\r\n", api::CSRF_HEADER, api::CSRF_VALUE));
        head.push_str(&format!("Content-Length: {}\r\n", call.body.len()));
    }
    if let Some(content_type) = call.content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&call.body);
    bytes
}

/// Send `request` and read the answer at a trickle until it ends, then again, until
/// `deadline` (when the connection is dropped mid-answer, as a tired user would).
async fn slow_reader(addr: SocketAddr, request: Vec<u8>, deadline: Instant) -> Trickle {
    let mut t = Trickle::default();
    'downloads: while Instant::now() < deadline {
        let connected = async {
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.set_recv_buffer_size(RECV_BUFFER)?;
            let mut stream = socket.connect(addr).await?;
            stream.write_all(&request).await?;
            Ok::<_, std::io::Error>(stream)
        }
        .await;
        let Ok(mut stream) = connected else {
            t.errors += 1;
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        let mut buf = [0u8; READ_CHUNK];
        let mut head = Vec::new();
        let mut status = None;
        loop {
            if Instant::now() >= deadline {
                break 'downloads;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let read = tokio::time::timeout(left, stream.read(&mut buf)).await;
            let n = match read {
                Err(_) => break 'downloads,
                Ok(Err(_)) => {
                    t.errors += 1;
                    break;
                }
                Ok(Ok(0)) => {
                    t.completed += 1;
                    break;
                }
                Ok(Ok(n)) => n,
            };
            t.bytes += n as u64;
            if status.is_none() {
                head.extend_from_slice(&buf[..n]);
                if let Some(code) = status_code(&head) {
                    status = Some(code);
                    *t.statuses.entry(code).or_default() += 1;
                    if code == 429 {
                        // Too many downloads at once: try again in a moment, as a
                        // person would.
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue 'downloads;
                    }
                    if code != 200 {
                        // Not the download asked for: nothing slow to measure.
                        t.errors += 1;
                        break 'downloads;
                    }
                }
            }
            tokio::time::sleep(READ_PAUSE).await;
        }
    }
    t
}

/// `HTTP/1.1 200 OK\r\n…` → 200, once the status line is complete.
fn status_code(head: &[u8]) -> Option<u16> {
    let end = head.windows(2).position(|w| w == b"\r\n")?;
    let line = std::str::from_utf8(&head[..end]).ok()?;
    line.split(' ').nth(1)?.parse().ok()
}
