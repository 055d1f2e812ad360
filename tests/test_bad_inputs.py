"""The bad-input campaign: every boundary answers a bad input with a clear, one-line error.

Each case feeds one bad input to one boundary (CLI flags, data loading, model
construction, ``fit``, the exported SavedModel and TFLite files, ``.keras``
loading) and must get a ``ValueError`` (the CLI: exit status 2 with one
``error:`` line, a bad flag or stray argument included) whose message names what
was received and what was expected; no TensorFlow traceback; and the files
already on disk (a checkpointed run, a published export, the image folder)
byte-identical afterwards. ``benchmarks/bad_inputs.py`` runs the same CASES
to write ``benchmarks/results/bad_inputs.md``.
"""

import contextlib
import dataclasses
import functools
import hashlib
import io
import json
import os
import re

import numpy as np
import pytest

from keras_gans import data
from keras_gans import export
from keras_gans import models
from keras_gans import networks


@dataclasses.dataclass
class Outcome:
    kind: str  # "ValueError" or "exit N" (the command line's exit status)
    message: str


@dataclasses.dataclass
class Case:
    id: str
    boundary: str
    bad_input: str
    run: object  # callable(Workspace) -> Outcome
    match: str  # regex the message must contain


class Workspace:
    """Files the cases need, made lazily in ``root``; ``precious`` must never change."""

    def __init__(self, root):
        self.root = str(root)
        self.run_dir = os.path.join(self.root, "run")
        self.export_dir = os.path.join(self.root, "exports")
        self.a_file = os.path.join(self.root, "a_file.txt")
        os.makedirs(os.path.join(self.run_dir, "checkpoints"))
        os.makedirs(os.path.join(self.export_dir, "1"))
        with open(self.a_file, "w") as f:
            f.write("not a directory")
        with open(os.path.join(self.export_dir, "1", "saved_model.pb"), "wb") as f:
            f.write(b"the version being served")
        config = dict(model="gan", dataset="ring8", steps_per_epoch=10, batch_size=64,
                      latent_dim=None, seed=0)
        with open(os.path.join(self.run_dir, "config.json"), "w") as f:
            json.dump(config, f)
        with open(os.path.join(self.run_dir, "checkpoints", "ckpt-00003.weights.h5"), "wb") as f:
            f.write(b"three epochs of training")
        with open(os.path.join(self.run_dir, "checkpoints", "checkpoint.json"), "w") as f:
            json.dump({"epoch": 3, "weights": "ckpt-00003.weights.h5", "rng": []}, f)

    def digest(self):
        digests = {}
        for dirpath, _, names in os.walk(self.root):
            for name in names:
                path = os.path.join(dirpath, name)
                with open(path, "rb") as f:
                    digests[os.path.relpath(path, self.root)] = hashlib.sha256(f.read()).hexdigest()
        return digests

    def folder(self, name, images):
        """A folder of PNGs from ``{filename: uint8 array or raw bytes}``."""
        from PIL import Image

        path = os.path.join(self.root, name)
        os.makedirs(path, exist_ok=True)
        for filename, content in images.items():
            if isinstance(content, bytes):
                with open(os.path.join(path, filename), "wb") as f:
                    f.write(content)
            else:
                squeezed = content[..., 0] if content.ndim == 3 and content.shape[-1] == 1 else content
                Image.fromarray(squeezed).save(os.path.join(path, filename))
        return path

    @functools.cached_property
    def exported(self):
        """A published version of a tiny MLP GAN (z: float32[None, 4] -> images [None, 2])."""
        model = models.GAN(networks.mlp_generator(2, 4), networks.mlp_discriminator(2), seed=0)
        return export.export_generator(model, os.path.join(self.root, "tiny_exports"))


def value_error(fn):
    """Runs ``fn`` and returns the ``ValueError`` it must raise as an Outcome."""
    try:
        fn()
    except ValueError as error:
        return Outcome("ValueError", str(error))
    raise AssertionError("no ValueError was raised")


def cli(ws, *argv):
    """Runs ``python -m keras_gans.train`` in process, through the command line's own ``run_main``.

    The outcome is the exit status that ``run_main`` gives (2 for a bad flag or a
    stray argument, as absl's usage errors are answered, or ``main``'s status)
    and its one ``error:`` line.
    """
    from keras_gans import train as cli_module
    from keras_gans.command_line import run_main

    del ws
    cli_module.FLAGS.unparse_flags()
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr):
            run_main(cli_module.main, cli_module.FLAGS, cli_module.NAMES, cli_module.__doc__,
                     ["keras_gans.train", *argv])
    except SystemExit as exit_:
        code = exit_.code
    else:
        raise AssertionError("run_main returned without exiting")
    finally:
        cli_module.FLAGS.unparse_flags()
    lines = [line for line in stderr.getvalue().splitlines() if line.strip()]
    if code == 0:
        raise AssertionError("the CLI exited 0")
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr.getvalue()
    return Outcome(f"exit {code}", lines[0][len("error: "):])


def quick(ws, *flags):
    """Flags that make a run tiny if a bad input were wrongly accepted."""
    return cli(ws, "--epochs=1", "--steps_per_epoch=1", "--export_dir=", *flags)


def _png(shape, value=0):
    return np.full(shape, value, dtype="uint8")


def _valid_png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(_png((8, 8), 100)).save(buffer, format="PNG")
    return buffer.getvalue()


def _gan():
    model = models.GAN(networks.mlp_generator(2, 4), networks.mlp_discriminator(2), seed=0)
    model.compile()
    return model


def _dcgan():
    model = models.DCGAN(
        image_shape=(28, 28, 1), latent_dim=8,
        generator=networks.dcgan_generator((28, 28, 1), 8, base_filters=4),
        discriminator=networks.dcgan_discriminator((28, 28, 1), base_filters=4), seed=0,
    )
    model.compile()
    return model


def _fit(model, batches):
    import tensorflow as tf

    model.fit(tf.data.Dataset.from_tensor_slices(batches).batch(4), epochs=1, verbose=0)


def _lambda_keras_file(ws):
    import keras

    z = keras.Input((4,))
    x = keras.layers.Dense(2)(z)
    x = keras.layers.Lambda(lambda t: t * 2.0)(x)  # arbitrary Python code in the file
    model = models.GAN(keras.Model(z, x), networks.mlp_discriminator(2), seed=0)
    path = os.path.join(ws.root, "unsafe.keras")
    model.save(path)
    return path


def _served(ws, **inputs):
    return export.ServedGenerator(ws.exported)(**inputs)


def _tflite(ws, **inputs):
    return export.run_tflite(os.path.join(ws.exported, "model.tflite"), inputs)


def _load(name, **kwargs):
    return lambda: data.load(name, **kwargs)



# ---------------------------------------------------------------- tiny objectives for the fit cases
def _mlp_pair():
    return networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,))


def _compiled(model):
    model.compile()
    return model


def _objective(name, **kwargs):
    """A compiled tiny model of objective ``name`` on 2-D points (or 8x8 images)."""
    import keras

    def translator(channels_in=1, channels_out=1):
        image = keras.Input((None, None, channels_in))
        x = keras.layers.Conv2D(4, 3, padding="same", activation="relu")(image)
        return keras.Model(image, keras.layers.Conv2D(channels_out, 3, padding="same")(x))

    def critic(*shapes):
        inputs = [keras.Input(shape) for shape in shapes]
        x = [keras.layers.Flatten()(keras.layers.Conv2D(4, 3, strides=2)(t)) for t in inputs]
        x = x[0] if len(x) == 1 else keras.layers.Concatenate()(x)
        return keras.Model(inputs, keras.layers.Dense(1)(x))

    builders = {  # keys: FIT_OBJECTIVES
        "gan": lambda: models.GAN(*_mlp_pair(), **kwargs),
        "lsgan": lambda: models.LSGAN(*_mlp_pair(), **kwargs),
        "wgan": lambda: models.WGAN(*_mlp_pair(), **kwargs),
        "wgan_gp": lambda: models.WGANGP(
            networks.mlp_generator(2, 2, (8,)), networks.mlp_critic(2, (8,)), **kwargs),
        "dragan": lambda: models.DRAGAN(*_mlp_pair(), **kwargs),
        "hinge": lambda: models.HingeGAN(*_mlp_pair(), **kwargs),
        "ebgan": lambda: models.EBGAN(
            networks.mlp_generator(2, 2, (8,)), networks.mlp_autoencoder(2, (8,), code_dim=4), **kwargs),
        "improved": lambda: models.ImprovedGAN(*_mlp_pair(), **kwargs),
        "pacgan": lambda: models.PacGAN(
            networks.mlp_generator(2, 2, (8,)), networks.mlp_packed_discriminator(2, pack=2, hidden_units=(8,)),
            pack=2, **kwargs),
        "unrolled": lambda: models.UnrolledGAN(*_mlp_pair(), unroll_steps=1, **kwargs),
        "madgan": lambda: models.MADGAN(
            [networks.mlp_generator(2, 2, (8,), name=f"g{i}") for i in range(2)],
            networks.mlp_multiclass_discriminator(2, num_generators=2, hidden_units=(8,)), **kwargs),
        "mrgan": lambda: models.MRGAN(*_mlp_pair(), networks.mlp_encoder(2, 2, (8,)), **kwargs),
        "infogan": lambda: models.InfoGAN(
            networks.conditional_mlp_generator(2, 2, num_classes=4, hidden_units=(8,)),
            networks.auxiliary_mlp_discriminator(2, num_classes=4, hidden_units=(8,)),
            num_categories=4, num_continuous=0, **kwargs),
        "cgan": lambda: models.ConditionalGAN(
            networks.conditional_mlp_generator(2, 2, num_classes=8, hidden_units=(8,)),
            networks.conditional_mlp_discriminator(2, num_classes=8, hidden_units=(8,)),
            num_classes=8, **kwargs),
        "acgan": lambda: models.ACGAN(
            networks.conditional_mlp_generator(2, 2, num_classes=8, hidden_units=(8,)),
            networks.auxiliary_mlp_discriminator(2, num_classes=8, hidden_units=(8,)),
            num_classes=8, **kwargs),
        "pix2pix": lambda: models.Pix2Pix(
            networks.unet_generator(1, 1, depth=2, base_filters=4),
            networks.patchgan_discriminator(1, 1, num_downsampling=1, base_filters=4), **kwargs),
        "cyclegan": lambda: models.CycleGAN(
            translator(), critic((8, 8, 1)), generator_ba=translator(), discriminator_a=critic((8, 8, 1)),
            image_size=(8, 8), **kwargs),
        "srgan": lambda: models.SRGAN(
            keras.Sequential([keras.Input((None, None, 1)), keras.layers.UpSampling2D(2),
                              keras.layers.Conv2D(1, 3, padding="same")]),
            critic((8, 8, 1)), stage="srgan", **kwargs),
        "stargan": lambda: models.StarGAN(
            networks.stargan_generator(1, num_domains=3, filters=4, num_downsamplings=0, num_residual=1),
            networks.stargan_discriminator(1, num_domains=3, filters=4, num_layers=1), **kwargs),
        "completion": lambda: models.ImageCompletion(
            _completion_generator(), critic((8, 8, 1), (4, 4, 1)), stage="adversarial", **kwargs),
        "segan": lambda: models.SEGAN(
            networks.segan_generator((4, 8), kernel_size=5), networks.segan_discriminator(16, (4, 8), kernel_size=5),
            **kwargs),
        "pix2pixhd": lambda: models.Pix2PixHD(
            networks.pix2pixhd_generator(1, 1, base_filters=2, global_downsampling=1, global_blocks=1)[0],
            networks.multiscale_discriminator(1, 1, num_discriminators=2, num_downsampling=1, base_filters=4),
            **kwargs),
        "vae": lambda: models.VAE(
            networks.mlp_vae_encoder((2,), 2, (8,)), networks.mlp_vae_decoder((2,), 2, (8,)), **kwargs),
        "gmmn": lambda: models.GMMN(networks.gmmn_generator((2,), 2, (8,)), **kwargs),
        "gmmnae": lambda: models.GMMNAE(
            networks.gmmn_generator((3,), 2, (8,), name="code_generator"),
            *networks.mlp_code_autoencoder((2,), 3, (8,)), **kwargs),
    }
    return _compiled(builders[name]())


FIT_OBJECTIVES = (
    "gan", "dcgan", "lsgan", "wgan", "wgan_gp", "dragan", "hinge", "ebgan", "improved", "pacgan",
    "unrolled", "madgan", "mrgan", "infogan", "cgan", "acgan", "pix2pix", "cyclegan", "srgan",
    "stargan", "completion", "segan", "pix2pixhd", "seqgan", "vae", "gmmn", "gmmnae",
)


def _speech_folder_pairs(root):
    """A speech folder with a noisy/ sub-folder of one WAV and no clean/ one, read as ``folder:``."""
    from keras_gans.data import speech

    path = os.path.join(root, "speech")
    os.makedirs(os.path.join(path, "noisy"), exist_ok=True)
    speech.write_wav(os.path.join(path, "noisy", "a.wav"), np.zeros(160, "float32"))
    return speech.load_speech_pairs(f"folder:{path}")


def _completion_generator():
    import keras

    image, mask = keras.Input((None, None, 1)), keras.Input((None, None, 1))
    x = keras.layers.Conv2D(1, 3, padding="same")(keras.layers.Concatenate()([image, mask]))
    return keras.Model([image, mask], x)


def _fit_on(name, batches, batch_size=4, drop_remainder=False, **kwargs):
    """``fit`` of a tiny ``name`` model on ``batches`` (arrays, or a tuple), cut into batches."""
    import tensorflow as tf

    dataset = tf.data.Dataset.from_tensor_slices(batches).batch(batch_size, drop_remainder=drop_remainder)
    return lambda: _objective(name, **kwargs).fit(dataset, epochs=1, verbose=0, shuffle=False)


def _fit_one_batch(name, batch):
    """``fit`` on one batch of static shape (no slicing: parts may differ in length)."""
    import tensorflow as tf

    return lambda: _objective(name).fit(tf.data.Dataset.from_tensors(batch), verbose=0, shuffle=False)


def _zeros(*shape, dtype="float32"):
    return np.zeros(shape, dtype)


def _ints(values):
    return np.asarray(values, "int32")


def _images(n=4, size=8, channels=1):
    return np.zeros((n, size, size, channels), "float32")


def _ring_labels(labels):
    return np.zeros((len(labels), 2), "float32"), _ints(labels)


def _pairs(n=4, size=8, target_size=None, channels=1, target_channels=1):
    return _images(n, size, channels), _images(n, target_size or size, target_channels)


def _z_to_x_shape_cases():
    """One fit case per latent objective: 3-D points for a 2-D generator."""
    return [
        Case(f"fit-{name}-wrong-shape", "fit", f"{name}: (N, 3) points for 2-D samples",
             lambda ws, name=name: value_error(_fit_on(name, _zeros(8, 3))),
             r"trains on images of shape \(batch, 2\)\. Received batches of images of shape \(None, 3\)")
        for name in ("gan", "lsgan", "wgan", "wgan_gp", "dragan", "hinge", "ebgan", "improved",
                     "pacgan", "unrolled", "madgan", "mrgan", "infogan", "vae", "gmmn", "gmmnae")
    ]

def _paired_cases():
    """Fit cases of the objectives that train on pairs ``(first, second)`` of 8x8 one-channel images.

    Each is fed its first element alone, and, where the second is an image too,
    a 3-channel second element for its 1-channel networks.
    """
    cases = []
    for name, objective, first, second, (alone_id, alone), channels_id, kwargs in (
        ("pix2pix", "Pix2Pix", "input_images", "target_images", ("no-targets", _images()), "target-channels", {}),
        ("cyclegan", "CycleGAN", "images_a", "images_b", ("one-domain", _images()), "channels", {}),
        ("srgan", "SRGAN", "lr_images", "hr_images", ("no-hr", _images(size=4)), None, {}),
        ("stargan", "StarGAN", "images", "domains", ("no-domains", _images()), None, {"d_steps": 1}),
        ("completion", "ImageCompletion", "images", "masks", ("no-masks", _images()), "mask-channels", {}),
        ("pix2pixhd", "Pix2PixHD", "input_images", "target_images", ("no-targets", _images()), "target-channels", {}),
    ):
        cases.append(Case(
            f"fit-{name}-{alone_id}", "fit", f"{objective} on {first} without {second}",
            lambda ws, name=name, alone=alone, kwargs=kwargs: value_error(_fit_on(name, alone, **kwargs)),
            rf"{objective} trains on `\({first}, {second}\)` batches\. Received batches of {first} only\."))
        if channels_id:
            cases.append(Case(
                f"fit-{name}-{channels_id}", "fit", f"{objective} (1-channel) with 3-channel {second}",
                lambda ws, name=name: value_error(_fit_on(name, _pairs(target_channels=3))),
                rf"{second} of shape \(batch, None, None, 1\)\. "
                rf"Received batches of {second} of shape \(None, 8, 8, 3\)"))
    return cases


CASES = [
    # ---------------------------------------------------------------- CLI flags
    Case("cli-unknown-model", "CLI flags", "--model=stylegan9",
         lambda ws: quick(ws, "--model=stylegan9", f"--output_dir={ws.run_dir}"),
         r"--model must be one of \[.*'dcgan'.*\]\. Received: --model=stylegan9"),
    Case("cli-negative-epochs", "CLI flags", "--epochs=-3",
         lambda ws: cli(ws, "--epochs=-3", f"--output_dir={ws.run_dir}"),
         r"--epochs must be a positive integer\. Received: --epochs=-3"),
    Case("cli-zero-batch", "CLI flags", "--batch_size=0",
         lambda ws: quick(ws, "--batch_size=0", f"--output_dir={ws.run_dir}"),
         r"--batch_size must be a positive integer\. Received: --batch_size=0"),
    Case("cli-zero-steps", "CLI flags", "--steps_per_epoch=0",
         lambda ws: cli(ws, "--epochs=1", "--steps_per_epoch=0", f"--output_dir={ws.run_dir}"),
         r"--steps_per_epoch must be a positive integer\. Received: --steps_per_epoch=0"),
    Case("cli-non-integer-epochs", "CLI flags", "--epochs=ten",
         lambda ws: cli(ws, "--epochs=ten"),
         r"--epochs=ten.*(invalid literal|Could not parse)"),
    Case("cli-unknown-flag", "CLI flags", "--learning_rat=0.1 (typo)",
         lambda ws: cli(ws, "--learning_rat=0.1"),
         r"Unknown command line flag 'learning_rat'"),
    Case("cli-positional-argument", "CLI flags", "a stray positional argument `mnist`",
         lambda ws: cli(ws, "mnist"),
         r"Unexpected arguments: \['mnist'\]"),
    Case("cli-batch-larger-than-dataset", "CLI flags", "--dataset=digits --batch_size=5000",
         lambda ws: quick(ws, "--dataset=digits", "--batch_size=5000",
                          f"--output_dir={os.path.join(ws.root, 'new_run')}"),
         r"`batch_size`=5000 is larger than the dataset \(1797 examples\)"),
    Case("cli-export-dir-is-file", "CLI flags", "--export_dir=<a regular file>",
         lambda ws: cli(ws, "--epochs=1", f"--export_dir={ws.a_file}", f"--output_dir={ws.run_dir}"),
         r"--export_dir .*a_file.txt' exists and is a file; expected a directory"),
    Case("cli-output-dir-under-file", "CLI flags", "--output_dir=<a regular file>/run (unwritable)",
         lambda ws: quick(ws, f"--output_dir={os.path.join(ws.a_file, 'run')}"),
         r"--output_dir .*a_file.txt/run' is not a writable directory .*expected a directory"),
    Case("cli-output-dir-in-proc", "CLI flags", "--output_dir=/proc/keras_gans_run (unwritable, even for root)",
         lambda ws: quick(ws, "--output_dir=/proc/keras_gans_run"),
         r"--output_dir '/proc/keras_gans_run' is not a writable directory"),
    Case("cli-latent-dim-zero", "CLI flags", "--latent_dim=0",
         lambda ws: quick(ws, "--latent_dim=0", f"--output_dir={ws.run_dir}"),
         r"--latent_dim must be a positive integer\. Received: --latent_dim=0"),
    Case("cli-model-data-mismatch", "CLI flags", "--model=gan --dataset=digits (MLP GAN on images)",
         lambda ws: quick(ws, "--model=gan", "--dataset=digits",
                          f"--output_dir={os.path.join(ws.root, 'new_run')}"),
         r"--model=gan uses MLP networks for vector data.*Received data of shape \(8, 8, 1\)"),
    Case("cli-resume-different-run", "CLI flags", "rerun into a checkpointed --output_dir with --batch_size=32",
         lambda ws: quick(ws, "--model=gan", "--dataset=ring8", "--steps_per_epoch=10",
                          "--batch_size=32", f"--output_dir={ws.run_dir}"),
         r"holds checkpoints of a different run \(--batch_size: checkpoint has 64, received 32\)"),
    Case("cli-unknown-dataset", "CLI flags", "--dataset=imagenet_offline",
         lambda ws: quick(ws, "--dataset=imagenet_offline",
                          f"--output_dir={os.path.join(ws.root, 'new_run')}"),
         r"Unknown dataset 'imagenet_offline'\. Expected one of"),
    # ---------------------------------------------------------------- data
    Case("data-unknown-name", "data", "load('cifar100_offline')",
         lambda ws: value_error(_load("cifar100_offline")),
         r"Unknown dataset 'cifar100_offline'\. Expected one of \('mnist_5k'"),
    Case("data-empty-folder", "data", "folder:<empty directory>",
         lambda ws: value_error(_load(f"folder:{ws.folder('empty', {})}")),
         r"contains no images; expected files ending in"),
    Case("data-missing-folder", "data", "folder:<path that does not exist>",
         lambda ws: value_error(_load(f"folder:{os.path.join(ws.root, 'nowhere')}")),
         r"`folder:` path .*nowhere' is not a directory"),
    Case("data-corrupt-png", "data", "a corrupt PNG among good ones",
         lambda ws: value_error(_load("folder:" + ws.folder("corrupt", {
             "a.png": _png((8, 8)), "b.png": _png((8, 8)),
             "c.png": b"\x89PNG\r\n\x1a\nnot really a png"}), batch_size=1)),
         r"Cannot read image .*c\.png.*Expected a valid image file"),
    Case("data-truncated-png", "data", "a PNG cut in half (interrupted copy)",
         lambda ws: value_error(_load("folder:" + ws.folder("truncated", {
             "a.png": _png((8, 8)), "b.png": _valid_png_bytes()[:40]}), batch_size=1)),
         r"Cannot read image .*b\.png.*Expected a valid image file"),
    Case("data-mixed-sizes", "data", "8x8 and 9x8 images in one folder",
         lambda ws: value_error(_load("folder:" + ws.folder("mixed", {
             "a.png": _png((8, 8)), "b.png": _png((9, 8))}), batch_size=1)),
         r"b\.png' has shape \(9, 8, 1\) but .*a\.png' has \(8, 8, 1\); pass image_size"),
    Case("data-gray-vs-rgb", "data", "grayscale and RGB images in one folder",
         lambda ws: value_error(_load("folder:" + ws.folder("modes", {
             "a.png": _png((8, 8)), "b.png": _png((8, 8, 3))}), batch_size=1)),
         r"b\.png' has 3 channel\(s\) but .*a\.png' has 1; pass channels=1 or channels=3"),
    Case("data-labels-out-of-range", "data", "labels [0, 5, 10] for 10 classes",
         lambda ws: value_error(lambda: data.validate_labels(
             np.array([0, 5, 10]), 3, num_classes=10)),
         r"`labels` must be in \[0, 10\)\. Received values in \[0, 10\]"),
    Case("data-float-labels", "data", "float labels [0.5, 1.0]",
         lambda ws: value_error(lambda: data.validate_labels(
             np.array([0.5, 1.0]), 2)),
         r"`labels` must be integers\. Received dtype float64"),
    Case("data-nan-pixels", "data", "images with 2 NaN pixels",
         lambda ws: value_error(lambda: data.validate_images(
             np.where(np.arange(16).reshape(1, 4, 4, 1) < 2, np.nan, 0.0))),
         r"`images` contains 2 NaN or infinite values; expected finite pixels"),
    Case("data-unscaled-pixels", "data", "uint8-range pixels 0..255 (not scaled to [-1, 1])",
         lambda ws: value_error(lambda: data.validate_images(
             np.linspace(0, 255, 16).reshape(1, 4, 4, 1))),
         r"must be scaled to \[-1, 1\]\. Received values in \[0, 255\]"),
    Case("data-wrong-rank", "data", "images of shape (10, 28, 28) (no channel axis)",
         lambda ws: value_error(lambda: data.validate_images(
             np.zeros((10, 28, 28)))),
         r"must have shape \(num_examples, height, width, channels\)\. Received shape \(10, 28, 28\)"),
    Case("data-bad-tfds-name", "data", "'tfds:' with no name",
         lambda ws: value_error(_load("tfds:")),
         r"Expected 'tfds:<name>\[:<version>\]'\. Received: 'tfds:'"),
    # ---------------------------------------------------------------- model construction
    Case("model-latent-dim-zero", "model construction", "DCGAN(latent_dim=0)",
         lambda ws: value_error(lambda: models.DCGAN(latent_dim=0)),
         r"`latent_dim` must be positive\. Received: latent_dim=0"),
    Case("model-image-size-stride", "model construction", "DCGAN(image_shape=(30, 30, 1)) (30 not reachable by stride-2 upsampling)",
         lambda ws: value_error(lambda: models.DCGAN(image_shape=(30, 30, 1))),
         r"DCGAN networks support square images of size \(28, 32, 64\)\. Received: image_shape=\(30, 30, 1\)"),
    Case("model-channels", "model construction", "DCGAN(image_shape=(28, 28, 2))",
         lambda ws: value_error(lambda: models.DCGAN(image_shape=(28, 28, 2))),
         r"`channels` must be 1 or 3\. Received: image_shape=\(28, 28, 2\)"),
    Case("model-generator-not-model", "model construction", "GAN(generator=<a Python function>)",
         lambda ws: value_error(lambda: models.GAN(
             lambda z: z, networks.mlp_discriminator(2))),
         r"`generator` must be a keras\.Model\. Received: generator=function"),
    Case("model-vae-likelihood", "model construction", "VAE(likelihood='poisson')",
         lambda ws: value_error(lambda: _objective("vae", likelihood="poisson")),
         r"`likelihood` must be one of \('bernoulli', 'gaussian'\)\. Received: likelihood='poisson'"),
    Case("model-vae-d-optimizer", "model construction", "VAE compiled with a d_optimizer (it has no discriminator)",
         lambda ws: value_error(lambda: models.VAE(
             networks.mlp_vae_encoder((2,), 2, (8,)), networks.mlp_vae_decoder((2,), 2, (8,))).compile(
             d_optimizer="adam")),
         r"VAE has no discriminator.*Received: d_optimizer='adam'; expected 'auto' or None"),
    Case("model-gmmn-bandwidths", "model construction", "GMMN(bandwidths=(2, -5))",
         lambda ws: value_error(lambda: _objective("gmmn", bandwidths=(2, -5))),
         r"`bandwidths` must be positive numbers\. Received: bandwidths=\(2, -5\)"),
    Case("model-gmmnae-stage", "model construction", "GMMNAE(stage='decoder')",
         lambda ws: value_error(lambda: _objective("gmmnae", stage="decoder")),
         r"`stage` must be one of \('autoencoder', 'gmmn', 'both'\)\. Received: stage='decoder'"),
    Case("model-compile-loss", "model construction", "compile(loss='mse')",
         lambda ws: value_error(lambda: _gan().compile(loss="mse")),
         r"define their own losses .*Received: loss='mse'"),
    # ---------------------------------------------------------------- fit
    Case("fit-dict-batches", "fit", "batches that are dicts {'image': ...}",
         lambda ws: value_error(lambda: _fit(_gan(), {"image": np.zeros((8, 2), "float32")})),
         r"take batches of `images` or `\(images, labels\)`\. Received a dict with keys \['image'\]"),
    Case("fit-wrong-rank", "fit", "DCGAN (28, 28, 1) fit on (N, 28, 28) images",
         lambda ws: value_error(lambda: _fit(_dcgan(), np.zeros((8, 28, 28), "float32"))),
         r"images of shape \(batch, 28, 28, 1\)\. Received batches of images of shape \((None|4), 28, 28\)"),
    Case("fit-flat-images", "fit", "DCGAN (28, 28, 1) fit on flat (N, 784) vectors",
         lambda ws: value_error(lambda: _fit(_dcgan(), np.zeros((8, 784), "float32"))),
         r"shape \(batch, 28, 28, 1\)\. Received batches of images of shape \((None|4), 784\)"),
    Case("fit-wrong-size", "fit", "DCGAN (28, 28, 1) fit on (N, 32, 32, 3) images",
         lambda ws: value_error(lambda: _fit(_dcgan(), np.zeros((8, 32, 32, 3), "float32"))),
         r"shape \(batch, 28, 28, 1\)\. Received batches of images of shape \((None|4), 32, 32, 3\)"),
    Case("fit-dcgan-uint8-images", "fit", "DCGAN fit on uint8 images (0..255, not scaled)",
         lambda ws: value_error(lambda: _fit(_dcgan(), np.zeros((8, 28, 28, 1), "uint8"))),
         r"DCGAN expects floating-point images \(scaled to \[-1, 1\]\)\. Received dtype uint8"),
    *_z_to_x_shape_cases(),
    # k discriminator steps need k slices; a pack size must divide every slice.
    Case("fit-wgan-batch-below-n-critic", "fit", "WGAN(n_critic=5) on batches of 4",
         lambda ws: value_error(_fit_on("wgan", _zeros(8, 2))),
         r"WGAN needs a batch of at least 5 images .*n_critic=5\)\. Received a batch of 4\."),
    Case("fit-hinge-static-batch-below-d-steps", "fit", "HingeGAN(d_steps=5) on fixed-size batches of 4",
         lambda ws: value_error(_fit_on("hinge", _zeros(8, 2), drop_remainder=True)),
         r"HingeGAN needs a batch of at least 5 images .*Received a batch of 4\."),
    Case("fit-gan-batch-below-d-steps", "fit", "GAN(d_steps=8) on batches of 4",
         lambda ws: value_error(_fit_on("gan", _zeros(8, 2), d_steps=8)),
         r"GAN needs a batch of at least 8 images .*Received a batch of 4\."),
    Case("fit-wgan-gp-batch-below-n-critic", "fit", "WGANGP(n_critic=5) on batches of 3",
         lambda ws: value_error(_fit_on("wgan_gp", _zeros(6, 2), batch_size=3)),
         r"WGANGP needs a batch of at least 5 images .*Received a batch of 3\."),
    Case("fit-pacgan-pack-does-not-divide", "fit", "PacGAN(pack=2) on batches of 3",
         lambda ws: value_error(_fit_on("pacgan", _zeros(6, 2), batch_size=3)),
         r"PacGAN needs a batch size that is a multiple of 2 \(pack \* d_steps\)\. Received a batch of 3\."),
    Case("fit-stargan-batch-below-d-steps", "fit", "StarGAN(d_steps=5) on batches of 4",
         lambda ws: value_error(_fit_on("stargan", (_images(8), np.eye(3, dtype="float32")[[0, 1, 2, 0] * 2]))),
         r"StarGAN needs a batch of at least 5 images .*Received a batch of 4\."),
    Case("fit-wgan-int-points", "fit", "WGAN on int32 points",
         lambda ws: value_error(_fit_on("wgan", _zeros(8, 2, dtype="int32"), n_critic=1)),
         r"WGAN expects floating-point images .*Received dtype int32"),
    # Labels: integer class indices of shape (batch,) in [0, num_classes).
    Case("fit-cgan-label-out-of-range", "fit", "ConditionalGAN(num_classes=8) with a label 8",
         lambda ws: value_error(_fit_on("cgan", _ring_labels([0, 1, 8, 2]))),
         r"ConditionalGAN expects labels in \[0, 8\) \(num_classes=8\)\. Received values in \[0, 8\]\."),
    Case("fit-cgan-negative-label", "fit", "ConditionalGAN with a label -1",
         lambda ws: value_error(_fit_on("cgan", _ring_labels([0, -1, 3, 2]))),
         r"expects labels in \[0, 8\) .*Received values in \[-1, 3\]\."),
    Case("fit-cgan-float-labels", "fit", "ConditionalGAN with float labels",
         lambda ws: value_error(_fit_on("cgan", (_zeros(4, 2), np.arange(4, dtype="float32")))),
         r"ConditionalGAN expects integer class indices as labels\. Received dtype float32\."),
    Case("fit-cgan-one-hot-labels", "fit", "ConditionalGAN with one-hot labels (N, 8)",
         lambda ws: value_error(_fit_on("cgan", (_zeros(4, 2), np.eye(8, dtype="int32")[:4]))),
         r"expects labels of shape \(batch,\) \(class indices, not one-hot\)\. Received shape \(None, 8\)\."),
    Case("fit-cgan-no-labels", "fit", "ConditionalGAN on points without labels",
         lambda ws: value_error(_fit_on("cgan", _zeros(4, 2))),
         r"ConditionalGAN trains on `\(images, labels\)` batches\. Received batches of images only\. .*with_labels=True"),
    Case("fit-cgan-label-count", "fit", "ConditionalGAN batch of 4 points with 3 labels",
         lambda ws: value_error(_fit_one_batch("cgan", (_zeros(4, 2), _ints([0, 1, 2])))),
         r"needs as many labels as images in a batch\. Received 4 images and 3 labels\."),
    Case("fit-cgan-wrong-shape", "fit", "ConditionalGAN on (N, 3) points for 2-D samples",
         lambda ws: value_error(_fit_on("cgan", (_zeros(4, 3), _ints([0, 1, 2, 3])))),
         r"trains on images of shape \(batch, 2\)\. Received batches of images of shape \(None, 3\)"),
    Case("fit-acgan-label-out-of-range", "fit", "ACGAN(num_classes=8) with a label 12",
         lambda ws: value_error(_fit_on("acgan", _ring_labels([0, 12, 5, 2]))),
         r"ACGAN expects labels in \[0, 8\) \(num_classes=8\)\. Received values in \[0, 12\]\."),
    Case("fit-acgan-no-labels", "fit", "ACGAN on points without labels",
         lambda ws: value_error(_fit_on("acgan", _zeros(4, 2))),
         r"ACGAN trains on `\(images, labels\)` batches\. Received batches of images only"),
    Case("fit-acgan-bool-labels", "fit", "ACGAN with boolean labels",
         lambda ws: value_error(_fit_on("acgan", (_zeros(4, 2), np.array([True, False] * 2)))),
         r"ACGAN expects integer class indices as labels\. Received dtype bool\."),
    # Pairs: image-to-image models train on (input, target) pairs.
    *_paired_cases(),
    Case("fit-pix2pix-uint8-inputs", "fit", "Pix2Pix on uint8 input images",
         lambda ws: value_error(_fit_on("pix2pix", (_images().astype("uint8"), _images()))),
         r"Pix2Pix expects floating-point input_images .*Received dtype uint8"),
    Case("pix2pixhd-global-without-head", "model construction", "Pix2PixHD(stage='global') with no global_head",
         lambda ws: value_error(lambda: models.Pix2PixHD(
             networks.pix2pixhd_generator(1, 1, base_filters=2, global_downsampling=1, global_blocks=1)[0],
             networks.multiscale_discriminator(1, 1, num_downsampling=1, base_filters=4), stage="global")),
         r"stage='global' trains the global generator alone: it needs a `global_head`.*Received: global_head=None"),
    Case("translate-pix2pixhd-size", "model construction", "Pix2PixHD.translate on 12x12 images (multiple of 8)",
         lambda ws: value_error(lambda: models.Pix2PixHD(
             networks.pix2pixhd_generator(1, 1, base_filters=2, global_downsampling=2, global_blocks=1)[0],
             networks.multiscale_discriminator(1, 1, num_downsampling=1, base_filters=4),
         ).translate(np.zeros((1, 12, 12, 1), "float32"))),
         r"height and width must be multiples of 8 .*Received height=12, width=12"),
    Case("fit-srgan-hr-rank", "fit", "SRGAN with HR targets of shape (N, 8, 8) (no channel axis)",
         lambda ws: value_error(_fit_on("srgan", (_images(size=4), _zeros(4, 8, 8)))),
         r"hr_images of shape \(batch, None, None, 1\)\. Received batches of hr_images of shape \(None, 8, 8\)"),
    Case("fit-stargan-domain-size", "fit", "StarGAN over 3 domains with 4-domain vectors",
         lambda ws: value_error(_fit_on("stargan", (_images(), np.eye(4, dtype="float32")), d_steps=1)),
         r"domains of shape \(batch, 3\)\. Received batches of domains of shape \(None, 4\)"),
    # ---------------------------------------------------------------- exported model
    Case("serving-wrong-shape", "exported SavedModel", "z of shape (3, 5) for float32[batch, 4]",
         lambda ws: value_error(lambda: _served(ws, z=np.zeros((3, 5), "float32"))),
         r"Input 'z' of signature 'serving_default' expects shape \('batch', 4\)\. Received shape \(3, 5\)"),
    Case("serving-wrong-rank", "exported SavedModel", "z of shape (4,) (no batch axis)",
         lambda ws: value_error(lambda: _served(ws, z=np.zeros((4,), "float32"))),
         r"expects shape \('batch', 4\)\. Received shape \(4,\)"),
    Case("serving-wrong-dtype", "exported SavedModel", "z as int64 for float32",
         lambda ws: value_error(lambda: _served(ws, z=np.zeros((3, 4), "int64"))),
         r"Input 'z' expects floating point \(float32\)\. Received dtype int64"),
    Case("serving-wrong-name", "exported SavedModel", "input named 'noise' instead of 'z'",
         lambda ws: value_error(lambda: _served(ws, noise=np.zeros((3, 4), "float32"))),
         r"takes inputs \['z'\]\. Received: \['noise'\]"),
    Case("tflite-wrong-shape", "TFLite", "z of shape (3, 5) for [-1, 4]",
         lambda ws: value_error(lambda: _tflite(ws, z=np.zeros((3, 5), "float32"))),
         r"TFLite input 'z' expects shape \(-1, 4\) \(-1: any\)\. Received shape \(3, 5\)"),
    Case("tflite-wrong-name", "TFLite", "input named 'noise' instead of 'z'",
         lambda ws: value_error(lambda: _tflite(ws, noise=np.zeros((3, 4), "float32"))),
         r"takes inputs \['z'\]\. Received: \['noise'\]"),
    Case("export-existing-version", "export", "export_generator(version=1) where 1 is served",
         lambda ws: value_error(lambda: export.export_generator(
             _gan(), ws.export_dir, version=1)),
         r"Version 1 already exists in .*exports'; published versions are never overwritten"),
    Case("export-dir-is-file", "export", "export_generator(<a regular file>)",
         lambda ws: value_error(lambda: export.export_generator(
             _gan(), ws.a_file)),
         r"Export directory .*a_file\.txt' exists and is a file; expected a directory"),
    # ---------------------------------------------------------------- .keras files
    Case("keras-lambda-unsafe", ".keras loading", "a .keras file holding a Lambda layer (Python bytecode)",
         lambda ws: value_error(lambda: export.load_model(
             _lambda_keras_file(ws))),
         r"Could not load .*unsafe\.keras' with safe_mode=True: .*Lambda"),
    Case("keras-not-a-zip", ".keras loading", "a .keras file that is not a zip (truncated download)",
         lambda ws: value_error(lambda: export.load_model(
             ws.folder("kfiles", {"broken.keras": b"PK\x03\x04 truncated"}) + "/broken.keras")),
         r"broken\.keras' is not a `\.keras` zip archive"),
    # ---------------------------------------------------------------- speech (SEGAN)
    Case("fit-segan-no-clean", "fit", "SEGAN on noisy windows without clean ones",
         lambda ws: value_error(_fit_on("segan", _zeros(4, 16, 1))),
         r"SEGAN trains on `\(noisy, clean\)` batches\. Received batches of noisy only\."),
    Case("fit-segan-wrong-window", "fit", "SEGAN (16-sample windows) on 32-sample windows",
         lambda ws: value_error(_fit_on("segan", (_zeros(4, 32, 1), _zeros(4, 32, 1)))),
         r"trains on noisy of shape \(batch, 16, 1\)\. Received batches of noisy of shape \(None, 32, 1\)"),
    Case("enhance-segan-sample-rate", "model API", "SEGAN.enhance of 44.1 kHz audio",
         lambda ws: value_error(lambda: _objective("segan").enhance(_zeros(100), sample_rate=44100)),
         r"SEGAN enhances audio at 16000 Hz\. Received: sample_rate=44100"),
    Case("enhance-segan-rank", "model API", "SEGAN.enhance of (batch, time, channels) audio",
         lambda ws: value_error(lambda: _objective("segan").enhance(_zeros(1, 100, 2))),
         r"must be \(time,\) or \(batch, time\) mono audio\. Received shape \(1, 100, 2\)"),
    Case("enhance-segan-empty", "model API", "SEGAN.enhance of empty audio",
         lambda ws: value_error(lambda: _objective("segan").enhance(_zeros(0))),
         r"is empty\. Received shape \(0,\); expected at least one sample"),
    Case("data-speech-no-clean-folder", "data", "folder: of speech with noisy/ but no clean/",
         lambda ws: value_error(lambda: _speech_folder_pairs(ws.root)),
         r"must hold one noisy\* and one clean\* sub-folder\. Received sub-folders \['noisy'\]"),
]

def _seqgan(**kwargs):
    model = models.SeqGAN(networks.lstm_generator(10, 4, 4),
                          networks.text_cnn_discriminator(10, 5, 4, (2,), (2,), dropout=0.0),
                          sequence_length=5, num_rollouts=1, **kwargs)
    model.compile()
    return model


def _fit_seqgan(tokens):
    return lambda: _seqgan().fit(tokens, batch_size=2, epochs=1, verbose=0)


CASES += [
    # ---------------------------------------------------------------- SeqGAN token batches
    Case("fit-seqgan-token-out-of-range", "fit", "SeqGAN (vocab 10): token ids [0, 12]",
         lambda ws: value_error(_fit_seqgan(np.array([[0, 1, 2, 3, 12], [4, 5, 6, 7, 8]], "int32"))),
         r"SeqGAN trains on token ids in \[0, 10\) \(vocab_size=10\)\. Received ids in \[0, 12\]"),
    Case("fit-seqgan-float-tokens", "fit", "SeqGAN: float32 token ids",
         lambda ws: value_error(_fit_seqgan(np.zeros((2, 5), "float32"))),
         r"SeqGAN trains on integer token ids\. Received dtype float32"),
    Case("fit-seqgan-wrong-rank", "fit", "SeqGAN: one-hot tokens of shape (2, 5, 10)",
         lambda ws: value_error(_fit_seqgan(np.zeros((2, 5, 10), "int32"))),
         r"token ids of shape \(batch, 5\)\. Received shape \(\w+, 5, 10\)"),
    Case("fit-seqgan-wrong-length", "fit", "SeqGAN (length 5): sequences of 7 tokens",
         lambda ws: value_error(_fit_seqgan(np.zeros((2, 7), "int32"))),
         r"token ids of shape \(batch, 5\)\. Received shape \(\w+, 7\)"),
    Case("model-seqgan-unknown-phase", "model construction", "SeqGAN(phase='pretrain')",
         lambda ws: value_error(lambda: _seqgan(phase="pretrain")),
         r"`phase` must be one of \('mle', 'discriminator', 'adversarial'\)\. Received: phase='pretrain'"),
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return Workspace(tmp_path_factory.mktemp("bad_inputs"))


def assert_case_handled(case, ws):
    """Runs one case and asserts everything the campaign promises; returns the Outcome."""
    before = {k: v for k, v in ws.digest().items() if not k.startswith(("tiny_exports", "unsafe"))}
    outcome = case.run(ws)
    assert re.search(case.match, outcome.message), f"{case.id}: {outcome.message!r}"
    assert "Traceback" not in outcome.message and len(outcome.message) < 600, outcome.message
    after = ws.digest()
    lost = {k for k, v in before.items() if after.get(k) != v}
    assert not lost, f"{case.id} changed or removed {sorted(lost)}"
    return outcome


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case, workspace):
    assert_case_handled(case, workspace)


def test_campaign_covers_every_boundary():
    boundaries = {c.boundary for c in CASES}
    assert len(CASES) >= 80 and len({c.id for c in CASES}) == len(CASES)
    assert {"CLI flags", "data", "model construction", "fit", "exported SavedModel", "TFLite"} <= boundaries
    # Every objective is fed bad batches at the fit boundary.
    fit_ids = " ".join(c.id for c in CASES if c.boundary == "fit")
    missing = [name for name in FIT_OBJECTIVES if f"fit-{name}-" not in fit_ids]
    assert not missing, missing
    objectives = [
        cls for cls in vars(models).values()
        if isinstance(cls, type) and issubclass(cls, models.AdversarialModel)
        and cls not in (models.AdversarialModel, models.LatentGenerator, models.Translator, models.LabelConditionedModel)
    ]
    assert len(FIT_OBJECTIVES) == len(objectives) == 27
