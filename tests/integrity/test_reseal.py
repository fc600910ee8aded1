"""Upgrading a database written before seals: `eoffice reseal` checks it by the old
rules, seals every row once (recorded), and refuses a second time."""
from sqlalchemy import select, text

from eoffice.extensions import db
from eoffice.integrity import seals, triggers
from eoffice.models import AuditEvent
from tests.factories import make_history
from tests.integrity.tamper import forced, verify
from tests.integrity.test_seals import noting  # noqa: F401 - the fixture


def unseal_everything():
    """As the rows stood before the seal columns came (migration 1210_seals)."""
    for kind in seals.SEALED:
        if kind in triggers.ATTACHED:
            forced(kind, f"UPDATE {kind} SET seal = NULL")
        else:
            db.session.execute(text(f"UPDATE {kind} SET seal = NULL"))
    db.session.commit()


def reseal(app):
    result = app.test_cli_runner().invoke(args=["eoffice", "reseal"])
    return result.exit_code, result.output


def test_reseal_seals_old_rows_once_and_is_recorded(app, org, noting):  # noqa: F811
    make_history(org)
    unseal_everything()
    code, output = verify(app)
    assert code == 1 and "movement row(s) have no seal: run `flask --app app eoffice reseal`" \
        in output
    code, output = reseal(app)
    assert code == 0, output
    assert output.startswith("Sealed ") and " movement" in output
    code, output = verify(app)
    assert code == 0, output
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "integrity.reseal" and "movement" in event.detail
    code, output = verify(app)
    assert code == 0 and "ok    protective triggers" in output, "the triggers are back"
    db.session.execute(text("UPDATE receipt SET seal = NULL WHERE id = 1"))
    db.session.commit()
    code, output = reseal(app)
    assert code == 1 and "was resealed on" in output, "a cleared seal is not sealed again"


def test_reseal_refuses_data_that_fails_the_old_rules(app, org, noting):  # noqa: F811
    unseal_everything()
    forced("note", "UPDATE note SET body_html = '<p>Approve Rs 90,000.</p>' WHERE seq = 2")
    code, output = reseal(app)
    assert code == 1 and "nothing was sealed" in output and "Paragraph 2 was changed" in output
    assert db.session.scalar(text("SELECT count(*) FROM note WHERE seal IS NOT NULL")) == 0
