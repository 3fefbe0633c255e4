// The frame of every page: header with the user's navigation, a notice left by the previous action,
// and the page's own content. Scripts and styles come from /assets (the CSP allows no inline ones).
import type { User } from '../../db/account-store.js';
import { html, type Html, type Renderable } from '../html.js';

export type PageFrame = {
  title: string;
  /** Absent on the login page. */
  user?: User | null;
  csrfToken?: string | null;
  /** Which navigation entry is current (its href). */
  active?: string;
  notice?: { kind: 'ok' | 'error'; text: string } | null;
  body: Renderable;
};

const OPERATOR_NAV = [
  ['/queue', 'Review queue'],
  ['/search', 'Search'],
  ['/dashboard', 'Dashboard'],
] as const;
const CLIENT_NAV = [
  ['/portal', 'My documents'],
  ['/portal/contracts', 'Contracts'],
  ['/portal/upload', 'Upload fines'],
] as const;

export function navFor(user: User): readonly (readonly [string, string])[] {
  return user.role === 'operator' ? OPERATOR_NAV : CLIENT_NAV;
}

/** A hidden CSRF field for a form that changes state. */
export const csrfField = (token: string | null | undefined): Html => html`<input type="hidden" name="_csrf" value="${token ?? ''}">`;

export function page(frame: PageFrame): string {
  const user = frame.user ?? null;
  const nav = user
    ? html`<nav aria-label="main">${navFor(user).map(
        ([href, label]) => html`<a href="${href}"${frame.active === href ? html` aria-current="page"` : ''}>${label}</a>`,
      )}</nav>
      <form class="who" method="post" action="/logout">${csrfField(frame.csrfToken)}<span>${user.email}${user.clientCode ? html` · ${user.clientCode}` : ''}</span>
        <button type="submit" class="link">Log out</button></form>`
    : '';
  const notice = frame.notice ? html`<p class="notice notice-${frame.notice.kind}" role="${frame.notice.kind === 'error' ? 'alert' : 'status'}">${frame.notice.text}</p>` : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · boete</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body${user ? html` data-role="${user.role}"` : ''}>
<header class="top"><a class="brand" href="/">boete</a>${nav}</header>
<main>
${notice}
${frame.body}
</main>
</body>
</html>
`.toString();
}
