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
from keras_gans.metrics.stacked_mnist import mode_histogram_statistics
from keras_gans.metrics.stacked_mnist import stacked_mnist_statistics
from keras_gans.metrics.frechet import frechet_distance
from keras_gans.metrics.kernel import kernel_distance
from keras_gans.metrics.kernel import mmd2
from keras_gans.metrics.inception_score import inception_score
from keras_gans.metrics.inception_score import mode_score
from keras_gans.metrics.wasserstein import sliced_wasserstein_distance
from keras_gans.metrics.wasserstein import wasserstein_distance
from keras_gans.metrics.nearest_neighbors import density_coverage
from keras_gans.metrics.nearest_neighbors import one_nn_accuracy
from keras_gans.metrics.nearest_neighbors import precision_recall
from keras_gans.metrics.extractors import get_extractor
from keras_gans.metrics.streaming import FrechetDistance
from keras_gans.metrics.streaming import KernelDistance
