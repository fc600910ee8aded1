"""Posts, the employee master, and who holds which post."""
from functools import partial

from flask import abort, render_template, request, url_for

from ..extensions import db
from ..forms import query_string
from ..i18n import format_datetime
from ..i18n import gettext as _
from ..models import Post, PostHolding, User
from ..tokens import services as token_services
from . import forms, queries, services
from .blueprint import bp
from .lookups import describe, reference
from .pages import actor, form_page, list_page
from .routes import lifecycle_link


@bp.get("/posts")
def posts():
    return list_page(_("Posts"), forms.PostFilterForm(), queries.posts,
                     "admin/_posts.html", new=url_for("admin.post_new"))


@bp.route("/posts/new", methods=["GET", "POST"])
def post_new():
    return form_page(forms.PostForm(), partial(services.create_post, actor()), _("New post"),
                     back=("admin.posts", {}))


@bp.route("/posts/<int:post_id>", methods=["GET", "POST"])
def post_edit(post_id):
    post = db.get_or_404(Post, post_id)
    return form_page(forms.PostForm(obj=post), partial(services.update_post, actor(), post),
                     _("Edit post %(number)s: %(name)s", number=post.id, name=post.label),
                     back=("admin.posts", {}),
                     links=[(_("Holders"), url_for("admin.holdings", post=post.id, status="all")),
                            (_("Assign this post"), url_for("admin.holding_new", post=post.id)),
                            lifecycle_link("posts", post)])


@bp.get("/users")
def users():
    return list_page(_("Users"), forms.UserFilterForm(), queries.users,
                     "admin/_users.html", new=url_for("admin.user_new"))


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    return form_page(forms.UserForm(), partial(services.create_user, actor()), _("New user"),
                     back=("admin.users", {}),
                     done=lambda user: ("admin.user_edit", {"user_id": user.id}))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id):
    user = db.get_or_404(User, user_id)
    links = [(_("Posts held"), url_for("admin.holdings", user=user.id, status="all")),
             (_("Assign a post"), url_for("admin.holding_new", user=user.id)),
             (_("Reset password"), url_for("admin.user_password", user_id=user.id)),
             (_("API tokens"), url_for("admin.user_tokens", user_id=user.id))]
    if services.is_locked(user) or user.failed_logins:
        links.append((_("Unlock"), url_for("admin.user_unlock", user_id=user.id)))
    return form_page(forms.UserEditForm(obj=user),
                     partial(services.update_user, actor(), user),
                     _("Edit %(name)s", name=describe(user)), back=("admin.users", {}),
                     facts=[(_("Locked until"), format_datetime(user.locked_until) or "-"),
                            (_("Failed sign-ins"), user.failed_logins or 0)],
                     links=links + [lifecycle_link("users", user)])


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
def user_password(user_id):
    user = db.get_or_404(User, user_id)
    return form_page(forms.PasswordResetForm(), partial(services.reset_password, actor(), user),
                     _("Reset the password of %(name)s", name=describe(user)),
                     back=("admin.user_edit", {"user_id": user.id}),
                     intro=_("The user's open sessions end, their API tokens are revoked and a "
                             "lock is lifted. They choose a new password at their next sign-in."))


@bp.route("/users/<int:user_id>/unlock", methods=["GET", "POST"])
def user_unlock(user_id):
    user = db.get_or_404(User, user_id)
    return form_page(forms.ActionForm(), partial(services.unlock_user, actor(), user),
                     _("Unlock %(name)s", name=describe(user)),
                     back=("admin.user_edit", {"user_id": user.id}), submit=_("Unlock"))


@bp.get("/holdings")
def holdings():
    filters = forms.HoldingFilterForm()
    return list_page(_("Post holdings"), filters, queries.holdings, "admin/_holdings.html",
                     new=url_for("admin.holding_new", **{k: v for k, v in query_string().items()
                                                          if k in ("user", "post")}))


@bp.route("/holdings/new", methods=["GET", "POST"])
def holding_new():
    form = forms.HoldingForm()
    if request.method == "GET":
        prefill = forms.HoldingFilterForm().values()
        user = db.session.get(User, prefill["user"]) if "user" in prefill else None
        post = db.session.get(Post, prefill["post"]) if "post" in prefill else None
        form.user.data = user.username if user else None
        form.post.data = reference("post", post) if post else None
    return form_page(form, partial(services.assign_post, actor()), _("Assign a post"),
                     back=("admin.holdings", {}))


@bp.route("/holdings/<int:holding_id>/end", methods=["GET", "POST"])
def holding_end(holding_id):
    holding = db.get_or_404(PostHolding, holding_id)
    return form_page(forms.EndHoldingForm(), partial(services.end_holding, actor(), holding),
                     _("End: %(user)s in %(post)s", user=holding.user.name,
                       post=holding.post.label),
                     back=("admin.holdings", {"user": holding.user_id, "status": "all"}),
                     submit=_("End holding"))


@bp.get("/users/<int:user_id>/tokens")
def user_tokens(user_id):
    """An IT admin sees a user's API tokens, to revoke one that leaked or is no longer needed."""
    user = db.get_or_404(User, user_id)
    return render_template("admin/tokens.html", user=user, title=describe(user),
                           tokens=token_services.tokens_of(user))


@bp.route("/users/<int:user_id>/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
def user_token_revoke(user_id, token_id):
    user = db.get_or_404(User, user_id)
    token = token_services.find_token(token_id)
    if token.user_id != user.id:
        return abort(404)

    def revoke(reason=None):
        return token_services.revoke_token(token, actor=actor(), owner=user, reason=reason)
    return form_page(forms.ActionForm(), revoke,
                     _("Revoke token %(prefix)s… of %(name)s", prefix=token.prefix,
                       name=describe(user)),
                     back=("admin.user_tokens", {"user_id": user.id}))
