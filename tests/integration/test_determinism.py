"""Every run of a machine is a pure function of its inputs: the same kernel
stopped at the same position has the same state hash (harts + RAM), also
with several harts and timer interrupts; a different schedule (quantum)
gives a different state, so the hash is not blind."""
import re
import subprocess
from console import build_dir

B = build_dir()
REWIND = B + "/rewind"
UBOOT_S = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf"


def state(*args):
    p = subprocess.run([REWIND, "run", *args], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    m = re.search(rb"reached step (\d+), state hash ([0-9a-f]{16})", p.stderr)
    assert p.returncode == 0 and m, (args, p.returncode, p.stderr[-500:])
    return int(m.group(1)), m.group(2).decode()


cases = [
    ["--until-step", "1500", B + "/examples/timer.elf"],
    ["--smp", "2", "--until-step", "30000000", UBOOT_S],
]
for c in cases:
    a, b = state(*c), state(*c)
    assert a == b, "two runs differ: %s vs %s for %s" % (a, b, c)
    assert a[0] == int(c[c.index("--until-step") + 1]), "stopped at %d, not at the asked step" % a[0]

other = state("--smp", "2", "--quantum", "777", "--until-step", "30000000", UBOOT_S)
assert other != state(*cases[1]), "a different interleaving should give a different state"
print("ok")
