#!/usr/bin/env bash
# Side by side: proselint and starlint on the same synthetic answers, per MB on one core.
#
#   bench/proselint.sh [--answers N] [--bench PATH] [--starlint PATH]
#
# The answers come from `starlint-bench` (same generator and seed as the benchmark), which
# also measures starlint's single-core in-process analysis on them. proselint runs once,
# as one process, over the whole folder (it checks files one after another), and starlint
# runs the same way with `check --jobs 1`. When proselint is not installed
# (`pip install proselint`), the script says so and exits 0.
set -euo pipefail

answers=1000
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=""
starlint=""
while [ $# -gt 0 ]; do
    case "$1" in
        --answers) answers="$2"; shift 2 ;;
        --bench) bench="$2"; shift 2 ;;
        --starlint) starlint="$2"; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "proselint.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

if ! command -v proselint >/dev/null 2>&1; then
    echo "proselint is not installed (pip install proselint): nothing to compare; skipping."
    exit 0
fi
if [ -z "$bench" ]; then
    # The newest release build of the bench in any .build* folder.
    bench=$(ls -t "$root"/.build*/release/starlint-bench 2>/dev/null | head -n 1 || true)
fi
if [ -z "$bench" ] || [ ! -x "$bench" ]; then
    echo "proselint.sh: no starlint-bench binary; run 'swift build -c release' or pass --bench PATH" >&2
    exit 2
fi
[ -n "$starlint" ] || starlint="$(dirname "$bench")/starlint"

work=$(mktemp -d "${TMPDIR:-/tmp}/starlint-proselint-XXXXXX")
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }

echo "generating $answers answers and timing starlint's single-core analysis ..." >&2
"$bench" --answers "$answers" --only analysis --format json --work-dir "$work" \
    --corpus "$root/Corpus/answers" --starlint "$starlint" > "$work/starlint.json" 2> "$work/bench.log"

read -r files bytes starlint_mbps <<<"$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["workload"]["answers"], r["workload"]["bytes"], r["analysis"]["mbPerSecond"])
' "$work/starlint.json")"

echo "running starlint check --jobs 1 ..." >&2
t0=$(now)
"$starlint" check "$work/answers" --jobs 1 --format json --no-config > /dev/null 2>&1 || true
t1=$(now)

echo "running proselint over the same files ..." >&2
p0=$(now)
proselint check "$work/answers" > "$work/proselint.out" 2>&1 || true
p1=$(now)
pversion=$(proselint version 2>/dev/null || echo "proselint (version unknown)")

python3 - "$files" "$bytes" "$starlint_mbps" "$t0" "$t1" "$p0" "$p1" "$pversion" "$work/proselint.out" <<'EOF'
import sys
files, size = int(sys.argv[1]), int(sys.argv[2])
starlint_mbps = float(sys.argv[3])
check_s = float(sys.argv[5]) - float(sys.argv[4])
prose_s = float(sys.argv[7]) - float(sys.argv[6])
version = sys.argv[8]
mb = size / 1e6
findings = sum(1 for line in open(sys.argv[9], errors="replace") if line.strip())
prose_mbps = mb / prose_s
check_mbps = mb / check_s
print(f"same {files} answers, {mb:.2f} MB, one core")
print(f"{'tool':<44} {'seconds':>8} {'MB/s':>8} {'s per MB':>9}")
print(f"{'starlint analysis (in process)':<44} {mb / starlint_mbps:>8.2f} {starlint_mbps:>8.2f} {1 / starlint_mbps:>9.3f}")
print(f"{'starlint check --jobs 1 (whole CLI)':<44} {check_s:>8.2f} {check_mbps:>8.2f} {1 / check_mbps:>9.3f}")
print(f"{version + ' check (one process)':<44} {prose_s:>8.2f} {prose_mbps:>8.2f} {1 / prose_mbps:>9.3f}")
print(f"proselint printed {findings} lines of findings")
print(f"ratio per MB: proselint takes {starlint_mbps / prose_mbps:.0f}x starlint's in-process analysis time, "
      f"{check_mbps / prose_mbps:.0f}x starlint check --jobs 1")
EOF
