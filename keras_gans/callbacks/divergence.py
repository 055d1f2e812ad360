"""Stop training at the first NaN/Inf loss, before anything diverged is saved."""

import keras
import numpy as np


class TrainingDivergedError(RuntimeError):
    """Training produced a NaN/Inf loss or weight; nothing after it was saved."""


class StopOnDivergence(keras.callbacks.Callback):
    """Raises :class:`TrainingDivergedError` at the first non-finite loss.

    Adversarial models report every loss of a step as NaN when any gradient
    of that step was non-finite (``AdversarialModel.check_finite_gradients``),
    so this also stops at a step whose loss a kernel kept finite.

    Keras' ``TerminateOnNaN`` only sets ``stop_training``, so the epoch still
    ends and ``on_epoch_end`` callbacks (a checkpoint, an export) would save
    the diverged weights. Raising from ``on_train_batch_end`` aborts ``fit``
    at once: the last good checkpoint and export stay the latest ones.

    The batch logs of ``fit`` are running means over the epoch, so the first
    non-finite step is the step whose own loss was non-finite.

    Args:
        steps_per_epoch: used to report the global step (optional).
        last_good: a callable returning a description of the last good
            checkpoint, appended to the message (optional).
        position: optional object with ``step_in_epoch(batch)`` and
            ``global_step(batch)`` (a run resumed mid-epoch starts its first
            epoch part-way through).

    Example:
    ```python
    model.fit(ds, epochs=5, callbacks=[StopOnDivergence(steps_per_epoch=100)])
    ```
    """

    def __init__(self, steps_per_epoch=None, last_good=None, position=None):
        super().__init__()
        self.steps_per_epoch = steps_per_epoch
        self.last_good = last_good
        self.position = position
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        bad = {}
        for name, value in (logs or {}).items():
            array = np.asarray(keras.ops.convert_to_numpy(value), dtype="float64")
            if not np.isfinite(array).all():
                bad[name] = float(array.reshape(-1)[0]) if array.size == 1 else array.tolist()
        if not bad:
            return
        step = self.position.step_in_epoch(batch) if self.position else batch + 1
        where = f"epoch {self._epoch + 1}, step {step}"
        if self.steps_per_epoch:
            where += f" (global step {self._epoch * self.steps_per_epoch + step})"
        losses = ", ".join(f"{k}={v}" for k, v in sorted(bad.items()))
        message = f"Training diverged at {where}: {losses}. Nothing after the last good checkpoint was saved"
        if self.last_good is not None:
            message += f" ({self.last_good()})"
        raise TrainingDivergedError(message + "; lower the learning rate or check the data.")
