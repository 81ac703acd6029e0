/** Styles of the setup, enrolment and login pages (served as a file: the CSP allows no inline styles). */
export const AUTH_PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1d2330}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h1{font-size:1.4rem;margin:0 0 1rem}
h2{font-size:1.1rem;margin:1rem 0 .5rem}
label{display:block;margin:.75rem 0;font-weight:600;font-size:.95rem}
input{display:block;width:100%;margin-top:.25rem;padding:.65rem .75rem;font:inherit;border:1px solid #c4c9d4;border-radius:8px}
input:focus{outline:2px solid #2457d6;outline-offset:1px}
button,.button{display:inline-block;margin-top:.75rem;padding:.65rem 1.2rem;font:inherit;font-weight:600;color:#fff;background:#2457d6;border:0;border-radius:8px;text-decoration:none;cursor:pointer}
.button.secondary{background:#fff;color:#2457d6;border:1px solid #2457d6}
button.link{background:none;color:#2457d6;padding:0;font-weight:400;text-decoration:underline}
button:disabled{opacity:.6}
.secret{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.05rem;word-break:break-all;background:#f0f2f6;padding:.6rem;border-radius:6px;letter-spacing:.05em}
.codes{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f0f2f6;padding:.75rem 2.5rem;border-radius:6px}
.muted{color:#5b6375}
#message{padding:.6rem .75rem;border-radius:8px;background:#fdecec;color:#8a1c1c}
#message.ok{background:#e9f7ef;color:#1b6b3a}
@media (max-width:480px){main{margin:0;border-radius:0;min-height:100vh;box-shadow:none}}
`;
