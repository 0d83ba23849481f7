//! Clean: find the blocks of a text as a careful reader sees them.
//!
//! Real input is not a stream of sentences. A letter has an address block, a salutation,
//! headings without full stops, bullet lists, numbered paragraphs and a sign-off; a news page
//! has a headline, a photo caption, site chrome and reader comments; text pasted from a PDF
//! is hard-wrapped mid-sentence. This stage reads the text line by line and groups the lines
//! into [`Block`]s, each a paragraph, a heading, a list item or a line of furniture:
//!
//! - a blank line (or a form feed) ends a block;
//! - a line that starts with a bullet (`-`, `*`, `•`, `◼`, `▪`, the private-use glyphs U+F06E,
//!   U+F0A7, U+F02D, U+F0B7), a list number (`1.`, `2)`), a letter (`a.`, `(c)`) starts a list
//!   item; the marker itself is not part of the item;
//! - a paragraph number standing alone on its line ("12.") is dropped, so it is never read as
//!   a sentence nor glued to the one before;
//! - a short line without final punctuation that stands on its own is a heading, and so is
//!   a short unpunctuated block of two to five lines (a heading wrapped over lines); a line
//!   that is exactly a heading the lexicon's `[sections]` know ("What needs to improve?") is
//!   a heading even after a sentence cut short;
//!   markdown `#` headings are headings;
//! - a block of several short unpunctuated lines is a table printed one cell per line (the
//!   judgement table of a report): each cell is a heading;
//! - a long numbered block ("7.  Practice in the disabled children’s team...") is a numbered
//!   paragraph, a short one a list item;
//! - a line that the lexicon's `[furniture]` patterns match (a sign-off, a phone number, a
//!   copyright line, site chrome) is furniture, and so is a line of a table of contents
//!   (a title, a wide gap, a page number);
//! - a paragraph that opens with a number and a space ("1 Ofsted produces this report...")
//!   is a footnote, furniture written as sentences;
//! - a footnote marker glued to the end of a block ("protection.2", "Board1") is left out of
//!   it; a short line that ends with "of", "and", "the" or in the middle of a name in
//!   capitals runs on to the next line rather than standing as a heading;
//! - every other line continues the block it follows: line wraps are joined.
//!
//! The text is never rewritten: a block is a [`Span`] into it, so every later offset still
//! points into the original text. Each block knows the heading it sits under.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::document::Span;
use crate::lexicon::Lexicon;
use crate::segment::{Segmenter, Sentence, UnitKind};

/// What a block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Running prose: one or more sentences.
    Paragraph,
    /// A title or section heading.
    Heading,
    /// One item of a bulleted, numbered or lettered list.
    ListItem,
    /// Page or site furniture: sign-offs, addresses, captions, chrome.
    Furniture,
    /// A footnote at a page's foot: furniture, though written as sentences.
    Footnote,
}

/// A run of text of one kind, with the heading it sits under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// Where it is in the text, trimmed of surrounding white space and markers.
    pub span: Span,
    /// What it is.
    pub kind: BlockKind,
    /// The span of the nearest heading before it, if any.
    pub section: Option<Span>,
}

/// Finds the blocks of a text, with the lexicon's furniture patterns.
#[derive(Clone, Copy, Debug)]
pub struct Cleaner<'l> {
    lexicon: &'l Lexicon,
}

/// One line of the text, trimmed.
#[derive(Clone, Copy, Debug)]
struct Line {
    span: Span,
    indented: bool,
}

/// How a line starts, when it starts with a marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    /// Nothing but a paragraph number: drop the line.
    ParagraphNumber,
    /// Nothing but a bullet or letter: the next line is an item.
    LoneBullet,
    /// A bullet, number or letter, then the item's text from this byte on.
    Item(usize),
}

/// The longest line, in words, that can be a heading.
const HEADING_MAX_WORDS: usize = 14;
/// The longest line, in bytes, that can be a heading.
const HEADING_MAX_BYTES: usize = 110;

impl<'l> Cleaner<'l> {
    /// A cleaner that recognises furniture with `lexicon`.
    pub fn new(lexicon: &'l Lexicon) -> Cleaner<'l> {
        Cleaner { lexicon }
    }

    /// The blocks of `text`, in order, non-overlapping and non-empty.
    pub fn blocks(&self, text: &str) -> Vec<Block> {
        let mut lines = lines(text).peekable();
        let mut builder = Blocks::default();
        let mut pending_item = false;
        while let Some(line) = lines.next() {
            let Some(line) = line else {
                builder.close(text);
                continue;
            };
            let body = line.span.of(text);
            if self.lexicon.is_furniture(body) {
                builder.close(text);
                builder.push(text, line.span, BlockKind::Furniture);
                continue;
            }
            match marker(body) {
                Some(Marker::ParagraphNumber) => {
                    builder.close(text);
                    continue;
                }
                Some(Marker::LoneBullet) => {
                    builder.close(text);
                    pending_item = true;
                    continue;
                }
                Some(Marker::Item(offset)) => {
                    builder.close(text);
                    let item = Span::new(line.span.start + offset, line.span.end);
                    if self.lexicon.is_furniture(item.of(text)) {
                        builder.push(text, item, BlockKind::Furniture);
                        continue;
                    }
                    if body.starts_with(|c: char| c.is_ascii_digit()) {
                        builder.open_numbered(item);
                    } else {
                        builder.open(item, BlockKind::ListItem);
                    }
                    continue;
                }
                None => {}
            }
            if pending_item {
                pending_item = false;
                builder.close(text);
                builder.open(line.span, BlockKind::ListItem);
                continue;
            }
            if let Some(offset) = markdown_heading(body) {
                builder.close(text);
                builder.push(
                    text,
                    Span::new(line.span.start + offset, line.span.end),
                    BlockKind::Heading,
                );
                continue;
            }
            let next = lines.peek().copied().flatten().map(|l| l.span.of(text));
            if is_heading(body, next)
                && (builder.at_sentence_end(text) || self.lexicon.is_section_heading(body))
            {
                builder.close(text);
                builder.push(text, line.span, BlockKind::Heading);
                continue;
            }
            if builder.continues(text, &line) {
                builder.extend(line.span);
            } else {
                builder.close(text);
                builder.open(line.span, BlockKind::Paragraph);
            }
        }
        builder.close(text);
        builder.blocks
    }
}

impl Cleaner<'_> {
    /// Turns the sentences of prose that are publisher's boilerplate (the lexicon's
    /// `[furniture] sentences`: what Ofsted is, how to reuse a report; and everything under
    /// its `[furniture] sections`: what the judgements mean) into furniture. This
    /// runs on sentences, after segmentation, since such a sentence shares its paragraph with
    /// others like it.
    pub fn mark_boilerplate(&self, text: &str, units: &mut [Sentence]) {
        // Units of a section come together: its heading is looked up once, not per unit.
        let mut last: Option<(Span, bool)> = None;
        for unit in units {
            if !matches!(unit.kind, UnitKind::Sentence | UnitKind::ListItem) {
                continue;
            }
            let under_boilerplate = unit.section.is_some_and(|h| match last {
                Some((heading, answer)) if heading == h => answer,
                _ => {
                    last.insert((h, self.lexicon.is_boilerplate_section(h.of(text))))
                        .1
                }
            });
            if under_boilerplate || self.lexicon.is_boilerplate(unit.span.of(text)) {
                unit.kind = UnitKind::Furniture;
            }
        }
    }
}

/// Collects blocks, tracking the open one and the current section.
#[derive(Default)]
struct Blocks {
    blocks: Vec<Block>,
    /// The open block: its span, its kind, and whether a paragraph number opened it.
    open: Option<(Span, BlockKind, bool)>,
    section: Option<Span>,
}

impl Blocks {
    fn open(&mut self, span: Span, kind: BlockKind) {
        self.open = Some((span, kind, false));
    }

    fn open_numbered(&mut self, span: Span) {
        self.open = Some((span, BlockKind::ListItem, true));
    }

    fn extend(&mut self, span: Span) {
        if let Some((open, _, _)) = &mut self.open {
            open.end = span.end;
        }
    }

    /// Closes the open block, settling what it turned out to be: a short unpunctuated
    /// paragraph is a heading wrapped over lines ("...who need help and / protection: good");
    /// a long numbered item is a numbered paragraph.
    fn close(&mut self, text: &str) {
        if let Some((span, kind, numbered)) = self.open.take() {
            let body = span.of(text);
            if kind == BlockKind::Paragraph && is_table(body) {
                for cell in table_cells(text, span) {
                    self.push(text, cell, BlockKind::Heading);
                }
                return;
            }
            let kind = match kind {
                BlockKind::Paragraph if is_footnote(body) => BlockKind::Footnote,
                BlockKind::Paragraph if is_wrapped_heading(body) => BlockKind::Heading,
                BlockKind::ListItem if numbered && is_numbered_paragraph(body) => {
                    BlockKind::Paragraph
                }
                other => other,
            };
            self.push(text, span, kind);
        }
    }

    fn push(&mut self, text: &str, span: Span, kind: BlockKind) {
        let mut span = span;
        if kind != BlockKind::Furniture {
            span.end -= footnote_marker_len(span.of(text));
        }
        if span.is_empty() {
            return;
        }
        let kind = match kind {
            BlockKind::Heading | BlockKind::Paragraph if is_contents_entry(span.of(text)) => {
                BlockKind::Furniture
            }
            other => other,
        };
        self.blocks.push(Block {
            span,
            kind,
            section: self.section,
        });
        if kind == BlockKind::Heading {
            self.section = Some(span);
        }
    }

    /// True when no block is open or the open one ends like a finished sentence.
    fn at_sentence_end(&self, text: &str) -> bool {
        match self.open {
            None => true,
            Some((span, _, _)) => ends_sentence(span.of(text)) || ends_table_row(span.of(text)),
        }
    }

    /// True when `line` carries on the open block rather than starting a new one.
    fn continues(&self, text: &str, line: &Line) -> bool {
        match self.open {
            None => false,
            Some((_, BlockKind::Paragraph, _)) => true,
            Some((span, _, _)) => {
                let open = span.of(text);
                line.indented || !(ends_sentence(open) || ends_table_row(open))
            }
        }
    }
}

/// The text's lines, trimmed; `None` for a blank line (form feeds count as blank). Read as
/// the blocks are built, so that a text of many short lines costs no memory per line.
fn lines(text: &str) -> impl Iterator<Item = Option<Line>> + '_ {
    let bytes = text.as_bytes();
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let end = memchr::memchr(b'\n', &bytes[from..]).map_or(text.len(), |i| from + i);
        start = (end < text.len()).then_some(end + 1);
        let raw = &text[from..end];
        let body = raw.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let lead = raw.len() - body.len();
        let body = body.trim_end();
        Some((!body.is_empty()).then(|| Line {
            span: Span::new(from + lead, from + lead + body.len()),
            indented: raw[..lead].contains([' ', '\t']),
        }))
    })
}

/// Bullet glyphs that start a list item.
const BULLETS: &[char] = &[
    '-', '*', '•', '◼', '▪', '■', '●', '◦', '·', '‣', '–', '—', '\u{F06E}', '\u{F0A7}', '\u{F02D}',
    '\u{F0B7}', '\u{F0D8}', '\u{F076}',
];

/// Reads a list marker at the start of a trimmed line.
fn marker(line: &str) -> Option<Marker> {
    if let Some(offset) = sub_number(line) {
        return Some(Marker::Item(offset));
    }
    let first = line.chars().next()?;
    if BULLETS.contains(&first) {
        let rest = &line[first.len_utf8()..];
        if rest.is_empty() {
            return Some(Marker::LoneBullet);
        }
        // "-3%" or "--" are not bullets; a bullet is followed by a space.
        let body = rest.trim_start();
        if body.len() == rest.len() && !first.is_alphanumeric() && (first == '-' || first == '*') {
            return None;
        }
        return Some(Marker::Item(line.len() - body.len()));
    }
    let (label, rest) = split_enumerator(line)?;
    if rest.trim().is_empty() {
        let numeric = label.bytes().all(|b| b.is_ascii_digit());
        return Some(if numeric {
            Marker::ParagraphNumber
        } else {
            Marker::LoneBullet
        });
    }
    let body = rest.trim_start();
    if body.len() == rest.len() {
        return None;
    }
    Some(Marker::Item(line.len() - body.len()))
}

/// The byte where the text after a sub-number starts ("2.1 Adoption performance" gives 4):
/// digits, a full stop, digits, a space and a capital letter.
fn sub_number(line: &str) -> Option<usize> {
    let major = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = line[major..].strip_prefix('.')?;
    let minor = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = &rest[minor..];
    let body = after.trim_start();
    let fits = (1..=2).contains(&major) && (1..=2).contains(&minor) && body.len() < after.len();
    (fits && body.starts_with(char::is_uppercase)).then_some(line.len() - body.len())
}

/// Splits "12." / "3)" / "a." / "(c)" / "(iv)" from the front of a line.
fn split_enumerator(line: &str) -> Option<(&str, &str)> {
    let (inner, rest) = if let Some(after) = line.strip_prefix('(') {
        let close = after.find(')')?;
        (&after[..close], &after[close + 1..])
    } else {
        let end = line.find(['.', ')'])?;
        (&line[..end], &line[end + 1..])
    };
    let numeric =
        !inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit());
    let lettered = inner.len() == 1 && inner.bytes().all(|b| b.is_ascii_lowercase());
    let roman = !inner.is_empty()
        && inner.len() <= 4
        && line.starts_with('(')
        && inner.bytes().all(|b| b"ivx".contains(&b));
    (numeric || lettered || roman).then_some((inner, rest))
}

/// The byte where a markdown heading's text starts (`## Findings` gives 3).
fn markdown_heading(line: &str) -> Option<usize> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    let body = rest.trim_start();
    (body.len() < rest.len() && !body.is_empty()).then_some(line.len() - body.len())
}

/// True when `line` stands alone as a heading: short, unpunctuated, and not carried on by the
/// next line.
fn is_heading(line: &str, next: Option<&str>) -> bool {
    let words = line.split_whitespace().count();
    if words > HEADING_MAX_WORDS || line.len() > HEADING_MAX_BYTES {
        return false;
    }
    // A quoted sentence ("...a stable home.") ends inside its closing quote.
    let unquoted = line.trim_end_matches(['"', '’', '”']);
    let Some(last) = unquoted.chars().next_back() else {
        return false;
    };
    if matches!(last, '.' | ',' | ';' | ':' | '!' | '…') || !line.chars().any(char::is_alphabetic)
    {
        return false;
    }
    // A line that the next carries on in lower case is prose: the cheapest test first.
    let carried_on = next
        .and_then(|n| n.chars().next())
        .is_some_and(char::is_lowercase);
    !(carried_on
        || (last == '?' && words > 12)
        || runs_on(line, next)
        || is_several_sentences(line))
}

/// Words a heading never ends with: a line that ends with one runs on to the next.
const RUN_ON_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
];

/// True when a line plainly carries on into the next: it ends with an article, preposition
/// or conjunction ("Inspection of the Royal Borough of" / "Windsor and Maidenhead..."), or
/// a name in capitals is cut at the line end ("...the Local Safeguarding Children" /
/// "Board (LSCB) is...").
fn runs_on(line: &str, next: Option<&str>) -> bool {
    let Some(next) = next else {
        return false;
    };
    let mut words = line.split_whitespace();
    let (Some(last), before) = (words.next_back(), words.next_back()) else {
        return false;
    };
    if RUN_ON_WORDS.contains(&last) {
        return true;
    }
    let capital = |w: &str| w.starts_with(char::is_uppercase);
    let is_row = |l: &str| l.contains('\t') || has_gap(l.trim());
    capital(last)
        && before.is_some_and(capital)
        && words.next().is_some()
        && line
            .split_whitespace()
            .any(|w| w.starts_with(char::is_lowercase))
        && !is_row(line)
        && !is_row(next)
        && next_carries_name(next)
}

/// True when a line carries on a name cut at the end of the line before: one to three
/// capitalised words (a footnote marker may follow), or one before a bracket ("Board",
/// "Children Board1", "Board (LSCB) is...", but not "Residents warned..." nor "CEO of the
/// trust").
fn next_carries_name(next: &str) -> bool {
    let words: Vec<&str> = next.split_whitespace().collect();
    let capitalised = |w: &str| {
        let w = &w[..w.len() - footnote_marker_len(w)];
        w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    };
    let Some(&first) = words.first() else {
        return false;
    };
    let all_names = words.len() <= 3 && words.iter().all(|w| capitalised(w));
    let before_bracket = words.get(1).is_some_and(|w| w.starts_with('('));
    capitalised(first) && !OPENERS.contains(&first) && (all_names || before_bracket)
}

/// Words that open a sentence or heading rather than carry on a name.
const OPENERS: &[&str] = &["The", "This", "These", "There", "In", "A", "An", "It"];

/// The most lines and words a heading wrapped over several lines can have.
const WRAPPED_HEADING_MAX_LINES: usize = 5;
const WRAPPED_HEADING_MAX_WORDS: usize = 35;

/// True when a paragraph is really a heading wrapped over a few lines: short, and with no
/// sentence punctuation at its end or inside it.
fn is_wrapped_heading(block: &str) -> bool {
    let lines = block.lines().take(WRAPPED_HEADING_MAX_LINES + 1).count();
    let words = || {
        let most = WRAPPED_HEADING_MAX_WORDS;
        block.split_whitespace().take(most + 1).count()
    };
    !ends_sentence(block)
        && lines > 1
        && lines <= WRAPPED_HEADING_MAX_LINES
        && words() <= WRAPPED_HEADING_MAX_WORDS
        && !block.ends_with(',')
        && !is_several_sentences(block)
        && block.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

/// True when `text` holds more than one sentence.
fn is_several_sentences(text: &str) -> bool {
    text.contains(". ") && Segmenter::new().split(text, Span::new(0, text.len())).len() > 1
}

/// The longest line, in bytes, of a table serialised line by line.
const TABLE_MAX_LINE_BYTES: usize = 70;

/// True when a block is a table printed one cell per line ("Judgement" / "Grade" / "The
/// impact of leaders on social work" / "practice with children and families" / "Good"):
/// several short lines, none of them ending as a sentence or clause does, nor running on.
fn is_table(block: &str) -> bool {
    let lines = block.lines().map(str::trim).filter(|l| !l.is_empty());
    let runs_on = |(line, next): (&str, &str)| {
        let last = line.rsplit(' ').next().unwrap_or(line);
        RUN_ON_WORDS.contains(&last) && next.starts_with(char::is_uppercase)
    };
    let cell = |l: &str| l.len() <= TABLE_MAX_LINE_BYTES && !l.ends_with(['.', '!', '?', ';', ',']);
    lines.clone().all(cell)
        && lines.clone().count() >= 3
        && !lines.clone().zip(lines.skip(1)).any(runs_on)
}

/// The cells of a table block: one per line, a line that starts lower case continuing the
/// cell above.
fn table_cells(text: &str, block: Span) -> Vec<Span> {
    let mut cells: Vec<Span> = Vec::new();
    let mut start = block.start;
    for line in block.of(text).split('\n') {
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        let span = Span::new(start + lead, start + lead + trimmed.len());
        start += line.len() + 1;
        if trimmed.is_empty() {
            continue;
        }
        match cells.last_mut() {
            Some(cell) if trimmed.starts_with(char::is_lowercase) => cell.end = span.end,
            _ => cells.push(span),
        }
    }
    cells
}

/// The most words a numbered list item has before it reads as a numbered paragraph.
const NUMBERED_ITEM_MAX_WORDS: usize = 40;

/// True when a numbered block is a numbered paragraph of a report, not a list item: long, or
/// more than one sentence.
fn is_numbered_paragraph(block: &str) -> bool {
    let most = NUMBERED_ITEM_MAX_WORDS;
    block.split_whitespace().take(most + 1).count() > most
        || block.trim_end().trim_end_matches('.').contains(". ")
}

/// True when text ends as a finished sentence does (allowing closing quotes and brackets).
fn ends_sentence(text: &str) -> bool {
    let text = &text[..text.len() - footnote_marker_len(text)];
    let trimmed = text.trim_end_matches(['"', '\'', '’', '”', ')', ']', '*']);
    trimmed.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// The length in bytes of a footnote marker at the end of `text`: one or two digits glued to
/// a full stop after a word ("protection.2") or to a lower-case word of three letters or
/// more ("Board1"); 0 when there is none.
pub(crate) fn footnote_marker_len(text: &str) -> usize {
    let digits = text.bytes().rev().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return 0;
    }
    let before = &text[..text.len() - digits];
    let after_stop = before
        .strip_suffix('.')
        .is_some_and(|w| w.ends_with(|c: char| c.is_lowercase()));
    let word: Vec<char> = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let after_word = word.len() >= 3 && word[..word.len() - 1].iter().all(|c| c.is_lowercase());
    if after_stop || after_word { digits } else { 0 }
}

/// True when a paragraph is a footnote: a number of one or two digits, a space, then prose
/// that ends as a sentence does ("1 Ofsted produces this report under...").
fn is_footnote(block: &str) -> bool {
    let digits = block.bytes().take_while(u8::is_ascii_digit).count();
    let Some(rest) = block[digits..].strip_prefix(' ') else {
        return false;
    };
    let first = rest.split_whitespace().next().unwrap_or("");
    (1..=2).contains(&digits)
        && first.starts_with(char::is_uppercase)
        && !crate::inspection::MONTHS.contains(&first.to_lowercase().as_str())
        && ends_sentence(block)
}

/// True when a block is a line of a table of contents: a title, a gap of two spaces or more,
/// and a page number ("Recommendations  7").
fn is_contents_entry(block: &str) -> bool {
    let last = block.lines().next_back().unwrap_or("").trim_end();
    let digits = last.bytes().rev().take_while(u8::is_ascii_digit).count();
    let title = &last[..last.len() - digits];
    (1..=3).contains(&digits)
        && (title.ends_with("  ") || title.ends_with('\t'))
        && title.chars().any(char::is_alphabetic)
        && !title.trim_end().ends_with(['.', ',', ';', ':'])
}

/// True when `line` holds a gap of two spaces or more, as a table laid out with spaces does.
fn has_gap(line: &str) -> bool {
    static GAP: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("  "));
    GAP.find(line.as_bytes()).is_some()
}

/// True when the last line of a block is a row of a table laid out with spaces, ending in a
/// cell of its own ("Leadership, management and governance  Requires improvement").
fn ends_table_row(block: &str) -> bool {
    let last = block.lines().next_back().unwrap_or("").trim();
    // Most lines have no gap: they are ruled out before being split.
    has_gap(last)
        && last
            .split("  ")
            .filter(|cell| !cell.trim().is_empty())
            .count()
            >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<(BlockKind, &str, Option<&str>)> {
        let lexicon = Lexicon::default();
        Cleaner::new(&lexicon)
            .blocks(text)
            .into_iter()
            .map(|b| (b.kind, b.span.of(text), b.section.map(|s| s.of(text))))
            .collect()
    }

    use BlockKind::*;

    #[test]
    fn headings_bullets_and_sections() {
        let text = "Headline findings\n\nLeaders have acted quickly.\n\nWhat needs to improve?\n\n◼ The quality of plans.\n◼ Management oversight\n";
        assert_eq!(
            blocks(text),
            [
                (Heading, "Headline findings", None),
                (
                    Paragraph,
                    "Leaders have acted quickly.",
                    Some("Headline findings")
                ),
                (Heading, "What needs to improve?", Some("Headline findings")),
                (
                    ListItem,
                    "The quality of plans.",
                    Some("What needs to improve?")
                ),
                (
                    ListItem,
                    "Management oversight",
                    Some("What needs to improve?")
                ),
            ]
        );
    }

    #[test]
    fn wrapped_lines_join_and_paragraph_numbers_go() {
        let text = "12.\nToo many children do not\nhave a consistent social worker.\n13. Plans are\nclear.";
        let found = blocks(text);
        assert_eq!(
            found[0],
            (
                Paragraph,
                "Too many children do not\nhave a consistent social worker.",
                None
            )
        );
        assert_eq!(found[1], (ListItem, "Plans are\nclear.", None));
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn furniture_lines_stand_alone() {
        let text = "Dear Ms Smith,\n\nThank you for your help.\n\nYours sincerely\n\nJane Doe\nHis Majesty’s Inspector\n";
        let kinds: Vec<_> = blocks(text).into_iter().map(|(k, t, _)| (k, t)).collect();
        assert_eq!(kinds[0], (Furniture, "Dear Ms Smith,"));
        assert_eq!(kinds[1], (Paragraph, "Thank you for your help."));
        assert_eq!(kinds[2], (Furniture, "Yours sincerely"));
        assert_eq!(kinds[4], (Furniture, "His Majesty’s Inspector"));
    }

    #[test]
    fn lone_markers_and_private_use_bullets() {
        let text = "a.\nthe first item\n(c)\nthe third item\n\u{F06E} Social workers visit often.";
        let found = blocks(text);
        assert_eq!(found[0], (ListItem, "the first item", None));
        assert_eq!(found[1], (ListItem, "the third item", None));
        assert_eq!(found[2], (ListItem, "Social workers visit often.", None));
    }

    #[test]
    fn numbers_and_hyphens_are_not_bullets_but_sub_numbers_are() {
        let found = blocks(
            "-3% is a fall in the number of children who were seen by a social worker in time, and\n2.1 million children live here.\n2.1 Adoption performance Good",
        );
        assert_eq!(
            found,
            [
                (
                    Paragraph,
                    "-3% is a fall in the number of children who were seen by a social worker in time, and\n2.1 million children live here.",
                    None
                ),
                (ListItem, "Adoption performance Good", None),
            ]
        );
    }

    /// The blocks of `text` as (kind, text).
    fn kinds(text: &str) -> Vec<(BlockKind, &str)> {
        blocks(text).into_iter().map(|(k, t, _)| (k, t)).collect()
    }

    #[test]
    fn footnote_markers_are_left_out_and_footnotes_are_furniture() {
        let text = "Review of the effectiveness of the Local Safeguarding Children\nBoard1\n\nAll children receive\ngood help and protection.2\n\n1 Ofsted produces this report under its powers.\n";
        assert_eq!(
            kinds(text),
            [
                (
                    Heading,
                    "Review of the effectiveness of the Local Safeguarding Children\nBoard"
                ),
                (Paragraph, "All children receive\ngood help and protection."),
                (Footnote, "1 Ofsted produces this report under its powers."),
            ]
        );
        assert_eq!(footnote_marker_len("COVID19"), 0);
        assert_eq!(footnote_marker_len("in 2019"), 0);
        assert_eq!(footnote_marker_len("section 3.2"), 0);
    }

    #[test]
    fn contents_lines_are_furniture_and_table_rows_end_their_item() {
        let text = "Contents\n\nExecutive summary  2\n\nWhat needs to improve?  4\n\n4. Leadership and governance  Good\nExecutive summary\n";
        assert_eq!(
            kinds(text),
            [
                (Heading, "Contents"),
                (Furniture, "Executive summary  2"),
                (Furniture, "What needs to improve?  4"),
                (ListItem, "Leadership and governance  Good"),
                (Heading, "Executive summary"),
            ]
        );
    }

    #[test]
    fn a_title_that_runs_on_is_one_heading() {
        let text = "Inspection of the Royal Borough of\nWindsor and Maidenhead local\nauthority children’s services\n\nNotes from the Duty Desk\nHome | About\n\nSection 2: The effectiveness of the Local Safeguarding\nChildren Board\n";
        assert_eq!(
            kinds(text),
            [
                (
                    Heading,
                    "Inspection of the Royal Borough of\nWindsor and Maidenhead local\nauthority children’s services"
                ),
                (Heading, "Notes from the Duty Desk"),
                (Heading, "Home | About"),
                (
                    Heading,
                    "Section 2: The effectiveness of the Local Safeguarding\nChildren Board"
                ),
            ]
        );
    }

    #[test]
    fn a_known_section_heading_stands_even_after_a_sentence_cut_short() {
        let found = blocks(
            "The senior leadership team firmly embraces innovation and change, ensuring a strong focus on continuous\nWhat needs to improve\n\n◼ Plans.",
        );
        let kinds: Vec<_> = found.iter().map(|(k, t, _)| (*k, *t)).collect();
        assert_eq!(
            kinds,
            [
                (
                    Paragraph,
                    "The senior leadership team firmly embraces innovation and change, ensuring a strong focus on continuous"
                ),
                (Heading, "What needs to improve"),
                (ListItem, "Plans."),
            ]
        );
    }

    #[test]
    fn publisher_boilerplate_sentences_become_furniture() {
        let lexicon = Lexicon::default();
        let text = "Leaders act quickly. You may reuse this information (not including logos)\nfree of charge.\n\nWhat the inspection judgements mean\n\nA good local authority leads effective services.";
        let blocks = Cleaner::new(&lexicon).blocks(text);
        let mut units = Segmenter::new().units(text, &blocks);
        Cleaner::new(&lexicon).mark_boilerplate(text, &mut units);
        let kinds: Vec<_> = units.iter().map(|u| u.kind).collect();
        assert_eq!(
            kinds,
            [
                UnitKind::Sentence,
                UnitKind::Furniture,
                UnitKind::Heading,
                UnitKind::Furniture
            ]
        );
    }

    #[test]
    fn crlf_and_form_feeds() {
        let found = blocks("First paragraph.\r\n\x0c\r\nSecond\r\nparagraph.\r\n");
        assert_eq!(found[0].1, "First paragraph.");
        assert_eq!(found[1].1, "Second\r\nparagraph.");
    }
}
