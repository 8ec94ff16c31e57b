/*
 * para.c — sets one paragraph: prepares its characters (chars.c), finds
 * where lines may break (breaks.c), lets the line breaker choose the lines
 * (linebreak.c: total fit for justified text), adds English hyphenation
 * points when the lines would otherwise be loose (hyph.c), justifies each
 * line by priority (justify.c) and cuts it into glyph runs that the PDF
 * stage draws with one font, size, colour and character spacing (Tc).  A
 * run ends where spacing changes: at Han–Latin gaps, Latin word spaces that
 * grew, compressed punctuation and kerning pairs.
 */
#include "text_int.h"

#include <math.h>
#include <string.h>

#include <linebreak.h>

#define FAKE_BOLD_STROKE_EM 0.03   /* TYPOGRAPHY rule 7 */
#define NONE ((size_t)-1)
#define PRETOLERANCE 100.0         /* TeX's: above it English is hyphenated */
#define TOLERANCE 200.0            /* TeX's: the first passes' worst line */
#define LOOSE_NAMED 3              /* loose lines named per paragraph */
#define PLACE_CHARS 12             /* characters quoted to name a line */
#define UNFILLED_EM 0.5            /* a line with nothing to stretch may
                                      end this short of the measure */

typedef struct para {
    const pb_fontset *fs;
    const pb_text_piece *pieces;
    const pb_para_spec *spec;
    pb_arena *arena;
    pb_warnings *w;
    pb_error *err;
    pb_text_chars tc;
    char *brk;
    pb_breaker bk;
    pb_break *breaks;
    size_t nbreaks, breaks_cap;
    pb_line *lines;
    size_t nlines, lines_cap;
    /* the runs of the line being built (heap scratch, copied out) */
    pb_glyph_run *runs;
    size_t nruns, runs_cap;
    pb_buf text;               /* UTF-8 of the open run */
    int run_open;
    int nloose;                /* loose lines so far */
} para;

static pb_status nomem(para *P)
{
    return pb_error_set(P->err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

#define piece_size pb_text_piece_size_
#define piece_tracking pb_text_piece_tracking_

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

/* Add cp, drawn with the face, style and advance of character i, to the
 * open run, or open a new run at x when anything that PDF sets per run
 * differs. */
static pb_status add_to_run(para *P, size_t i, uint32_t cp, double adv,
                            double x, double tc_pt)
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
    pb_buf_put_utf8(&P->text, cp);
    /* PDF advances every glyph by its width plus Tc, the last one too */
    r->width_pt += adv - piece_tracking(pc) + tc_pt;
    return PB_OK;
}

/* A squeezed full-width mark (compression, rule 3) must not overlap the
 * glyph after it: text extraction takes a glyph that starts half an em
 * inside the previous one's advance for the start of a new line.  So the
 * mark leaves its run and is set alone with its Tc lowered by the squeeze:
 * it then advances exactly to where the next glyph starts.  (Word spaces
 * and kerning move by small amounts and keep their jumps.) */
static pb_status squeeze_last(para *P, size_t prev, double prev_x,
                              double prev_tc, double jump)
{
    pb_glyph_run *r;
    uint32_t cp = P->tc.cp[prev];
    char enc[4];
    size_t n = pb_utf8_encode(cp, enc), keep;
    const pb_tchar *c = &P->tc.ch[prev];
    double tracking = piece_tracking(&P->pieces[c->piece]);
    pb_status st;
    if (!P->run_open || n == 0 || P->text.len < n ||
        memcmp(P->text.data + P->text.len - n, enc, n) != 0)
        return PB_OK; /* not the open run's last character: leave as is */
    r = &P->runs[P->nruns - 1];
    keep = P->text.len - n;
    if (keep > 0) {
        /* shorten the open run by that character, close it */
        P->text.len = keep;
        P->text.data[keep] = '\0';
        r->width_pt -= c->adv - tracking + prev_tc;
        if ((st = close_run(P)) != PB_OK)
            return st;
    } else {
        /* the character is alone already: drop its run and remake it */
        pb_buf_reset(&P->text);
        P->run_open = 0;
        P->nruns--;
    }
    if ((st = add_to_run(P, prev, cp, c->adv, prev_x, prev_tc + jump)) != PB_OK)
        return st;
    return close_run(P);
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

/* Name a line in a warning: its first characters. */
static void line_place(para *P, size_t s, size_t t, char *out, size_t cap)
{
    size_t i, k = 0, len = 0;
    for (i = s; i < t && k < PLACE_CHARS; i++) {
        char u[8];
        size_t m;
        if (P->tc.ch[i].kind == PB_TK_BREAK ||
            P->tc.ch[i].kind == PB_TK_INVISIBLE)
            continue;
        m = pb_utf8_encode(P->tc.cp[i], u);
        if (len + m + 4 >= cap)
            break;
        memcpy(out + len, u, m);
        len += m;
        k++;
    }
    if (i < t && len + 3 < cap) {
        memcpy(out + len, "\xE2\x80\xA6", 3); /* … */
        len += 3;
    }
    out[len] = '\0';
}

static pb_status note_loose(para *P, size_t s, size_t t, double em,
                            int unfilled)
{
    const pb_para_spec *sp = P->spec;
    char place[PLACE_CHARS * 4 + 8];
    pb_status st;
    P->nloose++;
    if (P->nloose > LOOSE_NAMED)
        return PB_OK; /* summed up at the end */
    line_place(P, s, t, place, sizeof place);
    if (unfilled)
        st = pb_warn(P->w, "loose-line", sp->line, "line %zu of the "
                     "paragraph cannot be filled to the measure: \"%s\"",
                     P->nlines, place);
    else
        st = pb_warn(P->w, "loose-line", sp->line, "line %zu of the "
                     "paragraph is set loose: %.2f em between characters "
                     "(limit %.2f em): \"%s\"", P->nlines, em,
                     sp->max_stretch_em, place);
    return st == PB_OK ? PB_OK : nomem(P);
}

/* Build the line of break br; stretch: it may be stretched (justified and
 * not ending the paragraph or at a forced break). */
static pb_status set_line(para *P, const pb_break *br, int last, int forced)
{
    const pb_para_spec *sp = P->spec;
    const pb_tchar *ch = P->tc.ch;
    int first = P->nlines == 0;
    int justify = sp->align == PB_ALIGN_JUSTIFY;
    double indent = first && isfinite(sp->first_indent_pt)
                        ? sp->first_indent_pt : 0;
    double avail = sp->width_pt - indent;
    double x, x0, pending = 0, end_cut, start_cut, width, last_extra = 0;
    double prev_x = 0, prev_tc = 0;
    size_t prev = 0;
    int have_prev = 0;
    size_t s = br->s, t = br->t, i, last_drawn = NONE;
    pb_line_glue g;
    pb_line_adjust adj;
    pb_line *ln;
    pb_status st;

    pb_text_line_glue_(&P->bk, s, t, br->hyphen, &g);
    pb_text_adjust_(&g, avail, P->bk.size_pt, justify && !last && !forced,
                    &adj);
    /* rule 3: the line-end mark gives its blank first, then the opening
     * mark at the line start */
    end_cut = adj.shrink1 < g.shrink1 - g.start_shrink
                  ? adj.shrink1 : g.shrink1 - g.start_shrink;
    start_cut = adj.shrink1 - end_cut;
    width = g.natural - adj.shrink1 - adj.ratio2 * g.shrink2 -
            adj.ratio3 * g.shrink3;
    x0 = indent;
    if (sp->align == PB_ALIGN_CENTER && avail > width)
        x0 += (avail - width) / 2;
    else if (sp->align == PB_ALIGN_RIGHT && avail > width)
        x0 += avail - width;

    for (i = t; i > s; i--)
        if (ch[i - 1].face >= 0) {
            last_drawn = i - 1;
            break;
        }
    P->nruns = 0;
    P->run_open = 0;
    pb_buf_reset(&P->text);
    x = x0 - start_cut;
    for (i = s; i < t; i++) {
        const pb_tchar *c = &ch[i];
        double tracking = piece_tracking(&P->pieces[c->piece]);
        int inside = i != s && i != t - 1;
        /* the last character set, for squeeze_last */
        if (c->kind == PB_TK_BREAK || c->kind == PB_TK_INVISIBLE)
            continue;
        if (i > s) {
            double jump = pending + c->kern;
            if (c->glue > 0) /* a Han–Latin gap (or a space turned into one) */
                jump += c->glue + adj.ratio * c->stretch -
                        adj.ratio2 * c->shrink;
            if (inside && (c->flags & PB_TF_PLEFT))
                jump -= adj.ratio3 * c->pshrink;
            pending = 0;
            if (jump < -0.001 && have_prev &&
                pb_uc_is_cjk_punct(P->tc.cp[prev])) {
                /* a squeeze: the character before takes it in its Tc */
                if ((st = squeeze_last(P, prev, prev_x, prev_tc, jump)) != PB_OK)
                    return st;
                x += jump;
            } else if (jump != 0) {
                /* runs carry their own x: a change of spacing is a jump
                 * to a new run */
                if ((st = close_run(P)) != PB_OK)
                    return st;
                x += jump;
            }
        }
        if (c->face < 0)
            continue; /* a space that takes no room or only the gap */
        {
            int wide = (c->flags & PB_TF_WIDE) != 0;
            double tc_pt = tracking + (wide ? adj.char_pt : 0);
            if ((st = add_to_run(P, i, P->tc.cp[i], c->adv, x, tc_pt)) !=
                PB_OK)
                return st;
            have_prev = 1;
            prev = i;
            prev_x = x;
            prev_tc = tc_pt;
            x += c->adv - tracking + tc_pt;
            if (i == last_drawn)
                last_extra = wide ? adj.char_pt : 0;
            else if ((c->flags & PB_TF_SLOT) && !wide)
                pending += adj.char_pt; /* a word space or a Latin letter
                                           before a CJK character */
        }
        if (c->kind == PB_TK_SPACE)
            pending += adj.ratio * c->stretch - adj.ratio2 * c->shrink;
        if (inside && !(c->flags & PB_TF_PLEFT))
            pending -= adj.ratio3 * c->pshrink;
    }
    if (br->hyphen && last_drawn != NONE &&
        pb_text_hyphen_width_(&P->bk, last_drawn) > 0) {
        const pb_tchar *c = &ch[last_drawn];
        const pb_text_piece *pc = &P->pieces[c->piece];
        double tracking = piece_tracking(pc);
        double adv = pb_text_hyphen_width_(&P->bk, last_drawn);
        if ((st = add_to_run(P, last_drawn, '-', adv, x - last_extra,
                             tracking)) != PB_OK)
            return st;
        x += adv - last_extra;
        last_extra = 0;
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
    /* the right edge: without the last character's extra spacing (it is
     * only Tc after the glyph) and without the blank the end mark gave */
    ln->width_pt = P->nruns ? x - last_extra - end_cut : x0;
    ln->last = last;
    for (i = 0; i < ln->nruns; i++) {
        const pb_glyph_run *r = &ln->runs[i];
        double a = pb_face_ascent_em(r->face) * r->size_pt;
        double d = pb_face_descent_em(r->face) * r->size_pt;
        if (a > ln->ascent_pt)
            ln->ascent_pt = a;
        if (d > ln->descent_pt)
            ln->descent_pt = d;
        if (r->size_pt > ln->size_pt)
            ln->size_pt = r->size_pt;
    }
    if (ln->nruns == 0)
        empty_line_metrics(P, t > s ? s : (br->b < P->tc.n ? br->b : s), ln);
    if (justify && !last && !forced &&
        (adj.unfilled > UNFILLED_EM * ln->size_pt ||
         (sp->max_stretch_em > 0 && ln->size_pt > 0 &&
          adj.char_pt > sp->max_stretch_em * ln->size_pt + 1e-9)))
        return note_loose(P, s, t,
                          ln->size_pt > 0 ? adj.char_pt / ln->size_pt : 0,
                          adj.unfilled > UNFILLED_EM * ln->size_pt);
    return PB_OK;
}

/* ------------------------------------------------------------ paragraph */

/* Prefix sums that let the line breaker measure any line in O(1). */
static pb_status prepare_breaker(para *P)
{
    pb_breaker *bk = &P->bk;
    const pb_text_chars *tc = &P->tc;
    size_t n = tc->n, i;
    memset(bk, 0, sizeof *bk);
    bk->tc = tc;
    bk->brk = P->brk;
    bk->spec = P->spec;
    bk->fs = P->fs;
    bk->pieces = P->pieces;
    if (n + 1 > SIZE_MAX / (4 * sizeof(double) + sizeof(uint32_t)))
        return nomem(P);
    bk->w = pb_malloc((n + 1) * 4 * sizeof(double));
    bk->slots = pb_malloc((n + 1) * sizeof *bk->slots);
    if (!bk->w || !bk->slots)
        return nomem(P);
    bk->st = bk->w + (n + 1);
    bk->sh = bk->st + (n + 1);
    bk->p3 = bk->sh + (n + 1);
    bk->w[0] = bk->st[0] = bk->sh[0] = bk->p3[0] = 0;
    bk->slots[0] = 0;
    for (i = 0; i < n; i++) {
        const pb_tchar *c = &tc->ch[i];
        double size = piece_size(&P->pieces[c->piece]);
        bk->w[i + 1] = bk->w[i] + c->adv + c->glue + c->kern;
        bk->st[i + 1] = bk->st[i] + c->stretch;
        bk->sh[i + 1] = bk->sh[i] + c->shrink;
        bk->p3[i + 1] = bk->p3[i] + c->pshrink;
        bk->slots[i + 1] = bk->slots[i] + ((c->flags & PB_TF_SLOT) != 0);
        if (size > bk->size_pt)
            bk->size_pt = size;
    }
    return PB_OK;
}

/* Break the segment [from, to) between forced breaks: within TOLERANCE
 * first (which keeps the line breaker's active list short), then, for
 * English, with hyphenation points (TeX's second pass), then within the
 * template's max-stretch, and at last with any tolerance.  *hyphenated:
 * points were added to the paragraph. */
static pb_status choose_segment(para *P, size_t from, size_t to,
                                int *hyphenated)
{
    const pb_para_spec *sp = P->spec;
    size_t n0 = P->nbreaks;
    int english = sp->align == PB_ALIGN_JUSTIFY &&
                  !pb_text_lang_is_cjk_(sp->lang);
    double worst = 0;
    int rc;
    rc = pb_text_break_lines_(&P->bk, from, to, from == 0, TOLERANCE,
                              &P->breaks, &P->nbreaks, &P->breaks_cap, &worst);
    if (rc < 0)
        return nomem(P);
    if (english && (rc == 1 || worst > PRETOLERANCE)) {
        if (!*hyphenated)
            *hyphenated = 1 + (pb_text_hyphenate_(P->fs, &P->tc, P->brk) > 0);
        if (*hyphenated == 2) {
            P->nbreaks = n0;
            worst = 0;
            rc = pb_text_break_lines_(&P->bk, from, to, from == 0, TOLERANCE,
                                      &P->breaks, &P->nbreaks,
                                      &P->breaks_cap, &worst);
            if (rc < 0)
                return nomem(P);
        }
    }
    if (rc == 1 && sp->max_stretch_em > PB_SLOT_STRETCH_EM) {
        /* the template's limit: a slot stretched by max-stretch has
         * r = max-stretch / PB_SLOT_STRETCH_EM */
        double r = sp->max_stretch_em / PB_SLOT_STRETCH_EM;
        P->nbreaks = n0;
        rc = pb_text_break_lines_(&P->bk, from, to, from == 0, 100 * r * r * r,
                                  &P->breaks, &P->nbreaks, &P->breaks_cap,
                                  &worst);
        if (rc < 0)
            return nomem(P);
    }
    if (rc == 1) {
        P->nbreaks = n0;
        rc = pb_text_break_lines_(&P->bk, from, to, from == 0, HUGE_VAL,
                                  &P->breaks, &P->nbreaks, &P->breaks_cap,
                                  &worst);
        if (rc != 0)
            return nomem(P);
    }
    return PB_OK;
}

/* Break every segment between forced breaks. */
static pb_status choose_lines(para *P)
{
    size_t n = P->tc.n, from = 0, i;
    int hyphenated = 0;
    pb_status st;
    P->nbreaks = 0;
    for (i = 0; i < n; i++) {
        if (P->brk[i] != LINEBREAK_MUSTBREAK && i + 1 < n)
            continue;
        if ((st = choose_segment(P, from, i + 1, &hyphenated)) != PB_OK)
            return st;
        from = i + 1;
    }
    return PB_OK;
}

/* Set the chosen lines.  A segment's last line ends at a forced break
 * (not stretched) unless nothing but spaces follows: then it is the
 * paragraph's last. */
static pb_status set_lines(para *P)
{
    size_t k, n = P->tc.n;
    pb_status st;
    for (k = 0; k < P->nbreaks; k++) {
        const pb_break *br = &P->breaks[k];
        size_t next = br->b + 1;
        int last, forced;
        while (next < n && P->tc.ch[next].kind == PB_TK_SPACE)
            next++;
        last = next >= n;
        forced = br->last && !last;
        if ((st = set_line(P, br, last, forced)) != PB_OK)
            return st;
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
    pb_para_spec sane;

    memset(out, 0, sizeof *out);
    memset(&P, 0, sizeof P);
    if (spec) {
        /* bad numbers never reach the arithmetic: no width is no room, an
         * infinite one is one line */
        sane = *spec;
        if (!(sane.width_pt > 0))
            sane.width_pt = 0;
        else if (sane.width_pt > 1e9)
            sane.width_pt = 1e9;
        if (!(fabs(sane.first_indent_pt) < 1e9))
            sane.first_indent_pt = 0;
        if (!(sane.max_stretch_em > 0 && sane.max_stretch_em < 1e3))
            sane.max_stretch_em = 0;
        spec = &sane;
    }
    P.fs = fs;
    P.pieces = pieces;
    P.spec = spec;
    P.arena = arena;
    P.w = w;
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
    if ((st = prepare_breaker(&P)) != PB_OK ||
        (st = choose_lines(&P)) != PB_OK)
        goto done;
    if ((st = set_lines(&P)) != PB_OK)
        goto done;
    if (P.nloose > LOOSE_NAMED &&
        pb_warn(w, "loose-line", spec->line, "%d more line%s of the paragraph "
                "set loose", P.nloose - LOOSE_NAMED,
                P.nloose - LOOSE_NAMED == 1 ? "" : "s") != PB_OK)
        st = nomem(&P);
done:
    if (st == PB_OK) {
        out->lines = P.lines;
        out->nlines = P.nlines;
    }
    pb_text_chars_fini_(&P.tc);
    pb_free(P.brk);
    pb_free(P.bk.w);
    pb_free(P.bk.slots);
    pb_free(P.breaks);
    pb_free(P.runs);
    pb_buf_fini(&P.text);
    return st;
}
