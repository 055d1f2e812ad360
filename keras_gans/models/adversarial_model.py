"""The shared core of every adversarial objective.

Objectives supply their losses (and default optimizers); everything else a
user touches is here: ``compile()`` with published defaults, batch checks,
the shared step, loss trackers, the replica loss scaling, and the config of
every constructor argument so ``.keras`` files round-trip. What a model maps
(z or an input sample) lives in the task bases, ``latent_generator.py`` and
``translator.py``.
"""

import contextlib
import dataclasses
import inspect
import json
import re
import types

import keras
import numpy as np
import tensorflow as tf

from keras_gans.losses.penalties import interpolation_shape
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


def cross_replica_mean(x):
    """The mean of ``x`` over the replicas (identity on one device); differentiable.

    For statistics that must not depend on how the global batch is split
    (DRAGAN's data scale, UnrolledGAN's unrolled discriminator gradients).
    """
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return x
    return context.all_reduce(tf.distribute.ReduceOp.MEAN, x)


def global_std(x):
    """The standard deviation of ``x`` over the global batch (all replicas).

    DRAGAN's neighbourhood size is ``scale * std(x)``; taken per replica it
    would depend on how the batch is split (as unsynchronized BatchNorm does).
    """
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return tf.math.reduce_std(x)
    # Equal per-replica batches: the mean of the replicas' moments is the global moment.
    mean, mean_square = tf.unstack(cross_replica_mean(tf.stack([tf.reduce_mean(x), tf.reduce_mean(tf.square(x))])))
    return tf.sqrt(tf.maximum(mean_square - tf.square(mean), 0.0))


def check_arity(network, attribute, count, message, role="discriminator"):
    """Raises ``ValueError(message + what was received)`` unless ``network`` has ``count`` inputs/outputs.

    ``attribute`` is "inputs" or "outputs"; a network that does not say (a
    subclassed model) passes.
    """
    tensors = getattr(network, attribute, None)
    if tensors is not None and len(tensors) != count:
        raise ValueError(f"{message} Received a {role} with {len(tensors)} {attribute[:-1]}(s).")


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


def _enable_ema(optimizer, decay):
    """Turns on Keras' moving average of the weights in ``optimizer`` (before it is built)."""
    if not 0.0 < float(decay) < 1.0:
        raise ValueError(f"`ema_decay` must be in (0, 1). Received: ema_decay={decay}")
    inner = getattr(optimizer, "inner_optimizer", optimizer)
    if inner.built and not inner.use_ema:
        raise ValueError("`ema_decay` needs an optimizer that is not built yet. Received a built g_optimizer.")
    inner.use_ema, inner.ema_momentum, inner.ema_overwrite_frequency = True, float(decay), None


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
    """The core of every objective: two players, two optimizers and the shared step.

    It owns what every objective repeats: ``compile()`` with published
    defaults, reading and checking the batch, splitting it for ``k``
    discriminator updates, replica and loss scaling, the finite-gradient
    check, the trackers, and the config of every constructor argument. Task
    bases add what a model maps: :class:`~keras_gans.models.LatentGenerator`
    (z -> sample) and :class:`~keras_gans.models.Translator` (sample -> sample).

    Args:
        generator: a built ``keras.Model``.
        discriminator: a built ``keras.Model`` mapping samples to outputs (logits).
        seed: int seed of the random draws in ``train_step`` (None: random).

    Subclasses set ``loss_names`` (the trackers reported by ``fit``) and
    supply :meth:`discriminator_step` / :meth:`generator_step` (or
    :meth:`adversarial_updates`).
    """

    loss_names = ("d_loss", "g_loss")
    task = None  # keras_gans.recipes.LATENT or TRANSLATOR, set by the task bases

    # Divergence is detected from the gradients, not only from the reported loss:
    # a kernel may map a NaN input to a finite activation (oneDNN's ReLU maps NaN
    # to 0), so the loss stays finite while NaN gradients reach the weights. When
    # any gradient applied in a step is non-finite, every loss the step reports
    # becomes NaN, and StopOnDivergence stops at that step. Measured cost:
    # benchmarks/results/faults.md. Set False on an instance to skip the check.
    check_finite_gradients = True

    # Objectives without a discriminator (VAE, GMMN) set this False: they pass
    # discriminator=None, train every network with the one optimizer g_optimizer
    # (generator_variables() says what it updates) and keep the rest of the engine:
    # batch checks, replica scaling, trackers, seeds, config, export.
    has_discriminator = True

    def __init__(self, generator, discriminator, seed=None, **kwargs):
        super().__init__(**kwargs)
        players = [("generator", generator)]
        if self.has_discriminator:
            players.append(("discriminator", discriminator))
        elif discriminator is not None:
            raise ValueError(
                f"{type(self).__name__} has no discriminator. "
                f"Received: discriminator={type(discriminator).__name__}"
            )
        for which, net in players:
            if not isinstance(net, keras.layers.Layer):
                raise ValueError(
                    f"`{which}` must be a keras.Model. Received: {which}={type(net).__name__}"
                )
        self.generator = generator
        self.discriminator = discriminator
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.trackers = {name: keras.metrics.Mean(name=name) for name in self.loss_names}
        self._finite_checks = _FiniteChecks()
        self.g_optimizer = None
        self.d_optimizer = None
        self.built = True

    # ------------------------------------------------------------------ compile
    # The objective's published Adam settings for each player ('auto' in compile); DCGAN's by default.
    g_adam = {"learning_rate": 2e-4, "beta_1": 0.5}
    d_adam = g_adam

    def default_g_optimizer(self):
        """The published default for the generator: ``Adam(**g_adam)``."""
        return keras.optimizers.Adam(**self.g_adam)

    def default_d_optimizer(self):
        """The published default for the discriminator: ``Adam(**d_adam)``."""
        return keras.optimizers.Adam(**self.d_adam)

    def compile(self, g_optimizer="auto", d_optimizer="auto", ema_decay=None, **kwargs):
        """Configures both optimizers; other keyword arguments go to ``keras.Model.compile``.

        Args:
            g_optimizer: 'auto' (the objective's published default), a name, a
                config dict or an optimizer instance.
            d_optimizer: the same for the discriminator.
            ema_decay: keep an exponential moving average of the generator's
                weights with this decay (e.g. 0.999), in the generator
                optimizer (Keras' ``use_ema``: saved, checkpointed and
                distributed with it); read it with :meth:`ema_weights`.
                None keeps the optimizer's own setting.
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
        if self.has_discriminator:
            self.d_optimizer = _resolve_optimizer(d_optimizer, self.default_d_optimizer, "d_optimizer")
        elif d_optimizer in ("auto", None):
            self.d_optimizer = None
        else:
            raise ValueError(
                f"{type(self).__name__} has no discriminator; it trains with `g_optimizer` alone. "
                f"Received: d_optimizer={d_optimizer!r}; expected 'auto' or None."
            )
        if self.g_optimizer is self.d_optimizer:
            raise ValueError("`g_optimizer` and `d_optimizer` must be two different objects.")
        # A schedule is defined over generator (train) steps, whatever a player's updates per step.
        for which, updates in self.updates_per_step().items():
            if getattr(self, which) is not None:
                over_generator_steps(getattr(self, which), updates)
        if keras.mixed_precision.global_policy().name == "mixed_float16":
            # float16 gradients underflow without dynamic loss scaling; the
            # objectives' replica_scale(loss, optimizer) applies the scale.
            self.g_optimizer = _loss_scaled(self.g_optimizer)
            if self.d_optimizer is not None:
                self.d_optimizer = _loss_scaled(self.d_optimizer)
        super().compile(optimizer=None, **kwargs)
        if ema_decay is not None:
            _enable_ema(self.g_optimizer, ema_decay)
        self.build_optimizers()

    @contextlib.contextmanager
    def ema_weights(self):
        """Within the block, the generator holds the moving average of its weights.

        For sampling and export from the averaged generator (PyTorch-StudioGAN
        and StyleGAN ship theirs): ``with model.ema_weights():
        export_generator(model, path)``. The trained weights are put back on
        exit, so training continues unchanged. Before the first step the
        average does not exist yet and the weights are left as they are.

        Raises:
            ValueError: the generator optimizer keeps no average
                (``compile(ema_decay=...)`` or an optimizer with ``use_ema=True``).
        """
        optimizer = getattr(self.g_optimizer, "inner_optimizer", self.g_optimizer)
        if not getattr(optimizer, "use_ema", False):
            raise ValueError(
                f"{type(self).__name__}'s generator optimizer keeps no moving average of the weights. "
                "Received g_optimizer with use_ema=False; compile with ema_decay=0.999 (for example)."
            )
        variables = self.generator_variables()
        if int(optimizer.iterations) == 0:
            yield self
            return
        averages = [optimizer._model_variables_moving_average[optimizer._get_variable_index(v)] for v in variables]
        trained = [keras.ops.convert_to_numpy(v) for v in variables]
        for variable, average in zip(variables, averages, strict=True):
            variable.assign(average)
        try:
            yield self
        finally:
            for variable, value in zip(variables, trained, strict=True):
                variable.assign(value)

    def updates_per_step(self):
        """How many times each optimizer updates in one ``train_step``.

        Learning-rate schedules are evaluated at ``iterations // updates``
        (:class:`~keras_gans.models.schedules.GeneratorStepSchedule`), so every
        player follows its schedule over generator steps. The default reads
        the objectives' discriminator-step count, ``n_critic`` or ``d_steps``.

        Returns:
            ``{"g_optimizer": int, "d_optimizer": int}``.
        """
        if not self.has_discriminator:
            return {"g_optimizer": 1, "d_optimizer": 0}
        d_updates = getattr(self, "n_critic", None) or getattr(self, "d_steps", 1)
        return {"g_optimizer": 1, "d_optimizer": int(d_updates)}

    def build_optimizers(self):
        """Creates the optimizer slots now (in the current strategy scope).

        MirroredStrategy on Keras 3 needs every variable made inside its scope
        before ``fit``; checkpoint restoring needs them to exist too.
        """
        self.g_optimizer.build(self.generator_variables())
        if self.d_optimizer is not None:
            self.d_optimizer.build(self.discriminator_variables())

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
            if config.get(key) is not None:
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
        """Reads and checks the batch, runs :meth:`adversarial_updates`, tracks their logs."""
        first, second = self.read_batch(data)
        return self.update_trackers(**self.adversarial_updates(first, second))

    def adversarial_updates(self, real, condition=None):
        """``k`` discriminator updates, each on its own slice of the batch, then one generator update.

        The shared step of Algorithm 1 (Goodfellow et al.): a batch of ``k * m``
        examples gives ``k`` discriminator minibatches of ``m`` (k from
        :meth:`updates_per_step`) and a generator minibatch of ``m`` (the
        slice ``generator_minibatch``). Objectives supply
        :meth:`discriminator_step` and :meth:`generator_step` (latent
        generators: their losses); one whose update order differs overrides
        this, built from :meth:`minimize` or :meth:`shared_forward_updates`.

        Args:
            real: the batch's first element (real samples, or a translator's inputs).
            condition: its second element (labels, targets, domains, ...) or None.

        Returns:
            The logs of the step: ``{name: scalar}``, one per tracker.
        """
        steps = self.updates_per_step()["d_optimizer"]
        slices, _ = split_minibatches(real, steps)
        conditions = [None] * steps if condition is None else split_minibatches(condition, steps)[0]
        d_logs = average_logs(
            [self.discriminator_step(r, c) for r, c in zip(slices, conditions, strict=True)]
        )
        g = self.generator_minibatch
        return {**d_logs, **self.generator_step(slices[g], conditions[g])}

    # Which discriminator minibatch the generator step reuses (StarGAN's code takes the first).
    generator_minibatch = -1

    def discriminator_step(self, real, condition=None):
        """One discriminator update on a minibatch; returns its logs."""
        raise NotImplementedError(f"{type(self).__name__} defines no discriminator_step.")

    def generator_step(self, real, condition=None):
        """One generator update on a minibatch; returns its logs."""
        raise NotImplementedError(f"{type(self).__name__} defines no generator_step.")

    def minimize(self, player, losses_fn, objective=None):
        """One update of ``player`` ('generator' or 'discriminator') on ``losses_fn()``.

        ``losses_fn`` runs inside the tape and returns the logs (``{"g_loss"
        or "d_loss": scalar, ...}``), or ``(logs, extra)`` to hand tensors
        it computed (e.g. the fakes) back to the caller.

        Args:
            player: 'generator' or 'discriminator'.
            losses_fn: ``() -> logs`` or ``() -> (logs, extra)``.
            objective: the entry of the logs to minimise when it is not
                ``g_loss`` / ``d_loss`` (e.g. a total with regularizers); it
                is left out of the logs returned.

        Returns:
            What ``losses_fn`` returned.
        """
        with tf.GradientTape() as tape:
            result = losses_fn()
        logs = result[0] if isinstance(result, tuple) else result
        if player == "generator":
            variables, optimizer, key = self.generator_variables(), self.g_optimizer, "g_loss"
        else:
            variables, optimizer, key = self.discriminator_variables(), self.d_optimizer, "d_loss"
        self.apply_loss_gradients(tape, logs[objective or key], variables, optimizer)
        if objective:
            return {name: value for name, value in logs.items() if name != objective}
        return result

    def shared_forward_updates(self, forward, discriminator_losses, generator_losses):
        """D, then G, on one generator forward pass (pix2pix's update order).

        ``fake = forward()`` is recorded for G; D is updated on
        ``discriminator_losses(stop_gradient(fake))`` with G's tape paused, so
        G's tape does not record D's update; then G minimises
        ``generator_losses(fake)`` against the updated D.

        Returns:
            The logs of both updates.
        """
        with tf.GradientTape() as tape:
            fake = forward()
            with tape.stop_recording():
                d_logs = self.minimize("discriminator", lambda: discriminator_losses(tf.stop_gradient(fake)))
            g_logs = generator_losses(fake)
        self.apply_loss_gradients(tape, g_logs["g_loss"], self.generator_variables(), self.g_optimizer)
        return {**d_logs, **g_logs}

    def generator_variables(self):
        """What ``g_optimizer`` updates (all generators' weights, an encoder's, ...)."""
        return self.generator.trainable_variables

    def discriminator_variables(self):
        """What ``d_optimizer`` updates (nothing for an objective without a discriminator)."""
        return [] if self.discriminator is None else self.discriminator.trainable_variables

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
            # XLA compiles no string op (and drops Assert itself), so under jit_compile the
            # message cannot format the received values; without XLA it names them.
            received = ("values outside that range.",) if getattr(self, "jit_compile", False) else (
                "values in [", low, ", ", high, "].")
            checks.append(assert_batch(
                tf.logical_or(tf.equal(tf.size(tensor), 0),
                              tf.logical_and(low >= 0, high < part.num_classes)),
                f"{model} expects {part.name} in [0, {part.num_classes}) (num_classes="
                f"{part.num_classes}). Received ", *received,
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

    def call(self, inputs, training=False):
        return self.generator(inputs, training=training)

    def sample_interpolation(self, real):
        """A gradient penalty's per-example factors ``alpha ~ U[0, 1]``, shape ``(batch, 1, ..., 1)``.

        Folded with the replica id like every draw (each replica draws its
        own); a method of its own so a distributed test can pin it.
        """
        return tf.random.stateless_uniform(interpolation_shape(real), seed=replica_seed(self.seed_generator))

    def run_generator(self, inputs, generator=None, training=False, batch_size=64):
        """Applies the generator in batches to numpy ``inputs`` (an array, or a list); float32 numpy."""
        several = isinstance(inputs, (list, tuple))
        arrays = [np.asarray(x) for x in (inputs if several else [inputs])]
        outputs = [
            keras.ops.convert_to_numpy((generator or self.generator)(
                [x[i : i + batch_size] for x in arrays] if several else arrays[0][i : i + batch_size],
                training=training,
            ))
            for i in range(0, len(arrays[0]), batch_size)
        ]
        return np.concatenate(outputs, axis=0).astype("float32")

    # ------------------------------------------------------------------ export
    def serving_endpoints(self):
        """Signatures to export: name -> ``(fn, [named TensorSpec, ...])``.

        ``fn`` takes the inputs positionally in the order of the specs and
        returns a dict of named outputs; the task bases define them.
        """
        raise NotImplementedError(f"{type(self).__name__} defines no serving_endpoints.")

    def export_example_inputs(self):
        """Inputs for the export-time TFLite parity check of ``serving_default``.

        None lets the exporter draw them from the signature (None dims -> 3).
        Models with dynamic spatial inputs return valid example images here.
        """
        return None

    def extra_export_signatures(self):
        """Signatures beyond ``serving_default`` that every export format carries, with example inputs.

        ``{name: {input name: array}}``. The exporter checks each against Keras
        in TFLite (one file holds every signature) and writes each as
        ``model_<name>.onnx`` (an ONNX file holds one graph). Empty by default:
        other signatures stay SavedModel-only.
        """
        return {}

    def export_tracked(self):
        """Networks besides ``generator`` that the exported signatures call."""
        return []

    # ------------------------------------------------------------------ config
    # Constructor arguments stored under another attribute name, and ones left out of the config.
    config_aliases = {}
    config_skip = ()
    # Keys older versions wrote that the constructor no longer takes: accepted and dropped.
    legacy_config_keys = ()

    @classmethod
    def constructor_arguments(cls):
        """The named arguments of every ``__init__`` from this class up to ``AdversarialModel``."""
        names = []
        for klass in cls.__mro__[: cls.__mro__.index(AdversarialModel) + 1]:
            init = klass.__dict__.get("__init__")
            for p in inspect.signature(init).parameters.values() if init else ():
                if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name not in names:
                    names.append(p.name)
        return [name for name in names if name not in cls.config_skip]

    def get_config(self):
        """Every constructor argument, read from the attribute of its name; networks serialized."""
        config = {"name": self.name, "trainable": self.trainable}
        for name in self.constructor_arguments():
            config[name] = _to_config(getattr(self, self.config_aliases.get(name, name)))
        return config

    @classmethod
    def from_config(cls, config):
        config = {
            key: _from_config(value) for key, value in config.items() if key not in cls.legacy_config_keys
        }
        return cls(**config)

    def objective_config(self):
        """The hyper-parameters of the objective (config without the networks)."""
        return {
            key: value
            for key, value in self.get_config().items()
            if key not in ("name", "trainable") and not _is_serialized_network(value)
        }


def _to_config(value):
    # Through JSON so nested tuples read back equal (a .keras file stores JSON).
    if isinstance(value, keras.layers.Layer):
        return json.loads(json.dumps(keras.saving.serialize_keras_object(value)))
    if isinstance(value, (list, tuple)):
        return [_to_config(v) for v in value]
    return value


def _is_keras_object(value):
    return isinstance(value, dict) and "class_name" in value and "config" in value


def _is_serialized_network(value):
    return _is_keras_object(value) or (
        isinstance(value, list) and bool(value) and all(_is_keras_object(v) for v in value)
    )


def _from_config(value):
    if _is_keras_object(value):
        return keras.saving.deserialize_keras_object(value)
    if _is_serialized_network(value):
        return [keras.saving.deserialize_keras_object(v) for v in value]
    return value
