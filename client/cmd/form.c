/* The guided form of tiepdan submit; see form.h. */
#include "cmd/form.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd/terms_in.h"
#include "common/utf8.h"
#include "input/datetime.h"
#include "input/fold.h"
#include "input/text.h"
#include "lang/lang.h"
#include "render/datetime.h"

/* What a question gives: an answer, none (Enter on an optional one), the
 * officer's wish to stop, or a failure (err says why). */
enum { ANSWERED = 1, SKIPPED = 0, CANCEL = -1, FAIL = -2 };

#define LINE_MAX_ 1024

void td_form_init(struct td_form *f, int in, FILE *out,
                  const Tiepdan__HelloReply *hello)
{
  memset(f, 0, sizeof(*f));
  f->in = in;
  f->out = out;
  f->hello = hello;
}

void td_form_free(struct td_form *f)
{
  while (f->n_owned > 0)
    free(f->owned[--f->n_owned]);
}

/* Keeps s (malloc'd) until td_form_free; NULL if it cannot. */
static char *keep(struct td_form *f, char *s)
{
  if (s == NULL || f->n_owned == sizeof(f->owned) / sizeof(f->owned[0])) {
    free(s);
    return NULL;
  }
  f->owned[f->n_owned++] = s;
  return s;
}

/* Set by Ctrl-C, which may come while the form is not waiting in read(). */
static volatile sig_atomic_t ctrl_c;

/* Prints prompt and reads the answer, trimmed, into buf. */
static int ask(struct td_form *f, const char *prompt, char *buf, size_t cap)
{
  char *t;
  int r;

  fputs(prompt, f->out);
  fflush(f->out);
  r = ctrl_c ? -1 : td_text_read_line(f->in, buf, cap);
  if (r <= 0 || ctrl_c) {
    fputc('\n', f->out);
    return CANCEL;
  }
  t = td_text_trim(buf);
  memmove(buf, t, strlen(t) + 1);
  return ANSWERED;
}

static int english(void)
{
  return td_lang_current() == TD_LANG_EN;
}

/* The position of code among the terms of vocabulary, from 1; 0 if none. */
static size_t number_of(const struct td_form *f, const char *vocabulary,
                        const char *code)
{
  size_t i;

  for (i = 0; code != NULL && i < td_terms_count(f->hello, vocabulary); i++)
    if (strcmp(td_terms_at(f->hello, vocabulary, i)->code, code) == 0)
      return i + 1;
  return 0;
}

/* Whether s is a number from 1 to n, stored in *k. */
static int choice(const char *s, size_t n, size_t *k)
{
  char *end;
  unsigned long v;

  if (*s < '0' || *s > '9')
    return 0;
  errno = 0;
  v = strtoul(s, &end, 10);
  if (errno != 0 || *end != '\0')
    return -1;
  *k = (size_t)v;
  return v >= 1 && v <= n ? 1 : -1;
}

/* A server that sent no terms: the code is typed. */
static int ask_code(struct td_form *f, const char *title, int required,
                    char **code)
{
  char prompt[256];
  char buf[LINE_MAX_];

  snprintf(prompt, sizeof(prompt), "%s: ", title);
  for (;;) {
    if (ask(f, prompt, buf, sizeof(buf)) == CANCEL)
      return CANCEL;
    if (buf[0] == '\0' && !required)
      return SKIPPED;
    if (buf[0] != '\0') {
      *code = keep(f, strdup(buf));
      return *code != NULL ? ANSWERED : FAIL;
    }
    fprintf(f->out, _("An answer is required here.\n"));
  }
}

/*
 * Asks for one of the terms of vocabulary under title, listed by number;
 * the name typed is taken too. With def, Enter takes it; otherwise Enter
 * skips an optional question and re-asks a required one.
 */
static int ask_term(struct td_form *f, const char *title,
                    const char *vocabulary, const char *def, int required,
                    char **code)
{
  char prompt[256];
  char buf[LINE_MAX_];
  char err[2048];
  const char *c;
  size_t n;
  size_t k;
  size_t d;
  int r;

  n = td_terms_count(f->hello, vocabulary);
  if (n == 0)
    return ask_code(f, title, required, code);
  d = number_of(f, vocabulary, def);
  fprintf(f->out, "%s:\n", title);
  for (k = 0; k < n; k++)
    fprintf(f->out, "  %2zu. %s\n", k + 1,
            td_terms_name(td_terms_at(f->hello, vocabulary, k), english()));
  if (d > 0)
    snprintf(prompt, sizeof(prompt), _("Choose a number (1-%zu) [%zu]: "), n,
             d);
  else if (!required)
    snprintf(prompt, sizeof(prompt),
             _("Choose a number (1-%zu), or Enter to skip: "), n);
  else
    snprintf(prompt, sizeof(prompt), _("Choose a number (1-%zu): "), n);
  for (;;) {
    if (ask(f, prompt, buf, sizeof(buf)) == CANCEL)
      return CANCEL;
    if (buf[0] == '\0' && d > 0) {
      *code = td_terms_at(f->hello, vocabulary, d - 1)->code;
      return ANSWERED;
    }
    if (buf[0] == '\0' && !required)
      return SKIPPED;
    if (buf[0] == '\0') {
      fprintf(f->out, _("An answer is required here.\n"));
      continue;
    }
    r = choice(buf, n, &k);
    if (r == 1) {
      *code = td_terms_at(f->hello, vocabulary, k - 1)->code;
      return ANSWERED;
    }
    if (r == 0 && td_terms_in_code(f->hello, vocabulary, title, buf, &c, err,
                                   sizeof(err)) == 0) {
      /* A name typed: its code, or the text itself from a server that
       * sent no terms. */
      *code = keep(f, strdup(c));
      if (*code != NULL)
        return ANSWERED;
    }
    fprintf(f->out,
            _("There is no choice \"%s\"; choose a number from 1 to "
              "%zu.\n"),
            buf, n);
  }
}

/* Asks for free text on one line; Enter skips it. */
static int ask_line(struct td_form *f, const char *prompt, char **value)
{
  char buf[LINE_MAX_];

  if (ask(f, prompt, buf, sizeof(buf)) < 0)
    return CANCEL;
  if (buf[0] == '\0')
    return SKIPPED;
  *value = keep(f, strdup(buf));
  return *value != NULL ? ANSWERED : CANCEL;
}

/* Asks when the petition was received; Enter is now. */
static int ask_received(struct td_form *f, struct td_submit_args *a)
{
  char buf[LINE_MAX_];

  for (;;) {
    if (ask(f, _("Received, DD/MM/YYYY HH:MM in Vietnam time (Enter: now): "),
            buf, sizeof(buf)) == CANCEL)
      return CANCEL;
    if (buf[0] == '\0')
      return SKIPPED;
    if (td_datetime_parse(buf, &a->received_at) == 0) {
      a->has_received = 1;
      return ANSWERED;
    }
    fprintf(f->out, _("\"%s\" is not a time; write it as 01/12/2026 08:30.\n"),
            buf);
  }
}

/* Runs the officer's editor on path; 0 when it ended well. */
static int run_editor(const char *editor, const char *path)
{
  char script[1024];
  pid_t pid;
  int status;

  /* Through the shell, as git does, so "code --wait" works too. */
  snprintf(script, sizeof(script), "%s \"$1\"", editor);
  pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", script, "sh", path, (char *)NULL);
    _exit(127);
  }
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* The summary written in editor: NULL if the editor failed. */
static char *edit_summary(struct td_form *f, const char *editor, char *err,
                          size_t errlen)
{
  char path[] = "/tmp/tiepdan-summary-XXXXXX";
  char *text;
  int fd;

  fd = mkstemp(path);
  if (fd < 0) {
    snprintf(err, errlen, _("cannot make a file for the editor: %s"),
             strerror(errno));
    return NULL;
  }
  fprintf(f->out, _("Write the summary in %s, save and close it.\n"), editor);
  fflush(f->out);
  text = NULL;
  if (run_editor(editor, path) == 0 && lseek(fd, 0, SEEK_SET) == 0)
    text = td_text_read_fd(fd, _("the summary"), NULL, err, errlen);
  else
    snprintf(err, errlen, _("the editor %s did not finish well"), editor);
  close(fd);
  unlink(path);
  return text;
}

/* Asks for the summary until it says something. */
static int ask_summary(struct td_form *f, struct td_submit_args *a, char *err,
                       size_t errlen)
{
  const char *editor;
  char *text;
  int interrupted;

  editor = getenv("VISUAL");
  if (editor == NULL || editor[0] == '\0')
    editor = getenv("EDITOR");
  for (;;) {
    if (ctrl_c)
      return CANCEL;
    if (editor != NULL && editor[0] != '\0') {
      text = edit_summary(f, editor, err, errlen);
      interrupted = 0;
    } else {
      fputs(_("Summary: what the citizen asks for. End it with Ctrl-D.\n"),
            f->out);
      fflush(f->out);
      text =
          td_text_read_fd(f->in, _("the summary"), &interrupted, err, errlen);
      if (text != NULL && text[0] != '\0' && text[strlen(text) - 1] != '\n')
        fputc('\n', f->out); /* Ctrl-D after text left the cursor there. */
    }
    if (text == NULL)
      return interrupted ? CANCEL : FAIL;
    a->summary = keep(f, text);
    if (a->summary == NULL)
      return CANCEL;
    a->summary = td_text_trim(a->summary);
    if (a->summary[0] != '\0')
      return ANSWERED;
    fputs(_("The summary is empty; write what the citizen asks for.\n"),
          f->out);
  }
}

/* Prints "label: value" with the values lined up; value may span lines. */
static void show(FILE *out, const char *label, const char *value)
{
  const size_t col = 22;
  size_t w;
  const char *nl;

  if (value == NULL || value[0] == '\0')
    return;
  w = td_utf8_width(label) + 1;
  fprintf(out, "  %s:%*s", label, (int)(w < col ? col - w : 1), "");
  for (;;) {
    nl = strchr(value, '\n');
    if (nl == NULL)
      break;
    fprintf(out, "%.*s\n%*s", (int)(nl - value), value, (int)col + 2, "");
    value = nl + 1;
  }
  fprintf(out, "%s\n", value);
}

/* The name of code in vocabulary as the officer reads it. */
static const char *name_of(const struct td_form *f, const char *vocabulary,
                           const char *code)
{
  const Tiepdan__Term *t = td_terms_find(f->hello, vocabulary, code);

  return t != NULL ? td_terms_name(t, english()) : code;
}

static void show_petition(struct td_form *f, const struct td_submit_args *a)
{
  char when[TD_DATETIME_MAX];
  char buf[TD_DATETIME_MAX + 64];
  char n[32];

  fprintf(f->out, "\n%s\n", _("The petition to record:"));
  show(f->out, _("Kind of petition"), name_of(f, TD_TERMS_KIND, a->kind));
  show(f->out, _("How it was received"),
       name_of(f, TD_TERMS_CHANNEL, a->channel));
  show(f->out, _("Field of concern"), name_of(f, TD_TERMS_FIELD, a->field));
  show(f->out, _("Handling commune"), a->unit);
  show(f->out, _("Village concerned"), a->village);
  show(f->out, _("Petitioner's name"), a->name);
  show(f->out, _("Petitioner's ID number"), a->id_number);
  show(f->out, _("Petitioner's address"), a->address);
  show(f->out, _("Petitioner's contact"), a->contact);
  if (a->has_group_size) {
    snprintf(n, sizeof(n), "%" PRIu32, a->group_size);
    show(f->out, _("Number of signatories"), n);
  }
  if (a->confidential)
    show(f->out, _("Petitioner's identity"),
         _("kept secret at the petitioner's request"));
  if (a->has_session) {
    snprintf(n, sizeof(n), "%" PRId64, a->session_id);
    show(f->out, _("From reception session"), n);
  }
  if (a->has_received)
    td_datetime_format_short(a->received_at, when);
  else
    td_datetime_format_short((int64_t)time(NULL), when);
  snprintf(buf, sizeof(buf), a->has_received ? "%s" : _("%s (now)"), when);
  show(f->out, _("Received at"), buf);
  show(f->out, _("What the citizen asks"), a->summary);
  fputc('\n', f->out);
}

/* Whether the officer agrees: 1 yes, 0 no, CANCEL on Ctrl-D/Ctrl-C. */
static int confirm(struct td_form *f)
{
  static const char *const yes[] = {"c", "co", "y", "yes", "dong y"};
  static const char *const no[] = {"k", "khong", "n", "no"};
  char buf[LINE_MAX_];
  char *g;
  size_t i;
  int r;

  for (;;) {
    if (ask(f, _("Record this petition? (y/n) "), buf, sizeof(buf)) == CANCEL)
      return CANCEL;
    g = td_fold(buf);
    r = -1;
    for (i = 0; g != NULL && i < sizeof(yes) / sizeof(yes[0]); i++)
      if (strcmp(g, yes[i]) == 0)
        r = 1;
    for (i = 0; g != NULL && i < sizeof(no) / sizeof(no[0]); i++)
      if (strcmp(g, no[i]) == 0)
        r = 0;
    free(g);
    if (r >= 0)
      return r;
  }
}

/* Whether a value the officer gave on the command line names a term; if
 * not, says why so that the question is asked instead. */
static int given(struct td_form *f, const char *vocabulary, const char *opt,
                 char **value)
{
  const char *code;
  char err[2048];

  if (*value == NULL)
    return 0;
  if (td_terms_in_code(f->hello, vocabulary, opt, *value, &code, err,
                       sizeof(err)) == 0) {
    *value = (char *)code;
    return 1;
  }
  fprintf(f->out, "%s\n", err);
  *value = NULL;
  return 0;
}

static int questions(struct td_form *f, struct td_submit_args *a, char *err,
                     size_t errlen)
{
  if (!given(f, TD_TERMS_KIND, "--kind", &a->kind) &&
      ask_term(f, _("Kind of petition"), TD_TERMS_KIND, NULL, 1, &a->kind) < 0)
    return CANCEL;
  /* Most petitions come over the counter. */
  if (!given(f, TD_TERMS_CHANNEL, "--channel", &a->channel) &&
      ask_term(f, _("How it was received"), TD_TERMS_CHANNEL,
               "regular_reception", 1, &a->channel) < 0)
    return CANCEL;
  if (!given(f, TD_TERMS_FIELD, "--field", &a->field) &&
      ask_term(f, _("Field of concern"), TD_TERMS_FIELD, NULL, 0, &a->field) <
          0)
    return CANCEL;
  if (a->name == NULL &&
      ask_line(f, _("Petitioner's full name (Enter to skip): "), &a->name) < 0)
    return CANCEL;
  if (!a->has_received && ask_received(f, a) < 0)
    return CANCEL;
  if (a->summary == NULL)
    return ask_summary(f, a, err, errlen);
  return ANSWERED;
}

/* Ctrl-C interrupts the read() of a question rather than the program. */
static void on_interrupt(int sig)
{
  (void)sig;
  ctrl_c = 1;
}

int td_form_submit(struct td_form *f, struct td_submit_args *a, char *err,
                   size_t errlen)
{
  struct sigaction sa;
  struct sigaction old;
  int r;

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_interrupt; /* No SA_RESTART: read() gives EINTR. */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old);
  err[0] = '\0';
  ctrl_c = 0;
  r = questions(f, a, err, errlen);
  if (r == ANSWERED || r == SKIPPED) {
    show_petition(f, a);
    r = confirm(f);
    r = r == 1 ? TD_FORM_CONFIRMED : TD_FORM_CANCELLED;
  } else {
    r = r == CANCEL ? TD_FORM_CANCELLED : TD_FORM_FAILED;
  }
  sigaction(SIGINT, &old, NULL);
  return r;
}
