//! HTML: the main content of a web page, as text the cleaner can read.
//!
//! A saved news or GOV.UK page is mostly chrome: a skip link, a cookie banner, navigation,
//! breadcrumbs, share buttons, "most read" and related links, reader comments and a footer.
//! Read as text, that chrome would become units. The page is therefore reduced to its main
//! content first, with `dom_smoothie` (a port of the readability.js algorithm behind
//! Firefox's Reader View; feature `html`, on by default), before any offset exists: the
//! document's text (what every offset refers to, and what `--emit-text` shows) is the
//! extracted text.
//!
//! The cleaned article is rendered with `dom_query`'s formatted text, which keeps block
//! boundaries as blank lines, after two marks that the cleaner already reads: each list item
//! starts with a bullet (`• `) and each heading with a markdown `# `, so both come out as units
//! of their own whatever their punctuation. Readability drops the page's headline from the
//! article (it duplicates the title), so the title it finds leads the text as a heading.
//!
//! Deeply nested markup is pathological for a tree builder: the HTML parsing algorithm scans
//! the stack of open elements for each new element, so a page of 200,000 nested `<div>`s
//! would take quadratic time. A linear pre-scan measures the nesting first; beyond
//! [`MAX_DEPTH`] (browsers' own limit is of that order), or when readability finds no article,
//! the tags are stripped instead, and `source.extractor` says so.

use std::ops::Range;

/// The deepest element nesting handed to the HTML parser; deeper pages are tag-stripped.
pub const MAX_DEPTH: usize = 512;

/// How far into a file [`is_html`] looks for its markers.
const SNIFF_BYTES: usize = 1024;

/// The text of a page's main content and how it was obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    /// The article's text: title, headings, paragraphs and list items, one block per line
    /// or paragraph.
    pub text: String,
    /// The extractor that produced it: `dom_smoothie`, or `tag-strip` when the page was too
    /// deeply nested or had no article readability could find.
    pub extractor: &'static str,
}

/// True when `bytes` look like an HTML page: after any byte-order mark and white space they
/// start with `<`, and a doctype, `<html`, `<head` or `<body` tag comes within the first
/// kilobyte (case-insensitively).
pub fn is_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(head) = start.map(|s| &bytes[s..bytes.len().min(s + SNIFF_BYTES)]) else {
        return false;
    };
    if !head.starts_with(b"<") {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|marker| memchr::memmem::find(&lower, marker).is_some())
}

/// Extracts the main content of an HTML page as text.
pub fn extract(html: &str) -> Extracted {
    if nesting_depth(html) <= MAX_DEPTH
        && let Some(text) = readable(html)
    {
        return Extracted {
            text,
            extractor: "dom_smoothie",
        };
    }
    Extracted {
        text: strip_tags(html),
        extractor: "tag-strip",
    }
}

#[cfg(feature = "html")]
fn readable(html: &str) -> Option<String> {
    use dom_smoothie::{Config, Readability, TextMode};
    let config = Config {
        text_mode: TextMode::Raw,
        ..Config::default()
    };
    let article = Readability::new(html, None, Some(config))
        .ok()?
        .parse()
        .ok()?;
    let content = dom_query::Document::from(article.content.as_ref());
    content.select("li").prepend_html("• ");
    content.select("h1, h2, h3, h4, h5, h6").prepend_html("# ");
    let body = content.select("body").formatted_text();
    let title = crate::document::fold_spaces(&article.title);
    let text = match (title.is_empty(), body.trim().is_empty()) {
        (_, true) => return None,
        (true, false) => body.to_string(),
        (false, false) => format!("# {title}\n\n{body}"),
    };
    Some(text)
}

#[cfg(not(feature = "html"))]
fn readable(_: &str) -> Option<String> {
    None
}

/// Elements that never have a closing tag, so never deepen the nesting.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The deepest nesting of elements in `html`, counted in one pass over its tags (an
/// estimate: unclosed `<p>` and `<li>` count as open, which only overstates it).
fn nesting_depth(html: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (_, tag) in tags(html) {
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            if !name.is_empty() {
                depth = depth.saturating_sub(1);
            }
        } else if !tag.ends_with('/') && !VOID.contains(&tag_name(tag).as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The tags of `html`, in order: where each is (`<` to `>`) and what is inside it (`div
/// class="x"`, `/div`, `!-- a comment --`). A `<` that another `<` follows before any `>`
/// is text, so the scan is linear whatever the input.
fn tags(html: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let bytes = html.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let open = at + memchr::memchr(b'<', &bytes[at..])?;
            let inside = open + 1;
            let end = inside + memchr::memchr2(b'<', b'>', &bytes[inside..])?;
            if bytes[end] == b'<' {
                at = end;
                continue;
            }
            at = end + 1;
            return Some((open..at, &html[inside..end]));
        }
    })
}

/// The lower-cased name of a tag from its insides (`Div class="x"` gives `div`).
fn tag_name(inside: &str) -> String {
    let inside = inside.trim_start_matches('/');
    let end = inside
        .find(|c: char| c.is_ascii_whitespace() || c == '/')
        .unwrap_or(inside.len());
    inside[..end].to_ascii_lowercase()
}

/// Elements that start a new block of text.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "title",
    "tr",
    "ul",
];

/// The page's text without its tags: script and style contents dropped, a line break where
/// a block element starts or ends (so blocks do not run together), the commonest entities decoded, blank lines
/// between blocks.
fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut from = 0;
    let mut raw_text: Option<String> = None;
    for (at, tag) in tags(html) {
        let name = tag_name(tag);
        if let Some(open) = &raw_text {
            // Inside a script or style: nothing is text until its closing tag.
            if tag.starts_with('/') && name == *open {
                raw_text = None;
                from = at.end;
            }
            continue;
        }
        text.push_str(&html[from..at.start]);
        from = at.end;
        if BLOCK.contains(&name.as_str()) {
            text.push('\n');
        }
        if matches!(name.as_str(), "script" | "style") && !tag.starts_with('/') {
            raw_text = Some(name);
        }
    }
    if raw_text.is_none() {
        text.push_str(&html[from..]);
    }
    let lines: Vec<String> = text
        .lines()
        .map(|line| decode_entities(&line.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n\n")
}

/// Decodes the entities text most often carries.
fn decode_entities(line: &str) -> String {
    if !line.contains('&') {
        return line.to_string();
    }
    [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&rsquo;", "’"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(line.to_string(), |acc, (from, to)| acc.replace(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_html_by_its_opening_markers() {
        assert!(is_html(b"\xEF\xBB\xBF  \n<!DOCTYPE html><p>x"));
        assert!(is_html(b"<!-- saved page -->\n<HTML lang=en>"));
        assert!(is_html(b"<head><title>x</title></head>"));
        assert!(!is_html(b"Plans are <b>weak</b>. <html> comes late"));
        assert!(!is_html(b"<p>A fragment with no page markers.</p>"));
        assert!(!is_html(b"   "));
    }

    #[test]
    fn nesting_is_measured_without_void_or_self_closed_elements() {
        assert_eq!(nesting_depth("<div><p>a<br>b<img src=x/></p></div>"), 2);
        assert_eq!(nesting_depth("<!-- note --><div></div><div></div>"), 1);
        assert_eq!(nesting_depth(&format!("{}<p>", "<".repeat(100_000))), 1);
        assert_eq!(nesting_depth(&"<div>".repeat(1000)), 1000);
    }

    #[test]
    fn tag_stripping_keeps_blocks_apart_and_drops_scripts() {
        let page = "<div><h1>Title</h1><SCRIPT>var a = '<p>';</script><p>Plans&nbsp;are <b>weak</b> &amp; late.</p></div>";
        assert_eq!(strip_tags(page), "Title\n\nPlans are weak & late.");
        assert_eq!(strip_tags("<p>a < b and c</p><style>p {}"), "a < b and c");
    }

    #[test]
    fn too_deep_pages_are_tag_stripped() {
        let page = format!(
            "<html><body>{}<p>Plans are weak.</p></body></html>",
            "<div>".repeat(MAX_DEPTH + 1)
        );
        let got = extract(&page);
        assert_eq!(got.extractor, "tag-strip");
        assert_eq!(got.text, "Plans are weak.");
    }
}
