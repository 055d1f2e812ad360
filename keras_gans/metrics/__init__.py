"""Evaluation metrics: pure functions over features, and Keras wrappers."""

from keras_gans.metrics.modes import count_modes
from keras_gans.metrics.modes import mode_statistics
from keras_gans.metrics.mnist_classifier import load_mnist_classifier
from keras_gans.metrics.mnist_classifier import mnist_features_model
from keras_gans.metrics.optimal_discriminator import fit_discriminator_1d
from keras_gans.metrics.optimal_discriminator import gaussian_density
from keras_gans.metrics.optimal_discriminator import jensen_shannon_divergence
from keras_gans.metrics.optimal_discriminator import kl_divergence
from keras_gans.metrics.optimal_discriminator import max_abs_error
from keras_gans.metrics.optimal_discriminator import optimal_discriminator
from keras_gans.metrics.optimal_discriminator import value_function
