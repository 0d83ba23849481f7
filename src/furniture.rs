//! Furniture: whether a line is page furniture, by the lexicon's `[furniture]` patterns.
//!
//! The patterns are case-insensitive regexes over one trimmed line. Tried together as one
//! `RegexSet` on every line of a document they cost more than every other stage together:
//! the set's lazy DFA thrashes on bounded repeats (`[^.!?]{1,60}`) and gives way to the
//! PikeVM on text with non-ASCII letters when a pattern has a Unicode `\b`. So each pattern
//! is compiled alone, and tried on a line only when the line holds a literal that every
//! match of the pattern must hold:
//!
//! - the literals come from `regex-syntax`'s literal extractor, run on each tail of the
//!   pattern's top-level sequence ("crown copyright" gives `crown ` in every case spelling;
//!   `\b[a-z]{1,2}\d[a-z\d]? \d[a-z]{2}$` gives a space and a digit); the tail whose
//!   literals are longest is kept;
//! - a literal that opens a pattern anchored with `^` must open the line;
//! - one Aho-Corasick pass over the line finds every pattern that can match; a pattern
//!   without such a literal is tried on every line.
//!
//! The answer is the same as the set's: a pattern is skipped only when it cannot match.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use regex::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind, Look};

/// The longest literal kept: long enough to be rare in prose, short enough that the case
/// spellings of a word stay few.
const LITERAL_MAX_BYTES: usize = 6;

/// The lexicon's furniture patterns, each with the literals a line needs to match it.
#[derive(Clone, Debug)]
pub struct Furniture {
    regexes: Vec<Regex>,
    /// Patterns without a required literal: tried on every line.
    always: Vec<usize>,
    /// Literals that must open the line, and the pattern of each.
    opening: Literals,
    /// Literals that may be anywhere in the line, and the pattern of each.
    inside: Literals,
}

/// An automaton over required literals, with the pattern each literal belongs to.
#[derive(Clone, Debug)]
struct Literals {
    automaton: AhoCorasick,
    owner: Vec<usize>,
}

/// Where a pattern's required literal must be.
enum Need {
    Opening(Vec<Vec<u8>>),
    Inside(Vec<Vec<u8>>),
    Nothing,
}

impl Furniture {
    /// Compiles `patterns` (case-insensitive), or says which one is wrong and why.
    pub fn new(patterns: &[String]) -> Result<Furniture, String> {
        let mut regexes = Vec::new();
        let mut always = Vec::new();
        let (mut opening, mut inside) = (Vec::new(), Vec::new());
        for (index, pattern) in patterns.iter().enumerate() {
            let regex = RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .map_err(|e| format!("{pattern}: {e}"))?;
            regexes.push(regex);
            match need(pattern) {
                Need::Opening(literals) => opening.extend(literals.into_iter().map(|l| (l, index))),
                Need::Inside(literals) => inside.extend(literals.into_iter().map(|l| (l, index))),
                Need::Nothing => always.push(index),
            }
        }
        Ok(Furniture {
            regexes,
            always,
            // The opening literals are read over a few bytes of each line, the others over
            // all of it: only those are worth a DFA's build time and memory.
            opening: Literals::new(opening, None)?,
            inside: Literals::new(inside, Some(AhoCorasickKind::DFA))?,
        })
    }

    /// True when some pattern matches `line`.
    pub fn is_match(&self, line: &str) -> bool {
        let mut candidates = vec![false; self.regexes.len()];
        self.opening.mark(line, true, &mut candidates);
        self.inside.mark(line, false, &mut candidates);
        for &index in &self.always {
            candidates[index] = true;
        }
        candidates
            .iter()
            .zip(&self.regexes)
            .any(|(&candidate, regex)| candidate && regex.is_match(line))
    }
}

impl Literals {
    fn new(
        literals: Vec<(Vec<u8>, usize)>,
        kind: Option<AhoCorasickKind>,
    ) -> Result<Literals, String> {
        let (texts, owner): (Vec<Vec<u8>>, Vec<usize>) = literals.into_iter().unzip();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(&texts)
            .map_err(|e| format!("cannot compile the furniture literals: {e}"))?;
        Ok(Literals { automaton, owner })
    }

    /// Marks the patterns whose literals occur in `line` (with `opening`, at its start).
    fn mark(&self, line: &str, opening: bool, candidates: &mut [bool]) {
        // An anchored overlapping search is not on offer; the literals are at most
        // LITERAL_MAX_BYTES long, so those that open the line end within that many bytes.
        let end = if opening {
            line.len().min(LITERAL_MAX_BYTES)
        } else {
            line.len()
        };
        let input = Input::new(line).range(..end);
        let found = self.automaton.try_find_overlapping_iter(input);
        for m in found.into_iter().flatten() {
            if !opening || m.start() == 0 {
                candidates[self.owner[m.pattern().as_usize()]] = true;
            }
        }
    }
}

/// The literals every match of `pattern` (parsed as the regex crate parses it, case
/// insensitive) must contain, and whether they must open the line.
fn need(pattern: &str) -> Need {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
    else {
        return Need::Nothing;
    };
    let parts = sequence(&hir);
    let anchors = parts
        .iter()
        .take_while(|p| matches!(p.kind(), HirKind::Look(_)))
        .count();
    let anchored = parts[..anchors]
        .iter()
        .any(|p| matches!(p.kind(), HirKind::Look(Look::Start)));
    let mut extractor = Extractor::new();
    extractor
        .limit_class(1024)
        .limit_literal_len(LITERAL_MAX_BYTES)
        .limit_total(1024);
    let best = (anchors..parts.len())
        .filter_map(|from| {
            let seq = extractor.extract(&Hir::concat(parts[from..].to_vec()));
            let opens = anchored && from == anchors;
            // A literal at the start of the line is rarer than one anywhere: it scores
            // as if it were two bytes longer. A single byte anywhere is no filter.
            let score = usable(&seq)? + if opens { 2 } else { 0 };
            (score >= 2 || rare(&seq)).then_some((score, std::cmp::Reverse(seq.len()), opens, seq))
        })
        .max_by_key(|(score, fewer, _, _)| (*score, *fewer));
    let Some((_, _, opens, seq)) = best else {
        return Need::Nothing;
    };
    let literals = seq
        .literals()
        .unwrap_or_default()
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
    if opens {
        Need::Opening(literals)
    } else {
        Need::Inside(literals)
    }
}

/// True when every literal of `seq` holds a byte that prose seldom has (the `@` of an
/// email address), so that even one byte of it filters lines.
fn rare(seq: &Seq) -> bool {
    let common = |b: &u8| b.is_ascii_alphanumeric() || b" .,;:'\"-()".contains(b);
    seq.literals()
        .is_some_and(|ls| ls.iter().all(|l| !l.as_bytes().iter().all(common)))
}

/// The parts of a pattern's top-level sequence (a group around the whole is looked into).
fn sequence(hir: &Hir) -> Vec<Hir> {
    match hir.kind() {
        HirKind::Capture(group) => sequence(&group.sub),
        HirKind::Concat(parts) => parts.clone(),
        _ => vec![hir.clone()],
    }
}

/// The length of the shortest literal of `seq`, when it is finite and every literal is
/// at least one byte (an empty literal would require nothing).
fn usable(seq: &Seq) -> Option<usize> {
    let shortest = seq.min_literal_len()?;
    (seq.is_finite() && shortest > 0).then_some(shortest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn furniture(patterns: &[&str]) -> Furniture {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        Furniture::new(&patterns).unwrap()
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
        ];
        let f = furniture(&patterns);
        let set = regex::RegexSetBuilder::new(patterns)
            .case_insensitive(true)
            .build()
            .unwrap();
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
            assert_eq!(f.is_match(line), set.is_match(line), "{line:?}");
        }
    }

    #[test]
    fn required_literals_are_found_where_they_must_be() {
        assert!(matches!(need("^(kind regards|hmi)$"), Need::Opening(_)));
        assert!(matches!(need("website design by"), Need::Inside(_)));
        assert!(matches!(
            need(r"\b[a-z]{1,2}\d? \d[a-z]{2}$"),
            Need::Inside(_)
        ));
        assert!(matches!(need(r"^\w*"), Need::Nothing));
    }
}
