"""Unrolled GAN: the generator sees the discriminator k optimisation steps ahead."""

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.adversarial_model import cross_replica_mean
from keras_gans.models.gan import GAN
from keras_gans.models.gan import GENERATOR_LOSSES


def unrolled_discriminator_weights(
    discriminator, weights, real, fake, steps, learning_rate, label_smoothing=0.0
):
    """``steps`` gradient-descent updates of D's loss, computed on tensors, not variables.

    The returned weights are differentiable functions of ``fake`` (and so of
    the generator's parameters): an enclosing ``GradientTape`` differentiates
    through every unrolled update, second-order terms included. D's own
    variables are never assigned.

    Args:
        discriminator: a ``keras.Model`` (evaluated with ``stateless_call``).
        weights: list of tensors, one per ``discriminator.trainable_variables``.
        real, fake: the minibatch of the unrolled steps (the same at every step).
        steps: number of unrolled updates (0 returns ``weights``).
        learning_rate: step size of the unrolled gradient descent.
        label_smoothing: as in the discriminator's real loss.

    Returns:
        The list of unrolled weight tensors.
    """
    non_trainable = [v.value for v in discriminator.non_trainable_variables]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            tape.watch(weights)
            real_logits, _ = discriminator.stateless_call(
                weights, non_trainable, real, training=True
            )
            fake_logits, _ = discriminator.stateless_call(
                weights, non_trainable, fake, training=True
            )
            d_loss = losses.minimax_discriminator_loss(real_logits, fake_logits, label_smoothing)
        # D's real update sees the whole global batch, so the unrolled steps do too; the
        # all-reduce is differentiable, so G's gradient flows through every step, across replicas.
        grads = cross_replica_mean(tape.gradient(d_loss, weights))
        weights = [w - learning_rate * g for w, g in zip(weights, grads, strict=True)]
    return weights


@keras.saving.register_keras_serializable(package="keras_gans")
class UnrolledGAN(GAN):
    """:class:`GAN` whose generator loss is taken against D unrolled ``unroll_steps`` steps.

    Each ``train_step`` first updates the discriminator exactly as
    :class:`GAN` does (the unrolling never touches D's variables), then
    builds a surrogate ``D_k`` by ``unroll_steps`` gradient-descent steps on
    D's loss starting from D's current weights, all as tensors on the same
    minibatch, and updates the generator on ``-log D_k(G(z))``,
    differentiating through the unrolled steps (Metz et al., Eq. 6-7). With
    ``unroll_steps=0`` this is the plain GAN. The unrolled steps are plain
    gradient descent with ``unroll_learning_rate`` (the paper unrolls its
    Adam optimizer; plain steps keep the surrogate a simple function of the
    weights and of G).

    Args:
        generator, discriminator: ``keras.Model``s (D returns logits).
        unroll_steps: k, the number of unrolled discriminator steps (5 in the paper's 2-D runs).
        unroll_learning_rate: step size of the unrolled updates.
        **kwargs: :class:`GAN` arguments (``loss``, ``d_steps``, ``label_smoothing``, ...).

    Raises:
        ValueError: negative ``unroll_steps`` or non-positive ``unroll_learning_rate``.

    Example:
    ```python
    gan = keras_gans.models.UnrolledGAN(
        keras_gans.networks.mlp_generator(), keras_gans.networks.mlp_discriminator(),
        unroll_steps=5)
    gan.compile()  # G: Adam(1e-3, beta_1=0.5), D: Adam(1e-4, beta_1=0.5)
    gan.fit(keras_gans.data.load("ring8", batch_size=512), epochs=5)
    ```

    Reference: Metz et al., "Unrolled Generative Adversarial Networks", ICLR 2017.
    """

    def __init__(
        self, generator, discriminator, unroll_steps=5, unroll_learning_rate=0.05, **kwargs
    ):
        if int(unroll_steps) < 0:
            raise ValueError(f"`unroll_steps` must be >= 0. Received: unroll_steps={unroll_steps}")
        if float(unroll_learning_rate) <= 0:
            raise ValueError(
                f"`unroll_learning_rate` must be positive. Received: unroll_learning_rate={unroll_learning_rate}"
            )
        super().__init__(generator, discriminator, **kwargs)
        self.unroll_steps = int(unroll_steps)
        self.unroll_learning_rate = float(unroll_learning_rate)

    g_adam = {"learning_rate": 1e-3, "beta_1": 0.5}  # Metz et al.'s 2-D setting
    d_adam = {"learning_rate": 1e-4, "beta_1": 0.5}

    def generator_loss(self, z, real):
        """The generator loss against the unrolled discriminator (differentiable in G)."""
        fake = self.generator(z, training=True)
        weights = [tf.identity(v) for v in self.discriminator.trainable_variables]
        weights = unrolled_discriminator_weights(
            self.discriminator,
            weights,
            real,
            fake,
            self.unroll_steps,
            self.unroll_learning_rate,
            self.label_smoothing,
        )
        non_trainable = [v.value for v in self.discriminator.non_trainable_variables]
        fake_logits, _ = self.discriminator.stateless_call(
            weights, non_trainable, fake, training=True
        )
        return GENERATOR_LOSSES[self.loss_name](fake_logits)

    def generator_step(self, real, condition=None):
        """One generator update against the discriminator unrolled on ``real``; returns its logs."""
        z = self.sample_latent(tf.shape(real)[0])
        return self.minimize("generator", lambda: {"g_loss": self.generator_loss(z, real)})
