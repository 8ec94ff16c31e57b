/*
 * claims.c — counts a document claims for itself ("六个方面", "21条措施",
 * "共23项", "三大任务", "five objectives", "21 measures", "Practices 27-39"),
 * found in the title, subtitle and intro (the same phrase once), and
 * compared with what analysis found: sections at the top level, measures
 * in total.  A mismatch is a "claim-mismatch" warning (not in a text
 * without any structure, which counts another text).  Section paragraphs
 * and measures are not read:
 * a count there ("政策100条" in a measure) speaks of something else.
 */
#include "model_int.h"

#include <string.h>

/* The vocabulary of claims: the words that follow a number when a
 * document counts its own parts ("sections": the parts a text is divided
 * into) or their items ("measures").  It is the general vocabulary of
 * policy texts in Chinese and English, not that of one document.  Chinese
 * entries match right after the number (longer entries first: the first
 * match wins); English ones after a space, whole words, case-insensitive. */
typedef struct claim_word {
    int en;            /* 0: Chinese, 1: English */
    const char *word;
    const char *kind;
} claim_word;

static const claim_word claim_words[] = {
    {0, "个方面", "sections"}, {0, "大方面", "sections"},
    {0, "方面", "sections"},   {0, "个部分", "sections"},
    {0, "大部分", "sections"}, {0, "部分", "sections"},
    {0, "个板块", "sections"}, {0, "大板块", "sections"},
    {0, "板块", "sections"},   {0, "个领域", "sections"},
    {0, "大领域", "sections"}, {0, "大任务", "sections"},
    {0, "大行动", "sections"}, {0, "大工程", "sections"},
    {0, "大体系", "sections"}, {0, "大专项", "sections"},
    {0, "个专项", "sections"}, {0, "大重点", "sections"},
    {0, "大类", "sections"},   {0, "章", "sections"},
    {0, "条措施", "measures"}, {0, "条举措", "measures"},
    {0, "条政策", "measures"}, {0, "条意见", "measures"},
    {0, "项措施", "measures"}, {0, "项举措", "measures"},
    {0, "项政策", "measures"}, {0, "项任务", "measures"},
    {0, "个措施", "measures"}, {0, "个举措", "measures"},
    {0, "条", "measures"},     {0, "项", "measures"},
    /* the same in traditional characters (港澳台 and big5 reprints) */
    {0, "個方面", "sections"}, {0, "個部分", "sections"},
    {0, "個板塊", "sections"}, {0, "大板塊", "sections"},
    {0, "板塊", "sections"},   {0, "個領域", "sections"},
    {0, "大領域", "sections"}, {0, "大任務", "sections"},
    {0, "大行動", "sections"}, {0, "大體系", "sections"},
    {0, "大專項", "sections"}, {0, "個專項", "sections"},
    {0, "大重點", "sections"}, {0, "大類", "sections"},
    {0, "條措施", "measures"}, {0, "條舉措", "measures"},
    {0, "條政策", "measures"}, {0, "條意見", "measures"},
    {0, "項措施", "measures"}, {0, "項舉措", "measures"},
    {0, "項政策", "measures"}, {0, "項任務", "measures"},
    {0, "個措施", "measures"}, {0, "個舉措", "measures"},
    {0, "條", "measures"},     {0, "項", "measures"},
    {1, "objectives", "sections"}, {1, "parts", "sections"},
    {1, "pillars", "sections"},    {1, "sections", "sections"},
    {1, "chapters", "sections"},   {1, "areas", "sections"},
    {1, "themes", "sections"},     {1, "priorities", "sections"},
    {1, "goals", "sections"},      {1, "strands", "sections"},
    {1, "missions", "sections"},   {1, "workstreams", "sections"},
    {1, "measures", "measures"},   {1, "actions", "measures"},
    {1, "steps", "measures"},      {1, "initiatives", "measures"},
    {1, "recommendations", "measures"}, {1, "commitments", "measures"},
    {1, "practices", "measures"},  {1, "proposals", "measures"},
    {1, "policies", "measures"},   {1, "articles", "measures"},
};

/* After a bare 条/项, a measure noun within a few characters makes it a
 * claim ("21条支持政策"); otherwise only punctuation or the end may follow
 * ("共23项。"), so "三条高速公路" is not one. */
static const char *const zh_measure_nouns[] = {
    "措施", "举措", "政策", "意见", "任务", "行动", "规定", "细则",
    "舉措", "意見", "任務", "行動", "規定", "細則"};
#define ZH_NOUN_WINDOW 4 /* Han characters between 条 and the noun */

/* Words written right before the number that belong to the claim. */
static const char *const zh_prefixes[] = {"共计", "合计", "总计", "共計",
                                         "合計", "總計", "共"};


static int starts_with(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i + n <= len && memcmp(s + i, w, n) == 0;
}

static int is_letter(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* Case-insensitive ASCII word match at s[i], whole word. */
static size_t en_word_at(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = strlen(w), k;
    if (i + n > len)
        return 0;
    for (k = 0; k < n; k++)
        if ((s[i + k] | 0x20) != w[k])
            return 0;
    if (i + n < len && is_letter(s[i + n]))
        return 0;
    return n;
}

static pb_status add_claim(pb_doc *doc, const char *s, size_t from,
                           size_t to, const char *kind, long value, int line)
{
    pb_claim *c;
    size_t k;
    /* the title and the intro often state the same count: once is enough */
    for (k = 0; k < doc->nclaims; k++)
        if (doc->claims[k].value == value &&
            strcmp(doc->claims[k].kind, kind) == 0 &&
            strlen(doc->claims[k].text) == to - from &&
            memcmp(doc->claims[k].text, s + from, to - from) == 0)
            return PB_OK;
    c = PB_ARENA_PUSH(doc->arena, doc->claims, doc->nclaims, doc->cap_claims);
    if (!c)
        return PB_ERR_NOMEM;
    c->text = pb_arena_strndup(doc->arena, s + from, to - from);
    c->kind = kind;
    c->value = value;
    c->found = -1;
    c->line = line;
    return c->text ? PB_OK : PB_ERR_NOMEM;
}

/* A Chinese claim at s[i] (a number there); end of the claim or 0. */
static size_t zh_claim(const char *s, size_t len, size_t i, long *value,
                       const char **kind)
{
    size_t used = 0, j, k, n;
    long v = pb_parse_number(s + i, len - i, &used);
    if (v < 2)
        return 0; /* 一方面 is an idiom, and nobody claims one part */
    j = i + used;
    while (j < len && s[j] == ' ')
        j++;
    for (k = 0; k < PB_COUNTOF(claim_words); k++) {
        const char *w = claim_words[k].word;
        size_t e;
        if (claim_words[k].en || !starts_with(s, len, j, w))
            continue;
        e = j + strlen(w);
        if (strcmp(w, "条") == 0 || strcmp(w, "项") == 0 ||
            strcmp(w, "條") == 0 || strcmp(w, "項") == 0) {
            uint32_t nx = pb_cp_at(s, len, e, &n);
            if (pb_uc_is_han(nx)) {
                size_t p = e, q, han = 0;
                size_t found = 0;
                while (p < len && han <= ZH_NOUN_WINDOW && !found) {
                    for (q = 0; q < PB_COUNTOF(zh_measure_nouns); q++)
                        if (starts_with(s, len, p, zh_measure_nouns[q])) {
                            found = p + strlen(zh_measure_nouns[q]);
                            break;
                        }
                    if (found)
                        break;
                    if (!pb_uc_is_han(pb_cp_at(s, len, p, &n)))
                        break;
                    p += n;
                    han++;
                }
                if (!found)
                    return 0;
                e = found;
            }
        }
        *kind = claim_words[k].kind;
        /* and the measure nouns right after it: 条政策措施 */
        for (k = 0; k < PB_COUNTOF(zh_measure_nouns);)
            if (starts_with(s, len, e, zh_measure_nouns[k])) {
                e += strlen(zh_measure_nouns[k]);
                k = 0;
            } else {
                k++;
            }
        *value = v;
        return e;
    }
    return 0;
}

/* An English claim at s[i]: "21 measures", "five new objectives",
 * "Practices 27-39"; end or 0. */
static size_t en_claim(const char *s, size_t len, size_t i, long *value,
                       const char **kind)
{
    size_t used = 0, j, k, w;
    long v;
    if (s[i] >= '0' && s[i] <= '9')
        v = pb_parse_number(s + i, len - i, &used);
    else
        v = pb_parse_english_number(s + i, len - i, &used);
    if (v >= 2 && i + used < len && s[i + used] == ' ') {
        j = i + used + 1;
        for (int pass = 0; pass < 2; pass++) {
            for (k = 0; k < PB_COUNTOF(claim_words); k++)
                if (claim_words[k].en &&
                    (w = en_word_at(s, len, j, claim_words[k].word)) != 0) {
                    *value = v;
                    *kind = claim_words[k].kind;
                    return j + w;
                }
            /* one adjective between: "21 new measures" */
            w = 0;
            while (j + w < len && s[j + w] >= 'a' && s[j + w] <= 'z')
                w++;
            if (!w || j + w >= len || s[j + w] != ' ')
                break;
            j += w + 1;
        }
    }
    /* Practices 27-39 */
    for (k = 0; k < PB_COUNTOF(claim_words); k++) {
        long a, b;
        size_t u2 = 0;
        if (!claim_words[k].en ||
            (w = en_word_at(s, len, i, claim_words[k].word)) == 0)
            continue;
        j = i + w;
        if (j >= len || s[j] != ' ')
            return 0;
        j++;
        a = pb_parse_number(s + j, len - j, &used);
        if (a < 0)
            return 0;
        j += used;
        if (j < len && s[j] == '-')
            j++;
        else if (starts_with(s, len, j, "\xE2\x80\x93")) /* – */
            j += 3;
        else
            return 0;
        b = pb_parse_number(s + j, len - j, &u2);
        if (b <= a)
            return 0;
        *value = b - a + 1;
        *kind = claim_words[k].kind;
        return j + u2;
    }
    return 0;
}

pb_status pb_claims_scan(pb_doc *doc, const char *s, size_t len, int line)
{
    size_t i = 0, n, pn;
    uint32_t prev = 0;
    int quoted = 0, ascii_quoted = 0;
    while (i < len) {
        uint32_t cp = pb_cp_at(s, len, i, &n);
        size_t end = 0, start = i;
        long value = 0;
        const char *kind = NULL;
        int boundary;
        /* a count inside quotes or title marks names something else:
         * “某某政策100条”, 《三大任务实施方案》 */
        if (cp == 0x201C || cp == 0x2018 || cp == 0x300A || cp == 0x300C ||
            cp == 0x300E)
            quoted++;
        else if ((cp == 0x201D || cp == 0x2019 || cp == 0x300B ||
                  cp == 0x300D || cp == 0x300F) && quoted > 0)
            quoted--;
        else if (cp == '"')
            ascii_quoted = !ascii_quoted;
        if (quoted || ascii_quoted) {
            prev = cp;
            i += n;
            continue;
        }
        boundary = !pb_uc_is_digit(prev) && !pb_is_zh_numeral(prev) &&
                       prev != 0x7B2C /* 第: an ordinal */ && prev != '.' &&
                       !is_letter((char)(prev < 0x80 ? prev : 0));
        if (boundary && (pb_uc_is_digit(cp) || pb_is_zh_numeral(cp)))
            end = zh_claim(s, len, i, &value, &kind);
        if (!end && boundary && cp < 0x80 && (is_letter((char)cp) ||
                                              (cp >= '0' && cp <= '9')))
            end = en_claim(s, len, i, &value, &kind);
        if (end) {
            size_t k;
            for (k = 0; k < PB_COUNTOF(zh_prefixes); k++) {
                size_t pl = strlen(zh_prefixes[k]);
                if (start >= pl && memcmp(s + start - pl, zh_prefixes[k],
                                          pl) == 0) {
                    start -= pl;
                    break;
                }
            }
            if (add_claim(doc, s, start, end, kind, value, line) != PB_OK)
                return PB_ERR_NOMEM;
            prev = pb_cp_before(s, end, &pn);
            i = end;
            continue;
        }
        if (cp < 0x80 && is_letter((char)cp)) {
            /* skip the rest of a Latin word: numbers inside words (G20)
             * and words inside words are not claims */
            while (i < len && (is_letter(s[i]) || (s[i] >= '0' && s[i] <= '9')))
                i++;
            prev = (unsigned char)s[i - 1];
            continue;
        }
        prev = cp;
        i += n;
    }
    return PB_OK;
}

/* A text with no section, no measure and no numbered paragraph at all
 * cannot hold what it counts: a news report on a policy (出台21条措施)
 * counts another text, so its claims are not compared (found = -1) and
 * give no mismatch.  A text with numbered paragraphs where analysis found
 * nothing still warns: there the structure was missed. */
static int counts_another_text(const pb_doc *doc)
{
    size_t i;
    if (doc->nsections || pb_doc_measure_count(doc))
        return 0;
    for (i = 0; i < doc->nintro; i++) {
        size_t len;
        pb_label label;
        const char *t = pb_block_plain(doc->arena, &doc->intro[i], &len);
        if (t && pb_label_parse(t, len, &label))
            return 0;
    }
    return 1;
}

pb_status pb_find_claims(pb_doc *doc)
{
    size_t i, total = doc->nsections, measures = pb_doc_measure_count(doc);
    pb_status st = PB_OK;
    st = pb_claims_scan(doc, doc->title.plain, doc->title.plain_len, 0);
    if (st == PB_OK && doc->subtitle.plain)
        st = pb_claims_scan(doc, doc->subtitle.plain, doc->subtitle.plain_len,
                            0);
    for (i = 0; st == PB_OK && i < doc->nintro; i++) {
        size_t len;
        const char *t = pb_block_plain(doc->arena, &doc->intro[i], &len);
        st = pb_claims_scan(doc, t, len, doc->intro[i].line);
    }
    if (st == PB_OK && counts_another_text(doc)) {
        for (i = 0; i < doc->nclaims; i++)
            doc->claims[i].found = -1;
        return PB_OK;
    }
    for (i = 0; st == PB_OK && i < doc->nclaims; i++) {
        pb_claim *c = &doc->claims[i];
        c->found = strcmp(c->kind, "sections") == 0 ? (long)total
                                                     : (long)measures;
        if (c->found != c->value)
            st = pb_warn(&doc->warnings, "claim-mismatch", c->line,
                         "the text claims %ld %s (\"%s\") but analysis "
                         "found %ld",
                         c->value, c->kind, c->text, c->found);
    }
    return st;
}
