//! Telegram under `/telegram` (Bot API: `/telegram/bot<TOKEN>/<method>`) and
//! `/telegram-web` (a public channel's web preview, `/telegram-web/s/<username>`).

use actix_web::{HttpResponse, web};
use chrono::{Duration, Timelike, Utc};
use serde_json::{Value, json};

use super::providers::{Provider, Shared, Verdict, figure};

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/telegram/{bot}/{method}", web::post().to(bot_api))
        .route("/telegram-web/s/{username}", web::get().to(preview));
}

fn error(code: u16, description: &str, retry_after: Option<u64>) -> HttpResponse {
    let mut body = json!({ "ok": false, "error_code": code, "description": description });
    if let Some(seconds) = retry_after {
        body["parameters"] = json!({ "retry_after": seconds });
    }
    HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap_or_default()).json(body)
}

async fn bot_api(
    shared: web::Data<Shared>,
    path: web::Path<(String, String)>,
    body: web::Json<Value>,
) -> HttpResponse {
    let (verdict, _in_flight) = shared.admit(Provider::Telegram).await;
    match verdict {
        Verdict::Throttle => {
            return error(429, "Too Many Requests: retry after 1", Some(1));
        }
        Verdict::Fail => return error(502, "Bad Gateway", None),
        Verdict::Malformed => {
            return HttpResponse::Ok()
                .content_type("application/json")
                .body(r#"{"ok":true,"resu"#);
        }
        Verdict::Answer => {}
    }
    let (bot, method) = path.into_inner();
    let Some(token) = bot.strip_prefix("bot") else {
        return error(404, "Not Found", None);
    };
    if token.is_empty() || !shared.token_valid(Provider::Telegram, token) {
        return error(401, "Unauthorized", None);
    }
    let chat = match body.get("chat_id") {
        Some(Value::String(chat)) => chat.clone(),
        Some(Value::Number(id)) => id.to_string(),
        _ => return error(400, "Bad Request: chat_id is empty", None),
    };
    if chat.contains("missing") {
        return error(400, "Bad Request: chat not found", None);
    }
    if chat.contains("notadmin") {
        return error(
            403,
            "Forbidden: bot is not a member of the channel chat",
            None,
        );
    }
    let today = Utc::now().date_naive();
    let result = match method.as_str() {
        "getChat" => json!({
            "id": -1_000_000_000_000_i64 - (super::providers::seed(&chat) % 1_000_000_000) as i64,
            "type": "channel",
            "title": format!("Kanal {}", chat.trim_start_matches('@')),
            "username": chat.strip_prefix('@'),
        }),
        "getChatMemberCount" => json!(figure(&chat, "subscribers", today, 8_000)),
        _ => return error(404, "Not Found: method not found", None),
    };
    HttpResponse::Ok().json(json!({ "ok": true, "result": result }))
}

/// Twenty recent posts, one every 7 hours, so that they fall on every hour and weekday over
/// time; evening posts get more views, which the best-time heat map should find.
async fn preview(shared: web::Data<Shared>, path: web::Path<String>) -> HttpResponse {
    let (verdict, _in_flight) = shared.admit(Provider::Telegram).await;
    match verdict {
        Verdict::Throttle => {
            return HttpResponse::TooManyRequests()
                .insert_header(("Retry-After", "1"))
                .finish();
        }
        Verdict::Fail => return HttpResponse::BadGateway().finish(),
        Verdict::Malformed => {
            return HttpResponse::Ok()
                .content_type("text/html")
                .body("<html><div data-post=\"");
        }
        Verdict::Answer => {}
    }
    let username = path.into_inner();
    if username.contains("private") || username.contains("missing") {
        // A private channel has no preview: t.me answers with the channel's landing page.
        return HttpResponse::Ok()
            .content_type("text/html")
            .body("<html><body>tgme_page</body></html>");
    }
    let now = Utc::now();
    let latest = now
        .with_minute(0)
        .and_then(|at| at.with_second(0))
        .unwrap_or(now);
    let mut html = String::from("<html><body><section class=\"tgme_channel_history\">");
    let base = figure(&username, "views", now.date_naive(), 2_000);
    for index in 0..20_i64 {
        let posted_at = latest - Duration::hours(7 * index + 1);
        let hour = i64::from(posted_at.hour());
        let boost = if (18..=21).contains(&hour) { 3 } else { 1 };
        let views = base * boost + index * 13;
        let id = 1_000 - index;
        html.push_str(&format!(
            "<div class=\"tgme_widget_message\" data-post=\"{username}/{id}\">\
             <div class=\"tgme_widget_message_text\">Post {id}</div>\
             <span class=\"tgme_widget_message_views\">{}</span>\
             <a class=\"tgme_widget_message_date\"><time datetime=\"{}\" class=\"time\"></time></a>\
             </div>",
            abbreviate(views),
            posted_at.format("%Y-%m-%dT%H:%M:%S+00:00"),
        ));
    }
    html.push_str("</section></body></html>");
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html)
}

/// Views as the preview writes them: `987`, `1.2K`, `3.4M`.
fn abbreviate(views: i64) -> String {
    match views {
        v if v >= 1_000_000 => format!("{:.1}M", v as f64 / 1_000_000.0),
        v if v >= 10_000 => format!("{}K", v / 1_000),
        v if v >= 1_000 => format!("{:.1}K", v as f64 / 1_000.0),
        v => v.to_string(),
    }
}
