/*
 * ids.c — stable ids for every node of the analysed model, derived from its
 * place: intro.N, sN, sN.sM, sN.mK (sN.sM.mK), sN.pJ for a section's
 * paragraphs, sN.mK.pJ for a measure's extra blocks, closing.N.  Ids given
 * by the input (policy XML) are kept.  Used by the XML back end, links and
 * bookmarks.
 */
#include "model_int.h"

static pb_status set_id(pb_arena *a, const char **id, const char *fmt,
                        const char *prefix, size_t n)
{
    if (*id)
        return PB_OK;
    *id = prefix ? pb_arena_printf(a, fmt, prefix, n)
                 : pb_arena_printf(a, fmt, n);
    return *id ? PB_OK : PB_ERR_NOMEM;
}

static pb_status section_ids(pb_arena *a, pb_section *s, const char *parent,
                             size_t n)
{
    size_t i, j;
    pb_status st = parent ? set_id(a, &s->id, "%s.s%zu", parent, n)
                          : set_id(a, &s->id, "s%zu", NULL, n);
    if (s->ordinal == 0)
        s->ordinal = (int)n;
    for (i = 0; st == PB_OK && i < s->nparas; i++)
        st = set_id(a, &s->paras[i].id, "%s.p%zu", s->id, i + 1);
    for (i = 0; st == PB_OK && i < s->nmeasures; i++) {
        pb_measure *m = &s->measures[i];
        st = set_id(a, &m->id, "%s.m%zu", s->id, i + 1);
        if (m->ordinal == 0)
            m->ordinal = (int)(i + 1);
        for (j = 0; st == PB_OK && j < m->nextra; j++)
            st = set_id(a, &m->extra[j].id, "%s.p%zu", m->id, j + 1);
    }
    for (i = 0; st == PB_OK && i < s->nsubs; i++)
        st = section_ids(a, &s->subs[i], s->id, i + 1);
    return st;
}

pb_status pb_assign_ids(pb_doc *doc)
{
    size_t i;
    pb_status st = PB_OK;
    for (i = 0; st == PB_OK && i < doc->nintro; i++)
        st = set_id(doc->arena, &doc->intro[i].id, "intro.%zu", NULL, i + 1);
    for (i = 0; st == PB_OK && i < doc->nsections; i++) {
        if (doc->sections[i].ordinal == 0)
            doc->sections[i].ordinal = (int)(i + 1);
        st = section_ids(doc->arena, &doc->sections[i], NULL, i + 1);
    }
    for (i = 0; st == PB_OK && i < doc->nclosing; i++)
        st = set_id(doc->arena, &doc->closing[i].id, "closing.%zu", NULL,
                    i + 1);
    return st;
}
