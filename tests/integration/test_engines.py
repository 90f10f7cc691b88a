"""The JIT and the interpreter are one machine: the same kernel stopped at
the same step has the same state hash (harts, devices, RAM) under either
engine — OpenSBI + U-Boot on two harts, the 3-hart course kernel, the disk
kernel with its virtio disk, the preemptive tasks — and a trace recorded
with one engine replays with the other, every checkpoint matching."""
import os
import re
import shutil
import subprocess
import tempfile
from console import Session, build_dir

B = os.path.abspath(build_dir())
REWIND = B + "/rewind"
EX = B + "/examples"
UBOOT_S = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf"
TMP = tempfile.mkdtemp(prefix="rewind-engines-test-")


def state(engine, *args):
    shutil.copy(EX + "/disk.img", disk)  # the disk kernel writes to it
    p = subprocess.run([REWIND, "run", "--engine", engine, *args], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
    m = re.search(rb"reached step (\d+), state hash ([0-9a-f]{16})", p.stderr)
    assert p.returncode == 0 and m, (engine, args, p.returncode, p.stderr[-500:])
    return int(m.group(1)), m.group(2).decode()


disk = TMP + "/disk.img"
cases = [
    ["--smp", "2", "--until-step", "60000000", UBOOT_S],
    ["--smp", "3", "--until-step", "40000000", EX + "/course-bench.elf"],
    ["--smp", "3", "--drive", disk, "--until-step", "3000000", EX + "/disk.elf"],
    ["--until-step", "4000000", EX + "/tasks.elf"],
    ["--until-step", "20000000", EX + "/bench.elf"],
]
for c in cases:
    i = state("interp", *c)
    j = state("jit", *c)
    assert i == j, "interp %s, jit %s for %s" % (i, j, c)

# A quantum that ends inside blocks everywhere.
c = ["--smp", "2", "--quantum", "37", "--until-step", "3000000", EX + "/course-bench.elf"]
assert state("interp", *c) == state("jit", *c)

# Record with one engine, replay with the other (and the same).
for rec, rep in (("interp", "jit"), ("jit", "interp")):
    t = "%s/uboot-%s.rwd" % (TMP, rec)
    s = Session([REWIND, "record", "--engine", rec, "--smp", "2", "--checkpoint-every", "2000000",
                 "-o", t, UBOOT_S])
    s.expect("Hit any key to stop autoboot")
    s.send("\r")
    s.expect("=> ")
    s.send("version\r")
    s.expect("=> ")
    s.send("poweroff\r")
    assert s.wait() == 0
    for engine in (rep, rec):
        p = subprocess.run([REWIND, "replay", "--engine", engine, t], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        assert p.returncode == 0 and b"replay matched" in p.stderr, (rec, engine, p.stderr[-800:])
        assert p.stdout == s.out, (rec, engine)

# --dump-jit: each block's guest instructions, then its x86-64 (capstone),
# starting with the budget check; the first block is the kernel's entry.
p = subprocess.run([REWIND, "run", "--engine", "jit", "--dump-jit", "--until-step", "200000", EX + "/bench.elf"],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   timeout=60)
err = p.stderr.decode()
assert p.returncode == 0, err[-500:]
blocks = re.findall(r"jit block (\d+): pc (0x[0-9a-f]+) \(physical 0x[0-9a-f]+\), (\d+) instructions", err)
assert len(blocks) >= 3 and blocks[0][:2] == ("1", "0x80000000"), blocks[:3]
first = err[err.index("jit block 1:"):err.index("jit block 2:")]
assert re.search(r"\n  0x80000000  \S+", first), first  # a guest instruction, disassembled
assert re.search(r"\n    \+0 +lea rax, \[rbx \+ (0x[0-9a-f]+|\d+)\]", first), first  # the budget check
assert "cmp rax, r12" in first and "ja " in first, first
p = subprocess.run([REWIND, "run", "--engine", "interp", "--dump-jit", "--until-step", "100",
                    EX + "/bench.elf"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, timeout=60)
assert p.returncode == 0 and b"the interp engine translates nothing" in p.stderr, p.stderr

# An engine that does not exist is refused with the list, from the flag and
# from the environment.
p = subprocess.run([REWIND, "run", "--engine", "tcg", EX + "/hello.elf"], stderr=subprocess.PIPE)
assert p.returncode == 2 and b"available: interp, jit" in p.stderr, p.stderr
p = subprocess.run([REWIND, "run", EX + "/hello.elf"], stderr=subprocess.PIPE,
                   env=dict(os.environ, REWIND_ENGINE="fast"))
assert p.returncode == 2 and b"REWIND_ENGINE=fast" in p.stderr, p.stderr

shutil.rmtree(TMP)
print("ok")
