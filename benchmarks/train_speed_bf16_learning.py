"""Does DCGAN still learn under ``mixed_bfloat16``? The DCGAN learning test's recipe and thresholds.

    python benchmarks/train_speed_bf16_learning.py --policy mixed_bfloat16 --seed 0

Trains exactly what ``tests/models/test_dcgan.py::trained_dcgan`` trains (half-width DCGAN,
z of 64, 400 steps of batch 64 on the 5,000 MNIST digits) under the given Keras dtype policy
and applies that test's thresholds to the classifier's view of 1,000 samples. Writes
``benchmarks/results/train_speed_bf16_learning.{md,json}`` (one row per call, appended).
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
OUT = os.path.join(ROOT, "benchmarks", "results", "train_speed_bf16_learning")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", default="mixed_bfloat16", choices=["float32", "mixed_bfloat16"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args(argv)
    import keras

    import keras_gans as kg
    from benchmarks.train_speed import onednn_enabled
    from tests.models.test_dcgan import sample_quality

    started, cpu0, load0 = time.time(), time.process_time(), os.getloadavg()
    keras.utils.set_random_seed(args.seed)
    keras.mixed_precision.set_global_policy(args.policy)
    try:
        g = kg.networks.dcgan_generator((28, 28, 1), latent_dim=64, base_filters=32)
        d = kg.networks.dcgan_discriminator((28, 28, 1), base_filters=32)
        gan = kg.models.DCGAN((28, 28, 1), latent_dim=64, generator=g, discriminator=d, seed=args.seed)
        gan.compile()
    finally:
        keras.mixed_precision.set_global_policy("float32")
    before = sample_quality(gan)
    ds = kg.data.load("mnist_5k", batch_size=64, seed=args.seed, repeat=True)
    gan.fit(ds, epochs=1, steps_per_epoch=400, verbose=0)
    after = sample_quality(gan)
    checks = {  # tests/models/test_dcgan.py::test_dcgan_samples_become_recognisable_digits
        "confidence gain > 0.2": after["confidence"] > before["confidence"] + 0.2,
        "confidence > 0.6": after["confidence"] > 0.6,
        "classes >= 9": after["classes"] >= 9,
        "largest class < 0.4": after["largest_class"] < 0.4,
    }
    row = {"policy": args.policy, "seed": args.seed, "onednn": onednn_enabled(),
           "compute_dtype": g.layers[2].compute_dtype, "before": before, "after": after, "checks": checks,
           "passed": all(checks.values()), "wall_s": time.time() - started, "cpu_s": time.process_time() - cpu0,
           "load_average": [load0, os.getloadavg()],
           "command": "python benchmarks/train_speed_bf16_learning.py " + " ".join(argv or sys.argv[1:])}
    rows = json.load(open(args.out + ".json")) if os.path.exists(args.out + ".json") else []
    rows.append(row)
    with open(args.out + ".json", "w") as f:
        json.dump(rows, f, indent=2)
    lines = ["# DCGAN learning test's thresholds under mixed_bfloat16", "",
             "`tests/models/test_dcgan.py`'s recipe (400 steps) and thresholds, per dtype policy.", "",
             "| policy | seed | oneDNN | confidence (before -> after) | classes | largest class | passed | CPU s | load (1 min) start/end |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['policy']} | {r['seed']} | {'on' if r['onednn'] else 'off'} | "
                     f"{r['before']['confidence']:.3f} -> {r['after']['confidence']:.3f} | {r['after']['classes']} | "
                     f"{r['after']['largest_class']:.3f} | {'yes' if r['passed'] else 'NO'} | {r['cpu_s']:.0f} | "
                     f"{r['load_average'][0][0]:.1f} / {r['load_average'][1][0]:.1f} |")
    lines += ["", "Commands: " + "; ".join(sorted({f"`{r['command']}`" for r in rows}))]
    with open(args.out + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    print(json.dumps(row))
    return 0 if row["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
