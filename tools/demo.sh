#!/bin/bash
# make demo: what rewind does today, in one minute.
# Usage: tools/demo.sh BUILD_DIR
set -eu
B=${1:-build}
R=$B/rewind
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "1. A bare-metal kernel reads a line from the UART (input typed for you)"
printf 'rewind\r' | $R run --stats $B/examples/hello.elf

say "2. Timer interrupts in virtual time: 10 ticks of 10 ms, no host waiting"
$R run --stats $B/examples/timer.elf

say "3. Debian's OpenSBI + U-Boot, booted with no flags at all"
python3 - "$R" <<'PY'
import sys
sys.path.insert(0, "tests/integration")
from console import Session
s = Session([sys.argv[1], "run", "--stats", "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf"])
s.expect("Hit any key to stop autoboot"); s.send("\r")
s.expect("=> "); s.send("version\r")
s.expect("=> "); s.send("poweroff\r")
rc = s.wait()
sys.stdout.write(s.out.decode(errors="replace"))
sys.stderr.write(s.err.decode(errors="replace"))
sys.exit(rc)
PY

say "4. The same program always takes the same steps (determinism)"
a=$($R run --stats $B/examples/timer.elf 2>&1 >/dev/null | grep -o 'steps=[0-9]*')
b=$($R run --stats $B/examples/timer.elf 2>&1 >/dev/null | grep -o 'steps=[0-9]*')
echo "run 1: $a   run 2: $b"
[ "$a" = "$b" ] && echo "identical: every run of a machine is a pure function of its inputs"

say "Next: rewind record / replay / --gdb (see README.md, Roadmap)"
