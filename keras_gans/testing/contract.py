"""The contract every objective keeps, checked from one table of tiny constructions.

keras-hub runs every backbone through ``run_backbone_test``; here every
objective goes through the same checks, each driven by a :class:`ContractCase`:

1. a two-step ``fit`` changes every player and logs finite losses
   (:func:`fit_case`, then :func:`keras_gans.testing.assert_weights_changed`);
2. a ``.keras`` round trip gives identical outputs and identical state, the
   optimizers' included (``assert_keras_roundtrip(..., state=True)``);
3. the export (:func:`export_case`) gives the model's own outputs through
   ``tf.saved_model.load``, ``saved_model_cli run`` and LiteRT, for every
   signature and input size the case lists, and refuses the sizes it lists;
4. one update under ``MirroredStrategy`` on 2 replicas equals one on a
   single device (:func:`assert_case_mirrored_parity`).

A new objective joins by adding one case to the table (``tests/contract/cases.py``).
"""

import dataclasses
import os
from collections.abc import Callable

import numpy as np
import tensorflow as tf

from keras_gans.recipes.recipe import LATENT
from keras_gans.testing.checks import endpoint_outputs
from keras_gans.testing.checks import snapshot_weights
from keras_gans.testing.distribution import DEFAULT_RANDOM_METHODS
from keras_gans.testing.distribution import assert_mirrored_parity

GAN_PAIR = ("generator", "discriminator")


def latent_inputs(model):
    """``serving_default`` inputs of a z -> x generator: five latent vectors."""
    return [("serving_default", {"z": model.latent_vectors(5, seed=1)})]


def task_inputs(model):
    """``serving_default`` inputs by the model's task: latent vectors, or a translator's example inputs."""
    if model.task == LATENT:
        return latent_inputs(model)
    return [("serving_default", model.example_inputs())]


@dataclasses.dataclass(frozen=True)
class ContractCase:
    """One objective with its smallest networks, and what its checks feed it.

    Attributes:
        name: the case id (test ids read ``test_...[name]``).
        build: ``() -> model``, uncompiled, deterministic architecture. Unless
            ``parity_build`` is given it must also suit the Mirrored check:
            ``d_steps=1``, synchronized BatchNorm or none, no dropout.
        batch: ``() -> global batch`` (an array, or a tuple of arrays) that
            both the fit and the Mirrored check train on; its size divisible by 2.
        serving_inputs: ``model -> [(signature, inputs dict), ...]``: what the
            export is run on (several sizes for fully convolutional models).
        roundtrip_inputs: ``model -> generator inputs`` for the ``.keras``
            round trip; None: by the task (see ``assert_keras_roundtrip``).
        networks: the players, attributes of the model.
        kernels_only: players of which only the kernels must move in the fit
            (critics whose output bias the loss cannot see).
        logs: the names ``fit`` logs (its loss trackers); None: not checked.
        frozen: networks the fit must leave untouched (a stage that trains
            one player only).
        noise: the model's noise methods the Mirrored check pins (see
            ``keras_gans.testing.distribution``).
        parity_build: a build for the Mirrored check when ``build`` cannot be one.
        serving_rejects: ``(signature, inputs, message, litert_refuses)``:
            inputs the SavedModel must refuse with an ``InvalidArgumentError``
            matching ``message``; LiteRT has no such message, but where
            ``litert_refuses`` it must raise too (a size that breaks a skip
            connection), not return a wrong-sized image.
    """

    name: str
    build: Callable
    batch: Callable
    serving_inputs: Callable = task_inputs
    roundtrip_inputs: Callable = None
    networks: tuple = GAN_PAIR
    kernels_only: tuple = ()
    logs: frozenset = None
    frozen: tuple = ()
    noise: dict = dataclasses.field(default_factory=lambda: dict(DEFAULT_RANDOM_METHODS))
    parity_build: Callable = None
    serving_rejects: tuple = ()


def fit_case(case, steps=2):
    """Builds and compiles (published defaults) ``case``'s model and fits ``steps`` steps.

    Returns:
        ``(model, weights before the fit, History)``; the weights are those of
        ``case.networks`` and ``case.frozen``.
    """
    model = case.build()
    model.compile()
    before = snapshot_weights(model, case.networks + case.frozen)
    dataset = tf.data.Dataset.from_tensors(case.batch()).repeat()
    history = model.fit(dataset, epochs=1, steps_per_epoch=steps, verbose=0)
    return model, before, history


def export_case(model, case, export_dir):
    """Exports ``model`` and computes what each of its serving calls must return.

    Returns:
        ``(version_dir, [(signature, inputs, reference outputs), ...])``.
    """
    from keras_gans.export import export_generator

    version_dir = export_generator(model, export_dir)
    calls = [
        (signature, inputs, endpoint_outputs(model, signature, inputs))
        for signature, inputs in case.serving_inputs(model)
    ]
    return version_dir, calls


def tflite_path(version_dir):
    from keras_gans.export.generator import TFLITE_FILE

    return os.path.join(version_dir, TFLITE_FILE)


def assert_signature_takes(saved_model, signature, inputs):
    """Asserts a loaded signature's inputs have the names, dtypes and fixed sizes of ``inputs``."""
    specs = saved_model.signatures[signature].structured_input_signature[1]
    assert sorted(specs) == sorted(inputs), f"{signature} takes {sorted(specs)}, not {sorted(inputs)}"
    for name, value in inputs.items():
        spec = specs[name]
        assert spec.dtype.as_numpy_dtype == np.asarray(value).dtype, (name, spec.dtype, value.dtype)
        assert spec.shape.is_compatible_with(np.shape(value)), (name, spec.shape, np.shape(value))
        assert spec.shape[0] is None, f"{signature}:{name} has a fixed batch size: {spec.shape}"


def assert_case_mirrored_parity(case, replicas=2):
    """One update on ``replicas`` mirrored CPUs equals one on one device, update sizes too."""
    ratios = assert_mirrored_parity(
        case.parity_build or case.build, case.batch(), replicas=replicas,
        random_methods=case.noise, networks=case.networks + case.frozen,
    )
    # ``ratios`` holds only the weights whose update stands above rounding noise, so every one
    # of them moved; a ratio of exactly 1.0 is a bit-identical update (seen with oneDNN on for
    # SRResNet), the best outcome, not a weight that stood still.
    assert ratios and np.allclose(list(ratios.values()), 1.0, atol=1e-2), ratios
