/* Administration: principals and merges, command lines and what prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "test.h"
#include "test_client.h"
#include "lang/lang.h"
#include "net/cert.h"
#include "cmd/admin_principal.h"
#include "cmd/admin_unit.h"
#include "cmd/field.h"
#include "render/output.h"

#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])))

static char err[1024];

/* An officer's certificate (CN=Officer Test, CA:FALSE) and a CA's. */
static const char officer_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBkjCCATigAwIBAgIUJOXuAM0MyfGXWoBo1yTlwDtme4MwCgYIKoZIzj0EAwIw\n"
    "FzEVMBMGA1UEAwwMT2ZmaWNlciBUZXN0MCAXDTI2MTEyMjAyNTM1NVoYDzIxMjYx\n"
    "MDI5MDI1MzU1WjAXMRUwEwYDVQQDDAxPZmZpY2VyIFRlc3QwWTATBgcqhkjOPQIB\n"
    "BggqhkjOPQMBBwNCAARY59pg+b2CwIHBPDH8JGoKZ1K7FRXUhOd1OKAN2x0cxU2P\n"
    "uR5mOOsr7jodj/IQKCsgsD7JDayYqn3SCjrOjlkfo2AwXjAdBgNVHQ4EFgQUFY8J\n"
    "69+OXzf/Mq6V4Qgoz+yrJ6gwHwYDVR0jBBgwFoAUFY8J69+OXzf/Mq6V4Qgoz+yr\n"
    "J6gwDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwCgYIKoZIzj0EAwIDSAAw\n"
    "RQIgNTmmmWYVT60fpaMCii4kuEMabYmAXQG8xAJK7howNk8CIQC+BZePXe39XQPW\n"
    "rpmVrvJvhDV0jW/JpbkEV7MTuDSQVw==\n"
    "-----END CERTIFICATE-----\n";

static const char ca_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBezCCASGgAwIBAgIUNhqGYIyuL1GekuD/e5hzJ42FV/IwCgYIKoZIzj0EAwIw\n"
    "EjEQMA4GA1UEAwwHVGVzdCBDQTAgFw0yNjExMjIwMjUzNTVaGA8yMTI2MTAyOTAy\n"
    "NTM1NVowEjEQMA4GA1UEAwwHVGVzdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
    "A0IABDrw/B18bFXLrPrnILLvx9Wlwd8Nba/T59ylAZr8ESRspJCKirWnwSFw+IRg\n"
    "aiR7cFkhl58JU20j0CHrfxquD8qjUzBRMB0GA1UdDgQWBBSAxfxBKU+RXgBLlaNS\n"
    "VHb/srE2MDAfBgNVHSMEGDAWgBSAxfxBKU+RXgBLlaNSVHb/srE2MDAPBgNVHRMB\n"
    "Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIBKDQW3Tq5FzzDDp955UtSOmb4JA\n"
    "KC8eQRfBmxsedOxaAiEA+siX3Sx8+Bt7EP9iTdubfmwQIf9n1q+F/FMLNgBbJZQ=\n"
    "-----END CERTIFICATE-----\n";

/* Only its armour: what the reader must recognise and never send. */
static const char key_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                              "AAAA\n"
                              "-----END PRIVATE KEY-----\n";

static const char fingerprint_hex[] =
    "399c9b1f12ab17bc421f66c43e53ebe38dc697b21d0f3b613f16e575fb3870b2";

/* Writes text into a fresh temporary file; returns its malloc'd path. */
static char *temp_file(const char *text)
{
  char *path;
  FILE *f;
  int fd;

  path = strdup("/tmp/td_test_admin_XXXXXX");
  fd = mkstemp(path);
  f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  return path;
}

static int parse_add(int argc, char **argv, struct td_principal_add_args *a)
{
  return td_cmd_parse_principal_add(argc, argv, a, err, sizeof(err));
}

static void test_add_needs_cert_role_and_unit(void)
{
  char *no_cert[] = {"--role", "reception", "--unit", "03430"};
  char *no_role[] = {"--cert", "k.crt", "--unit", "03430"};
  char *no_unit[] = {"--cert", "k.crt", "--role", "reception"};
  char *bad_role[] = {"--role", "boss"};
  char *blank_name[] = {"--name", " "};
  char *word[] = {"k.crt"};
  char *global[] = {"--format", "json"};
  char *help[] = {"--help"};
  struct td_principal_add_args a;

  ASSERT_EQ(parse_add(4, no_cert, &a), -1);
  ASSERT_STR_EQ(err, "--cert is required, e.g. --cert hoa.crt");
  ASSERT_EQ(parse_add(4, no_role, &a), -1);
  ASSERT_STR_EQ(err, "--role is required, e.g. --role reception");
  ASSERT_EQ(parse_add(4, no_unit, &a), -1);
  ASSERT_STR_EQ(err, "--unit is required, e.g. --unit 03390");
  ASSERT_EQ(parse_add(2, bad_role, &a), -1);
  ASSERT_STR_EQ(err, "--role must be one of reception, leader, front, "
                     "dashboard, admin, not \"boss\"");
  ASSERT_EQ(parse_add(2, blank_name, &a), -1);
  ASSERT_STR_EQ(err, "--name is empty; write the text after it");
  ASSERT_EQ(parse_add(1, word, &a), -1);
  ASSERT_EQ(parse_add(2, global, &a), -1);
  ASSERT(strstr(err, "is a global option") != NULL);
  ASSERT_EQ(parse_add(1, help, &a), 0);
  ASSERT(a.help);
}

static void test_add_request(void)
{
  char *argv[] = {"--cert", "khun.crt", "--role", "leader",
                  "--unit", "03430",    "--name", "Đèo Văn Khun"};
  char *no_name[] = {"--cert", "khun.crt", "--role", "front", "--unit", "12"};
  struct td_principal_add_args a;
  struct td_principal_add_req r;
  char pem[] = "PEM";

  ASSERT_EQ(parse_add(ARGC(argv), argv, &a), 0);
  ASSERT_STR_EQ(a.cert_file, "khun.crt");
  td_cmd_principal_add_request(&a, pem, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_ADD_PRINCIPAL);
  ASSERT(r.env.add_principal == &r.add);
  ASSERT_STR_EQ(r.add.certificate_pem, "PEM");
  ASSERT(r.add.has_role && r.add.role == TIEPDAN__ROLE__LEADER);
  ASSERT_STR_EQ(r.add.unit_code, "03430");
  ASSERT_STR_EQ(r.add.name, "Đèo Văn Khun");
  /* Without --name the server takes the certificate's CN. */
  ASSERT_EQ(parse_add(ARGC(no_name), no_name, &a), 0);
  td_cmd_principal_add_request(&a, pem, &r);
  ASSERT_NULL(r.add.name);
  ASSERT_EQ(r.add.role, TIEPDAN__ROLE__FRONT);
}

static void test_certificate_is_read_and_reencoded(void)
{
  char *path;
  char *pem;

  path = temp_file(officer_pem);
  pem = td_cert_read_pem(path, err, sizeof(err));
  ASSERT_NOT_NULL(pem);
  ASSERT_STR_EQ(pem, officer_pem);
  free(pem);
  unlink(path);
  free(path);
}

static void test_a_key_beside_the_certificate_is_never_sent(void)
{
  char both[sizeof(key_pem) + sizeof(officer_pem)];
  char *path;
  char *pem;

  snprintf(both, sizeof(both), "%s%s", key_pem, officer_pem);
  path = temp_file(both);
  pem = td_cert_read_pem(path, err, sizeof(err));
  ASSERT_NOT_NULL(pem);
  ASSERT_NULL(strstr(pem, "PRIVATE"));
  ASSERT_STR_EQ(pem, officer_pem);
  free(pem);
  unlink(path);
  free(path);
}

static void test_what_is_not_an_officers_certificate_is_refused(void)
{
  char *key;
  char *text;
  char *ca;

  key = temp_file(key_pem);
  ASSERT_NULL(td_cert_read_pem(key, err, sizeof(err)));
  ASSERT(strstr(err, "holds a private key, not a certificate") != NULL);
  text = temp_file("Nguyễn Thị Hoa, xã Bình Lư\n");
  ASSERT_NULL(td_cert_read_pem(text, err, sizeof(err)));
  ASSERT(strstr(err, "is not a PEM certificate") != NULL);
  ASSERT(strstr(err, text) != NULL);
  ca = temp_file(ca_pem);
  ASSERT_NULL(td_cert_read_pem(ca, err, sizeof(err)));
  ASSERT(strstr(err, "certification authority") != NULL);
  ASSERT_NULL(td_cert_read_pem("/nonexistent/k.crt", err, sizeof(err)));
  ASSERT(strstr(err, "cannot read /nonexistent/k.crt") != NULL);
  ASSERT_NULL(td_cert_read_pem("/tmp", err, sizeof(err)));
  ASSERT(strstr(err, "not a file") != NULL);
  unlink(key);
  unlink(text);
  unlink(ca);
  free(key);
  free(text);
  free(ca);
}

static int parse_revoke(char *w, struct td_principal_revoke_args *a)
{
  char *argv[] = {w};

  return td_cmd_parse_principal_revoke(1, argv, a, err, sizeof(err));
}

static void test_revoke_takes_an_id_or_a_fingerprint(void)
{
  char upper[] = "39:9C:9B:1F:12:AB:17:BC:42:1F:66:C4:3E:53:EB:E3:8D:C6:97:B2:"
                 "1D:0F:3B:61:3F:16:E5:75:FB:38:70:B2";
  char plain[sizeof(fingerprint_hex)];
  char short_fp[sizeof(fingerprint_hex)];
  char *two[] = {"12", "13"};
  struct td_principal_revoke_args a;
  struct td_principal_revoke_req r;

  ASSERT_EQ(parse_revoke("12", &a), 0);
  td_cmd_principal_revoke_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_REVOKE_PRINCIPAL);
  ASSERT_EQ(r.revoke.key_case, TIEPDAN__REVOKE_PRINCIPAL__KEY_ID);
  ASSERT_EQ(r.revoke.id, 12);
  memcpy(plain, fingerprint_hex, sizeof(plain));
  ASSERT_EQ(parse_revoke(plain, &a), 0);
  td_cmd_principal_revoke_request(&a, &r);
  ASSERT_EQ(r.revoke.key_case, TIEPDAN__REVOKE_PRINCIPAL__KEY_FINGERPRINT);
  ASSERT_STR_EQ(r.revoke.fingerprint, fingerprint_hex);
  /* As "openssl x509 -fingerprint -sha256" prints it. */
  ASSERT_EQ(parse_revoke(upper, &a), 0);
  ASSERT_STR_EQ(a.fingerprint, fingerprint_hex);
  /* A fingerprint of digits only is still a fingerprint. */
  memset(plain, '7', 64);
  ASSERT_EQ(parse_revoke(plain, &a), 0);
  ASSERT_EQ(a.id, 0);
  ASSERT_EQ(strlen(a.fingerprint), 64u);
  memcpy(short_fp, fingerprint_hex, sizeof(short_fp));
  short_fp[63] = '\0';
  ASSERT_EQ(parse_revoke(short_fp, &a), -1);
  ASSERT(strstr(err, "64 hex digits") != NULL);
  upper[2] = '-';
  ASSERT_EQ(parse_revoke(upper, &a), -1);
  ASSERT_EQ(parse_revoke("0", &a), -1);
  ASSERT_EQ(parse_revoke("hoa", &a), -1);
  ASSERT_EQ(td_cmd_parse_principal_revoke(2, two, &a, err, sizeof(err)), -1);
  ASSERT_STR_EQ(err, "unexpected argument \"13\"");
  ASSERT_EQ(td_cmd_parse_principal_revoke(0, two, &a, err, sizeof(err)), -1);
  ASSERT(strstr(err, "give the principal's id or fingerprint") != NULL);
}

static void test_list_request(void)
{
  char *argv[] = {"--unit", "03390", "--all"};
  char *none[] = {"--help"};
  char *word[] = {"03390"};
  struct td_principal_list_args a;
  struct td_principal_list_req r;

  ASSERT_EQ(td_cmd_parse_principal_list(3, argv, &a, err, sizeof(err)), 0);
  td_cmd_principal_list_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_LIST_PRINCIPALS);
  ASSERT_STR_EQ(r.list.unit_code, "03390");
  ASSERT(r.list.has_include_revoked && r.list.include_revoked);
  ASSERT_EQ(td_cmd_parse_principal_list(0, none, &a, err, sizeof(err)), 0);
  td_cmd_principal_list_request(&a, &r);
  ASSERT_NULL(r.list.unit_code);
  ASSERT(!r.list.has_include_revoked);
  ASSERT_EQ(td_cmd_parse_principal_list(1, none, &a, err, sizeof(err)), 0);
  ASSERT(a.help);
  ASSERT_EQ(td_cmd_parse_principal_list(1, word, &a, err, sizeof(err)), -1);
}

static int parse_merge(int argc, char **argv, struct td_merge_args *a)
{
  return td_cmd_parse_merge(argc, argv, a, err, sizeof(err));
}

static void test_merge_request(void)
{
  char *argv[] = {"03405",  "03430",      "--into", "03405",
                  "--name", "Xã Tả Lèng", "--on",   "2026-07-01"};
  struct td_merge_args a;
  struct td_merge_req r;

  ASSERT_EQ(parse_merge(ARGC(argv), argv, &a), 0);
  td_cmd_merge_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_MERGE_UNITS);
  ASSERT(r.env.merge_units == &r.merge);
  ASSERT_EQ(r.merge.n_old_codes, 2u);
  ASSERT_STR_EQ(r.merge.old_codes[0], "03405");
  ASSERT_STR_EQ(r.merge.old_codes[1], "03430");
  ASSERT_STR_EQ(r.merge.new_code, "03405");
  ASSERT_STR_EQ(r.merge.new_name, "Xã Tả Lèng");
  ASSERT_STR_EQ(r.merge.on, "2026-07-01");
  /* Typed day first, sent as the server reads it. */
  argv[7] = "1/7/2026";
  ASSERT_EQ(parse_merge(ARGC(argv), argv, &a), 0);
  td_cmd_merge_request(&a, &r);
  ASSERT_STR_EQ(r.merge.on, "2026-07-01");
}

static void test_merge_refuses_what_cannot_be_meant(void)
{
  char *no_old[] = {"--into", "03405", "--on", "2026-07-01"};
  char *no_into[] = {"03405", "03430", "--on", "2026-07-01"};
  char *no_on[] = {"03405", "03430", "--into", "03405"};
  char *short_date[] = {"03405", "--on", "2026-7-1"};
  char *no_day[] = {"03405", "--on", "2026-02-30"};
  char *twice[] = {"03405", "03430", "03405"};
  char *alone[] = {"03405", "--into", "03405", "--on", "2026-07-01"};
  char *blank[] = {"03405", "--into", " "};
  struct td_merge_args a;

  ASSERT_EQ(parse_merge(ARGC(no_old), no_old, &a), -1);
  ASSERT(strstr(err, "give the codes of the units that merge") != NULL);
  ASSERT_EQ(parse_merge(ARGC(no_into), no_into, &a), -1);
  ASSERT_STR_EQ(err, "--into is required, e.g. --into 03405");
  ASSERT_EQ(parse_merge(ARGC(no_on), no_on, &a), -1);
  ASSERT_STR_EQ(err, "--on is required, e.g. --on 2026-07-01");
  ASSERT_EQ(parse_merge(ARGC(short_date), short_date, &a), -1);
  ASSERT_STR_EQ(err, "--on must be the successor's first day, DD/MM/YYYY or "
                     "YYYY-MM-DD, not \"2026-7-1\"");
  ASSERT_EQ(parse_merge(ARGC(no_day), no_day, &a), -1);
  ASSERT(strstr(err, "2026-02-30") != NULL);
  ASSERT_EQ(parse_merge(ARGC(twice), twice, &a), -1);
  ASSERT_STR_EQ(err, "unit 03405 is given twice");
  ASSERT_EQ(parse_merge(ARGC(alone), alone, &a), -1);
  ASSERT(strstr(err, "cannot merge into itself alone") != NULL);
  ASSERT_EQ(parse_merge(ARGC(blank), blank, &a), -1);
}

static void test_merge_takes_at_most_so_many_units(void)
{
  char *argv[TD_MERGE_MAX + 1];
  char codes[TD_MERGE_MAX + 1][8];
  struct td_merge_args a;
  int i;

  for (i = 0; i <= TD_MERGE_MAX; i++) {
    snprintf(codes[i], sizeof(codes[i]), "%05d", 3000 + i);
    argv[i] = codes[i];
  }
  ASSERT_EQ(parse_merge(TD_MERGE_MAX + 1, argv, &a), -1);
  ASSERT(strstr(err, "at most") != NULL);
}

static void test_fields_name_the_admin_options(void)
{
  ASSERT_STR_EQ(
      td_cmd_option_of_field_in("admin principal add", "certificate_pem"),
      "--cert");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("admin principal add", "unit_code"),
                "--unit");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("admin principal add", "role"),
                "--role");
  ASSERT_STR_EQ(
      td_cmd_option_of_field_in("admin principal revoke", "fingerprint"),
      "FINGERPRINT");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("admin unit merge", "new_code"),
                "--into");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("admin unit merge", "new_name"),
                "--name");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("admin unit merge", "old_codes[1]"),
                "OLD");
  ASSERT_STR_EQ(td_cmd_option_of_field_in("admin unit merge", "on"), "--on");
}

static Tiepdan__Unit khun_ha = TIEPDAN__UNIT__INIT;
static Tiepdan__Unit ta_leng = TIEPDAN__UNIT__INIT;

static Tiepdan__Principal principal(int64_t id, const char *name)
{
  Tiepdan__Principal p = TIEPDAN__PRINCIPAL__INIT;

  khun_ha.code = "03430";
  khun_ha.name = "Xã Khun Há";
  khun_ha.level = "commune";
  p.has_id = 1;
  p.id = id;
  p.name = (char *)name;
  p.has_role = 1;
  p.role = TIEPDAN__ROLE__RECEPTION;
  p.unit = &khun_ha;
  p.fingerprint = (char *)fingerprint_hex;
  p.has_created_at = 1;
  p.created_at = 1782889200; /* 2026-07-01 14:00 in Vietnam. */
  return p;
}

static void test_one_principal_in_each_format(void)
{
  Tiepdan__Principal p = principal(7, "Đèo Văn Khun");
  struct capture c;
  char *out;

  vietnam();
  capture_begin(&c);
  ASSERT_EQ(td_output_principal(c.f, TD_FORMAT_TABLE, &p, "registered"), 0);
  out = capture_end(&c);
  ASSERT(strncmp(out, "Principal 7 registered.\n\n", 25) == 0);
  ASSERT(strstr(out, "Name:           Đèo Văn Khun\n") != NULL);
  ASSERT(strstr(out, "Unit:           03430 Xã Khun Há\n") != NULL);
  ASSERT(strstr(out, fingerprint_hex) != NULL);
  ASSERT(strstr(out, "Created:        2026-07-01 14:00\n") != NULL);
  ASSERT(strstr(out, "Revoked:        -\n") != NULL);
  free(out);

  p.has_revoked_at = 1;
  p.revoked_at = 1782892800;
  capture_begin(&c);
  ASSERT_EQ(td_output_principal(c.f, TD_FORMAT_JSON, &p, "revoked"), 0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "{\"id\":7,\"name\":\"Đèo Văn Khun\",\"role\":"
                     "\"reception\",\"unit_code\":\"03430\",\"unit_name\":"
                     "\"Xã Khun Há\",\"unit_level\":\"commune\","
                     "\"fingerprint\":\"399c9b1f12ab17bc421f66c43e53ebe38dc697"
                     "b21d0f3b613f16e575fb3870b2\",\"created_at\":"
                     "\"2026-07-01T14:00:00+07:00\",\"revoked_at\":"
                     "\"2026-07-01T15:00:00+07:00\"}\n");
  free(out);

  capture_begin(&c);
  ASSERT_EQ(td_output_principal(c.f, TD_FORMAT_CSV, &p, NULL), 0);
  out = capture_end(&c);
  ASSERT(strncmp(out,
                 "id,name,role,unit_code,unit_name,unit_level,fingerprint,"
                 "created_at,revoked_at\r\n7,Đèo Văn Khun,reception,03430,",
                 112) == 0);
  free(out);
}

static void test_principal_list_cuts_fingerprints_in_tables_only(void)
{
  Tiepdan__Principal a = principal(7, "Đèo Văn Khun");
  Tiepdan__Principal b = principal(12, "Lò Thị Lan");
  const Tiepdan__Principal *ps[] = {&a, &b};
  struct capture c;
  char *out;

  vietnam();
  b.has_revoked_at = 1;
  b.revoked_at = 1782892800;
  capture_begin(&c);
  ASSERT_EQ(td_output_principals(c.f, TD_FORMAT_TABLE, ps, 2, 0), 0);
  out = capture_end(&c);
  ASSERT(strncmp(out, "ID  NAME          ROLE       UNIT   FINGERPRINT", 47) ==
         0);
  ASSERT(strstr(out, "399c9b1f12ab17bc\xe2\x80\xa6  2026-07-01 14:00  -\n") !=
         NULL);
  ASSERT(strstr(out, "2026-07-01 14:00  2026-07-01 15:00\n") != NULL);
  ASSERT_NULL(strstr(out, fingerprint_hex));
  free(out);

  capture_begin(&c);
  ASSERT_EQ(td_output_principals(c.f, TD_FORMAT_CSV, ps, 2, 0), 0);
  out = capture_end(&c);
  ASSERT(strstr(out, fingerprint_hex) != NULL);
  ASSERT(strstr(out, ",2026-07-01T14:00:00+07:00,\r\n") != NULL);
  free(out);

  capture_begin(&c);
  ASSERT_EQ(td_output_principals(c.f, TD_FORMAT_JSON, ps, 2, 0), 0);
  out = capture_end(&c);
  ASSERT(strncmp(out, "[\n{\"id\":7,", 10) == 0);
  ASSERT(strstr(out, "\"revoked_at\":null}") != NULL);
  ASSERT(strstr(out, "\n]\n") != NULL);
  free(out);

  capture_begin(&c);
  ASSERT_EQ(td_output_principals(c.f, TD_FORMAT_TABLE, ps, 0, 0), 0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "No principals found.\n");
  free(out);
  capture_begin(&c);
  ASSERT_EQ(td_output_principals(c.f, TD_FORMAT_JSON, ps, 0, 0), 0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "[]\n");
  free(out);
}

static void test_merger_in_each_format(void)
{
  Tiepdan__MergeUnitsReply r = TIEPDAN__MERGE_UNITS_REPLY__INIT;
  Tiepdan__Unit old_ta_leng = TIEPDAN__UNIT__INIT;
  Tiepdan__Unit *merged[2];
  struct capture c;
  char *out;

  ta_leng.code = "03405";
  ta_leng.name = "Xã Tả Lèng";
  ta_leng.level = "commune";
  old_ta_leng.code = "03405";
  old_ta_leng.name = "Xã Tả Lèng (trước sáp nhập)";
  principal(1, "x"); /* Fills khun_ha. */
  merged[0] = &old_ta_leng;
  merged[1] = &khun_ha;
  r.unit = &ta_leng;
  r.n_merged = 2;
  r.merged = merged;
  r.has_petitions = 1;
  r.petitions = 3;
  r.has_principals = 1;
  r.principals = 2;

  capture_begin(&c);
  ASSERT_EQ(td_output_merged(c.f, TD_FORMAT_TABLE, &r, "2026-07-01"), 0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "Merged into 03405 Xã Tả Lèng from 2026-07-01.\n"
                     "\n"
                     "Successor:      03405 Xã Tả Lèng\n"
                     "First day:      2026-07-01\n"
                     "Merged:         03405 Xã Tả Lèng (trước sáp nhập)\n"
                     "                03430 Xã Khun Há\n"
                     "Petitions:      3\n"
                     "Principals:     2\n");
  free(out);

  capture_begin(&c);
  ASSERT_EQ(td_output_merged(c.f, TD_FORMAT_CSV, &r, "2026-07-01"), 0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "unit_code,unit_name,unit_level,on,merged,petitions,"
                     "principals\r\n"
                     "03405,Xã Tả Lèng,commune,2026-07-01,03405 03430,3,2\r\n");
  free(out);

  capture_begin(&c);
  ASSERT_EQ(td_output_merged(c.f, TD_FORMAT_JSON, &r, "2026-07-01"), 0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "{\"unit_code\":\"03405\",\"unit_name\":\"Xã Tả Lèng\","
                     "\"unit_level\":\"commune\",\"on\":\"2026-07-01\","
                     "\"merged\":[{\"code\":\"03405\",\"name\":\"Xã Tả Lèng "
                     "(trước sáp nhập)\"},{\"code\":\"03430\",\"name\":\"Xã "
                     "Khun Há\"}],\"petitions\":3,\"principals\":2}\n");
  free(out);
}

static void test_unit_add_tells_the_level_from_the_code(void)
{
  char *argv[] = {"03999", "--name", "Xã Trà Sơn", "--parent", "12"};
  char *village[] = {"03999-01", "--name", "Bản Trà", "--parent", "03999"};
  char *since[] = {"03999", "--name",  "Xã Trà Sơn", "--parent",
                   "12",    "--since", "1/7/2026"};
  char *bad_level[] = {"03999", "--name",  "X",   "--parent",
                       "12",    "--level", "town"};
  char *no_parent[] = {"03999", "--name", "X"};
  struct td_unit_add_args a;
  struct td_unit_add_req r;

  ASSERT_EQ(td_cmd_parse_unit_add(ARGC(argv), argv, &a, err, sizeof(err)), 0);
  ASSERT_STR_EQ(a.level, "commune");
  td_cmd_unit_add_request(&a, &r);
  ASSERT_EQ(r.env.body_case, TIEPDAN__ENVELOPE__BODY_ADD_UNITS);
  ASSERT_EQ(r.add.n_units, 1u);
  ASSERT(!r.add.has_load);
  ASSERT_STR_EQ(r.add.units[0]->code, "03999");
  ASSERT_STR_EQ(r.add.units[0]->name, "Xã Trà Sơn");
  ASSERT_STR_EQ(r.add.units[0]->level, "commune");
  ASSERT_STR_EQ(r.add.units[0]->parent_code, "12");
  ASSERT(r.add.units[0]->since == NULL);
  ASSERT_EQ(td_cmd_parse_unit_add(ARGC(village), village, &a, err, sizeof(err)),
            -1);
  ASSERT(strstr(err, "--level village") != NULL);
  ASSERT_EQ(td_cmd_parse_unit_add(ARGC(since), since, &a, err, sizeof(err)), 0);
  ASSERT_STR_EQ(a.since, "2026-07-01");
  ASSERT_EQ(
      td_cmd_parse_unit_add(ARGC(bad_level), bad_level, &a, err, sizeof(err)),
      -1);
  ASSERT_EQ(
      td_cmd_parse_unit_add(ARGC(no_parent), no_parent, &a, err, sizeof(err)),
      -1);
  ASSERT(strstr(err, "--parent") != NULL);
}

static void test_unit_codes_and_levels(void)
{
  ASSERT_STR_EQ(td_unit_level_parse("xã"), "commune");
  ASSERT_STR_EQ(td_unit_level_parse("tỉnh"), "province");
  ASSERT_STR_EQ(td_unit_level_parse("bản"), "village");
  ASSERT(td_unit_level_parse("town") == NULL);
  ASSERT(td_unit_code_fits("province", "12"));
  ASSERT(!td_unit_code_fits("province", "012"));
  ASSERT(td_unit_code_fits("district", "106"));
  ASSERT(td_unit_code_fits("commune", "03390"));
  ASSERT(!td_unit_code_fits("commune", "0339"));
  ASSERT(!td_unit_code_fits("commune", "0339a"));
  ASSERT(td_unit_code_fits("village", "03390-01"));
  ASSERT(!td_unit_code_fits("village", "bản 1"));
  ASSERT(!td_unit_code_fits("village", ""));
}

static void test_units_file_is_read_with_its_lines(void)
{
  char text[] = "\xef\xbb\xbf"
                "code,name,level,parent\r\n"
                "# comment\n"
                "\n"
                "03999,\"Xã Trà Sơn, mới\",xã,12,01/07/2026\n"
                "03999-01\tBản \"Trà\"\tvillage\t03999";
  struct td_units_file f;

  ASSERT_EQ(td_units_file_parse(text, &f), 0);
  ASSERT_EQ(f.n, 2u);
  ASSERT_STR_EQ(f.entries[0]->code, "03999");
  ASSERT_STR_EQ(f.entries[0]->name, "Xã Trà Sơn, mới");
  ASSERT_STR_EQ(f.entries[0]->level, "commune");
  ASSERT_STR_EQ(f.entries[0]->since, "2026-07-01");
  ASSERT_EQ(f.entries[0]->line, 4u);
  ASSERT_STR_EQ(f.entries[1]->name, "Bản \"Trà\"");
  ASSERT_STR_EQ(f.entries[1]->parent_code, "03999");
  ASSERT(f.entries[1]->since == NULL);
  ASSERT_EQ(f.entries[1]->line, 5u);
  td_units_file_free(&f);
}

static void test_units_file_names_every_wrong_line(void)
{
  char text[] = "0350,Xã A,commune,12\n"
                "03502,,commune,12\n"
                "03503,Xã B,town,12\n"
                "03504,Xã C,commune\n"
                "03505,\"Xã D,commune,12\n"
                "03506,Xã E,commune,12\n"
                "03506,Xã E,commune,12\n"
                "03507,Xã G,commune,1 2\n";
  char many[40 * 8 + 1];
  struct td_units_file f;
  size_t i;

  ASSERT_EQ(td_units_file_parse(text, &f), -1);
  ASSERT_EQ(f.bad, 7u);
  ASSERT(strstr(f.err, "line 1: ") != NULL);
  ASSERT(strstr(f.err, "line 2: the unit 03502 has no name") != NULL);
  ASSERT(strstr(f.err, "line 3: ") != NULL);
  ASSERT(strstr(f.err, "line 4: ") != NULL);
  ASSERT(strstr(f.err, "line 5: ") != NULL);
  ASSERT(strstr(f.err, "line 7: the code 03506 is given a second time "
                       "(first on line 6)") != NULL);
  ASSERT(strstr(f.err, "line 8: \"1 2\" is not a unit's code") != NULL);
  td_units_file_free(&f);
  /* Past so many complaints, only how many more. */
  for (i = 0; i < 40; i++)
    memcpy(many + i * 8, "x,y,z,w\n", 8);
  many[40 * 8] = '\0';
  ASSERT_EQ(td_units_file_parse(many, &f), -1);
  ASSERT_EQ(f.bad, 40u);
  ASSERT(strstr(f.err, "line 20: ") != NULL);
  ASSERT(strstr(f.err, "line 21: ") == NULL);
  ASSERT(strstr(f.err, "and 20 more wrong lines") != NULL);
  td_units_file_free(&f);
  ASSERT_EQ(td_units_file_parse((char[]){"# only\n"}, &f), -1);
  ASSERT(strstr(f.err, "no unit") != NULL);
  td_units_file_free(&f);
}

static void test_units_in_each_format(void)
{
  Tiepdan__UnitEntry u = TIEPDAN__UNIT_ENTRY__INIT;
  Tiepdan__UnitEntry v = TIEPDAN__UNIT_ENTRY__INIT;
  const Tiepdan__UnitEntry *list[2] = {&u, &v};
  Tiepdan__UnitEntry *added[1] = {&u};
  Tiepdan__AddUnitsReply r = TIEPDAN__ADD_UNITS_REPLY__INIT;
  struct capture c;
  char *out;

  u.code = "03999";
  u.name = "Xã Trà Sơn";
  u.level = "commune";
  u.parent_code = "12";
  v.code = "106";
  v.name = "Huyện Tam Đường";
  v.level = "district";
  v.parent_code = "12";
  v.until = "2025-06-30";
  capture_begin(&c);
  ASSERT_EQ(td_output_units(c.f, TD_FORMAT_TABLE, list, 2, 0), 0);
  out = capture_end(&c);
  ASSERT(strstr(out, "03999  commune   12      -      -           "
                     "Xã Trà Sơn") != NULL);
  ASSERT(strstr(out, "2025-06-30") != NULL);
  free(out);
  capture_begin(&c);
  ASSERT_EQ(td_output_units(c.f, TD_FORMAT_JSON, list, 1, 0), 0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "[\n{\"code\":\"03999\",\"name\":\"Xã Trà "
                     "Sơn\",\"level\":\"commune\",\"parent_code\":\"12\","
                     "\"since\":null,\"until\":null}\n]\n");
  free(out);
  r.n_added = 1;
  r.added = added;
  r.has_unchanged = 1;
  r.unchanged = 3;
  capture_begin(&c);
  ASSERT_EQ(
      td_output_units_changed(c.f, TD_FORMAT_TABLE, &r, TD_OUT_UNITS_LOAD), 0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "Added 1, renamed 0, left as is 3.\n"
                     "  added:   03999 Xã Trà Sơn (commune of 12)\n");
  free(out);
  capture_begin(&c);
  ASSERT_EQ(td_output_units_changed(c.f, TD_FORMAT_CSV, &r, TD_OUT_UNITS_LOAD),
            0);
  out = capture_end(&c);
  ASSERT_STR_EQ(out, "action,code,name,level,parent_code,since\r\n"
                     "added,03999,Xã Trà Sơn,commune,12,\r\n");
  free(out);
}

int main(void)
{
  /* Labels and times as an English reader sees them (no catalog here). */
  td_lang_set("en");
  RUN_TEST(test_add_needs_cert_role_and_unit);
  RUN_TEST(test_add_request);
  RUN_TEST(test_certificate_is_read_and_reencoded);
  RUN_TEST(test_a_key_beside_the_certificate_is_never_sent);
  RUN_TEST(test_what_is_not_an_officers_certificate_is_refused);
  RUN_TEST(test_revoke_takes_an_id_or_a_fingerprint);
  RUN_TEST(test_list_request);
  RUN_TEST(test_merge_request);
  RUN_TEST(test_merge_refuses_what_cannot_be_meant);
  RUN_TEST(test_merge_takes_at_most_so_many_units);
  RUN_TEST(test_fields_name_the_admin_options);
  RUN_TEST(test_one_principal_in_each_format);
  RUN_TEST(test_principal_list_cuts_fingerprints_in_tables_only);
  RUN_TEST(test_merger_in_each_format);
  RUN_TEST(test_unit_add_tells_the_level_from_the_code);
  RUN_TEST(test_unit_codes_and_levels);
  RUN_TEST(test_units_file_is_read_with_its_lines);
  RUN_TEST(test_units_file_names_every_wrong_line);
  RUN_TEST(test_units_in_each_format);
  return TEST_EXIT();
}
