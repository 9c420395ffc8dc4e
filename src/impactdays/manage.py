"""The `impactdays` command: the project's manage.py, installed with the package.

Four subcommands belong to the pure-Python core and run without Django's settings:
`impactdays opinions …`, `impactdays select …`, `impactdays teams …` and `impactdays assign …`.
Each maps to a module in `impactdays.core` with a `main(argv) -> int`; everything else is a Django
command.
"""

import importlib
import os
import sys

CORE_COMMANDS = {
    "opinions": "impactdays.core.opinions.cli",
    "select": "impactdays.core.selection.cli",
    "teams": "impactdays.core.teams.cli",
    "assign": "impactdays.core.assignment.cli",
}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in CORE_COMMANDS:
        module = importlib.import_module(CORE_COMMANDS[sys.argv[1]])
        sys.exit(module.main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactdays.config.settings")
    from django.core.management import (
        execute_from_command_line,
    )

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
