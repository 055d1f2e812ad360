"""The benchmarks' judges learn what they judge: domain and attributes of real images."""

import numpy as np

from keras_gans.metrics import readers


def test_domain_classifier_tells_dark_from_bright_digits():
    rng = np.random.default_rng(0)
    dark = rng.uniform(-1.0, -0.6, (64, 32, 32, 1)).astype("float32")
    bright = rng.uniform(0.6, 1.0, (64, 32, 32, 1)).astype("float32")
    model = readers.domain_classifier(dark, bright, seed=0, epochs=5)
    guesses = readers.predict(model, readers.crop28(np.concatenate([dark, bright]))).argmax(1)
    assert np.mean(guesses == np.repeat([0, 1], 64)) > 0.9


def test_attribute_judge_outputs_one_probability_per_attribute():
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (16, 12, 12, 3)).astype("float32")
    attributes = (rng.random((16, 4)) < 0.5).astype("float32")
    judged = readers.attribute_judge(images, attributes, epochs=1).predict(images, verbose=0)
    assert judged.shape == (16, 4) and ((judged >= 0) & (judged <= 1)).all()
