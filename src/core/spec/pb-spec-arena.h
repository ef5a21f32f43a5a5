/* pb-spec-arena.h: bump allocation for the cJSON trees of specs; internal to PbSpecDocument
 *
 * A 13 MB spec is ~700,000 small allocations: one malloc each costs more than parsing, and in
 * a worker thread glibc grows its heap with an mprotect call every few pages. An arena takes
 * memory from the system in 2 MB blocks (huge pages where the system has them), prefaulted,
 * and gives it back all at once.
 *
 * cJSON allocates through process-wide hooks, so the hooks are installed once and send an
 * allocation to the arena only while one is pushed on the current thread; everything else
 * goes to malloc, and cJSON_free/cJSON_Delete of arena memory does nothing (it goes when the
 * arena goes). Never cJSON_Delete a tree built in an arena: free the arena. Under
 * AddressSanitizer arenas are off, so ASan sees every node.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PbSpecArena PbSpecArena;

/* NULL when arenas are off (sanitizer builds): callers then own malloc'd trees as usual.
 * An arena starts with one reference; pb_spec_arena_free drops one, and the last one frees
 * it (both accept NULL). */
PbSpecArena *pb_spec_arena_new   (void);
PbSpecArena *pb_spec_arena_ref   (PbSpecArena *arena);
void         pb_spec_arena_free  (PbSpecArena *arena);
/* Forgets everything allocated in ARENA (no pointer into it may be used again) and keeps its
 * first block for what comes next, without unmapping it. */
void         pb_spec_arena_reset (PbSpecArena *arena);
/* cJSON allocations on this thread go to ARENA until pb_spec_arena_pop (ARENA may be NULL).
 * Returns the arena that was current, to give back to pop. */
PbSpecArena *pb_spec_arena_push  (PbSpecArena *arena);
void         pb_spec_arena_pop   (PbSpecArena *previous);
/* The arena cJSON allocations on this thread go to, or NULL. */
PbSpecArena *pb_spec_arena_current (void);
/* Copies STR with cJSON's allocator (so it may live in a tree). */
char        *pb_spec_arena_strdup (const char *str,
                                   gsize       length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbSpecArena, pb_spec_arena_free)

G_END_DECLS
