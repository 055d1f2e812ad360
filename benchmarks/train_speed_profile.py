"""Where a training step's time goes on CPU, phase by phase and op by op, with oneDNN on and off.

    python benchmarks/train_speed_profile.py          # DCGAN 28x28 and 64x64 (batch 64), CycleGAN, SRResNet
    python benchmarks/train_speed_profile.py --configs 28x64 --trials 2 --out /tmp/p   # smoke

Configurations: ``SIZExBATCH`` is DCGAN; ``cyclegan:64x1`` is CycleGAN (image 64,
batch 1, ngf 32, 6 residual blocks) and ``srresnet:24x4`` SRResNet x4 (LR 24,
batch 4, 64 filters, 16 blocks), the shapes of ``torch_translation.py``'s rows.
For each configuration and oneDNN setting (a fresh child process each, since
TensorFlow reads ``TF_ENABLE_ONEDNN_OPTS`` once, at import) it times, in
interleaved trials (medians):

- input pipeline: ``next()`` on the training ``tf.data`` iterator alone;
- D step: one discriminator update as a ``tf.function`` (DCGAN:
  ``discriminator_step``: G forward, D forward/backward on real and fake, Adam;
  CycleGAN: both generators forward, the image pools, D_A and D_B
  forward/backward, Adam); SRResNet has none (its first stage is pixel MSE);
- G step: one generator update (DCGAN: ``generator_step``; CycleGAN: both
  generators' adversarial, cycle and identity losses through both
  discriminators, Adam; SRResNet: ``generator_step``);
- whole step as one ``tf.function`` of ``train_step`` (D + G step + trackers);
- whole step through ``fit`` (adds Keras' per-step Python: callbacks, logs,
  the iterator), timed from the end of a ``fit`` call's first step to the end
  of its last; "fit overhead" is ``fit`` minus the ``tf.function`` step;

each in float32 without XLA, float32 with XLA, and mixed_bfloat16 without XLA
(``--variants``). Then, per op type, where the ``train_step`` of each graph
variant spends its time: TensorFlow's profiler (``tf.profiler.experimental``)
traces ``--op_calls`` calls and the kernels' durations are summed by op type
from its XPlane file (with one inter-op thread, ops run one after another, so
the sum is close to the step's wall time).

``--append`` adds the runs to an existing report (a run of the same
configuration and oneDNN setting replaces the old one). Writes
``benchmarks/results/train_speed_profile.{md,json}``.
"""

import argparse
import collections
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
RESULTS = os.path.join(ROOT, "benchmarks", "results")
VARIANTS = [("float32, graph", False, "float32"), ("float32, XLA", True, "float32"),
            ("bfloat16, graph", False, "mixed_bfloat16")]
VARIANT_KEYS = {"graph": "float32, graph", "xla": "float32, XLA", "bf16": "bfloat16, graph"}
PHASES = ["input pipeline", "D step", "G step", "train_step (tf.function)", "fit step"]
TITLES = {"dcgan": "DCGAN {0}x{0}, batch {1}", "cyclegan": "CycleGAN {0}x{0}, batch {1} (ngf 32, 6 blocks)",
          "srresnet": "SRResNet x4, LR {0}x{0}, batch {1} (64 filters, 16 blocks)"}
PHASE_NAMES = {"dcgan": ["D step", "G step", "train_step (tf.function)"],
               "cyclegan": ["D step", "G step", "train_step (tf.function)"],
               "srresnet": ["G step", "train_step (tf.function)"]}
# Op types that only wrap others (function calls, control flow): their time is their children's.
WRAPPERS = {"PartitionedCall", "StatefulPartitionedCall", "While", "StatelessWhile", "If", "StatelessIf", "Case"}


def parse_config(text):
    """``28x64`` -> ``("dcgan", 28, 64)``; ``cyclegan:64x1`` -> ``("cyclegan", 64, 1)``."""
    kind, _, dims = text.rpartition(":")
    kind = kind or "dcgan"
    try:
        size, batch = (int(v) for v in dims.split("x"))
        assert kind in TITLES and size > 0 and batch > 0
    except (ValueError, AssertionError):
        raise ValueError(f"--configs entries must be SIZExBATCH (DCGAN) or cyclegan:SIZExBATCH / "
                         f"srresnet:SIZExBATCH. Received: {text!r}") from None
    return kind, size, batch


def build(kind, size, batch, jit, precision):
    """``(model, dataset, phases)``: a compiled model and its ``{phase: fn(batch)}``."""
    import keras

    if kind == "dcgan":
        from benchmarks.train_speed import image_data
        from keras_gans.data.arrays import to_dataset
        from keras_gans.models import DCGAN

        images = image_data(size)
        keras.mixed_precision.set_global_policy(precision)
        keras.utils.set_random_seed(0)
        try:
            model = DCGAN(image_shape=images.shape[1:], latent_dim=100, seed=0)
            model.compile(jit_compile=jit)
        finally:
            keras.mixed_precision.set_global_policy("float32")
        return model, to_dataset(images, batch_size=batch, seed=0, repeat=True), {
            "D step": model.discriminator_step, "G step": model.generator_step,
            "train_step (tf.function)": model.train_step}
    from benchmarks import torch_translation

    if kind == "cyclegan":
        model, data = torch_translation.cyclegan_parts(size, batch, 32, 6, jit, precision=precision)

        def d_step(pair):
            a, b = pair
            fake_b, fake_a = model.generator(a, training=True), model.generator_ba(b, training=True)
            return model.discriminator_update(a, b, fake_a, fake_b)

        return model, data, {"D step": d_step,
                             "G step": lambda pair: model.minimize("generator", lambda: model.generator_losses(*pair))[0],
                             "train_step (tf.function)": model.train_step}
    model, data = torch_translation.srresnet_parts(size, batch, 64, 16, jit, precision=precision)
    return model, data, {"G step": lambda pair: model.generator_step(*pair), "train_step (tf.function)": model.train_step}


def op_times(fn, calls):
    """Milliseconds per call of each op type while ``fn`` runs ``calls`` times, from TF's profiler trace."""
    import tensorflow as tf
    from tensorflow.tsl.profiler.protobuf import xplane_pb2

    with tempfile.TemporaryDirectory() as logdir:
        tf.profiler.experimental.start(logdir)
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        wall = time.perf_counter() - t0
        tf.profiler.experimental.stop()
        space = xplane_pb2.XSpace()
        with open(glob.glob(f"{logdir}/**/*.xplane.pb", recursive=True)[0], "rb") as f:
            space.ParseFromString(f.read())
    totals, counts = collections.Counter(), collections.Counter()
    for plane in space.planes:
        if plane.name != "/host:CPU":
            continue
        for line in plane.lines:
            for event in line.events:
                name = plane.event_metadata[event.metadata_id].name
                op_name, sep, op_type = name.rpartition(":")
                # Kernel events are "op name:OpType"; runtime events are "Class::Method" (e.g.
                # "ExecutorState::Process", which spans the kernels it runs) or have spaces or no type.
                if (not sep or not op_name or op_name.endswith(":") or not op_type.isidentifier()
                        or op_type in WRAPPERS):
                    continue
                totals[op_type] += event.duration_ps / 1e9 / calls
                counts[op_type] += 1
    return {"wall_ms": 1e3 * wall / calls, "ops_ms": dict(totals.most_common()),
            "kernels_per_call": sum(counts.values()) / calls}


def child(config, trials, threads, variants, op_calls):
    """Runs in the child: every phase of every variant, interleaved, then the op profile; prints one JSON line."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf

    from benchmarks.train_speed import _StepTimer
    from benchmarks.train_speed import onednn_enabled

    kind, size, batch = parse_config(config)
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    timers, traced = {}, {}
    dataset = None
    for name, jit, precision in [v for v in VARIANTS if v[0] in variants]:
        # One model per function: a step records state on the model while it is traced.
        for phase in PHASE_NAMES[kind]:
            model, dataset, phases = build(kind, size, batch, jit, precision)
            real = next(iter(dataset))
            fn = tf.function(phases[phase], jit_compile=jit)

            def run(fn=fn, real=real):
                tf.nest.map_structure(lambda t: t.numpy(), fn(real))
            run()
            timers[(name, phase)] = run
            if phase == "train_step (tf.function)":
                traced[name] = run
        model, dataset, _ = build(kind, size, batch, jit, precision)
        model.fit(dataset, epochs=1, steps_per_epoch=2, verbose=0)

        def fit_steps(model=model, dataset=dataset, steps=3):
            # From the end of fit's first step (which also starts the iterator) to the end of its last.
            timer = _StepTimer()
            model.fit(dataset, epochs=1, steps_per_epoch=steps + 1, verbose=0, callbacks=[timer])
            return (timer.times[-1] - timer.times[1]) / steps

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
    ops = {name: op_times(fn, op_calls) for name, fn in traced.items() if "XLA" not in name} if op_calls else {}
    print("RESULT " + json.dumps({"model": kind, "size": size, "batch": batch, "onednn": onednn_enabled(),
                                  "rows": rows, "ops": ops}))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", default="28x64,64x64,cyclegan:64x1,srresnet:24x4",
                        help="SIZExBATCH (DCGAN), cyclegan:SIZExBATCH or srresnet:SIZExBATCH, comma-separated")
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--onednn", default="1,0", help="TF_ENABLE_ONEDNN_OPTS values to run")
    parser.add_argument("--variants", default="graph,xla,bf16",
                        help="of graph (float32), xla (float32), bf16 (mixed_bfloat16 graph); comma-separated")
    parser.add_argument("--op_calls", type=int, default=3, help="train_step calls traced for the op profile (0: none)")
    parser.add_argument("--append", action="store_true", help="add the runs to the report at --out")
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
    try:
        variants = [VARIANT_KEYS[v] for v in args.variants.split(",")]
    except KeyError:
        raise ValueError(f"--variants must be a comma-separated subset of {sorted(VARIANT_KEYS)}. "
                         f"Received: --variants={args.variants}") from None
    configs = [parse_config(c) for c in args.configs.split(",")]
    if args.child:
        return child(args.child, args.trials, args.threads, variants, args.op_calls)
    from benchmarks.train_speed import cpu_info

    command = "python benchmarks/train_speed_profile.py " + " ".join(argv if argv is not None else sys.argv[1:])
    report = {"machine": cpu_info(), "threads": args.threads, "runs": []}
    if args.append and os.path.exists(args.out + ".json"):
        with open(args.out + ".json") as f:
            report = json.load(f)
    for (kind, size, batch), config in zip(configs, args.configs.split(","), strict=True):
        for onednn in args.onednn.split(","):
            cpu0, started, load = resource_cpu(), time.time(), os.getloadavg()
            out = subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--child", config, "--trials", str(args.trials),
                 "--threads", str(args.threads), "--variants", args.variants, "--op_calls", str(args.op_calls)],
                env={**os.environ, "TF_ENABLE_ONEDNN_OPTS": onednn, "PYTHONPATH": ROOT},
                capture_output=True, text=True, check=True)
            run = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))[7:])
            run.update(command=command, cpu_s=resource_cpu() - cpu0, wall_s=time.time() - started,
                       load_average_start=load, load_average_end=os.getloadavg(),
                       finished=time.strftime("%Y-%m-%d %H:%M:%S"))
            report["runs"] = [r for r in report["runs"] if (r.get("model", "dcgan"), r["size"], r["batch"], r["onednn"])
                              != (kind, size, batch, run["onednn"])] + [run]
            write(report, args.out)  # partial results survive an interrupted run
            print(config, "oneDNN", run["onednn"], {f"{r['variant']}/{r['phase']}": round(r["ms"], 1)
                                                    for r in run["rows"]}, flush=True)


def write(report, out):
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out + ".json", "w") as f:
        json.dump(report, f, indent=2)
    with open(out + ".md", "w") as f:
        f.write(markdown(report))


def resource_cpu():
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load(values):
    return " / ".join(f"{v:.1f}" for v in values)


def markdown(report):
    m = report["machine"]
    lines = [
        "# Where a training step's time goes on CPU (phases and op types, oneDNN on and off)", "",
        f"Machine: {m['cpu']}, {m['cpus']} cores ({', '.join(m['cpu_flags'])}); threads: intra-op "
        f"{report['threads']}, inter-op 1. Milliseconds per call, median of interleaved trials. Each section "
        "names its command and the load average (1/5/15 min) at its start and end; above ~2 on 2 cores other "
        "jobs shared the CPU.", "",
        "Reading it: D step + G step should add up to about the `train_step` row, and `fit step` to about the "
        "same plus Keras' per-step Python; where they do not, the load moved between calls (each cell is one "
        "timing of 3 calls when --trials is 1). Differences under ~2x in one cell are within that noise; the "
        "robust findings are the large ones (bfloat16 with oneDNN off, XLA with oneDNN off, the input pipeline).",
        "",
    ]
    order = {"dcgan": 0, "cyclegan": 1, "srresnet": 2}
    for run in sorted(report["runs"], key=lambda r: (order[r.get("model", "dcgan")], r["size"], r["batch"],
                                                       not r["onednn"])):
        kind = run.get("model", "dcgan")
        by = {(r["variant"], r["phase"]): r["ms"] for r in run["rows"]}
        shown = [v for v, _, _ in VARIANTS if any(key[0] == v for key in by)]

        def cell(variant, phase, by=by):
            return f"{by[(variant, phase)]:.1f}" if (variant, phase) in by else "—"

        command = run.get("command", report.get("command", ""))
        load = (f"load {_load(run['load_average_start'])} at the start, {_load(run['load_average_end'])} at the end"
                if "load_average_start" in run else
                f"load {_load(report['load_average_start'])} at the start of the whole command, "
                f"{_load(report['load_average_end'])} at its end")
        lines += [f"## {TITLES[kind].format(run['size'], run['batch'])}, oneDNN {'on' if run['onednn'] else 'off'}", "",
                  f"`{command}`; child CPU time {run['cpu_s']:.0f} s, {load}"
                  + (f", finished {run['finished']}" if "finished" in run else "") + ".", "",
                  "| phase | " + " | ".join(shown) + " |", "|---" * (len(shown) + 1) + "|"]
        for phase in PHASES[1:]:
            if any((v, phase) in by for v in shown):
                lines.append(f"| {phase} | " + " | ".join(cell(v, phase) for v in shown) + " |")
        lines.append("| fit overhead (fit - tf.function step) | " + " | ".join(
            f"{by[(v, 'fit step')] - by[(v, 'train_step (tf.function)')]:.1f}" for v in shown) + " |")
        lines.append(f"| input pipeline (next() alone) | {by[('-', 'input pipeline')]:.2f} |" + " |" * (len(shown) - 1))
        lines.append("")
        if run.get("ops"):
            lines += op_table(run["ops"])
    return "\n".join(lines) + "\n"


def op_table(ops, top=12):
    """The op types that take most of ``train_step``, per traced variant (ms per step and share of the kernels' sum)."""
    names = list(ops)
    ranked = sorted({t for o in ops.values() for t in o["ops_ms"]},
                    key=lambda t: -max(o["ops_ms"].get(t, 0.0) for o in ops.values()))
    lines = ["Op types in `train_step` (TensorFlow profiler; ms per step and % of the kernels' sum):", "",
             "| op type | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for op_type in ranked[:top]:
        cells = []
        for name in names:
            total = sum(ops[name]["ops_ms"].values())
            ms = ops[name]["ops_ms"].get(op_type)
            cells.append("" if ms is None else f"{ms:.1f} ({100 * ms / total:.0f} %)")
        lines.append(f"| {op_type} | " + " | ".join(cells) + " |")
    rest = [sum(v for t, v in o["ops_ms"].items() if t not in ranked[:top]) for o in ops.values()]
    lines.append("| all other op types | " + " | ".join(f"{r:.1f}" for r in rest) + " |")
    lines.append("| kernels' sum / traced wall time | " + " | ".join(
        f"{sum(o['ops_ms'].values()):.1f} / {o['wall_ms']:.1f} ({o['kernels_per_call']:.0f} kernels)"
        for o in ops.values()) + " |")
    return lines + [""]


if __name__ == "__main__":
    main()
