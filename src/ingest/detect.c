/*
 * detect.c — which format an input is: a Jekyll post (front matter first),
 * the canonical policy XML (root <policy> in our namespace), HTML (doctype,
 * <html>, or a text made mostly of tags) or Markdown.  The content decides;
 * the file name only breaks ties.
 */
#include "ingest_int.h"

#include <string.h>

#define POLICY_NS "urn:policybrief:policy:1"

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int starts_ci(const char *s, size_t len, const char *prefix)
{
    size_t i, n = strlen(prefix);
    if (len < n)
        return 0;
    for (i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != lower((unsigned char)prefix[i]))
            return 0;
    return 1;
}

int pb_ingest_name_has_ext(const char *name, const char *exts)
{
    size_t nl;
    const char *e = exts;
    if (!name)
        return 0;
    nl = strlen(name);
    while (*e) {
        const char *comma = strchr(e, ',');
        size_t el = comma ? (size_t)(comma - e) : strlen(e);
        if (el <= nl) {
            size_t i;
            for (i = 0; i < el; i++)
                if (lower((unsigned char)name[nl - el + i]) !=
                    lower((unsigned char)e[i]))
                    break;
            if (i == el)
                return 1;
        }
        e += el;
        if (*e == ',')
            e++;
    }
    return 0;
}

int pb_ingest_has_front_matter(const char *s, size_t len)
{
    size_t i = 3;
    if (len < 3 || memcmp(s, "---", 3) != 0)
        return 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < len && s[i] == '\r')
        i++;
    return i == len || s[i] == '\n';
}

/* Skip white space, comments, processing instructions and a doctype; the
 * returned offset is at the first element's '<' (or len). */
static size_t first_element(const char *s, size_t len, int *doctype_html)
{
    size_t i = 0;
    *doctype_html = 0;
    for (;;) {
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                           s[i] == '\n'))
            i++;
        if (i >= len || s[i] != '<')
            return len;
        if (starts_ci(s + i, len - i, "<!--")) {
            const char *e = NULL;
            size_t j;
            for (j = i + 4; j + 3 <= len; j++)
                if (memcmp(s + j, "-->", 3) == 0) {
                    e = s + j;
                    break;
                }
            if (!e)
                return len;
            i = (size_t)(e - s) + 3;
        } else if (starts_ci(s + i, len - i, "<?")) {
            const char *e = memchr(s + i, '>', len - i);
            if (!e)
                return len;
            i = (size_t)(e - s) + 1;
        } else if (starts_ci(s + i, len - i, "<!doctype")) {
            size_t j = i + 9;
            int depth = 0;
            while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' ||
                               s[j] == '\r'))
                j++;
            if (starts_ci(s + j, len - j, "html"))
                *doctype_html = 1;
            for (; j < len; j++) {
                if (s[j] == '[')
                    depth++;
                else if (s[j] == ']')
                    depth--;
                else if (s[j] == '>' && depth <= 0)
                    break;
            }
            i = j + 1;
        } else {
            return i;
        }
    }
}

/* "Mostly tags": at least half of the non-blank lines (of the first few
 * hundred) start with a tag. */
static int mostly_tags(const char *s, size_t len)
{
    size_t i = 0, lines = 0, tags = 0;
    while (i < len && lines < 400) {
        size_t j = i;
        while (j < len && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j < len && s[j] != '\n' && s[j] != '\r') {
            lines++;
            if (s[j] == '<' && j + 1 < len &&
                ((lower((unsigned char)s[j + 1]) >= 'a' &&
                  lower((unsigned char)s[j + 1]) <= 'z') ||
                 s[j + 1] == '/' || s[j + 1] == '!'))
                tags++;
        }
        while (j < len && s[j] != '\n')
            j++;
        i = j + 1;
    }
    return lines > 0 && tags * 2 >= lines;
}

const char *pb_ingest_detect(const char *name, const char *s, size_t len)
{
    int doctype_html;
    size_t at;
    if (pb_ingest_has_front_matter(s, len))
        return "jekyll";
    at = first_element(s, len, &doctype_html);
    if (doctype_html)
        return "html";
    if (at < len) {
        /* The start tag of the root: is it policy in our namespace? */
        size_t j = at + 1, n0;
        const char *gt = memchr(s + at, '>', len - at);
        size_t tag_end = gt ? (size_t)(gt - s) : len;
        n0 = j;
        while (j < len && s[j] != ' ' && s[j] != '>' && s[j] != '/' &&
               s[j] != '\t' && s[j] != '\n' && s[j] != '\r')
            j++;
        {
            const char *nm = s + n0;
            size_t nl = j - n0;
            const char *colon = memchr(nm, ':', nl);
            if (colon) {
                nl -= (size_t)(colon + 1 - nm);
                nm = colon + 1;
            }
            if (nl == 6 && memcmp(nm, "policy", 6) == 0) {
                size_t k;
                for (k = at; k + strlen(POLICY_NS) <= tag_end; k++)
                    if (memcmp(s + k, POLICY_NS, strlen(POLICY_NS)) == 0)
                        return "policy-xml";
                /* A .xml file rooted at <policy> is meant to be one: let
                 * the XML reader say what is wrong with its namespace. */
                if (pb_ingest_name_has_ext(name, ".xml"))
                    return "policy-xml";
            }
            if (nl == 4 && starts_ci(nm, nl, "html"))
                return "html";
        }
    }
    if (pb_ingest_name_has_ext(name, ".md,.markdown,.mdown,.mkd,.txt"))
        return "markdown";
    if (pb_ingest_name_has_ext(name, ".html,.htm,.xhtml,.shtml"))
        return "html";
    if (mostly_tags(s, len))
        return "html";
    return "markdown";
}
