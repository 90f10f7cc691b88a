"""The GDB stub's command layer against malformed and hostile packets: a
seeded stream of valid-looking packets with wrong, missing, oversized or
out-of-range arguments (registers past the last, memory past RAM, lengths
of 0 and 2^64-1, broken hex, thread ids that do not exist, monitor
commands with nonsense arguments, G/P/M/X in a replay) must each get an
answer, and the replay must still be exactly where it was and answer
sensibly afterwards.  Speaks the protocol itself (no gdb needed), on a
replay of the timer kernel and a live run of it."""
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from console import build_dir
import gdbtest

B = os.path.abspath(build_dir())
REWIND = B + "/rewind"
KERNEL = B + "/examples/timer.elf"
TMP = tempfile.mkdtemp(prefix="rewind-gdb-garbage-")
TRACE = TMP + "/t.rwd"
subprocess.run([REWIND, "record", "-o", TRACE, KERNEL], stdin=subprocess.DEVNULL, capture_output=True,
               check=True, timeout=60)


def fail(why):
    print("FAILED: " + why)
    sys.exit(1)


class Client:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", int(port)), timeout=30)
        self.buf = b""
        self.ack = True

    def send(self, payload):
        data = payload.encode("latin-1") if isinstance(payload, str) else payload
        self.s.sendall(b"$" + data + b"#%02x" % (sum(data) & 0xff))

    def reply(self):
        """The next packet that is not console output (O...)."""
        while True:
            m = re.search(rb"\$([^#]*)#[0-9a-fA-F]{2}", self.buf)
            if m:
                self.buf = self.buf[m.end():]
                if self.ack:
                    self.s.sendall(b"+")
                body = m.group(1)
                if body.startswith(b"O") and body != b"OK":
                    continue
                return body
            got = self.s.recv(65536)
            if not got:
                raise EOFError("the stub closed the connection")
            self.buf += got

    def ask(self, payload):
        self.send(payload)
        return self.reply()


def hexs(t):
    return t.encode().hex()


def garbage(rng, live):
    """A malformed or out-of-range packet.  In a live run no continue (the
    guest would run to its end) and in neither a truncate (a forked or
    truncated run may wait for input forever, as a real machine would)."""
    n = lambda: rng.choice(["0", "1", "20", "41", "1000", "ffffffff", "ffffffffffffffff", "10000000000000000",
                            "80000000", "7fffffffffffffff", "", "zz", "-1", "1" * 40])
    choices = [
        lambda: "p" + n(), lambda: "P" + n() + "=" + n(), lambda: "P" + n(),
        lambda: "g" + n(), lambda: "G" + "0" * rng.randrange(0, 600), lambda: "G" + "x" * rng.randrange(1, 50),
        lambda: "m" + n() + "," + n(), lambda: "m" + n(), lambda: "M" + n() + "," + n() + ":" + "00" * rng.randrange(0, 40),
        lambda: "M" + n() + "," + n(), lambda: "X" + n() + "," + n() + ":" + "a" * rng.randrange(0, 40),
        lambda: "Z" + str(rng.randrange(0, 6)) + "," + n() + "," + n(),
        lambda: "z" + str(rng.randrange(0, 6)) + "," + n() + "," + n(), lambda: "Z" + n(),
        lambda: "H" + rng.choice("gcx") + n(), lambda: "T" + n(),
        lambda: "vCont;" + rng.choice(["s", "S05", "x", "s:" + n(), "r0,1", "s:zz"] +
                                      ([] if live else ["c", "C05", "c:" + n()])),
        lambda: "vCont", lambda: "vCont?",
        lambda: "qRcmd," + hexs(rng.choice(["goto " + n(), "goto", "traps " + n() + " " + n(), "traps x",
                                           "inputs " + n(), "console " + n(), "pagetable " + n(),
                                           "when-written " + n() + " " + n(), "when-written",
                                           "help", "step", "snapshots", "x" * 200, ""])),
        lambda: "qRcmd," + rng.choice(["zz", "1", "", "4"]),
        lambda: "qXfer:features:read:" + rng.choice(["target.xml", "nope.xml", ""]) + ":" + n() + "," + n(),
        lambda: "qSupported:" + "x" * rng.randrange(0, 300), lambda: rng.choice(["?", "qC", "qAttached",
                                                                              "qfThreadInfo", "qsThreadInfo"]),
        lambda: "".join(chr(rng.randrange(32, 127)) for _ in range(rng.randrange(0, 80))).replace("$", "").replace(
            "#", "").replace("}", "").replace("*", ""),
    ]
    pkt = rng.choice(choices)()
    # not the packets that end the session on purpose (kill, detach)
    return "x" + pkt if pkt.startswith(("k", "D", "vKill")) else pkt


def hammer(port, seed, count, live):
    c = Client(port)
    if c.ask("QStartNoAckMode") != b"OK":
        fail("QStartNoAckMode")
    c.ack = False
    first = c.ask("?")
    where = c.ask("qRcmd," + hexs("step"))
    rng = random.Random(seed)
    for i in range(count):
        pkt = garbage(rng, live)
        try:
            c.ask(pkt)
        except (EOFError, socket.timeout, ConnectionError) as e:
            fail("packet %d %r (seed %d): %s" % (i, pkt[:80], seed, e))
    return c, first, where


# A replay: nothing may change it; afterwards it answers as before.
p, port, _ = gdbtest.serve(REWIND, ["replay", "--gdb", "0", TRACE])
c, first, _ = hammer(port, 1, 1500, False)
if c.ask("qRcmd," + hexs("goto 100")) != b"OK" or not re.match(rb"T05", c.ask("?")):
    fail("the replay does not answer after the garbage")
regs = c.ask("g")
if len(regs) != 33 * 16:
    fail("g after the garbage: %r" % regs[:80])
c.send("k")
p.wait(timeout=30)
if p.returncode is None or p.returncode < 0:
    fail("the replay died: %s\n%s" % (p.returncode, p.stderr.read().decode(errors="replace")[-3000:]))

# A live run, where changes are allowed at the newest position.
p, port, _ = gdbtest.serve(REWIND, ["run", "--gdb", "0", "--gdb-wait", KERNEL])
c, _, _ = hammer(port, 2, 1500, True)
if not re.match(rb"T05", c.ask("?")):
    fail("the run does not answer after the garbage")
c.send("k")
p.wait(timeout=30)
if p.returncode is None or p.returncode < 0:
    fail("the run died: %s\n%s" % (p.returncode, p.stderr.read().decode(errors="replace")[-3000:]))
print("ok (2 x 1500 malformed packets)")
