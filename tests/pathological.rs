//! Pathological inputs: megabytes without a line break, without punctuation, or with nothing
//! but white space. Each stage must take time linear in the input, so these run whole
//! megabytes through the pipeline (debug build) and check the result.
//!
//! Honest limits: timings are never asserted, so a stage that turns quadratic again fails
//! here by making the suite take minutes, not by an assertion (before the fixes, the
//! release binary took 46 s on a 16 MB line of words, against 2.8 s after: 4x the input,
//! 2.6x the time). The bench script (`benches/corpus.sh`) times the same shapes at 50 MB.

use findings::{Document, Lexicon, Pipeline, Segmenter, Span};
use serde_json::Value;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new(Lexicon::default()))
}

/// About `bytes` of `pattern` repeated.
fn repeat(pattern: &str, bytes: usize) -> String {
    pattern.repeat(bytes / pattern.len() + 1)
}

/// The document record of `text`, parsed.
fn record(text: &str) -> Value {
    let pipeline = pipeline();
    let analysis = pipeline.analyze(text);
    let line = pipeline.document_line(&Document::from_text("big", text), &analysis);
    serde_json::from_slice(&line).expect("a record is JSON")
}

fn chars_before(text: &str, byte: u64) -> u64 {
    text[..byte as usize].chars().count() as u64
}

#[test]
fn a_long_line_of_cue_words_is_one_unit_with_right_char_offsets() {
    // Negations that reach nothing, clauses that yield, curly apostrophes (so chars and
    // bytes differ), and no full stop in 2 MB.
    let text = repeat(
        "children’s plans are not always timely if managers ensure that \
         there is no drift although social workers visit but leaders are not effective \
         and help is not ",
        2_000_000,
    );
    let record = record(&text);
    let units = record["sentences"].as_array().expect("units");
    assert_eq!(units.len(), 1);
    assert_eq!(units[0]["char_end"], text.trim_end().chars().count());
    let cues = units[0]["cues"].as_array().expect("cues");
    assert!(cues.len() > 10_000);
    for cue in cues.iter().take(50).chain(cues.iter().rev().take(50)) {
        let start = cue["start"].as_u64().expect("start");
        assert_eq!(cue["char_start"].as_u64(), Some(chars_before(&text, start)));
    }
}

#[test]
fn a_long_line_of_initials_and_enumerators_splits_where_it_should() {
    let text = repeat("a. ", 1_000_000);
    let analysis = pipeline().analyze(&text);
    assert!(!analysis.sentences.is_empty());
    let initials = repeat("A. ", 1_000_000);
    let analysis = pipeline().analyze(&initials);
    assert_eq!(analysis.sentences.len(), 1, "initials hold together");
    // A list run into one line, with a megabyte of spaces between its items.
    let list = format!(
        "1.) Plans are clear{}2.) Visits are late",
        " ".repeat(1_000_000)
    );
    let spans = Segmenter::new().split(&list, Span::new(0, list.len()));
    let units: Vec<&str> = spans.iter().map(|s| s.of(&list)).collect();
    assert_eq!(units, ["1.) Plans are clear", "2.) Visits are late"]);
}

#[test]
fn white_space_alone_gives_no_units() {
    let text = repeat(" \n  \n\n   \r\n\t", 2_000_000);
    assert!(pipeline().analyze(&text).sentences.is_empty());
}

#[test]
fn one_long_word_is_one_unit() {
    let text = format!("x{}", repeat("improve", 2_000_000));
    let analysis = pipeline().analyze(&text);
    assert_eq!(analysis.sentences.len(), 1);
    assert!(analysis.findings[0].cues.is_empty(), "no whole word inside");
}
