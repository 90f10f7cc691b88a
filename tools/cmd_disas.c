/* rewind disas: disassemble the executable sections of an ELF file with
 * the instruction table. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/loader.h"
#include "isa/riscv/insn.h"
#include "tools/commands.h"

struct sym { uint64_t addr; const char *name; };

static int sym_cmp(const void *a, const void *b)
{
    const struct sym *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}


struct sym_list {
    struct sym *v;
    size_t n, cap;
};

/* Keep function and label symbols (not the assembler's local ones). */
static int keep_symbol(void *opaque, const Elf64_Sym *s, const char *name)
{
    struct sym_list *l = opaque;
    unsigned type = ELF64_ST_TYPE(s->st_info);
    if ((type != STT_FUNC && type != STT_NOTYPE) || s->st_shndx == SHN_UNDEF || s->st_name == 0 ||
        name[0] == '$' || !strncmp(name, ".L", 2))
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct sym *t = realloc(l->v, cap * sizeof *t);
        if (!t)
            return 1; /* out of memory: label what we have */
        l->v = t;
        l->cap = cap;
    }
    l->v[l->n++] = (struct sym){s->st_value, name};
    return 0;
}

/* Function and label symbols, sorted by address. */
static struct sym *collect_symbols(const uint8_t *d, size_t size, size_t *n)
{
    struct sym_list l = {NULL, 0, 0};
    loader_elf_symbols(d, size, keep_symbol, &l);
    if (l.n)
        qsort(l.v, l.n, sizeof *l.v, sym_cmp);
    *n = l.n;
    return l.v;
}

int cmd_disas(int argc, char **argv)
{
    if (argc != 1 || argv[0][0] == '-') {
        if (argc == 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
            printf("usage: rewind disas FILE.elf\n\nDisassemble the executable sections of a RISC-V ELF file.\n");
            return 0;
        }
        fprintf(stderr, "usage: rewind disas FILE.elf\n");
        return 2;
    }
    const char *path = argv[0];
    uint8_t *d;
    size_t size;
    char err[512];
    if (loader_read_file(path, 1ull << 30, &d, &size, err, sizeof err)) {
        fprintf(stderr, "rewind disas: %s\n", err);
        return 2;
    }
    Elf64_Ehdr eh;
    if (!loader_is_elf(d, size) || size < sizeof eh) {
        fprintf(stderr, "rewind disas: %s: not an ELF file\n", path);
        free(d);
        return 2;
    }
    memcpy(&eh, d, sizeof eh);
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_RISCV) {
        fprintf(stderr, "rewind disas: %s: not a 64-bit RISC-V ELF file\n", path);
        free(d);
        return 2;
    }
    if (eh.e_shentsize != sizeof(Elf64_Shdr) || !loader_in_file(eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr), size) ||
        eh.e_shstrndx >= eh.e_shnum) {
        fprintf(stderr, "rewind disas: %s: section headers lie outside the file\n", path);
        free(d);
        return 2;
    }
    size_t nsyms;
    struct sym *syms = collect_symbols(d, size, &nsyms);
    Elf64_Shdr shstr;
    memcpy(&shstr, d + eh.e_shoff + eh.e_shstrndx * sizeof shstr, sizeof shstr);
    int shown = 0;
    for (unsigned i = 0; i < eh.e_shnum; i++) {
        Elf64_Shdr sh;
        memcpy(&sh, d + eh.e_shoff + i * sizeof sh, sizeof sh);
        if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR) || !loader_in_file(sh.sh_offset, sh.sh_size, size))
            continue;
        const char *secname = "?";
        if (loader_in_file(shstr.sh_offset, shstr.sh_size, size) && sh.sh_name < shstr.sh_size &&
            strnlen((const char *)d + shstr.sh_offset + sh.sh_name, shstr.sh_size - sh.sh_name) <
                shstr.sh_size - sh.sh_name)
            secname = (const char *)d + shstr.sh_offset + sh.sh_name;
        printf("\nDisassembly of section %s:\n", secname);
        shown++;
        size_t si = 0;
        for (uint64_t off = 0; off + 2 <= sh.sh_size;) {
            uint64_t pc = sh.sh_addr + off;
            while (si < nsyms && syms[si].addr < pc)
                si++;
            for (size_t k = si; k < nsyms && syms[k].addr == pc; k++)
                printf("\n%016llx <%s>:\n", (unsigned long long)pc, syms[k].name);
            const uint8_t *p = d + sh.sh_offset + off;
            uint16_t lo = (uint16_t)(p[0] | p[1] << 8);
            struct dinsn di;
            char text[96];
            if (insn_length(lo) == 4 && off + 4 <= sh.sh_size) {
                uint32_t w = (uint32_t)lo | (uint32_t)(p[2] | p[3] << 8) << 16;
                insn_decode32(w, &di);
                insn_disasm(&di, pc, text, sizeof text);
                printf("%8llx:\t%08x          \t%s\n", (unsigned long long)pc, w, text);
                off += 4;
            } else {
                insn_decode16(lo, &di);
                insn_disasm(&di, pc, text, sizeof text);
                printf("%8llx:\t%04x              \t%s\n", (unsigned long long)pc, lo, text);
                off += 2;
            }
        }
    }
    free(syms);
    free(d);
    if (!shown) {
        fprintf(stderr, "rewind disas: %s: no executable sections\n", path);
        return 1;
    }
    return 0;
}
