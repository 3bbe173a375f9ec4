"""The plain WSGI floor of ``make bench``: ``GET /<bytes>/`` answers that many bytes
of HTML with no framework at all (no Django, no middleware, no template, no query).

bench/run.sh serves it with the same gunicorn (2 sync workers) as the portal, on
its own port, so the table shows what the machine, gunicorn and wrk allow for a
response of each size: the Django floor (``/bench/floor/<bytes>/`` through the
portal's middleware) shows what the framework costs on top of it.
"""

MAX_BYTES = 10_000_000


def application(environ, start_response):
    try:
        size = min(int(environ.get("PATH_INFO", "/").strip("/") or 0), MAX_BYTES)
    except ValueError:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    start_response(
        "200 OK",
        [("Content-Type", "text/html"), ("Content-Length", str(size))],
    )
    return [b"x" * size]
