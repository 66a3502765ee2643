"""The one rule for a record's text fields in the services: needed or not, and at most as long as the column."""

from rfz_project.services_common import text_errors


def test_a_needed_text_that_is_empty_gets_the_own_message():
    assert text_errors("title", "", 200, "Geef een titel.") == {"title": ["Geef een titel."]}


def test_an_optional_text_may_be_empty():
    assert text_errors("owner", "", 120) == {}


def test_a_text_longer_than_its_column_is_refused_at_its_length_and_not_before():
    assert text_errors("title", "x" * 200, 200, "Geef een titel.") == {}
    assert text_errors("title", "x" * 201, 200, "Geef een titel.") == {"title": ["Maximaal 200 tekens."]}
    assert text_errors("owner", "🎉" * 121, 120) == {"owner": ["Maximaal 120 tekens."]}
