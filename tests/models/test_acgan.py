"""ACGAN: learning on ring8 (label = mode), its options, bad inputs (the rest: tests/contract)."""

import pytest

import keras_gans
from keras_gans import models
from keras_gans import networks
from keras_gans import testing
from tests.models.objective_toys import K
from tests.models.objective_toys import adam_pair
from tests.models.objective_toys import auxiliary_pair
from tests.models.objective_toys import measured_run
from tests.models.objective_toys import ring8_label_accuracy
from tests.models.objective_toys import ring8_labelled


def make(class_weight=1.0):
    model = models.ACGAN(*auxiliary_pair(), num_classes=K, class_weight=class_weight, seed=0)
    model.compile(**adam_pair(1e-3))
    return model


trained = measured_run(make, ring8_label_accuracy, ring8_labelled, steps=200)


@pytest.mark.slow
def test_learns_to_follow_labels(trained):
    _, before, after, history = trained
    assert before < 0.4, before  # untrained: about chance (1/8)
    assert after >= 0.8 and after > before + 0.4, (before, after)
    # D's auxiliary classifier learned the real modes: its cross-entropy, averaged
    # over all 200 steps, is far below chance (ln 8 = 2.08)
    assert history["real_class_loss"][-1] < 1.2, history


def test_classify_fakes_off_still_trains():
    model = models.ACGAN(*auxiliary_pair(hidden_units=(8,)), num_classes=K, classify_fakes=False)
    model.compile()
    testing.fit_and_assert_weights_changed(model, ring8_labelled(32), steps=2)
    assert model.get_config()["classify_fakes"] is False


def test_bad_arguments():
    g = networks.conditional_mlp_generator(num_classes=K)
    d = networks.auxiliary_mlp_discriminator(num_classes=K)
    with pytest.raises(ValueError, match="`class_weight` must be >= 0. Received: class_weight=-1"):
        models.ACGAN(g, d, num_classes=K, class_weight=-1)
    with pytest.raises(ValueError, match=r"two outputs \[logits, class_logits\]"):
        models.ACGAN(g, networks.mlp_discriminator(), num_classes=K)
    with pytest.raises(ValueError, match=r"generator with inputs \[z, label\]"):
        models.ACGAN(networks.mlp_generator(), d, num_classes=K)
    with pytest.raises(ValueError, match=r"`labels` must be in \[0, 8\)"):
        models.ACGAN(g, d, num_classes=K).generate(3, labels=[0, 8, 1])


def test_fit_without_labels_is_an_error():
    points, _ = keras_gans.data.load_arrays("ring8", num_examples=64)
    with pytest.raises(ValueError, match="ACGAN trains on `\\(images, labels\\)` batches"):
        make().fit(keras_gans.data.to_dataset(points, batch_size=32), epochs=1, verbose=0)
