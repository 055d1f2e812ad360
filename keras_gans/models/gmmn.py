"""Generative moment matching networks: a generator fit by kernel MMD, with no discriminator."""

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans.losses.moment_matching import PAPER_BANDWIDTHS
from keras_gans.models.latent_generator import LatentGenerator


def global_batch(x):
    """``x`` gathered from every replica, this replica's rows left differentiable (identity on one device).

    MMD is not a mean over examples, so per-replica MMDs do not add up to the
    global batch's. Every replica computes the loss on the whole global batch
    instead; only its own rows carry a gradient, so the sum of the replicas'
    gradients is the gradient of the global loss (see :meth:`GMMN.moment_matching_update`).
    """
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return x
    gathered = context.all_gather(tf.stop_gradient(x), axis=0)
    size = tf.shape(x)[0]
    start = tf.cast(context.replica_id_in_sync_group, tf.int32) * size
    return tf.concat([gathered[:start], x, gathered[start + size :]], axis=0)


def _replicas():
    return tf.distribute.get_strategy().num_replicas_in_sync


@keras.saving.register_keras_serializable(package="keras_gans")
class GMMN(LatentGenerator):
    """A generative moment matching network: ``G(z)`` trained on ``sqrt(MMD²(data, G(z)))``.

    The kernel is a sum of Gaussians ``sum_s exp(-|x - y|² / (2 s²))`` over
    ``bandwidths`` (the paper's 2, 5, 10, 20, 40, 80 for MNIST pixels in [0, 1]),
    and the MMD² is the biased estimate over the whole batch (under
    ``tf.distribute``, the global batch). No discriminator: ``g_optimizer``
    alone; its default is the paper's SGD(learning rate 2, momentum 0.9).

    Args:
        generator: a built ``keras.Model`` ``(batch, latent_dim) -> samples``.
        bandwidths: the kernel widths, in data units.
        latent_dim: size of z (inferred from the generator when None).
        seed: seed of the latent draws in ``train_step``.

    Raises:
        ValueError: empty or non-positive bandwidths.

    Example:
    ```python
    gmmn = keras_gans.models.GMMN(keras_gans.networks.gmmn_generator((2,), 2, (64, 64)),
                                  bandwidths=(0.05, 0.1, 0.2, 0.5, 1.0))
    gmmn.compile(g_optimizer=keras.optimizers.Adam(1e-3))
    gmmn.fit(keras_gans.data.load("ring8", batch_size=256, repeat=True), steps_per_epoch=500)
    ```

    Reference: Li, Swersky & Zemel, "Generative Moment Matching Networks", ICML 2015.
    """

    has_discriminator = False
    loss_names = ("mmd",)
    config_skip = ("discriminator",)

    def __init__(
        self, generator, bandwidths=PAPER_BANDWIDTHS, latent_dim=None, seed=None, **kwargs
    ):
        bandwidths = _check_bandwidths(bandwidths)
        super().__init__(generator, None, latent_dim=latent_dim, seed=seed, **kwargs)
        self.bandwidths = bandwidths

    def default_g_optimizer(self):
        """Li et al.'s optimizer: SGD with learning rate 2 and momentum 0.9."""
        return keras.optimizers.SGD(learning_rate=2.0, momentum=0.9)

    def train_step(self, data):
        real, _ = self.read_batch(data)
        z = self.sample_latent(tf.shape(real)[0])
        return self.update_trackers(
            **self.moment_matching_update(real, lambda: self.generator(z, training=True))
        )

    def moment_matching_update(self, real, fake_fn, variables=None):
        """One ``g_optimizer`` update on ``sqrt(MMD²(real, fake_fn()))`` over the global batch.

        The loss each replica computes is the global one, and its gradient
        reaches only that replica's fakes; the optimizer sums the replicas'
        gradients, so the loss is multiplied by the replica count here to undo
        the ``1 / replicas`` of the shared scaling.
        """
        real = global_batch(real)
        with tf.GradientTape() as tape:
            loss = losses.gmmn_loss(real, global_batch(fake_fn()), self.bandwidths)
            scaled = loss * tf.cast(_replicas(), loss.dtype)
        self.apply_loss_gradients(
            tape, scaled, variables or self.generator_variables(), self.g_optimizer
        )
        return {"mmd": loss}


def _check_bandwidths(bandwidths):
    try:
        values = tuple(
            float(s)
            for s in (bandwidths if isinstance(bandwidths, (list, tuple)) else [bandwidths])
        )
    except (TypeError, ValueError):
        values = ()
    if not values or min(values) <= 0:
        raise ValueError(
            f"`bandwidths` must be positive numbers. Received: bandwidths={bandwidths!r}"
        )
    return values


@keras.saving.register_keras_serializable(package="keras_gans")
class GMMNAE(GMMN):
    """GMMN+AE: an autoencoder, then a GMMN on its codes; samples are decoded generated codes.

    Stages, switched with :meth:`set_stage` between fits: ``"autoencoder"``
    trains encoder and decoder on the mean squared reconstruction error;
    ``"gmmn"`` trains ``code_generator`` on ``sqrt(MMD²)`` between the
    encoder's codes of the batch and generated codes (one Gaussian of width 1
    on codes in [0, 1], as in the paper). The paper's order is the first, then
    the second; ``"both"`` takes one update of each per step (the autoencoder
    first), so a single ``fit`` (the command line's) trains the whole model. ``generator`` is
    ``decoder(code_generator(z))``: what ``generate`` and the export use.
    Both stages use ``g_optimizer`` (default Adam(1e-3); the paper's
    code-space optimizer is not recorded in PROTOCOLS.md).

    Args:
        code_generator: ``(batch, latent_dim) -> (batch, code_dim)``.
        encoder: ``x -> (batch, code_dim)``.
        decoder: ``(batch, code_dim) -> x``.
        stage: 'autoencoder', 'gmmn' or 'both'.
        bandwidths: the kernel widths on codes.

    Reference: Li, Swersky & Zemel, ICML 2015, Section 3.3 (GMMN+AE).
    """

    stages = ("autoencoder", "gmmn", "both")
    loss_names = ("mmd", "reconstruction")
    config_skip = ("generator", "discriminator")

    def __init__(
        self,
        code_generator,
        encoder,
        decoder,
        stage="autoencoder",
        bandwidths=(1.0,),
        latent_dim=None,
        seed=None,
        **kwargs,
    ):
        if stage not in self.stages:
            raise ValueError(f"`stage` must be one of {self.stages}. Received: stage={stage!r}")
        code = code_generator.outputs[0].shape[1:]
        if tuple(encoder.outputs[0].shape[1:]) != tuple(code) or tuple(
            decoder.inputs[0].shape[1:]
        ) != tuple(code):
            raise ValueError(
                f"The code generator, encoder and decoder must agree on the code shape. Received "
                f"{tuple(code)} from the code generator, {tuple(encoder.outputs[0].shape[1:])} from the encoder "
                f"and {tuple(decoder.inputs[0].shape[1:])} into the decoder."
            )
        z = keras.Input(tuple(code_generator.inputs[0].shape[1:]), name="z")
        generator = keras.Model(z, decoder(code_generator(z)), name="generator")
        super().__init__(
            generator, bandwidths=bandwidths, latent_dim=latent_dim, seed=seed, **kwargs
        )
        self.code_generator = code_generator
        self.encoder = encoder
        self.decoder = decoder
        self.stage = stage

    def default_g_optimizer(self):
        return keras.optimizers.Adam(1e-3)

    def set_stage(self, stage):
        """Switches the training stage; the next ``fit`` retraces its step."""
        if stage not in self.stages:
            raise ValueError(f"`stage` must be one of {self.stages}. Received: stage={stage!r}")
        self.stage = stage
        self.train_function = None

    def generator_variables(self):
        """What this stage trains: encoder and decoder, or the code generator."""
        autoencoder = self.encoder.trainable_variables + self.decoder.trainable_variables
        if self.stage == "autoencoder":
            return autoencoder
        if self.stage == "gmmn":
            return self.code_generator.trainable_variables
        return autoencoder + self.code_generator.trainable_variables

    def build_optimizers(self):
        # One optimizer for both stages: its slots cover every network.
        self.g_optimizer.build(
            self.code_generator.trainable_variables
            + self.encoder.trainable_variables
            + self.decoder.trainable_variables
        )

    def train_step(self, data):
        real, _ = self.read_batch(data)
        logs = {}
        if self.stage in ("autoencoder", "both"):
            autoencoder = self.encoder.trainable_variables + self.decoder.trainable_variables
            with tf.GradientTape() as tape:
                reconstruction = tf.reduce_mean(
                    tf.square(self.decoder(self.encoder(real, training=True), training=True) - real)
                )
            self.apply_loss_gradients(tape, reconstruction, autoencoder, self.g_optimizer)
            logs["reconstruction"] = reconstruction
        if self.stage in ("gmmn", "both"):
            codes = tf.stop_gradient(self.encoder(real, training=False))
            z = self.sample_latent(tf.shape(real)[0])
            logs.update(
                self.moment_matching_update(
                    codes,
                    lambda: self.code_generator(z, training=True),
                    self.code_generator.trainable_variables,
                )
            )
        return self.update_trackers(**logs)
