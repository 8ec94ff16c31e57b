/*
 * frontmatter.c — the YAML subset of Jekyll front matter, between the "---"
 * lines at the top of a post: `key: value` with plain, "double" and
 * 'single' quoted scalars (continued over lines), [flow, lists], block lists
 * (`- item` lines), | and > block scalars, and comments.  Every key goes to
 * doc->meta; the well-known ones (title, date, categories, tags, lang,
 * source, url) also fill the document's fields.  Anything else is a
 * "front-matter" warning and the line is skipped.
 */
#include "ingest_int.h"

#include <string.h>

/* A bounded retry when a quoted scalar or flow list continues on the next
 * lines: YAML allows it, a runaway quote must not eat the front matter. */
#define MAX_JOINED_LINES 64

typedef struct line {
    const char *s;
    size_t len;  /* without the line end */
} fm_line;

enum { MODE_NONE, MODE_PENDING, MODE_LITERAL, MODE_FOLDED };

typedef struct fm {
    pb_doc *doc;
    pb_status st;
    /* the key whose value continues on the following lines */
    int mode;
    const char *key;
    int key_line;
    const char **items;
    size_t nitems, cap_items;
    pb_buf block;        /* block scalar text */
    int block_indent;    /* indent of the block scalar's lines, 0 = unknown */
    int block_blank;     /* blank lines waiting inside the block scalar */
    /* the last plain scalar, which an indented line may continue */
    const char *plain_key;
    pb_buf plain;
    int plain_line;
} fm;

static int is_sp(char c)
{
    return c == ' ' || c == '\t';
}

static void nomem(fm *f)
{
    f->st = PB_ERR_NOMEM;
}

/* ---------------------------------------------------------- well-known keys */

static int key_is(const char *key, const char *a)
{
    return pb_str_ieq(key, a);
}

/* Fill the document's fields from a key that has just got its value
 * (scalar value, or items when value is NULL). */
static void apply_key(fm *f, const char *key, const char *value,
                      const char *const *items, size_t n, int line)
{
    pb_doc *doc = f->doc;
    pb_arena *a = doc->arena;
    size_t i;
    if (key_is(key, "title") || key_is(key, "subtitle")) {
        /* White space is normalised as in the body ("a\n  b" is "a b"), so
         * a folded or escaped line break does not reach the title page. */
        pb_text *t = key_is(key, "title") ? &doc->title : &doc->subtitle;
        if (value) {
            pb_text_builder tb;
            pb_text_builder_init(&tb, a);
            pb_text_builder_add(&tb, value, strlen(value), 0, NULL);
            if (pb_ingest_finish_text(&tb, t) != PB_OK)
                nomem(f);
            pb_text_builder_fini(&tb);
        }
    } else if (key_is(key, "date")) {
        if (value && pb_ingest_set_date(doc, value, line) != PB_OK)
            nomem(f);
    } else if (key_is(key, "categories") || key_is(key, "category") ||
               key_is(key, "tags") || key_is(key, "tag")) {
        int which = (key[0] == 'c' || key[0] == 'C') ? 'c' : 't';
        /* The last key wins, as for every key. */
        if (which == 'c')
            doc->ncategories = 0;
        else
            doc->ntags = 0;
        /* Jekyll reads a scalar as space-separated terms; list items are
         * taken whole. */
        if (value && pb_ingest_add_terms(doc, which, value, 1) != PB_OK)
            nomem(f);
        for (i = 0; !value && i < n; i++)
            if (pb_ingest_add_terms(doc, which, items[i], 0) != PB_OK)
                nomem(f);
    } else if (key_is(key, "lang") || key_is(key, "language")) {
        if (value)
            doc->lang = pb_ingest_lang(a, value);
    } else if (key_is(key, "source")) {
        if (value && *value)
            doc->source = pb_arena_strdup(a, value);
    } else if (key_is(key, "url") || key_is(key, "source_url")) {
        if (value && *value)
            doc->url = pb_arena_strdup(a, value);
    }
}

static void set_scalar(fm *f, const char *key, const char *value, int line)
{
    if (pb_doc_set_meta(f->doc, key, value) != PB_OK) {
        nomem(f);
        return;
    }
    apply_key(f, key, value, NULL, 0, line);
}

static void set_list(fm *f, const char *key, const char *const *items,
                     size_t n, int line)
{
    if (pb_doc_set_meta_list(f->doc, key, items, n) != PB_OK) {
        nomem(f);
        return;
    }
    apply_key(f, key, NULL, items, n, line);
}

/* ------------------------------------------------------------ scalars */

enum { SCAN_OK, SCAN_MORE, SCAN_BAD };

static void put_cp(pb_buf *out, uint32_t cp)
{
    if (cp == 0)
        return; /* a NUL cannot live in a C string; drop it */
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = PB_UTF8_REPLACEMENT;
    pb_buf_put_utf8(out, cp);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int read_hex(const char *s, size_t len, size_t n, uint32_t *out)
{
    size_t i;
    uint32_t v = 0;
    if (len < n)
        return 0;
    for (i = 0; i < n; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return 0;
        v = v << 4 | (uint32_t)h;
    }
    *out = v;
    return 1;
}

/* A double-quoted scalar; s[0] is the opening quote.  *used = bytes up to
 * and including the closing quote. */
static int scan_dq(const char *s, size_t len, size_t *used, pb_buf *out)
{
    size_t i = 1;
    while (i < len) {
        char c = s[i];
        if (c == '"') {
            *used = i + 1;
            return SCAN_OK;
        }
        if (c != '\\') {
            pb_buf_putc(out, c);
            i++;
            continue;
        }
        if (i + 1 >= len)
            return SCAN_BAD;
        c = s[i + 1];
        i += 2;
        switch (c) {
        case '0': break;
        case 'a': pb_buf_putc(out, '\a'); break;
        case 'b': pb_buf_putc(out, '\b'); break;
        case 't': case '\t': pb_buf_putc(out, '\t'); break;
        case 'n': pb_buf_putc(out, '\n'); break;
        case 'v': pb_buf_putc(out, '\v'); break;
        case 'f': pb_buf_putc(out, '\f'); break;
        case 'r': pb_buf_putc(out, '\r'); break;
        case 'e': pb_buf_putc(out, 0x1B); break;
        case ' ': case '"': case '/': case '\\': pb_buf_putc(out, c); break;
        case 'N': put_cp(out, 0x85); break;
        case '_': put_cp(out, 0xA0); break;
        case 'L': put_cp(out, 0x2028); break;
        case 'P': put_cp(out, 0x2029); break;
        case 'x': case 'u': case 'U': {
            size_t n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            uint32_t cp;
            if (!read_hex(s + i, len - i, n, &cp))
                return SCAN_BAD;
            i += n;
            /* JSON-style surrogate pair \uD83D\uDE00 */
            if (c == 'u' && cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= len &&
                s[i] == '\\' && s[i + 1] == 'u') {
                uint32_t lo;
                if (read_hex(s + i + 2, len - i - 2, 4, &lo) && lo >= 0xDC00 &&
                    lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            put_cp(out, cp);
            break;
        }
        default:
            return SCAN_BAD;
        }
    }
    return SCAN_MORE;
}

/* A single-quoted scalar ('' is a quote). */
static int scan_sq(const char *s, size_t len, size_t *used, pb_buf *out)
{
    size_t i = 1;
    while (i < len) {
        if (s[i] == '\'') {
            if (i + 1 < len && s[i + 1] == '\'') {
                pb_buf_putc(out, '\'');
                i += 2;
                continue;
            }
            *used = i + 1;
            return SCAN_OK;
        }
        pb_buf_putc(out, s[i++]);
    }
    return SCAN_MORE;
}

/* Only white space or a comment may follow a value. */
static int rest_is_empty(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && is_sp(s[i]))
        i++;
    return i == len || s[i] == '#';
}

/* The end of a plain scalar: a comment starts at " #". */
static size_t plain_end(const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (s[i] == '#' && i > 0 && is_sp(s[i - 1]))
            break;
    while (i > 0 && is_sp(s[i - 1]))
        i--;
    return i;
}

/* A scalar value (quoted or plain) that must fill the rest of s. */
static int scan_scalar(const char *s, size_t len, pb_buf *out)
{
    size_t used;
    int r;
    if (len && (s[0] == '"' || s[0] == '\'')) {
        r = s[0] == '"' ? scan_dq(s, len, &used, out)
                        : scan_sq(s, len, &used, out);
        if (r != SCAN_OK)
            return r;
        return rest_is_empty(s + used, len - used) ? SCAN_OK : SCAN_BAD;
    }
    if (len && strchr("[]{}&*!|>%@`", s[0]))
        return SCAN_BAD; /* flow collections, anchors, aliases, tags */
    pb_buf_append(out, s, plain_end(s, len));
    return SCAN_OK;
}

/* A flow list "[a, 'b', "c, d"]"; items go to f->items. */
static int scan_flow(fm *f, const char *s, size_t len)
{
    size_t i = 1;
    pb_buf item;
    int r = SCAN_BAD;
    pb_buf_init(&item);
    f->nitems = 0;
    for (;;) {
        size_t used = 0;
        while (i < len && is_sp(s[i]))
            i++;
        if (i >= len) {
            r = SCAN_MORE;
            break;
        }
        if (s[i] == ']') {
            r = rest_is_empty(s + i + 1, len - i - 1) ? SCAN_OK : SCAN_BAD;
            break;
        }
        pb_buf_reset(&item);
        if (s[i] == '"' || s[i] == '\'') {
            int q = s[i] == '"' ? scan_dq(s + i, len - i, &used, &item)
                                : scan_sq(s + i, len - i, &used, &item);
            if (q != SCAN_OK) {
                r = q;
                break;
            }
            i += used;
        } else if (s[i] == '[' || s[i] == '{') {
            break; /* nested collections are outside the subset */
        } else {
            size_t j = i, e;
            while (j < len && s[j] != ',' && s[j] != ']')
                j++;
            e = j;
            while (e > i && is_sp(s[e - 1]))
                e--;
            if (e == i && j < len && s[j] == ',')
                break; /* "[a, , b]" */
            pb_buf_append(&item, s + i, e - i);
            i = j;
            if (e == i && i >= len)
                continue;
        }
        {
            const char **slot = PB_ARENA_PUSH(f->doc->arena, f->items,
                                              f->nitems, f->cap_items);
            if (!slot || item.failed) {
                nomem(f);
                break;
            }
            *slot = pb_arena_strdup(f->doc->arena, pb_buf_cstr(&item));
            if (!*slot) {
                nomem(f);
                break;
            }
        }
        while (i < len && is_sp(s[i]))
            i++;
        if (i < len && s[i] == ',')
            i++;
        else if (i < len && s[i] != ']')
            break;
    }
    pb_buf_fini(&item);
    return r;
}

/* ------------------------------------------------------------- pending */

static void finish_pending(fm *f)
{
    if (f->mode == MODE_PENDING) {
        if (f->nitems)
            set_list(f, f->key, f->items, f->nitems, f->key_line);
        else
            set_scalar(f, f->key, "", f->key_line);
    } else if (f->mode == MODE_LITERAL || f->mode == MODE_FOLDED) {
        /* Trailing line breaks carry nothing in metadata (as "|-"). */
        while (f->block.len && f->block.data[f->block.len - 1] == '\n')
            f->block.len--;
        pb_buf_putc(&f->block, '\0');
        f->block.len--;
        if (f->block.failed)
            nomem(f);
        else
            set_scalar(f, f->key, pb_buf_cstr(&f->block), f->key_line);
    }
    f->mode = MODE_NONE;
    f->nitems = 0;
    f->items = NULL;
    f->cap_items = 0;
    pb_buf_reset(&f->block);
}

static void warn_line(fm *f, int lineno, const char *why)
{
    if (pb_warn(&f->doc->warnings, "front-matter", lineno,
                "%s:%d: front matter line skipped: %s", f->doc->path, lineno,
                why) != PB_OK)
        nomem(f);
}

/* Join lines[i..i+k] (continuations trimmed on the left) into out. */
static void join_lines(const fm_line *lines, size_t i, size_t k, size_t from,
                       pb_buf *out)
{
    size_t j;
    pb_buf_reset(out);
    pb_buf_append(out, lines[i].s + from, lines[i].len - from);
    for (j = 1; j <= k; j++) {
        const char *s = lines[i + j].s;
        size_t n = lines[i + j].len;
        while (n && is_sp(*s)) {
            s++;
            n--;
        }
        pb_buf_putc(out, ' ');
        pb_buf_append(out, s, n);
    }
}

/* A "key: value" line, possibly continued (quoted scalars and flow lists may
 * span lines).  Returns the number of extra lines consumed. */
static size_t key_line(fm *f, const fm_line *lines, size_t i, size_t nlines,
                       int lineno)
{
    const char *s = lines[i].s;
    size_t len = lines[i].len, k, colon, extra = 0;
    const char *key;
    pb_buf val, joined;
    int r = SCAN_BAD;

    /* The key ends at the first ':' followed by a space or the line end. */
    for (colon = 0; colon < len; colon++)
        if (s[colon] == ':' && (colon + 1 == len || is_sp(s[colon + 1])))
            break;
    if (colon == len) {
        warn_line(f, lineno, "not a \"key: value\" line");
        return 0;
    }
    k = colon;
    while (k > 0 && is_sp(s[k - 1]))
        k--;
    if (k >= 2 && ((s[0] == '"' && s[k - 1] == '"') ||
                   (s[0] == '\'' && s[k - 1] == '\''))) {
        key = pb_arena_strndup(f->doc->arena, s + 1, k - 2);
    } else if (k == 0 || strchr("-?[]{}#&*!|>%@`\"'", s[0])) {
        warn_line(f, lineno, "not a \"key: value\" line");
        return 0;
    } else {
        key = pb_arena_strndup(f->doc->arena, s, k);
    }
    if (!key) {
        nomem(f);
        return 0;
    }
    f->plain_key = NULL;

    colon++;
    while (colon < len && is_sp(s[colon]))
        colon++;
    /* Empty value: a block list or an empty string follows. */
    if (colon == len || s[colon] == '#') {
        f->mode = MODE_PENDING;
        f->key = key;
        f->key_line = lineno;
        f->nitems = 0;
        return 0;
    }
    /* Block scalars: "|", "|-", "|+", ">", ">-" (a comment may follow). */
    if (s[colon] == '|' || s[colon] == '>') {
        size_t p = colon + 1;
        if (p < len && (s[p] == '+' || s[p] == '-'))
            p++;
        if (rest_is_empty(s + p, len - p)) {
            f->mode = s[colon] == '|' ? MODE_LITERAL : MODE_FOLDED;
            f->key = key;
            f->key_line = lineno;
            f->block_indent = 0;
            f->block_blank = 0;
            pb_buf_reset(&f->block);
            return 0;
        }
    }

    pb_buf_init(&val);
    pb_buf_init(&joined);
    for (extra = 0; extra < MAX_JOINED_LINES && i + extra < nlines; extra++) {
        const char *v;
        size_t vl;
        if (extra == 0) {
            v = s + colon;
            vl = len - colon;
        } else {
            /* A continuation may not be a new top-level key or item. */
            if (lines[i + extra].len && !is_sp(lines[i + extra].s[0]) &&
                lines[i + extra].s[0] != '"' && lines[i + extra].s[0] != '\'' &&
                lines[i + extra].s[0] != ']')
                break;
            join_lines(lines, i, extra, colon, &joined);
            v = pb_buf_cstr(&joined);
            vl = joined.len;
        }
        pb_buf_reset(&val);
        f->nitems = 0;
        r = v[0] == '[' ? scan_flow(f, v, vl) : scan_scalar(v, vl, &val);
        if (r != SCAN_MORE)
            break;
    }
    if (val.failed || joined.failed)
        nomem(f);
    else if (r == SCAN_OK && s[colon] == '[') {
        set_list(f, key, f->items, f->nitems, lineno);
    } else if (r == SCAN_OK) {
        set_scalar(f, key, pb_buf_cstr(&val), lineno);
        if (s[colon] != '"' && s[colon] != '\'' && extra == 0) {
            /* An indented next line may continue this plain scalar. */
            f->plain_key = key;
            f->plain_line = lineno;
            pb_buf_reset(&f->plain);
            pb_buf_puts(&f->plain, pb_buf_cstr(&val));
        }
    } else {
        warn_line(f, lineno, r == SCAN_MORE ? "unclosed quote or list"
                                            : "value outside the supported "
                                              "YAML subset");
        extra = 0;
    }
    f->items = NULL;
    f->nitems = f->cap_items = 0;
    pb_buf_fini(&val);
    pb_buf_fini(&joined);
    return r == SCAN_OK ? extra : 0;
}

/* "- item" under a pending key. */
static void item_line(fm *f, const char *s, size_t len, int lineno)
{
    pb_buf val;
    const char **slot;
    int r;
    size_t i = 1;
    while (i < len && is_sp(s[i]))
        i++;
    pb_buf_init(&val);
    r = scan_scalar(s + i, len - i, &val);
    if (r == SCAN_OK && s[i] != '"' && s[i] != '\'' &&
        (strstr(pb_buf_cstr(&val), ": ") || pb_str_ends(pb_buf_cstr(&val), ":")))
        r = SCAN_BAD; /* a list of mappings */
    if (r != SCAN_OK) {
        warn_line(f, lineno, "list item outside the supported YAML subset");
    } else if (val.failed) {
        nomem(f);
    } else {
        slot = PB_ARENA_PUSH(f->doc->arena, f->items, f->nitems, f->cap_items);
        if (!slot || !(*slot = pb_arena_strdup(f->doc->arena,
                                               pb_buf_cstr(&val))))
            nomem(f);
    }
    pb_buf_fini(&val);
}

/* A line of a | or > block scalar (indent already known to belong). */
static void block_line(fm *f, const char *s, size_t len)
{
    if (f->block.len || f->block_blank) {
        if (f->mode == MODE_LITERAL || f->block_blank) {
            int k;
            for (k = 0; k < (f->block_blank ? f->block_blank : 1); k++)
                pb_buf_putc(&f->block, '\n');
        } else {
            pb_buf_putc(&f->block, ' ');
        }
    }
    f->block_blank = 0;
    pb_buf_append(&f->block, s, len);
}

/* ------------------------------------------------------------ driver */

/* Does the line hold a "key: value" pair (a ':' before a space or the
 * end)? */
static int has_map_colon(const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (s[i] == ':' && (i + 1 == len || is_sp(s[i + 1])))
            return 1;
    return 0;
}

pb_status pb_ingest_front_matter(pb_doc *doc, const char *text, size_t len,
                                 size_t *body_off, int *body_line,
                                 pb_error *err)
{
    fm_line *lines = NULL;
    size_t nlines = 0, cap = 0, i = 0, close = 0;
    int found = 0;
    fm f;

    /* Split into lines (up to the closing "---" or "..."). */
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len, le = e;
        fm_line *l;
        if (le > i && text[le - 1] == '\r')
            le--;
        l = PB_ARENA_PUSH(doc->arena, lines, nlines, cap);
        if (!l)
            return pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0,
                                "out of memory");
        l->s = text + i;
        l->len = le - i;
        i = nl ? e + 1 : len;
        if (nlines > 1) {
            size_t t = l->len;
            while (t && is_sp(l->s[t - 1]))
                t--;
            if ((t == 3 && memcmp(l->s, "---", 3) == 0) ||
                (t == 3 && memcmp(l->s, "...", 3) == 0)) {
                found = 1;
                close = nlines - 1;
                break;
            }
        }
    }
    if (!found)
        return pb_error_set(err, PB_ERR_INPUT, doc->path, 1, 1,
                            "front matter opened by \"---\" at line 1 is "
                            "never closed (no \"---\" line after it)");
    *body_off = i;
    *body_line = (int)close + 2;

    memset(&f, 0, sizeof f);
    f.doc = doc;
    pb_buf_init(&f.block);
    pb_buf_init(&f.plain);
    for (i = 1; i < close && f.st == PB_OK; i++) {
        const char *s = lines[i].s;
        size_t n = lines[i].len, ind = 0;
        int lineno = (int)i + 1;
        while (ind < n && is_sp(s[ind]))
            ind++;

        if (f.mode == MODE_LITERAL || f.mode == MODE_FOLDED) {
            if (ind == n) {
                f.block_blank++;
                continue;
            }
            if (ind > 0 && (f.block_indent == 0 || (int)ind >= f.block_indent)) {
                if (f.block_indent == 0)
                    f.block_indent = (int)ind;
                block_line(&f, s + f.block_indent, n - (size_t)f.block_indent);
                continue;
            }
            finish_pending(&f);
        }
        if (ind == n || s[ind] == '#')
            continue; /* blank line or comment */
        if (s[ind] == '-' && (ind + 1 == n || is_sp(s[ind + 1]))) {
            if (f.mode == MODE_PENDING)
                item_line(&f, s + ind, n - ind, lineno);
            else
                warn_line(&f, lineno, "list item without a key");
            continue;
        }
        if (ind > 0) {
            if (f.plain_key && f.mode == MODE_NONE &&
                !has_map_colon(s + ind, n - ind)) {
                /* A plain scalar continued on an indented line. */
                size_t e = plain_end(s + ind, n - ind);
                pb_buf_putc(&f.plain, ' ');
                pb_buf_append(&f.plain, s + ind, e);
                if (f.plain.failed)
                    nomem(&f);
                else
                    set_scalar(&f, f.plain_key, pb_buf_cstr(&f.plain),
                               f.plain_line);
                continue;
            }
            warn_line(&f, lineno, "nested mappings are not supported");
            continue;
        }
        finish_pending(&f);
        i += key_line(&f, lines, i, close, lineno);
    }
    if (f.st == PB_OK)
        finish_pending(&f);
    pb_buf_fini(&f.block);
    pb_buf_fini(&f.plain);
    if (f.st != PB_OK)
        return pb_error_set(err, f.st, doc->path, 0, 0,
                            "out of memory reading the front matter");
    return PB_OK;
}
