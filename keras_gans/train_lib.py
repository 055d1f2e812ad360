"""The training job behind ``python -m keras_gans.train``: flags in, artefacts out."""

import contextlib
import dataclasses
import fcntl
import json
import os
import platform
import signal
import socket
import tempfile
import time

import keras
import numpy as np
import tensorflow as tf

from keras_gans import callbacks as kg_callbacks
from keras_gans import distribute
from keras_gans import faults
from keras_gans import recipes as kg_recipes
from keras_gans.callbacks.checkpoint import assert_finite_weights
from keras_gans.callbacks.checkpoint import read_state
from keras_gans.callbacks.checkpoint import restore
from keras_gans.callbacks.checkpoint import save_checkpoint
from keras_gans.data.task_streams import load_task_data
from keras_gans.export import export_generator
from keras_gans.output_files import OutputWriteError
from keras_gans.output_files import write_bytes_atomic
from keras_gans.output_files import writing


@dataclasses.dataclass
class TrainConfig:
    """Everything a training run depends on (and what the model card records).

    ``model`` names an objective (its default recipe) and ``recipe`` a named
    recipe; ``dataset``, ``epochs``, ``steps_per_epoch`` and ``batch_size``
    left at None take the recipe's values, and ``hparams`` overrides the
    recipe's hyper-parameters (see :mod:`keras_gans.recipes`).
    """

    model: str | None = None
    dataset: str | None = None
    epochs: int | None = None
    steps_per_epoch: int | None = None
    batch_size: int | None = None
    latent_dim: int | None = None
    seed: int = 0
    output_dir: str = "runs/dcgan"
    export_dir: str | None = "exports/dcgan"
    onnx: bool = False  # the CLI turns it on; see export_generator(onnx=)
    jit_compile: str | bool = "auto"
    strategy: str = "default"
    mixed_precision: str = "float32"
    resume: bool = True
    num_samples: int = 64
    verbose: str | int = "auto"
    recipe: str | None = None
    hparams: dict = dataclasses.field(default_factory=dict)
    image_size: tuple | None = None
    channels: int | None = None
    tflite_float16: bool = False  # also publish model_float16.tflite (the zoo's exports do)
    ema_decay: float | None = None  # keep an EMA of the generator's weights and export it

    def get_recipe(self):
        """The :class:`~keras_gans.recipes.Recipe` of ``model`` / ``recipe``."""
        return kg_recipes.recipe_for(self.model, self.recipe)

    def resolved(self):
        """A copy with the recipe's dataset, epochs, batch size and steps where these are None."""
        recipe = self.get_recipe()
        # As JSON will store them, so a resumed run compares like with like.
        values = dict(model=recipe.objective, hparams=json.loads(json.dumps(self.hparams, default=str)))
        if self.image_size is not None:
            values["image_size"] = list(self.image_size)
        for name in ("dataset", "epochs", "batch_size", "steps_per_epoch"):
            if getattr(self, name) is None:
                values[name] = getattr(recipe, name)
        return dataclasses.replace(self, **values)

    def validate(self):
        """Raises ``ValueError`` naming the bad flag, what it got and what it expects."""
        if self.strategy not in distribute.STRATEGIES:
            raise ValueError(
                f"--strategy must be one of {distribute.STRATEGIES}. Received: --strategy={self.strategy}"
            )
        if self.mixed_precision not in PRECISION_CHOICES:
            raise ValueError(
                f"--mixed_precision must be one of {PRECISION_CHOICES}. "
                f"Received: --mixed_precision={self.mixed_precision}"
            )
        recipe = self.get_recipe()
        recipe.resolve_hparams(self.hparams)  # unknown names
        if self.image_size is not None and (
            len(self.image_size) != 2 or not all(isinstance(v, int) and v > 0 for v in self.image_size)
        ):
            raise ValueError(f"--image_size must be two positive integers HEIGHT,WIDTH. Received: --image_size={self.image_size}")
        if self.channels not in (None, 1, 3):
            raise ValueError(f"--channels must be 1 or 3. Received: --channels={self.channels}")
        for name in ("epochs", "batch_size", "num_samples"):
            value = getattr(self, name)
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"--{name} must be a positive integer. Received: --{name}={value}")
        for name in ("steps_per_epoch", "latent_dim"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value <= 0):
                raise ValueError(f"--{name} must be a positive integer. Received: --{name}={value}")
        if self.ema_decay is not None and not 0.0 < float(self.ema_decay) < 1.0:
            raise ValueError(f"--ema_decay must be in (0, 1), e.g. 0.999. Received: --ema_decay={self.ema_decay}")
        for name in ("output_dir", "export_dir"):
            path = getattr(self, name)
            if path is not None:
                _check_writable_dir(name, path)


PRECISION_CHOICES = ("auto",) + distribute.PRECISIONS

# `auto` measures nothing for runs shorter than AUTO_MIN_STEPS steps, and compares
# every candidate only when the plain graph's estimated run time is at least
# AUTO_MIN_RUN_S seconds (a test may lower it through the environment variable):
# below, compiling the other candidates would cost more than they could save.
AUTO_MIN_STEPS = 50
AUTO_MIN_RUN_S = float(os.environ.get("KERAS_GANS_AUTO_MIN_RUN_S", 120))
AUTO_ROUNDS = 3  # interleaved timing rounds per candidate; the median is compared
AUTO_ROUND_SECONDS = 0.5  # target length of one round
# When the leaders' expected run times are within AUTO_CLOSE of each other, the
# contenders within it take more rounds (up to AUTO_MAX_ROUNDS): three half-second
# rounds could not separate XLA float32 from XLA bfloat16 (8 % apart in auto's
# rounds, 20 % in the benchmark's longer trials; train_speed_onednn_off.md).
AUTO_CLOSE = 0.10
AUTO_MAX_ROUNDS = 9
# Those extra rounds are AUTO_CLOSE_LONGER times as long as the first ones: with nine
# half-second rounds the two XLA candidates, 6 % apart in the benchmark's trials,
# still came out in either order (auto_before_after.md).
AUTO_CLOSE_LONGER = 3
# A candidate whose warm-up puts its expected run beyond AUTO_FAR times the best's
# takes no timing rounds (it cannot win them), and a warm-up whose first timed step
# is already AUTO_FAR times the fastest step so far stops there: with oneDNN off the
# bfloat16 graph runs about 10x slower than float32 (24 s a step for DCGAN 64x64),
# and timing it as closely as the leaders took most of auto's minutes.
AUTO_FAR = 3.0


class _StepClock(keras.callbacks.Callback):
    """Wall time of the steps after the first one of a ``fit`` (the first also starts the input pipeline).

    With ``stop_above_s``, the ``fit`` stops after its first timed step when that step took longer.
    """

    def __init__(self, stop_above_s=None):
        super().__init__()
        self.stop_above_s = stop_above_s

    def on_train_batch_end(self, batch, logs=None):
        if batch == 0:
            self.start = time.perf_counter()
        self.end, self.steps = time.perf_counter(), batch
        if batch == 1 and self.stop_above_s is not None and self.end - self.start > self.stop_above_s:
            self.model.stop_training = True


def _auto_candidates(config, strategy):
    """The (jit_compile, dtype policy) pairs that `auto` chooses between, and the rule's pick."""
    jit_auto, precision_auto = config.jit_compile == "auto", config.mixed_precision == "auto"
    rule = (False if jit_auto else config.jit_compile, "float32" if precision_auto else config.mixed_precision)
    if strategy.num_replicas_in_sync > 1:  # no XLA all-reduce on CPU, and every worker must choose alike
        return [rule], rule
    jits = [False, True] if jit_auto else [config.jit_compile]
    precisions = [config.mixed_precision]
    if precision_auto:
        precisions = ["float32", "mixed_bfloat16"] + (["mixed_float16"] if tf.config.list_physical_devices("GPU") else [])
    return [(jit, precision) for precision in precisions for jit in jits], rule


def choose_auto(config, recipe, hparams, strategy, total_steps):
    """Resolves ``--jit_compile=auto`` and ``--mixed_precision=auto`` by timing the candidates.

    Each candidate (XLA or not, times float32 or bfloat16 compute) is built
    from the recipe, compiled, and run for a few steps of the real data and
    batch; after one warm-up ``fit`` (which traces and, for XLA, compiles) the
    candidates take turns in ``AUTO_ROUNDS`` short rounds, so all see the same
    machine load; while the leaders are within ``AUTO_CLOSE`` of each other,
    those close to the best take more, longer rounds (``close_contenders``,
    ``AUTO_CLOSE_LONGER``). The choice minimises the compile time plus the median step
    time over the run's ``total_steps``. Candidates far behind after their
    warm-up (``AUTO_FAR``) take no rounds; their warm-up steps are their
    estimate. Runs shorter than ``AUTO_MIN_STEPS``,
    and runs under a multi-replica strategy, are not measured: they get the
    plain graph in float32 (it starts fastest; XLA has no CPU all-reduce).
    The plain graph is timed first; when it would finish the run in under
    ``AUTO_MIN_RUN_S`` the others are not compiled.
    Whether oneDNN is on, the CPU's bfloat16 support and the model all change
    which candidate is faster (``benchmarks/results/train_speed.md``), so no
    fixed rule is right everywhere. A candidate that fails to compile is
    recorded and skipped.

    Returns:
        ``(jit_compile, precision, record)``; ``record`` says how the choice
        was made and, when measured, every candidate's compile and step time
        (it goes into the run's ``config.json``).
    """
    candidates, rule = _auto_candidates(config, strategy)
    if "auto" not in (config.jit_compile, config.mixed_precision):
        return (*rule, {"method": "flags"})
    if len(candidates) == 1:
        return (*rule, {"method": "rule: a multi-replica strategy takes the plain graph in float32"})
    if total_steps < AUTO_MIN_STEPS:
        return (*rule, {"method": f"rule: a run of {total_steps} steps (< {AUTO_MIN_STEPS}) takes the plain "
                                  "graph in float32, which starts fastest"})
    cache_file = _auto_cache_file(config, recipe, hparams, candidates)
    cached = _read_auto_cache(cache_file)
    if cached is not None:
        return _choose_from(cached, rule, total_steps, cache_file)
    started = time.perf_counter()
    stream = _training_stream(config, recipe, hparams)[0]  # the run's own stream stays unread
    previous_policy = keras.mixed_precision.global_policy()

    def warm(jit, precision, stop_above_s=None):
        distribute.set_mixed_precision(precision)
        keras.utils.set_random_seed(config.seed)
        try:
            with strategy.scope():
                model = recipe.build(recipe_spec(config, recipe, stream), hparams)
                optimizers = recipe.optimizers(hparams) if recipe.optimizers else ("auto", "auto")
                model.compile(g_optimizer=optimizers[0], d_optimizer=optimizers[1], jit_compile=jit)
            clock, t0 = _StepClock(stop_above_s), time.perf_counter()
            model.fit(stream, epochs=1, steps_per_epoch=3, verbose=0, callbacks=[clock])
        finally:
            keras.mixed_precision.set_global_policy(previous_policy)
        step_s = max((clock.end - clock.start) / clock.steps, 1e-6)
        return {"model": model, "jit": jit, "precision": precision, "compile_s": time.perf_counter() - t0,
                "steps": int(min(max(2, AUTO_ROUND_SECONDS // step_s + 1), 50)), "step_s": [step_s]}

    trials = [warm(*rule)]
    estimate = total_steps * trials[0]["step_s"][0]
    if estimate < AUTO_MIN_RUN_S:
        return (*rule, {"method": f"rule: the plain float32 graph's run is estimated at {estimate:.0f} s "
                                  f"(< {AUTO_MIN_RUN_S:.0f} s), too short to pay for compiling the others",
                        "plain_step_ms": round(1e3 * trials[0]["step_s"][0], 3),
                        "seconds": round(time.perf_counter() - started, 2)})
    failed = []
    for jit, precision in candidates:
        if (jit, precision) == rule:
            continue
        try:
            trials.append(warm(jit, precision, AUTO_FAR * min(t["step_s"][0] for t in trials)))
        except (tf.errors.OpError, ValueError) as error:  # e.g. an op XLA cannot compile, a dtype a layer refuses
            failed.append({"jit": jit, "precision": precision, "error": f"{type(error).__name__}: {error}"[:300]})
    contenders = close_contenders(trials, total_steps, close=AUTO_FAR - 1)
    for trial in trials:
        if not any(trial is c for c in contenders):
            trial["dropped"] = f"after its warm-up: over {AUTO_FAR:g}x the best expected run"
        elif len(contenders) > 1:  # a lone contender keeps its warm-up steps as its measurement
            trial["step_s"] = []
    timed = len(contenders) > 1
    for round_ in range(AUTO_MAX_ROUNDS if timed else 0):
        if round_ >= AUTO_ROUNDS:
            contenders = close_contenders(contenders, total_steps)
            if len(contenders) < 2:
                break
        longer = AUTO_CLOSE_LONGER if round_ >= AUTO_ROUNDS else 1
        for trial in contenders if round_ % 2 == 0 else contenders[::-1]:
            clock = _StepClock()
            trial["model"].fit(stream, epochs=1, steps_per_epoch=longer * trial["steps"] + 1, verbose=0,
                               callbacks=[clock])
            trial["step_s"].append((clock.end - clock.start) / clock.steps)
            trial["timed_steps"] = trial.get("timed_steps", 0) + clock.steps
    for trial in trials:
        del trial["model"]
        trial["rounds"] = len(trial["step_s"]) if timed and "dropped" not in trial else 0
        trial["median_step_ms"] = round(1e3 * float(np.median(trial.pop("step_s"))), 3)
        trial["expected_run_s"] = round(trial["compile_s"] + total_steps * trial["median_step_ms"] / 1e3, 2)
        trial["compile_s"] = round(trial["compile_s"], 2)
    best = min(trials, key=lambda t: t["expected_run_s"])
    record = {"method": "measured", "total_steps": total_steps,
              "seconds": round(time.perf_counter() - started, 2), "candidates": trials + failed}
    _write_auto_cache(cache_file, {**record, "plain": [rule[0], rule[1]], "measured_at": time.strftime("%Y-%m-%d %H:%M:%S")})
    return best["jit"], best["precision"], record


def close_contenders(trials, total_steps, close=None):
    """The candidates whose expected run time is within ``close`` (a fraction) of the best's.

    Expected run time: compile seconds plus ``total_steps`` times the median of
    the step times measured so far (``trial["step_s"]``, seconds).
    """
    close = AUTO_CLOSE if close is None else close
    expected = [t["compile_s"] + total_steps * float(np.median(t["step_s"])) for t in trials]
    best = min(expected)
    return [t for t, e in zip(trials, expected, strict=True) if e <= best * (1 + close)]


# `auto`'s measurements are kept per machine and model, so only the first long run of a
# configuration pays for compiling the candidates (minutes of XLA compiling on a small CPU).
def _auto_cache_file(config, recipe, hparams, candidates):
    from tensorflow.python.util import _pywrap_util_port

    from keras_gans.data import disk_cache

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    key = disk_cache.cache_key(
        cpu, os.cpu_count(), tf.__version__, keras.__version__, _pywrap_util_port.IsMklEnabled(),
        [d.name for d in tf.config.list_physical_devices()], recipe.name,
        sorted((k, repr(v)) for k, v in hparams.items() if k != "seed"), config.dataset, config.batch_size,
        config.image_size, config.channels, candidates,
    )
    return disk_cache.cache_root() / "auto" / f"{key}.json"


def _read_auto_cache(path):
    try:
        with open(path) as f:
            record = json.load(f)
        return record if record.get("method") == "measured" and record.get("candidates") else None
    except (OSError, ValueError):
        return None


def _write_auto_cache(path, record):
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(str(path), json.dumps(record, indent=1).encode(), "the auto cache",
                           tmp_prefix=f".tmp-{os.getpid()}-")
    except (OSError, OutputWriteError):
        pass  # a read-only or full cache folder: the next run measures again


def _choose_from(cached, rule, total_steps, cache_file):
    """The choice for a run of ``total_steps`` from an earlier measurement of the same model here."""
    trials = [dict(t) for t in cached["candidates"] if "median_step_ms" in t]
    for trial in trials:
        trial["expected_run_s"] = round(trial["compile_s"] + total_steps * trial["median_step_ms"] / 1e3, 2)
    record = {"method": "measured earlier on this machine (cached)", "cache": str(cache_file),
              "measured_at": cached.get("measured_at"), "total_steps": total_steps,
              "candidates": trials + [t for t in cached["candidates"] if "median_step_ms" not in t]}
    plain = next((t for t in trials if [t["jit"], t["precision"]] == list(rule)), None)
    if plain is not None and total_steps * plain["median_step_ms"] / 1e3 < AUTO_MIN_RUN_S:
        return (*rule, {**record, "method": "rule: the plain float32 graph's run is estimated under "
                                             f"{AUTO_MIN_RUN_S:.0f} s (cached step time)"})
    best = min(trials, key=lambda t: t["expected_run_s"])
    return best["jit"], best["precision"], record


def recipe_spec(config, recipe, stream):
    """The data spec a recipe builds its model from, read off a stream."""
    return kg_recipes.data_spec(recipe, stream.element_spec, config.dataset, config.image_size, config.channels)


# What a checkpoint depends on: resuming with any of these changed would load
# weights of the wrong shape or continue a different data stream.
LOCK_FILE = ".lock"

RESUME_KEYS = (
    "model", "recipe", "dataset", "steps_per_epoch", "batch_size", "latent_dim", "seed", "mixed_precision",
    "hparams", "image_size", "channels", "ema_decay",
)


def _check_writable_dir(name, path):
    """Proves a file can be written in ``path``, or in its nearest existing parent, creating nothing.

    ``os.access`` is not enough: it says yes to root for read-only modes, and
    to a path below a regular file. Writing (and removing) a probe file is the
    real test. Nothing is created, so a run refused later (a bad dataset)
    leaves no empty folder behind.
    """
    if os.path.exists(path) and not os.path.isdir(path):
        raise ValueError(f"--{name} {path!r} exists and is a file; expected a directory.")
    existing = os.path.abspath(path)
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    try:
        if not os.path.isdir(existing):
            raise NotADirectoryError(20, "Not a directory")
        fd, probe = tempfile.mkstemp(prefix=".write-probe-", dir=existing)
        os.close(fd)
        os.remove(probe)
    except OSError as error:
        raise ValueError(
            f"--{name} {path!r} is not a writable directory ({error.strerror or error}); "
            "expected a directory this user can create files in."
        ) from None


def _check_resumable(config, checkpoint_dir):
    """Refuses to resume a checkpoint written with different model/data flags."""
    if not config.resume or read_state(checkpoint_dir) is None:
        return
    path = os.path.join(config.output_dir, "config.json")
    if not os.path.exists(path):
        return
    with open(path) as f:
        previous = json.load(f)
    defaults = dataclasses.asdict(TrainConfig())  # keys older runs did not record
    previous = {k: previous.get(k, defaults[k]) for k in RESUME_KEYS}
    changed = {k: (previous[k], getattr(config, k)) for k in RESUME_KEYS if previous[k] != getattr(config, k)}
    if changed:
        diffs = ", ".join(f"--{k}: checkpoint has {old!r}, received {new!r}" for k, (old, new) in changed.items())
        raise ValueError(
            f"--output_dir {config.output_dir!r} holds checkpoints of a different run ({diffs}). "
            "Pass the same flags to resume, --noresume to start over, or a new --output_dir."
        )


def _write_json(path, payload, site):
    write_bytes_atomic(path, json.dumps(payload, indent=2, default=str).encode(), site)


class OutputDirInUse(ValueError):
    """Another training holds the lock on the output directory."""


@contextlib.contextmanager
def _locked(output_dir):
    """Holds an exclusive lock on ``output_dir`` for the run (two runs would interleave checkpoints).

    ``flock`` locks are released by the kernel when the process dies, so a
    killed run never leaves a stale lock behind.
    """
    path = os.path.join(output_dir, LOCK_FILE)
    with writing(path, "lock"):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "unknown"
            raise OutputDirInUse(
                f"--output_dir {output_dir!r} is in use by another training ({holder}). "
                "Wait for it to finish, or pass another --output_dir."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}".encode(), 0)
        yield
    finally:
        os.close(fd)


def _training_stream(config, recipe, hparams):
    """The dataset as an endless stream of batches, the data's spec, and the steps in one epoch.

    The stream depends only on the seed, so the batches of epoch ``e`` are
    batches ``e * steps ... (e + 1) * steps - 1`` of it whatever happened
    before; a resumed run skips to its position and sees exactly the batches
    an uninterrupted run would have seen.
    """
    repeat = config.steps_per_epoch is not None
    dataset = load_task_data(
        recipe.data, config.dataset, batch_size=config.batch_size, seed=config.seed, repeat=repeat,
        image_size=config.image_size, channels=config.channels, hparams=hparams,
    )
    steps = config.steps_per_epoch
    if steps is None:
        cardinality = int(dataset.cardinality())
        if cardinality <= 0:
            raise ValueError(
                f"--dataset={config.dataset} is an endless stream for --recipe={recipe.name}. "
                "Received no --steps_per_epoch; expected a positive --steps_per_epoch."
            )
        # One pass per epoch, as a stream: each repetition reshuffles with
        # the next seed of the shuffle op, the same in every process.
        steps, dataset = cardinality, dataset.repeat()
    return dataset, recipe_spec(config, recipe, dataset), steps


ADA_REAL_IMAGES = 1024  # real images ADA's overfitting signal r_t is measured on (64 at a time)


def _adaptive_augmentation(config, recipe, hparams, model):
    """ADA's callback on the model's DiffAugment layer, reading real images of the training stream."""
    from keras_gans.layers import DiffAugment

    augment = [layer for layer in model.discriminator.layers if isinstance(layer, DiffAugment)]
    if len(augment) != 1:
        raise ValueError(
            f"--hparams=ada_target needs one DiffAugment layer in front of the discriminator of --recipe={recipe.name}. "
            f"Received a discriminator with {len(augment)}."
        )
    images, stream = [], iter(_training_stream(config, recipe, hparams)[0])
    while sum(len(b) for b in images) < ADA_REAL_IMAGES:
        batch = next(stream)
        images.append(keras.ops.convert_to_numpy(batch[0] if isinstance(batch, tuple) else batch))
    return kg_callbacks.AdaptiveAugmentation(
        augment[0], np.concatenate(images)[:ADA_REAL_IMAGES], batch_size=config.batch_size,
        target=hparams["ada_target"], adjustment_images=hparams["ada_adjustment_images"], seed=config.seed,
    )


def _sample_fn(recipe, make_stream, num_samples):
    """What the sample grid shows: samples from fixed z, or fixed inputs beside their translations."""
    if recipe.task == kg_recipes.LATENT:
        return None  # SampleGrid's default: model.generate(num_samples, seed)
    first = next(iter(make_stream().take(1)))
    batch = tf.nest.map_structure(lambda x: x.numpy()[: min(num_samples, 16)], first)

    def sample(model):
        return kg_callbacks.translation_columns(recipe.preview(model, batch))

    return sample


def _poison(dataset, step, start):
    """Test hook: replaces the real batch of global step ``step`` (1-based) by NaN."""

    def poison(index, element):
        def nan_like(x):
            if not x.dtype.is_floating:
                return x
            return tf.where(index + 1 == step, tf.fill(tf.shape(x), tf.constant(np.nan, x.dtype)), x)

        return tf.nest.map_structure(nan_like, element)

    return dataset.enumerate(start=start).map(poison)


class _Position(keras.callbacks.Callback):
    """The global step of each batch, for callbacks that name or act on it.

    A run resumed from a mid-epoch checkpoint first fits the rest of that epoch
    (``offset`` steps into it), so a batch's step in its epoch is ``offset + batch + 1``.
    """

    def __init__(self, steps_per_epoch):
        super().__init__()
        self.steps_per_epoch = steps_per_epoch
        self.offset = 0
        self.epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def step_in_epoch(self, batch):
        return self.offset + batch + 1

    def global_step(self, batch):
        return self.epoch * (self.steps_per_epoch or 0) + self.step_in_epoch(batch)


class _StepFaults(keras.callbacks.Callback):
    """Test hooks before global step n (1-based): ``KERAS_GANS_PAUSE_AT`` / ``KERAS_GANS_SIGTERM_AT=step:<n>``."""

    def __init__(self, position):
        super().__init__()
        self.position = position

    def on_train_batch_begin(self, batch, logs=None):
        point = f"step:{self.position.global_step(batch)}"
        faults.pause_point(point)
        faults.signal_point(point)


class TrainingInterrupted(Exception):
    """SIGTERM stopped training after a checkpoint of the last finished step was saved."""


class _StopOnSignal(keras.callbacks.Callback):
    """Turns SIGTERM (what schedulers send before a kill) into a checkpoint and a clean stop.

    The handler only sets a flag; the step in flight finishes, then a
    checkpoint of that step is written (``ckpt-<epoch>-step<k>``; at an
    epoch's end the epoch checkpoint is the one) and training stops with
    :class:`TrainingInterrupted`. Rerunning the command resumes from that step.
    """

    def __init__(self, position, checkpoint_dir):
        super().__init__()
        self.position = position
        self.checkpoint_dir = checkpoint_dir
        self.received = None

    def handle(self, signum, frame):
        self.received = signal.Signals(signum).name

    def on_train_batch_end(self, batch, logs=None):
        steps = self.position.steps_per_epoch
        done = self.position.step_in_epoch(batch)
        if self.received is None or (steps and done == steps):
            return  # nothing to do, or the epoch checkpoint comes in on_epoch_end
        where = f"epoch {self.position.epoch + 1}, step {done}"
        if not steps:
            self._stop(f"at {where}; the data has no known length, so no mid-epoch checkpoint was "
                       "written and a rerun resumes from the last epoch checkpoint")
        assert_finite_weights(self.model, f"at {where}")
        name = save_checkpoint(self.model, self.checkpoint_dir, self.position.epoch, step=done)
        self._stop(f"at {where}; saved {os.path.join(self.checkpoint_dir, name)}")

    def on_epoch_end(self, epoch, logs=None):
        if self.received is not None:
            self._stop(f"at the end of epoch {epoch + 1}; its checkpoint is saved")

    def _stop(self, what):
        raise TrainingInterrupted(
            f"Stopped by {self.received} {what}. Rerun the same command to resume from there."
        )


@contextlib.contextmanager
def _sigterm_to(callback):
    """Routes SIGTERM to ``callback.handle`` while the block runs (main thread only)."""
    try:
        previous = signal.signal(signal.SIGTERM, callback.handle)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _TensorBoard(keras.callbacks.TensorBoard):
    """Keras' TensorBoard callback whose failed writes name the log directory."""

    def on_epoch_end(self, epoch, logs=None):
        with writing(self.log_dir, "logs"):
            super().on_epoch_end(epoch, logs)


def _previous_export(output_dir, epoch):
    """The version a previous run of this job published after ``epoch`` epochs, if it is still there."""
    path = os.path.join(output_dir, "export.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        record = json.load(f)
    if record.get("epoch") == epoch and os.path.isdir(record.get("path", "")):
        return record["path"]
    return None


def exit_status(error):
    """``(status, one line)`` that ``python -m keras_gans.train`` ends with for ``error``.

    None for an error that is not one of the documented outcomes (a bug,
    shown with its traceback). The statuses are documented in ``keras_gans/train.py``.
    """
    from keras_gans.callbacks import TrainingDivergedError

    if isinstance(error, OutputWriteError):
        return 4, (
            f"error: {error}. The previous checkpoint and published exports are intact; "
            "free space (or fix the file system) and rerun the same command to resume."
        )
    if isinstance(error, TrainingDivergedError):
        return 3, f"error: {error}"
    if isinstance(error, TrainingInterrupted):
        return 128 + signal.SIGTERM, f"error: {error}"
    if isinstance(error, ValueError):
        return 2, f"error: {error}"
    return None


def train(config):
    """Trains, checkpoints every epoch, resumes if asked, and exports the generator.

    Rerunning the same command after a kill resumes from the last completed
    epoch (or, after SIGTERM, the last finished step) and, with a fixed seed,
    ends with the weights an uninterrupted run would have had (see
    docs/reliability.md). A NaN/Inf loss or gradient stops training with
    :class:`~keras_gans.callbacks.TrainingDivergedError` before anything
    diverged is checkpointed or exported. A run refused for a bad flag or bad
    data creates no folder and no file.

    Args:
        config: a :class:`TrainConfig`.

    Returns:
        dict with ``model``, ``history`` (dict of lists), ``initial_epoch``,
        ``export_path`` (or None), ``samples`` (PNG paths written).

    Raises:
        ValueError: a bad flag, dataset or an incompatible checkpoint, or the
            output directory is in use by another training (:class:`OutputDirInUse`).
        TrainingDivergedError: a non-finite loss, gradient or weight.
        OutputWriteError: a file could not be written (disk full, quota,
            I/O error, read-only); the previous checkpoint and exports are intact.
        TrainingInterrupted: SIGTERM; a checkpoint of the last step was saved.
    """
    config = config.resolved()
    config.validate()
    recipe = config.get_recipe()
    hparams = recipe.resolve_hparams(config.hparams, config.latent_dim, config.seed)
    strategy = distribute.get_strategy(config.strategy)
    distribute.resolve_jit_compile(strategy, config.jit_compile)  # refuses a bad value or XLA where it cannot run
    keras.utils.set_random_seed(config.seed)
    stream, data_spec, steps = _training_stream(config, recipe, hparams)
    jit_compile, precision, auto = choose_auto(config, recipe, hparams, strategy, config.epochs * steps)
    keras.utils.set_random_seed(config.seed)  # measuring leaves the run's weights and noise as they were
    # The sample grid's fixed inputs come from a stream of their own: the training
    # stream's first iterator must stay the one fit reads (see _train's fit).
    sample_fn = _sample_fn(recipe, lambda: _training_stream(config, recipe, hparams)[0], config.num_samples)
    # Model, both optimizers (compile builds their slots) and the loss trackers
    # are created in the strategy's scope, as MirroredStrategy on Keras 3 needs.
    # The dtype policy is read when layers are made and when compile() decides on
    # loss scaling; it is restored afterwards so the process-global is not leaked.
    previous_policy = keras.mixed_precision.global_policy()
    distribute.set_mixed_precision(precision)
    try:
        with strategy.scope():
            model = recipe.build(data_spec, hparams)
            if hasattr(model, "trained_image_size") and len(data_spec.shape) == 3:
                model.trained_image_size = tuple(data_spec.shape[:2])  # the export's example inputs
            if model.task != recipe.task:
                raise ValueError(
                    f"--recipe={recipe.name} is a {recipe.task} recipe but builds a {model.task} model "
                    f"({type(model).__name__}). Received: task={model.task!r}"
                )
            optimizers = recipe.optimizers(hparams) if recipe.optimizers else ("auto", "auto")
            model.compile(g_optimizer=optimizers[0], d_optimizer=optimizers[1], jit_compile=jit_compile,
                          ema_decay=config.ema_decay)
    finally:
        keras.mixed_precision.set_global_policy(previous_policy)

    # Under MultiWorkerMirroredStrategy every worker runs this function; only the
    # chief writes to output_dir/export_dir, the others to a private directory.
    chief = distribute.is_chief(strategy)
    output_dir = config.output_dir if chief else tempfile.mkdtemp(prefix="keras_gans_worker_")
    # Every worker resumes from the chief's checkpoint (shared file system).
    chief_checkpoints = os.path.join(config.output_dir, "checkpoints")
    _check_resumable(config, chief_checkpoints)
    # Everything is validated: from here on the run writes files.
    with writing(output_dir, "output_dir"):
        os.makedirs(output_dir, exist_ok=True)
    with _locked(output_dir) if chief else contextlib.nullcontext():
        resolved = {"jit_compile": jit_compile, "mixed_precision": precision,
                    "replicas": strategy.num_replicas_in_sync, "auto": auto}
        return _train(config, recipe, hparams, model, strategy, resolved, stream, steps, sample_fn, output_dir,
                      chief_checkpoints, chief)


def _train(config, recipe, hparams, model, strategy, resolved, stream, steps, sample_fn, output_dir,
           chief_checkpoints, chief):
    checkpoint_dir = os.path.join(output_dir, "checkpoints")
    with strategy.scope():
        initial_epoch, initial_step = restore(model, chief_checkpoints) if config.resume else (0, 0)
    # What the flags resolved to on this machine (XLA or not, the dtype policy, how `auto`
    # chose), beside the flags themselves.
    # The recipe as trained: its name and task, and every hyper-parameter after the --hparams overrides.
    built = {"name": recipe.name, "task": recipe.task, "reference": recipe.reference,
             "hparams": {k: v for k, v in hparams.items() if k != "seed"}}
    _write_json(os.path.join(output_dir, "config.json"),
                {**dataclasses.asdict(config), "resolved": resolved, "built_from": built}, "config")
    grid = kg_callbacks.SampleGrid(
        os.path.join(output_dir, "samples"), num_samples=config.num_samples,
        seed=config.seed, log_dir=os.path.join(output_dir, "logs"), sample_fn=sample_fn,
    )

    def last_good():
        state = read_state(checkpoint_dir)
        if state is None:
            return "no checkpoint yet"
        return f"last good checkpoint: epoch {state['epoch']}, {os.path.join(checkpoint_dir, state['weights'])}"

    position = _Position(steps)
    interrupt = _StopOnSignal(position, checkpoint_dir)
    callbacks = [
        position,
        kg_callbacks.StopOnDivergence(steps_per_epoch=steps, last_good=last_good, position=position),
        grid,
        _TensorBoard(os.path.join(output_dir, "logs")),
        kg_callbacks.ResumableCheckpoint(checkpoint_dir),
        interrupt,
    ]
    if hparams.get("ada_target") is not None:
        callbacks.append(_adaptive_augmentation(config, recipe, hparams, model))
    if steps and any(os.environ.get(v, "").startswith("step:") for v in (faults.PAUSE_AT, faults.SIGTERM_AT)):
        callbacks.insert(1, _StepFaults(position))

    streams = iter([stream])

    def fit(first_epoch, first_step, epochs, steps_this_epoch):
        # Each fit call opens a new iterator, and a shuffle that reshuffles each
        # iteration gives a new iterator a new order: a second call in this
        # process reads a rebuilt stream, whose first iterator has the order
        # the uninterrupted run saw.
        start = first_epoch * (steps or 0) + first_step
        dataset = next(streams, None) or _training_stream(config, recipe, hparams)[0]
        dataset = dataset.skip(start) if start else dataset
        if faults.nan_step() is not None:
            dataset = _poison(dataset, faults.nan_step(), start)
        position.offset = first_step
        with writing(output_dir, "fit"):
            return model.fit(
                dataset, epochs=epochs, initial_epoch=first_epoch, steps_per_epoch=steps_this_epoch,
                shuffle=False, verbose=config.verbose, callbacks=callbacks,
            ).history

    history, epoch = {}, initial_epoch
    with _sigterm_to(interrupt):
        if initial_step and epoch < config.epochs:
            # Resumed mid-epoch (after SIGTERM): finish that epoch, then the rest.
            history = fit(epoch, initial_step, epoch + 1, steps - initial_step)
            epoch += 1
        if epoch < config.epochs:
            more = fit(epoch, 0, config.epochs, steps)
            history = {k: history.get(k, []) + v for k, v in more.items()} if history else more
    export_path = None
    if config.export_dir and chief:
        if initial_epoch >= config.epochs and not initial_step:
            # A rerun of a finished job (e.g. killed after publishing) publishes no duplicate.
            export_path = _previous_export(config.output_dir, initial_epoch)
        if export_path is None:
            assert_finite_weights(model, "before export")
            # With --ema_decay the published generator is the moving average of its weights.
            averaged = model.ema_weights() if config.ema_decay else contextlib.nullcontext()
            with writing(config.export_dir, "export"), averaged:
                export_path = export_generator(
                    model, config.export_dir, training_config={**dataclasses.asdict(config), "built_from": built},
                    onnx=config.onnx, tflite_variants=("float16",) if config.tflite_float16 else (),
                )
            _write_json(
                os.path.join(config.output_dir, "export.json"),
                {"epoch": max(initial_epoch, config.epochs), "path": export_path},
                "export_record",
            )
    return {
        "model": model,
        "history": history,
        "initial_epoch": initial_epoch,
        "export_path": export_path,
        "samples": grid.paths,
    }
