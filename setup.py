"""keras_gans: GAN objectives as Keras models that train with fit() and export."""

import pathlib

from setuptools import find_packages
from setuptools import setup

HERE = pathlib.Path(__file__).parent
version = {}
exec((HERE / "keras_gans" / "version.py").read_text(), version)

setup(
    name="keras_gans",
    version=version["__version__"],
    description="GAN model zoo for TensorFlow/Keras: train with fit(), export to SavedModel, TFLite and ONNX.",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    python_requires=">=3.10",
    packages=find_packages(include=["keras_gans", "keras_gans.*"]),
    package_data={"keras_gans": ["assets/*"]},
    install_requires=[
        "tensorflow-cpu==2.21.0; platform_machine=='x86_64'",
        "tensorflow==2.21.0; platform_machine!='x86_64'",
        "keras>=3.10,<3.16",
        "tensorflow-datasets==4.9.10",
        "importlib_resources",
        "numpy",
        "scipy",
        "absl-py",
        "pillow",
        "mlxtend",
        "scikit-learn",
        "scikit-image",
        "ai-edge-litert",
        "tensorboard",
    ],
    extras_require={
        "test": ["pytest", "pytest-xdist", "ruff", "tf2onnx", "onnxruntime", "espeakng-loader", "pesq", "pystoi"],
        "onnx": ["tf2onnx", "onnxruntime"],
        "bench": ["torch==2.13.0"],
        "speech": ["espeakng-loader", "pesq", "pystoi"],
    },
    entry_points={
        "console_scripts": [
            "keras-gans-train=keras_gans.train:run",
            "keras-gans-evaluate=keras_gans.evaluate:run",
            "keras-gans-sample=keras_gans.sample:run",
        ]
    },
)
