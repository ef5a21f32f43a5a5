/* pb-test-ui.c: what the widget tests share — the app, windows, the setup window on the
 * loopback test service, finding and clicking widgets the way a user would, screenshots
 * (PB_SCREENSHOT_DIR) and what a designer checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pb-test-ui.h"

#define settle(msec) pb_test_settle (msec)

/* --- The app and its windows ------------------------------------------------- */

PbApplication *
pb_test_ui_app_new (GApplicationFlags flags)
{
  g_autoptr (GError) error = NULL;
  PbApplication *app = pb_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | flags);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

PbWindow *
pb_test_ui_open_window (PbApplication    *app,
                        PbConnectorStore *store,
                        int               width,
                        int               height)
{
  PbWindow *window = store != NULL
                     ? g_object_new (PB_TYPE_WINDOW, "application", app, "store", store, NULL)
                     : pb_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

void
pb_test_ui_close_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  settle (50);
}

void
pb_test_ui_resize (GtkWindow *window,
                   int        width,
                   int        height)
{
  gint64 end = g_get_monotonic_time () + PB_TEST_UI_TIMEOUT_S * G_USEC_PER_SEC;

  gtk_window_set_default_size (window, width, height);
  settle (200);
  while (ABS (gtk_widget_get_width (GTK_WIDGET (window)) - width) > 20)
    {
      if (g_get_monotonic_time () > end)
        g_error ("the window stays %d px wide, not %d", gtk_widget_get_width (GTK_WIDGET (window)),
                 width);
      gtk_window_set_default_size (window, width, height);
      gtk_widget_queue_resize (GTK_WIDGET (window));
      settle (200);
    }
  settle (200);
}

/* --- The setup window on the loopback test service ----------------------------- */

PbDefinition *
pb_test_ui_setup_definition (PbSetupTestServer  *server,
                             char             *(*edit_json) (char *json))
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  PbDefinition *definition;
  char *json = pb_setup_test_definition_json (server);

  if (edit_json != NULL)
    json = edit_json (json);
  bytes = g_bytes_new_take (json, strlen (json));
  definition = pb_definition_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  return definition;
}

void
pb_test_ui_setup_open (PbTestUiSetup  *setup,
                       PbApplication  *app,
                       char         *(*edit_json) (char *json),
                       int             width,
                       int             height)
{
  g_autoptr (GError) error = NULL;

  setup->server = pb_setup_test_server_new ();
  setup->definition = pb_test_ui_setup_definition (setup->server, edit_json);
  setup->store = pb_connector_store_new (NULL, NULL);
  g_assert_true (pb_connector_store_load (setup->store, &error));
  setup->model = pb_setup_model_new (setup->store, setup->definition, g_test_get_path ());
  setup->window = g_object_ref_sink (pb_setup_window_new (NULL, setup->model));
  gtk_window_set_application (GTK_WINDOW (setup->window), GTK_APPLICATION (app));
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (setup->window), width, height);
  setup->chat = pb_setup_window_get_chat (setup->window);
  setup->form = pb_setup_window_get_form (setup->window);
  gtk_window_present (GTK_WINDOW (setup->window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (setup->window)));
  WAIT_FOR (!pb_setup_chat_get_busy (setup->chat));
}

void
pb_test_ui_setup_close (PbTestUiSetup *setup)
{
  pb_test_ui_close_window (GTK_WINDOW (setup->window));
  g_clear_object (&setup->window);
  g_clear_object (&setup->model);
  g_clear_object (&setup->definition);
  g_clear_object (&setup->store);
  g_clear_pointer (&setup->server, pb_setup_test_server_free);
}

void
pb_test_ui_setup_say (PbTestUiSetup *setup,
                      const char    *text)
{
  pb_setup_chat_send_text (setup->chat, text);
  WAIT_FOR (!pb_setup_chat_get_busy (setup->chat));
}

static void
secret_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  pb_setup_model_set_secret_finish (PB_SETUP_MODEL (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

void
pb_test_ui_store_secret (PbSetupModel *model,
                         const char   *field,
                         const char   *secret)
{
  gboolean done = FALSE;

  pb_setup_model_set_secret_async (model, field, secret, NULL, secret_stored_cb, &done);
  WAIT_FOR (done);
}

/* --- Screenshots ------------------------------------------------------------ */

/* The widget's last frame as a render node (NULL until it has drawn one). */
static GskRenderNode *
widget_node (GtkWidget *widget)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GskRenderNode *node = NULL;

  /* A window just mapped may not have drawn its first frame yet. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        settle (100);
    }
  g_assert_nonnull (node);
  return node;
}

static GtkWidget *find_moving (GtkWidget *widget);

static void
wait_drawn (GtkWidget *widget)
{
  WAIT_FOR (gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0);
  if (PB_IS_WINDOW (widget))
    {
      GtkStack *main_stack = GTK_STACK (gtk_widget_get_template_child (widget, PB_TYPE_WINDOW, "main_stack"));
      AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (widget, PB_TYPE_WINDOW, "leaflet"));

      WAIT_FOR (!gtk_stack_get_transition_running (main_stack) &&
                !adw_leaflet_get_child_transition_running (leaflet));
    }
}

/* Saves WIDGET as DIR/NAME. A dialog is drawn over its parent window, centred and dimming
 * it, the way it appears on a desktop. */
void
pb_test_ui_screenshot (GtkWidget  *widget,
                       const char *name)
{
  const char *dir = g_getenv ("PB_SCREENSHOT_DIR");
  g_autoptr (GskRenderNode) node = NULL;
  GtkWindow *parent = NULL;
  GtkWidget *base;
  int width, height;

  if (dir == NULL || !gtk_widget_get_mapped (widget))
    return;

  settle (400);
  wait_drawn (widget);
  /* The last frame of every transition (a stack crossfading, a revealer sliding). */
  WAIT_FOR (find_moving (widget) == NULL);
  if (GTK_IS_WINDOW (widget))
    parent = gtk_window_get_transient_for (GTK_WINDOW (widget));
  if (parent != NULL)
    {
      gtk_widget_queue_draw (GTK_WIDGET (parent));
      settle (300);
      wait_drawn (GTK_WIDGET (parent));
    }
  base = parent != NULL ? GTK_WIDGET (parent) : widget;
  width = gtk_widget_get_width (base);
  height = gtk_widget_get_height (base);

  if (parent == NULL)
    node = widget_node (widget);
  else
    {
      g_autoptr (GskRenderNode) parent_node = widget_node (GTK_WIDGET (parent));
      g_autoptr (GskRenderNode) dialog_node = widget_node (widget);
      int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRoundedRect outline;

      gtk_snapshot_append_node (snapshot, parent_node);
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.25 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - w) / 2, (height - h) / 2));
      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, w, h), 12);
      gtk_snapshot_append_outset_shadow (snapshot, &outline, &(GdkRGBA) { 0, 0, 0, 0.3 }, 0, 4, 2, 16);
      gtk_snapshot_append_node (snapshot, dialog_node);
      node = gtk_snapshot_free_to_node (snapshot);
    }

  pb_test_ui_save_node (node, width, height, name);
}

void
pb_test_ui_save_node (GskRenderNode *node,
                      int            width,
                      int            height,
                      const char    *name)
{
  const char *dir = g_getenv ("PB_SCREENSHOT_DIR");
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;

  if (dir == NULL)
    return;
  /* The cairo renderer draws hairlines (list separators) as the screen shows them. */
  renderer = gsk_cairo_renderer_new ();
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  g_object_unref (renderer);

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* --- Finding and using widgets ------------------------------------------------ */

GtkWidget *
pb_test_ui_child (GtkWidget  *widget,
                  GType       type,
                  const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

GtkWindow *
pb_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

GtkWindow *
pb_test_ui_wait_toplevel (GType type)
{
  GtkWindow *window;

  WAIT_FOR ((window = pb_test_ui_find_toplevel (type)) != NULL);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

GtkWidget *
pb_test_ui_find_descendant (GtkWidget *widget,
                            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = pb_test_ui_find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
pb_test_ui_find_named (GtkWidget  *widget,
                       const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = pb_test_ui_find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A label showing TEXT, anywhere below WIDGET. */
GtkWidget *
pb_test_ui_find_label (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = pb_test_ui_find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button a user would click, found by its label (e.g. a message dialog's response). */
GtkWidget *
pb_test_ui_find_button (GtkWidget  *widget,
                        const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = pb_test_ui_find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
pb_test_ui_click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* --- What a designer checks ------------------------------------------------------ */

typedef struct {
  GtkWidget *window;
  graphene_rect_t area;   /* the window's own bounds: its shadow may reach past 0 */
  guint suggested;
  guint problems;
} Fits;

#define PROBLEM(fits, ...) G_STMT_START { \
    g_test_message ("PROBLEM: " __VA_ARGS__); \
    (fits)->problems++; \
  } G_STMT_END

static gboolean
is_ellipsized (GtkWidget *label)
{
  return gtk_label_get_ellipsize (GTK_LABEL (label)) != PANGO_ELLIPSIZE_NONE &&
         pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label)));
}

static void
check_fits (Fits      *fits,
            GtkWidget *widget,
            gboolean   in_title)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget))
    return;
  if (widget != fits->window && GTK_IS_NATIVE (widget))
    return;   /* a popover or another window: drawn on its own */

  if (gtk_widget_get_width (widget) > 0 && gtk_widget_compute_bounds (widget, fits->window, &bounds))
    {
      if (bounds.origin.x < fits->area.origin.x - 0.5 ||
          bounds.origin.x + bounds.size.width > fits->area.origin.x + fits->area.size.width + 0.5)
        PROBLEM (fits, "%s %p (%s) is cut off at the window's side: x %.0f, width %.0f in %.0f",
                 G_OBJECT_TYPE_NAME (widget), widget,
                 GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) :
                 GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) ?
                 gtk_button_get_label (GTK_BUTTON (widget)) : "",
                 bounds.origin.x, bounds.size.width, fits->area.size.width);
    }

  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (widget));
      double extra = gtk_adjustment_get_upper (h) - gtk_adjustment_get_page_size (h);

      if (extra > 1)
        PROBLEM (fits, "%s %p scrolls sideways by %.0f px", G_OBJECT_TYPE_NAME (widget), widget, extra);
    }

  if (gtk_widget_has_css_class (widget, "suggested-action"))
    {
      fits->suggested++;
      g_test_message ("suggested: %s “%s”", G_OBJECT_TYPE_NAME (widget),
                      GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) ?
                      gtk_button_get_label (GTK_BUTTON (widget)) :
                      gtk_widget_get_tooltip_text (widget) ?: "");
    }

  in_title = in_title || ADW_IS_WINDOW_TITLE (widget);
  if (GTK_IS_LABEL (widget) && is_ellipsized (widget))
    {
      if (in_title)
        PROBLEM (fits, "the window title “%s” is shortened", gtk_label_get_text (GTK_LABEL (widget)));
      g_test_message ("shortened with …: “%s”", gtk_label_get_text (GTK_LABEL (widget)));
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    check_fits (fits, c, in_title);
}

/* A stack or revealer below WIDGET still moving. */
static GtkWidget *
find_moving (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return widget;
  if (GTK_IS_REVEALER (widget) &&
      gtk_revealer_get_reveal_child (GTK_REVEALER (widget)) !=
      gtk_revealer_get_child_revealed (GTK_REVEALER (widget)))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *moving = find_moving (c);

      if (moving != NULL)
        return moving;
    }
  return NULL;
}

void
pb_test_ui_assert_fits (GtkWidget *window)
{
  Fits fits = { window, GRAPHENE_RECT_INIT (0, 0, 0, 0), 0, 0 };

  wait_drawn (window);
  /* The last frame of every transition, as a user looking at it would see. */
  WAIT_FOR (find_moving (window) == NULL);
  g_assert_true (gtk_widget_compute_bounds (window, window, &fits.area));
  check_fits (&fits, window, FALSE);
  g_assert_cmpuint (fits.problems, ==, 0);
  g_assert_cmpuint (fits.suggested, <=, 1);
}
