"""Evaluation metrics: pure functions over features, and Keras wrappers."""

from keras_gans.metrics.modes import count_modes
from keras_gans.metrics.modes import mode_statistics
