//! BiznesPilot's product rules.
//!
//! Everything here is pure: no I/O, no clock (time is always passed in), no knowledge of
//! HTTP or SQL. The API, the services and the SPA all read the same rules from here, so a
//! rule changes in one place.

pub mod accounts;
pub mod activity;
pub mod businesses;
pub mod copywriting;
pub mod dream_buyer;
pub mod offers;
pub mod permissions;
pub mod strategy;
pub mod text;

/// A stored or received name that none of an enum's values carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    pub kind: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} `{}`", self.kind, self.value)
    }
}

impl std::error::Error for UnknownName {}

/// Lets storage read an enum back from the name it wrote with `as_str`.
macro_rules! from_stored_name {
    ($($ty:ty => $kind:literal),* $(,)?) => {
        $(
            impl TryFrom<String> for $ty {
                type Error = UnknownName;
                fn try_from(value: String) -> Result<Self, UnknownName> {
                    Self::parse(&value).ok_or(UnknownName { kind: $kind, value })
                }
            }
            impl std::fmt::Display for $ty {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        )*
    };
}

from_stored_name! {
    accounts::Locale => "locale",
    accounts::PlatformRole => "platform role",
    activity::ActivityAction => "activity action",
    businesses::Industry => "industry",
    permissions::Role => "role",
    permissions::Permission => "permission",
    strategy::CanvasSquare => "canvas square",
    strategy::GoalMetric => "goal metric",
    dream_buyer::Gender => "gender",
    dream_buyer::Question => "question",
}
