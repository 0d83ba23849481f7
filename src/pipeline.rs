//! The pipeline: ingest -> clean -> segment -> classify -> output, for one document or a
//! whole corpus.
//!
//! [`Pipeline::analyze`] runs the stages over one document and is a pure function of the
//! document and the lexicon. [`Pipeline::run`] does that for every input in parallel, in a
//! bounded window: it takes a batch of inputs and reads, analyses and serializes them on the
//! rayon pool while the calling thread writes the records of the batch before, in input
//! order. Memory stays proportional to two batches, not the corpus, and the output bytes do
//! not depend on the number of threads.
//!
//! A document that cannot be read, or whose processing panics, becomes an error record; the
//! run goes on. [`Pipeline::run_resuming`] also copies the records of an earlier run that are
//! still exactly right (see [`crate::resume`]) instead of analysing those documents again.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::classify::{Classifier, Finding};
use crate::clean::Cleaner;
use crate::document::Document;
use crate::ingest::{Input, LoadError};
use crate::inspection::{self, Inspection};
use crate::lexicon::Lexicon;
use crate::output;
use crate::resume::Previous;
use crate::segment::{Segmenter, Sentence};

/// The stages, configured once and shared by every worker.
#[derive(Clone, Debug)]
pub struct Pipeline {
    lexicon: Lexicon,
    segmenter: Segmenter,
    emit_text: bool,
    spill_bytes: usize,
}

/// One document's units and their findings, index for index, and its headline facts.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The units, in document order.
    pub sentences: Vec<Sentence>,
    /// One finding per unit.
    pub findings: Vec<Finding>,
    /// What the document says about the inspection: kind, authority, dates, judgements.
    pub inspection: Inspection,
}

impl Analysis {
    /// Its units, their findings and the inspection's facts, as the output writes them.
    pub fn parts(&self) -> (&[Sentence], &[Finding], &Inspection) {
        (&self.sentences, &self.findings, &self.inspection)
    }
}

/// What happened to one input, reported as the run goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A document record was written.
    Done,
    /// An error record was written.
    Failed {
        /// The document's id.
        id: String,
        /// What went wrong.
        message: String,
    },
}

/// Totals of a finished run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Document records written.
    pub documents: usize,
    /// Error records written.
    pub errors: usize,
    /// Document records copied from an earlier run (counted in `documents` too).
    pub reused: usize,
}

/// One input's record, and how it came about.
enum Outcome {
    Analysed(Record),
    Reused(Vec<u8>),
    Failed(Box<LoadError>),
}

/// A document record: in memory, or, past [`SPILL_BYTES`], in a temporary file.
enum Record {
    Line(Vec<u8>),
    Spilled(Spill),
}

/// How many bytes of one record are held in memory before the rest goes to a temporary
/// file: the record of a 50 MB line of words is about 340 MB of JSON.
const SPILL_BYTES: usize = 16 << 20;

/// A temporary file holding the start of a record; removed when dropped (on Unix, as soon
/// as it is open).
struct Spill {
    file: File,
    path: PathBuf,
}

/// How many inputs each worker gets per batch: large enough to keep every thread busy,
/// small enough to bound memory.
const BATCH_PER_THREAD: usize = 16;

impl Pipeline {
    /// A pipeline that classifies with `lexicon`.
    pub fn new(lexicon: Lexicon) -> Pipeline {
        Pipeline {
            lexicon,
            segmenter: Segmenter::new(),
            emit_text: false,
            spill_bytes: SPILL_BYTES,
        }
    }

    /// With `true`, document records carry the document's text (`--emit-text`), so that
    /// offsets into extracted PDF text can be checked.
    pub fn emit_text(mut self, yes: bool) -> Pipeline {
        self.emit_text = yes;
        self
    }

    /// The lexicon it classifies with.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Cleans, segments and classifies one document's text, and reads its headline facts.
    pub fn analyze(&self, text: &str) -> Analysis {
        let cleaner = Cleaner::new(&self.lexicon);
        let blocks = cleaner.blocks(text);
        let mut sentences = self.segmenter.units(text, &blocks);
        cleaner.mark_boilerplate(text, &mut sentences);
        let findings = Classifier::new(&self.lexicon).classify(text, &sentences);
        Analysis {
            sentences,
            findings,
            inspection: inspection::read(text),
        }
    }

    /// Reads one input and returns its output line, or the error that stopped it.
    pub fn process(&self, input: Input) -> Result<Vec<u8>, Box<LoadError>> {
        let document = input.load()?;
        let analysis = self.analyze_caught(&document)?;
        Ok(self.document_line(&document, &analysis))
    }

    /// Reads one input and reuses its old record when it is still right, else analyses it.
    fn outcome(&self, input: Input, previous: &Previous) -> Outcome {
        let document = match input.load() {
            Ok(document) => document,
            Err(error) => return Outcome::Failed(error),
        };
        if let Some(line) = previous.reuse(&document, &self.lexicon, self.emit_text) {
            return Outcome::Reused(line);
        }
        match self.process_document(&document) {
            Ok(record) => Outcome::Analysed(record),
            Err(error) => Outcome::Failed(error),
        }
    }

    /// Analyses one document and writes its record.
    fn process_document(&self, document: &Document) -> Result<Record, Box<LoadError>> {
        let analysis = self.analyze_caught(document)?;
        self.record(document, &analysis).map_err(|e| {
            failure(
                document,
                format!("cannot write this document's record to a temporary file: {e}"),
            )
        })
    }

    /// Analyses one document; a panic becomes an error that asks to be reported.
    fn analyze_caught(&self, document: &Document) -> Result<Analysis, Box<LoadError>> {
        catch_unwind(AssertUnwindSafe(|| self.analyze(&document.text))).map_err(|panic| {
            failure(
                document,
                format!(
                    "internal error while processing this document ({}); please report it",
                    panic_message(&panic)
                ),
            )
        })
    }

    /// The record of an analysed document, in memory unless it grows past `spill_bytes`
    /// (then the memory a record takes is bounded whatever the document's size).
    fn record(&self, document: &Document, analysis: &Analysis) -> io::Result<Record> {
        let mut spill: Option<Spill> = None;
        let mut drain = |bytes: &[u8]| {
            let spill = match &mut spill {
                Some(spill) => spill,
                None => spill.insert(Spill::new()?),
            };
            spill.file.write_all(bytes)
        };
        let (lexicon, chunk) = (&self.lexicon, self.spill_bytes);
        let parts = analysis.parts();
        let rest =
            output::write_document(document, parts, lexicon, self.emit_text, chunk, &mut drain)?;
        Ok(match spill {
            None => Record::Line(rest),
            Some(mut spill) => {
                spill.file.write_all(&rest)?;
                spill.file.seek(SeekFrom::Start(0))?;
                Record::Spilled(spill)
            }
        })
    }

    /// The `document` record of an analysed document.
    pub fn document_line(&self, document: &Document, analysis: &Analysis) -> Vec<u8> {
        output::document_line(document, analysis.parts(), &self.lexicon, self.emit_text)
    }

    /// Processes every input on `jobs` worker threads (all cores when `None`) and writes one
    /// record per input to `out`, in input order, calling `on_event` after each record.
    /// Writing happens on the calling thread.
    pub fn run(
        &self,
        jobs: Option<usize>,
        inputs: impl Iterator<Item = Input>,
        out: &mut dyn Write,
        on_event: &mut dyn FnMut(&Event),
    ) -> io::Result<Summary> {
        self.run_resuming(jobs, inputs, &Previous::none(), out, on_event)
    }

    /// [`Pipeline::run`], copying the records in `previous` that are still exactly right
    /// instead of analysing their documents again; the output bytes are the same either way.
    pub fn run_resuming(
        &self,
        jobs: Option<usize>,
        inputs: impl Iterator<Item = Input>,
        previous: &Previous,
        out: &mut dyn Write,
        on_event: &mut dyn FnMut(&Event),
    ) -> io::Result<Summary> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.unwrap_or(0))
            .build()
            .map_err(io::Error::other)?;
        let batch_size = pool.current_num_threads().max(1) * BATCH_PER_THREAD;
        let mut inputs = inputs.peekable();
        let mut summary = Summary::default();
        // Two batches are in hand at a time: the pool analyses one while this thread writes
        // the one before, so that writing never leaves the workers idle.
        let mut analysed: Vec<Outcome> = Vec::new();
        while inputs.peek().is_some() || !analysed.is_empty() {
            let batch: Vec<Input> = inputs.by_ref().take(batch_size).collect();
            let mut next: Vec<Outcome> = Vec::new();
            pool.in_place_scope(|scope| {
                scope.spawn(|_| {
                    next = batch
                        .into_par_iter()
                        .map(|input| self.outcome(input, previous))
                        .collect();
                });
                self.write_all(std::mem::take(&mut analysed), out, &mut summary, on_event)
            })?;
            analysed = next;
        }
        out.flush()?;
        Ok(summary)
    }

    /// Writes a batch's records in order, reporting each.
    fn write_all(
        &self,
        outcomes: Vec<Outcome>,
        out: &mut dyn Write,
        summary: &mut Summary,
        on_event: &mut dyn FnMut(&Event),
    ) -> io::Result<()> {
        for outcome in outcomes {
            let event = self.write(outcome, out, summary)?;
            on_event(&event);
        }
        Ok(())
    }

    /// Writes one input's record and counts it.
    fn write(
        &self,
        outcome: Outcome,
        out: &mut dyn Write,
        summary: &mut Summary,
    ) -> io::Result<Event> {
        if let Outcome::Reused(_) = outcome {
            summary.reused += 1;
        }
        match outcome {
            Outcome::Analysed(Record::Line(line)) | Outcome::Reused(line) => {
                out.write_all(&line)?;
                summary.documents += 1;
            }
            Outcome::Analysed(Record::Spilled(mut spill)) => {
                io::copy(&mut spill.file, out)?;
                summary.documents += 1;
            }
            Outcome::Failed(error) => {
                out.write_all(&output::error_line(&error, &self.lexicon))?;
                summary.errors += 1;
                return Ok(Event::Failed {
                    id: error.id,
                    message: error.message,
                });
            }
        }
        Ok(Event::Done)
    }
}

impl Spill {
    /// A new file in the system's temporary folder, named for this process.
    fn new() -> io::Result<Spill> {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("findings-{}-{n}.record", process::id()));
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        // Where an open file can lose its name, it does so at once: nothing is left behind
        // even if the run is killed.
        #[cfg(unix)]
        let _ = fs::remove_file(&path);
        Ok(Spill { file, path })
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

fn failure(document: &Document, message: String) -> Box<LoadError> {
    Box::new(LoadError {
        id: document.id.clone(),
        source: document.source.clone(),
        message,
    })
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Pipeline>();
    }

    #[test]
    fn a_record_past_the_spill_size_goes_through_a_temporary_file_unchanged() {
        let text = "Plans are effective. Leaders do not act quickly enough. ".repeat(50);
        let inputs = || (0..6).map(|i| Input::text(&format!("doc{i}"), &text));
        let run = |pipeline: &Pipeline| {
            let mut out = Vec::new();
            let summary = pipeline.run(Some(2), inputs(), &mut out, &mut |_| {});
            (summary.unwrap(), out)
        };
        let in_memory = run(&Pipeline::new(Lexicon::default()));
        let mut spilling = Pipeline::new(Lexicon::default());
        spilling.spill_bytes = 1000;
        assert_eq!(run(&spilling), in_memory);
        assert!(in_memory.1.len() > 6 * 10 * spilling.spill_bytes);
        let prefix = format!("findings-{}-", process::id());
        let left = fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(&prefix)
            })
            .count();
        assert_eq!(left, 0, "temporary files left behind");
    }

    #[test]
    fn run_writes_one_record_per_input_in_order() {
        let pipeline = Pipeline::new(Lexicon::default());
        let inputs = (0..40).map(|i| Input::text(&format!("doc{i}"), "Plans are effective."));
        let mut out = Vec::new();
        let summary = pipeline
            .run(Some(2), inputs, &mut out, &mut |_| {})
            .unwrap();
        assert_eq!(
            summary,
            Summary {
                documents: 40,
                errors: 0,
                reused: 0
            }
        );
        let ids: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let expected: Vec<String> = (0..40).map(|i| format!("doc{i}")).collect();
        assert_eq!(ids, expected);
    }
}
