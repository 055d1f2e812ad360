"""Fault-injection points for the reliability tests, driven by environment variables.

Production runs never set these variables, and then every function here is a
no-op. The kill-and-resume and divergence tests set them on a
``python -m keras_gans.train`` subprocess to make a kill land at a chosen
place (inside a checkpoint write, mid-epoch, mid-export) or to inject a NaN
batch, instead of hoping a random kill hits it.

- ``KERAS_GANS_PAUSE_AT``: a point name such as ``checkpoint:2`` (inside the
  save of epoch 2's checkpoint, after the temporary file is written and before
  the rename), ``step:30`` (before global training step 30, counted from 1) or ``export``
  (inside an export, after the staging directory is written and before it is
  published). When the point is reached the process writes
  ``KERAS_GANS_PAUSE_MARKER`` (a file path) and sleeps until killed.
- ``KERAS_GANS_NAN_AT_STEP``: global step (from 1) whose real batch is replaced by NaN.
- ``KERAS_GANS_FAIL_WRITE``: ``<site>@<n>`` makes the n-th write at a write site
  (``checkpoint``, ``checkpoint_state``, ``samples``, ``logs``, ``config``,
  ``export``, ``export_record``; see :mod:`keras_gans.output_files`) fail as a full
  disk would, with ``OSError(KERAS_GANS_FAIL_ERRNO or ENOSPC)``; ``<site>`` alone
  means the first write there.
- ``KERAS_GANS_SIGTERM_AT``: ``step:<n>``: the process sends itself SIGTERM
  before global step n, as a scheduler would, through the real signal handler.
"""

import errno
import os
import signal
import time

PAUSE_AT = "KERAS_GANS_PAUSE_AT"
PAUSE_MARKER = "KERAS_GANS_PAUSE_MARKER"
NAN_AT_STEP = "KERAS_GANS_NAN_AT_STEP"
FAIL_WRITE = "KERAS_GANS_FAIL_WRITE"
FAIL_ERRNO = "KERAS_GANS_FAIL_ERRNO"
SIGTERM_AT = "KERAS_GANS_SIGTERM_AT"
VARIABLES = (PAUSE_AT, PAUSE_MARKER, NAN_AT_STEP, FAIL_WRITE, FAIL_ERRNO, SIGTERM_AT)

_writes = {}


def pause_point(name):
    """Blocks forever (until killed) when ``KERAS_GANS_PAUSE_AT`` equals ``name``."""
    if os.environ.get(PAUSE_AT) != name:
        return
    marker = os.environ.get(PAUSE_MARKER)
    if marker:
        with open(marker, "w") as f:
            f.write(f"{os.getpid()} {name}\n")
    while True:
        time.sleep(60)


def nan_step():
    """The global step to poison with NaN, or None."""
    value = os.environ.get(NAN_AT_STEP)
    return None if value in (None, "") else int(value)


def write_point(site, path):
    """Raises ``OSError`` at the write ``KERAS_GANS_FAIL_WRITE`` names (see module docstring)."""
    spec = os.environ.get(FAIL_WRITE)
    if not spec:
        return
    name, _, nth = spec.partition("@")
    if name != site:
        return
    _writes[site] = _writes.get(site, 0) + 1
    if _writes[site] == int(nth or 1):
        code = int(os.environ.get(FAIL_ERRNO) or errno.ENOSPC)
        raise OSError(code, os.strerror(code), path)


def signal_point(name):
    """Sends this process SIGTERM when ``KERAS_GANS_SIGTERM_AT`` equals ``name``."""
    if os.environ.get(SIGTERM_AT) == name:
        os.kill(os.getpid(), signal.SIGTERM)


def reset():
    """Forgets how many writes each site has seen (in-process campaigns run several jobs)."""
    _writes.clear()
