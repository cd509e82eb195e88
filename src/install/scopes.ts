import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** manifest.yml at the repository's root, from src/install/ or dist/install/. */
const MANIFEST = join(dirname(fileURLToPath(import.meta.url)), "../../manifest.yml");

/**
 * The bot scopes the install asks for: those of `oauth_config.scopes.bot` in
 * manifest.yml, so that the app's declared scopes and the ones requested at
 * install can never differ. Reads only that list (a plain YAML sequence).
 */
export function botScopesFromManifest(text = readFileSync(MANIFEST, "utf8")): string[] {
  const lines = text.split("\n");
  const scopes: string[] = [];
  let section: "none" | "oauth" | "scopes" | "bot" = "none";
  for (const line of lines) {
    const content = line.replace(/#.*$/, "").trimEnd();
    if (content.trim() === "") continue;
    const indent = content.length - content.trimStart().length;
    const item = content.trim();
    if (indent === 0) section = item === "oauth_config:" ? "oauth" : "none";
    else if (section === "oauth" && item === "scopes:") section = "scopes";
    else if ((section === "scopes" || section === "bot") && item === "bot:") section = "bot";
    else if (section === "bot" && item.startsWith("- ")) scopes.push(item.slice(2).trim());
    else if (section === "bot" && !item.startsWith("- ")) section = "scopes";
  }
  if (scopes.length === 0) throw new Error(`${MANIFEST} lists no bot scopes`);
  return scopes;
}
