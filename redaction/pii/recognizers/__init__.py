"""Recognizers for what people say on camera, registered through one registry.

One recognizer per module (Presidio style); ``register_all`` adds them to an analyzer.
``spoken`` holds the shared word lists and digit parser, ``name_lists`` the name
gazetteer's lists and ``person_spans`` the corrections ``redaction.pii.redactor`` makes to
PERSON spans afterwards; none of them is a recognizer.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerRegistry

from redaction.pii.recognizers.birth_year_recognizer import BirthYearRecognizer
from redaction.pii.recognizers.date_of_birth_recognizer import DateOfBirthRecognizer
from redaction.pii.recognizers.drivers_license_recognizer import DriversLicenseRecognizer
from redaction.pii.recognizers.house_number_street_recognizer import HouseNumberStreetRecognizer
from redaction.pii.recognizers.introduced_name_recognizer import IntroducedNameRecognizer
from redaction.pii.recognizers.license_plate_recognizer import LicensePlateRecognizer
from redaction.pii.recognizers.name_gazetteer_recognizer import NameGazetteerRecognizer
from redaction.pii.recognizers.name_slot_recognizer import NameSlotRecognizer
from redaction.pii.recognizers.named_organization_recognizer import NamedOrganizationRecognizer
from redaction.pii.recognizers.person_cue_recognizer import PersonCueRecognizer
from redaction.pii.recognizers.spoken_digits_recognizer import SpokenDigitsRecognizer
from redaction.pii.recognizers.spoken_email_recognizer import SpokenEmailRecognizer
from redaction.pii.recognizers.spoken_licence_recognizer import SpokenLicenceRecognizer
from redaction.pii.recognizers.spoken_plate_recognizer import SpokenPlateRecognizer
from redaction.pii.recognizers.spoken_ssn_recognizer import SpokenSsnRecognizer
from redaction.pii.recognizers.street_address_recognizer import StreetAddressRecognizer

__all__ = [
    "BirthYearRecognizer",
    "DateOfBirthRecognizer",
    "DriversLicenseRecognizer",
    "HouseNumberStreetRecognizer",
    "IntroducedNameRecognizer",
    "LicensePlateRecognizer",
    "NameGazetteerRecognizer",
    "NameSlotRecognizer",
    "NamedOrganizationRecognizer",
    "PersonCueRecognizer",
    "SpokenDigitsRecognizer",
    "SpokenEmailRecognizer",
    "SpokenLicenceRecognizer",
    "SpokenPlateRecognizer",
    "SpokenSsnRecognizer",
    "StreetAddressRecognizer",
    "all_recognizers",
    "register_all",
]


def all_recognizers() -> list[EntityRecognizer]:
    """Instances of every project recognizer (add new ones here)."""
    return [
        StreetAddressRecognizer(),
        LicensePlateRecognizer(),
        DriversLicenseRecognizer(),
        SpokenDigitsRecognizer(),
        DateOfBirthRecognizer(),
        SpokenEmailRecognizer(),
        IntroducedNameRecognizer(),
        PersonCueRecognizer(),
        NameGazetteerRecognizer(),
        NameSlotRecognizer(),
        # Presidio PatternRecognizers over the normalised spoken form (spoken_forms),
        # scored by Presidio's context enhancer.
        SpokenPlateRecognizer(),
        SpokenLicenceRecognizer(),
        SpokenSsnRecognizer(),
        BirthYearRecognizer(),
        HouseNumberStreetRecognizer(),
        NamedOrganizationRecognizer(),
    ]


def register_all(registry: RecognizerRegistry) -> None:
    """Add every project recognizer to ``registry``."""
    for recognizer in all_recognizers():
        registry.add_recognizer(recognizer)
