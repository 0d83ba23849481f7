//! The team's corpus: every gold unit is a span of its document, and the pipeline returns
//! most gold units whole (the segmentation figure in README.md).

use std::fs;

use findings::{Lexicon, Pipeline, UnitKind};

use crate::util::root;

/// Share of gold units returned whole when this figure was last measured.
const WHOLE_AT_LEAST: f64 = 0.98;

#[derive(serde::Deserialize)]
struct GoldUnit {
    text: String,
    kind: UnitKind,
}

#[test]
fn gold_units_are_spans_of_their_documents_and_segmentation_agrees() {
    let corpus = root().join("corpus");
    let pipeline = Pipeline::new(Lexicon::default());
    let (mut total, mut whole, mut same_kind) = (0usize, 0usize, 0usize);
    let mut gold_files: Vec<_> = fs::read_dir(corpus.join("gold"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    gold_files.sort();
    assert!(gold_files.len() >= 30, "at least 30 labelled documents");
    for gold_file in gold_files {
        let stem = gold_file
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = fs::read_to_string(corpus.join(format!("{stem}.txt")))
            .unwrap_or_else(|_| panic!("{stem}.txt exists beside its gold file"));
        let analysis = pipeline.analyze(&text);
        let found: std::collections::HashMap<(usize, usize), UnitKind> = analysis
            .sentences
            .iter()
            .map(|s| ((s.span.start, s.span.end), s.kind))
            .collect();
        let mut from = 0;
        for line in fs::read_to_string(&gold_file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let unit: GoldUnit = serde_json::from_str(line).unwrap();
            let start = from
                + text[from..].find(&unit.text).unwrap_or_else(|| {
                    panic!("{stem}: gold unit not found in order: {:?}", unit.text)
                });
            let end = start + unit.text.len();
            from = end;
            total += 1;
            if let Some(kind) = found.get(&(start, end)) {
                whole += 1;
                same_kind += usize::from(*kind == unit.kind);
            }
        }
    }
    let share = whole as f64 / total as f64;
    eprintln!(
        "segmentation: {whole} of {total} gold units returned whole ({:.1}%), {same_kind} with the gold kind",
        100.0 * share
    );
    assert!(
        share >= WHOLE_AT_LEAST,
        "only {:.1}% of gold units returned whole",
        100.0 * share
    );
}

#[test]
fn accuracy_table_is_current() {
    let lexicon = Lexicon::default();
    let gold = findings::eval::read_gold(&[root().join("corpus/gold")]).expect("gold parses");
    let report = findings::Evaluation::run(&findings::Classifier::new(&lexicon), &gold).report();
    let committed = fs::read_to_string(root().join("ACCURACY.md")).expect("ACCURACY.md exists");
    assert!(
        committed == report,
        "ACCURACY.md is stale: regenerate it with `cargo run --release -- eval corpus/gold > ACCURACY.md`\n{report}"
    );
}
