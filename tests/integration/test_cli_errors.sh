#!/bin/bash
# Every error path of the rewind CLI (run, record, replay, info, console,
# disas, and the command itself): one line on stderr that names the
# problem, nothing on stdout, a non-zero exit (2 for usage errors) and no
# crash (exit status below 128).
# Usage: tests/integration/test_cli_errors.sh BUILD_DIR
set -u
B=${1:-build}
R=$B/rewind
RV_GCC=${RV_CC:-riscv64-unknown-elf-gcc}
RV_AS=${RV_AS:-riscv64-unknown-elf-as}
if [ ! -x "$R" ]; then
    echo "FAIL: $R not built"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0
skip=0
failed=()

# expect NAME RC PHRASE ARGS...
#   RC: the exact exit status, or "nz" for any failure status below 128.
#   PHRASE: must appear (case-insensitively) in the one stderr line.
expect() {
    local name=$1 want=$2 phrase=$3
    shift 3
    timeout 20 "$R" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    local rc=$? why=""
    local lines
    lines=$(wc -l <"$tmp/err")
    if [ $rc -eq 124 ]; then
        why="timed out (did it boot?)"
    elif [ $rc -ge 128 ]; then
        why="crashed with status $rc"
    elif [ "$want" = nz ] && [ $rc -eq 0 ]; then
        why="exit status 0, expected a failure"
    elif [ "$want" != nz ] && [ $rc -ne "$want" ]; then
        why="exit status $rc, expected $want"
    elif [ "$lines" -ne 1 ] || [ "$(wc -c <"$tmp/err")" -le 1 ]; then
        why="stderr has $lines lines, expected exactly one"
    elif [ -s "$tmp/out" ]; then
        why="wrote to stdout"
    elif ! grep -qiF -- "$phrase" "$tmp/err"; then
        why="message lacks '$phrase'"
    fi
    if [ -n "$why" ]; then
        failed+=("$name")
        echo "FAIL $name: $why"
        echo "     rewind $*"
        sed 's/^/     stderr: /' "$tmp/err" | head -5
        sed 's/^/     stdout: /' "$tmp/out" | head -3
    else
        pass=$((pass + 1))
        echo "ok   $name: $(cat "$tmp/err")"
    fi
}

skip_case() {
    skip=$((skip + 1))
    echo "SKIP $1: $2"
}

# ---------------------------------------------------------------- inputs
# A raw image that loops forever (`j .`): a valid kernel for --bios none.
printf '\157\000\000\000' >"$tmp/loop.bin"
: >"$tmp/empty"
mkdir "$tmp/dir"
printf 'hello, not an ELF\n' >"$tmp/text.txt"
# A 64-bit RISC-V ELF header cut short.
{ printf '\177ELF\002\001\001'; head -c 33 /dev/zero; } >"$tmp/trunc.elf"
# A 32-bit ELF: assembled when the cross assembler is there, else by hand.
if command -v "$RV_AS" >/dev/null 2>&1 &&
    echo 'nop' | "$RV_AS" -march=rv32i -mabi=ilp32 -o "$tmp/rv32.elf" - 2>/dev/null; then
    :
else
    { printf '\177ELF\001\001\001'; head -c 193 /dev/zero; } >"$tmp/rv32.elf"
fi
# A RISC-V guest linked at 0x1000, below RAM.
have_low=0
if command -v "$RV_GCC" >/dev/null 2>&1; then
    printf '.globl _start\n_start: j _start\n' >"$tmp/low.S"
    "$RV_GCC" -nostdlib -Ttext=0x1000 "$tmp/low.S" -o "$tmp/low.elf" 2>/dev/null && have_low=1
fi
# Kernels that do not fit (sparse files: nothing is written to disk).
truncate -s 17M "$tmp/big.bin"
truncate -s 15872K "$tmp/almost.bin"
CORPUS=$(dirname "$0")/../fuzz/corpus_elf
HOSTELF=/bin/true
host_is_elf=0
[ -f "$HOSTELF" ] && [ "$(head -c 4 "$HOSTELF" | od -An -c | tr -d ' ')" = '177ELF' ] && host_is_elf=1

# ---------------------------------------------------------------- control
# The harness must see success as success.
timeout 20 "$R" run --bios none --until-step 1000 "$tmp/loop.bin" </dev/null >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ]; then
    pass=$((pass + 1))
    echo "ok   control: a valid run exits 0"
else
    failed+=("control")
    echo "FAIL control: rewind run --bios none --until-step 1000 exited $rc"
    sed 's/^/     stderr: /' "$tmp/err" | head -5
fi

# ---------------------------------------------------------------- commands
expect "unknown command" 2 "unknown command" frobnicate
expect "unknown command that looks like a flag" 2 "unknown command" --frobnicate
# No command at all prints the full usage (several lines) and fails.
timeout 20 "$R" </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "usage: rewind" "$tmp/err" && [ ! -s "$tmp/out" ]; then
    pass=$((pass + 1))
    echo "ok   no command: usage on stderr, status 2"
else
    failed+=("no command")
    echo "FAIL no command: status $rc"
fi

# ---------------------------------------------------------------- kernel files
expect "no kernel" 2 "no kernel given" run
expect "no kernel with --bios none" 2 "no kernel given" run --bios none
expect "missing kernel file" nz "cannot open" run "$tmp/nope/kernel.elf"
expect "missing kernel names the file" nz "$tmp/nope/kernel.elf" run "$tmp/nope/kernel.elf"
expect "directory as kernel" nz "not a regular file" run "$tmp/dir"
expect "empty kernel" nz "empty" run "$tmp/empty"
expect "empty kernel, --bios none" nz "empty" run --bios none "$tmp/empty"
expect "truncated ELF" nz "truncated ELF header" run "$tmp/trunc.elf"
expect "truncated ELF, --bios none" nz "truncated ELF header" run --bios none "$tmp/trunc.elf"
expect "32-bit ELF" nz "not a 64-bit ELF" run "$tmp/rv32.elf"
if [ $host_is_elf -eq 1 ]; then
    expect "ELF for another machine" nz "not RISC-V" run "$HOSTELF"
    expect "ELF for another machine, --bios none" nz "not RISC-V" run --bios none "$HOSTELF"
else
    skip_case "ELF for another machine" "$HOSTELF is not an ELF file"
fi
if [ $have_low -eq 1 ]; then
    expect "segment outside RAM" nz "outside RAM" run "$tmp/low.elf"
    expect "segment outside RAM, --bios none" nz "outside RAM" run --bios none "$tmp/low.elf"
else
    skip_case "segment outside RAM" "$RV_GCC not available"
fi
expect "kernel larger than RAM" nz "larger than guest RAM" run --bios none -m 16M "$tmp/big.bin"
expect "kernel leaves no room for the device tree" nz "no room for the device tree" \
    run --bios none -m 16M "$tmp/almost.bin"
if [ -f "$CORPUS/only_note.elf" ]; then
    expect "ELF without loadable segments" nz "no loadable segments" run "$CORPUS/only_note.elf"
    expect "ELF segment outside the file" nz "outside the file" run "$CORPUS/segment_outside_file.elf"
    expect "ELF program headers outside the file" nz "outside the file" run "$CORPUS/huge_phnum.elf"
else
    skip_case "malformed ELF files" "$CORPUS not found"
fi
expect "two kernels" 2 "only one kernel" run "$tmp/loop.bin" "$tmp/loop.bin"

# ---------------------------------------------------------------- options
expect "unknown flag" 2 "unknown option --bogus" run --bogus "$tmp/loop.bin"
expect "unknown short flag" 2 "unknown option -z" run -z "$tmp/loop.bin"
expect "-m garbage" 2 "not a memory size" run -m garbage "$tmp/loop.bin"
expect "-m 12Q" 2 "not a memory size" run -m 12Q "$tmp/loop.bin"
expect "-m negative" 2 "not a memory size" run -m -5M "$tmp/loop.bin"
expect "-m overflow" 2 "not a memory size" run -m 99999999999999999999G "$tmp/loop.bin"
expect "-m 1K" 2 "between 16M and 64G" run -m 1K "$tmp/loop.bin"
expect "-m 0" 2 "between 16M and 64G" run -m 0 "$tmp/loop.bin"
expect "-m 999999G" 2 "between 16M and 64G" run -m 999999G "$tmp/loop.bin"
expect "-m not whole MiB" 2 "whole number of MiB" run -m 16385K --bios none "$tmp/loop.bin"
expect "--smp 0" 2 "from 1 to 8" run --smp 0 "$tmp/loop.bin"
expect "--smp 9" 2 "from 1 to 8" run --smp 9 "$tmp/loop.bin"
expect "--smp x" 2 "from 1 to 8" run --smp x "$tmp/loop.bin"
expect "--smp -1" 2 "from 1 to 8" run --smp -1 "$tmp/loop.bin"
expect "--bios missing file" nz "cannot open" run --bios "$tmp/nope/fw.bin" "$tmp/loop.bin"
expect "--bios missing file, no kernel" nz "cannot open" run --bios "$tmp/nope/fw.bin"
expect "--bios directory" nz "not a regular file" run --bios "$tmp/dir" "$tmp/loop.bin"
expect "--initrd missing file" nz "cannot open" run --bios none --initrd "$tmp/nope/initrd" "$tmp/loop.bin"
expect "--engine bogus" 2 "unknown engine" run --engine bogus "$tmp/loop.bin"
expect "--until-step -5" 2 "must be a step number" run --until-step -5 "$tmp/loop.bin"
expect "--until-step x" 2 "must be a step number" run --until-step 12x "$tmp/loop.bin"
expect "--quantum 0" 2 "positive number" run --quantum 0 "$tmp/loop.bin"
expect "--timeout-steps 0" 2 "positive number" run --timeout-steps 0 "$tmp/loop.bin"
expect "--expect empty" 2 "non-empty" run --expect "" "$tmp/loop.bin"
expect "--fail empty" 2 "non-empty" run --fail "" "$tmp/loop.bin"
for opt in -m --memory --smp --bios --initrd --append --engine --quantum --until-step \
    --timeout-steps --expect --fail; do
    expect "$opt without a value" 2 "$opt needs a value" run "$tmp/loop.bin" "$opt"
done

# ---------------------------------------------------------------- record
# A good trace to aim the replay, info and console errors at.
timeout 60 "$R" record -o "$tmp/ok.rwd" --bios none --until-step 1000 "$tmp/loop.bin" \
    </dev/null >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$tmp/ok.rwd" ]; then
    pass=$((pass + 1))
    echo "ok   control: a valid record exits 0 and writes the trace"
else
    failed+=("record control")
    echo "FAIL record control: rewind record exited $rc"
    sed 's/^/     stderr: /' "$tmp/err" | head -5
fi
ok_size=$(stat -c %s "$tmp/ok.rwd" 2>/dev/null || echo 0)

# A record that fails must not leave a trace file behind (it would make
# the next attempt fail with "already exists").
expect_no_file() {
    local name=$1 path=$2
    if [ -e "$path" ]; then
        failed+=("$name")
        echo "FAIL $name: left $(basename "$path") behind"
        rm -f "$path"
    else
        pass=$((pass + 1))
        echo "ok   $name"
    fi
}

expect "record without -o" 2 "pass -o" record --bios none "$tmp/loop.bin"
expect "record -o without a value" 2 "-o needs a file name" record -o
expect "record --output without a value" 2 "--output needs a file name" record --output
expect "record without a kernel" 2 "no kernel given" record -o "$tmp/a.rwd"
expect_no_file "record without a kernel leaves no file" "$tmp/a.rwd"
expect "record over an existing trace" 2 "already exists" \
    record -o "$tmp/ok.rwd" --bios none "$tmp/loop.bin"
if [ "$(stat -c %s "$tmp/ok.rwd" 2>/dev/null || echo 0)" = "$ok_size" ]; then
    pass=$((pass + 1))
    echo "ok   record over an existing trace leaves it alone"
else
    failed+=("existing trace changed")
    echo "FAIL record over an existing trace changed it"
fi
expect "record into a missing directory" 2 "cannot create" \
    record -o "$tmp/nope/t.rwd" --bios none "$tmp/loop.bin"
expect "record a missing kernel" nz "cannot open" record -o "$tmp/b.rwd" --bios none "$tmp/nope.bin"
expect_no_file "failed record (missing kernel) leaves no file" "$tmp/b.rwd"
expect "record -m 1K" 2 "between 16M and 64G" record -o "$tmp/c.rwd" -m 1K "$tmp/loop.bin"
expect_no_file "failed record (-m 1K) leaves no file" "$tmp/c.rwd"
expect "record --smp 9" 2 "from 1 to 8" record -o "$tmp/d.rwd" --smp 9 "$tmp/loop.bin"
expect "record --checkpoint-every 0" 2 "must be positive" \
    record --checkpoint-every 0 -o "$tmp/e.rwd" "$tmp/loop.bin"
expect "record --checkpoint-every x" 2 "must be a number" \
    record --checkpoint-every x -o "$tmp/e.rwd" "$tmp/loop.bin"
expect "record --checkpoint-every without a value" 2 "--checkpoint-every" \
    record -o "$tmp/e.rwd" "$tmp/loop.bin" --checkpoint-every
expect "record --chaos 0" 2 "non-zero seed" record --chaos 0 -o "$tmp/e.rwd" "$tmp/loop.bin"
expect "record --chaos x" 2 "must be a number" record --chaos x -o "$tmp/e.rwd" "$tmp/loop.bin"
expect "record unknown flag" 2 "unknown option --bogus" record --bogus -o "$tmp/e.rwd" "$tmp/loop.bin"
expect_no_file "option errors leave no file" "$tmp/e.rwd"

# ---------------------------------------------------------------- replay, info, console
cp "$tmp/ok.rwd" "$tmp/half.rwd" 2>/dev/null && truncate -s 8192 "$tmp/half.rwd"
expect "replay without a trace" 2 "no trace given" replay
expect "replay a missing trace" nz "cannot open" replay "$tmp/nope.rwd"
expect "replay an empty file" nz "not a rewind trace" replay "$tmp/empty"
expect "replay a text file" nz "not a rewind trace" replay "$tmp/text.txt"
expect "replay a truncated trace" nz "not a rewind trace" replay "$tmp/half.rwd"
expect "replay a directory" nz "$tmp/dir" replay "$tmp/dir"
expect "replay with a machine option" 2 "not a replay option" replay -m 64M "$tmp/ok.rwd"
expect "replay unknown flag" 2 "not a replay option" replay --bogus "$tmp/ok.rwd"
expect "replay --until-step x" 2 "must be a step number" replay --until-step x "$tmp/ok.rwd"
expect "replay --perturb-at x" 2 "must be a number" replay --perturb-at x "$tmp/ok.rwd"
expect "replay two traces" 2 "unexpected argument" replay "$tmp/ok.rwd" "$tmp/ok.rwd"
for c in info console; do
    expect "$c without a trace" 2 "usage: rewind $c" $c
    expect "$c two traces" 2 "one trace file" $c "$tmp/ok.rwd" "$tmp/ok.rwd"
    expect "$c unknown flag" 2 "unknown option --bogus" $c --bogus "$tmp/ok.rwd"
    expect "$c a missing trace" nz "cannot open" $c "$tmp/nope.rwd"
    expect "$c an empty file" nz "not a rewind trace" $c "$tmp/empty"
    expect "$c a text file" nz "not a rewind trace" $c "$tmp/text.txt"
    expect "$c a truncated trace" nz "not a rewind trace" $c "$tmp/half.rwd"
done
expect "console --steps without a trace" 2 "usage: rewind console" console --steps

# ---------------------------------------------------------------- disas
expect "disas without a file" 2 "usage: rewind disas" disas
expect "disas two files" 2 "usage: rewind disas" disas "$tmp/loop.bin" "$tmp/loop.bin"
expect "disas unknown flag" 2 "usage: rewind disas" disas --bogus
expect "disas missing file" nz "cannot open" disas "$tmp/nope.elf"
expect "disas directory" nz "not a regular file" disas "$tmp/dir"
expect "disas empty file" nz "empty" disas "$tmp/empty"
expect "disas not an ELF" nz "not an ELF file" disas "$tmp/text.txt"
expect "disas truncated ELF" nz "not an ELF file" disas "$tmp/trunc.elf"
expect "disas 32-bit ELF" nz "not a 64-bit RISC-V ELF" disas "$tmp/rv32.elf"
if [ $host_is_elf -eq 1 ]; then
    expect "disas ELF for another machine" nz "not a 64-bit RISC-V ELF" disas "$HOSTELF"
fi

# ---------------------------------------------------------------- summary
echo
echo "cli errors: $pass passed, ${#failed[@]} failed, $skip skipped"
if [ ${#failed[@]} -ne 0 ]; then
    printf '  failed: %s\n' "${failed[@]}"
    exit 1
fi
exit 0
