/* pb-connector-private.h: what pb-connector.c and pb-connector-json.c share; not public API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pb-connector.h"

G_BEGIN_DECLS

struct _PbConnector
{
  GObject parent_instance;

  char *id;
  char *name;
  PbConnectorKind kind;
  char *definition_id;
  char *base_url;
  char *auth_header;
  char *auth_prefix;
  char *auth_query_param;
  char *username;
  char *client_id;
  char *auth_url;
  char *token_url;
  char *scopes;
  char *redirect_uri;
  PbConnectorState state;
  char *state_message;
  gint64 modified;

  /* The last connection test: an outcome id ("ok", "refused"…), the HTTP status (0: none)
   * and when it ran (unix µs); NULL outcome: not tested since the settings last changed. */
  char *last_test_outcome;
  guint last_test_status;
  gint64 last_test_time;

  GHashTable *settings;   /* char* key → char* value */
  GHashTable *secrets;    /* set of field names */

  /* TRUE while update_from() copies a saved version in: not a local change. */
  guint updating : 1;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_DEFINITION_ID,
  PROP_BASE_URL,
  PROP_AUTH_HEADER,
  PROP_AUTH_PREFIX,
  PROP_AUTH_QUERY_PARAM,
  PROP_USERNAME,
  PROP_CLIENT_ID,
  PROP_AUTH_URL,
  PROP_TOKEN_URL,
  PROP_SCOPES,
  PROP_REDIRECT_URI,
  PROP_STATE,
  PROP_STATE_MESSAGE,
  PROP_MODIFIED,
  PROP_SECRET_FIELDS,
  PROP_LAST_TEST_TIME,
  N_PROPS
};

extern GParamSpec *pb_connector_properties[N_PROPS];

/* String properties in one table: offset into the struct and JSON member name (= property name). */
typedef struct {
  guint prop_id;
  goffset offset;
} PbConnectorStringProp;

extern const PbConnectorStringProp pb_connector_string_props[];
extern const guint pb_connector_n_string_props;

#define PB_CONNECTOR_STRING_FIELD(self, sp) ((char **) G_STRUCT_MEMBER_P ((self), (sp)->offset))

/* JSON ids of PbConnectorState, indexed by state. */
extern const char * const pb_connector_state_ids[];
extern const guint pb_connector_n_state_ids;

/* A local change to a setting the last connection test depended on: the result is stale. */
void pb_connector_forget_last_test (PbConnector *self);

/* Sets one string property; empty means not set (except for the name); notifies on change. */
void pb_connector_set_string (PbConnector *self,
                              guint        prop_id,
                              const char  *value);

G_END_DECLS
