//! Who writes marketing copy: USP and pitch drafts, and suggestions for the dream buyer's
//! questions. The built-in copywriter fills the domain's templates; the AI advisor will put a
//! language model behind the same trait, so callers never know which one answered.

use domain::accounts::Locale;
use domain::businesses::Industry;
use domain::copywriting::{Brief, DraftKind};
use domain::dream_buyer::Question;
use futures_util::future::{BoxFuture, FutureExt};

use crate::error::ServiceResult;

pub trait Copywriter: Send + Sync {
    /// Named in answers as `generator`.
    fn name(&self) -> &'static str;

    fn drafts<'a>(
        &'a self,
        kind: DraftKind,
        brief: &'a Brief,
        locale: Locale,
    ) -> BoxFuture<'a, ServiceResult<Vec<String>>>;

    fn suggestions<'a>(
        &'a self,
        question: Question,
        industry: Option<Industry>,
        locale: Locale,
    ) -> BoxFuture<'a, ServiceResult<Vec<String>>>;
}

/// Templates of the domain, in the reader's language; always available, costs nothing.
pub struct BuiltinCopywriter;

impl Copywriter for BuiltinCopywriter {
    fn name(&self) -> &'static str {
        "builtin"
    }

    fn drafts<'a>(
        &'a self,
        kind: DraftKind,
        brief: &'a Brief,
        locale: Locale,
    ) -> BoxFuture<'a, ServiceResult<Vec<String>>> {
        let drafts = domain::copywriting::drafts(kind, brief, locale);
        async move { Ok(drafts) }.boxed()
    }

    fn suggestions<'a>(
        &'a self,
        question: Question,
        industry: Option<Industry>,
        locale: Locale,
    ) -> BoxFuture<'a, ServiceResult<Vec<String>>> {
        let suggestions = domain::dream_buyer::suggestions(question, industry, locale)
            .into_iter()
            .map(str::to_owned)
            .collect();
        async move { Ok(suggestions) }.boxed()
    }
}
