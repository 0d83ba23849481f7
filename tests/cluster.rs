//! Running at scale: shards, lists of files, resumed and interrupted runs.

use std::collections::HashMap;
use std::fs;
use std::process::Output;

use crate::util::{findings, records, root, scratch};

/// The output's lines, each with its `\n`, keyed by the record's id.
fn lines_by_id(stdout: &[u8]) -> Vec<(String, Vec<u8>)> {
    stdout
        .split_inclusive(|&b| b == b'\n')
        .map(|line| {
            let record: serde_json::Value = serde_json::from_slice(line).expect("a JSON line");
            let id = record["id"].as_str().expect("an id").to_string();
            (id, line.to_vec())
        })
        .collect()
}

#[test]
fn shards_cover_the_corpus_exactly_once_with_the_same_records() {
    let whole = findings(&root(), &["run", "corpus", "missing.txt", "-q"], b"");
    assert_eq!(
        whole.status.code(),
        Some(1),
        "missing.txt is an error record"
    );
    let whole = lines_by_id(&whole.stdout);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let args = ["run", "corpus", "missing.txt", "--shard", &shard, "-q"];
        let part = findings(&root(), &args, b"");
        let part = lines_by_id(&part.stdout);
        assert!(
            !part.is_empty() && part.len() < whole.len(),
            "shard {shard}"
        );
        for (id, line) in part {
            let (_, expected) = whole.iter().find(|(w, _)| *w == id).expect("a known id");
            assert!(line == *expected, "{id}: shard {shard} wrote other bytes");
            *seen.entry(id).or_default() += 1;
        }
    }
    assert_eq!(seen.len(), whole.len(), "every id is in some shard");
    assert!(seen.values().all(|&n| n == 1), "no id is in two shards");
}

#[test]
fn bad_shards_are_usage_errors() {
    for bad in ["0/3", "4/3", "x", "3"] {
        let output = findings(&root(), &["run", "corpus", "--shard", bad], b"");
        assert_eq!(output.status.code(), Some(2), "--shard {bad}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--shard"), "{stderr}");
    }
}

#[test]
fn files_from_reads_a_list_of_paths_after_the_arguments() {
    let dir = scratch("cluster_files_from");
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(dir.join("a.txt"), "Plans are clear.").unwrap();
    fs::write(dir.join("b.txt"), "Visits are late.").unwrap();
    fs::write(dir.join("sub/c.md"), "Good.").unwrap();
    fs::write(dir.join("list.txt"), "b.txt\r\n\nmissing.txt\n  \nsub\n").unwrap();
    let ids = |output: &Output| -> Vec<String> {
        records(output)
            .iter()
            .map(|r| r["id"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let output = findings(
        &dir,
        &["run", "a.txt", "--files-from", "list.txt", "-q"],
        b"",
    );
    assert_eq!(output.status.code(), Some(1), "missing.txt failed");
    assert_eq!(ids(&output), ["a.txt", "b.txt", "missing.txt", "c.md"]);
    assert_eq!(records(&output)[2]["error"], "no such file or directory");

    let from_stdin = findings(
        &dir,
        &["run", "--files-from", "-", "-q"],
        b"sub/c.md\nb.txt",
    );
    assert_eq!(from_stdin.status.code(), Some(0));
    assert_eq!(ids(&from_stdin), ["sub/c.md", "b.txt"]);
}

#[test]
fn files_from_errors_are_usage_errors() {
    let dir = scratch("cluster_files_from_errors");
    let missing_list = findings(&dir, &["run", "--files-from", "nothing.txt"], b"");
    assert_eq!(missing_list.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing_list.stderr);
    assert!(
        stderr.contains("--files-from nothing.txt: no such file"),
        "{stderr}"
    );
    let stdin_twice = findings(&dir, &["run", "-", "--files-from", "-"], b"a.txt\n");
    assert_eq!(stdin_twice.status.code(), Some(2));
    assert_eq!(findings(&dir, &["run", "-q"], b"").status.code(), Some(2));
}
