"""Image-to-image translation benchmark: pix2pix ablation and CycleGAN on digits.

pix2pix (in the spirit of Isola et al. Table 1): on edges2digits, train
L1-only, cGAN-only and L1+cGAN for the same number of steps; report the MNIST
classifier's accuracy on the outputs (does the output show the input's digit?)
and a Fréchet distance between classifier features of outputs and real digits.

CycleGAN on thin2thick_digits: the fraction of translations a domain
classifier (thin vs thick, trained here on real images) assigns to the target
domain, the fraction whose digit is still read correctly (by the shipped MNIST
classifier, by a small reader trained on the target domain, and by a stronger
target-domain reader whose ceiling on real digits is ~98%), and the cycle
reconstruction L1.

Usage:
    python benchmarks/translation.py --pix2pix_steps 1500 --cyclegan_steps 1500
Writes benchmarks/results/translation.md and .json (partial results are
written after each model so a long run can be read while it goes);
``--combine`` merges the parts of separate runs (pix2pix seeds side by side)
and appends the hand-written ``<out>_notes.md``.
"""

import argparse
import json
import os
import sys
import time

import keras
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from keras_gans import recipes  # noqa: E402
from keras_gans.data.paired import edges2digits  # noqa: E402
from keras_gans.data.unpaired import thin2thick_digits  # noqa: E402
from keras_gans.metrics import frechet_distance  # noqa: E402
from keras_gans.metrics import high_frequency_ratio  # noqa: E402
from keras_gans.metrics.mnist_classifier import load_mnist_classifier  # noqa: E402
from keras_gans.metrics.readers import crop28  # noqa: E402
from keras_gans.metrics.readers import digit_reader  # noqa: E402
from keras_gans.metrics.readers import domain_classifier  # noqa: E402
from keras_gans.metrics.readers import predict  # noqa: E402
from keras_gans.training_budget import fit_within  # noqa: E402

VARIANTS = {"L1": (100.0, 0.0), "cGAN": (0.0, 1.0), "L1+cGAN": (100.0, 1.0)}
NUM_TEST = 400  # held-out digits per CycleGAN domain
READER_EPOCHS = 15
RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def pix2pix_models(seed, patch_downsampling=2):
    built = {}
    for variant, (l1_weight, gan_weight) in VARIANTS.items():
        keras.utils.set_random_seed(seed)  # same initial G and D for every variant
        model, _ = recipes.get_recipe("pix2pix_edges2digits").make(
            recipes.DataSpec((32, 32, 1)), {"base_filters": 16, "max_filters": 64, "l1_weight": l1_weight,
                                            "gan_weight": gan_weight, "num_downsampling": patch_downsampling}
        )
        model.compile()
        built[variant] = model
    return built


# PatchGAN receptive field (px) by stride-2 layers: networks.patchgan_discriminator's docstring.
PATCH_FIELD = {0: 7, 1: 16, 2: 34, 3: 70}


def paper_outputs(model, images, seed, batch_size=16):
    """The generator run as pix2pix runs it at test time: dropout on (its only noise), seeded.

    The U-Net uses instance normalization, so ``training=True`` changes nothing but dropout.
    """
    keras.utils.set_random_seed(seed)
    return np.concatenate([
        np.asarray(model.generator(images[i:i + batch_size], training=True))
        for i in range(0, len(images), batch_size)
    ])


def pix2pix_ablation(max_steps, max_minutes, seed, results, on_update, patch_downsampling=2, test_dropout=False):
    """Trains the three variants round-robin in 50-step chunks so they share the budget exactly.

    ``patch_downsampling`` sets the PatchGAN's receptive field (``PATCH_FIELD``); with
    ``test_dropout`` the scored outputs keep dropout on, as the paper's test protocol does
    (the deterministic outputs' accuracy is reported beside them).
    """
    import tensorflow as tf

    from keras_gans.metrics.mnist_classifier import holdout_split

    inputs, targets, labels = edges2digits()
    train_idx, test_idx = holdout_split(labels)  # the classifier never saw the test digits
    test_inputs, test_targets, test_labels = inputs[test_idx], targets[test_idx], labels[test_idx]
    classifier = load_mnist_classifier()
    features = load_mnist_classifier(features=True)
    results["real_accuracy"] = float(np.mean(predict(classifier, crop28(test_targets)).argmax(1) == test_labels))
    results["pix2pix_num_test"] = len(test_idx)
    ds = tf.data.Dataset.from_tensor_slices((inputs[train_idx], targets[train_idx]))
    ds = ds.shuffle(len(train_idx), seed=seed).repeat().batch(16, drop_remainder=True).prefetch(2)
    built = pix2pix_models(seed, patch_downsampling)
    results["pix2pix_setup"] = {"patch_downsampling": patch_downsampling,
                                "patch_field": PATCH_FIELD.get(patch_downsampling), "test_dropout": test_dropout}
    seconds = dict.fromkeys(VARIANTS, 0.0)
    start, done = time.time(), 0
    while done < max_steps and time.time() - start < 60 * max_minutes:
        chunk = min(50, max_steps - done)
        for variant, model in built.items():
            tick = time.time()
            model.fit(ds, epochs=1, steps_per_epoch=chunk, verbose=0)
            seconds[variant] += time.time() - tick
        done += chunk
        print(f"pix2pix: {done} steps each, {time.time() - start:.0f} s", flush=True)
    real_features = predict(features, crop28(test_targets))
    results["pix2pix"] = []
    for variant, model in built.items():
        deterministic = np.asarray(model.generate(test_inputs))
        outputs = paper_outputs(model, test_inputs, seed) if test_dropout else deterministic
        results["pix2pix"].append({
            "variant": variant,
            "seed": seed,
            "l1_weight": VARIANTS[variant][0],
            "gan_weight": VARIANTS[variant][1],
            "steps": done,
            "train_seconds": round(seconds[variant], 1),
            "classifier_accuracy": float(np.mean(predict(classifier, crop28(outputs)).argmax(1) == test_labels)),
            "frechet_distance": frechet_distance(predict(features, crop28(outputs)), real_features),
            "l1_to_target": float(np.mean(np.abs(outputs - test_targets))),
            "high_frequency_ratio": high_frequency_ratio(test_targets, outputs),
            "classifier_accuracy_dropout_off": float(
                np.mean(predict(classifier, crop28(deterministic)).argmax(1) == test_labels)),
        })
        on_update()


def strong_reader(domain, seed, epochs=READER_EPOCHS):
    """A stronger target-domain digit reader (the measuring instrument, not a model under test).

    The small reader above, trained on one domain's ~2,100 training digits,
    reads only ~91% of real held-out thin digits, so an identity aim of 90%
    sat at its ceiling. This one sees every mnist_5k digit outside BOTH
    domains' held-out test sets, drawn in ``domain``'s stroke style (~4,200;
    the translated test digits are never seen), with small shifts and
    rotations, through two conv blocks with pooling and dropout.
    """
    from keras_gans.data import builtin
    from keras_gans.data.paired import pad_digits
    from keras_gans.data.unpaired import stroke_width

    digits, labels = builtin.mnist_5k()
    # The same split as thin2thick_digits(seed=0): halves of one permutation,
    # thin digits that vanish under erosion dropped, the last 400 of each held out.
    order = np.random.default_rng(0).permutation(len(digits))
    half_a, half_b = order[: len(order) // 2], order[len(order) // 2:]
    kept_a = half_a[stroke_width(digits[half_a], "thin").reshape(len(half_a), -1).max(axis=1) > 0.0]
    train = np.setdiff1d(np.arange(len(digits)), np.concatenate([kept_a[-NUM_TEST:], half_b[-NUM_TEST:]]))
    images = stroke_width(digits[train], domain)
    keep = images.reshape(len(images), -1).max(axis=1) > 0.0
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.RandomTranslation(0.08, 0.08, fill_mode="constant", fill_value=-1.0)(inputs)
    x = keras.layers.RandomRotation(0.03, fill_mode="constant", fill_value=-1.0)(x)
    for filters in (32, 64):
        x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Dropout(0.4)(keras.layers.Flatten()(x))
    x = keras.layers.Dropout(0.4)(keras.layers.Dense(128, activation="relu")(x))
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x), name=f"{domain}_reader")
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(crop28(pad_digits(images[keep], 32)), labels[train][keep], epochs=epochs, batch_size=64, verbose=0)
    return model, int(keep.sum())


def cyclegan_run(steps, seed, max_minutes, resume=False):
    classifier = load_mnist_classifier()
    thin, thick, labels_a, labels_b = thin2thick_digits(seed=0)
    n_a, n_b = len(thin) - NUM_TEST, len(thick) - NUM_TEST
    train_a, test_a, test_labels_a = thin[:n_a], thin[n_a:], labels_a[n_a:]
    train_b, test_b, test_labels_b = thick[:n_b], thick[n_b:], labels_b[n_b:]
    domains = domain_classifier(train_a, train_b, seed)
    # Digit identity is judged by a classifier of the TARGET domain: the shipped
    # classifier (trained on plain MNIST strokes) misreads thin digits, which
    # made thick -> thin look worse than it is. Each is trained on its domain's
    # training split only; its accuracy on the real held-out digits is the ceiling.
    readers = {
        "a": digit_reader(train_a, labels_a[:n_a], seed, "thin_digits_cnn"),
        "b": digit_reader(train_b, labels_b[:n_b], seed, "thick_digits_cnn"),
    }
    keras.utils.set_random_seed(seed)

    saved = os.path.join("runs", f"translation_cyclegan_seed{seed}.keras")
    previous = {"steps": 0, "train_seconds": 0.0}
    if resume and os.path.exists(saved):
        # Continue a run stopped by --cyclegan_minutes (the .keras file holds the optimizers).
        model = keras.saving.load_model(saved)
        with open(saved + ".json") as f:
            previous = json.load(f)
        print(f"cyclegan: resuming after {previous['steps']} steps", flush=True)
    else:
        model, _ = recipes.get_recipe("cyclegan_thin2thick").make(
            recipes.DataSpec((32, 32, 1)), {"num_blocks": 2, "base_filters": 8}, seed=seed
        )
        model.compile()
    import tensorflow as tf

    ds_a = tf.data.Dataset.from_tensor_slices(train_a).shuffle(n_a, seed=seed).repeat().batch(16)
    ds_b = tf.data.Dataset.from_tensor_slices(train_b).shuffle(n_b, seed=seed + 1).repeat().batch(16)
    dataset = tf.data.Dataset.zip((ds_a, ds_b)).prefetch(2)
    # Chunks of 100 steps so a time cap (the shared CPU's speed varies) stops
    # training cleanly; the steps actually run are reported.
    done, seconds, _ = (0, 0.0, None) if steps <= previous["steps"] else fit_within(
        model, dataset, max_steps=steps - previous["steps"], max_seconds=60 * max_minutes, chunk=100,
        on_chunk=lambda n, secs, logs: print(f"cyclegan: {previous['steps'] + n} steps, {secs:.0f} s", flush=True),
    )
    steps = previous["steps"] + done
    seconds += previous["train_seconds"]
    os.makedirs("runs", exist_ok=True)
    model.save(saved)  # re-scorable and resumable
    with open(saved + ".json", "w") as f:
        json.dump({"steps": steps, "train_seconds": seconds}, f)
    fake_b = model.translate(test_a, "a_to_b")
    fake_a = model.translate(test_b, "b_to_a")
    cyc_a = model.translate(fake_b, "b_to_a")
    cyc_b = model.translate(fake_a, "a_to_b")
    result = {
        "steps": steps,
        "train_seconds": round(seconds, 1),
        "domain_classifier_accuracy_real": float(np.mean(np.concatenate([
            predict(domains, crop28(test_a)).argmax(1) == 0,
            predict(domains, crop28(test_b)).argmax(1) == 1]))),
        "target_domain_a_to_b": float(np.mean(predict(domains, crop28(fake_b)).argmax(1) == 1)),
        "target_domain_b_to_a": float(np.mean(predict(domains, crop28(fake_a)).argmax(1) == 0)),
        "digit_kept_a_to_b": float(np.mean(predict(classifier, crop28(fake_b)).argmax(1) == test_labels_a)),
        "digit_kept_b_to_a": float(np.mean(predict(classifier, crop28(fake_a)).argmax(1) == test_labels_b)),
        "digit_accuracy_real_a": float(np.mean(predict(classifier, crop28(test_a)).argmax(1) == test_labels_a)),
        "digit_accuracy_real_b": float(np.mean(predict(classifier, crop28(test_b)).argmax(1) == test_labels_b)),
        # Target-domain readers: thin->thick judged by the thick reader and vice versa.
        "digit_kept_target_reader_a_to_b": float(np.mean(predict(readers["b"], crop28(fake_b)).argmax(1) == test_labels_a)),
        "digit_kept_target_reader_b_to_a": float(np.mean(predict(readers["a"], crop28(fake_a)).argmax(1) == test_labels_b)),
        "target_reader_accuracy_real_b": float(np.mean(predict(readers["b"], crop28(test_b)).argmax(1) == test_labels_b)),
        "target_reader_accuracy_real_a": float(np.mean(predict(readers["a"], crop28(test_a)).argmax(1) == test_labels_a)),
        **strong_reader_scores(fake_a, fake_b, test_a, test_b, test_labels_a, test_labels_b, seed),
        "domain_builder": "thin: half-pixel grey erosion (3x3 cross at 2x resolution); thick: 3x3-cross grey dilation",
        "cycle_l1_a": float(np.mean(np.abs(cyc_a - test_a))),
        "cycle_l1_b": float(np.mean(np.abs(cyc_b - test_b))),
        "num_test": [len(test_a), len(test_b)],
    }
    return result


def strong_reader_scores(fake_a, fake_b, test_a, test_b, labels_a, labels_b, seed):
    """Digit identity by the stronger readers, with their ceilings on real held-out digits."""
    thin_reader, n_thin = strong_reader("thin", seed)
    thick_reader, n_thick = strong_reader("thick", seed)

    def accuracy(reader, images, labels):
        return float(np.mean(predict(reader, crop28(images)).argmax(1) == labels))

    return {
        "strong_reader_training_digits": [n_thin, n_thick],
        "strong_reader_epochs": READER_EPOCHS,
        "digit_kept_strong_reader_a_to_b": accuracy(thick_reader, fake_b, labels_a),
        "digit_kept_strong_reader_b_to_a": accuracy(thin_reader, fake_a, labels_b),
        "strong_reader_accuracy_real_b": accuracy(thick_reader, test_b, labels_b),
        "strong_reader_accuracy_real_a": accuracy(thin_reader, test_a, labels_a),
    }


def _pix2pix_lines(results):
    setup = results.get("pix2pix_setup", {"patch_downsampling": 2, "patch_field": 34, "test_dropout": False})
    rows = sorted(results["pix2pix"], key=lambda r: (list(VARIANTS).index(r["variant"]), r.get("seed", 0)))
    sharp = all("high_frequency_ratio" in r for r in rows)
    dropout = "dropout on, as the paper tests" if setup["test_dropout"] else "dropout off"
    lines = ["## pix2pix ablation on edges2digits", "",
             f"Test: the {results['pix2pix_num_test']} digits held out from the shipped classifier's training. "
             "Same budget for every variant (trained round-robin in 50-step chunks, same initial weights): "
             f"U-Net depth 5 (16 base filters, cap 64), PatchGAN ({setup['patch_downsampling']} downsamplings, "
             f"{setup['patch_field']}x{setup['patch_field']} receptive field on 32x32 images), batch 16, "
             f"Adam(2e-4, beta_1=0.5). Outputs scored with {dropout}.", "",
             f"Classifier accuracy on the real test digits: {results['real_accuracy']:.3f}.", ""]
    metrics = [("classifier_accuracy", "digit accuracy on outputs", 3),
               ("frechet_distance", "Fréchet distance (classifier features)", 2)]
    if sharp:
        metrics += [("high_frequency_ratio", "high-frequency energy / the targets'", 3),
                    ("classifier_accuracy_dropout_off", "digit accuracy, dropout off", 3)]
    metrics += [("l1_to_target", "L1 to target", 3)]
    lines += ["| loss | seed | steps | " + " | ".join(m[1] for m in metrics) + " | train s |",
              "|---|---|---|" + "---|" * len(metrics) + "---|"]
    for r in rows:
        lines.append(f"| {r['variant']} | {r.get('seed', 0)} | {r['steps']} | "
                     + " | ".join(f"{r[k]:.{d}f}" for k, _, d in metrics) + f" | {r['train_seconds']} |")
    if len({r.get("seed", 0) for r in rows}) > 1:
        for variant in VARIANTS:
            own = [r for r in rows if r["variant"] == variant]
            lines.append(f"| **{variant} (mean ± std of {len(own)})** | | | "
                         + " | ".join(f"{np.mean([r[k] for r in own]):.{d}f} ± {np.std([r[k] for r in own]):.{d}f}"
                                      for k, _, d in metrics) + " | |")
    return lines + [""]


def write(results, command, stem, results_dir=RESULTS):
    os.makedirs(results_dir, exist_ok=True)
    with open(os.path.join(results_dir, f"{stem}.json"), "w") as f:
        json.dump({**results, "command": command}, f, indent=2)
    lines = ["# Image-to-image translation benchmark", "", "Command:", "", "```", command, "```", "",
             f"MNIST classifier: {results.get('classifier')}.", ""]
    if results.get("pix2pix"):
        lines += _pix2pix_lines(results)
    c = results.get("cyclegan")
    if c:
        lines += ["## CycleGAN on thin2thick_digits (unpaired; 400 held-out digits per domain)", "",
                  "ResNet generators (2 blocks, 8 base filters), PatchGAN discriminators (16 base filters), "
                  f"batch 16, LSGAN, lambda_cycle=10, identity 5, pool 50; {c['steps']} steps "
                  f"({c['train_seconds']} s).", "",
                  "| metric | A->B (thin->thick) | B->A (thick->thin) |", "|---|---|---|",
                  f"| assigned to the target domain by the domain classifier | {c['target_domain_a_to_b']:.3f} | {c['target_domain_b_to_a']:.3f} |",
                  *([f"| digit identity kept (target-domain digit classifier) | {c['digit_kept_target_reader_a_to_b']:.3f} | {c['digit_kept_target_reader_b_to_a']:.3f} |",
                     f"| ceiling: target-domain classifier on real held-out target images | {c['target_reader_accuracy_real_b']:.3f} | {c['target_reader_accuracy_real_a']:.3f} |"]
                    if "digit_kept_target_reader_a_to_b" in c else []),
                  *([f"| digit identity kept (stronger target-domain reader, {c['strong_reader_training_digits'][1]} / "
                     f"{c['strong_reader_training_digits'][0]} training digits) | {c['digit_kept_strong_reader_a_to_b']:.3f} | "
                     f"{c['digit_kept_strong_reader_b_to_a']:.3f} |",
                     f"| ceiling: stronger reader on real held-out target images | {c['strong_reader_accuracy_real_b']:.3f} | "
                     f"{c['strong_reader_accuracy_real_a']:.3f} |"]
                    if "digit_kept_strong_reader_a_to_b" in c else []),
                  f"| digit identity kept (shipped MNIST classifier) | {c['digit_kept_a_to_b']:.3f} | {c['digit_kept_b_to_a']:.3f} |",
                  f"| cycle reconstruction L1 (pixels in [-1, 1]) | {c['cycle_l1_a']:.4f} | {c['cycle_l1_b']:.4f} |",
                  f"| reference: MNIST classifier on the real source images | {c['digit_accuracy_real_a']:.3f} | {c['digit_accuracy_real_b']:.3f} |",
                  "", f"Domain classifier accuracy on real held-out images: {c['domain_classifier_accuracy_real']:.3f}.",
                  *([f"Domains: {c['domain_builder']}."] if "domain_builder" in c else []), ""]
    notes = os.path.join(results_dir, f"{stem}_notes.md")  # hand-written findings survive re-rendering
    if os.path.exists(notes):
        with open(notes) as f:
            lines += [f.read()]
    with open(os.path.join(results_dir, f"{stem}.md"), "w") as f:
        f.write("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pix2pix_steps", type=int, default=1500)
    parser.add_argument("--cyclegan_steps", type=int, default=1500)
    parser.add_argument("--pix2pix_minutes", type=float, default=1e9, help="time cap of the ablation")
    parser.add_argument("--cyclegan_minutes", type=float, default=1e9, help="time cap of CycleGAN training")
    parser.add_argument("--parts", default="pix2pix,cyclegan")
    parser.add_argument("--cyclegan_resume", action="store_true",
                        help="continue runs/translation_cyclegan_seed<seed>.keras up to --cyclegan_steps")
    parser.add_argument("--out", default="translation", help="results file stem")
    parser.add_argument("--results_dir", default=RESULTS, help="where the results go (default: benchmarks/results)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--combine", default="", help="merge the .json results of these stems (comma-separated)")
    parser.add_argument("--pix2pix_patch_downsampling", type=int, default=2, choices=sorted(PATCH_FIELD),
                        help="PatchGAN stride-2 layers: receptive field 7, 16, 34, 70 px for 0-3 (the paper's "
                        "70 px on 256 px images is 0.27 of the image: 7-16 px here)")
    parser.add_argument("--pix2pix_test_dropout", action="store_true",
                        help="score outputs with dropout on, the paper's test protocol")
    args = parser.parse_args()
    command = "python benchmarks/translation.py " + " ".join(sys.argv[1:])
    if args.combine:
        # The two parts can run as parallel processes; this writes their joint report.
        merged, commands = {}, []
        for stem in args.combine.split(","):
            with open(os.path.join(args.results_dir, f"{stem}.json")) as f:
                part = json.load(f)
            command_line = part.pop("command", None)
            if command_line is None:  # results written before the command was stored in .json
                with open(os.path.join(args.results_dir, f"{stem}.md")) as f:
                    lines = f.read().splitlines()
                command_line = lines[lines.index("```") + 1]
            commands.append(command_line)
            # pix2pix rows of several seeds (separate runs) are kept side by side.
            rows = merged.get("pix2pix", []) + [{"seed": 0, **r} for r in part.pop("pix2pix", None) or []]
            merged.update({k: v for k, v in part.items() if v})
            if rows:
                merged["pix2pix"] = rows
        write(merged, "\n".join(commands), args.out, args.results_dir)
        return
    results = {"classifier": "keras_gans.metrics.mnist_classifier (shipped)", "pix2pix": [], "cyclegan": None}
    if "pix2pix" in args.parts:
        pix2pix_ablation(args.pix2pix_steps, args.pix2pix_minutes, args.seed, results,
                         lambda: write(results, command, args.out, args.results_dir), args.pix2pix_patch_downsampling,
                         args.pix2pix_test_dropout)
        print(json.dumps(results["pix2pix"]), flush=True)
    if "cyclegan" in args.parts:
        results["cyclegan"] = cyclegan_run(args.cyclegan_steps, args.seed, args.cyclegan_minutes,
                                          args.cyclegan_resume)
        write(results, command, args.out, args.results_dir)
        print(json.dumps(results["cyclegan"]), flush=True)


if __name__ == "__main__":
    main()
