/* pb-connector-page-delete.c: the connector page's Delete button — the confirmation
 * dialog, dropping pending secrets and deleting the connector with its secrets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-connector-page-private.h"

typedef struct {
  AdwToastOverlay *overlay;
  char *name;
} DeleteData;

static void
connector_deleted_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DeleteData *data = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (!pb_connector_store_delete_finish (PB_CONNECTOR_STORE (object), result, &error))
    message = g_strdup_printf (_("Could not delete “%s”: %s"), data->name, error->message);
  else
    message = g_strdup_printf (_("“%s” deleted"), data->name);

  if (data->overlay != NULL)
    adw_toast_overlay_add_toast (data->overlay, adw_toast_new (message));

  g_clear_object (&data->overlay);
  g_free (data->name);
  g_free (data);
}

static void
delete_response_cb (PbConnectorPage *self,
                    const char      *response,
                    AdwMessageDialog *dialog)
{
  GtkWidget *overlay;
  DeleteData *data;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  data = g_new0 (DeleteData, 1);
  data->overlay = overlay != NULL ? g_object_ref (ADW_TOAST_OVERLAY (overlay)) : NULL;
  data->name = g_strdup (pb_connector_get_name (self->connector));

  /* Secrets waiting for their debounce would come back after the delete: drop them. */
  for (guint i = 0; i < N_SECRETS; i++)
    pb_secret_field_cancel (self->secrets[i]);

  pb_connector_store_delete_async (self->store, self->connector, NULL, connector_deleted_cb, data);
}

void
pb_connector_page_delete_clicked_cb (PbConnectorPage *self)
{
  const char *name = pb_connector_get_name (self->connector);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), name);
  g_autofree char *body = NULL;
  g_autoptr (GPtrArray) users = NULL;
  g_autoptr (GString) names = g_string_new (NULL);
  AdwMessageDialog *dialog;
  GApplication *app = g_application_get_default ();

  /* Name the agents this breaks (their instructions name the connector). */
  if (PB_IS_APPLICATION (app) && pb_application_get_agent_store (PB_APPLICATION (app)) != NULL)
    users = pb_agent_store_list_using (pb_application_get_agent_store (PB_APPLICATION (app)),
                                       pb_connector_get_id (self->connector));
  for (guint i = 0; users != NULL && i < users->len; i++)
    g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "",
                            pb_agent_get_name (users->pdata[i]));
  if (users != NULL && users->len > 0)
    body = g_strdup_printf (ngettext ("The agent %s uses “%s” and will stop working. Its "
                                      "secrets are removed from the keyring.",
                                      "The agents %s use “%s” and will stop working. Its "
                                      "secrets are removed from the keyring.",
                                      users->len),
                            names->str, name);
  else
    body = g_strdup_printf (_("Agents and tools that use “%s” will no longer be able to reach "
                              "the API. Its secrets are removed from the keyring."),
                            name);

  dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
