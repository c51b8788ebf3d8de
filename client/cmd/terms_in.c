/* Typed values of kinds, channels, fields, ... into codes; see terms_in.h. */
#include "cmd/terms_in.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/field.h"
#include "common/limits.h"
#include "input/fold.h"
#include "input/opt.h"
#include "lang/lang.h"
#include "wire.h"

/* What each vocabulary is called in the message about a wrong value. */
static const struct {
  const char *vocabulary;
  const char *noun;
} nouns[] = {
    {TD_TERMS_KIND, N_("kind of petition")},
    {TD_TERMS_CHANNEL, N_("channel of reception")},
    {TD_TERMS_FIELD, N_("field of concern")},
    {TD_TERMS_STATUS, N_("petition status")},
    {TD_TERMS_OUTCOME, N_("resolution outcome")},
    {TD_TERMS_SESSION_TYPE, N_("type of reception session")},
    {TD_TERMS_FINDING, N_("finding of a resolution")},
};

/* The string fields of a request that hold a code, by name. */
static const char *const string_fields[][2] = {
    {"kind", TD_TERMS_KIND},     {"channel", TD_TERMS_CHANNEL},
    {"field", TD_TERMS_FIELD},   {"outcome", TD_TERMS_OUTCOME},
    {"status", TD_TERMS_STATUS}, {"finding", TD_TERMS_FINDING},
};

/* The enum fields, by their type; parse turns a code into the value. */
static const struct {
  const ProtobufCEnumDescriptor *type;
  const char *vocabulary;
  int (*parse)(const char *code);
} enum_fields[] = {
    {&tiepdan__status__descriptor, TD_TERMS_STATUS, td_status_parse},
    {&tiepdan__outcome__descriptor, TD_TERMS_OUTCOME, td_outcome_parse},
    {&tiepdan__session_type__descriptor, TD_TERMS_SESSION_TYPE,
     td_session_type_parse},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The typed texts behind placeholders; one command has a few at most. */
static const char *pending[8];
static size_t n_pending;

/* Codes written into requests: they must outlive the HelloReply they came
 * from, which a retry frees when it reconnects. */
static char held[8][TD_CODE_MAX + 1];
static size_t n_held;

static const char *noun_of(const char *vocabulary)
{
  size_t i;

  for (i = 0; i < COUNT(nouns); i++)
    if (strcmp(nouns[i].vocabulary, vocabulary) == 0)
      return _(nouns[i].noun);
  return vocabulary;
}

int td_terms_in_enum(const char *vocabulary, const char *typed)
{
  size_t i;
  int v;

  if (td_opt_blank(typed))
    return -1;
  for (i = 0; i < COUNT(enum_fields); i++)
    if (strcmp(enum_fields[i].vocabulary, vocabulary) == 0) {
      v = enum_fields[i].parse(typed);
      if (v > 0)
        return v;
    }
  if (n_pending == COUNT(pending))
    return -1;
  pending[n_pending] = typed;
  return TD_TERMS_IN_PENDING + (int)n_pending++;
}

/* Whether the folded value f names t by its code or one of its names: the
 * whole of one, or (prefix) the start of one. */
static int names(const Tiepdan__Term *t, const char *f, int prefix)
{
  const char *const of[3] = {t->code, t->name_vi, t->name_en};
  char *g;
  int same;
  int i;

  for (i = 0; i < 3; i++) {
    if (of[i] == NULL || of[i][0] == '\0')
      continue;
    g = td_fold(of[i]);
    same = g != NULL &&
           (prefix ? strncmp(g, f, strlen(f)) == 0 : strcmp(g, f) == 0);
    free(g);
    if (same)
      return 1;
  }
  return 0;
}

/* Lists the valid values of vocabulary after what err already holds; only
 * those whose code or a name starts with the folded value of, unless it is
 * NULL. */
static void list_valid(const Tiepdan__HelloReply *h, const char *vocabulary,
                       char *err, size_t errlen, const char *of)
{
  const Tiepdan__Term *t;
  int english;
  size_t used;
  size_t i;

  english = td_lang_current() == TD_LANG_EN;
  for (i = 0; i < td_terms_count(h, vocabulary); i++) {
    t = td_terms_at(h, vocabulary, i);
    if (of != NULL && !names(t, of, 1))
      continue;
    used = strlen(err);
    if (used + 1 >= errlen)
      return;
    /* The name the officer reads, and the code scripts use. */
    snprintf(err + used, errlen - used, "\n  %s (%s)",
             td_terms_name(t, english), t->code);
  }
}

/* How many terms of vocabulary the folded f names (wholly, or by their
 * start with prefix), the last of them in *found. */
static int count_named(const Tiepdan__HelloReply *h, const char *vocabulary,
                       const char *f, int prefix, const Tiepdan__Term **found)
{
  const Tiepdan__Term *t;
  size_t i;
  int n = 0;

  *found = NULL;
  for (i = 0; i < td_terms_count(h, vocabulary); i++) {
    t = td_terms_at(h, vocabulary, i);
    if (names(t, f, prefix)) {
      *found = t;
      n++;
    }
  }
  return n;
}

int td_terms_in_code(const Tiepdan__HelloReply *h, const char *vocabulary,
                     const char *opt, const char *typed, const char **code,
                     char *err, size_t errlen)
{
  const Tiepdan__Term *found;
  char *f;
  int n;

  *code = typed;
  if (td_terms_count(h, vocabulary) == 0 || td_terms_find(h, vocabulary, typed))
    return 0;
  f = td_fold(typed);
  if (f == NULL) {
    snprintf(err, errlen, "%s", _("not enough memory to look the value up"));
    return -1;
  }
  /* A whole name first, then the start of one ("dat dai" for "Đất đai,
   * giải phóng mặt bằng"), which must be the start of one term only. */
  n = f[0] != '\0' ? count_named(h, vocabulary, f, 0, &found) : 0;
  if (n == 0 && f[0] != '\0')
    n = count_named(h, vocabulary, f, 1, &found);
  if (n == 1) {
    free(f);
    *code = found->code;
    return 0;
  }
  if (n > 1) {
    snprintf(err, errlen,
             _("%s: \"%s\" may be more than one %s; give more of it, one "
               "of these:"),
             opt, typed, noun_of(vocabulary));
    list_valid(h, vocabulary, err, errlen, f);
    free(f);
    return -1;
  }
  free(f);
  snprintf(err, errlen, _("%s: \"%s\" is not a %s; give one of these:"), opt,
           typed, noun_of(vocabulary));
  list_valid(h, vocabulary, err, errlen, NULL);
  return -1;
}

/* The body of env: the message its oneof holds, or NULL. */
static ProtobufCMessage *body_of(Tiepdan__Envelope *env)
{
  const ProtobufCMessageDescriptor *d = env->base.descriptor;
  const ProtobufCFieldDescriptor *f;
  unsigned i;

  for (i = 0; i < d->n_fields; i++) {
    f = &d->fields[i];
    if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) == 0 ||
        f->type != PROTOBUF_C_TYPE_MESSAGE ||
        *(const uint32_t *)((const char *)env + f->quantifier_offset) != f->id)
      continue;
    return *(ProtobufCMessage **)((char *)env + f->offset);
  }
  return NULL;
}

/* The option the officer typed for field f of the request. */
static const char *option_of(const ProtobufCFieldDescriptor *f)
{
  const char *opt = td_cmd_option_of_field(f->name);

  return opt != NULL ? opt : f->name;
}

static int resolve_string(const Tiepdan__HelloReply *h,
                          const ProtobufCFieldDescriptor *f, char **slot,
                          char *err, size_t errlen)
{
  const char *code;
  size_t i;

  for (i = 0; i < COUNT(string_fields); i++) {
    if (strcmp(string_fields[i][0], f->name) != 0)
      continue;
    if (td_terms_in_code(h, string_fields[i][1], option_of(f), *slot, &code,
                         err, errlen) != 0)
      return -1;
    if (code == *slot)
      return 0;
    if (n_held == COUNT(held) || strlen(code) > TD_CODE_MAX) {
      snprintf(err, errlen, "%s", _("too many values to look up"));
      return -1;
    }
    snprintf(held[n_held], sizeof(held[0]), "%s", code);
    *slot = held[n_held++];
    return 0;
  }
  return 0;
}

static int resolve_enum(const Tiepdan__HelloReply *h,
                        const ProtobufCFieldDescriptor *f, int *slot, char *err,
                        size_t errlen)
{
  const char *code;
  const char *typed;
  size_t i;

  if (*slot < TD_TERMS_IN_PENDING)
    return 0;
  typed = (size_t)(*slot - TD_TERMS_IN_PENDING) < n_pending
              ? pending[*slot - TD_TERMS_IN_PENDING]
              : "";
  for (i = 0; i < COUNT(enum_fields); i++) {
    if (enum_fields[i].type != f->descriptor)
      continue;
    if (td_terms_in_code(h, enum_fields[i].vocabulary, option_of(f), typed,
                         &code, err, errlen) != 0)
      return -1;
    *slot = enum_fields[i].parse(code);
    if (*slot > 0)
      return 0;
    break;
  }
  /* A code this client does not know, or no terms to tell: not sent. */
  snprintf(
      err, errlen, _("%s: \"%s\" is not a %s; give one of these:"),
      option_of(f), typed,
      noun_of(i < COUNT(enum_fields) ? enum_fields[i].vocabulary : f->name));
  if (i < COUNT(enum_fields))
    list_valid(h, enum_fields[i].vocabulary, err, errlen, NULL);
  return -1;
}

int td_terms_in_resolve(const Tiepdan__HelloReply *h, Tiepdan__Envelope *req,
                        char *err, size_t errlen)
{
  const ProtobufCFieldDescriptor *f;
  ProtobufCMessage *body;
  char *at;
  unsigned i;

  body = body_of(req);
  if (body == NULL)
    return 0;
  for (i = 0; i < body->descriptor->n_fields; i++) {
    f = &body->descriptor->fields[i];
    at = (char *)body + f->offset;
    if (f->label == PROTOBUF_C_LABEL_REPEATED)
      continue;
    if (f->type == PROTOBUF_C_TYPE_STRING && *(char **)at != NULL &&
        resolve_string(h, f, (char **)at, err, errlen) != 0)
      return -1;
    if (f->type == PROTOBUF_C_TYPE_ENUM &&
        resolve_enum(h, f, (int *)at, err, errlen) != 0)
      return -1;
  }
  return 0;
}

int td_terms_in_call(struct td_session *s, Tiepdan__Envelope *req,
                     Tiepdan__Envelope **reply, char *err, size_t errlen)
{
  Tiepdan__Envelope *hello;
  int r;

  if (req == NULL)
    return td_session_call(s, req, reply, err, errlen);
  /* Connect and greet first, unless an earlier request of this command
   * did: the terms come with the HelloReply. */
  if (s->conn == NULL) {
    r = td_session_call(s, NULL, &hello, err, errlen);
    if (r != 0)
      return r;
    if (hello->body_case != TIEPDAN__ENVELOPE__BODY_HELLO_REPLY) {
      *reply = hello; /* The server refused the Hello: the caller says why. */
      return 0;
    }
    /* The session keeps it for the commands that print names. */
    s->hello = hello;
  }
  if (td_terms_in_resolve(s->hello != NULL ? s->hello->hello_reply : NULL, req,
                          err, errlen) != 0)
    return TD_EUSAGE;
  return td_session_call(s, req, reply, err, errlen);
}
