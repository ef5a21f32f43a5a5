/* pb-list-model.h: the GListModel interface of an object that keeps its items in a GPtrArray
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Fills IFACE so that the implementing type's GListModel is the GPtrArray of ITEM_TYPE
 * objects (it owns a reference to each) at byte ITEMS_OFFSET of its instance struct. Call it
 * from the type's interface init; the type still calls g_list_model_items_changed() itself
 * after it changes the array:
 *
 *   static void
 *   pb_foo_store_list_model_init (GListModelInterface *iface)
 *   {
 *     pb_list_model_init_ptr_array (iface, PB_TYPE_FOO, G_STRUCT_OFFSET (PbFooStore, items));
 *   }
 */
void pb_list_model_init_ptr_array (GListModelInterface *iface,
                                   GType                item_type,
                                   gsize                items_offset);

G_END_DECLS
