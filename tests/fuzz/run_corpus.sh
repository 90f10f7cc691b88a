#!/bin/bash
# Build the fuzz targets (ELF loader, trace reader, GDB packet layer) and
# replay each committed corpus once (no fuzzing): a quick regression check
# for `make check`.
# Usage: tests/fuzz/run_corpus.sh BUILD_DIR
set -u
B=${1:-build}
CLANG=${CLANG:-clang}
cd "$(dirname "$0")/../.." || exit 1

if ! command -v "$CLANG" >/dev/null 2>&1; then
    echo "SKIP fuzz corpus: $CLANG not found"
    exit 0
fi
mkdir -p "$B" || exit 1
# clang without compiler-rt's libFuzzer cannot link fuzz targets: skip, not fail.
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
    echo "SKIP fuzz corpus: $CLANG cannot build libFuzzer targets (compiler-rt missing?)"
    exit 0
fi

# run_target NAME SOURCES...: build one target and replay its corpus.
run_target() {
    local name=$1 bin=$B/$1 log=$B/$1.log
    shift
    if ! "$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
            -Wall -Wextra -Werror -I. -D_GNU_SOURCE "$@" -o "$bin" -lsqlite3 -llz4 -lxxhash; then
        echo "FAIL fuzz corpus: cannot build $bin"
        return 1
    fi
    local inputs=(tests/fuzz/corpus_${name#fuzz_}/*)
    if [ ! -e "${inputs[0]}" ]; then
        echo "FAIL fuzz corpus: tests/fuzz/corpus_${name#fuzz_} is empty"
        return 1
    fi
    # Given files (not a directory), libFuzzer runs each input once and exits
    # non-zero on the first crash, leak or sanitizer report.
    if "$bin" -runs=1 "${inputs[@]}" >"$log" 2>&1; then
        echo "PASS fuzz corpus $name (${#inputs[@]} inputs)"
        return 0
    fi
    echo "FAIL fuzz corpus $name: see $log"
    grep -E 'ERROR|SUMMARY|Running:' "$log" | tail -20
    return 1
}

fail=0
run_target fuzz_elf tests/fuzz/fuzz_elf.c core/loader.c core/bus.c || fail=1
run_target fuzz_trace tests/fuzz/fuzz_trace.c trace/trace.c trace/lz4blob.c replay/rr.c || fail=1
run_target fuzz_gdb_packet tests/fuzz/fuzz_gdb_packet.c gdbstub/packet.c gdbstub/target_xml.c || fail=1
exit $fail
