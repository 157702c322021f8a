//! The product's use cases: each public function is one verb of BiznesPilot (register, log in,
//! invite a member, create an API key, …) over the store, the integrations and the domain
//! rules. Nothing here knows HTTP status codes or cron; time comes from [`clock::Clock`].

pub mod accounts;
pub mod activity;
pub mod api_keys;
pub mod auth;
pub mod businesses;
pub mod cache;
pub mod channels;
pub mod charts;
pub mod clock;
pub mod context;
pub mod copywriter;
pub mod demo;
pub mod dream_buyer;
pub mod email;
pub mod error;
pub mod export;
pub mod health;
pub mod idempotency;
pub mod jobs;
pub mod maintenance;
pub mod offers;
pub mod pagination;
pub mod patch;
pub mod rate_limit;
pub mod sales;
pub mod security;
pub mod stored;
pub mod strategy;
pub mod team;

pub use context::{Services, Settings};
pub use error::{ServiceError, ServiceResult};
pub use store;
