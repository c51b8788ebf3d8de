/* tiepdan receipt: the citizen's receipt; see receipt.h. */
#include "cmd/receipt.h"

#include <stdio.h>
#include <string.h>

#include "cmd/builtin.h"
#include "cmd/call.h"
#include "input/args.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "render/terms.h"

enum { O_HELP = 1, O_PDF, O_PAPER, O_TEXT };

static const char usage[] = N_(
    "Usage: tiepdan [GLOBAL OPTIONS] receipt ID|RECEIPT [--pdf FILE]\n"
    "                                [--paper a5|a4] [--text]\n"
    "\n"
    "Prints the receipt (giấy biên nhận đơn, kiêm phiếu hẹn) to hand to the\n"
    "citizen: the commune, the receipt number, when the petition was\n"
    "received, the citizen's name, its kind and summary, what happens next\n"
    "and by when, your name, and room for both to sign. The receipt is in\n"
    "Vietnamese whatever your language, because it is for the citizen. The\n"
    "citizen's name is printed only when your role may read it; otherwise\n"
    "the receipt says it is kept secret.\n"
    "\n"
    "  --pdf FILE      write the receipt as a PDF to FILE, to print\n"
    "  --paper a5|a4   the PDF's paper size: a5 (the default) or a4\n"
    "  --text          with --pdf, also print the text on standard output\n"
    "\n"
    "Without --pdf the receipt is printed as plain text on standard output,\n"
    "72 columns wide, for a simple printer.\n");

static const struct td_opt receipt_opts[] = {
    {"help", 0, O_HELP}, {"pdf", 1, O_PDF}, {"paper", 1, O_PAPER},
    {"text", 0, O_TEXT}, {NULL, 0, 0},
};

static int parse_paper(const char *v, enum td_paper *paper, char *err,
                       size_t errlen)
{
  if (strcmp(v, "a5") == 0 || strcmp(v, "A5") == 0) {
    *paper = TD_PAPER_A5;
    return 0;
  }
  if (strcmp(v, "a4") == 0 || strcmp(v, "A4") == 0) {
    *paper = TD_PAPER_A4;
    return 0;
  }
  return td_opt_bad_value("--paper", v, _("a5 or a4"), err, errlen);
}

int td_cmd_parse_receipt(int argc, char **argv, struct td_receipt_args *a,
                         char *err, size_t errlen)
{
  struct td_args args;
  int id, paper_given = 0;

  memset(a, 0, sizeof(*a));
  a->paper = TD_PAPER_A5;
  td_args_init(&args, argc, argv);
  for (;;) {
    id = td_cmd__next(&args, receipt_opts, err, errlen);
    if (id == TD_ARGS_END)
      break;
    if (id == TD_ARGS_ERROR)
      return -1;
    if (id == O_HELP) {
      a->help = 1;
    } else if (id == O_PDF) {
      a->pdf = args.value;
    } else if (id == O_PAPER) {
      if (parse_paper(args.value, &a->paper, err, errlen) != 0)
        return -1;
      paper_given = 1;
    } else if (id == O_TEXT) {
      a->text = 1;
    } else if (a->ref != NULL) {
      return td_opt_extra_word(args.value, err, errlen);
    } else {
      a->ref = args.value;
    }
  }
  if (a->help)
    return 0;
  if (paper_given && a->pdf == NULL) {
    snprintf(err, errlen, "%s",
             _("--paper is the size of the PDF: give --pdf FILE too"));
    return -1;
  }
  return td_opt_check_ref(a->ref, "receipt", err, errlen);
}

/* The name of code in vocabulary, in Vietnamese whatever the officer
 * reads: the receipt is the citizen's. */
static const char *term_vi(const Tiepdan__HelloReply *h, const char *vocabulary,
                           const char *code)
{
  const Tiepdan__Term *t;

  if (code == NULL || code[0] == '\0')
    return NULL;
  t = td_terms_find(h, vocabulary, code);
  return t != NULL ? td_terms_name(t, 0) : code;
}

static void fill(struct td_receipt *r, const Tiepdan__ReceiptReply *rr,
                 const Tiepdan__HelloReply *h)
{
  const Tiepdan__Petition *p = rr->petition;

  memset(r, 0, sizeof(*r));
  r->province = rr->province != NULL ? rr->province->name : NULL;
  r->commune = p->unit != NULL && p->unit->name != NULL ? p->unit->name : "";
  r->receipt_no = p->receipt_no != NULL ? p->receipt_no : "";
  r->received_at = p->received_at;
  r->withheld = p->has_redacted && p->redacted;
  r->citizen = p->petitioner != NULL ? p->petitioner->name : NULL;
  r->kind = term_vi(h, TD_TERMS_KIND, p->kind);
  r->channel = term_vi(h, TD_TERMS_CHANNEL, p->channel);
  r->summary = p->summary;
  r->deadline = p->deadline != NULL && p->deadline[0] ? p->deadline : NULL;
  r->step = p->deadline_step;
  r->officer = h != NULL ? h->principal_name : NULL;
}

/* NOT_FOUND in the officer's words: the id or number is wrong, or the
 * petition is not of their area (the server tells the two apart for no
 * one). Other errors are judged as every command's. */
static int judge(Tiepdan__Envelope **reply, const char *ref,
                 const struct td_call *c)
{
  const Tiepdan__Error *e = (*reply)->body_case == TIEPDAN__ENVELOPE__BODY_ERROR
                                ? (*reply)->error
                                : NULL;

  if (e != NULL && e->code == TIEPDAN__ERROR_CODE__NOT_FOUND) {
    fprintf(stderr,
            _("tiepdan: no petition %s in your area: check the id or "
              "the receipt number\n"),
            ref);
    tiepdan__envelope__free_unpacked(*reply, NULL);
    *reply = NULL;
    return TD_EXIT_REFUSED;
  }
  return td_call_judge(reply, TIEPDAN__ENVELOPE__BODY_RECEIPT_REPLY, c);
}

static int render(FILE *out, const struct td_receipt *r, const char *pdf,
                  enum td_paper paper, int text)
{
  char err[512];
  int code = TD_EXIT_OK;

  if (pdf != NULL && td_receipt_pdf(pdf, r, paper, err, sizeof(err)) != 0) {
    fprintf(stderr, _("tiepdan: cannot write the receipt: %s\n"), err);
    return TD_EXIT_INTERNAL;
  }
  if (pdf == NULL || text) {
    code = td_receipt_text(out, r);
    code = out == stdout                   ? td_call_finish_output(code)
           : code == 0 && fflush(out) == 0 ? TD_EXIT_OK
                                           : TD_EXIT_INTERNAL;
  }
  if (code == TD_EXIT_OK && pdf != NULL)
    fprintf(stderr, _("tiepdan: receipt %s written to %s\n"), r->receipt_no,
            pdf);
  return code;
}

/* Asks for the receipt of env's petition on s and prints it, as text on
 * out. */
static int fetch_and_print(FILE *out, struct td_session *s,
                           Tiepdan__Envelope *env, const char *ref,
                           const char *pdf, enum td_paper paper, int text)
{
  struct td_call c = {.command = "receipt"};
  Tiepdan__Envelope *reply;
  struct td_receipt r;
  char err[1024];
  int code;

  c.unknown = _("this server does not print receipts yet: it is older than "
                "this client; ask your administrator to update it");
  code = td_session_call(s, env, &reply, err, sizeof(err));
  if (code != 0)
    return td_call_conn_failed(code, err, s, &c);
  code = judge(&reply, ref, &c);
  if (code != TD_EXIT_OK)
    return code;
  if (reply->receipt_reply->petition == NULL) {
    code = td_call_internal(_("the server's answer holds no petition"));
  } else {
    fill(&r, reply->receipt_reply,
         s->hello != NULL ? s->hello->hello_reply : NULL);
    code = render(out, &r, pdf, paper, text);
  }
  tiepdan__envelope__free_unpacked(reply, NULL);
  return code;
}

int td_cmd_receipt_print(FILE *out, struct td_session *s, int64_t id,
                         const char *pdf)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__GetReceipt get = TIEPDAN__GET_RECEIPT__INIT;
  char ref[24];

  get.key_case = TIEPDAN__GET_RECEIPT__KEY_ID;
  get.id = id;
  env.body_case = TIEPDAN__ENVELOPE__BODY_GET_RECEIPT;
  env.get_receipt = &get;
  snprintf(ref, sizeof(ref), "%lld", (long long)id);
  /* Apart from what submit printed above it. */
  if (pdf == NULL)
    fputc('\n', out);
  return fetch_and_print(out, s, &env, ref, pdf, TD_PAPER_A5, 0);
}

int td_cmd_receipt(const struct td_global_args *g)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__GetReceipt get = TIEPDAN__GET_RECEIPT__INIT;
  struct td_receipt_args a;
  struct td_client_opts o;
  struct td_session s;
  char err[512];
  int code;

  if (td_cmd_parse_receipt(g->argc, g->argv, &a, err, sizeof(err)) != 0)
    return td_call_usage_error("receipt", err, _(usage));
  if (a.help)
    return td_call_print_usage(_(usage));
  if (td_opt_ref_id(a.ref, &get.id)) {
    get.key_case = TIEPDAN__GET_RECEIPT__KEY_ID;
  } else {
    get.key_case = TIEPDAN__GET_RECEIPT__KEY_RECEIPT_NO;
    get.receipt_no = a.ref;
  }
  env.body_case = TIEPDAN__ENVELOPE__BODY_GET_RECEIPT;
  env.get_receipt = &get;
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    td_call_session_start(&s, &o, TD_CALL_RETRIES_DEFAULT);
    code = fetch_and_print(stdout, &s, &env, a.ref, a.pdf, a.paper, a.text);
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}
