/* pb-file.c: reading only regular files (a FIFO never hangs a read) and writing output files
 * atomically without replacing devices, FIFOs or symbolic links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pb-error.h"
#include "pb-file.h"

static const char *
kind_of (mode_t mode)
{
  if (S_ISDIR (mode))
    return _("a folder");
  if (S_ISFIFO (mode))
    return _("a named pipe (FIFO)");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return _("a device");
  if (S_ISSOCK (mode))
    return _("a socket");
  return _("not a regular file");
}

/* The deepest ancestor of PATH that exists, or NULL if none does. */
static char *
existing_ancestor (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  while (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      char *up = g_path_get_dirname (dir);

      if (strcmp (up, dir) == 0)
        {
          g_free (up);
          return NULL;
        }
      g_free (dir);
      dir = up;
    }
  return g_steal_pointer (&dir);
}

/* Why PATH could not be opened (SAVED_ERRNO), with its own code for each case a user acts on
 * differently. */
static void
set_open_error (GError     **error,
                const char  *path,
                const char  *display,
                int          saved_errno)
{
  switch (saved_errno)
    {
    case ENOENT:
      {
        g_autofree char *dir = g_path_get_dirname (path);

        if (g_file_test (dir, G_FILE_TEST_IS_DIR))
          g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND, _("“%s” does not exist."), display);
        else
          {
            g_autofree char *dir_display = g_filename_display_name (dir);

            /* Translators: the first %s is a file, the second its folder */
            g_set_error (error, PB_ERROR, PB_ERROR_NOT_FOUND,
                         _("“%s” does not exist: there is no folder “%s”."), display, dir_display);
          }
        return;
      }
    case ENOTDIR:
      {
        g_autofree char *blocker = existing_ancestor (path);
        g_autofree char *blocker_display = NULL;

        if (blocker == NULL || g_file_test (blocker, G_FILE_TEST_IS_DIR))
          break;
        blocker_display = g_filename_display_name (blocker);
        /* Translators: the first %s is a file, the second a file in its path */
        g_set_error (error, PB_ERROR, PB_ERROR_NOT_A_FOLDER,
                     _("“%s” cannot be reached: “%s” is a file, not a folder."), display,
                     blocker_display);
        return;
      }
    case EACCES:
    case EPERM:
      g_set_error (error, PB_ERROR, PB_ERROR_PERMISSION_DENIED,
                   _("Plugboard does not have permission to read “%s” (the file or one of its "
                     "folders)."), display);
      return;
    case EISDIR:
      g_set_error (error, PB_ERROR, PB_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is a folder, not a file."), display);
      return;
    default:
      break;
    }
  g_set_error (error, PB_ERROR, PB_ERROR_STORAGE, _("Could not open “%s”: %s."), display,
               pb_error_describe_errno (saved_errno));
}

int
pb_file_open_regular (const char  *path,
                      GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  struct stat st;
  int fd, flags;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      set_open_error (error, path, display, errno);
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, PB_ERROR, PB_ERROR_STORAGE, _("Could not open “%s”: %s."), display,
                   pb_error_describe_errno (saved_errno));
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      /* Translators: the second %s is "a folder", "a named pipe (FIFO)", "a device"… */
      g_set_error (error, PB_ERROR, PB_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is %s: only regular files are read."), display, kind_of (st.st_mode));
      return -1;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

gboolean
pb_file_read_regular (const char  *path,
                      gsize        max_bytes,
                      char       **contents,
                      gsize       *length,
                      GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *buffer = NULL;
  gsize capacity, used = 0;
  struct stat st;
  int fd = pb_file_open_regular (path, error);

  if (fd < 0)
    return FALSE;
  display = g_filename_display_name (path);
  if (fstat (fd, &st) != 0)
    st.st_size = 0;
  if (max_bytes > 0 && (guint64) st.st_size > max_bytes)
    {
      g_autofree char *limit = g_format_size_full (max_bytes, G_FORMAT_SIZE_LONG_FORMAT);

      close (fd);
      g_set_error (error, PB_ERROR, PB_ERROR_TOO_LARGE, _("“%s” is larger than the limit of %s."),
                   display, limit);
      return FALSE;
    }

  capacity = st.st_size > 0 ? (gsize) st.st_size + 1 : 4096;
  buffer = g_malloc (capacity);
  for (;;)
    {
      gssize n;

      if (capacity - used < 2)
        {
          capacity *= 2;
          buffer = g_realloc (buffer, capacity);
        }
      n = read (fd, buffer + used, capacity - used - 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, PB_ERROR, PB_ERROR_STORAGE, _("Could not read “%s”: %s."), display,
                       pb_error_describe_errno (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      used += n;
      if (max_bytes > 0 && used > max_bytes)
        {
          g_autofree char *limit = g_format_size_full (max_bytes, G_FORMAT_SIZE_LONG_FORMAT);

          close (fd);
          g_set_error (error, PB_ERROR, PB_ERROR_TOO_LARGE,
                       _("“%s” is larger than the limit of %s."), display, limit);
          return FALSE;
        }
    }
  close (fd);
  buffer[used] = '\0';
  *length = used;
  *contents = g_steal_pointer (&buffer);
  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           int         *out_errno)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *out_errno = errno;
          return FALSE;
        }
      data += n;
      length -= n;
    }
  return TRUE;
}

static gboolean
set_storage_error (GError     **error,
                   const char  *path,
                   int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, PB_ERROR, PB_ERROR_STORAGE, _("Could not write “%s”: %s."), display,
               pb_error_describe_errno (saved_errno));
  return FALSE;
}

/* A temporary file beside PATH, then rename over it; MODE is applied exactly (no umask). */
static gboolean
replace_atomically (const char  *path,
                    const char  *data,
                    gsize        length,
                    mode_t       mode,
                    gboolean     exact_mode,
                    GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int saved_errno = 0;
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666 & mode);

  if (fd < 0)
    return set_storage_error (error, path, errno);
  if ((exact_mode && fchmod (fd, mode) != 0 && (saved_errno = errno) != 0) ||
      !write_all (fd, data, length, &saved_errno))
    {
      close (fd);
      g_unlink (tmp);
      return set_storage_error (error, path, saved_errno);
    }
  if (close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp);
      return set_storage_error (error, path, saved_errno);
    }
  return TRUE;
}

gboolean
pb_file_write_output (const char  *path,
                      const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *target = NULL;
  struct stat st;
  int saved_errno = 0;
  int fd;

  if (lstat (path, &st) != 0)
    {
      if (errno != ENOENT)
        return set_storage_error (error, path, errno);
      /* A new file: mode 0666 minus the umask, as any program's output. */
      return replace_atomically (path, data, length, 0666, FALSE, error);
    }

  if (S_ISLNK (st.st_mode))
    {
      target = realpath (path, NULL);
      if (target == NULL)
        {
          g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                       _("“%s” is a symbolic link to a file that does not exist; nothing was "
                         "written. Give the target's path instead."),
                       display);
          return FALSE;
        }
      if (stat (target, &st) != 0)
        return set_storage_error (error, target, errno);
      path = target;
    }

  if (S_ISREG (st.st_mode))
    return replace_atomically (path, data, length, st.st_mode & 07777, TRUE, error);
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, PB_ERROR, PB_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a folder; give a file name inside it."), display);
      return FALSE;
    }

  /* A FIFO, terminal or device: write into it, never replace it. */
  fd = g_open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    return set_storage_error (error, path, errno);
  if (!write_all (fd, data, length, &saved_errno))
    {
      close (fd);
      return set_storage_error (error, path, saved_errno);
    }
  if (close (fd) != 0)
    return set_storage_error (error, path, errno);
  return TRUE;
}
