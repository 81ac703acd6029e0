/** Styles of the staff app, on top of the login pages' styles. */
export const APP_PAGE_CSS = `
[hidden]{display:none !important}
.bar{display:flex;gap:1rem;align-items:center;padding:.75rem 1.25rem;background:#1d2330;color:#fff}
.bar .muted{color:#c9cfdb;flex:1}
.bar button.link{color:#fff;margin:0}
main.wide{max-width:64rem}
select{display:block;width:100%;margin-top:.25rem;padding:.6rem;font:inherit;border:1px solid #c4c9d4;border-radius:8px;background:#fff}
label.inline{display:inline-block;margin-right:1rem;min-width:12rem}
.upload{padding:1rem;border:1px solid #e1e4ea;border-radius:10px;margin-bottom:1.5rem}
.table-wrap{overflow-x:auto}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{text-align:left;padding:.5rem .4rem;border-bottom:1px solid #e6e8ee;white-space:nowrap}
td.title{white-space:normal;min-width:10rem}
code,.code{font-family:ui-monospace,Menlo,Consolas,monospace}
.small{font-size:.85rem}
.status{display:inline-block;padding:.1rem .5rem;border-radius:99px;background:#eef1f7;font-size:.85rem}
@media (max-width:600px){th:nth-child(4),td:nth-child(4),th:nth-child(5),td:nth-child(5){display:none}label.inline{display:block}td.code{font-size:.8rem;white-space:normal;min-width:5.5rem}th,td{padding:.45rem .3rem}}
`;
