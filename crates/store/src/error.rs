//! Errors of the storage layer.
//!
//! Expected outcomes that callers branch on (a row that is not there, a unique key already
//! taken) are variants; everything else is the database's own error, which callers report
//! as an internal failure.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique or exclusion constraint refused the write; carries the constraint's name.
    #[error("constraint `{0}` refused the write")]
    Conflict(String),
    /// A foreign key refused the write or delete: other rows still point at this one.
    #[error("constraint `{0}` keeps the row referenced")]
    Referenced(String),
    #[error("redis: {0}")]
    Redis(String),
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error
            && (db.is_unique_violation() || db.kind() == sqlx::error::ErrorKind::ExclusionViolation)
        {
            return StoreError::Conflict(db.constraint().unwrap_or_default().to_owned());
        }
        if let sqlx::Error::Database(db) = &error
            && db.is_foreign_key_violation()
        {
            return StoreError::Referenced(db.constraint().unwrap_or_default().to_owned());
        }
        StoreError::Database(error)
    }
}

impl StoreError {
    /// Whether a unique constraint with this name refused the write.
    pub fn is_conflict_on(&self, constraint: &str) -> bool {
        matches!(self, StoreError::Conflict(name) if name == constraint)
    }
}
