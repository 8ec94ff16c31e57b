/*
 * pdf_embed.c — phase 2a: hand a subset font program to libharu and fix
 * what libharu 2.3.0 gets wrong or makes big for a Type0/CIDFontType2 font
 * (its internal structures are reached through hpdf_*.h):
 *   - CIDs are ours (see pdf_int.h): W, DW and the CIDToGIDMap are rewritten
 *     for them (libharu writes a 128 KB map over the whole BMP);
 *   - the ToUnicode CMap is replaced by a valid bfrange one;
 *   - FontFile2, CIDToGIDMap and ToUnicode are Flate-compressed (libharu
 *     copies their filter from the Type0 dict, which it leaves at none).
 */
#include "pdf_int.h"

#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

static pb_status font_error(pdf_ctx *c, const pdf_font *f, pb_error *err,
                            const char *what)
{
    HPDF_STATUS code = c->code ? c->code : HPDF_GetError(c->doc);
    HPDF_STATUS detail = c->code ? c->detail : HPDF_GetErrorDetail(c->doc);
    if (code == HPDF_FAILD_TO_ALLOC_MEM)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (code == HPDF_TTF_CANNOT_EMBEDDING_FONT)
        return pb_error_set(err, PB_ERR_FONT, pb_face_path(f->face), 0, 0,
                            "face %d (%s): the font's licence (OS/2 fsType) "
                            "does not allow embedding",
                            pb_face_index(f->face), pb_face_name(f->face));
    return pb_error_set(err, PB_ERR_FONT, pb_face_path(f->face), 0, 0,
                        "face %d (%s): libharu error 0x%04X (detail %u) "
                        "while %s", pb_face_index(f->face),
                        pb_face_name(f->face), (unsigned)code,
                        (unsigned)detail, what);
}

/* W: widths of the CIDs whose width is not DW, as `first [w w ...]` groups
 * of consecutive CIDs. */
static HPDF_STATUS write_widths(HPDF_Doc pdf, HPDF_Dict cidfont,
                                const pdf_font *f)
{
    unsigned dw = pdf_default_width(f->width_of, f->ncids);
    HPDF_Array w = HPDF_Array_New(pdf->mmgr), group = NULL;
    HPDF_STATUS ret = HPDF_OK;
    size_t cid;
    if (!w)
        return HPDF_GetError(pdf);
    ret += HPDF_Dict_Add(cidfont, "W", w);
    ret += HPDF_Dict_AddNumber(cidfont, "DW", (HPDF_INT32)dw);
    /* DW2 is for vertical writing only */
    HPDF_Dict_RemoveElement(cidfont, "DW2");
    for (cid = 1; cid <= f->ncids && ret == HPDF_OK; cid++) {
        if (f->width_of[cid] == dw) {
            group = NULL;
            continue;
        }
        if (!group) {
            ret += HPDF_Array_AddNumber(w, (HPDF_INT32)cid);
            group = HPDF_Array_New(pdf->mmgr);
            if (!group)
                return HPDF_GetError(pdf);
            ret += HPDF_Array_Add(w, group);
        }
        ret += HPDF_Array_AddNumber(group, f->width_of[cid]);
    }
    if (ret == HPDF_OK && HPDF_Array_Items(w) == 0)
        HPDF_Dict_RemoveElement(cidfont, "W"); /* all CIDs have DW */
    return ret;
}

/* libharu names the ordering after the encoding ("Identity-H"); the
 * character collection of an Identity CIDFont is Adobe-Identity-0. */
static HPDF_STATUS fix_system_info(HPDF_Doc pdf, HPDF_Dict cidfont)
{
    HPDF_Dict info = HPDF_Dict_GetItem(cidfont, "CIDSystemInfo",
                                       HPDF_OCLASS_DICT);
    if (!info)
        return HPDF_GetError(pdf);
    return HPDF_Dict_Add(info, "Ordering",
                         HPDF_String_New(pdf->mmgr, "Identity", NULL));
}

/* CIDToGIDMap: two bytes (big-endian glyph id) per CID 0..ncids. */
static HPDF_STATUS write_gid_map(HPDF_Dict map, const pdf_font *f)
{
    unsigned char buf[512];
    size_t cid, n = 0;
    HPDF_STATUS ret = HPDF_OK;
    HPDF_MemStream_FreeData(map->stream);
    for (cid = 0; cid <= f->ncids && ret == HPDF_OK; cid++) {
        buf[n++] = (unsigned char)(f->gid_of[cid] >> 8);
        buf[n++] = (unsigned char)f->gid_of[cid];
        if (n == sizeof buf || cid == f->ncids) {
            ret = HPDF_Stream_Write(map->stream, buf, (HPDF_UINT)n);
            n = 0;
        }
    }
    return ret;
}

static HPDF_STATUS write_tounicode(pdf_ctx *c, HPDF_Font font,
                                   const pdf_font *f)
{
    HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    HPDF_STATUS ret;
    if (!tu) {
        HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
        tu = HPDF_DictStream_New(c->doc->mmgr, fa->xref);
        if (!tu || HPDF_Dict_Add(font, "ToUnicode", tu) != HPDF_OK)
            return HPDF_GetError(c->doc);
    }
    /* libharu's ToUnicode dict carries the keys of an encoding CMap; a
     * ToUnicode stream needs none of them. */
    HPDF_Dict_RemoveElement(tu, "Type");
    HPDF_Dict_RemoveElement(tu, "CMapName");
    HPDF_Dict_RemoveElement(tu, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(tu, "WMode");
    HPDF_MemStream_FreeData(tu->stream);
    tu->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    pb_buf_reset(&c->scratch);
    pdf_tounicode_cmap(f->cp_of, f->ncids, &c->scratch);
    if (c->scratch.failed)
        return HPDF_FAILD_TO_ALLOC_MEM;
    ret = HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)c->scratch.data,
                            (HPDF_UINT)c->scratch.len);
    return ret;
}

pb_status pdf_embed_font(pdf_ctx *c, pdf_font *f, pb_error *err)
{
    HPDF_Doc pdf = c->doc;
    HPDF_Stream s;
    HPDF_FontDef def;
    HPDF_TTFontDefAttr da;
    HPDF_FontAttr fa;
    HPDF_Font font;
    char tag[7];
    HPDF_UINT g;

    s = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)f->program_len);
    if (!s)
        return font_error(c, f, err, "loading the subset");
    if (HPDF_Stream_Write(s, f->program, (HPDF_UINT)f->program_len) !=
        HPDF_OK) {
        HPDF_Stream_Free(s);
        return font_error(c, f, err, "loading the subset");
    }
    def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE); /* owns s */
    if (!def)
        return font_error(c, f, err, "loading the subset");
    da = (HPDF_TTFontDefAttr)def->attr;
    /* libharu embeds the outlines of flagged glyphs only and flags what
     * HPDF_Page_ShowText draws; we write CIDs ourselves, so flag the
     * drawn glyphs and their components (pdf_subset.c) here. */
    for (g = 0; g < da->num_glyphs; g++)
        da->glyph_tbl.flgs[g] = g < f->nglyphs ? f->keep[g] : 0;
    memcpy(tag, f->tag, sizeof tag);
    HPDF_TTFontDef_SetTagName(def, tag);
    /* Register under the tagged name: libharu refuses two font programs
     * with one name, and two faces may share a PostScript name. */
    memcpy(def->base_font, da->base_font, sizeof def->base_font);
    if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK) /* frees def */
        return font_error(c, f, err, "registering the subset");
    font = HPDF_GetFont(pdf, def->base_font, "UTF-8");
    if (!font)
        return font_error(c, f, err, "creating the font");
    fa = (HPDF_FontAttr)font->attr;
    if (fa->type != HPDF_FONT_TYPE0_TT || !fa->descendant_font ||
        !fa->map_stream)
        return pb_error_set(err, PB_ERR_INTERNAL, pb_face_path(f->face), 0,
                            0, "libharu did not make a CIDFontType2 font");
    /* The Type0 dict's filter is copied to FontFile2, CIDToGIDMap and
     * ToUnicode when the font is written (CIDFontType2_BeforeWrite_Func). */
    font->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    fa->map_stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    if (write_widths(pdf, fa->descendant_font, f) != HPDF_OK ||
        fix_system_info(pdf, fa->descendant_font) != HPDF_OK ||
        write_gid_map(fa->map_stream, f) != HPDF_OK ||
        write_tounicode(c, font, f) != HPDF_OK ||
        HPDF_GetError(pdf) != HPDF_OK) {
        if (c->scratch.failed)
            return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0,
                                "out of memory");
        return font_error(c, f, err, "writing the font's tables");
    }
    f->hfont = font;
    return PB_OK;
}
