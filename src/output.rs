#![doc = include_str!("../docs/output.md")]

mod json;

use std::fmt::Write as _;
use std::io;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::classify::{Clause, Finding, Reason, Rule, Scores};
use crate::document::{CharIndex, Document, Label, Source, Span, fold_spaces};
use crate::ingest::LoadError;
use crate::inspection::{Area, Date, Found, Inspection, Judgements, Kind};
use crate::lexicon::Lexicon;
use crate::segment::Sentence;
use json::Object;

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

/// What a document record says first, as serde writes it: everything that depends on the
/// input and the run, nothing that depends on the analysis (the text, with `--emit-text`,
/// follows it).
#[derive(Serialize)]
struct DocumentHead<'a> {
    #[serde(flatten)]
    header: Header<'a>,
    meta: Option<&'a Map<String, Value>>,
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
struct InspectionRecord<'a> {
    kind: Kind,
    authority: Option<&'a str>,
    start_date: Option<Date>,
    end_date: Option<Date>,
    published: Option<Date>,
    lead_inspector: Option<&'a str>,
    judgements: Grades<'a>,
    previous_judgements: Grades<'a>,
    evidence: EvidenceRecord<'a>,
}

/// A `[start, end]` byte range.
type Range = Option<[usize; 2]>;

#[derive(Serialize)]
struct EvidenceRecord<'a> {
    kind: Range,
    authority: Range,
    start_date: Range,
    end_date: Range,
    published: Range,
    lead_inspector: Range,
    judgements: Grades<'a>,
    previous_judgements: Grades<'a>,
}

/// Judgements as an object with every area as a key (null when not graded): their grades,
/// or with `spans` their evidence; `send_outcome` only for this inspection's judgements.
struct Grades<'a> {
    judgements: &'a Judgements,
    send_outcome: bool,
    spans: bool,
}

impl Serialize for Grades<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for area in Area::ALL {
            let found = self.judgements.get(area);
            if self.spans {
                map.serialize_entry(area.as_str(), &range(found))?;
            } else {
                map.serialize_entry(area.as_str(), &found.map(|f| f.value))?;
            }
        }
        if self.send_outcome {
            let found = self.judgements.send_outcome.as_ref();
            if self.spans {
                map.serialize_entry("send_outcome", &range(found))?;
            } else {
                map.serialize_entry("send_outcome", &found.map(|f| f.value))?;
            }
        }
        map.end()
    }
}

fn range<T>(found: Option<&Found<T>>) -> Range {
    found.map(|f| [f.span.start, f.span.end])
}

fn inspection_record(inspection: &Inspection) -> InspectionRecord<'_> {
    let grades = |judgements, send_outcome, spans| Grades {
        judgements,
        send_outcome,
        spans,
    };
    let (now, before) = (&inspection.judgements, &inspection.previous_judgements);
    InspectionRecord {
        kind: inspection.kind(),
        authority: inspection.authority.as_ref().map(|f| f.value.as_str()),
        start_date: inspection.start_date.as_ref().map(|f| f.value),
        end_date: inspection.end_date.as_ref().map(|f| f.value),
        published: inspection.published.as_ref().map(|f| f.value),
        lead_inspector: inspection.lead_inspector.as_ref().map(|f| f.value.as_str()),
        judgements: grades(now, true, false),
        previous_judgements: grades(before, false, false),
        evidence: EvidenceRecord {
            kind: range(inspection.kind.as_ref()),
            authority: range(inspection.authority.as_ref()),
            start_date: range(inspection.start_date.as_ref()),
            end_date: range(inspection.end_date.as_ref()),
            published: range(inspection.published.as_ref()),
            lead_inspector: range(inspection.lead_inspector.as_ref()),
            judgements: grades(now, true, true),
            previous_judgements: grades(before, false, true),
        },
    }
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

/// One `document` record, as a line of JSON (with its `\n`); with `emit_text`, the record
/// carries the document's text too.
pub fn document_line(
    doc: &Document,
    analysis: (&[Sentence], &[Finding], &Inspection),
    lexicon: &Lexicon,
    emit_text: bool,
) -> Vec<u8> {
    let mut keep = |_: &[u8]| Ok(());
    // Keeping everything in memory cannot fail.
    write_document(doc, analysis, lexicon, emit_text, usize::MAX, &mut keep).unwrap_or_default()
}

/// What takes the bytes of a record written so far (see [`write_document`]).
pub type Sink<'s> = dyn FnMut(&[u8]) -> io::Result<()> + 's;

/// Where the bytes written so far go once more than `chunk` of them are held (after any
/// unit or cue), and the first error doing so.
struct Drain<'d> {
    chunk: usize,
    /// `None`: everything is kept.
    to: Option<&'d mut Sink<'d>>,
    failed: io::Result<()>,
}

impl Drain<'_> {
    fn check(&mut self, out: &mut Vec<u8>) {
        if let Some(to) = &mut self.to
            && out.len() > self.chunk
            && self.failed.is_ok()
        {
            self.failed = to(out);
            out.clear();
        }
    }
}

/// [`document_line`], handing the bytes written so far to `drain` whenever more than
/// `chunk` of them are held, so that the record of a huge document need not sit in memory
/// whole; returns what is left after the last drain.
pub fn write_document(
    doc: &Document,
    (sentences, findings, inspection): (&[Sentence], &[Finding], &Inspection),
    lexicon: &Lexicon,
    emit_text: bool,
    chunk: usize,
    drain: &mut Sink,
) -> io::Result<Vec<u8>> {
    let mut drain = Drain {
        chunk,
        to: Some(drain),
        failed: Ok(()),
    };
    let mut line = document_head(doc, lexicon, emit_text);
    json::serde(&mut line, &Counts::of(findings));
    let mut record = Object::continuing(&mut line);
    json::serde(record.key("inspection"), &inspection_record(inspection));
    let mut chars = CharIndex::new(&doc.text);
    let units = sentences.iter().zip(findings);
    json::array(record.key("sentences"), units, |out, (unit, finding)| {
        let unit = (unit, finding);
        unit_record(out, &doc.text, unit, &mut chars, lexicon, &mut drain);
        drain.check(out);
    });
    record.end();
    line.push(b'\n');
    drain.failed.map(|()| line)
}

/// The bytes every `document` record of `doc` classified with `lexicon` begins with: all of
/// it up to `"counts"`, that is the type, versions, lexicon checksum, id, source (with the
/// input's fingerprint), meta and, with `emit_text`, the text. The rest of the record is a
/// function of these, so an old line that begins with them is the line this run would write
/// (see [`crate::resume`]).
pub fn document_head(doc: &Document, lexicon: &Lexicon, emit_text: bool) -> Vec<u8> {
    let head = DocumentHead {
        header: Header {
            kind: "document",
            schema_version: SCHEMA_VERSION,
            tool_version: TOOL_VERSION,
            lexicon_checksum: lexicon.checksum(),
            id: &doc.id,
            source: &doc.source,
        },
        meta: doc.meta.as_ref(),
    };
    let mut bytes = Vec::new();
    json::serde(&mut bytes, &head);
    // `{...,"meta":null}` -> `{...,"meta":null,"counts":`
    bytes.pop();
    let mut record = Object::continuing(&mut bytes);
    if emit_text {
        record.field("text", doc.text.as_str());
    }
    record.key("counts");
    bytes
}

/// One unit of a document record.
fn unit_record(
    out: &mut Vec<u8>,
    text: &str,
    (unit, finding): (&Sentence, &Finding),
    chars: &mut CharIndex,
    lexicon: &Lexicon,
    drain: &mut Drain,
) {
    let mut record = Object::new(out);
    record.field("start", unit.span.start);
    record.field("end", unit.span.end);
    record.field("char_start", chars.at(unit.span.start));
    record.field("char_end", chars.at(unit.span.end));
    record.field("text", unit.span.of(text));
    record.field("kind", unit.kind);
    record.field("section", unit.section.map(|s| s.of(text)));
    verdict(&mut record, text, finding, chars, lexicon, drain);
    record.end();
}

/// The fields a unit's record and a `classify` record share: `label`, `confidence`,
/// `reason`, `scores`, `cues` and `clauses`, with offsets into `text`.
fn verdict(
    record: &mut Object,
    text: &str,
    finding: &Finding,
    chars: &mut CharIndex,
    lexicon: &Lexicon,
    drain: &mut Drain,
) {
    record.field("label", finding.label);
    record.field("confidence", round(finding.confidence));
    record.field("reason", finding.reason);
    record.field("scores", rounded(&finding.scores));
    json::array(record.key("cues"), &finding.cues, |out, cue| {
        let mut cue_record = Object::new(out);
        spanned(&mut cue_record, text, cue.span, chars);
        cue_record.field("phrase", lexicon.entries()[cue.entry].phrase.as_str());
        cue_record.field("class", cue.label);
        cue_record.field("weight", round(cue.weight));
        cue_record.field("negated", cue.negated);
        cue_record.field("yielded", cue.yielded);
        cue_record.field("rule", cue.rule);
        cue_record.end();
        drain.check(out);
    });
    json::array(record.key("clauses"), &finding.clauses, |out, clause| {
        let mut clause_record = Object::new(out);
        spanned(&mut clause_record, text, clause.span, chars);
        clause_record.field("label", clause.label);
        clause_record.field("yielded", clause.yielded);
        clause_record.end();
    });
}

/// The fields a cue and a clause begin with: `text`, `start`, `end`, `char_start`,
/// `char_end`.
fn spanned(record: &mut Object, text: &str, span: Span, chars: &mut CharIndex) {
    record.field("text", span.of(text));
    record.field("start", span.start);
    record.field("end", span.end);
    record.field("char_start", chars.at(span.start));
    record.field("char_end", chars.at(span.end));
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
    let mut line = serde_json::to_vec(&record).unwrap_or_default();
    line.push(b'\n');
    line
}

/// One unit classified alone (the `classify` command): `text`, `label`, `confidence`,
/// `reason`, `scores`, `cues` and `clauses`, with offsets into `text`.
pub fn unit_line(text: &str, finding: &Finding, lexicon: &Lexicon) -> Vec<u8> {
    let mut line = Vec::new();
    let mut record = Object::new(&mut line);
    record.field("text", text);
    let mut drain = Drain {
        chunk: usize::MAX,
        to: None,
        failed: Ok(()),
    };
    let mut chars = CharIndex::new(text);
    verdict(&mut record, text, finding, &mut chars, lexicon, &mut drain);
    record.end();
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
        let shown = fold_spaces(unit.span.of(text));
        let _ = writeln!(
            out,
            "[{} {:.2}] {}",
            finding.label, finding.confidence, shown
        );
        let section = unit
            .section
            .map_or("-".to_string(), |s| format!("{:?}", s.of(text)));
        let _ = writeln!(
            out,
            "    kind: {}   section: {}   decided by: {}",
            unit.kind.as_str(),
            section,
            finding.reason.as_str()
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
        explain_clauses(&mut out, text, &finding.clauses);
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

/// The clause-level findings of one unit, for `explain`.
fn explain_clauses(out: &mut String, text: &str, clauses: &[Clause]) {
    for clause in clauses {
        let yielded = if clause.yielded {
            " (yields to the main clause)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    clause {:?} -> {}{yielded}",
            clause.span.of(text),
            clause.label
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;

    #[test]
    fn a_document_line_begins_with_its_head() {
        let mut doc = Document::from_text("a \"quoted\" id", "Plans are clear.\n\"Good\".\n");
        let meta = serde_json::json!({"counts": {"x": 1}, "year": 2021.5});
        doc.meta = meta.as_object().cloned();
        for emit_text in [false, true] {
            let pipeline = Pipeline::new(Lexicon::default()).emit_text(emit_text);
            let line = pipeline.document_line(&doc, &pipeline.analyze(&doc.text));
            let head = document_head(&doc, pipeline.lexicon(), emit_text);
            assert!(
                line.starts_with(&head),
                "{}",
                String::from_utf8_lossy(&head)
            );
            let end: &[u8] = if emit_text {
                br#""year":2021.5},"text":"Plans are clear.\n\"Good\".\n","counts":"#
            } else {
                br#""year":2021.5},"counts":"#
            };
            assert!(head.ends_with(end), "{}", String::from_utf8_lossy(&head));
        }
    }
}
