//! One HTTP server that speaks Telegram's, Meta's and Google's protocols (each under its own
//! path prefix, so each client's base URL points at it), with switches per provider for
//! latency, a request limit, throttling, expired tokens, malformed answers and server errors,
//! and counters that tests and the benchmark read: requests, the most in flight at once, and
//! requests over the limit.
//!
//! Numbers are made up but stable: the same account and day always give the same figures, and
//! they grow from day to day, so repeated syncs are idempotent and the demo looks alive.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpResponse, HttpServer, web};

use super::{google, meta, telegram};

/// A provider the fake speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Telegram,
    Meta,
    Google,
}

/// How a provider behaves; change it at any time through [`FakeProviders::set`].
#[derive(Debug, Clone, Default)]
pub struct Switches {
    /// Added to every answer.
    pub latency: Duration,
    /// Requests per rolling second before the provider throttles (0: no limit).
    pub limit_per_second: u32,
    /// The next N requests are throttled (with a 1-second wait hint).
    pub throttle_next: u32,
    /// Every access token is refused as expired; Google refresh tokens are `invalid_grant`.
    pub tokens_expired: bool,
    /// The next N answers are cut short (invalid JSON).
    pub malformed_next: u32,
    /// The next N answers are server errors.
    pub fail_next: u32,
}

/// What the fake saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    pub requests: u64,
    /// Requests refused because they went over `limit_per_second`: a client that paces itself
    /// never causes one.
    pub limit_violations: u64,
    /// Requests answered with a throttling error for any reason.
    pub throttled: u64,
}

#[derive(Default)]
struct ProviderState {
    switches: Switches,
    counters: Counters,
    recent: VecDeque<Instant>,
}

/// What the next request gets.
pub(crate) enum Verdict {
    Answer,
    Throttle,
    Malformed,
    Fail,
}

pub(crate) struct Shared {
    providers: Mutex<HashMap<Provider, ProviderState>>,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
    issued: AtomicU64,
    /// Tokens (and Google refresh tokens) revoked one by one.
    revoked: Mutex<HashSet<String>>,
}

impl Shared {
    fn state<T>(&self, provider: Provider, f: impl FnOnce(&mut ProviderState) -> T) -> T {
        let mut providers = self
            .providers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(providers.entry(provider).or_default())
    }

    /// Counts a request and decides its fate, then waits out the latency. The guard it
    /// returns keeps the request in flight until the answer is written.
    pub(crate) async fn admit(&self, provider: Provider) -> (Verdict, InFlight<'_>) {
        let now_in_flight = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight
            .fetch_max(now_in_flight, Ordering::SeqCst);
        let guard = InFlight(&self.in_flight);
        let (verdict, latency) = self.state(provider, |state| {
            state.counters.requests += 1;
            let now = Instant::now();
            while state
                .recent
                .front()
                .is_some_and(|at| now.duration_since(*at) >= Duration::from_secs(1))
            {
                state.recent.pop_front();
            }
            let switches = &mut state.switches;
            let verdict = if switches.limit_per_second > 0
                && state.recent.len() >= switches.limit_per_second as usize
            {
                state.counters.limit_violations += 1;
                Verdict::Throttle
            } else if switches.throttle_next > 0 {
                switches.throttle_next -= 1;
                Verdict::Throttle
            } else if switches.fail_next > 0 {
                switches.fail_next -= 1;
                Verdict::Fail
            } else if switches.malformed_next > 0 {
                switches.malformed_next -= 1;
                Verdict::Malformed
            } else {
                Verdict::Answer
            };
            if matches!(verdict, Verdict::Throttle) {
                state.counters.throttled += 1;
            } else {
                state.recent.push_back(now);
            }
            (verdict, state.switches.latency)
        });
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        (verdict, guard)
    }

    pub(crate) fn token_valid(&self, provider: Provider, token: &str) -> bool {
        let expired = self.state(provider, |state| state.switches.tokens_expired);
        !expired
            && !self
                .revoked
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .contains(token)
    }

    pub(crate) fn revoke_token(&self, token: &str) {
        self.revoked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(token.to_owned());
    }

    /// A new opaque token with the given prefix.
    pub(crate) fn issue(&self, prefix: &str) -> String {
        format!(
            "{prefix}-{}",
            self.issued.fetch_add(1, Ordering::SeqCst) + 1
        )
    }
}

pub(crate) struct InFlight<'a>(&'a AtomicU64);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A running fake; it stops when dropped.
pub struct FakeProviders {
    addr: SocketAddr,
    shared: Arc<Shared>,
    handle: ServerHandle,
}

impl Drop for FakeProviders {
    fn drop(&mut self) {
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(self.handle.stop(false));
        }
    }
}

impl FakeProviders {
    /// Listens on a free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on("127.0.0.1:0").await
    }

    pub async fn start_on(addr: &str) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            providers: Mutex::new(HashMap::new()),
            in_flight: AtomicU64::new(0),
            max_in_flight: AtomicU64::new(0),
            issued: AtomicU64::new(0),
            revoked: Mutex::new(HashSet::new()),
        });
        let data = web::Data::from(shared.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .configure(telegram::configure)
                .configure(meta::configure)
                .configure(google::configure)
                .default_service(web::to(|| async {
                    HttpResponse::NotFound().body("no such fake endpoint")
                }))
        })
        // One thread serves thousands of waiting requests: answers are mostly sleeps.
        .workers(1)
        .max_connections(10_000)
        .backlog(2_048)
        .disable_signals()
        .listen(listener)?
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Ok(FakeProviders {
            addr,
            shared,
            handle,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Changes how `provider` behaves from the next request on.
    pub fn set(&self, provider: Provider, change: impl FnOnce(&mut Switches)) {
        self.shared
            .state(provider, |state| change(&mut state.switches));
    }

    pub fn counters(&self, provider: Provider) -> Counters {
        self.shared.state(provider, |state| state.counters)
    }

    /// The most requests (all providers together) that were being answered at one moment.
    pub fn max_in_flight(&self) -> u64 {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// Revokes one access or refresh token, as a person removing the app's access would.
    pub fn revoke(&self, token: &str) {
        self.shared.revoke_token(token);
    }

    /// Clears counters (between benchmark rounds).
    pub fn reset_counters(&self) {
        let mut providers = self
            .shared
            .providers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for state in providers.values_mut() {
            state.counters = Counters::default();
        }
        self.shared.max_in_flight.store(0, Ordering::SeqCst);
    }
}

/// A stable pseudo-random number for a name: the seed of an account's made-up figures.
pub(crate) fn seed(name: &str) -> u64 {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An account's figure on a day: a base from the account's seed that grows by day, with a
/// little wobble, never negative.
pub(crate) fn figure(name: &str, metric: &str, day: chrono::NaiveDate, base: u64) -> i64 {
    use chrono::Datelike;
    let seed = seed(name) ^ seed(metric);
    let days = i64::from(day.num_days_from_ce());
    let start = (seed % base.max(1)) as i64 + base as i64 / 2;
    let growth = days.rem_euclid(1_000) * (1 + (seed % 7) as i64);
    let wobble = (seed.rotate_left((days % 60) as u32) % (base / 10 + 1)) as i64;
    start + growth + wobble
}
