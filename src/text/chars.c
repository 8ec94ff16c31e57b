/*
 * chars.c — the first step of setting a paragraph: decode the pieces' UTF-8,
 * pick a face for every character (fallback, U+FFFD for what no face has),
 * and decide the spacing between characters: Latin word spaces, the 1/4 em
 * gap between Han and Latin letters or digits (TYPOGRAPHY rule 4), no space
 * next to CJK punctuation.  The same pass measures a single line.
 */
#include "text_int.h"

#include <math.h>
#include <string.h>

#define FACE_CACHE 1024     /* per-call (cp, role, style) → face cache */
#define MAX_CHAR_WARNINGS 16 /* distinct characters named per paragraph */

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

typedef struct prep {
    const pb_fontset *fs;
    const pb_text_piece *pieces;
    int cjk;
    int line;
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
    idx = pb_fs_face_for_(p->fs, role, style, cp, p->cjk, emulate);
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

/* Hand a finished character to the output (or to the measurement). */
static void emit(prep *p, uint32_t cp, const pb_tchar *c)
{
    pb_text_chars *o = p->out;
    if (p->st != PB_OK)
        return;
    if (!o) {
        if (c->kind == PB_TK_SPACE) {
            p->pending += c->adv + c->glue;
        } else if (c->kind == PB_TK_GLYPH) {
            p->total += p->started ? p->pending + c->glue + c->adv : c->adv;
            p->pending = 0;
            p->started = 1;
        }
        return;
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
            return;
        }
        o->cap = cap;
    }
    o->ch[o->n] = *c;
    o->cp[o->n] = cp;
    o->n++;
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
    } else if (p->prev_cls == CL_HAN || next_cls == CL_HAN) {
        double em = p->prev_size > next_size ? p->prev_size : next_size;
        s->sp = PB_SP_GAP;
        s->face = -1;
        s->adv = 0;
        set_gap(s, em);
    }
    /* else a Latin word space, as prepared by add_space */
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
    face = face_lookup(p, pc->style.role, pc->style.flags, ' ', &emu);
    memset(&p->space, 0, sizeof p->space);
    p->space.piece = piece;
    p->space.kind = PB_TK_SPACE;
    p->space.sp = PB_SP_WORD;
    p->space.face = (int16_t)face;
    p->space.emulate = (uint8_t)emu;
    if (face >= 0) {
        double nat = pb_face_advance_em(p->fs->faces[face], ' ') * size;
        p->space.adv = nat + piece_tracking(pc);
        /* a Latin word space may grow to 1/2 em (rule 5) */
        p->space.stretch = (float)(size / 2 > nat ? size / 2 - nat : 0);
    } else {
        p->space.sp = PB_SP_NONE; /* no face has a space: take no room */
        p->space.stretch = 0;
    }
    p->have_space = 1;
}

static void add_glyph(prep *p, uint32_t cp, uint32_t piece)
{
    const pb_text_piece *pc = &p->pieces[piece];
    double size = piece_size(pc);
    unsigned emu = 0;
    int face, cls;
    pb_tchar c;

    if (cp > 0xFFFF) {
        warn_char(p, "unsupported-char", cp);
        return;
    }
    face = face_lookup(p, pc->style.role, pc->style.flags, cp, &emu);
    if (face < 0) {
        warn_char(p, "missing-glyph", cp);
        cp = PB_UTF8_REPLACEMENT;
        face = face_lookup(p, pc->style.role, pc->style.flags, cp, &emu);
        if (face < 0)
            return; /* dropped */
    }
    cls = char_class(cp, p->cjk);
    memset(&c, 0, sizeof c);
    c.piece = piece;
    c.kind = PB_TK_GLYPH;
    c.face = (int16_t)face;
    c.emulate = (uint8_t)emu;
    c.adv = pb_face_advance_em(p->fs->faces[face], cp) * size +
            piece_tracking(pc);
    if (p->have_space) {
        flush_space(p, cls, size);
    } else if ((p->prev_cls == CL_HAN && cls == CL_LATIN) ||
               (p->prev_cls == CL_LATIN && cls == CL_HAN)) {
        set_gap(&c, p->prev_size > size ? p->prev_size : size);
    }
    emit(p, cp, &c);
    p->prev_cls = cls;
    p->prev_size = size;
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
    if (kind == PB_TK_BREAK)
        p->prev_cls = CL_NONE;
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
    for (i = 0; i < npieces && p->st == PB_OK; i++) {
        const char *s = pieces[i].utf8;
        size_t len = s ? pieces[i].len : 0, off = 0;
        uint32_t piece = (uint32_t)i;
        while (off < len && p->st == PB_OK) {
            uint32_t cp;
            off += pb_utf8_decode(s + off, len - off, &cp);
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

static void prep_init(prep *p, const pb_fontset *fs,
                      const pb_text_piece *pieces, const char *lang)
{
    p->fs = fs;
    p->pieces = pieces;
    p->cjk = pb_text_lang_is_cjk_(lang);
    p->st = PB_OK;
    p->out = NULL;
    p->w = NULL;
    p->err = NULL;
    p->line = 0;
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
