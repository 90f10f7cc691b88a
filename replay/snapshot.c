#include "replay/snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "core/machine_state.h"
#include "core/serial.h"

#define PAGE 4096u

/* One saved copy of a page: its contents from `step` until the next
 * version.  data NULL: the page was all zeros. */
struct page_version {
    uint64_t step;
    uint8_t *data;
};

/* Every saved copy of one page, oldest first. */
struct page_history {
    uint32_t n, cap;
    struct page_version *v;
};

struct snapshot {
    uint64_t step;
    uint8_t *state;
    size_t state_len;
    uint32_t *pages; /* pages whose version was saved at this snapshot */
    size_t npages, cap;
    uint64_t aux[2];
};

struct snapshots {
    struct machine *m;
    size_t npages;
    struct page_history *hist; /* per page (calloc: untouched RAM costs nothing) */
    struct snapshot *v;
    size_t n, cap;
    size_t mem, mem_cap;
    /* RAM = snapshot `base`'s RAM + the pages in `written` (changed since).
     * base == SIZE_MAX: no snapshot yet. */
    size_t base;
    struct page_set written;
    struct page_set scratch;
    bool registered;
};

struct snapshots *snap_create(struct machine *m, size_t mem_cap)
{
    struct snapshots *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->m = m;
    s->npages = m->bus.ram_size / PAGE;
    s->mem_cap = mem_cap;
    s->base = SIZE_MAX;
    s->hist = calloc(s->npages, sizeof *s->hist);
    if (!s->hist || page_set_init(&s->written, s->npages) ||
        page_set_init(&s->scratch, s->npages) || bus_add_dirty_set(&m->bus, &s->written)) {
        snap_destroy(s);
        return NULL;
    }
    s->registered = true;
    return s;
}

static void snapshot_free(struct snapshot *sn)
{
    free(sn->state);
    free(sn->pages);
}

void snap_destroy(struct snapshots *s)
{
    if (!s)
        return;
    if (s->registered)
        bus_remove_dirty_set(&s->m->bus, &s->written);
    /* Every page with a history is in some snapshot's list (thinning moves
     * versions, never drops a page's last one), so walking the lists finds
     * them all without reading the per-page table of all of RAM. */
    for (size_t i = 0; i < s->n; i++) {
        struct snapshot *sn = &s->v[i];
        for (size_t k = 0; k < sn->npages; k++) {
            struct page_history *h = &s->hist[sn->pages[k]];
            for (uint32_t j = 0; j < h->n; j++)
                if (h->v[j].step == sn->step)
                    free(h->v[j].data);
        }
    }
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < s->v[i].npages; k++) {
            struct page_history *h = &s->hist[s->v[i].pages[k]];
            free(h->v);
            h->v = NULL; /* a page saved by several snapshots: free once */
        }
    for (size_t i = 0; i < s->n; i++)
        snapshot_free(&s->v[i]);
    free(s->v);
    free(s->hist);
    page_set_free(&s->written);
    page_set_free(&s->scratch);
    free(s);
}

size_t snap_count(const struct snapshots *s) { return s->n; }
uint64_t snap_step(const struct snapshots *s, size_t idx) { return idx < s->n ? s->v[idx].step : 0; }
size_t snap_memory(const struct snapshots *s) { return s->mem; }

static bool page_is_zero(const uint8_t *p)
{
    static const uint8_t zero[PAGE];
    return memcmp(p, zero, PAGE) == 0;
}

static int snapshot_add_page(struct snapshot *sn, uint32_t page)
{
    if (sn->npages == sn->cap) {
        size_t cap = sn->cap ? 2 * sn->cap : 64;
        uint32_t *p = realloc(sn->pages, cap * sizeof *p);
        if (!p)
            return -1;
        sn->pages = p;
        sn->cap = cap;
    }
    sn->pages[sn->npages++] = page;
    return 0;
}

static int history_append(struct page_history *h, uint64_t step, uint8_t *data)
{
    if (h->n == h->cap) {
        uint32_t cap = h->cap ? 2 * h->cap : 2;
        struct page_version *v = realloc(h->v, cap * sizeof *v);
        if (!v)
            return -1;
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = (struct page_version){step, data};
    return 0;
}

/* Merge snapshot j into j+1 and drop it: every page j saved that j+1 did
 * not becomes j+1's (its contents at j+1 are the same). */
static void snap_thin_one(struct snapshots *s, size_t j)
{
    struct snapshot *a = &s->v[j], *b = &s->v[j + 1];
    for (size_t k = 0; k < a->npages; k++) {
        uint32_t p = a->pages[k];
        struct page_history *h = &s->hist[p];
        for (uint32_t i = 0; i < h->n; i++) {
            if (h->v[i].step != a->step)
                continue;
            if (i + 1 < h->n && h->v[i + 1].step == b->step) {
                if (h->v[i].data)
                    s->mem -= PAGE;
                free(h->v[i].data);
                memmove(&h->v[i], &h->v[i + 1], (h->n - i - 1) * sizeof *h->v);
                h->n--;
            } else if (snapshot_add_page(b, p) == 0) {
                h->v[i].step = b->step;
            } else {
                return; /* out of memory: keep j, the state stays consistent */
            }
            break;
        }
    }
    s->mem -= a->state_len;
    snapshot_free(a);
    memmove(&s->v[j], &s->v[j + 1], (s->n - j - 1) * sizeof *s->v);
    s->n--;
    if (s->base != SIZE_MAX && s->base > j)
        s->base--;
    else if (s->base == j)
        s->base = SIZE_MAX; /* cannot happen: the base is never thinned */
}

/* Over the cap: drop interior snapshots, oldest-and-densest first, so the
 * spacing grows with distance from the newest. */
static void snap_thin(struct snapshots *s)
{
    while (s->mem_cap && s->mem > s->mem_cap && s->n > 2) {
        uint64_t end = s->v[s->n - 1].step;
        size_t best = SIZE_MAX;
        double best_score = 0;
        for (size_t j = 1; j + 1 < s->n; j++) {
            if (j == s->base)
                continue;
            double gap = (double)(s->v[j + 1].step - s->v[j - 1].step);
            double age = (double)(end - s->v[j].step) + 1.0;
            double score = gap / age;
            if (best == SIZE_MAX || score < best_score) {
                best = j;
                best_score = score;
            }
        }
        if (best == SIZE_MAX)
            return;
        size_t before = s->n;
        snap_thin_one(s, best);
        if (s->n == before)
            return;
    }
}

/* Room for one more snapshot.  0, or -1 when out of memory. */
static int reserve_snapshot(struct snapshots *s)
{
    if (s->n < s->cap)
        return 0;
    size_t cap = s->cap ? 2 * s->cap : 64;
    struct snapshot *v = realloc(s->v, cap * sizeof *v);
    if (!v)
        return -1;
    s->v = v;
    s->cap = cap;
    return 0;
}

/* Save page p's contents `src` (NULL or all zeros: no copy) as sn's
 * version of it; *added counts the bytes copied.  0, or -1. */
static int save_page(struct snapshots *s, struct snapshot *sn, uint32_t p, const uint8_t *src, size_t *added)
{
    uint8_t *copy = NULL;
    if (src && !page_is_zero(src)) {
        copy = malloc(PAGE);
        if (!copy)
            return -1;
        memcpy(copy, src, PAGE);
    }
    if (snapshot_add_page(sn, p) || history_append(&s->hist[p], sn->step, copy)) {
        free(copy);
        return -1;
    }
    *added += copy ? PAGE : 0;
    return 0;
}

/* Drop the page versions sn saved (each the newest of its page) and sn's
 * own memory; returns the bytes of page copies freed. */
static size_t drop_versions(struct snapshots *s, struct snapshot *sn)
{
    size_t freed = 0;
    for (size_t k = 0; k < sn->npages; k++) {
        struct page_history *h = &s->hist[sn->pages[k]];
        if (h->n && h->v[h->n - 1].step == sn->step) {
            freed += h->v[h->n - 1].data ? PAGE : 0;
            free(h->v[--h->n].data);
        }
    }
    snapshot_free(sn);
    return freed;
}

int snap_take(struct snapshots *s, uint64_t aux0, uint64_t aux1)
{
    struct machine *m = s->m;
    if (s->n && m->steps <= s->v[s->n - 1].step)
        return 0;
    if (reserve_snapshot(s))
        return -1;
    struct snapshot sn = {.step = m->steps, .aux = {aux0, aux1}};
    struct sbuf st;
    sbuf_init(&st);
    machine_state_save(m, &st);
    if (st.oom) {
        sbuf_free(&st);
        return -1;
    }
    sn.state = st.data;
    sn.state_len = st.len;
    machine_drain_dirty(m);
    size_t added = 0;
    size_t cur = 0, p;
    while (page_set_next(&s->written, &cur, &p))
        if (save_page(s, &sn, (uint32_t)p, m->bus.ram + p * PAGE, &added)) {
            /* `written` still holds every page: the next attempt starts over */
            drop_versions(s, &sn);
            return -1;
        }
    page_set_clear(&s->written);
    s->v[s->n++] = sn;
    s->base = s->n - 1;
    s->mem += added + sn.state_len;
    snap_thin(s);
    return 0;
}

long snap_find(const struct snapshots *s, uint64_t step)
{
    size_t lo = 0, hi = s->n; /* first snapshot after step */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->v[mid].step <= step)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

/* Page p's contents at `step`: the newest version not after it; NULL data
 * (all zeros) when none. */
static const uint8_t *page_at(const struct snapshots *s, size_t p, uint64_t step, bool *found)
{
    const struct page_history *h = &s->hist[p];
    size_t lo = 0, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->v[mid].step <= step)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo > 0;
    return lo > 0 ? h->v[lo - 1].data : NULL;
}

int snap_restore(struct snapshots *s, size_t idx, uint64_t *aux0, uint64_t *aux1)
{
    if (idx >= s->n)
        return -1;
    struct machine *m = s->m;
    const struct snapshot *target = &s->v[idx];
    machine_drain_dirty(m);
    /* Pages that may differ: written since the base, and saved by any
     * snapshot between the base and the target. */
    struct page_set *fix = &s->scratch;
    page_set_clear(fix);
    size_t cur = 0, p;
    while (page_set_next(&s->written, &cur, &p))
        page_set_add(fix, p);
    size_t lo = s->base == SIZE_MAX ? 0 : (s->base < idx ? s->base : idx);
    size_t hi = s->base == SIZE_MAX ? s->n - 1 : (s->base < idx ? idx : s->base);
    for (size_t j = lo + 1; j <= hi && j < s->n; j++)
        for (size_t k = 0; k < s->v[j].npages; k++)
            page_set_add(fix, s->v[j].pages[k]);
    if (s->base == SIZE_MAX)
        for (size_t k = 0; s->n && k < s->v[0].npages; k++)
            page_set_add(fix, s->v[0].pages[k]);
    cur = 0;
    while (page_set_next(fix, &cur, &p)) {
        bool found;
        const uint8_t *data = page_at(s, p, target->step, &found);
        uint8_t *dst = m->bus.ram + p * PAGE;
        if (data)
            memcpy(dst, data, PAGE);
        else
            memset(dst, 0, PAGE);
        uint64_t pa = m->bus.ram_base + p * PAGE;
        bus_note_store(&m->bus, pa, PAGE); /* decoded code there is stale */
        bus_mark_dirty(&m->bus, pa);       /* and so are checkpoint hashes */
    }
    if (machine_state_load(m, target->state, target->state_len))
        return -1;
    machine_drain_dirty(m);
    page_set_clear(&s->written); /* RAM is the target's: nothing changed since */
    s->base = idx;
    *aux0 = target->aux[0];
    *aux1 = target->aux[1];
    return 0;
}

void snap_passed(struct snapshots *s, size_t idx)
{
    if (idx >= s->n || s->v[idx].step != s->m->steps)
        return;
    machine_drain_dirty(s->m);
    page_set_clear(&s->written);
    s->base = idx;
}

/* ---- kept in a trace ---- */

#define SNAP_MAGIC 0x4e535752u /* "RWSN" */
#define SNAP_FORMAT 1u

int snap_encode(const struct snapshots *s, size_t idx, struct sbuf *out)
{
    if (idx >= s->n)
        return -1;
    const struct snapshot *sn = &s->v[idx];
    put_u32(out, SNAP_MAGIC);
    put_u32(out, SNAP_FORMAT);
    put_u64(out, sn->step);
    put_u64(out, sn->aux[0]);
    put_u64(out, sn->aux[1]);
    put_u32(out, (uint32_t)sn->state_len);
    put_bytes(out, sn->state, sn->state_len);
    put_u32(out, (uint32_t)sn->npages);
    for (size_t k = 0; k < sn->npages; k++) {
        const struct page_history *h = &s->hist[sn->pages[k]];
        const uint8_t *data = NULL;
        for (uint32_t j = 0; j < h->n; j++)
            if (h->v[j].step == sn->step)
                data = h->v[j].data;
        put_u32(out, sn->pages[k]);
        put_u8(out, data != NULL);
        if (data)
            put_bytes(out, data, PAGE);
    }
    return out->oom ? -1 : 0;
}

static const uint8_t *page_at(const struct snapshots *s, size_t p, uint64_t step, bool *found);

int snap_decode_append(struct snapshots *s, const uint8_t *data, size_t len)
{
    struct sreader r;
    sreader_init(&r, data, len);
    if (get_u32(&r) != SNAP_MAGIC || get_u32(&r) != SNAP_FORMAT)
        return -1;
    struct snapshot sn = {.step = get_u64(&r)};
    sn.aux[0] = get_u64(&r);
    sn.aux[1] = get_u64(&r);
    uint32_t state_len = get_u32(&r);
    if (r.bad || state_len > len - r.pos)
        return -1;
    const uint8_t *state = data + r.pos;
    r.pos += state_len;
    if (s->n && sn.step <= s->v[s->n - 1].step) {
        /* Already here (step 0, taken when the session began): the state
         * images must agree, or the trace's snapshots are another
         * machine's. */
        long k = snap_find(s, sn.step);
        if (k < 0 || s->v[k].step != sn.step || s->v[k].state_len != state_len ||
            memcmp(s->v[k].state, state, state_len))
            return -1;
        /* and so must every page it saved (the kernel, the device tree) */
        uint32_t npages = get_u32(&r);
        if (r.bad || npages != s->v[k].npages)
            return -1;
        for (uint32_t i = 0; i < npages; i++) {
            uint32_t p = get_u32(&r);
            bool has = get_u8(&r) != 0;
            if (r.bad || p >= s->npages || (has && PAGE > len - r.pos))
                return -1;
            bool found;
            const uint8_t *mine = page_at(s, p, sn.step, &found);
            if (!found || (mine != NULL) != has || (has && memcmp(mine, data + r.pos, PAGE)))
                return -1;
            if (has)
                r.pos += PAGE;
        }
        return 1;
    }
    uint32_t npages = get_u32(&r);
    if (r.bad || npages > s->npages)
        return -1;
    /* Check everything before changing anything. */
    size_t at = r.pos;
    for (uint32_t k = 0; k < npages; k++) {
        uint32_t p = get_u32(&r);
        bool has = get_u8(&r) != 0;
        if (r.bad || p >= s->npages || (has && PAGE > len - r.pos))
            return -1;
        const struct page_history *h = &s->hist[p];
        if (h->n && h->v[h->n - 1].step >= sn.step)
            return -1; /* listed twice */
        if (has)
            r.pos += PAGE;
    }
    if (reserve_snapshot(s))
        return -1;
    sn.state = malloc(state_len ? state_len : 1);
    if (!sn.state)
        return -1;
    memcpy(sn.state, state, state_len);
    sn.state_len = state_len;
    r.pos = at;
    size_t added = 0;
    for (uint32_t k = 0; k < npages; k++) {
        uint32_t p = get_u32(&r);
        bool has = get_u8(&r) != 0;
        if (save_page(s, &sn, p, has ? data + r.pos : NULL, &added)) {
            drop_versions(s, &sn);
            return -1;
        }
        r.pos += has ? PAGE : 0;
    }
    s->v[s->n++] = sn;
    s->mem += added + sn.state_len;
    snap_thin(s);
    return 0;
}

void snap_truncate_after(struct snapshots *s, uint64_t step)
{
    while (s->n && s->v[s->n - 1].step > step && s->n - 1 != s->base) {
        struct snapshot *sn = &s->v[s->n - 1];
        s->mem -= sn->state_len;
        s->mem -= drop_versions(s, sn);
        s->n--;
    }
}
