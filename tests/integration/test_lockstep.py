"""`rewind run --engine lockstep` behaves like `--engine interp`: the same
console output, messages and exit status, on kernels with timer interrupts
(timer, tasks) and with typed input (hello), and the same state hash after
50 M steps of four harts sharing a virtio disk.  Its candidate is the JIT once
there is one, and interp until then; tests/unit/test_lockstep.c checks that
a candidate that differs is caught."""
import subprocess
import sys

from console import Session, build_dir

B = build_dir()
REWIND = B + "/rewind"


def fail(why):
    sys.stderr.write("FAILED: %s\n" % why)
    sys.exit(1)


def run(engine, kernel):
    p = subprocess.run([REWIND, "run", "--engine", engine, B + "/examples/" + kernel],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


# timer powers off after ten ticks (exit 0); tasks reports the failure its
# README is about (exit 2) after 4.7 M steps.
for kernel, status in (("timer.elf", 0), ("tasks.elf", 2)):
    want = run("interp", kernel)
    got = run("lockstep", kernel)
    if want[0] != status:
        fail("%s with interp: exit %d, expected %d" % (kernel, want[0], status))
    if got != want:
        fail("%s: lockstep gave exit %d\n%s%s\ninterp gave exit %d\n%s%s" % (
            kernel, got[0], got[1].decode(errors="replace"), got[2].decode(errors="replace"),
            want[0], want[1].decode(errors="replace"), want[2].decode(errors="replace")))

# Four harts, a spinlock and a virtio-blk disk (--snapshot: nothing is
# written back); --until-step prints the state hash there.
disk = ["--smp", "4", "--snapshot", "--drive", B + "/examples/disk.img", "--until-step", "50000000"]
hashes = []
for engine in ("interp", "lockstep"):
    p = subprocess.run([REWIND, "run", "--engine", engine] + disk + [B + "/examples/disk.elf"],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
    if p.returncode != 0 or b"reached step 50000000, state hash" not in p.stderr:
        fail("disk with %s: exit %d, %r" % (engine, p.returncode, p.stderr))
    hashes.append((p.stdout, p.stderr.split(b"state hash")[1]))
if hashes[0] != hashes[1]:
    fail("disk: lockstep ended with %r, interp with %r" % (hashes[1], hashes[0]))

# OpenSBI + U-Boot on two harts (to the autoboot countdown), the 3-hart
# course kernel's system calls and timer, and the bench kernel: lockstep
# runs each with the JIT as candidate, so every stretch of them compares
# the JIT with the interpreter state by state.
UBOOT_S = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf"
for args in (["--smp", "2", "--until-step", "200000000", UBOOT_S],
             ["--smp", "3", "--until-step", "150000000", B + "/examples/course-bench.elf"],
             ["--until-step", "300000000", B + "/examples/bench.elf"]):
    got = []
    for engine in ("interp", "lockstep"):
        p = subprocess.run([REWIND, "run", "--engine", engine] + args, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=300)
        if p.returncode != 0 or b"state hash" not in p.stderr:
            fail("%s with %s: exit %d, %r" % (args[-1], engine, p.returncode, p.stderr[-2000:]))
        got.append((p.stdout, p.stderr.split(b"state hash")[1]))
    if got[0] != got[1]:
        fail("%s: lockstep ended with %r, interp with %r" % (args[-1], got[1][1], got[0][1]))

# Typed input arrives between stretches, as with interp.
outs = []
for engine in ("interp", "lockstep"):
    s = Session([REWIND, "run", "--engine", engine, B + "/examples/hello.elf"])
    s.expect("What is your name? ")
    s.send("Ada\r")
    s.expect("Hello, Ada!")
    if s.wait() != 0:
        s.fail("hello did not power off cleanly")
    outs.append(s.out)
if outs[0] != outs[1]:
    fail("hello: lockstep printed %r, interp %r" % (outs[1], outs[0]))

# The error for an unknown engine lists the table.
p = subprocess.run([REWIND, "run", "--engine", "bogus", B + "/examples/timer.elf"],
                   stdin=subprocess.DEVNULL, capture_output=True)
listed = p.stderr.partition(b"(available: ")[2]
if p.returncode != 2 or b"interp" not in listed or b"lockstep" not in listed:
    fail("--engine bogus: exit %d, %r" % (p.returncode, p.stderr))
print("ok")
