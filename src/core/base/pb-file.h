/* pb-file.h: reading only regular files, and writing output files without replacing what
 * is not a regular file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Opens PATH for reading without ever blocking: a FIFO or device is opened with O_NONBLOCK,
 * checked with fstat and refused. Returns a blocking O_CLOEXEC descriptor of a regular file,
 * or -1 with a PB_ERROR naming the file: PB_ERROR_NOT_FOUND (does not exist),
 * PB_ERROR_STORAGE (cannot be opened: permission, I/O; the system's reason is in the message),
 * PB_ERROR_INVALID_ARGUMENT (a folder, FIFO, device or socket). */
int       pb_file_open_regular (const char  *path,
                                GError     **error);

/* Reads a whole regular file (see pb_file_open_regular). Files over MAX_BYTES (0: no limit)
 * are refused with PB_ERROR_TOO_LARGE. CONTENTS is NUL-terminated. */
gboolean  pb_file_read_regular (const char  *path,
                                gsize        max_bytes,
                                char       **contents,
                                gsize       *length,
                                GError     **error);

/* Writes DATA to PATH, an output file the user named:
 * - a new path or an existing regular file is replaced atomically (temporary file in the same
 *   folder, then rename) and keeps the existing file's permissions;
 * - a FIFO, character device or other non-regular file (/dev/null, /dev/stdout) is written in
 *   place, never replaced;
 * - a symbolic link is followed: its target is written as above and the link stays a link;
 *   a link to a missing file is refused (PB_ERROR_INVALID_ARGUMENT), as is a folder.
 * Errors are PB_ERROR_STORAGE with the file and the reason. */
gboolean  pb_file_write_output (const char  *path,
                                const char  *data,
                                gsize        length,
                                GError     **error);

G_END_DECLS
