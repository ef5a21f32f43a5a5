/* pb-connector.h: one connector's non-secret settings and its state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How a connector authenticates. Catalog services use one of these plus a definition id. */
typedef enum
{
  PB_CONNECTOR_KIND_API_KEY,  /* "api-key": a key sent in a header (with a prefix) or a query
                                 parameter */
  PB_CONNECTOR_KIND_OAUTH2,   /* "oauth2": authorization code + PKCE, or client credentials */
  PB_CONNECTOR_KIND_INTERCOM, /* "intercom": OAuth 2.0 preset with Intercom's endpoints */
  PB_CONNECTOR_KIND_BASIC,    /* "basic": username + password (or token) */
} PbConnectorKind;

typedef enum {
  PB_CONNECTOR_STATE_NEEDS_SETUP,       /* required values missing */
  PB_CONNECTOR_STATE_READY,             /* configured (and, if tested, the test passed) */
  PB_CONNECTOR_STATE_NEEDS_ATTENTION,   /* the last connection test failed */
  PB_CONNECTOR_STATE_RECONNECT_NEEDED,  /* OAuth grant revoked or expired for good */
} PbConnectorState;

/* Secret field names: values live only in the keyring (PbVault), never in this object. */
/* Where a new API key connector sends its key (pb_connector_store_create, the api-key
 * definition's defaults): "Authorization: Bearer KEY". */
#define PB_CONNECTOR_DEFAULT_AUTH_HEADER "Authorization"
#define PB_CONNECTOR_DEFAULT_AUTH_PREFIX "Bearer"

#define PB_SECRET_API_KEY       "api-key"
#define PB_SECRET_CLIENT_SECRET "client-secret"
#define PB_SECRET_PASSWORD      "password"
#define PB_SECRET_ACCESS_TOKEN  "access-token"
#define PB_SECRET_REFRESH_TOKEN "refresh-token"
#define PB_SECRET_TOKEN_EXPIRY  "token-expiry"

#define PB_TYPE_CONNECTOR (pb_connector_get_type ())

G_DECLARE_FINAL_TYPE (PbConnector, pb_connector, PB, CONNECTOR, GObject)

/* Properties (all notify only on change): "id" (construct-only, opaque UUID), "name", "kind",
 * "definition-id", "base-url", "auth-header", "auth-prefix", "auth-query-param", "username",
 * "client-id", "auth-url", "token-url", "scopes", "redirect-uri", "state", "state-message",
 * "modified" (gint64, unix µs of the last local change), "last-test-time" (gint64, read-only),
 * "secret-fields" (GStrv, read-only:
 * names of the secrets set in the keyring). "kind" and "state" are plain int properties.
 * Every local change notifies "modified", which is what PbConnectorStore autosaves on. */

PbConnector     *pb_connector_new                (const char      *name,
                                                  PbConnectorKind  kind);

const char      *pb_connector_get_id             (PbConnector *self);
const char      *pb_connector_get_name           (PbConnector *self);
void             pb_connector_set_name           (PbConnector *self, const char *name);
PbConnectorKind  pb_connector_get_kind           (PbConnector *self);
void             pb_connector_set_kind           (PbConnector *self, PbConnectorKind kind);
/* The catalog definition this connector was made from ("github"…), or NULL for a generic one. */
const char      *pb_connector_get_definition_id  (PbConnector *self);
void             pb_connector_set_definition_id  (PbConnector *self, const char *definition_id);
const char      *pb_connector_get_base_url       (PbConnector *self);
void             pb_connector_set_base_url       (PbConnector *self, const char *base_url);
/* API key placement: a header name and prefix ("Authorization", "Bearer"), or a query parameter. */
const char      *pb_connector_get_auth_header    (PbConnector *self);
void             pb_connector_set_auth_header    (PbConnector *self, const char *header);
const char      *pb_connector_get_auth_prefix    (PbConnector *self);
void             pb_connector_set_auth_prefix    (PbConnector *self, const char *prefix);
const char      *pb_connector_get_auth_query_param (PbConnector *self);
void             pb_connector_set_auth_query_param (PbConnector *self, const char *param);
const char      *pb_connector_get_username       (PbConnector *self);
void             pb_connector_set_username       (PbConnector *self, const char *username);
/* OAuth 2.0 */
const char      *pb_connector_get_client_id      (PbConnector *self);
void             pb_connector_set_client_id      (PbConnector *self, const char *client_id);
const char      *pb_connector_get_auth_url       (PbConnector *self);
void             pb_connector_set_auth_url       (PbConnector *self, const char *url);
const char      *pb_connector_get_token_url      (PbConnector *self);
void             pb_connector_set_token_url      (PbConnector *self, const char *url);
/* Space-separated, as OAuth sends them. */
const char      *pb_connector_get_scopes         (PbConnector *self);
void             pb_connector_set_scopes         (PbConnector *self, const char *scopes);
const char      *pb_connector_get_redirect_uri   (PbConnector *self);
void             pb_connector_set_redirect_uri   (PbConnector *self, const char *uri);

PbConnectorState pb_connector_get_state          (PbConnector *self);
/* MESSAGE explains the state to the user ("The key was refused…"), may be NULL. */
void             pb_connector_set_state          (PbConnector      *self,
                                                  PbConnectorState  state,
                                                  const char       *message);
const char      *pb_connector_get_state_message  (PbConnector *self);
gint64           pb_connector_get_modified       (PbConnector *self);

/* The last connection test, kept in the connectors file: OUTCOME is a stable id ("ok",
 * "refused"… as pb_check_outcome_to_string gives), STATUS the HTTP status (0: no answer),
 * TIME when it ran (unix µs). Never a secret, never message text. A local change to a setting
 * the test depends on (base URL, key placement, header, prefix, query parameter, user name,
 * OAuth client and endpoints, scopes, catalog settings, the type) clears it, and so does
 * pb_connector_clear_last_test (the store calls it when a secret is replaced); a connector
 * that needed attention because of it is READY (untested) again. "last-test-time" notifies. */
void             pb_connector_set_last_test      (PbConnector *self,
                                                  const char  *outcome,
                                                  guint        status,
                                                  gint64       time);
/* The outcome id, or NULL when not tested since the last change; OUT_STATUS and OUT_TIME
 * may be NULL. */
const char      *pb_connector_get_last_test      (PbConnector *self,
                                                  guint       *out_status,
                                                  gint64      *out_time);
void             pb_connector_clear_last_test    (PbConnector *self);

/* Non-secret settings a catalog definition adds (region, workspace…), by field name. */
const char      *pb_connector_get_setting        (PbConnector *self, const char *key);
void pb_connector_set_setting (PbConnector *self, const char *key, const char *value);
/* Sorted keys of the settings above; free with g_strfreev. */
char           **pb_connector_list_settings      (PbConnector *self);

/* Which secret fields are set in the keyring (names only, kept in sync by PbConnectorStore). */
gboolean         pb_connector_has_secret         (PbConnector *self, const char *field);
void pb_connector_mark_secret (PbConnector *self, const char *field, gboolean is_set);
char           **pb_connector_list_secrets       (PbConnector *self);

/* The secret fields this kind of connector uses, in the order a user fills them. */
const char * const *pb_connector_kind_secret_fields (PbConnectorKind kind);
/* Whether KIND stores FIELD: its own fields, plus the OAuth token fields for OAuth kinds. */
gboolean         pb_connector_kind_accepts_secret (PbConnectorKind kind, const char *field);
const char      *pb_connector_kind_to_string     (PbConnectorKind kind);   /* "api-key"… */
gboolean         pb_connector_kind_from_string   (const char *str, PbConnectorKind *out_kind);
/* Translated, for people: "API Key", "OAuth 2.0", "Intercom", "Basic". */
const char      *pb_connector_kind_get_label     (PbConnectorKind kind);

/* Serialization for PbConnectorStore; never includes a secret. */
JsonNode        *pb_connector_to_json            (PbConnector *self);
PbConnector     *pb_connector_new_from_json      (JsonNode *node, GError **error);
/* Copies every setting from OTHER (same id) without emitting notifies for unchanged values. */
void             pb_connector_update_from        (PbConnector *self, PbConnector *other);

G_END_DECLS
