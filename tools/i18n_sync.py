"""Regenerate an addon's .pot and keep its zh_CN.po complete.

Exports the addon's terms from a database where it is installed (Odoo's own
exporter), writes i18n/<addon>.pot, and rebuilds i18n/zh_CN.po from it: each
term keeps its existing translation, else takes one from the JSON files given
(flat {"English": "中文"} objects). Terms still untranslated are listed (and
written to --missing as JSON) and make the command exit 1.

Usage:
  python3 tools/i18n_sync.py -d DB key_account_mgmt [--json t.json ...]
      [--missing missing.json] [-c odoo.conf]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import polib

import odoo.addons.base as base

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANG = "zh_CN"


def export_pot(db, addon, config):
    addons_path = "%s,%s" % (os.path.dirname(os.path.dirname(base.__file__)), ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, addon + ".pot")
        cmd = [sys.executable, "-m", "odoo", "--addons-path=" + addons_path, "i18n"]
        cmd += ["export", "-d", db, "-o", out, addon]
        if config:
            cmd[6:6] = ["-c", config]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        return polib.pofile(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("addon")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-c", "--config")
    parser.add_argument("--json", action="append", default=[])
    parser.add_argument("--missing")
    args = parser.parse_args()

    i18n = os.path.join(ROOT, args.addon, "i18n")
    os.makedirs(i18n, exist_ok=True)
    pot = export_pot(args.database, args.addon, args.config)
    pot.save(os.path.join(i18n, args.addon + ".pot"))

    known = {}
    for path in args.json:
        with open(path, encoding="utf-8") as file:
            known.update({k: v for k, v in json.load(file).items() if v})
    po_path = os.path.join(i18n, LANG + ".po")
    if os.path.exists(po_path):
        for entry in polib.pofile(po_path):
            if entry.msgstr and not entry.obsolete:
                known[entry.msgid] = entry.msgstr

    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": LANG,
            "Language-Team": "Chinese (Simplified)",
            "Plural-Forms": "nplurals=1; plural=0;",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
    )
    missing = {}
    for entry in pot:
        new = polib.POEntry(
            msgid=entry.msgid,
            msgstr=known.get(entry.msgid, ""),
            occurrences=entry.occurrences,
            comment=entry.comment,
            tcomment=entry.tcomment,
            flags=entry.flags,
            msgctxt=entry.msgctxt,
        )
        if not new.msgstr:
            missing[entry.msgid] = ""
        po.append(new)
    po.save(po_path)
    print("%s: %d terms, %d untranslated" % (po_path, len(pot), len(missing)))
    if args.missing:
        with open(args.missing, "w", encoding="utf-8") as file:
            json.dump(missing, file, ensure_ascii=False, indent=1)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
