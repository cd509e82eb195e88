/**
 * A database URL fit for a log line: the password, and every query
 * parameter (they can carry `password=`, `sslpassword=`, keys), left out.
 * A URL that cannot be parsed is not shown at all.
 */
export function describeDatabaseUrl(url: string): string {
  if (url.startsWith("file:")) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    parsed.search = "";
    return parsed.toString();
  } catch {
    return "(a database URL that could not be read)";
  }
}
