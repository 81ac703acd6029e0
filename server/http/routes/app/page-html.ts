/** The staff app shell (/app): static HTML; the script fills it from the API. */
export const APP_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const APP_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Segl archive</title>
<link rel="stylesheet" href="/auth-assets/segl-auth.css">
<link rel="stylesheet" href="/app-assets/segl-app.css">
</head>
<body>
<header class="bar">
  <strong>Segl</strong>
  <span id="who" class="muted"></span>
  <button id="sign-out" class="link" type="button">Sign out</button>
</header>
<main class="wide">
  <h1>Archive</h1>
  <p id="message" role="status" hidden></p>
  <form id="upload" class="upload">
    <h2>Upload a PDF</h2>
    <label>Title<input name="title" required maxlength="300"></label>
    <label>Folder<select name="folderId" id="upload-folder"></select></label>
    <label>File<input name="file" type="file" accept="application/pdf,.pdf" required></label>
    <button type="submit">Upload</button>
  </form>
  <section>
    <h2>Documents</h2>
    <label class="inline">Folder <select id="filter-folder"><option value="">All I can see</option></select></label>
    <label class="inline">Search <input id="filter-q" type="search" maxlength="200"></label>
    <div class="table-wrap">
      <table>
        <thead><tr><th>Title</th><th>Code</th><th>Status</th><th>Pages</th><th>Uploaded</th></tr></thead>
        <tbody id="documents"></tbody>
      </table>
    </div>
    <button id="more" class="button secondary" type="button" hidden>Show more</button>
  </section>
  <p class="muted small">API: <a href="/api/v1/openapi.json">OpenAPI description</a>. Integrations use API tokens (<code>segl token create</code>).</p>
</main>
<script src="/app-assets/segl-app.js"></script>
</body>
</html>`;
