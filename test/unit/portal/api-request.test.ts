import test from 'ava';
import { apiRequest } from '../../../portal/shared/api-request.js';

test('each parameter fills its place in the template as one encoded path segment', (t) => {
  const { path } = apiRequest('delete', '/api/v1/documents/{id}/signers/{signerId}', {
    params: { id: 'a b/c?d#e', signerId: 'ø&x=1' },
  });
  t.is(path, '/api/v1/documents/a%20b%2Fc%3Fd%23e/signers/%C3%B8%26x%3D1');
});

test('a parameter of . or .. cannot climb out of its route', (t) => {
  t.is(apiRequest('get', '/api/v1/signing/{token}', { params: { token: '..' } }).path, '/api/v1/signing/%2E%2E');
  t.is(apiRequest('get', '/api/v1/signing/{token}/pdf', { params: { token: '.' } }).path, '/api/v1/signing/%2E/pdf');
  t.is(apiRequest('get', '/api/v1/signing/{token}', { params: { token: '...' } }).path, '/api/v1/signing/...');
});

test('a query follows the path; an empty one adds nothing', (t) => {
  const query = new URLSearchParams({ limit: '25', q: 'a&b' });
  t.is(apiRequest('get', '/api/v1/documents', { query }).path, '/api/v1/documents?limit=25&q=a%26b');
  t.is(apiRequest('get', '/api/v1/documents', { query: new URLSearchParams() }).path, '/api/v1/documents');
});

test('a JSON body is sent as JSON; a POST without one sends {}, a GET or DELETE without one sends nothing', (t) => {
  const withBody = apiRequest('post', '/api/v1/auth/login', { body: { email: 'a@example.org', password: 'x' } });
  t.is(withBody.init.method, 'POST');
  t.deepEqual(withBody.init.headers, { Accept: 'application/json', 'Content-Type': 'application/json' });
  t.is(withBody.init.body, '{"email":"a@example.org","password":"x"}');

  const empty = apiRequest('post', '/api/v1/documents/{id}/remind', { params: { id: 'd1' } });
  t.is(empty.init.body, '{}');
  t.is((empty.init.headers as Record<string, string>)['Content-Type'], 'application/json');

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
