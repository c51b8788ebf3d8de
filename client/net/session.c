/* Connect, greet, call, retry; see session.h. */
#include "net/session.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "wire.h"

#define CLIENT_VERSION "tiepdan " TD_VERSION

void td_session_init(struct td_session *s, const struct td_client_opts *o)
{
  s->opts = o;
  s->conn = NULL;
  s->hello = NULL;
  s->retries = 0;
  s->backoff_ms = 1000;
  s->maybe_sent = 0;
  s->on_retry = NULL;
  s->arg = NULL;
}

int td_session_error_retryable(const Tiepdan__Error *e)
{
  if (e->has_retryable)
    return e->retryable;
  return td_error_code_retryable(e->code);
}

static void drop(struct td_session *s)
{
  td_conn_close(s->conn);
  s->conn = NULL;
  if (s->hello != NULL)
    tiepdan__envelope__free_unpacked(s->hello, NULL);
  s->hello = NULL;
}

void td_session_close(struct td_session *s)
{
  drop(s);
}

/* Connects and says Hello. A refusal of the Hello lands in *refusal. */
static int greet(struct td_session *s, Tiepdan__Envelope **refusal, char *err,
                 size_t errlen)
{
  Tiepdan__Envelope env = TIEPDAN__ENVELOPE__INIT;
  Tiepdan__Hello hello = TIEPDAN__HELLO__INIT;
  Tiepdan__Envelope *reply;
  int r;

  r = td_conn_open(s->opts, &s->conn, err, errlen);
  if (r != 0)
    return r;
  hello.has_protocol_version = 1;
  hello.protocol_version = TD_PROTOCOL_VERSION;
  hello.client_version = CLIENT_VERSION;
  env.body_case = TIEPDAN__ENVELOPE__BODY_HELLO;
  env.hello = &hello;
  r = td_conn_call(s->conn, &env, &reply, err, errlen);
  if (r != 0)
    return r;
  if (reply->body_case == TIEPDAN__ENVELOPE__BODY_HELLO_REPLY)
    s->hello = reply;
  else
    *refusal = reply;
  return 0;
}

/* One attempt: connect if needed, then call. */
static int attempt(struct td_session *s, Tiepdan__Envelope *req,
                   Tiepdan__Envelope **reply, char *err, size_t errlen)
{
  int r;

  s->maybe_sent = 0;
  if (s->conn == NULL) {
    r = greet(s, reply, err, errlen);
    if (r != 0 || *reply != NULL)
      return r;
  }
  if (req == NULL) {
    *reply = s->hello;
    s->hello = NULL;
    return 0;
  }
  s->maybe_sent = 1;
  return td_conn_call(s->conn, req, reply, err, errlen);
}

/* Failures that can pass: the server restarting, a network hiccup. */
static int conn_retryable(int r)
{
  return r == TD_ECONNECT || r == TD_ETIMEOUT || r == TD_ECLOSED;
}

static void pause_ms(int ms)
{
  struct timespec ts;

  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (long)(ms % 1000) * 1000000;
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
    continue;
}

int td_session_call(struct td_session *s, Tiepdan__Envelope *req,
                    Tiepdan__Envelope **reply, char *err, size_t errlen)
{
  const char *why;
  int delay;
  int r;
  int i;

  delay = s->backoff_ms;
  for (i = 0;; i++) {
    *reply = NULL;
    r = attempt(s, req, reply, err, errlen);
    if (r != 0 && !conn_retryable(r))
      return r;
    if (r == 0 && ((*reply)->body_case != TIEPDAN__ENVELOPE__BODY_ERROR ||
                   !td_session_error_retryable((*reply)->error)))
      return 0;
    if (i == s->retries)
      return r;
    why = r != 0 ? err : (*reply)->error->message;
    if (s->on_retry != NULL)
      s->on_retry(s->arg, i + 1, s->retries, delay, why ? why : "",
                  r != 0 ? NULL : (*reply)->error);
    if (*reply != NULL)
      tiepdan__envelope__free_unpacked(*reply, NULL);
    /* Reconnect: a server that said it is shutting down closes anyway. */
    drop(s);
    pause_ms(delay);
    delay *= 2;
  }
}
