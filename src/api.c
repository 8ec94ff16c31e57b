/*
 * api.c — the public API of policybrief.h on top of the stages: an engine
 * holds the fontset and a cache of templates; opening a document runs
 * ingest and analysis; rendering runs layout and the PDF stage.  It also
 * answers what the `fonts` command asks: which file each role resolved to,
 * and which characters of a document no font covers.
 */
#define _GNU_SOURCE /* dladdr */
#include "policybrief.h"

#include <dirent.h>
#include <limits.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "layout/layout.h"
#include "model/model.h"
#include "pdf/pdf.h"
#include "text/text.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#ifndef PB_VERSION
#define PB_VERSION "0.0.0"
#endif
#ifndef PB_DATADIR
#define PB_DATADIR "/usr/local/share/policybrief"
#endif

#define MAX_TEMPLATES 16

struct pb_engine {
    pb_arena *arena;
    char *data_dir;
    char *layouts_dir;
    char *fontset_path;
    char *fontset_name;
    pb_fontset *fontset;
    pb_warnings warnings;
    struct {
        char *name;
        pb_template *tpl;
    } templates[MAX_TEMPLATES];
    size_t ntemplates;
};

const char *pb_version(void)
{
    return PB_VERSION;
}

static int has_data(const char *dir)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof p, "%s/layouts/layout.rng", dir);
    if (stat(p, &st) != 0)
        return 0;
    snprintf(p, sizeof p, "%s/fonts/fontsets.xml", dir);
    return stat(p, &st) == 0;
}

/* Copies a found folder into buf, without the ../ of how it was found:
 * 1, or 0 when it does not fit.  A buffer rather than an allocation so
 * that "not found" and "out of memory" stay apart. */
static int found(const char *dir, char *buf, size_t size)
{
    char real[PATH_MAX];
    const char *name = realpath(dir, real) ? real : dir;
    return snprintf(buf, size, "%s", name) < (int)size;
}

/* The folder of a file (path is cut at its last '/'): 1, or 0 when path
 * has no folder part. */
static int cut_to_folder(char *path)
{
    char *slash = strrchr(path, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    return 1;
}

/* The data folder (policybrief.h, pb_engine_new; man page FILES): the one
 * given, $POLICYBRIEF_DATA, next to the executable (an installed
 * ../share/policybrief, or the source tree two levels up from
 * build/<kind>/policybrief), next to the shared library (a program of
 * one's own linked to an installed libpolicybrief.so), the compiled-in
 * install location, the current folder.  Looking next to the binary first
 * makes an installed tree relocatable: a DESTDIR staging folder or a copy
 * of PREFIX elsewhere works as it is.  Copied into buf; 0 when none is
 * found. */
static int find_data_dir(const char *given, char *buf, size_t size)
{
    const char *env = getenv("POLICYBRIEF_DATA");
    char exe[4096], cand[4200];
    Dl_info info;
    ssize_t n;
    if (given && *given)
        return snprintf(buf, size, "%s", given) < (int)size;
    if (env && *env)
        return snprintf(buf, size, "%s", env) < (int)size;
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        if (cut_to_folder(exe)) {
            snprintf(cand, sizeof cand, "%s/../share/policybrief", exe);
            if (has_data(cand))
                return found(cand, buf, size);
            snprintf(cand, sizeof cand, "%s/../..", exe);
            if (has_data(cand))
                return found(cand, buf, size);
        }
    }
    memset(&info, 0, sizeof info);
    if (dladdr((void *)pb_engine_new, &info) && info.dli_fname &&
        strlen(info.dli_fname) < sizeof exe) {
        snprintf(exe, sizeof exe, "%s", info.dli_fname);
        if (cut_to_folder(exe)) {
            snprintf(cand, sizeof cand, "%s/../share/policybrief", exe);
            if (has_data(cand))
                return found(cand, buf, size);
        }
    }
    if (has_data(PB_DATADIR))
        return snprintf(buf, size, "%s", PB_DATADIR) < (int)size;
    if (has_data("."))
        return snprintf(buf, size, "%s", ".") < (int)size;
    return 0;
}

pb_status pb_engine_new(const pb_engine_options *opt, pb_engine **out,
                        pb_error *err)
{
    pb_engine *e;
    char path[4096];
    pb_status s;
    *out = NULL;
    e = pb_calloc(1, sizeof *e);
    if (!e)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    e->arena = pb_arena_new();
    if (!e->arena) {
        pb_free(e);
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    pb_warnings_init(&e->warnings, e->arena);
    if (!find_data_dir(opt ? opt->data_dir : NULL, path, sizeof path)) {
        pb_engine_free(e);
        return pb_error_set(err, PB_ERR_TEMPLATE, NULL, 0, 0,
                            "cannot find the data folder (layouts/, fonts/); "
                            "set POLICYBRIEF_DATA");
    }
    if (!(e->data_dir = pb_strdup(path))) {
        pb_engine_free(e);
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (!has_data(e->data_dir)) {
        s = pb_error_set(err, PB_ERR_TEMPLATE, e->data_dir, 0, 0,
                         "not a policybrief data folder (no layouts/layout.rng "
                         "or fonts/fontsets.xml)");
        pb_engine_free(e);
        return s;
    }
    snprintf(path, sizeof path, "%s/layouts", e->data_dir);
    e->layouts_dir = pb_strdup(path);
    snprintf(path, sizeof path, "%s/fonts/fontsets.xml", e->data_dir);
    e->fontset_path = pb_strdup(path);
    e->fontset_name = pb_strdup(opt && opt->fontset ? opt->fontset : "default");
    if (!e->fontset_path || !e->fontset_name) {
        pb_engine_free(e);
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    s = pb_fontset_load(path, opt ? opt->fontset : NULL, &e->fontset,
                        &e->warnings, err);
    if (s != PB_OK || !e->layouts_dir) {
        pb_engine_free(e);
        return s != PB_OK ? s : pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    *out = e;
    return PB_OK;
}

void pb_engine_free(pb_engine *e)
{
    size_t i;
    if (!e)
        return;
    for (i = 0; i < e->ntemplates; i++) {
        pb_template_free(e->templates[i].tpl);
        pb_free(e->templates[i].name);
    }
    pb_fontset_free(e->fontset);
    pb_free(e->fontset_path);
    pb_free(e->fontset_name);
    pb_free(e->layouts_dir);
    pb_free(e->data_dir);
    pb_arena_free(e->arena);
    pb_free(e);
}

const char *pb_engine_data_dir(const pb_engine *e)
{
    return e->data_dir;
}

size_t pb_engine_warning_count(const pb_engine *e)
{
    return e->warnings.n;
}

void pb_engine_warning(const pb_engine *e, size_t i, const char **code,
                       const char **message)
{
    *code = e->warnings.items[i].code;
    *message = e->warnings.items[i].message;
}

/* Templates are loaded on first use and kept: batch renders reuse them. */
static pb_status engine_template(pb_engine *e, const char *name,
                                 const pb_template **out, pb_error *err)
{
    size_t i;
    pb_template *t;
    pb_status s;
    for (i = 0; i < e->ntemplates; i++)
        if (strcmp(e->templates[i].name, name) == 0) {
            *out = e->templates[i].tpl;
            return PB_OK;
        }
    s = pb_template_load(name, e->layouts_dir, e->fontset, &t, err);
    if (s != PB_OK)
        return s;
    if (e->ntemplates < MAX_TEMPLATES) {
        e->templates[e->ntemplates].name = pb_strdup(name);
        if (e->templates[e->ntemplates].name) {
            e->templates[e->ntemplates++].tpl = t;
            *out = t;
            return PB_OK;
        }
    }
    pb_template_free(t);
    return pb_error_set(err, PB_ERR_NOMEM, name, 0, 0, "too many templates");
}

static pb_status open_common(pb_status s, pb_doc **out, pb_error *err)
{
    if (s != PB_OK)
        return s;
    s = pb_analyze(*out, err);
    if (s != PB_OK) {
        pb_doc_free(*out);
        *out = NULL;
    }
    return s;
}

pb_status pb_doc_open_file(const char *path, const pb_open_options *opt,
                           pb_doc **out, pb_error *err)
{
    pb_ingest_options io;
    memset(&io, 0, sizeof io);
    if (opt) {
        io.max_input = opt->max_input;
        io.format = opt->format;
    }
    return open_common(pb_ingest_file(path, &io, out, err), out, err);
}

pb_status pb_doc_open_memory(const char *name, const void *data, size_t len,
                             const pb_open_options *opt, pb_doc **out,
                             pb_error *err)
{
    pb_ingest_options io;
    memset(&io, 0, sizeof io);
    if (opt) {
        io.max_input = opt->max_input;
        io.format = opt->format;
    }
    return open_common(pb_ingest_memory(name, data, len, &io, out, err), out,
                       err);
}

size_t pb_doc_warning_count(const pb_doc *doc)
{
    return doc->warnings.n;
}

void pb_doc_warning(const pb_doc *doc, size_t i, const char **code,
                    const char **message, int *line)
{
    *code = doc->warnings.items[i].code;
    *message = doc->warnings.items[i].message;
    *line = doc->warnings.items[i].line;
}

static pb_status buf_out(pb_buf *b, char **out, size_t *len, pb_error *err)
{
    if (b->failed) {
        pb_buf_fini(b);
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (!b->data && pb_buf_reserve(b, 1) != 0)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    *out = b->data;
    if (len)
        *len = b->len;
    return PB_OK;
}

pb_status pb_doc_to_json(const pb_doc *doc, char **out, size_t *len,
                         pb_error *err)
{
    pb_buf b;
    pb_buf_init(&b);
    pb_doc_write_json(doc, &b);
    return buf_out(&b, out, len, err);
}

pb_status pb_doc_to_xml(const pb_doc *doc, char **out, size_t *len,
                        pb_error *err)
{
    pb_buf b;
    pb_buf_init(&b);
    pb_doc_write_xml(doc, &b);
    return buf_out(&b, out, len, err);
}

pb_status pb_doc_add_translation(pb_doc *doc, const char *path, pb_error *err)
{
    return pb_ingest_translation(doc, path, err);
}

pb_status pb_doc_to_translation_skeleton(pb_doc *doc, const char *lang,
                                         char **out, size_t *len,
                                         pb_error *err)
{
    pb_buf b;
    pb_buf_init(&b);
    pb_doc_write_translation_skeleton(doc, lang && *lang ? lang : "en", &b);
    return buf_out(&b, out, len, err);
}

void pb_string_free(void *p)
{
    pb_free(p);
}

void pb_render_options_init(pb_render_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->source_date_epoch = -1;
}

pb_status pb_engine_template_path(pb_engine *e, const char *name,
                                  const char **path, pb_error *err)
{
    const pb_template *tpl;
    pb_status s = engine_template(e, name ? name : "brief", &tpl, err);
    *path = s == PB_OK ? pb_template_path(tpl) : NULL;
    return s;
}

static void count_section(const pb_section *sec, pb_doc_counts *c)
{
    size_t i;
    c->measures += sec->nmeasures;
    for (i = 0; i < sec->nsubs; i++)
        count_section(&sec->subs[i], c);
}

void pb_doc_get_counts(const pb_doc *doc, pb_doc_counts *out)
{
    size_t i;
    memset(out, 0, sizeof *out);
    out->sections = doc->nsections;
    for (i = 0; i < doc->nsections; i++)
        count_section(&doc->sections[i], out);
    out->figures = doc->nfigures;
    out->claims = doc->nclaims;
    for (i = 0; i < doc->nclaims; i++) {
        if (doc->claims[i].found < 0)
            continue;
        if (doc->claims[i].found == doc->claims[i].value)
            out->claims_matched++;
        else
            out->claims_differ++;
    }
}

size_t pb_doc_claim_count(const pb_doc *doc)
{
    return doc->nclaims;
}

void pb_doc_claim(const pb_doc *doc, size_t i, const char **kind,
                  const char **text, long *value, long *found)
{
    const pb_claim *c = &doc->claims[i];
    *kind = c->kind;
    *text = c->text;
    *value = c->value;
    *found = c->found;
}

static double ms_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) * 1e3 +
           (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

pb_status pb_render(pb_engine *e, pb_doc *doc, const pb_render_options *opt,
                    unsigned char **pdf, size_t *pdf_len, char **dump,
                    pb_error *err)
{
    return pb_render_with_stats(e, doc, opt, pdf, pdf_len, dump, NULL, err);
}

pb_status pb_render_with_stats(pb_engine *e, pb_doc *doc,
                               const pb_render_options *opt,
                               unsigned char **pdf, size_t *pdf_len,
                               char **dump, pb_render_stats *stats,
                               pb_error *err)
{
    struct timespec t0, t1;
    pb_pdf_stats ps;
    pb_render_options defaults;
    const pb_template *tpl = NULL;
    pb_layout_options lo;
    pb_setting *settings = NULL;
    pb_pages pages;
    pb_buf out, dbuf;
    pb_status s;
    size_t i;

    *pdf = NULL;
    *pdf_len = 0;
    if (dump)
        *dump = NULL;
    if (!opt) {
        pb_render_options_init(&defaults);
        opt = &defaults;
    }
    if (pb_text_empty(&doc->title) && doc->nblocks == 0 && doc->nintro == 0 &&
        doc->nsections == 0 && doc->nclosing == 0)
        /* markup and nothing else (an image, empty elements): a blank
         * brief would go out looking like a good one */
        return pb_error_set(err, PB_ERR_INPUT, doc->path, 0, 0,
                            "has no text to put in a brief (no title, no "
                            "paragraph)");
    s = engine_template(e, opt->template_name ? opt->template_name : "brief",
                        &tpl, err);
    if (s != PB_OK)
        return s;
    memset(&lo, 0, sizeof lo);
    lo.creator = "policybrief " PB_VERSION;
    lo.epoch_override = opt->source_date_epoch;
    if (opt->nsettings) {
        settings = pb_arena_calloc(doc->arena, opt->nsettings, sizeof *settings);
        if (!settings)
            return pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0, "out of memory");
        for (i = 0; i < opt->nsettings; i++) {
            const char *kv = opt->settings[i];
            const char *eq = strchr(kv, '=');
            if (!eq || eq == kv)
                return pb_error_set(err, PB_ERR_USAGE, NULL, 0, 0,
                                    "setting '%s' is not key=value", kv);
            settings[i].key = pb_arena_strndup(doc->arena, kv, (size_t)(eq - kv));
            settings[i].value = pb_arena_strdup(doc->arena, eq + 1);
        }
        lo.settings = settings;
        lo.nsettings = opt->nsettings;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    s = pb_layout_doc(doc, tpl, e->fontset, &lo, doc->arena, &pages,
                      &doc->warnings, err);
    if (s != PB_OK)
        return s;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pb_buf_init(&out);
    s = pb_pdf_render_stats(&pages, &out, &ps, &doc->warnings, err);
    if (s == PB_OK && out.failed)
        s = pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0, "out of memory");
    if (s != PB_OK) {
        pb_buf_fini(&out);
        return s;
    }
    if (dump) {
        pb_buf_init(&dbuf);
        pb_pages_dump(&pages, &dbuf);
        if (buf_out(&dbuf, dump, NULL, err) != PB_OK) {
            pb_buf_fini(&out);
            return PB_ERR_NOMEM;
        }
    }
    *pdf = (unsigned char *)out.data;
    *pdf_len = out.len;
    if (stats) {
        memset(stats, 0, sizeof *stats);
        stats->pages = pages.npages;
        stats->pdf_bytes = out.len;
        stats->fonts = ps.fonts;
        stats->font_bytes = ps.font_bytes;
        stats->layout_ms = ms_between(&t0, &t1);
        stats->subset_ms = ps.subset_ms;
        stats->write_ms = ps.write_ms;
    }
    return PB_OK;
}

pb_status pb_render_to_file(pb_engine *e, pb_doc *doc,
                            const pb_render_options *opt, const char *path,
                            pb_error *err)
{
    unsigned char *pdf;
    size_t len;
    pb_status s = pb_render(e, doc, opt, &pdf, &len, NULL, err);
    if (s != PB_OK)
        return s;
    s = pb_file_write_atomic(path, pdf, len, err);
    pb_free(pdf);
    return s;
}

pb_status pb_write_file(const char *path, const void *data, size_t len,
                        pb_error *err)
{
    return pb_file_write_atomic(path, data, len, err);
}

void pb_abort_pending_write(void)
{
    pb_file_abort_pending();
}

static int cmp_info(const void *a, const void *b)
{
    return strcmp(((const pb_template_info *)a)->name,
                  ((const pb_template_info *)b)->name);
}

pb_status pb_engine_list_templates(pb_engine *e, pb_template_info **out,
                                   size_t *n, pb_error *err)
{
    DIR *d = opendir(e->layouts_dir);
    struct dirent *de;
    pb_template_info *list = NULL;
    size_t count = 0, cap = 0;
    *out = NULL;
    *n = 0;
    if (!d)
        return pb_error_set(err, PB_ERR_TEMPLATE, e->layouts_dir, 0, 0,
                            "cannot read the templates folder");
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        char path[4096];
        pb_template *t = NULL;
        pb_error terr;
        pb_template_info *info;
        if (len < 5 || strcmp(de->d_name + len - 4, ".xml") != 0 ||
            de->d_name[0] == '.')
            continue;
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            pb_template_info *nl = pb_realloc(list, ncap * sizeof *nl);
            if (!nl)
                goto nomem;
            list = nl;
            cap = ncap;
        }
        info = &list[count];
        memset(info, 0, sizeof *info);
        snprintf(path, sizeof path, "%s/%s", e->layouts_dir, de->d_name);
        info->path = pb_strdup(path);
        info->name = pb_malloc(len - 3);
        if (!info->path || !info->name) {
            pb_free(info->path);
            pb_free(info->name);
            goto nomem;
        }
        memcpy(info->name, de->d_name, len - 4);
        info->name[len - 4] = '\0';
        count++;
        if (pb_template_load(path, e->layouts_dir, e->fontset, &t, &terr) == PB_OK) {
            const char *desc = pb_template_description(t);
            info->valid = 1;
            info->description = pb_strdup(desc ? desc : "");
            pb_template_free(t);
        } else {
            char msg[1200];
            snprintf(msg, sizeof msg, "invalid: line %d: %s", terr.line, terr.message);
            info->description = pb_strdup(msg);
        }
        if (!info->description)
            goto nomem;
    }
    closedir(d);
    if (count)
        qsort(list, count, sizeof *list, cmp_info);
    *out = list;
    *n = count;
    return PB_OK;
nomem:
    closedir(d);
    pb_template_list_free(list, count);
    return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

void pb_template_list_free(pb_template_info *list, size_t n)
{
    size_t i;
    if (!list)
        return;
    for (i = 0; i < n; i++) {
        pb_free(list[i].name);
        pb_free(list[i].description);
        pb_free(list[i].path);
    }
    pb_free(list);
}

/* ------------------------------------------------------------- fields */

const char *pb_doc_field(const pb_doc *doc, const char *key)
{
    if (!doc || !key)
        return NULL;
    if (strcmp(key, "title") == 0)
        return doc->title.plain && *doc->title.plain ? doc->title.plain : NULL;
    if (strcmp(key, "subtitle") == 0)
        return doc->subtitle.plain && *doc->subtitle.plain ? doc->subtitle.plain
                                                           : NULL;
    if (strcmp(key, "date") == 0)
        return doc->date;
    if (strcmp(key, "source") == 0)
        return doc->source;
    if (strcmp(key, "url") == 0)
        return doc->url;
    if (strcmp(key, "lang") == 0)
        return doc->lang;
    if (strcmp(key, "format") == 0)
        return doc->format;
    return pb_doc_meta(doc, key);
}

/* ------------------------------------------------------------- fontsets */

/* libxml2's errors while the fontset names are read: only running out of
 * memory matters (an error without a message is one whose text could not
 * be allocated); it is flagged so the caller gets PB_ERR_NOMEM, not a
 * wrong "not a fontsets file" or a list with a name missing. */
static void on_names_xml_error(void *ud, xmlErrorPtr e)
{
    if (e && (e->code == XML_ERR_NO_MEMORY || !e->message))
        *(int *)ud = 1;
}

pb_status pb_engine_list_fontsets(const pb_engine *e, char ***names,
                                  size_t *n, pb_error *err)
{
    char *data = NULL, **list = NULL;
    size_t len = 0, count = 0, cap = 0;
    xmlDoc *doc = NULL;
    xmlParserCtxt *ctxt;
    const xmlNode *root, *c;
    xmlStructuredErrorFunc old_fn = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;
    int xml_nomem = 0;
    pb_status s;

    *names = NULL;
    *n = 0;
    s = pb_file_read(e->fontset_path, 1u << 20, &data, &len, err);
    if (s != PB_OK) {
        if (s != PB_ERR_NOMEM && err)
            err->code = PB_ERR_FONT;
        return s == PB_ERR_NOMEM ? s : PB_ERR_FONT;
    }
    /* the fontset loader has read the same file already; here only the
     * names are wanted.  No network, no entity expansion. */
    xmlSetStructuredErrorFunc(&xml_nomem, on_names_xml_error);
    ctxt = xmlNewParserCtxt();
    if (ctxt && len <= 0x7fffffff)
        doc = xmlCtxtReadMemory(ctxt, data, (int)len, e->fontset_path, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
    xmlFreeParserCtxt(ctxt);
    pb_free(data);
    if (!ctxt || xml_nomem)
        goto nomem;
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || strcmp((const char *)root->name, "fontsets") != 0) {
        xmlFreeDoc(doc);
        xmlSetStructuredErrorFunc(old_ctx, old_fn);
        return pb_error_set(err, PB_ERR_FONT, e->fontset_path, 0, 0,
                            "not a fontsets file (no <fontsets> root)");
    }
    for (c = root->children; c; c = c->next) {
        xmlChar *name;
        char *copy;
        if (c->type != XML_ELEMENT_NODE ||
            strcmp((const char *)c->name, "fontset") != 0)
            continue;
        name = xmlGetNoNsProp(c, (const xmlChar *)"name");
        if (!name) {
            if (xml_nomem)
                goto nomem;
            continue;
        }
        copy = pb_strdup((const char *)name);
        xmlFree(name);
        if (!copy)
            goto nomem;
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            char **nl = pb_realloc(list, ncap * sizeof *nl);
            if (!nl) {
                pb_free(copy);
                goto nomem;
            }
            list = nl;
            cap = ncap;
        }
        list[count++] = copy;
    }
    xmlFreeDoc(doc);
    xmlSetStructuredErrorFunc(old_ctx, old_fn);
    *names = list;
    *n = count;
    return PB_OK;
nomem:
    xmlFreeDoc(doc);
    xmlSetStructuredErrorFunc(old_ctx, old_fn);
    pb_name_list_free(list, count);
    return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

void pb_name_list_free(char **names, size_t n)
{
    size_t i;
    if (!names)
        return;
    for (i = 0; i < n; i++)
        pb_free(names[i]);
    pb_free(names);
}

void pb_engine_fontset(const pb_engine *e, const char **name,
                       const char **path)
{
    if (name)
        *name = e->fontset_name;
    if (path)
        *path = e->fontset_path;
}

size_t pb_engine_font_role_count(const pb_engine *e)
{
    return pb_fontset_role_count(e->fontset);
}

void pb_engine_font_role(const pb_engine *e, size_t i, const char **name,
                         const char **stand_in, size_t *nfonts)
{
    const pb_face *const *faces;
    size_t n = 0;
    const char *nm = NULL, *si = NULL;
    if (i < pb_fontset_role_count(e->fontset)) {
        nm = pb_fontset_role_name(e->fontset, (int)i);
        si = pb_fontset_role_stand_in(e->fontset, (int)i);
        n = pb_fontset_role_faces(e->fontset, (int)i, &faces);
    }
    if (name)
        *name = nm;
    if (stand_in)
        *stand_in = si;
    if (nfonts)
        *nfonts = n;
}

void pb_engine_font(const pb_engine *e, size_t i, size_t j,
                    const char **name, const char **path, int *index)
{
    const pb_face *const *faces = NULL;
    const pb_face *f = NULL;
    size_t n = 0;
    if (i < pb_fontset_role_count(e->fontset))
        n = pb_fontset_role_faces(e->fontset, (int)i, &faces);
    if (j < n)
        f = faces[j];
    if (name)
        *name = f ? pb_face_name(f) : NULL;
    if (path)
        *path = f ? pb_face_path(f) : NULL;
    if (index)
        *index = f ? pb_face_index(f) : 0;
}

/* ------------------------------------------------------------- coverage */

/* The characters the text stage draws: the rest are line breaks, spaces
 * that become glue, control characters (dropped) and format characters
 * (kept for the line breaker, not drawn) — src/text/chars.c run_pieces. */
static int drawn_char(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return 0;
    if (cp == ' ' || (cp >= 0x2000 && cp <= 0x200F) || cp == 0x205F ||
        cp == 0x1680 || cp == 0x2028 || cp == 0x2029)
        return 0;
    if (cp == 0x00AD || cp == 0x180E || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
        cp == 0xFEFF)
        return 0;
    return 1;
}

typedef struct coverage {
    const pb_fontset *fs;
    unsigned char seen[0x110000 / 8];
    pb_missing_char *miss;
    size_t n, cap;
    size_t distinct;
    int nomem;
} coverage;

static int cmp_missing(const void *a, const void *b)
{
    unsigned long x = ((const pb_missing_char *)a)->cp;
    unsigned long y = ((const pb_missing_char *)b)->cp;
    return x < y ? -1 : x > y;
}

static void cover_char(coverage *c, uint32_t cp, int line)
{
    size_t i;
    if (cp > 0x10FFFF || !drawn_char(cp))
        return;
    if (c->seen[cp >> 3] & (1u << (cp & 7))) {
        /* seen: only a missing one has a count to raise */
        for (i = 0; i < c->n; i++)
            if (c->miss[i].cp == cp) {
                c->miss[i].count++;
                if (!c->miss[i].line)
                    c->miss[i].line = line;
                break;
            }
        return;
    }
    c->seen[cp >> 3] |= (unsigned char)(1u << (cp & 7));
    c->distinct++;
    /* any role will do: the lookup falls back to every role of the set */
    if (cp <= 0xFFFF && pb_fontset_face_for(c->fs, 0, 0, cp, NULL, NULL))
        return;
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        pb_missing_char *nm = pb_realloc(c->miss, ncap * sizeof *nm);
        if (!nm) {
            c->nomem = 1;
            return;
        }
        c->miss = nm;
        c->cap = ncap;
    }
    c->miss[c->n].cp = cp;
    c->miss[c->n].line = line;
    c->miss[c->n].count = 1;
    c->n++;
}

static void cover_str(coverage *c, const char *s, size_t len, int line)
{
    size_t off = 0;
    if (!s)
        return;
    while (off < len) {
        uint32_t cp;
        size_t k = pb_utf8_decode(s + off, len - off, &cp);
        if (k == 0)
            break;
        off += k;
        cover_char(c, cp, line);
    }
}

static void cover_text(coverage *c, const pb_text *t, int line)
{
    for (; t; t = t->tr)
        if (t->plain)
            cover_str(c, t->plain, t->plain_len, line);
}

static void cover_blocks(coverage *c, const pb_block *b, size_t n)
{
    size_t i, r, k;
    for (i = 0; i < n; i++) {
        cover_text(c, &b[i].text, b[i].line);
        if (!b[i].table)
            continue;
        cover_text(c, &b[i].table->caption, b[i].line);
        for (r = 0; r < b[i].table->nrows; r++)
            for (k = 0; k < b[i].table->rows[r].ncells; k++)
                cover_text(c, &b[i].table->rows[r].cells[k].text, b[i].line);
    }
}

static void cover_section(coverage *c, const pb_section *sec, int depth)
{
    size_t i;
    if (depth > 64) /* analysis nests far less deep; bounded all the same */
        return;
    if (sec->number)
        cover_str(c, sec->number, strlen(sec->number), sec->line);
    cover_text(c, &sec->title, sec->line);
    cover_blocks(c, sec->paras, sec->nparas);
    for (i = 0; i < sec->nmeasures; i++) {
        const pb_measure *m = &sec->measures[i];
        if (m->number)
            cover_str(c, m->number, strlen(m->number), m->line);
        cover_text(c, &m->lead, m->line);
        cover_text(c, &m->body, m->line);
        cover_blocks(c, m->extra, m->nextra);
    }
    for (i = 0; i < sec->nsubs; i++)
        cover_section(c, &sec->subs[i], depth + 1);
}

pb_status pb_engine_check_coverage(const pb_engine *e, const pb_doc *doc,
                                   pb_missing_char **missing, size_t *n,
                                   size_t *distinct, pb_error *err)
{
    coverage *c;
    size_t i;
    *missing = NULL;
    *n = 0;
    if (distinct)
        *distinct = 0;
    c = pb_calloc(1, sizeof *c);
    if (!c)
        return pb_error_set(err, PB_ERR_NOMEM, NULL, 0, 0, "out of memory");
    c->fs = e->fontset;
    cover_text(c, &doc->title, 0);
    cover_text(c, &doc->subtitle, 0);
    if (doc->source)
        cover_str(c, doc->source, strlen(doc->source), 0);
    cover_blocks(c, doc->intro, doc->nintro);
    for (i = 0; i < doc->nsections; i++)
        cover_section(c, &doc->sections[i], 0);
    cover_blocks(c, doc->closing, doc->nclosing);
    if (c->nomem) {
        pb_free(c->miss);
        pb_free(c);
        return pb_error_set(err, PB_ERR_NOMEM, doc->path, 0, 0,
                            "out of memory");
    }
    if (c->n)
        qsort(c->miss, c->n, sizeof *c->miss, cmp_missing);
    *missing = c->miss;
    *n = c->n;
    if (distinct)
        *distinct = c->distinct;
    pb_free(c);
    return PB_OK;
}
