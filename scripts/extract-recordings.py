#!/usr/bin/env python3
"""Writes test/data/auth0-recordings/<suite>.json from Auth0's public HTTP recordings (go-auth0's and the
Terraform provider's go-vcr cassettes): per cassette, the requests to /clients, /users, /connections and
/client-grants (and their /{id}) in recorded order, with the recorded status and, for creates, the
recorded id, so test/routes/recordings.test.ts can replay them. Only request bodies, statuses and ids
are kept. Needs PyYAML and local git mirrors of the two repositories:

  python3 scripts/extract-recordings.py go-auth0 <go-auth0 git dir> v1 > test/data/auth0-recordings/go-auth0.json
  python3 scripts/extract-recordings.py terraform <terraform-provider-auth0 git dir> HEAD --no-plain-gets 'TestAcc(Client|Connection|User)' > test/data/auth0-recordings/terraform.json
"""
import json, re, subprocess, sys

args = [a for a in sys.argv[1:] if a != '--no-plain-gets']
# --no-plain-gets: keep GETs only where they carry a query (fields, q, filters); Terraform re-reads after every step.
plain_gets = '--no-plain-gets' not in sys.argv
suite, repo, ref = args[:3]
wanted = [re.compile(p) for p in args[3:]] or [re.compile(r'Test(Client|UserManager|ConnectionManager)')]
ROOT = 'test/data/recordings'
PATH = re.compile(r'^/api/v2/(clients|users|connections|client-grants)(/[^/?]+)?(\?.*)?$')
# Auth0 refusals that come from rules beyond the request schema (connection attribute semantics,
# tenant state such as custom domains, express_configuration clients, profile ids): not replayed.
SEMANTIC = re.compile(r'attribute|Cannot set both|custom_domain|express_configuration|operation_not_supported|profile', re.I)
# Request fields newer than Auth0's July 2026 document that its own response schemas (additionalProperties:
# false) could not carry back: cassettes sending them are left out (see the test's header).
NEWER = re.compile(r'"(cross_app_access_requesting_app|cross_app_access_resource_app|invitation_landing_client_id)"')

def git(*args):
    return subprocess.run(['git', '-C', repo, *args], capture_output=True, text=True, check=True).stdout

import yaml
cassettes = []
for name in git('ls-tree', '-r', '--name-only', ref, '--', ROOT).split():
    short = name[len(ROOT) + 1:]
    if not short.endswith('.yaml') or not any(p.search(short) for p in wanted):
        continue
    steps = []
    for it in (yaml.safe_load(git('show', f'{ref}:{name}')) or {}).get('interactions', []):
        req, res = it['request'], it['response']
        path = req['url'].split('://', 1)[1]
        path = path[path.index('/'):]
        if not PATH.match(path) or req['method'] not in ('GET', 'POST', 'PATCH', 'DELETE'):
            continue
        if req['method'] == 'GET' and '?' not in path and not plain_gets:
            continue
        if res['code'] >= 400 and SEMANTIC.search(res.get('body') or ''):
            continue
        if res['code'] == 400 and not (res.get('body') or '').strip().startswith('{"statusCode"'):
            continue  # a 400 recorded without its body: the reason cannot be told
        step = {'method': req['method'], 'path': path[len('/api/v2'):], 'status': res['code']}
        if req['method'] in ('POST', 'PATCH') and (req.get('body') or '').strip():
            step['body'] = json.loads(req['body'])
        if req['method'] == 'POST' and res['code'] == 201:
            created = json.loads(res['body'])
            step['id'] = created.get('client_id') if path.startswith('/api/v2/clients') else created.get('user_id') or created.get('id')
        steps.append(step)
    if any(NEWER.search(json.dumps(s.get('body'))) for s in steps):
        continue
    # Grants made by default for third-party clients (default_for, no client_id) are not modelled here.
    if any(s['method'] == 'POST' and s['path'].startswith('/client-grants') and 'client_id' not in (s.get('body') or {}) for s in steps):
        continue
    # Cassettes that act on a resource made elsewhere (e.g. a client registered through /clients/register) cannot be replayed alone.
    created = {s['id'] for s in steps if s.get('id')}
    ids = [re.sub(r'\?.*', '', s['path']).split('/')[2] for s in steps if s['path'].count('/') >= 2]
    if any(i.replace('%7C', '|') not in created for i in ids):
        continue
    if any(s['method'] in ('POST', 'PATCH') for s in steps):
        cassettes.append({'cassette': short, 'steps': steps})

json.dump({'source': f'{suite} {ref}:{ROOT}', 'cassettes': cassettes}, sys.stdout, indent=1, ensure_ascii=False)
print()
