/* pb-intercom.c: the Intercom preset: who and which workspace is connected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-intercom.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pb-error.h"

#define DEFAULT_BASE_URL "https://api.intercom.io"

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
me_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  PbConnector *connector = g_task_get_task_data (task);
  SoupMessage *message = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *admin = NULL;
  JsonObject *me = NULL;
  JsonObject *app = NULL;
  JsonNode *root;
  const char *workspace;
  const char *name;
  const char *email;
  gsize size = 0;
  const char *data;

  body = pb_token_manager_send_finish (PB_TOKEN_MANAGER (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_HTTP_STATUS,
                               _("Intercom answered HTTP %u when asked who is connected."),
                               soup_message_get_status (message));
      return;
    }

  data = g_bytes_get_data (body, &size);
  if (data != NULL && size > 0 && json_parser_load_from_data (parser, data, size, NULL))
    {
      root = json_parser_get_root (parser);
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        me = json_node_get_object (root);
    }
  if (me != NULL && json_object_has_member (me, "app")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (me, "app")))
    app = json_object_get_object_member (me, "app");

  workspace = member_string (app, "name");
  if (workspace == NULL)
    workspace = member_string (app, "id_code");
  name = member_string (me, "name");
  email = member_string (me, "email");

  if (g_strcmp0 (member_string (me, "type"), "admin") != 0 || workspace == NULL
      || (name == NULL && email == NULL))
    {
      g_task_return_new_error (
        task, PB_ERROR, PB_ERROR_PARSE,
        _("Intercom's answer to “who is connected” was not an admin of a workspace."));
      return;
    }

  if (name != NULL && email != NULL)
    admin = g_strdup_printf ("%s (%s)", name, email);
  else
    admin = g_strdup (name != NULL ? name : email);

  pb_connector_set_setting (connector, PB_INTERCOM_SETTING_WORKSPACE, workspace);
  pb_connector_set_setting (connector, PB_INTERCOM_SETTING_ADMIN, admin);
  g_task_return_boolean (task, TRUE);
}

void
pb_intercom_fetch_identity_async (PbTokenManager      *manager,
                                  PbConnector         *connector,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *url = NULL;
  const char *base;

  g_return_if_fail (PB_IS_TOKEN_MANAGER (manager));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_intercom_fetch_identity_async);
  g_task_set_task_data (task, g_object_ref (connector), g_object_unref);

  base = pb_connector_get_base_url (connector);
  if (base == NULL || *base == '\0')
    base = DEFAULT_BASE_URL;
  url = g_str_has_suffix (base, "/") ? g_strconcat (base, "me", NULL)
                                     : g_strconcat (base, "/me", NULL);
  message = soup_message_new ("GET", url);
  if (message == NULL)
    {
      g_task_return_new_error (task, PB_ERROR, PB_ERROR_INVALID_URL,
                               _("The base URL “%s” is not a valid URL."), base);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");
  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (message), g_object_unref);

  pb_token_manager_send_async (manager, connector, message, 1024 * 1024, cancellable, me_sent_cb,
                               g_steal_pointer (&task));
}

gboolean
pb_intercom_fetch_identity_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
