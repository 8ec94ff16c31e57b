/*
 * head.c — the top of a web article carries page furniture, not body: the
 * "information line" of a CMS page (发布时间：2023-08-12 来源：… 字号：大 中
 * 小 / Published … Source … Print).  A short block near the top that holds
 * two or more such labels gives its date and source to the document's
 * metadata (front matter wins) and is dropped.  Decided by the labels of
 * page furniture in general, never by a site's words.
 */
#include "ingest_int.h"

#include <string.h>

/* Labels of an article information line, Chinese and English.  A date or
 * source label followed by a colon names a value. */
static const char *const date_labels[] = {
    "发布时间", "发布日期", "发文日期", "成文日期", "Published", "Updated"};
static const char *const source_labels[] = {"来源", "信息来源", "发布机构",
                                            "发文机关", "Source"};
static const char *const other_labels[] = {
    "作者", "编辑", "责任编辑", "字号", "浏览次数", "浏览量", "阅读次数",
    "点击数", "访问量", "打印", "关闭窗口", "分享", "索引号", "Author",
    "Print", "Share", "Views"};

/* How far into the document the line may be, and how long. */
#define HEAD_BLOCKS 4
#define MAX_INFO_CHARS 160

static int count_labels(const char *s)
{
    size_t i;
    int n = 0;
    for (i = 0; i < PB_COUNTOF(date_labels); i++)
        n += strstr(s, date_labels[i]) != NULL;
    for (i = 0; i < PB_COUNTOF(source_labels); i++)
        n += strstr(s, source_labels[i]) != NULL;
    for (i = 0; i < PB_COUNTOF(other_labels); i++)
        n += strstr(s, other_labels[i]) != NULL;
    return n;
}

/* The value after "label：" or "label:" up to the next run of spaces. */
static const char *value_after(pb_arena *a, const char *s, const char *label)
{
    const char *p = strstr(s, label), *e;
    if (!p)
        return NULL;
    p += strlen(label);
    while (*p == ' ')
        p++;
    if (strncmp(p, "：", 3) == 0)
        p += 3;
    else if (*p == ':')
        p++;
    else
        return NULL;
    while (*p == ' ' || strncmp(p, "\xe3\x80\x80", 3) == 0)
        p += *p == ' ' ? 1 : 3;
    e = p;
    while (*e && *e != ' ' && strncmp(e, "\xe3\x80\x80", 3) != 0 && *e != '|' &&
           strncmp(e, "｜", 3) != 0)
        e++;
    return e > p ? pb_arena_strndup(a, p, (size_t)(e - p)) : NULL;
}

pb_status pb_ingest_trim_head(pb_doc *doc)
{
    size_t i;
    for (i = 0; i < doc->nblocks && i < HEAD_BLOCKS; i++) {
        pb_block *b = &doc->blocks[i];
        const char *t = b->text.plain;
        size_t k;
        if (b->kind != PB_BLOCK_PARA || b->text.plain_len == 0 ||
            pb_utf8_count(t, b->text.plain_len) > MAX_INFO_CHARS ||
            count_labels(t) < 2)
            continue;
        /* the values it names become metadata when the page has none */
        for (k = 0; k < PB_COUNTOF(source_labels) && !doc->source; k++) {
            const char *v = value_after(doc->arena, t, source_labels[k]);
            if (v)
                doc->source = v;
        }
        for (k = 0; k < PB_COUNTOF(date_labels) && !doc->date; k++) {
            const char *v = value_after(doc->arena, t, date_labels[k]);
            if (v && pb_ingest_set_date(doc, v, b->line) != PB_OK)
                return PB_ERR_NOMEM;
        }
        memmove(b, b + 1, (doc->nblocks - i - 1) * sizeof *b);
        doc->nblocks--;
        i--;
    }
    return pb_arena_failed(doc->arena) ? PB_ERR_NOMEM : PB_OK;
}
