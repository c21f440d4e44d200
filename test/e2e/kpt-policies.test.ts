import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitAll, explain, git, gitRepoWith, kptRender } from './harness.ts';

const INVALID = `apiVersion: kuma.io/v1alpha1
kind: MeshTrafficPermission
metadata:
  name: allow-web
  namespace: shop
spec:
  targetRef:
    kind: Dataplane
    labels:
      app: web
  from:
    - targetRef:
        kind: MeshGateway
        name: edge
      default:
        action: Allow
`;

const VALID = `apiVersion: kuma.io/v1alpha1
kind: MeshTrafficPermission
metadata:
  name: allow-web
  namespace: shop
spec:
  targetRef:
    kind: Dataplane
    labels:
      app: web
  rules:
    - default:
        allow:
          - spiffeID:
              type: Prefix
              value: spiffe://default/ns/shop
`;

test('kpt fn render: a MeshTrafficPermission admission refuses fails the render with the error result; nothing is written', () => {
  const dir = gitRepoWith(['Kptfile', '.krmignore', 'example']);
  writeFileSync(join(dir, 'example', 'permission.yaml'), INVALID);
  commitAll(dir, 'an invalid policy');
  const ran = kptRender(dir);
  assert.notEqual(ran.status, 0, explain('kpt fn render', ran));
  const out = ran.stdout + ran.stderr;
  assert.match(out, /MeshTrafficPermission shop\/allow-web: spec\.from\[0\]\.targetRef\.kind: value 'MeshGateway' is not supported/);
  // kpt shows the result's severity, resourceRef and field before the message.
  assert.match(out, /\[error\] kuma\.io\/v1alpha1\/MeshTrafficPermission\/shop\/allow-web spec\.from\[0\]\.targetRef\.kind: /);
  assert.equal(git(dir, 'status', '--porcelain'), '', 'nothing written');
});

test('kpt fn render: a valid MeshTrafficPermission renders as before and is left byte for byte', () => {
  const dir = gitRepoWith(['Kptfile', '.krmignore', 'example']);
  writeFileSync(join(dir, 'example', 'permission.yaml'), VALID);
  commitAll(dir, 'a valid policy');
  const ran = kptRender(dir);
  assert.equal(ran.status, 0, explain('kpt fn render', ran));
  assert.equal(git(dir, 'diff', '--', 'example/permission.yaml'), '', 'the policy file is unchanged');
  assert.match(git(dir, 'diff', '--', 'example/web.yaml'), /kuma-sidecar/, 'the workload is injected as without the policy');
});
