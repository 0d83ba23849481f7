//! The two news articles in `../shared/seeds` (skipped when absent), read as a careful reader
//! would: the headline a heading, the report's bullets list items, quotations units of their
//! own, and the site's footer and comment furniture. Checked by structure only, so no text of
//! the articles is copied here.

use serde_json::Value;

use crate::util::{findings, records, root, shared};

/// A unit as (kind, text).
type Unit = (String, String);

/// The units of each seed article, by file name.
fn seed_units() -> Option<Vec<(String, Vec<Unit>)>> {
    let folder = shared()?.join("seeds");
    if !folder.is_dir() {
        eprintln!("skipped: {} is absent", folder.display());
        return None;
    }
    let output = findings(&root(), &["run", &folder.to_string_lossy(), "-q"], b"");
    assert_eq!(output.status.code(), Some(0));
    let field = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let docs = records(&output)
        .iter()
        .map(|record| {
            let units = record["sentences"]
                .as_array()
                .expect("a document record")
                .iter()
                .map(|u| (field(u, "kind"), field(u, "text")))
                .collect();
            (field(record, "id"), units)
        })
        .collect();
    Some(docs)
}

fn kinds(units: &[Unit]) -> Vec<&str> {
    units.iter().map(|(kind, _)| kind.as_str()).collect()
}

#[test]
fn news_articles_give_headline_bullets_quotes_and_footer_as_their_own_units() {
    let Some(docs) = seed_units() else {
        return;
    };
    assert_eq!(docs.len(), 2);
    for (id, units) in &docs {
        let kinds = kinds(units);
        assert_eq!(kinds[0], "heading", "{id}: the headline leads as a heading");
        assert!(
            units
                .iter()
                .all(|(_, text)| text.split_whitespace().count() <= 80),
            "{id}: no unit runs on past 80 words"
        );
        let quotes: Vec<&Unit> = units
            .iter()
            .filter(|(_, text)| text.starts_with(['"', '“']))
            .collect();
        assert!(!quotes.is_empty(), "{id}: a quotation opens a unit");
        assert!(
            quotes.iter().all(|(kind, _)| kind == "sentence"),
            "{id}: quotations are sentences"
        );
        let furniture = kinds.iter().filter(|&&k| k == "furniture").count();
        assert!(furniture >= 3, "{id}: site footer or comment furniture");
    }
    let (_, focused) = docs
        .iter()
        .find(|(id, _)| id.contains("fv"))
        .expect("the focused-visit article");
    let kinds = kinds(focused);
    let first = kinds
        .iter()
        .position(|&k| k == "list_item")
        .expect("bullets");
    let run = kinds[first..]
        .iter()
        .take_while(|&&k| k == "list_item")
        .count();
    assert_eq!(run, 6, "the report's six bullets are six list items");
    assert_eq!(
        kinds[kinds.len() - 3..],
        ["furniture"; 3],
        "the address, telephone and credit lines close the page as furniture"
    );
}
