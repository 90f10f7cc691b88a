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

for engine in jit interp; do
    section "ISA tests (tests/isa, through HTIF), --engine $engine"
    bash tests/isa/run.sh "$B" "$B/rewind" run --bios none --engine "$engine" || fail=1
done

section "fuzz corpus (ELF loader)"
bash tests/fuzz/run_corpus.sh "$B" || fail=1

# Every integration test under each engine (REWIND_ENGINE is the default
# for every rewind the tests start; test_engines.py compares the two).
for engine in jit interp; do
    section "integration tests, REWIND_ENGINE=$engine"
    for t in tests/integration/test_*.sh tests/integration/test_*.py; do
        [ -f "$t" ] || continue
        case $t in *.py) runner=python3 ;; *) runner=bash ;; esac
        if out=$(REWIND_ENGINE=$engine $runner "$t" "$B" 2>&1); then
            echo "PASS $(basename "$t") [$engine]"
        else
            echo "FAIL $(basename "$t") [$engine]"; echo "$out" | tail -30; fail=1
        fi
    done
done

echo
if [ $fail -ne 0 ]; then echo "make check: FAILED"; exit 1; fi
echo "make check: all passed"
