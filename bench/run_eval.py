"""`make eval`: extraction accuracy and retrieval quality on ../shared/corpus (fails without it)."""

from __future__ import annotations

import argparse

from bench.common import shared_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default="../shared/corpus")
    parser.add_argument("--misses", type=int, default=0, help="show up to N misses per field")
    parser.add_argument("--only", choices=["extraction", "retrieval", "duplicates", "records"], default=None)
    parser.add_argument(
        "--retrieval-misses",
        choices=["tuning", "locked", "all", "none"],
        default="tuning",
        help="whose misses to list (the locked half's only when the weights are final)",
    )
    parser.add_argument("--no-previous", action="store_true", help="skip the previous commit's ranking")
    parser.add_argument(
        "--solr", action="store_true", help="also rank on the local SolrCloud cluster (make cluster-up)"
    )
    args = parser.parse_args()
    root = shared_path(args.shared, "detik-2025", required=True)
    if args.only in (None, "extraction"):
        from bench.eval_extraction import evaluate, report

        print("== Extraction on detik-2025 ==\n")
        print(report(evaluate(root), show_misses=args.misses))
        other = shared_path(args.shared, "multi-outlet", required=False)
        if other:
            from bench import eval_metadata

            print("\n== Outlets and dates per outlet (multi-outlet), tuning and locked halves ==\n")
            print(eval_metadata.report_multi_outlet(eval_metadata.evaluate_multi_outlet(other), args.misses))
            print("\n== Saved pages with their metadata tags removed (detik-2025 + multi-outlet HTML) ==\n")
            bare = eval_metadata.evaluate_bare_pages(root.parent)
            print(eval_metadata.report_bare_pages(bare, args.misses))
    if args.only in (None, "duplicates"):
        from bench.eval_duplicates import evaluate as evaluate_duplicates
        from bench.eval_duplicates import report as report_duplicates

        print("\n== Duplicate detection on detik-2025 (constructed copies and the corpus's own) ==\n")
        print(report_duplicates(evaluate_duplicates(root)))
    if args.only in (None, "records"):
        from bench.eval_records import evaluate as evaluate_records
        from bench.eval_records import report as report_records

        print("\n== Stored record size (detik-2025 + multi-outlet), locked half ==\n")
        print(report_records(evaluate_records(root.parent)))
    if args.only in (None, "retrieval"):
        from bench.eval_retrieval import evaluate as evaluate_retrieval
        from bench.eval_retrieval import report as report_retrieval

        shared_path(args.shared, "multi-outlet", required=True)
        print("\n== Retrieval: detik-2025 + multi-outlet in one index, MRR@10 / recall@10 ==\n")
        result = evaluate_retrieval(root.parent, with_previous=not args.no_previous, with_solr=args.solr)
        print(report_retrieval(result, misses=args.retrieval_misses))


if __name__ == "__main__":
    main()
