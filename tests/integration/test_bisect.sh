#!/bin/bash
# The bisect walkthrough of docs/bisect.md, end to end: build the example
# history (examples/bisect/make-history.sh), let `git bisect run` drive
# examples/bisect/check.sh over it, and check that
#   - git bisect names exactly the commit that introduced the regression
#     (it also has to skip the revision that hangs, and mark the others);
#   - that commit's recording exists, replays with "replay matched" and the
#     same final state hash twice, and its console shows the PANIC;
#   - check.sh answers 125 for a hang and for a build failure, and aborts
#     (255) when rewind is missing.
# Usage: tests/integration/test_bisect.sh BUILD_DIR
set -u
B=${1:-build}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
CROSS=${CROSS:-riscv64-unknown-elf-}

for tool in git "${CROSS}gcc" make; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP test_bisect: $tool not installed"
        exit 0
    fi
done
if [ ! -x "$B/rewind" ]; then
    echo "FAIL: $B/rewind not built"
    exit 1
fi
CHECK=$SRC/examples/bisect/check.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One binary for the whole test, even if the build is relinked meanwhile.
REWIND=$tmp/rewind
cp "$B/rewind" "$REWIND" || exit 1
export REWIND CROSS BISECT_OUT=$tmp/rec
# Neither the user's git configuration nor a terminal may change the run.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_PAGER=cat
exec </dev/null

failed=0
fail() { echo "FAIL: $*"; failed=1; }
ok() { echo "ok   $*"; }

if ! bash "$SRC/examples/bisect/make-history.sh" "$tmp/tiny" >"$tmp/history.log" 2>&1; then
    cat "$tmp/history.log"
    echo "FAIL: make-history.sh"
    exit 1
fi
cd "$tmp/tiny" || exit 1
[ "$(git rev-list --count main)" -eq 8 ] || fail "expected 8 commits"
# The commits the history plants (see make-history.sh), found by subject.
by_subject() { git log --format=%H -F --grep="$1" main; }
culprit=$(by_subject "frames: remember the kernel's size")
hang=$(by_subject "uart: factor out tx_busy()")
first=$(git rev-list --max-parents=0 main)
if [ -z "$culprit" ] || [ -z "$hang" ]; then
    echo "FAIL: history lacks its planted commits"
    exit 1
fi

# ---- the bisect itself
git bisect start main "$first" >/dev/null 2>&1 || fail "git bisect start"
timeout 50 git bisect run "$CHECK" >"$tmp/bisect.log" 2>&1
rc=$?
bad=$(git rev-parse --verify -q refs/bisect/bad)
git bisect reset -q >/dev/null 2>&1
if [ $rc -ne 0 ]; then
    tail -30 "$tmp/bisect.log"
    fail "git bisect run exited with $rc"
elif ! grep -q "^$culprit is the first bad commit" "$tmp/bisect.log" || [ "$bad" != "$culprit" ]; then
    grep -E "first bad|is (good|bad|skip)|could be any of" "$tmp/bisect.log"
    fail "git bisect did not name $culprit"
else
    ok "git bisect named the first bad commit ($(git log -1 --format='%h %s' "$culprit"))"
fi

# ---- the recording the first bad commit left behind
rwd=$BISECT_OUT/bisect-$(git rev-parse --short "$culprit").rwd
if [ ! -s "$rwd" ]; then
    fail "no recording $rwd"
else
    ok "recording $(basename "$rwd") exists"
    "$REWIND" console --steps "$rwd" >"$tmp/console" 2>&1
    if grep -q "PANIC" "$tmp/console" && grep -q "frames: got frame" "$tmp/console"; then
        ok "rewind console shows the PANIC"
    else
        cat "$tmp/console"
        fail "rewind console does not show the PANIC"
    fi
    hashes=()
    for i in 1 2; do
        if "$REWIND" replay --quiet "$rwd" >"$tmp/replay" 2>&1 && grep -q "replay matched" "$tmp/replay"; then
            hashes+=("$(sed -n 's/.*final state hash \([0-9a-f]*\).*/\1/p' "$tmp/replay")")
        else
            cat "$tmp/replay"
            fail "replay $i of $(basename "$rwd") did not match"
        fi
    done
    if [ ${#hashes[@]} -eq 2 ] && [ -n "${hashes[0]}" ] && [ "${hashes[0]}" = "${hashes[1]}" ]; then
        ok "replay matched twice, final state hash ${hashes[0]}"
    else
        fail "replays disagree: ${hashes[*]}"
    fi
    "$REWIND" info "$rwd" >"$tmp/info" 2>&1
    grep -Eq "^ended by +fail-text" "$tmp/info" || fail "rewind info: not ended by fail-text"
fi

# ---- check.sh's other answers, independent of the order git picks
verdict() {  # verdict NAME WANT [env...]: run check.sh at HEAD
    local name=$1 want=$2
    shift 2
    env "$@" "$CHECK" >"$tmp/check.log" 2>&1
    local got=$?
    if [ $got -eq "$want" ]; then
        ok "check.sh: $name -> $got"
    else
        tail -5 "$tmp/check.log"
        fail "check.sh: $name exited $got, expected $want"
    fi
}
git checkout -q "$hang" && verdict "hang" 125
git checkout -q "$first" && verdict "good" 0
echo "syntax error" >>main.c && verdict "build failure" 125
git checkout -q -f main
verdict "rewind missing" 255 REWIND="$tmp/no-such-rewind"

[ $failed -eq 0 ] || exit 1
echo "PASS test_bisect"
