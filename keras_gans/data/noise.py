"""Background noises made with numpy alone, and mixing at a chosen SNR.

The noises of the synthetic speech-enhancement set (``keras_gans.data.speech``):
white, pink (1/f power), brown (1/f^2), babble (a sum of other utterances) and
mains hum (50 or 60 Hz with decaying harmonics over a little white noise).
"""

import numpy as np

NOISE_KINDS = ("white", "pink", "brown", "babble", "hum")


def _unit_power(x):
    power = float(np.mean(np.square(x)))
    return (x / np.sqrt(power)).astype("float32") if power > 0 else x.astype("float32")


def _coloured(length, exponent, rng):
    """Gaussian noise whose power spectrum falls as ``1 / f**exponent`` (shaped in the frequency domain)."""
    spectrum = np.fft.rfft(rng.standard_normal(length))
    freqs = np.fft.rfftfreq(length)
    freqs[0] = freqs[1] if length > 1 else 1.0  # no infinite DC gain
    spectrum = spectrum / freqs ** (exponent / 2.0)
    return _unit_power(np.fft.irfft(spectrum, n=length))


def white_noise(length, rng):
    """Unit-power Gaussian white noise."""
    return _unit_power(rng.standard_normal(length))


def pink_noise(length, rng):
    """Unit-power pink noise (power spectral density ~ 1/f)."""
    return _coloured(length, 1.0, rng)


def brown_noise(length, rng):
    """Unit-power brown (Brownian) noise (power spectral density ~ 1/f^2)."""
    return _coloured(length, 2.0, rng)


def hum_noise(length, rng, sample_rate=16000):
    """Unit-power mains hum: 50 or 60 Hz and 5-8 harmonics falling ~1/k, random phases, over white noise at -20 dB."""
    t = np.arange(length) / sample_rate
    mains = rng.choice([50.0, 60.0])
    hum = np.zeros(length)
    for k in range(1, int(rng.integers(5, 9)) + 1):
        hum += np.sin(2 * np.pi * mains * k * t + rng.uniform(0, 2 * np.pi)) / k
    hum = _unit_power(hum)
    return _unit_power(hum + 0.1 * rng.standard_normal(length))


def babble_noise(length, rng, utterances, talkers=(3, 6)):
    """Unit-power babble: 3-6 other utterances, each looped to ``length`` from a random offset, summed.

    Args:
        length: samples.
        rng: a numpy Generator.
        utterances: a list of 1-D float arrays (speech not in the mixture it is added to).
        talkers: the (low, high) range of how many talk at once.
    """
    if not utterances:
        raise ValueError("Babble needs other utterances. Received an empty list.")
    total = np.zeros(length)
    for _ in range(int(rng.integers(talkers[0], talkers[1] + 1))):
        voice = np.asarray(utterances[int(rng.integers(len(utterances)))], "float64")
        if voice.size == 0:
            continue
        reps = -(-(length + voice.size) // voice.size)
        looped = np.tile(voice, reps)
        start = int(rng.integers(voice.size))
        total += _unit_power(looped[start : start + length])
    return _unit_power(total)


def make_noise(kind, length, rng, utterances=None, sample_rate=16000):
    """Unit-power noise of ``kind`` (one of :data:`NOISE_KINDS`)."""
    if kind == "white":
        return white_noise(length, rng)
    if kind == "pink":
        return pink_noise(length, rng)
    if kind == "brown":
        return brown_noise(length, rng)
    if kind == "hum":
        return hum_noise(length, rng, sample_rate)
    if kind == "babble":
        return babble_noise(length, rng, utterances or [])
    raise ValueError(f"`kind` must be one of {NOISE_KINDS}. Received: kind={kind!r}")


def mix_at_snr(clean, noise, snr_db):
    """``clean + g * noise`` with ``g`` such that ``10 log10(P_clean / P_(g noise)) = snr_db``.

    Powers are means of squares over the whole signal.

    Returns:
        float32 noisy signal of ``clean``'s length.

    Raises:
        ValueError: lengths differ, or silent clean or noise.
    """
    clean = np.asarray(clean, "float64")
    noise = np.asarray(noise, "float64")
    if clean.shape != noise.shape:
        raise ValueError(f"`clean` and `noise` must have one shape. Received {clean.shape} and {noise.shape}.")
    p_clean, p_noise = np.mean(clean**2), np.mean(noise**2)
    if p_clean <= 0 or p_noise <= 0:
        raise ValueError("Cannot mix at an SNR: the clean signal or the noise is silent.")
    gain = np.sqrt(p_clean / (p_noise * 10.0 ** (snr_db / 10.0)))
    return (clean + gain * noise).astype("float32")
