//! Summary: a `findings run` output as CSV, one row per record, for a spreadsheet, R or
//! pandas (`findings summary OUT.jsonl`).
//!
//! Each row holds the record's `id`, its source path, the `inspection` fields (kind,
//! authority, dates, lead inspector, every judgement area, the SEND outcome and the
//! previous judgements as `previous_<area>`), the units per label from `counts`, and
//! `error`: empty for a document, the message for an error record (so a failed file is a
//! visible row, not a missing one). A null is an empty cell.
//!
//! The CSV is RFC 4180: a header row, fields separated by commas, a field quoted when it
//! holds a comma, a quote, a line break or white space at either end, quotes inside doubled.
//! Rows end with `\n`; the text is UTF-8 without a byte-order mark (in Excel, open it with
//! Data > From Text/CSV and choose UTF-8). Records of a type this version does not know are
//! skipped; output written before the `inspection` object existed gives empty cells.

use std::fmt;
use std::io::{self, BufRead, Write};

use serde_json::Value;

use crate::inspection::Area;

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Rows for document records.
    pub documents: usize,
    /// Rows for error records.
    pub errors: usize,
}

/// Why a summary could not be written.
#[derive(Debug)]
pub enum SummaryError {
    /// Reading the input or writing the CSV failed.
    Io(io::Error),
    /// A line of the input is not a JSON object.
    Json {
        /// The line number, from 1.
        line: usize,
        /// What the JSON parser said.
        message: String,
    },
}

impl fmt::Display for SummaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SummaryError::Io(e) => write!(f, "{e}"),
            SummaryError::Json { line, message } => write!(
                f,
                "line {line} is not a findings record ({message}); give the output of `findings run`"
            ),
        }
    }
}

impl std::error::Error for SummaryError {}

impl From<io::Error> for SummaryError {
    fn from(e: io::Error) -> SummaryError {
        SummaryError::Io(e)
    }
}

/// The inspection fields that are plain values, in column order.
const FIELDS: [&str; 6] = [
    "kind",
    "authority",
    "start_date",
    "end_date",
    "published",
    "lead_inspector",
];

/// The label counts, in column order.
const COUNTS: [&str; 4] = ["strength", "weakness", "recommendation", "neutral"];

/// The header row's column names.
pub fn header() -> Vec<String> {
    let mut columns = vec!["id".to_string(), "source_path".to_string()];
    columns.extend(FIELDS.iter().map(|f| f.to_string()));
    columns.extend(Area::ALL.iter().map(|a| a.as_str().to_string()));
    columns.push("send_outcome".to_string());
    columns.extend(Area::ALL.iter().map(|a| format!("previous_{}", a.as_str())));
    columns.extend(COUNTS.iter().map(|c| c.to_string()));
    columns.push("error".to_string());
    columns
}

/// The row of one record, or `None` for a record type this version does not know.
pub fn row(record: &Value) -> Option<Vec<String>> {
    let kind = record.get("type").and_then(Value::as_str);
    if !matches!(kind, Some("document" | "error")) {
        return None;
    }
    let at = |path: &[&str]| cell(path.iter().try_fold(record, |v, key| v.get(key)));
    let mut row = vec![at(&["id"]), at(&["source", "path"])];
    row.extend(FIELDS.iter().map(|f| at(&["inspection", f])));
    for group in ["judgements", "previous_judgements"] {
        row.extend(
            Area::ALL
                .iter()
                .map(|a| at(&["inspection", group, a.as_str()])),
        );
        if group == "judgements" {
            row.push(at(&["inspection", group, "send_outcome"]));
        }
    }
    row.extend(COUNTS.iter().map(|c| at(&["counts", c])));
    row.push(at(&["error"]));
    Some(row)
}

/// A JSON value as a cell: strings as they are, numbers and booleans printed, null and
/// missing values empty.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// One CSV field, quoted when it must be.
pub fn quote(field: &str) -> String {
    let needs = field.contains([',', '"', '\n', '\r'])
        || field.starts_with(char::is_whitespace)
        || field.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn write_row(out: &mut dyn Write, fields: &[String]) -> io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\n")
}

/// Reads `findings run` output (JSON Lines) from `input` and writes the CSV to `out`.
pub fn write_csv(input: impl BufRead, out: &mut dyn Write) -> Result<Written, SummaryError> {
    write_row(out, &header())?;
    let mut written = Written::default();
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Value = serde_json::from_str(&line).map_err(|e| SummaryError::Json {
            line: n + 1,
            message: e.to_string(),
        })?;
        let Some(fields) = row(&record) else {
            continue;
        };
        write_row(out, &fields)?;
        if record["type"] == "error" {
            written.errors += 1;
        } else {
            written.documents += 1;
        }
    }
    out.flush()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(quote("Kingsmoor"), "Kingsmoor");
        assert_eq!(quote("St Anselm’s"), "St Anselm’s");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote(" padded"), "\" padded\"");
        assert_eq!(quote(""), "");
    }

    #[test]
    fn rows_follow_the_header() {
        let record = serde_json::json!({
            "type": "document", "id": "x.txt", "source": {"path": "in/x.txt"},
            "counts": {"strength": 3, "weakness": 1, "recommendation": 0, "neutral": 2},
            "inspection": {"kind": "sif", "authority": "Greyhaven, Borough",
                           "judgements": {"overall_effectiveness": "good", "lscb": null},
                           "previous_judgements": {"adoption": "inadequate"}}
        });
        let header = header();
        let row = row(&record).unwrap();
        assert_eq!(header.len(), row.len());
        let get = |name: &str| row[header.iter().position(|h| h == name).unwrap()].as_str();
        assert_eq!(get("id"), "x.txt");
        assert_eq!(get("source_path"), "in/x.txt");
        assert_eq!(get("kind"), "sif");
        assert_eq!(get("authority"), "Greyhaven, Borough");
        assert_eq!(get("overall_effectiveness"), "good");
        assert_eq!(get("lscb"), "");
        assert_eq!(get("previous_adoption"), "inadequate");
        assert_eq!(get("strength"), "3");
        assert_eq!(get("error"), "");
        assert_eq!(super::row(&serde_json::json!({"type": "future"})), None);
    }

    #[test]
    fn bad_input_names_its_line() {
        let input = b"{\"type\": \"error\", \"id\": \"a\", \"error\": \"bad\"}\nnot json\n";
        let mut out = Vec::new();
        let error = write_csv(&input[..], &mut out).unwrap_err();
        assert!(error.to_string().starts_with("line 2 "), "{error}");
    }
}
