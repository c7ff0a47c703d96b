from contextlib import contextmanager
from contextvars import ContextVar

from lxml import etree

from odoo import models

# The inline templates compiled in the current scope (see
# ``_kam_compile_inline_once``): {(source, cache keys): compiled functions}.
# A context variable, not a context key: the client cannot set it.
_INLINE_COMPILED = ContextVar("kam_inline_qweb_compiled", default=None)


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    @contextmanager
    def _kam_compile_inline_once(self):
        """Compile each inline (etree) template once inside this block.

        Odoo compiles a template given as an etree at every ``_render`` (only
        templates referenced by view id are cached, ``_generate_code_cached``),
        so a mail template's body is compiled once per recipient record. Here
        the compiled functions are kept for the block, keyed like Odoo's own
        template cache (source and ``_get_template_cache_keys``): rendering
        is the same, compilation happens once per source and context. A
        nested block shares the cache of the outer one.
        """
        if _INLINE_COMPILED.get() is not None:
            yield
            return
        token = _INLINE_COMPILED.set({})
        try:
            yield
        finally:
            _INLINE_COMPILED.reset(token)

    def _compile(self, template):
        compiled = _INLINE_COMPILED.get()
        if compiled is None or not isinstance(template, etree._Element):
            return super()._compile(template)
        # the key is read before compiling: compiling alters the element
        key = (
            etree.tostring(template),
            tuple(
                self.env.context.get(key) or False
                for key in [*self._get_template_cache_keys(), "preserve_comments"]
            ),
        )
        if key not in compiled:
            compiled[key] = super()._compile(template)
        return compiled[key]
