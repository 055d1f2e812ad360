import keras
import numpy as np
import pytest

from keras_gans import networks


# r <- (r - 1) * stride + kernel from the logit back to the input, kernel 4:
# two stride-1 convs: 1 -> 4 -> 7; then per stride-2 conv: 7 -> 16 -> 34 -> 70 -> 142.
@pytest.mark.parametrize("num_downsampling,field", [(0, 7), (1, 16), (2, 34), (3, 70), (4, 142)])
def test_receptive_field_by_hand(num_downsampling, field):
    d = networks.patchgan_discriminator(1, 1, num_downsampling=num_downsampling, base_filters=4)
    assert networks.receptive_field(d) == field


@pytest.mark.parametrize("num_downsampling,size", [(1, 32), (2, 32)])
def test_receptive_field_matches_the_pixels_one_logit_sees(num_downsampling, size):
    # Empirical check: the input pixels with a non-zero gradient for the
    # centre logit span at most the computed field (padding clips it at borders).
    d = networks.patchgan_discriminator(1, num_downsampling=num_downsampling, base_filters=4, norm="none")
    import tensorflow as tf

    x = tf.Variable(np.random.default_rng(0).normal(size=(1, size, size, 1)).astype("float32"))
    with tf.GradientTape() as tape:
        logits = d(x)
        centre = logits[0, logits.shape[1] // 2, logits.shape[2] // 2, 0]
    grad = np.abs(tape.gradient(centre, x).numpy()[0, :, :, 0]) > 0
    rows, cols = np.nonzero(grad.any(axis=1))[0], np.nonzero(grad.any(axis=0))[0]
    span = max(rows.max() - rows.min() + 1, cols.max() - cols.min() + 1)
    field = networks.receptive_field(d)
    assert span <= field
    assert span >= min(field, size) - 2 * 2**num_downsampling  # not much smaller either


def test_patchgan_output_is_a_map_of_logits():
    d = networks.patchgan_discriminator(1, 3, num_downsampling=2, base_filters=4)
    out = d([np.zeros((2, 32, 32, 1), "float32"), np.zeros((2, 32, 32, 3), "float32")])
    assert tuple(out.shape) == (2, 8, 8, 1)
    unconditional = networks.patchgan_discriminator(3, num_downsampling=1, base_filters=4)
    assert tuple(unconditional(np.zeros((1, 24, 16, 3), "float32")).shape) == (1, 12, 8, 1)
    assert len(d.inputs) == 2 and len(unconditional.inputs) == 1


def test_patchgan_bad_arguments():
    with pytest.raises(ValueError, match="`num_downsampling` must be >= 0"):
        networks.patchgan_discriminator(1, num_downsampling=-1)
    with pytest.raises(ValueError, match="`target_channels` must be positive"):
        networks.patchgan_discriminator(1, target_channels=0)
    assert isinstance(networks.patchgan_discriminator(1), keras.Model)
