"""SeqGAN's synthetic oracle benchmark (Yu et al. 2017, Table 1), on a CPU budget.

A randomly initialised oracle LSTM (vocabulary 5,000, embedding 32, hidden 32,
length 20, every weight ~ N(0, 1) as ``target_lstm.py`` draws them) samples
10,000 training sequences. Quality is the oracle's NLL per token of 2,000
generated sequences (lower is better). Per seed:

1. MLE pre-training of G (Adam 0.01, clip 5, batch 64) for ``--mle_steps``;
2. D pre-training on real against G's samples for ``--d_steps``;
3. from that point, two branches with the same number of generator updates:
   ``--rounds`` more MLE steps (the MLE row) and ``--rounds`` adversarial
   rounds (SeqGAN: one policy-gradient step on rewards of ``--rollouts``
   Monte-Carlo completions per prefix, rollout delay 0.8, then
   ``--d_per_round`` D updates).

The schedule is much shorter than the paper's (120 MLE epochs, 50 x 3 D epochs,
200 rounds of 16 rollouts and 5 x 3 D epochs); the results file says which.

Usage:
    python benchmarks/seqgan_oracle.py --seed 0      # one seed -> results/seqgan_seed0.json
    python benchmarks/seqgan_oracle.py --combine 0 1 # -> results/seqgan.md, .json, .png
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import keras  # noqa: E402
import numpy as np  # noqa: E402
import recording  # noqa: F401 - the checkout on sys.path, quiet TF

from keras_gans import models  # noqa: E402
from keras_gans import networks  # noqa: E402
from keras_gans.data import oracle as oracle_lib  # noqa: E402

PAPER = {"random": 10.310, "MLE": 9.038, "SeqGAN": 8.736}
EVAL_SAMPLES = 2000
# The compact discriminator of this benchmark (the paper's: widths 1-10, 15, 20 with 100-200 maps, embedding 64).
D_WIDTHS, D_MAPS, D_EMBEDDING = (2, 3, 5, 10, 20), (16,) * 5, 32


def machine():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "")
    except OSError:
        model = ""
    return f"{model or platform.processor()}, {os.cpu_count()} logical CPUs (shared), oneDNN on"


def build(seed, rollouts, d_per_round):
    keras.utils.set_random_seed(seed)
    g = networks.lstm_generator(oracle_lib.VOCAB_SIZE, 32, 32)
    d = networks.text_cnn_discriminator(oracle_lib.VOCAB_SIZE, 20, D_EMBEDDING, D_WIDTHS, D_MAPS)
    model = models.SeqGAN(g, d, sequence_length=20, num_rollouts=rollouts, d_steps=d_per_round, phase="mle",
                          seed=seed)
    model.compile()
    return model


def evaluate(model, oracle, seed):
    return oracle_lib.oracle_nll(oracle, model.generate(EVAL_SAMPLES, seed=1000 + seed))


def fit_steps(model, data, steps, seed):
    """``steps`` updates of the current phase on shuffled batches of 64."""
    rng = np.random.default_rng(seed)
    index = rng.integers(0, len(data), (steps * 64,))
    model.fit(data[index], batch_size=64, epochs=1, shuffle=False, verbose=0)


def run_seed(args):
    start_cpu, start_wall = time.process_time(), time.time()
    oracle, data = oracle_lib.oracle_dataset()  # oracle seed 0, sample seed 1: the same for every seed
    record = {"seed": args.seed, "oracle_nll_of_training_data": oracle_lib.oracle_nll(oracle, data[:EVAL_SAMPLES])}
    work = os.path.join(args.work_dir, f"seed{args.seed}")
    os.makedirs(work, exist_ok=True)
    model = build(args.seed, args.rollouts, args.d_per_round)
    record["random"] = evaluate(model, oracle, args.seed)
    pretrained = os.path.join(work, "pretrained.weights.h5")
    if os.path.exists(pretrained):  # resumable: the pre-training is the long part
        model.load_weights(pretrained)
    else:
        curve = []
        for done in range(0, args.mle_steps, args.eval_every_mle):
            fit_steps(model, data, min(args.eval_every_mle, args.mle_steps - done), args.seed * 7919 + done)
            curve.append((min(done + args.eval_every_mle, args.mle_steps), evaluate(model, oracle, args.seed)))
            print("mle", curve[-1], flush=True)
        model.set_phase("discriminator")
        fit_steps(model, data, args.d_steps, args.seed * 7919 + 1)
        model.save_weights(pretrained)
        with open(os.path.join(work, "pretrain_curve.json"), "w") as f:
            json.dump(curve, f)
    with open(os.path.join(work, "pretrain_curve.json")) as f:
        record["pretrain_curve"] = json.load(f)
    record["pretrained"] = evaluate(model, oracle, args.seed)
    for branch in ("mle", "adversarial"):
        model.load_weights(pretrained)
        model.set_phase(branch)
        curve = [(0, record["pretrained"])]
        for done in range(0, args.rounds, args.eval_every):
            steps = min(args.eval_every, args.rounds - done)
            fit_steps(model, data, steps, args.seed * 104729 + done)
            curve.append((done + steps, evaluate(model, oracle, args.seed)))
            print(branch, curve[-1], flush=True)
        record[f"{branch}_curve"] = curve
    record["MLE"] = record["mle_curve"][-1][1]
    record["SeqGAN"] = record["adversarial_curve"][-1][1]
    record["cpu_seconds"] = time.process_time() - start_cpu
    record["wall_seconds"] = time.time() - start_wall
    record["schedule"] = {k: getattr(args, k) for k in ("mle_steps", "d_steps", "rounds", "rollouts", "d_per_round")}
    record["command"] = "python benchmarks/seqgan_oracle.py " + " ".join(sys.argv[1:])
    record["machine"] = machine()
    with open(os.path.join(recording.RESULTS, f"seqgan_seed{args.seed}.json"), "w") as f:
        json.dump(record, f, indent=2)
    print(json.dumps({k: record[k] for k in ("random", "pretrained", "MLE", "SeqGAN", "cpu_seconds")}))


def combine(seeds):
    parts = []
    for seed in seeds:
        with open(os.path.join(recording.RESULTS, f"seqgan_seed{seed}.json")) as f:
            parts.append(json.load(f))
    mean = {row: float(np.mean([p[row] for p in parts])) for row in ("random", "pretrained", "MLE", "SeqGAN")}
    spread = {row: float(np.std([p[row] for p in parts])) for row in mean}
    schedule = parts[0]["schedule"]
    cpu = sum(p["cpu_seconds"] for p in parts)
    gap = mean["MLE"] - mean["SeqGAN"]
    lines = [
        "# SeqGAN: the synthetic oracle benchmark (Yu et al. 2017, Table 1)",
        "",
        "Oracle: a random LSTM (vocabulary 5,000, embedding 32, hidden 32, length 20, every weight ~ N(0, 1) as the",
        "reference's `target_lstm.py` draws them; our own draw, oracle seed 0, not the reference's pickled one),",
        "10,000 training sequences. NLL-oracle: the oracle's mean NLL per token of 2,000 generated sequences.",
        "",
        "| NLL-oracle (lower is better) | random | MLE | SeqGAN | MLE - SeqGAN |",
        "|---|---|---|---|---|",
        f"| paper, Table 1 | {PAPER['random']:.3f} | {PAPER['MLE']:.3f} | {PAPER['SeqGAN']:.3f} | "
        f"{PAPER['MLE'] - PAPER['SeqGAN']:.3f} |",
        f"| ours, mean of seeds {', '.join(str(s) for s in seeds)} (± std) | {mean['random']:.3f} ± {spread['random']:.3f} | "
        f"{mean['MLE']:.3f} ± {spread['MLE']:.3f} | {mean['SeqGAN']:.3f} ± {spread['SeqGAN']:.3f} | {gap:.3f} |",
    ]
    for p in parts:
        lines.append(f"| ours, seed {p['seed']} | {p['random']:.3f} | {p['MLE']:.3f} | {p['SeqGAN']:.3f} | "
                     f"{p['MLE'] - p['SeqGAN']:.3f} |")
    lines += [
        "",
        f"Both rows start from the same pre-trained G and D (NLL-oracle {mean['pretrained']:.3f} after pre-training) and",
        f"take the same number of generator updates after it ({schedule['rounds']}): MLE steps, or SeqGAN rounds.",
        f"The oracle's NLL of its own training data: {parts[0]['oracle_nll_of_training_data']:.3f}.",
        f"Aim (issue #17): SeqGAN below MLE by >= 0.2 nats: {'met' if gap >= 0.2 else 'NOT met'} ({gap:.3f}).",
        *([] if gap >= 0.2 else [
            "",
            "Why, as far as the curve shows: pre-training stopped far from convergence (NLL-oracle "
            f"{mean['pretrained']:.2f}, against the paper's converged MLE 9.04; it was still falling about 0.08 per "
            "100 steps of pre-training), a regime where the paper's gap was not measured; the adversarial phase had 40 of the "
            "paper's 200 rounds with 4 of 16 rollouts, and its discriminator was small and pre-trained for 150 "
            "steps instead of 50 x 3 epochs, so its rewards carry little signal. The evaluation itself moves by up to "
            "0.05 between neighbouring points (2,000 samples). The CPU budget of this run (shared with four other jobs) allowed no more; "
            "a longer schedule is the script's flags (the discriminator's size is fixed in the script).",
        ]),
        "",
        "**Shortened schedule** (CPU budget), against the paper's:",
        "",
        "| | ours | paper |",
        "|---|---|---|",
        f"| G MLE pre-training | {schedule['mle_steps']} steps of 64 ({schedule['mle_steps'] * 64 / 10000:.1f} epochs) | 120 epochs |",
        f"| D pre-training | {schedule['d_steps']} steps of 64 + 64 | 50 x 3 epochs on 10,000 + 10,000 |",
        f"| adversarial rounds | {schedule['rounds']} | 200 |",
        f"| rollouts per prefix | {schedule['rollouts']} | 16 |",
        f"| D updates per round | {schedule['d_per_round']} steps of 64 + 64 | 5 x 3 epochs on 10,000 + 10,000 |",
        f"| discriminator | widths {D_WIDTHS}, {D_MAPS[0]} maps each, embedding {D_EMBEDDING}, highway, dropout 0.25, L2 0.2 "
        "| widths 1-10, 15, 20, 100-200 maps, embedding 64 |",
        "",
        "Curve: `seqgan.png` (NLL-oracle against generator updates after pre-training, both branches, every seed).",
        "",
        f"CPU time: {cpu / 60:.1f} CPU-minutes for all seeds (process time; wall "
        f"{sum(p['wall_seconds'] for p in parts) / 60:.1f} min on shared cores).",
        f"Machine: {parts[0]['machine']}.",
        f"Commands: {'; '.join(p['command'] for p in parts)}; then `python benchmarks/seqgan_oracle.py --combine "
        f"{' '.join(str(s) for s in seeds)}`.",
    ]
    record = {"paper": PAPER, "mean": mean, "std": spread, "seeds": parts, "gap": gap}
    recording.write_results("seqgan", record, lines)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for p in parts:
        for branch, style in (("mle", "--"), ("adversarial", "-")):
            xs, ys = zip(*p[f"{branch}_curve"], strict=True)
            ax.plot(xs, ys, style, label=f"{'MLE' if branch == 'mle' else 'SeqGAN'} seed {p['seed']}")
    ax.set_xlabel("generator updates after pre-training")
    ax.set_ylabel("NLL-oracle (nats per token)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(recording.RESULTS, "seqgan.png"), dpi=100)
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--combine", type=int, nargs="*")
    parser.add_argument("--mle_steps", type=int, default=800)
    parser.add_argument("--eval_every_mle", type=int, default=200)
    parser.add_argument("--d_steps", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--eval_every", type=int, default=10)
    parser.add_argument("--rollouts", type=int, default=4)
    parser.add_argument("--d_per_round", type=int, default=3)
    parser.add_argument("--work_dir", default="/tmp/seqgan_oracle")
    args = parser.parse_args()
    if args.combine:
        combine(args.combine)
    else:
        run_seed(args)


if __name__ == "__main__":
    main()
