/*
 * face.c — one face of a font file: mapped into memory once, opened with
 * FreeType for metrics, and handed (as bytes) to the PDF stage for subsetting.
 * Only TrueType outlines are accepted, because libharu embeds nothing else.
 * Advances are cached per face for the Basic Multilingual Plane, in pages of
 * 256 code points allocated on first use (opening a face stays cheap).
 */
#include "text_int.h"

#include <fcntl.h>
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

#define ADV_UNKNOWN INT32_MIN

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
    /* Advance in font units per BMP code point: 256 pages of 256, each
     * allocated and filled lazily. */
    int32_t *adv_page[256];
};

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
    if ((fe = FT_Init_FreeType(&f->lib)) != 0) {
        pb_face_free(f);
        return pb_error_set(err, PB_ERR_FONT, path, 0, 0, "FreeType: %s",
                            ft_error_string(fe));
    }
    fe = FT_New_Memory_Face(f->lib, f->data, (FT_Long)f->size, index, &f->ft);
    if (fe != 0) {
        f->ft = NULL;
        pb_face_free(f);
        return pb_error_set(err, PB_ERR_FONT, path, 0, 0,
                            "not a usable font (face %d): %s", index,
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
    if (f->ft)
        FT_Done_Face(f->ft);
    if (f->lib)
        FT_Done_FreeType(f->lib);
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

double pb_face_kern_em(const pb_face *f, uint32_t left, uint32_t right)
{
    FT_Vector k;
    FT_UInt gl, gr;
    if (!FT_HAS_KERNING(f->ft))
        return 0;
    gl = FT_Get_Char_Index(f->ft, left);
    gr = FT_Get_Char_Index(f->ft, right);
    if (!gl || !gr ||
        FT_Get_Kerning(f->ft, gl, gr, FT_KERNING_UNSCALED, &k) != 0)
        return 0;
    return k.x / f->upem;
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
