/*
 * The outbox's store (client/outbox/store.h): what is kept survives closing,
 * goes in the order it was written per petition, backs off, waits for the
 * officer's decision, is erased (not just marked) once acknowledged, hands
 * out leased receipt numbers once each, and a damaged file is moved aside
 * and reported, never opened empty in its place.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "outbox/store.h"

static char dir[256];
static char path[512];
static char err[512];
static char aside[600];

static void fresh(void)
{
  char cmd[600];

  snprintf(cmd, sizeof(cmd), "rm -rf %s/state", dir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not clean %s\n", dir);
  snprintf(path, sizeof(path), "%s/state/tiepdan/outbox.db", dir);
}

static struct td_outbox *open_ok(void)
{
  struct td_outbox *ob = NULL;

  if (td_outbox_open(path, &ob, aside, sizeof(aside), err, sizeof(err)) != 0)
    fprintf(stderr, "open: %s\n", err);
  return ob;
}

static int64_t add(struct td_outbox *ob, const char *op, const char *target,
                   const char *key, const char *body)
{
  struct td_outbox_entry e;
  int64_t seq = -1;

  memset(&e, 0, sizeof(e));
  e.op = op;
  e.target = target;
  e.key = key;
  e.request = (const uint8_t *)body;
  e.request_len = strlen(body);
  e.label = body;
  if (td_outbox_add(ob, &e, 1000, &seq, err, sizeof(err)) != 0)
    fprintf(stderr, "add: %s\n", err);
  return seq;
}

/* Whether the file at p holds the bytes s. */
static int file_holds(const char *p, const char *s)
{
  FILE *f = fopen(p, "rb");
  size_t n = strlen(s), got;
  char *buf;
  long size;
  int found = 0;

  if (f == NULL)
    return 0;
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)size + 1);
  got = fread(buf, 1, (size_t)size, f);
  fclose(f);
  for (size_t i = 0; i + n <= got && !found; i++)
    found = memcmp(buf + i, s, n) == 0;
  free(buf);
  return found;
}

static void test_private_and_durable(void)
{
  struct td_outbox *ob;
  struct stat st;
  char folder[600];
  int64_t n = 0;

  fresh();
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  ASSERT(add(ob, "submit", "BL-2026-000001", "k1", "first") > 0);
  td_outbox_close(ob);
  ASSERT_EQ(stat(path, &st), 0);
  ASSERT_EQ(st.st_mode & 0777, 0600);
  snprintf(folder, sizeof(folder), "%s/state/tiepdan", dir);
  ASSERT_EQ(stat(folder, &st), 0);
  ASSERT_EQ(st.st_mode & 0777, 0700);
  /* Kept across a close. */
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  ASSERT_EQ(td_outbox_count(ob, &n, err, sizeof(err)), 0);
  ASSERT_EQ(n, 1);
  td_outbox_close(ob);
}

static void test_order_per_target(void)
{
  struct td_outbox *ob;
  struct td_outbox_entry e;
  int64_t s1, s2, s3;

  fresh();
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  s1 = add(ob, "submit", "BL-2026-000001", "k1", "petition one");
  s2 = add(ob, "note", "BL-2026-000001", "k2", "note on one");
  s3 = add(ob, "submit", "BL-2026-000002", "k3", "petition two");
  ASSERT(s1 > 0 && s2 > s1 && s3 > s2);
  /* The same key twice is refused: one entry per typed write. */
  ASSERT_EQ(add(ob, "note", "BL-2026-000001", "k2", "again"), -1);

  ASSERT_EQ(td_outbox_next(ob, 1000, &e, err, sizeof(err)), 0);
  ASSERT_EQ(e.seq, s1);
  ASSERT_STR_EQ(e.key, "k1");
  ASSERT_EQ(e.request_len, strlen("petition one"));
  /* The first fails (link down): it backs off, and the note on the same
   * petition may not overtake it; the other petition may go. */
  ASSERT_EQ(td_outbox_failed(ob, s1, 1000, TD_OUTBOX_WAITING, "no link", err,
                             sizeof(err)),
            0);
  ASSERT_EQ(td_outbox_next(ob, 1000, &e, err, sizeof(err)), 0);
  ASSERT_EQ(e.seq, s3);
  ASSERT_EQ(td_outbox_acked(ob, s3, err, sizeof(err)), 0);
  ASSERT_EQ(td_outbox_next(ob, 1000, &e, err, sizeof(err)), TD_OUTBOX_NONE);
  /* After its backoff (1 s for the first failure) it is next again, with
   * its attempt and error recorded. */
  ASSERT_EQ(td_outbox_next(ob, 1001, &e, err, sizeof(err)), 0);
  ASSERT_EQ(e.seq, s1);
  ASSERT_EQ(e.attempts, 1);
  ASSERT_STR_EQ(e.last_error, "no link");
  ASSERT_EQ(td_outbox_acked(ob, s1, err, sizeof(err)), 0);
  ASSERT_EQ(td_outbox_next(ob, 1001, &e, err, sizeof(err)), 0);
  ASSERT_EQ(e.seq, s2);
  td_outbox_close(ob);
}

static void test_backoff_grows(void)
{
  struct td_outbox *ob;
  struct td_outbox_entry e;
  int64_t s, now = 5000;
  int i;

  fresh();
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  s = add(ob, "submit", "", "k", "x");
  for (i = 0; i < 12; i++)
    ASSERT_EQ(td_outbox_failed(ob, s, now, TD_OUTBOX_WAITING, "down", err,
                               sizeof(err)),
              0);
  ASSERT_EQ(td_outbox_get(ob, s, &e, err, sizeof(err)), 0);
  ASSERT_EQ(e.attempts, 12);
  /* Capped at five minutes. */
  ASSERT_EQ(e.next_try, now + 300);
  td_outbox_close(ob);
}

static void test_decision_retry_drop(void)
{
  struct td_outbox *ob;
  struct td_outbox_entry e;
  int64_t s1, s2;

  fresh();
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  s1 = add(ob, "accept", "BL-2026-000007", "k1", "accept v3");
  s2 = add(ob, "note", "BL-2026-000007", "k2", "a note");
  ASSERT_EQ(td_outbox_failed(ob, s1, 10, TD_OUTBOX_DECISION,
                             "the petition changed", err, sizeof(err)),
            0);
  /* Waiting for the officer: neither it nor what follows it goes. */
  ASSERT_EQ(td_outbox_next(ob, 100000, &e, err, sizeof(err)), TD_OUTBOX_NONE);
  ASSERT_EQ(td_outbox_retry(ob, s1, (const uint8_t *)"accept v4", 9, err,
                            sizeof(err)),
            0);
  ASSERT_EQ(td_outbox_next(ob, 10, &e, err, sizeof(err)), 0);
  ASSERT_EQ(e.seq, s1);
  ASSERT_EQ(e.request_len, 9);
  ASSERT(memcmp(e.request, "accept v4", 9) == 0);
  /* Dropped: gone, and the note may go. */
  ASSERT_EQ(td_outbox_drop(ob, s1, 20, "the officer chose", err, sizeof(err)),
            0);
  ASSERT_EQ(td_outbox_get(ob, s1, &e, err, sizeof(err)), TD_OUTBOX_NONE);
  ASSERT_EQ(td_outbox_next(ob, 20, &e, err, sizeof(err)), 0);
  ASSERT_EQ(e.seq, s2);
  ASSERT_EQ(td_outbox_drop(ob, 999, 20, "none", err, sizeof(err)),
            TD_OUTBOX_NONE);
  ASSERT_EQ(td_outbox_retry(ob, 999, NULL, 0, err, sizeof(err)),
            TD_OUTBOX_NONE);
  td_outbox_close(ob);
}

static void test_leases(void)
{
  struct td_outbox *ob;
  char no[64];
  int64_t left = -1;

  fresh();
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  ASSERT_EQ(td_outbox_lease_take(ob, 2026, no, sizeof(no), err, sizeof(err)),
            TD_OUTBOX_NONE);
  ASSERT_EQ(td_outbox_lease_add(ob, "BL", 2026, 41, 42, err, sizeof(err)), 0);
  ASSERT_EQ(td_outbox_lease_add(ob, "BL", 2026, 7, 7, err, sizeof(err)), 0);
  ASSERT_NE(td_outbox_lease_add(ob, "BL", 2026, 9, 8, err, sizeof(err)), 0);
  ASSERT_EQ(td_outbox_lease_left(ob, 2026, &left, err, sizeof(err)), 0);
  ASSERT_EQ(left, 3);
  /* Lowest first, each once, in the server's form. */
  ASSERT_EQ(td_outbox_lease_take(ob, 2026, no, sizeof(no), err, sizeof(err)),
            0);
  ASSERT_STR_EQ(no, "BL-2026-000007");
  ASSERT_EQ(td_outbox_lease_take(ob, 2026, no, sizeof(no), err, sizeof(err)),
            0);
  ASSERT_STR_EQ(no, "BL-2026-000041");
  /* A number taken in a transaction that is rolled back is not used up. */
  ASSERT_EQ(td_outbox_begin(ob, err, sizeof(err)), 0);
  ASSERT_EQ(td_outbox_lease_take(ob, 2026, no, sizeof(no), err, sizeof(err)),
            0);
  ASSERT_STR_EQ(no, "BL-2026-000042");
  td_outbox_rollback(ob);
  ASSERT_EQ(td_outbox_lease_take(ob, 2026, no, sizeof(no), err, sizeof(err)),
            0);
  ASSERT_STR_EQ(no, "BL-2026-000042");
  ASSERT_EQ(td_outbox_lease_take(ob, 2026, no, sizeof(no), err, sizeof(err)),
            TD_OUTBOX_NONE);
  ASSERT_EQ(td_outbox_lease_take(ob, 2027, no, sizeof(no), err, sizeof(err)),
            TD_OUTBOX_NONE);
  td_outbox_close(ob);
}

static void test_meta(void)
{
  struct td_outbox *ob;
  char *v;

  fresh();
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  ASSERT_NULL(td_outbox_meta_get(ob, "workstation"));
  ASSERT_EQ(td_outbox_meta_set(ob, "workstation", "a", err, sizeof(err)), 0);
  ASSERT_EQ(td_outbox_meta_set(ob, "workstation", "b", err, sizeof(err)), 0);
  v = td_outbox_meta_get(ob, "workstation");
  ASSERT_STR_EQ(v, "b");
  free(v);
  td_outbox_close(ob);
}

/* An acknowledged entry leaves no byte of itself in the file or its WAL. */
static void test_erased(void)
{
  struct td_outbox *ob;
  char wal[600];
  int64_t s;

  fresh();
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  s = add(ob, "submit", "BL-2026-000003", "k-erase",
          "Mat dien o ban Na Khan MARKER-7f3a");
  ASSERT(s > 0);
  td_outbox_close(ob);
  snprintf(wal, sizeof(wal), "%s-wal", path);
  ASSERT(file_holds(path, "MARKER-7f3a") || file_holds(wal, "MARKER-7f3a"));
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  ASSERT_EQ(td_outbox_acked(ob, s, err, sizeof(err)), 0);
  td_outbox_close(ob);
  ASSERT(!file_holds(path, "MARKER-7f3a"));
  ASSERT(!file_holds(wal, "MARKER-7f3a"));
}

static void test_damaged(void)
{
  struct td_outbox *ob = NULL;
  struct stat st;
  int fd;

  /* Not a database at all. */
  fresh();
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  td_outbox_close(ob);
  fd = open(path, O_WRONLY | O_TRUNC);
  ASSERT(fd >= 0);
  ASSERT_EQ(
      write(fd, "this is not a database, it was overwritten.........", 52), 52);
  close(fd);
  ASSERT_EQ(td_outbox_open(path, &ob, aside, sizeof(aside), err, sizeof(err)),
            TD_OUTBOX_DAMAGED);
  ASSERT_NULL(ob);
  ASSERT(strstr(aside, ".damaged-") != NULL);
  ASSERT_EQ(stat(aside, &st), 0);
  ASSERT_NE(stat(path, &st), 0);

  /* Cut short. */
  fresh();
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  for (int i = 0; i < 200; i++) {
    char key[32];
    snprintf(key, sizeof(key), "k%d", i);
    add(ob, "submit", "", key,
        "a long enough text to fill several pages of the database file ...."
        "..................................................................");
  }
  td_outbox_close(ob);
  ASSERT_EQ(stat(path, &st), 0);
  ASSERT(st.st_size > 8192);
  ASSERT_EQ(truncate(path, st.st_size / 2), 0);
  ASSERT_EQ(td_outbox_open(path, &ob, aside, sizeof(aside), err, sizeof(err)),
            TD_OUTBOX_DAMAGED);
  ASSERT_NULL(ob);
  ASSERT_EQ(stat(aside, &st), 0);
  /* Then a new one opens, empty, at the same place. */
  ob = open_ok();
  ASSERT_NOT_NULL(ob);
  td_outbox_close(ob);
}

int main(void)
{
  snprintf(dir, sizeof(dir), "/tmp/td-outbox-test.XXXXXX");
  if (mkdtemp(dir) == NULL)
    return 1;
  RUN_TEST(test_private_and_durable);
  RUN_TEST(test_order_per_target);
  RUN_TEST(test_backoff_grows);
  RUN_TEST(test_decision_retry_drop);
  RUN_TEST(test_leases);
  RUN_TEST(test_meta);
  RUN_TEST(test_erased);
  RUN_TEST(test_damaged);
  {
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
      fprintf(stderr, "could not remove %s\n", dir);
  }
  return TEST_EXIT();
}
