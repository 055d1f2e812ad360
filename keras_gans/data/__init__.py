"""Datasets: built-in offline sets, 2-D mixtures, tfds and image folders."""

from keras_gans.data.arrays import to_dataset
from keras_gans.data.arrays import validate_images
from keras_gans.data.arrays import validate_labels
from keras_gans.data.labelled import load_labelled
from keras_gans.data.loader import NAMES
from keras_gans.data.loader import load
from keras_gans.data.loader import load_arrays
from keras_gans.data.paired import load_paired
from keras_gans.data.paired import load_paired_arrays
from keras_gans.data.stacked_mnist import stacked_mnist
from keras_gans.data.toys import mixture_spec
from keras_gans.data.toys import sample_mixture
from keras_gans.data.unpaired import load_unpaired
from keras_gans.data.unpaired import load_unpaired_arrays
