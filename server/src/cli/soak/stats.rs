//! Counting answers and printing the figure lines.
//!
//! Every request ends in one [`Outcome`]. A 429 is *throttled*: a per-address limit
//! doing its job, not an error. 4xx answers are kept apart from 5xx (goal: none) and
//! listed by kind and status, so an unexpected refusal is visible without being mistaken
//! for a server failure.

use super::client::{Failure, Reply};
use std::collections::BTreeMap;
use std::time::Duration;

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `q` quantile (nearest rank) of `sorted`, in milliseconds; `None` when empty.
pub fn nearest_rank(sorted: &[Duration], q: f64) -> Option<f64> {
    let n = sorted.len();
    (n > 0).then(|| ms(sorted[((n as f64 * q).ceil() as usize).clamp(1, n) - 1]))
}

/// 50th and 95th percentile (nearest rank) and maximum of `times`.
pub fn percentiles(times: &mut [Duration]) -> Option<(f64, f64, f64)> {
    times.sort_unstable();
    let p = |q: f64| nearest_rank(times, q);
    Some((p(0.50)?, p(0.95)?, ms(*times.last()?)))
}

/// `p50_ms=… p95_ms=… max_ms=…` (`-` when nothing was measured).
pub fn latency_fields(times: &mut [Duration]) -> String {
    match percentiles(times) {
        Some((p50, p95, max)) => format!("p50_ms={p50:.1} p95_ms={p95:.1} max_ms={max:.1}"),
        None => "p50_ms=- p95_ms=- max_ms=-".into(),
    }
}

/// How one request ended.
#[derive(Clone, Debug)]
pub enum Outcome {
    Ok,
    /// 429: a rate limit answered.
    Throttled,
    /// A 4xx other than 429, or a 200 that refused what was asked (an inline-edit row
    /// with errors): the reason, e.g. `422` or `row_error`.
    Refused(String),
    /// 5xx.
    ServerError(u16),
    /// No complete answer (connection refused, broken off, timed out).
    Network(&'static str),
}

impl Outcome {
    /// The outcome of an HTTP exchange by status alone.
    pub fn of(result: &Result<Reply, Failure>) -> Outcome {
        match result {
            Ok(reply) => {
                let status = reply.status.as_u16();
                match status {
                    200..=399 => Outcome::Ok,
                    429 => Outcome::Throttled,
                    400..=499 => Outcome::Refused(status.to_string()),
                    _ => Outcome::ServerError(status),
                }
            }
            Err(failure) => Outcome::Network(failure.name()),
        }
    }
}

/// The counters of one kind of request.
#[derive(Default)]
pub struct KindStats {
    /// Time to the last byte of every answer, whatever its status.
    pub latencies: Vec<Duration>,
    pub count: u64,
    pub ok: u64,
    pub throttled: u64,
    /// By reason (status code or `row_error`).
    pub refused: BTreeMap<String, u64>,
    /// By status code.
    pub server_errors: BTreeMap<u16, u64>,
    /// By failure (`connect`, `lost`, `timeout`).
    pub network: BTreeMap<&'static str, u64>,
}

impl KindStats {
    pub fn refused_total(&self) -> u64 {
        self.refused.values().sum()
    }
    pub fn server_errors_total(&self) -> u64 {
        self.server_errors.values().sum()
    }
    pub fn network_total(&self) -> u64 {
        self.network.values().sum()
    }
}

/// Counters per kind of request (`grid_read`, `sign_in`, …).
#[derive(Default)]
pub struct Stats {
    pub kinds: BTreeMap<&'static str, KindStats>,
}

impl Stats {
    /// Count one request of `kind`; `elapsed` when an answer arrived.
    pub fn record(&mut self, kind: &'static str, outcome: Outcome, elapsed: Option<Duration>) {
        let k = self.kinds.entry(kind).or_default();
        k.count += 1;
        if let Some(elapsed) = elapsed {
            k.latencies.push(elapsed);
        }
        match outcome {
            Outcome::Ok => k.ok += 1,
            Outcome::Throttled => k.throttled += 1,
            Outcome::Refused(reason) => *k.refused.entry(reason).or_default() += 1,
            Outcome::ServerError(status) => *k.server_errors.entry(status).or_default() += 1,
            Outcome::Network(what) => *k.network.entry(what).or_default() += 1,
        }
    }

    /// Count an exchange by its status (see [`Outcome::of`]).
    pub fn record_reply(&mut self, kind: &'static str, result: &Result<Reply, Failure>) {
        let elapsed = result.as_ref().ok().map(|r| r.elapsed);
        self.record(kind, Outcome::of(result), elapsed);
    }

    /// Add another client's counters.
    pub fn merge(&mut self, other: Stats) {
        for (kind, o) in other.kinds {
            let k = self.kinds.entry(kind).or_default();
            k.latencies.extend(o.latencies);
            k.count += o.count;
            k.ok += o.ok;
            k.throttled += o.throttled;
            for (reason, n) in o.refused {
                *k.refused.entry(reason).or_default() += n;
            }
            for (status, n) in o.server_errors {
                *k.server_errors.entry(status).or_default() += n;
            }
            for (what, n) in o.network {
                *k.network.entry(what).or_default() += n;
            }
        }
    }

    /// Answers of `kinds` refused with `reason` (e.g. 401s on calls that need a session).
    pub fn refused_with(&self, kinds: &[&str], reason: &str) -> u64 {
        self.kinds
            .iter()
            .filter(|(kind, _)| kinds.contains(kind))
            .map(|(_, k)| k.refused.get(reason).copied().unwrap_or(0))
            .sum()
    }
}

/// A finished load: the counters, how many clients, and how long it ran.
pub struct LoadReport {
    pub stats: Stats,
    pub clients: usize,
    pub elapsed: Duration,
}

impl LoadReport {
    /// One line per kind, the total, then the 4xx, 5xx and network-failure lists:
    ///
    /// ```text
    /// soak sqlite load_grid_read count=… ok=… err_5xx=… err_4xx=… throttled=… net_errors=… p50_ms=… p95_ms=… max_ms=…
    /// soak sqlite load_total clients=… seconds=… requests=… throughput_rps=… err_5xx=… err_4xx=… throttled=… net_errors=…
    /// soak sqlite load_4xx total=… sign_in.401=…
    /// soak sqlite load_5xx total=… register.500=…
    /// soak sqlite load_net total=… address_save.timeout=…
    /// ```
    pub fn print(mut self, backend: &str, prefix: &str) {
        let (mut answered, mut count, mut e5, mut e4, mut throttled, mut net) = (0, 0, 0, 0, 0, 0);
        let mut list_4xx = Vec::new();
        let mut list_5xx = Vec::new();
        let mut list_net = Vec::new();
        for (kind, k) in self.stats.kinds.iter_mut() {
            println!(
                "soak {backend} {prefix}_{kind} count={} ok={} err_5xx={} err_4xx={} throttled={} net_errors={} {}",
                k.count,
                k.ok,
                k.server_errors_total(),
                k.refused_total(),
                k.throttled,
                k.network_total(),
                latency_fields(&mut k.latencies)
            );
            answered += k.latencies.len() as u64;
            count += k.count;
            e5 += k.server_errors_total();
            e4 += k.refused_total();
            throttled += k.throttled;
            net += k.network_total();
            list_4xx.extend(k.refused.iter().map(|(r, n)| format!("{kind}.{r}={n}")));
            list_5xx.extend(
                k.server_errors
                    .iter()
                    .map(|(s, n)| format!("{kind}.{s}={n}")),
            );
            list_net.extend(k.network.iter().map(|(w, n)| format!("{kind}.{w}={n}")));
        }
        let seconds = self.elapsed.as_secs_f64();
        println!(
            "soak {backend} {prefix}_total clients={} seconds={seconds:.1} requests={count} throughput_rps={:.1} err_5xx={e5} err_4xx={e4} throttled={throttled} net_errors={net}",
            self.clients,
            answered as f64 / seconds.max(0.001)
        );
        println!(
            "soak {backend} {prefix}_4xx total={e4}{}",
            list_4xx.iter().map(|s| format!(" {s}")).collect::<String>()
        );
        for (name, total, list) in [("5xx", e5, list_5xx), ("net", net, list_net)] {
            println!(
                "soak {backend} {prefix}_{name} total={total}{}",
                list.iter().map(|s| format!(" {s}")).collect::<String>()
            );
        }
    }
}
