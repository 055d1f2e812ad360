"""Runs the fault campaign and measures what the divergence check costs; writes benchmarks/results/faults.md.

The rows come from running each scenario now (``keras_gans/testing/fault_campaign.py``,
the same code ``tests/test_faults.py`` asserts on), so the table stays true as
the code changes. The cost of the per-step gradient check is measured on the
command line's default job (DCGAN 28x28, batch 64, XLA as ``--jit_compile=auto``
picks on one device) with the check on and off, in interleaved trials.

    python benchmarks/faults.py                 # campaign + cost
    python benchmarks/faults.py --skip_cost     # campaign only
"""

import argparse
import os
import platform
import resource
import sys
import tempfile
import time

from recording import cell as _cell
from recording import read_json
from recording import write_results


def _cpu_seconds():
    """CPU time of this process and of its finished subprocesses (the CLI runs)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def campaign_rows(only=None):
    from keras_gans.testing import fault_campaign as campaign

    scenarios = [(f"disk full at {site}", lambda root, s=site: campaign.disk_full_at(s, root))
                 for site in campaign.WRITE_SITES]
    scenarios += [
        ("read-only file system", lambda root: campaign.disk_full_at("checkpoint", root, cause=campaign.errno.EROFS)),
        ("quota exceeded", lambda root: campaign.disk_full_at("checkpoint", root, cause=campaign.errno.EDQUOT)),
        ("I/O error", lambda root: campaign.disk_full_at("export", root, cause=campaign.errno.EIO)),
        ("real full disk", campaign.real_disk_full),
        ("NaN batch", campaign.nan_batch),
        ("checkpoint truncated", lambda root: campaign.corrupt_checkpoint("truncated", root)),
        ("checkpoint bit-flipped", lambda root: campaign.corrupt_checkpoint("bit-flipped", root)),
        ("SIGTERM", campaign.sigterm),
        ("two runs, one folder", campaign.two_runs_one_folder),
        ("refused run", campaign.refused_run_creates_nothing),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as base:
        for index, (name, scenario) in enumerate(scenarios):
            if only and name not in only:
                continue
            root = os.path.join(base, str(index))
            os.makedirs(root)
            start = _cpu_seconds()
            row = scenario(root)
            if row is None:
                print(f"skip {name} (not possible on this machine)")
                continue
            rows.append({**row.__dict__, "scenario": name, "cpu_s": round(_cpu_seconds() - start, 1)})
            print(f"{'ok  ' if row.ok else 'FAIL'} {name}: exit {row.exit_status}", flush=True)
    return rows


def check_cost(trials, steps):
    """Median ms per DCGAN step with the finite-gradient check on and off, interleaved."""
    import keras
    import numpy as np

    from keras_gans import data
    from keras_gans.models import DCGAN

    dataset = data.load("mnist_5k", batch_size=64, seed=0, repeat=True)
    models = {}
    for check in (True, False):
        keras.utils.set_random_seed(0)
        model = DCGAN((28, 28, 1), latent_dim=100, seed=0)
        model.check_finite_gradients = check
        model.compile(jit_compile=True)
        model.fit(dataset, epochs=1, steps_per_epoch=10, verbose=0)  # trace and compile
        models[check] = model
    # CPU seconds per step (all threads of this process): what the check costs in
    # work, robust to other load on the machine; wall time beside it.
    times = {True: [], False: []}
    walls = {True: [], False: []}
    for _ in range(trials):
        for check in (True, False):
            cpu, wall = time.process_time(), time.perf_counter()
            models[check].fit(dataset, epochs=1, steps_per_epoch=steps, verbose=0)
            times[check].append((time.process_time() - cpu) / steps * 1000)
            walls[check].append((time.perf_counter() - wall) / steps * 1000)
    on, off = float(np.median(times[True])), float(np.median(times[False]))
    # The check alone, on tensors shaped like both players' gradients, as XLA
    # compiles it: its own cost, which the step-level difference above (a few
    # percent of noise on a shared machine) cannot resolve.
    import tensorflow as tf

    from keras_gans.models.adversarial_model import all_finite

    model = models[True]
    grads = [tf.random.normal(v.shape) for v in model.generator.trainable_variables]
    grads += [tf.random.normal(v.shape) for v in model.discriminator.trainable_variables]
    check = tf.function(lambda: all_finite(grads[: len(model.generator.trainable_variables)])
                        & all_finite(grads[len(model.generator.trainable_variables):]), jit_compile=True)
    check()
    alone = []
    for _ in range(trials):
        start = time.process_time()
        for _ in range(200):
            check().numpy()
        alone.append((time.process_time() - start) / 200 * 1000)
    check_ms = float(np.median(alone))
    return {"check_alone_cpu_ms": round(check_ms, 3),
            "check_alone_percent_of_step": round(check_ms / off * 100, 2),
            "parameters": int(sum(int(np.prod(g.shape)) for g in grads)),
            "cpu_ms_per_step_check_on": round(on, 2), "cpu_ms_per_step_check_off": round(off, 2),
            "overhead_percent": round((on / off - 1) * 100, 2), "trials": trials, "steps_per_trial": steps,
            "wall_ms_median": {"on": round(float(np.median(walls[True])), 2),
                               "off": round(float(np.median(walls[False])), 2)},
            "all_cpu_ms": {"on": [round(t, 2) for t in times[True]], "off": [round(t, 2) for t in times[False]]}}


def onednn_state():
    try:
        from tensorflow.python.util import _pywrap_util_port

        return "on" if _pywrap_util_port.IsMklEnabled() else "off"
    except ImportError:
        return "unknown"


def load_text(machine):
    """What the table says of other load on the machine, from what the run recorded."""
    if machine.get("note"):
        recorded = machine["note"]
    elif machine.get("load_average_start"):
        recorded = "load average {:.1f}, {:.1f}, {:.1f} when the last run started".format(
            *machine["load_average_start"])
    else:
        recorded = "the load was not recorded"
    return f"{recorded}; read the CPU-time columns, not wall time."


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip_cost", action="store_true", help="Only the campaign.")
    parser.add_argument("--skip_campaign", action="store_true", help="Only the cost measurement.")
    parser.add_argument("--only", nargs="+", help="Run these scenarios (by name) and replace their rows.")
    parser.add_argument("--trials", type=int, default=7)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    report = read_json("faults")
    if not (args.skip_campaign and args.skip_cost):
        report["machine"] = {"cpus": os.cpu_count(), "platform": platform.platform(), "onednn": onednn_state(),
                             "load_average_start": os.getloadavg()}  # replaces an older run's note
    if not args.skip_campaign:
        start = time.process_time()
        rows = campaign_rows(args.only)
        if args.only:
            fresh = {r["scenario"]: r for r in rows}
            old = [fresh.pop(r.get("scenario"), r) for r in report.get("rows", [])]
            rows = old + list(fresh.values())
        else:
            report["campaign_cpu_s"] = round(time.process_time() - start, 1)
        report["rows"] = rows
    if not args.skip_cost:
        report["check_cost"] = check_cost(args.trials, args.steps)
    command = "python " + " ".join(["benchmarks/faults.py", *sys.argv[1:]])
    if not (args.skip_campaign and args.skip_cost):  # both skipped: only re-render
        report["commands"] = [c for c in report.get("commands", [report.get("command")]) if c] + [command]
    report.pop("command", None)
    rows = report.get("rows", [])
    ok = sum(r["ok"] for r in rows)
    lines = [
        "# Fault campaign",
        "",
        "Commands (in order; `--only` replaces those rows): "
        + "; ".join(f"`{c}`" for c in report["commands"]) + f". Machine: {report['machine']['cpus']} CPUs, "
        f"{report['machine']['platform']}, TensorFlow oneDNN {report['machine']['onednn']}; {load_text(report['machine'])}",
        "",
        f"**{ok} / {len(rows)} faults** ended as documented (exit status and one line, nothing published "
        "damaged, no temporary file left) and, where a rerun applies, the rerun ended **bit-identical** to a "
        "run that never saw the fault (every weight, optimizer slot and RNG state). Exit statuses of "
        "`python -m keras_gans.train`: 2 refused (nothing created), 3 diverged, 4 a file could not be written, "
        "143 stopped by SIGTERM after checkpointing the step. In-process rows report the status the command "
        "line maps the same error to (`keras_gans.train_lib.exit_status`).",
        "",
        "| fault | what was done | exit | message | kept | rerun | ok | CPU s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {_cell(r['fault'])} | {_cell(r['done'])} | {r['exit_status']} | {_cell(r['message'])} | "
                     f"{_cell(r['kept'])} | {_cell(r['resumed'])} | {'yes' if r['ok'] else 'NO'} | {r['cpu_s']} |")
    cost = report.get("check_cost")
    if cost:
        lines += [
            "",
            "## Cost of the divergence check",
            "",
            "Every step checks that all applied gradients are finite (`AdversarialModel.check_finite_gradients`), "
            "so a NaN that a kernel hides from the loss (oneDNN's ReLU maps NaN to 0) still stops training at "
            "its step. DCGAN 28x28, batch 64, XLA, the command line's default job; interleaved trials of "
            f"{cost['steps_per_trial']} steps, medians of {cost['trials']}, in CPU time (the process's, all threads), "
            "which other load on the machine disturbs far less than wall time:",
            "",
            "| check on (CPU ms/step) | check off (CPU ms/step) | difference (CPU) | wall ms/step on / off |",
            "|---|---|---|---|",
            f"| {cost['cpu_ms_per_step_check_on']} | {cost['cpu_ms_per_step_check_off']} | "
            f"{cost['overhead_percent']:+.2f} % | {cost['wall_ms_median']['on']} / {cost['wall_ms_median']['off']} |",
            "",
            f"The check by itself (XLA, over tensors shaped like both players' gradients, "
            f"{cost['parameters']:,} values): **{cost['check_alone_cpu_ms']} CPU ms, "
            f"{cost['check_alone_percent_of_step']} % of a step**. The step-level difference is within the "
            "spread of the trials (see faults.json, `all_cpu_ms`) on a machine shared with other jobs.",
        ]
    write_results("faults", report, lines)
    print("\n".join(lines))
    return 0 if ok == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
