"""Render the nginx configuration in deploy/nginx/ into a self-contained nginx.conf for a test
or a benchmark: same http-level settings and locations, with the paths, the upstreams and the
port replaced, no TLS, and everything under one prefix directory (`nginx -p PREFIX -c FILE`).
"""

import os
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent / "nginx"


def render(*, prefix: Path, listen_port: int, upstreams: list[str], static_root: Path, workers: int = 1) -> Path:
    prefix = Path(prefix)
    for folder in ("cache", "logs", "temp"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    http = (HERE / "awaz-http.conf").read_text()
    http = re.sub(r"upstream awaz \{.*?\}", "upstream awaz {\n" + "".join(f"    server {u};\n" for u in upstreams)
                  + "    keepalive 32;\n}", http, flags=re.S)
    http = http.replace("/var/cache/nginx/awaz", str(prefix / "cache"))
    locations = (HERE / "awaz-locations.conf").read_text()
    locations = locations.replace("/var/log/nginx/awaz-access.log", str(prefix / "logs" / "access.log"))
    locations = locations.replace("/var/lib/awaz/static/", str(static_root).rstrip("/") + "/")
    (prefix / "awaz-http.conf").write_text(http)
    (prefix / "awaz-locations.conf").write_text(locations)
    temp = prefix / "temp"
    config = prefix / "nginx.conf"
    # Run as root (a test or a bench), nginx would hand its workers to `nobody`, who cannot
    # write the cache in a private temporary directory.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    config.write_text(f"""{user}daemon off;
master_process on;
worker_processes {workers};
pid {prefix / 'nginx.pid'};
error_log {prefix / 'logs' / 'error.log'} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {temp / 'body'};
    proxy_temp_path {temp / 'proxy'};
    fastcgi_temp_path {temp / 'fastcgi'};
    uwsgi_temp_path {temp / 'uwsgi'};
    scgi_temp_path {temp / 'scgi'};
    include {prefix / 'awaz-http.conf'};
    server {{
        listen 127.0.0.1:{listen_port};
        server_name localhost;
        include {prefix / 'awaz-locations.conf'};
    }}
}}
""")
    return config
