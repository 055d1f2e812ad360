"""Keras layers used by the objectives' networks (one class a file)."""

from keras_gans.layers.generator_selector import GeneratorSelector
from keras_gans.layers.minibatch_discrimination import MinibatchDiscrimination
from keras_gans.layers.pack_samples import PackSamples
