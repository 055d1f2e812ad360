"""Evaluation metrics: pure functions over features, and Keras wrappers."""

from keras_gans.metrics.modes import count_modes
from keras_gans.metrics.modes import mode_statistics
from keras_gans.metrics.mnist_classifier import load_mnist_classifier
from keras_gans.metrics.mnist_classifier import mnist_features_model
from keras_gans.metrics.conditional import code_purity
from keras_gans.metrics.conditional import label_accuracy
from keras_gans.metrics.conditional import nearest_center
