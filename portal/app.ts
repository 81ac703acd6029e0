/**
 * The staff app's bundle (/app and /app/documents/:id); the server serves it as a content-hashed file. It talks
 * only to the HTTP API, with the staff session cookie.
 */
import { startStaffApp } from './app/staff-app.js';

const root = document.getElementById('app');
if (root) startStaffApp(root);
