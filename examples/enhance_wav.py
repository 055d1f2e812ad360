"""Enhance a WAV file with SEGAN (training the compact CPU recipe first unless given a model).

    python examples/enhance_wav.py --input_wav noisy.wav --output_dir runs/enhance_wav
    python examples/enhance_wav.py --input_wav noisy.wav --model_path runs/enhance_wav/segan.keras

Without ``--model_path`` it trains ``segan_synthetic_speech`` (espeak-ng speech
with noise, offline) for ``--steps`` steps and writes
``<output_dir>/segan.keras`` and a TF Serving export ``<output_dir>/export/<version>/``
(SavedModel + model.tflite + model.onnx) whose ``serving_default`` maps
``{"waveform": float32[batch, time]}`` at 16 kHz to ``{"waveform": ...}`` for any
length. The input WAV is read (any sample rate, channels averaged), resampled
to 16 kHz, enhanced window by window and written as
``<output_dir>/enhanced.wav``. Without ``--input_wav`` a held-out synthetic
utterance is used, and its noisy and clean versions are written beside it.
"""

import os

import keras

import keras_gans as kg
from keras_gans.command_line import example_main
from keras_gans.data import speech


def run(input_wav="", output_dir="runs/enhance_wav", model_path="", steps=300, batch_size=16, seed=0, export=True):
    """Trains (or loads) SEGAN and enhances ``input_wav``; returns a dict of paths (and SNRs for the demo input)."""
    os.makedirs(output_dir, exist_ok=True)
    result = {}
    if model_path:
        model = keras.saving.load_model(model_path)
    else:
        model, data = kg.recipes.build("segan_synthetic_speech", seed=seed, batch_size=batch_size)
        model.fit(data, epochs=1, steps_per_epoch=steps, verbose=2)
        result.update(kg.export.save_and_export(model, output_dir, "segan",
                                                export_dir=os.path.join(output_dir, "export") if export else None))
    if input_wav:
        noisy, rate = speech.read_wav(input_wav)
        noisy, clean = speech.resample(noisy, rate), None
    else:
        test = speech.speech_pairs("test")
        noisy, clean = test.noisy[0], test.clean[0]
        for name, wave in (("noisy", noisy), ("clean", clean)):
            speech.write_wav(os.path.join(output_dir, f"{name}.wav"), wave)
    enhanced = model.enhance(noisy)
    result["enhanced"] = os.path.join(output_dir, "enhanced.wav")
    speech.write_wav(result["enhanced"], enhanced)
    if clean is not None:
        from keras_gans.metrics import speech as sm

        result["ssnr_noisy"] = sm.segmental_snr(clean, noisy)
        result["ssnr_enhanced"] = sm.segmental_snr(clean, enhanced)
    return result


def main(argv=None):
    return example_main(run, __doc__, ("input_wav", "output_dir", "model_path", "steps", "batch_size", "seed"),
                        argv=argv)


if __name__ == "__main__":
    main()
