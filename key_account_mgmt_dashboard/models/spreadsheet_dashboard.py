import re

from odoo import models
from odoo.tools.translate import code_translations

_T_CALL = re.compile(r'_t\("([^"]+)"\)')


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    def _get_sample_dashboard(self):
        """Translate the sample of the key-account dashboards.

        Odoo serves a sample without its translation namespace, so its
        ``_t()`` labels would stay in English: the terms of the dashboard's
        module (extracted from the JSON like those of the live dashboard)
        are put in place here, in the user's language.
        """
        data = super()._get_sample_dashboard()
        module = self._get_dashboard_translation_namespace()
        lang = self.env.lang
        if not data or not module or not module.startswith("key_account_mgmt"):
            return data
        if not lang or lang == "en_US":
            return data
        messages = code_translations.get_web_translations(module, lang)["messages"]
        terms = {m["id"]: m["string"] for m in messages if '"' not in m["string"]}
        if not terms:
            return data

        def translate_formula(content):
            return _T_CALL.sub(
                lambda m: f'_t("{terms.get(m.group(1), m.group(1))}")', content
            )

        def translate_text(holder):
            if isinstance(holder, dict) and holder.get("text") in terms:
                holder["text"] = terms[holder["text"]]

        for sheet in data.get("sheets", []):
            cells = sheet.get("cells", {})
            for ref, content in cells.items():
                if isinstance(content, str) and content.startswith("="):
                    cells[ref] = translate_formula(content)
            for figure in sheet.get("figures", []):
                chart = figure.get("data") or {}
                translate_text(chart.get("title"))
                translate_text(chart.get("baselineDescr"))
        for global_filter in data.get("globalFilters", []):
            global_filter["label"] = terms.get(
                global_filter["label"], global_filter["label"]
            )
        return data
