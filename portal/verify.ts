/** The verification portal's bundle (/verify and /v/:code); the server serves it as a content-hashed file. */
import { startPortal } from './verify/portal-page.js';

const root = document.getElementById('portal');
if (root) startPortal(root);
