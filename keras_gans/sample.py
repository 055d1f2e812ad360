"""Sample a zoo generator from the command line and save a PNG grid.

    python -m keras_gans.sample --model=dcgan_mnist --num=64 --seed=0 --out=grid.png
    python -m keras_gans.sample --model=cgan_mnist --num=100 --out=digits.png     # rows of labels 0..9
    python -m keras_gans.sample --model=pix2pix_edges2digits --input=edges.png --out=digit.png
    python -m keras_gans.sample --model=completion_digits --input=digit.png --mask=hole.png --out=filled.png
    python -m keras_gans.sample --model=cyclegan_thin2thick --signature=b_to_a --input=thick.png --out=thin.png
    python -m keras_gans.sample --model=gmmn_grid25 --num=2500 --out=points.png      # a 2-D scatter plot
    python -m keras_gans.sample --model=seqgan_python_docs --num=10 --out=sentences.txt  # or .png
    python -m keras_gans.sample --model=segan_synthetic_speech --input=noisy.wav --out=enhanced.wav
    python -m keras_gans.sample --list

The model comes from the zoo (``keras_gans.zoo``): ``--root`` or
``$KERAS_GANS_ZOO``, else the repository's ``exports/``; every file is checked
against the version's model card first. A latent generator draws ``--num``
samples from z ~ N(0, I) with ``--seed`` (labels and categorical codes cycle
0..K-1, so a 10-class model's grid of 100 has one class a column); a
generator of 2-D points draws them as a 256x256 scatter plot; a sequence
generator (SeqGAN) writes ``--num`` sentences, one a line, as text (or as an
image of them when ``--out`` ends in ``.png``). A
translator takes ``--input``, an image file converted to the model's channels
(grey or RGB) and resized to the size it was trained on (``--image_size``
overrides; ``--resize``: nearest for a model of colour-coded label maps, whose
colours blending would mix, bilinear otherwise), and writes input | output side by side. A completion model also
takes ``--mask``, an image file whose white pixels (above mid-grey) are the hole
to fill, read at the input's size; it writes input with the hole white | output.
A speech enhancer (SEGAN) takes ``--input``, a WAV file (any sample rate,
channels averaged, resampled to 16 kHz), and writes the enhanced speech to
``--out``, a 16 kHz WAV file.
``--signature`` runs another of the model's signatures (a CycleGAN's ``b_to_a``;
its ``serving_default`` is ``a_to_b``).

Exit status: 0 written (or ``--help`` / ``--list``); 2 a bad flag, an unknown
model, version or signature, a checksum mismatch, an unreadable ``--input`` or ``--mask``, or a speech
enhancer's ``--out`` not ending in ``.wav`` (one
``error:`` line on stderr).
"""

import os
import sys

from absl import app
from absl import flags

from keras_gans.command_line import image_size_flag

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

FLAGS = flags.FlagValues()
flags.DEFINE_string(
    "model", None, "Zoo model name, e.g. dcgan_mnist (see --list).", flag_values=FLAGS
)
flags.DEFINE_integer("version", None, "Version to load (default: the latest).", flag_values=FLAGS)
flags.DEFINE_string(
    "root",
    None,
    "Zoo folder (default: $KERAS_GANS_ZOO, else the repository's exports/).",
    flag_values=FLAGS,
)
flags.DEFINE_integer("num", 64, "Samples to draw (latent generators).", flag_values=FLAGS)
flags.DEFINE_integer("seed", 0, "Seed of z (and of continuous codes).", flag_values=FLAGS)
flags.DEFINE_string("out", "grid.png", "Output PNG (a sequence generator: a .txt of sentences, or a PNG of them).",
                    flag_values=FLAGS)
flags.DEFINE_string(
    "input", None, "Translators: the input image file (PNG, JPEG, ...); a speech enhancer: a WAV file.", flag_values=FLAGS
)
flags.DEFINE_string(
    "mask", None, "Completion models: the hole, an image file whose white pixels are filled.",
    flag_values=FLAGS,
)
flags.DEFINE_list(
    "image_size",
    None,
    "Translators: HEIGHT,WIDTH to resize --input to (default: the model's trained size).",
    flag_values=FLAGS,
)
flags.DEFINE_enum(
    "resize", "auto", ["auto", "nearest", "bilinear"],
    "Translators: how --input is resized to the model's size. auto: nearest for a model of label maps "
    "(colour-coded classes, which blending would turn into colours of no class), bilinear for photos and digits.",
    flag_values=FLAGS,
)
flags.DEFINE_string(
    "signature", "serving_default",
    "Which of the model's signatures to run, e.g. b_to_a of a CycleGAN (see its model card).",
    flag_values=FLAGS,
)
flags.DEFINE_bool(
    "list", False, "Print the zoo with its measured quality and exit.", flag_values=FLAGS
)
NAMES = tuple(FLAGS)


def _trained_size(generator):
    """The (H, W) a translator was trained on: its card's output size over its upscaling factor."""
    shape = generator.card.get("outputs", {}).get(generator.output_name, {}).get("shape") or []
    if len(shape) != 4 or shape[1] is None or shape[2] is None:
        return None
    scale = int(generator.card.get("model_config", {}).get("scale", 1) or 1)
    return shape[1] // scale, shape[2] // scale


def takes_label_maps(generator):
    """Whether ``generator`` was trained on colour-coded label maps (its card's dataset)."""
    from keras_gans.data.scenes import LABEL_MAP_DATASETS

    return generator.card.get("training_config", {}).get("dataset") in LABEL_MAP_DATASETS


def read_input(path, generator, image_size=None, resize="auto"):
    """An image file as a (1, H, W, C) float32 batch in [-1, 1], as ``generator`` expects it.

    ``resize``: 'nearest', 'bilinear', or 'auto' (nearest for a model of label maps, else bilinear).

    Raises:
        ValueError: the file cannot be read as an image, or ``image_size`` is bad.
    """
    import numpy as np
    from PIL import Image
    from PIL import UnidentifiedImageError

    spec = generator.input_specs.get("image")
    channels = int(spec.shape[-1])
    try:
        with Image.open(path) as image:
            image = image.convert("L" if channels == 1 else "RGB")
            size = image_size or _trained_size(generator)
            if size is not None:
                nearest = resize == "nearest" or (resize == "auto" and takes_label_maps(generator))
                image = image.resize((int(size[1]), int(size[0])), Image.NEAREST if nearest else Image.BILINEAR)
            array = np.asarray(image, dtype="float32")
    except (OSError, UnidentifiedImageError) as error:
        raise ValueError(f"--input={path!r} is not a readable image file ({error}).") from None
    if array.ndim == 2:
        array = array[..., None]
    return (array / 127.5 - 1.0)[None]


def read_mask(path, size):
    """A mask image file as a (1, H, W, 1) float32 batch of 0 and 1 (1: pixels above mid-grey), at ``size``.

    Raises:
        ValueError: the file cannot be read as an image.
    """
    import numpy as np
    from PIL import Image
    from PIL import UnidentifiedImageError

    try:
        with Image.open(path) as image:
            grey = image.convert("L").resize((int(size[1]), int(size[0])), Image.NEAREST)
            array = np.asarray(grey, dtype="float32")
    except (OSError, UnidentifiedImageError) as error:
        raise ValueError(f"--mask={path!r} is not a readable image file ({error}).") from None
    return (array > 127.5).astype("float32")[None, ..., None]


def sample(
    model, out, num=64, seed=0, version=None, root=None, input_path=None, image_size=None, mask_path=None,
    signature="serving_default", resize="auto",
):
    """Loads ``model`` from the zoo and writes its grid to ``out``; returns ``out``.

    Raises:
        ValueError: unknown model, version or signature, a checksum mismatch, a bad ``num``,
            a translator without ``input_path`` (or a latent generator with one),
            a completion model without ``mask_path`` (or another model with one),
            or an unreadable input or mask image.
    """
    import numpy as np

    from keras_gans import zoo
    from keras_gans.callbacks.sample_grid import save_grid
    from keras_gans.callbacks.sample_grid import save_translation_grid

    generator = zoo.load(model, version=version, root=root, signature=signature)
    if generator.task == "translator":
        if not input_path:
            raise ValueError(
                f"{model!r} is a translator: pass --input=<image file>. Received no --input."
            )
        names = sorted(generator.input_specs)
        if names == ["waveform"]:
            return _enhance_wav(generator, model, input_path, out, mask_path)
        if names not in (["image"], ["image", "mask"]):
            raise ValueError(
                f"{model!r} takes inputs {names}; this command feeds 'image' (and 'mask'). "
                "Call the generator from Python (keras_gans.zoo.load) with all of them."
            )
        if (names == ["image", "mask"]) != bool(mask_path):
            raise ValueError(
                f"{model!r} fills holes: pass --mask=<image file> (white: the hole) with --input. Received no --mask."
                if mask_path is None
                else f"{model!r} takes no --mask (it is not a completion model). Received --mask={mask_path!r}."
            )
        if resize not in ("auto", "nearest", "bilinear"):
            raise ValueError(f"`resize` must be 'auto', 'nearest' or 'bilinear'. Received: resize={resize!r}")
        image = read_input(input_path, generator, image_size, resize)
        if mask_path:
            mask = read_mask(mask_path, image.shape[1:3])
            output = np.asarray(generator({"image": image, "mask": mask}))
            save_translation_grid([image * (1 - mask) + mask, output], out)  # the hole drawn white
            return out
        output = np.asarray(generator(image))
        if (
            output.shape[1:3] != image.shape[1:3]
        ):  # super-resolution: show the input at the output's size
            import tensorflow as tf

            image = tf.image.resize(image, output.shape[1:3], method="nearest").numpy()
        save_translation_grid([image, output], out)
        return out
    if input_path or mask_path:
        flag, path = ("--input", input_path) if input_path else ("--mask", mask_path)
        raise ValueError(f"{model!r} is a latent generator and takes no {flag}. Received {flag}={path!r}.")
    if num <= 0:
        raise ValueError(f"--num must be a positive integer. Received: --num={num}")
    images = generator.sample(num, seed=seed)
    if generator.generates_tokens:  # sentences (SeqGAN): a PNG of them, or a text file for any other suffix
        from keras_gans.callbacks.sample_grid import save_text

        return save_text(generator.text(images), out)
    if images.ndim == 2 and images.shape[1] == 2:  # 2-D points (the mode-collapse mixtures): a scatter plot
        from keras_gans.callbacks.sample_grid import save_points

        return save_points(images, out)
    if images.ndim != 4:
        raise ValueError(
            f"{model!r} generates {images.shape[1:]} samples, not images; nothing to draw."
        )
    rows = None
    classes = [n for n, s in generator.input_specs.items() if s.dtype.is_integer]
    if classes and num % generator.num_classes(classes[0]) == 0:
        rows = num // generator.num_classes(classes[0])  # one class a column
    save_grid(images, out, rows=rows)
    return out


def _enhance_wav(generator, model, input_path, out, mask_path):
    """A speech enhancer's ``--input`` WAV, resampled to 16 kHz, enhanced whole, written to ``out``."""
    import numpy as np

    from keras_gans.data import speech

    if mask_path:
        raise ValueError(f"{model!r} takes no --mask (it enhances speech). Received --mask={mask_path!r}.")
    if not str(out).lower().endswith(".wav"):
        raise ValueError(f"{model!r} writes speech: --out must name a .wav file. Received --out={out!r}.")
    noisy, rate = speech.read_wav(input_path)
    if noisy.size == 0:
        raise ValueError(f"{input_path!r} holds no audio. Expected a WAV file with at least one sample.")
    noisy = speech.resample(noisy, rate)
    enhanced = np.asarray(generator({"waveform": noisy[None].astype("float32")}))[0]
    speech.write_wav(out, enhanced)
    return out


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(f"Unexpected arguments: {argv[1:]}")
    from keras_gans import zoo

    try:
        if FLAGS.list:
            zoo.list(FLAGS.root)
            return 0
        if not FLAGS.model:
            raise ValueError(f"--model is required. Expected one of {zoo.names(FLAGS.root)}.")
        out = sample(
            FLAGS.model,
            FLAGS.out,
            num=FLAGS.num,
            seed=FLAGS.seed,
            version=FLAGS.version,
            root=FLAGS.root,
            input_path=FLAGS.input,
            image_size=image_size_flag(FLAGS.image_size),
            mask_path=FLAGS.mask,
            signature=FLAGS.signature,
            resize=FLAGS.resize,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Wrote {out}")
    return 0


def run(argv=None):
    """``python -m keras_gans.sample``."""
    from keras_gans.command_line import run_main

    run_main(main, FLAGS, NAMES, __doc__, argv)


if __name__ == "__main__":
    run()
