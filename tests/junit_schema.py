"""The rules of `junit-10.xsd`, the JUnit XML schema Jenkins' xUnit plugin publishes (the one
GitLab's and most CI test-report readers accept), written out as checks: the elements each
element may hold, the attributes it must have, and the form of `time`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# xs:simpleType SUREFIRE_TIME of junit-10.xsd.
SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?")
CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"testsuite", "properties", "testcase", "system-out", "system-err"},
    "testcase": {
        "skipped",
        "error",
        "failure",
        "rerunFailure",
        "rerunError",
        "flakyFailure",
        "flakyError",
        "system-out",
        "system-err",
    },
    "properties": {"property"},
}
REQUIRED = {
    "testsuite": {"name", "tests", "failures", "errors"},
    "testcase": {"name"},
    "property": {"name", "value"},
}
# Elements of text only (xs:string, or a mixed type with attributes and no child element).
TEXT_ONLY = {"failure", "error", "skipped", "system-out", "system-err", "property"}


def junit_10_violations(root: ET.Element) -> list[str]:
    """Where `root` departs from junit-10.xsd, one line each; [] when it keeps to it."""
    problems = [] if root.tag == "testsuites" else [f"the root is <{root.tag}>"]
    for element in root.iter():
        allowed = CHILDREN.get(element.tag, set())
        for child in element:
            if element.tag in TEXT_ONLY or child.tag not in allowed:
                problems.append(f"<{child.tag}> inside <{element.tag}>")
        missing = REQUIRED.get(element.tag, set()) - set(element.attrib)
        if missing:
            problems.append(f"<{element.tag}> lacks {', '.join(sorted(missing))}")
        time = element.get("time")
        if element.tag in ("testsuite", "testsuites") and time is not None:
            if not SUREFIRE_TIME.fullmatch(time):
                problems.append(f"<{element.tag} time={time!r}> is no SUREFIRE_TIME")
    return problems
