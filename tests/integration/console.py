"""Drive a guest console like a person at a terminal: wait for text, type.

Used by the integration tests: real firmware resets its UART FIFO while it
initialises, so input has to be typed after the prompt appears, not piped
in up front."""
import os
import select
import subprocess
import sys
import time


class Session:
    def __init__(self, argv, timeout=60):
        self.argv = argv
        self.timeout = timeout
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.out = b""
        self.err = b""
        self.pos = 0  # expect() searches from here

    def _read(self, deadline):
        fds = [f for f in (self.proc.stdout, self.proc.stderr) if f and not f.closed]
        if not fds:
            return False
        r, _, _ = select.select(fds, [], [], max(0.0, min(0.5, deadline - time.time())))
        got = False
        for f in r:
            chunk = os.read(f.fileno(), 65536)
            if not chunk:
                f.close()
                continue
            got = True
            if f is self.proc.stdout:
                self.out += chunk
            else:
                self.err += chunk
        return got or bool(r)

    def expect(self, text, timeout=None):
        want = text.encode() if isinstance(text, str) else text
        deadline = time.time() + (timeout or self.timeout)
        while True:
            i = self.out.find(want, self.pos)
            if i >= 0:
                self.pos = i + len(want)
                return
            if time.time() > deadline:
                self.fail("timed out waiting for %r" % text)
            if not self._read(deadline) and self.proc.poll() is not None:
                while self._read(time.time()):
                    pass
                if self.out.find(want, self.pos) >= 0:
                    continue
                self.fail("exited (status %s) before printing %r" % (self.proc.returncode, text))

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def close_input(self):
        self.proc.stdin.close()

    def wait(self, timeout=None):
        deadline = time.time() + (timeout or self.timeout)
        while self.proc.poll() is None:
            if time.time() > deadline:
                self.proc.kill()
                self.fail("did not exit in time")
            self._read(deadline)
        while self._read(time.time()):
            pass
        return self.proc.returncode

    def fail(self, why):
        if self.proc.poll() is None:
            self.proc.kill()
        sys.stderr.write("FAILED: %s\ncommand: %s\n--- console (last 3000 bytes)\n%s\n--- stderr\n%s\n" % (
            why, " ".join(self.argv), self.out[-3000:].decode(errors="replace"),
            self.err[-2000:].decode(errors="replace")))
        sys.exit(1)


def build_dir():
    return sys.argv[1] if len(sys.argv) > 1 else "build"
