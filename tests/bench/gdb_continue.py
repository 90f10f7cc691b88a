#!/usr/bin/env python3
"""How fast a forward continue replays, with and without a breakpoint set.

    usage: gdb_continue.py [--break SYM] [--runs N] REWIND TRACE.rwd KERNEL.elf

Starts `REWIND replay --gdb 0 TRACE` (speaking GDB's remote protocol, like
gdb_latency.py) and times `c` from step 0 to the end of the recording: once
with no breakpoint, once with one (Z0) at SYM, which must never be reached
(default: panic), so both runs replay the same steps.  Each run is its own
replay process, and the fastest of --runs is kept.  Prints both times and
speeds in M steps per second; exit status 1 if the breakpoint was hit.
"""
import argparse
import re
import subprocess
import sys
import time

from gdb_latency import ProtocolError, Remote, start_replay, symbols


def one_run(rewind, trace, bp):
    proc, port, err = start_replay(rewind, trace, [])
    try:
        r = Remote(port, timeout=600)
        r.no_ack()
        m = re.match(r"step (\d+) of (\d+)", r.monitor("step"))
        if not m:
            raise ProtocolError("monitor step: %r" % r.output)
        end = int(m.group(2))
        if bp is not None and r.command("Z0,%x,2" % bp) != "OK":
            raise ProtocolError("Z0 refused")
        t0 = time.perf_counter()
        reply = r.command("c")
        secs = time.perf_counter() - t0
        if "replaylog:end" not in reply:
            raise ProtocolError("c stopped before the end: %r" % reply)
        r.command("D")
    except (ProtocolError, OSError) as e:
        proc.kill()
        proc.wait()
        sys.exit("gdb_continue: %s\n--- rewind said:\n%s" % (e, "".join(err)))
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    return end, secs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rewind")
    ap.add_argument("trace")
    ap.add_argument("elf")
    ap.add_argument("--break", dest="brk", default="panic",
                    help="a symbol the recording never executes (default panic)")
    ap.add_argument("--runs", type=int, default=1, help="keep the fastest of N runs (default 1)")
    a = ap.parse_args()
    syms = symbols(a.elf)
    if a.brk not in syms:
        sys.exit("gdb_continue: %s has no %s" % (a.elf, a.brk))
    print("forward continue over %s, rewind replay --gdb (fastest of %d)" % (a.trace, a.runs))
    for label, bp in (("no breakpoint", None), ("break %s" % a.brk, syms[a.brk])):
        best = None
        for _ in range(a.runs):
            end, secs = one_run(a.rewind, a.trace, bp)
            best = secs if best is None else min(best, secs)
        print("  %-20s %12d steps %8.2f s %8.1f M steps/s" % (label, end, best, end / best / 1e6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
