"""rewind replay --gdb driven by a real gdb-multiarch in batch mode: break,
continue, stepi saving registers, reverse-stepi matching them step by step,
reverse-continue to the previous breakpoint hit and to the start of
history, memory reads, monitor commands, detach.  Skipped when
gdb-multiarch is not installed."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from console import build_dir
import gdbtest

gdbtest.require_gdb()

B = os.path.abspath(build_dir())
REWIND = B + "/rewind"
KERNEL = B + "/examples/timer.elf"
TMP = tempfile.mkdtemp(prefix="rewind-gdb-test-")
TRACE = TMP + "/timer.rwd"

subprocess.run([REWIND, "record", "-o", TRACE, KERNEL], stdin=subprocess.DEVNULL,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=60)

N = 12


def serve(args=None, kernel=KERNEL):
    p, port, named = gdbtest.serve(REWIND, args or ["replay", "--gdb", "0", TRACE])
    assert named == kernel, named  # the recorded kernel, to load symbols from
    return p, port


def gdb(port, commands):
    return gdbtest.run_gdb(port, commands, KERNEL)


def marked(out, tag):
    """What gdb printed after each `echo TAG\\n` marker up to the next one:
    its register lines (`NAME 0xVALUE`) and `step N` lines only, so that
    stop messages in between do not count."""
    blocks = re.findall(tag + r"\n(.*?)(?=\n@@|\Z)", out, re.S)
    keep = re.compile(r"^(\w+ +0x[0-9a-f]+.*|step \d+( of \d+)?|0x[0-9a-f]+ <\w+>:.*)$")
    return ["\n".join(l for l in b.splitlines() if keep.match(l)) for b in blocks]


p, port = serve()
cmds = ["break main", "continue", "echo @@pos\\n", "monitor step"]
for i in range(N):
    cmds += ["echo @@fwd\\n", "info registers pc ra sp a0 a1 a5"]
    cmds += ["stepi"]
cmds += ["echo @@top\\n", "info registers pc ra sp a0 a1 a5"]
for i in range(N):
    cmds += ["reverse-stepi", "echo @@back\\n", "info registers pc ra sp a0 a1 a5"]
cmds += ["break trap_handler", "continue", "continue", "continue",
         "echo @@pos\\n", "monitor step",
         "reverse-continue", "echo @@pos\\n", "monitor step", "echo @@pc\\n", "info registers pc",
         "reverse-continue", "echo @@pos\\n", "monitor step",
         "reverse-continue", "echo @@pos\\n", "monitor step", "echo @@pc\\n", "info registers pc",
         "delete", "reverse-continue", "echo @@pos\\n", "monitor step",
         "reverse-stepi",
         "monitor goto 1000", "echo @@pos\\n", "monitor step",
         "echo @@mem\\n", "x/2xw 0x80000000"]
out = gdb(port, cmds)
rc = p.wait(timeout=30)
err = p.stderr.read().decode(errors="replace")


def fail(why):
    sys.stderr.write("FAILED: %s\n--- gdb output\n%s\n--- rewind\n%s\n" % (why, out[-6000:], err))
    sys.exit(1)


if rc != 0:
    fail("rewind replay --gdb exited %d after detach" % rc)
if "Breakpoint 1, main ()" not in out:
    fail("continue did not stop at main")
fwd = marked(out, "@@fwd")
back = marked(out, "@@back")
top = marked(out, "@@top")
if len(fwd) != N or len(back) != N or len(top) != 1:
    fail("expected %d register dumps each way, got %d and %d" % (N, len(fwd), len(back)))
# Going back one step at a time retraces the forward steps exactly.
if list(reversed(back)) != fwd:
    fail("reverse-stepi did not retrace stepi's registers")
if top[0] == fwd[-1]:
    fail("stepi did not change anything")
pos = [int(re.search(r"step (\d+)", x).group(1)) for x in marked(out, "@@pos")]
# after continue x3, then reverse-continue x3, then reverse-continue with no breakpoints, goto
if len(pos) != 7:
    fail("expected 7 positions, got %s" % pos)
at_main, third, r1, r2, r3, begin, goto = pos
# trap_handler's hits, newest first, then main's breakpoint
if not (at_main == r3 < r2 < r1 < third):
    fail("reverse-continue did not go back hit by hit: %s" % pos)
if begin != 0:
    fail("reverse-continue with no breakpoints must reach the start of history, got %d" % begin)
if goto != 1000:
    fail("monitor goto 1000 went to %d" % goto)
pcs = marked(out, "@@pc")
if len(pcs) != 2 or "trap_handler" not in pcs[0] or "main" not in pcs[1]:
    fail("reverse-continue stopped at the wrong places: %s" % pcs)
if "No more reverse-execution history" not in out:
    fail("the start of history was not reported")
if not re.search(r"0x80000000 <_start>:\s+0x[0-9a-f]{8}\s+0x[0-9a-f]{8}", out):
    fail("memory could not be read")

# Watchpoints: "who last wrote ticks?"  Forward, each write stops just
# after it; reverse-continue stops on the guilty store with the old value.
p, port = serve()
out = gdb(port, ["watch ticks", "continue", "continue", "continue",
                 "echo @@w\\n", "monitor step", "print ticks",
                 "reverse-continue", "echo @@w\\n", "monitor step", "print ticks", "x/i $pc",
                 "reverse-continue", "echo @@w\\n", "monitor step", "print ticks",
                 "continue", "echo @@w\\n", "monitor step", "print ticks"])
rc = p.wait(timeout=30)
err = p.stderr.read().decode(errors="replace")
if rc != 0:
    fail("rewind replay --gdb exited %d after the watchpoint session" % rc)
w = re.findall(r"@@w\nstep (\d+) of \d+\n\$\d+ = (\d+)", out)
if len(w) != 4:
    fail("expected 4 watchpoint stops, got %s" % w)
(p3, t3), (b2, v2), (b1, v1), (f2, g2) = [(int(a), int(b)) for a, b in w]
if (t3, v2, v1, g2) != (3, 2, 1, 2):
    fail("ticks along the watch session: %s" % w)
if not (b1 < b2 < p3 and f2 == b1 + 1):
    fail("watchpoint positions: %s" % w)
if not re.search(r"=> 0x[0-9a-f]+ <trap_handler\+\d+>:\s+sw\s", out):
    fail("reverse-continue to a watchpoint did not stop on the store")

# Stepping follows the machine: a step that takes an interrupt lands on the
# trap vector, and says so; stepping back comes out of it again.  (GDB
# single-steps RISC-V in software, with a breakpoint after the instruction.)
first = subprocess.run([REWIND, "traps", "--cause", "timer", "--to", "1000", TRACE],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout.split()
trap_at = int(first[0])
p, port = serve()
out = gdb(port, ["monitor goto %d" % trap_at, "maint flush register-cache", "stepi",
                 "echo @@t\\n", "info registers pc", "stepi", "reverse-stepi", "reverse-stepi",
                 "echo @@t\\n", "info registers pc"])
p.wait(timeout=30)
err = p.stderr.read().decode(errors="replace")
t = marked(out, "@@t")
if len(t) != 2 or "trap_vector" not in t[0] or "main" not in t[1]:
    fail("stepping into and back out of an interrupt: %s" % t)
if "the step entered a trap: hart 0 m-timer" not in out or "back out of a trap entry" not in out:
    fail("the trap a step took was not reported")

# record --gdb-wait: go back and forward while recording, past the newest
# point (new execution), with a watchpoint; after detach the machine runs
# on, and the recording replays exactly.
LIVE = TMP + "/live.rwd"
p, port = serve(["record", "--gdb", "0", "--gdb-wait", "-o", LIVE, KERNEL])
out = gdb(port, ["break trap_handler", "continue", "continue", "continue",
                 "echo @@r\\n", "monitor step",
                 "reverse-continue", "reverse-continue", "echo @@r\\n", "monitor step",
                 "continue", "continue", "continue", "continue", "echo @@r\\n", "monitor step",
                 "delete", "watch ticks", "reverse-continue", "echo @@r\\n", "monitor step",
                 "print ticks"])
rc = p.wait(timeout=30)
err = p.stderr.read().decode(errors="replace")
r = [int(x.split()[1]) for x in marked(out, "@@r")]
if rc != 0 or len(r) != 4:
    fail("record --gdb session: exit %d, positions %s" % (rc, r))
third, back2, newest, wrote = r
if not (back2 < third < newest and wrote < newest):
    fail("record --gdb went to the wrong places: %s" % r)
if "$1 = 3" not in out:
    fail("the watchpoint in the past showed the wrong value")
# After detach the machine ran on from the past, through its own history,
# to the guest's poweroff: the file replays exactly.
rep = subprocess.run([REWIND, "replay", LIVE], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE, timeout=60)
m = re.search(rb"replay matched: (\d+) steps", rep.stderr)
if rep.returncode != 0 or not m or int(m.group(1)) <= newest:
    fail("the recording made under gdb does not replay: %s" % rep.stderr)
if b"running on" not in err.encode():
    fail("record --gdb did not run on after the debugger detached")

# run --gdb: the same machinery without a trace file.
p, port = serve(["run", "--gdb", "0", "--gdb-wait", KERNEL])
out = gdb(port, ["break main", "continue", "stepi", "stepi", "echo @@u\\n", "info registers pc",
                 "reverse-stepi", "reverse-stepi", "echo @@u\\n", "info registers pc"])
rc = p.wait(timeout=30)
u = marked(out, "@@u")
if rc != 0 or len(u) != 2 or "main>" not in u[1] or u[0] == u[1]:
    fail("run --gdb: exit %d, %s" % (rc, u))

# run --gdb without --gdb-wait: the machine runs; attaching halts it where
# it is, going back works over what ran before the attach, kill ends it.
p, port = serve(["run", "--gdb", "0", B + "/examples/bench.elf"], B + "/examples/bench.elf")
time.sleep(0.5)
out = gdbtest.run_gdb(port, ["echo @@k\\n", "monitor step", "stepi", "reverse-stepi", "reverse-stepi",
                            "echo @@k\\n", "monitor step"], B + "/examples/bench.elf", end="kill")
rc = p.wait(timeout=30)
err = p.stderr.read().decode(errors="replace")
k = [int(x.split()[1]) for x in marked(out, "@@k")]
if rc != 0 or len(k) != 2 or k[0] < 1000000 or k[1] != k[0] - 1:
    fail("attaching to a running machine: exit %d, positions %s" % (rc, k))
if "debugger attached: halted at step" not in err:
    fail("rewind did not say where the debugger halted it")
shutil.rmtree(TMP)
print("ok")

# Ctrl-A g in a live session started without --gdb: the machine halts and
# serves gdb; going back works from that point on.  (Needs a terminal: the
# escape is read only from a tty.)
import pty
master, slave = pty.openpty()
p = subprocess.Popen([REWIND, "run", B + "/examples/bench.elf"], stdin=slave, stdout=slave,
                     stderr=subprocess.PIPE)
os.close(slave)
time.sleep(0.5)
os.write(master, b"\x01g")
line = b""
deadline = time.time() + 20
while b"target remote" not in line and time.time() < deadline:
    line += p.stderr.readline()
m = re.search(rb"target remote :(\d+)'", line)
if not m:
    p.kill()
    sys.stderr.write("FAILED: Ctrl-A g did not start the gdb stub: %r\n" % line)
    sys.exit(1)
out = gdbtest.run_gdb(m.group(1).decode(), ["echo @@g\\n", "monitor step", "stepi", "stepi", "reverse-stepi",
                                           "reverse-stepi", "reverse-stepi", "echo @@g\\n", "monitor step"],
                      B + "/examples/bench.elf", end="kill")
rc = p.wait(timeout=30)
os.close(master)
g = [int(x.split()[1]) for x in marked(out, "@@g")]
if rc != 0 or len(g) != 2 or g[0] < 1000000 or g[1] != g[0]:
    sys.stderr.write("FAILED: Ctrl-A g session: exit %d, positions %s\n%s\n" % (rc, g, out[-2000:]))
    sys.exit(1)
if "No more reverse-execution history" not in out:
    sys.stderr.write("FAILED: going back past the Ctrl-A g point was not refused\n%s\n" % out[-2000:])
    sys.exit(1)
print("ok (Ctrl-A g)")

# Teaching-grade stepping on the course kernel: stepi on a user ecall lands
# on the kernel's trap vector (and says ecall-u); stepi on sret lands on the
# user instruction sepc named, in U-mode; both step back exactly.
from console import Session
import tempfile as _tf
TMP2 = _tf.mkdtemp(prefix="rewind-gdb-course-")
COURSE = B + "/examples/course.elf"
CTRACE = TMP2 + "/course.rwd"
s = Session([REWIND, "record", "-o", CTRACE, COURSE])
s.expect("$ ")
s.send("work 1\r")
s.expect("$ ")
s.send("halt\r")
if s.wait() != 0:
    s.fail("the course kernel did not halt cleanly")
dis = subprocess.run(["riscv64-unknown-elf-objdump", "-d", COURSE], stdout=subprocess.PIPE,
                     check=True).stdout.decode()
syms = dict((name, int(addr, 16)) for addr, name in re.findall(r"^([0-9a-f]+) <(\w+)>:", dis, re.M))
ecall = min(int(a, 16) for a in re.findall(r"^\s*([0-9a-f]+):\s+00000073\s+ecall", dis, re.M)
            if int(a, 16) > syms["getpid"])
sret = min(int(a, 16) for a in re.findall(r"^\s*([0-9a-f]+):\s+10200073\s+sret", dis, re.M)
           if int(a, 16) > syms["userret"])


p, port, _ = gdbtest.serve(REWIND, ["replay", "--gdb", "0", CTRACE])
out = gdbtest.run_gdb(port, ["break *0x%x" % ecall, "continue", "delete", "echo @@e\\n", "info registers pc priv",
                             "stepi", "echo @@e\\n", "info registers pc priv", "reverse-stepi", "echo @@e\\n",
                             "info registers pc priv",
                             "break *0x%x" % sret, "continue", "delete", "echo @@e\\n",
                             "info registers pc priv sepc",
                             "stepi", "echo @@e\\n", "info registers pc priv", "reverse-stepi", "echo @@e\\n",
                             "info registers pc priv"], COURSE)
p.wait(timeout=30)
e = marked(out, "@@e")


def reg(block, name):
    m = re.search(r"^%s\s+(0x[0-9a-f]+)" % name, block, re.M)
    return int(m.group(1), 16) if m else None


def bad(why):
    sys.stderr.write("FAILED: %s\n%s\n" % (why, out[-3000:]))
    sys.exit(1)


if len(e) != 6:
    bad("expected 6 register dumps, got %d" % len(e))
if reg(e[0], "pc") != ecall or reg(e[0], "priv") != 0:
    bad("did not stop on the user ecall")
if reg(e[1], "pc") != syms["uservec"] or reg(e[1], "priv") != 1:
    bad("stepi on ecall did not land on uservec in S-mode")
if "the step entered a trap: hart 0 ecall-u" not in out:
    bad("the ecall was not reported")
if reg(e[2], "pc") != ecall or reg(e[2], "priv") != 0:
    bad("reverse-stepi did not come back to the ecall")
if reg(e[3], "pc") != sret or reg(e[3], "priv") != 1:
    bad("did not stop on sret")
if reg(e[4], "pc") != reg(e[3], "sepc") or reg(e[4], "priv") != 0:
    bad("stepi on sret did not land on sepc in U-mode")
if reg(e[5], "pc") != sret or reg(e[5], "priv") != 1:
    bad("reverse-stepi did not come back to the sret")
shutil.rmtree(TMP2)
print("ok (ecall, sret)")
