/*
 * The guided form of submit (cmd/form.h) at a real pseudo-terminal: the
 * answers are queued on its master side as an officer types them, lines and
 * Ctrl-D included, and the form reads them from the terminal side.
 */
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "test.h"
#include "test_client.h"
#include "cmd/form.h"
#include "cmd/submit.h"
#include "lang/lang.h"

static Tiepdan__Term terms[] = {
    {PROTOBUF_C_MESSAGE_INIT(&tiepdan__term__descriptor), "kind", "complaint",
     "Khiếu nại", "Complaint"},
    {PROTOBUF_C_MESSAGE_INIT(&tiepdan__term__descriptor), "kind",
     "denunciation", "Tố cáo", "Denunciation"},
    {PROTOBUF_C_MESSAGE_INIT(&tiepdan__term__descriptor), "channel",
     "regular_reception", "Tiếp công dân thường xuyên", "Regular reception"},
    {PROTOBUF_C_MESSAGE_INIT(&tiepdan__term__descriptor), "channel", "digital",
     "Nền tảng số (cổng, Zalo, fanpage)", "Digital platforms"},
    {PROTOBUF_C_MESSAGE_INIT(&tiepdan__term__descriptor), "field", "land",
     "Đất đai, giải phóng mặt bằng", "Land and site clearance"},
    {PROTOBUF_C_MESSAGE_INIT(&tiepdan__term__descriptor), "field",
     "electricity", "Điện sinh hoạt", "Household electricity"},
};
static Tiepdan__Term *term_ptrs[] = {&terms[0], &terms[1], &terms[2],
                                     &terms[3], &terms[4], &terms[5]};
static Tiepdan__HelloReply hello = TIEPDAN__HELLO_REPLY__INIT;

static char err[2048];

/* A terminal without echo, with typed queued on it; returns its fd and
 * the master's in *master. */
static int terminal(const char *typed, int *master)
{
  struct termios t;
  int slave;

  if (openpty(master, &slave, NULL, NULL, NULL) != 0)
    return -1;
  tcgetattr(slave, &t);
  t.c_lflag &= ~(tcflag_t)ECHO;
  t.c_lflag |= ICANON;
  tcsetattr(slave, TCSANOW, &t);
  if (write(*master, typed, strlen(typed)) != (ssize_t)strlen(typed))
    return -1;
  return slave;
}

/* Runs the form on a with typed; the screen lands in *screen. */
static int run(const char *typed, struct td_submit_args *a, char **screen)
{
  struct capture c;
  struct td_form f;
  int master;
  int fd;
  int r;

  fd = terminal(typed, &master);
  if (fd < 0)
    return -2;
  capture_begin(&c);
  td_form_init(&f, fd, c.f, &hello);
  r = td_form_submit(&f, a, err, sizeof(err));
  /* The answers live as long as the form: copy what the test reads. */
  static char field[64];
  if (a->field) {
    snprintf(field, sizeof(field), "%s", a->field);
    a->field = field;
  }
  if (a->name)
    a->name = strdup(a->name);
  if (a->summary)
    a->summary = strdup(a->summary);
  td_form_free(&f);
  *screen = capture_end(&c);
  close(fd);
  close(master);
  return r;
}

static void test_the_form_asks_for_what_is_missing(void)
{
  char *argv[] = {"--group-size", "6"};
  struct td_submit_args a;
  char *screen;

  ASSERT_EQ(td_cmd_parse_submit(2, argv, TD_SUBMIT_FORM, &a, err, sizeof(err)),
            0);
  ASSERT(a.form);
  td_lang_set("en");
  /* Enter where an answer is needed, a wrong number, then the kind; the
   * default channel; a field by name; a name; a wrong time, then one; two
   * lines and Ctrl-D on an empty line; an unclear answer, then yes. */
  ASSERT_EQ(run("\n9\n1\n\ndien sinh hoat\nNguyễn Văn An\nyesterday\n"
                "01/12/2026 08:00\nLine one\nline two\n\004maybe\ny\n",
                &a, &screen),
            TD_FORM_CONFIRMED);
  ASSERT_STR_EQ(a.kind, "complaint");
  ASSERT_STR_EQ(a.channel, "regular_reception");
  ASSERT_STR_EQ(a.field, "electricity");
  ASSERT_STR_EQ(a.name, "Nguyễn Văn An");
  ASSERT(a.has_received && a.received_at == 1796086800);
  ASSERT_STR_EQ(a.summary, "Line one\nline two");
  ASSERT(strstr(screen, "Kind of petition:\n   1. Complaint\n   2. "
                        "Denunciation\nChoose a number (1-2): ") != NULL);
  ASSERT(strstr(screen, "An answer is required here.") != NULL);
  ASSERT(strstr(screen, "There is no choice \"9\"; choose a number from 1 "
                        "to 2.") != NULL);
  ASSERT(strstr(screen, "Choose a number (1-2) [1]: ") != NULL);
  ASSERT(strstr(screen, "\"yesterday\" is not a time") != NULL);
  ASSERT(strstr(screen, "  How it was received:  Regular reception\n") != NULL);
  ASSERT(strstr(screen, "  Number of signatories: 6\n") != NULL);
  ASSERT(strstr(screen, "  What the citizen asks: Line one\n"
                        "                        line two\n") != NULL);
  ASSERT(strstr(screen, "Record this petition? (y/n) Record this") != NULL);
  free(screen);
  free(a.name);
  free(a.summary);
}

static void test_ctrl_d_after_text_ends_the_summary(void)
{
  char *argv[] = {"--kind", "Tố cáo", "--channel", "digital",    "--field",
                  "land",   "--name", "A",         "--received", "01/12/2026"};
  struct td_submit_args a;
  char *screen;

  ASSERT_EQ(td_cmd_parse_submit(10, argv, TD_SUBMIT_FORM, &a, err, sizeof(err)),
            0);
  ASSERT(a.form);
  td_lang_set("vi");
  ASSERT_EQ(run("Một dòng\004c\n", &a, &screen), TD_FORM_CONFIRMED);
  ASSERT_STR_EQ(a.kind, "denunciation"); /* Given by name. */
  ASSERT_STR_EQ(a.summary, "Một dòng");
  free(screen);
  free(a.name);
  free(a.summary);
}

static void test_the_officer_can_cancel(void)
{
  struct td_submit_args a;
  char *argv[] = {"--kind", "complaint", "--channel", "digital"};
  char *screen;

  ASSERT_EQ(td_cmd_parse_submit(0, argv, TD_SUBMIT_FORM, &a, err, sizeof(err)),
            0);
  /* Ctrl-D at the first question. */
  ASSERT_EQ(run("\004", &a, &screen), TD_FORM_CANCELLED);
  free(screen);
  /* No at the confirmation, in either language's words. */
  ASSERT_EQ(td_cmd_parse_submit(4, argv, TD_SUBMIT_FORM, &a, err, sizeof(err)),
            0);
  ASSERT_EQ(run("\n\n\nx\n\004không\n", &a, &screen), TD_FORM_CANCELLED);
  free(screen);
  free(a.name);
  free(a.summary);
}

/* Without the form, the rules stay: every flag given is no form, and a
 * terminal without the form still refuses a missing --kind. */
static void test_no_form_when_everything_is_given(void)
{
  char *all[] = {"--kind",  "complaint", "--channel",
                 "digital", "--summary", "x"};
  char *dash[] = {"--kind",  "complaint", "--channel",
                  "digital", "--summary", "-"};
  struct td_submit_args a;

  ASSERT_EQ(td_cmd_parse_submit(6, all, TD_SUBMIT_FORM, &a, err, sizeof(err)),
            0);
  ASSERT(!a.form);
  ASSERT_EQ(td_cmd_parse_submit(6, dash, TD_SUBMIT_FORM, &a, err, sizeof(err)),
            0);
  ASSERT(a.form && a.summary == NULL);
  ASSERT_EQ(td_cmd_parse_submit(2, all + 2, 1, &a, err, sizeof(err)), -1);
  ASSERT_EQ(td_cmd_parse_submit(2, all + 2, 0, &a, err, sizeof(err)), -1);
}

int main(void)
{
  td_lang_init();
  vietnam();
  hello.n_terms = sizeof(term_ptrs) / sizeof(term_ptrs[0]);
  hello.terms = term_ptrs;
  RUN_TEST(test_the_form_asks_for_what_is_missing);
  RUN_TEST(test_ctrl_d_after_text_ends_the_summary);
  RUN_TEST(test_the_officer_can_cancel);
  RUN_TEST(test_no_form_when_everything_is_given);
  return TEST_EXIT();
}
