"""Letters through the API: draft in a file, approve, issue, sign, and follow the
signed PDF to its recipients (delivery status), the same services as the pages."""
from flask import current_app, g, jsonify

from ..drafts import services as drafts
from ..errors import NotFound
from ..extensions import db
from ..i18n import gettext as _
from ..letters import services as letters
from ..letters.delivery import pdf_filename
from ..loaders import load_draft_or_404, load_item_or_404, load_letter_or_404
from . import serializers
from .auth import personal_only
from .blueprint import bp
from .errors import TEXT, in_api_words
from .payloads import json_body
from .receipts import ID


@bp.post(f"/files/<{ID}:file_id>/drafts")
@personal_only
def create_draft(file_id):
    efile = load_item_or_404("file", file_id, g.api_actor)
    body = json_body("DraftIn")
    with in_api_words(TEXT):
        draft = drafts.create_draft(g.api_actor, efile, body["subject"], body["text"],
                                    language=body.get("language"))
    db.session.commit()
    return jsonify(serializers.draft(draft)), 201


@bp.post(f"/drafts/<{ID}:draft_id>/approve")
@personal_only
def approve_draft(draft_id):
    draft = load_draft_or_404(draft_id, g.api_actor)
    body = json_body("ApproveIn")
    drafts.approve_draft(g.api_actor, draft, body["password"], body.get("version"))
    db.session.commit()
    return jsonify(serializers.draft(draft))


@bp.post(f"/drafts/<{ID}:draft_id>/issue")
@personal_only
def issue_draft(draft_id):
    draft = load_draft_or_404(draft_id, g.api_actor)
    body = json_body("IssueIn")
    dispatch = drafts.issue_draft(g.api_actor, draft, "\n".join(body["recipients"]), body["mode"])
    db.session.commit()
    return jsonify(serializers.dispatch(dispatch)), 201


@bp.get(f"/dispatches/<{ID}:dispatch_id>")
@personal_only
def dispatch(dispatch_id):
    return jsonify(serializers.dispatch(load_letter_or_404(dispatch_id, g.api_actor)))


@bp.post(f"/dispatches/<{ID}:dispatch_id>/sign")
@personal_only
def sign(dispatch_id):
    dispatch = load_letter_or_404(dispatch_id, g.api_actor)
    body = json_body("SignIn")
    letters.sign_letter(g.api_actor, dispatch, body["secret"])
    db.session.commit()
    return jsonify(serializers.dispatch(dispatch))


@bp.get(f"/dispatches/<{ID}:dispatch_id>/pdf")
@personal_only
def pdf(dispatch_id):
    dispatch = load_letter_or_404(dispatch_id, g.api_actor)
    document = dispatch.document
    if document is None or not document.is_final:
        raise NotFound(_("The letter's PDF is not ready yet."))
    response = current_app.response_class(document.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf_filename(dispatch)}"'
    return response
