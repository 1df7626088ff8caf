#!/usr/bin/env python
"""Django's command-line utility; `miftah` (miftah.cli) is the same with the project's own commands on top."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miftah.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
