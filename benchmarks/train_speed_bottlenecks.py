"""Where DCGAN training time goes on CPU, and what each fix buys (before/after).

    python benchmarks/train_speed_bottlenecks.py            # ~15 min on 2 quiet cores
    python benchmarks/train_speed_bottlenecks.py --quick    # smoke run

Two measurements, each in fresh child processes because oneDNN
(``TF_ENABLE_ONEDNN_OPTS``) is read once, when TensorFlow is imported:

1. Per layer: forward + backward time of every DCGAN layer type (28x28
   shapes) in TF graph mode, TF with XLA, and PyTorch eager, interleaved.
2. Whole training step: images/s of our ``fit`` loop in each variant
   (graph or XLA, oneDNN off or on, ``steps_per_execution`` 1 or 8), with
   PyTorch eager timed in the same process as the yardstick, so every row
   is also a ratio measured under the same load.

"before" is what a user got from session 1: TF 2.21's CPU wheel leaves
oneDNN off, and Keras' ``jit_compile="auto"`` disables XLA on CPU-only
machines. Writes ``benchmarks/results/train_speed_bottlenecks.{md,json}``.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "benchmarks", "results")
sys.path.insert(0, ROOT)

VARIANTS = [  # (name, oneDNN, jit_compile, steps_per_execution)
    ("before: graph, oneDNN off (TF wheel + Keras CPU defaults)", "0", False, 1),
    ("graph, oneDNN on", "1", False, 1),
    ("XLA, oneDNN off (CLI default since this change)", "0", True, 1),
    ("XLA, oneDNN on", "1", True, 1),
    ("XLA, oneDNN off, steps_per_execution=8", "0", True, 8),
]

LAYERS = [  # (name, keras layer and kwargs, torch module and args, input NHWC shape without batch)
    ("Conv2DTranspose 7->14, 128->64",
     ("Conv2DTranspose", dict(filters=64, kernel_size=4, strides=2, padding="same", use_bias=False)),
     ("ConvTranspose2d", (128, 64, 4, 2, 1), dict(bias=False)), (7, 7, 128)),
    ("Conv2DTranspose 14->28, 64->1",
     ("Conv2DTranspose", dict(filters=1, kernel_size=4, strides=2, padding="same")),
     ("ConvTranspose2d", (64, 1, 4, 2, 1), {}), (14, 14, 64)),
    ("Conv2D 28->14, 1->64",
     ("Conv2D", dict(filters=64, kernel_size=4, strides=2, padding="same")),
     ("Conv2d", (1, 64, 4, 2, 1), {}), (28, 28, 1)),
    ("Conv2D 14->7, 64->128",
     ("Conv2D", dict(filters=128, kernel_size=4, strides=2, padding="same", use_bias=False)),
     ("Conv2d", (64, 128, 4, 2, 1), dict(bias=False)), (14, 14, 64)),
    ("BatchNormalization 14x14x64 (training)", ("BatchNormalization", dict(momentum=0.9)),
     ("BatchNorm2d", (64,), {}), (14, 14, 64)),
    ("BatchNormalization 7x7x128 (training)", ("BatchNormalization", dict(momentum=0.9)),
     ("BatchNorm2d", (128,), {}), (7, 7, 128)),
    ("LeakyReLU 14x14x64", ("LeakyReLU", dict(negative_slope=0.2)),
     ("LeakyReLU", (0.2,), {}), (14, 14, 64)),
    # Probe for a fix: TensorFlow's fused kernel (FusedBatchNormV3) on the same shapes, without the
    # moving-average update Keras' layer also makes; Keras 3's BatchNormalization computes moments
    # and normalises with separate ops.
    ("fused_batch_norm op 14x14x64 (training, probe)", ("_FusedBatchNorm", {}),
     ("BatchNorm2d", (64,), {}), (14, 14, 64)),
    ("fused_batch_norm op 7x7x128 (training, probe)", ("_FusedBatchNorm", {}),
     ("BatchNorm2d", (128,), {}), (7, 7, 128)),
]


def _fused_batch_norm_layer():
    """A minimal Keras layer around ``tf.compat.v1.nn.fused_batch_norm`` in training mode (the probe's)."""
    import keras
    import tensorflow as tf

    class FusedBatchNorm(keras.layers.Layer):
        def build(self, shape):
            self.gamma = self.add_weight(shape=(shape[-1],), initializer="ones")
            self.beta = self.add_weight(shape=(shape[-1],), initializer="zeros")

        def call(self, x, training=False):
            gamma, beta = tf.cast(self.gamma, tf.float32), tf.cast(self.beta, tf.float32)  # the kernel's scale dtype
            return tf.compat.v1.nn.fused_batch_norm(x, gamma, beta, epsilon=1e-3, is_training=True)[0]

    return FusedBatchNorm()


def _median_ms(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def child_layers(batch, threads, repeats):
    """Per-layer forward+backward ms: TF graph, TF XLA, torch eager (interleaved)."""
    import keras
    import numpy as np
    import tensorflow as tf
    import torch

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    torch.set_num_threads(threads)
    rows = []
    for name, keras_layer, torch_layer, shape in LAYERS:
        array = np.random.default_rng(0).standard_normal((batch, *shape)).astype("float32")
        x = tf.constant(array)
        layer = (_fused_batch_norm_layer() if keras_layer[0] == "_FusedBatchNorm"
                 else getattr(keras.layers, keras_layer[0])(**keras_layer[1]))
        layer(x)

        def step(layer=layer, x=x):
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = layer(x, training=True)
                total = tf.reduce_sum(y * y)
            return tape.gradient(total, [x, *layer.trainable_variables])

        graph, xla = tf.function(step), tf.function(step, jit_compile=True)
        # The same layer computing in bfloat16 (Keras' mixed_bfloat16: float32 weights, bfloat16 compute).
        keras.mixed_precision.set_global_policy("mixed_bfloat16")
        try:
            layer_bf16 = (_fused_batch_norm_layer() if keras_layer[0] == "_FusedBatchNorm"
                          else getattr(keras.layers, keras_layer[0])(**keras_layer[1]))
            layer_bf16(x)
        finally:
            keras.mixed_precision.set_global_policy("float32")

        def step_bf16(layer=layer_bf16, x=x):
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = tf.cast(layer(x, training=True), tf.float32)
                total = tf.reduce_sum(y * y)
            return tape.gradient(total, [x, *layer.trainable_variables])

        graph_bf16 = tf.function(step_bf16)
        module = getattr(torch.nn, torch_layer[0])(*torch_layer[1], **torch_layer[2])
        xt = torch.from_numpy(array.transpose(0, 3, 1, 2).copy()).requires_grad_(True)

        def torch_step(module=module, xt=xt):
            xt.grad = None
            y = module(xt)
            (y * y).sum().backward()

        def torch_bf16_step():
            with torch.autocast("cpu", dtype=torch.bfloat16):
                torch_step()

        def run(fn):
            return lambda: [t.numpy() for t in fn()]

        contenders = {"tf_graph": run(graph), "tf_xla": run(xla), "torch": torch_step,
                      "tf_graph_bf16": run(graph_bf16), "torch_bf16": torch_bf16_step}
        try:
            if os.environ.get("TF_ENABLE_ONEDNN_OPTS") != "1":  # reported for oneDNN on only (PyTorch's kernels)
                raise RuntimeError("not timed with oneDNN off")
            contenders["tf_graph_bf16"]()
        except Exception as error:  # e.g. no bfloat16 kernel for an op: recorded, not timed
            print(f"{name}: bfloat16 graph failed: {type(error).__name__}: {error}"[:300], file=sys.stderr)
            del contenders["tf_graph_bf16"], contenders["torch_bf16"]
        for fn in contenders.values():
            fn(), fn()
        times = {k: [] for k in contenders}
        for _ in range(repeats):
            for key, fn in contenders.items():
                times[key].append(_median_ms(fn, 1))
        rows.append({"layer": name, **{k: statistics.median(v) for k, v in times.items()}})
    return rows


def child_step(size, batch, jit, steps_per_execution, threads, trials, images_per_trial):
    """images/s of our fit loop and of PyTorch eager, interleaved trials."""
    from benchmarks import torch_dcgan
    from benchmarks import train_speed

    train_speed.tf_setup(threads)
    import torch

    torch.set_num_threads(threads)
    images = train_speed.image_data(size)
    _, ours = train_speed.tf_trainer(images, batch, jit_compile=jit, steps_per_execution=steps_per_execution)
    theirs = torch_dcgan.trainer(images, batch, compiled=False)
    steps = max(1, images_per_trial // batch)
    rates = {"ours": [], "torch_eager": []}
    for trial in range(trials):
        order = [("ours", ours), ("torch_eager", theirs)]
        for key, fn in order if trial % 2 == 0 else order[::-1]:
            rates[key].append(fn(steps))
    return {k: statistics.median(v) for k, v in rates.items()}


def _run_child(args, onednn, payload):
    env = {**os.environ, "TF_ENABLE_ONEDNN_OPTS": onednn, "TF_CPP_MIN_LOG_LEVEL": "2"}
    out = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child", json.dumps(payload)],
        env=env, capture_output=True, text=True, cwd=ROOT, timeout=3600,
    )
    if out.returncode != 0:
        raise RuntimeError(f"child {payload} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", default="28x64,28x256,64x64")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--images_per_trial", type=int, default=1024)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=os.path.join(RESULTS, "train_speed_bottlenecks"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        payload = json.loads(args.child)
        kind = payload.pop("kind")
        result = child_layers(**payload) if kind == "layers" else child_step(**payload)
        print(json.dumps(result))
        return
    if args.quick:
        args.configs, args.trials, args.images_per_trial = "28x64", 1, 128
    report = {
        "command": "python benchmarks/train_speed_bottlenecks.py " + " ".join(argv or sys.argv[1:]),
        "threads": args.threads, "load_average_start": os.getloadavg(), "started": time.time(),
        "layers": {}, "steps": [],
    }
    repeats = 3 if args.quick else 15
    for onednn in ("0", "1"):
        report["layers"][onednn] = _run_child(
            args, onednn, {"kind": "layers", "batch": 64, "threads": args.threads, "repeats": repeats})
        print(f"layers oneDNN={onednn} done", flush=True)
    for config in args.configs.split(","):
        size, batch = (int(v) for v in config.split("x"))
        for name, onednn, jit, spe in VARIANTS:
            rates = _run_child(args, onednn, {
                "kind": "step", "size": size, "batch": batch, "jit": jit, "steps_per_execution": spe,
                "threads": args.threads, "trials": args.trials, "images_per_trial": args.images_per_trial})
            report["steps"].append({"size": size, "batch": batch, "variant": name, **rates,
                                    "ratio": rates["ours"] / rates["torch_eager"]})
            print(f"{size}x{size} b{batch} {name}: {rates}", flush=True)
            write(report, args.out)
    report["load_average_end"] = os.getloadavg()
    write(report, args.out)


def write(report, out):
    report["wall_s"] = time.time() - report["started"]
    with open(out + ".json", "w") as f:
        json.dump(report, f, indent=2)
    with open(out + ".md", "w") as f:
        f.write(markdown(report))


def markdown(report):
    load = report["load_average_start"]
    lines = [
        "# DCGAN training speed on CPU: bottlenecks, before and after",
        "",
        f"Command: `{report['command']}` (threads: {report['threads']} intra-op, 1 inter-op, for TF and torch).",
        f"Load average (1/5/15 min) at the start: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
        + (f"; at the end: {report['load_average_end'][0]:.1f}" if "load_average_end" in report else "")
        + " on 2 cores. PyTorch eager runs in the same process, interleaved with ours, so the"
        " ratio columns compare both under the same load.",
        "",
        "## Per layer: forward + backward, batch 64 (ms, median)",
        "",
        "| layer | TF graph, oneDNN off | TF graph, oneDNN on | TF XLA | torch eager | graph off / torch "
        "| graph on / torch | TF graph bf16, oneDNN on | torch bf16 autocast | graph bf16 on / torch bf16 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    off, on = report["layers"].get("0", []), report["layers"].get("1", [])
    for a, b in zip(off, on, strict=False):
        bf16 = (f"{b['tf_graph_bf16']:.2f} | {b['torch_bf16']:.2f} | {b['tf_graph_bf16'] / b['torch_bf16']:.2f}"
                if "tf_graph_bf16" in b else "not measured | not measured | ")
        lines.append(f"| {a['layer']} | {a['tf_graph']:.2f} | {b['tf_graph']:.2f} | {a['tf_xla']:.2f} | "
                     f"{a['torch']:.2f} | {a['tf_graph'] / a['torch']:.2f} | {b['tf_graph'] / b['torch']:.2f} | "
                     f"{bf16} |")
    lines += ["", "Times are one forward + backward of the layer alone; `bf16`: Keras' mixed_bfloat16 policy "
              "(float32 weights, bfloat16 compute) against the same module under `torch.autocast('cpu', "
              "torch.bfloat16)`, both with oneDNN's kernels (PyTorch always uses them)."]
    lines += ["", "## Whole training step (images/s, median of interleaved trials)", "",
              "| image | batch | variant | ours | torch eager (same process) | ours / torch |",
              "|---|---|---|---|---|---|"]
    for row in report["steps"]:
        lines.append(f"| {row['size']}x{row['size']} | {row['batch']} | {row['variant']} | "
                     f"{row['ours']:.0f} | {row['torch_eager']:.0f} | **{row['ratio']:.2f}x** |")
    lines += ["", f"Wall time: {report['wall_s'] / 60:.1f} min.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
