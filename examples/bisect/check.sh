#!/bin/bash
# Test one revision for `git bisect run`: build it, boot it under
# `rewind record`, and answer with git bisect's exit codes:
#
#   0    good   the console showed "boot ok"
#   1    bad    the console showed "PANIC", or the kernel reported failure
#               or powered off without saying "boot ok"
#   125  skip   it does not build, or nothing was decided within
#               BISECT_TIMEOUT_STEPS guest steps (a hang)
#   255  abort  rewind itself is missing or failed; no verdict on the kernel
#
# Every revision leaves a recording, $BISECT_OUT/bisect-<commit>.rwd, that
# `rewind replay` repeats bit-exactly: the failure stays reproducible after
# the bisect is over.
#
# Usage (from the repository being bisected):
#   git bisect run /path/to/examples/bisect/check.sh
# Environment:
#   REWIND               the rewind binary (default: `rewind` in PATH, else
#                        build/rewind next to this script's source tree)
#   BISECT_OUT           where recordings go (default: /tmp/rewind-bisect)
#   BISECT_TIMEOUT_STEPS steps before a revision counts as hung (50000000)
set -u

if [ -z "${REWIND:-}" ]; then
    REWIND=$(command -v rewind || true)
    if [ -z "$REWIND" ]; then
        REWIND=$(cd "$(dirname "$0")/../.." && pwd)/build/rewind
    fi
fi
if [ ! -x "$REWIND" ]; then
    echo "check.sh: rewind not found (tried '$REWIND'); set REWIND=/path/to/rewind" >&2
    exit 255
fi
out=${BISECT_OUT:-${TMPDIR:-/tmp}/rewind-bisect}
mkdir -p "$out" || exit 255
rev=$(git rev-parse --short HEAD) || exit 255
rwd=$out/bisect-$rev.rwd

if ! make -s -B >"$out/build-$rev.log" 2>&1; then
    echo "check.sh: $rev does not build (see $out/build-$rev.log): skip"
    exit 125
fi

rm -f "$rwd"
"$REWIND" record --force -o "$rwd" --expect "boot ok" --fail "PANIC" \
    --timeout-steps "${BISECT_TIMEOUT_STEPS:-50000000}" kernel.elf </dev/null
rc=$?
# The console may end mid-line ("PANIC" stops the run at once).  rewind
# starts its own messages on stderr on a fresh line; when stdout goes
# elsewhere, end the console's line there too.
[ /dev/fd/1 -ef /dev/fd/2 ] || echo

# A recording is left behind by every run that booted the kernel; without
# one, rewind failed before the guest ran (bad option, missing file).
if [ ! -s "$rwd" ]; then
    echo "check.sh: rewind exited with $rc and left no recording: abort" >&2
    exit 255
fi
case $rc in
0)   verdict=good ;;
125) verdict=skip ;;
*)   if [ $rc -ge 126 ]; then
         echo "check.sh: rewind exited with $rc: abort" >&2
         exit 255
     fi
     verdict=bad ;;
esac
echo "check.sh: $rev is $verdict (exit $rc), recording: $rwd"
exit $rc
