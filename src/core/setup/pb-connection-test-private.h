/* pb-connection-test-private.h: what the connection test's files share (not a type)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "pb-connection-test.h"

G_BEGIN_DECLS

#define DEFAULT_TIMEOUT 20
#define MAX_BODY (1024 * 1024)

struct _PbConnectionTest
{
  GObject           parent_instance;

  PbConnectorStore *store;
  PbDefinition     *definition;
  PbConnector      *connector;
  PbHttp           *http;
  PbTokenManager   *token_manager;   /* OAuth: refreshes an expired token, retries a 401 */
  guint             timeout;
};


/* One run of the test. */
typedef struct {
  GCancellable *cancellable;     /* ours: cancelled by the timeout or the caller's */
  GCancellable *caller;
  gulong        caller_handler;
  guint         timeout_id;
  gboolean      timed_out;
  char         *host;
  char         *shown_url;       /* without the query, which may hold a key */
  SoupMessage  *message;
} RunData;

/* pb-connection-test-explain.c: results and their explanations */
PbCheckResult *pb_connection_test_result_new (PbCheckOutcome outcome, guint status, char *summary,
                                              char *explanation, char *suggestion);
const char * pb_connection_test_secret_field_for (PbConnectorKind kind);
const char * pb_connection_test_secret_title (PbConnectionTest *self);
const char * pb_connection_test_service_name (PbConnectionTest *self);
PbCheckResult *pb_connection_test_refused_key_result (PbConnectionTest *self, guint status,
                                                      const char *service, const char *title,
                                                      const char *where);
const char * pb_connection_test_secret_where (PbConnectionTest *self);
PbCheckResult * pb_connection_test_check_body (PbConnectionTest *self, guint status, GBytes *body);
PbCheckResult *pb_connection_test_explain_status (PbConnectionTest *self, RunData *data,
                                                  guint status, GBytes *body);

G_END_DECLS
