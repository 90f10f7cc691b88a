"""Devices whose inputs come from outside the machine, recorded and replayed:
virtio-rng entropy and the goldfish RTC's wall-clock seed (the entropy
kernel), and a virtio-blk disk whose base image a recording must never
change (the disk kernel, three harts under --chaos).  Also `run`'s
write-back of guest disk writes and --snapshot."""
import datetime
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from console import Session, build_dir

B = os.path.abspath(build_dir())
REWIND = B + "/rewind"
ENTROPY = B + "/examples/entropy.elf"
DISK = B + "/examples/disk.elf"
DISK_IMG = B + "/examples/disk.img"
TMP = tempfile.mkdtemp(prefix="rewind-rr-devices-")

RTC_LINE = re.compile(rb"rtc: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC \((\d+) ns since the epoch\)")
RANDOM_LINE = re.compile(rb"random (\d): ([0-9a-f]{64})\r?\n")


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run(*argv, input=b"", expect_rc=0):
    p = subprocess.run([REWIND, *argv], input=input, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    assert p.returncode == expect_rc, "rewind %s: exit %d (wanted %d)\n--- stdout\n%s\n--- stderr\n%s" % (
        " ".join(argv), p.returncode, expect_rc, p.stdout.decode(errors="replace")[-1500:],
        p.stderr.decode(errors="replace")[-1500:])
    return p


def check_entropy_output(out):
    """The kernel's output is well formed, and its date agrees with its ns."""
    m = RTC_LINE.search(out)
    assert m, out
    ns = int(m.group(2))
    want = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=ns // 10**9)
    assert m.group(1).decode() == want.strftime("%Y-%m-%d %H:%M:%S"), (m.group(0), want)
    batches = RANDOM_LINE.findall(out)
    assert [n for n, _ in batches] == [b"1", b"2", b"3"], out
    assert len({b for _, b in batches}) == 3, "three batches should differ: %r" % out
    assert b"entropy done" in out, out
    return ns, [b for _, b in batches]


def input_counts(trace):
    info = run("info", trace).stdout
    m = re.search(rb"inputs +\d+ \(console (\d+), entropy (\d+), rtc (\d+)", info)
    assert m, info
    return {k: int(v) for k, v in zip(("console", "entropy", "rtc"), m.groups())}


# (a) Live, the inputs really come from the host: two runs differ, and the
# clock is the host's.
runs = []
for _ in range(2):
    p = run("run", "--rng", ENTROPY)
    runs.append(check_entropy_output(p.stdout))
ns, _ = runs[0]
assert abs(ns / 1e9 - time.time()) < 3600, "RTC is not the host's wall clock: %d ns" % ns
assert runs[0][1] != runs[1][1], "two live runs printed the same random bytes"
assert set(runs[0][1]).isdisjoint(runs[1][1])

# Without --rng the kernel says so and fails; after a drive the rng moves to
# the next slot.
p = run("run", ENTROPY, expect_rc=2)
assert b"no virtio-rng" in p.stdout and b"entropy done" not in p.stdout, p.stdout
p = run("run", "--rng", "--snapshot", "--drive", DISK_IMG, ENTROPY)
assert b"virtio-rng in slot 1" in p.stdout, p.stdout
check_entropy_output(p.stdout)

# (b) record -> replay: the same random bytes and the same date, later.
t = TMP + "/entropy.rwd"
rec = run("record", "--rng", "-o", t, ENTROPY)
check_entropy_output(rec.stdout)
time.sleep(1.1)  # a live run now would show another second
rep = run("replay", t, input=None)
assert b"replay matched" in rep.stderr, rep.stderr
assert rep.stdout == rec.stdout, (rec.stdout, rep.stdout)
assert run("console", t).stdout == rec.stdout
counts = input_counts(t)
assert counts["entropy"] > 0 and counts["rtc"] > 0, counts
again = run("replay", t)
assert again.stdout == rec.stdout
assert again.stderr.split(b"final state hash")[1] == rep.stderr.split(b"final state hash")[1]

# (c) The disk kernel, three harts, a chaotic schedule, a typed race.
copy = TMP + "/disk.img"
shutil.copy(DISK_IMG, copy)
base = sha(copy)
t2 = TMP + "/disk.rwd"
s = Session([REWIND, "record", "--smp", "3", "--chaos", "5", "--drive", copy, "-o", t2, DISK])
s.expect("Command? ")
s.send("race\r")
s.expect("Command? ")
s.send("halt\r")
s.expect("bye")
if s.wait() != 0:
    s.fail("disk recording did not power off cleanly")
race = re.search(rb"race: 3 harts x 100000 without the lock gave \d+ .*\n", s.out)
assert race, s.out
assert sha(copy) == base, "recording changed the base image"
rep = run("replay", t2)
assert b"replay matched" in rep.stderr, rep.stderr
assert rep.stdout == s.out, (s.out[-400:], rep.stdout[-400:])
assert race.group(0) in rep.stdout
assert sha(copy) == base, "replay changed the base image"
assert input_counts(t2)["console"] > 0

# Stored by path: the replay checks the image's hash and refuses a changed one.
t3 = TMP + "/disk-bypath.rwd"
s = Session([REWIND, "record", "--no-embed", "--smp", "3", "--chaos", "5", "--drive", copy, "-o", t3, DISK])
s.expect("Command? ")
s.send("race\r")
s.expect("Command? ")
s.send("halt\r")
s.expect("bye")
if s.wait() != 0:
    s.fail("disk recording (--no-embed) did not power off cleanly")
assert sha(copy) == base, "recording changed the base image"
rep = run("replay", t3)
assert b"replay matched" in rep.stderr and rep.stdout == s.out, rep.stderr
with open(copy, "r+b") as f:
    f.seek(600)
    old = f.read(1)
    f.seek(600)
    f.write(bytes([old[0] ^ 0xff]))
e = run("replay", t3, expect_rc=2).stderr
assert b"changed since it was recorded" in e and copy.encode() in e, e
# The embedded copy makes the first trace independent of the file.
rep = run("replay", t2)
assert b"replay matched" in rep.stderr and rep.stdout == run("console", t2).stdout, rep.stderr

# (d) `run` writes guest disk writes back at exit; --snapshot does not.
live = TMP + "/live.img"
shutil.copy(DISK_IMG, live)


def boot_count(*flags):
    p = run("run", *flags, "--drive", live, DISK, input=b"halt\r")
    m = re.search(rb"boot count: (\d+)", p.stdout)
    assert m and b"bye" in p.stdout, p.stdout
    return int(m.group(1))


assert boot_count() == 1
assert boot_count() == 2
kept = sha(live)
assert boot_count("--snapshot") == 3
assert boot_count("--snapshot") == 3
assert sha(live) == kept, "--snapshot wrote to the image"
assert boot_count() == 3

shutil.rmtree(TMP)
print("ok")
