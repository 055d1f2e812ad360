"""Speech-enhancement measures: segmental SNR, PESQ (wide band) and STOI, per utterance and summarised.

PESQ and STOI come from the PyPI packages ``pesq`` (ITU-T P.862.2 wide band
at 16 kHz) and ``pystoi``; segmental SNR is the definition of Loizou's
``comp_snr.m`` that the SEGAN paper's composite measures come from (Hann
frames of 30 ms every 7.5 ms, each frame's SNR clipped to [-10, 35] dB, the
mean over frames).
"""

import numpy as np

SAMPLE_RATE = 16000


def _pair(clean, processed):
    clean = np.asarray(clean, "float64").ravel()
    processed = np.asarray(processed, "float64").ravel()
    if clean.shape != processed.shape:
        raise ValueError(f"`clean` and `processed` must have one length. Received {clean.size} and {processed.size}.")
    if clean.size == 0:
        raise ValueError("`clean` is empty. Expected at least one frame of audio.")
    return clean, processed


def snr(clean, processed, sample_rate=SAMPLE_RATE):
    """Global SNR in dB: ``10 log10(sum clean^2 / sum (clean - processed)^2)`` (``sample_rate`` unused)."""
    clean, processed = _pair(clean, processed)
    eps = np.finfo("float64").eps
    return float(10 * np.log10(np.sum(clean**2) / (np.sum((clean - processed) ** 2) + eps) + eps))


def segmental_snr(clean, processed, sample_rate=SAMPLE_RATE, frame_ms=30.0, min_snr=-10.0, max_snr=35.0):
    """Segmental SNR in dB (Loizou's ``comp_snr.m``, the SSNR of the SEGAN paper's table).

    Frames of ``L = round(frame_ms * fs / 1000)`` samples every ``floor(L / 4)``
    samples, each weighted by the Hann window ``0.5 (1 - cos(2 pi n / (L + 1)))``,
    ``n = 1..L``; a frame's SNR is ``10 log10(E_clean / (E_error + eps) + eps)``
    clipped to ``[min_snr, max_snr]``; the result is the mean over the
    ``floor(len / hop - L / hop)`` frames.

    Raises:
        ValueError: lengths differ, or fewer samples than one frame.
    """
    clean, processed = _pair(clean, processed)
    length = int(round(frame_ms * sample_rate / 1000.0))
    hop = length // 4
    count = int(clean.size / hop - length / hop)
    if count < 1:
        raise ValueError(f"Segmental SNR needs at least {length + hop} samples. Received {clean.size}.")
    window = 0.5 * (1 - np.cos(2 * np.pi * np.arange(1, length + 1) / (length + 1)))
    eps = np.finfo("float64").eps
    starts = np.arange(count) * hop
    index = starts[:, None] + np.arange(length)[None, :]
    clean_frames, processed_frames = clean[index] * window, processed[index] * window
    signal = np.sum(clean_frames**2, axis=1)
    error = np.sum((clean_frames - processed_frames) ** 2, axis=1)
    frame_snr = 10 * np.log10(signal / (error + eps) + eps)
    return float(np.mean(np.clip(frame_snr, min_snr, max_snr)))


def pesq_wb(clean, processed, sample_rate=SAMPLE_RATE):
    """Wide-band PESQ (ITU-T P.862.2, MOS-LQO scale 1.04 ... 4.64) via the ``pesq`` package."""
    from pesq import pesq

    clean, processed = _pair(clean, processed)
    return float(pesq(int(sample_rate), clean, processed, "wb"))


def stoi(clean, processed, sample_rate=SAMPLE_RATE):
    """Short-time objective intelligibility (0 ... 1) via ``pystoi``."""
    from pystoi import stoi as pystoi_stoi

    clean, processed = _pair(clean, processed)
    return float(pystoi_stoi(clean, processed, int(sample_rate), extended=False))


MEASURES = {"pesq": pesq_wb, "stoi": stoi, "ssnr": segmental_snr, "snr": snr}


def evaluate_enhancement(cleans, processed, sample_rate=SAMPLE_RATE, measures=("pesq", "stoi", "ssnr", "snr")):
    """Every measure on every utterance, and their mean and standard deviation.

    Returns:
        ``{measure: {"mean": float, "std": float, "values": [float, ...]}}``.
    """
    out = {}
    for name in measures:
        values = [MEASURES[name](c, p, sample_rate) for c, p in zip(cleans, processed, strict=True)]
        out[name] = {"mean": float(np.mean(values)), "std": float(np.std(values)), "values": values}
    return out


def wiener_filter(noisy, sample_rate=SAMPLE_RATE, frame_ms=32.0, alpha=0.98, noise_quantile=0.1, floor=0.05):
    """A Wiener filter with decision-directed a priori SNR (Scalart and Filho 1996; the SEGAN paper's baseline).

    STFT with Hann frames (``frame_ms``, 75 % overlap, scipy); the noise
    power spectrum is the mean, per frequency, of the quietest
    ``noise_quantile`` of frames (speech pauses); the a priori SNR is
    ``xi = alpha * G_prev^2 |Y_prev|^2 / N + (1 - alpha) max(gamma - 1, 0)``
    with ``gamma = |Y|^2 / N``, the gain ``max(xi / (1 + xi), floor)``.

    Returns:
        float32 enhanced waveform of the input's length.
    """
    from scipy.signal import istft
    from scipy.signal import stft

    noisy = np.asarray(noisy, "float64").ravel()
    if noisy.size == 0:
        raise ValueError("`noisy` is empty. Expected at least one sample.")
    nperseg = int(round(frame_ms * sample_rate / 1000.0))
    _, _, spec = stft(noisy, sample_rate, nperseg=nperseg, noverlap=3 * nperseg // 4)
    power = np.abs(spec) ** 2
    energy = power.sum(axis=0)
    quiet = np.argsort(energy)[: max(1, int(noise_quantile * power.shape[1]))]
    noise = power[:, quiet].mean(axis=1) + 1e-12
    gains = np.zeros_like(power)
    previous = np.zeros(power.shape[0])
    for t in range(power.shape[1]):
        gamma = power[:, t] / noise
        xi = alpha * previous / noise + (1 - alpha) * np.maximum(gamma - 1, 0)
        gain = np.maximum(xi / (1 + xi), floor)
        gains[:, t] = gain
        previous = (gain**2) * power[:, t]
    _, out = istft(spec * gains, sample_rate, nperseg=nperseg, noverlap=3 * nperseg // 4)
    out = out[: noisy.size]
    return np.pad(out, (0, noisy.size - out.size)).astype("float32")
