/* pb-cli-assist.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "pb-cli.h"

int
pb_cli_assist (int    argc,
           char **argv)
{
  fprintf (stderr, "plugboard-cli: “%s” is not available in this build yet.\n", argv[0]);
  return PB_CLI_EXIT_FAILURE;
}
