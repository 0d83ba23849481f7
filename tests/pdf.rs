//! PDF input: page assembly on a generated report, broken PDFs as error records, and the
//! 70 published reports in ../shared/real (skipped when absent).

use std::fs;

use crate::util::{findings, make_pdf, real_reports, records, root, scratch};

const HEADER: &str = "Inspection of Northshire local authority children's services";

#[test]
fn a_generated_report_loses_its_running_header_and_keeps_sentences_whole() {
    let dir = scratch("pdf_generated");
    let pdf = make_pdf(&[
        &[
            "Inspection of Northshire",
            "",
            "Plans are clear. Too many children do not",
        ],
        &[
            HEADER,
            "7 to 18 May 2023",
            "2",
            "have a consistent social worker.",
        ],
        &[HEADER, "7 to 18 May 2023", "3", "What needs to improve?"],
        &[HEADER, "7 to 18 May 2023", "4", "The quality of plans."],
    ]);
    // Named .txt on purpose: the PDF signature decides, not the name.
    fs::write(dir.join("report.txt"), pdf).unwrap();
    let output = findings(&dir, &["run", "report.txt", "--emit-text", "-q"], b"");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let record = &records(&output)[0];
    assert_eq!(record["source"]["format"], "pdf");
    assert_eq!(record["source"]["extractor"], "pdf-extract");
    assert_eq!(record["source"]["pages"], 4);
    let text = record["text"].as_str().unwrap();
    assert!(
        !text.contains("7 to 18 May"),
        "running header removed: {text:?}"
    );
    let units: Vec<(&str, &str, &str)> = record["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["text"].as_str().unwrap(),
                s["kind"].as_str().unwrap(),
                s["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        units,
        [
            ("Inspection of Northshire", "heading", "neutral"),
            ("Plans are clear.", "sentence", "strength"),
            (
                "Too many children do not\nhave a consistent social worker.",
                "sentence",
                "weakness"
            ),
            ("What needs to improve?", "heading", "neutral"),
            ("The quality of plans.", "sentence", "recommendation"),
        ]
    );
    for unit in record["sentences"].as_array().unwrap() {
        let (start, end) = (
            unit["start"].as_u64().unwrap() as usize,
            unit["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], unit["text"].as_str().unwrap());
    }
}

/// True when poppler's `pdftotext` can be run.
fn has_pdftotext() -> bool {
    std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_pdf_without_a_cross_reference_table_is_read_by_the_pdftotext_fallback() {
    if !has_pdftotext() {
        eprintln!("skipped: pdftotext is not installed (apt install poppler-utils)");
        return;
    }
    let dir = scratch("pdf_fallback");
    let whole = make_pdf(&[&["Plans are clear and children are seen quickly."]]);
    // Drop the cross-reference table: pdf-extract (lopdf) gives up, poppler rebuilds it.
    let xref = memchr::memmem::find(&whole, b"xref\n").unwrap();
    let mut pdf = whole[..xref].to_vec();
    pdf.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    fs::write(dir.join("no_xref.pdf"), pdf).unwrap();
    let output = findings(&dir, &["run", "no_xref.pdf", "-q"], b"");
    assert_eq!(output.status.code(), Some(0));
    let record = &records(&output)[0];
    assert_eq!(record["source"]["extractor"], "pdftotext");
    assert_eq!(record["source"]["pages"], 1);
    let units = record["sentences"].as_array().unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(
        units[0]["text"],
        "Plans are clear and children are seen quickly."
    );
    assert_eq!(units[0]["label"], "strength");
}

#[test]
fn truncated_and_corrupt_pdfs_are_error_records() {
    let dir = scratch("pdf_broken");
    let pdf = make_pdf(&[&["Plans are clear."]]);
    fs::write(dir.join("truncated.pdf"), &pdf[..pdf.len() / 2]).unwrap();
    fs::write(
        dir.join("corrupt.pdf"),
        b"%PDF-1.7\n\x00\xff garbage that is no PDF at all",
    )
    .unwrap();
    fs::write(dir.join("fine.pdf"), &pdf).unwrap();
    let output = findings(&dir, &["run", ".", "-q"], b"");
    assert_eq!(output.status.code(), Some(1));
    let lines = records(&output);
    let by_id = |id: &str| {
        lines
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    for broken in ["truncated.pdf", "corrupt.pdf"] {
        assert_eq!(by_id(broken)["type"], "error", "{broken}");
        assert!(
            by_id(broken)["error"]
                .as_str()
                .unwrap()
                .starts_with("cannot extract the PDF's text")
        );
    }
    assert_eq!(by_id("fine.pdf")["counts"]["strength"], 1);
}

#[test]
fn the_published_reports_read_cleanly() {
    let Some(folder) = real_reports() else {
        eprintln!("skipped: the published reports are absent");
        return;
    };
    let folder = folder.to_string_lossy().into_owned();
    let output = findings(&root(), &["run", &folder, "-q"], b"");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = records(&output);
    assert_eq!(lines.len(), 70);
    let footer = regex::Regex::new(r"Inspection of .{3,80}children.s services").unwrap();
    let mut words = Vec::new();
    for record in &lines {
        assert_eq!(record["type"], "document", "{}", record["id"]);
        for unit in record["sentences"].as_array().unwrap() {
            let text = unit["text"].as_str().unwrap();
            if !matches!(unit["kind"].as_str(), Some("sentence" | "list_item")) {
                continue;
            }
            let n = text.split_whitespace().count();
            assert!(n <= 80, "a unit of {n} words in {}: {text}", record["id"]);
            let title_only = footer.find(text).is_some_and(|m| m.len() + 2 >= text.len());
            assert!(
                title_only || !footer.is_match(text),
                "running footer inside a unit: {text}"
            );
            words.push(n);
        }
    }
    let mean = words.iter().sum::<usize>() as f64 / words.len() as f64;
    eprintln!(
        "published reports: {} sentences and list items, mean {mean:.1} words",
        words.len()
    );
    assert!(
        (17.0..=22.0).contains(&mean),
        "mean sentence length {mean:.1} words"
    );
}
