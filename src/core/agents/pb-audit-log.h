/* pb-audit-log.h: every call an agent makes, in a bounded, rotated file without secrets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PB_TYPE_AUDIT_LOG (pb_audit_log_get_type ())

G_DECLARE_FINAL_TYPE (PbAuditLog, pb_audit_log, PB, AUDIT_LOG, GObject)

/* One call. PATH never holds the query string (cut at "?" when recorded), so no key sent as
 * a parameter and nothing the agent put there lands in the file. */
typedef struct {
  gint64  time;          /* unix µs */
  char   *agent;         /* agent name (NULL: unknown token) */
  char   *connector;     /* connector name as asked */
  char   *method;
  char   *host;          /* the connector's host, NULL when refused before */
  char   *path;          /* below the connector's base URL, without query */
  guint   status;        /* what the agent got */
  guint   duration_ms;
  guint64 bytes;         /* response body bytes passed back */
  char   *via;           /* "broker" or "mcp" */
} PbAuditEntry;

void          pb_audit_entry_free     (PbAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbAuditEntry, pb_audit_entry_free)
JsonNode     *pb_audit_entry_to_json  (const PbAuditEntry *entry);

/* $XDG_DATA_HOME/plugboard/audit.jsonl unless PATH is given: one JSON object a line, mode
 * 0600. When it grows past MAX_BYTES (0: 1 MiB) it is renamed to audit.jsonl.1 (replacing
 * the previous one), so the trail never takes more than twice that. Signal "appended"
 * (PbAuditEntry*) after each entry this object writes. */
PbAuditLog   *pb_audit_log_new        (const char *path,
                                       gsize       max_bytes);
const char   *pb_audit_log_get_path   (PbAuditLog *self);

/* Entries are written in batches: at most 200 ms (a timer on the default main context),
 * 64 KiB or a quarter of MAX_BYTES after they were appended, when the trail is read through
 * this object, and when it is disposed. No fsync. */
gboolean      pb_audit_log_append     (PbAuditLog          *self,
                                       const PbAuditEntry  *entry,
                                       GError             **error);
/* Writes what is waiting now. */
gboolean      pb_audit_log_flush      (PbAuditLog  *self,
                                       GError     **error);
/* Entries oldest first, from the rotated file then the current one; AGENT and CONNECTOR
 * (case-insensitive, NULL: any) filter; LIMIT (0: all) keeps the newest. Lines that cannot
 * be read are skipped. */
GPtrArray    *pb_audit_log_read       (PbAuditLog  *self,
                                       const char  *agent,
                                       const char  *connector,
                                       guint        limit,
                                       GError     **error);

G_END_DECLS
