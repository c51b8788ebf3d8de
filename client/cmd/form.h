/*
 * The guided form of tiepdan submit: at a terminal, with what a petition
 * needs missing from the command line, the officer is asked for each in
 * their language: the kind, channel and field as numbered choices from the
 * server's terms (or typed by name), the petitioner's name, when it was
 * received (default now) and the summary (ended by one Ctrl-D, or written
 * in $VISUAL / $EDITOR when set). The whole petition is then shown and
 * sent only once the officer confirms it. Ctrl-D or Ctrl-C at a question
 * cancels it, with nothing sent.
 */
#ifndef TD_CMD_FORM_H
#define TD_CMD_FORM_H

#include <stddef.h>
#include <stdio.h>

#include "cmd/submit.h"
#include "tiepdan.pb-c.h"

enum td_form_result {
  TD_FORM_CONFIRMED = 0, /* Send it. */
  TD_FORM_CANCELLED = 1, /* The officer said no, or pressed Ctrl-D/Ctrl-C. */
  TD_FORM_FAILED = -1    /* The terminal or memory failed; err says why. */
};

/* The answers the form keeps; td_form_free frees them. */
struct td_form {
  int in;                           /* The terminal the officer types at. */
  FILE *out;                        /* Where the questions go. */
  const Tiepdan__HelloReply *hello; /* The server's terms; borrowed. */
  char *owned[8];
  size_t n_owned;
};

/* A form reading fd in and writing to out, with the terms of hello. */
void td_form_init(struct td_form *f, int in, FILE *out,
                  const Tiepdan__HelloReply *hello);

/*
 * Asks for what a lacks, fills it in (strings the form owns or from
 * hello's terms, which must outlive a), shows the petition and asks for
 * confirmation. Returns a td_form_result; err says why on TD_FORM_FAILED.
 */
int td_form_submit(struct td_form *f, struct td_submit_args *a, char *err,
                   size_t errlen);

void td_form_free(struct td_form *f);

#endif
