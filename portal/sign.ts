/**
 * The signer page's bundle (/s/:token); the server serves it as a content-hashed file. pdf.js is not in this
 * bundle: the page loads it (and its worker) from this origin, by the hashed URLs the server puts on #signing,
 * once the signer has authenticated.
 */
import { startSigningPage } from './sign/signing-page.js';

const root = document.getElementById('signing');
const library = root?.dataset.pdfjs;
const worker = root?.dataset.pdfjsWorker;
if (root && library && worker) startSigningPage(root, { library, worker });
