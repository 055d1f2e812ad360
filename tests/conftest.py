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
