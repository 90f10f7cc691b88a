#!/usr/bin/env python3
"""How long reverse debugging takes deep into a recording.

    usage: gdb_latency.py [--bs N] [--positions P,P,...] [--break SYM,SYM,...]
                          [--snapshot-mem SIZE] REWIND TRACE.rwd KERNEL.elf

Starts `REWIND replay --gdb 0 TRACE`, speaks GDB's remote protocol to it
over TCP (a client of its own: no gdb needed), and at each position P of
10^6, 10^8 and 10^9 steps that the recording reaches, times:

  - goto P        `monitor goto P` from where the previous position left the
                  machine: forward into steps not replayed yet, so replay
                  speed (the snapshots are taken on the way);
  - reverse-stepi `bs` N times from P (median and worst): P is a multiple
                  of the snapshot interval, so the k-th replays a whole
                  interval less k steps, the most a reverse-stepi costs;
  - reverse-continue `bc` from P with one breakpoint (Z0) at each symbol of
                  --break in turn (default: the course kernel's user trap
                  vector, entered by every system call and interrupt from
                  U-mode, then its kernel trap vector, entered by interrupts
                  taken in S-mode: timer ticks and the UART);
  - goto P/2 - 1, goto P - 1: far back and forward again over known
                  history.  Both are one step short of a snapshot (they are
                  taken every 5 M steps, at multiples of it), the farthest
                  a goto ever replays; at P itself a goto only restores;
  - the snapshots kept and their memory (`monitor snapshots`) afterwards.

and checks every answer: after a `bs` the position (`monitor step`) is one
less; after a `bc` the pc is the breakpoint and the position before P, and
when the breakpoint is the trap vector (stvec, or mtvec in M-mode) and the
machine has one hart, one `bs` more backs out of the trap entry to the pc
that the handler's sepc (mepc) names and one `s` enters it again; every
hart's registers at P - 1 are the same each time it is reached.
Prints a table in ms; exit status 1 if a check failed.
"""
import argparse
import os
import re
import select
import socket
import statistics
import subprocess
import sys
import threading
import time

PC = 0x20                 # GDB's RISC-V register numbers (gdbstub/target_xml.c)
CSR = 65                  # CSR n is register 65 + n
PRIV = 4161              # the virtual priv register: 3 is M-mode
TRAP_CSRS = {False: (0x105, 0x141, 0x142), True: (0x305, 0x341, 0x342)}  # [s|m]tvec, epc, cause
INTERRUPTS = {1: "S software", 3: "M software", 5: "S timer", 7: "M timer", 9: "S external",
              11: "M external"}
EXCEPTIONS = {2: "illegal instruction", 3: "breakpoint", 8: "ecall from U", 9: "ecall from S",
              11: "ecall from M",
              12: "instruction page fault", 13: "load page fault", 15: "store page fault"}
POSITIONS = (10**6, 10**8, 10**9)
BREAKPOINTS = "uservec,kernelvec"


class ProtocolError(Exception):
    pass


class Remote:
    """GDB's remote serial protocol, client side: $payload#checksum frames,
    + acks until no-ack mode, O (console output) packets collected."""

    def __init__(self, port, timeout=300):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout = timeout
        self.buf = b""
        self.ack = True
        self.output = ""   # text of the O packets before the last reply

    def _fill(self):
        r, _, _ = select.select([self.sock], [], [], self.timeout)
        if not r:
            raise ProtocolError("no answer within %ds" % self.timeout)
        data = self.sock.recv(65536)
        if not data:
            raise ProtocolError("the stub closed the connection")
        self.buf += data

    def _read_packet(self):
        while True:
            self.buf = self.buf.lstrip(b"+")
            if self.buf.startswith(b"-"):
                raise ProtocolError("the stub asked for a resend")
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start + 1) if start >= 0 else -1
            if start >= 0 and end >= 0 and len(self.buf) >= end + 3:
                raw = self.buf[start + 1:end]
                cs = int(self.buf[end + 1:end + 3], 16)
                self.buf = self.buf[end + 3:]
                if sum(raw) & 0xff != cs:
                    raise ProtocolError("bad checksum on %r" % raw[:40])
                if self.ack:
                    self.sock.sendall(b"+")
                return self._decode(raw)
            self._fill()

    @staticmethod
    def _decode(raw):
        out = bytearray()
        i = 0
        while i < len(raw):
            c = raw[i]
            if c == 0x7d:                       # } escapes the next byte
                out.append(raw[i + 1] ^ 0x20)
                i += 2
            elif c == 0x2a:                     # X*n: n - 29 more copies of X
                out += out[-1:] * (raw[i + 1] - 29)
                i += 2
            else:
                out.append(c)
                i += 1
        return out.decode("latin-1")

    def send(self, payload):
        data = payload.encode("latin-1")
        frame = b"$%s#%02x" % (data, sum(data) & 0xff)
        self.sock.sendall(frame)
        if self.ack:
            while not self.buf.startswith(b"+"):
                if self.buf.startswith(b"-"):
                    raise ProtocolError("the stub refused %r" % payload)
                if self.buf:
                    raise ProtocolError("expected an ack, got %r" % self.buf[:40])
                self._fill()
            self.buf = self.buf[1:]

    def command(self, payload):
        """Send a packet; return its reply, O packets set aside."""
        self.send(payload)
        self.output = ""
        while True:
            reply = self._read_packet()
            if reply.startswith("O") and reply != "OK":
                self.output += bytes.fromhex(reply[1:]).decode("latin-1")
                continue
            return reply

    def timed(self, payload):
        t0 = time.perf_counter()
        reply = self.command(payload)
        return reply, (time.perf_counter() - t0) * 1000.0

    def monitor(self, text):
        reply = self.command("qRcmd," + text.encode().hex())
        if reply != "OK":
            raise ProtocolError("monitor %s: %r" % (text, reply))
        return self.output

    def no_ack(self):
        self.command("qSupported:swbreak+;vContSupported+")
        if self.command("QStartNoAckMode") == "OK":
            self.ack = False

    def reg(self, num):
        reply = self.command("p%x" % num)
        if not re.fullmatch(r"[0-9a-f]+", reply):
            raise ProtocolError("p%x: %r" % (num, reply))
        return int.from_bytes(bytes.fromhex(reply), "little")


def symbols(elf):
    for nm in ("riscv64-unknown-elf-nm", "nm"):
        try:
            out = subprocess.run([nm, elf], capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        syms = {}
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3:
                syms[f[2]] = int(f[0], 16)
        return syms
    sys.exit("gdb_latency: no nm to read the symbols of %s" % elf)


def start_replay(rewind, trace, extra):
    proc = subprocess.Popen([rewind, "replay", "--gdb", "0", *extra, trace],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    err = []
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        err.append(line)
        m = re.search(r"target remote :(\d+)", line)
        if m:
            # Keep draining stderr (notices), for the report on failure.
            threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True).start()
            return proc, int(m.group(1)), err
    proc.kill()
    sys.exit("gdb_latency: rewind printed no 'target remote' line:\n" + "".join(err))


class Bench:
    def __init__(self, r, end, syms, nbs, breaks):
        self.r = r
        self.end = end
        self.syms = syms
        self.nbs = nbs
        self.breaks = breaks
        reply = r.command("qfThreadInfo")
        self.harts = len(reply[1:].split(",")) if reply.startswith("m") else 1
        self.failures = []

    def check(self, ok, what):
        if not ok:
            self.failures.append(what)
            print("gdb_latency: FAILED: " + what, file=sys.stderr)
        return ok

    def registers(self):
        """Every hart's registers (g) as a tuple, the current hart left as it was."""
        cur = self.r.command("qC")
        regs = []
        for t in range(1, self.harts + 1):
            self.r.command("Hg%x" % t)
            regs.append(self.r.command("g"))
        if cur.startswith("QC"):
            self.r.command("Hg" + cur[2:])
        return tuple(regs)

    def position(self):
        m = re.match(r"step (\d+)", self.r.monitor("step"))
        if not m:
            raise ProtocolError("monitor step: %r" % self.r.output)
        return int(m.group(1))

    def goto(self, step):
        t0 = time.perf_counter()
        text = self.r.monitor("goto %d" % step)
        ms = (time.perf_counter() - t0) * 1000.0
        self.check(text.startswith("at step %d" % step), "goto %d: %r" % (step, text.strip()))
        self.check(self.position() == step, "goto %d: monitor step says %d" % (step, self.position()))
        return ms

    def reverse_continue(self, p, name):
        """bc from p to the last hit of a breakpoint at `name`, then back out
        of the trap entry that led there and step into it again."""
        bp = self.syms[name]
        self.check(self.r.command("Z0,%x,2" % bp) == "OK", "Z0 at %s" % name)
        reply, ms = self.r.timed("bc")
        self.check(self.r.command("z0,%x,2" % bp) == "OK", "z0 at %s" % name)
        at = self.position()
        cause = None
        if "replaylog:begin" in reply:
            cause = "none (start)"
        elif self.check(reply.startswith("T05") and "swbreak" in reply,
                        "bc to %s from %d: stop reply %r" % (name, p, reply)):
            pc = self.r.reg(PC)
            self.check(pc == bp, "bc to %s from %d: pc %#x, not %#x" % (name, p, pc, bp))
            self.check(at < p, "bc to %s from %d: landed at %d" % (name, p, at))
            tvec, epc, cause_csr = TRAP_CSRS[self.r.reg(PRIV) == 3]
            sepc, scause = self.r.reg(CSR + epc), self.r.reg(CSR + cause_csr)
            code = scause & ~(1 << 63)
            cause = (INTERRUPTS if scause >> 63 else EXCEPTIONS).get(code, "cause %d" % code)
            cause += " interrupt" if scause >> 63 else ""
            if self.r.reg(CSR + tvec) & ~3 != bp:
                return ms, at, "not a trap vector"
            if self.harts > 1:
                # The step before may be another hart's (the quantum ends).
                return ms, at, cause + ", trap entry not checked: several harts"
            self.r.command("bs")
            said = self.r.output
            self.check(self.position() == at - 1 and self.r.reg(PC) == sepc,
                       "bs out of the trap at %d (%s): at %d, pc %#x, sepc was %#x"
                       % (at, cause, self.position(), self.r.reg(PC), sepc))
            self.check("back out of a trap entry" in said,
                       "bs out of the trap at %d: the stub did not describe the trap" % at)
            self.r.command("vCont;s:1")
            self.check(self.position() == at and self.r.reg(PC) == bp,
                       "s into the trap again at %d: at %d" % (at, self.position()))
        return ms, at, cause

    def at(self, p):
        row = {"p": p, "goto": self.goto(p), "bs": [], "bc": []}
        for k in range(1, self.nbs + 1):
            reply, ms = self.r.timed("bs")
            row["bs"].append(ms)
            self.check(reply.startswith("T05"), "bs %d from %d: %r" % (k, p, reply))
            self.check(self.position() == p - k, "bs %d from %d: at %d" % (k, p, self.position()))
            if k == 1:
                regs = self.registers()
        for name in self.breaks:
            self.goto(p)
            row["bc"].append(self.reverse_continue(p, name))
        row["back"] = self.goto(p // 2 - 1)
        row["fwd"] = self.goto(p - 1)
        self.check(self.registers() == regs, "registers at %d differ after going back and forth" % (p - 1))
        m = re.match(r"snapshots (\d+), ([\d.]+) MiB", self.r.monitor("snapshots"))
        row["snaps"] = (int(m.group(1)), float(m.group(2))) if m else (None, None)
        return row


def power_of_ten(n):
    s = str(n)
    return "10^%d" % (len(s) - 1) if re.fullmatch(r"10+", s) else s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rewind")
    ap.add_argument("trace")
    ap.add_argument("elf")
    ap.add_argument("--bs", type=int, default=5, help="reverse-stepi per position (default 5)")
    ap.add_argument("--positions", default=",".join(map(str, POSITIONS)))
    ap.add_argument("--break", dest="breaks", default=BREAKPOINTS,
                    help="symbols to reverse-continue to, one after the other (default %s)" % BREAKPOINTS)
    ap.add_argument("--snapshot-mem", help="passed to rewind replay")
    a = ap.parse_args()

    syms = symbols(a.elf)
    breaks = a.breaks.split(",")
    missing = [s for s in breaks if s not in syms]
    if missing:
        sys.exit("gdb_latency: %s has no %s" % (a.elf, ", ".join(missing)))
    extra = ["--snapshot-mem", a.snapshot_mem] if a.snapshot_mem else []
    proc, port, err = start_replay(a.rewind, a.trace, extra)
    rows = []
    try:
        r = Remote(port)
        r.no_ack()
        b = Bench(r, 0, syms, a.bs, breaks)
        m = re.match(r"step (\d+) of (\d+)", r.monitor("step"))
        if not m:
            sys.exit("gdb_latency: monitor step: %r" % r.output)
        b.end = int(m.group(2))
        wanted = [int(float(x)) for x in a.positions.split(",")]
        for p in wanted:
            if p <= b.end:
                rows.append(b.at(p))
        r.command("D")
    except (ProtocolError, OSError) as e:
        proc.kill()
        proc.wait()
        sys.exit("gdb_latency: %s\n--- rewind said:\n%s" % (e, "".join(err)))
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()

    cap = a.snapshot_mem or "1G (default)"
    print("reverse debugging latency, ms: %s (%d steps), rewind replay --gdb, a snapshot every"
          " 5 M steps, cap %s" % (os.path.basename(a.trace), b.end, cap))
    heads = [("step", ""), ("goto P", "(first)"), ("rev-stepi", "median/worst")]
    heads += [("rev-cont", name[:12]) for name in breaks]
    heads += [("goto", "P/2-1"), ("goto", "P-1"), ("snapshots", "")]
    for i in range(2):
        print(" ".join("%-6s" % h[i] if k == 0 else "%12s" % h[i] for k, h in enumerate(heads)).rstrip())
    for row in rows:
        n, mib = row["snaps"]
        cells = [power_of_ten(row["p"]), "%.0f" % row["goto"],
                 "%.0f/%.0f" % (statistics.median(row["bs"]), max(row["bs"]))]
        cells += ["%.0f" % ms for ms, _, _ in row["bc"]]
        cells += ["%.0f" % row["back"], "%.0f" % row["fwd"],
                  "%s, %.1f MiB" % (n, mib) if n is not None else "?"]
        print(" ".join("%-6s" % c if k == 0 else "%12s" % c for k, c in enumerate(cells)))
    print("where each reverse-continue landed (steps back from P; the trap that entered the vector):")
    for row in rows:
        print("  from %s: %s" % (power_of_ten(row["p"]), "; ".join(
            "%s %d back (%s)" % (name, row["p"] - at, cause)
            for name, (_, at, cause) in zip(breaks, row["bc"]))))
    skipped = [p for p in wanted if p > b.end]
    if skipped:
        print("  (not reached by this recording: %s)" % ", ".join(map(str, skipped)))
    if b.failures:
        print("checks: %d FAILED (see above)" % len(b.failures))
        return 1
    print("checks: all passed (the position after each reverse-stepi, the pc after each"
          " reverse-continue, out of its trap entry and in again, the registers at P-1 each time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
