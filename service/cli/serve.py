"""``bodycam serve``: the REST service and the review page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from service.config import Settings, get_settings

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI


def server_config(app: FastAPI, settings: Settings, *, host: str | None = None,
                  port: int | None = None, log_level: str = "info") -> uvicorn.Config:
    """The uvicorn configuration ``serve`` runs (tests start the same one in-process)."""
    import uvicorn

    from service.api.timeouts import header_timeout_protocol

    return uvicorn.Config(
        app,
        host=host or settings.api_host,
        port=port or settings.api_port,
        log_level=log_level,
        # One process: the worker pool and its loaded models live in it.
        workers=1,
        # Slow clients: a deadline for request heads (bodies: the app's BodyTimeout).
        http=header_timeout_protocol(settings.header_timeout_s),
        timeout_keep_alive=max(1, round(settings.keep_alive_s)),
        # uvicorn's access log prints raw paths (client text); AccessLog logs templates.
        access_log=False,
    )


@click.command()
@click.option("--host", default=None, help="Bind address (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default 8000).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host: str | None, port: int | None, log_level: str) -> None:
    """Run the REST service (OpenAPI docs at /docs)."""
    import logging
    import os

    import uvicorn

    os.environ.setdefault("TQDM_DISABLE", "1")  # model-loading bars would flood the log

    from service.api import create_app

    settings = get_settings()
    # The service's own loggers (access log included) follow --log-level too.
    logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("bodycam").setLevel(log_level.upper())
    config = server_config(create_app(settings), settings, host=host, port=port,
                           log_level=log_level)
    uvicorn.Server(config).run()


def main() -> None:
    """Stand-alone entry point: ``python -m service.cli.serve serve``."""
    group = click.Group("bodycam", commands={"serve": serve})
    group.main(prog_name="bodycam")


if __name__ == "__main__":
    main()
