/*
 * td_flaky_proxy: a TCP proxy on loopback that makes a link bad on purpose,
 * for the outbox's tests of a weak link (issue 13).
 *
 *   td_flaky_proxy --listen 127.0.0.1:PORT --to 127.0.0.1:PORT [--drop P]
 *                  [--delay-ms MIN-MAX] [--cut-after-ms MIN-MAX] [--seed N]
 *                  [--drop-first N]
 *   td_flaky_proxy --listen 127.0.0.1:PORT --refuse
 *
 * For each connection it accepts: with probability P it closes it at once,
 * or (half of those) after connecting upstream, so the client sees either a
 * refused handshake or a server that hangs up; otherwise it relays both
 * ways, holding each chunk back MIN-MAX milliseconds, and with
 * --cut-after-ms resets both sides once the connection has lived a random
 * time in that range, mid-stream as it may be. --drop-first N drops the
 * first N connections whatever P is (at once and after connecting, in
 * turn), so that a test meets both kinds of drop however few connections
 * it makes. PORT 0 listens on a free port. It prints "listening on
 * 127.0.0.1:PORT" once it accepts, and on SIGTERM stops, printing on
 * stderr what it did to how many connections.
 *
 * --refuse is a link that is down: the port is bound but never listened
 * on, so every connection is refused, and no other program can take the
 * port meanwhile (as one may take the port of a server that was stopped).
 * It prints "refusing on 127.0.0.1:PORT" and waits for SIGTERM.
 *
 * Only loopback: both addresses must be 127.x.x.x. One process per
 * connection (fork), so a slow chunk of one never holds up another.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How a connection's process ends: its exit status. */
enum {
  END_CLOSED = 0,  /* Relayed until both sides closed. */
  END_DROPPED = 1, /* Dropped after connecting upstream. */
  END_CUT = 2,     /* Cut mid-stream at the end of its lifetime. */
  END_NO_UPSTREAM = 3,
};

#define MAX_CHILDREN 512

struct range {
  int64_t min, max;
};

struct options {
  struct sockaddr_in listen, to;
  double drop;
  struct range delay, cut;
  uint64_t seed;
  long drop_first;
  int refuse;
};

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
  (void)sig;
  stopping = 1;
}

/* xorshift64*: reproducible from --seed, good enough to pick delays. */
static uint64_t next_random(uint64_t *state)
{
  uint64_t x = *state;

  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 2685821657736338717ULL;
}

static int64_t pick(uint64_t *state, const struct range *r)
{
  if (r->max <= r->min)
    return r->min;
  return r->min +
         (int64_t)(next_random(state) % (uint64_t)(r->max - r->min + 1));
}

static int64_t now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms)
{
  struct timespec ts;

  if (ms <= 0)
    return;
  ts.tv_sec = (time_t)(ms / 1000);
  ts.tv_nsec = (long)(ms % 1000) * 1000000L;
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
    ;
}

static void usage(void)
{
  fprintf(stderr,
          "usage: td_flaky_proxy --listen 127.0.0.1:PORT --to 127.0.0.1:PORT"
          " [--drop P] [--delay-ms MIN-MAX] [--cut-after-ms MIN-MAX]"
          " [--seed N] [--drop-first N]\n"
          "       td_flaky_proxy --listen 127.0.0.1:PORT --refuse\n");
  exit(2);
}

/* HOST:PORT, HOST a loopback address. */
static int parse_addr(const char *s, struct sockaddr_in *a)
{
  const char *colon = strrchr(s, ':');
  char host[64], *end;
  long port;

  if (colon == NULL || (size_t)(colon - s) >= sizeof(host))
    return -1;
  memcpy(host, s, (size_t)(colon - s));
  host[colon - s] = '\0';
  errno = 0;
  port = strtol(colon + 1, &end, 10);
  if (errno != 0 || end == colon + 1 || *end != '\0' || port < 0 ||
      port > 65535)
    return -1;
  memset(a, 0, sizeof(*a));
  a->sin_family = AF_INET;
  a->sin_port = htons((uint16_t)port);
  if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
    return -1;
  /* Loopback only: this program is for tests on one machine. */
  if ((ntohl(a->sin_addr.s_addr) >> 24) != 127)
    return -1;
  return 0;
}

/* MIN-MAX milliseconds, or a single number for both. */
static int parse_range(const char *s, struct range *r)
{
  char *end;

  errno = 0;
  r->min = strtoll(s, &end, 10);
  if (errno != 0 || end == s || r->min < 0)
    return -1;
  r->max = r->min;
  if (*end == '-') {
    s = end + 1;
    r->max = strtoll(s, &end, 10);
    if (errno != 0 || end == s || r->max < r->min)
      return -1;
  }
  return *end == '\0' ? 0 : -1;
}

static void parse_options(int argc, char **argv, struct options *o)
{
  int i, have_listen = 0, have_to = 0;
  char *end;

  memset(o, 0, sizeof(*o));
  o->seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
  for (i = 1; i < argc; i++) {
    const char *name = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

    if (strcmp(name, "--refuse") == 0) {
      o->refuse = 1;
      continue;
    }
    if (v == NULL)
      usage();
    i++;
    if (strcmp(name, "--listen") == 0) {
      if (parse_addr(v, &o->listen) != 0)
        usage();
      have_listen = 1;
    } else if (strcmp(name, "--to") == 0) {
      if (parse_addr(v, &o->to) != 0 || o->to.sin_port == 0)
        usage();
      have_to = 1;
    } else if (strcmp(name, "--drop") == 0) {
      errno = 0;
      o->drop = strtod(v, &end);
      if (errno != 0 || end == v || *end != '\0' || o->drop < 0 || o->drop > 1)
        usage();
    } else if (strcmp(name, "--delay-ms") == 0) {
      if (parse_range(v, &o->delay) != 0)
        usage();
    } else if (strcmp(name, "--cut-after-ms") == 0) {
      if (parse_range(v, &o->cut) != 0 || o->cut.max == 0)
        usage();
    } else if (strcmp(name, "--drop-first") == 0) {
      errno = 0;
      o->drop_first = strtol(v, &end, 10);
      if (errno != 0 || end == v || *end != '\0' || o->drop_first < 0)
        usage();
    } else if (strcmp(name, "--seed") == 0) {
      errno = 0;
      o->seed = strtoull(v, &end, 10);
      if (errno != 0 || end == v || *end != '\0')
        usage();
    } else {
      usage();
    }
  }
  if (!have_listen || (!have_to && !o->refuse))
    usage();
  /* xorshift never leaves 0. */
  if (o->seed == 0)
    o->seed = 1;
}

/* Closes fd so that its peer sees a reset, not an orderly end. */
static void reset(int fd)
{
  struct linger l = {1, 0};

  (void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
  close(fd);
}

static int write_all(int fd, const char *buf, size_t n)
{
  while (n > 0) {
    ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);

    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    buf += w;
    n -= (size_t)w;
  }
  return 0;
}

/*
 * One connection's process: connects upstream, then relays until both
 * sides have closed or its lifetime (cut_ms, 0 none) is over. Each chunk
 * waits its delay before it is passed on, in order.
 */
static int relay(int client, const struct options *o, uint64_t rng,
                 int drop_after_connect, int64_t cut_ms)
{
  int64_t deadline = cut_ms > 0 ? now_ms() + cut_ms : -1;
  int fds[2], open_in[2] = {1, 1}, up, i;
  char buf[16384];

  up = socket(AF_INET, SOCK_STREAM, 0);
  if (up < 0 ||
      connect(up, (const struct sockaddr *)&o->to, sizeof(o->to)) != 0) {
    reset(client);
    return END_NO_UPSTREAM;
  }
  if (drop_after_connect) {
    close(up);
    close(client);
    return END_DROPPED;
  }
  fds[0] = client;
  fds[1] = up;
  while (open_in[0] || open_in[1]) {
    struct pollfd p[2];
    int timeout = -1, n;

    if (deadline >= 0) {
      int64_t left = deadline - now_ms();

      if (left <= 0)
        goto cut;
      timeout = (int)left;
    }
    for (i = 0; i < 2; i++) {
      p[i].fd = open_in[i] ? fds[i] : -1;
      p[i].events = POLLIN;
      p[i].revents = 0;
    }
    n = poll(p, 2, timeout);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      break;
    for (i = 0; i < 2; i++) {
      ssize_t got;
      int64_t wait;

      if (p[i].revents == 0)
        continue;
      got = recv(fds[i], buf, sizeof(buf), 0);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0) {
        /* This side is done sending: so is the other side's copy. */
        open_in[i] = 0;
        (void)shutdown(fds[1 - i], SHUT_WR);
        if (got < 0)
          open_in[0] = open_in[1] = 0;
        continue;
      }
      wait = pick(&rng, &o->delay);
      if (deadline >= 0 && now_ms() + wait >= deadline) {
        sleep_ms(deadline - now_ms());
        goto cut;
      }
      sleep_ms(wait);
      if (write_all(fds[1 - i], buf, (size_t)got) != 0)
        open_in[0] = open_in[1] = 0;
    }
  }
  close(client);
  close(up);
  return END_CLOSED;
cut:
  reset(client);
  reset(up);
  return END_CUT;
}

int main(int argc, char **argv)
{
  struct options o;
  struct sigaction sa;
  struct sockaddr_in bound;
  socklen_t blen = sizeof(bound);
  pid_t children[MAX_CHILDREN];
  int nchildren = 0, lfd, one = 1, i;
  long accepted = 0, dropped = 0, cut = 0, relayed = 0;
  uint64_t rng;

  parse_options(argc, argv, &o);
  rng = o.seed;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  lfd = socket(AF_INET, SOCK_STREAM, 0);
  if (lfd < 0) {
    perror("td_flaky_proxy: socket");
    return 1;
  }
  /* Not for --refuse: a socket that only holds its port without it, so
   * that nobody else binds it meanwhile. */
  if (!o.refuse)
    (void)setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(lfd, (const struct sockaddr *)&o.listen, sizeof(o.listen)) != 0 ||
      getsockname(lfd, (struct sockaddr *)&bound, &blen) != 0) {
    perror("td_flaky_proxy: bind");
    return 1;
  }
  if (o.refuse) {
    printf("refusing on 127.0.0.1:%u\n", (unsigned)ntohs(bound.sin_port));
    fflush(stdout);
    while (!stopping)
      pause();
    close(lfd);
    return 0;
  }
  if (listen(lfd, 64) != 0) {
    perror("td_flaky_proxy: listen");
    return 1;
  }
  printf("listening on 127.0.0.1:%u\n", (unsigned)ntohs(bound.sin_port));
  fflush(stdout);

  while (!stopping) {
    struct pollfd p = {lfd, POLLIN, 0};
    int status, c, drop, after;
    int64_t cut_ms;
    uint64_t child_rng;
    pid_t pid;

    /* Reaps the connections that ended, counting how. */
    for (i = 0; i < nchildren;) {
      if (waitpid(children[i], &status, WNOHANG) == children[i]) {
        /* With no upstream the client meets a drop as well. */
        if (WIFEXITED(status) && (WEXITSTATUS(status) == END_DROPPED ||
                                  WEXITSTATUS(status) == END_NO_UPSTREAM))
          dropped++;
        else if (WIFEXITED(status) && WEXITSTATUS(status) == END_CUT)
          cut++;
        else
          relayed++;
        children[i] = children[--nchildren];
      } else {
        i++;
      }
    }
    if (poll(&p, 1, 100) <= 0)
      continue;
    c = accept(lfd, NULL, NULL);
    if (c < 0)
      continue;
    accepted++;
    /* Every draw is made here, in order, so a seed replays the run. */
    drop = (double)(next_random(&rng) >> 11) / 9007199254740992.0 < o.drop;
    after = (int)(next_random(&rng) & 1);
    cut_ms = o.cut.max > 0 ? pick(&rng, &o.cut) : 0;
    if (cut_ms == 0 && o.cut.max > 0)
      cut_ms = 1;
    child_rng = next_random(&rng) | 1;
    if (accepted <= o.drop_first) {
      drop = 1;
      after = (int)(accepted % 2 == 0);
    }
    if (drop && !after) {
      reset(c);
      dropped++;
      continue;
    }
    if (nchildren == MAX_CHILDREN) {
      reset(c);
      continue;
    }
    pid = fork();
    if (pid == 0) {
      close(lfd);
      signal(SIGTERM, SIG_DFL);
      signal(SIGINT, SIG_DFL);
      _exit(relay(c, &o, child_rng, drop, cut_ms));
    }
    close(c);
    if (pid > 0)
      children[nchildren++] = pid;
  }
  close(lfd);
  for (i = 0; i < nchildren; i++)
    kill(children[i], SIGTERM);
  for (i = 0; i < nchildren; i++)
    waitpid(children[i], NULL, 0);
  fprintf(stderr,
          "td_flaky_proxy: %ld connections: %ld dropped, %ld cut, %ld relayed "
          "(or still open)\n",
          accepted, dropped, cut, relayed + nchildren);
  return 0;
}
