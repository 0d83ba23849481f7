//! The command line: exit codes, inputs, determinism, bad input, and each subcommand.

use std::fs;
use std::io::Read;
use std::process::{Command, Stdio};

use crate::util::{csv_fields, findings, records, root, scratch};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn output_bytes_do_not_depend_on_the_number_of_jobs() {
    let one = findings(&root(), &["run", "corpus", "-j", "1", "-q"], b"");
    let two = findings(&root(), &["run", "corpus", "-j", "2", "-q"], b"");
    let five = findings(&root(), &["run", "corpus", "-j", "5", "-q"], b"");
    assert_eq!(one.status.code(), Some(0));
    assert!(one.stdout.len() > 10_000);
    assert!(one.stdout == two.stdout, "-j 1 and -j 2 differ");
    assert!(one.stdout == five.stdout, "-j 1 and -j 5 differ");
}

#[test]
fn ids_are_relative_to_the_folder_and_in_sorted_order() {
    let dir = scratch("cli_ids");
    fs::create_dir_all(dir.join("in/b")).unwrap();
    fs::write(dir.join("in/b/z.txt"), "Plans are weak.").unwrap();
    fs::write(dir.join("in/a.md"), "Plans are clear.").unwrap();
    fs::write(dir.join("in/c.txt"), "Good.").unwrap();
    fs::write(dir.join("in/notes.csv"), "skipped").unwrap();
    fs::write(dir.join("in/.hidden.txt"), "skipped").unwrap();
    let output = findings(&dir, &["run", "in", "in/c.txt", "-q"], b"");
    let ids: Vec<_> = records(&output)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a.md", "b/z.txt", "c.txt", "in/c.txt"]);
}

#[test]
fn stdin_as_text_or_jsonl() {
    let dir = scratch("cli_stdin");
    let text = findings(
        &dir,
        &["run", "-", "-q"],
        b"Plans are clear. Visits are late.",
    );
    let records_text = records(&text);
    assert_eq!(records_text[0]["id"], "-");
    assert_eq!(records_text[0]["counts"]["strength"], 1);
    assert_eq!(records_text[0]["counts"]["weakness"], 1);

    let jsonl = b"{\"id\": \"x\", \"text\": \"Plans are clear.\"}\n{\"id\": 2, \"text\": \"Visits are late.\", \"la\": \"Y\"}\n";
    let output = findings(&dir, &["run", "-", "-q"], jsonl);
    let lines = records(&output);
    assert_eq!(
        (lines[0]["id"].as_str(), lines[1]["id"].as_str()),
        (Some("x"), Some("2"))
    );
    assert_eq!(lines[1]["meta"]["la"], "Y");

    let forced = findings(&dir, &["run", "-", "--input-format", "text", "-q"], jsonl);
    assert_eq!(
        records(&forced).len(),
        1,
        "--input-format text reads stdin as one document"
    );
}

#[test]
fn output_file_is_complete_and_leaves_no_partial_file() {
    let dir = scratch("cli_output_file");
    fs::write(dir.join("a.txt"), "Plans are clear.").unwrap();
    let output = findings(&dir, &["run", "a.txt", "-o", "out.jsonl", "-q"], b"");
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let written = fs::read_to_string(dir.join("out.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 1);
    assert!(!dir.join("out.jsonl.partial").exists());
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_findings"))
        .args(["run", "corpus", "corpus", "corpus", "corpus", "-q"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

#[test]
fn usage_and_lexicon_errors_exit_2() {
    let dir = scratch("cli_usage");
    assert_eq!(findings(&dir, &["run"], b"").status.code(), Some(2));
    assert_eq!(
        findings(&dir, &["run", "x", "--no-such-flag"], b"")
            .status
            .code(),
        Some(2)
    );
    fs::write(
        dir.join("bad.toml"),
        "[[cues]]\nclass = \"weakness\"\nphrases = [\"late\", \"late\"]\n",
    )
    .unwrap();
    let output = findings(&dir, &["run", "-", "--lexicon", "bad.toml"], b"text");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("bad.toml:3: entry \"late\": duplicate phrase"),
        "{}",
        stderr(&output)
    );
    let check = findings(&dir, &["lexicon", "check", "bad.toml"], b"");
    assert_eq!(check.status.code(), Some(2));
    assert!(stderr(&check).contains("bad.toml:3"));
}

#[test]
fn a_user_lexicon_merges_over_the_default() {
    let dir = scratch("cli_lexicon");
    fs::write(
        dir.join("mine.toml"),
        "[[cues]]\nclass = \"weakness\"\nphrases = [\"zorbing\"]\n[remove]\nphrases = [\"clear\"]\n",
    )
    .unwrap();
    let check = findings(&dir, &["lexicon", "check", "mine.toml"], b"");
    assert_eq!(check.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&check.stdout).starts_with("ok: "));
    let input = b"Zorbing is common.\nPlans are clear.\n";
    let plain = records(&findings(&dir, &["classify"], input));
    let mine = records(&findings(
        &dir,
        &["classify", "--lexicon", "mine.toml"],
        input,
    ));
    assert_eq!(
        (plain[0]["label"].as_str(), plain[1]["label"].as_str()),
        (Some("neutral"), Some("strength"))
    );
    assert_eq!(
        (mine[0]["label"].as_str(), mine[1]["label"].as_str()),
        (Some("weakness"), Some("neutral"))
    );
}

#[test]
fn classify_writes_one_object_per_line_in_order() {
    let dir = scratch("cli_classify");
    let output = findings(
        &dir,
        &["classify"],
        b"Plans are not effective.\r\n\nEnsure that plans are reviewed.\n",
    );
    assert_eq!(output.status.code(), Some(0));
    let lines = records(&output);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["text"], "Plans are not effective.");
    assert_eq!(lines[0]["label"], "weakness");
    assert_eq!(lines[1]["label"], "neutral");
    assert_eq!(lines[2]["label"], "recommendation");
    let cue = &lines[2]["cues"][0];
    assert_eq!(
        (
            cue["text"].as_str(),
            cue["start"].as_u64(),
            cue["rule"].as_str()
        ),
        (Some("Ensure"), Some(0), Some("imperative"))
    );
}

#[test]
fn explain_shows_the_reasoning() {
    let dir = scratch("cli_explain");
    let output = findings(
        &dir,
        &["explain", "There was no evidence of drift or delay."],
        b"",
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("[strength 1.00] There was no evidence of drift or delay."),
        "{text}"
    );
    assert!(
        text.contains("cue \"drift\" -> strength 1.00 (negated)"),
        "{text}"
    );
    assert!(text.contains("lexicon/default.toml:"), "{text}");

    let mixed = findings(
        &dir,
        &["explain", "Caseloads have fallen, but plans remain weak."],
        b"",
    );
    let text = String::from_utf8_lossy(&mixed.stdout);
    assert!(
        text.contains(
            "    clause \"Caseloads have fallen\" -> strength (yields to the main clause)\n    \
             clause \"but plans remain weak.\" -> weakness\n"
        ),
        "{text}"
    );
}

#[test]
fn eval_reports_scores_from_a_gold_file() {
    let dir = scratch("cli_eval");
    let gold = [
        r#"{"text": "Plans are effective.", "label": "strength"}"#,
        r#"{"text": "Plans are late.", "label": "weakness"}"#,
        r#"{"text": "The quality of plans.", "label": "recommendation", "kind": "list_item", "section": "What needs to improve?"}"#,
        r#"{"text": "The visit took place in May.", "label": "neutral"}"#,
        r#"{"text": "Leaders are ambitious.", "label": "neutral", "alt": ["strength"]}"#,
        r#"{"text": "Visits happen.", "label": "strength"}"#,
    ];
    fs::write(dir.join("gold.jsonl"), gold.join("\n")).unwrap();
    let output = findings(&dir, &["eval", "gold.jsonl", "--mistakes"], b"");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("accuracy 0.833 over 6 units"), "{text}");
    assert!(
        text.contains("| strength | 1.000 | 0.667 | 0.800 | 3 |"),
        "{text}"
    );
    assert!(text.contains(r#""gold":"strength","kind":null,"predicted":"neutral","section":null,"text":"Visits happen.""#), "{text}");
    fs::write(dir.join("broken.jsonl"), "{\"text\": \"x\"}\n").unwrap();
    let broken = findings(&dir, &["eval", "broken.jsonl"], b"");
    assert_eq!(broken.status.code(), Some(2));
    assert!(stderr(&broken).contains("broken.jsonl:1"));
}

/// Deterministic pseudo-random bytes (no dependency needed for a fixed sequence).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 56) as u8
        })
        .collect()
}

#[test]
fn bad_input_never_crashes_and_never_disappears() {
    let dir = scratch("cli_bad_input");
    let inputs = dir.join("in");
    fs::create_dir_all(&inputs).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Plans are clear.".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("01_empty.txt", vec![]),
        ("02_blank.txt", b" \n\t\r\n\x0c\n".to_vec()),
        ("03_noise.txt", noise(4096, 7)),
        ("04_nul.txt", b"Plans\0are clear.".to_vec()),
        ("05_latin1.txt", b"Caf\xE9 plans are clear.".to_vec()),
        ("06_utf16.txt", utf16),
        (
            "07_crlf.txt",
            b"Heading\r\n\r\nPlans are clear.\r\nVisits are late.\r\n".to_vec(),
        ),
        ("08_long_line.txt", "word ".repeat(200_000).into_bytes()),
        (
            "09_dots.txt",
            ". . .... ?!?! ((( ))) \u{F06E}\n-\n1.\n(c)\n#\n"
                .as_bytes()
                .to_vec(),
        ),
    ];
    for (name, bytes) in &files {
        fs::write(inputs.join(name), bytes).unwrap();
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            inputs.join("nowhere.txt"),
            inputs.join("10_broken_link.txt"),
        )
        .unwrap();
        use std::os::unix::ffi::OsStrExt;
        let odd = std::ffi::OsStr::from_bytes(b"11_name_\xFF.txt");
        fs::write(inputs.join(odd), "Plans are clear.").unwrap();
    }
    let many = inputs.join("12_many");
    fs::create_dir_all(&many).unwrap();
    for i in 0..2000 {
        fs::write(
            many.join(format!("{i:04}.txt")),
            format!("Visit {i} was timely."),
        )
        .unwrap();
    }
    let output = findings(&dir, &["run", "in", "missing.txt", "-q"], b"");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines = records(&output);
    let expected = files.len() + if cfg!(unix) { 2 } else { 0 } + 2000 + 1;
    assert_eq!(lines.len(), expected, "every input comes back as a record");
    let by_id = |id: &str| {
        lines
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no record for {id}"))
    };
    for failed in ["04_nul.txt", "missing.txt"] {
        assert_eq!(by_id(failed)["type"], "error", "{failed}");
        assert!(
            stderr(&output).contains(&format!("findings: {failed}: ")),
            "stderr names {failed}"
        );
    }
    assert_eq!(by_id("05_latin1.txt")["source"]["encoding"], "windows-1252");
    assert_eq!(
        by_id("05_latin1.txt")["sentences"][0]["text"],
        "Café plans are clear."
    );
    assert_eq!(by_id("06_utf16.txt")["source"]["encoding"], "utf-16le");
    assert_eq!(by_id("06_utf16.txt")["counts"]["strength"], 1);
    assert_eq!(
        by_id("07_crlf.txt")["sentences"][2]["text"],
        "Visits are late."
    );
    assert_eq!(
        by_id("01_empty.txt")["sentences"].as_array().unwrap().len(),
        0
    );
    assert_eq!(by_id("08_long_line.txt")["type"], "document");
    assert_eq!(by_id("09_dots.txt")["type"], "document");
    if cfg!(unix) {
        assert_eq!(by_id("10_broken_link.txt")["error"], "broken symbolic link");
        assert!(
            lines
                .iter()
                .any(|r| r["id"] == "11_name_\u{FFFD}.txt" && r["type"] == "document")
        );
    }
    assert_eq!(by_id("12_many/1999.txt")["counts"]["strength"], 1);
    let noise_record = by_id("03_noise.txt");
    assert!(noise_record["type"] == "error" || noise_record["type"] == "document");
}

#[test]
fn summary_writes_one_csv_row_per_record() {
    let dir = scratch("cli_summary");
    let report = "Inspection of Westmoor local authority children’s services\n\nInspection dates: 6 to 10 March 2023\nLead inspector: Jane Smith, His Majesty’s Inspector\n\nJudgement\nGrade\nOverall effectiveness\nGood\n\nPlans are clear.";
    let line = serde_json::json!({"id": "a, \"quoted\" id", "text": report});
    fs::write(dir.join("docs.jsonl"), format!("{line}\n")).unwrap();
    fs::write(dir.join("bad.txt"), b"caf\x00").unwrap();
    let run = findings(
        &dir,
        &["run", "docs.jsonl", "bad.txt", "-q", "-o", "out.jsonl"],
        b"",
    );
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let output = findings(&dir, &["summary", "out.jsonl"], b"");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let csv = String::from_utf8(output.stdout.clone()).unwrap();
    let rows: Vec<Vec<String>> = csv.lines().map(csv_fields).collect();
    assert_eq!(rows.len(), 3, "a header and one row per record:\n{csv}");
    let header = &rows[0];
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let get = |row: &Vec<String>, name: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        row[i].clone()
    };
    let doc = &rows[1];
    assert_eq!(get(doc, "id"), "a, \"quoted\" id");
    assert!(
        csv.contains("\"a, \"\"quoted\"\" id\""),
        "quoted as RFC 4180 says"
    );
    assert_eq!(get(doc, "kind"), "ilacs_short");
    assert_eq!(get(doc, "authority"), "Westmoor");
    assert_eq!(get(doc, "start_date"), "2023-03-06");
    assert_eq!(get(doc, "end_date"), "2023-03-10");
    assert_eq!(get(doc, "published"), "");
    assert_eq!(get(doc, "lead_inspector"), "Jane Smith");
    assert_eq!(get(doc, "overall_effectiveness"), "good");
    assert_eq!(get(doc, "strength"), "1");
    assert_eq!(get(doc, "error"), "");
    let bad = &rows[2];
    assert_eq!(get(bad, "id"), "bad.txt");
    assert!(get(bad, "error").contains("binary file"));
    assert!(stderr(&output).contains("1 error records"));
    let jsonl = fs::read(dir.join("out.jsonl")).unwrap();
    let piped = findings(&dir, &["summary", "-", "-o", "out.csv"], &jsonl);
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    assert_eq!(fs::read_to_string(dir.join("out.csv")).unwrap(), csv);
    let broken = findings(
        &dir,
        &["summary", "-"],
        b"{\"type\": \"document\"}\nnot json\n",
    );
    assert_eq!(broken.status.code(), Some(2));
    assert!(stderr(&broken).contains("line 2"), "{}", stderr(&broken));
}

/// Four short reports the team wrote, two sections each: the words that separate the sections
/// graded good from those graded inadequate are known ("zzsharp" and "zzmuddled"); the rest
/// is shared by both sides.
fn graded_reports(dir: &std::path::Path) {
    for n in 0..4 {
        let good = "Planning is zzsharp and managers know their teams. \
                    Workers visit children and record their views.";
        let bad = "Planning is zzmuddled and managers know their teams. \
                   Workers visit children and record their views.";
        let (first, second) = if n % 2 == 0 { (good, bad) } else { (bad, good) };
        let grade = |text: &str| if text == good { "good" } else { "inadequate" };
        let report = format!(
            "Report {n}\n\nChildren in care: {}\n\n{first}\n\n{first}\n\n\
             Care leavers: {}\n\n{second}\n\n{second}\n",
            grade(first),
            grade(second)
        );
        fs::write(dir.join(format!("r{n}.txt")), report).unwrap();
    }
}

#[test]
fn lexicon_learn_ranks_the_phrases_that_separate_the_grades() {
    let dir = scratch("cli_learn");
    graded_reports(&dir);
    let out = findings(&dir, &["lexicon", "learn", ".", "--top", "3"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let toml = String::from_utf8(out.stdout).unwrap();
    let groups: Vec<&str> = toml.split("[[cues]]").skip(1).collect();
    assert_eq!(groups.len(), 2, "{toml}");
    let first_phrase = |group: &str| {
        group
            .lines()
            .find_map(|l| l.trim().strip_prefix('"'))
            .and_then(|l| l.split('"').next())
            .map(str::to_string)
    };
    assert!(groups[0].contains("class = \"strength\""));
    assert_eq!(
        first_phrase(groups[0]).as_deref(),
        Some("zzsharp"),
        "{toml}"
    );
    assert!(groups[1].contains("class = \"weakness\""));
    assert_eq!(
        first_phrase(groups[1]).as_deref(),
        Some("zzmuddled"),
        "{toml}"
    );
    assert!(
        !toml.contains("\"managers\""),
        "shared words do not separate: {toml}"
    );
    assert!(
        toml.contains("16 units in 4 sections graded well (4 documents)"),
        "{toml}"
    );

    // The snippet is a lexicon file as it stands.
    fs::write(dir.join("learned.toml"), &toml).unwrap();
    let check = findings(&dir, &["lexicon", "check", "learned.toml"], b"");
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    // Without sections on both sides there is nothing to compare.
    let only_good = findings(
        &dir,
        &["lexicon", "learn", ".", "--negative", "dreadful"],
        b"",
    );
    assert_eq!(only_good.status.code(), Some(2));
    assert!(stderr(&only_good).contains("both sides"));
}

/// `-o /dev/null` once replaced the device with a file (the finished output was renamed over
/// it). A named pipe stands in for a device here: the output must go into it as it is
/// written, and it must still be a pipe afterwards.
#[cfg(unix)]
#[test]
fn output_to_a_named_pipe_goes_through_it_and_leaves_it_a_pipe() {
    use std::os::unix::fs::FileTypeExt;
    use std::sync::mpsc;
    use std::time::Duration;

    let dir = scratch("cli_fifo");
    fs::create_dir_all(&dir).unwrap();
    let direct = findings(&root(), &["run", "corpus", "-q"], b"");
    let summary = findings(&root(), &["summary", "-"], &direct.stdout).stdout;
    let cases = [
        (vec!["run", "corpus", "-q", "-o"], &b""[..], &direct.stdout),
        (vec!["summary", "-", "-o"], &direct.stdout[..], &summary),
    ];
    for (args, stdin, expected) in cases {
        let fifo = dir.join("out.pipe");
        let _ = fs::remove_file(&fifo);
        let made = Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let (sender, received) = mpsc::channel();
        let reading = fifo.clone();
        std::thread::spawn(move || sender.send(fs::read(reading).unwrap()));
        let mut args = args.clone();
        args.push(fifo.to_str().unwrap());
        let output = findings(&root(), &args, stdin);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        // A run that renamed a file over the pipe would leave the reader waiting for ever.
        let read = received
            .recv_timeout(Duration::from_secs(60))
            .expect("nothing came through the pipe");
        assert!(
            read == *expected,
            "{args:?}: the pipe did not carry the output"
        );
        assert!(
            fs::metadata(&fifo).unwrap().file_type().is_fifo(),
            "{args:?}: the pipe was replaced"
        );
    }
    // --resume reads its FILE back: a pipe is refused before anything is written.
    let fifo = dir.join("out.pipe");
    let resume = [
        "run",
        "corpus",
        "-q",
        "--resume",
        "-o",
        fifo.to_str().unwrap(),
    ];
    let output = findings(&root(), &resume, b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not a file"),
        "{}",
        stderr(&output)
    );
}
