"""Train for a budget of steps and wall-clock seconds, in chunks, and say what was done.

The benchmarks run on shared CPUs whose speed varies: they train in short
``fit`` chunks until a step count or a time budget is spent and report the
steps actually run.
"""

import time


def fit_within(model, dataset, max_steps=None, max_seconds=None, chunk=25, on_chunk=None):
    """Fits ``chunk`` steps at a time until ``max_steps`` or ``max_seconds`` is reached.

    The last chunk is cut so that no more than ``max_steps`` run; the time
    budget is checked between chunks, so a run may overrun it by one chunk.

    Args:
        model: a compiled model.
        dataset: an endless ``tf.data.Dataset`` (each chunk continues a new iterator).
        max_steps: stop after this many steps (None: no step limit).
        max_seconds: stop starting new chunks after this many seconds (None: no limit).
        chunk: steps per ``fit`` call.
        on_chunk: optional ``on_chunk(steps_done, seconds, logs)`` after every chunk.

    Returns:
        ``(steps, seconds, logs)``: the steps run, the wall time and the last chunk's final losses.

    Raises:
        ValueError: neither budget given, or a non-positive one.
    """
    if max_steps is None and max_seconds is None:
        raise ValueError("Pass `max_steps` or `max_seconds`. Received neither.")
    for name, value in (("max_steps", max_steps), ("max_seconds", max_seconds), ("chunk", chunk)):
        if value is not None and value <= 0:
            raise ValueError(f"`{name}` must be positive. Received: {name}={value}")
    start, steps, logs = time.time(), 0, {}
    while (max_steps is None or steps < max_steps) and (max_seconds is None or time.time() - start < max_seconds):
        size = chunk if max_steps is None else min(chunk, max_steps - steps)
        history = model.fit(dataset, epochs=1, steps_per_epoch=size, verbose=0)
        steps += size
        logs = {k: float(v[-1]) for k, v in history.history.items()}
        if on_chunk is not None:
            on_chunk(steps, time.time() - start, logs)
    return steps, time.time() - start, logs
