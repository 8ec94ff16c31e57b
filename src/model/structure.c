/*
 * structure.c — build the tree from the units outline.c decided: intro
 * blocks, sections nested by heading rank, measures (numbered content,
 * list items, lead paragraphs) with their lead, body and extra blocks, and
 * the closing.  Paragraphs under a section before its first measure are
 * the section's paras; a block after a measure that is not itself a
 * measure (a continuation paragraph, a lower-level numbered item, a
 * nested list item, a table) is an extra block of that measure.
 */
#include "model_int.h"

#include <string.h>

#define MAX_DEPTH 16 /* deeper headings are flattened onto the deepest */

typedef enum { M_NONE, M_CONTENT, M_ITEM, M_LEAD } mkind;

typedef struct builder {
    pb_actx *c;
    pb_section *stack[MAX_DEPTH];
    int stack_rank[MAX_DEPTH];
    int depth;
    mkind cur;         /* kind of the open measure of the top section */
    int cur_fam;       /* its content family */
    int cur_level;     /* its list depth */
    int leads_ok;      /* lead paragraphs are measures in this section */
} builder;

/* A copy of the part of the unit's block it covers. */
static pb_status unit_block(pb_actx *c, const pb_unit *u, pb_block *out)
{
    *out = *u->b;
    out->id = NULL;
    out->role = u->role;
    if (u->from == 0 && u->to == u->b->text.plain_len)
        return PB_OK;
    out->kind = u->b->kind == PB_BLOCK_HEADING ? PB_BLOCK_PARA : u->b->kind;
    out->level = out->kind == PB_BLOCK_ITEM ? out->level : 0;
    return pb_text_slice(c->a, &u->b->text, u->from, u->to, &out->text);
}

static pb_status push_block(pb_actx *c, pb_block **items, size_t *n,
                            size_t *cap, const pb_unit *u)
{
    pb_block *slot = PB_ARENA_PUSH(c->a, *items, *n, *cap);
    if (!slot)
        return PB_ERR_NOMEM;
    return unit_block(c, u, slot);
}

static const char *label_text(pb_actx *c, const pb_unit *u)
{
    const char *s = u->b->text.plain;
    if (!u->label.fam)
        return NULL;
    return pb_arena_strndup(c->a, s + u->label.start,
                            u->label.end - u->label.start);
}

static pb_section *top(builder *bd)
{
    return bd->depth ? bd->stack[bd->depth - 1] : NULL;
}

static pb_status open_section(builder *bd, const pb_unit *u, int rank)
{
    pb_actx *c = bd->c;
    pb_doc *doc = c->doc;
    pb_section *parent, *s;
    size_t start, end;
    while (bd->depth > 0 && bd->stack_rank[bd->depth - 1] >= rank)
        bd->depth--;
    if (bd->depth == MAX_DEPTH)
        bd->depth--;
    parent = top(bd);
    s = parent ? PB_ARENA_PUSH(c->a, parent->subs, parent->nsubs,
                               parent->cap_subs)
               : PB_ARENA_PUSH(c->a, doc->sections, doc->nsections,
                               doc->cap_sections);
    if (!s)
        return PB_ERR_NOMEM;
    s->ordinal = parent ? (int)parent->nsubs : (int)doc->nsections;
    s->level = bd->depth + 1;
    bd->stack[bd->depth] = s;
    bd->stack_rank[bd->depth] = rank;
    bd->depth++;
    bd->cur = M_NONE;
    if (!u) { /* the untitled section of rule 6 */
        bd->leads_ok = c->implicit_leads_ok;
        return pb_text_from_plain(c->a, "", 0, &s->title);
    }
    bd->leads_ok = u->leads_ok;
    s->line = u->b->line;
    s->number = label_text(c, u);
    if (u->label.fam && !s->number)
        return PB_ERR_NOMEM;
    start = u->label.fam ? u->label.next
                         : pb_skip_space(u->b->text.plain, u->to, u->from);
    end = u->title_end > start ? u->title_end : start;
    if (u->b->kind != PB_BLOCK_HEADING) {
        /* 一、总体要求： / 一、加强组织领导。 — the mark ends the heading
         * sentence, it is not part of the title */
        size_t n;
        uint32_t last;
        end = pb_trim_end(u->b->text.plain, start, end);
        last = pb_cp_before(u->b->text.plain, end, &n);
        if (end > start + n && (last == 0x3002 || last == 0xFF1A ||
                                last == ':' || last == '.'))
            end -= n;
    }
    return pb_text_slice(c->a, &u->b->text, start, end, &s->title);
}

/* Articles of a regulation (第N条) are continuous legal text: their first
 * sentence is not a lead.  Only a bracketed article title is one:
 * 第一条【立法目的】为了… */
static size_t article_title(const char *t, size_t start, size_t to)
{
    size_t n, i;
    uint32_t cp = pb_cp_at(t, to, start, &n);
    if (cp != 0x3010) /* 【 */
        return start;
    for (i = start + n; i < to; i += n)
        if (pb_cp_at(t, to, i, &n) == 0x3011) /* 】 */
            return i + n;
    return start;
}

static pb_status open_measure(builder *bd, const pb_unit *u, mkind kind)
{
    pb_actx *c = bd->c;
    pb_section *s = top(bd);
    pb_measure *m = PB_ARENA_PUSH(c->a, s->measures, s->nmeasures,
                                  s->cap_measures);
    const char *t = u->b->text.plain;
    size_t start, lead_end;
    pb_status st;
    if (!m)
        return PB_ERR_NOMEM;
    m->ordinal = (int)s->nmeasures;
    m->line = u->b->line;
    bd->cur = kind;
    bd->cur_fam = u->fam;
    bd->cur_level = u->b->level;
    if (kind != M_LEAD && u->label.fam) {
        m->number = label_text(c, u);
        if (!m->number)
            return PB_ERR_NOMEM;
        start = u->label.next;
    } else {
        start = pb_skip_space(t, u->to, u->from);
        if (kind == M_ITEM && (u->b->flags & PB_BLOCK_ORDERED) &&
            u->b->ordinal > 0) {
            m->number = pb_arena_printf(c->a, "%d.", u->b->ordinal);
            if (!m->number)
                return PB_ERR_NOMEM;
        }
    }
    /* the lead: the first sentence when it is lead-sized or bold; a short
     * unpunctuated text is all lead; otherwise no lead, all body */
    lead_end = u->lead_end;
    if (u->label.fam == PB_LF_ZH_ARTICLE && !(u->shape & PB_SH_BOLD_LEAD))
        lead_end = article_title(t, start, u->to);
    else if (!lead_end && (u->shape & PB_SH_BOLD_TITLE))
        lead_end = u->title_end;
    if (!lead_end && (u->shape & (PB_SH_TITLE | PB_SH_BOLD)) &&
        kind != M_LEAD)
        lead_end = u->to;
    if (lead_end < start)
        lead_end = start;
    st = pb_text_slice(c->a, &u->b->text, start, lead_end, &m->lead);
    if (st == PB_OK)
        st = pb_text_slice(c->a, &u->b->text, lead_end, u->to, &m->body);
    return st;
}

static pb_status add_extra(builder *bd, const pb_unit *u)
{
    pb_section *s = top(bd);
    pb_measure *m = &s->measures[s->nmeasures - 1];
    return push_block(bd->c, &m->extra, &m->nextra, &m->cap_extra, u);
}

static pb_status add_para(builder *bd, const pb_unit *u)
{
    pb_section *s = top(bd);
    return push_block(bd->c, &s->paras, &s->nparas, &s->cap_paras, u);
}

/* Does content unit u start a new measure next to the open one? */
static int new_content_measure(const builder *bd, const pb_unit *u)
{
    const pb_actx *c = bd->c;
    if (bd->cur == M_NONE)
        return 1;
    if (bd->cur != M_CONTENT)
        return 0; /* numbered sub-points of a lead or list measure */
    if (u->fam == bd->cur_fam || u->fam == c->primary)
        return 1;
    if (u->fam >= 0 && bd->cur_fam >= 0 &&
        c->fam[u->fam].rank < c->fam[bd->cur_fam].rank)
        return 1; /* a family above the open measure's */
    return 0;
}

static pb_status place(builder *bd, const pb_unit *u)
{
    switch (u->kind) {
    case PB_U_CONTENT:
        if (new_content_measure(bd, u))
            return open_measure(bd, u, M_CONTENT);
        break;
    case PB_U_ITEM:
        if (bd->cur == M_NONE ||
            (bd->cur == M_ITEM && u->b->level <= bd->cur_level))
            return open_measure(bd, u, M_ITEM);
        break;
    case PB_U_LEAD:
        if (bd->leads_ok && (bd->cur == M_NONE || bd->cur == M_LEAD))
            return open_measure(bd, u, M_LEAD);
        break;
    default:
        break;
    }
    return bd->cur != M_NONE ? add_extra(bd, u) : add_para(bd, u);
}

pb_status pb_structure_build(pb_actx *c)
{
    pb_doc *doc = c->doc;
    builder bd;
    size_t i;
    pb_status st = PB_OK;
    memset(&bd, 0, sizeof bd);
    bd.c = c;
    for (i = 0; i < c->intro_end && st == PB_OK; i++)
        if (c->u[i].kind != PB_U_DROP)
            st = push_block(c, &doc->intro, &doc->nintro, &doc->cap_intro,
                            &c->u[i]);
    if (st == PB_OK && c->implicit_section && c->intro_end < c->closing_start)
        st = open_section(&bd, NULL, 0);
    for (i = c->intro_end; i < c->closing_start && st == PB_OK; i++) {
        const pb_unit *u = &c->u[i];
        if (u->kind == PB_U_DROP)
            continue;
        if (u->kind == PB_U_HEAD)
            st = open_section(&bd, u, u->rank);
        else
            st = place(&bd, u);
    }
    for (i = c->closing_start; i < c->n && st == PB_OK; i++)
        if (c->u[i].kind != PB_U_DROP)
            st = push_block(c, &doc->closing, &doc->nclosing,
                            &doc->cap_closing, &c->u[i]);
    /* the roles also go on the source blocks, for stages that read them */
    for (i = 0; i < c->n; i++)
        if (c->u[i].role)
            c->u[i].b->role = c->u[i].role;
    return st;
}
