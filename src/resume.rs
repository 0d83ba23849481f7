//! Resuming: reuse the records an earlier run wrote instead of computing them again.
//!
//! `findings run -o FILE --resume` reads the records already in FILE, and in FILE.partial
//! (what an interrupted run leaves behind), into a [`Previous`]. Each input is still read
//! and fingerprinted, but when an old `document` record begins with exactly the bytes the new
//! record would begin with (see [`crate::output::document_head`]: same id, tool version,
//! lexicon checksum, source path, encoding, size, input fingerprint and meta), the old line is
//! copied instead of analysing the document again. Everything after those bytes is a
//! function of them, so a resumed run writes the same bytes as an uninterrupted one; an
//! input that changed, a new lexicon or a new version of the tool is simply analysed again.
//! Error records are never reused: a file that was missing may be there now.
//!
//! Only an index is kept in memory (each record's id and where its line is); a reused line
//! is read back from the old file when it is needed. A last line that does not parse, as a
//! killed run leaves, is dropped; a bad line anywhere else means the file is not a findings
//! output, which is an error rather than something to overwrite silently.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Deserialize;

use crate::document::Document;
use crate::lexicon::Lexicon;
use crate::output;

/// The records of earlier output files, ready to be reused.
#[derive(Debug, Default)]
pub struct Previous {
    files: Vec<Mutex<File>>,
    index: HashMap<String, Vec<Location>>,
    records: usize,
}

/// Where one old record's line is: which file, at which byte, how long (without its `\n`).
#[derive(Clone, Copy, Debug)]
struct Location {
    file: usize,
    offset: u64,
    len: usize,
}

/// The fields of an old record needed to index it; the rest is read only when reused.
#[derive(Deserialize)]
struct Key {
    #[serde(rename = "type")]
    kind: String,
    id: String,
}

impl Previous {
    /// Nothing to reuse.
    pub fn none() -> Previous {
        Previous::default()
    }

    /// Indexes the `document` records of each of `paths` that exists, in order.
    pub fn open(paths: &[PathBuf]) -> Result<Previous, String> {
        let mut previous = Previous::none();
        for path in paths {
            let file = match File::open(path) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(format!("{}: {e}", path.display())),
            };
            previous.add(path, file)?;
        }
        Ok(previous)
    }

    /// The number of old document records indexed.
    pub fn len(&self) -> usize {
        self.records
    }

    /// True when there is nothing to reuse.
    pub fn is_empty(&self) -> bool {
        self.records == 0
    }

    /// Indexes one file.
    fn add(&mut self, path: &Path, file: File) -> Result<(), String> {
        let number = self.files.len();
        let mut reader = BufReader::new(file);
        let mut raw = Vec::new();
        let mut offset = 0u64;
        for line in 1.. {
            raw.clear();
            let read = reader
                .read_until(b'\n', &mut raw)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if read == 0 {
                break;
            }
            let text = raw.strip_suffix(b"\n").unwrap_or(&raw);
            match serde_json::from_slice::<Key>(text) {
                Ok(key) if key.kind == "document" => {
                    let at = Location {
                        file: number,
                        offset,
                        len: text.len(),
                    };
                    self.index.entry(key.id).or_default().push(at);
                    self.records += 1;
                }
                Ok(_) => {}
                Err(_) if text.iter().all(u8::is_ascii_whitespace) => {}
                Err(_) if is_at_end(&mut reader) => {} // cut short by an interrupted run
                Err(e) => {
                    return Err(format!(
                        "{}:{line}: not a findings record ({e}); remove the line or the file \
                         to resume, or run without --resume to overwrite the file",
                        path.display()
                    ));
                }
            }
            offset += read as u64;
        }
        self.files.push(Mutex::new(reader.into_inner()));
        Ok(())
    }

    /// The old line (with its `\n`) that is exactly what `doc` classified with `lexicon`
    /// (with or without its text, `emit_text`) would produce now, if there is one.
    pub fn reuse(&self, doc: &Document, lexicon: &Lexicon, emit_text: bool) -> Option<Vec<u8>> {
        let candidates = self.index.get(&doc.id)?;
        let head = output::document_head(doc, lexicon, emit_text);
        candidates.iter().find_map(|&at| {
            let mut line = self.read(at).ok()?;
            line.starts_with(&head).then(|| {
                line.push(b'\n');
                line
            })
        })
    }

    fn read(&self, at: Location) -> io::Result<Vec<u8>> {
        let file = self.files.get(at.file).ok_or(io::ErrorKind::NotFound)?;
        let mut file = file.lock().map_err(|_| io::Error::other("poisoned"))?;
        file.seek(SeekFrom::Start(at.offset))?;
        let mut line = vec![0; at.len];
        file.read_exact(&mut line)?;
        Ok(line)
    }
}

fn is_at_end(reader: &mut impl BufRead) -> bool {
    reader.fill_buf().map_or(true, |rest| rest.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;

    fn scratch(name: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!(
            "findings-resume-{}-{name}.jsonl",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&path);
        path
    }

    fn line_of(pipeline: &Pipeline, doc: &Document) -> Vec<u8> {
        pipeline.document_line(doc, &pipeline.analyze(&doc.text))
    }

    #[test]
    fn reuses_only_what_matches_and_drops_a_cut_last_line() {
        let pipeline = Pipeline::new(Lexicon::default());
        let a = Document::from_text("a", "Plans are clear.");
        let b = Document::from_text("b", "Visits are late.");
        let (line_a, line_b) = (line_of(&pipeline, &a), line_of(&pipeline, &b));
        let path = scratch("cut");
        let mut bytes = line_a.clone();
        bytes.extend_from_slice(b"{\"type\":\"error\",\"id\":\"x\"}\n");
        bytes.extend_from_slice(&line_b[..line_b.len() / 2]);
        std::fs::write(&path, &bytes).unwrap();

        let previous = Previous::open(&[path.clone(), scratch("absent")]).unwrap();
        assert_eq!(
            previous.len(),
            1,
            "the error record and the cut line are not indexed"
        );
        assert_eq!(previous.reuse(&a, pipeline.lexicon(), false), Some(line_a));
        assert_eq!(previous.reuse(&b, pipeline.lexicon(), false), None);
        let changed = Document::from_text("a", "Plans are clear!");
        assert_eq!(previous.reuse(&changed, pipeline.lexicon(), false), None);
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn a_bad_line_before_the_end_is_an_error() {
        let path = scratch("bad");
        std::fs::write(&path, "not json\n{\"type\":\"error\",\"id\":\"x\"}\n").unwrap();
        let error = Previous::open(std::slice::from_ref(&path)).unwrap_err();
        assert!(error.contains(".jsonl:1: not a findings record"), "{error}");
        let _ = std::fs::remove_file(&path);
    }
}
