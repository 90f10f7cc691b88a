"""The tutorial in docs/reverse-debugging.md, run as a user would: record the tasks
kernel (it must fail, with the symptom on its console), replay it with
--gdb, and give gdb-multiarch the tutorial's commands.  What matters:
the breakpoint reproduces the symptom; watch + reverse-continue stops on
the guilty store itself (in log_append, at the line that indexes the ring,
before the store: the stored register and the address it writes are the
corrupted value and counter.step), with the old and new values; and that
store comes many ticks before the symptom.  A second session goes to the
step the tutorial reports and steps over the store, to check that the
position is exact.  The gdb part is skipped when gdb-multiarch is not
installed."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from console import build_dir
import gdbtest

B = os.path.abspath(build_dir())
REWIND = B + "/rewind"
KERNEL = B + "/examples/tasks.elf"
SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../examples/kernels/tasks/tasks.c")
TMP = tempfile.mkdtemp(prefix="rewind-tutorial-test-")
TRACE = TMP + "/tasks.rwd"

# The exact commands of the tutorial, in its order.
TUTORIAL = ["break task_failed", "continue", "bt", "print counter", "print ticks", "monitor step",
            "watch counter.step", "reverse-continue", "bt", "list", "print log_head",
            "print &log_ring[log_head]", "print current->name", "x/i $pc", "info registers sp a0 a5",
            "print ticks", "monitor step"]

out = err = ""


def fail(why):
    sys.stderr.write("FAILED: %s\n--- gdb output\n%s\n--- rewind\n%s\n" % (why, out[-6000:], err[-2000:]))
    sys.exit(1)


# The recording fails as designed: the counter's audit reports the
# mismatch, and the guest's failure code becomes the exit status.
rec = subprocess.run([REWIND, "record", "-o", TRACE, KERNEL], stdin=subprocess.DEVNULL,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
console = rec.stdout.decode(errors="replace")
err = rec.stderr.decode(errors="replace")
sym = re.search(r"task counter: checksum mismatch: total=(\d+) expected=(\d+)", console)
if rec.returncode == 0 or not sym or "every check passed" in console:
    out = console
    fail("record: exit %d; the symptom must be on the console" % rec.returncode)
total, expected = int(sym.group(1)), int(sym.group(2))
if total == expected:
    fail("the symptom's total and expected value are equal")
steps = int(re.search(r"recorded (\d+) steps", err).group(1))
if steps > 50000000:
    fail("the tasks kernel takes %d steps to fail; it should be quick" % steps)

if not shutil.which("gdb-multiarch"):
    shutil.rmtree(TMP)
    print("SKIP: gdb-multiarch not installed")
    sys.exit(0)

# The line the guilty store is on, from the source, not a number kept here.
guilty_line = next(i + 1 for i, l in enumerate(open(SOURCE)) if "log_ring[log_head] = stamp;" in l)


def serve():
    p, port, _ = gdbtest.serve(REWIND, ["replay", "--gdb", "0", TRACE])
    return p, port


def gdb(port, commands):
    """Runs the commands in gdb-multiarch's batch mode, with a marker line
    `@@N` before the output of the N-th; returns the output of each."""
    args = ["gdb-multiarch", "-batch", "-nx", "-ex", "set confirm off", "-ex", "set pagination off",
            "-ex", "set width 0", "-ex", "target remote :" + port]
    for i, c in enumerate(commands):
        args += ["-ex", "echo @@%d\\n" % i, "-ex", c]
    args += ["-ex", "echo @@end\\n", "-ex", "detach", KERNEL]
    try:
        r = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120)
    except subprocess.TimeoutExpired as e:
        global out
        out = (e.stdout or b"").decode(errors="replace")
        fail("gdb did not finish the session in 120 s")
    text = r.stdout.decode(errors="replace")
    parts = re.split(r"^@@(\d+|end)\n", text, flags=re.M)
    said = dict(zip(parts[1::2], parts[2::2]))
    return text, [said.get(str(i), "") for i in range(len(commands))]


p, port = serve()
out, said = gdb(port, TUTORIAL)
rc = p.wait(timeout=30)
err = p.stderr.read().decode(errors="replace")
if rc != 0:
    fail("rewind replay --gdb exited %d after detach" % rc)
(_, cont, bt1, counter, ticks1, step1, watch, rcont, bt2, lst, head, slot, name, insn, regs, ticks2,
 step2) = said

# At the breakpoint: the symptom the console showed, reported by the counter's audit.
if not re.search(r'Breakpoint 1, task_failed \(task=.*"counter", what=.*"checksum mismatch", '
                 r'name=.*"total", value=%d, expected=%d\)' % (total, expected), cont):
    fail("continue did not stop in task_failed with the recorded symptom")
if not re.search(r"in counter_audit \(\).*\n.*in counter_task \(\)", bt1):
    fail("the symptom's backtrace is not counter_task -> counter_audit")
m = re.search(r"step = (\d+),", counter)
if not m or int(m.group(1)) == 3:
    fail("counter.step is not corrupted at the symptom")
bad = int(m.group(1))
symptom_tick = int(re.search(r"\$\d+ = (\d+)", ticks1).group(1))
symptom_step = int(re.search(r"step (\d+) of %d" % steps, step1).group(1))

# reverse-continue: stopped on the guilty store, in the logger, with the
# values before and after it.
if "Hardware watchpoint 2: counter.step" not in rcont:
    fail("reverse-continue did not stop on the watchpoint")
if not re.search(r"Old value = %d\nNew value = 3\n" % bad, rcont):
    fail("reverse-continue did not show the old and new values of counter.step")
if not re.search(r"in log_append \(stamp=%d\) at \S*examples/kernels/tasks/tasks\.c:%d\n%d\s+log_ring\[log_head\] = stamp;"
                 % (bad, guilty_line, guilty_line), rcont):
    fail("reverse-continue did not stop in log_append at tasks.c:%d" % guilty_line)
if not re.search(r"#0 .*log_append .*\n#1 .*in logger_task \(\)", bt2):
    fail("the guilty store's backtrace is not logger_task -> log_append")
if "log_head > LOG_SLOTS" not in lst:
    fail("list did not show the wrap-around test")
if not re.search(r"\$\d+ = 32\n", head):
    fail("log_head is not one past the ring at the guilty store")
m = re.search(r"\(volatile uint64_t \*\) (0x[0-9a-f]+) <counter>", slot)
if not m:
    fail("&log_ring[log_head] is not counter")
counter_addr = int(m.group(1), 16)
if '"logger"' not in name:
    fail("the current task at the guilty store is not the logger")
# Stopped before the store executed, on the store itself: it writes the
# bad value to counter.step (its first field).
m = re.search(r"=> 0x[0-9a-f]+ <log_append\+\d+>:\s+s[bhwd]\s+(\w+),(-?\d+)\((\w+)\)", insn)
if not m:
    fail("the stop is not on a store instruction in log_append")
value_reg, offset, base_reg = m.group(1), int(m.group(2)), m.group(3)
reg = dict((n, int(v, 16)) for n, v in re.findall(r"^(\w+)\s+(0x[0-9a-f]+)", regs, re.M))
if reg.get(value_reg) != bad or reg.get(base_reg, 0) + offset != counter_addr:
    fail("the store does not write %d to counter.step: %s, %s" % (bad, m.group(0), reg))
if not re.search(r"<stacks\+\d+>", regs):
    fail("sp is not on a task stack")
cause_tick = int(re.search(r"\$\d+ = (\d+)", ticks2).group(1))
cause_step = int(re.search(r"step (\d+) of %d" % steps, step2).group(1))
# The cause comes long before the symptom: several ticks, many instructions.
if not (cause_tick + 6 <= symptom_tick and cause_step + 100000 <= symptom_step):
    fail("the guilty store (step %d, tick %d) is not long before the symptom (step %d, tick %d)"
         % (cause_step, cause_tick, symptom_step, symptom_tick))

# The position is exact: at cause_step the store has not happened yet; one
# step later it has.
p, port = serve()
out, said = gdb(port, ["monitor goto %d" % cause_step, "maintenance flush register-cache",
                       "print counter.step", "x/i $pc", "stepi", "print counter.step", "monitor step"])
rc = p.wait(timeout=30)
err = p.stderr.read().decode(errors="replace")
before, pc, after, at = said[2], said[3], said[5], said[6]
if rc != 0 or not re.search(r"\$\d+ = 3\n", before) or not re.search(r"\$\d+ = %d\n" % bad, after):
    fail("counter.step around step %d: %r then %r" % (cause_step, before, after))
if insn.split(":")[0] != pc.split(":")[0] or "step %d of" % (cause_step + 1) not in at:
    fail("monitor goto %d is not where reverse-continue stopped" % cause_step)

shutil.rmtree(TMP)
print("ok (cause at step %d, tick %d; symptom at step %d, tick %d)"
      % (cause_step, cause_tick, symptom_step, symptom_tick))
