"""What is bit-for-bit reproducible: plain CPU, XLA, MirroredStrategy (2 CPU replicas).

Trains the same small job several ways through ``train_lib.train`` and
reports the largest |difference| of the generator weights between runs.

    python benchmarks/determinism.py
"""

import json
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from keras_gans import distribute  # noqa: E402

distribute.configure_cpu_devices(2)  # before TensorFlow starts: 2 logical CPUs to mirror over

import numpy as np  # noqa: E402

from keras_gans.train_lib import TrainConfig  # noqa: E402
from keras_gans.train_lib import train  # noqa: E402

JOB = dict(model="dcgan", dataset="mnist_5k", epochs=2, steps_per_epoch=5, batch_size=16,
           latent_dim=16, seed=3, export_dir=None, num_samples=4, verbose=0)


def weights(root, name, **overrides):
    config = TrainConfig(**{**JOB, **overrides}, output_dir=os.path.join(root, name))
    return train(config)["model"].generator.get_weights()


def max_diff(a, b):
    return max(float(np.max(np.abs(x.astype("float64") - y))) for x, y in zip(a, b, strict=True))


def main():
    rows = []
    with tempfile.TemporaryDirectory() as root:
        cpu = [weights(root, f"cpu{i}") for i in range(2)]
        rows.append(("CPU, same seed, run 1 vs run 2", max_diff(*cpu)))
        xla = [weights(root, f"xla{i}", jit_compile=True) for i in range(2)]
        rows.append(("XLA (jit_compile=True), run 1 vs run 2", max_diff(*xla)))
        rows.append(("XLA vs no XLA", max_diff(cpu[0], xla[0])))
        mirrored = [weights(root, f"mirrored{i}", strategy="mirrored") for i in range(2)]
        rows.append(("MirroredStrategy (2 CPU replicas), run 1 vs run 2", max_diff(*mirrored)))
        rows.append(("MirroredStrategy (2 replicas) vs 1 device", max_diff(cpu[0], mirrored[0])))
    job = " ".join(f"--{k}={v}" for k, v in JOB.items() if v is not None)
    lines = [
        "# Determinism",
        "",
        "Command: `python benchmarks/determinism.py` (train_lib.train with "
        f"`{job}`: 10 steps).",
        "",
        "| comparison | max abs difference of generator weights |",
        "|---|---|",
    ] + [f"| {name} | {value:.3g} |" for name, value in rows]
    out = os.path.join(ROOT, "benchmarks", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "determinism.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "determinism.json"), "w") as f:
        json.dump({"command": "python benchmarks/determinism.py", "job": JOB, "rows": rows}, f, indent=2)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
