/* pb-definition.h: what one kind of connector needs (a catalog entry)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pb-connector.h"

G_BEGIN_DECLS

typedef enum {
  PB_FIELD_STRING,
  PB_FIELD_INTEGER,
  PB_FIELD_NUMBER,
  PB_FIELD_BOOLEAN,
} PbFieldType;

/* One configuration field, read from the definition's JSON Schema. Owned by its
 * PbDefinition; read-only for everybody else.
 *
 * A secret field's name is the keyring field it is stored under (PB_SECRET_API_KEY,
 * PB_SECRET_PASSWORD…); its value never lives in memory longer than it takes to store it. */
typedef struct {
  char        *name;
  PbFieldType  type;
  char        *title;
  char        *description;
  char        *where;          /* where in the service the user finds the value */
  char        *why;            /* why Plugboard needs it (may be NULL) */
  char        *group;          /* "Advanced"… or NULL */
  char        *format;         /* "uri", "email" or NULL */
  char        *pattern;        /* a GRegex, or NULL */
  char        *pattern_hint;   /* says in words what PATTERN wants */
  char        *default_value;
  char        *maps_to;        /* a PbConnector property ("base-url"…), or NULL: a setting */
  char        *derive_from;    /* a secret field this one is read from… */
  char        *derive_after;   /* …taking what follows the last occurrence of this text */
  char       **enum_values;    /* NULL unless the field is an enum */
  char       **enum_titles;    /* same length as enum_values */
  char       **examples;
  char        *only_when_field; /* a oneOf variant: active only when that field… */
  char        *only_when_value; /* …has this value */
  gboolean     secret;
  gboolean     required;
  gboolean     has_minimum;
  gboolean     has_maximum;
  double       minimum;
  double       maximum;
  int          order;
} PbField;

#define PB_TYPE_DEFINITION (pb_definition_get_type ())

G_DECLARE_FINAL_TYPE (PbDefinition, pb_definition, PB, DEFINITION, GObject)

/* Parses a definition (see data/catalog/NAME.json). PB_ERROR_PARSE with what is wrong. */
PbDefinition    *pb_definition_new_from_json   (JsonNode      *node,
                                                GError       **error);
PbDefinition    *pb_definition_new_from_bytes  (GBytes        *bytes,
                                                GError       **error);

const char      *pb_definition_get_id          (PbDefinition *self);
const char      *pb_definition_get_name        (PbDefinition *self);
const char      *pb_definition_get_summary     (PbDefinition *self);
const char      *pb_definition_get_icon_name   (PbDefinition *self);
const char      *pb_definition_get_docs_url    (PbDefinition *self);
PbConnectorKind  pb_definition_get_kind        (PbDefinition *self);
/* TRUE for the generic types (API Key, OAuth 2.0, Intercom). */
gboolean         pb_definition_is_generic      (PbDefinition *self);
gboolean         pb_definition_is_oauth        (PbDefinition *self);

/* All fields, required first, then by "order"; includes every oneOf variant's fields. */
GPtrArray       *pb_definition_get_fields      (PbDefinition *self);
const PbField   *pb_definition_find_field      (PbDefinition *self, const char *name);
/* Looks a field up by name, title or a word of its title ("region", "Data region", "token"). */
const PbField   *pb_definition_match_field     (PbDefinition *self, const char *text);

/* Expands the definition's templates ("https://{subdomain}.zendesk.com") with VALUES
 * (field name → string). NULL when a value the template needs is missing. */
char            *pb_definition_expand_base_url (PbDefinition *self, GHashTable *values);
const char      *pb_definition_get_base_url_template (PbDefinition  *self,
                                                      const char   **field,
                                                      GHashTable   **map);
char            *pb_definition_expand_username (PbDefinition *self, GHashTable *values);
char *pb_definition_expand_auth (PbDefinition *self, const char *what, GHashTable *values);
/* Extra headers every request sends (name → value), e.g. Notion-Version. */
GHashTable      *pb_definition_get_headers     (PbDefinition *self);
/* The same with "{field}" templates expanded from VALUES; headers whose field is unset are left
 * out. */
GHashTable      *pb_definition_expand_headers  (PbDefinition *self, GHashTable *values);
const char      *pb_definition_get_oauth_auth_url  (PbDefinition *self);
const char      *pb_definition_get_oauth_token_url (PbDefinition *self);

/* The connection test request. */
const char      *pb_definition_get_check_method     (PbDefinition *self);
char            *pb_definition_expand_check_path    (PbDefinition *self, GHashTable *values);
guint            pb_definition_get_check_status     (PbDefinition *self);
const char      *pb_definition_get_check_json_field (PbDefinition *self);
gboolean         pb_definition_get_check_json_true  (PbDefinition *self);
const char      *pb_definition_get_check_body       (PbDefinition *self);
const char      *pb_definition_get_check_content_type (PbDefinition *self);

/* Checks VALUE for FIELD (type, enum, format, pattern, range). The message says in plain
 * words what is wrong and what a right value looks like. Secret values are checked here too
 * and never put into the message. */
gboolean         pb_field_validate             (const PbField  *field,
                                                const char     *value,
                                                GError        **error);
/* The title of enum VALUE, or VALUE. */
const char      *pb_field_enum_title           (const PbField *field, const char *value);

/* The definition as JSON for `plugboard-cli definitions --json`. */
JsonNode        *pb_definition_to_json         (PbDefinition *self);

G_END_DECLS
