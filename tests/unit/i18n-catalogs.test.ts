import { describe, expect, it } from "vitest";
import { answer } from "./catalogs/answer.ts";
import { busy } from "./catalogs/busy.ts";
import { guidelines } from "./catalogs/guidelines.ts";
import { install } from "./catalogs/install.ts";
import { home } from "./catalogs/home.ts";
import { metrics } from "./catalogs/metrics.ts";
import { openModal } from "./catalogs/open-modal.ts";
import { outbox } from "./catalogs/outbox.ts";
import { roles } from "./catalogs/roles.ts";
import { sandbox } from "./catalogs/sandbox.ts";
import { proposals } from "./catalogs/proposals.ts";
import { settings } from "./catalogs/settings.ts";
import { suggestions } from "./catalogs/suggestions.ts";
import { renderAll, textsProblems } from "./catalogs/walk.ts";
import { webcare } from "./catalogs/webcare.ts";

/** Every feature's catalogs; a feature converted to English and French adds itself here. */
const CATALOGS = [
  busy,
  openModal,
  roles,
  settings,
  guidelines,
  proposals,
  suggestions,
  install,
  answer,
  outbox,
  sandbox,
  home,
  metrics,
  webcare,
];

describe.each(CATALOGS)("the $feature catalogs", (entry) => {
  const { texts, problems } = renderAll(entry);

  it("have the same keys, kinds and sample arguments in every language", () => {
    expect(problems).toEqual([]);
    expect(texts.length).toBeGreaterThan(0);
  });

  it("render every text in both languages with nothing left over, French typography included", () => {
    expect(textsProblems(entry, texts)).toEqual([]);
  });
});
