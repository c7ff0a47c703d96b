"""Print Odoo's requirements.txt resolved for this machine.

Odoo pins the versions of its Python dependencies per Python version. Some of
the pins for Python 3.10/3.11 no longer build from source on current systems,
while the pins for Python 3.12 install cleanly on 3.10 and 3.11 too. This
prints the pins that apply to max(current Python, 3.12), without python-ldap
(only needed by the auth_ldap addon, and it needs system LDAP headers).

Usage: python3 tools/odoo_requirements.py path/to/odoo/requirements.txt
"""

import platform
import sys

from packaging.requirements import Requirement

SKIP = {"python-ldap"}


def main(path):
    version = tuple(int(x) for x in platform.python_version_tuple()[:2])
    target = max(version, (3, 12))
    env = {
        "python_version": "%d.%d" % target,
        "python_full_version": "%d.%d.0" % target,
        "sys_platform": sys.platform,
    }
    with open(path, encoding="utf-8") as file:
        for line in file:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            requirement = Requirement(line)
            if requirement.name.lower() in SKIP:
                continue
            if requirement.marker is None or requirement.marker.evaluate(env):
                requirement.marker = None
                print(requirement)


if __name__ == "__main__":
    main(sys.argv[1])
