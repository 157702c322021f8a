//! Reading spreadsheets exported as CSV in the browser: splitting a line into its fields, and
//! a sheet of spend (day, channel, amount) into entries for `PUT …/spend`. Plain Rust, tested
//! on the host.

use chrono::NaiveDate;
use contract::channels::SpendInput;
use contract::domain::channels::Channel;
use contract::domain::money::parse_amount;
use contract::sales::csv_delimiter;

/// The fields of one CSV line, quoted ones included (`""` is a quote inside quotes), trimmed.
pub fn csv_fields(line: &str, delimiter: char) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields.into_iter().map(|f| f.trim().to_owned()).collect()
}

/// What is wrong with a line of a spend sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpendProblem {
    /// The header names no day, channel and amount columns.
    Columns,
    Day,
    /// Not a channel that costs ad money.
    Channel,
    Amount,
}

/// A line (1-based, as a spreadsheet numbers it) that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpendLineError {
    pub line: usize,
    pub problem: SpendProblem,
}

/// `2026-11-01` or `01.11.2026`, as Uzbek and Russian spreadsheets write days.
fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .ok()
}

/// Where the day, channel and amount are: named by a header in Uzbek, Russian or English,
/// or, when the first line is already data, the first three columns.
fn columns(first: &[String]) -> Option<([usize; 3], bool)> {
    if first.first().is_some_and(|f| day(f).is_some()) {
        return Some(([0, 1, 2], false));
    }
    let find = |names: &[&str]| {
        first.iter().position(|f| {
            let f = f.to_lowercase();
            names.iter().any(|n| f == *n)
        })
    };
    Some((
        [
            find(&["day", "date", "sana", "kun", "дата", "день"])?,
            find(&["channel", "source", "kanal", "manba", "канал", "источник"])?,
            find(&["amount", "spend", "summa", "xarajat", "сумма", "расход"])?,
        ],
        true,
    ))
}

/// The entries of a spend sheet, all or nothing: the first line that cannot be read is the
/// error. Channels are read leniently (`ig`, `Instagram Ads`, `t.me`), amounts in so'm
/// (`120 000`, `120000.50`).
pub fn spend_entries(text: &str) -> Result<Vec<SpendInput>, SpendLineError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, first_line)) = lines.clone().next() else {
        return Ok(Vec::new());
    };
    let delimiter = char::from(csv_delimiter(first_line));
    let error = |line: usize, problem| SpendLineError {
        line: line + 1,
        problem,
    };
    let ([d, c, a], header) =
        columns(&csv_fields(first_line, delimiter)).ok_or(error(0, SpendProblem::Columns))?;
    if header {
        lines.next();
    }
    lines
        .map(|(number, line)| {
            let fields = csv_fields(line, delimiter);
            let field = |i: usize| fields.get(i).map_or("", String::as_str);
            let day = day(field(d)).ok_or(error(number, SpendProblem::Day))?;
            let channel = Channel::from_source(field(c));
            if !channel.is_marketing() {
                return Err(error(number, SpendProblem::Channel));
            }
            let amount = parse_amount(field(a))
                .filter(|a| *a >= 0)
                .ok_or(error(number, SpendProblem::Amount))?;
            Ok(SpendInput {
                day,
                channel,
                amount,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_their_delimiters_and_quotes() {
        assert_eq!(
            csv_fields(r#"a;"b;c";"say ""hi""";"#, ';'),
            vec!["a", "b;c", r#"say "hi""#, ""]
        );
    }

    #[test]
    fn a_spend_sheet_reads_with_or_without_a_header_in_any_language() {
        let sheet = "\u{feff}Sana;Kanal;Summa\n01.11.2026;Instagram Ads;120 000\n2026-11-02;t.me;\"50 000,50\"\n";
        let entries = spend_entries(sheet).expect("entries");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].channel, Channel::Instagram);
        assert_eq!(entries[0].amount, 120_000_00);
        assert_eq!(entries[0].day.to_string(), "2026-11-01");
        assert_eq!(entries[1].channel, Channel::Telegram);
        let bare = spend_entries("2026-11-03,google,99000\n").expect("no header");
        assert_eq!(
            (bare[0].channel, bare[0].amount),
            (Channel::GoogleAds, 99_000_00)
        );
    }

    #[test]
    fn the_first_bad_line_is_named_and_nothing_is_taken() {
        let sheet = "day,channel,amount\n2026-11-01,instagram,100\n2026-11-02,shop,100\n";
        assert_eq!(
            spend_entries(sheet),
            Err(SpendLineError {
                line: 3,
                problem: SpendProblem::Channel
            })
        );
        assert_eq!(
            spend_entries("day,channel,amount\n2026-13-01,instagram,100\n"),
            Err(SpendLineError {
                line: 2,
                problem: SpendProblem::Day
            })
        );
        assert_eq!(
            spend_entries("day,channel,amount\n2026-11-01,instagram,many\n"),
            Err(SpendLineError {
                line: 2,
                problem: SpendProblem::Amount
            })
        );
        assert_eq!(
            spend_entries("when,where,how much\n").map(|e| e.len()),
            Err(SpendLineError {
                line: 1,
                problem: SpendProblem::Columns
            })
        );
    }
}
