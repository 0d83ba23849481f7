//! Segment: split blocks into sentences, with byte offsets into the original text.
//!
//! Underneath is the Unicode sentence-boundary algorithm (UAX #29, from the
//! `unicode-segmentation` crate), which knows closing quotes and brackets, decimals ("93.5%")
//! and lower-case continuations ("e.g. through"). UAX #29 only ever breaks after a
//! terminator, so its rules run only in a small window around each terminator, found with a
//! byte scan; the rest of the text is never read by them (the breaks are the same: a test
//! compares them with a whole-text run). It does not know what English prose needs besides,
//! so this stage adds:
//!
//! - **line wraps are not boundaries**: UAX #29 breaks at every line break, so the rules run
//!   over a copy of the block in which line breaks are spaces (the same byte length, so the
//!   offsets carry over unchanged);
//! - **abbreviations and titles**: no break after "Mr.", "Dr.", "St.", "No." before a number,
//!   "p." / "para." before a number, "e.g.", "i.e.", "cf.", "vs.";
//! - **initials**: no break after a single capital letter ("Jonas E. Smith"), except "I";
//! - **exclamations inside a sentence**: no break after "!" or "?" when the next word is lower
//!   case ("Yahoo! in the accounting department");
//! - **dotted acronyms**: after "U.S." a capitalised word starts a new sentence only if it is a
//!   usual sentence opener ("How", "The"), not a name ("U.S. Government"); "I." is an initial
//!   only after a capitalised word ("Albert I. Jones", not "you and I.");
//! - **ellipses**: three dots ("...", ". . .", "[...]") do not end a sentence; a full stop
//!   followed by a spaced ellipsis does, and the ellipsis opens the next sentence;
//! - **bracketed tags**: "(Outcome 3, National Framework)" after a full stop stays with the
//!   sentence it tags;
//! - **lists run into one line**: text that opens with an enumerator ("1.)", "2)", "a.",
//!   "• 9.") splits before each later enumerator that continues the sequence.
//!
//! Headings, list items and furniture come from [`crate::clean`] as blocks; a heading or a
//! line of furniture is one unit, a paragraph, a list item or a footnote is split into
//! sentences (a footnote's are furniture).

use std::cell::RefCell;
use std::collections::HashMap;

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

impl UnitKind {
    /// The name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Sentence => "sentence",
            UnitKind::Heading => "heading",
            UnitKind::ListItem => "list_item",
            UnitKind::Furniture => "furniture",
        }
    }
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
                BlockKind::Furniture | BlockKind::Footnote => UnitKind::Furniture,
                BlockKind::Paragraph => UnitKind::Sentence,
                BlockKind::ListItem => UnitKind::ListItem,
            };
            let unit = |span| Sentence {
                span,
                kind,
                section: block.section,
            };
            if matches!(block.kind, BlockKind::Heading | BlockKind::Furniture) {
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
        let mut out = Vec::new();
        for part in list_items(span.of(text)) {
            let part = Span::new(span.start + part.start, span.start + part.end);
            out.extend(self.split_sentences(text, part, scratch));
        }
        out
    }

    fn split_sentences(&self, text: &str, span: Span, scratch: &mut String) -> Vec<Span> {
        let block = span.of(text);
        flatten_line_breaks(block, scratch);
        blank_footnote_markers(scratch);
        let mut out: Vec<Span> = Vec::new();
        let mut pending: Option<Span> = None;
        for piece in uax29_pieces(scratch) {
            let piece_span = trim(scratch, piece);
            if piece_span.is_empty() {
                continue;
            }
            let merged = match pending {
                Some(prev) if !is_boundary(&block[prev.start..prev.end], piece_span.of(block)) => {
                    Span::new(prev.start, piece_span.end)
                }
                Some(prev) => {
                    // "compounds. . . . The practice": the full stop ends the sentence and
                    // the ellipsis opens the next one.
                    match trailing_ellipsis_after_stop(prev.of(block)) {
                        0 => {
                            out.push(prev);
                            piece_span
                        }
                        ellipsis => {
                            out.push(Span::new(prev.start, prev.end - ellipsis));
                            // The ellipsis, without the space before it, opens this piece.
                            Span::new(prev.end - ellipsis + 1, piece_span.end)
                        }
                    }
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

/// The pieces UAX #29 splits `text` into (line breaks already flattened), found by running
/// the rules only around the characters that can end a sentence.
///
/// UAX #29 breaks only after a terminator (`.`, `!`, `?` and their kin, then closing
/// punctuation and spaces) or a paragraph separator. So the text is read for those
/// characters (memchr for the ASCII ones), and UAX #29 runs on a window around each: from
/// the last ASCII letter or digit before it (rule SB7 looks one character back) to the
/// first ASCII letter after it (SB8 looks ahead through digits and punctuation to the next
/// letter). A window starts and ends on a letter or digit, where no rule looks across, so its
/// breaks are the text's; overlapping windows are merged. A stretch with no terminator is
/// never read by UAX #29 at all.
fn uax29_pieces(text: &str) -> Vec<Span> {
    let mut breaks = Vec::new();
    let mut window: Option<(usize, usize)> = None;
    let mut from = 0;
    while let Some(at) = next_terminator(text, from) {
        let start = anchor_before(text, at);
        let end = letter_after(text, at);
        window = match window {
            Some((s, e)) if start < e => Some((s, e.max(end))),
            Some(done) => {
                window_breaks(text, done, &mut breaks);
                Some((start, end))
            }
            None => Some((start, end)),
        };
        from = end;
    }
    if let Some(done) = window {
        window_breaks(text, done, &mut breaks);
    }
    let mut pieces = Vec::with_capacity(breaks.len() + 1);
    let mut start = 0;
    for at in breaks.into_iter().chain([text.len()]) {
        if at > start {
            pieces.push(Span::new(start, at));
            start = at;
        }
    }
    pieces
}

/// The breaks UAX #29 finds inside `window` of `text` (not at its ends).
fn window_breaks(text: &str, (start, end): (usize, usize), breaks: &mut Vec<usize>) {
    let inside = &text[start..end];
    breaks.extend(
        inside
            .split_sentence_bound_indices()
            .map(|(offset, _)| start + offset)
            .filter(|&at| at > start),
    );
}

/// The first character at or after `from` that can end a sentence or a paragraph.
fn next_terminator(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        at += bytes
            .get(at..)?
            .iter()
            .position(|&b| STOPS[usize::from(b)])?;
        if bytes[at].is_ascii() {
            return Some(at);
        }
        let c = text[at..].chars().next()?;
        if !is_quiet(c) {
            return Some(at);
        }
        at += c.len_utf8();
    }
}

/// The bytes [`next_terminator`] stops at: the ASCII characters that can end a sentence or
/// a paragraph, and every byte that opens a character beyond ASCII.
const STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 256 {
        stops[b] = b >= 0xC0
            || matches!(
                b as u8,
                b'.' | b'!' | b'?' | b'\r' | b'\n' | b'\x0b' | b'\x0c'
            );
        b += 1;
    }
    stops
};

/// True when `c` (not ASCII) neither ends a sentence nor separates paragraphs under UAX #29:
/// asked of UAX #29 itself ("a", `c`, " B" is one sentence only then), once per character.
fn is_quiet(c: char) -> bool {
    thread_local! {
        static QUIET: RefCell<HashMap<char, bool>> = RefCell::new(HashMap::new());
    }
    QUIET.with(|cache| {
        *cache
            .borrow_mut()
            .entry(c)
            .or_insert_with(|| format!("a{c} B").split_sentence_bounds().count() == 1)
    })
}

/// Where the last ASCII letter or digit before `at` starts (0 when there is none).
fn anchor_before(text: &str, at: usize) -> usize {
    text.as_bytes()[..at]
        .iter()
        .rposition(u8::is_ascii_alphanumeric)
        .unwrap_or(0)
}

/// Just past the first ASCII letter after `at` (the text's end when there is none).
fn letter_after(text: &str, at: usize) -> usize {
    text.as_bytes()[at..]
        .iter()
        .position(u8::is_ascii_alphabetic)
        .map_or(text.len(), |i| at + i + 1)
}

/// Copies `block` into `scratch` with every line break replaced by spaces of the same length.
fn flatten_line_breaks(block: &str, scratch: &mut String) {
    scratch.clear();
    scratch.push_str(block);
    let bytes = block.as_bytes();
    // Every line break opens with one of these bytes; U+0085 and U+2028/9 are two and three
    // bytes long, and 0xC2 and 0xE2 open other characters too.
    let breaks = memchr::memchr3_iter(b'\n', b'\r', 0xC2, bytes)
        .chain(memchr::memchr3_iter(b'\x0b', b'\x0c', 0xE2, bytes));
    for at in breaks {
        let len = match &bytes[at..] {
            [b'\n' | b'\r' | b'\x0b' | b'\x0c', ..] => 1,
            [0xC2, 0x85, ..] => 2,
            [0xE2, 0x80, 0xA8 | 0xA9, ..] => 3,
            _ => continue,
        };
        scratch.replace_range(at..at + len, &"   "[..len]);
    }
}

/// Blanks the footnote markers glued to a full stop ("protection.2 The next") in the
/// flattened copy, so that the sentence ends at its full stop and the marker belongs to no
/// sentence: one or two digits after a lower-case letter and a full stop, then a space and a
/// capital letter, or the end.
fn blank_footnote_markers(scratch: &mut String) {
    let bytes = scratch.as_bytes();
    let mut found = Vec::new();
    for i in memchr::memchr3_iter(b'.', b'!', b'?', bytes) {
        if i == 0 || !bytes[i - 1].is_ascii_lowercase() {
            continue;
        }
        let digits = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let after = &bytes[i + 1 + digits..];
        let next_word = after.iter().position(|b| *b != b' ').map(|p| after[p]);
        if (1..=2).contains(&digits)
            && (after.is_empty() || after[0] == b' ')
            && next_word.is_none_or(|b| b.is_ascii_uppercase())
        {
            found.push(i + 1..i + 1 + digits);
        }
    }
    for range in found {
        let blanks = " ".repeat(range.len());
        scratch.replace_range(range, &blanks);
    }
}

/// The span trimmed of white space at both ends, read in the flattened copy (where line
/// breaks and footnote markers are spaces).
fn trim(block: &str, span: Span) -> Span {
    let piece = span.of(block);
    let start = span.start + (piece.len() - piece.trim_start().len());
    let end = span.end - (piece.len() - piece.trim_end().len());
    Span::new(start, end.max(start))
}

/// An enumerator that can open a list item run into one line: "1.)", "2)", "3.", "b.",
/// optionally after a bullet ("• 9.").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Enumerator {
    /// 1 for "1" or "a", 2 for "2" or "b"...
    value: u32,
    /// Digits or letters, and the punctuation after them.
    style: (bool, &'static str),
    /// Its length in bytes, bullet included.
    len: usize,
}

const ENUMERATOR_ENDS: [&str; 3] = [".)", ")", "."];
const LIST_BULLETS: [char; 3] = ['•', '⁃', '-'];

/// Reads an enumerator at the start of `s`, if one is there and a space follows it.
fn enumerator(s: &str) -> Option<Enumerator> {
    enumerator_then(s)
        .filter(|&(_, after)| after.starts_with(' '))
        .map(|(e, _)| e)
}

/// `s` without the bullets and spaces an enumerator may open with.
fn after_bullets(s: &str) -> &str {
    s.trim_start_matches(|c: char| LIST_BULLETS.contains(&c) || c == ' ')
}

/// Reads an enumerator at the start of `s`, and returns it with the text after it.
fn enumerator_then(s: &str) -> Option<(Enumerator, &str)> {
    let body = after_bullets(s);
    let bullet = s.len() - body.len();
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let (value, numeric, rest) = if (1..=2).contains(&digits) {
        (body[..digits].parse().ok()?, true, &body[digits..])
    } else {
        let letter = body.chars().next().filter(char::is_ascii_lowercase)?;
        (u32::from(letter) - u32::from('a') + 1, false, &body[1..])
    };
    let end = ENUMERATOR_ENDS.into_iter().find(|e| rest.starts_with(e))?;
    let enumerator = Enumerator {
        value,
        style: (numeric, end),
        len: bullet + (body.len() - rest.len()) + end.len(),
    };
    Some((enumerator, &rest[end.len()..]))
}

/// Splits text that opens with a list enumerator ("1.) The first item 2.) The second item")
/// before each later enumerator that continues the sequence. Text that does not open with
/// one is returned whole, so numbers in prose ("children aged 10. The...") never split.
fn list_items(block: &str) -> Vec<Span> {
    let mut parts = vec![Span::new(0, block.len())];
    let Some(first) = enumerator(block) else {
        return parts;
    };
    let mut expected = first.value + 1;
    let mut from = first.len;
    while let Some(offset) = block[from..].find(' ') {
        let at = from + offset + 1;
        match enumerator(&block[at..]) {
            Some(e)
                if e.value == expected
                    && e.style == first.style
                    && starts_upper(&block[at + e.len..]) =>
            {
                if let Some(last) = parts.last_mut() {
                    last.end = at;
                }
                parts.push(Span::new(at, block.len()));
                expected += 1;
                from = at + e.len;
            }
            // Every start inside a run of bullets and spaces reads the same enumerator
            // after it: one that failed here fails there, so the run is skipped.
            _ => from = block.len() - after_bullets(&block[at..]).len(),
        }
    }
    parts
}

fn starts_upper(s: &str) -> bool {
    s.trim_start().starts_with(char::is_uppercase)
}

/// True when `piece` is only a bracketed tag, such as "(Outcome 3, National Framework)" or
/// "(Recommendation)": it belongs to the sentence before it.
fn is_trailing_parenthetical(piece: &str) -> bool {
    let piece = piece.trim_end();
    piece.starts_with('(') && piece.ends_with(')') && piece[1..].find(')') == Some(piece.len() - 2)
}

/// True when `piece` is nothing but an enumerator ("1.)", "• 9."): it belongs to what follows.
fn is_bare_enumerator(piece: &str) -> bool {
    enumerator_then(piece).is_some_and(|(_, after)| after.is_empty())
}

/// True when `before` ends with an ellipsis that does not end the sentence: three dots
/// ("...", ". . .", "[...]") not preceded by a full stop (four dots end a sentence).
fn ends_with_ellipsis(before: &str) -> bool {
    let trimmed = before.trim_end_matches(['"', '\'', '”', '’', ']']);
    let stem = if let Some(s) = trimmed.strip_suffix(". . .") {
        s
    } else if let Some(s) = trimmed.strip_suffix("...") {
        s
    } else if let Some(s) = trimmed.strip_suffix('…') {
        s
    } else {
        return false;
    };
    !stem.trim_end().ends_with('.')
}

/// Decides whether the break UAX #29 found between `before` and `after` is a real one.
fn is_boundary(before: &str, after: &str) -> bool {
    let Some(next) = after.chars().next() else {
        return true;
    };
    if is_bare_enumerator(before) || is_trailing_parenthetical(after) {
        return false;
    }
    if ends_with_ellipsis(before)
        && !(next.is_uppercase() && before.ends_with('.') && !before.ends_with(". . ."))
    {
        return false;
    }
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
    if is_dotted_acronym(word) && next.is_uppercase() {
        return starts_sentence(after);
    }
    let mut chars = word.chars();
    let initial = match (chars.next(), chars.next()) {
        (Some('I'), None) => previous_word(stem).starts_with(char::is_uppercase),
        (Some(c), None) => c.is_uppercase(),
        _ => false,
    };
    !(initial && next.is_uppercase())
}

/// The word before the last one of `stem`.
fn previous_word(stem: &str) -> &str {
    stem.split_whitespace().rev().nth(1).unwrap_or("")
}

/// "U.S", "E.U", "U.K" (the final full stop already taken off): capitals between dots.
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|p| p.len() == 1 && p.chars().all(char::is_uppercase))
}

/// Words that usually open a sentence: after "U.S." they mark a boundary, where a name
/// ("U.S. Government") does not.
const SENTENCE_OPENERS: &[&str] = &[
    "A", "An", "And", "But", "He", "Her", "His", "How", "I", "If", "In", "It", "Its", "My", "No",
    "Our", "She", "So", "That", "The", "Their", "There", "These", "They", "This", "Those", "We",
    "What", "When", "Where", "Which", "Who", "Why", "You", "Your",
];

fn starts_sentence(after: &str) -> bool {
    let first = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    SENTENCE_OPENERS.contains(&first)
}

/// The length of " . . ." when `piece` ends with a word's full stop followed by a spaced
/// ellipsis ("compounds. . . ."), else 0.
fn trailing_ellipsis_after_stop(piece: &str) -> usize {
    match piece.strip_suffix(" . . .") {
        Some(stem)
            if stem
                .strip_suffix('.')
                .is_some_and(|w| w.ends_with(char::is_alphanumeric)) =>
        {
            " . . .".len()
        }
        _ => 0,
    }
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

    /// Pieces of text that exercise the UAX #29 rules: terminators (ASCII and not), closing
    /// punctuation, spaces, separators, combining marks, letters of every case, digits.
    const TRICKY: &[&str] = &[
        "a", "b", "B", "U", "I", "x", "the", "The", " ", "  ", "\t", ".", "!", "?", "...", "3",
        "5", "1.", ",", ";", ":", "-", "–", "—", "’", "‘", "“", "”", "\"", "'", "(", ")", "[", "]",
        "…", "。", "‼", "\u{2024}", "\u{ff0e}", "\u{2029}", "\u{85}", "\r", "\n", "\u{301}",
        "\u{a0}", "\u{200b}", "\u{ad}", "é", "É", "Ω", "ω", "e.g.", "U.S.", "日本",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn windows_find_the_breaks_uax29_finds(
            pieces in proptest::collection::vec(proptest::sample::select(TRICKY), 0..60)
        ) {
            let text: String = pieces.concat();
            let ours: Vec<usize> = uax29_pieces(&text).iter().map(|p| p.start).collect();
            let theirs: Vec<usize> = text.split_sentence_bound_indices().map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(ours, theirs, "{:?}", text);
        }
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
    fn lists_run_into_one_line_split_only_in_sequence() {
        assert_eq!(
            split("1.) Plans are clear 2.) Visits are late"),
            ["1.) Plans are clear", "2.) Visits are late"]
        );
        assert_eq!(
            split("a. First b. Second c. Third"),
            ["a. First", "b. Second", "c. Third"]
        );
        assert_eq!(
            split("Children aged 10. The plans 2. Were late."),
            ["Children aged 10.", "The plans 2.", "Were late."],
            "numbers in prose are not a list"
        );
    }

    #[test]
    fn ellipses_acronyms_and_the_pronoun_i() {
        assert_eq!(
            split("It was . . . fine. So I left."),
            ["It was . . . fine.", "So I left."]
        );
        assert_eq!(
            split("It ended. . . . Then more."),
            ["It ended.", ". . . Then more."]
        );
        assert_eq!(
            split("I work for the U.S. Government here."),
            ["I work for the U.S. Government here."]
        );
        assert_eq!(
            split("I live in the U.S. How about you?"),
            ["I live in the U.S.", "How about you?"]
        );
        assert_eq!(
            split("You and I. Did Albert I. Jones come?"),
            ["You and I.", "Did Albert I. Jones come?"]
        );
    }

    #[test]
    fn bracketed_tags_stay_with_their_sentence() {
        assert_eq!(
            split("Visits are late. Plans for children. (Outcome 3, National Framework)"),
            [
                "Visits are late.",
                "Plans for children. (Outcome 3, National Framework)"
            ]
        );
    }

    #[test]
    fn a_footnote_marker_after_a_full_stop_ends_the_sentence_and_belongs_to_neither() {
        let text = "Children receive good help and protection.2 The next section is short.";
        let spans = Segmenter::new().split(text, Span::new(0, text.len()));
        let got: Vec<&str> = spans.iter().map(|s| s.of(text)).collect();
        assert_eq!(
            got,
            [
                "Children receive good help and protection.",
                "The next section is short."
            ]
        );
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
