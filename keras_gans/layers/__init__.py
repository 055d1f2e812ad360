"""Custom layers, one class a file."""

from keras_gans.layers.bicubic_upsampling import BicubicUpsampling
from keras_gans.layers.diff_augment import DiffAugment
from keras_gans.layers.generator_selector import GeneratorSelector
from keras_gans.layers.image_pool import ImagePool
from keras_gans.layers.maxout import Maxout
from keras_gans.layers.minibatch_discrimination import MinibatchDiscrimination
from keras_gans.layers.pack_samples import PackSamples
from keras_gans.layers.reflection_padding import ReflectionPadding2D
from keras_gans.layers.stratified_latent import StratifiedLatent
from keras_gans.layers.subpixel_upsampling import SubPixelUpsampling
from keras_gans.layers.tile_concatenate import TileConcatenate
from keras_gans.layers.virtual_batch_normalization import VirtualBatchNormalization

__all__ = [
    "BicubicUpsampling",
    "DiffAugment",
    "GeneratorSelector",
    "ImagePool",
    "Maxout",
    "MinibatchDiscrimination",
    "PackSamples",
    "ReflectionPadding2D",
    "StratifiedLatent",
    "SubPixelUpsampling",
    "TileConcatenate",
    "VirtualBatchNormalization",
]
