/* pb-sign-in-window.c: the provider's sign-in page in a WebKit view, for one OAuth flow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-error.h"
#include "pb-oauth-flow.h"
#include "pb-sign-in-window.h"

struct _PbSignInWindow
{
  AdwWindow parent_instance;

  PbConnectorStore *store;
  PbConnector *connector;
  PbOAuthFlow *flow;
  WebKitNetworkSession *session;
  WebKitWebView *web_view;

  GTask *task;                 /* the run in progress */
  GCancellable *cancellable;   /* cancelled when the window goes away */
  GCancellable *browser_cancellable;  /* stops the loopback listener */
  gboolean awaiting_page;       /* the embedded page asked for, nothing committed yet */
  GError *last_error;          /* what the window shows; the result if the user closes it */
  gboolean redirect_caught;    /* the web view is done: nothing it does matters now */
  gboolean in_browser;         /* waiting for the loopback redirect */
  char *embedded_url;          /* the authorization URL the web view loads */
  gboolean load_ended;         /* the current load finished or failed */
  guint reload_attempts;       /* reloads of a navigation WebKit dropped */
  guint check_load_id;         /* idle: did the load end without an outcome? */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkWidget *address_box;
  GtkImage *security_icon;
  GtkLabel *host_label;
  GtkWidget *insecure_label;
  GtkWidget *browser_button;
  GtkWidget *cancel_button;
  GtkWidget *header_bar;
  GtkStack *stack;
  GtkOverlay *web_overlay;
  GtkProgressBar *progress_bar;
  AdwStatusPage *status_page;
  GtkSpinner *spinner;
  GtkWidget *retry_button;
};

G_DEFINE_FINAL_TYPE (PbSignInWindow, pb_sign_in_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONNECTOR,
  N_PROPS
};

enum {
  OPEN_URI,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_embedded (PbSignInWindow *self);

/* --- outcome --- */

static void
finish_run (PbSignInWindow *self,
            gboolean        success)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);

  if (task == NULL)
    return;
  if (success)
    g_task_return_boolean (task, TRUE);
  else if (self->last_error != NULL)
    g_task_return_error (task, g_error_copy (self->last_error));
  else
    g_task_return_new_error (task, PB_ERROR, PB_ERROR_CANCELLED,
                             _("The sign-in was cancelled. Nothing was changed."));
}

static void
set_last_error (PbSignInWindow *self,
                const GError   *error)
{
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
}

static void
show_busy (PbSignInWindow *self,
           const char     *title,
           const char     *description)
{
  adw_status_page_set_icon_name (self->status_page, NULL);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_visible (self->retry_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static void
show_error (PbSignInWindow *self,
            const char     *title,
            const GError   *error)
{
  set_last_error (self, error);
  self->awaiting_page = FALSE;
  adw_status_page_set_icon_name (self->status_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, error->message);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_button_set_label (GTK_BUTTON (self->retry_button), _("_Try Again"));
  gtk_widget_set_visible (self->retry_button, TRUE);
  gtk_widget_set_visible (self->browser_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static const char *
error_title (const GError *error)
{
  if (g_error_matches (error, PB_ERROR, PB_ERROR_ACCESS_DENIED))
    return _("Access Denied");
  if (error->domain == PB_ERROR && (error->code == PB_ERROR_NETWORK || error->code == PB_ERROR_TLS))
    return _("Could Not Reach the Provider");
  return _("Sign-In Failed");
}

/* --- the address in the header --- */

static void
update_security (PbSignInWindow *self)
{
  const char *uri = webkit_web_view_get_uri (self->web_view);
  g_autoptr (GUri) parsed = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host = parsed != NULL ? g_uri_get_host (parsed) : NULL;
  g_autofree char *tooltip = NULL;
  GTlsCertificate *certificate = NULL;
  GTlsCertificateFlags errors = 0;
  gboolean secure;

  if (host == NULL || *host == '\0')
    {
      gtk_label_set_label (self->host_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->security_icon), FALSE);
      gtk_widget_set_visible (self->insecure_label, FALSE);
      gtk_widget_set_tooltip_text (self->address_box, NULL);
      return;
    }

  secure = g_strcmp0 (g_uri_get_scheme (parsed), "https") == 0 &&
           webkit_web_view_get_tls_info (self->web_view, &certificate, &errors) && errors == 0;

  gtk_label_set_label (self->host_label, host);
  gtk_widget_set_visible (GTK_WIDGET (self->security_icon), TRUE);
  gtk_image_set_from_icon_name (self->security_icon,
                                secure ? "channel-secure-symbolic" : "channel-insecure-symbolic");
  gtk_widget_set_visible (self->insecure_label, !secure);

  if (secure)
    {
      g_autofree char *issuer
        = certificate != NULL ? g_tls_certificate_get_issuer_name (certificate) : NULL;

      if (issuer != NULL)
        /* Translators: tooltip of the address in the sign-in window; %s are a host and a
         * certificate issuer */
        tooltip
          = g_strdup_printf (_("Secure connection to %s\nCertificate issued by %s"), host, issuer);
      else
        tooltip = g_strdup_printf (_("Secure connection to %s"), host);
    }
  else
    {
      tooltip = g_strdup_printf (
        _("The connection to %s is not encrypted. Only sign in if you trust this "
           "address and the network you are on."),
        host);
    }
  gtk_widget_set_tooltip_text (self->address_box, tooltip);
}

/* --- the embedded page --- */

static void
flow_completed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (PbSignInWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!pb_oauth_flow_complete_finish (PB_OAUTH_FLOW (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error_title (error), error);
      return;
    }

  finish_run (self, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
decide_policy_cb (PbSignInWindow           *self,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  WebKitWebView            *web_view)
{
  WebKitNavigationAction *action;
  WebKitURIRequest *request;
  const char *uri;

  if (type != WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      type != WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (
    WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  request = webkit_navigation_action_get_request (action);
  uri = webkit_uri_request_get_uri (request);

  if (self->flow != NULL && !self->in_browser && pb_oauth_flow_is_redirect (self->flow, uri))
    {
      /* The redirect carries the code: hand it to the flow, never load it. */
      webkit_policy_decision_ignore (decision);
      if (self->redirect_caught)
        return TRUE;
      self->redirect_caught = TRUE;
      show_busy (self, _("Connecting…"), _("Finishing the sign-in."));
      pb_oauth_flow_complete_async (self->flow, uri, self->cancellable, flow_completed_cb,
                                    g_object_ref (self));
      return TRUE;
    }

  if (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    {
      /* One window: pages that want a pop-up get it here, where the address is shown. */
      webkit_policy_decision_ignore (decision);
      webkit_web_view_load_request (web_view, request);
      return TRUE;
    }
  return FALSE;
}

static gboolean
load_failed_cb (PbSignInWindow  *self,
                WebKitLoadEvent  event,
                const char      *failing_uri,
                GError          *error,
                WebKitWebView   *web_view)
{
  g_autoptr (GError) pb_error = NULL;
  g_autoptr (GUri) uri = NULL;

  self->load_ended = TRUE;
  /* Ignoring the redirect in decide-policy interrupts that load: expected. */
  if (g_error_matches (error, WEBKIT_POLICY_ERROR,
                       WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE)
      || g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED)
      || self->redirect_caught || self->in_browser)
    return TRUE;

  uri = g_uri_parse (failing_uri, G_URI_FLAGS_NONE, NULL);
  g_debug ("Sign-in page: %s", error->message);
  pb_error = g_error_new (
    PB_ERROR, PB_ERROR_NETWORK,
    _("The sign-in page at %s could not be loaded. Check the address and your connection, "
      "then try again."),
    uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : failing_uri);
  show_error (self, _("Could Not Load the Sign-In Page"), pb_error);
  return TRUE;
}

static gboolean
load_failed_with_tls_errors_cb (PbSignInWindow       *self,
                                const char           *failing_uri,
                                GTlsCertificate      *certificate,
                                GTlsCertificateFlags  errors,
                                WebKitWebView        *web_view)
{
  g_autoptr (GError) pb_error = NULL;
  g_autoptr (GUri) uri = g_uri_parse (failing_uri, G_URI_FLAGS_NONE, NULL);

  self->load_ended = TRUE;
  pb_error = g_error_new (
    PB_ERROR, PB_ERROR_TLS,
    _("The identity of %s could not be verified (certificate problem), so its sign-in "
       "page was not shown. Someone may be impersonating it."),
    uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : failing_uri);
  show_error (self, _("Connection Not Secure"), pb_error);
  return TRUE;
}

static void
load_changed_cb (PbSignInWindow  *self,
                 WebKitLoadEvent  event,
                 WebKitWebView   *web_view)
{
  switch (event)
    {
    case WEBKIT_LOAD_STARTED:
      gtk_progress_bar_set_fraction (self->progress_bar, 0.1);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      break;
    case WEBKIT_LOAD_COMMITTED:
      update_security (self);
      if (self->awaiting_page)
        {
          self->awaiting_page = FALSE;
          gtk_spinner_set_spinning (self->spinner, FALSE);
          gtk_stack_set_visible_child_name (self->stack, "web");
        }
      break;
    case WEBKIT_LOAD_FINISHED:
      self->load_ended = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      break;
    case WEBKIT_LOAD_REDIRECTED:
    default:
      break;
    }
}

/* WebKit can drop a navigation that replaces another one while the web process is still
 * starting (Open in Browser, then straight back): the view stops loading with no page, no
 * "finished" and no "failed", and would stay blank forever. Ask for the page again. */
static gboolean
check_load_cb (gpointer user_data)
{
  PbSignInWindow *self = user_data;
  const char *uri = webkit_web_view_get_uri (self->web_view);

  self->check_load_id = 0;
  if (self->load_ended || self->in_browser || self->redirect_caught || self->embedded_url == NULL
      || webkit_web_view_is_loading (self->web_view) || (uri != NULL && *uri != '\0')
      || (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "web") != 0
          && !self->awaiting_page)
      || self->reload_attempts >= 3)
    return G_SOURCE_REMOVE;

  self->reload_attempts++;
  webkit_web_view_load_uri (self->web_view, self->embedded_url);
  return G_SOURCE_REMOVE;
}

static void
is_loading_changed_cb (PbSignInWindow *self)
{
  /* An idle: a load that failed says so right after it stops loading. */
  if (!webkit_web_view_is_loading (self->web_view) && self->check_load_id == 0)
    self->check_load_id = g_idle_add (check_load_cb, self);
}

static void
progress_changed_cb (PbSignInWindow *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 webkit_web_view_get_estimated_load_progress (self->web_view));
}

static void
start_embedded (PbSignInWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;

  if (self->browser_cancellable != NULL)
    {
      g_cancellable_cancel (self->browser_cancellable);
      g_clear_object (&self->browser_cancellable);
    }
  g_clear_object (&self->flow);
  self->flow = pb_oauth_flow_new (self->store, self->connector, NULL);
  self->redirect_caught = FALSE;
  self->in_browser = FALSE;
  gtk_widget_set_visible (self->browser_button, TRUE);
  gtk_widget_set_visible (self->address_box, TRUE);

  url = pb_oauth_flow_get_authorization_url (self->flow, &error);
  if (url == NULL)
    {
      show_error (self, _("Cannot Sign In Yet"), error);
      gtk_widget_set_visible (self->retry_button, FALSE);
      gtk_widget_set_visible (self->browser_button, FALSE);
      return;
    }

  /* Progress until the provider answers (a slow or unreachable address is not a blank
   * window); the page shows once it commits, a failure shows the error page. */
  {
    g_autoptr (GUri) parsed = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
    const char *host = parsed != NULL ? g_uri_get_host (parsed) : NULL;
    g_autofree char *waiting = g_strdup_printf (_("Waiting for %s to answer."),
                                                host != NULL ? host : url);

    show_busy (self, _("Opening the Sign-In Page…"), waiting);
  }
  self->awaiting_page = TRUE;
  g_free (self->embedded_url);
  self->embedded_url = g_steal_pointer (&url);
  self->load_ended = FALSE;
  self->reload_attempts = 0;
  webkit_web_view_load_uri (self->web_view, self->embedded_url);
}

/* --- the browser --- */

static void
browser_launched_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (PbSignInWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      /* Whatever the reason (none installed, none set as default), the way on is the same. */
      g_autoptr (GError) pb_error = g_error_new_literal (
        PB_ERROR, PB_ERROR_NOT_AVAILABLE,
        _("No web browser could be opened. Sign in here instead."));

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, _("Could Not Open a Browser"), pb_error);
    }
}

static gboolean
pb_sign_in_window_real_open_uri (PbSignInWindow *self,
                                 const char     *uri)
{
  g_autoptr (GdkAppLaunchContext) context
    = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), self->cancellable,
                                           browser_launched_cb, g_object_ref (self));
  return TRUE;
}

static void
browser_wait_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (PbSignInWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  GtkWindow *parent;

  if (!pb_oauth_flow_wait_finish (PB_OAUTH_FLOW (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || PB_OAUTH_FLOW (source) != self->flow)
        return;
      show_error (self, error_title (error), error);
      return;
    }

  /* The browser has the user's attention: bring Plugboard back. */
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_window_present (parent);
  finish_run (self, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
browser_clicked_cb (PbSignInWindow *self)
{
  g_autoptr (PbOAuthFlow) flow = pb_oauth_flow_new (self->store, self->connector, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  gboolean handled = FALSE;

  if (!pb_oauth_flow_listen (flow, &error) ||
      (url = pb_oauth_flow_get_authorization_url (flow, &error)) == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  /* The embedded page is abandoned: its redirect would no longer match. */
  webkit_web_view_stop_loading (self->web_view);
  g_set_object (&self->flow, flow);
  self->in_browser = TRUE;
  gtk_widget_set_visible (self->browser_button, FALSE);
  /* The page's address is the browser's business now. */
  gtk_widget_set_visible (self->address_box, FALSE);
  show_busy (
    self, _("Continue in Your Browser"),
    _(
      "Sign in on the page that opened in your web browser. Plugboard comes back when you are "
      "done."));
  gtk_button_set_label (GTK_BUTTON (self->retry_button), _("Sign In _Here Instead"));
  gtk_widget_set_visible (self->retry_button, TRUE);

  g_clear_object (&self->browser_cancellable);
  self->browser_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->browser_cancellable, G_CONNECT_SWAPPED);
  pb_oauth_flow_wait_async (self->flow, self->browser_cancellable, browser_wait_cb,
                            g_object_ref (self));
  g_signal_emit (self, signals[OPEN_URI], 0, url, &handled);
}

static void
retry_clicked_cb (PbSignInWindow *self)
{
  g_clear_error (&self->last_error);
  start_embedded (self);
}

static void
cancel_clicked_cb (PbSignInWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* --- GObject --- */

static gboolean
pb_sign_in_window_close_request (GtkWindow *window)
{
  PbSignInWindow *self = PB_SIGN_IN_WINDOW (window);

  /* Stops an exchange in flight and the loopback listener; nothing half-done is stored. */
  g_cancellable_cancel (self->cancellable);
  finish_run (self, FALSE);
  return GTK_WINDOW_CLASS (pb_sign_in_window_parent_class)->close_request (window);
}

static void
pb_sign_in_window_constructed (GObject *object)
{
  PbSignInWindow *self = PB_SIGN_IN_WINDOW (object);
  g_autofree char *title = NULL;

  G_OBJECT_CLASS (pb_sign_in_window_parent_class)->constructed (object);

  /* Translators: the sign-in window's title; %s is a connector's name */
  title = g_strdup_printf (_("Sign In to %s"), pb_connector_get_name (self->connector));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
pb_sign_in_window_dispose (GObject *object)
{
  PbSignInWindow *self = PB_SIGN_IN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  finish_run (self, FALSE);
  g_clear_handle_id (&self->check_load_id, g_source_remove);
  g_clear_object (&self->flow);
  g_clear_object (&self->connector);
  g_clear_object (&self->store);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (pb_sign_in_window_parent_class)->dispose (object);
}

static void
pb_sign_in_window_finalize (GObject *object)
{
  PbSignInWindow *self = PB_SIGN_IN_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->browser_cancellable);
  g_clear_error (&self->last_error);
  g_free (self->embedded_url);

  G_OBJECT_CLASS (pb_sign_in_window_parent_class)->finalize (object);
}

static void
pb_sign_in_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PbSignInWindow *self = PB_SIGN_IN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CONNECTOR:
      self->connector = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_sign_in_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PbSignInWindow *self = PB_SIGN_IN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONNECTOR:
      g_value_set_object (value, self->connector);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_sign_in_window_class_init (PbSignInWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pb_sign_in_window_constructed;
  object_class->dispose = pb_sign_in_window_dispose;
  object_class->finalize = pb_sign_in_window_finalize;
  object_class->set_property = pb_sign_in_window_set_property;
  object_class->get_property = pb_sign_in_window_get_property;
  window_class->close_request = pb_sign_in_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PB_TYPE_CONNECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTOR] =
    g_param_spec_object ("connector", NULL, NULL, PB_TYPE_CONNECTOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_URI] =
    g_signal_new_class_handler ("open-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (pb_sign_in_window_real_open_uri),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PB_RESOURCE_PATH "/ui/pb-sign-in-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, address_box);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, security_icon);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, host_label);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, insecure_label);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, browser_button);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, web_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PbSignInWindow, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, browser_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_sign_in_window_init (PbSignInWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* Ephemeral: cookies, cache and storage die with the window. */
  self->session = webkit_network_session_new_ephemeral ();
  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", self->session, NULL);
  gtk_widget_set_vexpand (GTK_WIDGET (self->web_view), TRUE);
  gtk_overlay_set_child (self->web_overlay, GTK_WIDGET (self->web_view));

  g_signal_connect_object (self->web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-failed", G_CALLBACK (load_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-failed-with-tls-errors",
                           G_CALLBACK (load_failed_with_tls_errors_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-changed", G_CALLBACK (load_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::estimated-load-progress",
                           G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::uri", G_CALLBACK (update_security), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::is-loading", G_CALLBACK (is_loading_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

PbSignInWindow *
pb_sign_in_window_new (GtkWindow        *parent,
                       PbConnectorStore *store,
                       PbConnector      *connector)
{
  g_return_val_if_fail (PB_IS_CONNECTOR_STORE (store), NULL);
  g_return_val_if_fail (PB_IS_CONNECTOR (connector), NULL);

  return g_object_new (PB_TYPE_SIGN_IN_WINDOW,
                       "transient-for", parent,
                       "store", store,
                       "connector", connector,
                       NULL);
}

void
pb_sign_in_window_run_async (PbSignInWindow      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PB_IS_SIGN_IN_WINDOW (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, pb_sign_in_window_run_async);
  g_task_set_check_cancellable (self->task, FALSE);

  gtk_window_present (GTK_WINDOW (self));
  start_embedded (self);
}

gboolean
pb_sign_in_window_run_finish (PbSignInWindow  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

WebKitWebView *
pb_sign_in_window_get_web_view (PbSignInWindow *self)
{
  g_return_val_if_fail (PB_IS_SIGN_IN_WINDOW (self), NULL);
  return self->web_view;
}
