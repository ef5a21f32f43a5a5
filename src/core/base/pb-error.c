/* pb-error.c: the PB_ERROR domain every user-facing failure is reported in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "pb-error.h"

G_DEFINE_QUARK (pb-error-quark, pb_error)

static const char *
describe_file_error (GFileError code)
{
  switch (code)
    {
    case G_FILE_ERROR_NOSPC:
      return _("the disk is full");
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
      return _("Plugboard does not have permission to use it");
    case G_FILE_ERROR_ROFS:
      return _("the disk is read-only");
    case G_FILE_ERROR_NOENT:
    case G_FILE_ERROR_NOTDIR:
      return _("the folder does not exist");
    case G_FILE_ERROR_NAMETOOLONG:
      return _("the name is too long");
    case G_FILE_ERROR_ISDIR:
      return _("a folder is in the way");
    case G_FILE_ERROR_NOSYS:
      return _("this computer does not support it");
    case G_FILE_ERROR_IO:
      return _("the disk could not be read or written");
    default:
      return _("the system refused it");
    }
}

const char *
pb_error_describe_errno (int errsv)
{
  return describe_file_error (g_file_error_from_errno (errsv));
}

const char *
pb_error_describe_cause (const GError *cause)
{
  if (cause == NULL)
    return _("the system refused it");
  if (cause->domain == G_FILE_ERROR)
    return describe_file_error (cause->code);
  if (cause->domain == G_IO_ERROR)
    switch (cause->code)
      {
      case G_IO_ERROR_NOT_SUPPORTED:
        return _("this computer does not support it");
      case G_IO_ERROR_PERMISSION_DENIED:
        return _("Plugboard is not allowed to do that");
      case G_IO_ERROR_NO_SPACE:
        return _("the disk is full");
      case G_IO_ERROR_READ_ONLY:
        return _("the disk is read-only");
      case G_IO_ERROR_NOT_FOUND:
        return _("it was not found");
      case G_IO_ERROR_TIMED_OUT:
        return _("it took too long");
      case G_IO_ERROR_CANCELLED:
        return _("it was cancelled");
      default:
        return _("the system refused it");
      }
  if (cause->domain == G_DBUS_ERROR)
    switch (cause->code)
      {
      case G_DBUS_ERROR_ACCESS_DENIED:
      case G_DBUS_ERROR_AUTH_FAILED:
        return _("Plugboard is not allowed to do that");
      case G_DBUS_ERROR_NOT_SUPPORTED:
      case G_DBUS_ERROR_UNKNOWN_METHOD:
        return _("the keyring service does not support it");
      case G_DBUS_ERROR_TIMEOUT:
      case G_DBUS_ERROR_NO_REPLY:
        return _("the keyring service did not answer");
      default:
        return _("the keyring service refused it");
      }
  return _("the system refused it");
}
