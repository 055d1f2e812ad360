"""Mode collapse, second edition: each objective on the 2-D mixtures as its own paper runs it.

Usage (from the repository root):

    python benchmarks/mode_collapse_protocols.py                       # every protocol, 3 seeds
    python benchmarks/mode_collapse_protocols.py --protocols wgan_gp_toy --mixtures grid25 --seeds 0 1 2
    python benchmarks/mode_collapse_protocols.py --quick               # a smoke run into a temp dir

Every protocol keeps its paper's networks, optimizer, learning rate, batch, steps per player,
penalty weight and data scaling (``../shared/PROTOCOLS.md``); only the length is cut to a CPU
budget (``steps``), and the table says by how much. Each run trains in chunks of
``--eval_every`` generator updates and scores 2,500 samples after every chunk (modes and % high
quality against steps: the curve shows the trend a shortened run cannot reach). The finished
run's 2,500 scored samples (float32, in the data's own coordinates) are saved as
``benchmarks/results/mode_collapse/<protocol>_<mixture>_seed<k>.npy`` so anyone can recount them.

Resumable: a finished run's JSON is never redone, and an interrupted run continues from its last
chunk (model and optimizer state in ``--work_dir``; each chunk draws its data from its own seed,
so a resumed run trains on exactly the batches an uninterrupted one would).
"""

import argparse  # noqa: I001 - recording (below) must come before keras_gans, so the block is not sorted
import dataclasses
import glob
import json
import os
import platform
import shutil
import sys
import tempfile
import time

import recording  # noqa: F401 - puts the checkout on sys.path
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_gans import models  # noqa: E402
from keras_gans import networks  # noqa: E402
from keras_gans.callbacks.checkpoint import restore  # noqa: E402
from keras_gans.callbacks.checkpoint import save_checkpoint  # noqa: E402
from keras_gans.data import toys  # noqa: E402
from keras_gans.metrics import mode_statistics  # noqa: E402

NAME = "mode_collapse_protocols"
NUM_SAMPLES = 2500


@dataclasses.dataclass(frozen=True)
class Protocol:
    """One paper's 2-D protocol.

    Attributes:
        name: key of :data:`PROTOCOLS`.
        label: the row's name in the table.
        build: ``build(mixture, steps) -> (model, g_optimizer, d_optimizer)`` (uncompiled model;
            most protocols ignore both arguments).
        batch: the dataset batch (critic steps that each see a full batch get k of them).
        data_scale: per mixture, what the data is multiplied by before training (samples are
            divided by it again before scoring).
        steps: generator updates of our run (CPU budget).
        paper_steps: generator updates of the paper's run (None: the paper has no 2-D run).
        published: per mixture, ``(modes, % HQ, source)`` of the published row (None: none).
        setup: one line for the table.
        ema_decay: when set, the generator's weights are averaged (``compile(ema_decay=...)``) and
            the samples are scored with the average.
        seeds: the table's seeds (``--seeds`` overrides them).
    """

    name: str
    label: str
    build: object
    batch: int
    data_scale: dict
    steps: int
    paper_steps: int
    published: dict
    setup: str
    ema_decay: float = None
    seeds: tuple = (0, 1, 2)


def _adam(lr, beta_1, beta_2=0.999):
    return keras.optimizers.Adam(lr, beta_1=beta_1, beta_2=beta_2)


def _wgan_gp_toy(mixture=None, steps=None):
    g, critic = networks.wgan_gp_toy_networks()
    return models.WGANGP(g, critic, gp_weight=0.1, n_critic=5, seed=0), _adam(1e-4, 0.5, 0.9), _adam(1e-4, 0.5, 0.9)


def _pacgan(pack):
    def build(mixture=None, steps=None):
        g, d = networks.pacgan_toy_networks(pack)
        model = models.PacGAN(g, d, pack=pack, seed=0) if pack > 1 else models.GAN(g, d, seed=0)
        return model, _adam(1e-4, 0.8), _adam(1e-4, 0.8)

    return build


def _unrolled(mixture=None, steps=None):
    g, d = networks.unrolled_toy_networks()
    # The authors' notebook: G minimises -unrolled_loss (the minimax value) against D unrolled 5 Adam steps.
    model = models.UnrolledGAN(g, d, unroll_steps=5, loss="minimax", seed=0)
    return model, _adam(1e-3, 0.5), _adam(1e-4, 0.5)


def _veegan_gan(mixture=None, steps=None):
    g, d = networks.veegan_toy_networks()
    return models.GAN(g, d, seed=0), _adam(1e-3, 0.5), _adam(1e-3, 0.5)


def _infogan_modes(mixture, steps):
    # One category of the code per mode: the only protocol told how many modes there are. With a
    # categorical code, G need not stretch one continuous latent across the gaps between modes (the
    # trail of between-mode samples that caps % HQ); Q's head makes each category a distinct mode.
    num_modes = len(toys.mixture_spec(mixture)[0])
    g = networks.conditional_mlp_generator(latent_dim=2, num_classes=num_modes, hidden_units=(128, 128, 128))
    d = networks.auxiliary_mlp_discriminator(num_classes=num_modes, hidden_units=(128, 128, 128))
    model = models.InfoGAN(g, d, num_categories=num_modes, num_continuous=0, latent_dim=2, info_weight=1.0, seed=0)

    def lr(rate):  # annealed to 0 over the run: at a constant rate the players diverged (probes)
        return keras.optimizers.schedules.CosineDecay(rate, steps)

    return model, keras.optimizers.Adam(lr(1e-3), beta_1=0.5), keras.optimizers.Adam(lr(1e-3), beta_1=0.5)


_PACGAN_TABLE = {  # PacGAN Table 1, mean of 10 runs: (ring modes, % HQ), (grid modes, % HQ)
    1: ((6.3, 98.2), (17.3, 94.8)), 2: ((7.9, 95.6), (23.8, 91.3)),
    3: ((7.8, 97.7), (24.6, 94.2)), 4: ((7.8, 95.9), (24.8, 93.6)),
}


def _pacgan_protocol(pack):
    ring, grid = _PACGAN_TABLE[pack]
    label = "GAN (PacGAN protocol)" if pack == 1 else f"PacGAN{pack}"
    return Protocol(
        f"pacgan{pack}_paper", label, _pacgan(pack), batch=100 * pack, data_scale={"ring8": 1.0, "grid25": 1.0},
        steps=6000, paper_steps=400_000,
        published={"ring8": (*ring, "PacGAN Table 1"), "grid25": (*grid, "PacGAN Table 1")},
        setup=f"G 4x400 BN+ReLU, D 3x200 maxout(5){f' on packs of {pack}' if pack > 1 else ''}, N(0, 0.02) init; "
              f"Adam(1e-4, 0.8); {100} {'packs' if pack > 1 else 'samples'} per step",
    )


PROTOCOLS = {p.name: p for p in [
    Protocol(
        "wgan_gp_toy", "WGAN-GP", _wgan_gp_toy, batch=5 * 256,
        # gan_toy.py divides its 25-Gaussian grid by 2.828; its ring (radius 2, std 0.02) by 1.414,
        # which is our unit ring (std 0.01) times 1.414.
        data_scale={"grid25": 1 / 2.828, "ring8": 1.414}, steps=4000, paper_steps=100_000,
        published={"ring8": (6.8, 59.6, "quoted beside VEEGAN (source unverified)"),
                   "grid25": (24.2, 28.7, "quoted beside VEEGAN (source unverified)")},
        setup="G, critic 3x512 ReLU; lambda 0.1; 5 critic steps, each on a full batch of 256; Adam(1e-4, 0.5, 0.9)",
    ),
    *[_pacgan_protocol(pack) for pack in (1, 2, 3, 4)],
    Protocol(
        "unrolled_paper", "Unrolled GAN (5 steps)", _unrolled, batch=512, data_scale={"ring8": 1.0, "grid25": 1.0},
        steps=6000, paper_steps=25_000,
        published={"ring8": (7.6, 35.6, "VEEGAN Table 1"), "grid25": (23.6, 16.0, "VEEGAN Table 1")},
        setup="G, D 2x128 tanh, orthogonal(1.4); z 256-d; D Adam(1e-4, 0.5), G Adam(1e-3, 0.5); batch 512; "
              "5 unrolled Adam steps, G on the minimax value",
    ),
    Protocol(
        "gan_veegan", "GAN (VEEGAN protocol, control)", _veegan_gan, batch=500,
        data_scale={"ring8": 1.0, "grid25": 1.0}, steps=6000, paper_steps=100_000,
        published={"ring8": (1.0, 99.3, "VEEGAN Table 1"), "grid25": (3.3, 0.5, "VEEGAN Table 1")},
        setup="G 2x128 ReLU, D 1x128; Adam(1e-3, 0.5); batch 500 (z size unverified: 2)",
    ),
    Protocol(
        "infogan_modes", "InfoGAN (one code per mode)", _infogan_modes, batch=256,
        data_scale={"ring8": 1.0, "grid25": 1.0}, steps=20_000, paper_steps=None,
        published={"ring8": None, "grid25": None}, ema_decay=0.999, seeds=(3, 4, 5),  # 0-2 chose it (probes)
        setup="ours (InfoGAN has no 2-D run; chosen by probes on seeds 0-2, measured on seeds 3-5): G, D 3x128 "
              "ReLU, D's body shared with Q's head; z 2-d and a categorical code of one category per mode (8 or "
              "25: the only protocol told the number of modes); info weight 1; Adam(1e-3, 0.5) for both, "
              "cosine-annealed to 0 over the run; batch 256; scored with the generator's weights averaged "
              "(EMA 0.999) and the codes drawn in turn",
    ),
]}


def _paths(out_dir, work_dir, protocol, mixture, seed):
    stem = f"{protocol}_{mixture}_seed{seed}"
    return (os.path.join(out_dir, f"{stem}.json"), os.path.join(out_dir, f"{stem}.npy"),
            os.path.join(work_dir, stem), os.path.join(work_dir, f"{stem}.partial.json"))


def _score(model, mixture, scale, seed, ema=False):
    if ema:
        with model.ema_weights():
            return _score(model, mixture, scale, seed)
    samples = np.asarray(model.generate(NUM_SAMPLES, seed=10_000 + seed), "float32") / np.float32(scale)
    centers, std = toys.mixture_spec(mixture)
    stats = mode_statistics(samples, centers, std)
    return samples, {"modes": int(stats["modes"]), "high_quality_pct": 100.0 * float(stats["high_quality"]),
                     "reverse_kl": float(stats["reverse_kl"])}


def _chunk_data(mixture, batch, scale, seed, chunk):
    data = toys.sample_mixture(mixture, batch * 64, seed=seed * 100_003 + chunk)[0] * np.float32(scale)
    return tf.data.Dataset.from_tensor_slices(data.astype("float32")).repeat().batch(batch, drop_remainder=True)


def run_one(protocol, mixture, seed, steps, eval_every, out_dir, work_dir, max_chunks=None, jit=False,
            steps_per_execution=50, deadline=None):
    """Trains (or resumes) one run; writes its JSON and samples; returns the record.

    With ``max_chunks`` it stops after that many chunks, leaving its state in ``work_dir``,
    and returns None unless the run finished (a budget can be spent in slices). With
    ``deadline`` (a ``time.time()``), the first chunk that ends after it ends the run: the
    record says the steps reached (``steps``) and ``stopped_at_deadline``.
    """
    final, samples_path, checkpoint, partial = _paths(out_dir, work_dir, protocol.name, mixture, seed)
    if os.path.exists(final):
        with open(final) as f:
            return json.load(f)
    scale = protocol.data_scale[mixture]
    keras.utils.set_random_seed(seed)
    model, g_opt, d_opt = protocol.build(mixture, steps)
    model.compile(g_optimizer=g_opt, d_optimizer=d_opt, jit_compile=jit, steps_per_execution=steps_per_execution,
                  ema_decay=protocol.ema_decay)
    if os.path.exists(partial) and os.path.exists(checkpoint):
        with open(partial) as f:
            record = json.load(f)
        # Weights, optimizer slots and counters, and the latent sampler's RNG state (keras_gans' checkpoints).
        model.build_optimizers()
        restore(model, checkpoint)
    else:
        record = {"protocol": protocol.name, "label": protocol.label, "mixture": mixture, "seed": seed,
                  "steps": steps, "batch": protocol.batch, "data_scale": scale, "curve": [],
                  "train_cpu_seconds": 0.0, "train_seconds": 0.0, "machine": _machine()}
    chunks = 0
    while record["curve"] == [] or record["curve"][-1]["step"] < steps:
        if max_chunks is not None and chunks >= max_chunks:
            return None
        chunks += 1
        done = record["curve"][-1]["step"] if record["curve"] else 0
        chunk = min(eval_every, steps - done)
        cpu, wall = time.process_time(), time.time()
        model.fit(_chunk_data(mixture, protocol.batch, scale, seed, done // eval_every), epochs=1,
                  steps_per_epoch=chunk, verbose=0)
        record["train_cpu_seconds"] += time.process_time() - cpu
        record["train_seconds"] += time.time() - wall
        samples, stats = _score(model, mixture, scale, seed, ema=protocol.ema_decay is not None)
        record["curve"].append({"step": done + chunk, **stats})
        print(f"{protocol.name} {mixture} seed {seed}: step {done + chunk} {stats}", flush=True)
        if deadline is not None and time.time() > deadline and done + chunk < steps:
            record.update(steps=done + chunk, planned_steps=steps, stopped_at_deadline=True)
            break
        if done + chunk < steps:
            save_checkpoint(model, checkpoint, epoch=len(record["curve"]), keep=1)
            with open(partial, "w") as f:
                json.dump(record, f)
    record.update(record["curve"][-1])
    np.save(samples_path, samples.astype("float32"))
    with open(final, "w") as f:
        json.dump(record, f, indent=1)
    shutil.rmtree(checkpoint, ignore_errors=True)
    if os.path.exists(partial):
        os.remove(partial)
    return record


def summarize(records):
    """Mean and standard deviation over seeds per (protocol, mixture)."""
    groups = {}
    for r in records:
        groups.setdefault((r["protocol"], r["mixture"]), []).append(r)
    rows = []
    for (name, mixture), group in groups.items():
        row = {"protocol": name, "mixture": mixture, "seeds": sorted(r["seed"] for r in group),
               "steps": min(r["steps"] for r in group), "steps_max": max(r["steps"] for r in group)}
        for key in ("modes", "high_quality_pct", "reverse_kl", "train_cpu_seconds"):
            values = np.array([r[key] for r in group], "float64")
            row[key], row[key + "_std"] = float(values.mean()), float(values.std())
        row["machines"] = sorted({r.get("machine", "not recorded") for r in group})
        rows.append(row)
    return rows


def _steps(row):
    # Runs stopped at a deadline (--deadline_min) may reach different lengths.
    low, high = row["steps"], row.get("steps_max", row["steps"])
    return f"{low:,}" if low == high else f"{low:,}-{high:,}"


def render(rows, commands, machine):
    """The table; ``commands``: every invocation whose runs it holds (a finished run is never redone)."""
    commands = [commands] if isinstance(commands, str) else list(commands)
    machines = sorted({m for row in rows for m in row.get("machines", [machine])})
    lines = [
        "# Mode collapse, second edition: each objective under its own paper's protocol",
        "",
        "Commands (in order; each adds the runs not yet finished): " + "; ".join(f"`{c}`" for c in commands) + ". "
        "Machines (column 'machine'): " + "; ".join(f"[{i + 1}] {m}" for i, m in enumerate(machines)) + ". "
        "2,500 samples per run, scored by "
        "`keras_gans.metrics.mode_statistics` (a sample is high quality within 3 std of its nearest centre; a "
        "mode is covered when an HQ sample is nearest to it). Mean ± std over the seeds. The scored samples of "
        "every run are in `benchmarks/results/mode_collapse/` (`<protocol>_<mixture>_seed<k>.npy`, data "
        "coordinates), the curves in `mode_collapse_protocols.png`. Runs are shorter than the papers' (column "
        "'steps'); the curves show where each is heading.",
        "",
        "| protocol | mixture | seeds | steps (paper) | modes | % HQ | reverse KL | published modes / % HQ | CPU s / run "
        "| machine |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in sorted(rows, key=lambda r: (list(PROTOCOLS).index(r["protocol"]), r["mixture"])):
        p = PROTOCOLS[row["protocol"]]
        published = p.published[row["mixture"]]
        published = "none" if published is None else f"{published[0]} / {published[1]} ({published[2]})"
        paper = "none" if p.paper_steps is None else f"{p.paper_steps:,}"
        lines.append(
            f"| {p.label} | {row['mixture']} | {len(row['seeds'])} | {_steps(row)} ({paper}) | "
            f"{row['modes']:.1f} ± {row['modes_std']:.1f} | {row['high_quality_pct']:.1f} ± "
            f"{row['high_quality_pct_std']:.1f} | {row['reverse_kl']:.2f} | {published} | "
            f"{row['train_cpu_seconds']:.0f} | "
            + ", ".join(f"[{machines.index(m) + 1}]" for m in row.get("machines", [machine])) + " |"
        )
    lines += ["", "## Protocols", ""]
    lines += [f"- **{p.label}** (`{p.name}`): {p.setup}." for p in PROTOCOLS.values()]
    return lines


def plot(records, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex="col")
    for col, mixture in enumerate(("ring8", "grid25")):
        for r in sorted(records, key=lambda r: (r["protocol"], r["seed"])):
            if r["mixture"] != mixture:
                continue
            steps = [c["step"] for c in r["curve"]]
            color = f"C{list(PROTOCOLS).index(r['protocol'])}"
            label = PROTOCOLS[r["protocol"]].label if r["seed"] == min(
                x["seed"] for x in records if x["protocol"] == r["protocol"] and x["mixture"] == mixture) else None
            axes[0, col].plot(steps, [c["modes"] for c in r["curve"]], color=color, label=label, alpha=0.8)
            axes[1, col].plot(steps, [c["high_quality_pct"] for c in r["curve"]], color=color, alpha=0.8)
        if mixture == "grid25":  # the best published grid row (point 4's aim is above it)
            axes[1, col].axhline(93.6, color="k", ls="--", lw=0.8, label="PacGAN4, PacGAN Table 1: 93.6 %")
            axes[1, col].legend(fontsize=7, loc="center right")
        axes[0, col].set_title(mixture)
        axes[0, col].set_ylabel("modes covered")
        axes[1, col].set_ylabel("% high quality")
        axes[1, col].set_xlabel("generator updates")
        axes[0, col].legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def _machine():
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, TF {tf.__version__}"
    try:
        with open("/proc/cpuinfo") as f:
            machine = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name")) + \
                f", {os.cpu_count()} cores, TF {tf.__version__}"
    except (OSError, StopIteration):
        pass
    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        details = tf.config.experimental.get_device_details(gpus[0])
        machine += f", {len(gpus)} x {details.get('device_name', 'GPU')}"
    return machine


def _run_task(task):
    """One run in a worker process (``--workers`` > 1): GPU memory grows as needed, so runs share one GPU."""
    for gpu in tf.config.list_physical_devices("GPU"):
        tf.config.experimental.set_memory_growth(gpu, True)
    name, mixture, seed, steps, kwargs = task
    return run_one(PROTOCOLS[name], mixture, seed, steps, **kwargs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocols", nargs="+", default=list(PROTOCOLS), choices=list(PROTOCOLS))
    parser.add_argument("--mixtures", nargs="+", default=["ring8", "grid25"], choices=["ring8", "grid25"])
    parser.add_argument("--seeds", nargs="+", type=int, default=None,
                        help="default: each protocol's (0 1 2; InfoGAN 3 4 5, as probes chose it on 0-2)")
    parser.add_argument("--steps", type=int, default=None, help="generator updates per run (default: the protocol's)")
    parser.add_argument("--paper_length", action="store_true",
                        help="the papers' numbers of generator updates (column 'paper' of the table)")
    parser.add_argument("--eval_every", type=int, default=500)
    parser.add_argument("--out_dir", default=os.path.join(recording.RESULTS, "mode_collapse"))
    parser.add_argument("--work_dir", default=os.path.join(recording.ROOT, "runs", "mode_collapse_protocols"))
    parser.add_argument("--name", default=NAME, help="benchmarks/results/<name>.md, .json and .png")
    parser.add_argument("--max_chunks", type=int, default=None,
                        help="stop each run after this many chunks this time (resume later)")
    parser.add_argument("--jit", action="store_true", help="XLA (on a GPU; our CPU runs are without)")
    parser.add_argument("--steps_per_execution", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1, help="runs in parallel processes")
    parser.add_argument("--deadline_min", type=float, default=None,
                        help="wall minutes from the start; each run ends with the first chunk past it")
    parser.add_argument("--quick", action="store_true", help="10 steps per run into a temporary directory")
    args = parser.parse_args(argv)
    if args.quick:
        args.out_dir = args.work_dir = tempfile.mkdtemp(prefix="mode_collapse_protocols_")
        args.steps, args.eval_every = 10, 5
    os.makedirs(args.out_dir, exist_ok=True)
    os.makedirs(args.work_dir, exist_ok=True)
    deadline = None if args.deadline_min is None else time.time() + 60 * args.deadline_min
    kwargs = {"eval_every": args.eval_every, "out_dir": args.out_dir, "work_dir": args.work_dir,
              "max_chunks": args.max_chunks, "jit": args.jit, "steps_per_execution": args.steps_per_execution,
              "deadline": deadline}
    tasks = [(name, mixture, seed,
              args.steps or (args.paper_length and PROTOCOLS[name].paper_steps) or PROTOCOLS[name].steps, kwargs)
             for name in args.protocols for mixture in args.mixtures
             for seed in (args.seeds or PROTOCOLS[name].seeds)]
    if args.workers > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(min(args.workers, len(tasks))) as pool:
            pool.map(_run_task, tasks, chunksize=1)
    else:
        for task in tasks:
            _run_task(task)
    records = []
    for path in sorted(glob.glob(os.path.join(args.out_dir, "*_seed*.json"))):
        with open(path) as f:
            records.append(json.load(f))
    machine = _machine()
    command = "python benchmarks/mode_collapse_protocols.py " + " ".join(sys.argv[1:] if argv is None else argv)
    rows = summarize(records)
    if args.quick:
        print("\n".join(render(rows, command, machine)))
        shutil.rmtree(args.out_dir, ignore_errors=True)
        return rows
    commands = []
    previous = os.path.join(recording.RESULTS, f"{args.name}.json")
    if os.path.exists(previous):
        with open(previous) as f:
            old = json.load(f)
        commands = old.get("commands", [old["command"]] if "command" in old else [])
    commands = [c for c in commands if c != command] + [command]
    recording.write_results(args.name, {"commands": commands, "machine": machine, "runs": records, "rows": rows},
                            render(rows, commands, machine))
    plot(records, os.path.join(recording.RESULTS, f"{args.name}.png"))
    return rows


if __name__ == "__main__":
    main()
