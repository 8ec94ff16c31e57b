/*
 * chars.c — the first step of setting a paragraph: decode the pieces' UTF-8,
 * pick a face for every character (fallback, U+FFFD for what no face has;
 * quotes and dashes from the CJK or the Latin face by the language around
 * them, rule 8) and decide the spacing between characters: Latin word
 * spaces, the 1/4 em gap between Han and Latin letters or digits (rule 4),
 * no space next to CJK punctuation, adjacent full-width marks compressed to
 * share their blanks (rule 3), the Latin face's pair kerning.  The same pass
 * measures a single line.
 */
#include "text_int.h"

#include <math.h>
#include <string.h>

#define FACE_CACHE 1024     /* per-call (cp, role, style) → face cache */
#define MAX_CHAR_WARNINGS 16 /* distinct characters named per paragraph */
#define PEEK_MAX 32          /* characters looked ahead for a mark's context */
#define NONE ((size_t)-1)

/* Language context of a character, for the marks shared by CJK and Latin
 * fonts (rule 8). */
enum { CTX_UNKNOWN = 0, CTX_CJK, CTX_LATIN };

/* Spacing classes (rule 4). */
enum {
    CL_NONE = 0,  /* paragraph start, after a forced break */
    CL_HAN,       /* Han ideographs, kana, Hangul: take the gap */
    CL_PUNCT,     /* CJK punctuation: never a gap or space beside it */
    CL_LATIN,     /* Latin (and Greek, Cyrillic) letters, digits, % */
    CL_OTHER
};

typedef struct cache_entry {
    uint32_t cp;          /* 0xFFFFFFFF = empty */
    int32_t role;
    uint8_t style;
    uint8_t emulate;
    int16_t face;
} cache_entry;

/* The last drawn character, for compression and kerning with the next. */
typedef struct prev_glyph {
    int valid;            /* a glyph, with nothing that takes room after it */
    size_t index;         /* in out (NONE when measuring) */
    uint32_t cp;
    int face;
    double size;
    int wide;
    /* a compressible mark: blanks (points) and how much pairing used */
    double lc, rc, lused, rused;
} prev_glyph;

typedef struct prep {
    const pb_fontset *fs;
    const pb_text_piece *pieces;
    size_t npieces;
    int cjk;
    int line;
    /* where decoding stands (for looking ahead) */
    size_t cur_piece, cur_off;
    int ctx;              /* context of the last non-shared character */
    prev_glyph pv;
    pb_warnings *w;
    pb_error *err;
    pb_status st;
    pb_text_chars *out;   /* NULL when only measuring */
    /* measuring: width so far, and spaces not yet followed by content */
    double total, pending;
    int started;
    /* spacing state */
    int prev_cls;
    double prev_size;
    int have_space;
    pb_tchar space;
    /* missing characters already warned about */
    uint32_t warned[MAX_CHAR_WARNINGS];
    size_t nwarned;
    int warned_more;
    cache_entry cache[FACE_CACHE];
} prep;

#define piece_size pb_text_piece_size_
#define piece_tracking pb_text_piece_tracking_

static int is_shared_mark(uint32_t cp)
{
    return cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 ||
           cp == 0x2014 || cp == 0x2026 || cp == 0x00B7;
}

static int char_class(uint32_t cp, int cjk)
{
    if (pb_uc_is_han(cp) || (cp >= 0x3040 && cp <= 0x30FA) ||
        cp == 0x30FC || (cp >= 0xAC00 && cp <= 0xD7AF))
        return CL_HAN;
    if (pb_uc_is_cjk_punct(cp) || cp == 0x30FB)
        /* “ ” — … · are Latin punctuation in English text (rule 8) */
        return is_shared_mark(cp) && !cjk ? CL_OTHER : CL_PUNCT;
    if (pb_uc_is_latin_letter(cp) || (cp >= '0' && cp <= '9') ||
        cp == '%' || (cp >= 0x391 && cp <= 0x3C9) ||
        (cp >= 0x400 && cp <= 0x4FF))
        return CL_LATIN;
    return CL_OTHER;
}

/* The face cache's style key: PB_STYLE_* in its low bits and the CJK
 * context in bit 7 (it only matters for the shared marks). */
#define STYLE_CJK 0x80u

static unsigned style_key(const prep *p, const pb_text_piece *pc)
{
    return (pc->style.flags & (PB_STYLE_BOLD | PB_STYLE_ITALIC)) |
           (p->cjk ? STYLE_CJK : 0);
}

int pb_text_is_wide_(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3040 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
}

/* The language a character belongs to, for choosing the face of a shared
 * mark next to it. */
static int char_ctx(uint32_t cp)
{
    if (is_shared_mark(cp))
        return CTX_UNKNOWN;
    if (pb_uc_is_han(cp) || pb_uc_is_cjk_punct(cp) || pb_text_is_wide_(cp))
        return CTX_CJK;
    if ((cp > 0x20 && cp < 0x7F) || pb_uc_is_latin_letter(cp) ||
        (cp >= 0xA0 && cp <= 0x2FF) || (cp >= 0x370 && cp <= 0x52F))
        return CTX_LATIN;
    return CTX_UNKNOWN;
}

/* The context of the next character that has one, looking ahead from
 * where decoding stands, over spaces and other shared marks; a forced
 * break ends the search. */
static int peek_ctx(const prep *p)
{
    size_t pi = p->cur_piece, off = p->cur_off;
    int k;
    for (k = 0; k < PEEK_MAX && pi < p->npieces;) {
        const char *s = p->pieces[pi].utf8;
        size_t len = s ? p->pieces[pi].len : 0;
        uint32_t cp;
        int c;
        if (off >= len) {
            pi++;
            off = 0;
            continue;
        }
        off += pb_utf8_decode(s + off, len - off, &cp);
        k++;
        if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029)
            return CTX_UNKNOWN;
        if ((c = char_ctx(cp)) != CTX_UNKNOWN)
            return c;
    }
    return CTX_UNKNOWN;
}

/* Is a shared mark (“ ” ‘ ’ — … ·) in CJK text here?  The language around
 * it decides (rule 8): an opening quote looks at what precedes it, a
 * closing quote (or apostrophe) at what follows, then the other side; the
 * paragraph's language when neither tells. */
static int shared_mark_cjk(const prep *p, uint32_t cp)
{
    int first, second;
    int next = peek_ctx(p);
    if (cp == 0x201D || cp == 0x2019) {
        first = next;
        second = p->ctx;
    } else {
        first = p->ctx;
        second = next;
    }
    if (first == CTX_UNKNOWN)
        first = second;
    if (first == CTX_UNKNOWN)
        return p->cjk;
    return first == CTX_CJK;
}


static int face_lookup(prep *p, int role, unsigned style, uint32_t cp,
                       unsigned *emulate)
{
    uint32_t h = (cp * 2654435761u) ^ ((uint32_t)role * 40503u) ^ style;
    cache_entry *e = &p->cache[(h ^ (h >> 15)) & (FACE_CACHE - 1)];
    int idx;
    if (e->cp == cp && e->role == role && e->style == style) {
        *emulate = e->emulate;
        return e->face;
    }
    idx = pb_fs_face_for_(p->fs, role, style & ~STYLE_CJK, cp,
                          (style & STYLE_CJK) != 0, emulate);
    e->cp = cp;
    e->role = role;
    e->style = (uint8_t)style;
    e->emulate = (uint8_t)*emulate;
    e->face = (int16_t)idx;
    return idx;
}

/* One warning per distinct character per paragraph; after
 * MAX_CHAR_WARNINGS characters, one more saying there are others. */
static void warn_char(prep *p, const char *code, uint32_t cp)
{
    char u[8];
    size_t i, k;
    pb_status st;
    if (!p->w || p->st != PB_OK)
        return;
    for (i = 0; i < p->nwarned; i++)
        if (p->warned[i] == cp)
            return;
    if (p->nwarned == MAX_CHAR_WARNINGS) {
        if (!p->warned_more &&
            pb_warn(p->w, code, p->line, "more characters are missing or "
                    "unsupported; only the first %d are listed",
                    MAX_CHAR_WARNINGS) != PB_OK)
            p->st = pb_error_set(p->err, PB_ERR_NOMEM, NULL, 0, 0,
                                 "out of memory");
        p->warned_more = 1;
        return;
    }
    p->warned[p->nwarned++] = cp;
    k = pb_utf8_encode(cp, u);
    u[k] = '\0';
    if (cp > 0xFFFF)
        st = pb_warn(p->w, code, p->line, "U+%04X '%s' is outside the Basic "
                     "Multilingual Plane, which the PDF writer cannot draw; "
                     "dropped", (unsigned)cp, u);
    else
        st = pb_warn(p->w, code, p->line, "no font has U+%04X '%s'",
                     (unsigned)cp, u);
    if (st != PB_OK)
        p->st = pb_error_set(p->err, PB_ERR_NOMEM, NULL, 0, 0,
                             "out of memory");
}

/* Hand a finished character to the output (or to the measurement).
 * Returns its index in the output, or NONE. */
static size_t emit(prep *p, uint32_t cp, const pb_tchar *c)
{
    pb_text_chars *o = p->out;
    if (p->st != PB_OK)
        return NONE;
    if (!o) {
        if (c->kind == PB_TK_SPACE) {
            p->pending += c->adv + c->glue;
        } else if (c->kind == PB_TK_GLYPH) {
            p->total += p->started ? p->pending + c->glue + c->kern + c->adv
                                   : c->adv;
            p->pending = 0;
            p->started = 1;
        }
        return NONE;
    }
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 256;
        pb_tchar *ch = NULL;
        uint32_t *cps = NULL;
        if (cap < SIZE_MAX / sizeof *ch) {
            ch = pb_realloc(o->ch, cap * sizeof *ch);
            if (ch)
                o->ch = ch;
            cps = ch ? pb_realloc(o->cp, cap * sizeof *cps) : NULL;
            if (cps)
                o->cp = cps;
        }
        if (!ch || !cps) {
            p->st = pb_error_set(p->err, PB_ERR_NOMEM, NULL, 0, 0,
                                 "out of memory");
            return NONE;
        }
        o->cap = cap;
    }
    o->ch[o->n] = *c;
    o->cp[o->n] = cp;
    return o->n++;
}

/* Set the Han–Latin gap (rule 4): 1/4 em of the larger neighbour, which may
 * grow to 1/3 em and shrink to 1/8 em (rule 5). */
static void set_gap(pb_tchar *c, double em)
{
    c->glue = (float)(em / 4);
    c->stretch = (float)(em / 12);
    c->shrink = (float)(em / 8);
    c->gap = 1;
}

/* The pending space now knows its right neighbour: decide how it is set. */
static void flush_space(prep *p, int next_cls, double next_size)
{
    pb_tchar *s = &p->space;
    if (!p->have_space)
        return;
    p->have_space = 0;
    if (p->prev_cls == CL_PUNCT || next_cls == CL_PUNCT) {
        /* never a space beside CJK punctuation: it has its own room */
        s->sp = PB_SP_NONE;
        s->face = -1;
        s->adv = 0;
        s->stretch = 0;
        s->shrink = 0;
    } else if (p->prev_cls == CL_HAN || next_cls == CL_HAN) {
        double em = p->prev_size > next_size ? p->prev_size : next_size;
        s->sp = PB_SP_GAP;
        s->face = -1;
        s->adv = 0;
        if ((p->pieces[s->piece].style.flags & PB_STYLE_NO_GAP) &&
            (p->prev_cls == CL_LATIN || next_cls == CL_LATIN)) {
            s->sp = PB_SP_NONE; /* figures set close: the space goes */
            s->stretch = 0;
            s->shrink = 0;
        } else {
            /* (a space between two Han phrases stays a gap) */
            set_gap(s, em);
        }
    }
    /* else a Latin word space, as prepared by add_space */
    if (s->face >= 0)
        p->pv.valid = 0; /* a drawn space: no kerning or compression across */
    emit(p, ' ', s);
}

static void add_space(prep *p, uint32_t piece)
{
    const pb_text_piece *pc = &p->pieces[piece];
    double size = piece_size(pc);
    unsigned emu = 0;
    int face;
    if (p->have_space)
        return; /* collapse a run of spaces into one */
    face = face_lookup(p, pc->style.role, style_key(p, pc), ' ', &emu);
    memset(&p->space, 0, sizeof p->space);
    p->space.piece = piece;
    p->space.kind = PB_TK_SPACE;
    p->space.sp = PB_SP_WORD;
    p->space.face = (int16_t)face;
    p->space.emulate = (uint8_t)emu;
    if (face >= 0) {
        double nat = pb_face_advance_em(p->fs->faces[face], ' ') * size;
        p->space.adv = nat + piece_tracking(pc);
        /* a Latin word space may grow to 1/2 em and shrink by a third
         * (rule 5; TeX's proportions) */
        p->space.stretch = (float)(size / 2 > nat ? size / 2 - nat : 0);
        p->space.shrink = (float)(nat / 3);
    } else {
        p->space.sp = PB_SP_NONE; /* no face has a space: take no room */
    }
    p->have_space = 1;
}

/* The blank between two dashes set side by side, in points: what the
 * glyph leaves empty at its right edge and at its left. */
static double dash_gap(const pb_face *f, uint32_t cp, double size)
{
    double adv = pb_face_advance_em(f, cp), x0, x1, y0, y1, gap;
    if (adv < 0.9 || !pb_face_glyph_bounds_em(f, cp, &x0, &x1, &y0, &y1))
        return 0;
    gap = (adv - x1) + x0;
    return gap > 0 && gap < 0.3 ? gap * size : 0;
}

/* Write a mark's compression allowances (rule 3) into its character: what
 * pairing with its neighbours left of its blanks may still go inside a
 * line (at most 1/2 em of the mark in all), at a line start and at a line
 * end. */
static void store_mark(prep *p, const prev_glyph *g)
{
    pb_tchar *c;
    double half = g->size / 2, used = g->lused + g->rused;
    double lleft = g->lc - g->lused, rleft = g->rc - g->rused, ps;
    if (!p->out || g->index == NONE || p->st != PB_OK)
        return;
    c = &p->out->ch[g->index];
    ps = lleft + rleft;
    if (ps > half - used)
        ps = half - used;
    c->pshrink = (float)(ps > 0 ? ps : 0);
    c->lstart = (float)(g->lc < half - g->rused ? g->lc : half - g->rused);
    c->rend = (float)(g->rc < half - g->lused ? g->rc : half - g->lused);
    if (c->lstart < 0)
        c->lstart = 0;
    if (c->rend < 0)
        c->rend = 0;
    if (lleft > rleft)
        c->flags |= PB_TF_PLEFT;
    else
        c->flags &= (uint8_t)~PB_TF_PLEFT;
}

static void add_glyph(prep *p, uint32_t cp, uint32_t piece)
{
    const pb_text_piece *pc = &p->pieces[piece];
    double size = piece_size(pc);
    unsigned emu = 0, key = style_key(p, pc);
    int face, cls, cjk = p->cjk, shared = is_shared_mark(cp);
    const pb_face *f;
    prev_glyph cur;
    pb_tchar c;
    size_t idx;

    if (cp > 0xFFFF) {
        warn_char(p, "unsupported-char", cp);
        return;
    }
    if (shared) {
        cjk = shared_mark_cjk(p, cp);
        key = (key & ~STYLE_CJK) | (cjk ? STYLE_CJK : 0);
    }
    face = face_lookup(p, pc->style.role, key, cp, &emu);
    if (face < 0) {
        warn_char(p, "missing-glyph", cp);
        cp = PB_UTF8_REPLACEMENT;
        face = face_lookup(p, pc->style.role, key, cp, &emu);
        if (face < 0)
            return; /* dropped */
    }
    f = p->fs->faces[face];
    cls = char_class(cp, cjk);
    memset(&c, 0, sizeof c);
    c.piece = piece;
    c.kind = PB_TK_GLYPH;
    c.face = (int16_t)face;
    c.emulate = (uint8_t)emu;
    c.adv = pb_face_advance_em(f, cp) * size + piece_tracking(pc);
    if (cls == CL_HAN || cls == CL_PUNCT || pb_text_is_wide_(cp))
        c.flags |= PB_TF_WIDE;
    if (p->have_space) {
        flush_space(p, cls, size);
    } else if (((p->prev_cls == CL_HAN && cls == CL_LATIN) ||
                (p->prev_cls == CL_LATIN && cls == CL_HAN)) &&
               !(pc->style.flags & PB_STYLE_NO_GAP)) {
        set_gap(&c, p->prev_size > size ? p->prev_size : size);
    }

    memset(&cur, 0, sizeof cur);
    cur.valid = 1;
    cur.cp = cp;
    cur.face = face;
    cur.size = size;
    cur.wide = (c.flags & PB_TF_WIDE) != 0;
    if (cls == CL_PUNCT) {
        double l, r;
        pb_text_punct_blanks_(f, cp, &l, &r);
        cur.lc = l * size;
        cur.rc = r * size;
    }
    if (p->pv.valid && c.glue == 0) {
        prev_glyph *pv = &p->pv;
        if (pv->cp == cp && pv->face == face && pv->size == size &&
            (cp == 0x2014 || cp == 0x2015) && cls == CL_PUNCT) {
            /* the two halves of —— touch (GB/T 15834 4.9: one line two
             * characters long), in fonts whose dash stops short of the
             * em box's edges too */
            c.kern = (float)-dash_gap(f, cp, size);
        } else if ((pv->rc > 0 || cur.lc > 0) && pv->lc + pv->rc > 0 &&
            cur.lc + cur.rc > 0) {
            /* two adjacent marks share their blanks: together they take
             * 1/2 em less (。」 ），《“ take 1.5 em, rule 3), taken from
             * the first mark's right blank, then the second's left */
            double half = (pv->size < size ? pv->size : size) / 2;
            double room_a = pv->rc - pv->rused, total, a;
            if (room_a > half - pv->lused - pv->rused)
                room_a = half - pv->lused - pv->rused;
            if (room_a < 0)
                room_a = 0;
            total = room_a + cur.lc;
            if (total > half)
                total = half;
            a = total < room_a ? total : room_a;
            pv->rused += a;
            cur.lused = total - a;
            c.kern = (float)-total;
            store_mark(p, pv);
        } else if (!pv->wide && !cur.wide && pv->face == face &&
                   pv->size == size && piece_tracking(pc) == 0 &&
                   pb_face_has_kerning_(f)) {
            /* the Latin face's pair kerning (GPOS or 'kern') */
            c.kern = (float)(pb_face_kern_em(f, pv->cp, cp) * size);
        }
    }
    idx = emit(p, cp, &c);
    cur.index = idx;
    p->pv = cur;
    if (cur.lc > 0 || cur.rc > 0)
        store_mark(p, &cur);
    p->prev_cls = cls;
    p->prev_size = size;
    if (!shared)
        p->ctx = char_ctx(cp);
}

/* A character that is not drawn but matters to the line breaker. */
static void add_control(prep *p, uint32_t cp, uint32_t piece, int kind)
{
    pb_tchar c;
    flush_space(p, kind == PB_TK_BREAK ? CL_NONE : CL_OTHER, 0);
    memset(&c, 0, sizeof c);
    c.piece = piece;
    c.kind = (uint8_t)kind;
    c.face = -1;
    emit(p, cp, &c);
    p->pv.valid = 0;
    if (kind == PB_TK_BREAK) {
        p->prev_cls = CL_NONE;
        p->ctx = CTX_UNKNOWN;
    }
}

static int is_invisible(uint32_t cp)
{
    return cp == 0x00AD || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
}

static int is_breaking_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x205F || cp == 0x1680;
}

static void run_pieces(prep *p, const pb_text_piece *pieces, size_t npieces)
{
    size_t i;
    for (i = 0; i < FACE_CACHE; i++)
        p->cache[i].cp = 0xFFFFFFFFu;
    p->npieces = npieces;
    for (i = 0; i < npieces && p->st == PB_OK; i++) {
        const char *s = pieces[i].utf8;
        size_t len = s ? pieces[i].len : 0, off = 0;
        uint32_t piece = (uint32_t)i;
        while (off < len && p->st == PB_OK) {
            uint32_t cp;
            off += pb_utf8_decode(s + off, len - off, &cp);
            p->cur_piece = i;
            p->cur_off = off;
            if (cp == '\r') {
                if (off < len && s[off] == '\n')
                    continue; /* CR LF is one break */
                cp = '\n';
            }
            if (cp == '\n' || cp == 0x0B || cp == 0x0C || cp == 0x85 ||
                cp == 0x2028 || cp == 0x2029)
                add_control(p, cp == 0x85 ? '\n' : cp, piece, PB_TK_BREAK);
            else if (is_breaking_space(cp))
                add_space(p, piece);
            else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
                continue; /* other control characters are dropped */
            else if (is_invisible(cp))
                add_control(p, cp, piece, PB_TK_INVISIBLE);
            else
                add_glyph(p, cp, piece);
        }
    }
    flush_space(p, CL_NONE, 0);
}

/* Where justification may add space (PB_TF_SLOT, rule 5): after a CJK
 * character, before one, and at a Latin word space — never between the
 * letters of a Latin word. */
static void mark_slots(pb_text_chars *tc)
{
    size_t i, prev = NONE;
    for (i = 0; i < tc->n; i++) {
        pb_tchar *c = &tc->ch[i];
        if (c->kind == PB_TK_BREAK) {
            prev = NONE;
            continue;
        }
        if (c->face < 0)
            continue;
        if (prev != NONE) {
            pb_tchar *a = &tc->ch[prev];
            if ((a->flags & PB_TF_WIDE) || (c->flags & PB_TF_WIDE) ||
                (a->kind == PB_TK_SPACE && a->sp == PB_SP_WORD))
                a->flags |= PB_TF_SLOT;
        }
        prev = i;
    }
}

static void prep_init(prep *p, const pb_fontset *fs,
                      const pb_text_piece *pieces, const char *lang)
{
    p->fs = fs;
    p->pieces = pieces;
    p->npieces = 0;
    p->cjk = pb_text_lang_is_cjk_(lang);
    p->st = PB_OK;
    p->out = NULL;
    p->w = NULL;
    p->err = NULL;
    p->line = 0;
    p->cur_piece = p->cur_off = 0;
    p->ctx = CTX_UNKNOWN;
    memset(&p->pv, 0, sizeof p->pv);
    p->total = p->pending = 0;
    p->started = 0;
    p->prev_cls = CL_NONE;
    p->prev_size = 0;
    p->have_space = 0;
    p->nwarned = 0;
    p->warned_more = 0;
}

pb_status pb_text_chars_prepare_(const pb_fontset *fs,
                                 const pb_text_piece *pieces, size_t npieces,
                                 const char *lang, int line, pb_text_chars *out,
                                 pb_warnings *w, pb_error *err)
{
    prep *p = pb_malloc(sizeof *p);
    pb_status st;
    memset(out, 0, sizeof *out);
    if (!p)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    prep_init(p, fs, pieces, lang);
    p->out = out;
    p->w = w;
    p->err = err;
    p->line = line;
    run_pieces(p, pieces, npieces);
    st = p->st;
    pb_free(p);
    if (st != PB_OK)
        pb_text_chars_fini_(out);
    else
        mark_slots(out);
    return st;
}

void pb_text_chars_fini_(pb_text_chars *tc)
{
    if (!tc)
        return;
    pb_free(tc->ch);
    pb_free(tc->cp);
    memset(tc, 0, sizeof *tc);
}

double pb_text_chars_measure_(const pb_fontset *fs,
                              const pb_text_piece *pieces, size_t npieces,
                              const char *lang)
{
    prep p; /* about 16 KB: no heap, so measuring cannot fail */
    prep_init(&p, fs, pieces, lang);
    run_pieces(&p, pieces, npieces);
    return p.total;
}

double pb_text_measure(const pb_fontset *fs, const pb_text_piece *pieces,
                       size_t npieces, const char *lang)
{
    if (!fs || !pieces)
        return 0;
    return pb_text_chars_measure_(fs, pieces, npieces, lang);
}
