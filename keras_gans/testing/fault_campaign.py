"""The fault campaign: full disks, corrupt checkpoints, SIGTERM, two runs on one folder.

Each scenario runs the real training job (``keras_gans.train_lib.train`` in
this process, or ``python -m keras_gans.train`` as a subprocess where the
exit status or a signal is the point), injects one fault, and returns a
:class:`Row`: what was done, what the run answered (exit status and its one
line), what was kept on disk, and whether a rerun after the fault ended
bit-identical to a run that never saw it. ``tests/test_faults.py`` asserts on
the rows; ``benchmarks/faults.py`` renders them as
``benchmarks/results/faults.md``.
"""

import contextlib
import dataclasses
import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

from keras_gans import faults
from keras_gans.testing import processes

# Small and fast: the MLP GAN on ring8, no XLA (compiling costs more than these steps).
TOY = dict(model="gan", dataset="ring8", steps_per_epoch=6, batch_size=64, seed=5, jit_compile=False)
# An image model, for the sample-grid write site.
IMAGES = dict(model="dcgan", dataset="mnist_5k", steps_per_epoch=2, batch_size=16, seed=5, jit_compile=False)

# Write sites in the order a run meets them (see keras_gans.output_files).
WRITE_SITES = ("config", "samples", "logs", "checkpoint", "checkpoint_state", "export", "export_record")


@dataclasses.dataclass
class Row:
    fault: str
    done: str
    exit_status: int
    message: str
    kept: str
    resumed: str
    ok: bool


def tree_digest(root):
    """``{relative path: sha256}`` of every regular file under ``root`` (empty when absent)."""
    digest = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as f:
                digest[os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
    return digest


def leftovers(root):
    """Temporary and staging files under ``root`` (none may survive a failed write)."""
    found = []
    for directory, dirs, names in os.walk(root):
        for name in names + dirs:
            if name.startswith((".tmp-", ".staging-")) or name.endswith(".tmp"):
                found.append(os.path.relpath(os.path.join(directory, name), root))
    return found


def final_checkpoint(output_dir):
    state = json.load(open(os.path.join(output_dir, "checkpoints", "checkpoint.json")))
    return os.path.join(output_dir, "checkpoints", state["weights"]), state


def identical_to(output_dir, reference_dir):
    """True when the final checkpoints (weights, optimizer slots, RNG state) are equal."""
    path, state = final_checkpoint(output_dir)
    ref_path, ref_state = final_checkpoint(reference_dir)
    if (state["epoch"], state.get("step", 0)) != (ref_state["epoch"], ref_state.get("step", 0)):
        return False
    return processes.max_abs_difference(path, ref_path) == 0.0 and [r["state"] for r in state["rng"]] == [
        r["state"] for r in ref_state["rng"]
    ]


@contextlib.contextmanager
def _environment(**variables):
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update({k: str(v) for k, v in variables.items()})
    faults.reset()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        faults.reset()


def run_in_process(flags, output_dir, export_dir=None, **fault_variables):
    """Runs the training job in this process; returns ``(exit status, error line or "")``.

    The exit status and line are what ``python -m keras_gans.train`` would
    print for the same outcome (:func:`keras_gans.train_lib.exit_status`).
    """
    from keras_gans.callbacks.checkpoint import CheckpointWarning
    from keras_gans.train_lib import TrainConfig
    from keras_gans.train_lib import exit_status
    from keras_gans.train_lib import train

    config = TrainConfig(**flags, output_dir=output_dir, export_dir=export_dir, verbose=0)
    with _environment(**fault_variables), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Keras' own notices...
        warnings.simplefilter("always", CheckpointWarning)  # ...but not ours: callers record them
        try:
            train(config)
        except Exception as error:  # noqa: BLE001 - mapped like the CLI maps it, or re-raised
            status = exit_status(error)
            if status is None:
                raise
            return status
    return 0, ""


_references = {}


def reference(flags, epochs, root):
    """The run that never saw a fault (cached per process): its output directory."""
    key = json.dumps({**flags, "epochs": epochs}, sort_keys=True)
    if key not in _references:
        path = tempfile.mkdtemp(prefix="reference-", dir=root)
        assert run_in_process({**flags, "epochs": epochs}, path) == (0, "")
        _references[key] = path
    return _references[key]


def _published(root, flags, epochs=1):
    """A run of ``epochs`` epochs with a published export: what a fault must not damage."""
    run, exports = os.path.join(root, "run"), os.path.join(root, "exports")
    assert run_in_process({**flags, "epochs": epochs}, run, exports) == (0, "")
    return run, exports


def disk_full_at(site, root, cause=errno.ENOSPC):
    """Epoch 2 of a run meets a failing write at ``site``; then the space comes back."""
    flags = IMAGES if site == "samples" else TOY
    run, exports = _published(root, flags)
    before_exports = tree_digest(exports)
    before_checkpoints = tree_digest(os.path.join(run, "checkpoints"))
    status, line = run_in_process(
        {**flags, "epochs": 2}, run, exports,
        **{faults.FAIL_WRITE: site, faults.FAIL_ERRNO: cause},
    )
    after_checkpoints = tree_digest(os.path.join(run, "checkpoints"))
    exports_intact = all(tree_digest(exports).get(k) == v for k, v in before_exports.items())
    checkpoint_kept = (
        "epoch 1 checkpoint unchanged" if after_checkpoints == before_checkpoints
        else f"epoch {json.load(open(os.path.join(run, 'checkpoints', 'checkpoint.json')))['epoch']} checkpoint (saved before the fault)"
    )
    temporary = leftovers(root)
    again = run_in_process({**flags, "epochs": 2}, run, exports)
    same = again == (0, "") and identical_to(run, reference(flags, 2, root))
    kept = f"{checkpoint_kept}; export v1 {'intact' if exports_intact else 'CHANGED'}; temporary files left: {len(temporary)}"
    return Row(
        fault=f"{os.strerror(cause)} at write site `{site}`",
        done=f"`{faults.FAIL_WRITE}={site}`, {flags['model']} epoch 2",
        exit_status=status, message=line, kept=kept,
        resumed="rerun exit 0, bit-identical to the uninterrupted run" if same else f"rerun {again}, NOT identical",
        ok=status == 4 and exports_intact and not temporary and same and site.split("_")[0] in line,
    )


def nan_batch(root):
    """A NaN batch in epoch 2: oneDNN's ReLU hides it from the loss, not from the gradients."""
    run, exports = _published(root, TOY)
    before = tree_digest(root)
    status, line = run_in_process({**TOY, "epochs": 2}, run, exports, **{faults.NAN_AT_STEP: 9})
    changed = sorted(k for k, v in tree_digest(root).items() if before.get(k) != v)
    again = run_in_process({**TOY, "epochs": 2}, run)
    same = again == (0, "") and identical_to(run, reference(TOY, 2, root))
    return Row(
        fault="NaN batch (kept out of the loss by oneDNN's ReLU)",
        done=f"`{faults.NAN_AT_STEP}=9` (epoch 2, step 3)",
        exit_status=status, message=line,
        kept=f"epoch 1 checkpoint and export v1 byte-identical; files changed: {changed or 'none'}",
        resumed="rerun without the bad batch: exit 0, bit-identical" if same else "NOT identical",
        ok=status == 3 and "at epoch 2, step 3 (global step 9)" in line and same
        and all(k.endswith(("config.json", ".lock")) or "/logs/" in f"/{k}" for k in changed),
    )


def corrupt_checkpoint(how, root):
    """The newest checkpoint file is truncated or has one bit flipped on disk; the run is resumed."""
    run, _ = _published(root, TOY, epochs=2)
    path, _ = final_checkpoint(run)
    data = bytearray(open(path, "rb").read())
    if how == "truncated":
        data = data[: len(data) // 2]
    else:
        data[len(data) // 2] ^= 0x10
    with open(path, "wb") as f:
        f.write(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        status, line = run_in_process({**TOY, "epochs": 3}, run)
    skipped = [str(w.message) for w in caught if type(w.message).__name__ == "CheckpointWarning"]
    same = status == 0 and identical_to(run, reference(TOY, 3, root))
    return Row(
        fault=f"checkpoint {how} on disk",
        done=f"epoch 2's `{os.path.basename(path)}` {how}, rerun with --epochs=3",
        exit_status=status, message=skipped[0] if skipped else line,
        kept="epoch 1 checkpoint (the previous good one), reloaded",
        resumed="resumed from epoch 1, bit-identical to the uninterrupted run" if same else "NOT identical",
        ok=bool(skipped) and "sha256" in skipped[0] and same,
    )


def _cli(flags, output_dir, log, **env):
    command = processes.train_command(**flags, output_dir=output_dir, export_dir="")
    process = processes.start(command, log, extra_env=env, stderr_path=f"{log}.err")
    return process


def _error_line(log):
    lines = [line for line in open(f"{log}.err", errors="replace").read().splitlines() if line.startswith("error:")]
    return lines[-1] if lines else ""


def sigterm(root):
    """SIGTERM (a scheduler's stop) arrives in the middle of epoch 2; the job is rerun."""
    run, log = os.path.join(root, "run"), os.path.join(root, "log.txt")
    flags = {**TOY, "epochs": 3}
    process = _cli(flags, run, log, **{faults.SIGTERM_AT: "step:9"})
    status = process.wait(timeout=600)
    line = _error_line(log)
    names = sorted(os.listdir(os.path.join(run, "checkpoints")))
    again = processes.run_to_completion(processes.train_command(**flags, output_dir=run, export_dir=""), log)
    same = again == 0 and identical_to(run, reference(flags, 3, root))
    return Row(
        fault="SIGTERM mid-epoch",
        done="`kill -TERM` at global step 9 (epoch 2, step 3), `python -m keras_gans.train`",
        exit_status=status, message=line, kept=", ".join(n for n in names if n.startswith("ckpt-")),
        resumed="rerun exit 0 from epoch 2 step 3, bit-identical to the uninterrupted run" if same else "NOT identical",
        ok=status == 143 and "ckpt-00001-step000003.weights.h5" in names and same,
    )


def two_runs_one_folder(root):
    """A second training started on the output directory of a running one."""
    run = os.path.join(root, "run")
    first_log, second_log = os.path.join(root, "first.txt"), os.path.join(root, "second.txt")
    marker = os.path.join(root, "paused")
    flags = {**TOY, "epochs": 2}
    first = processes.start(
        processes.train_command(**flags, output_dir=run, export_dir=""), first_log,
        pause_at="step:3", marker=marker,
    )
    processes.wait_for_file(marker, first, first_log)
    before = tree_digest(run)
    second = _cli(flags, run, second_log)
    status = second.wait(timeout=600)
    line = _error_line(second_log)
    unchanged = tree_digest(run) == before
    processes.sigkill(first)
    again = processes.run_to_completion(processes.train_command(**flags, output_dir=run, export_dir=""), first_log)
    return Row(
        fault="two trainings on one --output_dir",
        done="second `python -m keras_gans.train` while the first is in epoch 1",
        exit_status=status, message=line,
        kept="the first run's files byte-identical" if unchanged else "CHANGED",
        resumed=f"after the first was killed, a rerun took the lock and exited {again}",
        ok=status == 2 and "in use by another training" in line and unchanged and again == 0,
    )


def refused_run_creates_nothing(root):
    """A run refused for a bad input leaves no folder and no file in the working directory."""
    cwd = os.path.join(root, "cwd")
    os.makedirs(cwd)
    result = subprocess.run(
        [sys.executable, "-m", "keras_gans.train", "--dataset=no_such_set"],
        cwd=cwd, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (os.getcwd(), os.environ.get("PYTHONPATH")) if p)},
    )
    line = next((x for x in result.stderr.splitlines() if x.startswith("error:")), "")
    left = sorted(os.listdir(cwd))
    return Row(
        fault="run refused for a bad input",
        done="`python -m keras_gans.train --dataset=no_such_set` in an empty directory",
        exit_status=result.returncode, message=line, kept=f"directory entries afterwards: {left or 'none'}",
        resumed="-", ok=result.returncode == 2 and not left and "Traceback" not in result.stderr,
    )


def mount_tmpfs(path, size):
    """Mounts a tmpfs of ``size`` at ``path``; returns False where the machine does not allow it."""
    os.makedirs(path, exist_ok=True)
    if shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path],
                          capture_output=True).returncode == 0


def real_disk_full(root):
    """A real small filesystem fills up during epoch 2's checkpoint; space is freed; rerun.

    Returns None where no filesystem can be mounted (not root, no mount permission).
    """
    disk = os.path.join(root, "disk")
    if not mount_tmpfs(disk, "8m"):
        return None
    try:
        run, log = os.path.join(disk, "run"), os.path.join(root, "log.txt")
        flags = {**TOY, "epochs": 3}
        first = processes.run_to_completion(
            processes.train_command(**{**flags, "epochs": 1}, output_dir=run, export_dir=""), log)
        checkpoint_size = os.path.getsize(final_checkpoint(run)[0])
        good = tree_digest(os.path.join(run, "checkpoints"))
        # Leave room for the small writes of epoch 2 (logs, config) but not for its checkpoint.
        stat = os.statvfs(disk)
        free = stat.f_bavail * stat.f_frsize
        filler = os.path.join(disk, "filler")
        with open(filler, "wb") as f:
            f.write(b"\0" * max(0, free - checkpoint_size // 2))
        process = _cli(flags, run, log)
        status = process.wait(timeout=600)
        line = _error_line(log)
        intact = all(tree_digest(os.path.join(run, "checkpoints")).get(k) == v for k, v in good.items())
        temporary = leftovers(run)
        traceback = "Traceback" in open(f"{log}.err", errors="replace").read()
        os.remove(filler)
        again = processes.run_to_completion(processes.train_command(**flags, output_dir=run, export_dir=""), log)
        same = again == 0 and identical_to(run, reference(flags, 3, root))
        return Row(
            fault="real full disk (8 MB tmpfs)",
            done=f"filesystem filled to half a checkpoint ({checkpoint_size // 1024} KiB) before epoch 2",
            exit_status=status, message=line,
            kept=f"epoch 1 checkpoint {'intact' if intact else 'CHANGED'}; temporary files left: {len(temporary)}",
            resumed="after freeing space: rerun exit 0, bit-identical" if same else f"rerun exit {again}, NOT identical",
            ok=first == 0 and status == 4 and intact and not temporary and not traceback and same
            and "no space left on device" in line,
        )
    finally:
        subprocess.run(["umount", "-l", disk], capture_output=True)
