/* The metrics registry and its exposition (server/util/metrics.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "util/metrics.h"

/* The exposition, or NULL (a failed ASSERT of the caller) if it failed. */
static char *render(void)
{
  struct td_mbuf b = {NULL, 0, 0, 0};

  td_metrics_render(&b, "9.9.9");
  if (b.oom || b.p == NULL || strlen(b.p) != b.len) {
    free(b.p);
    return NULL;
  }
  return b.p;
}

static int has(const char *text, const char *line)
{
  char want[512];

  snprintf(want, sizeof(want), "\n%s\n", line);
  return strstr(text, want) != NULL;
}

static void requests_and_histogram(void)
{
  char *t;

  td_metrics_request("submit_petition", "OK", 500000ull);   /* 0.5 ms */
  td_metrics_request("submit_petition", "OK", 30000000ull); /* 30 ms */
  td_metrics_request("submit_petition", "INVALID_ARGUMENT", 2000000ull);
  td_metrics_request("get_petition", "OK", 20000000000ull); /* 20 s */
  t = render();
  ASSERT_NOT_NULL(t);
  ASSERT(
      has(t, "tiepdan_requests_total{op=\"submit_petition\",result=\"OK\"} 2"));
  ASSERT(has(t, "tiepdan_requests_total{op=\"submit_petition\",result="
                "\"INVALID_ARGUMENT\"} 1"));
  ASSERT(has(t, "tiepdan_requests_total{op=\"get_petition\",result=\"OK\"} 1"));
  /* Cumulative buckets. */
  ASSERT(has(t, "tiepdan_request_duration_seconds_bucket{op=\"submit_"
                "petition\",le=\"0.001\"} 1"));
  ASSERT(has(t, "tiepdan_request_duration_seconds_bucket{op=\"submit_"
                "petition\",le=\"0.0025\"} 2"));
  ASSERT(has(t, "tiepdan_request_duration_seconds_bucket{op=\"submit_"
                "petition\",le=\"0.025\"} 2"));
  ASSERT(has(t, "tiepdan_request_duration_seconds_bucket{op=\"submit_"
                "petition\",le=\"0.05\"} 3"));
  ASSERT(has(t, "tiepdan_request_duration_seconds_bucket{op=\"submit_"
                "petition\",le=\"+Inf\"} 3"));
  ASSERT(has(t, "tiepdan_request_duration_seconds_count{op=\"submit_"
                "petition\"} 3"));
  ASSERT(has(t, "tiepdan_request_duration_seconds_sum{op=\"submit_"
                "petition\"} 0.032500000"));
  /* Beyond the last bucket: only +Inf counts it. */
  ASSERT(has(t, "tiepdan_request_duration_seconds_bucket{op=\"get_petition\","
                "le=\"10\"} 0"));
  ASSERT(has(t, "tiepdan_request_duration_seconds_bucket{op=\"get_petition\","
                "le=\"+Inf\"} 1"));
  ASSERT(has(t, "tiepdan_build_info{version=\"9.9.9\"} 1"));
  free(t);
}

static void too_many_operations(void)
{
  char op[40];
  char *t;
  int i;

  for (i = 0; i < 100; i++) {
    snprintf(op, sizeof(op), "op_%d", i);
    td_metrics_request(op, "OK", 1);
  }
  /* A name longer than a slot is cut, not overrun. */
  td_metrics_request("a_very_long_operation_name_beyond_thirty_one_bytes", "OK",
                     1);
  t = render();
  ASSERT_NOT_NULL(t);
  /* 64 slots: 2 taken above, 61 named, the last one "other". */
  ASSERT(has(t, "tiepdan_requests_total{op=\"op_60\",result=\"OK\"} 1"));
  ASSERT(!has(t, "tiepdan_requests_total{op=\"op_61\",result=\"OK\"} 1"));
  ASSERT(has(t, "tiepdan_requests_total{op=\"other\",result=\"OK\"} 40"));
  free(t);
}

static void labels_escaped(void)
{
  struct td_mbuf b = {NULL, 0, 0, 0};

  td_mbuf_label(&b, "a\"b\\c\nd Tỉnh");
  ASSERT_STR_EQ(b.p, "a\\\"b\\\\c\\nd Tỉnh");
  free(b.p);
}

static void db_errors_by_class(void)
{
  char *t;

  td_metrics_db_error("23505");
  td_metrics_db_error("23503");
  td_metrics_db_error("P0001");
  td_metrics_db_error(NULL);
  td_metrics_db_error("x");
  td_metrics_db_error("zz123");
  t = render();
  ASSERT_NOT_NULL(t);
  ASSERT(has(t, "tiepdan_db_errors_total{class=\"23\"} 2"));
  ASSERT(has(t, "tiepdan_db_errors_total{class=\"P0\"} 1"));
  /* NULL (connection lost) and too short: connection exception. */
  ASSERT(has(t, "tiepdan_db_errors_total{class=\"08\"} 2"));
  ASSERT(has(t, "tiepdan_db_errors_total{class=\"XX\"} 1"));
  free(t);
}

static void gauges_and_reasons(void)
{
  char *t;

  TD_METRIC_INC(refused[TD_REFUSED_MAX_CONNS]);
  TD_METRIC_INC(tls_failures[TD_TLSF_REVOKED]);
  TD_METRIC_INC(tls_failures[TD_TLSF_REVOKED]);
  TD_METRIC_SET(pool_busy, 3);
  TD_METRIC_SET(feed_horizon, 12345);
  td_metrics_client_expiry(2000000000);
  td_metrics_client_expiry(1900000000);
  td_metrics_client_expiry(1950000000);
  t = render();
  ASSERT_NOT_NULL(t);
  ASSERT(has(t, "tiepdan_connections_refused_total{reason=\"max_conns\"} 1"));
  ASSERT(has(t, "tiepdan_connections_refused_total{reason=\"draining\"} 0"));
  ASSERT(has(t, "tiepdan_tls_handshake_failures_total{reason=\"revoked\"} 2"));
  ASSERT(has(t, "tiepdan_db_pool_connections{state=\"busy\"} 3"));
  ASSERT(has(t, "tiepdan_feed_horizon 12345"));
  ASSERT(has(t, "tiepdan_certificate_expiry_timestamp_seconds{certificate="
                "\"client\"} 1900000000"));
  /* Unknown yet: not shown rather than shown as 1970. */
  ASSERT(strstr(t, "certificate=\"server\"") == NULL);
  ASSERT_STR_EQ(td_tls_failure_name(TD_TLSF_UNKNOWN_CA), "unknown_ca");
  ASSERT_STR_EQ(td_refused_name(TD_REFUSED_N), "other");
  free(t);
}

int main(void)
{
  RUN_TEST(requests_and_histogram);
  RUN_TEST(too_many_operations);
  RUN_TEST(labels_escaped);
  RUN_TEST(db_errors_by_class);
  RUN_TEST(gauges_and_reasons);
  return TEST_EXIT();
}
