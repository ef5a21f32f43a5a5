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
 * or -1 with a PB_ERROR naming the file, one code per case a user acts on differently:
 * PB_ERROR_NOT_FOUND (no such file, or no such folder: the message says which),
 * PB_ERROR_NOT_A_FOLDER (a file stands where a folder of the path should be: it is named),
 * PB_ERROR_PERMISSION_DENIED (the file or a folder of its path may not be read),
 * PB_ERROR_NOT_REGULAR_FILE (a folder, FIFO, device or socket),
 * PB_ERROR_STORAGE (anything else: I/O, too many links…; the reason in plain words). */
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
