"""The yardstick of the HTTP benches: a bare Strawberry `{ hello }` app on uvicorn started exactly as `vitrine serve`
starts the real one (same server, protocol implementations and options), so a ratio to it measures our code only.

    .venv/bin/python -m bench.hello_app PORT
"""

from __future__ import annotations

import sys

import strawberry
import uvicorn
from strawberry.asgi import GraphQL


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "world"


app = GraphQL(strawberry.Schema(query=Query))


def main() -> None:
    # The options of cli.cmd_serve.
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_config=None, ws="websockets-sansio")


if __name__ == "__main__":
    main()
