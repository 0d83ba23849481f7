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
    counts: Counts,
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
    let output = findings(&root(), &["run", "corpus", "-q"], b"");
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
                .is_some_and(|x| x == "txt" || x == "md")
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
        assert_eq!(
            (doc.source.format.as_str(), doc.source.encoding.as_deref()),
            ("text", Some("utf-8"))
        );
        assert_eq!(
            (doc.source.extractor.as_deref(), doc.source.pages),
            (None, None)
        );
        let text = fs::read_to_string(root().join("corpus").join(&doc.id)).unwrap();
        assert_eq!(doc.source.bytes, Some(text.len() as u64));
        assert_eq!(doc.source.input_hash, Some(fnv1a64_of(text.as_bytes())));
        assert_eq!(doc.source.path, format!("corpus/{}", doc.id));
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
