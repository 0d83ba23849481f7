#!/usr/bin/env bash
# Corpus-scale benchmark: throughput and peak memory of `findings run` on large corpora of
# small text files, beside `wc -w` on the same files, a Python pipeline (pySBD + VADER) and
# pdftotext. Prints Markdown tables to paste into BENCHMARKS.md.
#
# Usage: benches/corpus.sh [SIZES_MB...]      (default: 100 1000)
#   BENCH_SKIP_PYTHON=1  skip the pySBD + VADER comparison (it needs PyPI)
#   BENCH_PATHOLOGICAL_MB=50  size of each pathological input (0 skips them)
#
# Everything it builds lives under target/bench/ (never committed): the corpora are made
# deterministically from the team's corpus/ and, when ../shared is there, the text of the
# 70 published reports, as letters of 5 to 50 KB each with deterministic variation. Parts
# whose inputs are missing (../shared, pdftotext, python3) are skipped with a message.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=target/bench
bin=target/release/findings
shared=../shared
sizes=("${@:-100 1000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
mkdir -p "$work"

say() { printf '%s\n' "$*" >&2; }

cargo build --release --quiet
say "findings $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# Wall seconds, CPU seconds (user + system) and peak RSS (MB) of a command: prints
# "WALL CPU MB". On a busy machine the CPU seconds are the steadier figure.
measure() {
    local log
    log=$(mktemp)
    /usr/bin/time -f '%e %U %S %M' -o "$log" "$@" >/dev/null
    awk '{ printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$log"
    rm -f "$log"
}

mbps() { awk -v b="$1" -v s="$2" 'BEGIN { r = (s > 0 ? b / 1e6 / s : 0); printf (r < 1 ? "%.3f" : "%.1f"), r }'; }

# --- Sources: the team's corpus and, if present, the reports' extracted text. -------------
sources=$work/sources
if [ ! -d "$sources" ]; then
    mkdir -p "$sources"
    cp corpus/*.txt "$sources/"
    if [ -d "$shared/real/pdf" ]; then
        "$bin" run "$shared/real/pdf" --emit-text -q -o "$work/reports.jsonl" || true
        python3 - "$work/reports.jsonl" "$sources" <<'EOF'
import json, os, sys
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)
    if record.get("text"):
        name = os.path.basename(record["id"]).rsplit(".", 1)[0]
        with open(os.path.join(sys.argv[2], f"report_{name}.txt"), "w", encoding="utf-8") as out:
            out.write(record["text"])
EOF
    else
        say "skip: $shared/real/pdf is absent; corpora are made from corpus/ alone"
    fi
fi

# --- Corpora: SIZE MB of letters of 5-50 KB, deterministic. ------------------------------
make_corpus() {
    local size=$1 dir=$work/corpus_${1}mb
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir"
        mkdir -p "$dir"
        python3 - "$sources" "$dir" "$size" <<'EOF'
import os, sys
sources, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3]) * 1_000_000
paragraphs = []
for name in sorted(os.listdir(sources)):
    text = open(os.path.join(sources, name), encoding="utf-8").read()
    paragraphs += [p for p in text.split("\n\n") if p.strip()]
state = 12345
def rand(n):
    global state
    state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
    return (state >> 33) % n
written, index = 0, 0
while written < size:
    target = 5_000 + rand(45_001)
    start = rand(len(paragraphs))
    parts = [f"Letter {index}\n\nDear Ms Reader {index},"]
    length = 0
    while length < target:
        p = paragraphs[(start + len(parts)) % len(paragraphs)]
        if rand(4) == 0:
            p = p.replace("children", "young people")
        parts.append(p)
        length += len(p) + 2
    text = "\n\n".join(parts) + "\n"
    sub = os.path.join(out, f"{index // 1000:04d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"letter_{index:07d}.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    written += len(text.encode("utf-8"))
    index += 1
EOF
        touch "$dir/.done"
    fi
    echo "$dir"
}

corpus_bytes() { find "$1" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1; }

echo
echo "### Text corpora (many small files), JSONL out"
echo
echo "| corpus | files | what | wall s | MB/s | CPU s | MB per CPU s | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
    dir=$(make_corpus "$size")
    bytes=$(corpus_bytes "$dir")
    files=$(find "$dir" -name '*.txt' | wc -l)
    label="${size} MB"
    read -r s c m < <(measure sh -c "find '$dir' -name '*.txt' -print0 | xargs -0 cat | wc -w")
    echo "| $label | $files | \`wc -w\` | $s | $(mbps "$bytes" "$s") | $c | $(mbps "$bytes" "$c") | $m |"
    for jobs in 1 2; do
        read -r s c m < <(measure "$bin" run "$dir" -q -j "$jobs" -o "$work/out.jsonl")
        echo "| $label | $files | \`findings run -j $jobs\` | $s | $(mbps "$bytes" "$s") | $c | $(mbps "$bytes" "$c") | $m |"
    done
    rm -f "$work/out.jsonl"
done

# --- The Python pipeline a researcher would write: pySBD + VADER, on a slice. -------------
if [ "${BENCH_SKIP_PYTHON:-0}" = 1 ]; then
    say "skip: pySBD + VADER (BENCH_SKIP_PYTHON=1)"
elif ! command -v python3 >/dev/null; then
    say "skip: pySBD + VADER (no python3)"
else
    venv=$work/venv
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv" && "$venv/bin/pip" install -q pysbd vaderSentiment ||
            { say "skip: pySBD + VADER (could not install from PyPI)"; rm -rf "$venv"; }
    fi
    if [ -x "$venv/bin/python" ]; then
        slice=$work/slice
        if [ ! -d "$slice" ]; then
            mkdir -p "$slice"
            find "$(make_corpus "${sizes[0]}")" -name '*.txt' | sort | awk 'NR <= 40' | xargs -I{} cp {} "$slice/"
        fi
        bytes=$(corpus_bytes "$slice")
        cat >"$work/pysbd_vader.py" <<'EOF'
import json, os, sys
import pysbd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
segmenter, vader = pysbd.Segmenter(language="en", clean=False, char_span=True), SentimentIntensityAnalyzer()
with open(sys.argv[2], "w") as out:
    for name in sorted(os.listdir(sys.argv[1])):
        text = open(os.path.join(sys.argv[1], name), encoding="utf-8").read()
        units = [{"start": s.start, "end": s.end, "text": s.sent,
                  "scores": vader.polarity_scores(s.sent)} for s in segmenter.segment(text)]
        out.write(json.dumps({"id": name, "sentences": units}) + "\n")
EOF
        echo
        echo "### Beside the Python pipeline (pySBD + VADER), $(find "$slice" -name '*.txt' | wc -l) files, $(mbps "$bytes" 1) MB"
        echo
        echo "| what | wall s | MB/s | CPU s | peak RSS MB |"
        echo "|---|---|---|---|---|"
        read -r ps pc pm < <(measure "$venv/bin/python" "$work/pysbd_vader.py" "$slice" "$work/py.jsonl")
        echo "| pySBD + VADER | $ps | $(mbps "$bytes" "$ps") | $pc | $pm |"
        read -r s c m < <(measure "$bin" run "$slice" -q -j 1 -o "$work/out.jsonl")
        echo "| \`findings run -j 1\` | $s | $(mbps "$bytes" "$s") | $c | $m |"
        echo
        echo "findings -j 1 is $(awk -v p="$ps" -v f="$s" 'BEGIN { printf "%.0f", p / f }')x faster on this slice (start-up included)."
        say "(on a slice this small, findings' time is mostly start-up; compare MB/s with the corpora above)"
    fi
fi

# --- PDF input: findings vs pdftotext over the same files. -------------------------------
if [ ! -d "$shared/real/pdf" ]; then
    say "skip: PDF comparison ($shared/real/pdf is absent)"
elif ! command -v pdftotext >/dev/null; then
    say "skip: PDF comparison (no pdftotext)"
else
    pdfs=$shared/real/pdf
    n=$(find "$pdfs" -name '*.pdf' | wc -l)
    echo
    echo "### PDF input ($n published reports)"
    echo
    echo "| what | wall s | CPU s | peak RSS MB |"
    echo "|---|---|---|---|"
    read -r s c m < <(measure sh -c "find '$pdfs' -name '*.pdf' -print0 | xargs -0 -I{} pdftotext {} -")
    echo "| \`pdftotext\` (text only, one process per file) | $s | $c | $m |"
    for jobs in 1 2; do
        read -r s c m < <(measure "$bin" run "$pdfs" -q -j "$jobs" -o "$work/out.jsonl")
        echo "| \`findings run -j $jobs\` (extract + analyse) | $s | $c | $m |"
    done
fi

# --- Pathological single documents. ------------------------------------------------------
patho_mb=${BENCH_PATHOLOGICAL_MB:-50}
if [ "$patho_mb" -gt 0 ]; then
    echo
    echo "### Pathological single documents (${patho_mb} MB each)"
    echo
    echo "| input | wall s | MB/s | CPU s | peak RSS MB | output MB |"
    echo "|---|---|---|---|---|---|"
    for shape in words adot blank; do
        file=$work/patho_${shape}_${patho_mb}.txt
        if [ ! -f "$file" ]; then
            python3 - "$file" "$shape" "$patho_mb" <<'EOF'
import sys
path, shape, n = sys.argv[1], sys.argv[2], int(sys.argv[3]) * 1_000_000
piece = {
    "words": "children’s plans are not always timely if managers ensure that there is no drift and help is not ",
    "adot": "a. ",
    "blank": " \n  \n\n   ",
}[shape]
with open(path, "w", encoding="utf-8") as f:
    f.write((piece * (n // len(piece.encode()) + 1))[:n])
EOF
        fi
        bytes=$(stat -c %s "$file")
        read -r s c m < <(measure "$bin" run "$file" -q -j 1 -o "$work/out.jsonl")
        out=$(stat -c %s "$work/out.jsonl")
        name=$(case $shape in words) echo "one line of words, no punctuation" ;; adot) echo 'one line of "a. "' ;; blank) echo "spaces and newlines only" ;; esac)
        echo "| $name | $s | $(mbps "$bytes" "$s") | $c | $m | $(mbps "$out" 1) |"
    done
    rm -f "$work/out.jsonl"
fi
