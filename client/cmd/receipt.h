/*
 * tiepdan receipt: the citizen's receipt (giấy biên nhận đơn, kiêm phiếu
 * hẹn) of one petition, as plain text or a PDF; and the same receipt after
 * "tiepdan submit --print". The parser is pure, for tests; strings are
 * borrowed from argv.
 */
#ifndef TD_CMD_RECEIPT_H
#define TD_CMD_RECEIPT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cmd/global.h"
#include "net/session.h"
#include "render/receipt.h"

struct td_receipt_args {
  char *ref; /* An id (all digits) or a receipt number. */
  char *pdf; /* --pdf FILE; NULL for text only. */
  enum td_paper paper;
  int text; /* --text: the text too, with --pdf. */
  int help;
};

/* Returns 0, or -1 with what is wrong in err. */
int td_cmd_parse_receipt(int argc, char **argv, struct td_receipt_args *a,
                         char *err, size_t errlen);

/*
 * Asks s's server for the receipt of petition id and prints it: as text on
 * out when pdf is NULL, else as an A5 PDF written to pdf. For submit
 * --print, on the session that recorded the petition (out is standard
 * error when standard output carries csv or json for a script). Returns an
 * exit status (cmd/call.h), after telling the officer what went wrong.
 */
int td_cmd_receipt_print(FILE *out, struct td_session *s, int64_t id,
                         const char *pdf);

#endif
