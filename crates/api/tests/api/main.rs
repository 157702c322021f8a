//! Integration tests of the HTTP API: the real app on a free port, a fresh database per test,
//! a fake SMTP server and a clock the tests move. One binary, so it links once.

mod accounts;
mod activity;
mod api_keys;
mod businesses;
mod channels;
mod conventions;
mod dream_buyer;
mod helpers;
mod offers;
mod sales;
mod strategy;
mod team;
mod tenancy;
mod two_factor;
mod workers;
