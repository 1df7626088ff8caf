"""Miftah: an Arabic-first news platform for independent newsrooms."""

__version__ = "0.1.0"
