"""Command line of the coursework kit; ``python -m coursework --help``.

    python -m coursework generate [NAME ...]         student notebooks and autograders
    python -m coursework check NOTEBOOK               a student's score on the public checks
    python -m coursework grade SOURCE --gradebook OUT.csv   grade in the sandbox (merges)
    python -m coursework written-export SOURCE --out DIR    written answers + rubric, to grade
    python -m coursework written-import DIR/written.csv --gradebook OUT.csv
    python -m coursework gradescope NAME --out ZIP          a Gradescope autograder
    python -m coursework student-site                 build the site without solutions
    python -m coursework student-notebooks [--out DIR]  chapter notebooks for students
    python -m coursework pdf [--edition EDITION]      the printable edition(s), _build/pdf/
"""

import argparse
import sys
from pathlib import Path

from . import BUILD, assignment_names, use_masters


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m coursework", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The coursework kit: assignments, checks, class grading, student edition.",
        epilog="\n".join(__doc__.splitlines()[2:]) + "\nSee coursework/README.md.")
    parser.add_argument("--masters", metavar="DIR",
                        help="folder of the masters and hidden checks (default: coursework/assignments; "
                        "keep them in a private repository, see coursework/README.md)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("generate", help="student notebook + autograder for each assignment")
    p.add_argument("names", nargs="*", metavar="NAME",
                   help=f"assignments (default: all of {', '.join(assignment_names())})")
    p.add_argument("--out", default=str(BUILD), help="output folder (default: _build/coursework)")

    p = sub.add_parser("check", help="run a notebook's public checks and print a score report")
    p.add_argument("notebook")

    p = sub.add_parser("grade", help="grade submissions in the sandbox into a gradebook CSV")
    p.add_argument("source", help="a notebook, a folder of notebooks, or a folder of per-student "
                   "folders (GitHub Classroom, Gradescope export)")
    p.add_argument("--gradebook", "--csv", dest="gradebook", required=True,
                   help="the gradebook CSV (created, or updated: other students' rows are kept)")
    p.add_argument("--assignment", help="default: from the notebooks' metadata")
    p.add_argument("--roster", help="CSV with student_id (and optionally submission) columns")
    p.add_argument("--student", metavar="ID",
                   help="SOURCE is this one student's notebook or folder (regrade one student)")
    p.add_argument("--written", help="hand grades to merge (CSV from written-export)")
    p.add_argument("--limit", type=float, default=10,
                   help="seconds per cell and per question's checks (default 10)")
    p.add_argument("--jobs", type=int, default=2, help="submissions graded at once (default 2)")
    p.add_argument("--seed", type=int, help="seed of the hidden cases (default: drawn now)")
    p.add_argument("--generated", metavar="DIR", default=str(BUILD),
                   help="where `generate --out` wrote the assignment (default: _build/coursework)")

    p = sub.add_parser("written-export", help="the written answers of a class, per question, "
                       "with the rubric and a CSV to fill in")
    p.add_argument("source")
    p.add_argument("--out", required=True)
    p.add_argument("--assignment")
    p.add_argument("--roster")

    p = sub.add_parser("written-import", help="merge hand grades into a gradebook")
    p.add_argument("written")
    p.add_argument("--gradebook", required=True)
    p.add_argument("--assignment", required=True)

    p = sub.add_parser("gradescope", help="a Gradescope autograder zip for an assignment")
    p.add_argument("name")
    p.add_argument("--out", required=True, help="the zip to write")
    p.add_argument("--generated", metavar="DIR", default=str(BUILD),
                   help="where `generate --out` wrote the assignment (default: _build/coursework)")

    sub.add_parser("student-site", help="build the student edition into _build/student/_build/html")

    p = sub.add_parser("student-notebooks", help="the chapters as student notebooks (no checks, no solutions)")
    p.add_argument("--out", help="output folder (default: _build/student-notebooks)")
    p = sub.add_parser("pdf", help="the book as a PDF: _build/pdf/full.pdf and _build/pdf/student.pdf")
    p.add_argument("--edition", choices=["full", "student", "both"], default="both")

    args = parser.parse_args(argv)
    if args.masters:
        use_masters(args.masters)
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
        from .sandbox import SandboxUnavailable

        def show(row):
            note = f"  ({row['reason']})" if row.get("reason") else ""
            print(f"{row['student_id']}: {float(row['total']):g} / {float(row['possible']):g}{note}",
                  flush=True)

        try:
            rows = grade(args.source, args.gradebook, args.assignment, roster=args.roster,
                         written=args.written, limit=args.limit, jobs=args.jobs, seed=args.seed,
                         on_row=show, generated_dir=args.generated, student=args.student)
        except SandboxUnavailable as error:
            print(error, file=sys.stderr)
            return 3
        if not rows:
            print(f"no submission found in {args.source}")
        print(f"wrote {args.gradebook} and {Path(args.gradebook).stem}_feedback/")
    elif args.command == "written-export":
        from .written import export

        made = export(args.source, args.out, args.assignment, args.roster)
        print(f"wrote {len(made)} files to {args.out}: grade each question's file, fill in "
              f"{Path(args.out) / 'written.csv'}, then run written-import")
    elif args.command == "written-import":
        from .grading import import_written

        rows = import_written(args.written, args.gradebook, args.assignment)
        print(f"merged hand grades into {args.gradebook} ({len(rows)} students)")
    elif args.command == "gradescope":
        from .gradescope import build_zip

        print(f"wrote {build_zip(args.name, args.out, args.generated)}")
    elif args.command == "student-site":
        from .student_site import STUDENT_DIR, build, html_dir

        proc = build()
        if proc.returncode == 0:
            print(f"student edition: {html_dir(STUDENT_DIR)}/index.html")
        return proc.returncode
    elif args.command == "student-notebooks":
        from .student_notebooks import OUT, generate

        for path in generate(args.out or OUT):
            print(path)
    elif args.command == "pdf":
        from .pdf import EDITIONS, build

        for edition, path in build(EDITIONS if args.edition == "both" else [args.edition]).items():
            print(f"{edition} edition: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
