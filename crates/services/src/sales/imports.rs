//! Imports of customers, leads and orders from CSV, streamed: the body flows through a
//! bounded channel into a parser on a blocking thread, whose valid rows go in batches into a
//! `COPY` to a staging table, so memory stays flat however large the file. XLSX workbooks
//! (up to a size cap: a zip is read from its end) go through the same checks. Rows are checked
//! one by one (errors by line and column); the writes are a few set-based statements.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use contract::pagination::{Page, PageQuery};
use contract::sales::*;
use domain::activity::{ActivityAction, entity};
use domain::channels::Channel;
use domain::permissions::Permission;
use domain::sales::{LeadStage, OrderStatus, normalize_phone};
use futures_util::{Stream, StreamExt};
use serde_json::json;
use store::sales::imports::{ImportRow, Outcome};
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::Services;
use crate::activity::{self, Event};
use crate::auth::{BusinessAccess, RequestMeta};
use crate::error::{ServiceError, ServiceResult};
use crate::sales::{day_start, zone};
use crate::stored::write;

/// Rows per `COPY` batch: large enough to keep the database busy, small enough to keep
/// memory flat.
const BATCH_ROWS: usize = 20_000;

/// Which file column each of our columns is read from.
type Columns = Vec<Option<usize>>;

/// Resolves the mapping: the caller's entries, then headers named like our columns.
fn resolve_mapping(
    kind: ImportKind,
    headers: &[String],
    requested: &BTreeMap<String, String>,
) -> ServiceResult<Resolved> {
    let normalized: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    for (field, header) in requested {
        if !kind.columns().contains(&field.as_str()) {
            return Err(ServiceError::field(
                "mapping",
                "unknown_column",
                format!("`{field}` is not a column of a {} import", kind.as_str()),
            ));
        }
        if !normalized.contains(&header.trim().to_lowercase()) {
            return Err(ServiceError::field(
                "mapping",
                "missing_header",
                format!(
                    "the file has no column `{header}` (it has: {})",
                    headers.join(", ")
                ),
            ));
        }
    }
    let mut columns = Vec::new();
    let mut used = BTreeMap::new();
    for field in kind.columns() {
        let wanted = requested
            .get(*field)
            .map_or_else(|| (*field).to_owned(), |h| h.trim().to_lowercase());
        let index = normalized.iter().position(|h| *h == wanted);
        if let Some(index) = index {
            used.insert((*field).to_owned(), headers[index].clone());
        }
        columns.push(index);
    }
    let missing: Vec<&'static str> = kind
        .required()
        .iter()
        .copied()
        .filter(|field| {
            let at = kind.columns().iter().position(|c| c == field);
            at.and_then(|i| columns[i]).is_none()
        })
        .collect();
    Ok(Resolved {
        columns,
        used,
        missing,
    })
}

/// The mapping of a file's columns, and the required columns it lacks.
struct Resolved {
    columns: Columns,
    used: BTreeMap<String, String>,
    missing: Vec<&'static str>,
}

impl Resolved {
    fn missing_error(&self, headers: &[String]) -> ServiceError {
        ServiceError::field(
            "mapping",
            "missing_columns",
            format!(
                "needs the column(s) {}; the file has: {}",
                self.missing.join(", "),
                headers.join(", ")
            ),
        )
    }
}

/// A row being checked: its fields by our column names, and the errors found.
struct Row<'a> {
    line: u64,
    record: &'a csv::StringRecord,
    kind: ImportKind,
    columns: &'a Columns,
    errors: Vec<ImportRowError>,
}

impl Row<'_> {
    fn get(&self, field: &str) -> Option<&str> {
        let at = self.kind.columns().iter().position(|c| *c == field)?;
        let index = self.columns[at]?;
        self.record
            .get(index)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    fn error(&mut self, column: &str, code: &str, message: impl Into<String>) {
        self.errors.push(ImportRowError {
            line: self.line,
            column: column.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        });
    }

    fn text(&mut self, field: &str, max: usize) -> Option<String> {
        let value = self.get(field)?.to_owned();
        if value.chars().count() > max {
            self.error(
                field,
                "too_long",
                format!("is longer than {max} characters"),
            );
            return None;
        }
        Some(value)
    }

    fn required(&mut self, field: &str, max: usize) -> Option<String> {
        let value = self.text(field, max);
        if value.is_none() && self.get(field).is_none() {
            self.error(field, "required", "is empty");
        }
        value
    }

    fn phone(&mut self, field: &str) -> Option<String> {
        let raw = self.get(field)?.to_owned();
        let phone = normalize_phone(&raw);
        if phone.is_none() {
            self.error(
                field,
                "invalid_phone",
                format!("`{raw}` is not a phone number"),
            );
        }
        phone
    }

    fn email(&mut self, field: &str) -> Option<String> {
        let raw = self.get(field)?.to_lowercase();
        let valid = raw.len() <= 254
            && raw
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if !valid {
            self.error(
                field,
                "invalid_email",
                format!("`{raw}` is not an e-mail address"),
            );
            return None;
        }
        Some(raw)
    }

    fn channel(&self, field: &str) -> Channel {
        self.get(field).map_or(Channel::Other, Channel::from_source)
    }

    fn amount(&mut self, field: &str) -> Option<i64> {
        let raw = self.get(field)?.to_owned();
        let amount =
            domain::money::parse_amount(&raw).filter(|a| *a <= contract::strategy::MAX_AMOUNT);
        if amount.is_none() {
            self.error(
                field,
                "invalid_amount",
                format!("`{raw}` is not an amount in so'm (e.g. 150000 or 150000.50)"),
            );
        }
        amount
    }

    /// ISO 8601: an instant with an offset, or a local date or date and time read in the
    /// business's time zone.
    fn instant(&mut self, field: &str, timezone: &str) -> Option<DateTime<Utc>> {
        let raw = self.get(field)?.to_owned();
        let parsed = DateTime::parse_from_rfc3339(&raw)
            .map(|at| at.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                [
                    "%Y-%m-%dT%H:%M:%S",
                    "%Y-%m-%d %H:%M:%S",
                    "%Y-%m-%dT%H:%M",
                    "%Y-%m-%d %H:%M",
                ]
                .iter()
                .find_map(|format| NaiveDateTime::parse_from_str(&raw, format).ok())
                .and_then(|local| local.and_local_timezone(zone(timezone)).earliest())
                .map(|at| at.with_timezone(&Utc))
            })
            .or_else(|| {
                NaiveDate::parse_from_str(&raw, "%Y-%m-%d")
                    .ok()
                    .map(|day| day_start(timezone, day))
            });
        if parsed.is_none() {
            self.error(
                field,
                "invalid_date",
                format!(
                    "`{raw}` is not an ISO 8601 date (e.g. 2026-03-01 or 2026-03-01T10:30:00+05:00)"
                ),
            );
        }
        parsed
    }
}

/// Checks one record and, when it is valid, its fields in the staging table's column order,
/// with the id of the row it will become (made here: a million ids cost SQL seconds).
fn check(
    kind: ImportKind,
    line: u64,
    record: &csv::StringRecord,
    columns: &Columns,
    context: &Context,
) -> Result<Vec<String>, Vec<ImportRowError>> {
    let mut row = Row {
        line,
        record,
        kind,
        columns,
        errors: Vec::new(),
    };
    let opt = |v: Option<String>| v.unwrap_or_default();
    let fields = match kind {
        ImportKind::Customers => vec![
            line.to_string(),
            Uuid::now_v7().to_string(),
            opt(row.text("external_id", 100)),
            opt(row.required("name", 200)),
            opt(row.phone("phone")),
            opt(row.email("email")),
            row.channel("channel").as_str().to_owned(),
            opt(row.text("notes", 3000)),
        ],
        ImportKind::Leads => {
            let stage = match row.get("stage").map(str::to_lowercase) {
                None => LeadStage::New,
                Some(raw) => LeadStage::parse(&raw).unwrap_or_else(|| {
                    row.error(
                        "stage",
                        "invalid_stage",
                        format!("`{raw}` is not a pipeline stage"),
                    );
                    LeadStage::New
                }),
            };
            vec![
                line.to_string(),
                Uuid::now_v7().to_string(),
                opt(row.text("external_id", 100)),
                opt(row.required("name", 200)),
                opt(row.phone("phone")),
                opt(row.email("email")),
                stage.as_str().to_owned(),
                row.channel("channel").as_str().to_owned(),
                opt(row.text("utm_source", 200)),
                opt(row.text("utm_medium", 200)),
                opt(row.text("utm_campaign", 200)),
                row.amount("value")
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                opt(row.text("lost_reason", 500)),
                opt(row.text("notes", 3000)),
                row.instant("created_at", &context.timezone)
                    .map(|at| at.to_rfc3339())
                    .unwrap_or_default(),
            ]
        }
        ImportKind::Orders => {
            let ordered_at = row.instant("ordered_at", &context.timezone);
            if ordered_at.is_none() && row.get("ordered_at").is_none() {
                row.error("ordered_at", "required", "is empty");
            }
            let amount = row.amount("amount");
            if amount.is_none() && row.get("amount").is_none() {
                row.error("amount", "required", "is empty");
            }
            if let Some(currency) = row.get("currency").map(str::to_uppercase)
                && currency != context.currency
            {
                row.error(
                    "currency",
                    "other_currency",
                    format!(
                        "is {currency}; this business counts in {}",
                        context.currency
                    ),
                );
            }
            let status = match row.get("status") {
                None => OrderStatus::Completed,
                Some(raw) => {
                    let raw = raw.to_owned();
                    OrderStatus::from_export(&raw).unwrap_or_else(|| {
                        row.error(
                            "status",
                            "invalid_status",
                            format!("`{raw}` is not an order status"),
                        );
                        OrderStatus::Completed
                    })
                }
            };
            vec![
                line.to_string(),
                Uuid::now_v7().to_string(),
                opt(row.text("external_id", 100)),
                opt(row.text("customer_external_id", 100)),
                opt(row.text("customer_name", 200)),
                opt(row.phone("customer_phone")),
                opt(row.email("customer_email")),
                ordered_at.map(|at| at.to_rfc3339()).unwrap_or_default(),
                amount.map(|a| a.to_string()).unwrap_or_default(),
                status.as_str().to_owned(),
                row.channel("channel").as_str().to_owned(),
            ]
        }
    };
    if row.errors.is_empty() {
        Ok(fields)
    } else {
        Err(row.errors)
    }
}

/// What the parser needs to know of the business.
struct Context {
    timezone: String,
    currency: String,
}

/// What the parser thread sends to the database side.
enum Parsed {
    /// The mapping it resolved from the header line, and that line.
    Mapping {
        used: BTreeMap<String, String>,
        headers: Vec<String>,
    },
    /// Valid rows as CSV for `COPY`, and how many rows were read so far.
    Batch(Vec<u8>, u64),
    Done(Tally),
}

#[derive(Default)]
struct Tally {
    rows_read: u64,
    rows_invalid: u64,
    errors: Vec<ImportRowError>,
    errors_total: u64,
}

/// The body as a blocking reader, fed chunk by chunk through a bounded channel.
struct ChannelReader {
    chunks: mpsc::Receiver<Bytes>,
    current: Bytes,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.chunks.blocking_recv() {
                Some(chunk) => self.current = chunk,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current.split_to(n));
        Ok(n)
    }
}

/// What was uploaded: CSV arrives as a stream; XLSX, a zip archive read from its end, whole.
enum Upload {
    Csv(ChannelReader),
    Xlsx(Vec<u8>),
}

/// The largest XLSX taken: the archive and its shared strings live in memory while it is
/// read, where a CSV of any size streams.
const MAX_XLSX_BYTES: usize = 50 * 1024 * 1024;
/// Columns read from a spreadsheet row; anything further right is ignored.
const MAX_XLSX_COLUMNS: usize = 100;

fn unreadable(message: String) -> ServiceError {
    ServiceError::field("file", "unreadable", message)
}

/// Checks rows as they come and sends the valid ones on in `COPY` batches.
struct Sink<'a> {
    kind: ImportKind,
    columns: Columns,
    context: &'a Context,
    out: &'a mpsc::Sender<ServiceResult<Parsed>>,
    tally: Tally,
    batch: csv::Writer<Vec<u8>>,
    in_batch: usize,
}

fn send(out: &mpsc::Sender<ServiceResult<Parsed>>, parsed: Parsed) -> ServiceResult<()> {
    out.blocking_send(Ok(parsed))
        .map_err(|_| ServiceError::Internal(anyhow::anyhow!("the import was abandoned")))
}

/// What the parser needs besides the file.
struct Setup<'a> {
    kind: ImportKind,
    requested: &'a BTreeMap<String, String>,
    context: &'a Context,
    dry_run: bool,
    out: &'a mpsc::Sender<ServiceResult<Parsed>>,
}

impl<'a> Sink<'a> {
    /// Resolves the mapping from the header line and reports it. A file without some of the
    /// required columns is refused, except by a dry run, which reports them on line 1 and
    /// reads no further (`None`): the person is still matching columns.
    fn start(setup: &Setup<'a>, headers: &[String]) -> ServiceResult<Option<Self>> {
        let headers: Vec<String> = headers
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
            .collect();
        let resolved = resolve_mapping(setup.kind, &headers, setup.requested)?;
        if !resolved.missing.is_empty() && !setup.dry_run {
            return Err(resolved.missing_error(&headers));
        }
        let missing: Vec<ImportRowError> = resolved
            .missing
            .iter()
            .map(|column| ImportRowError {
                line: 1,
                column: (*column).to_owned(),
                code: "missing_column".to_owned(),
                message: format!(
                    "no column of the file is matched to `{column}`, which every row needs"
                ),
            })
            .collect();
        send(
            setup.out,
            Parsed::Mapping {
                used: resolved.used,
                headers,
            },
        )?;
        if !missing.is_empty() {
            let tally = Tally {
                errors_total: missing.len() as u64,
                errors: missing,
                ..Tally::default()
            };
            send(setup.out, Parsed::Done(tally))?;
            return Ok(None);
        }
        Ok(Some(Sink {
            kind: setup.kind,
            columns: resolved.columns,
            context: setup.context,
            out: setup.out,
            tally: Tally::default(),
            batch: csv::Writer::from_writer(Vec::new()),
            in_batch: 0,
        }))
    }

    fn send(&self, parsed: Parsed) -> ServiceResult<()> {
        send(self.out, parsed)
    }

    fn flush(&mut self) -> ServiceResult<()> {
        let full = std::mem::replace(&mut self.batch, csv::Writer::from_writer(Vec::new()));
        let bytes = full
            .into_inner()
            .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))?;
        self.in_batch = 0;
        if bytes.is_empty() {
            return Ok(());
        }
        self.send(Parsed::Batch(bytes, self.tally.rows_read))
    }

    /// One data row, from `line` of the file.
    fn row(&mut self, line: u64, record: &csv::StringRecord) -> ServiceResult<()> {
        self.tally.rows_read += 1;
        match check(self.kind, line, record, &self.columns, self.context) {
            Ok(fields) => {
                self.batch
                    .write_record(&fields)
                    .map_err(|e| ServiceError::Internal(e.into()))?;
                self.in_batch += 1;
            }
            Err(errors) => {
                let tally = &mut self.tally;
                tally.rows_invalid += 1;
                tally.errors_total += errors.len() as u64;
                let room = MAX_REPORTED_ERRORS.saturating_sub(tally.errors.len());
                tally.errors.extend(errors.into_iter().take(room));
            }
        }
        if self.in_batch == BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(mut self) -> ServiceResult<()> {
        self.flush()?;
        let tally = std::mem::take(&mut self.tally);
        self.send(Parsed::Done(tally))
    }
}

fn parse(setup: &Setup<'_>, upload: Upload) -> ServiceResult<()> {
    match upload {
        Upload::Csv(reader) => {
            // The header line decides the separator; it is read ahead and put back.
            let mut reader = std::io::BufReader::with_capacity(64 * 1024, reader);
            let mut first_line = Vec::new();
            reader
                .by_ref()
                .take(64 * 1024)
                .read_until(b'\n', &mut first_line)
                .map_err(|e| unreadable(format!("cannot be read: {e}")))?;
            let delimiter = csv_delimiter(&String::from_utf8_lossy(&first_line));
            let mut csv = csv::ReaderBuilder::new()
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(std::io::Cursor::new(first_line).chain(reader));
            let headers: Vec<String> = csv
                .headers()
                .map_err(|e| unreadable(format!("is not CSV: {e}")))?
                .iter()
                .map(str::to_owned)
                .collect();
            let Some(mut sink) = Sink::start(setup, &headers)? else {
                return Ok(());
            };
            let mut record = csv::StringRecord::new();
            loop {
                let next_line = sink.tally.rows_read + 2;
                match csv.read_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {}
                    Err(error) => {
                        return Err(unreadable(format!(
                            "line {next_line} cannot be read as CSV: {error}"
                        )));
                    }
                }
                let line = record.position().map_or(next_line, |p| p.line());
                sink.row(line, &record)?;
            }
            sink.finish()
        }
        Upload::Xlsx(bytes) => parse_xlsx(setup, bytes),
    }
}

/// Reads the first sheet of a workbook row by row (the first non-empty row is the header),
/// without building the whole sheet in memory.
fn parse_xlsx(setup: &Setup<'_>, bytes: Vec<u8>) -> ServiceResult<()> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| not_xlsx(&e))?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| unreadable("has no sheet".into()))?;
    let mut rows = SheetRows {
        cells: book
            .worksheet_cells_reader(&sheet)
            .map_err(|e| not_xlsx(&e))?,
        pending: None,
        finished: false,
    };
    let headers = loop {
        match rows.next()? {
            Some((_, fields)) if fields.iter().any(|f| !f.is_empty()) => break fields,
            Some(_) => {}
            None => return Err(unreadable("has no header row".into())),
        }
    };
    let Some(mut sink) = Sink::start(setup, &headers)? else {
        return Ok(());
    };
    while let Some((row, fields)) = rows.next()? {
        if fields.iter().any(|f| !f.is_empty()) {
            sink.row(u64::from(row) + 1, &csv::StringRecord::from(fields))?;
        }
    }
    sink.finish()
}

fn not_xlsx(error: &calamine::XlsxError) -> ServiceError {
    unreadable(format!("is not a readable XLSX: {error}"))
}

/// A sheet's rows, put together from its cells, which come one by one in row order.
struct SheetRows<'a> {
    cells: calamine::XlsxCellReader<'a, std::io::Cursor<Vec<u8>>>,
    /// The first cell of the next row, read while finding where this one ends.
    pending: Option<(u32, usize, String)>,
    /// The reader has given its last cell (asking again is an error).
    finished: bool,
}

impl SheetRows<'_> {
    /// The next row (0-based) and its fields; columns beyond `MAX_XLSX_COLUMNS` are left out.
    fn next(&mut self) -> ServiceResult<Option<(u32, Vec<String>)>> {
        let mut current: Option<(u32, Vec<String>)> = None;
        loop {
            let cell = match self.pending.take() {
                Some(cell) => Some(cell),
                None if self.finished => None,
                None => self
                    .cells
                    .next_cell()
                    .map_err(|e| not_xlsx(&e))?
                    .map(|cell| {
                        let (row, column) = cell.get_position();
                        (row, column as usize, cell_text(cell.get_value()))
                    }),
            };
            let Some((row, column, text)) = cell else {
                self.finished = true;
                return Ok(current);
            };
            match &mut current {
                Some((at, _)) if *at != row => {
                    self.pending = Some((row, column, text));
                    return Ok(current);
                }
                Some(_) => {}
                None => current = Some((row, Vec::new())),
            }
            if let Some((_, fields)) = current.as_mut()
                && column < MAX_XLSX_COLUMNS
            {
                if fields.len() <= column {
                    fields.resize(column + 1, String::new());
                }
                fields[column] = text;
            }
        }
    }
}

/// A spreadsheet cell as the text a CSV would hold: whole numbers without `.0` (phone numbers
/// are often typed as numbers), dates in ISO 8601.
fn cell_text(value: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match value {
        DataRef::Empty => String::new(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(at) => match at.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => at.date().to_string(),
            Some(at) => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => at.as_f64().to_string(),
        },
        DataRef::Error(error) => error.to_string(),
    }
}

fn requested_mapping(query: &ImportQuery) -> ServiceResult<BTreeMap<String, String>> {
    match query
        .mapping
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        None => Ok(BTreeMap::new()),
        Some(text) => serde_json::from_str(text).map_err(|_| {
            ServiceError::field(
                "mapping",
                "invalid_mapping",
                "must be a JSON object of column names, e.g. {\"amount\":\"Summa\"}",
            )
        }),
    }
}

fn report(row: ImportRow) -> ServiceResult<ImportResponse> {
    let status = match row.status.as_str() {
        "running" => ImportStatus::Running,
        "succeeded" => ImportStatus::Succeeded,
        "undone" => ImportStatus::Undone,
        _ => ImportStatus::Failed,
    };
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(ImportResponse {
        id: Some(row.id),
        kind: ImportKind::parse(&row.kind).unwrap_or(ImportKind::Orders),
        status,
        mode: if row.mode == "skip_invalid" {
            ImportMode::SkipInvalid
        } else {
            ImportMode::AllOrNothing
        },
        mapping: crate::stored::read(row.mapping)?,
        headers: Vec::new(),
        rows_read: count(row.rows_read),
        rows_invalid: count(row.rows_invalid),
        created: count(row.created),
        duplicates: count(row.duplicates),
        customers_created: count(row.customers_created),
        errors: crate::stored::read(row.errors)?,
        errors_total: count(row.errors_total),
        created_at: Some(row.created_at),
        finished_at: row.finished_at,
    })
}

fn permission(kind: ImportKind) -> Permission {
    match kind {
        ImportKind::Customers => Permission::CustomersWrite,
        ImportKind::Leads => Permission::LeadsWrite,
        ImportKind::Orders => Permission::OrdersWrite,
    }
}

/// How every zip archive, and so every XLSX file, begins.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// How an OLE compound file, and so an old Excel `.xls`, begins.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn broke_off(error: impl std::fmt::Display) -> ServiceError {
    ServiceError::BadRequest {
        code: contract::problem::codes::BAD_REQUEST,
        message: format!("the upload broke off: {error}"),
    }
}

/// Runs an import (or a dry run) of `body`, a CSV file or an XLSX workbook (its first sheet)
/// with a header line.
pub async fn run<S, E>(
    services: &Services,
    access: &BusinessAccess,
    kind: ImportKind,
    query: &ImportQuery,
    meta: &RequestMeta,
    body: S,
) -> ServiceResult<ImportResponse>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    access.require(permission(kind))?;
    let requested = requested_mapping(query)?;
    let business = crate::businesses::row(&services.db, access).await?;
    let dry_run = query.dry_run.unwrap_or(false);
    let mode = query.mode.unwrap_or(ImportMode::AllOrNothing);
    let context = Context {
        timezone: business.timezone.clone(),
        currency: business.currency.clone(),
    };

    // A zip archive is an XLSX workbook, whatever the upload's declared type.
    let mut body = body;
    let mut head: Vec<Bytes> = Vec::new();
    while head.iter().map(Bytes::len).sum::<usize>() < OLE_MAGIC.len() {
        match body.next().await {
            Some(chunk) => head.push(chunk.map_err(broke_off)?),
            None => break,
        }
    }
    let starts_with = |magic: &[u8]| {
        head.iter()
            .flat_map(|chunk| chunk.iter())
            .take(magic.len())
            .eq(magic.iter())
    };
    if starts_with(OLE_MAGIC) {
        return Err(ServiceError::field(
            "file",
            "unsupported_format",
            "is an old Excel file (.xls); save it as Excel Workbook (.xlsx) or CSV UTF-8",
        ));
    }
    let workbook = if starts_with(ZIP_MAGIC) {
        let mut bytes: Vec<u8> = head.concat();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(broke_off)?;
            if bytes.len() + chunk.len() > MAX_XLSX_BYTES {
                return Err(ServiceError::field(
                    "file",
                    "too_large",
                    format!(
                        "is over {} MB as XLSX; save it as CSV UTF-8, which has no limit",
                        MAX_XLSX_BYTES / 1024 / 1024
                    ),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        Some(bytes)
    } else {
        None
    };

    // Body → parser thread → here, each through a small bounded channel: a slow database
    // slows the upload instead of filling memory.
    let (chunks_in, chunks_out) = mpsc::channel::<Bytes>(8);
    let (parsed_in, parsed_out) = mpsc::channel::<ServiceResult<Parsed>>(2);
    let streamed = workbook.is_none();
    let parser = tokio::task::spawn_blocking(move || {
        let upload = match workbook {
            Some(bytes) => Upload::Xlsx(bytes),
            None => Upload::Csv(ChannelReader {
                chunks: chunks_out,
                current: Bytes::new(),
            }),
        };
        let setup = Setup {
            kind,
            requested: &requested,
            context: &context,
            dry_run,
            out: &parsed_in,
        };
        if let Err(error) = parse(&setup, upload) {
            let _ = parsed_in.blocking_send(Err(error));
        }
    });
    let feeder = async move {
        if !streamed {
            return Ok::<_, ServiceError>(());
        }
        for chunk in head {
            if chunks_in.send(chunk).await.is_err() {
                return Ok(());
            }
        }
        while let Some(chunk) = body.next().await {
            if chunks_in.send(chunk.map_err(broke_off)?).await.is_err() {
                break;
            }
        }
        Ok(())
    };

    let import_id = Uuid::now_v7();
    let now = services.now();
    let started = std::time::Instant::now();
    let recorded = std::sync::atomic::AtomicBool::new(false);
    let writer = async {
        // Owned here: when writing stops (done or failed), the parser's sends fail and it
        // stops too, instead of waiting on a channel nobody reads.
        let mut parsed_out = parsed_out;
        let mut tx = services.db.begin().await?;
        let lost = || ServiceError::Internal(anyhow::anyhow!("the parser stopped"));
        let mapping = match parsed_out.recv().await.ok_or_else(lost)?? {
            Parsed::Mapping { used, headers } => (used, headers),
            _ => return Err(lost()),
        };
        let statements = store::sales::imports::staging_ddl(kind.as_str())
            .zip(store::sales::imports::copy_statement(kind.as_str()));
        let copy_statement = match statements {
            Some((ddl, copy)) if !dry_run => {
                store::sales::imports::start(
                    &services.db,
                    access.business_id,
                    import_id,
                    kind.as_str(),
                    mode.as_str(),
                    access.actor.user_id(),
                    now,
                )
                .await?;
                recorded.store(true, std::sync::atomic::Ordering::Relaxed);
                store::sales::imports::execute(&mut tx, ddl).await?;
                Some(copy)
            }
            _ => None,
        };
        let tally = {
            let mut copy = match copy_statement {
                Some(statement) => Some(
                    tx.copy_in_raw(statement)
                        .await
                        .map_err(store::StoreError::from)?,
                ),
                None => None,
            };
            let tally = loop {
                match parsed_out.recv().await.ok_or_else(lost)?? {
                    Parsed::Batch(bytes, read) => {
                        if let Some(copy) = copy.as_mut() {
                            copy.send(bytes).await.map_err(store::StoreError::from)?;
                            store::sales::imports::progress(&services.db, import_id, read as i64)
                                .await?;
                        }
                    }
                    Parsed::Done(tally) => break tally,
                    Parsed::Mapping { .. } => return Err(lost()),
                }
            };
            if let Some(copy) = copy {
                copy.finish().await.map_err(store::StoreError::from)?;
            }
            tally
        };
        Ok::<_, ServiceError>((tx, mapping, tally))
    };
    let (fed, written) = tokio::join!(feeder, writer);
    let _ = parser.await;
    let (mut tx, (mapping, headers), tally) = match written {
        Ok(done) => done,
        Err(error) => {
            // The parser's own errors (no CSV, missing columns) say more than a broken feed.
            if recorded.load(std::sync::atomic::Ordering::Relaxed) {
                mark_failed(services, import_id).await;
            }
            return Err(error);
        }
    };
    fed?;

    let refused = mode == ImportMode::AllOrNothing && tally.rows_invalid > 0;
    let mut outcome = Outcome {
        status: "failed",
        mapping: write(&mapping)?,
        rows_read: tally.rows_read as i64,
        rows_invalid: tally.rows_invalid as i64,
        created: 0,
        duplicates: 0,
        customers_created: 0,
        errors: write(&tally.errors)?,
        errors_total: tally.errors_total as i64,
    };
    if dry_run {
        return Ok(ImportResponse {
            id: None,
            kind,
            status: ImportStatus::Checked,
            mode,
            mapping,
            headers,
            rows_read: tally.rows_read,
            rows_invalid: tally.rows_invalid,
            created: 0,
            duplicates: 0,
            customers_created: 0,
            errors: tally.errors,
            errors_total: tally.errors_total,
            created_at: None,
            finished_at: None,
        });
    }
    let copied = started.elapsed();
    if refused {
        tx.rollback().await?;
    } else {
        let written = store::sales::imports::write_staged(
            &mut tx,
            kind.as_str(),
            access.business_id,
            import_id,
            now,
        )
        .await?;
        let valid = tally.rows_read - tally.rows_invalid;
        outcome.status = "succeeded";
        outcome.created = written.created as i64;
        outcome.duplicates = valid.saturating_sub(written.created) as i64;
        outcome.customers_created = written.customers_created as i64;
        activity::record(
            &mut tx,
            services,
            access,
            meta,
            Event::new(ActivityAction::Imported, entity::IMPORT, Some(import_id)).with(json!({
                "kind": kind.as_str(),
                "created": written.created,
                "rows": tally.rows_read,
            })),
        )
        .await?;
        tx.commit().await?;
        let stored = started.elapsed();
        crate::sales::numbers::rebuild(services, access.business_id, &business.timezone).await?;
        tracing::info!(
            import = %import_id,
            kind = kind.as_str(),
            rows = tally.rows_read,
            created = written.created,
            read_and_staged_ms = copied.as_millis() as u64,
            written_ms = (stored - copied).as_millis() as u64,
            aggregates_ms = (started.elapsed() - stored).as_millis() as u64,
            "import done"
        );
    }
    let row =
        store::sales::imports::finish(&services.db, import_id, &outcome, services.now()).await?;
    let mut response = report(row)?;
    response.headers = headers;
    Ok(response)
}

async fn mark_failed(services: &Services, import_id: Uuid) {
    let outcome = Outcome {
        status: "failed",
        mapping: store::Json(json!({})),
        rows_read: 0,
        rows_invalid: 0,
        created: 0,
        duplicates: 0,
        customers_created: 0,
        errors: store::Json(json!([])),
        errors_total: 0,
    };
    if let Err(error) =
        store::sales::imports::finish(&services.db, import_id, &outcome, services.now()).await
    {
        tracing::warn!(%error, "could not mark an import as failed");
    }
}

pub async fn get(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
) -> ServiceResult<ImportResponse> {
    access.require(Permission::BusinessRead)?;
    let row = store::sales::imports::find(&services.db, access.business_id, id, false)
        .await?
        .ok_or(ServiceError::NotFound)?;
    report(row)
}

/// The business's imports, newest first: a running one shows its progress in `rows_read`.
pub async fn list(
    services: &Services,
    access: &BusinessAccess,
    query: &PageQuery,
) -> ServiceResult<Page<ImportResponse>> {
    access.require(Permission::BusinessRead)?;
    let after = crate::pagination::decode(query.cursor.as_deref())?;
    let paged =
        store::sales::imports::list(&services.db, access.business_id, after, query.limit()).await?;
    crate::pagination::try_page(paged, report)
}

/// Removes what a finished import created and rebuilds the numbers.
pub async fn undo(
    services: &Services,
    access: &BusinessAccess,
    id: Uuid,
    meta: &RequestMeta,
) -> ServiceResult<ImportResponse> {
    let business = crate::businesses::row(&services.db, access).await?;
    let mut tx = services.db.begin().await?;
    let row = store::sales::imports::find(&mut *tx, access.business_id, id, true)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let kind = ImportKind::parse(&row.kind).unwrap_or(ImportKind::Orders);
    access.require(permission(kind))?;
    if row.status != "succeeded" {
        return Err(ServiceError::conflict(
            contract::problem::codes::CONFLICT,
            format!(
                "Only a finished import can be undone; this one is {}.",
                row.status
            ),
        ));
    }
    let removed = store::sales::imports::undo(&mut tx, access.business_id, id).await?;
    activity::record(
        &mut tx,
        services,
        access,
        meta,
        Event::new(ActivityAction::Deleted, entity::IMPORT, Some(id))
            .with(json!({ "kind": kind.as_str(), "removed": removed })),
    )
    .await?;
    tx.commit().await?;
    crate::sales::numbers::rebuild(services, access.business_id, &business.timezone).await?;
    get(services, access, id).await
}

/// The canonical CSV of `kind`: the header and one example row; it imports as it is.
pub fn template(kind: ImportKind) -> String {
    let example: &[&str] = match kind {
        ImportKind::Customers => &[
            "C-1001",
            "Dilnoza Karimova",
            "+998901234567",
            "dilnoza@example.uz",
            "instagram",
            "",
        ],
        ImportKind::Leads => &[
            "L-2001",
            "Aziz Rahimov",
            "+998935551122",
            "",
            "qualified",
            "telegram",
            "telegram",
            "channel_post",
            "navruz",
            "1500000",
            "",
            "Asked about wholesale",
            "2026-03-01T10:30:00+05:00",
        ],
        ImportKind::Orders => &[
            "O-3001",
            "C-1001",
            "Dilnoza Karimova",
            "+998901234567",
            "dilnoza@example.uz",
            "2026-03-01T10:30:00+05:00",
            "150000",
            "UZS",
            "completed",
            "instagram",
        ],
    };
    let mut csv = csv::Writer::from_writer(Vec::new());
    let _ = csv.write_record(kind.columns());
    let _ = csv.write_record(example);
    String::from_utf8(csv.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn canonical_headers_need_no_mapping_and_others_do() {
        let canonical = resolve_mapping(
            ImportKind::Orders,
            &headers(ImportKind::Orders.columns()),
            &BTreeMap::new(),
        )
        .expect("canonical");
        assert!(canonical.columns.iter().all(Option::is_some));
        assert!(canonical.missing.is_empty());
        assert_eq!(canonical.used.len(), ImportKind::Orders.columns().len());

        let theirs = headers(&["Sana", "Summa", "Mijoz"]);
        let unmapped =
            resolve_mapping(ImportKind::Orders, &theirs, &BTreeMap::new()).expect("read");
        assert_eq!(unmapped.missing, vec!["ordered_at", "amount"]);
        let mapping = BTreeMap::from([
            ("ordered_at".to_owned(), "Sana".to_owned()),
            ("amount".to_owned(), "summa".to_owned()),
            ("customer_name".to_owned(), "Mijoz".to_owned()),
        ]);
        let mapped = resolve_mapping(ImportKind::Orders, &theirs, &mapping).expect("mapped");
        assert!(mapped.missing.is_empty());
        assert_eq!(mapped.columns[5], Some(0));
        assert_eq!(mapped.columns[6], Some(1));
        let wrong = BTreeMap::from([("amount".to_owned(), "Narx".to_owned())]);
        assert!(resolve_mapping(ImportKind::Orders, &theirs, &wrong).is_err());
    }

    #[test]
    fn rows_are_checked_by_column() {
        let context = Context {
            timezone: "Asia/Tashkent".into(),
            currency: "UZS".into(),
        };
        let columns: Columns = (0..ImportKind::Orders.columns().len()).map(Some).collect();
        let good = csv::StringRecord::from(vec![
            "O-1",
            "",
            "Dilnoza",
            "90 123 45 67",
            "",
            "2026-03-01",
            "150 000",
            "uzs",
            "Доставлен",
            "ig",
        ]);
        let fields = check(ImportKind::Orders, 2, &good, &columns, &context).expect("valid");
        assert_eq!(fields[0], "2");
        let id: Uuid = fields[1].parse().expect("the row's id");
        assert_eq!(id.get_version_num(), 7);
        assert_eq!(fields[5], "+998901234567");
        assert_eq!(
            fields[7], "2026-02-28T19:00:00+00:00",
            "a day starts in Tashkent"
        );
        assert_eq!(fields[8], "15000000");
        assert_eq!(fields[9], "completed");
        assert_eq!(fields[10], "instagram");
        let bad = csv::StringRecord::from(vec![
            "O-2",
            "",
            "",
            "12",
            "x@",
            "01.03.2026",
            "150,000",
            "USD",
            "???",
            "",
        ]);
        let errors = check(ImportKind::Orders, 3, &bad, &columns, &context).expect_err("invalid");
        let columns: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(
            columns,
            vec![
                "ordered_at",
                "amount",
                "currency",
                "status",
                "customer_phone",
                "customer_email"
            ]
        );
        assert!(errors.iter().all(|e| e.line == 3));
    }

    #[test]
    fn templates_carry_the_canonical_columns() {
        for kind in [ImportKind::Customers, ImportKind::Leads, ImportKind::Orders] {
            let text = template(kind);
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let header: Vec<String> = reader
                .headers()
                .expect("header")
                .iter()
                .map(String::from)
                .collect();
            assert_eq!(header, kind.columns());
            assert_eq!(reader.records().count(), 1);
        }
    }
}
