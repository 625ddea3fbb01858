#!/usr/bin/env python3
"""Time from textDocument/didChange to the publishDiagnostics for that
version, over stdio, as an editor sees it. Stdlib only.

lsp_change_latency.py --bin target/release/gloss --workspace DIR --doc FILE
                      [--corpus DIR] [--model DIR|off] [--debounce MS] [--n 30]
                      [--out FILE.json]

Each of N edits inserts a word at the end of the middle line (then the next
edit removes it), waits for the diagnostics of its version, and records the
wall time. The configured debounce is reported alongside; the check itself
is the time minus the debounce.

With --model, the server is given that embedding model (`model` in the
initialization options); the script waits for the background embedding of
the corpus to end (the log line "corpus embeddings ready") and for the diagnostics published after
it, then reads the server's resident memory once it is idle (VmRSS, and VmHWM
for the peak, from /proc) before timing the edits, and again after them."""
import argparse, json, os, statistics, subprocess, threading, queue, time


def rss(pid):
    """Resident and peak resident memory of PID in MiB, from /proc."""
    out = {}
    for line in open("/proc/%d/status" % pid):
        k, _, v = line.partition(":")
        if k in ("VmRSS", "VmHWM"):
            out[k] = round(int(v.split()[0]) / 1024, 1)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--doc", required=True)
    ap.add_argument("--corpus")
    ap.add_argument("--model")
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

    seen = []  # every message passed over, so a later wait can find it

    def wait(pred, timeout=60, earlier=False):
        if earlier:
            for t, m in seen:
                if pred(m):
                    return t, m
        end = time.time() + timeout
        while time.time() < end:
            t, m = q.get(timeout=max(0.01, end - time.time()))
            if "method" in m and "id" in m:
                send({"jsonrpc": "2.0", "id": m["id"], "result": [None] if m["method"] == "workspace/configuration" else None})
                continue
            if pred(m):
                return t, m
            seen.append((t, m))
        raise SystemExit("timed out")

    opts = {"debounce": a.debounce}
    if a.corpus:
        opts["corpus"] = os.path.abspath(a.corpus)
    if a.model:
        opts["model"] = a.model if a.model == "off" else os.path.abspath(a.model)
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": "file://" + ws, "capabilities": {}, "initializationOptions": opts}})
    wait(lambda m: m.get("id") == 1)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    is_diag = lambda v: (lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri and m["params"].get("version") == v)
    opened = time.perf_counter()
    wait(is_diag(1))
    memory = {}
    embedded_s = None
    if a.model and a.model != "off":
        is_ready = lambda m: (m.get("method") == "window/logMessage"
                              and "corpus embeddings ready" in m["params"]["message"])
        t_ready, _ = wait(is_ready, timeout=600, earlier=True)
        embedded_s = round(t_ready - opened, 2)
        wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
             and m["params"]["uri"] == uri, timeout=60)
        time.sleep(2)
        memory["idle_after_embedding"] = rss(p.pid)
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
    time.sleep(1)
    memory["idle_after_edits"] = rss(p.pid)
    send({"jsonrpc": "2.0", "id": 99, "method": "shutdown", "params": None})
    wait(lambda m: m.get("id") == 99)
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    p.wait(timeout=10)
    times.sort()
    res = {"debounce_ms": a.debounce, "n": a.n, "corpus": bool(a.corpus), "model": a.model,
           "memory_mib": memory, "open_to_embeddings_ready_s": embedded_s,
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
