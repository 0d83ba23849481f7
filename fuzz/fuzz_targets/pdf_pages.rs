//! Assemble arbitrary extracted pages (split at form feeds) as a PDF's text is assembled,
//! then analyse it. pdf-extract's own parsing is not fuzzed here: its panics are caught, and
//! each failure would run pdftotext.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|text: &str| {
    let pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
    common::analyze(&findings::pdf::assemble(&pages));
});
