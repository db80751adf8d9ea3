import csv

import pytest

from geo import gazetteer
from geo._resources import data_dir
from geo.errors import UnknownPlaceError


@pytest.mark.parametrize("name, code", [
    ("Agdam", "AZ-AGM"), ("Aghdam district", "AZ-AGM"), ("Ağdam", "AZ-AGM"), ("Akna", "AZ-AGM"),
    ("in Aghdam", "AZ-AGM"), ("Агдамского района", "AZ-AGM"),
    ("Füzuli rayonu", "AZ-FUZ"), ("Fizuli region", "AZ-FUZ"), ("FUZULI", "AZ-FUZ"), ("Varanda", "AZ-FUZ"),
    ("Zəngilan", "AZ-ZAN"), ("Zengilan", "AZ-ZAN"), ("Kovsakan", "AZ-ZAN"),
    ("Kelbajar", "AZ-KAL"), ("Kəlbəcər", "AZ-KAL"), ("Karvachar", "AZ-KAL"), ("Кельбаджарский район", "AZ-KAL"),
    ("Lachin", "AZ-LAC"), ("Berdzor", "AZ-LAC"), ("Laçın", "AZ-LAC"),
    ("Джебраил", "AZ-CAB"), ("Jebrail", "AZ-CAB"), ("Jrakan", "AZ-CAB"),
    ("Kubatly", "AZ-QBI"), ("Kashunik", "AZ-QBI"), ("Martuni", "AZ-XVD"), ("Askeran", "AZ-XCI"),
    ("Shushi", "AZ-SUS"), ("Şuşa", "AZ-SUS"), ("Martakert", "AZ-TAR"), ("Terter", "AZ-TAR"),
    ("Stepanakert", "AZ-XA"), ("Xankəndi", "AZ-XA"),
    ("Lankaran", "AZ-LAN"), ("Lankaran city", "AZ-LA"), ("az-agm", "AZ-AGM"),
    ("Fu\u0308zuli", "AZ-FUZ"),  # decomposed diacritic
])
def test_resolve(name, code):
    assert gazetteer.resolve(name).iso_code == code


def test_unknown_name_gives_suggestions():
    with pytest.raises(UnknownPlaceError) as info:
        gazetteer.resolve("Agdamm")
    assert "Agdam (AZ-AGM)" in info.value.suggestions
    assert "did you mean" in str(info.value)


def test_fold_is_idempotent():
    for s in ["Kəlbəcər", "FÜZULI  Rayonu", "Агдамский", "Shusha-city"]:
        assert gazetteer.fold(gazetteer.fold(s)) == gazetteer.fold(s)


def test_every_code_is_a_boundary_code_and_every_boundary_has_a_name(districts):
    with open(data_dir() / "gazetteer.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    codes = set(districts["iso_code"])
    assert {r["iso_code"] for r in rows} == codes
    preferred = {r["iso_code"] for r in rows if r["preferred"] == "1"}
    assert preferred == codes
    assert {r["lang"] for r in rows} >= {"en", "az", "ru", "hy-Latn"}


def test_find_mentions_with_spans():
    text = "Maps of Fizuli and Zəngilan regions; a blast near Karvachar (Кельбаджарском районе)."
    ms = gazetteer.find_mentions(text)
    assert [(m.text, m.iso_code) for m in ms] == [
        ("Fizuli", "AZ-FUZ"), ("Zəngilan", "AZ-ZAN"), ("Karvachar", "AZ-KAL"), ("Кельбаджарском", "AZ-KAL")]
    for m in ms:
        assert text[m.start:m.end] == m.text


def test_find_mentions_ignores_words_containing_names():
    assert gazetteer.find_mentions("Agdamland and Shushamania are not places; Bakunin is a person") == []
