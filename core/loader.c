/* Image loading.  The ELF parser trusts nothing in the file: it is also a
 * fuzz target (tests/fuzz/fuzz_elf.c). */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/loader.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

int loader_read_file(const char *path, size_t max, uint8_t **data, size_t *size,
                     char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return fail(err, errlen, "%s: not a regular file", path);
    }
    if (st.st_size == 0) {
        fclose(f);
        return fail(err, errlen, "%s: file is empty", path);
    }
    if ((uint64_t)st.st_size > max) {
        fclose(f);
        return fail(err, errlen, "%s: file is %lld bytes, larger than guest RAM (%zu bytes)",
                    path, (long long)st.st_size, max);
    }
    uint8_t *buf = malloc((size_t)st.st_size);
    if (!buf) {
        fclose(f);
        return fail(err, errlen, "%s: out of memory", path);
    }
    size_t n = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    if (n != (size_t)st.st_size) {
        free(buf);
        return fail(err, errlen, "%s: read error", path);
    }
    *data = buf;
    *size = n;
    return 0;
}

bool loader_is_elf(const uint8_t *data, size_t size)
{
    return size >= 4 && memcmp(data, ELFMAG, SELFMAG) == 0;
}


void loader_elf_symbols(const uint8_t *data, size_t size,
                        int (*fn)(void *opaque, const Elf64_Sym *sym, const char *name), void *opaque)
{
    Elf64_Ehdr eh;
    if (size < sizeof eh)
        return;
    memcpy(&eh, data, sizeof eh);
    if (eh.e_shoff == 0 || eh.e_shentsize != sizeof(Elf64_Shdr) ||
        !loader_in_file(eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr), size))
        return;
    for (unsigned i = 0; i < eh.e_shnum; i++) {
        Elf64_Shdr sh;
        memcpy(&sh, data + eh.e_shoff + i * sizeof sh, sizeof sh);
        if (sh.sh_type != SHT_SYMTAB || sh.sh_entsize != sizeof(Elf64_Sym) ||
            sh.sh_link >= eh.e_shnum || !loader_in_file(sh.sh_offset, sh.sh_size, size))
            continue;
        Elf64_Shdr str;
        memcpy(&str, data + eh.e_shoff + sh.sh_link * sizeof str, sizeof str);
        if (!loader_in_file(str.sh_offset, str.sh_size, size))
            continue;
        for (uint64_t s = 0; s < sh.sh_size / sizeof(Elf64_Sym); s++) {
            Elf64_Sym sym;
            memcpy(&sym, data + sh.sh_offset + s * sizeof sym, sizeof sym);
            if (sym.st_name >= str.sh_size)
                continue;
            const char *name = (const char *)data + str.sh_offset + sym.st_name;
            size_t maxlen = str.sh_size - sym.st_name;
            if (strnlen(name, maxlen) == maxlen)
                continue; /* not terminated inside the table */
            if (fn(opaque, &sym, name))
                return;
        }
    }
}

static int note_htif_symbol(void *opaque, const Elf64_Sym *sym, const char *name)
{
    struct image_info *info = opaque;
    if (strcmp(name, "tohost") == 0)
        info->tohost = sym->st_value;
    else if (strcmp(name, "fromhost") == 0)
        info->fromhost = sym->st_value;
    return 0;
}

/* The header checks every reader of a guest ELF needs: a 64-bit
 * little-endian RISC-V executable whose program headers lie in the file. */
static int elf_header(const uint8_t *data, size_t size, Elf64_Ehdr *out, char *err, size_t errlen)
{
    if (size < sizeof(Elf64_Ehdr))
        return fail(err, errlen, "truncated ELF header (%zu bytes)", size);
    Elf64_Ehdr eh;
    memcpy(&eh, data, sizeof eh);
    if (eh.e_ident[EI_CLASS] != ELFCLASS64)
        return fail(err, errlen, "not a 64-bit ELF file (class %u); rewind runs RV64 guests",
                    eh.e_ident[EI_CLASS]);
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(err, errlen, "not a little-endian ELF file");
    if (eh.e_machine != EM_RISCV)
        return fail(err, errlen, "ELF machine is %u, not RISC-V (%u)", eh.e_machine, EM_RISCV);
    if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
        return fail(err, errlen, "ELF type %u is not an executable", eh.e_type);
    if (eh.e_phentsize != sizeof(Elf64_Phdr) ||
        !loader_in_file(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr), size))
        return fail(err, errlen, "program headers lie outside the file");
    *out = eh;
    return 0;
}

int loader_load_elf(struct bus *b, const uint8_t *data, size_t size,
                    struct image_info *info, char *err, size_t errlen)
{
    memset(info, 0, sizeof *info);
    info->is_elf = true;
    Elf64_Ehdr eh;
    if (elf_header(data, size, &eh, err, errlen))
        return -1;
    uint64_t lo = ~0ull, hi = 0;
    unsigned loaded = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < eh.e_phnum; i++) {
            Elf64_Phdr ph;
            memcpy(&ph, data + eh.e_phoff + i * sizeof ph, sizeof ph);
            if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
                continue;
            if (ph.p_filesz > ph.p_memsz)
                return fail(err, errlen, "segment %u: file size 0x%llx exceeds memory size 0x%llx",
                            i, (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_memsz);
            if (!loader_in_file(ph.p_offset, ph.p_filesz, size))
                return fail(err, errlen, "segment %u: data at offset 0x%llx+0x%llx lies outside the file (%zu bytes)",
                            i, (unsigned long long)ph.p_offset, (unsigned long long)ph.p_filesz, size);
            if (!bus_is_ram(b, ph.p_paddr, ph.p_memsz))
                return fail(err, errlen,
                            "segment %u: 0x%llx-0x%llx is outside RAM (0x%llx-0x%llx); try a larger -m",
                            i, (unsigned long long)ph.p_paddr,
                            (unsigned long long)(ph.p_paddr + ph.p_memsz),
                            (unsigned long long)b->ram_base,
                            (unsigned long long)(b->ram_base + b->ram_size));
            if (pass == 1) {
                uint8_t *dst = b->ram + (ph.p_paddr - b->ram_base);
                memcpy(dst, data + ph.p_offset, ph.p_filesz);
                memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
                bus_mark_dirty_range(b, ph.p_paddr, ph.p_memsz);
                if (ph.p_paddr < lo) lo = ph.p_paddr;
                if (ph.p_paddr + ph.p_memsz > hi) hi = ph.p_paddr + ph.p_memsz;
                loaded++;
            }
        }
    }
    if (!loaded)
        return fail(err, errlen, "no loadable segments");
    info->lo = lo;
    info->hi = hi;
    info->entry = eh.e_entry;
    loader_elf_symbols(data, size, note_htif_symbol, info);
    return 0;
}

int loader_elf_lowest(const uint8_t *data, size_t size, uint64_t *lo, char *err, size_t errlen)
{
    Elf64_Ehdr eh;
    if (elf_header(data, size, &eh, err, errlen))
        return -1;
    uint64_t low = ~0ull;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, data + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_LOAD && ph.p_memsz && ph.p_paddr < low)
            low = ph.p_paddr;
    }
    if (low == ~0ull)
        return fail(err, errlen, "no loadable segments");
    *lo = low;
    return 0;
}

int loader_load_raw(struct bus *b, const uint8_t *data, size_t size, uint64_t base,
                    struct image_info *info, char *err, size_t errlen)
{
    memset(info, 0, sizeof *info);
    if (!bus_is_ram(b, base, size))
        return fail(err, errlen, "raw image of %zu bytes at 0x%llx does not fit in RAM (0x%llx-0x%llx)",
                    size, (unsigned long long)base, (unsigned long long)b->ram_base,
                    (unsigned long long)(b->ram_base + b->ram_size));
    memcpy(b->ram + (base - b->ram_base), data, size);
    bus_mark_dirty_range(b, base, size);
    info->lo = base;
    info->hi = base + size;
    info->entry = base;
    return 0;
}

int loader_load_file(struct bus *b, const char *path, uint64_t raw_base,
                     struct image_info *info, char *err, size_t errlen)
{
    uint8_t *data;
    size_t size;
    if (loader_read_file(path, b->ram_size, &data, &size, err, errlen))
        return -1;
    char msg[384];
    int r = loader_is_elf(data, size)
                ? loader_load_elf(b, data, size, info, msg, sizeof msg)
                : loader_load_raw(b, data, size, raw_base, info, msg, sizeof msg);
    free(data);
    if (r)
        return fail(err, errlen, "%s: %s", path, msg);
    return 0;
}
