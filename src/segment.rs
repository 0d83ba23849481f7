//! Segment: split blocks into sentences, with byte offsets into the original text.
//!
//! Underneath is the Unicode sentence-boundary algorithm (UAX #29, from the
//! `unicode-segmentation` crate), which knows closing quotes and brackets, decimals ("93.5%")
//! and lower-case continuations ("e.g. through"). It does not know what English prose needs
//! besides, so this stage adds:
//!
//! - **line wraps are not boundaries**: UAX #29 breaks at every line break, so the rules run
//!   over a copy of the block in which line breaks are spaces (the same byte length, so the
//!   offsets carry over unchanged);
//! - **abbreviations and titles**: no break after "Mr.", "Dr.", "St.", "No." before a number,
//!   "p." / "para." before a number, "e.g.", "i.e.", "cf.", "vs.";
//! - **initials**: no break after a single capital letter ("Jonas E. Smith"), except "I";
//! - **exclamations inside a sentence**: no break after "!" or "?" when the next word is lower
//!   case ("Yahoo! in the accounting department").
//!
//! Headings, list items and furniture come from [`crate::clean`] as blocks; a heading or a
//! line of furniture is one unit, a paragraph or a list item is split into sentences.

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::clean::{Block, BlockKind};
use crate::document::Span;

/// What a unit is: the `kind` field of the JSON output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A sentence of running prose.
    Sentence,
    /// A heading or title (always neutral).
    Heading,
    /// A sentence of a list item.
    ListItem,
    /// Page or site furniture (always neutral).
    Furniture,
}

/// One unit of a document: a sentence, a list item, a heading or a line of furniture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where it is in the document's text.
    pub span: Span,
    /// What it is.
    pub kind: UnitKind,
    /// The heading it sits under, if any.
    pub section: Option<Span>,
}

/// Splits text into sentences.
#[derive(Clone, Debug, Default)]
pub struct Segmenter {
    _private: (),
}

/// Abbreviations (lower case, without the final full stop) after which a full stop never
/// ends a sentence, whatever follows.
const ALWAYS_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "rev", "st", "mt", "cllr", "sr", "jr", "e.g", "i.e", "cf",
    "vs", "viz", "approx", "ca", "fig", "figs", "dept", "est", "incl", "govt",
];

/// Abbreviations that do not end a sentence when a number follows ("No. 3", "p. 55").
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "p", "pp", "para", "paras", "vol", "ch", "art", "n°",
];

impl Segmenter {
    /// A segmenter with the built-in English rules.
    pub fn new() -> Segmenter {
        Segmenter::default()
    }

    /// The units of a document, from its blocks: one per heading or furniture line, one per
    /// sentence of a paragraph or list item.
    pub fn units(&self, text: &str, blocks: &[Block]) -> Vec<Sentence> {
        let mut units = Vec::with_capacity(blocks.len() * 2);
        let mut scratch = String::new();
        for block in blocks {
            let kind = match block.kind {
                BlockKind::Heading => UnitKind::Heading,
                BlockKind::Furniture => UnitKind::Furniture,
                BlockKind::Paragraph => UnitKind::Sentence,
                BlockKind::ListItem => UnitKind::ListItem,
            };
            let unit = |span| Sentence {
                span,
                kind,
                section: block.section,
            };
            if matches!(kind, UnitKind::Heading | UnitKind::Furniture) {
                units.push(unit(block.span));
            } else {
                let spans = self.split_with(text, block.span, &mut scratch);
                units.extend(spans.into_iter().map(unit));
            }
        }
        units
    }

    /// The sentences of `span` in `text`, trimmed of white space, in order, never empty.
    pub fn split(&self, text: &str, span: Span) -> Vec<Span> {
        self.split_with(text, span, &mut String::new())
    }

    fn split_with(&self, text: &str, span: Span, scratch: &mut String) -> Vec<Span> {
        let block = span.of(text);
        flatten_line_breaks(block, scratch);
        let mut out: Vec<Span> = Vec::new();
        let mut pending: Option<Span> = None;
        for (offset, piece) in scratch.split_sentence_bound_indices() {
            let piece_span = trim(block, Span::new(offset, offset + piece.len()));
            if piece_span.is_empty() {
                continue;
            }
            let merged = match pending {
                Some(prev) if !is_boundary(&block[prev.start..prev.end], piece_span.of(block)) => {
                    Span::new(prev.start, piece_span.end)
                }
                Some(prev) => {
                    out.push(prev);
                    piece_span
                }
                None => piece_span,
            };
            pending = Some(merged);
        }
        out.extend(pending);
        for s in &mut out {
            s.start += span.start;
            s.end += span.start;
        }
        out
    }
}

/// Copies `block` into `scratch` with every line break replaced by spaces of the same length.
fn flatten_line_breaks(block: &str, scratch: &mut String) {
    scratch.clear();
    for c in block.chars() {
        match c {
            '\n' | '\r' | '\x0b' | '\x0c' => scratch.push(' '),
            '\u{85}' => scratch.push_str("  "),
            '\u{2028}' | '\u{2029}' => scratch.push_str("   "),
            _ => scratch.push(c),
        }
    }
}

fn trim(block: &str, span: Span) -> Span {
    let piece = span.of(block);
    let start = span.start + (piece.len() - piece.trim_start().len());
    let end = span.end - (piece.len() - piece.trim_end().len());
    Span::new(start, end.max(start))
}

/// Decides whether the break UAX #29 found between `before` and `after` is a real one.
fn is_boundary(before: &str, after: &str) -> bool {
    let Some(next) = after.chars().next() else {
        return true;
    };
    let last = before.chars().next_back();
    if matches!(last, Some('!' | '?')) && next.is_lowercase() {
        return false;
    }
    let Some(stem) = before.strip_suffix('.') else {
        return true;
    };
    let word = stem
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '[' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    if ALWAYS_ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    if NUMBER_ABBREVIATIONS.contains(&lower.as_str()) && next.is_ascii_digit() {
        return false;
    }
    let mut chars = word.chars();
    let initial =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase() && c != 'I');
    !(initial && next.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        Segmenter::new()
            .split(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| s.of(text))
            .collect()
    }

    #[test]
    fn abbreviations_initials_and_decimals_hold_sentences_together() {
        assert_eq!(
            split("Mr. Smith met Dr. Jones at St. Anne’s. Caseloads fell by 66.7% (No. 3 team)."),
            [
                "Mr. Smith met Dr. Jones at St. Anne’s.",
                "Caseloads fell by 66.7% (No. 3 team)."
            ]
        );
        assert_eq!(
            split("Jonas E. Smith left. See p. 55 now."),
            ["Jonas E. Smith left.", "See p. 55 now."]
        );
        assert_eq!(
            split("Tools, e.g. audits, help. I. Jones said so."),
            ["Tools, e.g. audits, help.", "I.", "Jones said so."]
        );
    }

    #[test]
    fn line_wraps_are_not_boundaries_and_offsets_hold() {
        let text = "Too many children do not\nhave a social worker.  Plans are\r\nclear.\n";
        let spans = Segmenter::new().split(text, Span::new(0, text.len()));
        assert_eq!(
            spans[0].of(text),
            "Too many children do not\nhave a social worker."
        );
        assert_eq!(spans[1].of(text), "Plans are\r\nclear.");
    }

    #[test]
    fn offsets_are_relative_to_the_document() {
        let text = "Intro. Second one here. Third!";
        let inner = Span::new(7, text.len());
        let spans = Segmenter::new().split(text, inner);
        let found: Vec<_> = spans.iter().map(|s| s.of(text)).collect();
        assert_eq!(found, ["Second one here.", "Third!"]);
    }

    #[test]
    fn questions_and_quotes() {
        assert_eq!(
            split("What is it? It is a plan."),
            ["What is it?", "It is a plan."]
        );
        assert_eq!(
            split("She works at Yahoo! in Leeds."),
            ["She works at Yahoo! in Leeds."]
        );
        assert_eq!(
            split("He said, “This is great.” She agreed."),
            ["He said, “This is great.”", "She agreed."]
        );
    }
}
