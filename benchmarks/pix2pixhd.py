"""pix2pix vs pix2pixHD on label2scene (label maps -> rendered scenes, 128x128), same CPU budget and seeds.

    python benchmarks/pix2pixhd.py --seeds=0,1 --budget_cpu_s=120        # every run, then the report
    python benchmarks/pix2pixhd.py --run=pix2pixhd:0 --budget_cpu_s=120  # one run (runs can go side by side)
    python benchmarks/pix2pixhd.py --report --seeds=0,1                  # the table from the finished runs

Each run builds its recipe (``pix2pix_label2scene``, ``pix2pixhd_label2scene``:
the CPU-sized networks), trains on the 1,024 training scenes with batch 4
until its process has spent ``budget_cpu_s`` CPU seconds (tracing included, rendering the data not),
and evaluates on the 128 held-out scenes. pix2pixHD spends the first third of
its budget on the global generator at 64x64 (``stage="global"``), the rest on
the full coarse-to-fine generator (``stage="local"``), as NVIDIA/pix2pixHD trains.

Measured on the held-out scenes:

- L1: mean |output - target| in [-1, 1] units.
- Fréchet distance between the outputs' and the targets' *scene statistics*:
  per cell of a 2x2 grid, at scales 1, 1/2 and 1/4, the RGB means and
  standard deviations, the mean |Sobel| (x and y) and the mean |Laplacian| of
  the luminance (108 numbers per image), through ``metrics.frechet_distance``.
  No ImageNet network ships offline; these statistics see colour layout and
  texture energy, what distinguishes a blurred scene from a rendered one.
  The FD between 128 training photos and the held-out photos is the floor
  (two samples of the same distribution).
- Sharpness: the mean squared Laplacian of the outputs' luminance over the
  targets' (1 = as much high-frequency energy as the renders; blur < 1).

Runs are resumable: each finished run is kept in ``/tmp/keras_gans_pix2pixhd_bench/<model>_s<seed>.json``
(with 6 held-out outputs for the grid) until ``--report`` gathers them into ``benchmarks/results/pix2pixhd.json``.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

import numpy as np
import recording  # noqa: F401 - puts the checkout on sys.path

from keras_gans.metrics.scenes import evaluate  # noqa: E402 - after recording: the checkout on sys.path

NAME = "pix2pixhd"
RECIPES = {"pix2pix": "pix2pix_label2scene", "pix2pixhd": "pix2pixhd_label2scene"}
GLOBAL_SHARE = 1.0 / 3.0
CHUNK = 10  # steps per fit call between budget checks
WORK = os.path.join("/tmp", "keras_gans_pix2pixhd_bench")


def _machine():
    os.makedirs(WORK, exist_ok=True)
    try:
        model = [line.split(":", 1)[1].strip() for line in subprocess.run(
            ["lscpu"], capture_output=True, text=True).stdout.splitlines() if line.startswith("Model name")][0]
    except (IndexError, OSError):
        model = platform.processor()
    return {"cpu": model, "cores": os.cpu_count(), "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on)"),
            "load_average_at_start": os.getloadavg()[0]}


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(model_name, seed, budget_cpu_s):
    """Trains one model for ``budget_cpu_s`` CPU seconds; returns its record (and saves held-out outputs)."""
    import keras

    from keras_gans import recipes
    from keras_gans.data.scenes import label2scene_pairs

    keras.utils.set_random_seed(seed)
    test_inputs, test_targets, _ = label2scene_pairs("test")
    label2scene_pairs("train")  # rendered once per process, outside the budget
    start = cpu_seconds()
    wall = time.time()
    model, data = recipes.build(RECIPES[model_name], seed=seed)
    model.compile(jit_compile=True)
    steps, stages = 0, {}
    if model_name == "pix2pixhd":
        plan = [("global", start + GLOBAL_SHARE * budget_cpu_s), ("local", start + budget_cpu_s)]
    else:
        plan = [(None, start + budget_cpu_s)]
    for stage, until in plan:
        if stage is not None:
            model.set_stage(stage)
        stage_steps = 0
        while cpu_seconds() < until:
            model.fit(data, epochs=1, steps_per_epoch=CHUNK, verbose=0)
            stage_steps += CHUNK
        stages[stage or "all"] = stage_steps
        steps += stage_steps
    train_cpu = cpu_seconds() - start
    outputs = model.translate(test_inputs)
    os.makedirs(WORK, exist_ok=True)
    np.save(os.path.join(WORK, f"{model_name}_s{seed}.npy"), outputs[:6])
    return {
        "model": model_name, "recipe": RECIPES[model_name], "seed": seed, "steps": steps, "steps_per_stage": stages,
        "batch_size": recipes.get_recipe(RECIPES[model_name]).batch_size, "train_cpu_s": round(train_cpu, 1),
        "train_wall_s": round(time.time() - wall, 1), "generator_params": int(model.generator.count_params()),
        "discriminator_params": int(model.discriminator.count_params()),
        **evaluate(outputs, test_targets), "machine": _machine(),
    }


def _key(model_name, seed):
    return f"{model_name}:{seed}"


def _mean_std(values):
    return f"{np.mean(values):.4f} ± {np.std(values):.4f}" if len(values) > 1 else f"{values[0]:.4f}"


def report(record, seeds, note=None):
    from PIL import Image

    from keras_gans.data.scenes import label2scene_pairs

    runs = record["runs"]
    inputs, targets, _ = label2scene_pairs("test")
    train_photos = label2scene_pairs("train", num_examples=128)[1]
    floor = evaluate(train_photos, targets)["frechet_scene_statistics"]
    record["frechet_floor_train_vs_test"] = floor
    lines = [
        "# pix2pix vs pix2pixHD on label2scene (128x128)",
        "",
        f"Runs: {'; '.join(sorted('`' + r['command'] + '`' for r in runs.values()))}. Report: `{record['command']}`",
        "",
        *([f"**Status: {note}**", ""] if note else []),
        "Data: `label2scene` (keras_gans/data/scenes.py), colour-coded label maps -> procedurally rendered",
        "scenes at 128x128; 1,024 training scenes (seed 0), 128 held-out scenes (seed 1). Batch 4, Adam 2e-4 / 0.5.",
        "Each run trains until its process has used the same CPU budget (tracing included), then translates the",
        "held-out label maps. pix2pixHD: first third of the budget on G1 at 64x64 (stage global), then G1+G2",
        "(stage local). Networks are the recipes' CPU-sized ones (parameter counts below), not the papers'.",
        "",
        "| model | seed | steps | train CPU s | held-out L1 ↓ | FD scene statistics ↓ | sharpness (1 = targets') |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for model_name in RECIPES:
        for seed in seeds:
            r = runs.get(_key(model_name, seed))
            if r:
                steps = r["steps"] if model_name == "pix2pix" else f"{r['steps']} ({r['steps_per_stage']['global']} global)"
                lines.append(f"| {model_name} | {seed} | {steps} | {r['train_cpu_s']} | {r['l1']:.4f} | "
                             f"{r['frechet_scene_statistics']:.2f} | {r['sharpness']:.3f} |")
    lines += ["", "Mean ± standard deviation over the seeds:", "",
              "| model | held-out L1 ↓ | FD scene statistics ↓ | sharpness |", "| --- | --- | --- | --- |"]
    summary = {}
    for model_name in RECIPES:
        done = [runs[_key(model_name, s)] for s in seeds if _key(model_name, s) in runs]
        if not done:
            continue
        summary[model_name] = {m: [r[m] for r in done] for m in ("l1", "frechet_scene_statistics", "sharpness")}
        lines.append(f"| {model_name} | " + " | ".join(_mean_std(v) for v in summary[model_name].values()) + " |")
    record["summary"] = summary
    lines += ["", f"FD floor (128 training photos vs the held-out photos): {floor:.2f}.", ""]
    if len(summary) == 2:
        hd, p2p = summary["pix2pixhd"], summary["pix2pix"]
        pairs = [(s, runs[_key("pix2pixhd", s)], runs[_key("pix2pix", s)]) for s in seeds
                 if _key("pix2pixhd", s) in runs and _key("pix2pix", s) in runs]
        sharper = sum(abs(a["sharpness"] - 1) < abs(b["sharpness"] - 1) for _, a, b in pairs)
        closer_fd = sum(a["frechet_scene_statistics"] < b["frechet_scene_statistics"] for _, a, b in pairs)
        closer_l1 = sum(a["l1"] < b["l1"] for _, a, b in pairs)
        record["claim"] = {"seeds": len(pairs), "hd_sharpness_closer_to_1": sharper, "hd_lower_fd": closer_fd,
                           "hd_lower_l1": closer_l1}
        lines += [
            "## The claim: pix2pixHD is sharper and closer to the targets at this resolution",
            "",
            f"Per seed (pix2pixHD against pix2pix with the same seed, {len(pairs)} seeds): sharpness closer to the "
            f"targets' in {sharper}, lower FD in {closer_fd}, lower L1 in {closer_l1}. Means: sharpness "
            f"{np.mean(hd['sharpness']):.3f} vs {np.mean(p2p['sharpness']):.3f}, FD "
            f"{np.mean(hd['frechet_scene_statistics']):.2f} vs {np.mean(p2p['frechet_scene_statistics']):.2f}, L1 "
            f"{np.mean(hd['l1']):.4f} vs {np.mean(p2p['l1']):.4f}.",
            "",
        ]
    # Sample grid: label map | pix2pix | pix2pixHD | target, first seed, first 6 held-out scenes.
    seed = seeds[0]
    paths = {m: os.path.join(WORK, f"{m}_s{seed}.npy") for m in RECIPES}
    if all(os.path.exists(p) for p in paths.values()):
        rows = [np.concatenate([inputs[i], np.load(paths["pix2pix"])[i], np.load(paths["pix2pixhd"])[i],
                                targets[i]], axis=1) for i in range(6)]
        grid = ((np.concatenate(rows, axis=0) + 1.0) * 127.5).clip(0, 255).astype("uint8")
        Image.fromarray(grid).save(os.path.join(recording.RESULTS, f"{NAME}_grid.png"))
        lines += [f"Sample grid ([{NAME}_grid.png]({NAME}_grid.png), seed {seed}, held-out scenes 0-5): "
                  "label map | pix2pix | pix2pixHD | target.", ""]
    machine = next(iter(runs.values()))["machine"] if runs else {}
    total = sum(r["train_cpu_s"] for r in runs.values())
    lines += [f"Machine: {machine.get('cpu')}, {machine.get('cores')} cores shared with other jobs (load average "
              f"at the start of the runs: {', '.join(str(r['machine']['load_average_at_start']) for r in runs.values())}),"
              f" oneDNN {machine.get('onednn')}. Total training CPU time: {total:.0f} s; wall time per run in the JSON.",
              ""]
    lines += [f"Parameters: pix2pix G {runs.get(_key('pix2pix', seed), {}).get('generator_params')} / "
              f"D {runs.get(_key('pix2pix', seed), {}).get('discriminator_params')}; pix2pixHD G "
              f"{runs.get(_key('pix2pixhd', seed), {}).get('generator_params')} / D (2 scales) "
              f"{runs.get(_key('pix2pixhd', seed), {}).get('discriminator_params')}."]
    recording.write_results(NAME, record, lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1")
    parser.add_argument("--budget_cpu_s", type=float, default=120.0)
    parser.add_argument("--run", help="one run, model:seed (e.g. pix2pixhd:0)")
    parser.add_argument("--report", action="store_true", help="only write the report from finished runs")
    parser.add_argument("--note", help="a status line for the report (what the runs can and cannot show)")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    record = recording.read_json(NAME) or {}
    record.setdefault("runs", {})
    record["command"] = "python benchmarks/pix2pixhd.py " + " ".join(sys.argv[1:])
    todo = [tuple(args.run.split(":"))] if args.run else [] if args.report else [
        (m, s) for s in seeds for m in RECIPES]
    for model_name, seed in todo:
        path = os.path.join(WORK, f"{model_name}_s{seed}.json")
        finished = record["runs"].get(_key(model_name, int(seed)))
        if os.path.exists(path):
            with open(path) as f:
                finished = json.load(f)
        if finished is not None:
            if finished["budget_cpu_s"] != args.budget_cpu_s:  # one table, one budget
                raise ValueError(f"{model_name} seed {seed} finished with --budget_cpu_s={finished['budget_cpu_s']}. "
                                 f"Received: --budget_cpu_s={args.budget_cpu_s}; move that run's files away first.")
            continue  # finished before: resumable
        result = {**run(model_name, int(seed), args.budget_cpu_s), "budget_cpu_s": args.budget_cpu_s,
                  "command": "python benchmarks/pix2pixhd.py " + " ".join(sys.argv[1:])}
        with open(path, "w") as f:
            json.dump(result, f, indent=1)
    if args.run:
        return
    for model_name in RECIPES:
        for seed in seeds:
            path = os.path.join(WORK, f"{model_name}_s{seed}.json")
            if os.path.exists(path):
                with open(path) as f:
                    record["runs"][_key(model_name, seed)] = json.load(f)
    record["note"] = args.note
    report(record, seeds, args.note)


if __name__ == "__main__":
    main()
