/*
 * justify.c — how much a line's adjustable space grows or shrinks to fill
 * its width (TYPOGRAPHY rule 5).  Priorities: first Latin word spaces (up to
 * 1/2 em) and Han–Latin gaps (1/4 em, up to 1/3 em, down to 1/8 em), in
 * proportion to what each may give; then even inter-character spacing (PDF
 * Tc) for whatever remains.  The greedy filler uses it now; a Knuth–Plass
 * pass can rate candidate lines from the same pb_line_glue totals.
 */
#include "text_int.h"

void pb_text_adjust_(const pb_line_glue *g, double target,
                     pb_line_adjust *a)
{
    double extra = target - g->natural;
    a->ratio = 0;
    a->char_pt = 0;
    a->unfilled = 0;
    if (extra < 0) {
        /* too long: only the gaps may shrink; characters never overlap */
        if (g->shrink > 0) {
            a->ratio = extra / g->shrink;
            if (a->ratio < -1)
                a->ratio = -1;
        }
        a->unfilled = extra - a->ratio * g->shrink;
        return;
    }
    if (extra == 0)
        return;
    /* priority PB_JUST_SPACES */
    if (g->stretch > 0) {
        a->ratio = extra / g->stretch;
        if (a->ratio > 1)
            a->ratio = 1;
        extra -= a->ratio * g->stretch;
    }
    /* priority PB_JUST_CHARS: Tc after every character but the last */
    if (extra > 1e-9) {
        if (g->char_gaps > 0)
            a->char_pt = extra / (double)g->char_gaps;
        else
            a->unfilled = extra;
    }
}
