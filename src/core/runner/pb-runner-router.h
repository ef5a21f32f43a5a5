/* pb-runner-router.h: partition routers: ListPartitionRouter and SubstreamPartitionRouter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>

#include "pb-runner-request.h"

G_BEGIN_DECLS

#define PB_TYPE_RUNNER_ROUTER (pb_runner_router_get_type ())

G_DECLARE_FINAL_TYPE (PbRunnerRouter, pb_runner_router, PB, RUNNER_ROUTER, GObject)

/* COMPONENT: a ListPartitionRouter or SubstreamPartitionRouter (others:
 * PB_ERROR_UNSUPPORTED_FORMAT). */
PbRunnerRouter *pb_runner_router_new                (const cJSON  *component,
                                                     GError      **error);
gboolean        pb_runner_router_is_substream       (PbRunnerRouter *self);

/* ListPartitionRouter: one partition {cursor_field: value} per value (values evaluated in
 * CONTEXT when they are an expression). */
cJSON          *pb_runner_router_list_partitions    (PbRunnerRouter  *self,
                                                     cJSON           *context,
                                                     GError         **error);

/* SubstreamPartitionRouter: its parent_stream_configs. */
guint           pb_runner_router_get_n_parents      (PbRunnerRouter *self);
/* The parent DeclarativeStream component (owned by SELF). */
const cJSON    *pb_runner_router_get_parent_stream  (PbRunnerRouter *self,
                                                     guint           index);
/* The partition a parent record gives: {partition_field: record[parent_key], "parent_slice":
 * PARENT_SLICE}; NULL when the record has no such key. parent_key may be a path ("a/b"). */
cJSON          *pb_runner_router_partition_for      (PbRunnerRouter *self,
                                                     guint           index,
                                                     const cJSON    *parent_record,
                                                     const cJSON    *parent_slice);

/* Puts PARTITION's value into REQUEST where the request_option says (if any). */
void            pb_runner_router_inject             (PbRunnerRouter  *self,
                                                     PbRunnerRequest *request,
                                                     const cJSON     *partition);

/* The cartesian product of LISTS (each a JSON array of partition objects), as the CDK's
 * CartesianProductStreamSlicer reads a list of routers: each partition of the product merges one
 * of each list, the first list's fields winning a clash; the last list varies fastest. At most
 * MAX partitions. */
cJSON          *pb_runner_router_product            (GPtrArray *lists,
                                                     guint      max);

G_END_DECLS
