//! Leads and their place in the pipeline.

use chrono::{DateTime, Utc};
use domain::channels::Channel;
use domain::sales::LeadStage;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LeadRow {
    pub id: Uuid,
    #[sqlx(flatten)]
    pub data: LeadData,
    #[sqlx(try_from = "String")]
    pub furthest_stage: LeadStage,
    pub stage_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What people edit about a lead.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LeadData {
    pub external_id: Option<String>,
    pub customer_id: Option<Uuid>,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    #[sqlx(try_from = "String")]
    pub stage: LeadStage,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub value: Option<i64>,
    pub owner_id: Option<Uuid>,
    pub lost_reason: Option<String>,
    pub notes: Option<String>,
}

macro_rules! columns {
    () => {
        "id, external_id, customer_id, name, phone, email, stage, furthest_stage, channel, \
    utm_source, utm_medium, utm_campaign, value, owner_id, lost_reason, notes, stage_changed_at, \
    created_at, updated_at"
    };
}

pub const UNIQUE_EXTERNAL_ID: &str = "leads_external";

pub async fn insert(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &LeadData,
    created_at: DateTime<Utc>,
) -> StoreResult<LeadRow> {
    let sql = concat!(
        "insert into leads (id, business_id, external_id, customer_id, name, phone, email, stage,
            furthest_stage, channel, utm_source, utm_medium, utm_campaign, value, owner_id,
            lost_reason, notes, stage_changed_at, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
            $18)
         returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(id)
        .bind(business_id)
        .bind(&data.external_id)
        .bind(data.customer_id)
        .bind(&data.name)
        .bind(&data.phone)
        .bind(&data.email)
        .bind(data.stage.as_str())
        .bind(data.stage.furthest(LeadStage::New).as_str())
        .bind(data.channel.as_str())
        .bind(&data.utm_source)
        .bind(&data.utm_medium)
        .bind(&data.utm_campaign)
        .bind(data.value)
        .bind(data.owner_id)
        .bind(&data.lost_reason)
        .bind(&data.notes)
        .bind(created_at)
        .fetch_one(db)
        .await?)
}

pub async fn find(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    lock: bool,
) -> StoreResult<Option<LeadRow>> {
    let sql = if lock {
        concat!(
            "select ",
            columns!(),
            " from leads where business_id = $1 and id = $2 for update"
        )
    } else {
        concat!(
            "select ",
            columns!(),
            " from leads where business_id = $1 and id = $2"
        )
    };
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

#[derive(Debug, Clone, Default)]
pub struct LeadFilter<'a> {
    /// An `ILIKE` pattern over name, phone and e-mail.
    pub pattern: Option<&'a str>,
    pub stage: Option<LeadStage>,
    pub channel: Option<Channel>,
    pub owner_id: Option<Uuid>,
}

/// Leads, newest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    filter: &LeadFilter<'_>,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<LeadRow, Uuid>> {
    let sql = concat!(
        "select ",
        columns!(),
        " from leads
         where business_id = $1
           and ($2::text is null
                or (name || ' ' || coalesce(phone, '') || ' ' || coalesce(email, '')) ilike $2)
           and ($3::text is null or stage = $3)
           and ($4::text is null or channel = $4)
           and ($5::uuid is null or owner_id = $5)
           and ($6::uuid is null or id < $6)
         order by id desc limit $7"
    );
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(filter.pattern)
        .bind(filter.stage.map(LeadStage::as_str))
        .bind(filter.channel.map(Channel::as_str))
        .bind(filter.owner_id)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &LeadRow| row.id))
}

/// Writes a lead's fields; a stage change moves `stage_changed_at` and the furthest stage.
pub async fn replace(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
    data: &LeadData,
    furthest_stage: LeadStage,
    now: DateTime<Utc>,
) -> StoreResult<Option<LeadRow>> {
    let sql = concat!(
        "update leads set external_id = $3, customer_id = $4, name = $5, phone = $6, email = $7,
            stage_changed_at = case when stage = $8 then stage_changed_at else $18 end,
            stage = $8, furthest_stage = $9, channel = $10, utm_source = $11, utm_medium = $12,
            utm_campaign = $13, value = $14, owner_id = $15, lost_reason = $16, notes = $17
         where business_id = $1 and id = $2 returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .bind(&data.external_id)
        .bind(data.customer_id)
        .bind(&data.name)
        .bind(&data.phone)
        .bind(&data.email)
        .bind(data.stage.as_str())
        .bind(furthest_stage.as_str())
        .bind(data.channel.as_str())
        .bind(&data.utm_source)
        .bind(&data.utm_medium)
        .bind(&data.utm_campaign)
        .bind(data.value)
        .bind(data.owner_id)
        .bind(&data.lost_reason)
        .bind(&data.notes)
        .bind(now)
        .fetch_optional(db)
        .await?)
}

/// Deletes a lead, returning it so its counts can leave the stats.
pub async fn delete(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    id: Uuid,
) -> StoreResult<Option<LeadRow>> {
    let sql = concat!(
        "delete from leads where business_id = $1 and id = $2 returning ",
        columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// A lead as a bulk write gives it (demo data, imports).
#[derive(Debug, Clone)]
pub struct NewLead {
    pub id: Uuid,
    pub data: LeadData,
    pub furthest_stage: LeadStage,
    pub created_at: DateTime<Utc>,
    pub stage_changed_at: DateTime<Utc>,
}

/// Inserts many leads in one statement; the aggregates come from a rebuild afterwards.
pub async fn insert_many(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    import_id: Option<Uuid>,
    rows: &[NewLead],
) -> StoreResult<u64> {
    let text = |f: fn(&NewLead) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let names: Vec<String> = rows.iter().map(|r| r.data.name.clone()).collect();
    let stages: Vec<&str> = rows.iter().map(|r| r.data.stage.as_str()).collect();
    let furthest: Vec<&str> = rows.iter().map(|r| r.furthest_stage.as_str()).collect();
    let channels: Vec<&str> = rows.iter().map(|r| r.data.channel.as_str()).collect();
    let values: Vec<Option<i64>> = rows.iter().map(|r| r.data.value).collect();
    let created: Vec<DateTime<Utc>> = rows.iter().map(|r| r.created_at).collect();
    let moved: Vec<DateTime<Utc>> = rows.iter().map(|r| r.stage_changed_at).collect();
    let result = sqlx::query(
        "insert into leads (id, business_id, import_id, external_id, name, phone, email, stage,
            furthest_stage, channel, utm_source, value, lost_reason, stage_changed_at, created_at,
            updated_at)
         select id, $1, $2, external_id, name, phone, email, stage, furthest, channel, utm_source,
                value, lost_reason, moved, created_at, moved
         from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::text[], $11::text[], $12::bigint[], $13::text[],
                     $14::timestamptz[], $15::timestamptz[])
              as t(id, external_id, name, phone, email, stage, furthest, channel, utm_source,
                   value, lost_reason, moved, created_at)",
    )
    .bind(business_id)
    .bind(import_id)
    .bind(ids)
    .bind(text(|r| r.data.external_id.clone()))
    .bind(names)
    .bind(text(|r| r.data.phone.clone()))
    .bind(text(|r| r.data.email.clone()))
    .bind(stages)
    .bind(furthest)
    .bind(channels)
    .bind(text(|r| r.data.utm_source.clone()))
    .bind(values)
    .bind(text(|r| r.data.lost_reason.clone()))
    .bind(moved)
    .bind(created)
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}
