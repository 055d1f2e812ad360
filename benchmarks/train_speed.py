"""DCGAN training speed: our ``fit`` (CLI defaults, XLA, bfloat16) vs the same nets in idiomatic PyTorch.

    python benchmarks/train_speed.py                       # 28x28 and 64x64 at batch 64 and 256
    python benchmarks/train_speed.py --configs 28x64 --trials 1 --images_per_trial 64 --out /tmp/s  # smoke

Each configuration (image size x batch size) alternates short trials of every
contender so all see the same machine load; the reported number is the median.
Contenders: our DCGAN through ``fit`` as the plain graph, with XLA, and both
under ``mixed_bfloat16``; the idiomatic PyTorch loop (``torch_dcgan.py``) in
eager float32 and under ``torch.autocast("cpu", torch.bfloat16)``. TF and torch
get the same threads (intra-op ``--threads``, inter-op 1).

``auto``: per configuration the benchmark runs the CLI's own chooser
(``train_lib.choose_auto`` with ``--jit_compile=auto --mixed_precision=auto``,
a 10,000-step run, measured afresh: no cached choice) on the same data and batch, and reports which contender it
picked and how that contender did in the longer interleaved trials, beside
the best one. The float32 choice (the CLI's defaults, ``--mixed_precision``
left at float32) is the fastest float32 candidate of the same measurement.

Also: time from the command to the first finished step, for our library, our
CLI (a one-step run) and the PyTorch loop, each a fresh process.

TensorFlow reads ``TF_ENABLE_ONEDNN_OPTS`` at import: run once per setting,
e.g. ``TF_ENABLE_ONEDNN_OPTS=0 python benchmarks/train_speed.py --out .../train_speed_onednn_off``.
Writes ``<out>.md`` and ``<out>.json``. Requires the ``bench`` extra (torch).
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

from benchmarks import torch_dcgan  # noqa: E402

RESULTS = os.path.join(ROOT, "benchmarks", "results")
AUTO_RUN_STEPS = 10_000  # the run length the chooser is asked about (a real training run)
TF_CONTENDERS = {  # name: (jit_compile, dtype policy)
    "tf_graph": (False, "float32"), "tf_xla": (True, "float32"),
    "tf_graph_bf16": (False, "mixed_bfloat16"), "tf_xla_bf16": (True, "mixed_bfloat16"),
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", default="28x64,28x256,64x64,64x256",
                        help="image size x batch size pairs, comma-separated")
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--images_per_trial", type=int, default=512,
                        help="timed images per trial and contender (at least one step)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no_first_step", action="store_true", help="skip the time-to-first-step runs")
    parser.add_argument("--out", default=os.path.join(RESULTS, "train_speed"))
    args = parser.parse_args(argv)
    try:
        args.pairs = [tuple(int(v) for v in c.split("x")) for c in args.configs.split(",")]
        assert all(len(p) == 2 and p[0] in torch_dcgan.PLAN for p in args.pairs)
    except (ValueError, AssertionError):
        raise ValueError(f"--configs must be SIZExBATCH pairs with SIZE in {sorted(torch_dcgan.PLAN)}. "
                         f"Received: --configs={args.configs}") from None
    return args


def tf_setup(threads):
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)


def onednn_enabled():
    """Whether this TensorFlow runs its oneDNN custom ops (read once, at import, from TF_ENABLE_ONEDNN_OPTS)."""
    from tensorflow.python.util import _pywrap_util_port

    return bool(_pywrap_util_port.IsMklEnabled())


def cpu_info():
    model, flags = platform.processor() or "unknown", ""
    if os.path.exists("/proc/cpuinfo"):
        lines = open("/proc/cpuinfo").read().splitlines()
        model = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), model)
        flags = next((line for line in lines if line.startswith("flags")), "")
    return {"cpu": model, "cpus": os.cpu_count(), "platform": platform.platform(),
            "cpu_flags": [f for f in ("avx512f", "avx512_bf16", "amx_bf16", "amx_tile") if f" {f}" in flags]}


def image_data(size, count=2048):
    if size == 28:
        from keras_gans.data.builtin import mnist_5k

        return mnist_5k()[0]
    rng = np.random.default_rng(0)
    return rng.uniform(-1, 1, (count, size, size, 3)).astype("float32")


class _StepTimer:
    """A Keras callback recording wall time at each batch end (no sync needed on CPU)."""

    def __new__(cls):
        import keras

        class Timer(keras.callbacks.Callback):
            def on_train_batch_begin(self, batch, logs=None):
                if batch == 0:
                    self.times = [time.perf_counter()]

            def on_train_batch_end(self, batch, logs=None):
                self.times.append(time.perf_counter())

        return Timer()


def tf_trainer(images, batch, jit_compile, precision="float32", steps_per_execution=1):
    """Returns ``(model, trial(steps) -> images/s)`` for DCGAN trained with our ``fit``."""
    import keras

    from keras_gans.data.arrays import to_dataset
    from keras_gans.models import DCGAN

    keras.utils.set_random_seed(0)
    keras.mixed_precision.set_global_policy(precision)
    try:
        model = DCGAN(image_shape=images.shape[1:], latent_dim=100, seed=0)
        model.compile(jit_compile=jit_compile, steps_per_execution=steps_per_execution)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    dataset = to_dataset(images, batch_size=batch, seed=0, repeat=True)
    timer = _StepTimer()
    model.fit(dataset, epochs=1, steps_per_epoch=2 * steps_per_execution, verbose=0)  # trace

    def trial(steps):
        # One step more than timed: each trial is a new fit call, whose first step also starts the
        # input iterator (filling the shuffle buffer), which a training run pays once, not per step;
        # the PyTorch loop's iterator persists across its trials. Timed: from the end of the first
        # (group of steps_per_execution) steps to the end of the last.
        steps = max(steps // steps_per_execution, 1) * steps_per_execution
        model.fit(dataset, epochs=1, steps_per_epoch=steps + steps_per_execution, verbose=0, callbacks=[timer])
        t = timer.times[1:]
        return batch * steps / (t[-1] - t[0])

    return model, trial


def torch_bf16(trial):
    """The same PyTorch loop under CPU bfloat16 autocast."""
    import torch

    def run(steps):
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return trial(steps)

    return run


def auto_choice(images, batch):
    """What the CLI's chooser picks for DCGAN on these images and batch (both flags at auto)."""
    import tensorflow as tf

    from keras_gans import train_lib

    with tempfile.TemporaryDirectory() as tmp:
        # A fresh measurement under this run's load, not a choice cached by an earlier run.
        previous_cache = os.environ.get("KERAS_GANS_CACHE")
        os.environ["KERAS_GANS_CACHE"] = os.path.join(tmp, "cache")
        if images.shape[1] == 28:
            dataset = "mnist_5k"
        else:  # a folder of the benchmark's images, read by the CLI's own loader
            for i, image in enumerate(images[: max(batch, 256)]):
                tf.io.write_file(f"{tmp}/{i}.png", tf.io.encode_png(((image + 1) * 127.5).astype("uint8")))
            dataset = f"folder:{tmp}"
        config = train_lib.TrainConfig(model="dcgan", dataset=dataset, batch_size=batch, steps_per_epoch=100,
                                       epochs=AUTO_RUN_STEPS // 100, jit_compile="auto",
                                       mixed_precision="auto", channels=images.shape[-1]).resolved()
        recipe = config.get_recipe()
        hparams = recipe.resolve_hparams(config.hparams, config.latent_dim, config.seed)
        strategy = tf.distribute.get_strategy()
        try:
            jit, precision, record = train_lib.choose_auto(config, recipe, hparams, strategy, AUTO_RUN_STEPS)
        finally:
            if previous_cache is None:
                os.environ.pop("KERAS_GANS_CACHE")
            else:
                os.environ["KERAS_GANS_CACHE"] = previous_cache
    name = {v: k for k, v in TF_CONTENDERS.items()}
    float32 = [c for c in record.get("candidates", []) if c.get("precision") == "float32" and "error" not in c]
    f32 = min(float32, key=lambda c: c["expected_run_s"]) if float32 else {"jit": jit}
    return {"mixed_precision_auto": name[(jit, precision)], "float32_auto": name[(f32["jit"], "float32")],
            "record": record}


def interleaved(contenders, trials, steps, log, prefix=""):
    """``{name: [images/s per trial]}``: every contender's ``trial(steps)``, in alternating order each trial."""
    results = {name: [] for name in contenders}
    for trial in range(trials):
        for name in list(contenders) if trial % 2 == 0 else list(reversed(contenders)):
            results[name].append(contenders[name](steps))
        log(f"  {prefix}trial {trial}: " + ", ".join(f"{k}={v[-1]:.0f}" for k, v in results.items()))
    return results


def compare(args, size, batch, log):
    """Interleaved trials of every contender for one (size, batch)."""
    images = image_data(size)
    contenders, setup_s = {}, {}
    for name, (jit, precision) in TF_CONTENDERS.items():
        t0 = time.perf_counter()
        contenders[name] = tf_trainer(images, batch, jit, precision)[1]
        setup_s[name] = time.perf_counter() - t0
    contenders["torch_eager"] = torch_dcgan.trainer(images, batch, compiled=False)
    contenders["torch_bf16_autocast"] = torch_bf16(torch_dcgan.trainer(images, batch, compiled=False))
    steps = max(1, args.images_per_trial // batch)
    results = interleaved(contenders, args.trials, steps, log, f"{size}x{size} b{batch} ")
    t0 = time.perf_counter()
    auto = auto_choice(images, batch)
    auto["seconds"] = time.perf_counter() - t0
    log(f"  auto: {auto['float32_auto']} (float32), {auto['mixed_precision_auto']} (both auto), "
        f"{auto['seconds']:.0f} s")
    medians = {name: statistics.median(v) for name, v in results.items()}
    return {"size": size, "batch": batch, "steps_per_trial": steps, "setup_s": setup_s, "auto": auto,
            "images_per_s": {name: {"median": medians[name], "trials": results[name]} for name in results}}


FIRST_STEP_SCRIPTS = {
    "ours (library: import, build, compile, fit 1 step)": """
import os, sys, time; sys.path.insert(0, {root!r}); os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
from benchmarks.train_speed import image_data, tf_trainer
import tensorflow as tf
tf.config.threading.set_intra_op_parallelism_threads({threads}); tf.config.threading.set_inter_op_parallelism_threads(1)
model, trial = tf_trainer(image_data(28), 64, False)
""",
    "PyTorch (import, build, 1 step)": """
import os, sys, time; sys.path.insert(0, {root!r})
import torch
torch.set_num_threads({threads}); torch.set_num_interop_threads(1)
from benchmarks import torch_dcgan
from benchmarks.train_speed import image_data
torch_dcgan.trainer(image_data(28), 64)
""",
}


def first_step_times(threads, repeats=2):
    """Seconds from starting a fresh process to the end of its first training step (28x28, batch 64).

    The library and torch snippets end right after their first (warm-up) steps; the CLI row
    is a whole one-step ``python -m keras_gans.train`` run (checkpoint and samples included,
    export skipped), so it is an upper bound.
    """
    rows = {name: [] for name in [*FIRST_STEP_SCRIPTS, "ours (CLI, 1-step run, no export)"]}
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}
    for _ in range(repeats):
        for name, script in FIRST_STEP_SCRIPTS.items():
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", script.format(root=ROOT, threads=threads)], check=True, env=env,
                           capture_output=True)
            rows[name].append(time.perf_counter() - t0)
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "keras_gans.train", "--model=dcgan", "--epochs=1",
                            "--steps_per_epoch=1", "--batch_size=64", f"--output_dir={tmp}/r", "--export_dir=",
                            "--noonnx"], check=True, env=env, capture_output=True, cwd=tmp)
            rows["ours (CLI, 1-step run, no export)"].append(time.perf_counter() - t0)
    return {name: {"median_s": statistics.median(v), "trials_s": v} for name, v in rows.items()}


def main(argv=None):
    args = parse_args(argv)
    tf_setup(args.threads)
    import keras
    import tensorflow as tf
    import torch

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    lines = []

    def log(msg):
        print(msg, flush=True)
        lines.append(msg)

    cpu0 = time.process_time()
    report = {
        "started": time.time(),
        "command": "python benchmarks/train_speed.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "env": {"TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "(unset)")},
        "machine": {**cpu_info(), "onednn": onednn_enabled(), "load_average_start": os.getloadavg()},
        "versions": {"tensorflow": tf.__version__, "keras": keras.__version__,
                     "torch": torch.__version__, "python": platform.python_version()},
        "threads": {"intra_op": args.threads, "inter_op": 1},
        "seeds": "0 (weights, data order, noise) for every contender",
        "speed": [], "first_step": None,
    }
    for size, batch in args.pairs:
        report["speed"].append(compare(args, size, batch, log))
        write(report, args.out, cpu0)  # partial results survive an interrupted run
    if not args.no_first_step:
        report["first_step"] = first_step_times(args.threads)
        log(f"first step: {report['first_step']}")
    report["log"] = lines
    report["machine"]["load_average_end"] = os.getloadavg()
    write(report, args.out, cpu0)


def write(report, out, cpu0):
    import resource

    report["wall_s"] = time.time() - report["started"]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    report["cpu_s"] = time.process_time() - cpu0 + children.ru_utime + children.ru_stime
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out + ".json", "w") as f:
        json.dump(report, f, indent=2)
    from benchmarks.train_speed_report import markdown

    with open(out + ".md", "w") as f:
        f.write(markdown(report))


if __name__ == "__main__":
    main()
