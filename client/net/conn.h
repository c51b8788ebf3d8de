/*
 * A blocking mutual-TLS connection to tiepdand, for the tiepdan command and
 * for the integration tests.
 *
 * One td_conn is one TCP connection with one TLS session on it. Every
 * operation waits at most opts->timeout_ms (0 means no limit) for the
 * network; the process must ignore SIGPIPE, because a write to a peer that
 * has gone away would otherwise kill it.
 *
 * Every fallible function returns 0 or a negative TD_E* code (common/error.h:
 * TD_ECONNECT, TD_ETLS, TD_ECREDS, TD_ETIMEOUT, TD_EPROTO, TD_ECLOSED,
 * TD_ETOOBIG, TD_ENOMEM, TD_EUSAGE) and writes into err a message meant for
 * the reception officer: what went wrong, and what to do about it.
 */
#ifndef TD_NET_CONN_H
#define TD_NET_CONN_H

#include <stddef.h>

#include "common/error.h"
#include "tiepdan.pb-c.h"

/* Connection options; all strings are borrowed for the call they are
 * passed to. cert and key go together: both or neither. A NULL ca means the
 * system's default trust store. */
struct td_client_opts {
  char *server; /* HOST:PORT, [IPv6]:PORT or IPv4:PORT. */
  char *cert;   /* PEM certificate chain of this computer. */
  char *key;    /* PEM private key of that certificate, unencrypted. */
  char *ca;     /* PEM CA certificates that sign the server's certificate. */
  int timeout_ms;
  /* The settings of the configuration file (net/config.h): language "vi"
   * or "en", "" when not set; excel 1 (yes), -1 (no), 0 (not set). */
  char language[4];
  int excel;
  /* How many receipt numbers this workstation keeps leased for petitions
   * received offline (issue 13); 0: the default. */
  int offline_receipts;
  /* What the document to sign (report --doc) says unless its options do:
   * the signer's name and title and the place; NULL when not set. */
  char *report_signer;
  char *report_signer_title;
  char *report_place;
};

#define TD_OFFLINE_RECEIPTS_DEFAULT 100
#define TD_OFFLINE_RECEIPTS_MAX 1000

struct td_conn;

/*
 * Splits "host:port", "[v6]:port" into host and port. A bare IPv6 address
 * without brackets is refused because its last colon is ambiguous. Returns 0
 * or TD_EUSAGE with a message in err.
 */
TD_MUSTCHECK int td_conn_split_server(const char *server, char *host,
                                      size_t hostlen, char *port,
                                      size_t portlen, char *err, size_t errlen);

/*
 * Connects, verifies the server's certificate against o->ca and the host
 * name or address in o->server, and presents o->cert. On success *out is a
 * connection the caller closes with td_conn_close.
 */
TD_MUSTCHECK int td_conn_open(const struct td_client_opts *o,
                              struct td_conn **out, char *err, size_t errlen);

/*
 * Sends req and waits for its reply. The request_id of req is overwritten
 * with the connection's next id (1, 2, ...). The reply is the Envelope with
 * that id, or an Envelope with request_id 0 carrying an Error, which concerns
 * the whole connection. On success the caller owns *reply and frees it with
 * tiepdan__envelope__free_unpacked(*reply, NULL). A HelloReply's max_frame
 * becomes the limit on later requests.
 */
TD_MUSTCHECK int td_conn_call(struct td_conn *c, Tiepdan__Envelope *req,
                              Tiepdan__Envelope **reply, char *err,
                              size_t errlen);

/* Writes n bytes as they are, for tests that send malformed frames. */
TD_MUSTCHECK int td_conn_send_raw(struct td_conn *c, const void *buf, size_t n,
                                  char *err, size_t errlen);

/*
 * Reads the next Envelope, whatever its request_id; the caller frees it as
 * for td_conn_call. Returns TD_ECLOSED when the server has closed the
 * connection, TD_ETIMEOUT when nothing came in time.
 */
TD_MUSTCHECK int td_conn_recv(struct td_conn *c, Tiepdan__Envelope **env,
                              char *err, size_t errlen);

/* The size on the wire of the last frame td_conn_recv read, its 4-byte
 * header included; 0 before any. For tests that compare replies. */
size_t td_conn_last_frame_size(const struct td_conn *c);

/* The connection's socket, or -1 for NULL or before it has one. Only for
 * waking a call blocked on it from a signal handler with shutdown(2), which
 * makes the call fail with TD_ECLOSED; the caller must not close it. */
int td_conn_fd(const struct td_conn *c);

/* The server's certificate of this connection as PEM, malloc'd; NULL when
 * there is none (not connected) or memory ran out. The outbox seals
 * secrets to it. */
char *td_conn_peer_pem(const struct td_conn *c);

/* Shuts TLS down politely if the connection is still sound, closes the
 * socket and frees c. NULL is allowed. */
void td_conn_close(struct td_conn *c);

/* Closes the socket without a TLS close_notify and frees c, as a crashed
 * client would. NULL is allowed. */
void td_conn_abort(struct td_conn *c);

#endif
