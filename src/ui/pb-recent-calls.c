/* pb-recent-calls.c: the newest calls of an agent or to a connector, from the audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-recent-calls.h"

#define SHOWN 10

struct _PbRecentCalls
{
  AdwPreferencesGroup parent_instance;

  PbAuditLog *audit;
  char *agent;
  char *connector;
  GPtrArray *rows;
  GtkWidget *empty_row;
  guint refresh_id;
};

G_DEFINE_FINAL_TYPE (PbRecentCalls, pb_recent_calls, ADW_TYPE_PREFERENCES_GROUP)

static void
refresh (PbRecentCalls *self)
{
  g_autoptr (GPtrArray) entries = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  entries = self->audit != NULL
    ? pb_audit_log_read (self->audit, self->agent, self->connector, SHOWN, NULL) : NULL;
  gtk_widget_set_visible (self->empty_row, entries == NULL || entries->len == 0);

  for (guint i = entries != NULL ? entries->len : 0; i > 0; i--)
    {
      PbAuditEntry *e = entries->pdata[i - 1];
      g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (e->time / G_USEC_PER_SEC);
      g_autofree char *clock = time != NULL ? g_date_time_format (time, "%X") : g_strdup ("");
      g_autofree char *title = g_strdup_printf ("%s %s", e->method ? e->method : "",
                                                e->path ? e->path : "/");
      /* Translators: status · who or what · duration · time of a call, e.g.
       * "200 · Local API · 12 ms · 10:42:07" */
      g_autofree char *subtitle = g_strdup_printf (_("%u · %s · %u ms · %s"), e->status,
                                                   self->agent != NULL
                                                   ? (e->connector ? e->connector : "")
                                                   : (e->agent ? e->agent : _("unknown agent")),
                                                   e->duration_ms, clock);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (e->status >= 400)
        gtk_widget_add_css_class (row, "error");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }
}

static gboolean
refresh_cb (gpointer user_data)
{
  PbRecentCalls *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_appended (PbRecentCalls *self)
{
  /* A busy agent writes many entries: redraw at most every half second. */
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (500, refresh_cb, self);
}

static void
pb_recent_calls_dispose (GObject *object)
{
  PbRecentCalls *self = PB_RECENT_CALLS (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->audit != NULL)
    g_signal_handlers_disconnect_by_data (self->audit, self);
  g_clear_object (&self->audit);

  G_OBJECT_CLASS (pb_recent_calls_parent_class)->dispose (object);
}

static void
pb_recent_calls_finalize (GObject *object)
{
  PbRecentCalls *self = PB_RECENT_CALLS (object);

  g_free (self->agent);
  g_free (self->connector);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (pb_recent_calls_parent_class)->finalize (object);
}

static void
pb_recent_calls_class_init (PbRecentCallsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_recent_calls_dispose;
  object_class->finalize = pb_recent_calls_finalize;
}

static void
pb_recent_calls_init (PbRecentCalls *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Recent Calls"));
  self->empty_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("No calls yet"));
  gtk_widget_add_css_class (self->empty_row, "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->empty_row);
}

GtkWidget *
pb_recent_calls_new (PbAuditLog *audit,
                     const char *agent,
                     const char *connector)
{
  PbRecentCalls *self = g_object_new (PB_TYPE_RECENT_CALLS, NULL);

  if (audit != NULL)
    {
      self->audit = g_object_ref (audit);
      g_signal_connect_swapped (audit, "appended", G_CALLBACK (on_appended), self);
    }
  pb_recent_calls_set_filter (self, agent, connector);
  return GTK_WIDGET (self);
}

void
pb_recent_calls_set_filter (PbRecentCalls *self,
                            const char    *agent,
                            const char    *connector)
{
  g_free (self->agent);
  self->agent = g_strdup (agent);
  g_free (self->connector);
  self->connector = g_strdup (connector);
  refresh (self);
}

guint
pb_recent_calls_get_count (PbRecentCalls *self)
{
  return self->rows->len;
}
