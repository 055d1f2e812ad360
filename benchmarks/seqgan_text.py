"""SeqGAN on real text, offline: BLEU of MLE and SeqGAN samples against held-out sentences.

Data: recipe ``seqgan_python_docs``: English sentences of the documentation topics
that ship with Python (``pydoc_data.topics``), word level, 5-20 words, vocabulary
1,000 (``<pad>`` = end and start token, ``<unk>``); every 5th topic is held out,
so the held-out sentences come from other pages than the training ones.
Score (as the paper scores its text sets): BLEU-2/3/4 of generated sentences,
each against *all* held-out sentences as references
(:func:`keras_gans.metrics.bleu.mean_bleu`), over ``--samples`` sentences.

Per seed: MLE pre-training of G (``--mle_steps`` batches of 64), D pre-training
(``--d_steps``), then two branches from that point with the same number of
generator updates: ``--rounds`` more MLE steps (the MLE row) and ``--rounds``
adversarial rounds (SeqGAN: one policy-gradient step on the rewards of
``--rollouts`` completions per prefix, then ``--d_per_round`` D updates). The
adversarial branch starts a fresh Adam for G, as the reference (``generator.py``
builds separate optimizers for pre-training and for the policy gradient).

Rows beside them: the untrained G (random), and real sentences: training sentences
scored against the held-out ones (what real text of the same source reaches).

Usage:
    python benchmarks/seqgan_text.py --seed 0       # -> results/seqgan_text_seed0.json
    python benchmarks/seqgan_text.py --combine 0 1  # -> results/seqgan_text.md, .json
"""

import json
import os
import sys
import time

import numpy as np
import recording  # the checkout on sys.path, quiet TF

# keras_gans (and TensorFlow) are imported where used, so that --help answers at once.
RECIPE = "seqgan_python_docs"
ORDERS = (2, 3, 4)
# The compact discriminator of the CPU runs (the recipe's is the paper's: widths 1-10, 15, 20, 100-200 maps).
COMPACT_D = {"d_embedding_dim": 32, "filter_sizes": (2, 3, 5, 10, 20), "num_filters": (16,) * 5}


def machine():
    from seqgan_oracle import machine as oracle_machine

    return oracle_machine()


def build(seed, args):
    import keras

    from keras_gans import recipes

    keras.utils.set_random_seed(seed)
    recipe = recipes.get_recipe(RECIPE)
    overrides = {**COMPACT_D, "num_rollouts": args.rollouts, "d_steps": args.d_per_round,
                 "rollout_update_rate": args.rollout_update_rate}
    model, _ = recipe.make(recipes.DataSpec((recipe.hparams["sequence_length"],)), overrides, seed=seed)
    model.compile(d_optimizer=keras.optimizers.Adam(args.d_learning_rate))
    return model


def bleu_scores(model, references, seed, num):
    from keras_gans.metrics import bleu

    sentences = [s.split() for s in model.tokens_to_text(model.generate(num, seed=seed))]
    return {f"BLEU-{n}": bleu.mean_bleu(sentences, references, n) for n in ORDERS}, sentences


def held_out_nll(model, tokens):
    return float(model.nll(model.generator, tokens))


def run_seed(args):
    import keras
    from seqgan_oracle import fit_steps

    from keras_gans import recipes
    from keras_gans.data import text as text_lib
    from keras_gans.metrics import bleu
    from keras_gans.models.seqgan import SeqGAN

    start_cpu, start_wall = time.process_time(), time.time()
    hp = recipes.get_recipe(RECIPE).hparams
    train, held_out, vocabulary = text_lib.python_docs(hp["sequence_length"], hp["vocab_size"])
    references = bleu.References(text_lib.decode(held_out, vocabulary), max(ORDERS))
    model = build(args.seed, args)
    assert model.vocabulary == vocabulary
    record = {"seed": args.seed, "train_sentences": len(train), "held_out_sentences": len(held_out)}
    real = text_lib.decode(train[np.random.default_rng(args.seed).permutation(len(train))[: args.samples]], vocabulary)
    record["real"] = {f"BLEU-{n}": bleu.mean_bleu(real, references, n) for n in ORDERS}
    record["random"], _ = bleu_scores(model, references, 1000 + args.seed, args.samples)
    curve = []
    for done in range(0, args.mle_steps, args.eval_every_mle):
        fit_steps(model, train, min(args.eval_every_mle, args.mle_steps - done), args.seed * 7919 + done)
        scores, _ = bleu_scores(model, references, 1000 + args.seed, args.samples)
        curve.append((min(done + args.eval_every_mle, args.mle_steps), scores, held_out_nll(model, held_out)))
        print("mle", curve[-1], flush=True)
    record["pretrain_curve"] = curve
    model.set_phase("discriminator")
    fit_steps(model, train, args.d_steps, args.seed * 7919 + 1)
    pretrained = model.get_weights()
    for branch in ("mle", "adversarial"):
        model.set_weights(pretrained)
        if branch == "adversarial":  # the reference's separate Adam for the policy gradient (generator.py)
            model.compile(g_optimizer=keras.optimizers.Adam(**SeqGAN.g_adam),
                          d_optimizer=keras.optimizers.Adam(args.d_learning_rate))
        model.set_phase(branch)
        history = []
        for done in range(0, args.rounds, args.eval_every):
            steps = min(args.eval_every, args.rounds - done)
            logs = model.fit(train[np.random.default_rng(args.seed * 104729 + done).integers(0, len(train), steps * 64)],
                             batch_size=64, epochs=1, shuffle=False, verbose=0).history
            scores, sentences = bleu_scores(model, references, 1000 + args.seed, args.samples)
            history.append((done + steps, scores, held_out_nll(model, held_out),
                            float(logs["reward"][-1]) if "reward" in logs else None))
            print(branch, history[-1], flush=True)
        record[f"{branch}_curve"] = history
        record["MLE" if branch == "mle" else "SeqGAN"] = history[-1][1]
        record[f"{'MLE' if branch == 'mle' else 'SeqGAN'}_held_out_nll"] = history[-1][2]
        record[f"{'MLE' if branch == 'mle' else 'SeqGAN'}_examples"] = [" ".join(s) for s in sentences[:5]]
    record["cpu_seconds"] = time.process_time() - start_cpu
    record["wall_seconds"] = time.time() - start_wall
    record["schedule"] = {k: getattr(args, k) for k in (
        "mle_steps", "d_steps", "rounds", "rollouts", "d_per_round", "d_learning_rate", "rollout_update_rate",
        "samples")}
    record["command"] = "python benchmarks/seqgan_text.py " + " ".join(sys.argv[1:])
    record["machine"] = machine()
    with open(os.path.join(recording.RESULTS, f"seqgan_text_seed{args.seed}.json"), "w") as f:
        json.dump(record, f, indent=2)
    print(json.dumps({k: record[k] for k in ("real", "random", "MLE", "SeqGAN", "cpu_seconds")}))


def combine(seeds):
    parts = []
    for seed in seeds:
        with open(os.path.join(recording.RESULTS, f"seqgan_text_seed{seed}.json")) as f:
            parts.append(json.load(f))
    rows = ("random", "MLE", "SeqGAN", "real")
    mean = {r: {k: float(np.mean([p[r][k] for p in parts])) for k in parts[0][r]} for r in rows}
    std = {r: {k: float(np.std([p[r][k] for p in parts])) for k in parts[0][r]} for r in rows}
    keys = [f"BLEU-{n}" for n in ORDERS]
    schedule = parts[0]["schedule"]
    labels = {"random": "untrained G", "MLE": "MLE", "SeqGAN": "SeqGAN",
              "real": "real: training sentences (same source)"}
    lines = [
        "# SeqGAN on real text: BLEU against held-out sentences",
        "",
        f"Data: recipe `{RECIPE}`: English sentences of Python's bundled documentation (`pydoc_data.topics`),",
        f"word level, 5-20 words, vocabulary 1,000; {parts[0]['train_sentences']:,} training sentences, "
        f"{parts[0]['held_out_sentences']} held-out",
        "sentences from other topics (every 5th topic). BLEU-n: each of "
        f"{schedule['samples']} generated sentences against all held-out",
        "sentences as references (uniform weights, no smoothing), averaged; higher is better.",
        "",
        f"| row (mean ± std over seeds {', '.join(str(s) for s in seeds)}) | " + " | ".join(keys)
        + " | G's NLL per token of held-out sentences |",
        "|---|" + "---|" * (len(keys) + 1),
    ]
    for r in rows:
        nll = ""
        if r in ("MLE", "SeqGAN"):
            values = [p[f"{r}_held_out_nll"] for p in parts]
            nll = f"{np.mean(values):.3f} ± {np.std(values):.3f}"
        lines.append(f"| {labels[r]} | " + " | ".join(f"{mean[r][k]:.3f} ± {std[r][k]:.3f}" for k in keys)
                     + f" | {nll or '-'} |")
    gap = {k: mean["SeqGAN"][k] - mean["MLE"][k] for k in keys}
    lines += [
        "",
        "SeqGAN - MLE: " + ", ".join(f"{k} {v:+.3f}" for k, v in gap.items()) + "; G's held-out NLL per token "
        f"{np.mean([p['SeqGAN_held_out_nll'] - p['MLE_held_out_nll'] for p in parts]):+.3f} (the adversarial "
        "rounds move G away from the likelihood of held-out text when this is positive).",
        "Per seed: " + "; ".join(
            f"seed {p['seed']}: MLE " + "/".join(f"{p['MLE'][k]:.3f}" for k in keys) + ", SeqGAN "
            + "/".join(f"{p['SeqGAN'][k]:.3f}" for k in keys) for p in parts) + " (BLEU-2/3/4).",
        "",
        "Evaluation noise: along the MLE branch (the steps after pre-training) BLEU-2 "
        "moved within " + ", ".join(
            f"{min(c[1]['BLEU-2'] for c in p['mle_curve']):.3f}-{max(c[1]['BLEU-2'] for c in p['mle_curve']):.3f}"
            f" (seed {p['seed']})" for p in parts) + " between its evaluations of 500 samples; differences "
        "smaller than that are not resolved here.",
        "",
        "The paper reports SeqGAN above MLE on BLEU on its own text sets (Chinese poems, Obama speeches,",
        "music); those are other data, so their numbers are not set beside these.",
        "",
        "**Schedule** (CPU budget): MLE pre-training "
        f"{schedule['mle_steps']} steps of 64 ({schedule['mle_steps'] * 64 / parts[0]['train_sentences']:.0f} "
        f"epochs); D pre-training {schedule['d_steps']} steps of 64 + 64 (Adam {schedule['d_learning_rate']}); "
        f"then {schedule['rounds']} MLE steps or {schedule['rounds']} SeqGAN rounds of {schedule['rollouts']} "
        f"rollouts per prefix, rollout update rate {schedule['rollout_update_rate']}, {schedule['d_per_round']} "
        "D steps of 64 + 64 per round; the adversarial branch starts a fresh Adam(0.01, clip 5) for G (as the "
        f"reference). Discriminator: compact (widths {COMPACT_D['filter_sizes']}, {COMPACT_D['num_filters'][0]} "
        f"maps each, embedding {COMPACT_D['d_embedding_dim']}); generator: the recipe's (embedding 32, hidden 32).",
        "",
        "Samples (seed " + str(parts[0]["seed"]) + "), MLE: " + "; ".join(f"`{x}`" for x in parts[0]["MLE_examples"][:3]),
        "",
        "Samples, SeqGAN: " + "; ".join(f"`{x}`" for x in parts[0]["SeqGAN_examples"][:3]),
        "",
        f"CPU time: {sum(p['cpu_seconds'] for p in parts):.0f} CPU-s for all seeds (process time, evaluation "
        f"included; wall {sum(p['wall_seconds'] for p in parts) / 60:.1f} min on shared cores, nice 19).",
        f"Machine: {parts[0]['machine']}.",
        f"Commands: {'; '.join(p['command'] for p in parts)}; then `python benchmarks/seqgan_text.py --combine "
        f"{' '.join(str(s) for s in seeds)}`.",
    ]
    recording.write_results("seqgan_text", {"mean": mean, "std": std, "seeds": parts}, lines)
    print("\n".join(lines))


def main(argv=None):
    from seqgan_oracle import schedule_parser

    parser = schedule_parser(__doc__, mle_steps=600, d_steps=300, rounds=30, rollouts=16, d_per_round=15,
                             d_learning_rate=1e-4, rollout_update_rate=0.0)
    parser.add_argument("--samples", type=int, default=500, help="generated sentences scored per row")
    args = parser.parse_args(argv)
    if args.combine:
        combine(args.combine)
    else:
        run_seed(args)


if __name__ == "__main__":
    main()
