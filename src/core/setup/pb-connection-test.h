/* pb-connection-test.h: sends a definition's check request and explains the answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pb-connector-store.h"
#include "pb-definition.h"
#include "pb-http.h"
#include "pb-token-manager.h"

G_BEGIN_DECLS

typedef enum {
  PB_CHECK_OK,
  PB_CHECK_INCOMPLETE,      /* required values or the secret are missing */
  PB_CHECK_NOT_SIGNED_IN,   /* OAuth: no access token yet */
  PB_CHECK_REFUSED,         /* 401 */
  PB_CHECK_FORBIDDEN,       /* 403 */
  PB_CHECK_NOT_FOUND,       /* 404 */
  PB_CHECK_RATE_LIMITED,    /* 429 */
  PB_CHECK_SERVER_ERROR,    /* 5xx */
  PB_CHECK_UNEXPECTED,      /* another status, or a body that is not what the service sends */
  PB_CHECK_TIMEOUT,
  PB_CHECK_NETWORK,         /* DNS, refused, unreachable */
  PB_CHECK_TLS,
  PB_CHECK_CREDENTIAL_NOT_SENT, /* the credential could not be put on the request: not sent */
} PbCheckOutcome;

/* A stable id for scripts and the connectors file ("ok", "refused", "credential-not-sent"…). */
const char *pb_check_outcome_to_string   (PbCheckOutcome outcome);
/* The outcome of an id; FALSE for an unknown one. */
gboolean    pb_check_outcome_from_string (const char     *id,
                                          PbCheckOutcome *out_outcome);
/* For a result remembered without its words (read back from the connectors file): a short
 * heading ("Connected", "Credentials Refused"…) and what to do, translated. */
const char *pb_check_outcome_get_title   (PbCheckOutcome outcome);
const char *pb_check_outcome_get_advice  (PbCheckOutcome outcome);

/* What happened, in plain words: SUMMARY ("The key was refused."), EXPLANATION (why that
 * happens) and SUGGESTION (what to do). Never contains a secret. */
typedef struct {
  PbCheckOutcome  outcome;
  guint           status;        /* HTTP status, 0 when there was no answer */
  char           *summary;
  char           *explanation;
  char           *suggestion;
  /* A refused API key: where it was sent (never the key). A header name and its prefix (NULL
   * for none), or a query parameter; all NULL for other outcomes and kinds. */
  char           *sent_header;
  char           *sent_prefix;
  char           *sent_query_param;
  gint64          tested_at;     /* when the test ended (unix µs), as the connector keeps it */
} PbCheckResult;

void     pb_check_result_free   (PbCheckResult *result);
/* "summary\nexplanation\nsuggestion" for a chat bubble or a terminal. */
char    *pb_check_result_format (const PbCheckResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbCheckResult, pb_check_result_free)

#define PB_TYPE_CONNECTION_TEST (pb_connection_test_get_type ())

G_DECLARE_FINAL_TYPE (PbConnectionTest, pb_connection_test, PB, CONNECTION_TEST, GObject)

/* The credentials are looked up in the keyring when the request is sent, so a secret
 * changed a moment ago (in either view) is the one used. On finishing, the connector's
 * state becomes READY or NEEDS_ATTENTION with the summary as its message, and the connector
 * keeps the outcome, status and time (pb_connector_set_last_test). */
PbConnectionTest *pb_connection_test_new          (PbConnectorStore *store,
                                                   PbDefinition     *definition,
                                                   PbConnector      *connector);
void              pb_connection_test_set_http     (PbConnectionTest *self,
                                                   PbHttp           *http);
/* OAuth connectors get their token through MANAGER (expired: renewed first; a 401: one
 * refresh and one retry). Without one, the test makes its own. Share the app's. */
void              pb_connection_test_set_token_manager (PbConnectionTest *self,
                                                        PbTokenManager   *manager);
/* Seconds to wait for an answer (default 20). */
void              pb_connection_test_set_timeout  (PbConnectionTest *self,
                                                   guint             seconds);

/* Fails (GError) only when the keyring cannot be read or on cancellation; every answer
 * or transport failure of the service is a PbCheckResult. */
void              pb_connection_test_run_async    (PbConnectionTest    *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
PbCheckResult    *pb_connection_test_run_finish   (PbConnectionTest  *self,
                                                   GAsyncResult      *result,
                                                   GError           **error);

G_END_DECLS
