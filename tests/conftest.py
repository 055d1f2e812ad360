"""Shared fixtures. Trained models are session-scoped so tests share them."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import pytest  # noqa: E402

from keras_gans.distribute import configure_cpu_devices  # noqa: E402

# Two logical CPUs for the MirroredStrategy parity tests; it must happen before
# TensorFlow creates its devices, so here, before any test module runs an op.
# Single-device code is unaffected (ops default to /CPU:0).
configure_cpu_devices(2)


@pytest.fixture(autouse=True)
def _seed():
    keras.utils.set_random_seed(1234)
    yield


# The numerically sensitive subset: what kernels change (oneDNN on or off, see
# docs/reliability.md). CI runs the whole suite under the machine's default and
# this subset again under the other setting: `TF_ENABLE_ONEDNN_OPTS=<other> pytest -m numerics`.
NUMERICS = (
    "tests/callbacks/test_divergence.py",
    "tests/test_divergence_cli.py",
    "tests/test_determinism.py",
    "tests/models/test_mirrored_parity.py",
    "tests/export/test_export.py",
    "tests/contract/",
)


def pytest_collection_modifyitems(config, items):
    root = str(config.rootpath)
    for item in items:
        path = os.path.relpath(str(item.path), root)
        learning = path.startswith("tests/models/") and item.get_closest_marker("slow") is not None
        if learning or path.startswith(NUMERICS):
            item.add_marker(pytest.mark.numerics)
