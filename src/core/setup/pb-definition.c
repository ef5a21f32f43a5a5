/* pb-definition.c: what one kind of connector needs (a catalog entry)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-definition-private.h"
#include "pb-error.h"
#include "pb-string-util.h"
#include "pb-validate.h"

struct _PbDefinition
{
  GObject parent_instance;

  JsonNode        *root;
  char            *id;
  char            *name;
  char            *summary;
  char            *icon_name;
  char            *docs_url;
  PbConnectorKind  kind;
  gboolean         generic;

  /* base_url is either a template or {"field": F, "map": {value: url}} */
  char            *base_url;
  char            *base_url_field;
  GHashTable      *base_url_map;

  char            *auth_header;
  char            *auth_prefix;
  char            *auth_query_param;
  char            *auth_username;
  char            *oauth_auth_url;
  char            *oauth_token_url;
  GHashTable      *headers;

  char            *check_method;
  char            *check_path;
  guint            check_status;
  char            *check_json_field;
  gboolean         check_json_true;
  char            *check_body;
  char            *check_content_type;

  GPtrArray       *fields;
};

G_DEFINE_FINAL_TYPE (PbDefinition, pb_definition, G_TYPE_OBJECT)

static void
pb_definition_finalize (GObject *object)
{
  PbDefinition *self = PB_DEFINITION (object);

  g_clear_pointer (&self->root, json_node_unref);
  g_free (self->id);
  g_free (self->name);
  g_free (self->summary);
  g_free (self->icon_name);
  g_free (self->docs_url);
  g_free (self->base_url);
  g_free (self->base_url_field);
  g_clear_pointer (&self->base_url_map, g_hash_table_unref);
  g_free (self->auth_header);
  g_free (self->auth_prefix);
  g_free (self->auth_query_param);
  g_free (self->auth_username);
  g_free (self->oauth_auth_url);
  g_free (self->oauth_token_url);
  g_clear_pointer (&self->headers, g_hash_table_unref);
  g_free (self->check_method);
  g_free (self->check_path);
  g_free (self->check_json_field);
  g_free (self->check_body);
  g_free (self->check_content_type);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_definition_parent_class)->finalize (object);
}

static void
pb_definition_class_init (PbDefinitionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_definition_finalize;
}

static void
pb_definition_init (PbDefinition *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_field_free);
  self->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->check_status = 200;
}

static gboolean
parse_properties (PbDefinition  *self,
                  JsonObject    *properties,
                  JsonArray     *required,
                  const char    *variant_field,
                  const char    *variant_value,
                  GError       **error)
{
  g_autoptr (GList) names = json_object_get_members (properties);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (properties, name);
      JsonObject *spec;
      PbField *field;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("Field “%s” is not a JSON object."),
                       name);
          return FALSE;
        }
      spec = json_node_get_object (node);
      if (json_object_has_member (spec, "const"))
        continue;   /* the variant's discriminator, declared at the top level */
      if (pb_definition_find_field (self, name) != NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("Field “%s” is declared twice."), name);
          return FALSE;
        }

      field = pb_definition_parse_field (name, spec,
                                         pb_definition_strv_contains_json (required, name),
                                         error);
      if (field == NULL)
        return FALSE;
      field->only_when_field = g_strdup (variant_field);
      field->only_when_value = g_strdup (variant_value);
      g_ptr_array_add (self->fields, field);
    }
  return TRUE;
}

static int
compare_fields (gconstpointer a,
                gconstpointer b)
{
  const PbField *fa = *(const PbField * const *) a;
  const PbField *fb = *(const PbField * const *) b;

  /* Required fields first (variant fields count as required within their variant),
   * then the definition's order. */
  if (fa->required != fb->required)
    return fa->required ? -1 : 1;
  if (fa->order != fb->order)
    return fa->order - fb->order;
  return g_strcmp0 (fa->name, fb->name);
}

static gboolean
parse_schema (PbDefinition  *self,
              JsonObject    *schema,
              GError       **error)
{
  JsonObject *properties = NULL;
  JsonArray *required = NULL;

  if (json_object_has_member (schema, "properties"))
    properties = json_object_get_object_member (schema, "properties");
  if (json_object_has_member (schema, "required"))
    required = json_object_get_array_member (schema, "required");
  if (properties == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("The schema has no “properties”."));
      return FALSE;
    }
  if (!parse_properties (self, properties, required, NULL, NULL, error))
    return FALSE;

  if (json_object_has_member (schema, "oneOf"))
    {
      JsonArray *variants = json_object_get_array_member (schema, "oneOf");

      for (guint i = 0; variants != NULL && i < json_array_get_length (variants); i++)
        {
          JsonObject *variant = json_array_get_object_element (variants, i);
          JsonObject *vprops = NULL;
          JsonArray *vrequired = NULL;
          g_autoptr (GList) names = NULL;
          const char *discriminator = NULL;
          g_autofree char *value = NULL;

          if (variant == NULL || !json_object_has_member (variant, "properties"))
            continue;
          vprops = json_object_get_object_member (variant, "properties");
          if (json_object_has_member (variant, "required"))
            vrequired = json_object_get_array_member (variant, "required");

          names = json_object_get_members (vprops);
          for (GList *l = names; l != NULL; l = l->next)
            {
              JsonObject *spec = json_object_get_object_member (vprops, l->data);

              if (spec != NULL && json_object_has_member (spec, "const"))
                {
                  discriminator = l->data;
                  value = pb_definition_dup_member (spec, "const");
                  break;
                }
            }
          if (discriminator == NULL || pb_definition_find_field (self, discriminator) == NULL)
            {
              g_set_error (
                error, PB_ERROR, PB_ERROR_PARSE,
                _("Variant %u of “oneOf” has no “const” property naming a top-level field."),
                i + 1);
              return FALSE;
            }
          if (!parse_properties (self, vprops, vrequired, discriminator, value, error))
            return FALSE;
        }
    }

  g_ptr_array_sort (self->fields, compare_fields);
  return TRUE;
}

/* The auth values a definition writes into the request follow the rules typed values do
 * (pb-validate.c): one line, no managed header, no ':' in a user name, no secret in the token
 * URL. A "{field}" template is checked once filled in, as a field. */
static gboolean
check_request_values (PbDefinition  *self,
                      GError       **error)
{
  const struct {
    const char *property;
    const char *label;
    const char *value;
  } values[] = {
    { "auth-header", "auth.header", self->auth_header },
    { "auth-prefix", "auth.prefix", self->auth_prefix },
    { "auth-query-param", "auth.query_param", self->auth_query_param },
    { "username", "auth.username", self->auth_username },
    { "token-url", "oauth.token_url", self->oauth_token_url },
  };
  GHashTableIter iter;
  gpointer name, value;
  g_autoptr (GError) local = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (values) && local == NULL; i++)
    {
      if (values[i].value == NULL)
        continue;
      if (strchr (values[i].value, '{') != NULL)
        pb_validate_single_line (values[i].label, values[i].value, &local);
      else
        pb_validate_connector_property (values[i].property, values[i].label, values[i].value,
                                        &local);
    }
  g_hash_table_iter_init (&iter, self->headers);
  while (local == NULL && g_hash_table_iter_next (&iter, &name, &value))
    if (pb_validate_credential_header ("headers", name, &local))
      pb_validate_single_line ("headers", value, &local);

  if (local == NULL)
    return TRUE;
  g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("Definition “%s”: %s"), self->id,
               local->message);
  return FALSE;
}

PbDefinition *
pb_definition_new_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr (PbDefinition) self = NULL;
  JsonObject *object;
  JsonObject *auth = NULL;
  JsonObject *check = NULL;
  JsonNode *base;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("A connector definition must be a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);
  self = g_object_new (PB_TYPE_DEFINITION, NULL);
  self->root = json_node_copy (node);

  self->id = pb_definition_dup_member (object, "id");
  self->name = pb_definition_dup_member (object, "name");
  if (self->id == NULL || *self->id == '\0' || self->name == NULL || *self->name == '\0')
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("A connector definition needs an “id” and a “name”."));
      return NULL;
    }
  self->summary = pb_definition_dup_member (object, "summary");
  self->icon_name = pb_definition_dup_member (object, "icon");
  if (self->icon_name == NULL)
    self->icon_name = g_strdup ("network-server-symbolic");
  self->docs_url = pb_definition_dup_member (object, "docs_url");
  self->generic = json_object_get_boolean_member_with_default (object, "generic", FALSE);

  kind = pb_definition_dup_member (object, "kind");
  if (kind == NULL || !pb_connector_kind_from_string (kind, &self->kind))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("Definition “%s” has an unknown kind “%s”."),
                   self->id, kind ? kind : "");
      return NULL;
    }

  base = json_object_has_member (object, "base_url") ? json_object_get_member (object, "base_url")
                                                     : NULL;
  if (base != NULL && JSON_NODE_HOLDS_OBJECT (base))
    {
      JsonObject *by = json_node_get_object (base);
      JsonObject *map = json_object_get_object_member (by, "map");
      g_autoptr (GList) keys = map ? json_object_get_members (map) : NULL;

      self->base_url_field = pb_definition_dup_member (by, "field");
      self->base_url_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (GList *l = keys; l != NULL; l = l->next)
        g_hash_table_insert (self->base_url_map, g_strdup (l->data),
                             pb_definition_dup_member (map, l->data));
    }
  else
    self->base_url = pb_definition_dup_member (object, "base_url");

  if (json_object_has_member (object, "auth"))
    auth = json_object_get_object_member (object, "auth");
  self->auth_header = pb_definition_dup_member (auth, "header");
  self->auth_prefix = pb_definition_dup_member (auth, "prefix");
  self->auth_query_param = pb_definition_dup_member (auth, "query_param");
  self->auth_username = pb_definition_dup_member (auth, "username");

  if (json_object_has_member (object, "oauth"))
    {
      JsonObject *oauth = json_object_get_object_member (object, "oauth");

      self->oauth_auth_url = pb_definition_dup_member (oauth, "auth_url");
      self->oauth_token_url = pb_definition_dup_member (oauth, "token_url");
    }

  if (json_object_has_member (object, "headers"))
    {
      JsonObject *headers = json_object_get_object_member (object, "headers");
      g_autoptr (GList) keys = headers ? json_object_get_members (headers) : NULL;

      for (GList *l = keys; l != NULL; l = l->next)
        g_hash_table_insert (self->headers, g_strdup (l->data),
                             pb_definition_dup_member (headers, l->data));
    }

  if (!check_request_values (self, error))
    return NULL;

  if (json_object_has_member (object, "check"))
    check = json_object_get_object_member (object, "check");
  if (check == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                   _("Definition “%s” has no “check” request for the connection test."), self->id);
      return NULL;
    }
  self->check_method = pb_definition_dup_member (check, "method");
  if (self->check_method == NULL)
    self->check_method = g_strdup ("GET");
  self->check_path = pb_definition_dup_member (check, "path");
  if (self->check_path == NULL)
    self->check_path = g_strdup ("/");
  self->check_status = (guint) json_object_get_int_member_with_default (check, "status", 200);
  self->check_json_field = pb_definition_dup_member (check, "json_field");
  self->check_json_true = json_object_get_boolean_member_with_default (check, "json_equals", FALSE);
  self->check_body = pb_definition_dup_member (check, "body");
  self->check_content_type = pb_definition_dup_member (check, "content_type");

  if (!json_object_has_member (object, "schema") ||
      json_object_get_object_member (object, "schema") == NULL)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("Definition “%s” has no “schema”."),
                   self->id);
      return NULL;
    }
  if (!parse_schema (self, json_object_get_object_member (object, "schema"), error))
    {
      g_prefix_error (error, _("Definition “%s”: "), self->id);
      return NULL;
    }

  return g_steal_pointer (&self);
}

PbDefinition *
pb_definition_new_from_bytes (GBytes  *bytes,
                              GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

  if (data == NULL || size == 0)
    {
      g_set_error (error, PB_ERROR, PB_ERROR_PARSE, _("The connector definition is empty."));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    {
      if (error != NULL && *error != NULL)
        {
          g_autofree char *message = g_strdup ((*error)->message);
          g_clear_error (error);
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                       _("The connector definition is not valid JSON: %s"), message);
        }
      return NULL;
    }
  return pb_definition_new_from_json (json_parser_get_root (parser), error);
}

const char *pb_definition_get_id (PbDefinition *self) { return self->id; }
const char *pb_definition_get_name (PbDefinition *self) { return self->name; }
const char *pb_definition_get_summary (PbDefinition *self) { return self->summary; }
const char *pb_definition_get_icon_name (PbDefinition *self) { return self->icon_name; }
const char *pb_definition_get_docs_url (PbDefinition *self) { return self->docs_url; }
PbConnectorKind pb_definition_get_kind (PbDefinition *self) { return self->kind; }
gboolean pb_definition_is_generic (PbDefinition *self) { return self->generic; }
GPtrArray *pb_definition_get_fields (PbDefinition *self) { return self->fields; }
GHashTable *pb_definition_get_headers (PbDefinition *self) { return self->headers; }
const char *pb_definition_get_oauth_auth_url (PbDefinition *self) { return self->oauth_auth_url; }
const char *pb_definition_get_oauth_token_url (PbDefinition *self) { return self->oauth_token_url; }
const char *pb_definition_get_check_method (PbDefinition *self) { return self->check_method; }
guint pb_definition_get_check_status (PbDefinition *self) { return self->check_status; }
const char *
pb_definition_get_check_json_field (PbDefinition *self)
{
  return self->check_json_field;
}
gboolean pb_definition_get_check_json_true (PbDefinition *self) { return self->check_json_true; }
const char *pb_definition_get_check_body (PbDefinition *self) { return self->check_body; }
const char *
pb_definition_get_check_content_type (PbDefinition *self)
{
  return self->check_content_type;
}

gboolean
pb_definition_is_oauth (PbDefinition *self)
{
  return self->kind == PB_CONNECTOR_KIND_OAUTH2 || self->kind == PB_CONNECTOR_KIND_INTERCOM;
}

const PbField *
pb_definition_find_field (PbDefinition *self,
                          const char   *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->name, name) == 0)
        return field;
    }
  return NULL;
}

const PbField *
pb_definition_match_field (PbDefinition *self,
                           const char   *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  const PbField *best = NULL;
  gsize best_len = 0;

  /* The longest matching title, name or title word wins ("API token" over "token"). */
  for (guint i = 0; i < self->fields->len; i++)
    {
      const PbField *field = g_ptr_array_index (self->fields, i);
      g_autofree char *title = g_utf8_strdown (field->title, -1);
      g_autofree char *name = g_strdelimit (g_utf8_strdown (field->name, -1), "-_", ' ');
      g_auto (GStrv) words = g_strsplit (title, " ", -1);

      if (pb_str_has_word (lower, title) && strlen (title) > best_len)
        best = field, best_len = strlen (title);
      if (pb_str_has_word (lower, name) && strlen (name) > best_len)
        best = field, best_len = strlen (name);
      for (guint w = 0; words[w] != NULL; w++)
        {
          /* Words too common to name a field on their own. */
          static const char *const ignore[]
            = { "api",   "the",  "of",    "a",      "your", "id",      "key",  "name",
                "where", "what", "which", "goes",   "find", "this",    "that", "with",
                "for",   "and",  "value", "secret", "url",  "address", NULL };

          if (strlen (words[w]) < 3 || g_strv_contains (ignore, words[w]))
            continue;
          if (pb_str_has_word (lower, words[w]) && strlen (words[w]) > best_len)
            best = field, best_len = strlen (words[w]);
        }
    }
  return best;
}

/* Replaces {field} by its value; NULL if a value is missing. Empty templates stay empty. */
static char *
expand_template (const char *template,
                 GHashTable *values)
{
  g_autoptr (GString) out = NULL;
  const char *p;

  if (template == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (p = template; *p != '\0'; p++)
    {
      const char *end;
      g_autofree char *key = NULL;
      const char *value;

      if (*p != '{' || (end = strchr (p, '}')) == NULL)
        {
          g_string_append_c (out, *p);
          continue;
        }
      key = g_strndup (p + 1, end - p - 1);
      value = values ? g_hash_table_lookup (values, key) : NULL;
      if (value == NULL || *value == '\0')
        return NULL;
      g_string_append (out, value);
      p = end;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The base URL as the definition writes it: a template such as https://{subdomain}.example.com,
 * or NULL when a field's value picks it from a map (then FIELD and MAP are set). */
const char *
pb_definition_get_base_url_template (PbDefinition  *self,
                                     const char   **field,
                                     GHashTable   **map)
{
  g_return_val_if_fail (PB_IS_DEFINITION (self), NULL);

  if (field != NULL)
    *field = self->base_url_field;
  if (map != NULL)
    *map = self->base_url_map;
  return self->base_url;
}

char *
pb_definition_expand_base_url (PbDefinition *self,
                               GHashTable   *values)
{
  if (self->base_url_map != NULL)
    {
      const char *value = values ? g_hash_table_lookup (values, self->base_url_field) : NULL;
      const PbField *field = pb_definition_find_field (self, self->base_url_field);

      if (value == NULL && field != NULL)
        value = field->default_value;
      return value ? g_strdup (g_hash_table_lookup (self->base_url_map, value)) : NULL;
    }
  return expand_template (self->base_url, values);
}

char *
pb_definition_expand_username (PbDefinition *self,
                               GHashTable   *values)
{
  return expand_template (self->auth_username, values);
}

/* WHAT: "header", "prefix" or "query_param". A template naming an unset field gives NULL. */
char *
pb_definition_expand_auth (PbDefinition *self,
                           const char   *what,
                           GHashTable   *values)
{
  const char *template = NULL;

  if (g_str_equal (what, "header"))
    template = self->auth_header;
  else if (g_str_equal (what, "prefix"))
    template = self->auth_prefix;
  else if (g_str_equal (what, "query_param"))
    template = self->auth_query_param;
  return expand_template (template, values);
}

/* The extra headers with their "{field}" templates filled in; a header naming a field that
 * has no value is left out (OpenAI-Organization is only sent when the user gave one). */
GHashTable *
pb_definition_expand_headers (PbDefinition *self,
                              GHashTable   *values)
{
  GHashTable *headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->headers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      char *expanded = expand_template (value, values);

      if (expanded != NULL)
        g_hash_table_insert (headers, g_strdup (key), expanded);
    }
  return headers;
}

char *
pb_definition_expand_check_path (PbDefinition *self,
                                 GHashTable   *values)
{
  char *path = expand_template (self->check_path, values);

  if (path == NULL && strchr (self->check_path, '{') != NULL)
    {
      /* An optional test path left empty: use its default, then "/". */
      const PbField *field = NULL;
      g_autofree char *key = NULL;
      const char *open = strchr (self->check_path, '{');
      const char *close = strchr (open, '}');

      if (close != NULL)
        {
          key = g_strndup (open + 1, close - open - 1);
          field = pb_definition_find_field (self, key);
        }
      return g_strdup (field && field->default_value ? field->default_value : "/");
    }
  return path;
}

JsonNode *
pb_definition_to_json (PbDefinition *self)
{
  return json_node_copy (self->root);
}
