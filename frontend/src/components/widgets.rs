//! Small pieces several pages use: a QR code drawn as SVG, copying to the clipboard and
//! downloading text as a file.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};
use wasm_bindgen::JsCast;

use crate::i18n::T;
use crate::state::use_i18n;

/// An SVG image of the QR code of `text`, drawn here (nothing is fetched from elsewhere).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let border = 4;
    let size = code.size() + border * 2;
    let mut path = String::new();
    for y in 0..code.size() {
        for x in 0..code.size() {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

/// A QR code for an authenticator app.
// Component properties are owned values by Leptos's design.
#[allow(clippy::needless_pass_by_value)]
#[component]
pub fn QrCodeImage(text: String) -> impl IntoView {
    let i18n = use_i18n();
    let svg = qr_svg(&text).unwrap_or_default();
    view! { <div class="qr" role="img" aria-label=move || i18n.t(T::QrCodeLabel) inner_html=svg></div> }
}

/// A table with translated column headings; it scrolls sideways on narrow screens.
#[component]
pub fn Table(headings: &'static [T], children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>{headings.iter().map(|heading| view! { <th scope="col">{i18n.tr(*heading)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// Puts `text` on the clipboard; the button says "Copied" for a moment.
#[component]
pub fn CopyButton(text: String) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
            copied.set(true);
            set_timeout(move || copied.set(false), std::time::Duration::from_secs(2));
        }
    };
    view! {
        <button type="button" class="secondary" on:click=copy>
            {move || if copied.get() { i18n.t(T::Copied) } else { i18n.t(T::Copy) }}
        </button>
    }
}

/// Text as a file's contents.
pub fn text_blob(content: &str, mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()
}

/// Offers `content` as a file download named `filename`.
pub fn download(filename: &str, content: &str, mime: &str) {
    if let Some(blob) = text_blob(content, mime) {
        download_blob(filename, &blob);
    }
}

/// Offers a file the app holds as a download named `filename`.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(filename);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Asks the person to confirm a step that cannot be undone.
pub fn confirm(question: &str) -> bool {
    web_sys::window().is_some_and(|w| w.confirm_with_message(question).unwrap_or(false))
}
