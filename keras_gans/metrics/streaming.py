"""Streaming ``keras.metrics.Metric`` wrappers: FID and KID accumulated batch by batch.

``update_state(real, fake)`` takes a batch of real and a batch of generated
inputs, passes both through the injected ``extractor`` (identity when None)
and accumulates; ``result()`` is graph-compatible TensorFlow. FID keeps only
sufficient statistics (count, sum, sum of outer products, float64), so it
streams any number of samples; KID keeps the features themselves (up to
``max_samples`` of each set) because its subsets need them.
"""

import keras
import tensorflow as tf


def _features(extractor, x, num_features):
    features = tf.convert_to_tensor(extractor(x) if extractor is not None else x)
    return tf.reshape(tf.cast(features, tf.float64), [-1, num_features])


def _sqrtm_trace(sigma_a, sigma_b):
    """Tr (Σa Σb)^½ = Tr (Σa^½ Σb Σa^½)^½, through two symmetric eigendecompositions."""
    w, v = tf.linalg.eigh(sigma_a)
    root_a = v @ tf.linalg.diag(tf.sqrt(tf.maximum(w, 0.0))) @ tf.transpose(v)
    inner = tf.linalg.eigvalsh(root_a @ sigma_b @ root_a)
    return tf.reduce_sum(tf.sqrt(tf.maximum(inner, 0.0)))


@keras.saving.register_keras_serializable(package="keras_gans")
class FrechetDistance(keras.metrics.Metric):
    """Streaming Fréchet distance (FID with Inception pool_3 features).

    Args:
        num_features: D, the size of one feature vector.
        extractor: callable mapping a batch to (batch, D) features; None for
            inputs that already are features. Not serialized.
        name: metric name.

    Example:
    ```python
    fid = FrechetDistance(128, extractor=mnist_features_model())
    for real, z in batches:
        fid.update_state(real, generator(z))
    fid.result()
    ```

    Reference: Heusel et al., "GANs Trained by a Two Time-Scale Update Rule
    Converge to a Local Nash Equilibrium", NeurIPS 2017.
    """

    def __init__(self, num_features, extractor=None, name="fid", **kwargs):
        super().__init__(name=name, **kwargs)
        if int(num_features) < 1:
            raise ValueError(f"`num_features` must be positive. Received: num_features={num_features}")
        self.num_features = int(num_features)
        self.extractor = extractor
        d = self.num_features
        self.stats = {}
        for side in ("real", "fake"):
            self.stats[side] = (
                self.add_variable((), initializer="zeros", dtype="float64", name=f"{side}_count"),
                self.add_variable((d,), initializer="zeros", dtype="float64", name=f"{side}_sum"),
                self.add_variable((d, d), initializer="zeros", dtype="float64", name=f"{side}_outer"),
            )

    def update_state(self, real, fake, sample_weight=None):
        for side, batch in (("real", real), ("fake", fake)):
            x = _features(self.extractor, batch, self.num_features)
            count, total, outer = self.stats[side]
            count.assign_add(tf.cast(tf.shape(x)[0], tf.float64))
            total.assign_add(tf.reduce_sum(x, axis=0))
            outer.assign_add(tf.matmul(x, x, transpose_a=True))

    def _moments(self, side):
        count, total, outer = self.stats[side]
        mean = total / count
        cov = (outer - count * tf.tensordot(mean, mean, axes=0)) / (count - 1.0)
        return mean, cov

    def result(self):
        mu_a, sigma_a = self._moments("real")
        mu_b, sigma_b = self._moments("fake")
        diff = mu_a - mu_b
        value = (
            tf.reduce_sum(diff * diff)
            + tf.linalg.trace(sigma_a)
            + tf.linalg.trace(sigma_b)
            - 2.0 * _sqrtm_trace(sigma_a, sigma_b)
        )
        return tf.maximum(value, 0.0)

    def reset_state(self):
        for variables in self.stats.values():
            for variable in variables:
                variable.assign(tf.zeros_like(variable))

    def get_config(self):
        return {**super().get_config(), "num_features": self.num_features}


@keras.saving.register_keras_serializable(package="keras_gans")
class KernelDistance(keras.metrics.Metric):
    """Streaming KID: stores up to ``max_samples`` features of each set, then averages
    the unbiased cubic-polynomial MMD² over ``num_subsets`` random subsets.

    Args:
        num_features: D.
        extractor: callable batch -> (batch, D) features, or None. Not serialized.
        max_samples: capacity per set; later samples are ignored.
        num_subsets: subsets averaged in ``result()``.
        subset_size: points per subset (capped at the stored counts).
        seed: seed of the subset draws (stateless: ``result()`` is deterministic).
        name: metric name.

    Reference: Bińkowski et al., "Demystifying MMD GANs", ICLR 2018.
    """

    def __init__(
        self, num_features, extractor=None, max_samples=5000, num_subsets=100, subset_size=1000,
        seed=0, name="kid", **kwargs,
    ):
        super().__init__(name=name, **kwargs)
        if int(num_features) < 1 or int(max_samples) < 2 or int(num_subsets) < 1 or int(subset_size) < 2:
            raise ValueError(
                "`num_features`, `num_subsets` must be >= 1 and `max_samples`, `subset_size` >= 2. "
                f"Received: num_features={num_features}, max_samples={max_samples}, "
                f"num_subsets={num_subsets}, subset_size={subset_size}"
            )
        self.num_features, self.max_samples = int(num_features), int(max_samples)
        self.num_subsets, self.subset_size, self.seed = int(num_subsets), int(subset_size), int(seed)
        self.extractor = extractor
        self.buffers = {
            side: (
                self.add_variable((), initializer="zeros", dtype="int32", name=f"{side}_count"),
                self.add_variable(
                    (self.max_samples, self.num_features), initializer="zeros", dtype="float64",
                    name=f"{side}_features",
                ),
            )
            for side in ("real", "fake")
        }

    def update_state(self, real, fake, sample_weight=None):
        for side, batch in (("real", real), ("fake", fake)):
            x = _features(self.extractor, batch, self.num_features)
            count, buffer = self.buffers[side]
            count_now = tf.convert_to_tensor(count)
            room = tf.maximum(self.max_samples - count_now, 0)
            x = x[:room]
            n = tf.shape(x)[0]
            indices = tf.expand_dims(count_now + tf.range(n), 1)
            buffer.assign(tf.tensor_scatter_nd_update(tf.convert_to_tensor(buffer), indices, x))
            count.assign_add(n)

    def result(self):
        (count_a, buffer_a), (count_b, buffer_b) = self.buffers["real"], self.buffers["fake"]
        count_a = tf.minimum(tf.convert_to_tensor(count_a), self.max_samples)
        count_b = tf.minimum(tf.convert_to_tensor(count_b), self.max_samples)
        a = tf.convert_to_tensor(buffer_a)[:count_a]
        b = tf.convert_to_tensor(buffer_b)[:count_b]
        size = tf.minimum(tf.minimum(count_a, count_b), self.subset_size)
        m = tf.cast(size, tf.float64)
        d = float(self.num_features)

        def kernel(x, y):
            return (tf.matmul(x, y, transpose_b=True) / d + 1.0) ** 3

        def one_subset(i):
            seed_a = tf.stack([self.seed, 2 * i])
            seed_b = tf.stack([self.seed, 2 * i + 1])
            x = tf.gather(a, tf.argsort(tf.random.stateless_uniform([count_a], seed_a))[:size])
            y = tf.gather(b, tf.argsort(tf.random.stateless_uniform([count_b], seed_b))[:size])
            kxx, kyy, kxy = kernel(x, x), kernel(y, y), kernel(x, y)
            xx = (tf.reduce_sum(kxx) - tf.linalg.trace(kxx)) / (m * (m - 1.0))
            yy = (tf.reduce_sum(kyy) - tf.linalg.trace(kyy)) / (m * (m - 1.0))
            return xx + yy - 2.0 * tf.reduce_mean(kxy)

        values = tf.map_fn(one_subset, tf.range(self.num_subsets), fn_output_signature=tf.float64)
        return tf.reduce_mean(values)

    def reset_state(self):
        for count, buffer in self.buffers.values():
            count.assign(0)
            buffer.assign(tf.zeros_like(buffer))

    def get_config(self):
        return {
            **super().get_config(), "num_features": self.num_features,
            "max_samples": self.max_samples, "num_subsets": self.num_subsets,
            "subset_size": self.subset_size, "seed": self.seed,
        }
