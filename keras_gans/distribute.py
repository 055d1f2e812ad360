"""Distribution strategies, mixed precision and XLA, chosen by name.

``python -m keras_gans.train --strategy=mirrored --mixed_precision=mixed_float16``
goes through :func:`get_strategy`, :func:`set_mixed_precision` and
:func:`check_jit_compile`; the model, both optimizers and the loss trackers
are then created inside ``strategy.scope()`` (``AdversarialModel.compile``
builds the optimizer slots there), which MirroredStrategy on Keras 3 needs.

Where each piece works (TF 2.21 / Keras 3.15, tested on CPU):

| strategy      | replicas                       | ``jit_compile``                   |
|---------------|--------------------------------|-----------------------------------|
| default       | 1 device                       | yes                               |
| mirrored      | all GPUs, else the CPU devices | no on CPU (XLA has no CPU all-reduce); GPUs: yes |
| multiworker   | one per worker (``TF_CONFIG``) | no on CPU (same reason)           |
| tpu           | TPU cores (needs a TPU)        | always (TPU compiles with XLA)    |

Per-replica loss scaling lives in one place,
:func:`keras_gans.models.adversarial_model.replica_scale`.
"""

import json
import os

import keras
import tensorflow as tf

STRATEGIES = ("default", "mirrored", "multiworker", "tpu")
PRECISIONS = ("float32", "mixed_float16", "mixed_bfloat16")


def get_strategy(name="default", devices=None, tpu=None):
    """Builds a ``tf.distribute.Strategy`` from its name.

    Args:
        name: 'default' (the no-op strategy, one device), 'mirrored' (all
            local GPUs, or the given ``devices``), 'multiworker' (reads
            ``TF_CONFIG``), or 'tpu' (``tpu`` is the TPU address; '' = local).
        devices: optional device list for 'mirrored', e.g.
            ``["/cpu:0", "/cpu:1"]`` after :func:`configure_cpu_devices`.
        tpu: TPU name or address for 'tpu'.

    Returns:
        The strategy; use ``with strategy.scope():`` around model creation
        and ``compile``.

    Raises:
        ValueError: an unknown name, 'multiworker' without a valid
            ``TF_CONFIG``, or 'tpu' where no TPU can be found.

    Example:
    ```python
    strategy = keras_gans.distribute.get_strategy("mirrored")
    with strategy.scope():
        gan = keras_gans.models.DCGAN()
        gan.compile()
    gan.fit(dataset)  # the global batch is split over the replicas
    ```
    """
    if name not in STRATEGIES:
        raise ValueError(f"`strategy` must be one of {STRATEGIES}. Received: strategy={name!r}")
    if name == "default":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        if devices is None:
            gpus = tf.config.list_logical_devices("GPU")
            cpus = tf.config.list_logical_devices("CPU")
            # With no GPU, MirroredStrategy() would take one CPU; use every logical
            # CPU so --strategy=mirrored after configure_cpu_devices(n) has n replicas.
            devices = None if gpus else [d.name for d in cpus]
        return tf.distribute.MirroredStrategy(devices=devices)
    if name == "multiworker":
        _check_tf_config()
        return tf.distribute.MultiWorkerMirroredStrategy()
    try:
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver(tpu=tpu or "")
        tf.config.experimental_connect_to_cluster(resolver)
        tf.tpu.experimental.initialize_tpu_system(resolver)
    except (ValueError, RuntimeError, OSError, tf.errors.OpError) as error:
        raise ValueError(f"--strategy=tpu needs a reachable TPU. Received tpu={tpu!r}: {error}") from None
    return tf.distribute.TPUStrategy(resolver)


def _check_tf_config():
    raw = os.environ.get("TF_CONFIG")
    if not raw:
        raise ValueError(
            "--strategy=multiworker needs the TF_CONFIG environment variable, e.g. "
            '{"cluster": {"worker": ["host1:port", "host2:port"]}, '
            '"task": {"type": "worker", "index": 0}}. Received: TF_CONFIG unset.'
        )
    try:
        config = json.loads(raw)
        workers = config["cluster"]["worker"]
        task = config["task"]
        index = int(task["index"])
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"TF_CONFIG is not valid ({error}). Received: TF_CONFIG={raw!r}") from None
    if not 0 <= index < len(workers):
        raise ValueError(
            f"TF_CONFIG task index must be in [0, {len(workers)}). Received: index={index}"
        )


def is_chief(strategy=None):
    """True on the worker that writes checkpoints and exports.

    Under MultiWorkerMirroredStrategy that is worker 0 (or the task of type
    'chief'); every other strategy has a single writer.
    """
    strategy = strategy or tf.distribute.get_strategy()
    resolver = getattr(strategy, "cluster_resolver", None)
    if resolver is None or not resolver.cluster_spec().as_dict():
        return True
    return resolver.task_type == "chief" or (
        resolver.task_type == "worker" and resolver.task_id == 0
        and "chief" not in resolver.cluster_spec().as_dict()
    )


def configure_cpu_devices(count):
    """Splits the host CPU into ``count`` logical devices (for MirroredStrategy tests).

    Must run before TensorFlow creates its devices (before the first op).

    Raises:
        ValueError: ``count`` < 1, or TensorFlow already initialised its
            devices with a different number of CPUs.
    """
    if int(count) < 1:
        raise ValueError(f"`count` must be >= 1. Received: count={count}")
    cpu = tf.config.list_physical_devices("CPU")[0]
    current = tf.config.get_logical_device_configuration(cpu)
    if current is not None and len(current) == count:
        return
    try:
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(int(count))]
        )
    except RuntimeError:
        have = len(tf.config.list_logical_devices("CPU"))
        if have != count:
            raise ValueError(
                f"TensorFlow already initialised {have} CPU device(s); configure_cpu_devices("
                f"{count}) must run before the first TensorFlow op."
            ) from None


def set_mixed_precision(policy="float32"):
    """Sets Keras' global dtype policy.

    'mixed_float16': float16 compute, float32 variables; ``compile()`` then
    wraps both optimizers in ``keras.optimizers.LossScaleOptimizer`` (dynamic
    loss scaling) and losses stay float32 (the loss functions cast logits to
    float32; the networks' output layers are float32).
    'mixed_bfloat16': bfloat16 compute, no loss scaling needed; only where the
    device has bfloat16 kernels for every op (TPU, recent GPUs; CPU: slow).

    Must be called before the model is built (layers read the policy when
    created).

    Raises:
        ValueError: an unknown policy.
    """
    if policy not in PRECISIONS:
        raise ValueError(
            f"`mixed_precision` must be one of {PRECISIONS}. Received: mixed_precision={policy!r}"
        )
    keras.mixed_precision.set_global_policy(policy)


JIT_CHOICES = ("auto", True, False)


def resolve_jit_compile(strategy, jit_compile):
    """Turns ``jit_compile`` ('auto', True or False) into the bool given to ``compile``.

    'auto' gives the plain graph (False), the choice when nothing is measured:
    whether XLA is faster depends on the machine (with oneDNN on it was the
    slower path, without oneDNN the faster; ``benchmarks/results/train_speed.md``),
    so the command line decides 'auto' by timing both on the run's own model
    (``keras_gans.train_lib.choose_auto``) and uses this function to refuse a
    bad value or XLA where it cannot run.

    Raises:
        ValueError: an unknown value, or True where XLA cannot run (see
            :func:`check_jit_compile`).
    """
    if jit_compile not in JIT_CHOICES or not isinstance(jit_compile, (str, bool)):
        raise ValueError(
            f"--jit_compile must be one of auto, true, false. Received: --jit_compile={jit_compile!r}"
        )
    if jit_compile == "auto":
        return False
    check_jit_compile(strategy, jit_compile)
    return jit_compile


def check_jit_compile(strategy, jit_compile):
    """Fails early for XLA under a multi-replica strategy on CPU.

    XLA on CPU has no cross-replica all-reduce, so a compiled ``train_step``
    under Mirrored/MultiWorkerMirroredStrategy fails deep inside ``fit`` with an
    unhelpful op error; this raises a clear ``ValueError`` before training.

    Raises:
        ValueError: ``jit_compile`` is truthy, the strategy has more than one
            replica, and it runs on CPUs.
    """
    if not jit_compile or jit_compile == "auto":
        return
    replicas = strategy.num_replicas_in_sync
    if replicas == 1:
        return
    devices = strategy.extended.worker_devices
    on_cpu = not tf.config.list_logical_devices("GPU") or any("CPU" in d.upper() for d in devices)
    if on_cpu and not isinstance(strategy, tf.distribute.TPUStrategy):
        raise ValueError(
            "--jit_compile works on a single device (or TPU/GPU replicas); XLA cannot all-reduce "
            f"across CPU replicas. Received: jit_compile=True with {type(strategy).__name__} "
            f"over {replicas} CPU replicas. Use --jit_compile=false or --strategy=default."
        )
