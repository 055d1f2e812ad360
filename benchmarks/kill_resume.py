"""Repeats the kill-and-resume trial N times and records how many end bit-identical.

Each trial runs ``python -m keras_gans.train`` and SIGKILLs it ``--kills``
times, then reruns the same command until it finishes. Most kills land at a
random moment (after a random number of completed epochs, a uniform random
time into the next one: start-up, mid-epoch or inside a checkpoint save); one
kill per trial is forced
inside a checkpoint save (after the temporary file is written, before the
rename) through the ``KERAS_GANS_PAUSE_AT`` fault point. A trial succeeds when
the final run exits 0 at the requested epoch and its last checkpoint
(weights, optimizer slots, RNG state) equals the uninterrupted run's exactly.

    python benchmarks/kill_resume.py --trials 10
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from keras_gans.callbacks.checkpoint import latest_epoch  # noqa: E402
from keras_gans.testing import processes  # noqa: E402

FLAGS = dict(model="gan", dataset="ring8", epochs=4, steps_per_epoch=15, batch_size=64, seed=7)


def _state(run):
    path = os.path.join(run, "checkpoints", "checkpoint.json")
    return json.load(open(path)) if os.path.exists(path) else None


def _wait_for_epoch(run, epoch, process, log, timeout=600.0):
    deadline = time.monotonic() + timeout
    while latest_epoch(os.path.join(run, "checkpoints")) < epoch:
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"epoch {epoch} never completed:\n" + processes.tail(log))
        time.sleep(0.05)


def trial(workdir, reference, timing, kills, rng):
    """One trial: ``kills`` SIGKILLs, then a run to completion, compared with ``reference``.

    A random kill waits for a random number of completed epochs (among those
    still to do) and then a uniform random time within the next epoch (or,
    right after start, within start-up plus one epoch), so kills land during
    start-up, inside an epoch, or inside a checkpoint save.
    """
    run = os.path.join(workdir, "run")
    command = processes.train_command(**FLAGS, output_dir=run, export_dir="")
    log = os.path.join(workdir, "log.txt")
    forced = rng.randrange(kills)
    events = []
    for k in range(kills):
        before = latest_epoch(os.path.join(run, "checkpoints"))
        if before >= FLAGS["epochs"]:
            break
        if k == forced:
            epoch = rng.randint(before + 1, FLAGS["epochs"])
            marker = os.path.join(workdir, f"marker-{k}")
            proc = processes.start(command, log, pause_at=f"checkpoint:{epoch}", marker=marker)
            processes.wait_for_file(marker, proc, log)
            where = f"inside the checkpoint save of epoch {epoch}"
        else:
            wait_epochs = rng.randint(before, FLAGS["epochs"] - 1)
            proc = processes.start(command, log)
            if wait_epochs == before:
                delay = rng.uniform(0.0, timing["startup"] + timing["epoch"])
            else:
                _wait_for_epoch(run, wait_epochs, proc, log)
                delay = rng.uniform(0.0, timing["epoch"])
            time.sleep(delay)
            where = f"{delay:.1f} s after {'start' if wait_epochs == before else f'epoch {wait_epochs} ended'}"
        code = processes.sigkill(proc)
        after = latest_epoch(os.path.join(run, "checkpoints"))
        events.append({"kill": where, "exit": code, "epochs_done_before": before, "after": after})
    code = processes.run_to_completion(command, log)
    state = _state(run)
    result = {"events": events, "final_exit": code, "final_epoch": state and state["epoch"]}
    if code == 0 and state and state["epoch"] == FLAGS["epochs"]:
        diff = processes.max_abs_difference(
            os.path.join(run, "checkpoints", state["weights"]),
            os.path.join(reference, "checkpoints", f"ckpt-{FLAGS['epochs']:05d}.weights.h5"),
        )
        result["max_abs_diff"] = diff
        result["rng_equal"] = state["rng"] == _state(reference)["rng"]
        result["success"] = diff == 0.0 and result["rng_equal"]
    else:
        result["success"] = False
        result["log_tail"] = processes.tail(log, 1500)
    return result


def write_results(out, results, duration, timing, planned):
    """Writes kill_resume.md/.json (called after every trial, so a cut-short run still reports)."""
    ok = sum(r["success"] for r in results)
    kills_total = sum(len(r["events"]) for r in results)
    command = " ".join(["python", "benchmarks/kill_resume.py"] + sys.argv[1:])
    os.makedirs(out, exist_ok=True)
    summary = {
        "command": command, "flags": FLAGS, "trials": len(results), "successes": ok,
        "kills": kills_total, "uninterrupted_run_s": round(duration, 1),
        "timing_s": {k: round(v, 2) for k, v in timing.items()}, "results": results,
    }
    with open(os.path.join(out, "kill_resume.json"), "w") as f:
        json.dump(summary, f, indent=2)
    lines = [
        "# Kill and resume",
        "",
        f"Command: `{command}`",
        "",
        "Training: `python -m keras_gans.train "
        + " ".join(f"--{k}={v}" for k, v in FLAGS.items())
        + "` (uninterrupted run: "
        + f"{duration:.0f} s wall on the shared 2-core machine: {timing['startup']:.0f} s start-up, "
        + f"{timing['epoch']:.1f} s per epoch).",
        "",
        f"**{ok} / {len(results)} trials succeeded** ({kills_total} SIGKILLs in all; "
        f"{len(results)} of {planned} planned trials run). A trial succeeds when the final rerun "
        "exits 0 at the requested epoch and its last checkpoint (weights, optimizer slots, "
        "RNG state) equals the uninterrupted run's bit for bit (max |difference| = 0).",
        "",
        "| trial | kills (where; completed epochs before -> after) | final exit | "
        "max abs diff | result |",
        "|---|---|---|---|---|",
    ]
    for i, r in enumerate(results):
        kills = "; ".join(
            f"{e['kill']} ({e['epochs_done_before']} -> {e['after']})" for e in r["events"]
        )
        lines.append(
            f"| {i} | {kills} | {r['final_exit']} | {r.get('max_abs_diff', '-')} | "
            f"{'ok' if r['success'] else 'FAILED'} |"
        )
    with open(os.path.join(out, "kill_resume.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--kills", type=int, default=2, help="SIGKILLs per trial")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "results"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = tempfile.mkdtemp(prefix="kill_resume-")
    reference = os.path.join(root, "reference")
    started = time.monotonic()
    code = processes.run_to_completion(
        processes.train_command(**FLAGS, output_dir=reference, export_dir=""),
        os.path.join(root, "reference.txt"),
    )
    assert code == 0, processes.tail(os.path.join(root, "reference.txt"))
    duration = time.monotonic() - started
    ckpts = os.path.join(reference, "checkpoints")
    last = [os.path.getmtime(os.path.join(ckpts, f"ckpt-{e:05d}.weights.h5")) for e in (3, 4)]
    epoch_time = last[1] - last[0]
    timing = {"epoch": epoch_time, "startup": max(duration - FLAGS["epochs"] * epoch_time, 0.0)}
    results = []
    for i in range(args.trials):
        workdir = os.path.join(root, f"trial-{i}")
        os.makedirs(workdir)
        results.append(trial(workdir, reference, timing, args.kills, rng))
        print(f"trial {i}: {'ok' if results[-1]['success'] else 'FAILED'} {results[-1]['events']}")
        ok = write_results(args.out, results, duration, timing, args.trials)
        shutil.rmtree(workdir, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)

    print(f"{ok}/{len(results)} trials succeeded")
    return 0 if ok == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
