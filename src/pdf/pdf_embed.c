/*
 * pdf_embed.c — phase 2a: hand a subset font program to libharu and fix
 * what libharu 2.3.0 gets wrong or makes big for a Type0/CIDFontType2 font
 * (its internal structures are reached through hpdf_*.h):
 *   - CIDs are ours (see pdf_int.h): W and DW are rewritten for them and
 *     the CIDToGIDMap is /Identity;
 *   - the ToUnicode CMap is replaced by a valid bfrange one;
 *   - the FontDescriptor and FontFile2 are made here, not while saving,
 *     so a failure is reported (libharu leaks and loses it at save time);
 *   - FontFile2 and ToUnicode are deflated at level 9 (libharu leaves them
 *     uncompressed unless asked, then uses level 6).
 */
#include "pdf_int.h"

#include <string.h>

#include <zlib.h>

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

/* ret: what our own code returned, used when libharu recorded nothing. */
static pb_status font_error(pdf_ctx *c, const pdf_font *f, pb_error *err,
                            const char *what, HPDF_STATUS ret)
{
    HPDF_STATUS code = c->code ? c->code : HPDF_GetError(c->doc);
    HPDF_STATUS detail = c->code ? c->detail : HPDF_GetErrorDetail(c->doc);
    if (!code)
        code = ret;
    if (code == HPDF_FAILD_TO_ALLOC_MEM || pdf_alloc_failed(c) ||
        c->tmp.failed || c->zbuf.failed)
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

static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return pb_calloc(items, size);
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    pb_free(p);
}

/* Replace out with data deflated at zlib's best level.  0 ok, -1 OOM. */
static int deflate_best(const void *data, size_t len, pb_buf *out)
{
    z_stream z;
    uLong bound;
    int ret;
    memset(&z, 0, sizeof z);
    z.zalloc = z_alloc;
    z.zfree = z_free;
    if (deflateInit(&z, Z_BEST_COMPRESSION) != Z_OK)
        return -1;
    bound = deflateBound(&z, (uLong)len);
    pb_buf_reset(out);
    if (pb_buf_reserve(out, bound) != 0) {
        deflateEnd(&z);
        return -1;
    }
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out->data;
    z.avail_out = (uInt)bound;
    ret = deflate(&z, Z_FINISH);
    out->len = z.total_out;
    deflateEnd(&z);
    return ret == Z_STREAM_END ? 0 : -1;
}

/* libharu drops a /Filter entry from a stream dict whose filter is none,
 * so the entry for data we deflated ourselves is written by the dict's
 * write hook, which HPDF_Dict_Write calls just before ">>". */
static HPDF_STATUS write_flate_entry(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Make data the content of a stream object, deflated.  The data goes in
 * already compressed with libharu's filter set to none, so it is neither
 * compressed twice nor given a second /Filter. */
static HPDF_STATUS put_stream(pdf_ctx *c, HPDF_Dict dict, const void *data,
                              size_t len)
{
    HPDF_MemStream_FreeData(dict->stream);
    dict->filter = HPDF_STREAM_FILTER_NONE;
    dict->write_fn = write_flate_entry;
    if (deflate_best(data, len, &c->zbuf) != 0)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_Stream_Write(dict->stream, (const HPDF_BYTE *)c->zbuf.data,
                             (HPDF_UINT)c->zbuf.len);
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
    if (!w || (ret = HPDF_Dict_Add(cidfont, "W", w)) != HPDF_OK ||
        (ret = HPDF_Dict_AddNumber(cidfont, "DW", (HPDF_INT32)dw)) !=
            HPDF_OK)
        return ret != HPDF_OK ? ret : HPDF_FAILD_TO_ALLOC_MEM;
    /* DW2 is for vertical writing only */
    HPDF_Dict_RemoveElement(cidfont, "DW2");
    for (cid = 1; cid <= f->ncids && ret == HPDF_OK; cid++) {
        if (f->width_of[cid] == dw) {
            group = NULL;
            continue;
        }
        if (!group) {
            ret = HPDF_Array_AddNumber(w, (HPDF_INT32)cid);
            group = ret == HPDF_OK ? HPDF_Array_New(pdf->mmgr) : NULL;
            if (!group)
                return HPDF_FAILD_TO_ALLOC_MEM;
            if ((ret = HPDF_Array_Add(w, group)) != HPDF_OK)
                break;
        }
        ret = HPDF_Array_AddNumber(group, f->width_of[cid]);
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
    HPDF_String ordering;
    if (!info)
        return HPDF_INVALID_OBJECT;
    ordering = HPDF_String_New(pdf->mmgr, "Identity", NULL);
    if (!ordering)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_Dict_Add(info, "Ordering", ordering);
}

/* CIDToGIDMap: glyph k draws CID k (pdf_sfnt.c). */
static HPDF_STATUS write_gid_map(pdf_ctx *c, HPDF_FontAttr fa,
                                 const pdf_font *f)
{
    size_t cid;
    if (!fa->map_stream)
        return HPDF_Dict_AddName(fa->descendant_font, "CIDToGIDMap",
                                 "Identity");
    /* a libharu that made its map anyway: fill it with the identity */
    pb_buf_reset(&c->tmp);
    for (cid = 0; cid <= f->ncids; cid++) {
        pb_buf_putc(&c->tmp, (int)(cid >> 8));
        pb_buf_putc(&c->tmp, (int)(cid & 0xFF));
    }
    if (c->tmp.failed)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return put_stream(c, fa->map_stream, c->tmp.data, c->tmp.len);
}

static HPDF_STATUS write_tounicode(pdf_ctx *c, HPDF_Font font,
                                   const pdf_font *f)
{
    HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    HPDF_STATUS ret;
    if (!tu) {
        HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
        tu = HPDF_DictStream_New(c->doc->mmgr, fa->xref);
        if (!tu)
            return HPDF_FAILD_TO_ALLOC_MEM;
        if ((ret = HPDF_Dict_Add(font, "ToUnicode", tu)) != HPDF_OK)
            return ret;
    }
    /* libharu's ToUnicode dict carries the keys of an encoding CMap; a
     * ToUnicode stream needs none of them. */
    HPDF_Dict_RemoveElement(tu, "Type");
    HPDF_Dict_RemoveElement(tu, "CMapName");
    HPDF_Dict_RemoveElement(tu, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(tu, "WMode");
    pb_buf_reset(&c->tmp);
    pdf_tounicode_cmap(f->cp_of, f->ncids, &c->tmp);
    if (c->tmp.failed)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return put_stream(c, tu, c->tmp.data, c->tmp.len);
}

/* Height of capitals in 1/1000 em: from H, else the ascent (CJK faces). */
static HPDF_INT32 cap_height(const pb_face *face)
{
    double x0, x1, y0, y1;
    if (pb_face_glyph_bounds_em(face, 'H', &x0, &x1, &y0, &y1))
        return (HPDF_INT32)(y1 * 1000 + 0.5);
    return (HPDF_INT32)(pb_face_ascent_em(face) * 1000 + 0.5);
}

/* The FontDescriptor with FontFile2 (what CIDFontType2_BeforeWrite_Func
 * would make while saving, where failures leak and get lost). */
static HPDF_STATUS write_descriptor(pdf_ctx *c, HPDF_FontDef def,
                                   HPDF_Xref xref, const pdf_font *f)
{
    HPDF_MMgr mmgr = c->doc->mmgr;
    HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)def->attr;
    HPDF_Stream prog;
    HPDF_Dict file, desc;
    HPDF_Array bbox;
    HPDF_UINT size;
    HPDF_STATUS ret;

    /* libharu rebuilds the program: flagged glyphs only, its 13 tables,
     * the tag in the names */
    prog = HPDF_MemStream_New(mmgr, 65536);
    if (!prog)
        return HPDF_FAILD_TO_ALLOC_MEM;
    ret = HPDF_TTFontDef_SaveFontData(def, prog);
    size = prog->size;
    pb_buf_reset(&c->tmp);
    if (ret == HPDF_OK && pb_buf_reserve(&c->tmp, size) != 0)
        ret = HPDF_FAILD_TO_ALLOC_MEM;
    if (ret == HPDF_OK)
        ret = HPDF_Stream_Seek(prog, 0, HPDF_SEEK_SET);
    if (ret == HPDF_OK)
        ret = HPDF_Stream_Read(prog, (HPDF_BYTE *)c->tmp.data, &size);
    c->tmp.len = ret == HPDF_OK ? size : 0;
    HPDF_Stream_Free(prog);
    if (ret != HPDF_OK)
        return ret;

    file = HPDF_DictStream_New(mmgr, xref);
    if (!file)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = put_stream(c, file, c->tmp.data, c->tmp.len)) != HPDF_OK ||
        (ret = HPDF_Dict_AddNumber(file, "Length1",
                                   (HPDF_INT32)c->tmp.len)) != HPDF_OK)
        return ret;
    desc = HPDF_Dict_New(mmgr);
    if (!desc)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Xref_Add(xref, desc)) != HPDF_OK) /* frees desc */
        return ret;
    if ((ret = HPDF_Dict_AddName(desc, "Type", "FontDescriptor")) ||
        (ret = HPDF_Dict_AddName(desc, "FontName", da->base_font)) ||
        (ret = HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags)))
        return ret;
    /* a new object belongs to nobody until added: add it at once */
    bbox = HPDF_Box_Array_New(mmgr, def->font_bbox);
    if (!bbox)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Dict_Add(desc, "FontBBox", bbox)) ||
        (ret = HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle)) ||
        (ret = HPDF_Dict_AddNumber(desc, "Ascent", def->ascent)) ||
        (ret = HPDF_Dict_AddNumber(desc, "Descent", def->descent)) ||
        (ret = HPDF_Dict_AddNumber(desc, "CapHeight", cap_height(f->face))) ||
        /* StemV is required but unknown; 80 is the customary guess */
        (ret = HPDF_Dict_AddNumber(desc, "StemV",
                                   def->stemv ? def->stemv : 80)) ||
        (ret = HPDF_Dict_Add(desc, "FontFile2", file)))
        return ret;
    def->descriptor = desc; /* BeforeWrite now only links it */
    return HPDF_OK;
}

pb_status pdf_embed_font(pdf_ctx *c, pdf_font *f, pb_error *err)
{
    HPDF_Doc pdf = c->doc;
    HPDF_Stream s;
    HPDF_FontDef def;
    HPDF_TTFontDefAttr da;
    HPDF_FontAttr fa;
    HPDF_Font font;
    HPDF_STATUS ret = HPDF_OK;
    char tag[7];
    HPDF_UINT g;

    s = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)f->program_len);
    if (!s || pdf_failed(c))
        return font_error(c, f, err, "loading the subset", 0);
    if (HPDF_Stream_Write(s, f->program, (HPDF_UINT)f->program_len) !=
            HPDF_OK ||
        pdf_failed(c)) {
        HPDF_Stream_Free(s);
        return font_error(c, f, err, "loading the subset", 0);
    }
    def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE); /* owns s */
    if (!def || pdf_failed(c))
        return font_error(c, f, err, "loading the subset", 0);
    da = (HPDF_TTFontDefAttr)def->attr;
    /* libharu embeds the outlines of flagged glyphs only and flags what
     * HPDF_Page_ShowText draws; we write CIDs ourselves, and every glyph
     * of the program is needed (pdf_sfnt.c). */
    for (g = 0; g < da->num_glyphs; g++)
        da->glyph_tbl.flgs[g] = 1;
    memcpy(tag, f->tag, sizeof tag);
    HPDF_TTFontDef_SetTagName(def, tag);
    /* Register under the tagged name: libharu refuses two font programs
     * with one name, and two faces may share a PostScript name. */
    memcpy(def->base_font, da->base_font, sizeof def->base_font);
    if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK || /* frees def */
        pdf_failed(c))
        return font_error(c, f, err, "registering the subset", 0);
    /* With embedding off while the font dicts are made, libharu skips its
     * 128 KB CIDToGIDMap (CIDFontType2_New); the program is embedded all
     * the same, by write_descriptor(). */
    da->embedding = HPDF_FALSE;
    font = HPDF_GetFont(pdf, def->base_font, "UTF-8");
    da->embedding = HPDF_TRUE;
    if (!font || pdf_failed(c))
        return font_error(c, f, err, "creating the font", 0);
    fa = (HPDF_FontAttr)font->attr;
    if (fa->type != HPDF_FONT_TYPE0_TT || !fa->descendant_font)
        return pb_error_set(err, PB_ERR_INTERNAL, pb_face_path(f->face), 0,
                            0, "libharu did not make a CIDFontType2 font");
    /* The Type0 dict's filter (none) is copied to the CIDToGIDMap and
     * ToUnicode streams when saving: they hold deflated data already. */
    font->filter = HPDF_STREAM_FILTER_NONE;
    if ((ret = write_widths(pdf, fa->descendant_font, f)) != HPDF_OK ||
        pdf_failed(c) ||
        (ret = fix_system_info(pdf, fa->descendant_font)) != HPDF_OK ||
        pdf_failed(c) ||
        (ret = write_gid_map(c, fa, f)) != HPDF_OK ||
        pdf_failed(c) || (ret = write_tounicode(c, font, f)) != HPDF_OK ||
        pdf_failed(c) ||
        (ret = write_descriptor(c, def, fa->xref, f)) != HPDF_OK ||
        pdf_failed(c))
        return font_error(c, f, err, "writing the font's tables", ret);
    f->hfont = font;
    return PB_OK;
}
