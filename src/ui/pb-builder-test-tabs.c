/* pb-builder-test-tabs.c: the result tabs of the Builder's test panel (pages, records, schema,
 * warnings), filled from a test read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pb-builder-test-panel-private.h"

/* What one body view holds at most: the rest is cut, with a note. */
#define BODY_CAP (64 * 1024)
/* Columns of the records table at most; a cell's text at most. */
#define MAX_COLUMNS 40
#define CELL_CAP 200

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

/* Selectable monospace text, wrapped anywhere (URLs and header values are long). */
static GtkWidget *
mono_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  return label;
}

static void
append_headers (GString   *text,
                GPtrArray *headers)
{
  for (guint i = 0; headers != NULL && i + 1 < headers->len; i += 2)
    g_string_append_printf (text, "\n%s: %s", (char *) headers->pdata[i],
                            (char *) headers->pdata[i + 1]);
}

/* TEXT indented by two spaces when it is JSON, else NULL. */
static char *
pretty_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonGenerator) generator = NULL;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

/* BODY as people read it: pretty JSON when it parses, cut at BODY_CAP. */
static char *
body_text (const PbRunnerPage *page)
{
  g_autoptr (GString) text = NULL;
  g_autofree char *pretty = NULL;

  if (page->response_body == NULL)
    return g_strdup (_("The body was not kept: the test keeps the bodies of the first pages "
                       "only."));
  if (*page->response_body == '\0')
    return g_strdup (_("The body is empty."));
  if (strlen (page->response_body) <= BODY_CAP)
    pretty = pretty_json (page->response_body);
  text = g_string_new (pretty != NULL ? pretty : page->response_body);
  if (text->len > BODY_CAP)
    {
      g_autofree char *note = NULL;
      const char *end = text->str + BODY_CAP;

      g_utf8_validate (text->str, BODY_CAP, &end);
      g_string_truncate (text, end - text->str);
      /* Translators: %s is a size ("64 kB") */
      note = g_strdup_printf (_("… (cut at %s)"), "64 kB");
      g_string_append_printf (text, "\n%s", note);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
body_view (const PbRunnerPage *page)
{
  g_autofree char *text = body_text (page);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Response body"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  return scrolled;
}

static char *
page_subtitle (const PbRunnerPage *page)
{
  g_autofree char *size = g_format_size (page->body_size);
  g_autofree char *records = NULL;
  g_autofree char *ms = NULL;

  /* Translators: %u is a number of records */
  records = g_strdup_printf (ngettext ("%u record", "%u records", page->record_count),
                             page->record_count);
  /* Translators: %d is a duration in milliseconds */
  ms = g_strdup_printf (_("%d ms"), (int) (page->duration_us / 1000));
  return g_strjoin (" · ", size, records, ms, NULL);
}

static GtkWidget *
page_row (const PbRunnerPage *page)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *status;
  g_autofree char *title = g_strdup_printf ("%s %s", page->method, page->url);
  g_autofree char *subtitle = page_subtitle (page);
  g_autofree char *code = NULL;
  g_autoptr (GString) request = g_string_new (NULL);
  g_autoptr (GString) response = g_string_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  /* Translators: shown for a request that got no answer at all */
  code = page->status != 0 ? g_strdup_printf ("%u", page->status) : g_strdup (_("No answer"));
  status = gtk_label_new (code);
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "pb-status-pill");
  gtk_widget_add_css_class (status, page->status >= 200 && page->status < 300 ? "success"
                                    : page->status == 429 ? "warning" : "error");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), status);

  g_string_append_printf (request, "%s %s", page->method, page->url);
  append_headers (request, page->request_headers);
  if (page->request_body != NULL)
    g_string_append_printf (request, "\n\n%s", page->request_body);
  if (page->status != 0)
    g_string_append_printf (response, "HTTP %u", page->status);
  else
    g_string_append (response, _("No answer"));
  append_headers (response, page->response_headers);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), heading (_("Request")));
  gtk_box_append (GTK_BOX (box), mono_label (request->str));
  gtk_box_append (GTK_BOX (box), heading (_("Response")));
  gtk_box_append (GTK_BOX (box), mono_label (response->str));
  gtk_box_append (GTK_BOX (box), heading (_("Body")));
  gtk_box_append (GTK_BOX (box), body_view (page));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), box);
  return row;
}

void
pb_builder_test_tabs_fill_pages (GtkListBox     *list,
                                 PbRunnerResult *result)
{
  guint n = pb_runner_result_get_n_pages (result);

  clear_list_box (list);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = page_row (pb_runner_result_get_page (result, i));

      /* The first page open: what a user looks at first. */
      if (i == 0)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      gtk_list_box_append (list, row);
    }
}

/* Records: each row a GtkStringList of its cells, one column per top-level field. */

static char *
cell_text (const cJSON *value)
{
  g_autofree char *text = NULL;

  if (value == NULL || cJSON_IsNull (value))
    return g_strdup ("");
  if (cJSON_IsString (value))
    text = g_strdup (value->valuestring);
  else
    {
      char *printed = cJSON_PrintUnformatted (value);

      text = g_strdup (printed);
      cJSON_free (printed);
    }
  if (strlen (text) > CELL_CAP)
    {
      const char *end = text + CELL_CAP;

      g_utf8_validate (text, CELL_CAP, &end);
      text[end - text] = '\0';
      return g_strconcat (text, "…", NULL);
    }
  /* One line per cell. */
  g_strdelimit (text, "\n\r\t", ' ');
  return g_steal_pointer (&text);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), 4);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), 24);
  gtk_list_item_set_child (item, cell);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkStringList *cells = gtk_list_item_get_item (item);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)),
                            gtk_string_list_get_string (cells, column));
}

guint
pb_builder_test_tabs_fill_records (GtkColumnView  *view,
                                   PbRunnerResult *result)
{
  const cJSON *records = pb_runner_result_get_records (result);
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GListStore) rows = g_list_store_new (GTK_TYPE_STRING_LIST);
  g_autoptr (GtkNoSelection) selection = NULL;
  const cJSON *record;

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (view, column);
    }

  /* Columns in the order fields first appear. */
  cJSON_ArrayForEach (record, records)
    {
      const cJSON *field;

      cJSON_ArrayForEach (field, record)
        if (field->string != NULL && names->len < MAX_COLUMNS
            && g_hash_table_add (seen, field->string))
          g_ptr_array_add (names, field->string);
    }
  cJSON_ArrayForEach (record, records)
    {
      GtkStringList *cells = gtk_string_list_new (NULL);

      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *text = cJSON_IsObject (record)
            ? cell_text (cJSON_GetObjectItemCaseSensitive (record, names->pdata[i]))
            : (i == 0 ? cell_text (record) : g_strdup (""));

          gtk_string_list_take (cells, g_steal_pointer (&text));
        }
      g_list_store_append (rows, cells);
      g_object_unref (cells);
    }
  for (guint i = 0; i < names->len; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (names->pdata[i], factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (view, column);
      g_object_unref (column);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  return names->len;
}

void
pb_builder_test_tabs_fill_schema (GtkTextView    *view,
                                  PbRunnerResult *result)
{
  char *text = cJSON_PrintUnformatted (pb_runner_result_get_schema (result));
  g_autofree char *pretty = pretty_json (text);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), pretty != NULL ? pretty : text, -1);
  cJSON_free (text);
}

const char *
pb_builder_test_warning_title (PbRunnerWarningCode code)
{
  switch (code)
    {
    case PB_RUNNER_WARNING_PAGINATION_REPEATS:
      return _("Pagination Goes in Circles");
    case PB_RUNNER_WARNING_PAGINATION_LIMIT_REACHED:
      return _("More Pages Than a Test Reads");
    case PB_RUNNER_WARNING_CURSOR_UNPARSABLE:
      return _("Dates the Cursor Cannot Read");
    case PB_RUNNER_WARNING_BODY_TOO_LARGE:
      return _("A Response Was Too Large");
    case PB_RUNNER_WARNING_NOT_JSON:
      return _("The Answer Was Not JSON");
    case PB_RUNNER_WARNING_RECORDS_NOT_FOUND:
      return _("No Records at the Record Path");
    case PB_RUNNER_WARNING_SCHEMA_MISMATCH:
      return _("Records Differ From the Schema");
    case PB_RUNNER_WARNING_RATE_LIMITED:
      return _("The API Asked to Slow Down");
    case PB_RUNNER_WARNING_SLICE_LIMIT_REACHED:
      return _("More Slices Than a Test Reads");
    case PB_RUNNER_WARNING_RECORD_LIMIT_REACHED:
      return _("The Test Stopped at Its Record Limit");
    default:
      return _("Warning");
    }
}

const char *
pb_builder_test_warning_explanation (PbRunnerWarningCode code)
{
  switch (code)
    {
    case PB_RUNNER_WARNING_PAGINATION_REPEATS:
      return _("The API sent the same next-page token, or the same page, twice: a sync would "
               "never end. Check the paginator’s cursor value and where the token is sent.");
    case PB_RUNNER_WARNING_PAGINATION_LIMIT_REACHED:
      return _("The paginator’s stop condition did not fire within the pages a test reads. "
               "Fine for a long list; for a short one, check the stop condition.");
    case PB_RUNNER_WARNING_CURSOR_UNPARSABLE:
      return _("A value of the cursor field does not match the datetime format of "
               "incremental sync. Set the format the API really uses.");
    case PB_RUNNER_WARNING_BODY_TOO_LARGE:
      return _("A response passed the size a test read accepts. Ask for smaller pages.");
    case PB_RUNNER_WARNING_NOT_JSON:
      return _("A response was HTML, XML or text. The base URL or the path may point at a web "
               "page, or a sign-in page, rather than the API.");
    case PB_RUNNER_WARNING_RECORDS_NOT_FOUND:
      return _("The record path selects nothing in the response, so no records were read.");
    case PB_RUNNER_WARNING_SCHEMA_MISMATCH:
      return _("Field names or types in the records read differ from the stream’s declared "
               "schema. Compare them with the inferred schema.");
    case PB_RUNNER_WARNING_RATE_LIMITED:
      return _("The API answered 429 Too Many Requests; the test waited as asked and tried "
               "again. A sync will be slower than this test.");
    case PB_RUNNER_WARNING_SLICE_LIMIT_REACHED:
      return _("The partitions or time windows go on beyond what a test reads. This is "
               "expected for long date ranges or many parents.");
    case PB_RUNNER_WARNING_RECORD_LIMIT_REACHED:
      return _("The stream has more records than a test keeps. A sync reads them all.");
    default:
      return "";
    }
}

typedef struct {
  PbBuilderFix     *fix;
  PbBuilderFixFunc  apply;
  gpointer          user_data;
} FixClosure;

static void
fix_closure_free (gpointer data,
                  GClosure *closure)
{
  FixClosure *fc = data;

  pb_builder_fix_free (fc->fix);
  g_free (fc);
}

static void
fix_clicked_cb (GtkButton  *button,
                FixClosure *fc)
{
  fc->apply (fc->fix, fc->user_data);
}

static GtkWidget *
fix_button (const PbBuilderFix *fix,
            gboolean            best,
            PbBuilderFixFunc    apply,
            gpointer            user_data)
{
  FixClosure *fc = g_new0 (FixClosure, 1);
  g_autofree char *label = NULL;
  GtkWidget *button;

  if (g_strcmp0 (fix->key, "schema") == 0)
    {
      label = g_strdup (_("Use the Inferred Schema"));
      button = gtk_button_new_with_label (label);
      gtk_widget_set_tooltip_text (button, _("Replace the stream’s schema with the one "
                                             "inferred from the records read"));
    }
  else
    {
      /* Translators: %s is a record path such as data.items */
      label = g_strdup_printf (_("Use “%s”"), *fix->value != '\0' ? fix->value
                                                               : _("the body"));
      button = gtk_button_new_with_label (label);
      gtk_widget_set_tooltip_text (button, _("Set the stream’s record path to this path"));
    }
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  /* Test in the header is the view's one suggested action; the likeliest fix comes first and
   * stands out by weight only. */
  if (best)
    gtk_widget_add_css_class (button, "heading");
  fc->fix = pb_builder_fix_copy (fix);
  fc->apply = apply;
  fc->user_data = user_data;
  g_signal_connect_data (button, "clicked", G_CALLBACK (fix_clicked_cb), fc, fix_closure_free,
                         0);
  return button;
}

static GtkWidget *
warning_row (PbRunnerResult   *result,
             guint             index,
             const char       *stream,
             PbBuilderFixFunc  apply,
             gpointer          user_data)
{
  const PbRunnerWarning *warning = pb_runner_result_get_warning (result, index);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *title = gtk_label_new (pb_builder_test_warning_title (warning->code));
  GtkWidget *text = gtk_label_new (pb_builder_test_warning_explanation (warning->code));
  GtkWidget *detail = gtk_label_new (warning->message);
  g_autoptr (GPtrArray) fixes = pb_builder_fix_list (result, index, stream);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "warning");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), detail);
  if (fixes->len > 0)
    {
      GtkWidget *flow = gtk_flow_box_new ();

      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), FALSE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 8);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_widget_set_halign (flow, GTK_ALIGN_START);
      gtk_widget_set_margin_top (flow, 6);
      for (guint i = 0; i < fixes->len; i++)
        {
          GtkWidget *button = fix_button (fixes->pdata[i], i == 0, apply, user_data);

          gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
          gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
        }
      gtk_box_append (GTK_BOX (box), flow);
    }
  gtk_widget_set_hexpand (box, TRUE);
  gtk_box_append (GTK_BOX (outer), icon);
  gtk_box_append (GTK_BOX (outer), box);
  gtk_widget_set_margin_top (outer, 12);
  gtk_widget_set_margin_bottom (outer, 12);
  gtk_widget_set_margin_start (outer, 12);
  gtk_widget_set_margin_end (outer, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), outer);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

void
pb_builder_test_tabs_fill_warnings (GtkListBox       *list,
                                    PbRunnerResult   *result,
                                    const char       *stream,
                                    PbBuilderFixFunc  apply,
                                    gpointer          user_data)
{
  clear_list_box (list);
  for (guint i = 0; i < pb_runner_result_get_n_warnings (result); i++)
    gtk_list_box_append (list, warning_row (result, i, stream, apply, user_data));
}
