"""Two costs of Jinja's runtime that a page pays dozens of times, without changing
what any template does.

Calls. Templates call functions, methods and macros without Jinja asking each for a
`jinja_pass_arg` it does not have. For every call in a template Jinja asks the callable, and its `__call__`, whether it
wants the context passed (`hasattr(obj, "jinja_pass_arg")`). For a bound method or a
macro the answer is an AttributeError raised and formatted inside Python: two per call,
about 170 a dashboard, half a million instructions a page. For a plain function and a
bound method the attribute can only be in the function's own `__dict__` (where
`pass_context` and friends put it), a builtin never has one, and a macro always takes
the eval context (its `__call__` is `pass_eval_context`), so this context knows the
answer for those and calls straight away; anything else goes Jinja's way.

Globals. A template's globals are a ChainMap of its own (almost always empty) over the
environment's; every render copies them into its context, and a ChainMap looks each of
the forty-odd names up in the empty map first, raising and catching a KeyError for
each. `TwoLayerGlobals` is the same ChainMap, looking in its two maps directly.
"""
from collections import ChainMap
from types import BuiltinFunctionType, FunctionType, MethodType

from flask.templating import Environment
from jinja2.runtime import Context, Macro

JINJA, PLAIN, MACRO = range(3)


def how_called(obj):
    """JINJA: ask as Jinja asks; PLAIN: nothing passed; MACRO: the eval context passed."""
    kind = type(obj)
    if kind is FunctionType:
        return JINJA if "jinja_pass_arg" in obj.__dict__ else PLAIN
    if kind is MethodType:
        function = obj.__func__
        if type(function) is FunctionType and "jinja_pass_arg" not in function.__dict__:
            return PLAIN
        return JINJA
    if kind is Macro:
        return MACRO
    return PLAIN if kind is BuiltinFunctionType else JINJA


class PlainCallContext(Context):
    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        how = how_called(__obj)
        if how == JINJA:
            return super().call(__obj, *args, **kwargs)
        if how == MACRO:
            args = (__self.eval_ctx, *args)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


class TwoLayerGlobals(ChainMap):
    """A template's globals over the environment's, read without raising KeyError."""

    def __getitem__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        return self.__missing__(key)

    def __contains__(self, key):
        for mapping in self.maps:
            if key in mapping:
                return True
        return False


class PortalEnvironment(Environment):
    """Flask's template environment, its templates' globals in TwoLayerGlobals."""

    context_class = PlainCallContext

    def make_globals(self, d):
        return TwoLayerGlobals({} if d is None else d, self.globals)
