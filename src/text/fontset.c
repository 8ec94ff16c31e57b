/*
 * fontset.c — turns the roles of a fontset (read by fontsets_file.c) into
 * faces: every family is resolved through fontconfig, with the folder of the
 * fontsets file added as application fonts that win over the system's.  A
 * match is accepted only for the family asked for (fontconfig otherwise hands
 * back a substitute) and only if libharu can embed it (TrueType outlines).
 * Each distinct face is opened once and shared between roles.
 */
#include "text_int.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>

/* A (file, index) that could not be opened, so it is tried only once. */
typedef struct failed_face {
    char *path;
    int index;
} failed_face;

typedef struct loader {
    pb_fontset *fs;
    FcConfig *cfg;
    FcFontSet *app;          /* fonts found in the fontsets folder */
    FcFontSet *sys;          /* the system's fonts */
    FcFontSet *fam_fonts;    /* the fonts of fam_name (both sets) */
    const char *fam_name;    /* borrowed from the role being resolved */
    size_t faces_cap;
    failed_face *failed;
    size_t nfailed, failed_cap;
    pb_warnings *w;
    pb_error *err;
} loader;

static pb_status nomem(loader *L)
{
    return pb_error_set(L->err, PB_ERR_NOMEM, L->fs->path, 0, 0,
                        "out of memory");
}

/* Family names are equal ignoring ASCII case and blanks, as fontconfig
 * compares them ("DejaVu Sans" = "dejavusans"). */
static int same_family(const char *a, const char *b)
{
    for (;;) {
        int ca, cb;
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        ca = (unsigned char)*a;
        cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb)
            return 0;
        if (!ca)
            return 1;
        a++;
        b++;
    }
}

/* Does the font's family list (all its names, in every language) contain
 * family? */
static int has_family(FcPattern *font, const char *family)
{
    FcChar8 *f;
    int i;
    for (i = 0; FcPatternGetString(font, FC_FAMILY, i, &f) == FcResultMatch;
         i++)
        if (same_family((const char *)f, family))
            return 1;
    return 0;
}

/* The fonts of the application and system sets that carry family among
 * their names, as a set of references (cached for the family last asked
 * for: its styles are resolved one after the other).  Matching among these
 * few instead of all installed fonts gives the same face — the family is
 * the strongest element of a match and a font of another family is refused
 * anyway — and makes loading a fontset five times cheaper: most families
 * listed (SimSun, 黑体 ...) are not installed, and FcFontMatch scored every
 * font for each of them.  NULL when fontconfig is out of memory (like a
 * failed FcFontMatch: the family counts as not installed). */
static FcFontSet *family_fonts(loader *L, const char *family)
{
    FcFontSet *const sets[2] = {L->app, L->sys};
    FcFontSet *fs;
    int k, i;
    if (L->fam_fonts && strcmp(L->fam_name, family) == 0)
        return L->fam_fonts;
    if (L->fam_fonts)
        FcFontSetDestroy(L->fam_fonts);
    L->fam_fonts = NULL;
    L->fam_name = family;
    if (!(fs = FcFontSetCreate()))
        return NULL;
    for (k = 0; k < 2; k++)
        for (i = 0; sets[k] && i < sets[k]->nfont; i++)
            if (has_family(sets[k]->fonts[i], family)) {
                FcPatternReference(sets[k]->fonts[i]);
                if (!FcFontSetAdd(fs, sets[k]->fonts[i])) {
                    FcPatternDestroy(sets[k]->fonts[i]);
                    FcFontSetDestroy(fs);
                    return NULL;
                }
            }
    return L->fam_fonts = fs;
}

/* The best font of family in the given style, from the application fonts
 * only (app_only) or from every font; NULL when fontconfig has nothing of
 * that family.  The pattern is not run through FcConfigSubstitute: we refuse
 * every substitute anyway, and skipping the configuration's alias rules
 * halves the cost of a match.  Destroy the result with FcPatternDestroy. */
static FcPattern *match_family(loader *L, int app_only, const char *family,
                               unsigned style)
{
    FcPattern *pat, *m;
    FcFontSet *sets[1];
    FcResult res;
    if (app_only && (!L->app || L->app->nfont == 0))
        return NULL;
    sets[0] = app_only ? L->app : family_fonts(L, family);
    if (!sets[0] || sets[0]->nfont == 0)
        return NULL;
    pat = FcPatternCreate();
    if (!pat)
        return NULL;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    if (style & PB_STYLE_BOLD)
        FcPatternAddInteger(pat, FC_WEIGHT, FC_WEIGHT_BOLD);
    if (style & PB_STYLE_ITALIC)
        FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ITALIC);
    FcDefaultSubstitute(pat);
    m = FcFontSetMatch(L->cfg, sets, 1, pat, &res);
    FcPatternDestroy(pat);
    if (m && !has_family(m, family)) {
        FcPatternDestroy(m);
        m = NULL;
    }
    return m;
}

static int find_face(const pb_fontset *fs, const char *path, int index)
{
    size_t i;
    for (i = 0; i < fs->nfaces; i++)
        if (pb_face_index(fs->faces[i]) == index &&
            strcmp(pb_face_path(fs->faces[i]), path) == 0)
            return (int)i;
    return -1;
}

/* Open the face of a match (or find it open already).  *idx = its index in
 * fs->faces, or -1 when the font is unusable (warned once). */
static pb_status open_match(loader *L, FcPattern *m, const pb_fs_role *r,
                            const char *family, int *idx)
{
    FcChar8 *file;
    int index = 0;
    size_t i;
    pb_face *face;
    pb_error ferr;
    pb_status st;

    *idx = -1;
    if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
        return PB_OK;
    FcPatternGetInteger(m, FC_INDEX, 0, &index);
    if ((*idx = find_face(L->fs, (const char *)file, index)) >= 0)
        return PB_OK;
    for (i = 0; i < L->nfailed; i++)
        if (L->failed[i].index == index &&
            strcmp(L->failed[i].path, (const char *)file) == 0)
            return PB_OK;
    if (index >> 16) {
        /* A named instance of a variable font: libharu would embed the
         * default instance, so the weight would be wrong. */
        pb_error_set(&ferr, PB_ERR_FONT, (const char *)file, 0, 0,
                     "a variable-font instance cannot be embedded");
        st = PB_ERR_FONT;
    } else {
        st = pb_face_open((const char *)file, index, &face, &ferr);
    }
    if (st == PB_ERR_NOMEM)
        return nomem(L);
    if (st != PB_OK) {
        char msg[1200];
        failed_face *ff;
        pb_error_format(&ferr, msg, sizeof msg);
        if (pb_warn(L->w, "font-skipped", 0,
                    "%s:%d: family \"%s\" of role \"%s\": %s; skipped",
                    L->fs->path, r->line, family, r->name, msg) != PB_OK)
            return nomem(L);
        if (pb_text_vec_grow_((void **)&L->failed, &L->failed_cap, L->nfailed,
                              sizeof *L->failed) != 0)
            return nomem(L);
        ff = &L->failed[L->nfailed];
        if (!(ff->path = pb_strdup((const char *)file)))
            return nomem(L);
        ff->index = index;
        L->nfailed++;
        return PB_OK;
    }
    if (pb_text_vec_grow_((void **)&L->fs->faces, &L->faces_cap,
                          L->fs->nfaces, sizeof *L->fs->faces) != 0) {
        pb_face_free(face);
        return nomem(L);
    }
    *idx = (int)L->fs->nfaces;
    L->fs->faces[L->fs->nfaces++] = face;
    return PB_OK;
}

/* Is the match a real face of the style, or fontconfig's synthetic one? */
static int real_style(FcPattern *m, unsigned style)
{
    FcBool emb = FcFalse;
    int weight = 0, slant = 0;
    FcPatternGetBool(m, FC_EMBOLDEN, 0, &emb);
    FcPatternGetInteger(m, FC_WEIGHT, 0, &weight);
    FcPatternGetInteger(m, FC_SLANT, 0, &slant);
    if ((style & PB_STYLE_BOLD) && (emb || weight < FC_WEIGHT_DEMIBOLD))
        return 0;
    if ((style & PB_STYLE_ITALIC) && slant == FC_SLANT_ROMAN)
        return 0;
    return 1;
}

static int face_has_style(const pb_face *f, unsigned style)
{
    return (!(style & PB_STYLE_BOLD) || pb_face_is_bold(f)) &&
           (!(style & PB_STYLE_ITALIC) || pb_face_is_italic(f));
}

/* Resolve one style of a family: the application fonts first (a font
 * dropped into the fontsets folder wins), then every font.  For bold and
 * italic the face must be another face than the regular one and really be
 * of that style; otherwise the style stays -1 (emulated). */
static pb_status resolve_style(loader *L, const pb_fs_role *r,
                               pb_fs_family *fam, unsigned style)
{
    int pass;
    for (pass = 0; pass < 2 && fam->face[style] < 0; pass++) {
        FcPattern *m = match_family(L, pass == 0, fam->name, style);
        int idx = -1;
        pb_status st;
        if (!m)
            continue;
        if (style != 0 && !real_style(m, style)) {
            FcPatternDestroy(m);
            continue;
        }
        st = open_match(L, m, r, fam->name, &idx);
        FcPatternDestroy(m);
        if (st != PB_OK)
            return st;
        if (idx < 0)
            continue;
        if (style != 0 && (idx == fam->face[0] ||
                           !face_has_style(L->fs->faces[idx], style)))
            continue;
        fam->face[style] = idx;
    }
    return PB_OK;
}

static pb_status resolve_role(loader *L, pb_fs_role *r)
{
    size_t i, cap = 0;
    for (i = 0; i < r->nwant; i++) {
        pb_fs_family fam;
        unsigned s;
        pb_status st;
        fam.name = r->want[i];
        for (s = 0; s < PB_FS_STYLES; s++)
            fam.face[s] = -1;
        if ((st = resolve_style(L, r, &fam, 0)) != PB_OK)
            return st;
        if (fam.face[0] < 0)
            continue;
        for (s = 1; s < PB_FS_STYLES; s++)
            if ((st = resolve_style(L, r, &fam, s)) != PB_OK)
                return st;
        if (pb_text_vec_grow_((void **)&r->fams, &cap, r->nfams,
                              sizeof *r->fams) != 0 ||
            !(fam.name = pb_strdup(r->want[i])))
            return nomem(L);
        r->fams[r->nfams++] = fam;
    }
    return PB_OK;
}

static void tried_list(const pb_fs_role *r, char *buf, size_t size)
{
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < r->nwant && len + 1 < size; i++) {
        int k = snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
                         r->want[i]);
        if (k < 0)
            break;
        len += (size_t)k;
    }
    if (r->nwant == 0)
        snprintf(buf, size, "no families");
}

/* A role without faces borrows the faces of its stand-in (following a chain
 * of stand-ins), with a warning naming both; without one it is an error. */
static pb_status apply_stand_ins(loader *L)
{
    pb_fontset *fs = L->fs;
    size_t i;
    for (i = 0; i < fs->nroles; i++) {
        pb_fs_role *r = &fs->roles[i];
        const pb_fs_role *s = r;
        size_t hops = 0;
        char tried[600];
        if (r->nfams > 0)
            continue;
        while (s->nfams == 0 && s->stand_in >= 0 && hops++ < fs->nroles)
            s = &fs->roles[s->stand_in];
        tried_list(r, tried, sizeof tried);
        if (s->nfams == 0) /* no stand-in, or a chain of empty roles */
            return pb_error_set(L->err, PB_ERR_FONT, fs->path, r->line, 0,
                                "no font found for role \"%s\" (tried: %s)",
                                r->name, tried);
        r->fams = s->fams;
        r->nfams = s->nfams;
        r->fams_borrowed = 1;
        r->borrowed_from = (int)(s - fs->roles);
        if (pb_warn(L->w, "font-stand-in", 0,
                    "%s:%d: no font found for role \"%s\" (tried: %s); role "
                    "\"%s\" stands in (%s)", fs->path, r->line, r->name,
                    tried, s->name,
                    pb_face_name(fs->faces[s->fams[0].face[0]])) != PB_OK)
            return nomem(L);
    }
    return PB_OK;
}

static pb_status build_regular_lists(loader *L)
{
    pb_fontset *fs = L->fs;
    size_t i, j;
    for (i = 0; i < fs->nroles; i++) {
        pb_fs_role *r = &fs->roles[i];
        if (r->fams_borrowed)
            continue;
        r->regular = pb_calloc(r->nfams ? r->nfams : 1, sizeof *r->regular);
        if (!r->regular)
            return nomem(L);
        for (j = 0; j < r->nfams; j++)
            r->regular[j] = fs->faces[r->fams[j].face[0]];
    }
    for (i = 0; i < fs->nroles; i++) {
        pb_fs_role *r = &fs->roles[i];
        if (r->fams_borrowed) {
            const pb_fs_role *s = r;
            while (s->fams_borrowed)
                s = &fs->roles[s->stand_in];
            r->regular = s->regular;
        }
    }
    return PB_OK;
}

/* fontconfig's standard font and cache folders, as its default fonts.conf
 * lists them. */
static const char fast_config[] =
    "<fontconfig>"
    "<dir>/usr/share/fonts</dir>"
    "<dir>/usr/local/share/fonts</dir>"
    "<dir prefix=\"xdg\">fonts</dir>"
    "<dir>~/.fonts</dir>"
    "<cachedir>/var/cache/fontconfig</cachedir>"
    "<cachedir prefix=\"xdg\">fontconfig</cachedir>"
    "<cachedir>~/.fontconfig</cachedir>"
    "</fontconfig>";

/* A fontconfig configuration of our own (not the process-wide default, so
 * the fonts of one fontsets folder do not leak into another fontset).
 * Parsing the system's whole configuration (some fifty files in conf.d)
 * takes about 3.5 ms, ten times the cost of reading the font caches, and
 * buys nothing here: its alias and substitution rules only propose other
 * families, which we refuse.  So the standard folders are read directly;
 * the full configuration is used when the user points fontconfig at one
 * (FONTCONFIG_FILE, FONTCONFIG_PATH) or when the standard folders hold no
 * font at all. */
static FcConfig *new_config(void)
{
    FcConfig *cfg;
    FcFontSet *sys;
    if (getenv("FONTCONFIG_FILE") || getenv("FONTCONFIG_PATH"))
        return FcInitLoadConfigAndFonts();
    cfg = FcConfigCreate();
    if (!cfg)
        return NULL;
    if (FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)fast_config,
                                       FcFalse) &&
        FcConfigBuildFonts(cfg) &&
        (sys = FcConfigGetFonts(cfg, FcSetSystem)) != NULL && sys->nfont > 0)
        return cfg;
    FcConfigDestroy(cfg);
    return FcInitLoadConfigAndFonts();
}

/* A font file dropped into the fontsets folder that fontconfig could not
 * read (a download that is an HTML page, a truncated copy) is not silently
 * ignored: it becomes a "font-unreadable" warning naming it.  Only names
 * that look like font files are checked. */
static int font_file_name(const char *name)
{
    static const char *const exts[] = {".ttf", ".ttc", ".otf", ".otc"};
    const char *dot = strrchr(name, '.');
    size_t k;
    if (!dot || name[0] == '.')
        return 0;
    for (k = 0; k < PB_COUNTOF(exts); k++)
        if (pb_str_ieq(dot, exts[k]))
            return 1;
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int app_font_known(const loader *L, const char *name)
{
    int i;
    for (i = 0; L->app && i < L->app->nfont; i++) {
        FcChar8 *file;
        const char *base;
        if (FcPatternGetString(L->app->fonts[i], FC_FILE, 0, &file) !=
            FcResultMatch)
            continue;
        base = strrchr((const char *)file, '/');
        base = base ? base + 1 : (const char *)file;
        if (strcmp(base, name) == 0)
            return 1;
    }
    return 0;
}

/* (in name order, so the warnings come out the same on every machine) */
static pb_status warn_unreadable(loader *L, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    pb_status st = PB_OK;
    if (!d)
        return PB_OK;
    while (st == PB_OK && (e = readdir(d)) != NULL) {
        if (!font_file_name(e->d_name) || app_font_known(L, e->d_name))
            continue;
        if (pb_text_vec_grow_((void **)&names, &cap, n, sizeof *names) != 0 ||
            !(names[n] = pb_strdup(e->d_name)))
            st = nomem(L);
        else
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_name);
    for (i = 0; i < n; i++) {
        if (st == PB_OK &&
            pb_warn(L->w, "font-unreadable", 0,
                    "%s/%s: not a font fontconfig can read; skipped", dir,
                    names[i]) != PB_OK)
            st = nomem(L);
        pb_free(names[i]);
    }
    pb_free(names);
    return st;
}

/* The folder holding path ("." for a bare file name), on the heap. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *d;
    size_t n;
    if (!slash)
        return pb_strdup(".");
    n = slash == path ? 1 : (size_t)(slash - path);
    d = pb_malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

pb_status pb_fontset_load(const char *path, const char *name,
                          pb_fontset **out, pb_warnings *w, pb_error *err)
{
    loader L;
    char *dir = NULL;
    size_t i;
    pb_status st;

    *out = NULL;
    memset(&L, 0, sizeof L);
    L.w = w;
    L.err = err;
    if ((st = pb_fs_parse_(path, name, &L.fs, err)) != PB_OK)
        return st;
    L.cfg = new_config();
    if (!L.cfg) {
        st = pb_error_set(err, PB_ERR_FONT, path, 0, 0,
                          "fontconfig could not load its configuration");
        goto done;
    }
    if (!(dir = folder_of(path))) {
        st = nomem(&L);
        goto done;
    }
    FcConfigAppFontAddDir(L.cfg, (const FcChar8 *)dir);
    L.app = FcConfigGetFonts(L.cfg, FcSetApplication);
    L.sys = FcConfigGetFonts(L.cfg, FcSetSystem);
    if ((st = warn_unreadable(&L, dir)) != PB_OK)
        goto done;
    for (i = 0; i < L.fs->nroles; i++)
        if ((st = resolve_role(&L, &L.fs->roles[i])) != PB_OK)
            goto done;
    if ((st = apply_stand_ins(&L)) != PB_OK ||
        (st = build_regular_lists(&L)) != PB_OK)
        goto done;
    if (L.fs->nfaces > INT16_MAX) {
        st = pb_error_set(err, PB_ERR_LIMIT, path, 0, 0,
                          "too many font faces (%zu)", L.fs->nfaces);
        goto done;
    }
done:
    if (L.fam_fonts)
        FcFontSetDestroy(L.fam_fonts);
    if (L.cfg)
        FcConfigDestroy(L.cfg);
    for (i = 0; i < L.nfailed; i++)
        pb_free(L.failed[i].path);
    pb_free(L.failed);
    pb_free(dir);
    if (st != PB_OK) {
        pb_fontset_free(L.fs);
        return st;
    }
    *out = L.fs;
    return PB_OK;
}

void pb_fontset_free(pb_fontset *fs)
{
    size_t i;
    if (!fs)
        return;
    for (i = 0; i < fs->nroles; i++)
        pb_fs_role_fini_(&fs->roles[i]);
    pb_free(fs->roles);
    for (i = 0; i < fs->nfaces; i++)
        pb_face_free(fs->faces[i]);
    pb_free(fs->faces);
    pb_text_hyph_free_(fs->hyph);
    pb_free(fs->path);
    pb_free(fs->name);
    pb_free(fs);
}

int pb_fontset_role_index(const pb_fontset *fs, const char *name)
{
    size_t i, j;
    if (!fs || !name)
        return -1;
    for (i = 0; i < fs->nroles; i++) {
        if (strcmp(fs->roles[i].name, name) == 0)
            return (int)i;
        for (j = 0; j < fs->roles[i].naliases; j++)
            if (strcmp(fs->roles[i].aliases[j], name) == 0)
                return (int)i;
    }
    return -1;
}

size_t pb_fontset_role_count(const pb_fontset *fs)
{
    return fs ? fs->nroles : 0;
}

const char *pb_fontset_role_name(const pb_fontset *fs, int role)
{
    if (!fs || role < 0 || (size_t)role >= fs->nroles)
        return NULL;
    return fs->roles[role].name;
}

size_t pb_fontset_role_faces(const pb_fontset *fs, int role,
                             const pb_face *const **faces)
{
    if (!fs || role < 0 || (size_t)role >= fs->nroles) {
        *faces = NULL;
        return 0;
    }
    *faces = fs->roles[role].regular;
    return fs->roles[role].nfams;
}

const char *pb_fontset_role_stand_in(const pb_fontset *fs, int role)
{
    const pb_fs_role *r;
    if (role < 0 || (size_t)role >= fs->nroles)
        return NULL;
    r = &fs->roles[role];
    if (!r->fams_borrowed || r->borrowed_from < 0)
        return NULL;
    return fs->roles[r->borrowed_from].name;
}
