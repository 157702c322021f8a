//! The business profile, the 9-square canvas, goals and the USP / elevator-pitch drafts.

use contract::offers::Guarantee;
use contract::pagination::{Page, PageQuery};
use contract::problem::codes;
use contract::strategy::*;
use domain::activity::{ActivityAction, entity};
use domain::copywriting::{Brief, phrase};
use domain::dream_buyer::Question;
use domain::permissions::Permission;
use domain::strategy::{CanvasSquare, TargetProblem, canvas_summary, check_target, square_score};
use serde_json::json;
use store::Json;
use store::owned::Owned;
use store::strategy::{GoalData, GoalRow, ProfileRow, SquareChange};
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Changes, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::{businesses, pagination, patch, stored};

fn empty_profile() -> ProfileRow {
    ProfileRow {
        founded_year: None,
        team_size: None,
        monthly_marketing_budget: None,
        target_audience: None,
        main_goals: None,
        usp: None,
        elevator_pitch: None,
        logo_url: None,
        fiscal_month_start: 1,
        notifications: Json(
            serde_json::to_value(NotificationPreferences::default()).unwrap_or_default(),
        ),
        churn_window_days: domain::sales::DEFAULT_CHURN_WINDOW_DAYS as i16,
        gross_margin_percent: None,
        updated_at: chrono::DateTime::UNIX_EPOCH,
    }
}

fn profile_response(
    business_id: Uuid,
    currency: String,
    row: Option<ProfileRow>,
) -> ProfileResponse {
    let saved = row.is_some();
    let row = row.unwrap_or_else(empty_profile);
    ProfileResponse {
        business_id,
        founded_year: row.founded_year,
        team_size: row.team_size,
        monthly_marketing_budget: row.monthly_marketing_budget,
        currency,
        target_audience: row.target_audience,
        main_goals: row.main_goals,
        usp: row.usp,
        elevator_pitch: row.elevator_pitch,
        logo_url: row.logo_url,
        fiscal_month_start: u8::try_from(row.fiscal_month_start).unwrap_or(1),
        // Preferences saved before a newer preference existed read as the defaults.
        notifications: stored::read(row.notifications).unwrap_or_default(),
        churn_window_days: u16::try_from(row.churn_window_days)
            .unwrap_or(domain::sales::DEFAULT_CHURN_WINDOW_DAYS),
        gross_margin_percent: row.gross_margin_percent.and_then(|m| u8::try_from(m).ok()),
        updated_at: saved.then_some(row.updated_at),
    }
}

pub async fn get_profile(
    services: &Services,
    access: &BusinessAccess,
) -> ServiceResult<ProfileResponse> {
    access.require(Permission::BusinessRead)?;
    let (business, profile) = tokio::try_join!(businesses::row(&services.db, access), async {
        Ok(store::strategy::find_profile(&services.db, access.business_id).await?)
    })?;
    Ok(profile_response(
        access.business_id,
        business.currency,
        profile,
    ))
}

pub async fn update_profile(
    services: &Services,
    access: &BusinessAccess,
    request: &UpdateProfileRequest,
    meta: &RequestMeta,
) -> ServiceResult<ProfileResponse> {
    access.require(Permission::StrategyWrite)?;
    let mut tx = services.db.begin().await?;
    // Locks the business row: two saves of one profile apply one after the other.
    let business = store::businesses::find_for_update(&mut *tx, access.business_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = store::strategy::find_profile(&mut *tx, access.business_id)
        .await?
        .unwrap_or_else(empty_profile);
    let mut after = before.clone();
    patch::value(&mut after.founded_year, &request.founded_year);
    patch::value(&mut after.team_size, &request.team_size);
    patch::value(
        &mut after.monthly_marketing_budget,
        &request.monthly_marketing_budget,
    );
    patch::text(&mut after.target_audience, &request.target_audience);
    patch::text(&mut after.main_goals, &request.main_goals);
    patch::text(&mut after.usp, &request.usp);
    patch::text(&mut after.elevator_pitch, &request.elevator_pitch);
    patch::text(&mut after.logo_url, &request.logo_url);
    if let Some(month) = request.fiscal_month_start {
        after.fiscal_month_start = i16::from(month);
    }
    if let Some(days) = request.churn_window_days {
        after.churn_window_days = i16::try_from(days).unwrap_or(i16::MAX);
    }
    if let Some(margin) = request.gross_margin_percent {
        after.gross_margin_percent = margin.map(i16::from);
    }
    if let Some(notifications) = request.notifications {
        after.notifications = stored::write(&notifications)?;
    }
    let saved = store::strategy::save_profile(&mut *tx, access.business_id, &after).await?;
    let diff = Changes::default()
        .field("founded_year", &before.founded_year, &saved.founded_year)
        .field("team_size", &before.team_size, &saved.team_size)
        .field(
            "monthly_marketing_budget",
            &before.monthly_marketing_budget,
            &saved.monthly_marketing_budget,
        )
        .field(
            "target_audience",
            &before.target_audience,
            &saved.target_audience,
        )
        .field("main_goals", &before.main_goals, &saved.main_goals)
        .field("usp", &before.usp, &saved.usp)
        .field(
            "elevator_pitch",
            &before.elevator_pitch,
            &saved.elevator_pitch,
        )
        .field("logo_url", &before.logo_url, &saved.logo_url)
        .field(
            "fiscal_month_start",
            &before.fiscal_month_start,
            &saved.fiscal_month_start,
        )
        .field(
            "churn_window_days",
            &before.churn_window_days,
            &saved.churn_window_days,
        )
        .field(
            "gross_margin_percent",
            &before.gross_margin_percent,
            &saved.gross_margin_percent,
        )
        .field(
            "notifications",
            &before.notifications.0,
            &saved.notifications.0,
        );
    activity::record_update(
        &mut tx,
        services,
        access,
        meta,
        entity::PROFILE,
        Some(access.business_id),
        diff,
    )
    .await?;
    tx.commit().await?;
    if before.churn_window_days != saved.churn_window_days {
        // Churn snapshots count with the window; the old ones no longer mean anything.
        crate::sales::numbers::rebuild(services, access.business_id, &business.timezone).await?;
    }
    Ok(profile_response(
        access.business_id,
        business.currency,
        Some(saved),
    ))
}

/// USP or elevator-pitch drafts from the profile, a dream buyer and an offer.
pub async fn drafts(
    services: &Services,
    access: &BusinessAccess,
    request: &DraftRequest,
) -> ServiceResult<DraftsResponse> {
    access.require(Permission::StrategyWrite)?;
    let db = &services.db;
    let business_id = access.business_id;
    let (business, profile, dream_buyer, offer) = tokio::try_join!(
        businesses::row(db, access),
        async { Ok(store::strategy::find_profile(db, business_id).await?) },
        async {
            match request.dream_buyer_id {
                Some(id) => store::dream_buyer::find(db, business_id, id, false)
                    .await?
                    .map(Some)
                    .ok_or_else(|| unknown_reference("dream_buyer_id")),
                None => Ok(store::dream_buyer::newest_active(db, business_id).await?),
            }
        },
        async {
            match request.offer_id {
                Some(id) => store::offers::find(db, business_id, id, false)
                    .await?
                    .map(Some)
                    .ok_or_else(|| unknown_reference("offer_id")),
                None => Ok(store::offers::newest_active(db, business_id).await?),
            }
        },
    )?;
    let answers: contract::dream_buyer::Answers = dream_buyer
        .as_ref()
        .and_then(|row| stored::read(row.data.answers.clone()).ok())
        .unwrap_or_default();
    let answer = |question: Question| answers.get(question).and_then(phrase);
    let audience = request
        .target_audience
        .as_deref()
        .and_then(phrase)
        .or_else(|| {
            profile
                .as_ref()
                .and_then(|p| p.target_audience.as_deref())
                .and_then(phrase)
        })
        .or_else(|| dream_buyer.as_ref().and_then(|d| phrase(&d.data.name)));
    let guarantee: Option<Guarantee> = offer
        .as_ref()
        .and_then(|o| o.data.guarantee.as_ref())
        .and_then(|g| stored::read(g.clone()).ok());
    let brief = Brief {
        business_name: business.name.clone(),
        audience,
        dream: answer(Question::Dreams),
        frustration: answer(Question::Frustrations),
        offer: offer.as_ref().map(|o| {
            o.data
                .headline
                .clone()
                .unwrap_or_else(|| o.data.name.clone())
        }),
        guarantee: guarantee.map(|g| g.text),
    };
    let locale = request.locale.unwrap_or(business.locale);
    let drafts = services
        .copywriter
        .drafts(request.kind, &brief, locale)
        .await?;
    Ok(DraftsResponse {
        kind: request.kind,
        locale,
        drafts,
        generator: services.copywriter.name().to_owned(),
    })
}

/// A body that names something the business does not have.
pub(crate) fn unknown_reference(field: &str) -> ServiceError {
    ServiceError::field(
        field,
        codes::NOT_FOUND,
        "nothing with this id in this business",
    )
}

async fn canvas(services: &Services, business_id: Uuid) -> ServiceResult<CanvasResponse> {
    let rows = store::strategy::list_squares(&services.db, business_id).await?;
    let squares: Vec<CanvasSquareResponse> = CanvasSquare::ALL
        .into_iter()
        .map(|square| {
            let row = rows.iter().find(|r| r.square == square);
            let text = row.map(|r| r.text.clone()).unwrap_or_default();
            let complete = row.is_some_and(|r| r.complete);
            CanvasSquareResponse {
                square,
                number: square.number(),
                phase: square.phase(),
                score: square_score(&text, complete),
                text,
                complete,
                updated_at: row.map(|r| r.updated_at),
            }
        })
        .collect();
    let scores: Vec<(CanvasSquare, u8)> = squares.iter().map(|s| (s.square, s.score)).collect();
    let (completeness, weakest) = canvas_summary(&scores);
    Ok(CanvasResponse {
        squares,
        completeness,
        weakest,
    })
}

pub async fn get_canvas(
    services: &Services,
    access: &BusinessAccess,
) -> ServiceResult<CanvasResponse> {
    access.require(Permission::BusinessRead)?;
    canvas(services, access.business_id).await
}

pub async fn update_canvas(
    services: &Services,
    access: &BusinessAccess,
    request: &UpdateCanvasRequest,
    meta: &RequestMeta,
) -> ServiceResult<CanvasResponse> {
    access.require(Permission::StrategyWrite)?;
    let mut tx = services.db.begin().await?;
    store::businesses::find_for_update(&mut *tx, access.business_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = store::strategy::list_squares(&mut *tx, access.business_id).await?;
    let mut diff = Changes::default();
    let mut changes = Vec::new();
    for (square, update) in request.changes() {
        let stored = before.iter().find(|r| r.square == square);
        let old_text = stored.map_or("", |r| r.text.as_str());
        let old_mark = stored.is_some_and(|r| r.complete);
        let text = update.text.as_deref().map_or(old_text, str::trim);
        let complete = update.complete.unwrap_or(old_mark);
        diff = diff
            .field(&format!("{}.text", square.as_str()), &old_text, &text)
            .field(
                &format!("{}.complete", square.as_str()),
                &old_mark,
                &complete,
            );
        changes.push(SquareChange {
            square,
            text,
            complete,
        });
    }
    if !changes.is_empty() {
        store::strategy::save_squares(&mut *tx, access.business_id, &changes).await?;
    }
    activity::record_update(&mut tx, services, access, meta, entity::CANVAS, None, diff).await?;
    tx.commit().await?;
    canvas(services, access.business_id).await
}

pub(crate) fn goal_response(row: GoalRow, progress: Option<GoalProgress>) -> GoalResponse {
    GoalResponse {
        progress,
        id: row.id,
        metric: row.metric,
        name: row.name,
        target: row.target,
        period_start: row.period_start,
        period_end: row.period_end,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// The rules a goal must meet as a whole, after a create or a patch.
fn check_goal(goal: &GoalData) -> ServiceResult<()> {
    let mut errors = Vec::new();
    let mut error = |field: &str, code: &str, message: &str| {
        errors.push(contract::problem::FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.to_owned(),
        });
    };
    match check_target(goal.metric, goal.target) {
        Ok(()) => {}
        Err(TargetProblem::NotPositive) => error("target", "range", "must be a number above 0"),
        Err(TargetProblem::TooLarge) => error("target", "range", "must be at most 10^15"),
        Err(TargetProblem::NotWhole) => error(
            "target",
            "not_whole",
            "must be a whole number for this metric (money in minor units)",
        ),
    }
    if goal.metric == domain::strategy::GoalMetric::Custom && goal.name.is_none() {
        error("name", "required", "a custom goal needs a name");
    }
    if goal.period_end < goal.period_start {
        error(
            "period_end",
            "before_start",
            "must not be before period_start",
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Validation(errors))
    }
}

async fn one_with_progress(
    services: &Services,
    access: &BusinessAccess,
    row: GoalRow,
) -> ServiceResult<GoalResponse> {
    crate::sales::numbers::goals_with_progress(&services.db, access.business_id, vec![row])
        .await?
        .pop()
        .ok_or(ServiceError::NotFound)
}

pub async fn list_goals(
    services: &Services,
    access: &BusinessAccess,
    query: &PageQuery,
) -> ServiceResult<Page<GoalResponse>> {
    access.require(Permission::BusinessRead)?;
    let after = pagination::decode(query.cursor.as_deref())?;
    let paged =
        store::strategy::list_goals(&services.db, access.business_id, after, query.limit()).await?;
    let next_cursor = paged.next.as_ref().map(pagination::encode);
    let items =
        crate::sales::numbers::goals_with_progress(&services.db, access.business_id, paged.items)
            .await?;
    Ok(Page { items, next_cursor })
}

pub async fn get_goal(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<GoalResponse> {
    access.require(Permission::BusinessRead)?;
    let row = store::strategy::find_goal(&services.db, access.business_id, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    one_with_progress(services, access, row).await
}

pub async fn create_goal(
    services: &Services,
    access: &BusinessAccess,
    request: &CreateGoalRequest,
    meta: &RequestMeta,
) -> ServiceResult<GoalResponse> {
    access.require(Permission::StrategyWrite)?;
    let goal = GoalData {
        metric: request.metric,
        name: patch::clean(request.name.as_deref()),
        target: request.target,
        period_start: request.period_start,
        period_end: request.period_end,
    };
    check_goal(&goal)?;
    let mut tx = services.db.begin().await?;
    businesses::row(&mut *tx, access).await?;
    let row =
        store::strategy::insert_goal(&mut *tx, access.business_id, Uuid::now_v7(), &goal).await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Created, entity::GOAL, Some(row.id)).with(json!({
            "metric": row.metric.as_str(),
            "target": row.target,
        })),
    )
    .await?;
    tx.commit().await?;
    one_with_progress(services, access, row).await
}

pub async fn update_goal(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    request: &UpdateGoalRequest,
    meta: &RequestMeta,
) -> ServiceResult<GoalResponse> {
    access.require(Permission::StrategyWrite)?;
    let mut tx = services.db.begin().await?;
    let before = store::strategy::find_goal(&mut *tx, access.business_id, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut goal = GoalData::from(&before);
    patch::value(&mut goal.metric, &request.metric);
    patch::text(&mut goal.name, &request.name);
    patch::value(&mut goal.target, &request.target);
    patch::value(&mut goal.period_start, &request.period_start);
    patch::value(&mut goal.period_end, &request.period_end);
    check_goal(&goal)?;
    let after = store::strategy::replace_goal(&mut *tx, access.business_id, id, &goal)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let diff = Changes::default()
        .field("metric", &before.metric.as_str(), &after.metric.as_str())
        .field("name", &before.name, &after.name)
        .field("target", &before.target, &after.target)
        .field("period_start", &before.period_start, &after.period_start)
        .field("period_end", &before.period_end, &after.period_end);
    activity::record_update(
        &mut tx,
        services,
        access,
        meta,
        entity::GOAL,
        Some(id),
        diff,
    )
    .await?;
    tx.commit().await?;
    one_with_progress(services, access, after).await
}

pub async fn delete_goal(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::StrategyWrite)?;
    activity::delete_owned(services, access, meta, Owned::Goal, entity::GOAL, id).await
}
