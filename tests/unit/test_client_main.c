/*
 * The table of commands (client/main.c), through the program itself: its
 * main usage names every command, and sends an unknown one back to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "test.h"

/* Runs tiepdan with args, its standard error joined to standard output;
 * returns what it printed (malloc'd) and its exit status in *status. */
static char *run(const char *args, int *status)
{
  char cmd[1024];
  char *out;
  size_t len;
  size_t n;
  FILE *p;
  int rc;

  /* The English source wording; tests/i18n/ checks the Vietnamese. */
  snprintf(cmd, sizeof(cmd), "TIEPDAN_LANG=en '%s' %s 2>&1", TD_CLIENT_BIN,
           args);
  p = popen(cmd, "r");
  if (p == NULL)
    return NULL;
  out = malloc(1 << 16);
  len = 0;
  while (out != NULL && len < (1 << 16) - 1) {
    n = fread(out + len, 1, (1 << 16) - 1 - len, p);
    if (n == 0)
      break;
    len += n;
  }
  rc = pclose(p);
  *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  if (out != NULL)
    out[len] = '\0';
  return out;
}

static void test_the_main_usage_names_every_command(void)
{
  static const char *const names[] = {
      "whoami", "submit",  "show",     "list",   "history", "stats",
      "report", "watch",   "changes",  "accept", "reject",  "transfer",
      "start",  "resolve", "withdraw", "reopen", "extend",  "note"};
  char *help;
  size_t i;
  int status;

  help = run("--help", &status);
  ASSERT_NOT_NULL(help);
  ASSERT_EQ(status, 0);
  for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    ASSERT(strstr(help, names[i]) != NULL);
  ASSERT(strstr(help, "history") != NULL);
  ASSERT(strstr(help, "session open|close|list") != NULL);
  ASSERT(strstr(help, "admin holidays load YEAR FILE") != NULL);
  ASSERT(strstr(help, "admin principal add|revoke|list") != NULL);
  ASSERT(strstr(help, "admin unit merge OLD... --into NEW --on DATE") != NULL);
  free(help);
}

static void test_an_unknown_command_is_a_usage_error(void)
{
  char *out;
  int status;

  out = run("frobnicate", &status);
  ASSERT_NOT_NULL(out);
  ASSERT_EQ(status, 2);
  ASSERT(
      strncmp(out, "tiepdan: unknown command \"frobnicate\"\n\nUsage: ",
              strlen("tiepdan: unknown command \"frobnicate\"\n\nUsage: ")) ==
      0);
  free(out);
}

int main(void)
{
  RUN_TEST(test_the_main_usage_names_every_command);
  RUN_TEST(test_an_unknown_command_is_a_usage_error);
  return TEST_EXIT();
}
