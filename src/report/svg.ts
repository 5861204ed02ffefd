// Two small chart kinds as inline SVG strings, so the HTML report needs no script and no network.
// Every mark carries a class (bar, line, point, target) so tests can find what was drawn.

export interface Series {
  name: string;
  /** One value per label; null leaves a gap. */
  values: (number | null)[];
  color: string;
}

export interface ChartOpts {
  id: string;
  title: string;
  labels: string[];
  width?: number;
  height?: number;
  /** Dashed horizontal lines (e.g. a target). */
  targets?: { value: number; label: string; color: string }[];
  /** Formats the axis and tooltip values. */
  format: (v: number) => string;
}

const PAD = { top: 36, right: 16, bottom: 40, left: 56 };

export function barChart(series: Series, o: ChartOpts): string {
  const { w, h, iw, ih } = frame(o);
  const values = series.values.map((v) => v ?? 0);
  const max = niceMax(Math.max(1, ...values, ...(o.targets ?? []).map((t) => t.value)));
  const min = Math.min(0, ...values);
  const y = (v: number) => PAD.top + ih - ((v - min) / (max - min)) * ih;
  const step = iw / Math.max(1, o.labels.length);
  const bw = Math.max(4, Math.min(48, step * 0.6));
  const bars = values
    .map((v, i) => {
      const x = PAD.left + step * i + (step - bw) / 2;
      const top = Math.min(y(v), y(0));
      const height = Math.max(1, Math.abs(y(v) - y(0)));
      return `<rect class="bar" x="${f(x)}" y="${f(top)}" width="${f(bw)}" height="${f(height)}" fill="${v < 0 ? "#c0392b" : series.color}"><title>${esc(o.labels[i]!)}: ${esc(o.format(v))}</title></rect>`;
    })
    .join("");
  return svg(o, w, h, `${axes(o, max, min, y, step)}${bars}${targets(o, y, iw)}`);
}

export function lineChart(series: Series[], o: ChartOpts & { max?: number }): string {
  const { w, h, iw, ih } = frame(o);
  const max = o.max ?? niceMax(Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const y = (v: number) => PAD.top + ih - (v / max) * ih;
  const step = iw / Math.max(1, o.labels.length);
  const x = (i: number) => PAD.left + step * i + step / 2;
  const marks = series
    .map((s) => {
      const pts = s.values.map((v, i) => (v === null ? null : ([x(i), y(v), v] as const)));
      const path = pts.filter((p) => p !== null).map((p) => `${f(p[0])},${f(p[1])}`).join(" ");
      const line = path.includes(" ") ? `<polyline class="line" data-series="${esc(s.name)}" points="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>` : "";
      const dots = pts.map((p, i) => (p === null ? "" : `<circle class="point" data-series="${esc(s.name)}" cx="${f(p[0])}" cy="${f(p[1])}" r="3.5" fill="${s.color}"><title>${esc(s.name)} ${esc(o.labels[i]!)}: ${esc(o.format(p[2]))}</title></circle>`)).join("");
      return line + dots;
    })
    .join("");
  const legend = series.map((s, i) => `<g class="legend" transform="translate(${PAD.left + i * 150},${h - 8})"><rect width="10" height="10" y="-9" fill="${s.color}"/><text x="14" font-size="11">${esc(s.name)}</text></g>`).join("");
  return svg(o, w, h, `${axes(o, max, 0, y, step)}${marks}${targets(o, y, iw)}${legend}`);
}

function frame(o: ChartOpts) {
  const w = o.width ?? 530;
  const h = o.height ?? 240;
  return { w, h, iw: w - PAD.left - PAD.right, ih: h - PAD.top - PAD.bottom };
}

function svg(o: ChartOpts, w: number, h: number, body: string): string {
  return `<svg id="${esc(o.id)}" class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(o.title)}"><text class="title" x="${PAD.left}" y="20" font-size="13" font-weight="600">${esc(o.title)}</text>${body}</svg>`;
}

function axes(o: ChartOpts, max: number, min: number, y: (v: number) => number, step: number): string {
  const ticks = [min, min + (max - min) / 2, max].map((v) => `<line x1="${PAD.left}" x2="${(o.width ?? 530) - PAD.right}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#e3e3e3"/><text x="${PAD.left - 6}" y="${f(y(v) + 4)}" font-size="10" text-anchor="end" fill="#666">${esc(o.format(v))}</text>`).join("");
  // Label every week when they fit, else every n-th.
  const every = Math.max(1, Math.ceil(o.labels.length / 8));
  const labels = o.labels.map((l, i) => (i % every ? "" : `<text x="${f(PAD.left + step * i + step / 2)}" y="${(o.height ?? 240) - PAD.bottom + 14}" font-size="10" text-anchor="middle" fill="#666">${esc(l)}</text>`)).join("");
  return `<g class="axes">${ticks}${labels}</g>`;
}

function targets(o: ChartOpts, y: (v: number) => number, iw: number): string {
  return (o.targets ?? []).map((t) => `<g class="target"><line x1="${PAD.left}" x2="${PAD.left + iw}" y1="${f(y(t.value))}" y2="${f(y(t.value))}" stroke="${t.color}" stroke-dasharray="5 4"/><text x="${PAD.left + 4}" y="${f(y(t.value) + 12)}" font-size="10" fill="${t.color}">${esc(t.label)}</text></g>`).join("");
}

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const f = (n: number) => (Math.round(n * 10) / 10).toString();

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
