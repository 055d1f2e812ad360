"""VAE: the bound in a case solved by hand, learning on real digits, and what it refuses."""

import math

import keras
import numpy as np
import pytest

from keras_gans import data
from keras_gans import models
from keras_gans import networks


def _linear_vae(decoder_weight):
    """1-D data, q(z | x) = N(0, 1) (the prior), p(x | z) = N(decoder_weight * z, 1)."""
    encoder = networks.mlp_vae_encoder((1,), 1, hidden_units=())
    decoder = networks.mlp_vae_decoder((1,), 1, hidden_units=())
    for layer in encoder.layers[1:]:
        layer.set_weights([np.zeros_like(w) for w in layer.get_weights()])
    decoder.layers[-1].set_weights(
        [np.full((1, 1), decoder_weight, "float32"), np.zeros(1, "float32")]
    )
    return models.VAE(encoder, decoder, likelihood="gaussian", output_std=1.0, seed=0)


def test_elbo_and_log_likelihood_of_a_tiny_case():
    # Decoder weight 0: p(x | z) = N(x; 0, 1) whatever z and q = prior, so KL = 0 and every
    # importance weight is p(x | z): ELBO = log p(x) = log N(1; 0, 1) = -1.418939, exactly.
    x = np.ones((4, 1), "float32")
    flat = _linear_vae(0.0)
    np.testing.assert_allclose(flat.elbo(x), -1.418939, atol=1e-5)
    np.testing.assert_allclose(flat.log_likelihood(x, num_samples=7), -1.418939, atol=1e-5)
    # Decoder weight 1: x = z + noise, z ~ N(0, 1), so p(x) = N(x; 0, 2): log p(1) = -1/4 - ln(2 pi * 2) / 2
    # = -1.515512. The ELBO with q = prior is E_z log N(1; z, 1) = -(1 + E z²) / 2 - ln(2 pi) / 2 = -1.918939.
    # Averaged over 4,000 one-sample estimates (standard deviation ~1) and 2,000 importance samples.
    unit = _linear_vae(1.0)
    many = np.ones((4000, 1), "float32")
    assert unit.elbo(many, seed=1).mean() == pytest.approx(-1.918939, abs=0.05)
    log_px = unit.log_likelihood(many[:20], num_samples=2000, seed=2)
    assert log_px.mean() == pytest.approx(-1.515512, abs=0.02)
    assert log_px.mean() > unit.elbo(many, seed=1).mean()  # the bound tightens with k


def _binarised_digits():
    images, _ = data.load_arrays("mnist_5k")
    return np.where(images > 0.0, 1.0, -1.0).astype("float32")


@pytest.mark.slow
def test_held_out_elbo_rises_on_real_digits():
    digits = _binarised_digits()
    train, held_out = digits[:4000], digits[4500:]
    keras.utils.set_random_seed(0)
    vae = models.VAE(
        networks.mlp_vae_encoder((28, 28, 1), 10, (200,)),
        networks.mlp_vae_decoder((28, 28, 1), 10, (200,)),
        seed=0,
    )
    vae.compile()
    before = vae.elbo(held_out).mean()
    history = vae.fit(train, batch_size=100, epochs=2, verbose=0, shuffle=True)
    after = vae.elbo(held_out).mean()
    # Untrained: about -550 nats (every pixel a coin flip); two epochs: about -220.
    assert after > before + 150, (before, after)
    assert history.history["neg_elbo"][-1] < history.history["neg_elbo"][0]
    reconstructions = vae.reconstruct(held_out[:16])
    assert reconstructions.shape == (16, 28, 28, 1) and np.abs(reconstructions).max() <= 1.0
    samples = vae.generate(8, seed=3)
    np.testing.assert_array_equal(samples, vae.generate(8, seed=3))
    mean, log_variance = vae.encode(held_out[:5])
    assert mean.shape == log_variance.shape == (5, 10)


def test_refuses_what_does_not_fit():
    encoder, decoder = (
        networks.mlp_vae_encoder((2,), 3, (8,)),
        networks.mlp_vae_decoder((2,), 3, (8,)),
    )
    with pytest.raises(
        ValueError, match=r"`likelihood` must be one of .*Received: likelihood='poisson'"
    ):
        models.VAE(encoder, decoder, likelihood="poisson")
    with pytest.raises(ValueError, match=r"`output_std` must be positive\. Received: output_std=0"):
        models.VAE(encoder, decoder, output_std=0)
    with pytest.raises(
        ValueError, match=r"must return \[mean, log_variance\]\. Received an encoder with 1 output"
    ):
        models.VAE(networks.mlp_generator(3, 2), decoder)
    with pytest.raises(
        ValueError, match=r"shaped like the encoder's input\. Received \(4,\) from the decoder"
    ):
        models.VAE(encoder, networks.mlp_vae_decoder((4,), 3, (8,)))
    vae = models.VAE(encoder, decoder)
    with pytest.raises(ValueError, match=r"VAE has no discriminator.*Received: d_optimizer='adam'"):
        vae.compile(d_optimizer="adam")
    with pytest.raises(
        ValueError, match=r"expects examples of shape \('batch', 2\)\. Received shape \(3, 5\)"
    ):
        vae.encode(np.zeros((3, 5), "float32"))
    with pytest.raises(ValueError, match=r"`num_samples` must be >= 1\. Received: num_samples=0"):
        vae.log_likelihood(np.zeros((3, 2), "float32"), num_samples=0)
    vae.compile()
    assert vae.d_optimizer is None and vae.discriminator is None
    with pytest.raises(ValueError, match=r"Received batches of images of shape \((None|4), 3\)"):
        vae.fit(np.zeros((8, 3), "float32"), batch_size=4, verbose=0)
    assert math.isfinite(
        vae.fit(np.zeros((8, 2), "float32"), batch_size=4, verbose=0).history["neg_elbo"][0]
    )
