/* pb-cli.h: what the plugboard-cli commands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes are part of the CLI's contract: scripts branch on them. */
typedef enum {
  PB_CLI_EXIT_OK = 0,
  PB_CLI_EXIT_FAILURE = 1,          /* anything not listed below */
  PB_CLI_EXIT_USAGE = 2,            /* bad options, unknown type or field */
  PB_CLI_EXIT_NOT_FOUND = 3,        /* no such connector or definition */
  PB_CLI_EXIT_CONFLICT = 4,         /* duplicate or invalid name */
  PB_CLI_EXIT_KEYRING = 5,          /* no Secret Service, or keyring locked */
  PB_CLI_EXIT_STORAGE = 6,          /* connectors file unreadable or unwritable */
  PB_CLI_EXIT_INVALID_URL = 10,     /* malformed URL */
  PB_CLI_EXIT_UNREACHABLE = 11,     /* DNS, refused connection, TLS, timeout */
  PB_CLI_EXIT_HTTP_STATUS = 12,     /* the server answered with an error status */
  PB_CLI_EXIT_NOTHING_FOUND = 13,   /* nothing API-like found */
  PB_CLI_EXIT_UNSUPPORTED = 14,     /* unsupported document format */
  PB_CLI_EXIT_PARSE = 15,           /* parse error (line and column in the message) */
  PB_CLI_EXIT_CHECK_FAILED = 20,    /* connection test failed */
  PB_CLI_EXIT_OAUTH = 21,           /* OAuth sign-in failed */
  PB_CLI_EXIT_REAUTH = 22,          /* reconnect needed */
  PB_CLI_EXIT_CANCELLED = 130,
} PbCliExit;

/* Prints "plugboard-cli: MESSAGE" on stderr and returns the exit code for the error. */
int  pb_cli_fail_with_error (const GError *error);
/* Prints a usage error for COMMAND on stderr and returns PB_CLI_EXIT_USAGE. */
int  pb_cli_fail_usage      (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);
int  pb_cli_exit_for_error  (const GError *error);

/* Commands: argv[0] is the command name. */
int pb_cli_list        (int argc, char **argv);
int pb_cli_show        (int argc, char **argv);
int pb_cli_create      (int argc, char **argv);
int pb_cli_edit        (int argc, char **argv);
int pb_cli_set_secret  (int argc, char **argv);
int pb_cli_rename      (int argc, char **argv);
int pb_cli_delete      (int argc, char **argv);
int pb_cli_assist      (int argc, char **argv);
int pb_cli_definitions (int argc, char **argv);
int pb_cli_setup       (int argc, char **argv);
int pb_cli_connect     (int argc, char **argv);
int pb_cli_token       (int argc, char **argv);
int pb_cli_test        (int argc, char **argv);

G_END_DECLS
