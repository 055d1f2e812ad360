"""The shared base of every adversarial objective.

Subclasses write only their ``train_step`` (and pick their losses and
default optimizers); everything else a user touches is here: ``compile()``
with published defaults, loss trackers, latent sampling through a
``keras.random.SeedGenerator``, the replica loss scaling, ``generate()``,
and (de)serialisation of both networks so ``.keras`` files round-trip.
"""

import contextlib
import dataclasses
import re
import types

import keras
import numpy as np
import tensorflow as tf

from keras_gans.models.critic_steps import average_logs
from keras_gans.models.critic_steps import split_minibatches
from keras_gans.models.schedules import over_generator_steps


def replica_scale(loss, optimizer=None):
    """Scales a per-replica mean loss for the gradient; call it inside the tape.

    Under ``tf.distribute`` the TF optimizer *sums* gradients over replicas,
    so a loss that is a plain mean over the per-replica batch must be divided
    by ``num_replicas_in_sync`` for the update to equal the single-device
    update on the same global batch. Outside a strategy this is a no-op.

    With ``optimizer`` given, its ``scale_loss`` is applied too: under the
    ``mixed_float16`` policy ``compile()`` wraps the optimizers in
    ``keras.optimizers.LossScaleOptimizer``, whose ``apply`` divides the
    gradients by the same dynamic scale (for any other optimizer it is the
    identity).

    Compute it inside the ``GradientTape`` block: an op applied after the tape
    stops recording is not differentiated, and ``tape.gradient`` returns None.

    Args:
        loss: scalar float loss (a mean over this replica's examples).
        optimizer: the optimizer that will apply the gradients, or None.

    Returns:
        The loss to differentiate.
    """
    replicas = tf.distribute.get_strategy().num_replicas_in_sync
    if replicas != 1:
        loss = loss / tf.cast(replicas, loss.dtype)
    if optimizer is not None:
        loss = optimizer.scale_loss(loss)
    return loss


def replica_seed(seed_generator):
    """The seed of one stateless draw inside ``train_step``: its own per draw and per replica.

    ``seed_generator.next()`` returns ``[seed, n]`` and advances ``n`` by one,
    so every draw (z of the discriminator step, z of the generator step,
    interpolation factors, codes, ...) takes a counter value of its own.
    Under ``tf.distribute`` every replica walks the same counter sequence, so
    replica ``r`` folds its id into the seed with
    ``tf.random.experimental.stateless_fold_in`` (a Philox hash of the seed,
    paired with ``r``): replicas draw independent streams, not shifted copies
    of one stream. (Adding ``r`` to the counter, as this once did, made replica
    ``r``'s n-th draw replica 0's (n+r)-th: replica 1's discriminator noise was
    replica 0's generator noise of the same step.)

    Replica 0 keeps the unfolded seed, so a single-device run draws exactly
    what it drew before: trajectories and recorded results are unchanged.

    Args:
        seed_generator: the model's ``keras.random.SeedGenerator``.

    Returns:
        An int32 seed of shape (2,) for ``tf.random.stateless_*``.
    """
    seed = tf.cast(seed_generator.next(), tf.int32)
    context = tf.distribute.get_replica_context()
    replica = context.replica_id_in_sync_group if context is not None else 0
    replica = tf.cast(replica, tf.int32)
    static = tf.get_static_value(replica)
    if static is not None and int(static) == 0:
        return seed
    folded = tf.random.experimental.stateless_fold_in(seed, replica)
    if static is not None:
        return folded
    return tf.where(tf.equal(replica, 0), seed, folded)


def unpack_batch(data):
    """Returns ``(x, y)`` from whatever element structure ``fit`` received."""
    if isinstance(data, dict):
        raise ValueError(
            "Adversarial models take batches of `images` or `(images, labels)`. "
            f"Received a dict with keys {sorted(data)}."
        )
    x, y, _ = keras.utils.unpack_x_y_sample_weight(data)
    return x, y


# Delimits the message of an in-graph batch check; AdversarialModel.fit turns
# the InvalidArgumentError of a failed check into ValueError(message).
_BAD_BATCH = "@@keras_gans bad batch@@"


def assert_batch(condition, *message):
    """An in-graph check of a training batch: ``fit`` raises ``ValueError(message)`` when it fails.

    For what only the data's values can tell (a label out of range, a batch
    size unknown at trace time). ``message`` parts are strings or scalar
    tensors (formatted with ``tf.strings.as_string``) and are joined.

    Returns:
        The assertion op (None when executing eagerly, where it raises at
        once). Make what reads the batch depend on it: otherwise a kernel
        that fails on the bad batch may run first.
    """
    parts = [p if isinstance(p, str) else tf.strings.as_string(p) for p in message]
    return tf.debugging.Assert(condition, [tf.strings.join([_BAD_BATCH, *parts, _BAD_BATCH])])


@contextlib.contextmanager
def _bad_batches_raise_value_errors():
    """Turns the error of a failed :func:`assert_batch` into ``ValueError(message)``."""
    try:
        yield
    except tf.errors.InvalidArgumentError as error:
        found = re.search(f"{_BAD_BATCH}(.*?){_BAD_BATCH}", str(error.message), re.S)
        if found is None:
            raise
        raise ValueError(found.group(1)) from None


@dataclasses.dataclass(frozen=True)
class BatchPart:
    """One element of a training batch, as :meth:`AdversarialModel.read_batch` checks it.

    Attributes:
        name: how messages call it (``images``, ``labels``, ``target_images``, ...).
        shape: the shape of one example (no batch axis; None entries: any size),
            or None for any shape.
        kind: ``"float"`` (floating point, cast to float32), ``"class"``
            (integer class indices in ``[0, num_classes)``, shape ``(batch,)``,
            cast to int32) or ``"number"`` (any numeric dtype, cast to float32).
        num_classes: K, for ``kind="class"``.
    """

    name: str
    shape: tuple = None
    kind: str = "float"
    num_classes: int = None


def _shape_text(shape):
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _resolve_optimizer(optimizer, default_fn, which):
    if isinstance(optimizer, str) and optimizer == "auto":
        return default_fn()
    if isinstance(optimizer, (str, dict)):
        return keras.optimizers.get(optimizer)
    if isinstance(optimizer, keras.optimizers.Optimizer):
        return optimizer
    raise ValueError(
        f"`{which}` must be 'auto', an optimizer name or a keras.optimizers.Optimizer. "
        f"Received: {which}={optimizer!r}"
    )


def _multi_worker(strategy):
    """True for MultiWorkerMirroredStrategy over more than one worker (public API only)."""
    if not isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy):
        return False
    spec = strategy.cluster_resolver.cluster_spec()
    return sum(spec.num_tasks(job) for job in spec.jobs if job in ("chief", "worker")) > 1


def all_finite(tensors):
    """A scalar bool tensor: every element of every tensor (None skipped) is finite.

    ``IndexedSlices`` gradients (embeddings) are checked on their values.
    """
    checks = []
    for tensor in tensors:
        if tensor is None:
            continue
        if isinstance(tensor, tf.IndexedSlices):
            tensor = tensor.values
        if tensor.dtype.is_floating:
            checks.append(tf.reduce_all(tf.math.is_finite(tensor)))
    return tf.reduce_all(tf.stack(checks)) if checks else tf.constant(True)


class _FiniteChecks:
    """The finiteness flags of the gradients applied in the step being traced.

    A plain object (not a list attribute) so Keras' attribute tracking leaves it alone.
    """

    def __init__(self):
        self.flags = []

    def take(self):
        flags, self.flags = self.flags, []
        return flags


def _loss_scaled(optimizer):
    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return optimizer
    return keras.optimizers.LossScaleOptimizer(optimizer)


@keras.saving.register_keras_serializable(package="keras_gans")
class AdversarialModel(keras.Model):
    """Base class: a generator, a discriminator and two optimizers.

    Args:
        generator: a built ``keras.Model`` mapping ``(batch, latent_dim)`` to samples.
        discriminator: a built ``keras.Model`` mapping samples to outputs (logits).
        latent_dim: size of z; inferred from the generator's input when None.
        seed: int seed of the latent sampling in ``train_step`` (None: random).

    Subclasses set ``loss_names`` (the trackers reported by ``fit``) and
    implement ``train_step``.
    """

    loss_names = ("d_loss", "g_loss")

    # Divergence is detected from the gradients, not only from the reported loss:
    # a kernel may map a NaN input to a finite activation (oneDNN's ReLU maps NaN
    # to 0), so the loss stays finite while NaN gradients reach the weights. When
    # any gradient applied in a step is non-finite, every loss the step reports
    # becomes NaN, and StopOnDivergence stops at that step. Measured cost:
    # benchmarks/results/faults.md. Set False on an instance to skip the check.
    check_finite_gradients = True

    def __init__(self, generator, discriminator, latent_dim=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        for which, net in (("generator", generator), ("discriminator", discriminator)):
            if not isinstance(net, keras.layers.Layer):
                raise ValueError(
                    f"`{which}` must be a keras.Model. Received: {which}={type(net).__name__}"
                )
        inferred = generator.inputs[0].shape[-1] if getattr(generator, "inputs", None) else None
        if latent_dim is None:
            latent_dim = inferred
        if latent_dim is None or int(latent_dim) <= 0:
            raise ValueError(f"`latent_dim` must be positive. Received: latent_dim={latent_dim}")
        if inferred is not None and int(inferred) != int(latent_dim):
            raise ValueError(
                f"`latent_dim` must match the generator's input size {inferred}. "
                f"Received: latent_dim={latent_dim}"
            )
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = int(latent_dim)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.trackers = {name: keras.metrics.Mean(name=name) for name in self.loss_names}
        self._finite_checks = _FiniteChecks()
        self.g_optimizer = None
        self.d_optimizer = None
        self.built = True

    # ------------------------------------------------------------------ compile
    def default_g_optimizer(self):
        """The published default for the generator: Adam(2e-4, beta_1=0.5) (DCGAN)."""
        return keras.optimizers.Adam(2e-4, beta_1=0.5)

    def default_d_optimizer(self):
        """The published default for the discriminator: Adam(2e-4, beta_1=0.5) (DCGAN)."""
        return keras.optimizers.Adam(2e-4, beta_1=0.5)

    def compile(self, g_optimizer="auto", d_optimizer="auto", **kwargs):
        """Configures both optimizers; other keyword arguments go to ``keras.Model.compile``.

        Args:
            g_optimizer: 'auto' (the objective's published default), a name, a
                config dict or an optimizer instance.
            d_optimizer: the same for the discriminator.
            **kwargs: e.g. ``jit_compile``, ``steps_per_execution``, ``run_eagerly``.
        """
        for banned in ("loss", "optimizer"):
            if kwargs.get(banned) is not None:
                raise ValueError(
                    f"Adversarial models define their own losses and take `g_optimizer`/"
                    f"`d_optimizer`. Received: {banned}={kwargs[banned]!r}"
                )
            kwargs.pop(banned, None)
        self.g_optimizer = _resolve_optimizer(g_optimizer, self.default_g_optimizer, "g_optimizer")
        self.d_optimizer = _resolve_optimizer(d_optimizer, self.default_d_optimizer, "d_optimizer")
        if self.g_optimizer is self.d_optimizer:
            raise ValueError("`g_optimizer` and `d_optimizer` must be two different objects.")
        # A schedule is defined over generator (train) steps, whatever a player's updates per step.
        for which, updates in self.updates_per_step().items():
            over_generator_steps(getattr(self, which), updates)
        if keras.mixed_precision.global_policy().name == "mixed_float16":
            # float16 gradients underflow without dynamic loss scaling; the
            # objectives' replica_scale(loss, optimizer) applies the scale.
            self.g_optimizer = _loss_scaled(self.g_optimizer)
            self.d_optimizer = _loss_scaled(self.d_optimizer)
        super().compile(optimizer=None, **kwargs)
        self.build_optimizers()

    def updates_per_step(self):
        """How many times each optimizer updates in one ``train_step``.

        Learning-rate schedules are evaluated at ``iterations // updates``
        (:class:`~keras_gans.models.schedules.GeneratorStepSchedule`), so every
        player follows its schedule over generator steps. The default reads
        the objectives' discriminator-step count, ``n_critic`` or ``d_steps``.

        Returns:
            ``{"g_optimizer": int, "d_optimizer": int}``.
        """
        d_updates = getattr(self, "n_critic", None) or getattr(self, "d_steps", 1)
        return {"g_optimizer": 1, "d_optimizer": int(d_updates)}

    def build_optimizers(self):
        """Creates the optimizer slots now (in the current strategy scope).

        MirroredStrategy on Keras 3 needs every variable made inside its scope
        before ``fit``; checkpoint restoring needs them to exist too.
        """
        self.g_optimizer.build(self.generator.trainable_variables)
        self.d_optimizer.build(self.discriminator.trainable_variables)

    def get_compile_config(self):
        if self.g_optimizer is None:
            return None
        config = super().get_compile_config() or {}
        config.pop("optimizer", None)
        config.pop("loss", None)
        config["g_optimizer"] = keras.saving.serialize_keras_object(self.g_optimizer)
        config["d_optimizer"] = keras.saving.serialize_keras_object(self.d_optimizer)
        return config

    def compile_from_config(self, config):
        config = dict(config)
        for key in ("g_optimizer", "d_optimizer"):
            if key in config:
                config[key] = keras.saving.deserialize_keras_object(config[key])
        self.compile(**config)

    def _maybe_symbolic_build(self, iterator=None, data_batch=None):
        """Skips Keras' data-driven build under MultiWorkerMirroredStrategy.

        Private Keras hook (tested on Keras 3.15.1; setup.py pins keras<3.16):
        before training, ``fit`` all-reduces one data batch with
        ``strategy.reduce`` to build unbuilt state, which fails for tuple
        batches ``(images, labels)`` under MultiWorkerMirroredStrategy.
        Adversarial models have nothing to build there: both networks are
        built at construction and the optimizers in ``compile()``. If a later
        Keras renames the hook, this override is simply never called.
        """
        if _multi_worker(self.distribute_strategy):
            with self.distribute_strategy.scope():
                return super()._maybe_symbolic_build(iterator=None, data_batch=None)
        return super()._maybe_symbolic_build(iterator=iterator, data_batch=data_batch)

    def apply_loss_gradients(self, tape, loss, variables, optimizer):
        """Differentiates ``loss`` (recorded on ``tape``) and applies the update.

        Equivalent to ``tape.gradient(replica_scale(loss, optimizer), ...)``
        with the scaling computed inside the tape, but safe to call after the
        tape closed: the replica factor (and a ``LossScaleOptimizer``'s dynamic
        scale) enter as ``output_gradients`` instead of as recorded ops.

        Args:
            tape: the ``tf.GradientTape`` that recorded ``loss``.
            loss: scalar per-replica mean loss.
            variables: the variables to update.
            optimizer: the optimizer that owns them.

        Returns:
            The gradients applied (already unscaled by the optimizer).
        """
        loss = tf.convert_to_tensor(loss)
        seed = replica_scale(tf.ones_like(loss), optimizer)
        grads = tape.gradient(loss, variables, output_gradients=seed)
        self.note_finite(grads)
        optimizer.apply(grads, variables)
        return grads

    def note_finite(self, tensors):
        """Records whether ``tensors`` (this step's gradients) are all finite.

        :meth:`update_trackers` reports every loss of the step as NaN when any
        recorded flag is False. Objectives that apply gradients without
        :meth:`apply_loss_gradients` call this with their gradients.
        """
        if self.check_finite_gradients:
            self._finite_checks.flags.append(all_finite(tensors))

    # ------------------------------------------------------------------ the step
    def train_step(self, data):
        """``k`` discriminator updates, each on its own slice of the batch, then one generator update.

        The shared step of Algorithm 1 (Goodfellow et al.): a batch of ``k * m``
        examples gives ``k`` discriminator minibatches of ``m`` (k from
        :meth:`updates_per_step`) and a generator minibatch of ``m``.
        Objectives supply :meth:`discriminator_losses` and
        :meth:`generator_losses`; one whose update differs overrides
        :meth:`discriminator_step` or :meth:`generator_step` (or this).
        """
        real, condition = self.read_batch(data)
        steps = self.updates_per_step()["d_optimizer"]
        slices, _ = split_minibatches(real, steps)
        conditions = [None] * steps if condition is None else split_minibatches(condition, steps)[0]
        d_logs = average_logs(
            [self.discriminator_step(r, c) for r, c in zip(slices, conditions, strict=True)]
        )
        return self.update_trackers(**d_logs, **self.generator_step(slices[-1], conditions[-1]))

    def discriminator_step(self, real, condition=None):
        """One discriminator update on a real minibatch; returns its logs.

        The fakes come from ``G(generator_inputs(z, condition))`` outside the
        tape; the update minimises ``discriminator_losses(...)["d_loss"]``.
        """
        z = self.sample_latent(tf.shape(real)[0])
        fake = self.generator(self.generator_inputs(z, condition), training=True)
        with tf.GradientTape() as tape:
            logs = self.discriminator_losses(real, fake, condition)
        variables = self.discriminator.trainable_variables
        self.apply_loss_gradients(tape, logs["d_loss"], variables, self.d_optimizer)
        return logs

    def generator_step(self, real, condition=None):
        """One generator update with a minibatch the size of ``real``; returns its logs."""
        z = self.sample_latent(tf.shape(real)[0])
        with tf.GradientTape() as tape:
            fake = self.generator(self.generator_inputs(z, condition), training=True)
            logs = self.generator_losses(fake, condition)
        variables = self.generator.trainable_variables
        self.apply_loss_gradients(tape, logs["g_loss"], variables, self.g_optimizer)
        return logs

    def generator_inputs(self, z, condition):
        """What the generator takes: ``z``, or e.g. ``[z, labels]`` for a conditional model.

        ``condition`` is the batch's second element when :meth:`batch_parts`
        reads one (the labels of a minibatch), else None.
        """
        return z

    def discriminator_losses(self, real, fake, condition):
        """The objective's discriminator loss, computed inside the tape.

        Returns:
            ``{"d_loss": scalar, ...}``: ``d_loss`` is minimised; every entry
            is reported (averaged over the k updates) under its name.
        """
        raise NotImplementedError(f"{type(self).__name__} defines no discriminator_losses.")

    def generator_losses(self, fake, condition):
        """The objective's generator loss on ``fake``: ``{"g_loss": scalar, ...}``."""
        raise NotImplementedError(f"{type(self).__name__} defines no generator_losses.")

    # ------------------------------------------------------------------ metrics
    @property
    def metrics(self):
        return list(self.trackers.values())

    def update_trackers(self, **values):
        """Records the step's losses and returns the logs dict for ``fit``.

        Every value becomes NaN when a gradient applied in this step was
        non-finite (see ``check_finite_gradients``).
        """
        flags = self._finite_checks.take()
        if flags:
            finite = tf.reduce_all(tf.stack(flags))
            values = {
                name: tf.where(finite, tf.cast(value, tf.float32), tf.constant(float("nan")))
                for name, value in values.items()
            }
        for name, value in values.items():
            self.trackers[name].update_state(value)
        logs = {name: tracker.result() for name, tracker in self.trackers.items()}
        if _multi_worker(tf.distribute.get_strategy()):
            # Keras 3.10-3.15 reduce the step logs across workers with
            # strategy.reduce(MEAN, value, axis=0), which fails on scalars
            # (tensorflow#72388): give it one-element vectors; the reduction
            # returns scalars again, so callbacks see the usual logs.
            logs = {name: tf.reshape(value, [1]) for name, value in logs.items()}
        return logs

    # ------------------------------------------------------------------ batches
    def batch_parts(self):
        """What a training batch holds: ``(first, second)``, each a :class:`BatchPart`.

        ``second`` None: a second element (e.g. labels) is accepted and
        ignored. The default: real samples shaped like the discriminator's
        input (the generator's output when the discriminator takes several
        inputs). Conditional and translation models override this.
        """
        inputs = getattr(self.discriminator, "inputs", None)
        if inputs and len(inputs) == 1:
            shape = tuple(inputs[0].shape[1:])
        else:
            outputs = getattr(self.generator, "outputs", None)
            shape = tuple(outputs[0].shape[1:]) if outputs else None
        return BatchPart("images", shape), None

    def batch_multiple(self):
        """The batch size must be a multiple of this (PacGAN: pack * d_steps)."""
        return 1

    def read_batch(self, data):
        """Unpacks and validates a training batch; returns ``(x, y)`` cast for the step.

        Called first in ``train_step``, so it runs while ``fit`` traces the
        step: a wrong structure, rank, shape or dtype raises ``ValueError``
        naming what was received and what was expected. What only the values
        tell (labels out of range, a batch too small for the discriminator
        steps when its size is unknown at trace time) is checked in the graph
        and raised by :meth:`fit` as the same kind of ``ValueError``.

        Returns:
            ``(x, y)``: x float32; y None when :meth:`batch_parts` ignores it.
        """
        x, y = unpack_batch(data)
        first, second = self.batch_parts()
        checks = []
        x = self._read_part(first, x, checks)
        if second is None:
            y = None
        elif y is None:
            hint = (
                " The dataset yields no labels; use e.g. keras_gans.data.load(name, with_labels=True)."
                if second.kind == "class" else ""
            )
            raise ValueError(
                f"{type(self).__name__} trains on `({first.name}, {second.name})` batches. "
                f"Received batches of {first.name} only.{hint}"
            )
        else:
            y = self._read_part(second, y, checks)
            n_x, n_y = x.shape[0], y.shape[0]
            if n_x is not None and n_y is not None and n_x != n_y:
                raise ValueError(
                    f"{type(self).__name__} needs as many {second.name} as {first.name} in a batch. "
                    f"Received {n_x} {first.name} and {n_y} {second.name}."
                )
            checks.append(assert_batch(
                tf.equal(tf.shape(x)[0], tf.shape(y)[0]),
                f"{type(self).__name__} needs as many {second.name} as {first.name} in a batch. Received ",
                tf.shape(x)[0], f" {first.name} and ", tf.shape(y)[0], f" {second.name}.",
            ))
        self._check_batch_size(x, first.name, checks)
        checks = [c for c in checks if c is not None]
        if checks:  # everything that reads the batch waits for its checks
            with tf.control_dependencies(checks):
                x = tf.identity(x)
                y = None if y is None else tf.identity(y)
        return x, y

    def _read_part(self, part, tensor, checks):
        model = type(self).__name__
        tensor = tf.convert_to_tensor(tensor)
        dtype = tensor.dtype
        if part.kind == "class":
            if not dtype.is_integer:
                raise ValueError(
                    f"{model} expects integer class indices as {part.name}. Received dtype {dtype.name}."
                )
            if tensor.shape.rank != 1:
                raise ValueError(
                    f"{model} expects {part.name} of shape (batch,) (class indices, not one-hot). "
                    f"Received shape {_shape_text(tensor.shape)}."
                )
            tensor = tf.cast(tensor, tf.int32)
            low, high = tf.reduce_min(tensor), tf.reduce_max(tensor)
            checks.append(assert_batch(
                tf.logical_or(tf.equal(tf.size(tensor), 0),
                              tf.logical_and(low >= 0, high < part.num_classes)),
                f"{model} expects {part.name} in [0, {part.num_classes}) (num_classes="
                f"{part.num_classes}). Received values in [", low, ", ", high, "].",
            ))
            return tensor
        if part.kind == "float" and not dtype.is_floating:
            raise ValueError(
                f"{model} expects floating-point {part.name} (scaled to [-1, 1]). "
                f"Received dtype {dtype.name}."
            )
        if part.kind == "number" and not (dtype.is_floating or dtype.is_integer or dtype == tf.bool):
            raise ValueError(f"{model} expects numeric {part.name}. Received dtype {dtype.name}.")
        if part.shape is not None:
            expected, received = tuple(part.shape), tuple(tensor.shape)
            if len(received) != len(expected) + 1 or any(
                e is not None and r is not None and e != r
                for e, r in zip(expected, received[1:], strict=True)
            ):
                raise ValueError(
                    f"{model} trains on {part.name} of shape {_shape_text(('batch', *expected))}. "
                    f"Received batches of {part.name} of shape {_shape_text(received)}."
                )
        return tf.cast(tensor, tf.float32)

    def _check_batch_size(self, x, name, checks):
        model = type(self).__name__
        steps = self.updates_per_step()["d_optimizer"]
        multiple = self.batch_multiple()
        size = x.shape[0]
        need = (
            f"{model} needs a batch of at least {steps} {name} (one per discriminator step, "
            f"d_steps/n_critic={steps}). Received a batch of "
        )
        fit = (
            f"{model} needs a batch size that is a multiple of {multiple} "
            f"(pack * d_steps). Received a batch of "
        )
        if size is not None:
            if size < steps:
                raise ValueError(f"{need}{size}.")
            if size % multiple:
                raise ValueError(f"{fit}{size}.")
            return
        n = tf.shape(x)[0]
        if steps > 1:
            checks.append(assert_batch(n >= steps, need, n, "."))
        if multiple > 1:
            checks.append(assert_batch(tf.equal(n % multiple, 0), fit, n, "."))

    def fit(self, x=None, y=None, *args, **kwargs):
        """``keras.Model.fit``; a batch that fails an in-graph check raises ``ValueError``.

        A ``tf.data.Dataset`` or a generator is taken as already shuffled:
        Keras' default ``shuffle=True`` cannot apply to those inputs and only
        prints a warning a user cannot act on ("`shuffle=True` was passed, but
        will be ignored"), so it is passed as False for them unless given.

        Raises:
            ValueError: a bad batch (see :meth:`read_batch`), with a message
                naming what was received and what was expected.
        """
        shuffle_given = "shuffle" in kwargs or len(args) > 6  # batch_size ... validation_data, shuffle
        if not shuffle_given and isinstance(x, (tf.data.Dataset, tf.distribute.DistributedDataset, types.GeneratorType)):
            kwargs["shuffle"] = False
        with _bad_batches_raise_value_errors():
            return super().fit(x, y, *args, **kwargs)

    def train_on_batch(self, *args, **kwargs):
        """``keras.Model.train_on_batch``; a bad batch raises ``ValueError`` as in :meth:`fit`."""
        with _bad_batches_raise_value_errors():
            return super().train_on_batch(*args, **kwargs)

    # ------------------------------------------------------------------ sampling
    def sample_latent(self, batch_size):
        """Draws z ~ N(0, I) inside ``train_step``.

        The seed comes from :func:`replica_seed`: runs with the same ``seed``
        are reproducible, and every draw of every replica has its own stream.
        """
        seed = replica_seed(self.seed_generator)
        return tf.random.stateless_normal((batch_size, self.latent_dim), seed=seed)

    def latent_vectors(self, num, seed=None):
        """Returns ``num`` latent vectors as float32 numpy; fixed by ``seed``."""
        if int(num) <= 0:
            raise ValueError(f"`num` must be positive. Received: num={num}")
        rng = np.random.default_rng(seed)
        return rng.standard_normal((int(num), self.latent_dim)).astype("float32")

    def generate(self, num, seed=None, batch_size=256):
        """Generates ``num`` samples in inference mode.

        Args:
            num: number of samples.
            seed: int for reproducible samples (same seed, same samples).
            batch_size: generator batch size.

        Returns:
            float32 numpy array, e.g. images in [-1, 1] of shape (num, H, W, C).
        """
        z = self.latent_vectors(num, seed)
        outputs = [
            keras.ops.convert_to_numpy(self.generator(z[i : i + batch_size], training=False))
            for i in range(0, len(z), batch_size)
        ]
        return np.concatenate(outputs, axis=0).astype("float32")

    def call(self, inputs, training=False):
        return self.generator(inputs, training=training)

    # ------------------------------------------------------------------ export
    def serving_endpoints(self):
        """Signatures to export: name -> ``(fn, [named TensorSpec, ...])``.

        ``fn`` takes the inputs positionally in the order of the specs and
        returns a dict of named outputs. The default is
        ``{"z": float32[None, latent_dim]} -> {"images": generator(z)}``;
        conditional and translation models override this.
        """

        def serve(z):
            return {"images": self.generator(z, training=False)}

        endpoints = {
            "serving_default": (serve, [tf.TensorSpec([None, self.latent_dim], tf.float32, name="z")])
        }
        endpoints["sample"] = (self._sample_endpoint, [
            tf.TensorSpec([], tf.int32, name="num"), tf.TensorSpec([], tf.int32, name="seed"),
        ])
        return endpoints

    def _sample_endpoint(self, num, seed):
        """``{"num", "seed"} -> images``: the noise is drawn inside the graph.

        Stateless: the same (num, seed) gives the same samples on every server.
        Image generators (rank-4 output) also return ``images_uint8`` in
        [0, 255], ready to be written as PNG by a client.
        """
        z = tf.random.stateless_normal(tf.stack([num, self.latent_dim]), seed=tf.stack([seed, 0]))
        images = self.generator(z, training=False)
        outputs = {"images": images}
        if len(self.generator.outputs[0].shape) == 4:
            scaled = tf.round((tf.cast(images, tf.float32) + 1.0) * 127.5)
            outputs["images_uint8"] = tf.cast(tf.clip_by_value(scaled, 0.0, 255.0), tf.uint8)
        return outputs

    def export_example_inputs(self):
        """Inputs for the export-time TFLite parity check of ``serving_default``.

        None lets the exporter draw them from the signature (None dims -> 3).
        Models with dynamic spatial inputs return valid example images here.
        """
        return None

    # ------------------------------------------------------------------ config
    def get_config(self):
        return {
            "name": self.name,
            "trainable": self.trainable,
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(self.discriminator),
            "latent_dim": self.latent_dim,
            "seed": self.seed,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("generator", "discriminator"):
            if isinstance(config.get(key), dict):
                config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)

    def objective_config(self):
        """The hyper-parameters of the objective (config without the networks)."""
        config = self.get_config()
        for key in ("generator", "discriminator", "name", "trainable"):
            config.pop(key, None)
        return config
