#!/bin/bash
# make demo: record a session of the default example kernel, replay it, and
# show that it matched — then the same for a 3-hart kernel with a data race
# and for Debian's OpenSBI + U-Boot.
# Usage: tools/demo.sh BUILD_DIR
set -eu
B=${1:-build}
R=$B/rewind
D=$(mktemp -d /tmp/rewind-demo-XXXXXX)
trap 'rm -rf "$D"' EXIT
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
type_session() { # type_session CMD... : answer prompts like a person would
    python3 - "$@" <<'PY'
import sys
sys.path.insert(0, "tests/integration")
from console import Session
script = {"hello": [("What is your name? ", "Ada\r")],
          "disk": [("Command? ", "race\r"), ("Command? ", "halt\r")],
          "uboot": [("autoboot", "\r"), ("=> ", "version\r"), ("=> ", "poweroff\r")]}[sys.argv[1]]
s = Session(sys.argv[2:])
for want, reply in script:
    s.expect(want)
    s.send(reply)
rc = s.wait()
sys.stdout.write(s.out.decode(errors="replace"))
sys.stderr.write(s.err.decode(errors="replace"))
sys.exit(rc)
PY
}

say "1. Record the hello kernel while 'Ada' is typed at its prompt"
type_session hello $R record -o $D/hello.rwd $B/examples/hello.elf

say "2. Replay it: same output, every checkpoint's state hash compared"
$R replay $D/hello.rwd

say "3. A 3-hart course kernel with a virtio disk and a deliberate data race, under --chaos"
cp $B/examples/disk.img $D/disk.img
type_session disk $R record --smp 3 --chaos 7 --drive $D/disk.img -o $D/race.rwd $B/examples/disk.elf
say "   ...replayed: the same interleaving, so the same number of lost updates"
$R replay --quiet $D/race.rwd
$R console $D/race.rwd | grep "race:"

say "4. Debian's OpenSBI + U-Boot with two harts, recorded and replayed"
type_session uboot $R record --smp 2 -o $D/uboot.rwd /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf | tail -4
$R replay --quiet $D/uboot.rwd
$R info $D/uboot.rwd

say "Next: rewind replay --gdb 1234 $D/uboot.rwd, then reverse-stepi in gdb-multiarch (docs/reverse-debugging.md)"
