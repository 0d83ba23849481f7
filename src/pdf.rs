//! PDF: the text layer of a PDF, assembled page by page without its running furniture.
//!
//! Published reports repeat a header or footer on every page ("Inspection of X local
//! authority children’s services" / the dates / the page number), and about half of all page
//! breaks fall mid-sentence. A unit is one contiguous span of text, so a footer left in place
//! would sit inside the sentence it interrupts. The furniture is therefore removed while the
//! pages are assembled, before any offset exists: the document's text (the text every offset
//! refers to, and what `--emit-text` shows) is the extracted text without it.
//!
//! Assembly, per page:
//!
//! - the page's first [`TOP_ZONE`] and last [`BOTTOM_ZONE`] non-blank lines are its margins;
//!   a margin line whose shape (digits folded) recurs in the same margin on at least a third
//!   of the pages (and at least [`MIN_REPEATS`] of them) is a running header or footer, and
//!   goes; so do lone page numbers ("7", "Page 7 of 11") in the margins;
//! - trailing spaces are trimmed from every line;
//! - pages are joined with a line break when the page before ends mid-sentence (so the
//!   sentence carries on), and with a form feed on a line of its own otherwise.
//!
//! Text comes from the pure-Rust `pdf-extract` crate (feature `pdf`, on by default); when it
//! fails or panics, `pdftotext -raw` is tried if it is installed. Which one was used is
//! recorded in the document's `source.extractor`.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};

/// How many non-blank lines at the top of a page count as its top margin.
pub const TOP_ZONE: usize = 6;
/// How many non-blank lines at the foot of a page count as its bottom margin.
pub const BOTTOM_ZONE: usize = 4;
/// The fewest pages a margin line must recur on to count as running furniture.
pub const MIN_REPEATS: usize = 3;

/// The assembled text of a PDF and how it was obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    /// The pages' text, joined, without running headers, footers and page numbers.
    pub text: String,
    /// The extractor that produced it: `pdf-extract` or `pdftotext`.
    pub extractor: &'static str,
    /// The number of pages.
    pub pages: usize,
}

/// True when `bytes` look like a PDF (the `%PDF-` signature near the start).
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    memchr::memmem::find(head, b"%PDF-").is_some()
}

/// Extracts and assembles the text of a PDF.
pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let (pages, extractor) = match with_pdf_extract(bytes) {
        Ok(pages) => (pages, "pdf-extract"),
        Err(first) => match with_pdftotext(bytes) {
            Ok(pages) => (pages, "pdftotext"),
            Err(second) => return Err(format!("cannot extract the PDF's text: {first}; {second}")),
        },
    };
    Ok(Extracted {
        text: assemble(&pages),
        extractor,
        pages: pages.len(),
    })
}

#[cfg(feature = "pdf")]
fn with_pdf_extract(bytes: &[u8]) -> Result<Vec<String>, String> {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    match catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem_by_pages(bytes)
    })) {
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(e)) => Err(format!("pdf-extract: {e}")),
        Err(_) => Err("pdf-extract gave up on this file".to_string()),
    }
}

#[cfg(not(feature = "pdf"))]
fn with_pdf_extract(_: &[u8]) -> Result<Vec<String>, String> {
    Err("this build has no PDF extractor (feature `pdf`)".to_string())
}

/// Runs `pdftotext -raw - -` and splits its output at form feeds.
fn with_pdftotext(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut child = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|_| {
            "pdftotext is not installed (it is the fallback; apt install poppler-utils)".to_string()
        })?;
    let mut stdin = child.stdin.take().ok_or("pdftotext: no stdin")?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("pdftotext: {e}"))?;
    let _ = writer.join();
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!("pdftotext: {}", why.trim()));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Ok(pages)
}

/// Joins pages into one text, without running headers, footers and page numbers.
pub fn assemble(pages: &[String]) -> String {
    let pages: Vec<Vec<&str>> = pages
        .iter()
        .map(|page| page.lines().map(str::trim_end).collect())
        .collect();
    let furniture = running_lines(&pages);
    let mut text = String::new();
    for page in &pages {
        let kept = strip_margins(page, &furniture);
        let body = trim_blank(&kept);
        if body.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str(if ends_sentence(&text) {
                "\n\x0c\n"
            } else {
                "\n"
            });
        }
        text.push_str(&body.join("\n"));
    }
    text
}

/// Which margin a line sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Margin {
    Top,
    Bottom,
}

/// The indices of a page's margin lines: the first and last few non-blank ones.
fn margins(page: &[&str]) -> Vec<(usize, Margin)> {
    let filled: Vec<usize> = (0..page.len())
        .filter(|&i| !page[i].trim().is_empty())
        .collect();
    let mut out: Vec<(usize, Margin)> = filled
        .iter()
        .take(TOP_ZONE)
        .map(|&i| (i, Margin::Top))
        .collect();
    let bottom_from = filled.len().saturating_sub(BOTTOM_ZONE).max(out.len());
    out.extend(filled[bottom_from..].iter().map(|&i| (i, Margin::Bottom)));
    out
}

/// The shape of a line: trimmed, spaces folded, digits as `#`.
fn shape(line: &str) -> String {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Margin shapes that recur on enough pages to be running furniture.
fn running_lines(pages: &[Vec<&str>]) -> HashMap<(String, Margin), usize> {
    let mut seen: HashMap<(String, Margin), usize> = HashMap::new();
    for page in pages {
        let mut on_this_page: Vec<(String, Margin)> = margins(page)
            .into_iter()
            .map(|(i, margin)| (shape(page[i]), margin))
            .collect();
        on_this_page.sort();
        on_this_page.dedup();
        for key in on_this_page {
            *seen.entry(key).or_default() += 1;
        }
    }
    let needed = MIN_REPEATS.max(pages.len().div_ceil(3));
    seen.retain(|_, count| *count >= needed);
    seen
}

/// A page's lines without its running furniture and lone page numbers.
fn strip_margins<'p>(
    page: &[&'p str],
    furniture: &HashMap<(String, Margin), usize>,
) -> Vec<&'p str> {
    let mut drop = vec![false; page.len()];
    for (i, margin) in margins(page) {
        let shape = shape(page[i]);
        drop[i] = furniture.contains_key(&(shape.clone(), margin)) || is_page_number(&shape);
    }
    page.iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(l, _)| *l)
        .collect()
}

fn is_page_number(shape: &str) -> bool {
    let lower = shape.to_lowercase();
    let rest = lower.strip_prefix("page ").unwrap_or(&lower);
    let rest = rest.replace(" of ", "").replace([' ', '-', '#'], "");
    rest.is_empty() && shape.contains('#')
}

fn trim_blank<'p>(lines: &[&'p str]) -> Vec<&'p str> {
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].to_vec(),
        _ => Vec::new(),
    }
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['"', '’', '”', ')']);
    t.ends_with(['.', '!', '?', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(number: usize, body: &str) -> String {
        format!(
            "Inspection of Northshire local authority children’s services\n7 to 18 May 2023\n\n{number}\n\n{body}\n"
        )
    }

    #[test]
    fn running_headers_and_page_numbers_go_and_sentences_carry_on() {
        let pages = vec![
            "Inspection of Northshire\n\nPlans are clear.\n".to_string(),
            page(2, "Too many children do not"),
            page(3, "have a consistent social worker."),
            page(4, "Leaders know this."),
        ];
        let text = assemble(&pages);
        assert_eq!(
            text,
            "Inspection of Northshire\n\nPlans are clear.\n\x0c\nToo many children do not\nhave a consistent social worker.\n\x0c\nLeaders know this."
        );
    }

    #[test]
    fn a_line_seen_once_stays() {
        let pages: Vec<String> = (1..=6)
            .map(|n| format!("Title {n}\nUnique line {}\n\nBody text.\n", "x".repeat(n)))
            .collect();
        let text = assemble(&pages);
        assert!(text.contains("Unique line xxx"));
        assert!(
            !text.contains("Title"),
            "'Title N' recurs in the top margin of every page"
        );
    }

    #[test]
    fn signatures_and_page_numbers() {
        assert!(is_pdf(b"\n%PDF-1.7\n..."));
        assert!(!is_pdf(b"Plans are clear."));
        assert!(is_page_number(&shape("  12 ")));
        assert!(is_page_number(&shape("Page 3 of 11")));
        assert!(!is_page_number(&shape("12 March 2024")));
    }

    #[test]
    fn broken_pdfs_are_errors_not_panics() {
        let result = extract(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF");
        assert!(result.is_err());
    }
}
