"""The model zoo: trained generators published as ``<root>/<name>/<version>/``, loaded in one line.

    from keras_gans import zoo
    generator = zoo.load("dcgan_mnist")          # the latest version, checksums verified
    images = generator(np.random.randn(16, 100).astype("float32"))   # (16, 28, 28, 1) in [-1, 1]
    zoo.list()                                   # every model, its versions and measured quality

Each version folder is what ``keras_gans.export.export_generator`` publishes (a
TF Serving SavedModel, ``model.tflite``, ``model_float16.tflite``,
``model.onnx``) plus ``sample.png``; its ``model_card.json`` records the size
and sha256 of every other file, and ``load`` refuses a version whose files
differ from it.

Where the zoo is (``root``), first match wins:

1. the ``root`` argument;
2. the environment variable ``KERAS_GANS_ZOO`` (a team's own zoo: any folder
   of ``<name>/<version>/`` exports with cards);
3. ``exports/`` beside the ``keras_gans`` package folder. That is the
   repository's ``exports/`` in a clone or an editable install
   (``pip install -e .``). A wheel does not carry ``exports/`` (about 60 MB of
   binaries that are data, not code): with a wheel, point ``KERAS_GANS_ZOO`` or
   ``root`` at a clone's ``exports/``.
"""

import builtins
import json
import os

import keras
import numpy as np
import tensorflow as tf

from keras_gans.zoo_cards import CARD_FILE
from keras_gans.zoo_cards import read_card
from keras_gans.zoo_cards import verify

ENV_VAR = "KERAS_GANS_ZOO"
SAMPLE_FILE = "sample.png"
SIGNATURE = "serving_default"
RETIRED_FILE = "retired.json"


def default_root():
    """``$KERAS_GANS_ZOO`` if set, else ``exports/`` beside the ``keras_gans`` package folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return env
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "exports")


def _root(root):
    path = os.fspath(root) if root is not None else default_root()
    if not os.path.isdir(path):
        raise ValueError(
            f"No model zoo at {path!r}. Expected a folder of <name>/<version>/ exports: pass "
            f"root=..., set {ENV_VAR}, or use a clone of keras_gans (a wheel does not carry exports/)."
        )
    return path


def _versions_of(base):
    """Integer versions under ``base`` that hold a model card, ascending."""
    if not os.path.isdir(base):
        return []
    return sorted(
        int(d)
        for d in os.listdir(base)
        if d.isdigit() and os.path.isfile(os.path.join(base, d, CARD_FILE))
    )


def names(root=None):
    """The model names in the zoo (folders with at least one carded version), sorted."""
    path = _root(root)
    return sorted(d for d in os.listdir(path) if _versions_of(os.path.join(path, d)))


def versions(name, root=None):
    """The published versions of ``name``, ascending.

    Raises:
        ValueError: ``name`` is not in the zoo (the message lists what is).
    """
    path = _root(root)
    found = _versions_of(os.path.join(path, str(name)))
    if not found:
        raise ValueError(
            f"Unknown model {name!r} in the zoo at {path!r}. Expected one of {names(path)}."
        )
    return found


def version_dir(name, version=None, root=None):
    """The folder of ``name``'s ``version`` (None: the latest).

    Raises:
        ValueError: unknown name or version (the message lists what exists).
    """
    path = _root(root)
    found = versions(name, path)
    if version is None:
        version = found[-1]
    if not str(version).isdigit() or int(version) not in found:
        for record in retired(path):
            if record["name"] == str(name) and str(record["version"]) == str(version):
                raise ValueError(
                    f"Version {version} of {name!r} was retired from the zoo on {record['date']}: "
                    f"{record['reason']} Its files are unchanged in the repository's history: "
                    f"`git checkout {record['commit']} -- {record['path']}` restores them. "
                    f"Expected one of {found}."
                )
        raise ValueError(f"Unknown version {version!r} of {name!r}. Expected one of {found}.")
    return os.path.join(path, str(name), str(int(version)))


def retired(root=None):
    """The versions taken out of the zoo's folder, from ``<root>/retired.json`` (oldest first).

    A retired version is never rewritten: its folder is removed from the tree
    (``benchmarks/zoo_publish.py --retire``) and stays, byte for byte, in the
    commit each record names. Each record: ``name``, ``version``, ``commit``,
    ``path`` (from the repository root), ``date``, ``reason``, ``superseded_by``,
    ``bytes``, ``card_sha256``.
    """
    file = os.path.join(_root(root), RETIRED_FILE)
    if not os.path.isfile(file):
        return []
    try:
        with open(file) as f:
            return json.load(f)["retired"]
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"Cannot read the zoo's retired versions {file!r}: {error}") from None


class ZooGenerator(keras.layers.TFSMLayer):
    """A verified zoo version's ``serving_default`` (or another of its signatures) as a Keras layer.

    ``generator(z)`` for a generator with one input (``z`` or a translator's
    ``image``) returns the output tensor; generators with several inputs take a
    dict (``{"z": z, "label": labels}``). Inputs are cast to the signature's
    dtypes. It can sit in a Keras model like any other layer (its weights are
    not trainable). :meth:`sample` draws inputs and returns numpy images.

    Attributes:
        version_dir: the version folder.
        card: its model card (a dict).
        signature: the signature it runs.
        input_specs: ``{name: tf.TensorSpec}`` of the signature.
        output_name: the signature's output this layer returns.
    """

    def __init__(self, path, card=None, signature=SIGNATURE, **kwargs):
        kwargs.setdefault("trainable", False)
        card = card if card is not None else read_card(path)
        known = card.get("signatures", [SIGNATURE])
        if signature not in known:
            raise ValueError(f"Unknown signature {signature!r} of {path!r}. Expected one of {sorted(known)}.")
        super().__init__(path, call_endpoint=signature, **kwargs)
        self.version_dir = path
        self.card = card
        self.signature = signature
        # The signature (not the same-named attribute TFSMLayer resolves): it has the named specs.
        self._signature = self._reloaded_obj.signatures[signature]
        self.input_specs = dict(self._signature.structured_input_signature[1])
        outputs = sorted(self._signature.structured_outputs)
        self.output_name = next((n for n in ("images", "image", "logits") if n in outputs), outputs[0])

    @property
    def task(self):
        return self.card.get("task")

    @property
    def latent_dim(self):
        return self.card.get("latent_dim")

    def call(self, inputs, training=False):
        if not isinstance(inputs, dict):
            if len(self.input_specs) != 1:
                raise ValueError(
                    f"This generator takes inputs {sorted(self.input_specs)}; pass a dict. "
                    f"Received one {type(inputs).__name__}."
                )
            inputs = {next(iter(self.input_specs)): inputs}
        if set(inputs) != set(self.input_specs):
            raise ValueError(
                f"Expected inputs {sorted(self.input_specs)}. Received: {sorted(inputs)}"
            )
        feed = {}
        for name, spec in self.input_specs.items():
            value = inputs[name]
            rank = len(value.shape)
            if rank != spec.shape.rank or any(
                e is not None and g is not None and e != g
                for e, g in zip(spec.shape.as_list(), value.shape, strict=True)
            ):
                shown = tuple("batch" if d is None else d for d in spec.shape.as_list())
                raise ValueError(
                    f"Input {name!r} expects shape {shown}. Received shape {tuple(value.shape)}."
                )
            feed[name] = tf.cast(value, spec.dtype)
        return self._signature(**feed)[self.output_name]

    def compute_output_shape(self, input_shape):
        shape = self.card.get("outputs", {}).get(self.output_name, {}).get("shape")
        if shape is None:
            return super().compute_output_shape(input_shape)
        first = (
            input_shape[next(iter(self.input_specs))]
            if isinstance(input_shape, dict)
            else input_shape
        )
        return (first[0], *shape[1:])

    @property
    def generates_tokens(self):
        """True for a sequence generator (SeqGAN): ``sample`` returns token ids, :meth:`text` reads them."""
        return "token" in self.card.get("inputs", {}) and "sample" in self.card.get("signatures", [])

    def num_classes(self, name):
        """Classes of an integer input: ``label`` (num_classes), ``code`` (num_categories) or ``token`` (vocabulary)."""
        config = self.card.get("model_config", {})
        for key in ("num_classes", "num_categories"):
            if config.get(key):
                return int(config[key])
        logits = self.card.get("outputs", {}).get("logits", {}).get("shape") or [None]
        if name == "token" and logits[-1]:
            return int(logits[-1])
        raise ValueError(f"The model card does not say how many values input {name!r} takes.")

    def sample_inputs(self, num, seed=0):
        """Inputs for ``num`` samples: z ~ N(0, I), labels/codes cycling 0..K-1, continuous codes ~ U(-1, 1)."""
        if self.task != "latent":
            raise ValueError(
                f"`sample` draws latent inputs; this generator is a {self.task!r}: call it on images."
            )
        if not isinstance(num, int) or num <= 0:
            raise ValueError(f"`num` must be a positive integer. Received: num={num!r}")
        rng = np.random.default_rng(seed)
        inputs = {}
        for name, spec in self.input_specs.items():
            if spec.dtype.is_integer:
                inputs[name] = (np.arange(num) % self.num_classes(name)).astype(
                    spec.dtype.as_numpy_dtype
                )
            elif name == "z":
                inputs[name] = rng.standard_normal((num, *spec.shape[1:])).astype("float32")
            else:
                inputs[name] = rng.uniform(-1.0, 1.0, (num, *spec.shape[1:])).astype("float32")
        return inputs

    def sample(self, num, seed=0):
        """``num`` generated samples (numpy, in the card's value range) from :meth:`sample_inputs`.

        A sequence generator draws whole sequences with its ``sample`` signature instead:
        int32 token ids ``(num, sequence_length)`` (:meth:`text` turns them into sentences).
        """
        if not self.generates_tokens:
            return keras.ops.convert_to_numpy(self(self.sample_inputs(num, seed)))
        if not isinstance(num, int) or num <= 0:
            raise ValueError(f"`num` must be a positive integer. Received: num={num!r}")
        draw = self._reloaded_obj.signatures["sample"]
        return draw(num=tf.constant(num, tf.int32), seed=tf.constant(int(seed), tf.int32))["tokens"].numpy()

    def text(self, tokens):
        """Sentences (a list of str) of token rows, through the export's ``tokens_to_text`` and its vocabulary asset.

        Raises:
            ValueError: the model has no vocabulary, or ``tokens`` is not a 2-D array of ids in its range.
        """
        if "tokens_to_text" not in self.card.get("signatures", []):
            raise ValueError(f"{self.version_dir!r} has no vocabulary (no tokens_to_text signature) to read tokens with.")
        tokens = np.asarray(tokens)
        size = self.num_classes("token")
        if tokens.ndim != 2 or not np.issubdtype(tokens.dtype, np.integer) or (
                tokens.size and (tokens.min() < 0 or tokens.max() >= size)):
            raise ValueError(f"`tokens` must be 2-D integer ids in [0, {size}). Received {tokens.dtype} of shape "
                             f"{tokens.shape}" + (f", ids {tokens.min()}..{tokens.max()}" if tokens.size else "") + ".")
        text = self._reloaded_obj.signatures["tokens_to_text"](tokens=tf.constant(tokens, tf.int32))["text"]
        return [t.decode("utf-8") for t in text.numpy()]


def load(name, version=None, root=None, signature=SIGNATURE):
    """Loads a zoo generator after checking every file against its model card.

    Args:
        name: the model's name, e.g. ``"dcgan_mnist"`` (see :func:`list`).
        version: an integer version; None takes the latest.
        root: the zoo folder; None: ``$KERAS_GANS_ZOO``, else the repository's ``exports/``.
        signature: which of the card's ``signatures`` to run, e.g. a CycleGAN's
            ``"b_to_a"`` (``serving_default`` is ``a_to_b``).

    Returns:
        A :class:`ZooGenerator` (a Keras layer): ``generator(z)`` -> images.

    Raises:
        ValueError: unknown name, version or signature (listing what exists), no zoo at
            ``root``, or a file whose size or sha256 differs from the card.

    Example:
    ```python
    generator = zoo.load("dcgan_mnist")
    images = generator.sample(64, seed=0)  # (64, 28, 28, 1) in [-1, 1]
    thin = zoo.load("cyclegan_thin2thick", signature="b_to_a")(thick_digits)
    ```
    """
    path = version_dir(name, version, root)
    card = verify(path)
    return ZooGenerator(path, card, signature=signature, name=str(name))


def _size(path, card):
    return sum(r["bytes"] for r in card.get("files", {}).values()) + os.path.getsize(
        os.path.join(path, CARD_FILE)
    )


def entries(root=None):
    """One dict a published version: name, version, objective, task, inputs, bytes, quality, aim, reference."""
    path = _root(root)
    rows = []
    for name in names(path):
        for version in _versions_of(os.path.join(path, name)):
            folder = os.path.join(path, name, str(version))
            card = read_card(folder)
            zoo_card = card.get("zoo", {})
            rows.append(
                {
                    "name": name,
                    "version": version,
                    "objective": card.get("objective"),
                    "task": card.get("task"),
                    "inputs": sorted(card.get("inputs", {})),
                    "bytes": _size(folder, card),
                    "quality": zoo_card.get("quality", {}),
                    "aim": zoo_card.get("aim", {}),
                    "reference": zoo_card.get("reference"),
                    "cpu_seconds": zoo_card.get("cpu_seconds"),
                    "path": folder,
                }
            )
    return rows


def format_table(rows):
    """The zoo as a text table, one line a version."""
    lines = [f"{'name':24s} {'ver':>3s} {'objective':14s} {'MB':>6s}  quality"]
    for row in rows:
        quality = (
            ", ".join(
                f"{k} {v:.3g}" for k, v in row["quality"].items() if isinstance(v, (int, float))
            )
            or "(not measured)"
        )
        lines.append(
            f"{row['name']:24s} {row['version']:>3d} {str(row['objective']):14s} "
            f"{row['bytes'] / 1e6:6.2f}  {quality}"
        )
    return "\n".join(lines)


def list(root=None, show=True):  # noqa: A001 - the zoo's public name, as in torch.hub.list
    """The zoo's published versions with their measured quality; printed as a table when ``show``.

    Returns:
        A list of dicts, one a version (see :func:`entries`).
    """
    rows = entries(root)
    if show:
        print(format_table(rows))
    return builtins.list(rows)
