#!/usr/bin/env python3
"""Time from textDocument/didChange to the publishDiagnostics for that
version, over stdio, as an editor sees it. Stdlib only.

lsp_change_latency.py --bin target/release/gloss --workspace DIR --doc FILE
                      [--corpus DIR] [--debounce MS] [--n 30] [--out FILE.json]

Each of N edits inserts a word at the end of the middle line (then the next
edit removes it), waits for the diagnostics of its version, and records the
wall time. The configured debounce is reported alongside; the check itself
is the time minus the debounce."""
import argparse, json, os, statistics, subprocess, threading, queue, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--doc", required=True)
    ap.add_argument("--corpus")
    ap.add_argument("--debounce", type=int, default=200)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--out")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    ws = os.path.abspath(a.workspace)
    path = os.path.join(ws, a.doc)
    text = open(path, encoding="utf-8").read()
    uri = "file://" + path
    p = subprocess.Popen([a.bin, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, cwd=ws)
    q = queue.Queue()

    def reader():
        f = p.stdout
        while True:
            n = None
            while True:
                line = f.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    n = int(line.split(b":")[1])
            q.put((time.perf_counter(), json.loads(f.read(n))))

    threading.Thread(target=reader, daemon=True).start()

    def send(m):
        b = json.dumps(m).encode()
        p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
        p.stdin.flush()

    def wait(pred, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            t, m = q.get(timeout=max(0.01, end - time.time()))
            if "method" in m and "id" in m:
                send({"jsonrpc": "2.0", "id": m["id"], "result": [None] if m["method"] == "workspace/configuration" else None})
                continue
            if pred(m):
                return t, m
        raise SystemExit("timed out")

    opts = {"debounce": a.debounce}
    if a.corpus:
        opts["corpus"] = os.path.abspath(a.corpus)
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": "file://" + ws, "capabilities": {}, "initializationOptions": opts}})
    wait(lambda m: m.get("id") == 1)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    is_diag = lambda v: (lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri and m["params"].get("version") == v)
    wait(is_diag(1))
    lines = text.split("\n")
    mid = len(lines) // 2
    while not lines[mid].strip():
        mid += 1
    col = len(lines[mid].encode("utf-16-le")) // 2
    times = []
    for i in range(a.n):
        v = i + 2
        if i % 2 == 0:
            ch = {"range": {"start": {"line": mid, "character": col}, "end": {"line": mid, "character": col}}, "text": " word"}
        else:
            ch = {"range": {"start": {"line": mid, "character": col}, "end": {"line": mid, "character": col + 5}}, "text": ""}
        t0 = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": v}, "contentChanges": [ch]}})
        t1, _ = wait(is_diag(v))
        times.append((t1 - t0) * 1000)
    send({"jsonrpc": "2.0", "id": 99, "method": "shutdown", "params": None})
    wait(lambda m: m.get("id") == 99)
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    p.wait(timeout=10)
    times.sort()
    res = {"debounce_ms": a.debounce, "n": a.n, "corpus": bool(a.corpus),
           "change_to_diagnostics_ms": {"p50": round(statistics.median(times), 1),
                                        "p95": round(times[int(0.95 * (len(times) - 1))], 1)},
           "minus_debounce_ms": {"p50": round(statistics.median(times) - a.debounce, 1),
                                 "p95": round(times[int(0.95 * (len(times) - 1))] - a.debounce, 1)},
           "raw_ms": [round(t, 2) for t in times]}
    print(json.dumps({k: v for k, v in res.items() if k != "raw_ms"}))
    if a.out:
        json.dump(res, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
