//! `findings` reads inspection letters and reports and says, unit by unit, what the
//! inspectors found: a **strength**, a **weakness**, a **recommendation**, or nothing
//! (**neutral**), with the evidence for each call.
//!
//! The pipeline has one module per stage, and each stage can be used alone:
//!
//! 1. [`ingest`]: files, folders, stdin, JSON Lines and PDFs ([`pdf`]) into [`Document`]s;
//! 2. [`clean`]: a text's lines into [`Block`]s: paragraphs, headings, list items, furniture;
//! 3. [`segment`]: blocks into [`Sentence`] units with byte offsets;
//! 4. [`classify`]: units into [`Finding`]s, weighing the [`Lexicon`]'s cues with negation,
//!    contrast and section context;
//!    beside it, [`inspection`] reads the document's headline facts: its kind, authority,
//!    dates, lead inspector and judgements;
//! 5. [`output`]: the versioned JSON Lines format (its documentation is the specification);
//!    [`summary`] turns it into CSV, one row per document.
//!
//! [`Pipeline`] joins them, and runs a corpus in parallel with output in input order;
//! [`shard`] splits a corpus between jobs by a stable hash of each document's id, and
//! [`resume`] reuses the records of an earlier run that are still right.
//!
//! ```
//! use findings::{Label, Lexicon, Pipeline};
//!
//! let pipeline = Pipeline::new(Lexicon::default());
//! let text = "Headline findings\n\nManagers have a clear oversight of referrals. \
//!             Assessments are not always timely.";
//! let analysis = pipeline.analyze(text);
//! let labels: Vec<Label> = analysis.findings.iter().map(|f| f.label).collect();
//! assert_eq!(labels, [Label::Neutral, Label::Strength, Label::Weakness]);
//! assert_eq!(analysis.sentences[2].span.of(text), "Assessments are not always timely.");
//! ```

#![deny(missing_docs)]

pub mod classify;
pub mod clean;
pub mod document;
pub mod eval;
mod furniture;
pub mod html;
pub mod ingest;
pub mod inspection;
pub mod learn;
pub mod lexicon;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod resume;
pub mod segment;
pub mod shard;
pub mod summary;

pub use classify::{Classifier, Clause, Cue, Finding, Reason, Rule, Scores};
pub use clean::{Block, BlockKind, Cleaner};
pub use document::{Document, Label, Source, Span};
pub use eval::{Evaluation, GoldUnit};
pub use ingest::{Input, InputFormat, Inputs, LoadError};
pub use inspection::Inspection;
pub use lexicon::{Lexicon, LexiconBuilder, LexiconError};
pub use pipeline::{Analysis, Event, Pipeline, Summary};
pub use resume::Previous;
pub use segment::{Segmenter, Sentence, UnitKind};
pub use shard::Shard;
