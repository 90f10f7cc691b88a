#!/usr/bin/env bash
# Run every BUILD_DIR/isa/*.elf with RUNNER (the ELF path is appended).
#   tests/isa/run.sh build build/rewind run --bios none
#   tests/isa/run.sh build qemu-system-riscv64 -M spike -bios none -nographic -kernel
# Exit status of the runner: 0 = pass, n = failed at case n (124 = timeout).
# Environment: ISA_TIMEOUT (seconds per test, default 20), ISA_FILTER (a
# substring of the test names to run), ISA_SKIP (test names not to run, e.g.
# extensions the runner lacks; each is reported as SKIP).
# Per-test runner options: a line `ISA-ARGS(RUNNER): ARGS` in
# tests/isa/NAME.S (RUNNER is the runner's basename, e.g.
# qemu-system-riscv64) puts ARGS before the runner's last argument for
# that test, overriding options given for all.
set -u
if [ $# -lt 2 ]; then
    echo "usage: $0 BUILD_DIR RUNNER [ARGS...]" >&2
    exit 2
fi
build=$1; shift
srcdir=$(dirname "$0")
runner=$1; shift
runner_name=$(basename "$runner")
timeout_s=${ISA_TIMEOUT:-20}
filter=${ISA_FILTER:-}
skip=" ${ISA_SKIP:-} "

shopt -s nullglob
elfs=("$build"/isa/*.elf)
if [ ${#elfs[@]} -eq 0 ]; then
    echo "run.sh: no ELFs in $build/isa (build them with: make isa-elfs)" >&2
    exit 2
fi

pass=0; failn=0; skipn=0; failed=()
for elf in "${elfs[@]}"; do
    name=$(basename "$elf" .elf)
    case "$name" in *"$filter"*) ;; *) continue ;; esac
    case "$skip" in *" $name "*) printf 'SKIP %s\n' "$name"; skipn=$((skipn + 1)); continue ;; esac
    extra=()
    if [ -f "$srcdir/$name.S" ]; then
        read -r -a extra < <(sed -n "s/^.*ISA-ARGS($runner_name): *//p" "$srcdir/$name.S" | head -n 1)
    fi
    # Before the runner's last argument (QEMU's -kernel), so that they
    # override the same options given for every test (a later -cpu wins).
    args=("$@")
    if [ ${#extra[@]} -gt 0 ] && [ ${#args[@]} -gt 0 ]; then
        args=("${args[@]:0:${#args[@]}-1}" "${extra[@]}" "${args[@]: -1}")
    fi
    timeout "$timeout_s" "$runner" "${args[@]}" "$elf" </dev/null >/dev/null 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        printf 'PASS %s\n' "$name"
        pass=$((pass + 1))
    else
        if [ $rc -eq 124 ]; then why="timeout"; else why="case $rc"; fi
        printf 'FAIL %s %d (%s)\n' "$name" "$rc" "$why"
        failn=$((failn + 1)); failed+=("$name")
    fi
done
if [ $skipn -gt 0 ]; then
    echo "isa: $pass passed, $failn failed, $skipn skipped"
else
    echo "isa: $pass passed, $failn failed"
fi
[ $failn -eq 0 ] || { echo "failed: ${failed[*]}"; exit 1; }
exit 0
