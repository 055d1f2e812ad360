"""Feature extractors: MNIST classifier, keras InceptionV3 (random weights), 2015 graph loader."""

import numpy as np
import pytest
import tensorflow as tf

from keras_gans.metrics import extractors


def _write_tiny_inception_graph(path):
    # A stand-in for classify_image_graph_def.pb: same tensor names, pool_3 = spatial mean.
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, None, None, 3], name="ExpandDims")
        tf.reduce_mean(x, axis=[1, 2], keepdims=True, name="pool_3")
    with open(path, "wb") as f:
        f.write(graph.as_graph_def().SerializeToString())


def test_inception_2015_loader_feeds_0_255_and_reads_pool_3(tmp_path):
    path = str(tmp_path / "classify_image_graph_def.pb")
    _write_tiny_inception_graph(path)
    extract = extractors.get_extractor("inception_2015", graph_path=path, batch_size=3)
    images = np.random.default_rng(0).uniform(-1, 1, (5, 8, 8, 3)).astype("float32")
    features = extract(images)
    assert features.shape == (5, 3)
    np.testing.assert_allclose(features, ((images + 1) * 127.5).mean(axis=(1, 2)), rtol=1e-5)
    gray = extract(images[..., :1])  # grayscale is tiled to RGB
    expected_gray = ((images[..., 0] + 1) * 127.5).mean(axis=(1, 2))
    np.testing.assert_allclose(gray, np.repeat(expected_gray[:, None], 3, axis=1), rtol=1e-5)


def test_inception_2015_loader_errors(tmp_path):
    with pytest.raises(ValueError, match="Cannot read"):
        extractors.inception_2015_extractor(str(tmp_path / "missing.pb"))
    path = str(tmp_path / "g.pb")
    _write_tiny_inception_graph(path)
    with pytest.raises(ValueError, match="not in the graph"):
        extractors.inception_2015_extractor(path, output_tensor="mixed_10/join:0")


def test_inception_v3_random_weights_tiny_batch():
    # 75 px (InceptionV3's minimum) keeps the CPU test short; the default is 299.
    extract = extractors.inception_v3_extractor(weights=None, batch_size=2, size=75)
    features = extract(np.zeros((3, 28, 28, 1), "float32"))
    assert features.shape == (3, 2048) and np.isfinite(features).all()


def test_mnist_extractor_shapes_and_errors():
    digits = np.zeros((4, 28, 28, 1), "float32")
    assert extractors.mnist_extractor()(digits).shape == (4, 128)
    probabilities = extractors.mnist_extractor(probabilities=True)(digits)
    np.testing.assert_allclose(probabilities.sum(1), 1.0, atol=1e-5)
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        extractors.mnist_extractor()(digits + 5)
    with pytest.raises(ValueError, match="Unknown feature extractor"):
        extractors.get_extractor("vgg")
