"""Helpers shared by the objectives that take several critic steps per generator step.

Following :class:`keras_gans.models.GAN` (Algorithm 1 of Goodfellow et al.), a
dataset batch of ``n_critic * m`` examples is split into ``n_critic`` slices of
``m``, so every critic update sees a fresh real minibatch and the generator
update uses minibatches of ``m`` too. The update helpers are the steps these
objectives share: only the loss function differs.
"""

import tensorflow as tf


def check_steps(name, value):
    """Returns ``int(value)``; raises ValueError unless it is >= 1."""
    if isinstance(value, bool) or int(value) != value or int(value) < 1:
        raise ValueError(f"`{name}` must be an integer >= 1. Received: {name}={value!r}")
    return int(value)


def check_non_negative(name, value):
    """Returns ``float(value)``; raises ValueError unless it is >= 0."""
    if not float(value) >= 0.0:
        raise ValueError(f"`{name}` must be >= 0. Received: {name}={value!r}")
    return float(value)


def split_minibatches(real, steps):
    """Splits a batch into ``steps`` equal slices (the remainder is dropped).

    Returns:
        ``(slices, size)``: a list of ``steps`` tensors and the slice size.
    """
    size = tf.shape(real)[0] // steps  # read_batch made sure that size >= 1
    return [real[i * size : (i + 1) * size] for i in range(steps)], size


def averaged_critic_steps(step, real, steps):
    """Runs ``step`` on each of ``steps`` slices of ``real``; averages what it returns.

    Args:
        step: ``(real_slice) -> loss`` or a tuple of scalar tensors.
        real: the dataset batch (cast to float32 here).
        steps: number of critic updates.

    Returns:
        ``(averages, size)``: the mean over the steps of each returned value
        (same structure as ``step``'s result) and the slice size, which the
        generator update uses as its batch size.
    """
    slices, size = split_minibatches(tf.cast(real, tf.float32), steps)
    results = [step(s) for s in slices]
    if isinstance(results[0], tuple):
        return tuple(tf.add_n(list(t)) / steps for t in zip(*results, strict=True)), size
    return tf.add_n(results) / steps, size


def discriminator_update(model, real, loss_fn):
    """One update of ``model.discriminator`` on ``loss_fn(D(real), D(G(z)))``; returns the loss."""
    fake = model.generator(model.sample_latent(tf.shape(real)[0]), training=True)
    with tf.GradientTape() as tape:
        d_loss = loss_fn(
            model.discriminator(real, training=True), model.discriminator(fake, training=True)
        )
    variables = model.discriminator.trainable_variables
    model.apply_loss_gradients(tape, d_loss, variables, model.d_optimizer)
    return d_loss


def generator_update(model, batch_size, loss_fn):
    """One update of ``model.generator`` on ``loss_fn(D(G(z)))``; returns the loss."""
    with tf.GradientTape() as tape:
        fake = model.generator(model.sample_latent(batch_size), training=True)
        g_loss = loss_fn(model.discriminator(fake, training=True))
    variables = model.generator.trainable_variables
    model.apply_loss_gradients(tape, g_loss, variables, model.g_optimizer)
    return g_loss
