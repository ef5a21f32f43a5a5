/* pb-string-util.c: small string helpers shared by the core folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pb-string-util.h"

gboolean
pb_set_str (char       **str_pointer,
            const char  *new_str)
{
  char *copy;

  g_return_val_if_fail (str_pointer != NULL, FALSE);

  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  /* Copy first: NEW_STR may point into the old string. */
  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

gboolean
pb_str_has_word (const char *haystack,
                 const char *word)
{
  gsize len;
  const char *p = haystack;

  g_return_val_if_fail (haystack != NULL, FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  len = strlen (word);
  if (len == 0)
    return FALSE;
  while ((p = strstr (p, word)) != NULL)
    {
      gboolean start_ok = (p == haystack) || !g_ascii_isalnum (p[-1]);
      gboolean end_ok = !g_ascii_isalnum (p[len]);

      if (start_ok && end_ok)
        return TRUE;
      p += len;
    }
  return FALSE;
}
