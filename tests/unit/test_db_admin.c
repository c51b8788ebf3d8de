/*
 * db/session.c, db/principal.c, db/unit.c and db/calendar.c from canned
 * results: parameters, rows, and every verdict of td_close_session,
 * td_add_principal and td_merge_units.
 */
#include "db/calendar.h"
#include "db/principal.h"
#include "db/session.h"
#include "db/unit.h"
#include "test_db.h"
#include "wire.h"

static struct td_sessions sessions;
static struct td_principal_found found;
static struct td_principal_active active;
static struct td_principals principals;
static struct td_unit_reached reached;
static struct td_merged merged;
static struct td_calendar_loaded loaded;
static struct td_holidays_loaded holidays;
static struct td_recomputed recomputed;
static int calls;

static void on_sessions(void *arg, const struct td_sessions *r)
{
  (void)arg;
  sessions = *r;
  calls++;
}

static void on_found(void *arg, const struct td_principal_found *r)
{
  (void)arg;
  found = *r;
  calls++;
}

static void on_active(void *arg, const struct td_principal_active *r)
{
  (void)arg;
  active = *r;
  calls++;
}

static void on_principals(void *arg, const struct td_principals *r)
{
  (void)arg;
  principals = *r;
  calls++;
}

static void on_reached(void *arg, const struct td_unit_reached *r)
{
  (void)arg;
  reached = *r;
  calls++;
}

static void on_merged(void *arg, const struct td_merged *r)
{
  (void)arg;
  merged = *r;
  calls++;
}

/* The cache passes to the callback: freed here unless a test keeps it. */
static void on_loaded(void *arg, const struct td_calendar_loaded *r)
{
  int keep = arg != NULL;

  loaded = *r;
  calls++;
  if (!keep) {
    td_calendar_free(r->cache);
    loaded.cache = NULL;
  }
}

static void on_holidays(void *arg, const struct td_holidays_loaded *r)
{
  (void)arg;
  holidays = *r;
  calls++;
}

static void on_recomputed(void *arg, const struct td_recomputed *r)
{
  (void)arg;
  recomputed = *r;
  calls++;
}

static const char *const result_col[] = {"result"};
static const char *const scope_col[] = {"scope_id"};

/* A one-row result: pre columns, then a view's columns (NULL: all NULL). */
static PGresult *view_result(const char *const *pre, const char *const *pre_v,
                             int npre, const char *const *cols,
                             const char *const *vals, int ncols)
{
  const char *names[64];
  const char *row[64];
  PGresult *res;
  int n = cols_join(names, pre, npre, cols, ncols);
  int i;

  cols_join(row, pre_v, npre, NULL, 0);
  for (i = 0; i < ncols; i++)
    row[npre + i] = vals != NULL ? vals[i] : NULL;
  res = canned(names, n);
  canned_row(res, row);
  return res;
}

/* Sessions ------------------------------------------------------------------
 */

static const char *const session_full[] = {
    "12",
    "3390",
    "03390",
    "Xã Bình Lư",
    "voters_meeting",
    "Tiếp xúc cử tri quý I",
    "Hoàng Văn Lãnh",
    "1767225600",
    "1767250000",
    "40",
    "9",
    "5",
    "4",
    "Cử tri kiến nghị làm đường",
    "2",
    "3",
    "Đường liên bản",
    "1",
    "12",
};

static void assert_full_session(const Tiepdan__Session *s)
{
  ASSERT_NOT_NULL(s);
  ASSERT(s->has_id && s->id == 12);
  ASSERT_NOT_NULL(s->unit);
  ASSERT_STR_EQ(s->unit->code, "03390");
  ASSERT_STR_EQ(s->unit->name, "Xã Bình Lư");
  ASSERT_STR_EQ(s->unit->level, "commune");
  ASSERT(s->has_type && s->type == TIEPDAN__SESSION_TYPE__VOTERS_MEETING);
  ASSERT_STR_EQ(s->title, "Tiếp xúc cử tri quý I");
  ASSERT_STR_EQ(s->presided_by, "Hoàng Văn Lãnh");
  ASSERT(s->has_opened_at && s->opened_at == 1767225600);
  ASSERT(s->has_closed_at && s->closed_at == 1767250000);
  ASSERT(s->has_attendees && s->attendees == 40);
  ASSERT(s->has_opinions && s->opinions == 9);
  ASSERT(s->has_resolved_on_spot && s->resolved_on_spot == 5);
  ASSERT(s->has_forwarded && s->forwarded == 4);
  ASSERT_STR_EQ(s->note, "Cử tri kiến nghị làm đường");
  ASSERT(s->has_petitions && s->petitions == 2);
  ASSERT(s->has_number && s->number == 3);
  ASSERT_STR_EQ(s->theme, "Đường liên bản");
  ASSERT(s->has_groups && s->groups == 1);
  ASSERT(s->has_group_people && s->group_people == 12);
}

static void session_open_sends_its_11_parameters_in_order(void)
{
  Tiepdan__OpenSession m = TIEPDAN__OPEN_SESSION__INIT;
  const char *want[] = {"11",
                        "03390",
                        "dialogue",
                        "Đối thoại đất đai",
                        "Hoàng Văn Lãnh",
                        "1767225600",
                        "3",
                        "6f1c2d3e-4a5b-4c6d-8e7f-001122334455",
                        "ab01",
                        "4",
                        "Thanh niên"};

  m.unit_code = "03390";
  m.has_type = 1;
  m.type = TIEPDAN__SESSION_TYPE__DIALOGUE;
  m.title = "Đối thoại đất đai";
  m.presided_by = "Hoàng Văn Lãnh";
  m.has_at = 1;
  m.at = 1767225600;
  m.idempotency_key = "6f1c2d3e-4a5b-4c6d-8e7f-001122334455";
  m.has_number = 1;
  m.number = 4;
  m.theme = "Thanh niên";
  ASSERT_EQ(td_db_session_open(&fake.db, 11, 3, &m, "ab01", on_sessions, NULL),
            0);
  ASSERT(fake_params_are(want, 11));
  ASSERT(sql_placeholders_are(fake_last()->sql, 11));
}

static void session_open_sends_null_for_an_empty_unit_and_no_time(void)
{
  Tiepdan__OpenSession m = TIEPDAN__OPEN_SESSION__INIT;
  const char *want[] = {
      "11", NULL, "regular_reception", NULL, NULL, NULL, "3", NULL, NULL,
      NULL, NULL};

  m.unit_code = "";
  m.has_type = 1;
  m.type = TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION;
  ASSERT_EQ(td_db_session_open(&fake.db, 11, 3, &m, NULL, on_sessions, NULL),
            0);
  ASSERT(fake_params_are(want, 11));
}

static void an_opened_session_maps_its_columns(void)
{
  Tiepdan__OpenSession m = TIEPDAN__OPEN_SESSION__INIT;
  const char *row[] = {"13", "03390",      "Xã Bình Lư", "dialogue", "",
                       NULL, "1767225600", NULL,         NULL,       NULL,
                       NULL, NULL,         NULL,         "0",        NULL,
                       NULL, NULL,         NULL};
  const char *created[] = {"created"};
  const Tiepdan__Session *s;

  calls = 0;
  ASSERT_EQ(td_db_session_open(&fake.db, 11, 3, &m, NULL, on_sessions, NULL),
            0);
  fake_answer(0, view_result(result_col, created, 1, session_open_cols, row,
                             COUNT_OF(session_open_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(sessions.err, 0);
  ASSERT_EQ(sessions.verdict, TD_SESSION_CLOSE_CREATED);
  ASSERT_EQ(sessions.scope_found, 1);
  ASSERT_EQ(sessions.n, 1);
  s = sessions.sessions[0];
  ASSERT(s->has_id && s->id == 13);
  ASSERT(s->has_type && s->type == TIEPDAN__SESSION_TYPE__DIALOGUE);
  ASSERT_STR_EQ(s->title, "");
  ASSERT_NULL(s->presided_by);
  ASSERT(s->has_opened_at && s->opened_at == 1767225600);
  ASSERT(!s->has_closed_at);
  ASSERT(!s->has_attendees && !s->has_opinions);
  ASSERT(!s->has_resolved_on_spot && !s->has_forwarded);
  ASSERT_NULL(s->note);
  ASSERT(s->has_petitions && s->petitions == 0);
  ASSERT(!s->has_number && !s->has_groups && !s->has_group_people);
  ASSERT_NULL(s->theme);
}

static void a_session_opened_out_of_reach_is_no_session(void)
{
  Tiepdan__OpenSession m = TIEPDAN__OPEN_SESSION__INIT;
  const char *v[] = {"unknown_unit"};

  calls = 0;
  ASSERT_EQ(td_db_session_open(&fake.db, 11, 3, &m, NULL, on_sessions, NULL),
            0);
  fake_answer(0, view_result(result_col, v, 1, session_open_cols, NULL,
                             COUNT_OF(session_open_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(sessions.err, 0);
  ASSERT_EQ(sessions.verdict, TD_SESSION_CLOSE_UNKNOWN_UNIT);
  ASSERT_EQ(sessions.n, 0);
}

static Tiepdan__CloseSession close_message(void)
{
  Tiepdan__CloseSession m = TIEPDAN__CLOSE_SESSION__INIT;

  m.session_id = 12;
  m.has_at = 1;
  m.at = 1767250000;
  m.has_attendees = 1;
  m.attendees = 40;
  m.has_opinions = 1;
  m.opinions = 9;
  m.has_resolved_on_spot = 1;
  m.resolved_on_spot = 5;
  m.has_forwarded = 1;
  m.forwarded = 4;
  m.note = "Cử tri kiến nghị làm đường";
  return m;
}

static void session_close_sends_its_13_parameters_in_order(void)
{
  Tiepdan__CloseSession m = close_message();
  const char *want[] = {"11",
                        "12",
                        "1767250000",
                        "40",
                        "9",
                        "5",
                        "4",
                        "Cử tri kiến nghị làm đường",
                        NULL,
                        NULL,
                        "2",
                        "15",
                        "{supervision,social_criticism}"};

  m.has_groups = 1;
  m.groups = 2;
  m.has_group_people = 1;
  m.group_people = 15;
  ASSERT_EQ(td_db_session_close(&fake.db, 11, &m, NULL,
                                "{supervision,social_criticism}", on_sessions,
                                NULL),
            0);
  ASSERT(fake_params_are(want, 13));
  ASSERT(sql_placeholders_are(fake_last()->sql, 13));
  m.idempotency_key = "6f1c2d3e-4a5b-4c6d-8e7f-001122334455";
  ASSERT_EQ(
      td_db_session_close(&fake.db, 11, &m, "ab01", NULL, on_sessions, NULL),
      0);
  ASSERT_STR_EQ(fake_last()->params[8], m.idempotency_key);
  ASSERT_STR_EQ(fake_last()->params[9], "ab01");
}

static void session_close_sends_null_for_each_count_not_given(void)
{
  Tiepdan__CloseSession m = TIEPDAN__CLOSE_SESSION__INIT;
  const char *want[] = {"11", "12", NULL, NULL, NULL, NULL, NULL,
                        NULL, NULL, NULL, NULL, NULL, NULL};

  m.session_id = 12;
  ASSERT_EQ(
      td_db_session_close(&fake.db, 11, &m, NULL, NULL, on_sessions, NULL), 0);
  ASSERT(fake_params_are(want, 13));
}

static const struct {
  const char *text; /* As td_close_session answers (sql/002). */
  enum td_session_close_verdict verdict;
  int with_row;
} close_cases[] = {
    {"ok", TD_SESSION_CLOSE_CLOSED, 1},
    {"not_found", TD_SESSION_CLOSE_NOT_FOUND, 0},
    {"already_closed", TD_SESSION_CLOSE_ALREADY_CLOSED, 0},
    {"before_open", TD_SESSION_CLOSE_BEFORE_OPEN, 0},
    {"counts", TD_SESSION_CLOSE_COUNTS, 0},
    {"created", TD_SESSION_CLOSE_CREATED, 1},
    {"unknown_unit", TD_SESSION_CLOSE_UNKNOWN_UNIT, 0},
    {"duplicate", TD_SESSION_CLOSE_DUPLICATE, 1},
    {"key_conflict", TD_SESSION_CLOSE_KEY_CONFLICT, 0},
    {"delegated_refused", TD_SESSION_CLOSE_DELEGATED_REFUSED, 0},
    {"type_denied", TD_SESSION_CLOSE_TYPE_DENIED, 1},
};

static void every_session_close_verdict_is_reached_from_its_sql_text(void)
{
  Tiepdan__CloseSession m = close_message();
  int reached_v[TD_SESSION_CLOSE__COUNT] = {0};
  int i;

#define XX(name, text) +1
  ASSERT_EQ(COUNT_OF(close_cases), 0 TD_SESSION_CLOSE_VERDICTS(XX));
#undef XX
  for (i = 0; i < COUNT_OF(close_cases); i++) {
    const char *v[] = {close_cases[i].text};

    fake_teardown();
    fake_setup();
    calls = 0;
    memset(&sessions, 0, sizeof(sessions));
    ASSERT_EQ(
        td_db_session_close(&fake.db, 11, &m, NULL, NULL, on_sessions, NULL),
        0);
    fake_answer(0, view_result(result_col, v, 1, session_v_cols,
                               close_cases[i].with_row ? session_full : NULL,
                               SESSION_V_NCOLS));
    ASSERT_EQ(calls, 1);
    ASSERT_EQ(sessions.err, 0);
    ASSERT_EQ(sessions.verdict, close_cases[i].verdict);
    if (close_cases[i].with_row) {
      ASSERT_EQ(sessions.n, 1);
      assert_full_session(sessions.sessions[0]);
    } else {
      ASSERT_EQ(sessions.n, 0);
    }
    reached_v[sessions.verdict]++;
  }
  for (i = 0; i < TD_SESSION_CLOSE__COUNT; i++)
    ASSERT_EQ(reached_v[i], 1);
}

static void an_unknown_session_close_verdict_is_internal(void)
{
  Tiepdan__CloseSession m = close_message();
  const char *v[] = {"closed"};

  calls = 0;
  ASSERT_EQ(
      td_db_session_close(&fake.db, 11, &m, NULL, NULL, on_sessions, NULL), 0);
  fake_answer(0, view_result(result_col, v, 1, session_v_cols, session_full,
                             SESSION_V_NCOLS));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(sessions.err, TD_EINTERNAL);
}

static void closed_without_the_session_is_internal(void)
{
  Tiepdan__CloseSession m = close_message();
  const char *v[] = {"ok"};

  calls = 0;
  ASSERT_EQ(
      td_db_session_close(&fake.db, 11, &m, NULL, NULL, on_sessions, NULL), 0);
  fake_answer(
      0, view_result(result_col, v, 1, session_v_cols, NULL, SESSION_V_NCOLS));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(sessions.err, TD_EINTERNAL);
}

static void session_close_with_two_rows_or_none_is_internal(void)
{
  Tiepdan__CloseSession m = close_message();
  const char *v[] = {"ok"};
  PGresult *res;

  calls = 0;
  ASSERT_EQ(
      td_db_session_close(&fake.db, 11, &m, NULL, NULL, on_sessions, NULL), 0);
  res = view_result(result_col, v, 1, session_v_cols, session_full,
                    SESSION_V_NCOLS);
  {
    const char *row[64];

    row[0] = "ok";
    cols_join(row + 1, session_full, SESSION_V_NCOLS, NULL, 0);
    canned_row(res, row);
  }
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(sessions.err, TD_EINTERNAL);
  calls = 0;
  ASSERT_EQ(
      td_db_session_close(&fake.db, 11, &m, NULL, NULL, on_sessions, NULL), 0);
  {
    const char *names[64];
    int n = cols_join(names, result_col, 1, session_v_cols, SESSION_V_NCOLS);

    fake_answer(1, canned(names, n));
  }
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(sessions.err, TD_EINTERNAL);
}

static void session_list_sends_its_5_parameters_in_order(void)
{
  Tiepdan__ListSessions m = TIEPDAN__LIST_SESSIONS__INIT;
  const char *want[] = {"11", "03390", "dialogue", "1767225600", "1769904000"};

  m.unit_code = "03390";
  m.has_type = 1;
  m.type = TIEPDAN__SESSION_TYPE__DIALOGUE;
  m.has_from = 1;
  m.from = 1767225600;
  m.has_to = 1;
  m.to = 1769904000;
  ASSERT_EQ(td_db_session_list(&fake.db, 11, &m, on_sessions, NULL), 0);
  ASSERT(fake_params_are(want, 5));
  ASSERT(sql_placeholders_are(fake_last()->sql, 5));
}

static void session_list_sends_null_for_each_filter_not_asked(void)
{
  Tiepdan__ListSessions m = TIEPDAN__LIST_SESSIONS__INIT;
  const char *want[] = {"11", NULL, NULL, NULL, NULL};

  m.unit_code = "";
  ASSERT_EQ(td_db_session_list(&fake.db, 11, &m, on_sessions, NULL), 0);
  ASSERT(fake_params_are(want, 5));
}

static void session_list_maps_each_session_under_its_scope(void)
{
  Tiepdan__ListSessions m = TIEPDAN__LIST_SESSIONS__INIT;
  const char *scope[] = {"11"};
  const char *row[64];
  PGresult *res;

  calls = 0;
  ASSERT_EQ(td_db_session_list(&fake.db, 11, &m, on_sessions, NULL), 0);
  res = view_result(scope_col, scope, 1, session_v_cols, session_full,
                    SESSION_V_NCOLS);
  row[0] = "11";
  cols_join(row + 1, session_full, SESSION_V_NCOLS, NULL, 0);
  row[1] = "13";
  row[5] = "regular_reception";
  row[9] = NULL;
  canned_row(res, row);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(sessions.err, 0);
  ASSERT_EQ(sessions.scope_found, 1);
  ASSERT_EQ(sessions.n, 2);
  assert_full_session(sessions.sessions[0]);
  ASSERT_EQ(sessions.sessions[1]->id, 13);
  ASSERT_EQ(sessions.sessions[1]->type,
            TIEPDAN__SESSION_TYPE__REGULAR_RECEPTION);
  ASSERT(!sessions.sessions[1]->has_closed_at);
}

static void session_list_of_a_unit_out_of_scope_says_so(void)
{
  Tiepdan__ListSessions m = TIEPDAN__LIST_SESSIONS__INIT;
  const char *scope[] = {NULL};

  calls = 0;
  ASSERT_EQ(td_db_session_list(&fake.db, 11, &m, on_sessions, NULL), 0);
  fake_answer(0, view_result(scope_col, scope, 1, session_v_cols, NULL,
                             SESSION_V_NCOLS));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(sessions.err, 0);
  ASSERT_EQ(sessions.scope_found, 0);
  ASSERT_EQ(sessions.n, 0);
}

static void session_list_of_a_unit_without_sessions_is_empty(void)
{
  Tiepdan__ListSessions m = TIEPDAN__LIST_SESSIONS__INIT;
  const char *scope[] = {"11"};

  calls = 0;
  ASSERT_EQ(td_db_session_list(&fake.db, 11, &m, on_sessions, NULL), 0);
  fake_answer(0, view_result(scope_col, scope, 1, session_v_cols, NULL,
                             SESSION_V_NCOLS));
  ASSERT_EQ(sessions.err, 0);
  ASSERT_EQ(sessions.scope_found, 1);
  ASSERT_EQ(sessions.n, 0);
}

/* Principals ----------------------------------------------------------------
 */

#define FP "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char *const principal_full[] = {
    "3",          "Nguyễn Thị Hoa", "reception", FP,           "03390",
    "Xã Bình Lư", "commune",        "3390",      "1767225600", NULL,
};

static void assert_full_principal(const Tiepdan__Principal *p)
{
  ASSERT_NOT_NULL(p);
  ASSERT(p->has_id && p->id == 3);
  ASSERT_STR_EQ(p->name, "Nguyễn Thị Hoa");
  ASSERT(p->has_role && p->role == TIEPDAN__ROLE__RECEPTION);
  ASSERT_NOT_NULL(p->unit);
  ASSERT_STR_EQ(p->unit->code, "03390");
  ASSERT_STR_EQ(p->unit->name, "Xã Bình Lư");
  ASSERT_STR_EQ(p->unit->level, "commune");
  ASSERT_STR_EQ(p->fingerprint, FP);
  ASSERT(p->has_created_at && p->created_at == 1767225600);
  ASSERT(!p->has_revoked_at);
}

static void lookup_sends_the_fingerprint(void)
{
  const char *want[] = {FP};

  ASSERT_EQ(td_db_principal_lookup(&fake.db, FP, on_found, NULL), 0);
  ASSERT(fake_params_are(want, 1));
  ASSERT(sql_placeholders_are(fake_last()->sql, 1));
}

static void lookup_maps_the_principal_and_the_unit_it_acts_for(void)
{
  const char *row[] = {"3",     "Nguyễn Thị Hoa", "reception", "4001",
                       "03390", "Xã Bình Lư",     "commune"};

  calls = 0;
  ASSERT_EQ(td_db_principal_lookup(&fake.db, FP, on_found, NULL), 0);
  fake_answer(
      0, view_result(NULL, NULL, 0, lookup_cols, row, COUNT_OF(lookup_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(found.err, 0);
  ASSERT_EQ(found.p.id, 3);
  ASSERT_EQ(found.p.role, TIEPDAN__ROLE__RECEPTION);
  ASSERT_EQ(found.p.unit_id, 4001);
  ASSERT_STR_EQ(found.p.name, "Nguyễn Thị Hoa");
  ASSERT_STR_EQ(found.p.unit_code, "03390");
  ASSERT_STR_EQ(found.p.unit_name, "Xã Bình Lư");
  ASSERT_STR_EQ(found.p.unit_level, "commune");
  ASSERT_STR_EQ(found.p.fingerprint, "");
}

static void lookup_of_an_unregistered_certificate_is_not_found(void)
{
  calls = 0;
  ASSERT_EQ(td_db_principal_lookup(&fake.db, FP, on_found, NULL), 0);
  fake_answer(0, canned(lookup_cols, COUNT_OF(lookup_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(found.err, TD_ENOTFOUND);
}

static void active_sends_the_principal_id(void)
{
  const char *want[] = {"3"};
  const char *cols[] = {"?column?"};
  const char *one[] = {"1"};

  calls = 0;
  ASSERT_EQ(td_db_principal_active(&fake.db, 3, on_active, NULL), 0);
  ASSERT(fake_params_are(want, 1));
  ASSERT(sql_placeholders_are(fake_last()->sql, 1));
  fake_answer(0, view_result(NULL, NULL, 0, cols, one, 1));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(active.err, 0);
}

static void a_revoked_principal_is_not_active(void)
{
  const char *cols[] = {"?column?"};

  calls = 0;
  ASSERT_EQ(td_db_principal_active(&fake.db, 3, on_active, NULL), 0);
  fake_answer(0, canned(cols, 1));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(active.err, TD_ENOTFOUND);
}

static void add_sends_its_6_parameters_in_order(void)
{
  const char *want[] = {"12",        FP,      "Nguyễn Thị Hoa",
                        "reception", "03390", "true"};

  ASSERT_EQ(td_db_principal_add(&fake.db, 12, FP, "Nguyễn Thị Hoa", "reception",
                                "03390", 1, on_principals, NULL),
            0);
  ASSERT(fake_params_are(want, 6));
  ASSERT(sql_placeholders_are(fake_last()->sql, 6));
}

static const struct {
  const char *text; /* As td_add_principal answers (60_access.sql). */
  enum td_principal_add_verdict verdict;
  int with_row;
} add_cases[] = {
    {"ok", TD_PRINCIPAL_ADD_ADDED, 1},
    {"unknown_unit", TD_PRINCIPAL_ADD_UNKNOWN_UNIT, 0},
    {"foreign", TD_PRINCIPAL_ADD_FOREIGN, 0},
    {"revoked", TD_PRINCIPAL_ADD_REVOKED, 0},
};

static int add(void)
{
  calls = 0;
  memset(&principals, 0, sizeof(principals));
  return td_db_principal_add(&fake.db, 12, FP, "Nguyễn Thị Hoa", "reception",
                             "03390", 0, on_principals, NULL);
}

static void every_principal_add_verdict_is_reached_from_its_sql_text(void)
{
  int reached_v[COUNT_OF(add_cases)] = {0};
  int i;

#define XX(name, text) +1
  ASSERT_EQ(COUNT_OF(add_cases), 0 TD_PRINCIPAL_ADD_VERDICTS(XX));
#undef XX
  for (i = 0; i < COUNT_OF(add_cases); i++) {
    const char *v[] = {add_cases[i].text};

    fake_teardown();
    fake_setup();
    ASSERT_EQ(add(), 0);
    fake_answer(0, view_result(result_col, v, 1, principal_v_cols,
                               add_cases[i].with_row ? principal_full : NULL,
                               PRINCIPAL_V_NCOLS));
    ASSERT_EQ(calls, 1);
    ASSERT_EQ(principals.err, 0);
    ASSERT_EQ(principals.verdict, add_cases[i].verdict);
    if (add_cases[i].with_row) {
      ASSERT_EQ(principals.n, 1);
      assert_full_principal(principals.principals[0]);
    } else {
      ASSERT_EQ(principals.n, 0);
    }
    reached_v[principals.verdict]++;
  }
  for (i = 0; i < COUNT_OF(add_cases); i++)
    ASSERT_EQ(reached_v[i], 1);
}

static void an_unknown_principal_add_verdict_is_internal(void)
{
  const char *v[] = {"exists"};

  ASSERT_EQ(add(), 0);
  fake_answer(0, view_result(result_col, v, 1, principal_v_cols, principal_full,
                             PRINCIPAL_V_NCOLS));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(principals.err, TD_EINTERNAL);
}

static void principal_add_with_two_rows_or_none_is_internal(void)
{
  const char *v[] = {"ok"};
  const char *row[64];
  PGresult *res;

  ASSERT_EQ(add(), 0);
  res = view_result(result_col, v, 1, principal_v_cols, principal_full,
                    PRINCIPAL_V_NCOLS);
  row[0] = "ok";
  cols_join(row + 1, principal_full, PRINCIPAL_V_NCOLS, NULL, 0);
  canned_row(res, row);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(principals.err, TD_EINTERNAL);
  ASSERT_EQ(add(), 0);
  {
    const char *names[64];
    int n =
        cols_join(names, result_col, 1, principal_v_cols, PRINCIPAL_V_NCOLS);

    fake_answer(1, canned(names, n));
  }
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(principals.err, TD_EINTERNAL);
}

static void revoke_by_id_sends_null_for_the_fingerprint(void)
{
  const char *want[] = {"12", "9", NULL};

  ASSERT_EQ(td_db_principal_revoke(&fake.db, 12, 9, NULL, on_principals, NULL),
            0);
  ASSERT(fake_params_are(want, 3));
  ASSERT(sql_placeholders_are(fake_last()->sql, 3));
}

static void revoke_by_fingerprint_sends_null_for_the_id(void)
{
  const char *want[] = {"12", NULL, FP};

  ASSERT_EQ(td_db_principal_revoke(&fake.db, 12, 0, FP, on_principals, NULL),
            0);
  ASSERT(fake_params_are(want, 3));
}

static void a_revoked_principal_maps_with_its_revocation_time(void)
{
  const char *row[] = {"9",       "Vàng Thị Mai", "leader",
                       FP,        "03390",        "Xã Bình Lư",
                       "commune", "1767225600",   "1767312000"};
  const Tiepdan__Principal *p;

  calls = 0;
  ASSERT_EQ(td_db_principal_revoke(&fake.db, 12, 9, NULL, on_principals, NULL),
            0);
  fake_answer(
      0, view_result(NULL, NULL, 0, revoke_cols, row, COUNT_OF(revoke_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(principals.err, 0);
  ASSERT_EQ(principals.scope_found, 1);
  ASSERT_EQ(principals.n, 1);
  p = principals.principals[0];
  ASSERT(p->has_id && p->id == 9);
  ASSERT(p->has_role && p->role == TIEPDAN__ROLE__LEADER);
  ASSERT(p->has_revoked_at && p->revoked_at == 1767312000);
}

static void revoking_nothing_in_scope_gives_no_principal(void)
{
  calls = 0;
  ASSERT_EQ(td_db_principal_revoke(&fake.db, 12, 9, NULL, on_principals, NULL),
            0);
  fake_answer(0, canned(revoke_cols, COUNT_OF(revoke_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(principals.err, 0);
  ASSERT_EQ(principals.n, 0);
}

static void principal_list_sends_the_unit_and_whether_revoked_ones_count(void)
{
  const char *with[] = {"12", "03390", "true"};
  const char *without[] = {"12", NULL, "false"};

  ASSERT_EQ(td_db_principal_list(&fake.db, 12, "03390", 1, on_principals, NULL),
            0);
  ASSERT(fake_params_are(with, 3));
  ASSERT(sql_placeholders_are(fake_last()->sql, 3));
  ASSERT_EQ(td_db_principal_list(&fake.db, 12, NULL, 0, on_principals, NULL),
            0);
  ASSERT(fake_params_are(without, 3));
}

static void
principal_list_maps_each_principal_and_leaves_out_unknown_roles(void)
{
  const char *scope[] = {"12"};
  const char *row[64];
  PGresult *res;

  calls = 0;
  ASSERT_EQ(td_db_principal_list(&fake.db, 12, NULL, 0, on_principals, NULL),
            0);
  res = view_result(scope_col, scope, 1, principal_v_cols, principal_full,
                    PRINCIPAL_V_NCOLS);
  row[0] = "12";
  cols_join(row + 1, principal_full, PRINCIPAL_V_NCOLS, NULL, 0);
  row[1] = "4";
  row[3] = "auditor";
  canned_row(res, row);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(principals.err, 0);
  ASSERT_EQ(principals.scope_found, 1);
  ASSERT_EQ(principals.n, 2);
  assert_full_principal(principals.principals[0]);
  ASSERT_EQ(principals.principals[1]->id, 4);
  ASSERT(!principals.principals[1]->has_role);
}

static void principal_list_of_a_unit_out_of_scope_says_so(void)
{
  const char *scope[] = {NULL};

  calls = 0;
  ASSERT_EQ(td_db_principal_list(&fake.db, 12, "01234", 0, on_principals, NULL),
            0);
  fake_answer(0, view_result(scope_col, scope, 1, principal_v_cols, NULL,
                             PRINCIPAL_V_NCOLS));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(principals.err, 0);
  ASSERT_EQ(principals.scope_found, 0);
  ASSERT_EQ(principals.n, 0);
}

/* Units ---------------------------------------------------------------------
 */

static void reach_sends_the_caller_unit_and_the_code(void)
{
  const char *want[] = {"11", "03390"};
  const char *cols[] = {"count"};
  const char *one[] = {"1"};

  calls = 0;
  ASSERT_EQ(td_db_unit_reach(&fake.db, 11, "03390", on_reached, NULL), 0);
  ASSERT(fake_params_are(want, 2));
  ASSERT(sql_placeholders_are(fake_last()->sql, 2));
  fake_answer(0, view_result(NULL, NULL, 0, cols, one, 1));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(reached.err, 0);
  ASSERT_EQ(reached.found, 1);
}

static void a_unit_out_of_reach_is_not_found(void)
{
  const char *cols[] = {"count"};
  const char *zero[] = {"0"};

  calls = 0;
  ASSERT_EQ(td_db_unit_reach(&fake.db, 11, "01234", on_reached, NULL), 0);
  fake_answer(0, view_result(NULL, NULL, 0, cols, zero, 1));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(reached.err, 0);
  ASSERT_EQ(reached.found, 0);
}

static char *old_codes[] = {"03390", "03391"};

static Tiepdan__MergeUnits merge_message(void)
{
  Tiepdan__MergeUnits m = TIEPDAN__MERGE_UNITS__INIT;

  m.n_old_codes = 2;
  m.old_codes = old_codes;
  m.new_code = "03390";
  m.new_name = "Xã Bình Lư";
  m.on = "2025-07-01";
  return m;
}

static int merge(const Tiepdan__MergeUnits *m)
{
  calls = 0;
  memset(&merged, 0, sizeof(merged));
  return td_db_unit_merge(&fake.db, 12, m, on_merged, NULL);
}

static void merge_sends_the_old_codes_as_an_array(void)
{
  Tiepdan__MergeUnits m = merge_message();
  const char *want[] = {"12", "{\"03390\",\"03391\"}", "03390", "Xã Bình Lư",
                        "2025-07-01"};

  ASSERT_EQ(merge(&m), 0);
  ASSERT(fake_params_are(want, 5));
  ASSERT(sql_placeholders_are(fake_last()->sql, 5));
}

static void merge_sends_null_for_an_empty_name(void)
{
  Tiepdan__MergeUnits m = merge_message();

  m.new_name = "";
  ASSERT_EQ(merge(&m), 0);
  ASSERT_NULL(fake_last()->params[3]);
  m.new_name = NULL;
  ASSERT_EQ(merge(&m), 0);
  ASSERT_NULL(fake_last()->params[3]);
}

static const struct {
  const char *text; /* As td_merge_units answers (sql/003). */
  enum td_merge_verdict verdict;
} merge_cases[] = {
    {"ok", TD_MERGE_MERGED},
    {"unknown_unit", TD_MERGE_UNKNOWN_UNIT},
    {"not_a_commune", TD_MERGE_NOT_A_COMMUNE},
    {"other_province", TD_MERGE_OTHER_PROVINCE},
    {"needs_name", TD_MERGE_NEEDS_NAME},
    {"bad_date", TD_MERGE_BAD_DATE},
    {"code_taken", TD_MERGE_CODE_TAKEN},
};

static void every_merge_verdict_is_reached_from_its_sql_text(void)
{
  Tiepdan__MergeUnits m = merge_message();
  int reached_v[TD_MERGE__COUNT] = {0};
  int i;

#define XX(name, text) +1
  ASSERT_EQ(COUNT_OF(merge_cases), 0 TD_MERGE_VERDICTS(XX));
#undef XX
  for (i = 0; i < COUNT_OF(merge_cases); i++) {
    int ok = merge_cases[i].verdict == TD_MERGE_MERGED;
    const char *refused[] = {
        merge_cases[i].text, "03391", NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    const char *done[] = {"ok",    NULL,         "5001", "03390", "Xã Bình Lư",
                          "03390", "Xã Bình Lư", "120",  "4"};

    fake_teardown();
    fake_setup();
    ASSERT_EQ(merge(&m), 0);
    fake_answer(0, view_result(NULL, NULL, 0, merge_cols, ok ? done : refused,
                               COUNT_OF(merge_cols)));
    ASSERT_EQ(calls, 1);
    ASSERT_EQ(merged.err, 0);
    ASSERT_EQ(merged.verdict, merge_cases[i].verdict);
    if (ok) {
      ASSERT_NULL(merged.detail);
      ASSERT_NOT_NULL(merged.reply);
    } else {
      ASSERT_STR_EQ(merged.detail, "03391");
      ASSERT_NULL(merged.reply);
    }
    reached_v[merged.verdict]++;
  }
  for (i = 0; i < TD_MERGE__COUNT; i++)
    ASSERT_EQ(reached_v[i], 1);
}

static void a_merger_maps_the_successor_and_every_unit_merged(void)
{
  Tiepdan__MergeUnits m = merge_message();
  const char *a[] = {
      "ok",  NULL, "5001", "03390", "Xã Bình Lư", "03390", "Xã Bình Lư (cũ)",
      "120", "4"};
  const char *b[] = {
      "ok",  NULL, "5001", "03390", "Xã Bình Lư", "03391", "Xã Phong Thổ (cũ)",
      "120", "4"};
  PGresult *res;
  const Tiepdan__MergeUnitsReply *r;

  ASSERT_EQ(merge(&m), 0);
  res = canned(merge_cols, COUNT_OF(merge_cols));
  canned_row(res, a);
  canned_row(res, b);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(merged.err, 0);
  ASSERT_EQ(merged.verdict, TD_MERGE_MERGED);
  r = merged.reply;
  ASSERT_NOT_NULL(r);
  ASSERT_NOT_NULL(r->unit);
  ASSERT_STR_EQ(r->unit->code, "03390");
  ASSERT_STR_EQ(r->unit->name, "Xã Bình Lư");
  ASSERT_STR_EQ(r->unit->level, "commune");
  ASSERT_EQ(r->n_merged, 2);
  ASSERT_STR_EQ(r->merged[0]->code, "03390");
  ASSERT_STR_EQ(r->merged[0]->name, "Xã Bình Lư (cũ)");
  ASSERT_STR_EQ(r->merged[1]->code, "03391");
  ASSERT_STR_EQ(r->merged[1]->name, "Xã Phong Thổ (cũ)");
  ASSERT(r->has_petitions && r->petitions == 120);
  ASSERT(r->has_principals && r->principals == 4);
}

static void an_unknown_merge_verdict_is_internal(void)
{
  Tiepdan__MergeUnits m = merge_message();
  const char *self[] = {"self", "03390", NULL, NULL, NULL,
                        NULL,   NULL,    NULL, NULL};

  ASSERT_EQ(merge(&m), 0);
  fake_answer(
      0, view_result(NULL, NULL, 0, merge_cols, self, COUNT_OF(merge_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(merged.err, TD_EINTERNAL);
  ASSERT_NULL(merged.reply);
}

static void a_merge_without_rows_is_internal(void)
{
  Tiepdan__MergeUnits m = merge_message();

  ASSERT_EQ(merge(&m), 0);
  fake_answer(0, canned(merge_cols, COUNT_OF(merge_cols)));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(merged.err, TD_EINTERNAL);
}

/* The calendar --------------------------------------------------------------
 */

static PGresult *calendar_result(const char *bad_holiday, const char *bad_from,
                                 const char *bad_to)
{
  const char *version[] = {"version", "9",  NULL, NULL, NULL, NULL, NULL,
                           NULL,      NULL, NULL, NULL, NULL, NULL, NULL};
  const char *rule_open[] = {"rule",       "7",
                             "complaint",  "resolve",
                             "2025-07-01", NULL,
                             "working",    "30",
                             "45",         "45",
                             "60",         "1",
                             "30",         "Luật Khiếu nại 2011, Điều 28"};
  const char *rule_closed[] = {"rule",
                               "3",
                               "denunciation",
                               "accept",
                               "2019-01-01",
                               "2025-07-01",
                               "calendar",
                               "7",
                               "0",
                               "0",
                               "0",
                               "0",
                               "0",
                               "Luật Tố cáo 2018, Điều 24"};
  const char *h1[] = {"holiday", NULL, NULL, NULL, "2026-09-02", NULL, NULL,
                      NULL,      NULL, NULL, NULL, NULL,         NULL, NULL};
  const char *h2[] = {"holiday", NULL, NULL, NULL, "2026-01-01", NULL, NULL,
                      NULL,      NULL, NULL, NULL, NULL,         NULL, NULL};
  const char *h3[] = {"holiday", NULL, NULL, NULL, "2026-04-30", NULL, NULL,
                      NULL,      NULL, NULL, NULL, NULL,         NULL, NULL};
  const char *w1[] = {"working", NULL, NULL, NULL, "2027-02-20", NULL, NULL,
                      NULL,      NULL, NULL, NULL, NULL,         NULL, NULL};
  const char *y1[] = {"year", "2027", "provisional", NULL, NULL, NULL, NULL,
                      NULL,   NULL,   NULL,          NULL, NULL, NULL, NULL};
  const char *y2[] = {"year", "2026", "confirmed", NULL, NULL, NULL, NULL,
                      NULL,   NULL,   NULL,        NULL, NULL, NULL, NULL};
  PGresult *res = canned(calendar_cols, COUNT_OF(calendar_cols));

  if (bad_from != NULL)
    rule_open[4] = bad_from;
  if (bad_to != NULL)
    rule_closed[5] = bad_to;
  if (bad_holiday != NULL)
    h3[4] = bad_holiday;
  canned_row(res, h1);
  canned_row(res, rule_open);
  canned_row(res, version);
  canned_row(res, h2);
  canned_row(res, rule_closed);
  canned_row(res, h3);
  canned_row(res, y1);
  canned_row(res, w1);
  canned_row(res, y2);
  return res;
}

static void the_calendar_snapshot_sends_no_parameters(void)
{
  ASSERT_EQ(td_db_calendar_load(&fake.db, on_loaded, NULL), 0);
  ASSERT_EQ(fake.ncalls, 1);
  ASSERT_EQ(fake_last()->n, 0);
  ASSERT(sql_placeholders_are(fake_last()->sql, 0));
}

static void the_calendar_maps_its_version_rules_and_sorted_holidays(void)
{
  static int keep;
  struct td_calendar_cache *c;
  const struct td_deadline_rule *r;

  calls = 0;
  ASSERT_EQ(td_db_calendar_load(&fake.db, on_loaded, &keep), 0);
  fake_answer(0, calendar_result(NULL, NULL, NULL));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(loaded.err, 0);
  c = loaded.cache;
  ASSERT_NOT_NULL(c);
  loaded.cache = NULL;
  ASSERT_EQ(c->version, 9);
  ASSERT_EQ(c->nrules, 2);
  r = &c->rules[0];
  ASSERT_EQ(r->id, 7);
  ASSERT_STR_EQ(r->kind, "complaint");
  ASSERT_STR_EQ(r->step, "resolve");
  ASSERT_EQ(r->effective_from, day_of("2025-07-01"));
  ASSERT_EQ(r->effective_to, TD_DAY_NONE);
  ASSERT_EQ(r->count, TD_DAYS_WORKING);
  ASSERT_EQ(r->days, 30);
  ASSERT_EQ(r->remote_days, 45);
  ASSERT_EQ(r->complex_days, 45);
  ASSERT_EQ(r->remote_complex_days, 60);
  ASSERT_EQ(r->max_extensions, 1);
  ASSERT_EQ(r->extension_days, 30);
  ASSERT_STR_EQ(r->source, "Luật Khiếu nại 2011, Điều 28");
  r = &c->rules[1];
  ASSERT_EQ(r->id, 3);
  ASSERT_EQ(r->effective_to, day_of("2025-07-01"));
  ASSERT_EQ(r->count, TD_DAYS_CALENDAR);
  ASSERT_EQ(r->days, 7);
  ASSERT_EQ(c->nholidays, 3);
  ASSERT_EQ(c->holidays[0], day_of("2026-01-01"));
  ASSERT_EQ(c->holidays[1], day_of("2026-04-30"));
  ASSERT_EQ(c->holidays[2], day_of("2026-09-02"));
  ASSERT_EQ(c->nworking, 1);
  ASSERT_EQ(c->working[0], day_of("2027-02-20"));
  ASSERT_EQ(c->nyears, 2);
  ASSERT_EQ(c->years[0].year, 2026);
  ASSERT_EQ(c->years[0].confirmed, 1);
  ASSERT_EQ(c->years[1].year, 2027);
  ASSERT_EQ(c->years[1].confirmed, 0);
  td_calendar_free(c);
}

static void a_calendar_with_an_unreadable_date_is_internal(void)
{
  static const char *const bad[] = {"2026-02-30", "30/04/2026", ""};
  int i;

  for (i = 0; i < COUNT_OF(bad) * 3; i++) {
    calls = 0;
    loaded.err = 0;
    ASSERT_EQ(td_db_calendar_load(&fake.db, on_loaded, NULL), 0);
    fake_answer(fake.ncalls - 1,
                calendar_result(i % 3 == 0 ? bad[i / 3] : NULL,
                                i % 3 == 1 ? bad[i / 3] : NULL,
                                i % 3 == 2 ? bad[i / 3] : NULL));
    ASSERT_EQ(calls, 1);
    ASSERT_EQ(loaded.err, TD_EINTERNAL);
    ASSERT_NULL(loaded.cache);
    fake_teardown();
    fake_setup();
  }
}

static char *holiday_dates[] = {"2026-01-01", "2026-02-17"};
static char *holiday_names[] = {"Tết Dương lịch", "Tết \"Nguyên Đán\" \\ 1"};

static char work_date[] = "2027-02-20";
static char work_name[] = "Làm bù cho ngày 2027-02-12";
static char work_source[] = "Thông báo giả định cho kiểm thử";
static char year_source[] = "Quyết định giả định";

static void loading_holidays_sends_the_year_days_and_names_as_arrays(void)
{
  Tiepdan__LoadHolidays m = TIEPDAN__LOAD_HOLIDAYS__INIT;
  Tiepdan__Holiday h[2] = {TIEPDAN__HOLIDAY__INIT, TIEPDAN__HOLIDAY__INIT};
  Tiepdan__Holiday *hp[2] = {&h[0], &h[1]};
  Tiepdan__Holiday w = TIEPDAN__HOLIDAY__INIT;
  Tiepdan__Holiday *wp[1] = {&w};
  const char *want[] = {"5",
                        "2026",
                        "{\"2026-01-01\",\"2026-02-17\"}",
                        ("{\"Tết Dương lịch\","
                         "\"Tết \\\"Nguyên Đán\\\" \\\\ 1\"}"),
                        "{\"\",\"Thông báo giả định cho kiểm thử\"}",
                        "{\"2027-02-20\"}",
                        "{\"Làm bù cho ngày 2027-02-12\"}",
                        "{\"\"}",
                        "Quyết định giả định"};

  h[0].date = holiday_dates[0];
  h[0].name = holiday_names[0];
  h[1].date = holiday_dates[1];
  h[1].name = holiday_names[1];
  h[1].source = work_source;
  w.date = work_date;
  w.name = work_name;
  m.has_year = 1;
  m.year = 2026;
  m.n_holidays = 2;
  m.holidays = hp;
  m.n_working_days = 1;
  m.working_days = wp;
  m.source = year_source;
  ASSERT_EQ(td_db_calendar_load_holidays(&fake.db, 5, &m, on_holidays, NULL),
            0);
  ASSERT(fake_params_are(want, 9));
  ASSERT(sql_placeholders_are(fake_last()->sql, 9));
}

static void loading_no_holidays_sends_empty_arrays_and_a_default_source(void)
{
  Tiepdan__LoadHolidays m = TIEPDAN__LOAD_HOLIDAYS__INIT;
  const char *want[] = {
      "3",  "2027", "{}",
      "{}", "{}",   "{}",
      "{}", "{}",   "Lịch nghỉ năm 2027 do quản trị viên nạp"};

  m.has_year = 1;
  m.year = 2027;
  ASSERT_EQ(td_db_calendar_load_holidays(&fake.db, 3, &m, on_holidays, NULL),
            0);
  ASSERT(fake_params_are(want, 9));
}

static void loading_holidays_maps_the_petitions_to_recompute(void)
{
  Tiepdan__LoadHolidays m = TIEPDAN__LOAD_HOLIDAYS__INIT;
  const char *a[] = {"57", "4", "7", "t", "t", "1", "2026-01-02", "2026-02-16"};
  const char *b[] = {"58", "2", NULL, NULL, NULL, NULL, NULL, NULL};
  PGresult *res;
  const struct td_recompute_row *r;

  calls = 0;
  ASSERT_EQ(td_db_calendar_load_holidays(&fake.db, 1, &m, on_holidays, NULL),
            0);
  res = canned(holidays_cols, COUNT_OF(holidays_cols));
  canned_row(res, a);
  canned_row(res, b);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(holidays.err, 0);
  ASSERT_EQ(holidays.n, 2);
  r = &holidays.rows[0];
  ASSERT_EQ(r->id, 57);
  ASSERT_EQ(r->version, 4);
  ASSERT_EQ(r->rule_id, 7);
  ASSERT_EQ(r->remote, 1);
  ASSERT_EQ(r->complex, 1);
  ASSERT_EQ(r->extensions, 1);
  ASSERT_EQ(r->start, day_of("2026-01-02"));
  ASSERT_EQ(r->deadline, day_of("2026-02-16"));
  r = &holidays.rows[1];
  ASSERT_EQ(r->id, 58);
  ASSERT_EQ(r->version, 2);
  ASSERT_EQ(r->rule_id, 0);
  ASSERT_EQ(r->remote, 0);
  ASSERT_EQ(r->complex, 0);
  ASSERT_EQ(r->extensions, 0);
  ASSERT_EQ(r->start, TD_DAY_NONE);
  ASSERT_EQ(r->deadline, TD_DAY_NONE);
}

static struct td_calendar_ensured ensured;
static struct td_calendar_listed listed;

static void on_ensured(void *arg, const struct td_calendar_ensured *r)
{
  (void)arg;
  ensured = *r;
  calls++;
}

static void on_listed(void *arg, const struct td_calendar_listed *r)
{
  (void)arg;
  listed = *r;
  calls++;
}

/* The provisional days of both years go in one statement; the years it
 * created come back. */
static void ensuring_years_sends_the_years_and_their_days(void)
{
  static const char *const cols[] = {"td_calendar_ensure"};
  const int years[] = {2026, 2027};
  const td_day days[] = {day_of("2027-01-01"), day_of("2027-02-05")};
  const char *const names[] = {"Tết Dương lịch", "Tết Nguyên đán"};
  const char *want[] = {"{\"2026\",\"2027\"}",
                        "{\"2027-01-01\",\"2027-02-05\"}",
                        "{\"Tết Dương lịch\",\"Tết Nguyên đán\"}", "nguồn"};
  const char *row[] = {"2027"};
  PGresult *res;

  calls = 0;
  ASSERT_EQ(td_db_calendar_ensure(&fake.db, years, 2, days, names, 2, "nguồn",
                                  on_ensured, NULL),
            0);
  ASSERT(fake_params_are(want, 4));
  ASSERT(sql_placeholders_are(fake_last()->sql, 4));
  res = canned(cols, 1);
  canned_row(res, row);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(ensured.err, 0);
  ASSERT_EQ(ensured.n, 1);
  ASSERT_EQ(ensured.created[0], 2027);
}

/* Year rows open a year; its days follow, days off and working days apart;
 * a day whose year has no row is not listed. */
static void listing_calendars_groups_days_under_their_year(void)
{
  static const char *const cols[] = {"year",         "status", "confirmed_by",
                                     "confirmed_at", "source", "what",
                                     "day",          "name",   "day_source"};
  const char *orphan[] = {"2025", NULL,         NULL, NULL, NULL,
                          "off",  "2025-01-01", "x",  NULL};
  const char *y27[] = {"2027",       "confirmed", "Quản trị quốc gia",
                       "1800000000", "Thông báo", "year",
                       NULL,         NULL,        NULL};
  const char *off[] = {"2027", NULL,  NULL,         NULL,
                       NULL,   "off", "2027-02-11", "Nghỉ hoán đổi",
                       "mục 2"};
  const char *work[] = {"2027", NULL,         NULL,     NULL, NULL,
                        "work", "2027-02-20", "Làm bù", NULL};
  const char *y28[] = {"2028", "provisional", NULL, NULL, "Bộ luật",
                       "year", NULL,          NULL, NULL};
  const char *want[] = {"2026"};
  const Tiepdan__CalendarYear *y;
  PGresult *res;

  calls = 0;
  ASSERT_EQ(td_db_calendar_list(&fake.db, 2026, on_listed, NULL), 0);
  ASSERT(fake_params_are(want, 1));
  res = canned(cols, COUNT_OF(cols));
  canned_row(res, orphan);
  canned_row(res, y27);
  canned_row(res, off);
  canned_row(res, work);
  canned_row(res, y28);
  fake_answer(0, res);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(listed.err, 0);
  ASSERT_EQ(listed.reply->n_years, 2);
  y = listed.reply->years[0];
  ASSERT_EQ(y->year, 2027);
  ASSERT(y->has_confirmed && y->confirmed);
  ASSERT_STR_EQ(y->confirmed_by, "Quản trị quốc gia");
  ASSERT(y->has_confirmed_at && y->confirmed_at == 1800000000);
  ASSERT_STR_EQ(y->source, "Thông báo");
  ASSERT_EQ(y->n_days_off, 1);
  ASSERT_STR_EQ(y->days_off[0]->date, "2027-02-11");
  ASSERT_STR_EQ(y->days_off[0]->source, "mục 2");
  ASSERT_EQ(y->n_working_days, 1);
  ASSERT_STR_EQ(y->working_days[0]->name, "Làm bù");
  ASSERT(y->working_days[0]->source == NULL);
  y = listed.reply->years[1];
  ASSERT_EQ(y->year, 2028);
  ASSERT(y->has_confirmed && !y->confirmed);
  ASSERT(y->confirmed_by == NULL && !y->has_confirmed_at);
  ASSERT_EQ(y->n_days_off, 0);
}

/* The server recomputing on its own (a provisional year) is no principal:
 * the event's actor is NULL, and the open petitions are read as a load
 * returns them. */
static void the_server_recomputes_as_no_principal(void)
{
  struct td_recompute_row row;
  td_day deadline = day_of("2027-01-04");
  const char *want[] = {NULL,       "9",       "provisional",
                        "{\"57\"}", "{\"4\"}", "{\"2027-01-04\"}"};

  memset(&row, 0, sizeof(row));
  row.id = 57;
  row.version = 4;
  ASSERT_EQ(td_db_calendar_store_recomputed(&fake.db, 0, 9, "provisional", &row,
                                            &deadline, 1, on_recomputed, NULL),
            0);
  ASSERT(fake_params_are(want, 6));
  ASSERT_EQ(td_db_calendar_open(&fake.db, on_holidays, NULL), 0);
  ASSERT_EQ(fake_last()->n, 0);
  ASSERT(sql_placeholders_are(fake_last()->sql, 0));
}

static void storing_recomputed_deadlines_sends_parallel_arrays(void)
{
  struct td_recompute_row rows[2];
  td_day deadlines[2];
  const char *want[] = {"3",
                        "9",
                        "Lịch nghỉ lễ 2026",
                        "{\"57\",\"58\"}",
                        "{\"4\",\"2\"}",
                        "{\"2026-02-17\",\"2026-02-20\"}"};

  memset(rows, 0, sizeof(rows));
  rows[0].id = 57;
  rows[0].version = 4;
  rows[1].id = 58;
  rows[1].version = 2;
  deadlines[0] = day_of("2026-02-17");
  deadlines[1] = day_of("2026-02-20");
  ASSERT_EQ(td_db_calendar_store_recomputed(&fake.db, 3, 9, "Lịch nghỉ lễ 2026",
                                            rows, deadlines, 2, on_recomputed,
                                            NULL),
            0);
  ASSERT(fake_params_are(want, 6));
  ASSERT(sql_placeholders_are(fake_last()->sql, 6));
}

static void stored_deadlines_are_counted_or_stale(void)
{
  const char *cols[] = {"td_store_recomputed"};
  const char *two[] = {"2"};
  const char *moved_on[] = {"-1"};

  calls = 0;
  ASSERT_EQ(td_db_calendar_store_recomputed(&fake.db, 3, 9, "note", NULL, NULL,
                                            0, on_recomputed, NULL),
            0);
  fake_answer(0, view_result(NULL, NULL, 0, cols, two, 1));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(recomputed.err, 0);
  ASSERT_EQ(recomputed.count, 2);
  ASSERT_EQ(recomputed.stale, 0);
  ASSERT_EQ(td_db_calendar_store_recomputed(&fake.db, 3, 9, "note", NULL, NULL,
                                            0, on_recomputed, NULL),
            0);
  fake_answer(1, view_result(NULL, NULL, 0, cols, moved_on, 1));
  ASSERT_EQ(calls, 2);
  ASSERT_EQ(recomputed.err, 0);
  ASSERT_EQ(recomputed.stale, 1);
}

static void stored_deadlines_without_the_count_row_are_internal(void)
{
  const char *cols[] = {"td_store_recomputed"};

  calls = 0;
  ASSERT_EQ(td_db_calendar_store_recomputed(&fake.db, 3, 9, "note", NULL, NULL,
                                            0, on_recomputed, NULL),
            0);
  fake_answer(0, canned(cols, 1));
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(recomputed.err, TD_EINTERNAL);
}

int main(void)
{
  RUN_DB_TEST(session_open_sends_its_11_parameters_in_order);
  RUN_DB_TEST(session_open_sends_null_for_an_empty_unit_and_no_time);
  RUN_DB_TEST(an_opened_session_maps_its_columns);
  RUN_DB_TEST(a_session_opened_out_of_reach_is_no_session);
  RUN_DB_TEST(session_close_sends_its_13_parameters_in_order);
  RUN_DB_TEST(session_close_sends_null_for_each_count_not_given);
  RUN_DB_TEST(every_session_close_verdict_is_reached_from_its_sql_text);
  RUN_DB_TEST(an_unknown_session_close_verdict_is_internal);
  RUN_DB_TEST(closed_without_the_session_is_internal);
  RUN_DB_TEST(session_close_with_two_rows_or_none_is_internal);
  RUN_DB_TEST(session_list_sends_its_5_parameters_in_order);
  RUN_DB_TEST(session_list_sends_null_for_each_filter_not_asked);
  RUN_DB_TEST(session_list_maps_each_session_under_its_scope);
  RUN_DB_TEST(session_list_of_a_unit_out_of_scope_says_so);
  RUN_DB_TEST(session_list_of_a_unit_without_sessions_is_empty);
  RUN_DB_TEST(lookup_sends_the_fingerprint);
  RUN_DB_TEST(lookup_maps_the_principal_and_the_unit_it_acts_for);
  RUN_DB_TEST(lookup_of_an_unregistered_certificate_is_not_found);
  RUN_DB_TEST(active_sends_the_principal_id);
  RUN_DB_TEST(a_revoked_principal_is_not_active);
  RUN_DB_TEST(add_sends_its_6_parameters_in_order);
  RUN_DB_TEST(every_principal_add_verdict_is_reached_from_its_sql_text);
  RUN_DB_TEST(an_unknown_principal_add_verdict_is_internal);
  RUN_DB_TEST(principal_add_with_two_rows_or_none_is_internal);
  RUN_DB_TEST(revoke_by_id_sends_null_for_the_fingerprint);
  RUN_DB_TEST(revoke_by_fingerprint_sends_null_for_the_id);
  RUN_DB_TEST(a_revoked_principal_maps_with_its_revocation_time);
  RUN_DB_TEST(revoking_nothing_in_scope_gives_no_principal);
  RUN_DB_TEST(principal_list_sends_the_unit_and_whether_revoked_ones_count);
  RUN_DB_TEST(principal_list_maps_each_principal_and_leaves_out_unknown_roles);
  RUN_DB_TEST(principal_list_of_a_unit_out_of_scope_says_so);
  RUN_DB_TEST(reach_sends_the_caller_unit_and_the_code);
  RUN_DB_TEST(a_unit_out_of_reach_is_not_found);
  RUN_DB_TEST(merge_sends_the_old_codes_as_an_array);
  RUN_DB_TEST(merge_sends_null_for_an_empty_name);
  RUN_DB_TEST(every_merge_verdict_is_reached_from_its_sql_text);
  RUN_DB_TEST(a_merger_maps_the_successor_and_every_unit_merged);
  RUN_DB_TEST(an_unknown_merge_verdict_is_internal);
  RUN_DB_TEST(a_merge_without_rows_is_internal);
  RUN_DB_TEST(the_calendar_snapshot_sends_no_parameters);
  RUN_DB_TEST(the_calendar_maps_its_version_rules_and_sorted_holidays);
  RUN_DB_TEST(a_calendar_with_an_unreadable_date_is_internal);
  RUN_DB_TEST(loading_holidays_sends_the_year_days_and_names_as_arrays);
  RUN_DB_TEST(loading_no_holidays_sends_empty_arrays_and_a_default_source);
  RUN_DB_TEST(ensuring_years_sends_the_years_and_their_days);
  RUN_DB_TEST(the_server_recomputes_as_no_principal);
  RUN_DB_TEST(listing_calendars_groups_days_under_their_year);
  RUN_DB_TEST(loading_holidays_maps_the_petitions_to_recompute);
  RUN_DB_TEST(storing_recomputed_deadlines_sends_parallel_arrays);
  RUN_DB_TEST(stored_deadlines_are_counted_or_stale);
  RUN_DB_TEST(stored_deadlines_without_the_count_row_are_internal);
  return TEST_EXIT();
}
