#!/usr/bin/env python3
"""Fit the fused misattribution model (crates/gloss-engine/src/claims/fused.rs).

For every labelled claim of both dev sets, `gloss check` with the model on
and GLOSS_DEBUG_CLAIMS=1 prints each work's lexical support and cosine for
the claim (and their spread over the corpus). From those this script
computes, as fused.rs does, the lead of the best other work over the cited
works in z(lexical), z(cosine) and whole-text fit, and fits a logistic
model: misattributed (variants *_mis) against correctly cited (*_ok, and
changed figures and unsupported claims, whose cited work is still the
closest source or no work is). Each corpus is left out in turn: the model
is fitted on one, its threshold chosen there for at most TARGET false flags
on correct sentences, and both are measured on the other. The weights
written to fused.rs are the fit on both, with the threshold folded into the bias.

scripts/fit/fused.py --bin target/release/gloss --model DIR [--shared ../shared]
"""
import argparse, json, math, os, shutil, subprocess, sys, tempfile
from collections import defaultdict

import numpy as np

TARGET = 0.015  # false flags allowed on correct sentences when choosing the threshold
SETS = [('dev', 'corpus', 'bench/dev'), ('corpus3', 'bench/corpus3', 'bench/corpus3-dev')]
FEATURES = ['d_lex', 'd_cos', 'd_fit']


def claims_of(binary, model, corpus, drafts):
    """Per labelled sentence: the CLAIM record gloss printed for it."""
    labels = [json.loads(l) for l in open(os.path.join(drafts, 'labels.jsonl'))]
    work = tempfile.mkdtemp()
    shutil.copy(os.path.join(corpus, 'references.bib'), work)
    env = dict(os.environ, GLOSS_DEBUG_CLAIMS='1', GLOSS_MODEL_DIR=model)
    out = []
    for name in sorted({l['file'] for l in labels}):
        shutil.copy(os.path.join(drafts, name), work)
        p = subprocess.run([binary, 'check', '--corpus', os.path.abspath(corpus), '--format', 'json', name],
                           cwd=work, env=env, capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f'gloss failed on {name}: {p.stderr[-500:]}')
        recs = [json.loads(l[6:]) for l in p.stderr.splitlines() if l.startswith('CLAIM ')]
        for l in labels:
            if l['file'] != name:
                continue
            hit = [r for r in recs if r['line'] == l['line'] and l['col_start'] <= r['col'] <= l['col_end'] + 1]
            if hit and 'meaning' in hit[-1]:
                out.append((l, hit[-1]))
    shutil.rmtree(work)
    return out


def features(rec):
    """fused.rs `lead`: None when no other work or nothing cited with text."""
    cited = set(rec['cited'])
    lex = {p['work']: p['score'] for p in rec['passages']}
    cos = {m['work']: m['zcos'] for m in rec['meaning']}
    fit = {m['work']: m['fit'] for m in rec['meaning']}
    sd = max(rec['lex_sd'], 1e-4)
    zl = lambda w: (lex.get(w, 0.0) - rec['lex_mean']) / sd
    zc = lambda w: cos.get(w, -10.0)
    works = set(cos) | set(lex)
    others = sorted(w for w in works if w not in cited)
    if not others or not (cited & works):
        return None
    o = max(others, key=lambda w: (zl(w) + zc(w), w))
    c_l = max(zl(w) for w in cited)
    c_c = max(zc(w) for w in cited)
    c_f = max(fit.get(w, 0.0) for w in cited)
    return [zl(o) - c_l, zc(o) - c_c, fit.get(o, 0.0) - c_f]


def dataset(pairs):
    X, y, v = [], [], []
    for l, rec in pairs:
        if l['variant'] == 'secondary_orig':
            continue
        f = features(rec)
        if f is None:
            continue
        X.append(f)
        y.append(1.0 if l['variant'].endswith('_mis') else 0.0)
        v.append(l['variant'])
    return np.array(X), np.array(y), v


def logistic(X, y, l2=1e-2, iters=50):
    """Newton's method with a small ridge; returns (weights, bias)."""
    A = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(A.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-A @ w))
        g = A.T @ (p - y) + l2 * np.r_[w[:-1], 0]
        H = (A * (p * (1 - p))[:, None]).T @ A + l2 * np.diag(np.r_[np.ones(A.shape[1] - 1), 0])
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w[:-1], w[-1]


def threshold(X, y, w, b, v):
    """The lowest score cut leaving at most TARGET of correct sentences flagged."""
    s = X @ w + b
    ok = np.array([x.endswith('_ok') for x in v])
    neg = np.sort(s[ok])[::-1]
    allowed = int(math.floor(TARGET * len(neg)))
    return neg[allowed] if allowed < len(neg) else -np.inf


def measure(X, y, w, b, cut, v):
    s = X @ w + b
    flag = s > cut
    v = np.array(v)
    out = {}
    for name in ('close_mis', 'paraphrase_mis'):
        m = v == name
        out[f'recall_{name}'] = round(float(flag[m].mean()), 3) if m.any() else None
    for name in ('close_ok', 'paraphrase_ok', 'gist_ok'):
        m = v == name
        out[f'flags_{name}'] = round(float(flag[m].mean()), 3) if m.any() else None
    ok = np.char.endswith(v.astype(str), '_ok')
    out['flags_correct'] = round(float(flag[ok].mean()), 3)
    out['precision'] = round(float(y[flag].mean()), 3) if flag.any() else None
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', required=True)
    ap.add_argument('--model', required=True)
    ap.add_argument('--shared', default='../shared')
    ap.add_argument('--out', default='scripts/fit/fused.json')
    ap.add_argument('--records', help='keep (or reuse) the claims gloss printed in this JSON file')
    a = ap.parse_args()
    data = {}
    records = {}
    if a.records and os.path.exists(a.records):
        records = json.load(open(a.records))
    for name, corpus, drafts in SETS:
        if name not in records:
            records[name] = claims_of(os.path.abspath(a.bin), os.path.abspath(a.model),
                                      os.path.join(a.shared, corpus), os.path.join(a.shared, drafts))
        data[name] = dataset(records[name])
    if a.records:
        json.dump(records, open(a.records, 'w'))
    for name in data:
        print(f'{name}: {len(data[name][1])} claims, {int(data[name][1].sum())} misattributed', file=sys.stderr)
    report = {'target_flags_on_correct': TARGET, 'features': FEATURES, 'folds': {}}
    names = [s[0] for s in SETS]
    for train in names:
        Xt, yt, vt = data[train]
        w, b = logistic(Xt, yt)
        cut = threshold(Xt, yt, w, b, vt)
        fold = {'weights': [round(float(x), 4) for x in w], 'bias': round(float(b - cut), 4)}
        for test in names:
            Xs, ys, vs = data[test]
            fold['on_' + test] = measure(Xs, ys, w, b, cut, vs)
        report['folds']['fit_on_' + train] = fold
    X = np.vstack([data[n][0] for n in names])
    y = np.concatenate([data[n][1] for n in names])
    v = sum((data[n][2] for n in names), [])
    w, b = logistic(X, y)
    cut = threshold(X, y, w, b, v)
    report['final'] = {'weights': [round(float(x), 4) for x in w], 'bias': round(float(b - cut), 4)}
    for n in names:
        report['final']['on_' + n] = measure(data[n][0], data[n][1], w, b, cut, data[n][2])
    json.dump(report, open(a.out, 'w'), indent=1)
    print(json.dumps(report, indent=1))


if __name__ == '__main__':
    main()
