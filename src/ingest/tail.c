/*
 * tail.c — the end of a web article carries metadata, not body: a source
 * line ("（文章来源：X）", "Source: X"), the article's URL on a line of its
 * own, and navigation links back to the site.  After the blocks are made,
 * this walks back from the last block, moves what it recognises into
 * doc->source / doc->url and drops it, and stops at the first block that is
 * real content.  Everything is decided by shape, never by a site's words.
 */
#include "ingest_int.h"

#include <string.h>

/* Labels that introduce a source (the text before the colon). */
static const char *const source_labels[] = {
    "\xE6\x96\x87\xE7\xAB\xA0\xE6\x9D\xA5\xE6\xBA\x90", /* 文章来源 */
    "\xE4\xBF\xA1\xE6\x81\xAF\xE6\x9D\xA5\xE6\xBA\x90", /* 信息来源 */
    "\xE6\x96\xB0\xE9\x97\xBB\xE6\x9D\xA5\xE6\xBA\x90", /* 新闻来源 */
    "\xE8\xB5\x84\xE6\x96\x99\xE6\x9D\xA5\xE6\xBA\x90", /* 资料来源 */
    "\xE6\xB6\x88\xE6\x81\xAF\xE6\x9D\xA5\xE6\xBA\x90", /* 消息来源 */
    "\xE6\x9C\xAC\xE6\x96\x87\xE6\x9D\xA5\xE6\xBA\x90", /* 本文来源 */
    "\xE5\x86\x85\xE5\xAE\xB9\xE6\x9D\xA5\xE6\xBA\x90", /* 内容来源 */
    "\xE7\xA8\xBF\xE4\xBB\xB6\xE6\x9D\xA5\xE6\xBA\x90", /* 稿件来源 */
    "\xE6\x9D\xA5\xE6\xBA\x90",                         /* 来源 */
    "\xE7\xA8\xBF\xE6\xBA\x90",                         /* 稿源 */
    "\xE5\x87\xBA\xE5\xA4\x84",                         /* 出处 */
    "Source", "SOURCE", "source"};

/* Brackets that wrap a whole source line. */
static const char *const open_brackets[] = {
    "\xEF\xBC\x88" /* （ */, "(", "\xE3\x80\x90" /* 【 */, "[",
    "\xE3\x80\x94" /* 〔 */, "\xE3\x80\x8C" /* 「 */, "\xE3\x80\x8E" /* 『 */};
static const char *const close_brackets[] = {
    "\xEF\xBC\x89" /* ） */, ")", "\xE3\x80\x91" /* 】 */, "]",
    "\xE3\x80\x95" /* 〕 */, "\xE3\x80\x8D" /* 」 */, "\xE3\x80\x8F" /* 』 */,
    "\xE3\x80\x82" /* 。 */, "."};

/* A source or URL line is short; a paragraph that merely begins with
 * "来源" is content. */
#define MAX_META_CHARS 120
#define MAX_CLASS_SOURCE_CHARS 40

static void skip_spaces(const char **s, size_t *n)
{
    for (;;) {
        uint32_t cp;
        size_t k;
        if (!*n)
            return;
        k = pb_utf8_decode(*s, *n, &cp);
        if (!pb_uc_is_space(cp))
            return;
        *s += k;
        *n -= k;
    }
}

static void rskip_spaces(const char *s, size_t *n)
{
    while (*n) {
        size_t k = *n;
        uint32_t cp;
        do
            k--;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80);
        pb_utf8_decode(s + k, *n - k, &cp);
        if (!pb_uc_is_space(cp))
            return;
        *n = k;
    }
}

static int eat(const char **s, size_t *n, const char *lit)
{
    size_t l = strlen(lit);
    if (*n < l || memcmp(*s, lit, l) != 0)
        return 0;
    *s += l;
    *n -= l;
    return 1;
}

static int eat_tail(const char *s, size_t *n, const char *lit)
{
    size_t l = strlen(lit);
    if (*n < l || memcmp(s + *n - l, lit, l) != 0)
        return 0;
    *n -= l;
    return 1;
}

/* Remove wrapping brackets and trailing full stops. */
static void strip_brackets(const char **s, size_t *n)
{
    size_t k;
    int again = 1;
    skip_spaces(s, n);
    rskip_spaces(*s, n);
    for (k = 0; k < PB_COUNTOF(open_brackets); k++)
        if (eat(s, n, open_brackets[k]))
            break;
    while (again) {
        again = 0;
        rskip_spaces(*s, n);
        for (k = 0; k < PB_COUNTOF(close_brackets); k++)
            if (eat_tail(*s, n, close_brackets[k]))
                again = 1;
    }
    skip_spaces(s, n);
}

static int eat_colon(const char **s, size_t *n)
{
    skip_spaces(s, n);
    return eat(s, n, ":") || eat(s, n, "\xEF\xBC\x9A"); /* ： */
}

/* Cut a CJK source name at the first space: "新华社 记者 张三" names the
 * agency first and the reporter after it. */
static void cut_name(const char *s, size_t *n)
{
    uint32_t cp;
    size_t i = 0;
    if (!*n)
        return;
    pb_utf8_decode(s, *n, &cp);
    if (!pb_uc_is_cjk(cp))
        return;
    while (i < *n) {
        size_t k = pb_utf8_decode(s + i, *n - i, &cp);
        if (pb_uc_is_space(cp)) {
            *n = i;
            return;
        }
        i += k;
    }
}

static int class_says_source(const char *cls)
{
    static const char *const words[] = {"media", "source", "from"};
    size_t k, i, j;
    if (!cls)
        return 0;
    for (k = 0; k < PB_COUNTOF(words); k++) {
        size_t wl = strlen(words[k]);
        for (i = 0; cls[i]; i++) {
            for (j = 0; j < wl; j++) {
                char c = cls[i + j];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c - 'A' + 'a');
                if (c != words[k][j])
                    break;
            }
            if (j == wl)
                return 1;
        }
    }
    return 0;
}

/* Is the block a source line?  *name and *nlen give the source. */
static int source_line(const pb_block *b, const char **name, size_t *nlen)
{
    const char *s = b->text.plain;
    size_t n = b->text.plain_len, k;
    if (pb_utf8_count(s, n) > MAX_META_CHARS)
        return 0;
    strip_brackets(&s, &n);
    for (k = 0; k < PB_COUNTOF(source_labels); k++) {
        const char *t = s;
        size_t tn = n;
        if (eat(&t, &tn, source_labels[k]) && eat_colon(&t, &tn)) {
            skip_spaces(&t, &tn);
            cut_name(t, &tn);
            rskip_spaces(t, &tn);
            if (!tn)
                return 0;
            *name = t;
            *nlen = tn;
            return 1;
        }
    }
    /* <p class="source">Name</p>: the class says what the short text is */
    if (class_says_source(b->cls) && n &&
        pb_utf8_count(s, n) <= MAX_CLASS_SOURCE_CHARS) {
        *name = s;
        *nlen = n;
        return 1;
    }
    return 0;
}

size_t pb_ingest_url_len(const char *s, size_t n)
{
    size_t i;
    if (n >= 7 && memcmp(s, "http://", 7) == 0)
        i = 7;
    else if (n >= 8 && memcmp(s, "https://", 8) == 0)
        i = 8;
    else if (n >= 3 && memcmp(s, "//", 2) == 0 && s[2] != '/')
        i = 2;
    else if (n >= 5 && memcmp(s, "www.", 4) == 0)
        i = 4;
    else
        return 0;
    /* a URL ends at white space, quotes, angle brackets or non-ASCII text
     * (Chinese prose follows URLs without a space) */
    while (i < n && (unsigned char)s[i] > ' ' && (unsigned char)s[i] < 0x80 &&
           s[i] != '<' && s[i] != '>' && s[i] != '"')
        i++;
    while (i > 0 && strchr(".,;:!?)", s[i - 1]))
        i--;
    return i;
}

/* Is the block only a URL (or "label: URL")?  Sets *url. */
static int url_line(pb_arena *a, const pb_block *b, const char **url)
{
    const char *s = b->text.plain;
    size_t n = b->text.plain_len, ul, i;
    const char *href = NULL;
    if (pb_utf8_count(s, n) > MAX_META_CHARS * 4)
        return 0;
    skip_spaces(&s, &n);
    rskip_spaces(s, &n);
    ul = pb_ingest_url_len(s, n);
    if (ul != n) {
        /* "原文链接：http://…": a short label, a colon, the URL */
        const char *t = s;
        size_t tn = n, lab = 0;
        while (tn) {
            uint32_t cp;
            size_t k = pb_utf8_decode(t, tn, &cp);
            if (cp == ':' || cp == 0xFF1A)
                break;
            t += k;
            tn -= k;
            lab++;
        }
        if (!tn || lab == 0 || lab > 10 || !eat_colon(&t, &tn))
            return 0;
        skip_spaces(&t, &tn);
        if (!tn || pb_ingest_url_len(t, tn) != tn)
            return 0;
        s = t;
        n = tn;
    }
    for (i = 0; i < b->text.nspans; i++)
        if ((b->text.spans[i].flags & PB_SPAN_LINK) && b->text.spans[i].href) {
            href = b->text.spans[i].href;
            break;
        }
    /* Prefer an absolute http(s) address: the text if it is one, else the
     * link target. */
    if ((n >= 7 && memcmp(s, "http://", 7) == 0) ||
        (n >= 8 && memcmp(s, "https://", 8) == 0) || !href ||
        !(pb_str_starts(href, "http://") || pb_str_starts(href, "https://")))
        *url = pb_arena_strndup(a, s, n);
    else
        *url = pb_arena_strdup(a, href);
    return 1;
}

/* Characters that separate navigation links: spaces, punctuation, bars,
 * arrows, bullets. */
static int separator(uint32_t cp)
{
    if (pb_uc_is_space(cp) || cp == '\n')
        return 1;
    if (cp < 0x80)
        return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
                 (cp >= 'A' && cp <= 'Z'));
    return pb_uc_is_cjk_punct(cp) || (cp >= 0x00A0 && cp <= 0x00BF) ||
           (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x2190 && cp <= 0x21FF) ||
           (cp >= 0x2500 && cp <= 0x25FF) || cp == 0x00D7;
}

/* Is every non-separator character of the block inside a link? */
static int links_only(const pb_block *b)
{
    size_t i, links = 0;
    for (i = 0; i < b->text.nspans; i++) {
        const pb_span *sp = &b->text.spans[i];
        size_t j = 0;
        if (sp->flags & PB_SPAN_LINK) {
            links++;
            continue;
        }
        while (j < sp->len) {
            uint32_t cp;
            j += pb_utf8_decode(sp->text + j, sp->len - j, &cp);
            if (!separator(cp))
                return 0;
        }
    }
    return links > 0;
}

pb_status pb_ingest_trim_tail(pb_doc *doc)
{
    /* The first block is never taken: a one-line document is content. */
    while (doc->nblocks > 1) {
        const pb_block *b = &doc->blocks[doc->nblocks - 1];
        const char *name, *url;
        size_t nlen;
        if (b->kind == PB_BLOCK_TABLE || b->kind == PB_BLOCK_PRE)
            break;
        if (url_line(doc->arena, b, &url)) {
            /* the article's own address on a line of its own */
            if (!url)
                return PB_ERR_NOMEM;
            if (!doc->url)
                doc->url = url;
        } else if (links_only(b)) {
            /* "[back to …] | [home]": site navigation, nothing to keep */
        } else if (source_line(b, &name, &nlen)) {
            /* front matter wins over the page's own source line */
            if (!doc->source) {
                doc->source = pb_arena_strndup(doc->arena, name, nlen);
                if (!doc->source)
                    return PB_ERR_NOMEM;
            }
        } else {
            break; /* real content: the tail ends here */
        }
        doc->nblocks--;
    }
    return PB_OK;
}
