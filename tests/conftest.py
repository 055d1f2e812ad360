"""Shared fixtures. Trained models are session-scoped so tests share them."""

import gc
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import pytest  # noqa: E402

from keras_gans.distribute import configure_cpu_devices  # noqa: E402

# Two logical CPUs for the MirroredStrategy parity tests; it must happen before
# TensorFlow creates its devices, so here, before any test module runs an op.
# Single-device code is unaffected (ops default to /CPU:0).
configure_cpu_devices(2)


def pytest_collection_finish(session):
    """Freezes what importing the tests left (TensorFlow, Keras, keras_gans, the test modules).

    About 400,000 Python objects that live as long as the process; every full garbage
    collection in a test would traverse them again (in a 2-worker suite run the collections
    took 117 s of 1,113 worker-seconds, 10 %). Frozen, the collector skips them; objects the
    tests create are collected as before.
    """
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _seed():
    keras.utils.set_random_seed(1234)
    yield


# The numerically sensitive subset: what kernels change (oneDNN on or off, see
# docs/reliability.md). CI runs the whole suite under the machine's default and
# this subset again under the other setting: `TF_ENABLE_ONEDNN_OPTS=<other> pytest -m numerics`.
# Entries are a folder ("tests/x/"), a file, or one test function ("file::test_name").
#
# In: learning thresholds (tests/models/ tests marked slow), divergence detection
# (oneDNN's ReLU hides a NaN from the loss, not from the gradients), bit-for-bit
# determinism, and tolerances between TensorFlow and other kernels or another
# order of computation: LiteRT and ONNX Runtime against TF (export parity, the
# card's recorded difference), 2 mirrored replicas against 1 device, and the contract's two-step
# fit (a bias whose gradient is zero up to rounding must still move: Adam's
# first step is lr * sign(g), so the rounding decides).
# Out, as the same under either setting: checks that compare two paths running
# the same TensorFlow kernels in the same setting and so agree to the bit, or
# nearly, under both (a .keras round trip, tf.saved_model.load and
# saved_model_cli against the model, whose subprocess inherits the setting),
# and structural export checks (versions, signatures, errors).
NUMERICS = (
    "tests/callbacks/test_divergence.py",
    "tests/test_divergence_cli.py",
    "tests/test_determinism.py",
    "tests/test_faults.py::test_nan_batch_stops_at_its_step_whatever_the_kernels",
    "tests/export/test_export.py::test_export_parity_savedmodel_cli_and_litert",
    "tests/export/test_export.py::test_signature_and_model_card",
    "tests/export/test_onnx.py::test_values_match_the_saved_model_at_any_batch_and_size",
    "tests/contract/test_contract.py::test_two_step_fit_trains_every_player",
    "tests/contract/test_contract.py::test_litert_matches",
    "tests/contract/test_contract.py::test_mirrored_update_matches_single_device",
    "tests/models/test_pix2pixhd.py::test_global_stage_update_on_two_mirrored_replicas_equals_one_device",
    "tests/models/test_segan.py::test_export_enhances_any_length_like_keras",
)


def _numerics(nodeid):
    function = nodeid.split("[", 1)[0]
    return any(
        function == entry or function.startswith(entry + "::") or (entry.endswith("/") and nodeid.startswith(entry))
        for entry in NUMERICS
    )


# The costliest test files first (seconds of one process, from `--durations=0` runs on
# the 2-core CI machine, 2026-11-29), so that the two xdist workers (--dist loadfile,
# --no-loadscope-reorder) do not end on a long file started last: xdist's own order
# (most tests first) put the subprocess-heavy files, which have few tests, at the end.
# Files not listed keep pytest's order after these.
COSTLIEST_FIRST = (
    "tests/test_train_every_objective.py",
    "tests/contract/test_contract.py",
    "tests/test_faults.py",
    "tests/test_entry_points.py",
    "tests/test_zoo.py",
    "tests/models/test_cyclegan.py",
    "tests/models/test_segan.py",
    "tests/models/test_pix2pixhd.py",
    "tests/examples/test_enhance_wav.py",
    "tests/examples/test_restoration_examples.py",
    "tests/models/test_dcgan.py",
    "tests/examples/test_translation_examples.py",
    "tests/examples/test_help.py",
    "tests/models/test_stargan.py",
    "tests/export/test_export.py",
    "tests/test_bad_inputs.py",
    "tests/export/test_serving.py",
    "tests/test_train.py",
    "tests/models/test_seqgan.py",
    "tests/models/test_srgan.py",
    "tests/test_kill_resume.py",
    "tests/models/test_improved_gan.py",
)


def pytest_collection_modifyitems(config, items):
    root = str(config.rootpath)
    rank = {path: i for i, path in enumerate(COSTLIEST_FIRST)}
    items.sort(key=lambda item: rank.get(os.path.relpath(str(item.path), root), len(rank)))  # stable
    for item in items:
        path = os.path.relpath(str(item.path), root)
        learning = path.startswith("tests/models/") and item.get_closest_marker("slow") is not None
        nodeid = path + item.nodeid[len(item.nodeid.split("::", 1)[0]):]
        if learning or _numerics(nodeid):
            item.add_marker(pytest.mark.numerics)


@pytest.fixture(scope="session")
def speech_corpus():
    """The synthetic speech set's default train and test splits (synthesised once, cached on disk)."""
    from keras_gans.data import speech

    return speech.speech_pairs("train"), speech.speech_pairs("test")
