/*
 * para.c — sets one paragraph: prepared characters (chars.c) and break
 * opportunities (breaks.c) are filled greedily into lines of the given
 * width, each line is justified by priority (justify.c) and cut into glyph
 * runs that the PDF stage draws with one font, size, colour and character
 * spacing.  Linear in the paragraph's length: a character is measured once
 * and looked at again only in the unfinished tail of a line.
 */
#include "text_int.h"

#include <math.h>
#include <string.h>

#include <linebreak.h>

#define FIT_EPS 1e-6
#define FAKE_BOLD_STROKE_EM 0.03   /* TYPOGRAPHY rule 7 */
#define NONE ((size_t)-1)

typedef struct para {
    const pb_fontset *fs;
    const pb_text_piece *pieces;
    const pb_para_spec *spec;
    pb_arena *arena;
    pb_error *err;
    pb_text_chars tc;
    char *brk;
    pb_line *lines;
    size_t nlines, lines_cap;
    /* the runs of the line being built (heap scratch, copied out) */
    pb_glyph_run *runs;
    size_t nruns, runs_cap;
    pb_buf text;               /* UTF-8 of the open run */
    int run_open;
    /* loose lines, reported once per paragraph */
    int nloose;
    double worst_char_em;
} para;

static pb_status nomem(para *P)
{
    return pb_error_set(P->err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static double piece_size(const pb_text_piece *p)
{
    double s = p->style.size_pt;
    return isfinite(s) && s > 0 && s < 1e5 ? s : 0;
}

static double piece_tracking(const pb_text_piece *p)
{
    double t = p->style.tracking_pt;
    return isfinite(t) && fabs(t) < 1e5 ? t : 0;
}

static int same_href(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* ------------------------------------------------------------------ runs */

static pb_status close_run(para *P)
{
    pb_glyph_run *r;
    if (!P->run_open)
        return PB_OK;
    P->run_open = 0;
    r = &P->runs[P->nruns - 1];
    if (P->text.failed)
        return nomem(P);
    r->len = P->text.len;
    r->utf8 = pb_arena_strndup(P->arena, P->text.len ? P->text.data : "",
                               P->text.len);
    pb_buf_reset(&P->text);
    if (!r->utf8)
        return nomem(P);
    return PB_OK;
}

/* Add character i of the line to the open run, or open a new run at x when
 * anything that PDF sets per run differs. */
static pb_status add_to_run(para *P, size_t i, double x, double tc_pt)
{
    const pb_tchar *c = &P->tc.ch[i];
    const pb_text_piece *pc = &P->pieces[c->piece];
    const pb_face *face = P->fs->faces[c->face];
    double size = piece_size(pc);
    unsigned flags = 0;
    pb_glyph_run *r = P->run_open ? &P->runs[P->nruns - 1] : NULL;
    pb_status st;

    if (c->emulate & PB_STYLE_BOLD)
        flags |= PB_RUN_FAKE_BOLD;
    if (c->emulate & PB_STYLE_ITALIC)
        flags |= PB_RUN_FAKE_ITALIC;
    if (pc->style.flags & PB_STYLE_UNDERLINE)
        flags |= PB_RUN_UNDERLINE;
    if (!r || r->face != face || r->size_pt != size || r->flags != flags ||
        r->char_spacing_pt != tc_pt || r->color.r != pc->style.color.r ||
        r->color.g != pc->style.color.g || r->color.b != pc->style.color.b ||
        !same_href(r->href, pc->href)) {
        if ((st = close_run(P)) != PB_OK)
            return st;
        if (pb_text_vec_grow_((void **)&P->runs, &P->runs_cap, P->nruns,
                              sizeof *P->runs) != 0)
            return nomem(P);
        r = &P->runs[P->nruns++];
        memset(r, 0, sizeof *r);
        r->face = face;
        r->size_pt = size;
        r->x_pt = x;
        r->char_spacing_pt = tc_pt;
        r->stroke_pt = (flags & PB_RUN_FAKE_BOLD) ? FAKE_BOLD_STROKE_EM * size
                                                  : 0;
        r->flags = flags;
        r->color = pc->style.color;
        r->href = pc->href;
        P->run_open = 1;
    }
    pb_buf_put_utf8(&P->text, P->tc.cp[i]);
    /* PDF advances every glyph by its width plus Tc, the last one too */
    r->width_pt += c->adv - piece_tracking(pc) + tc_pt;
    return PB_OK;
}

/* ----------------------------------------------------------------- lines */

/* A line with no drawn character still needs a height: take the first
 * face of the role of the piece it belongs to. */
static void empty_line_metrics(para *P, size_t at, pb_line *ln)
{
    const pb_text_piece *pc = &P->pieces[P->tc.ch[at].piece];
    const pb_face *f = NULL;
    int role = pc->style.role;
    if (role >= 0 && (size_t)role < P->fs->nroles &&
        P->fs->roles[role].nfams > 0)
        f = P->fs->roles[role].regular[0];
    else if (P->fs->nfaces > 0)
        f = P->fs->faces[0];
    ln->size_pt = piece_size(pc);
    if (f) {
        ln->ascent_pt = pb_face_ascent_em(f) * ln->size_pt;
        ln->descent_pt = pb_face_descent_em(f) * ln->size_pt;
    }
}

/* Build the line whose content is characters [s, t) (t == s: empty) and
 * which ends at break index b. */
static pb_status set_line(para *P, size_t s, size_t t, size_t b, int last,
                          int forced)
{
    const pb_para_spec *sp = P->spec;
    int first = P->nlines == 0;
    double indent = first && isfinite(sp->first_indent_pt)
                        ? sp->first_indent_pt : 0;
    double avail = sp->width_pt - indent;
    double x, x0;
    pb_line_glue g;
    pb_line_adjust adj;
    size_t i, last_drawn = NONE;
    pb_line *ln;
    pb_status st;

    memset(&g, 0, sizeof g);
    for (i = s; i < t; i++) {
        const pb_tchar *c = &P->tc.ch[i];
        g.natural += c->adv + (i > s ? c->glue : 0);
        if (i > s) {
            g.stretch += c->stretch;
            g.shrink += c->shrink;
        }
        if (c->face >= 0) {
            if (last_drawn != NONE)
                g.char_gaps++;
            last_drawn = i;
        }
    }
    memset(&adj, 0, sizeof adj);
    if (sp->align == PB_ALIGN_JUSTIFY) {
        pb_text_adjust_(&g, avail, &adj);
        if (last || forced) {
            /* not stretched; but a line that only fitted by shrinking its
             * gaps keeps them shrunk */
            if (adj.ratio > 0)
                adj.ratio = 0;
            adj.char_pt = 0;
            adj.unfilled = 0;
        }
    }
    x0 = indent;
    if (sp->align == PB_ALIGN_CENTER && avail > g.natural)
        x0 += (avail - g.natural) / 2;
    else if (sp->align == PB_ALIGN_RIGHT && avail > g.natural)
        x0 += avail - g.natural;

    P->nruns = 0;
    P->run_open = 0;
    pb_buf_reset(&P->text);
    x = x0;
    for (i = s; i < t; i++) {
        const pb_tchar *c = &P->tc.ch[i];
        double tracking = piece_tracking(&P->pieces[c->piece]);
        double adjust = adj.ratio > 0 ? c->stretch * adj.ratio
                                      : c->shrink * adj.ratio;
        if (c->kind == PB_TK_BREAK || c->kind == PB_TK_INVISIBLE)
            continue;
        if (c->glue > 0 && i > s) {
            /* a Han–Latin gap (or a space turned into one): runs carry
             * their own x, so the gap is a jump to the next run */
            if ((st = close_run(P)) != PB_OK)
                return st;
            x += c->glue + adjust;
        }
        if (c->face < 0)
            continue; /* a space that takes no room or only the gap */
        {
            double tc_pt = tracking + (i == last_drawn ? 0 : adj.char_pt);
            if ((st = add_to_run(P, i, x, tc_pt)) != PB_OK)
                return st;
            x += c->adv - tracking + tc_pt;
        }
        if (c->kind == PB_TK_SPACE && adjust != 0 && c->glue == 0) {
            /* a stretched Latin word space: the extra is a jump too */
            if ((st = close_run(P)) != PB_OK)
                return st;
            x += adjust;
        }
    }
    if ((st = close_run(P)) != PB_OK)
        return st;

    ln = PB_ARENA_PUSH(P->arena, P->lines, P->nlines, P->lines_cap);
    if (!ln)
        return nomem(P);
    if (P->nruns) {
        ln->runs = pb_arena_alloc(P->arena, P->nruns * sizeof *ln->runs);
        if (!ln->runs)
            return nomem(P);
        memcpy(ln->runs, P->runs, P->nruns * sizeof *ln->runs);
    }
    ln->nruns = P->nruns;
    ln->natural_pt = x0 + g.natural;
    ln->width_pt = x0;
    ln->last = last;
    for (i = 0; i < ln->nruns; i++) {
        const pb_glyph_run *r = &ln->runs[i];
        double a = pb_face_ascent_em(r->face) * r->size_pt;
        double d = pb_face_descent_em(r->face) * r->size_pt;
        ln->width_pt = r->x_pt + r->width_pt; /* the last run's right edge */
        if (a > ln->ascent_pt)
            ln->ascent_pt = a;
        if (d > ln->descent_pt)
            ln->descent_pt = d;
        if (r->size_pt > ln->size_pt)
            ln->size_pt = r->size_pt;
    }
    if (ln->nruns == 0)
        empty_line_metrics(P, t > s ? s : b, ln);
    if (adj.unfilled > 1e-6 ||
        (sp->max_stretch_em > 0 && ln->size_pt > 0 &&
         adj.char_pt > sp->max_stretch_em * ln->size_pt)) {
        double em = ln->size_pt > 0 ? adj.char_pt / ln->size_pt : 0;
        P->nloose++;
        if (em > P->worst_char_em)
            P->worst_char_em = em;
    }
    return PB_OK;
}

static size_t skip_spaces(const para *P, size_t i)
{
    while (i < P->tc.n && P->tc.ch[i].kind == PB_TK_SPACE)
        i++;
    return i;
}

/* Emergency break inside a chunk wider than the line (a long URL, a string
 * with no break opportunity): the line takes the characters [s, i) that fit,
 * or up to the last '/' if that fills at least half of it.  Returns the
 * content end. */
static size_t emergency_end(const para *P, size_t s, size_t i, double width,
                            double avail)
{
    size_t j;
    double w = width; /* width of [s, j] as j walks back from i - 1 */
    for (j = i; j-- > s;) {
        const pb_tchar *c = &P->tc.ch[j];
        if (w < avail / 2)
            break;
        if (P->tc.cp[j] == '/' && j + 1 < i)
            return j + 1;
        w -= c->adv + (j > s ? c->glue : 0);
    }
    return i;
}

/* Greedy filling: each line takes as much as fits up to its last break
 * opportunity; spaces around a break disappear. */
static pb_status fill(para *P)
{
    const pb_para_spec *sp = P->spec;
    int justify = sp->align == PB_ALIGN_JUSTIFY;
    size_t n = P->tc.n;
    size_t s = skip_spaces(P, 0);
    pb_status st;

    while (s < n) {
        int first = P->nlines == 0;
        double avail = sp->width_pt -
                       (first && isfinite(sp->first_indent_pt)
                            ? sp->first_indent_pt : 0);
        double nat = 0, shr = 0;
        size_t i, last_ns = NONE, best_b = NONE, best_t = s;
        size_t t = s, b = n - 1, next;
        int forced = 0;

        for (i = s; i < n; i++) {
            const pb_tchar *c = &P->tc.ch[i];
            double add = c->adv + (i > s ? c->glue : 0);
            nat += add;
            if (i > s)
                shr += c->shrink;
            if (c->kind == PB_TK_GLYPH) {
                double need = nat - (justify ? shr : 0);
                if (last_ns != NONE && need > avail + FIT_EPS) {
                    if (best_b != NONE) {
                        t = best_t;
                        b = best_b;
                    } else {
                        t = emergency_end(P, s, i, nat - add, avail);
                        b = t - 1;
                        while (t > s + 1 &&
                               P->tc.ch[t - 1].kind == PB_TK_SPACE)
                            t--;
                    }
                    break;
                }
                last_ns = i;
            }
            if (P->brk[i] == LINEBREAK_MUSTBREAK || i == n - 1) {
                t = last_ns != NONE ? last_ns + 1 : s;
                b = i;
                forced = i != n - 1;
                break;
            }
            if (P->brk[i] == LINEBREAK_ALLOWBREAK) {
                best_b = i;
                best_t = last_ns != NONE ? last_ns + 1 : s;
            }
        }
        next = skip_spaces(P, b + 1);
        if ((st = set_line(P, s, t, b, next >= n, forced)) != PB_OK)
            return st;
        s = next;
    }
    return PB_OK;
}

pb_status pb_text_layout_para(const pb_fontset *fs, const pb_text_piece *pieces,
                              size_t npieces, const pb_para_spec *spec,
                              pb_arena *arena, pb_para_lines *out,
                              pb_warnings *w, pb_error *err)
{
    para P;
    pb_status st;

    memset(out, 0, sizeof *out);
    memset(&P, 0, sizeof P);
    P.fs = fs;
    P.pieces = pieces;
    P.spec = spec;
    P.arena = arena;
    P.err = err;
    pb_buf_init(&P.text);
    if (!fs || (!pieces && npieces) || !spec || !arena)
        return pb_error_set(err, PB_ERR_USAGE, NULL, 0, 0,
                            "pb_text_layout_para: missing argument");
    st = pb_text_chars_prepare_(fs, pieces, npieces, spec->lang, spec->line,
                                &P.tc, w, err);
    if (st != PB_OK)
        return st;
    if (P.tc.n == 0)
        goto done;
    if (!(P.brk = pb_malloc(P.tc.n))) {
        st = nomem(&P);
        goto done;
    }
    pb_text_breaks_(&P.tc, pieces, spec->level, P.brk);
    if ((st = fill(&P)) != PB_OK)
        goto done;
    if (P.nloose > 0) {
        pb_status ws;
        if (spec->max_stretch_em > 0)
            ws = pb_warn(w, "loose-line", spec->line, "%d line%s set loose: "
                         "up to %.3f em between characters (limit %.3f em)",
                         P.nloose, P.nloose == 1 ? "" : "s", P.worst_char_em,
                         spec->max_stretch_em);
        else
            ws = pb_warn(w, "loose-line", spec->line, "%d line%s could not "
                         "be filled to the measure", P.nloose,
                         P.nloose == 1 ? "" : "s");
        if (ws != PB_OK)
            st = nomem(&P);
    }
done:
    if (st == PB_OK) {
        out->lines = P.lines;
        out->nlines = P.nlines;
    }
    pb_text_chars_fini_(&P.tc);
    pb_free(P.brk);
    pb_free(P.runs);
    pb_buf_fini(&P.text);
    return st;
}
