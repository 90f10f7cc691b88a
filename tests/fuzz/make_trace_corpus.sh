#!/bin/bash
# Rebuild tests/fuzz/corpus_trace from a fresh recording of the hello
# kernel, for when the trace format changes.
# Usage: tests/fuzz/make_trace_corpus.sh BUILD_DIR
set -eu
B=${1:-build}
OUT=tests/fuzz/corpus_trace
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'Ada\r' | "$B/rewind" record --force -o "$tmp/t.rwd" --checkpoint-every 1000 \
    "$B/examples/hello.elf" >/dev/null 2>&1
# One self-contained file: no -wal beside it.
sqlite3 "$tmp/t.rwd" "PRAGMA journal_mode=DELETE; VACUUM;" >/dev/null
variant() { # NAME SQL: a copy of the recording changed by SQL
    cp "$tmp/t.rwd" "$tmp/$1"
    sqlite3 "$tmp/$1" "$2"
    cp "$tmp/$1" "$OUT/$1.bin"
}
cp "$tmp/t.rwd" "$OUT/valid_hello.bin"
variant bad_checkpoint "UPDATE checkpoints SET data = X'0a000000ff00ff' WHERE rowid = 2"
variant bad_image "UPDATE images SET data = X'ffffff7f0000' WHERE role = 'kernel'"
variant bad_inputs_blob "UPDATE inputs SET data = X'05000000ffffffff'"
variant count_lies "UPDATE inputs SET count = count + 7; UPDATE trap_counts SET count = -1"
variant newer_version "UPDATE meta SET value = '99' WHERE key = 'format_version'"
variant no_magic "DELETE FROM meta WHERE key = 'magic'"
python3 - "$tmp/t.rwd" "$OUT" <<'PY'
import sys, random
data = open(sys.argv[1], 'rb').read()
out = sys.argv[2]
open(out + '/truncated_half.bin', 'wb').write(data[:len(data) // 2])
open(out + '/header_only.bin', 'wb').write(data[:100])
rnd = random.Random(7)
b = bytearray(data)
for _ in range(64):
    i = rnd.randrange(100, len(b))
    b[i] ^= 1 << rnd.randrange(8)
open(out + '/bitflips.bin', 'wb').write(bytes(b))
PY
echo "corpus written to $OUT"
