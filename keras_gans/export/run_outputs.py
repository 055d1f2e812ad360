"""What a finished training run leaves behind: its ``.keras`` file and, if asked, a served export."""

import os

from keras_gans.export.generator import export_generator


def save_and_export(model, output_dir, name, export_dir=None, onnx=True):
    """Saves ``<output_dir>/<name>.keras`` and, with ``export_dir``, publishes an export version there.

    Args:
        model: the trained model.
        output_dir: created if missing.
        name: the ``.keras`` file's stem.
        export_dir: where :func:`export_generator` publishes the next version; None: no export.
        onnx: also publish ``model.onnx``. On here, unlike in ``export_generator``,
            because this is how the examples publish what users copy.

    Returns:
        ``{"model": path of the .keras file}``, plus ``"export"``: the version directory, when exported.

    Example:
    ```python
    result = save_and_export(model, "runs/pix2pix", "pix2pix", export_dir="runs/pix2pix/export")
    ```
    """
    os.makedirs(output_dir, exist_ok=True)
    result = {"model": os.path.join(output_dir, f"{name}.keras")}
    model.save(result["model"])
    if export_dir:
        result["export"] = export_generator(model, export_dir, onnx=onnx)
    return result
