/* pb-connector-file.c: reading and writing connectors.json (for PbConnectorStore)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pb-connector-file.h"
#include "pb-error.h"
#include "pb-file.h"

#define FILE_VERSION 1

/* Moves the file to PATH.broken-DATE (never over an existing file). Returns the new path. */
char *
pb_connector_file_move_aside (const char  *path,
                              GError     **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autoptr (GFile) source = g_file_new_for_path (path);

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *target_path = NULL;
      g_autoptr (GFile) target = NULL;
      g_autoptr (GError) local_error = NULL;

      if (i == 0)
        target_path = g_strdup_printf ("%s.broken-%s", path, stamp);
      else
        target_path = g_strdup_printf ("%s.broken-%s-%u", path, stamp, i);

      /* link() fails if the target exists, so nothing is ever overwritten, even in a race. */
      if (link (path, target_path) == 0)
        {
          if (g_unlink (path) != 0)
            {
              int saved_errno = errno;

              g_unlink (target_path);
              g_set_error (
                error, PB_ERROR, PB_ERROR_STORAGE,
                _("The file “%s” is damaged and could not be moved aside: %s."), path,
                pb_error_describe_errno (saved_errno));
              return NULL;
            }
          return g_steal_pointer (&target_path);
        }
      if (errno == EEXIST)
        continue;

      /* No hard links here (some file systems): a move that refuses to overwrite. */
      target = g_file_new_for_path (target_path);
      if (g_file_move (source, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL,
                       &local_error))
        return g_steal_pointer (&target_path);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        continue;

      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
                   _("The file “%s” is damaged and could not be moved aside: %s."),
                   path, pb_error_describe_cause (local_error));
      return NULL;
    }

  g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
               _("The file “%s” is damaged and could not be moved aside."), path);
  return NULL;
}

/* A truncated file: keep every connector written before the cut by closing the JSON early.
 * One pass finds where each element of the top-level object's array ends (outside strings);
 * then only the last few of those cuts are parsed, so a 50 MB file costs a few parses, not
 * one per closing brace. */
static JsonNode *
salvage_truncated (const char *contents,
                   gsize       length)
{
  g_autoptr (GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint8 stack[64];   /* container kinds at depths 1..64: '{' or '[' */
  guint depth = 0;
  gboolean in_string = FALSE, escaped = FALSE;
  guint attempts = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = contents[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (depth < G_N_ELEMENTS (stack))
            stack[depth] = (guint8) c;
          depth++;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        {
          depth--;
          /* An object just closed as an element of an array that is a member of the root. */
          if (c == '}' && depth == 2 && stack[0] == '{' && stack[1] == '[')
            g_array_append_val (cuts, i);
        }
    }

  for (guint k = cuts->len; k > 0 && attempts < 8; k--, attempts++)
    {
      gsize end = g_array_index (cuts, gsize, k - 1);
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GString) candidate = g_string_new_len (contents, end + 1);
      JsonNode *root;

      g_string_append (candidate, "]}");
      if (!json_parser_load_from_data (parser, candidate->str, candidate->len, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
          json_object_has_member (json_node_get_object (root), "connectors"))
        return json_node_copy (root);
    }
  return NULL;
}

/* What to do about a connectors file that could not be read, by the code of the reason
 * pb_file_read_regular gave. */
static const char *
read_advice (int code)
{
  switch (code)
    {
    case PB_ERROR_PERMISSION_DENIED:
      return _("Give your user permission to read and write the file and its folder, then try "
               "again.");
    case PB_ERROR_NOT_REGULAR_FILE:
      return _("Move what is there to another place (connectors are kept in a regular file), "
               "then try again.");
    case PB_ERROR_NOT_A_FOLDER:
      return _("Rename or move that file to make room for the folder, then try again.");
    default:
      return _("Try again; if it keeps failing, check the disk.");
    }
}

gboolean
pb_connector_file_read (const char       *path,
                        PbConnectorFile  *state,
                        GError          **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *moved_to = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonNode) salvaged = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root = NULL;
  JsonArray *array = NULL;
  gsize length = 0;
  gint64 version = 0;
  guint bad_entries = 0;
  gboolean newer = FALSE;

  memset (state, 0, sizeof *state);
  state->entries = g_ptr_array_new_with_free_func (g_object_unref);
  state->complete = TRUE;

  if (!pb_file_read_regular (path, 0, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, PB_ERROR, PB_ERROR_NOT_FOUND))
        return TRUE;
      /* Unreadable is not damaged: the file may be fine (permissions, a folder in its place).
       * Leave it alone and say so; only content that cannot be parsed is moved aside. The
       * reason's code stays, for callers to decide on. */
      g_ptr_array_set_size (state->entries, 0);
      /* Translators: the first %s is the reason, which names the file ("“…” is a folder, not
       * a file."), the second what to do about it */
      g_set_error (error, PB_ERROR, local_error->code,
                   _("%s The connectors file was left as it is and nothing was changed. %s"),
                   local_error->message, read_advice (local_error->code));
      return FALSE;
    }
  else
    {
      state->exists = TRUE;
      checksum = pb_connector_file_checksum (contents, length);

      if (!json_parser_load_from_data (parser, contents, length, &local_error))
        {
          problem = g_strdup_printf (_("it is not valid JSON: %s"), local_error->message);
          root = salvaged = salvage_truncated (contents, length);
        }
      else if ((root = json_parser_get_root (parser)) == NULL)
        problem = g_strdup (_("it is empty"));
    }

  if (root != NULL)
    {
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
      JsonNode *version_node = object ? json_object_get_member (object, "version") : NULL;
      JsonNode *connectors_node = object ? json_object_get_member (object, "connectors") : NULL;

      if (object == NULL)
        problem = problem ? problem : g_strdup (_("it does not hold a JSON object"));
      else
        {
          if (version_node == NULL || !JSON_NODE_HOLDS_VALUE (version_node) ||
              json_node_get_value_type (version_node) != G_TYPE_INT64)
            problem = problem ? problem : g_strdup (_("it has no format version"));
          else
            {
              version = json_node_get_int (version_node);
              if (version > FILE_VERSION)
                newer = TRUE;
              else if (version < 1)
                problem = problem ? problem : g_strdup (_("it has an unknown format version"));
            }

          if (connectors_node != NULL && JSON_NODE_HOLDS_ARRAY (connectors_node))
            array = json_node_get_array (connectors_node);
          else
            problem = problem ? problem : g_strdup (_("it has no list of connectors"));
        }
    }

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr (GError) entry_error = NULL;
      PbConnector *connector
        = pb_connector_new_from_json (json_array_get_element (array, i), &entry_error);

      if (connector == NULL)
        {
          g_debug ("Skipping connector entry %u: %s", i, entry_error->message);
          bad_entries++;
          continue;
        }
      if (!g_hash_table_add (ids, (gpointer) pb_connector_get_id (connector)))
        {
          bad_entries++;
          g_object_unref (connector);
          continue;
        }
      g_ptr_array_add (state->entries, connector);
    }

  if (problem == NULL && !newer && bad_entries == 0)
    {
      state->checksum = g_steal_pointer (&checksum);
      return TRUE;
    }

  /* Something is wrong: keep the original untouched beside the new file. */
  state->complete = FALSE;
  state->exists = FALSE;
  moved_to = pb_connector_file_move_aside (path, error);
  if (moved_to == NULL)
    {
      g_ptr_array_set_size (state->entries, 0);
      return FALSE;
    }

  if (newer)
    {
      /* xgettext cannot see through G_GINT64_FORMAT: print the number separately. */
      g_autofree char *format = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      state->warning = g_strdup_printf (
        ngettext (
          "The connectors file was written by a newer version of Plugboard (format %s). "
          "It was moved to “%s” unchanged; %u connector this version understands was recovered.",
          "The connectors file was written by a newer version of Plugboard (format %s). "
          "It was moved to “%s” unchanged; %u connectors this version understands were recovered.",
          state->entries->len),
        format, moved_to, state->entries->len);
    }
  else if (problem != NULL)
    state->warning = g_strdup_printf (
      ngettext ("The connectors file could not be read (%s). It was moved to “%s” unchanged; "
                "%u connector could be recovered.",
                "The connectors file could not be read (%s). It was moved to “%s” unchanged; "
                "%u connectors could be recovered.",
                state->entries->len),
      problem, moved_to, state->entries->len);
  else
    state->warning = g_strdup_printf (
      ngettext ("%u entry in the connectors file could not be read and was left out. "
                "The original file was moved to “%s” unchanged.",
                "%u entries in the connectors file could not be read and were left out. "
                "The original file was moved to “%s” unchanged.",
                bad_entries),
      bad_entries, moved_to);

  /* For the GUI: what happened and where the file is, in plain words; the rest is detail. */
  {
    g_autofree char *kept_as = g_path_get_basename (moved_to);

    if (newer)
      state->summary = g_strdup_printf (
        ngettext (
          "Your connectors file was written by a newer version of Plugboard. It was kept as "
          "%s and Plugboard started with the %u connector this version understands.",
          "Your connectors file was written by a newer version of Plugboard. It was kept as "
          "%s and Plugboard started with the %u connectors this version understands.",
          state->entries->len),
        kept_as, state->entries->len);
    else if (problem != NULL && state->entries->len == 0)
      state->summary
        = g_strdup_printf (_("Your connectors file could not be read. It was kept as %s "
                              "and Plugboard started with an empty list: no connector "
                              "could be recovered from it."),
                           kept_as);
    else if (problem != NULL)
      state->summary = g_strdup_printf (
        ngettext ("Your connectors file could not be read. It was kept as %s and Plugboard "
                  "started with the %u connector it could recover.",
                  "Your connectors file could not be read. It was kept as %s and Plugboard "
                  "started with the %u connectors it could recover.",
                  state->entries->len),
        kept_as, state->entries->len);
    else
      state->summary = g_strdup_printf (
        ngettext ("%u connector in your connectors file could not be read and was left out. "
                  "The original file was kept as %s.",
                  "%u connectors in your connectors file could not be read and were left out. "
                  "The original file was kept as %s.",
                  bad_entries),
        bad_entries, kept_as);
    state->detail = problem != NULL
      ? g_strdup_printf (_("Kept at %s. Reason: %s."), moved_to, problem)
      : g_strdup_printf (_("Kept at %s."), moved_to);
  }
  return TRUE;
}

char *
pb_connector_file_serialize (GPtrArray *connectors,
                             gsize     *out_length)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  char *data;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FILE_VERSION);
  json_builder_set_member_name (builder, "connectors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < connectors->len; i++)
    json_builder_add_value (builder, pb_connector_to_json (g_ptr_array_index (connectors, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, out_length);
  return data;
}

/* Serializes read-merge-write between processes sharing the file (GUI and CLI). */
int
pb_connector_file_lock (const char *path)
{
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  g_mkdir_with_parents (dir, 0700);
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    return -1;
  while (flock (fd, LOCK_EX) != 0 && errno == EINTR)
    ;
  return fd;
}

/* g_file_set_contents_full () writes PATH.XXXXXX and renames it. Every writer does so while
 * holding the lock, so with the lock held any such file belongs to no living writer: it was
 * left by a writer that was killed. Returns how many were removed. */
guint
pb_connector_file_remove_stale (const char *path)
{
  g_autofree char *dir_path = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (GDir) dir = NULL;
  gsize base_len = strlen (base);
  const char *name;
  guint removed = 0;
  int lock_fd;

  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return 0;
  lock_fd = pb_connector_file_lock (path);
  if (lock_fd < 0)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stale = NULL;
      gboolean temp = strlen (name) == base_len + 7 && strncmp (name, base, base_len) == 0 &&
                      name[base_len] == '.';

      for (gsize i = base_len + 1; temp && name[i] != '\0'; i++)
        temp = g_ascii_isalnum (name[i]);
      if (!temp)
        continue;
      stale = g_build_filename (dir_path, name, NULL);
      if (g_file_test (stale, G_FILE_TEST_IS_REGULAR | G_FILE_TEST_IS_SYMLINK) &&
          !g_file_test (stale, G_FILE_TEST_IS_SYMLINK) && g_unlink (stale) == 0)
        removed++;
    }
  pb_connector_file_unlock (lock_fd);
  return removed;
}

void
pb_connector_file_unlock (int fd)
{
  if (fd >= 0)
    close (fd);   /* releases the flock */
}

gboolean
pb_connector_file_write (const char  *path,
                         const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) io_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
                   _("Could not create the folder “%s” to save in: %s."),
                   dir, pb_error_describe_errno (saved_errno));
      return FALSE;
    }

  /* Temporary file in the same folder, fsync, rename: readers see the old or the new file,
   * never a mix, and a failed write leaves the old one untouched. */
  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &io_error))
    {
      /* What happens to the change is the caller's to say (it was rolled back, or is still
       * waiting in the app): this only says why the file did not take it. */
      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE,
                   _("Could not save “%s”: %s."), path, pb_error_describe_cause (io_error));
      return FALSE;
    }
  return TRUE;
}

char *
pb_connector_file_checksum (const char *data,
                            gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

void
pb_connector_file_clear (PbConnectorFile *file)
{
  g_clear_pointer (&file->entries, g_ptr_array_unref);
  g_clear_pointer (&file->checksum, g_free);
  g_clear_pointer (&file->warning, g_free);
  g_clear_pointer (&file->summary, g_free);
  g_clear_pointer (&file->detail, g_free);
}
