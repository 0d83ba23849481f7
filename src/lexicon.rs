//! The lexicon: the domain knowledge, kept as data.
//!
//! Everything `findings` knows about how inspectors write lives in TOML files that a
//! researcher can read, cite and extend: cue phrases per class with weights, negation
//! triggers and their scope terminators, contrast markers, section headings that decide
//! what sits under them, and the shapes of page furniture. The default lexicon
//! (`lexicon/default.toml`) is embedded in the binary at build time; `--lexicon FILE`
//! merges further files over it, in order.
//!
//! # Format
//!
//! ```toml
//! name = "my-inspectorate"
//!
//! [[cues]]
//! class = "weakness"          # strength | weakness | recommendation | neutral
//! weight = 1.5                # default 1.0
//! negates = true              # also negates the cues that follow (a limiter)
//! phrases = ["not always", "not consistently"]
//!
//! [[cues]]
//! class = "recommendation"
//! at_start = true             # only counts when it opens the unit (an imperative)
//! phrases = ["ensure", "improve*"]   # a trailing * matches any word ending
//!
//! [negation]
//! triggers = ["not", "never"]
//! resolvers = ["address", "tackle"]  # negate, but count nothing alone
//! existential = ["no", "none of"]    # negate to the end of the clause
//! pseudo = ["not only", "no doubt"]  # look like negation, negate nothing
//! terminators = ["which", ";"]       # end a negation's scope
//! window = 4                          # words a negation reaches forward
//!
//! [contrast]
//! adversative = ["but", "however"]   # the clause after the marker carries the label
//! concessive = ["although", "while"] # the clause the marker opens yields
//!
//! [modality]
//! hypothetical = ["to ensure that", "if"]  # the clause it opens is a goal or condition: yields
//!
//! [context]
//! continues = ["this means that", "this"]  # a unit opening so, with no evidence of its own,
//!                                          # carries on the label of the unit before
//! past = ["the last inspection"]           # a unit naming an earlier inspection...
//! grades = ["inadequate", "good"]          # ...gives these cues as context: they count nothing
//! recommendation_tags = ["(recommendation)"]  # a unit ending so is a recommendation point
//!
//! [sections]
//! recommendation = ["what needs to improve"]  # units under such a heading recommend
//! strength = ["strengths"]
//! neutral = ["what the inspection judgements mean"]
//!
//! [furniture]
//! lines = ['^yours sincerely,?$']     # regexes over one trimmed line of at most 160 bytes,
//!                                     # case-insensitive
//! sentences = ['^you may reuse this information']  # regexes over one sentence of prose,
//!                                     # white space folded, case-insensitive: boilerplate
//! sections = ["what the inspection judgements mean"]  # every sentence under such a
//!                                     # heading is boilerplate
//!
//! [remove]
//! phrases = ["good"]                  # drop a phrase an earlier file defined
//! ```
//!
//! A `neutral` cue masks: it matches context such as "judged to be good", so that the words
//! inside it count for nothing. Phrases match whole words, ASCII case-insensitively, and the
//! longest phrase starting leftmost wins (`LeftmostLongest`), so "not always" beats "not" and
//! "highly effective" beats "effective". A phrase with a hyphen also matches with a space, with
//! no separator and with a non-breaking hyphen; one with an apostrophe also matches `’`; a word
//! spelled -ise, -ised, -ising, -isation (or -yse) also matches its -ize (-yze) spelling, and the
//! other way round ("prioritise" matches "prioritize", "organisation" "organization").
//!
//! # Errors
//!
//! A bad file is rejected whole, with an error that names the file, the line and the entry:
//! `my.toml:14: entry "not yet": duplicate phrase (first defined on line 9)`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Deserialize;
use toml::Spanned;

use crate::document::{Label, Span, fold_spaces};
use crate::furniture::Furniture;
use crate::shard;

/// The default lexicon's source, embedded at build time.
pub const DEFAULT_SOURCE: &str = include_str!("../lexicon/default.toml");

/// The longest line, in bytes, that the `[furniture]` patterns are tried on.
pub const FURNITURE_MAX_BYTES: usize = 160;

/// The name the default lexicon's errors and checks report.
pub const DEFAULT_NAME: &str = "lexicon/default.toml";

/// A lexicon file that could not be used: which file, which line, which entry, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconError {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line number, when the problem has one.
    pub line: Option<usize>,
    /// The entry (phrase, pattern or key) at fault, when there is one.
    pub entry: Option<String>,
    /// What is wrong, for a person.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(entry) = &self.entry {
            write!(f, ": entry {entry:?}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LexiconError {}

/// What a matched phrase does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Role {
    /// Evidence for a class.
    Cue {
        /// The class it points to (`Neutral` masks its words).
        label: Label,
        /// Counts only when the phrase opens the unit (leading imperatives).
        at_start: bool,
        /// Also negates the cues that follow within the window (limiters).
        negates: bool,
    },
    /// Negates the cues that follow within the window.
    Negator,
    /// Negates like a trigger, but counts nothing when it negated nothing: a verb of
    /// dealing with a problem ("address", "identify").
    Resolver,
    /// A negated existential ("no child", "found no evidence of"): it reaches to the end of
    /// its clause, past relative clauses and the window ("No child whose records were seen
    /// had been left at risk").
    Existential,
    /// Looks like a negation but negates nothing ("not only").
    Pseudo,
    /// Ends a negation's scope.
    Terminator,
    /// "but", "however": the clause after it carries the label.
    Adversative,
    /// "although", "while": the clause it opens yields to the main clause.
    Concessive,
    /// "to ensure that", "so that", "if": the clause it opens states a goal or a condition,
    /// not a finding, and yields.
    Hypothetical,
    /// "This means that...": opening a unit, it makes the unit carry on the one before.
    Continuation,
    /// "the last inspection": the unit speaks of an earlier inspection, so the grade words
    /// in it are context.
    Past,
}

/// One lexicon entry, as compiled.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The phrase as the lexicon file wrote it (lower-cased, spaces folded).
    pub phrase: String,
    /// What it does when it matches.
    pub role: Role,
    /// Its weight as evidence (cues only; 0 for other roles).
    pub weight: f32,
    /// Where it was defined: `file:line`.
    pub origin: String,
    /// True when the phrase is a grade (`[context] grades`): context in a unit about an
    /// earlier inspection.
    pub grade: bool,
}

/// What a section heading makes of the units under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionRole {
    /// Every unit under it is a recommendation ("What needs to improve?").
    Recommendation,
    /// Units under it lean strength ("The local authority’s strengths").
    Strength,
    /// Units under it are neutral boilerplate ("What the inspection judgements mean").
    Neutral,
}

/// A phrase found in a text: its span and the entry it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Byte span of the matched text.
    pub span: Span,
    /// Index into [`Lexicon::entries`].
    pub entry: usize,
}

/// A compiled lexicon: one automaton over every phrase, plus section and furniture rules.
#[derive(Clone, Debug)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// Pattern id -> (entry index, phrase ends in a wildcard).
    patterns: Vec<(usize, bool)>,
    automaton: AhoCorasick,
    sections: Vec<(String, SectionRole)>,
    furniture: Furniture,
    boilerplate: Furniture,
    boilerplate_sections: Vec<String>,
    tags: Vec<String>,
    window: usize,
    name: String,
    checksum: String,
}

impl Default for Lexicon {
    fn default() -> Lexicon {
        Lexicon::builder()
            .build()
            .expect("the embedded default lexicon is valid (a unit test checks it)")
    }
}

impl Lexicon {
    /// A builder that starts from the embedded default lexicon.
    pub fn builder() -> LexiconBuilder {
        let mut builder = LexiconBuilder::empty();
        builder
            .add(DEFAULT_NAME, DEFAULT_SOURCE)
            .expect("the embedded default lexicon parses (a unit test checks it)");
        builder
    }

    /// The compiled entries, indexed by [`Hit::entry`].
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// How many words a negation reaches forward.
    pub fn negation_window(&self) -> usize {
        self.window
    }

    /// The name of the last file that set one (the default lexicon's is `findings-default`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A checksum of every source merged into this lexicon, in order, so that two runs can
    /// tell whether they used the same lexicon.
    pub fn checksum(&self) -> &str {
        &self.checksum
    }

    /// Every phrase in `text`, in order, whole words only: one automaton pass.
    ///
    /// A match that is not whole words ("there is no" inside "there is not") is passed
    /// over and the search resumes one character after its start, so that a shorter phrase
    /// starting inside it ("not sufficient") is still found.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut at = 0;
        while let Some(m) = self
            .automaton
            .find(aho_corasick::Input::new(text).range(at..))
        {
            let (entry, wildcard) = self.patterns[m.pattern().as_usize()];
            let start = m.start();
            // A wildcard's end is looked for only at a word's start: a rejected match inside
            // a long word must not scan to the word's end each time.
            let whole = starts_word(text, start);
            let end = if wildcard && whole {
                word_end(text, m.end())
            } else {
                m.end()
            };
            if whole && (wildcard || ends_word(text, end)) {
                hits.push(Hit {
                    span: Span::new(start, end),
                    entry,
                });
                at = end;
            } else {
                at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
            if at >= text.len() {
                break;
            }
        }
        hits
    }

    /// The role of a section heading, if the lexicon knows it.
    pub fn section_role(&self, heading: &str) -> Option<SectionRole> {
        let heading = fold(heading);
        self.sections
            .iter()
            .find(|(phrase, _)| heading.contains(phrase.as_str()))
            .map(|&(_, role)| role)
    }

    /// True when `unit` ends with a recommendation tag ("... (Recommendation)").
    pub fn ends_with_tag(&self, unit: &str) -> bool {
        self.has_tag(unit, true)
    }

    /// True when `unit` opens with a recommendation tag, which then closes the unit before
    /// (a tag that a line break cut off its paragraph).
    pub fn starts_with_tag(&self, unit: &str) -> bool {
        self.has_tag(unit, false)
    }

    /// True when a tag sits at the end (or the start) of `unit`. Most units have no tag's
    /// character at that edge, and are not folded at all; the others only at that edge.
    fn has_tag(&self, unit: &str, at_end: bool) -> bool {
        let unit = unit.trim();
        let edge = |s: &str| {
            if at_end {
                s.chars().next_back()
            } else {
                s.chars().next()
            }
        };
        let c = edge(unit).map(|c| c.to_ascii_lowercase());
        if !self.tags.iter().any(|t| edge(t) == c) {
            return false;
        }
        let reach = self.tag_reach().min(unit.len());
        let piece = if at_end {
            let mut from = unit.len() - reach;
            while !unit.is_char_boundary(from) {
                from += 1;
            }
            fold(&unit[from..])
        } else {
            let mut to = reach;
            while !unit.is_char_boundary(to) {
                to -= 1;
            }
            fold(&unit[..to])
        };
        self.tags.iter().any(|tag| {
            if at_end {
                piece.ends_with(tag.as_str())
            } else {
                piece.starts_with(tag.as_str())
            }
        })
    }

    /// How many bytes at a unit's edge can hold a tag: twice the longest, for spacing.
    fn tag_reach(&self) -> usize {
        self.tags.iter().map(|t| 2 * t.len() + 8).max().unwrap_or(0)
    }

    /// True when a whole line is exactly a heading the `[sections]` know ("What needs to
    /// improve?"), so that it stands as a heading even where the line before runs on.
    pub fn is_section_heading(&self, line: &str) -> bool {
        let line = fold(line.trim().trim_end_matches(['?', ':']));
        self.sections.iter().any(|(phrase, _)| *phrase == line)
    }

    /// True when a whole line is page furniture (a sign-off, an address, site chrome).
    /// Furniture is short: lines longer than [`FURNITURE_MAX_BYTES`] are never furniture,
    /// which keeps the patterns off long paragraphs.
    pub fn is_furniture(&self, line: &str) -> bool {
        let line = line.trim();
        line.len() <= FURNITURE_MAX_BYTES && self.furniture.is_match(line)
    }

    /// True when a sentence of prose is publisher's boilerplate (what Ofsted is, how to
    /// reuse the report), matched with its white space folded.
    pub fn is_boilerplate(&self, sentence: &str) -> bool {
        let trimmed = sentence.trim().as_bytes();
        let (Some(&first), Some(&last)) = (trimmed.first(), trimmed.last()) else {
            return self.boilerplate.is_match("");
        };
        // Folding white space keeps the first and last bytes: most sentences are ruled out
        // by them before they are folded.
        if !self.boilerplate.may_match(first, last) {
            return false;
        }
        self.boilerplate.is_match(&fold_spaces(sentence))
    }

    /// True when every sentence under `heading` is boilerplate ("What the inspection
    /// judgements mean").
    pub fn is_boilerplate_section(&self, heading: &str) -> bool {
        let heading = fold(heading);
        self.boilerplate_sections
            .iter()
            .any(|phrase| heading.contains(phrase.as_str()))
    }
}

fn starts_word(text: &str, at: usize) -> bool {
    let first = text[at..].chars().next();
    let before = text[..at].chars().next_back();
    !(is_word(before) && is_word(first))
}

fn ends_word(text: &str, at: usize) -> bool {
    let last = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    !(is_word(last) && is_word(after))
}

fn word_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| from + i)
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Lower-cases and folds runs of white space to one space, the form phrases are compared in.
fn fold(text: &str) -> String {
    fold_spaces(text).to_lowercase().replace('’', "'")
}

/// Merges lexicon files, in order, into one [`Lexicon`].
#[derive(Clone, Debug)]
pub struct LexiconBuilder {
    phrases: BTreeMap<String, Entry>,
    sections: Vec<(String, SectionRole)>,
    furniture: Vec<String>,
    grades: Vec<String>,
    tags: Vec<String>,
    boilerplate: Vec<String>,
    boilerplate_sections: Vec<String>,
    window: usize,
    name: String,
    hash: u64,
}

impl LexiconBuilder {
    /// A builder with nothing in it (not even the default lexicon).
    pub fn empty() -> LexiconBuilder {
        LexiconBuilder {
            phrases: BTreeMap::new(),
            sections: Vec::new(),
            furniture: Vec::new(),
            grades: Vec::new(),
            tags: Vec::new(),
            boilerplate: Vec::new(),
            boilerplate_sections: Vec::new(),
            window: 4,
            name: String::from("unnamed"),
            hash: shard::FNV1A64_START,
        }
    }

    /// Merges one lexicon file over what is there: its phrases replace earlier definitions
    /// of the same phrase, its lists extend earlier lists, its `[remove]` drops phrases.
    pub fn add(&mut self, file: &str, source: &str) -> Result<&mut LexiconBuilder, LexiconError> {
        let spec: FileSpec = toml::from_str(source).map_err(|e| LexiconError {
            file: file.to_string(),
            line: e.span().map(|s| line_of(source, s.start)),
            entry: None,
            message: e.message().trim().to_string(),
        })?;
        let at = |span: std::ops::Range<usize>, entry: &str, message: String| LexiconError {
            file: file.to_string(),
            line: Some(line_of(source, span.start)),
            entry: Some(entry.to_string()),
            message,
        };
        let mut next = self.clone();
        next.merge(file, source, spec, &at)?;
        // Each source, then a NUL, so that the same text split differently hashes differently.
        next.hash = shard::fnv1a64_extend(next.hash, source.as_bytes());
        next.hash = shard::fnv1a64_extend(next.hash, &[0]);
        *self = next;
        Ok(self)
    }

    fn merge(
        &mut self,
        file: &str,
        source: &str,
        spec: FileSpec,
        at: &dyn Fn(std::ops::Range<usize>, &str, String) -> LexiconError,
    ) -> Result<(), LexiconError> {
        if let Some(name) = spec.name {
            self.name = name;
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut define = |this: &mut LexiconBuilder,
                          phrase: &Spanned<String>,
                          role: Role,
                          weight: f32|
         -> Result<(), LexiconError> {
            let key = check_phrase(phrase, at)?;
            let line = line_of(source, phrase.span().start);
            if let Some(first) = seen.insert(key.clone(), line) {
                return Err(at(
                    phrase.span(),
                    phrase.get_ref(),
                    format!("duplicate phrase (first defined on line {first})"),
                ));
            }
            let origin = format!("{file}:{line}");
            this.phrases.insert(
                key.clone(),
                Entry {
                    phrase: key,
                    role,
                    weight,
                    origin,
                    grade: false,
                },
            );
            Ok(())
        };
        for group in &spec.cues {
            let class = group.class.get_ref();
            let label = Label::parse(class).ok_or_else(|| {
                at(
                    group.class.span(),
                    class,
                    "unknown class: use strength, weakness, recommendation or neutral".into(),
                )
            })?;
            let weight = match &group.weight {
                None => 1.0,
                Some(w) if w.get_ref().is_finite() && *w.get_ref() > 0.0 => *w.get_ref() as f32,
                Some(w) => {
                    return Err(at(
                        w.span(),
                        &w.get_ref().to_string(),
                        "weight must be a positive number".into(),
                    ));
                }
            };
            let role = Role::Cue {
                label,
                at_start: group.at_start,
                negates: group.negates,
            };
            for phrase in &group.phrases {
                define(self, phrase, role, weight)?;
            }
        }
        // Phrases that are not cues but mark negation, contrast, modality or context.
        let mut markers: Vec<(&Phrases, Role)> = Vec::new();
        if let Some(negation) = &spec.negation {
            markers.extend([
                (&negation.triggers, Role::Negator),
                (&negation.resolvers, Role::Resolver),
                (&negation.existential, Role::Existential),
                (&negation.pseudo, Role::Pseudo),
                (&negation.terminators, Role::Terminator),
            ]);
            if let Some(window) = &negation.window {
                if !(1..=20).contains(window.get_ref()) {
                    return Err(at(
                        window.span(),
                        "window",
                        "window must be between 1 and 20 words".into(),
                    ));
                }
                self.window = *window.get_ref();
            }
        }
        if let Some(contrast) = &spec.contrast {
            markers.extend([
                (&contrast.adversative, Role::Adversative),
                (&contrast.concessive, Role::Concessive),
            ]);
        }
        if let Some(modality) = &spec.modality {
            markers.push((&modality.hypothetical, Role::Hypothetical));
        }
        if let Some(context) = &spec.context {
            markers.extend([
                (&context.continues, Role::Continuation),
                (&context.past, Role::Past),
            ]);
            for phrase in &context.grades {
                self.grades.push(check_phrase(phrase, at)?);
            }
            for phrase in &context.recommendation_tags {
                self.tags.push(check_phrase(phrase, at)?);
            }
        }
        for (list, role) in markers {
            for phrase in list {
                define(self, phrase, role, 0.0)?;
            }
        }
        if let Some(sections) = &spec.sections {
            for (list, role) in [
                (&sections.recommendation, SectionRole::Recommendation),
                (&sections.neutral, SectionRole::Neutral),
                (&sections.strength, SectionRole::Strength),
            ] {
                for phrase in list {
                    let key = check_phrase(phrase, at)?;
                    self.sections.push((key, role));
                }
            }
        }
        if let Some(furniture) = &spec.furniture {
            for (patterns, into) in [
                (&furniture.lines, &mut self.furniture),
                (&furniture.sentences, &mut self.boilerplate),
            ] {
                for pattern in patterns {
                    // The default lexicon's patterns are only parsed (a unit test compiles
                    // them): each is compiled when a line first needs it.
                    let checked = match source == DEFAULT_SOURCE {
                        true => regex_syntax::Parser::new()
                            .parse(pattern.get_ref())
                            .map(|_| ())
                            .map_err(|e| e.to_string()),
                        _ => crate::furniture::check(pattern.get_ref()),
                    };
                    if let Err(e) = checked {
                        return Err(at(pattern.span(), pattern.get_ref(), e));
                    }
                    into.push(pattern.get_ref().clone());
                }
            }
            for phrase in &furniture.sections {
                let key = check_phrase(phrase, at)?;
                self.boilerplate_sections.push(key);
            }
        }
        if let Some(remove) = &spec.remove {
            for phrase in &remove.phrases {
                let key = check_phrase(phrase, at)?;
                if self.phrases.remove(&key).is_none() {
                    return Err(at(
                        phrase.span(),
                        phrase.get_ref(),
                        "removes nothing: no earlier file defines this phrase".into(),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Compiles case-insensitive patterns (checked one by one when they were added).
    fn patterns(&self, patterns: &[String], what: &str) -> Result<Furniture, LexiconError> {
        Furniture::new(patterns).map_err(|e| LexiconError {
            file: self.name.clone(),
            line: None,
            entry: None,
            message: format!("cannot compile the {what} patterns: {e}"),
        })
    }

    /// Compiles the merged entries into one automaton.
    pub fn build(&self) -> Result<Lexicon, LexiconError> {
        let entries: Vec<Entry> = self
            .phrases
            .values()
            .map(|entry| Entry {
                grade: self.grades.contains(&entry.phrase),
                ..entry.clone()
            })
            .collect();
        let mut patterns = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut taken: HashMap<String, usize> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            let (stem, wildcard) = match entry.phrase.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (entry.phrase.as_str(), false),
            };
            for variant in variants(stem) {
                // An explicit entry wins over another entry's generated variant.
                let explicit = variant == entry.phrase;
                match taken.get(&variant) {
                    Some(_) if !explicit => continue,
                    Some(&pattern) => patterns[pattern] = (index, wildcard),
                    None => {
                        taken.insert(variant.clone(), patterns.len());
                        patterns.push((index, wildcard));
                        texts.push(variant);
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            // A contiguous NFA rather than a DFA: the DFA's tables (about 1 MB) outgrow the
            // core's cache, and its dependent loads cost more than the NFA's extra steps
            // (user time on 12 MB of letters: 0.69-0.74 s with the DFA, 0.66-0.70 s); it
            // also builds in a fraction of the time.
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&texts)
            .map_err(|e| LexiconError {
                file: self.name.clone(),
                line: None,
                entry: None,
                message: format!("cannot compile the phrases: {e}"),
            })?;
        let furniture = self.patterns(&self.furniture, "furniture")?;
        let boilerplate = self.patterns(&self.boilerplate, "boilerplate")?;
        Ok(Lexicon {
            entries,
            patterns,
            automaton,
            sections: self.sections.clone(),
            furniture,
            boilerplate,
            boilerplate_sections: self.boilerplate_sections.clone(),
            tags: self.tags.clone(),
            window: self.window,
            name: self.name.clone(),
            checksum: shard::fingerprint_of(self.hash),
        })
    }
}

/// Validates a phrase and returns the folded form it is stored under.
fn check_phrase(
    phrase: &Spanned<String>,
    at: &dyn Fn(std::ops::Range<usize>, &str, String) -> LexiconError,
) -> Result<String, LexiconError> {
    let text = phrase.get_ref();
    let problem = if text.trim().is_empty() {
        Some("a phrase cannot be empty")
    } else if text.contains('\n') {
        Some("a phrase must fit on one line")
    } else if text.trim_end_matches('*').contains('*') {
        Some("a * wildcard may only end a phrase")
    } else {
        None
    };
    match problem {
        Some(message) => Err(at(phrase.span(), text, message.to_string())),
        None => Ok(fold(text)),
    }
}

/// The spellings a phrase also matches: hyphen as space, as nothing, as U+2011; ’ for '.
fn variants(phrase: &str) -> Vec<String> {
    let mut out = vec![phrase.to_string()];
    if phrase.contains('-') {
        for joiner in [" ", "", "\u{2011}"] {
            out.push(phrase.replace('-', joiner));
        }
    }
    if phrase.contains('\'') {
        let curly: Vec<String> = out.iter().map(|v| v.replace('\'', "’")).collect();
        out.extend(curly);
    }
    let respelled: Vec<String> = out.iter().filter_map(|v| respell(v)).collect();
    out.extend(respelled);
    out.dedup();
    out
}

/// British and American spellings of the same ending: -ise/-ize, -yse/-yze.
const SPELLINGS: &[(&str, &str)] = &[
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("isers", "izers"),
    ("iser", "izer"),
    ("ise", "ize"),
    ("ysing", "yzing"),
    ("ysed", "yzed"),
    ("yses", "yzes"),
    ("yse", "yze"),
];

/// `phrase` with every word that ends in one spelling of [`SPELLINGS`] in the other, or
/// `None` when no word does ("prioritised" -> "prioritized", "organization" ->
/// "organisation").
fn respell(phrase: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<String> = phrase
        .split(' ')
        .map(|word| {
            let swap = SPELLINGS.iter().find_map(|&(s, z)| {
                let (stem, other) = match word.strip_suffix(s) {
                    Some(stem) => (stem, z),
                    None => (word.strip_suffix(z)?, s),
                };
                // Short words are other words: "rise", "size", "wise".
                (stem.len() >= 3).then(|| format!("{stem}{other}"))
            });
            changed |= swap.is_some();
            swap.unwrap_or_else(|| word.to_string())
        })
        .collect();
    changed.then(|| words.join(" "))
}

fn line_of(source: &str, byte: usize) -> usize {
    memchr::memchr_iter(b'\n', &source.as_bytes()[..byte.min(source.len())]).count() + 1
}

type Phrases = Vec<Spanned<String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    name: Option<String>,
    #[serde(default)]
    cues: Vec<CueGroupSpec>,
    negation: Option<NegationSpec>,
    contrast: Option<ContrastSpec>,
    modality: Option<ModalitySpec>,
    context: Option<ContextSpec>,
    sections: Option<SectionsSpec>,
    furniture: Option<FurnitureSpec>,
    remove: Option<RemoveSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueGroupSpec {
    class: Spanned<String>,
    weight: Option<Spanned<f64>>,
    #[serde(default)]
    at_start: bool,
    #[serde(default)]
    negates: bool,
    #[allow(dead_code)] // A note is for the human reader of the file.
    note: Option<String>,
    phrases: Phrases,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NegationSpec {
    #[serde(default)]
    triggers: Phrases,
    #[serde(default)]
    resolvers: Phrases,
    #[serde(default)]
    existential: Phrases,
    #[serde(default)]
    pseudo: Phrases,
    #[serde(default)]
    terminators: Phrases,
    window: Option<Spanned<usize>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContrastSpec {
    #[serde(default)]
    adversative: Phrases,
    #[serde(default)]
    concessive: Phrases,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModalitySpec {
    #[serde(default)]
    hypothetical: Phrases,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextSpec {
    #[serde(default)]
    continues: Phrases,
    #[serde(default)]
    past: Phrases,
    #[serde(default)]
    grades: Phrases,
    #[serde(default)]
    recommendation_tags: Phrases,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionsSpec {
    #[serde(default)]
    recommendation: Phrases,
    #[serde(default)]
    strength: Phrases,
    #[serde(default)]
    neutral: Phrases,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FurnitureSpec {
    #[serde(default)]
    lines: Phrases,
    #[serde(default)]
    sentences: Phrases,
    #[serde(default)]
    sections: Phrases,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RemoveSpec {
    phrases: Phrases,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(extra: &str) -> Result<Lexicon, LexiconError> {
        let mut builder = Lexicon::builder();
        builder.add("extra.toml", extra)?;
        builder.build()
    }

    fn matched<'t>(lexicon: &Lexicon, text: &'t str) -> Vec<&'t str> {
        lexicon.find(text).iter().map(|h| h.span.of(text)).collect()
    }

    #[test]
    fn default_lexicon_builds() {
        let lexicon = Lexicon::default();
        assert!(lexicon.entries().len() > 100);
        // Its furniture patterns are compiled only when a line needs them: check them all.
        let spec: toml::Table = toml::from_str(DEFAULT_SOURCE).unwrap();
        for list in ["lines", "sentences"] {
            for pattern in spec["furniture"][list].as_array().unwrap() {
                crate::furniture::check(pattern.as_str().unwrap()).unwrap();
            }
        }
        assert!(lexicon.checksum().starts_with("fnv1a64:"));
    }

    #[test]
    fn longest_phrase_wins_and_words_must_be_whole() {
        let lexicon = with(
            r#"
            [[cues]]
            class = "strength"
            phrases = ["effectivex", "highly effectivex"]
            "#,
        )
        .unwrap();
        let text = "A highly effectivex team, ineffectivex work, effectivexness.";
        assert_eq!(matched(&lexicon, text), ["highly effectivex"]);
    }

    #[test]
    fn hyphen_and_apostrophe_variants_match() {
        let lexicon = with(
            r#"
            [[cues]]
            class = "strength"
            phrases = ["zz-agency work", "child's zzvoice"]
            "#,
        )
        .unwrap();
        let text = "zz agency work, zzagency work, zz\u{2011}agency work and child’s zzvoice";
        assert_eq!(matched(&lexicon, text).len(), 4);
    }

    #[test]
    fn ise_and_ize_spellings_match_each_other() {
        let lexicon = with(
            r#"
            [[cues]]
            class = "strength"
            phrases = ["zzprioritise", "zzrecognized", "zzorganisation", "zzanalysed", "rise"]
            "#,
        )
        .unwrap();
        let text = "zzprioritize, zzrecognised, zzorganization, zzanalyzed, rize";
        assert_eq!(
            matched(&lexicon, text),
            [
                "zzprioritize",
                "zzrecognised",
                "zzorganization",
                "zzanalyzed"
            ]
        );
        assert_eq!(respell("wise size"), None);
        assert_eq!(
            respell("well organised services").as_deref(),
            Some("well organized services")
        );
    }

    #[test]
    fn a_rejected_match_does_not_hide_a_phrase_inside_it() {
        let lexicon = with(
            "[[cues]]\nclass = \"weakness\"\nphrases = [\"zz is no\", \"not zzsufficient\"]\n",
        )
        .unwrap();
        assert_eq!(
            matched(&lexicon, "there zz is not zzsufficient help"),
            ["not zzsufficient"]
        );
    }

    #[test]
    fn wildcard_extends_to_the_end_of_the_word() {
        let lexicon = with("[[cues]]\nclass = \"weakness\"\nphrases = [\"zzdelay*\"]\n").unwrap();
        assert_eq!(matched(&lexicon, "with zzdelayed plans"), ["zzdelayed"]);
    }

    #[test]
    fn errors_name_file_line_and_entry() {
        let err =
            with("[[cues]]\nclass = \"weakness\"\nphrases = [\n  \"zzlate\",\n  \"zzlate\",\n]\n")
                .unwrap_err();
        assert_eq!(err.file, "extra.toml");
        assert_eq!(err.line, Some(5));
        assert_eq!(err.entry.as_deref(), Some("zzlate"));
        assert!(
            err.to_string()
                .starts_with("extra.toml:5: entry \"zzlate\": duplicate")
        );

        let err = with("[[cues]]\nclass = \"glowing\"\nphrases = [\"x\"]\n").unwrap_err();
        assert_eq!((err.line, err.entry.as_deref()), (Some(2), Some("glowing")));

        let err = with("[furniture]\nlines = ['(unclosed']\n").unwrap_err();
        assert_eq!(err.line, Some(2));

        // Parses, but is too big to compile: a user's pattern is compiled when it is read.
        let err = with("[furniture]\nlines = [\n  '(?:\\w{100}){100}',\n]\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");

        let err = with("[[cues]]\nclass = \"weakness\"\nphrase = [\"x\"]\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
    }

    #[test]
    fn later_files_replace_and_remove_phrases() {
        let lexicon = with(
            r#"
            [[cues]]
            class = "weakness"
            weight = 3.0
            phrases = ["effective"]
            [remove]
            phrases = ["timely"]
            "#,
        )
        .unwrap();
        let hits = lexicon.find("effective and timely");
        assert_eq!(hits.len(), 1);
        let entry = &lexicon.entries()[hits[0].entry];
        assert_eq!(entry.weight, 3.0);
        assert!(matches!(
            entry.role,
            Role::Cue {
                label: Label::Weakness,
                ..
            }
        ));
        assert!(entry.origin.starts_with("extra.toml:"));

        let err = with("[remove]\nphrases = [\"zznothing\"]\n").unwrap_err();
        assert!(err.message.contains("removes nothing"));
    }

    #[test]
    fn checksum_changes_with_the_sources() {
        let plain = Lexicon::default();
        let extended = with("[[cues]]\nclass = \"strength\"\nphrases = [\"zzz\"]\n").unwrap();
        assert_ne!(plain.checksum(), extended.checksum());
        assert_eq!(plain.checksum(), Lexicon::default().checksum());
    }
}
