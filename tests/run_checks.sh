#!/bin/bash
# The body of `make check`: unit tests, ISA tests, integration tests.
# Usage: tests/run_checks.sh BUILD_DIR
set -u
B=${1:-build}
fail=0
section() { printf '\n=== %s\n' "$1"; }

section "unit tests (cmocka)"
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    if "$t" >"$t.log" 2>&1; then
        echo "PASS $(basename "$t") ($(grep -c '^\[       OK \]' "$t.log") cases)"
    else
        echo "FAIL $(basename "$t")"; cat "$t.log"; fail=1
    fi
done

section "ISA tests (tests/isa, through HTIF)"
bash tests/isa/run.sh "$B" "$B/rewind" run --bios none || fail=1

section "fuzz corpus (ELF loader)"
bash tests/fuzz/run_corpus.sh "$B" || fail=1

section "integration tests"
for t in tests/integration/test_*.sh tests/integration/test_*.py; do
    [ -f "$t" ] || continue
    case $t in *.py) runner=python3 ;; *) runner=bash ;; esac
    if out=$($runner "$t" "$B" 2>&1); then
        echo "PASS $(basename "$t")"
    else
        echo "FAIL $(basename "$t")"; echo "$out" | tail -30; fail=1
    fi
done

echo
if [ $fail -ne 0 ]; then echo "make check: FAILED"; exit 1; fi
echo "make check: all passed"
