/*
 * tiepdan admin rules list [--on DATE]: the deadline rules in force on a
 * day, with their periods and legal sources, as officers name them. Every
 * registered officer may run it (the rules are public law); it sits under
 * admin with the calendar's other tasks.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/admin.h"
#include "cmd/call.h"
#include "common/utf8.h"
#include "input/args.h"
#include "input/datetime.h"
#include "input/opt.h"
#include "render/format.h"
#include "render/terms.h"

enum { O_HELP = 1, O_ON };

static const char usage[] =
    "Usage: tiepdan [GLOBAL OPTIONS] admin rules list [--on DD/MM/YYYY]\n"
    "\n"
    "In các quy định về thời hạn đang áp dụng vào một ngày (mặc định: hôm\n"
    "nay): với mỗi loại đơn, thời hạn thụ lý và thời hạn giải quyết, tính\n"
    "theo ngày hay ngày làm việc, thời hạn ở vùng sâu, vùng xa và với vụ\n"
    "việc phức tạp, số lần được gia hạn, thời gian hiệu lực và căn cứ pháp\n"
    "lý. Một thời hạn tính theo quy định có hiệu lực vào ngày bắt đầu tính\n"
    "(ngày nhận đơn cho thụ lý, ngày thụ lý cho giải quyết), nên đơn nhận\n"
    "trước ngày quy định mới có hiệu lực vẫn theo quy định cũ.\n"
    "\n"
    "  --on DD/MM/YYYY    ngày cần xem, hoặc YYYY-MM-DD (mặc định: hôm nay)\n"
    "\n"
    "Mọi cán bộ có chứng thư đã đăng ký đều xem được.\n";

static const struct td_opt rules_opts[] = {
    {"help", 0, O_HELP},
    {"on", 1, O_ON},
    {NULL, 0, 0},
};

struct rules_args {
  char *on; /* NULL: today, as the server counts it; else on_iso. */
  char on_iso[TD_DAY_LEN];
  int help;
};

static int rules_opt(void *ctx, int id, char *v, char *err, size_t errlen)
{
  struct rules_args *a = ctx;
  td_day day;

  if (id == O_HELP) {
    a->help = 1;
    return 0;
  }
  if (td_datetime_parse_date(v, &day) != 0)
    return td_opt_bad_value(
        "--on", v, "một ngày dạng DD/MM/YYYY hoặc YYYY-MM-DD", err, errlen);
  td_day_format(day, a->on_iso);
  a->on = a->on_iso;
  return 0;
}

/* A label padded to one column for every rule, counted in characters on
 * the screen, not bytes. */
#define LABEL_WIDTH 29

static void put_label(FILE *f, const char *label)
{
  size_t w = td_utf8_width(label);

  fprintf(f, "  %s", label);
  for (; w < LABEL_WIDTH; w++)
    fputc(' ', f);
}

/* "10 ngày" or "7 ngày làm việc". */
static void put_days(FILE *f, int days, int working)
{
  fprintf(f, "%d %s", days, working ? "ngày làm việc" : "ngày");
}

/* A period the rule may leave at 0, meaning "the same as the plain one". */
static void put_period(FILE *f, const char *label, int days, int plain,
                       int working)
{
  put_label(f, label);
  put_days(f, days != 0 ? days : plain, working);
  fputs(days != 0 ? "\n" : " (như thời hạn chung)\n", f);
}

static void put_rule_table(FILE *f, const Tiepdan__HelloReply *h,
                           const Tiepdan__DeadlineRule *r)
{
  const Tiepdan__Term *kind = td_terms_find(h, TD_TERMS_KIND, r->kind);
  int accept = r->step != NULL && strcmp(r->step, "accept") == 0;

  fputc('\n', f);
  td_output_clean(f, kind != NULL ? td_terms_name(kind, 0) : r->kind);
  fputs(accept ? " — Thời hạn thụ lý (từ ngày nhận đơn)\n"
               : " — Thời hạn giải quyết (từ ngày thụ lý)\n",
        f);
  put_label(f, "Thời hạn:");
  put_days(f, r->days, r->working_days);
  fputc('\n', f);
  put_period(f, "Vùng sâu, vùng xa:", r->remote_days, r->days, r->working_days);
  put_period(f, "Vụ việc phức tạp:", r->complex_days, r->days, r->working_days);
  put_period(f, "Phức tạp, vùng sâu, vùng xa:", r->remote_complex_days,
             r->complex_days != 0 ? r->complex_days : r->days, r->working_days);
  put_label(f, "Gia hạn:");
  if (r->max_extensions == 0)
    fputs("không\n", f);
  else
    fprintf(f, "tối đa %d lần, mỗi lần %d ngày%s\n", r->max_extensions,
            r->extension_days,
            r->max_extensions > 1
                ? "; từ lần thứ hai chỉ khi vụ việc đặc biệt phức tạp"
                : "");
  put_label(f, "Hiệu lực:");
  fprintf(f, "từ %s", r->effective_from ? r->effective_from : "?");
  if (r->effective_to != NULL)
    fprintf(f, " đến hết %s", r->effective_to);
  fputc('\n', f);
  put_label(f, "Căn cứ:");
  td_output_clean(f, r->source != NULL ? r->source : "(không ghi)");
  fputc('\n', f);
}

/* csv and json carry the wire's names, as every other command's do. */
static const char csv_header[] =
    "id,kind,step,working_days,days,remote_days,complex_days,"
    "remote_complex_days,max_extensions,extension_days,effective_from,"
    "effective_to,source\r\n";

static void put_rule_csv(FILE *f, const Tiepdan__DeadlineRule *r)
{
  fprintf(f, "%d,", r->id);
  td_output_csv_field(f, r->kind);
  fputc(',', f);
  td_output_csv_field(f, r->step);
  fprintf(f, ",%s,%d,%d,%d,%d,%d,%d,", r->working_days ? "true" : "false",
          r->days, r->remote_days, r->complex_days, r->remote_complex_days,
          r->max_extensions, r->extension_days);
  td_output_csv_field(f, r->effective_from);
  fputc(',', f);
  td_output_csv_field(f, r->effective_to);
  fputc(',', f);
  td_output_csv_field(f, r->source);
  fputs("\r\n", f);
}

static void put_rule_json(FILE *f, const Tiepdan__DeadlineRule *r)
{
  fprintf(f, "{\"id\":%d,\"kind\":", r->id);
  td_output_json_string(f, r->kind);
  fputs(",\"step\":", f);
  td_output_json_string(f, r->step);
  fprintf(f,
          ",\"working_days\":%s,\"days\":%d,\"remote_days\":%d,"
          "\"complex_days\":%d,\"remote_complex_days\":%d,"
          "\"max_extensions\":%d,\"extension_days\":%d,\"effective_from\":",
          r->working_days ? "true" : "false", r->days, r->remote_days,
          r->complex_days, r->remote_complex_days, r->max_extensions,
          r->extension_days);
  td_output_json_string(f, r->effective_from);
  fputs(",\"effective_to\":", f);
  td_output_json_string(f, r->effective_to);
  fputs(",\"source\":", f);
  td_output_json_string(f, r->source);
  fputc('}', f);
}

static int print_rules(FILE *f, enum td_format fmt,
                       const Tiepdan__HelloReply *h,
                       const Tiepdan__RulesReply *r)
{
  size_t i;

  if (fmt == TD_FORMAT_CSV) {
    fputs(csv_header, f);
    for (i = 0; i < r->n_rules; i++)
      put_rule_csv(f, r->rules[i]);
  } else if (fmt == TD_FORMAT_JSON) {
    fputs("{\"on\":", f);
    td_output_json_string(f, r->on);
    fputs(",\"rules\":[", f);
    for (i = 0; i < r->n_rules; i++) {
      if (i > 0)
        fputc(',', f);
      put_rule_json(f, r->rules[i]);
    }
    fputs("]}\n", f);
  } else {
    fprintf(f, "Quy định về thời hạn áp dụng ngày %s\n",
            r->on != NULL ? r->on : "?");
    for (i = 0; i < r->n_rules; i++)
      put_rule_table(f, h, r->rules[i]);
    if (r->n_rules == 0)
      fputs("\nKhông có quy định nào áp dụng vào ngày này.\n", f);
  }
  return ferror(f) ? -1 : 0;
}

int td_cmd_admin_rules_list(const struct td_global_args *g, int argc,
                            char **argv)
{
  static const struct td_call c = {.command = "admin rules list"};
  static const Tiepdan__Envelope env_init = TIEPDAN__ENVELOPE__INIT;
  static const Tiepdan__ListRules list_init = TIEPDAN__LIST_RULES__INIT;
  Tiepdan__Envelope env = env_init;
  Tiepdan__ListRules list = list_init;
  Tiepdan__Envelope *reply;
  struct td_client_opts o;
  struct td_session s;
  struct rules_args a;
  char err[512];
  int code;

  memset(&a, 0, sizeof(a));
  if (td_cmd__scan(argc, argv, rules_opts, rules_opt, &a, err, sizeof(err)) !=
      0)
    return td_call_usage_error("admin rules list", err, usage);
  if (a.help)
    return td_call_print_usage(usage);
  list.on = a.on;
  env.body_case = TIEPDAN__ENVELOPE__BODY_LIST_RULES;
  env.list_rules = &list;
  code = td_call_resolve(g, &o);
  if (code == TD_EXIT_OK) {
    /* Reading changes nothing: safe to retry. */
    td_call_session_start(&s, &o, TD_CALL_RETRIES_DEFAULT);
    code = td_call_exchange(&s, &env, TIEPDAN__ENVELOPE__BODY_RULES_REPLY,
                            &reply, &c);
    if (code == TD_EXIT_OK) {
      code = td_call_finish_output(print_rules(
          stdout, g->format, s.hello != NULL ? s.hello->hello_reply : NULL,
          reply->rules_reply));
      tiepdan__envelope__free_unpacked(reply, NULL);
    }
    td_session_close(&s);
  }
  td_client_config_free(&o);
  return code;
}
