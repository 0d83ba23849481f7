//! Inspection: the headline facts of a document, read from the document itself: what kind
//! of document it is, which authority it is about, when the inspection took place, who led
//! it and what it judged.
//!
//! [`read`] is a pure function of the text. Every value comes with the byte [`Span`] of the
//! text it was read from ([`Found`]), so a reader can check it, and every field is `None`
//! when the document does not state it: a value is never guessed from the file name or from
//! what such documents usually say.
//!
//! # The fields, and how each is read
//!
//! - **[`Kind`]** comes from the title, the first line (near the top) that opens like an
//!   Ofsted title: "Inspection of Dorset local authority children’s services" (an ILACS
//!   report), "Inspection of services for children in need of help and protection, children
//!   looked after and care leavers" (a SIF report, 2013–2017, also "Re-inspection of…"),
//!   "Focused visit to…", "Monitoring visit to…", "Joint targeted area inspection of…",
//!   "Area SEND inspection of…". A document without such a title is a school report when it
//!   has a school report's headings ("What is it like to attend this school?", "The quality
//!   of education"), news when it has a byline, a "Published" line, a photo caption, "Press
//!   release" or reported speech ("Inspectors said"), and `other` otherwise (minutes; a blog,
//!   known by its "Categories:" line). ILACS standard and short inspections print the same
//!   report; the difference the report shows is the length of the inspection (short: one
//!   week on site, standard: two), so a report whose dates span at most [`SHORT_MAX_DAYS`]
//!   days is `ilacs_short`, any other (or one without dates) `ilacs_standard`.
//! - **Authority**: the name in the title ("Inspection of *North Northamptonshire* local
//!   authority children’s services", wrapped over lines or not; "Focused visit to *Eastmere*
//!   children’s services"; "Area SEND inspection of *Thornbury* Local Area Partnership"; a
//!   JTAI's "… in *Oakfield*"). Reports of 2013–2019 print the council's name above a generic
//!   title ("Bolton" / "Inspection of children’s social care services"), so there it is the
//!   lines just before the title. Line breaks inside a name become spaces.
//! - **Dates** come from the "Inspection date(s):" line or, in a letter, from the sentence
//!   that says when the visit took place ("… on 8 and 9 June 2021"). The date reader takes
//!   every form the reports print: "7 to 18 November 2022", "23 April 2018 to 04 May 2018",
//!   "9–24 November 2017", "27 February - 14 March 2015", a split inspection ("30 September
//!   to 11 October 2024 and 13 to 16 January 2025": the first and last days), an en dash lost
//!   in extraction ("0304 March 2015" is 3 to 4 March) and the news style "November 21,
//!   2017". A day or month left out takes the month and year of the date after it.
//!   **Published** is read only where the document states it: "Report published: 8 August
//!   2014" (SIF reports), a news page's "Published" or "Posted … on" line, or the date under
//!   its byline. ILACS reports and letters do not print their publication date, so it is
//!   null for them.
//! - **Lead inspector**: the "Lead inspector:" line (the name on it or on the next line), a
//!   school report's "Name, lead inspector", or the signature of a letter ("Yours sincerely"
//!   / name / "His Majesty’s Inspector"). The title ("His Majesty’s Inspector", "HMI") is
//!   not part of the name; a "Deputy lead inspector" is not the lead.
//! - **Judgements** ([`Judgements`], area to [`Grade`]) come from the judgement table, which
//!   text extraction prints either one cell per line ("Judgement" / "Grade" / a row label
//!   wrapped over two lines / "Good") or a row per line ("…with children and families  Good",
//!   the grade after a wide gap); a grade can wrap too ("Requires" / "improvement to be
//!   good"). A row's label decides its area by its words ([`Area::of_label`]). Areas the
//!   table lacks are read from the graded section headings of an ILACS report ("The
//!   experiences and progress of children in care: requires" / "improvement to be good").
//!   SIF reports state the overall judgement in a sentence ("Children’s services in X
//!   require improvement to be good", "The overall judgement is good") and the LSCB's in
//!   another; school reports in a table line ("Overall effectiveness  Good"). A SEND area
//!   report has no grades but one of three outcome sentences, read into
//!   [`Judgements::send_outcome`]. Letters (visits, JTAI) and news make no judgement.
//! - **Previous judgements**: a grade in prose is usually about an earlier inspection ("when
//!   services were judged to be inadequate"), so prose never gives a judgement. Where the
//!   earlier grades are stated plainly they go to [`Inspection::previous_judgements`]: a SIF
//!   re-inspection's list ("The judgements for the local authority were: …"), a school's
//!   "Previous inspection grade", and a letter's "At the last inspection …, X were judged to
//!   be good" or "since the local authority was judged inadequate".
//!
//! Most of this is read from the top of the document ([`HEAD_BYTES`]), where titles, dates
//! and tables are; a lead inspector, an LSCB judgement or a letter's signature can be
//! anywhere.

use std::fmt;
use std::sync::{LazyLock, OnceLock};

use regex::{CaptureMatches, Captures, Match, Regex};
use serde::Serialize;

use crate::document::{Span, fold_spaces};

/// How far into a document its title, dates and judgement table are looked for.
pub const HEAD_BYTES: usize = 6000;

/// The longest inspection, first to last day, that counts as an ILACS short inspection
/// (one week on site; a standard inspection is two).
pub const SHORT_MAX_DAYS: i64 = 7;

/// A value and the span of the text it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found<T> {
    /// What was read.
    pub value: T,
    /// Where, in bytes of the document's text.
    pub span: Span,
}

impl<T> Found<T> {
    fn new(value: T, span: Span) -> Found<T> {
        Found { value, span }
    }
}

/// What kind of document it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An ILACS report of a standard (two-week) inspection, 2018 onward.
    IlacsStandard,
    /// An ILACS report of a short (one-week) inspection.
    IlacsShort,
    /// A focused visit letter.
    FocusedVisit,
    /// A monitoring visit letter (to an authority judged inadequate).
    MonitoringVisit,
    /// A joint targeted area inspection letter.
    Jtai,
    /// An area SEND inspection report.
    SendArea,
    /// A single inspection framework report (2013–2017), with or without its LSCB review.
    Sif,
    /// A school inspection report.
    School,
    /// A news story or press release.
    News,
    /// Anything else: minutes, blogs, unknown documents.
    Other,
}

impl Kind {
    /// The name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::IlacsStandard => "ilacs_standard",
            Kind::IlacsShort => "ilacs_short",
            Kind::FocusedVisit => "focused_visit",
            Kind::MonitoringVisit => "monitoring_visit",
            Kind::Jtai => "jtai",
            Kind::SendArea => "send_area",
            Kind::Sif => "sif",
            Kind::School => "school",
            Kind::News => "news",
            Kind::Other => "other",
        }
    }

    fn is_ilacs(self) -> bool {
        matches!(self, Kind::IlacsStandard | Kind::IlacsShort)
    }

    fn is_letter(self) -> bool {
        matches!(
            self,
            Kind::FocusedVisit | Kind::MonitoringVisit | Kind::Jtai
        )
    }
}

/// An Ofsted grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Outstanding.
    Outstanding,
    /// Good.
    Good,
    /// Requires improvement (to be good).
    RequiresImprovement,
    /// Inadequate.
    Inadequate,
}

impl Grade {
    /// The grade a phrase names: "Good", "requires improvement to be good", "require
    /// improvement", "Inadequate." (case and white space do not matter).
    pub fn parse(phrase: &str) -> Option<Grade> {
        let lower = phrase.trim().trim_end_matches('.').to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        match words.as_slice() {
            ["outstanding"] => Some(Grade::Outstanding),
            ["good"] => Some(Grade::Good),
            ["inadequate"] => Some(Grade::Inadequate),
            [verb, "improvement", ..] if verb.starts_with("requir") => {
                Some(Grade::RequiresImprovement)
            }
            _ => None,
        }
    }

    /// The name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Outstanding => "outstanding",
            Grade::Good => "good",
            Grade::RequiresImprovement => "requires_improvement",
            Grade::Inadequate => "inadequate",
        }
    }
}

/// The outcome of an area SEND inspection (2023 framework), one of three template
/// sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SendOutcome {
    /// "… typically lead to positive experiences and outcomes …"
    Positive,
    /// "… lead to inconsistent experiences and outcomes …"
    Inconsistent,
    /// "There are widespread and/or systemic failings …"
    SystemicFailings,
}

impl SendOutcome {
    /// The name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SendOutcome::Positive => "positive",
            SendOutcome::Inconsistent => "inconsistent",
            SendOutcome::SystemicFailings => "systemic_failings",
        }
    }
}

/// A judged area of children's services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Area {
    /// Overall effectiveness.
    OverallEffectiveness,
    /// The impact of leaders on social work practice with children and families.
    ImpactOfLeaders,
    /// The experiences and progress of children who need help and protection.
    HelpAndProtection,
    /// The experiences and progress of children in care (with care leavers, when they are
    /// graded together, as before 2023; SIF: children looked after and achieving permanence).
    ChildrenInCare,
    /// The experiences and progress of care leavers, graded on its own (SIF, and ILACS from
    /// 2023).
    CareLeavers,
    /// SIF: adoption performance.
    Adoption,
    /// SIF: leadership, management and governance (schools: leadership and management).
    Leadership,
    /// SIF: the effectiveness of the Local Safeguarding Children Board.
    Lscb,
}

/// Label words that name an area, tried in order (so "children in care and care leavers" is
/// children in care, and "care leavers" alone is care leavers).
const AREA_WORDS: &[(&str, Area)] = &[
    ("overall effectiveness", Area::OverallEffectiveness),
    ("impact of leaders", Area::ImpactOfLeaders),
    ("help and protection", Area::HelpAndProtection),
    ("adoption", Area::Adoption),
    ("children in care", Area::ChildrenInCare),
    ("children looked after", Area::ChildrenInCare),
    ("looked after children", Area::ChildrenInCare),
    ("care leavers", Area::CareLeavers),
    ("leadership, management", Area::Leadership),
    ("leadership and management", Area::Leadership),
    ("safeguarding children board", Area::Lscb),
    ("lscb", Area::Lscb),
];

impl Area {
    /// Every area, in the order of the output.
    pub const ALL: [Area; 8] = [
        Area::OverallEffectiveness,
        Area::ImpactOfLeaders,
        Area::HelpAndProtection,
        Area::ChildrenInCare,
        Area::CareLeavers,
        Area::Adoption,
        Area::Leadership,
        Area::Lscb,
    ];

    /// The name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::OverallEffectiveness => "overall_effectiveness",
            Area::ImpactOfLeaders => "impact_of_leaders",
            Area::HelpAndProtection => "help_and_protection",
            Area::ChildrenInCare => "children_in_care",
            Area::CareLeavers => "care_leavers",
            Area::Adoption => "adoption",
            Area::Leadership => "leadership",
            Area::Lscb => "lscb",
        }
    }

    /// The area a table row label or heading names, by its words.
    pub fn of_label(label: &str) -> Option<Area> {
        let label = fold_spaces(label).to_lowercase();
        AREA_WORDS
            .iter()
            .find(|(words, _)| label.contains(words))
            .map(|&(_, area)| area)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Grades by area, and a SEND area outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Judgements {
    grades: [Option<Found<Grade>>; Area::ALL.len()],
    /// The outcome of an area SEND inspection.
    pub send_outcome: Option<Found<SendOutcome>>,
}

impl Judgements {
    /// The grade of `area`, if the document states it.
    pub fn get(&self, area: Area) -> Option<&Found<Grade>> {
        self.grades[area.index()].as_ref()
    }

    /// Records a grade unless the area already has one (the first source read wins).
    pub fn set(&mut self, area: Area, grade: Found<Grade>) {
        self.grades[area.index()].get_or_insert(grade);
    }

    /// True when no area is graded and there is no SEND outcome.
    pub fn is_empty(&self) -> bool {
        self.grades.iter().all(Option::is_none) && self.send_outcome.is_none()
    }
}

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, e.g. 2022.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, from 1.
    pub day: u8,
}

impl Date {
    /// A date, if it exists.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Days since 1 January 1970 (negative before), for date differences.
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The headline facts of one document. See the module documentation for how each is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inspection {
    /// What kind of document it is; `None` when nothing marks it (see [`Inspection::kind`]).
    pub kind: Option<Found<Kind>>,
    /// The local authority or provider inspected, as the title names it.
    pub authority: Option<Found<String>>,
    /// The first day of the inspection or visit.
    pub start_date: Option<Found<Date>>,
    /// The last day of the inspection or visit.
    pub end_date: Option<Found<Date>>,
    /// The publication date, where the document states it.
    pub published: Option<Found<Date>>,
    /// The lead inspector's name, without their title.
    pub lead_inspector: Option<Found<String>>,
    /// This inspection's judgements.
    pub judgements: Judgements,
    /// Judgements of an earlier inspection that the document states plainly.
    pub previous_judgements: Judgements,
}

impl Inspection {
    /// The kind of document: [`Kind::Other`] when nothing marks it.
    pub fn kind(&self) -> Kind {
        self.kind.as_ref().map_or(Kind::Other, |k| k.value)
    }
}

/// Reads the headline facts of a document from its text.
///
/// ```
/// use findings::inspection::{self, Area, Grade, Kind};
///
/// let text = "Inspection of Northshire local authority children’s services\n\n\
///             Inspection dates: 7 to 18 November 2022\n\
///             Lead inspector: Jane Smith, His Majesty’s Inspector\n\n\
///             Judgement\nGrade\nOverall effectiveness\nGood\n\nChildren are safe.";
/// let found = inspection::read(text);
/// assert_eq!(found.kind(), Kind::IlacsStandard);
/// assert_eq!(found.authority.unwrap().value, "Northshire");
/// assert_eq!(found.start_date.unwrap().value.to_string(), "2022-11-07");
/// assert_eq!(found.lead_inspector.unwrap().value, "Jane Smith");
/// let overall = found.judgements.get(Area::OverallEffectiveness).unwrap();
/// assert_eq!(overall.value, Grade::Good);
/// assert_eq!(&text[overall.span.start..overall.span.end], "Overall effectiveness\nGood");
/// ```
pub fn read(text: &str) -> Inspection {
    let head = head(text);
    let news = NEWS_SIGNS.find(head);
    let title = title(text, head, news);
    let base = base_kind(text, head, title.as_ref(), news);
    let (start_date, end_date) = inspection_dates(text, head, base.as_ref().map(|k| k.value));
    let kind = base.map(|k| refine_kind(k, &start_date, &end_date));
    let kind_value = kind.as_ref().map_or(Kind::Other, |k| k.value);
    let mut inspection = Inspection {
        authority: title.as_ref().and_then(|t| authority(text, t)),
        start_date,
        end_date,
        published: published(text, head),
        lead_inspector: lead_inspector(text),
        kind,
        ..Inspection::default()
    };
    if kind_value == Kind::School && inspection.authority.is_none() {
        inspection.authority = school_name(text);
    }
    judgements(text, head, kind_value, &mut inspection.judgements);
    previous_judgements(text, head, kind_value, &mut inspection.previous_judgements);
    inspection
}

// ---------------------------------------------------------------------------------------
// Helpers over text and spans.

/// Compiles a regex written in this file.
fn re(pattern: &str) -> Pattern {
    Pattern {
        unicode: OnceLock::new(),
        ascii: pattern
            .contains(r"\b")
            .then(|| compile(&pattern.replace(r"\b", r"(?-u:\b)"))),
        source: pattern.to_string(),
    }
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the patterns in inspection.rs are valid")
}

/// A regex of this file; where it has word boundaries (`\b`), also compiled with ASCII ones.
///
/// The regex crate's fast engine gives up on a Unicode `\b` at the first non-ASCII byte and
/// finishes the search with a slow one. On text whose only non-ASCII characters are not
/// word characters (curly quotes, dashes, bullets: most English text), a Unicode and an
/// ASCII word boundary fall in the same places, so the ASCII form gives the same matches,
/// fast. The Unicode form is compiled the first time a text needs it.
struct Pattern {
    source: String,
    unicode: OnceLock<Regex>,
    ascii: Option<Regex>,
}

impl Pattern {
    /// The form that is right for `haystack`.
    fn on(&self, haystack: &str) -> &Regex {
        match &self.ascii {
            Some(ascii) if !has_non_ascii_word(haystack) => ascii,
            _ => self.unicode.get_or_init(|| compile(&self.source)),
        }
    }

    fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.on(haystack).find(haystack)
    }

    fn is_match(&self, haystack: &str) -> bool {
        self.on(haystack).is_match(haystack)
    }

    fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.on(haystack).captures(haystack)
    }

    fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> CaptureMatches<'r, 'h> {
        self.on(haystack).captures_iter(haystack)
    }
}

/// True when `text` has a word character (for `\b`) outside ASCII: a letter with an accent,
/// a non-Latin letter or digit.
fn has_non_ascii_word(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = first_non_ascii(&bytes[at..]) {
        // `at` is always on a character boundary, and so is the first non-ASCII byte after it.
        let Some(c) = text[at + found..].chars().next() else {
            return false;
        };
        if regex_syntax::is_word_character(c) {
            return true;
        }
        at += found + c.len_utf8();
    }
    false
}

/// Where the first byte beyond ASCII is: long runs of ASCII are passed over a block at a
/// time (the standard library checks a block with word-wide operations).
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 64;
    let ascii_blocks = bytes
        .chunks_exact(BLOCK)
        .take_while(|block| block.is_ascii())
        .count();
    let from = ascii_blocks * BLOCK;
    let found = bytes[from..].iter().position(|b| !b.is_ascii())?;
    Some(from + found)
}

/// The start of `text`, up to [`HEAD_BYTES`].
fn head(text: &str) -> &str {
    prefix(text, HEAD_BYTES)
}

/// The first `n` bytes of `text`, or fewer to end on a character boundary.
fn prefix(text: &str, n: usize) -> &str {
    let mut end = n.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The span of capture group `name`, offset by `base`.
fn group(caps: &Captures, name: &str, base: usize) -> Option<Span> {
    caps.name(name)
        .map(|m| Span::new(base + m.start(), base + m.end()))
}

/// `span` without white space at either end.
fn trim(text: &str, span: Span) -> Span {
    let s = span.of(text);
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    Span::new(start, end.max(start))
}

/// The non-blank lines of `text` from byte `from`, trimmed, in order.
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = Span> + '_ {
    let mut offset = from;
    text.get(from..)
        .unwrap_or("")
        .split('\n')
        .map(move |line| {
            let span = Span::new(offset, offset + line.len());
            offset += line.len() + 1;
            span
        })
        .map(move |span| trim(text, span))
        .filter(|span| !span.is_empty())
}

/// The first non-blank line that starts at or after `from`.
fn next_line(text: &str, from: usize) -> Option<Span> {
    lines_from(text, from).next()
}

/// True when `s` has a blank line inside it.
fn crosses_blank_line(s: &str) -> bool {
    let lines: Vec<&str> = s.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

// ---------------------------------------------------------------------------------------
// The title and the kind of document.

/// Which title a document has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    SendArea,
    Jtai,
    MonitoringVisit,
    FocusedVisit,
    Sif,
    /// "Inspection of X local authority children’s services" or the 2018–19 generic title.
    Ilacs,
    /// "Inspection of X", nothing more: a school, a trust.
    Plain,
}

/// The title of a document: its form, where it is and the name in it.
#[derive(Clone, Copy, Debug)]
struct Title {
    form: Form,
    span: Span,
    name: Option<Span>,
}

/// The last non-blank line a title can start on (a letter's address block and salutation
/// come first).
const TITLE_MAX_LINE: usize = 20;

static TITLE_START: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?m)^[ \t]*(?:Area\s+SEND\s+inspection\s+of|Joint\s+targeted\s+area\s+inspection|Monitoring\s+visit\s+(?:to|of)|Focused\s+visit\s+(?:to|of)|Re-?\s?inspection\s+of|Reinspection\s+of|Inspection\s+of)\b",
    )
});

/// Where a title's authority is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameAt {
    /// In the title, the pattern's `name` group.
    Group,
    /// On the lines above a generic title.
    LinesBefore,
}

/// The title forms, tried in order on the text from the title line on. A pattern that only
/// matches across a blank line does not count.
static TITLE_FORMS: LazyLock<Vec<(Form, Pattern, NameAt)>> = LazyLock::new(|| {
    vec![
        (
            Form::SendArea,
            re(
                r"(?m)\AArea\s+SEND\s+inspection\s+of\s+(?:the\s+)?(?P<name>[^\n]+?)(?:\s+[Ll]ocal\s+[Aa]rea\s+[Pp]artnership)?[ \t]*$",
            ),
            NameAt::Group,
        ),
        (
            Form::Jtai,
            re(
                r"(?s)\AJoint\s+targeted\s+area\s+inspection\b.{0,240}?\bin\s+(?P<name>\p{Lu}[^\n]{0,60}?)[ \t]*(?:\n|\z)",
            ),
            NameAt::Group,
        ),
        (
            Form::MonitoringVisit,
            re(&format!(r"(?s)\AMonitoring\s+visit\s+{VISITED}")),
            NameAt::Group,
        ),
        (
            Form::FocusedVisit,
            re(&format!(r"(?s)\AFocused\s+visit\s+{VISITED}")),
            NameAt::Group,
        ),
        (
            Form::Sif,
            re(
                r"\A(?:Re-?\s?inspection|Reinspection|Inspection)\s+of\s+services\s+for\s+children\s+in\s+need",
            ),
            NameAt::LinesBefore,
        ),
        (
            Form::Ilacs,
            re(
                r"\AInspection\s+of\s+(?:local\s+authority\s+)?children[’']s\s+(?:social\s+care\s+)?services",
            ),
            NameAt::LinesBefore,
        ),
        (
            Form::Ilacs,
            re(
                r"(?s)\AInspection\s+of\s+(?:the\s+)?(?P<name>.{1,160}?)\s+(?:local\s+authority\s+)?children[’']s\s+services",
            ),
            NameAt::Group,
        ),
        (
            Form::Plain,
            re(r"(?m)\AInspection\s+of\s+(?:the\s+)?(?P<name>[^\n]+?)[ \t]*$"),
            NameAt::Group,
        ),
    ]
});

/// The rest of a visit letter's title: "to X children’s services".
const VISITED: &str = r"(?:to|of)\s+(?:the\s+)?(?P<name>.{1,120}?)\s+(?:local\s+authority\s+)?children[’']s\s+services";

/// The document's title: the first line near the top (within [`TITLE_MAX_LINE`] non-blank
/// lines) that opens like an Ofsted title, unless a sign of a news page comes before it (a
/// news page can end with a link named like the letter it reports).
fn title(text: &str, head: &str, news: Option<regex::Match>) -> Option<Title> {
    let top = lines_from(head, 0)
        .nth(TITLE_MAX_LINE)
        .map_or(head, |line| &head[..line.start]);
    let start = TITLE_START.find(top)?.start();
    if news.is_some_and(|m| m.start() < start) {
        return None;
    }
    let start = trim(text, Span::new(start, head.len())).start;
    let rest = &text[start..];
    TITLE_FORMS.iter().find_map(|(form, pattern, name_at)| {
        let caps = pattern.captures(rest)?;
        if crosses_blank_line(caps.get(0).map_or("", |m| m.as_str())) {
            return None;
        }
        let mut title = titled(*form, &caps, start);
        if *name_at == NameAt::LinesBefore {
            title.name = lines_before(text, start);
        }
        Some(title)
    })
}

fn titled(form: Form, caps: &Captures, base: usize) -> Title {
    let whole = caps.get(0).map_or(0..0, |m| m.range());
    Title {
        form,
        span: Span::new(base + whole.start, base + whole.end),
        name: group(caps, "name", base),
    }
}

/// The name printed above a generic title: the group of up to three non-blank lines just
/// before it ("Doncaster Metropolitan Borough" / "Council").
fn lines_before(text: &str, title_start: usize) -> Option<Span> {
    let before = &text[..title_start];
    let lines: Vec<Span> = lines_from(before, 0).collect();
    let last = *lines.last()?;
    let mut first = last;
    for line in lines.iter().rev().skip(1).take(2) {
        let gap = &text[line.end..first.start];
        if gap.matches('\n').count() > 1 {
            break;
        }
        first = *line;
    }
    let span = Span::new(first.start, last.end);
    let name = span.of(text);
    (name.len() <= 100 && !name.ends_with('.')).then_some(span)
}

/// The authority named in the title.
fn authority(text: &str, title: &Title) -> Option<Found<String>> {
    let span = trim(text, title.name?);
    let value = fold_spaces(span.of(text));
    let generic = [
        "local authority",
        "children’s services",
        "children's services",
    ];
    if value.is_empty() || generic.contains(&value.to_lowercase().as_str()) {
        return None;
    }
    Some(Found::new(value, span))
}

static SCHOOL_SIGNS: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?m)^[ \t]*(?:What is it like to attend this school\?|Summary of key findings for parents and pupils|The quality of education\b|Quality of teaching\b)",
    )
});
static TABLE_HEADER: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?mi)^[ \t]*Judgements?[ \t]*(?:\n[ \t]*)?Grades?[ \t]*$"));
static BLOG_SIGNS: LazyLock<Pattern> = LazyLock::new(|| re(r"(?m)^[ \t]*Categories:"));
static NEWS_SIGNS: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?m)^[ \t]*(?:(?:By|by|Posted by)\s+\p{Lu}[^\n]*|(?:-[ \t]*)?Published\b[^\n]*|(?:Photo|Image|Picture):[^\n]*|Press release[ \t]*)$|\b(?:[Ii]nspectors|Ofsted|[Tt]he report)\s+(?:also\s+)?(?:said|says)\b",
    )
});

/// The kind of document before ILACS reports are split into standard and short.
fn base_kind(
    text: &str,
    head: &str,
    title: Option<&Title>,
    news: Option<regex::Match>,
) -> Option<Found<Kind>> {
    let found = |kind, m: regex::Match| Some(Found::new(kind, Span::new(m.start(), m.end())));
    if let Some(title) = title {
        let kind = match title.form {
            Form::SendArea => Kind::SendArea,
            Form::Jtai => Kind::Jtai,
            Form::MonitoringVisit => Kind::MonitoringVisit,
            Form::FocusedVisit => Kind::FocusedVisit,
            Form::Sif => Kind::Sif,
            Form::Ilacs => Kind::IlacsStandard,
            Form::Plain if SCHOOL_SIGNS.is_match(head) => Kind::School,
            Form::Plain if TABLE_HEADER.is_match(head) => Kind::IlacsStandard,
            Form::Plain => Kind::Other,
        };
        return Some(Found::new(kind, trim(text, title.span)));
    }
    if let Some(m) = SCHOOL_SIGNS.find(head) {
        return found(Kind::School, m);
    }
    if BLOG_SIGNS.is_match(head) {
        return None;
    }
    news.and_then(|m| found(Kind::News, m))
}

/// Splits ILACS reports by the length of the inspection.
fn refine_kind(
    kind: Found<Kind>,
    start: &Option<Found<Date>>,
    end: &Option<Found<Date>>,
) -> Found<Kind> {
    if !kind.value.is_ilacs() {
        return kind;
    }
    let days = match (start, end) {
        (Some(s), Some(e)) => Some(e.value.days() - s.value.days()),
        _ => None,
    };
    let value = match days {
        Some(d) if d <= SHORT_MAX_DAYS => Kind::IlacsShort,
        _ => Kind::IlacsStandard,
    };
    Found::new(value, kind.span)
}

/// For a school report without an "Inspection of" title (2015), the school is its first
/// line.
fn school_name(text: &str) -> Option<Found<String>> {
    let line = next_line(text, 0)?;
    let name = line.of(text);
    let plausible = name.len() <= 80 && !name.ends_with(['.', ':']) && name.contains(' ');
    plausible.then(|| Found::new(fold_spaces(name), line))
}

// ---------------------------------------------------------------------------------------
// Dates.

/// A piece of a date expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    /// A number and how many digits it has.
    Number(u32, usize),
    /// A month name.
    Month(u8),
    /// "to", "and", a dash, a comma, an ordinal suffix: carries on the expression.
    Joiner,
    /// Anything else: ends the expression.
    Stop,
}

/// Month names, lower case, in calendar order.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const JOINER_WORDS: &[&str] = &[
    "to", "and", "until", "till", "from", "between", "st", "nd", "rd", "th", "of", "the",
];

fn month_number(word: &str) -> Option<u8> {
    let word = word.to_lowercase();
    let word = word.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| word.len() >= 3 && m.starts_with(word))
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// The next token of `s` at or after byte `pos`, with its byte range.
fn next_token(s: &str, pos: usize) -> Option<(Token, usize, usize)> {
    let rest = s.get(pos..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let start = pos + skipped;
    let first = s[start..].chars().next()?;
    let run = |pred: fn(char) -> bool| {
        s[start..]
            .char_indices()
            .find(|&(_, c)| !pred(c))
            .map_or(s.len(), |(i, _)| start + i)
    };
    if first.is_ascii_digit() {
        let end = run(|c| c.is_ascii_digit());
        let digits = &s[start..end];
        let token = match digits.parse::<u32>() {
            Ok(n) if digits.len() <= 4 => Token::Number(n, digits.len()),
            _ => Token::Stop,
        };
        return Some((token, start, end));
    }
    if first.is_alphabetic() {
        let end = run(char::is_alphabetic);
        let word = &s[start..end];
        let token = if let Some(m) = month_number(word) {
            Token::Month(m)
        } else if JOINER_WORDS.contains(&word.to_lowercase().as_str()) {
            Token::Joiner
        } else {
            Token::Stop
        };
        return Some((token, start, end));
    }
    let end = start + first.len_utf8();
    let token = if matches!(first, '-' | '–' | '—' | '‐' | '‑' | ',') {
        Token::Joiner
    } else {
        Token::Stop
    };
    Some((token, start, end))
}

/// One date of an expression, as far as it is written out.
#[derive(Clone, Copy, Debug, Default)]
struct Part {
    day: Option<u8>,
    month: Option<u8>,
    year: Option<u16>,
}

/// Adds a number to the expression being read; false when it cannot belong to it.
fn add_number(parts: &mut Vec<Part>, current: &mut Part, n: u32, digits: usize) -> bool {
    let day = |n: u32| u8::try_from(n).ok().filter(|d| (1..=31).contains(d));
    match digits {
        1 | 2 => {
            let Some(d) = day(n) else { return false };
            if current.day.is_some() {
                parts.push(std::mem::take(current));
            }
            current.day = Some(d);
            true
        }
        4 if current.month.is_some() && (1900..=2100).contains(&n) => {
            current.year = u16::try_from(n).ok();
            parts.push(std::mem::take(current));
            true
        }
        // Two days whose dash was lost: "0304 March 2015".
        4 if current.day.is_none() && current.month.is_none() => {
            match (day(n / 100), day(n % 100)) {
                (Some(a), Some(b)) if a < b => {
                    parts.push(Part {
                        day: Some(a),
                        ..Part::default()
                    });
                    current.day = Some(b);
                    true
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Fills in the months and years left out ("3 to 14 October 2022": the 3rd is in October
/// 2022 too) and returns the earliest and latest dates; `None` unless every part is a real
/// date.
fn fill(parts: &[Part]) -> Option<(Date, Date)> {
    let mut later: Option<Date> = None;
    let mut range: Option<(Date, Date)> = None;
    for part in parts.iter().rev() {
        let day = part.day?;
        let month = part.month.or(later.map(|d| d.month))?;
        let year = match (part.year, later) {
            (Some(y), _) => y,
            // "30 December to 3 January 2015": the first day is in the year before.
            (None, Some(l)) if month > l.month => l.year.checked_sub(1)?,
            (None, Some(l)) => l.year,
            (None, None) => return None,
        };
        let date = Date::new(year, month, day)?;
        range = Some(range.map_or((date, date), |(a, b)| (a.min(date), b.max(date))));
        later = Some(date);
    }
    range
}

/// Reads a date or a range of dates at the start of `s` (after white space): the earliest
/// and latest dates and the byte range of the expression in `s`.
pub fn date_range(s: &str) -> Option<(Date, Date, Span)> {
    let mut parts = Vec::new();
    let mut current = Part::default();
    let (mut start, mut end, mut pos) = (None, 0, 0);
    while let Some((token, from, to)) = next_token(s, pos) {
        pos = to;
        let before = parts.len();
        let carried_on = match token {
            Token::Number(n, digits) => add_number(&mut parts, &mut current, n, digits),
            Token::Month(m) => {
                if current.month.is_some() {
                    parts.push(std::mem::take(&mut current));
                }
                current.month = Some(m);
                true
            }
            Token::Joiner => continue,
            Token::Stop => false,
        };
        if !carried_on {
            break;
        }
        start.get_or_insert(from);
        if parts.len() > before && parts.last().is_some_and(|p| p.year.is_some()) {
            end = to;
        }
    }
    let complete = parts.iter().rposition(|p| p.year.is_some())?;
    let (first, last) = fill(&parts[..=complete])?;
    Some((first, last, Span::new(start?, end)))
}

static DATES_LABEL: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?mi)^[ \t]*Inspection\s+dates?\b[ \t]*:?[ \t]*(?P<v>[^\n]*)"));
static VISIT_DATES: LazyLock<Pattern> = LazyLock::new(|| {
    re(r"(?i)\b(?:visit|inspection)\b[^.]{0,150}?\b(?:on|from|between)\s+(?P<v>\d)")
});

/// The first and last days of the inspection.
fn inspection_dates(
    text: &str,
    head: &str,
    kind: Option<Kind>,
) -> (Option<Found<Date>>, Option<Found<Date>>) {
    let from_label = DATES_LABEL.captures_iter(head).find_map(|c| {
        let value = group(&c, "v", 0)?;
        let at = if value.is_empty() {
            next_line(text, value.end)?.start
        } else {
            value.start
        };
        dates_at(text, at)
    });
    let from_letter = || {
        let letter = kind.is_some_and(Kind::is_letter);
        let c = VISIT_DATES.captures(head).filter(|_| letter)?;
        dates_at(text, group(&c, "v", 0)?.start)
    };
    match from_label.or_else(from_letter) {
        Some((first, last, span)) => (Some(Found::new(first, span)), Some(Found::new(last, span))),
        None => (None, None),
    }
}

/// The date range that starts at byte `at` of `text`, in document offsets.
fn dates_at(text: &str, at: usize) -> Option<(Date, Date, Span)> {
    let (first, last, span) = date_range(text.get(at..)?)?;
    Some((first, last, Span::new(at + span.start, at + span.end)))
}

static PUBLISHED_LABEL: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?mi)^[ \t]*(?:-[ \t]*)?(?:Report\s+published|Date\s+published|Publication\s+date|Published|Issued)\b[ \t]*:?[ \t]*(?P<v>[^\n]*)",
    )
});
static POSTED: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?m)^[ \t]*Posted\b[^\n]*?\bon\s+(?P<v>[^\n]*)"));
static BYLINE_DATE: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?m)^[ \t]*[Bb]y\s+\p{Lu}[^\n]*\n[ \t]*(?P<v>[^\n]+?)[ \t]*$"));

/// The publication date, where the document states it.
fn published(text: &str, head: &str) -> Option<Found<Date>> {
    let labelled = [&*PUBLISHED_LABEL, &*POSTED]
        .into_iter()
        .find_map(|pattern| {
            pattern.captures_iter(head).find_map(|c| {
                let (first, _, span) = dates_at(text, group(&c, "v", 0)?.start)?;
                Some(Found::new(first, span))
            })
        });
    labelled.or_else(|| {
        let c = BYLINE_DATE.captures(head)?;
        let line = group(&c, "v", 0)?;
        let (first, _, span) = dates_at(text, line.start)?;
        (span.end == line.end).then(|| Found::new(first, span))
    })
}

// ---------------------------------------------------------------------------------------
// The lead inspector.

static LEAD_LABEL: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?mi)^[ \t]*Lead\s+inspector\b[ \t]*:?[ \t]*(?P<v>[^\n]*)"));
static LEAD_IN_TEAM: LazyLock<Pattern> = LazyLock::new(|| {
    re(r"(?m)^[ \t]*(?P<v>[^\n,\t]{3,60}?),[ \t]*(?:[^\n,\t]*?[ \t])?[Ll]ead\s+inspector\b")
});
static SIGNATURE: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?m)^[ \t]*Yours\s+(?:sincerely|faithfully)[ \t,]*\n(?:[ \t]*\n)*[ \t]*(?P<v>[^\n]+)\n[ \t]*(?:(?:His|Her)\s+Majesty[’']s\s+Inspector|HMI\b|HM\s+Inspector)",
    )
});
static INSPECTOR_TITLE: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)[\s,]*(?:(?:His|Her)\s+Majesty[’']s\s+Inspector|Senior\s+HMI|HMI|HM\s+Inspector|Ofsted\s+Inspector)\s*$",
    )
});

/// True when `text` holds what every match of [`LEAD_IN_TEAM`] holds: "Lead" or "lead",
/// white space, "inspector". The pattern has no literal to start from, and its search reads
/// the whole of a long text slowly where it cannot match; this test reads it once, fast.
fn says_lead_inspector(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"inspector").any(|at| {
        let before = text[..at].trim_end();
        before.len() < at && (before.ends_with("Lead") || before.ends_with("lead"))
    })
}

/// Words that may start in lower case inside a name.
const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "la", "le", "du", "da", "di",
];

/// The lead inspector's name.
fn lead_inspector(text: &str) -> Option<Found<String>> {
    let labelled = LEAD_LABEL.captures_iter(text).find_map(|c| {
        let value = group(&c, "v", 0)?;
        let value = if value.of(text).trim().is_empty() {
            next_line(text, value.end)?
        } else {
            value
        };
        person(text, value)
    });
    labelled
        .or_else(|| {
            if !says_lead_inspector(text) {
                return None;
            }
            let c = LEAD_IN_TEAM.captures(text)?;
            person(text, group(&c, "v", 0)?)
        })
        .or_else(|| {
            let c = SIGNATURE.captures(text)?;
            person(text, group(&c, "v", 0)?)
        })
}

/// The name at the start of `span`, without the title after it, if it looks like a name.
fn person(text: &str, span: Span) -> Option<Found<String>> {
    let s = span.of(text);
    let cut = s.find([',', '\t']).unwrap_or(s.len());
    let cut = s[..cut].find("  ").unwrap_or(cut);
    let name = &s[..cut];
    let name = INSPECTOR_TITLE
        .find(name)
        .map_or(name, |m| &name[..m.start()]);
    let span = trim(text, Span::new(span.start, span.start + name.len()));
    let value = fold_spaces(span.of(text));
    is_name(&value).then(|| Found::new(value, span))
}

fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split(' ').collect();
    (2..=5).contains(&words.len())
        && s.len() <= 60
        && !s.chars().any(|c| c.is_ascii_digit())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase) || NAME_PARTICLES.contains(&w.to_lowercase().as_str())
        })
}

// ---------------------------------------------------------------------------------------
// Judgements.

/// A grade phrase at the end of a table line, after a wide gap or alone on the line; it
/// may be cut short by a line break ("Requires" / "improvement").
static ROW_GRADE: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|[ \t]{2,}|\t)(?P<g>requires(?:[ \t]+improvement(?:[ \t]+to(?:[ \t]+be(?:[ \t]+good)?)?)?)?|outstanding|good|inadequate)[ \t]*\.?$",
    )
});
static SIF_FIRST_ROW: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?m)^[ \t]*1\.?[ \t]+Children\s+who\s+need\s+help\s+and\s+protection"));
static GRADED_HEADING: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?mi)^[ \t]*(?P<label>The\s+(?:experiences\s+and\s+progress\s+of|impact\s+of\s+leaders)[^:\n]{0,120}(?:\n[^:\n]{0,120})?):[ \t]*(?P<g>requires(?:\s+improvement(?:\s+to\s+be\s+good)?)?|outstanding|good|inadequate)\b",
    )
});
static SIF_OVERALL: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)(?:The\s+overall\s+judgement\s+is\s+(?:that\s+)?(?:children[’']s\s+services\s+)?|Children[’']s\s+services\s+in\s+[^\n.]{1,80}?\s+)(?:are\s+|is\s+)?(?P<g>requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate)\b",
    )
});
static LSCB: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)Local\s+Safeguarding\s+Children\s+Board\s*(?:\(LSCB\)\s*)?(?:is\s+|are\s+)?(?P<g>requires?\s+improvement|outstanding|good|inadequate)\b",
    )
});
static SCHOOL_GRADE: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?mi)^[ \t]*(?P<label>Overall\s+effectiveness|Leadership\s+and\s+management)[ \t]+(?:This\s+inspection:[ \t]+)?(?P<g>requires\s+improvement|outstanding|good|inadequate)\b",
    )
});
static SEND_OUTCOME: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)(?P<positive>typically\s+lead\s+to\s+positive\s+experiences\s+and\s+outcomes)|(?P<inconsistent>lead\s+to\s+inconsistent\s+experiences\s+and\s+outcomes)|(?P<failings>widespread\s+and/or\s+systemic\s+failings)",
    )
});

/// One row of a judgement table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Row {
    area: Area,
    grade: Grade,
    span: Span,
}

/// The most lines a judgement table is read over.
const TABLE_MAX_LINES: usize = 40;
/// The most lines a row label wraps over.
const LABEL_MAX_LINES: usize = 3;

/// This inspection's judgements, by the kind of document.
fn judgements(text: &str, head: &str, kind: Kind, out: &mut Judgements) {
    match kind {
        Kind::IlacsStandard | Kind::IlacsShort => {
            if let Some(header) = TABLE_HEADER.find(head) {
                set_rows(out, &table_rows(text, header.end()));
            }
            graded_headings(text, out);
        }
        Kind::Sif => sif_judgements(text, head, out),
        Kind::School => school_judgements(head, out),
        Kind::SendArea => out.send_outcome = send_outcome(text),
        _ => {}
    }
}

fn set_rows(out: &mut Judgements, rows: &[Row]) {
    for row in rows {
        out.set(row.area, Found::new(row.grade, row.span));
    }
}

/// The rows of a judgement table that starts at byte `from`: row labels (wrapped over up
/// to [`LABEL_MAX_LINES`] lines) each closed by a grade, until a line that cannot be part
/// of the table.
fn table_rows(text: &str, from: usize) -> Vec<Row> {
    let mut lines = lines_from(text, from).take(TABLE_MAX_LINES).peekable();
    let mut rows = Vec::new();
    let mut label: Vec<Span> = Vec::new();
    while let Some(line) = lines.next() {
        let body = line.of(text);
        let Some(caps) = ROW_GRADE.captures(body) else {
            if body.ends_with('.') || body.len() > 100 || label.len() >= LABEL_MAX_LINES {
                break;
            }
            label.push(line);
            continue;
        };
        let Some(g) = group(&caps, "g", line.start) else {
            break;
        };
        let (grade, end) = whole_grade(text, g, &mut lines);
        label.push(Span::new(line.start, g.start));
        let words: Vec<&str> = label.iter().map(|s| s.of(text)).collect();
        let start = label.first().map_or(line.start, |s| s.start);
        label.clear();
        match (Area::of_label(&words.join(" ")), grade) {
            (Some(area), Some(grade)) => rows.push(Row {
                area,
                grade,
                span: Span::new(start, end),
            }),
            _ if rows.is_empty() => {}
            _ => break,
        }
    }
    rows
}

/// The grade that starts at `g`, carried over the next lines while it is unfinished
/// ("Requires improvement" / "to be good"), and where it ends.
fn whole_grade(
    text: &str,
    g: Span,
    lines: &mut std::iter::Peekable<impl Iterator<Item = Span>>,
) -> (Option<Grade>, usize) {
    const FULL: [&str; 5] = ["requires", "improvement", "to", "be", "good"];
    let mut words: Vec<String> = g
        .of(text)
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let mut end = g.end;
    while words.first().is_some_and(|w| w == "requires") && words.len() < FULL.len() {
        let Some(next) = lines.peek().copied() else {
            break;
        };
        let more: Vec<String> = next
            .of(text)
            .trim_end_matches('.')
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let joined: Vec<&str> = words.iter().chain(&more).map(String::as_str).collect();
        if joined.len() > FULL.len() || joined[..] != FULL[..joined.len()] {
            break;
        }
        words.extend(more);
        end = next.end;
        lines.next();
    }
    (Grade::parse(&words.join(" ")), end)
}

/// Grades from an ILACS report's graded section headings, for areas the table lacks.
fn graded_headings(text: &str, out: &mut Judgements) {
    for caps in GRADED_HEADING.captures_iter(text) {
        let (Some(label), Some(g), Some(whole)) = (caps.name("label"), caps.name("g"), caps.get(0))
        else {
            continue;
        };
        if let (Some(area), Some(grade)) =
            (Area::of_label(label.as_str()), Grade::parse(g.as_str()))
        {
            let span = trim(text, Span::new(whole.start(), whole.end()));
            out.set(area, Found::new(grade, span));
        }
    }
}

/// How far into a SIF report without a judgement list its overall judgement is looked for.
const SIF_OVERALL_WITHIN: usize = 3000;

/// A SIF report: the overall judgement sentence, the numbered judgement list and the
/// LSCB's judgement.
fn sif_judgements(text: &str, head: &str, out: &mut Judgements) {
    let first_row = SIF_FIRST_ROW.find(head).map(|m| m.start());
    let before_rows = prefix(head, first_row.unwrap_or(SIF_OVERALL_WITHIN));
    if let Some(found) = SIF_OVERALL
        .captures(before_rows)
        .and_then(|c| graded(&c, 0))
    {
        out.set(Area::OverallEffectiveness, found);
    }
    if let Some(start) = first_row {
        set_rows(out, &table_rows(text, start));
    }
    if let Some(found) = LSCB.captures(text).and_then(|c| graded(&c, 0)) {
        out.set(Area::Lscb, found);
    }
}

/// The grade of group `g`, with the span of the whole match.
fn graded(caps: &Captures, base: usize) -> Option<Found<Grade>> {
    let grade = Grade::parse(caps.name("g")?.as_str())?;
    let whole = caps.get(0)?;
    Some(Found::new(
        grade,
        Span::new(base + whole.start(), base + whole.end()),
    ))
}

/// A school report's overall effectiveness and leadership lines.
fn school_judgements(head: &str, out: &mut Judgements) {
    for caps in SCHOOL_GRADE.captures_iter(head) {
        let area = caps.name("label").and_then(|l| Area::of_label(l.as_str()));
        if let (Some(area), Some(found)) = (area, graded(&caps, 0)) {
            out.set(area, found);
        }
    }
}

/// The outcome sentence of an area SEND report.
fn send_outcome(text: &str) -> Option<Found<SendOutcome>> {
    let caps = SEND_OUTCOME.captures(text)?;
    let whole = caps.get(0)?;
    let outcome = if caps.name("positive").is_some() {
        SendOutcome::Positive
    } else if caps.name("inconsistent").is_some() {
        SendOutcome::Inconsistent
    } else {
        SendOutcome::SystemicFailings
    };
    Some(Found::new(outcome, Span::new(whole.start(), whole.end())))
}

// ---------------------------------------------------------------------------------------
// Previous judgements.

static SIF_PREVIOUS: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?i)judgements\s+for\s+the\s+local\s+authority\s+were\s*:"));
static PREVIOUS_ROW: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)\A[^\p{L}]*(?P<label>\p{L}[^:\n]{2,80}):[ \t]*(?P<g>requires\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate)[ \t]*\.?\z",
    )
});
static SCHOOL_PREVIOUS: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?mi)^[ \t]*Previous\s+inspection(?:\s+grade|:)[ \t]+(?P<g>requires\s+improvement|outstanding|good|inadequate)\b",
    )
});
static JUDGED: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)\bjudged\s+(?:to\s+be\s+|to\s+|as\s+)?(?P<g>requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate)\b",
    )
});
static EARLIER: LazyLock<Pattern> = LazyLock::new(|| re(r"(?i)\b(?:last|previous|since)\b"));

/// The most lines of a SIF re-inspection's list of earlier judgements.
const PREVIOUS_MAX_LINES: usize = 10;

/// Earlier judgements the document states plainly, by the kind of document.
fn previous_judgements(text: &str, head: &str, kind: Kind, out: &mut Judgements) {
    match kind {
        Kind::Sif => {
            if let Some(m) = SIF_PREVIOUS.find(text) {
                previous_list(text, m.end(), out);
            }
        }
        Kind::School => {
            if let Some(found) = SCHOOL_PREVIOUS.captures(head).and_then(|c| graded(&c, 0)) {
                out.set(Area::OverallEffectiveness, found);
            }
        }
        k if k.is_letter() => letter_previous(text, head, out),
        _ => {}
    }
}

/// "Overall effectiveness: inadequate" / "Adoption performance: good" …, one per line.
fn previous_list(text: &str, from: usize, out: &mut Judgements) {
    for line in lines_from(text, from).take(PREVIOUS_MAX_LINES) {
        let Some(caps) = PREVIOUS_ROW.captures(line.of(text)) else {
            break;
        };
        let area = caps.name("label").and_then(|l| Area::of_label(l.as_str()));
        if let (Some(area), Some(found)) = (area, graded(&caps, line.start)) {
            out.set(area, found);
        }
    }
}

/// A letter's sentence about the last inspection: "At the last inspection in November 2018,
/// the experiences and progress of children in care were judged to be good", "since the
/// local authority was judged inadequate" (no area named: overall effectiveness).
fn letter_previous(text: &str, head: &str, out: &mut Judgements) {
    for caps in JUDGED.captures_iter(head) {
        let (Some(whole), Some(g)) = (caps.get(0), caps.name("g")) else {
            continue;
        };
        let start = sentence_start(text, whole.start());
        let before = &text[start..whole.start()];
        let Some(grade) = Grade::parse(g.as_str()).filter(|_| EARLIER.is_match(before)) else {
            continue;
        };
        let area = Area::of_label(before).unwrap_or(Area::OverallEffectiveness);
        out.set(area, Found::new(grade, Span::new(start, whole.end())));
    }
}

/// Where the sentence holding byte `at` starts: after the last full stop or blank line.
fn sentence_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let stop = before.rfind(". ").map_or(0, |i| i + 2);
    let paragraph = before.rfind("\n\n").map_or(0, |i| i + 2);
    trim(text, Span::new(stop.max(paragraph), at)).start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_word_boundaries_stand_in_only_where_they_agree() {
        let pattern = re(r"\bgood\b");
        let unicode = Regex::new(r"\bgood\b").unwrap();
        for text in [
            "It is good.",
            "children’s good’s “good”",
            "régood", // é is a word character: no boundary before "good"
            "goodé and good",
            "not-good – good",
        ] {
            assert_eq!(
                pattern.find(text).map(|m| m.range()),
                unicode.find(text).map(|m| m.range()),
                "{text}"
            );
        }
        assert!(pattern.ascii.is_some());
        assert!(re("good").ascii.is_none());
    }

    fn iso(found: &Option<Found<Date>>) -> Option<String> {
        found.as_ref().map(|f| f.value.to_string())
    }

    fn range(s: &str) -> Option<(String, String)> {
        date_range(s).map(|(a, b, _)| (a.to_string(), b.to_string()))
    }

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_string(), b.to_string()))
    }

    fn grades(j: &Judgements) -> Vec<(&'static str, Grade)> {
        Area::ALL
            .iter()
            .filter_map(|&a| j.get(a).map(|f| (a.as_str(), f.value)))
            .collect()
    }

    #[test]
    fn date_forms() {
        assert_eq!(
            range("7 to 18 November 2022"),
            pair("2022-11-07", "2022-11-18")
        );
        assert_eq!(
            range("30 September to 11 October 2024 and 13 to 16 January 2025"),
            pair("2024-09-30", "2025-01-16")
        );
        assert_eq!(
            range("27 February - 14 March 2015"),
            pair("2015-02-27", "2015-03-14")
        );
        assert_eq!(range("0304 March 2015"), pair("2015-03-03", "2015-03-04"));
        assert_eq!(
            range("9–24 November 2017"),
            pair("2017-11-09", "2017-11-24")
        );
        assert_eq!(
            range("23 April 2018 to 04 May 2018"),
            pair("2018-04-23", "2018-05-04")
        );
        assert_eq!(
            range("16 January 2017–9 February 2017"),
            pair("2017-01-16", "2017-02-09")
        );
        assert_eq!(
            range("14 January 2014- 5 February 2014"),
            pair("2014-01-14", "2014-02-05")
        );
        assert_eq!(
            range("29 December to 2 January 2020"),
            pair("2019-12-29", "2020-01-02")
        );
        assert_eq!(
            range("8 and 9 June 2021. This was"),
            pair("2021-06-08", "2021-06-09")
        );
        assert_eq!(range("November 21, 2017"), pair("2017-11-21", "2017-11-21"));
        assert_eq!(range("21st March 2019"), pair("2019-03-21", "2019-03-21"));
        assert_eq!(
            range("14 to 3 October 2022"),
            pair("2022-10-03", "2022-10-14")
        );
    }

    #[test]
    fn what_is_not_a_date() {
        assert_eq!(range("data in March 2015"), None);
        assert_eq!(range("March 2015"), None);
        assert_eq!(range("31 February 2015"), None);
        assert_eq!(range("7 to 18 November"), None);
        assert_eq!(range(""), None);
    }

    #[test]
    fn the_span_covers_the_dates_only() {
        let s = "10 to 14 June 2024  10";
        let (_, _, span) = date_range(s).unwrap();
        assert_eq!(span.of(s), "10 to 14 June 2024");
    }

    #[test]
    fn dates_lines_and_kinds() {
        let standard = read(
            "Inspection of Eastfield local authority children’s services\n\nInspection dates: 6 to 17 March 2023\n",
        );
        assert_eq!(standard.kind(), Kind::IlacsStandard);
        assert_eq!(iso(&standard.start_date).as_deref(), Some("2023-03-06"));
        assert_eq!(iso(&standard.end_date).as_deref(), Some("2023-03-17"));
        let short = read(
            "Inspection of Eastfield local authority children’s services\n\nInspection dates: 6 to 10 March 2023\n",
        );
        assert_eq!(short.kind(), Kind::IlacsShort);
        let span = short.end_date.unwrap().span;
        assert_eq!(span, short.start_date.unwrap().span);
    }

    #[test]
    fn titles_of_each_kind() {
        let cases: &[(&str, Kind, Option<&str>)] = &[
            (
                "Inspection of Westmoor\nlocal authority children’s services\n",
                Kind::IlacsStandard,
                Some("Westmoor"),
            ),
            (
                "Inspection of the Royal Borough of\nAshdown and Vale local\nauthority children’s services\n",
                Kind::IlacsStandard,
                Some("Royal Borough of Ashdown and Vale"),
            ),
            (
                "Lowbridge Metropolitan Borough\nCouncil\n\nInspection of children’s social care services\n",
                Kind::IlacsStandard,
                Some("Lowbridge Metropolitan Borough Council"),
            ),
            (
                "Inspection of Carrow Children and Families Trust\n\nJudgement  Grade\n",
                Kind::IlacsStandard,
                Some("Carrow Children and Families Trust"),
            ),
            (
                "1 May 2022\n\nDear Sam\n\nFocused visit to Pellham children’s services\n",
                Kind::FocusedVisit,
                Some("Pellham"),
            ),
            (
                "Dear Sam\n\nMonitoring visit to Ravensby children’s services\n",
                Kind::MonitoringVisit,
                Some("Ravensby"),
            ),
            (
                "Joint targeted area inspection of the multi-agency response to\nchildren at risk in Dunmere\n",
                Kind::Jtai,
                Some("Dunmere"),
            ),
            (
                "Area SEND inspection of Fallowfield Local Area Partnership\n",
                Kind::SendArea,
                Some("Fallowfield"),
            ),
            (
                "Corvan County Council\nInspection of services for children in need of help and\nprotection, children looked after and care leavers\n",
                Kind::Sif,
                Some("Corvan County Council"),
            ),
            (
                "Inspection of Brookside Primary School\n\nWhat is it like to attend this school?\n",
                Kind::School,
                Some("Brookside Primary School"),
            ),
            (
                "Council rated good\n\nBy Amy Page, Reporter\n\nThe council was rated good.\n",
                Kind::News,
                None,
            ),
            (
                "My thoughts\nCategories: Practice\n\nInspectors said that we did well.\n",
                Kind::Other,
                None,
            ),
            (
                "Minutes of the meeting\n\n1. Apologies\n",
                Kind::Other,
                None,
            ),
        ];
        for (text, kind, name) in cases {
            let found = read(text);
            assert_eq!(found.kind(), *kind, "{text}");
            assert_eq!(found.authority.map(|a| a.value).as_deref(), *name, "{text}");
        }
    }

    #[test]
    fn authority_spans_point_at_the_name() {
        let text = "Inspection of North Westmoor\nlocal authority children’s services\n";
        let found = read(text).authority.unwrap();
        assert_eq!(found.span.of(text), "North Westmoor");
    }

    #[test]
    fn lead_inspector_lines() {
        let cases = [
            (
                "Lead inspector: Jane Smith, His Majesty’s Inspector\n",
                "Jane Smith",
            ),
            (
                "Lead inspector:   Jane Smith\nHer Majesty’s Inspector\n",
                "Jane Smith",
            ),
            ("Lead inspector:\nJane van Smith\nHMI\n", "Jane van Smith"),
            ("Lead inspector: Jane Smith HMI\n", "Jane Smith"),
            (
                "Lead inspector:\tJane Smith, His Majesty’s Inspector\n",
                "Jane Smith",
            ),
            (
                "Inspection team\n\nJane Smith, lead inspector\tHis Majesty’s Inspector\n",
                "Jane Smith",
            ),
            (
                "Yours sincerely\n\nJane Smith\nHis Majesty’s Inspector\n",
                "Jane Smith",
            ),
            (
                "Deputy lead inspector: Ann Jones\nLead inspector: Jane Smith\n",
                "Jane Smith",
            ),
        ];
        for (text, name) in cases {
            let found = read(text).lead_inspector;
            assert_eq!(
                found.as_ref().map(|f| f.value.as_str()),
                Some(name),
                "{text}"
            );
            let span = found.map(|f| f.span).unwrap_or_default();
            assert_eq!(
                span.of(text)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                name
            );
        }
        assert_eq!(
            read("The lead inspector spoke to leaders.\n").lead_inspector,
            None
        );
    }

    const ILACS_HEAD: &str = "Inspection of Westmoor local authority children’s services\n\nInspection dates: 6 to 17 March 2023\n\n";

    #[test]
    fn judgement_table_one_cell_per_line() {
        let text = format!(
            "{ILACS_HEAD}Judgement\nGrade\nThe impact of leaders on social work\npractice with children and families\nGood\nThe experiences and progress of\nchildren who need help and protection\nRequires improvement to be good\nThe experiences and progress of\nchildren in care\nOutstanding\nThe experiences and progress of care\nleavers\nInadequate\nOverall effectiveness\nGood\n\nLeaders were judged to be inadequate at the last inspection.\n"
        );
        let found = read(&text);
        assert_eq!(
            grades(&found.judgements),
            [
                ("overall_effectiveness", Grade::Good),
                ("impact_of_leaders", Grade::Good),
                ("help_and_protection", Grade::RequiresImprovement),
                ("children_in_care", Grade::Outstanding),
                ("care_leavers", Grade::Inadequate),
            ]
        );
        let leaders = found.judgements.get(Area::ImpactOfLeaders).unwrap().span;
        assert_eq!(
            leaders.of(&text),
            "The impact of leaders on social work\npractice with children and families\nGood"
        );
        assert!(found.previous_judgements.is_empty());
    }

    #[test]
    fn judgement_table_one_row_per_line_with_wrapped_grades() {
        let text = format!(
            "{ILACS_HEAD}Judgement  Grade\n\nThe impact of leaders on social work practice with\nchildren and families  Inadequate\n\nThe experiences and progress of children who need help\nand protection  Requires improvement\nto be good\n\nThe experiences and progress of children in care and\ncare leavers  Requires\nimprovement\n\nOverall effectiveness  Inadequate\n\n\nThere are serious failures in the services provided to children.\n"
        );
        assert_eq!(
            grades(&read(&text).judgements),
            [
                ("overall_effectiveness", Grade::Inadequate),
                ("impact_of_leaders", Grade::Inadequate),
                ("help_and_protection", Grade::RequiresImprovement),
                ("children_in_care", Grade::RequiresImprovement),
            ]
        );
    }

    #[test]
    fn graded_headings_fill_what_the_table_lacks() {
        let text = format!(
            "{ILACS_HEAD}Children are safe.\n\nThe experiences and progress of children in care: requires\nimprovement to be good\n\n1. Plans are clear.\n\nThe impact of leaders on social work practice with children and\nfamilies: outstanding\n\nServices were judged to be good at the previous inspection.\n"
        );
        let found = read(&text);
        assert_eq!(
            grades(&found.judgements),
            [
                ("impact_of_leaders", Grade::Outstanding),
                ("children_in_care", Grade::RequiresImprovement),
            ]
        );
        let span = found.judgements.get(Area::ChildrenInCare).unwrap().span;
        assert!(span.of(&text).ends_with("requires\nimprovement to be good"));
    }

    #[test]
    fn grades_about_an_earlier_inspection_are_not_judgements() {
        let letter = "Dear Sam\n\nMonitoring visit to Ravensby children’s services\n\nThis letter summarises the findings of the monitoring visit to Ravensby children’s services on 4 and 5 May 2022. This was the first monitoring visit since the local authority was judged inadequate in June 2021.\n\nAt the last inspection in 2021, the experiences and progress of care leavers were judged to be good.\n\nChildren are judged to be safe.\n";
        let found = read(letter);
        assert!(found.judgements.is_empty());
        assert_eq!(
            grades(&found.previous_judgements),
            [
                ("overall_effectiveness", Grade::Inadequate),
                ("care_leavers", Grade::Good),
            ]
        );
        assert_eq!(iso(&found.start_date).as_deref(), Some("2022-05-04"));
        let news = "Council improves\n\nBy Amy Page\n\nThe council was judged inadequate in 2019 and is now rated good.\n";
        let found = read(news);
        assert!(found.judgements.is_empty() && found.previous_judgements.is_empty());
    }

    #[test]
    fn sif_reports() {
        let text = "Corvan County Council\nRe-inspection of services for children in need of help and\nprotection, children looked after and care leavers\n\nInspection date: 0304 March 2015 to 26 March 2015\nReport published: 8 May 2015\n\nChildren’s services in Corvan require improvement to be\ngood\n\n1.  Children who need help and protection  Requires\nimprovement\n2.  Children looked after and achieving\npermanence  Good\n  2.1 Adoption performance  Outstanding\n2.2 Experiences and progress of care leavers  Inadequate\n3.  Leadership, management and governance  Requires improvement to\nbe good\nExecutive summary\n\nThe last inspection report was published in 2013. The judgements for the local authority were:\n\n Overall effectiveness: inadequate\n Adoption performance: good\n\nThe Local Safeguarding Children Board is good\n";
        let found = read(text);
        assert_eq!(found.kind(), Kind::Sif);
        assert_eq!(iso(&found.start_date).as_deref(), Some("2015-03-03"));
        assert_eq!(iso(&found.published).as_deref(), Some("2015-05-08"));
        assert_eq!(
            grades(&found.judgements),
            [
                ("overall_effectiveness", Grade::RequiresImprovement),
                ("help_and_protection", Grade::RequiresImprovement),
                ("children_in_care", Grade::Good),
                ("care_leavers", Grade::Inadequate),
                ("adoption", Grade::Outstanding),
                ("leadership", Grade::RequiresImprovement),
                ("lscb", Grade::Good),
            ]
        );
        assert_eq!(
            grades(&found.previous_judgements),
            [
                ("overall_effectiveness", Grade::Inadequate),
                ("adoption", Grade::Good),
            ]
        );
    }

    #[test]
    fn send_outcomes() {
        let text = "Area SEND inspection of Fallowfield Local Area Partnership\n\nInspection dates: 3 to 7 June 2024\n\nInspection outcome\n\nThe local area partnership’s arrangements typically lead to positive experiences and outcomes for children.\n";
        let found = read(text);
        let outcome = found.judgements.send_outcome.unwrap();
        assert_eq!(outcome.value, SendOutcome::Positive);
        assert!(outcome.span.of(text).starts_with("typically lead"));
    }

    #[test]
    fn school_tables_and_previous_grades() {
        let text = "Brookside Primary School\nMill Lane, Brookside\n\nInspection dates\t9–10 June 2015\n\nOverall effectiveness\tThis inspection:\tRequires improvement\t3\n\tPrevious inspection:\tGood\t2\nLeadership and management\tGood\t2\n\nSummary of key findings for parents and pupils\n";
        let found = read(text);
        assert_eq!(found.kind(), Kind::School);
        assert_eq!(found.authority.unwrap().value, "Brookside Primary School");
        assert_eq!(
            grades(&found.judgements),
            [
                ("overall_effectiveness", Grade::RequiresImprovement),
                ("leadership", Grade::Good),
            ]
        );
        assert_eq!(
            grades(&found.previous_judgements),
            [("overall_effectiveness", Grade::Good)]
        );
    }

    #[test]
    fn published_dates_where_stated() {
        let news = "Council rated good\n\nby Amy Page\nNovember 21, 2017\n\nThe council was rated good, the report said.\n";
        assert_eq!(iso(&read(news).published).as_deref(), Some("2017-11-21"));
        let posted = "Rated good\n\nPosted by Amy Page on April 18, 2025\n\nInspectors said so.\n";
        assert_eq!(iso(&read(posted).published).as_deref(), Some("2025-04-18"));
        let report = format!("{ILACS_HEAD}Judgement\nGrade\n");
        assert_eq!(read(&report).published, None);
    }

    #[test]
    fn nothing_to_read_is_nothing_found() {
        for text in [
            "",
            "\n\n",
            "Plans are clear.",
            "Inspection of",
            "Lead inspector:",
        ] {
            let found = read(text);
            assert_eq!(found.kind(), Kind::Other, "{text:?}");
            assert!(found.judgements.is_empty());
        }
    }
}
