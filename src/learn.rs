//! Learn: which phrases separate well-graded sections of reports from poorly graded ones,
//! as raw material for a lexicon (`findings lexicon learn`).
//!
//! A researcher adapting `findings` to another inspectorate has reports but no labelled
//! sentences. Many reports grade their sections in the heading ("The experiences and
//! progress of children in care: good"), and that grade is a weak label for every unit
//! under it: a unit in a section graded good or outstanding leans strength, one in a section
//! graded requires improvement or inadequate leans weakness. Any one unit may be the
//! opposite; over hundreds of units, the phrases inspectors use to praise or to criticise
//! stand out.
//!
//! **Counting.** Each unit's words (lower-cased; numbers and punctuation break phrases) give
//! its word n-grams of 1 to 3 words; n-grams that begin or end with a function word ("the",
//! "of") are skipped. Each n-gram is counted per side, with the number of documents it
//! occurs in.
//!
//! **Scoring** (Monroe, Colaresi and Quinn 2008, "Fightin' words", section 3.5): the log-odds
//! ratio of an n-gram between the two sides, with an informative Dirichlet prior, the
//! n-gram's pooled count times `prior`, which shrinks rare n-grams towards no difference,
//! divided by its standard deviation, giving a z-score. The z-score, unlike a raw ratio, does
//! not reward a phrase seen twice. N-grams seen fewer than `min_count` times or in fewer than
//! `min_documents` documents are left out, so that one report's names and topics do not
//! crowd the list.
//!
//! The output is a ranked list per side as a TOML snippet of `[[cues]]` groups, each phrase
//! with its z-score and counts in a comment, and a note when the lexicon already knows it.
//! It is a list to curate, not a lexicon: many phrases that separate the sides are topics
//! ("permanence", "private fostering") rather than findings, and only a person can tell.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use rayon::prelude::*;

use crate::clean::Cleaner;
use crate::document::Span;
use crate::ingest::{Input, LoadError};
use crate::lexicon::{Lexicon, Role};
use crate::segment::{Segmenter, Sentence, UnitKind};

/// Which side of the grading a section falls on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// Graded well (good, outstanding): its units lean strength.
    Positive,
    /// Graded badly (requires improvement, inadequate): its units lean weakness.
    Negative,
}

impl Side {
    fn index(self) -> usize {
        match self {
            Side::Positive => 0,
            Side::Negative => 1,
        }
    }
}

/// The grades that end a section heading, per side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grading {
    /// Grades on the positive side.
    pub positive: Vec<String>,
    /// Grades on the negative side.
    pub negative: Vec<String>,
}

impl Default for Grading {
    /// Ofsted's four grades.
    fn default() -> Grading {
        let owned = |grades: &[&str]| grades.iter().map(|g| g.to_string()).collect();
        Grading {
            positive: owned(&["good", "outstanding"]),
            negative: owned(&[
                "requires improvement to be good",
                "requires improvement",
                "require improvement to be good",
                "require improvement",
                "inadequate",
            ]),
        }
    }
}

impl Grading {
    /// The side of a heading that ends in a grade ("...: good", "... Inadequate"), if any.
    /// The longest grade that ends the heading decides, so "requires improvement to be good"
    /// is not "good".
    pub fn side(&self, heading: &str) -> Option<Side> {
        let heading = words(heading).join(" ");
        let sides = [
            (Side::Positive, &self.positive),
            (Side::Negative, &self.negative),
        ];
        sides
            .into_iter()
            .flat_map(|(side, grades)| grades.iter().map(move |g| (side, words(g).join(" "))))
            .filter(|(_, grade)| {
                !grade.is_empty()
                    && heading.len() > grade.len()
                    && heading.ends_with(grade.as_str())
                    && heading[..heading.len() - grade.len()].ends_with(' ')
            })
            .max_by_key(|(_, grade)| grade.len())
            .map(|(side, _)| side)
    }
}

/// A graded section of a document: its side and the units under its heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The side its grade falls on.
    pub side: Side,
    /// The heading's span.
    pub heading: Span,
    /// The spans of the units under it (sentences and list items; not headings or
    /// furniture).
    pub units: Vec<Span>,
}

/// The sections of a document whose heading ends in a grade, in order.
pub fn graded_sections(text: &str, units: &[Sentence], grading: &Grading) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for unit in units {
        if matches!(unit.kind, UnitKind::Heading | UnitKind::Furniture) {
            continue;
        }
        let Some(heading) = unit.section else {
            continue;
        };
        match sections.last_mut() {
            Some(last) if last.heading == heading => last.units.push(unit.span),
            _ => {
                if let Some(side) = grading.side(heading.of(text)) {
                    sections.push(Section {
                        side,
                        heading,
                        units: vec![unit.span],
                    });
                }
            }
        }
    }
    sections
}

/// Words that do not begin or end a phrase worth learning.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being",
    "both", "by", "can", "could", "did", "do", "does", "each", "for", "from", "had", "has", "have",
    "he", "her", "his", "i", "in", "into", "is", "it", "its", "may", "might", "of", "on", "or",
    "our", "she", "so", "such", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "was", "we", "were", "when", "where", "which", "who", "whom",
    "whose", "will", "with", "would",
];

/// The lower-cased words of `text`; `None` marks a break (punctuation, a number).
fn tokens(text: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for piece in text.split_whitespace() {
        let word = piece.trim_matches(|c: char| !c.is_alphanumeric());
        let inner_ok = word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'));
        if word.len() < piece.trim_end_matches(|c: char| !c.is_alphanumeric()).len() {
            out.push(None); // "(weak": the bracket breaks the phrase before the word
        }
        out.push((inner_ok && !word.is_empty()).then(|| word.to_lowercase().replace('’', "'")));
        if !piece.ends_with(word) || word.is_empty() {
            out.push(None); // "plans," breaks the phrase after the word
        }
    }
    out
}

/// Splits `text` into lower-cased words, ignoring punctuation.
fn words(text: &str) -> Vec<String> {
    tokens(text).into_iter().flatten().collect()
}

/// The n-grams (1 to `max_n` words) of one unit that may be phrases.
fn ngrams(text: &str, max_n: usize) -> Vec<String> {
    let tokens = tokens(text);
    let mut out = Vec::new();
    for run in tokens.split(Option::is_none) {
        let run: Vec<&str> = run.iter().flatten().map(String::as_str).collect();
        for n in 1..=max_n.min(run.len()) {
            for gram in run.windows(n) {
                let edge = |w: &&str| FUNCTION_WORDS.contains(w);
                if gram.first().is_some_and(edge) || gram.last().is_some_and(edge) {
                    continue;
                }
                out.push(gram.join(" "));
            }
        }
    }
    out
}

/// How often one n-gram occurs on each side, and in how many documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Tally {
    count: [u64; 2],
    documents: [usize; 2],
}

/// N-gram counts over the graded sections of many documents.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    max_n: usize,
    grams: HashMap<String, Tally>,
    /// N-grams per side, per length (index n - 1).
    totals: [[u64; 3]; 2],
    /// Units per side.
    pub units: [usize; 2],
    /// Sections per side.
    pub sections: [usize; 2],
    /// Documents with at least one graded section, per side.
    pub documents: [usize; 2],
}

/// The longest n-gram counted.
pub const MAX_N: usize = 3;

impl Counts {
    /// Empty counts of n-grams of 1 to `max_n` words (at most [`MAX_N`]).
    pub fn new(max_n: usize) -> Counts {
        Counts {
            max_n: max_n.clamp(1, MAX_N),
            ..Counts::default()
        }
    }

    /// Counts the units of one document's graded sections.
    pub fn add_document(&mut self, text: &str, sections: &[Section]) {
        let mut seen: [HashSet<String>; 2] = Default::default();
        for section in sections {
            let side = section.side.index();
            self.sections[side] += 1;
            for unit in &section.units {
                self.units[side] += 1;
                for gram in ngrams(unit.of(text), self.max_n) {
                    let n = gram.split(' ').count();
                    self.totals[side][n - 1] += 1;
                    self.grams.entry(gram.clone()).or_default().count[side] += 1;
                    seen[side].insert(gram);
                }
            }
        }
        for (side, grams) in seen.into_iter().enumerate() {
            if !grams.is_empty() {
                self.documents[side] += 1;
            }
            for gram in grams {
                if let Some(tally) = self.grams.get_mut(&gram) {
                    tally.documents[side] += 1;
                }
            }
        }
    }
}

/// Inputs read and segmented in parallel at a time (bounds memory on large corpora).
const BATCH: usize = 64;

/// Reads, cleans and segments every input, in parallel, and counts the n-grams of the
/// graded sections of each, in input order. Inputs that cannot be read are skipped and
/// returned.
pub fn count_inputs(
    inputs: impl Iterator<Item = Input>,
    lexicon: &Lexicon,
    grading: &Grading,
    max_n: usize,
) -> (Counts, Vec<LoadError>) {
    let (cleaner, segmenter) = (Cleaner::new(lexicon), Segmenter::new());
    let mut counts = Counts::new(max_n);
    let mut errors = Vec::new();
    let mut inputs = inputs.peekable();
    while inputs.peek().is_some() {
        let batch: Vec<Input> = inputs.by_ref().take(BATCH).collect();
        let read: Vec<_> = batch
            .into_par_iter()
            .map(|input| {
                let document = input.load()?;
                let units = segmenter.units(&document.text, &cleaner.blocks(&document.text));
                let sections = graded_sections(&document.text, &units, grading);
                Ok::<_, Box<LoadError>>((document.text, sections))
            })
            .collect();
        for result in read {
            match result {
                Ok((text, sections)) => counts.add_document(&text, &sections),
                Err(error) => errors.push(*error),
            }
        }
    }
    (counts, errors)
}

impl Counts {
    /// True when a shorter phrase inside `gram` occurs exactly where `gram` does: `gram` is
    /// then only that phrase's context ("planning is sharp" beside "sharp"), and the shorter
    /// phrase is the one to list.
    fn adds_nothing(&self, gram: &str, tally: &Tally) -> bool {
        let words: Vec<&str> = gram.split(' ').collect();
        (1..words.len()).any(|n| {
            words
                .windows(n)
                .any(|inner| self.grams.get(&inner.join(" ")) == Some(tally))
        })
    }
}

/// What to keep and how strongly to shrink.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Fewest occurrences (both sides together) of a phrase that is scored.
    pub min_count: u64,
    /// Fewest documents (both sides together) a scored phrase occurs in.
    pub min_documents: usize,
    /// The prior: each n-gram's pooled count times this.
    pub prior: f64,
    /// Phrases listed per side.
    pub top: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            min_count: 5,
            min_documents: 3,
            prior: 1.0,
            top: 50,
        }
    }
}

/// One phrase and how strongly it separates the sides.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// The n-gram.
    pub phrase: String,
    /// The side it leans to.
    pub side: Side,
    /// The log-odds ratio (positive side over negative), shrunk by the prior.
    pub delta: f64,
    /// `delta` over its standard deviation.
    pub z: f64,
    /// Occurrences on the positive and the negative side.
    pub count: [u64; 2],
    /// Documents it occurs in on the positive and the negative side.
    pub documents: [usize; 2],
}

/// The log-odds ratio of counts `y` out of totals `n`, with prior `alpha` out of `alpha0`,
/// and its z-score: Monroe et al. (2008), equations 16 and 18.
pub fn log_odds(y: [f64; 2], n: [f64; 2], alpha: f64, alpha0: f64) -> (f64, f64) {
    let logit = |y: f64, n: f64| ((y + alpha) / (n + alpha0 - y - alpha)).ln();
    let delta = logit(y[0], n[0]) - logit(y[1], n[1]);
    let variance = 1.0 / (y[0] + alpha) + 1.0 / (y[1] + alpha);
    (delta, delta / variance.sqrt())
}

/// The phrases that separate the sides, strongest first: up to `top` per side, positive
/// side first. Phrases that do not separate at all (z = 0) are left out.
pub fn rank(counts: &Counts, options: &Options) -> Vec<Scored> {
    let mut scored: Vec<Scored> = counts
        .grams
        .iter()
        .filter(|(gram, t)| {
            t.count[0] + t.count[1] >= options.min_count
                && t.documents[0] + t.documents[1] >= options.min_documents
                && !counts.adds_nothing(gram, t)
        })
        .map(|(gram, t)| {
            let n = gram.split(' ').count() - 1;
            let totals = [counts.totals[0][n] as f64, counts.totals[1][n] as f64];
            let pooled = (t.count[0] + t.count[1]) as f64;
            let (alpha, alpha0) = (
                options.prior * pooled,
                options.prior * (totals[0] + totals[1]),
            );
            let y = [t.count[0] as f64, t.count[1] as f64];
            let (delta, z) = log_odds(y, totals, alpha, alpha0);
            Scored {
                phrase: gram.clone(),
                side: if z > 0.0 {
                    Side::Positive
                } else {
                    Side::Negative
                },
                delta,
                z,
                count: t.count,
                documents: t.documents,
            }
        })
        .filter(|s| s.z != 0.0)
        .collect();
    scored.sort_by(|a, b| {
        b.z.abs()
            .total_cmp(&a.z.abs())
            .then_with(|| a.phrase.cmp(&b.phrase))
    });
    let side = |side| {
        scored
            .iter()
            .filter(move |s| s.side == side)
            .take(options.top)
            .cloned()
    };
    side(Side::Positive).chain(side(Side::Negative)).collect()
}

/// What the lexicon already makes of `phrase` when it matches it whole, for a person.
fn known(lexicon: &Lexicon, phrase: &str) -> Option<String> {
    let hits = lexicon.find(phrase);
    let hit = hits
        .iter()
        .find(|h| h.span.start == 0 && h.span.end == phrase.len())?;
    Some(match lexicon.entries()[hit.entry].role {
        Role::Cue { label, .. } => label.to_string(),
        Role::Negator | Role::Resolver | Role::Existential => "negation trigger".into(),
        Role::Pseudo => "pseudo-negation".into(),
        Role::Terminator => "negation terminator".into(),
        Role::Adversative | Role::Concessive => "contrast marker".into(),
        Role::Hypothetical => "hypothetical marker".into(),
        Role::Continuation => "continuation".into(),
        Role::Past => "earlier inspection".into(),
    })
}

/// The ranked phrases as a TOML snippet a researcher can curate into a lexicon file: one
/// `[[cues]]` group per side, each phrase with its z-score, counts and documents in a
/// comment, and what `lexicon` already makes of it.
pub fn to_toml(counts: &Counts, scored: &[Scored], options: &Options, lexicon: &Lexicon) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# findings lexicon learn: {} units in {} sections graded well ({} documents), \
         {} units in {} sections graded badly ({} documents).",
        counts.units[0],
        counts.sections[0],
        counts.documents[0],
        counts.units[1],
        counts.sections[1],
        counts.documents[1]
    );
    let _ = writeln!(
        out,
        "# Log-odds ratio with an informative Dirichlet prior (pooled counts x {}), as a z-score \
         (Monroe et al. 2008); phrases seen at least {} times in at least {} documents.\n\
         # Curate before use: keep what an inspector would recognise as praise or criticism; \
         drop topics and names.",
        options.prior, options.min_count, options.min_documents
    );
    for (side, class) in [(Side::Positive, "strength"), (Side::Negative, "weakness")] {
        let _ = write!(
            out,
            "\n[[cues]]\nclass = \"{class}\"\nnote = \"learned from sections graded {}; curated by hand\"\nphrases = [\n",
            if side == Side::Positive {
                "well"
            } else {
                "badly"
            }
        );
        for s in scored.iter().filter(|s| s.side == side) {
            let quoted = format!("{:?},", s.phrase);
            let known = known(lexicon, &s.phrase)
                .map(|k| format!("; already in the lexicon: {k}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {quoted:32} # z {:+.2}, {} vs {} times, {} vs {} documents{known}",
                s.z, s.count[0], s.count[1], s.documents[0], s.documents[1]
            );
        }
        out.push_str("]\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_that_ends_in_a_grade_has_a_side() {
        let grading = Grading::default();
        let side = |h| grading.side(h);
        assert_eq!(
            side("The experiences and progress of care leavers: good"),
            Some(Side::Positive)
        );
        assert_eq!(
            side("Children in care Requires improvement to be good"),
            Some(Side::Negative)
        );
        assert_eq!(side("Leadership: Inadequate."), Some(Side::Negative));
        assert_eq!(
            side("Children’s services in Coventry require improvement to be good"),
            Some(Side::Negative)
        );
        assert_eq!(side("good"), None);
        assert_eq!(side("What is good"), Some(Side::Positive));
        assert_eq!(side("Summary of findings"), None);
        assert_eq!(side("The goodness"), None);
    }

    #[test]
    fn ngrams_stop_at_punctuation_numbers_and_function_words() {
        assert_eq!(
            ngrams("Plans are not always timely, in 2023.", 3),
            [
                "plans",
                "not",
                "always",
                "timely",
                "not always",
                "always timely",
                "plans are not",
                "not always timely"
            ]
        );
    }

    #[test]
    fn log_odds_matches_the_formula() {
        // 10 of 100 against 2 of 100, no prior beyond 1 of 2: δ = ln(11/91) − ln(3/99).
        let (delta, z) = log_odds([10.0, 2.0], [100.0, 100.0], 1.0, 2.0);
        let want = (11.0f64 / 91.0).ln() - (3.0f64 / 99.0).ln();
        assert!((delta - want).abs() < 1e-12);
        assert!((z - want / (1.0f64 / 11.0 + 1.0 / 3.0).sqrt()).abs() < 1e-12);
    }
}
