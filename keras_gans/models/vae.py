"""The variational autoencoder: a latent generator trained on the ELBO, with no discriminator."""

import keras
import numpy as np
import tensorflow as tf

from keras_gans import losses
from keras_gans import networks
from keras_gans.losses import variational
from keras_gans.models.latent_generator import LatentGenerator

LIKELIHOODS = ("bernoulli", "gaussian")


def _output_head(likelihood, shape):
    """The map from the decoder's parameters to the mean of ``p(x | z)`` in data units.

    Bernoulli: ``2 sigmoid(l) - 1 = tanh(l / 2)``, the mean of ``(x + 1) / 2`` back in [-1, 1].
    Gaussian: the mean itself.
    """
    if likelihood == "bernoulli":
        return [
            keras.layers.Rescaling(0.5, name="half_logits"),
            keras.layers.Activation("tanh", name="mean"),
        ]
    return [keras.layers.Identity(name="mean")]


@keras.saving.register_keras_serializable(package="keras_gans")
class VAE(LatentGenerator):
    """A variational autoencoder: encoder ``q(z | x)``, decoder ``p(x | z)``, prior ``N(0, I)``.

    ``train_step`` minimises the negative ELBO, ``KL(q(z | x) || p(z)) -
    log p(x | z)`` with ``z = mean + exp(log_variance / 2) * eps`` (one
    reparameterised sample) and the analytic Gaussian KL, and reports it per
    example in nats (``neg_elbo``, with its two terms ``reconstruction`` and
    ``kl``). It sits on the latent task base like the GANs: ``generate(num,
    seed)`` draws z ~ N(0, I) through ``generator`` (the decoder followed by
    the mean of ``p(x | z)``, in [-1, 1] for images), and the export has the
    zoo's ``z`` and ``sample`` signatures. There is no discriminator: one
    optimizer, ``g_optimizer``, trains encoder and decoder.

    Args:
        encoder: a built ``keras.Model`` ``x -> [mean, log_variance]``.
        decoder: a built ``keras.Model`` ``z -> parameters`` shaped like ``x``:
            Bernoulli logits or the Gaussian mean.
        likelihood: 'bernoulli' (the data read as ``(x + 1) / 2``: exact for
            binarised images, the usual cross-entropy for grey levels) or
            'gaussian' (fixed ``output_std``).
        output_std: the Gaussian likelihood's standard deviation, in data units.
        latent_dim: size of z (inferred from the decoder when None).
        seed: seed of the reparameterisation noise in ``train_step``.

    Raises:
        ValueError: an unknown likelihood, a non-positive ``output_std``, or
            networks whose shapes do not fit together.

    Example:
    ```python
    vae = keras_gans.models.VAE(
        keras_gans.networks.mlp_vae_encoder((28, 28, 1), 20),
        keras_gans.networks.mlp_vae_decoder((28, 28, 1), 20))
    vae.compile()  # Adam(1e-3)
    vae.fit(keras_gans.data.load("mnist_5k", batch_size=100), epochs=10)
    elbo = vae.elbo(held_out).mean()                       # nats per example
    log_px = vae.log_likelihood(held_out, num_samples=100)  # importance sampled
    ```

    Reference: Kingma & Welling, "Auto-Encoding Variational Bayes", ICLR 2014.
    """

    has_discriminator = False
    loss_names = ("neg_elbo", "reconstruction", "kl")
    g_adam = {"learning_rate": 1e-3}
    config_skip = ("generator", "discriminator")  # the generator is made from the decoder

    def __init__(
        self,
        encoder,
        decoder,
        likelihood="bernoulli",
        output_std=0.1,
        latent_dim=None,
        seed=None,
        **kwargs,
    ):
        if likelihood not in LIKELIHOODS:
            raise ValueError(
                f"`likelihood` must be one of {LIKELIHOODS}. Received: likelihood={likelihood!r}"
            )
        if not float(output_std) > 0:
            raise ValueError(f"`output_std` must be positive. Received: output_std={output_std}")
        for which, net in (("encoder", encoder), ("decoder", decoder)):
            if not isinstance(net, keras.Model) or not getattr(net, "inputs", None):
                raise ValueError(
                    f"`{which}` must be a functional keras.Model. Received: {which}={type(net).__name__}"
                )
        if len(encoder.outputs) != 2:
            raise ValueError(
                "`encoder` must return [mean, log_variance]. "
                f"Received an encoder with {len(encoder.outputs)} output(s)."
            )
        code = decoder.inputs[0].shape[-1]
        if any(tuple(o.shape[1:]) != (code,) for o in encoder.outputs):
            raise ValueError(
                f"The encoder's outputs must be (batch, {code}), the decoder's input size. "
                f"Received encoder outputs {[tuple(o.shape) for o in encoder.outputs]}."
            )
        if tuple(decoder.outputs[0].shape[1:]) != tuple(encoder.inputs[0].shape[1:]):
            raise ValueError(
                "The decoder must return examples shaped like the encoder's input. Received "
                f"{tuple(decoder.outputs[0].shape[1:])} from the decoder and {tuple(encoder.inputs[0].shape[1:])} "
                "into the encoder."
            )
        z = keras.Input((code,), name="z")
        x = decoder(z)
        for layer in _output_head(likelihood, x.shape[1:]):
            x = layer(x)
        generator = keras.Model(z, x, name="generator")
        super().__init__(generator, None, latent_dim=latent_dim, seed=seed, **kwargs)
        self.encoder = encoder
        self.decoder = decoder
        self.likelihood = likelihood
        self.output_std = float(output_std)

    def generator_variables(self):
        """Encoder and decoder: ``g_optimizer`` trains both."""
        return self.encoder.trainable_variables + self.decoder.trainable_variables

    # ------------------------------------------------------------------ the bound
    def log_likelihood_of(self, images, parameters):
        """``log p(x | z)`` per example from the decoder's ``parameters``."""
        if self.likelihood == "bernoulli":
            return losses.bernoulli_log_likelihood(images, parameters)
        return losses.gaussian_log_likelihood(images, parameters, self.output_std)

    def elbo_terms(self, images, noise, training=False):
        """``{"log_likelihood", "kl", "z", "mean", "log_variance"}`` per example, for given ``noise`` ~ N(0, I)."""
        mean, log_variance = self.encoder(images, training=training)
        z = mean + tf.exp(0.5 * log_variance) * noise
        return {
            "log_likelihood": self.log_likelihood_of(images, self.decoder(z, training=training)),
            "kl": losses.gaussian_kl(mean, log_variance),
            "z": z,
            "mean": mean,
            "log_variance": log_variance,
        }

    def train_step(self, data):
        """One update of encoder and decoder on the negative ELBO of the batch."""
        images, _ = self.read_batch(data)
        with tf.GradientTape() as tape:
            terms = self.elbo_terms(images, self.sample_latent(tf.shape(images)[0]), training=True)
            loss = losses.negative_elbo(terms["log_likelihood"], terms["kl"])
        self.apply_loss_gradients(tape, loss, self.generator_variables(), self.g_optimizer)
        return self.update_trackers(
            neg_elbo=loss,
            reconstruction=-tf.reduce_mean(terms["log_likelihood"]),
            kl=tf.reduce_mean(terms["kl"]),
        )

    # ------------------------------------------------------------------ numpy in, numpy out
    def _check_images(self, images):
        images = np.asarray(images, dtype="float32")
        expected = tuple(self.encoder.inputs[0].shape[1:])
        if images.ndim != len(expected) + 1 or tuple(images.shape[1:]) != expected:
            raise ValueError(
                f"VAE expects examples of shape {('batch', *expected)}. Received shape {images.shape}."
            )
        return images

    def encode(self, images, batch_size=256):
        """The posterior ``q(z | x)`` of numpy ``images``: ``(mean, log_variance)`` as float32 numpy."""
        images = self._check_images(images)
        parts = [
            self.encoder(images[i : i + batch_size], training=False)
            for i in range(0, len(images), batch_size)
        ]
        return tuple(
            np.concatenate([keras.ops.convert_to_numpy(p[j]) for p in parts]) for j in range(2)
        )

    def reconstruct(self, images, batch_size=256):
        """The mean of ``p(x | z)`` at the posterior mean of each image (in the images' range)."""
        mean, _ = self.encode(images, batch_size)
        return self.run_generator(mean, batch_size=batch_size)

    def elbo(self, images, seed=0, batch_size=500):
        """The ELBO of each image in nats, with one reparameterised sample (float64 numpy)."""
        images = self._check_images(images)
        out = []
        for i in range(0, len(images), batch_size):
            batch = tf.constant(images[i : i + batch_size])
            noise = tf.random.stateless_normal((len(batch), self.latent_dim), seed=[seed, i])
            terms = self.elbo_terms(batch, noise)
            out.append((terms["log_likelihood"] - terms["kl"]).numpy())
        return np.concatenate(out).astype("float64")

    def log_likelihood(self, images, num_samples=100, seed=0, batch_size=100):
        """Importance-sampled ``log p(x)`` of each image in nats (float64 numpy).

        ``log (1/k) sum_i p(x | z_i) p(z_i) / q(z_i | x)`` with ``z_i ~ q(z | x)``,
        ``k = num_samples``: a lower bound in expectation that tightens as k grows
        (Burda et al. 2016); k = 1 is the ELBO.
        """
        images = self._check_images(images)
        if int(num_samples) < 1:
            raise ValueError(f"`num_samples` must be >= 1. Received: num_samples={num_samples}")
        k = int(num_samples)
        out = []
        for i in range(0, len(images), batch_size):
            batch = tf.constant(images[i : i + batch_size])
            n = len(batch)
            mean, log_variance = self.encoder(batch, training=False)

            def repeat(
                t, n=n
            ):  # (n, ...) -> (k * n, ...): k copies of the batch, one after the other
                return tf.reshape(tf.repeat(t[None], k, axis=0), [k * n, *t.shape[1:]])

            noise = tf.random.stateless_normal((k * n, self.latent_dim), seed=[seed, i])
            z = repeat(mean) + tf.exp(0.5 * repeat(log_variance)) * noise
            log_weights = (
                self.log_likelihood_of(repeat(batch), self.decoder(z, training=False))
                + variational.standard_normal_log_density(z)
                - variational.diagonal_normal_log_density(z, repeat(mean), repeat(log_variance))
            )
            log_weights = tf.reshape(log_weights, [k, n])
            out.append((tf.reduce_logsumexp(log_weights, axis=0) - np.log(k)).numpy())
        return np.concatenate(out).astype("float64")


def mlp_vae(data_shape=(28, 28, 1), latent_dim=20, hidden_units=(500,), **kwargs):
    """A :class:`VAE` with Kingma & Welling's MLPs (one hidden layer of 500 tanh units by default)."""
    return VAE(
        networks.mlp_vae_encoder(data_shape, latent_dim, hidden_units),
        networks.mlp_vae_decoder(data_shape, latent_dim, hidden_units),
        **kwargs,
    )
