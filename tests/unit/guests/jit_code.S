/*
 * The guest of tests/unit/test_jit.c: code that changes under the engine.
 *
 *   - `selfmod` rewrites the instruction right after its own store (same
 *     translated block) on every pass, alternating `addi a2, a2, 1` and
 *     `addi a2, a2, 100`, with no fence.i: rewind runs the new instruction
 *     at once, as the interpreter does;
 *   - `dma_target` is an instruction the test rewrites from outside, as a
 *     device's DMA would (bus_dma_write), between runs;
 *   - a1 counts passes, a0 and a2 add what the changing instructions add,
 *     and every pass stores a summary to `results` (a store into the same
 *     page as code, not into code).
 */
    .option norvc           /* every instruction 4 bytes: the rewrites are words */
    .section .text
    .globl _start
_start:
    li a0, 0
    li a1, 0
    li a2, 0
    la s0, selfmod_target
    la s1, insn_small
    lw s2, 0(s1)            /* addi a2, a2, 1 */
    lw s3, 4(s1)            /* addi a2, a2, 100 */
    la s4, results
loop:
    addi a1, a1, 1
    andi t0, a1, 1
    mv t1, s2
    beqz t0, 1f
    mv t1, s3
1:
selfmod:
    sw t1, 0(s0)            /* rewrite the next instruction */
selfmod_target:
    addi a2, a2, 1
    .globl dma_target
dma_target:
    addi a0, a0, 1
    sd a0, 0(s4)
    sd a1, 8(s4)
    sd a2, 16(s4)
    j loop

    .balign 8
insn_small:
    addi a2, a2, 1
    addi a2, a2, 100
    .balign 8
    .globl results
results:
    .dword 0, 0, 0
