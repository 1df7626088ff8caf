"""The `miftah` command: Django's management commands plus the project's own.

`miftah load-corpus` and `miftah load_corpus` are the same command: hyphens in the command name are accepted
because they read better on the command line.
"""

import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miftah.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "miftah"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
