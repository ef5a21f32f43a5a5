/* pb-analyzer-auth.c: base URL (servers / host+basePath) and authentication rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-analyzer-private.h"

/* Words that mark a server as a non-production one. */
static gboolean
is_secondary_server (const char *url,
                     const char *description)
{
  static const char *const words[]
    = { "sandbox", "staging", "test", "mock", "localhost", "127.0.0.1", "dev.", "demo", "preview" };
  g_autofree char *text = g_ascii_strdown (url, -1);
  g_autofree char *desc = description != NULL ? g_ascii_strdown (description, -1) : g_strdup ("");

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (text, words[i]) != NULL || strstr (desc, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static char *
snake_case (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p) && p != name && out->len > 0 && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  while (out->len > 0 && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* "https://{region}.x.com/{version}": host variables become config fields (the user picks
 * their tenant or region), path variables take their default. */
static char *
substitute_server (PbAnalysis  *a,
                   const char  *url,
                   const cJSON *variables,
                   const char  *pointer)
{
  GString *out = g_string_new (NULL);
  const char *scheme_end = strstr (url, "://");
  const char *host_end = scheme_end != NULL ? strchr (scheme_end + 3, '/') : NULL;

  for (const char *p = url; *p != '\0'; p++)
    {
      const char *close;
      g_autofree char *name = NULL;
      const cJSON *var;
      const char *def;

      if (*p != '{' || (close = strchr (p, '}')) == NULL)
        {
          g_string_append_c (out, *p);
          continue;
        }
      name = g_strndup (p + 1, close - p - 1);
      var = pb_analysis_get (a, variables, name);
      def = pb_analysis_get_string (a, var, "default");
      if (scheme_end != NULL && p > scheme_end && (host_end == NULL || p < host_end))
        {
          g_autofree char *key = snake_case (name);
          PbManifestField *field = pb_manifest_add_field (a->manifest, key, "string");
          g_autofree char *ev_key = g_strdup_printf ("field:%s", key);
          g_autofree char *var_pointer = g_strdup_printf ("%s/variables/%s", pointer, name);

          g_free (field->title);
          field->title = g_strdup (name);
          g_free (field->description);
          field->description = g_strdup (pb_analysis_get_string (a, var, "description"));
          g_free (field->default_value);
          field->default_value = g_strdup (def);
          field->required = TRUE;
          pb_analysis_take_evidence (
            a->manifest, ev_key,
            (pb_analysis_evidence (a, var_pointer, 0.8,
                                   N_("The server URL has a variable in its host name."))));
          g_string_append_printf (out, "{{ config['%s'] }}", key);
        }
      else if (def != NULL)
        {
          g_string_append (out, def);
        }
      p = close;
    }
  return g_string_free (out, FALSE);
}

void
pb_analyzer_detect_url_base (PbAnalysis *a)
{
  const cJSON *root = pb_spec_document_get_root (a->doc);
  const cJSON *servers = pb_analysis_get (a, root, "servers");
  g_autofree char *url = NULL;
  g_autofree char *pointer = NULL;
  double confidence = 0.9;

  if (cJSON_IsArray (servers) && cJSON_GetArraySize (servers) > 0)
    {
      int n = cJSON_GetArraySize (servers);
      int chosen = 0;

      for (int i = 0; i < n; i++)
        {
          const cJSON *server = cJSON_GetArrayItem (servers, i);
          const char *u = pb_analysis_get_string (a, server, "url");

          if (u != NULL
              && !is_secondary_server (u, pb_analysis_get_string (a, server, "description")))
            {
              chosen = i;
              break;
            }
        }
      pointer = g_strdup_printf ("#/servers/%d", chosen);
      {
        const cJSON *server = cJSON_GetArrayItem (servers, chosen);
        const char *u = pb_analysis_get_string (a, server, "url");

        if (u != NULL)
          url = substitute_server (a, u, pb_analysis_get (a, server, "variables"), pointer);
      }
      if (n > 1)
        confidence = 0.7;
    }
  else if (pb_analysis_get_string (a, root, "host") != NULL)
    {
      const cJSON *schemes = pb_analysis_get (a, root, "schemes");
      const char *scheme = "https";
      const char *base_path = pb_analysis_get_string (a, root, "basePath");
      gboolean has_https = FALSE;
      const cJSON *s;

      cJSON_ArrayForEach (s, schemes)
        if (cJSON_IsString (s) && g_str_equal (s->valuestring, "https"))
          has_https = TRUE;
      if (!has_https && cJSON_IsArray (schemes) && cJSON_IsString (cJSON_GetArrayItem (schemes, 0)))
        scheme = cJSON_GetArrayItem (schemes, 0)->valuestring;
      url = g_strdup_printf ("%s://%s%s", scheme, pb_analysis_get_string (a, root, "host"),
                             base_path != NULL && !g_str_equal (base_path, "/") ? base_path : "");
      pointer = g_strdup ("#/host");
    }

  if (url == NULL)
    return;
  /* Specs still list http:// for APIs that only answer on https. */
  if (g_str_has_prefix (url, "http://") && strstr (url, "localhost") == NULL)
    {
      char *https = g_strconcat ("https://", url + 7, NULL);

      g_free (url);
      url = https;
    }
  while (g_str_has_suffix (url, "/") && strlen (url) > 8)
    url[strlen (url) - 1] = '\0';
  pb_manifest_set_url_base (a->manifest, url);
  pb_analysis_take_evidence (a->manifest, "url_base",
                            (pb_analysis_evidence (a, pointer, confidence,
                                                    N_("The spec's server URL."))));
}

/* Rank among schemes an operation accepts equally: what a connector user most likely has. */
static int
scheme_rank (PbAnalysis  *a,
             const char  *name,
             const cJSON *scheme)
{
  const char *type = pb_analysis_get_string (a, scheme, "type");
  const char *http = pb_analysis_get_string (a, scheme, "scheme");
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_strcmp0 (type, "http") == 0 && http != NULL && g_ascii_strcasecmp (http, "bearer") == 0)
    return strstr (lower, "oauth") != NULL ? 1 : 4;   /* an OAuth access token in disguise */
  if (g_strcmp0 (type, "apiKey") == 0)
    return 3;
  if (g_strcmp0 (type, "http") == 0 && http != NULL && g_ascii_strcasecmp (http, "basic") == 0)
    return 2;
  if (g_strcmp0 (type, "basic") == 0)
    return 2;
  /* {"type": "http", "scheme": "Token"}: a key sent after its own prefix (family "auth-prose"). */
  if (g_strcmp0 (type, "http") == 0 && http != NULL && g_ascii_strcasecmp (http, "digest") != 0
      && pb_analysis_rule_enabled (a, "auth-prose"))
    return 3;
  if (g_strcmp0 (type, "oauth2") == 0)
    return 1;
  return 0;
}

static void
count_requirements (PbAnalysis  *a,
                    const cJSON *security,
                    GHashTable  *counts)
{
  const cJSON *requirement;

  cJSON_ArrayForEach (requirement, security)
    {
      const cJSON *scheme;

      requirement = pb_spec_document_resolve (a->doc, requirement, NULL);
      cJSON_ArrayForEach (scheme, requirement)
        {
          gpointer old = g_hash_table_lookup (counts, scheme->string);

          g_hash_table_insert (counts, scheme->string, GINT_TO_POINTER (GPOINTER_TO_INT (old) + 1));
        }
    }
}

/* "Token token=<key>", "SSWS {token}", "Klaviyo-API-Key your-key": the literal before the key. */
static char *
detect_prefix (PbAnalysis  *a,
               const cJSON *scheme)
{
  const char *x_default = pb_analysis_get_string (a, scheme, "x-default");
  const char *description = pb_analysis_get_string (a, scheme, "description");
  static const char *const patterns[] = {
    "prefixed (?:with|by) [`'\"]?([A-Za-z][A-Za-z0-9-]*)",
    "Authorization:?\\s*[`'\"]?([A-Za-z][A-Za-z0-9-]*)\\s+[<{\\[]",
    "`([A-Za-z][A-Za-z0-9-]*)\\s+[A-Za-z_]*=?[<{\\[]",
    "`([A-Za-z][A-Za-z0-9-]*) [A-Za-z_-]+`",
    /* family "auth-prose": "Authorization: Token abc123", "\"Authorization\": \"SSWS xyz\"" */
    "Authorization[`'\"]?\\s*[:=]\\s*[`'\"]?([A-Za-z][A-Za-z0-9-]*)\\s+[A-Za-z0-9_$<{\\[]",
    "(?:format|form|value|scheme)(?: of)?(?: the header)?(?: is| should be)?:?"
    "\\s*[`'\"]([A-Za-z][A-Za-z0-9-]*)\\s",
  };

  if (x_default != NULL && strchr (x_default, ' ') != NULL)
    return g_strndup (x_default, strchr (x_default, ' ') - x_default);
  if (description == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autoptr (GRegex) regex = NULL;
      g_autoptr (GMatchInfo) match = NULL;

      if (i >= 4 && !pb_analysis_rule_enabled (a, "auth-prose"))
        break;
      regex = g_regex_new (patterns[i], G_REGEX_CASELESS, 0, NULL);

      if (regex != NULL && g_regex_match (regex, description, 0, &match))
        {
          g_autofree char *word = g_match_info_fetch (match, 1);

          if (g_ascii_strcasecmp (word, "Authorization") != 0
              && g_ascii_strcasecmp (word, "header") != 0 && g_ascii_strcasecmp (word, "the") != 0)
            return g_steal_pointer (&word);
        }
    }
  return NULL;
}

static PbManifestField *
add_secret (PbAnalysis *a,
            const char *name,
            const char *title,
            const char *description,
            gboolean    secret)
{
  PbManifestField *field = pb_manifest_add_field (a->manifest, name, "string");

  g_free (field->title);
  field->title = g_strdup (title);
  g_free (field->description);
  field->description = g_strdup (description);
  field->secret = secret;
  field->required = TRUE;
  return field;
}

static const cJSON *
first_flow (PbAnalysis  *a,
            const cJSON *scheme,
            const char **out_name)
{
  static const char *const order[]
    = { "authorizationCode", "clientCredentials", "password", "implicit" };
  const cJSON *flows = pb_analysis_get (a, scheme, "flows");

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const cJSON *flow = pb_analysis_get (a, flows, order[i]);

      if (flow != NULL)
        {
          *out_name = order[i];
          return flow;
        }
    }
  /* Swagger 2: the flow fields sit on the scheme itself. */
  *out_name = pb_analysis_get_string (a, scheme, "flow");
  return scheme;
}

void
pb_analyzer_detect_auth (PbAnalysis *a)
{
  const cJSON *root = pb_spec_document_get_root (a->doc);
  const cJSON *schemes
    = pb_analysis_get (a, pb_analysis_get (a, root, "components"), "securitySchemes");
  const cJSON *paths = pb_analysis_get (a, root, "paths");
  const cJSON *global = pb_analysis_get (a, root, "security");
  const cJSON *path_item;
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  PbManifestAuth *auth = pb_manifest_get_auth (a->manifest);
  const cJSON *best = NULL, *candidate;
  const char *best_name = NULL;
  int best_count = -1, best_rank = -1;
  g_autofree char *pointer = NULL;
  const char *type, *in;

  if (schemes == NULL)
    schemes = pb_analysis_get (a, root, "securityDefinitions");
  if (schemes == NULL)
    return;

  /* How often each scheme is accepted by a read operation (their own or the global list). */
  cJSON_ArrayForEach (path_item, paths)
    {
      const cJSON *get
        = pb_analysis_get (a, pb_spec_document_resolve (a->doc, path_item, NULL), "get");
      const cJSON *security;

      if (get == NULL)
        continue;
      security = pb_analysis_get (a, get, "security");
      count_requirements (a, security != NULL ? security : global, counts);
    }
  if (g_hash_table_size (counts) == 0)
    count_requirements (a, global, counts);

  cJSON_ArrayForEach (candidate, schemes)
    {
      const cJSON *scheme = pb_spec_document_resolve (a->doc, candidate, NULL);
      int count = GPOINTER_TO_INT (g_hash_table_lookup (counts, candidate->string));
      int rank = scheme_rank (a, candidate->string, scheme);

      if (rank == 0)
        continue;
      if (count > best_count || (count == best_count && rank > best_rank))
        {
          best = scheme;
          best_name = candidate->string;
          best_count = count;
          best_rank = rank;
        }
    }
  /* Offered both OAuth and a static credential (a token, a key, a password), connectors use the
   * static one: nothing to register, no consent flow. Only when the static scheme reads at least
   * half as much as OAuth does. */
  if (best != NULL && g_strcmp0 (pb_analysis_get_string (a, best, "type"), "oauth2") == 0
      && pb_analysis_rule_enabled (a, "auth-prose"))
    cJSON_ArrayForEach (candidate, schemes)
      {
        const cJSON *scheme = pb_spec_document_resolve (a->doc, candidate, NULL);
        int count = GPOINTER_TO_INT (g_hash_table_lookup (counts, candidate->string));
        int rank = scheme_rank (a, candidate->string, scheme);

        if (rank >= 2 && count > 0 && count * 2 >= best_count)
          {
            best = scheme;
            best_name = candidate->string;
            best_count = count;
            best_rank = rank;
            break;
          }
      }
  if (best == NULL)
    return;

  pb_manifest_clear_auth (a->manifest);
  pointer = pb_analysis_pointer (
    pb_spec_document_is_swagger2 (a->doc) ? "securityDefinitions" : "components",
    pb_spec_document_is_swagger2 (a->doc) ? best_name : "securitySchemes",
    pb_spec_document_is_swagger2 (a->doc) ? NULL : best_name, NULL);
  type = pb_analysis_get_string (a, best, "type");
  in = pb_analysis_get_string (a, best, "in");

  if (g_strcmp0 (type, "apiKey") == 0)
    {
      const char *name = pb_analysis_get_string (a, best, "name");

      auth->kind = PB_AUTH_API_KEY;
      auth->in_query = g_strcmp0 (in, "query") == 0;
      auth->field_name = g_strdup (name != NULL ? name : "X-API-Key");
      if (!auth->in_query && g_ascii_strcasecmp (auth->field_name, "Authorization") == 0)
        {
          /* A key in Authorization is a bearer token unless the spec names another prefix. */
          auth->value_prefix = detect_prefix (a, best);
          if (auth->value_prefix == NULL || g_ascii_strcasecmp (auth->value_prefix, "Bearer") == 0)
            {
              g_clear_pointer (&auth->value_prefix, g_free);
              auth->kind = PB_AUTH_BEARER;
            }
        }
      add_secret (a, "api_key", _("API Key"), pb_analysis_get_string (a, best, "description"),
                  TRUE);
    }
  else if (g_strcmp0 (type, "http") == 0 && pb_analysis_get_string (a, best, "scheme") != NULL
           && g_ascii_strcasecmp (pb_analysis_get_string (a, best, "scheme"), "bearer") != 0
           && g_ascii_strcasecmp (pb_analysis_get_string (a, best, "scheme"), "basic") != 0)
    {
      auth->kind = PB_AUTH_API_KEY;
      auth->field_name = g_strdup ("Authorization");
      auth->value_prefix = g_strdup (pb_analysis_get_string (a, best, "scheme"));
      add_secret (a, "api_key", _("API Key"), pb_analysis_get_string (a, best, "description"),
                  TRUE);
    }
  else if (g_strcmp0 (type, "http") == 0
           && g_ascii_strcasecmp (pb_analysis_get_string (a, best, "scheme"), "bearer") == 0)
    {
      auth->kind = PB_AUTH_BEARER;
      add_secret (a, "api_key", _("API Token"), pb_analysis_get_string (a, best, "description"),
                  TRUE);
    }
  else if (g_strcmp0 (type, "oauth2") == 0)
    {
      const char *flow_name = NULL;
      const cJSON *flow = first_flow (a, best, &flow_name);
      const cJSON *scopes = pb_analysis_get (a, flow, "scopes");
      const cJSON *scope;
      g_autoptr (GPtrArray) names = g_ptr_array_new ();
      const char *token_url = pb_analysis_get_string (a, flow, "tokenUrl");

      auth->kind = PB_AUTH_OAUTH;
      auth->authorization_url = g_strdup (pb_analysis_get_string (a, flow, "authorizationUrl"));
      auth->token_url = g_strdup (token_url);
      /* A relative token URL is relative to the API's base. */
      if (token_url != NULL && token_url[0] == '/'
          && pb_manifest_get_url_base (a->manifest) != NULL)
        {
          g_autoptr (GUri) base
            = g_uri_parse (pb_manifest_get_url_base (a->manifest), G_URI_FLAGS_NONE, NULL);

          if (base != NULL)
            {
              g_free (auth->token_url);
              auth->token_url = g_strdup_printf ("%s://%s%s", g_uri_get_scheme (base),
                                                 g_uri_get_host (base), token_url);
            }
        }
      auth->grant_type = g_strdup (g_strcmp0 (flow_name, "clientCredentials") == 0
                                       || g_strcmp0 (flow_name, "application") == 0
                                     ? "client_credentials"
                                     : "refresh_token");
      cJSON_ArrayForEach (scope, scopes)
        g_ptr_array_add (names, scope->string);
      /* Scopes are kept in the model for the consent flow; too many to request them all. */
      if (names->len > 0 && names->len <= 20)
        {
          g_ptr_array_add (names, NULL);
          auth->scopes = g_strdupv ((char **) names->pdata);
        }
      add_secret (a, "client_id", _("Client ID"), NULL, FALSE);
      add_secret (a, "client_secret", _("Client secret"), NULL, TRUE);
      if (g_strcmp0 (auth->grant_type, "refresh_token") == 0)
        add_secret (a, "refresh_token", _("Refresh token"), NULL, TRUE);
    }
  else
    {
      auth->kind = PB_AUTH_BASIC;
      add_secret (a, "username", _("Username"), pb_analysis_get_string (a, best, "description"),
                  FALSE);
      add_secret (a, "password", _("Password"), NULL, TRUE)->required = FALSE;
    }
  pb_analysis_take_evidence (
    a->manifest, "auth",
    (pb_analysis_evidence (a, pointer, best_count > 0 ? 0.85 : 0.6,
                           best_count > 0
                             ? N_("The security scheme most read operations accept.")
                             : N_("The only usable security scheme the spec defines."))));
}
