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

The card stores the full measurement (``num_samples``) and a quick one (``quick``
samples); the tests re-measure the quick one against a floor a little under it.
"""

import numpy as np

# recipe -> kind of measurement and the aim (a floor each figure should reach).
KINDS = {
    "dcgan_mnist": ("unconditional", {"is": 9.0, "precision": 0.8, "recall": 0.8}),
    "cgan_mnist": ("label", {"label_accuracy": 0.98}),
    "acgan_mnist": ("label", {"label_accuracy": 0.97}),
    "infogan_mnist": ("code", {"code_purity": 0.85}),
}
REAL_DATASET = "mnist_5k"


def _real_digits(num, seed):
    from keras_gans.metrics.export_evaluation import load_real_arrays

    real, _ = load_real_arrays(REAL_DATASET)
    return real[np.random.default_rng(seed).permutation(len(real))[:num]]


def measure(generator, kind, num_samples, seed=0):
    """Scores a zoo generator (``keras_gans.zoo.ZooGenerator``) by ``kind``; returns a dict of floats.

    Args:
        generator: a loaded zoo generator of (28, 28, 1) digits.
        kind: 'unconditional', 'label' or 'code'.
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
        f"Unknown quality kind {kind!r}. Expected one of ['code', 'label', 'unconditional']."
    )
