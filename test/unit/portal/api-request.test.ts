import test from 'ava';
import { apiRequest } from '../../../portal/shared/api-request.js';

test('each parameter fills its place in the template as one encoded path segment', (t) => {
  const { path } = apiRequest('delete', '/api/v1/documents/{id}/signers/{signerId}', {
    params: { id: 'a b/c?d#e', signerId: 'ø&x=1' },
  });
  t.is(path, '/api/v1/documents/a%20b%2Fc%3Fd%23e/signers/%C3%B8%26x%3D1');
});

/** Where a browser's fetch goes for a path: URL parsers resolve `.`, `..` and their %2E spellings. */
const landsOn = (path: string) => new URL(path, 'https://appliance.example/').pathname;

test('a parameter of . or .. stays in its route (as text that names nothing), whatever its spelling', (t) => {
  t.is(
    landsOn(apiRequest('get', '/api/v1/signing/{token}', { params: { token: '..' } }).path),
    '/api/v1/signing/%252E%252E',
  );
  t.is(
    landsOn(apiRequest('get', '/api/v1/signing/{token}/pdf', { params: { token: '.' } }).path),
    '/api/v1/signing/%252E/pdf',
  );
  t.is(
    landsOn(apiRequest('get', '/api/v1/documents/{id}/signers', { params: { id: '%2E%2E' } }).path),
    '/api/v1/documents/%252E%252E/signers',
  );
  t.is(landsOn(apiRequest('get', '/api/v1/signing/{token}', { params: { token: '...' } }).path), '/api/v1/signing/...');
  t.is(
    landsOn(apiRequest('get', '/api/v1/documents/{id}', { params: { id: '../../auth/me' } }).path),
    '/api/v1/documents/..%2F..%2Fauth%2Fme',
  );
});

test('the query the route declares follows the filled path; undefined, null and empty values are left out', (t) => {
  const query = { limit: 25, q: 'a&b', status: 'pending', folderId: null, cursor: '', createdFrom: undefined } as const;
  t.is(apiRequest('get', '/api/v1/documents', { query }).path, '/api/v1/documents?limit=25&q=a%26b&status=pending');
  t.is(apiRequest('get', '/api/v1/documents', { query: {} }).path, '/api/v1/documents');
  const deliveries = apiRequest('get', '/api/v1/webhooks/{id}/deliveries', {
    params: { id: 'w 1' },
    query: { limit: 20 },
  });
  t.is(deliveries.path, '/api/v1/webhooks/w%201/deliveries?limit=20');
});

test('a JSON body is sent as JSON; a POST without one sends {}, a GET or DELETE without one sends nothing', (t) => {
  const withBody = apiRequest('post', '/api/v1/auth/login', { body: { email: 'a@example.org', password: 'x' } });
  t.is(withBody.init.method, 'POST');
  t.deepEqual(withBody.init.headers, { Accept: 'application/json', 'Content-Type': 'application/json' });
  t.is(withBody.init.body, '{"email":"a@example.org","password":"x"}');

  for (const empty of [
    apiRequest('post', '/api/v1/documents/{id}/remind', { params: { id: 'd1' } }),
    apiRequest('patch', '/api/v1/folders/{id}', { params: { id: 'f1' } }),
    apiRequest('put', '/api/v1/documents/{id}/signers/order', { params: { id: 'd1' }, body: { signerIds: [] } }),
  ]) {
    t.regex(empty.init.body as string, /^\{/);
    t.is((empty.init.headers as Record<string, string>)['Content-Type'], 'application/json');
  }
  t.is(apiRequest('patch', '/api/v1/folders/{id}', { params: { id: 'f1' } }).init.body, '{}');

  for (const request of [
    apiRequest('get', '/api/v1/auth/me', {}),
    apiRequest('delete', '/api/v1/groups/{id}', { params: { id: 'g1' } }),
  ]) {
    t.is(request.init.body, undefined);
    t.deepEqual(request.init.headers, { Accept: 'application/json' });
  }
});

test('a form is sent as it is, so that the browser sets the multipart boundary', (t) => {
  const body = new FormData();
  body.append('title', 'Contract');
  const request = apiRequest('post', '/api/v1/documents', { body });
  t.is(request.init.body, body);
  t.deepEqual(request.init.headers, { Accept: 'application/json' });
});
