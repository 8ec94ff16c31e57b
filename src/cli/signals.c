/*
 * signals.c — what a process that writes briefs does on SIGINT, SIGTERM and
 * SIGHUP: remove the temporary file of a half-written output (the brief
 * already in place stays), then die of the same signal, so a shell or a
 * scheduler sees how it ended.  Used by `render` and by batch workers.
 */
#include "cli.h"

#include <signal.h>

static void remove_pending_and_die(int sig)
{
    pb_abort_pending_write();
    signal(sig, SIG_DFL);
    raise(sig);
}

void pb_cli_catch_signals(void)
{
    signal(SIGINT, remove_pending_and_die);
    signal(SIGTERM, remove_pending_and_die);
    signal(SIGHUP, remove_pending_and_die);
}
