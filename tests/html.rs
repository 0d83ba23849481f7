//! HTML input: the team's two web pages lose their chrome and keep headline, headings and
//! bullets as units of their own; detection by content; pathological nesting.

use std::fs;

use findings::{Document, InputFormat, ingest};

use crate::util::{findings, records, root, scratch};

/// The units of the one record `findings run --emit-text ARGS` prints, as (text, kind),
/// with the record's text and source.
fn run(dir: &std::path::Path, args: &[&str]) -> (Vec<(String, String)>, String, serde_json::Value) {
    let mut all = vec!["run", "--emit-text", "-q"];
    all.extend_from_slice(args);
    let output = findings(dir, &all, b"");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let record = records(&output).remove(0);
    let units = record["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["text"].as_str().unwrap().into(),
                s["kind"].as_str().unwrap().into(),
            )
        })
        .collect();
    let text = record["text"].as_str().unwrap().to_string();
    (units, text, record["source"].clone())
}

fn has(units: &[(String, String)], text: &str, kind: &str) -> bool {
    units.iter().any(|(t, k)| t == text && k == kind)
}

fn assert_absent(text: &str, chrome: &[&str]) {
    for piece in chrome {
        assert!(!text.contains(piece), "chrome {piece:?} left in {text:?}");
    }
}

#[test]
fn a_gov_uk_style_report_page_keeps_only_its_report() {
    let (units, text, source) = run(&root(), &["corpus/web_ofsted_school_page.html"]);
    assert_eq!(source["format"], "html");
    assert_eq!(source["extractor"], "dom_smoothie");
    assert_eq!(source["encoding"], "utf-8");
    assert_absent(
        &text,
        &[
            "Skip to main content",
            "analytics cookies",
            "Search for a report",
            "Breadcrumb",
            "This is a new service",
            "Related content",
            "School inspection handbook",
            "Accessibility statement",
            "Open Government Licence",
            "Crown copyright",
        ],
    );
    assert_eq!(
        units[0],
        (
            "Ashgrove Community Primary School - Inspection report".into(),
            "heading".into()
        )
    );
    for heading in [
        "What is it like to attend this school?",
        "What does the school need to do to improve?",
        "Safeguarding",
    ] {
        assert!(has(&units, heading, "heading"), "{heading}: {units:?}");
    }
    for item in [
        "Pupils behave well in lessons and at social times.",
        "Governors hold leaders to account for the quality of education.",
        "Leaders should make sure that the books pupils read are closely matched to the sounds they have learned.",
    ] {
        assert!(has(&units, item, "list_item"), "{item}: {units:?}");
    }
    assert!(has(
        &units,
        "The arrangements for safeguarding are effective.",
        "sentence"
    ));
}

#[test]
fn a_news_page_loses_site_chrome_comments_and_most_read_links() {
    let (units, text, _) = run(&root(), &["corpus/web_news_article_page.html"]);
    assert_absent(
        &text,
        &[
            "personalise content",
            "What's On",
            "Advertisement",
            "Most read",
            "Roadworks",
            "Share this article",
            "WexleyMum",
            "About time",
            "Privacy notice",
            "All rights reserved",
        ],
    );
    let headline =
        "Care leavers let down as council's children's services found to require improvement";
    assert_eq!(units[0], (headline.into(), "heading".into()));
    assert!(has(&units, "What the inspectors found", "heading"));
    assert!(has(
        &units,
        "Plans for children in care are too often vague and are not reviewed when circumstances change.",
        "list_item"
    ));
    assert!(has(
        &units,
        "By Priya Lowther, Local Democracy Reporter",
        "furniture"
    ));
    assert!(has(
        &units,
        "\"Too many care leavers are waiting too long for a safe and stable home.\"",
        "sentence"
    ));
}

#[test]
fn html_is_recognised_by_content_and_forced_by_input_format() {
    let dir = scratch("html_detect");
    let page = "\u{feff}\n  <!doctype HTML><title>Plans</title><body><article><h2>Findings</h2><p>Plans are weak.</p></article>";
    fs::write(dir.join("saved.txt"), page).unwrap();
    let (units, _, source) = run(&dir, &["saved.txt"]);
    assert_eq!(source["format"], "html");
    assert!(has(&units, "Plans are weak.", "sentence"), "{units:?}");
    assert!(units.iter().all(|(t, _)| !t.contains('<')), "{units:?}");

    fs::write(dir.join("fragment.txt"), "<p>Plans are <b>weak</b>.</p>").unwrap();
    let (_, text, source) = run(&dir, &["fragment.txt"]);
    assert_eq!(
        (source["format"].as_str(), text.as_str()),
        (Some("text"), "<p>Plans are <b>weak</b>.</p>")
    );
    let (units, _, source) = run(&dir, &["fragment.txt", "--input-format", "html"]);
    assert_eq!(source["format"], "html");
    assert_eq!(
        units,
        [("Plans are weak.".to_string(), "sentence".to_string())]
    );
}

#[test]
fn a_folder_walk_reads_html_pages_too() {
    let output = findings(
        &root(),
        &["run", "corpus", "--input-format", "html", "-q"],
        b"",
    );
    let ids: Vec<String> = records(&output)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["web_news_article_page.html", "web_ofsted_school_page.html"]
    );
}

/// Default stack of a spawned thread (2 MiB), as in rayon's workers.
const STACK: usize = 2 << 20;

/// Reads `page` from a file, as `findings run` would, on a thread with [`STACK`].
fn load_on_small_stack(page: String) -> Document {
    let file = scratch("html_deep").join("deep.html");
    fs::write(&file, page).unwrap();
    let path = file.to_string_lossy().into_owned();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let mut inputs = ingest::inputs(&[path], InputFormat::Auto);
            inputs.next().unwrap().load().unwrap()
        })
        .unwrap()
        .join()
        .expect("no stack overflow")
}

#[test]
fn pathological_nesting_neither_overflows_nor_stalls() {
    let deep = format!(
        "<!DOCTYPE html><html><body>{}<p>Plans are weak.</p></body></html>",
        "<div>".repeat(200_000)
    );
    let doc = load_on_small_stack(deep);
    assert_eq!(doc.source.extractor, Some("tag-strip"));
    assert_eq!(doc.text, "Plans are weak.");

    let paragraph = "<p>Plans are weak and leaders have not acted, despite many warnings from partners over several years.</p>".repeat(6);
    let depth = findings::html::MAX_DEPTH - 3;
    let nested = format!(
        "<html><body>{}{paragraph}{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let doc = load_on_small_stack(nested);
    assert_eq!(doc.source.extractor, Some("dom_smoothie"));
    assert!(
        doc.text.starts_with("Plans are weak and leaders"),
        "{}",
        doc.text
    );
}
