/* test-sign-in-window.c: the real WebKit sign-in window under Xvfb against a real
 * authorization server (oidc-provider): the test fills the provider's login and consent
 * pages with JavaScript, as a user would with the keyboard.
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs of the window at each step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include <libsoup/soup.h>

#include "pb-connector-page.h"
#include "pb-connector-row.h"
#include "pb-catalog.h"
#include "pb-connector-store.h"
#include "pb-error.h"
#include "pb-setup-chat.h"
#include "pb-setup-window.h"
#include "pb-sign-in-window.h"
#include "pb-ui-resources.h"
#include "pb-test-oauth-server.h"
#define PB_TEST_UI_TIMEOUT_S 30
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-token-manager.h"
#include "pb-vault.h"

typedef struct {
  PbTestOAuthServer *server;
  char *path;
  PbConnectorStore *store;
  PbConnector *connector;
  GtkWindow *parent;
  PbSignInWindow *window;
  GAsyncResult *result;
  /* What the page script did on each loaded page: "login", "consent", "deny", "none". */
  GPtrArray *pages;
  gboolean deny;
  char *screenshot_prefix;
  char *last_uri;
  GPtrArray *committed;   /* every URI the web view committed to loading */
} Fixture;

#define child(f, name) pb_test_ui_child (GTK_WIDGET ((f)->window), PB_TYPE_SIGN_IN_WINDOW, (name))

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *auth_url = NULL;
  g_autofree char *token_url = NULL;

  f->server = pb_test_oauth_server_start (60);
  f->path = g_build_filename (pb_test_root (), "stores", uuid, "connectors.json", NULL);
  f->store = pb_connector_store_new (f->path, NULL);
  g_assert_true (pb_connector_store_load (f->store, &error));
  f->connector = g_object_ref (pb_connector_store_create (f->store, "Example Provider",
                                                          PB_CONNECTOR_KIND_OAUTH2, &error));
  g_assert_no_error (error);
  auth_url = pb_test_oauth_server_url (f->server, "/auth");
  token_url = pb_test_oauth_server_url (f->server, "/token");
  pb_connector_set_client_id (f->connector, PB_TEST_OAUTH_NATIVE_CLIENT);
  pb_connector_set_auth_url (f->connector, auth_url);
  pb_connector_set_token_url (f->connector, token_url);
  pb_connector_set_scopes (f->connector, "openid offline_access profile");

  f->parent = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->parent, 900, 1000);
  gtk_window_present (f->parent);
  f->pages = g_ptr_array_new_with_free_func (g_free);
  f->committed = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (PbVaultSecret) access = NULL;
  g_autoptr (PbVaultSecret) refresh = NULL;

  /* Whatever happened, no token is in any file but the keyring. */
  access = pb_vault_lookup_sync (pb_vault_get_default (), pb_connector_get_id (f->connector),
                                 PB_SECRET_ACCESS_TOKEN, NULL, NULL);
  refresh = pb_vault_lookup_sync (pb_vault_get_default (), pb_connector_get_id (f->connector),
                                  PB_SECRET_REFRESH_TOKEN, NULL, NULL);
  g_assert_true (pb_connector_store_flush (f->store, NULL));
  if (access != NULL)
    g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), access), >, 0);
  if (refresh != NULL)
    g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), refresh), >, 0);

  if (f->window != NULL && gtk_widget_get_visible (GTK_WIDGET (f->window)))
    gtk_window_destroy (GTK_WINDOW (f->window));
  gtk_window_destroy (f->parent);
  g_clear_object (&f->result);
  g_ptr_array_unref (f->pages);
  g_ptr_array_unref (f->committed);
  g_clear_object (&f->connector);
  g_clear_object (&f->store);
  g_free (f->path);
  g_free (f->last_uri);
  pb_test_oauth_server_stop (f->server);
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static void
script_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source), result, &error);

  g_assert_no_error (error);
  g_ptr_array_add (f->pages, jsc_value_to_string (value));
}

/* The provider's pages: a login form, then a consent form (both have input[name=prompt]). */
static const char fill_script[] =
  "(function () {"
  "  var login = document.querySelector('input[name=login]');"
  "  if (login) {"
  "    login.value = 'carol';"
  "    document.querySelector('input[name=password]').value = 'any password';"
  "    login.form.submit();"
  "    return 'login';"
  "  }"
  "  var consent = document.querySelector('input[name=prompt][value=consent]');"
  "  if (consent) {"
  "    if (DENY) { window.location.href = consent.form.action + '/abort'; return 'deny'; }"
  "    consent.form.submit();"
  "    return 'consent';"
  "  }"
  "  return 'none';"
  "})()";

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 Fixture         *f)
{
  g_autofree char *script = NULL;
  g_autofree char *shot = NULL;

  if (event == WEBKIT_LOAD_COMMITTED)
    g_ptr_array_add (f->committed, g_strdup (webkit_web_view_get_uri (web_view)));

  if (event != WEBKIT_LOAD_FINISHED || f->window == NULL || !gtk_widget_get_visible (GTK_WIDGET (f->window)))
    return;
  /* A load stopped before anything was committed (Open in Browser stops the first one, and its
   * events can arrive after this handler is connected) "finishes" on no page: nothing to fill. */
  if (webkit_web_view_get_uri (web_view) == NULL || *webkit_web_view_get_uri (web_view) == '\0')
    return;
  /* A load that ends in the ignored redirect also "finishes", on the page it left. */
  if (g_strcmp0 (f->last_uri, webkit_web_view_get_uri (web_view)) == 0)
    return;
  g_free (f->last_uri);
  f->last_uri = g_strdup (webkit_web_view_get_uri (web_view));

  shot = g_strdup_printf ("%s-page-%u.png", f->screenshot_prefix, f->pages->len + 1);
  pb_test_ui_screenshot (GTK_WIDGET (f->window), shot);
  script = g_strdup (fill_script);
  memcpy (strstr (script, "DENY"), f->deny ? "true" : "0   ", 4);
  webkit_web_view_evaluate_javascript (web_view, script, -1, NULL, NULL, NULL, script_done, f);
}

static void
open_window (Fixture    *f,
             const char *prefix,
             gboolean    fill_pages)
{
  f->screenshot_prefix = (char *) prefix;
  f->window = pb_sign_in_window_new (f->parent, f->store, f->connector);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  if (fill_pages)
    g_signal_connect (pb_sign_in_window_get_web_view (f->window), "load-changed", G_CALLBACK (load_changed_cb), f);
  pb_sign_in_window_run_async (f->window, NULL, run_done, f);
}

static void
assert_nothing_stored (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) access = pb_vault_lookup_sync (pb_vault_get_default (), pb_connector_get_id (f->connector),
                                                           PB_SECRET_ACCESS_TOKEN, NULL, &error);

  g_assert_no_error (error);
  g_assert_null (access);
  g_assert_false (pb_connector_has_secret (f->connector, PB_SECRET_ACCESS_TOKEN));
}

static void
test_embedded (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) access = NULL;
  g_autoptr (PbVaultSecret) refresh = NULL;
  g_autoptr (GObject) source = NULL;

  open_window (f, "sign-in-embedded", TRUE);

  /* The header names the page's host and says plain http is not secure. */
  WAIT_FOR (f->pages->len >= 1);
  g_assert_cmpstr (g_ptr_array_index (f->pages, 0), ==, "login");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "host_label"))), ==, "127.0.0.1");
  g_assert_true (gtk_widget_get_visible (child (f, "insecure_label")));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (child (f, "address_box")), "not encrypted"));

  WAIT_FOR (f->result != NULL);
  source = g_async_result_get_source_object (f->result);
  g_assert_true (pb_sign_in_window_run_finish (PB_SIGN_IN_WINDOW (source), f->result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->pages->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->pages, 1), ==, "consent");
  /* The redirect with the code was caught, never loaded. */
  g_assert_cmpuint (f->committed->len, >=, 2);
  for (guint i = 0; i < f->committed->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (f->committed, i), "http://127.0.0.1/callback"));

  /* The window closed itself; the tokens are in the keyring and the connector is ready. */
  WAIT_FOR (f->window == NULL || !gtk_widget_get_visible (GTK_WIDGET (f->window)));
  access = pb_vault_lookup_sync (pb_vault_get_default (), pb_connector_get_id (f->connector),
                                 PB_SECRET_ACCESS_TOKEN, NULL, &error);
  refresh = pb_vault_lookup_sync (pb_vault_get_default (), pb_connector_get_id (f->connector),
                                  PB_SECRET_REFRESH_TOKEN, NULL, &error);
  g_assert_nonnull (access);
  g_assert_nonnull (refresh);
  g_assert_cmpint (pb_connector_get_state (f->connector), ==, PB_CONNECTOR_STATE_READY);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "authorization_code"), ==, 1);
}

static void
finish_closed (Fixture  *f,
               GError  **error)
{
  g_autoptr (GObject) source = NULL;

  g_assert_nonnull (f->window);
  gtk_window_close (GTK_WINDOW (f->window));
  WAIT_FOR (f->result != NULL);
  source = g_async_result_get_source_object (f->result);
  g_assert_false (pb_sign_in_window_run_finish (PB_SIGN_IN_WINDOW (source), f->result, error));
}

static void
test_access_denied (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  AdwStatusPage *status;

  f->deny = TRUE;
  open_window (f, "sign-in-denied", TRUE);
  status = ADW_STATUS_PAGE (child (f, "status_page"));
  WAIT_FOR (g_strcmp0 (adw_status_page_get_title (status), "Access Denied") == 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack"))), ==, "status");
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "denied"));
  g_assert_null (f->result);
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "sign-in-denied-message.png");

  finish_closed (f, &error);
  /* The page was chosen by this code, not by the (translatable) words of the message. */
  g_assert_error (error, PB_ERROR, PB_ERROR_ACCESS_DENIED);
  assert_nothing_stored (f);
}

static void
test_load_failed (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autofree char *auth_url = NULL;
  AdwStatusPage *status;

  /* A loopback port nobody listens on: connection refused. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  auth_url = g_strdup_printf ("http://127.0.0.1:%u/auth",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  pb_connector_set_auth_url (f->connector, auth_url);

  open_window (f, "sign-in-load-failed", FALSE);
  status = ADW_STATUS_PAGE (child (f, "status_page"));
  WAIT_FOR (g_strcmp0 (adw_status_page_get_title (status), "Could Not Load the Sign-In Page") == 0);
  g_assert_true (gtk_widget_get_visible (child (f, "retry_button")));
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "sign-in-load-failed.png");

  finish_closed (f, &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_NETWORK);
  assert_nothing_stored (f);
}

/* An address that takes its time (a loopback socket that listens and never answers): the
 * window says what it waits for, with a spinner, instead of staying blank; one close button. */
static void
test_slow_address (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autofree char *auth_url = NULL;
  AdwStatusPage *status;
  AdwHeaderBar *header;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  auth_url = g_strdup_printf ("http://127.0.0.1:%u/auth",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  pb_connector_set_auth_url (f->connector, auth_url);

  open_window (f, "sign-in-slow", FALSE);
  status = ADW_STATUS_PAGE (child (f, "status_page"));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  pb_test_settle (1500);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack"))), ==, "status");
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Opening the Sign-In Page…");
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "127.0.0.1"));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (child (f, "spinner"))));
  header = ADW_HEADER_BAR (child (f, "header_bar"));
  g_assert_false (adw_header_bar_get_show_end_title_buttons (header));
  g_assert_false (adw_header_bar_get_show_start_title_buttons (header));
  g_assert_true (gtk_widget_get_visible (child (f, "cancel_button")));
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "sign-in-slow.png");

  finish_closed (f, &error);
  assert_nothing_stored (f);
}

static void
test_closed_by_user (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  WebKitWebView *web_view;

  open_window (f, "sign-in-closed", FALSE);
  web_view = pb_sign_in_window_get_web_view (f->window);
  WAIT_FOR (!webkit_web_view_is_loading (web_view) && webkit_web_view_get_uri (web_view) != NULL &&
            strstr (webkit_web_view_get_uri (web_view), "/interaction/") != NULL);

  finish_closed (f, &error);
  g_assert_error (error, PB_ERROR, PB_ERROR_CANCELLED);
  assert_nothing_stored (f);
}

/* --- Open in Browser: the test is the browser, in a thread (the listener is in this one) --- */

typedef struct {
  char *url;
  char *redirect_uri;
} BrowserJob;

static gpointer
browser_thread (gpointer data)
{
  BrowserJob *job = data;

  return pb_test_oauth_sign_in (job->url, "dave", PB_TEST_OAUTH_CONSENT, job->redirect_uri, TRUE);
}

static gboolean
open_uri_cb (PbSignInWindow *window,
             const char     *uri,
             char          **out_uri)
{
  *out_uri = g_strdup (uri);
  return TRUE;
}

static void
test_open_in_browser (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *redirect = NULL;
  g_autoptr (GUri) parsed = NULL;
  g_autoptr (GHashTable) params = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) access = NULL;
  g_autoptr (GObject) source = NULL;
  BrowserJob job;
  GThread *thread;
  AdwStatusPage *status;

  open_window (f, "sign-in-browser", FALSE);
  g_signal_connect (f->window, "open-uri", G_CALLBACK (open_uri_cb), &uri);
  g_signal_emit_by_name (child (f, "browser_button"), "clicked");
  g_assert_nonnull (uri);

  status = ADW_STATUS_PAGE (child (f, "status_page"));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Continue in Your Browser");
  g_assert_false (gtk_widget_get_visible (child (f, "browser_button")));
  pb_test_ui_screenshot (GTK_WIDGET (f->window), "sign-in-browser-waiting.png");

  parsed = g_uri_parse (uri, SOUP_HTTP_URI_FLAGS, &error);
  g_assert_no_error (error);
  params = soup_form_decode (g_uri_get_query (parsed));
  job.url = uri;
  job.redirect_uri = g_hash_table_lookup (params, "redirect_uri");
  g_assert_true (g_str_has_prefix (job.redirect_uri, "http://127.0.0.1:"));

  thread = g_thread_new ("browser", browser_thread, &job);
  WAIT_FOR (f->result != NULL);
  redirect = g_thread_join (thread);
  g_assert_true (g_str_has_prefix (redirect, job.redirect_uri));

  source = g_async_result_get_source_object (f->result);
  g_assert_true (pb_sign_in_window_run_finish (PB_SIGN_IN_WINDOW (source), f->result, &error));
  g_assert_no_error (error);
  WAIT_FOR (f->window == NULL || !gtk_widget_get_visible (GTK_WIDGET (f->window)));
  access = pb_vault_lookup_sync (pb_vault_get_default (), pb_connector_get_id (f->connector),
                                 PB_SECRET_ACCESS_TOKEN, NULL, &error);
  g_assert_nonnull (access);
}

/* Changing one's mind: Open in Browser, then "Sign In Here Instead" signs in in the window. */
static void
test_browser_then_here (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autoptr (GObject) source = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PbVaultSecret) access = NULL;

  open_window (f, "sign-in-back-here", FALSE);
  g_signal_connect (f->window, "open-uri", G_CALLBACK (open_uri_cb), &uri);
  g_signal_emit_by_name (child (f, "browser_button"), "clicked");
  g_assert_nonnull (uri);
  g_assert_true (gtk_widget_get_visible (child (f, "retry_button")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (f, "retry_button"))), ==, "Sign In _Here Instead");

  g_signal_connect (pb_sign_in_window_get_web_view (f->window), "load-changed", G_CALLBACK (load_changed_cb), f);
  g_signal_emit_by_name (child (f, "retry_button"), "clicked");
  /* Progress first, the provider's page once it arrives. */
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "stack"))), "web") == 0);
  g_assert_true (gtk_widget_get_visible (child (f, "address_box")));

  WAIT_FOR (f->result != NULL);
  source = g_async_result_get_source_object (f->result);
  g_assert_true (pb_sign_in_window_run_finish (PB_SIGN_IN_WINDOW (source), f->result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->pages->len, ==, 2);
  access = pb_vault_lookup_sync (pb_vault_get_default (), pb_connector_get_id (f->connector),
                                 PB_SECRET_ACCESS_TOKEN, NULL, &error);
  g_assert_nonnull (access);
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "authorization_code"), ==, 1);
}

/* --- through the connector page: Connect, then a revoked grant shows "Reconnect needed" --- */

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_from_connector_page (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *toasts = adw_toast_overlay_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = pb_connector_row_new (f->connector);
  GtkWidget *page = pb_connector_page_new (f->store, f->connector);
  g_autoptr (PbTokenManager) manager = pb_token_manager_new (f->store, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  AdwPreferencesRow *account;
  GtkLabel *row_kind;

  gtk_widget_set_size_request (list, 260, -1);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_box_append (GTK_BOX (box), list);
  gtk_widget_set_hexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (toasts), box);
  adw_window_set_content (ADW_WINDOW (f->parent), toasts);

  account = ADW_PREFERENCES_ROW (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "oauth_account_row"));
  row_kind = GTK_LABEL (gtk_widget_get_template_child (row, PB_TYPE_CONNECTOR_ROW, "kind_label"));
  g_assert_cmpstr (adw_preferences_row_get_title (account), ==, "Not Connected");
  pb_test_ui_screenshot (GTK_WIDGET (f->parent), "sign-in-page-before.png");

  /* Connect opens the sign-in window; the test signs in on the provider's pages. */
  g_signal_emit_by_name (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "oauth_connect_button"), "clicked");
  f->window = PB_SIGN_IN_WINDOW (pb_test_ui_find_toplevel (PB_TYPE_SIGN_IN_WINDOW));
  g_assert_nonnull (f->window);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  f->screenshot_prefix = (char *) "sign-in-from-page";
  g_assert_false (gtk_widget_get_sensitive (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "oauth_connect_button")));
  g_signal_connect (pb_sign_in_window_get_web_view (f->window), "load-changed", G_CALLBACK (load_changed_cb), f);

  WAIT_FOR (g_strcmp0 (adw_preferences_row_get_title (account), "Connected") == 0 &&
            gtk_widget_get_sensitive (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "oauth_connect_button")));
  g_assert_true (pb_test_ui_find_toplevel (PB_TYPE_SIGN_IN_WINDOW) == NULL);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (account)), "offline_access"));
  pb_test_ui_screenshot (GTK_WIDGET (f->parent), "sign-in-page-connected.png");

  /* The provider revokes the grant; the next refresh says so on the page and in the list. */
  pb_test_oauth_server_hook (f->server, "revoke-grants");
  pb_token_manager_refresh_async (manager, f->connector, NULL, refreshed_cb, &result);
  WAIT_FOR (result != NULL);
  g_assert_false (pb_token_manager_refresh_finish (manager, result, &error));
  g_assert_error (error, PB_ERROR, PB_ERROR_REAUTH_NEEDED);
  WAIT_FOR (g_strcmp0 (adw_preferences_row_get_title (account), "Reconnect Needed") == 0);
  g_assert_nonnull (strstr (gtk_label_get_label (row_kind), "Reconnect needed"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "oauth_connect_button"))), ==, "_Reconnect");
  pb_test_ui_screenshot (GTK_WIDGET (f->parent), "sign-in-page-reconnect.png");
}

/* "Connect to Intercom": the same window, then the page shows the workspace and admin from
 * Intercom's GET /me (a local stand-in for api.intercom.io; the endpoints point at the test
 * provider, since the preset's real ones are not reachable from a test). */
static void
intercom_me_handler (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Authorization");
  static const char me[] =
    "{\"type\":\"admin\",\"id\":\"991267\",\"email\":\"ada@example.com\",\"name\":\"Ada Admin\","
    "\"app\":{\"type\":\"app\",\"id_code\":\"abc123de\",\"name\":\"Example Support\"}}";

  *(guint *) user_data += 1;
  if (g_strcmp0 (path, "/me") != 0 || authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    {
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, me, strlen (me));
}

static void
test_intercom_from_page (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupServer) api = soup_server_new (NULL, NULL);
  g_autofree char *base = NULL;
  g_autofree char *auth_url = pb_test_oauth_server_url (f->server, "/auth");
  g_autofree char *token_url = pb_test_oauth_server_url (f->server, "/token");
  GtkWidget *toasts = adw_toast_overlay_new ();
  PbConnector *intercom;
  GtkWidget *page;
  GtkLabel *status;
  guint me_requests = 0;
  GSList *uris;

  soup_server_add_handler (api, NULL, intercom_me_handler, &me_requests, NULL);
  g_assert_true (soup_server_listen_local (api, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (api);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  intercom = pb_connector_store_create (f->store, "Intercom", PB_CONNECTOR_KIND_INTERCOM, &error);
  g_assert_no_error (error);
  pb_connector_set_client_id (intercom, PB_TEST_OAUTH_NATIVE_CLIENT);
  pb_connector_set_auth_url (intercom, auth_url);
  pb_connector_set_token_url (intercom, token_url);
  pb_connector_set_scopes (intercom, "openid");
  pb_connector_set_base_url (intercom, base);

  page = pb_connector_page_new (f->store, intercom);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (toasts), page);
  adw_window_set_content (ADW_WINDOW (f->parent), toasts);
  status = GTK_LABEL (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "intercom_status_label"));
  g_assert_nonnull (strstr (gtk_label_get_label (status), "Not connected"));

  g_signal_emit_by_name (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "intercom_connect_button"), "clicked");
  f->window = PB_SIGN_IN_WINDOW (pb_test_ui_find_toplevel (PB_TYPE_SIGN_IN_WINDOW));
  g_assert_nonnull (f->window);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  f->screenshot_prefix = (char *) "sign-in-intercom";
  g_signal_connect (pb_sign_in_window_get_web_view (f->window), "load-changed", G_CALLBACK (load_changed_cb), f);

  WAIT_FOR (g_strcmp0 (gtk_label_get_label (status),
                       "Connected to “Example Support” as Ada Admin (ada@example.com).") == 0);
  g_assert_cmpuint (me_requests, ==, 1);
  g_assert_cmpstr (pb_connector_get_setting (intercom, "intercom-workspace"), ==, "Example Support");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (pb_test_ui_child (page, PB_TYPE_CONNECTOR_PAGE, "intercom_connect_button"))), ==,
                   "Rec_onnect to Intercom");
  pb_test_ui_screenshot (GTK_WIDGET (f->parent), "sign-in-intercom-connected.png");

  /* The fixture checks the tokens of its own connector; check this one's here. */
  {
    g_autoptr (PbVaultSecret) access = pb_vault_lookup_sync (pb_vault_get_default (), pb_connector_get_id (intercom),
                                                             PB_SECRET_ACCESS_TOKEN, NULL, &error);

    g_assert_nonnull (access);
    g_assert_true (pb_connector_store_flush (f->store, NULL));
    g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), access), >, 0);
  }
}

static gboolean
transcript_has (PbSetupModel *model,
                const char   *prefix)
{
  GListModel *transcript = pb_setup_model_get_transcript (model);

  for (guint i = 0; i < g_list_model_get_n_items (transcript); i++)
    {
      g_autoptr (PbSetupMessage) message = g_list_model_get_item (transcript, i);

      if (g_str_has_prefix (pb_setup_message_get_text (message), prefix))
        return TRUE;
    }
  return FALSE;
}

static void
test_requested_cb (PbSetupChat *chat,
                   gboolean    *requested)
{
  *requested = TRUE;
}

static void
test_from_setup_chat (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PbSetupModel) model = NULL;
  g_autofree char *auth_url = pb_test_oauth_server_url (f->server, "/auth");
  g_autofree char *token_url = pb_test_oauth_server_url (f->server, "/token");
  g_autofree char *base_url = pb_test_oauth_server_url (f->server, "/api");
  PbDefinition *definition = pb_catalog_lookup (pb_catalog_get_default (), "oauth2");
  PbSetupWindow *setup;
  PbSetupChat *chat;
  GtkWidget *sign_in_button = NULL;
  gboolean test_requested = FALSE;
  PbConnector *connector;

  g_assert_nonnull (definition);
  model = pb_setup_model_new (f->store, definition, "Chat Provider");
  g_assert_true (pb_setup_model_set_value (model, "base-url", base_url, &error));
  g_assert_true (pb_setup_model_set_value (model, "auth-url", auth_url, &error));
  g_assert_true (pb_setup_model_set_value (model, "token-url", token_url, &error));
  g_assert_true (pb_setup_model_set_value (model, "client-id", PB_TEST_OAUTH_NATIVE_CLIENT, &error));
  g_assert_true (pb_setup_model_set_value (model, "scopes", "openid offline_access profile", &error));
  g_assert_no_error (error);

  setup = pb_setup_window_new (f->parent, model);
  chat = pb_setup_window_get_chat (setup);
  g_signal_connect (chat, "test-requested", G_CALLBACK (test_requested_cb), &test_requested);
  gtk_window_present (GTK_WINDOW (setup));
  /* Everything required is set; the client secret is optional (a public PKCE client). */
  WAIT_FOR (transcript_has (model, "That is everything required"));
  WAIT_FOR (!pb_setup_chat_get_busy (chat));
  pb_setup_chat_send_text (chat, "No");
  WAIT_FOR ((sign_in_button = pb_test_ui_find_button (GTK_WIDGET (chat), "Sign In…")) != NULL &&
            gtk_widget_get_mapped (sign_in_button));
  pb_test_ui_screenshot (GTK_WIDGET (setup), "sign-in-setup-chat.png");

  g_signal_emit_by_name (sign_in_button, "clicked");
  f->window = PB_SIGN_IN_WINDOW (pb_test_ui_find_toplevel (PB_TYPE_SIGN_IN_WINDOW));
  g_assert_nonnull (f->window);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  f->screenshot_prefix = (char *) "sign-in-setup";
  g_signal_connect (pb_sign_in_window_get_web_view (f->window), "load-changed", G_CALLBACK (load_changed_cb), f);

  WAIT_FOR (transcript_has (model, "Connected — signed in to Chat Provider"));
  WAIT_FOR (test_requested);
  connector = pb_setup_model_get_connector (model);
  g_assert_nonnull (connector);
  g_assert_true (pb_connector_has_secret (connector, PB_SECRET_ACCESS_TOKEN));
  g_assert_cmpuint (pb_test_oauth_server_count_grants (f->server, "authorization_code"), ==, 1);
  pb_test_ui_screenshot (GTK_WIDGET (setup), "sign-in-setup-chat-connected.png");

  {
    g_autoptr (PbVaultSecret) access = pb_vault_lookup_sync (pb_vault_get_default (), pb_connector_get_id (connector),
                                                             PB_SECRET_ACCESS_TOKEN, NULL, &error);

    g_assert_nonnull (access);
    g_assert_true (pb_connector_store_flush (f->store, NULL));
    g_assert_cmpuint (pb_test_assert_tree_lacks (pb_test_root (), access), >, 0);
  }
  gtk_window_destroy (GTK_WINDOW (setup));
}

static void
web_snapshot_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The window as a user sees it: GTK draws the window, WebKit the page inside it (the
 * widget's own frame holds no page content, so the page is drawn in from WebKit's
 * snapshot). */
static void
screenshot_with_page (PbSignInWindow *window,
                      const char     *name)
{
  const char *dir = g_getenv ("PB_SCREENSHOT_DIR");
  WebKitWebView *web = pb_sign_in_window_get_web_view (window);
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GdkTexture) page = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GError) error = NULL;
  GtkSnapshot *snapshot;
  graphene_rect_t bounds;
  int width, height;

  if (dir == NULL)
    return;
  pb_test_settle (500);
  webkit_web_view_get_snapshot (web, WEBKIT_SNAPSHOT_REGION_VISIBLE, WEBKIT_SNAPSHOT_OPTIONS_NONE,
                                NULL, web_snapshot_done, &result);
  WAIT_FOR (result != NULL);
  page = webkit_web_view_get_snapshot_finish (web, result, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (web), GTK_WIDGET (window), &bounds));

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  gtk_snapshot_append_texture (snapshot, page, &bounds);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  pb_test_ui_save_node (node, width, height, name);
}

/* The provider's page in the window at 1280 and 400 px: the header (Cancel, the address and
 * whether it is secure, Open in Browser) fits and the title is whole at both. */
static void
test_sizes (Fixture       *f,
            gconstpointer  data)
{
  static const int widths[] = { 1280, 400 };
  WebKitWebView *web;

  open_window (f, "sign-in-sizes", FALSE);
  web = pb_sign_in_window_get_web_view (f->window);
  WAIT_FOR (webkit_web_view_get_uri (web) != NULL && !webkit_web_view_is_loading (web) &&
            gtk_widget_get_mapped (GTK_WIDGET (f->window)));

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *name = g_strdup_printf ("sign-in-page-%d.png", widths[i]);

      gtk_window_set_default_size (GTK_WINDOW (f->window), widths[i], widths[i] > 600 ? 800 : 720);
      WAIT_FOR (ABS (gtk_widget_get_width (GTK_WIDGET (f->window)) - widths[i]) <= 20);
      pb_test_settle (300);
      g_assert_true (gtk_widget_get_visible (child (f, "insecure_label")));
      screenshot_with_page (f->window, name);
      pb_test_ui_assert_fits (GTK_WIDGET (f->window));
    }
  gtk_window_close (GTK_WINDOW (f->window));
  WAIT_FOR (f->result != NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  /* The templates live in the UI's static library: referencing the resource links it in. */
  (void) pb_ui_get_resource ();

#define ADD(path, func) \
  g_test_add ("/sign-in-window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("embedded", test_embedded);
  ADD ("access-denied", test_access_denied);
  ADD ("load-failed", test_load_failed);
  ADD ("slow-address", test_slow_address);
  ADD ("closed-by-user", test_closed_by_user);
  ADD ("open-in-browser", test_open_in_browser);
  ADD ("browser-then-here", test_browser_then_here);
  ADD ("from-connector-page", test_from_connector_page);
  ADD ("intercom-from-page", test_intercom_from_page);
  ADD ("from-setup-chat", test_from_setup_chat);
  ADD ("sizes", test_sizes);
#undef ADD

  return g_test_run ();
}
