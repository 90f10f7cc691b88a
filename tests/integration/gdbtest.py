"""What the gdb tests share: start rewind with --gdb and read the port from
the gdb-multiarch command it prints, and run gdb-multiarch in batch mode."""
import re
import shutil
import subprocess
import sys
import time


def require_gdb():
    """Skip the test (exit 0 with a SKIP line) without gdb-multiarch."""
    if not shutil.which("gdb-multiarch"):
        print("SKIP: gdb-multiarch not installed")
        sys.exit(0)


def serve(rewind, args, timeout=20, console=False):
    """Start `rewind ARGS` (with --gdb); returns (process, port, the kernel
    path the printed command names).  The guest's console goes nowhere, or
    to a pipe (console=True: read it, with communicate(), or the guest may
    block); stderr is read up to the command line."""
    p = subprocess.Popen([rewind] + args, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE if console else subprocess.DEVNULL, stderr=subprocess.PIPE)
    line = b""
    deadline = time.time() + timeout
    while b"target remote" not in line:
        got = p.stderr.readline()
        if not got or time.time() > deadline:
            p.kill()
            raise SystemExit("FAILED: rewind %s printed no gdb command:\n%s" % (" ".join(args), line.decode()))
        line += got
    m = re.search(rb"target remote :(\d+)' (\S+)", line)
    return p, m.group(1).decode(), m.group(2).decode()


def run_gdb(port, commands, kernel, end="detach", timeout=120, script=None):
    """gdb-multiarch in batch mode: attach, run each command (then the
    command file `script`, if given), then `end`; returns what it printed."""
    args = ["gdb-multiarch", "-batch", "-nx", "-ex", "set confirm off", "-ex", "set pagination off",
            "-ex", "set width 0", "-ex", "target remote :" + port]
    for c in commands:
        args += ["-ex", c]
    if script:
        args += ["-x", script]
    if end:
        args += ["-ex", end]
    try:
        r = subprocess.run(args + [kernel], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise SystemExit("FAILED: gdb did not finish in %d s:\n%s"
                         % (timeout, (e.stdout or b"").decode(errors="replace")[-3000:]))
    return r.stdout.decode(errors="replace")
