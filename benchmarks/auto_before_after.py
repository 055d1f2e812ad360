"""`auto` before and after its fixes, in one interleaved run: what it picks, how good the pick is, what choosing costs.

    TF_ENABLE_ONEDNN_OPTS=0 python benchmarks/auto_before_after.py                  # 28x64 and 28x256, 3 repeats
    python benchmarks/auto_before_after.py --settings "+ longer close rounds (shipped)" --out /tmp/on  # one setting
    python benchmarks/auto_before_after.py --configs 28x64 --repeats 1 --trials 1 --out /tmp/a   # smoke

``train_lib.choose_auto`` (both flags at auto, a 10,000-step run, DCGAN on the
benchmark's images) is run under three settings of its module constants, in
alternating order, ``--repeats`` times each, each time measured afresh (an
empty cache):

- ``3 rounds`` (issue 19's first version): every candidate takes 3 timing
  rounds; ``AUTO_MAX_ROUNDS = 3``, ``AUTO_FAR = inf``;
- ``+ close rounds``: the candidates within ``AUTO_CLOSE`` of the best take up
  to ``AUTO_MAX_ROUNDS`` (9) rounds; ``AUTO_FAR = inf``;
- ``+ drop far``: also, a candidate over ``AUTO_FAR`` (3) times the best after
  its warm-up takes no rounds and its warm-up stops early;
- ``+ longer close rounds`` (the shipped chooser): also, the rounds after the
  first ``AUTO_ROUNDS`` are ``AUTO_CLOSE_LONGER`` (3) times as long.

Then the four contenders (float32 and mixed_bfloat16, graph and XLA) are timed
in ``--trials`` interleaved trials through ``fit`` (``train_speed.tf_trainer``),
and each pick is scored as its contender's throughput over the best one's.
TensorFlow reads ``TF_ENABLE_ONEDNN_OPTS`` at import: set it for the run.
Writes ``benchmarks/results/auto_before_after.{md,json}``.
"""

import argparse
import math
import os
import shlex
import statistics
import sys
import time

import recording  # noqa: F401 - the checkout on sys.path, quiet TensorFlow

from benchmarks import train_speed  # noqa: E402

SETTINGS = {  # name: the train_lib constants it sets
    "3 rounds": {"AUTO_MAX_ROUNDS": 3, "AUTO_FAR": math.inf, "AUTO_CLOSE_LONGER": 1},
    "+ close rounds": {"AUTO_MAX_ROUNDS": 9, "AUTO_FAR": math.inf, "AUTO_CLOSE_LONGER": 1},
    "+ drop far": {"AUTO_MAX_ROUNDS": 9, "AUTO_FAR": 3.0, "AUTO_CLOSE_LONGER": 1},
    "+ longer close rounds (shipped)": {"AUTO_MAX_ROUNDS": 9, "AUTO_FAR": 3.0, "AUTO_CLOSE_LONGER": 3},
}


def choose(images, batch, setting):
    """One fresh ``choose_auto`` under ``setting``; returns its pick, seconds and record."""
    from keras_gans import train_lib

    saved = {name: getattr(train_lib, name) for name in SETTINGS[setting]}
    for name, value in SETTINGS[setting].items():
        setattr(train_lib, name, value)
    try:
        t0 = time.perf_counter()
        choice = train_speed.auto_choice(images, batch)
        return {"pick": choice["mixed_precision_auto"], "seconds": time.perf_counter() - t0,
                "candidates": choice["record"].get("candidates", [])}
    finally:
        for name, value in saved.items():
            setattr(train_lib, name, value)


def run_config(size, batch, args, log):
    images = train_speed.image_data(size)
    picks = {name: [] for name in args.settings}
    for repeat in range(args.repeats):
        for name in args.settings if repeat % 2 == 0 else args.settings[::-1]:
            picks[name].append(choose(images, batch, name))
            log(f"  {size}x{size} b{batch} repeat {repeat} {name}: {picks[name][-1]['pick']} "
                f"in {picks[name][-1]['seconds']:.0f} s")
    trainers = {name: train_speed.tf_trainer(images, batch, jit, precision)[1]
                for name, (jit, precision) in train_speed.TF_CONTENDERS.items()}
    steps = max(1, args.images_per_trial // batch)
    speed = train_speed.interleaved(trainers, args.trials, steps, log)
    median = {name: statistics.median(v) for name, v in speed.items()}
    best = max(median.values())
    summary = {name: {"picks": [p["pick"] for p in runs],
                      "pick_over_best": [median[p["pick"]] / best for p in runs],
                      "mean_pick_over_best": statistics.mean(median[p["pick"]] / best for p in runs),
                      "mean_seconds": statistics.mean(p["seconds"] for p in runs)}
               for name, runs in picks.items()}
    return {"size": size, "batch": batch, "steps_per_trial": steps, "runs": picks, "summary": summary,
            "images_per_s": {name: {"median": median[name], "trials": speed[name]} for name in speed}}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", default="28x64,28x256", help="image size x batch size pairs, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="fresh choices per setting")
    parser.add_argument("--trials", type=int, default=3, help="interleaved throughput trials per contender")
    parser.add_argument("--images_per_trial", type=int, default=512)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--settings", default=",".join(SETTINGS),
                        help="which settings of the chooser to run, comma-separated (default: all)")
    parser.add_argument("--out", default=os.path.join(recording.RESULTS, "auto_before_after"))
    args = parser.parse_args(argv)
    args.settings = [name.strip() for name in args.settings.split(",") if name.strip()]
    unknown = [name for name in args.settings if name not in SETTINGS]
    if unknown or not args.settings:
        parser.error(f"--settings must name some of {list(SETTINGS)}. Received: {unknown or args.settings}")
    pairs = train_speed.parse_args(["--configs", args.configs]).pairs
    train_speed.tf_setup(args.threads)
    lines = []

    def log(msg):
        print(msg, flush=True)
        lines.append(msg)

    started, cpu0 = time.time(), time.process_time()
    report = {"command": "python benchmarks/auto_before_after.py " + shlex.join(argv if argv is not None else sys.argv[1:]),
              "env": {"TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "(unset)")},
              "machine": {**train_speed.cpu_info(), "onednn": train_speed.onednn_enabled(),
                          "load_average_start": os.getloadavg()},
              "threads": args.threads, "seeds": "0 (weights, data order, noise)",
              "settings": {k: {name: str(value) for name, value in SETTINGS[k].items()} for k in args.settings},
              "configs": []}
    for size, batch in pairs:
        report["configs"].append(run_config(size, batch, args, log))
        report["machine"]["load_average_end"] = os.getloadavg()
        report["wall_s"], report["cpu_s"] = time.time() - started, time.process_time() - cpu0
        report["log"] = lines
        recording.write_results(os.path.basename(args.out), report, markdown(report), os.path.dirname(args.out))


def markdown(report):
    m = report["machine"]
    lines = ["# `auto` before and after its fixes (one interleaved run)", "",
             f"Command: `{report['command']}` (TF_ENABLE_ONEDNN_OPTS={report['env']['TF_ENABLE_ONEDNN_OPTS']}).", "",
             f"Machine: {m['cpu']}, {m['cpus']} cores ({', '.join(m['cpu_flags'])}); TensorFlow reports oneDNN "
             f"**{'on' if m['onednn'] else 'off'}**. {recording.load_sentence(m)}. Threads: intra-op "
             f"{report['threads']}, inter-op 1. Wall {report['wall_s'] / 60:.1f} min, CPU {report['cpu_s']:.0f} s. "
             f"Seeds: {report['seeds']}.", "",
             "Each setting of `train_lib.choose_auto` chose afresh (empty cache), the settings alternating; then "
             "the four contenders ran in interleaved `fit` trials. `pick / best`: the picked contender's median "
             "throughput over the fastest one's (1.00: the best pick).", "",
             "| image | batch | setting | picks | pick / best, each | mean pick / best | mean seconds choosing |",
             "|---|---|---|---|---|---|---|"]
    for config in report["configs"]:
        for name, s in config["summary"].items():
            lines.append(f"| {config['size']}x{config['size']} | {config['batch']} | {name} | {', '.join(s['picks'])} | "
                         + ", ".join(f"{r:.2f}" for r in s["pick_over_best"])
                         + f" | **{s['mean_pick_over_best']:.2f}** | {s['mean_seconds']:.0f} |")
    lines += ["", "Throughput of the contenders (images/s, median of the interleaved trials):", "",
              "| image | batch | " + " | ".join(train_speed.TF_CONTENDERS) + " |",
              "|---|---|" + "---|" * len(train_speed.TF_CONTENDERS)]
    for config in report["configs"]:
        lines.append(f"| {config['size']}x{config['size']} | {config['batch']} | " + " | ".join(
            f"{config['images_per_s'][k]['median']:.0f}" for k in train_speed.TF_CONTENDERS) + " |")
    lines += ["", "Every choice's candidates (compile seconds, median step, rounds, dropped or not) are in the JSON."]
    return lines


if __name__ == "__main__":
    main()
