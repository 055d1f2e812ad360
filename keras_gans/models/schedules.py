"""Learning-rate schedules defined over generator steps (train steps), not optimizer updates."""

import keras


@keras.saving.register_keras_serializable(package="keras_gans")
class GeneratorStepSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """Evaluates ``schedule`` at the train step of a player that updates k times a step.

    A Keras optimizer evaluates its schedule at its own ``iterations``, which
    count updates. A critic that takes ``n_critic`` updates per train step
    would walk its schedule ``n_critic`` times faster than the generator:
    with ``CosineDecay(lr, steps)`` and 5 critic steps, its learning rate hits
    0 at a fifth of training. ``AdversarialModel.compile`` therefore wraps a
    player's schedule in this class, so both players follow the same curve
    over generator steps. Pass an optimizer whose schedule is already a
    ``GeneratorStepSchedule`` to choose per player (e.g. ``updates_per_step=1``
    for a schedule over the critic's own updates); ``compile`` leaves it as is.

    Args:
        schedule: a ``keras.optimizers.schedules.LearningRateSchedule``.
        updates_per_step: k, the player's optimizer updates per train step.

    Example:
    ```python
    cosine = keras.optimizers.schedules.CosineDecay(1e-4, decay_steps=3000)
    wgan.compile(d_optimizer=keras.optimizers.Adam(cosine))  # wrapped with k = n_critic
    ```
    """

    def __init__(self, schedule, updates_per_step):
        if not isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
            raise ValueError(
                "`schedule` must be a keras.optimizers.schedules.LearningRateSchedule. "
                f"Received: schedule={schedule!r}"
            )
        if isinstance(updates_per_step, bool) or int(updates_per_step) < 1:
            raise ValueError(
                f"`updates_per_step` must be an integer >= 1. Received: updates_per_step={updates_per_step!r}"
            )
        self.schedule = schedule
        self.updates_per_step = int(updates_per_step)

    def __call__(self, step):
        return self.schedule(keras.ops.floor_divide(step, self.updates_per_step))

    def get_config(self):
        return {
            "schedule": keras.saving.serialize_keras_object(self.schedule),
            "updates_per_step": self.updates_per_step,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["schedule"] = keras.saving.deserialize_keras_object(config["schedule"])
        return cls(**config)


def over_generator_steps(optimizer, updates_per_step):
    """Wraps ``optimizer``'s schedule (if any) in :class:`GeneratorStepSchedule`; returns it.

    A constant learning rate, a callable, or a schedule that already is a
    ``GeneratorStepSchedule`` (a choice made per player) is left alone, and so
    is every schedule of a player that updates once per step.
    """
    inner = getattr(optimizer, "inner_optimizer", optimizer)  # LossScaleOptimizer
    schedule = getattr(inner, "_learning_rate", None)
    if (
        updates_per_step > 1
        and isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule)
        and not isinstance(schedule, GeneratorStepSchedule)
    ):
        inner.learning_rate = GeneratorStepSchedule(schedule, updates_per_step)
    return optimizer
