/* pb-audit-log.c: every call an agent makes, in a bounded, rotated file without secrets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pb-audit-log.h"
#include "pb-error.h"

#define DEFAULT_MAX_BYTES (1024 * 1024)
#define MAX_FIELD 512
/* Entries wait in memory at most this long, and at most this many bytes (or a quarter of the
 * file cap), before one write () puts them in the file. */
#define FLUSH_MS 200
#define MAX_PENDING (64 * 1024)

struct _PbAuditLog
{
  GObject parent_instance;

  char *path;
  gsize max_bytes;
  int fd;
  gsize size;          /* of the open file, as far as we know */
  gint64 checked_at;   /* monotonic µs of the last look at the path (rotated elsewhere?) */
  GString *pending;    /* lines not written yet */
  guint flush_id;
};

G_DEFINE_FINAL_TYPE (PbAuditLog, pb_audit_log, G_TYPE_OBJECT)

enum {
  APPENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
pb_audit_entry_free (PbAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->agent);
  g_free (entry->connector);
  g_free (entry->method);
  g_free (entry->host);
  g_free (entry->path);
  g_free (entry->via);
  g_free (entry);
}

/* At most MAX_FIELD bytes of valid UTF-8, and never a query string. */
static char *
clean (const char *value,
       gboolean    is_path)
{
  g_autofree char *copy = NULL;
  const char *end;

  if (value == NULL)
    return NULL;
  copy = g_strndup (value, MAX_FIELD);
  if (is_path)
    {
      char *q = strpbrk (copy, "?#");

      if (q != NULL)
        *q = '\0';
    }
  if (!g_utf8_validate (copy, -1, &end))
    copy[end - copy] = '\0';
  return g_steal_pointer (&copy);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value,
            gboolean     is_path)
{
  g_autofree char *cleaned = clean (value, is_path);

  json_builder_set_member_name (builder, name);
  if (cleaned != NULL)
    json_builder_add_string_value (builder, cleaned);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
pb_audit_entry_to_json (const PbAuditEntry *entry)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (entry->time / G_USEC_PER_SEC);
  g_autofree char *stamp = NULL;

  stamp = time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, stamp);
  json_builder_set_member_name (builder, "time-us");
  json_builder_add_int_value (builder, entry->time);
  add_string (builder, "agent", entry->agent, FALSE);
  add_string (builder, "connector", entry->connector, FALSE);
  add_string (builder, "method", entry->method, FALSE);
  add_string (builder, "host", entry->host, FALSE);
  add_string (builder, "path", entry->path, TRUE);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, entry->status);
  json_builder_set_member_name (builder, "duration-ms");
  json_builder_add_int_value (builder, entry->duration_ms);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64) entry->bytes);
  add_string (builder, "via", entry->via, FALSE);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Writing a line by hand: a busy broker appends thousands a second, and this is the same
 * JSON pb_audit_entry_to_json () gives, without building a tree first. */
static void
append_json_string (GString    *out,
                    const char *value,
                    gboolean    is_path)
{
  g_autofree char *cleaned = clean (value, is_path);

  if (cleaned == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = cleaned; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static GString *
entry_line (const PbAuditEntry *entry)
{
  GString *out = g_string_sized_new (256);
  time_t seconds = entry->time / G_USEC_PER_SEC;
  struct tm tm;
  char stamp[32] = "";

  if (gmtime_r (&seconds, &tm) != NULL)
    strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  g_string_append_printf (out, "{\"time\":\"%s\",\"time-us\":%" G_GINT64_FORMAT ",\"agent\":",
                          stamp, entry->time);
  append_json_string (out, entry->agent, FALSE);
  g_string_append (out, ",\"connector\":");
  append_json_string (out, entry->connector, FALSE);
  g_string_append (out, ",\"method\":");
  append_json_string (out, entry->method, FALSE);
  g_string_append (out, ",\"host\":");
  append_json_string (out, entry->host, FALSE);
  g_string_append (out, ",\"path\":");
  append_json_string (out, entry->path, TRUE);
  g_string_append_printf (out, ",\"status\":%u,\"duration-ms\":%u,\"bytes\":%" G_GUINT64_FORMAT
                          ",\"via\":", entry->status, entry->duration_ms, entry->bytes);
  append_json_string (out, entry->via, FALSE);
  g_string_append (out, "}\n");
  return out;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static PbAuditEntry *
entry_from_line (const char *line)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *object;
  PbAuditEntry *entry;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  entry = g_new0 (PbAuditEntry, 1);
  entry->time = json_object_get_int_member_with_default (object, "time-us", 0);
  entry->agent = g_strdup (member_string (object, "agent"));
  entry->connector = g_strdup (member_string (object, "connector"));
  entry->method = g_strdup (member_string (object, "method"));
  entry->host = g_strdup (member_string (object, "host"));
  entry->path = g_strdup (member_string (object, "path"));
  entry->via = g_strdup (member_string (object, "via"));
  entry->status = json_object_get_int_member_with_default (object, "status", 0);
  entry->duration_ms = json_object_get_int_member_with_default (object, "duration-ms", 0);
  entry->bytes = json_object_get_int_member_with_default (object, "bytes", 0);
  return entry;
}

static void
pb_audit_log_dispose (GObject *object)
{
  PbAuditLog *self = PB_AUDIT_LOG (object);
  g_autoptr (GError) error = NULL;

  if (!pb_audit_log_flush (self, &error))
    g_warning ("%s", error->message);

  G_OBJECT_CLASS (pb_audit_log_parent_class)->dispose (object);
}

static void
pb_audit_log_finalize (GObject *object)
{
  PbAuditLog *self = PB_AUDIT_LOG (object);

  g_string_free (self->pending, TRUE);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->path);

  G_OBJECT_CLASS (pb_audit_log_parent_class)->finalize (object);
}

static void
pb_audit_log_class_init (PbAuditLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_audit_log_dispose;
  object_class->finalize = pb_audit_log_finalize;

  signals[APPENDED] = g_signal_new ("appended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
pb_audit_log_init (PbAuditLog *self)
{
  self->fd = -1;
  self->pending = g_string_sized_new (4096);
}

PbAuditLog *
pb_audit_log_new (const char *path,
                  gsize       max_bytes)
{
  PbAuditLog *self = g_object_new (PB_TYPE_AUDIT_LOG, NULL);

  self->path = path != NULL
    ? g_strdup (path)
    : g_build_filename (g_get_user_data_dir (), "plugboard", "audit.jsonl", NULL);
  self->max_bytes = max_bytes > 0 ? max_bytes : DEFAULT_MAX_BYTES;
  return self;
}

const char *
pb_audit_log_get_path (PbAuditLog *self)
{
  return self->path;
}

static gboolean
storage_error (GError     **error,
               const char  *path,
               int          saved_errno)
{
  g_set_error (error, PB_ERROR, PB_ERROR_STORAGE, _("Could not write the audit trail “%s”: %s"),
               path, g_strerror (saved_errno));
  return FALSE;
}

/* (Re)opens the file when another process rotated it, or on first use. */
static gboolean
ensure_open (PbAuditLog  *self,
             GError     **error)
{
  struct stat by_fd, by_path;
  gint64 now = g_get_monotonic_time ();

  /* Another program may have rotated the file: look at most once a second (a busy broker
   * appends thousands of lines a second). */
  if (self->fd >= 0 && now - self->checked_at < G_USEC_PER_SEC)
    return TRUE;
  self->checked_at = now;
  if (self->fd >= 0 && fstat (self->fd, &by_fd) == 0 && stat (self->path, &by_path) == 0 &&
      by_fd.st_ino == by_path.st_ino && by_fd.st_dev == by_path.st_dev)
    {
      self->size = by_fd.st_size;
      return TRUE;
    }
  if (self->fd >= 0)
    close (self->fd);
  {
    g_autofree char *dir = g_path_get_dirname (self->path);

    g_mkdir_with_parents (dir, 0700);
  }
  self->fd = g_open (self->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (self->fd < 0)
    return storage_error (error, self->path, errno);
  self->size = fstat (self->fd, &by_fd) == 0 ? (gsize) by_fd.st_size : 0;
  return TRUE;
}

static void
rotate_if_full (PbAuditLog *self)
{
  struct stat st;
  g_autofree char *old = NULL;

  if (self->size < self->max_bytes || fstat (self->fd, &st) != 0 ||
      (gsize) st.st_size < self->max_bytes)
    return;
  /* One process rotates; the others notice the new inode on their next append. */
  if (flock (self->fd, LOCK_EX | LOCK_NB) != 0)
    return;
  old = g_strconcat (self->path, ".1", NULL);
  {
    struct stat now;

    if (stat (self->path, &now) == 0 && now.st_ino == st.st_ino)
      g_rename (self->path, old);
  }
  flock (self->fd, LOCK_UN);
  close (self->fd);
  self->fd = -1;
  self->size = 0;
}

gboolean
pb_audit_log_flush (PbAuditLog  *self,
                    GError     **error)
{
  g_return_val_if_fail (PB_IS_AUDIT_LOG (self), FALSE);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->pending->len == 0)
    return TRUE;
  if (!ensure_open (self, error))
    return FALSE;
  /* O_APPEND and one write of whole lines: appends from several programs do not interleave. */
  if (write (self->fd, self->pending->str, self->pending->len) != (gssize) self->pending->len)
    {
      int saved_errno = errno;

      g_string_truncate (self->pending, 0);
      return storage_error (error, self->path, saved_errno);
    }
  self->size += self->pending->len;
  g_string_truncate (self->pending, 0);
  rotate_if_full (self);
  return TRUE;
}

static gboolean
flush_cb (gpointer user_data)
{
  PbAuditLog *self = user_data;
  g_autoptr (GError) error = NULL;

  self->flush_id = 0;
  if (!pb_audit_log_flush (self, &error))
    g_warning ("%s", error->message);
  return G_SOURCE_REMOVE;
}

gboolean
pb_audit_log_append (PbAuditLog          *self,
                     const PbAuditEntry  *entry,
                     GError             **error)
{
  g_autoptr (GString) line = NULL;

  g_return_val_if_fail (PB_IS_AUDIT_LOG (self), FALSE);

  line = entry_line (entry);
  g_string_append_len (self->pending, line->str, line->len);
  /* A busy broker: one write for many calls, at most FLUSH_MS later. */
  if (self->pending->len >= MIN (MAX_PENDING, self->max_bytes / 4))
    {
      if (!pb_audit_log_flush (self, error))
        return FALSE;
    }
  else if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FLUSH_MS, flush_cb, self);
  g_signal_emit (self, signals[APPENDED], 0, entry);
  return TRUE;
}

/* FILTER NULL matches anything; otherwise names compare case-insensitively. */
static gboolean
same_name (const char *filter,
           const char *name)
{
  g_autofree char *a = NULL, *b = NULL;

  if (filter == NULL)
    return TRUE;
  if (name == NULL)
    return FALSE;
  a = g_utf8_casefold (filter, -1);
  b = g_utf8_casefold (name, -1);
  return strcmp (a, b) == 0;
}

static void
read_one (const char *path,
          const char *agent,
          const char *connector,
          GPtrArray  *out)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      PbAuditEntry *entry;

      if (*lines[i] == '\0' || (entry = entry_from_line (lines[i])) == NULL)
        continue;
      if (!same_name (agent, entry->agent) || !same_name (connector, entry->connector))
        {
          pb_audit_entry_free (entry);
          continue;
        }
      g_ptr_array_add (out, entry);
    }
}

GPtrArray *
pb_audit_log_read (PbAuditLog  *self,
                   const char  *agent,
                   const char  *connector,
                   guint        limit,
                   GError     **error)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_audit_entry_free);
  g_autofree char *old = g_strconcat (self->path, ".1", NULL);
  g_autoptr (GError) flush_error = NULL;

  /* What this object still holds is part of the trail too. */
  if (!pb_audit_log_flush (self, &flush_error))
    g_warning ("%s", flush_error->message);

  read_one (old, agent, connector, entries);
  read_one (self->path, agent, connector, entries);
  if (limit > 0 && entries->len > limit)
    g_ptr_array_remove_range (entries, 0, entries->len - limit);
  return entries;
}
