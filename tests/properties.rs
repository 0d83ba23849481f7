//! Properties that hold for any input: no panic; units non-empty, ordered, non-overlapping,
//! on char boundaries; nothing but list markers and paragraph numbers left out; the
//! inspection facts' evidence spans inside the text, on char boundaries.

use findings::{Lexicon, Pipeline, Span};
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
    let spans: Vec<Span> = analysis.sentences.iter().map(|u| u.span).collect();
    check_spans(text, &spans)
}

/// Checks that `spans` are well-formed units of `text` that leave out nothing but white
/// space and markers.
fn check_spans(text: &str, spans: &[Span]) -> Result<(), TestCaseError> {
    let mut covered = vec![false; text.len()];
    let mut last_end = 0;
    for &span in spans {
        prop_assert!(span.start < span.end, "empty unit");
        prop_assert!(span.start >= last_end, "units overlap or are out of order");
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        prop_assert!(!span.of(text).trim().is_empty());
        last_end = span.end;
        covered[span.start..span.end]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    // Whatever no unit covers is white space, a short marker at the start of a line, or a
    // footnote marker of one or two digits glued to the end of a unit ("Board1",
    // "protection.2"), which clean and segment leave out of it.
    let ends: Vec<usize> = spans.iter().map(|span| span.end).collect();
    let footnote_marker = |at: usize| {
        ends.iter().any(|&end| {
            end <= at && at < end + 2 && text.as_bytes()[end..=at].iter().all(u8::is_ascii_digit)
        })
    };
    let mut line_start = 0;
    for line in text.split('\n') {
        let line_end = line_start + line.len();
        let first_covered = (line_start..line_end)
            .find(|&i| covered[i])
            .unwrap_or(line_end);
        for (offset, c) in line.char_indices() {
            let at = line_start + offset;
            if !c.is_whitespace() && c != '\u{feff}' && !covered[at] && !footnote_marker(at) {
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

/// Text made of the pieces report headers are made of, in any order.
fn headerish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Inspection of Westmoor\nlocal authority children’s services\n".to_string()),
        Just("Inspection of ".to_string()),
        Just("Inspection dates: ".to_string()),
        Just("3 to 14 October 2022".to_string()),
        Just("0304 March 2015 – ".to_string()),
        Just("Lead inspector: ".to_string()),
        Just("His Majesty’s Inspector\n".to_string()),
        Just("Judgement\nGrade\n".to_string()),
        Just("The experiences and progress of children in care: requires\n".to_string()),
        Just("Requires\nimprovement to be good\n".to_string()),
        Just("Overall effectiveness  Good\n".to_string()),
        Just("Yours sincerely\n\n".to_string()),
        Just("The judgements for the local authority were:\n".to_string()),
        Just("\n\n".to_string()),
        "[a-zA-Z0-9 ,.:’–-]{0,20}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn check_inspection(text: &str) -> Result<(), TestCaseError> {
    let found = findings::inspection::read(text);
    let mut spans = vec![
        found.kind.as_ref().map(|f| f.span),
        found.authority.as_ref().map(|f| f.span),
        found.start_date.as_ref().map(|f| f.span),
        found.end_date.as_ref().map(|f| f.span),
        found.published.as_ref().map(|f| f.span),
        found.lead_inspector.as_ref().map(|f| f.span),
        found.judgements.send_outcome.as_ref().map(|f| f.span),
    ];
    for area in findings::inspection::Area::ALL {
        spans.push(found.judgements.get(area).map(|f| f.span));
        spans.push(found.previous_judgements.get(area).map(|f| f.span));
    }
    for span in spans.into_iter().flatten() {
        prop_assert!(
            span.start < span.end && span.end <= text.len(),
            "{:?}",
            span
        );
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
    if let (Some(start), Some(end)) = (&found.start_date, &found.end_date) {
        prop_assert!(start.value <= end.value);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn inspection_evidence_is_well_formed_on_header_like_text(text in headerish()) {
        check_inspection(&text)?;
    }

    #[test]
    fn inspection_evidence_is_well_formed_on_any_text(text in any::<String>()) {
        check_inspection(&text)?;
    }

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
fn footnote_markers_left_out_of_units_are_allowed_and_nothing_else() {
    // Found by the property tests: a digit glued to the end of a heading or a sentence.
    for text in [
        "\u{11c72}aa0",
        "\u{f06e}However, a?0",
        "Leaders act.2 Staff stay.",
    ] {
        check_units(text).unwrap();
    }
    // A word left out of every unit is still caught.
    assert!(check_spans("One. Two.", &[Span::new(0, 4)]).is_err());
    assert!(check_spans("One.2 Two.", &[Span::new(0, 4), Span::new(6, 10)]).is_ok());
    assert!(check_spans("One.234 Two.", &[Span::new(0, 4), Span::new(8, 12)]).is_err());
}

#[test]
fn a_long_line_without_punctuation_is_one_unit() {
    let text = "word ".repeat(100_000);
    let analysis = pipeline().analyze(&text);
    assert_eq!(analysis.sentences.len(), 1);
}
