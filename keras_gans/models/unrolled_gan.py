"""Unrolled GAN: the generator sees the discriminator k optimisation steps ahead."""

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans.models.adversarial_model import cross_replica_mean
from keras_gans.models.gan import GAN
from keras_gans.models.gan import GENERATOR_LOSSES


def optimizer_unroller(optimizer, variables):
    """D's own optimizer update as a pure function of tensors, starting from its current state.

    Returns ``(state, update)``: ``state`` holds the optimizer's slots for
    ``variables`` (Adam's first and second moments and its step count, or
    SGD's momentum), read from ``optimizer``; ``update(weights, grads, state)
    -> (weights, state)`` is one ``update_step`` of that optimizer on tensors
    (no variable is assigned), so an enclosing ``GradientTape``
    differentiates through the moments too, as the reference unrolls its
    optimizer's update dictionary. The learning rate is the optimizer's
    current one; gradient clipping and weight decay, which ``apply`` adds,
    are not unrolled.

    Raises:
        ValueError: ``optimizer`` is neither a Keras Adam (amsgrad=False) nor SGD
            (a loss-scaled one is unwrapped).
    """
    optimizer = getattr(optimizer, "inner_optimizer", optimizer)
    is_adam = isinstance(optimizer, keras.optimizers.Adam) and not optimizer.amsgrad
    if not (is_adam or isinstance(optimizer, keras.optimizers.SGD)):
        raise ValueError(
            "unroll='optimizer' unrolls the discriminator's own update. Received d_optimizer="
            f"{type(optimizer).__name__}{' with amsgrad' if getattr(optimizer, 'amsgrad', False) else ''}; "
            "expected keras.optimizers.Adam (amsgrad=False) or SGD, or use unroll='sgd'."
        )
    if not optimizer.built:
        optimizer.build(variables)
    index = [optimizer._get_variable_index(v) for v in variables]
    lr = tf.cast(optimizer._get_current_learning_rate(), tf.float32)
    if not is_adam:
        return _sgd_unroller(optimizer, index, lr)
    state = (
        [tf.identity(optimizer._momentums[i]) for i in index],
        [tf.identity(optimizer._velocities[i]) for i in index],
        tf.cast(optimizer.iterations, tf.float32),
    )
    beta_1, beta_2, epsilon = (float(optimizer.beta_1), float(optimizer.beta_2), float(optimizer.epsilon))

    def update(weights, grads, state):
        momentums, velocities, iterations = state
        step = iterations + 1.0
        alpha = lr * tf.sqrt(1.0 - beta_2**step) / (1.0 - beta_1**step)
        momentums = [m + (g - m) * (1.0 - beta_1) for m, g in zip(momentums, grads, strict=True)]
        velocities = [v + (tf.square(g) - v) * (1.0 - beta_2) for v, g in zip(velocities, grads, strict=True)]
        weights = [
            w - m * alpha / (tf.sqrt(v) + epsilon)
            for w, m, v in zip(weights, momentums, velocities, strict=True)
        ]
        return weights, (momentums, velocities, step)

    return state, update


def _sgd_unroller(optimizer, index, lr):
    """``keras.optimizers.SGD.update_step`` on tensors (momentum and Nesterov included)."""
    momentum = float(optimizer.momentum)
    if momentum == 0.0:
        return sgd_unroller(lr)
    state = [tf.identity(optimizer.momentums[i]) for i in index]

    def update(weights, grads, state):
        state = [m * momentum - g * lr for m, g in zip(state, grads, strict=True)]
        if optimizer.nesterov:
            steps = [m * momentum - g * lr for m, g in zip(state, grads, strict=True)]
        else:
            steps = state
        return [w + step for w, step in zip(weights, steps, strict=True)], state

    return state, update


def sgd_unroller(learning_rate):
    """Plain gradient-descent steps at ``learning_rate`` (a documented deviation: no optimizer state)."""

    def update(weights, grads, state):
        return [w - learning_rate * g for w, g in zip(weights, grads, strict=True)], state

    return (), update


def unrolled_discriminator_weights(discriminator, weights, real, fake, steps, unroller, label_smoothing=0.0):
    """``steps`` updates of D's loss, computed on tensors, not variables.

    The returned weights are differentiable functions of ``fake`` (and so of
    the generator's parameters): an enclosing ``GradientTape`` differentiates
    through every unrolled update, second-order terms included. D's own
    variables are never assigned.

    Args:
        discriminator: a ``keras.Model`` (evaluated with ``stateless_call``).
        weights: list of tensors, one per ``discriminator.trainable_variables``.
        real, fake: the minibatch of the unrolled steps (the same at every step).
        steps: number of unrolled updates (0 returns ``weights``).
        unroller: ``(state, update)`` from :func:`optimizer_unroller` or :func:`sgd_unroller`.
        label_smoothing: as in the discriminator's real loss.

    Returns:
        The list of unrolled weight tensors.
    """
    state, update = unroller
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
        weights, state = update(weights, grads, state)
    return weights


@keras.saving.register_keras_serializable(package="keras_gans")
class UnrolledGAN(GAN):
    """:class:`GAN` whose generator loss is taken against D unrolled ``unroll_steps`` steps.

    Each ``train_step`` first updates the discriminator exactly as
    :class:`GAN` does (the unrolling never touches D's variables), then
    builds a surrogate ``D_K`` by ``unroll_steps`` updates of D's own
    optimizer (Adam, moments and step count included) on D's loss, starting
    from D's current weights and optimizer state, all as tensors on the same
    minibatch, and updates the generator on the unrolled value
    ``f_K = V(G, D_K)`` (Metz et al., Eq. 6-7), differentiating through the
    unrolled steps. The real-data term of ``V`` depends on G through
    ``D_K``'s weights, so it is kept: the generator loss is
    ``generator_loss(D_K(G(z))) - E[log D_K(x)]`` (with ``loss="minimax"``
    exactly ``-V(G, D_K)``, the reference's ``-unrolled_loss``). With
    ``unroll_steps=0`` the real term has no gradient in G and this is the
    plain GAN.

    Args:
        generator, discriminator: ``keras.Model``s (D returns logits).
        unroll_steps: K, the number of unrolled discriminator steps (5 in the paper's 2-D runs).
        unroll: ``"optimizer"`` (default) unrolls D's own optimizer (Adam or SGD) with its
            state, as the reference does; ``"sgd"`` unrolls plain gradient steps at
            ``unroll_learning_rate`` (a cheaper deviation, kept as an option).
        unroll_learning_rate: step size of ``unroll="sgd"``.
        real_term: keep the real-data term of the unrolled value in G's loss
            (the reference); False keeps only the fake term.
        **kwargs: :class:`GAN` arguments (``loss``, ``d_steps``, ``label_smoothing``, ...).

    Raises:
        ValueError: negative ``unroll_steps``, an unknown ``unroll``, non-positive
            ``unroll_learning_rate``, or (at the first step) ``unroll="optimizer"``
            with a discriminator optimizer other than Adam or SGD.

    Example:
    ```python
    gan = keras_gans.models.UnrolledGAN(
        keras_gans.networks.mlp_generator(), keras_gans.networks.mlp_discriminator(),
        unroll_steps=5)
    gan.compile()  # G: Adam(1e-3, beta_1=0.5), D: Adam(1e-4, beta_1=0.5)
    gan.fit(keras_gans.data.load("ring8", batch_size=512), epochs=5)
    ```

    Reference: Metz et al., "Unrolled Generative Adversarial Networks", ICLR 2017
    (and its authors' notebook, poolio/unrolled_gan).
    """

    def __init__(
        self, generator, discriminator, unroll_steps=5, unroll="optimizer", unroll_learning_rate=0.05,
        real_term=True, **kwargs,
    ):
        if int(unroll_steps) < 0:
            raise ValueError(f"`unroll_steps` must be >= 0. Received: unroll_steps={unroll_steps}")
        if unroll not in ("optimizer", "sgd"):
            raise ValueError(f"`unroll` must be 'optimizer' or 'sgd'. Received: unroll={unroll!r}")
        if float(unroll_learning_rate) <= 0:
            raise ValueError(
                f"`unroll_learning_rate` must be positive. Received: unroll_learning_rate={unroll_learning_rate}"
            )
        super().__init__(generator, discriminator, **kwargs)
        self.unroll_steps = int(unroll_steps)
        self.unroll = unroll
        self.unroll_learning_rate = float(unroll_learning_rate)
        self.real_term = bool(real_term)

    g_adam = {"learning_rate": 1e-3, "beta_1": 0.5}  # Metz et al.'s 2-D setting
    d_adam = {"learning_rate": 1e-4, "beta_1": 0.5}

    def unroller(self):
        """The ``(state, update)`` pair of the unrolled steps (see :func:`optimizer_unroller`)."""
        if self.unroll == "sgd":
            return sgd_unroller(self.unroll_learning_rate)
        return optimizer_unroller(self.d_optimizer, self.discriminator.trainable_variables)

    def generator_loss(self, z, real):
        """The generator loss against the unrolled discriminator (differentiable in G)."""
        fake = self.generator(z, training=True)
        weights = [tf.identity(v) for v in self.discriminator.trainable_variables]
        weights = unrolled_discriminator_weights(
            self.discriminator, weights, real, fake, self.unroll_steps, self.unroller(), self.label_smoothing,
        )
        non_trainable = [v.value for v in self.discriminator.non_trainable_variables]
        fake_logits, _ = self.discriminator.stateless_call(weights, non_trainable, fake, training=True)
        loss = GENERATOR_LOSSES[self.loss_name](fake_logits)
        if self.real_term and self.unroll_steps > 0:
            real_logits, _ = self.discriminator.stateless_call(weights, non_trainable, real, training=True)
            # D's loss minus its fake term is its real term, -E[log D_K(x)] (label smoothing included).
            real_loss = losses.minimax_discriminator_loss(
                real_logits, fake_logits, self.label_smoothing
            ) + losses.minimax_generator_loss(fake_logits)
            loss = loss - real_loss
        return loss

    def generator_step(self, real, condition=None):
        """One generator update against the discriminator unrolled on ``real``; returns its logs."""
        z = self.sample_latent(tf.shape(real)[0])
        return self.minimize("generator", lambda: {"g_loss": self.generator_loss(z, real)})
