import keras
import numpy as np
import pytest

from keras_gans import layers
from keras_gans import networks


def test_resnet_generator_shapes_and_stride():
    g = networks.resnet_generator(1, 3, num_blocks=2, base_filters=4)
    for size in ((32, 32), (12, 20)):
        y = keras.ops.convert_to_numpy(g(np.zeros((2, *size, 1), "float32")))
        assert y.shape == (2, *size, 3)
    assert networks.spatial_multiple(g) == 4


def test_resnet_generator_uses_reflection_padding_and_instance_norm():
    g = networks.resnet_generator(1, num_blocks=2, base_filters=4)
    kinds = {type(layer) for layer in g.layers}
    assert layers.ReflectionPadding2D in kinds
    norms = [layer for layer in g.layers if isinstance(layer, keras.layers.GroupNormalization)]
    assert norms and all(layer.groups == layer.input.shape[-1] for layer in norms)  # groups=-1
    assert sum(isinstance(layer, keras.layers.Add) for layer in g.layers) == 2


def test_resnet_generator_bad_arguments():
    with pytest.raises(ValueError, match="`num_blocks` and `num_downsampling` must be >= 0"):
        networks.resnet_generator(1, num_blocks=-1)
    with pytest.raises(ValueError, match="must be a multiple of 4"):
        networks.resnet_generator(1, image_size=(30, 32))
