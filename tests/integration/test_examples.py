"""The example kernels, as a user would run them."""
from console import Session, build_dir

B = build_dir()
REWIND = B + "/rewind"

s = Session([REWIND, "run", B + "/examples/hello.elf"])
s.expect("What is your name? ")
s.send("Ada\r")
s.expect("Hello, Ada!")
if s.wait() != 0:
    s.fail("hello did not power off cleanly")

s = Session([REWIND, "run", B + "/examples/timer.elf"])
for i in range(1, 11):
    s.expect("tick %d\r\n" % i)
s.expect("done")
if s.wait() != 0:
    s.fail("timer did not power off cleanly")

# --expect/--fail/--timeout-steps give git-bisect exit codes.
s = Session([REWIND, "run", "--expect", "tick 3", B + "/examples/timer.elf"])
if s.wait() != 0:
    s.fail("--expect should exit 0")
s = Session([REWIND, "run", "--fail", "tick 3", B + "/examples/timer.elf"])
if s.wait() != 1:
    s.fail("--fail should exit 1")
s = Session([REWIND, "run", "--timeout-steps", "500", B + "/examples/timer.elf"])
if s.wait() != 125:
    s.fail("--timeout-steps should exit 125")
s = Session([REWIND, "run", "--until-step", "1234", B + "/examples/timer.elf"])
if s.wait() != 0 or b"reached step 1234" not in s.err:
    s.fail("--until-step should stop at exactly 1234")
# membench, make bench's memory-heavy kernel, with one iteration instead of
# the bench's seven (0.1 G steps): S-mode under Sv39, 64 MiB in 4 KiB pages,
# in the 128 MiB of RAM the bench gives it.  The checksum is a native
# build's.
s = Session([REWIND, "run", "-m", "128M", "--bios", "none",
             B + "/examples/membench-short.elf"])
s.expect("checksum 0x7b020849973281a6 ok")
if s.wait() != 0:
    s.fail("membench-short did not power off cleanly")
print("ok")
