/* pb-list-model.c: the GListModel interface of an object that keeps its items in a GPtrArray,
 * shared by the connector and agent stores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pb-list-model.h"

/* What pb_list_model_init_ptr_array() was told about one implementing type. */
typedef struct
{
  GType item_type;
  gsize items_offset;
} PtrArrayModel;

static G_DEFINE_QUARK (pb-list-model-ptr-array, ptr_array_model)

static const PtrArrayModel *
ptr_array_model_of (GListModel *model)
{
  return g_type_get_qdata (G_OBJECT_TYPE (model), ptr_array_model_quark ());
}

static GPtrArray *
items_of (GListModel *model)
{
  return G_STRUCT_MEMBER (GPtrArray *, model, ptr_array_model_of (model)->items_offset);
}

static GType
get_item_type (GListModel *model)
{
  return ptr_array_model_of (model)->item_type;
}

static guint
get_n_items (GListModel *model)
{
  return items_of (model)->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GPtrArray *items = items_of (model);

  if (position >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, position));
}

void
pb_list_model_init_ptr_array (GListModelInterface *iface,
                              GType                item_type,
                              gsize                items_offset)
{
  GType instance_type = iface->g_iface.g_instance_type;
  PtrArrayModel *info;

  g_return_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT));
  g_return_if_fail (g_type_get_qdata (instance_type, ptr_array_model_quark ()) == NULL);

  /* Kept for the life of the type, which is the life of the program. */
  info = g_new (PtrArrayModel, 1);
  info->item_type = item_type;
  info->items_offset = items_offset;
  g_type_set_qdata (instance_type, ptr_array_model_quark (), info);
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}
