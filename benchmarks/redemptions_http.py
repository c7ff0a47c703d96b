"""Concurrent point redemptions through HTTP on a multi-worker Odoo server.

Creates a database with key_account_mgmt (or copies --template), --accounts
key accounts (default 100) with enough points, and --clients key-account
managers (default 8). Starts an Odoo server on it (``--workers``, default 4,
on 127.0.0.1:--port, no cron), and lets each client, in its own thread and
HTTP session, redeem 1 point at a time (``res.partner.kam_redeem_points``
through ``/web/dataset/call_kw``) on accounts picked at random until
--redemptions (default 1,000) went through. Concurrent redemptions on one
account conflict on its balance row: PostgreSQL refuses the later one with a
serialization failure and Odoo retries the request (logged by the server,
counted here). A request that still fails is retried by the client, at most
3 times.

Prints the throughput, the server-side retries, the client-side failures,
and checks at the end that the ledger of every account sums to its balance
and that as many redemption lines exist as redemptions succeeded. The server
is stopped by the script (bounded waits everywhere); the database is dropped
at the end unless --keep.
"""
# pylint: disable=print-used

import os
import random
import re
import tempfile
import threading
import time

import requests
from common import (
    QUIET,
    bench_parser,
    connect,
    create_users,
    drop_db,
    open_db,
    start_server,
    stop_server,
)
from population import create_accounts

from odoo import api

POINTS_EACH = 1_000


def populate(registry, accounts, clients):
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, QUIET)
        users = create_users(env, 10)
        managers = create_users(
            env, clients, "key_account_mgmt.group_kam_manager", "bench_director"
        )
        tiers = env["kam.tier"].search([])
        records = create_accounts(env, accounts, users, tiers)
        for account in records:
            account.kam_earn_points(POINTS_EACH, "Welcome", expiry_date=False)
        env.flush_all()
        return records.ids, [user.login for user in managers]


def start_http_server(dbname, port, workers, logfile):
    """A server without cron workers, once it answers: (server, its URL)."""
    server = start_server(dbname, port, logfile, workers=workers, cron_threads=0)
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(120):
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped, see {logfile}")
        try:
            ready = requests.get(url + "/web/login", timeout=5).status_code == 200
        except requests.RequestException:
            ready = False  # not listening yet
        if ready:
            return server, url
        time.sleep(1)
    stop_server(server)
    raise RuntimeError(f"the server did not answer in 120 s, see {logfile}")


def rpc(session, url, path, params):
    response = session.post(
        url + path,
        json={"jsonrpc": "2.0", "method": "call", "params": params},
        timeout=120,
    )
    response.raise_for_status()
    return response.json()


class Client(threading.Thread):
    def __init__(self, url, dbname, login, account_ids, todo):
        super().__init__()
        self.url = url
        self.dbname = dbname
        self.login = login
        self.account_ids = account_ids
        self.todo = todo  # shared: [remaining], with its lock
        self.done = 0
        self.failures = []
        self.seconds = []

    def take(self):
        with self.todo["lock"]:
            if self.todo["left"] <= 0:
                return False
            self.todo["left"] -= 1
            return True

    def run(self):
        session = requests.Session()
        result = rpc(
            session,
            self.url,
            "/web/session/authenticate",
            {"db": self.dbname, "login": self.login, "password": self.login},
        )
        if "error" in result:
            self.failures.append(result["error"]["data"]["message"])
            return
        rng = random.Random(self.login)
        while self.take():
            account_id = rng.choice(self.account_ids)
            for _attempt in range(3):  # bounded: the client retries twice
                start = time.perf_counter()
                result = rpc(
                    session,
                    self.url,
                    "/web/dataset/call_kw/res.partner/kam_redeem_points",
                    {
                        "model": "res.partner",
                        "method": "kam_redeem_points",
                        "args": [[account_id], 1, f"Bench {self.login}"],
                        "kwargs": {},
                    },
                )
                self.seconds.append(time.perf_counter() - start)
                if "error" not in result:
                    self.done += 1
                    break
                self.failures.append(result["error"]["data"]["message"][:200])


def main():
    parser = bench_parser(__doc__, "kam_bench_redeem", "key_account_mgmt")
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--redemptions", type=int, default=1_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8115)
    args = parser.parse_args()

    registry = open_db(args.db, "key_account_mgmt", args.template)
    account_ids, logins = populate(registry, args.accounts, args.clients)
    print(f"  {len(account_ids)} accounts with {POINTS_EACH} points each")

    logfile = tempfile.mktemp(prefix="kam_bench_redeem_", suffix=".log")
    server, url = start_http_server(args.db, args.port, args.workers, logfile)
    print(f"server on {url}, {args.workers} workers, log {logfile}", flush=True)
    try:
        todo = {"left": args.redemptions, "lock": threading.Lock()}
        clients = [Client(url, args.db, login, account_ids, todo) for login in logins]
        start = time.perf_counter()
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=1800)
        seconds = time.perf_counter() - start
        hung = [client.login for client in clients if client.is_alive()]
    finally:
        stop_server(server)

    with open(logfile) as log:
        text = log.read()
    retries = len(re.findall(r"tries left, try again", text))
    exhausted = len(re.findall(r"maximum number of tries reached", text))
    done = sum(client.done for client in clients)
    failures = [failure for client in clients for failure in client.failures]
    latencies = sorted(s for client in clients for s in client.seconds)

    conn = connect(args.db)
    with conn.cursor() as cr:
        cr.execute(
            """
            SELECT partner.id, partner.kam_points_balance,
                   COALESCE(SUM(line.points), 0)
              FROM res_partner AS partner
         LEFT JOIN kam_points_line AS line ON line.partner_id = partner.id
             WHERE partner.id = ANY(%s)
          GROUP BY partner.id, partner.kam_points_balance
            """,
            [account_ids],
        )
        rows = cr.fetchall()
        cr.execute(
            "SELECT count(*) FROM kam_points_line"
            " WHERE kind = 'redeem' AND partner_id = ANY(%s)",
            [account_ids],
        )
        lines = cr.fetchone()[0]
    conn.close()
    wrong = [row for row in rows if round(row[1] - float(row[2]), 2) != 0]

    print(
        f"{done} redemptions by {len(clients)} clients on {len(account_ids)} "
        f"accounts in {seconds:.1f} s: {done / seconds:.1f} per second"
    )
    if latencies:
        print(
            f"  request time: median {latencies[len(latencies) // 2] * 1000:.0f} ms,"
            f" 95th percentile {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
        )
    print(
        f"  serialization failures retried by the server: {retries}, "
        f"requests that failed after 5 tries: {exhausted}, "
        f"errors seen by the clients: {len(failures)}"
    )
    for failure in sorted(set(failures))[:5]:
        print(f"    {failure}")
    print(
        f"  redemption lines: {lines} (succeeded: {done}); accounts whose ledger "
        f"sum differs from the balance: {len(wrong)} of {len(rows)}"
    )
    for row in wrong[:10]:
        print(f"    partner {row[0]}: balance {row[1]}, ledger {row[2]}")
    if hung:
        print(f"  clients still running after 30 min: {hung}")
    if not args.keep:
        drop_db(args.db)
        os.unlink(logfile)
    assert not wrong and lines == done and not hung


if __name__ == "__main__":
    main()
