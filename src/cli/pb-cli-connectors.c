/* pb-cli-connectors.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "pb-cli.h"

int
pb_cli_list (int    argc,
           char **argv)
{
  fprintf (stderr, "plugboard-cli: “%s” is not available in this build yet.\n", argv[0]);
  return PB_CLI_EXIT_FAILURE;
}

int
pb_cli_show (int    argc,
           char **argv)
{
  fprintf (stderr, "plugboard-cli: “%s” is not available in this build yet.\n", argv[0]);
  return PB_CLI_EXIT_FAILURE;
}

int
pb_cli_create (int    argc,
           char **argv)
{
  fprintf (stderr, "plugboard-cli: “%s” is not available in this build yet.\n", argv[0]);
  return PB_CLI_EXIT_FAILURE;
}

int
pb_cli_edit (int    argc,
           char **argv)
{
  fprintf (stderr, "plugboard-cli: “%s” is not available in this build yet.\n", argv[0]);
  return PB_CLI_EXIT_FAILURE;
}

int
pb_cli_set_secret (int    argc,
           char **argv)
{
  fprintf (stderr, "plugboard-cli: “%s” is not available in this build yet.\n", argv[0]);
  return PB_CLI_EXIT_FAILURE;
}

int
pb_cli_rename (int    argc,
           char **argv)
{
  fprintf (stderr, "plugboard-cli: “%s” is not available in this build yet.\n", argv[0]);
  return PB_CLI_EXIT_FAILURE;
}

int
pb_cli_delete (int    argc,
           char **argv)
{
  fprintf (stderr, "plugboard-cli: “%s” is not available in this build yet.\n", argv[0]);
  return PB_CLI_EXIT_FAILURE;
}
