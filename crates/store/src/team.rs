//! Members of businesses and invitations to join them.

use chrono::{DateTime, Utc};
use domain::permissions::Role;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::StoreResult;
use crate::pagination::{Paged, fetch_limit};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

/// Members of a business in the order they joined.
pub async fn list_members(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: u32,
) -> StoreResult<Paged<MemberRow, (DateTime<Utc>, Uuid)>> {
    let (after_at, after_id) = after.unzip();
    let rows = sqlx::query_as(
        "select m.user_id, u.name, u.email, m.role, m.created_at
         from memberships m join users u on u.id = m.user_id
         where m.business_id = $1
           and ($2::timestamptz is null or (m.created_at, m.user_id) > ($2, $3))
         order by m.created_at, m.user_id limit $4",
    )
    .bind(business_id)
    .bind(after_at)
    .bind(after_id)
    .bind(fetch_limit(limit))
    .fetch_all(db)
    .await?;
    Ok(Paged::from_rows(rows, limit, |row: &MemberRow| {
        (row.created_at, row.user_id)
    }))
}

pub async fn find_member(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    user_id: Uuid,
) -> StoreResult<Option<MemberRow>> {
    Ok(sqlx::query_as(
        "select m.user_id, u.name, u.email, m.role, m.created_at
         from memberships m join users u on u.id = m.user_id
         where m.business_id = $1 and m.user_id = $2",
    )
    .bind(business_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?)
}

/// Locks a membership row for a role change inside a transaction.
pub async fn lock_member_role(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    user_id: Uuid,
) -> StoreResult<Option<Role>> {
    let role: Option<String> = sqlx::query_scalar(
        "select role from memberships where business_id = $1 and user_id = $2 for update",
    )
    .bind(business_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    Ok(role.as_deref().and_then(Role::parse))
}

pub async fn add_member(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    user_id: Uuid,
    role: Role,
) -> StoreResult<()> {
    sqlx::query("insert into memberships (business_id, user_id, role) values ($1, $2, $3)")
        .bind(business_id)
        .bind(user_id)
        .bind(role.as_str())
        .execute(db)
        .await?;
    Ok(())
}

pub async fn set_role(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    user_id: Uuid,
    role: Role,
) -> StoreResult<()> {
    sqlx::query("update memberships set role = $3 where business_id = $1 and user_id = $2")
        .bind(business_id)
        .bind(user_id)
        .bind(role.as_str())
        .execute(db)
        .await?;
    Ok(())
}

pub async fn remove_member(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    user_id: Uuid,
) -> StoreResult<bool> {
    let result = sqlx::query("delete from memberships where business_id = $1 and user_id = $2")
        .bind(business_id)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Swaps the owner: the old owner becomes an admin, the new one the owner. Both rows must be
/// locked by the caller's transaction.
pub async fn transfer_ownership(
    conn: &mut sqlx::PgConnection,
    business_id: Uuid,
    from_user: Uuid,
    to_user: Uuid,
) -> StoreResult<()> {
    // The partial unique index allows one owner at a time, so demote first.
    set_role(&mut *conn, business_id, from_user, Role::Admin).await?;
    set_role(&mut *conn, business_id, to_user, Role::Owner).await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: Uuid,
    pub business_id: Uuid,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub invited_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

macro_rules! invitation_columns {
    () => {
        "i.id, i.business_id, i.email, i.role, i.invited_by, i.created_at, i.expires_at"
    };
}

pub struct NewInvitation<'a> {
    pub id: Uuid,
    pub business_id: Uuid,
    pub email: &'a str,
    pub role: Role,
    pub token_hash: &'a [u8],
    pub invited_by: Uuid,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Creates an invitation, replacing an open one to the same address (its link stops working).
pub async fn upsert_invitation(
    conn: &mut sqlx::PgConnection,
    invitation: NewInvitation<'_>,
) -> StoreResult<InvitationRow> {
    sqlx::query(
        "update invitations set revoked_at = $3
         where business_id = $1 and email = $2 and accepted_at is null and revoked_at is null",
    )
    .bind(invitation.business_id)
    .bind(invitation.email)
    .bind(invitation.now)
    .execute(&mut *conn)
    .await?;
    let sql = concat!(
        "insert into invitations as i (id, business_id, email, role, token_hash, invited_by, created_at, expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning ",
        invitation_columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(invitation.id)
        .bind(invitation.business_id)
        .bind(invitation.email)
        .bind(invitation.role.as_str())
        .bind(invitation.token_hash)
        .bind(invitation.invited_by)
        .bind(invitation.now)
        .bind(invitation.expires_at)
        .fetch_one(&mut *conn)
        .await?)
}

/// Open (neither accepted, revoked nor expired) invitations of a business, newest first.
pub async fn list_open_invitations(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    now: DateTime<Utc>,
    after: Option<Uuid>,
    limit: u32,
) -> StoreResult<Paged<InvitationRow, Uuid>> {
    let sql = concat!(
        "select ",
        invitation_columns!(),
        " from invitations i
         where i.business_id = $1 and i.accepted_at is null and i.revoked_at is null and i.expires_at > $2
           and ($3::uuid is null or i.id < $3)
         order by i.id desc limit $4"
    );
    let rows = sqlx::query_as(sql)
        .bind(business_id)
        .bind(now)
        .bind(after)
        .bind(fetch_limit(limit))
        .fetch_all(db)
        .await?;
    Ok(Paged::from_rows(rows, limit, |row: &InvitationRow| row.id))
}

pub async fn revoke_invitation(
    db: impl PgExecutor<'_>,
    business_id: Uuid,
    invitation_id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<Option<InvitationRow>> {
    let sql = concat!(
        "update invitations as i set revoked_at = $3
         where i.business_id = $1 and i.id = $2 and i.accepted_at is null and i.revoked_at is null
         returning ",
        invitation_columns!()
    );
    Ok(sqlx::query_as(sql)
        .bind(business_id)
        .bind(invitation_id)
        .bind(now)
        .fetch_optional(db)
        .await?)
}

/// An open invitation by its token, with what the invitee needs to see.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationByToken {
    #[sqlx(flatten)]
    pub invitation: InvitationRow,
    pub business_name: String,
    pub invited_by_name: Option<String>,
}

/// Finds an open invitation by token; with `lock`, locks it for acceptance.
pub async fn find_open_invitation_by_token(
    db: impl PgExecutor<'_>,
    token_hash: &[u8],
    now: DateTime<Utc>,
    lock: bool,
) -> StoreResult<Option<InvitationByToken>> {
    macro_rules! open_by_token {
        () => {
            concat!(
                "select ",
                invitation_columns!(),
                ", b.name as business_name, u.name as invited_by_name
                 from invitations i
                 join businesses b on b.id = i.business_id and b.deleted_at is null
                 left join users u on u.id = i.invited_by
                 where i.token_hash = $1 and i.accepted_at is null and i.revoked_at is null
                   and i.expires_at > $2"
            )
        };
    }
    let sql = if lock {
        concat!(open_by_token!(), " for update of i")
    } else {
        open_by_token!()
    };
    Ok(sqlx::query_as(sql)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(db)
        .await?)
}

pub async fn mark_invitation_accepted(
    db: impl PgExecutor<'_>,
    invitation_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("update invitations set accepted_at = $3, accepted_by = $2 where id = $1")
        .bind(invitation_id)
        .bind(user_id)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}
