//! The business profile, the canvas squares and business goals.

use chrono::{DateTime, NaiveDate, Utc};
use domain::strategy::{CanvasSquare, GoalMetric};
use sqlx::PgExecutor;
use sqlx::types::Json;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ProfileRow {
    pub founded_year: Option<i32>,
    pub team_size: Option<i32>,
    pub monthly_marketing_budget: Option<i64>,
    pub target_audience: Option<String>,
    pub main_goals: Option<String>,
    pub usp: Option<String>,
    pub elevator_pitch: Option<String>,
    pub logo_url: Option<String>,
    pub fiscal_month_start: i16,
    pub notifications: Json<serde_json::Value>,
    pub churn_window_days: i16,
    pub gross_margin_percent: Option<i16>,
    pub updated_at: DateTime<Utc>,
}

macro_rules! profile_columns {
    () => {
        "founded_year, team_size, monthly_marketing_budget, \
    target_audience, main_goals, usp, elevator_pitch, logo_url, fiscal_month_start, \
    notifications, churn_window_days, gross_margin_percent, updated_at"
    };
}

/// The profile of a business; `None` until someone first saves it.
pub async fn find_profile(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
) -> StoreResult<Option<ProfileRow>> {
    let sql = concat!(
        "select ",
        profile_columns!(),
        " from business_profiles where business_id = $1"
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .fetch_optional(db)
        .await?)
}

/// Writes the whole profile of a business, creating it on first save.
pub async fn save_profile(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    profile: &ProfileRow,
) -> StoreResult<ProfileRow> {
    let sql = concat!(
        "insert into business_profiles (business_id, founded_year, team_size,
            monthly_marketing_budget, target_audience, main_goals, usp, elevator_pitch, logo_url,
            fiscal_month_start, notifications, churn_window_days, gross_margin_percent)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         on conflict (business_id) do update set
            founded_year = excluded.founded_year, team_size = excluded.team_size,
            monthly_marketing_budget = excluded.monthly_marketing_budget,
            target_audience = excluded.target_audience, main_goals = excluded.main_goals,
            usp = excluded.usp, elevator_pitch = excluded.elevator_pitch,
            logo_url = excluded.logo_url, fiscal_month_start = excluded.fiscal_month_start,
            notifications = excluded.notifications,
            churn_window_days = excluded.churn_window_days,
            gross_margin_percent = excluded.gross_margin_percent
         returning ",
        profile_columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(profile.founded_year)
        .bind(profile.team_size)
        .bind(profile.monthly_marketing_budget)
        .bind(&profile.target_audience)
        .bind(&profile.main_goals)
        .bind(&profile.usp)
        .bind(&profile.elevator_pitch)
        .bind(&profile.logo_url)
        .bind(profile.fiscal_month_start)
        .bind(&profile.notifications)
        .bind(profile.churn_window_days)
        .bind(profile.gross_margin_percent)
        .fetch_one(db)
        .await?)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SquareRow {
    #[sqlx(try_from = "String")]
    pub square: CanvasSquare,
    pub text: String,
    pub complete: bool,
    pub updated_at: DateTime<Utc>,
}

/// The squares of a business's canvas that were ever saved.
pub async fn list_squares(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
) -> StoreResult<Vec<SquareRow>> {
    Ok(sqlx::query_as(
        "select square, text, complete, updated_at from canvas_squares where business_id = $1",
    )
    .bind(business_id)
    .fetch_all(db)
    .await?)
}

/// A square's text and mark as they are to be stored.
pub struct SquareChange<'a> {
    pub square: CanvasSquare,
    pub text: &'a str,
    pub complete: bool,
}

/// Saves changed squares in one statement.
pub async fn save_squares(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    changes: &[SquareChange<'_>],
) -> StoreResult<()> {
    let squares: Vec<&str> = changes.iter().map(|c| c.square.as_str()).collect();
    let texts: Vec<&str> = changes.iter().map(|c| c.text).collect();
    let marks: Vec<bool> = changes.iter().map(|c| c.complete).collect();
    sqlx::query(
        "insert into canvas_squares (business_id, square, text, complete)
         select $1, * from unnest($2::text[], $3::text[], $4::bool[])
         on conflict (business_id, square) do update set
            text = excluded.text, complete = excluded.complete",
    )
    .bind(business_id)
    .bind(&squares)
    .bind(&texts)
    .bind(&marks)
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct GoalRow {
    pub id: Uuid,
    #[sqlx(try_from = "String")]
    pub metric: GoalMetric,
    pub name: Option<String>,
    pub target: f64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a goal says, for inserting and replacing it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalData {
    pub metric: GoalMetric,
    pub name: Option<String>,
    pub target: f64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
}

impl From<&GoalRow> for GoalData {
    fn from(row: &GoalRow) -> Self {
        GoalData {
            metric: row.metric,
            name: row.name.clone(),
            target: row.target,
            period_start: row.period_start,
            period_end: row.period_end,
        }
    }
}

macro_rules! goal_columns {
    () => {
        "id, metric, name, target, period_start, period_end, created_at, updated_at"
    };
}

pub async fn insert_goal(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    goal: &GoalData,
) -> StoreResult<GoalRow> {
    let sql = concat!("insert into business_goals (id, business_id, metric, name, target, period_start, period_end)
         values ($1, $2, $3, $4, $5, $6, $7) returning ", goal_columns!());
    Ok(sqlx::query_as(sql)
        .bind(id)
        .bind(business_id)
        .bind(goal.metric.as_str())
        .bind(&goal.name)
        .bind(goal.target)
        .bind(goal.period_start)
        .bind(goal.period_end)
        .fetch_one(db)
        .await?)
}

pub async fn find_goal(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
) -> StoreResult<Option<GoalRow>> {
    let sql = concat!(
        "select ",
        goal_columns!(),
        " from business_goals where business_id = $1 and id = $2"
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// Goals of a business, newest first.
pub async fn list_goals(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<GoalRow, Uuid>> {
    let sql = concat!(
        "select ",
        goal_columns!(),
        " from business_goals
         where business_id = $1 and ($2::uuid is null or id < $2)
         order by id desc limit $3"
    );
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &GoalRow| row.id))
}

/// Goals whose period overlaps `from..=to`, ending soonest first.
pub async fn overlapping_goals(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
) -> StoreResult<Vec<GoalRow>> {
    let sql = concat!(
        "select ",
        goal_columns!(),
        " from business_goals
         where business_id = $1 and period_start <= $3 and period_end >= $2
         order by period_end, id limit $4"
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

pub async fn replace_goal(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    goal: &GoalData,
) -> StoreResult<Option<GoalRow>> {
    let sql = concat!(
        "update business_goals set metric = $3, name = $4, target = $5, period_start = $6,
            period_end = $7
         where business_id = $1 and id = $2 returning ",
        goal_columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .bind(goal.metric.as_str())
        .bind(&goal.name)
        .bind(goal.target)
        .bind(goal.period_start)
        .bind(goal.period_end)
        .fetch_optional(db)
        .await?)
}
