/* pb-error.h: the error domain every user-facing failure is reported in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PB_ERROR (pb_error_quark ())

/* Each code is a kind of failure a user can act on; the message says how. */
typedef enum
{
  PB_ERROR_FAILED,             /* anything not covered below */
  PB_ERROR_INVALID_NAME,       /* empty or otherwise unusable connector name */
  PB_ERROR_DUPLICATE_NAME,     /* another connector already has that name */
  PB_ERROR_NOT_FOUND,          /* no such connector, definition or field */
  PB_ERROR_INVALID_ARGUMENT,   /* unknown type, field or malformed option value */
  PB_ERROR_STORAGE,            /* the connectors file could not be read or written */
  PB_ERROR_CORRUPT_FILE,       /* the connectors file could not be parsed; it was moved aside */
  PB_ERROR_NO_KEYRING,         /* no Secret Service reachable */
  PB_ERROR_KEYRING_LOCKED,     /* the keyring is locked and could not be unlocked */
  PB_ERROR_INVALID_URL,        /* malformed URL */
  PB_ERROR_NETWORK,            /* DNS, connection refused, timeout */
  PB_ERROR_TLS,                /* certificate or handshake failure */
  PB_ERROR_HTTP_STATUS,        /* the server answered with an error status */
  PB_ERROR_PARSE,              /* a document could not be parsed (line and column in the message) */
  PB_ERROR_UNSUPPORTED_FORMAT, /* a document of a kind we do not read */
  PB_ERROR_NOTHING_FOUND,      /* nothing API-like found */
  PB_ERROR_AUTH,               /* credentials refused */
  PB_ERROR_OAUTH,              /* OAuth flow failed (state mismatch, bad answer) */
  PB_ERROR_REAUTH_NEEDED,      /* the grant was revoked: reconnect */
  PB_ERROR_CANCELLED,          /* the user cancelled */
  PB_ERROR_NOT_AVAILABLE,      /* a feature that is not available in this build or setup */
  PB_ERROR_ACCESS_DENIED,      /* the user (or the provider) refused access at sign-in */
  PB_ERROR_TOO_LARGE,          /* a file or body is over a size limit (named) */
  PB_ERROR_NO_CONNECTOR,       /* a connector must be linked (a builder project's test read) */
  PB_ERROR_PERMISSION_DENIED,  /* the system refused access to a file or to a folder of its path */
  PB_ERROR_NOT_REGULAR_FILE,   /* a folder, named pipe, device or socket where a file should be */
  PB_ERROR_NOT_A_FOLDER,       /* a file where a folder of the path should be */
} PbErrorCode;

GQuark pb_error_quark (void);

/* Why the system refused, in plain words chosen by the error's domain and code ("the disk is
 * full", "this computer does not support it"): never the system's own text, which can read
 * "(Operation not supported)" or come in another language. For the end of a sentence. */
const char *pb_error_describe_cause (const GError *cause);
/* The same for an errno value. */
const char *pb_error_describe_errno (int errsv);

G_END_DECLS
