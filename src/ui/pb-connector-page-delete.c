/* pb-connector-page-delete.c: the connector page's Delete button — the confirmation
 * dialog, then a delete the Undo toast can take back until it goes away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-application.h"
#include "pb-connector-page-private.h"

/* One delete waiting for its Undo toast: the store keeps the connector (and the keyring its
 * secrets) until the toast goes away; Undo puts it back as it was. */
typedef struct {
  PbConnectorStore *store;
  PbConnector *connector;
  AdwToastOverlay *overlay;
  GtkWidget *window;
  gboolean undone;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->connector);
  g_clear_object (&data->overlay);
  g_clear_object (&data->window);
  g_free (data);
}

static void
connector_deleted_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DeleteData *data = user_data;
  g_autoptr (GError) error = NULL;

  if (!pb_connector_store_delete_finish (PB_CONNECTOR_STORE (object), result, &error) &&
      data->overlay != NULL)
    {
      /* The store put it back in the list; the message says why it stays. */
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (data->overlay, toast);
    }
  delete_data_free (data);
}

/* The toast timed out or was closed: now the delete is done. */
static void
toast_dismissed_cb (AdwToast   *toast,
                    DeleteData *data)
{
  g_signal_handlers_disconnect_by_data (toast, data);
  if (data->undone || !pb_connector_store_get_delete_pending (data->store, data->connector))
    {
      delete_data_free (data);
      return;
    }
  pb_connector_store_delete_async (data->store, data->connector, NULL, connector_deleted_cb, data);
}

static void
toast_undo_cb (AdwToast   *toast,
               DeleteData *data)
{
  g_autoptr (GError) error = NULL;

  data->undone = TRUE;
  if (!pb_connector_store_undo_delete (data->store, data->connector, &error))
    {
      if (data->overlay != NULL)
        adw_toast_overlay_add_toast (data->overlay, adw_toast_new (error->message));
      return;
    }
  if (data->window != NULL)
    gtk_widget_activate_action (data->window, "win.show-connector", "s",
                                pb_connector_get_id (data->connector));
}

static void
delete_response_cb (PbConnectorPage *self,
                    const char      *response,
                    AdwMessageDialog *dialog)
{
  GtkWidget *overlay;
  DeleteData *data;
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  data = g_new0 (DeleteData, 1);
  data->store = g_object_ref (self->store);
  data->connector = g_object_ref (self->connector);
  data->overlay = overlay != NULL ? g_object_ref (ADW_TOAST_OVERLAY (overlay)) : NULL;
  data->window = g_object_ref (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self))));

  /* A key typed a moment ago is stored first: Undo must bring back what the user saw. */
  for (guint i = 0; i < N_SECRETS; i++)
    pb_secret_field_flush (self->secrets[i]);

  /* Translators: a toast after deleting, with an Undo button */
  title = g_strdup_printf (_("“%s” deleted"), pb_connector_get_name (self->connector));
  pb_connector_store_delete_later (self->store, self->connector);
  /* SELF may be gone now: the window drops the page of a connector that left the list. */

  if (data->overlay == NULL)
    {
      pb_connector_store_delete_async (data->store, data->connector, NULL, connector_deleted_cb,
                                       data);
      return;
    }
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (toast_undo_cb), data);
  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), data);
  adw_toast_overlay_add_toast (data->overlay, toast);
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
