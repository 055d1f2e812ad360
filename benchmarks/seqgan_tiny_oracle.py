"""Can a CI-sized SeqGAN learning test pass reliably? Adversarial rounds vs MLE steps on a tiny oracle.

The issue asks for a learning test (<= 60 s) in which SeqGAN's adversarial phase
lowers the oracle NLL of a tiny oracle below the MLE-only model's. This probe
runs that comparison for several seeds of one configuration and prints one JSON
line per seed (``gap`` = NLL-oracle of MLE - NLL-oracle of SeqGAN: positive
when SeqGAN wins):

1. an oracle LSTM (vocabulary ``--vocab``, embedding 8, hidden 8, weights
   N(0, 1), oracle seed 100 + seed, logits divided by ``--oracle_temperature``)
   samples 2,000 sequences of ``--length``;
2. G (``--g_embedding``, ``--g_hidden``) takes ``--mle_steps`` MLE steps, D
   (widths 2, 3, 4, 16 maps each, no dropout, L2 ``--d_l2`` on its output,
   Adam ``--d_learning_rate``) ``--d_steps`` steps;
3. from there, ``--rounds`` more MLE steps (Adam continued) against
   ``--rounds`` adversarial rounds (a fresh Adam(``--lr``, clip 5) for G, as
   the reference's ``g_opt``; ``--rollouts`` rollouts by the current G;
   ``--d_per_round`` D steps per round);
4. NLL-oracle of 2,000 samples of each branch.

The configuration that beat MLE on every seed, and that the learning test in
``tests/models/test_seqgan.py`` runs (seed 2):

    python benchmarks/seqgan_tiny_oracle.py --oracle_temperature 0.5 --g_embedding 4 --g_hidden 1 \
        --mle_steps 3000 --d_steps 2000 --d_l2 0 --rounds 200 --rollouts 8 --d_per_round 3 --lr 0.003 \
        --reward_every 50 --seeds 0 1 2 3 4 5 6 7

``--report`` gathers such outputs (files of JSON lines, each file's first line
the command) into ``benchmarks/results/seqgan_tiny_oracle.md``.

    python benchmarks/seqgan_tiny_oracle.py --rounds 10 --rollouts 8 --lr 0.01 --seeds 0 1 2
"""

import argparse
import json
import os
import sys
import time

import recording  # the checkout on sys.path, quiet TF

# The protocol's settings, each a flag of the same name (keras_gans.testing.seqgan_oracle).
SETTINGS = ("vocab", "length", "oracle_temperature", "g_embedding", "g_hidden", "mle_steps", "d_steps", "rounds",
            "rollouts", "d_per_round", "lr", "d_learning_rate", "d_l2", "reward_every")


def one_seed(args, seed):
    """Pre-training, then the MLE and SeqGAN branches from the same point; the JSON line's fields."""
    from keras_gans.testing.seqgan_oracle import mle_against_adversarial

    return mle_against_adversarial(seed, **{name: getattr(args, name) for name in SETTINGS})


def run(args):
    onednn = os.environ.get("TF_ENABLE_ONEDNN_OPTS")  # kernels differ between the settings: the row says which
    prefix = f"TF_ENABLE_ONEDNN_OPTS={onednn} " if onednn is not None else ""
    print(json.dumps({"command": prefix + "python benchmarks/seqgan_tiny_oracle.py " + " ".join(sys.argv[1:])}),
          flush=True)
    start = time.process_time()
    for seed in args.seeds:
        print(json.dumps(one_seed(args, seed)), flush=True)
    print(json.dumps({"cpu_seconds": time.process_time() - start}), flush=True)


def report(paths, note=None):
    lines = [
        "# SeqGAN on a tiny oracle: is a CI learning test possible?",
        "",
        "What `benchmarks/seqgan_tiny_oracle.py` measured (its docstring has the protocol). `gap` = NLL-oracle of "
        "the MLE branch - NLL-oracle of the SeqGAN branch after the same number of generator updates "
        "(positive: SeqGAN lower, as the test asserts); `reward` = D's mean probability that G's samples "
        "are real over the adversarial rounds (over the last 50 where the row has `--reward_every 50`; "
        "0.5: D cannot tell); `data` = the oracle's NLL of its own samples. "
        "Raw outputs: `seqgan_tiny_oracle/*.jsonl` (lt1.jsonl ... lt12.jsonl, in the table's order).",
        *([] if not note else ["", note]),
        "",
        "| configuration | seed | data | pre-trained | MLE | SeqGAN | gap | reward |",
        "|---|---|---|---|---|---|---|---|",
    ]
    total, gaps, by_config = 0.0, [], {}
    for path in paths:
        with open(path) as f:
            records = [json.loads(line) for line in f if line.startswith("{")]
        command = next(r["command"] for r in records if "command" in r)
        config = command.replace("python benchmarks/seqgan_tiny_oracle.py ", "")  # an env prefix stays
        for r in records:
            if "seed" in r:
                gaps.append(r["gap"])
                by_config.setdefault(config, []).append(r["gap"])
                lines.append(f"| `{config}` | {r['seed']} | {r['data']:.3f} | {r['pre']:.3f} | {r['mle']:.3f} | "
                             f"{r['adv']:.3f} | {r['gap']:+.3f} | {r['reward']:.3f} |")
            if "cpu_seconds" in r:
                total += r["cpu_seconds"]
    wins = sum(g > 0 for g in gaps)
    every = [f"`{c}` ({len(g)} seeds, gaps {min(g):+.3f} to {max(g):+.3f})"
             for c, g in by_config.items() if min(g) > 0 and len(g) >= 3]
    lines += [
        "",
        f"SeqGAN below MLE in {wins} of {len(gaps)} runs; gaps from {min(gaps):+.3f} to {max(gaps):+.3f} nats. "
        f"Below MLE on every seed run (3 or more): {'; '.join(every) if every else 'no configuration'}.",
        "",
        "The first configurations (lt1-lt8) had no such configuration. Where D cannot tell G's samples from "
        "data (reward near 0.5) the policy gradient's expected value is zero and the rounds are a random walk "
        "whose sign depends on the seed; where D could tell them apart (reward well below 0.5, G pre-trained "
        "for fewer steps), the rounds did not beat MLE either (see those rows). Their oracles had high "
        "entropy (their own NLL 1.6-2.0 nats of ln 16 = 2.77) and G nearly matched them.",
        "",
        "What made the difference (lt11; lt12 the same without oneDNN): (1) a peaked oracle, its logits at "
        "temperature 0.5 (its own NLL 0.44-1.87 nats); (2) a G far too small for it (hidden 1, embedding 4) "
        "pre-trained by MLE to its plateau (3,000 steps; the 200 steps of the MLE branch then move NLL-oracle "
        "by -0.07 to +0.04): MLE covers the data's mass, so this G keeps mass on sequences the oracle finds "
        "unlikely, which NLL-oracle (a measure of precision) punishes; (3) a D that can tell (no L2 on its "
        "output, 2,000 pre-training steps at Adam 1e-3): its reward is 0.15-0.48, below 0.5 on every seed, "
        "lowest where G is furthest from the oracle; (4) G's policy-gradient rate 0.003 over 200 rounds. "
        "With G hidden 4 (lt9, lt10) the gap's sign depended on the seed: pre-trained for 300 steps G was not "
        "at its plateau (the MLE branch still gained 0.14 on seed 2), for 1,000 it matched most oracles well "
        "enough that D's reward was 0.47-0.49 on seven of eight seeds. Screens of other settings on 2-4 seeds with a scratch copy of this "
        "protocol (the same draws; not recorded here) did no better on the weakest seeds: temperature 0.3 or "
        "0.4 with G hidden 1 (seed 4 +0.025), G hidden 2 at temperature 0.5 (seed 7 -0.008 after 1,500 MLE "
        "steps, at most +0.043 on seeds 0, 4, 7 after 4,000), G's rate 0.001 (smaller gaps after 200 rounds) or 0.006 (seed 4 +0.031). The learning test "
        "(`tests/models/test_seqgan.py::test_adversarial_rounds_lower_the_oracle_nll_below_mle_on_a_peaked_"
        "oracle`) runs lt11's configuration on seed 2 (20-32 s on the shared 2 cores) and asserts a gap above 0.02, about half "
        "the smallest measured (+0.037), and a reward below 0.45.",
        "",
        f"CPU time: {total:.0f} CPU-s over the runs that finished (a run stopped early has no CPU line); "
        "2 shared cores (lt1-lt4 at nice 19, lt9-lt12 at nice 5 with another job's load of 4-7).",
    ]
    recording.write_results("seqgan_tiny_oracle", {"gaps": gaps}, lines)
    print("\n".join(lines))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vocab", type=int, default=16)
    parser.add_argument("--length", type=int, default=8)
    parser.add_argument("--g_embedding", type=int, default=8)
    parser.add_argument("--g_hidden", type=int, default=16)
    parser.add_argument("--mle_steps", type=int, default=150)
    parser.add_argument("--d_steps", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--rollouts", type=int, default=8)
    parser.add_argument("--d_per_round", type=int, default=3)
    parser.add_argument("--lr", type=float, default=0.01, help="G's Adam learning rate in the adversarial phase")
    parser.add_argument("--d_learning_rate", type=float, default=1e-3,
                        help="D's Adam learning rate (the reference's is 1e-4; the first runs used 1e-3)")
    parser.add_argument("--oracle_temperature", type=float, default=1.0,
                        help="the oracle's logits divided by it (below 1: peaked, lower-entropy oracles)")
    parser.add_argument("--d_l2", type=float, default=0.2, help="L2 on D's output layer (the reference's 0.2)")
    parser.add_argument("--reward_every", type=int, default=0,
                        help="record D's mean reward over every so many adversarial rounds (0: the last round's only)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--report", nargs="*", help="files of this script's output -> results/seqgan_tiny_oracle.md")
    parser.add_argument("--note", help="a sentence for the report (e.g. how the runs were made)")
    args = parser.parse_args(argv)
    if args.report:
        report(args.report, args.note)
    else:
        run(args)


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    main()
