from pathlib import Path

import pytest

from rfz_project.routekaart import RoutekaartError, get_routekaart, load_routekaart
from rfz_project.routekaart.loader import DEFAULT_PATH


def test_packaged_routekaart_has_the_toolkit_structure():
    rk = get_routekaart()
    assert [m.label for m in rk.mijlpalen] == [
        "Op zoek",
        "In beeld",
        "In contact",
        "In gesprek",
        "Rust en overzicht",
        "Plaatje compleet en perspectief",
        "Trots en financieel fit",
        "Met vertrouwen de toekomst tegemoet",
    ]
    assert rk.rollen[0].is_inwoner and len(rk.rollen) == 5
    assert [lg.key for lg in rk.lagen] == ["basis", "inspiratie", "toekomst"]
    assert [s.key for s in rk.sporen] == ["inwoner", "ondernemer", "jongere"]
    assert [s.selection for s in rk.scope_types] == [
        "alle_mijlpalen",
        "meerdere_mijlpalen",
        "een_mijlpaal",
        "een_rol",
        "checklist",
    ]
    assert [(p.label, p.weeks_min, p.weeks_max, len(p.steps)) for p in rk.phases] == [
        ("Voorbereiding", 4, 6, 4),
        ("Uitvoering", 8, 10, 5),
        ("Borging", 4, 6, 3),
    ]
    assert [s.full_key for s in rk.steps if s.optional] == ["voorbereiding.projectleider", "voorbereiding.projectplan"]
    assert len(rk.session_types) == 5
    assert sum(1 for d in rk.documents if d.generated) == 10
    assert rk.checklist, "the basisdienstverlening items are part of the content"


def test_mijlpalen_are_numbered_in_route_order():
    rk = get_routekaart()
    assert [m.number for m in rk.mijlpalen] == list(range(1, 9))
    assert rk.mijlpaal_order(["in_gesprek", "op_zoek"]) == ["op_zoek", "in_gesprek"]


def test_every_mijlpaal_has_plain_words_for_inwoners():
    rk = get_routekaart()
    labels = {m.label.casefold() for m in rk.mijlpalen}
    for mijlpaal in rk.mijlpalen:
        assert mijlpaal.for_inwoners and mijlpaal.for_inwoners.casefold() not in labels
        assert mijlpaal.question_for_inwoners.endswith("?")
        for text in (mijlpaal.for_inwoners, mijlpaal.question_for_inwoners):
            assert "mijlpaal" not in text.casefold() and "inwoner" not in text.casefold()
    assert len({m.for_inwoners for m in rk.mijlpalen}) == len(rk.mijlpalen)


def test_an_empty_plain_phrase_is_refused(tmp_path):
    path = _broken(tmp_path, 'for_inwoners = "hulp zoeken en vinden"', 'for_inwoners = " "')
    with pytest.raises(RoutekaartError, match="for_inwoners"):
        load_routekaart(path)


def test_checklist_for_mijlpalen_includes_general_items():
    rk = get_routekaart()
    items = rk.checklist_for(["in_contact"])
    assert {i.mijlpaal for i in items} == {"in_contact", ""}


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "routekaart.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_invalid_toml_names_the_line(tmp_path):
    path = _broken(tmp_path, 'label = "In beeld"', 'label = "In beeld')
    line = _line_of(path, 'label = "In beeld')
    with pytest.raises(RoutekaartError, match=rf"line {line}"):
        load_routekaart(path)


def test_unknown_document_reference_names_the_line(tmp_path):
    path = _broken(tmp_path, 'documents = ["profiel_projectleider"]', 'documents = ["bestaat_niet"]')
    with pytest.raises(RoutekaartError) as error:
        load_routekaart(path)
    assert "onbekend document 'bestaat_niet'" in str(error.value)
    assert f"regel {_line_of(path, 'bestaat_niet')}" in str(error.value)


def test_unknown_field_is_refused(tmp_path):
    path = _broken(tmp_path, 'key = "op_zoek"', 'key = "op_zoek"\nkleur = "rood"')
    with pytest.raises(RoutekaartError, match="onbekend veld.*kleur"):
        load_routekaart(path)


def test_duplicate_key_is_refused(tmp_path):
    path = _broken(tmp_path, 'key = "in_beeld"', 'key = "op_zoek"')
    with pytest.raises(RoutekaartError, match="'op_zoek' komt dubbel voor"):
        load_routekaart(path)


def test_wrong_type_is_refused(tmp_path):
    path = _broken(tmp_path, "weeks_min = 4", 'weeks_min = "vier"')
    with pytest.raises(RoutekaartError, match="weeks_min"):
        load_routekaart(path)


def test_app_refuses_to_start_with_broken_content(tmp_path):
    from rfz_project import create_app

    path = _broken(tmp_path, 'selection = "checklist"', 'selection = "lijstje"')
    with pytest.raises(RoutekaartError, match="lijstje"):
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "RFZ_ROUTEKAART_PATH": str(path)})
