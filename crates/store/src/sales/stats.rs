//! The aggregates the dashboard reads instead of raw orders: `sales_daily_stats` (per day and
//! channel), `customer_months` with `sales_monthly_customers`, and the churn snapshots of
//! `monthly_kpis`. Single writes adjust them by deltas in the writer's transaction; imports and
//! the nightly job rebuild them set-based from the raw rows. Days are the business's time zone.

use chrono::{DateTime, NaiveDate, Utc};
use domain::channels::Channel;
use domain::sales::{LeadStage, OrderStatus};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::StoreResult;
use crate::locks::transaction_lock;
use crate::sales::leads::LeadData;
use crate::sales::orders::OrderData;

/// What of an order the aggregates count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderFacts {
    pub customer_id: Option<Uuid>,
    pub channel: Channel,
    pub ordered_at: DateTime<Utc>,
    pub amount: i64,
    pub status: OrderStatus,
}

impl From<&OrderData> for OrderFacts {
    fn from(order: &OrderData) -> Self {
        OrderFacts {
            customer_id: order.customer_id,
            channel: order.channel,
            ordered_at: order.ordered_at,
            amount: order.amount,
            status: order.status,
        }
    }
}

/// What of a lead the aggregates count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeadFacts {
    pub channel: Channel,
    pub created_at: DateTime<Utc>,
    pub furthest_stage: LeadStage,
    pub stage: LeadStage,
}

impl LeadFacts {
    pub fn of(data: &LeadData, furthest_stage: LeadStage, created_at: DateTime<Utc>) -> Self {
        LeadFacts {
            channel: data.channel,
            created_at,
            furthest_stage,
            stage: data.stage,
        }
    }
}

/// Changes to one row of `sales_daily_stats`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct DailyDelta {
    revenue: i64,
    orders: i32,
    new_customers: i32,
    leads: i32,
    leads_qualified: i32,
    leads_proposal: i32,
    leads_won: i32,
}

impl DailyDelta {
    fn of_lead(lead: &LeadFacts, sign: i32) -> Self {
        let reached =
            |stage: LeadStage| lead.furthest_stage.rank() >= stage.rank() && stage.rank().is_some();
        DailyDelta {
            leads: sign,
            leads_qualified: sign * i32::from(reached(LeadStage::Qualified)),
            leads_proposal: sign * i32::from(reached(LeadStage::Proposal)),
            leads_won: sign * i32::from(lead.stage == LeadStage::Won),
            ..Default::default()
        }
    }
}

/// Serializes the aggregate writes of one business, so two writers never wait on each other's
/// stats rows in opposite orders.
/// Serializes the writers of a business's aggregates and moves its version on, so cached
/// dashboards stop serving once this transaction commits.
async fn lock_business(conn: &mut PgConnection, business_id: Uuid) -> StoreResult<()> {
    transaction_lock(conn, &format!("sales-stats:{business_id}")).await?;
    sqlx::query("select bump_sales_version($1)")
        .bind(business_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What a cached dashboard is checked against, in one read: the live business's time zone
/// and currency, and the version of everything the dashboard reads (0 before the first write).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DashboardBasis {
    pub timezone: String,
    pub currency: String,
    pub version: i64,
}

pub async fn dashboard_basis(
    db: impl sqlx::PgExecutor<'_>,
    business_id: Uuid,
) -> StoreResult<Option<DashboardBasis>> {
    Ok(sqlx::query_as(
        "select b.timezone, b.currency, coalesce(v.version, 0) as version
         from businesses b left join sales_versions v on v.business_id = b.id
         where b.id = $1 and b.deleted_at is null",
    )
    .bind(business_id)
    .fetch_optional(db)
    .await?)
}

async fn add_daily(
    conn: &mut PgConnection,
    business_id: Uuid,
    timezone: &str,
    at: DateTime<Utc>,
    channel: Channel,
    delta: DailyDelta,
) -> StoreResult<()> {
    if delta == DailyDelta::default() {
        return Ok(());
    }
    sqlx::query(
        "insert into sales_daily_stats (business_id, day, channel, revenue, orders, new_customers,
            leads, leads_qualified, leads_proposal, leads_won)
         values ($1, ($2::timestamptz at time zone $3)::date, $4, $5, $6, $7, $8, $9, $10, $11)
         on conflict (business_id, day, channel) do update set
            revenue = sales_daily_stats.revenue + excluded.revenue,
            orders = sales_daily_stats.orders + excluded.orders,
            new_customers = sales_daily_stats.new_customers + excluded.new_customers,
            leads = sales_daily_stats.leads + excluded.leads,
            leads_qualified = sales_daily_stats.leads_qualified + excluded.leads_qualified,
            leads_proposal = sales_daily_stats.leads_proposal + excluded.leads_proposal,
            leads_won = sales_daily_stats.leads_won + excluded.leads_won",
    )
    .bind(business_id)
    .bind(at)
    .bind(timezone)
    .bind(channel.as_str())
    .bind(delta.revenue)
    .bind(delta.orders)
    .bind(delta.new_customers)
    .bind(delta.leads)
    .bind(delta.leads_qualified)
    .bind(delta.leads_proposal)
    .bind(delta.leads_won)
    .execute(conn)
    .await?;
    Ok(())
}

async fn add_monthly_customers(
    conn: &mut PgConnection,
    business_id: Uuid,
    month: NaiveDate,
    channel: &str,
    customers: i32,
    orders: i32,
) -> StoreResult<()> {
    sqlx::query(
        "insert into sales_monthly_customers (business_id, month, channel, customers, orders)
         values ($1, $2, $3, $4, $5)
         on conflict (business_id, month, channel) do update
            set customers = sales_monthly_customers.customers + excluded.customers,
                orders = sales_monthly_customers.orders + excluded.orders",
    )
    .bind(business_id)
    .bind(month)
    .bind(channel)
    .bind(customers)
    .bind(orders)
    .execute(conn)
    .await?;
    Ok(())
}

/// Counts (`sign` = 1) or uncounts (-1) a revenue order in its customer's month.
async fn add_customer_month(
    conn: &mut PgConnection,
    business_id: Uuid,
    timezone: &str,
    customer_id: Uuid,
    order: &OrderFacts,
    sign: i32,
) -> StoreResult<()> {
    if sign > 0 {
        let (inserted, month, channel): (bool, NaiveDate, String) = sqlx::query_as(
            "insert into customer_months (business_id, customer_id, month, channel, orders, revenue)
             values ($1, $2, date_trunc('month', $3::timestamptz at time zone $4)::date, $5, 1, $6)
             on conflict (business_id, month, customer_id) do update set
                orders = customer_months.orders + 1,
                revenue = customer_months.revenue + excluded.revenue
             returning (xmax = 0), month, channel",
        )
        .bind(business_id)
        .bind(customer_id)
        .bind(order.ordered_at)
        .bind(timezone)
        .bind(order.channel.as_str())
        .bind(order.amount)
        .fetch_one(&mut *conn)
        .await?;
        let new_customer = i32::from(inserted);
        add_monthly_customers(conn, business_id, month, &channel, new_customer, 1).await?;
    } else {
        let left: Option<(i32, NaiveDate, String)> = sqlx::query_as(
            "update customer_months set orders = orders - 1, revenue = revenue - $5
             where business_id = $1 and customer_id = $2
               and month = date_trunc('month', $3::timestamptz at time zone $4)::date
             returning orders, month, channel",
        )
        .bind(business_id)
        .bind(customer_id)
        .bind(order.ordered_at)
        .bind(timezone)
        .bind(order.amount)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some((orders, month, channel)) = left {
            let gone = orders <= 0;
            if gone {
                sqlx::query(
                    "delete from customer_months
                     where business_id = $1 and customer_id = $2 and month = $3",
                )
                .bind(business_id)
                .bind(customer_id)
                .bind(month)
                .execute(&mut *conn)
                .await?;
            }
            add_monthly_customers(conn, business_id, month, &channel, -i32::from(gone), -1).await?;
        }
    }
    Ok(())
}

/// Recomputes a customer's order summary; when their first order moves, the "new customer"
/// moves with it to that order's day and channel.
async fn refresh_customer(
    conn: &mut PgConnection,
    business_id: Uuid,
    timezone: &str,
    customer_id: Uuid,
) -> StoreResult<()> {
    let before: Option<(Option<DateTime<Utc>>, Option<String>)> = sqlx::query_as(
        "select first_order_at, first_order_channel from customers
         where business_id = $1 and id = $2 for update",
    )
    .bind(business_id)
    .bind(customer_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(before) = before else {
        return Ok(());
    };
    let sql = concat!(
        "with agg as (
            select min(ordered_at) as first_at, max(ordered_at) as last_at, count(*)::int as n,
                   coalesce(sum(amount), 0)::bigint as total,
                   (array_agg(channel order by ordered_at, id))[1] as first_channel
            from orders
            where business_id = $1 and customer_id = $2 and status in ",
        revenue_statuses!(),
        "
         )
         update customers c set first_order_at = agg.first_at, last_order_at = agg.last_at,
            orders_count = agg.n, total_spent = agg.total, first_order_channel = agg.first_channel
         from agg where c.business_id = $1 and c.id = $2
         returning c.first_order_at, c.first_order_channel"
    );
    let after: (Option<DateTime<Utc>>, Option<String>) = sqlx::query_as(sql)
        .bind(business_id)
        .bind(customer_id)
        .fetch_one(&mut *conn)
        .await?;
    if before == after {
        return Ok(());
    }
    for ((first, channel), sign) in [(before, -1), (after, 1)] {
        if let Some(first) = first {
            let channel = channel
                .as_deref()
                .and_then(Channel::parse)
                .unwrap_or(Channel::Other);
            let delta = DailyDelta {
                new_customers: sign,
                ..Default::default()
            };
            add_daily(conn, business_id, timezone, first, channel, delta).await?;
        }
    }
    Ok(())
}

/// Moves an order's counts from what it was (`old`, none for a new order) to what it is
/// (`new`, none once deleted), inside the writer's transaction.
pub async fn apply_order(
    conn: &mut PgConnection,
    business_id: Uuid,
    timezone: &str,
    old: Option<&OrderFacts>,
    new: Option<&OrderFacts>,
) -> StoreResult<()> {
    if old == new {
        return Ok(());
    }
    lock_business(conn, business_id).await?;
    for (order, sign) in [(old, -1i32), (new, 1)] {
        let Some(order) = order.filter(|o| o.status.is_revenue()) else {
            continue;
        };
        let delta = DailyDelta {
            revenue: i64::from(sign) * order.amount,
            orders: sign,
            ..Default::default()
        };
        add_daily(
            conn,
            business_id,
            timezone,
            order.ordered_at,
            order.channel,
            delta,
        )
        .await?;
        if let Some(customer) = order.customer_id {
            add_customer_month(conn, business_id, timezone, customer, order, sign).await?;
        }
    }
    let old_customer = old.and_then(|o| o.customer_id);
    let new_customer = new.and_then(|o| o.customer_id);
    if let Some(customer) = old_customer {
        refresh_customer(conn, business_id, timezone, customer).await?;
    }
    if let Some(customer) = new_customer.filter(|c| Some(*c) != old_customer) {
        refresh_customer(conn, business_id, timezone, customer).await?;
    }
    Ok(())
}

/// Moves a lead's counts from `old` to `new`, as `apply_order` does for orders.
pub async fn apply_lead(
    conn: &mut PgConnection,
    business_id: Uuid,
    timezone: &str,
    old: Option<&LeadFacts>,
    new: Option<&LeadFacts>,
) -> StoreResult<()> {
    if old == new {
        return Ok(());
    }
    lock_business(conn, business_id).await?;
    for (lead, sign) in [(old, -1), (new, 1)] {
        if let Some(lead) = lead {
            let delta = DailyDelta::of_lead(lead, sign);
            add_daily(
                conn,
                business_id,
                timezone,
                lead.created_at,
                lead.channel,
                delta,
            )
            .await?;
        }
    }
    Ok(())
}

/// Rebuilds every aggregate of a business from its raw rows, set-based: after imports, after
/// a time-zone change, and nightly to heal anything a bug might have left behind.
pub async fn rebuild(
    conn: &mut PgConnection,
    business_id: Uuid,
    timezone: &str,
) -> StoreResult<()> {
    lock_business(conn, business_id).await?;
    let refresh_customers = concat!(
        "with agg as (
            select customer_id, min(ordered_at) as first_at, max(ordered_at) as last_at,
                   count(*)::int as n, sum(amount)::bigint as total,
                   (array_agg(channel order by ordered_at, id))[1] as first_channel
            from orders
            where business_id = $1 and customer_id is not null and status in ",
        revenue_statuses!(),
        "
            group by customer_id
         ), target as (
            select c.id, agg.first_at, agg.last_at, coalesce(agg.n, 0) as n,
                   coalesce(agg.total, 0) as total, agg.first_channel
            from customers c left join agg on agg.customer_id = c.id
            where c.business_id = $1
         )
         update customers c set first_order_at = t.first_at, last_order_at = t.last_at,
            orders_count = t.n, total_spent = t.total, first_order_channel = t.first_channel
         from target t
         where c.business_id = $1 and c.id = t.id
           and (c.first_order_at, c.last_order_at, c.orders_count, c.total_spent,
                c.first_order_channel)
               is distinct from (t.first_at, t.last_at, t.n, t.total, t.first_channel)"
    );
    sqlx::query(refresh_customers)
        .bind(business_id)
        .execute(&mut *conn)
        .await?;
    for sql in [
        "delete from sales_daily_stats where business_id = $1",
        "delete from customer_months where business_id = $1",
        "delete from sales_monthly_customers where business_id = $1",
    ] {
        sqlx::query(sql)
            .bind(business_id)
            .execute(&mut *conn)
            .await?;
    }
    let daily =
        concat!(
        "insert into sales_daily_stats (business_id, day, channel, revenue, orders, new_customers,
            leads, leads_qualified, leads_proposal, leads_won)
         select $1, day, channel, sum(revenue), sum(orders), sum(new_customers), sum(leads),
                sum(qualified), sum(proposal), sum(won)
         from (
            select (ordered_at at time zone $2)::date as day, channel, amount as revenue,
                   1 as orders, 0 as new_customers, 0 as leads, 0 as qualified, 0 as proposal,
                   0 as won
            from orders where business_id = $1 and status in ", revenue_statuses!(), "
            union all
            select (first_order_at at time zone $2)::date, coalesce(first_order_channel, 'other'),
                   0, 0, 1, 0, 0, 0, 0
            from customers where business_id = $1 and first_order_at is not null
            union all
            select (created_at at time zone $2)::date, channel, 0, 0, 0, 1,
                   (furthest_stage in ('qualified', 'proposal', 'won'))::int,
                   (furthest_stage in ('proposal', 'won'))::int,
                   (stage = 'won')::int
            from leads where business_id = $1
         ) facts
         group by day, channel"
    );
    sqlx::query(daily)
        .bind(business_id)
        .bind(timezone)
        .execute(&mut *conn)
        .await?;
    let months =
        concat!(
        "insert into customer_months (business_id, customer_id, month, channel, orders, revenue)
         select $1, customer_id, date_trunc('month', ordered_at at time zone $2)::date,
                (array_agg(channel order by ordered_at, id))[1], count(*), sum(amount)
         from orders
         where business_id = $1 and customer_id is not null and status in ", revenue_statuses!(), "
         group by customer_id, 3"
    );
    sqlx::query(months)
        .bind(business_id)
        .bind(timezone)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "insert into sales_monthly_customers (business_id, month, channel, customers, orders)
         select $1, month, channel, count(*), sum(orders) from customer_months
         where business_id = $1
         group by month, channel",
    )
    .bind(business_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Recomputes the churn snapshots of every month up to `through` (a first of month), at month
/// granularity: with a window of `w` months, a customer is active at the start of month M when
/// they ordered in one of the `w` months before it, and lost in M when their last order before
/// M was exactly `w` months earlier and M brings none.
pub async fn rebuild_churn(
    conn: &mut PgConnection,
    business_id: Uuid,
    window_months: i32,
    through: NaiveDate,
) -> StoreResult<()> {
    sqlx::query("delete from monthly_kpis where business_id = $1")
        .bind(business_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "with r as (
            select customer_id, month,
                   lead(month) over (partition by customer_id order by month) as next
            from customer_months where business_id = $1
         ), span as (
            select min(month) as first from customer_months where business_id = $1
         ), months as (
            select m::date as month
            from span, generate_series(span.first + interval '1 month', $3::date, interval '1 month') m
            where span.first is not null
         ), active as (
            select m::date as month, count(*) as n
            from r, generate_series(
                r.month + interval '1 month',
                least(coalesce(r.next, r.month + make_interval(months => $2)),
                      r.month + make_interval(months => $2)),
                interval '1 month') m
            group by 1
         ), lost as (
            select (month + make_interval(months => $2))::date as month, count(*) as n
            from r
            where next is null or next > month + make_interval(months => $2)
            group by 1
         )
         insert into monthly_kpis (business_id, month, active_at_start, lost)
         select $1, months.month, coalesce(active.n, 0), coalesce(lost.n, 0)
         from months
         left join active using (month)
         left join lost using (month)",
    )
    .bind(business_id)
    .bind(window_months)
    .bind(through)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The channels whose revenue counts as attributed to marketing, as stored names.
fn marketing_channels() -> Vec<&'static str> {
    Channel::ALL
        .iter()
        .filter(|c| c.is_marketing())
        .map(|c| c.as_str())
        .collect()
}

/// Sums over the days `from..=to` (and their months, for customer counts and churn), of one
/// channel or all.
#[derive(Debug, Clone, Copy, Default, PartialEq, sqlx::FromRow)]
pub struct PeriodSums {
    pub revenue: i64,
    pub attributed_revenue: i64,
    pub orders: i64,
    pub new_customers: i64,
    pub leads: i64,
    pub leads_qualified: i64,
    pub leads_proposal: i64,
    pub leads_won: i64,
    pub spend: i64,
    /// Σ over the months of the period of the customers who ordered in each.
    pub customer_months: i64,
    /// The orders of those customers in those months.
    pub customer_orders: i64,
    /// Customers active at the start of each month of the period, summed; none before the
    /// churn snapshots have been computed.
    pub active_at_start: Option<i64>,
    /// Customers lost in each month of the period, summed.
    pub lost: i64,
}

pub async fn period_sums(
    db: impl sqlx::PgExecutor<'_>,
    business_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    channel: Option<Channel>,
) -> StoreResult<PeriodSums> {
    Ok(sqlx::query_as(
        "select
            coalesce(sum(revenue), 0)::bigint as revenue,
            coalesce(sum(revenue) filter (where channel = any($5)), 0)::bigint as attributed_revenue,
            coalesce(sum(orders), 0)::bigint as orders,
            coalesce(sum(new_customers), 0)::bigint as new_customers,
            coalesce(sum(leads), 0)::bigint as leads,
            coalesce(sum(leads_qualified), 0)::bigint as leads_qualified,
            coalesce(sum(leads_proposal), 0)::bigint as leads_proposal,
            coalesce(sum(leads_won), 0)::bigint as leads_won,
            (select coalesce(sum(amount), 0)::bigint from marketing_spend
             where business_id = $1 and day between $2 and $3
               and ($4::text is null or channel = $4)) as spend,
            (select coalesce(sum(customers), 0)::bigint from sales_monthly_customers
             where business_id = $1 and month between date_trunc('month', $2::date)::date and $3
               and ($4::text is null or channel = $4)) as customer_months,
            (select coalesce(sum(orders), 0)::bigint from sales_monthly_customers
             where business_id = $1 and month between date_trunc('month', $2::date)::date and $3
               and ($4::text is null or channel = $4)) as customer_orders,
            (select sum(active_at_start)::bigint from monthly_kpis
             where business_id = $1 and month between date_trunc('month', $2::date)::date and $3)
                as active_at_start,
            (select coalesce(sum(lost), 0)::bigint from monthly_kpis
             where business_id = $1 and month between date_trunc('month', $2::date)::date and $3) as lost
         from sales_daily_stats
         where business_id = $1 and day between $2 and $3 and ($4::text is null or channel = $4)",
    )
    .bind(business_id)
    .bind(from)
    .bind(to)
    .bind(channel.map(Channel::as_str))
    .bind(marketing_channels())
    .fetch_one(db)
    .await?)
}

/// One day of the revenue series.
#[derive(Debug, Clone, Copy, PartialEq, sqlx::FromRow)]
pub struct DayPoint {
    pub day: NaiveDate,
    pub revenue: i64,
    pub orders: i64,
    pub new_customers: i64,
}

/// Days of `from..=to` that have sales, in order.
pub async fn daily_series(
    db: impl sqlx::PgExecutor<'_>,
    business_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<DayPoint>> {
    Ok(sqlx::query_as(
        "select day, sum(revenue)::bigint as revenue, sum(orders)::bigint as orders,
                sum(new_customers)::bigint as new_customers
         from sales_daily_stats
         where business_id = $1 and day between $2 and $3
         group by day order by day",
    )
    .bind(business_id)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

/// A channel's sums over a period.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ChannelSums {
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    pub revenue: i64,
    pub orders: i64,
    pub new_customers: i64,
    pub leads: i64,
    pub spend: i64,
}

/// Whether the business has any order, lead or spend at all.
pub async fn has_data(db: impl sqlx::PgExecutor<'_>, business_id: Uuid) -> StoreResult<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from sales_daily_stats where business_id = $1)
             or exists (select 1 from marketing_spend where business_id = $1)",
    )
    .bind(business_id)
    .fetch_one(db)
    .await?)
}

/// Every channel with sales, leads or spend in `from..=to`, by revenue.
pub async fn by_channel(
    db: impl sqlx::PgExecutor<'_>,
    business_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<ChannelSums>> {
    Ok(sqlx::query_as(
        "with sales as (
            select channel, sum(revenue)::bigint as revenue, sum(orders)::bigint as orders,
                   sum(new_customers)::bigint as new_customers, sum(leads)::bigint as leads
            from sales_daily_stats
            where business_id = $1 and day between $2 and $3
            group by channel
         ), spend as (
            select channel, sum(amount)::bigint as spend from marketing_spend
            where business_id = $1 and day between $2 and $3
            group by channel
         )
         select coalesce(sales.channel, spend.channel) as channel,
                coalesce(revenue, 0) as revenue, coalesce(orders, 0) as orders,
                coalesce(new_customers, 0) as new_customers, coalesce(leads, 0) as leads,
                coalesce(spend, 0) as spend
         from sales full join spend using (channel)
         order by revenue desc, channel",
    )
    .bind(business_id)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?)
}

/// What a goal's progress is read from, over the goal's own period.
#[derive(Debug, Clone, Copy, PartialEq, sqlx::FromRow)]
pub struct GoalSums {
    pub goal_id: Uuid,
    pub revenue: i64,
    pub attributed_revenue: i64,
    pub leads: i64,
    pub new_customers: i64,
    pub spend: i64,
}

/// The sums of each of the goals `ids` over its period, in one query.
pub async fn goal_sums(
    db: impl sqlx::PgExecutor<'_>,
    business_id: Uuid,
    ids: &[Uuid],
) -> StoreResult<Vec<GoalSums>> {
    Ok(sqlx::query_as(
        "select g.id as goal_id,
                coalesce(s.revenue, 0) as revenue, coalesce(s.attributed_revenue, 0) as attributed_revenue,
                coalesce(s.leads, 0) as leads, coalesce(s.new_customers, 0) as new_customers,
                coalesce(m.spend, 0) as spend
         from business_goals g
         left join lateral (
            select sum(revenue)::bigint as revenue,
                   sum(revenue) filter (where channel = any($3))::bigint as attributed_revenue,
                   sum(leads)::bigint as leads, sum(new_customers)::bigint as new_customers
            from sales_daily_stats
            where business_id = g.business_id and day between g.period_start and g.period_end
         ) s on true
         left join lateral (
            select sum(amount)::bigint as spend from marketing_spend
            where business_id = g.business_id and day between g.period_start and g.period_end
         ) m on true
         where g.business_id = $1 and g.id = any($2)",
    )
    .bind(business_id)
    .bind(ids)
    .bind(marketing_channels())
    .fetch_all(db)
    .await?)
}

/// Spend typed by hand for one channel on one day, replacing what was typed before.
pub async fn set_spend(
    db: impl sqlx::PgExecutor<'_>,
    business_id: Uuid,
    day: NaiveDate,
    channel: Channel,
    amount: i64,
) -> StoreResult<()> {
    sqlx::query(
        "insert into marketing_spend (business_id, day, channel, amount) values ($1, $2, $3, $4)
         on conflict (business_id, day, channel, source) do update set amount = excluded.amount",
    )
    .bind(business_id)
    .bind(day)
    .bind(channel.as_str())
    .bind(amount)
    .execute(db)
    .await?;
    Ok(())
}

/// One cell of the cohort table: customers of the cohort (first-order month) who ordered in
/// `month`.
#[derive(Debug, Clone, Copy, PartialEq, sqlx::FromRow)]
pub struct CohortCell {
    pub cohort: NaiveDate,
    pub month: NaiveDate,
    pub customers: i64,
}

/// Retention by first-order month for cohorts from `since` on.
pub async fn cohorts(
    db: impl sqlx::PgExecutor<'_>,
    business_id: Uuid,
    since: NaiveDate,
) -> StoreResult<Vec<CohortCell>> {
    Ok(sqlx::query_as(
        "with firsts as (
            select customer_id, min(month) as cohort from customer_months
            where business_id = $1 group by customer_id
         )
         select f.cohort, cm.month, count(*)::bigint as customers
         from firsts f
         join customer_months cm on cm.business_id = $1 and cm.customer_id = f.customer_id
         where f.cohort >= $2
         group by f.cohort, cm.month
         order by f.cohort, cm.month",
    )
    .bind(business_id)
    .bind(since)
    .fetch_all(db)
    .await?)
}

/// How the KPIs read a business: its churn window in days and gross margin in percent (from
/// the business profile; defaults until it is saved).
pub async fn settings(
    db: impl sqlx::PgExecutor<'_>,
    business_id: Uuid,
) -> StoreResult<(i16, Option<i16>)> {
    let row: Option<(i16, Option<i16>)> = sqlx::query_as(
        "select churn_window_days, gross_margin_percent from business_profiles
         where business_id = $1",
    )
    .bind(business_id)
    .fetch_optional(db)
    .await?;
    Ok(row.unwrap_or((domain::sales::DEFAULT_CHURN_WINDOW_DAYS as i16, None)))
}

/// Businesses (id and time zone) whose local hour is `hour` at `now`: the nightly rebuild runs
/// for each at 01:00 its own time.
pub async fn businesses_at_hour(
    db: impl sqlx::PgExecutor<'_>,
    now: DateTime<Utc>,
    hour: i32,
) -> StoreResult<Vec<(Uuid, String)>> {
    Ok(sqlx::query_as(
        "select id, timezone from businesses
         where deleted_at is null and extract(hour from $1::timestamptz at time zone timezone) = $2",
    )
    .bind(now)
    .bind(f64::from(hour))
    .fetch_all(db)
    .await?)
}
