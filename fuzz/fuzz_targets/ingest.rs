//! Ingest arbitrary bytes as a file is read: decode them, reduce an HTML page (or, when the
//! first byte is odd, any input, as `--input-format html` does) to its main content, then
//! analyse the text. PDFs are left to the `pdf_pages` target.
#![no_main]

mod common;

use findings::{html, ingest};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let forced = bytes.first().is_some_and(|b| b & 1 == 1);
    let Ok((text, _)) = ingest::decode(bytes.to_vec()) else {
        return;
    };
    let text = if forced || html::is_html(bytes) {
        html::extract(&text).text
    } else {
        text
    };
    common::analyze(&text);
});
