"""Runs an absl ``main(argv)`` the way a user expects a command line to behave.

``absl.app.run`` answers an unknown flag with a usage dump and exit status 1,
knows ``--help`` only for the process-global ``flags.FLAGS``, and refuses a
module that keeps its flags in its own ``FlagValues`` ("FLAGS must be parsed
after flags_parser is called"). Every keras_gans entry point goes through
:func:`run_main` instead: ``--help`` prints the module's own flags and exits 0;
a bad flag or a stray argument prints one ``error:`` line and exits 2.
"""

import sys

from absl import app
from absl import flags

HELP_FLAGS = ("-h", "-?", "--help", "--helpshort", "--helpfull", "-help")


def flags_help(flag_values, names):
    """The help text of the flags called ``names`` (absl's format, sorted by name)."""
    by_name = flag_values._flags()  # noqa: SLF001 - absl's only name -> Flag table
    lines = []
    for name in sorted(names):
        flag = by_name[name]
        lines.append(f"  --{name}: {flag.help}")
        if flag.default is not None and flag.default != "":
            lines.append(f"    (default: {flag.default_as_str})")
    return "\n".join(lines)


def usage(doc, flag_values, names):
    return f"{doc.strip()}\n\nFlags:\n{flags_help(flag_values, names)}\n"


def run_main(main, flag_values, names, doc, argv=None):
    """Parses ``argv`` into ``flag_values`` and exits with ``main``'s status.

    Args:
        main: ``main(argv) -> int``; may raise ``app.UsageError``.
        flag_values: the ``FlagValues`` the module defined its flags in.
        names: the module's own flag names (shown by ``--help``).
        doc: the module docstring (shown by ``--help``).
        argv: defaults to ``sys.argv``.
    """
    argv = list(sys.argv if argv is None else argv)
    if any(arg in HELP_FLAGS for arg in argv[1:]):
        sys.stdout.write(usage(doc, flag_values, names))
        sys.exit(0)
    try:
        rest = flag_values(argv)
    except flags.Error as error:
        print(f"error: {error}. Expected flags: --{', --'.join(sorted(names))} (see --help).", file=sys.stderr)
        sys.exit(2)
    try:
        code = main(rest)
    except app.UsageError as error:
        print(f"error: {error}. Expected only --flags (see --help).", file=sys.stderr)
        sys.exit(2)
    sys.exit(code or 0)
