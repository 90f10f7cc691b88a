"""Source-level reverse execution from gdb-multiarch on a replay of the
timer kernel: `next` ×4 then `reverse-next` back through the same lines to
the step where the nexts began;
`step` into a function then `reverse-finish` returns to its call;
`nexti` ×6 then `reverse-nexti` ×6 retrace the same pcs (over a call);
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
TMP = tempfile.mkdtemp(prefix="rewind-gdb-source-")
TRACE = TMP + "/t.rwd"
subprocess.run([REWIND, "record", "-o", TRACE, KERNEL], stdin=subprocess.DEVNULL, capture_output=True,
               check=True, timeout=60)


def fail(why, out=""):
    print("FAILED: %s\n%s" % (why, out[-4000:]))
    sys.exit(1)


p, port, _ = gdbtest.serve(REWIND, ["replay", "--gdb", "0", TRACE])

# reverse-next at -O2 may stop more than once in a line whose code is
# split around a call (gdb stops at the start of each of its line-table
# ranges): go back until the pc is where the nexts began, at most 12 times.
script = """break main
continue
set $start = $pc
echo @@pos\\n
monitor step
""" + "echo @@fwd\\n\nframe\nnext\n" * 4 + """echo @@top\\n
frame
set $n = 0
while $pc != $start && $n < 12
  reverse-next
  echo @@back\\n
  frame
  set $n = $n + 1
end
echo @@pos\\n
monitor step
step
echo @@in\\n
frame
reverse-finish
echo @@out\\n
frame
""" + "echo @@ni\\n\np/x $pc\nnexti\n" * 6 + "echo @@nitop\\n\np/x $pc\n" + \
    "reverse-nexti\necho @@rni\\n\np/x $pc\n" * 6 + "kill\n"
with open(TMP + "/cmds.gdb", "w") as f:
    f.write(script)
out = gdbtest.run_gdb(port, [], KERNEL, end=None, script=TMP + "/cmds.gdb")
p.wait(timeout=30)


def lines_after(tag):
    return [int(m) for m in re.findall(tag + r"\n#0\s+.*?at \S+:(\d+)", out, re.S)]


fwd, top, back = lines_after("@@fwd"), lines_after("@@top"), lines_after("@@back")
if len(fwd) != 4 or len(top) != 1 or len(set(fwd + top)) < 4:
    fail("next did not move through main line by line: %s then %s" % (fwd, top), out)
positions = re.findall(r"@@pos\nstep (\d+) of", out)
if not back or back[-1] != fwd[0] or any(l not in fwd for l in back) or back != sorted(back, reverse=True) \
        or len(positions) != 2 or positions[0] != positions[1]:
    fail("reverse-next went %s from %s (positions %s): wanted back through %s to line %d at the same step"
         % (back, top, positions, fwd[::-1], fwd[0]), out)
if not re.search(r"@@in\n#0\s+uart_init", out):
    fail("step did not enter uart_init", out)
if not re.search(r"@@out\n#0\s+.*main \(\) at \S+:%d" % fwd[0], out):
    fail("reverse-finish did not return to main's call of uart_init", out)
pcs = lambda tag: [int(x, 16) for x in re.findall(tag + r"\n\$\d+ = (0x[0-9a-f]+)", out)]
ni, nitop, rni = pcs("@@ni"), pcs("@@nitop"), pcs("@@rni")
if len(ni) != 6 or rni != ni[::-1]:
    fail("reverse-nexti went %s, wanted %s" % ([hex(x) for x in rni], [hex(x) for x in ni[::-1]]), out)
shutil.rmtree(TMP, ignore_errors=True)
print("ok (next/reverse-next over %s, step/reverse-finish, nexti/reverse-nexti)" % fwd)
