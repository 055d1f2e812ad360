"""Callbacks for GAN training."""

from keras_gans.callbacks.adaptive_augmentation import AdaptiveAugmentation
from keras_gans.callbacks.checkpoint import ResumableCheckpoint
from keras_gans.callbacks.checkpoint import latest_epoch
from keras_gans.callbacks.divergence import StopOnDivergence
from keras_gans.callbacks.divergence import TrainingDivergedError
from keras_gans.callbacks.evaluation import EvaluateGenerator
from keras_gans.callbacks.sample_grid import SampleGrid
from keras_gans.callbacks.sample_grid import image_grid
from keras_gans.callbacks.sample_grid import save_grid
from keras_gans.callbacks.sample_grid import save_png
from keras_gans.callbacks.sample_grid import save_translation_grid
from keras_gans.callbacks.sample_grid import translation_columns
