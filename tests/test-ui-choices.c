/* test-ui-choices.c: the assistant's choice pills under Xvfb — PbWrapLayout places them like
 * words in a line (in order, wrapping, RTL, centred lines, height for width), and in the setup
 * chat every pill is shown whole, takes the keyboard focus with a ring, and Enter picks it; Tab
 * reaches them and the entry without stopping on the bubbles, whose text stays selectable.
 *
 * PB_SCREENSHOT_DIR=dir saves PNGs at 1280 and 400 px.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pb-application.h"
#include "pb-setup-test-server.h"
#include "pb-setup-window.h"
#include "pb-test-ui.h"
#include "pb-test-util.h"
#include "pb-wrap-layout.h"

static PbApplication *app;

static const char *const region_titles[] = {
  "United States", "Europe", "United Kingdom", "Australia", "Canada", NULL
};

/* --- The layout on its own ------------------------------------------------- */

static const char *const words[] = {
  "In a header", "In a query parameter", "Yes, test it", "No, change something",
  "Skip", "Something longer than the others", NULL
};

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *target)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, target, &bounds));
  return bounds;
}

/* Every child lies inside BOX at its natural width, none overlaps the one before, and they
 * read in order: line after line, left to right (right to left when RTL). Returns the number
 * of lines. */
static guint
assert_reading_order (GtkWidget *box,
                      gboolean   rtl)
{
  graphene_rect_t previous = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean first = TRUE;
  guint lines = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c))
    {
      graphene_rect_t r = bounds_in (c, box);
      int natural;

      gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      g_test_message ("%s: %.0f,%.0f %.0fx%.0f in %dx%d", gtk_button_get_label (GTK_BUTTON (c)),
                      r.origin.x, r.origin.y, r.size.width, r.size.height,
                      gtk_widget_get_width (box), gtk_widget_get_height (box));
      g_assert_cmpfloat (r.size.width, ==, natural);
      g_assert_cmpfloat (r.origin.x, >=, 0);
      g_assert_cmpfloat (r.origin.y, >=, 0);
      g_assert_cmpfloat (r.origin.x + r.size.width, <=, gtk_widget_get_width (box));
      g_assert_cmpfloat (r.origin.y + r.size.height, <=, gtk_widget_get_height (box));
      if (first || r.origin.y > previous.origin.y)
        {
          /* A new line starts at the start edge, below the last. */
          if (!first)
            g_assert_cmpfloat (r.origin.y, >=, previous.origin.y + previous.size.height);
          if (rtl)
            g_assert_cmpfloat (r.origin.x + r.size.width, ==, gtk_widget_get_width (box));
          else
            g_assert_cmpfloat (r.origin.x, ==, 0);
          lines++;
        }
      else
        {
          g_assert_cmpfloat (r.origin.y, ==, previous.origin.y);
          if (rtl)
            g_assert_cmpfloat (r.origin.x + r.size.width + 6, ==, previous.origin.x);
          else
            g_assert_cmpfloat (r.origin.x, ==, previous.origin.x + previous.size.width + 6);
        }
      previous = r;
      first = FALSE;
    }
  return lines;
}

/* The height the box asks for at its width is the height its lines take. */
static void
assert_height_for_width (GtkWidget *box)
{
  int minimum, natural;
  int bottom = 0;

  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (box),
                      &minimum, &natural, NULL, NULL);
  for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c))
    {
      graphene_rect_t r = bounds_in (c, box);

      bottom = MAX (bottom, (int) (r.origin.y + r.size.height));
    }
  g_assert_cmpint (natural, ==, bottom);
  g_assert_cmpint (gtk_widget_get_height (box), ==, natural);
  g_assert_cmpint (minimum, <=, natural);
}

static void
test_layout_wraps (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkLayoutManager *layout = pb_wrap_layout_new ();
  int min_width, nat_width;
  guint lines;

  pb_wrap_layout_set_spacing (PB_WRAP_LAYOUT (layout), 6);
  pb_wrap_layout_set_line_spacing (PB_WRAP_LAYOUT (layout), 6);
  gtk_widget_set_layout_manager (box, layout);
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  for (guint i = 0; words[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (words[i]);

      gtk_widget_add_css_class (button, "pill");
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 600);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (box) && gtk_widget_get_width (box) > 1000);
  pb_test_settle (200);

  /* The natural width is all of them on one line; the minimum, the widest. */
  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
  g_assert_cmpint (min_width, <, nat_width);
  g_assert_cmpint (nat_width, <, 1280);

  g_assert_cmpuint (assert_reading_order (box, FALSE), ==, 1);
  assert_height_for_width (box);

  pb_test_ui_resize (GTK_WINDOW (window), 400, 600);
  lines = assert_reading_order (box, FALSE);
  g_assert_cmpuint (lines, >=, 3);
  assert_height_for_width (box);

  /* Right to left: lines start at the right edge, in the same order. */
  gtk_widget_set_direction (box, GTK_TEXT_DIR_RTL);
  pb_test_settle (200);
  g_assert_cmpuint (assert_reading_order (box, TRUE), ==, lines);
  assert_height_for_width (box);

  /* Centred lines: each line has as much room on its left as on its right. */
  gtk_widget_set_direction (box, GTK_TEXT_DIR_LTR);
  pb_wrap_layout_set_justify (PB_WRAP_LAYOUT (layout), GTK_JUSTIFY_CENTER);
  pb_test_settle (200);
  {
    GtkWidget *c = gtk_widget_get_first_child (box);
    guint centred = 0;

    while (c != NULL)
      {
        graphene_rect_t first = bounds_in (c, box), last = first;

        for (c = gtk_widget_get_next_sibling (c); c != NULL; c = gtk_widget_get_next_sibling (c))
          {
            graphene_rect_t r = bounds_in (c, box);

            if (r.origin.y != first.origin.y)
              break;
            g_assert_cmpfloat (r.origin.x, ==, last.origin.x + last.size.width + 6);
            last = r;
          }
        g_assert_cmpfloat (ABS (first.origin.x -
                                (gtk_widget_get_width (box) - last.origin.x - last.size.width)),
                           <=, 1);
        centred++;
      }
    g_assert_cmpuint (centred, ==, lines);
  }
  pb_wrap_layout_set_justify (PB_WRAP_LAYOUT (layout), GTK_JUSTIFY_LEFT);

  /* A hidden child takes no room. */
  gtk_widget_set_direction (box, GTK_TEXT_DIR_LTR);
  pb_test_ui_resize (GTK_WINDOW (window), 1280, 600);
  gtk_widget_set_visible (gtk_widget_get_first_child (box), FALSE);
  pb_test_settle (200);
  g_assert_cmpfloat (bounds_in (gtk_widget_get_next_sibling (gtk_widget_get_first_child (box)),
                                box).origin.x, ==, 0);

  pb_test_ui_close_window (GTK_WINDOW (window));
}

/* --- The pills in the setup chat ------------------------------------------ */

typedef PbTestUiSetup Fixture;

static char *
replace (char       *text,   /* transfer full */
         const char *from,
         const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_free (text);
  return g_strjoinv (to, parts);
}

/* The test service with five regions and none preset: the first question offers them. */
static char *
five_regions (char *json)
{
  json = replace (json, "\"enum\": [\"us\", \"eu\"]",
                  "\"enum\": [\"us\", \"eu\", \"uk\", \"au\", \"ca\"]");
  json = replace (json, "\"enum_titles\": [\"United States\", \"Europe\"], \"default\": \"us\",",
                  "\"enum_titles\": [\"United States\", \"Europe\", \"United Kingdom\","
                  " \"Australia\", \"Canada\"],");
  json = replace (json, "/eu\"}", "/eu\", \"uk\": \"http://127.0.0.1:9/uk\","
                  " \"au\": \"http://127.0.0.1:9/au\", \"ca\": \"http://127.0.0.1:9/ca\"}");
  return json;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  pb_test_ui_setup_open (fx, app, five_regions, 1280, 800);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  pb_test_ui_setup_close (fx);
}

/* The pills, in order, each whole inside the part of the window that is drawn; returns the
 * number of lines they take. */
static guint
assert_pills_shown (Fixture *fx)
{
  GtkWidget *box = pb_test_ui_child (GTK_WIDGET (fx->chat), PB_TYPE_SETUP_CHAT, "choices_box");
  GtkWidget *shown = pb_test_ui_child (GTK_WIDGET (fx->chat), PB_TYPE_SETUP_CHAT,
                                       "choices_revealer");
  guint n = 0;

  g_assert_true (gtk_widget_get_mapped (shown));
  for (GtkWidget *c = gtk_widget_get_first_child (box); c; c = gtk_widget_get_next_sibling (c))
    {
      graphene_rect_t r = bounds_in (c, shown);

      g_assert_nonnull (region_titles[n]);
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (c)), ==, region_titles[n]);
      g_assert_true (gtk_widget_get_mapped (c));
      g_assert_true (gtk_widget_get_focusable (c));
      /* Inside the revealer (which clips) and the window. */
      g_assert_cmpfloat (r.origin.x, >=, 0);
      g_assert_cmpfloat (r.origin.y, >=, 0);
      g_assert_cmpfloat (r.origin.x + r.size.width, <=, gtk_widget_get_width (shown));
      g_assert_cmpfloat (r.origin.y + r.size.height, <=, gtk_widget_get_height (shown));
      r = bounds_in (c, GTK_WIDGET (fx->window));
      g_assert_cmpfloat (r.origin.x + r.size.width, <=, gtk_widget_get_width (GTK_WIDGET (fx->window)));
      n++;
    }
  g_assert_null (region_titles[n]);
  return assert_reading_order (box, FALSE);
}

static char *
serialize_node (GtkWidget *widget)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GBytes) bytes = NULL;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  bytes = gsk_render_node_serialize (node);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_chat_pills (Fixture       *fx,
                 gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fx->window);
  GtkWidget *box = pb_test_ui_child (GTK_WIDGET (fx->chat), PB_TYPE_SETUP_CHAT, "choices_box");
  GtkWidget *revealer = pb_test_ui_child (GTK_WIDGET (fx->chat), PB_TYPE_SETUP_CHAT,
                                          "choices_revealer");
  GtkWidget *focus = NULL;
  GtkWidget *expected;
  g_autofree char *ring = NULL;
  g_autofree char *plain = NULL;

  /* Animations stay on, as on a desktop: the pills show once the revealer has slid up. */
  WAIT_FOR (gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)));
  pb_test_settle (200);
  g_assert_cmpuint (assert_pills_shown (fx), ==, 1);
  pb_test_ui_screenshot (GTK_WIDGET (window), "choices-01-chat-1280.png");

  gtk_window_set_default_size (window, 400, 700);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (window)) <= 420);
  pb_test_settle (400);
  g_assert_cmpuint (assert_pills_shown (fx), >=, 2);
  pb_test_ui_screenshot (GTK_WIDGET (window), "choices-02-chat-400.png");

  /* Tab, as the keyboard does (the window's move-focus binding): from the message entry round
   * to the pills, which come in reading order. */
  gtk_window_set_focus_visible (window, TRUE);
  expected = gtk_widget_get_first_child (box);
  for (guint presses = 0; presses < 40 && expected != NULL; presses++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus != NULL && gtk_widget_get_parent (focus) == box)
        {
          g_assert_true (focus == expected);
          if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (focus)), "Australia") == 0)
            break;
          expected = gtk_widget_get_next_sibling (expected);
        }
    }
  g_assert_nonnull (focus);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "Australia");

  /* The ring is drawn on the pill itself: with keyboard focus it draws differently than with
   * the same focus shown by no ring. */
  pb_test_settle (400);
  g_assert_true (gtk_widget_get_state_flags (focus) & GTK_STATE_FLAG_FOCUS_VISIBLE);
  ring = serialize_node (focus);
  pb_test_ui_screenshot (GTK_WIDGET (window), "choices-03-chat-focus-400.png");
  gtk_window_set_focus_visible (window, FALSE);
  pb_test_settle (400);
  g_assert_false (gtk_widget_get_state_flags (focus) & GTK_STATE_FLAG_FOCUS_VISIBLE);
  plain = serialize_node (focus);
  g_assert_cmpstr (ring, !=, plain);
  gtk_window_set_focus_visible (window, TRUE);

  /* Enter on the focused pill (GtkButton's activate binding: pressed, then clicked) picks it,
   * by its value. */
  g_assert_true (gtk_widget_activate (focus));
  WAIT_FOR (pb_setup_model_get_value (fx->model, "region") != NULL &&
            !pb_setup_chat_get_busy (fx->chat));
  g_assert_cmpstr (pb_setup_model_get_value (fx->model, "region"), ==, "au");
  pb_test_settle (400);
  pb_test_ui_screenshot (GTK_WIDGET (window), "choices-04-chat-picked-400.png");
}

/* --- The transcript and the keyboard -------------------------------------- */

static GtkWidget *
bubble_label (GtkListBox *list,
              int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);
  GtkWidget *label;

  g_assert_nonnull (row);
  label = gtk_widget_get_last_child (gtk_list_box_row_get_child (row));
  g_assert_true (GTK_IS_LABEL (label));
  return label;
}

static GtkShortcutAction *
chat_shortcut (PbSetupChat *chat,
               const char  *trigger,
               GVariant   **args)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (chat));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *keys = gtk_shortcut_get_trigger (shortcut);
          g_autofree char *text = gtk_shortcut_trigger_to_string (keys);

          if (g_strcmp0 (text, trigger) == 0)
            {
              /* Before the entry's own bindings, which would take Ctrl+C. */
              g_assert_cmpint (gtk_event_controller_get_propagation_phase (controller), ==,
                               GTK_PHASE_CAPTURE);
              *args = gtk_shortcut_get_arguments (shortcut);
              return gtk_shortcut_get_action (shortcut);
            }
        }
    }
  g_error ("no shortcut %s on the chat", trigger);
}

static gboolean
press (PbSetupChat *chat,
       const char  *trigger)
{
  GVariant *args = NULL;
  GtkShortcutAction *action = chat_shortcut (chat, trigger, &args);

  return gtk_shortcut_action_activate (action, GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                       GTK_WIDGET (chat), args);
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr (GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static char *
clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  WAIT_FOR (text != NULL);
  return text;
}

/* Tab from the start of the window reaches the pills, the entry and Send in a few steps and
 * never stops on a bubble, however long the conversation; a bubble's text is still selected
 * with the mouse, copied with Ctrl+C from the entry, and read as a label. */
static void
test_transcript_keyboard (Fixture       *fx,
                          gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fx->window);
  GtkWidget *chat = GTK_WIDGET (fx->chat);
  GtkListBox *list = GTK_LIST_BOX (pb_test_ui_child (chat, PB_TYPE_SETUP_CHAT, "message_list"));
  GtkWidget *entry = pb_test_ui_child (chat, PB_TYPE_SETUP_CHAT, "text_entry");
  GtkWidget *send = pb_test_ui_child (chat, PB_TYPE_SETUP_CHAT, "send_button");
  GtkWidget *box = pb_test_ui_child (chat, PB_TYPE_SETUP_CHAT, "choices_box");
  GtkWidget *revealer = pb_test_ui_child (chat, PB_TYPE_SETUP_CHAT, "choices_revealer");
  GtkWidget *scroller = pb_test_ui_child (chat, PB_TYPE_SETUP_CHAT, "scroller");
  GtkAdjustment *scroll = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  GtkWidget *first = NULL, *focus, *label, *other;
  guint n_bubbles, presses, reached_entry = 0, reached_pill = 0, reached_send = 0;
  guint in_transcript = 0;
  g_autofree char *copied = NULL;
  int start, end;
  double bottom;

  WAIT_FOR (gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)));
  /* A long conversation: every bubble would be a Tab stop if its text took the focus. */
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u of a long conversation, long enough "
                                               "to wrap in its bubble at this width.", i);
      g_autoptr (PbSetupMessage) message
        = pb_setup_message_new (i % 2 ? PB_SETUP_ROLE_ASSISTANT : PB_SETUP_ROLE_USER, text);

      pb_setup_model_add_message (fx->model, message);
    }
  n_bubbles = g_list_model_get_n_items (pb_setup_model_get_transcript (fx->model));
  g_assert_cmpuint (n_bubbles, >=, 13);
  WAIT_FOR (gtk_list_box_get_row_at_index (list, n_bubbles - 1) != NULL);
  pb_test_settle (300);

  /* Tab, as the keyboard does (the window's move-focus binding), from no focus at all: round
   * the whole window once. */
  gtk_window_set_focus_visible (window, TRUE);
  gtk_window_set_focus (window, NULL);
  for (presses = 1; presses <= 30; presses++)
    {
      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        {
          gtk_window_set_focus (window, NULL);   /* the binding wraps round */
          g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
        }
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      g_test_message ("Tab %u: %s", presses, G_OBJECT_TYPE_NAME (focus));
      if (focus == first)
        break;
      if (first == NULL)
        first = focus;
      g_assert_false (gtk_widget_is_ancestor (focus, GTK_WIDGET (list)));
      g_assert_true (focus != GTK_WIDGET (list));
      /* The transcript is one stop at most: its scroller, where Page Up/Down scroll. */
      if (focus == scroller || gtk_widget_is_ancestor (focus, scroller))
        in_transcript++;
      if (gtk_widget_is_ancestor (focus, entry) && reached_entry == 0)
        reached_entry = presses;
      if (gtk_widget_get_parent (focus) == box && reached_pill == 0)
        reached_pill = presses;
      if (focus == send)
        reached_send = presses;
    }
  /* Once round the window took fewer stops than there are bubbles. */
  g_assert_true (focus == first);
  g_assert_cmpuint (presses - 1, <, n_bubbles);
  g_assert_cmpuint (in_transcript, <=, 1);
  g_assert_cmpuint (reached_pill, >, 0);
  g_assert_cmpuint (reached_entry, >, 0);
  g_assert_cmpuint (reached_entry, <=, 10);
  g_assert_cmpuint (reached_send, >, reached_entry);

  /* The text is still selectable, and read as a label. */
  label = bubble_label (list, n_bubbles - 11);   /* "Message 1 …" */
  other = bubble_label (list, n_bubbles - 8);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (label)));
  g_assert_false (gtk_widget_get_focusable (label));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (label)), ==,
                   GTK_ACCESSIBLE_ROLE_LABEL);
  gtk_label_select_region (GTK_LABEL (other), 0, 4);
  gtk_label_select_region (GTK_LABEL (label), 0, 9);
  g_assert_true (gtk_label_get_selection_bounds (GTK_LABEL (label), &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 9);
  /* One selection at a time, as in one text (the primary selection moves). */
  g_assert_false (gtk_label_get_selection_bounds (GTK_LABEL (other), &start, &end));

  /* Ctrl+C in the entry copies it; text selected in the entry is the entry's to copy. */
  gtk_widget_grab_focus (entry);
  g_assert_true (press (fx->chat, "<Control>c|<Control>Insert"));
  copied = clipboard_text (chat);
  g_assert_cmpstr (copied, ==, "Message 1");
  gtk_editable_set_text (GTK_EDITABLE (entry), "typed");
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
  g_assert_false (press (fx->chat, "<Control>c|<Control>Insert"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");

  /* Page Up scrolls the transcript from the entry, Page Down back to its end. */
  WAIT_FOR (gtk_adjustment_get_upper (scroll) > gtk_adjustment_get_page_size (scroll) + 50);
  bottom = gtk_adjustment_get_upper (scroll) - gtk_adjustment_get_page_size (scroll);
  WAIT_FOR (gtk_adjustment_get_value (scroll) >= bottom - 1);
  g_assert_true (press (fx->chat, "Page_Up"));
  g_assert_cmpfloat (gtk_adjustment_get_value (scroll), <, bottom - 50);
  g_assert_true (press (fx->chat, "Page_Down"));
  g_assert_cmpfloat (gtk_adjustment_get_value (scroll), >=, bottom - 1);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));

  g_assert_true (press (fx->chat, "Page_Up"));
  /* After the entry's selection has let go of the primary selection. */
  pb_test_settle (300);
  gtk_label_select_region (GTK_LABEL (label), 0, 9);
  pb_test_ui_screenshot (GTK_WIDGET (window), "choices-05-transcript-selected.png");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  app = pb_test_ui_app_new (0);

  g_test_add_func ("/ui/choices/layout-wraps", test_layout_wraps);
  g_test_add ("/ui/choices/chat-pills", Fixture, NULL, fixture_set_up, test_chat_pills,
              fixture_tear_down);
  g_test_add ("/ui/choices/transcript-keyboard", Fixture, NULL, fixture_set_up,
              test_transcript_keyboard, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
