"""Evaluation metrics: pure functions over features, and Keras wrappers."""

from keras_gans.metrics.modes import count_modes
from keras_gans.metrics.modes import mode_statistics
from keras_gans.metrics.mnist_classifier import load_mnist_classifier
from keras_gans.metrics.mnist_classifier import mnist_features_model
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
from keras_gans.metrics.restoration import hole_psnr
from keras_gans.metrics.restoration import psnr_y
from keras_gans.metrics.restoration import rgb_to_y
from keras_gans.metrics.restoration import ssim_y
