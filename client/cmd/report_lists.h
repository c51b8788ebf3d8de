/*
 * What a report lists beside its figures, fetched on its connection after
 * the statistics: the sessions opened in the period (each dialogue and
 * supervision by its title), and for the Front's report its
 * recommendations received in the period (the petitions behind each of
 * its figures).
 */
#ifndef TD_CMD_REPORT_LISTS_H
#define TD_CMD_REPORT_LISTS_H

#include <stddef.h>

#include "cmd/call.h"
#include "cmd/report.h"
#include "render/report.h"
#include "tiepdan.pb-c.h"

struct td_report_lists {
  Tiepdan__Envelope **env; /* The replies, owned. */
  size_t n_env;
  const Tiepdan__Session **sessions; /* Into env, each once. */
  size_t n_sessions;
  int has_sessions;
  const Tiepdan__Petition **petitions; /* Into env. */
  size_t n_petitions;
  int has_petitions;
};

/*
 * Fetches the sessions of a's unit opened in a's period, asking again for
 * those opened before the oldest one received while the server answers
 * with fewer than total (the StatsReply of the report's totals) counts,
 * and, with a->front, every page of the Front's recommendations. l starts
 * zeroed. Returns TD_EXIT_OK, or the exit code of the failed request.
 */
int td_cmd_report_lists_fetch(struct td_session *s,
                              const struct td_report_args *a,
                              const Tiepdan__StatsReply *total,
                              struct td_report_lists *l);

/* Lends what l holds to r. */
void td_cmd_report_lists_give(const struct td_report_lists *l,
                              struct td_report *r);

void td_cmd_report_lists_free(struct td_report_lists *l);

#endif
