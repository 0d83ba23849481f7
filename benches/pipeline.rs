//! Throughput of each stage and of the whole pipeline, on the team's own corpus.
//!
//! The haystack is every `corpus/*.txt` file joined with blank lines (about 180 KB of
//! letters, reports and news pages written for this project; see `corpus/README.md`).
//! Each timed loop checks a count against the one computed before timing, so a change that
//! makes a stage fast by making it wrong fails the bench instead of improving it.
//!
//! Baselines, each the least a stage must do: `clean` beside finding the line breaks
//! (memchr), `segment` beside plain UAX #29 sentence bounds from `unicode-segmentation`,
//! which it builds on, `classify` beside the lexicon's one automaton pass, `output` beside
//! JSON-escaping the text once; the end-to-end run is timed at one thread and at every core.
//!
//! Run: `cargo bench --bench pipeline` (MB/s are printed as throughput).

use std::fs;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use unicode_segmentation::UnicodeSegmentation;

use findings::{Classifier, Cleaner, Input, Lexicon, Pipeline, Segmenter};

fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("corpus/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| fs::read_to_string(p).expect("corpus files are UTF-8"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn stages(c: &mut Criterion) {
    let text = corpus();
    let lexicon = Lexicon::default();
    let cleaner = Cleaner::new(&lexicon);
    let segmenter = Segmenter::new();
    let classifier = Classifier::new(&lexicon);
    let pipeline = Pipeline::new(lexicon.clone());

    let blocks = cleaner.blocks(&text);
    let units = segmenter.units(&text, &blocks);
    let findings = classifier.classify(&text, &units);
    let bounds = text.split_sentence_bounds().count();
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let hits = lexicon.find(&text).len();
    let escaped_len = serde_json::to_vec(&text).map_or(0, |v| v.len());
    let document = findings::Document::from_text("corpus", &text);
    let analysis = pipeline.analyze(&text);
    let line_len = pipeline.document_line(&document, &analysis).len();

    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("clean", |b| {
        b.iter(|| assert_eq!(cleaner.blocks(black_box(&text)).len(), blocks.len()))
    });
    group.bench_function("clean_baseline_lines", |b| {
        b.iter(|| {
            assert_eq!(
                memchr::memchr_iter(b'\n', black_box(text.as_bytes())).count(),
                newlines
            )
        })
    });
    group.bench_function("segment", |b| {
        b.iter(|| {
            assert_eq!(
                segmenter.units(black_box(&text), &blocks).len(),
                units.len()
            )
        })
    });
    group.bench_function("segment_baseline_uax29", |b| {
        b.iter(|| assert_eq!(black_box(&text).split_sentence_bounds().count(), bounds))
    });
    group.bench_function("classify_baseline_lexicon_pass", |b| {
        b.iter(|| assert_eq!(lexicon.find(black_box(&text)).len(), hits))
    });
    group.bench_function("classify", |b| {
        b.iter(|| {
            assert_eq!(
                classifier.classify(black_box(&text), &units).len(),
                findings.len()
            )
        })
    });
    group.bench_function("output_baseline_escape_text", |b| {
        b.iter(|| {
            let escaped = serde_json::to_vec(black_box(&text)).expect("a string serializes");
            assert_eq!(escaped.len(), escaped_len)
        })
    });
    group.bench_function("output", |b| {
        b.iter(|| {
            assert_eq!(
                pipeline
                    .document_line(black_box(&document), &analysis)
                    .len(),
                line_len
            )
        })
    });
    group.finish();
}

fn end_to_end(c: &mut Criterion) {
    let text = corpus();
    let pipeline = Pipeline::new(Lexicon::default());
    // The corpus as 64 documents, so that threads have work to share.
    let documents: Vec<String> = (0..64).map(|i| format!("{i}\n\n{text}")).collect();
    let bytes: usize = documents.iter().map(String::len).sum();
    let mut group = c.benchmark_group("end_to_end");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    for jobs in [1, 0] {
        let name = if jobs == 1 { "jobs_1" } else { "jobs_all" };
        group.bench_function(name, |b| {
            b.iter(|| {
                let inputs = documents
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Input::text(&i.to_string(), t));
                let mut out = Vec::new();
                let summary = pipeline
                    .run(Some(jobs), inputs, &mut out, &mut |_| {})
                    .expect("writing to memory cannot fail");
                assert_eq!(summary.documents, documents.len());
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages, end_to_end);
criterion_main!(benches);
