/* The RV64 target description: the register table (numbers GDB's RISC-V
 * target uses), the XML generated from it, qXfer chunking at any offset and
 * length, and -- when gdb-multiarch is installed -- that GDB itself loads
 * the XML and numbers every register as the table does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include <unistd.h>

#include "gdbstub/target_xml.h"
#include "isa/riscv/csr.h"

static const struct { const char *name; unsigned num; } csr_list[] = {
#define C(name, num) { #name, num },
    CSR_LIST(C)
#undef C
};
#define NCSR (sizeof csr_list / sizeof csr_list[0])

static void test_register_numbers(void **state)
{
    (void)state;
    const struct gdb_reg *r = gdb_riscv_reg(0);
    assert_string_equal(r->name, "zero");
    assert_int_equal(r->cls, GDB_REG_GPR);
    assert_string_equal(gdb_riscv_reg(2)->name, "sp");
    assert_string_equal(gdb_riscv_reg(8)->name, "fp");
    assert_string_equal(gdb_riscv_reg(10)->name, "a0");
    assert_string_equal(gdb_riscv_reg(31)->name, "t6");
    assert_int_equal(gdb_riscv_reg(31)->index, 31);
    r = gdb_riscv_reg(32);
    assert_string_equal(r->name, "pc");
    assert_int_equal(r->cls, GDB_REG_PC);
    r = gdb_riscv_reg(33);
    assert_string_equal(r->name, "ft0");
    assert_int_equal(r->cls, GDB_REG_FPR);
    assert_int_equal(r->index, 0);
    assert_int_equal(r->size, 8);
    assert_string_equal(gdb_riscv_reg(43)->name, "fa0");
    assert_string_equal(gdb_riscv_reg(64)->name, "ft11");
    assert_null(gdb_riscv_reg(65));             /* CSR 0 is not implemented */
    r = gdb_riscv_reg(66);
    assert_string_equal(r->name, "fflags");
    assert_int_equal(r->size, 4);
    assert_string_equal(r->feature, "org.gnu.gdb.riscv.fpu");
    assert_string_equal(gdb_riscv_reg(68)->name, "fcsr");
    r = gdb_riscv_reg(65 + 0x300);
    assert_string_equal(r->name, "mstatus");
    assert_int_equal(r->cls, GDB_REG_CSR);
    assert_int_equal(r->index, 0x300);
    assert_int_equal(r->size, 8);
    assert_string_equal(r->feature, "org.gnu.gdb.riscv.csr");
    r = gdb_riscv_reg(4161);
    assert_string_equal(r->name, "priv");
    assert_int_equal(r->cls, GDB_REG_PRIV);
    assert_int_equal(r->size, 1);
    assert_null(gdb_riscv_reg(69));
    assert_null(gdb_riscv_reg(4160));
    assert_null(gdb_riscv_reg(4162));
    assert_null(gdb_riscv_reg(~0u));
}

static void test_every_csr_and_order(void **state)
{
    (void)state;
    for (size_t i = 0; i < NCSR; i++) {
        const struct gdb_reg *r = gdb_riscv_reg(65 + csr_list[i].num);
        assert_non_null(r);
        assert_string_equal(r->name, csr_list[i].name);
        assert_int_equal(r->index, csr_list[i].num);
    }
    size_t n = 0;
    int prev = -1;
    for (const struct gdb_reg *r = gdb_riscv_reg_after(-1); r; r = gdb_riscv_reg_after((int)r->regnum)) {
        assert_true((int)r->regnum > prev);
        assert_ptr_equal(gdb_riscv_reg(r->regnum), r);
        prev = (int)r->regnum;
        n++;
    }
    assert_int_equal(n, gdb_riscv_reg_count());
    assert_int_equal(n, 33 + 32 + NCSR + 1);
    assert_int_equal(prev, 4161);
}

/* Every <reg .../> line of the XML, in order, must be the table's. */
static void test_xml_matches_table(void **state)
{
    (void)state;
    size_t len = 0;
    char *xml = gdb_riscv_target_xml(&len);
    assert_non_null(xml);
    assert_int_equal(strlen(xml), len);
    assert_memory_equal(xml, "<?xml version=\"1.0\"?>", 21);
    assert_non_null(strstr(xml, "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"));
    assert_non_null(strstr(xml, "<architecture>riscv:rv64</architecture>"));
    assert_int_equal(strncmp(xml + len - 10, "</target>\n", 10), 0);
    /* the XML special characters never appear inside values */
    const char *features[] = { "org.gnu.gdb.riscv.cpu", "org.gnu.gdb.riscv.fpu",
                               "org.gnu.gdb.riscv.csr", "org.gnu.gdb.riscv.virtual" };
    const char *cur = NULL;
    size_t nregs = 0, nfeat = 0, nclose = 0;
    char *save = NULL;
    for (char *line = strtok_r(xml, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[64], feat[64];
        unsigned bits, regnum;
        if (sscanf(line, " <feature name=\"%63[^\"]\">", feat) == 1) {
            assert_null(cur);
            assert_true(nfeat < 4);
            assert_string_equal(feat, features[nfeat]);
            cur = features[nfeat++];
        } else if (strstr(line, "</feature>")) {
            assert_non_null(cur);
            cur = NULL;
            nclose++;
        } else if (sscanf(line, " <reg name=\"%63[^\"]\" bitsize=\"%u\" regnum=\"%u\"", name, &bits, &regnum) == 3) {
            assert_non_null(cur);
            assert_non_null(strstr(line, "/>"));
            const struct gdb_reg *r = gdb_riscv_reg(regnum);
            if (!r)
                fail_msg("XML register %s has regnum %u, unknown to the table", name, regnum);
            assert_string_equal(r->name, name);
            assert_int_equal(r->size * 8, bits);
            assert_string_equal(r->feature, cur);
            nregs++;
        } else if (strstr(line, "<reg")) {
            fail_msg("unparsed register line: %s", line);
        }
    }
    assert_int_equal(nfeat, 4);
    assert_int_equal(nclose, 4);
    assert_int_equal(nregs, gdb_riscv_reg_count());
    free(xml);
}

/* Read the whole document through qXfer with every chunk size and check
 * it comes back identical, with 'l' exactly on the last piece. */
static void test_qxfer_reassembly(void **state)
{
    (void)state;
    size_t len;
    char *xml = gdb_riscv_target_xml(&len);
    assert_non_null(xml);
    char *copy = malloc(len + 1);
    char *out = malloc(len + 2);
    const size_t sizes[] = { 1, 2, 3, 17, 255, 1000, 4095, 4096, 100000 };
    const size_t maxes[] = { 1, 5, 1024, 1u << 20 };
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        for (size_t mi = 0; mi < sizeof maxes / sizeof maxes[0]; mi++) {
            size_t off = 0, rounds = 0;
            for (;;) {
                char pkt[128];
                int pl = snprintf(pkt, sizeof pkt, "qXfer:features:read:target.xml:%zx,%zx", off, sizes[si]);
                size_t olen = 0;
                assert_int_equal(gdb_tdesc_qxfer(xml, len, pkt, (size_t)pl, maxes[mi], out, len + 2, &olen), 0);
                assert_true(olen >= 1);
                size_t got = olen - 1;
                size_t lim = sizes[si] < maxes[mi] ? sizes[si] : maxes[mi];
                assert_true(got <= lim);
                memcpy(copy + off, out + 1, got);
                off += got;
                assert_true(++rounds <= len + 1);
                if (out[0] == 'l')
                    break;
                assert_int_equal(out[0], 'm');
                assert_int_equal(got, lim);   /* m always carries a full chunk */
            }
            assert_int_equal(off, len);
            assert_memory_equal(copy, xml, len);
        }
    }
    free(copy);
    free(out);
    free(xml);
}

static void test_qxfer_edges(void **state)
{
    (void)state;
    const char doc[] = "0123456789";
    char out[64];
    size_t n = 0;
#define CHUNK(args, max, cap) gdb_qxfer_chunk(doc, 10, args, strlen(args), max, out, cap, &n)
    assert_int_equal(CHUNK("0,4", 100, sizeof out), 0);
    assert_int_equal(n, 5);
    assert_memory_equal(out, "m0123", 5);
    assert_int_equal(CHUNK("6,4", 100, sizeof out), 0);
    assert_memory_equal(out, "l6789", 5);
    assert_int_equal(CHUNK("6,ffffffffffffffff", 100, sizeof out), 0);
    assert_memory_equal(out, "l6789", 5);
    assert_int_equal(CHUNK("a,1", 100, sizeof out), 0);  /* at the end: empty l */
    assert_int_equal(n, 1);
    assert_int_equal(out[0], 'l');
    assert_int_equal(CHUNK("b,1", 100, sizeof out), -ERANGE);
    assert_int_equal(CHUNK("ffffffffffffffff,1", 100, sizeof out), -ERANGE);
    assert_int_equal(CHUNK("0,0", 100, sizeof out), -EINVAL);
    assert_int_equal(CHUNK("0,4", 0, sizeof out), -EINVAL);
    assert_int_equal(CHUNK("0", 100, sizeof out), -EINVAL);
    assert_int_equal(CHUNK(",4", 100, sizeof out), -EINVAL);
    assert_int_equal(CHUNK("0,", 100, sizeof out), -EINVAL);
    assert_int_equal(CHUNK("x,4", 100, sizeof out), -EINVAL);
    assert_int_equal(CHUNK("10000000000000000,1", 100, sizeof out), -ERANGE);
    /* a small output buffer shortens the chunk rather than overflowing */
    assert_int_equal(CHUNK("0,a", 100, 4), 0);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "m012", 4);
    assert_int_equal(CHUNK("0,a", 100, 1), -ENOSPC);
#undef CHUNK
    const char *p = "qXfer:features:read:other.xml:0,10";
    assert_int_equal(gdb_tdesc_qxfer(doc, 10, p, strlen(p), 100, out, sizeof out, &n), -ENOENT);
    p = "qXfer:features:read:target.xml";
    assert_int_equal(gdb_tdesc_qxfer(doc, 10, p, strlen(p), 100, out, sizeof out, &n), -EINVAL);
    p = "qXfer:memory-map:read::0,10";
    assert_int_equal(gdb_tdesc_qxfer(doc, 10, p, strlen(p), 100, out, sizeof out, &n), -EINVAL);
    p = "qXfer:features:read:target.xml:2,3";
    assert_int_equal(gdb_tdesc_qxfer(doc, 10, p, strlen(p), 100, out, sizeof out, &n), 0);
    assert_memory_equal(out, "m234", 4);
}

/* GDB itself: load the XML with `set tdesc filename` and check that every
 * register has the number, the remote number and the size of the table. */
static void test_gdb_loads_xml(void **state)
{
    (void)state;
    if (system("command -v gdb-multiarch >/dev/null 2>&1") != 0)
        skip();
    char path[] = "/tmp/rewind-tdesc-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len;
    char *xml = gdb_riscv_target_xml(&len);
    assert_int_equal(write(fd, xml, len), (ssize_t)len);
    close(fd);
    free(xml);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "gdb-multiarch -nx -batch -ex 'set architecture riscv:rv64' "
             "-ex 'set tdesc filename %s' -ex 'maint print remote-registers' 2>&1", path);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    /* GDB lists all 4162 numbers, unnamed gaps included: read line by line */
    static char line[1024];
    static char complaints[4096];
    size_t matched = 0, clen = 0;
    char *bad = NULL;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "warning") || strstr(line, "error") || strstr(line, "Could not"))
            clen += (size_t)snprintf(complaints + clen, sizeof complaints - clen, "%s", line);
        if (clen >= sizeof complaints)
            clen = sizeof complaints - 1;
        char name[64], type[64];
        unsigned nr, rel, off, size, rnr, goff;
        if (sscanf(line, " %63s %u %u %u %u %63s %u %u", name, &nr, &rel, &off, &size, type, &rnr, &goff) != 8)
            continue;
        const struct gdb_reg *r = gdb_riscv_reg(rnr);
        if (!bad && (!r || strcmp(r->name, name) != 0 || nr != r->regnum || size != r->size)) {
            bad = strdup(line);
            continue;
        }
        matched++;
    }
    int st = pclose(f);
    unlink(path);
    if (st != 0)
        fail_msg("gdb-multiarch failed (status %d): %s", st, complaints);
    if (clen)
        fail_msg("gdb-multiarch complained:\n%s", complaints);
    if (bad)
        fail_msg("gdb disagrees with the table (name Nr Rel Offset Size Type RmtNr): %s", bad);
    assert_int_equal(matched, gdb_riscv_reg_count());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_numbers),
        cmocka_unit_test(test_every_csr_and_order),
        cmocka_unit_test(test_xml_matches_table),
        cmocka_unit_test(test_qxfer_reassembly),
        cmocka_unit_test(test_qxfer_edges),
        cmocka_unit_test(test_gdb_loads_xml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
