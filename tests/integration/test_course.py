"""The course kernel (examples/kernels/course): an xv6-shaped S-mode kernel
whose UART driver enables the THR-empty interrupt and never reads IIR.

On an interrupt controller that re-pends a still-high line at every
completion, that driver takes an interrupt storm and never reaches its
shell (xv6 once hung like this under rewind).  The tests boot it, run
`work` and `stats`, and check that the external interrupts the kernel
counted are bounded by the console traffic; --timeout-steps makes a storm
fail in seconds instead of hanging.  Then record -> replay, --smp 3, and
the benchmark variant's checksum."""
import os
import re
import shutil
import subprocess
import tempfile
import time
from console import Session, build_dir

B = os.path.abspath(build_dir())
REWIND = B + "/rewind"
KERNEL = B + "/examples/course.elf"
TMP = tempfile.mkdtemp(prefix="rewind-course-test-")

# A whole session below takes about 50 M steps (the shell waits for input
# with the timer off, which costs none).  A storm spends this in seconds.
TIMEOUT_STEPS = "400000000"
# Per byte written the driver takes at most one interrupt (the THR write
# drives the line).  Per byte typed, up to three: the byte's arrival, the
# RBR read (THR-empty is still indicated, never acknowledged through IIR),
# and the echo's THR write.  A little slack for the boot's own writes.
SLACK = 64


def session(*args, rec=None):
    cmd = [REWIND, "record", "-o", rec] if rec else [REWIND, "run"]
    return Session(cmd + ["--timeout-steps", TIMEOUT_STEPS] + list(args) + [KERNEL], timeout=60)


def typed(s, line, log):
    s.send(line + "\r")
    log.append(line + "\r")


def stats_of(out):
    # The last `stats` output: "name value" lines.
    text = out.decode(errors="replace").replace("\r", "")
    block = text[text.rindex("$ stats\n"):]
    want = ["ticks", "syscalls", "external interrupts", "uart interrupts",
            "spurious claims", "uart bytes out", "uart bytes in", "context switches"]
    st = {}
    for name in want:
        m = re.search(r"^%s (\d+)$" % name, block, re.M)
        assert m, "stats did not print %r:\n%s" % (name, block)
        st[name] = int(m.group(1))
    return st


def shell_session(s, nwork):
    """$ work N, $ stats, $ halt.  Returns the stats and the bytes typed
    until they were taken."""
    log = []
    s.expect("$ ")
    time.sleep(0.1)
    typed(s, "work %d" % nwork, log)
    s.expect("work: %d processes x 20000 rounds" % nwork)
    s.expect(" ok\r\n")
    s.expect("$ ")
    typed(s, "stats", log)
    s.expect("context switches")
    s.expect("$ ")
    st = stats_of(s.out)
    ntyped = len("".join(log))
    typed(s, "halt", log)
    s.expect("bye")
    if s.wait() != 0:
        s.fail("course kernel did not power off cleanly")
    return st, ntyped


def check_bounded(s, st, ntyped):
    out = len(s.out)
    bound = out + 3 * ntyped + SLACK
    if st["external interrupts"] > bound:
        s.fail("interrupt storm: %d external interrupts for %d bytes out and %d typed (bound %d)"
               % (st["external interrupts"], out, ntyped, bound))
    # The driver really is interrupt driven, and the timer preempted the workers.
    if st["uart interrupts"] < ntyped:
        s.fail("only %d UART interrupts for %d typed bytes" % (st["uart interrupts"], ntyped))
    if st["uart bytes in"] != ntyped:
        s.fail("the kernel read %d bytes, %d were typed" % (st["uart bytes in"], ntyped))
    if st["ticks"] < 10:
        s.fail("only %d timer ticks during `work`" % st["ticks"])


# 1. One hart, the configuration that hung xv6.
s = session("--smp", "1")
st, ntyped = shell_session(s, 3)
check_bounded(s, st, ntyped)

# 2. Three harts: the others park in common/start.S.
s = session("--smp", "3")
st, ntyped = shell_session(s, 2)
check_bounded(s, st, ntyped)

# 3. record -> replay: the same console output, state hashes equal at every
# checkpoint (the interrupts come at the same steps).
t = TMP + "/course.rwd"
s = session("--smp", "1", "--checkpoint-every", "5000000", rec=t)
st, ntyped = shell_session(s, 2)
check_bounded(s, st, ntyped)
p = subprocess.run([REWIND, "replay", t], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, timeout=120)
assert p.returncode == 0, p.stderr.decode(errors="replace")[-1500:]
assert b"replay matched" in p.stderr and b"checkpoints checked" in p.stderr, p.stderr
assert p.stdout == s.out, (p.stdout[-300:], s.out[-300:])
c = subprocess.run([REWIND, "console", t], stdout=subprocess.PIPE, timeout=60)
assert c.returncode == 0 and c.stdout == s.out

# 4. The benchmark variant (make bench times it; here only its answer).
p = subprocess.run([REWIND, "run", "--timeout-steps", "3000000000", B + "/examples/course-bench.elf"],
                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
assert p.returncode == 0, (p.returncode, p.stdout[-500:], p.stderr[-500:])
assert re.search(rb"^checksum 0x[0-9a-f]+ ok\r$", p.stdout, re.M), p.stdout[-500:]

shutil.rmtree(TMP)
print("ok")
