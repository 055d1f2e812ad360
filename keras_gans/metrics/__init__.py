"""Evaluation metrics: pure functions over features, and Keras wrappers."""

from keras_gans.metrics.modes import count_modes
from keras_gans.metrics.modes import mode_statistics
from keras_gans.metrics.mnist_classifier import load_mnist_classifier
from keras_gans.metrics.mnist_classifier import mnist_features_model
from keras_gans.metrics.stacked_mnist import mode_histogram_statistics
from keras_gans.metrics.stacked_mnist import stacked_mnist_statistics
