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
}
