import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import { createApp } from '../../server/http/create-app.js';
import { listRoutes } from '../../server/http/list-routes.js';
import { describeError, isErrorCode } from '../../server/lib/error-catalogue.js';
import { toOpenApiPath } from '../../server/http/routes/openapi/build-openapi.js';
import { ROUTE_TABLE } from '../../server/http/contract/route-table.js';

const { appliance } = useAppliance(test, { admin: false });
let document: any;

test.before(async () => {
  const response = await fetch(`${appliance.url}/api/v1/openapi.json`);
  if (response.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${response.status}`);
  document = await response.json();
});

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

function documented(): Set<string> {
  const out = new Set<string>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(item)) if (METHODS.includes(method)) out.add(`${method.toUpperCase()} ${path}`);
  }
  return out;
}

function registered(): Set<string> {
  const app = createApp(appliance.deps);
  return new Set(
    listRoutes({ app })
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${toOpenApiPath(r.path)}`),
  );
}

test('the document lists exactly the /api/v1 routes the app serves', (t) => {
  const real = registered();
  const doc = documented();
  const undocumented = [...real].filter((r) => !doc.has(r)).sort();
  const phantom = [...doc].filter((r) => !real.has(r)).sort();
  const diff = [
    ...undocumented.map((r) => `+ served but not documented: ${r}`),
    ...phantom.map((r) => `- documented but not served:  ${r}`),
  ];
  if (diff.length)
    t.log(`OpenAPI vs registered routes (fix server/http/contract/route-table.ts or the routers):\n${diff.join('\n')}`);
  t.deepEqual(diff, [], `OpenAPI document and routers differ:\n${diff.join('\n')}`);
});

test('the route table and the served document agree, without duplicates', (t) => {
  const keys = ROUTE_TABLE.map((r) => `${r.method.toUpperCase()} ${toOpenApiPath(r.path)}`);
  t.deepEqual([...new Set(keys)].sort(), [...keys].sort(), 'a route is listed twice');
  t.deepEqual([...documented()].sort(), [...keys].sort());
  const ids = ROUTE_TABLE.map((r) => r.operationId);
  t.is(new Set(ids).size, ids.length, 'operationIds are unique');
});

test('it is an OpenAPI 3.1 document with security schemes and the error schema', (t) => {
  t.is(document.openapi, '3.1.0');
  t.truthy(document.info.title);
  t.deepEqual(document.components.securitySchemes.bearerAuth, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'segl_...',
    description: document.components.securitySchemes.bearerAuth.description,
  });
  t.like(document.components.securitySchemes.cookieSession, { type: 'apiKey', in: 'cookie', name: 'segl_session' });
  t.like(document.components.schemas.Error, { type: 'object', required: ['error', 'message'] });
});

test('every operation declares its path parameters, bodies, security and JSON errors', (t) => {
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      const declared = (op.parameters ?? [])
        .filter((p: { in: string }) => p.in === 'path')
        .map((p: { name: string }) => p.name)
        .sort();
      t.deepEqual(declared, names, `${where}: path parameters`);
      t.truthy(op.operationId, where);
      t.true(Array.isArray(op.security), `${where}: security`);
      if (op.security.length) {
        t.deepEqual(op.security, [{ bearerAuth: [] }, { cookieSession: [] }], where);
        t.deepEqual(
          op.responses['401'].content['application/json'].schema,
          { $ref: '#/components/schemas/Error' },
          where,
        );
      }
      if (['post', 'patch', 'put'].includes(method) && op.requestBody) {
        const content = op.requestBody.content;
        t.true(Boolean(content['application/json'] || content['multipart/form-data']), where);
      }
      t.truthy(op.responses.default, `${where}: default error response`);
      t.true(
        Object.keys(op.responses).some((s) => /^2\d\d$/.test(s) || s === '302'),
        `${where}: a success response`,
      );
    }
  }
  t.deepEqual(document.paths['/api/v1/openapi.json'].get.security, []);
  // the codes each route can answer, from its contract and the error catalogue, under their statuses
  for (const item of Object.values(document.paths as Record<string, Record<string, any>>)) {
    for (const op of Object.values(item)) {
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        for (const code of response['x-segl-errors'] ?? []) {
          t.true(isErrorCode(code), `${op.operationId}: ${code} is in the catalogue`);
          t.true(
            describeError(code).status === Number(status) ||
              (describeError(code).otherStatuses ?? []).includes(Number(status)),
          );
        }
      }
    }
  }
  t.deepEqual(document.paths['/api/v1/folders'].post.responses['409']['x-segl-errors'], ['folder_name_taken']);
  t.true(document.paths['/api/v1/folders/{id}'].get.responses['404']['x-segl-errors'].includes('not_found'));
  t.true(document.paths['/api/v1/documents'].post.responses['401']['x-segl-errors'].includes('unauthenticated'));
  t.true(
    document.paths['/api/v1/signing/{token}/sign'].post.responses['404']['x-segl-errors'].includes(
      'signing_link_invalid',
    ),
  );
  const createFolder = document.paths['/api/v1/folders'].post.requestBody.content['application/json'].schema;
  t.like(createFolder, { type: 'object', required: ['name'], additionalProperties: false });
});
