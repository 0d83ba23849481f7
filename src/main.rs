//! The `findings` command: a thin layer over the library. It parses arguments, loads the
//! lexicon, runs the pipeline and maps the outcome to an exit code: 0 when every document was
//! processed, 1 when the run finished but some documents failed, 2 for usage, lexicon or
//! output errors. A closed stdout (`| head`) ends the run quietly with 0.

use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use findings::eval::{Evaluation, read_gold};
use findings::{
    Classifier, Event, InputFormat, Lexicon, LexiconBuilder, Pipeline, Previous, Shard, Summary,
    UnitKind, ingest, learn, output, summary,
};

#[derive(Parser)]
#[command(
    name = "findings",
    version,
    about = "Says, sentence by sentence, what inspectors found: strengths, weaknesses, recommendations."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify every unit of every document and write JSON Lines, one record per document.
    Run(RunArgs),
    /// Classify each line of stdin as one unit (no segmentation); one JSON object per line.
    Classify(LexiconArgs),
    /// Show, for a person, how each sentence of TEXT got its label.
    Explain {
        /// The text to explain.
        text: String,
        #[command(flatten)]
        lexicon: LexiconArgs,
    },
    /// Score the classifier against gold units: precision, recall, F1, confusion matrix.
    Eval {
        /// Gold JSONL files, or folders of them.
        #[arg(required = true)]
        gold: Vec<PathBuf>,
        /// Also list every unit the classifier got wrong, as JSON Lines on stdout.
        #[arg(long)]
        mistakes: bool,
        #[command(flatten)]
        lexicon: LexiconArgs,
    },
    /// Work with lexicon files.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
    /// Write a `run` output as CSV: one row per document, with its inspection fields
    /// (kind, authority, dates, lead inspector, judgements) and units per label.
    Summary {
        /// The JSON Lines written by `findings run` (- for stdin).
        input: String,
        /// Write the CSV to FILE (atomically, when complete) instead of stdout; a device or
        /// named pipe (`/dev/null`) is written as it goes.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum LexiconCommand {
    /// Check lexicon files merged over the default; report the first error with file, line
    /// and entry.
    Check {
        /// Lexicon TOML files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Rank the phrases (word n-grams of 1 to 3) that separate sections graded well from
    /// sections graded badly, as a TOML snippet to curate into a lexicon file.
    Learn(LearnArgs),
}

#[derive(Args)]
struct LearnArgs {
    /// Files or folders of reports (as for `run`); - reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// A grade that puts a section on the positive side when its heading ends with it
    /// (repeatable; default: good, outstanding).
    #[arg(long = "positive", value_name = "GRADE")]
    positive: Vec<String>,
    /// A grade that puts a section on the negative side (repeatable; default: requires
    /// improvement [to be good], inadequate).
    #[arg(long = "negative", value_name = "GRADE")]
    negative: Vec<String>,
    /// Fewest occurrences of a phrase, both sides together.
    #[arg(long = "min-count", default_value_t = 5)]
    min_count: u64,
    /// Fewest documents a phrase occurs in, both sides together.
    #[arg(long = "min-documents", default_value_t = 3)]
    min_documents: usize,
    /// The Dirichlet prior: each phrase's pooled count times this.
    #[arg(long = "prior", default_value_t = 1.0)]
    prior: f64,
    /// Phrases listed per side.
    #[arg(long = "top", default_value_t = 50)]
    top: usize,
    /// Longest phrase, in words (1 to 3).
    #[arg(long = "max-words", default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=3))]
    max_words: u8,
    /// How to read the inputs.
    #[arg(long = "input-format", value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    #[command(flatten)]
    lexicon: LexiconArgs,
}

#[derive(Args)]
struct LexiconArgs {
    /// A lexicon TOML file merged over the built-in one (repeatable; later files win).
    #[arg(long = "lexicon", value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Args)]
struct RunArgs {
    /// Files or folders to read (folders recursively: .txt, .md, .pdf); - reads stdin.
    #[arg(required_unless_present = "files_from", value_name = "PATH")]
    paths: Vec<String>,
    /// Also read the paths listed in FILE, one per line, after any PATH (- reads the list
    /// from stdin). Blank lines are skipped; relative paths are relative to the current folder.
    #[arg(long = "files-from", value_name = "FILE")]
    files_from: Option<String>,
    /// Write the output to FILE (atomically, when complete) instead of stdout; a device or
    /// named pipe (`/dev/null`) is written as it goes.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// With -o: reuse the records that FILE, or the FILE.partial an interrupted run left,
    /// already holds for inputs that have not changed (same id, source, fingerprint, tool
    /// version and lexicon) instead of analysing them again. The output is the same.
    #[arg(long = "resume", requires = "output")]
    resume: bool,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    jobs: Option<usize>,
    /// How to read the inputs.
    #[arg(long = "input-format", value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Process only shard K of N (1 <= K <= N): the documents whose id hashes to K-1 modulo
    /// N. Shards 1/N to N/N together cover every document exactly once.
    #[arg(long = "shard", value_name = "K/N")]
    shard: Option<Shard>,
    /// Add each document's text to its record (for PDFs and HTML pages, the extracted text
    /// the offsets refer to).
    #[arg(long = "emit-text")]
    emit_text: bool,
    /// No progress bar and no closing summary on stderr (errors are still reported).
    #[arg(short = 'q', long = "quiet")]
    quiet: bool,
    #[command(flatten)]
    lexicon: LexiconArgs,
}

/// A failure that ends the run with exit code 2.
struct Fatal(String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Fatal {
        Fatal(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run(args) => run(args),
        Command::Classify(lexicon) => classify(&lexicon),
        Command::Explain { text, lexicon } => explain(&text, &lexicon),
        Command::Eval {
            gold,
            mistakes,
            lexicon,
        } => eval(&gold, mistakes, &lexicon),
        Command::Lexicon(LexiconCommand::Check { files }) => check(&files),
        Command::Lexicon(LexiconCommand::Learn(args)) => learn(&args),
        Command::Summary { input, output } => summary(&input, output.as_deref()),
    };
    match outcome {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("findings: {message}");
            ExitCode::from(2)
        }
    }
}

fn load_lexicon(args: &LexiconArgs) -> Result<Lexicon, Fatal> {
    let mut builder = Lexicon::builder();
    add_files(&mut builder, &args.files)?;
    Ok(builder.build()?)
}

fn add_files(builder: &mut LexiconBuilder, files: &[PathBuf]) -> Result<(), Fatal> {
    for file in files {
        let source =
            fs::read_to_string(file).map_err(|e| Fatal(format!("{}: {e}", file.display())))?;
        builder.add(&file.display().to_string(), &source)?;
    }
    Ok(())
}

/// True when writing failed because the reader went away (`| head`).
fn is_closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

fn run(args: RunArgs) -> Result<ExitCode, Fatal> {
    let lexicon = load_lexicon(&args.lexicon)?;
    let pipeline = Pipeline::new(lexicon).emit_text(args.emit_text);
    let paths = all_paths(&args)?;
    let mut inputs = ingest::inputs(&paths, args.input_format);
    if let Some(shard) = args.shard {
        inputs = inputs.shard(shard);
    }
    let mut progress = Progress::new(inputs.known_len(), args.quiet);
    let mut on_event = |event: &Event| {
        if let Event::Failed { id, message } = event {
            progress.suspend(|| eprintln!("findings: {id}: {message}"));
        }
        progress.tick();
    };
    let summary = match &args.output {
        None => run_into_stream(&pipeline, &args, io::stdout().lock(), inputs, &mut on_event)?,
        Some(path) if is_stream(path) => {
            if args.resume {
                let path = path.display();
                return Err(Fatal(format!(
                    "--resume reads FILE back, and {path} is not a file"
                )));
            }
            run_into_stream(&pipeline, &args, open_stream(path)?, inputs, &mut on_event)?
        }
        Some(path) => Some(run_into_file(
            &pipeline,
            &args,
            path,
            inputs,
            &mut on_event,
        )?),
    };
    // The reader went away (`| head`): not a failure.
    let Some(summary) = summary else {
        return Ok(ExitCode::SUCCESS);
    };
    progress.finish();
    if !args.quiet {
        let reused = if args.resume {
            format!(" ({} reused from the previous output)", summary.reused)
        } else {
            String::new()
        };
        eprintln!(
            "findings: {} documents{reused}, {} errors",
            summary.documents, summary.errors
        );
    }
    Ok(if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The PATH arguments, then the paths listed in the `--files-from` file.
fn all_paths(args: &RunArgs) -> Result<Vec<String>, Fatal> {
    let mut paths = args.paths.clone();
    let Some(list) = &args.files_from else {
        return Ok(paths);
    };
    let listed =
        ingest::read_path_list(list).map_err(|e| Fatal(format!("--files-from {list}: {e}")))?;
    paths.extend(listed);
    if list == "-" && paths.iter().any(|p| p == "-") {
        return Err(Fatal(
            "--files-from - reads the list of files from stdin, so stdin cannot also be an input (-)"
                .into(),
        ));
    }
    Ok(paths)
}

/// True when `path` is something other than a file or folder that exists: a device such as
/// `/dev/null` or `/dev/stdout`, a named pipe, a socket. Output there is written as it
/// goes; renaming a finished file over it would replace the device with a file.
fn is_stream(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn open_stream(path: &Path) -> Result<fs::File, Fatal> {
    fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| Fatal(format!("{}: {e}", path.display())))
}

/// Runs into stdout or another stream, written as it goes; `None` when the reader went away.
fn run_into_stream(
    pipeline: &Pipeline,
    args: &RunArgs,
    stream: impl Write,
    inputs: ingest::Inputs,
    on_event: &mut dyn FnMut(&Event),
) -> Result<Option<Summary>, Fatal> {
    let mut out = io::BufWriter::new(stream);
    match pipeline.run(args.jobs, inputs, &mut out, on_event) {
        Ok(summary) => Ok(Some(summary)),
        Err(e) if is_closed_pipe(&e) => Ok(None),
        Err(e) => Err(Fatal(format!("cannot write the output: {e}"))),
    }
}

/// Runs into `path` by way of `path.partial`, renamed to `path` only once complete and on
/// disk, so that `path` is never half written. With `--resume`, the records `path` and
/// `path.partial` already hold are indexed first and reused where still right.
fn run_into_file(
    pipeline: &Pipeline,
    args: &RunArgs,
    path: &Path,
    inputs: ingest::Inputs,
    on_event: &mut dyn FnMut(&Event),
) -> Result<Summary, Fatal> {
    let tmp = temporary_name(path);
    let previous = if args.resume {
        let previous = Previous::open(&[path.to_path_buf(), tmp.clone()]).map_err(Fatal)?;
        // The old partial file stays readable through `previous`, which holds it open; the
        // new one must be a new file, not the old one truncated under it.
        match fs::remove_file(&tmp) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(Fatal(format!("{}: {e}", tmp.display())));
            }
            _ => previous,
        }
    } else {
        Previous::none()
    };
    if !args.resume {
        // With --resume, what an interrupted run wrote is kept for the next --resume.
        interrupt::remove_on_interrupt(&tmp);
    }
    let file = fs::File::create(&tmp).map_err(|e| Fatal(format!("{}: {e}", tmp.display())))?;
    let mut writer = io::BufWriter::new(file);
    let result = pipeline
        .run_resuming(args.jobs, inputs, &previous, &mut writer, on_event)
        .and_then(|summary| {
            writer
                .into_inner()
                .map_err(|e| e.into_error())?
                .sync_all()?;
            drop(previous); // Closes the old output before it is replaced.
            fs::rename(&tmp, path)?;
            Ok(summary)
        });
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Fatal(format!("cannot write the output: {e}"))
    })
}

/// Ctrl-C or `kill` during `run -o FILE`. FILE is safe whatever happens: it is only ever
/// replaced, by a rename, with a complete output. What is left is FILE.partial; on a SIGINT
/// or SIGTERM, this removes it and then lets the signal end the process as it would have (so
/// the shell sees an interrupted command). A SIGKILL or a crash leaves FILE.partial behind.
#[cfg(unix)]
mod interrupt {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::sync::OnceLock;

    static DOOMED: OnceLock<CString> = OnceLock::new();

    /// From now on, SIGINT and SIGTERM remove `path` before ending the process.
    pub fn remove_on_interrupt(path: &Path) {
        let Ok(path) = CString::new(path.as_os_str().as_bytes()) else {
            return;
        };
        if DOOMED.set(path).is_ok() {
            let handler: extern "C" fn(libc::c_int) = on_signal;
            for signal in [libc::SIGINT, libc::SIGTERM] {
                // SAFETY: `on_signal` only calls async-signal-safe functions (unlink, signal,
                // raise) and reads a value that was set before the handler was installed.
                unsafe { libc::signal(signal, handler as libc::sighandler_t) };
            }
        }
    }

    extern "C" fn on_signal(signal: libc::c_int) {
        // SAFETY: see above; the path is a valid NUL-terminated string that lives forever.
        unsafe {
            if let Some(path) = DOOMED.get() {
                libc::unlink(path.as_ptr());
            }
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
}

/// Elsewhere an interrupted run leaves FILE.partial behind (and FILE as it was).
#[cfg(not(unix))]
mod interrupt {
    pub fn remove_on_interrupt(_path: &std::path::Path) {}
}

/// `out.jsonl` is written as `out.jsonl.partial` and renamed when complete.
fn temporary_name(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// A progress bar on stderr, shown only on a terminal and only once a run has taken a while.
struct Progress {
    bar: Option<ProgressBar>,
    total: Option<usize>,
    done: u64,
    started: Instant,
    enabled: bool,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(500);

    fn new(total: Option<usize>, quiet: bool) -> Progress {
        Progress {
            bar: None,
            total,
            done: 0,
            started: Instant::now(),
            enabled: !quiet && io::stderr().is_terminal(),
        }
    }

    fn tick(&mut self) {
        self.done += 1;
        if self.bar.is_none() && self.enabled && self.started.elapsed() > Self::DELAY {
            let bar = match self.total {
                Some(n) => {
                    ProgressBar::with_draw_target(Some(n as u64), ProgressDrawTarget::stderr())
                }
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            };
            let template = if self.total.is_some() {
                "{bar:40} {pos}/{len} documents  {per_sec}  eta {eta}"
            } else {
                "{spinner} {pos} documents  {per_sec}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.set_position(self.done);
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_position(self.done);
        }
    }

    fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn classify(args: &LexiconArgs) -> Result<ExitCode, Fatal> {
    let lexicon = load_lexicon(args)?;
    let classifier = Classifier::new(&lexicon);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut failed = false;
    for (n, line) in io::stdin().lock().lines().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("findings: stdin line {}: {e}", n + 1);
                failed = true;
                break;
            }
        };
        let text = line.strip_suffix('\r').unwrap_or(&line);
        let finding = classifier.classify_text(text, UnitKind::Sentence, None);
        match out.write_all(&output::unit_line(text, &finding, &lexicon)) {
            Err(e) if is_closed_pipe(&e) => return Ok(ExitCode::SUCCESS),
            other => other?,
        }
    }
    match out.flush() {
        Err(e) if is_closed_pipe(&e) => return Ok(ExitCode::SUCCESS),
        other => other?,
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn explain(text: &str, args: &LexiconArgs) -> Result<ExitCode, Fatal> {
    let lexicon = load_lexicon(args)?;
    let pipeline = Pipeline::new(lexicon);
    let analysis = pipeline.analyze(text);
    let report = output::explain(
        text,
        &analysis.sentences,
        &analysis.findings,
        pipeline.lexicon(),
    );
    print!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn eval(paths: &[PathBuf], mistakes: bool, args: &LexiconArgs) -> Result<ExitCode, Fatal> {
    let lexicon = load_lexicon(args)?;
    let gold = read_gold(paths)?;
    let evaluation = Evaluation::run(&Classifier::new(&lexicon), &gold);
    print!("{}", evaluation.report());
    if mistakes {
        println!();
        for &(index, predicted) in &evaluation.mistakes {
            let unit = &gold[index];
            let line = serde_json::json!({
                "gold": unit.label,
                "predicted": predicted,
                "kind": unit.kind,
                "section": unit.section,
                "text": unit.text,
            });
            println!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(input: &str, output: Option<&Path>) -> Result<ExitCode, Fatal> {
    let reader: Box<dyn BufRead> = if input == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file = fs::File::open(input).map_err(|e| Fatal(format!("{input}: {e}")))?;
        Box::new(io::BufReader::new(file))
    };
    let written = match output {
        Some(path) if !is_stream(path) => {
            let tmp = temporary_name(path);
            let file =
                fs::File::create(&tmp).map_err(|e| Fatal(format!("{}: {e}", tmp.display())))?;
            let mut writer = io::BufWriter::new(file);
            let result = summary::write_csv(reader, &mut writer)
                .map_err(|e| Fatal(format!("{input}: {e}")))
                .and_then(|w| {
                    drop(writer);
                    fs::rename(&tmp, path)
                        .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
                    Ok(w)
                });
            if result.is_err() {
                let _ = fs::remove_file(&tmp);
            }
            result?
        }
        _ => {
            let stream: Box<dyn Write> = match output {
                Some(path) => Box::new(open_stream(path)?),
                None => Box::new(io::stdout().lock()),
            };
            match summary::write_csv(reader, &mut io::BufWriter::new(stream)) {
                Err(summary::SummaryError::Io(e)) if is_closed_pipe(&e) => {
                    return Ok(ExitCode::SUCCESS);
                }
                other => other.map_err(|e| Fatal(format!("{input}: {e}")))?,
            }
        }
    };
    if written.errors > 0 {
        eprintln!(
            "findings: {} documents, {} error records (rows with an error)",
            written.documents, written.errors
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn check(files: &[PathBuf]) -> Result<ExitCode, Fatal> {
    let mut builder = Lexicon::builder();
    add_files(&mut builder, files)?;
    let lexicon = builder.build()?;
    println!(
        "ok: {} entries, checksum {}",
        lexicon.entries().len(),
        lexicon.checksum()
    );
    Ok(ExitCode::SUCCESS)
}

fn learn(args: &LearnArgs) -> Result<ExitCode, Fatal> {
    let lexicon = load_lexicon(&args.lexicon)?;
    let mut grading = learn::Grading::default();
    if !args.positive.is_empty() {
        grading.positive.clone_from(&args.positive);
    }
    if !args.negative.is_empty() {
        grading.negative.clone_from(&args.negative);
    }
    if !(args.prior.is_finite() && args.prior > 0.0) {
        return Err(Fatal("--prior must be a positive number".into()));
    }
    let options = learn::Options {
        min_count: args.min_count,
        min_documents: args.min_documents,
        prior: args.prior,
        top: args.top,
    };
    let inputs = ingest::inputs(&args.paths, args.input_format);
    let (counts, errors) =
        learn::count_inputs(inputs, &lexicon, &grading, usize::from(args.max_words));
    for error in &errors {
        eprintln!("findings: {}: {}", error.id, error.message);
    }
    if counts.sections.contains(&0) {
        return Err(Fatal(format!(
            "need graded sections on both sides; found {} graded well and {} graded badly \
             (a graded section's heading ends with its grade, e.g. \"Children in care: good\")",
            counts.sections[0], counts.sections[1]
        )));
    }
    let ranked = learn::rank(&counts, &options);
    print!("{}", learn::to_toml(&counts, &ranked, &options, &lexicon));
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
