"""GPU training speed: our DCGAN-64 and CycleGAN steps (XLA, mixed_float16) vs PyTorch with AMP.

    python benchmarks/gpu_speed.py                 # on a GPU machine; sized to finish in ~8 minutes
    python benchmarks/gpu_speed.py --smoke --out /tmp/gpu_smoke   # tiny, runs on CPU: run it before a GPU session

Contenders per model, on the same device, in alternating trials (medians):
ours through ``fit`` in float32, with XLA, and with XLA under
``mixed_float16`` (loss scaling by ``LossScaleOptimizer``); PyTorch eager in
float32 and with AMP (``torch.autocast`` float16 + ``GradScaler``). On CPU
(``--smoke`` or no GPU) the half type is bfloat16 for PyTorch's autocast, as
CPU autocast supports it, and the numbers mean nothing: it checks that the
script runs. Each trial ends with a device sync (a weight read for ours,
``torch.cuda.synchronize()`` for PyTorch), so the timing covers the work.
Writes ``<out>.md`` and ``<out>.json`` (default ``benchmarks/results/gpu_speed``).
"""

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

from benchmarks import torch_dcgan  # noqa: E402
from benchmarks import torch_translation  # noqa: E402

RESULTS = os.path.join(ROOT, "benchmarks", "results")
FULL = {"dcgan": {"size": 64, "batch": 128}, "cyclegan": {"size": 128, "batch": 4, "ngf": 64, "blocks": 9},
        "steps": 30, "trials": 3}
SMOKE = {"dcgan": {"size": 28, "batch": 4}, "cyclegan": {"size": 16, "batch": 1, "ngf": 4, "blocks": 1},
         "steps": 1, "trials": 1}


def tf_contender(build, sync):
    """``trial(steps) -> ms per step`` for a compiled keras model: fit, then a device sync."""
    model, data = build()
    model.fit(data, epochs=1, steps_per_epoch=2, verbose=0)
    sync(model)

    def trial(steps):
        t0 = time.perf_counter()
        model.fit(data, epochs=1, steps_per_epoch=steps, verbose=0)
        sync(model)
        return 1e3 * (time.perf_counter() - t0) / steps

    return trial


def tf_dcgan(size, batch, jit, precision):
    import keras
    import tensorflow as tf

    from keras_gans.models import DCGAN

    keras.utils.set_random_seed(0)
    keras.mixed_precision.set_global_policy(precision)
    try:
        model = DCGAN(image_shape=(size, size, 1 if size == 28 else 3), latent_dim=100, seed=0)
        model.compile(jit_compile=jit)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    images = np.random.default_rng(0).uniform(-1, 1, (4 * batch, *model.image_shape)).astype("float32")
    data = tf.data.Dataset.from_tensor_slices(images).repeat().batch(batch, drop_remainder=True).prefetch(4)
    return model, data


def tf_cyclegan(size, batch, ngf, blocks, jit, precision):
    import keras
    import tensorflow as tf

    from keras_gans import models
    from keras_gans import networks

    keras.utils.set_random_seed(0)
    keras.mixed_precision.set_global_policy(precision)
    try:
        nets = [networks.resnet_generator(3, num_blocks=blocks, base_filters=ngf),
                networks.patchgan_discriminator(3, num_downsampling=2, base_filters=2 * ngf),
                networks.resnet_generator(3, num_blocks=blocks, base_filters=ngf),
                networks.patchgan_discriminator(3, num_downsampling=2, base_filters=2 * ngf)]
        model = models.CycleGAN(*nets, pool_size=50, image_size=(size, size), seed=0)
        model.compile(jit_compile=jit)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    rng = np.random.default_rng(0)
    a, b = (rng.uniform(-1, 1, (4 * batch, size, size, 3)).astype("float32") for _ in range(2))
    data = tf.data.Dataset.from_tensor_slices((a, b)).repeat().batch(batch, drop_remainder=True).prefetch(4)
    return model, data


def torch_dcgan_step(size, batch, device, amp):
    """pytorch/examples' DCGAN step on ``device``, optionally under autocast (+ GradScaler for float16)."""
    import torch
    from torch import nn

    torch.manual_seed(0)
    channels = 1 if size == 28 else 3
    net_g, net_d, _ = torch_dcgan.build((size, size, channels))
    net_g, net_d = net_g.to(device), net_d.to(device)
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    criterion = nn.BCEWithLogitsLoss()
    real = torch.rand(batch, channels, size, size, device=device) * 2 - 1
    ones, zeros = torch.ones(batch, device=device), torch.zeros(batch, device=device)
    scaler = torch.amp.GradScaler(device, enabled=amp == "float16")

    def autocast():
        return torch.autocast(device, dtype=getattr(torch, amp or "bfloat16"), enabled=amp is not None)

    def step():
        net_d.zero_grad()
        with autocast():
            fake = net_g(torch.randn(batch, 100, device=device))
            err_d = criterion(net_d(real).view(-1).float(), ones) + criterion(net_d(fake.detach()).view(-1).float(), zeros)
        scaler.scale(err_d).backward()
        scaler.step(opt_d)
        net_g.zero_grad()
        with autocast():
            err_g = criterion(net_d(fake).view(-1).float(), ones)
        scaler.scale(err_g).backward()
        scaler.step(opt_g)
        scaler.update()

    return step


def torch_contender(step, device):
    import torch

    def sync():
        if device == "cuda":
            torch.cuda.synchronize()

    step()
    step()
    sync()

    def trial(steps):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        sync()
        return 1e3 * (time.perf_counter() - t0) / steps

    return trial


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny models and one step: checks the script, on CPU too")
    parser.add_argument("--out", default=os.path.join(RESULTS, "gpu_speed"))
    args = parser.parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    import tensorflow as tf

    try:
        import torch
    except ImportError:  # the `bench` extra is missing: ours only, and the report says so
        torch = None
    started, cpu0 = time.time(), time.process_time()
    gpus = tf.config.list_physical_devices("GPU")
    device = "cuda" if torch is not None and torch.cuda.is_available() else "cpu"
    half = "float16" if device == "cuda" else "bfloat16"
    # The smoke run skips XLA (minutes of compiling on a small CPU); it checks every other path.
    xla = not args.smoke
    report = {"command": "python benchmarks/gpu_speed.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "tf_gpus": [g.name for g in gpus], "torch_device": device, "xla": xla,
              "torch_device_name": ("torch not installed" if torch is None
                                    else torch.cuda.get_device_name(0) if device == "cuda" else "cpu"),
              "versions": {"tensorflow": tf.__version__, "torch": torch.__version__ if torch else None},
              "load_average_start": os.getloadavg(), "plan": plan, "rows": []}

    def sync(model):
        model.generator.weights[0].numpy()

    d, c = plan["dcgan"], plan["cyclegan"]
    setups = {
        "DCGAN": {
            "ours: float32": lambda: tf_contender(lambda: tf_dcgan(d["size"], d["batch"], False, "float32"), sync),
            "ours: XLA": lambda: tf_contender(lambda: tf_dcgan(d["size"], d["batch"], xla, "float32"), sync),
            "ours: XLA + mixed_float16": lambda: tf_contender(
                lambda: tf_dcgan(d["size"], d["batch"], xla, "mixed_float16"), sync),
            "torch eager": lambda: torch_contender(torch_dcgan_step(d["size"], d["batch"], device, None), device),
            f"torch AMP ({half})": lambda: torch_contender(torch_dcgan_step(d["size"], d["batch"], device, half), device),
        },
        "CycleGAN": {
            "ours: float32": lambda: tf_contender(
                lambda: tf_cyclegan(c["size"], c["batch"], c["ngf"], c["blocks"], False, "float32"), sync),
            "ours: XLA": lambda: tf_contender(
                lambda: tf_cyclegan(c["size"], c["batch"], c["ngf"], c["blocks"], xla, "float32"), sync),
            "ours: XLA + mixed_float16": lambda: tf_contender(
                lambda: tf_cyclegan(c["size"], c["batch"], c["ngf"], c["blocks"], xla, "mixed_float16"), sync),
            "torch eager": lambda: torch_contender(
                torch_translation.torch_cyclegan(c["size"], c["batch"], c["ngf"], c["blocks"], device=device), device),
            f"torch AMP ({half})": lambda: torch_contender(torch_translation.torch_cyclegan(
                c["size"], c["batch"], c["ngf"], c["blocks"], device=device, amp=half), device),
        },
    }
    for model_name, makers in setups.items():
        contenders, setup_s = {}, {}
        for name, make in makers.items():
            if name.startswith("torch") and torch is None:
                continue
            t0 = time.perf_counter()
            contenders[name] = make()
            setup_s[name] = time.perf_counter() - t0
        times = {name: [] for name in contenders}
        for t in range(plan["trials"]):
            for name in list(contenders) if t % 2 == 0 else list(reversed(contenders)):
                times[name].append(contenders[name](plan["steps"]))
        row = {"model": model_name, "setup_s": setup_s,
               "ms_per_step": {k: {"median": statistics.median(v), "trials": v} for k, v in times.items()}}
        report["rows"].append(row)
        print(model_name, {k: round(v["median"], 2) for k, v in row["ms_per_step"].items()}, flush=True)
    report["load_average_end"] = os.getloadavg()
    report["wall_s"], report["cpu_s"] = time.time() - started, time.process_time() - cpu0
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out + ".json", "w") as f:
        json.dump(report, f, indent=2)
    with open(args.out + ".md", "w") as f:
        f.write(markdown(report))
    return report


def markdown(report):
    names = list(report["rows"][0]["ms_per_step"])
    lines = ["# GPU training speed: keras_gans (XLA, mixed_float16) vs PyTorch (AMP)", "",
             f"Command: `{report['command']}`. TF devices: {report['tf_gpus'] or 'no GPU (CPU)'}; torch device: "
             f"{report['torch_device_name']}. Versions: {report['versions']}. Wall {report['wall_s'] / 60:.1f} min.",
             "", "| model | " + " | ".join(names) + " | torch AMP / best of ours |", "|---" * (len(names) + 2) + "|"]
    for row in report["rows"]:
        ms = {k: v["median"] for k, v in row["ms_per_step"].items()}
        ours = min(v for k, v in ms.items() if k.startswith("ours"))
        amp = next((v for k, v in ms.items() if k.startswith("torch AMP")), None)
        ratio = f"{amp / ours:.2f}x" if amp else "torch not installed"
        lines.append(f"| {row['model']} | " + " | ".join(f"{ms[n]:.2f}" for n in names) + f" | {ratio} |")
    lines += ["", "Milliseconds per training step (median of interleaved trials, each ending in a device sync); "
              "the last column above 1 means ours is faster. Plan: " + json.dumps(report["plan"])
              + ("" if report["xla"] else ". Smoke run: XLA off in the 'XLA' columns.")]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
