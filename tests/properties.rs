//! Properties that hold for any input: no panic; units non-empty, ordered, non-overlapping,
//! on char boundaries; nothing but list markers and paragraph numbers left out.

use findings::{Lexicon, Pipeline};
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new(Lexicon::default()))
}

/// Text made of the pieces real letters are made of, in any order.
fn letterish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Plans are not always timely. ".to_string()),
        Just("Mr. Smith, e.g. the DCS, said 66.7% were seen".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("◼ The quality of plans.\n".to_string()),
        Just("12.\n".to_string()),
        Just("(c) ".to_string()),
        Just("What needs to improve?\n".to_string()),
        Just("However, ".to_string()),
        Just("“Quote.” ".to_string()),
        Just("\u{F06E}".to_string()),
        Just("\x0c".to_string()),
        Just("Yours sincerely\n".to_string()),
        "[a-zA-Z ,.;:!?()’-]{0,20}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn check_units(text: &str) -> Result<(), TestCaseError> {
    let analysis = pipeline().analyze(text);
    prop_assert_eq!(analysis.sentences.len(), analysis.findings.len());
    let mut covered = vec![false; text.len()];
    let mut last_end = 0;
    for unit in &analysis.sentences {
        let span = unit.span;
        prop_assert!(span.start < span.end, "empty unit");
        prop_assert!(span.start >= last_end, "units overlap or are out of order");
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        prop_assert!(!span.of(text).trim().is_empty());
        last_end = span.end;
        covered[span.start..span.end]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    // Whatever no unit covers is white space or a short marker at the start of a line.
    let mut line_start = 0;
    for line in text.split('\n') {
        let line_end = line_start + line.len();
        let first_covered = (line_start..line_end)
            .find(|&i| covered[i])
            .unwrap_or(line_end);
        for (offset, c) in line.char_indices() {
            let at = line_start + offset;
            if !c.is_whitespace() && c != '\u{feff}' && !covered[at] {
                let prefix = text[line_start..at].trim_start();
                prop_assert!(
                    at < first_covered && prefix.chars().count() < 6,
                    "uncovered {:?} at {} in line {:?}",
                    c,
                    at,
                    line
                );
            }
        }
        line_start = line_end + 1;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn units_are_well_formed_on_letter_like_text(text in letterish()) {
        check_units(&text)?;
    }

    #[test]
    fn units_are_well_formed_on_any_text(text in any::<String>()) {
        check_units(&text)?;
    }
}

#[test]
fn a_long_line_without_punctuation_is_one_unit() {
    let text = "word ".repeat(100_000);
    let analysis = pipeline().analyze(&text);
    assert_eq!(analysis.sentences.len(), 1);
}
