/** One upload to the public verifier, as a browser sends it (multipart, field `file`). */
export function uploadForVerification(url: string, bytes: Buffer): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'hostile.pdf');
  return fetch(`${url}/api/v1/verify/file`, { method: 'POST', body: form });
}
