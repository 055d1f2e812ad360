"""Computes chosen metrics on generated samples every N epochs during ``fit``."""

import keras
import numpy as np

from keras_gans.metrics.suite import NEEDS_PROBABILITIES
from keras_gans.metrics.suite import compute_metrics
from keras_gans.metrics.suite import parse_metrics


def _flatten(x):
    x = np.asarray(x, dtype="float64")
    return x.reshape(len(x), -1)


def _resolve(fn, probabilities):
    if fn is None:
        return None if probabilities else _flatten
    if fn == "mnist":
        from keras_gans.metrics.extractors import mnist_extractor

        return mnist_extractor(probabilities=probabilities)
    if not callable(fn):
        raise ValueError(f"Expected a callable, 'mnist' or None. Received: {fn!r}")
    return fn


class EvaluateGenerator(keras.callbacks.Callback):
    """Evaluates the model's generator every ``every_n_epochs`` epochs inside ``fit``.

    Draws ``num_samples`` samples with ``model.generate(num_samples, seed=seed)``
    (the same latent vectors every time), extracts features, computes the
    chosen metrics against ``real_data`` and adds them to the epoch's logs as
    ``eval_<name>`` (so they land in ``History`` and in any ``TensorBoard``
    callback listed after this one) and, with ``log_dir``, writes them as
    TensorBoard scalars itself.

    Args:
        real_data: array of real examples (N, ...) in the generator's range.
        metrics: names from :data:`keras_gans.metrics.suite.METRICS`
            ('fid,kid,is,ms,mmd,w,sw,1nn,pr,dc' or a sequence).
        every_n_epochs: evaluation period (epochs).
        num_samples: generated samples per evaluation (real ones are capped
            at this number too).
        extractor: callable ``samples -> (N, D) features``, 'mnist' (the
            shipped classifier's features) or None (flattened samples).
        classifier: callable ``samples -> (N, C) probabilities`` or 'mnist';
            required for 'is' and 'ms'.
        log_dir: directory for TensorBoard scalars (``tf.summary``); None to skip.
        seed: seed of the latent vectors and of the real subset.
        metric_kwargs: extra arguments of :func:`keras_gans.metrics.suite.compute_metrics`.

    Raises:
        ValueError: unknown metrics, a non-positive period or sample count, or
            'is'/'ms' without a classifier.

    Example:
    ```python
    callback = EvaluateGenerator(real_images, metrics="fid,kid,is", every_n_epochs=5,
                                 extractor="mnist", classifier="mnist", log_dir="runs/dcgan/eval")
    gan.fit(dataset, epochs=20, callbacks=[callback])
    ```
    """

    def __init__(
        self,
        real_data,
        metrics=("fid",),
        every_n_epochs=1,
        num_samples=1000,
        extractor=None,
        classifier=None,
        log_dir=None,
        seed=0,
        metric_kwargs=None,
    ):
        super().__init__()
        self.metric_names = parse_metrics(metrics)
        if int(every_n_epochs) < 1:
            raise ValueError(f"`every_n_epochs` must be >= 1. Received: every_n_epochs={every_n_epochs}")
        if int(num_samples) < 2:
            raise ValueError(f"`num_samples` must be >= 2. Received: num_samples={num_samples}")
        needs_classifier = [n for n in self.metric_names if n in NEEDS_PROBABILITIES]
        if needs_classifier and classifier is None:
            raise ValueError(f"Metrics {needs_classifier} need a `classifier` ('mnist' or a callable).")
        real = np.asarray(real_data)
        order = np.random.default_rng(seed).permutation(len(real))[: int(num_samples)]
        self.real_data = real[order]
        self.every_n_epochs = int(every_n_epochs)
        self.num_samples = int(num_samples)
        self.extractor = _resolve(extractor, probabilities=False)
        self.classifier = _resolve(classifier, probabilities=True)
        self.log_dir = log_dir
        self.seed = seed
        self.metric_kwargs = dict(metric_kwargs or {})
        self.history = {}
        self._real_features = self._real_probabilities = None
        self._writer = None

    def evaluate(self):
        """Computes the metrics now; returns the dict of values."""
        if self._real_features is None:
            self._real_features = self.extractor(self.real_data)
            if self.classifier is not None:
                self._real_probabilities = self.classifier(self.real_data)
        fake = self.model.generate(self.num_samples, seed=self.seed)
        fake_probabilities = self.classifier(fake) if self.classifier is not None else None
        return compute_metrics(
            self.metric_names, self._real_features, self.extractor(fake),
            self._real_probabilities, fake_probabilities, seed=self.seed, **self.metric_kwargs,
        )

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        values = self.evaluate()
        for key, value in values.items():
            if logs is not None:
                logs[f"eval_{key}"] = value
            self.history.setdefault(key, []).append((epoch + 1, value))
        if self.log_dir:
            import tensorflow as tf

            if self._writer is None:
                self._writer = tf.summary.create_file_writer(self.log_dir)
            with self._writer.as_default():
                for key, value in values.items():
                    tf.summary.scalar(f"eval/{key}", value, step=epoch + 1)
            self._writer.flush()

    def on_train_end(self, logs=None):
        if self._writer is not None:
            self._writer.close()
            self._writer = None
