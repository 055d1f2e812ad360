"""Runs the bad-input campaign of ``tests/test_bad_inputs.py`` and writes its table.

Every row is produced by running the case now, with the same checks as the
test (message matches, no traceback, files on disk unchanged), so the table
stays true as the code changes.

    python benchmarks/bad_inputs.py
"""

import importlib
import sys
import tempfile

from recording import cell as _cell
from recording import write_results


def main():
    # recording put the checkout on sys.path, so the campaign's table imports as tests.test_bad_inputs.
    campaign = importlib.import_module("tests.test_bad_inputs")
    rows = []
    with tempfile.TemporaryDirectory() as root:
        workspace = campaign.Workspace(root)
        for case in campaign.CASES:
            try:
                outcome = campaign.assert_case_handled(case, workspace)
                rows.append({"id": case.id, "boundary": case.boundary, "input": case.bad_input,
                             "kind": outcome.kind, "message": outcome.message, "ok": True})
            except Exception as error:  # a failing case is recorded, not hidden
                rows.append({"id": case.id, "boundary": case.boundary, "input": case.bad_input,
                             "kind": type(error).__name__, "message": str(error)[:300], "ok": False})
            print(f"{'ok  ' if rows[-1]['ok'] else 'FAIL'} {case.id}")
    ok = sum(r["ok"] for r in rows)
    lines = [
        "# Bad-input campaign",
        "",
        "Command: `python benchmarks/bad_inputs.py` (the cases of `tests/test_bad_inputs.py`,"
        " which CI runs one test each).",
        "",
        f"**{ok} / {len(rows)} bad inputs** answered by a `ValueError` (CLI: exit status 2 with "
        "one `error:` line, a bad flag or stray argument included) naming what was received and what was "
        "expected, with no traceback, and with every file already on disk (a checkpointed run, "
        "a served export version, the image folders) byte-identical afterwards.",
        "",
        "Unwritable output directory: the machine runs as root, which `chmod` does not stop, so "
        "the cases use a path below a regular file and a path in `/proc`.",
        "",
        "| # | boundary | bad input | outcome | message |",
        "|---|---|---|---|---|",
    ]
    for i, r in enumerate(rows, 1):
        outcome = r["kind"] if r["ok"] else f"**FAILED** ({r['kind']})"
        lines.append(
            f"| {i} | {r['boundary']} | {_cell(r['input'])} | {outcome} | {_cell(r['message'])} |"
        )
    write_results("bad_inputs", {"command": "python benchmarks/bad_inputs.py", "cases": len(rows), "passed": ok,
                                 "rows": rows}, lines)
    print(f"{ok}/{len(rows)} cases passed")
    return 0 if ok == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
