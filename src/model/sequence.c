/*
 * sequence.c — check the numbering of headings and numbered measures: in
 * each label family the values go up by one, restart at 1 under a new
 * parent, or continue across sections ((一)…(十五) over several sections is
 * fine).  A jump (5 → 7), a step back or a repeat is a "numbering" warning
 * naming both labels and their lines; analysis goes on.
 */
#include "model_int.h"

#include <string.h>

typedef struct seq_state {
    long last;          /* last value, 0 before the first */
    const pb_unit *at;  /* unit of the last value */
    int may_restart;    /* a parent came since: 1 is fine again */
} seq_state;

static int label_str(const pb_unit *u, char *out, size_t size)
{
    size_t n = u->label.end - u->label.start;
    if (n >= size)
        n = size - 1;
    memcpy(out, u->b->text.plain + u->label.start, n);
    out[n] = '\0';
    return (int)n;
}

pb_status pb_check_numbering(pb_actx *c)
{
    seq_state *st;
    size_t i, k;
    if (!c->nfam)
        return PB_OK;
    st = pb_arena_calloc(c->a, c->nfam, sizeof *st);
    if (!st)
        return PB_ERR_NOMEM;
    for (i = c->intro_end; i < c->closing_start; i++) {
        const pb_unit *u = &c->u[i];
        seq_state *s;
        long v;
        if (u->kind != PB_U_HEAD && u->kind != PB_U_CONTENT)
            continue;
        /* a heading starts a new scope for the families below it and for
         * all content; a numbered measure for the content below it */
        for (k = 0; k < c->nfam; k++) {
            const pb_family *f = &c->fam[k];
            if ((int)k == u->fam)
                continue;
            if (u->kind == PB_U_HEAD
                    ? (!f->heading || (f->rank >= 0 && f->rank > u->rank))
                    : (!f->heading && u->fam >= 0 && f->rank >= 0 &&
                       f->rank > c->fam[u->fam].rank))
                st[k].may_restart = 1;
        }
        if (!u->label.fam || u->fam < 0)
            continue;
        s = &st[u->fam];
        v = u->label.value;
        if (s->last && !(v == s->last + 1 || (v == 1 && s->may_restart))) {
            char a[64], b[64];
            const char *what = v == s->last ? "repeats"
                               : v < s->last ? "goes back from"
                                             : "jumps from";
            label_str(s->at, a, sizeof a);
            label_str(u, b, sizeof b);
            if (v == s->last
                    ? pb_warn(&c->doc->warnings, "numbering", u->b->line,
                              "numbering %s %s (line %d) at %s (line %d)",
                              what, a, s->at->b->line, b, u->b->line)
                    : pb_warn(&c->doc->warnings, "numbering", u->b->line,
                              "numbering %s %s (line %d) to %s (line %d)",
                              what, a, s->at->b->line, b, u->b->line))
                return PB_ERR_NOMEM;
        }
        s->last = v;
        s->at = u;
        s->may_restart = 0;
    }
    return PB_OK;
}
