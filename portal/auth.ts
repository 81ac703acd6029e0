/**
 * The sign-in pages' bundle: setup of the first administrator (/setup/<token>), enrolment (/enrol/<token>) and
 * staff login (/login); the server serves it as a content-hashed file. It talks only to the HTTP API.
 */
import { startAuthPage } from './auth/auth-page.js';

const root = document.getElementById('auth');
const mode = root?.dataset.mode;
if (root && (mode === 'setup' || mode === 'enrol' || mode === 'login')) startAuthPage(root, mode);
