/*
 * outline.c — the decisions of analysis, on the shapes classify.c found:
 * which blocks are not structure (title repeated, document number,
 * addressee, signature, date, notes → intro or closing), which families of
 * blocks are section headings and at which rank, which are measures, where
 * the intro ends and the closing starts.  structure.c then builds the tree.
 *
 * The rules, in order (each cites the check it makes):
 *  1. Closing: the trailing run of date lines, bracketed notes and short
 *     unpunctuated lines; the short lines count as signatures only when
 *     the run holds a date (an organisation line then a date; or both in
 *     one block split by line breaks; English lines may end in , or .).
 *     Before it: the title repeated, also when set over two or three
 *     lines at the top; table-of-contents entries (…… 12); document
 *     number, addressee among the first lines.
 *  2. Candidates: <hN> blocks; paragraphs opening with a numbering label;
 *     bold heading-shaped paragraphs or opening bold runs; bare short
 *     paragraphs without terminal punctuation or an inner colon (only when
 *     nothing stronger marks headings: they are the weakest sign; under
 *     stronger headings only right above a numbered paragraph, as the
 *     cross-headings of numbered-paragraph papers).
 *  3. A label family is a heading family when most of its blocks are
 *     heading-shaped (or its name says so: 第一章, Part I, Section 3); else
 *     it numbers content (measures).  3b: a heading-shaped numbered line
 *     that does not continue its family's sequence and whose family's next
 *     block is a paragraph numbered 1 is a heading numbered like the
 *     paragraphs below it (2. Title: / 1. …): a family of its own.
 *  4. Ranks: order of first appearance; <hN> families among themselves by
 *     N; part > chapter > section > article among themselves.
 *  5. Every heading must be followed by content (not by a heading of the
 *     same or a higher rank, not by the end).  A numbered or <hN> family
 *     needs that for at least half of its blocks; bold and bare candidates
 *     need it one by one, must recur (at least two), and leading ones with
 *     no measures beneath are demoted when most of their siblings have
 *     measures (a byline before the first real heading).  Bare candidates
 *     also need measures under at least half of them: short unpunctuated
 *     lines over plain prose are captions or quotes more often than
 *     headings.
 *  6. No heading at all but a numbered content family recurring at least
 *     three times: one untitled section holds those measures.
 *  7. A top-ranked heading family of a single unnumbered block that opens
 *     the document, above other headings, is the page title: intro.
 *  8. Headings of a lower rank before the first heading of the top rank
 *     stay in the intro (warning "heading-skipped").
 *  9. Measures: numbered content, list items (a lone bullet is not a
 *     list), and lead paragraphs in sections where at least half the
 *     paragraphs open with a lead — only when no section of the document
 *     opens its measures with a numbered block, unless the leads are bold.
 *     An unmarked lead is a full sentence (not ending in a colon) whose
 *     first clause is not a short attribution (会议指出，…); a
 *     paragraph opening with a dash is a principle, not a measure
 *     (warning "principles").
 */
#include "model_int.h"

#include <string.h>

/* Headings and families --------------------------------------------- */

static int unit_is_noise(const pb_unit *u)
{
    return u->kind == PB_U_DROP || u->role != NULL;
}

/* 来源：某网 2018-03-21: a label and its value, page furniture, not a
 * heading (bare candidates only: numbered ones may end in a colon). */
static int has_colon(const char *s, size_t from, size_t to)
{
    size_t i, n;
    for (i = from; i < to; i += n) {
        uint32_t cp = pb_cp_at(s, to, i, &n);
        if (cp == ':' || cp == 0xFF1A)
            return 1;
    }
    return 0;
}

/* The candidate heading family of a unit, or -1. */
static int candidate_family(pb_actx *c, pb_unit *u)
{
    const pb_block *b = u->b;
    if (unit_is_noise(u) || u->is_rest)
        return -1;
    if (b->kind == PB_BLOCK_HEADING)
        return u->label.fam ? pb_family_get(c, PB_FT_LABEL, u->label.fam)
                            : pb_family_get(c, PB_FT_HEADING,
                                            b->level < 1   ? 1
                                            : b->level > 6 ? 6
                                                           : b->level);
    if (b->kind != PB_BLOCK_PARA)
        return -1;
    if (u->label.fam && u->hnum)
        return pb_family_get(c, PB_FT_LABEL, PB_LF_COUNT + u->label.fam);
    if (u->label.fam)
        return pb_family_get(c, PB_FT_LABEL, u->label.fam);
    if (((u->shape & PB_SH_BOLD) && (u->shape & PB_SH_TITLE)) ||
        (u->shape & PB_SH_BOLD_TITLE))
        return pb_family_get(c, PB_FT_BOLD, 0);
    if ((u->shape & PB_SH_TITLE) && !has_colon(b->text.plain, u->from, u->to))
        return pb_family_get(c, PB_FT_BARE, 0);
    return -1;
}

int pb_family_rank(const pb_actx *c, int f)
{
    if (f < 0 || (size_t)f >= c->nfam || !c->fam[f].heading ||
        !c->fam[f].accepted)
        return -1;
    return c->fam[f].rank;
}

static int is_head_candidate(const pb_actx *c, const pb_unit *u)
{
    return u->fam >= 0 && c->fam[u->fam].heading && c->fam[u->fam].accepted &&
           u->kind != PB_U_DROP && u->rank >= 0;
}

/* Rank the accepted heading families (rule 4). */
static void compute_ranks(pb_actx *c)
{
    int order[64], slots[64];
    size_t nf = 0, i, j;
    int r;
    /* first appearance among the units still in each family: a rejected
     * candidate (a bold byline) must not rank its family */
    for (i = 0; i < c->nfam; i++)
        c->fam[i].first = (size_t)-1;
    for (i = c->closing_start; i-- > 0;)
        if (c->u[i].fam >= 0)
            c->fam[c->u[i].fam].first = i;
    for (i = 0; i < c->nfam; i++) {
        c->fam[i].rank = -1;
        if (c->fam[i].heading && c->fam[i].accepted && nf < 64)
            order[nf++] = (int)i;
    }
    /* by first appearance */
    for (i = 1; i < nf; i++)
        for (j = i; j > 0 && c->fam[order[j]].first <
                                 c->fam[order[j - 1]].first; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    /* <hN> families keep their slots but take them in order of N */
    {
        size_t ns = 0, a, b;
        for (i = 0; i < nf; i++)
            if (c->fam[order[i]].hlevel)
                slots[ns++] = (int)i;
        for (a = 0; a < ns; a++)
            for (b = a + 1; b < ns; b++) {
                pb_family *fa = &c->fam[order[slots[a]]];
                pb_family *fb = &c->fam[order[slots[b]]];
                if (fb->hlevel < fa->hlevel) {
                    int t = order[slots[a]];
                    order[slots[a]] = order[slots[b]];
                    order[slots[b]] = t;
                }
            }
        ns = 0;
        for (i = 0; i < nf; i++) {
            pb_family *f = &c->fam[order[i]];
            if (!f->hlevel && f->type == PB_FT_LABEL &&
                pb_lfam_fixed_order((pb_lfam)f->sub))
                slots[ns++] = (int)i;
        }
        for (a = 0; a < ns; a++)
            for (b = a + 1; b < ns; b++) {
                int oa = pb_lfam_fixed_order(
                    (pb_lfam)c->fam[order[slots[a]]].sub);
                int ob = pb_lfam_fixed_order(
                    (pb_lfam)c->fam[order[slots[b]]].sub);
                if (ob < oa) {
                    int t = order[slots[a]];
                    order[slots[a]] = order[slots[b]];
                    order[slots[b]] = t;
                }
            }
    }
    /* families of the same <hN> level share a rank (## 一、A … ## 附件) */
    r = -1;
    for (i = 0; i < nf; i++) {
        pb_family *f = &c->fam[order[i]];
        pb_family *p = i ? &c->fam[order[i - 1]] : NULL;
        if (!(p && f->hlevel && f->hlevel == p->hlevel))
            r++;
        f->rank = r;
    }
    for (i = 0; i < c->n; i++)
        c->u[i].rank = pb_family_rank(c, c->u[i].fam);
}

/* Next unit after i that is not dropped, or c->n. */
static size_t next_unit(const pb_actx *c, size_t i)
{
    for (i++; i < c->n && c->u[i].kind == PB_U_DROP; i++)
        ;
    return i;
}

/* An unnumbered paragraph is a measure when it opens with a lead and goes
 * on after it: a one-sentence paragraph is prose, not a measure. */
/* An unmarked lead (no number, no bold) is the weakest sign of a measure,
 * so it must look like a measure's headline: a full sentence (ending in
 * 。 . ！ ？, not in a colon, which introduces a label, a source line or a
 * quote: 某某网消息：… 会议指出：…) whose first clause is not a short
 * attribution (会议强调，某项任务依然繁重。 is reported speech; a headline
 * with two clauses, 强化财政金融支持，降低企业成本。, is a lead). */
#define ATTRIBUTION_MAX_UNITS 4
static int plain_lead(const pb_unit *u)
{
    const char *s = u->b->text.plain;
    size_t i, n, from = pb_skip_space(s, u->lead_end, u->from);
    size_t end = pb_trim_end(s, from, u->lead_end);
    uint32_t last = pb_cp_before(s, end, NULL);
    while (last == 0x201D || last == 0x2019 || last == '"' ||
           last == 0xFF09 || last == ')') {
        end -= last < 0x80 ? 1 : 3;
        last = pb_cp_before(s, end, NULL);
    }
    if (last != 0x3002 && last != '.' && last != 0xFF0E && last != '!' &&
        last != 0xFF01 && last != '?' && last != 0xFF1F)
        return 0;
    for (i = from; i < end; i += n) {
        uint32_t cp = pb_cp_at(s, end, i, &n);
        if (cp == 0xFF0C || cp == ',' || cp == 0xFF1B || cp == ';') {
            pb_tstats st;
            pb_tstats_of(s + from, i - from, &st);
            return st.units > ATTRIBUTION_MAX_UNITS;
        }
    }
    return 1;
}

static int lead_with_body(const pb_unit *u)
{
    /* ——坚持某某原则。…: dash-led paragraphs list principles, not
     * measures */
    return (u->shape & PB_SH_LEAD) && u->lead_end &&
           !(u->shape & PB_SH_DASH) && plain_lead(u) &&
           pb_skip_space(u->b->text.plain, u->to, u->lead_end) < u->to;
}

static int has_rest(const pb_unit *u)
{
    return u->b->kind != PB_BLOCK_HEADING &&
           pb_skip_space(u->b->text.plain, u->to, u->title_end) < u->to;
}

/* Rule 5: is heading i followed by content before a heading of its rank
 * or above? */
static int followed_by_content(const pb_actx *c, size_t i)
{
    size_t j;
    const pb_unit *u = &c->u[i];
    if (has_rest(u))
        return 1;
    j = next_unit(c, i);
    if (j >= c->closing_start)
        return 0;
    if (is_head_candidate(c, &c->u[j]) && c->u[j].rank <= u->rank)
        return 0;
    return 1;
}

/* Does the range after heading i hold measures?  Numbered content or list
 * items do; lead paragraphs do when they are at least half of the
 * paragraphs (one lead-shaped sentence among prose is chance). */
typedef struct range_stats {
    size_t content, items, leads, bold_leads, paras;
} range_stats;

/* A list item with no other item before or after it: a lone bullet of
 * page furniture (a "video" label), not a list of measures. */
static int lone_item(const pb_actx *c, size_t i)
{
    return !(i > 0 && c->u[i - 1].b->kind == PB_BLOCK_ITEM) &&
           !(i + 1 < c->n && c->u[i + 1].b->kind == PB_BLOCK_ITEM);
}

static int is_content_unit(const pb_actx *c, const pb_unit *u)
{
    return u->label.fam && u->fam >= 0 && !c->fam[u->fam].heading &&
           !unit_is_noise(u) &&
           (u->b->kind == PB_BLOCK_PARA || u->b->kind == PB_BLOCK_QUOTE);
}

static void count_range(const pb_actx *c, size_t i, range_stats *rs)
{
    size_t j;
    const pb_unit *h = &c->u[i];
    memset(rs, 0, sizeof *rs);
    if (has_rest(h)) {
        rs->paras++;
        if (h->shape & PB_SH_REST_LEAD)
            rs->leads++;
    }
    for (j = i + 1; j < c->closing_start; j++) {
        const pb_unit *u = &c->u[j];
        if (is_head_candidate(c, u))
            break;
        if (unit_is_noise(u))
            continue;
        if (u->b->kind == PB_BLOCK_ITEM) {
            rs->items += !lone_item(c, j);
        } else if (is_content_unit(c, u)) {
            rs->content++;
        } else if (u->b->kind == PB_BLOCK_PARA) {
            rs->paras++;
            if (u->shape & PB_SH_BOLD_LEAD)
                rs->bold_leads++;
            else if (lead_with_body(u))
                rs->leads++;
            else if (u->shape & PB_SH_BOLD_TITLE)
                rs->bold_leads++; /* not a heading: a bold lead */
        }
    }
}

static int range_has_measures(const range_stats *rs)
{
    return rs->content || rs->items || rs->bold_leads ||
           (rs->leads && rs->leads * 2 >= rs->paras);
}

/* Rule 5 for one family; returns 1 when something changed. */
static int check_family(pb_actx *c, int fi)
{
    pb_family *f = &c->fam[fi];
    size_t i, total = 0, with_content = 0, with_measures = 0;
    int changed = 0, weak = f->type == PB_FT_BOLD || f->type == PB_FT_BARE;
    range_stats rs;
    if (!f->heading || !f->accepted)
        return 0;
    for (i = 0; i < c->closing_start; i++) {
        if (c->u[i].fam != fi || c->u[i].rank < 0)
            continue;
        total++;
        if (followed_by_content(c, i)) {
            with_content++;
        } else if (weak) {
            c->u[i].rank = -1; /* this one is not a heading */
            c->u[i].fam = -1;
            changed = 1;
        }
    }
    if (!weak) {
        if (total && with_content * 2 < total) {
            /* a list of one-line "headings": numbered content, or plain */
            f->heading = f->type == PB_FT_LABEL ? 0 : f->heading;
            f->accepted = f->type == PB_FT_LABEL;
            return 1;
        }
        return changed;
    }
    /* weak candidates: demote the leading ones without measures when most
     * of the others have measures */
    total = 0;
    for (i = 0; i < c->closing_start; i++) {
        if (c->u[i].fam != fi || c->u[i].rank < 0)
            continue;
        total++;
        count_range(c, i, &rs);
        if (range_has_measures(&rs))
            with_measures++;
    }
    if (f->cross)
        return changed; /* numbered paragraphs follow each of them */
    if (with_measures && with_measures * 2 >= total) {
        for (i = 0; i < c->closing_start; i++) {
            if (c->u[i].fam != fi || c->u[i].rank < 0)
                continue;
            count_range(c, i, &rs);
            if (range_has_measures(&rs))
                break;
            c->u[i].rank = -1;
            c->u[i].fam = -1;
            total--;
            changed = 1;
        }
    } else if (f->type == PB_FT_BARE) {
        total = 0; /* bare lines over prose: not headings */
    }
    if (total < 2) {
        for (i = 0; i < c->n; i++)
            if (c->u[i].fam == fi) {
                c->u[i].rank = -1;
                c->u[i].fam = -1;
            }
        f->accepted = 0;
        changed = 1;
    }
    return changed;
}

/* (i) after (h) is the letter i, not Roman one; likewise I.  And the
 * other way round: (v) after (iv) and (x) after (ix) are Roman five and
 * ten, not the letters v and x. */
static void fix_letter_roman(pb_actx *c)
{
    long last_lower = 0, last_upper = 0, last_roman = 0;
    size_t i;
    for (i = 0; i < c->n; i++) {
        pb_label *l = &c->u[i].label;
        const char *s = c->u[i].b->text.plain;
        size_t k, nletters = 0;
        char ch = 0;
        for (k = l->start; l->fam && k < l->end; k++)
            if ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')) {
                ch = s[k];
                nletters++;
            }
        if (nletters != 1)
            ch = 0;
        if (l->fam == PB_LF_ROMAN_PAREN && ch >= 'a' && ch <= 'z' &&
            last_lower == ch - 'a') {
            l->fam = PB_LF_LOWER_PAREN;
            l->value = ch - 'a' + 1;
        } else if (l->fam == PB_LF_ROMAN_DOT && ch >= 'A' && ch <= 'Z' &&
                   last_upper == ch - 'A') {
            l->fam = PB_LF_UPPER_DOT;
            l->value = ch - 'A' + 1;
        } else if (l->fam == PB_LF_LOWER_PAREN &&
                   ((ch == 'v' && last_roman == 4) ||
                    (ch == 'x' && last_roman == 9)) &&
                   last_lower != ch - 'a') {
            l->fam = PB_LF_ROMAN_PAREN;
            l->value = ch == 'v' ? 5 : 10;
        }
        if (l->fam == PB_LF_LOWER_PAREN)
            last_lower = l->value;
        else if (l->fam == PB_LF_UPPER_DOT)
            last_upper = l->value;
        else if (l->fam == PB_LF_ROMAN_PAREN)
            last_roman = l->value;
    }
}

/* Rule 1 and the roles of blocks outside the structure. */
static void find_closing(pb_actx *c)
{
    size_t j = c->n, taken = 0, k;
    int has_date = 0;
    while (j > 0 && taken < 8) {
        pb_unit *u = &c->u[j - 1];
        if (u->kind == PB_U_DROP) {
            j--;
            continue;
        }
        if (u->b->kind != PB_BLOCK_PARA && u->b->kind != PB_BLOCK_QUOTE)
            break;
        if (u->shape & (PB_SH_DATE | PB_SH_SIGNDATE))
            has_date = 1;
        else if (!(u->shape & (PB_SH_NOTE | PB_SH_SIGNLIKE)) &&
                 !pb_unit_is_attachment_note(u))
            break;
        j--;
        taken++;
    }
    if (!has_date) {
        /* only the trailing notes: (文章来源：…) */
        j = c->n;
        while (j > 0 && (c->u[j - 1].kind == PB_U_DROP ||
                         ((c->u[j - 1].shape & PB_SH_NOTE) &&
                          c->u[j - 1].b->kind == PB_BLOCK_PARA)))
            j--;
    }
    /* before the signature: the provisions about the text itself (本措施自…
     * 起施行) and the attachment notes (附件：…), which would otherwise read
     * as more of the last measure */
    while (j > 0 && (c->u[j - 1].kind == PB_U_DROP ||
                     pb_unit_is_provision(&c->u[j - 1]) ||
                     pb_unit_is_attachment_note(&c->u[j - 1])))
        j--;
    c->closing_start = j;
    for (k = j; k < c->n; k++) {
        pb_unit *u = &c->u[k];
        if (u->kind == PB_U_DROP)
            continue;
        if (pb_unit_is_provision(u))
            u->role = "provision";
        else if (pb_unit_is_attachment_note(u))
            u->role = "attachment";
        else if (u->shape & PB_SH_DATE)
            u->role = "date";
        else if (u->shape & PB_SH_NOTE)
            u->role = "note";
        else
            u->role = "signature";
    }
}

/* A title set over two or three lines at the top of the body (某某市人民政府
 * 关于做好某项工作 / 的通知): consecutive short blocks
 * among the first ones that together spell the title (or subtitle) are
 * the title repeated, like a single block would be. */
#define SPLIT_TITLE_FIRST 4 /* where the run may start */
#define SPLIT_TITLE_LINES 3 /* how many blocks it may span */
static void drop_split_title(pb_actx *c, const pb_text *title)
{
    size_t i, k;
    if (!title->plain_len)
        return;
    for (i = 0; i < c->closing_start && i < SPLIT_TITLE_FIRST; i++) {
        size_t pos = 0;
        for (k = i; k < c->closing_start && k < i + SPLIT_TITLE_LINES; k++) {
            const pb_unit *u = &c->u[k];
            if ((u->b->kind != PB_BLOCK_PARA &&
                 u->b->kind != PB_BLOCK_HEADING) ||
                u->label.fam || u->kind == PB_U_DROP)
                break;
            pos = pb_text_match_at(u->b->text.plain, u->to, title->plain,
                                   title->plain_len, pos);
            if (pos == (size_t)-1)
                break;
            if (pos >= title->plain_len) {
                if (k > i) {
                    size_t d;
                    for (d = i; d <= k; d++)
                        c->u[d].kind = PB_U_DROP;
                }
                return;
            }
        }
    }
}

static void mark_roles(pb_actx *c)
{
    size_t i, seen = 0;
    int structure_seen = 0;
    drop_split_title(c, &c->doc->title);
    drop_split_title(c, &c->doc->subtitle);
    for (i = 0; i < c->closing_start; i++) {
        pb_unit *u = &c->u[i];
        if (u->shape & PB_SH_TITLE_REPEAT && !u->label.fam) {
            u->kind = PB_U_DROP;
            continue;
        }
        if (u->shape & PB_SH_TOC) {
            u->role = "toc"; /* its numbers are not the structure's */
            continue;
        }
        if (u->b->kind == PB_BLOCK_HEADING || u->label.fam)
            structure_seen = 1;
        if (u->b->kind == PB_BLOCK_TABLE || u->b->kind == PB_BLOCK_PRE)
            continue;
        if (u->shape & PB_SH_DOCNO)
            u->role = "docno";
        else if (u->shape & PB_SH_DATE)
            u->role = "date";
        else if (u->shape & PB_SH_NOTE)
            u->role = "note";
        else if ((u->shape & PB_SH_ADDRESSEE) && !structure_seen && seen < 4)
            u->role = "addressee"; /* among the first lines, before any
                                      heading: 各省、自治区…： */
        seen++;
    }
    /* title repeats among the trailing blocks are dropped too */
    for (; i < c->n; i++)
        if ((c->u[i].shape & PB_SH_TITLE_REPEAT) && !c->u[i].label.fam &&
            !c->u[i].role)
            c->u[i].kind = PB_U_DROP;
}

/* Rule 3, second half: a family of short single sentences (一、总体要求：
 * or （一）加强组织领导。) titles sections when another numbering family,
 * first seen after it, numbers the blocks under at least half of its
 * blocks.  A family of lead-only measures has no such children. */
static int has_numbered_children(const pb_actx *c, int fi)
{
    const pb_family *f = &c->fam[fi];
    size_t i, units = 0, with = 0;
    int open = 0, seen = 0;
    for (i = f->first; i < c->closing_start; i++) {
        const pb_unit *u = &c->u[i];
        if (u->fam == fi) {
            units++;
            with += open && seen;
            open = 1;
            seen = 0;
        } else if (u->fam >= 0 && c->fam[u->fam].type == PB_FT_LABEL &&
                   c->fam[u->fam].first > f->first) {
            seen = 1;
        } else if (u->fam >= 0 && c->fam[u->fam].type == PB_FT_LABEL &&
                   c->fam[u->fam].first < f->first) {
            with += open && seen; /* a unit of a family above closes it */
            open = 0;
            seen = 0;
        }
    }
    with += open && seen;
    return units && with * 2 >= units;
}

/* Rule 3b: a short numbered line whose family's next block is a paragraph
 * numbered 1 (2. Title: / 1. Text of the paragraph…) is a
 * heading numbered like the paragraphs: it gets a family of its own. */
static void mark_heading_numbers(pb_actx *c)
{
    size_t i, j;
    long last[PB_LF_COUNT];
    memset(last, 0, sizeof last);
    for (i = 0; i < c->closing_start; i++) {
        pb_unit *u = &c->u[i];
        const char *s = u->b->text.plain;
        size_t end = pb_trim_end(s, u->from, u->to);
        uint32_t lastcp = pb_cp_before(s, end, NULL);
        long prev;
        u->hnum = 0;
        if (!u->label.fam)
            continue;
        prev = last[u->label.fam];
        last[u->label.fam] = u->label.value;
        /* a heading-shaped line (a colon at most at its end) that does not
         * continue a running sequence of its family */
        if (unit_is_noise(u) || u->b->kind != PB_BLOCK_PARA ||
            !((u->shape & PB_SH_TITLE) ||
              ((u->shape & PB_SH_SHORT) &&
               (lastcp == ':' || lastcp == 0xFF1A))) ||
            u->label.value == 1 || prev == u->label.value - 1)
            continue;
        for (j = i + 1; j < c->closing_start; j++)
            if (c->u[j].label.fam == u->label.fam)
                break;
        if (j < c->closing_start && c->u[j].label.value == 1 &&
            c->u[j].b->kind == PB_BLOCK_PARA &&
            !(c->u[j].shape & (PB_SH_TITLE | PB_SH_SHORT)))
            u->hnum = 1;
    }
}

/* Bare lines under stronger headings: only those right above a paragraph
 * numbered in a content family are headings (UK papers' cross-headings
 * over numbered paragraphs); the others stay paragraphs. */
static void keep_cross_headings(pb_actx *c, int fi)
{
    size_t i, j, kept = 0;
    for (i = 0; i < c->closing_start; i++) {
        const pb_unit *v;
        if (c->u[i].fam != fi)
            continue;
        j = next_unit(c, i);
        v = j < c->closing_start ? &c->u[j] : NULL;
        if (v && v->label.fam && v->fam >= 0 && !c->fam[v->fam].heading &&
            v->b->kind == PB_BLOCK_PARA) {
            kept++;
            continue;
        }
        c->u[i].fam = -1;
    }
    c->fam[fi].accepted = kept > 0;
    c->fam[fi].cross = kept > 0;
}

/* Rules 2 and 3. */
static void collect_families(pb_actx *c)
{
    size_t i, k;
    int strong = 0;
    mark_heading_numbers(c);
    for (i = 0; i < c->nfam; i++) {
        c->fam[i].count = c->fam[i].ntitle = c->fam[i].nshort = 0;
        c->fam[i].first = (size_t)-1;
        c->fam[i].hlevel = 0;
        c->fam[i].cross = 0;
    }
    for (i = 0; i < c->closing_start; i++) {
        pb_unit *u = &c->u[i];
        pb_family *f;
        u->fam = candidate_family(c, u);
        u->rank = -1;
        if (u->fam < 0)
            continue;
        f = &c->fam[u->fam];
        f->count++;
        if (f->first == (size_t)-1)
            f->first = i;
        if (u->b->kind == PB_BLOCK_HEADING) {
            int lv = u->b->level < 1 ? 1 : u->b->level;
            if (!f->hlevel || lv < f->hlevel)
                f->hlevel = lv;
            f->ntitle++;
        } else if (u->shape & (PB_SH_TITLE | PB_SH_BOLD_TITLE)) {
            f->ntitle++;
        } else if (u->shape & PB_SH_SHORT) {
            f->nshort++;
        }
    }
    for (k = 0; k < c->nfam; k++) {
        pb_family *f = &c->fam[k];
        if (!f->count) {
            f->heading = f->accepted = 0;
            continue;
        }
        if (f->type == PB_FT_LABEL) {
            int hint = pb_lfam_role_hint((pb_lfam)f->sub);
            f->heading = f->hlevel ? 1
                         : hint    ? hint > 0
                                   : f->ntitle * 2 > f->count ||
                                      ((f->ntitle + f->nshort) * 2 > f->count &&
                                       has_numbered_children(c, (int)k));
        } else {
            f->heading = 1;
        }
        f->accepted = 1;
        if (f->heading && (f->type == PB_FT_LABEL ||
                           f->type == PB_FT_HEADING))
            strong = 1;
    }
    /* bare lines only when nothing stronger marks the headings, or as
     * cross-headings right above numbered paragraphs */
    for (k = 0; k < c->nfam; k++)
        if (c->fam[k].type == PB_FT_BARE && strong && c->fam[k].count)
            keep_cross_headings(c, (int)k);
    for (k = 0; k < c->nfam; k++)
        if (c->fam[k].type == PB_FT_BOLD && c->fam[k].count < 2)
            c->fam[k].accepted = 0;
}

/* Rule 7: a heading family of one block at the very top of the document,
 * above other headings, is the page's title (an <h1> that differs a little
 * from the front-matter title), not a section holding all the others. */
static void demote_lone_top(pb_actx *c)
{
    size_t i, k, first_content = c->closing_start;
    int top = -1, others = 0;
    for (k = 0; k < c->nfam; k++) {
        pb_family *f = &c->fam[k];
        if (!f->heading || !f->accepted || f->rank < 0)
            continue;
        if (f->rank == 0) {
            if (top >= 0)
                return; /* two families share the top rank */
            top = (int)k;
        } else {
            others = 1;
        }
    }
    /* a numbered heading (一、 2.) is never the page's title */
    if (top < 0 || !others || c->fam[top].type == PB_FT_LABEL)
        return;
    for (i = 0; i < c->closing_start; i++)
        if (!unit_is_noise(&c->u[i])) {
            first_content = i;
            break;
        }
    {
        size_t units = 0, at = 0;
        for (i = 0; i < c->closing_start; i++)
            if (c->u[i].fam == top && c->u[i].rank >= 0) {
                units++;
                at = i;
            }
        if (units != 1 || at != first_content)
            return;
        c->u[at].fam = -1;
        c->u[at].rank = -1;
        c->u[at].role = "title";
        c->fam[top].accepted = 0;
    }
    compute_ranks(c);
}

/* Rule 8: headings of a lower rank before the first heading of the top
 * rank (a box of facts above Part I) have no section to belong to:
 * they stay in the intro, with a warning. */
static pb_status intro_headings(pb_actx *c)
{
    size_t i;
    int top = -1;
    for (i = 0; i < c->closing_start; i++)
        if (c->u[i].kind == PB_U_HEAD && (top < 0 || c->u[i].rank < top))
            top = c->u[i].rank;
    for (i = 0; i < c->closing_start; i++) {
        pb_unit *u = &c->u[i];
        const char *s = u->b->text.plain;
        if (u->kind != PB_U_HEAD)
            continue;
        if (u->rank == top)
            break;
        u->kind = PB_U_PLAIN;
        u->fam = -1;
        u->rank = -1;
        if (pb_warn(&c->doc->warnings, "heading-skipped", u->b->line,
                    "\"%.*s\" (line %d) looks like a heading but comes "
                    "before the first top-level heading: kept in the intro",
                    (int)(u->to - u->from > 60 ? 60 : u->to - u->from),
                    s + u->from, u->b->line))
            return PB_ERR_NOMEM;
    }
    return PB_OK;
}

/* Dash-led paragraphs (——坚持市场导向。…) are taken as a list of
 * principles, not as measures: one warning per run, since it is a guess. */
static pb_status warn_principles(pb_actx *c)
{
    size_t i = c->intro_end, j;
    while (i < c->closing_start) {
        if (!(c->u[i].shape & PB_SH_DASH) || !(c->u[i].shape & PB_SH_LEAD) ||
            c->u[i].b->kind != PB_BLOCK_PARA) {
            i++;
            continue;
        }
        for (j = i; j < c->closing_start && (c->u[j].shape & PB_SH_DASH);)
            j++;
        if (pb_warn(&c->doc->warnings, "principles", c->u[i].b->line,
                    "%zu paragraph%s opening with a dash (line %d) read as "
                    "a list of principles, not as measures",
                    j - i, j - i == 1 ? "" : "s", c->u[i].b->line))
            return PB_ERR_NOMEM;
        i = j;
    }
    return PB_OK;
}

/* Unit kinds once the families are settled. */
static void settle_kinds(pb_actx *c)
{
    size_t i;
    for (i = 0; i < c->n; i++) {
        pb_unit *u = &c->u[i];
        pb_family *f = u->fam >= 0 ? &c->fam[u->fam] : NULL;
        if (u->kind == PB_U_DROP)
            continue;
        u->kind = PB_U_PLAIN;
        if (u->role || i >= c->closing_start)
            continue;
        if (f && f->heading && f->accepted && u->rank >= 0) {
            u->kind = PB_U_HEAD;
            if (u->b->kind == PB_BLOCK_HEADING)
                u->title_end = u->to;
        } else if (u->b->kind == PB_BLOCK_ITEM) {
            /* a lone bullet (one item, no list around it) is page
             * furniture, not a list of measures */
            u->kind = lone_item(c, i) ? PB_U_PLAIN : PB_U_ITEM;
        } else if (u->b->kind == PB_BLOCK_PARA && u->label.fam && f &&
                   !f->heading) {
            u->kind = PB_U_CONTENT; /* includes families rejected as
                                       headings (rule 5) */
        } else if (u->b->kind == PB_BLOCK_PARA &&
                   ((u->shape & (PB_SH_BOLD_LEAD | PB_SH_BOLD_TITLE)) ||
                    lead_with_body(u))) {
            u->kind = PB_U_LEAD;
            if (!u->lead_end)
                u->lead_end = u->title_end; /* a bold lead without a mark */
        }
    }
}

/* Split heading paragraphs whose text goes on after the heading part:
 * the rest becomes a unit of its own (a paragraph or a measure). */
static pb_status split_heads(pb_actx *c)
{
    size_t i, extra = 0, k = 0;
    size_t old_intro = c->intro_end, old_closing = c->closing_start;
    pb_unit *nu;
    for (i = 0; i < c->n; i++)
        if (c->u[i].kind == PB_U_HEAD && has_rest(&c->u[i]))
            extra++;
    if (!extra)
        return PB_OK;
    nu = pb_arena_calloc(c->a, c->n + extra, sizeof *nu);
    if (!nu)
        return PB_ERR_NOMEM;
    for (i = 0; i < c->n; i++) {
        pb_unit *u = &c->u[i];
        nu[k++] = *u;
        if (u->kind == PB_U_HEAD && has_rest(u)) {
            pb_unit *r = &nu[k++];
            memset(r, 0, sizeof *r);
            r->b = u->b;
            r->from = u->title_end;
            r->to = u->to;
            r->is_rest = 1;
            pb_classify_unit(c, r);
            nu[k - 2].to = u->title_end;
        }
        if (i + 1 == old_intro)
            c->intro_end = k;
        if (i + 1 == old_closing)
            c->closing_start = k;
    }
    c->u = nu;
    c->n = c->cap = k;
    /* the rests take their kinds like any other unit */
    for (i = 0; i < c->n; i++) {
        pb_unit *u = &c->u[i];
        if (!u->is_rest || u->kind != PB_U_PLAIN)
            continue;
        if (u->label.fam) {
            int fi = pb_family_get(c, PB_FT_LABEL, u->label.fam);
            if (fi >= 0 && !c->fam[fi].heading && c->fam[fi].count) {
                u->fam = fi;
                u->kind = PB_U_CONTENT;
                continue;
            }
            u->fam = -1;
        }
        if ((u->shape & PB_SH_BOLD_LEAD) || lead_with_body(u))
            u->kind = PB_U_LEAD;
    }
    return c->nomem ? PB_ERR_NOMEM : PB_OK;
}

static int ends_in_colon(const pb_unit *u)
{
    const char *s = u->b->text.plain;
    uint32_t last = pb_cp_before(s, pb_trim_end(s, u->from, u->to), NULL);
    return last == ':' || last == 0xFF1A;
}

/* Does the document number its measures: is there a section whose first
 * measure-like block is a numbered one?  (Numbered blocks that come after
 * a lead paragraph are its sub-items, not measures of their own.) */
static int numbers_measures(const pb_actx *c)
{
    size_t i;
    int open = c->implicit_section;
    for (i = c->intro_end; i < c->closing_start; i++) {
        const pb_unit *u = &c->u[i];
        if (u->kind == PB_U_HEAD) {
            open = 1;
        } else if (open && u->kind == PB_U_CONTENT) {
            return 1;
        } else if (open && u->kind == PB_U_LEAD) {
            open = 0;
        }
    }
    return 0;
}

/* Which sections take their lead paragraphs as measures. */
static void decide_leads(pb_actx *c)
{
    size_t i, j;
    int numbered = numbers_measures(c);
    for (i = c->intro_end; i < c->closing_start; i++) {
        range_stats rs;
        pb_unit *h = &c->u[i];
        if (h->kind != PB_U_HEAD)
            continue;
        int subs = 0; /* in a run of sub-items of a lead paragraph */
        memset(&rs, 0, sizeof rs);
        for (j = i + 1; j < c->closing_start; j++) {
            pb_unit *u = &c->u[j];
            if (u->kind == PB_U_HEAD)
                break;
            /* numbered lines right after a lead paragraph that ends in a
             * colon (…，具体包括：) are its sub-items, not measures */
            if (u->kind == PB_U_LEAD)
                subs = ends_in_colon(u);
            else if (u->kind != PB_U_CONTENT && u->kind != PB_U_ITEM)
                subs = 0;
            if (u->kind == PB_U_CONTENT && !subs)
                rs.content++;
            else if (u->kind == PB_U_ITEM && !subs)
                rs.items++;
            if (u->b->kind == PB_BLOCK_PARA && u->kind != PB_U_CONTENT &&
                !u->role && u->kind != PB_U_DROP) {
                rs.paras++;
                if (u->kind == PB_U_LEAD &&
                    (u->shape & (PB_SH_BOLD_LEAD | PB_SH_BOLD_TITLE)))
                    rs.bold_leads++;
                else if (u->kind == PB_U_LEAD)
                    rs.leads++;
            }
        }
        /* a document that numbers its measures does not make unnumbered
         * lead paragraphs measures elsewhere (某某条件：… under a
         * heading of a notice whose measures are 1. 2. 3.), unless the
         * leads are marked bold */
        h->leads_ok = !rs.content && !rs.items &&
                      (rs.bold_leads ||
                       (!numbered && rs.leads * 2 >= rs.paras));
    }
    c->implicit_leads_ok = 0; /* an untitled section (rule 6) holds the
                                 numbered measures only */
}

pb_status pb_outline_decide(pb_actx *c)
{
    size_t i;
    int round;
    find_closing(c);
    mark_roles(c);
    fix_letter_roman(c);
    collect_families(c);
    if (c->nomem)
        return PB_ERR_NOMEM;
    compute_ranks(c);
    for (round = 0; round < 6; round++) {
        int changed = 0;
        size_t k;
        for (k = 0; k < c->nfam; k++)
            changed |= check_family(c, (int)k);
        compute_ranks(c);
        if (!changed)
            break;
    }
    demote_lone_top(c);
    settle_kinds(c);

    /* the intro ends at the first heading of the top rank (rule 8; rule 6
     * when there is none) */
    if (intro_headings(c) != PB_OK)
        return PB_ERR_NOMEM;
    c->intro_end = c->closing_start;
    c->primary = -1;
    for (i = 0; i < c->closing_start; i++)
        if (c->u[i].kind == PB_U_HEAD) {
            c->intro_end = i;
            break;
        }
    if (c->intro_end == c->closing_start) {
        size_t k, best = (size_t)-1;
        for (k = 0; k < c->nfam; k++) {
            pb_family *f = &c->fam[k];
            if (f->type == PB_FT_LABEL && !f->heading && f->count >= 3 &&
                f->sub != PB_LF_ZH_SHI && f->sub != PB_LF_ZH_DI &&
                f->first < best)
                best = f->first;
        }
        if (best != (size_t)-1) {
            c->intro_end = best;
            c->implicit_section = 1;
        }
    }
    if (split_heads(c) != PB_OK)
        return PB_ERR_NOMEM;
    /* the measures' family: the first numbered content in the body;
     * content ranks by first appearance in the body */
    {
        int r = 0;
        size_t k;
        for (k = 0; k < c->nfam; k++)
            if (!c->fam[k].heading)
                c->fam[k].rank = -1;
        for (i = c->intro_end; i < c->closing_start; i++) {
            pb_unit *u = &c->u[i];
            if (u->kind != PB_U_CONTENT || u->fam < 0)
                continue;
            if (c->primary < 0)
                c->primary = u->fam;
            if (c->fam[u->fam].rank < 0)
                c->fam[u->fam].rank = r++;
        }
    }
    decide_leads(c);
    if (warn_principles(c) != PB_OK)
        return PB_ERR_NOMEM;
    return c->nomem ? PB_ERR_NOMEM : PB_OK;
}
