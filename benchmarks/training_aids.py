"""EMA, DiffAugment and ADA on a zoo recipe: with and without, same budget, several seeds (issue 20, point 9).

Usage (from the repository root):

    python benchmarks/training_aids.py                 # every run not yet recorded, then the table
    python benchmarks/training_aids.py --render        # rewrite the table from the recorded JSON
    python benchmarks/training_aids.py --quick         # smoke: 2 steps a run, 100 samples, nothing kept
    python benchmarks/training_aids.py --name=training_aids_ada --variants=plain,ada   # ADA beside plain

Each run is the zoo's own command (``python -m keras_gans.train --recipe=...``, a subprocess,
plain graph so every variant runs the same kernels), differing only in the aid:

- ``plain``: the recipe as it is;
- ``ema``: ``--ema_decay`` (the export is the averaged generator);
- ``diffaug``: ``--hparams=...,diff_augment=<policy>`` (DiffAugment on every image D sees);
- ``ema+diffaug``: both;
- ``ada``: ``--hparams=...,diff_augment=<policy>,ada_target=<t>,ada_adjustment_images=<n>``: the
  policy's probability starts at 0 and ADA's callback moves it towards the overfitting target.

Every export is scored as the zoo scores its models (``keras_gans.zoo_quality.measure``,
kind ``unconditional``: Inception Score under the shipped MNIST classifier, precision and recall
k=3, 1-NN accuracy, on ``--num_samples`` samples, seed 0). The better aid is the one with the
higher mean Inception Score over the seeds (the zoo's first aim for an unconditional model);
the other measures are shown beside it. CPU time is user + system of each run's process.
"""

import argparse
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import time

import numpy as np
import recording

NAME = "training_aids"
VARIANTS = ("plain", "ema", "diffaug", "ema+diffaug", "ada")
DEFAULTS = {
    "recipe": "hinge_mnist",
    "hparams": "base_filters=16",
    "latent_dim": 64,
    "epochs": 30,
    "seeds": "0,1",
    # Keras' EMA starts from the initial weights and has no bias correction: its weight on them
    # after n steps is decay^n. 0.995 leaves 1e-5 of them after the 2,340 steps of 30 epochs and
    # averages over about the last 200 steps; 0.999 would still hold 10 % of the init.
    "ema_decay": 0.995,
    "diff_augment": "color,translation,cutout",
    "num_samples": 2000,
    # ADA: the paper's target; p moves by 1 per 100,000 real images (the recipes' default, see
    # keras_gans/recipes/latent.py: 30 epochs here show D 150,000 real images).
    "ada_target": 0.6,
    "ada_adjustment_images": 100_000,
}
MEASURES = ("is", "precision", "recall", "1nn")


def reading(config):
    """How to read the table: the hinge recipe's (the first record) or another recipe's budget."""
    if config["recipe"] == "hinge_mnist":
        budget = ("These are short runs of a small generator (2,340 generator updates, each after the recipe's "
                  "5 critic updates on slices of the batch of 64: the critic sees each of the 5,000 digits 30 times)")
    else:
        budget = (f"These are runs of {config['epochs']} epochs of the 5,000 digits at the recipe's batch size, "
                  "shorter than the zoo's own")
    return [f"How to read it: the zoo trains `{config['recipe']}` with whichever variant has the higher mean "
            f"Inception Score here, and its card says which. {budget}; " + READING_REST, ""]


READING_REST = (
    "DiffAugment's "
    "published gains come from runs long enough for the discriminator to overfit its few images, "
    "which this budget may not reach, so the table says what the aids do at the zoo's budget, "
    "not at the papers'. ADA (`ada`, where measured) uses the same policy with its probability p "
    "driven from 0 by the overfitting signal r_t (the mean sign of D on augmented reals) towards the "
    "target; the runs table gives each run's p at the end."
)


def run_flags(args, variant, seed, folder):
    """The ``keras_gans.train`` flags of one run."""
    hparams = args.hparams
    if "diffaug" in variant or variant == "ada":
        hparams = ",".join(filter(None, [hparams, f"diff_augment={args.diff_augment}"]))
    if variant == "ada":
        hparams += f",ada_target={args.ada_target},ada_adjustment_images={args.ada_adjustment_images}"
    flags = {
        "recipe": args.recipe, "epochs": args.epochs, "seed": seed, "latent_dim": args.latent_dim,
        "jit_compile": "false",
        "output_dir": os.path.join(folder, "run"), "export_dir": os.path.join(folder, "zoo", "model"),
        "onnx": "false",
    }
    if hparams:
        flags["hparams"] = hparams
    if "ema" in variant:
        flags["ema_decay"] = args.ema_decay
    if args.quick:
        flags.update(epochs=1, steps_per_epoch=2)
    return flags


def final_probability(run_dir):
    """The DiffAugment probability in a run's last checkpoint (ADA's p at the end); None without the layer."""
    import glob

    import h5py

    found = []
    with h5py.File(sorted(glob.glob(os.path.join(run_dir, "checkpoints", "*.weights.h5")))[-1], "r") as f:
        f.visititems(lambda name, obj: found.append(float(obj[()]))
                     if isinstance(obj, h5py.Dataset) and "diff_augment/vars" in name else None)
    return found[0] if found else None


def train_and_score(args, variant, seed):
    """Trains one run through the CLI and scores its export; returns its record."""
    from keras_gans import zoo
    from keras_gans import zoo_quality

    folder = os.path.join(args.work_dir, f"{variant}_s{seed}")
    shutil.rmtree(folder, ignore_errors=True)
    flags = run_flags(args, variant, seed, folder)
    command = [sys.executable, "-m", "keras_gans.train"] + [f"--{k}={v}" for k, v in flags.items()]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    result = subprocess.run(command, capture_output=True, text=True, cwd=recording.ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{variant} seed {seed} failed:\n{result.stderr[-3000:]}")
    quality = zoo_quality.measure(zoo.load("model", root=os.path.join(folder, "zoo")), "unconditional",
                                  args.num_samples, seed=0)
    return {
        "variant": variant, "seed": seed,
        "command": "python -m keras_gans.train " + " ".join(shlex.quote(c) for c in command[3:]),
        "quality": {k: round(v, 4) for k, v in quality.items()},
        "augment_probability_at_end": final_probability(flags["output_dir"]),
        "cpu_seconds": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        "wall_seconds": round(time.time() - start, 1),
    }


def summary(runs):
    """variant -> {measure: (mean, std)} over its recorded seeds."""
    table = {}
    for variant in VARIANTS:
        rows = [r for r in runs if r["variant"] == variant]
        if rows:
            table[variant] = {
                m: (float(np.mean([r["quality"][m] for r in rows])), float(np.std([r["quality"][m] for r in rows])))
                for m in MEASURES
            }
            table[variant]["seeds"] = len(rows)
    return table


def best(table):
    """The variant with the highest mean Inception Score (None without runs)."""
    return max(table, key=lambda v: table[v]["is"][0]) if table else None


def render(record):
    table = summary(record["runs"])
    config = record["config"]
    lines = [
        "# Training aids on a zoo recipe: EMA, DiffAugment and ADA, with and without",
        "",
        "Command:",
        "",
        "```\n" + "\n".join([record["command"], *record.get("more_commands", [])]) + "\n```",
        "",
        f"Recipe `{config['recipe']}` with `--hparams={config['hparams']} --latent_dim={config['latent_dim']}`, "
        f"{config['epochs']} epochs of "
        f"mnist_5k, seeds {config['seeds']}, plain graph (`--jit_compile=false`). EMA: "
        f"`--ema_decay={config['ema_decay']}`; DiffAugment: `diff_augment={config['diff_augment']}`; ADA "
        f"(where run): that policy with `ada_target={config.get('ada_target')}`, "
        f"`ada_adjustment_images={config.get('ada_adjustment_images')}`. "
        f"Scored on the export as the zoo scores it ({config['num_samples']} samples, seed 0; "
        "`keras_gans.zoo_quality`, kind unconditional). Mean ± std over the seeds.",
        "",
        "| variant | seeds | Inception Score | precision | recall | 1-NN accuracy (0.5 best) | CPU s per run |",
        "|---|---|---|---|---|---|---|",
    ]
    for variant, row in table.items():
        cpu = np.mean([r["cpu_seconds"] for r in record["runs"] if r["variant"] == variant])
        cells = " | ".join(f"{row[m][0]:.3f} ± {row[m][1]:.3f}" for m in MEASURES)
        lines.append(f"| {variant} | {row['seeds']} | {cells} | {cpu:.0f} |")
    winner = best(table)
    lines += ["", f"Higher mean Inception Score: **{winner}**." if winner else "No runs yet.", "", *reading(config),
              "## Runs", "",
              "| variant | seed | IS | precision | recall | 1-NN | CPU s | augmentation p at the end |",
              "|---|---|---|---|---|---|---|---|"]
    for r in record["runs"]:
        q, p = r["quality"], r.get("augment_probability_at_end")
        lines.append(f"| {r['variant']} | {r['seed']} | {q['is']:.3f} | {q['precision']:.3f} | {q['recall']:.3f} | "
                     f"{q['1nn']:.3f} | {r['cpu_seconds']:.0f} | {'' if p is None else f'{p:.3f}'} |")
    machine = record["machine"]
    lines += ["", f"Machine: {machine['cpu']}, {machine['cores']} cores, oneDNN {machine['onednn']}. "
              + recording.load_sentence(machine) + ". Runs one after the other; CPU time is what compares."]
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for key, value in DEFAULTS.items():
        parser.add_argument(f"--{key}", type=type(value), default=value)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--name", default=NAME, help="results file stem in benchmarks/results/")
    parser.add_argument("--work_dir", default=os.path.join(recording.ROOT, "runs", NAME))
    parser.add_argument("--render", action="store_true", help="only rewrite the table from the JSON")
    parser.add_argument("--quick", action="store_true", help="smoke: 2 steps a run, 100 samples, nothing written")
    args = parser.parse_args(argv)
    variants = [v for v in args.variants.split(",") if v]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        raise ValueError(f"Unknown --variants {unknown}. Expected a subset of {list(VARIANTS)}.")
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.quick:
        args.num_samples = 100
    record = recording.read_json(args.name) if not args.quick else {}
    config = {k: getattr(args, k) for k in DEFAULTS}
    # A record made before a setting existed (ADA's) compares on the settings it has; more
    # seeds add runs to the same record.
    same = [k for k in record.get("config", {}) if k != "seeds"]
    if record and any(record["config"][k] != config.get(k) for k in same):
        raise ValueError(f"{args.name}.json was measured with {record['config']}; received {config}. "
                         "Use the same settings to add runs, or move the old results away.")
    if record:
        done_seeds = sorted({int(r["seed"]) for r in record["runs"]} | set(seeds))
        record["config"]["seeds"] = ",".join(str(s) for s in done_seeds)
        command = " ".join(["python benchmarks/training_aids.py"] + [
            shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])])
        if not args.render and command != record["command"] and command not in record.get("more_commands", []):
            record.setdefault("more_commands", []).append(command)
    if not record:
        import zoo_publish  # TensorFlow: after the argument checks, so --help stays quick

        load = os.getloadavg()
        record = {"config": config, "command": " ".join(["python benchmarks/training_aids.py"] + [
            shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])]),
            "machine": {**zoo_publish.machine(), "load_average_start": load, "load_average_end": load},
            "runs": []}
    if not args.render:
        done = {(r["variant"], r["seed"]) for r in record["runs"]}
        for seed in seeds:
            for variant in variants:
                if (variant, seed) in done:
                    continue
                run = train_and_score(args, variant, seed)
                print(json.dumps(run), flush=True)
                record["runs"].append(run)
                record["machine"]["load_average_end"] = os.getloadavg()
                if not args.quick:
                    recording.write_results(args.name, record, render(record))
    if args.quick:
        print("\n".join(render(record)))
    else:
        recording.write_results(args.name, record, render(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
