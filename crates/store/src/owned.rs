//! What every kind of row a business owns shares: deleting one by id, within its business.

use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;

/// Kinds of rows deleted by id within their business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    Goal,
    DreamBuyer,
    Offer,
    Product,
    Customer,
    Channel,
}

/// Deletes one row of the business; false when the business has no such row.
pub async fn delete(
    db: impl PgExecutor<'_>,
    kind: Owned,
    business_id: Uuid,
    id: Uuid,
) -> StoreResult<bool> {
    let sql = match kind {
        Owned::Goal => "delete from business_goals where business_id = $1 and id = $2",
        Owned::DreamBuyer => "delete from dream_buyers where business_id = $1 and id = $2",
        Owned::Offer => "delete from offers where business_id = $1 and id = $2",
        Owned::Product => "delete from products where business_id = $1 and id = $2",
        Owned::Customer => "delete from customers where business_id = $1 and id = $2",
        Owned::Channel => "delete from channels where business_id = $1 and id = $2",
    };
    let result = sqlx::query(sql)
        .bind(business_id)
        .bind(id)
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}
