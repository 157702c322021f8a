//! The BiznesPilot single-page app. Only the crate exists so far: the pages, the typed API
//! client and the i18n layer arrive with the SPA issue.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <main><h1>"BiznesPilot"</h1></main> });
}
