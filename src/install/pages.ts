import type { ServerResponse } from "node:http";
import { installText } from "./messages.ts";

/** The install path, as served by Bolt's InstallProvider (a link on the failure page). */
export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function page(title: string, body: string, link: { href: string; label: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f6f5;
         font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; color: #1d1c1d; }
  main { max-width: 32rem; margin: 1.5rem; padding: 2.5rem; background: #fff; border-radius: 12px;
         box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  h1 { margin: 0 0 .75rem; font-size: 1.5rem; }
  .mark { display: inline-block; width: 2.5rem; height: 2.5rem; border-radius: 50%; background: #1f7a3a;
          margin-bottom: 1rem; }
  .failed .mark { background: #b3261e; }
  a.button { display: inline-block; margin-top: 1.25rem; padding: .6rem 1.2rem; border-radius: 6px;
             background: #1f7a3a; color: #fff; text-decoration: none; font-weight: 600; }
</style>
</head>
<body>
<main${title === installText.pageTitleFailed ? ' class="failed"' : ""}>
<div class="mark" aria-hidden="true"></div>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(body)}</p>
<a class="button" href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>
</main>
</body>
</html>
`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    "x-content-type-options": "nosniff",
  });
  res.end(html);
}

export function sendInstalledPage(
  res: ServerResponse,
  workspace: { name: string; teamId: string | undefined },
): void {
  const href = workspace.teamId
    ? `https://app.slack.com/client/${encodeURIComponent(workspace.teamId)}`
    : "https://app.slack.com/";
  send(
    res,
    200,
    page(installText.pageTitleDone, installText.pageDone(workspace.name), {
      href,
      label: installText.pageOpenSlack,
    }),
  );
}

/** Why it failed, in words for the person installing; never the technical detail. */
export function sendInstallFailedPage(res: ServerResponse, code: string | undefined): void {
  const body =
    code === "slack_oauth_installer_authorization_error"
      ? installText.pageCancelled
      : code === "slack_oauth_invalid_state" || code === "slack_oauth_missing_state"
        ? installText.pageBadState
        : installText.pageSlackRefused;
  send(
    res,
    code === "slack_oauth_installer_authorization_error" ? 200 : 400,
    page(installText.pageTitleFailed, body, {
      href: INSTALL_PATH,
      label: installText.pageTryAgain,
    }),
  );
}
