import sqlalchemy as sa

from rfz_project.demo import DEMO_PASSWORD, load_demo
from rfz_project.extensions import db
from rfz_project.models import Gemeente, Project, StepState, User


def test_demo_creates_eight_gemeenten_with_a_project_each(ctx):
    assert load_demo() > 0
    names = set(db.session.scalars(sa.select(Gemeente.name)))
    assert names == {"Leeuwarden", "Amsterdam", "Enschede", "Venlo", "Nijmegen", "Kampen", "Apeldoorn", "Hilversum"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 8
    statuses = {s.value for s in db.session.scalars(sa.select(StepState.status))}
    assert {"afgerond", "bezig"} <= statuses


def test_demo_is_idempotent(ctx):
    load_demo()
    counts = {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}
    assert load_demo() == 0
    assert counts == {
        t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables
    }


def test_demo_accounts_log_in(ctx, client):
    load_demo()
    user = db.session.scalars(sa.select(User).where(User.email == "projectleider.venlo@demo.rfz")).one()
    assert user.check_password(DEMO_PASSWORD)
    response = client.post("/inloggen", data={"email": "procesbegeleider@demo.rfz", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/start").get_data(as_text=True)
    assert page.count('href="/projecten/') == 8


def test_demo_command_via_cli(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["rfz", "demo"])
    second = runner.invoke(args=["rfz", "demo"])
    assert "Demogegevens geladen" in first.output and "niets veranderd" in second.output


def test_check_content_command_reports_counts(app):
    result = app.test_cli_runner().invoke(args=["rfz", "check-content"])
    assert result.exit_code == 0 and "8 mijlpalen, 12 stappen" in result.output


def test_demo_projects_in_the_uitvoering_have_sessions_results_and_actions(ctx):
    from rfz_project.models import Action, Finding, Sessie

    load_demo()
    venlo = db.session.scalars(sa.select(Project).join(Gemeente).where(Gemeente.name == "Venlo")).one()
    kampen = db.session.scalars(sa.select(Project).join(Gemeente).where(Gemeente.name == "Kampen")).one()
    for model, expected in ((Sessie, 5), (Finding, 4), (Action, 4)):
        assert (
            db.session.scalar(sa.select(sa.func.count()).select_from(model).where(model.project_id == venlo.id))
            == expected
        )
        assert (
            db.session.scalar(sa.select(sa.func.count()).select_from(model).where(model.project_id == kampen.id)) == 0
        )
