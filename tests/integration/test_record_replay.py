"""record -> replay: identical console output and identical state hashes at
every checkpoint, for the example kernels and for OpenSBI + U-Boot driven
through the console with several harts; replays repeated, moved, killed,
perturbed, and fed bad trace files."""
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
from console import Session, build_dir

B = os.path.abspath(build_dir())
REWIND = B + "/rewind"
UBOOT_S = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf"
TMP = tempfile.mkdtemp(prefix="rewind-rr-test-")


def replay(trace, *extra, expect_rc=0):
    p = subprocess.run([REWIND, "replay", *extra, trace], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert p.returncode == expect_rc, "replay %s exit %d (wanted %d):\n%s" % (
        trace, p.returncode, expect_rc, p.stderr.decode(errors="replace")[-1500:])
    return p


def console_of(trace):
    p = subprocess.run([REWIND, "console", trace], stdout=subprocess.PIPE, timeout=60)
    assert p.returncode == 0
    return p.stdout


def check_matches(trace, recorded_out):
    p = replay(trace)
    assert b"replay matched" in p.stderr, p.stderr
    # The replay prints exactly what the recording printed, and the trace's
    # console table holds the same bytes.
    assert p.stdout == recorded_out, (p.stdout[-300:], recorded_out[-300:])
    assert console_of(trace) == recorded_out
    return p


# 1. hello: a line typed after the prompt.
t = TMP + "/hello.rwd"
s = Session([REWIND, "record", "-o", t, B + "/examples/hello.elf"])
s.expect("What is your name? ")
time.sleep(0.2)
s.send("Grace\r")
s.expect("Hello, Grace!")
assert s.wait() == 0
check_matches(t, s.out)
first = replay(t).stderr
assert replay(t).stderr.split(b"final state hash")[1] == first.split(b"final state hash")[1], "two replays differ"

# 2. timer: interrupts, idle jumps.
t = TMP + "/timer.rwd"
s = Session([REWIND, "record", "--checkpoint-every", "100", "-o", t, B + "/examples/timer.elf"])
assert s.wait() == 0
p = check_matches(t, s.out)
assert b"checkpoints checked" in p.stderr


def traps(trace, *extra):
    p = subprocess.run([REWIND, "traps", *extra, trace], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout.decode()


# The trace keeps trap counts per checkpoint interval; the list comes from
# replay.  The timer kernel takes exactly ten machine timer interrupts.
db = sqlite3.connect(t)
counted = db.execute("SELECT sum(count) FROM trap_counts WHERE interrupt = 1 AND cause = 7").fetchone()[0]
intervals = db.execute("SELECT count(DISTINCT first_step) FROM trap_counts").fetchone()[0]
db.close()
assert counted == 10, counted
assert intervals > 1, "timer.rwd has a checkpoint every 100 steps: counts per interval"
listed = [l.split() for l in traps(t, "--cause", "timer").splitlines()]
assert len(listed) == 10 and all(l[3] == "m-timer" for l in listed), listed
steps = [int(l[0]) for l in listed]
assert steps == sorted(steps)
assert traps(t, "--count", "--cause", "ecall").strip() == "0"
window = traps(t, "--from", str(steps[2]), "--to", str(steps[5])).splitlines()
assert [int(l.split()[0]) for l in window] == steps[2:5], window
traps(t, "--sql")
db = sqlite3.connect(t)
rows = db.execute("SELECT step, interrupt, cause FROM traps ORDER BY step").fetchall()
db.close()
assert rows == [(st, 1, 7) for st in steps], rows
replay(t)  # the materialised table does not disturb a replay
bad = subprocess.run([REWIND, "traps", "--cause", "nonsense", t], stderr=subprocess.PIPE)
assert bad.returncode == 2 and b"not a cause" in bad.stderr

# 3. OpenSBI + U-Boot, two harts, typed commands.
t = TMP + "/uboot.rwd"
s = Session([REWIND, "record", "--smp", "2", "--checkpoint-every", "5000000", "-o", t, UBOOT_S])
s.expect("Hit any key to stop autoboot")
s.send("\r")
s.expect("=> ")
s.send("version\r")
s.expect("=> ")
s.send("fdt addr $fdtcontroladdr; fdt print /chosen\r")
s.expect("stdout-path")
s.expect("=> ")
s.send("poweroff\r")
assert s.wait() == 0
check_matches(t, s.out)

# 4. Moved elsewhere, with the kernel gone: the embedded images suffice.
kdir = TMP + "/k"
os.mkdir(kdir)
shutil.copy(B + "/examples/hello.elf", kdir + "/hello.elf")
t = TMP + "/moved.rwd"
p = subprocess.run([REWIND, "record", "-o", t, kdir + "/hello.elf"], input=b"Ada\r",
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
assert p.returncode == 0, p.stderr
shutil.rmtree(kdir)
moved = TMP + "/elsewhere/copy.rwd"
os.mkdir(TMP + "/elsewhere")
shutil.copy(t, moved)
check_matches(moved, p.stdout)

# 5. Images stored by path: a changed or missing kernel is named, with hashes.
kdir = TMP + "/k2"
os.mkdir(kdir)
shutil.copy(B + "/examples/hello.elf", kdir + "/hello.elf")
t = TMP + "/bypath.rwd"
p = subprocess.run([REWIND, "record", "--no-embed", "-o", t, kdir + "/hello.elf"], input=b"Ada\r",
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
assert p.returncode == 0
replay(t)
with open(kdir + "/hello.elf", "r+b") as f:
    f.seek(200)
    f.write(b"\xff")
e = replay(t, expect_rc=2).stderr
assert b"has changed since it was recorded" in e and b"recorded hash" in e and b"found" in e, e
os.remove(kdir + "/hello.elf")
e = replay(t, expect_rc=2).stderr
assert b"not embedded" in e and b"hello.elf" in e, e

# 6. kill -9 during a recording, at several points: the prefix replays.
for delay in (0.6, 1.7, 2.9):
    t = TMP + "/killed-%s.rwd" % delay
    proc = subprocess.Popen([REWIND, "record", "--checkpoint-every", "3000000", "-o", t, UBOOT_S],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    p = replay(t, "--quiet")
    assert b"not finished" in p.stderr and b"replay matched" in p.stderr, p.stderr

# 7. Divergence is detected and named.
t = TMP + "/timer.rwd"
e = replay(t, "--perturb-at", "700", expect_rc=3).stderr
assert b"replay diverged at step" in e and b"hart 0 x10 (a0)" in e, e

# 8. --chaos: the schedule comes from the seed and replays exactly.
t = TMP + "/chaos.rwd"
s = Session([REWIND, "record", "--smp", "2", "--chaos", "42", "-o", t, UBOOT_S])
s.expect("Hit any key to stop autoboot")
s.send("\r")
s.expect("=> ")
s.send("poweroff\r")
assert s.wait() == 0
check_matches(t, s.out)
info = subprocess.run([REWIND, "info", t], stdout=subprocess.PIPE).stdout
assert b"chaos seed             42" in info, info

# 8b. The bench kernel, a prefix of it: CPU-bound, memory-heavy.
t = TMP + "/bench.rwd"
p = subprocess.run([REWIND, "record", "--until-step", "60000000", "--checkpoint-every", "7000000",
                    "-o", t, B + "/examples/bench.elf"], stdin=subprocess.DEVNULL,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
assert p.returncode == 0, p.stderr
e = replay(t, "--quiet").stderr
assert b"replay matched: 60000000 steps, 10 of 10 checkpoints" in e, e

# 8c. The device tree is recorded; a replay that would build a different
# one refuses.
t = TMP + "/hello.rwd"
info = subprocess.run([REWIND, "info", t], stdout=subprocess.PIPE).stdout
assert b"dtb     generated" in info, info
altered = TMP + "/dtb.rwd"
shutil.copy(t, altered)
c = sqlite3.connect(altered)
c.execute("UPDATE images SET hash='0123456789abcdef' WHERE role='dtb'")
c.commit()
c.close()
e = replay(altered, expect_rc=3).stderr
assert b"device tree" in e and b"0123456789abcdef" in e, e

# 9. Bad trace files: one clear line, non-zero exit, no crash.
def bad(path, phrase):
    p = subprocess.run([REWIND, "replay", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert 0 < p.returncode < 128, (path, p.returncode, p.stderr)
    assert phrase.encode() in p.stderr, (path, phrase, p.stderr)
    p = subprocess.run([REWIND, "info", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert 0 <= p.returncode < 128, (path, p.returncode)

open(TMP + "/empty.rwd", "wb").close()
bad(TMP + "/empty.rwd", "empty")
with open(TMP + "/text.rwd", "w") as f:
    f.write("hello, I am not a trace\n" * 100)
bad(TMP + "/text.rwd", "not a rewind trace")
c = sqlite3.connect(TMP + "/foreign.rwd")
c.execute("CREATE TABLE t(x)")
c.commit()
c.close()
bad(TMP + "/foreign.rwd", "not a rewind trace")
bad(TMP + "/does-not-exist.rwd", "cannot open")
src = TMP + "/hello.rwd"
newer = TMP + "/newer.rwd"
shutil.copy(src, newer)
c = sqlite3.connect(newer)
c.execute("UPDATE meta SET value='99' WHERE key='format_version'")
c.commit()
c.close()
bad(newer, "newer than this rewind reads")
data = open(src, "rb").read()
with open(TMP + "/truncated.rwd", "wb") as f:
    f.write(data[: len(data) // 3])
p = subprocess.run([REWIND, "replay", TMP + "/truncated.rwd"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
assert 0 < p.returncode < 128 and p.stderr.strip(), p.stderr
corrupt = TMP + "/corrupt.rwd"
shutil.copy(src, corrupt)
c = sqlite3.connect(corrupt)
c.execute("UPDATE inputs SET data = X'0100000011223344'")
c.execute("UPDATE checkpoints SET data = X'ffffff7f00'")
c.commit()
c.close()
p = subprocess.run([REWIND, "replay", corrupt], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
assert p.returncode == 2 and b"corrupt" in p.stderr, p.stderr

shutil.rmtree(TMP)
print("ok")
