//! The JSON contract, version 1, declared again from the consumer's side with
//! `deny_unknown_fields`: any added, renamed or missing field fails here first.

use std::fs;

use serde::Deserialize;

use crate::util::{findings, records, root, scratch};

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Record {
    Document(DocumentRecord),
    Error(ErrorRecord),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentRecord {
    schema_version: u32,
    tool_version: String,
    lexicon_checksum: String,
    id: String,
    source: Source,
    meta: Option<serde_json::Map<String, serde_json::Value>>,
    /// Only with `--emit-text`.
    #[serde(default)]
    text: Option<String>,
    counts: Counts,
    inspection: Box<Inspection>,
    sentences: Vec<Unit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorRecord {
    schema_version: u32,
    tool_version: String,
    lexicon_checksum: String,
    id: String,
    source: Source,
    error: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    path: String,
    format: String,
    encoding: Option<String>,
    bytes: Option<u64>,
    input_hash: Option<String>,
    extractor: Option<String>,
    pages: Option<usize>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
struct Counts {
    strength: usize,
    weakness: usize,
    recommendation: usize,
    neutral: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Inspection {
    kind: DocumentKind,
    authority: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    published: Option<String>,
    lead_inspector: Option<String>,
    judgements: Judgements,
    previous_judgements: PreviousJudgements,
    evidence: Evidence,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum DocumentKind {
    IlacsStandard,
    IlacsShort,
    FocusedVisit,
    MonitoringVisit,
    Jtai,
    SendArea,
    Sif,
    School,
    News,
    Other,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Grade {
    Outstanding,
    Good,
    RequiresImprovement,
    Inadequate,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum SendOutcome {
    Positive,
    Inconsistent,
    SystemicFailings,
}

/// Judgements: every area, always present, each a grade or null.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Judgements {
    overall_effectiveness: Option<Grade>,
    impact_of_leaders: Option<Grade>,
    help_and_protection: Option<Grade>,
    children_in_care: Option<Grade>,
    care_leavers: Option<Grade>,
    adoption: Option<Grade>,
    leadership: Option<Grade>,
    lscb: Option<Grade>,
    send_outcome: Option<SendOutcome>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviousJudgements {
    overall_effectiveness: Option<Grade>,
    impact_of_leaders: Option<Grade>,
    help_and_protection: Option<Grade>,
    children_in_care: Option<Grade>,
    care_leavers: Option<Grade>,
    adoption: Option<Grade>,
    leadership: Option<Grade>,
    lscb: Option<Grade>,
}

/// A `[start, end]` byte range into the document's text.
type Range = Option<[usize; 2]>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Evidence {
    kind: Range,
    authority: Range,
    start_date: Range,
    end_date: Range,
    published: Range,
    lead_inspector: Range,
    judgements: JudgementEvidence,
    previous_judgements: PreviousEvidence,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JudgementEvidence {
    overall_effectiveness: Range,
    impact_of_leaders: Range,
    help_and_protection: Range,
    children_in_care: Range,
    care_leavers: Range,
    adoption: Range,
    leadership: Range,
    lscb: Range,
    send_outcome: Range,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviousEvidence {
    overall_effectiveness: Range,
    impact_of_leaders: Range,
    help_and_protection: Range,
    children_in_care: Range,
    care_leavers: Range,
    adoption: Range,
    leadership: Range,
    lscb: Range,
}

impl Judgements {
    /// Each area's grade beside its evidence, by name.
    fn pairs<'a>(
        &self,
        evidence: &'a JudgementEvidence,
    ) -> [(&'static str, Option<Grade>, &'a Range); 8] {
        [
            (
                "overall_effectiveness",
                self.overall_effectiveness,
                &evidence.overall_effectiveness,
            ),
            (
                "impact_of_leaders",
                self.impact_of_leaders,
                &evidence.impact_of_leaders,
            ),
            (
                "help_and_protection",
                self.help_and_protection,
                &evidence.help_and_protection,
            ),
            (
                "children_in_care",
                self.children_in_care,
                &evidence.children_in_care,
            ),
            ("care_leavers", self.care_leavers, &evidence.care_leavers),
            ("adoption", self.adoption, &evidence.adoption),
            ("leadership", self.leadership, &evidence.leadership),
            ("lscb", self.lscb, &evidence.lscb),
        ]
    }
}

impl PreviousJudgements {
    fn pairs<'a>(
        &self,
        evidence: &'a PreviousEvidence,
    ) -> [(&'static str, Option<Grade>, &'a Range); 8] {
        [
            (
                "overall_effectiveness",
                self.overall_effectiveness,
                &evidence.overall_effectiveness,
            ),
            (
                "impact_of_leaders",
                self.impact_of_leaders,
                &evidence.impact_of_leaders,
            ),
            (
                "help_and_protection",
                self.help_and_protection,
                &evidence.help_and_protection,
            ),
            (
                "children_in_care",
                self.children_in_care,
                &evidence.children_in_care,
            ),
            ("care_leavers", self.care_leavers, &evidence.care_leavers),
            ("adoption", self.adoption, &evidence.adoption),
            ("leadership", self.leadership, &evidence.leadership),
            ("lscb", self.lscb, &evidence.lscb),
        ]
    }
}

/// The words of a text, single-spaced.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value and its evidence are null together, and the evidence is a span of the text.
fn check_evidence<'t, T: std::fmt::Debug>(
    text: &'t str,
    field: &str,
    value: Option<T>,
    range: &Range,
) -> Option<&'t str> {
    assert_eq!(
        value.is_some(),
        range.is_some(),
        "{field}: {value:?} with evidence {range:?}"
    );
    let [start, end] = (*range)?;
    assert!(start < end && end <= text.len(), "{field}: {range:?}");
    Some(&text[start..end])
}

/// The `inspection` object keeps its promises: ISO dates, evidence wherever there is a
/// value, and evidence that says what the value says.
fn check_inspection(text: &str, inspection: &Inspection) {
    let i = inspection;
    let e = &i.evidence;
    check_evidence(
        text,
        "kind",
        (i.kind != DocumentKind::Other).then_some(i.kind),
        &e.kind,
    );
    if let Some(span) = check_evidence(text, "authority", i.authority.as_ref(), &e.authority) {
        assert_eq!(Some(words(span)), i.authority);
    }
    if let Some(span) = check_evidence(
        text,
        "lead_inspector",
        i.lead_inspector.as_ref(),
        &e.lead_inspector,
    ) {
        assert_eq!(Some(words(span)), i.lead_inspector);
    }
    for (field, date, range) in [
        ("start_date", &i.start_date, &e.start_date),
        ("end_date", &i.end_date, &e.end_date),
        ("published", &i.published, &e.published),
    ] {
        check_evidence(text, field, date.as_ref(), range);
        if let Some(date) = date {
            let bytes = date.as_bytes();
            assert!(
                date.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-',
                "{field} is ISO 8601: {date}"
            );
        }
    }
    if let (Some(start), Some(end)) = (&i.start_date, &i.end_date) {
        assert!(start <= end, "{start} after {end}");
    }
    let now = i.judgements.pairs(&e.judgements);
    let before = i.previous_judgements.pairs(&e.previous_judgements);
    for (area, grade, range) in now.iter().chain(&before) {
        if let Some(span) = check_evidence(text, area, *grade, range) {
            let span = span.to_lowercase();
            let said = match grade {
                Some(Grade::Outstanding) => "outstanding",
                Some(Grade::Good) => "good",
                Some(Grade::RequiresImprovement) => "improvement",
                Some(Grade::Inadequate) => "inadequate",
                None => "",
            };
            assert!(span.contains(said), "{area}: {grade:?} from {span:?}");
        }
    }
    check_evidence(
        text,
        "send_outcome",
        i.judgements.send_outcome,
        &e.judgements.send_outcome,
    );
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Label {
    Strength,
    Weakness,
    Recommendation,
    Neutral,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Sentence,
    Heading,
    ListItem,
    Furniture,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Reason {
    Cues,
    NoCues,
    Heading,
    Furniture,
    Section,
    Contrast,
    Continuation,
    Tag,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Rule {
    Phrase,
    Imperative,
    Limiter,
    Mask,
    Negation,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scores {
    strength: f32,
    weakness: f32,
    recommendation: f32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Unit {
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    text: String,
    kind: Kind,
    section: Option<String>,
    label: Label,
    confidence: f32,
    #[allow(dead_code)] // Decoded to pin its values; nothing more to check.
    reason: Reason,
    scores: Scores,
    cues: Vec<Cue>,
    clauses: Vec<ClauseFinding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClauseFinding {
    text: String,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    label: Label,
    yielded: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cue {
    text: String,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    phrase: String,
    class: Label,
    weight: f32,
    negated: bool,
    yielded: bool,
    #[allow(dead_code)] // Decoded to pin its values; nothing more to check.
    rule: Rule,
}

fn decode(line: &serde_json::Value) -> Record {
    serde_json::from_value(line.clone())
        .unwrap_or_else(|e| panic!("record does not match the v1 contract: {e}\n{line}"))
}

/// FNV-1a 64 as the spec defines `input_hash`, written out again from the consumer's side.
fn fnv1a64_of(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("fnv1a64:{hash:016x}")
}

fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[test]
fn corpus_output_matches_the_contract_and_offsets_point_into_the_text() {
    let output = findings(&root(), &["run", "corpus", "--emit-text", "-q"], b"");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = records(&output);
    let files: Vec<_> = fs::read_dir(root().join("corpus"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "txt" || x == "md" || x == "html")
        })
        .collect();
    assert_eq!(lines.len(), files.len(), "one record per corpus file");
    for line in &lines {
        let Record::Document(doc) = decode(line) else {
            panic!("corpus files all decode: {line}");
        };
        assert_eq!(doc.schema_version, 1);
        assert_eq!(doc.tool_version, env!("CARGO_PKG_VERSION"));
        assert!(doc.lexicon_checksum.starts_with("fnv1a64:"));
        assert!(doc.meta.is_none());
        let raw = fs::read_to_string(root().join("corpus").join(&doc.id)).unwrap();
        let html = doc.id.ends_with(".html");
        let (format, extractor) = if html {
            ("html", Some("dom_smoothie"))
        } else {
            ("text", None)
        };
        assert_eq!(
            (doc.source.format.as_str(), doc.source.encoding.as_deref()),
            (format, Some("utf-8"))
        );
        assert_eq!(
            (doc.source.extractor.as_deref(), doc.source.pages),
            (extractor, None)
        );
        assert_eq!(doc.source.bytes, Some(raw.len() as u64));
        assert_eq!(doc.source.input_hash, Some(fnv1a64_of(raw.as_bytes())));
        // Offsets refer to the text the record carries: the file's own, or what was
        // extracted from a page.
        let text = doc.text.clone().expect("--emit-text gives the text");
        if !html {
            assert_eq!(text, raw);
        }
        assert_eq!(doc.source.path, format!("corpus/{}", doc.id));
        check_inspection(&text, &doc.inspection);
        let mut counts = Counts::default();
        let mut last_end = 0;
        for unit in &doc.sentences {
            assert_eq!(&text[unit.start..unit.end], unit.text, "{}", doc.id);
            assert!(
                unit.start >= last_end && unit.start < unit.end,
                "units are ordered and non-empty"
            );
            last_end = unit.end;
            assert_eq!(unit.char_start, char_offset(&text, unit.start));
            assert_eq!(unit.char_end, char_offset(&text, unit.end));
            assert!((0.0..=1.0).contains(&unit.confidence));
            assert!(
                unit.scores.strength >= 0.0
                    && unit.scores.weakness >= 0.0
                    && unit.scores.recommendation >= 0.0
            );
            if matches!(unit.kind, Kind::Heading | Kind::Furniture) {
                assert_eq!(unit.label, Label::Neutral, "{:?} is neutral", unit.text);
            }
            if let Some(section) = &unit.section {
                assert!(text.contains(section.as_str()));
            }
            for cue in &unit.cues {
                assert_eq!(&text[cue.start..cue.end], cue.text);
                assert!(unit.start <= cue.start && cue.end <= unit.end);
                assert_eq!(cue.char_start, char_offset(&text, cue.start));
                assert_eq!(cue.char_end, char_offset(&text, cue.end));
                assert!(!cue.phrase.is_empty() && cue.weight >= 0.0);
                let _ = (cue.class, cue.negated, cue.yielded);
            }
            check_clauses(&text, unit);
            match unit.label {
                Label::Strength => counts.strength += 1,
                Label::Weakness => counts.weakness += 1,
                Label::Recommendation => counts.recommendation += 1,
                Label::Neutral => counts.neutral += 1,
            }
        }
        assert_eq!(counts, doc.counts, "{}", doc.id);
    }
}

#[test]
fn error_records_and_jsonl_meta_match_the_contract() {
    let dir = scratch("contract_errors");
    fs::write(dir.join("bad.txt"), b"caf\x00 au lait!").unwrap();
    fs::write(
        dir.join("docs.jsonl"),
        "{\"id\": \"a\", \"text\": \"Plans are clear.\", \"year\": 2021}\n",
    )
    .unwrap();
    let output = findings(
        &dir,
        &["run", "bad.txt", "docs.jsonl", "missing.txt", "-q"],
        b"",
    );
    assert_eq!(output.status.code(), Some(1));
    let lines = records(&output);
    let Record::Error(error) = decode(&lines[0]) else {
        panic!("an error record")
    };
    assert_eq!(error.id, "bad.txt");
    assert_eq!(error.schema_version, 1);
    assert!(!error.tool_version.is_empty() && !error.lexicon_checksum.is_empty());
    assert_eq!(
        (error.source.encoding, error.source.bytes),
        (None, Some(13))
    );
    assert_eq!(
        error.source.input_hash,
        Some(fnv1a64_of(b"caf\x00 au lait!"))
    );
    assert!(error.error.contains("binary file"), "{}", error.error);
    let Record::Document(doc) = decode(&lines[1]) else {
        panic!("a document record")
    };
    assert_eq!(doc.id, "a");
    assert_eq!(doc.source.format, "jsonl");
    assert_eq!(doc.source.path, "docs.jsonl:1");
    assert_eq!(
        doc.source.input_hash,
        Some(fnv1a64_of(b"Plans are clear.")),
        "a JSONL line's fingerprint is of its text"
    );
    let Record::Error(missing) = decode(&lines[2]) else {
        panic!("an error record")
    };
    assert_eq!(
        (missing.source.bytes, missing.source.input_hash),
        (None, None)
    );
    assert_eq!(doc.meta.unwrap()["year"], 2021);
    assert_eq!(doc.sentences[0].label, Label::Strength);
}

/// A unit's clauses lie inside it, in order, without overlap, and say what the spec says:
/// listed only when two of them carry different findings.
fn check_clauses(text: &str, unit: &Unit) {
    let mut last_end = unit.start;
    for clause in &unit.clauses {
        assert_eq!(&text[clause.start..clause.end], clause.text);
        assert!(
            last_end <= clause.start && clause.end <= unit.end,
            "{:?}",
            unit.text
        );
        assert_eq!(clause.char_start, char_offset(text, clause.start));
        assert_eq!(clause.char_end, char_offset(text, clause.end));
        last_end = clause.end;
    }
    let mut findings: Vec<Label> = unit
        .clauses
        .iter()
        .map(|c| c.label)
        .filter(|&l| l != Label::Neutral)
        .collect();
    findings.sort_by_key(|l| *l as u8);
    findings.dedup();
    assert!(
        unit.clauses.is_empty() || findings.len() >= 2,
        "{:?} lists clauses with one finding",
        unit.text
    );
}

#[test]
fn a_mixed_sentence_lists_both_clauses() {
    let text =
        "Headline findings\n\nCaseloads have fallen, but plans remain weak. Plans are clear.\n";
    let output = findings(&root(), &["run", "-", "-q"], text.as_bytes());
    let Record::Document(doc) = decode(&records(&output)[0]) else {
        panic!("a document record")
    };
    let mixed = &doc.sentences[1];
    assert_eq!(mixed.label, Label::Weakness);
    let clauses: Vec<(&str, Label, bool)> = mixed
        .clauses
        .iter()
        .map(|c| (c.text.as_str(), c.label, c.yielded))
        .collect();
    assert_eq!(
        clauses,
        [
            ("Caseloads have fallen", Label::Strength, true),
            ("but plans remain weak.", Label::Weakness, false)
        ]
    );
    assert_eq!(mixed.clauses[0].start, text.find("Caseloads").unwrap());
    assert!(
        doc.sentences[2].clauses.is_empty(),
        "one finding: no clauses"
    );
}
