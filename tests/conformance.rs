//! The English sentence-boundary golden rules (pySBD's 48 cases, in ../shared/conformance).
//! Skips when ../shared is absent; fails if fewer cases pass than the figure README states.

use findings::{Segmenter, Span};

use crate::util::shared;

/// Cases passing when this figure was last measured; a regression below it fails.
const PASSING_AT_LEAST: usize = 47;

#[derive(serde::Deserialize)]
struct Case {
    id: u32,
    name: String,
    text: String,
    sentences: Vec<String>,
}

#[test]
fn golden_rules_en() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let path = shared.join("conformance/golden_rules_en.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let segmenter = Segmenter::new();
    let mut passed = 0;
    let mut failures = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let case: Case = serde_json::from_str(line).expect("a golden rule case");
        let got: Vec<&str> = segmenter
            .split(&case.text, Span::new(0, case.text.len()))
            .into_iter()
            .map(|s| s.of(&case.text).trim())
            .collect();
        let want: Vec<&str> = case.sentences.iter().map(|s| s.trim()).collect();
        if got == want {
            passed += 1;
        } else {
            failures.push(format!("{} {}: got {got:?}", case.id, case.name));
        }
    }
    eprintln!("golden rules: {passed} of {} pass", passed + failures.len());
    for failure in &failures {
        eprintln!("  {failure}");
    }
    assert!(
        passed >= PASSING_AT_LEAST,
        "{passed} golden rules pass, fewer than {PASSING_AT_LEAST}"
    );
}
