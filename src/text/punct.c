/*
 * punct.c — where a full-width punctuation mark's ink sits in its em box,
 * which decides what punctuation compression (TYPOGRAPHY rule 3, clreq
 * 3.1.6 标点挤压) may take away.  Fonts differ: mainland fonts draw ，。
 * in the left half, others centre them; brackets and quotes hug the text
 * they enclose.  So the blanks are read from each glyph's bounds (FreeType)
 * rather than assumed, and cached per face.
 */
#include "text_int.h"

#include <math.h>

#define KEEP_EM 0.04      /* ink never comes closer than this to the cut */
#define BLANK_MIN_EM 0.25 /* less than this is not a blank side */
#define CENTRED_EM 0.2    /* sides within this of each other: centred */

/* The marks that compression applies to: brackets, quotes, pauses and
 * stops, middle dots.  Dashes, ellipses and tildes are drawn across the
 * whole em and keep it. */
static int compressible(uint32_t cp)
{
    switch (cp) {
    case 0x201C: case 0x201D: case 0x2018: case 0x2019:   /* “”‘’ */
    case 0xFF08: case 0xFF09: case 0x300A: case 0x300B:   /* （）《》 */
    case 0x3008: case 0x3009: case 0x300C: case 0x300D:   /* 〈〉「」 */
    case 0x300E: case 0x300F: case 0x3010: case 0x3011:   /* 『』【】 */
    case 0x3014: case 0x3015: case 0x3016: case 0x3017:   /* 〔〕〖〗 */
    case 0x3018: case 0x3019: case 0x301A: case 0x301B:   /* 〘〙〚〛 */
    case 0xFF3B: case 0xFF3D: case 0xFF5B: case 0xFF5D:   /* ［］｛｝ */
    case 0xFF5F: case 0xFF60:                             /* ｟｠ */
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E:   /* 、。，． */
    case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F:   /* ：；！？ */
    case 0x00B7: case 0x30FB: case 0x2027:                /* ·・‧ */
        return 1;
    }
    return 0;
}

static void measure(const pb_face *face, uint32_t cp, float *lr)
{
    double adv = pb_face_advance_em(face, cp), x0, x1, y0, y1, lb, rb;
    lr[0] = lr[1] = 0;
    /* only full-width glyphs: a Latin font's proportional quote has no
     * blank to give */
    if (adv < 0.9 || adv > 1.1 ||
        !pb_face_glyph_bounds_em(face, cp, &x0, &x1, &y0, &y1) || x1 <= x0)
        return;
    lb = x0 - KEEP_EM;
    rb = adv - x1 - KEEP_EM;
    if (lb >= BLANK_MIN_EM && rb >= BLANK_MIN_EM &&
        fabs(lb - rb) < CENTRED_EM) {
        /* centred: a quarter em on each side */
        lr[0] = (float)(lb < 0.25 ? lb : 0.25);
        lr[1] = (float)(rb < 0.25 ? rb : 0.25);
    } else if (rb > lb && rb >= BLANK_MIN_EM - KEEP_EM) {
        lr[1] = (float)(rb < 0.5 ? rb : 0.5);
    } else if (lb > rb && lb >= BLANK_MIN_EM - KEEP_EM) {
        lr[0] = (float)(lb < 0.5 ? lb : 0.5);
    }
}

void pb_text_punct_blanks_(const pb_face *face, uint32_t cp, double *left_em,
                           double *right_em)
{
    float lr[2];
    *left_em = *right_em = 0;
    if (!face || !compressible(cp))
        return;
    if (!pb_face_punct_cached_(face, cp, lr)) {
        measure(face, cp, lr);
        pb_face_punct_store_(face, cp, lr);
    }
    *left_em = lr[0];
    *right_em = lr[1];
}
