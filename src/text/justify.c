/*
 * justify.c — how a line's adjustable space shrinks or grows to fill its
 * width (TYPOGRAPHY rule 5), and how bad the result is.  Shrink first takes
 * the blank of a mark at the line end (and of an opening mark at the line
 * start: rule 3 lets them go to half width), then Han–Latin gaps (to 1/8 em)
 * and word spaces, and only then the blanks of marks inside the line.
 * Stretch fills word spaces (to 1/2 em) and Han–Latin gaps (to 1/3 em),
 * then spreads evenly over the line's slots (PDF Tc between CJK characters,
 * never between the letters of a Latin word).  The badness (TeX's
 * 100 r^3) is what the line breaker minimises.
 */
#include "text_int.h"

#include <math.h>

#define EPS 1e-9
#define BAD_R 4.641588833612779 /* 100 r^3 = PB_BAD_INF */

double pb_text_stretch_badness_(double extra, const pb_line_glue *g,
                                double size_pt)
{
    double cap = g->stretch + g->slots * PB_SLOT_STRETCH_EM * size_pt, r;
    if (cap < PB_SLOT_STRETCH_EM * size_pt)
        cap = PB_SLOT_STRETCH_EM * size_pt; /* nothing, or little, can
                                                stretch: rate it as one slot */
    if (extra <= EPS || cap <= EPS)
        return extra <= EPS ? 0 : PB_BAD_INF;
    r = extra / cap;
    if (r <= BAD_R)
        return 100 * r * r * r;
    /* past TeX's inf_bad, keep growing (slowly, so that break penalties
     * still count): a fuller line is better than an emptier one */
    return PB_BAD_INF + 1000 * (r - BAD_R);
}

void pb_text_adjust_(const pb_line_glue *g, double target, double size_pt,
                     int stretch, pb_line_adjust *a)
{
    double extra = target - g->natural;
    a->ratio = a->ratio2 = a->ratio3 = 0;
    a->shrink1 = 0;
    a->char_pt = 0;
    a->unfilled = 0;
    a->badness = 0;
    if (extra < -EPS) {
        double need = -extra, cap;
        /* priority 1: free, the mark only loses blank that rule 3 allows */
        a->shrink1 = need < g->shrink1 ? need : g->shrink1;
        need -= a->shrink1;
        if (need <= EPS)
            return;
        cap = g->shrink2 + g->shrink3;
        if (g->shrink2 > 0) {
            a->ratio2 = need / g->shrink2;
            if (a->ratio2 > 1)
                a->ratio2 = 1;
            need -= a->ratio2 * g->shrink2;
        }
        if (need > EPS && g->shrink3 > 0) {
            a->ratio3 = need / g->shrink3;
            if (a->ratio3 > 1)
                a->ratio3 = 1;
            need -= a->ratio3 * g->shrink3;
        }
        if (need > 1e-6) {
            a->unfilled = -need; /* overfull: characters never overlap */
            a->badness = HUGE_VAL;
        } else {
            double r = (-extra - a->shrink1) / cap;
            a->badness = 100 * r * r * r;
        }
        return;
    }
    if (!stretch || extra <= EPS)
        return;
    a->badness = pb_text_stretch_badness_(extra, g, size_pt);
    /* priority 1: word spaces and Han–Latin gaps up to their limits */
    if (g->stretch > 0) {
        a->ratio = extra / g->stretch;
        if (a->ratio > 1)
            a->ratio = 1;
        extra -= a->ratio * g->stretch;
    }
    /* priority 2: even spacing at the slots */
    if (extra > EPS) {
        if (g->slots > 0)
            a->char_pt = extra / (double)g->slots;
        else
            a->unfilled = extra;
    }
}
