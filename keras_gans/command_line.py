"""Runs an absl ``main(argv)`` the way a user expects a command line to behave.

``absl.app.run`` answers an unknown flag with a usage dump and exit status 1,
knows ``--help`` only for the process-global ``flags.FLAGS``, and refuses a
module that keeps its flags in its own ``FlagValues`` ("FLAGS must be parsed
after flags_parser is called"). Every keras_gans entry point goes through
:func:`run_main` instead: ``--help`` prints the module's own flags and exits 0;
a bad flag or a stray argument prints one ``error:`` line and exits 2.
"""

import argparse
import inspect
import sys

from absl import app
from absl import flags

HELP_FLAGS = ("-h", "-?", "--help", "--helpshort", "--helpfull", "-help")


def image_size_flag(values):
    """``--image_size=HEIGHT,WIDTH`` (an absl list) as a tuple of two ints, None when not given.

    Raises:
        ValueError: not two positive integers, naming what was received.
    """
    if not values:
        return None
    try:
        size = [int(v) for v in values]
    except ValueError:
        size = None
    if size is None or len(size) != 2 or min(size) <= 0:
        raise ValueError(
            f"--image_size must be two positive integers HEIGHT,WIDTH. Received: --image_size={','.join(values)}"
        )
    return tuple(size)


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
    # Every call starts from the defaults: a second run() in the same process (a notebook, a test)
    # would otherwise keep the flags the first one set.
    flag_values.unparse_flags()
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


def example_main(run, doc, names, choices=None, helps=None, argv=None):
    """An example script's command line: ``--name`` flags for ``run``'s keyword arguments; prints the result.

    Each flag takes its default, and with it its type, from ``run``'s signature,
    so a script's flags cannot drift from the function its tests call: an int
    or float default makes a number flag, False a switch, a string or None a
    string flag.

    Args:
        run: the example's ``run(...)``; every name in ``names`` must have a default.
        doc: the script's docstring, shown by ``--help`` as written.
        names: the keyword arguments offered as flags, in ``--help`` order.
        choices: ``{name: allowed values}``.
        helps: ``{name: help text}``.
        argv: the arguments; defaults to ``sys.argv[1:]``.

    Returns:
        What ``run`` returned (also printed).
    """
    defaults = {name: parameter.default for name, parameter in inspect.signature(run).parameters.items()}
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in names:
        default, help_text = defaults[name], (helps or {}).get(name)
        if default is inspect.Parameter.empty:
            raise ValueError(f"`{name}` needs a default in {run.__name__}() to be a flag.")
        if default is False:
            parser.add_argument(f"--{name}", action="store_true", help=help_text)
        else:
            kind = type(default) if isinstance(default, (int, float)) else str
            parser.add_argument(f"--{name}", type=kind, default=default, choices=(choices or {}).get(name),
                                help=help_text)
    result = run(**vars(parser.parse_args(argv)))
    print(result)
    return result
