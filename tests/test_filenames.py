"""The names of downloaded files: gemeente, project, what it is, one date; ASCII; unique inside a zip."""

from datetime import date

from rfz_project.filenames import download_name, slug, unique

DAY = date(2026, 11, 22)


def test_names_carry_gemeente_project_document_and_one_date():
    name = download_name("Súdwest-Fryslân", "Grip op geld & schulden", "Projectplan", DAY, "docx")
    assert name == "sudwest-fryslan-grip-op-geld-schulden-projectplan-2026-11-22.docx"
    assert name.isascii() and name.count("2026") == 1


def test_two_projects_of_one_gemeente_get_different_names():
    first = download_name("'s-Hertogenbosch", "Vroegsignalering", "actielijst", DAY, "xlsx")
    second = download_name("'s-Hertogenbosch", "Nazorg na schuldhulp", "actielijst", DAY, "xlsx")
    assert first != second and first.startswith("s-hertogenbosch-vroegsignalering-actielijst-")


def test_a_long_project_name_is_cut_at_a_word_and_the_document_stays():
    name = download_name(
        "Venlo", "Een heel erg lange projectnaam die maar doorgaat en doorgaat", "Projectplan", DAY, "docx"
    )
    project_part = name.removeprefix("venlo-").split("-projectplan-")[0]
    assert len(project_part) <= 40 and not project_part.endswith("-")
    assert "projectplan-2026-11-22.docx" in name
    assert slug("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 40) == "a" * 40


def test_names_without_letters_or_digits_leave_no_stray_hyphens():
    assert download_name("Venlo", "🙂 <>", "Projectplan", DAY, "docx") == "venlo-projectplan-2026-11-22.docx"


def test_repeated_names_are_numbered_and_never_collide():
    names = ["a.docx", "a.docx", "a-2.docx", "a.docx", "b"]
    assert list(unique(names)) == ["a.docx", "a-2.docx", "a-2-2.docx", "a-3.docx", "b"]
