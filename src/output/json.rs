//! A JSON writer for the bulk of a record, the units: it appends straight to the line's
//! bytes, with no record structs in between, and escapes strings a word at a time rather
//! than a byte at a time. Its bytes are exactly those `serde_json` writes for the same
//! values (the tests compare the two), so a line is the same whichever wrote which part.

use serde::Serialize;

use crate::classify::{Reason, Rule, Scores};
use crate::document::Label;
use crate::segment::UnitKind;

/// A value that can be written as JSON.
pub(super) trait Value {
    /// Appends the value's JSON to `out`.
    fn write(&self, out: &mut Vec<u8>);
}

/// A JSON object being written: fields are appended in the order they are given.
pub(super) struct Object<'o> {
    out: &'o mut Vec<u8>,
    empty: bool,
}

impl<'o> Object<'o> {
    /// Opens an object at the end of `out`.
    pub(super) fn new(out: &'o mut Vec<u8>) -> Object<'o> {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// Carries on the object at the end of `out`, whose `{` and first fields are written
    /// and whose `}` is not.
    pub(super) fn continuing(out: &'o mut Vec<u8>) -> Object<'o> {
        Object { out, empty: false }
    }

    /// Appends the key `name` (a plain identifier, written as is) and returns the bytes to
    /// append its value to.
    #[inline]
    pub(super) fn key(&mut self, name: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    /// Appends the field `name` with `value`.
    #[inline]
    pub(super) fn field(&mut self, name: &str, value: impl Value) {
        value.write(self.key(name));
    }

    /// Closes the object.
    pub(super) fn end(self) {
        self.out.push(b'}');
    }
}

/// Appends a JSON array of `items`, each written by `write`.
pub(super) fn array<I: IntoIterator>(
    out: &mut Vec<u8>,
    items: I,
    mut write: impl FnMut(&mut Vec<u8>, I::Item),
) {
    out.push(b'[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

/// Appends `value` as `serde_json` writes it: for numbers (plain decimal integers, the
/// shortest float that reads back the same), whose formatting is serde_json's to match, and
/// for the small parts of a record left to serde (head, counts, inspection).
pub(super) fn serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing numbers, strings and maps with string keys to a Vec cannot fail.
    let _ = serde_json::to_writer(out, value);
}

impl Value for usize {
    #[inline]
    fn write(&self, out: &mut Vec<u8>) {
        serde(out, self);
    }
}

impl Value for f32 {
    #[inline]
    fn write(&self, out: &mut Vec<u8>) {
        serde(out, self);
    }
}

impl Value for bool {
    #[inline]
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl Value for &str {
    fn write(&self, out: &mut Vec<u8>) {
        string(out, self);
    }
}

impl<T: Value> Value for Option<T> {
    #[inline]
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Some(value) => value.write(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

/// The scores as an object keyed by the names of the labels they weigh.
impl Value for Scores {
    fn write(&self, out: &mut Vec<u8>) {
        let mut scores = Object::new(out);
        for label in [Label::Strength, Label::Weakness, Label::Recommendation] {
            scores.field(label.as_str(), self.of(label));
        }
        scores.end();
    }
}

/// Writes an enum as its name, which needs no escaping.
macro_rules! named {
    ($($name:ty),*) => {$(
        impl Value for $name {
            #[inline]
            fn write(&self, out: &mut Vec<u8>) {
                out.push(b'"');
                out.extend_from_slice(self.as_str().as_bytes());
                out.push(b'"');
            }
        }
    )*};
}

named!(Label, UnitKind, Reason, Rule);

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it: `"` and `\` behind a
/// backslash, \b \t \n \f \r by their letters, other bytes below 0x20 as `\u00XX` (lowercase
/// hex); everything else, `/`, DEL and non-ASCII included, as it is.
pub(super) fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut clean = 0;
    while let Some(at) = next_escape(bytes, clean) {
        out.extend_from_slice(&bytes[clean..at]);
        escape(out, bytes[at]);
        clean = at + 1;
    }
    out.extend_from_slice(&bytes[clean..]);
    out.push(b'"');
}

/// The position of the first byte at or after `from` that a JSON string must escape.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut words = rest.chunks_exact(8);
    for (n, chunk) in words.by_ref().enumerate() {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        if let Some(i) = first_to_escape(word) {
            return Some(from + n * 8 + i);
        }
    }
    let tail = words.remainder();
    // Padding with spaces, which need no escaping, makes the tail one more word.
    let mut word = [b' '; 8];
    word[..tail.len()].copy_from_slice(tail);
    first_to_escape(word).map(|i| from + rest.len() - tail.len() + i)
}

/// The position of the first of these 8 bytes that must be escaped: `"`, `\` or below 0x20.
fn first_to_escape(word: [u8; 8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let word = u64::from_le_bytes(word);
    // A byte's high bit is set in `below(w, n)` when the byte is below n. A borrow can set
    // it in bytes after one that is below n too, but never before, so the lowest bit set
    // marks the first byte that matches.
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
    let equal = |n: u8| below(word ^ (ONES * u64::from(n)), 1);
    let found = below(word, 0x20) | equal(b'"') | equal(b'\\');
    (found != 0).then(|| found.trailing_zeros() as usize / 8)
}

/// Appends the escape of `byte`, one of the bytes [`first_to_escape`] finds.
fn escape(out: &mut Vec<u8>, byte: u8) {
    let named = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0c => b'f',
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hex = [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]];
            out.extend_from_slice(b"\\u00");
            out.extend_from_slice(&hex);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', named]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_low_byte: String = (0u8..0x20).map(char::from).collect();
        let tricky = [
            "",
            "plain",
            "\"",
            "\\",
            "say \"no\" \\ to \\\"that\\\"",
            &every_low_byte,
            "\u{7f}/\u{80}é – “curly” 😀 \u{2028}",
            "line one\nline two\r\n\ttabbed\u{8}\u{c}",
            "1234567\"",
            "12345678\n",
            "123456789\\",
            "\u{1f}\u{0}abcdefgh\u{0}",
            "ééééé\"ééééé\\ééé\u{1}",
            "!#$%&'()*+,-./:;<=>?@[]^_`{|}~ !!!!!!!!\u{19}",
        ];
        for s in tricky {
            assert_eq!(ours(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn each_byte_is_escaped_as_serde_json_escapes_it_wherever_it_sits() {
        for byte in 0u8..0x80 {
            for at in 0..17 {
                let mut s = "a".repeat(at);
                s.push(char::from(byte));
                s.push_str("bcd");
                assert_eq!(ours(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(
            s in "[\\x00-\\x7f\u{e9}\u{201c}\u{1f600}]{0,40}|\\PC{0,40}"
        ) {
            prop_assert_eq!(ours(&s), serde_json::to_string(&s).unwrap());
        }
    }

    fn names_agree<T: Value + Serialize>(variants: &[T]) {
        for variant in variants {
            let mut out = Vec::new();
            variant.write(&mut out);
            assert_eq!(out, serde_json::to_vec(variant).unwrap());
        }
    }

    #[test]
    fn enum_names_are_those_serde_writes() {
        names_agree(&Label::ALL);
        names_agree(&[
            UnitKind::Sentence,
            UnitKind::Heading,
            UnitKind::ListItem,
            UnitKind::Furniture,
        ]);
        names_agree(&[
            Reason::Cues,
            Reason::NoCues,
            Reason::Heading,
            Reason::Furniture,
            Reason::Section,
            Reason::Contrast,
            Reason::Continuation,
            Reason::Tag,
        ]);
        names_agree(&[
            Rule::Phrase,
            Rule::Imperative,
            Rule::Limiter,
            Rule::Mask,
            Rule::Negation,
        ]);
    }

    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        for x in [
            0.0f32,
            1.0,
            0.5,
            0.333,
            2.25,
            -0.1,
            1e-7,
            123456.79,
            f32::NAN,
        ] {
            let mut out = Vec::new();
            x.write(&mut out);
            assert_eq!(out, serde_json::to_vec(&x).unwrap());
        }
        let scores = Scores {
            strength: 1.5,
            weakness: 0.0,
            recommendation: 0.333,
        };
        let mut out = Vec::new();
        scores.write(&mut out);
        assert_eq!(out, serde_json::to_vec(&scores).unwrap());
        let mut out = Vec::new();
        let mut object = Object::new(&mut out);
        object.field("n", 1234567usize);
        object.field("yes", true);
        object.field("none", None::<&str>);
        array(object.key("list"), &[false, true], |out, b| b.write(out));
        object.end();
        assert_eq!(
            out,
            br#"{"n":1234567,"yes":true,"none":null,"list":[false,true]}"#
        );
    }
}
