/** The staff app's browser code (plain ES5-style JS, served as a file: the CSP forbids inline scripts). */
export const APP_PAGE_JS = `
(function () {
  var cursor = null;
  var message = document.getElementById('message');
  function show(text, ok) {
    message.hidden = !text;
    message.textContent = text || '';
    message.className = ok ? 'ok' : '';
  }
  function api(path, init) {
    return fetch(path, Object.assign({ credentials: 'same-origin' }, init || {})).then(function (response) {
      if (response.status === 401) { location.assign('/login'); throw new Error('signed out'); }
      return response.text().then(function (text) {
        var body = text ? JSON.parse(text) : {};
        if (!response.ok) throw new Error(body.message || ('HTTP ' + response.status));
        return body;
      });
    });
  }
  function cell(row, text, className) {
    var td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function addFolders(select, nodes, depth) {
    nodes.forEach(function (node) {
      var option = document.createElement('option');
      option.value = node.id;
      option.textContent = new Array(depth + 1).join('\\u2003') + node.name;
      select.appendChild(option);
      addFolders(select, node.children || [], depth + 1);
    });
  }
  function load(reset) {
    if (reset) { cursor = null; document.getElementById('documents').textContent = ''; }
    var params = new URLSearchParams({ limit: '50' });
    var folder = document.getElementById('filter-folder').value;
    var q = document.getElementById('filter-q').value.trim();
    if (folder) params.set('folderId', folder);
    if (q) params.set('q', q);
    if (cursor) params.set('cursor', cursor);
    return api('/api/v1/documents?' + params.toString()).then(function (page) {
      var body = document.getElementById('documents');
      page.documents.forEach(function (doc) {
        var row = document.createElement('tr');
        var download = document.createElement('a');
        download.href = '/api/v1/documents/' + encodeURIComponent(doc.id) + '/pdf';
        download.textContent = doc.title;
        download.title = 'Download the PDF';
        cell(row, '', 'title').appendChild(download);
        cell(row, doc.code, 'code');
        var status = cell(row, '');
        var badge = document.createElement('span');
        badge.className = 'status';
        badge.textContent = doc.status;
        status.appendChild(badge);
        cell(row, String(doc.pageCount));
        cell(row, new Date(doc.createdAt).toLocaleString());
        body.appendChild(row);
      });
      if (!body.children.length) {
        var empty = document.createElement('tr');
        var td = cell(empty, 'No documents here yet.');
        td.colSpan = 5;
        td.className = 'muted';
        body.appendChild(empty);
      }
      cursor = page.nextCursor;
      document.getElementById('more').hidden = !cursor;
    });
  }
  api('/api/v1/auth/me').then(function (me) {
    document.getElementById('who').textContent = me.name + ' (' + me.role + ')';
    return api('/api/v1/folders');
  }).then(function (tree) {
    var upload = document.getElementById('upload-folder');
    if (tree.folders.length === 0) {
      var none = document.createElement('option');
      none.value = '';
      none.textContent = 'Top level (administrators)';
      upload.appendChild(none);
    }
    addFolders(upload, tree.folders, 0);
    addFolders(document.getElementById('filter-folder'), tree.folders, 0);
    return load(true);
  }).catch(function (error) { show(error.message); });

  document.getElementById('more').addEventListener('click', function () { load(false).catch(function (e) { show(e.message); }); });
  document.getElementById('filter-folder').addEventListener('change', function () { load(true).catch(function (e) { show(e.message); }); });
  document.getElementById('filter-q').addEventListener('change', function () { load(true).catch(function (e) { show(e.message); }); });
  document.getElementById('sign-out').addEventListener('click', function () {
    api('/api/v1/auth/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
      .then(function () { location.assign('/login'); }, function () { location.assign('/login'); });
  });
  document.getElementById('upload').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    var data = new FormData();
    var title = form.title.value;
    data.append('title', title);
    if (form.folderId.value) data.append('folderId', form.folderId.value);
    data.append('file', form.file.files[0]);
    form.querySelector('button').disabled = true;
    api('/api/v1/documents', { method: 'POST', body: data }).then(function (doc) {
      show('Uploaded "' + title + '" with code ' + doc.code + '.', true);
      form.reset();
      return load(true);
    }).catch(function (error) { show(error.message); }).then(function () { form.querySelector('button').disabled = false; });
  });
})();
`;
