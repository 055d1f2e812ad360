"""Export generators as TF Serving SavedModel versions and TFLite files."""

from keras_gans.export.generator import export_generator
from keras_gans.export.generator import write_saved_model
from keras_gans.export.tflite import convert_saved_model
from keras_gans.export.tflite import run_tflite
from keras_gans.export.versions import existing_versions
from keras_gans.export.versions import next_version
