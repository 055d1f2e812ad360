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
"""

import os
import time

PAUSE_AT = "KERAS_GANS_PAUSE_AT"
PAUSE_MARKER = "KERAS_GANS_PAUSE_MARKER"
NAN_AT_STEP = "KERAS_GANS_NAN_AT_STEP"


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
