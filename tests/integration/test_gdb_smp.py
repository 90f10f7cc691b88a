"""gdb-multiarch in batch mode against a 3-hart machine, in replay, record
and run modes (and the 1-hart run/record cases test_gdb.py lacks):
threads, breakpoints hit by several harts, stepi / reverse-stepi per hart
(registers and current thread retraced exactly, across another hart's
quantum), reverse-continue to the previous hit, watch + reverse-continue
landing on the store (and which hart made it), the start of history, and
stepping over a user ecall and an sret.  Skipped when gdb-multiarch is
not installed.

Two kernels: the course kernel (examples/kernels/course) runs on hart 0
only -- with --smp 3 the other harts run the boot ROM and common/start.S
and park in wfi for good (around step 10000, when hart 0's first quantum
ends) -- so it gives breakpoints hit by several harts (_start), stepping
across a quantum boundary, ecall/sret and a watch on `ticks` (hart 0).
The disk kernel (examples/kernels/disk) has every hart add to one shared
`counter` at boot, with no input: breakpoints in take_part hit by all
three harts, stepping one hart while the others spin, and a watch on a
variable written by several harts."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from console import Session, build_dir

if not shutil.which("gdb-multiarch"):
    print("SKIP: gdb-multiarch not installed")
    sys.exit(0)

B = os.path.abspath(build_dir())
REWIND = B + "/rewind"
COURSE = B + "/examples/course.elf"
DISK = B + "/examples/disk.elf"
DISK_IMG = B + "/examples/disk.img"
TMP = tempfile.mkdtemp(prefix="rewind-gdb-smp-")
N = 12            # stepi / reverse-stepi per run of steps
TIMEOUT = "3000000000"
T0 = time.time()
REGS = "info registers pc ra sp a0 a5"
procs = []  # rewind processes still to be ended if we fail


def fail(why, out="", err=""):
    for p in procs:
        if p.poll() is None:
            p.kill()
    with open(TMP + "/gdb-output.txt", "w") as f:
        f.write(out)
    sys.stderr.write("FAILED: %s\n--- gdb output (last 8000 bytes; all of it in %s/gdb-output.txt)\n%s\n"
                     "--- rewind stderr\n%s\n" % (why, TMP, out[-8000:], err[-3000:]))
    sys.exit(1)


def disassemble(elf):
    return subprocess.run(["riscv64-unknown-elf-objdump", "-d", elf], stdout=subprocess.PIPE,
                          check=True, timeout=60).stdout.decode()


# ---------------------------------------------------------------- plumbing

class Rewind:
    """rewind with --gdb 0: its console input comes from a FIFO that gdb's
    `shell` command (or this script) can type into; stdout and stderr go to
    files."""

    def __init__(self, args, kernel, name):
        self.fifo = "%s/%s.in" % (TMP, name)
        os.mkfifo(self.fifo)
        self.infd = os.open(self.fifo, os.O_RDWR)  # never EOF while we hold it
        self.outpath, self.errpath = "%s/%s.out" % (TMP, name), "%s/%s.err" % (TMP, name)
        with open(self.outpath, "wb") as o, open(self.errpath, "wb") as e:
            self.p = subprocess.Popen([REWIND] + args, stdin=self.infd, stdout=o, stderr=e)
        procs.append(self.p)
        deadline = time.time() + 20
        while True:
            m = re.search(r"target remote :(\d+)' (\S+)", self.err())
            if m:
                break
            if time.time() > deadline or self.p.poll() is not None:
                self.p.kill()
                fail("rewind %s printed no gdb command" % args[0], err=self.err())
            time.sleep(0.05)
        self.port = m.group(1)
        if m.group(2) != kernel:
            fail("rewind names %s as the kernel, not %s" % (m.group(2), kernel), err=self.err())

    def err(self):
        with open(self.errpath, "rb") as f:
            return f.read().decode(errors="replace")

    def out(self):
        with open(self.outpath, "rb") as f:
            return f.read().decode(errors="replace")

    def type(self, text):
        os.write(self.infd, text.encode())

    def wait(self, timeout=30):
        try:
            rc = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            rc = "timeout"
        os.close(self.infd)
        return rc


def gdb(port, kernel, commands, timeout=60):
    args = ["gdb-multiarch", "-batch", "-nx", "-ex", "set confirm off", "-ex", "set pagination off",
            "-ex", "set width 0", "-ex", "target remote :" + port]
    for c in commands:
        args += ["-ex", c]
    t = time.time()
    try:
        r = subprocess.run(args + [kernel], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        fail("gdb did not finish in %d s" % timeout, (e.stdout or b"").decode(errors="replace"))
    return r.stdout.decode(errors="replace"), time.time() - t


def mark(tag):
    return "echo @@%s\\n" % tag


def blocks(out, tag):
    """What gdb printed after each `echo @@TAG` up to the next marker."""
    return re.findall(r"^@@%s\n(.*?)(?=^@@|\Z)" % tag, out, re.S | re.M)


def state(block):
    """Register lines (name and value) and the current thread of a block."""
    regs = re.findall(r"^(\w+) +(0x[0-9a-f]+)", block, re.M)
    thr = re.findall(r"^\[Current thread is (\d+) ", block, re.M)
    return (tuple(regs), thr[-1] if thr else None)


def reg(block, name):
    m = re.search(r"^%s +(0x[0-9a-f]+)" % name, block, re.M)
    return int(m.group(1), 16) if m else None


def thread(block):
    m = re.findall(r"^\[Current thread is (\d+) ", block, re.M)
    return int(m[-1]) if m else None


def pos(block):
    m = re.findall(r"^step (\d+)", block, re.M)
    return int(m[-1]) if m else None


def watch_values(block):
    m = re.search(r"Old value = (\d+)\s+New value = (\d+)", block)
    return (int(m.group(1)), int(m.group(2))) if m else None


def stepping(tag, n):
    """stepi n times saving registers, thread and position, then
    reverse-stepi n times saving them again."""
    c = [mark(tag + "pos"), "thread", "monitor step"]
    for _ in range(n):
        c += [mark(tag + "f"), REGS, "thread", "stepi"]
    c += [mark(tag + "top"), REGS, "thread", "monitor step"]
    for _ in range(n):
        c += ["reverse-stepi", mark(tag + "b"), REGS, "thread"]
    return c + [mark(tag + "end"), "monitor step"]


def check_stepping(out, err, tag, n, want_thread, crossed, what):
    """The registers and thread after each reverse-stepi are those before
    the matching stepi; every stop stayed on the stepped thread.  With
    `crossed`, other harts ran in between (the position moved by more than
    n steps)."""
    fwd = [state(b) for b in blocks(out, tag + "f")]
    back = [state(b) for b in blocks(out, tag + "b")]
    top = [state(b) for b in blocks(out, tag + "top")]
    if len(fwd) != n or len(back) != n or len(top) != 1:
        fail("%s: expected %d register dumps each way, got %d and %d" % (what, n, len(fwd), len(back)),
             out, err)
    threads = [t for _, t in fwd + top + back]
    if any(t != str(want_thread) for t in threads):
        fail("%s: stepi/reverse-stepi on thread %d stopped in other threads: %s"
             % (what, want_thread, threads), out, err)
    if any(len(r) != 5 for r, _ in fwd + top + back):
        fail("%s: a register dump is incomplete" % what, out, err)
    if list(reversed(back)) != fwd:
        for i, (f, b) in enumerate(zip(fwd, reversed(back))):
            if f != b:
                fail("%s: reverse-stepi did not retrace stepi: before stepi #%d %s, after the "
                     "matching reverse-stepi %s" % (what, i + 1, f, b), out, err)
    seq = fwd + top
    if any(seq[i] == seq[i + 1] for i in range(n)):
        fail("%s: a stepi did not change the registers" % what, out, err)
    p0, p1, p2 = (pos(b) for b in blocks(out, tag + "pos") + blocks(out, tag + "top")
                  + blocks(out, tag + "end"))
    if crossed and not p1 - p0 > n:
        fail("%s: %d stepi of one hart moved from step %d to %d: no other hart ran in between"
             % (what, n, p0, p1), out, err)
    if not crossed and p1 - p0 != n:
        fail("%s: %d stepi moved from step %d to %d" % (what, n, p0, p1), out, err)
    if not p2 < p1:
        fail("%s: reverse-stepi went from step %d to %d" % (what, p1, p2), out, err)


# ---------------------------------------------------------------- course kernel

dis = disassemble(COURSE)
syms = dict((name, int(addr, 16)) for addr, name in re.findall(r"^([0-9a-f]+) <(\w+)>:", dis, re.M))
# usys.S: getpid's ecall (the shell asks its pid at boot); userret's sret.
ECALL = min(int(a, 16) for a in re.findall(r"^\s*([0-9a-f]+):\s+00000073\s+ecall", dis, re.M)
            if int(a, 16) > syms["getpid"])
SRET = min(int(a, 16) for a in re.findall(r"^\s*([0-9a-f]+):\s+10200073\s+sret", dis, re.M)
           if int(a, 16) > syms["userret"])


def course_commands(nharts, live, fifo):
    c = [mark("threads"), "info threads"]
    if nharts == 3:
        # Every hart runs _start: hart 0 at once, harts 1 and 2 when hart
        # 0's first quantum ends (then they park in wfi).
        c += ["break _start"]
    else:
        c += ["break consputc"]  # the kernel's banner, a character at a time
    for _ in range(3):
        c += ["continue", mark("hit"), "thread", "monitor step"]
    c += ["reverse-continue", mark("rc"), "thread", "monitor step", "delete"]
    if nharts == 3:
        # At hart 1's _start (hart 0's first quantum has just ended): step
        # hart 1 through its boot code, and back.  Then hart 0, from a few
        # of its steps back (before its quantum ended) to past the point
        # where it runs again: harts 1 and 2 run in between.
        c += stepping("t", 8) + ["thread 1"] + ["reverse-stepi"] * 3
    c += stepping("s", N)
    # A user ecall and the sret back, stepped over and back.
    c += ["break *0x%x" % ECALL, "continue", "delete", mark("e"), "info registers pc priv", "thread",
          "stepi", mark("e"), "info registers pc priv", "thread", "reverse-stepi", mark("e"),
          "info registers pc priv", "thread",
          "break *0x%x" % SRET, "continue", "delete", mark("e"), "info registers pc priv sepc", "thread",
          "stepi", mark("e"), "info registers pc priv", "thread", "reverse-stepi", mark("e"),
          "info registers pc priv", "thread"]
    if live:
        # The idle shell takes no timer ticks: ask it to sleep.  The bytes
        # wait in the FIFO until the machine runs again.
        c += ["shell printf 'sleep 3\\r' > " + fifo]
    c += ["watch ticks", mark("w"), "continue", "thread", "monitor step",
          mark("w"), "continue", "thread", "monitor step",
          mark("wr"), "reverse-continue", "thread", "x/i $pc", "monitor step", "print ticks",
          "delete", "reverse-continue", mark("start"), "monitor step",
          "reverse-stepi", mark("start"), "monitor step", "detach"]
    return c


def check_course(out, err, nharts, what):
    thr = blocks(out, "threads")
    listed = re.findall(r"^\*? +(\d+) +Thread (\d+)", thr[0], re.M) if thr else []
    if [int(a) for a, _ in listed] != list(range(1, nharts + 1)):
        fail("%s: info threads lists %s, expected %d threads" % (what, listed, nharts), out, err)
    hits = [(thread(b), pos(b)) for b in blocks(out, "hit")]
    rc = [(thread(b), pos(b)) for b in blocks(out, "rc")]
    if len(hits) != 3 or len(rc) != 1 or None in sum(hits + rc, ()):
        fail("%s: breakpoint hits %s, reverse-continue %s" % (what, hits, rc), out, err)
    if nharts == 3:
        if [t for t, _ in hits] != [1, 2, 3]:
            fail("%s: _start was not hit by harts 0, 1, 2 in turn: %s" % (what, hits), out, err)
        if sorted(set(re.findall(r"Thread ([23]) hit Breakpoint 1, _start", out))) != ["2", "3"]:
            fail("%s: gdb did not report the secondary harts' hits" % what, out, err)
    elif [t for t, _ in hits] != [1, 1, 1]:
        fail("%s: hits %s" % (what, hits), out, err)
    if not hits[0][1] < hits[1][1] < hits[2][1]:
        fail("%s: breakpoint hits not in order: %s" % (what, hits), out, err)
    if rc[0] != hits[1]:
        fail("%s: reverse-continue from hit %s went to %s, not the previous hit %s"
             % (what, hits[2], rc[0], hits[1]), out, err)
    if nharts == 3:
        check_stepping(out, err, "t", 8, 2, False, what + ", stepping hart 1")
    check_stepping(out, err, "s", N, 1, nharts == 3, what + ", stepping hart 0")
    e = blocks(out, "e")
    if len(e) != 6:
        fail("%s: expected 6 ecall/sret register dumps, got %d" % (what, len(e)), out, err)
    if reg(e[0], "pc") != ECALL or reg(e[0], "priv") != 0:
        fail("%s: did not stop on the user ecall" % what, out, err)
    if reg(e[1], "pc") != syms["uservec"] or reg(e[1], "priv") != 1:
        fail("%s: stepi on ecall did not land on uservec in S-mode" % what, out, err)
    if "the step entered a trap: hart 0 ecall-u" not in out or "back out of a trap entry: hart 0 ecall-u" not in out:
        fail("%s: the ecall step was not reported" % what, out, err)
    if reg(e[2], "pc") != ECALL or reg(e[2], "priv") != 0:
        fail("%s: reverse-stepi did not come back to the ecall" % what, out, err)
    if reg(e[3], "pc") != SRET or reg(e[3], "priv") != 1:
        fail("%s: did not stop on sret" % what, out, err)
    if reg(e[4], "pc") != reg(e[3], "sepc") or reg(e[4], "priv") != 0:
        fail("%s: stepi on sret did not land on sepc in U-mode" % what, out, err)
    if reg(e[5], "pc") != SRET or reg(e[5], "priv") != 1:
        fail("%s: reverse-stepi did not come back to the sret" % what, out, err)
    if [thread(b) for b in e] != [1] * 6:
        fail("%s: ecall/sret stepping left hart 0: %s" % (what, [thread(b) for b in e]), out, err)
    w = blocks(out, "w")
    wr = blocks(out, "wr")
    vals = [watch_values(b) for b in w + wr]
    if len(w) != 2 or len(wr) != 1 or vals != [(0, 1), (1, 2), (2, 1)]:
        fail("%s: watch ticks, continue x2, reverse-continue: Old/New %s" % (what, vals), out, err)
    if [thread(b) for b in w + wr] != [1, 1, 1]:
        fail("%s: ticks written by %s, not hart 0" % (what, [thread(b) for b in w + wr]), out, err)
    # clockintr() is inlined into usertrap() and kerneltrap().
    if not re.search(r"^\d+\s+ticks\+\+;$", wr[0], re.M) or \
            not re.search(r"^=> 0x[0-9a-f]+ <(usertrap|kerneltrap|clockintr)\+\d+>:\s+sd\s", wr[0], re.M):
        fail("%s: reverse-continue with the watchpoint did not stop on the store of ticks++" % what, out, err)
    if not re.search(r"^\$\d+ = 1$", wr[0], re.M):
        fail("%s: ticks before the store is not 1" % what, out, err)
    if not pos(w[0]) < pos(wr[0]) < pos(w[1]):
        fail("%s: watchpoint positions %s %s %s" % (what, pos(w[0]), pos(wr[0]), pos(w[1])), out, err)
    start = [pos(b) for b in blocks(out, "start")]
    if start != [0, 0] or out.count("No more reverse-execution history") < 2:
        fail("%s: going back to the start: positions %s" % (what, start), out, err)


# ---------------------------------------------------------------- disk kernel

ddis = disassemble(DISK)
# take_part's `__atomic_fetch_add(&finished, ...)`: the auipc of &finished.
m = re.search(r"^\s*([0-9a-f]+):\s+\w+\s+auipc\s+a5,.*\n\s*[0-9a-f]+:.*<finished>", ddis, re.M)
FINISHED = int(m.group(1), 16)
COUNT_PER_HART = 100000  # disk/smp.h


def disk_commands():
    c = [mark("threads"), "info threads", "break take_part"]
    for _ in range(3):
        c += ["continue", mark("hit"), "thread", "monitor step"]
    c += ["reverse-continue", mark("rc"), "thread", "monitor step",
          "continue", mark("again"), "thread", "monitor step", "delete",
          # The last hart to arrive makes the first increment.
          "watch counter", mark("w1"), "continue", "thread", "monitor step", "delete"]
    # That hart runs on; step hart 0, which spins waiting for the lock.
    c += ["thread 1"] + stepping("s", N)
    c += [# The first hart to finish its share; the store before it, and
          # the stores after it (by the other harts).
          "break *0x%x" % FINISHED, "continue", mark("fin"), "thread", "monitor step", "delete",
          "watch counter", mark("wr"), "reverse-continue", "thread", "x/i $pc", "monitor step",
          "print counter"]
    for _ in range(3):
        c += [mark("wf"), "continue", "thread", "monitor step", "print counter"]
    c += ["delete", "reverse-continue", mark("start"), "monitor step", "detach"]
    return c


def check_disk(out, err, what):
    thr = blocks(out, "threads")
    listed = re.findall(r"^\*? +(\d+) +Thread (\d+)", thr[0], re.M) if thr else []
    if [int(a) for a, _ in listed] != [1, 2, 3]:
        fail("%s: info threads lists %s" % (what, listed), out, err)
    hits = [(thread(b), pos(b)) for b in blocks(out, "hit")]
    rc = [(thread(b), pos(b)) for b in blocks(out, "rc")]
    again = [(thread(b), pos(b)) for b in blocks(out, "again")]
    if len(hits) != 3 or sorted(t for t, _ in hits) != [1, 2, 3]:
        fail("%s: take_part not hit once by each hart: %s" % (what, hits), out, err)
    if not hits[0][1] < hits[1][1] < hits[2][1]:
        fail("%s: hits out of order %s" % (what, hits), out, err)
    if rc != [hits[1]] or again != [hits[2]]:
        fail("%s: reverse-continue from %s went to %s (want %s), continue then to %s"
             % (what, hits[2], rc, hits[1], again), out, err)
    w1 = blocks(out, "w1")
    if len(w1) != 1 or watch_values(w1[0]) != (0, 1) or thread(w1[0]) != hits[2][0]:
        fail("%s: the first write of counter: %s by thread %s, expected 0 -> 1 by thread %d"
             % (what, w1 and watch_values(w1[0]), w1 and thread(w1[0]), hits[2][0]), out, err)
    # Hart 0 is not the one running (the last to arrive is): stepping it
    # lets that one run first.
    check_stepping(out, err, "s", N, 1, hits[2][0] != 1, what + ", stepping hart 0")
    fin = blocks(out, "fin")
    wr = blocks(out, "wr")
    wf = blocks(out, "wf")
    if len(fin) != 1 or len(wr) != 1 or len(wf) != 3:
        fail("%s: watch session incomplete" % what, out, err)
    if not re.search(r"^=> 0x[0-9a-f]+ <take_part\+\d+>:\s+sd\s", wr[0], re.M):
        fail("%s: reverse-continue with the watchpoint did not stop on the store" % what, out, err)
    old, new = watch_values(wr[0]) or (None, None)
    printed = re.findall(r"^\$\d+ = (\d+)$", wr[0], re.M)
    if old is None or new != old - 1 or printed != [str(new)] or old < COUNT_PER_HART:
        fail("%s: at the last store before a hart finished: Old/New %s %s, counter %s"
             % (what, old, new, printed), out, err)
    if not pos(wr[0]) < pos(fin[0]):
        fail("%s: the store at %s is not before the finish at %s" % (what, pos(wr[0]), pos(fin[0])),
             out, err)
    # Forward again: gdb steps over that store (old -> new again), then the
    # next ones each add one.
    vals = [watch_values(b) for b in wf]
    want = [(new, old), (old, old + 1), (old + 1, old + 2)]
    if vals != want:
        fail("%s: continuing from the store: Old/New %s, expected %s" % (what, vals, want), out, err)
    writers = [thread(b) for b in w1 + wr + wf]
    if None in writers or thread(wr[0]) != thread(wf[0]):
        fail("%s: writers %s" % (what, writers), out, err)
    # Once the first hart is done, the next stores are another hart's.
    finisher = thread(fin[0])
    if thread(wf[1]) == finisher or thread(wf[2]) == finisher:
        fail("%s: hart %d finished its share but still wrote counter: writers %s"
             % (what, finisher, writers), out, err)
    if len(set(writers)) < 2:
        fail("%s: counter written by one hart only: %s" % (what, writers), out, err)
    if [pos(b) for b in blocks(out, "start")] != [0] or "No more reverse-execution history" not in out:
        fail("%s: reverse-continue without breakpoints did not reach the start" % what, out, err)


# ---------------------------------------------------------------- sessions

timings = []


def session(what, kernel, args, commands_of, check, after=None):
    r = Rewind(args, kernel, re.sub(r"\W+", "-", what))
    out, secs = gdb(r.port, kernel, commands_of(r.fifo))
    timings.append("%s %.1fs" % (what, secs))
    if after:
        after(r)
    rc = r.wait()
    err = r.err()
    check(out, err, what)
    if rc != 0:
        fail("%s: rewind exited %s after the debugger detached" % (what, rc), out, err)
    return out, err


def halt_course(r):
    r.type("halt\r")


def halt_disk(r):
    deadline = time.time() + 30
    while "Command? " not in r.out():
        if time.time() > deadline or r.p.poll() is not None:
            fail("the disk kernel did not reach its prompt after detach", err=r.err())
        time.sleep(0.05)
    r.type("halt\r")


def replays(trace, what):
    rep = subprocess.run([REWIND, "replay", trace], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, timeout=60)
    if rep.returncode != 0 or b"replay matched" not in rep.stderr:
        fail("%s: the recording made under gdb does not replay" % what,
             err=rep.stderr.decode(errors="replace"))


# Recordings for replay mode.
CTRACE = TMP + "/course3.rwd"
s = Session([REWIND, "record", "--smp", "3", "--timeout-steps", TIMEOUT, "-o", CTRACE, COURSE])
s.expect("$ ")
s.send("work 3\r")
s.expect("work: 3 processes")
s.expect("$ ")
s.send("halt\r")
if s.wait() != 0:
    s.fail("the course kernel did not halt cleanly")
IMG = TMP + "/disk.img"
shutil.copy(DISK_IMG, IMG)
DTRACE = TMP + "/disk3.rwd"
s = Session([REWIND, "record", "--smp", "3", "--timeout-steps", TIMEOUT, "--drive", IMG, "-o", DTRACE, DISK])
s.expect("Command? ")
s.send("halt\r")
if s.wait() != 0:
    s.fail("the disk kernel did not halt cleanly")

# replay
session("course replay --smp 3", COURSE, ["replay", "--gdb", "0", CTRACE],
        lambda f: course_commands(3, False, f), lambda o, e, w: check_course(o, e, 3, w))
session("disk replay --smp 3", DISK, ["replay", "--gdb", "0", DTRACE],
        lambda f: disk_commands(), check_disk)

# record: the recording made under gdb replays.
for n in (3, 1):
    what = "course record --smp %d" % n
    t = "%s/course-rec%d.rwd" % (TMP, n)
    session(what, COURSE, ["record", "--gdb", "0", "--gdb-wait", "--smp", str(n), "--timeout-steps", TIMEOUT,
                           "-o", t, COURSE],
            lambda f, n=n: course_commands(n, True, f), lambda o, e, w, n=n: check_course(o, e, n, w),
            halt_course)
    replays(t, what)
t = TMP + "/disk-rec.rwd"
session("disk record --smp 3", DISK, ["record", "--gdb", "0", "--gdb-wait", "--smp", "3", "--timeout-steps",
                                      TIMEOUT, "--drive", IMG, "-o", t, DISK],
        lambda f: disk_commands(), check_disk, halt_disk)
replays(t, "disk record --smp 3")

# run
for n in (3, 1):
    session("course run --smp %d" % n, COURSE, ["run", "--gdb", "0", "--gdb-wait", "--smp", str(n),
                                                "--timeout-steps", TIMEOUT, COURSE],
            lambda f, n=n: course_commands(n, True, f), lambda o, e, w, n=n: check_course(o, e, n, w),
            halt_course)
session("disk run --smp 3", DISK, ["run", "--gdb", "0", "--gdb-wait", "--smp", "3", "--timeout-steps", TIMEOUT,
                                   "--drive", IMG, DISK],
        lambda f: disk_commands(), check_disk, halt_disk)

shutil.rmtree(TMP)
print("ok (%s; %.0fs in all)" % (", ".join(timings), time.time() - T0))
