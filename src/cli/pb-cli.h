/* pb-cli.h: what the plugboard-cli commands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pb-connector-store.h"

G_BEGIN_DECLS

/* Exit codes are part of the CLI's contract: scripts branch on them. */
typedef enum {
  PB_CLI_EXIT_OK = 0,
  PB_CLI_EXIT_FAILURE = 1,          /* anything not listed below */
  PB_CLI_EXIT_USAGE = 2,            /* bad options, unknown type or field */
  PB_CLI_EXIT_NOT_FOUND = 3,        /* no such connector or definition */
  PB_CLI_EXIT_CONFLICT = 4,         /* duplicate or invalid name */
  PB_CLI_EXIT_KEYRING = 5,          /* no Secret Service, or keyring locked */
  PB_CLI_EXIT_STORAGE = 6,          /* a file (connectors, spec…) unreadable or unwritable */
  PB_CLI_EXIT_INVALID_URL = 10,     /* malformed URL */
  PB_CLI_EXIT_UNREACHABLE = 11,     /* DNS, refused connection, TLS, timeout */
  PB_CLI_EXIT_HTTP_STATUS = 12,     /* the server answered with an error status */
  PB_CLI_EXIT_NOTHING_FOUND = 13,   /* nothing API-like found */
  PB_CLI_EXIT_UNSUPPORTED = 14,     /* unsupported document format */
  PB_CLI_EXIT_PARSE = 15,           /* parse error (line and column in the message) */
  PB_CLI_EXIT_TOO_LARGE = 16,       /* a file or downloaded page is larger than the limit */
  PB_CLI_EXIT_CHECK_FAILED = 20,    /* connection test failed */
  PB_CLI_EXIT_OAUTH = 21,           /* OAuth sign-in failed */
  PB_CLI_EXIT_REAUTH = 22,          /* reconnect needed */
  PB_CLI_EXIT_REFUSED = 23,         /* test-read: the server refused the credential (401/403) */
  PB_CLI_EXIT_CANCELLED = 130,
} PbCliExit;

/* Prints "plugboard-cli: MESSAGE" on stderr and returns the exit code for the error. */
int  pb_cli_fail_with_error (const GError *error);
/* Prints a usage error for COMMAND on stderr and returns PB_CLI_EXIT_USAGE. */
int  pb_cli_fail_usage      (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);
int  pb_cli_exit_for_error  (const GError *error);
/* Parses a command's options; on failure prints a usage error, sets EXIT_CODE, returns FALSE. */
gboolean pb_cli_parse_options (const char    *command,
                               const char    *parameter,
                               const char    *summary,
                               GOptionEntry  *entries,
                               int           *argc,
                               char        ***argv,
                               int           *exit_code);
/* Prints NODE as indented JSON on stdout. */
void     pb_cli_print_json    (JsonNode      *node);

/* Agents (pb-cli-agents.c), shared with the connector commands and serve/mcp. */
typedef struct _PbAgentStore PbAgentStore;
typedef struct _PbAgent PbAgent;
PbAgentStore     *pb_cli_open_agents     (PbConnectorStore *connectors, GError **error);
PbAgent          *pb_cli_find_agent      (PbAgentStore *agents, const char *name, GError **error);
JsonNode         *pb_cli_agent_to_json   (PbAgentStore *agents, PbAgent *agent);
/* The broker over the default stores, keyring and audit trail (pb-cli-serve.c). */
typedef struct _PbBroker PbBroker;
PbBroker         *pb_cli_make_broker     (GError **error);

/* ---- the toolkit (pb-cli-toolkit.c) ---- */

/* Waits for one async call on the default main context:
 *   g_auto (PbCliAwait) await = { NULL };
 *   pb_foo_async (…, pb_cli_await_cb, &await);
 *   ok = pb_foo_finish (…, pb_cli_await (&await), &error);
 * Clear it (pb_cli_await_clear) before waiting with it again. */
typedef struct {
  GAsyncResult *result;
} PbCliAwait;

void          pb_cli_await_cb    (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data);
GAsyncResult *pb_cli_await       (PbCliAwait   *await);
void          pb_cli_await_clear (PbCliAwait   *await);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbCliAwait, pb_cli_await_clear)

/* Loads the connector store; a load warning (file moved aside) goes to stderr. */
PbConnectorStore *pb_cli_open_store (GError **error);

/* One line from standard input without its newline (or "\r\n"); NULL at the end of input. */
char *pb_cli_read_line (void);

/* A secret read from standard input: wiped when freed (g_autoptr (PbCliSecret)). */
typedef GString PbCliSecret;

typedef enum {
  PB_CLI_SECRET_LINE,  /* one line, from a terminal or a pipe; NULL at the end of input */
  PB_CLI_SECRET_ALL,   /* one line from a terminal, all of a pipe (one trailing newline off) */
} PbCliSecretInput;

/* On a terminal: echo off, then PROMPT on stderr; Ctrl+C (or SIGTERM, SIGHUP, SIGQUIT)
 * wipes what was typed, restores the terminal and ends the program by that signal (status
 * 130 for Ctrl+C). From a pipe: no prompt. At most 64 KiB, else PB_ERROR_INVALID_ARGUMENT. */
PbCliSecret *pb_cli_read_secret (const char        *prompt,
                                 PbCliSecretInput   input,
                                 GError           **error);
void         pb_cli_secret_free (PbCliSecret       *secret);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbCliSecret, pb_cli_secret_free)

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
int pb_cli_test_read   (int argc, char **argv);
int pb_cli_agent       (int argc, char **argv);
int pb_cli_serve       (int argc, char **argv);
int pb_cli_audit       (int argc, char **argv);
int pb_cli_mcp         (int argc, char **argv);

G_END_DECLS
