/*
 * lang.c — the document's language when the input did not say: "zh" when
 * Han characters (and kana/Hangul) outnumber Latin letters in the title and
 * body, else "en".  Counting letters, not words, is deliberate: a Chinese
 * text quoting English names still has far more Han characters than Latin
 * letters, while an English text with a few Chinese names has far fewer.
 */
#include "model_int.h"

typedef struct lang_count {
    size_t han, latin;
} lang_count;

static void count_text(lang_count *lc, const char *s, size_t len)
{
    size_t i = 0, n;
    while (i < len) {
        uint32_t cp = pb_cp_at(s, len, i, &n);
        if (pb_uc_is_han(cp) || (cp >= 0x3040 && cp <= 0x30FF) ||
            (cp >= 0xAC00 && cp <= 0xD7AF))
            lc->han++;
        else if (pb_uc_is_latin_letter(cp))
            lc->latin++;
        i += n;
    }
}

static void count_ptext(lang_count *lc, const pb_text *t)
{
    if (t && t->plain)
        count_text(lc, t->plain, t->plain_len);
}

static int visit(void *ctx, pb_block *b, pb_section *s, pb_measure *m)
{
    (void)s;
    (void)m;
    count_ptext(ctx, &b->text);
    return 0;
}

static void count_section(lang_count *lc, const pb_section *s)
{
    size_t i;
    count_ptext(lc, &s->title);
    for (i = 0; i < s->nmeasures; i++) {
        count_ptext(lc, &s->measures[i].lead);
        count_ptext(lc, &s->measures[i].body);
    }
    for (i = 0; i < s->nsubs; i++)
        count_section(lc, &s->subs[i]);
}

pb_status pb_detect_lang(pb_doc *doc)
{
    lang_count lc = {0, 0};
    size_t i;
    if (doc->lang)
        return PB_OK;
    count_ptext(&lc, &doc->title);
    count_ptext(&lc, &doc->subtitle);
    if (doc->structured || doc->nsections || doc->nintro || doc->nclosing) {
        pb_doc_each_block(doc, visit, &lc);
        for (i = 0; i < doc->nsections; i++)
            count_section(&lc, &doc->sections[i]);
    } else {
        for (i = 0; i < doc->nblocks; i++)
            count_ptext(&lc, &doc->blocks[i].text);
    }
    doc->lang = lc.han > lc.latin ? "zh" : "en";
    return PB_OK;
}
