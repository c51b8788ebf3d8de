/*
 * tiepdan submit: records a petition and prints its receipt number for the
 * citizen. The petition goes through the outbox (cmd/write.h): kept on this
 * computer first, sent with its idempotency key, so it is never lost and
 * never recorded twice, and numbered from a leased block when offline. See
 * submit.h.
 */
#include "cmd/submit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "cmd/receipt.h"
#include "cmd/form.h"
#include "cmd/outbox.h"
#include "cmd/write.h"
#include "common/utf8.h"
#include "render/terms.h"
#include "common/limits.h"
#include "input/args.h"
#include "input/opt.h"
#include "input/text.h"
#include "lang/lang.h"
#include "render/output.h"

enum {
  O_HELP = 1,
  O_UNIT,
  O_VILLAGE,
  O_KIND,
  O_CHANNEL,
  O_FIELD,
  O_GROUP_SIZE,
  O_NAME,
  O_ID_NUMBER,
  O_ADDRESS,
  O_CONTACT,
  O_CONFIDENTIAL,
  O_RECEIVED,
  O_SUMMARY,
  O_KEY,
  O_RETRIES,
  O_SESSION,
  O_PRINT,
  O_REPEAT_OF
};

static const char usage_en[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] submit --kind KIND --channel CHANNEL\n"
    "                                      [--summary TEXT|-] [OPTIONS]\n"
    "\n"
    "Records a petition and prints its receipt number (số biên nhận) for the\n"
    "citizen. It is kept in this computer's outbox first: if the server\n"
    "cannot be reached, it is sent later (see \"tiepdan outbox\"), never\n"
    "twice, and the citizen still leaves with a receipt number.\n"
    "\n"
    "At a terminal, what is missing is asked for, one question at a time,\n"
    "and the petition is shown for confirmation before it is sent; Ctrl-D\n"
    "or Ctrl-C at a question cancels it, nothing is sent, and the exit\n"
    "status is 2. Kinds, channels and fields may be given by code or by\n"
    "name, with or without diacritics (\"khiếu nại\", \"khieu nai\").\n"
    "\n"
    "Required:\n"
    "  --kind KIND        complaint, denunciation, recommendation, feedback,\n"
    "                     request\n"
    "  --channel CHANNEL  regular_reception, periodic_reception, dialogue,\n"
    "                     voters_meeting, front_supervision, suggestion_box,\n"
    "                     digital, transferred_in\n"
    "  --summary TEXT     what the citizen asks; \"--summary -\" reads it\n"
    "                     from standard input (at a terminal, end it with\n"
    "                     Ctrl-D), as does leaving it out when the input is\n"
    "                     a pipe or a file\n"
    "Optional:\n"
    "  --unit CODE        the handling commune (default: your own unit)\n"
    "  --village CODE     the village concerned\n"
    "  --field FIELD      land, social_policy, economy, rural_infrastructure,\n"
    "                     electricity, environment, admin_procedure,\n"
    "                     digital_transformation, security_order, culture\n"
    "  --group-size N     number of signatories (5 or more: a group petition)\n"
    "  --name NAME        the petitioner's full name\n"
    "  --id-number NUMBER the petitioner's citizen ID number\n"
    "  --address TEXT     the petitioner's address\n"
    "  --contact TEXT     the petitioner's phone or e-mail\n"
    "  --confidential     the petitioner asked to keep their identity secret\n"
    "  --received \"DD/MM/YYYY[ HH:MM]\"\n"
    "                     when it was received, Vietnam time (default: now)\n"
    "  --key KEY          the key an earlier, unfinished submit printed\n"
    "  --retries N        retries after a failure, default 3 (after 1, 2, 4 "
    "s)\n"
    "  --session ID       the reception session it came from (see\n"
    "                     \"tiepdan session list\")\n"
    "  --repeat-of RECEIPT\n"
    "                     the citizen came before about the same matter:\n"
    "                     the receipt number of that earlier petition\n"
    "                     (tiếp nhiều lần). Without it, the server lists the\n"
    "                     citizen's earlier petitions after the receipt, with\n"
    "                     how to mark one later (tiepdan note --repeat-of)\n"
    "  --print [FILE]     then print the citizen's receipt: as text, or as an\n"
    "                     A5 PDF written to FILE (see \"tiepdan receipt\");\n"
    "                     with --format csv or json, the text goes to\n"
    "                     standard error, so the output stays parseable\n"
    "\n"
    "Example:\n"
    "  tiepdan submit --kind complaint --channel regular_reception \\\n"
    "    --field land --name \"Nguyễn Văn An\" \\\n"
    "    --summary \"Đề nghị xem xét lại ranh giới thửa đất số 120.\"\n");

#define usage _(usage_en)

static const struct td_opt submit_opts[] = {
    {"help", 0, O_HELP},
    {"unit", 1, O_UNIT},
    {"village", 1, O_VILLAGE},
    {"kind", 1, O_KIND},
    {"channel", 1, O_CHANNEL},
    {"field", 1, O_FIELD},
    {"group-size", 1, O_GROUP_SIZE},
    {"name", 1, O_NAME},
    {"id-number", 1, O_ID_NUMBER},
    {"address", 1, O_ADDRESS},
    {"contact", 1, O_CONTACT},
    {"confidential", 0, O_CONFIDENTIAL},
    {"received", 1, O_RECEIVED},
    {"summary", 1, O_SUMMARY},
    {"key", 1, O_KEY},
    {"retries", 1, O_RETRIES},
    {"session", 1, O_SESSION},
    {"print", TD_ARGS_OPTIONAL_VALUE, O_PRINT},
    {"repeat-of", 1, O_REPEAT_OF},
    {NULL, 0, 0},
};

static int submit_number(struct td_submit_args *s, int id, const char *v,
                         char *err, size_t errlen)
{
  uint64_t n;

  if (id == O_GROUP_SIZE) {
    if (td_args_uint(v, 1, TD_GROUP_SIZE_MAX, &n) != 0)
      return td_opt_bad_value("--group-size", v, _("a number of people from 1"),
                              err, errlen);
    s->group_size = (uint32_t)n;
    s->has_group_size = 1;
    return 0;
  }
  if (td_args_uint(v, 0, TD_CALL_RETRIES_MAX, &n) != 0)
    return td_opt_bad_value("--retries", v, _("a number from 0 to 10"), err,
                            errlen);
  s->retries = (int)n;
  return 0;
}

static int submit_text(struct td_submit_args *s, int id, char *v)
{
  char **slot;

  switch (id) {
  case O_UNIT:
    slot = &s->unit;
    break;
  case O_VILLAGE:
    slot = &s->village;
    break;
  case O_KIND:
    slot = &s->kind;
    break;
  case O_CHANNEL:
    slot = &s->channel;
    break;
  case O_FIELD:
    slot = &s->field;
    break;
  case O_NAME:
    slot = &s->name;
    break;
  case O_ID_NUMBER:
    slot = &s->id_number;
    break;
  case O_ADDRESS:
    slot = &s->address;
    break;
  case O_CONTACT:
    slot = &s->contact;
    break;

  default:
    slot = &s->summary;
  }
  *slot = v;
  return 0;
}

static int submit_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct td_submit_args *s = ctx;
  switch (id) {
  case O_HELP:
    s->help = 1;
    return 0;
  case O_CONFIDENTIAL:
    s->confidential = 1;
    return 0;
  case O_GROUP_SIZE:
  case O_RETRIES:
    return submit_number(s, id, v, err, errlen);
  case O_REPEAT_OF:
    return td_opt_text("--repeat-of", v, &s->repeat_of, err, errlen);
  case O_SESSION:
    return td_opt_parse_session(v, &s->session_id, &s->has_session, err,
                                errlen);
  case O_RECEIVED:
    return td_opt_parse_at("--received", v, &s->received_at, &s->has_received,
                           err, errlen);
  case O_PRINT:
    s->print = 1;
    s->print_to = v;
    return 0;
  case O_KEY:
    /* A mistyped key would record the petition a second time. */
    if (!td_uuid_valid(v))
      return td_opt_bad_value(
          "--key", v, _("the key that an earlier submit printed"), err, errlen);
    s->key = v;
    return 0;
  default:
    return submit_text(s, id, v);
  }
}

static int submit_check(struct td_submit_args *s, int stdin_tty, char *err,
                        size_t errlen)
{
  int dash;

  if (s->help)
    return 0;
  dash = s->summary != NULL && strcmp(s->summary, "-") == 0;
  /* At a terminal the form asks for what is missing, the summary too. */
  if (stdin_tty == TD_SUBMIT_FORM &&
      (s->kind == NULL || s->channel == NULL || s->summary == NULL || dash)) {
    s->form = 1;
    if (dash)
      s->summary = NULL;
    return 0;
  }
  if (s->kind == NULL)
    return td_opt_missing("--kind", "complaint", err, errlen);
  if (s->channel == NULL)
    return td_opt_missing("--channel", "regular_reception", err, errlen);
  if (s->summary != NULL && !dash)
    return 0;
  /* "--summary -" reads stdin even from a terminal, where the officer
   * types the text; without it a terminal would just seem to hang. */
  if (!dash && stdin_tty) {
    snprintf(err, errlen, "%s",
             _("--summary is required: give the text, or \"--summary -\" "
               "to read it from standard input"));
    return -1;
  }
  s->summary = NULL;
  s->summary_stdin = 1;
  return 0;
}

int td_cmd_parse_submit(int argc, char **argv, int stdin_tty,
                        struct td_submit_args *a, char *err, size_t errlen)
{
  memset(a, 0, sizeof(*a));
  a->retries = TD_CALL_RETRIES_DEFAULT;
  if (td_cmd__scan(argc, argv, submit_opts, submit_opt, a, err, errlen) != 0)
    return -1;
  return submit_check(a, stdin_tty, err, errlen);
}

static void petitioner(const struct td_submit_args *a, struct td_submit_req *r)
{
  if (!a->name && !a->id_number && !a->address && !a->contact)
    return;
  r->who.name = a->name;
  r->who.id_number = a->id_number;
  r->who.address = a->address;
  r->who.contact = a->contact;
  r->submit.petitioner = &r->who;
}

int td_cmd_submit_request(const struct td_submit_args *a,
                          struct td_submit_req *r, char *err, size_t errlen)
{
  static const Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__SubmitPetition sp = TIEPDAN__SUBMIT_PETITION__INIT;
  static const Tiepdan__Petitioner who = TIEPDAN__PETITIONER__INIT;

  if (a->summary == NULL || a->summary[0] == '\0') {
    snprintf(err, errlen, "%s",
             _("the summary is empty: write what the citizen asks for with "
               "--summary"));
    return -1;
  }
  if (a->key != NULL)
    snprintf(r->key, sizeof(r->key), "%s", a->key);
  else if (td_uuid_v4(r->key) != 0) {
    snprintf(err, errlen, "%s", _("the system's random number source failed"));
    return -1;
  }
  r->env = env;
  r->submit = sp;
  r->who = who;
  r->submit.idempotency_key = r->key;
  r->submit.unit_code = a->unit;
  r->submit.village_code = a->village;
  r->submit.kind = a->kind;
  r->submit.channel = a->channel;
  r->submit.field = a->field;
  r->submit.has_group_size = a->has_group_size;
  r->submit.group_size = a->group_size;
  petitioner(a, r);
  r->submit.has_confidential = a->confidential;
  r->submit.confidential = a->confidential;
  r->submit.summary = a->summary;
  r->submit.has_received_at = a->has_received;
  r->submit.received_at = a->received_at;
  r->submit.has_session_id = a->has_session;
  r->submit.session_id = a->session_id;
  r->submit.repeat_of = a->repeat_of;
  r->env.body_case = TIEPDAN__ENVELOPE__BODY_SUBMIT_PETITION;
  r->env.submit_petition = &r->submit;
  return 0;
}

int td_uuid_v4(char out[TD_UUID_LEN + 1])
{
  unsigned char b[16];

  if (RAND_bytes(b, sizeof(b)) != 1)
    return -1;
  td_uuid_format(b, out);
  return 0;
}

static int print_submitted(const struct td_global_args *g,
                           const Tiepdan__SubmitReply *r)
{
  if (g->format != TD_FORMAT_TABLE && r->duplicate)
    fputs(_("tiepdan: this petition had already been recorded; the original "
            "is shown\n"),
          stderr);
  return td_call_finish_output(td_output_submitted(stdout, g->format, r));
}

/* What `tiepdan outbox` shows of a submit: never a secret. */
static void submit_label(const struct td_submit_args *a, int secret, char *buf,
                         size_t cap)
{
  char *cut;

  if (secret) {
    snprintf(buf, cap, "%s", _("new petition (sealed: names kept secret)"));
    return;
  }
  cut = td_utf8_truncate(a->summary ? a->summary : "", 48);
  snprintf(buf, cap, _("new petition: %s"), cut ? cut : "");
  free(cut);
}

/* A submit kept in the outbox, told. */
static int print_kept(const struct td_global_args *g, const struct td_write *w)
{
  char words[512];

  if (w->receipt_no[0])
    snprintf(words, sizeof(words),
             _("Not sent yet: the petition is kept in the outbox (entry "
               "%lld) and will be sent when the link is back.\n"
               "Receipt number (số biên nhận): %s\n"),
             (long long)w->seq, w->receipt_no);
  else
    snprintf(words, sizeof(words),
             _("Not sent yet: the petition is kept in the outbox (entry "
               "%lld) and will be sent when the link is back.\n"
               "Its receipt number will be given once the server has it "
               "(this computer holds no leased numbers).\n"),
             (long long)w->seq);
  return td_write_print_kept(g, w, words);
}

/* The citizen's receipt for a petition kept offline, from what this
 * computer knows: the number it leased, the commune and officer of its
 * last connection, what was typed. The deadline is given once the server
 * has the petition. */
static int print_kept_receipt(FILE *out, struct td_outbox *ob,
                              const struct td_submit_args *a,
                              const struct td_write *w, const char *pdf)
{
  struct td_receipt r;
  char *commune = td_outbox_meta_get(ob, "unit_name");
  char *officer = td_outbox_meta_get(ob, "officer");
  Tiepdan__Envelope *hello;
  const Tiepdan__HelloReply *h;
  const Tiepdan__Term *t;
  char err[512];
  int rc;

  memset(&r, 0, sizeof(r));
  r.commune = commune ? commune : "";
  r.receipt_no = w->receipt_no;
  r.received_at = a->has_received ? a->received_at : w->kept_at;
  r.citizen = a->name;
  hello = td_write_kept_hello(ob);
  h = hello != NULL ? hello->hello_reply : NULL;
  t = td_terms_find(h, "kind", w->req->submit_petition->kind);
  r.kind = t != NULL ? td_terms_name(t, 0) : w->req->submit_petition->kind;
  t = td_terms_find(h, "channel", w->req->submit_petition->channel);
  r.channel = t != NULL ? td_terms_name(t, 0) : NULL;
  r.summary = a->summary;
  r.officer = officer ? officer : "";
  if (pdf != NULL) {
    rc = td_receipt_pdf(pdf, &r, TD_PAPER_A5, err, sizeof(err));
    if (rc != 0)
      fprintf(stderr, "tiepdan: %s\n", err);
  } else {
    rc = td_receipt_text(out, &r);
  }
  free(commune);
  free(officer);
  if (hello != NULL)
    tiepdan__envelope__free_unpacked(hello, NULL);
  return rc == 0 ? TD_EXIT_OK : TD_EXIT_INTERNAL;
}

static int submit(const struct td_global_args *g, struct td_submit_args *a)
{
  struct td_call c = {.command = "submit"};
  struct td_submit_req req;
  struct td_client_opts o;
  struct td_session s;
  struct td_outbox *ob = NULL;
  struct td_write w;
  Tiepdan__Envelope *reply;
  char err[512], label[200];
  int code;

  a->summary = td_text_trim(a->summary);
  if (td_cmd_submit_request(a, &req, err, sizeof(err)) != 0)
    return td_call_usage_error("submit", err, usage);
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK && td_outbox_open_default(&o, 0, &ob) != 0)
    code = TD_EXIT_INTERNAL;
  if (code == TD_EXIT_OK) {
    td_call_session_start(&s, &o, a->retries);
    c.key = req.key;
    memset(&w, 0, sizeof(w));
    w.op = "submit";
    w.target = "";
    w.req = &req.env;
    w.key = req.key;
    w.typed = 1;
    w.no_lease = a->key != NULL;
    w.want = TIEPDAN__ENVELOPE__BODY_SUBMIT_REPLY;
    w.call = &c;
    w.label = label;
    w.secret_of = td_write_submit_secret;
    w.sealed_label = _("new petition (sealed: names kept secret)");
    submit_label(a, a->confidential, label, sizeof(label));
    code = td_write_send(&s, ob, &w, &reply);
    if (code == TD_EXIT_OK && reply == NULL) {
      code = print_kept(g, &w);
      if (code == TD_EXIT_OK && a->print && w.receipt_no[0])
        code =
            print_kept_receipt(g->format == TD_FORMAT_TABLE ? stdout : stderr,
                               ob, a, &w, a->print_to);
    } else if (code == TD_EXIT_OK) {
      td_output_set_terms(s.hello ? s.hello->hello_reply : NULL);
      code = print_submitted(g, reply->submit_reply);
      td_output_set_terms(NULL);
      if (code == TD_EXIT_OK && a->print && reply->submit_reply->petition)
        /* csv and json on standard output are for a script to parse:
         * the receipt's text goes beside them, on standard error. */
        code = td_cmd_receipt_print(
            g->format == TD_FORMAT_TABLE ? stdout : stderr, &s,
            reply->submit_reply->petition->id, a->print_to);
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  if (ob != NULL)
    td_outbox_close(ob);
  td_client_config_free(&o);
  return code;
}

/*
 * The guided form: greets the server for its terms, asks the officer for
 * what is missing, and submits once they confirm. A cancelled form sends
 * nothing and ends with TD_EXIT_USAGE.
 */
static int submit_form(const struct td_global_args *g, struct td_submit_args *a)
{
  struct td_call c = {.command = "submit"};
  struct td_client_opts o;
  struct td_session s;
  struct td_form f;
  Tiepdan__Envelope *hello;
  char err[2048];
  int code;
  int r;

  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    td_call_session_start(&s, &o, a->retries);
    code = td_call_exchange(&s, NULL, TIEPDAN__ENVELOPE__BODY_HELLO_REPLY,
                            &hello, &c);
    /* Not kept open while the officer types: submit connects again. */
    td_session_close(&s);
  }
  td_client_config_free(&o);
  if (code != TD_EXIT_OK)
    return code;
  td_form_init(&f, STDIN_FILENO, stdout, hello->hello_reply);
  r = td_form_submit(&f, a, err, sizeof(err));
  if (r == TD_FORM_CONFIRMED)
    code = submit(g, a);
  else {
    if (r == TD_FORM_FAILED)
      fprintf(stderr, "tiepdan: %s\n", err);
    fputs(_("Cancelled: nothing was recorded.\n"), stderr);
    code = TD_EXIT_USAGE;
  }
  td_form_free(&f);
  tiepdan__envelope__free_unpacked(hello, NULL);
  return code;
}

int td_cmd_submit(const struct td_global_args *g)
{
  struct td_submit_args a;
  char *text;
  char err[512];
  int tty;
  int code;

  tty = isatty(STDIN_FILENO);
  if (tty && isatty(STDOUT_FILENO))
    tty = TD_SUBMIT_FORM;
  if (td_cmd_parse_submit(g->argc, g->argv, tty, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("submit", err, usage);
  if (a.help)
    return td_call_print_usage(usage);
  if (a.form)
    return submit_form(g, &a);
  text = NULL;
  if (a.summary_stdin && tty)
    fputs(_("tiepdan: type the summary, then press Ctrl-D\n"), stderr);
  if (a.summary_stdin) {
    text = td_text_read_stdin(_("the summary"), err, sizeof(err));
    if (text == NULL)
      return td_call_usage_error("submit", err, usage);
    a.summary = text;
  }
  code = submit(g, &a);
  free(text);
  return code;
}
