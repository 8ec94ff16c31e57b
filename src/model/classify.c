/*
 * classify.c — the first pass of analysis: turn each block of doc->blocks
 * into a unit and describe its shape: numbering label, heading-shaped or
 * not, bold, lead sentence, and the shapes of blocks that are not structure
 * (title repeated, document number, addressee, date, signature-like line,
 * bracketed note).  Decisions that need the neighbours are structure.c's.
 */
#include "model_int.h"

#include <string.h>

int pb_family_get(pb_actx *c, int type, int sub)
{
    size_t i;
    pb_family *f;
    for (i = 0; i < c->nfam; i++)
        if (c->fam[i].type == type && c->fam[i].sub == sub)
            return (int)i;
    f = PB_ARENA_PUSH(c->a, c->fam, c->nfam, c->cap_fam);
    if (!f) {
        c->nomem = 1;
        return -1;
    }
    f->type = type;
    f->sub = sub;
    f->first = (size_t)-1;
    f->body_first = (size_t)-1;
    f->rank = -1;
    return (int)(c->nfam - 1);
}

/* End of the bold run that starts at plain offset `from` (leading spaces
 * skipped), or 0 when the text there is not bold. */
static size_t bold_run_end(const pb_text *t, size_t from, size_t to)
{
    size_t i, pos = 0, end = 0;
    for (i = 0; i < t->nspans; i++) {
        const pb_span *sp = &t->spans[i];
        size_t s0 = pos, s1 = pos + sp->len, k, c0;
        int blank = 1;
        pos = s1;
        if (s1 <= from)
            continue;
        if (s0 >= to)
            break;
        c0 = from > s0 ? from - s0 : 0;
        for (k = c0; k < sp->len; k++)
            if (sp->text[k] != ' ' && sp->text[k] != '\n')
                blank = 0;
        if (blank && !(sp->flags & PB_SPAN_BREAK))
            continue; /* spaces between or before bold runs */
        if (!(sp->flags & PB_SPAN_BOLD) || (sp->flags & PB_SPAN_BREAK))
            break;
        end = s1;
    }
    return end > to ? to : end;
}

static int only_spaces(const char *s, size_t from, size_t to)
{
    return pb_skip_space(s, to, from) >= to;
}

static uint32_t fold_case(uint32_t c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

size_t pb_text_match_at(const char *a, size_t alen, const char *b,
                        size_t blen, size_t from)
{
    size_t i = 0, j = from, n, m;
    for (;;) {
        i = pb_skip_space(a, alen, i);
        if (i >= alen)
            return pb_skip_space(b, blen, j);
        j = pb_skip_space(b, blen, j);
        if (j >= blen)
            return (size_t)-1;
        if (fold_case(pb_cp_at(a, alen, i, &n)) !=
            fold_case(pb_cp_at(b, blen, j, &m)))
            return (size_t)-1;
        i += n;
        j += m;
    }
}

/* The same text modulo white space and Latin letter case (an h1 in
 * capitals repeating the title). */
static int same_text(const char *a, size_t alen, const char *b, size_t blen)
{
    return blen && pb_text_match_at(a, alen, b, blen, 0) == blen;
}

/* （此件公开发布） (Source: ...): the whole text inside one pair of brackets. */
static int bracketed(const char *s, size_t from, size_t to)
{
    size_t i, n;
    int depth = 0;
    uint32_t cp = pb_cp_at(s, to, from, &n);
    if (cp != 0xFF08 && cp != '(' && cp != 0x3010) /* （ ( 【 */
        return 0;
    for (i = from; i < to; i += n) {
        cp = pb_cp_at(s, to, i, &n);
        if (cp == 0xFF08 || cp == '(' || cp == 0x3010)
            depth++;
        else if (cp == 0xFF09 || cp == ')' || cp == 0x3011) {
            depth--;
            if (depth == 0 && i + n < to)
                return 0; /* closed before the end: (a) text... */
        }
    }
    return depth == 0;
}

/* 国发〔2018〕39号, 京政发[2018]12号, [2018] No. 39 */
static int docno_shaped(const char *s, size_t from, size_t to)
{
    size_t i, n, m, used;
    pb_tstats st;
    pb_tstats_of(s + from, to - from, &st);
    if (st.units > 25)
        return 0;
    for (i = from; i < to; i += n) {
        uint32_t cp = pb_cp_at(s, to, i, &n), cl;
        long y, num;
        size_t j;
        if (cp != 0x3014 && cp != 0xFF3B && cp != '[' && cp != 0x3010 &&
            cp != 0xFF08 && cp != '(' && cp != 0xFE5D)
            continue;
        j = i + n;
        y = pb_parse_number(s + j, to - j, &used);
        if (y < 1900 || y > 2200 || used != 4)
            continue;
        j += used;
        cl = pb_cp_at(s, to, j, &m);
        if (cl != 0x3015 && cl != 0xFF3D && cl != ']' && cl != 0x3011 &&
            cl != 0xFF09 && cl != ')' && cl != 0xFE5E)
            continue;
        j = pb_skip_space(s, to, j + m);
        if (j + 3 < to && (s[j] == 'N' || s[j] == 'n') && s[j + 1] == 'o' &&
            s[j + 2] == '.')
            j = pb_skip_space(s, to, j + 3);
        num = pb_parse_number(s + j, to - j, &used);
        if (num < 0)
            continue;
        j = pb_skip_space(s, to, j + used);
        if (j >= to || pb_cp_at(s, to, j, &m) == 0x53F7 ||
            pb_cp_at(s, to, j, &m) == 0x865F) /* 号 號 */
            return 1;
    }
    return 0;
}

/* 各省、自治区、直辖市人民政府，国务院各部委、各直属机构： — a line that ends
 * in a colon, has no sentence inside and is not long.  (Its position, before
 * the first heading, is checked by structure.c.) */
static int addressee_shaped(const char *s, size_t from, size_t to)
{
    size_t i, n, end = pb_trim_end(s, from, to);
    uint32_t last = pb_cp_before(s, end, NULL);
    pb_tstats st;
    if (last != 0xFF1A && last != ':')
        return 0;
    for (i = from; i < end; i += n) {
        uint32_t cp = pb_cp_at(s, end, i, &n);
        if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == '.')
            return 0;
    }
    pb_tstats_of(s + from, end - from, &st);
    /* 60 units: the longest usual addressee lists (provinces, ministries,
     * directly affiliated bodies) stay under it; a narrative sentence
     * ending in ： ("会议指出：") is short too, which is why the position
     * is also required. */
    return st.units >= 2 && st.units <= 60 && st.han >= st.words;
}

/* End of a closing line without one trailing comma or full stop
 * ("THE AGENCY," "January 5, 2022."), which signature and date
 * lines of English documents carry. */
static size_t closing_end(const char *s, size_t from, size_t to)
{
    size_t n, end = pb_trim_end(s, from, to);
    uint32_t last = pb_cp_before(s, end, &n);
    if (end > from + n && (last == ',' || last == '.' || last == 0xFF0C))
        end = pb_trim_end(s, from, end - n);
    return end;
}

/* Is there a sentence or clause mark in s[from..to)? */
static int has_mark(const char *s, size_t from, size_t to)
{
    size_t i, n;
    for (i = from; i < to; i += n) {
        uint32_t cp = pb_cp_at(s, to, i, &n);
        if (cp == '.' || cp == '!' || cp == '?' || cp == ';' ||
            cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B)
            return 1;
    }
    return 0;
}

/* 某某市人民政府<br>2023年1月5日: signature lines and the date in one
 * block, one per line. */
static int sign_and_date(const char *s, size_t from, size_t to)
{
    size_t i, line = from, last = (size_t)-1, n;
    for (i = from; i < to; i++)
        if (s[i] == '\n')
            last = i;
    if (last == (size_t)-1) {
        /* "某市人民政府 2023年5月20日": the two lines joined by a space (a
         * Markdown file with no blank line between them) */
        for (i = to; i > from; i--)
            if (s[i - 1] == ' ')
                break;
        return i > from + 1 && pb_is_date_text(s, i, to) &&
               pb_title_shaped(s, from, i - 1) &&
               !has_mark(s, from, i - 1);
    }
    if (!pb_is_date_text(s, last + 1, to))
        return 0;
    for (i = from; i <= last; i++) {
        if (s[i] != '\n')
            continue;
        n = pb_skip_space(s, i, line);
        if (n < i && !pb_title_shaped(s, n, closing_end(s, n, i)))
            return 0;
        line = i + 1;
    }
    return 1;
}

/* ——坚持某某原则。 — A dash (two em dashes, one em dash, or a dash and a
 * space) before the text. */
static int dash_led(const char *s, size_t from, size_t to)
{
    size_t n;
    uint32_t cp = pb_cp_at(s, to, from, &n);
    if (cp == 0x2014 || cp == 0x2015 || cp == 0x2500)
        return 1;
    return (cp == 0x2013 || cp == '-') &&
           pb_is_space_cp(pb_cp_at(s, to, from + n, NULL));
}

/* 一、总体要求…………1 / Introduction ....... 12: a table-of-contents
 * entry ends in a leader of at least three dots (or a run of ellipses)
 * and a page number. */
#define TOC_MIN_LEADER 3
static int toc_entry(const char *s, size_t from, size_t to)
{
    size_t end = pb_trim_end(s, from, to), i = end, n, digits = 0, dots = 0;
    uint32_t cp;
    while (i > from && (cp = pb_cp_before(s, i, &n)) != 0 &&
           pb_uc_is_digit(cp) && digits < 5) {
        i -= n;
        digits++;
    }
    if (!digits || digits >= 5)
        return 0;
    while (i > from && pb_is_space_cp(pb_cp_before(s, i, &n)))
        i -= n;
    while (i > from) {
        cp = pb_cp_before(s, i, &n);
        if (cp == 0x2026 || cp == 0x22EF)
            dots += 3; /* … ⋯ */
        else if (cp == '.' || cp == 0x00B7 || cp == 0xFF0E || cp == 0x30FB ||
                 cp == '_' || cp == ' ')
            dots += cp != ' ';
        else
            break;
        i -= n;
    }
    return dots >= TOC_MIN_LEADER && i > from;
}

static int is_lead_mark(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF1A || cp == 0xFF01 || cp == 0xFF1F ||
           cp == '.' || cp == ':' || cp == '!' || cp == '?';
}

void pb_classify_unit(pb_actx *c, pb_unit *u)
{
    const pb_block *b = u->b;
    const char *s = b->text.plain;
    size_t to = u->to, start, be, e;
    pb_doc *doc = c->doc;

    u->shape = 0;
    u->lead_end = 0;
    u->title_end = to;
    u->fam = -1;
    memset(&u->label, 0, sizeof u->label);
    if (b->kind == PB_BLOCK_TABLE || b->kind == PB_BLOCK_PRE)
        return;
    if (pb_label_parse(s + u->from, to - u->from, &u->label)) {
        u->label.start += u->from;
        u->label.end += u->from;
        u->label.next += u->from;
    }
    start = u->label.fam ? u->label.next : pb_skip_space(s, to, u->from);
    if (u->from == 0 && toc_entry(s, 0, to))
        u->shape |= PB_SH_TOC;

    if (!u->label.fam && u->from == 0) {
        if ((doc->title.plain_len &&
             same_text(s, to, doc->title.plain, doc->title.plain_len)) ||
            (doc->subtitle.plain_len &&
             same_text(s, to, doc->subtitle.plain, doc->subtitle.plain_len)))
            u->shape |= PB_SH_TITLE_REPEAT;
        if (pb_is_date_text(s, 0, closing_end(s, 0, to)))
            u->shape |= PB_SH_DATE;
        else if (sign_and_date(s, 0, to))
            u->shape |= PB_SH_SIGNDATE;
        if (dash_led(s, pb_skip_space(s, to, 0), to))
            u->shape |= PB_SH_DASH;
        if (bracketed(s, pb_skip_space(s, to, 0), pb_trim_end(s, 0, to)))
            u->shape |= PB_SH_NOTE;
        if (docno_shaped(s, 0, to))
            u->shape |= PB_SH_DOCNO;
        if (addressee_shaped(s, 0, to))
            u->shape |= PB_SH_ADDRESSEE;
    }
    if (start < to && pb_title_shaped(s, start, to)) {
        u->shape |= PB_SH_TITLE;
        if (!u->label.fam && !(u->shape & (PB_SH_DATE | PB_SH_NOTE)))
            u->shape |= PB_SH_SIGNLIKE;
    } else if (start < to && !u->label.fam &&
               !(u->shape & (PB_SH_DATE | PB_SH_NOTE)) &&
               closing_end(s, start, to) < pb_trim_end(s, start, to) &&
               pb_title_shaped(s, start, closing_end(s, start, to)) &&
               !has_mark(s, start, closing_end(s, start, to))) {
        u->shape |= PB_SH_SIGNLIKE; /* "THE AGENCY," */
    }

    be = start < to ? bold_run_end(&b->text, start, to) : 0;
    if (be >= to || (be > start && only_spaces(s, be, to))) {
        u->shape |= PB_SH_BOLD;
    } else if (be > start) {
        size_t k = pb_skip_space(s, to, be), n;
        uint32_t nx = pb_cp_at(s, to, k, &n);
        uint32_t lastb = pb_cp_before(s, pb_trim_end(s, start, be), NULL);
        if (is_lead_mark(nx)) {
            /* **加强组织领导**。各地…: the mark right after the bold run
             * belongs to the lead */
            u->shape |= PB_SH_BOLD_LEAD | PB_SH_LEAD;
            u->lead_end = k + n;
        } else if (is_lead_mark(lastb) || pb_ends_with_punct(s, start, be)) {
            u->shape |= PB_SH_BOLD_LEAD | PB_SH_LEAD;
            u->lead_end = be;
        } else if (pb_title_shaped(s, start, be)) {
            /* **Market access** We will…: a heading run, or a lead without
             * its full stop */
            u->shape |= PB_SH_BOLD_TITLE;
            u->title_end = be;
            e = pb_sentence_end(s, to, k);
            if (e && pb_lead_sized(s, k, e))
                u->shape |= PB_SH_REST_LEAD;
        }
    }
    if (!(u->shape & PB_SH_BOLD_LEAD) && start < to) {
        e = pb_sentence_end(s, to, start);
        if (e && e > start && pb_lead_sized(s, start, e)) {
            u->shape |= PB_SH_LEAD;
            u->lead_end = e;
        }
    }
    if (!(u->shape & PB_SH_BOLD_TITLE) && !(u->shape & PB_SH_TITLE) &&
        u->lead_end)
        u->title_end = u->lead_end;
    if (!(u->shape & PB_SH_TITLE) && start < to) {
        /* one sentence of heading size, nothing after it */
        size_t end = pb_trim_end(s, start, to);
        pb_tstats st;
        e = pb_sentence_end(s, to, start);
        pb_tstats_of(s + start, end - start, &st);
        if ((e == 0 || pb_skip_space(s, to, e) >= to) &&
            (st.words > st.han ? st.words <= PB_TITLE_MAX_WORDS
                               : st.units <= PB_TITLE_MAX_UNITS) &&
            st.units > 0)
            u->shape |= PB_SH_SHORT;
    }
}

pb_status pb_classify_units(pb_actx *c)
{
    pb_doc *doc = c->doc;
    size_t i;
    c->u = pb_arena_calloc(c->a, doc->nblocks ? doc->nblocks : 1,
                           sizeof *c->u);
    if (!c->u)
        return PB_ERR_NOMEM;
    c->cap = doc->nblocks;
    for (i = 0; i < doc->nblocks; i++) {
        pb_unit *u = &c->u[c->n++];
        u->b = &doc->blocks[i];
        u->from = 0;
        u->to = u->b->text.plain ? u->b->text.plain_len : 0;
        if (!u->b->text.plain) {
            /* a block built without text: give it an empty one */
            if (pb_text_from_plain(c->a, "", 0, &u->b->text) != PB_OK)
                return PB_ERR_NOMEM;
        }
        pb_classify_unit(c, u);
        u->kind = u->b->kind == PB_BLOCK_ITEM ? PB_U_ITEM : PB_U_PLAIN;
    }
    return c->nomem ? PB_ERR_NOMEM : PB_OK;
}

/* Does s[0..len) hold the byte string w? */
static int holds(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w), i;
    for (i = 0; i + n <= len; i++)
        if (s[i] == w[0] && memcmp(s + i, w, n) == 0)
            return 1;
    return 0;
}

/* The provisions a policy text ends with are short (a few sentences) and
 * say what they are in a few fixed phrases, Chinese or English.  Only
 * asked of the paragraphs after the last measure (outline.c,
 * find_closing), so the phrase search costs nothing elsewhere. */
#define PROVISION_MAX_UNITS 150
int pb_unit_is_provision(const pb_unit *u)
{
    static const char *const phrases[] = {
        "起施行", "起实施", "起执行", "起生效", "起正式施行", "起正式实施",
        "负责解释", "同时废止", "不再执行", "未尽事宜", "以本文件为准",
        "take effect", "takes effect", "come into force", "comes into force",
        "come into effect", "comes into effect", "shall be interpreted by",
        "responsible for interpreting", "is hereby repealed",
    };
    const char *s = u->b->text.plain + u->from;
    size_t len = u->to - u->from, i;
    pb_tstats st;
    if (u->label.fam || u->b->kind != PB_BLOCK_PARA || u->from != 0)
        return 0;
    pb_tstats_of(s, len, &st);
    if (st.units == 0 || st.units > PROVISION_MAX_UNITS)
        return 0;
    for (i = 0; i < PB_COUNTOF(phrases); i++)
        if (holds(s, len, phrases[i]))
            return 1;
    return 0;
}

/* 附件：某某清单 / 附件1. … / Annex: … — the attachment note GB/T 9704
 * sets under the body.  The word, then a colon or a number; short. */
#define ATTACHMENT_NOTE_MAX_UNITS 80
int pb_unit_is_attachment_note(const pb_unit *u)
{
    static const char *const words[] = {"附件", "附表", "Annex",
                                        "Attachment", "Appendix"};
    const char *s = u->b->text.plain;
    size_t from = pb_skip_space(s, u->to, u->from), i, n;
    pb_tstats st;
    if (u->label.fam || u->b->kind != PB_BLOCK_PARA || u->from != 0)
        return 0;
    for (i = 0; i < PB_COUNTOF(words); i++) {
        size_t wl = strlen(words[i]);
        uint32_t next;
        if (from + wl > u->to || memcmp(s + from, words[i], wl) != 0)
            continue;
        next = pb_cp_at(s, u->to, from + wl, &n);
        if (next == ':' || next == 0xFF1A || (next >= '0' && next <= '9') ||
            (next >= 0xFF10 && next <= 0xFF19) || next == ' ') {
            pb_tstats_of(s + from, u->to - from, &st);
            return st.units <= ATTACHMENT_NOTE_MAX_UNITS;
        }
    }
    return 0;
}
