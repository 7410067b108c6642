"""``bodycam serve``: the REST service and the review page."""

from __future__ import annotations

import click

from service.config import get_settings


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
    from service.api.timeouts import header_timeout_protocol

    settings = get_settings()
    # The service's own loggers (access log included) follow --log-level too.
    logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("bodycam").setLevel(log_level.upper())
    uvicorn.run(
        create_app(settings),
        host=host or getattr(settings, "api_host", "127.0.0.1"),
        port=port or int(getattr(settings, "api_port", 8000)),
        log_level=log_level,
        # One process: the worker pool and its loaded models live in it.
        workers=1,
        # Slow clients: a deadline for request heads (bodies: the app's BodyTimeout).
        http=header_timeout_protocol(settings.header_timeout_s),
        timeout_keep_alive=max(1, round(settings.keep_alive_s)),
        # uvicorn's access log prints raw paths (client text); AccessLog logs templates.
        access_log=False,
    )


def main() -> None:
    """Stand-alone entry point: ``python -m service.cli.serve serve``."""
    group = click.Group("bodycam", commands={"serve": serve})
    group.main(prog_name="bodycam")


if __name__ == "__main__":
    main()
