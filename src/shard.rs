//! Shards: one corpus split into N disjoint parts, so that N jobs (a Slurm job array, N
//! machines) can each take one part and together cover every document exactly once, with
//! nothing to coordinate but the two numbers K and N.
//!
//! A document belongs to shard K of N when the FNV-1a 64-bit hash of its id (its UTF-8
//! bytes) is K-1 modulo N. The decision depends on the id alone: not on the order the inputs
//! are listed in, on other documents, on the machine or on the build. That is why the hash is
//! written out here rather than taken from `std`, whose `RandomState` is seeded per process and
//! whose `DefaultHasher` may change between Rust releases.
//!
//! The same hash fingerprints each input's raw bytes (`source.input_hash` in the output),
//! so that `--resume` can tell a changed input from an unchanged one.
//!
//! ```
//! use findings::shard::Shard;
//!
//! let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
//! let owners = shards.iter().filter(|s| s.contains("letter.txt")).count();
//! assert_eq!(owners, 1);
//! assert!("0/3".parse::<Shard>().is_err());
//! ```

use std::fmt;
use std::str::FromStr;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The FNV-1a 64-bit hash of `bytes`: stable across machines, builds and releases.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_extend(FNV_OFFSET, bytes)
}

/// Carries an FNV-1a 64-bit hash on over more bytes, so that several pieces hash as one
/// ([`FNV1A64_START`] is the hash of nothing).
pub fn fnv1a64_extend(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

/// The FNV-1a 64-bit hash of no bytes: where [`fnv1a64_extend`] starts.
pub const FNV1A64_START: u64 = FNV_OFFSET;

/// `bytes`' fingerprint as the output writes it: `fnv1a64:` and 16 hex digits.
pub fn fingerprint(bytes: &[u8]) -> String {
    fingerprint_of(fnv1a64(bytes))
}

/// A hash written as the output writes fingerprints: `fnv1a64:` and 16 hex digits.
pub fn fingerprint_of(hash: u64) -> String {
    format!("fnv1a64:{hash:016x}")
}

/// Shard K of N (`K/N` on the command line), 1 <= K <= N.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// Shard `index` of `count`, counting from 1; `None` unless 1 <= `index` <= `count`.
    pub fn new(index: u64, count: u64) -> Option<Shard> {
        (1..=count)
            .contains(&index)
            .then_some(Shard { index, count })
    }

    /// True when the document with this id belongs to this shard.
    pub fn contains(&self, id: &str) -> bool {
        fnv1a64(id.as_bytes()) % self.count == self.index - 1
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let (index, count) = text
            .split_once('/')
            .and_then(|(k, n)| Some((k.parse::<u64>().ok()?, n.parse::<u64>().ok()?)))
            .ok_or_else(|| format!("expected K/N, two whole numbers such as 2/10, not {text:?}"))?;
        Shard::new(index, count).ok_or_else(|| {
            format!("K/N needs 1 <= K <= N (shards count from 1: 1/{count} to {count}/{count})")
        })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_values() {
        // From the FNV reference test vectors (http://www.isthe.com/chongo/tech/comp/fnv/).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fingerprint(b"a"), "fnv1a64:af63dc4c8601ec8c");
    }

    #[test]
    fn parses_k_of_n_and_rejects_the_rest() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        assert_eq!(
            "1/1".parse::<Shard>().map(|s| s.to_string()),
            Ok("1/1".into())
        );
        for bad in [
            "0/3", "4/3", "0/0", "x", "3", "1/", "/3", "-1/3", "1/3/5", " 1/3", "1.0/3",
        ] {
            assert!(bad.parse::<Shard>().is_err(), "{bad:?} is accepted");
        }
        assert!("4/3".parse::<Shard>().unwrap_err().contains("1 <= K <= N"));
        assert!("x".parse::<Shard>().unwrap_err().contains("expected K/N"));
    }

    #[test]
    fn every_id_is_in_exactly_one_shard_and_shards_are_balanced() {
        let ids: Vec<String> = (0..3000).map(|i| format!("12_many/{i:04}.txt")).collect();
        for count in [1, 2, 3, 7, 100] {
            let shards: Vec<Shard> = (1..=count).filter_map(|k| Shard::new(k, count)).collect();
            let mut sizes = vec![0usize; shards.len()];
            for id in &ids {
                let owners: Vec<usize> = (0..shards.len())
                    .filter(|&k| shards[k].contains(id))
                    .collect();
                assert_eq!(owners.len(), 1, "{id} in shards {owners:?} of {count}");
                sizes[owners[0]] += 1;
            }
            let fair = ids.len() / shards.len();
            assert!(
                sizes.iter().all(|&n| n * 2 >= fair && n <= fair * 2),
                "{count} shards: sizes {sizes:?}"
            );
        }
    }
}
