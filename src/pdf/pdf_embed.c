/*
 * pdf_embed.c — phase 2a: put one subset font into the document as a
 * Type0 font with a CIDFontType2 descendant (PDF 32000 §9.7), built here
 * from libharu's plain dictionary objects:
 *   - CIDs are ours (see pdf_int.h): W and DW are written for them and the
 *     CIDToGIDMap is /Identity;
 *   - the ToUnicode CMap is a valid bfrange one (pdf_cmap.c);
 *   - FontFile2 is the program pdf_sfnt.c rebuilt, embedded as it is.
 * libharu's own font path (HPDF_TTFontDef_Load, HPDF_GetFont) is not used:
 * it walks all 65,536 code points of its encoder, copies the program byte
 * by byte through its streams and rebuilds it once more, which cost 60% of
 * a render; its only use to us was a font object HPDF_Page_SetFontAndSize
 * accepts, and that is a dictionary with the font subclass and an attribute
 * record (writing mode), made below.  Streams are deflated with libdeflate.
 */
#include "pdf_int.h"

#include <string.h>

#include <libdeflate.h>

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

/* libdeflate level for streams we compress ourselves.  Measured on the
 * example brief (all its streams, 270 KB of them fonts; ms per document,
 * PDF bytes): level 4 2.6 ms 151.1 KB, 5 3.1 ms 149.3 KB, 6 3.7 ms
 * 148.6 KB, 7 4.8 ms 148.0 KB, 9 10.6 ms 147.5 KB; zlib's level 9, used
 * before, took 12 ms for 148.0 KB.  Level 5 is the knee, where a further
 * 1% of a brief's time buys under 0.1% of its size; level 6 keeps the
 * example (with its overview panel and key figures) under 150 KB, for
 * 0.6 ms. */
#define DEFLATE_LEVEL 6

/* FontDescriptor flags (PDF 32000 table 123). */
enum {
    FD_FIXED_PITCH = 1u << 0,
    FD_SERIF = 1u << 1,
    FD_SYMBOLIC = 1u << 2,
    FD_SCRIPT = 1u << 3,
    FD_NONSYMBOLIC = 1u << 5,
    FD_ITALIC = 1u << 6,
    FD_FORCE_BOLD = 1u << 18
};

/* What the descriptor needs from the program, in 1/1000 em. */
typedef struct font_metrics {
    int bbox[4];        /* xMin yMin xMax yMax */
    int ascent, descent;
    int italic_angle;   /* degrees */
    unsigned flags;
    unsigned fs_type;   /* OS/2 embedding permissions */
} font_metrics;

/* A table of at least min_len bytes, or NULL. */
static const unsigned char *table(const unsigned char *d, size_t len,
                                  const char *tag, size_t min_len)
{
    size_t tlen;
    const unsigned char *t = pdf_sfnt_table(d, len, tag, &tlen);
    return t && tlen >= min_len ? t : NULL;
}

/* Font units to 1/1000 em, rounded toward zero as libharu did. */
static int per_mille(int v, unsigned upem)
{
    return (int)((long)v * 1000 / (long)upem);
}

/* Read head, hhea, OS/2 and post of the program.  0 when a required table
 * is missing (the program is not usable). */
static int read_metrics(const unsigned char *d, size_t len, font_metrics *m)
{
    const unsigned char *head = table(d, len, "head", 54);
    const unsigned char *hhea = table(d, len, "hhea", 36);
    const unsigned char *os2 = table(d, len, "OS/2", 64);
    const unsigned char *post = table(d, len, "post", 16);
    unsigned upem, mac_style, fs_selection = 0, family_class = 0;
    int i;
    memset(m, 0, sizeof *m);
    if (!head || !hhea)
        return 0;
    upem = pdf_get16(head + 18);
    if (upem < 16 || upem > 16384)
        return 0;
    for (i = 0; i < 4; i++)
        m->bbox[i] = per_mille((int16_t)pdf_get16(head + 36 + 2 * i), upem);
    mac_style = pdf_get16(head + 44);
    m->ascent = per_mille((int16_t)pdf_get16(hhea + 4), upem);
    m->descent = per_mille((int16_t)pdf_get16(hhea + 6), upem);
    if (os2) {
        m->fs_type = pdf_get16(os2 + 8);
        family_class = os2[30];
        fs_selection = pdf_get16(os2 + 62);
    }
    if (post) {
        /* italicAngle is a 16.16 fixed number */
        m->italic_angle = (int)((int32_t)pdf_get32(post + 4) / 65536);
        if (pdf_get32(post + 12))
            m->flags |= FD_FIXED_PITCH;
    }
    /* sFamilyClass: 1-5 and 7 are serif classes, 10 scripts, 12 symbols */
    if ((family_class >= 1 && family_class <= 5) || family_class == 7)
        m->flags |= FD_SERIF;
    if (family_class == 10)
        m->flags |= FD_SCRIPT;
    m->flags |= family_class == 12 ? FD_SYMBOLIC : FD_NONSYMBOLIC;
    if ((mac_style & 2) || (fs_selection & 1) || m->italic_angle != 0)
        m->flags |= FD_ITALIC;
    if ((mac_style & 1) || (fs_selection & 0x20))
        m->flags |= FD_FORCE_BOLD;
    return 1;
}

/* Height of capitals in 1/1000 em: from H, else the ascent (CJK faces). */
static int cap_height(const pb_face *face)
{
    double x0, x1, y0, y1;
    if (pb_face_glyph_bounds_em(face, 'H', &x0, &x1, &y0, &y1))
        return (int)(y1 * 1000 + 0.5);
    return (int)(pb_face_ascent_em(face) * 1000 + 0.5);
}

/* TAG+PostScriptName as a PDF name: printable ASCII without the PDF
 * delimiters, at most libharu's name length. */
static void base_font_name(const pdf_font *f, char *out, size_t size)
{
    const char *s = pb_face_name(f->face);
    size_t n = 0;
    memcpy(out, f->tag, 6);
    out[6] = '+';
    n = 7;
    for (; s && *s && n + 1 < size; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch <= 0x20 || ch >= 0x7F || strchr("()<>[]{}/%#", ch))
            continue;
        out[n++] = (char)ch;
    }
    out[n] = '\0';
    if (n == 7 && size > 12)
        memcpy(out + n, "Font", 5);
}

/* libdeflate's output in zlib format, for /FlateDecode.  0 ok, -1 OOM. */
static int deflate_into(pdf_ctx *c, const void *data, size_t len)
{
    size_t bound, n;
    if (!c->deflater) {
        c->deflater = libdeflate_alloc_compressor(DEFLATE_LEVEL);
        if (!c->deflater)
            return -1;
    }
    bound = libdeflate_zlib_compress_bound(c->deflater, len);
    pb_buf_reset(&c->zbuf);
    if (pb_buf_reserve(&c->zbuf, bound) != 0)
        return -1;
    n = libdeflate_zlib_compress(c->deflater, data, len, c->zbuf.data, bound);
    if (n == 0)
        return -1;
    c->zbuf.len = n;
    return 0;
}

/* libharu drops a /Filter entry from a stream dict whose filter is none,
 * so the entry for data we deflated ourselves is written by the dict's
 * write hook, which HPDF_Dict_Write calls just before ">>". */
static HPDF_STATUS write_flate_entry(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

HPDF_STATUS pdf_put_deflated(pdf_ctx *c, HPDF_Dict dict, const void *data,
                             size_t len)
{
    /* The data goes in already compressed with libharu's filter set to
     * none, so it is neither compressed twice nor given a second /Filter;
     * the entry is written by write_flate_entry(). */
    HPDF_MemStream_FreeData(dict->stream);
    dict->filter = HPDF_STREAM_FILTER_NONE;
    dict->write_fn = write_flate_entry;
    if (deflate_into(c, data, len) != 0)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_Stream_Write(dict->stream, (const HPDF_BYTE *)c->zbuf.data,
                             (HPDF_UINT)c->zbuf.len);
}

/* A new stream object holding data, deflated.  NULL on failure (recorded
 * by libharu, or out of memory). */
static HPDF_Dict new_stream(pdf_ctx *c, const void *data, size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(c->doc->mmgr, c->doc->xref);
    if (!s)
        return NULL;
    if (pdf_put_deflated(c, s, data, len) != HPDF_OK)
        return NULL; /* s belongs to the xref, freed with the document */
    return s;
}

/* W: widths of the CIDs whose width is not DW, as `first [w w ...]` groups
 * of consecutive CIDs; left out when every CID has DW. */
static HPDF_STATUS add_widths(HPDF_MMgr mmgr, HPDF_Dict cidfont,
                              const pdf_font *f)
{
    unsigned dw = pdf_default_width(f->width_of, f->ncids);
    HPDF_Array w = NULL, group = NULL;
    HPDF_STATUS ret = HPDF_Dict_AddNumber(cidfont, "DW", (HPDF_INT32)dw);
    size_t cid;
    for (cid = 1; cid <= f->ncids && ret == HPDF_OK; cid++) {
        if (f->width_of[cid] == dw) {
            group = NULL;
            continue;
        }
        if (!w) {
            /* a new object belongs to nobody until added: add it at once */
            if (!(w = HPDF_Array_New(mmgr)) ||
                (ret = HPDF_Dict_Add(cidfont, "W", w)) != HPDF_OK)
                return ret != HPDF_OK ? ret : HPDF_FAILD_TO_ALLOC_MEM;
        }
        if (!group) {
            if ((ret = HPDF_Array_AddNumber(w, (HPDF_INT32)cid)) != HPDF_OK ||
                !(group = HPDF_Array_New(mmgr)) ||
                (ret = HPDF_Array_Add(w, group)) != HPDF_OK)
                return ret != HPDF_OK ? ret : HPDF_FAILD_TO_ALLOC_MEM;
        }
        ret = HPDF_Array_AddNumber(group, f->width_of[cid]);
    }
    return ret;
}

static HPDF_STATUS add_system_info(HPDF_MMgr mmgr, HPDF_Dict cidfont)
{
    HPDF_Dict info = HPDF_Dict_New(mmgr);
    HPDF_String reg, ord;
    HPDF_STATUS ret;
    if (!info)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Dict_Add(cidfont, "CIDSystemInfo", info)) != HPDF_OK)
        return ret;
    /* the character collection of an Identity CIDFont: Adobe-Identity-0 */
    if (!(reg = HPDF_String_New(mmgr, "Adobe", NULL)) ||
        (ret = HPDF_Dict_Add(info, "Registry", reg)) != HPDF_OK ||
        !(ord = HPDF_String_New(mmgr, "Identity", NULL)) ||
        (ret = HPDF_Dict_Add(info, "Ordering", ord)) != HPDF_OK)
        return ret != HPDF_OK ? ret : HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_Dict_AddNumber(info, "Supplement", 0);
}

static HPDF_STATUS add_descriptor(pdf_ctx *c, HPDF_Dict cidfont,
                                  const pdf_font *f, const char *name,
                                  const font_metrics *m)
{
    HPDF_MMgr mmgr = c->doc->mmgr;
    HPDF_Dict desc, file;
    HPDF_Array bbox;
    HPDF_STATUS ret;
    int i;
    if (!(file = new_stream(c, f->program, f->program_len)))
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Dict_AddNumber(file, "Length1",
                                   (HPDF_INT32)f->program_len)) != HPDF_OK)
        return ret;
    if (!(desc = HPDF_Dict_New(mmgr)))
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Xref_Add(c->doc->xref, desc)) != HPDF_OK) /* frees desc */
        return ret;
    if ((ret = HPDF_Dict_AddName(desc, "Type", "FontDescriptor")) ||
        (ret = HPDF_Dict_AddName(desc, "FontName", name)) ||
        (ret = HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)m->flags)))
        return ret;
    if (!(bbox = HPDF_Array_New(mmgr)) ||
        (ret = HPDF_Dict_Add(desc, "FontBBox", bbox)) != HPDF_OK)
        return bbox ? ret : HPDF_FAILD_TO_ALLOC_MEM;
    for (i = 0; i < 4; i++)
        if ((ret = HPDF_Array_AddNumber(bbox, m->bbox[i])) != HPDF_OK)
            return ret;
    if ((ret = HPDF_Dict_AddNumber(desc, "ItalicAngle", m->italic_angle)) ||
        (ret = HPDF_Dict_AddNumber(desc, "Ascent", m->ascent)) ||
        (ret = HPDF_Dict_AddNumber(desc, "Descent", m->descent)) ||
        (ret = HPDF_Dict_AddNumber(desc, "CapHeight", cap_height(f->face))) ||
        /* StemV is required but unknown; 80 is the customary guess */
        (ret = HPDF_Dict_AddNumber(desc, "StemV", 80)) ||
        (ret = HPDF_Dict_Add(desc, "FontFile2", file)))
        return ret;
    return HPDF_Dict_Add(cidfont, "FontDescriptor", desc);
}

static void free_font_attr(HPDF_Dict obj)
{
    if (obj->attr)
        HPDF_FreeMem(obj->mmgr, obj->attr);
    obj->attr = NULL;
}

/* The Type0 font object: a dictionary that HPDF_Page_SetFontAndSize
 * accepts (font subclass, attribute record with the writing mode). */
static HPDF_Dict new_type0(pdf_ctx *c)
{
    HPDF_MMgr mmgr = c->doc->mmgr;
    HPDF_Dict font = HPDF_Dict_New(mmgr);
    HPDF_FontAttr attr;
    if (!font)
        return NULL;
    attr = HPDF_GetMem(mmgr, sizeof *attr);
    if (!attr) {
        HPDF_Dict_Free(font);
        return NULL;
    }
    memset(attr, 0, sizeof *attr);
    attr->type = HPDF_FONT_TYPE0_TT;
    attr->writing_mode = HPDF_WMODE_HORIZONTAL;
    attr->xref = c->doc->xref;
    font->header.obj_class |= HPDF_OSUBCLASS_FONT;
    font->attr = attr;
    font->free_fn = free_font_attr;
    if (HPDF_Xref_Add(c->doc->xref, font) != HPDF_OK) /* frees font */
        return NULL;
    return font;
}

static HPDF_STATUS build_font(pdf_ctx *c, pdf_font *f, const char *name,
                              const font_metrics *m, HPDF_Dict *out)
{
    HPDF_MMgr mmgr = c->doc->mmgr;
    HPDF_Dict font, cidfont, tu;
    HPDF_Array desc;
    HPDF_STATUS ret;

    if (!(font = new_type0(c)))
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Dict_AddName(font, "Type", "Font")) ||
        (ret = HPDF_Dict_AddName(font, "Subtype", "Type0")) ||
        (ret = HPDF_Dict_AddName(font, "BaseFont", name)) ||
        (ret = HPDF_Dict_AddName(font, "Encoding", "Identity-H")))
        return ret;
    if (!(cidfont = HPDF_Dict_New(mmgr)))
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Xref_Add(c->doc->xref, cidfont)) != HPDF_OK)
        return ret;
    if (!(desc = HPDF_Array_New(mmgr)) ||
        (ret = HPDF_Dict_Add(font, "DescendantFonts", desc)) != HPDF_OK)
        return desc ? ret : HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Array_Add(desc, cidfont)) != HPDF_OK)
        return ret;

    pb_buf_reset(&c->tmp);
    pdf_tounicode_cmap(f->cp_of, f->ncids, &c->tmp);
    if (c->tmp.failed || !(tu = new_stream(c, c->tmp.data, c->tmp.len)))
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Dict_Add(font, "ToUnicode", tu)) != HPDF_OK)
        return ret;

    if ((ret = HPDF_Dict_AddName(cidfont, "Type", "Font")) ||
        (ret = HPDF_Dict_AddName(cidfont, "Subtype", "CIDFontType2")) ||
        (ret = HPDF_Dict_AddName(cidfont, "BaseFont", name)) ||
        (ret = add_system_info(mmgr, cidfont)) ||
        (ret = add_descriptor(c, cidfont, f, name, m)) ||
        (ret = add_widths(mmgr, cidfont, f)) ||
        /* glyph k draws CID k (pdf_sfnt.c) */
        (ret = HPDF_Dict_AddName(cidfont, "CIDToGIDMap", "Identity")))
        return ret;
    *out = font;
    return HPDF_OK;
}

pb_status pdf_embed_font(pdf_ctx *c, pdf_font *f, pb_error *err)
{
    font_metrics m;
    char name[HPDF_LIMIT_MAX_NAME_LEN + 1];
    HPDF_Dict font = NULL;
    HPDF_STATUS ret;

    if (!read_metrics(f->program, f->program_len, &m))
        return pb_error_set(err, PB_ERR_FONT, pb_face_path(f->face), 0, 0,
                            "face %d (%s): the subset has no usable head "
                            "and hhea tables", pb_face_index(f->face),
                            pb_face_name(f->face));
    /* OS/2 fsType: restricted licence (2), no subsetting (0x100), bitmap
     * embedding only (0x200) */
    if (m.fs_type & (0x0002 | 0x0100 | 0x0200))
        return pb_error_set(err, PB_ERR_FONT, pb_face_path(f->face), 0, 0,
                            "face %d (%s): the font's licence (OS/2 fsType) "
                            "does not allow embedding",
                            pb_face_index(f->face), pb_face_name(f->face));
    base_font_name(f, name, sizeof name);
    ret = build_font(c, f, name, &m, &font);
    if (ret != HPDF_OK || pdf_failed(c)) {
        if (ret == HPDF_FAILD_TO_ALLOC_MEM || pdf_alloc_failed(c) ||
            c->tmp.failed || c->zbuf.failed || !c->deflater)
            return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                "out of memory");
        if (!c->code)
            c->code = ret;
        return pdf_check(c, err, "writing a font");
    }
    f->hfont = font;
    return PB_OK;
}
