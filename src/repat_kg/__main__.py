"""Entry point for ``python -m repat_kg``."""

from repat_kg.cli import main

main()
