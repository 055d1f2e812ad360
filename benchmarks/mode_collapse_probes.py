"""Probes of the second-edition mode-collapse table (grid25): what chose a protocol, what explains a miss.

    python benchmarks/mode_collapse_probes.py                       # every variant, its seeds
    python benchmarks/mode_collapse_probes.py --variants infogan_ema --seeds 0

- ``infogan_*``: InfoGAN's paper has no 2-D run, so its protocol in ``mode_collapse_protocols.py``
  is ours. Each variant changes one thing of the chosen one (``infogan_ema``: D and G at
  Adam(1e-3, 0.5), both cosine-annealed to 0 over 20,000 steps, the generator's weights averaged
  with EMA 0.999 and scored). They ran on seeds 0-2; the table's row was then measured on seeds
  3-5, which no probe used.
- ``pacgan4_lr1e-3``: PacGAN4's protocol with both learning rates at 1e-3 instead of 1e-4, the
  same 6,000 steps: whether the protocol, given ten times the movement, leaves the smeared phase
  where the table's 6,000 steps of the paper's 400,000 do not.
- ``pacgan4_long``: PacGAN4's protocol unchanged for 60,000 steps (15 % of the paper's length):
  whether the curve starts to rise.

Runs are resumable and never redone (``mode_collapse_protocols.run_one``).
Results: ``benchmarks/results/mode_collapse_probes.{md,json,png}``, samples in ``mode_collapse_probes/``.
"""

import argparse  # noqa: I001 - recording (below) must come before keras_gans, so the block is not sorted
import dataclasses
import glob
import json
import os
import sys

import recording  # noqa: F401 - puts the checkout on sys.path
import keras  # noqa: E402
import numpy as np  # noqa: E402

import mode_collapse_protocols as mcp  # noqa: E402
from keras_gans import models  # noqa: E402
from keras_gans import networks  # noqa: E402
from keras_gans.data import toys  # noqa: E402

NAME = "mode_collapse_probes"
# name -> (what differs from the table's protocol, settings); the prefix names the protocol.
VARIANTS = {
    "infogan_ema": ("the chosen protocol", {}),
    "infogan_d2e-4_constant": ("D at InfoGAN's 2e-4, no annealing, no EMA",
                               {"d_lr": 2e-4, "anneal": False, "ema": None}),
    "infogan_d2e-4_constant_wide": ("as infogan_d2e-4_constant, networks 3x256",
                                    {"d_lr": 2e-4, "anneal": False, "ema": None, "width": 256}),
    "infogan_d2e-4": ("D at InfoGAN's 2e-4, no EMA", {"d_lr": 2e-4, "ema": None}),
    "infogan_d2e-4_batch1024": ("D at 2e-4, batch 1,024, no EMA", {"d_lr": 2e-4, "ema": None, "batch": 1024}),
    "infogan_no_ema": ("no EMA", {"ema": None}),
    "infogan_no_ema_floor": ("no EMA, annealed to 0.1 of the rate instead of 0", {"ema": None, "floor": 0.1}),
    "infogan_ema_constant": ("no annealing", {"anneal": False}),
    "infogan_ema_floor": ("annealed to 0.1 of the rate instead of 0", {"floor": 0.1}),
    "pacgan4_lr1e-3": ("PacGAN4 (the table's protocol) with Adam(1e-3, 0.8) for both players instead of 1e-4",
                       {"lr": 1e-3}),
    "pacgan4_long": ("PacGAN4, the table's protocol unchanged, 10 times as long (15 % of the paper's 400,000)",
                     {"steps": 60_000, "eval_every": 2000}),
}
SEEDS = {"infogan_d2e-4_constant": [0], "infogan_d2e-4_constant_wide": [0], "infogan_d2e-4": [0, 1],
         "infogan_d2e-4_batch1024": [0, 1], "pacgan4_lr1e-3": [0, 1], "pacgan4_long": [0, 1]}
# Runs made by the scratch script this one was written from, adopted unchanged: the same networks,
# optimizers, data and scoring through mode_collapse_protocols.run_one, CPU time as measured there.
ADOPTED = [v for v in VARIANTS if v.startswith("infogan_") and v != "infogan_ema_floor"]
STEPS = {"infogan": 20_000, "pacgan4": 6_000}
EVAL_EVERY = {"infogan": 1000, "pacgan4": 500}


def _family(variant):
    return variant.split("_", 1)[0]


def _infogan(variant):
    settings = {"g_lr": 1e-3, "d_lr": 1e-3, "anneal": True, "floor": 0.0, "ema": 0.999, "width": 128, "batch": 256,
                **VARIANTS[variant][1]}

    def build(mixture, steps):
        num_modes = len(toys.mixture_spec(mixture)[0])
        hidden = (settings["width"],) * 3
        g = networks.conditional_mlp_generator(latent_dim=2, num_classes=num_modes, hidden_units=hidden)
        d = networks.auxiliary_mlp_discriminator(num_classes=num_modes, hidden_units=hidden)
        model = models.InfoGAN(g, d, num_categories=num_modes, num_continuous=0, latent_dim=2, seed=0)

        def lr(rate):
            return keras.optimizers.schedules.CosineDecay(rate, steps, alpha=settings["floor"]) \
                if settings["anneal"] else rate

        return model, keras.optimizers.Adam(lr(settings["g_lr"]), beta_1=0.5), \
            keras.optimizers.Adam(lr(settings["d_lr"]), beta_1=0.5)

    return dataclasses.replace(mcp.PROTOCOLS["infogan_modes"], build=build, batch=settings["batch"],
                               ema_decay=settings["ema"])


def _pacgan4(variant):
    lr = VARIANTS[variant][1].get("lr")
    if lr is None:
        return mcp.PROTOCOLS["pacgan4_paper"]

    def build(mixture, steps):
        model, _, _ = mcp.PROTOCOLS["pacgan4_paper"].build(mixture, steps)
        return model, keras.optimizers.Adam(lr, beta_1=0.8), keras.optimizers.Adam(lr, beta_1=0.8)

    return dataclasses.replace(mcp.PROTOCOLS["pacgan4_paper"], build=build)


def protocol(variant):
    """The table's protocol with the variant's change; named and labelled by the variant."""
    base = _infogan(variant) if _family(variant) == "infogan" else _pacgan4(variant)
    return dataclasses.replace(base, name=variant, label=variant, setup=VARIANTS[variant][0])


def geometry(samples_dir):
    """Where the table's grid samples lie: per protocol, the mean over seeds of the median distance to the
    nearest centre and the fractions within 0.15 (HQ) and 0.5 of it, read from the saved ``.npy`` files;
    with points uniform over [-5, 5]^2 (no structure at all) as the reference."""
    centers, _ = toys.mixture_spec("grid25")

    def stats(points):
        distance = np.linalg.norm(points[:, None, :] - centers[None], axis=-1).min(axis=1)
        return [float(np.median(distance)), float((distance <= 0.15).mean()), float((distance <= 0.5).mean())]

    rows = {}
    for name in mcp.PROTOCOLS:
        paths = sorted(glob.glob(os.path.join(samples_dir, f"{name}_grid25_seed*.npy")))
        if paths:
            rows[name] = [len(paths), *np.mean([stats(np.load(path)) for path in paths], axis=0).tolist()]
    rows["uniform"] = [1, *stats(np.random.default_rng(0).uniform(-5, 5, (2500, 2)))]
    return rows


def render(records, commands, geometry_rows=None):
    lines = [
        "# Mode-collapse probes on grid25: what chose a protocol, what explains a miss",
        "",
        "Commands (in order; each adds the runs not yet finished): " + "; ".join(f"`{c}`" for c in commands)
        + ". Each variant differs from its protocol in `mode_collapse_protocols.md` in what its line says. "
        "`infogan_*`: 20,000 steps, scored every 1,000 (the runs of `infogan_d2e-4*` without a batch in the "
        "name: every 500); the table's InfoGAN row (`infogan_ema`) was measured there on seeds 3-5. "
        "`pacgan4_*`: 6,000 steps scored every 500, or 60,000 scored every 2,000 (`pacgan4_long`). The runs "
        "of " + ", ".join(f"`{v}`" for v in ADOPTED) + " were made by the scratch script this one was "
        "written from (same networks, optimizers, data and scoring) and adopted unchanged; as each chunk of "
        "steps draws its own data, a rerun here of the runs scored every 500 steps trains on other batches. "
        "2,500 samples per score. 'late': the mean of the scores in the last quarter of the run, which shows "
        "whether the end state is steady; 'min late': the lowest % HQ there. Curves: `mode_collapse_probes.png`.",
        "",
        "| variant | what differs | seed | steps | modes | % HQ | late: modes / % HQ | min late % HQ | CPU s | machine |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(records, key=lambda r: (list(VARIANTS).index(r["label"]), r["seed"])):
        late = [c for c in r["curve"] if c["step"] > 0.75 * r["steps"]]
        lines.append(
            f"| {r['label']} | {VARIANTS[r['label']][0]} | {r['seed']} | {r['steps']:,} | {r['modes']} | "
            f"{r['high_quality_pct']:.1f} | {sum(c['modes'] for c in late) / len(late):.1f} / "
            f"{sum(c['high_quality_pct'] for c in late) / len(late):.1f} | "
            f"{min(c['high_quality_pct'] for c in late):.1f} | {r['train_cpu_seconds']:.0f} | "
            f"{r.get('machine', 'not recorded')} |"
        )
    if geometry_rows:
        lines += [
            "",
            "## Where the table's grid samples lie",
            "",
            "From the saved samples of `mode_collapse_protocols.md`'s grid runs (mean over their seeds); grid "
            "spacing 2, HQ radius 0.15. 'uniform': 2,500 points uniform over [-5, 5]^2, no structure at all.",
            "",
            "| protocol | seeds | median distance to the nearest centre | within 0.15 (HQ) | within 0.5 |",
            "|---|---|---|---|---|",
        ]
        for name, (seeds, median, hq, half) in geometry_rows.items():
            label = mcp.PROTOCOLS[name].label if name in mcp.PROTOCOLS else name
            lines.append(f"| {label} | {seeds} | {median:.3f} | {hq:.3f} | {half:.3f} |")
    return lines


def plot(records, table_dir, path):
    """% HQ against steps: PacGAN4's table runs and probes (left), the InfoGAN probes (right)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = []
    for file in sorted(glob.glob(os.path.join(table_dir, "pacgan4_paper_grid25_seed*.json"))):
        with open(file) as f:
            table.append({**json.load(f), "label": "pacgan4 (the table's run)"})
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
    for ax, family, runs in ((axes[0], "pacgan4", table + records), (axes[1], "infogan", records)):
        labels = sorted({r["label"] for r in runs if r["label"].startswith(family)})
        for r in runs:
            if r["label"] in labels:
                seen = r["seed"] == min(x["seed"] for x in runs if x["label"] == r["label"])
                ax.plot([c["step"] for c in r["curve"]], [c["high_quality_pct"] for c in r["curve"]],
                        color=f"C{labels.index(r['label'])}", alpha=0.8, label=r["label"] if seen else None)
        ax.axhline(93.6, color="k", ls="--", lw=0.8, label="PacGAN4, PacGAN Table 1: 93.6 %")
        ax.set_xlabel("generator updates")
        ax.set_ylabel("% high quality (grid25)")
        ax.legend(fontsize=7)
    axes[0].set_title("PacGAN4 (paper: 400,000 updates)")
    axes[1].set_title("InfoGAN, one code per mode (probes, seeds 0-2)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    parser.add_argument("--seeds", nargs="+", type=int, default=None, help="default: each variant's probe seeds")
    parser.add_argument("--out_dir", default=os.path.join(recording.RESULTS, NAME))
    parser.add_argument("--work_dir", default=os.path.join(recording.ROOT, "runs", NAME))
    args = parser.parse_args(argv)
    os.makedirs(args.out_dir, exist_ok=True)
    os.makedirs(args.work_dir, exist_ok=True)
    for variant in args.variants:
        family, settings = _family(variant), VARIANTS[variant][1]
        for seed in args.seeds or SEEDS.get(variant, [0, 1, 2]):
            mcp.run_one(protocol(variant), "grid25", seed, settings.get("steps", STEPS[family]),
                        settings.get("eval_every", EVAL_EVERY[family]), args.out_dir, args.work_dir)
    records = []  # every finished run in out_dir, of this invocation or an earlier one
    for path in sorted(glob.glob(os.path.join(args.out_dir, "*_seed*.json"))):
        with open(path) as f:
            record = json.load(f)
        if record["label"] in VARIANTS:
            records.append(record)
    command = " ".join(["python benchmarks/mode_collapse_probes.py", *(sys.argv[1:] if argv is None else argv)])
    commands = [c for c in recording.read_json(NAME).get("commands", []) if c != command] + [command]
    shapes = geometry(os.path.join(recording.RESULTS, "mode_collapse"))
    recording.write_results(NAME, {"commands": commands, "runs": records, "geometry": shapes},
                            render(records, commands, shapes))
    plot(records, os.path.join(recording.RESULTS, "mode_collapse"), os.path.join(recording.RESULTS, f"{NAME}.png"))
    return records


if __name__ == "__main__":
    main()
