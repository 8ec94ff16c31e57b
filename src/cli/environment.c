/*
 * environment.c — what the commands read from the environment for the
 * library: SOURCE_DATE_EPOCH (reproducible-builds.org), the time the PDF
 * states as its creation date, for `render` and `batch` alike.
 */
#include "cli.h"

#include <stdlib.h>

long long pb_cli_source_date_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long v;
    if (!s || !*s)
        return -1;
    v = strtoll(s, &end, 10);
    return *end || v < 0 ? -1 : v;
}
