//! Where customers come from (SPEC §3): the marketing channels a business runs, and the other
//! sources a lead or an order can name.

use crate::named_enum;
use crate::text::Text;

named_enum! {
    /// A source of leads and orders. The first seven are marketing channels that can be
    /// connected and carry spend; the rest are sources that cost no ad money.
    pub enum Channel ("channel") {
        Instagram = "instagram",
        Telegram = "telegram",
        Facebook = "facebook",
        GoogleAds = "google_ads",
        Website = "website",
        Tiktok = "tiktok",
        Youtube = "youtube",
        /// A shop, a stall, a phone call: sales not started online.
        Offline = "offline",
        /// Word of mouth from an existing customer.
        Referral = "referral",
        Other = "other",
    }
}

impl Channel {
    /// The channel's name as people say it.
    pub fn label(self) -> Text {
        match self {
            Channel::Instagram => Text::new("Instagram", "Instagram", "Instagram"),
            Channel::Telegram => Text::new("Telegram", "Telegram", "Telegram"),
            Channel::Facebook => Text::new("Facebook", "Facebook", "Facebook"),
            Channel::GoogleAds => Text::new("Google Ads", "Google Ads", "Google Ads"),
            Channel::Website => Text::new("Veb-sayt", "Сайт", "Website"),
            Channel::Tiktok => Text::new("TikTok", "TikTok", "TikTok"),
            Channel::Youtube => Text::new("YouTube", "YouTube", "YouTube"),
            Channel::Offline => Text::new("Oflayn", "Офлайн", "Offline"),
            Channel::Referral => Text::new("Tavsiya", "Рекомендации", "Referrals"),
            Channel::Other => Text::new("Boshqa", "Другое", "Other"),
        }
    }

    /// Whether money is spent on this channel, so its revenue counts as attributed revenue
    /// for ROAS and ROI.
    pub fn is_marketing(self) -> bool {
        !matches!(self, Channel::Offline | Channel::Referral | Channel::Other)
    }

    /// The channel an import or a UTM source names, read leniently: `ig`, `Instagram Ads`,
    /// `t.me`, `google / cpc`. Unknown sources are `Other`, never an error.
    pub fn from_source(source: &str) -> Channel {
        let source = source.trim().to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| source.contains(w));
        if let Some(exact) = Channel::parse(&source) {
            exact
        } else if has(&["instagram", "insta"]) || source == "ig" {
            Channel::Instagram
        } else if has(&["telegram", "t.me"]) || source == "tg" {
            Channel::Telegram
        } else if has(&["facebook", "fb.", "meta"]) || source == "fb" {
            Channel::Facebook
        } else if has(&["google", "adwords", "gclid"]) {
            Channel::GoogleAds
        } else if has(&["tiktok"]) {
            Channel::Tiktok
        } else if has(&["youtube", "youtu.be"]) {
            Channel::Youtube
        } else if has(&["site", "web", "seo", "organic"]) {
            Channel::Website
        } else if has(&["referral", "tavsiya", "рекомендац", "friend"]) {
            Channel::Referral
        } else if has(&["offline", "shop", "do'kon", "do‘kon", "магазин", "store"]) {
            Channel::Offline
        } else {
            Channel::Other
        }
    }
}

named_enum! {
    /// Where a channel stands.
    pub enum ChannelStatus ("channel status") {
        /// Synced every hour.
        Connected = "connected",
        /// Kept with its history, not synced.
        Paused = "paused",
        /// The provider refused our access (revoked or expired): a person must authorise again.
        Reconnect = "reconnect",
        /// Numbers are entered or imported by hand.
        Manual = "manual",
    }
}

named_enum! {
    /// How one sync of a channel ended.
    pub enum SyncStatus ("sync status") {
        Running = "running",
        Ok = "ok",
        /// Failed; retried with backoff unless it was the last attempt.
        Failed = "failed",
        /// The provider asked us to slow down; retried after its wait.
        Throttled = "throttled",
        /// Access was revoked or expired: not retried until a person reconnects.
        Reconnect = "reconnect",
    }
}

/// How a channel gets access to its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The business signs in with the provider (Meta, Google) and grants us a token.
    OAuth(Provider),
    /// The business adds our Telegram bot to its channel as an administrator.
    Bot,
    /// No API yet: numbers are entered or imported by hand.
    Manual,
}

/// Whose API a channel speaks: the unit of rate limits and concurrency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Telegram,
    Meta,
    Google,
}

impl Provider {
    pub const ALL: [Provider; 3] = [Provider::Telegram, Provider::Meta, Provider::Google];

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Telegram => "telegram",
            Provider::Meta => "meta",
            Provider::Google => "google",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
    }
}

impl Channel {
    /// How the channel is connected; `None` for sources that are not channels (offline…).
    pub fn access(self) -> Option<Access> {
        match self {
            Channel::Instagram | Channel::Facebook => Some(Access::OAuth(Provider::Meta)),
            Channel::GoogleAds | Channel::Website => Some(Access::OAuth(Provider::Google)),
            Channel::Telegram => Some(Access::Bot),
            Channel::Tiktok | Channel::Youtube => Some(Access::Manual),
            Channel::Offline | Channel::Referral | Channel::Other => None,
        }
    }

    /// The provider whose API syncs this channel.
    pub fn provider(self) -> Option<Provider> {
        match self.access()? {
            Access::OAuth(provider) => Some(provider),
            Access::Bot => Some(Provider::Telegram),
            Access::Manual => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.as_str()), Some(*channel));
            assert_eq!(Channel::from_source(channel.as_str()), *channel);
        }
    }

    #[test]
    fn sources_are_read_leniently() {
        assert_eq!(Channel::from_source("Instagram Ads"), Channel::Instagram);
        assert_eq!(Channel::from_source("ig"), Channel::Instagram);
        assert_eq!(
            Channel::from_source("https://t.me/samarqand_non"),
            Channel::Telegram
        );
        assert_eq!(Channel::from_source("google / cpc"), Channel::GoogleAds);
        assert_eq!(Channel::from_source("Do‘kon"), Channel::Offline);
        assert_eq!(Channel::from_source("billboard"), Channel::Other);
        assert!(Channel::Instagram.is_marketing());
        assert!(!Channel::Referral.is_marketing());
    }

    #[test]
    fn every_marketing_channel_has_a_way_to_connect_and_sources_have_none() {
        for channel in Channel::ALL {
            assert_eq!(
                channel.access().is_some(),
                channel.is_marketing(),
                "{channel:?}"
            );
        }
        assert_eq!(Channel::Website.provider(), Some(Provider::Google));
        assert_eq!(Channel::Tiktok.provider(), None);
        for provider in Provider::ALL {
            assert_eq!(Provider::parse(provider.as_str()), Some(provider));
        }
    }
}
