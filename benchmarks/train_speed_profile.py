"""Where one DCGAN training step's time goes on CPU, phase by phase, with oneDNN on and off.

    python benchmarks/train_speed_profile.py                      # 28x28 and 64x64, batch 64
    python benchmarks/train_speed_profile.py --configs 28x64 --trials 2 --out /tmp/p   # smoke

For each image size and each oneDNN setting (a fresh child process each,
since TensorFlow reads ``TF_ENABLE_ONEDNN_OPTS`` once, at import) it times,
in interleaved trials (medians):

- input pipeline: ``next()`` on the training ``tf.data`` iterator alone;
- D step: ``model.discriminator_step(real)`` (G forward, D forward/backward on
  real and fake, Adam update) as one ``tf.function``;
- G step: ``model.generator_step(real)`` (G and D forward, backward through
  both, Adam update on G);
- whole step as one ``tf.function`` of ``train_step`` (D + G step + trackers);
- whole step through ``fit`` (adds Keras' per-step Python: callbacks, logs,
  the iterator); "fit overhead" is ``fit`` minus the ``tf.function`` step;

each in float32 without XLA, float32 with XLA, and mixed_bfloat16 without XLA.
Writes ``benchmarks/results/train_speed_profile.{md,json}``.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
RESULTS = os.path.join(ROOT, "benchmarks", "results")
VARIANTS = [("float32, graph", False, "float32"), ("float32, XLA", True, "float32"),
            ("bfloat16, graph", False, "mixed_bfloat16")]
PHASES = ["input pipeline", "D step", "G step", "train_step (tf.function)", "fit step"]


def child(size, batch, trials, threads):
    """Runs in the child: every phase of every variant, interleaved; prints one JSON line."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tensorflow as tf

    from benchmarks.train_speed import image_data
    from benchmarks.train_speed import onednn_enabled
    from keras_gans.data.arrays import to_dataset
    from keras_gans.models import DCGAN

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    images = image_data(size)
    dataset = to_dataset(images, batch_size=batch, seed=0, repeat=True)
    timers = {}
    real = next(iter(dataset))

    def build(jit, precision):
        keras.mixed_precision.set_global_policy(precision)
        keras.utils.set_random_seed(0)
        model = DCGAN(image_shape=images.shape[1:], latent_dim=100, seed=0)
        model.compile(jit_compile=jit)
        keras.mixed_precision.set_global_policy("float32")
        return model

    for name, jit, precision in VARIANTS:
        # One model per function: a step records state on the model while it is traced.
        for phase, method in [("D step", "discriminator_step"), ("G step", "generator_step"),
                              ("train_step (tf.function)", "train_step")]:
            fn = tf.function(getattr(build(jit, precision), method), jit_compile=jit)

            def run(fn=fn):
                tf.nest.map_structure(lambda t: t.numpy(), fn(real))
            run()
            timers[(name, phase)] = run
        model = build(jit, precision)
        model.fit(dataset, epochs=1, steps_per_epoch=2, verbose=0)

        def fit_steps(model=model, steps=4):
            t0 = time.perf_counter()
            model.fit(dataset, epochs=1, steps_per_epoch=steps + 1, verbose=0)
            t1 = time.perf_counter()
            model.fit(dataset, epochs=1, steps_per_epoch=1, verbose=0)
            # The difference of two fits cancels fit's own setup; per step.
            return ((t1 - t0) - (time.perf_counter() - t1)) / steps

        timers[(name, "fit step")] = fit_steps
    iterator = iter(dataset)
    next(iterator)

    def pipeline():
        next(iterator)
    timers[("-", "input pipeline")] = pipeline
    results = {key: [] for key in timers}
    for trial in range(trials):
        for key in (list(timers) if trial % 2 == 0 else list(reversed(timers))):
            if key[1] == "fit step":
                results[key].append(timers[key]())
                continue
            reps = 3 if key[1] != "input pipeline" else 20
            t0 = time.perf_counter()
            for _ in range(reps):
                timers[key]()
            results[key].append((time.perf_counter() - t0) / reps)
    rows = [{"variant": v, "phase": p, "ms": 1e3 * statistics.median(t), "trials_ms": [1e3 * x for x in t]}
            for (v, p), t in results.items()]
    print("RESULT " + json.dumps({"size": size, "batch": batch, "onednn": onednn_enabled(), "rows": rows}))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", default="28x64,64x64", help="image size x batch size pairs")
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--onednn", default="1,0", help="TF_ENABLE_ONEDNN_OPTS values to run")
    parser.add_argument("--out", default=os.path.join(RESULTS, "train_speed_profile"))
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--render", default=None, help="re-render the Markdown of this JSON report and exit")
    args = parser.parse_args(argv)
    if args.render:
        with open(args.render) as f:
            report = json.load(f)
        with open(args.render[: -len(".json")] + ".md", "w") as f:
            f.write(markdown(report))
        return None
    if args.child:
        size, batch = (int(v) for v in args.child.split("x"))
        return child(size, batch, args.trials, args.threads)
    from benchmarks.train_speed import cpu_info

    started = time.time()
    report = {"command": "python benchmarks/train_speed_profile.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "machine": cpu_info(), "load_average_start": os.getloadavg(), "threads": args.threads, "runs": [],
              "started": started}
    for config in args.configs.split(","):
        for onednn in args.onednn.split(","):
            cpu0 = resource_cpu()
            out = subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--child", config, "--trials", str(args.trials),
                 "--threads", str(args.threads)],
                env={**os.environ, "TF_ENABLE_ONEDNN_OPTS": onednn, "PYTHONPATH": ROOT},
                capture_output=True, text=True, check=True)
            run = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))[7:])
            run["cpu_s"] = resource_cpu() - cpu0
            report["runs"].append(run)
            write(report, args.out)  # partial results survive an interrupted run
            print(config, "oneDNN", run["onednn"], {f"{r['variant']}/{r['phase']}": round(r["ms"], 1)
                                                    for r in run["rows"]}, flush=True)
    write(report, args.out)


def write(report, out):
    report["load_average_end"] = os.getloadavg()
    report["wall_s"] = time.time() - report["started"]
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out + ".json", "w") as f:
        json.dump(report, f, indent=2)
    with open(out + ".md", "w") as f:
        f.write(markdown(report))


def resource_cpu():
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def markdown(report):
    m = report["machine"]
    lines = [
        "# Where a DCGAN training step's time goes on CPU (phases, oneDNN on and off)", "",
        f"Command: `{report['command']}`", "",
        f"Machine: {m['cpu']}, {m['cpus']} cores ({', '.join(m['cpu_flags'])}); threads: intra-op "
        f"{report['threads']}, inter-op 1. Load average (1/5/15 min) at the start "
        f"{' / '.join(f'{v:.1f}' for v in report['load_average_start'])}, at the end "
        f"{' / '.join(f'{v:.1f}' for v in report['load_average_end'])} on 2 cores"
        + (" (above ~2: other jobs shared the CPU; ratios within a column are more trustworthy than "
           "absolute times)." if max(report["load_average_start"][0], report["load_average_end"][0]) > 2 else "."),
        f"Wall time {report['wall_s'] / 60:.1f} min. Milliseconds per call, median of interleaved trials; batch as shown.",
        "",
        "Reading it: D step + G step should add up to about the `train_step` row, and `fit step` to about the "
        "same plus Keras' per-step Python; where they do not, the load moved between calls (each cell is one "
        "timing of 3 calls when --trials is 1). Differences under ~2x in one cell are within that noise; the "
        "robust findings are the large ones (bfloat16 with oneDNN off, XLA with oneDNN off, the input pipeline).",
        "",
    ]
    for run in report["runs"]:
        by = {(r["variant"], r["phase"]): r["ms"] for r in run["rows"]}
        lines += [f"## {run['size']}x{run['size']}, batch {run['batch']}, oneDNN {'on' if run['onednn'] else 'off'} "
                  f"(child CPU time {run['cpu_s']:.0f} s)", "",
                  "| phase | " + " | ".join(v for v, _, _ in VARIANTS) + " |",
                  "|---" * (len(VARIANTS) + 1) + "|"]
        for phase in PHASES[1:]:
            lines.append(f"| {phase} | " + " | ".join(f"{by[(v, phase)]:.1f}" for v, _, _ in VARIANTS) + " |")
        lines.append("| fit overhead (fit - tf.function step) | " + " | ".join(
            f"{by[(v, 'fit step')] - by[(v, 'train_step (tf.function)')]:.1f}" for v, _, _ in VARIANTS) + " |")
        lines.append(f"| input pipeline (next() alone) | {by[('-', 'input pipeline')]:.2f} | | |")
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
