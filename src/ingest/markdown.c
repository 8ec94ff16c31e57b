/*
 * markdown.c — Markdown-lite to HTML text, so that one HTML walker makes the
 * blocks of every format.  Lines that start an HTML block pass through
 * untouched (CommonMark §4.6 start conditions); the rest is Markdown: ATX
 * and setext headings, paragraphs, "-", "*", "+" and "1." lists nested by
 * indent, ">" quotes, fenced code, thematic breaks, and inline code, emphasis
 * (CommonMark §6.2 delimiter runs), links, images (alt text), autolinks,
 * hard breaks.  Every input line gives exactly one output line, so the
 * line numbers libxml2 reports are those of the input.
 */
#include "ingest_int.h"

#include <string.h>

#define MAX_CONTAINERS 64     /* deeper list/quote nesting is flattened */
#define LINK_TEXT_WINDOW 1000 /* bytes scanned for a link's "]" */
#define LINK_DEST_WINDOW 2000 /* bytes scanned for a link's ")" */
#define TAG_WINDOW 2000       /* bytes scanned for a raw tag's ">" */
#define MAX_LINK_NESTING 8

/* ================================================================ inline */

enum { TOK_TEXT, TOK_DELIM };

typedef struct tok {
    int kind;
    size_t off, len;         /* TOK_TEXT: bytes in the text buffer */
    char ch;                 /* TOK_DELIM: '*' or '_' */
    int count, orig;
    int can_open, can_close;
    unsigned char opens[8];  /* 1 = em, 2 = strong; outermost first */
    int nopens;
    unsigned char closes[8]; /* innermost first */
    int ncloses;
} tok;

typedef struct inl {
    pb_buf text;             /* rendered text pieces */
    tok *toks;
    size_t ntoks, cap;
    int failed;
    unsigned char code_fail[64]; /* no closing backtick run of this length */
} inl;

static int is_ascii_punct(int c)
{
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
           (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

static int is_sp(char c)
{
    return c == ' ' || c == '\t';
}

static tok *push_tok(inl *in)
{
    if (in->ntoks == in->cap) {
        size_t nc = in->cap ? in->cap * 2 : 64;
        tok *t = pb_realloc(in->toks, nc * sizeof *t);
        if (!t) {
            in->failed = 1;
            return NULL;
        }
        in->toks = t;
        in->cap = nc;
    }
    memset(&in->toks[in->ntoks], 0, sizeof(tok));
    return &in->toks[in->ntoks++];
}

/* Append rendered text, extending the last text token. */
static void put_text(inl *in, const char *s, size_t n)
{
    tok *t;
    if (!n)
        return;
    if (in->ntoks && in->toks[in->ntoks - 1].kind == TOK_TEXT &&
        in->toks[in->ntoks - 1].off + in->toks[in->ntoks - 1].len ==
            in->text.len) {
        in->toks[in->ntoks - 1].len += n;
        pb_buf_append(&in->text, s, n);
        return;
    }
    t = push_tok(in);
    if (!t)
        return;
    t->kind = TOK_TEXT;
    t->off = in->text.len;
    t->len = n;
    pb_buf_append(&in->text, s, n);
}

static void put_str(inl *in, const char *s)
{
    put_text(in, s, strlen(s));
}

/* HTML-escape text for element content or a quoted attribute. */
static void put_escaped(inl *in, const char *s, size_t n)
{
    size_t i, start = 0;
    for (i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: break;
        }
        if (rep) {
            put_text(in, s + start, i - start);
            put_str(in, rep);
            start = i + 1;
        }
    }
    put_text(in, s + start, n - start);
}

static void buf_escaped(pb_buf *b, const char *s, size_t n)
{
    pb_buf_put_xml_escaped(b, s, n);
}

/* Length of an entity or character reference at s ("&amp;", "&#20013;",
 * "&#x4e2d;"), 0 if none: those pass through for the HTML parser. */
static size_t entity_len(const char *s, size_t n)
{
    size_t i = 1;
    if (n < 3 || s[0] != '&')
        return 0;
    if (s[1] == '#') {
        size_t d = 0;
        i = 2;
        if (i < n && (s[i] == 'x' || s[i] == 'X')) {
            i++;
            while (i < n && d < 6 &&
                   ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
                    (s[i] >= 'A' && s[i] <= 'F'))) {
                i++;
                d++;
            }
        } else {
            while (i < n && d < 7 && s[i] >= '0' && s[i] <= '9') {
                i++;
                d++;
            }
        }
        return d && i < n && s[i] == ';' ? i + 1 : 0;
    }
    while (i < n && i < 33 &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9')))
        i++;
    return i > 1 && i < n && s[i] == ';' ? i + 1 : 0;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

/* An autolink "<scheme:...>" (CommonMark §6.5): length including the
 * brackets, 0 if none.  "<http://…>" must never be taken for a tag. */
static size_t autolink_len(const char *s, size_t n, int *email)
{
    size_t i = 1, j;
    *email = 0;
    if (n < 4 || s[0] != '<')
        return 0;
    if (is_alpha(s[1])) {
        while (i < n && i < 33 &&
               (is_alnum(s[i]) || s[i] == '+' || s[i] == '.' || s[i] == '-'))
            i++;
        if (i >= 3 && i < n && s[i] == ':') {
            for (j = i + 1; j < n; j++) {
                unsigned char c = (unsigned char)s[j];
                if (c == '>')
                    return j + 1;
                if (c <= ' ' || c == '<')
                    break;
            }
        }
    }
    /* e-mail: local@domain */
    for (j = 1; j < n && j < 256; j++) {
        char c = s[j];
        if (c == '@' && j > 1)
            break;
        if (!(is_alnum(c) || strchr(".!#$%&'*+/=?^_`{|}~-", c)) || c == '\0')
            return 0;
    }
    if (j >= n || s[j] != '@')
        return 0;
    for (i = j + 1; i < n && i < 512; i++) {
        if (s[i] == '>')
            return i > j + 1 ? (*email = 1, i + 1) : 0;
        if (!(is_alnum(s[i]) || s[i] == '-' || s[i] == '.'))
            return 0;
    }
    return 0;
}

/* A raw HTML tag, closing tag or comment at s (CommonMark §6.6, loosely:
 * name, then anything up to '>' outside quotes).  Length or 0. */
static size_t raw_tag_len(const char *s, size_t n)
{
    size_t i = 1, lim = n < TAG_WINDOW ? n : TAG_WINDOW;
    char q = 0;
    if (n < 3 || s[0] != '<')
        return 0;
    if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
        for (i = 4; i + 3 <= lim; i++)
            if (memcmp(s + i, "-->", 3) == 0)
                return i + 3;
        return 0;
    }
    if (s[1] == '/')
        i = 2;
    if (i >= n || !is_alpha(s[i]))
        return 0;
    while (i < n && (is_alnum(s[i]) || s[i] == '-' || s[i] == ':'))
        i++;
    if (i < n && !(is_sp(s[i]) || s[i] == '\n' || s[i] == '>' || s[i] == '/'))
        return 0;
    for (; i < lim; i++) {
        if (q) {
            if (s[i] == q)
                q = 0;
        } else if (s[i] == '"' || s[i] == '\'') {
            q = s[i];
        } else if (s[i] == '>') {
            return i + 1;
        } else if (s[i] == '<') {
            return 0;
        }
    }
    return 0;
}

static void render_inline(const char *s, size_t n, pb_buf *out, int depth);

/* "[text](dest "title")": on success fills the parts and returns the
 * length; "![alt](src)" uses the same shape. */
static size_t link_len(const char *s, size_t n, size_t *text_end,
                       size_t *d0, size_t *d1)
{
    size_t i = 1, lim = n < LINK_TEXT_WINDOW ? n : LINK_TEXT_WINDOW;
    int depth = 1;
    for (; i < lim; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            i++;
        } else if (s[i] == '[') {
            depth++;
        } else if (s[i] == ']') {
            if (--depth == 0)
                break;
        }
    }
    if (depth != 0 || i >= lim || i + 1 >= n || s[i + 1] != '(')
        return 0;
    *text_end = i;
    i += 2;
    lim = n - i < LINK_DEST_WINDOW ? n : i + LINK_DEST_WINDOW;
    while (i < lim && (is_sp(s[i]) || s[i] == '\n'))
        i++;
    if (i < lim && s[i] == '<') {
        *d0 = ++i;
        while (i < lim && s[i] != '>' && s[i] != '\n' && s[i] != '<')
            i++;
        if (i >= lim || s[i] != '>')
            return 0;
        *d1 = i++;
    } else {
        int par = 0;
        *d0 = i;
        while (i < lim && (unsigned char)s[i] > ' ') {
            if (s[i] == '\\' && i + 1 < lim)
                i++;
            else if (s[i] == '(')
                par++;
            else if (s[i] == ')' && par-- == 0)
                break;
            i++;
        }
        *d1 = i;
    }
    while (i < lim && (is_sp(s[i]) || s[i] == '\n'))
        i++;
    if (i < lim && (s[i] == '"' || s[i] == '\'' || s[i] == '(')) {
        char close = s[i] == '(' ? ')' : s[i];
        i++;
        while (i < lim && s[i] != close) {
            if (s[i] == '\\')
                i++;
            i++;
        }
        if (i >= lim)
            return 0;
        i++;
        while (i < lim && (is_sp(s[i]) || s[i] == '\n'))
            i++;
    }
    if (i >= lim || s[i] != ')')
        return 0;
    return i + 1;
}

/* Put an attribute value: backslash escapes removed, HTML-escaped.  Line
 * breaks never occur in destinations (they end them). */
static void put_attr(inl *in, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && is_ascii_punct((unsigned char)s[i + 1]))
            i++;
        put_escaped(in, s + i, 1);
    }
}

/* The code point before s[i] and at s[i], for flanking rules; line
 * boundaries count as white space. */
static uint32_t cp_before(const char *s, size_t i)
{
    size_t k = i;
    uint32_t cp;
    if (i == 0)
        return '\n';
    do
        k--;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80 && i - k < 4);
    pb_utf8_decode(s + k, i - k, &cp);
    return cp;
}

static int uc_punct(uint32_t cp)
{
    return (cp < 0x80 && is_ascii_punct((int)cp)) || pb_uc_is_cjk_punct(cp) ||
           (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x3000 && cp <= 0x303F);
}

/* A run of '*' or '_' (CommonMark §6.2 left/right-flanking). */
static void put_delim(inl *in, const char *s, size_t n, size_t i, size_t run)
{
    uint32_t before = cp_before(s, i), after = '\n';
    int lf, rf;
    tok *t;
    if (i + run < n)
        pb_utf8_decode(s + i + run, n - i - run, &after);
    lf = !pb_uc_is_space(after) &&
         (!uc_punct(after) || pb_uc_is_space(before) || uc_punct(before));
    rf = !pb_uc_is_space(before) &&
         (!uc_punct(before) || pb_uc_is_space(after) || uc_punct(after));
    t = push_tok(in);
    if (!t)
        return;
    t->kind = TOK_DELIM;
    t->ch = s[i];
    t->count = t->orig = (int)run;
    if (s[i] == '*') {
        t->can_open = lf;
        t->can_close = rf;
    } else {
        t->can_open = lf && (!rf || uc_punct(before));
        t->can_close = rf && (!lf || uc_punct(after));
    }
}

/* Match emphasis delimiters (CommonMark "process emphasis", with the
 * openers_bottom table that keeps it linear on pathological input). */
static void process_emphasis(inl *in)
{
    size_t *d = NULL, nd = 0, k;
    long bottom[2][2][3];
    int a, b, c;
    for (a = 0; a < 2; a++)
        for (b = 0; b < 2; b++)
            for (c = 0; c < 3; c++)
                bottom[a][b][c] = -1;
    for (k = 0; k < in->ntoks; k++)
        nd += in->toks[k].kind == TOK_DELIM;
    if (!nd)
        return;
    d = pb_malloc(nd * sizeof *d);
    if (!d) {
        in->failed = 1;
        return;
    }
    nd = 0;
    for (k = 0; k < in->ntoks; k++)
        if (in->toks[k].kind == TOK_DELIM)
            d[nd++] = k;
    for (k = 0; k < nd; k++) {
        tok *cl = &in->toks[d[k]];
        int ci = cl->ch == '_';
        while (cl->can_close && cl->count > 0) {
            long j, lo = bottom[ci][cl->can_open][cl->orig % 3];
            tok *op = NULL;
            for (j = (long)k - 1; j > lo; j--) {
                tok *o = &in->toks[d[j]];
                if (o->ch != cl->ch || !o->can_open || o->count == 0)
                    continue;
                if ((o->can_close || cl->can_open) &&
                    (o->orig + cl->orig) % 3 == 0 &&
                    !(o->orig % 3 == 0 && cl->orig % 3 == 0))
                    continue;
                op = o;
                break;
            }
            if (!op || op->nopens >= 8 || cl->ncloses >= 8) {
                if (!op)
                    bottom[ci][cl->can_open][cl->orig % 3] = (long)k - 1;
                break;
            }
            {
                int use = op->count >= 2 && cl->count >= 2 ? 2 : 1;
                long m;
                op->count -= use;
                cl->count -= use;
                /* a later match is an outer one: its open tag goes first */
                memmove(op->opens + 1, op->opens, (size_t)op->nopens);
                op->opens[0] = (unsigned char)use;
                op->nopens++;
                cl->closes[cl->ncloses++] = (unsigned char)use;
                /* delimiters between them can no longer match */
                for (m = j + 1; m < (long)k; m++) {
                    in->toks[d[m]].can_open = 0;
                    in->toks[d[m]].can_close = 0;
                }
            }
        }
    }
    pb_free(d);
}

static void emit_tokens(inl *in, pb_buf *out)
{
    size_t k;
    int i;
    for (k = 0; k < in->ntoks; k++) {
        tok *t = &in->toks[k];
        if (t->kind == TOK_TEXT) {
            pb_buf_append(out, in->text.data + t->off, t->len);
            continue;
        }
        for (i = 0; i < t->ncloses; i++)
            pb_buf_puts(out, t->closes[i] == 2 ? "</strong>" : "</em>");
        for (i = 0; i < t->count; i++)
            pb_buf_putc(out, t->ch);
        for (i = 0; i < t->nopens; i++)
            pb_buf_puts(out, t->opens[i] == 2 ? "<strong>" : "<em>");
    }
}

static void scan_inline(inl *in, const char *s, size_t n, int depth)
{
    size_t i = 0, start = 0;
#define FLUSH_PLAIN() put_escaped(in, s + start, i - start)
    while (i < n && !in->failed) {
        char c = s[i];
        size_t k;
        int email;
        switch (c) {
        case '\\':
            FLUSH_PLAIN();
            if (i + 1 < n && s[i + 1] == '\n') {
                put_str(in, "<br>");
                i++;
            } else if (i + 1 < n && is_ascii_punct((unsigned char)s[i + 1])) {
                put_escaped(in, s + i + 1, 1);
                i += 2;
            } else {
                put_escaped(in, s + i, 1);
                i++;
            }
            start = i;
            continue;
        case '`': {
            size_t run = 0, j;
            FLUSH_PLAIN();
            while (i + run < n && s[i + run] == '`')
                run++;
            j = i + run;
            if (run >= sizeof in->code_fail || !in->code_fail[run]) {
                while (j < n) {
                    size_t r2 = 0;
                    if (s[j] != '`') {
                        j++;
                        continue;
                    }
                    while (j + r2 < n && s[j + r2] == '`')
                        r2++;
                    if (r2 == run)
                        break;
                    j += r2;
                }
            }
            if (j < n && !(run < sizeof in->code_fail && in->code_fail[run])) {
                const char *c0 = s + i + run;
                size_t cl = j - (i + run);
                /* one leading and trailing space are stripped (§6.1) */
                if (cl >= 2 && c0[0] == ' ' && c0[cl - 1] == ' ') {
                    c0++;
                    cl -= 2;
                }
                put_str(in, "<code>");
                put_escaped(in, c0, cl);
                put_str(in, "</code>");
                i = j + run;
            } else {
                if (run < sizeof in->code_fail)
                    in->code_fail[run] = 1;
                put_text(in, s + i, run);
                i += run;
            }
            start = i;
            continue;
        }
        case '<':
            FLUSH_PLAIN();
            if ((k = autolink_len(s + i, n - i, &email)) != 0) {
                put_str(in, email ? "<a href=\"mailto:" : "<a href=\"");
                put_escaped(in, s + i + 1, k - 2);
                put_str(in, "\">");
                put_escaped(in, s + i + 1, k - 2);
                put_str(in, "</a>");
                i += k;
            } else if ((k = raw_tag_len(s + i, n - i)) != 0) {
                put_text(in, s + i, k); /* inline HTML passes through */
                i += k;
            } else {
                put_str(in, "&lt;");
                i++;
            }
            start = i;
            continue;
        case '&':
            FLUSH_PLAIN();
            k = entity_len(s + i, n - i);
            if (k) {
                put_text(in, s + i, k);
                i += k;
            } else {
                put_str(in, "&amp;");
                i++;
            }
            start = i;
            continue;
        case '!':
        case '[': {
            size_t te, d0, d1, off = c == '!' ? 1 : 0;
            if (c == '!' && (i + 1 >= n || s[i + 1] != '['))
                break;
            if (depth >= MAX_LINK_NESTING)
                break;
            k = link_len(s + i + off, n - i - off, &te, &d0, &d1);
            if (!k)
                break;
            FLUSH_PLAIN();
            if (c == '!') {
                /* An image: its alt text stands in its place. */
                pb_buf alt;
                pb_buf_init(&alt);
                render_inline(s + i + 2, te - 1, &alt, depth + 1);
                put_text(in, alt.data ? alt.data : "", alt.len);
                in->failed |= alt.failed;
                pb_buf_fini(&alt);
            } else {
                pb_buf lt;
                pb_buf_init(&lt);
                render_inline(s + i + 1, te - 1, &lt, depth + 1);
                put_str(in, "<a href=\"");
                put_attr(in, s + i + d0, d1 - d0);
                put_str(in, "\">");
                put_text(in, lt.data ? lt.data : "", lt.len);
                put_str(in, "</a>");
                in->failed |= lt.failed;
                pb_buf_fini(&lt);
            }
            /* line breaks inside "](…)" are kept, one for one */
            {
                size_t q;
                for (q = i + off + te; q < i + off + k; q++)
                    if (s[q] == '\n')
                        put_text(in, "\n", 1);
            }
            i += off + k;
            start = i;
            continue;
        }
        case '*':
        case '_': {
            size_t run = 0;
            FLUSH_PLAIN();
            while (i + run < n && s[i + run] == c)
                run++;
            put_delim(in, s, n, i, run);
            i += run;
            start = i;
            continue;
        }
        case '\n': {
            /* two trailing spaces make a hard break (§6.7) */
            size_t sp = 0;
            while (sp < i - start && s[i - 1 - sp] == ' ')
                sp++;
            FLUSH_PLAIN();
            if (sp >= 2)
                put_str(in, "<br>");
            put_text(in, "\n", 1);
            i++;
            start = i;
            continue;
        }
        default:
            break;
        }
        i++;
    }
    FLUSH_PLAIN();
#undef FLUSH_PLAIN
}

/* Render the inline Markdown s[0..n) as HTML into out.  Newlines are kept
 * one for one. */
static void render_inline(const char *s, size_t n, pb_buf *out, int depth)
{
    inl in;
    memset(&in, 0, sizeof in);
    pb_buf_init(&in.text);
    scan_inline(&in, s, n, depth);
    process_emphasis(&in);
    if (in.failed || in.text.failed)
        out->failed = 1;
    else
        emit_tokens(&in, out);
    pb_free(in.toks);
    pb_buf_fini(&in.text);
}

/* ================================================================ blocks */

typedef struct cont {
    char kind;           /* 'q' quote, 'u' bullet list, 'o' ordered list */
    char mark;           /* bullet char or ordered delimiter */
    int marker_indent;   /* column of the list marker */
    int content_indent;  /* column where item content starts */
} cont;

typedef struct md {
    pb_buf *out;
    cont st[MAX_CONTAINERS];
    int n;
    int para;            /* a paragraph is being collected */
    int para_tight;      /* it is a list item's own text: no <p> */
    pb_buf para_text;
    int html;            /* inside an HTML block */
    const char *html_end; /* its end marker, or NULL = a blank line */
    int fence;
    char fence_ch;
    size_t fence_len;
    int fence_indent;
} md;

static void flush_para(md *m, const char *tag)
{
    if (!m->para)
        return;
    if (!m->para_tight || tag) {
        pb_buf_printf(m->out, "<%s>", tag ? tag : "p");
    }
    render_inline(m->para_text.data ? m->para_text.data : "",
                  m->para_text.len, m->out, 0);
    if (!m->para_tight || tag)
        pb_buf_printf(m->out, "</%s>", tag ? tag : "p");
    pb_buf_putc(m->out, '\n');
    pb_buf_reset(&m->para_text);
    m->para = 0;
    m->para_tight = 0;
}

static void close_top(md *m)
{
    cont *c;
    flush_para(m, NULL);
    c = &m->st[--m->n];
    if (c->kind == 'q')
        pb_buf_puts(m->out, "</blockquote>");
    else
        pb_buf_puts(m->out, c->kind == 'u' ? "</li></ul>" : "</li></ol>");
}

static int quote_depth(const md *m)
{
    int i, q = 0;
    for (i = 0; i < m->n; i++)
        q += m->st[i].kind == 'q';
    return q;
}

/* Close containers until only `keep` quotes remain (and nothing above). */
static void close_to_quotes(md *m, int keep)
{
    while (m->n > 0 && (m->st[m->n - 1].kind != 'q' || quote_depth(m) > keep))
        close_top(m);
}

/* Columns of leading white space (tab stops of 4). */
static int indent_of(const char *s, size_t n, size_t *bytes)
{
    size_t i = 0;
    int col = 0;
    while (i < n && is_sp(s[i])) {
        col = s[i] == '\t' ? (col / 4 + 1) * 4 : col + 1;
        i++;
    }
    *bytes = i;
    return col;
}

static int is_blank(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!is_sp(s[i]) && s[i] != '\r')
            return 0;
    return 1;
}

/* Thematic break: three or more of one of - * _ with only spaces. */
static int is_hr(const char *s, size_t n)
{
    size_t i, cnt = 0;
    char c = n ? s[0] : 0;
    if (c != '-' && c != '*' && c != '_')
        return 0;
    for (i = 0; i < n; i++) {
        if (s[i] == c)
            cnt++;
        else if (!is_sp(s[i]))
            return 0;
    }
    return cnt >= 3;
}

/* Setext underline: only '=' or only '-' (trailing spaces allowed). */
static int setext_level(const char *s, size_t n)
{
    size_t i = 0;
    char c = n ? s[0] : 0;
    if (c != '=' && c != '-')
        return 0;
    while (i < n && s[i] == c)
        i++;
    while (i < n && is_sp(s[i]))
        i++;
    return i == n ? (c == '=' ? 1 : 2) : 0;
}

/* ATX heading level (1..6) or 0; *text and *tlen give its content. */
static int atx_level(const char *s, size_t n, const char **text, size_t *tlen)
{
    size_t h = 0, i, e, c;
    while (h < n && h < 7 && s[h] == '#')
        h++;
    if (h == 0 || h > 6 || (h < n && !is_sp(s[h])))
        return 0;
    e = n;
    while (e > h && is_sp(s[e - 1]))
        e--;
    /* an optional closing run of '#' preceded by a space */
    c = e;
    while (c > h && s[c - 1] == '#')
        c--;
    if (c == h || is_sp(s[c - 1]))
        e = c;
    while (e > h && is_sp(s[e - 1]))
        e--;
    i = h;
    while (i < e && is_sp(s[i]))
        i++;
    *text = s + i;
    *tlen = e - i;
    return (int)h;
}

/* A list marker at s: returns its width (marker + following spaces
 * counted as content offset), kind 'u' or 'o', the mark and the start
 * number; 0 if none. */
static int list_marker(const char *s, size_t n, char *kind, char *mark,
                       long *start, int *empty)
{
    size_t i = 0, sp = 0;
    if (n && (s[0] == '-' || s[0] == '*' || s[0] == '+')) {
        *kind = 'u';
        *mark = s[0];
        i = 1;
    } else {
        long v = 0;
        while (i < n && i < 9 && s[i] >= '0' && s[i] <= '9')
            v = v * 10 + (s[i++] - '0');
        if (i == 0 || i >= n || (s[i] != '.' && s[i] != ')'))
            return 0;
        *kind = 'o';
        *mark = s[i];
        *start = v;
        i++;
    }
    if (i < n && !is_sp(s[i]))
        return 0;
    while (i + sp < n && is_sp(s[i + sp]))
        sp++;
    *empty = i + sp >= n;
    if (*empty || sp > 4)
        sp = 1; /* content indented 5+ is code in CommonMark: keep it text */
    return (int)(i + sp);
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int tag_is(const char *s, size_t n, const char *name)
{
    size_t i, l = strlen(name);
    if (n < l)
        return 0;
    for (i = 0; i < l; i++)
        if (lower((unsigned char)s[i]) != name[i])
            return 0;
    return l == n || is_sp(s[l]) || s[l] == '>' || s[l] == '/' ||
           s[l] == '\r';
}

/* Does the line s start an HTML block?  Returns the block type of
 * CommonMark §4.6 (1..7) or 0, and its end marker (NULL = blank line). */
static int html_start(const char *s, size_t n, const char **end)
{
    static const char *const type1[] = {"script", "pre", "style", "textarea"};
    static const char *const type6[] = {
        "address", "article", "aside", "base", "basefont", "blockquote",
        "body", "caption", "center", "col", "colgroup", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
        "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3",
        "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend",
        "li", "link", "main", "menu", "menuitem", "meta", "nav", "noframes",
        "ol", "optgroup", "option", "p", "param", "section", "source",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title",
        "tr", "track", "ul"};
    static const char *const end1[] = {"</script>", "</pre>", "</style>",
                                       "</textarea>"};
    size_t k;
    *end = NULL;
    if (n < 2 || s[0] != '<')
        return 0;
    for (k = 0; k < PB_COUNTOF(type1); k++)
        if (tag_is(s + 1, n - 1, type1[k])) {
            *end = end1[k];
            return 1;
        }
    if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
        *end = "-->";
        return 2;
    }
    if (s[1] == '?') {
        *end = "?>";
        return 3;
    }
    if (n >= 9 && memcmp(s, "<![CDATA[", 9) == 0) {
        *end = "]]>";
        return 5;
    }
    if (s[1] == '!' && n > 2 && is_alpha(s[2])) {
        *end = ">";
        return 4;
    }
    {
        size_t o = s[1] == '/' ? 2 : 1;
        for (k = 0; k < PB_COUNTOF(type6); k++)
            if (tag_is(s + o, n - o, type6[k]))
                return 6;
    }
    /* type 7: a complete open or closing tag alone on its line */
    {
        int email;
        size_t t;
        if (autolink_len(s, n, &email))
            return 0;
        t = raw_tag_len(s, n);
        if (t && s[1] != '!' && is_blank(s + t, n - t))
            return 7;
    }
    return 0;
}

/* Case-insensitive search for an end marker in the line. */
static int contains_ci(const char *s, size_t n, const char *pat)
{
    size_t i, j, l = strlen(pat);
    for (i = 0; i + l <= n; i++) {
        for (j = 0; j < l; j++)
            if (lower((unsigned char)s[i + j]) != pat[j])
                break;
        if (j == l)
            return 1;
    }
    return 0;
}

/* Copy a line of an HTML block.  Raw HTML passes untouched, except an
 * autolink "<http://…>": no tag name is followed by "://", and libxml2
 * would otherwise take it for a tag and lose the address. */
static void put_html_line(md *m, const char *s, size_t n)
{
    size_t i = 0, start = 0;
    while (i < n) {
        int email;
        size_t k;
        const char *colon;
        if (s[i] != '<') {
            i++;
            continue;
        }
        k = autolink_len(s + i, n - i, &email);
        colon = k ? memchr(s + i, ':', k) : NULL;
        if (!k || email || !colon || (size_t)(colon - (s + i)) + 3 > k ||
            colon[1] != '/' || colon[2] != '/') {
            i++;
            continue;
        }
        pb_buf_append(m->out, s + start, i - start);
        pb_buf_puts(m->out, "<a href=\"");
        buf_escaped(m->out, s + i + 1, k - 2);
        pb_buf_puts(m->out, "\">");
        buf_escaped(m->out, s + i + 1, k - 2);
        pb_buf_puts(m->out, "</a>");
        i += k;
        start = i;
    }
    pb_buf_append(m->out, s + start, n - start);
    pb_buf_putc(m->out, '\n');
}

static void para_add(md *m, const char *s, size_t n, int tight)
{
    if (!m->para) {
        m->para = 1;
        m->para_tight = tight;
        pb_buf_reset(&m->para_text);
    } else {
        pb_buf_putc(&m->para_text, '\n');
    }
    pb_buf_append(&m->para_text, s, n);
}

/* Can the rest of the line (after container markers) interrupt a
 * paragraph?  Otherwise it continues it (lazily, if need be). */
static int interrupts(const char *t, size_t n, int in_list)
{
    const char *x, *end;
    size_t xl;
    char kind, mark;
    long start = 1;
    int empty;
    int typ;
    if (atx_level(t, n, &x, &xl) || is_hr(t, n))
        return 1;
    if (n >= 3 && (memcmp(t, "```", 3) == 0 || memcmp(t, "~~~", 3) == 0))
        return 1;
    if (n && t[0] == '>')
        return 1;
    typ = html_start(t, n, &end);
    if (typ >= 1 && typ <= 6)
        return 1;
    if (list_marker(t, n, &kind, &mark, &start, &empty) && !empty &&
        (kind == 'u' || start == 1 || in_list))
        return 1;
    return 0;
}

static int in_list(const md *m)
{
    return m->n > 0 && m->st[m->n - 1].kind != 'q';
}

static void do_line(md *m, const char *line, size_t n)
{
    size_t p = 0, ib;
    int q = 0, cur_q, ind;
    const char *t, *x;
    size_t tn, xl;
    int lvl;

    if (n && line[n - 1] == '\r')
        n--;

    /* fenced code: raw until the closing fence */
    if (m->fence) {
        size_t i = 0, r = 0;
        int col = indent_of(line, n, &i);
        while (i + r < n && line[i + r] == m->fence_ch)
            r++;
        if (col < 4 && r >= m->fence_len && is_blank(line + i + r, n - i - r)) {
            pb_buf_puts(m->out, "</code></pre>\n");
            m->fence = 0;
            return;
        }
        i = 0;
        while (i < n && (int)i < m->fence_indent && line[i] == ' ')
            i++;
        buf_escaped(m->out, line + i, n - i);
        pb_buf_putc(m->out, '\n');
        return;
    }

    /* HTML block: untouched until its end condition */
    if (m->html) {
        if (!m->html_end && is_blank(line, n)) {
            m->html = 0;
        } else {
            if (m->html_end) {
                /* <pre>, <script>, comments: verbatim */
                pb_buf_append(m->out, line, n);
                pb_buf_putc(m->out, '\n');
            } else {
                put_html_line(m, line, n);
            }
            if (m->html_end && contains_ci(line, n, m->html_end))
                m->html = 0;
            return;
        }
    }

    /* block quote markers */
    for (;;) {
        size_t j = p, sp = 0;
        while (j < n && line[j] == ' ' && sp < 3) {
            j++;
            sp++;
        }
        if (j < n && line[j] == '>') {
            p = j + 1;
            if (p < n && is_sp(line[p]))
                p++;
            q++;
        } else {
            break;
        }
    }
    cur_q = quote_depth(m);
    t = line + p;
    tn = n - p;

    if (is_blank(t, tn)) {
        flush_para(m, NULL);
        /* a blank line ends the quotes it is not inside of */
        if (q < cur_q)
            close_to_quotes(m, q);
        pb_buf_putc(m->out, '\n');
        return;
    }

    ind = indent_of(t, tn, &ib);

    /* an open paragraph continues unless a block starts (lazily, without
     * the quote markers, as in CommonMark §5.1) */
    if (m->para && q <= cur_q) {
        int intr = interrupts(t + ib, tn - ib, in_list(m));
        if (q == cur_q && !m->para_tight && ind < 4 &&
            (lvl = setext_level(t + ib, tn - ib)) != 0) {
            flush_para(m, lvl == 1 ? "h1" : "h2");
            pb_buf_putc(m->out, '\n');
            return;
        }
        if (!intr) {
            para_add(m, t + ib, tn - ib, m->para_tight);
            return;
        }
    }
    flush_para(m, NULL);

    /* quote depth */
    if (q < cur_q) {
        close_to_quotes(m, q);
    } else if (q > cur_q) {
        close_to_quotes(m, cur_q);
        while (q > cur_q && m->n < MAX_CONTAINERS) {
            m->st[m->n].kind = 'q';
            m->n++;
            cur_q++;
            pb_buf_puts(m->out, "<blockquote>");
        }
    }

    /* list items */
    {
        char kind, mark;
        long start = 1;
        int empty, w;
        if (ind < 4 + (in_list(m) ? m->st[m->n - 1].content_indent : 0) &&
            !is_hr(t + ib, tn - ib) &&
            (w = list_marker(t + ib, tn - ib, &kind, &mark, &start, &empty))) {
            int opened = 0;
            while (!opened) {
                cont *top = in_list(m) ? &m->st[m->n - 1] : NULL;
                if (!top || ind >= top->content_indent) {
                    if (m->n >= MAX_CONTAINERS) {
                        /* too deep: a sibling of the deepest item */
                        pb_buf_puts(m->out, "</li><li>");
                        if (top) {
                            top->marker_indent = ind;
                            top->content_indent = ind + w;
                        }
                        break;
                    }
                    m->st[m->n].kind = kind;
                    m->st[m->n].mark = mark;
                    m->st[m->n].marker_indent = ind;
                    m->st[m->n].content_indent = ind + w;
                    m->n++;
                    if (kind == 'o' && start != 1)
                        pb_buf_printf(m->out, "<ol start=\"%ld\"><li>", start);
                    else
                        pb_buf_puts(m->out, kind == 'o' ? "<ol><li>" : "<ul><li>");
                    opened = 1;
                } else if (ind >= top->marker_indent) {
                    if (top->kind == kind && top->mark == mark) {
                        pb_buf_puts(m->out, "</li><li>");
                        top->content_indent = ind + w;
                        opened = 1;
                    } else {
                        close_top(m);
                    }
                } else {
                    close_top(m);
                }
            }
            if (!empty)
                para_add(m, t + ib + (size_t)w, tn - ib - (size_t)w, 1);
            if (!m->para)
                pb_buf_putc(m->out, '\n');
            return;
        }
    }

    /* leave the list items this line is not indented into */
    while (in_list(m) && ind < m->st[m->n - 1].content_indent)
        close_top(m);
    if (in_list(m))
        ind -= m->st[m->n - 1].content_indent;

    t += ib;
    tn -= ib;

    if (ind < 4 && tn >= 3 &&
        (memcmp(t, "```", 3) == 0 || memcmp(t, "~~~", 3) == 0)) {
        size_t r = 0;
        while (r < tn && t[r] == t[0])
            r++;
        if (t[0] == '~' || !memchr(t + r, '`', tn - r)) {
            m->fence = 1;
            m->fence_ch = t[0];
            m->fence_len = r;
            m->fence_indent = (int)ib;
            pb_buf_puts(m->out, "<pre><code>\n");
            return;
        }
    }
    if (ind < 4 && (lvl = atx_level(t, tn, &x, &xl)) != 0) {
        pb_buf_printf(m->out, "<h%d>", lvl);
        render_inline(x, xl, m->out, 0);
        pb_buf_printf(m->out, "</h%d>\n", lvl);
        return;
    }
    if (ind < 4 && is_hr(t, tn)) {
        pb_buf_puts(m->out, "<hr>\n");
        return;
    }
    if (ind < 4 && t[0] == '<') {
        const char *end;
        if (html_start(t, tn, &end)) {
            if (end) {
                pb_buf_append(m->out, t, tn);
                pb_buf_putc(m->out, '\n');
            } else {
                put_html_line(m, t, tn);
            }
            m->html = 1;
            m->html_end = end;
            if (end && contains_ci(t + 1, tn - 1, end))
                m->html = 0;
            return;
        }
    }
    para_add(m, t, tn, 0);
}

pb_status pb_ingest_markdown_to_html(const char *s, size_t len, pb_buf *out)
{
    md m;
    size_t i = 0;
    memset(&m, 0, sizeof m);
    m.out = out;
    pb_buf_init(&m.para_text);
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len;
        do_line(&m, s + i, e - i);
        i = e + 1;
        if (out->failed || m.para_text.failed)
            break;
    }
    flush_para(&m, NULL);
    while (m.n)
        close_top(&m);
    if (m.fence)
        pb_buf_puts(out, "</code></pre>");
    pb_buf_fini(&m.para_text);
    return out->failed || m.para_text.failed ? PB_ERR_NOMEM : PB_OK;
}
