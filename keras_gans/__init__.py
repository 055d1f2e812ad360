"""keras_gans: GAN objectives as Keras models that train with fit() and export."""

from keras_gans import callbacks
from keras_gans import data
from keras_gans import export
from keras_gans import losses
from keras_gans import metrics
from keras_gans import models
from keras_gans import networks
from keras_gans import recipes
from keras_gans.version import __version__
