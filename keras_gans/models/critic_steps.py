"""Helpers of the shared step for objectives that take several critic steps per generator step.

Following :class:`keras_gans.models.GAN` (Algorithm 1 of Goodfellow et al.), a
dataset batch of ``k * m`` examples is split into ``k`` slices of ``m``, so
every critic update sees a fresh real minibatch and the generator update uses
minibatches of ``m`` too. ``AdversarialModel.adversarial_updates`` does the splitting;
objectives only validate their step counts here.
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


def average_logs(logs):
    """The mean over steps of each value of a list of ``{name: scalar}`` dicts."""
    if len(logs) == 1:
        return logs[0]
    return {name: tf.add_n([step[name] for step in logs]) / len(logs) for name in logs[0]}
