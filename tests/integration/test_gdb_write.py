"""Changing the machine from gdb (set var, set $reg: M/X/P/G packets) and
forking a new future (monitor truncate), on the timer kernel, which prints
`tick N` from its `ticks` counter until 10:

- record --gdb: a change at the newest position is logged like an input:
  going back one instruction and forward again keeps it; a change in the
  past is refused; the recording replays with the change ("replay
  matched") and prints what the changed counter made it print.
- run --gdb: back to an earlier tick, `monitor truncate`, a change there,
  continue: the console shows the new future, `monitor console` holds
  only it.
- replay --gdb: changes are refused with a reason until `monitor truncate`
  forks a live run from the replay; the trace stays as it was.
Skipped without gdb-multiarch."""
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
TMP = tempfile.mkdtemp(prefix="rewind-gdb-write-")
TRACE = TMP + "/t.rwd"


def fail(why):
    print("FAILED: " + why)
    sys.exit(1)


def start(args):
    p, port, _ = gdbtest.serve(REWIND, args, console=True)
    return p, port


def gdb(port, commands, end="detach"):
    return gdbtest.run_gdb(port, commands, KERNEL, end=end)


def finish(p):
    out, err = p.communicate(timeout=60)
    return out.decode(errors="replace"), err.decode(errors="replace"), p.returncode


# ---- record --gdb
p, port = start(["record", "-o", TRACE, "--gdb", "0", "--gdb-wait", KERNEL])
out = gdb(port, ["break trap_handler", "continue", "continue",          # at the second tick's handler
                 "set var ticks = 5", "set $a1 = 77", "echo @@set\\n", "print ticks", "print $a1",
                 "reverse-stepi", "set var ticks = 9", "echo @@past\\n", "print ticks",
                 "stepi", "echo @@again\\n", "print ticks", "print $a1",
                 "delete", "monitor truncate"])
if not re.search(r"@@set\n\$\d+ = 5\n\$\d+ = 77", out):
    fail("set var / set $a1 at the newest position:\n" + out)
if "Cannot access memory" not in out or not re.search(r"@@past\n\$\d+ = 1\n", out):
    fail("a change in the past must be refused (ticks was 1 there):\n" + out)
if not re.search(r"@@again\n\$\d+ = 5\n\$\d+ = 77", out):
    fail("forward again past the change must apply it again:\n" + out)
if "a recording keeps the future it has recorded" not in out:
    fail("monitor truncate in a recording must be refused:\n" + out)
rec_out, rec_err, rc = finish(p)
ticks = re.findall(r"tick (\d+)", rec_out)
if rc != 0 or ticks != ["1"] + [str(i) for i in range(6, 11)]:
    fail("the recording should print tick 1, then 6..10 (exit %d):\n%s%s" % (rc, rec_out, rec_err))
r = subprocess.run([REWIND, "replay", TRACE], stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
if r.returncode != 0 or b"replay matched" not in r.stderr or r.stdout.decode() != rec_out:
    fail("the recording with a debugger's change did not replay:\n%s%s" % (r.stdout.decode(), r.stderr.decode()))
info = subprocess.run([REWIND, "inputs", TRACE], capture_output=True, timeout=60).stdout.decode()
if len(re.findall(r"debugger", info)) != 2:
    fail("rewind inputs should list the two changes:\n" + info)

# ---- run --gdb: fork a new future
p, port = start(["run", "--gdb", "0", "--gdb-wait", KERNEL])
out = gdb(port, ["break trap_handler", "continue", "continue", "continue", "continue",  # 4th tick
                 "reverse-continue", "reverse-continue",                             # back to the 2nd
                 "set var ticks = 3", "echo @@refused\\n", "print ticks",
                 "monitor truncate", "set var ticks = 7", "echo @@forked\\n", "print ticks",
                 "delete", "break main.c:44", "continue", "echo @@con\\n", "monitor console"])
if not re.search(r"@@refused\n\$\d+ = 1\n", out):
    fail("a change behind the newest position must be refused before truncate:\n" + out)
if "forgot steps" not in out or not re.search(r"@@forked\n\$\d+ = 7\n", out):
    fail("monitor truncate then set var:\n" + out)
con = out.split("@@con\n")[-1]
if "tick 8" not in con or "tick 3" in con or "tick 4" in con:
    fail("monitor console after the fork should hold the new future (tick 1, 8), not the old one:\n" + out)
run_out, run_err, rc = finish(p)
if rc != 0 or re.findall(r"tick (\d+)", run_out) != ["1", "2", "3", "8", "9", "10"]:
    fail("run: the console shows the old ticks 1-3, then the new future's 8-10 (exit %d):\n%s%s"
         % (rc, run_out, run_err))

# ---- replay --gdb: nothing changes, until monitor truncate forks a live run
p, port = start(["replay", "--gdb", "0", TRACE])
out = gdb(port, ["break trap_handler", "continue", "set var ticks = 3", "echo @@kept\\n", "print ticks",
                 "monitor truncate", "set var ticks = 7", "echo @@forked\\n", "print ticks", "delete",
                 "continue"], end="")
rep_out, rep_err, rc = finish(p)
if "Cannot access memory" not in out or not re.search(r"@@kept\n\$\d+ = 0\n", out):
    fail("replay: a change before truncate must be refused:\n" + out)
if "forked: from step" not in out or not re.search(r"@@forked\n\$\d+ = 7\n", out):
    fail("replay: monitor truncate should fork a live run that takes changes:\n" + out)
if re.findall(r"tick (\d+)", rep_out) != ["8", "9", "10"] or "exited normally" not in out:
    fail("replay: the forked run should go on from the change (tick 8..10) to poweroff:\n%s%s%s"
         % (out, rep_out, rep_err))
if subprocess.run([REWIND, "replay", TRACE], capture_output=True, timeout=60).returncode != 0:
    fail("forking a replay must leave the trace as it was")
shutil.rmtree(TMP, ignore_errors=True)
print("ok")
