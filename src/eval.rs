//! Eval: score the classifier against units a person labelled.
//!
//! A gold file is JSON Lines, one unit per line:
//!
//! ```json
//! {"text": "The quality of plans.", "label": "recommendation", "kind": "list_item", "section": "What needs to improve?"}
//! ```
//!
//! `text` and `label` are required; `kind` (default `sentence`) and `section` (the heading the
//! unit sat under) give the classifier the context it has inside a document; `alt` lists
//! other labels a careful annotator could defend: a prediction in `alt` counts as correct.
//! Other fields are ignored. Each unit is classified on its own, as `findings classify`
//! would, with its kind and section.

use std::fmt::{self, Write as _};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::classify::Classifier;
use crate::document::Label;
use crate::segment::UnitKind;

/// One labelled unit.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldUnit {
    /// The unit's text.
    pub text: String,
    /// The label a person gave it.
    pub label: Label,
    /// What the unit is; `sentence` when absent.
    #[serde(default)]
    pub kind: Option<UnitKind>,
    /// The heading it sat under.
    #[serde(default)]
    pub section: Option<String>,
    /// Other defensible labels.
    #[serde(default)]
    pub alt: Vec<Label>,
}

/// A gold file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldError(pub String);

impl fmt::Display for GoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GoldError {}

/// Reads gold units from files and folders (every `.jsonl` file below a folder, sorted).
pub fn read_gold(paths: &[PathBuf]) -> Result<Vec<GoldUnit>, GoldError> {
    let mut files = Vec::new();
    for path in paths {
        collect_jsonl(path, &mut files)?;
    }
    let mut units = Vec::new();
    for file in files {
        let text =
            fs::read_to_string(&file).map_err(|e| GoldError(format!("{}: {e}", file.display())))?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let unit: GoldUnit = serde_json::from_str(line)
                .map_err(|e| GoldError(format!("{}:{}: {e}", file.display(), n + 1)))?;
            units.push(unit);
        }
    }
    Ok(units)
}

fn collect_jsonl(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), GoldError> {
    let meta = fs::metadata(path).map_err(|e| GoldError(format!("{}: {e}", path.display())))?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(path)
        .map_err(|e| GoldError(format!("{}: {e}", path.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_jsonl(&entry, out)?;
        } else if entry.extension().is_some_and(|e| e == "jsonl") {
            out.push(entry);
        }
    }
    Ok(())
}

/// Agreement between gold labels and predictions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// `confusion[gold][predicted]`, indexed by [`Label::index`].
    pub confusion: [[usize; 4]; 4],
    /// The units the classifier got wrong: (index into the gold units, predicted label).
    pub mistakes: Vec<(usize, Label)>,
}

/// Precision, recall and F1 of one class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClassScore {
    /// Of the units predicted as the class, the share that are.
    pub precision: f64,
    /// Of the units that are the class, the share predicted.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold units of the class.
    pub support: usize,
}

impl Evaluation {
    /// Classifies every gold unit and tallies the agreement.
    pub fn run(classifier: &Classifier<'_>, gold: &[GoldUnit]) -> Evaluation {
        let mut evaluation = Evaluation::default();
        for (index, unit) in gold.iter().enumerate() {
            let kind = unit.kind.unwrap_or(UnitKind::Sentence);
            let predicted = classifier
                .classify_text(&unit.text, kind, unit.section.as_deref())
                .label;
            let truth = if unit.alt.contains(&predicted) {
                predicted
            } else {
                unit.label
            };
            evaluation.confusion[truth.index()][predicted.index()] += 1;
            if truth != predicted {
                evaluation.mistakes.push((index, predicted));
            }
        }
        evaluation
    }

    /// Number of units scored.
    pub fn total(&self) -> usize {
        self.confusion.iter().flatten().sum()
    }

    /// Share of units whose prediction was right.
    pub fn accuracy(&self) -> f64 {
        let right: usize = (0..4).map(|i| self.confusion[i][i]).sum();
        ratio(right, self.total())
    }

    /// Precision, recall and F1 of `label`.
    pub fn class(&self, label: Label) -> ClassScore {
        let i = label.index();
        let right = self.confusion[i][i];
        let predicted: usize = (0..4).map(|g| self.confusion[g][i]).sum();
        let support: usize = self.confusion[i].iter().sum();
        let precision = ratio(right, predicted);
        let recall = ratio(right, support);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        ClassScore {
            precision,
            recall,
            f1,
            support,
        }
    }

    /// The mean F1 over the four classes.
    pub fn macro_f1(&self) -> f64 {
        Label::ALL.iter().map(|&l| self.class(l).f1).sum::<f64>() / 4.0
    }

    /// The scores as Markdown tables: per class, overall, and the confusion matrix.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "| class | precision | recall | F1 | support |");
        let _ = writeln!(out, "|---|---:|---:|---:|---:|");
        for label in Label::ALL {
            let s = self.class(label);
            let _ = writeln!(
                out,
                "| {label} | {:.3} | {:.3} | {:.3} | {} |",
                s.precision, s.recall, s.f1, s.support
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "macro-F1 {:.3}, accuracy {:.3} over {} units",
            self.macro_f1(),
            self.accuracy(),
            self.total()
        );
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "| gold \\ predicted | strength | weakness | recommendation | neutral |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|");
        for label in Label::ALL {
            let row = &self.confusion[label.index()];
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} | {} |",
                row[0], row[1], row[2], row[3]
            );
        }
        out
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_follow_the_confusion_matrix() {
        let mut e = Evaluation::default();
        e.confusion[0][0] = 3; // strength right
        e.confusion[0][1] = 1; // strength called weakness
        e.confusion[1][1] = 2;
        e.confusion[3][3] = 4;
        assert_eq!(e.total(), 10);
        assert!((e.accuracy() - 0.9).abs() < 1e-9);
        let s = e.class(Label::Strength);
        assert_eq!((s.precision, s.recall, s.support), (1.0, 0.75, 4));
        let w = e.class(Label::Weakness);
        assert!((w.precision - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(e.class(Label::Recommendation).f1, 0.0);
    }
}
