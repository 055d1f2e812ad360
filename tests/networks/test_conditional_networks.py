"""Shapes, inputs and argument checks of the conditional networks."""

import numpy as np
import pytest

from keras_gans import networks


@pytest.mark.parametrize("encoding", ["embedding", "one_hot"])
def test_conditional_dcgan_generator(encoding):
    g = networks.conditional_dcgan_generator(
        (28, 28, 1), 16, 10, label_encoding=encoding, base_filters=8
    )
    assert [t.name for t in g.inputs] == ["z", "label"]
    images = np.asarray(g([np.zeros((3, 16), "float32"), np.array([0, 5, 9], "int32")]))
    assert images.shape == (3, 28, 28, 1) and np.abs(images).max() <= 1.0
    # the label changes the image: same z, different labels
    assert not np.allclose(images[0], images[1])


def test_infogan_generator_has_continuous_input():
    g = networks.conditional_dcgan_generator((28, 28, 1), 8, 10, num_continuous=2, base_filters=8)
    assert [t.name for t in g.inputs] == ["z", "label", "continuous"]


@pytest.mark.parametrize("conditioning", ["concat", "projection"])
def test_conditional_dcgan_discriminator(conditioning):
    d = networks.conditional_dcgan_discriminator(
        (28, 28, 1), 10, conditioning=conditioning, base_filters=8
    )
    x = np.random.default_rng(0).uniform(-1, 1, (2, 28, 28, 1)).astype("float32")
    logits = np.asarray(d([np.concatenate([x[:1], x[:1]]), np.array([1, 2], "int32")]))
    assert logits.shape == (2, 1)
    assert logits[0, 0] != pytest.approx(logits[1, 0], abs=1e-7)  # the label matters


def test_auxiliary_discriminators():
    d = networks.auxiliary_dcgan_discriminator(
        (28, 28, 1), 10, num_continuous=2, head_units=16, base_filters=8
    )
    outs = d(np.zeros((2, 28, 28, 1), "float32"))
    assert [tuple(o.shape) for o in outs] == [(2, 1), (2, 10), (2, 2)]
    d = networks.auxiliary_mlp_discriminator(2, 8)
    assert [tuple(o.shape) for o in d(np.zeros((4, 2), "float32"))] == [(4, 1), (4, 8)]


def test_infogan_paper_dense_layers():
    """``dense_units``: InfoGAN's FC 1024 layers, shared by D's logit and Q's heads."""
    g = networks.conditional_dcgan_generator(
        (28, 28, 1), 8, 10, num_continuous=2, label_encoding="one_hot", base_filters=8,
        dense_units=32,
    )
    d = networks.auxiliary_dcgan_discriminator(
        (28, 28, 1), 10, num_continuous=2, head_units=16, base_filters=8, dense_units=32
    )
    x = g([np.zeros((2, 8), "float32"), np.array([0, 9], "int32"), np.zeros((2, 2), "float32")])
    assert tuple(x.shape) == (2, 28, 28, 1)
    assert [tuple(o.shape) for o in d(x)] == [(2, 1), (2, 10), (2, 2)]
    # G: [z | one-hot | continuous] (8 + 10 + 2) -> Dense(32); D: the 7x7x16 convolutions -> Dense(32).
    assert [layer.kernel.shape[0] for layer in g.layers if layer.name.startswith("dense")][0] == 20
    dense_in = [tuple(layer.kernel.shape) for layer in d.layers if layer.name.startswith("dense")]
    assert dense_in[0] == (7 * 7 * 16, 32)
    # The logit and both Q heads read the shared 32-wide layer (Q through its 16-unit layer).
    assert d.get_layer("logits").kernel.shape[0] == 32
    assert d.get_layer("class_logits").kernel.shape[0] == 16


@pytest.mark.parametrize("conditioning", ["concat", "projection"])
def test_conditional_mlps(conditioning):
    g = networks.conditional_mlp_generator(2, 3, 8, hidden_units=(8,))
    d = networks.conditional_mlp_discriminator(2, 8, conditioning=conditioning, hidden_units=(8,))
    x = np.asarray(g([np.zeros((4, 3), "float32"), np.arange(4, dtype="int32")]))
    assert x.shape == (4, 2)
    assert tuple(d([x, np.arange(4, dtype="int32")]).shape) == (4, 1)


def test_bad_arguments():
    with pytest.raises(
        ValueError, match="`num_classes` must be an integer >= 2. Received: num_classes=1"
    ):
        networks.conditional_dcgan_generator(num_classes=1)
    with pytest.raises(ValueError, match="`label_encoding` must be one of"):
        networks.conditional_mlp_generator(label_encoding="binary")
    with pytest.raises(ValueError, match="`conditioning` must be one of"):
        networks.conditional_dcgan_discriminator(conditioning="film")
    with pytest.raises(ValueError, match="`num_continuous` must be a non-negative integer"):
        networks.auxiliary_mlp_discriminator(num_continuous=-1)
    with pytest.raises(ValueError, match="DCGAN networks support square images"):
        networks.conditional_dcgan_generator((30, 30, 1))
