/*
 * face.c — one face of a font file: mapped into memory once, opened with
 * FreeType for metrics, and handed (as bytes) to the PDF stage for subsetting.
 * Only TrueType outlines are accepted, because libharu embeds nothing else.
 * Advances are cached per face for the Basic Multilingual Plane, in pages of
 * 256 code points allocated on first use (opening a face stays cheap); so
 * are pair kerning (asked of HarfBuzz, which reads GPOS as well as 'kern')
 * and the blanks of punctuation marks (punct.c).
 */
#include "text_int.h"

#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H
#include FT_OUTLINE_H
#include FT_ADVANCES_H
#include FT_MODULE_H

#include <hb.h>

#define ADV_UNKNOWN INT32_MIN
#define KERN_CACHE 2048        /* pairs per face, direct mapped */

typedef struct kern_entry {
    uint32_t left, right;      /* left == 0: empty */
    int32_t units;
} kern_entry;

/* The punctuation whose blanks are cached: U+00B7, U+2010..U+206F,
 * U+3000..U+303F, U+FF00..U+FF65. */
#define PUNCT_SLOTS (1 + 0x60 + 0x40 + 0x66)

struct pb_face {
    FT_Library lib;
    FT_Face ft;
    char *path;
    int index;
    const unsigned char *data; /* mmap of the whole file */
    size_t size;
    char *name;
    double upem;
    double ascent_em, descent_em;
    int bold, italic;
    int has_kern;              /* GPOS or 'kern' table present */
    /* Created on the first kerning question (see advance_units on why the
     * caches need no lock). */
    hb_blob_t *hb_blob;
    hb_face_t *hb_face;
    hb_font_t *hb_font;
    hb_buffer_t *hb_buf;
    int hb_failed;
    kern_entry *kern;
    float *punct;              /* PUNCT_SLOTS pairs (left, right), NaN unknown */
    /* Advance in font units per BMP code point: 256 pages of 256, each
     * allocated and filled lazily. */
    int32_t *adv_page[256];
};

/* FreeType allocates through our wrappers, so its allocations fail under
 * fault injection like ours (FreeType reports them as FT_Err_Out_Of_Memory)
 * and count towards leaks.  FreeType zeroes blocks itself. */
static void *ft_alloc(FT_Memory m, long size)
{
    (void)m;
    return size > 0 ? pb_malloc((size_t)size) : NULL;
}

static void ft_free(FT_Memory m, void *p)
{
    (void)m;
    pb_free(p);
}

static void *ft_realloc(FT_Memory m, long cur, long size, void *p)
{
    (void)m;
    (void)cur;
    return size > 0 ? pb_realloc(p, (size_t)size) : NULL;
}

/* Read-only after initialisation: shared by every library handle. */
static struct FT_MemoryRec_ ft_memory = {NULL, ft_alloc, ft_free, ft_realloc};

/* FT_Init_FreeType with our allocator. */
static FT_Error new_library(FT_Library *lib)
{
    FT_Error fe = FT_New_Library(&ft_memory, lib);
    if (fe != 0)
        return fe;
    /* FT_Add_Default_Modules ignores a module that fails to load; only
     * memory can make it fail, and without the TrueType driver every font
     * would look unusable. */
    FT_Add_Default_Modules(*lib);
    if (!FT_Get_Module(*lib, "truetype") || !FT_Get_Module(*lib, "sfnt")) {
        FT_Done_Library(*lib);
        *lib = NULL;
        return FT_Err_Out_Of_Memory;
    }
    FT_Set_Default_Properties(*lib);
    return 0;
}

static const char *ft_error_string(FT_Error e)
{
#undef FTERRORS_H_
#define FT_ERRORDEF(e, v, s) case e: return s;
#define FT_ERROR_START_LIST switch (e) {
#define FT_ERROR_END_LIST }
#include FT_ERRORS_H
    return "unknown FreeType error";
}

pb_status pb_face_open(const char *path, int index, pb_face **out,
                       pb_error *err)
{
    pb_face *f;
    struct stat st;
    int fd;
    FT_Error fe;
    FT_ULong glyf_len = 0;
    void *map;
    TT_OS2 *os2;
    const char *ps;

    *out = NULL;
    f = pb_calloc(1, sizeof *f);
    if (!f)
        return pb_error_set(err, PB_ERR_NOMEM, path, 0, 0, "out of memory");
    f->path = pb_strdup(path);
    f->index = index;
    if (!f->path) {
        pb_face_free(f);
        return pb_error_set(err, PB_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_size < 12) {
        if (fd >= 0)
            close(fd);
        pb_face_free(f);
        return pb_error_set(err, PB_ERR_FONT, path, 0, 0,
                            "cannot read font file");
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        pb_face_free(f);
        return pb_error_set(err, PB_ERR_FONT, path, 0, 0,
                            "cannot map font file");
    }
    f->data = map;
    f->size = (size_t)st.st_size;
    if ((fe = new_library(&f->lib)) != 0) {
        pb_face_free(f);
        return pb_error_set(err, fe == FT_Err_Out_Of_Memory ? PB_ERR_NOMEM
                                                            : PB_ERR_FONT,
                            path, 0, 0, "FreeType: %s", ft_error_string(fe));
    }
    fe = FT_New_Memory_Face(f->lib, f->data, (FT_Long)f->size, index, &f->ft);
    if (fe != 0) {
        f->ft = NULL;
        pb_face_free(f);
        return pb_error_set(err, fe == FT_Err_Out_Of_Memory ? PB_ERR_NOMEM
                                                            : PB_ERR_FONT,
                            path, 0, 0, "not a usable font (face %d): %s", index,
                            ft_error_string(fe));
    }
    if (!FT_IS_SFNT(f->ft) ||
        FT_Load_Sfnt_Table(f->ft, TTAG_glyf, 0, NULL, &glyf_len) != 0 ||
        glyf_len == 0) {
        pb_face_free(f);
        return pb_error_set(err, PB_ERR_FONT, path, 0, 0,
                            "not a TrueType-outline font (CFF/OpenType-CFF "
                            "cannot be embedded by libharu)");
    }
    f->upem = f->ft->units_per_EM ? f->ft->units_per_EM : 1000;
    os2 = FT_Get_Sfnt_Table(f->ft, FT_SFNT_OS2);
    if (os2 && os2->version != 0xFFFFu && os2->sTypoAscender > 0) {
        f->ascent_em = os2->sTypoAscender / f->upem;
        f->descent_em = -os2->sTypoDescender / f->upem;
    } else {
        f->ascent_em = f->ft->ascender / f->upem;
        f->descent_em = -f->ft->descender / f->upem;
    }
    if (f->descent_em < 0)
        f->descent_em = -f->descent_em;
    f->bold = (f->ft->style_flags & FT_STYLE_FLAG_BOLD) ||
              (os2 && os2->version != 0xFFFFu && os2->usWeightClass >= 600);
    f->italic = (f->ft->style_flags & FT_STYLE_FLAG_ITALIC) != 0;
    {
        FT_ULong len = 0;
        f->has_kern = FT_HAS_KERNING(f->ft) ||
                      (FT_Load_Sfnt_Table(f->ft, TTAG_GPOS, 0, NULL, &len) ==
                           0 && len > 0);
    }
    ps = FT_Get_Postscript_Name(f->ft);
    f->name = pb_strdup(ps ? ps : (f->ft->family_name ? f->ft->family_name
                                                     : "font"));
    if (!f->name) {
        pb_face_free(f);
        return pb_error_set(err, PB_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    *out = f;
    return PB_OK;
}

void pb_face_free(pb_face *f)
{
    if (!f)
        return;
    if (f->hb_buf)
        hb_buffer_destroy(f->hb_buf);
    if (f->hb_font)
        hb_font_destroy(f->hb_font);
    if (f->hb_face)
        hb_face_destroy(f->hb_face);
    if (f->hb_blob)
        hb_blob_destroy(f->hb_blob);
    pb_free(f->kern);
    pb_free(f->punct);
    if (f->ft)
        FT_Done_Face(f->ft);
    if (f->lib)
        FT_Done_Library(f->lib);
    if (f->data)
        munmap((void *)f->data, f->size);
    {
        size_t i;
        for (i = 0; i < PB_COUNTOF(f->adv_page); i++)
            pb_free(f->adv_page[i]);
    }
    pb_free(f->name);
    pb_free(f->path);
    pb_free(f);
}

const char *pb_face_path(const pb_face *f) { return f->path; }
int pb_face_index(const pb_face *f) { return f->index; }
const char *pb_face_name(const pb_face *f) { return f->name; }
double pb_face_ascent_em(const pb_face *f) { return f->ascent_em; }
double pb_face_descent_em(const pb_face *f) { return f->descent_em; }
int pb_face_is_bold(const pb_face *f) { return f->bold; }
int pb_face_is_italic(const pb_face *f) { return f->italic; }

const unsigned char *pb_face_data(const pb_face *f, size_t *len)
{
    *len = f->size;
    return f->data;
}

int pb_face_has_glyph(const pb_face *f, uint32_t cp)
{
    return FT_Get_Char_Index(f->ft, cp) != 0;
}

static int32_t advance_units(const pb_face *f, uint32_t cp)
{
    FT_UInt gid;
    FT_Fixed adv = 0;
    int32_t *page = cp < 65536 ? f->adv_page[cp >> 8] : NULL;
    if (page && page[cp & 255] != ADV_UNKNOWN)
        return page[cp & 255];
    gid = FT_Get_Char_Index(f->ft, cp);
    if (gid == 0 || FT_Get_Advance(f->ft, gid, FT_LOAD_NO_SCALE, &adv) != 0)
        adv = 0;
    /* The cache is the face's only mutable state; a face belongs to one
     * process (batch workers are processes), so no locking is needed.  When
     * a page cannot be allocated the advance is simply not cached. */
    if (cp < 65536 && !page) {
        page = pb_malloc(256 * sizeof *page);
        if (page) {
            size_t i;
            for (i = 0; i < 256; i++)
                page[i] = ADV_UNKNOWN;
            ((pb_face *)f)->adv_page[cp >> 8] = page;
        }
    }
    if (page)
        page[cp & 255] = (int32_t)adv;
    return (int32_t)adv;
}

double pb_face_advance_em(const pb_face *f, uint32_t cp)
{
    return advance_units(f, cp) / f->upem;
}

int pb_face_has_kerning_(const pb_face *f)
{
    return f->has_kern;
}

/* HarfBuzz objects for the face, made on first use.  0 when unavailable. */
static int hb_ready(pb_face *f)
{
    if (f->hb_buf)
        return 1;
    if (f->hb_failed)
        return 0;
    f->hb_failed = 1;
    f->hb_blob = hb_blob_create((const char *)f->data, (unsigned)f->size,
                                HB_MEMORY_MODE_READONLY, NULL, NULL);
    f->hb_face = hb_face_create(f->hb_blob, (unsigned)f->index);
    f->hb_font = hb_font_create(f->hb_face);
    if (!f->hb_font || hb_font_get_empty() == f->hb_font)
        return 0;
    /* font units: advances and positions compare directly */
    hb_font_set_scale(f->hb_font, (int)f->upem, (int)f->upem);
    f->hb_buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(f->hb_buf)) {
        hb_buffer_destroy(f->hb_buf);
        f->hb_buf = NULL;
        return 0;
    }
    f->hb_failed = 0;
    return 1;
}

/* Shape the pair alone with ligatures off (each character keeps its own
 * glyph, as the PDF stage draws them) and read how much the font moved the
 * second glyph: GPOS pair adjustment or the 'kern' table. */
static int32_t shape_pair(pb_face *f, uint32_t left, uint32_t right)
{
    static const hb_feature_t feats[] = {
        {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
        {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
        {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
        {HB_TAG('k', 'e', 'r', 'n'), 1, 0, (unsigned)-1}};
    uint32_t cps[2];
    unsigned n = 0;
    hb_glyph_info_t *info;
    hb_glyph_position_t *pos;
    hb_script_t script;
    if (!hb_ready(f))
        return 0;
    cps[0] = left;
    cps[1] = right;
    hb_buffer_clear_contents(f->hb_buf);
    hb_buffer_add_utf32(f->hb_buf, cps, 2, 0, 2);
    hb_buffer_guess_segment_properties(f->hb_buf);
    script = hb_buffer_get_script(f->hb_buf);
    if (script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED ||
        script == HB_SCRIPT_UNKNOWN || script == HB_SCRIPT_INVALID)
        hb_buffer_set_script(f->hb_buf, HB_SCRIPT_LATIN);
    hb_buffer_set_direction(f->hb_buf, HB_DIRECTION_LTR);
    /* fixed, so the result never depends on the process's locale */
    hb_buffer_set_language(f->hb_buf, hb_language_from_string("en", 2));
    hb_shape(f->hb_font, f->hb_buf, feats, PB_COUNTOF(feats));
    info = hb_buffer_get_glyph_infos(f->hb_buf, &n);
    pos = hb_buffer_get_glyph_positions(f->hb_buf, NULL);
    if (n != 2 || !info || !pos || info[0].cluster != 0 ||
        info[1].cluster != 1)
        return 0;
    return pos[0].x_advance -
           hb_font_get_glyph_h_advance(f->hb_font, info[0].codepoint);
}

double pb_face_kern_em(const pb_face *cf, uint32_t left, uint32_t right)
{
    pb_face *f = (pb_face *)cf; /* caches only; see advance_units */
    uint32_t h;
    kern_entry *e = NULL;
    int32_t units;
    if (!f->has_kern || left == 0 || right == 0)
        return 0;
    if (!f->kern) {
        f->kern = pb_calloc(KERN_CACHE, sizeof *f->kern);
    }
    if (f->kern) {
        h = (left * 2654435761u) ^ (right * 40503u);
        e = &f->kern[(h ^ (h >> 13)) & (KERN_CACHE - 1)];
        if (e->left == left && e->right == right)
            return e->units / f->upem;
    }
    units = shape_pair(f, left, right);
    if (e) {
        e->left = left;
        e->right = right;
        e->units = units;
    }
    return units / f->upem;
}

static int punct_slot(uint32_t cp)
{
    if (cp == 0xB7)
        return 0;
    if (cp >= 0x2010 && cp <= 0x206F)
        return 1 + (int)(cp - 0x2010);
    if (cp >= 0x3000 && cp <= 0x303F)
        return 1 + 0x60 + (int)(cp - 0x3000);
    if (cp >= 0xFF00 && cp <= 0xFF65)
        return 1 + 0x60 + 0x40 + (int)(cp - 0xFF00);
    return -1;
}

int pb_face_punct_cached_(const pb_face *f, uint32_t cp, float *lr)
{
    int k = punct_slot(cp);
    if (k < 0 || !f->punct || f->punct[2 * k] != f->punct[2 * k])
        return 0;
    lr[0] = f->punct[2 * k];
    lr[1] = f->punct[2 * k + 1];
    return 1;
}

void pb_face_punct_store_(const pb_face *cf, uint32_t cp, const float *lr)
{
    pb_face *f = (pb_face *)cf; /* a cache; see advance_units */
    int k = punct_slot(cp);
    if (k < 0)
        return;
    if (!f->punct) {
        size_t i;
        f->punct = pb_malloc(2 * PUNCT_SLOTS * sizeof *f->punct);
        if (!f->punct)
            return; /* not cached: computed again next time */
        for (i = 0; i < 2 * PUNCT_SLOTS; i++)
            f->punct[i] = NAN;
    }
    f->punct[2 * k] = lr[0];
    f->punct[2 * k + 1] = lr[1];
}

int pb_face_glyph_bounds_em(const pb_face *f, uint32_t cp, double *x_min,
                            double *x_max, double *y_min, double *y_max)
{
    FT_UInt gid = FT_Get_Char_Index(f->ft, cp);
    FT_BBox box;
    if (!gid || FT_Load_Glyph(f->ft, gid, FT_LOAD_NO_SCALE) != 0 ||
        f->ft->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
        return 0;
    FT_Outline_Get_CBox(&f->ft->glyph->outline, &box);
    *x_min = box.xMin / f->upem;
    *x_max = box.xMax / f->upem;
    *y_min = box.yMin / f->upem;
    *y_max = box.yMax / f->upem;
    return 1;
}
