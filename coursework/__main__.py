"""Command line of the coursework kit; ``python -m coursework --help``.

    python -m coursework generate [NAME ...]         student notebooks and autograders
    python -m coursework check NOTEBOOK               a student's score on the public checks
    python -m coursework grade FOLDER --csv OUT.csv   grade a class with the hidden tests
    python -m coursework student-site                 build the site without solutions
    python -m coursework pdf [--edition EDITION]      the printable edition(s), _build/pdf/
"""

import argparse
import sys

from . import BUILD, assignment_names


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m coursework", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The coursework kit: assignments, checks, class grading, student edition.",
        epilog="\n".join(__doc__.splitlines()[2:]) + "\nSee coursework/README.md.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("generate", help="student notebook + autograder for each assignment")
    p.add_argument("names", nargs="*", metavar="NAME",
                   help=f"assignments (default: all of {', '.join(assignment_names())})")
    p.add_argument("--out", default=str(BUILD), help="output folder (default: _build/coursework)")

    p = sub.add_parser("check", help="run a notebook's public checks and print a score report")
    p.add_argument("notebook")

    p = sub.add_parser("grade", help="grade a folder of submitted notebooks into a CSV")
    p.add_argument("folder")
    p.add_argument("--csv", required=True, help="the CSV file to write")
    p.add_argument("--assignment", choices=assignment_names(), help="default: from the notebooks")
    p.add_argument("--autograder", help="an autograder.zip (default: generated from the master)")
    p.add_argument("--timeout", type=float, default=600, help="seconds per submission (default 600)")
    p.add_argument("--jobs", type=int, default=2, help="submissions graded at once (default 2)")

    sub.add_parser("student-site", help="build the student edition into _build/student/_build/html")

    p = sub.add_parser("pdf", help="the book as a PDF: _build/pdf/full.pdf and _build/pdf/student.pdf")
    p.add_argument("--edition", choices=["full", "student", "both"], default="both")

    args = parser.parse_args(argv)
    if args.command == "generate":
        from .generate import generate

        unknown = sorted(set(args.names) - set(assignment_names()))
        if unknown:
            parser.error(f"unknown assignment(s) {unknown}; choose from {assignment_names()}")

        for made in generate(args.names or None, args.out):
            print(f"{made.name}:\n  hand out   {made.student}\n  grade with {made.autograder}\n"
                  f"  solutions  {made.solutions}")
    elif args.command == "check":
        from .grading import check

        report, score, possible, errors = check(args.notebook)
        print(report)
    elif args.command == "grade":
        from .grading import grade

        rows = grade(args.folder, args.csv, args.assignment, args.autograder, args.timeout, args.jobs)
        for row in rows:
            note = f"  ({row['reason']})" if row["reason"] else ""
            print(f"{row['submission']}: {row['total']:g} / {row['possible']:g}{note}")
        print(f"wrote {args.csv}")
    elif args.command == "student-site":
        from .student_site import STUDENT_DIR, build, html_dir

        proc = build()
        if proc.returncode == 0:
            print(f"student edition: {html_dir(STUDENT_DIR)}/index.html")
        return proc.returncode
    elif args.command == "pdf":
        from .pdf import EDITIONS, build

        for edition, path in build(EDITIONS if args.edition == "both" else [args.edition]).items():
            print(f"{edition} edition: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
