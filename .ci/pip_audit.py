"""pip-audit of the pinned runtime requirements, for .ci/run.

A known vulnerability fails the run. A vulnerability service that cannot be reached, or
that knows none of the pinned packages (a registry mirror without PyPI's JSON API), only
prints a warning: the run cannot tell "safe" from "not checked", and says which.
"""
import json
import subprocess  # nosec B404
import sys

COMMAND = [sys.executable, "-m", "pip_audit", "-r", "requirements.txt", "--no-deps",
           "--disable-pip", "--progress-spinner", "off", "-f", "json"]


def main():
    result = subprocess.run(COMMAND, capture_output=True, text=True, timeout=600)  # nosec B603
    try:
        report = json.loads(result.stdout)
    except ValueError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"WARNING: pip-audit could not run its check ({last}); dependencies NOT audited.")
        return 0
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"VULNERABLE: {dependency['name']} {dependency['version']}: {vuln['id']} "
                  f"(fixed in {fixed})")
    skipped = [d["name"] for d in dependencies if "skip_reason" in d]
    audited = len(dependencies) - len(skipped)
    if vulnerable:
        return 1
    if skipped:
        print(f"WARNING: pip-audit could not look up {len(skipped)} of {len(dependencies)} "
              f"pinned packages (its vulnerability service did not know them): "
              f"{', '.join(skipped)}")
    print(f"pip-audit: {audited} package(s) audited, no known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
