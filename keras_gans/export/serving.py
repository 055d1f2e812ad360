"""Calling a published SavedModel version from Python, with its inputs checked first."""

import os

import numpy as np
import tensorflow as tf


class ServedGenerator:
    """A loaded ``<export_dir>/<version>/`` whose signatures validate their inputs.

    The raw ``tf.saved_model.load(...).signatures[...]`` answers a wrong
    shape with an ``InvalidArgumentError`` from deep inside the graph (a
    matrix-size mismatch in some layer). This wrapper checks names, dtypes
    and shapes against the signature first and raises a ``ValueError`` that
    says what was received and what the signature expects.

    Args:
        path: a version directory written by ``export_generator``.

    Raises:
        ValueError: ``path`` is not a SavedModel directory.

    Example:
    ```python
    served = ServedGenerator("exports/dcgan/1")
    images = served(z=np.random.randn(4, 100).astype("float32"))["images"]
    ```
    """

    def __init__(self, path):
        path = os.fspath(path)
        if not os.path.isfile(os.path.join(path, "saved_model.pb")):
            raise ValueError(f"{path!r} is not a SavedModel directory (no saved_model.pb).")
        self.path = path
        self._loaded = tf.saved_model.load(path)
        self.signatures = dict(self._loaded.signatures)

    def input_specs(self, signature="serving_default"):
        """``{name: tf.TensorSpec}`` of a signature."""
        if signature not in self.signatures:
            raise ValueError(
                f"Unknown signature {signature!r}. Expected one of {sorted(self.signatures)}."
            )
        return dict(self.signatures[signature].structured_input_signature[1])

    def __call__(self, signature="serving_default", **inputs):
        """Runs a signature on numpy/tensor inputs; returns ``{name: numpy array}``.

        Float inputs of any width are cast to the signature's float dtype;
        integer inputs must be integers.

        Raises:
            ValueError: missing/extra input names, a wrong rank or size, or a
                wrong kind of dtype.
        """
        specs = self.input_specs(signature)
        if set(inputs) != set(specs):
            raise ValueError(
                f"Signature {signature!r} takes inputs {sorted(specs)}. Received: {sorted(inputs)}"
            )
        feed = {}
        for name, spec in specs.items():
            value = np.asarray(inputs[name])
            expected = tuple(spec.shape.as_list())
            shown = tuple("batch" if d is None else d for d in expected)
            if value.ndim != len(expected) or any(
                e is not None and e != got for e, got in zip(expected, value.shape, strict=False)
            ):
                raise ValueError(
                    f"Input {name!r} of signature {signature!r} expects shape {shown}. "
                    f"Received shape {value.shape}."
                )
            want = spec.dtype.as_numpy_dtype
            if spec.dtype.is_floating and value.dtype.kind != "f":
                raise ValueError(
                    f"Input {name!r} expects floating point ({spec.dtype.name}). "
                    f"Received dtype {value.dtype}."
                )
            if spec.dtype.is_integer and value.dtype.kind not in "iu":
                raise ValueError(
                    f"Input {name!r} expects integers ({spec.dtype.name}). "
                    f"Received dtype {value.dtype}."
                )
            feed[name] = tf.constant(value.astype(want))
        outputs = self.signatures[signature](**feed)
        return {key: value.numpy() for key, value in outputs.items()}
