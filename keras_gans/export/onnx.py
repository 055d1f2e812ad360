"""SavedModel -> ONNX conversion (tf2onnx) and running .onnx files with ONNX Runtime."""

import contextlib
import json
import logging
import os

import numpy as np

ONNX_FILE = "model.onnx"
# tf2onnx 1.17 writes opsets up to 18 (its default is 15); 17 has every op our
# generators use and loads in every onnxruntime since 1.13, so older runtimes still work.
OPSET = 17
# ONNX names every value once, so an output cannot share its input's name (a
# translator's `image` -> `image`): such an output gets this suffix in the graph,
# and the model's metadata maps it back so that run_onnx returns `image`.
OUTPUT_SUFFIX = "_out"
OUTPUT_NAMES_KEY = "keras_gans.output_names"
# float32 ONNX Runtime vs Keras on the same inputs (tf2onnx measured 6.4e-7 on DCGAN).
TOLERANCE = 1e-5
INSTALL_HINT = "Install them with `pip install keras_gans[onnx]`, or export with onnx=False."

_DTYPES = {
    "tensor(float)": np.float32,
    "tensor(double)": np.float64,
    "tensor(int32)": np.int32,
    "tensor(int64)": np.int64,
    "tensor(uint8)": np.uint8,
    "tensor(bool)": np.bool_,
}


def require_onnx():
    """Imports tf2onnx and onnxruntime, or raises an ImportError naming the extra to install."""
    try:
        import onnxruntime  # noqa: F401
        import tf2onnx  # noqa: F401
    except ImportError as error:
        raise ImportError(
            f"ONNX export needs tf2onnx and onnxruntime; {error.name!r} is not installed. "
            + INSTALL_HINT
        ) from error


@contextlib.contextmanager
def _quiet_loggers(*names):
    # tf2onnx logs every TF1-compat call it makes (deprecations, '--tag' defaults)
    # at WARNING; none of it is actionable for a user of export_generator.
    saved = {name: logging.getLogger(name).level for name in names}
    try:
        for name in names:
            logging.getLogger(name).setLevel(logging.ERROR)
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def _name_dynamic_dims(proto):
    """Gives dynamic dimensions readable names: batch, height, width (tf2onnx writes unk__N)."""
    for kind, values in (("", proto.graph.input), ("out_", proto.graph.output)):
        for value in values:
            dims = value.type.tensor_type.shape.dim
            spatial = {1: "height", 2: "width"} if len(dims) == 4 else {}
            for axis, dim in enumerate(dims):
                if dim.HasField("dim_value"):
                    continue
                if axis == 0:
                    dim.dim_param = "batch"
                elif axis in spatial:
                    dim.dim_param = kind + spatial[axis]
                else:
                    dim.dim_param = f"{value.name}_dim{axis}"


def convert_saved_model(saved_model_dir, signature="serving_default", opset=OPSET):
    """Converts one signature of a SavedModel to ONNX bytes.

    The ONNX graph's inputs and outputs carry the signature's names (``z``,
    ``label``, ``image`` -> ``images``), except that an output named like an
    input (a translator's ``image`` -> ``image``) is ``image_out`` in the graph,
    because ONNX names each value once; the metadata entry
    ``keras_gans.output_names`` maps graph output names to the signature's.
    Dimensions that are None in the signature stay dynamic (named ``batch``,
    ``height``, ``width``).

    Args:
        saved_model_dir: the SavedModel directory.
        signature: the signature key to convert (an ONNX file holds one graph).
        opset: the ONNX opset.

    Returns:
        The serialized ONNX model.

    Raises:
        ImportError: tf2onnx or onnxruntime is not installed.
    """
    require_onnx()
    import tf2onnx
    from tf2onnx import tf_loader

    with _quiet_loggers("tf2onnx", "tensorflow"):
        graph_def, inputs, outputs, renames = tf_loader.from_saved_model(
            saved_model_dir,
            None,
            None,
            tag="serve",
            signatures=[signature],
            return_tensors_to_rename=True,
        )
        taken = {renames.get(name, name) for name in inputs}
        signature_names = {}  # graph output name -> signature output name
        for name in outputs:
            wanted = renames.get(name, name)
            if wanted in taken:
                renames[name] = wanted + OUTPUT_SUFFIX
            signature_names[renames.get(name, name)] = wanted
        proto, _ = tf2onnx.convert.from_graph_def(
            graph_def,
            input_names=inputs,
            output_names=outputs,
            opset=opset,
            tensors_to_rename=renames,
        )
    _name_dynamic_dims(proto)
    proto.metadata_props.add(
        key=OUTPUT_NAMES_KEY, value=json.dumps(signature_names, sort_keys=True)
    )
    return proto.SerializeToString()


def output_names(model):
    """``{signature output name: ONNX graph output name}`` of a model from :func:`convert_saved_model`."""
    import onnx

    proto = (
        onnx.load_model_from_string(bytes(model))
        if isinstance(model, (bytes, bytearray))
        else onnx.load(str(model))
    )
    meta = {p.key: p.value for p in proto.metadata_props}
    graph_to_signature = json.loads(meta.get(OUTPUT_NAMES_KEY, "{}"))
    return {graph_to_signature.get(o.name, o.name): o.name for o in proto.graph.output}


def session(model, threads=1):
    """An ONNX Runtime CPU ``InferenceSession`` of a .onnx file (path or bytes).

    ``threads``: intra-op threads. The default, 1, is for parity checks: small
    generators, and one thread keeps a check from crowding a shared CPU.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    source = bytes(model) if isinstance(model, (bytes, bytearray)) else str(model)
    return onnxruntime.InferenceSession(source, options, providers=["CPUExecutionProvider"])


def run_onnx(model, inputs):
    """Runs a .onnx file (path or bytes) with ONNX Runtime on the CPU.

    Args:
        model: path to a .onnx file, or its bytes.
        inputs: dict of input name -> numpy array (any batch size; any height
            and width where the model's are dynamic).

    Returns:
        dict of output name -> numpy array, under the SavedModel signature's
        output names (``image``, not the graph's ``image_out``).

    Raises:
        ValueError: the input names, ranks or fixed dimensions differ from the model's.

    Example:
    ```python
    images = run_onnx("exports/dcgan/1/model.onnx", {"z": z})["images"]
    ```
    """
    require_onnx()
    onnx_session = session(model)
    expected = {i.name: i for i in onnx_session.get_inputs()}
    if set(expected) != set(inputs):
        raise ValueError(
            f"The ONNX model takes inputs {sorted(expected)}. Received: {sorted(inputs)}"
        )
    feed = {}
    for name, detail in expected.items():
        value = np.asarray(inputs[name])
        want = tuple(d if isinstance(d, int) else -1 for d in detail.shape)
        if value.ndim != len(want) or any(
            w not in (-1, v) for w, v in zip(want, value.shape, strict=True)
        ):
            raise ValueError(
                f"ONNX input {name!r} expects shape {want} (-1: any). Received shape {value.shape}."
            )
        feed[name] = value.astype(_DTYPES.get(detail.type, value.dtype))
    names = [o.name for o in onnx_session.get_outputs()]
    signature_names = json.loads(
        onnx_session.get_modelmeta().custom_metadata_map.get(OUTPUT_NAMES_KEY, "{}")
    )
    return {
        signature_names.get(n, n): v for n, v in zip(names, onnx_session.run(names, feed), strict=True)
    }


def file_name(signature):
    """``model.onnx`` for ``serving_default``, ``model_<signature>.onnx`` for any other."""
    return ONNX_FILE if signature == "serving_default" else f"model_{signature}.onnx"


def write_checked(staged, endpoints, example, reference, signature="serving_default"):
    """Writes one signature's ONNX file into ``staged`` and checks it against the Keras ``reference``.

    Args:
        staged: the SavedModel directory being staged for publication.
        endpoints: ``model.serving_endpoints()``.
        example: the inputs ``reference`` was computed from.
        reference: the Keras generator's outputs on ``example``.
        signature: the signature converted (its file: :func:`file_name`).

    Returns:
        The model card's ``onnx`` entry.

    Raises:
        ValueError: the ONNX outputs differ from ``reference`` by more than ``TOLERANCE``.
    """
    import onnxruntime
    import tf2onnx

    name = file_name(signature)
    blob = convert_saved_model(staged, signature=signature)
    with open(os.path.join(staged, name), "wb") as f:
        f.write(blob)
    out = run_onnx(blob, example)
    if sorted(out) != sorted(reference):
        raise ValueError(
            f"The ONNX export ({name}) has outputs {sorted(out)}; "
            f"expected the SavedModel's {sorted(reference)}."
        )
    diff = max(float(np.max(np.abs(out[k] - reference[k]))) for k in reference)
    if not np.isfinite(diff) or diff > TOLERANCE:
        raise ValueError(
            f"The ONNX export ({name}) does not match the Keras generator: "
            f"max |difference| = {diff}; expected <= {TOLERANCE}."
        )
    return {
        "file": name,
        "signature": signature,
        # One graph a file: the other signatures (`sample`'s in-graph RNG) stay SavedModel-only.
        "saved_model_only_signatures": sorted(k for k in endpoints if k != signature),
        "opset": OPSET,
        "inputs": [s.name for s in endpoints[signature][1]],
        # Signature name -> graph name; they differ only where ONNX forbids an
        # output named like an input (a translator's `image` -> `image_out`).
        "outputs": output_names(blob),
        "max_abs_diff_vs_keras": diff,
        "tolerance": TOLERANCE,
        "converter": {"tf2onnx": tf2onnx.__version__, "onnxruntime": onnxruntime.__version__},
    }
