//! Ingest: turn what the user named into documents.
//!
//! A PATH is a file, a folder or `-` (standard input). Folders are walked recursively in
//! sorted order (so runs are reproducible), skipping hidden entries and not following
//! symbolic links to folders; inside folders `.txt`, `.md`, `.pdf`, `.html` and `.htm` files are
//! documents (with `--input-format jsonl`, only `.jsonl` / `.ndjson` files; with `pdf`, only
//! `.pdf`; with `html`, only `.html` / `.htm`). A file named directly is always
//! read, whatever its extension; under `auto`, a named `.jsonl` / `.ndjson` file is read as one
//! document per line.
//!
//! Reading is lazy: [`inputs`] lists what there is to read, cheaply, and
//! [`Input::load`] reads and decodes one input, so the pipeline can read documents in
//! parallel and hold only a bounded window of them in memory. JSONL sources are read line by
//! line as they are consumed. [`Inputs::shard`] keeps one shard of the inputs by id, before
//! any is read.
//!
//! Nothing disappears: a path that does not exist, a folder that cannot be listed, a file
//! that cannot be read or decoded, a JSONL line that is not a document — each becomes an
//! [`Input`] whose [`Input::load`] fails with a message a person can act on, so it reaches the
//! output as an error record.
//!
//! A file that starts with the PDF signature is read with [`crate::pdf`], whatever its name;
//! a file that opens as an HTML page (a doctype, `<html`, `<head` or `<body` near its start)
//! is reduced to its main content with [`crate::html`], and so is any input read with
//! `--input-format html`.
//! Text is decoded as UTF-8 (a byte-order mark is dropped) or, after a UTF-16 byte-order
//! mark, as UTF-16; text that is not valid UTF-8 is decoded as Windows-1252 (the legacy
//! single-byte encoding of Windows and older web pages, a superset of Latin-1). The encoding
//! used is recorded in `source.encoding`. Files with NUL bytes (binary files) are errors.

use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::document::{Document, Source};
use crate::pdf;
use crate::shard::{Shard, fingerprint};

/// How to read the inputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// By content and name: a file that starts with the PDF signature is a PDF whatever its
    /// name, one that opens as an HTML page is HTML; a named `.jsonl` / `.ndjson` file, or stdin whose first non-blank byte is `{`, is
    /// JSONL; anything else is text.
    #[default]
    Auto,
    /// Each input is one plain-text document.
    Text,
    /// Each line is a document: `{"id": ..., "text": ...}`; other fields become `meta`.
    Jsonl,
    /// Each input is a PDF (folders: `.pdf` files only).
    Pdf,
    /// Each input is an HTML page, read for its main content (folders: `.html` / `.htm`
    /// files only).
    Html,
}

/// One thing to read: a file, standard input, a JSONL line, or a failure to report.
pub struct Input {
    /// The id its record will carry.
    pub id: String,
    /// The path it comes from, as the user can find it (`-` for stdin).
    pub path: String,
    content: Content,
    /// Read as HTML whatever its content (`--input-format html`).
    html: bool,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("id", &self.id)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

enum Content {
    File(PathBuf),
    /// Standard input, read through the reader that may already have peeked at it.
    Stdin(Box<dyn BufRead + Send>),
    Line {
        text: String,
        meta: Map<String, Value>,
    },
    Failed {
        format: &'static str,
        message: String,
    },
}

/// A document that could not be read: the id and source its error record carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The id the document would have had.
    pub id: String,
    /// Where it was to come from.
    pub source: Source,
    /// What went wrong, for a person.
    pub message: String,
}

impl Input {
    /// A text input from memory, e.g. for tests and benches.
    pub fn text(id: &str, text: &str) -> Input {
        Input {
            id: id.to_string(),
            path: id.to_string(),
            content: Content::Line {
                text: text.to_string(),
                meta: Map::new(),
            },
            html: false,
        }
    }

    /// Reads and decodes the input. The error is boxed: it is the size of a whole record.
    pub fn load(self) -> Result<Document, Box<LoadError>> {
        let Input {
            id,
            path,
            content,
            html,
        } = self;
        let fail = |format, bytes, input_hash, message: String| {
            Box::new(LoadError {
                id: id.clone(),
                source: Source {
                    path: path.clone(),
                    format,
                    encoding: None,
                    bytes,
                    input_hash,
                    extractor: None,
                    pages: None,
                },
                message,
            })
        };
        let (bytes, meta, format) = match content {
            Content::Failed { format, message } => return Err(fail(format, None, None, message)),
            Content::Line { text, meta } => (text.into_bytes(), meta, "jsonl"),
            Content::File(file) => match fs::read(&file) {
                Ok(bytes) => (bytes, Map::new(), "text"),
                Err(e) => return Err(fail("text", None, None, describe_io(&e))),
            },
            Content::Stdin(mut reader) => {
                let mut bytes = Vec::new();
                match reader.read_to_end(&mut bytes) {
                    Ok(_) => (bytes, Map::new(), "text"),
                    Err(e) => return Err(fail("text", None, None, describe_io(&e))),
                }
            }
        };
        let size = Some(bytes.len() as u64);
        let input_hash = Some(fingerprint(&bytes));
        let mut source = Source {
            path: path.clone(),
            format,
            encoding: None,
            bytes: size,
            input_hash: input_hash.clone(),
            extractor: None,
            pages: None,
        };
        let text = if format != "jsonl" && pdf::is_pdf(&bytes) {
            let extracted = pdf::extract(&bytes)
                .map_err(|message| fail("pdf", size, input_hash.clone(), message))?;
            source.format = "pdf";
            source.extractor = Some(extracted.extractor);
            source.pages = Some(extracted.pages);
            extracted.text
        } else {
            let read_html = format != "jsonl" && (html || crate::html::is_html(&bytes));
            let (text, encoding) =
                decode(bytes).map_err(|message| fail(format, size, input_hash.clone(), message))?;
            source.encoding = Some(encoding);
            if read_html {
                let extracted = crate::html::extract(&text);
                source.format = "html";
                source.extractor = Some(extracted.extractor);
                extracted.text
            } else {
                text
            }
        };
        Ok(Document {
            source,
            id,
            meta: (format == "jsonl").then_some(meta),
            text,
        })
    }
}

/// Decodes raw bytes to text, returning the encoding it was read as.
pub fn decode(bytes: Vec<u8>) -> Result<(String, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes).map(|t| (t, "utf-16le"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes).map(|t| (t, "utf-16be"));
    }
    if let Some(nul) = memchr::memchr(0, &bytes) {
        return Err(format!(
            "looks like a binary file (NUL byte at offset {nul}); give text, or JSONL with --input-format jsonl"
        ));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok((text, "utf-8"))
        }
        Err(e) => {
            // Not UTF-8: the legacy single-byte encoding of Windows and most older web
            // pages, a superset of Latin-1 in which every byte decodes.
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
            Ok((text.into_owned(), "windows-1252"))
        }
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if bytes.len() % 2 != 0 {
        return Err("not valid UTF-16: odd number of bytes after the byte-order mark".into());
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
    String::from_utf16(&units).map_err(|_| "not valid UTF-16: unpaired surrogate".to_string())
}

fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => e.to_string(),
    }
}

/// Everything the paths name, lazily: files are listed up front (cheap, and it gives a
/// count for progress), JSONL sources are read line by line as they are consumed.
pub struct Inputs {
    sources: std::vec::IntoIter<Planned>,
    lines: Option<JsonlLines>,
    files: usize,
    streams: bool,
    shard: Option<Shard>,
}

enum Planned {
    Ready(Input),
    Jsonl {
        path: String,
        reader: Box<dyn BufRead + Send>,
    },
}

impl Inputs {
    /// The number of documents, when it is known before reading (no JSONL sources).
    pub fn known_len(&self) -> Option<usize> {
        (!self.streams).then_some(self.files)
    }

    /// Keeps only the inputs of one shard, by id (see [`crate::shard`]), before anything is
    /// read: files outside the shard are never opened, and error inputs are sharded like the
    /// rest. JSONL lines are parsed for their ids, then dropped when outside the shard.
    pub fn shard(self, shard: Shard) -> Inputs {
        let kept: Vec<Planned> = self
            .sources
            .filter(|p| match p {
                Planned::Ready(input) => shard.contains(&input.id),
                Planned::Jsonl { .. } => true,
            })
            .collect();
        Inputs {
            shard: Some(shard),
            ..Inputs::planned(kept)
        }
    }

    fn planned(planned: Vec<Planned>) -> Inputs {
        let files = planned
            .iter()
            .filter(|p| matches!(p, Planned::Ready(_)))
            .count();
        let streams = planned.iter().any(|p| matches!(p, Planned::Jsonl { .. }));
        Inputs {
            sources: planned.into_iter(),
            lines: None,
            files,
            streams,
            shard: None,
        }
    }

    /// The next input, whatever its shard.
    fn next_any(&mut self) -> Option<Input> {
        loop {
            if let Some(lines) = &mut self.lines {
                if let Some(input) = lines.next() {
                    return Some(input);
                }
                self.lines = None;
            }
            match self.sources.next()? {
                Planned::Ready(input) => return Some(input),
                Planned::Jsonl { path, reader } => {
                    self.lines = Some(JsonlLines {
                        path,
                        reader,
                        line: 0,
                        done: false,
                    })
                }
            }
        }
    }
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            let input = self.next_any()?;
            if self.shard.is_none_or(|s| s.contains(&input.id)) {
                return Some(input);
            }
        }
    }
}

/// Reads a list of paths, one per line, from a file or (for `-`) standard input, as
/// `--files-from` takes it: blank lines are skipped and a line's trailing `\r` is dropped;
/// nothing else is trimmed, since names may begin or end with spaces.
pub fn read_path_list(list: &str) -> Result<Vec<String>, String> {
    let listed = if list == "-" {
        parse_path_list(io::stdin().lock())
    } else {
        let file = fs::File::open(list).map_err(|e| describe_io(&e))?;
        parse_path_list(BufReader::new(file))
    };
    listed.map_err(|(line, why)| match line {
        Some(line) => format!("line {line}: {why}"),
        None => why,
    })
}

/// The paths of a list; an error carries the line it is on, when it is about one line.
fn parse_path_list(mut reader: impl BufRead) -> Result<Vec<String>, (Option<usize>, String)> {
    let mut paths = Vec::new();
    let mut raw = Vec::new();
    for line in 1.. {
        raw.clear();
        match reader.read_until(b'\n', &mut raw) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err((None, describe_io(&e))),
        }
        let bytes = raw.strip_suffix(b"\n").unwrap_or(&raw);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let path = std::str::from_utf8(bytes).map_err(|_| {
            let why = "not valid UTF-8; paths must be UTF-8, as on the command line";
            (Some(line), why.to_string())
        })?;
        paths.push(path.to_string());
    }
    Ok(paths)
}

/// Lists the inputs that `paths` name, in order.
pub fn inputs(paths: &[String], format: InputFormat) -> Inputs {
    let mut planned = Vec::new();
    for path in paths {
        plan(path, format, &mut planned);
    }
    Inputs::planned(planned)
}

fn plan(path: &str, format: InputFormat, out: &mut Vec<Planned>) {
    if path == "-" {
        let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::new(io::stdin()));
        let jsonl = match format {
            InputFormat::Jsonl => true,
            InputFormat::Text | InputFormat::Pdf | InputFormat::Html => false,
            InputFormat::Auto => looks_like_jsonl(&mut reader),
        };
        out.push(if jsonl {
            Planned::Jsonl {
                path: "-".into(),
                reader,
            }
        } else {
            Planned::Ready(Input {
                id: "-".into(),
                path: "-".into(),
                content: Content::Stdin(reader),
                html: format == InputFormat::Html,
            })
        });
        return;
    }
    let target = Path::new(path);
    match fs::metadata(target) {
        Ok(meta) if meta.is_dir() => walk(target, format, out),
        Ok(_) => out.push(file_source(path.to_string(), target, format)),
        Err(e) => out.push(failed(path, path, describe_io(&e))),
    }
}

/// True when the buffered stream's first non-blank byte is `{`.
fn looks_like_jsonl(reader: &mut Box<dyn BufRead + Send>) -> bool {
    loop {
        let buffer = match reader.fill_buf() {
            Ok(b) if !b.is_empty() => b,
            _ => return false,
        };
        match buffer.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => return buffer[i] == b'{',
            None => {
                let n = buffer.len();
                reader.consume(n);
            }
        }
    }
}

fn is_jsonl_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson")
    )
}

fn file_source(id: String, file: &Path, format: InputFormat) -> Planned {
    let shown = file.to_string_lossy().into_owned();
    let jsonl = match format {
        InputFormat::Jsonl => true,
        InputFormat::Text | InputFormat::Pdf | InputFormat::Html => false,
        InputFormat::Auto => is_jsonl_name(file),
    };
    if !jsonl {
        return Planned::Ready(Input {
            id,
            path: shown,
            content: Content::File(file.to_path_buf()),
            html: format == InputFormat::Html,
        });
    }
    match fs::File::open(file) {
        Ok(f) => Planned::Jsonl {
            path: shown,
            reader: Box::new(BufReader::new(f)),
        },
        Err(e) => failed(&id, &shown, describe_io(&e)),
    }
}

fn failed(id: &str, path: &str, message: String) -> Planned {
    Planned::Ready(Input {
        id: id.to_string(),
        path: path.to_string(),
        content: Content::Failed {
            format: "text",
            message,
        },
        html: false,
    })
}

/// Walks a folder depth-first, entries in byte order of their names (the order of
/// `find | sort`), without recursion.
fn walk(root: &Path, format: InputFormat, out: &mut Vec<Planned>) {
    let mut stack = vec![(root.to_path_buf(), true)];
    while let Some((path, is_dir)) = stack.pop() {
        if !is_dir {
            if is_document_name(&path, format) {
                out.push(walked_file(root, &path, format));
            }
            continue;
        }
        let entries = match fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) => {
                let why = format!("cannot list folder: {}", describe_io(&e));
                out.push(failed(&relative(root, &path), &path.to_string_lossy(), why));
                continue;
            }
        };
        let mut children: Vec<(PathBuf, bool)> = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) if entry.file_name().as_encoded_bytes().starts_with(b".") => {}
                Ok(entry) => {
                    let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                    children.push((entry.path(), is_dir));
                }
                Err(e) => {
                    let why = format!("cannot list folder: {}", describe_io(&e));
                    out.push(failed(&relative(root, &path), &path.to_string_lossy(), why));
                }
            }
        }
        children.sort_by(|a, b| b.0.as_os_str().cmp(a.0.as_os_str()));
        stack.extend(children);
    }
}

/// A file found by the walk; a link that leads nowhere becomes an error input.
fn walked_file(root: &Path, path: &Path, format: InputFormat) -> Planned {
    let id = relative(root, path);
    match fs::metadata(path) {
        Ok(_) => file_source(id, path, format),
        Err(e) => {
            let why = match e.kind() {
                io::ErrorKind::NotFound => "broken symbolic link".to_string(),
                _ => describe_io(&e),
            };
            failed(&id, &path.to_string_lossy(), why)
        }
    }
}

fn is_document_name(path: &Path, format: InputFormat) -> bool {
    let ext = path.extension().and_then(|e| e.to_str());
    match format {
        InputFormat::Jsonl => is_jsonl_name(path),
        InputFormat::Text => matches!(ext, Some("txt" | "md")),
        InputFormat::Pdf => matches!(ext, Some("pdf")),
        InputFormat::Html => matches!(ext, Some("html" | "htm")),
        InputFormat::Auto => matches!(ext, Some("txt" | "md" | "pdf" | "html" | "htm")),
    }
}

/// The id of a file found under `root`: its path relative to `root`, with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        root.to_string_lossy().into_owned()
    } else {
        parts.join("/")
    }
}

/// Reads a JSONL source one document per line.
struct JsonlLines {
    path: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
    done: bool,
}

impl Iterator for JsonlLines {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        let mut raw = Vec::new();
        loop {
            if self.done {
                return None;
            }
            raw.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut raw) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) if raw.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(_) => return Some(self.document(&raw)),
                Err(e) => {
                    self.done = true;
                    return Some(self.failure(format!("cannot read: {}", describe_io(&e))));
                }
            }
        }
    }
}

impl JsonlLines {
    fn failure(&self, message: String) -> Input {
        let at = format!("{}:{}", self.path, self.line);
        Input {
            id: at.clone(),
            path: at,
            content: Content::Failed {
                format: "jsonl",
                message,
            },
            html: false,
        }
    }

    fn document(&self, raw: &[u8]) -> Input {
        let value: Value = match serde_json::from_slice(raw) {
            Ok(v) => v,
            Err(e) => return self.failure(format!("not a JSON document: {e}")),
        };
        let Value::Object(mut fields) = value else {
            return self.failure("not a JSON object: expected {\"id\": ..., \"text\": ...}".into());
        };
        let text = match fields.remove("text") {
            Some(Value::String(text)) => text,
            Some(_) => return self.failure("the \"text\" field is not a string".into()),
            None => return self.failure("no \"text\" field".into()),
        };
        let id = match fields.remove("id") {
            Some(Value::String(id)) => id,
            Some(Value::Number(n)) => n.to_string(),
            _ => format!("{}:{}", self.path, self.line),
        };
        Input {
            id,
            path: format!("{}:{}", self.path, self.line),
            content: Content::Line { text, meta: fields },
            html: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_falls_back_to_windows_1252_and_rejects_binary() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFPlans.".to_vec()).unwrap(),
            ("Plans.".into(), "utf-8")
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hi’".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(utf16).unwrap(), ("Hi’".into(), "utf-16le"));
        assert!(decode(b"a\0b".to_vec()).unwrap_err().contains("binary"));
        let legacy = decode(b"caf\xE9 \x93quoted\x94".to_vec()).unwrap();
        assert_eq!(legacy, ("café “quoted”".into(), "windows-1252"));
    }

    #[test]
    fn path_lists_skip_blank_lines_and_keep_spaces_in_names() {
        let list = b"a.txt\r\n\n  \nsub dir/b.md \n./c.txt";
        assert_eq!(
            parse_path_list(&list[..]).unwrap(),
            ["a.txt", "sub dir/b.md ", "./c.txt"]
        );
        let bad = parse_path_list(&b"a.txt\nb\xFF.txt\n"[..]).unwrap_err();
        assert_eq!(bad.0, Some(2));
        assert!(
            read_path_list("no/such/list.txt")
                .unwrap_err()
                .contains("no such file")
        );
    }

    #[test]
    fn jsonl_lines_carry_ids_and_meta_and_report_bad_lines() {
        let source =
            "{\"id\": 7, \"text\": \"Good.\", \"year\": 2020}\n\nnot json\n{\"text\": 3}\n";
        let lines = JsonlLines {
            path: "in.jsonl".into(),
            reader: Box::new(io::Cursor::new(source.as_bytes().to_vec())),
            line: 0,
            done: false,
        };
        let loaded: Vec<_> = lines.map(Input::load).collect();
        let first = loaded[0].as_ref().unwrap();
        assert_eq!((first.id.as_str(), first.text.as_str()), ("7", "Good."));
        assert_eq!(first.meta.as_ref().unwrap()["year"], 2020);
        let second = loaded[1].as_ref().unwrap_err();
        assert_eq!(second.id, "in.jsonl:3");
        assert!(second.message.starts_with("not a JSON document"));
        assert!(
            loaded[2]
                .as_ref()
                .unwrap_err()
                .message
                .contains("not a string")
        );
        assert_eq!(loaded.len(), 3);
    }
}
