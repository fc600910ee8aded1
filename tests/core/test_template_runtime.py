"""Jinja's runtime, cheaper (eoffice/template_runtime.py): template calls skip Jinja's
question about passing the context only where Jinja's own answer is known; a callable
that asks for the context, the environment or the eval context still gets it; template
globals read as Jinja's ChainMap reads them."""
from jinja2 import pass_context, pass_environment, pass_eval_context
from jinja2.runtime import Context
from jinja2.utils import _PassArg

from eoffice.template_runtime import JINJA, MACRO, PLAIN, PlainCallContext, how_called


def _jinja_passes(obj):
    """What Jinja's Context.call passes to obj: None, or what kind of context."""
    called = getattr(obj, "__call__")  # noqa: B004
    return _PassArg.from_obj(called) or _PassArg.from_obj(obj)


class Links:
    def unit(self, code):
        return f"/dashboard/{code}"

    @pass_context
    def here(self, context, code):
        return f"{context['prefix']}{code}"


def test_plain_only_where_jinja_passes_nothing(app):
    env = app.jinja_env
    macro = env.from_string("{% macro go(x) %}{{ x }}{% endmacro %}").module.go

    def plain(x):
        return x

    callables = [plain, Links().unit, Links().here, macro, len, {}.get,
                 pass_context(lambda context: 1), pass_environment(lambda env: 1),
                 pass_eval_context(lambda eval_context: 1), Links]
    expected = {PLAIN: None, MACRO: _PassArg.eval_context}
    for obj in callables:
        how = how_called(obj)
        assert how == JINJA or _jinja_passes(obj) is expected[how], obj
    assert [how_called(obj) for obj in callables] == [PLAIN, PLAIN, JINJA, MACRO, PLAIN,
                                                     PLAIN, JINJA, JINJA, JINJA, JINJA]


def test_templates_call_through_the_plain_context(app):
    env = app.jinja_env
    assert env.context_class is PlainCallContext

    @pass_context
    def greet(context, name):
        return f"{context['greeting']}, {name}"

    def stop():
        raise StopIteration

    template_text = (
        "{% macro go(x) %}<{{ x }}>{% endmacro %}{% autoescape false %}{{ go('&') }}"
        "{% endautoescape %} "
        "{{ greet('Asha') }} {{ links.unit('SGR') }} {{ links.here('SGR') }} {{ go(1) }} "
        "{{ stop() is undefined }} {{ name_of(env_name) }}")
    values = dict(greeting="Salaam", greet=greet, links=Links(), prefix="/p/", stop=stop,
                  name_of=pass_environment(lambda env, x: type(env).__name__), env_name="x")
    shown = env.from_string(template_text).render(**values)
    assert shown == "<&amp;> Salaam, Asha /dashboard/SGR /p/SGR <1> True PortalEnvironment"
    jinjas = env.overlay()  # Jinja's own way of calling, for the same template
    jinjas.context_class = Context
    assert jinjas.from_string(template_text).render(**values) == shown


def test_template_globals_read_and_write_as_jinjas_chain_map(app):
    from collections import ChainMap

    from eoffice.template_runtime import TwoLayerGlobals

    shared = {"a": 1, "b": 2}
    ours, jinjas = TwoLayerGlobals({"b": 3}, shared), ChainMap({"b": 3}, shared)
    for key in ("a", "b", "c"):
        assert (key in ours) == (key in jinjas)
        assert ours.get(key, "none") == jinjas.get(key, "none")
    assert dict(ours) == dict(jinjas) == {"a": 1, "b": 3}
    ours["c"] = jinjas["c"] = 4  # a template's own global stays the template's
    assert shared == {"a": 1, "b": 2} and dict(ours) == dict(jinjas)
    deeper = ours.new_child({"d": 5})
    assert deeper["d"] == 5 and deeper["a"] == 1 and "c" in deeper and "e" not in deeper
    template = app.jinja_env.get_template("base.html")
    assert isinstance(template.globals, TwoLayerGlobals)
    assert template.globals["policy"] is app.jinja_env.globals["policy"]
    app.jinja_env.globals["added_later"] = "seen"  # as Jinja's: later globals are seen
    try:
        assert app.jinja_env.from_string("{{ added_later }}").render() == "seen"
    finally:
        del app.jinja_env.globals["added_later"]
