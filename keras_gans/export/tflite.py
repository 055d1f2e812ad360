"""SavedModel -> TFLite conversion and running .tflite files with LiteRT."""

import numpy as np
import tensorflow as tf


def convert_saved_model(saved_model_dir, signature_keys=None, optimization=None):
    """Converts a SavedModel to TFLite bytes.

    Args:
        saved_model_dir: the SavedModel directory.
        signature_keys: signatures to convert (default: all).
        optimization: None (float32), 'float16' or 'dynamic_range'.
    """
    converter = tf.lite.TFLiteConverter.from_saved_model(saved_model_dir, signature_keys=signature_keys)
    if optimization == "float16":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.target_spec.supported_types = [tf.float16]
    elif optimization == "dynamic_range":
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
    elif optimization is not None:
        raise ValueError(
            "`optimization` must be None, 'float16' or 'dynamic_range'. "
            f"Received: optimization={optimization!r}"
        )
    return converter.convert()


def interpreter(model, num_threads=None, xnnpack=True):
    """A LiteRT ``Interpreter`` of a .tflite file (path or bytes).

    Args:
        model: path to a .tflite file, or its bytes.
        num_threads: CPU threads for the kernels and the XNNPACK delegate (None: LiteRT's default).
        xnnpack: LiteRT applies its default XNNPACK delegate (``OpResolverType.AUTO``);
            False runs the built-in kernels only (``BUILTIN_WITHOUT_DEFAULT_DELEGATES``).
    """
    from ai_edge_litert.interpreter import Interpreter
    from ai_edge_litert.interpreter import OpResolverType

    resolver = OpResolverType.AUTO if xnnpack else OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES
    source = {"model_content": bytes(model)} if isinstance(model, (bytes, bytearray)) else {"model_path": str(model)}
    return Interpreter(**source, num_threads=num_threads, experimental_op_resolver_type=resolver)


def run_tflite(model, inputs, signature="serving_default"):
    """Runs a .tflite file (path or bytes) through LiteRT's signature runner.

    Args:
        model: path to a .tflite file, or its bytes.
        inputs: dict of input name -> numpy array (any batch size).
        signature: signature key.

    Returns:
        dict of output name -> numpy array.
    """
    runner = interpreter(model).get_signature_runner(signature)
    expected = runner.get_input_details()
    missing = set(expected) - set(inputs)
    if missing or set(inputs) - set(expected):
        raise ValueError(
            f"TFLite signature {signature!r} takes inputs {sorted(expected)}. "
            f"Received: {sorted(inputs)}"
        )
    feed = {}
    for name, detail in expected.items():
        value = np.asarray(inputs[name])
        want = tuple(int(d) for d in detail["shape_signature"])
        if value.ndim != len(want) or any(w not in (-1, v) for w, v in zip(want, value.shape, strict=True)):
            raise ValueError(
                f"TFLite input {name!r} expects shape {want} (-1: any). Received shape {value.shape}."
            )
        feed[name] = value.astype(detail["dtype"])
    return {k: np.asarray(v) for k, v in runner(**feed).items()}
