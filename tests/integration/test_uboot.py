"""Debian's OpenSBI + U-Boot boot to the prompt under `rewind run` and
answer commands: S-mode U-Boot with fw_jump, the same with the automatic
firmware choice (fw_dynamic), and M-mode U-Boot as the only firmware."""
import sys
from console import Session, build_dir

B = build_dir()
REWIND = B + "/rewind"
OPENSBI_JUMP = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf"
UBOOT_S = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf"
UBOOT_M = "/usr/lib/u-boot/qemu-riscv64/u-boot.bin"


def session(argv, opensbi):
    s = Session(argv)
    if opensbi:
        s.expect("OpenSBI v")
        s.expect("Boot HART ISA Extensions")
    s.expect("Model: riscv-virtio,qemu")
    s.expect("DRAM:  256 MiB")
    s.expect("Hit any key to stop autoboot")
    s.send("\r")
    s.expect("=> ")
    s.send("version\r")
    s.expect("U-Boot 2023")
    s.expect("=> ")
    s.send("fdt addr $fdtcontroladdr\r")
    s.expect("=> ")
    s.send("fdt print /cpus/cpu@0\r")
    s.expect('mmu-type = "riscv,sv48"')
    s.expect('riscv,isa = "rv64imafdc')
    s.expect("=> ")
    s.send("fdt print /soc/serial@10000000\r")
    s.expect('compatible = "ns16550a"')
    s.expect("=> ")
    s.send("poweroff\r")
    rc = s.wait()
    if rc != 0:
        s.fail("exit status %d after poweroff" % rc)


session([REWIND, "run", "--bios", OPENSBI_JUMP, UBOOT_S], True)
session([REWIND, "run", UBOOT_S], True)
session([REWIND, "run", "--smp", "2", UBOOT_S], True)
session([REWIND, "run", "--bios", UBOOT_M], False)
print("ok")
