"""Run ``python -m keras_gans.train`` as a subprocess, kill it, and compare checkpoints.

Shared by the kill-and-resume test and ``benchmarks/kill_resume.py``.
"""

import os
import signal
import subprocess
import sys
import time

import numpy as np

from keras_gans import faults


def train_command(**flags):
    """``[python, -m, keras_gans.train, --name=value, ...]``."""
    args = [sys.executable, "-m", "keras_gans.train"]
    for name, value in flags.items():
        if isinstance(value, bool):
            # --name=true|false: accepted by absl bool flags and the true/false enums (jit_compile).
            args.append(f"--{name}={'true' if value else 'false'}")
        else:
            args.append(f"--{name}={value}")
    return args


def start(command, log_path, pause_at=None, marker=None, extra_env=None, stderr_path=None):
    """Starts ``command`` with its output in ``log_path``; returns the ``Popen``.

    Args:
        pause_at: a :mod:`keras_gans.faults` pause point, e.g. ``"checkpoint:2"``.
        marker: the file the process writes when it reaches ``pause_at``.
        extra_env: more environment variables.
        stderr_path: a separate file for stderr (default: into ``log_path``).
    """
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONUNBUFFERED": "1"}
    for name in faults.VARIABLES:
        env.pop(name, None)
    if pause_at is not None:
        env[faults.PAUSE_AT] = pause_at
        env[faults.PAUSE_MARKER] = marker
    env.update(extra_env or {})
    log = open(log_path, "ab")  # noqa: SIM115 - owned by the child until it exits
    err = open(stderr_path, "ab") if stderr_path else None  # noqa: SIM115
    process = subprocess.Popen(
        command, stdout=log, stderr=err if err else subprocess.STDOUT, env=env
    )
    log.close()
    if err:
        err.close()
    return process


def tail(log_path, chars=3000):
    with open(log_path, errors="replace") as f:
        return f.read()[-chars:]


def wait_for_file(path, process, log_path, timeout=300.0):
    """Waits until ``path`` exists; fails if ``process`` exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if process.poll() is not None:
            raise AssertionError(
                f"process exited with {process.returncode} before {path} appeared:\n"
                + tail(log_path)
            )
        if time.monotonic() > deadline:
            sigkill(process)
            raise AssertionError(f"{path} did not appear within {timeout} s:\n" + tail(log_path))
        time.sleep(0.05)


def sigkill(process):
    """SIGKILLs the process (no cleanup handlers run) and reaps it."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return process.returncode


def run_to_completion(command, log_path, timeout=600.0):
    """Runs ``command`` and returns its exit status (output in ``log_path``)."""
    process = start(command, log_path)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        sigkill(process)
        raise AssertionError(f"{command} ran past {timeout} s:\n" + tail(log_path)) from None


def weights_file_arrays(path):
    """Every dataset of a ``.weights.h5`` file: ``{h5 path: numpy array}``."""
    import h5py

    arrays = {}
    with h5py.File(path, "r") as f:
        f.visititems(
            lambda name, obj: arrays.__setitem__(name, np.array(obj))
            if isinstance(obj, h5py.Dataset)
            else None
        )
    return arrays


def max_abs_difference(path_a, path_b):
    """Largest |a - b| over all arrays of two weights files with the same layout."""
    a, b = weights_file_arrays(path_a), weights_file_arrays(path_b)
    if sorted(a) != sorted(b):
        raise AssertionError(f"different layouts: {sorted(set(a) ^ set(b))}")
    worst = 0.0
    for key in a:
        if a[key].shape != b[key].shape:
            raise AssertionError(f"{key}: shape {a[key].shape} != {b[key].shape}")
        diff = np.abs(a[key].astype("float64") - b[key].astype("float64"))
        worst = max(worst, float(diff.max()) if diff.size else 0.0)
    return worst
