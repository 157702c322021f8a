//! One module per product module, as in the other crates.

pub mod account;
pub mod activity;
pub mod api_keys;
pub mod auth;
pub mod business;
pub mod channels;
pub mod dream_buyer;
pub mod offers;
pub mod sales;
pub mod strategy;
pub mod team;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::layout::PublicPage;
use crate::i18n::T;
use crate::state::use_i18n;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PublicPage>
            <h1>{i18n.tr(T::NotFoundTitle)}</h1>
            <p><A href="/">{i18n.tr(T::GoHome)}</A></p>
        </PublicPage>
    }
}
