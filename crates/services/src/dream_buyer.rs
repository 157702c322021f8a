//! Dream buyer avatars: the wizard's saves, the persona list, duplicates, archive and the
//! suggestions for each question.

use contract::dream_buyer::*;
use contract::pagination::{ArchiveQuery, Page};
use contract::problem::{FieldError, codes};
use domain::activity::{ActivityAction, entity};
use domain::dream_buyer::{Demographics, MAX_PER_BUSINESS, Question, completeness};
use domain::permissions::Permission;
use serde_json::json;
use store::dream_buyer::{DreamBuyerData, DreamBuyerRow, StoredGender};
use store::owned::Owned;
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Changes, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::{pagination, patch, stored};

fn answers_of(data: &DreamBuyerData) -> ServiceResult<Answers> {
    stored::read(data.answers.clone())
}

fn response(row: DreamBuyerRow) -> ServiceResult<DreamBuyerResponse> {
    let answers = answers_of(&row.data)?;
    let data = row.data;
    let age = |age: Option<i16>| age.and_then(|a| u8::try_from(a).ok());
    let filled = |field: &Option<String>| field.is_some();
    let demographics = Demographics {
        age: data.age_min.is_some() || data.age_max.is_some(),
        gender: data.gender.0.is_some(),
        income: filled(&data.income),
        location: filled(&data.location),
        occupation: filled(&data.occupation),
    };
    let completeness = completeness(
        Question::ALL.iter().filter_map(|q| answers.get(*q)),
        demographics,
    );
    Ok(DreamBuyerResponse {
        id: row.id,
        name: data.name,
        description: data.description,
        age_min: age(data.age_min),
        age_max: age(data.age_max),
        gender: data.gender.0,
        income: data.income,
        location: data.location,
        occupation: data.occupation,
        answers,
        wizard_step: u8::try_from(data.wizard_step).unwrap_or(0),
        completeness,
        archived: data.archived_at.is_some(),
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The one place that decides how many avatars a business may keep.
async fn ensure_capacity(conn: &mut store::PgConnection, business_id: Uuid) -> ServiceResult<()> {
    let kept = store::dream_buyer::count(&mut *conn, business_id).await?;
    if kept >= MAX_PER_BUSINESS {
        return Err(ServiceError::conflict(
            codes::LIMIT_REACHED,
            format!(
                "A business can keep at most {MAX_PER_BUSINESS} dream buyers; delete one first."
            ),
        ));
    }
    Ok(())
}

fn check_ages(data: &DreamBuyerData) -> ServiceResult<()> {
    match (data.age_min, data.age_max) {
        (Some(min), Some(max)) if min > max => Err(ServiceError::Validation(vec![FieldError {
            field: "age_max".into(),
            code: "below_age_min".into(),
            message: "must not be below age_min".into(),
        }])),
        _ => Ok(()),
    }
}

pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &ArchiveQuery,
) -> ServiceResult<Page<DreamBuyerResponse>> {
    access.require(Permission::BusinessRead)?;
    let page = query.page();
    let after = pagination::decode(page.cursor.as_deref())?;
    let paged = store::dream_buyer::list(
        &services.db,
        access.business_id,
        query.archived.unwrap_or(false),
        after,
        page.limit(),
    )
    .await?;
    pagination::try_page(paged, response)
}

pub async fn get(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<DreamBuyerResponse> {
    access.require(Permission::BusinessRead)?;
    let row = store::dream_buyer::find(&services.db, access.business_id, id, false)
        .await?
        .ok_or(ServiceError::NotFound)?;
    response(row)
}

pub async fn create(
    services: &Services,
    access: &BusinessAccess,
    request: &CreateDreamBuyerRequest,
    meta: &RequestMeta,
) -> ServiceResult<DreamBuyerResponse> {
    access.require(Permission::DreamBuyersWrite)?;
    let answers =
        Answers::default().merged(request.answers.as_ref().unwrap_or(&Answers::default()));
    let data = DreamBuyerData {
        name: request.name.trim().to_owned(),
        description: patch::clean(request.description.as_deref()),
        age_min: request.age_min.map(i16::from),
        age_max: request.age_max.map(i16::from),
        gender: StoredGender(request.gender),
        income: patch::clean(request.income.as_deref()),
        location: patch::clean(request.location.as_deref()),
        occupation: patch::clean(request.occupation.as_deref()),
        answers: stored::write(&answers)?,
        wizard_step: 0,
        archived_at: None,
    };
    check_ages(&data)?;
    let mut tx = services.db.begin().await?;
    // The business row's lock makes the capacity check and the insert one step.
    store::businesses::find_for_update(&mut *tx, access.business_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    ensure_capacity(&mut tx, access.business_id).await?;
    let row =
        store::dream_buyer::insert(&mut *tx, access.business_id, Uuid::now_v7(), &data).await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Created, entity::DREAM_BUYER, Some(row.id))
            .with(json!({ "name": row.data.name })),
    )
    .await?;
    tx.commit().await?;
    response(row)
}

pub async fn update(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    request: &UpdateDreamBuyerRequest,
    meta: &RequestMeta,
) -> ServiceResult<DreamBuyerResponse> {
    access.require(Permission::DreamBuyersWrite)?;
    let mut tx = services.db.begin().await?;
    let before = store::dream_buyer::find(&mut *tx, access.business_id, id, true)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let old_answers = answers_of(&before.data)?;
    let mut data = before.data.clone();
    if let Some(name) = &request.name {
        data.name = name.trim().to_owned();
    }
    patch::text(&mut data.description, &request.description);
    if let Some(age) = request.age_min {
        data.age_min = age.map(i16::from);
    }
    if let Some(age) = request.age_max {
        data.age_max = age.map(i16::from);
    }
    if let Some(gender) = request.gender {
        data.gender = StoredGender(gender);
    }
    patch::text(&mut data.income, &request.income);
    patch::text(&mut data.location, &request.location);
    patch::text(&mut data.occupation, &request.occupation);
    let new_answers = match &request.answers {
        Some(sent) => old_answers.merged(sent),
        None => old_answers.clone(),
    };
    data.answers = stored::write(&new_answers)?;
    if let Some(step) = request.wizard_step {
        data.wizard_step = i16::from(step);
    }
    patch::archive(&mut data.archived_at, request.archived, services.now());
    check_ages(&data)?;
    let after = store::dream_buyer::replace(&mut *tx, access.business_id, id, &data)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (b, a) = (&before.data, &after.data);
    let mut diff = Changes::default()
        .field("name", &b.name, &a.name)
        .field("description", &b.description, &a.description)
        .field("age_min", &b.age_min, &a.age_min)
        .field("age_max", &b.age_max, &a.age_max)
        .field(
            "gender",
            &b.gender.0.map(|g| g.as_str()),
            &a.gender.0.map(|g| g.as_str()),
        )
        .field("income", &b.income, &a.income)
        .field("location", &b.location, &a.location)
        .field("occupation", &b.occupation, &a.occupation)
        .field(
            "archived",
            &b.archived_at.is_some(),
            &a.archived_at.is_some(),
        );
    for question in Question::ALL {
        diff = diff.field(
            &format!("answers.{}", question.as_str()),
            &old_answers.get(question),
            &new_answers.get(question),
        );
    }
    // Moving through the wizard alone is not an edit worth a log line.
    activity::record_update(
        &mut tx,
        services,
        access,
        meta,
        entity::DREAM_BUYER,
        Some(id),
        diff,
    )
    .await?;
    tx.commit().await?;
    response(after)
}

/// A copy of an avatar to vary; it starts active, at the wizard's first step.
pub async fn duplicate(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<DreamBuyerResponse> {
    access.require(Permission::DreamBuyersWrite)?;
    let mut tx = services.db.begin().await?;
    store::businesses::find_for_update(&mut *tx, access.business_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let original = store::dream_buyer::find(&mut *tx, access.business_id, id, false)
        .await?
        .ok_or(ServiceError::NotFound)?;
    ensure_capacity(&mut tx, access.business_id).await?;
    let mut data = original.data;
    data.name = copy_name(&data.name);
    data.archived_at = None;
    data.wizard_step = 0;
    let row =
        store::dream_buyer::insert(&mut *tx, access.business_id, Uuid::now_v7(), &data).await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Created, entity::DREAM_BUYER, Some(row.id))
            .with(json!({ "name": row.data.name, "copied_from": id })),
    )
    .await?;
    tx.commit().await?;
    response(row)
}

/// The name of a copy: the original's with a mark, within the 120 characters a name may have.
pub(crate) fn copy_name(name: &str) -> String {
    const MARK: &str = " (2)";
    let kept: String = name.chars().take(120 - MARK.len()).collect();
    format!("{}{MARK}", kept.trim_end())
}

pub async fn delete(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    access.require(Permission::DreamBuyersWrite)?;
    activity::delete_owned(
        services,
        access,
        meta,
        Owned::DreamBuyer,
        entity::DREAM_BUYER,
        id,
    )
    .await
}

/// Ideas for one question, knowing the business's industry.
pub async fn suggestions(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    request: &SuggestionsRequest,
) -> ServiceResult<SuggestionsResponse> {
    access.require(Permission::DreamBuyersWrite)?;
    let (business, _) = tokio::try_join!(crate::businesses::row(&services.db, access), async {
        store::dream_buyer::find(&services.db, access.business_id, id, false)
            .await?
            .ok_or(ServiceError::NotFound)
    })?;
    let locale = request.locale.unwrap_or(business.locale);
    let suggestions = services
        .copywriter
        .suggestions(request.question, business.industry.0, locale)
        .await?;
    Ok(SuggestionsResponse {
        question: request.question,
        locale,
        suggestions,
        generator: services.copywriter.name().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_keep_within_the_name_limit() {
        assert_eq!(copy_name("Dilnoza"), "Dilnoza (2)");
        let long = "a".repeat(120);
        assert_eq!(copy_name(&long).chars().count(), 120);
    }
}
