//! Clean, segment and classify arbitrary text.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|text: &str| common::analyze(text));
