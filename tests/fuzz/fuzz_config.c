/*
 * libFuzzer target: the configuration files, the server's
 * (server/util/config.c, tiepdand --config) and the client's
 * (client/net/config.c, client.conf).
 *
 * Both parsers read only from a path, so each input is written to a file
 * in a directory made once per process on tmpfs (/dev/shm when there is
 * one) and read by the parsers' own API, as the programs read it. The same
 * bytes go to both: what one accepts must leave its settings within their
 * documented ranges.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "net/config.h"
#include "util/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char file[256];

static void cleanup(void)
{
  char *slash;

  unlink(file);
  slash = strrchr(file, '/');
  if (slash != NULL) {
    *slash = '\0';
    rmdir(file);
  }
}

/* The file every input is written to, in a directory made on first use. */
static const char *fuzz_file(void)
{
  char dir[] = "/dev/shm/td-fuzz-config-XXXXXX";
  char alt[] = "/tmp/td-fuzz-config-XXXXXX";
  char *d;

  if (file[0] != '\0')
    return file;
  d = mkdtemp(dir);
  if (d == NULL)
    d = mkdtemp(alt);
  if (d == NULL)
    abort();
  snprintf(file, sizeof(file), "%s/fuzz.conf", d);
  atexit(cleanup);
  return file;
}

static void write_input(const char *path, const uint8_t *data, size_t size)
{
  FILE *f = fopen(path, "wb");

  if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    abort();
}

static void server_config(const char *path)
{
  struct td_config c;
  char err[1024];

  td_config_init(&c);
  if (td_config_load(&c, path, err, sizeof(err)) == 0) {
    if (c.listen_port < 0 || c.listen_port > 65535 || c.pool_size < 1 ||
        c.max_frame > TD_FRAME_HARD_MAX || c.max_conns < 1 ||
        c.max_in_flight < 1 || c.idle_timeout_ms < 0 ||
        c.handshake_timeout_ms < 0 || c.drain_timeout_ms < 0)
      abort();
    if (td_config_check(&c, err, sizeof(err)) != 0 && err[0] == '\0')
      abort();
  } else if (err[0] == '\0') {
    abort();
  }
  td_config_free(&c);
}

static void client_config(const char *path)
{
  struct td_client_opts o;
  char err[1024];

  memset(&o, 0, sizeof(o));
  if (td_client_config_read(path, &o, err, sizeof(err)) == 0) {
    if (o.timeout_ms < 0 || o.timeout_ms > TD_CLIENT_TIMEOUT_MAX * 1000)
      abort();
  } else if (err[0] == '\0') {
    abort();
  }
  td_client_config_free(&o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *path = fuzz_file();

  write_input(path, data, size);
  server_config(path);
  client_config(path);
  return 0;
}
