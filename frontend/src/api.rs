//! The typed client of `/api/v1`, over the `contract` types the server uses.
//!
//! The access token lives in memory only; the refresh token is the server's HttpOnly cookie,
//! so a reload signs back in through `POST /auth/refresh` and a stolen script cannot read it.
//! A request that meets an expired token refreshes once (one refresh at a time, however many
//! requests notice) and is retried once. Every error answer becomes an [`ApiError`].

use std::cell::RefCell;

use contract::accounts::*;
use contract::activity::{ActivityEntry, ActivityQuery};
use contract::api_keys::{ApiKeyResponse, CreateApiKeyRequest, CreatedApiKeyResponse};
use contract::businesses::{BusinessResponse, CreateBusinessRequest, UpdateBusinessRequest};
use contract::channels::*;
use contract::dream_buyer::*;
use contract::offers::*;
use contract::pagination::Page;
use contract::problem::{FieldError, Problem, codes};
use contract::sales::*;
use contract::strategy::*;
use contract::team::*;
use futures_util::FutureExt;
use futures_util::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use wasm_bindgen::JsCast;

const BASE: &str = "/api/v1";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem.
    Problem(Problem),
    /// The server could not be reached.
    Network,
    /// The answer was not what the contract says (a bug, or a server of another version).
    Unexpected(String),
}

impl ApiError {
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Problem(problem) => Some(&problem.code),
            _ => None,
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Problem(problem) => &problem.errors,
            _ => &[],
        }
    }

    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Problem(problem) if problem.status == 401)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The client; cheap to copy, shared through the context.
#[derive(Clone, Copy)]
pub struct Api {
    token: RwSignal<Option<String>>,
}

thread_local! {
    // The refresh in flight: concurrent 401s wait for it instead of presenting the same
    // refresh cookie twice (which the server treats as theft and answers by ending the session).
    static REFRESHING: RefCell<Option<Shared<LocalBoxFuture<'static, Option<String>>>>> = const { RefCell::new(None) };
}

/// Reads a JSON answer: the browser parses it, serde maps it onto the contract's type.
/// An answer of the server: its status and its body.
struct Answer {
    status: u16,
    body: String,
    /// A spreadsheet answer, kept as bytes: text would garble it.
    file: Option<web_sys::Blob>,
}

impl Answer {
    fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The JSON body, parsed by the browser and mapped onto the contract's type by serde.
    fn decode<T: DeserializeOwned>(&self) -> ApiResult<T> {
        let value = js_sys::JSON::parse(&self.body)
            .map_err(|_| ApiError::Unexpected("the answer is not JSON".into()))?;
        serde_wasm_bindgen::from_value(value).map_err(|e| ApiError::Unexpected(e.to_string()))
    }

    fn problem(&self) -> ApiError {
        match self.decode::<Problem>() {
            Ok(problem) => ApiError::Problem(problem),
            Err(_) if self.status >= 500 => ApiError::Problem(Problem {
                problem_type: String::new(),
                title: String::new(),
                status: self.status,
                detail: None,
                code: codes::INTERNAL.into(),
                errors: Vec::new(),
                request_id: None,
                retry_after: None,
                locked_until: None,
            }),
            Err(error) => error,
        }
    }
}

pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Whether a picked file is an Excel workbook rather than CSV.
pub fn is_workbook(file: &web_sys::File) -> bool {
    file.type_() == XLSX_TYPE || file.name().to_ascii_lowercase().ends_with(".xlsx")
}

/// What a request carries.
#[derive(Clone, Copy)]
enum Body<'a> {
    Json(&'a str),
    /// A file the person picked, sent as it is with its type.
    File(&'a web_sys::Blob, &'a str),
}

/// One `fetch` of the browser. Same-origin, so the refresh cookie goes along where it applies.
async fn fetch(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Body<'_>>,
) -> Result<Answer, ()> {
    let headers = web_sys::Headers::new().map_err(drop)?;
    if let Some(token) = token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(drop)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    match body {
        Some(Body::Json(text)) => {
            headers
                .set("Content-Type", "application/json")
                .map_err(drop)?;
            init.set_body(&wasm_bindgen::JsValue::from_str(text));
        }
        Some(Body::File(file, content_type)) => {
            headers.set("Content-Type", content_type).map_err(drop)?;
            init.set_body(file);
        }
        None => {}
    }
    init.set_headers(&headers);
    let request =
        web_sys::Request::new_with_str_and_init(&format!("{BASE}{path}"), &init).map_err(drop)?;
    let window = web_sys::window().ok_or(())?;
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(drop)?
            .dyn_into()
            .map_err(drop)?;
    let spreadsheet = response
        .headers()
        .get("Content-Type")
        .ok()
        .flatten()
        .is_some_and(|t| t.starts_with(XLSX_TYPE));
    if spreadsheet && (200..300).contains(&response.status()) {
        let file = wasm_bindgen_futures::JsFuture::from(response.blob().map_err(drop)?)
            .await
            .map_err(drop)?
            .dyn_into::<web_sys::Blob>()
            .map_err(drop)?;
        return Ok(Answer {
            status: response.status(),
            body: String::new(),
            file: Some(file),
        });
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(drop)?)
        .await
        .map_err(drop)?;
    Ok(Answer {
        status: response.status(),
        body: text.as_string().unwrap_or_default(),
        file: None,
    })
}

impl Api {
    pub fn new() -> Self {
        Api {
            token: RwSignal::new(None),
        }
    }

    pub fn signed_in(&self) -> bool {
        self.token.with_untracked(Option::is_some)
    }

    fn adopt(&self, tokens: &TokenResponse) {
        self.token.set(Some(tokens.access_token.clone()));
    }

    pub fn forget(&self) {
        self.token.set(None);
    }

    async fn send_once(
        &self,
        method: &str,
        path: &str,
        body: Option<Body<'_>>,
    ) -> ApiResult<Answer> {
        let token = self.token.get_untracked();
        fetch(method, path, token.as_deref(), body)
            .await
            .map_err(|()| ApiError::Network)
    }

    /// Sends a request; on an expired or revoked access token, refreshes once and retries.
    async fn send(&self, method: &str, path: &str, body: Option<Body<'_>>) -> ApiResult<Answer> {
        let answer = self.send_once(method, path, body).await?;
        let retry = answer.status == 401 && self.signed_in() && !path.starts_with("/auth/");
        let answer = if retry && self.refresh().await.is_some() {
            self.send_once(method, path, body).await?
        } else {
            answer
        };
        if answer.ok() {
            Ok(answer)
        } else {
            Err(answer.problem())
        }
    }

    async fn json<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> ApiResult<T> {
        self.send(method, path, body.map(Body::Json))
            .await?
            .decode()
    }

    fn body<B: Serialize>(body: &B) -> String {
        serde_json::to_string(body).unwrap_or_default()
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        self.json("GET", path, None).await
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        self.json("POST", path, Some(&Self::body(body))).await
    }

    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        self.json("PATCH", path, Some(&Self::body(body))).await
    }

    /// A request answered without a body (204).
    pub async fn call<B: Serialize>(
        &self,
        method: &str,
        path: &str,
        body: Option<&B>,
    ) -> ApiResult<()> {
        let body = body.map(Self::body);
        self.send(method, path, body.as_deref().map(Body::Json))
            .await
            .map(drop)
    }

    /// Exchanges the refresh cookie for a new access token; `None` when there is no session.
    pub async fn refresh(&self) -> Option<String> {
        let pending = REFRESHING.with(|slot| {
            let mut slot = slot.borrow_mut();
            slot.get_or_insert_with(|| {
                let api = *self;
                async move {
                    let response = api.send_once("POST", "/auth/refresh", None).await.ok()?;
                    if !response.ok() {
                        return None;
                    }
                    let tokens = response.decode::<TokenResponse>().ok()?;
                    Some(tokens.access_token)
                }
                .boxed_local()
                .shared()
            })
            .clone()
        });
        let token = pending.await;
        REFRESHING.with(|slot| slot.borrow_mut().take());
        self.token.set(token.clone());
        token
    }

    // Accounts.

    pub async fn register(&self, request: &RegisterRequest) -> ApiResult<UserResponse> {
        self.post("/auth/register", request).await
    }

    pub async fn verify_email(&self, token: &str) -> ApiResult<()> {
        self.call(
            "POST",
            "/auth/verify-email",
            Some(&TokenRequest {
                token: token.into(),
            }),
        )
        .await
    }

    pub async fn resend_verification(&self, email: &str) -> ApiResult<AcceptedResponse> {
        self.post(
            "/auth/resend-verification",
            &EmailRequest {
                email: email.into(),
            },
        )
        .await
    }

    pub async fn login(&self, request: &LoginRequest) -> ApiResult<LoginResponse> {
        let answer: LoginResponse = self.post("/auth/login", request).await?;
        if let LoginResponse::Tokens(tokens) = &answer {
            self.adopt(tokens);
        }
        Ok(answer)
    }

    pub async fn login_two_factor(&self, request: &TwoFactorLoginRequest) -> ApiResult<()> {
        let tokens: TokenResponse = self.post("/auth/login/2fa", request).await?;
        self.adopt(&tokens);
        Ok(())
    }

    pub async fn logout(&self) -> ApiResult<()> {
        let result = self
            .call("POST", "/auth/logout", Some(&RefreshRequest::default()))
            .await;
        self.forget();
        result
    }

    pub async fn forgot_password(&self, email: &str) -> ApiResult<AcceptedResponse> {
        self.post(
            "/auth/password/forgot",
            &EmailRequest {
                email: email.into(),
            },
        )
        .await
    }

    pub async fn reset_password(&self, request: &ResetPasswordRequest) -> ApiResult<()> {
        self.call("POST", "/auth/password/reset", Some(request))
            .await
    }

    pub async fn me(&self) -> ApiResult<UserResponse> {
        self.get("/me").await
    }

    pub async fn update_me(&self, request: &UpdateMeRequest) -> ApiResult<UserResponse> {
        self.patch("/me", request).await
    }

    pub async fn change_password(&self, request: &ChangePasswordRequest) -> ApiResult<()> {
        self.call("POST", "/me/password", Some(request)).await
    }

    pub async fn sessions(&self, cursor: Option<&str>) -> ApiResult<Page<SessionResponse>> {
        self.get(&with_cursor("/me/sessions?limit=50", cursor))
            .await
    }

    pub async fn revoke_session(&self, id: Uuid) -> ApiResult<()> {
        self.call::<()>("DELETE", &format!("/me/sessions/{id}"), None)
            .await
    }

    pub async fn two_factor_setup(&self) -> ApiResult<TwoFactorSetupResponse> {
        self.post("/me/2fa/setup", &Empty {}).await
    }

    pub async fn two_factor_enable(&self, code: &str) -> ApiResult<RecoveryCodesResponse> {
        self.post(
            "/me/2fa/enable",
            &TwoFactorCodeRequest { code: code.into() },
        )
        .await
    }

    pub async fn two_factor_disable(&self, request: &TwoFactorDisableRequest) -> ApiResult<()> {
        self.call("POST", "/me/2fa/disable", Some(request)).await
    }

    // Businesses and teams.

    pub async fn businesses(&self) -> ApiResult<Page<BusinessResponse>> {
        self.get("/businesses?limit=100").await
    }

    pub async fn create_business(
        &self,
        request: &CreateBusinessRequest,
    ) -> ApiResult<BusinessResponse> {
        self.post("/businesses", request).await
    }

    pub async fn business(&self, id: Uuid) -> ApiResult<BusinessResponse> {
        self.get(&format!("/businesses/{id}")).await
    }

    pub async fn update_business(
        &self,
        id: Uuid,
        request: &UpdateBusinessRequest,
    ) -> ApiResult<BusinessResponse> {
        self.patch(&format!("/businesses/{id}"), request).await
    }

    pub async fn delete_business(&self, id: Uuid) -> ApiResult<()> {
        self.call::<()>("DELETE", &format!("/businesses/{id}"), None)
            .await
    }

    pub async fn members(
        &self,
        business: Uuid,
        cursor: Option<&str>,
    ) -> ApiResult<Page<MemberResponse>> {
        self.get(&with_cursor(
            &format!("/businesses/{business}/members?limit=100"),
            cursor,
        ))
        .await
    }

    pub async fn change_role(
        &self,
        business: Uuid,
        user: Uuid,
        request: &UpdateMemberRequest,
    ) -> ApiResult<MemberResponse> {
        self.patch(&format!("/businesses/{business}/members/{user}"), request)
            .await
    }

    pub async fn remove_member(&self, business: Uuid, user: Uuid) -> ApiResult<()> {
        self.call::<()>(
            "DELETE",
            &format!("/businesses/{business}/members/{user}"),
            None,
        )
        .await
    }

    pub async fn transfer_ownership(
        &self,
        business: Uuid,
        user: Uuid,
    ) -> ApiResult<MemberResponse> {
        self.post(
            &format!("/businesses/{business}/transfer-ownership"),
            &TransferOwnershipRequest { user_id: user },
        )
        .await
    }

    pub async fn invitations(&self, business: Uuid) -> ApiResult<Page<InvitationResponse>> {
        self.get(&format!("/businesses/{business}/invitations?limit=100"))
            .await
    }

    pub async fn invite(
        &self,
        business: Uuid,
        request: &CreateInvitationRequest,
    ) -> ApiResult<InvitationResponse> {
        self.post(&format!("/businesses/{business}/invitations"), request)
            .await
    }

    pub async fn withdraw_invitation(&self, business: Uuid, invitation: Uuid) -> ApiResult<()> {
        self.call::<()>(
            "DELETE",
            &format!("/businesses/{business}/invitations/{invitation}"),
            None,
        )
        .await
    }

    pub async fn lookup_invitation(&self, token: &str) -> ApiResult<InvitationPreview> {
        self.post(
            "/invitations/lookup",
            &TokenRequest {
                token: token.into(),
            },
        )
        .await
    }

    pub async fn accept_invitation(&self, token: &str) -> ApiResult<BusinessResponse> {
        self.post(
            "/invitations/accept",
            &TokenRequest {
                token: token.into(),
            },
        )
        .await
    }

    pub async fn activity(
        &self,
        business: Uuid,
        query: &ActivityQuery,
    ) -> ApiResult<Page<ActivityEntry>> {
        self.get(&format!(
            "/businesses/{business}/activity{}",
            activity_query(query)
        ))
        .await
    }

    /// The filtered log as CSV text.
    pub async fn export_activity(
        &self,
        business: Uuid,
        query: &ActivityQuery,
    ) -> ApiResult<String> {
        let path = format!(
            "/businesses/{business}/activity/export{}",
            activity_query(query)
        );
        Ok(self.send("GET", &path, None).await?.body)
    }

    pub async fn api_keys(&self, business: Uuid) -> ApiResult<Page<ApiKeyResponse>> {
        self.get(&format!("/businesses/{business}/api-keys?limit=100"))
            .await
    }

    pub async fn create_api_key(
        &self,
        business: Uuid,
        request: &CreateApiKeyRequest,
    ) -> ApiResult<CreatedApiKeyResponse> {
        self.post(&format!("/businesses/{business}/api-keys"), request)
            .await
    }

    pub async fn revoke_api_key(&self, business: Uuid, key: Uuid) -> ApiResult<ApiKeyResponse> {
        self.json(
            "DELETE",
            &format!("/businesses/{business}/api-keys/{key}"),
            None,
        )
        .await
    }
}

/// The strategy modules: profile, canvas, goals, dream buyers and offers.
impl Api {
    pub async fn profile(&self, business: Uuid) -> ApiResult<ProfileResponse> {
        self.get(&format!("/businesses/{business}/profile")).await
    }

    pub async fn update_profile(
        &self,
        business: Uuid,
        request: &UpdateProfileRequest,
    ) -> ApiResult<ProfileResponse> {
        self.patch(&format!("/businesses/{business}/profile"), request)
            .await
    }

    pub async fn drafts(
        &self,
        business: Uuid,
        request: &DraftRequest,
    ) -> ApiResult<DraftsResponse> {
        self.post(&format!("/businesses/{business}/profile/drafts"), request)
            .await
    }

    pub async fn canvas(&self, business: Uuid) -> ApiResult<CanvasResponse> {
        self.get(&format!("/businesses/{business}/canvas")).await
    }

    pub async fn update_canvas(
        &self,
        business: Uuid,
        request: &UpdateCanvasRequest,
    ) -> ApiResult<CanvasResponse> {
        self.patch(&format!("/businesses/{business}/canvas"), request)
            .await
    }

    pub async fn goals(&self, business: Uuid) -> ApiResult<Page<GoalResponse>> {
        self.get(&format!("/businesses/{business}/goals?limit=100"))
            .await
    }

    pub async fn create_goal(
        &self,
        business: Uuid,
        request: &CreateGoalRequest,
    ) -> ApiResult<GoalResponse> {
        self.post(&format!("/businesses/{business}/goals"), request)
            .await
    }

    pub async fn delete_goal(&self, business: Uuid, goal: Uuid) -> ApiResult<()> {
        self.call::<Empty>(
            "DELETE",
            &format!("/businesses/{business}/goals/{goal}"),
            None,
        )
        .await
    }

    pub async fn dream_buyers(
        &self,
        business: Uuid,
        archived: bool,
    ) -> ApiResult<Page<DreamBuyerResponse>> {
        self.get(&format!(
            "/businesses/{business}/dream-buyers?limit=100&archived={archived}"
        ))
        .await
    }

    pub async fn dream_buyer(&self, business: Uuid, id: Uuid) -> ApiResult<DreamBuyerResponse> {
        self.get(&format!("/businesses/{business}/dream-buyers/{id}"))
            .await
    }

    pub async fn create_dream_buyer(
        &self,
        business: Uuid,
        request: &CreateDreamBuyerRequest,
    ) -> ApiResult<DreamBuyerResponse> {
        self.post(&format!("/businesses/{business}/dream-buyers"), request)
            .await
    }

    pub async fn update_dream_buyer(
        &self,
        business: Uuid,
        id: Uuid,
        request: &UpdateDreamBuyerRequest,
    ) -> ApiResult<DreamBuyerResponse> {
        self.patch(
            &format!("/businesses/{business}/dream-buyers/{id}"),
            request,
        )
        .await
    }

    pub async fn duplicate_dream_buyer(
        &self,
        business: Uuid,
        id: Uuid,
    ) -> ApiResult<DreamBuyerResponse> {
        self.post(
            &format!("/businesses/{business}/dream-buyers/{id}/duplicate"),
            &Empty {},
        )
        .await
    }

    pub async fn suggestions(
        &self,
        business: Uuid,
        id: Uuid,
        request: &SuggestionsRequest,
    ) -> ApiResult<SuggestionsResponse> {
        self.post(
            &format!("/businesses/{business}/dream-buyers/{id}/suggestions"),
            request,
        )
        .await
    }

    pub async fn dashboard(
        &self,
        business: Uuid,
        request: &DashboardQuery,
    ) -> ApiResult<DashboardResponse> {
        self.get(&format!(
            "/businesses/{business}/dashboard{}",
            query(request)
        ))
        .await
    }

    /// A chart as SVG text (`chart` is `revenue`, `funnel` or `channels`).
    pub async fn chart_svg(
        &self,
        business: Uuid,
        chart: &str,
        request: &ChartQuery,
    ) -> ApiResult<String> {
        let path = format!(
            "/businesses/{business}/charts/{chart}.svg{}",
            query(request)
        );
        Ok(self.send("GET", &path, None).await?.body)
    }

    pub async fn customers(
        &self,
        business: Uuid,
        request: &CustomerQuery,
    ) -> ApiResult<Page<CustomerResponse>> {
        self.get(&format!(
            "/businesses/{business}/customers{}",
            query(request)
        ))
        .await
    }

    pub async fn create_customer(
        &self,
        business: Uuid,
        request: &CreateCustomerRequest,
    ) -> ApiResult<CustomerResponse> {
        self.post(&format!("/businesses/{business}/customers"), request)
            .await
    }

    pub async fn leads(
        &self,
        business: Uuid,
        request: &LeadQuery,
    ) -> ApiResult<Page<LeadResponse>> {
        self.get(&format!("/businesses/{business}/leads{}", query(request)))
            .await
    }

    pub async fn create_lead(
        &self,
        business: Uuid,
        request: &CreateLeadRequest,
    ) -> ApiResult<LeadResponse> {
        self.post(&format!("/businesses/{business}/leads"), request)
            .await
    }

    pub async fn update_lead(
        &self,
        business: Uuid,
        id: Uuid,
        request: &UpdateLeadRequest,
    ) -> ApiResult<LeadResponse> {
        self.patch(&format!("/businesses/{business}/leads/{id}"), request)
            .await
    }

    pub async fn orders(
        &self,
        business: Uuid,
        request: &OrderQuery,
    ) -> ApiResult<Page<OrderResponse>> {
        self.get(&format!("/businesses/{business}/orders{}", query(request)))
            .await
    }

    pub async fn customer(&self, business: Uuid, id: Uuid) -> ApiResult<CustomerResponse> {
        self.get(&format!("/businesses/{business}/customers/{id}"))
            .await
    }

    pub async fn cohorts(
        &self,
        business: Uuid,
        request: &CohortQuery,
    ) -> ApiResult<CohortsResponse> {
        self.get(&format!("/businesses/{business}/cohorts{}", query(request)))
            .await
    }

    pub async fn products(
        &self,
        business: Uuid,
        request: &ProductQuery,
    ) -> ApiResult<Page<ProductResponse>> {
        self.get(&format!(
            "/businesses/{business}/products{}",
            query(request)
        ))
        .await
    }

    pub async fn create_product(
        &self,
        business: Uuid,
        request: &CreateProductRequest,
    ) -> ApiResult<ProductResponse> {
        self.post(&format!("/businesses/{business}/products"), request)
            .await
    }

    pub async fn update_product(
        &self,
        business: Uuid,
        product: Uuid,
        request: &UpdateProductRequest,
    ) -> ApiResult<ProductResponse> {
        self.patch(
            &format!("/businesses/{business}/products/{product}"),
            request,
        )
        .await
    }

    // ---- channels ----

    pub async fn channels(&self, business: Uuid) -> ApiResult<Page<ChannelResponse>> {
        self.get(&format!("/businesses/{business}/channels?limit=100"))
            .await
    }

    pub async fn create_channel(
        &self,
        business: Uuid,
        request: &CreateChannelRequest,
    ) -> ApiResult<ChannelResponse> {
        self.post(&format!("/businesses/{business}/channels"), request)
            .await
    }

    pub async fn update_channel(
        &self,
        business: Uuid,
        channel: Uuid,
        request: &UpdateChannelRequest,
    ) -> ApiResult<ChannelResponse> {
        self.patch(
            &format!("/businesses/{business}/channels/{channel}"),
            request,
        )
        .await
    }

    pub async fn delete_channel(&self, business: Uuid, channel: Uuid) -> ApiResult<()> {
        self.call::<Empty>(
            "DELETE",
            &format!("/businesses/{business}/channels/{channel}"),
            None,
        )
        .await
    }

    pub async fn authorize_channel(
        &self,
        business: Uuid,
        channel: Uuid,
    ) -> ApiResult<AuthorizeResponse> {
        self.post(
            &format!("/businesses/{business}/channels/{channel}/authorize"),
            &Empty {},
        )
        .await
    }

    pub async fn sync_channel(&self, business: Uuid, channel: Uuid) -> ApiResult<SyncQueued> {
        self.post(
            &format!("/businesses/{business}/channels/{channel}/sync"),
            &Empty {},
        )
        .await
    }

    pub async fn channel_metrics(
        &self,
        business: Uuid,
        channel: Uuid,
        request: &MetricsQuery,
    ) -> ApiResult<ChannelMetricsResponse> {
        self.get(&format!(
            "/businesses/{business}/channels/{channel}/metrics{}",
            query(request)
        ))
        .await
    }

    pub async fn set_channel_metrics(
        &self,
        business: Uuid,
        channel: Uuid,
        request: &SetMetricsRequest,
    ) -> ApiResult<()> {
        self.call(
            "PUT",
            &format!("/businesses/{business}/channels/{channel}/metrics"),
            Some(request),
        )
        .await
    }

    pub async fn sync_health(&self, business: Uuid) -> ApiResult<SyncHealthResponse> {
        self.get(&format!("/businesses/{business}/sync-runs/health"))
            .await
    }

    pub async fn spend_summary(
        &self,
        business: Uuid,
        request: &MetricsQuery,
    ) -> ApiResult<SpendSummary> {
        self.get(&format!(
            "/businesses/{business}/spend/summary{}",
            query(request)
        ))
        .await
    }

    pub async fn set_spend(&self, business: Uuid, request: &SetSpendRequest) -> ApiResult<()> {
        self.call(
            "PUT",
            &format!("/businesses/{business}/spend"),
            Some(request),
        )
        .await
    }

    pub async fn create_order(
        &self,
        business: Uuid,
        request: &CreateOrderRequest,
    ) -> ApiResult<OrderResponse> {
        self.post(&format!("/businesses/{business}/orders"), request)
            .await
    }

    /// Sends a CSV file to an import (or its dry run).
    pub async fn import(
        &self,
        business: Uuid,
        kind: ImportKind,
        request: &ImportQuery,
        file: &web_sys::File,
    ) -> ApiResult<ImportResponse> {
        let path = format!(
            "/businesses/{business}/imports/{}{}",
            kind.as_str(),
            query(request)
        );
        // Not the file's own type: browsers on Windows call a .csv "application/vnd.ms-excel".
        let content_type = if is_workbook(file) {
            XLSX_TYPE
        } else {
            "text/csv"
        };
        self.send("POST", &path, Some(Body::File(file, content_type)))
            .await?
            .decode()
    }

    /// A list of the business as a file (`list` is `orders`, `customers`, `leads` or
    /// `products`; `format` is `csv` or `xlsx`), to hand to the person as a download.
    pub async fn export(
        &self,
        business: Uuid,
        list: &str,
        format: &str,
    ) -> ApiResult<web_sys::Blob> {
        let path = format!("/businesses/{business}/{list}/export.{format}");
        let answer = self.send("GET", &path, None).await?;
        match answer.file {
            Some(file) => Ok(file),
            None => crate::components::widgets::text_blob(&answer.body, "text/csv")
                .ok_or(ApiError::Network),
        }
    }

    /// The newest imports of a business; a running one shows how far it got.
    pub async fn imports(&self, business: Uuid, limit: u32) -> ApiResult<Page<ImportResponse>> {
        self.get(&format!("/businesses/{business}/imports?limit={limit}"))
            .await
    }

    /// The canonical CSV of an import, as text.
    pub async fn import_template(&self, business: Uuid, kind: ImportKind) -> ApiResult<String> {
        let path = format!("/businesses/{business}/imports/{}/template", kind.as_str());
        Ok(self.send("GET", &path, None).await?.body)
    }

    pub async fn undo_import(&self, business: Uuid, id: Uuid) -> ApiResult<ImportResponse> {
        self.post(
            &format!("/businesses/{business}/imports/{id}/undo"),
            &serde_json::json!({}),
        )
        .await
    }

    pub async fn offers(&self, business: Uuid) -> ApiResult<Page<OfferResponse>> {
        self.get(&format!("/businesses/{business}/offers?limit=100"))
            .await
    }

    pub async fn offer(&self, business: Uuid, id: Uuid) -> ApiResult<OfferResponse> {
        self.get(&format!("/businesses/{business}/offers/{id}"))
            .await
    }

    pub async fn create_offer(
        &self,
        business: Uuid,
        request: &CreateOfferRequest,
    ) -> ApiResult<OfferResponse> {
        self.post(&format!("/businesses/{business}/offers"), request)
            .await
    }

    pub async fn update_offer(
        &self,
        business: Uuid,
        id: Uuid,
        request: &UpdateOfferRequest,
    ) -> ApiResult<OfferResponse> {
        self.patch(&format!("/businesses/{business}/offers/{id}"), request)
            .await
    }

    pub async fn duplicate_offer(&self, business: Uuid, id: Uuid) -> ApiResult<OfferResponse> {
        self.post(
            &format!("/businesses/{business}/offers/{id}/duplicate"),
            &Empty {},
        )
        .await
    }
}

/// The body `{}` of requests that carry nothing.
#[derive(Serialize)]
struct Empty {}

impl Default for Api {
    fn default() -> Self {
        Self::new()
    }
}

fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

fn with_cursor(path: &str, cursor: Option<&str>) -> String {
    match cursor {
        Some(cursor) => format!("{path}&cursor={}", encode(cursor)),
        None => path.to_owned(),
    }
}

/// An instant as RFC 3339 in UTC, written without chrono's formatting machinery.
fn timestamp(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// A query struct of `contract` as `?a=1&b=x`: its JSON fields, absent ones left out.
fn query<Q: Serialize>(query: &Q) -> String {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(query) else {
        return String::new();
    };
    let pairs: Vec<String> = fields
        .into_iter()
        .filter_map(|(key, value)| {
            let text = match value {
                serde_json::Value::Null => return None,
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            Some(format!("{key}={}", encode(&text)))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

fn activity_query(query: &ActivityQuery) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(action) = query.action {
        pairs.push(("action", action.as_str().to_owned()));
    }
    if let Some(actor) = query.actor_id {
        pairs.push(("actor_id", actor.to_string()));
    }
    if let Some(kind) = &query.entity_type {
        pairs.push(("entity_type", kind.clone()));
    }
    if let Some(id) = query.entity_id {
        pairs.push(("entity_id", id.to_string()));
    }
    if let Some(from) = query.from {
        pairs.push(("from", timestamp(from)));
    }
    if let Some(to) = query.to {
        pairs.push(("to", timestamp(to)));
    }
    if let Some(limit) = query.limit {
        pairs.push(("limit", limit.to_string()));
    }
    if let Some(cursor) = &query.cursor {
        pairs.push(("cursor", cursor.clone()));
    }
    if pairs.is_empty() {
        return String::new();
    }
    let joined: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .collect();
    format!("?{}", joined.join("&"))
}
