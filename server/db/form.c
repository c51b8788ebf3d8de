/* The forms' statements; see form.h. */
#include "db/form.h"

#include <string.h>

#include "db/rows.h"
#include "wire.h"

static const char SQL_FORM[] =
    "SELECT part, k, p, vi, en, x, num, flag, val"
    "  FROM td_form_get($1::int, $2, $3, $4::date, $5::date)";

/* Petitions first, then sessions, each oldest first. */
static const char SQL_FORM_EXPLAIN[] =
    "WITH e AS (SELECT * FROM td_form_explain($1::int, $2, $3, $4::date,"
    "                                         $5::date, $6, $7::int))"
    " SELECT e.weight AS form_weight, NULL::text AS form_session_type,"
    "        NULL::text AS form_session_title, NULL::bigint AS form_session_at,"
    "        v.*"
    "   FROM e JOIN td_petition_v v ON e.src = 'petition' AND v.id = e.ref"
    " UNION ALL"
    " SELECT e.weight, s.type, s.title,"
    "        floor(extract(epoch FROM s.opened_at))::bigint, v.*"
    "   FROM e JOIN sessions s ON e.src = 'session' AND s.id = e.ref"
    "   LEFT JOIN td_petition_v v ON false"
    " ORDER BY 5 NULLS LAST";

struct form_call {
  struct td_arena *arena;
  td_form_filled_cb cb;
  void *arg;
};

/* The row of unit code in r, or NULL. */
static Tiepdan__FormRow *row_of(Tiepdan__FormReply *r, const char *code)
{
  size_t i;

  for (i = 0; i < r->n_rows; i++)
    if (r->rows[i]->unit_code != NULL &&
        strcmp(r->rows[i]->unit_code, code) == 0)
      return r->rows[i];
  return NULL;
}

/* Sizes the reply's arrays from the parts' counts, and the number of
 * values a row has (the highest column number). */
static void size_reply(struct td_arena *a, const PGresult *res,
                       Tiepdan__FormReply *r, size_t *nvalues)
{
  int n = PQntuples(res);
  size_t ncol = 0, nchk = 0, nrow = 0;
  int i;

  *nvalues = 0;
  for (i = 0; i < n; i++) {
    const char *part = PQgetvalue(res, i, 0);

    if (strcmp(part, "column") == 0) {
      uint32_t num = 0;

      ncol++;
      if (td_rows_u32(res, i, 6, &num) && num > *nvalues)
        *nvalues = num;
    } else if (strcmp(part, "check") == 0) {
      nchk++;
    } else if (strcmp(part, "row") == 0) {
      nrow++;
    }
  }
  r->columns = td_arena_alloc(a, sizeof(*r->columns) * (ncol ? ncol : 1));
  r->checks = td_arena_alloc(a, sizeof(*r->checks) * (nchk ? nchk : 1));
  /* One more for the total. */
  r->rows = td_arena_alloc(a, sizeof(*r->rows) * (nrow + 1));
}

static Tiepdan__FormRow *new_row(struct td_arena *a, size_t nvalues)
{
  Tiepdan__FormRow *row = td_arena_alloc(a, sizeof(*row));

  tiepdan__form_row__init(row);
  row->n_values = nvalues;
  row->values = td_arena_alloc(a, sizeof(int64_t) * (nvalues ? nvalues : 1));
  memset(row->values, 0, sizeof(int64_t) * (nvalues ? nvalues : 1));
  return row;
}

static void map_form(struct td_arena *a, const PGresult *res,
                     struct td_form_filled *out)
{
  Tiepdan__FormReply *r = td_arena_alloc(a, sizeof(*r));
  Tiepdan__FormRow *total;
  size_t nvalues;
  size_t i, j;
  int n = PQntuples(res);
  int k;

  tiepdan__form_reply__init(r);
  out->reply = r;
  size_reply(a, res, r, &nvalues);
  for (k = 0; k < n; k++) {
    const char *part = PQgetvalue(res, k, 0);

    if (strcmp(part, "scope") == 0) {
      out->reached = 1;
      out->has_form = !PQgetisnull(res, k, 2);
      r->unit = td_rows_unit(a, td_rows_str(a, res, k, 1),
                             td_rows_str(a, res, k, 3), NULL);
      if (r->unit != NULL)
        r->unit->level = td_rows_str(a, res, k, 2);
    } else if (strcmp(part, "form") == 0) {
      r->form = td_rows_str(a, res, k, 1);
      r->version = td_rows_str(a, res, k, 2);
      r->title_vi = td_rows_str(a, res, k, 3);
      r->title_en = td_rows_str(a, res, k, 4);
      r->basis = td_rows_str(a, res, k, 5);
    } else if (strcmp(part, "meta") == 0) {
      r->applies_from = td_rows_str(a, res, k, 2);
      r->note_vi = td_rows_str(a, res, k, 5);
    } else if (strcmp(part, "column") == 0) {
      Tiepdan__FormColumn *c = td_arena_alloc(a, sizeof(*c));

      tiepdan__form_column__init(c);
      c->id = td_rows_str(a, res, k, 1);
      c->parent = td_rows_str(a, res, k, 2);
      c->label_vi = td_rows_str(a, res, k, 3);
      c->label_en = td_rows_str(a, res, k, 4);
      c->has_number = td_rows_u32(res, k, 6, &c->number);
      c->has_manual = 1;
      c->manual = td_rows_bool(res, k, 7);
      r->columns[r->n_columns++] = c;
    } else if (strcmp(part, "check") == 0) {
      Tiepdan__FormCheck *c = td_arena_alloc(a, sizeof(*c));

      tiepdan__form_check__init(c);
      c->formula = td_rows_str(a, res, k, 5);
      r->checks[r->n_checks++] = c;
    } else if (strcmp(part, "row") == 0) {
      Tiepdan__FormRow *row = new_row(a, nvalues);

      row->unit_code = td_rows_str(a, res, k, 1);
      row->unit_name = td_rows_str(a, res, k, 3);
      r->rows[r->n_rows++] = row;
    }
  }
  /* The cells come last; the rows they belong to are known by now. */
  for (k = 0; k < n; k++) {
    Tiepdan__FormRow *row;
    uint32_t num;
    int64_t v;

    if (strcmp(PQgetvalue(res, k, 0), "cell") != 0)
      continue;
    row = row_of(r, PQgetvalue(res, k, 1));
    if (row == NULL || !td_rows_u32(res, k, 6, &num) || num == 0 ||
        num > nvalues || !td_rows_i64(res, k, 8, &v))
      continue;
    row->values[num - 1] = v;
  }
  total = new_row(a, nvalues);
  total->has_total = 1;
  total->total = 1;
  for (i = 0; i < r->n_rows; i++)
    for (j = 0; j < nvalues; j++)
      total->values[j] += r->rows[i]->values[j];
  /* A manual column is blank everywhere. */
  for (i = 0; i < r->n_columns; i++) {
    const Tiepdan__FormColumn *c = r->columns[i];

    if (!c->manual || !c->has_number || c->number == 0 || c->number > nvalues)
      continue;
    for (j = 0; j < r->n_rows; j++)
      r->rows[j]->values[c->number - 1] = -1;
    total->values[c->number - 1] = -1;
  }
  r->rows[r->n_rows++] = total;
}

static void on_form(void *arg, PGresult *res)
{
  struct form_call *call = arg;
  struct td_form_filled out;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "form", 0);
  if (out.err == 0)
    map_form(call->arena, res, &out);
  call->cb(call->arg, &out);
}

int td_db_form_get(const struct td_db *db, int caller_unit, const char *form,
                   const char *unit_code, const char *from, const char *to,
                   td_form_filled_cb cb, void *arg)
{
  struct form_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[5];

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, caller_unit);
  params[1] = form;
  params[2] = unit_code;
  params[3] = from;
  params[4] = to;
  return td_rows_send(db, SQL_FORM, 5, params, on_form, call);
}

struct explain_call {
  struct td_arena *arena;
  td_form_items_cb cb;
  void *arg;
};

static void on_explain(void *arg, PGresult *res)
{
  struct explain_call *call = arg;
  struct td_arena *a = call->arena;
  struct td_form_items out;
  int n, i, id, w;

  memset(&out, 0, sizeof(out));
  out.err = td_rows_status(res, "form explain", 0);
  if (out.err == 0) {
    n = PQntuples(res);
    id = PQfnumber(res, "id");
    w = PQfnumber(res, "form_weight");
    /* Petition rows have an id; td_rows_petitions leaves the others out. */
    td_rows_petitions(a, res, 1, &out.rows, &out.n);
    out.weights = td_arena_alloc(a, sizeof(int64_t) * (size_t)(n ? n : 1));
    out.sessions =
        td_arena_alloc(a, sizeof(*out.sessions) * (size_t)(n ? n : 1));
    for (i = 0; i < n; i++) {
      int64_t weight = 0;

      (void)td_rows_i64(res, i, w, &weight);
      if (!PQgetisnull(res, i, id)) {
        /* The petitions come first and in td_rows_petitions' order. */
        out.weights[i] = weight;
        continue;
      }
      {
        Tiepdan__FormItem *it = td_arena_alloc(a, sizeof(*it));
        Tiepdan__Session *s = td_arena_alloc(a, sizeof(*s));
        char *type =
            td_rows_str(a, res, i, PQfnumber(res, "form_session_type"));

        tiepdan__form_item__init(it);
        tiepdan__session__init(s);
        it->kind = "session";
        it->session = s;
        it->has_weight = 1;
        it->weight = weight;
        if (type != NULL) {
          s->has_type = 1;
          s->type = td_session_type_parse(type);
        }
        s->title = td_rows_str(a, res, i, PQfnumber(res, "form_session_title"));
        s->has_opened_at = td_rows_i64(
            res, i, PQfnumber(res, "form_session_at"), &s->opened_at);
        out.sessions[out.nsessions++] = it;
      }
    }
  }
  call->cb(call->arg, &out);
}

int td_db_form_explain(const struct td_db *db, int caller_unit,
                       const Tiepdan__GetForm *m, td_form_items_cb cb,
                       void *arg)
{
  struct explain_call *call = td_arena_alloc(db->arena, sizeof(*call));
  const char *params[7];

  call->arena = db->arena;
  call->cb = cb;
  call->arg = arg;
  params[0] = td_rows_int(db->arena, caller_unit);
  params[1] = m->form;
  params[2] = m->unit_code != NULL && m->unit_code[0] ? m->unit_code : NULL;
  params[3] = m->from;
  params[4] = m->to;
  params[5] =
      m->explain_unit != NULL && m->explain_unit[0] ? m->explain_unit : NULL;
  params[6] = td_rows_int(db->arena, m->explain_column);
  return td_rows_send(db, SQL_FORM_EXPLAIN, 7, params, on_explain, call);
}
