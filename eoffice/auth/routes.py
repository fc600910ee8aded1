from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import audit
from ..clock import utcnow
from ..errors import CountedFailure
from ..extensions import db, limiter
from ..forms import press, refused, submit
from ..htmx import redirect_to
from ..i18n import gettext as _
from ..i18n import language_choices
from . import services
from .blueprint import bp
from .forms import CodeForm, LanguageForm, LoginForm, PasswordChangeForm


def login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _counted(signed_in):
    """A failed sign-in step is a refusal whose failure is already counted toward lockout."""
    if not signed_in:
        raise CountedFailure(services.failure_message())
    return signed_in


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    form = LoginForm()
    sent = submit(form, lambda: _counted(services.authenticate(form.username.data,
                                                               form.password.data)))
    if not sent.done:
        return render_template("auth/login.html", form=form, error=sent.error), sent.status
    user = sent.result
    if user.totp_secret:
        chosen = session.get("lang")
        session.clear()
        session["pending_user"], session["pending_at"] = user.id, utcnow().timestamp()
        if chosen:
            session["lang"] = chosen
        return redirect(url_for("auth.login_code"), code=303)
    return _sign_in(user)


def _keep_chosen_language(user):
    """A language chosen on the sign-in page becomes the profile's: the official chose
    it knowing who they are, and it should not change back once they are known."""
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"] and chosen != user.language:
        user.language = chosen
        audit.record("user.language", user=user, obj=user, detail=f"{chosen} (at sign-in)")


def _sign_in(user):
    _keep_chosen_language(user)
    token = services.start_session(user, request.remote_addr, request.user_agent.string)
    db.session.commit()
    session.clear()  # nothing from before sign-in survives (the language is now the profile's)
    session["sid"] = token
    session.permanent = True
    login_user(user)
    return redirect(url_for("inbox.index"), code=303)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login_code():
    """Second step for users with a second factor: the code from their app."""
    if current_user.is_authenticated:
        return redirect(url_for("inbox.index"))
    user = services.pending_user(session.get("pending_user"), session.get("pending_at"))
    if user is None:
        session.pop("pending_user", None)
        session.pop("pending_at", None)
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.login"), code=303)
    form = CodeForm()
    sent = submit(form, lambda: _counted(services.second_factor(user, form.code.data)))
    if not sent.done:
        return render_template("auth/code.html", form=form, error=sent.error), sent.status
    return _sign_in(user)


@bp.post("/logout")
def logout():
    services.end_session(session.get("sid"))
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect_to("auth.login")


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(login_limit, methods=["POST"])
def change_password():
    form = PasswordChangeForm()
    sent = submit(form, lambda: _change_password(form))
    if not sent.done:
        return render_template("auth/password.html", form=form, error=sent.error), sent.status
    flash(_("Your password has been changed."), "success")
    return redirect(url_for("inbox.index"), code=303)


def _change_password(form):
    services.change_password(current_user, form.current.data, form.new.data, form.confirm.data)
    services.end_other_sessions(current_user, session.get("sid"), "password change")


def _set_language(language):
    session["lang"] = language
    if current_user.is_authenticated and current_user.language != language:
        current_user.language = language
        audit.record("user.language", user=current_user, obj=current_user, detail=language)


@bp.post("/language")
def set_language():
    form = LanguageForm()
    form.language.choices = language_choices()
    sent = press(form, lambda: _set_language(form.language.data))
    if not sent.done:
        return refused(form, sent)
    target = request.referrer or url_for("inbox.index")
    if not target.startswith(request.host_url):
        target = url_for("inbox.index")
    return redirect(target, code=303)
