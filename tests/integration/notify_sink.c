/*
 * td_notify_sink SOCKET OUT: plays systemd's side of sd_notify for the
 * tests (test_systemd.sh). Binds a datagram socket at SOCKET, then appends
 * every message a service sends there to OUT, one a line ("READY=1",
 * "WATCHDOG=1", "STATUS=serving ..."; a message of several assignments
 * gives several lines), flushed at once, until it is killed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  struct sockaddr_un sa;
  char buf[4096];
  FILE *out;
  ssize_t n;
  int fd;

  if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
    fprintf(stderr, "usage: td_notify_sink SOCKET OUT\n");
    return 2;
  }
  fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  memset(&sa, 0, sizeof(sa));
  sa.sun_family = AF_UNIX;
  memcpy(sa.sun_path, argv[1], strlen(argv[1]));
  unlink(argv[1]);
  if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
    fprintf(stderr, "td_notify_sink: %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  out = fopen(argv[2], "a");
  if (out == NULL) {
    fprintf(stderr, "td_notify_sink: %s: %s\n", argv[2], strerror(errno));
    return 1;
  }
  for (;;) {
    n = recv(fd, buf, sizeof(buf) - 1, 0);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return 1;
    }
    buf[n] = '\0';
    fprintf(out, "%s%s", buf, n > 0 && buf[n - 1] == '\n' ? "" : "\n");
    fflush(out);
  }
}
