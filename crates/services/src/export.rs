//! Exports of lists as CSV (streamed page by page, constant memory) and XLSX (built in memory,
//! so capped): one place that writes both, for every list of the product.

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use rust_xlsxwriter::{Format, Workbook};

use crate::error::{ServiceError, ServiceResult};

/// The most rows one XLSX export holds; CSV has no such limit.
pub const XLSX_MAX_ROWS: usize = 100_000;
/// Rows read per database page while exporting.
pub const PAGE: u32 = 1_000;

/// A cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub fn optional(value: Option<impl Into<String>>) -> Cell {
        value.map_or(Cell::Empty, |v| Cell::Text(v.into()))
    }

    /// Money in minor units, shown in whole units (so'm) as spreadsheets expect.
    pub fn money(minor: i64) -> Cell {
        Cell::Number(minor as f64 / 100.0)
    }

    pub fn count(value: i64) -> Cell {
        Cell::Number(value as f64)
    }

    fn as_csv(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// One CSV record (RFC 4180). Cells that a spreadsheet would run as a formula are prefixed
/// with a quote (OWASP CSV injection).
pub fn csv_line(fields: &[String]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let safe: Vec<String> = fields
        .iter()
        .map(|field| {
            if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{field}")
            } else {
                field.clone()
            }
        })
        .collect();
    // Writing into a Vec cannot fail.
    let _ = writer.write_record(&safe);
    writer.into_inner().unwrap_or_default()
}

/// The rows as CSV lines, header first.
pub fn csv(
    header: &'static [&'static str],
    rows: BoxStream<'static, ServiceResult<Vec<Cell>>>,
) -> BoxStream<'static, ServiceResult<Vec<u8>>> {
    let header = csv_line(&header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    futures_util::stream::once(async move { Ok(header) })
        .chain(rows.map(|row| {
            row.map(|cells| csv_line(&cells.iter().map(Cell::as_csv).collect::<Vec<_>>()))
        }))
        .boxed()
}

/// The rows as an XLSX workbook of one sheet (at most `XLSX_MAX_ROWS`).
pub async fn xlsx(
    sheet: &str,
    header: &'static [&'static str],
    mut rows: BoxStream<'static, ServiceResult<Vec<Cell>>>,
) -> ServiceResult<Vec<u8>> {
    let failed = |e: rust_xlsxwriter::XlsxError| ServiceError::Internal(e.into());
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.##");
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet).map_err(failed)?;
    for (col, name) in header.iter().enumerate() {
        worksheet
            .write_string_with_format(0, col as u16, *name, &bold)
            .map_err(failed)?;
    }
    let mut line = 0u32;
    while let Some(row) = rows.next().await {
        line += 1;
        if line as usize > XLSX_MAX_ROWS {
            return Err(ServiceError::Unprocessable {
                code: contract::problem::codes::LIMIT_REACHED,
                message: format!(
                    "An XLSX export holds at most {XLSX_MAX_ROWS} rows; narrow the filters or export CSV."
                ),
            });
        }
        for (col, cell) in row?.into_iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(text) => worksheet.write_string(line, col, text).map(drop),
                Cell::Number(n) => worksheet
                    .write_number_with_format(line, col, n, &money)
                    .map(drop),
                Cell::Empty => Ok(()),
            }
            .map_err(failed)?;
        }
    }
    worksheet.autofit();
    tokio::task::spawn_blocking(move || workbook.save_to_buffer())
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?
        .map_err(failed)
}

/// Every row of a keyset-paginated list, read page by page as the consumer pulls.
pub fn pages<T, K, F, Fut>(fetch: F) -> BoxStream<'static, ServiceResult<T>>
where
    T: Send + 'static,
    K: Send + 'static,
    F: FnMut(Option<K>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ServiceResult<store::pagination::Paged<T, K>>> + Send,
{
    struct State<F, T, K> {
        fetch: F,
        buffer: std::collections::VecDeque<T>,
        /// The key to read after; `None` once the last page was read.
        next: Option<Option<K>>,
    }
    let start = State {
        fetch,
        buffer: std::collections::VecDeque::new(),
        next: Some(None),
    };
    futures_util::stream::unfold(start, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            let after = state.next.take()?;
            match (state.fetch)(after).await {
                Ok(page) => {
                    state.buffer.extend(page.items);
                    state.next = page.next.map(Some);
                }
                Err(error) => return Some((Err(error), state)),
            }
        }
    })
    .boxed()
}
