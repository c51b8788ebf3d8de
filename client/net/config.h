/*
 * Where tiepdan's connection options come from. For each option the first
 * of these that gives it wins:
 *
 *   1. the command line (--server, --cert, --key, --ca, --timeout);
 *   2. the environment (TIEPDAN_SERVER, TIEPDAN_CERT, TIEPDAN_KEY,
 *      TIEPDAN_CA, TIEPDAN_TIMEOUT);
 *   3. one configuration file: --config FILE, else $TIEPDAN_CONFIG, else
 *      $HOME/.config/tiepdan/client.conf, else /etc/tiepdan/client.conf,
 *      the last two only if they exist.
 *
 * The file holds "key = value" lines with the keys server, cert, key, ca
 * and timeout (seconds), and two settings: language (vi or en; --lang and
 * TIEPDAN_LANG win over it, and it wins over the locale) and excel (yes or
 * no: csv after a UTF-8 byte-order mark, as --excel); what the document to
 * sign says unless report's options do: report_signer (the signer's name),
 * report_signer_title and report_place; lines starting with '#'
 * and text after " #" are comments. Relative cert, key and ca paths in a file
 * are relative to the file's directory, so a file and its certificates can move
 * together.
 */
#ifndef TD_NET_CONFIG_H
#define TD_NET_CONFIG_H

#include <stddef.h>

#include "common/error.h"

#include "net/conn.h"

#define TD_CLIENT_TIMEOUT_DEFAULT 30 /* Seconds. */
#define TD_CLIENT_TIMEOUT_MAX 3600
#define TD_CLIENT_CONFIG_SYSTEM "/etc/tiepdan/client.conf"

/* What the command line said; NULL for an option not given. Borrowed. */
struct td_client_flags {
  char *server;
  char *cert;
  char *key;
  char *ca;
  char *timeout; /* Seconds, as typed. */
  char *config;
};

/*
 * Fills o from the three sources. The strings in o are malloc'd and freed
 * by td_client_config_free, also after a failure. Returns 0, or TD_EUSAGE
 * with a message in err: a bad file, a bad timeout, or no server, certificate
 * or key given anywhere (ca may stay NULL: the system's trust store).
 */
TD_MUSTCHECK int td_client_config_resolve(const struct td_client_flags *f,
                                          struct td_client_opts *o, char *err,
                                          size_t errlen);

/*
 * Reads one configuration file into o, replacing the options it sets;
 * o->timeout_ms stays 0 if the file sets no timeout. For tests and for
 * td_client_config_resolve. Returns 0, or TD_EUSAGE with "FILE:LINE: ..."
 * in err.
 */
TD_MUSTCHECK int td_client_config_read(const char *path,
                                       struct td_client_opts *o, char *err,
                                       size_t errlen);

/*
 * Applies the settings that must hold before the command prints anything,
 * from the file td_client_config_resolve would read: the language, unless
 * --lang or TIEPDAN_LANG chose one (td_lang_explicit). Returns 1 when the
 * file says excel = yes, else 0. A missing or wrong file is passed over:
 * the command tells it when it connects. Call from main, after the global
 * options are parsed.
 */
int td_client_config_early(const struct td_client_flags *f);

/* Frees the strings of o and zeroes it. */
void td_client_config_free(struct td_client_opts *o);

#endif
