import pytest

from keras_gans import data
from keras_gans import models
from keras_gans import networks
from keras_gans.training_budget import fit_within


def _model():
    model = models.GAN(networks.mlp_generator(2, 2, (8,)), networks.mlp_discriminator(2, (8,)), seed=0)
    model.compile()
    return model


def test_stops_at_the_step_budget_and_reports_each_chunk():
    seen = []
    steps, seconds, logs = fit_within(_model(), data.load("ring8", batch_size=8, repeat=True), max_steps=5, chunk=2,
                                      on_chunk=lambda done, secs, logs: seen.append(done))
    assert steps == 5 and seen == [2, 4, 5] and seconds > 0 and "g_loss" in logs


def test_time_budget_and_bad_budgets():
    ring = data.load("ring8", batch_size=8, repeat=True)
    assert fit_within(_model(), ring, max_seconds=1e-9, chunk=3)[0] == 0  # spent before the first chunk
    assert fit_within(_model(), ring, max_steps=4, max_seconds=3600, chunk=3)[0] == 4
    with pytest.raises(ValueError, match="Pass `max_steps` or `max_seconds`"):
        fit_within(_model(), None)
    with pytest.raises(ValueError, match="`chunk` must be positive. Received: chunk=0"):
        fit_within(_model(), None, max_steps=3, chunk=0)
