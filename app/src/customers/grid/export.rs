//! Grid export as CSV or Excel XML (SpreadsheetML 2003), as Magento's grid exports: the
//! selected rows, or every row matching the search and filters, with the visible columns
//! in their order, formatted as the grid shows them.
//!
//! Rows are read in keyset batches of [`BATCH`] (by id) and written as they arrive, so
//! memory stays flat for a million rows; `progress(done, total)` follows each batch.
//! Each batch is one short query on [`crate::db::Db::scan`] (on SQLite, connections
//! with a small page cache: a million rows read once do not push out what the grid
//! reads): no connection is held between batches, so a client that reads the download
//! slowly never keeps a connection from the rest of the site (the file is therefore not one snapshot: a customer changed mid-export
//! appears as they are when their batch is read).

use super::format::cell_text;
use super::model::{Column, GridOptions, GridQuery, Selection};
use super::repo;
use crate::db::Backend;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use std::io::Write;

/// Rows read per query.
pub const BATCH: u32 = 5_000;

/// The export file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    Csv,
    ExcelXml,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::ExcelXml => "xml",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::ExcelXml => "application/vnd.ms-excel; charset=utf-8",
        }
    }
}

/// A CSV field, quoted when it holds a separator, quote or line break. A leading `=`,
/// `+`, `-` or `@` is prefixed with `'` so spreadsheets do not run it as a formula.
fn csv_field(out: &mut String, value: &str) {
    let guarded = value.starts_with(['=', '+', '-', '@']);
    if guarded || value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if guarded {
            out.push('\'');
        }
        for c in value.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// Text escaped for XML character data and attributes.
fn xml_escape(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            // Other control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
}

pub(crate) fn write_row(out: &mut String, format: Format, cells: &[String]) {
    match format {
        Format::Csv => {
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                csv_field(out, cell);
            }
            out.push_str("\r\n");
        }
        Format::ExcelXml => {
            out.push_str("<Row>");
            for cell in cells {
                out.push_str("<Cell><Data ss:Type=\"String\">");
                xml_escape(out, cell);
                out.push_str("</Data></Cell>");
            }
            out.push_str("</Row>\n");
        }
    }
}

/// An export in progress: [`Exporter::next_chunk`] hands out the file piece by piece
/// (the header, then one piece per batch of rows, then the footer), so it can be
/// written to a file or streamed in an HTTP response with flat memory.
pub struct Exporter {
    state: AppState,
    backend: Backend,
    cond: repo::Condition,
    /// The custom attributes among the columns.
    attributes: Vec<super::service::GridAttribute>,
    columns: Vec<Column>,
    options: GridOptions,
    locale: Locale,
    format: Format,
    now: i64,
    total: u64,
    done: u64,
    after: i64,
    stage: Stage,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Header,
    Rows,
    Footer,
    Finished,
}

impl Exporter {
    /// Check the request and count the rows it covers.
    pub async fn start(
        state: &AppState,
        query: &GridQuery,
        selection: &Selection,
        columns: &[Column],
        options: &GridOptions,
        locale: Locale,
        format: Format,
    ) -> Result<Self, AppError> {
        if columns.is_empty() {
            return Err(AppError::field(
                "columns",
                super::model::messages::NO_COLUMNS,
            ));
        }
        let query = super::service::check_selection(query, selection)?;
        let attributes =
            super::service::grid_attributes(state, crate::attributes::model::EntityType::Customer)
                .await?;
        let custom = super::service::custom_filters(&attributes);
        let plan = repo::search_plan(&state.db.pool, state.db.backend, &query).await?;
        let cond = repo::selection_condition(&query, selection, state.db.backend, &custom, plan);
        // Only the custom columns being exported are read; a column of an attribute no
        // longer in the grid (deleted meanwhile) is left out.
        let attributes: Vec<_> = attributes
            .columns
            .into_iter()
            .filter(|a| {
                columns
                    .iter()
                    .any(|c| matches!(c, Column::Custom(cc) if cc.attribute_id == a.field.id))
            })
            .collect();
        let columns: Vec<Column> = columns
            .iter()
            .copied()
            .filter(|c| match c {
                Column::Custom(cc) => attributes.iter().any(|a| a.field.id == cc.attribute_id),
                _ => true,
            })
            .collect();
        let total = repo::count(&state.db.pool, &cond).await?;
        Ok(Exporter {
            state: state.clone(),
            backend: state.db.backend,
            cond,
            attributes,
            columns,
            options: options.clone(),
            locale,
            format,
            now: state.clock.now(),
            total,
            done: 0,
            after: 0,
            stage: Stage::Header,
        })
    }

    /// Rows the export covers.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Rows written so far.
    pub fn done(&self) -> u64 {
        self.done
    }

    /// The next piece of the file; `None` once it is complete.
    pub async fn next_chunk(&mut self) -> Result<Option<String>, AppError> {
        let mut buf = String::new();
        match self.stage {
            Stage::Header => {
                if self.format == Format::ExcelXml {
                    buf.push_str(concat!(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                        "<?mso-application progid=\"Excel.Sheet\"?>\n",
                        "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" ",
                        "xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n",
                        "<Worksheet ss:Name=\"Customers\"><Table>\n"
                    ));
                } else {
                    // A byte-order mark, so spreadsheet apps read the file as UTF-8.
                    buf.push('\u{feff}');
                }
                let header: Vec<String> = self
                    .columns
                    .iter()
                    .map(|c| match c {
                        Column::Custom(cc) => self
                            .attributes
                            .iter()
                            .find(|a| a.field.id == cc.attribute_id)
                            .map(|a| a.field.label.clone())
                            .unwrap_or_default(),
                        c => self.options.header(*c, self.locale),
                    })
                    .collect();
                write_row(&mut buf, self.format, &header);
                self.stage = Stage::Rows;
            }
            Stage::Rows => {
                let mut rows = repo::rows_after(
                    &self.state.db.scan,
                    self.backend,
                    &self.cond,
                    self.after,
                    BATCH,
                )
                .await?;
                if rows.len() < BATCH as usize {
                    self.stage = Stage::Footer;
                }
                let Some(last) = rows.last() else {
                    return Ok(Some(buf));
                };
                self.after = last.id;
                if self
                    .columns
                    .iter()
                    .any(|c| matches!(c, Column::BillingFull | Column::ShippingFull))
                {
                    super::printed::print_addresses(&self.state, &mut rows, self.locale).await?;
                }
                let custom = super::service::custom_values(
                    &self.state,
                    &self.attributes,
                    &rows,
                    self.locale,
                    // A file by its name.
                    crate::attributes::model::FieldDef::value_text,
                )
                .await?;
                buf.reserve(rows.len() * 200);
                let mut cells = Vec::with_capacity(self.columns.len());
                for row in &rows {
                    cells.clear();
                    cells.extend(self.columns.iter().map(|&c| {
                        match c {
                            Column::Custom(cc) => custom
                                .get(&row.id)
                                .and_then(|values| values.get(&cc.attribute_id))
                                .cloned()
                                .unwrap_or_default(),
                            c => cell_text(row, c, &self.options, self.locale, self.now),
                        }
                    }));
                    write_row(&mut buf, self.format, &cells);
                }
                self.done += rows.len() as u64;
            }
            Stage::Footer => {
                self.stage = Stage::Finished;
                if self.format != Format::ExcelXml {
                    return Ok(None);
                }
                buf.push_str("</Table></Worksheet>\n</Workbook>\n");
            }
            Stage::Finished => return Ok(None),
        }
        Ok(Some(buf))
    }
}

/// Write the export to `out`; returns the number of rows written.
#[allow(clippy::too_many_arguments)]
pub async fn export<W: Write>(
    state: &AppState,
    query: &GridQuery,
    selection: &Selection,
    columns: &[Column],
    options: &GridOptions,
    locale: Locale,
    format: Format,
    out: &mut W,
    mut progress: impl FnMut(u64, u64),
) -> Result<u64, AppError> {
    let mut exporter =
        Exporter::start(state, query, selection, columns, options, locale, format).await?;
    while let Some(chunk) = exporter.next_chunk().await? {
        out.write_all(chunk.as_bytes())
            .map_err(AppError::internal)?;
        progress(exporter.done(), exporter.total());
    }
    out.flush().map_err(AppError::internal)?;
    Ok(exporter.done())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it_and_defuses_formulas() {
        let mut s = String::new();
        write_row(
            &mut s,
            Format::Csv,
            &[
                "plain".into(),
                "a,b".into(),
                "say \"hi\"".into(),
                "=1+1".into(),
            ],
        );
        assert_eq!(s, "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=1+1\"\r\n");
    }

    #[test]
    fn xml_escapes_markup() {
        let mut s = String::new();
        write_row(&mut s, Format::ExcelXml, &["<b>&\"x\"\u{1}".into()]);
        assert_eq!(
            s,
            "<Row><Cell><Data ss:Type=\"String\">&lt;b&gt;&amp;&quot;x&quot;</Data></Cell></Row>\n"
        );
    }
}
