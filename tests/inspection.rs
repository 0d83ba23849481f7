//! The headline facts (`inspection`): values checked by reading the team's corpus files, and
//! agreement with an independent scraper's `history.csv` on the 70 published reports in
//! ../shared/real (skipped when absent).
//!
//! `cargo test --test integration inspection -- --nocapture` prints the agreement per column.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use findings::inspection::{self, Area, Grade, Inspection, Judgements, Kind, SendOutcome};
use rayon::prelude::*;

use crate::util::{csv_fields, root, shared};

/// Overall agreement with history.csv on the cells the reports state, when last measured
/// (414 of 415 cells; the one disagreement is a scraper error, listed below).
const AGREEMENT_AT_LEAST: f64 = 0.997;

/// The same, counting cells the reports do not state (ILACS publication dates) as
/// disagreements (414 of 466).
const AGREEMENT_WITH_UNSTATED_AT_LEAST: f64 = 0.888;

/// Cells of history.csv that the reports contradict, checked by reading them. They count as
/// disagreements above; they are listed so that a reader of the output knows why.
const SCRAPER_ERRORS: &[(&str, &str, &str)] = &[(
    "80462_doncaster__children's_services_inspection_-_19_january_2018.pdf",
    "inspection_framework",
    "a SIF re-inspection ('Re-inspection of services for children in need of help and \
     protection, children looked after and care leavers', 9–24 November 2017, numbered SIF \
     judgement list), not an ILACS standard inspection",
)];

fn dates(found: &Inspection) -> Option<(String, String)> {
    let start = found.start_date.as_ref()?.value.to_string();
    let end = found.end_date.as_ref()?.value.to_string();
    Some((start, end))
}

fn grades(judgements: &Judgements) -> Vec<(Area, Grade)> {
    Area::ALL
        .into_iter()
        .filter_map(|area| judgements.get(area).map(|f| (area, f.value)))
        .collect()
}

/// What a corpus file says, read by a person.
struct Expected {
    file: &'static str,
    kind: Kind,
    authority: Option<&'static str>,
    dates: Option<(&'static str, &'static str)>,
    published: Option<&'static str>,
    lead: Option<&'static str>,
    judgements: &'static [(Area, Grade)],
    send_outcome: Option<SendOutcome>,
    previous: &'static [(Area, Grade)],
}

const NOTHING: Expected = Expected {
    file: "",
    kind: Kind::Other,
    authority: None,
    dates: None,
    published: None,
    lead: None,
    judgements: &[],
    send_outcome: None,
    previous: &[],
};

use Area::*;
use Grade::*;

const CORPUS: &[Expected] = &[
    Expected {
        file: "ilacs_standard_kingsmoor_2022.txt",
        kind: Kind::IlacsStandard,
        authority: Some("Kingsmoor"),
        dates: Some(("2022-10-03", "2022-10-14")),
        lead: Some("Beatrice Halloran"),
        judgements: &[
            (OverallEffectiveness, RequiresImprovement),
            (ImpactOfLeaders, RequiresImprovement),
            (HelpAndProtection, RequiresImprovement),
            (ChildrenInCare, Good),
        ],
        ..NOTHING
    },
    Expected {
        file: "ilacs_standard_ashvale_2024.txt",
        kind: Kind::IlacsStandard,
        authority: Some("Ashvale"),
        dates: Some(("2024-01-29", "2024-02-09")),
        lead: Some("Gareth Penrose"),
        judgements: &[
            (OverallEffectiveness, Inadequate),
            (ImpactOfLeaders, Inadequate),
            (HelpAndProtection, Inadequate),
            (ChildrenInCare, RequiresImprovement),
            (CareLeavers, RequiresImprovement),
        ],
        ..NOTHING
    },
    Expected {
        file: "ilacs_standard_fenwick_2026.txt",
        kind: Kind::IlacsStandard,
        authority: Some("Fenwick"),
        dates: Some(("2026-03-02", "2026-03-13")),
        lead: Some("Esther Mallory"),
        judgements: &[
            (ImpactOfLeaders, Outstanding),
            (HelpAndProtection, Good),
            (ChildrenInCare, Outstanding),
            (CareLeavers, Good),
        ],
        ..NOTHING
    },
    Expected {
        file: "ilacs_short_rivington_2019.txt",
        kind: Kind::IlacsShort,
        authority: Some("Rivington Metropolitan Borough Council"),
        dates: Some(("2019-03-11", "2019-03-15")),
        lead: Some("Deborah Fairclough"),
        judgements: &[
            (OverallEffectiveness, Good),
            (ImpactOfLeaders, Good),
            (HelpAndProtection, Good),
            (ChildrenInCare, Good),
        ],
        ..NOTHING
    },
    Expected {
        file: "fv_eastmere_2023.txt",
        kind: Kind::FocusedVisit,
        authority: Some("Eastmere"),
        dates: Some(("2023-10-10", "2023-10-11")),
        lead: Some("Joanne Whitlock"),
        previous: &[(CareLeavers, Good)],
        ..NOTHING
    },
    Expected {
        file: "mv_harrowdale_2020.txt",
        kind: Kind::MonitoringVisit,
        authority: Some("Harrowdale"),
        dates: Some(("2020-02-04", "2020-02-05")),
        lead: Some("Hannah Reeve"),
        previous: &[(OverallEffectiveness, Inadequate)],
        ..NOTHING
    },
    Expected {
        file: "jtai_oakfield_2021.txt",
        kind: Kind::Jtai,
        authority: Some("Oakfield"),
        dates: Some(("2021-11-08", "2021-11-12")),
        ..NOTHING
    },
    Expected {
        file: "send_area_thornbury_2024.txt",
        kind: Kind::SendArea,
        authority: Some("Thornbury"),
        dates: Some(("2024-01-15", "2024-01-19")),
        send_outcome: Some(SendOutcome::Inconsistent),
        ..NOTHING
    },
    Expected {
        file: "sif_greyhaven_2015.txt",
        kind: Kind::Sif,
        authority: Some("Greyhaven Borough Council"),
        dates: Some(("2015-01-12", "2015-02-04")),
        published: Some("2015-03-20"),
        judgements: &[
            (OverallEffectiveness, RequiresImprovement),
            (HelpAndProtection, RequiresImprovement),
            (ChildrenInCare, RequiresImprovement),
            (CareLeavers, RequiresImprovement),
            (Adoption, Good),
            (Leadership, RequiresImprovement),
        ],
        ..NOTHING
    },
    Expected {
        file: "school_meadowbank_primary_2015.txt",
        kind: Kind::School,
        authority: Some("Meadowbank Primary School"),
        dates: Some(("2015-06-09", "2015-06-10")),
        lead: Some("Rachel Okonjo"),
        judgements: &[
            (OverallEffectiveness, RequiresImprovement),
            (Leadership, RequiresImprovement),
        ],
        previous: &[(OverallEffectiveness, Good)],
        ..NOTHING
    },
    Expected {
        // Ends with a link named like the letter it reports; the byline comes first.
        file: "news_harrowdale_mv.txt",
        kind: Kind::News,
        published: Some("2021-06-03"),
        ..NOTHING
    },
    Expected {
        file: "la_minutes_northshire_2023.txt",
        ..NOTHING
    },
];

#[test]
fn corpus_documents_get_the_values_their_text_states() {
    for expected in CORPUS {
        let text = fs::read_to_string(root().join("corpus").join(expected.file)).unwrap();
        let found = inspection::read(&text);
        let file = expected.file;
        assert_eq!(found.kind(), expected.kind, "{file}: kind");
        let authority = found.authority.as_ref().map(|f| f.value.as_str());
        assert_eq!(authority, expected.authority, "{file}: authority");
        let want = expected.dates.map(|(a, b)| (a.to_string(), b.to_string()));
        assert_eq!(dates(&found), want, "{file}: dates");
        let published = found.published.as_ref().map(|f| f.value.to_string());
        assert_eq!(
            published.as_deref(),
            expected.published,
            "{file}: published"
        );
        let lead = found.lead_inspector.as_ref().map(|f| f.value.as_str());
        assert_eq!(lead, expected.lead, "{file}: lead inspector");
        assert_eq!(grades(&found.judgements), expected.judgements, "{file}");
        let send = found.judgements.send_outcome.as_ref().map(|f| f.value);
        assert_eq!(send, expected.send_outcome, "{file}: SEND outcome");
        assert_eq!(
            grades(&found.previous_judgements),
            expected.previous,
            "{file}: previous"
        );
    }
}

/// A row of history.csv, by column name.
type Row = BTreeMap<String, String>;

fn read_history(path: &Path) -> Vec<Row> {
    let text = fs::read_to_string(path).unwrap();
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = csv_fields(lines.next().unwrap());
    lines
        .map(|line| header.iter().cloned().zip(csv_fields(line)).collect())
        .collect()
}

/// Values the scraper writes when it has none.
const NOT_A_VALUE: &[&str] = &[
    "",
    "data_unreadable",
    "inspection_pre_dates_judgement",
    "not_reported_post_reform",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A DD/MM/YY or DD/MM/YYYY date as ISO 8601.
fn iso(csv_date: &str) -> Option<String> {
    let parts: Vec<u32> = csv_date
        .split('/')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [d, m, y] = parts[..] else { return None };
    let y = if y < 100 { 2000 + y } else { y };
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// True when the report writes the ISO date out ("25 November 2022" or "25 November 22").
fn written_in(text: &str, iso: &str) -> bool {
    let parts: Vec<usize> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts[..] else { return false };
    let month = MONTHS.get(m.wrapping_sub(1)).copied().unwrap_or("");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    [
        format!("{d} {month} {y}"),
        format!("{d:02} {month} {y}"),
        format!("{d} {month} {}", y % 100),
    ]
    .iter()
    .any(|s| flat.contains(s.as_str()))
}

fn grade_name(grade: Option<Grade>) -> Option<String> {
    grade.map(|g| g.as_str().replace('_', " "))
}

/// Our value for a column of history.csv, in the scraper's terms.
fn ours(found: &Inspection, column: &str) -> Option<String> {
    let date =
        |d: &Option<inspection::Found<inspection::Date>>| d.as_ref().map(|f| f.value.to_string());
    let grade = |area| grade_name(found.judgements.get(area).map(|f| f.value));
    match column {
        "publication_date" => date(&found.published),
        "inspection_framework" => Some(
            match found.kind() {
                Kind::IlacsStandard => "standard",
                Kind::IlacsShort => "short",
                other => other.as_str(),
            }
            .to_string(),
        ),
        "inspector_name" => found.lead_inspector.as_ref().map(|f| f.value.clone()),
        "inspection_start_date" => date(&found.start_date),
        "inspection_end_date" => date(&found.end_date),
        "overall_effectiveness_grade" => grade(OverallEffectiveness),
        "impact_of_leaders_grade" => grade(ImpactOfLeaders),
        "help_and_protection_grade" => grade(HelpAndProtection),
        "in_care_grade" => grade(ChildrenInCare),
        "care_leavers_grade" => grade(CareLeavers),
        _ => None,
    }
}

const COLUMNS: [&str; 10] = [
    "publication_date",
    "inspection_framework",
    "inspector_name",
    "inspection_start_date",
    "inspection_end_date",
    "overall_effectiveness_grade",
    "impact_of_leaders_grade",
    "help_and_protection_grade",
    "in_care_grade",
    "care_leavers_grade",
];

/// How one column compared.
#[derive(Default, Clone, Copy)]
struct Tally {
    agree: usize,
    disagree: usize,
    /// We found nothing, though the report states the value.
    missed: usize,
    /// We found nothing, and the value is nowhere in the report (a publication date that
    /// only the listing page gives).
    unstated: usize,
}

impl Tally {
    fn compared(self) -> usize {
        self.agree + self.disagree + self.missed
    }

    fn add(&mut self, other: Tally) {
        self.agree += other.agree;
        self.disagree += other.disagree;
        self.missed += other.missed;
        self.unstated += other.unstated;
    }
}

/// The csv's value in our terms: ISO dates, names and grades as written.
fn theirs(column: &str, value: &str) -> String {
    if column.ends_with("_date") {
        iso(value).unwrap_or_else(|| value.to_string())
    } else {
        value.to_lowercase()
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn published_reports_agree_with_the_scrapers_history() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let real = shared.join("real");
    let (csv, folder) = (real.join("history.csv"), real.join("pdf"));
    if !csv.is_file() || !folder.is_dir() {
        eprintln!(
            "skipped: {} or {} is absent",
            csv.display(),
            folder.display()
        );
        return;
    }
    let rows = read_history(&csv);
    let reports: Vec<(String, String, Inspection)> = rows
        .par_iter()
        .map(|row| {
            let file = row["file"].clone();
            let bytes = fs::read(folder.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            let text = findings::pdf::extract(&bytes)
                .unwrap_or_else(|e| panic!("{file}: {e}"))
                .text;
            let found = inspection::read(&text);
            (file, text, found)
        })
        .collect();
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut differences = Vec::new();
    for (row, (file, text, found)) in rows.iter().zip(&reports) {
        evidence_says_what_the_value_says(file, text, found);
        for column in COLUMNS {
            let value = row[column].trim();
            if NOT_A_VALUE.contains(&value) {
                continue;
            }
            let want = theirs(column, value);
            let got = ours(found, column);
            let tally = tallies.entry(column).or_default();
            match got {
                Some(got) if got.to_lowercase() == want.to_lowercase() => tally.agree += 1,
                Some(got) => {
                    tally.disagree += 1;
                    differences.push(format!("{file}\t{column}\tcsv {want:?}\tours {got:?}"));
                }
                None if column.ends_with("_date") && !written_in(text, &want) => {
                    tally.unstated += 1
                }
                None => {
                    tally.missed += 1;
                    differences.push(format!("{file}\t{column}\tcsv {want:?}\tours null"));
                }
            }
        }
    }
    let mut total = Tally::default();
    eprintln!("column                        agree/compared         missed  not in the report");
    for column in COLUMNS {
        let tally = tallies.get(column).copied().unwrap_or_default();
        total.add(tally);
        eprintln!(
            "{column:30}{:>4}/{:<4} {:6.1}%  {:>6}  {:>6}",
            tally.agree,
            tally.compared(),
            100.0 * pct(tally.agree, tally.compared()),
            tally.missed,
            tally.unstated
        );
    }
    let agreement = pct(total.agree, total.compared());
    let strict = pct(total.agree, total.compared() + total.unstated);
    eprintln!(
        "overall: {} of {} cells the reports state ({:.1}%); {} of {} counting the {} \
         publication dates no report states ({:.1}%)",
        total.agree,
        total.compared(),
        100.0 * agreement,
        total.agree,
        total.compared() + total.unstated,
        total.unstated,
        100.0 * strict
    );
    for difference in &differences {
        eprintln!("differs: {difference}");
    }
    for (file, column, why) in SCRAPER_ERRORS {
        eprintln!("scraper error (counted as a disagreement): {file} {column}: {why}");
    }
    assert_eq!(reports.len(), 70);
    assert!(
        agreement >= AGREEMENT_AT_LEAST,
        "agreement {agreement:.4} fell below {AGREEMENT_AT_LEAST}"
    );
    assert!(
        strict >= AGREEMENT_WITH_UNSTATED_AT_LEAST,
        "agreement with unstated cells {strict:.4} fell below {AGREEMENT_WITH_UNSTATED_AT_LEAST}"
    );
}

/// Every value's evidence is a span of the text that says it.
fn evidence_says_what_the_value_says(file: &str, text: &str, found: &Inspection) {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for named in [&found.authority, &found.lead_inspector]
        .into_iter()
        .flatten()
    {
        assert_eq!(words(named.span.of(text)), named.value, "{file}");
    }
    for date in [&found.start_date, &found.end_date, &found.published]
        .into_iter()
        .flatten()
    {
        let (first, last, _) = inspection::date_range(date.span.of(text)).unwrap();
        assert!(date.value == first || date.value == last, "{file}");
    }
    for area in Area::ALL {
        for judgements in [&found.judgements, &found.previous_judgements] {
            if let Some(grade) = judgements.get(area) {
                let span = grade.span.of(text).to_lowercase();
                let word = grade.value.as_str().replace("requires_", "");
                assert!(span.contains(&word), "{file}: {span:?}");
            }
        }
    }
}
