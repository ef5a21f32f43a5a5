/* pb-builder-settings-group.c: a Builder project's global settings: base URL and authentication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pb-builder-field.h"
#include "pb-builder-settings-group.h"
#include "pb-evidence-button.h"
#include "pb-manifest-check.h"
#include "pb-string-util.h"
#include "pb-validate.h"

struct _PbBuilderSettingsGroup
{
  AdwPreferencesGroup parent_instance;

  PbBuilderProject *project;
  gboolean          loading;

  /* Template widgets */
  AdwEntryRow      *url_base_row;
  PbEvidenceButton *url_base_evidence;
  AdwExpanderRow   *auth_row;
  PbEvidenceButton *auth_evidence;
  AdwComboRow      *auth_kind_row;
  AdwEntryRow      *field_name_row;
  AdwEntryRow      *prefix_row;
  AdwEntryRow      *token_url_row;
  AdwEntryRow      *authorization_url_row;
  AdwComboRow      *grant_row;
  AdwEntryRow      *scopes_row;
};

G_DEFINE_FINAL_TYPE (PbBuilderSettingsGroup, pb_builder_settings_group,
                     ADW_TYPE_PREFERENCES_GROUP)

/* auth_kind_row's items, in the order of the .ui. */
typedef enum {
  CHOICE_NONE,
  CHOICE_API_KEY_HEADER,
  CHOICE_API_KEY_QUERY,
  CHOICE_BEARER,
  CHOICE_BASIC,
  CHOICE_OAUTH,
} AuthChoice;

static AuthChoice
auth_choice (const PbManifestAuth *auth)
{
  switch (auth->kind)
    {
    case PB_AUTH_API_KEY:
      return auth->in_query ? CHOICE_API_KEY_QUERY : CHOICE_API_KEY_HEADER;
    case PB_AUTH_BEARER:
      return CHOICE_BEARER;
    case PB_AUTH_BASIC:
      return CHOICE_BASIC;
    case PB_AUTH_OAUTH:
      return CHOICE_OAUTH;
    case PB_AUTH_NONE:
    default:
      return CHOICE_NONE;
    }
}

static PbManifestAuth *
auth (PbBuilderSettingsGroup *self)
{
  return pb_manifest_get_auth (pb_builder_project_get_manifest (self->project));
}

static void
update_auth_rows (PbBuilderSettingsGroup *self)
{
  PbManifestAuth *a = auth (self);
  AuthChoice choice = auth_choice (a);
  gboolean api_key = choice == CHOICE_API_KEY_HEADER || choice == CHOICE_API_KEY_QUERY;
  GListModel *kinds = adw_combo_row_get_model (self->auth_kind_row);
  g_autoptr (GtkStringObject) kind_name = g_list_model_get_item (kinds, choice);

  adw_expander_row_set_subtitle (self->auth_row, gtk_string_object_get_string (kind_name));
  gtk_widget_set_visible (GTK_WIDGET (self->field_name_row), api_key);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->field_name_row),
                                 choice == CHOICE_API_KEY_QUERY ? _("_Parameter Name")
                                                                : _("_Header Name"));
  gtk_widget_set_visible (GTK_WIDGET (self->prefix_row), choice == CHOICE_API_KEY_HEADER);
  gtk_widget_set_visible (GTK_WIDGET (self->token_url_row), choice == CHOICE_OAUTH);
  gtk_widget_set_visible (GTK_WIDGET (self->authorization_url_row), choice == CHOICE_OAUTH);
  gtk_widget_set_visible (GTK_WIDGET (self->grant_row), choice == CHOICE_OAUTH);
  gtk_widget_set_visible (GTK_WIDGET (self->scopes_row), choice == CHOICE_OAUTH);
}

static void
auth_edited (PbBuilderSettingsGroup *self)
{
  update_auth_rows (self);
  pb_builder_field_edited (self->project, NULL, "auth");
}

static void
url_base_changed_cb (gpointer     owner,
                     GtkEditable *editable)
{
  PbBuilderSettingsGroup *self = owner;
  const char *text = pb_builder_field_text (GTK_EDITABLE (self->url_base_row));
  g_autoptr (GError) error = NULL;

  if (self->loading || self->project == NULL)
    return;
  pb_manifest_check_url_base (text, &error);
  pb_builder_field_set_error (GTK_WIDGET (self->url_base_row), error);
  if (error != NULL)
    return;
  pb_manifest_set_url_base (pb_builder_project_get_manifest (self->project), text);
  pb_builder_field_edited (self->project, NULL, "url_base");
}

static void
auth_kind_changed_cb (PbBuilderSettingsGroup *self)
{
  PbManifestAuth *a;
  AuthChoice choice = adw_combo_row_get_selected (self->auth_kind_row);

  if (self->loading || self->project == NULL || choice > CHOICE_OAUTH)
    return;
  a = auth (self);
  if (choice == auth_choice (a))
    return;
  switch (choice)
    {
    case CHOICE_API_KEY_HEADER:
    case CHOICE_API_KEY_QUERY:
      a->kind = PB_AUTH_API_KEY;
      a->in_query = choice == CHOICE_API_KEY_QUERY;
      break;
    case CHOICE_BEARER:
      a->kind = PB_AUTH_BEARER;
      break;
    case CHOICE_BASIC:
      a->kind = PB_AUTH_BASIC;
      break;
    case CHOICE_OAUTH:
      a->kind = PB_AUTH_OAUTH;
      break;
    case CHOICE_NONE:
    default:
      a->kind = PB_AUTH_NONE;
      break;
    }
  /* The field name no longer fits where it goes: check it again. */
  self->loading = TRUE;
  pb_builder_field_set_text (GTK_EDITABLE (self->field_name_row), a->field_name);
  self->loading = FALSE;
  pb_builder_field_set_error (GTK_WIDGET (self->field_name_row), NULL);
  auth_edited (self);
}

static void
grant_changed_cb (PbBuilderSettingsGroup *self)
{
  if (self->loading || self->project == NULL)
    return;
  pb_set_str (&auth (self)->grant_type,
              adw_combo_row_get_selected (self->grant_row) == 1 ? "client_credentials"
                                                                : "refresh_token");
  auth_edited (self);
}

static gboolean
check_oauth_url (const char *label,
                 const char *text,
                 GError    **error)
{
  return pb_manifest_check_url_base (text, error)
         && pb_validate_url_no_secret_params (label, text, error);
}

static void
auth_entry_changed_cb (gpointer     owner,
                       GtkEditable *editable)
{
  PbBuilderSettingsGroup *self = owner;
  AdwEntryRow *row = ADW_ENTRY_ROW (editable);
  PbManifestAuth *a;
  const char *text = pb_builder_field_text (GTK_EDITABLE (row));
  g_autofree char *label = pb_builder_field_label (GTK_WIDGET (row));
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (self->loading || self->project == NULL)
    return;
  a = auth (self);
  if (row == self->field_name_row && a->in_query)
    ok = pb_validate_query_param (text, &error);
  else if (row == self->field_name_row)
    ok = pb_validate_credential_header (label, text, &error);
  else if (row == self->prefix_row || row == self->scopes_row)
    ok = pb_validate_single_line (label, text, &error);
  else
    ok = check_oauth_url (label, text, &error);
  pb_builder_field_set_error (GTK_WIDGET (row), error);
  if (!ok)
    return;

  if (row == self->field_name_row)
    pb_set_str (&a->field_name, text);
  else if (row == self->prefix_row)
    pb_set_str (&a->value_prefix, text);
  else if (row == self->token_url_row)
    pb_set_str (&a->token_url, text);
  else if (row == self->authorization_url_row)
    pb_set_str (&a->authorization_url, text);
  else
    {
      g_strfreev (a->scopes);
      a->scopes = text != NULL ? g_strsplit_set (text, " ,", -1) : NULL;
      /* "read, write" splits into empty parts: drop them. */
      if (a->scopes != NULL)
        {
          guint n = 0;

          for (guint i = 0; a->scopes[i] != NULL; i++)
            if (*a->scopes[i] != '\0')
              a->scopes[n++] = a->scopes[i];
            else
              g_free (a->scopes[i]);
          a->scopes[n] = NULL;
        }
    }
  auth_edited (self);
}

void
pb_builder_settings_group_set_project (PbBuilderSettingsGroup *self,
                                       PbBuilderProject       *project)
{
  PbManifest *manifest;
  PbManifestAuth *a;
  g_autofree char *scopes = NULL;

  g_return_if_fail (PB_IS_BUILDER_SETTINGS_GROUP (self));
  g_return_if_fail (PB_IS_BUILDER_PROJECT (project));

  g_set_object (&self->project, project);
  manifest = pb_builder_project_get_manifest (project);
  a = pb_manifest_get_auth (manifest);
  scopes = a->scopes != NULL ? g_strjoinv (" ", a->scopes) : NULL;

  self->loading = TRUE;
  pb_builder_field_set_text (GTK_EDITABLE (self->url_base_row),
                             pb_manifest_get_url_base (manifest));
  adw_combo_row_set_selected (self->auth_kind_row, auth_choice (a));
  pb_builder_field_set_text (GTK_EDITABLE (self->field_name_row), a->field_name);
  pb_builder_field_set_text (GTK_EDITABLE (self->prefix_row), a->value_prefix);
  pb_builder_field_set_text (GTK_EDITABLE (self->token_url_row), a->token_url);
  pb_builder_field_set_text (GTK_EDITABLE (self->authorization_url_row), a->authorization_url);
  adw_combo_row_set_selected (self->grant_row,
                              g_strcmp0 (a->grant_type, "client_credentials") == 0 ? 1 : 0);
  pb_builder_field_set_text (GTK_EDITABLE (self->scopes_row), scopes);
  pb_evidence_button_set_evidence (self->url_base_evidence,
                                   pb_manifest_get_evidence (manifest, "url_base"));
  pb_evidence_button_set_evidence (self->auth_evidence,
                                   pb_manifest_get_evidence (manifest, "auth"));
  update_auth_rows (self);
  self->loading = FALSE;
}

static void
pb_builder_settings_group_dispose (GObject *object)
{
  PbBuilderSettingsGroup *self = PB_BUILDER_SETTINGS_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_BUILDER_SETTINGS_GROUP);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (pb_builder_settings_group_parent_class)->dispose (object);
}

static void
pb_builder_settings_group_class_init (PbBuilderSettingsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_builder_settings_group_dispose;

  g_type_ensure (PB_TYPE_EVIDENCE_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, PB_RESOURCE_PATH
                                               "/ui/pb-builder-settings-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup, url_base_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup, url_base_evidence);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup, auth_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup, auth_evidence);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup, auth_kind_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup, field_name_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup, token_url_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup,
                                        authorization_url_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup, grant_row);
  gtk_widget_class_bind_template_child (widget_class, PbBuilderSettingsGroup, scopes_row);
  gtk_widget_class_bind_template_callback (widget_class, auth_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, grant_changed_cb);
}

static void
pb_builder_settings_group_init (PbBuilderSettingsGroup *self)
{
  AdwEntryRow *auth_rows[5];

  gtk_widget_init_template (GTK_WIDGET (self));

  pb_builder_field_connect (GTK_EDITABLE (self->url_base_row), url_base_changed_cb, self);
  auth_rows[0] = self->field_name_row;
  auth_rows[1] = self->prefix_row;
  auth_rows[2] = self->token_url_row;
  auth_rows[3] = self->authorization_url_row;
  auth_rows[4] = self->scopes_row;
  for (guint i = 0; i < G_N_ELEMENTS (auth_rows); i++)
    pb_builder_field_connect (GTK_EDITABLE (auth_rows[i]), auth_entry_changed_cb, self);
}
