"""virtio-net (--net none|loopback) with the netloop kernel: five frames out
and back through the loopback, the failure without a backend or without a
device, and record -> replay of a run that needs no inputs at all: with
the loopback every received frame follows from the machine's own state."""
import os
import re
import shutil
import subprocess
import tempfile
import zlib
from console import build_dir

B = os.path.abspath(build_dir())
REWIND = B + "/rewind"
NETLOOP = B + "/examples/netloop.elf"
DISK_IMG = B + "/examples/disk.img"
TMP = tempfile.mkdtemp(prefix="rewind-rr-net-")

FRAME_LEN = [60, 128, 512, 1024, 1514]
TX_LINE = re.compile(rb"tx (\d): (\d+) bytes, crc32 ([0-9a-f]{8})\r?\n")
RX_LINE = re.compile(rb"rx (\d) ok: (\d+) bytes, crc32 ([0-9a-f]{8})\r?\n")
NO_FRAMES = b"no frames came back (backend none?)"
FAIL_NO_NET, FAIL_NO_RX = 2, 4


def run(*argv, expect_rc=0):
    p = subprocess.run([REWIND, *argv], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    assert p.returncode == expect_rc, "rewind %s: exit %d (wanted %d)\n--- stdout\n%s\n--- stderr\n%s" % (
        " ".join(argv), p.returncode, expect_rc, p.stdout.decode(errors="replace")[-1500:],
        p.stderr.decode(errors="replace")[-1500:])
    return p


def payload_crc(n, length):
    """The CRC-32 of frame n's payload as main.c builds it, computed here
    independently (zlib's CRC-32 is Ethernet's)."""
    m = 0xffffffff
    x = (0x9e3779b9 * n) & m
    p = bytearray(b"frame %d: " % n) + n.to_bytes(4, "big")
    while len(p) < length - 14 - 4:
        x ^= (x << 13) & m
        x ^= x >> 17
        x ^= (x << 5) & m
        p.append(x & 0xff)
    return zlib.crc32(bytes(p))


def check_loopback_output(out):
    assert re.search(rb"virtio-net in slot \d: mac 52:54:00:12:34:56, link up", out), out
    want = [(b"%d" % (i + 1), b"%d" % n, b"%08x" % payload_crc(i + 1, n))
            for i, n in enumerate(FRAME_LEN)]
    assert TX_LINE.findall(out) == want, out
    assert RX_LINE.findall(out) == want, out
    assert out.rstrip().endswith(b"netloop done"), out


def input_counts(trace):
    info = run("info", trace).stdout
    m = re.search(rb"inputs +(\d+) \(([^)]*)\)", info)
    assert m, info
    kinds = dict(re.findall(r"(\w+) (\d+)", m.group(2).decode()))
    assert "net" in kinds, info
    return int(m.group(1)), {k: int(v) for k, v in kinds.items()}


# (a) Live: five frames come back through the loopback.
p = run("run", "--net", "loopback", NETLOOP)
check_loopback_output(p.stdout)
assert b"virtio-net in slot 0:" in p.stdout, p.stdout

# The device goes after any drive and rng: slot 2 here.
p = run("run", "--snapshot", "--drive", DISK_IMG, "--rng", "--net", "loopback", NETLOOP)
assert b"virtio-net in slot 2:" in p.stdout, p.stdout
check_loopback_output(p.stdout)

# With backend none the frames go out and vanish; without --net there is
# no device at all.
p = run("run", "--net", "none", NETLOOP, expect_rc=FAIL_NO_RX)
assert NO_FRAMES in p.stdout and len(TX_LINE.findall(p.stdout)) == 5, p.stdout
assert b"rx " not in p.stdout and b"netloop done" not in p.stdout, p.stdout
p = run("run", NETLOOP, expect_rc=FAIL_NO_NET)
assert b"no virtio-net" in p.stdout and b"tx " not in p.stdout, p.stdout

# (b) record -> replay.  Nothing entered the machine from outside: the
# looped-back frames are a function of its state, so the log is empty.
t = TMP + "/netloop.rwd"
rec = run("record", "--net", "loopback", "-o", t, NETLOOP)
check_loopback_output(rec.stdout)
rep = run("replay", t)
assert b"replay matched" in rep.stderr, rep.stderr
assert rep.stdout == rec.stdout, (rec.stdout, rep.stdout)
assert run("console", t).stdout == rec.stdout
total, kinds = input_counts(t)
assert total == 0 and set(kinds.values()) == {0}, (total, kinds)

# A second recording is the same run, down to the final state hash.
t2 = TMP + "/netloop2.rwd"
rec2 = run("record", "--net", "loopback", "-o", t2, NETLOOP)
assert rec2.stdout == rec.stdout
final = re.compile(rb"final state hash ([0-9a-f]+)")
assert final.search(run("replay", t2).stderr).group(1) == final.search(rep.stderr).group(1)

# Checkpoints every 1000 steps: several fall while the fifth frame waits in
# the device for a receive buffer, and the device state in each must match.
t3 = TMP + "/netloop-dense.rwd"
run("record", "--net", "loopback", "--checkpoint-every", "1000", "-o", t3, NETLOOP)
rep = run("replay", "--quiet", t3)
m = re.search(rb"replay matched: \d+ steps, (\d+) of (\d+) checkpoints checked", rep.stderr)
assert m and m.group(1) == m.group(2) and int(m.group(1)) > 100, rep.stderr

# The failing run replays too, failure code and all.
t4 = TMP + "/netloop-none.rwd"
rec = run("record", "--net", "none", "-o", t4, NETLOOP, expect_rc=FAIL_NO_RX)
rep = run("replay", t4, expect_rc=FAIL_NO_RX)
assert b"replay matched" in rep.stderr and rep.stdout == rec.stdout, rep.stderr
assert NO_FRAMES in rep.stdout
assert input_counts(t4)[0] == 0

shutil.rmtree(TMP)
print("ok")
