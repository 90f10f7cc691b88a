#!/usr/bin/env bash
# make bench: how fast rewind runs three kernels, next to QEMU, and how much
# memory it takes.
#
#   usage: tests/bench/run.sh BUILD_DIR
#
# Three tables of timings, one per kernel:
#   - examples/kernels/bench: CPU-bound (sieve, CRC, sort, hash, matmul);
#   - examples/kernels/membench: memory-heavy: S-mode under Sv39, random
#     and strided accesses over 64 MiB mapped in 4 KiB pages, so nearly
#     every load or store misses rewind's 256-entry software TLB (and the
#     host's caches);
#   - examples/kernels/course built as course-bench.elf: an xv6-shaped
#     S-mode kernel whose U-mode processes make millions of system calls,
#     are preempted by a timer tick every 100 us, and write to the console
#     through the interrupt-driven UART (traps, CSRs, MMIO, the PLIC).
# Each table has the same rows: rewind's interpreter (the baseline of the
# time/interp column), its JIT, record and replay under the JIT, QEMU's
# TCG (the reference of "vs QEMU"), and QEMU with -icount
# shift=0,sleep=off (exact instruction counting, what rewind's exactness
# is to be compared with); the bench kernel's table adds QEMU's own
# record/replay.  After the tables, a summary of the ratios per kernel.
# Every row runs its kernel RUNS times and keeps the fastest wall time: the
# host is shared, and the fastest run is the one least disturbed by other
# work.  Speed is instructions (steps) per second, and "vs QEMU" is each
# row's speed relative to QEMU's TCG on the same kernel.
#
# Then trace sizes (bytes per million steps), and the peak memory (max
# RSS) of run, record and replay with -m 128M and -m 8G: a machine given
# 8G that uses a few MiB should cost what it uses (DESIGN.md, section 4).
#
# Last, reverse debugging latency: course-bench-long.elf (the same workload
# three times over, 1.5 G steps) is recorded and replayed under the GDB stub by
# gdb_latency.py, which times goto, reverse-stepi and reverse-continue at
# steps 10^6, 10^8 and 10^9 and checks that each lands where it must.
#
# A row is one function that runs something and calls add_row; to add one
# (another engine, say), write the function and list it in REWIND_ROWS or
# in a kernel's rows at the end.
#
# Environment: BENCH_RUNS (default 2), BENCH_TIMEOUT in seconds per run
# (default 600), BENCH_RSS_TIMEOUT in seconds per -m 8G run (default 30),
# QEMU (default qemu-system-riscv64).

set -u

BUILD=${1:?usage: $0 BUILD_DIR}
BENCH_KERNEL=$BUILD/examples/bench.elf
MEM_KERNEL=$BUILD/examples/membench.elf
COURSE_KERNEL=$BUILD/examples/course-bench.elf
LONG_KERNEL=$BUILD/examples/course-bench-long.elf
REWIND=$BUILD/rewind
RUNS=${BENCH_RUNS:-2}
TIMEOUT=${BENCH_TIMEOUT:-600}
RSS_TIMEOUT=${BENCH_RSS_TIMEOUT:-30}
QEMU=${QEMU:-qemu-system-riscv64}

# The kernel the rows run, and a tag for their files: set per table.
KERNEL=$BENCH_KERNEL
TAG=bench

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The table, filled by the rows in order (new_table empties it).
new_table() {
	ROW_NAMES=()
	ROW_STEPS=()
	ROW_SECS=()
	ROW_RSS=()
	QEMU_MIPS=
	QEMU_SECS=
	QEMU_STEPS=
}
new_table

die() {
	echo "bench: $*" >&2
	exit 1
}

# add_row NAME STEPS SECONDS [RUN]: RUN names the run whose .rss to show.
add_row() {
	ROW_NAMES+=("$1")
	ROW_STEPS+=("$2")
	ROW_SECS+=("$3")
	ROW_RSS+=("$( [ -n "${4:-}" ] && cat "$TMP/$4.rss" 2>/dev/null)")
}

# Max RSS in KiB as MiB, or - when unknown.
mib() {
	if [ -n "$1" ]; then awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; else echo -; fi
}

mips() {
	# (parentheses: a bare > in awk's printf would redirect to a file)
	awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? n / s / 1e6 : 0) }'
}

# The peak memory of a run comes from GNU time(1), when it is installed; it
# reports the largest descendant's, so timeout's child is what it measures.
TIME_BIN=
[ -x /usr/bin/time ] && TIME_BIN=/usr/bin/time

# timed NAME CMD...: runs CMD with no input, its output in $TMP/NAME.out
# and .err and its max RSS in KiB in $TMP/NAME.rss (empty without time(1));
# sets ELAPSED to the wall time in seconds and returns CMD's exit status.
timed() {
	local name=$1 t0 t1 rc
	shift
	: >"$TMP/$name.rss"
	t0=$(date +%s.%N)
	if [ -n "$TIME_BIN" ]; then
		"$TIME_BIN" -f %M -o "$TMP/$name.time" \
			timeout "$TIMEOUT" "$@" </dev/null >"$TMP/$name.out" 2>"$TMP/$name.err"
		rc=$?
		grep -E '^[0-9]+$' "$TMP/$name.time" | tail -n 1 >"$TMP/$name.rss"
	else
		timeout "$TIMEOUT" "$@" </dev/null >"$TMP/$name.out" 2>"$TMP/$name.err"
		rc=$?
	fi
	t1=$(date +%s.%N)
	ELAPSED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	return $rc
}

# check_run NAME WHAT RC: a run counts only if the kernel powered off
# cleanly and its checksum was right; a fast wrong answer is no result.
check_run() {
	local name=$1 what=$2 rc=$3 why

	if [ "$rc" -eq 0 ] && grep -q '^checksum 0x[0-9a-f]* ok' "$TMP/$name.out"; then
		return 0
	fi
	case $rc in
	0)   why="it exited 0 but the kernel did not report a correct checksum" ;;
	124) why="timed out after ${TIMEOUT}s" ;;
	*)   why="exit status $rc" ;;
	esac
	echo "bench: $what failed: $why" >&2
	echo "--- last lines of its output:" >&2
	tail -n 20 "$TMP/$name.out" "$TMP/$name.err" >&2
	return 1
}

# best_run NAME WHAT CMD...: runs CMD RUNS times; sets BEST to the fastest
# wall time and keeps that run's output as $TMP/NAME.out and .err.
best_run() {
	local name=$1 what=$2 i rc
	shift 2
	BEST=
	for ((i = 1; i <= RUNS; i++)); do
		timed "$name.try" "$@"
		rc=$?
		check_run "$name.try" "$what" "$rc" || return 1
		if [ -z "$BEST" ] || awk -v a="$ELAPSED" -v b="$BEST" 'BEGIN { exit !(a < b) }'; then
			BEST=$ELAPSED
			mv "$TMP/$name.try.out" "$TMP/$name.out"
			mv "$TMP/$name.try.err" "$TMP/$name.err"
			mv "$TMP/$name.try.rss" "$TMP/$name.rss"
		fi
	done
}

# The instruction count the kernel printed (tr: the console sends CR LF).
kernel_minstret() {
	tr -d '\r' <"$1" | sed -n 's/^minstret \([0-9][0-9]*\)$/\1/p' | tail -n 1
}

# rewind_row LABEL NAME MODE ARGS...: one rewind configuration.  Steps come
# from the `rewind: steps=N seconds=S mips=M` line that --stats prints on
# stderr.  MODE (run, record or replay; - for none) names the row's peak
# memory in the memory table, whose -m 8G runs are under the JIT too.
rewind_row() {
	local label=$1 name=$2 mode=$3 steps
	shift 3
	best_run "$name" "$label" "$REWIND" "$@" || return 1
	steps=$(grep -o 'steps=[0-9]*' "$TMP/$name.err" | tail -n 1 | cut -d= -f2)
	if [ -z "$steps" ]; then
		steps=$(kernel_minstret "$TMP/$name.out")
		echo "bench: note: $label printed no 'rewind: steps=' line;" \
			"using the kernel's minstret" >&2
	fi
	[ -n "$steps" ] || { echo "bench: $label: no instruction count" >&2; return 1; }
	add_row "$label" "$steps" "$BEST" "$name"
	[ "$mode" = - ] || MEM["$TAG $mode 128M"]=$(cat "$TMP/$name.rss" 2>/dev/null)
}

# ---------------------------------------------------------------- rows

# The engine is named on every command line, so that REWIND_ENGINE in the
# environment cannot make a label wrong.  record and replay run under the
# JIT, the default engine on x86-64, which is how they are used.
row_rewind_interp() {
	rewind_row "rewind interp" "$TAG-interp" - \
		run -m 128M --bios none --engine interp --stats "$KERNEL"
}

row_rewind_jit() {
	rewind_row "rewind jit" "$TAG-jit" run \
		run -m 128M --bios none --engine jit --stats "$KERNEL"
}

row_rewind_record() {
	rewind_row "rewind record (jit)" "$TAG-record" record \
		record --force -o "$TMP/$TAG.rwd" -m 128M --bios none --engine jit --stats "$KERNEL"
}

row_rewind_replay() {
	rewind_row "rewind replay (jit)" "$TAG-replay" replay \
		replay --engine jit --stats "$TMP/$TAG.rwd"
}

# QEMU's own record/replay: -icount is required, and it records a log of
# every nondeterministic event it sees.  Its steps are row_qemu's count:
# with shift=auto, minstret reads a virtual clock of 2^shift ns per
# instruction, shift adjusted as it runs to follow the host's clock (it
# printed 8.18 G for the bench kernel's 6.22 G instructions).
row_qemu_rr() {
	local q steps=$QEMU_STEPS
	command -v "$QEMU" >/dev/null 2>&1 || return 0
	[ -n "$steps" ] || { echo "bench: QEMU rr: no instruction count (row_qemu first)" >&2; return 1; }
	q=("$QEMU" -M virt -accel tcg -bios none -nographic -kernel "$KERNEL")
	best_run "$TAG-qemu-record" "QEMU record" "${q[@]}" -icount shift=auto,rr=record,rrfile="$TMP/qemu.rr" || return 1
	add_row "qemu rr=record" "$steps" "$BEST" "$TAG-qemu-record"
	QEMU_RR_BYTES=$(stat -c %s "$TMP/qemu.rr" 2>/dev/null || echo 0)
	best_run "$TAG-qemu-replay" "QEMU replay" "${q[@]}" -icount shift=auto,rr=replay,rrfile="$TMP/qemu.rr" || return 1
	add_row "qemu rr=replay" "$steps" "$BEST" "$TAG-qemu-replay"
}

# Bytes of a trace that are not the embedded images: file size less the
# image blobs (a recording is one SQLite file; sqlite3 reads it).
log_bytes() {
	local f=$1 total img
	sqlite3 "$f" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null 2>&1
	total=$(stat -c %s "$f" 2>/dev/null || echo 0)
	img=$(sqlite3 "$f" 'SELECT coalesce(sum(length(data)),0) FROM images;' 2>/dev/null || echo 0)
	echo $((total - img))
}

# Trace size of an idle interactive session: U-Boot at its prompt, a
# command typed now and then (it polls the UART, so it is never idle in
# WFI: every step is recorded time).
trace_sizes() {
	local busy_steps busy_bytes idle
	busy_steps=${BENCH_RECORD_STEPS:-0}
	busy_bytes=$(log_bytes "$TMP/bench.rwd")
	echo
	echo "trace size without the embedded images (bytes per million steps):"
	awk -v b="$busy_bytes" -v s="$busy_steps" 'BEGIN { printf "  busy (bench kernel, %.0f steps): %.2f  (%.0f bytes)\n", s, (s > 0 ? b / (s / 1e6) : 0), b }'
	if [ -n "${MEM_RECORD_STEPS:-}" ] && [ -f "$TMP/membench.rwd" ]; then
		awk -v b="$(log_bytes "$TMP/membench.rwd")" -v s="$MEM_RECORD_STEPS" 'BEGIN { printf "  memory-heavy (membench kernel, %.0f steps): %.2f  (%.0f bytes)\n", s, (s > 0 ? b / (s / 1e6) : 0), b }'
	fi
	if [ -n "${COURSE_RECORD_STEPS:-}" ] && [ -f "$TMP/course.rwd" ]; then
		awk -v b="$(log_bytes "$TMP/course.rwd")" -v s="$COURSE_RECORD_STEPS" 'BEGIN { printf "  syscall/interrupt-heavy (course-bench kernel, %.0f steps): %.2f  (%.0f bytes)\n", s, (s > 0 ? b / (s / 1e6) : 0), b }'
	fi
	if [ -f /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf ] && command -v python3 >/dev/null; then
		idle=$(python3 - "$REWIND" "$TMP/idle.rwd" <<'PY'
import os, re, subprocess, sys, time
sys.path.insert(0, os.path.join(os.getcwd(), "tests/integration"))
from console import Session
s = Session([sys.argv[1], "record", "--force", "-o", sys.argv[2], "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf"])
s.expect("autoboot"); s.send("\r")
for i in range(5):
    s.expect("=> "); time.sleep(0.5); s.send("version\r")
s.expect("=> "); s.send("poweroff\r")
s.wait()
m = re.search(rb"recorded (\d+) steps", s.err)
print(m.group(1).decode() if m else 0)
PY
)
		awk -v s="$idle" -v b="$(log_bytes "$TMP/idle.rwd")" 'BEGIN { printf "  idle interactive (U-Boot prompt, 6 typed commands, %.0f steps): %.2f  (%.0f bytes)\n", s, (s > 0 ? b / (s / 1e6) : 0), b }'
	fi
	if [ -n "${QEMU_RR_BYTES:-}" ]; then
		echo "  QEMU's rr log for the bench kernel: $QEMU_RR_BYTES bytes"
	fi
}

# Two rows: QEMU's plain TCG, the reference for "vs QEMU", and QEMU with
# -icount shift=0 (one instruction per virtual nanosecond), whose minstret
# counts the instructions retired exactly: that is the QEMU that rewind's
# exactness compares to, and its count is also the plain TCG row's, since
# without -icount minstret reads the host's cycle counter.
#
# sleep=off: by default (sleep=on) the virtual clock also runs in real time
# whenever the vCPU thread is not executing guest code, and QEMU's minstret
# reads that clock, so it came out up to 0.6 % above the instructions
# retired, and different on every run (membench-short, 4 runs: 102.70 to
# 103.10 M; with sleep=off 102475255 every time, 2 more than rewind's
# minstret, as bench.elf's is 1 more).  With sleep=off an idle guest's
# clock jumps to its next timer deadline, as rewind's does.
row_qemu() {
	local q steps
	if ! command -v "$QEMU" >/dev/null 2>&1; then
		echo "bench: $QEMU is not installed: no QEMU row to compare with" >&2
		return 0
	fi
	q=("$QEMU" -M virt -accel tcg -bios none -nographic -kernel "$KERNEL")

	best_run "$TAG-qemu-icount" "QEMU -icount" "${q[@]}" -icount shift=0,sleep=off || return 1
	ICOUNT_SECS=$BEST
	steps=$(kernel_minstret "$TMP/$TAG-qemu-icount.out")
	[ -n "$steps" ] || { echo "bench: QEMU: the kernel printed no minstret" >&2; return 1; }

	best_run "$TAG-qemu" "QEMU" "${q[@]}" || return 1
	add_row "qemu tcg" "$steps" "$BEST" "$TAG-qemu"
	QEMU_MIPS=$(mips "$steps" "$BEST")
	QEMU_SECS=$BEST
	QEMU_STEPS=$steps
	add_row "qemu icount" "$steps" "$ICOUNT_SECS" "$TAG-qemu-icount"
}

print_table() {
	local i m ratio slow
	printf '%-20s %12s %9s %9s %9s %11s %8s\n' engine steps seconds MIPS "vs QEMU" "time/interp" "RSS MiB"
	for i in "${!ROW_NAMES[@]}"; do
		m=$(mips "${ROW_STEPS[$i]}" "${ROW_SECS[$i]}")
		ratio=-
		if [ -n "$QEMU_MIPS" ]; then
			ratio=$(awk -v a="$m" -v b="$QEMU_MIPS" 'BEGIN { printf "%.3fx", (b > 0 ? a / b : 0) }')
		fi
		# Slowdown against the first row (rewind's plain interpreter run);
		# for QEMU's -icount and rr rows, against QEMU's plain run instead.
		slow=$(awk -v a="${ROW_SECS[$i]}" -v b="${ROW_SECS[0]}" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')
		case ${ROW_NAMES[$i]} in
		"qemu rr="* | "qemu icount") slow=$(awk -v a="${ROW_SECS[$i]}" -v b="$QEMU_SECS" 'BEGIN { printf "%.2fx*", (b > 0 ? a / b : 0) }') ;;
		"qemu tcg") slow=- ;;
		esac
		printf '%-20s %12s %9s %9s %9s %11s %8s\n' "${ROW_NAMES[$i]}" \
			"${ROW_STEPS[$i]}" "${ROW_SECS[$i]}" "$m" "$ratio" "$slow" "$(mib "${ROW_RSS[$i]}")"
	done
	echo "(time/interp: wall time relative to 'rewind interp'; * relative to 'qemu tcg';"
	echo " qemu tcg's steps are qemu icount's count: plain TCG has no exact minstret;"
	echo " RSS: peak resident memory of the fastest run; rewind rows run with -m 128M, QEMU with its default 128M)"
}

# ---------------------------------------------------------------- summary

# row_field NAME steps|secs: that field of the current table's row NAME,
# or nothing if the table has no such row.
row_field() {
	local i
	for i in "${!ROW_NAMES[@]}"; do
		[ "${ROW_NAMES[$i]}" = "$1" ] || continue
		case $2 in
		steps) echo "${ROW_STEPS[$i]}" ;;
		secs)  echo "${ROW_SECS[$i]}" ;;
		esac
		return
	done
}

# row_mips NAME: the MIPS of the current table's row NAME, or nothing.
row_mips() {
	local steps secs
	steps=$(row_field "$1" steps)
	secs=$(row_field "$1" secs)
	if [ -n "$steps" ] && [ -n "$secs" ]; then mips "$steps" "$secs"; fi
}

# The summary's lines, one per kernel, made by summarize after each table.
SUMMARY=()

# ratio A B: A / B as "N.NNx", or - when either is missing or B is zero.
ratio() {
	if [ -z "$1" ] || [ -z "$2" ]; then
		echo -
		return
	fi
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'
}

# summarize TITLE: the current table's ratios.  Speeds are compared as MIPS
# (rewind and QEMU may count a few instructions differently, and on the
# timer-driven course-bench they run different schedules); record and
# replay against the JIT's plain run, as wall times of the same steps.
summarize() {
	local interp jit rec rep tcg icount
	interp=$(row_mips "rewind interp")
	jit=$(row_mips "rewind jit")
	tcg=$(row_mips "qemu tcg")
	icount=$(row_mips "qemu icount")
	rec=$(row_field "rewind record (jit)" secs)
	rep=$(row_field "rewind replay (jit)" secs)
	SUMMARY+=("$(printf '%-34s %9s %10s %12s %11s %11s %11s' "$1" "${jit:--}" \
		"$(ratio "$jit" "$tcg")" "$(ratio "$jit" "$icount")" "$(ratio "$jit" "$interp")" \
		"$(ratio "$rec" "$(row_field "rewind jit" secs)")" \
		"$(ratio "$rep" "$(row_field "rewind jit" secs)")")")
}

print_summary() {
	local line
	echo
	echo "summary: the JIT against QEMU and the interpreter, and record and replay against a run, under the JIT:"
	printf '%-34s %9s %10s %12s %11s %11s %11s\n' kernel "jit MIPS" "/qemu tcg" "/qemu icount" "/interp" "record/run" "replay/run"
	for line in "${SUMMARY[@]}"; do
		echo "$line"
	done
	echo "(/X: jit MIPS over X's MIPS, above 1 when the JIT is faster; record/run and replay/run:"
	echo " wall time of 'rewind record (jit)' and 'rewind replay (jit)' over 'rewind jit')"
}

# ---------------------------------------------------------------- memory

# Max RSS in KiB of the rewind rows (-m 128M), by "TAG MODE 128M", and of
# memory_table's own runs (-m 8G).
declare -A MEM=()

# rss_run KEY CMD...: runs CMD once with at most RSS_TIMEOUT seconds and
# stores its max RSS as MEM[KEY] (also when stopped at the timeout), or
# why there is none as MEM[KEY note].  Returns 0 if the kernel finished.
rss_run() {
	local key=$1 rc
	shift
	timed rss "$@"
	rc=$?
	MEM[$key]=$(cat "$TMP/rss.rss")
	if [ "$rc" -eq 124 ]; then
		MEM[$key note]="stopped after ${RSS_TIMEOUT}s"
		return 1
	fi
	check_run rss "$key" "$rc" || { MEM[$key note]="failed"; return 1; }
}

mem_cell() {
	local v=${MEM[$1]:-} n=${MEM[$1 note]:-}
	if [ -z "$v" ]; then
		printf '%s' "${n:--}"
	else
		printf '%s MiB%s' "$(mib "$v")" "${n:+ ($n)}"
	fi
}

# Peak memory of run, record and replay of each kernel with -m 128M (from
# the timed rows) and -m 8G (one run each, here).  Both kernels use a few
# MiB of guest memory, so the two columns should be alike.
memory_table() {
	local name kernel mode trace TIMEOUT=$RSS_TIMEOUT
	if [ -z "$TIME_BIN" ]; then
		echo "bench: /usr/bin/time is not installed: no memory figures" >&2
		return 0
	fi
	for name in bench course; do
		[ $name = bench ] && kernel=$BENCH_KERNEL || kernel=$COURSE_KERNEL
		trace=$TMP/rss-$name.rwd
		rss_run "$name run 8G" "$REWIND" run -m 8G --bios none --engine jit "$kernel"
		if rss_run "$name record 8G" "$REWIND" record --force -o "$trace" -m 8G --bios none --engine jit "$kernel"; then
			rss_run "$name replay 8G" "$REWIND" replay --engine jit "$trace"
		else
			MEM[$name replay 8G note]="no complete recording"
		fi
		rm -f "$trace" "$trace-wal" "$trace-shm"
	done
	echo
	echo "peak memory (max RSS of the whole run; at most ${RSS_TIMEOUT}s per -m 8G run):"
	printf '  %-16s %-24s %-24s\n' "" "-m 128M" "-m 8G"
	for name in bench course; do
		for mode in run record replay; do
			printf '  %-16s %-24s %-24s\n' "$name $mode" \
				"$(mem_cell "$name $mode 128M")" "$(mem_cell "$name $mode 8G")"
		done
	done
}

# ---------------------------------------------------------------- latency

# Going back in a replay (docs/reverse-debugging.md): gdb_latency.py speaks
# GDB's remote protocol to `rewind replay --gdb` itself (no gdb needed) and
# prints its own table; each position's first goto is a plain replay up to
# it, everything after that is served from snapshots.  A failed check (a
# reverse-stepi that did not land one step back, say) fails the bench.
latency_table() {
	local trace=$TMP/course-long.rwd
	if ! command -v python3 >/dev/null 2>&1; then
		echo "bench: python3 is not installed: no reverse debugging latencies" >&2
		return 0
	fi
	echo
	timed long-record "$REWIND" record --force -o "$trace" -m 128M --bios none --stats "$LONG_KERNEL"
	check_run long-record "recording $LONG_KERNEL" $? || return 1
	echo "bench: $LONG_KERNEL recorded in ${ELAPSED}s;" \
		"replayed under the GDB stub:"
	timeout "$TIMEOUT" python3 "$(dirname "$0")/gdb_latency.py" "$REWIND" "$trace" "$LONG_KERNEL"
}

# ---------------------------------------------------------------- main

for f in "$BENCH_KERNEL" "$MEM_KERNEL" "$COURSE_KERNEL" "$LONG_KERNEL"; do
	[ -f "$f" ] || die "$f not found (run make first)"
done
[ -x "$REWIND" ] || die "$REWIND not found or not executable (run make first)"

# run_table WHAT ROW...: one kernel's table.  rewind's rows first: if
# rewind is broken, say so before spending time on QEMU.  QEMU's row comes
# after them so every ratio can refer to it.
run_table() {
	local what=$1 row
	shift
	new_table
	echo
	echo "bench: $what: $KERNEL, fastest of $RUNS runs per row"
	for row in "$@"; do
		if ! "$row"; then
			[ ${#ROW_NAMES[@]} -gt 0 ] && print_table
			die "stopped: $row failed"
		fi
	done
	print_table
}

REWIND_ROWS=(row_rewind_interp row_rewind_jit row_rewind_record row_rewind_replay)

KERNEL=$BENCH_KERNEL TAG=bench
run_table "CPU-bound" "${REWIND_ROWS[@]}" row_qemu row_qemu_rr
summarize "CPU-bound (bench)"
BENCH_RECORD_STEPS=$(row_field "rewind record (jit)" steps)

# QEMU's own record/replay is left out of the other two tables, to keep
# make bench short; for course-bench it would also change the schedule
# (its -icount shift=auto clock drives the timer).
KERNEL=$MEM_KERNEL TAG=membench
run_table "memory-heavy" "${REWIND_ROWS[@]}" row_qemu
summarize "memory-heavy (membench)"
MEM_RECORD_STEPS=$(row_field "rewind record (jit)" steps)

KERNEL=$COURSE_KERNEL TAG=course
run_table "syscall/interrupt-heavy" "${REWIND_ROWS[@]}" row_qemu
summarize "syscall/irq-heavy (course-bench)"
COURSE_RECORD_STEPS=$(row_field "rewind record (jit)" steps)

print_summary
trace_sizes
memory_table
latency_table || die "stopped: the reverse debugging latencies failed"
