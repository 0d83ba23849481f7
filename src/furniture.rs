//! Furniture: whether a line is page furniture, by the lexicon's `[furniture]` patterns.
//!
//! The patterns are case-insensitive regexes over one trimmed line, and nearly every line a
//! document has is prose that none of them matches. Tried together as one `RegexSet` on
//! every line they cost more than every other stage together (the set's lazy DFA thrashes on
//! bounded repeats such as `[^.!?]{1,60}`, and gives way to the PikeVM on non-ASCII text when
//! a pattern has a Unicode `\b`); tried one by one they cost a regex call each per line. So
//! a line is put to a pattern only when it could match, which nearly every pattern lets us
//! tell from two bytes:
//!
//! - a pattern anchored at the start (`^dear ...`) can only match a line whose first byte
//!   opens one of its matches (`d` or `D`); a pattern anchored at the end
//!   (`... \d[a-z]{2}$`) only a line whose last byte closes one. Those bytes come from
//!   `regex-syntax`'s literal extractor, cut to one byte, with every case spelling; a pattern
//!   whose openings are too many to list (`^[\w.+-]+@`) is tried on every line, and costs
//!   little since it fails within the line's first word;
//! - a pattern anchored at both ends only matches a line as long as one of its matches
//!   (`^hmi$`: three bytes), and a pattern that writes out a rare byte (the `@` of an email
//!   address) only a line that holds it;
//! - a table from first byte to patterns makes the check one lookup per line and one per
//!   pattern that remains;
//! - patterns anchored at neither end (`crown copyright`) are searched together, as one set,
//!   in a line that holds one of the literals their matches open with;
//! - a pattern is compiled the first time a line gets past its gates: a few patterns with
//!   wide bounded repeats of Unicode classes take tens of milliseconds each to compile, and
//!   many runs never need them.
//!
//! The answer is the same as the set's: a pattern is skipped only when it cannot match.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind, Look};
use std::ops::RangeInclusive;
use std::sync::OnceLock;

/// How many bytes of the literals a floating pattern's matches open with are looked for.
const FLOATING_LITERAL_BYTES: usize = 4;

/// The lexicon's furniture patterns, with what a line must open and close with to match.
#[derive(Clone, Debug)]
pub struct Furniture {
    anchored: Vec<Anchored>,
    /// For each byte, the anchored patterns a line opening with it may match.
    by_first: Vec<Vec<usize>>,
    /// The patterns anchored at neither end, searched as one set.
    floating: Option<Floating>,
}

/// Patterns anchored at neither end, searched as one set in a line that holds one of the
/// literals their matches open with.
#[derive(Clone, Debug)]
struct Floating {
    set: RegexSet,
    /// The literals, in every case spelling, as one regex: the regex crate searches a few
    /// dozen literals with SIMD, several times faster than an automaton on lines this short.
    /// `None` when some pattern has none to list.
    openings: Option<regex::bytes::Regex>,
}

/// A pattern anchored at the start or the end of the line, compiled the first time a line
/// gets past its gates (the few patterns with wide bounded repeats take tens of
/// milliseconds each to compile, and most documents never need them).
#[derive(Clone, Debug)]
struct Anchored {
    source: String,
    regex: OnceLock<Option<Regex>>,
    /// The bytes its matches may end with (every byte when it is not anchored at the end).
    last: Bytes,
    /// The lengths a line it matches may have (any length unless it is anchored at both
    /// ends).
    len: RangeInclusive<usize>,
    /// A byte every match holds, when one is written out in the pattern (the `@` of an
    /// email address).
    holds: Option<u8>,
}

/// A set of bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Bytes([bool; 256]);

impl Furniture {
    /// Compiles `patterns` (case-insensitive), or says which one is wrong and why.
    pub fn new(patterns: &[String]) -> Result<Furniture, String> {
        let mut anchored = Vec::new();
        let mut firsts = Vec::new();
        let mut floating = Vec::new();
        let mut openings = Some(Vec::new());
        for pattern in patterns {
            let hir = parse(pattern)?;
            match Ends::of(&hir) {
                Some(ends) => {
                    firsts.push(ends.first);
                    anchored.push(Anchored {
                        source: pattern.clone(),
                        regex: OnceLock::new(),
                        last: ends.last,
                        len: ends.len,
                        holds: ends.holds,
                    });
                }
                None => {
                    floating.push(pattern);
                    let literals = literals(&hir, ExtractKind::Prefix, FLOATING_LITERAL_BYTES);
                    openings = openings.zip(literals).map(|(mut all, more)| {
                        all.extend(more);
                        all
                    });
                }
            }
        }
        let by_first = (0..=255u8)
            .map(|byte| {
                let may_open = |(_, first): &(usize, &Bytes)| first.has(byte);
                firsts
                    .iter()
                    .enumerate()
                    .filter(may_open)
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        let floating = match floating.is_empty() {
            true => None,
            false => Some(Floating::new(&floating, openings)?),
        };
        Ok(Furniture {
            anchored,
            by_first,
            floating,
        })
    }

    /// True when some pattern matches `line`.
    pub fn is_match(&self, line: &str) -> bool {
        self.anchored_match(line) || self.floating.as_ref().is_some_and(|f| f.is_match(line))
    }

    /// False when no pattern can match a line that opens with `first` and closes with
    /// `last`: what [`Furniture::is_match`] checks first, for a caller that would otherwise
    /// have to prepare the line.
    pub fn may_match(&self, first: u8, last: u8) -> bool {
        self.floating.is_some()
            || self.by_first[usize::from(first)]
                .iter()
                .any(|&i| self.anchored[i].last.has(last))
    }

    fn anchored_match(&self, line: &str) -> bool {
        let bytes = line.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            let matches = |a: &Anchored| a.regex().is_some_and(|regex| regex.is_match(line));
            return self.anchored.iter().any(matches);
        };
        self.by_first[usize::from(first)]
            .iter()
            .any(|&i| self.anchored[i].is_match(line, last))
    }
}

impl Floating {
    fn new(patterns: &[&String], openings: Option<Vec<Vec<u8>>>) -> Result<Floating, String> {
        let set = RegexSetBuilder::new(patterns)
            .case_insensitive(true)
            .build()
            .map_err(|e| format!("cannot compile the furniture patterns together: {e}"))?;
        let openings = match openings {
            Some(literals) => Some(
                regex::bytes::Regex::new(&alternation(&literals))
                    .map_err(|e| format!("cannot compile the furniture literals: {e}"))?,
            ),
            None => None,
        };
        Ok(Floating { set, openings })
    }

    fn is_match(&self, line: &str) -> bool {
        let opens = |literals: &regex::bytes::Regex| literals.is_match(line.as_bytes());
        self.openings.as_ref().is_none_or(opens) && self.set.is_match(line)
    }
}

impl Anchored {
    fn is_match(&self, line: &str, last: u8) -> bool {
        self.last.has(last)
            && self.len.contains(&line.len())
            && self
                .holds
                .is_none_or(|b| memchr::memchr(b, line.as_bytes()).is_some())
            && self.regex().is_some_and(|regex| regex.is_match(line))
    }

    /// The compiled pattern; `None` only if it does not compile, which [`check`] rules out
    /// when the lexicon is read.
    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| compile(&self.source).ok())
            .as_ref()
    }
}

/// What an anchored pattern's matches open and close with, how long the lines they match
/// may be, and a byte they hold.
struct Ends {
    first: Bytes,
    last: Bytes,
    len: RangeInclusive<usize>,
    holds: Option<u8>,
}

impl Ends {
    /// `None` when `hir` is anchored at neither end.
    fn of(hir: &Hir) -> Option<Ends> {
        let properties = hir.properties();
        let starts = properties.look_set_prefix().contains(Look::Start);
        let ends = properties.look_set_suffix().contains(Look::End);
        if !starts && !ends {
            return None;
        }
        let len = match (starts, ends) {
            (true, true) => {
                properties.minimum_len().unwrap_or(0)
                    ..=properties.maximum_len().unwrap_or(usize::MAX)
            }
            _ => 0..=usize::MAX,
        };
        Some(Ends {
            first: edge_bytes(hir, ExtractKind::Prefix, starts),
            last: edge_bytes(hir, ExtractKind::Suffix, ends),
            len,
            holds: held_byte(hir),
        })
    }
}

/// A byte that every match of `hir` holds because the pattern writes it out at its top
/// level, when it is one that case does not change and prose seldom has.
fn held_byte(hir: &Hir) -> Option<u8> {
    let parts = match hir.kind() {
        HirKind::Concat(parts) => parts.as_slice(),
        _ => std::slice::from_ref(hir),
    };
    parts.iter().find_map(|part| match part.kind() {
        HirKind::Literal(literal) => literal
            .0
            .iter()
            .copied()
            .find(|b| b.is_ascii_punctuation() && !b".,'-".contains(b)),
        _ => None,
    })
}

/// Compiles `pattern` as a furniture pattern, or says why it cannot be.
pub fn check(pattern: &str) -> Result<(), String> {
    compile(pattern).map(|_| ())
}

fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .map_err(|e| format!("{pattern}: {e}"))
}

/// A byte regex that matches any of `literals` (which may end inside a character).
fn alternation(literals: &[Vec<u8>]) -> String {
    let escaped: Vec<String> = literals
        .iter()
        .map(|literal| literal.iter().map(|b| format!("\\x{b:02x}")).collect())
        .collect();
    format!("(?-u:{})", escaped.join("|"))
}

/// `pattern` parsed as the regex crate parses it, case-insensitive.
fn parse(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .map_err(|e| format!("{pattern}: {e}"))
}

/// The literals, cut to `len` bytes, that every match of `hir` opens (`Prefix`) or closes
/// (`Suffix`) with, in every case spelling; `None` when they cannot be listed or a match
/// may be empty.
fn literals(hir: &Hir, kind: ExtractKind, len: usize) -> Option<Vec<Vec<u8>>> {
    let mut extractor = Extractor::new();
    extractor
        .kind(kind)
        .limit_class(4096)
        .limit_literal_len(len)
        .limit_total(4096);
    let seq = extractor.extract(hir);
    let never_empty = seq.min_literal_len().is_some_and(|len| len > 0);
    let literals = seq.literals().filter(|_| never_empty)?;
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The bytes every match of `hir` opens (`Prefix`) or closes (`Suffix`) with, when the
/// pattern is anchored there and they can be listed; otherwise every byte.
fn edge_bytes(hir: &Hir, kind: ExtractKind, anchored: bool) -> Bytes {
    let opening = matches!(kind, ExtractKind::Prefix);
    let literals = anchored.then(|| literals(hir, kind, 1)).flatten();
    let Some(literals) = literals else {
        return Bytes([true; 256]);
    };
    let mut bytes = Bytes([false; 256]);
    for literal in literals {
        let edge = match opening {
            true => literal.first(),
            false => literal.last(),
        };
        if let Some(&byte) = edge {
            bytes.0[usize::from(byte)] = true;
        }
    }
    bytes
}

impl Bytes {
    fn has(&self, byte: u8) -> bool {
        self.0[usize::from(byte)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn furniture(patterns: &[&str]) -> Furniture {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        Furniture::new(&patterns).unwrap()
    }

    fn set(patterns: &[String]) -> RegexSet {
        RegexSetBuilder::new(patterns)
            .case_insensitive(true)
            .build()
            .unwrap()
    }

    #[test]
    fn answers_as_the_patterns_do() {
        let patterns = [
            "^(yours sincerely|kind regards),?$",
            "(crown copyright|all rights reserved)",
            r"\b[a-z]{1,2}\d[a-z\d]? \d[a-z]{2}$",
            r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$",
            r"^(page \d+( of \d+)?|\d{1,3})$",
            "^hmi$",
            r"^\s*",
        ];
        let f = furniture(&patterns[..6]);
        let all = furniture(&patterns);
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let (some, every) = (set(&patterns[..6]), set(&patterns));
        for line in [
            "Yours sincerely,",
            "YOURS SINCERELY",
            "Kind regards",
            "© Crown copyright 2024",
            "All Rights Reserved.",
            "Piccadilly Gate, Manchester M1 2WW",
            "jane.doe@example.org",
            "Page 3 of 12",
            "12",
            "HMI",
            "hmi and more",
            "Leaders are kind, regards aside.",
            "Children’s services in the area M1 2WW are good.",
            "",
        ] {
            assert_eq!(f.is_match(line), some.is_match(line), "{line:?}");
            assert_eq!(all.is_match(line), every.is_match(line), "{line:?}");
        }
    }

    #[test]
    fn answers_as_the_default_patterns_do_on_every_corpus_line() {
        let lexicon: toml::Table = toml::from_str(crate::lexicon::DEFAULT_SOURCE).unwrap();
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(corpus).unwrap() {
            texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
        }
        for list in ["lines", "sentences"] {
            let patterns: Vec<String> = lexicon["furniture"][list]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_string())
                .collect();
            let (ours, theirs) = (Furniture::new(&patterns).unwrap(), set(&patterns));
            let mut matched = 0;
            for line in texts.iter().flat_map(|t| t.lines()).map(str::trim) {
                assert_eq!(ours.is_match(line), theirs.is_match(line), "{line:?}");
                matched += usize::from(theirs.is_match(line));
            }
            assert!(matched >= 5, "{list}: only {matched} lines matched");
        }
    }

    #[test]
    fn a_line_is_put_only_to_patterns_its_ends_allow() {
        let f = furniture(&["^dear [^.!?]{1,60},?$", r"\d[a-z]{2}$", r"^\w*"]);
        let ends = |pattern| Ends::of(&parse(pattern).unwrap()).unwrap();
        assert!(ends("^dear x$").first.has(b'd') && ends("^dear x$").first.has(b'D'));
        assert!(!ends("^dear x$").first.has(b'e'));
        assert!(ends("^dear x$").last.has(b'x') && !ends("^dear x$").last.has(b'y'));
        assert!(Ends::of(&parse("crown copyright").unwrap()).is_none());
        // A pattern that matches the empty line opens with any byte.
        assert!(ends(r"^\w*").first.has(b'.'));
        assert_eq!(f.by_first[usize::from(b'D')], vec![0, 1, 2]);
        assert_eq!(f.by_first[usize::from(b'x')], vec![1, 2]);
        assert!(f.may_match(b'D', b','));
        assert!(Furniture::new(&["^dear$".to_string()]).is_ok_and(|f| !f.may_match(b'x', b'r')));
    }
}
