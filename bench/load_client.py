#!/usr/bin/env python3
"""Load client for bench/load.sh: signs in to a running `mhds serve` once (password and a TOTP
code computed from the secret), then CLIENTS threads each upload the IDB UPLOADS times and poll
each submission until its report is ready, reading report.json once ready. Prints one JSON line:
upload-to-report-ready latencies (p50, p90, p99, max), uploads per second over the whole run, and
report reads per second. Standard library only.

  load_client.py URL USER PASSWORD SECRET CLOCK_OFFSET IDB PERIOD CLIENTS UPLOADS
"""
import base64
import hashlib
import hmac
import http.client
import json
import struct
import sys
import threading
import time
import urllib.parse


def totp(secret, offset):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() + offset) // 30)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    o = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def percentile(sorted_values, p):
    # Nearest rank.
    if not sorted_values:
        return None
    rank = max(1, int(-(-p * len(sorted_values) // 100)))
    return sorted_values[rank - 1]


def main():
    url, user, password, secret, offset, idb, period, clients, uploads = sys.argv[1:10]
    parsed = urllib.parse.urlparse(url)
    host, port = parsed.hostname, parsed.port
    clients, uploads, offset = int(clients), int(uploads), float(offset)
    with open(idb, "rb") as f:
        body = f.read()

    conn = http.client.HTTPConnection(host, port)
    conn.request("POST", "/api/v1/session",
                 json.dumps({"username": user, "password": password,
                             "code": totp(secret, offset)}),
                 {"Content-Type": "application/json"})
    res = conn.getresponse()
    data = res.read()
    if res.status != 200:
        sys.exit("sign-in failed: %d %s" % (res.status, data[:200]))
    cookie = res.getheader("Set-Cookie").split(";")[0]
    csrf = json.loads(data)["csrf_token"]
    headers = {"Cookie": cookie, "X-CSRF-Token": csrf}

    latencies, errors, reads = [], [], [0]
    lock = threading.Lock()

    def worker():
        c = http.client.HTTPConnection(host, port)
        for _ in range(uploads):
            started = time.monotonic()
            c.request("POST", "/api/v1/orgs/RX1/datasets/mhsds/submissions?period=" + period,
                      body, dict(headers, **{"Content-Type": "application/octet-stream"}))
            r = c.getresponse()
            reply = r.read()
            if r.status != 202:
                with lock:
                    errors.append("upload %d: %s" % (r.status, reply[:200]))
                continue
            sub_url = json.loads(reply)["url"]
            while True:
                c.request("GET", sub_url, headers=headers)
                r = c.getresponse()
                s = json.loads(r.read())
                if s["status"] not in ("received", "validating"):
                    break
                time.sleep(0.01)
            elapsed = time.monotonic() - started
            if s.get("report"):
                c.request("GET", s["report"]["report.json"], headers=headers)
                r = c.getresponse()
                r.read()
                ok = r.status == 200
            else:
                ok = False
            with lock:
                latencies.append(elapsed)
                if ok:
                    reads[0] += 1
                else:
                    errors.append("submission %s ended %s without a report" % (sub_url, s["status"]))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    run_start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - run_start
    latencies.sort()
    print(json.dumps({
        "clients": clients,
        "uploads": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "wall_seconds": round(wall, 3),
        "uploads_per_second": round(len(latencies) / wall, 2) if wall > 0 else None,
        "report_reads_per_second": round(reads[0] / wall, 2) if wall > 0 else None,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1) if latencies else None,
        "p90_ms": round(percentile(latencies, 90) * 1000, 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 99) * 1000, 1) if latencies else None,
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
    }))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
