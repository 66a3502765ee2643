"""RecordPages.add_routes: the add, edit and delete pages of a kind of record, on its blueprint."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Blueprint, Flask

from rfz_project.actions.views import ACTION_PAGES
from rfz_project.borging.views import TASK_PAGES
from rfz_project.projects.views import RISK_PAGES
from rfz_project.views_common import RecordPages


@dataclass(frozen=True)
class _Answering(RecordPages):
    """Pages that say which page was asked with which ids, instead of loading anything."""

    def new(self, project_id):
        return f"new {project_id}"

    def edit(self, project_id, record_id):
        return f"edit {project_id} {record_id}"

    def confirm_delete(self, project_id, record_id):
        return f"delete {project_id} {record_id}"


def _pages(record_name: str, rule: str, endpoint_suffix: str) -> _Answering:
    def unused(*_args):
        raise AssertionError("not called")

    return _Answering(
        noun="het ding",
        record_name=record_name,
        rule=rule,
        endpoint_suffix=endpoint_suffix,
        template="",
        list_endpoint=".index",
        load=unused,
        form_for=unused,
        valid=unused,
        read_input=unused,
        save=unused,
        delete=unused,
    )


@pytest.mark.parametrize(
    "url_prefix, rule, suffix, base",
    [
        ("/p/<int:project_id>/dingen", "", "", "/p/7/dingen"),  # the project id in the blueprint's prefix
        ("/p", "/<int:project_id>/dingen", "_ding", "/p/7/dingen"),  # the project id in the pages' rule
    ],
)
def test_the_three_pages_get_their_rules_endpoints_and_ids(url_prefix, rule, suffix, base):
    bp = Blueprint("area", __name__, url_prefix=url_prefix)
    pages = _pages("ding", rule, suffix)
    pages.add_routes(bp)
    app = Flask(__name__)
    app.register_blueprint(bp)
    client = app.test_client()

    for method in ("GET", "POST"):
        assert client.open(f"{base}/nieuw", method=method).text == "new 7"
        assert client.open(f"{base}/3", method=method).text == "edit 7 3"
        assert client.open(f"{base}/3/verwijderen", method=method).text == "delete 7 3"
    assert pages.id_arg == "ding_id"
    assert pages.edit_endpoint == f".edit{suffix}"
    endpoints = {r.endpoint: r for r in app.url_map.iter_rules() if r.endpoint != "static"}
    assert set(endpoints) == {f"area.new{suffix}", f"area.edit{suffix}", f"area.delete{suffix}"}
    assert all(r.methods == {"GET", "HEAD", "OPTIONS", "POST"} for r in endpoints.values())


def test_the_areas_keep_their_endpoints(app):
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    expected = {
        "actions.new": "/projecten/<int:project_id>/acties/nieuw",
        "actions.edit": "/projecten/<int:project_id>/acties/<int:action_id>",
        "actions.delete": "/projecten/<int:project_id>/acties/<int:action_id>/verwijderen",
        "borging.new_task": "/projecten/<int:project_id>/borging/taken/nieuw",
        "borging.edit_task": "/projecten/<int:project_id>/borging/taken/<int:task_id>",
        "borging.delete_task": "/projecten/<int:project_id>/borging/taken/<int:task_id>/verwijderen",
        "projects.new_risk": "/projecten/<int:project_id>/projectplan/risicos/nieuw",
        "projects.edit_risk": "/projecten/<int:project_id>/projectplan/risicos/<int:risk_id>",
        "projects.delete_risk": "/projecten/<int:project_id>/projectplan/risicos/<int:risk_id>/verwijderen",
    }
    assert {endpoint: rules.get(endpoint) for endpoint in expected} == expected
    assert [p.edit_endpoint for p in (ACTION_PAGES, TASK_PAGES, RISK_PAGES)] == [".edit", ".edit_task", ".edit_risk"]
