#!/usr/bin/env python3
"""Reference run of upstream skydive-flow-matrix's algorithm, Python standard library only.

Upstream (skydive-project/skydive-flow-matrix, matrix/matrix.py) imports the `skydive-client`
and `graphviz` pip packages, which cannot be installed here (no PyPI). This file re-states
its CSV path for the benchmark: the same queries, the same data structures (a list of
sockets per LocalPort scanned linearly, a per-address host cache, a set of joined rows), with
urllib in place of skydive-client's RESTClient. Written for this project, not copied.

Usage: matrix-reference.py --analyzer HOST:PORT         (queries a live analyzer)
       matrix-reference.py --hosts-json FILE.json       (host nodes + address map from a file)
Prints the CSV (header, then rows sorted so outputs can be compared) and, on stderr,
"seconds=<matrix time>" covering queries and matrix work, not interpreter start-up.
"""
import argparse
import ipaddress
import json
import sys
import time
import urllib.request


class Analyzer:
    """POST /api/topology, as skydive-client's RESTClient.lookup does."""

    def __init__(self, address):
        self.url = "http://%s/api/topology" % address

    def lookup(self, query):
        body = json.dumps({"GremlinQuery": query}).encode()
        req = urllib.request.Request(self.url, data=body, headers={
            "Content-Type": "application/json", "Accept": "application/json"})
        with urllib.request.urlopen(req) as resp:
            return json.loads(resp.read())


class FileAnalyzer:
    """Answers the two queries of the CSV path from a JSON file: {"hosts": [...], "byAddress": {...}}."""

    def __init__(self, path):
        with open(path) as f:
            self.data = json.load(f)

    def lookup(self, query):
        if query.startswith("G.V().Has('Type', 'host')"):
            return self.data["hosts"]
        address = query.split("IPV4Range('")[1].split("/32")[0]
        node = self.data["byAddress"].get(address)
        return [node] if node else []


def is_listen_socket(s):
    return s["State"] == "LISTEN" or (
        s["Protocol"] == "UDP" and s["State"] == "CLOSE" and s["RemoteAddress"] in ("0.0.0.0", "::"))


def is_loopback(address):
    return ipaddress.ip_address(address).is_loopback


class Matrix:
    def __init__(self, analyzer):
        self.analyzer = analyzer
        self.host_cache = {}
        self.no_peers = []

    def node_by_address(self, address):
        if address in self.host_cache:
            return self.host_cache[address]
        nodes = self.analyzer.lookup(
            "G.V().Has('IPV4', IPV4Range('%s/32')).In('Type', 'host')" % address)
        if nodes:
            self.host_cache[address] = nodes[0]
            return nodes[0]
        return None

    def socket_peer(self, by_port, protocol, address, port, from_node):
        for entry in by_port.get(port, []):
            s = entry["socket"]
            if s["Protocol"] != protocol or s["LocalAddress"] != address or s["LocalPort"] != port:
                continue
            if is_loopback(address) and entry["node"]["Host"] != from_node["Host"]:
                continue
            return entry
        if protocol == "UDP":
            node = self.node_by_address(address)
            if not node:
                return None
            for s in node["Metadata"].get("Sockets", []):
                if s["Protocol"] == "UDP" and is_listen_socket(s) and s["LocalPort"] == port:
                    return {"node": node, "socket": s}
        return None

    def rows(self):
        hosts = self.analyzer.lookup("G.V().Has('Type', 'host').HasKey('Sockets')")
        listen_ports = set()
        by_port = {}
        for node in hosts:
            for s in node["Metadata"]["Sockets"]:
                if is_listen_socket(s):
                    listen_ports.add(s["LocalPort"])
                else:
                    by_port.setdefault(s["LocalPort"], []).append({"node": node, "socket": s})
        rows = set()
        for node in hosts:
            for s in node["Metadata"]["Sockets"]:
                if s["RemotePort"] in listen_ports and s["State"] == "ESTABLISHED":
                    peer = self.socket_peer(by_port, s["Protocol"], s["RemoteAddress"], s["RemotePort"], node)
                    if not peer:
                        cnx = {"node": node["Host"], "socket": s}
                        if cnx not in self.no_peers:
                            self.no_peers.append(cnx)
                        continue
                    p = peer["socket"]
                    rows.add(",".join([s["Protocol"], peer["node"]["Host"], s["RemoteAddress"], str(s["RemotePort"]),
                                       p["Process"], p["Name"], node["Host"], s["LocalAddress"], s["Process"], s["Name"]]))
        return rows


def main():
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--analyzer")
    group.add_argument("--hosts-json")
    args = parser.parse_args()
    analyzer = Analyzer(args.analyzer) if args.analyzer else FileAnalyzer(args.hosts_json)
    start = time.perf_counter()
    rows = Matrix(analyzer).rows()
    elapsed = time.perf_counter() - start
    sys.stdout.write("protocol,server,server_ip,port,server_proc,server_procname,"
                     "client,client_ip,client_proc,client_procname\n")
    for row in sorted(rows):
        sys.stdout.write(row + "\n")
    sys.stderr.write("seconds=%.3f\n" % elapsed)


if __name__ == "__main__":
    main()
