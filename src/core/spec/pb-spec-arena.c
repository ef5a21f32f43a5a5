/* pb-spec-arena.c: see pb-spec-arena.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <cjson/cJSON.h>

#include "pb-spec-arena.h"

#if defined(__SANITIZE_ADDRESS__)
# define ARENAS_OFF 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#  define ARENAS_OFF 1
# endif
#endif

/* Also the alignment (a pointer's block is ptr & ~mask): 2 MB, so that each block can be one
 * transparent huge page. */
#define BLOCK_SIZE ((gsize) 1 << 21)
#define BLOCK_MASK (~(guintptr) (BLOCK_SIZE - 1))

typedef struct
{
  char  *base;
  gsize  size;   /* a multiple of BLOCK_SIZE */
} Chunk;

struct _PbSpecArena
{
  gint    refs;
  GArray *chunks;   /* of Chunk */
  char   *next;     /* free space in the last small chunk */
  char   *end;
};

static GMutex blocks_lock;
static GHashTable *blocks;   /* base of every arena block → the arena */
/* Every block ever mapped lies in [blocks_low, blocks_high): most frees of other cJSON trees
 * (malloc'd elsewhere) are told apart without the lock. Only ever widened. */
static guintptr blocks_low = (guintptr) -1;
static guintptr blocks_high = 0;
static __thread PbSpecArena *current;

/* An aligned run of SIZE bytes (a multiple of BLOCK_SIZE) straight from the kernel. */
static char *
map_aligned (gsize size)
{
  char *raw
    = mmap (NULL, size + BLOCK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *aligned;
  gsize head;

  if (raw == MAP_FAILED)
    return NULL;
  aligned = (char *) (((guintptr) raw + BLOCK_SIZE - 1) & BLOCK_MASK);
  head = aligned - raw;
  if (head > 0)
    munmap (raw, head);
  if (BLOCK_SIZE - head > 0)
    munmap (aligned + size, BLOCK_SIZE - head);
#ifdef MADV_HUGEPAGE
  /* A tree is written node after node over megabytes: with 4 KB pages every 64th node missed
   * the TLB (in a VM, a two-level page walk), which was most of the JSON reader's time. Where
   * transparent huge pages are off this does nothing. */
  madvise (aligned, size, MADV_HUGEPAGE);
#endif
#ifdef MADV_POPULATE_WRITE
  /* The block fills up front to back: fault its pages in with one call rather than one trap
   * a page (a third of a spec read's system time). Kernels before 5.14 refuse it: no matter. */
  madvise (aligned, size, MADV_POPULATE_WRITE);
#endif
  return aligned;
}

static void *
arena_alloc (PbSpecArena *arena,
             gsize        size)
{
  Chunk chunk;
  char *p;

  size = (size + 7) & ~(gsize) 7;
  if ((gsize) (arena->end - arena->next) >= size)
    {
      p = arena->next;
      arena->next += size;
      return p;
    }
  chunk.size = (size + BLOCK_SIZE - 1) & ~(BLOCK_SIZE - 1);
  chunk.base = map_aligned (chunk.size);
  if (chunk.base == NULL)
    return NULL;
  g_array_append_val (arena->chunks, chunk);
  g_mutex_lock (&blocks_lock);
  for (gsize off = 0; off < chunk.size; off += BLOCK_SIZE)
    g_hash_table_insert (blocks, chunk.base + off, arena);
  if ((guintptr) chunk.base < (guintptr) g_atomic_pointer_get (&blocks_low))
    g_atomic_pointer_set (&blocks_low, (guintptr) chunk.base);
  if ((guintptr) chunk.base + chunk.size > (guintptr) g_atomic_pointer_get (&blocks_high))
    g_atomic_pointer_set (&blocks_high, (guintptr) chunk.base + chunk.size);
  g_mutex_unlock (&blocks_lock);
  if (chunk.size - size >= 4096 || chunk.size == BLOCK_SIZE)
    {
      /* A big allocation keeps its own chunk unless space is left over. */
      arena->next = chunk.base + size;
      arena->end = chunk.base + chunk.size;
    }
  return chunk.base;
}

static void *
hook_malloc (size_t size)
{
  if (current != NULL)
    return arena_alloc (current, size);
  return malloc (size);
}

static void
hook_free (void *pointer)
{
  gboolean ours;

  if (pointer == NULL)
    return;
  if ((guintptr) pointer < (guintptr) g_atomic_pointer_get (&blocks_low) ||
      (guintptr) pointer >= (guintptr) g_atomic_pointer_get (&blocks_high))
    {
      free (pointer);
      return;
    }
  g_mutex_lock (&blocks_lock);
  ours = g_hash_table_contains (blocks, (gpointer) ((guintptr) pointer & BLOCK_MASK));
  g_mutex_unlock (&blocks_lock);
  if (!ours)
    free (pointer);
}

PbSpecArena *
pb_spec_arena_new (void)
{
#ifdef ARENAS_OFF
  return NULL;
#else
  static gsize hooks_installed = 0;
  PbSpecArena *arena;

  if (g_once_init_enter (&hooks_installed))
    {
      cJSON_Hooks hooks = { hook_malloc, hook_free };

      blocks = g_hash_table_new (g_direct_hash, g_direct_equal);
      cJSON_InitHooks (&hooks);
      g_once_init_leave (&hooks_installed, 1);
    }
  arena = g_new0 (PbSpecArena, 1);
  arena->refs = 1;
  arena->chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  return arena;
#endif
}

PbSpecArena *
pb_spec_arena_ref (PbSpecArena *arena)
{
  if (arena != NULL)
    g_atomic_int_inc (&arena->refs);
  return arena;
}

void
pb_spec_arena_free (PbSpecArena *arena)
{
  if (arena == NULL || !g_atomic_int_dec_and_test (&arena->refs))
    return;
  g_mutex_lock (&blocks_lock);
  for (guint i = 0; i < arena->chunks->len; i++)
    {
      Chunk *chunk = &g_array_index (arena->chunks, Chunk, i);

      for (gsize off = 0; off < chunk->size; off += BLOCK_SIZE)
        g_hash_table_remove (blocks, chunk->base + off);
    }
  g_mutex_unlock (&blocks_lock);
  for (guint i = 0; i < arena->chunks->len; i++)
    {
      Chunk *chunk = &g_array_index (arena->chunks, Chunk, i);

      munmap (chunk->base, chunk->size);
    }
  g_array_unref (arena->chunks);
  g_free (arena);
}

void
pb_spec_arena_reset (PbSpecArena *arena)
{
  Chunk first;

  if (arena == NULL || arena->chunks->len == 0)
    return;
  first = g_array_index (arena->chunks, Chunk, 0);
  if (arena->chunks->len > 1 || first.size != BLOCK_SIZE)
    {
      /* big allocations made their own chunks: start again from nothing */
      PbSpecArena *fresh = pb_spec_arena_new ();
      GArray *chunks = arena->chunks;

      arena->chunks = fresh->chunks;
      fresh->chunks = chunks;
      pb_spec_arena_free (fresh);
      arena->next = arena->end = NULL;
      return;
    }
  /* one block: its pages stay mapped (and faulted in) for what comes next */
  arena->next = first.base;
  arena->end = first.base + first.size;
}

PbSpecArena *
pb_spec_arena_push (PbSpecArena *arena)
{
  PbSpecArena *previous = current;

  current = arena;
  return previous;
}

void
pb_spec_arena_pop (PbSpecArena *previous)
{
  current = previous;
}

PbSpecArena *
pb_spec_arena_current (void)
{
  return current;
}

char *
pb_spec_arena_strdup (const char *str,
                      gsize       length)
{
  char *copy = cJSON_malloc (length + 1);

  if (copy != NULL)
    {
      memcpy (copy, str, length);
      copy[length] = '\0';
    }
  return copy;
}
