/* pb-runner-auth.c: authenticators of a declarative manifest (API key, bearer, basic, OAuth
 * through a connector, selective)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-runner-auth.h"
#include "pb-runner-context.h"

typedef enum {
  AUTH_NONE,
  AUTH_API_KEY,
  AUTH_BEARER,
  AUTH_BASIC,
  AUTH_OAUTH,
  AUTH_SELECTIVE,
} AuthKind;

struct _PbRunnerAuth
{
  GObject parent_instance;

  AuthKind        kind;
  cJSON          *parameters;
  PbExpr         *token;          /* api_token */
  PbExpr         *username;
  PbExpr         *password;
  PbRunnerInject  inject;
  char           *field;          /* header or parameter name */
  char           *access_token;   /* from a connector */
  /* SelectiveAuthenticator */
  GStrv           selection_path;
  GHashTable     *choices;        /* value → PbRunnerAuth */
};

G_DEFINE_FINAL_TYPE (PbRunnerAuth, pb_runner_auth, G_TYPE_OBJECT)

static void
pb_runner_auth_finalize (GObject *object)
{
  PbRunnerAuth *self = PB_RUNNER_AUTH (object);

  cJSON_Delete (self->parameters);
  g_clear_object (&self->token);
  g_clear_object (&self->username);
  g_clear_object (&self->password);
  g_free (self->field);
  if (self->access_token != NULL)
    memset (self->access_token, 0, strlen (self->access_token));
  g_free (self->access_token);
  g_strfreev (self->selection_path);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  G_OBJECT_CLASS (pb_runner_auth_parent_class)->finalize (object);
}

static void
pb_runner_auth_class_init (PbRunnerAuthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_runner_auth_finalize;
}

static void
pb_runner_auth_init (PbRunnerAuth *self)
{
}

static gboolean
compile (const cJSON  *component,
         const char   *key,
         PbExpr      **out,
         GError      **error)
{
  g_autoptr (GError) local = NULL;

  *out = pb_runner_compile_member (component, key, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

PbRunnerAuth *
pb_runner_auth_new (const cJSON  *component,
                    GError      **error)
{
  g_autoptr (PbRunnerAuth) self = g_object_new (PB_TYPE_RUNNER_AUTH, NULL);
  const char *type = pb_runner_component_type (component);
  const cJSON *params = cJSON_GetObjectItemCaseSensitive (component, "$parameters");

  self->parameters = params != NULL ? cJSON_Duplicate (params, TRUE) : cJSON_CreateObject ();
  if (component == NULL || g_str_equal (type, "NoAuth"))
    self->kind = AUTH_NONE;
  else if (g_str_equal (type, "ApiKeyAuthenticator"))
    {
      const cJSON *inject = cJSON_GetObjectItemCaseSensitive (component, "inject_into");

      self->kind = AUTH_API_KEY;
      if (!compile (component, "api_token", &self->token, error))
        return NULL;
      if (inject != NULL)
        {
          if (!pb_runner_request_option_parse (inject, &self->inject, &self->field)
              || self->inject == PB_RUNNER_INJECT_PATH)
            {
              pb_runner_set_unsupported (error, _("the API key's inject_into"),
                                         pb_runner_component_type (inject));
              return NULL;
            }
        }
      else
        {
          self->inject = PB_RUNNER_INJECT_HEADER;
          self->field = g_strdup (
            cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (component, "header")));
        }
      if (self->field == NULL || self->token == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_PARSE,
                       _("The ApiKeyAuthenticator needs an api_token and a header or "
                         "inject_into field."));
          return NULL;
        }
    }
  else if (g_str_equal (type, "BearerAuthenticator"))
    {
      self->kind = AUTH_BEARER;
      if (!compile (component, "api_token", &self->token, error))
        return NULL;
    }
  else if (g_str_equal (type, "BasicHttpAuthenticator"))
    {
      self->kind = AUTH_BASIC;
      if (!compile (component, "username", &self->username, error)
          || !compile (component, "password", &self->password, error))
        return NULL;
    }
  else if (g_str_equal (type, "OAuthAuthenticator"))
    self->kind = AUTH_OAUTH;
  else if (g_str_equal (type, "SelectiveAuthenticator"))
    {
      const cJSON *path = cJSON_GetObjectItemCaseSensitive (component,
                                                            "authenticator_selection_path");
      const cJSON *choice;
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

      self->kind = AUTH_SELECTIVE;
      self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      cJSON_ArrayForEach (choice, path)
        if (cJSON_IsString (choice))
          g_strv_builder_add (builder, choice->valuestring);
      self->selection_path = g_strv_builder_end (builder);
      cJSON_ArrayForEach (choice, cJSON_GetObjectItemCaseSensitive (component, "authenticators"))
        {
          PbRunnerAuth *inner = pb_runner_auth_new (choice, error);

          if (inner == NULL)
            return NULL;
          g_hash_table_insert (self->choices, g_strdup (choice->string), inner);
        }
    }
  else
    {
      pb_runner_set_unsupported (error, _("the authenticator"), type);
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
pb_runner_auth_set_access_token (PbRunnerAuth *self,
                                 const char   *token)
{
  GHashTableIter iter;
  gpointer inner;

  g_return_if_fail (PB_IS_RUNNER_AUTH (self));
  g_free (self->access_token);
  self->access_token = g_strdup (token);
  if (self->choices != NULL)
    {
      g_hash_table_iter_init (&iter, self->choices);
      while (g_hash_table_iter_next (&iter, NULL, &inner))
        pb_runner_auth_set_access_token (inner, token);
    }
}

static char *
render (PbExpr      *expr,
        cJSON       *context,
        GError     **error)
{
  if (expr == NULL)
    return g_strdup ("");
  return pb_expr_evaluate_string (expr, context, error);
}

static void
add_secret (GPtrArray  *secrets,
            const char *value)
{
  if (secrets == NULL || value == NULL || strlen (value) < 4)
    return;
  for (guint i = 0; i < secrets->len; i++)
    if (g_str_equal (secrets->pdata[i], value))
      return;
  g_ptr_array_add (secrets, g_strdup (value));
}

gboolean
pb_runner_auth_apply (PbRunnerAuth     *self,
                      PbRunnerRequest  *request,
                      cJSON            *context,
                      GPtrArray        *secrets,
                      GError          **error)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (PB_IS_RUNNER_AUTH (self), FALSE);

  pb_runner_context_set (context, "parameters", self->parameters);
  switch (self->kind)
    {
    case AUTH_NONE:
      return TRUE;
    case AUTH_API_KEY:
      value = render (self->token, context, error);
      if (value == NULL)
        return FALSE;
      add_secret (secrets, value);
      {
        /* "Token {{ config.key }}": the key alone is secret too. */
        const char *space = strrchr (value, ' ');

        if (space != NULL)
          add_secret (secrets, space + 1);
      }
      pb_runner_request_inject (request, self->inject, self->field, value);
      return TRUE;
    case AUTH_BEARER:
    case AUTH_OAUTH:
      if (self->kind == AUTH_OAUTH || self->access_token != NULL)
        value = g_strdup (self->access_token);
      else
        value = render (self->token, context, error);
      if (value == NULL && self->kind == AUTH_OAUTH)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("This stream signs in with OAuth 2.0: run the test read with an OAuth "
                         "connector (--connector NAME) that holds the tokens."));
          return FALSE;
        }
      if (value == NULL)
        return FALSE;
      add_secret (secrets, value);
      {
        g_autofree char *header = g_strdup_printf ("Bearer %s", value);

        add_secret (secrets, header);
        pb_runner_request_inject (request, PB_RUNNER_INJECT_HEADER, "Authorization", header);
      }
      return TRUE;
    case AUTH_BASIC:
      {
        g_autofree char *user = render (self->username, context, error);
        g_autofree char *password = user != NULL ? render (self->password, context, error) : NULL;
        g_autofree char *pair = NULL;
        g_autofree char *encoded = NULL;
        g_autofree char *header = NULL;

        if (password == NULL)
          return FALSE;
        pair = g_strdup_printf ("%s:%s", user, password);
        encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
        header = g_strdup_printf ("Basic %s", encoded);
        add_secret (secrets, password);
        add_secret (secrets, encoded);
        pb_runner_request_inject (request, PB_RUNNER_INJECT_HEADER, "Authorization", header);
        memset (pair, 0, strlen (pair));
        return TRUE;
      }
    case AUTH_SELECTIVE:
      {
        const cJSON *node = cJSON_GetObjectItemCaseSensitive (context, "config");
        PbRunnerAuth *chosen;
        g_autofree char *key = NULL;

        for (guint i = 0; self->selection_path != NULL && self->selection_path[i] != NULL; i++)
          node = cJSON_GetObjectItemCaseSensitive (node, self->selection_path[i]);
        key = pb_runner_value_to_string (node);
        chosen = g_hash_table_lookup (self->choices, key);
        if (chosen == NULL)
          {
            g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                         _("The SelectiveAuthenticator has no authenticator for “%s” (the config "
                           "value at its authenticator_selection_path)."),
                         key);
            return FALSE;
          }
        return pb_runner_auth_apply (chosen, request, context, secrets, error);
      }
    default:
      return TRUE;
    }
}
