//! The domain nouns every stage shares: [`Document`], [`Source`], [`Span`], [`Label`].
//!
//! Offsets are always byte offsets into the document's text as decoded by
//! [`crate::ingest`]: no stage rewrites the text, so `&text[span.start..span.end]` is
//! always the unit a stage is talking about.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::shard::fingerprint;

/// A half-open byte range `start..end` into a document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The bytes covered, as a slice of `text`.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// True when `other` lies wholly inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// What the inspectors found, per `docs/labelling.md`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Something about the inspected service is good, effective, improved or timely.
    Strength,
    /// A shortfall: poor, inconsistent, late, insufficient, or reported criticism.
    Weakness,
    /// Future action directed at the inspected body.
    Recommendation,
    /// Anything else: context, method, headings, furniture.
    Neutral,
}

impl Label {
    /// All labels, in the order used for tables and counts.
    pub const ALL: [Label; 4] = [
        Label::Strength,
        Label::Weakness,
        Label::Recommendation,
        Label::Neutral,
    ];

    /// The label's name as written in JSON and lexicon files.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Strength => "strength",
            Label::Weakness => "weakness",
            Label::Recommendation => "recommendation",
            Label::Neutral => "neutral",
        }
    }

    /// Parses a label name as written in JSON and lexicon files.
    pub fn parse(name: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// Position in [`Label::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a document came from and how it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The path it was read from (`-` for stdin), as the user can find it.
    pub path: String,
    /// The input format: `text`, `jsonl`, `pdf` or `html`.
    pub format: &'static str,
    /// The text encoding it was decoded from (`utf-8`, `utf-16le`, `utf-16be`,
    /// `windows-1252`), or null when it was not decoded (a PDF, or input that could not be
    /// read).
    pub encoding: Option<&'static str>,
    /// Size of the raw input in bytes (for a JSONL document: of its `text` field in UTF-8),
    /// or null when it could not be read.
    pub bytes: Option<u64>,
    /// A fingerprint of the same raw bytes, `fnv1a64:` and 16 hex digits (see
    /// [`crate::shard::fingerprint`]), or null when it could not be read. It tells a changed
    /// input from an unchanged one; it is not a cryptographic hash.
    pub input_hash: Option<String>,
    /// For a PDF, the extractor that produced the text (`pdf-extract` or `pdftotext`); for
    /// an HTML page, `dom_smoothie` or `tag-strip`.
    pub extractor: Option<&'static str>,
    /// For a PDF, its number of pages.
    pub pages: Option<usize>,
}

/// One decoded input document, ready for the pipeline.
#[derive(Clone, Debug)]
pub struct Document {
    /// Stable identifier: the path relative to the folder given, or the JSONL `id`.
    pub id: String,
    /// Where it came from.
    pub source: Source,
    /// Extra fields carried through from JSONL input, or `None`.
    pub meta: Option<Map<String, Value>>,
    /// The decoded text all offsets refer to.
    pub text: String,
}

impl Document {
    /// A document made from text in memory, e.g. for tests or the `explain` command.
    pub fn from_text(id: &str, text: &str) -> Document {
        Document {
            id: id.to_string(),
            source: Source {
                path: id.to_string(),
                format: "text",
                encoding: Some("utf-8"),
                bytes: Some(text.len() as u64),
                input_hash: Some(fingerprint(text.as_bytes())),
                extractor: None,
                pages: None,
            },
            meta: None,
            text: text.to_string(),
        }
    }
}

/// Converts byte offsets into Unicode scalar (char) offsets, counting only the text between
/// one offset and the next.
///
/// Python and R index strings by code point; this gives them offsets they can use directly.
pub struct CharIndex<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharIndex<'t> {
    /// An index positioned at the start of `text`.
    pub fn new(text: &'t str) -> CharIndex<'t> {
        CharIndex {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The char offset of byte offset `byte` (which must be on a char boundary).
    ///
    /// The cost is the distance from the offset asked for before, in either direction (a
    /// cue list is not always in text order), so a whole document costs one pass.
    pub fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            let gap = self.text.get(byte..self.byte).unwrap_or("");
            self.chars = self.chars.saturating_sub(gap.chars().count());
        } else {
            let gap = self.text.get(self.byte..byte).unwrap_or("");
            self.chars += gap.chars().count();
        }
        self.byte = byte;
        self.chars
    }
}

/// `text` with its runs of white space folded to single spaces and its ends trimmed: the
/// form in which headings, titles and phrases are compared and shown.
pub fn fold_spaces(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_folds_to_single_spaces() {
        assert_eq!(
            fold_spaces("  Plans\n are\t\u{a0} weak. "),
            "Plans are weak."
        );
        assert_eq!(fold_spaces(" \n "), "");
    }

    #[test]
    fn char_index_counts_scalars_not_bytes() {
        let text = "Children’s plans – good.";
        let mut index = CharIndex::new(text);
        let dash = text.find('–').unwrap();
        assert_eq!(index.at(dash), 17);
        assert_eq!(index.at(text.len()), text.chars().count());
        assert_eq!(index.at(0), 0);
    }

    #[test]
    fn labels_round_trip_through_their_names() {
        for label in Label::ALL {
            assert_eq!(Label::parse(label.as_str()), Some(label));
        }
        assert_eq!(Label::parse("positive"), None);
    }
}
