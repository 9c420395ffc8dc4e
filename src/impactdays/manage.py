"""The `impactdays` command: the project's manage.py, installed with the package.

Three subcommands belong to the pure-Python core and run without Django's settings:
`impactdays opinions …`, `impactdays select …` and `impactdays teams …`. Each maps to a
module in `impactdays.core` with a `main(argv) -> int`; everything else is a Django command.
"""

import importlib
import importlib.util
import os
import sys

CORE_COMMANDS = {
    "opinions": "impactdays.core.opinions.cli",
    "select": "impactdays.core.selection.cli",
    "teams": "impactdays.core.teams.cli",
}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in CORE_COMMANDS:
        module_name = CORE_COMMANDS[sys.argv[1]]
        if importlib.util.find_spec(module_name.rsplit(".", 1)[0]) is None:
            sys.exit(f"impactdays {sys.argv[1]}: this engine is not part of this version yet.")
        module = importlib.import_module(module_name)
        sys.exit(module.main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactdays.config.settings")
    from django.core.management import (
        execute_from_command_line,
    )

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
