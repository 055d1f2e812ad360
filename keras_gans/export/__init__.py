"""Export generators as TF Serving SavedModel versions, TFLite and ONNX files."""

from keras_gans.export.generator import export_generator
from keras_gans.export.generator import write_saved_model
from keras_gans.export.keras_file import load_model
from keras_gans.export.onnx import run_onnx
from keras_gans.export.run_outputs import save_and_export
from keras_gans.export.serving import ServedGenerator
from keras_gans.export.tflite import convert_saved_model
from keras_gans.export.tflite import run_tflite
from keras_gans.export.versions import existing_versions
from keras_gans.export.versions import next_version
from keras_gans.export.versions import remove_stale_staging
