/* pb-sign-in.c: signing a connector in from any view — the sign-in window, then the
 * Intercom identity — so the connector page and the setup chat share one path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-application.h"
#include "pb-intercom.h"
#include "pb-sign-in-window.h"
#include "pb-sign-in.h"
#include "pb-token-manager.h"

typedef struct {
  PbConnectorStore *store;
  PbConnector *connector;
  PbTokenManager *token_manager;
  char *warning;
} SignIn;

static void
sign_in_free (SignIn *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->connector);
  g_clear_object (&data->token_manager);
  g_free (data->warning);
  g_free (data);
}

static void
identity_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SignIn *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  /* Signed in either way: a failure here is a warning, not the outcome. */
  if (!pb_intercom_fetch_identity_finish (result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    data->warning = g_strdup (error->message);
  g_task_return_boolean (task, TRUE);
}

static void
window_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  SignIn *data = g_task_get_task_data (task);
  GApplication *app = g_application_get_default ();
  g_autoptr (GError) error = NULL;
  GCancellable *cancellable;

  if (!pb_sign_in_window_run_finish (PB_SIGN_IN_WINDOW (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (pb_connector_get_kind (data->connector) != PB_CONNECTOR_KIND_INTERCOM)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The app's one manager (refreshes shared, reconnect toast) when it holds our store. */
  if (PB_IS_APPLICATION (app) && pb_application_get_store (PB_APPLICATION (app)) == data->store)
    data->token_manager = g_object_ref (pb_application_get_token_manager (PB_APPLICATION (app)));
  else
    data->token_manager = pb_token_manager_new (data->store, NULL);
  cancellable = g_task_get_cancellable (task);
  pb_intercom_fetch_identity_async (data->token_manager, data->connector, cancellable,
                                    identity_cb, g_steal_pointer (&task));
}

void
pb_sign_in_async (GtkWidget           *widget,
                  PbConnectorStore    *store,
                  PbConnector         *connector,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GtkRoot *root;
  GTask *task;
  SignIn *data;
  PbSignInWindow *window;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (PB_IS_CONNECTOR_STORE (store));
  g_return_if_fail (PB_IS_CONNECTOR (connector));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_sign_in_async);
  /* The window reports its own outcome (PB_ERROR_CANCELLED…), not a bare cancellation. */
  g_task_set_check_cancellable (task, FALSE);
  data = g_new0 (SignIn, 1);
  data->store = g_object_ref (store);
  data->connector = g_object_ref (connector);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);

  root = gtk_widget_get_root (widget);
  window = pb_sign_in_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, store,
                                  connector);
  pb_sign_in_window_run_async (window, cancellable, window_done_cb, task);
}

gboolean
pb_sign_in_finish (GAsyncResult  *result,
                   char         **out_warning,
                   GError       **error)
{
  GTask *task = G_TASK (result);
  SignIn *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  if (!g_task_propagate_boolean (task, error))
    return FALSE;
  data = g_task_get_task_data (task);
  if (out_warning != NULL)
    *out_warning = g_steal_pointer (&data->warning);
  return TRUE;
}
