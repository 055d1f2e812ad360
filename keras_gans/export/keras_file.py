"""Loading ``.keras`` files with Keras' safe mode always on."""

import os
import zipfile

import keras


def load_model(path):
    """Loads a ``.keras`` model file in safe mode (no code from the file is run).

    Safe mode refuses ``Lambda`` layers and any other serialized Python
    bytecode, so a model file received from elsewhere cannot execute code on
    load. Classes of this package are registered and load normally.

    Args:
        path: a ``*.keras`` file.

    Returns:
        The model (compiled if it was saved compiled).

    Raises:
        ValueError: the file is missing, is not a ``.keras`` zip, or holds
            unsafe content (e.g. a ``Lambda`` layer).

    Example:
    ```python
    gan = keras_gans.export.load_model("dcgan.keras")
    ```
    """
    path = os.fspath(path)
    if not path.endswith(".keras"):
        raise ValueError(f"Expected a `.keras` file. Received: path={path!r}")
    if not os.path.isfile(path):
        raise ValueError(f"No `.keras` file at {path!r}.")
    if not zipfile.is_zipfile(path):
        raise ValueError(
            f"{path!r} is not a `.keras` zip archive (truncated or a different format)."
        )
    try:
        return keras.saving.load_model(path, safe_mode=True)
    except ValueError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ValueError(f"Could not load {path!r} with safe_mode=True: {first}") from None
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise ValueError(f"{path!r} is not a readable `.keras` file ({error}).") from None
