//! Classify: give each unit a [`Label`], with the evidence for it.
//!
//! The lexicon is matched once over the whole document (one automaton pass); each unit then
//! takes the hits inside it and weighs them, in this order:
//!
//! 1. **Structure first.** Headings and furniture are neutral. A unit under a heading the
//!    lexicon marks as a recommendation section ("What needs to improve?") is a
//!    recommendation, even a bare noun phrase; under a neutral section (grade descriptors,
//!    "Information about this inspection") it is neutral.
//! 2. **Cues.** Each matched phrase adds its weight to its class. A leading imperative
//!    ("Ensure that...") counts only when it opens the unit.
//! 3. **Negation** (NegEx style). A negation trigger ("not", "no evidence of", "none of")
//!    reaches forward a few words, until a terminator ("which", ";") or a contrast marker. A
//!    negated strength counts as a weakness ("not effective"), a negated weakness as a
//!    strength ("no evidence of drift or delay"). Limiters ("not always", "not yet") are
//!    weaknesses in themselves and negate what follows them.
//! 4. **Contrast and modality.** After "but" or "however" the clause that follows carries the
//!    label; a concessive clause ("Although caseloads have fallen, ...") yields to the main
//!    clause, and so does a hypothetical one, which states a goal or a condition rather than a
//!    finding ("... to ensure that all children receive an effective service"). Cues in the
//!    yielding part keep a quarter of their weight.
//! 5. **Decision.** A recommendation score of at least 1 that is at least half the larger
//!    evaluative score makes a recommendation (the directive is the point of such a
//!    sentence). Otherwise the larger of strength and weakness wins; on a tie, the class of
//!    the last cue that did not yield. With no evidence at all, the unit is neutral, or a
//!    strength under a strengths heading. A unit that opens with "However," and has no
//!    evidence of its own takes the opposite of the unit before it (a weakness, unless the
//!    unit before was one); one that opens with "This..." ("This means that...") carries on
//!    the label of the unit before. A unit that ends with a recommendation tag ("...
//!    (Recommendation)", or the tag cut off onto the next line) is a recommendation: the
//!    report marks it as the ground of one.
//! 6. **Context of an earlier inspection.** In a unit that names an earlier inspection ("At
//!    the last inspection, services were judged inadequate"), grade words are context, not
//!    findings, and count for nothing.
//! 7. **Clauses.** Each clause (split at "but"/"however" and at a concessive clause's edge)
//!    is also weighed alone; when two clauses carry different findings, the unit lists them
//!    ([`Finding::clauses`]), so that both halves of "Caseloads have fallen, but plans remain
//!    weak" can be seen.
//!
//! Every [`Cue`] records its span, class, weight, whether it was negated and whether it
//! yielded, so a label can always be explained.

use serde::Serialize;

use crate::document::{Label, Span};
use crate::lexicon::{Hit, Lexicon, Role, SectionRole};
use crate::segment::{Sentence, UnitKind};

/// What the classifier found in one unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The label the evidence supports.
    pub label: Label,
    /// The share of the evidence behind the label (1 when structure decided it).
    pub confidence: f32,
    /// The evidence per class.
    pub scores: Scores,
    /// What decided the label.
    pub reason: Reason,
    /// The matched phrases, in text order.
    pub cues: Vec<Cue>,
    /// Clause-level findings, in text order, when the unit holds two findings: listed only
    /// when its clauses, weighed alone, carry two or more different labels other than
    /// neutral ("Caseloads have fallen, but plans remain weak"); empty otherwise, when the
    /// unit's label speaks for all of it.
    pub clauses: Vec<Clause>,
}

/// One clause of a unit and the label its own cues support.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clause {
    /// Byte span of the clause (trimmed of spaces and the commas around it).
    pub span: Span,
    /// The label of its cues, weighed alone, at full weight (neutral without evidence).
    pub label: Label,
    /// True when it yields to the main clause (concessive, or before "but").
    pub yielded: bool,
}

/// Summed cue weights per class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Evidence for a strength.
    pub strength: f32,
    /// Evidence for a weakness.
    pub weakness: f32,
    /// Evidence for a recommendation.
    pub recommendation: f32,
}

impl Scores {
    fn add(&mut self, label: Label, weight: f32) {
        match label {
            Label::Strength => self.strength += weight,
            Label::Weakness => self.weakness += weight,
            Label::Recommendation => self.recommendation += weight,
            Label::Neutral => {}
        }
    }

    fn total(&self) -> f32 {
        self.strength + self.weakness + self.recommendation
    }

    /// The evidence for `label` (none for neutral).
    pub fn of(&self, label: Label) -> f32 {
        match label {
            Label::Strength => self.strength,
            Label::Weakness => self.weakness,
            Label::Recommendation => self.recommendation,
            Label::Neutral => 0.0,
        }
    }
}

/// What decided a unit's label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The cues, weighed.
    Cues,
    /// No cue matched.
    NoCues,
    /// The unit is a heading.
    Heading,
    /// The unit is page or site furniture.
    Furniture,
    /// The section heading the unit sits under.
    Section,
    /// The unit opens with "However," and says nothing evaluative of its own: it contrasts
    /// with the unit before (a weakness after anything but a weakness).
    Contrast,
    /// The unit opens with "This..." ("This means that...") and says nothing evaluative of
    /// its own: it carries on the label of the unit before.
    Continuation,
    /// The unit ends with a recommendation tag ("... (Recommendation)"), by which a report
    /// marks the paragraph that led to a recommendation.
    Tag,
}

impl Reason {
    /// The name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Cues => "cues",
            Reason::NoCues => "no_cues",
            Reason::Heading => "heading",
            Reason::Furniture => "furniture",
            Reason::Section => "section",
            Reason::Contrast => "contrast",
            Reason::Continuation => "continuation",
            Reason::Tag => "tag",
        }
    }
}

/// How a cue came to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A lexicon phrase, as matched.
    Phrase,
    /// A leading imperative that opens the unit.
    Imperative,
    /// A limiter: a shortfall in itself, and it negates what follows.
    Limiter,
    /// A mask: context that contains cue words but counts for nothing.
    Mask,
    /// A negation that negated no cue: a weak weakness of its own.
    Negation,
}

impl Rule {
    /// The name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Phrase => "phrase",
            Rule::Imperative => "imperative",
            Rule::Limiter => "limiter",
            Rule::Mask => "mask",
            Rule::Negation => "negation",
        }
    }
}

/// One piece of evidence: a matched phrase and what it counted for.
#[derive(Clone, Debug, PartialEq)]
pub struct Cue {
    /// Byte span of the matched text.
    pub span: Span,
    /// The class it counted for (after negation).
    pub label: Label,
    /// The weight it counted with (after contrast).
    pub weight: f32,
    /// True when a negation in scope flipped it.
    pub negated: bool,
    /// True when it sat in a clause that yields (concessive, or before "but").
    pub yielded: bool,
    /// How it came to count.
    pub rule: Rule,
    /// Index of the lexicon entry it matched.
    pub entry: usize,
}

/// Weight kept by a cue in a yielding clause.
const YIELD_FACTOR: f32 = 0.25;

/// Labels units with a lexicon.
#[derive(Clone, Copy, Debug)]
pub struct Classifier<'l> {
    lexicon: &'l Lexicon,
}

impl<'l> Classifier<'l> {
    /// A classifier over `lexicon`.
    pub fn new(lexicon: &'l Lexicon) -> Classifier<'l> {
        Classifier { lexicon }
    }

    /// The lexicon it classifies with.
    pub fn lexicon(&self) -> &'l Lexicon {
        self.lexicon
    }

    /// One finding per unit, in order: one lexicon pass over `text`, then per-unit rules.
    pub fn classify(&self, text: &str, units: &[Sentence]) -> Vec<Finding> {
        let hits = self.lexicon.find(text);
        let mut next = 0;
        let mut previous = None;
        // Units of one section are consecutive: look each heading's role up once.
        let mut section: Option<(Span, Option<SectionRole>)> = None;
        units
            .iter()
            .enumerate()
            .map(|(i, unit)| {
                while next < hits.len() && hits[next].span.start < unit.span.start {
                    next += 1;
                }
                let first = next;
                while next < hits.len() && hits[next].span.end <= unit.span.end {
                    next += 1;
                }
                let role = unit.section.and_then(|heading| match section {
                    Some((seen, role)) if seen == heading => role,
                    _ => {
                        let role = self.lexicon.section_role(heading.of(text));
                        section = Some((heading, role));
                        role
                    }
                });
                let tagged = self.lexicon.ends_with_tag(unit.span.of(text))
                    || units
                        .get(i + 1)
                        .is_some_and(|n| self.lexicon.starts_with_tag(n.span.of(text)));
                let context = Context {
                    role,
                    previous,
                    tagged,
                };
                let finding = self.decide(text, unit, &hits[first..next], context);
                previous = match unit.kind {
                    UnitKind::Heading => None,
                    _ => Some(finding.label),
                };
                finding
            })
            .collect()
    }

    /// Classifies one piece of text as a single unit of `kind`, under a heading `section`.
    pub fn classify_text(&self, text: &str, kind: UnitKind, section: Option<&str>) -> Finding {
        let hits = self.lexicon.find(text);
        let context = Context {
            role: section.and_then(|s| self.lexicon.section_role(s)),
            previous: None,
            tagged: self.lexicon.ends_with_tag(text),
        };
        let unit = Sentence {
            span: Span::new(0, text.len()),
            kind,
            section: None,
        };
        self.decide(text, &unit, &hits, context)
    }

    fn decide(&self, text: &str, unit: &Sentence, hits: &[Hit], context: Context) -> Finding {
        let Context {
            role,
            previous,
            tagged,
        } = context;
        let structural = match unit.kind {
            UnitKind::Furniture => Some(Reason::Furniture),
            _ if tagged => None,
            UnitKind::Heading => Some(Reason::Heading),
            _ if role == Some(SectionRole::Neutral) => Some(Reason::Section),
            _ => None,
        };
        if let Some(reason) = structural {
            return Finding {
                label: Label::Neutral,
                confidence: 1.0,
                scores: Scores::default(),
                reason,
                cues: Vec::new(),
                clauses: Vec::new(),
            };
        }
        let (cues, clauses) = self.weigh(text, unit.span, hits);
        let mut scores = Scores::default();
        for cue in &cues {
            scores.add(cue.label, cue.weight);
        }
        let opener = self.opener(text, unit.span, hits);
        let (label, reason) = match role {
            _ if tagged => (Label::Recommendation, Reason::Tag),
            Some(SectionRole::Recommendation) => (Label::Recommendation, Reason::Section),
            _ => match (verdict(&scores, &cues), opener, previous) {
                (Some(label), _, _) => (label, Reason::Cues),
                (None, Some(Role::Adversative), _) => {
                    let label = match previous {
                        Some(Label::Weakness) => Label::Strength,
                        _ => Label::Weakness,
                    };
                    (label, Reason::Contrast)
                }
                (None, Some(Role::Continuation), Some(before)) if before != Label::Neutral => {
                    (before, Reason::Continuation)
                }
                _ if role == Some(SectionRole::Strength) => (Label::Strength, Reason::Section),
                _ => (Label::Neutral, Reason::NoCues),
            },
        };
        let clauses = if reason == Reason::Cues {
            clauses
        } else {
            Vec::new()
        };
        let confidence = match reason {
            Reason::Cues if scores.total() > 0.0 => scores.of(label) / scores.total(),
            _ => 1.0,
        };
        Finding {
            label,
            confidence,
            scores,
            reason,
            cues,
            clauses,
        }
    }

    /// The role of the phrase that opens the unit ("However,", "This means that"), if any.
    fn opener(&self, text: &str, unit: Span, hits: &[Hit]) -> Option<Role> {
        hits.first()
            .filter(|hit| opens(text, unit, hit.span))
            .map(|hit| self.lexicon.entries()[hit.entry].role)
    }

    /// Turns a unit's hits into cues (imperatives, negation scope, contrast and the context
    /// of an earlier inspection applied) and clause-level findings.
    fn weigh(&self, text: &str, unit: Span, hits: &[Hit]) -> (Vec<Cue>, Vec<Clause>) {
        let entries = self.lexicon.entries();
        let clauses = Clauses::of(text, unit, hits, entries);
        let past = hits.iter().any(|h| entries[h.entry].role == Role::Past);
        let window = self.lexicon.negation_window();
        let mut negation = Negation::default();
        let mut cues = Vec::new();
        for hit in hits {
            let entry = &entries[hit.entry];
            let (label, at_start, negates) = match entry.role {
                role @ (Role::Negator | Role::Resolver | Role::Existential) => {
                    negation.close(&mut cues, &clauses);
                    negation.open(*hit, role);
                    continue;
                }
                Role::Terminator if negation.existential => continue,
                Role::Pseudo | Role::Continuation => continue,
                Role::Past => (Label::Neutral, false, false),
                Role::Terminator | Role::Adversative | Role::Concessive | Role::Hypothetical => {
                    negation.close(&mut cues, &clauses);
                    continue;
                }
                Role::Cue { at_start, .. } if past && entry.grade => {
                    (Label::Neutral, at_start, false)
                }
                Role::Cue {
                    label,
                    at_start,
                    negates,
                } => (label, at_start, negates),
            };
            if at_start && !opens(text, unit, hit.span) {
                continue;
            }
            let negated = label != Label::Neutral && negation.reaches(text, hit.span, window);
            if negated {
                negation.used(hit.span);
            }
            let flipped = match (label, negated) {
                (Label::Strength, true) => Label::Weakness,
                (Label::Weakness, true) => Label::Strength,
                (other, _) => other,
            };
            let yielded = clauses.yields(hit.span);
            let rule = match (label, at_start, negates) {
                (Label::Neutral, _, _) => Rule::Mask,
                (_, true, _) => Rule::Imperative,
                (_, _, true) => Rule::Limiter,
                _ => Rule::Phrase,
            };
            let weight = match (label, yielded) {
                (Label::Neutral, _) => 0.0,
                (_, true) => entry.weight * YIELD_FACTOR,
                (_, false) => entry.weight,
            };
            cues.push(Cue {
                span: hit.span,
                label: flipped,
                weight,
                negated,
                yielded,
                rule,
                entry: hit.entry,
            });
            if negates {
                negation.close(&mut cues, &clauses);
                negation.limit(hit.span);
            }
        }
        negation.close(&mut cues, &clauses);
        let found = clauses.findings(text, unit, &cues, entries);
        (cues, found)
    }
}

/// What the units around a unit, and its heading, make of it.
#[derive(Clone, Copy)]
struct Context {
    /// The role of the heading it sits under.
    role: Option<SectionRole>,
    /// The label of the unit before, unless a heading came between.
    previous: Option<Label>,
    /// True when a recommendation tag closes it.
    tagged: bool,
}

/// Weight of a negation that negated no cue: "Leaders have not maintained the standard".
const BARE_NEGATION_WEIGHT: f32 = 0.5;

/// The negation in force while a unit's hits are read, NegEx style.
///
/// A trigger reaches forward `window` words and negates the first cue it meets; after that
/// it carries on only through coordination ("no drift or delay"), so that "not consistently
/// considered, and previous concerns are..." does not negate "concerns". A trigger that
/// negated nothing is a weak weakness cue of its own when it closes, unless it is a
/// resolver ("address"). An existential trigger ("no child", "found no evidence of")
/// reaches to the end of its clause instead, past relative clauses and the window.
#[derive(Default)]
struct Negation {
    /// The trigger in force, if any.
    trigger: Option<Hit>,
    /// True when the trigger counts as a weak weakness if it negates nothing.
    counts_alone: bool,
    /// True when the trigger is existential: it reaches to the end of its clause.
    existential: bool,
    /// Where its reach is measured from: the trigger's end, or the last cue it negated.
    from: usize,
    /// True once it has negated a cue.
    used: bool,
    /// True when a limiter opened it (a limiter is a cue already).
    limiter: bool,
    /// True once it has failed to reach a cue: the gap only grows from there, so it never
    /// reaches another (and a long unit is not rescanned from the trigger for every cue).
    spent: bool,
}

impl Negation {
    fn open(&mut self, trigger: Hit, role: Role) {
        *self = Negation {
            trigger: Some(trigger),
            counts_alone: role != Role::Resolver,
            existential: role == Role::Existential,
            from: trigger.span.end,
            used: false,
            limiter: false,
            spent: false,
        };
    }

    fn limit(&mut self, limiter: Span) {
        *self = Negation {
            from: limiter.end,
            limiter: true,
            ..Negation::default()
        };
    }

    fn reaches(&mut self, text: &str, cue: Span, window: usize) -> bool {
        if (self.trigger.is_none() && !self.limiter) || self.spent {
            return false;
        }
        let gap = &text[self.from..cue.start];
        let reaches = if self.used {
            coordinated(gap)
        } else if self.existential {
            !gap.contains([',', '.', ';', ':', '!', '?'])
        } else {
            in_scope(gap, window)
        };
        self.spent = !reaches;
        reaches
    }

    fn used(&mut self, cue: Span) {
        self.used = true;
        self.from = cue.end;
    }

    /// Ends the negation; a trigger that negated nothing becomes a weak weakness cue.
    fn close(&mut self, cues: &mut Vec<Cue>, clauses: &Clauses) {
        if let (Some(trigger), false, true) = (self.trigger, self.used, self.counts_alone) {
            let yielded = clauses.yields(trigger.span);
            let weight = BARE_NEGATION_WEIGHT * if yielded { YIELD_FACTOR } else { 1.0 };
            cues.push(Cue {
                span: trigger.span,
                label: Label::Weakness,
                weight,
                negated: false,
                yielded,
                rule: Rule::Negation,
                entry: trigger.entry,
            });
        }
        *self = Negation::default();
    }
}

/// True when only coordination separates two cues: "or", "nor", "and", commas.
fn coordinated(gap: &str) -> bool {
    let words: Vec<&str> = gap
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    words.len() <= 2
        && words.iter().all(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "or" | "nor" | "and" | "either"
            )
        })
}

/// The label the scores support, or `None` when there is no evidence.
fn verdict(scores: &Scores, cues: &[Cue]) -> Option<Label> {
    let evaluative = scores.strength.max(scores.weakness);
    if scores.recommendation >= 1.0 && scores.recommendation >= 0.5 * evaluative {
        return Some(Label::Recommendation);
    }
    if evaluative == 0.0 {
        return (scores.recommendation > 0.0).then_some(Label::Recommendation);
    }
    if scores.strength != scores.weakness {
        return Some(if scores.strength > scores.weakness {
            Label::Strength
        } else {
            Label::Weakness
        });
    }
    cues.iter()
        .rev()
        .filter(|c| !c.yielded && matches!(c.label, Label::Strength | Label::Weakness))
        .chain(cues.iter().rev())
        .map(|c| c.label)
        .find(|l| matches!(l, Label::Strength | Label::Weakness))
}

/// True when `span` opens the unit (only quotes or brackets before it).
fn opens(text: &str, unit: Span, span: Span) -> bool {
    text[unit.start..span.start]
        .chars()
        .all(|c| matches!(c, '"' | '\'' | '“' | '‘' | '(' | '['))
}

/// True when a negation whose trigger ended where `gap` starts still reaches past `gap`.
fn in_scope(gap: &str, window: usize) -> bool {
    if gap.contains(['.', ';', ':', '!', '?', '(', ')']) {
        return false;
    }
    let words = gap
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
        .filter(|w| !w.is_empty())
        .count();
    words <= window
}

/// The clauses of a unit, and the parts that yield to the main clause.
struct Clauses {
    /// Cues ending before this byte precede the last "but"/"however" and yield.
    emphasis_from: usize,
    /// Concessive and hypothetical clauses, which yield, in order of their starts.
    yielding: Vec<Span>,
    /// The furthest end among `yielding[..=i]`, so that a lookup is a binary search.
    reach: Vec<usize>,
    /// Hypothetical clauses (goals, conditions), which are no finding; in text order, and
    /// their ends never fall.
    hypothetical: Vec<Span>,
    /// Where clauses begin after the first: at "but"/"however" and a concessive clause's edges.
    bounds: Vec<usize>,
}

impl Clauses {
    fn of(text: &str, unit: Span, hits: &[Hit], entries: &[crate::lexicon::Entry]) -> Clauses {
        let mut emphasis_from = unit.start;
        let mut yielding = Vec::new();
        let mut hypothetical = Vec::new();
        let mut bounds = Vec::new();
        let mut concessive = false;
        // The first comma or semicolon found after a clause opener: clauses open in text
        // order, so each search starts where the one before stopped.
        let mut stop: Option<usize> = None;
        let mut end_of_clause = |from: usize| match stop {
            Some(at) if at >= from => at,
            _ => *stop.insert(clause_end(text, from, unit.end)),
        };
        for hit in hits {
            match entries[hit.entry].role {
                Role::Adversative if !opens(text, unit, hit.span) => {
                    emphasis_from = hit.span.start;
                    bounds.push(hit.span.start);
                }
                Role::Concessive if !concessive => {
                    concessive = true;
                    let end = if opens(text, unit, hit.span) {
                        end_of_clause(hit.span.end)
                    } else {
                        unit.end
                    };
                    bounds.extend([hit.span.start, end]);
                    yielding.push(Span::new(hit.span.start, end));
                }
                Role::Hypothetical => {
                    let clause = Span::new(hit.span.start, end_of_clause(hit.span.end));
                    yielding.push(clause);
                    hypothetical.push(clause);
                }
                _ => {}
            }
        }
        bounds.retain(|&b| b > unit.start && b < unit.end);
        bounds.sort_unstable();
        bounds.dedup();
        let reach = yielding
            .iter()
            .scan(0, |furthest, c| {
                *furthest = c.end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        Clauses {
            emphasis_from,
            yielding,
            reach,
            hypothetical,
            bounds,
        }
    }

    /// True when `span` ends before the emphasis or lies inside a yielding clause.
    fn yields(&self, span: Span) -> bool {
        let opened = self.yielding.partition_point(|c| c.start <= span.start);
        span.end <= self.emphasis_from || (opened > 0 && self.reach[opened - 1] >= span.end)
    }

    /// Each clause weighed alone, when two or more carry different findings; else nothing.
    fn findings(
        &self,
        text: &str,
        unit: Span,
        cues: &[Cue],
        entries: &[crate::lexicon::Entry],
    ) -> Vec<Clause> {
        if self.bounds.is_empty() {
            return Vec::new();
        }
        let starts = std::iter::once(unit.start).chain(self.bounds.iter().copied());
        let ends = self.bounds.iter().copied().chain(std::iter::once(unit.end));
        let spans: Vec<Option<Span>> = starts
            .zip(ends)
            .map(|(start, end)| trim_clause(text, Span::new(start, end)))
            .collect();
        // Each cue lies in at most one clause, found by binary search: cues are not all in
        // text order (a bare negation is placed when its scope closes).
        let mut inside: Vec<Vec<Cue>> = vec![Vec::new(); spans.len()];
        for cue in cues {
            let i = self.bounds.partition_point(|&b| b <= cue.span.start);
            if spans[i].is_some_and(|span| span.contains(cue.span)) {
                inside[i].push(Cue {
                    weight: self.clause_weight(cue, entries),
                    ..cue.clone()
                });
            }
        }
        let clauses: Vec<Clause> = spans
            .into_iter()
            .zip(inside)
            .filter_map(|(span, inside)| {
                let span = span?;
                let mut scores = Scores::default();
                for cue in &inside {
                    scores.add(cue.label, cue.weight);
                }
                Some(Clause {
                    span,
                    label: verdict(&scores, &inside).unwrap_or(Label::Neutral),
                    yielded: self.yields(span),
                })
            })
            .collect();
        let mut labels: Vec<Label> = clauses
            .iter()
            .map(|c| c.label)
            .filter(|&l| l != Label::Neutral)
            .collect();
        labels.sort_by_key(|l| l.index());
        labels.dedup();
        if labels.len() >= 2 {
            clauses
        } else {
            Vec::new()
        }
    }

    /// A cue's weight within its own clause: in full, except in a goal or condition, which
    /// is no finding.
    fn clause_weight(&self, cue: &Cue, entries: &[crate::lexicon::Entry]) -> f32 {
        let opened = self
            .hypothetical
            .partition_point(|h| h.start <= cue.span.start);
        if opened > 0 && self.hypothetical[opened - 1].end >= cue.span.end {
            return 0.0;
        }
        match cue.rule {
            Rule::Mask => 0.0,
            Rule::Negation => BARE_NEGATION_WEIGHT,
            _ => entries[cue.entry].weight,
        }
    }
}

/// `span` without the spaces and commas at its edges, or `None` when nothing is left.
fn trim_clause(text: &str, span: Span) -> Option<Span> {
    let piece = span.of(text);
    let edge = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '—' | '–');
    let start = span.start + (piece.len() - piece.trim_start_matches(edge).len());
    let end = span.start + piece.trim_end_matches(edge).len();
    (start < end).then(|| Span::new(start, end))
}

/// Where a clause that starts at `from` ends: the next comma or semicolon, or `end`.
fn clause_end(text: &str, from: usize, end: usize) -> usize {
    text[from..end].find([',', ';']).map_or(end, |i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str) -> Label {
        let lexicon = Lexicon::default();
        Classifier::new(&lexicon)
            .classify_text(text, UnitKind::Sentence, None)
            .label
    }

    #[test]
    fn negated_positives_are_weaknesses_and_negated_negatives_strengths() {
        assert_eq!(label("Plans are effective."), Label::Strength);
        assert_eq!(label("Plans are not effective."), Label::Weakness);
        assert_eq!(label("Assessments are not always timely."), Label::Weakness);
        assert_eq!(
            label("There was no evidence of drift or delay."),
            Label::Strength
        );
    }

    #[test]
    fn pseudo_negation_does_not_flip() {
        assert_eq!(
            label("Leaders are not only ambitious but also effective."),
            Label::Strength
        );
    }

    #[test]
    fn contrast_follows_the_main_clause() {
        assert_eq!(
            label("Although caseloads have fallen, plans remain weak."),
            Label::Weakness
        );
        assert_eq!(
            label("Caseloads have fallen, but plans remain weak."),
            Label::Weakness
        );
        assert_eq!(
            label("Some plans are weak, but most are effective and timely."),
            Label::Strength
        );
    }

    #[test]
    fn directives_are_recommendations_but_deficits_are_weaknesses() {
        assert_eq!(
            label("Leaders need to ensure that plans are effective."),
            Label::Recommendation
        );
        assert_eq!(
            label("Ensure that every child has a plan."),
            Label::Recommendation
        );
        assert_eq!(label("Further work is needed."), Label::Weakness);
        assert_eq!(
            label("Social workers ensure that children are seen."),
            Label::Neutral
        );
    }

    #[test]
    fn structure_decides_headings_furniture_and_sections() {
        let lexicon = Lexicon::default();
        let classifier = Classifier::new(&lexicon);
        let heading = classifier.classify_text("Areas of real strength", UnitKind::Heading, None);
        assert_eq!(
            (heading.label, heading.reason),
            (Label::Neutral, Reason::Heading)
        );
        let item = classifier.classify_text(
            "The quality of supervision.",
            UnitKind::ListItem,
            Some("What needs to improve?"),
        );
        assert_eq!(
            (item.label, item.reason),
            (Label::Recommendation, Reason::Section)
        );
    }

    #[test]
    fn goals_and_conditions_are_not_findings() {
        assert_eq!(
            label(
                "There is further work to be done to ensure that all children receive an effective service."
            ),
            Label::Weakness
        );
    }

    #[test]
    fn grades_about_a_previous_inspection_are_masked() {
        assert_eq!(
            label("In 2019 the service was judged to be inadequate."),
            Label::Neutral
        );
    }

    fn labels(text: &str) -> Vec<(Label, Reason)> {
        let lexicon = Lexicon::default();
        let units: Vec<Sentence> = text
            .split_inclusive(". ")
            .scan(0, |at, piece| {
                let span = Span::new(*at, *at + piece.trim_end().len());
                *at += piece.len();
                Some(Sentence {
                    span,
                    kind: UnitKind::Sentence,
                    section: None,
                })
            })
            .collect();
        Classifier::new(&lexicon)
            .classify(text, &units)
            .iter()
            .map(|f| (f.label, f.reason))
            .collect()
    }

    #[test]
    fn this_carries_on_the_unit_before() {
        assert_eq!(
            labels("Plans are not reviewed. This means that children's needs change unseen."),
            [
                (Label::Weakness, Reason::Cues),
                (Label::Weakness, Reason::Continuation)
            ]
        );
        assert_eq!(
            labels("Supervision is effective. This is appreciated by staff."),
            [
                (Label::Strength, Reason::Cues),
                (Label::Strength, Reason::Continuation)
            ]
        );
        // Evidence of its own wins; after a neutral unit, "This" is neutral too.
        assert_eq!(
            labels("Plans are weak. This is not yet embedded in practice.")[1].0,
            Label::Weakness
        );
        assert_eq!(
            labels("The service has 40 staff. This includes managers.")[1],
            (Label::Neutral, Reason::NoCues)
        );
    }

    #[test]
    fn a_tagged_unit_is_a_recommendation_and_the_tag_is_no_cue() {
        let text = "Managers do not monitor visits. Case records are weak. (Recommendation)";
        let found = labels(text);
        assert_eq!(found[0], (Label::Weakness, Reason::Cues));
        assert_eq!(found[1], (Label::Recommendation, Reason::Tag));
        // The tag cut off onto a line of its own still closes the unit before.
        assert_eq!(
            labels("Plans are weak. (Recommendation)")[0],
            (Label::Recommendation, Reason::Tag)
        );
        let lexicon = Lexicon::default();
        let finding = Classifier::new(&lexicon).classify_text(
            "Records are weak. (Recommendation)",
            UnitKind::Sentence,
            None,
        );
        assert!(finding.cues.iter().all(|c| {
            !c.span
                .of("Records are weak. (Recommendation)")
                .contains("ecommend")
        }));
    }

    #[test]
    fn grades_in_a_unit_about_an_earlier_inspection_are_context() {
        assert_eq!(
            label("At the last inspection, services were judged inadequate."),
            Label::Neutral
        );
        assert_eq!(
            label("At the last inspection in 2019, services for children in care were inadequate."),
            Label::Neutral
        );
        assert_eq!(
            label("Services for children in care are inadequate."),
            Label::Weakness
        );
        assert_eq!(
            label("Since the last inspection, plans have become weak."),
            Label::Weakness
        );
    }

    #[test]
    fn a_mixed_sentence_lists_both_clauses() {
        let lexicon = Lexicon::default();
        let classifier = Classifier::new(&lexicon);
        let clauses = |text: &'static str| {
            classifier
                .classify_text(text, UnitKind::Sentence, None)
                .clauses
                .iter()
                .map(|c| (c.span.of(text), c.label, c.yielded))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            clauses("Caseloads have fallen, but plans remain weak."),
            [
                ("Caseloads have fallen", Label::Strength, true),
                ("but plans remain weak.", Label::Weakness, false)
            ]
        );
        assert_eq!(
            clauses("Although caseloads have fallen, plans remain weak."),
            [
                ("Although caseloads have fallen", Label::Strength, true),
                ("plans remain weak.", Label::Weakness, false)
            ]
        );
        assert!(clauses("Plans are weak, but some are weaker.").is_empty());
        assert!(clauses("Plans are weak and late.").is_empty());
    }

    #[test]
    fn cues_carry_their_evidence() {
        let lexicon = Lexicon::default();
        let text = "Plans are not robust.";
        let finding = Classifier::new(&lexicon).classify_text(text, UnitKind::Sentence, None);
        let cue = &finding.cues[0];
        assert_eq!(cue.span.of(text), "robust");
        assert!(cue.negated);
        assert_eq!(cue.label, Label::Weakness);
        assert_eq!(finding.reason, Reason::Cues);
    }
}
