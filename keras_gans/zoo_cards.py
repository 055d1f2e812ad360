"""A zoo version's model card: reading it, and checking every file of the version against it.

``keras_gans.zoo`` re-exports both (``zoo.read_card``, ``zoo.verify``); ``zoo.load`` verifies
before it loads.
"""

import json
import os

from keras_gans.callbacks.checkpoint import sha256_of

CARD_FILE = "model_card.json"


def read_card(path):
    """The ``model_card.json`` of a version folder, as a dict."""
    card_path = os.path.join(path, CARD_FILE)
    try:
        with open(card_path) as f:
            return json.load(f)
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"Cannot read the model card {card_path!r}: {error}") from None


def verify(path):
    """Checks every file of a version folder against its card's sizes and sha256; returns the card.

    Every file the card lists must exist with its recorded size and checksum,
    and the folder may hold no file the card does not list (the card itself aside).

    Raises:
        ValueError: a missing, extra, resized or altered file, naming it with the
            received and the expected size or sha256.
    """
    card = read_card(path)
    records = card.get("files")
    if not isinstance(records, dict) or not records:
        raise ValueError(
            f"The model card of {path!r} lists no files to verify; expected a 'files' table."
        )
    present = set()
    for dirpath, _, files in os.walk(path):
        for file in files:
            present.add(os.path.relpath(os.path.join(dirpath, file), path).replace(os.sep, "/"))
    present.discard(CARD_FILE)
    missing = sorted(set(records) - present)
    extra = sorted(present - set(records))
    if missing or extra:
        raise ValueError(
            f"The files of {path!r} differ from its model card. Missing: {missing}; "
            f"not in the card: {extra}."
        )
    for rel, record in records.items():
        file = os.path.join(path, *rel.split("/"))
        size = os.path.getsize(file)
        if size != record["bytes"]:
            raise ValueError(
                f"Checksum mismatch in {file!r}: Received {size} bytes. Expected {record['bytes']} bytes "
                "(model_card.json)."
            )
        digest = sha256_of(file)
        if digest != record["sha256"]:
            raise ValueError(
                f"Checksum mismatch in {file!r}: Received sha256 {digest}. Expected {record['sha256']} "
                "(model_card.json)."
            )
    return card
