import { SeglError } from '../../lib/errors.js';

export function folderNameTaken(): SeglError {
  return new SeglError({ code: 'folder_name_taken', message: 'a folder with this name exists here' });
}

export function rootFoldersAdminOnly(): SeglError {
  return new SeglError({ code: 'forbidden', message: 'only administrators create or move folders at the top level' });
}
