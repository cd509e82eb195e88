import { fileURLToPath } from "node:url";
import type { ChartPoint } from "./chart.ts";

/**
 * Draws the chart in-process: Vega-Lite → Vega → SVG, then resvg → PNG with
 * the font shipped in assets/fonts (OFL), so no system library, no font
 * installed on the machine and no download are needed.
 *
 * The libraries (~60 MB once loaded) are imported on the first chart only:
 * a process that never renders a digest never loads them. The compiled chart
 * is kept per spec (one per language) and fed each team's points.
 */

/** From src/features/metrics/ and from dist/features/metrics/ alike. */
const FONT_FILE = fileURLToPath(
  new URL("../../../assets/fonts/Inter-Regular.ttf", import.meta.url),
);
/** Pixels per chart unit: sharp on high-density screens, and still light to draw. */
const SCALE = 1.5;

interface Engine {
  compile: (spec: Record<string, unknown>) => unknown;
  vega: typeof import("vega");
  Resvg: typeof import("@resvg/resvg-js").Resvg;
  runtimes: Map<string, ReturnType<typeof import("vega").parse>>;
}

let engine: Promise<Engine> | null = null;

function loadEngine(): Promise<Engine> {
  engine ??= (async () => {
    const [vegaLite, vega, resvg] = await Promise.all([
      import("vega-lite"),
      import("vega"),
      import("@resvg/resvg-js"),
    ]);
    return {
      compile: (spec: Record<string, unknown>) =>
        vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec,
      vega,
      Resvg: resvg.Resvg,
      runtimes: new Map(),
    };
  })().catch((error: unknown) => {
    // A failed load (a missing native module) is tried again next time.
    engine = null;
    throw error;
  });
  return engine;
}

/** The chart as SVG text (what the PNG is drawn from; tests read its labels). */
export async function renderChartSvg(
  spec: Record<string, unknown>,
  points: readonly ChartPoint[],
): Promise<string> {
  const { compile, vega, runtimes } = await loadEngine();
  const key = JSON.stringify(spec);
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = vega.parse(compile(spec) as Parameters<typeof vega.parse>[0]);
    runtimes.set(key, runtime);
  }
  const view = new vega.View(runtime, { renderer: "none" }).data("points", [...points]);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as PNG bytes. */
export async function renderChartPng(
  spec: Record<string, unknown>,
  points: readonly ChartPoint[],
): Promise<Buffer> {
  const svg = await renderChartSvg(spec, points);
  const { Resvg } = await loadEngine();
  const image = new Resvg(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: "Inter" },
    fitTo: { mode: "zoom", value: SCALE },
  });
  return image.render().asPng();
}
