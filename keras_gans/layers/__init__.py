"""Layers the networks and models share (one class a file)."""

from keras_gans.layers.image_pool import ImagePool
from keras_gans.layers.reflection_padding import ReflectionPadding2D
