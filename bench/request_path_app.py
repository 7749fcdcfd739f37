"""`vitrine serve` with parts of its request path taken out, to measure what each part costs (bench/request_path.py).

    .venv/bin/python -m bench.request_path_app PORT [without ...]

`without` names any of: request_id, metrics, body_limit (the three middlewares), access_log (uvicorn's line
per request), graphql_metrics (the operations counter), gc_tuning (main.tune_gc), sqlite_page_reads (page statements
on SQLite run on the loop, db.sqlite_reads; without it they go through aiosqlite's thread). Settings come from the
environment, as for `vitrine serve`.
"""

from __future__ import annotations

import sys

import uvicorn

from settings import Settings

MIDDLEWARES = {"request_id": "RequestIdMiddleware", "metrics": "MetricsMiddleware", "body_limit": "BodyLimitMiddleware"}


def main() -> None:
    port, without = int(sys.argv[1]), set(sys.argv[2:])
    unknown = without - {*MIDDLEWARES, "access_log", "graphql_metrics", "gc_tuning", "sqlite_page_reads"}
    if unknown:
        sys.exit(f"unknown parts: {', '.join(sorted(unknown))}")
    settings = Settings()
    if "graphql_metrics" in without:
        from schema.metrics import GraphQLMetrics

        class NoMetrics(GraphQLMetrics):
            def on_operation(self):
                yield

        import schema

        setattr(schema, "GraphQLMetrics", NoMetrics)  # noqa: B010  (build_schema reads the name at call time)
    if "sqlite_page_reads" in without:
        from db import sqlite_reads

        sqlite_reads.enabled = False
    from main import create_app, tune_gc

    app = create_app(settings)
    dropped = {MIDDLEWARES[name] for name in without if name in MIDDLEWARES}
    app.user_middleware = [m for m in app.user_middleware if getattr(m.cls, "__name__", "") not in dropped]
    if "gc_tuning" not in without:
        tune_gc()  # as cli.cmd_serve
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_config=None,
        ws="websockets-sansio",
        access_log="access_log" not in without,
    )


if __name__ == "__main__":
    main()
