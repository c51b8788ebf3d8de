/* The events of the change feed in three formats; see changes.h. */
#include "render/changes.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"
#include "render/datetime.h"
#include "render/format.h"
#include "render/output.h"
#include "common/utf8.h"
#include "wire.h"

#define ARROW "\xe2\x86\x92" /* U+2192, one column. */
#define NOTE_WIDTH 40        /* A note in the table is cut to this. */

/* The fields of an event, under their wire names, then the reply's. */
static const char *const names[] = {
    "seq",        "petition_id", "receipt_no",  "unit_code",
    "kind",       "deadline",    "at",          "actor",
    "actor_role", "action",      "from_status", "to_status",
    "note",       "redacted",    "cursor",      "more",
};

enum { N_NAMES = sizeof(names) / sizeof(names[0]) };

/* One value: a string (NULL: none), or a number or boolean in text. */
struct cell {
  const char *s;
  int quoted; /* A string for json; numbers and booleans are bare. */
  char buf[TD_DATETIME_MAX];
};

static void str(struct cell *c, const char *s)
{
  c->s = s;
  c->quoted = 1;
}

static void num(struct cell *c, int has, uint64_t n)
{
  snprintf(c->buf, sizeof(c->buf), "%" PRIu64, n);
  c->s = has ? c->buf : NULL;
  c->quoted = 0;
}

static void signed_num(struct cell *c, int has, int64_t n)
{
  snprintf(c->buf, sizeof(c->buf), "%" PRId64, n);
  c->s = has ? c->buf : NULL;
  c->quoted = 0;
}

static void boolean(struct cell *c, int has, int b)
{
  c->s = has ? (b ? "true" : "false") : NULL;
  c->quoted = 0;
}

static const char *status(int has, int s)
{
  return has ? td_status_name(s) : NULL;
}

/* The event's cells; the last two, cursor and more, are the reply's. */
static void cells_of(const Tiepdan__Event *e, const Tiepdan__ChangesReply *r,
                     struct cell *c)
{
  int i;

  for (i = 0; i < N_NAMES; i++)
    str(&c[i], NULL);
  if (e != NULL) {
    signed_num(&c[0], e->has_seq, e->seq);
    signed_num(&c[1], e->has_petition_id, e->petition_id);
    str(&c[2], e->receipt_no);
    str(&c[3], e->unit_code);
    str(&c[4], e->kind);
    str(&c[5], e->deadline);
    td_datetime_format_iso(e->at, c[6].buf);
    str(&c[6], e->has_at ? c[6].buf : NULL);
    str(&c[7], e->actor);
    str(&c[8], e->actor_role);
    str(&c[9], e->action);
    str(&c[10], status(e->has_from_status, e->from_status));
    str(&c[11], status(e->has_to_status, e->to_status));
    str(&c[12], e->note);
    boolean(&c[13], 1, e->redacted);
  }
  num(&c[14], r->has_cursor, r->cursor);
  boolean(&c[15], 1, r->more);
}

static void put_csv(FILE *f, const struct cell *c, int n)
{
  int i;

  for (i = 0; i < n; i++) {
    if (i > 0)
      fputc(',', f);
    if (c[i].s != NULL)
      td_output_csv_field(f, c[i].s);
  }
  fputs("\r\n", f);
}

static void put_json(FILE *f, const struct cell *c, int n)
{
  int i;

  fputc('{', f);
  for (i = 0; i < n; i++) {
    if (i > 0)
      fputc(',', f);
    td_output_json_string(f, names[i]);
    fputc(':', f);
    if (c[i].s == NULL)
      fputs("null", f);
    else if (c[i].quoted)
      td_output_json_string(f, c[i].s);
    else
      fputs(c[i].s, f);
  }
  fputc('}', f);
}

static int csv(FILE *f, const Tiepdan__ChangesReply *r)
{
  struct cell c[N_NAMES];
  size_t i;

  for (i = 0; i < N_NAMES; i++)
    str(&c[i], names[i]);
  put_csv(f, c, N_NAMES);
  for (i = 0; i < r->n_events; i++) {
    cells_of(r->events[i], r, c);
    put_csv(f, c, N_NAMES);
  }
  if (r->n_events == 0) {
    cells_of(NULL, r, c);
    put_csv(f, c, N_NAMES);
  }
  return ferror(f) ? -1 : 0;
}

static int json(FILE *f, const Tiepdan__ChangesReply *r)
{
  struct cell c[N_NAMES];
  size_t i;

  cells_of(NULL, r, c);
  fprintf(f, "{\"cursor\":%s,\"more\":%s,\"events\":[",
          c[14].s ? c[14].s : "null", c[15].s);
  for (i = 0; i < r->n_events; i++) {
    fputs(i > 0 ? ",\n" : "\n", f);
    cells_of(r->events[i], r, c);
    /* The reply's cursor and more are said once, above. */
    put_json(f, c, N_NAMES - 2);
  }
  fputs(r->n_events > 0 ? "\n]}\n" : "]}\n", f);
  return ferror(f) ? -1 : 0;
}

/* One event on one line; the note cut to NOTE_WIDTH. */
static int put_event(FILE *f, const Tiepdan__Event *e)
{
  char at[TD_DATETIME_MAX];
  const char *from;
  const char *to;
  char *note;

  td_datetime_format_short(e->at, at);
  /* Words for people: the statuses' names and the steps' words. */
  from = e->has_from_status ? td_output_status_word(e->from_status) : NULL;
  to = e->has_to_status ? td_output_status_word(e->to_status) : NULL;
  fprintf(f, "%" PRId64 "  %s  ", e->seq, e->has_at ? at : "-");
  td_output_clean(f, e->receipt_no ? e->receipt_no : "-");
  fputs("  ", f);
  td_output_clean(f, e->unit_code ? e->unit_code : "-");
  fputs("  ", f);
  td_output_clean(f, e->action ? td_output_action_word(e->action) : "-");
  fprintf(f, "  %s " ARROW " %s", from ? from : "-", to ? to : "-");
  if (e->redacted) {
    fprintf(f, "  %s", _("(withheld)"));
  } else if (e->note != NULL && e->note[0] != '\0') {
    note = td_utf8_truncate(e->note, NOTE_WIDTH);
    if (note == NULL)
      return -1;
    fputs("  ", f);
    td_output_clean(f, note);
    free(note);
  }
  fputc('\n', f);
  return 0;
}

static int table(FILE *f, const Tiepdan__ChangesReply *r)
{
  char cursor[32];
  size_t i;

  if (r->n_events == 0)
    fputs(_("No new events.\n"), f);
  else
    fputs(_("SEQ  TIME  RECEIPT  UNIT  ACTION  FROM → TO  NOTE\n"), f);
  for (i = 0; i < r->n_events; i++)
    if (put_event(f, r->events[i]) != 0)
      return -1;
  snprintf(cursor, sizeof(cursor), "%" PRIu64, r->cursor);
  fprintf(f, _("cursor %s\n"), cursor);
  return ferror(f) ? -1 : 0;
}

int td_output_changes(FILE *f, enum td_format fmt,
                      const Tiepdan__ChangesReply *r)
{
  if (fmt == TD_FORMAT_CSV)
    return csv(f, r);
  if (fmt == TD_FORMAT_JSON)
    return json(f, r);
  return table(f, r);
}
