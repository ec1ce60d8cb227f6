"""Logs in as the demo admin and makes one source-system credential per
kind, for `cargo xtask contract`. Prints the session cookie on the first
line, then `kind token` per credential. Standard library only."""

import json
import sys
import urllib.request as u

base = sys.argv[1]


def post(path, body, cookie=None):
    headers = {"content-type": "application/json"}
    if cookie:
        headers["cookie"] = cookie
    return u.urlopen(u.Request(base + path, data=json.dumps(body).encode(), headers=headers))


cookie = post("/api/session", {"username": "admin", "password": "demo"}).headers["set-cookie"].split(";")[0]
print(cookie)
for kind in ("selvbetjening", "efaktura", "haendelser"):
    created = json.load(post("/api/admin/credentials", {"navn": f"schemathesis ({kind})", "kind": kind}, cookie))
    print(kind, created["token"])
