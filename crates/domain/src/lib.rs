//! BiznesPilot's product rules.
//!
//! Everything here is pure: no I/O, no clock (time is always passed in), no knowledge of
//! HTTP or SQL. The API, the services and the SPA all read the same rules from here, so a
//! rule changes in one place.

pub mod accounts;
pub mod activity;
pub mod businesses;
pub mod channels;
pub mod copywriting;
pub mod dream_buyer;
pub mod jobs;
pub mod money;
pub mod offers;
pub mod permissions;
pub mod sales;
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

/// An enum of names stored and sent as snake_case text: the enum, `ALL`, `as_str`, `parse`,
/// and reading back from storage. The name of each value is written out once, here.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($kind:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(value: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == value)
            }
        }

        $crate::from_stored_name! { $name => $kind }
    };
}
pub(crate) use named_enum;

/// Lets storage read an enum back from the name it wrote with `as_str`.
macro_rules! from_stored_name {
    ($($ty:ty => $kind:literal),* $(,)?) => {
        $(
            impl TryFrom<String> for $ty {
                type Error = $crate::UnknownName;
                fn try_from(value: String) -> Result<Self, $crate::UnknownName> {
                    Self::parse(&value).ok_or($crate::UnknownName { kind: $kind, value })
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

pub(crate) use from_stored_name;

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
