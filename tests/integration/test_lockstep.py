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
