/* Where the connection options come from, and the configuration file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "net/config.h"

static char dir[64];

/* A fresh directory for HOME and the files of one test, and an
 * environment without any TIEPDAN_ variable. */
static void fresh(void)
{
  static const char *const vars[] = {"TIEPDAN_SERVER",  "TIEPDAN_CERT",
                                     "TIEPDAN_KEY",     "TIEPDAN_CA",
                                     "TIEPDAN_TIMEOUT", "TIEPDAN_CONFIG"};
  size_t i;

  for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
    unsetenv(vars[i]);
  snprintf(dir, sizeof(dir), "/tmp/td_test_config.XXXXXX");
  if (mkdtemp(dir) == NULL)
    abort();
  setenv("HOME", dir, 1);
}

static void cleanup(void)
{
  char cmd[128];

  snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
  if (system(cmd) != 0)
    abort();
}

/* Writes text to dir/name and returns the path in a static buffer. */
static const char *write_file(const char *name, const char *text)
{
  static char path[256];
  char cmd[512];
  FILE *f;

  snprintf(path, sizeof(path), "%s/%s", dir, name);
  snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname %s)\"", path);
  if (system(cmd) != 0)
    abort();
  f = fopen(path, "w");
  if (f == NULL)
    abort();
  fputs(text, f);
  fclose(f);
  return path;
}

static void test_file_keys_comments_and_spaces(void)
{
  struct td_client_opts o;
  char err[256];
  const char *path;

  fresh();
  memset(&o, 0, sizeof(o));
  path = write_file("c.conf", "# tiepdan\n"
                              "\n"
                              "  server =  tiepdan.example.vn:7443  \n"
                              "ca=/etc/tiepdan/ca.crt # the commune's CA\n"
                              "timeout = 12\r\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), 0);
  ASSERT_STR_EQ(o.server, "tiepdan.example.vn:7443");
  ASSERT_STR_EQ(o.ca, "/etc/tiepdan/ca.crt");
  ASSERT_EQ(o.timeout_ms, 12000);
  ASSERT_NULL(o.cert);
  td_client_config_free(&o);
  cleanup();
}

static void test_file_paths_are_relative_to_the_file(void)
{
  struct td_client_opts o;
  char err[256];
  char want[256];
  const char *path;

  fresh();
  memset(&o, 0, sizeof(o));
  path = write_file("etc/client.conf", "cert = pki/officer.crt\n"
                                       "key = officer.key\n"
                                       "server = relative/not/a/path:1\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), 0);
  snprintf(want, sizeof(want), "%s/etc/pki/officer.crt", dir);
  ASSERT_STR_EQ(o.cert, want);
  snprintf(want, sizeof(want), "%s/etc/officer.key", dir);
  ASSERT_STR_EQ(o.key, want);
  ASSERT_STR_EQ(o.server, "relative/not/a/path:1");
  td_client_config_free(&o);
  cleanup();
}

static void test_file_unknown_key_names_file_and_line(void)
{
  struct td_client_opts o;
  char err[256];
  char want[256];
  const char *path;

  fresh();
  memset(&o, 0, sizeof(o));
  path = write_file("c.conf", "server = a:1\n# comment\nsevrer = b:2\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), TD_EUSAGE);
  snprintf(want, sizeof(want), "%s:3: unknown key \"sevrer\"", path);
  ASSERT(strncmp(err, want, strlen(want)) == 0);
  td_client_config_free(&o);
  cleanup();
}

static void test_file_malformed_lines(void)
{
  struct td_client_opts o;
  char err[256];
  const char *path;

  fresh();
  memset(&o, 0, sizeof(o));
  path = write_file("a.conf", "server a:1\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strstr(err, "a.conf:1: expected") != NULL);
  path = write_file("b.conf", "server =\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strstr(err, "b.conf:1: server has no value") != NULL);
  path = write_file("c.conf", "\n\ntimeout = soon\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strstr(err, "c.conf:3: timeout must be") != NULL);
  td_client_config_free(&o);
  cleanup();
}

static void test_file_may_start_with_a_byte_order_mark(void)
{
  struct td_client_opts o;
  char err[256];
  const char *path;

  fresh();
  memset(&o, 0, sizeof(o));
  path = write_file("c.conf", "\xef\xbb\xbfserver = a:1\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), 0);
  ASSERT_STR_EQ(o.server, "a:1");
  td_client_config_free(&o);
  cleanup();
}

static void test_flags_beat_environment_beats_file(void)
{
  struct td_client_flags f;
  struct td_client_opts o;
  char err[256];

  fresh();
  memset(&f, 0, sizeof(f));
  f.config = (char *)write_file("c.conf", "server = file:1\n"
                                          "cert = /f/cert\n"
                                          "key = /f/key\n"
                                          "ca = /f/ca\n"
                                          "timeout = 7\n");
  setenv("TIEPDAN_SERVER", "env:2", 1);
  setenv("TIEPDAN_CERT", "/e/cert", 1);
  setenv("TIEPDAN_TIMEOUT", "8", 1);
  f.server = "flag:3";
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), 0);
  ASSERT_STR_EQ(o.server, "flag:3");
  ASSERT_STR_EQ(o.cert, "/e/cert");
  ASSERT_STR_EQ(o.key, "/f/key");
  ASSERT_STR_EQ(o.ca, "/f/ca");
  ASSERT_EQ(o.timeout_ms, 8000);
  td_client_config_free(&o);
  cleanup();
}

static void test_empty_environment_variable_counts_as_unset(void)
{
  struct td_client_flags f;
  struct td_client_opts o;
  char err[256];

  fresh();
  memset(&f, 0, sizeof(f));
  f.cert = "c.crt";
  f.key = "c.key";
  f.config = (char *)write_file("c.conf", "server = file:1\n");
  setenv("TIEPDAN_SERVER", "", 1);
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), 0);
  ASSERT_STR_EQ(o.server, "file:1");
  td_client_config_free(&o);
  cleanup();
}

static void test_config_file_from_environment_then_home(void)
{
  struct td_client_flags f;
  struct td_client_opts o;
  char err[256];

  fresh();
  memset(&f, 0, sizeof(f));
  f.cert = "c.crt";
  f.key = "c.key";
  write_file(".config/tiepdan/client.conf", "server = home:1\n");
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), 0);
  ASSERT_STR_EQ(o.server, "home:1");
  td_client_config_free(&o);
  setenv("TIEPDAN_CONFIG", write_file("other.conf", "server = env:1\n"), 1);
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), 0);
  ASSERT_STR_EQ(o.server, "env:1");
  td_client_config_free(&o);
  f.config = (char *)write_file("flag.conf", "server = flag:1\n");
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), 0);
  ASSERT_STR_EQ(o.server, "flag:1");
  td_client_config_free(&o);
  cleanup();
}

static void test_named_config_file_must_exist(void)
{
  struct td_client_flags f;
  struct td_client_opts o;
  char err[256];

  fresh();
  memset(&f, 0, sizeof(f));
  f.config = "/nonexistent/tiepdan.conf";
  f.server = "a:1";
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strstr(err, "/nonexistent/tiepdan.conf (from --config)") != NULL);
  td_client_config_free(&o);
  cleanup();
}

static void test_server_is_required_and_timeout_defaults(void)
{
  struct td_client_flags f;
  struct td_client_opts o;
  char err[256];

  fresh();
  memset(&f, 0, sizeof(f));
  f.config = (char *)write_file("empty.conf", "# nothing\n");
  f.cert = "c.crt";
  f.key = "c.key";
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strstr(err, "no server given") != NULL);
  td_client_config_free(&o);
  f.server = "a:1";
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), 0);
  ASSERT_EQ(o.timeout_ms, TD_CLIENT_TIMEOUT_DEFAULT * 1000);
  ASSERT_NULL(o.ca);
  td_client_config_free(&o);
  cleanup();
}

static void test_certificate_and_key_are_required_together(void)
{
  struct td_client_flags f;
  struct td_client_opts o;
  char err[256];

  fresh();
  memset(&f, 0, sizeof(f));
  f.config = (char *)write_file("empty.conf", "");
  f.server = "a:1";
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strncmp(err, "no certificate given: use --cert FILE --key FILE", 48) ==
         0);
  td_client_config_free(&o);
  f.cert = "c.crt";
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strncmp(err, "--cert and --key go together", 28) == 0);
  td_client_config_free(&o);
  cleanup();
}

static void test_bad_timeouts_are_refused(void)
{
  struct td_client_flags f;
  struct td_client_opts o;
  char err[256];

  fresh();
  memset(&f, 0, sizeof(f));
  f.config = (char *)write_file("empty.conf", "");
  f.server = "a:1";
  f.cert = "c.crt";
  f.key = "c.key";
  f.timeout = "0";
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strstr(err, "--timeout must be") != NULL);
  td_client_config_free(&o);
  f.timeout = NULL;
  setenv("TIEPDAN_TIMEOUT", "30s", 1);
  ASSERT_EQ(td_client_config_resolve(&f, &o, err, sizeof(err)), TD_EUSAGE);
  ASSERT(strstr(err, "TIEPDAN_TIMEOUT must be") != NULL);
  td_client_config_free(&o);
  cleanup();
}

/* How many receipt numbers a workstation keeps leased for offline
 * receipts (issue 13): 1 to 1000, anything else refused naming the line. */
static void test_offline_receipts(void)
{
  static const char *const bad[] = {"0", "1001", "-5", "many", "10x"};
  struct td_client_opts o;
  char err[256];
  const char *path;
  size_t i;

  fresh();
  memset(&o, 0, sizeof(o));
  path = write_file("r.conf", "offline_receipts = 300\n");
  ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), 0);
  ASSERT_EQ(o.offline_receipts, 300);
  td_client_config_free(&o);
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    char text[64];

    memset(&o, 0, sizeof(o));
    snprintf(text, sizeof(text), "\noffline_receipts = %s\n", bad[i]);
    path = write_file("r.conf", text);
    ASSERT_EQ(td_client_config_read(path, &o, err, sizeof(err)), TD_EUSAGE);
    ASSERT(strstr(err, "r.conf:2: offline_receipts must be") != NULL);
    ASSERT_EQ(o.offline_receipts, 0);
    td_client_config_free(&o);
  }
  cleanup();
}

int main(void)
{
  RUN_TEST(test_file_keys_comments_and_spaces);
  RUN_TEST(test_file_paths_are_relative_to_the_file);
  RUN_TEST(test_file_unknown_key_names_file_and_line);
  RUN_TEST(test_file_malformed_lines);
  RUN_TEST(test_file_may_start_with_a_byte_order_mark);
  RUN_TEST(test_flags_beat_environment_beats_file);
  RUN_TEST(test_empty_environment_variable_counts_as_unset);
  RUN_TEST(test_config_file_from_environment_then_home);
  RUN_TEST(test_named_config_file_must_exist);
  RUN_TEST(test_server_is_required_and_timeout_defaults);
  RUN_TEST(test_certificate_and_key_are_required_together);
  RUN_TEST(test_bad_timeouts_are_refused);
  RUN_TEST(test_offline_receipts);
  return TEST_EXIT();
}
