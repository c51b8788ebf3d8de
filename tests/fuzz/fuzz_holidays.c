/*
 * libFuzzer target: every holiday file format the project reads.
 *
 * The bytes are a file an administrator gives `tiepdan admin holidays load
 * 2026 FILE`: CSV or iCalendar, told apart by content
 * (client/input/holidays.c, whose td_holidays_parse is pure, so the file
 * need not be written out). What it accepts must be what the server
 * accepts in turn: dates of 2026, each once, in order, that the server's
 * own date parser (td_day_parse, server/ops/calendar.c) reads back to the
 * same day, and a request that packs. The server parses no holiday file of
 * its own; the same bytes also go to its date parser as they are.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/day.h"
#include "input/holidays.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_YEAR 2026u

static void check_parsed(const struct td_holidays *h)
{
  struct td_holidays_req req;
  char back[TD_DAY_LEN];
  td_day prev = 0;
  td_day day;
  uint8_t *packed;
  size_t i;
  size_t n;
  int y, m, d;

  if (h->n == 0)
    abort();
  for (i = 0; i < h->n; i++) {
    if (td_day_parse(h->v[i].date, &day) != 0)
      abort();
    td_day_to_ymd(day, &y, &m, &d);
    td_day_format(day, back);
    if ((unsigned)y != FUZZ_YEAR || strcmp(back, h->v[i].date) != 0)
      abort();
    if (i > 0 && day <= prev)
      abort();
    if (h->v[i].name == NULL)
      abort();
    prev = day;
  }
  if (td_holidays_request(h, FUZZ_YEAR, &req) != 0)
    abort();
  n = tiepdan__envelope__get_packed_size(&req.env);
  packed = malloc(n);
  if (packed == NULL || tiepdan__envelope__pack(&req.env, packed) != n)
    abort();
  free(packed);
  td_holidays_request_free(&req);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct td_holidays h;
  char err[512];
  char *nul;
  td_day day;

  if (size > TD_HOLIDAYS_FILE_MAX)
    return 0;
  if (td_holidays_parse((const char *)data, size, "fuzz.csv", FUZZ_YEAR, &h,
                        err, sizeof(err)) == 0)
    check_parsed(&h);
  else if (err[0] == '\0')
    abort(); /* A refusal always says why. */
  td_holidays_free(&h);

  /* The server's date parser, on the raw bytes and as a C string. */
  if (td_day_parse_n((const char *)data, size, &day) == 0 && size != 8 &&
      size != 10)
    abort();
  nul = malloc(size + 1);
  if (nul == NULL)
    abort();
  memcpy(nul, data, size);
  nul[size] = '\0';
  if (td_day_parse(nul, &day) == 0 && strlen(nul) != 10)
    abort();
  free(nul);
  return 0;
}
