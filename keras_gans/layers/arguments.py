"""What the one-argument layers share: checking their integer argument and mapping NHWC shapes."""


def int_at_least(name, value, minimum):
    """Returns ``int(value)``; raises the house ``ValueError`` when it is below ``minimum``.

    Raises:
        ValueError: ``value`` < ``minimum``, e.g. "`factor` must be >= 2. Received: factor=1".
    """
    if int(value) < minimum:
        raise ValueError(f"`{name}` must be >= {minimum}. Received: {name}={value}")
    return int(value)


def map_spatial(input_shape, size, channels):
    """``(batch, size(height), size(width), channels)`` of an NHWC shape; unknown sides stay None."""
    batch, height, width, _ = input_shape
    return (
        batch,
        None if height is None else size(height),
        None if width is None else size(width),
        channels,
    )
