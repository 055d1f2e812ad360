import numpy as np
import pytest
import tensorflow as tf

from keras_gans.layers import ImagePool


def _batch(values):
    return np.asarray(values, "float32").reshape(-1, 1, 1, 1) * np.ones((1, 2, 2, 1), "float32")


def test_pool_fills_first_then_returns_only_current_or_stored_images():
    pool = ImagePool(4, seed=0)
    pool.build((None, 2, 2, 1))
    # Filling: the first 4 images are stored and returned unchanged.
    out = pool(_batch([1, 2, 3])).numpy()[:, 0, 0, 0]
    np.testing.assert_array_equal(out, [1, 2, 3])
    out = pool(_batch([4, 5])).numpy()[:, 0, 0, 0]
    assert out[0] == 4  # fills the last slot
    assert int(pool.count.numpy()) == 4
    seen = {1.0, 2.0, 3.0, 4.0, 5.0}
    assert out[1] in seen
    swapped = 0
    for step in range(40):
        new = 100.0 + step
        out = pool(_batch([new])).numpy()[0, 0, 0, 0]
        assert out == new or out in seen  # never an image that was not generated
        swapped += out != new
        seen.add(new)
        stored = set(pool.images.numpy()[:, 0, 0, 0].tolist())
        assert len(stored) == 4 and stored <= seen
    # A swap happens with probability 1/2: 40 draws give 20 +- 3.2 swaps.
    assert 8 <= swapped <= 32


def test_pool_works_inside_tf_function_and_keeps_shape():
    pool = ImagePool(3, seed=1)
    pool.build((None, 4, 4, 2))
    step = tf.function(lambda x: pool(x))
    for _ in range(3):
        out = step(tf.random.uniform((2, 4, 4, 2)))
    assert tuple(out.shape) == (2, 4, 4, 2)
    assert int(pool.count.numpy()) == 3


def test_pool_size_zero_passes_through_and_bad_args():
    pool = ImagePool(0)
    pool.build((None, 2, 2, 1))
    x = _batch([7, 8])
    np.testing.assert_array_equal(pool(x), x)
    with pytest.raises(ValueError, match="`pool_size` must be >= 0"):
        ImagePool(-1)
    with pytest.raises(ValueError, match="fully known image shape"):
        ImagePool(2).build((None, None, None, 1))


def test_pool_size_zero_makes_no_variables_so_it_runs_under_mirrored_strategy():
    # CycleGAN(pool_size=0) calls its unbuilt pools inside train_step; a buffer
    # created there failed under MirroredStrategy (variables made in a replica fn).
    from keras_gans.testing.distribution import mirrored_strategy

    strategy = mirrored_strategy(2)
    with strategy.scope():
        pool = ImagePool(0)
    x = tf.ones((2, 3, 5, 1))
    out = strategy.run(tf.function(lambda images: pool(images)), (x,))
    assert pool.weights == []
    np.testing.assert_array_equal(strategy.experimental_local_results(out)[0], x)
