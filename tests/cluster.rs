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

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The first `n` lines of `bytes`, then half of the next one, as a killed run leaves them.
fn cut_after(bytes: &[u8], n: usize) -> Vec<u8> {
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let mut cut = lines[..n].concat();
    cut.extend_from_slice(&lines[n][..lines[n].len() / 2]);
    cut
}

#[test]
fn a_resumed_run_writes_the_bytes_of_an_uninterrupted_one() {
    let dir = scratch("cluster_resume");
    let corpus = root().join("corpus");
    let corpus = corpus.to_str().expect("a UTF-8 path");
    let clean = findings(&dir, &["run", corpus, "-o", "clean.jsonl", "-q"], b"");
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    let clean = fs::read(dir.join("clean.jsonl")).unwrap();

    // Cut short where the output was, or where an interrupted -o run leaves it, after the
    // third line or in the middle of the fourth.
    let first_three: Vec<&[u8]> = clean.split_inclusive(|&b| b == b'\n').take(3).collect();
    let first_three = first_three.concat();
    for name in ["out.jsonl", "out.jsonl.partial"] {
        for cut in [&first_three, &cut_after(&clean, 3)] {
            let _ = fs::remove_file(dir.join("out.jsonl"));
            fs::write(dir.join(name), cut).unwrap();
            let resumed = findings(&dir, &["run", corpus, "-o", "out.jsonl", "--resume"], b"");
            assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
            assert!(
                stderr(&resumed).contains("(3 reused from the previous output)"),
                "{name}, {} bytes: {}",
                cut.len(),
                stderr(&resumed)
            );
            assert!(fs::read(dir.join("out.jsonl")).unwrap() == clean, "{name}");
            assert!(!dir.join("out.jsonl.partial").exists(), "{name}");
        }
    }
}

#[test]
fn a_resumed_run_analyses_changed_inputs_again() {
    let dir = scratch("cluster_resume_changed");
    fs::create_dir_all(dir.join("in")).unwrap();
    for (name, text) in [
        ("a", "Plans are clear."),
        ("b", "Visits are late."),
        ("c", "Good."),
    ] {
        fs::write(dir.join(format!("in/{name}.txt")), text).unwrap();
    }
    let first = findings(&dir, &["run", "in", "-o", "out.jsonl", "-q"], b"");
    assert_eq!(first.status.code(), Some(0));
    let before = lines_by_id(&fs::read(dir.join("out.jsonl")).unwrap());

    fs::write(dir.join("in/b.txt"), "Visits are timely.").unwrap();
    let resumed = findings(&dir, &["run", "in", "-o", "out.jsonl", "--resume"], b"");
    assert!(
        stderr(&resumed).contains("(2 reused"),
        "{}",
        stderr(&resumed)
    );
    let after = lines_by_id(&fs::read(dir.join("out.jsonl")).unwrap());
    let clean = findings(&dir, &["run", "in", "-q"], b"");
    assert!(fs::read(dir.join("out.jsonl")).unwrap() == clean.stdout);
    assert!(after[0] == before[0] && after[2] == before[2]);
    let b: serde_json::Value = serde_json::from_slice(&after[1].1).unwrap();
    assert_eq!(
        (
            b["counts"]["strength"].as_u64(),
            b["counts"]["weakness"].as_u64()
        ),
        (Some(1), Some(0))
    );
    let old_b: serde_json::Value = serde_json::from_slice(&before[1].1).unwrap();
    assert_ne!(b["source"]["input_hash"], old_b["source"]["input_hash"]);

    fs::write(
        dir.join("mine.toml"),
        "[[cues]]\nclass = \"weakness\"\nphrases = [\"zorbing\"]\n",
    )
    .unwrap();
    let other_lexicon = [
        "run",
        "in",
        "-o",
        "out.jsonl",
        "--resume",
        "--lexicon",
        "mine.toml",
    ];
    let relabelled = findings(&dir, &other_lexicon, b"");
    assert!(
        stderr(&relabelled).contains("(0 reused"),
        "{}",
        stderr(&relabelled)
    );
}

#[test]
fn resume_needs_an_output_file_that_is_findings_output() {
    let dir = scratch("cluster_resume_errors");
    fs::write(dir.join("a.txt"), "Plans are clear.").unwrap();
    let no_output = findings(&dir, &["run", "a.txt", "--resume"], b"");
    assert_eq!(no_output.status.code(), Some(2));
    fs::write(
        dir.join("notes.jsonl"),
        "my notes\n{\"type\": \"document\", \"id\": \"a.txt\"}\n",
    )
    .unwrap();
    let not_ours = findings(
        &dir,
        &["run", "a.txt", "-o", "notes.jsonl", "--resume"],
        b"",
    );
    assert_eq!(not_ours.status.code(), Some(2));
    assert!(
        stderr(&not_ours).contains("notes.jsonl:1: not a findings record"),
        "{}",
        stderr(&not_ours)
    );
    assert_eq!(
        fs::read_to_string(dir.join("notes.jsonl"))
            .unwrap()
            .lines()
            .count(),
        2
    );
}

/// Starts `findings run in - --input-format text -o out.jsonl ...` with stdin left open, and
/// waits until it has written part of its output: the run cannot finish while it waits for
/// stdin, which comes last, so a signal is sure to catch it in the middle.
#[cfg(unix)]
fn start_a_run_that_waits(dir: &std::path::Path, extra: &[&str]) -> std::process::Child {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut args = vec![
        "run",
        "in",
        "-",
        "--input-format",
        "text",
        "-o",
        "out.jsonl",
        "-q",
    ];
    args.extend_from_slice(extra);
    let child = Command::new(env!("CARGO_BIN_EXE_findings"))
        .args(&args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run findings");
    let partial = dir.join("out.jsonl.partial");
    let started = Instant::now();
    while fs::metadata(&partial).map_or(true, |m| m.len() < 100_000) {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no output yet"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_the_output_file_as_it_was() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Command;
    let dir = scratch("cluster_interrupted");
    fs::create_dir_all(dir.join("in")).unwrap();
    for i in 0..3000 {
        let text = format!("Visit {i} was timely. Plans are not always clear.\n");
        fs::write(dir.join(format!("in/{i:04}.txt")), text).unwrap();
    }
    let previous = b"{\"type\":\"document\",\"id\":\"an earlier run\"}\n";
    for (signal, number) in [("INT", 2), ("TERM", 15), ("KILL", 9)] {
        fs::write(dir.join("out.jsonl"), previous).unwrap();
        let mut child = start_a_run_that_waits(&dir, &[]);
        let pid = child.id().to_string();
        let sent = Command::new("kill").args(["-s", signal, &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -s {signal}");
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(number),
            "ended by SIG{signal}: {status:?}"
        );
        assert!(
            fs::read(dir.join("out.jsonl")).unwrap() == previous,
            "SIG{signal}"
        );
        let partial = dir.join("out.jsonl.partial");
        assert_eq!(
            partial.exists(),
            signal == "KILL",
            "SIG{signal}: out.jsonl.partial"
        );
        let _ = fs::remove_file(partial);
    }

    // With --resume, what the interrupted run wrote is kept, and the next --resume uses it.
    let _ = fs::remove_file(dir.join("out.jsonl"));
    let clean = findings(
        &dir,
        &["run", "in", "-", "--input-format", "text", "-q"],
        b"",
    );
    let mut child = start_a_run_that_waits(&dir, &["--resume"]);
    let pid = child.id().to_string();
    let sent = Command::new("kill").args(["-s", "INT", &pid]).status();
    assert!(sent.is_ok_and(|s| s.success()));
    assert_eq!(child.wait().unwrap().signal(), Some(2));
    assert!(!dir.join("out.jsonl").exists());
    let kept = fs::read(dir.join("out.jsonl.partial")).unwrap();
    let whole_lines = kept.iter().filter(|&&b| b == b'\n').count();
    let args = [
        "run",
        "in",
        "-",
        "--input-format",
        "text",
        "-o",
        "out.jsonl",
        "--resume",
    ];
    let resumed = findings(&dir, &args, b"");
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    assert!(fs::read(dir.join("out.jsonl")).unwrap() == clean.stdout);
    let said = stderr(&resumed);
    let reused: usize = said
        .split(" (")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        reused > 0 && reused == whole_lines,
        "{whole_lines} lines kept; {said}"
    );
}
