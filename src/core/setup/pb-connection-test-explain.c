/* pb-connection-test-explain.c: what a connection test's answer means, in words a user can act
 * on (status codes, bodies, a refused key and where it was sent)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pb-connection-test-private.h"
#include "pb-error.h"
#include "pb-oauth-tokens.h"
#include "pb-validate.h"

PbCheckResult *
pb_connection_test_result_new (PbCheckOutcome  outcome,
            guint           status,
            char           *summary,
            char           *explanation,
            char           *suggestion)
{
  PbCheckResult *result = g_new0 (PbCheckResult, 1);

  result->outcome = outcome;
  result->status = status;
  result->summary = summary;
  result->explanation = explanation;
  result->suggestion = suggestion;
  return result;
}

const char *
pb_connection_test_secret_field_for (PbConnectorKind kind)
{
  switch (kind)
    {
    case PB_CONNECTOR_KIND_BASIC:
      return PB_SECRET_PASSWORD;
    case PB_CONNECTOR_KIND_OAUTH2:
    case PB_CONNECTOR_KIND_INTERCOM:
      return PB_SECRET_ACCESS_TOKEN;
    case PB_CONNECTOR_KIND_API_KEY:
    default:
      return PB_SECRET_API_KEY;
    }
}

/* The title the definition gives the secret ("Personal access token"), for messages. */
const char *
pb_connection_test_secret_title (PbConnectionTest *self)
{
  const PbField *field = pb_definition_find_field (
    self->definition,
    pb_connection_test_secret_field_for (pb_definition_get_kind (self->definition)));

  if (pb_definition_is_oauth (self->definition))
    return _("sign-in");
  return field ? field->title : _("key");
}

/* Messages name the service, or the connector when its type is a generic one ("API Key"). */
const char *
pb_connection_test_service_name (PbConnectionTest *self)
{
  if (pb_definition_is_generic (self->definition) && self->connector != NULL)
    return pb_connector_get_name (self->connector);
  return pb_definition_get_name (self->definition);
}

/* A refused key: says where it went and the other usual places before blaming the key. */
PbCheckResult *
pb_connection_test_refused_key_result (PbConnectionTest *self,
                    guint             status,
                    const char       *service,
                    const char       *title,
                    const char       *where)
{
  const char *header = pb_connector_get_auth_header (self->connector);
  const char *prefix = pb_connector_get_auth_prefix (self->connector);
  const char *param = pb_connector_get_auth_query_param (self->connector);
  g_autofree char *sent = NULL;
  PbCheckResult *result;

  if (header != NULL && *header != '\0')
    sent = prefix != NULL && *prefix != '\0'
             ? g_strdup_printf (_("It was sent in the header “%s” after the prefix “%s”."),
                                header, prefix)
             : g_strdup_printf (_("It was sent in the header “%s” with no prefix."), header);
  else if (param != NULL && *param != '\0')
    sent = g_strdup_printf (_("It was sent in the query parameter “%s”."), param);
  else
    sent = g_strdup (_("It was sent in no header and no query parameter."));

  result = pb_connection_test_result_new (
    PB_CHECK_REFUSED, status,
    g_strdup_printf (_("%s refused the %s (401 Unauthorized)."), service, title),
    g_strdup_printf ("%s %s", sent,
                     _("Services expect the key in different places: the header X-API-Key with "
                       "no prefix, Authorization with the prefix Bearer, or a query parameter "
                       "such as api_key.")),
    where ? g_strdup_printf (_("Check in the service’s documentation where the key goes, and "
                               "change Key Placement, Header Name or Prefix to match. If they "
                               "match, enter the key again, copying all of it: %s"), where)
          : g_strdup (_("Check in the service’s documentation where the key goes, and change "
                        "Key Placement, Header Name or Prefix to match. If they match, enter "
                        "the key again, copying all of it.")));
  if (header != NULL && *header != '\0')
    {
      result->sent_header = g_strdup (header);
      result->sent_prefix = prefix != NULL && *prefix != '\0' ? g_strdup (prefix) : NULL;
    }
  else if (param != NULL && *param != '\0')
    result->sent_query_param = g_strdup (param);
  return result;
}

const char *
pb_connection_test_secret_where (PbConnectionTest *self)
{
  const PbField *field = pb_definition_find_field (
    self->definition,
    pb_connection_test_secret_field_for (pb_definition_get_kind (self->definition)));

  return field ? field->where : NULL;
}

/* Checks the body of an answer with the expected status. NULL when it is fine. */
PbCheckResult *
pb_connection_test_check_body (PbConnectionTest *self,
            guint             status,
            GBytes           *body)
{
  const char *field = pb_definition_get_check_json_field (self->definition);
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *service = pb_connection_test_service_name (self);
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;

  if (field == NULL)
    return NULL;

  parser = json_parser_new ();
  if (data == NULL || size == 0 || !json_parser_load_from_data (parser, data, (gssize)size, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return pb_connection_test_result_new (
      PB_CHECK_UNEXPECTED, status,
      g_strdup_printf (_("The server answered, but not the way %s does."), service),
      g_strdup (_("The answer was not the JSON the API sends. The address may lead to a web page "
                  "or another service instead of the API.")),
      g_strdup (_("Check the base URL (and region or subdomain, if any).")));

  object = json_node_get_object (root);
  if (!json_object_has_member (object, field))
    return pb_connection_test_result_new (
      PB_CHECK_UNEXPECTED, status,
      g_strdup_printf (_("The server answered, but not the way %s does."), service),
      g_strdup_printf (_("The answer lacks “%s”, which %s always sends."), field, service),
      g_strdup (_("Check the base URL (and region or subdomain, if any).")));

  if (pb_definition_get_check_json_true (self->definition))
    {
      JsonNode *node = json_object_get_member (object, field);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN ||
          !json_node_get_boolean (node))
        {
          /* Slack answers 200 with {"ok": false, "error": "invalid_auth"}. */
          const char *reason = json_object_get_string_member_with_default (object, "error", NULL);
          /* invalid_auth, not_authed, token_revoked, token_expired, account_inactive (auth.test's
           * errors). */
          gboolean auth = reason != NULL
                          && (strstr (reason, "auth") != NULL || strstr (reason, "token") != NULL
                              || strstr (reason, "account_inactive") != NULL);

          return pb_connection_test_result_new (
            auth ? PB_CHECK_REFUSED : PB_CHECK_UNEXPECTED, status,
            auth ? g_strdup_printf (_("%s refused the %s."), service,
                                    pb_connection_test_secret_title (self))
                 : g_strdup_printf (_("%s answered with an error."), service),
            reason ? g_strdup_printf (_("%s says: %s."), service, reason) : NULL,
            auth ? g_strdup_printf (
              _("Check that you copied the whole %s and that it was not revoked. %s"),
              pb_connection_test_secret_title (self),
              pb_connection_test_secret_where (self) ? pb_connection_test_secret_where (self) : "")
                 : g_strdup (_("Check the settings and try again.")));
        }
    }
  return NULL;
}

PbCheckResult *
pb_connection_test_explain_status (PbConnectionTest *self,
                RunData          *data,
                guint             status,
                GBytes           *body)
{
  const char *service = pb_connection_test_service_name (self);
  const char *title = pb_connection_test_secret_title (self);
  const char *where = pb_connection_test_secret_where (self);

  if (status == pb_definition_get_check_status (self->definition))
    {
      PbCheckResult *problem = pb_connection_test_check_body (self, status, body);

      if (problem != NULL)
        return problem;
      return pb_connection_test_result_new (PB_CHECK_OK, status,
                         g_strdup_printf (_("Connected: %s accepted the %s."), service, title),
                         NULL, NULL);
    }

  switch (status)
    {
    case 401:
      if (pb_definition_get_kind (self->definition) == PB_CONNECTOR_KIND_API_KEY
          && self->connector != NULL)
        return pb_connection_test_refused_key_result (self, status, service, title, where);
      return pb_connection_test_result_new (
        PB_CHECK_REFUSED, status,
        g_strdup_printf (_("%s refused the %s (401 Unauthorized)."), service, title),
        g_strdup_printf (_("The %s is wrong, incomplete, expired or was revoked."), title),
        where
          ? g_strdup_printf (_("Enter it again, copying all of it. You find it here: %s"), where)
          : g_strdup (_("Enter it again, copying all of it.")));
    case 403:
      return pb_connection_test_result_new (
        PB_CHECK_FORBIDDEN, status,
        g_strdup_printf (_("%s accepted the %s but does not allow this request (403 Forbidden)."),
                         service, title),
        g_strdup_printf (
          _("The %s lacks a permission (scope) the test request needs, or the account is "
            "restricted."),
          title),
        where
          ? g_strdup_printf (
            _("Give it read access, or create a new one with the right permissions: %s"), where)
          : g_strdup (_("Give it read access, or create a new one with the right permissions.")));
    case 404:
      return pb_connection_test_result_new (
        PB_CHECK_NOT_FOUND, status,
        g_strdup_printf (_("Nothing was found at %s (404 Not Found)."), data->shown_url),
        g_strdup (_("The base URL, region, site or subdomain is probably wrong.")),
        g_strdup (_("Check the address settings, then test again.")));
    case 429:
      return pb_connection_test_result_new (
        PB_CHECK_RATE_LIMITED, status,
        g_strdup_printf (_("%s asked Plugboard to slow down (429 Too Many Requests)."), service),
        g_strdup (_("The credentials may well be fine; too many requests were made recently.")),
        g_strdup (_("Wait a minute, then test again.")));
    default:
      break;
    }

  if (status >= 500)
    return pb_connection_test_result_new (
      PB_CHECK_SERVER_ERROR, status,
      g_strdup_printf (_("%s had a problem answering (%u %s)."), service, status,
                       soup_status_get_phrase (status) ? soup_status_get_phrase (status) : ""),
      g_strdup (_("This is on the service's side, not in your settings.")),
      g_strdup (_("Try again later; check the service's status page if it persists.")));

  if (status >= 300 && status < 400)
    return pb_connection_test_result_new (
      PB_CHECK_UNEXPECTED, status,
      g_strdup_printf (_("%s sent Plugboard elsewhere (%u)."), data->host, status),
      g_strdup (_("The API does not redirect; the base URL probably points at a website.")),
      g_strdup (_("Check the base URL.")));

  return pb_connection_test_result_new (
    PB_CHECK_UNEXPECTED, status,
    g_strdup_printf (_("%s answered with an unexpected status (%u %s)."), service, status,
                     soup_status_get_phrase (status) ? soup_status_get_phrase (status) : ""),
    NULL, g_strdup (_("Check the settings, then test again.")));
}


const char *
pb_check_outcome_get_title (PbCheckOutcome outcome)
{
  switch (outcome)
    {
    case PB_CHECK_OK:
      return _("Connected");
    case PB_CHECK_INCOMPLETE:
      return _("Setup Not Finished");
    case PB_CHECK_NOT_SIGNED_IN:
      return _("Not Signed In");
    case PB_CHECK_REFUSED:
      return _("Credentials Refused");
    case PB_CHECK_FORBIDDEN:
      return _("Request Not Allowed");
    case PB_CHECK_NOT_FOUND:
      return _("Address Not Found");
    case PB_CHECK_RATE_LIMITED:
      return _("Too Many Requests");
    case PB_CHECK_SERVER_ERROR:
      return _("Problem at the Service");
    case PB_CHECK_TIMEOUT:
      return _("No Answer");
    case PB_CHECK_NETWORK:
      return _("Could Not Connect");
    case PB_CHECK_TLS:
      return _("Secure Connection Failed");
    case PB_CHECK_CREDENTIAL_NOT_SENT:
      return _("Credentials Not Sent");
    case PB_CHECK_UNEXPECTED:
    default:
      return _("Unexpected Answer");
    }
}

const char *
pb_check_outcome_get_advice (PbCheckOutcome outcome)
{
  switch (outcome)
    {
    case PB_CHECK_OK:
      return NULL;
    case PB_CHECK_INCOMPLETE:
      return _("Enter the missing settings, then test again.");
    case PB_CHECK_NOT_SIGNED_IN:
      return _("Sign in, then test again.");
    case PB_CHECK_REFUSED:
      return _("Check how the service expects the key to be sent (the header name and prefix, or "
               "a query parameter), then the key itself, and test again.");
    case PB_CHECK_FORBIDDEN:
      return _("The credentials work but lack a permission the test needs. Give them read "
               "access, then test again.");
    case PB_CHECK_NOT_FOUND:
      return _("Check the base URL and the region or subdomain, then test again.");
    case PB_CHECK_RATE_LIMITED:
      return _("The credentials may well be fine. Wait a minute, then test again.");
    case PB_CHECK_SERVER_ERROR:
      return _("This is on the service’s side. Try again later.");
    case PB_CHECK_TIMEOUT:
    case PB_CHECK_NETWORK:
      return _("Check the address and your internet connection, then test again.");
    case PB_CHECK_TLS:
      return _("Check that the base URL is right. A company proxy or a wrong clock can also "
               "cause this.");
    case PB_CHECK_CREDENTIAL_NOT_SENT:
      return _("Check the header, prefix and secret for line breaks, then test again.");
    case PB_CHECK_UNEXPECTED:
    default:
      return _("Check the base URL and the other settings, then test again.");
    }
}
