/* rewind run --dump-jit: every block the JIT translates, as the guest
 * instructions (from the instruction table) and the host code (capstone),
 * written to stderr as it is made.  --perf-map: a line per block in
 * /tmp/perf-PID.map, so that `perf report` names translated code by the
 * guest pc it came from. */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>

#include "isa/riscv/insn.h"
#include "tools/jit_dump.h"

static void dump_block(void *opaque, const struct jit_block_view *v)
{
    struct jit_dump *d = opaque;
    if (d->perf_map) {
        fprintf(d->perf_map, "%" PRIxPTR " %zx rv:0x%" PRIx64 "\n", (uintptr_t)v->code, v->code_len, v->vpc);
        fflush(d->perf_map);
    }
    FILE *f = d->out;
    if (!f)
        return;
    size_t bytes = 0;
    for (unsigned i = 0; i < v->ninsns; i++)
        bytes += v->insns[i].len;
    fprintf(f, "\njit block %" PRIu64 ": pc 0x%" PRIx64 " (physical 0x%" PRIx64 "), %u instructions, "
               "%zu bytes -> %zu bytes of x86-64 at %p\n",
            ++d->nblocks, v->vpc, v->ppc, v->ninsns, bytes, v->code_len, (const void *)v->code);
    uint64_t pc = v->vpc;
    for (unsigned i = 0; i < v->ninsns; i++) {
        char text[96];
        insn_disasm(&v->insns[i], pc, text, sizeof text);
        fprintf(f, "  0x%08" PRIx64 "  %s\n", pc, text);
        pc += v->insns[i].len;
    }
    cs_insn *insn;
    uint64_t base = (uint64_t)(uintptr_t)v->code; /* jumps out of the block read as addresses */
    size_t n = cs_disasm(d->cs, v->code, v->code_len, base, 0, &insn);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "    +%-5" PRIu64 " %s %s\n", insn[i].address - base, insn[i].mnemonic, insn[i].op_str);
    if (n)
        cs_free(insn, n);
    else
        fprintf(f, "    (capstone could not disassemble the host code)\n");
}

int jit_dump_start(struct jit_dump *d, struct machine *m, FILE *out, FILE *perf_map)
{
    d->out = out;
    d->perf_map = perf_map;
    d->nblocks = 0;
    if (out && cs_open(CS_ARCH_X86, CS_MODE_64, &d->cs) != CS_ERR_OK)
        return -1;
    jit_observe_blocks(m, dump_block, d);
    return 0;
}

void jit_dump_stop(struct jit_dump *d, struct machine *m)
{
    jit_observe_blocks(m, NULL, NULL);
    if (d->out)
        cs_close(&d->cs);
}
