/*
 * linebreak.c — where a paragraph's lines end.  Justified text is broken by
 * total fit (Knuth & Plass 1981, as in TeX): every break opportunity is a
 * node, each feasible line between two nodes costs (linepenalty + badness)^2
 * plus its break's penalty^2, and the path of least total cost wins, so one
 * tight spot does not push a loose line onto the next.  Break costs follow
 * Chinese practice: a break between CJK characters is free; one after a
 * hyphenation point, an explicit hyphen or inside a URL costs a little; a
 * last line of a single character costs more.  Lines are measured in O(1)
 * from prefix sums; a node leaves the active list when every line from it
 * is overfull, so the work per character is bounded by the characters of a
 * line.  Ragged text, and pathological paragraphs too long to be prose,
 * are broken first fit, with the same measures.  Pieces wider than the
 * line get emergency breaks that still keep the line-start and line-end
 * rules (GB/T 15834).
 */
#include "text_int.h"

#include <math.h>
#include <string.h>

#define NONE ((size_t)-1)
#define LINE_PENALTY 10.0
#define HYPHEN_PENALTY 50.0       /* TeX's \hyphenpenalty */
#define EXHYPHEN_PENALTY 50.0     /* after an explicit hyphen */
#define URL_PENALTY 100.0         /* after a '/' inside a URL */
#define EMERGENCY_PENALTY 10000.0
#define DOUBLE_HYPHEN_DEMERITS 3000.0 /* TeX's \doublehyphendemerits */
#define FINAL_HYPHEN_DEMERITS 5000.0  /* TeX's \finalhyphendemerits */
#define LONELY_DEMERITS 2000.0    /* a last line of one character (孤字) */
#define MAX_ACTIVE 256            /* bound on the active list */
#define TOTAL_FIT_MAX 50000       /* longer segments are broken first fit */

typedef struct node {
    size_t b;          /* break after this character (NONE: the start) */
    size_t start;      /* first character of the line after the break */
    size_t prev;       /* node index, NONE for the start */
    double total;      /* demerits of the path to here */
    unsigned line;     /* lines before the break */
    unsigned hyphen;   /* the line ending here ends with a hyphen */
} node;

typedef struct kp {
    const pb_breaker *bk;
    node *nodes;
    size_t nnodes, nodes_cap;
    size_t *active;
    size_t nactive, active_cap;
} kp;

/* ------------------------------------------------------------ measures */

static size_t skip_spaces(const pb_text_chars *tc, size_t i, size_t to)
{
    while (i < to && tc->ch[i].kind == PB_TK_SPACE)
        i++;
    return i;
}

double pb_text_hyphen_width_(const pb_breaker *bk, size_t i)
{
    const pb_tchar *c = &bk->tc->ch[i];
    const pb_face *f;
    double size;
    if (c->face < 0)
        return 0;
    f = bk->fs->faces[c->face];
    size = pb_text_piece_size_(&bk->pieces[c->piece]);
    if (size == 0 || !pb_face_has_glyph(f, '-'))
        return 0;
    return pb_face_advance_em(f, '-') * size +
           pb_text_piece_tracking_(&bk->pieces[c->piece]);
}

void pb_text_line_glue_(const pb_breaker *bk, size_t s, size_t t, int hyphen,
                        pb_line_glue *g)
{
    const pb_tchar *ch = bk->tc->ch;
    memset(g, 0, sizeof *g);
    if (t <= s)
        return;
    g->natural = bk->w[t] - bk->w[s] - ch[s].glue - ch[s].kern;
    g->stretch = bk->st[t] - bk->st[s + 1];
    g->shrink2 = bk->sh[t] - bk->sh[s + 1];
    g->shrink3 = bk->p3[t] - bk->p3[s] - ch[s].pshrink;
    g->start_shrink = ch[s].lstart;
    g->shrink1 = g->start_shrink;
    if (t - 1 > s) {
        g->shrink3 -= ch[t - 1].pshrink;
        if (!hyphen)
            g->shrink1 += ch[t - 1].rend;
    }
    if (g->shrink3 < 0)
        g->shrink3 = 0;
    g->slots = bk->slots[t - 1] - bk->slots[s];
    if (hyphen)
        g->natural += pb_text_hyphen_width_(bk, t - 1);
}

/* ----------------------------------------------------------- candidates */

/* Penalty of breaking after character b. */
static double penalty(const pb_breaker *bk, size_t b)
{
    const pb_text_chars *tc = bk->tc;
    switch (bk->brk[b]) {
    case PB_BRK_HYPHEN:
        return HYPHEN_PENALTY;
    case PB_BRK_EMERGENCY:
        return EMERGENCY_PENALTY;
    default:
        break;
    }
    if (tc->ch[b].flags & PB_TF_URL)
        return URL_PENALTY;
    if (tc->cp[b] == '-' || tc->cp[b] == 0x2010)
        return EXHYPHEN_PENALTY;
    return 0;
}

static int is_candidate(const pb_breaker *bk, size_t b, size_t to)
{
    char k = bk->brk[b];
    return b + 1 == to || k == PB_BRK_ALLOW || k == PB_BRK_HYPHEN ||
           k == PB_BRK_EMERGENCY;
}

/* Content end of a line broken after b: after its last glyph, not before
 * s. */
static size_t content_end(const pb_text_chars *tc, size_t s, size_t b)
{
    size_t t = b + 1;
    while (t > s && tc->ch[t - 1].kind != PB_TK_GLYPH)
        t--;
    return t;
}

/* A last line made of one character and its punctuation looks lost. */
static int lonely(const pb_text_chars *tc, size_t s, size_t t)
{
    size_t i, k = 0;
    for (i = s; i < t && k < 2; i++)
        if (tc->ch[i].kind == PB_TK_GLYPH && !pb_uc_is_cjk_punct(tc->cp[i]))
            k++;
    return k == 1 && (tc->ch[s].flags & PB_TF_WIDE);
}

/* Emergency breaks (PB_BRK_EMERGENCY) inside every stretch between two
 * break opportunities that is wider than the narrowest line. */
static void mark_emergency(const pb_breaker *bk, size_t from, size_t to,
                           double avail)
{
    const pb_text_chars *tc = bk->tc;
    size_t s = skip_spaces(tc, from, to), b;
    for (b = from; b < to; b++) {
        size_t t, i;
        if (!is_candidate(bk, b, to))
            continue;
        t = content_end(tc, s, b);
        if (t > s && bk->w[t] - bk->w[s] - tc->ch[s].glue > avail)
            for (i = s; i + 1 < t; i++)
                if (bk->brk[i] == PB_BRK_NO &&
                    pb_text_emergency_ok_(tc, i, bk->spec->level))
                    bk->brk[i] = PB_BRK_EMERGENCY;
        s = skip_spaces(tc, b + 1, to);
    }
}

static double avail_of(const pb_breaker *bk, unsigned line, int first)
{
    const pb_para_spec *sp = bk->spec;
    double w = sp->width_pt;
    if (first && line == 0 && isfinite(sp->first_indent_pt))
        w -= sp->first_indent_pt;
    return w;
}

static int push_break(pb_break **out, size_t *n, size_t *cap, size_t s,
                      size_t t, size_t b, int hyphen)
{
    pb_break *br;
    if (pb_text_vec_grow_((void **)out, cap, *n, sizeof **out) != 0)
        return -1;
    br = &(*out)[(*n)++];
    br->s = s;
    br->t = t;
    br->b = b;
    br->hyphen = hyphen;
    br->forced = 0;
    br->last = 0;
    return 0;
}

/* The badness of a line as pb_text_adjust_ rates it, without working out
 * how the line is set (the breaker asks this for every candidate line). */
static double badness(const pb_line_glue *g, double avail, double size_pt,
                      int stretch)
{
    double extra = avail - g->natural, r, cap;
    if (extra < -1e-9) {
        double need = -extra - g->shrink1;
        if (need <= 1e-9)
            return 0;
        cap = g->shrink2 + g->shrink3;
        if (need > cap + 1e-6)
            return HUGE_VAL;
        r = need / cap;
        return 100 * r * r * r;
    }
    if (!stretch || extra <= 1e-9)
        return 0;
    return pb_text_stretch_badness_(extra, g, size_pt);
}

/* ------------------------------------------------------------ first fit */

static int first_fit(const pb_breaker *bk, size_t from, size_t to, int first,
                     pb_break **out, size_t *n, size_t *cap)
{
    const pb_text_chars *tc = bk->tc;
    size_t s = skip_spaces(tc, from, to);
    unsigned line = 0;
    while (s < to) {
        double avail = avail_of(bk, line, first);
        size_t b, best = NONE, best_em = NONE, first_c = NONE, pick;
        for (b = s; b < to; b++) {
            pb_line_glue g;
            pb_line_adjust adj;
            size_t t;
            int hy;
            if (!is_candidate(bk, b, to))
                continue;
            if (first_c == NONE)
                first_c = b;
            t = content_end(tc, s, b);
            hy = bk->brk[b] == PB_BRK_HYPHEN && b + 1 < to;
            pb_text_line_glue_(bk, s, t, hy, &g);
            pb_text_adjust_(&g, avail, bk->size_pt, 0, &adj);
            if (adj.badness == HUGE_VAL) {
                /* a later candidate may still fit after a hyphen point or
                 * an end mark that gives its blank; stop when not even
                 * squeezing every blank would do */
                if (g.natural - g.shrink1 - g.shrink2 - g.shrink3 >
                    avail + bk->size_pt)
                    break;
                continue;
            }
            if (bk->brk[b] == PB_BRK_EMERGENCY)
                best_em = b;
            else
                best = b;
            if (b + 1 == to)
                break;
        }
        pick = best != NONE ? best : best_em != NONE ? best_em : first_c;
        if (pick == NONE)
            pick = to - 1;
        if (push_break(out, n, cap, s, content_end(tc, s, pick), pick,
                       bk->brk[pick] == PB_BRK_HYPHEN && pick + 1 < to) != 0)
            return -1;
        s = skip_spaces(tc, pick + 1, to);
        line++;
    }
    return 0;
}

/* ------------------------------------------------------------ total fit */

static size_t new_node(kp *K, size_t b, size_t start, size_t prev,
                       double total, unsigned line, unsigned hyphen)
{
    node *nd;
    if (pb_text_vec_grow_((void **)&K->nodes, &K->nodes_cap, K->nnodes,
                          sizeof *K->nodes) != 0)
        return NONE;
    nd = &K->nodes[K->nnodes];
    nd->b = b;
    nd->start = start;
    nd->prev = prev;
    nd->total = total;
    nd->line = line;
    nd->hyphen = hyphen;
    return K->nnodes++;
}

static int activate(kp *K, size_t idx)
{
    if (pb_text_vec_grow_((void **)&K->active, &K->active_cap, K->nactive,
                          sizeof *K->active) != 0)
        return -1;
    K->active[K->nactive++] = idx;
    if (K->nactive > MAX_ACTIVE) {
        /* keep the list bounded: drop the node with the worst total */
        size_t i, worst = 0;
        for (i = 1; i + 1 < K->nactive; i++)
            if (K->nodes[K->active[i]].total >
                K->nodes[K->active[worst]].total)
                worst = i;
        memmove(&K->active[worst], &K->active[worst + 1],
                (K->nactive - worst - 1) * sizeof *K->active);
        K->nactive--;
    }
    return 0;
}

/* Total fit with lines of badness up to tol (HUGE_VAL: any line that is
 * not overfull, and an overfull one when nothing else is possible).
 * Returns 0, 1 when no path stays within tol, -1 when out of memory. */
static int total_fit(const pb_breaker *bk, size_t from, size_t to, int first,
                     double tol, pb_break **out, size_t *n, size_t *cap)
{
    const pb_text_chars *tc = bk->tc;
    kp K;
    size_t b, last = NONE, i, nlines, k, t0;
    int rc = -1;

    memset(&K, 0, sizeof K);
    K.bk = bk;
    if (new_node(&K, NONE, skip_spaces(tc, from, to), NONE, 0, 0, 0) ==
            NONE ||
        activate(&K, 0) != 0)
        goto done;
    for (b = from; b < to; b++) {
        int final = b + 1 == to;
        int hy = bk->brk[b] == PB_BRK_HYPHEN && !final;
        double pen, best = HUGE_VAL, dead_best = HUGE_VAL;
        size_t best_a = NONE, dead_a = NONE, j;
        if (!is_candidate(bk, b, to))
            continue;
        pen = final ? 0 : penalty(bk, b);
        t0 = content_end(tc, from, b);
        for (i = 0; i < K.nactive;) {
            const node *a = &K.nodes[K.active[i]];
            size_t s = a->start, t = t0 > s ? t0 : s;
            double avail = avail_of(bk, a->line, first), d, bad;
            pb_line_glue g;
            if (t <= s && !final) {
                i++; /* nothing on the line yet */
                continue;
            }
            pb_text_line_glue_(bk, s, t, hy, &g);
            bad = badness(&g, avail, bk->size_pt, !final);
            if (bad == HUGE_VAL || bad > tol) {
                if (bad != HUGE_VAL) {
                    i++; /* too loose: a later break may do */
                    continue;
                }
                /* overfull; when even without this break's hyphen and
                 * with every blank squeezed it is over by more than a
                 * margin, every later line from a is too: retire it */
                if (a->total < dead_best) {
                    dead_best = a->total;
                    dead_a = K.active[i];
                }
                if (g.natural - g.shrink1 - g.shrink2 - g.shrink3 -
                        (hy ? pb_text_hyphen_width_(bk, t - 1) : 0) >
                    avail + bk->size_pt) {
                    memmove(&K.active[i], &K.active[i + 1],
                            (K.nactive - i - 1) * sizeof *K.active);
                    K.nactive--;
                    continue;
                }
                i++;
                continue;
            }
            d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad) + pen * pen;
            if (hy && a->hyphen)
                d += DOUBLE_HYPHEN_DEMERITS;
            if (final && a->hyphen)
                d += FINAL_HYPHEN_DEMERITS;
            if (final && a->prev != NONE && lonely(tc, s, t))
                d += LONELY_DEMERITS;
            if (a->total + d < best) {
                best = a->total + d;
                best_a = K.active[i];
            }
            i++;
        }
        if (best_a == NONE && tol == HUGE_VAL &&
            (K.nactive == 0 || final) && dead_a != NONE) {
            /* nothing fits (a piece wider than the line, no emergency
             * break possible): take the least bad overfull line */
            best_a = dead_a;
            best = dead_best + EMERGENCY_PENALTY * EMERGENCY_PENALTY;
        }
        if (best_a == NONE) {
            if (K.nactive == 0 || final) {
                rc = 1; /* no path within tol */
                goto done;
            }
            continue;
        }
        j = new_node(&K, b, skip_spaces(tc, b + 1, to), best_a, best,
                     K.nodes[best_a].line + 1, (unsigned)hy);
        if (j == NONE)
            goto done;
        if (final) {
            last = j;
            break;
        }
        if (activate(&K, j) != 0)
            goto done;
    }
    if (last == NONE) {
        rc = 1;
        goto done;
    }
    /* the path, from the end back to the start, written in order */
    nlines = K.nodes[last].line;
    for (k = 0; k < nlines; k++)
        if (push_break(out, n, cap, 0, 0, 0, 0) != 0)
            goto done;
    for (k = nlines, i = last; k-- > 0; i = K.nodes[i].prev) {
        const node *e = &K.nodes[i], *p = &K.nodes[e->prev];
        pb_break *br = &(*out)[*n - nlines + k];
        br->s = p->start;
        br->b = e->b;
        br->t = content_end(tc, p->start, e->b);
        br->hyphen = (int)e->hyphen;
    }
    rc = 0;
done:
    pb_free(K.nodes);
    pb_free(K.active);
    return rc;
}

int pb_text_break_lines_(const pb_breaker *bk, size_t from, size_t to,
                         int first, double tol, pb_break **out, size_t *n,
                         size_t *cap, double *worst)
{
    const pb_para_spec *sp = bk->spec;
    double narrow = sp->width_pt;
    size_t n0 = *n, i;
    int rc;
    if (first && isfinite(sp->first_indent_pt) && sp->first_indent_pt > 0)
        narrow -= sp->first_indent_pt;
    if (skip_spaces(bk->tc, from, to) >= to)
        return 0; /* only spaces: no line */
    mark_emergency(bk, from, to, narrow);
    if (sp->align == PB_ALIGN_JUSTIFY && to - from <= TOTAL_FIT_MAX)
        rc = total_fit(bk, from, to, first, tol, out, n, cap);
    else
        rc = first_fit(bk, from, to, first, out, n, cap);
    if (rc != 0)
        return rc;
    if (*n > n0)
        (*out)[*n - 1].last = 1;
    for (i = n0; i + 1 < *n; i++) {
        pb_line_glue g;
        pb_line_adjust adj;
        const pb_break *br = &(*out)[i];
        pb_text_line_glue_(bk, br->s, br->t, br->hyphen, &g);
        pb_text_adjust_(&g, avail_of(bk, (unsigned)(i - n0), first),
                        bk->size_pt, sp->align == PB_ALIGN_JUSTIFY, &adj);
        if (adj.badness > *worst)
            *worst = adj.badness;
    }
    return 0;
}
