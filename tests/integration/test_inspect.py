"""The debugger's questions from the command line and from gdb's monitor:
rewind inputs / when-written / pagetable on recordings of the course kernel
(typed input, timer ticks writing `ticks`) and of the Sv39 ISA test (a page
table), and the same answers through `monitor ...` in gdb-multiarch
(skipped without it).  Every answer is checked against facts known
independently: the lines typed, the kernel's tick counter counting up, the
page table the ISA test builds."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from console import Session, build_dir
import gdbtest

B = os.path.abspath(build_dir())
REWIND = B + "/rewind"
COURSE = B + "/examples/course.elf"
VM = B + "/isa/vm_sv39.elf"
TMP = tempfile.mkdtemp(prefix="rewind-inspect-test-")
CTRACE, VTRACE = TMP + "/course.rwd", TMP + "/vm.rwd"


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def first_notice(trace):
    """The first line replay --gdb prints (a notice, before the gdb command)."""
    p = subprocess.Popen([REWIND, "replay", "--quiet", "--gdb", "0", trace], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    line = p.stderr.readline().decode()
    p.terminate()
    p.wait(timeout=30)
    return line


def fail(why):
    print("FAILED: " + why)
    sys.exit(1)


def rewind(*args, rc=0):
    r = subprocess.run([REWIND] + list(args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    if r.returncode != rc:
        fail("rewind %s: exit %d (wanted %d)\n%s%s" % (" ".join(args), r.returncode, rc,
                                                     r.stdout.decode(), r.stderr.decode()))
    return r.stdout.decode() + r.stderr.decode()


# A course session with two typed lines.
s = Session([REWIND, "record", "-o", CTRACE, COURSE], timeout=60)
s.expect("$ ")
time.sleep(0.1)
s.send("work 1\r")
s.expect(" ok\r\n")
s.expect("$ ")
s.send("halt\r")
s.expect("bye")
if s.wait() != 0:
    s.fail("course kernel did not power off cleanly")
rewind("record", "--force", "--bios", "none", "-o", VTRACE, VM)

# inputs: the typed lines, in order, at increasing steps.
out = rewind("inputs", CTRACE)
typed = re.findall(r"^ +(\d+)  console +(\d+) bytes  \"(.*)\"$", out, re.M)
if [t[2] for t in typed] != ["work 1\\r", "halt\\r"] or int(typed[0][0]) >= int(typed[1][0]):
    fail("rewind inputs:\n" + out)

# when-written: the timer handler counts ticks up by one; the last writes
# come in order, each one more than the one before, all before --at.
end = int(re.search(r"steps +(\d+)", rewind("info", CTRACE)).group(1))
at = end * 3 // 4
out = rewind("when-written", "--at", str(at), "--max", "4", CTRACE, "ticks")
rows = re.findall(r"^ +(\d+)  hart 0  pc 0x[0-9a-f]+  (s[dw] .*?) +-> 0x([0-9a-f]+)$", out, re.M)
if len(rows) != 4 or "the last 4 writes" not in out:
    fail("when-written ticks:\n" + out)
steps = [int(r[0]) for r in rows]
vals = [int(r[2], 16) for r in rows]
if steps != sorted(steps) or steps[-1] >= at or vals != list(range(vals[0], vals[0] + 4)):
    fail("when-written ticks: not four consecutive increments before %d:\n%s" % (at, out))
# Asked just after the newest of them, that one is the last answer.
out2 = rewind("when-written", "--at", str(steps[-1] + 1), "--max", "1", CTRACE, "ticks")
if not re.search(r"^ +%d  hart 0" % steps[-1], out2, re.M):
    fail("when-written just after a write does not name it:\n" + out2)
# The search back has a limit (--back): nextpid is written only when `work`
# starts its process, long before the end; within 6 M steps of the end
# nothing wrote it, and the answer says where the search stopped.
out = rewind("when-written", "--back", "6000000", CTRACE, "nextpid")
if not re.search(r"nothing wrote 0x[0-9a-f]+\.\.0x[0-9a-f]+ between step \d+ \(where the search stopped", out):
    fail("when-written --back 6000000 nextpid:\n" + out)
out = rewind("when-written", "--back", "0", CTRACE, "nextpid")
if not re.search(r"^ +\d+  hart 0  pc .* -> 0x00000002$", out, re.M):
    fail("when-written --back 0 nextpid should find the write of pid 2:\n" + out)

# Bad input: a clear message and exit 2.
for args, want in [(["when-written", CTRACE, "no_such_symbol"], "neither an address nor a symbol"),
                   (["when-written", "--at", str(end + 1), CTRACE, "ticks"], "past the end"),
                   (["pagetable", "--bogus", CTRACE], "unknown option"),
                   (["when-written", CTRACE], "give the address"),
                   (["inputs", TMP + "/missing.rwd"], "missing.rwd")]:
    msg = rewind(*args, rc=2)
    if want not in msg:
        fail("rewind %s: wanted %r in:\n%s" % (" ".join(args), want, msg))

# pagetable: while the Sv39 test runs with paging on, its table maps
# 0x40000000 as a 4 KiB page through three levels.
vend = int(re.search(r"steps +(\d+)", rewind("info", VTRACE)).group(1))
vat = next((a for a in range(vend, 0, -100) if "sv39" in rewind("pagetable", "--at", str(a), VTRACE)), None)
if vat is None:
    fail("the Sv39 test never turned paging on")
out = rewind("pagetable", "--at", str(vat), VTRACE)
if "sv39" not in out or not re.search(r"^va 0x0000000040000000-0x0000000040001000  pa 0x[0-9a-f]+ +4 KiB",
                                      out, re.M):
    fail("rewind pagetable:\n" + out)
out = rewind("pagetable", "--at", str(vat), VTRACE, "0x40000123")
levels = re.findall(r"^  level (\d): table 0x[0-9a-f]+ \[ *(\d+)\]", out, re.M)
if [l[0] for l in levels] != ["2", "1", "0"] or levels[0][1] != "1" or levels[2][1] != "0" or \
        not re.search(r"-> pa 0x[0-9a-f]+123 \(a 4 KiB page\)", out):
    fail("rewind pagetable 0x40000123:\n" + out)
if "no translation" not in rewind("pagetable", "--at", "10", VTRACE):
    fail("pagetable at step 10 (before paging) should say there is no translation")

# A kernel rebuilt after the recording: replay --gdb points gdb at the
# recorded copy instead, and says why.
KCOPY = TMP + "/k.elf"
shutil.copy(B + "/examples/timer.elf", KCOPY)
rewind("record", "-o", TMP + "/k.rwd", KCOPY)
shutil.copy(B + "/examples/hello.elf", KCOPY)
p = subprocess.Popen([REWIND, "replay", "--quiet", "--gdb", "0", TMP + "/k.rwd"], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
text = b""
for _ in range(3):  # the "attach with" line, the command, the note
    text += p.stderr.readline()
m = re.search(rb"target remote :\d+' (\S+)", text)
ok = m and m.group(1).decode() != KCOPY and b"is not the kernel this trace recorded" in text and \
    same_bytes(m.group(1).decode(), B + "/examples/timer.elf")
p.terminate()
p.wait(timeout=30)
if not ok:
    fail("replay --gdb with a rebuilt kernel should name the recorded copy:\n" + text.decode())

# replay --save-snapshots: stored in the trace, loaded by the next replay,
# which then answers a far query from them with the same result; a damaged
# row is ignored with a notice and changes no answer.
STRACE = TMP + "/saved.rwd"
shutil.copy(CTRACE, STRACE)
msg = rewind("replay", "--quiet", "--save-snapshots", STRACE)
if not re.search(r"\d+ snapshots .* saved into", msg):
    fail("replay --save-snapshots:\n" + msg)
import sqlite3
db = sqlite3.connect(STRACE)
nsaved = db.execute("SELECT count(*) FROM snapshots").fetchone()[0]
db.close()
if nsaved < 2:
    fail("only %d snapshots saved for %d steps" % (nsaved, end))
if not re.search(r"saved snapshots +%d, " % nsaved, rewind("info", STRACE)):
    fail("rewind info should count the saved snapshots:\n" + rewind("info", STRACE))
want = rewind("when-written", "--at", str(at), "--max", "4", CTRACE, "ticks")
got = rewind("when-written", "--at", str(at), "--max", "4", STRACE, "ticks")
if got != want:
    fail("when-written from saved snapshots differs:\n%s\nvs\n%s" % (got, want))
first = first_notice(STRACE)
if "saved snapshots loaded from the trace" not in first:
    fail("replay --gdb should say it loaded the saved snapshots:\n" + first)
db = sqlite3.connect(STRACE)
db.execute("UPDATE snapshots SET data = X'00112233' WHERE step = (SELECT max(step) FROM snapshots)")
db.commit()
db.close()
got = rewind("when-written", "--at", str(at), "--max", "4", STRACE, "ticks")
if got != want:
    fail("a damaged saved snapshot changed an answer:\n" + got)
first = first_notice(STRACE)
if "the trace's saved snapshots" not in first:
    fail("a damaged saved snapshot should be named:\n" + first)

# The same through gdb's monitor.
if not shutil.which("gdb-multiarch"):
    print("PASS (gdb-multiarch not installed: monitor commands not checked)")
    sys.exit(0)


def gdb_session(trace, kernel, commands):
    p, port, _ = gdbtest.serve(REWIND, ["replay", "--gdb", "0", trace])
    out = gdbtest.run_gdb(port, ["source " + os.path.dirname(os.path.abspath(__file__)) + "/../../tools/rewind.gdb"]
                          + commands, kernel, end="kill")
    p.wait(timeout=30)
    return out


out = gdb_session(CTRACE, COURSE, [
    "echo @@rom\\n", "x/i $pc", "stepi", "echo @@rom\\n", "p $pc",
    "monitor goto %d" % at, "maint flush register-cache",
    "eval \"monitor when-written %p 8\", &ticks",
    "monitor traps", "monitor inputs", "monitor console 200", "monitor step", "monitor help",
    "monitor nonsense"])
# At step 0 the hart is in the reset ROM: readable, so stepping works there.
if not re.search(r"@@rom\n=> 0x1000:\s+auipc\s+t0,0x0", out) or not re.search(r"@@rom\n\$\d+ = .*0x1004", out):
    fail("reading and stepping the reset ROM at step 0:\n" + out)
g_rows = re.findall(r"^ +(\d+)  hart 0  pc", out, re.M)
if steps[-1] not in [int(x) for x in g_rows] or "the last 10 writes" not in out:
    fail("monitor when-written &ticks:\n" + out)
if not re.search(r"the last 20 traps before step %d" % at, out):
    fail("monitor traps:\n" + out)
if "\"work 1\\r\"" not in out or "---- now ----" not in out:
    fail("monitor inputs:\n" + out)
if "step %d of %d" % (at, end) not in out or "monitor when-written ADDR [LEN [BACK]]" not in out or \
        "unknown monitor command 'nonsense'" not in out:
    fail("monitor step/help:\n" + out)
if "[... the first" not in out or "pid 1: shell" in out:
    fail("monitor console 200: not the last 200 bytes:\n" + out)
# tools/rewind.gdb: `goto N` flushes gdb's registers (pc differs from the
# cached one); `written VAR` is when-written on its address and size.
out = gdb_session(CTRACE, COURSE, ["break syscall", "continue", "echo @@a\\n", "p/x $pc", "goto 1000",
                                   "echo @@b\\n", "p/x $pc", "monitor step", "goto %d" % at, "written ticks"])
pa = re.search(r"@@a\n\$\d+ = (0x[0-9a-f]+)", out)
pb = re.search(r"@@b\n\$\d+ = (0x[0-9a-f]+)", out)
if not pa or not pb or pa.group(1) == pb.group(1) or "step 1000 of" not in out or \
        steps[-1] not in [int(x) for x in re.findall(r"^ +(\d+)  hart 0  pc", out, re.M)]:
    fail("tools/rewind.gdb goto / written:\n" + out)
out = gdb_session(VTRACE, VM, ["monitor goto %d" % vat,
                               "monitor pagetable 0x40000123", "monitor pagetable"])
if "-> pa 0x" not in out or not re.search(r"^va 0x0000000040000000-", out, re.M):
    fail("monitor pagetable:\n" + out)
shutil.rmtree(TMP, ignore_errors=True)
print("PASS")
