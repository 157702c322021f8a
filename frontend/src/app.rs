//! The app: shared state, resuming a session from the refresh cookie, and the routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::NotFoundPage;
use crate::pages::account::{AccountPage, SecurityPage};
use crate::pages::activity::ActivityPage;
use crate::pages::api_keys::ApiKeysPage;
use crate::pages::auth::{
    CheckEmailPage, ForgotPasswordPage, LoginPage, RegisterPage, ResetPasswordPage, VerifyEmailPage,
};
use crate::pages::business::{CreateBusinessPage, HomePage, OverviewPage, SettingsPage};
use crate::pages::channels::ChannelsPage;
use crate::pages::dream_buyer::{DreamBuyerWizardPage, DreamBuyersPage};
use crate::pages::offers::{OfferBuilderPage, OffersPage};
use crate::pages::sales::{
    CustomerPage, CustomersPage, ImportsPage, LeadsPage, OrdersPage, ProductsPage,
};
use crate::pages::strategy::{CanvasPage, ProfilePage};
use crate::pages::team::{InvitationPage, TeamPage};
use crate::state::{Auth, I18n, Session};

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::new();
    i18n.set(i18n.locale.get_untracked());
    let session = Session::new();
    provide_context(i18n);
    provide_context(session);

    // A reload keeps the person signed in through the HttpOnly refresh cookie.
    spawn_local(async move {
        if session.api.refresh().await.is_some() {
            session.start(i18n).await;
        } else {
            session.auth.set(Auth::SignedOut);
        }
    });

    view! {
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/register") view=RegisterPage/>
                <Route path=path!("/check-email") view=CheckEmailPage/>
                <Route path=path!("/verify-email") view=VerifyEmailPage/>
                <Route path=path!("/forgot-password") view=ForgotPasswordPage/>
                <Route path=path!("/reset-password") view=ResetPasswordPage/>
                <Route path=path!("/invitations/accept") view=InvitationPage/>
                <Route path=path!("/account") view=AccountPage/>
                <Route path=path!("/account/security") view=SecurityPage/>
                <Route path=path!("/businesses/new") view=CreateBusinessPage/>
                <Route path=path!("/businesses/:business_id") view=OverviewPage/>
                <Route path=path!("/businesses/:business_id/team") view=TeamPage/>
                <Route path=path!("/businesses/:business_id/activity") view=ActivityPage/>
                <Route path=path!("/businesses/:business_id/api-keys") view=ApiKeysPage/>
                <Route path=path!("/businesses/:business_id/settings") view=SettingsPage/>
                <Route path=path!("/businesses/:business_id/profile") view=ProfilePage/>
                <Route path=path!("/businesses/:business_id/canvas") view=CanvasPage/>
                <Route path=path!("/businesses/:business_id/dream-buyers") view=DreamBuyersPage/>
                <Route path=path!("/businesses/:business_id/dream-buyers/:dream_buyer_id") view=DreamBuyerWizardPage/>
                <Route path=path!("/businesses/:business_id/channels") view=ChannelsPage/>
                <Route path=path!("/businesses/:business_id/leads") view=LeadsPage/>
                <Route path=path!("/businesses/:business_id/orders") view=OrdersPage/>
                <Route path=path!("/businesses/:business_id/customers") view=CustomersPage/>
                <Route path=path!("/businesses/:business_id/customers/:customer_id") view=CustomerPage/>
                <Route path=path!("/businesses/:business_id/products") view=ProductsPage/>
                <Route path=path!("/businesses/:business_id/import") view=ImportsPage/>
                <Route path=path!("/businesses/:business_id/offers") view=OffersPage/>
                <Route path=path!("/businesses/:business_id/offers/:offer_id") view=OfferBuilderPage/>
            </Routes>
        </Router>
    }
}
