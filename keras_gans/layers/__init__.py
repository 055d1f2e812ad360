"""Custom layers, one class a file."""

from keras_gans.layers.subpixel_upsampling import SubPixelUpsampling
from keras_gans.layers.tile_concatenate import TileConcatenate

__all__ = ["SubPixelUpsampling", "TileConcatenate"]
