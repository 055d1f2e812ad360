"""Mirrored-strategy parity: one update on 1 device == one update on N replicas.

The check every objective gets: build the model twice from the same weights,
run ONE ``fit`` step on the same global batch, once with the default strategy
and once under ``MirroredStrategy`` over ``replicas`` logical CPU devices, and
assert the weight updates agree within float tolerance.

Why it catches the classic bug: TF optimizers *sum* the per-replica gradients,
so a ``train_step`` that differentiates a plain per-replica ``reduce_mean``
(without ``replica_scale``) takes an N times larger step on N replicas. To make
that visible the check compiles both optimizers as plain SGD (Adam's first
step is ``lr * sign(g)``, blind to the scale of ``g``).

What makes the two runs comparable (and what an objective must allow):

* Noise: ``AdversarialModel.sample_latent`` folds the replica id into the
  seed, so the runs would draw different z. The check replaces the model's
  noise methods (``random_methods``, default ``{"sample_latent": "normal"}``)
  by ones that slice a fixed *global* draw by replica id: the k-th call with
  per-replica size n returns rows ``[r*n, (r+1)*n)`` of the k-th global
  tensor, in both runs. Objectives that draw other noise (interpolation
  factors of a gradient penalty, target domains, codes, ...) draw it in a
  model method taking the batch size or the per-replica batch tensor first,
  listed here, e.g. ``{"sample_interpolation": "uniform"}``; a value may also
  be a callable ``(global_shape, seed) -> tensor`` (integer codes, ...).
  The pinned values need not follow the model's own distribution: both runs
  see the same ones, which is all the comparison needs.
* BatchNorm: batch statistics are per replica unless synchronized; build the
  networks with ``synchronized_bn=True`` (``keras_gans.networks.dcgan_*``) or
  without BatchNorm.
* Data split: the global batch is cut into contiguous per-replica slices; an
  objective that splits its batch further (``GAN(d_steps=2)``) regroups the
  examples differently on N replicas, so use ``d_steps=1`` here.

Needs ``replicas`` logical CPU devices, configured before TensorFlow starts
(``tests/conftest.py`` calls ``keras_gans.distribute.configure_cpu_devices(2)``).
"""

import keras
import numpy as np
import tensorflow as tf

DEFAULT_RANDOM_METHODS = {"sample_latent": "normal"}
# Updates below this fraction of the largest one are rounding noise (see assert_mirrored_parity).
NOISE_FLOOR = 1e-5
_STRATEGIES = {}


def _draw(distribution, shape, seed, method):
    if callable(distribution):
        return distribution(shape, seed)
    if distribution == "normal":
        return tf.random.stateless_normal(shape, seed=seed, dtype=tf.float32)
    if distribution == "uniform":
        return tf.random.stateless_uniform(shape, seed=seed, dtype=tf.float32)
    raise ValueError(
        "`random_methods` values must be 'normal', 'uniform' or a callable "
        f"(shape, seed) -> tensor. Received: {method}={distribution!r}"
    )


def _fixed_noise(model, method, distribution, seed):
    """Replaces ``model.<method>(n_or_batch, ...)`` by a replica slice of a fixed global draw.

    The method's first argument is either a batch size (a scalar) or a
    per-replica batch tensor whose leading dimension is the batch size (e.g.
    ``sample_interpolation(real)``); the patched method returns the replica's
    rows of one global tensor of the original draw's row shape.
    """
    original = getattr(model, method)
    calls = {}

    def patched(batch_or_size, *args, **kwargs):
        # The shape of one row comes from the original draw (traced, unused).
        row_shape = tf.shape(original(batch_or_size, *args, **kwargs))[1:]
        if tf.is_tensor(batch_or_size) and batch_or_size.shape.rank:
            n = tf.shape(batch_or_size)[0]
        else:
            n = tf.cast(batch_or_size, tf.int32)
        context = tf.distribute.get_replica_context()
        replicas = context.num_replicas_in_sync if context is not None else 1
        replica = context.replica_id_in_sync_group if context is not None else 0
        # MirroredStrategy traces the step once per replica (and a function may be
        # traced more than once): number the calls per (graph, replica) so the
        # k-th draw of every replica in every trace is the same global tensor.
        static = tf.get_static_value(replica)
        key = (id(tf.compat.v1.get_default_graph()), None if static is None else int(static))
        k = calls.setdefault(key, 0)
        calls[key] = k + 1
        shape = tf.concat([[n * replicas], row_shape], axis=0)
        full = _draw(distribution, shape, tf.constant([seed, k], tf.int32), method)
        start = tf.cast(replica, tf.int32) * n
        return full[start : start + n]

    setattr(model, method, patched)


def _sgd_compile(model, learning_rate):
    model.compile(
        g_optimizer=keras.optimizers.SGD(learning_rate),
        # An objective without a discriminator (VAE, GMMN) has one optimizer.
        d_optimizer=keras.optimizers.SGD(learning_rate) if model.has_discriminator else None,
    )


def _weights(model, networks):
    # Keyed by position: auto-numbered layer names differ between the two builds.
    return {
        f"{name}[{i}] {v.path}": keras.ops.convert_to_numpy(v.value)
        for name in networks
        for i, v in enumerate(getattr(model, name).weights)
    }


def _by_position(weights):
    return [weights[k] for k in weights]


def run_one_update(build_fn, batch, strategy, initial=None, learning_rate=0.1,
                   compile_fn=None, random_methods=None, networks=("generator", "discriminator"),
                   seed=7):
    """Builds a model under ``strategy``, takes one ``fit`` step on ``batch``.

    Args:
        build_fn: ``() -> model`` (uncompiled); called inside ``strategy.scope()``.
        batch: the global batch, a numpy array or a tuple ``(images, labels)``.
        strategy: a ``tf.distribute.Strategy``.
        initial: weights (as returned here) to start from; None keeps the built ones.
        learning_rate: SGD learning rate for both optimizers.
        compile_fn: ``(model) -> None`` compiling the model (default: SGD for G and D).
        random_methods: dict method name -> 'normal' | 'uniform' | callable
            ``(shape, seed) -> tensor``: the noise methods to make identical.
        networks: attributes holding the networks whose weights are compared.
        seed: seed of the fixed noise.

    Returns:
        ``(before, after)``: dicts weight path -> numpy array.
    """
    random_methods = DEFAULT_RANDOM_METHODS if random_methods is None else random_methods
    with strategy.scope():
        model = build_fn()
        if initial is not None:
            variables = [v for name in networks for v in getattr(model, name).weights]
            for variable, value in zip(variables, _by_position(initial), strict=True):
                variable.assign(value)
        (compile_fn or (lambda m: _sgd_compile(m, learning_rate)))(model)
    for method, distribution in random_methods.items():
        _fixed_noise(model, method, distribution, seed)
    before = _weights(model, networks)
    dataset = tf.data.Dataset.from_tensors(batch)
    model.fit(dataset, epochs=1, steps_per_epoch=1, verbose=0, shuffle=False)
    return before, _weights(model, networks)


def mirrored_strategy(replicas=2):
    """``MirroredStrategy`` over the first ``replicas`` logical CPU devices.

    Raises:
        ValueError: fewer logical CPUs exist (configure them before TF starts).
    """
    cpus = [d.name for d in tf.config.list_logical_devices("CPU")]
    if len(cpus) < replicas:
        raise ValueError(
            f"The parity check needs {replicas} logical CPU devices; TensorFlow has {len(cpus)}. "
            f"Call keras_gans.distribute.configure_cpu_devices({replicas}) before the first op "
            "(tests/conftest.py does)."
        )
    # One instance per process: a second MirroredStrategy over the same devices
    # reuses collective instance keys and its all-reduces clash with the first's
    # ("Shape mismatch in the collective instance").
    if replicas not in _STRATEGIES:
        _STRATEGIES[replicas] = tf.distribute.MirroredStrategy(devices=cpus[:replicas])
    return _STRATEGIES[replicas]


def compare_mirrored_updates(build_fn, batch, replicas=2, **kwargs):
    """Runs the two updates and returns, per weight, how they compare.

    Returns:
        dict weight label -> ``{"ratio": |Δ_mirrored|/|Δ_single|,
        "max_diff": max|Δ_mirrored − Δ_single|, "max_update": max|Δ_single|,
        "moved": whether the single-device update changed it}``.
    """
    images = batch[0] if isinstance(batch, tuple) else batch
    if len(images) % replicas:
        raise ValueError(
            f"The batch size must be divisible by replicas={replicas}. Received: {len(images)}"
        )
    if tf.distribute.get_strategy().num_replicas_in_sync != 1:
        raise ValueError("Call the mirrored parity check outside any strategy scope.")
    before, after_single = run_one_update(build_fn, batch, tf.distribute.get_strategy(), **kwargs)
    _, after_mirrored = run_one_update(
        build_fn, batch, mirrored_strategy(replicas), initial=before, **kwargs
    )
    result = {}
    for key, start, mirrored in zip(before, _by_position(before), _by_position(after_mirrored), strict=True):
        d_single = after_single[key] - start
        d_mirror = mirrored - start
        norm = float(np.linalg.norm(d_single))
        result[key] = {
            "ratio": float(np.linalg.norm(d_mirror)) / norm if norm > 0 else 1.0,
            "max_diff": float(np.max(np.abs(d_mirror - d_single))) if d_single.size else 0.0,
            "max_update": float(np.max(np.abs(d_single))) if d_single.size else 0.0,
            "moved": bool(np.any(d_single != 0)),
        }
    return result


def assert_mirrored_parity(build_fn, batch, replicas=2, rtol=1e-3, atol=1e-6, **kwargs):
    """Asserts one update on 1 device equals one update on ``replicas`` mirrored CPUs.

    Both runs start from the same weights and see the same global ``batch``
    and the same noise (see the module docstring). For every weight of the
    compared networks: ``|Δ_mirrored − Δ_single| <= atol + rtol * max|Δ_single|``.

    Args:
        build_fn: ``() -> model``, uncompiled, deterministic architecture; nets
            with BatchNorm must use synchronized BatchNorm.
        batch: the global batch (its size divisible by ``replicas``).
        replicas: number of mirrored replicas.
        rtol, atol: tolerance on the update difference, relative to the largest
            single-device update of that weight, and absolute.
        **kwargs: passed to :func:`run_one_update` (``learning_rate``,
            ``compile_fn``, ``random_methods``, ``networks``).

    Returns:
        dict weight label -> ratio ``|Δ_mirrored| / |Δ_single|`` (1.0 when right;
        about ``replicas`` for a train_step that skips ``replica_scale``), for
        the weights whose update stands above rounding noise (largest element
        over ``NOISE_FLOOR`` times the largest update of any weight): e.g. the
        bias of a convolution followed by instance normalization has a zero
        gradient up to rounding, and its "update" ratio is noise.

    Raises:
        AssertionError: an update differs; the message names the weights and
            the ratio of update norms.

    Example:
    ```python
    def build():
        return keras_gans.models.GAN(mlp_generator(2, 2), mlp_discriminator(2), seed=0)
    assert_mirrored_parity(build, np.random.randn(16, 2).astype("float32"))
    ```
    """
    compared = compare_mirrored_updates(build_fn, batch, replicas, **kwargs)
    assert any(c["moved"] for c in compared.values()), (
        "The single-device update changed no weight; the check would be vacuous."
    )
    failures = [
        f"{key}: max|Δ diff|={c['max_diff']:.3g}, |Δ_mirrored|/|Δ_single|={c['ratio']:.3f}"
        for key, c in compared.items()
        if c["max_diff"] > atol + rtol * c["max_update"]
    ]
    assert not failures, (
        f"{len(failures)} weight update(s) differ between 1 device and {replicas} mirrored replicas "
        "(a ratio near the replica count means a loss was not passed through replica_scale):\n  "
        + "\n  ".join(failures[:10])
    )
    floor = NOISE_FLOOR * max(c["max_update"] for c in compared.values())
    return {key: c["ratio"] for key, c in compared.items() if c["max_update"] > max(floor, atol)}
