import importlib.util
import os
from pathlib import Path

import pytest

# Tests run offline: never reach for a model hub.
for _name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS"):
    os.environ.setdefault(_name, "1")


@pytest.fixture(scope="session", autouse=True)
def ct2_conversions(tmp_path_factory):
    """CTranslate2 conversions made by tests go to a temporary folder, not the user's cache."""
    os.environ["ALIGNER_CT2_CACHE"] = str(tmp_path_factory.mktemp("ct2"))


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    """Random-weight Marian ("tiny"), M2M100 and NLLB models built offline by scripts/make_tiny_mt.py."""
    script = Path(__file__).resolve().parents[1] / "scripts" / "make_tiny_mt.py"
    spec = importlib.util.spec_from_file_location("make_tiny_mt", script)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    root = tmp_path_factory.mktemp("mt")
    for arch in ("tiny", "m2m100", "nllb"):
        builder.BUILDERS[arch](root / arch)
    return root
