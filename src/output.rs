//! Output: the JSON Lines format, version 1, and its human-readable twin.
//!
//! This documentation is the specification of `findings run`'s output (also kept as
//! `docs/output.md`). Consumers (pandas, polars, DuckDB, R, Spark) rely on it; fields are
//! only ever added within a version, never renamed or removed, and a test decodes real
//! output into strict types so that any other change fails.
//!
//! # Format
//!
//! [JSON Lines](https://jsonlines.org): UTF-8, one JSON object per line, `\n` after each.
//! One record per input document, in input order; the bytes are the same for any `--jobs`.
//! Every record has:
//!
//! - `type`: `"document"` or `"error"` (later versions may add record types; skip unknown ones).
//! - `schema_version`: `1`.
//! - `tool_version`: the version of `findings` that wrote it, e.g. `"0.1.0"`.
//! - `lexicon_checksum`: a checksum of every lexicon source used, e.g.
//!   `"fnv1a64:9c1d…"`; two records with the same checksum were classified with the same
//!   lexicon.
//! - `id`: the document's id: its path relative to the folder named on the command line, the
//!   path as given for a file named directly, `-` for standard input, or the `id` field of a
//!   JSONL input line (numbers become strings; `PATH:LINE` when absent).
//! - `source`: an object: `path` (where it was read from; `PATH:LINE` for a JSONL line),
//!   `format` (`"text"` or `"jsonl"`), `encoding` (`"utf-8"`, `"utf-16le"`, `"utf-16be"`, or
//!   null when it was never decoded) and `bytes` (size of the raw input, or null when it could
//!   not be read).
//!
//! ## `"type": "document"`
//!
//! - `meta`: for JSONL input, every field of the input line other than `id` and `text`, as
//!   given; null for other input.
//! - `counts`: the number of units per label: `strength`, `weakness`, `recommendation`,
//!   `neutral`.
//! - `sentences`: every unit of the document, in document order (the name is kept for
//!   familiarity; headings, list items and furniture lines are units too). Each unit:
//!   - `start`, `end`: byte offsets into the document's decoded text, so that
//!     `text[start..end]` is the unit's `text` (the text as read, line breaks included);
//!   - `char_start`, `char_end`: the same in Unicode scalar values (Python `str` and R
//!     indices);
//!   - `text`: the unit's text;
//!   - `kind`: `"sentence"`, `"heading"`, `"list_item"` or `"furniture"`;
//!   - `section`: the text of the heading the unit sits under, as printed, or null;
//!   - `label`: `"strength"`, `"weakness"`, `"recommendation"` or `"neutral"`;
//!   - `confidence`: the share of the unit's evidence behind its label, 0 to 1 (1 when
//!     structure decided it: a heading, furniture or a section);
//!   - `reason`: what decided the label: `"cues"`, `"no_cues"`, `"heading"`, `"furniture"`,
//!     `"section"` or `"contrast"` (it opens with "However," and contrasts with the unit
//!     before);
//!   - `scores`: summed cue weights: `strength`, `weakness`, `recommendation`;
//!   - `cues`: the lexicon phrases matched in the unit, in text order, each with `text`,
//!     `start`, `end`, `char_start`, `char_end` (offsets into the document's text, as above),
//!     `phrase` (the lexicon entry it matched), `class` (the class it counted for after
//!     negation; `"neutral"` for a mask), `weight` (after contrast), `negated`, `yielded` (it
//!     sat in a clause that yields to the main clause) and `rule` (`"phrase"`,
//!     `"imperative"`, `"limiter"`, `"mask"`, or `"negation"` for a negation trigger that
//!     negated no cue and counts as a weak weakness of its own).
//!
//! ## `"type": "error"`
//!
//! A document that could not be read or processed. Besides the common fields:
//!
//! - `error`: what went wrong, for a person (the same message is printed on stderr).
//!
//! # Example
//!
//! ```json
//! {"type":"document","schema_version":1,"tool_version":"0.1.0","lexicon_checksum":"fnv1a64:…","id":"letter.txt","source":{"path":"corpus/letter.txt","format":"text","encoding":"utf-8","bytes":41},"meta":null,"counts":{"strength":0,"weakness":1,"recommendation":0,"neutral":1},"sentences":[{"start":0,"end":17,"char_start":0,"char_end":17,"text":"Headline findings","kind":"heading","section":null,"label":"neutral","confidence":1.0,"reason":"heading","scores":{"strength":0.0,"weakness":0.0,"recommendation":0.0},"cues":[]},{"start":19,"end":41,"char_start":19,"char_end":41,"text":"Plans are not timely.","kind":"sentence","section":"Headline findings","label":"weakness","confidence":1.0,"reason":"cues","scores":{"strength":0.0,"weakness":1.0,"recommendation":0.0},"cues":[{"text":"timely","start":33,"end":39,"char_start":33,"char_end":39,"phrase":"timely","class":"weakness","weight":1.0,"negated":true,"yielded":false,"rule":"phrase"}]}]}
//! {"type":"error","schema_version":1,"tool_version":"0.1.0","lexicon_checksum":"fnv1a64:…","id":"scan.txt","source":{"path":"corpus/scan.txt","format":"text","encoding":null,"bytes":5120},"error":"looks like a binary file (NUL byte at offset 12); give text, or JSONL with --input-format jsonl"}
//! ```

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::classify::{Finding, Reason, Rule, Scores};
use crate::document::{CharIndex, Document, Label, Source};
use crate::ingest::LoadError;
use crate::lexicon::Lexicon;
use crate::segment::{Sentence, UnitKind};

/// The version of the JSON format described above.
pub const SCHEMA_VERSION: u32 = 1;

/// The version of this tool, as records carry it.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Serialize)]
struct Header<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    schema_version: u32,
    tool_version: &'static str,
    lexicon_checksum: &'a str,
    id: &'a str,
    source: &'a Source,
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    #[serde(flatten)]
    header: Header<'a>,
    meta: Option<&'a Map<String, Value>>,
    counts: Counts,
    sentences: Vec<UnitRecord<'a>>,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    #[serde(flatten)]
    header: Header<'a>,
    error: &'a str,
}

/// Units per label in one document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Units labelled strength.
    pub strength: usize,
    /// Units labelled weakness.
    pub weakness: usize,
    /// Units labelled recommendation.
    pub recommendation: usize,
    /// Units labelled neutral.
    pub neutral: usize,
}

impl Counts {
    /// Counts the labels of `findings`.
    pub fn of(findings: &[Finding]) -> Counts {
        let mut counts = Counts::default();
        for finding in findings {
            *match finding.label {
                Label::Strength => &mut counts.strength,
                Label::Weakness => &mut counts.weakness,
                Label::Recommendation => &mut counts.recommendation,
                Label::Neutral => &mut counts.neutral,
            } += 1;
        }
        counts
    }
}

#[derive(Serialize)]
struct UnitRecord<'a> {
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    text: &'a str,
    kind: UnitKind,
    section: Option<&'a str>,
    label: Label,
    confidence: f32,
    reason: Reason,
    scores: Scores,
    cues: Vec<CueRecord<'a>>,
}

#[derive(Serialize)]
struct CueRecord<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    phrase: &'a str,
    class: Label,
    weight: f32,
    negated: bool,
    yielded: bool,
    rule: Rule,
}

/// Rounds to three decimals, so that records stay short and stable.
fn round(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

fn rounded(scores: &Scores) -> Scores {
    Scores {
        strength: round(scores.strength),
        weakness: round(scores.weakness),
        recommendation: round(scores.recommendation),
    }
}

fn units<'a>(
    text: &'a str,
    units: &[Sentence],
    findings: &'a [Finding],
    lexicon: &'a Lexicon,
) -> Vec<UnitRecord<'a>> {
    let mut chars = CharIndex::new(text);
    units
        .iter()
        .zip(findings)
        .map(|(unit, finding)| {
            let char_start = chars.at(unit.span.start);
            let cues = finding
                .cues
                .iter()
                .map(|cue| CueRecord {
                    text: cue.span.of(text),
                    start: cue.span.start,
                    end: cue.span.end,
                    char_start: chars.at(cue.span.start),
                    char_end: chars.at(cue.span.end),
                    phrase: &lexicon.entries()[cue.entry].phrase,
                    class: cue.label,
                    weight: round(cue.weight),
                    negated: cue.negated,
                    yielded: cue.yielded,
                    rule: cue.rule,
                })
                .collect();
            UnitRecord {
                start: unit.span.start,
                end: unit.span.end,
                char_start,
                char_end: chars.at(unit.span.end),
                text: unit.span.of(text),
                kind: unit.kind,
                section: unit.section.map(|s| s.of(text)),
                label: finding.label,
                confidence: round(finding.confidence),
                reason: finding.reason,
                scores: rounded(&finding.scores),
                cues,
            }
        })
        .collect()
}

/// One `document` record, as a line of JSON (with its `\n`).
pub fn document_line(
    doc: &Document,
    sentences: &[Sentence],
    findings: &[Finding],
    lexicon: &Lexicon,
) -> Vec<u8> {
    let record = DocumentRecord {
        header: Header {
            kind: "document",
            schema_version: SCHEMA_VERSION,
            tool_version: TOOL_VERSION,
            lexicon_checksum: lexicon.checksum(),
            id: &doc.id,
            source: &doc.source,
        },
        meta: doc.meta.as_ref(),
        counts: Counts::of(findings),
        sentences: units(&doc.text, sentences, findings, lexicon),
    };
    to_line(&record)
}

/// One `error` record, as a line of JSON (with its `\n`).
pub fn error_line(error: &LoadError, lexicon: &Lexicon) -> Vec<u8> {
    let record = ErrorRecord {
        header: Header {
            kind: "error",
            schema_version: SCHEMA_VERSION,
            tool_version: TOOL_VERSION,
            lexicon_checksum: lexicon.checksum(),
            id: &error.id,
            source: &error.source,
        },
        error: &error.message,
    };
    to_line(&record)
}

/// One unit classified alone (the `classify` command): `text`, `label`, `confidence`,
/// `reason`, `scores` and `cues`, with cue offsets into `text`.
pub fn unit_line(text: &str, finding: &Finding, lexicon: &Lexicon) -> Vec<u8> {
    let unit = Sentence {
        span: crate::document::Span::new(0, text.len()),
        kind: UnitKind::Sentence,
        section: None,
    };
    let record = units(text, &[unit], std::slice::from_ref(finding), lexicon)
        .into_iter()
        .next()
        .map(|r| ClassifiedRecord {
            text: r.text,
            label: r.label,
            confidence: r.confidence,
            reason: r.reason,
            scores: r.scores,
            cues: r.cues,
        });
    to_line(&record)
}

#[derive(Serialize)]
struct ClassifiedRecord<'a> {
    text: &'a str,
    label: Label,
    confidence: f32,
    reason: Reason,
    scores: Scores,
    cues: Vec<CueRecord<'a>>,
}

fn to_line<T: Serialize>(record: &T) -> Vec<u8> {
    // Serializing plain structs of strings, numbers and maps cannot fail.
    let mut line = serde_json::to_vec(record).unwrap_or_default();
    line.push(b'\n');
    line
}

/// The reasoning behind each unit's label, for a person to read (`findings explain`).
pub fn explain(
    text: &str,
    sentences: &[Sentence],
    findings: &[Finding],
    lexicon: &Lexicon,
) -> String {
    let mut out = String::new();
    for (unit, finding) in sentences.iter().zip(findings) {
        let shown = unit
            .span
            .of(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(
            out,
            "[{} {:.2}] {}",
            finding.label, finding.confidence, shown
        );
        let kind = serde_json::to_value(unit.kind).unwrap_or_default();
        let reason = serde_json::to_value(finding.reason).unwrap_or_default();
        let section = unit
            .section
            .map_or("-".to_string(), |s| format!("{:?}", s.of(text)));
        let _ = writeln!(
            out,
            "    kind: {}   section: {}   decided by: {}",
            kind.as_str().unwrap_or("?"),
            section,
            reason.as_str().unwrap_or("?")
        );
        for cue in &finding.cues {
            let entry = &lexicon.entries()[cue.entry];
            let mut notes = Vec::new();
            if cue.negated {
                notes.push("negated");
            }
            if cue.yielded {
                notes.push("yields to the main clause");
            }
            match cue.rule {
                Rule::Imperative => notes.push("opens the unit"),
                Rule::Limiter => notes.push("limiter: negates what follows"),
                Rule::Mask => notes.push("context: counts for nothing"),
                Rule::Negation => notes.push("a negation that negated no cue"),
                Rule::Phrase => {}
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join(", "))
            };
            let _ = writeln!(
                out,
                "    cue {:?} -> {} {:.2}{}   [{}]",
                cue.span.of(text),
                cue.label,
                cue.weight,
                notes,
                entry.origin
            );
        }
        if finding.reason == Reason::Cues {
            let s = &finding.scores;
            let _ = writeln!(
                out,
                "    scores: strength {:.2}, weakness {:.2}, recommendation {:.2}",
                s.strength, s.weakness, s.recommendation
            );
        }
    }
    out
}
