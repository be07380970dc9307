#!/usr/bin/env python3
"""Consistency check of a specification folder (docs/spec_format.md), Python 3 stdlib only.

    python3 scripts/check_spec_csv.py [specs/mhsds/6.0] [--national ../shared/spec/mhsds-6.0-etos/validation_rules.csv]

Checks that every table, item, code list and reference a rule names exists where the format says
it must, that the hierarchy is a tree with matching join widths, that formats follow the TOS
grammar, and that every national code appears exactly once.  Prints counts; exits 1 on problems.
This is a data-side cross-check; the C++ loader (`mhds spec check`) is the authority.
"""
import collections
import csv
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMAT = re.compile(r'^(an\d+|max an\d+|min an\d+ max an\d+|n\d+|max n\d+|min n\d+ max n\d+|max n\d+\.\d+)$')
TYPES = {'text', 'date', 'time', 'datetime', 'integer', 'decimal', 'nhs_number', 'snomed', 'postcode'}
SCHEME_TYPES = TYPES | {'icd10', 'read2', 'ctv3', 'opcs4'}
KINDS_RECORD = {'blank', 'format', 'code', 'nhs_number', 'compare', 'age', 'conditional', 'scheme_format', 'unsupported'}
KINDS_GROUP = {'duplicate', 'max_rows', 'parent', 'has_child', 'successor', 'unsupported'}
KINDS_FILE = {'missing_table', 'empty_table', 'missing_column', 'unknown_column', 'duplicate_column', 'unknown_table'}
SUBMISSION = {'submission.period_start', 'submission.period_end', 'submission.uploaded_at', 'submission.org', 'dataset.version'}

problems = []


def bad(where, msg):
    problems.append('%s: %s' % (where, msg))


def parse_params(text):
    """key=value pairs separated by ';'; a piece without '=' continues the previous value's list
    (items=A;B;C), which is how list-valued parameters are written."""
    pairs = []
    for piece in text.split(';'):
        if not piece:
            continue
        if '=' in piece:
            k, v = piece.split('=', 1)
            pairs.append([k, v])
        elif pairs:
            pairs[-1][1] += ';' + piece
        else:
            bad('params', 'piece %r without key' % piece)
    return [tuple(p) for p in pairs]


def read(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        bad(name, 'missing file')
        return []
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


def main(argv):
    folder = os.path.join(REPO, 'specs', 'mhsds', '6.0')
    national_src = os.path.normpath(os.path.join(REPO, '..', 'shared', 'spec', 'mhsds-6.0-etos', 'validation_rules.csv'))
    args = list(argv)
    if '--national' in args:
        i = args.index('--national')
        national_src = args[i + 1]
        del args[i:i + 2]
    if args:
        folder = args[0]

    dataset = {r['setting']: r['value'] for r in read(folder, 'dataset.csv')}
    tables = read(folder, 'tables.csv')
    items = read(folder, 'items.csv')
    codes = read(folder, 'codes.csv')
    rules = read(folder, 'rules.csv')
    national = read(folder, 'national_rules.csv')

    # ---- tables / hierarchy
    T = {}
    for t in tables:
        if t['code'] in T:
            bad('tables.csv ' + t['code'], 'duplicate table')
        T[t['code']] = t
    items_of = collections.defaultdict(dict)
    for i, it in enumerate(items, 2):
        w = 'items.csv:%d %s.%s' % (i, it['table'], it['short_name'])
        if it['table'] not in T:
            bad(w, 'unknown table')
        k = it['short_name'].lower()
        if k in items_of[it['table']]:
            bad(w, 'duplicate item')
        items_of[it['table']][k] = it
        if not FORMAT.match(it['format']):
            bad(w, 'format %r not in the TOS grammar' % it['format'])
        if it['type'] not in TYPES:
            bad(w, 'type %r' % it['type'])
        if it['mandation'] not in ('M', 'R', 'O', 'P'):
            bad(w, 'mandation %r' % it['mandation'])

    def has(table, name):
        return name.lower() in items_of.get(table, {})

    header = dataset.get('header_table', '')
    for s in ('period_start_item', 'period_end_item', 'created_item', 'provider_item'):
        if not has(header, dataset.get(s, '')):
            bad('dataset.csv ' + s, 'not an item of the header table')
    for code, t in T.items():
        keys = [k for k in t['key_items'].split(';') if k]
        for k in keys:
            if not has(code, k):
                bad('tables.csv ' + code, 'key item %s not an item' % k)
        p = t['parent_table']
        if p:
            if p not in T:
                bad('tables.csv ' + code, 'parent %s unknown' % p)
                continue
            pi = [k for k in t['parent_items'].split(';') if k]
            pk = [k for k in T[p]['key_items'].split(';') if k]
            if len(pi) != len(pk):
                bad('tables.csv ' + code, 'parent_items %s do not match %s key_items %s' % (pi, p, pk))
            for k in pi:
                if not has(code, k):
                    bad('tables.csv ' + code, 'parent item %s not an item' % k)
        # cycle check
        seen, cur = set(), code
        while cur:
            if cur in seen:
                bad('tables.csv ' + code, 'hierarchy cycle')
                break
            seen.add(cur)
            cur = T.get(cur, {}).get('parent_table', '')
        if t['group_mandation'] not in ('M', 'R', 'O'):
            bad('tables.csv ' + code, 'group_mandation %r' % t['group_mandation'])

    # ---- codes
    lists = collections.defaultdict(set)
    for c in codes:
        if c['code'] in lists[c['list']]:
            bad('codes.csv %s' % c['list'], 'duplicate code %s' % c['code'])
        lists[c['list']].add(c['code'])
    for it in items:
        if it['code_list'] and it['code_list'] not in lists:
            bad('items.csv %s.%s' % (it['table'], it['short_name']), 'code list %s not in codes.csv' % it['code_list'])
        if it['code_list']:
            m = re.match(r'^(?:an(\d+)|max an(\d+)|min an(\d+) max an(\d+))$', it['format'])
            if m:
                lo = int(m.group(1) or m.group(3) or 1)
                hi = int(m.group(1) or m.group(2) or m.group(4))
                for c in lists.get(it['code_list'], ()):
                    if not lo <= len(c) <= hi:
                        bad('items.csv %s.%s' % (it['table'], it['short_name']), 'code %r of %s does not fit %s' % (c, it['code_list'], it['format']))

    # ---- rules
    def ref_ok(table, ref):
        if ref in SUBMISSION:
            return True
        if ref.startswith('header.'):
            return has(header, ref[7:])
        if ref.startswith('parent.'):
            p = T.get(table, {}).get('parent_table', '')
            return bool(p) and has(p, ref[7:])
        return has(table, ref)

    def cond_ok(table, cond):
        m = re.match(r'^(\w+):(populated|blank|in\([^)]*\)|not_in\([^)]*\))$', cond)
        return bool(m) and has(table, m.group(1))

    count = collections.Counter()
    for i, r in enumerate(rules, 2):
        w = 'rules.csv:%d %s' % (i, r['code'])
        table, item, kind, level = r['table'], r['item'], r['kind'], r['level']
        count[r['code']] += 1
        if table != '*' and table not in T:
            bad(w, 'unknown table %s' % table)
            continue
        if level not in ('file', 'record', 'group'):
            bad(w, 'level %r' % level)
        if r['severity'] not in ('reject', 'warning', 'warning1'):
            bad(w, 'severity %r' % r['severity'])
        if r['source'] not in ('etos', 'mhds'):
            bad(w, 'source %r' % r['source'])
        allowed = KINDS_RECORD | KINDS_GROUP | KINDS_FILE
        if kind not in allowed:
            bad(w, 'kind %r' % kind)
        if level == 'group' and kind not in KINDS_GROUP:
            bad(w, 'group rule with record kind %s' % kind)
        if level == 'record' and kind not in KINDS_RECORD:
            bad(w, 'record rule with group kind %s' % kind)
        if kind in KINDS_RECORD - {'unsupported'} and not (item and has(table, item)):
            bad(w, 'item %r not on %s' % (item, table))
        pairs = parse_params(r['params'])
        params = dict(pairs)
        if kind == 'scheme_format':
            if not has(table, params.get('scheme', '')):
                bad(w, 'scheme item missing')
            for k, v in pairs:
                if k != 'scheme' and v not in SCHEME_TYPES:
                    bad(w, 'scheme type %s' % v)
        if kind == 'unsupported' and not params.get('reason'):
            bad(w, 'unsupported without reason')
        if kind == 'code':
            lst = params.get('list') or items_of[table][item.lower()]['code_list']
            if lst not in lists:
                bad(w, 'code rule without a code list')
        if kind == 'compare':
            if params.get('op') not in ('lt', 'le', 'gt', 'ge', 'eq', 'ne'):
                bad(w, 'op %r' % params.get('op'))
            if not ref_ok(table, params.get('other', '')):
                bad(w, 'reference %r does not resolve' % params.get('other'))
            if 'offset' in params and not re.match(r'^-?\d+[dh]$', params['offset']):
                bad(w, 'offset %r' % params['offset'])
        if kind == 'age':
            if not ref_ok(table, params.get('at', '')):
                bad(w, 'at reference does not resolve')
        if kind == 'conditional':
            for c in params.get('if', '').split('&') + [params.get('then', '')]:
                if not cond_ok(table, c):
                    bad(w, 'condition %r' % c)
        if kind == 'duplicate':
            for k in params.get('items', T[table]['key_items']).split(';') + ([params['where_blank']] if 'where_blank' in params else []):
                if not has(table, k):
                    bad(w, 'duplicate item %s not on table' % k)
        if kind == 'parent':
            p = params.get('parent') or T[table]['parent_table']
            if p not in T:
                bad(w, 'parent table %r' % p)
            else:
                mine = (params.get('items') or T[table]['parent_items']).split(';')
                theirs = (params.get('parent_items') or T[p]['key_items']).split(';')
                if len(mine) != len(theirs):
                    bad(w, 'items %s vs parent %s' % (mine, theirs))
                for k in mine:
                    if not has(table, k):
                        bad(w, 'join item %s not on %s' % (k, table))
                for k in theirs:
                    if not has(p, k):
                        bad(w, 'parent item %s not on %s' % (k, p))
        if kind == 'has_child':
            c = params.get('child', '')
            if c not in T or T[c]['parent_table'] != table:
                bad(w, 'child %r is not a child table of %s' % (c, table))
        if kind == 'max_rows' and not params.get('max', '').isdigit():
            bad(w, 'max %r' % params.get('max'))
    for code, n in count.items():
        if n > 1:
            bad('rules.csv ' + code, 'appears %d times' % n)

    # ---- national coverage
    nat_codes = [n['code'] for n in national]
    for code, n in collections.Counter(nat_codes).items():
        if n > 1:
            bad('national_rules.csv ' + code, 'appears %d times' % n)
    by_code = {r['code']: r for r in rules}
    for n in national:
        r = by_code.get(n['code'])
        if not r:
            bad('national_rules.csv ' + n['code'], 'not in rules.csv')
        elif r['table'] != n['table'] or r['level'] != n['level'] or r['severity'] != n['severity']:
            bad('national_rules.csv ' + n['code'], 'table/level/severity differ from rules.csv')
    if os.path.exists(national_src):
        with open(national_src, encoding='utf-8-sig', newline='') as f:
            src = [r['Error Code'].strip() for r in csv.DictReader(f)]
        dup = [c for c, n in collections.Counter(src).items() if n > 1]
        print('national list: %d rows, %d distinct codes, duplicated codes: %s' % (len(src), len(set(src)), dup or 'none'))
        missing = set(src) - set(nat_codes)
        if missing:
            bad('national_rules.csv', 'codes of the national list missing: %s' % sorted(missing)[:10])

    # ---- report
    kinds = collections.Counter(r['kind'] for r in rules)
    impl = [r for r in rules if r['source'] == 'etos' and r['kind'] != 'unsupported']
    print('tables %d, items %d, code lists %d (%d codes), rules %d' % (len(tables), len(items), len(lists), len(codes), len(rules)))
    print('coded items with a list %d, coded items without (unsupported code rule) %d' % (
        sum(1 for i in items if i['code_list']),
        sum(1 for r in rules if r['kind'] == 'unsupported' and 'code list' in r['params'])))
    print('implemented national rules: %d of %d' % (len(impl), len(national)))
    print('rules by kind:')
    for k, v in sorted(kinds.items()):
        print('  %-16s %4d' % (k, v))
    per = collections.defaultdict(lambda: [0, 0])
    for r in rules:
        if r['source'] == 'etos':
            per[r['table']][0] += 1
            per[r['table']][1] += r['kind'] != 'unsupported'
    print('per table (implemented/national):')
    line = []
    for t in sorted(per):
        line.append('%s %d/%d' % (t, per[t][1], per[t][0]))
    for i in range(0, len(line), 6):
        print('  ' + ', '.join(line[i:i + 6]))
    if problems:
        print('\n%d problem(s):' % len(problems))
        for p in problems:
            print('  ' + p)
        return 1
    print('no problems found')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
