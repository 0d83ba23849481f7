//! What every target checks: the pipeline's units are non-empty, ordered spans of the text.

use std::sync::OnceLock;

use findings::{Lexicon, Pipeline};

/// Runs the pipeline on `text` and checks its units.
pub fn analyze(text: &str) {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    let pipeline = PIPELINE.get_or_init(|| Pipeline::new(Lexicon::default()));
    let analysis = pipeline.analyze(text);
    let mut last_end = 0;
    for unit in &analysis.sentences {
        assert!(last_end <= unit.span.start && unit.span.start < unit.span.end);
        assert!(text.get(unit.span.start..unit.span.end).is_some());
        last_end = unit.span.end;
    }
    assert_eq!(analysis.findings.len(), analysis.sentences.len());
}
