"""Prints the slowest test cases of a ctest run from its JUnit file (ctest --output-junit).

    /usr/bin/python3 tests/slowest_tests.py BUILD_DIR/ctest.xml [COUNT]

setup.sh prints the ten slowest of each test stage at the end of `./setup.sh test`, so that a
test case that grows is seen when it grows (docs/testing.md "CI").
"""
import sys
import xml.etree.ElementTree as ET


def main() -> int:
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    cases = [(float(case.get("time", "0")), case.get("name", "?"))
             for case in ET.parse(path).getroot().iter("testcase")]
    cases.sort(reverse=True)
    total = sum(seconds for seconds, _ in cases)
    print(f"\nSlowest {min(count, len(cases))} of {len(cases)} test cases in {path} "
          f"({total:.0f} s of test time in all):")
    for seconds, name in cases[:count]:
        print(f"  {seconds:7.1f} s  {name[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
