/* pb-manifest.h: a declarative connector (an Airbyte low-code DeclarativeSource), as a model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <cjson/cJSON.h>

#include "pb-evidence.h"
#include "pb-manifest-stream.h"

G_BEGIN_DECLS

typedef enum {
  PB_AUTH_NONE,      /* NoAuth */
  PB_AUTH_API_KEY,   /* ApiKeyAuthenticator */
  PB_AUTH_BEARER,    /* BearerAuthenticator */
  PB_AUTH_BASIC,     /* BasicHttpAuthenticator */
  PB_AUTH_OAUTH,     /* OAuthAuthenticator */
} PbAuthKind;

typedef struct {
  PbAuthKind    kind;
  /* ApiKey: header name (inject_into header) or query parameter name. */
  gboolean      in_query;
  char         *field_name;
  char         *value_prefix;        /* "Token", "Bearer"… (NULL = none) */
  /* OAuth 2.0 */
  char         *token_url;
  char         *authorization_url;   /* for the consent flow (authorization code) */
  char         *grant_type;          /* "refresh_token", "client_credentials" */
  GStrv         scopes;
} PbManifestAuth;

/* One field of the connection specification users fill. */
typedef struct {
  char     *name;          /* config key ("api_key") */
  char     *type;          /* JSON Schema type: "string", "integer", "boolean" */
  char     *format;        /* "date-time" or NULL */
  char     *title;
  char     *description;
  char     *default_value; /* as a string, NULL = none */
  gboolean  secret;        /* airbyte_secret */
  gboolean  required;
  int       order;
} PbManifestField;

#define PB_TYPE_MANIFEST (pb_manifest_get_type ())

G_DECLARE_FINAL_TYPE (PbManifest, pb_manifest, PB, MANIFEST, GObject)

/* Properties: "name", "url-base", "version" (notify on change). */
PbManifest       *pb_manifest_new                 (void);

const char       *pb_manifest_get_name            (PbManifest *self);
void              pb_manifest_set_name            (PbManifest *self, const char *name);
/* Declarative manifest version ("6.0.0"). */
const char       *pb_manifest_get_version         (PbManifest *self);
void              pb_manifest_set_version         (PbManifest *self, const char *version);
/* May hold "{{ config['subdomain'] }}". */
const char       *pb_manifest_get_url_base        (PbManifest *self);
void              pb_manifest_set_url_base        (PbManifest *self, const char *url_base);

/* Owned by the manifest, never NULL. */
PbManifestAuth   *pb_manifest_get_auth            (PbManifest *self);
void              pb_manifest_clear_auth          (PbManifest *self);

/* Connection specification fields, in order. Adding a field with an existing name replaces it. */
PbManifestField *pb_manifest_add_field (PbManifest *self, const char *name, const char *type);
PbManifestField  *pb_manifest_find_field          (PbManifest *self, const char *name);
guint             pb_manifest_get_n_fields        (PbManifest *self);
PbManifestField  *pb_manifest_get_field           (PbManifest *self, guint index);

void              pb_manifest_add_stream          (PbManifest *self, PbManifestStream *stream);
guint             pb_manifest_get_n_streams       (PbManifest *self);
PbManifestStream *pb_manifest_get_stream          (PbManifest *self, guint index);
PbManifestStream *pb_manifest_find_stream         (PbManifest *self, const char *name);
void              pb_manifest_remove_stream       (PbManifest *self, guint index);

/* Names of the streams the `check` runs (NULL-terminated; default: the first stream). */
const char * const *pb_manifest_get_check_streams (PbManifest *self);
void              pb_manifest_set_check_streams   (PbManifest *self, const char * const *names);

/* Evidence for manifest-level values. KEY: "url_base", "auth", "field:<name>". */
void pb_manifest_set_evidence (PbManifest *self, const char *key, PbEvidence *evidence);
PbEvidence       *pb_manifest_get_evidence        (PbManifest *self, const char *key);
const char      **pb_manifest_list_evidence_keys  (PbManifest *self);

/* Writer (pb-manifest-writer.c): the Airbyte declarative manifest, components inline. */
typedef enum {
  PB_MANIFEST_FORMAT_JSON,
  PB_MANIFEST_FORMAT_YAML,
} PbManifestFormat;

cJSON            *pb_manifest_to_json             (PbManifest *self);
char             *pb_manifest_to_string           (PbManifest       *self,
                                                   PbManifestFormat  format,
                                                   GError          **error);
/* Evidence as JSON: { "/streams/0/retriever/requester/path": {source_uri, pointer, …}, … }
 * keyed by JSON pointers into the manifest pb_manifest_to_json () writes. */
char             *pb_manifest_evidence_to_string  (PbManifest *self);

/* Reader (pb-manifest-reader.c): an existing manifest (YAML or JSON; `$ref`, "#/definitions/…"
 * strings and `$parameters` resolved as the Airbyte CDK does) into a model. */
PbManifest       *pb_manifest_new_from_data       (const char  *data,
                                                   gsize        length,
                                                   GError     **error);
PbManifest       *pb_manifest_new_from_json       (const cJSON *root,
                                                   GError     **error);

G_END_DECLS
