"""How the zoo's models are scored: the project's metrics on samples drawn through ``zoo.load``.

One measurement per kind of model, all with the shipped MNIST classifier
(``keras_gans.metrics.mnist_classifier``), run on the exported SavedModel:

- ``unconditional``: Inception Score (10 splits), precision and recall (k=3)
  and leave-one-out 1-NN accuracy against the real ``mnist_5k`` digits, in the
  classifier's features (the measures of ``python -m keras_gans.evaluate
  --features=mnist --metrics=is,pr,1nn``); the real digits' own Inception Score
  is reported as the ceiling.
- ``label``: label accuracy: the classifier's class of each sample against the
  label it was generated for (labels cycling 0..9).
- ``code``: code purity: the categorical code against the classifier's class
  after the best one-to-one matching.
- ``paired_digits`` (pix2pix on edges2digits): the classifier's digit accuracy
  on the outputs for the edges of the 500 digits held out from its training
  (and from ``--dataset=edges2digits_train``), read at their centre 28x28; the
  real digits' accuracy is the ceiling; mean L1 to the target.
- ``paired_scenes`` (pix2pixHD on label2scene): on the 128 held-out scenes
  (``label2scene_pairs("test")``, 128x128), the mean L1 to the target, the
  Frechet distance of scene statistics (colour and edge statistics per cell at
  three scales) and sharpness (the outputs' mean squared luminance Laplacian over
  the targets': 1 is the targets' detail), ``keras_gans.metrics.scenes``, the
  measures of ``benchmarks/pix2pixhd.py``.
- ``super_resolution`` (x4): PSNR and SSIM on Y with a 4-pixel border crop on
  the held-out photos (chelsea, coffee, camera, centre crops <= 256 px, LR by
  anti-aliased bicubic), the bicubic upscaling's PSNR, and the gain over it.
- ``completion`` (digits): PSNR inside one random 8-14 px hole (mask seed 123)
  of the 1,000 mnist_5k digits a completion recipe does not train on
  (``mnist_5k_shuffled()[4000:]``), and the classifier's digit accuracy on
  the completed digits (on the originals: the ceiling).
- ``unpaired_digits`` (CycleGAN on thin2thick digits): both directions on the
  400 held-out digits of each domain (``thin2thick_split()["test"]``), read by
  the shipped thin2thick reader (``keras_gans.metrics.stroke_readers``):
  the fraction of outputs in the target domain and the fraction keeping their
  digit, each way; the reader's digit accuracy on the real held-out digits of
  each domain is the ceiling; the cycle's mean L1.
- ``domain_digits`` (StarGAN on digit domains: 3 stroke colours x normal/thick):
  the 1,000 digits a domain recipe does not train on (``mnist_5k_shuffled()[4000:]``,
  each in its ``digit_domains(seed=0)`` domain), each translated to a random
  domain (``random_domains(1000, seed=7)``); the target domain is met when the
  colour (the channel with most ink) and the stroke (the shipped
  ``digit_domains`` stroke reader) are the target's; identity: that reader's
  digit (on the real held-out domain images: the ceiling).
- ``mixture:<name>`` (2-D generators of the mode-collapse benchmark): modes
  captured, the fraction of high-quality samples (within 3 std of their
  nearest centre) and the reverse KL of the high-quality samples' histogram
  over the modes against uniform (``keras_gans.metrics.mode_statistics``, the
  protocol of ``benchmarks/results/mode_collapse.md``).

- ``text:python_docs`` (SeqGAN on the sentences of Python's bundled documentation,
  ``keras_gans.data.text``): BLEU-2/3/4 of sentences drawn by the export's
  ``sample`` signature and read through its vocabulary asset, each against all
  held-out sentences as references (``keras_gans.metrics.bleu.mean_bleu``, as
  ``benchmarks/seqgan_text.py`` scores its MLE and SeqGAN rows); real training
  sentences scored the same way are the ceiling. BLEU rewards precision only, so
  distinct-2 (distinct bigrams over all bigrams of the samples) shows diversity,
  beside the same number of real sentences'.

- ``speech:synthetic_speech`` (SEGAN): wide-band PESQ, STOI and segmental SNR of
  the held-out synthetic test utterances (held-out voices and sentences, SNRs
  2.5-17.5 dB; ``keras_gans.data.speech``), each enhanced whole by the export,
  beside the noisy input's, and the gains: ``benchmarks/segan.py``'s protocol.

The card stores the full measurement (``num_samples``) and a quick one (``quick``
samples); the tests re-measure the quick one against a floor a little under it.
"""


import numpy as np

from keras_gans import zoo_sequences

# recipe -> kind of measurement and the aim (a floor each figure should reach).
KINDS = {
    "dcgan_mnist": ("unconditional", {"is": 9.0, "precision": 0.8, "recall": 0.8}),
    # The zoo's second unconditional image model: the issue sets no aim for it (its figures are
    # shown beside dcgan_mnist's aim).
    "hinge_mnist": ("unconditional", {}),
    # The VAE, GANs' likelihood neighbour (Kingma & Welling's MNIST network): no aim in issue 20.
    "vae_mnist": ("unconditional", {}),
    "cgan_mnist": ("label", {"label_accuracy": 0.98}),
    "acgan_mnist": ("label", {"label_accuracy": 0.97}),
    "infogan_mnist": ("code", {"code_purity": 0.85}),
    "pix2pix_edges2digits": ("paired_digits", {"digit_accuracy": 0.95}),
    "srresnet_x4_photos": ("super_resolution", {"psnr_gain_db": 1.5}),
    "srgan_x4_photos": ("super_resolution", {"psnr_gain_db": 1.0}),
    "completion_digits": ("completion", {"hole_psnr_db": 16.0}),
    "stargan_digits": ("domain_digits", {"target_domain": 0.95, "identity": 0.85}),
    "cyclegan_thin2thick": ("unpaired_digits", {
        "target_domain_a_to_b": 0.97, "identity_a_to_b": 0.97, "target_domain_b_to_a": 0.97, "identity_b_to_a": 0.97,
    }),
    # 2-D generators: the aim is the model's row in benchmarks/results/mode_collapse.md (3 seeds,
    # the recipe's setup) less two standard deviations. MAD-GAN, the table's best grid row:
    # 25.0 +- 0.0 modes, 68.6 +- 7.6 % HQ (not shipped yet: near a slice edge of z_0 its sampler
    # amplifies rounding, and its float16 TFLite file misses the 1e-2 tolerance on about 2 % of z);
    # GMMN: 24.7 +- 0.5 modes, 25.9 +- 2.4 % HQ.
    "mad_gan_grid25": ("mixture:grid25", {"modes": 25.0, "high_quality": 0.534}),
    "gmmn_grid25": ("mixture:grid25", {"modes": 23.7, "high_quality": 0.211}),
    # InfoGAN, one code per mode: its row of mode_collapse_protocols.md (seeds 3-5): 25.0 +- 0.0 modes,
    # 97.2 +- 2.6 % HQ; the best 2-D generator of the zoo.
    "infogan_grid25": ("mixture:grid25", {"modes": 25.0, "high_quality": 0.920}),
    # SeqGAN: issue 20 sets no aim; its benchmark rows (benchmarks/results/seqgan_text.md) are on the card.
    "seqgan_python_docs": ("text:python_docs", {}),
    # pix2pixHD: issue 20 sets no aim; its benchmark (benchmarks/results/pix2pixhd.md) is on the card.
    "pix2pixhd_label2scene": ("paired_scenes", {}),
    # SEGAN: issue 20 sets no aim; issue 17's: segmental SNR +5 dB and PESQ +0.2 over the noisy input.
    "segan_synthetic_speech": ("speech:synthetic_speech", {"ssnr_gain_db": 5.0, "pesq_gain": 0.2}),
}
# Zoo names trained by a recipe of another name (the SRResNet is srgan_x4_photos' first stage).
RECIPE_OF = {"srresnet_x4_photos": "srgan_x4_photos"}
TRANSLATION_KINDS = ("paired_digits", "super_resolution", "completion", "unpaired_digits", "domain_digits",
                     "paired_scenes")
DOMAIN_TARGET_SEED = 7
COMPLETION_HOLES = (8, 14)
COMPLETION_MASK_SEED = 123
SR_SCALE = 4


def recipe_of(name):
    """The training recipe of zoo model ``name``."""
    return RECIPE_OF.get(name, name)


def evaluation_data(kind, num=None, seed=0):
    """Held-out ``(inputs, references)`` of a translation kind: named input arrays and what scores them.

    ``paired_digits``: ``({"image": edges}, {"target": digits, "label": labels})``;
    ``completion``: ``({"image": digits, "mask": holes}, {"label": labels})``;
    ``unpaired_digits``: ``({"image": thin}, {"label": labels_a, "reverse_image": thick,
    "reverse_label": labels_b})`` (the reverse direction's inputs ride in the references);
    ``domain_digits``: ``({"image": domain images, "target_domain": targets}, {"label": labels,
    "source_domain": their own domains})``;
    ``super_resolution``: a list of ``({"image": lr}, {"target": hr})`` whole photos
    (``num`` is ignored: the three photos are the test set). ``num`` takes the
    first ``num`` of a ``seed`` permutation of the held-out examples.
    """
    if kind == "super_resolution":
        from keras_gans.data import sr_patches

        return [
            ({"image": lr}, {"target": hr})
            for lr, hr in sr_patches.eval_pairs(SR_SCALE, max_side=256)
        ]
    if kind == "paired_digits":
        from keras_gans.data.paired import edges2digits
        from keras_gans.metrics.mnist_classifier import holdout_split

        edges, digits, labels = edges2digits()
        _, held = holdout_split(labels)
        inputs, refs = {"image": edges[held]}, {"target": digits[held], "label": labels[held]}
    elif kind == "completion":
        from keras_gans.data import digit_domains
        from keras_gans.data.masks import random_rectangle_masks

        images, labels = digit_domains.mnist_5k_shuffled()
        held = np.asarray(images[4000:])
        masks = random_rectangle_masks(
            len(held), 28, 28, *COMPLETION_HOLES, seed=COMPLETION_MASK_SEED
        )
        inputs, refs = (
            {"image": held, "mask": masks.astype("float32")},
            {"label": np.asarray(labels[4000:])},
        )
    elif kind == "paired_scenes":
        from keras_gans.data.scenes import label2scene_pairs

        labels, scenes, _ = label2scene_pairs("test")
        inputs, refs = {"image": labels}, {"target": scenes}
    elif kind == "unpaired_digits":
        from keras_gans.data.unpaired import thin2thick_split

        thin, thick, labels_a, labels_b = thin2thick_split()["test"]  # 400 of each
        inputs, refs = {"image": thin}, {"label": labels_a, "reverse_image": thick, "reverse_label": labels_b}
    elif kind == "domain_digits":
        from keras_gans.data import digit_domains as dd
        from keras_gans.metrics.stroke_readers import NUM_DIGIT_DOMAINS_TRAIN as n

        images, domains, labels = dd.digit_domains(seed=0)
        targets = dd.random_domains(len(images) - n, seed=DOMAIN_TARGET_SEED)
        inputs = {"image": images[n:], "target_domain": targets}
        refs = {"label": labels[n:], "source_domain": domains[n:]}
    else:
        raise ValueError(
            f"Unknown translation kind {kind!r}. Expected one of {list(TRANSLATION_KINDS)}."
        )
    count = len(inputs["image"])
    order = np.random.default_rng(seed).permutation(count)[
        : count if num is None else min(num, count)
    ]
    return {k: v[order] for k, v in inputs.items()}, {k: v[order] for k, v in refs.items()}


def example_inputs(generator, kind, num, seed=0):
    """``num`` valid inputs of a zoo generator (tests feed them to every runtime): latent draws or held-out images."""
    if kind.startswith("speech:"):
        return zoo_sequences.speech_examples(kind.partition(":")[2], num, seed)
    if kind not in TRANSLATION_KINDS:
        return generator.sample_inputs(num, seed=seed)
    if kind == "super_resolution":
        lr = evaluation_data(kind)[0][0]["image"]  # 16x16 LR tiles of the first photo
        tiles = [lr[:, i * 16 : (i + 1) * 16, :16] for i in range(num)]
        return {"image": np.concatenate(tiles).astype("float32")}
    return evaluation_data(kind, num, seed)[0]


def _run(generator, inputs, batch=250):
    count = len(next(iter(inputs.values())))
    return np.concatenate(
        [
            np.asarray(generator({k: v[i : i + batch] for k, v in inputs.items()}))
            for i in range(0, count, batch)
        ]
    )


def _measure_translation(generator, kind, num_samples, seed):
    from keras_gans.metrics.mnist_classifier import classify_digits
    from keras_gans.metrics.readers import crop28

    if kind == "super_resolution":
        from keras_gans.data.sr_patches import bicubic_upscale
        from keras_gans.metrics.restoration import psnr_y
        from keras_gans.metrics.restoration import ssim_y

        psnr, ssim, bicubic = [], [], []
        for inputs, refs in evaluation_data(kind):
            sr = np.asarray(generator(inputs))
            psnr.append(float(psnr_y(refs["target"], sr, crop_border=SR_SCALE)[0]))
            ssim.append(float(ssim_y(refs["target"], sr, crop_border=SR_SCALE)[0]))
            upscaled = np.asarray(bicubic_upscale(inputs["image"], SR_SCALE))
            bicubic.append(float(psnr_y(refs["target"], upscaled, crop_border=SR_SCALE)[0]))
        return {
            "psnr_db": float(np.mean(psnr)),
            "ssim": float(np.mean(ssim)),
            "bicubic_psnr_db": float(np.mean(bicubic)),
            "psnr_gain_db": float(np.mean(psnr) - np.mean(bicubic)),
        }
    inputs, refs = evaluation_data(kind, num_samples, seed)
    outputs = _run(generator, inputs)
    if kind == "unpaired_digits":
        return _measure_unpaired(generator, inputs, refs, outputs)
    if kind == "domain_digits":
        return _measure_domains(inputs, refs, outputs)
    if kind == "paired_scenes":
        from keras_gans.metrics.scenes import evaluate

        values = evaluate(outputs, refs["target"])
        return {"l1_to_target": values["l1"], "frechet_scene_statistics": values["frechet_scene_statistics"],
                "sharpness": values["sharpness"]}
    if kind == "paired_digits":
        read = lambda images: np.argmax(classify_digits(crop28(images)), axis=-1)  # noqa: E731
        return {
            "digit_accuracy": float(np.mean(read(outputs) == refs["label"])),
            "real_digit_accuracy": float(np.mean(read(refs["target"]) == refs["label"])),
            "l1_to_target": float(np.mean(np.abs(outputs - refs["target"]))),
        }
    from keras_gans.metrics.restoration import hole_psnr

    read = lambda images: np.argmax(classify_digits(images), axis=-1)  # noqa: E731
    return {
        "hole_psnr_db": float(np.mean(hole_psnr(inputs["image"], outputs, inputs["mask"]))),
        "digit_accuracy": float(np.mean(read(outputs) == refs["label"])),
        "original_digit_accuracy": float(np.mean(read(inputs["image"]) == refs["label"])),
    }


def _measure_unpaired(generator, inputs, refs, translated):
    from keras_gans.metrics.stroke_readers import translation_scores
    from keras_gans.zoo import ZooGenerator

    reverse = ZooGenerator(generator.version_dir, generator.card, signature="b_to_a")
    reversed_ = _run(reverse, {"image": refs["reverse_image"]})
    values = {}
    for direction, outputs, labels, target in (
        ("a_to_b", translated, refs["label"], "thick"), ("b_to_a", reversed_, refs["reverse_label"], "thin"),
    ):
        for name, value in translation_scores(outputs, labels, target, "thin2thick").items():
            values[f"{name}_{direction}"] = value
    # Ceilings: the reader on real digits of each target domain.
    values["real_identity_thick"] = translation_scores(
        refs["reverse_image"], refs["reverse_label"], "thick", "thin2thick")["identity"]
    values["real_identity_thin"] = translation_scores(inputs["image"], refs["label"], "thin", "thin2thick")["identity"]
    values["cycle_l1_a"] = float(np.mean(np.abs(_run(reverse, {"image": translated}) - inputs["image"])))
    values["cycle_l1_b"] = float(np.mean(np.abs(_run(generator, {"image": reversed_}) - refs["reverse_image"])))
    return values


def _measure_domains(inputs, refs, translated):
    from keras_gans.data.digit_domains import stroke_colour
    from keras_gans.metrics.stroke_readers import read

    values = {}
    for name, images, domains in (("", translated, inputs["target_domain"]), ("real_", inputs["image"], refs["source_domain"])):
        style, digit = read(images, "digit_domains")
        colour_ok = stroke_colour(images) == np.argmax(domains[:, :3], axis=1)
        style_ok = style == (domains[:, 3] > 0.5)
        values.update({
            f"{name}target_domain": float(np.mean(colour_ok & style_ok)),
            f"{name}colour": float(np.mean(colour_ok)),
            f"{name}stroke": float(np.mean(style_ok)),
            f"{name}identity": float(np.mean(digit == refs["label"])),
        })
    return values


def _measure_mixture(generator, mixture, num_samples, seed):
    from keras_gans.data.toys import mixture_spec
    from keras_gans.metrics.modes import mode_statistics

    centers, std = mixture_spec(mixture)
    stats = mode_statistics(generator.sample(num_samples, seed=seed), centers, std)
    return {"modes": float(stats["modes"]), "high_quality": stats["high_quality"], "reverse_kl": stats["reverse_kl"]}


REAL_DATASET = "mnist_5k"


def _real_digits(num, seed):
    from keras_gans.metrics.export_evaluation import load_real_arrays

    real, _ = load_real_arrays(REAL_DATASET)
    return real[np.random.default_rng(seed).permutation(len(real))[:num]]


def measure(generator, kind, num_samples, seed=0):
    """Scores a zoo generator (``keras_gans.zoo.ZooGenerator``) by ``kind``; returns a dict of floats.

    Args:
        generator: a loaded zoo generator (``keras_gans.zoo.load``).
        kind: 'unconditional', 'label', 'code', 'paired_digits', 'paired_scenes', 'super_resolution', 'completion',
            'unpaired_digits', 'domain_digits', 'mixture:<name>' (a 2-D mixture of ``keras_gans.data.toys``: 'grid25', 'ring8')
            'text:python_docs' or 'speech:synthetic_speech'.
        num_samples: samples to draw (and real digits to compare with).
        seed: seed of the samples' inputs and of the real subset.

    Raises:
        ValueError: an unknown ``kind`` or a bad ``num_samples``.
    """
    from keras_gans.metrics.conditional import code_purity
    from keras_gans.metrics.conditional import label_accuracy
    from keras_gans.metrics.mnist_classifier import classify_digits

    if not isinstance(num_samples, int) or num_samples < 10:
        raise ValueError(
            f"`num_samples` must be an integer >= 10. Received: num_samples={num_samples!r}"
        )
    if kind in TRANSLATION_KINDS:
        return _measure_translation(generator, kind, num_samples, seed)
    if kind.startswith("mixture:"):
        return _measure_mixture(generator, kind.partition(":")[2], num_samples, seed)
    if kind.startswith("text:"):
        return zoo_sequences.measure_text(generator, kind.partition(":")[2], num_samples, seed)
    if kind.startswith("speech:"):
        return zoo_sequences.measure_speech(generator, kind.partition(":")[2], num_samples, seed)
    inputs = generator.sample_inputs(num_samples, seed=seed)
    fake = np.concatenate(
        [
            np.asarray(generator({k: v[i : i + 500] for k, v in inputs.items()}))
            for i in range(0, num_samples, 500)
        ]
    )
    if kind == "unconditional":
        from keras_gans.metrics.inception_score import inception_score
        from keras_gans.metrics.mnist_classifier import digit_features
        from keras_gans.metrics.suite import compute_metrics

        real = _real_digits(num_samples, seed)
        values = compute_metrics(
            ("is", "pr", "1nn"),
            digit_features(real),
            digit_features(fake),
            classify_digits(real),
            classify_digits(fake),
            seed=seed,
        )
        values["real_is"] = inception_score(classify_digits(real))["mean"]
        return {k: float(v) for k, v in values.items()}
    predicted = np.argmax(classify_digits(fake), axis=-1)
    if kind == "label":
        return {"label_accuracy": label_accuracy(inputs["label"].astype("int64"), predicted)}
    if kind == "code":
        purity, mapping = code_purity(inputs["code"].astype("int64"), predicted)
        return {"code_purity": purity}
    raise ValueError(
        f"Unknown quality kind {kind!r}. Expected one of "
        f"{sorted(['code', 'label', 'unconditional', *TRANSLATION_KINDS, 'mixture:<name>', 'text:python_docs', 'speech:synthetic_speech'])}."
    )
